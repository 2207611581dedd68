/*
 * cmd_gocgo.c - `linkscope gocgo [--json] [DIR]`: where cgo enters a Go
 * build and what a CGO_ENABLED=0 build would lose or fail on.
 *
 * Runs `go list -deps -json ./...` in DIR twice: with the environment's
 * CGO_ENABLED, then with CGO_ENABLED=0 (and -e, so that failing packages
 * are reported rather than fatal, and -export, so that every package is
 * compiled: go list alone never type-checks), compares the two lists, and
 * when every package compiled links them with `CGO_ENABLED=0 go build -o
 * /dev/null`.
 */
#include "cli.h"
#include "options.h"
#include "../lib/go/golist.h"
#include "../lib/pipeline/gocgo.h"
#include "../lib/report/gocgo_report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct opts {
	cli_common c;		/* first: the shared options */
	const char *go, *pattern;
};

static const cli_opt gocgo_opts[] = {
	CLI_STR("go", 0, "CMD", struct opts, go, "the go command (default: go on PATH)"),
	CLI_STR("pattern", 0, "PATTERN", struct opts, pattern,
		"packages to list (default: ./...)"),
	{ 0 },
};

static const cli_cmd gocgo_cmd = {
	.name = "gocgo",
	.operands = "[DIR]",
	.about =
"Report where cgo enters the build of the Go module in DIR (default: the\n"
"current directory), using the Go toolchain: the packages that use cgo\n"
"(cgo files, #cgo CFLAGS/LDFLAGS, pkg-config names) and the import chain\n"
"that brings each in, the standard packages whose behaviour changes\n"
"without cgo (net, os/user, plugin, runtime/cgo), and what a\n"
"CGO_ENABLED=0 build would lose, change or fail on, and the packages\n"
"that still build without cgo but are stubs (files for !cgo that say\n"
"\"requires cgo\").  It runs `go list -deps -json PATTERN` with the\n"
"environment's CGO_ENABLED, then `go list -deps -e -export -json PATTERN`\n"
"with CGO_ENABLED=0 (-export compiles every package: type errors count),\n"
"then, if all compiled, `go build -o /dev/null PATTERN` with CGO_ENABLED=0\n"
"for the link (GOTOOLCHAIN=local; GOFLAGS and GOCACHE as inherited).\n",
	.after =
"Exit status: 0 when the report is printed and a CGO_ENABLED=0 build of\n"
"every listed package would work (or cgo is already off), 1 when a\n"
"CGO_ENABLED=0 build would fail, 2 when go is missing or go list fails\n"
"(its stderr is printed), or on bad usage.\n",
	.shared = CLI_JSON | CLI_COLOR | CLI_OUTPUT,
	.stop_at_operand = true,
	.opts = gocgo_opts,
};

static int go_failed(const ls_diag *d, const ls_gorun *r)
{
	cli_cmd_error("gocgo", d, " of its output");
	if (r && r->errlen) {
		fputs(r->err, stderr);
		if (r->err[r->errlen - 1] != '\n')
			fputc('\n', stderr);
	}
	return LS_EXIT_INPUT;
}

int cmd_gocgo(int argc, char **argv)
{
	struct opts o = { .go = "go", .pattern = "./..." };
	const char *go, *pattern, *dir = ".";
	ls_gocgo_opts go_opts;
	ls_gocgo_result res;
	ls_diag d = { 0 };
	struct stat st;
	int first, rc;

	if ((rc = cli_parse(&gocgo_cmd, argc, argv, &o, &first)) != 0)
		return rc < 0 ? LS_EXIT_OK : rc;
	rc = LS_EXIT_INPUT;
	go = o.go;
	pattern = o.pattern;
	if (argc - first > 1)
		return cli_usage(&gocgo_cmd, "one directory at most (got '%s' too)",
				 argv[first + 1]);
	if (first < argc)
		dir = argv[first];
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		cli_note("gocgo", "%s: not a directory", dir);
		return LS_EXIT_INPUT;
	}

	go_opts = (ls_gocgo_opts){ .go = go, .dir = dir, .pattern = pattern };
	if (ls_gocgo_run(&go_opts, &res, &d) < 0) {
		rc = go_failed(&d, res.failed_run);
		goto out;
	}
	if (o.c.fmt == CLI_FMT_JSON)
		ls_gocgo_json(stdout, &res.report);
	else
		ls_gocgo_text(stdout, &res.report);
	rc = res.ok ? LS_EXIT_OK : LS_EXIT_POLICY;
	if (cli_flush() != 0)
		rc = LS_EXIT_INPUT;
out:
	ls_gocgo_result_free(&res);
	return rc;
}
