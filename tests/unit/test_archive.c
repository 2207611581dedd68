/*
 * test_archive.c - the ar reader (model/archive.h): GNU, BSD and thin
 * archives built in memory, and a thin archive on disk walked through
 * readers/input.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/archive.h"
#include "readers/input.h"
#include "elfbuild.h"

#include <elf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static ls_bytes arview(const arb *a)
{
	return (ls_bytes){ a->b.p, a->b.n };
}

static void open_ok(ls_archive *ar, const arb *a)
{
	ls_diag d = { 0 };
	if (ls_archive_open(ar, arview(a), &d) != 0)
		fail_msg("ls_archive_open: %s (offset %llu)", d.msg,
			 (unsigned long long)d.offset);
}

static void expect_open_fail(const arb *a, uint64_t off, const char *msg)
{
	ls_archive ar;
	ls_diag d = { 0 };
	assert_int_equal(ls_archive_open(&ar, arview(a), &d), -1);
	assert_diag(&d, off, msg);
}

/* The first ordinary member must fail to read with msg at off. */
static void expect_next_fail(const arb *a, uint64_t off, const char *msg)
{
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };

	open_ok(&ar, a);
	uint64_t cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), -1);
	assert_diag(&d, off, msg);
}

static void assert_name(const ls_member *m, const char *want)
{
	if (m->name_len != strlen(want) ||
	    memcmp(m->name, want, m->name_len) != 0)
		fail_msg("member name \"%.*s\", want \"%s\"", (int)m->name_len,
			 m->name, want);
}

/* GNU ------------------------------------------------------------------- */

/*
 * A GNU archive: "/" (3 symbols), "//" (one long name), then
 * "a.o" (5 bytes), "very_long_member_name.o" (8 bytes), "b.o" (1 byte).
 */
typedef struct gnu {
	arb a;
	uint64_t idx, names, m_a, m_long, m_b, end;
} gnu;

static const char *const gnu_syms[3] = { "sym_a", "sym_long", "sym_b" };
static const char gnu_longnames[] = "very_long_member_name.o/\n";

static void build_gnu(gnu *g)
{
	eb_buf idx = { 0 };
	size_t idx_size = 4 + 3 * 4 + 6 + 9 + 6;
	size_t lnsize = sizeof gnu_longnames - 1;

	g->idx = 8;
	g->names = g->idx + arb_span(idx_size);
	g->m_a = g->names + arb_span(lnsize);
	g->m_long = g->m_a + arb_span(5);
	g->m_b = g->m_long + arb_span(8);
	g->end = g->m_b + arb_span(1);
	uint32_t offs[3] = { (uint32_t)g->m_a, (uint32_t)g->m_long,
			     (uint32_t)g->m_b };
	arb_gnu_symidx(&idx, 3, offs, gnu_syms);
	assert_int_equal(idx.n, idx_size);

	arb_init(&g->a, false);
	assert_int_equal(arb_member(&g->a, "/", idx.p, idx.n, true), g->idx);
	assert_int_equal(arb_member(&g->a, "//", gnu_longnames, lnsize, true),
			 g->names);
	assert_int_equal(arb_member(&g->a, "a.o/", "AAAA\n", 5, true), g->m_a);
	assert_int_equal(arb_member(&g->a, "/0", "LONGDATA", 8, true),
			 g->m_long);
	assert_int_equal(arb_member(&g->a, "b.o/", "B", 1, true), g->m_b);
	assert_int_equal(g->a.b.n, g->end);
	eb_buf_free(&idx);
}

