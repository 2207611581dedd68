/*
 * test_ldcache.c - the ld.so.cache reader and ld.so's lookup in it (caches
 * built in memory: new format alone or embedded in an old table, old
 * format alone, both byte orders, glibc-hwcaps entries, malformed
 * variants), the machine's own /etc/ld.so.cache against `ldconfig -p`,
 * and ld.so.conf / musl path files in a temporary root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mapfile.h"
#include "elfbuild.h"
#include "readers/ldcache.h"
#include "readers/ldconf.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- building caches ---------------------------------------------------- */

typedef struct tent {
	int32_t flags;
	const char *key, *value;
	uint64_t hwcap;
} tent;

typedef struct topt {
	int order;		/* LS_LE or LS_BE */
	int hflags;		/* header flags byte; -1: from order */
	bool old;		/* embed after an "ld.so-1.7.0" table */
	uint32_t nold;		/* its (zeroed) entries */
	bool align4;		/* a writer with 4-byte ALIGN_CACHE */
	const char *gen;	/* extension tag 0; NULL with nhw 0: none */
	const char *const *hw;	/* extension tag 1 names */
	uint32_t nhw;
} topt;

/* Where the builder put things (file offsets). */
typedef struct tcache {
	uint8_t *img;
	size_t n;
	uint64_t base, ents, strs, ext, hwarr, gen;
	uint64_t value_off[16];	/* of each entry's path string */
	uint64_t hw_off[80];	/* of each hwcaps name */
} tcache;

#define HWC(level, idx) \
	((UINT64_C(1) << 62) | (uint64_t)(level) << 32 | (uint32_t)(idx))

static void build(tcache *t, const tent *e, uint32_t n, const topt *o)
{
	eb_buf b = { 0 }, s = { 0 };
	uint32_t key[16], val[16], hw[80];
	bool ext = o->gen || o->nhw;

	assert_true(n <= 16 && o->nhw <= 80);
	memset(t, 0, sizeof *t);
	for (uint32_t i = 0; i < n; i++) {
		key[i] = eb_buf_str(&s, e[i].key);
		val[i] = eb_buf_str(&s, e[i].value);
	}
	for (uint32_t i = 0; i < o->nhw; i++)
		hw[i] = eb_buf_str(&s, o->hw[i]);
	if (o->old) {
		eb_buf_add(&b, "ld.so-1.7.0", 11);
		eb_buf_zero(&b, 1);
		eb_buf_u32(&b, o->order, o->nold);
		eb_buf_zero(&b, 12 * (size_t)o->nold);
		if (!o->align4)
			eb_buf_zero(&b, (8 - b.n % 8) % 8);
	}
	t->base = b.n;
	t->ents = t->base + 48;
	t->strs = t->ents + 24 * (uint64_t)n;
	eb_buf_add(&b, "glibc-ld.so.cache1.1", 20);
	eb_buf_u32(&b, o->order, n);
	eb_buf_u32(&b, o->order, (uint32_t)s.n);
	eb_buf_u8(&b, (uint8_t)(o->hflags >= 0 ? o->hflags
				: o->order == LS_LE ? 2 : 3));
	eb_buf_zero(&b, 3);
	eb_buf_u32(&b, o->order, 0);	/* extension offset, patched */
	eb_buf_zero(&b, 12);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t rel = (uint32_t)(t->strs - t->base);
		eb_buf_u32(&b, o->order, (uint32_t)e[i].flags);
		eb_buf_u32(&b, o->order, rel + key[i]);
		eb_buf_u32(&b, o->order, rel + val[i]);
		eb_buf_u32(&b, o->order, 0);
		eb_buf_u64(&b, o->order, e[i].hwcap);
		t->value_off[i] = t->strs + val[i];
	}
	eb_buf_add(&b, s.p, s.n);
	for (uint32_t i = 0; i < o->nhw; i++)
		t->hw_off[i] = t->strs + hw[i];
	if (ext) {
		const char *g = o->gen ? o->gen : "";
		uint32_t nsec = o->nhw ? 2 : 1;
		eb_buf_zero(&b, (4 - b.n % 4) % 4);
		t->ext = b.n;
		t->hwarr = t->ext + 8 + 16 * (uint64_t)nsec;
		t->gen = t->hwarr + 4 * (uint64_t)o->nhw;
		eb_buf_u32(&b, o->order, 0xeaa42174u);
		eb_buf_u32(&b, o->order, nsec);
		eb_buf_u32(&b, o->order, 0);	/* tag 0: generator */
		eb_buf_u32(&b, o->order, 0);
		eb_buf_u32(&b, o->order, (uint32_t)t->gen);
		eb_buf_u32(&b, o->order, (uint32_t)strlen(g));
		if (o->nhw) {
			eb_buf_u32(&b, o->order, 1);	/* tag 1: hwcaps */
			eb_buf_u32(&b, o->order, 0);
			eb_buf_u32(&b, o->order, (uint32_t)t->hwarr);
			eb_buf_u32(&b, o->order, 4 * o->nhw);
		}
		/* Names as ld.so reads them: offsets from the file start. */
		for (uint32_t i = 0; i < o->nhw; i++)
			eb_buf_u32(&b, o->order, (uint32_t)t->hw_off[i]);
		eb_buf_add(&b, g, strlen(g));	/* no NUL, as ldconfig */
		eb_put32(b.p, t->base + 32, o->order, (uint32_t)t->ext);
	}
	eb_buf_free(&s);
	t->img = b.p;
	t->n = b.n;
}

