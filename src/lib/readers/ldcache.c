/*
 * ldcache.c - glibc's ld.so.cache and ld.so's lookup in it; see ldcache.h.
 *
 * The layout and every rule below follow glibc's sysdeps/generic/dl-cache.h
 * (formats, extension directory), elf/cache.c (what ldconfig writes) and
 * elf/dl-cache.c (how ld.so reads and searches it).  The file is hostile:
 * it is read only through core/bytes.h, every count is bounded by the
 * bytes behind it, and every string is proven to end inside the file
 * before anything reads it.
 */
#include "ldcache.h"

#include <string.h>

#define OLD_MAGIC "ld.so-1.7.0"			/* 11 bytes, no NUL */
#define OLD_MAGIC_LEN 11
#define OLD_HDR 16	/* magic, pad to 4, u32 nlibs */
#define OLD_ENT 12	/* i32 flags, u32 key, u32 value */

#define NEW_MAGIC "glibc-ld.so.cache1.1"	/* 20 bytes, no NUL */
#define NEW_MAGIC_LEN 20
#define NEW_HDR 48
#define NEW_ENT 24	/* flags, key, value, osversion, u64 hwcap */
#define NEW_NLIBS 20
#define NEW_FLAGS 28
#define NEW_EXTOFF 32

#define EXT_MAGIC 0xeaa42174u	/* cache_extension_magic */
#define EXT_SEC 16		/* tag, flags, offset, size */
#define TAG_GENERATOR 0
#define TAG_HWCAPS 1

#define HWCAP_EXTENSION (UINT64_C(1) << 62)
#define ISA_LEVEL_MASK 0x3ffu

#define FLAG_ELF 1
#define FLAG_ELF_LIBC6 3

/* A key or path this long cannot be opened (PATH_MAX), and the bound
 * keeps validation linear: no string is scanned twice past it. */
#define STR_MAX 4096

/* One entry's raw fields. */
typedef struct raw_entry {
	uint64_t off;		/* file offset of the entry */
	int32_t flags;
	uint32_t key, value;
	uint64_t hwcap;
} raw_entry;

static uint64_t entsize(const ls_ldcache *c)
{
	return c->old_format ? OLD_ENT : NEW_ENT;
}

static bool read_entry(const ls_ldcache *c, uint64_t i, raw_entry *r)
{
	uint32_t flags = 0;

	r->off = c->entries + i * entsize(c);
	r->hwcap = 0;
	if (!ls_u32(c->file, r->off, c->order, &flags) ||
	    !ls_u32(c->file, r->off + 4, c->order, &r->key) ||
	    !ls_u32(c->file, r->off + 8, c->order, &r->value))
		return false;
	r->flags = (int32_t)flags;
	if (!c->old_format && !ls_u64(c->file, r->off + 16, c->order, &r->hwcap))
		return false;
	return true;
}

/* The string at rel from the string base, or NULL when it does not end
 * (within STR_MAX) inside the file. */
static const char *str_at(const ls_ldcache *c, uint32_t rel)
{
	const char *s;
	size_t len;

	if (!ls_cstr(c->file, c->base + rel, &s, &len) || len >= STR_MAX)
		return NULL;
	return s;
}

/* Explains why str_at failed for the string named by the field at
 * field_off. */
static int bad_str(const ls_ldcache *c, uint64_t field_off, uint64_t str_off,
		   const char *what, ls_diag *d)
{
	const char *s;
	size_t len;

	if (str_off >= c->file.size)
		return ls_fail(d, field_off, "%s string offset 0x%llx is past "
			       "the end of the file", what,
			       (unsigned long long)str_off);
	if (!ls_cstr(c->file, str_off, &s, &len))
		return ls_fail(d, str_off, "unterminated %s string", what);
	return ls_fail(d, str_off, "%s string longer than %d bytes", what,
		       STR_MAX - 1);
}

/* --- header ------------------------------------------------------------- */

/*
 * nlibs of a header at hdr (the field at hdr+field), read in order, when
 * that many entries fit in the file after hdr_size bytes of header: the
 * check glibc makes before it trusts the count.
 */