static void test_gnu_archive(void **state)
{
	(void)state;
	gnu g;
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };
	const char *name;
	uint64_t off;

	build_gnu(&g);
	assert_true(ls_is_archive(arview(&g.a)));
	open_ok(&ar, &g.a);
	assert_false(ar.thin);
	assert_int_equal(ar.symidx_kind, LS_SYMIDX_GNU32);
	assert_int_equal(ar.nsyms, 3);
	assert_int_equal(ar.symidx_off, 8 + 60);
	assert_int_equal(ar.symidx.size, 37);
	assert_int_equal(ar.longnames.size, 25);
	assert_int_equal(ar.longnames_off, g.names + 60);
	assert_int_equal(ar.first, 192);
	assert_int_equal(ar.first, g.m_a);

	/* The index, by position and by iteration. */
	for (uint64_t i = 0; i < 3; i++) {
		assert_int_equal(ls_archive_symbol(&ar, i, &name, &off), 0);
		assert_string_equal(name, gnu_syms[i]);
		assert_int_equal(off, i == 0 ? g.m_a : i == 1 ? g.m_long : g.m_b);
	}
	assert_int_equal(ls_archive_symbol(&ar, 3, &name, &off), -1);
	ls_symidx_iter it;
	ls_archive_symiter_init(&ar, &it);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ls_archive_symiter_next(&ar, &it, &name, &off), 1);
		assert_string_equal(name, gnu_syms[i]);
	}
	assert_int_equal(off, g.m_b);
	assert_int_equal(ls_archive_symiter_next(&ar, &it, &name, &off), 0);

	/* Members in order, with names, contents and padding. */
	uint64_t cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_name(&m, "a.o");
	assert_false(m.special);
	assert_int_equal(m.hdr_off, g.m_a);
	assert_int_equal(m.data_off, g.m_a + 60);
	assert_int_equal(m.size, 5);
	assert_int_equal(m.data.size, 5);
	assert_memory_equal(m.data.base, "AAAA\n", 5);
	assert_int_equal(m.next, g.m_long);	/* past the padding byte */
	assert_int_equal(cur, g.m_long);

	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_name(&m, "very_long_member_name.o");
	assert_int_equal(m.size, 8);
	assert_memory_equal(m.data.base, "LONGDATA", 8);

	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_name(&m, "b.o");
	assert_memory_equal(m.data.base, "B", 1);
	assert_int_equal(cur, g.end);

	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 0);
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 0);
	arb_free(&g.a);
}

static void test_next_skips_special_members(void **state)
{
	(void)state;
	gnu g;
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };

	build_gnu(&g);
	open_ok(&ar, &g.a);

	/* Read directly, the special members say what they are. */
	assert_int_equal(ls_archive_member_at(&ar, g.idx, &m, &d), 0);
	assert_true(m.special);
	assert_name(&m, "/");
	assert_int_equal(m.size, 37);
	assert_int_equal(m.next, g.names);
	assert_int_equal(ls_archive_member_at(&ar, g.names, &m, &d), 0);
	assert_true(m.special);
	assert_name(&m, "//");

	/* Walking from the very first header skips them. */
	uint64_t cur = 8;
	const char *want[] = { "a.o", "very_long_member_name.o", "b.o" };
	uint64_t hdr[] = { g.m_a, g.m_long, g.m_b };
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
		assert_name(&m, want[i]);
		assert_int_equal(m.hdr_off, hdr[i]);
		assert_false(m.special);
	}
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 0);

	/* A lone '\n' after the last member is padding, not a member. */
	eb_buf_u8(&g.a.b, '\n');
	open_ok(&ar, &g.a);
	cur = g.m_b;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 0);
	arb_free(&g.a);
}

static void test_gnu_short_names(void **state)
{
	(void)state;
	arb a;
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };

	arb_init(&a, false);
	arb_member(&a, "x.o/", "1", 1, true);
	arb_member(&a, "with space.o/", "2", 1, true);
	arb_member(&a, "dir/x.o/", "3", 1, true);	/* ends at the first '/' */
	arb_member(&a, "bsd.o", "4", 1, true);		/* space padded */
	arb_member(&a, "exactly16chars.o", "5", 1, true);
	arb_member(&a, "trail/  ", "6", 1, true);
	open_ok(&ar, &a);
	assert_int_equal(ar.symidx_kind, LS_SYMIDX_NONE);
	assert_int_equal(ar.nsyms, 0);
	assert_int_equal(ar.longnames.size, 0);
	assert_int_equal(ar.first, 8);

	const char *want[] = { "x.o", "with space.o", "dir", "bsd.o",
			       "exactly16chars.o", "trail" };
	uint64_t cur = ar.first;
	for (int i = 0; i < 6; i++) {
		assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
		assert_name(&m, want[i]);
		assert_int_equal(m.data.base[0], '1' + i);
	}
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 0);
	/* No index. */
	const char *name;
	uint64_t off;
	assert_int_equal(ls_archive_symbol(&ar, 0, &name, &off), -1);
	arb_free(&a);
}

