/*
 * ldso.c - facts read out of the bytes of a root's glibc ld.so, which
 * compiles them in rather than reading a file: its default directories
 * (elf/dl-load.c's system_dirs, from SYSTEM_DIRS) and its release
 * (the banner of elf/rtld.c's --version, "... release version 2.36.").
 * See ldso.h; analysis/loader_target.c uses them.
 */
#include "ldso.h"
#include "../core/strvec.h"

#include <string.h>

/* Offset where the NUL-terminated string holding byte off starts. */
static uint64_t string_start(ls_bytes b, uint64_t off)
{
	uint8_t c;

	while (off > 0 && ls_u8(b, off - 1, &c) && c != 0)
		off--;
	return off;
}

/* Is the string at off an absolute directory ending in '/' ("/lib/")? */
static bool dir_string(ls_bytes b, uint64_t off, const char **s, size_t *len)
{
	return ls_cstr(b, off, s, len) && *len >= 2 && (*s)[0] == '/' &&
	       (*s)[*len - 1] == '/';
}

/*
 * glibc's system_dirs in the loader's bytes: two or more NUL-terminated
 * absolute directories, each ending in '/', one after the other.  The
 * trailing '/' is dropped, as the loader does when it builds the list.
 */
char **ls_ldso_system_dirs(const ls_mapfile *f)
{
	ls_bytes b = f->bytes;
	static const char key[] = "/lib/\0";

	for (uint64_t from = 0; from < b.size;) {
		const uint8_t *hit = memmem(ls_ptr(b, from), b.size - from, key,
					    sizeof key - 1);
		uint64_t start, t;
		const char *str;
		size_t len;
		ls_strvec v = { 0 };

		if (!hit)
			break;
		from = (uint64_t)(hit - b.base) + sizeof key - 1;
		/* Back to the first directory of the run. */
		start = string_start(b, (uint64_t)(hit - b.base));
		while (start >= 2) {
			uint64_t prev = string_start(b, start - 2);

			if (!dir_string(b, prev, &str, &len) ||
			    prev + len + 1 != start)
				break;
			start = prev;
		}
		for (t = start; dir_string(b, t, &str, &len); t += len + 1)
			if (ls_strvec_addn(&v, str, len - 1) < 0) {
				ls_strvec_free(&v);
				return NULL;
			}
		if (v.n >= 2)
			return v.v;
		ls_strvec_free(&v);
	}
	return NULL;
}

/* "ld.so (Debian GLIBC 2.36-9) stable release version 2.36." */
int ls_ldso_glibc_minor(const ls_mapfile *f)
{
	ls_bytes b = f->bytes;
	static const char key[] = "release version 2.";
	const uint8_t *hit = memmem(b.base, b.size, key, sizeof key - 1);
	uint64_t off;
	uint8_t c;
	int minor = 0;

	if (!hit)
		return 0;
	off = (uint64_t)(hit - b.base) + sizeof key - 1;
	while (ls_u8(b, off++, &c) && c >= '0' && c <= '9' && minor < 1000)
		minor = minor * 10 + (c - '0');
	return minor;
}