static int parse(const tcache *t, ls_ldcache *c, ls_diag *d)
{
	memset(d, 0, sizeof *d);
	return ls_ldcache_parse(c, (ls_bytes){ t->img, t->n }, d);
}

static void parse_ok(const tcache *t, ls_ldcache *c)
{
	ls_diag d;

	if (parse(t, c, &d) < 0)
		fail_msg("parse: %s at 0x%llx", d.msg,
			 (unsigned long long)d.offset);
}

/* The lookup for name is path (NULL: no answer). */
static void lookup_is(const ls_ldcache *c, const char *name, int32_t id,
		      char *const *hw, uint32_t isa, const char *path)
{
	const char *got = ls_ldcache_lookup(c, name, id, hw, isa);

	if (!path && got)
		fail_msg("%s: got %s, wanted nothing", name, got);
	if (path && (!got || strcmp(got, path) != 0))
		fail_msg("%s: got %s, wanted %s", name, got ? got : "(null)",
			 path);
}

/* Entries in descending _dl_cache_libcmp order, as ldconfig sorts. */
static const tent plain[] = {
	{ 0x303, "libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", 0 },
	{ 0x303, "libfoo.so.10", "/usr/lib/libfoo.so.10", 0 },
	{ 0x303, "libfoo.so.9", "/usr/lib/libfoo.so.9", 0 },
	{ 0x303, "libfoo.so", "/usr/lib/libfoo.so", 0 },
	{ 0x303, "libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6", 0 },
	{ 0x303, "ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2", 0 },
};
#define NPLAIN (sizeof plain / sizeof plain[0])

static void check_plain(const ls_ldcache *c)
{
	for (uint32_t i = 0; i < NPLAIN; i++) {
		ls_ldcache_entry e;
		ls_diag d;
		assert_int_equal(ls_ldcache_entry_get(c, i, &e, &d), 0);
		assert_string_equal(e.key, plain[i].key);
		assert_string_equal(e.value, plain[i].value);
		assert_int_equal(e.flags, 0x303);
		assert_null(e.hwcaps_dir);
		lookup_is(c, plain[i].key, 0x303, NULL, 0, plain[i].value);
		/* Another loader's id finds nothing. */
		lookup_is(c, plain[i].key, 0xa03, NULL, 0, NULL);
		lookup_is(c, plain[i].key, -1, NULL, 0, NULL);
	}
	lookup_is(c, "libfoo.so.8", 0x303, NULL, 0, NULL);
	lookup_is(c, "libzz.so.1", 0x303, NULL, 0, NULL);
	lookup_is(c, "", 0x303, NULL, 0, NULL);
	lookup_is(c, "a", 0x303, NULL, 0, NULL);
}

/* --- _dl_cache_libcmp ------------------------------------------------- */

static void test_libcmp(void **state)
{
	(void)state;
	assert_true(ls_libcmp("libfoo.so.10", "libfoo.so.9") > 0);
	assert_true(ls_libcmp("libfoo.so.9", "libfoo.so.10") < 0);
	assert_int_equal(ls_libcmp("libc.so.6", "libc.so.6"), 0);
	assert_int_equal(ls_libcmp("libc.so.06", "libc.so.6"), 0);
	/* A digit ranks above a non-digit and above the end. */
	assert_int_equal(ls_libcmp("lib1", "libx"), 1);
	assert_int_equal(ls_libcmp("libx", "lib1"), -1);
	assert_int_equal(ls_libcmp("lib1", "lib"), 1);
	assert_true(ls_libcmp("libfoo.so.1", "libfoo.so") > 0);
	assert_true(ls_libcmp("libfoo.so", "libfoo.so.1") < 0);
	assert_true(ls_libcmp("libfoo", "libfop") < 0);
	assert_true(ls_libcmp("libQ", "libq") < 0);
	/* The sample's order is strictly descending. */
	for (uint32_t i = 0; i + 1 < NPLAIN; i++)
		assert_true(ls_libcmp(plain[i].key, plain[i + 1].key) > 0);
}

/* --- good caches ---------------------------------------------------------- */

static void test_new_le(void **state)
{
	topt o = { .order = LS_LE, .hflags = -1,
		   .gen = "ldconfig (GNU libc) stable release version 2.41" };
	tcache t;
	ls_ldcache c;
	(void)state;

	build(&t, plain, NPLAIN, &o);
	parse_ok(&t, &c);
	assert_int_equal(c.order, LS_LE);
	assert_int_equal(c.hdr_flags, 2);
	assert_int_equal(c.base, 0);
	assert_int_equal(c.entries, 48);
	assert_int_equal(c.nlibs, NPLAIN);
	assert_false(c.old_format);
	assert_string_equal(c.generator, o.gen);
	assert_int_equal(c.nhwcaps, 0);
	check_plain(&c);
	free(t.img);
}

static void test_new_be(void **state)
{
	topt o = { .order = LS_BE, .hflags = -1, .gen = "gen" };
	tcache t;
	ls_ldcache c;
	(void)state;

	build(&t, plain, NPLAIN, &o);
	parse_ok(&t, &c);
	assert_int_equal(c.order, LS_BE);
	assert_int_equal(c.hdr_flags, 3);
	check_plain(&c);
	free(t.img);

	/* Flags 0 (an old ldconfig): the order is the one nlibs fits. */
	o.hflags = 0;
	build(&t, plain, NPLAIN, &o);
	parse_ok(&t, &c);
	assert_int_equal(c.order, LS_BE);
	assert_int_equal(c.hdr_flags, 0);
	check_plain(&c);
	free(t.img);
	o.order = LS_LE;
	build(&t, plain, NPLAIN, &o);
	parse_ok(&t, &c);
	assert_int_equal(c.order, LS_LE);
	check_plain(&c);
	free(t.img);
}

