/*
 * countarray.c - arrays that keep only their count; see countarray.h.
 */
#include "countarray.h"
#include "array.h"

#include <stdint.h>

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

void *ls_countarray_push(void *ptr, size_t *n, size_t elsize)
{
	size_t cap = implied_cap(*n);

	return ls_array_push_zero(ptr, n, &cap, elsize);
}
