/*
 * cmd_golinkname.c - `linkscope golinkname`: every //go:linkname of a Go
 * module (its own packages and, through vendor/ or the module cache, its
 * dependencies), each pull judged as the linker of one GOROOT would judge
 * it (Go 1.23's restriction), without running the Go toolchain on the
 * sources.  `go env` is asked only for defaults the user did not give.
 */
#include "cli.h"
#include "options.h"
#include "../lib/core/mapfile.h"
#include "../lib/go/buildtags.h"
#include "../lib/go/goroot_links.h"
#include "../lib/go/linkname.h"
#include "../lib/go/golist.h"
#include "../lib/go/modscan.h"
#include "../lib/report/golinkname_report.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define HOST_GOARCH "amd64"
#elif defined(__aarch64__)
#define HOST_GOARCH "arm64"
#elif defined(__i386__)
#define HOST_GOARCH "386"
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_GOARCH "riscv64"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_GOARCH "ppc64le"
#elif defined(__s390x__)
#define HOST_GOARCH "s390x"
#elif defined(__arm__)
#define HOST_GOARCH "arm"
#else
#define HOST_GOARCH "unknown"
#endif
#define HOST_GOOS "linux"

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

static void on_error(void *ctx, const char *path, const ls_diag *d)
{
	(void)ctx;
	if (d->warning) {
		cli_note("golinkname", "%s: %s", path, d->msg);
	} else {
		cli_diag(&diags, path, NULL, d);
	}
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
	.opts = golinkname_opts,
};

static int parse(int argc, char **argv, struct opts *o, int *first)
{
	int rc = cli_parse(&golinkname_cmd, argc, argv, o, first);

	if (rc)
		return rc;
	if (*first == argc)
		return cli_usage(&golinkname_cmd, "%s", "no input files");
	if (o->goroot && !is_dir(o->goroot))
		return cli_usage(&golinkname_cmd, "--goroot: '%s' is not a directory", o->goroot);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_golinkname(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { 0 };
	ls_modscan s = { .error = on_error };
	int first, rc = parse(argc, argv, &o, &first), failed = 0;
	char *goroot_env = NULL, version[64] = "", exps[1024] = "";
	ls_goroot_links *g = NULL;
	const char *ecgo = getenv("CGO_ENABLED");
	ls_diag gd;

	if (rc)
		return rc < 0 ? LS_EXIT_OK : rc;
	if (!o.goos)
		o.goos = getenv("GOOS") && ls_known_goos(getenv("GOOS"), strlen(getenv("GOOS")))
			 ? getenv("GOOS") : HOST_GOOS;
	if (!o.goarch)
		o.goarch = getenv("GOARCH") && ls_known_goarch(getenv("GOARCH"), strlen(getenv("GOARCH")))
			   ? getenv("GOARCH") : HOST_GOARCH;
	s.ctx.goos = o.goos;
	s.ctx.goarch = o.goarch;
	s.ctx.cgo = ecgo && *ecgo ? !strcmp(ecgo, "1")
		    : !strcmp(o.goos, HOST_GOOS) && !strcmp(o.goarch, HOST_GOARCH);
	s.ctx.go_minor = 1000;	/* no GOROOT: every release tag holds */
	if (!o.goroot)
		o.goroot = goroot_env = ls_go_env("go", NULL, "GOROOT", &gd);
	if (o.goroot && !*o.goroot)
		o.goroot = NULL;	/* freed through goroot_env */
	if (o.goroot) {
		ls_diag d = { 0 };
		double t0 = now();

		if (ls_goroot_version(o.goroot, version, sizeof version,
				      &s.ctx.go_minor) < 0)
			s.ctx.go_minor = 1000;
		/* goexperiment.* tags: this GOROOT's defaults and $GOEXPERIMENT. */
		if (ls_goroot_experiments(o.goroot, o.goos, o.goarch,
					  getenv("GOEXPERIMENT"), exps, sizeof exps) == 0)
			s.ctx.experiments = exps;
		if (ls_goroot_links_load(o.goroot, &s.ctx, &g, &d) < 0) {
			cli_diag(&diags, o.goroot, NULL, &d);
			free(goroot_env);
			return LS_EXIT_INPUT;
		}
		if (o.stats) {
			ls_goroot_stats st;

			ls_goroot_links_stats(g, &st);
			cli_note("golinkname", "%s (%s %s/%s): %zu Go files, "
				"%zu assembly files, %zu packages, %zu symbols, %zu pushed, "
				"%zu assembly symbols, %zu blockedLinknames entries; %.3f s",
				o.goroot, version[0] ? version : "go?", o.goos, o.goarch,
				st.go_files, st.asm_files, st.packages, st.symbols,
				st.pushes, st.asm_symbols, st.blocked, now() - t0);
		}
		ls_goroot_stats st;

		ls_goroot_links_stats(g, &st);
		if (st.newer)
			cli_note("golinkname", "%s is %s, newer than the "
				"linker rules modelled (Go 1.%d): judged by those",
				o.goroot, version, LS_GOLINK_MODELLED_MINOR);
		if (!st.have_blocked)
			cli_note("golinkname", "%s: no blockedLinknames in "
				"src/cmd/link/internal/loader/loader.go (before Go 1.23, or "
				"not a full GOROOT): no entry is blocked by name", o.goroot);
	}
	s.g = g;
	s.modcache = o.modcache;
	s.no_deps = o.no_deps;
	int scanned = 0;

	diags.json = o.c.fmt == CLI_FMT_JSON;
	for (int i = first; i < argc; i++) {
		int before = s.errors;

		ls_modscan_arg(&s, argv[i]);
		scanned += s.errors == before;
	}
	ls_modscan_finish(&s);

	ls_goroot_stats gst = { .minor = -1 };

	if (g)
		ls_goroot_links_stats(g, &gst);
	ls_golinkname_report rep = {
		.goroot = o.goroot, .go_version = version[0] ? version : NULL,
		.goos = o.goos, .goarch = o.goarch, .cgo = s.ctx.cgo,
		.recs = s.recs, .n = s.n,
		.rules_minor = !g ? -1 : gst.minor > LS_GOLINK_MODELLED_MINOR ?
			       LS_GOLINK_MODELLED_MINOR : gst.minor < 27 ? 26 : 27,
		.newer = gst.newer,
	};

	cli_slot_close(&diags);
	rep.errors = diags.jerrb;
	rep.errors_len = diags.jerrn;

	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	/* Nothing could be read: the error alone, no empty summary. */
	if (scanned || !s.errors) {
		if (o.c.fmt == CLI_FMT_JSON)
			ls_golinkname_json(stdout, &rep);
		else
			ls_golinkname_text(stdout, &rep);
	}
	for (size_t i = 0; i < s.n; i++)
		failed += ls_lnrec_fails(&s.recs[i]);
	ls_modscan_free(&s);
	ls_goroot_links_free(g);
	free(goroot_env);
	free(diags.jerrb);
	if ((rc = cli_flush()) != 0)
		return rc;
	if (s.errors)
		return LS_EXIT_INPUT;
	return failed ? LS_EXIT_POLICY : LS_EXIT_OK;
}