static void test_embedded(void **state)
{
	static const int orders[2] = { LS_LE, LS_BE };
	tcache t;
	ls_ldcache c;
	(void)state;

	for (int k = 0; k < 2; k++) {
		/* Even count: 16 + 12n is 8-aligned, no pad. */
		topt o = { .order = orders[k], .hflags = -1, .old = true,
			   .nold = 6, .gen = "g" };
		build(&t, plain, NPLAIN, &o);
		assert_int_equal(t.base, 16 + 72);
		parse_ok(&t, &c);
		assert_int_equal(c.base, t.base);
		assert_int_equal(c.entries, t.base + 48);
		assert_int_equal(c.order, orders[k]);
		assert_false(c.old_format);
		assert_string_equal(c.generator, "g");
		check_plain(&c);
		free(t.img);

		/* Odd count: padded to 8 (x86-64's ALIGN_CACHE) ... */
		o.nold = 1;
		build(&t, plain, NPLAIN, &o);
		assert_int_equal(t.base, 32);
		parse_ok(&t, &c);
		assert_int_equal(c.base, 32);
		check_plain(&c);
		free(t.img);

		/* ... or not at all (i386's 4-byte alignment). */
		o.align4 = true;
		build(&t, plain, NPLAIN, &o);
		assert_int_equal(t.base, 28);
		parse_ok(&t, &c);
		assert_int_equal(c.base, 28);
		check_plain(&c);
		free(t.img);
	}
}

/* An "ld.so-1.7.0" table alone (ldconfig -c old): 12-byte entries,
 * strings relative to the end of the table. */
static void test_old_only(void **state)
{
	eb_buf b = { 0 }, s = { 0 };
	static const tent e[] = {
		{ 3, "libold.so.2", "/lib/libold.so.2", 0 },
		{ 1, "libold.so.2", "/lib/elf/libold.so.2", 0 },
		{ 1, "libelf1.so.1", "/lib/libelf1.so.1", 0 },
	};
	ls_ldcache c;
	ls_ldcache_entry ent;
	ls_diag d;
	(void)state;

	eb_buf_add(&b, "ld.so-1.7.0", 11);
	eb_buf_zero(&b, 1);
	eb_buf_u32(&b, LS_LE, 3);
	eb_buf_u8(&s, 0);
	for (int i = 0; i < 3; i++) {
		eb_buf_u32(&b, LS_LE, (uint32_t)e[i].flags);
		eb_buf_u32(&b, LS_LE, eb_buf_str(&s, e[i].key));
		eb_buf_u32(&b, LS_LE, eb_buf_str(&s, e[i].value));
	}
	eb_buf_add(&b, s.p, s.n);
	memset(&d, 0, sizeof d);
	assert_int_equal(ls_ldcache_parse(&c, (ls_bytes){ b.p, b.n }, &d), 0);
	assert_true(c.old_format);
	assert_int_equal(c.nlibs, 3);
	assert_int_equal(c.base, 16 + 36);
	assert_int_equal(ls_ldcache_entry_get(&c, 1, &ent, &d), 0);
	assert_string_equal(ent.value, "/lib/elf/libold.so.2");
	assert_int_equal(ent.flags, 1);
	/* Generic: 3 stops the search; 1 alone is taken. */
	lookup_is(&c, "libold.so.2", -1, NULL, 0, "/lib/libold.so.2");
	lookup_is(&c, "libelf1.so.1", -1, NULL, 0, "/lib/libelf1.so.1");
	lookup_is(&c, "libelf1.so.1", 0x303, NULL, 0, NULL);
	eb_buf_free(&b);
	eb_buf_free(&s);
}

/* Equal keys: ldconfig puts higher flags first; each loader takes its
 * own. */
static void test_duplicate_flags(void **state)
{
	static const tent e[] = {
		{ 0x803, "libx.so.1", "/libx32/libx.so.1", 0 },
		{ 0x303, "libx.so.1", "/lib64/libx.so.1", 0 },
		{ 0x303, "libx.so.1", "/usr/lib64/libx.so.1", 0 },
		{ 3, "libx.so.1", "/lib/libx.so.1", 0 },
		{ 1, "libx.so.1", "/lib/elf/libx.so.1", 0 },
		{ 1, "ld-linux.so.2", "/lib/ld-linux.so.2", 0 },
	};
	topt o = { .order = LS_LE, .hflags = -1 };
	tcache t;
	ls_ldcache c;
	(void)state;

	build(&t, e, 6, &o);
	parse_ok(&t, &c);
	/* The earlier configured directory wins among duplicates. */
	lookup_is(&c, "libx.so.1", 0x303, NULL, 0, "/lib64/libx.so.1");
	lookup_is(&c, "libx.so.1", 0x803, NULL, 0, "/libx32/libx.so.1");
	lookup_is(&c, "libx.so.1", -1, NULL, 0, "/lib/libx.so.1");
	lookup_is(&c, "libx.so.1", 0xa03, NULL, 0, NULL);
	lookup_is(&c, "ld-linux.so.2", -1, NULL, 0, "/lib/ld-linux.so.2");
	lookup_is(&c, "ld-linux.so.2", 0x303, NULL, 0, NULL);
	free(t.img);
}

