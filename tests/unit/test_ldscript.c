/*
 * test_ldscript.c - the symbol side of GNU linker scripts (ls_ldscript_parse:
 * assignments, PROVIDE/PROVIDE_HIDDEN/HIDDEN, EXTERN, ENTRY, ASSERT, input
 * section descriptions and /DISCARD/) and the expression reader shared
 * with --defsym (ls_ldexpr_symbols, ls_ldexpr_defsym_parse): numbers,
 * operators, built-in functions that are not references, errors with
 * their offsets and the limits; then the default scripts of the installed
 * GNU linkers (ld --verbose for every target and -shared, -r, and every
 * file in /usr/lib/<triple>/ldscripts) must parse and give the expected
 * PROVIDE names.  The INPUT/GROUP side is in test_linkcmd.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mapfile.h"
#include "link/ldexpr.h"
#include "link/ldscript.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- helpers ------------------------------------------------------------ */

static ls_bytes bytes_of(const char *s)
{
	ls_bytes b = { (const uint8_t *)s, strlen(s) };
	return b;
}

static void parse_ok(const char *text, ls_ldscript *s)
{
	ls_diag d = { 0 };

	if (ls_ldscript_parse(bytes_of(text), s, &d) < 0)
		fail_msg("'%s': %s at %llu", text, d.msg, (unsigned long long)d.offset);
}

/* The script must fail with a message containing want at offset off. */
static void parse_bad(const char *text, const char *want, uint64_t off)
{
	ls_ldscript s;
	ls_diag d = { 0 };

	if (ls_ldscript_parse(bytes_of(text), &s, &d) == 0)
		fail_msg("'%s' parsed, wanted '%s'", text, want);
	if (!strstr(d.msg, want))
		fail_msg("'%s': '%s', wanted '%s'", text, d.msg, want);
	if (!d.has_offset || d.offset != off)
		fail_msg("'%s': '%s' at offset %llu, wanted %llu", text, d.msg,
			 (unsigned long long)d.offset, (unsigned long long)off);
	assert_null(s.assigns);
	assert_null(s.refs);
	assert_null(s.insecs);
	assert_null(s.entries);
	assert_int_equal(s.nassigns + s.nrefs + s.ninsecs + s.nentries, 0);
}

/* "a,b,c": the refs of an assignment, joined. */
static void refs_are(const ls_ldscript_assign *a, const char *want)
{
	char got[512] = "";

	for (size_t i = 0; i < a->nrefs; i++) {
		if (i)
			strcat(got, ",");
		strcat(got, a->refs[i]);
	}
	if (strcmp(got, want))
		fail_msg("refs of %s: '%s', wanted '%s'", a->name, got, want);
}

static const ls_ldscript_assign *assign_named(const ls_ldscript *s, const char *name)
{
	for (size_t i = 0; i < s->nassigns; i++)
		if (!strcmp(s->assigns[i].name, name))
			return &s->assigns[i];
	fail_msg("no assignment to %s", name);
	return NULL;
}

/* "KIND:name ..." of the script's refs. */
static void script_refs_are(const ls_ldscript *s, const char *want)
{
	static const char *const kn[] = { "EXTERN", "ENTRY", "ASSERT", "EXPR" };
	char got[1024] = "";

	for (size_t i = 0; i < s->nrefs; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, kn[s->refs[i].kind]);
		strcat(got, ":");
		strcat(got, s->refs[i].name);
	}
	if (strcmp(got, want))
		fail_msg("script refs: '%s', wanted '%s'", got, want);
}

/* An input section description as "output file[!x,!y](pat[!z] pat)". */
static void insec_is(const ls_ldscript *s, size_t i, const char *want)
{
	char got[1024];
	size_t n = 0;

	if (i >= s->ninsecs)
		fail_msg("no input section description %zu (%s)", i, want);
	const ls_ldscript_insec *e = &s->insecs[i];
	n += (size_t)snprintf(got + n, sizeof got - n, "%s%s%s %s", e->output,
			      e->discard ? "!" : "", e->keep ? " KEEP" : "", e->file);
	for (size_t k = 0; k < e->nflags; k++)
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", k ? "&" : " <",
				      e->flags[k]);
	if (e->nflags)
		n += (size_t)snprintf(got + n, sizeof got - n, ">");
	for (size_t k = 0; k < e->nexclude_files; k++)
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", k ? "," : "[!",
				      e->exclude_files[k]);
	if (e->nexclude_files)
		n += (size_t)snprintf(got + n, sizeof got - n, "]");
	if (e->nsections) {
		n += (size_t)snprintf(got + n, sizeof got - n, "(");
		for (size_t k = 0; k < e->nsections; k++) {
			const ls_ldscript_secpat *sp = &e->sections[k];
			n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", k ? " " : "",
					      sp->pattern);
			for (size_t m = 0; m < sp->nexclude_files; m++)
				n += (size_t)snprintf(got + n, sizeof got - n, "%s%s",
						      m ? "," : "[!", sp->exclude_files[m]);
			if (sp->nexclude_files)
				n += (size_t)snprintf(got + n, sizeof got - n, "]");
		}
		snprintf(got + n, sizeof got - n, ")");
	}
	if (strcmp(got, want))
		fail_msg("input section %zu: '%s', wanted '%s'", i, got, want);
}

/* --- the expression reader ------------------------------------------------ */

struct collect {
	char text[1024];
	int calls;
	int stop_after;		/* >0: return -1 at that call */
};

static int collect_fn(void *arg, const char *name, size_t len, uint64_t off)
{
	struct collect *c = arg;
	size_t n = strlen(c->text);

	(void)off;
	if (c->stop_after && ++c->calls >= c->stop_after)
		return -1;
	snprintf(c->text + n, sizeof c->text - n, "%s%.*s", n ? "," : "", (int)len, name);
	return 0;
}

