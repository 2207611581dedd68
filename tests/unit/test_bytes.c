/*
 * test_bytes.c - the bounds-checked byte view (core/bytes.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/bytes.h"

#include <string.h>

static const uint8_t data8[8] = { 0x01, 0x02, 0x03, 0x04,
				  0x05, 0x06, 0x07, 0x08 };

static ls_bytes view8(void)
{
	return (ls_bytes){ data8, sizeof data8 };
}

static void test_in_boundaries(void **state)
{
	(void)state;
	ls_bytes b = view8();

	assert_true(ls_in(b, 0, 8));
	assert_false(ls_in(b, 0, 9));
	assert_true(ls_in(b, 8, 0));	/* empty range at the very end */
	assert_false(ls_in(b, 8, 1));
	assert_false(ls_in(b, 9, 0));	/* empty range past the end */
	assert_true(ls_in(b, 7, 1));
	assert_false(ls_in(b, 7, 2));
	assert_true(ls_in(b, 3, 5));
	assert_false(ls_in(b, 3, 6));

	ls_bytes empty = { NULL, 0 };
	assert_true(ls_in(empty, 0, 0));
	assert_false(ls_in(empty, 0, 1));
	assert_false(ls_in(empty, 1, 0));
}

static void test_sub_boundaries(void **state)
{
	(void)state;
	ls_bytes b = view8(), s = { (const uint8_t *)"x", 99 };

	assert_true(ls_sub(b, 2, 6, &s));
	assert_ptr_equal(s.base, data8 + 2);
	assert_int_equal(s.size, 6);

	assert_true(ls_sub(b, 8, 0, &s));
	assert_ptr_equal(s.base, data8 + 8);
	assert_int_equal(s.size, 0);

	/* A failed ls_sub leaves *out alone. */
	ls_bytes keep = { (const uint8_t *)"k", 1 }, t = keep;
	assert_false(ls_sub(b, 2, 7, &t));
	assert_false(ls_sub(b, 9, 0, &t));
	assert_ptr_equal(t.base, keep.base);
	assert_int_equal(t.size, 1);

	/* A sub-view's accesses are bounded by the sub-view, not the parent. */
	uint8_t v;
	assert_true(ls_sub(b, 4, 2, &s));
	assert_true(ls_u8(s, 1, &v));
	assert_int_equal(v, 0x06);
	assert_false(ls_u8(s, 2, &v));
}

static void test_overflow_near_uint64_max(void **state)
{
	(void)state;
	ls_bytes b = view8();
	ls_bytes out = { NULL, 0 };
	uint64_t sum, prod;
	uint32_t v32;
	uint64_t v64;
	uint8_t v8;

	/* off + len would wrap around to a small in-range number. */
	assert_false(ls_in(b, UINT64_MAX, 1));
	assert_false(ls_in(b, UINT64_MAX, 9));
	assert_false(ls_in(b, 1, UINT64_MAX));
	assert_false(ls_in(b, 8, UINT64_MAX));
	assert_false(ls_in(b, UINT64_MAX - 3, 8));
	assert_false(ls_sub(b, UINT64_MAX - 1, 4, &out));
	assert_false(ls_sub(b, 4, UINT64_MAX - 1, &out));
	assert_null(out.base);
	assert_false(ls_u8(b, UINT64_MAX, &v8));
	assert_false(ls_u32(b, UINT64_MAX - 1, LS_LE, &v32));
	assert_false(ls_u64(b, UINT64_MAX - 6, LS_BE, &v64));

	/* A view claiming the whole address space still checks off+len. */
	ls_bytes huge = { data8, UINT64_MAX };
	assert_true(ls_in(huge, UINT64_MAX - 1, 1));
	assert_true(ls_in(huge, UINT64_MAX, 0));
	assert_false(ls_in(huge, UINT64_MAX, 1));
	assert_false(ls_in(huge, 2, UINT64_MAX - 1));

	assert_true(ls_add_ok(UINT64_MAX - 1, 1, &sum));
	assert_int_equal(sum, UINT64_MAX);
	assert_false(ls_add_ok(UINT64_MAX, 1, &sum));
	assert_true(ls_mul_ok(UINT64_MAX / 2, 2, &prod));
	assert_int_equal(prod, UINT64_MAX - 1);
	assert_false(ls_mul_ok(UINT64_MAX / 2 + 1, 2, &prod));
}