static const char *const hwnames[] = { "x86-64-v2", "x86-64-v3",
				       "x86-64-v4" };

/* glibc-hwcaps entries first (by subdirectory name), then plain ones. */
static const tent hwent[] = {
	{ 0x303, "libq.so.1", "/lib/glibc-hwcaps/x86-64-v2/libq.so.1",
	  HWC(1, 0) },
	{ 0x303, "libq.so.1", "/lib/glibc-hwcaps/x86-64-v3/libq.so.1",
	  HWC(2, 1) },
	{ 0x303, "libq.so.1", "/lib/glibc-hwcaps/x86-64-v4/libq.so.1",
	  HWC(3, 2) },
	{ 0x303, "libq.so.1", "/lib/libq.so.1", 0 },
	{ 0x303, "libq.so.1", "/usr/lib/libq.so.1", 0 },
	/* Legacy hwcap values: skipped since 2.37. */
	{ 0x303, "libl.so.1", "/lib/tls/libl.so.1", 0x8000000000000000ull },
	{ 0x303, "libl.so.1", "/lib/libl.so.1", 0 },
	{ 0x303, "libk.so.1", "/lib/i686/libk.so.1", 4 },
	/* An index past the hwcaps array: never usable. */
	{ 0x303, "libj.so.1", "/lib/glibc-hwcaps/x/libj.so.1", HWC(0, 7) },
	{ 0x303, "libj.so.1", "/lib/libj.so.1", 0 },
};

static void test_hwcaps(void **state)
{
	char *all[] = { "x86-64-v4", "x86-64-v3", "x86-64-v2", NULL };
	char *v2[] = { "x86-64-v2", NULL };
	char *rev[] = { "x86-64-v2", "x86-64-v3", "x86-64-v4", NULL };
	topt o = { .order = LS_LE, .hflags = -1, .gen = "g", .hw = hwnames,
		   .nhw = 3 };
	tcache t;
	ls_ldcache c;
	ls_ldcache_entry e;
	ls_diag d;
	const char *q = "libq.so.1";
	(void)state;

	build(&t, hwent, 10, &o);
	parse_ok(&t, &c);
	assert_int_equal(c.nhwcaps, 3);
	assert_string_equal(c.hwcaps[1], "x86-64-v3");
	assert_int_equal(ls_ldcache_entry_get(&c, 1, &e, &d), 0);
	assert_string_equal(e.hwcaps_dir, "x86-64-v3");
	assert_int_equal(e.isa_level, 2);
	assert_int_equal(e.hwcap, 0x4000000200000001ull);
	assert_int_equal(ls_ldcache_entry_get(&c, 8, &e, &d), 0);
	assert_null(e.hwcaps_dir);
	assert_int_equal(ls_ldcache_entry_get(&c, 5, &e, &d), 0);
	assert_null(e.hwcaps_dir);

	/* No hwcaps list: the first plain entry. */
	lookup_is(&c, q, 0x303, NULL, 0xf, "/lib/libq.so.1");
	/* The best priority the CPU's ISA level allows. */
	lookup_is(&c, q, 0x303, all, 0xf,
		  "/lib/glibc-hwcaps/x86-64-v4/libq.so.1");
	lookup_is(&c, q, 0x303, all, 0x7,
		  "/lib/glibc-hwcaps/x86-64-v3/libq.so.1");
	lookup_is(&c, q, 0x303, all, 0x3,
		  "/lib/glibc-hwcaps/x86-64-v2/libq.so.1");
	lookup_is(&c, q, 0x303, all, 0x1, "/lib/libq.so.1");
	lookup_is(&c, q, 0x303, all, UINT32_MAX,
		  "/lib/glibc-hwcaps/x86-64-v4/libq.so.1");
	/* Priority is the position in the loader's list, not the name. */
	lookup_is(&c, q, 0x303, rev, 0xf,
		  "/lib/glibc-hwcaps/x86-64-v2/libq.so.1");
	lookup_is(&c, q, 0x303, v2, 0xf,
		  "/lib/glibc-hwcaps/x86-64-v2/libq.so.1");
	lookup_is(&c, q, 0x303, v2, 0x1, "/lib/libq.so.1");
	lookup_is(&c, "libl.so.1", 0x303, all, 0xf, "/lib/libl.so.1");
	lookup_is(&c, "libk.so.1", 0x303, all, 0xf, NULL);
	lookup_is(&c, "libj.so.1", 0x303, all, 0xf, "/lib/libj.so.1");
	free(t.img);

	/* Without the extension's list no glibc-hwcaps entry is usable. */
	o.nhw = 0;
	build(&t, hwent, 10, &o);
	parse_ok(&t, &c);
	lookup_is(&c, q, 0x303, all, 0xf, "/lib/libq.so.1");
	free(t.img);
}

/*
 * ldconfig -c compat writes the glibc-hwcaps name offsets relative to the
 * embedded header, but ld.so (and ldconfig -p) read them from the start
 * of the file, so they see other strings and never use those entries.
 * The reader sees what ld.so sees.
 */