static void test_gnu_sym64_index(void **state)
{
	(void)state;
	arb a;
	eb_buf idx = { 0 };
	ls_archive ar;
	const char *name;
	uint64_t off;

	/* "/SYM64/": u64 count and offsets, big-endian. */
	size_t isize = 8 + 2 * 8 + 8;	/* m1 = 100, m2 = 162 */
	uint64_t m1 = 8 + arb_span(isize), m2 = m1 + arb_span(2);
	eb_buf_u64(&idx, LS_BE, 2);
	eb_buf_u64(&idx, LS_BE, m1);
	eb_buf_u64(&idx, LS_BE, m2);
	eb_buf_add(&idx, "one\0two\0", 8);
	arb_init(&a, false);
	arb_member(&a, "/SYM64/", idx.p, idx.n, true);
	arb_member(&a, "p.o/", "pp", 2, true);
	arb_member(&a, "q.o/", "qq", 2, true);
	open_ok(&ar, &a);
	assert_int_equal(ar.symidx_kind, LS_SYMIDX_GNU64);
	assert_int_equal(ar.nsyms, 2);
	assert_int_equal(ar.first, m1);
	assert_int_equal(ls_archive_symbol(&ar, 1, &name, &off), 0);
	assert_string_equal(name, "two");
	assert_int_equal(off, m2);
	ls_symidx_iter it;
	ls_archive_symiter_init(&ar, &it);
	assert_int_equal(ls_archive_symiter_next(&ar, &it, &name, &off), 1);
	assert_string_equal(name, "one");
	assert_int_equal(off, m1);

	ls_member m;
	ls_diag d = { 0 };
	assert_int_equal(ls_archive_member_at(&ar, 8, &m, &d), 0);
	assert_true(m.special);
	assert_name(&m, "/SYM64/");
	uint64_t cur = 8;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_name(&m, "p.o");
	arb_free(&a);

	/* A 64-bit offset past the end. */
	eb_put64(idx.p, 16, LS_BE, 0x100000000ULL + m2);
	arb_init(&a, false);
	arb_member(&a, "/SYM64/", idx.p, idx.n, true);
	arb_member(&a, "p.o/", "pp", 2, true);
	arb_member(&a, "q.o/", "qq", 2, true);
	expect_open_fail(&a, 8 + 60 + 16,
			 "archive symbol index entry 1 points to offset 0x1000000a2, past end of file");
	arb_free(&a);
	eb_buf_free(&idx);
}

/* BSD ------------------------------------------------------------------- */

/* ranlib: u32 bytes, {u32 strx, u32 off} x2, u32 strbytes, "sym_a\0sym_b\0" */
static void bsd_ranlib(eb_buf *r, int order, uint32_t off1, uint32_t off2)
{
	eb_buf_u32(r, order, 16);
	eb_buf_u32(r, order, 0);
	eb_buf_u32(r, order, off1);
	eb_buf_u32(r, order, 6);
	eb_buf_u32(r, order, off2);
	eb_buf_u32(r, order, 12);
	eb_buf_add(r, "sym_a\0sym_b\0", 12);
}

static void check_bsd_members(const ls_archive *ar, uint64_t m1, uint64_t m2)
{
	ls_member m;
	ls_diag d = { 0 };
	uint64_t cur = ar->first;

	assert_int_equal(cur, m1);
	assert_int_equal(ls_archive_next(ar, &cur, &m, &d), 1);
	assert_name(&m, "long_member_name.o");	/* trailing NULs dropped */
	assert_int_equal(m.hdr_off, m1);
	assert_int_equal(m.data_off, m1 + 60 + 20);
	assert_int_equal(m.size, 3);
	assert_int_equal(m.data.size, 3);
	assert_memory_equal(m.data.base, "XYZ", 3);
	assert_int_equal(m.next, m2);
	assert_int_equal(ls_archive_next(ar, &cur, &m, &d), 1);
	assert_name(&m, "short.o");
	assert_memory_equal(m.data.base, "HELLO!", 6);
	assert_int_equal(ls_archive_next(ar, &cur, &m, &d), 0);
}

static void check_bsd_index(const ls_archive *ar, uint64_t m1, uint64_t m2)
{
	ls_symidx_iter it;
	const char *name;
	uint64_t off;

	assert_int_equal(ar->symidx_kind, LS_SYMIDX_BSD);
	assert_int_equal(ar->nsyms, 2);
	assert_int_equal(ar->symidx.size, 36);
	ls_archive_symiter_init(ar, &it);
	assert_int_equal(ls_archive_symiter_next(ar, &it, &name, &off), 1);
	assert_string_equal(name, "sym_a");
	assert_int_equal(off, m1);
	assert_int_equal(ls_archive_symiter_next(ar, &it, &name, &off), 1);
	assert_string_equal(name, "sym_b");
	assert_int_equal(off, m2);
	assert_int_equal(ls_archive_symiter_next(ar, &it, &name, &off), 0);
}

