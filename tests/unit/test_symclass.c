/*
 * test_symclass.c - nm's symbol letters, values and version suffixes
 * (analysis/symclass.h) and its filters and sort orders
 * (analysis/symlist.h), on objects built in memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/symclass.h"
#include "analysis/symlist.h"
#include "elfbuild.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readers/elf_defs.h"

typedef struct fixture {
	elfb b;
	uint8_t *img;
	size_t n;
	ls_object o;
} fixture;

static void fx_open(fixture *f)
{
	ls_diag d = { 0 };
	f->img = eb_finish(&f->b, &f->n);
	if (ls_object_open(&f->o, (ls_bytes){ f->img, f->n }, 0, &d) != 0)
		fail_msg("ls_object_open: %s", d.msg);
}

static void fx_close(fixture *f)
{
	ls_object_close(&f->o);
	free(f->img);
	eb_free(&f->b);
}

static void get_sym(const fixture *f, const ls_symtab *t, uint32_t i,
		    ls_symbol *s)
{
	ls_diag d = { 0 };
	if (ls_symbol_get(&f->o, t, i, s, &d) != 0)
		fail_msg("ls_symbol_get(%u): %s", i, d.msg);
}

/* Letters ------------------------------------------------------------------ */

typedef struct want {
	const char *name;
	uint64_t value, size;
	uint8_t bind, type;
	int sec;		/* a fixture section (>= 0) or -SHN_xxx */
	char letter;
	uint64_t printed;	/* the value nm prints */
	bool external, debugging;
} want;

enum { S_TEXT = 1, S_DATA, S_RODATA, S_BSS, S_DEBUG, S_COMMENT, S_STRTAB };
#define SPECIAL(shn) (-(int)(shn))

/* .data is at 0x1000 in this relocatable file: nm prints value + sh_addr. */
static const want letters_want[] = {
	{ "lt", 0x4, 0, STB_LOCAL, STT_NOTYPE, S_TEXT, 't', 0x4, false, false },
	{ "gt", 0x8, 4, STB_GLOBAL, STT_FUNC, S_TEXT, 'T', 0x8, true, false },
	{ "ld", 0x4, 4, STB_LOCAL, STT_OBJECT, S_DATA, 'd', 0x1004, false, false },
	{ "gd", 0x8, 4, STB_GLOBAL, STT_OBJECT, S_DATA, 'D', 0x1008, true, false },
	{ "lr", 0x0, 4, STB_LOCAL, STT_OBJECT, S_RODATA, 'r', 0x0, false, false },
	{ "gr", 0x4, 4, STB_GLOBAL, STT_OBJECT, S_RODATA, 'R', 0x4, true, false },
	{ "lb", 0x0, 8, STB_LOCAL, STT_OBJECT, S_BSS, 'b', 0x0, false, false },
	{ "gb", 0x8, 8, STB_GLOBAL, STT_OBJECT, S_BSS, 'B', 0x8, true, false },
	{ "la", 0x1234, 0, STB_LOCAL, STT_NOTYPE, SPECIAL(SHN_ABS), 'a', 0x1234, false, false },
	{ "ga", 0x5678, 0, STB_GLOBAL, STT_NOTYPE, SPECIAL(SHN_ABS), 'A', 0x5678, true, false },
	/* A common symbol's value is its alignment; nm prints its size. */
	{ "com", 16, 24, STB_GLOBAL, STT_OBJECT, SPECIAL(SHN_COMMON), 'C', 24, true, false },
	{ "lcom", 32, 40, STB_GLOBAL, STT_OBJECT, SPECIAL(SHN_X86_64_LCOMMON), 'C', 40, true, false },
	{ "und", 0x99, 0, STB_GLOBAL, STT_NOTYPE, SPECIAL(SHN_UNDEF), 'U', 0, true, false },
	{ "wuf", 0, 0, STB_WEAK, STT_FUNC, SPECIAL(SHN_UNDEF), 'w', 0, true, false },
	{ "wun", 0, 0, STB_WEAK, STT_NOTYPE, SPECIAL(SHN_UNDEF), 'w', 0, true, false },
	{ "wuo", 0, 0, STB_WEAK, STT_OBJECT, SPECIAL(SHN_UNDEF), 'v', 0, true, false },
	{ "wdf", 0xc, 2, STB_WEAK, STT_FUNC, S_TEXT, 'W', 0xc, true, false },
	{ "wdo", 0xc, 2, STB_WEAK, STT_OBJECT, S_DATA, 'V', 0x100c, true, false },
	{ "wabs", 0x10, 0, STB_WEAK, STT_NOTYPE, SPECIAL(SHN_ABS), 'W', 0x10, true, false },
	{ "ifn", 0xe, 2, STB_GLOBAL, STT_GNU_IFUNC, S_TEXT, 'i', 0xe, true, false },
	{ "wifn", 0xe, 2, STB_WEAK, STT_GNU_IFUNC, S_TEXT, 'i', 0xe, true, false },
	{ "uniq", 0x0, 4, STB_GNU_UNIQUE, STT_OBJECT, S_DATA, 'u', 0x1000, true, false },
	{ "ldbg", 0x2, 0, STB_LOCAL, STT_NOTYPE, S_DEBUG, 'N', 0x2, false, false },
	{ "lcm", 0x1, 0, STB_LOCAL, STT_NOTYPE, S_COMMENT, 'n', 0x1, false, false },
	{ "gcm", 0x1, 0, STB_GLOBAL, STT_NOTYPE, S_COMMENT, 'N', 0x1, true, false },
	/* BFD makes no section for a string table: the symbol is absolute. */
	{ "instr", 0x3, 0, STB_LOCAL, STT_NOTYPE, S_STRTAB, 'a', 0x3, false, false },
	{ "file.c", 0, 0, STB_LOCAL, STT_FILE, SPECIAL(SHN_ABS), 'a', 0, false, true },
	/* x86-64 keeps bit 0 of function values. */
	{ "odd", 0x5, 1, STB_GLOBAL, STT_FUNC, S_TEXT, 'T', 0x5, true, false },
};
#define NWANT (sizeof letters_want / sizeof letters_want[0])