static bool count_fits(ls_bytes f, uint64_t hdr, uint64_t field,
		       uint64_t hdr_size, uint64_t ent, int order,
		       uint32_t *n)
{
	uint64_t start = hdr + hdr_size;

	if (!ls_u32(f, hdr + field, order, n) || start > f.size)
		return false;
	return (f.size - start) / ent >= *n;
}

/* The byte order the header's flags name; for flags 0 (an old ldconfig
 * that did not record it) the order in which nlibs fits, little endian
 * first. */
static int new_order(ls_ldcache *c, uint64_t hdr, ls_diag *d)
{
	uint8_t fl = 0;
	uint32_t n;

	ls_u8(c->file, hdr + NEW_FLAGS, &fl);
	c->hdr_flags = fl;
	switch (fl & 3) {
	case 2:
		return LS_LE;
	case 3:
		return LS_BE;
	case 1:
		return ls_fail(d, hdr + NEW_FLAGS, "cache marked invalid "
			       "(header flags 0x%x)", fl);
	}
	/* glibc accepts flags 0 only: other bits with no byte order make
	 * cache_file_new_matches_endian fail on every host. */
	if (fl != 0)
		return ls_fail(d, hdr + NEW_FLAGS, "header flags 0x%x name no "
			       "byte order", fl);
	if (count_fits(c->file, hdr, NEW_NLIBS, NEW_HDR, NEW_ENT, LS_BE, &n) &&
	    !count_fits(c->file, hdr, NEW_NLIBS, NEW_HDR, NEW_ENT, LS_LE, &n))
		return LS_BE;
	return LS_LE;
}

/* The "glibc-ld.so.cache1.1" header at hdr (0, or after the old table). */
static int parse_new_header(ls_ldcache *c, uint64_t hdr, ls_diag *d)
{
	uint32_t n;

	if (!ls_in(c->file, hdr, NEW_HDR))
		return ls_fail(d, hdr, "truncated cache header");
	int order = new_order(c, hdr, d);
	if (order < 0)
		return -1;
	c->order = order;
	if (!count_fits(c->file, hdr, NEW_NLIBS, NEW_HDR, NEW_ENT, order, &n))
		return ls_fail(d, hdr + NEW_NLIBS, "nlibs %u too large: %u-byte "
			       "entries past the end of the file", n, NEW_ENT);
	c->base = hdr;
	c->nlibs = n;
	c->entries = hdr + NEW_HDR;
	return 0;
}

/*
 * Where ldconfig put the new header after an old table ending at end:
 * ALIGN_CACHE, i.e. the writer's __alignof__(struct cache_file_new), 8 on
 * most 64-bit hosts and 4 on i386 and others.  Both are tried, 8 first.
 * glibc wants the whole header inside the file before it looks.
 */
static bool find_embedded(ls_bytes f, uint64_t end, uint64_t *hdr)
{
	uint64_t cand[2] = { (end + 7) & ~(uint64_t)7, end };

	for (int k = 0; k < 2; k++) {
		if (ls_in(f, cand[k], NEW_HDR) &&
		    ls_match(f, cand[k], NEW_MAGIC, NEW_MAGIC_LEN)) {
			*hdr = cand[k];
			return true;
		}
	}
	return false;
}

/*
 * An "ld.so-1.7.0" cache: the new format hidden in its string table, or
 * (ldconfig -c old) the old table alone.  The old header records no byte
 * order, so both are tried for its count.
 */
static int parse_old(ls_ldcache *c, ls_diag *d)
{
	static const int orders[2] = { LS_LE, LS_BE };
	int old_order = 0;
	uint32_t old_n = 0, n;
	uint64_t hdr;

	if (!ls_in(c->file, 0, OLD_HDR))
		return ls_fail(d, 0, "truncated old-format cache header");
	for (int k = 0; k < 2; k++) {
		if (!count_fits(c->file, 0, 12, OLD_HDR, OLD_ENT, orders[k], &n))
			continue;
		uint64_t end = OLD_HDR + (uint64_t)n * OLD_ENT;
		if (find_embedded(c->file, end, &hdr))
			return parse_new_header(c, hdr, d);
		if (!old_order) {
			old_order = orders[k];
			old_n = n;
		}
	}
	if (!old_order) {
		ls_u32(c->file, 12, LS_LE, &n);
		return ls_fail(d, 12, "nlibs %u too large: %u-byte entries "
			       "past the end of the file", n, OLD_ENT);
	}
	c->old_format = true;
	c->order = old_order;
	c->nlibs = old_n;
	c->entries = OLD_HDR;
	c->base = OLD_HDR + (uint64_t)old_n * OLD_ENT;
	return 0;
}