static void expr_refs(const char *expr, const char *want)
{
	struct collect c = { .text = "" };
	ls_diag d = { 0 };

	if (ls_ldexpr_symbols(expr, strlen(expr), collect_fn, &c, &d) < 0)
		fail_msg("'%s': %s at %llu", expr, d.msg, (unsigned long long)d.offset);
	if (strcmp(c.text, want))
		fail_msg("'%s' references '%s', wanted '%s'", expr, c.text, want);
}

static void expr_bad(const char *expr, const char *want, uint64_t off)
{
	ls_diag d = { 0 };

	if (ls_ldexpr_symbols(expr, strlen(expr), NULL, NULL, &d) == 0)
		fail_msg("'%s' parsed, wanted '%s'", expr, want);
	if (!strstr(d.msg, want))
		fail_msg("'%s': '%s', wanted '%s'", expr, d.msg, want);
	if (!d.has_offset || d.offset != off)
		fail_msg("'%s': offset %llu, wanted %llu", expr,
			 (unsigned long long)d.offset, (unsigned long long)off);
}

static void test_expr_refs(void **state)
{
	(void)state;
	expr_refs("foo", "foo");
	expr_refs("foo + bar * foo - baz", "foo,bar,baz");
	expr_refs(".", "");
	expr_refs(". + 4", "");
	expr_refs("\"a b\" + \".\"", "a b");
	expr_refs("\"foo\" + foo", "foo");
	/* '-' is an operator in an expression, '/' and '~' are name bytes. */
	expr_refs("a-b", "a,b");
	expr_refs("a/b", "a/b");
	expr_refs("a /b", "a,b");
	expr_refs("x~y + _z.$1\\q", "x~y,_z.$1\\q");
	/* DEFINED asks, it does not require. */
	expr_refs("DEFINED(foo) ? foo : bar", "foo,bar");
	expr_refs("DEFINED(foo) ? 1 : 0", "");
	expr_refs("DEFINED(\"x y\")", "");
	/* Built-ins whose argument is a section, region, segment or constant. */
	expr_refs("ADDR(.text) + SIZEOF(.data) + LOADADDR(\".bss\") + ALIGNOF(.tbss)", "");
	expr_refs("ORIGIN(ram) + LENGTH(rom)", "");
	expr_refs("SEGMENT_START(\"text-segment\", base)", "base");
	expr_refs("SEGMENT_START(text-segment , base)", "base");
	expr_refs("CONSTANT(MAXPAGESIZE) + CONSTANT(COMMONPAGESIZE)", "");
	expr_refs("SIZEOF_HEADERS", "");
	expr_refs("ASSERT(x > 0, \"x must be positive\")", "x");
	expr_refs("ASSERT(x, msg)", "x");
	/* Built-ins over expressions. */
	expr_refs("ALIGN(a) + ALIGN(b, c) + ABSOLUTE(d) + BLOCK(e) + NEXT(f)", "a,b,c,d,e,f");
	expr_refs("MAX(g, h) + MIN(i, j) + LOG2CEIL(k)", "g,h,i,j,k");
	expr_refs("DATA_SEGMENT_ALIGN(l, m) + DATA_SEGMENT_RELRO_END(n, o) + DATA_SEGMENT_END(p)",
		  "l,m,n,o,p");
	/* Every operator, with C's precedence (the reader only has to
	 * accept them and stop at the right place). */
	expr_refs("-a + !b - ~c * +d / e % f", "a,b,c,d,e,f");
	expr_refs("a << b >> c < d > e <= f >= g == h != i", "a,b,c,d,e,f,g,h,i");
	expr_refs("a & b ^ c | d && e || f ? g : h ? i : j", "a,b,c,d,e,f,g,h,i,j");
	expr_refs("((((a))))", "a");
	expr_refs("/* c */ a /* d */ + # to the end of the line\n b", "a,b");
	/* Numbers: ld's INT rules, longest match, numbers before names. */
	expr_refs("0x10 + 0X1f + 010 + 08 + 4K + 4k + 1M + 1m + 0x10K + $ff + $ffK",
		  "");
	expr_refs("10h + 0fH + 101b + 17o + 99d + ffh + each", "");
	expr_refs("$foo + effx + eachx", "$foo,eachx");
	expr_refs("sizeof_headers", "sizeof_headers");	/* not a keyword */
}

static void test_expr_errors(void **state)
{
	char deep[1024], many[16384];
	size_t n = 0;
	(void)state;

	expr_bad("", "expected an expression, found end of file", 0);
	expr_bad("a +", "expected an expression", 3);
	expr_bad("(a", "expected ')'", 2);
	expr_bad("a)", "unexpected ')' after the expression", 1);
	expr_bad("a b", "unexpected 'b' after the expression", 2);
	expr_bad("12g", "unexpected 'g' after the expression", 2);
	expr_refs("1x + 1X + 0x", "");	/* hex with an X suffix */
	expr_bad("ALIGN", "expected '('", 5);
	expr_bad("ALIGN(1, 2, 3)", "expected ')' in ALIGN", 10);
	expr_bad("MAX(1)", "expected ',' in MAX", 5);
	expr_bad("DEFINED(1)", "DEFINED wants a name, found '1'", 8);
	expr_bad("DEFINED(\"\")", "empty name in DEFINED", 8);
	expr_bad("CONSTANT(PAGESIZE)", "unknown constant 'PAGESIZE'", 9);
	expr_bad("NOLOAD", "'NOLOAD' is a keyword", 0);
	expr_bad("a ? b", "expected ':'", 5);
	expr_bad("a @ b", "unexpected character '@'", 2);
	expr_bad("a \001", "control byte 0x01", 2);
	expr_bad("a \xc3\xa9", "byte 0xc3 outside a quoted name", 2);
	expr_bad("\"\"", "empty symbol name", 0);
	expr_bad("a /* never closed", "unterminated comment", 2);
	expr_bad("\"a", "unterminated quoted name", 0);
	expr_bad("a = 1", "unexpected '=' after the expression", 2);
	expr_bad("SEGMENT_START(text-segment, 1)", "expected ','", 28);
	expr_bad("ASSERT(1, 2)", "ASSERT wants a message", 10);

	for (int i = 0; i < 200; i++)
		deep[n++] = '(';
	deep[n++] = 'x';
	deep[n] = 0;
	expr_bad(deep, "nested more than 128 deep", 64);
	n = 0;
	for (int i = 0; i < 200; i++)
		deep[n++] = '-';
	deep[n++] = '1';
	deep[n] = 0;
	expr_bad(deep, "nested more than 128 deep", 127);

	n = 0;
	for (int i = 0; i <= LS_LDEXPR_MAX_REFS; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "%ss%d", i ? "+" : "", i);
	expr_bad(many, "more than 1024 symbols", n - 5);

	/* The callback stops the reader. */
	struct collect c = { .text = "", .stop_after = 2 };
	ls_diag d = { 0 };
	assert_int_equal(ls_ldexpr_symbols("a + b + c", 9, collect_fn, &c, &d), -1);
	assert_string_equal(c.text, "a");
}