static void test_bsd_archive(void **state)
{
	(void)state;
	arb a;
	ls_archive ar;
	eb_buf r = { 0 }, body = { 0 };

	/* "__.SYMDEF" (36 bytes), "#1/20" (20-byte name + 3), "short.o". */
	uint64_t m1 = 8 + arb_span(36), m2 = m1 + arb_span(23);
	bsd_ranlib(&r, LS_LE, (uint32_t)m1, (uint32_t)m2);
	assert_int_equal(r.n, 36);
	eb_buf_add(&body, "long_member_name.o\0\0XYZ", 23);

	arb_init(&a, false);
	arb_member(&a, "__.SYMDEF", r.p, r.n, true);
	assert_int_equal(arb_member(&a, "#1/20", body.p, body.n, true), m1);
	assert_int_equal(arb_member(&a, "short.o", "HELLO!", 6, true), m2);
	open_ok(&ar, &a);
	assert_int_equal(ar.symidx_off, 8 + 60);
	check_bsd_index(&ar, m1, m2);
	check_bsd_members(&ar, m1, m2);
	/* Positional lookup is GNU-only. */
	const char *name;
	uint64_t off;
	assert_int_equal(ls_archive_symbol(&ar, 0, &name, &off), -1);
	arb_free(&a);

	/* The same with a big-endian index. */
	r.n = 0;
	bsd_ranlib(&r, LS_BE, (uint32_t)m1, (uint32_t)m2);
	arb_init(&a, false);
	arb_member(&a, "__.SYMDEF", r.p, r.n, true);
	arb_member(&a, "#1/20", body.p, body.n, true);
	arb_member(&a, "short.o", "HELLO!", 6, true);
	open_ok(&ar, &a);
	check_bsd_index(&ar, m1, m2);
	arb_free(&a);
	eb_buf_free(&r);
	eb_buf_free(&body);
}

static void test_bsd_symdef_sorted_long_name(void **state)
{
	(void)state;
	arb a;
	ls_archive ar;
	eb_buf idx = { 0 }, r = { 0 }, body = { 0 };

	/* macOS: "#1/20" whose name is "__.SYMDEF SORTED" + NUL padding. */
	uint64_t m1 = 8 + arb_span(20 + 36), m2 = m1 + arb_span(23);
	bsd_ranlib(&r, LS_LE, (uint32_t)m1, (uint32_t)m2);
	eb_buf_add(&idx, "__.SYMDEF SORTED\0\0\0\0", 20);
	eb_buf_add(&idx, r.p, r.n);
	eb_buf_add(&body, "long_member_name.o\0\0XYZ", 23);

	arb_init(&a, false);
	arb_member(&a, "#1/20", idx.p, idx.n, true);
	arb_member(&a, "#1/20", body.p, body.n, true);
	arb_member(&a, "short.o", "HELLO!", 6, true);
	open_ok(&ar, &a);
	assert_int_equal(ar.symidx_off, 8 + 60 + 20);
	check_bsd_index(&ar, m1, m2);
	check_bsd_members(&ar, m1, m2);
	arb_free(&a);

	/* A BSD name longer than its member is refused: by the open when
	 * it comes first (it might have been the index)... */
	arb_init(&a, false);
	uint64_t h = arb_member(&a, "#1/30", "short", 5, true);
	expect_open_fail(&a, h, "bad BSD long member name");
	arb_free(&a);
	/* ...and when its member is read otherwise. */
	arb_init(&a, false);
	arb_member(&a, "short.o", "HELLO!", 6, true);
	h = arb_member(&a, "#1/30", "short", 5, true);
	ls_member m;
	ls_diag d = { 0 };
	open_ok(&ar, &a);
	uint64_t cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), -1);
	assert_diag(&d, h, "bad BSD long member name");
	arb_free(&a);
	eb_buf_free(&idx);
	eb_buf_free(&r);
	eb_buf_free(&body);
}

/* Malformed members ---------------------------------------------------------- */

static void test_member_past_eof(void **state)
{
	(void)state;
	arb a;
	char buf[10] = "0123456789";

	arb_init(&a, false);
	arb_member(&a, "ok.o/", "abc", 3, true);
	uint64_t h = arb_member_raw(&a, "big.o/", "1000", "`\n", buf, 10);
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };
	open_ok(&ar, &a);
	uint64_t cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_name(&m, "ok.o");
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), -1);
	assert_diag(&d, h + 48, "archive member size 1000 extends past end of file");
	arb_free(&a);

	/* One byte short, exactly. */
	arb_init(&a, false);
	h = arb_member_raw(&a, "x.o/", "11", "`\n", buf, 10);
	expect_next_fail(&a, h + 48, "archive member size 11 extends past end of file");
	arb_free(&a);

	/* The index member past EOF fails the open. */
	arb_init(&a, false);
	arb_member_raw(&a, "/", "9999999999", "`\n", buf, 10);
	expect_open_fail(&a, 8 + 48,
			 "archive member size 9999999999 extends past end of file");
	arb_free(&a);
}

