/*
 * cmd_syms.c - `linkscope syms`: symbol tables as GNU nm prints them, or
 * as JSON.
 *
 * Option letters and their meaning are nm's (binutils 2.40), so that
 * `linkscope syms` can stand in for nm in scripts and be compared with it.
 */
#include "cli.h"
#include "../lib/pipeline/syms.h"
#include "../lib/readers/input.h"
#include "../lib/report/nm_text.h"
#include "../lib/report/syms_json.h"

#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
"usage: linkscope syms [options] [FILE...]\n"
"\n"
"List the symbols of ELF objects, executables, shared libraries and ar\n"
"archives (GNU, BSD, thin), of any architecture.  The output is the same,\n"
"byte for byte, as GNU nm's with the same options.  FILE defaults to a.out.\n"
"\n"
"  -a, --debug-syms        include section and file symbols\n"
"  -A, -o, --print-file-name\n"
"                          prefix every line with the file (and member) name\n"
"  -B                      BSD format (the default)\n"
"  -C, --demangle          demangle C++, Rust and D names\n"
"      --no-demangle       do not demangle (the default)\n"
"  -D, --dynamic           list the dynamic symbols (.dynsym), with versions\n"
"  -f, --format=FORMAT     bsd (default) or posix\n"
"  -g, --extern-only       only external (global, weak, unique, undefined) symbols\n"
"  -n, -v, --numeric-sort  sort by value\n"
"  -p, --no-sort           keep symbol-table order\n"
"  -P, --portability       POSIX format (same as --format=posix)\n"
"  -r, --reverse-sort      reverse the sort\n"
"  -s, --print-armap       print an archive's symbol index first\n"
"  -S, --print-size        print sizes of defined symbols\n"
"      --size-sort         sort by size (drops undefined, absolute, zero-size)\n"
"  -t, --radix=RADIX       d, o or x (default) for values and sizes\n"
"  -u, --undefined-only    only undefined symbols\n"
"  -U, --defined-only      only defined symbols\n"
"      --without-symbol-versions\n"
"                          do not append @VERSION to dynamic symbols\n"
"      --special-syms      include mapping symbols ($x, $d, $a, $t) and local labels\n"
"      --quiet             do not report files without symbols\n"
"      --json              one JSON document (docs/json-syms.md)\n"
"  -h, --help              this help\n"
"\n"
"Exit status: 0 when every file was read, 2 when any file was unreadable or\n"
"malformed (reported as 'linkscope: FILE[(MEMBER)]: what at offset 0x...').\n";

struct syms_run {
	ls_symopts sel;
	ls_nm_fmt fmt;
	bool json;
	bool quiet;
	bool print_armap;
	ls_json js;
	int errors;
};

/* nm -s: "Archive index:" and one "SYMBOL in MEMBER" line per entry. */
static void print_armap(struct syms_run *r, const char *path,
			const ls_archive *ar)
{
	ls_armap_result m;
	ls_diag d = { 0 };

	if (ls_armap_run(ar, path, &m, &d) < 0) {
		r->errors++;
		cli_input_error(path, NULL, &d);
		ls_armap_result_free(&m);
		return;
	}
	for (size_t i = 0; i < m.n; i++) {
		if (i == 0)
			fputs("\nArchive index:\n", stdout);
		ls_nm_armap_entry(stdout, &r->fmt, m.v[i].symbol, m.v[i].member);
	}
	if (m.broken) {
		r->errors++;
		cli_input_error(path, NULL, &m.error);
	}
	ls_armap_result_free(&m);
}

static void on_archive(void *ctx, const char *path, const ls_archive *ar)
{
	struct syms_run *r = ctx;
	if (r->json)
		return;
	ls_nm_archive_header(stdout, &r->fmt, path);
	if (r->print_armap)
		print_armap(r, path, ar);
}

static void on_object(void *ctx, const char *path, const char *member,
		      const ls_object *obj)
{
	struct syms_run *r = ctx;
	ls_syms_opts so = { .sel = r->sel };
	ls_syms_result res;
	ls_diag d = { 0 };

	if (!r->json) {
		if (member)
			ls_nm_member_header(stdout, &r->fmt, path, member);
		else
			ls_nm_object_header(stdout, &r->fmt, path);
	}
	if (ls_syms_run(&so, obj, &res, &d) < 0) {
		r->errors++;
		cli_input_error(path, member, &d);
		if (r->json)
			ls_syms_json_error(&r->js, path, member, &d);
		ls_syms_result_free(&res);
		return;
	}
	if (res.no_symbols && !r->quiet) {
		fflush(stdout);
		fprintf(stderr, "linkscope: %s: no symbols\n",
			member ? member : path);
	}
	if (r->json)
		ls_syms_json_object(&r->js, path, member, &res);
	else
		ls_nm_symbols(stdout, &r->fmt, &res, member ? path : NULL,
			      member ? member : path);
	ls_syms_result_free(&res);
}

static void on_error(void *ctx, const char *path, const char *member,
		     const ls_diag *d)
{
	struct syms_run *r = ctx;
	cli_input_error(path, member, d);
	if (r->json && !d->warning)
		ls_syms_json_error(&r->js, path, member, d);
}