/* --- entries and extension ----------------------------------------------- */

/* Every key and path resolves, so lookups never meet a bad string. */
static int check_entries(const ls_ldcache *c, ls_diag *d)
{
	raw_entry r;

	for (uint64_t i = 0; i < c->nlibs; i++) {
		if (!read_entry(c, i, &r))
			return ls_fail(d, c->entries + i * entsize(c),
				       "truncated entry %llu",
				       (unsigned long long)i);
		if (!str_at(c, r.key))
			return bad_str(c, r.off + 4, c->base + r.key, "key", d);
		if (!str_at(c, r.value))
			return bad_str(c, r.off + 8, c->base + r.value, "path",
				       d);
	}
	return 0;
}

/* Tag 0: the ldconfig version, stored without a NUL, so it is copied
 * (an embedded NUL simply ends the copy). */
static void load_generator(ls_ldcache *c, uint32_t off, uint32_t size)
{
	size_t n = size < sizeof c->generator - 1 ? size
						   : sizeof c->generator - 1;

	/* In bounds: read_section checked the section against the file. */
	memcpy(c->generator, ls_ptr(c->file, off), n);
	c->generator[n] = '\0';
}

/*
 * Tag 1: u32 string offsets naming the glibc-hwcaps subdirectories.  They
 * are offsets from the start of the file: that is how ld.so
 * (glibc_hwcaps_compare) and ldconfig -p read them.  ldconfig writes
 * them relative to the new header, the same thing except in an old
 * cache with the new one embedded (ldconfig -c compat), where glibc's
 * readers then see other strings; we see what they see.
 */
static int load_hwcaps(ls_ldcache *c, uint32_t off, uint32_t size,
		       ls_diag *d)
{
	uint32_t n = size / 4;

	if (n > LS_LDCACHE_MAX_HWCAPS)
		return ls_fail(d, off, "%u glibc-hwcaps subdirectories (at most "
			       "%d supported)", n, LS_LDCACHE_MAX_HWCAPS);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t so;
		const char *s;
		size_t len;

		ls_u32(c->file, off + 4 * (uint64_t)i, c->order, &so);
		if (so >= c->file.size)
			return ls_fail(d, off + 4 * (uint64_t)i, "glibc-hwcaps "
				       "name offset 0x%x is past the end of the "
				       "file", so);
		if (!ls_cstr(c->file, so, &s, &len))
			return ls_fail(d, so, "unterminated glibc-hwcaps name");
		if (len >= STR_MAX)
			return ls_fail(d, so, "glibc-hwcaps name longer than %d "
				       "bytes", STR_MAX - 1);
		c->hwcaps[i] = s;
	}
	c->nhwcaps = n;
	return 0;
}

/* One section of the extension directory: glibc rejects the cache if
 * any section (known or not) leaves the file. */
static int read_section(const ls_ldcache *c, uint64_t sec, uint32_t i,
			uint32_t v[4], ls_diag *d)
{
	for (int k = 0; k < 4; k++)
		ls_u32(c->file, sec + 4 * (uint64_t)k, c->order, &v[k]);
	if ((uint64_t)v[2] + v[3] > c->file.size)
		return ls_fail(d, sec + 8, "extension section %u (tag %u) runs "
			       "past the end of the file", i, v[0]);
	return 0;
}