static void test_u16_both_orders(void **state)
{
	(void)state;
	ls_bytes b = view8();
	uint16_t v = 0;

	assert_true(ls_u16(b, 0, LS_LE, &v));
	assert_int_equal(v, 0x0201);
	assert_true(ls_u16(b, 0, LS_BE, &v));
	assert_int_equal(v, 0x0102);
	assert_true(ls_u16(b, 6, LS_LE, &v));
	assert_int_equal(v, 0x0807);
	assert_true(ls_u16(b, 6, LS_BE, &v));
	assert_int_equal(v, 0x0708);
	v = 0xabcd;
	assert_false(ls_u16(b, 7, LS_LE, &v));
	assert_int_equal(v, 0);		/* zeroed on failure */

	static const uint8_t hi[2] = { 0xff, 0x80 };
	ls_bytes h = { hi, 2 };
	assert_true(ls_u16(h, 0, LS_LE, &v));
	assert_int_equal(v, 0x80ff);
	assert_true(ls_u16(h, 0, LS_BE, &v));
	assert_int_equal(v, 0xff80);
}

static void test_u32_both_orders(void **state)
{
	(void)state;
	ls_bytes b = view8();
	uint32_t v = 0;

	assert_true(ls_u32(b, 0, LS_LE, &v));
	assert_int_equal(v, 0x04030201);
	assert_true(ls_u32(b, 0, LS_BE, &v));
	assert_int_equal(v, 0x01020304);
	assert_true(ls_u32(b, 4, LS_LE, &v));
	assert_int_equal(v, 0x08070605);
	assert_true(ls_u32(b, 4, LS_BE, &v));
	assert_int_equal(v, 0x05060708);
	assert_false(ls_u32(b, 5, LS_LE, &v));
	assert_false(ls_u32(b, 5, LS_BE, &v));

	static const uint8_t hi[4] = { 0xfe, 0xdc, 0xba, 0x98 };
	ls_bytes h = { hi, 4 };
	assert_true(ls_u32(h, 0, LS_LE, &v));
	assert_int_equal(v, 0x98badcfe);
	assert_true(ls_u32(h, 0, LS_BE, &v));
	assert_int_equal(v, 0xfedcba98);
}

static void test_u64_both_orders(void **state)
{
	(void)state;
	ls_bytes b = view8();
	uint64_t v = 0;

	assert_true(ls_u64(b, 0, LS_LE, &v));
	assert_int_equal(v, 0x0807060504030201ULL);
	assert_true(ls_u64(b, 0, LS_BE, &v));
	assert_int_equal(v, 0x0102030405060708ULL);
	v = 42;
	assert_false(ls_u64(b, 1, LS_LE, &v));
	assert_int_equal(v, 0);

	static const uint8_t hi[9] = { 0, 0xff, 0xee, 0xdd, 0xcc,
				       0xbb, 0xaa, 0x99, 0x88 };
	ls_bytes h = { hi, 9 };
	assert_true(ls_u64(h, 1, LS_LE, &v));
	assert_int_equal(v, 0x8899aabbccddeeffULL);
	assert_true(ls_u64(h, 1, LS_BE, &v));
	assert_int_equal(v, 0xffeeddccbbaa9988ULL);
}

static void test_word_4_and_8(void **state)
{
	(void)state;
	static const uint8_t ff[8] = { 0xff, 0xff, 0xff, 0xff,
				       0x01, 0x00, 0x00, 0x80 };
	ls_bytes b = { ff, 8 };
	uint64_t v = 0;

	/* A 4-byte word is zero-extended, not sign-extended. */
	assert_true(ls_word(b, 0, LS_LE, 4, &v));
	assert_int_equal(v, 0xffffffffULL);
	assert_true(ls_word(b, 4, LS_LE, 4, &v));
	assert_int_equal(v, 0x80000001ULL);
	assert_true(ls_word(b, 4, LS_BE, 4, &v));
	assert_int_equal(v, 0x01000080ULL);
	assert_true(ls_word(b, 0, LS_LE, 8, &v));
	assert_int_equal(v, 0x80000001ffffffffULL);
	assert_true(ls_word(b, 0, LS_BE, 8, &v));
	assert_int_equal(v, 0xffffffff01000080ULL);
	/* An 8-byte word needs 8 bytes; a 4-byte one at the same spot fits. */
	assert_false(ls_word(b, 4, LS_LE, 8, &v));
	assert_false(ls_word(b, 5, LS_LE, 4, &v));
}

