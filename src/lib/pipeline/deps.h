/*
 * deps.h - the `deps` pipeline: one program through the simulated dynamic
 * loader (load, then symbol versions, then binding), and the verdict the
 * real loader would give.
 *
 * The command runs one program per job on a pool of threads; the pipeline
 * runs one program, so the parallelism and the ordered output stay with
 * the caller.  Programs share one ls_dsocache (libc is opened once for
 * all of them): it is thread-safe, and outlives the results.
 *
 * The writers (report/deps_report.h) only read an ls_deps_result.
 */
#ifndef LS_PIPELINE_DEPS_H
#define LS_PIPELINE_DEPS_H

#include "input_errors.h"
#include "../analysis/bind.h"
#include "../analysis/loader.h"
#include "../analysis/verneed_check.h"

#include <stdbool.h>

typedef struct ls_deps_opts {
	ls_ldconfig cfg;	/* the loader and the process's settings;
				 * cfg.secure is also set per program when
				 * the file is set-ID, as the kernel does */
	bool bind;		/* -r: every symbol resolved, unresolved
				 * ones are failures */
	bool interposition;	/* symbols defined by more than one object */
	bool list;		/* the --list output: the loader's trace,
				 * without the check_match-only binding */
} ls_deps_opts;

/* Room for the verdict's message: the loader's words plus two paths. */
#define LS_DEPS_REASON_MAX 768

typedef struct ls_deps_result {
	/* What the writers read.  ver and bind are NULL when the step
	 * did not run or failed (the failure is in errors). */
	const ls_process *p;
	const ls_vercheck *ver;
	const ls_bind_result *bind;
	bool bind_run;		/* -r: report unresolved symbols */
	bool interposition;	/* --interposition */

	/* The verdict: failed when the process would not start (or, with
	 * -r, would fail at a first call), with the real loader's message
	 * (glibc's _dl_signal_error, dlerror, check_match's assertion). */
	bool failed;
	char reason[LS_DEPS_REASON_MAX];

	/* Inputs that could not be read (the program, a version table, a
	 * relocation table).  loaded is false when the program itself could
	 * not be: then there is nothing for a writer, only errors. */
	bool loaded;
	ls_input_errors errors;
	bool ok;		/* loaded, no error, not failed */

	/* Storage the pointers above point into (proc.cfg points to cfg:
	 * a result is not moved while in use). */
	ls_ldconfig cfg;
	ls_process proc;
	ls_vercheck vercheck;
	ls_bind_result binding;
} ls_deps_result;

/* Runs the pipeline for the program at path (as the user named it; a
 * path inside opts->cfg.root is resolved there).  What opts->cfg points
 * to (root, preload list, ...) must outlive the result.  Per-input problems are
 * in r->errors, not a failure: returns 0, or -1 with d filled only when
 * the result could not be built (out of memory).  r is always freed with
 * ls_deps_result_free. */
int ls_deps_run(const ls_deps_opts *o, ls_dsocache *cache, const char *path,
		ls_deps_result *r, ls_diag *d);
void ls_deps_result_free(ls_deps_result *r);

/* How reports name object i of p: the program as named, else the path the
 * loader opened, else the DT_NEEDED name; NULL for i < 0 (none). */
const char *ls_deps_objname(const ls_process *p, int64_t i);

#endif
