/*
 * array.c - the growable array; see array.h.
 */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int ls_array_reserve(void *ptr, size_t *cap, size_t need, size_t elsize)
{
	void **pp = ptr;
	size_t nc = *cap ? *cap : 8;
	void *q;

	if (need <= *cap)
		return 0;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			return -1;
		nc *= 2;
	}
	if (elsize && nc > SIZE_MAX / elsize)
		return -1;
	if (!(q = realloc(*pp, nc * elsize)))
		return -1;
	*pp = q;
	*cap = nc;
	return 0;
}

void *ls_array_push_zero(void *ptr, size_t *n, size_t *cap, size_t elsize)
{
	char *e;

	if (ls_array_reserve(ptr, cap, *n + 1, elsize) < 0)
		return NULL;
	e = *(char **)ptr + *n * elsize;
	memset(e, 0, elsize);
	(*n)++;
	return e;
}

/* The capacity ls_array_reserve has grown an array of n elements to. */
static size_t implied_cap(size_t n)
{
	size_t c = 8;

	if (n == 0)
		return 0;
	while (c < n) {
		if (c > SIZE_MAX / 2)
			return n;
		c *= 2;
	}
	return c;
}

void *ls_array_push_counted(void *ptr, size_t *n, size_t elsize)
{
	size_t cap = implied_cap(*n);

	return ls_array_push_zero(ptr, n, &cap, elsize);
}