static void defsym_is(const char *arg, const char *name, ls_ld_assign_kind kind,
		      const char *op, const char *refs)
{
	struct collect c = { .text = "" };
	ls_ldexpr_defsym ds;
	ls_diag d = { 0 };

	if (ls_ldexpr_defsym_parse(arg, strlen(arg), &ds, collect_fn, &c, &d) < 0)
		fail_msg("--defsym '%s': %s at %llu", arg, d.msg, (unsigned long long)d.offset);
	if (ds.name_len != strlen(name) || memcmp(arg + ds.name_off, name, ds.name_len))
		fail_msg("--defsym '%s': name '%.*s'", arg, (int)ds.name_len, arg + ds.name_off);
	assert_int_equal(ds.kind, kind);
	assert_string_equal(ds.op, op);
	if (strcmp(c.text, refs))
		fail_msg("--defsym '%s' reads '%s', wanted '%s'", arg, c.text, refs);
}

static void defsym_bad(const char *arg, const char *want, uint64_t off)
{
	ls_ldexpr_defsym ds;
	ls_diag d = { 0 };

	if (ls_ldexpr_defsym_parse(arg, strlen(arg), &ds, NULL, NULL, &d) == 0)
		fail_msg("--defsym '%s' parsed", arg);
	if (!strstr(d.msg, want) || d.offset != off)
		fail_msg("--defsym '%s': '%s' at %llu, wanted '%s' at %llu", arg, d.msg,
			 (unsigned long long)d.offset, want, (unsigned long long)off);
}

/* ld 2.40 accepts and rejects the same --defsym arguments (checked by
 * hand with ld --defsym). */
static void test_defsym(void **state)
{
	(void)state;
	defsym_is("a=1", "a", LS_LD_ASSIGN, "=", "");
	defsym_is(" a = b ", "a", LS_LD_ASSIGN, "=", "b");
	defsym_is("a=b-c", "a", LS_LD_ASSIGN, "=", "b,c");
	defsym_is("a=b/c", "a", LS_LD_ASSIGN, "=", "b/c");
	defsym_is("a+=1", "a", LS_LD_ASSIGN, "+=", "a");
	defsym_is("a<<=a+b", "a", LS_LD_ASSIGN, "<<=", "a,b");
	defsym_is("\"x y\"=z", "x y", LS_LD_ASSIGN, "=", "z");
	defsym_is("PROVIDE(a=b)", "a", LS_LD_PROVIDE, "=", "b");
	defsym_is("HIDDEN(a=b)", "a", LS_LD_HIDDEN, "=", "b");
	defsym_is("a=DEFINED(q)?q:r", "a", LS_LD_ASSIGN, "=", "q,r");
	defsym_bad("a=1;", "unexpected ';'", 3);
	defsym_bad("a=1 b", "unexpected 'b'", 4);
	defsym_bad("a-b=1", "expected '=' after the symbol, found '-'", 1);
	defsym_bad("a", "expected '='", 1);
	defsym_bad("=1", "--defsym wants a symbol name", 0);
	defsym_bad(".=1", "cannot set '.'", 0);
	defsym_bad("PROVIDE(a+=1)", "expected '='", 9);
	defsym_bad("PROVIDE(a=1", "expected ')'", 11);
	defsym_bad("", "wants a symbol name", 0);
}

/* --- assignments ------------------------------------------------------------ */