static void test_embedded_hwcaps(void **state)
{
	char *all[] = { "x86-64-v4", "x86-64-v3", "x86-64-v2", NULL };
	topt o = { .order = LS_LE, .hflags = -1, .old = true, .nold = 10,
		   .gen = "g", .hw = hwnames, .nhw = 3 };
	tcache t;
	ls_ldcache c;
	(void)state;

	build(&t, hwent, 10, &o);
	parse_ok(&t, &c);
	lookup_is(&c, "libq.so.1", 0x303, all, 0xf,
		  "/lib/glibc-hwcaps/x86-64-v4/libq.so.1");
	for (uint32_t i = 0; i < 3; i++)
		eb_put32(t.img, t.hwarr + 4 * i, LS_LE,
			 (uint32_t)(t.hw_off[i] - t.base));
	parse_ok(&t, &c);
	assert_int_equal(c.nhwcaps, 3);
	assert_string_not_equal(c.hwcaps[0], "x86-64-v2");
	lookup_is(&c, "libq.so.1", 0x303, all, 0xf, "/lib/libq.so.1");
	free(t.img);
}

/* glibc drops an empty, misaligned or ragged hwcaps section silently. */
static void test_hwcaps_dropped(void **state)
{
	char *all[] = { "x86-64-v4", "x86-64-v3", "x86-64-v2", NULL };
	topt o = { .order = LS_LE, .hflags = -1, .gen = "g", .hw = hwnames,
		   .nhw = 3 };
	tcache t;
	ls_ldcache c;
	(void)state;

	build(&t, hwent, 10, &o);
	eb_put32(t.img, t.ext + 8 + 16 + 12, LS_LE, 10);	/* size */
	parse_ok(&t, &c);
	assert_int_equal(c.nhwcaps, 0);
	lookup_is(&c, "libq.so.1", 0x303, all, 0xf, "/lib/libq.so.1");
	eb_put32(t.img, t.ext + 8 + 16 + 12, LS_LE, 0);
	parse_ok(&t, &c);
	assert_int_equal(c.nhwcaps, 0);
	eb_put32(t.img, t.ext + 8 + 16 + 12, LS_LE, 4);
	eb_put32(t.img, t.ext + 8 + 16 + 8, LS_LE, (uint32_t)t.hwarr + 2);
	parse_ok(&t, &c);
	assert_int_equal(c.nhwcaps, 0);
	/* An unknown tag is skipped. */
	eb_put32(t.img, t.ext + 8 + 16, LS_LE, 77);
	parse_ok(&t, &c);
	assert_int_equal(c.nhwcaps, 0);
	assert_string_equal(c.generator, "g");
	free(t.img);
}

/* A long run of one key: the walk stays inside it. */
static void test_long_run(void **state)
{
	tent e[16];
	char paths[16][32];
	topt o = { .order = LS_LE, .hflags = -1 };
	tcache t;
	ls_ldcache c;
	(void)state;

	for (int i = 0; i < 16; i++) {
		snprintf(paths[i], sizeof paths[i], "/d%02d/libr.so.1", i);
		e[i] = (tent){ i < 15 ? 0x803 : 0x303, "libr.so.1", paths[i],
			       0 };
	}
	e[0].key = "libs.so.1";
	build(&t, e, 16, &o);
	parse_ok(&t, &c);
	lookup_is(&c, "libr.so.1", 0x303, NULL, 0, "/d15/libr.so.1");
	lookup_is(&c, "libr.so.1", 0x803, NULL, 0, "/d01/libr.so.1");
	lookup_is(&c, "libs.so.1", 0x803, NULL, 0, "/d00/libr.so.1");
	free(t.img);
}

/* --- malformed caches ------------------------------------------------------- */

static void expect_fail(const tcache *t, uint64_t off, const char *msg)
{
	ls_ldcache c;
	ls_diag d;

	assert_int_equal(parse(t, &c, &d), -1);
	assert_diag(&d, off, msg);
}

static void test_bad_header(void **state)
{
	topt o = { .order = LS_LE, .hflags = -1, .gen = "g" };
	tcache t;
	(void)state;

	build(&t, plain, NPLAIN, &o);
	t.n = 40;
	expect_fail(&t, 0, "truncated cache header");
	t.n = 10;
	expect_fail(&t, 0, "not an ld.so.cache");
	t.n = 0;
	expect_fail(&t, 0, "not an ld.so.cache");
	free(t.img);

	build(&t, plain, NPLAIN, &o);
	eb_put32(t.img, 20, LS_LE, 1000);
	expect_fail(&t, 20, "nlibs 1000 too large");
	eb_put32(t.img, 20, LS_LE, 0xffffffffu);
	expect_fail(&t, 20, "too large");
	eb_put32(t.img, 20, LS_LE, NPLAIN);
	t.img[28] = 1;
	expect_fail(&t, 28, "marked invalid");
	t.img[28] = 4;
	expect_fail(&t, 28, "name no byte order");
	t.img[28] = 6;		/* other bits beside a byte order: ignored */
	{
		ls_ldcache c;
		ls_diag d;
		assert_int_equal(parse(&t, &c, &d), 0);
		assert_int_equal(c.order, LS_LE);
	}
	free(t.img);

	/* Old table whose count runs past the end. */
	uint8_t old[40] = "ld.so-1.7.0";
	eb_put32(old, 12, LS_LE, 3);
	tcache o2 = { .img = old, .n = sizeof old };
	expect_fail(&o2, 12, "nlibs 3 too large");
	o2.n = 14;
	expect_fail(&o2, 0, "truncated old-format cache header");
}

