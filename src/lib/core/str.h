/*
 * str.h - a borrowed string slice: bytes inside a mapping or a buffer,
 * not NUL-terminated.  Print it with "%.*s", (int)s.n, s.p.
 */
#ifndef LS_STR_H
#define LS_STR_H

#include <stddef.h>

typedef struct ls_str {
	const char *p;
	size_t n;
} ls_str;

#endif
