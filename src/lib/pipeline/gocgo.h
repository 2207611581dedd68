/*
 * gocgo.h - the `gocgo` pipeline: where cgo enters a Go build and what a
 * CGO_ENABLED=0 build would lose or fail on.
 *
 * Runs `go list -deps -json` on the pattern twice, with the environment's
 * CGO_ENABLED and with CGO_ENABLED=0 (-e, so that failing packages are
 * reported rather than fatal, and -export, so that every package is
 * compiled: go list alone never type-checks), compares the two lists
 * (go/gocgo.h), and when every package compiled links them with
 * `CGO_ENABLED=0 go build -o /dev/null`.
 *
 * The writers (report/gocgo_report.h) read r->report, a view of the
 * result.
 */
#ifndef LS_PIPELINE_GOCGO_H
#define LS_PIPELINE_GOCGO_H

#include "../go/gocgo.h"
#include "../go/golist.h"
#include "../go/gostub.h"
#include "../report/gocgo_report.h"

#include <stdbool.h>

typedef struct ls_gocgo_opts {
	const char *go;		/* the go command (default "go") */
	const char *dir;	/* the module directory (default ".") */
	const char *pattern;	/* the packages (default "./...") */
} ls_gocgo_opts;

typedef struct ls_gocgo_result {
	ls_gocgo_report report;	/* what the writers read */
	bool ok;		/* every package builds without cgo */

	/* When ls_gocgo_run fails because a go command failed: that run,
	 * whose stderr explains it (NULL when none ran). */
	const ls_gorun *failed_run;

	/* Storage. */
	char *cgo_env, *go_version;
	bool cgo_on;
	ls_golist with, without;
	ls_gorun run_with, run_without, run_build;
	ls_gocgo g;
	bool have_g;
} ls_gocgo_result;

/* 0, or -1 with d filled (go could not be run or its output read; see
 * r->failed_run).  r is always freed with ls_gocgo_result_free. */
int ls_gocgo_run(const ls_gocgo_opts *o, ls_gocgo_result *r, ls_diag *d);
void ls_gocgo_result_free(ls_gocgo_result *r);

#endif