static void test_bad_strings(void **state)
{
	static const tent e[] = {
		{ 0x303, "libb.so.1", "/lib/libb.so.1", 0 },
		{ 0x303, "liba.so.1", "/lib/liba.so.1", 0 },
	};
	topt o = { .order = LS_LE, .hflags = -1 };
	tcache t;
	ls_ldcache c;
	ls_ldcache_entry ent;
	ls_diag d;
	(void)state;

	build(&t, e, 2, &o);
	eb_put32(t.img, t.ents + 4, LS_LE, 0x10000);
	expect_fail(&t, t.ents + 4, "key string offset 0x10000 is past");
	eb_put32(t.img, t.ents + 4, LS_LE, 0xffffffffu);
	expect_fail(&t, t.ents + 4, "past the end");
	free(t.img);

	build(&t, e, 2, &o);
	eb_put32(t.img, t.ents + 24 + 8, LS_LE, (uint32_t)t.n + 5);
	expect_fail(&t, t.ents + 24 + 8, "path string offset");
	free(t.img);

	/* The last string (entry 1's path) loses its NUL. */
	build(&t, e, 2, &o);
	t.n--;
	expect_fail(&t, t.value_off[1], "unterminated path string");
	free(t.img);

	/* A path longer than PATH_MAX. */
	char *big = malloc(5000);
	memset(big, 'x', 4999);
	big[0] = '/';
	big[4999] = '\0';
	tent lng[1] = { { 0x303, "libl.so.1", big, 0 } };
	build(&t, lng, 1, &o);
	expect_fail(&t, t.value_off[0], "path string longer than 4095");
	free(t.img);
	free(big);

	build(&t, e, 2, &o);
	parse_ok(&t, &c);
	assert_int_equal(ls_ldcache_entry_get(&c, 2, &ent, &d), -1);
	assert_diag(&d, t.ents, "entry 2 out of range");
	free(t.img);
}

static void test_bad_extension(void **state)
{
	topt o = { .order = LS_LE, .hflags = -1, .gen = "gen", .hw = hwnames,
		   .nhw = 3 };
	tcache t;
	(void)state;

	build(&t, hwent, 10, &o);
	eb_put32(t.img, 32, LS_LE, (uint32_t)t.ext + 2);
	expect_fail(&t, 32, "not a multiple of 4");
	eb_put32(t.img, 32, LS_LE, (uint32_t)(t.n + 4) & ~3u);
	expect_fail(&t, 32, "past the end");
	eb_put32(t.img, 32, LS_LE, (uint32_t)t.ext);
	eb_put32(t.img, t.ext, LS_LE, 0xeaa42175u);
	expect_fail(&t, t.ext, "bad extension magic 0xeaa42175");
	eb_put32(t.img, t.ext, LS_LE, 0xeaa42174u);
	eb_put32(t.img, t.ext + 4, LS_LE, 100);
	expect_fail(&t, t.ext + 4, "extension count 100 too large");
	eb_put32(t.img, t.ext + 4, LS_LE, 0xffffffffu);
	expect_fail(&t, t.ext + 4, "too large");
	eb_put32(t.img, t.ext + 4, LS_LE, 2);
	/* The generator runs past the end. */
	eb_put32(t.img, t.ext + 8 + 12, LS_LE, 4);
	expect_fail(&t, t.ext + 8 + 8, "section 0 (tag 0) runs past");
	eb_put32(t.img, t.ext + 8 + 12, LS_LE, 3);
	/* A hwcaps name offset out of the file, then at the generator,
	 * which has no NUL. */
	eb_put32(t.img, t.hwarr + 4, LS_LE, 0x7ffffff0u);
	expect_fail(&t, t.hwarr + 4, "glibc-hwcaps name offset 0x7ffffff0");
	eb_put32(t.img, t.hwarr + 4, LS_LE, (uint32_t)t.gen);
	expect_fail(&t, t.gen, "unterminated glibc-hwcaps name");
	free(t.img);

	/* More subdirectories than the reader keeps. */
	const char *many[65];
	char names[65][8];
	for (int i = 0; i < 65; i++) {
		snprintf(names[i], sizeof names[i], "h%02d", i);
		many[i] = names[i];
	}
	o.hw = many;
	o.nhw = 65;
	build(&t, plain, NPLAIN, &o);
	expect_fail(&t, t.hwarr, "65 glibc-hwcaps subdirectories");
	free(t.img);
	o.nhw = 64;
	build(&t, plain, NPLAIN, &o);
	{
		ls_ldcache c;
		parse_ok(&t, &c);
		assert_int_equal(c.nhwcaps, 64);
		assert_string_equal(c.hwcaps[63], "h63");
	}
	free(t.img);
}

/* Every truncation of a good cache fails cleanly or parses; every
 * parse answers lookups. */
static void test_truncations(void **state)
{
	char *all[] = { "x86-64-v4", "x86-64-v3", "x86-64-v2", NULL };
	topt o = { .order = LS_BE, .hflags = -1, .old = true, .nold = 3,
		   .gen = "gen", .hw = hwnames, .nhw = 3 };
	tcache t;
	(void)state;

	build(&t, hwent, 10, &o);
	for (size_t n = 0; n <= t.n; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		ls_ldcache c;
		ls_diag d = { 0 };
		memcpy(copy, t.img, n);
		if (ls_ldcache_parse(&c, (ls_bytes){ copy, n }, &d) == 0) {
			for (uint32_t i = 0; i < 10; i++)
				(void)ls_ldcache_lookup(&c, hwent[i].key, 0x303,
							all, 0xf);
		} else {
			assert_true(d.has_offset);
			assert_true(d.offset <= n);
		}
		free(copy);
	}
	free(t.img);
}

/* --- the machine's own cache ---------------------------------------------- */