static void test_bad_size_field(void **state)
{
	(void)state;
	static const char *const bad[] = { "12a", " 12", "", "-1", "0x10",
					   "1 2" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		arb a;
		arb_init(&a, false);
		uint64_t h = arb_member_raw(&a, "x.o/", bad[i], "`\n", "", 0);
		/* The header is read (and refused) when the open looks for
		 * special members. */
		expect_open_fail(&a, h + 48, "bad archive member size field");
		arb_free(&a);
	}

	/* After the special members, the first ordinary member. */
	gnu g;
	build_gnu(&g);
	memcpy(g.a.b.p + g.m_long + 48, "8x        ", 10);
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };
	open_ok(&ar, &g.a);
	uint64_t cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), -1);
	assert_diag(&d, g.m_long + 48, "bad archive member size field");
	arb_free(&g.a);
}

static void test_bad_fmag(void **state)
{
	(void)state;
	gnu g;

	build_gnu(&g);
	g.a.b.p[g.m_b + 59] = 'x';
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };
	open_ok(&ar, &g.a);
	uint64_t cur = g.m_b;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), -1);
	assert_diag(&d, g.m_b + 58, "bad archive member header terminator");
	assert_int_equal(cur, g.m_b);	/* the cursor does not move */

	/* In the index header it fails the open. */
	g.a.b.p[g.m_b + 59] = '\n';
	g.a.b.p[g.idx + 58] = '\'';
	expect_open_fail(&g.a, g.idx + 58, "bad archive member header terminator");
	arb_free(&g.a);
}

static void test_truncated_member_header(void **state)
{
	(void)state;
	arb a;

	arb_init(&a, false);
	arb_member(&a, "a.o/", "x", 1, true);
	uint64_t h = a.b.n;
	eb_buf_add(&a.b, "b.o/            0     ", 22);
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };
	open_ok(&ar, &a);
	uint64_t cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), -1);
	assert_diag(&d, h, "truncated archive member header");
	arb_free(&a);

	/* Just the magic: an empty archive. */
	arb_init(&a, false);
	open_ok(&ar, &a);
	assert_int_equal(ar.first, 8);
	cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 0);
	arb_free(&a);

	/* Not an archive at all. */
	static const uint8_t junk[8] = "!<arch>";
	ls_bytes jb = { junk, 8 };
	assert_false(ls_is_archive(jb));
	assert_int_equal(ls_archive_open(&ar, jb, &d), -1);
	assert_diag(&d, 0, "not an archive");
}

static void test_long_name_offset_past_table(void **state)
{
	(void)state;
	arb a;
	ls_archive ar;

	arb_init(&a, false);
	arb_member(&a, "//", "abc.o/\nlast_unterminated", 24, true);
	uint64_t h1 = arb_member(&a, "/24", "1", 1, true);
	open_ok(&ar, &a);
	assert_int_equal(ar.longnames.size, 24);
	expect_next_fail(&a, h1,
			 "long member name offset 24 past the end of the long-name table (24 bytes)");
	arb_free(&a);

	/* In the table but without its "\n". */
	arb_init(&a, false);
	arb_member(&a, "//", "abc.o/\nlast_unterminated", 24, true);
	arb_member(&a, "/7", "1", 1, true);
	expect_next_fail(&a, 8 + 60 + 7, "unterminated long member name");
	arb_free(&a);

	/* The first entry is fine. */
	arb_init(&a, false);
	arb_member(&a, "//", "abc.o/\nlast_unterminated", 24, true);
	arb_member(&a, "/0", "1", 1, true);
	open_ok(&ar, &a);
	ls_member m;
	ls_diag d = { 0 };
	uint64_t cur = ar.first;
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
	assert_name(&m, "abc.o");
	arb_free(&a);

	/* A reference that is not a number. */
	arb_init(&a, false);
	arb_member(&a, "//", "abc.o/\n", 7, true);
	uint64_t h2 = arb_member(&a, "/1x", "1", 1, true);
	expect_next_fail(&a, h2, "bad long member name reference");
	arb_free(&a);
}

static void test_no_longname_table(void **state)
{
	(void)state;
	arb a;

	arb_init(&a, false);
	uint64_t h = arb_member(&a, "/0", "1", 1, true);
	expect_next_fail(&a, h,
			 "long member name reference /0 but the archive has no long-name table");
	arb_free(&a);
}