/* The section symbol of .text comes after the table above. */
static void build_letters(fixture *f)
{
	static const uint8_t bytes[16];

	memset(f, 0, sizeof *f);
	eb_init(&f->b, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	elfb *b = &f->b;
	assert_int_equal(eb_add_data(b, ".text", SHT_PROGBITS,
				     SHF_ALLOC | SHF_EXECINSTR, bytes, 16), S_TEXT);
	assert_int_equal(eb_add_data(b, ".data", SHT_PROGBITS,
				     SHF_ALLOC | SHF_WRITE, bytes, 16), S_DATA);
	b->sec[S_DATA].addr = 0x1000;
	assert_int_equal(eb_add_data(b, ".rodata", SHT_PROGBITS, SHF_ALLOC,
				     bytes, 16), S_RODATA);
	assert_int_equal(eb_add_nobits(b, ".bss", SHF_ALLOC | SHF_WRITE, 32),
			 S_BSS);
	assert_int_equal(eb_add_data(b, ".debug_info", SHT_PROGBITS, 0,
				     bytes, 8), S_DEBUG);
	assert_int_equal(eb_add_data(b, ".comment", SHT_PROGBITS,
				     SHF_MERGE | SHF_STRINGS, bytes, 8),
			 S_COMMENT);
	uint32_t sym = eb_add_symtab(b, ".symtab", SHT_SYMTAB, ".strtab");
	assert_int_equal(b->sec[sym].link, S_STRTAB);
	for (size_t i = 0; i < NWANT; i++) {
		const want *w = &letters_want[i];
		uint16_t shndx = w->sec >= 0 ? (uint16_t)w->sec
					     : (uint16_t)-w->sec;
		eb_sym(b, sym, w->name, w->value, w->size, w->bind, w->type,
		       0, shndx);
	}
	eb_sym(b, sym, "", 0, 0, STB_LOCAL, STT_SECTION, 0, S_TEXT);
	fx_open(f);
}

static void test_letters(void **state)
{
	(void)state;
	fixture f;
	ls_symbol s;
	ls_symclass c;

	build_letters(&f);
	for (size_t i = 0; i < NWANT; i++) {
		const want *w = &letters_want[i];
		get_sym(&f, &f.o.symtab, (uint32_t)i + 1, &s);
		ls_symclass_of(&f.o, &s, &c);
		if (c.letter != w->letter || c.value != w->printed ||
		    c.external != w->external || c.debugging != w->debugging)
			fail_msg("%s: letter '%c' value 0x%llx external %d debugging %d; "
				 "want '%c' 0x%llx %d %d", w->name, c.letter,
				 (unsigned long long)c.value, c.external,
				 c.debugging, w->letter,
				 (unsigned long long)w->printed, w->external,
				 w->debugging);
		assert_string_equal(c.name, w->name);
		assert_false(c.special);
	}
	fx_close(&f);
}

static void test_letter_places(void **state)
{
	(void)state;
	fixture f;
	ls_symbol s;
	ls_symclass c;

	build_letters(&f);
	get_sym(&f, &f.o.symtab, 1, &s);		/* lt */
	ls_symclass_of(&f.o, &s, &c);
	assert_int_equal(c.place, LS_PLACE_SECTION);
	assert_ptr_equal(c.section, &f.o.sections[S_TEXT]);
	get_sym(&f, &f.o.symtab, 9, &s);		/* la */
	ls_symclass_of(&f.o, &s, &c);
	assert_int_equal(c.place, LS_PLACE_ABS);
	assert_null(c.section);
	get_sym(&f, &f.o.symtab, 11, &s);		/* com */
	ls_symclass_of(&f.o, &s, &c);
	assert_int_equal(c.place, LS_PLACE_COMMON);
	get_sym(&f, &f.o.symtab, 13, &s);		/* und */
	ls_symclass_of(&f.o, &s, &c);
	assert_int_equal(c.place, LS_PLACE_UNDEF);
	assert_true(ls_letter_undefined(c.letter));
	assert_false(ls_letter_undefined('T'));
	get_sym(&f, &f.o.symtab, 26, &s);		/* instr */
	ls_symclass_of(&f.o, &s, &c);
	assert_int_equal(c.place, LS_PLACE_ABS);

	/* The section symbol is named after its section and hidden. */
	get_sym(&f, &f.o.symtab, (uint32_t)NWANT + 1, &s);
	ls_symclass_of(&f.o, &s, &c);
	assert_string_equal(c.name, ".text");
	assert_true(c.debugging);
	assert_int_equal(c.letter, 't');
	assert_false(c.external);
	fx_close(&f);
}

static void test_section_letters_cached(void **state)
{
	(void)state;
	fixture f;
	ls_symbol s;
	ls_symclass c1, c2;
	char letters[EB_MAXSEC];

	build_letters(&f);
	assert_int_equal(f.o.shnum, 10);
	ls_section_letters(&f.o, letters);
	/* The memo starts empty and is filled as sections are met. */
	for (uint32_t i = 0; i < f.o.shnum; i++)
		assert_int_equal(letters[i], 0);
	for (uint32_t i = 1; i < f.o.symtab.count; i++) {
		get_sym(&f, &f.o.symtab, i, &s);
		ls_symclass_of(&f.o, &s, &c1);
		ls_symclass_with(&f.o, &s, letters, &c2);
		assert_int_equal(c1.letter, c2.letter);
		assert_int_equal(c1.value, c2.value);
	}
	/* .text .data .rodata .bss .debug_info .comment, each holding a
	 * symbol; .strtab .symtab .shstrtab hold none and stay unset. */
	assert_memory_equal(letters + 1, "tdrbNn\0\0\0", 9);
	/* The cached letter is the one used. */
	letters[S_DATA] = 'q';
	get_sym(&f, &f.o.symtab, 3, &s);		/* ld */
	ls_symclass_with(&f.o, &s, letters, &c2);
	assert_int_equal(c2.letter, 'q');
	get_sym(&f, &f.o.symtab, 4, &s);		/* gd */
	ls_symclass_with(&f.o, &s, letters, &c2);
	assert_int_equal(c2.letter, 'Q');
	fx_close(&f);
}

static void test_arm_thumb_value(void **state)
{
	(void)state;
	fixture f;
	ls_symbol s;
	ls_symclass c;
	static const uint8_t code[32];

	memset(&f, 0, sizeof f);
	eb_init(&f.b, ELFCLASS32, LS_LE, EM_ARM, ET_EXEC);
	uint32_t text = eb_add_data(&f.b, ".text", SHT_PROGBITS,
				    SHF_ALLOC | SHF_EXECINSTR, code, 32);
	f.b.sec[text].addr = 0x8000;
	uint32_t data = eb_add_data(&f.b, ".data", SHT_PROGBITS,
				    SHF_ALLOC | SHF_WRITE, code, 32);
	f.b.sec[data].addr = 0x9000;
	uint32_t sym = eb_add_symtab(&f.b, ".symtab", SHT_SYMTAB, ".strtab");
	eb_sym(&f.b, sym, "thumb_fn", 0x8001, 4, STB_GLOBAL, STT_FUNC, 0,
	       (uint16_t)text);
	eb_sym(&f.b, sym, "arm_fn", 0x8004, 4, STB_GLOBAL, STT_FUNC, 0,
	       (uint16_t)text);
	eb_sym(&f.b, sym, "obj", 0x9001, 1, STB_GLOBAL, STT_OBJECT, 0,
	       (uint16_t)data);
	eb_sym(&f.b, sym, "ifn", 0x8011, 4, STB_GLOBAL, STT_GNU_IFUNC, 0,
	       (uint16_t)text);
	eb_sym(&f.b, sym, "lbl", 0x8015, 0, STB_LOCAL, STT_NOTYPE, 0,
	       (uint16_t)text);
	eb_sym(&f.b, sym, "$t", 0x8000, 0, STB_LOCAL, STT_NOTYPE, 0,
	       (uint16_t)text);
	eb_sym(&f.b, sym, "$d.realdata", 0x9000, 0, STB_LOCAL, STT_NOTYPE, 0,
	       (uint16_t)data);
	eb_sym(&f.b, sym, "$tt", 0x8000, 0, STB_LOCAL, STT_NOTYPE, 0,
	       (uint16_t)text);
	eb_sym(&f.b, sym, "$T", 0x8000, 0, STB_LOCAL, STT_NOTYPE, 0,
	       (uint16_t)text);
	fx_open(&f);

	static const struct {
		uint64_t value;
		char letter;
		bool special;
	} w[] = {
		{ 0x8000, 'T', false },	/* Thumb bit cleared */
		{ 0x8004, 'T', false },
		{ 0x9001, 'D', false },	/* data keeps bit 0 */
		{ 0x8010, 'i', false },
		{ 0x8015, 't', false },	/* not a function: kept */
		{ 0x8000, 't', true },	/* mapping symbols */
		{ 0x9000, 'd', true },
		{ 0x8000, 't', false },
		{ 0x8000, 't', false },
	};
	for (uint32_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		get_sym(&f, &f.o.symtab, i + 1, &s);
		ls_symclass_of(&f.o, &s, &c);
		if (c.value != w[i].value || c.letter != w[i].letter ||
		    c.special != w[i].special)
			fail_msg("%s: 0x%llx '%c' special %d", s.name,
				 (unsigned long long)c.value, c.letter,
				 c.special);
	}
	/* The raw symbol still has the bit. */
	get_sym(&f, &f.o.symtab, 1, &s);
	assert_int_equal(s.value, 0x8001);
	fx_close(&f);
}

/* Versions ---------------------------------------------------------------- */

static void expect_version(const fixture *f, uint32_t i, const char *name,
			   const char *at)
{
	ls_symbol s;
	ls_symclass c;
	const char *got_at = NULL;

	get_sym(f, &f->o.dynsym, i, &s);
	ls_symclass_of(&f->o, &s, &c);
	const char *v = ls_symbol_version(&f->o, &s, &c, &got_at);
	if (!name) {
		if (v)
			fail_msg("%s: unexpected version %s%s", s.name,
				 got_at ? got_at : "?", v);
		return;
	}
	if (!v)
		fail_msg("%s: no version, want %s%s", s.name, at, name);
	assert_string_equal(v, name);
	assert_non_null(got_at);
	assert_string_equal(got_at, at);
}

static void test_symbol_version(void **state)
{
	(void)state;
	fixture f;
	eb_dso x;

	memset(&f, 0, sizeof f);
	eb_versioned_dso(&f.b, &x, ELFCLASS64, LS_LE);
	fx_open(&f);
	expect_version(&f, EB_DSO_FOO, "VERS_1", "@@");	/* default */
	expect_version(&f, EB_DSO_BAR, "VERS_2", "@");	/* hidden */
	expect_version(&f, EB_DSO_PRINTF, "GLIBC_2.2.5", "@");	/* reference */
	expect_version(&f, EB_DSO_MEMCPY, "GLIBC_2.34", "@");
	expect_version(&f, EB_DSO_BASE, NULL, NULL);	/* base version */
	expect_version(&f, EB_DSO_VERS1, NULL, NULL);	/* named like it */
	expect_version(&f, EB_DSO_UNVER, NULL, NULL);	/* local */
	expect_version(&f, EB_DSO_BAZ, "VERS_2", "@@");

	/* An index beyond every Verdef and Vernaux (not reachable through
	 * ls_symbol_get, which refuses it) prints as <corrupt>. */
	ls_symbol s;
	ls_symclass c;
	const char *at = NULL;
	get_sym(&f, &f.o.dynsym, EB_DSO_FOO, &s);
	ls_symclass_of(&f.o, &s, &c);
	s.versym = 9;
	const char *v = ls_symbol_version(&f.o, &s, &c, &at);
	assert_non_null(v);
	assert_string_equal(v, "<corrupt>");
	assert_string_equal(at, "@@");
	/* An undefined symbol bound to a Verdef's version (index <= the
	 * highest Verdef) is a reference: "@", not "@@". */
	get_sym(&f, &f.o.dynsym, EB_DSO_PRINTF, &s);
	ls_symclass_of(&f.o, &s, &c);
	s.versym = 2;
	at = NULL;
	v = ls_symbol_version(&f.o, &s, &c, &at);
	assert_non_null(v);
	assert_string_equal(v, "VERS_1");
	assert_string_equal(at, "@");
	/* No .gnu.version entry: no suffix. */
	s.versym = 2;
	s.has_versym = false;
	assert_null(ls_symbol_version(&f.o, &s, &c, &at));
	fx_close(&f);
}

static void test_symbol_version_nonbase_first(void **state)
{
	(void)state;
	fixture f;
	eb_dso x;

	/* When Verdef 1 lacks VER_FLG_BASE, index 1 is an ordinary version. */
	memset(&f, 0, sizeof f);
	eb_versioned_dso(&f.b, &x, ELFCLASS32, LS_BE);
	eb_put16(f.b.sec[x.verdef].data.p, 2, LS_BE, 0);	/* vd_flags */
	fx_open(&f);
	assert_int_equal(ls_version_lookup(&f.o, 1)->flags, 0);
	expect_version(&f, EB_DSO_BASE, "libfix.so.1", "@@");
	expect_version(&f, EB_DSO_FOO, "VERS_1", "@@");
	expect_version(&f, EB_DSO_PRINTF, "GLIBC_2.2.5", "@");
	fx_close(&f);
}

/* symlist ----------------------------------------------------------------- */

/*
 * An ET_REL object (all sections at address 0):
 *   1 b    local  .text 0x10 size 2     7 zero   global .text 0x30 size 0
 *   2 a    global .text 0x20 size 8     8 a      global .bss  0x0  size 16
 *   3 c    global .data 0x5  size 4     9 x.c    FILE (debugging)
 *   4 a    local  .data 0x8  size 4    10 big    global .data 0x0  size 64
 *   5 und  undefined                   11 w      weak undefined
 *   6 abs  global ABS 0x100 size 4     12 (.text section symbol)
 */
static void build_list(fixture *f)
{
	static const uint8_t bytes[64];

	memset(f, 0, sizeof *f);
	eb_init(&f->b, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	elfb *b = &f->b;
	uint16_t text = (uint16_t)eb_add_data(b, ".text", SHT_PROGBITS,
					      SHF_ALLOC | SHF_EXECINSTR, bytes, 64);
	uint16_t data = (uint16_t)eb_add_data(b, ".data", SHT_PROGBITS,
					      SHF_ALLOC | SHF_WRITE, bytes, 64);
	uint16_t bss = (uint16_t)eb_add_nobits(b, ".bss", SHF_ALLOC | SHF_WRITE, 64);
	uint32_t s = eb_add_symtab(b, ".symtab", SHT_SYMTAB, ".strtab");
	eb_sym(b, s, "b", 0x10, 2, STB_LOCAL, STT_NOTYPE, 0, text);
	eb_sym(b, s, "a", 0x20, 8, STB_GLOBAL, STT_FUNC, 0, text);
	eb_sym(b, s, "c", 0x5, 4, STB_GLOBAL, STT_OBJECT, 0, data);
	eb_sym(b, s, "a", 0x8, 4, STB_LOCAL, STT_OBJECT, 0, data);
	eb_sym(b, s, "und", 0, 0, STB_GLOBAL, STT_NOTYPE, 0, SHN_UNDEF);
	eb_sym(b, s, "abs", 0x100, 4, STB_GLOBAL, STT_NOTYPE, 0, SHN_ABS);
	eb_sym(b, s, "zero", 0x30, 0, STB_GLOBAL, STT_FUNC, 0, text);
	eb_sym(b, s, "a", 0x0, 16, STB_GLOBAL, STT_OBJECT, 0, bss);
	eb_sym(b, s, "x.c", 0, 0, STB_LOCAL, STT_FILE, 0, SHN_ABS);
	eb_sym(b, s, "big", 0x0, 64, STB_GLOBAL, STT_OBJECT, 0, data);
	eb_sym(b, s, "w", 0, 0, STB_WEAK, STT_NOTYPE, 0, SHN_UNDEF);
	eb_sym(b, s, "", 0, 0, STB_LOCAL, STT_SECTION, 0, text);
	fx_open(f);
}

static void expect_list_n(const fixture *f, const ls_symopts *opt,
			  const uint32_t *want, size_t n)
{
	ls_symlist l;
	ls_diag d = { 0 };
	char got[512] = "", exp[512] = "";

	assert_int_equal(ls_symlist_build(&f->o, opt, &l, &d), LS_SYMLIST_OK);
	for (size_t i = 0; i < l.n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), " %u",
			 l.v[i].index);
	for (size_t i = 0; i < n; i++)
		snprintf(exp + strlen(exp), sizeof exp - strlen(exp), " %u",
			 want[i]);
	if (strcmp(got, exp) != 0)
		fail_msg("order:%s\n  want:%s", got, exp);
	ls_symlist_free(&l);
	assert_null(l.v);
}
#define expect_list(f, opt, ...)                                            \
	do {                                                                \
		static const uint32_t w_[] = { __VA_ARGS__ };               \
		expect_list_n((f), (opt), w_, sizeof w_ / sizeof w_[0]);    \
	} while (0)

static void test_symlist_sort_by_name(void **state)
{
	(void)state;
	fixture f;
	ls_symopts opt = { 0 };
	ls_symlist l;
	ls_diag d = { 0 };

	build_list(&f);
	/* Equal names ("a": 2, 4, 8) keep table order. */
	expect_list(&f, &opt, 2, 4, 8, 6, 1, 10, 3, 5, 11, 7);
	opt.collate = true;	/* the qsort path ("C" locale) agrees */
	expect_list(&f, &opt, 2, 4, 8, 6, 1, 10, 3, 5, 11, 7);
	opt.collate = false;
	opt.no_sort = true;
	expect_list(&f, &opt, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11);
	opt.no_sort = false;
	/* Debugging symbols; the section symbol sorts as ".text". */
	opt.debug_syms = true;
	expect_list(&f, &opt, 12, 2, 4, 8, 6, 1, 10, 3, 5, 11, 9, 7);

	/* Entries carry what nm prints. */
	opt.debug_syms = false;
	assert_int_equal(ls_symlist_build(&f.o, &opt, &l, &d), LS_SYMLIST_OK);
	assert_int_equal(l.n, 10);
	assert_ptr_equal(l.tab, &f.o.symtab);
	assert_string_equal(l.v[0].name, "a");
	assert_int_equal(l.v[0].letter, 'T');
	assert_int_equal(l.v[0].value, 0x20);
	assert_int_equal(l.v[0].size, 8);
	assert_int_equal(l.v[1].letter, 'd');
	assert_int_equal(l.v[2].letter, 'B');
	assert_int_equal(l.v[7].letter, 'U');
	assert_int_equal(l.v[7].place, LS_PLACE_UNDEF);
	assert_int_equal(l.v[8].letter, 'w');
	ls_symlist_free(&l);
	fx_close(&f);
}

static void test_symlist_reverse(void **state)
{
	(void)state;
	fixture f;
	ls_symopts opt = { .reverse = true };

	build_list(&f);
	/* Names descend; the three "a" stay in table order. */
	expect_list(&f, &opt, 7, 11, 5, 3, 10, 1, 6, 2, 4, 8);
	opt.collate = true;
	expect_list(&f, &opt, 7, 11, 5, 3, 10, 1, 6, 2, 4, 8);
	fx_close(&f);
}

static void test_symlist_numeric(void **state)
{
	(void)state;
	fixture f;
	ls_symopts opt = { .numeric_sort = true };

	build_list(&f);
	/* Undefined first (by name), then by value; equal values by name. */
	expect_list(&f, &opt, 5, 11, 8, 10, 3, 4, 1, 2, 7, 6);
	opt.reverse = true;
	expect_list(&f, &opt, 6, 7, 2, 1, 4, 3, 10, 8, 11, 5);
	fx_close(&f);
}

static void test_symlist_size_sort(void **state)
{
	(void)state;
	fixture f;
	ls_symopts opt = { .size_sort = true };

	build_list(&f);
	/* Without zero-size (zero), undefined (und, w) and absolute (abs);
	 * equal sizes (4: "a" 4, "c" 3) by name. */
	expect_list(&f, &opt, 1, 4, 3, 2, 8, 10);
	opt.reverse = true;
	expect_list(&f, &opt, 10, 8, 2, 3, 4, 1);
	fx_close(&f);
}

static void test_symlist_filters(void **state)
{
	(void)state;
	fixture f;
	ls_symopts opt = { 0 };
	ls_symlist l;
	ls_diag d = { 0 };

	build_list(&f);
	opt.undefined_only = true;	/* -u */
	expect_list(&f, &opt, 5, 11);
	opt.undefined_only = false;
	opt.defined_only = true;	/* -U / --defined-only */
	expect_list(&f, &opt, 2, 4, 8, 6, 1, 10, 3, 7);
	opt.defined_only = false;
	opt.external_only = true;	/* -g */
	expect_list(&f, &opt, 2, 8, 6, 10, 3, 5, 11, 7);
	opt.defined_only = true;	/* -g -U */
	expect_list(&f, &opt, 2, 8, 6, 10, 3, 7);

	/* No .dynsym: nm's "no symbols". */
	ls_symopts dyn = { .dynamic = true };
	assert_int_equal(ls_symlist_build(&f.o, &dyn, &l, &d), LS_SYMLIST_NOSYMS);
	assert_int_equal(l.n, 0);
	ls_symlist_free(&l);
	fx_close(&f);
}

/*
 * Enough symbols for the multikey quicksort to partition (not just the
 * insertion sort), with long shared prefixes, names that are prefixes of
 * others, empty names and many duplicates spread through the table.
 */
static const char *const big_names[] = {
	"_ZN3foo3barEv", "_ZN3foo3bazEv", "_ZN3foo3barEv", "", "_ZN3foo",
	"main", "_ZN3foo3barEi", "a", "_ZN3foo3barEv", "ab", "a", "abc",
	"_ZN3fooE", "", "zz", "_ZN3foo3barEv", "main", "ab", "z",
	"_ZN3foo3baz", "_ZN3foo3barEv", "a", "_ZN3foo3bazEv", "abc", "x",
	"_ZN3foo", "ab", "main", "_ZN3foo3barEv", "y", "_ZN3foo3barEi",
	"a", "", "_ZN3foo3bazEv", "abd", "abc", "_ZN3foo3barEv", "zz",
	"_ZN4foo3barEv", "_ZN3foo3barEv", "b", "a", "_", "__", "_", "ab",
};
#define NBIG (sizeof big_names / sizeof big_names[0])

static void build_big(fixture *f)
{
	static const uint8_t bytes[16];

	memset(f, 0, sizeof *f);
	eb_init(&f->b, ELFCLASS32, LS_BE, EM_PPC, ET_REL);
	uint16_t text = (uint16_t)eb_add_data(&f->b, ".text", SHT_PROGBITS,
					      SHF_ALLOC | SHF_EXECINSTR, bytes, 16);
	uint32_t s = eb_add_symtab(&f->b, ".symtab", SHT_SYMTAB, ".strtab");
	for (size_t i = 0; i < NBIG; i++)
		eb_sym(&f->b, s, big_names[i], i, 1, STB_GLOBAL, STT_FUNC, 0,
		       text);
	fx_open(f);
}

static bool big_reverse;

static int big_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int r = strcmp(big_names[x - 1], big_names[y - 1]);
	if (big_reverse)
		r = -r;
	return r ? r : (x > y) - (x < y);
}