/* The first "(libc6,x86-64)" path `ldconfig -p` shows for key, or NULL. */
static char *ldconfig_first(FILE *f, const char *key)
{
	char line[8192];
	char want[512];

	rewind(f);
	snprintf(want, sizeof want, "\t%s (libc6,x86-64) => ", key);
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, want, strlen(want)) != 0)
			continue;
		char *p = line + strlen(want);
		p[strcspn(p, "\n")] = '\0';
		return strdup(p);
	}
	return NULL;
}

/* `ldconfig -p` (which reads /etc/ld.so.cache) in a temporary file, or
 * NULL when there is no ldconfig. */
static FILE *ldconfig_listing(void)
{
	static const char *const paths[] = { "/sbin/ldconfig",
					     "/usr/sbin/ldconfig" };
	char cmd[64], buf[4096];
	size_t n;

	for (size_t i = 0; i < 2; i++) {
		if (access(paths[i], X_OK) != 0)
			continue;
		snprintf(cmd, sizeof cmd, "%s -p 2>/dev/null", paths[i]);
		FILE *p = popen(cmd, "r");
		FILE *tmp = p ? tmpfile() : NULL;
		while (tmp && (n = fread(buf, 1, sizeof buf, p)) > 0)
			fwrite(buf, 1, n, tmp);
		if (p && pclose(p) == 0 && tmp)
			return tmp;
		if (tmp)
			fclose(tmp);
	}
	return NULL;
}

static void test_system_cache(void **state)
{
	ls_mapfile mf;
	ls_ldcache c;
	ls_diag d = { 0 };
	(void)state;

	if (access("/etc/ld.so.cache", R_OK) != 0)
		skip();
	if (ls_map("/etc/ld.so.cache", &mf, &d) < 0)
		fail_msg("map: %s", d.msg);
	if (ls_ldcache_parse(&c, mf.bytes, &d) < 0)
		fail_msg("parse: %s at 0x%llx", d.msg,
			 (unsigned long long)d.offset);
	assert_true(c.nlibs > 0);

	/* ldconfig sorted the entries with _dl_cache_libcmp, descending;
	 * for every plain entry the lookup finds the first plain entry of
	 * its key and flags. */
	for (uint32_t i = 0; i < c.nlibs; i++) {
		ls_ldcache_entry e, p;
		assert_int_equal(ls_ldcache_entry_get(&c, i, &e, &d), 0);
		if (i > 0) {
			assert_int_equal(ls_ldcache_entry_get(&c, i - 1, &p, &d),
					 0);
			assert_true(ls_libcmp(p.key, e.key) >= 0);
		}
		if (e.hwcap != 0 || (e.flags != 0x303 && e.flags != 3 &&
				     e.flags != 1))
			continue;
		const char *first = NULL;
		for (uint32_t k = 0; k < c.nlibs && !first; k++) {
			ls_ldcache_entry x;
			ls_ldcache_entry_get(&c, k, &x, &d);
			if (strcmp(x.key, e.key) == 0 && x.hwcap == 0 &&
			    x.flags == e.flags)
				first = x.value;
		}
		const char *got = ls_ldcache_lookup(&c, e.key, e.flags, NULL, 0);
		if (!got || strcmp(got, first) != 0)
			fail_msg("%s (0x%x): got %s, first entry %s", e.key,
				 e.flags, got ? got : "(null)", first);
	}

#if defined(__x86_64__)
	/* And what `ldconfig -p` prints first for each x86-64 key. */
	FILE *f = ldconfig_listing();
	if (f) {
		uint32_t checked = 0;
		for (uint32_t i = 0; i < c.nlibs; i++) {
			ls_ldcache_entry e;
			ls_ldcache_entry_get(&c, i, &e, &d);
			if (e.flags != 0x303)
				continue;
			char *want = ldconfig_first(f, e.key);
			const char *got =
				ls_ldcache_lookup(&c, e.key, 0x303, NULL, 0);
			if (want && (!got || strcmp(got, want) != 0))
				fail_msg("%s: got %s, ldconfig -p %s", e.key,
					 got ? got : "(null)", want);
			checked += want != NULL;
			free(want);
		}
		assert_true(checked > 0);
		fclose(f);
	}
#endif
	ls_unmap(&mf);
}

/* --- ld.so.conf and musl ---------------------------------------------------- */

static char root[256];

static void put(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s%s", root, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s%s", root, rel);
	for (char *s = p + strlen(root) + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	mkdir(p, 0755);
}

static void link_in_root(const char *target, const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s%s", root, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* A fresh root whose name has glob metacharacters in it. */
static int root_setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "%s/ldconf[*]XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(root) ? 0 : -1;
}

static int root_teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void dirs_are(const ls_dirlist *l, const char *const *want,
		     uint32_t n)
{
	for (uint32_t i = 0; i < l->n && i < n; i++)
		if (strcmp(l->dirs[i], want[i]) != 0)
			fail_msg("dir %u: %s, wanted %s", i, l->dirs[i],
				 want[i]);
	assert_int_equal(l->n, n);
	assert_null(l->dirs[n]);
}

