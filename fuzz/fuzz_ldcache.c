/*
 * fuzz_ldcache.c - libFuzzer target: one ld.so.cache file (new format
 * alone or embedded in an "ld.so-1.7.0" table, or the old table alone;
 * either byte order).
 *
 * Parses the bytes with ls_ldcache_parse, reads every entry through
 * ls_ldcache_entry_get (and one past the end), and looks names up with
 * ls_ldcache_lookup the way loaders of several machines would: x86-64
 * with and without glibc-hwcaps subdirectories and ISA levels, a generic
 * loader, aarch64.  The names are a few fixed ones and the keys of the
 * first entries (each lookup walks the run of its key, so looking up
 * every key of a cache that is one long run would be quadratic by
 * design).  Build with fuzz/build.sh.
 */
#include "readers/ldcache.h"

#include <stdint.h>
#include <string.h>

/* Makes reads of returned strings observable (ASan sees every byte). */
static volatile size_t fz_sink;

static void fz_touch(const char *s)
{
	if (s)
		fz_sink += strlen(s);
}

#define FZ_MAX_KEYS 256

static char *fz_hw_all[] = { "x86-64-v4", "x86-64-v3", "x86-64-v2", NULL };
static char *fz_hw_rev[] = { "x86-64-v2", "x86-64-v3", "x86-64-v4",
			     "power10", "", NULL };

/* One name as several loaders would look it up. */
static void fz_lookups(const ls_ldcache *c, const char *name)
{
	fz_touch(ls_ldcache_lookup(c, name, 0x303, NULL, 0));
	fz_touch(ls_ldcache_lookup(c, name, 0x303, fz_hw_all, 0xf));
	fz_touch(ls_ldcache_lookup(c, name, 0x303, fz_hw_all, 0x3));
	fz_touch(ls_ldcache_lookup(c, name, 0x303, fz_hw_rev, UINT32_MAX));
	fz_touch(ls_ldcache_lookup(c, name, -1, fz_hw_rev, 0x1));
	fz_touch(ls_ldcache_lookup(c, name, 0xa03, NULL, UINT32_MAX));
	/* glibc 2.36 on aarch64: tls/ and atomics/ legacy entries. */
	fz_touch(ls_ldcache_lookup_legacy(c, name, 0xa03, NULL, UINT32_MAX,
					  1ull << 63 | 1ull << 8));
	fz_touch(ls_ldcache_lookup_legacy(c, name, 0x303, fz_hw_all, 0xf,
					  1ull << 63));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"libc.so.6", "libz.so.1", "libfoo.so.10", "ld-linux.so.2", "",
		"libm.so.6.0.0.99999999999999999999",
	};
	ls_ldcache c;
	ls_ldcache_entry e, prev = { 0 };
	ls_diag d = { 0 };

	if (ls_ldcache_parse(&c, (ls_bytes){ data, size }, &d) < 0) {
		fz_touch(d.msg);
		return 0;
	}
	fz_touch(c.generator);
	for (uint32_t i = 0; i < c.nhwcaps; i++)
		fz_touch(c.hwcaps[i]);
	/* i == nlibs is out of range on purpose: it must fail cleanly. */
	for (uint64_t i = 0; i <= c.nlibs; i++) {
		if (ls_ldcache_entry_get(&c, (uint32_t)i, &e, &d) < 0) {
			fz_touch(d.msg);
			continue;
		}
		fz_touch(e.key);
		fz_touch(e.value);
		fz_touch(e.hwcaps_dir);
		fz_sink += e.isa_level + (size_t)e.flags;
		if (prev.key)
			fz_sink += (size_t)ls_libcmp(prev.key, e.key);
		if (i < FZ_MAX_KEYS)
			fz_lookups(&c, e.key);
		prev = e;
	}
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		fz_lookups(&c, names[k]);
	return 0;
}