/* glibc's cache_extension_load and cache_extension_verify. */
static int parse_extension(ls_ldcache *c, ls_diag *d)
{
	uint32_t xoff, magic, count, v[4];
	uint32_t gen[2] = { 0, 0 }, hw[2] = { 0, 0 };
	bool has_gen = false, has_hw = false;

	ls_u32(c->file, c->base + NEW_EXTOFF, c->order, &xoff);
	if (xoff == 0)
		return 0;
	if (xoff % 4)
		return ls_fail(d, c->base + NEW_EXTOFF, "extension offset 0x%x "
			       "is not a multiple of 4", xoff);
	if (!ls_in(c->file, xoff, 8))
		return ls_fail(d, c->base + NEW_EXTOFF, "extension offset 0x%x "
			       "is past the end of the file", xoff);
	ls_u32(c->file, xoff, c->order, &magic);
	if (magic != EXT_MAGIC)
		return ls_fail(d, xoff, "bad extension magic 0x%08x", magic);
	ls_u32(c->file, xoff + 4, c->order, &count);
	if ((c->file.size - xoff - 8) / EXT_SEC < count)
		return ls_fail(d, xoff + 4, "extension count %u too large",
			       count);
	for (uint32_t i = 0; i < count; i++) {
		if (read_section(c, xoff + 8 + (uint64_t)i * EXT_SEC, i, v, d))
			return -1;
		/* Unknown tags are skipped; a repeated tag: the last wins. */
		if (v[0] == TAG_GENERATOR) {
			has_gen = true;
			gen[0] = v[2], gen[1] = v[3];
		} else if (v[0] == TAG_HWCAPS) {
			has_hw = true;
			hw[0] = v[2], hw[1] = v[3];
		}
	}
	if (has_gen)
		load_generator(c, gen[0], gen[1]);
	/* An empty, misaligned or ragged hwcaps section is dropped, not an
	 * error (cache_extension_verify). */
	if (has_hw && hw[1] != 0 && hw[0] % 4 == 0 && hw[1] % 4 == 0)
		return load_hwcaps(c, hw[0], hw[1], d);
	return 0;
}

int ls_ldcache_parse(ls_ldcache *c, ls_bytes file, ls_diag *d)
{
	memset(c, 0, sizeof *c);
	c->file = file;
	if (ls_match(file, 0, NEW_MAGIC, NEW_MAGIC_LEN)) {
		if (parse_new_header(c, 0, d) < 0)
			return -1;
	} else if (ls_match(file, 0, OLD_MAGIC, OLD_MAGIC_LEN)) {
		if (parse_old(c, d) < 0)
			return -1;
	} else {
		return ls_fail(d, 0, "not an ld.so.cache (no \"" NEW_MAGIC
			       "\" or \"" OLD_MAGIC "\" magic)");
	}
	if (check_entries(c, d) < 0)
		return -1;
	if (!c->old_format && parse_extension(c, d) < 0)
		return -1;
	return 0;
}

/* --- entries ---------------------------------------------------------- */

/* dl_cache_hwcap_extension: bit 62 alone in the upper half, ignoring the
 * ISA level bits. */
static bool is_hwcaps_entry(uint64_t hwcap)
{
	return ((hwcap >> 32) & ~(uint64_t)ISA_LEVEL_MASK) ==
	       (HWCAP_EXTENSION >> 32);
}

int ls_ldcache_entry_get(const ls_ldcache *c, uint32_t i,
			 ls_ldcache_entry *out, ls_diag *d)
{
	raw_entry r;

	memset(out, 0, sizeof *out);
	if (i >= c->nlibs)
		return ls_fail(d, c->entries, "entry %u out of range (%u "
			       "entries)", i, c->nlibs);
	if (!read_entry(c, i, &r))
		return ls_fail(d, c->entries + i * entsize(c),
			       "truncated entry %u", i);
	out->flags = r.flags;
	out->hwcap = r.hwcap;
	out->key = str_at(c, r.key);
	if (!out->key)
		return bad_str(c, r.off + 4, c->base + r.key, "key", d);
	out->value = str_at(c, r.value);
	if (!out->value)
		return bad_str(c, r.off + 8, c->base + r.value, "path", d);
	if (is_hwcaps_entry(r.hwcap)) {
		uint32_t idx = (uint32_t)r.hwcap;
		out->isa_level = (uint32_t)(r.hwcap >> 32) & ISA_LEVEL_MASK;
		if (idx < c->nhwcaps)
			out->hwcaps_dir = c->hwcaps[idx];
	}
	return 0;
}

/* --- _dl_cache_libcmp ----------------------------------------------------- */

static bool is_digit(signed char ch)
{
	return ch >= '0' && ch <= '9';
}

/* A run of digits, as glibc's int accumulates it (wrapping, which is
 * what its compiled code does with overlong runs). */
