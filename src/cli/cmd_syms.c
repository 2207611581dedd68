/*
 * cmd_syms.c - `linkscope syms`: symbol tables as GNU nm prints them, or
 * as JSON.
 *
 * Option letters and their meaning are nm's (binutils 2.40), so that
 * `linkscope syms` can stand in for nm in scripts and be compared with it.
 */
#include "cli.h"
#include "options.h"
#include "../lib/pipeline/syms.h"
#include "../lib/readers/input.h"
#include "../lib/report/nm_text.h"
#include "../lib/report/syms_json.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

struct syms_run {
	cli_common c;		/* first: the shared options */
	ls_symopts sel;
	ls_nm_fmt fmt;
	bool json;
	bool quiet;
	bool print_armap;
	ls_json js;
	cli_slot diags;		/* error lines, and JSON "errors" */
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
		cli_diag(&r->diags, path, NULL, &d);
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
		cli_diag(&r->diags, path, NULL, &m.error);
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
		cli_diag(&r->diags, path, member, &d);
		if (r->json)
			ls_syms_json_error(&r->js, path, member, &d);
		ls_syms_result_free(&res);
		return;
	}
	if (res.no_symbols && !r->quiet) {
		/* nm's words, not an error: not counted, not in "errors". */
		ls_diag ns = { 0 };

		ls_fail_nooff(&ns, "no symbols");
		cli_input_error(member ? member : path, NULL, &ns);
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
	cli_diag(&r->diags, path, member, d);
	if (r->json && !d->warning)
		ls_syms_json_error(&r->js, path, member, d);
}

static const cli_cmd syms_cmd;

static int set_format(void *o, const char *arg)
{
	struct syms_run *r = o;

	if (!strcmp(arg, "bsd"))
		r->fmt.format = LS_NM_BSD;
	else if (!strcmp(arg, "posix"))
		r->fmt.format = LS_NM_POSIX;
	else
		return cli_usage(&syms_cmd, "unsupported format '%s' (bsd or posix)", arg);
	return 0;
}

static int set_radix(void *o, const char *arg)
{
	if (strlen(arg) != 1 || !strchr("dox", arg[0]))
		return cli_usage(&syms_cmd, "radix must be d, o or x, not '%s'", arg);
	((struct syms_run *)o)->fmt.radix = arg[0];
	return 0;
}

#define R struct syms_run
/* nm's letters and long names (binutils 2.40's nm.c long_options). */
static const cli_opt syms_opts[] = {
	CLI_FLAG("debug-syms", 'a', R, sel.debug_syms,
		 "include section and file symbols"),
	CLI_FLAG_AS("print-file-name", 'A', R, fmt.file_per_symbol,
		    "-A, -o, --print-file-name",
		    "prefix every line with the file (and member) name"),
	CLI_FLAG(NULL, 'o', R, fmt.file_per_symbol, NULL),
	CLI_INT(NULL, 'B', R, fmt.format, LS_NM_BSD, "BSD format (the default)"),
	{ .lng = "demangle", .arg = CLI_OPTARG, .how = CLI_SET_TRUE,
	  .off = offsetof(R, fmt.demangle), .spell = "-C, --demangle",
	  .help = "demangle C++, Rust and D names" },
	CLI_FLAG(NULL, 'C', R, fmt.demangle, NULL),
	CLI_UNFLAG("no-demangle", 0, R, fmt.demangle, "do not demangle (the default)"),
	CLI_FLAG("dynamic", 'D', R, sel.dynamic,
		 "list the dynamic symbols (.dynsym), with versions"),
	CLI_FN("format", 'f', CLI_REQARG, "FORMAT", set_format, "bsd (default) or posix"),
	CLI_FLAG("extern-only", 'g', R, sel.external_only,
		 "only external (global, weak, unique, undefined) symbols"),
	CLI_FLAG_AS("numeric-sort", 'n', R, sel.numeric_sort,
		    "-n, -v, --numeric-sort", "sort by value"),
	CLI_FLAG(NULL, 'v', R, sel.numeric_sort, NULL),
	CLI_FLAG("no-sort", 'p', R, sel.no_sort, "keep symbol-table order"),
	CLI_INT("portability", 'P', R, fmt.format, LS_NM_POSIX,
		"POSIX format (same as --format=posix)"),
	CLI_FLAG("reverse-sort", 'r', R, sel.reverse, "reverse the sort"),
	CLI_FLAG("print-armap", 's', R, print_armap,
		 "print an archive's symbol index first"),
	CLI_FLAG("print-size", 'S', R, fmt.print_size, "print sizes of defined symbols"),
	CLI_FLAG("size-sort", 0, R, sel.size_sort,
		 "sort by size (drops undefined, absolute, zero-size)"),
	CLI_FN("radix", 't', CLI_REQARG, "RADIX", set_radix,
	       "d, o or x (default) for values and sizes"),
	CLI_FLAG("undefined-only", 'u', R, sel.undefined_only, "only undefined symbols"),
	CLI_FLAG("defined-only", 'U', R, sel.defined_only, "only defined symbols"),
	CLI_FLAG("with-symbol-versions", 0, R, fmt.versions, NULL),
	CLI_UNFLAG("without-symbol-versions", 0, R, fmt.versions,
		   "do not append @VERSION to dynamic symbols"),
	CLI_FLAG("special-syms", 0, R, sel.special_syms,
		 "include mapping symbols ($x, $d, $a, $t) and local labels"),
	CLI_FLAG("quiet", 0, R, quiet, "do not report files without symbols"),
	{ 0 },
};
#undef R