static void test_assignments(void **state)
{
	ls_ldscript s;
	const ls_ldscript_assign *a;
	(void)state;

	parse_ok("top = 1;\n"
		 "PROVIDE(p = q + 1);\n"
		 "PROVIDE_HIDDEN(ph = .);\n"
		 "HIDDEN(h = ALIGN(x, 8)), c += c + d;\n"
		 "\"quoted name\" = \"other one\" ;\n"
		 "SECTIONS {\n"
		 "  . = base + SIZEOF_HEADERS;\n"
		 "  in_sec = DEFINED(maybe) ? maybe : 0;\n"
		 "  .text : {\n"
		 "    start_text = .;\n"
		 "    *(.text)\n"
		 "    PROVIDE(etext = .); HIDDEN(x2 = y2) ; . = ALIGN(a4);\n"
		 "    s1 -= 1, s2 *= 2; s3 /= 3; s4 <<= 4; s5 >>= 5; s6 &= 6; s7 |= 7; s8 ^= 8;\n"
		 "  }\n"
		 "  PROVIDE_HIDDEN(after = ADDR(.text) + end_of_text);\n"
		 "}\n",
		 &s);
	assert_int_equal(s.nassigns, 19);
	a = assign_named(&s, "top");
	assert_int_equal(a->kind, LS_LD_ASSIGN);
	assert_string_equal(a->op, "=");
	assert_null(a->section);
	assert_false(a->in_sections);
	assert_int_equal(a->offset, 0);
	refs_are(a, "");
	a = assign_named(&s, "p");
	assert_int_equal(a->kind, LS_LD_PROVIDE);
	refs_are(a, "q");
	assert_int_equal(assign_named(&s, "ph")->kind, LS_LD_PROVIDE_HIDDEN);
	refs_are(assign_named(&s, "ph"), "");
	a = assign_named(&s, "h");
	assert_int_equal(a->kind, LS_LD_HIDDEN);
	refs_are(a, "x");
	/* A compound operator reads the symbol itself, first and once. */
	a = assign_named(&s, "c");
	assert_string_equal(a->op, "+=");
	refs_are(a, "c,d");
	a = assign_named(&s, "quoted name");
	refs_are(a, "other one");
	assert_int_equal(a->offset, 91);
	a = assign_named(&s, "in_sec");
	assert_true(a->in_sections);
	assert_null(a->section);
	refs_are(a, "maybe");
	a = assign_named(&s, "start_text");
	assert_string_equal(a->section, ".text");
	assert_true(a->in_sections);
	a = assign_named(&s, "etext");
	assert_int_equal(a->kind, LS_LD_PROVIDE);
	assert_string_equal(a->section, ".text");
	refs_are(assign_named(&s, "x2"), "y2");
	assert_string_equal(assign_named(&s, "s1")->op, "-=");
	assert_string_equal(assign_named(&s, "s2")->op, "*=");
	assert_string_equal(assign_named(&s, "s3")->op, "/=");
	assert_string_equal(assign_named(&s, "s4")->op, "<<=");
	assert_string_equal(assign_named(&s, "s5")->op, ">>=");
	assert_string_equal(assign_named(&s, "s6")->op, "&=");
	assert_string_equal(assign_named(&s, "s7")->op, "|=");
	assert_string_equal(assign_named(&s, "s8")->op, "^=");
	refs_are(assign_named(&s, "s8"), "s8");
	a = assign_named(&s, "after");
	assert_null(a->section);
	refs_are(a, "end_of_text");
	/* Assignments to '.' define nothing; what they read is a ref. */
	script_refs_are(&s, "EXPR:base EXPR:a4");
	for (size_t i = 0; i < s.nassigns; i++)
		assert_string_not_equal(s.assigns[i].name, ".");
	assert_true(s.has_sections);
	assert_int_equal(s.ninsecs, 1);
	ls_ldscript_free(&s);
	assert_null(s.assigns);
	assert_int_equal(s.nassigns, 0);
}

/* --- EXTERN, ENTRY, ASSERT ----------------------------------------------------- */

static void test_extern_entry_assert(void **state)
{
	ls_ldscript s;
	(void)state;

	parse_ok("EXTERN(a b, c \"d e\")\n"
		 "ENTRY(_start)\n"
		 "ASSERT(DEFINED(x) || y, \"need y\")\n"
		 "SECTIONS {\n"
		 "  ENTRY(\"other start\")\n"
		 "  ASSERT(z != 0, z_is_zero)\n"
		 "  .data : { *(.data) ASSERT(. < limit, \"too big\"); }\n"
		 "}\n"
		 "ASSERT(w, \"w\");\n",
		 &s);
	script_refs_are(&s, "EXTERN:a EXTERN:b EXTERN:c EXTERN:d e ENTRY:_start "
			    "ASSERT:y ENTRY:other start ASSERT:z ASSERT:limit ASSERT:w");
	assert_int_equal(s.refs[0].offset, 7);
	assert_int_equal(s.nassigns, 0);
	ls_ldscript_free(&s);

	parse_bad("EXTERN()", "unexpected ')' in EXTERN", 7);
	parse_bad("EXTERN(a,,b)", "unexpected ',' in EXTERN", 9);
	parse_bad("EXTERN(a-b)", "unexpected '-' in EXTERN", 8);
	parse_bad("EXTERN(a", "EXTERN ( is never closed", 6);
	parse_bad("ENTRY()", "ENTRY wants a name, found ')'", 6);
	parse_bad("ENTRY(a b)", "expected ')' after the ENTRY symbol", 8);
	parse_bad("ASSERT(1, hello world)", "expected ')' after the ASSERT message", 16);
	parse_bad("SECTIONS { .t : { ASSERT(1, m) } }", "expected ';' after ASSERT", 31);
}

/* --- input sections and /DISCARD/ ---------------------------------------------- */

