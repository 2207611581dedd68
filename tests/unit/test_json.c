/*
 * test_json.c - the streaming JSON writer (report/json.h), written to an
 * open_memstream FILE and compared as strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mem {
	char *buf;
	size_t len;
	FILE *f;
	ls_json j;
} mem;

static void mem_open(mem *m, bool pretty)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	ls_json_init(&m->j, m->f, pretty);
}

/* Closes the stream and compares everything written with want. */
static void mem_expect(mem *m, const char *want)
{
	assert_int_equal(fclose(m->f), 0);
	if (m->len != strlen(want) || memcmp(m->buf, want, m->len) != 0)
		fail_msg("got  [%.*s]\nwant [%s]", (int)m->len, m->buf, want);
	free(m->buf);
}

/* One string value, written with ls_json_string_n. */
static void json_expect(const char *s, size_t n, const char *want)
{
	mem m;
	mem_open(&m, false);
	ls_json_string_n(&m.j, s, n);
	mem_expect(&m, want);
}
#define EXPECT_STR(lit, want) json_expect((lit), sizeof(lit) - 1, (want))

static void test_escape_quote_backslash(void **state)
{
	(void)state;
	EXPECT_STR("a\"b\\c", "\"a\\\"b\\\\c\"");
	EXPECT_STR("\"", "\"\\\"\"");
	EXPECT_STR("\\\\", "\"\\\\\\\\\"");
	EXPECT_STR("", "\"\"");
	/* '/' needs no escape. */
	EXPECT_STR("a/b", "\"a/b\"");
	/* Keys are escaped the same way. */
	mem m;
	mem_open(&m, false);
	ls_json_begin_object(&m.j);
	ls_json_key(&m.j, "k\"\\");
	ls_json_string(&m.j, "v");
	ls_json_end_object(&m.j);
	mem_expect(&m, "{\"k\\\"\\\\\":\"v\"}");
}

static void test_escape_control_chars(void **state)
{
	(void)state;
	EXPECT_STR("\n\t", "\"\\n\\t\"");
	EXPECT_STR("\x01\x1f\r\b\f", "\"\\u0001\\u001f\\u000d\\u0008\\u000c\"");
	EXPECT_STR("\x7f", "\"\\u007f\"");
	EXPECT_STR(" ~", "\" ~\"");	/* the printable ASCII edges */
	/* An embedded NUL is data when the length is given. */
	EXPECT_STR("a\0b", "\"a\\u0000b\"");
	/* ls_json_string stops at the NUL. */
	mem m;
	mem_open(&m, false);
	ls_json_string(&m.j, "a\0b");
	mem_expect(&m, "\"a\"");
}

static void test_invalid_utf8_escaped(void **state)
{
	(void)state;
	EXPECT_STR("\xff", "\"\\u00ff\"");
	EXPECT_STR("\x80", "\"\\u0080\"");	/* lone continuation */
	EXPECT_STR("x\xfey", "\"x\\u00fey\"");
	/* Overlong two-byte forms (C0, C1 leads). */
	EXPECT_STR("\xc0\x80", "\"\\u00c0\\u0080\"");
	EXPECT_STR("\xc1\xbf", "\"\\u00c1\\u00bf\"");
	/* Truncated sequences, at the end and before ASCII. */
	EXPECT_STR("\xc3", "\"\\u00c3\"");
	EXPECT_STR("\xe2\x82", "\"\\u00e2\\u0082\"");
	EXPECT_STR("\xe2(\xa1", "\"\\u00e2(\\u00a1\"");
	EXPECT_STR("\xf0\x9f\x98", "\"\\u00f0\\u009f\\u0098\"");
	EXPECT_STR("\xf0\x9f\x98!", "\"\\u00f0\\u009f\\u0098!\"");
	/* The length given, not the NUL, bounds a sequence. */
	json_expect("\xc3\xa9", 1, "\"\\u00c3\"");
	/* A valid sequence right after a stray byte still passes. */
	EXPECT_STR("\xff\xc3\xa9", "\"\\u00ff\xc3\xa9\"");
}

static void test_valid_utf8_passed_through(void **state)
{
	(void)state;
	EXPECT_STR("\xc3\xa9", "\"\xc3\xa9\"");			/* U+00E9 */
	EXPECT_STR("\xc2\x80", "\"\xc2\x80\"");			/* U+0080 */
	EXPECT_STR("\xdf\xbf", "\"\xdf\xbf\"");			/* U+07FF */
	EXPECT_STR("\xe2\x82\xac", "\"\xe2\x82\xac\"");		/* U+20AC */
	EXPECT_STR("\xef\xbf\xbf", "\"\xef\xbf\xbf\"");		/* U+FFFF */
	EXPECT_STR("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");	/* U+1F600 */
	EXPECT_STR("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");	/* U+10FFFF */
	EXPECT_STR("_Z3f\xc3\xa9v\"", "\"_Z3f\xc3\xa9v\\\"\"");
}

