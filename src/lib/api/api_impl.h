/*
 * api_impl.h - what the public API's files share: the error record, the
 * input handle, and the helpers that turn an ls_diag into a
 * linkscope_error.
 *
 * The public functions are thin: each opens nothing of its own, calls the
 * library's pipeline for its command and copies the answer into a result
 * the caller owns (names are copied, so results outlive their input).
 */
#ifndef LS_API_IMPL_H
#define LS_API_IMPL_H

#include <linkscope/linkscope.h>

#include "../core/diag.h"
#include "../core/mapfile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct linkscope_error {
	linkscope_status code;
	char *file, *member;	/* NULL when none */
	bool has_offset;
	uint64_t offset;
	char msg[sizeof ((ls_diag *)0)->msg];
};

struct linkscope_input {
	char *name;
	ls_mapfile mf;		/* a file's mapping, or the caller's bytes */
};

/* Errors a result lists (unreadable objects inside an input). */
typedef struct api_errlist {
	linkscope_error **v;
	size_t n, cap;
} api_errlist;

/* A new error from a diagnostic (NOMEM for ls_oom's), or NULL when even
 * that cannot be allocated. */
linkscope_error *api_error_new(linkscope_status code, const char *file,
			       const char *member, const ls_diag *d);
/* The status a diagnostic stands for: NOMEM for "out of memory", else
 * dflt. */
linkscope_status api_status_of(const ls_diag *d, linkscope_status dflt);
/* Stores a new error in *err (when err is not NULL); returns its code. */
linkscope_status api_fail(linkscope_error **err, linkscope_status code,
			  const char *file, const char *member,
			  const ls_diag *d);
/* The same with a message of its own. */
linkscope_status api_failf(linkscope_error **err, linkscope_status code,
			   const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Appends an error; -1 when out of memory. */
int api_errlist_add(api_errlist *l, const char *file, const char *member,
		    const ls_diag *d);
void api_errlist_free(api_errlist *l);

/* strdup that keeps NULL: 0, or -1 when out of memory. */
int api_strdup(char **out, const char *s);

#endif