enum {
	OPT_SIZE_SORT = 256, OPT_JSON, OPT_NO_DEMANGLE, OPT_DEFINED,
	OPT_WITH_VERSIONS, OPT_WITHOUT_VERSIONS, OPT_QUIET, OPT_SPECIAL,
};

static const struct option longopts[] = {
	{ "debug-syms", no_argument, NULL, 'a' },
	{ "print-file-name", no_argument, NULL, 'A' },
	{ "demangle", optional_argument, NULL, 'C' },
	{ "no-demangle", no_argument, NULL, OPT_NO_DEMANGLE },
	{ "dynamic", no_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "extern-only", no_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ "numeric-sort", no_argument, NULL, 'n' },
	{ "no-sort", no_argument, NULL, 'p' },
	{ "portability", no_argument, NULL, 'P' },
	{ "reverse-sort", no_argument, NULL, 'r' },
	{ "print-size", no_argument, NULL, 'S' },
	{ "size-sort", no_argument, NULL, OPT_SIZE_SORT },
	{ "radix", required_argument, NULL, 't' },
	{ "undefined-only", no_argument, NULL, 'u' },
	{ "defined-only", no_argument, NULL, 'U' },
	{ "with-symbol-versions", no_argument, NULL, OPT_WITH_VERSIONS },
	{ "without-symbol-versions", no_argument, NULL, OPT_WITHOUT_VERSIONS },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "print-armap", no_argument, NULL, 's' },
	{ "special-syms", no_argument, NULL, OPT_SPECIAL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("linkscope syms: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nsee 'linkscope syms --help'\n", stderr);
	return LS_EXIT_INPUT;
}

/* nm collates names in the user's locale; the C-like locales are plain
 * byte order, which is much cheaper to compute. */
static bool locale_collates(void)
{
	const char *l = setlocale(LC_COLLATE, "");
	return l && strcmp(l, "C") && strcmp(l, "POSIX") &&
	       strncmp(l, "C.", 2);
}

int cmd_syms(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct syms_run r;
	int c;

	memset(&r, 0, sizeof r);
	r.fmt.format = LS_NM_BSD;
	r.fmt.radix = 'x';
	r.fmt.versions = true;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":aABCDf:ghnopPrsSt:uUv", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'a': r.sel.debug_syms = true; break;
		case 'A': case 'o': r.fmt.file_per_symbol = true; break;
		case 'B': r.fmt.format = LS_NM_BSD; break;
		case 'C': r.fmt.demangle = true; break;
		case OPT_NO_DEMANGLE: r.fmt.demangle = false; break;
		case 'D': r.sel.dynamic = true; break;
		case 'f':
			if (!strcmp(optarg, "bsd"))
				r.fmt.format = LS_NM_BSD;
			else if (!strcmp(optarg, "posix"))
				r.fmt.format = LS_NM_POSIX;
			else
				return bad_usage("unsupported format '%s' (bsd or posix)", optarg);
			break;
		case 'g': r.sel.external_only = true; break;
		case 'h': fputs(help, stdout); return LS_EXIT_OK;
		case 'n': case 'v': r.sel.numeric_sort = true; break;
		case 'p': r.sel.no_sort = true; break;
		case 'P': r.fmt.format = LS_NM_POSIX; break;
		case 'r': r.sel.reverse = true; break;
		case 'S': r.fmt.print_size = true; break;
		case 's': r.print_armap = true; break;
		case OPT_SIZE_SORT: r.sel.size_sort = true; break;
		case 't':
			if (strlen(optarg) != 1 || !strchr("dox", optarg[0]))
				return bad_usage("radix must be d, o or x, not '%s'", optarg);
			r.fmt.radix = optarg[0];
			break;
		case 'u': r.sel.undefined_only = true; break;
		case 'U': r.sel.defined_only = true; break;
		case OPT_WITH_VERSIONS: r.fmt.versions = true; break;
		case OPT_WITHOUT_VERSIONS: r.fmt.versions = false; break;
		case OPT_QUIET: r.quiet = true; break;
		case OPT_SPECIAL: r.sel.special_syms = true; break;
		case OPT_JSON: r.json = true; break;
		case ':':
			return bad_usage("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	r.sel.collate = locale_collates();
	r.fmt.size_sort = r.sel.size_sort;
	r.fmt.file_per_file = argc - optind > 1;
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

	static char *dflt[] = { "a.out" };
	char **files = argv + optind;
	int nfiles = argc - optind;
	if (nfiles == 0) {
		files = dflt;
		nfiles = 1;
	}
	if (r.json) {
		ls_json_init(&r.js, stdout, false);
		ls_syms_json_begin(&r.js, r.sel.dynamic ? "dynsym" : "symtab");
	}
	ls_input_visitor v = { on_archive, on_object, on_error, &r };
	for (int i = 0; i < nfiles; i++) {
		r.errors += ls_input_walk(files[i], &v);
	}
	if (r.json)
		ls_syms_json_end(&r.js);
	if (fflush(stdout) != 0) {
		perror("linkscope: writing output");
		return LS_EXIT_INPUT;
	}
	return r.errors ? LS_EXIT_INPUT : LS_EXIT_OK;
}
