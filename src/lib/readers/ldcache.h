/*
 * ldcache.h - glibc's /etc/ld.so.cache ("glibc-ld.so.cache1.1", alone or
 * embedded after the old "ld.so-1.7.0" table) and the lookup ld.so does
 * in it, read from the bytes of any architecture's cache.
 */
#ifndef LS_LDCACHE_H
#define LS_LDCACHE_H

#include "../core/bytes.h"
#include "../core/diag.h"

#include <stdbool.h>
#include <stdint.h>

#define LS_LDCACHE_MAX_HWCAPS 64

typedef struct ls_ldcache {
	ls_bytes file;		/* the whole cache file */
	uint64_t base;		/* offset of the new-format header: entry
				 * string offsets count from here (in an
				 * old-format-only cache: its string table) */
	int order;		/* LS_LE / LS_BE, from the header flags */
	uint8_t hdr_flags;	/* the header's flags byte; & 3 is 2 (LE) or
				 * 3 (BE), or 0 when the writer did not say
				 * (order is then guessed; glibc reads such a
				 * cache in its own order) */
	bool old_format;	/* only the "ld.so-1.7.0" table: 12-byte
				 * entries, no hwcap, no extension */
	uint32_t nlibs;
	uint64_t entries;	/* offset of entry 0 */
	/* Extension tag 0, copied and NUL-terminated ("" when absent):
	 * ldconfig writes it without a NUL at the very end of the file, so
	 * it cannot point into the mapping.  Truncated to fit. */
	char generator[128];
	uint32_t nhwcaps;	/* extension tag 1: glibc-hwcaps subdir names */
	const char *hwcaps[LS_LDCACHE_MAX_HWCAPS];
} ls_ldcache;

typedef struct ls_ldcache_entry {
	int32_t flags;
	const char *key;	/* SONAME */
	const char *value;	/* path */
	uint64_t hwcap;
	const char *hwcaps_dir;	/* "x86-64-v3" for a glibc-hwcaps entry, else NULL */
	uint32_t isa_level;	/* bits 32-41 of a glibc-hwcaps entry */
} ls_ldcache_entry;

/*
 * Validates the header, every entry's key and path (in the file,
 * NUL-terminated, shorter than PATH_MAX) and the extension directory, as
 * glibc's loader does before it uses a cache, and stricter where glibc
 * would read out of bounds.  Reads a cache of either byte order.  A
 * cache whose header says "invalid" (flags 1) is an error: glibc ignores
 * it.  Whether the cache suits a target is the caller's question:
 * glibc ignores a cache whose hdr_flags & 3 is not 0 and not its own
 * byte order.  0, or -1 with d filled (offsets are file offsets).
 */
int ls_ldcache_parse(ls_ldcache *c, ls_bytes file, ls_diag *d);

/* Entry i (< nlibs).  0, or -1 with d filled. */
int ls_ldcache_entry_get(const ls_ldcache *c, uint32_t i,
			 ls_ldcache_entry *out, ls_diag *d);

/*
 * glibc's _dl_load_cache_lookup (2.37 and later): the path for SONAME
 * name, or NULL.  Returns a pointer into c->file.
 *
 * flags_id is the entry flags the loader accepts (0x303 for x86-64), or
 * -1 for a generic loader that takes 1 or 3.  hwcaps lists the
 * glibc-hwcaps subdirectory names the loader would use ("x86-64-v3",
 * without "glibc-hwcaps/"), best first, NULL-terminated; NULL for none
 * (then glibc-hwcaps entries are never chosen); only the first
 * LS_LDCACHE_MAX_HWCAPS count.  isa_mask has bit n set when x86 ISA
 * level n is usable; entries with level 0 are always usable, levels of
 * 32 and above never, unless isa_mask is UINT32_MAX, which accepts every
 * level (what non-x86 loaders do: they do not check).
 *
 * Entries with a legacy (non-glibc-hwcaps) hwcap value are skipped, as
 * since glibc 2.37.  The search is glibc's exactly (binary search, then
 * the run of equal keys) so a cache that is not sorted gives the same
 * answer as ld.so, and it is bounded by nlibs.
 */
const char *ls_ldcache_lookup(const ls_ldcache *c, const char *name,
			      int32_t flags_id, char *const *hwcaps,
			      uint32_t isa_mask);

/*
 * The same for glibc 2.33-2.36, which still used legacy hwcap entries
 * (ldconfig's tls/, platform and hwcap-named subdirectories, e.g.
 * aarch64's atomics/ = bit 8): such an entry is usable when all its bits
 * are in legacy_ok (dl_hwcap & hwcap_mask, plus 1<<63 for tls), as
 * search_cache's hwcap_exclude test in elf/dl-cache.c; legacy_ok 0 is
 * ls_ldcache_lookup.
 */
const char *ls_ldcache_lookup_legacy(const ls_ldcache *c, const char *name,
				     int32_t flags_id, char *const *hwcaps,
				     uint32_t isa_mask, uint64_t legacy_ok);

/* _dl_cache_libcmp: digit runs compare numerically, a digit ranks above
 * a non-digit, other bytes compare as signed char (as on x86, where
 * ldconfig wrote the caches this reads); ldconfig sorts entries in
 * descending order of it. */
int ls_libcmp(const char *a, const char *b);

#endif
