/*
 * cmd_golinkname.c - `linkscope golinkname`: every //go:linkname of a Go
 * module (its own packages and, through vendor/ or the module cache, its
 * dependencies), each pull judged as the linker of one GOROOT would judge
 * it (Go 1.23's restriction), without running the Go toolchain on the
 * sources.  `go env` is asked only for defaults the user did not give.
 */
#include "cli.h"
#include "../lib/go/buildtags.h"
#include "../lib/pipeline/golinkname.h"
#include "../lib/report/golinkname_report.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
"usage: linkscope golinkname [options] DIR|FILE...\n"
"\n"
"List every //go:linkname directive of Go sources and judge each pull\n"
"(a declaration without body, or a var without value, naming another\n"
"package's symbol) as the Go 1.23+ linker would: allowed, blocked\n"
"(\"link: PKG: invalid reference to SYM\") or undefined, against the\n"
"standard library of one GOROOT.  A DIR that is a module root is scanned\n"
"with its dependencies: vendor/ when present, else the module cache\n"
"directories its go.mod requires (no network).  Build constraints (file\n"
"name suffixes, //go:build, // +build, goexperiment.* from the GOROOT and\n"
"$GOEXPERIMENT) are evaluated for the target; .s files are read for the\n"
"symbols they define and refer to.  A GOROOT of Go 1.27+ is judged by\n"
"Go 1.27's rules (assembly, //go:linknamestd).\n"
"\n"
"      --goroot=DIR        the Go whose linker judges (default: go env GOROOT)\n"
"      --goos=GOOS         target (default: $GOOS, else this machine's)\n"
"      --goarch=GOARCH     target (default: $GOARCH, else this machine's)\n"
"      --modcache=DIR      module cache (default: $GOMODCACHE, go env\n"
"                          GOMODCACHE, or $HOME/go/pkg/mod)\n"
"      --no-deps           only the named sources, not dependencies\n"
"      --json              one JSON document (docs/golinkname.md)\n"
"      --stats             GOROOT scan counts and time on stderr\n"
"  -h, --help              this help\n"
"\n"
"cgo is taken as enabled when CGO_ENABLED=1, or when it is unset and the\n"
"target is this machine.  Verdicts: allowed, blocked, undefined, n/a (a\n"
"push, or a target outside the standard library: not checked), unknown\n"
"(no GOROOT).  To link a blocked pull anyway: -ldflags=-checklinkname=0.\n"
"\n"
"Exit status: 0 when no pull of a linked package (one the main packages\n"
"given import) is blocked or undefined, 1 when one is, 2 on unreadable\n"
"input or bad usage.\n";

struct opts {
	const char *goroot, *goos, *goarch, *modcache;
	bool json, stats, no_deps;
};

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A dependency missing from the module cache is a warning, said in the
 * command's words; an unreadable input, as every command says it. */
static void print_error(const ls_input_error *e)
{
	if (e->diag.warning)
		fprintf(stderr, "linkscope golinkname: %s: %s\n", e->path,
			e->diag.msg);
	else
		cli_input_error(e->path, NULL, &e->diag);
}

static int bad_usage(const char *fmt, const char *arg)
{
	return cli_usage_error("golinkname", fmt, arg);
}

enum { OPT_GOROOT = 256, OPT_GOOS, OPT_GOARCH, OPT_MODCACHE, OPT_JSON,
       OPT_STATS, OPT_NODEPS };

static const struct option longopts[] = {
	{ "goroot", required_argument, NULL, OPT_GOROOT },
	{ "goos", required_argument, NULL, OPT_GOOS },
	{ "goarch", required_argument, NULL, OPT_GOARCH },
	{ "modcache", required_argument, NULL, OPT_MODCACHE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "no-deps", no_argument, NULL, OPT_NODEPS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse(int argc, char **argv, struct opts *o)
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case OPT_GOROOT: o->goroot = optarg; break;
		case OPT_GOOS:
			if (!ls_known_goos(optarg, strlen(optarg)))
				return bad_usage("--goos: unknown GOOS '%s'", optarg);
			o->goos = optarg;
			break;
		case OPT_GOARCH:
			if (!ls_known_goarch(optarg, strlen(optarg)))
				return bad_usage("--goarch: unknown GOARCH '%s'", optarg);
			o->goarch = optarg;
			break;
		case OPT_MODCACHE: o->modcache = optarg; break;
		case OPT_JSON: o->json = true; break;
		case OPT_STATS: o->stats = true; break;
		case OPT_NODEPS: o->no_deps = true; break;
		case ':':
			return bad_usage("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return bad_usage("%s", "no input files");
	if (o->goroot && !is_dir(o->goroot))
		return bad_usage("--goroot: '%s' is not a directory", o->goroot);
	return 0;
}

int cmd_golinkname(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { 0 };
	int rc = parse(argc, argv, &o);
	ls_golinkname_opts go;
	ls_golinkname_result res;
	ls_diag d = { 0 };

	if (rc)
		return rc < 0 ? LS_EXIT_OK : rc;
	go = (ls_golinkname_opts){
		.goroot = o.goroot, .goos = o.goos, .goarch = o.goarch,
		.modcache = o.modcache, .no_deps = o.no_deps, .stats = o.stats,
	};
	rc = ls_golinkname_run(&go, (const char *const *)argv + optind,
			       (size_t)(argc - optind), &res, &d);
	for (size_t i = 0; i < res.notes.n; i++)
		fprintf(stderr, "linkscope golinkname: %s\n", res.notes.v[i]);
	for (size_t i = 0; i < res.errors.n; i++)
		print_error(&res.errors.v[i]);
	if (rc < 0) {
		fprintf(stderr, "linkscope golinkname: %s\n", d.msg);
		ls_golinkname_result_free(&res);
		return LS_EXIT_INPUT;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if (res.has_report) {
		if (o.json)
			ls_golinkname_json(stdout, &res.report);
		else
			ls_golinkname_text(stdout, &res.report);
	}
	rc = res.errors.nerrors ? LS_EXIT_INPUT
	     : res.nfailed ? LS_EXIT_POLICY : LS_EXIT_OK;
	ls_golinkname_result_free(&res);
	if (fflush(stdout) != 0) {
		perror("linkscope: writing output");
		return LS_EXIT_INPUT;
	}
	return rc;
}
