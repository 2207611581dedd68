/*
 * cmd_golinkname.c - `linkscope golinkname`: every //go:linkname of a Go
 * module (its own packages and, through vendor/ or the module cache, its
 * dependencies), each pull judged as the linker of one GOROOT would judge
 * it (Go 1.23's restriction), without running the Go toolchain on the
 * sources.  `go env` is asked only for defaults the user did not give.
 */
#include "cli.h"
#include "options.h"
#include "../lib/go/buildtags.h"
#include "../lib/pipeline/golinkname.h"
#include "../lib/report/golinkname_report.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


struct opts {
	cli_common c;		/* first: the shared options */
	const char *goroot, *goos, *goarch, *modcache;
	bool stats, no_deps;
};

/* Unreadable inputs: error lines at once, and JSON "errors". */
static cli_slot diags = { .direct = true };

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
		cli_note("golinkname", "%s: %s", e->path, e->diag.msg);
	else
		cli_diag(&diags, e->path, NULL, &e->diag);
}

static const cli_cmd golinkname_cmd;

static int set_goos(void *o, const char *arg)
{
	if (!ls_known_goos(arg, strlen(arg)))
		return cli_usage(&golinkname_cmd, "--goos: unknown GOOS '%s'", arg);
	((struct opts *)o)->goos = arg;
	return 0;
}

static int set_goarch(void *o, const char *arg)
{
	if (!ls_known_goarch(arg, strlen(arg)))
		return cli_usage(&golinkname_cmd, "--goarch: unknown GOARCH '%s'", arg);
	((struct opts *)o)->goarch = arg;
	return 0;
}

static const cli_opt golinkname_opts[] = {
	CLI_STR("goroot", 0, "DIR", struct opts, goroot,
		"the Go whose linker judges (default: go env GOROOT)"),
	CLI_FN("goos", 0, CLI_REQARG, "GOOS", set_goos,
	       "target (default: $GOOS, else this machine's)"),
	CLI_FN("goarch", 0, CLI_REQARG, "GOARCH", set_goarch,
	       "target (default: $GOARCH, else this machine's)"),
	CLI_STR("modcache", 0, "DIR", struct opts, modcache,
		"module cache (default: $GOMODCACHE, go env\n"
		"GOMODCACHE, or $HOME/go/pkg/mod)"),
	CLI_FLAG("no-deps", 0, struct opts, no_deps,
		 "only the named sources, not dependencies"),
	CLI_FLAG("stats", 0, struct opts, stats,
		 "GOROOT scan counts and time on stderr"),
	{ 0 },
};

static const cli_cmd golinkname_cmd = {
	.name = "golinkname",
	.operands = "DIR|FILE...",
	.about =
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
"Go 1.27's rules (assembly, //go:linknamestd).\n",
	.after =
"cgo is taken as enabled when CGO_ENABLED=1, or when it is unset and the\n"
"target is this machine.  Verdicts: allowed, blocked, undefined, n/a (a\n"
"push, or a target outside the standard library: not checked), unknown\n"
"(no GOROOT).  To link a blocked pull anyway: -ldflags=-checklinkname=0.\n"
"\n"
"Exit status: 0 when no pull of a linked package (one the main packages\n"
"given import) is blocked or undefined, 1 when one is, 2 on unreadable\n"
"input or bad usage.\n",
	.shared = CLI_JSON | CLI_COLOR | CLI_OUTPUT,
	.missing = "no input files",
	.opts = golinkname_opts,
};

static int parse(int argc, char **argv, struct opts *o, int *first)
{
	int rc = cli_parse(&golinkname_cmd, argc, argv, o, first);

	if (rc)
		return rc;
	if (o->goroot && !is_dir(o->goroot))
		return cli_usage(&golinkname_cmd, "--goroot: '%s' is not a directory", o->goroot);
	return 0;
}

int cmd_golinkname(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { 0 };
	int first, rc = parse(argc, argv, &o, &first);
	ls_golinkname_opts go;
	ls_golinkname_result res;
	ls_diag d = { 0 };

	if (rc)
		return rc < 0 ? LS_EXIT_OK : rc;
	go = (ls_golinkname_opts){
		.goroot = o.goroot, .goos = o.goos, .goarch = o.goarch,
		.modcache = o.modcache, .no_deps = o.no_deps, .stats = o.stats,
	};
	rc = ls_golinkname_run(&go, (const char *const *)argv + first,
			       (size_t)(argc - first), &res, &d);
	for (size_t i = 0; i < res.notes.n; i++)
		cli_note("golinkname", "%s", res.notes.v[i]);
	diags.json = o.c.fmt == CLI_FMT_JSON;
	for (size_t i = 0; i < res.errors.n; i++)
		print_error(&res.errors.v[i]);
	cli_slot_close(&diags);
	if (rc < 0) {
		cli_cmd_error("golinkname", &d, "");
		ls_golinkname_result_free(&res);
		free(diags.jerrb);
		return LS_EXIT_INPUT;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if (res.has_report) {
		res.report.errors = diags.jerrb;
		res.report.errors_len = diags.jerrn;
		if (o.c.fmt == CLI_FMT_JSON)
			ls_golinkname_json(stdout, &res.report);
		else
			ls_golinkname_text(stdout, &res.report);
	}
	rc = res.errors.nerrors ? LS_EXIT_INPUT
	     : res.nfailed ? LS_EXIT_POLICY : LS_EXIT_OK;
	ls_golinkname_result_free(&res);
	free(diags.jerrb);
	if (cli_flush() != 0)
		return LS_EXIT_INPUT;
	return rc;
}
