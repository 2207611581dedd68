/*
 * bytes.c - bounds-checked reads of hostile input; see bytes.h.
 */
#include "bytes.h"

#include <string.h>

bool ls_sub(ls_bytes b, uint64_t off, uint64_t len, ls_bytes *out)
{
	if (!ls_in(b, off, len))
		return false;
	out->base = b.base + off;
	out->size = len;
	return true;
}

bool ls_u8(ls_bytes b, uint64_t off, uint8_t *out)
{
	if (!ls_in(b, off, 1))
		return false;
	*out = b.base[off];
	return true;
}

bool ls_u16(ls_bytes b, uint64_t off, int order, uint16_t *out)
{
	if (!ls_in(b, off, 2))
		return false;
	const uint8_t *p = b.base + off;
	*out = order == LS_LE ? (uint16_t)(p[0] | p[1] << 8)
			      : (uint16_t)(p[1] | p[0] << 8);
	return true;
}

bool ls_u32(ls_bytes b, uint64_t off, int order, uint32_t *out)
{
	if (!ls_in(b, off, 4))
		return false;
	const uint8_t *p = b.base + off;
	if (order == LS_LE)
		*out = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	else
		*out = (uint32_t)p[3] | (uint32_t)p[2] << 8 |
		       (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
	return true;
}

bool ls_u64(ls_bytes b, uint64_t off, int order, uint64_t *out)
{
	uint32_t lo, hi;

	if (!ls_in(b, off, 8))
		return false;
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

bool ls_word(ls_bytes b, uint64_t off, int order, int wordsize, uint64_t *out)
{
	uint32_t w;

	if (wordsize == 8)
		return ls_u64(b, off, order, out);
	if (!ls_u32(b, off, order, &w))
		return false;
	*out = w;
	return true;
}

bool ls_cstr(ls_bytes b, uint64_t off, const char **out, size_t *len)
{
	if (off >= b.size)
		return false;
	const uint8_t *p = b.base + off;
	const uint8_t *nul = memchr(p, 0, b.size - off);
	if (!nul)
		return false;
	*out = (const char *)p;
	if (len)
		*len = (size_t)(nul - p);
	return true;
}

bool ls_match(ls_bytes b, uint64_t off, const void *s, size_t len)
{
	return ls_in(b, off, len) && memcmp(b.base + off, s, len) == 0;
}