static void test_symlist_big_sort_stable(void **state)
{
	(void)state;
	fixture f;
	uint32_t want[NBIG];
	ls_symopts opt = { 0 };

	build_big(&f);
	for (int rev = 0; rev < 2; rev++) {
		for (uint32_t i = 0; i < NBIG; i++)
			want[i] = i + 1;
		big_reverse = rev;
		qsort(want, NBIG, sizeof want[0], big_cmp);
		opt.reverse = rev;
		opt.collate = false;
		expect_list_n(&f, &opt, want, NBIG);
		opt.collate = true;
		expect_list_n(&f, &opt, want, NBIG);
	}
	/* Spot checks of the expected order itself. */
	big_reverse = false;
	for (uint32_t i = 0; i < NBIG; i++)
		want[i] = i + 1;
	qsort(want, NBIG, sizeof want[0], big_cmp);
	assert_int_equal(want[0], 4);		/* the first "" */
	assert_int_equal(want[1], 14);
	assert_int_equal(want[2], 33);
	assert_int_equal(want[NBIG - 1], 38);	/* the last "zz" */
	fx_close(&f);
}

/*
 * Names sharing a 150-byte prefix exhaust the multikey sort's depth
 * budget, so the remaining range is finished by the fallback comparison
 * sort; the order must be the same.
 */
