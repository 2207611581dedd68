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
#include "../lib/go/golist.h"
#include "../lib/pipeline/gocgo.h"
#include "../lib/report/gocgo_report.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
"usage: linkscope gocgo [options] [DIR]\n"
"\n"
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
"for the link (GOTOOLCHAIN=local; GOFLAGS and GOCACHE as inherited).\n"
"\n"
"      --json              one JSON document (docs/gocgo.md)\n"
"      --go=CMD            the go command (default: go on PATH)\n"
"      --pattern=PATTERN   packages to list (default: ./...)\n"
"  -h, --help              this help\n"
"\n"
"Exit status: 0 when the report is printed and a CGO_ENABLED=0 build of\n"
"every listed package would work (or cgo is already off), 1 when a\n"
"CGO_ENABLED=0 build would fail, 2 when go is missing or go list fails\n"
"(its stderr is printed), or on bad usage.\n";

static int go_failed(const ls_diag *d, const ls_gorun *r)
{
	fflush(stdout);
	fprintf(stderr, "linkscope gocgo: %s", d->msg);
	if (d->has_offset)
		fprintf(stderr, " at offset 0x%llx of its output",
			(unsigned long long)d->offset);
	fputc('\n', stderr);
	if (r && r->errlen) {
		fputs(r->err, stderr);
		if (r->err[r->errlen - 1] != '\n')
			fputc('\n', stderr);
	}
	return LS_EXIT_INPUT;
}

int cmd_gocgo(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "go", required_argument, NULL, 'G' },
		{ "pattern", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *go = "go", *pattern = "./...", *dir = ".";
	bool json = false;
	ls_gocgo_opts go_opts;
	ls_gocgo_result res;
	ls_diag d = { 0 };
	struct stat st;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", lopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			json = true;
			break;
		case 'G':
			go = optarg;
			break;
		case 'P':
			pattern = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return LS_EXIT_OK;
		default:
			return cli_usage_error("gocgo", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("gocgo", "one directory at most (got '%s' too)",
				       argv[optind + 1]);
	if (optind < argc)
		dir = argv[optind];
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "linkscope gocgo: %s: not a directory\n", dir);
		return LS_EXIT_INPUT;
	}

	go_opts = (ls_gocgo_opts){ .go = go, .dir = dir, .pattern = pattern };
	if (ls_gocgo_run(&go_opts, &res, &d) < 0) {
		rc = go_failed(&d, res.failed_run);
		goto out;
	}
	if (json)
		ls_gocgo_json(stdout, &res.report);
	else
		ls_gocgo_text(stdout, &res.report);
	rc = res.ok ? LS_EXIT_OK : LS_EXIT_POLICY;
	if (fflush(stdout) != 0) {
		fprintf(stderr, "linkscope gocgo: write error\n");
		rc = LS_EXIT_INPUT;
	}
out:
	ls_gocgo_result_free(&res);
	return rc;
}