/* Symbol index ---------------------------------------------------------- */

static void test_symidx_count_too_large(void **state)
{
	(void)state;
	arb a;
	eb_buf idx = { 0 };

	/* 1000 entries claimed in a 16-byte member. */
	eb_buf_u32(&idx, LS_BE, 1000);
	eb_buf_u32(&idx, LS_BE, 8);
	eb_buf_add(&idx, "a\0b\0c\0d\0", 8);
	arb_init(&a, false);
	arb_member(&a, "/", idx.p, idx.n, true);
	expect_open_fail(&a, 8 + 60,
			 "archive symbol index count 1000 exceeds its member size 16");
	arb_free(&a);

	/* 0xffffffff: the table size must not wrap. */
	eb_put32(idx.p, 0, LS_BE, 0xffffffff);
	arb_init(&a, false);
	arb_member(&a, "/", idx.p, idx.n, true);
	expect_open_fail(&a, 8 + 60, "archive symbol index count 4294967295 exceeds");
	arb_free(&a);

	/* The count fits, but the names do not. */
	eb_buf_free(&idx);
	uint32_t offs[2] = { 8, 8 };
	eb_buf_u32(&idx, LS_BE, 2);
	eb_buf_u32(&idx, LS_BE, offs[0]);
	eb_buf_u32(&idx, LS_BE, offs[1]);
	eb_buf_add(&idx, "x", 1);
	arb_init(&a, false);
	arb_member(&a, "/", idx.p, idx.n, true);
	expect_open_fail(&a, 8 + 60 + 12,
			 "archive symbol index has 2 names but only 1 bytes of strings");
	arb_free(&a);

	/* Enough bytes, but the last name has no NUL. */
	eb_buf_add(&idx, "\0yy", 3);
	arb_init(&a, false);
	arb_member(&a, "/", idx.p, idx.n, true);
	expect_open_fail(&a, 8 + 60 + 14, "archive symbol index name 1 unterminated");
	arb_free(&a);

	/* A member too short for the count itself. */
	arb_init(&a, false);
	arb_member(&a, "/", "\0\0", 2, true);
	expect_open_fail(&a, 8 + 60, "truncated archive symbol index");
	arb_free(&a);
	eb_buf_free(&idx);
}

static void test_symidx_offset_past_eof(void **state)
{
	(void)state;
	arb a;
	eb_buf idx = { 0 };
	uint32_t offs[2] = { 8, 99999 };
	static const char *const names[2] = { "good", "bad" };

	arb_gnu_symidx(&idx, 2, offs, names);
	arb_init(&a, false);
	arb_member(&a, "/", idx.p, idx.n, true);
	arb_member(&a, "x.o/", "x", 1, true);
	expect_open_fail(&a, 8 + 60 + 8,
			 "archive symbol index entry 1 points to offset 0x1869f, past end of file");
	arb_free(&a);

	/* An offset whose 60-byte header would cross the end. */
	size_t total = 8 + arb_span(idx.n) + arb_span(1);
	eb_put32(idx.p, 8, LS_BE, (uint32_t)(total - 59));
	arb_init(&a, false);
	arb_member(&a, "/", idx.p, idx.n, true);
	arb_member(&a, "x.o/", "x", 1, true);
	assert_int_equal(a.b.n, total);
	expect_open_fail(&a, 8 + 60 + 8, "archive symbol index entry 1 points to offset");
	/* ...while total - 60 is accepted. */
	eb_put32(a.b.p, 8 + 60 + 8, LS_BE, (uint32_t)(total - 60));
	ls_archive ar;
	open_ok(&ar, &a);
	assert_int_equal(ar.nsyms, 2);
	arb_free(&a);
	eb_buf_free(&idx);

	/* BSD entries are checked the same way. */
	eb_buf r = { 0 };
	bsd_ranlib(&r, LS_LE, 8, 0x7fffffff);
	arb_init(&a, false);
	arb_member(&a, "__.SYMDEF", r.p, r.n, true);
	expect_open_fail(&a, 8 + 60 + 16,
			 "archive symbol index entry 1 points to offset 0x7fffffff, past end of file");
	arb_free(&a);
	/* And a string table larger than the member. */
	r.n = 0;
	bsd_ranlib(&r, LS_LE, 8, 8);
	eb_put32(r.p, 20, LS_LE, 13);
	arb_init(&a, false);
	arb_member(&a, "__.SYMDEF", r.p, r.n, true);
	expect_open_fail(&a, 8 + 60 + 20,
			 "BSD symbol index string table exceeds its member");
	arb_free(&a);
	eb_buf_free(&r);
}

