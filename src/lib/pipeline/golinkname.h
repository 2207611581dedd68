/*
 * golinkname.h - the `golinkname` pipeline: every //go:linkname of a Go
 * module (its own packages and, through vendor/ or the module cache, its
 * dependencies), each pull judged as the linker of one GOROOT would judge
 * it (Go 1.23's restriction), without running the Go toolchain on the
 * sources.  `go env` is asked only for defaults that were not given.
 *
 * The writers (report/golinkname_report.h) read r->report, a view of the
 * result.
 */
#ifndef LS_PIPELINE_GOLINKNAME_H
#define LS_PIPELINE_GOLINKNAME_H

#include "input_errors.h"
#include "../core/strvec.h"
#include "../go/goroot_links.h"
#include "../go/modscan.h"
#include "../report/golinkname_report.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ls_golinkname_opts {
	const char *goroot;	/* NULL: `go env GOROOT` ("" there: none) */
	const char *goos;	/* NULL: $GOOS when known, else the host's */
	const char *goarch;	/* NULL: $GOARCH when known, else the host's */
	const char *modcache;	/* NULL: $GOMODCACHE, go env, ~/go/pkg/mod */
	bool no_deps;		/* the module's own packages only */
	bool stats;		/* a note on the GOROOT's tables and time */
} ls_golinkname_opts;

typedef struct ls_golinkname_result {
	ls_golinkname_report report;	/* what the writers read */
	bool has_report;	/* false when nothing could be read: the
				 * errors alone, no empty summary */
	size_t nfailed;		/* records the linker would refuse */

	/* What to tell the user about the GOROOT (--stats, a release newer
	 * than the rules, no blockedLinknames), in order, each one line
	 * without the command's prefix. */
	ls_strvec notes;
	/* Unreadable inputs, in the order met (diag.warning: a dependency
	 * missing from the module cache).  When the GOROOT itself cannot
	 * be read it is the only entry and there is no report. */
	ls_input_errors errors;
	bool ok;		/* no error, no refused record */

	/* Storage. */
	char *goroot_env;
	char version[64], experiments[1024];
	ls_goroot_links *g;
	ls_modscan scan;
} ls_golinkname_result;

/* Scans each argument (a module directory or a file).  0, or -1 with d
 * filled only when the result could not be built (out of memory); r is
 * always freed with ls_golinkname_result_free. */
int ls_golinkname_run(const ls_golinkname_opts *o, const char *const *args,
		      size_t nargs, ls_golinkname_result *r, ls_diag *d);
void ls_golinkname_result_free(ls_golinkname_result *r);

#endif