static void test_discard(void **state)
{
	ls_ldscript s;
	(void)state;

	parse_ok("SECTIONS {\n"
		 "  .text : { *(.text .text.*) KEEP(*(.init)) }\n"
		 "  /DISCARD/ : {\n"
		 "    *(.text.unused)\n"
		 "    *(.comment) *(.note.GNU-stack .gnu_debuglink)\n"
		 "    KEEP(*crtbegin.o(.ctors))\n"
		 "    EXCLUDE_FILE(*keep.o *also?.o) *(.debug*)\n"
		 "    *(EXCLUDE_FILE(*main.o) .eh_frame .rodata.[ab]*)\n"
		 "    libc.a:*(.gnu.warning*)\n"
		 "    junk.o\n"
		 "    INPUT_SECTION_FLAGS(SHF_WRITE & !SHF_EXECINSTR) *(.data.x)\n"
		 "    *(SORT_BY_NAME(.sorted.*) SORT(SORT_BY_ALIGNMENT(.both.*)))\n"
		 "    SORT(*.o)(.by_file)\n"
		 "    [ .old_style ]\n"
		 "    *(.glued, .pat , .lone)\n"
		 "  }\n"
		 "}\n",
		 &s);
	assert_int_equal(s.ninsecs, 15);
	insec_is(&s, 0, ".text *(.text .text.*)");
	insec_is(&s, 1, ".text KEEP *(.init)");
	insec_is(&s, 2, "/DISCARD/! *(.text.unused)");
	insec_is(&s, 3, "/DISCARD/! *(.comment)");
	insec_is(&s, 4, "/DISCARD/! *(.note.GNU-stack .gnu_debuglink)");
	insec_is(&s, 5, "/DISCARD/! KEEP *crtbegin.o(.ctors)");
	insec_is(&s, 6, "/DISCARD/! *[!*keep.o,*also?.o](.debug*)");
	/* bfd: the exclusion applies to the next pattern only. */
	insec_is(&s, 7, "/DISCARD/! *(.eh_frame[!*main.o] .rodata.[ab]*)");
	insec_is(&s, 8, "/DISCARD/! libc.a:*(.gnu.warning*)");
	insec_is(&s, 9, "/DISCARD/! junk.o");
	insec_is(&s, 10, "/DISCARD/! * <SHF_WRITE&!SHF_EXECINSTR>(.data.x)");
	insec_is(&s, 11, "/DISCARD/! *(.sorted.* .both.*)");
	insec_is(&s, 12, "/DISCARD/! *.o(.by_file)");
	insec_is(&s, 13, "/DISCARD/! *(.old_style)");
	/* ',' is a WILD name byte: bfd keeps it in ".glued,"; a lone one
	 * separates nothing. */
	insec_is(&s, 14, "/DISCARD/! *(.glued, .pat .lone)");
	assert_int_equal(s.insecs[2].offset, 77);
	ls_ldscript_free(&s);

	/* In an output section "foo =1;" is two file names, as bfd reads it
	 * (the '=' is a WILD byte unless blank follows it). */
	parse_ok("SECTIONS { .t : { foo =1; bar = 2; } }", &s);
	assert_int_equal(s.ninsecs, 2);
	insec_is(&s, 0, ".t foo");
	insec_is(&s, 1, ".t =1");
	assert_int_equal(s.nassigns, 1);
	assert_string_equal(s.assigns[0].name, "bar");
	ls_ldscript_free(&s);

	parse_bad("SECTIONS { /DISCARD/ : { *() } }", "no section pattern before ')'", 27);
	parse_bad("SECTIONS { /DISCARD/ : { EXCLUDE_FILE(a.o) } }",
		  "expected a file or section pattern, found '}'", 43);
	parse_bad("SECTIONS { /DISCARD/ : { EXCLUDE_FILE(a.o) *.o }",
		  "expected '(' after the file pattern, found '}'", 47);
	parse_bad("SECTIONS { /DISCARD/ : { SORT(*.o) }",
		  "expected '(' after the file pattern, found '}'", 35);
	parse_bad("SECTIONS { /DISCARD/ : { EXCLUDE_FILE() *(.a) } }",
		  "unexpected ')' in EXCLUDE_FILE", 38);
	parse_bad("SECTIONS { /DISCARD/ : { *(.a } }", "expected a file or section pattern, found '}'", 30);
	parse_bad("SECTIONS { /DISCARD/ : { *(.a", "section list is never closed", 26);
	parse_bad("SECTIONS { /DISCARD/ : { KEEP(*(.a) } }", "expected ')' after the kept", 36);
	parse_bad("SECTIONS { /DISCARD/ : { INPUT_SECTION_FLAGS(A B) *(.a) } }",
		  "expected '&' or ')'", 47);
	parse_bad("SECTIONS { /DISCARD/ : { *(.a) ", "output section /DISCARD/ { is never closed", 23);
}

/* --- the rest of the grammar ---------------------------------------------------- */