static const cli_cmd syms_cmd = {
	.name = "syms",
	.operands = "[FILE...]",
	.about =
"List the symbols of ELF objects, executables, shared libraries and ar\n"
"archives (GNU, BSD, thin), of any architecture.  The output is the same,\n"
"byte for byte, as GNU nm's with the same options.  FILE defaults to a.out.\n",
	.after =
"Exit status: 0 when every file was read, 2 when any file was unreadable or\n"
"malformed (reported as 'linkscope: FILE[(MEMBER)]: what at offset 0x...').\n",
	.shared = CLI_JSON | CLI_COLOR | CLI_OUTPUT,
	.opts = syms_opts,
};

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
	static char *dflt[] = { "a.out" };
	struct syms_run r;
	char **files;
	int nfiles, first, rc;

	memset(&r, 0, sizeof r);
	r.fmt.format = LS_NM_BSD;
	r.fmt.radix = 'x';
	r.fmt.versions = true;
	if ((rc = cli_parse(&syms_cmd, argc, argv, &r, &first)) != 0)
		return rc < 0 ? LS_EXIT_OK : rc;
	r.json = r.c.fmt == CLI_FMT_JSON;
	r.sel.collate = locale_collates();
	r.fmt.size_sort = r.sel.size_sort;
	r.fmt.file_per_file = argc - first > 1;
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

	files = argv + first;
	nfiles = argc - first;
	if (nfiles == 0) {
		files = dflt;
		nfiles = 1;
	}
	/* Error lines go out as they happen, between the files' listings,
	 * as nm's do; JSON keeps them for "errors" too. */
	r.diags.direct = true;
	r.diags.json = r.json;
	if (r.json) {
		ls_json_init(&r.js, stdout, false);
		ls_syms_json_begin(&r.js, r.sel.dynamic ? "dynsym" : "symtab");
	}
	ls_input_visitor v = { on_archive, on_object, on_error, &r };
	for (int i = 0; i < nfiles; i++)
		r.errors += ls_input_walk(files[i], &v);
	cli_slot_close(&r.diags);
	if (r.json)
		ls_syms_json_end(&r.js, r.diags.jerrb, r.diags.jerrn);
	free(r.diags.jerrb);
	if ((rc = cli_flush()) != 0)
		return rc;
	return r.errors ? LS_EXIT_INPUT : LS_EXIT_OK;
}
