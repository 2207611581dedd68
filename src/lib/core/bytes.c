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