static void test_grammar(void **state)
{
	ls_ldscript s;
	(void)state;

	parse_ok("/* everything ld's grammar has */\n"
		 "OUTPUT_FORMAT(\"elf64-x86-64\", \"elf64-x86-64\", \"elf64-x86-64\")\n"
		 "OUTPUT_ARCH(i386:x86-64) TARGET(elf64-x86-64) OUTPUT(a.out)\n"
		 "FORCE_COMMON_ALLOCATION INHIBIT_COMMON_ALLOCATION FORCE_GROUP_ALLOCATION\n"
		 "REGION_ALIAS(alias , ram) LD_FEATURE(\"SANE_EXPR\") NOCROSSREFS(.a .b)\n"
		 "MEMORY { ram (rwx) : ORIGIN = ram_base, LENGTH = 1M\n"
		 "         rom (!w) : org = 0, l = 64K, flash : o = 0x1000 len = 2K }\n"
		 "PHDRS { text PT_LOAD FILEHDR PHDRS ; data PT_LOAD FLAGS(6) AT(lma) ; "
		 "note 0x4 ; }\n"
		 "SECTIONS {\n"
		 "  .text 0x1000 (NOLOAD) : AT(text_lma) ALIGN(16) ALIGN_WITH_INPUT "
		 "SUBALIGN(4) ONLY_IF_RO\n"
		 "    { *(.text) BYTE(b1) SHORT(2) LONG(l4) QUAD(8) SQUAD(8) FILL(f) "
		 "CONSTRUCTORS SORT(CONSTRUCTORS) CREATE_OBJECT_SYMBOLS ; }\n"
		 "    >ram AT>rom :text =0x90909090\n"
		 "  .data (READONLY) : { *(.data) } > ram AT > rom : data : note = fill,\n"
		 "  .ro (READONLY (TYPE = SHT_PROGBITS)) : { *(.ro) }\n"
		 "  .ty (TYPE = SHT_NOTE) : { *(.ty) }\n"
		 "  .info 0 (INFO) : { *(.info) }\n"
		 "  .addr (0x2000) : { *(.addr) }\n"
		 "  .bind BIND(0x3000) BLOCK(16) : { *(.bind) }\n"
		 "  OVERLAY ov_base : NOCROSSREFS AT(ov_lma) SUBALIGN(4) {\n"
		 "    .ov1 { *(.ov1) ov1_sym = .; } :text =0\n"
		 "    .ov2 { *(.ov2) },\n"
		 "  } >ram :text\n"
		 "  GROUP : { .g : { *(.g) } }\n"
		 "  ;\n"
		 "  /DISCARD/ : { *(.x) }\n"
		 "}\n"
		 "INSERT AFTER .text;\n"
		 "VERSION { V1 { global: foo; # no symbols here { \n local: *; }; }\n"
		 "HLL() SYSLIB(x) FLOAT NOFLOAT MAP(x.map)\n",
		 &s);
	script_refs_are(&s, "EXPR:ram_base EXPR:lma EXPR:text_lma EXPR:b1 EXPR:l4 EXPR:f "
			    "EXPR:fill EXPR:ov_base EXPR:ov_lma");
	assert_int_equal(s.nassigns, 1);
	assert_string_equal(s.assigns[0].name, "ov1_sym");
	assert_string_equal(s.assigns[0].section, ".ov1");
	assert_true(s.has_sections);
	assert_true(s.has_insert);
	assert_true(s.has_version);
	assert_int_equal(s.ninsecs, 11);
	insec_is(&s, 7, ".ov1 *(.ov1)");
	insec_is(&s, 8, ".ov2 *(.ov2)");
	insec_is(&s, 9, ".g *(.g)");
	insec_is(&s, 10, "/DISCARD/! *(.x)");
	ls_ldscript_free(&s);

	/* "(name)" after a section name is an address, not a type. */
	parse_ok("SECTIONS { .t (BOGUS) : { } }", &s);
	script_refs_are(&s, "EXPR:BOGUS");
	ls_ldscript_free(&s);

	/* The fill before /DISCARD/ is not a division (ld's special case). */
	parse_ok("SECTIONS { .a : { *(.a) } =0x90 /DISCARD/ : { *(.b) } }", &s);
	assert_int_equal(s.ninsecs, 2);
	assert_true(s.insecs[1].discard);
	ls_ldscript_free(&s);

	/* libc.so: nothing new. */
	parse_ok("/* GNU ld script */\nOUTPUT_FORMAT(elf64-x86-64)\n"
		 "GROUP ( /lib/libc.so.6 /usr/lib/libc_nonshared.a "
		 "AS_NEEDED ( /lib64/ld-linux-x86-64.so.2 ) )\n", &s);
	assert_int_equal(s.nentries, 3);
	assert_int_equal(s.nassigns + s.nrefs + s.ninsecs, 0);
	assert_false(s.has_sections);
	ls_ldscript_free(&s);

	/* '#' comments outside INPUT lists. */
	parse_ok("# a comment\nfoo = 1; # another { (\nINPUT(a#b)\n", &s);
	assert_int_equal(s.nassigns, 1);
	assert_string_equal(s.entries[0].name, "a#b");
	ls_ldscript_free(&s);
}

static void test_errors(void **state)
{
	char buf[8192];
	size_t n = 0;
	(void)state;

	/* Refused constructs, named with their offset. */
	parse_bad("a = 1;\nINCLUDE other.ld\n", "INCLUDE is not supported", 7);
	parse_bad("SECTIONS { INCLUDE x.ld }", "INCLUDE is not supported", 11);
	parse_bad("SECTIONS { .t : { INCLUDE x.ld } }", "INCLUDE is not supported", 18);
	parse_bad("MEMORY { INCLUDE x.ld }", "INCLUDE is not supported", 9);
	parse_bad("STARTUP(crt0.o)", "STARTUP is not supported", 0);
	parse_bad("foo bar", "'foo' is not a linker script command", 0);
	parse_bad("foo=1;", "'foo=1' is not a linker script command", 0);
	parse_bad("x = 1;\nAFTER = 1;", "'AFTER' cannot start a statement", 7);
	parse_bad("l = 1;", "'l' cannot start a statement", 0);
	parse_bad("{ }", "unexpected '{'", 0);
	parse_bad("1 = 2;", "unexpected '1'", 0);
	/* Assignments. */
	parse_bad("a = 1", "expected ';' after the assignment, found end of file", 5);
	parse_bad("a = 1 2;", "expected ';' after the assignment, found '2'", 6);
	parse_bad("a = ;", "expected an expression, found ';'", 4);
	parse_bad("PROVIDE(a=1);", "expected '=' after 'a=1', found ')'", 11);
	parse_bad("PROVIDE(a += 1);", "expected '=' after 'a', found '+='", 10);
	parse_bad("PROVIDE(. = 1);", "PROVIDE of '.'", 8);
	parse_bad("PROVIDE(1 = 1);", "PROVIDE wants a symbol", 8);
	parse_bad("\"\" = 1;", "empty symbol name", 0);
	parse_bad("a = b + ;", "expected an expression", 8);
	parse_bad("a = @;", "unexpected character '@' in an expression", 4);
	/* SECTIONS. */
	parse_bad("SECTIONS { .text: { } }", "expected ':'", 18);
	parse_bad("SECTIONS { .text : }", "expected '{' after output section .text", 19);
	parse_bad("SECTIONS { .text : { *(.text) }", "SECTIONS { is never closed", 9);
	parse_bad("SECTIONS { .t : SUBALIGN(4) AT(0) { } }", "expected '{'", 28);
	parse_bad("SECTIONS { .t (NOLOAD : { } }", "expected ')' after the output section type", 22);
	parse_bad("SECTIONS { .t : { } > }", "'>' wants a name, found '}'", 22);
	parse_bad("SECTIONS { .t : { } AT ram }", "expected '>' after AT", 23);
	parse_bad("SECTIONS { .t : { } : }", "expected a program header", 22);
	parse_bad("SECTIONS { .t : { AT } }", "unexpected 'AT' in output section .t", 18);
	parse_bad("SECTIONS { ENTRY }", "expected '(' after ENTRY", 17);
	parse_bad("SECTIONS { ( }", "unexpected '(' in SECTIONS", 11);
	parse_bad("SECTIONS { OVERLAY : { .a { } } ", "SECTIONS { is never closed", 9);
	parse_bad("SECTIONS { OVERLAY : { 1 } }", "unexpected '1' in OVERLAY", 23);
	/* MEMORY, PHDRS, INSERT, VERSION. */
	parse_bad("MEMORY { ram: ORIGIN = 0, LENGTH = 1 }", "expected ':' after the memory region, found 'ORIGIN'", 14);
	parse_bad("MEMORY { ram : LENGTH = 0 }", "expected ORIGIN", 15);
	parse_bad("MEMORY { ram () : ORIGIN = 0, LENGTH = 1 }", "unexpected ')' in memory attributes", 14);
	parse_bad("MEMORY { ram : ORIGIN = 0 }", "expected LENGTH, found '}'", 26);
	parse_bad("MEMORY { ram : ORIGIN = 0, LENGTH = 1", "MEMORY { is never closed", 7);
	parse_bad("PHDRS { text PT_LOAD BOGUS ; }", "PHDRS syntax error at 'BOGUS'", 21);
	parse_bad("PHDRS { text PT_LOAD", "PHDRS syntax error at end of file", 20);
	parse_bad("INSERT .data", "expected AFTER or BEFORE", 7);
	parse_bad("VERSION { V1 { global: *; }; ", "unbalanced bracket", 8);
	parse_bad("OUTPUT_FORMAT elf64", "expected '(' after 'OUTPUT_FORMAT'", 14);
	/* Hostile bytes. */
	parse_bad("SECTIONS { .t : { *(.t) } } \x01", "control byte 0x01", 28);
	parse_bad("a = 1; \xff", "byte 0xff outside a quoted name", 7);
	parse_bad("SECTIONS { /* ", "unterminated comment", 11);
	parse_bad("a = \"x", "unterminated quoted name", 4);

	/* Nesting and counts. */
	n = (size_t)snprintf(buf, sizeof buf, "SECTIONS { ");
	for (int i = 0; i < 17; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "GROUP : { ");
	parse_bad(buf, "GROUP nested more than 16 deep", 11 + 16 * 10);
	n = (size_t)snprintf(buf, sizeof buf, "a = ");
	for (int i = 0; i < 130; i++)
		buf[n++] = '(';
	buf[n++] = '1';
	buf[n] = 0;
	parse_bad(buf, "nested more than 128 deep", 4 + 64);

	char *big = malloc(6 * 70000 + 16);
	assert_non_null(big);
	n = 0;
	for (int i = 0; i <= 65536; i++) {
		memcpy(big + n, "a =1,", 5);
		n += 5;
	}
	big[n] = 0;
	ls_ldscript s;
	ls_diag d = { 0 };
	assert_int_equal(ls_ldscript_parse(bytes_of(big), &s, &d), -1);
	if (!strstr(d.msg, "more than 65536 assignments") || d.offset != 5 * 65536ull)
		fail_msg("%s at %llu", d.msg, (unsigned long long)d.offset);
	assert_null(s.assigns);
	free(big);
}

