/*
 * diag.h - what went wrong with an input, and where.
 *
 * Readers never print; they fill an ls_diag and return failure.  The caller
 * (a CLI command, a test) decides how to show it.  The message names what is
 * wrong; the offset is the absolute file offset of the offending bytes, so a
 * user can look at them with a hex dump.
 *
 * The one error-return convention of the library: a function that can
 * fail returns int (0 or, for counts, >= 0) or a pointer, and on failure
 * returns -1 (or NULL) with its ls_diag *d filled.  Running out of memory
 * is such a failure (ls_oom): library code never aborts, never exits and
 * never drops a result silently.
 */
#ifndef LS_DIAG_H
#define LS_DIAG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ls_diag {
	char msg[200];
	uint64_t offset;
	bool has_offset;
	bool warning;		/* worth saying, but the input is not malformed */
} ls_diag;

/* Records an error at a file offset; always returns -1 so callers can
 * `return ls_fail(d, off, "...")`. */
int ls_fail(ls_diag *d, uint64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records an error that has no meaningful offset (e.g. open failed). */
int ls_fail_nooff(ls_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records "out of memory"; returns -1. */
int ls_oom(ls_diag *d);

#endif
