/*
 * verneed_check.h - glibc's load-time symbol version check (dl-version.c)
 * in a simulated process.
 *
 * Before relocating anything, glibc checks every Vernaux of every loaded
 * object against the Verdef list of the object its Verneed names (vn_file
 * matched against the names each loaded object was requested by, its
 * path and its SONAME).  A version the definer does not define stops the
 * process (exit 1) unless it is VER_FLG_WEAK; a definer without DT_VERDEF
 * satisfies everything.  At startup every problem is printed, warnings
 * included, as "PROGRAM: PATH: MESSAGE"; dlopen reports the first one.
 * The check runs even when no symbol uses the version.  glibc 2.36 also
 * refuses an object with DT_RELR, DT_VERNEED and a libc.so.* DT_NEEDED but
 * no GLIBC_ABI_DT_RELR requirement.
 *
 * musl checks nothing.  A vn_file that names no loaded object (a missing
 * library) is skipped: the load failed already.
 */
#ifndef LS_VERNEED_CHECK_H
#define LS_VERNEED_CHECK_H

#include "loader.h"

#include <stddef.h>

typedef struct ls_verissue {
	uint32_t obj;		/* the requiring object (objs index) */
	int32_t definer;	/* the object vn_file names; -1 for relr */
	const char *file;	/* vn_file; NULL for relr */
	const char *version;	/* the Vernaux name */
	bool weak;		/* VER_FLG_WEAK and not found: a warning */
	bool no_verdef;		/* the definer has no DT_VERDEF: a warning */
	bool relr;		/* DT_RELR without GLIBC_ABI_DT_RELR: fatal */
	/* The requirer's dynamic symbols whose version index is this
	 * version's (indexes into its .dynsym), in syms[]. */
	uint32_t first_sym, nsyms;
} ls_verissue;

typedef struct ls_vercheck {
	ls_verissue *issues;	/* objs order, then Vernaux index order */
	uint32_t nissues;
	uint32_t *syms;
	uint32_t nsyms;
	bool fatal;		/* a non-weak version is missing (or relr) */
} ls_vercheck;

/* 0 with r filled; -1 with d filled when memory runs out.  r is cleared
 * first and must be freed either way. */
int ls_verneed_check(const ls_process *p, ls_vercheck *r, ls_diag *d);
void ls_vercheck_free(ls_vercheck *r);

/*
 * glibc's words for an issue, without the "PROGRAM: " the loader puts
 * before them: "PATH: version `X' not found (required by Y)", "PATH: weak
 * version `X' not found (required by Y)", "PATH: no version information
 * available (required by Y)", "Y: DT_RELR without GLIBC_ABI_DT_RELR
 * dependency".  PATH is the definer's path as the process sees it, Y the
 * requirer's (the program as named on the command line for objs[0]).
 * Returns what snprintf returns.
 */
int ls_verissue_message(const ls_process *p, const ls_verissue *v, char *buf,
			size_t n);

#endif