static void test_nesting_and_commas(void **state)
{
	(void)state;
	mem m;

	mem_open(&m, false);
	ls_json_begin_object(&m.j);
	ls_json_key(&m.j, "a");
	ls_json_uint(&m.j, 1);
	ls_json_key(&m.j, "b");
	ls_json_begin_array(&m.j);
	ls_json_uint(&m.j, 1);
	ls_json_int(&m.j, -2);
	ls_json_begin_object(&m.j);
	ls_json_end_object(&m.j);
	ls_json_end_array(&m.j);
	ls_json_key(&m.j, "c");
	ls_json_begin_object(&m.j);
	ls_json_key(&m.j, "d");
	ls_json_null(&m.j);
	ls_json_key(&m.j, "e");
	ls_json_bool(&m.j, true);
	ls_json_end_object(&m.j);
	ls_json_key(&m.j, "f");
	ls_json_begin_array(&m.j);
	ls_json_end_array(&m.j);
	ls_json_key(&m.j, "s");
	ls_json_string(&m.j, "x");
	ls_json_end_object(&m.j);
	ls_json_finish(&m.j);
	mem_expect(&m, "{\"a\":1,\"b\":[1,-2,{}],\"c\":{\"d\":null,\"e\":true},"
		       "\"f\":[],\"s\":\"x\"}\n");
}

static void test_pretty(void **state)
{
	(void)state;
	mem m;

	mem_open(&m, true);
	ls_json_begin_object(&m.j);
	ls_json_key(&m.j, "a");
	ls_json_uint(&m.j, 1);
	ls_json_key(&m.j, "b");
	ls_json_begin_array(&m.j);
	ls_json_uint(&m.j, 1);
	ls_json_int(&m.j, -2);
	ls_json_begin_object(&m.j);
	ls_json_end_object(&m.j);
	ls_json_end_array(&m.j);
	ls_json_key(&m.j, "c");
	ls_json_begin_object(&m.j);
	ls_json_key(&m.j, "d");
	ls_json_null(&m.j);
	ls_json_end_object(&m.j);
	ls_json_key(&m.j, "f");
	ls_json_begin_array(&m.j);
	ls_json_end_array(&m.j);
	ls_json_end_object(&m.j);
	ls_json_finish(&m.j);
	mem_expect(&m,
		   "{\n"
		   "  \"a\": 1,\n"
		   "  \"b\": [\n"
		   "    1,\n"
		   "    -2,\n"
		   "    {}\n"
		   "  ],\n"
		   "  \"c\": {\n"
		   "    \"d\": null\n"
		   "  },\n"
		   "  \"f\": []\n"
		   "}\n");
}

static void test_scalars(void **state)
{
	(void)state;
	mem m;

	mem_open(&m, false);
	ls_json_begin_array(&m.j);
	ls_json_uint(&m.j, UINT64_MAX);
	ls_json_int(&m.j, INT64_MIN);
	ls_json_int(&m.j, 0);
	ls_json_bool(&m.j, false);
	ls_json_string(&m.j, NULL);	/* NULL is null */
	ls_json_string_n(&m.j, "abcdef", 3);
	ls_json_end_array(&m.j);
	mem_expect(&m, "[18446744073709551615,-9223372036854775808,0,false,"
		       "null,\"abc\"]");

	/* Values at the top level are separated too. */
	mem_open(&m, true);
	ls_json_uint(&m.j, 1);
	ls_json_uint(&m.j, 2);
	ls_json_finish(&m.j);
	mem_expect(&m, "1,2\n");
}

static void test_array_of_objects(void **state)
{
	(void)state;
	mem m;

	/* The shape of a symbol report: commas between objects, none after
	 * the last member of each. */
	mem_open(&m, false);
	ls_json_begin_array(&m.j);
	for (int i = 0; i < 3; i++) {
		ls_json_begin_object(&m.j);
		ls_json_key(&m.j, "i");
		ls_json_int(&m.j, i);
		ls_json_key(&m.j, "tags");
		ls_json_begin_array(&m.j);
		for (int k = 0; k < i; k++)
			ls_json_uint(&m.j, (uint64_t)k);
		ls_json_end_array(&m.j);
		ls_json_end_object(&m.j);
	}
	ls_json_end_array(&m.j);
	mem_expect(&m, "[{\"i\":0,\"tags\":[]},{\"i\":1,\"tags\":[0]},"
		       "{\"i\":2,\"tags\":[0,1]}]");
}

/* Lead bytes that can never start UTF-8, overlongs, surrogates and
 * values past U+10FFFF are escaped, so the document stays valid. */
static void test_json_invalid_lead_bytes(void **state)
{
	(void)state;
	EXPECT_STR("\xf8\x80\x80", "\"\\u00f8\\u0080\\u0080\"");
	EXPECT_STR("\xff\xbf\xbf", "\"\\u00ff\\u00bf\\u00bf\"");
	EXPECT_STR("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");
	EXPECT_STR("\xe0\x80\x80", "\"\\u00e0\\u0080\\u0080\"");
	EXPECT_STR("\xf0\x80\x80\x80", "\"\\u00f0\\u0080\\u0080\\u0080\"");
	EXPECT_STR("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");
	EXPECT_STR("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_quote_backslash),
		cmocka_unit_test(test_escape_control_chars),
		cmocka_unit_test(test_invalid_utf8_escaped),
		cmocka_unit_test(test_valid_utf8_passed_through),
		cmocka_unit_test(test_nesting_and_commas),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_json_invalid_lead_bytes),
		cmocka_unit_test(test_array_of_objects),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