/* --- the installed linkers' own scripts ----------------------------------------- */

/* Reads what a command prints (NULL when it cannot run). */
static char *run_capture(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(cap);
	while (buf) {
		if (n + 4096 > cap) {
			char *b = realloc(buf, cap *= 2);
			if (!b) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
		}
		size_t k = fread(buf + n, 1, cap - n - 1, f);
		if (k == 0)
			break;
		n += k;
	}
	if (pclose(f) != 0 || !buf || n == 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

/* The script between ld --verbose's "=====" lines, in place. */
static char *verbose_script(char *out)
{
	char *a = strstr(out, "\n=====");
	if (!a)
		return NULL;
	a = strchr(a + 1, '\n');
	if (!a)
		return NULL;
	char *b = strstr(a, "\n=====");
	if (!b)
		return NULL;
	*b = 0;
	return a + 1;
}

static bool has_assign(const ls_ldscript *s, const char *name, ls_ld_assign_kind kind)
{
	for (size_t i = 0; i < s->nassigns; i++)
		if (!strcmp(s->assigns[i].name, name) && s->assigns[i].kind == kind)
			return true;
	return false;
}

static bool discards(const ls_ldscript *s, const char *pattern)
{
	for (size_t i = 0; i < s->ninsecs; i++)
		for (size_t j = 0; s->insecs[i].discard && j < s->insecs[i].nsections; j++)
			if (!strcmp(s->insecs[i].sections[j].pattern, pattern))
				return true;
	return false;
}

static bool entry_is(const ls_ldscript *s, const char *name)
{
	const char *last = NULL;

	for (size_t i = 0; i < s->nrefs; i++)
		if (s->refs[i].kind == LS_LDS_REF_ENTRY)
			last = s->refs[i].name;
	return last && !strcmp(last, name);
}

static int verbose_case(const char *cmd, ls_ldscript *s)
{
	char *out = run_capture(cmd);
	char *text = out ? verbose_script(out) : NULL;
	ls_diag d = { 0 };

	if (!text) {
		free(out);
		return -1;
	}
	if (ls_ldscript_parse(bytes_of(text), s, &d) < 0)
		fail_msg("%s: %s at %llu", cmd, d.msg, (unsigned long long)d.offset);
	free(out);
	return 0;
}

static void test_ld_verbose(void **state)
{
	ls_ldscript s;
	(void)state;

	if (verbose_case("ld --verbose 2>/dev/null", &s) < 0) {
		print_message("ld --verbose gives no script\n");
		skip();
	}
	/* The executable script: PROVIDE names of every ELF target. */
	static const char *const provided[] = {
		"__executable_start", "etext", "_etext", "__etext", "edata", "end",
	};
	for (size_t i = 0; i < sizeof provided / sizeof provided[0]; i++)
		if (!has_assign(&s, provided[i], LS_LD_PROVIDE))
			fail_msg("ld --verbose: no PROVIDE (%s)", provided[i]);
	assert_true(has_assign(&s, "__bss_start", LS_LD_ASSIGN));
	assert_true(has_assign(&s, "_edata", LS_LD_ASSIGN));
	assert_true(has_assign(&s, "_end", LS_LD_ASSIGN));
	assert_true(has_assign(&s, "__init_array_start", LS_LD_PROVIDE_HIDDEN));
	assert_true(has_assign(&s, "__init_array_end", LS_LD_PROVIDE_HIDDEN));
	assert_true(entry_is(&s, "_start"));
	assert_true(discards(&s, ".note.GNU-stack"));
	assert_true(discards(&s, ".gnu_debuglink"));
	assert_true(s.has_sections);
	assert_false(s.has_insert);
	assert_true(s.nsearch_dirs > 0);
	assert_int_equal(s.nentries, 0);
	ls_ldscript_free(&s);

	/* -shared: edata, end and __bss_start are PROVIDEd. */
	if (verbose_case("ld.bfd -verbose -shared 2>/dev/null", &s) == 0) {
		assert_true(has_assign(&s, "edata", LS_LD_PROVIDE));
		assert_true(has_assign(&s, "_edata", LS_LD_PROVIDE));
		assert_true(has_assign(&s, "end", LS_LD_PROVIDE));
		assert_true(has_assign(&s, "__bss_start", LS_LD_PROVIDE));
		assert_false(has_assign(&s, "__executable_start", LS_LD_PROVIDE));
		ls_ldscript_free(&s);
	}
	/* -r: no symbols at all, but sections. */
	if (verbose_case("ld.bfd -r -verbose 2>/dev/null", &s) == 0) {
		assert_int_equal(s.nassigns, 0);
		assert_true(s.ninsecs > 0);
		ls_ldscript_free(&s);
	}
	/* The cross linkers that are installed. */
	static const char *const cross[] = {
		"aarch64-linux-gnu-ld", "riscv64-linux-gnu-ld", "arm-linux-gnueabihf-ld",
		"mips-linux-gnu-ld", "powerpc64le-linux-gnu-ld", "s390x-linux-gnu-ld",
		"i686-linux-gnu-ld",
	};
	for (size_t i = 0; i < sizeof cross / sizeof cross[0]; i++) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "%s --verbose 2>/dev/null", cross[i]);
		if (verbose_case(cmd, &s) < 0)
			continue;
		if (!has_assign(&s, "__executable_start", LS_LD_PROVIDE) ||
		    !has_assign(&s, "edata", LS_LD_PROVIDE) ||
		    !has_assign(&s, "end", LS_LD_PROVIDE))
			fail_msg("%s: PROVIDE names missing", cross[i]);
		if (strstr(cross[i], "riscv") &&
		    !has_assign(&s, "__global_pointer$", LS_LD_ASSIGN))
			fail_msg("%s: no __global_pointer$", cross[i]);
		if (strstr(cross[i], "mips") && !has_assign(&s, "_gp", LS_LD_HIDDEN))
			fail_msg("%s: no HIDDEN (_gp = ...)", cross[i]);
		ls_ldscript_free(&s);
	}
}