static uint32_t digit_run(const signed char **p)
{
	uint32_t v = 0;

	while (is_digit(**p))
		v = v * 10 + (uint32_t)(*(*p)++ - '0');
	return v;
}

int ls_libcmp(const char *a, const char *b)
{
	const signed char *p1 = (const signed char *)a;
	const signed char *p2 = (const signed char *)b;

	while (*p1 != '\0') {
		if (is_digit(*p1)) {
			if (!is_digit(*p2))
				return 1;
			uint32_t v1 = digit_run(&p1);
			uint32_t v2 = digit_run(&p2);
			if (v1 != v2)
				return (int32_t)(v1 - v2);
		} else if (is_digit(*p2)) {
			return -1;
		} else if (*p1 != *p2) {
			return *p1 - *p2;
		} else {
			p1++;
			p2++;
		}
	}
	return *p1 - *p2;
}

/* --- _dl_load_cache_lookup ------------------------------------------------ */

/* One name of the loader's glibc-hwcaps list (dl_hwcaps_priority). */
typedef struct hw_prio {
	const char *name;
	size_t len;
	uint32_t prio;		/* 1 = best */
} hw_prio;

/* glibc_hwcaps_compare / sort_priorities_by_name: bytes, then length. */
static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int cmp = memcmp(a, b, alen < blen ? alen : blen);

	if (cmp != 0)
		return cmp;
	return alen < blen ? -1 : alen > blen;
}

/* _dl_hwcaps_priorities: the caller's list numbered from 1, sorted by
 * name with glibc's (stable) insertion sort. */
static uint32_t loader_prios(char *const *hwcaps, hw_prio *p)
{
	uint32_t n = 0;

	for (; hwcaps && hwcaps[n] && n < LS_LDCACHE_MAX_HWCAPS; n++) {
		p[n].name = hwcaps[n];
		p[n].len = strlen(hwcaps[n]);
		p[n].prio = n + 1;
	}
	for (uint32_t i = 1; i < n; i++) {
		for (uint32_t j = i; j > 0; j--) {
			if (name_cmp(p[j].name, p[j].len, p[j - 1].name,
				     p[j - 1].len) >= 0)
				break;
			hw_prio t = p[j - 1];
			p[j - 1] = p[j];
			p[j] = t;
		}
	}
	return n;
}

/*
 * glibc_hwcaps_priorities_init: out[i] is the priority of the cache's
 * subdirectory i, 0 when the loader does not use it.  A merge of two
 * name-sorted lists, as glibc does it, so a cache whose list is not
 * sorted gets the priorities ld.so would give it.
 */
static void cache_prios(const ls_ldcache *c, char *const *hwcaps,
			uint32_t *out)
{
	hw_prio p[LS_LDCACHE_MAX_HWCAPS];
	uint32_t np = loader_prios(hwcaps, p);
	uint32_t l = 0, r = 0;

	while (l < c->nhwcaps && r < np) {
		int cmp = name_cmp(c->hwcaps[l], strlen(c->hwcaps[l]),
				   p[r].name, p[r].len);
		if (cmp == 0)
			out[l++] = p[r++].prio;
		else if (cmp < 0)
			out[l++] = 0;
		else
			r++;
	}
	while (l < c->nhwcaps)
		out[l++] = 0;
}

/* What one lookup carries along the run of equal keys. */
typedef struct search {
	const ls_ldcache *c;
	int32_t flags_id;
	char *const *hwcaps;
	uint32_t isa_mask;
	uint64_t legacy_ok;	/* legacy hwcap bits accepted; 0: none */
	bool prios_ready;
	uint32_t prios[LS_LDCACHE_MAX_HWCAPS];
	const char *best;
	uint32_t best_prio;
} search;

/* _dl_cache_check_flags: the loader's own id, or generic 1 or 3. */
static bool flags_ok(const search *s, int32_t flags)
{
	if (s->flags_id >= 0)
		return flags == s->flags_id;
	return flags == FLAG_ELF || flags == FLAG_ELF_LIBC6;
}

/* dl_cache_hwcap_isa_level_compatible (x86; other loaders accept all). */
static bool isa_ok(const search *s, uint64_t hwcap)
{
	uint32_t level = (uint32_t)(hwcap >> 32) & ISA_LEVEL_MASK;

	if (level == 0 || s->isa_mask == UINT32_MAX)
		return true;
	return level < 32 && (s->isa_mask >> level & 1);
}

