/*
 * array.h - the one growable array.
 *
 * Every list the library builds grows through ls_array_reserve: capacity
 * doubles (at least 8 elements), the byte count is checked for overflow,
 * and a failure leaves the old array untouched so the caller can free it.
 * Callers keep (ptr, n, cap); LS_ARRAY_PUSH covers the common case.
 *
 * Out of memory is an error like any other: the caller turns -1 into
 * ls_oom(d) (diag.h) and returns it.  Library code never aborts and never
 * drops an element silently.
 */
#ifndef LS_ARRAY_H
#define LS_ARRAY_H

#include <stddef.h>

/* Makes room for `need` elements of `elsize` bytes in *ptr (capacity
 * *cap).  Returns 0, or -1 (out of memory or size overflow) with *ptr and
 * *cap unchanged. */
int ls_array_reserve(void *ptr, size_t *cap, size_t need, size_t elsize);

/* Appends one element: `LS_ARRAY_PUSH(v, n, cap, x)` evaluates to 0 or -1.
 * v is an lvalue pointer, n and cap lvalue size_t. */
#define LS_ARRAY_PUSH(v, n, cap, x)					\
	(ls_array_reserve(&(v), &(cap), (n) + 1, sizeof *(v)) < 0 ? -1	\
	 : ((v)[(n)++] = (x), 0))

/* Returns a pointer to a new zeroed element at the end, or NULL. */
void *ls_array_push_zero(void *ptr, size_t *n, size_t *cap, size_t elsize);

/*
 * For result structs that keep (v, n) and no capacity (a capacity field
 * would be noise to every reader of the result): the capacity is implied
 * by n -- the power of two ls_array_reserve reaches growing one element
 * at a time -- so appending stays amortized O(1).  An array grown any
 * other way must not be passed here.  Returns a new zeroed element, or
 * NULL with *ptr and *n unchanged.
 */
void *ls_array_push_counted(void *ptr, size_t *n, size_t elsize);

#endif