static void test_symlist_long_prefix(void **state)
{
	(void)state;
	static const char tails[] = "cabbcaacbbcaabacbcabcabbaccbacab";
	enum { NLONG = sizeof tails - 1 };
	static char longnames[NLONG][160];
	fixture f;
	static const uint8_t bytes[16];
	uint32_t want[NLONG];

	memset(&f, 0, sizeof f);
	eb_init(&f.b, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	uint16_t text = (uint16_t)eb_add_data(&f.b, ".text", SHT_PROGBITS,
					      SHF_ALLOC | SHF_EXECINSTR, bytes, 16);
	uint32_t s = eb_add_symtab(&f.b, ".symtab", SHT_SYMTAB, ".strtab");
	for (int i = 0; i < NLONG; i++) {
		memset(longnames[i], 'p', 150);
		longnames[i][150] = tails[i];
		/* Every third name is one byte longer than its twin. */
		longnames[i][151] = i % 3 == 0 ? 'x' : '\0';
		longnames[i][152] = '\0';
		eb_sym(&f.b, s, longnames[i], 0, 1, STB_GLOBAL, STT_FUNC, 0, text);
	}
	fx_open(&f);
	/* Expected: by tail ('a' < 'b' < 'c'), the short form before the
	 * long one, equal names in table order. */
	int k = 0;
	for (char t = 'a'; t <= 'c'; t++)
		for (int longer = 0; longer < 2; longer++)
			for (int i = 0; i < NLONG; i++)
				if (tails[i] == t && (i % 3 == 0) == longer)
					want[k++] = (uint32_t)i + 1;
	assert_int_equal(k, NLONG);
	ls_symopts opt = { 0 };
	expect_list_n(&f, &opt, want, NLONG);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_letter_places),
		cmocka_unit_test(test_section_letters_cached),
		cmocka_unit_test(test_arm_thumb_value),
		cmocka_unit_test(test_symbol_version),
		cmocka_unit_test(test_symbol_version_nonbase_first),
		cmocka_unit_test(test_symlist_sort_by_name),
		cmocka_unit_test(test_symlist_reverse),
		cmocka_unit_test(test_symlist_numeric),
		cmocka_unit_test(test_symlist_size_sort),
		cmocka_unit_test(test_symlist_filters),
		cmocka_unit_test(test_symlist_big_sort_stable),
		cmocka_unit_test(test_symlist_long_prefix),
	};
	return cmocka_run_group_tests_name("symclass", tests, NULL, NULL);
}
