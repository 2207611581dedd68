/*
 * input_errors.h - the inputs a pipeline could not read, kept in its
 * result.
 *
 * Every pipeline (the headers in pipeline/) reports an unreadable or malformed input
 * the same way: one entry naming the input as the user named it (and the
 * archive member), with the reader's ls_diag.  The caller decides how to
 * show them (a CLI error line, a JSON "error" element), so every command
 * reports unreadable inputs uniformly, and no pipeline prints.
 */
#ifndef LS_INPUT_ERRORS_H
#define LS_INPUT_ERRORS_H

#include "../core/diag.h"

#include <stddef.h>

typedef struct ls_input_error {
	char *path;		/* the input as named */
	char *member;		/* an archive member, or NULL */
	ls_diag diag;		/* diag.warning: said, but not an error */
} ls_input_error;

typedef struct ls_input_errors {
	ls_input_error *v;	/* in the order they were met */
	size_t n, cap;
	size_t nerrors;		/* entries that are not warnings */
} ls_input_errors;

/* Appends a copy of (path, member, what).  0, or -1 with ls_oom(d). */
int ls_input_errors_add(ls_input_errors *e, const char *path,
			const char *member, const ls_diag *what, ls_diag *d);
void ls_input_errors_free(ls_input_errors *e);

#endif
