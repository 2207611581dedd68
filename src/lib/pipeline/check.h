/*
 * check.h - the `check` pipeline: the audit of one artifact (an ELF file
 * or one archive member) judged against a policy.
 *
 * An input file may hold many artifacts (an archive), and an audit points
 * into its object's mapping, so the pipeline's input is one object, as
 * readers/input.h hands it out.  ls_check_file runs it over every object
 * of one input file and gives each result to a callback while its object
 * is mapped; the inputs that cannot be read are collected in the file's
 * result.  The command runs one file per job on a pool of threads; the
 * parallelism and the ordered output stay with the caller.
 *
 * The writers (report/check_report.h) only read an ls_check_result.
 */
#ifndef LS_PIPELINE_CHECK_H
#define LS_PIPELINE_CHECK_H

#include "input_errors.h"
#include "../analysis/audit.h"
#include "../analysis/policy.h"
#include "../model/object.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ls_check_opts {
	const char *root;		/* judge RPATH dirs under this sysroot
					 * (canonical); NULL = "/" */
	const ls_policy *policy;	/* NULL: no requirements */
	bool go_funcs;			/* list the Go functions too */
	bool setid;			/* the file is set-ID (ls_check_file
					 * finds it from the file's mode) */
} ls_check_opts;

typedef struct ls_check_result {
	ls_audit audit;		/* the facts, and audit.failures */
	uint32_t nfailures;	/* requirements that do not hold */
	bool ok;		/* every requirement holds */
} ls_check_result;

/* Audits obj (path and member as they are to be reported) and judges it.
 * 0, or -1 with d filled (obj is malformed); r is always freed with
 * ls_check_result_free.  The result points into obj's mapping and to
 * path, member and o->policy: they must outlive it. */
int ls_check_run(const ls_check_opts *o, const ls_object *obj,
		 const char *path, const char *member, ls_check_result *r,
		 ls_diag *d);
void ls_check_result_free(ls_check_result *r);

/* One input file, as named (name: what reports call it) and where it is
 * read (file: inside --root, or NULL for name). */
typedef struct ls_check_input {
	const char *name;
	const char *file;
	bool walked;		/* found under a directory: a file that is
				 * neither ELF nor ar is skipped, not an error */
} ls_check_input;

typedef struct ls_check_file_result {
	uint32_t nartifacts;	/* results handed to the callback */
	uint32_t nfailures;	/* their failures, summed */
	bool skipped;		/* walked and not ELF or ar */
	bool empty;		/* walked and empty: not a file to count */
	uint32_t nskipped_members;	/* walked: archive members that are
					 * not objects, skipped quietly */
	ls_input_errors errors;	/* named as in.name */
	bool ok;		/* no error, no failure */
} ls_check_file_result;

typedef void ls_check_emit(void *ctx, const ls_check_result *r);

/* Runs ls_check_run for every object of the file, in file order, and
 * hands each result to emit (valid during the call only).  Returns 0, or
 * -1 with d filled when r could not be built (out of memory). */
int ls_check_file(const ls_check_opts *o, const ls_check_input *in,
		  ls_check_emit *emit, void *ctx, ls_check_file_result *r,
		  ls_diag *d);
void ls_check_file_result_free(ls_check_file_result *r);

/*
 * --exclude GLOB: does path match one of the n patterns?  As rsync and
 * .gitignore do it: a pattern without '/' matches the last component (so
 * "*.debug" excludes every .debug file at any depth, "vendor" every
 * directory or file named vendor); a pattern with '/' matches the whole
 * path as named or walked (fnmatch with FNM_PATHNAME: '*' stops at '/').
 * A leading "./" of the path is ignored.
 */
bool ls_check_excluded(const char *const *patterns, size_t n, const char *path);

#endif