/* Thin archives ------------------------------------------------------------ */

static void thin_path(const char *archive, const char *member,
		      size_t bufsize, int want_ret, const char *want)
{
	ls_member m = { .name = member, .name_len = strlen(member) };
	char buf[PATH_MAX];
	memset(buf, 'Z', sizeof buf);
	int r = ls_archive_thin_path(archive, &m, buf, bufsize);
	assert_int_equal(r, want_ret);
	if (want)
		assert_string_equal(buf, want);
}

static void test_thin_path(void **state)
{
	(void)state;
	thin_path("dir/sub/lib.a", "x.o", 64, 11, "dir/sub/x.o");
	thin_path("dir/sub/lib.a", "deeper/x.o", 64, 18, "dir/sub/deeper/x.o");
	thin_path("lib.a", "x.o", 64, 3, "x.o");
	thin_path("lib.a", "sub/x.o", 64, 7, "sub/x.o");
	thin_path("/lib.a", "x.o", 64, 4, "/x.o");
	thin_path("dir/lib.a", "/abs/x.o", 64, 8, "/abs/x.o");
	thin_path("./lib.a", "../x.o", 64, 8, "./../x.o");
	/* The name is used for name_len bytes only. */
	ls_member m = { .name = "x.o/\nrest", .name_len = 3 };
	char buf[32];
	assert_int_equal(ls_archive_thin_path("d/l.a", &m, buf, sizeof buf), 5);
	assert_string_equal(buf, "d/x.o");
	/* Exactly fitting, and one byte short. */
	thin_path("dir/lib.a", "x.o", 8, 7, "dir/x.o");
	thin_path("dir/lib.a", "x.o", 7, -1, NULL);
	thin_path("lib.a", "/abs/x.o", 8, -1, NULL);
}

static void test_thin_archive_members(void **state)
{
	(void)state;
	static const char names[] = "sub/long_member_name.o/\n/abs/dir/y.o/\n";
	arb a;
	eb_buf idx = { 0 };
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };

	/* Member headers are 60 bytes each with no contents. */
	uint64_t lnlen = sizeof names - 1;	/* 38 */
	uint64_t first = 8 + arb_span(4 + 4 + 2) + arb_span(lnlen);
	uint32_t off = (uint32_t)first;
	static const char *const sym[1] = { "s" };
	arb_gnu_symidx(&idx, 1, &off, sym);
	arb_init(&a, true);
	arb_member(&a, "/", idx.p, idx.n, true);
	arb_member(&a, "//", names, lnlen, true);
	assert_int_equal(arb_member(&a, "/0", NULL, 1234, false), first);
	arb_member(&a, "/24", NULL, 5, false);
	arb_member(&a, "short.o/", NULL, 77, false);
	assert_int_equal(a.b.n, first + 3 * 60);

	open_ok(&ar, &a);
	assert_true(ar.thin);
	assert_int_equal(ar.symidx_kind, LS_SYMIDX_GNU32);
	assert_int_equal(ar.nsyms, 1);
	assert_int_equal(ar.first, first);
	uint64_t cur = ar.first;
	const char *want[] = { "sub/long_member_name.o", "/abs/dir/y.o", "short.o" };
	uint64_t sizes[] = { 1234, 5, 77 };
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 1);
		assert_name(&m, want[i]);
		assert_int_equal(m.size, sizes[i]);
		assert_int_equal(m.data.size, 0);
		assert_int_equal(m.hdr_off, first + 60 * (uint64_t)i);
		assert_int_equal(m.next, m.hdr_off + 60);
	}
	assert_int_equal(ls_archive_next(&ar, &cur, &m, &d), 0);

	char buf[128];
	cur = ar.first;
	ls_archive_next(&ar, &cur, &m, &d);
	assert_int_equal(ls_archive_thin_path("out/libt.a", &m, buf, sizeof buf),
			 26);
	assert_string_equal(buf, "out/sub/long_member_name.o");
	ls_archive_next(&ar, &cur, &m, &d);
	assert_int_equal(ls_archive_thin_path("out/libt.a", &m, buf, sizeof buf),
			 12);
	assert_string_equal(buf, "/abs/dir/y.o");
	arb_free(&a);
	eb_buf_free(&idx);
}