static uint32_t entry_prio(search *s, uint64_t hwcap)
{
	uint32_t idx = (uint32_t)hwcap;

	if (!s->prios_ready) {
		cache_prios(s->c, s->hwcaps, s->prios);
		s->prios_ready = true;
	}
	return idx < s->c->nhwcaps ? s->prios[idx] : 0;
}

enum { NEXT, STOP };

/*
 * One entry of the run whose key matched (the body of search_cache's
 * do-while): NEXT to go on, STOP when the answer is settled.
 */
static int consider(search *s, const raw_entry *r)
{
	const char *value = str_at(s->c, r->value);
	bool named = false;

	if (!flags_ok(s, r->flags) || !value)
		return NEXT;
	/* Old entries have no hwcap: glibc skips these checks for them. */
	if (!s->c->old_format) {
		named = is_hwcaps_entry(r->hwcap);
		if (named && !isa_ok(s, r->hwcap))
			return NEXT;
		/* glibc-hwcaps entries sort first: a plain entry after a
		 * match ends the search. */
		if (!named && s->best)
			return STOP;
		/* Legacy hwcap entries: ignored since glibc 2.37; before,
		 * usable when every bit is one the loader accepts
		 * (search_cache's hwcap_exclude test). */
		if (!named && r->hwcap != 0 &&
		    (!s->legacy_ok || (r->hwcap & ~s->legacy_ok)))
			return NEXT;
		if (named) {
			uint32_t prio = entry_prio(s, r->hwcap);
			if (prio == 0 || (s->best && prio >= s->best_prio))
				return NEXT;
			s->best_prio = prio;
		}
	}
	s->best = value;
	if (!named && r->flags == (s->flags_id >= 0 ? s->flags_id
						    : FLAG_ELF_LIBC6))
		return STOP;
	return NEXT;
}

static bool key_matches(const ls_ldcache *c, const char *name, int64_t i)
{
	raw_entry r;
	const char *key;

	if (!read_entry(c, (uint64_t)i, &r) || !(key = str_at(c, r.key)))
		return false;
	return ls_libcmp(name, key) == 0;
}

/* The run of entries equal to name around hit, from its first entry up
 * to right (the binary search's bound, as glibc walks it). */
static const char *walk_run(search *s, const char *name, int64_t hit,
			    int64_t right)
{
	int64_t known = hit, i = hit;
	raw_entry r;

	while (i > 0 && key_matches(s->c, name, i - 1))
		i--;
	for (; i <= right; i++) {
		if (i > known && !key_matches(s->c, name, i))
			break;
		if (!read_entry(s->c, (uint64_t)i, &r))
			break;
		if (consider(s, &r) == STOP)
			break;
	}
	return s->best;
}

const char *ls_ldcache_lookup(const ls_ldcache *c, const char *name,
			      int32_t flags_id, char *const *hwcaps,
			      uint32_t isa_mask)
{
	return ls_ldcache_lookup_legacy(c, name, flags_id, hwcaps, isa_mask, 0);
}

const char *ls_ldcache_lookup_legacy(const ls_ldcache *c, const char *name,
				     int32_t flags_id, char *const *hwcaps,
				     uint32_t isa_mask, uint64_t legacy_ok)
{
	search s = { .c = c, .flags_id = flags_id, .hwcaps = hwcaps,
		     .isa_mask = isa_mask, .legacy_ok = legacy_ok };
	int64_t left = 0, right = (int64_t)c->nlibs - 1;

	if (!name)
		return NULL;
	while (left <= right) {
		int64_t middle = left + (right - left) / 2;
		raw_entry r;
		const char *key;

		/* glibc gives up on a bad key; parse rejected those. */
		if (!read_entry(c, (uint64_t)middle, &r) ||
		    !(key = str_at(c, r.key)))
			return NULL;
		int cmp = ls_libcmp(name, key);
		if (cmp == 0)
			return walk_run(&s, name, middle, right);
		if (cmp < 0)
			left = middle + 1;
		else
			right = middle - 1;
	}
	return NULL;
}
