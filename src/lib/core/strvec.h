/*
 * strvec.h - a list of owned strings (git's strvec): argument lists,
 * search paths, names.  Always NULL-terminated once non-empty, so v can be
 * handed to posix_spawn as it is.  Functions return 0, or -1 when out of
 * memory, when a formatted string does not fit, or when the list would
 * pass LS_STRVEC_MAX (input decides how many there are).
 */
#ifndef LS_STRVEC_H
#define LS_STRVEC_H

#include <stdbool.h>
#include <stddef.h>

#define LS_STRVEC_MAX (1u << 20)

typedef struct ls_strvec {
	char **v;		/* n strings, then NULL */
	size_t n, cap;
} ls_strvec;

int ls_strvec_add(ls_strvec *sv, const char *s);
/* Appends a copy of s[0..len). */
int ls_strvec_addn(ls_strvec *sv, const char *s, size_t len);
int ls_strvec_addf(ls_strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s itself (malloc'ed; the list owns it from now on, and frees it
 * when the append fails). */
int ls_strvec_take(ls_strvec *sv, char *s);
bool ls_strvec_has(const ls_strvec *sv, const char *s);
/* Removes and frees the last string. */
void ls_strvec_pop(ls_strvec *sv);
void ls_strvec_free(ls_strvec *sv);

#endif