/* Every script in /usr/lib/<triple>/ldscripts (binutils installs one per
 * emulation and -z combination, PE ones too). */
static void test_ldscripts_dirs(void **state)
{
	const char *roots[] = { "/usr/lib", "/usr/lib64" };
	size_t files = 0;
	(void)state;

	for (size_t r = 0; r < sizeof roots / sizeof roots[0]; r++) {
		DIR *top = opendir(roots[r]);
		struct dirent *t;
		while (top && (t = readdir(top))) {
			char dir[512];
			snprintf(dir, sizeof dir, "%s/%s/ldscripts", roots[r], t->d_name);
			if (t->d_name[0] == '.' && strcmp(t->d_name, "."))
				continue;
			if (!strcmp(t->d_name, "."))
				snprintf(dir, sizeof dir, "%s/ldscripts", roots[r]);
			DIR *dd = opendir(dir);
			struct dirent *f;
			while (dd && (f = readdir(dd))) {
				char path[1024];
				ls_mapfile mf;
				ls_ldscript s;
				ls_diag d = { 0 };
				if (f->d_name[0] == '.')
					continue;
				snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
				if (ls_map(path, &mf, &d) < 0)
					continue;
				if (ls_ldscript_parse(mf.bytes, &s, &d) < 0)
					fail_msg("%s: %s at %llu", path, d.msg,
						 (unsigned long long)d.offset);
				/* The x86-64 executable script in detail. */
				if (strstr(path, "x86_64-linux-gnu/ldscripts/elf_x86_64.x") &&
				    !strcmp(f->d_name, "elf_x86_64.x")) {
					assert_true(has_assign(&s, "__executable_start", LS_LD_PROVIDE));
					assert_true(has_assign(&s, "etext", LS_LD_PROVIDE));
					assert_true(has_assign(&s, "_etext", LS_LD_PROVIDE));
					assert_true(has_assign(&s, "edata", LS_LD_PROVIDE));
					assert_true(has_assign(&s, "end", LS_LD_PROVIDE));
					assert_true(has_assign(&s, "__bss_start", LS_LD_ASSIGN));
					assert_true(discards(&s, ".note.GNU-stack"));
				}
				ls_ldscript_free(&s);
				ls_unmap(&mf);
				files++;
			}
			if (dd)
				closedir(dd);
		}
		if (top)
			closedir(top);
	}
	if (files == 0) {
		print_message("no ldscripts directory\n");
		skip();
	}
	print_message("%zu installed scripts parsed\n", files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr_refs),
		cmocka_unit_test(test_expr_errors),
		cmocka_unit_test(test_defsym),
		cmocka_unit_test(test_assignments),
		cmocka_unit_test(test_extern_entry_assert),
		cmocka_unit_test(test_discard),
		cmocka_unit_test(test_grammar),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_ld_verbose),
		cmocka_unit_test(test_ldscripts_dirs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