/* A thin archive on disk, walked through ls_input_walk. */
typedef struct walk_log {
	int objects, errors;
	char obj_member[4][PATH_MAX];
	uint16_t machine[4];
	char err_member[4][PATH_MAX];
	char err_msg[4][200];
	char archive_path[PATH_MAX];
	bool archive_thin;
} walk_log;

static void on_archive(void *ctx, const char *path, const ls_archive *ar)
{
	walk_log *w = ctx;
	snprintf(w->archive_path, sizeof w->archive_path, "%s", path);
	w->archive_thin = ar->thin;
}

static void on_object(void *ctx, const char *path, const char *member,
		      const ls_object *obj)
{
	walk_log *w = ctx;
	(void)path;
	if (w->objects < 4) {
		snprintf(w->obj_member[w->objects], PATH_MAX, "%s",
			 member ? member : "(null)");
		w->machine[w->objects] = obj->machine;
	}
	w->objects++;
}

static void on_error(void *ctx, const char *path, const char *member,
		     const ls_diag *d)
{
	walk_log *w = ctx;
	(void)path;
	if (w->errors < 4) {
		snprintf(w->err_member[w->errors], PATH_MAX, "%s",
			 member ? member : "(null)");
		snprintf(w->err_msg[w->errors], 200, "%s", d->msg);
	}
	w->errors++;
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void test_thin_archive_walk(void **state)
{
	(void)state;
	char dir[1024];
	char sub[PATH_MAX], obj[PATH_MAX], lib[PATH_MAX], want[PATH_MAX];
	elfb b;
	size_t n;
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/linkscope-unit-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/sub", dir);
	snprintf(obj, sizeof obj, "%s/sub/m.o", dir);
	snprintf(lib, sizeof lib, "%s/libt.a", dir);
	assert_int_equal(mkdir(sub, 0700), 0);

	eb_init(&b, ELFCLASS64, LS_LE, EM_AARCH64, ET_REL);
	uint8_t *img = eb_finish(&b, &n);
	write_file(obj, img, n);

	/* Members: sub/m.o (exists), missing.o, libt.a (itself). */
	static const char names[] = "sub/m.o/\nmissing.o/\nlibt.a/\n";
	arb a;
	arb_init(&a, true);
	arb_member(&a, "//", names, sizeof names - 1, true);
	arb_member(&a, "/0", NULL, n, false);
	arb_member(&a, "/9", NULL, 10, false);
	arb_member(&a, "/20", NULL, 10, false);
	write_file(lib, a.b.p, a.b.n);

	walk_log w = { 0 };
	ls_input_visitor v = { on_archive, on_object, on_error, &w };
	int errors = ls_input_walk(lib, &v);

	/* Clean up before asserting, so a failure leaves nothing behind. */
	unlink(obj);
	unlink(lib);
	rmdir(sub);
	int rm = rmdir(dir);
	free(img);
	eb_free(&b);
	arb_free(&a);

	assert_int_equal(rm, 0);
	assert_int_equal(errors, 2);
	assert_string_equal(w.archive_path, lib);
	assert_true(w.archive_thin);
	assert_int_equal(w.objects, 1);
	assert_string_equal(w.obj_member[0], obj);
	assert_int_equal(w.machine[0], EM_AARCH64);
	assert_int_equal(w.errors, 2);
	snprintf(want, sizeof want, "%s/missing.o", dir);
	assert_string_equal(w.err_member[0], want);
	if (!strstr(w.err_msg[0], "thin archive member cannot be opened"))
		fail_msg("%s", w.err_msg[0]);
	assert_string_equal(w.err_member[1], lib);
	assert_string_equal(w.err_msg[1],
			    "thin archive member refers to the archive itself");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gnu_archive),
		cmocka_unit_test(test_next_skips_special_members),
		cmocka_unit_test(test_gnu_short_names),
		cmocka_unit_test(test_gnu_sym64_index),
		cmocka_unit_test(test_bsd_archive),
		cmocka_unit_test(test_bsd_symdef_sorted_long_name),
		cmocka_unit_test(test_member_past_eof),
		cmocka_unit_test(test_bad_size_field),
		cmocka_unit_test(test_bad_fmag),
		cmocka_unit_test(test_truncated_member_header),
		cmocka_unit_test(test_long_name_offset_past_table),
		cmocka_unit_test(test_no_longname_table),
		cmocka_unit_test(test_symidx_count_too_large),
		cmocka_unit_test(test_symidx_offset_past_eof),
		cmocka_unit_test(test_thin_path),
		cmocka_unit_test(test_thin_archive_members),
		cmocka_unit_test(test_thin_archive_walk),
	};
	return cmocka_run_group_tests_name("archive", tests, NULL, NULL);
}