static void test_ldconf(void **state)
{
	static const char *const want[] = {
		"/opt/a/lib", "/opt/c", "/opt/b", "/usr/local/lib", "/opt/sp ace",
		"include",
	};
	ls_dirlist l;
	bool present;
	ls_diag d;
	(void)state;

	/* Absent: an empty list. */
	assert_int_equal(ls_ldconf_read(root, &l, &present, &d), 0);
	assert_false(present);
	dirs_are(&l, NULL, 0);
	ls_dirlist_free(&l);

	mkdirs("/etc/ld.so.conf.d/sub");
	mkdirs("/opt/a/lib");
	mkdirs("/opt/b");
	mkdirs("/opt/c");
	mkdirs("/opt/sp ace");
	mkdirs("/usr/local/lib");
	mkdirs("/include");
	link_in_root("a/lib", "/opt/rel");	/* same inode as /opt/a/lib */
	link_in_root("/opt/b", "/opt/abs");	/* absolute: inside the root */
	link_in_root("/tmp", "/opt/host");	/* no /tmp in the root */
	link_in_root("../../../../../../opt/c", "/opt/up");
	put("/etc/ld.so.conf",
	    "# the top file\n"
	    "include /etc/ld.so.conf.d/*.conf\n"
	    "  /usr/local/lib   # trailing comment\n"
	    "\n"
	    "hwcap 0 nosegneg\n"
	    "HWCAP 1 x\n"
	    "/opt/sp ace/ \n"
	    "/\n"
	    "include\n"
	    "include /etc/nothing/*.conf /etc/none.conf\n");
	put("/etc/ld.so.conf.d/a.conf",
	    "/opt/a/lib/\n/missing/dir\ninclude sub/*.conf\n");
	put("/etc/ld.so.conf.d/b.conf",
	    "\t/opt/b//\n/opt/abs\n/usr/local/lib\n/opt/rel\n/opt/host\n"
	    "/opt/up\ninclude /etc/ld.so.conf\n");
	put("/etc/ld.so.conf.d/sub/c.conf", "/opt/c=libc6");
	put("/etc/ld.so.conf.d/zz.txt", "/opt/never\n");
	mkdirs("/opt/never");

	assert_int_equal(ls_ldconf_read(root, &l, &present, &d), 0);
	assert_true(present);
	dirs_are(&l, want, 6);
	assert_true(d.warning);
	assert_non_null(strstr(d.msg, "include cycle"));
	ls_dirlist_free(&l);

	/* A root spelled with trailing slashes is the same root. */
	char slashed[300];
	snprintf(slashed, sizeof slashed, "%s//", root);
	assert_int_equal(ls_ldconf_read(slashed, &l, &present, &d), 0);
	dirs_are(&l, want, 6);
	ls_dirlist_free(&l);
}

/* A chain of includes deeper than the bound stops, with a warning. */
static void test_ldconf_depth(void **state)
{
	char name[64], text[128];
	ls_dirlist l;
	bool present;
	ls_diag d;
	(void)state;

	mkdirs("/etc/chain");
	put("/etc/ld.so.conf", "include chain/c00.conf\n");
	for (int i = 0; i < 24; i++) {
		snprintf(name, sizeof name, "/etc/chain/c%02d.conf", i);
		snprintf(text, sizeof text, "/d%02d\ninclude c%02d.conf\n", i,
			 i + 1);
		put(name, text);
		snprintf(name, sizeof name, "/d%02d", i);
		mkdirs(name);
	}
	assert_int_equal(ls_ldconf_read(root, &l, &present, &d), 0);
	/* ld.so.conf is depth 0; c00 .. c15 are depths 1 .. 16. */
	assert_int_equal(l.n, 16);
	assert_string_equal(l.dirs[15], "/d15");
	assert_true(d.warning);
	assert_non_null(strstr(d.msg, "nested deeper"));
	ls_dirlist_free(&l);
}

static void test_musl_path(void **state)
{
	static const char *const dflt[] = { "/lib", "/usr/local/lib",
					    "/usr/lib" };
	static const char *const mine[] = { "/lib", "/usr/lib", "/opt/m lib",
					    " /x" };
	ls_dirlist l;
	bool present;
	ls_diag d;
	(void)state;

	assert_int_equal(ls_musl_path_read(root, "x86_64", &l, &present, &d),
			 0);
	assert_false(present);
	dirs_are(&l, dflt, 3);
	ls_dirlist_free(&l);

	mkdirs("/etc");
	put("/etc/ld-musl-x86_64.path", "/lib\n/usr/lib:/opt/m lib::\n: /x");
	assert_int_equal(ls_musl_path_read(root, "x86_64", &l, &present, &d),
			 0);
	assert_true(present);
	dirs_are(&l, mine, 4);
	ls_dirlist_free(&l);

	/* Present but unreadable as a file: musl uses an empty path. */
	mkdirs("/etc/ld-musl-aarch64.path");
	assert_int_equal(ls_musl_path_read(root, "aarch64", &l, &present, &d),
			 0);
	assert_true(present);
	dirs_are(&l, NULL, 0);
	ls_dirlist_free(&l);

	assert_int_equal(ls_musl_path_read(root, "../x", &l, &present, &d),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libcmp),
		cmocka_unit_test(test_new_le),
		cmocka_unit_test(test_new_be),
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_old_only),
		cmocka_unit_test(test_duplicate_flags),
		cmocka_unit_test(test_hwcaps),
		cmocka_unit_test(test_embedded_hwcaps),
		cmocka_unit_test(test_hwcaps_dropped),
		cmocka_unit_test(test_long_run),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_strings),
		cmocka_unit_test(test_bad_extension),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_system_cache),
		cmocka_unit_test_setup_teardown(test_ldconf, root_setup,
						root_teardown),
		cmocka_unit_test_setup_teardown(test_ldconf_depth, root_setup,
						root_teardown),
		cmocka_unit_test_setup_teardown(test_musl_path, root_setup,
						root_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
