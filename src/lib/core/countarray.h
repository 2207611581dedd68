/*
 * countarray.h - growing an array that keeps only its count.
 *
 * The library's result structs (ls_ldscript, ls_link_undef ...) hold
 * (v, n) pairs and no capacity: a capacity field would be noise to every
 * reader of the result.  Such an array grows through ls_countarray_push
 * only; its capacity is then implied by n -- the smallest power of two
 * that holds n elements, at least 8, which is what ls_array_reserve
 * (array.h) gives when it grows one element at a time -- so appending
 * stays amortized O(1).  An array allocated any other way must not be
 * passed here.
 */
#ifndef LS_COUNTARRAY_H
#define LS_COUNTARRAY_H

#include <stddef.h>

/* Appends a zeroed element to *ptr (count *n) and returns it, or NULL
 * (out of memory or size overflow) with *ptr and *n unchanged. */
void *ls_countarray_push(void *ptr, size_t *n, size_t elsize);

#endif