static void test_cstr_without_nul(void **state)
{
	(void)state;
	static const char s[5] = { 'a', 'b', 'c', 'd', 'e' };
	ls_bytes b = { (const uint8_t *)s, 5 };
	const char *out = NULL;
	size_t len = 77;

	assert_false(ls_cstr(b, 0, &out, &len));
	assert_false(ls_cstr(b, 4, &out, &len));
	assert_null(out);
	assert_int_equal(len, 77);

	/* The NUL just past the view does not count. */
	static const char t[4] = { 'x', 'y', 'z', '\0' };
	ls_bytes c = { (const uint8_t *)t, 3 };
	assert_false(ls_cstr(c, 0, &out, &len));
	c.size = 4;
	assert_true(ls_cstr(c, 0, &out, &len));
	assert_int_equal(len, 3);
	assert_string_equal(out, "xyz");
}

static void test_cstr_at_end(void **state)
{
	(void)state;
	static const char s[] = "ab\0cd";	/* 6 bytes with the final NUL */
	ls_bytes b = { (const uint8_t *)s, 6 };
	const char *out = NULL;
	size_t len = 0;

	assert_true(ls_cstr(b, 3, &out, &len));
	assert_ptr_equal(out, s + 3);
	assert_int_equal(len, 2);
	/* Starting on the last byte (the NUL) gives the empty string. */
	assert_true(ls_cstr(b, 5, &out, &len));
	assert_ptr_equal(out, s + 5);
	assert_int_equal(len, 0);
	/* Starting at the end or past it fails. */
	out = NULL;
	assert_false(ls_cstr(b, 6, &out, &len));
	assert_false(ls_cstr(b, 7, &out, &len));
	assert_false(ls_cstr(b, UINT64_MAX, &out, &len));
	assert_null(out);
}

static void test_cstr_empty_string(void **state)
{
	(void)state;
	static const char s[] = "\0abc";
	ls_bytes b = { (const uint8_t *)s, 5 };
	const char *out = NULL;
	size_t len = 99;

	assert_true(ls_cstr(b, 0, &out, &len));
	assert_ptr_equal(out, s);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	/* len may be NULL. */
	assert_true(ls_cstr(b, 1, &out, NULL));
	assert_string_equal(out, "abc");

	ls_bytes empty = { (const uint8_t *)s, 0 };
	assert_false(ls_cstr(empty, 0, &out, &len));
}

static void test_u8_and_match(void **state)
{
	(void)state;
	ls_bytes b = view8();
	uint8_t v = 0;

	assert_true(ls_u8(b, 7, &v));
	assert_int_equal(v, 0x08);
	assert_false(ls_u8(b, 8, &v));
	assert_int_equal(v, 0);

	static const uint8_t m[3] = { 0x06, 0x07, 0x08 };
	static const uint8_t m2[3] = { 0x06, 0x07, 0x09 };
	assert_true(ls_match(b, 5, m, 3));
	assert_false(ls_match(b, 5, m2, 3));
	assert_false(ls_match(b, 6, m, 3));	/* would overrun */
	assert_true(ls_match(b, 8, m, 0));
	assert_false(ls_match(b, 9, m, 0));
	assert_ptr_equal(ls_ptr(b, 3), data8 + 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_boundaries),
		cmocka_unit_test(test_sub_boundaries),
		cmocka_unit_test(test_overflow_near_uint64_max),
		cmocka_unit_test(test_u16_both_orders),
		cmocka_unit_test(test_u32_both_orders),
		cmocka_unit_test(test_u64_both_orders),
		cmocka_unit_test(test_word_4_and_8),
		cmocka_unit_test(test_cstr_without_nul),
		cmocka_unit_test(test_cstr_at_end),
		cmocka_unit_test(test_cstr_empty_string),
		cmocka_unit_test(test_u8_and_match),
	};
	return cmocka_run_group_tests_name("bytes", tests, NULL, NULL);
}
