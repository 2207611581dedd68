/*
 * bytes.h - the one bounds-checked window onto input bytes.
 *
 * Every byte linkscope reads from an inspected file goes through these
 * functions.  A view is a (base, size) pair; every accessor takes an offset
 * relative to the view and fails, instead of reading, when the access would
 * leave it.  Offsets and lengths are 64-bit and all arithmetic is checked
 * for overflow, because every field of the input is hostile.
 *
 * Parsers never index raw pointers into the mapping; they keep offsets and
 * ask this layer.  The only pointers handed out are to NUL-terminated
 * strings and sub-views whose bounds were just proven.
 */
#ifndef LS_BYTES_H
#define LS_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_bytes {
	const uint8_t *base;
	uint64_t size;
} ls_bytes;

/* Byte order of multi-byte fields. */
enum { LS_LE = 1, LS_BE = 2 };

static inline bool ls_add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

static inline bool ls_mul_ok(uint64_t a, uint64_t b, uint64_t *prod)
{
	return !__builtin_mul_overflow(a, b, prod);
}

/* True when [off, off+len) lies inside the view. */
static inline bool ls_in(ls_bytes b, uint64_t off, uint64_t len)
{
	return off <= b.size && len <= b.size - off;
}

bool ls_sub(ls_bytes b, uint64_t off, uint64_t len, ls_bytes *out);

/* Fixed-size reads; inline because every table entry goes through them.
 * On failure *out is set to 0. */
static inline bool ls_u8(ls_bytes b, uint64_t off, uint8_t *out)
{
	if (!ls_in(b, off, 1)) {
		*out = 0;
		return false;
	}
	*out = b.base[off];
	return true;
}

static inline bool ls_u16(ls_bytes b, uint64_t off, int order, uint16_t *out)
{
	if (!ls_in(b, off, 2)) {
		*out = 0;
		return false;
	}
	const uint8_t *p = b.base + off;
	*out = order == LS_LE ? (uint16_t)(p[0] | p[1] << 8)
			      : (uint16_t)(p[1] | p[0] << 8);
	return true;
}

static inline bool ls_u32(ls_bytes b, uint64_t off, int order, uint32_t *out)
{
	if (!ls_in(b, off, 4)) {
		*out = 0;
		return false;
	}
	const uint8_t *p = b.base + off;
	if (order == LS_LE)
		*out = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	else
		*out = (uint32_t)p[3] | (uint32_t)p[2] << 8 |
		       (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
	return true;
}

static inline bool ls_u64(ls_bytes b, uint64_t off, int order, uint64_t *out)
{
	uint32_t lo = 0, hi = 0;

	if (!ls_in(b, off, 8)) {
		*out = 0;
		return false;
	}
	if (order == LS_LE) {
		ls_u32(b, off, order, &lo);
		ls_u32(b, off + 4, order, &hi);
	} else {
		ls_u32(b, off, order, &hi);
		ls_u32(b, off + 4, order, &lo);
	}
	*out = (uint64_t)hi << 32 | lo;
	return true;
}

/* Reads a 4- or 8-byte word, widened to 64 bits. */
static inline bool ls_word(ls_bytes b, uint64_t off, int order, int wordsize,
			   uint64_t *out)
{
	uint32_t w = 0;

	if (wordsize == 8)
		return ls_u64(b, off, order, out);
	bool ok = ls_u32(b, off, order, &w);
	*out = w;
	if (!ok)
		return false;
	return true;
}



/*
 * A NUL-terminated string starting at off and ending inside the view.
 * On success *out points into the mapping (zero copy) and *len is its length.
 */
bool ls_cstr(ls_bytes b, uint64_t off, const char **out, size_t *len);

/* Compares len bytes at off with s. */
bool ls_match(ls_bytes b, uint64_t off, const void *s, size_t len);

/* Raw pointer to a range already proven in bounds by ls_in/ls_sub. */
static inline const uint8_t *ls_ptr(ls_bytes b, uint64_t off)
{
	return b.base + off;
}

#endif
