/*
 * test_elf.c - the ELF reader's edge cases (model/object.h), on images
 * built in memory by elfbuild.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/object.h"
#include "elfbuild.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Helpers ---------------------------------------------------------------- */


static ls_bytes view(const uint8_t *p, size_t n)
{
	return (ls_bytes){ p, n };
}

/* Opening must fail with the given message and offset, and leave nothing
 * allocated behind. */
static void expect_fail(const uint8_t *img, size_t n, uint64_t base,
			uint64_t off, const char *msg)
{
	ls_object o;
	ls_diag d = { 0 };

	assert_int_equal(ls_object_open(&o, view(img, n), base, &d), -1);
	assert_diag(&d, off, msg);
	assert_null(o.sections);
	assert_null(o.segments);
	assert_null(o.versions);
}

static void open_ok(ls_object *o, const uint8_t *img, size_t n)
{
	ls_diag d = { 0 };
	int r = ls_object_open(o, view(img, n), 0, &d);
	if (r != 0)
		fail_msg("ls_object_open failed: %s (offset 0x%llx)", d.msg,
			 (unsigned long long)d.offset);
}

/*
 * The reference relocatable object: ELF64 LE x86-64 with
 *   1 .text (AX, 16 bytes)  2 .data (WA, 8 bytes, addr 0x100)
 *   3 .bss (NOBITS, 32)     4 .strtab  5 .symtab  6 .shstrtab
 * and symbols: 1 "file.c" FILE, 2 "loc" (local, .text), 3 "main" (global
 * FUNC .text, 0x4, size 12), 4 "var" (global hidden OBJECT .data),
 * 5 "ext" (undefined).
 */
typedef struct good {
	elfb b;
	uint32_t text, data, bss, sym, str;
	uint8_t *img;
	size_t n;
} good;

static void good_sections(good *g, uint8_t cls, int order, uint16_t machine,
			  uint16_t type)
{
	static const uint8_t code[16] = { 0x55, 0x48, 0x89, 0xe5 };
	static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	memset(g, 0, sizeof *g);
	eb_init(&g->b, cls, order, machine, type);
	g->text = eb_add_data(&g->b, ".text", SHT_PROGBITS,
			      SHF_ALLOC | SHF_EXECINSTR, code, sizeof code);
	g->data = eb_add_data(&g->b, ".data", SHT_PROGBITS,
			      SHF_ALLOC | SHF_WRITE, data, sizeof data);
	g->b.sec[g->data].addr = 0x100;
	g->bss = eb_add_nobits(&g->b, ".bss", SHF_ALLOC | SHF_WRITE, 32);
	g->sym = eb_add_symtab(&g->b, ".symtab", SHT_SYMTAB, ".strtab");
	g->str = g->b.sec[g->sym].link;
	eb_sym(&g->b, g->sym, "file.c", 0, 0, STB_LOCAL, STT_FILE, 0, SHN_ABS);
	eb_sym(&g->b, g->sym, "loc", 0, 0, STB_LOCAL, STT_NOTYPE, 0,
	       (uint16_t)g->text);
	g->b.sec[g->sym].info = 3;
	eb_sym(&g->b, g->sym, "main", 4, 12, STB_GLOBAL, STT_FUNC, 0,
	       (uint16_t)g->text);
	eb_sym(&g->b, g->sym, "var", 0x104, 4, STB_GLOBAL, STT_OBJECT,
	       STV_HIDDEN, (uint16_t)g->data);
	eb_sym(&g->b, g->sym, "ext", 0, 0, STB_GLOBAL, STT_NOTYPE, 0,
	       SHN_UNDEF);
}

static void good_finish(good *g)
{
	g->img = eb_finish(&g->b, &g->n);
}

static void good64(good *g)
{
	good_sections(g, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	good_finish(g);
}

static void good_free(good *g)
{
	free(g->img);
	eb_free(&g->b);
}

/* Patches a header field of the finished image. */
static void patch_e16(good *g, int field, uint16_t v)
{
	eb_put16(g->img, eb_ehdr_off(&g->b, field), g->b.order, v);
}

static void patch_sh(good *g, uint32_t i, int field, uint64_t v)
{
	uint64_t off = eb_shdr_field(&g->b, i, field);
	bool word = field == EB_SH_FLAGS || field == EB_SH_ADDR ||
		    field == EB_SH_OFFSET || field == EB_SH_SIZE ||
		    field == EB_SH_ADDRALIGN || field == EB_SH_ENTSIZE;
	if (word)
		eb_putword(g->img, off, g->b.order, g->b.wordsize, v);
	else
		eb_put32(g->img, off, g->b.order, (uint32_t)v);
}

/* ELF header ------------------------------------------------------------- */

static void test_good_elf64_le(void **state)
{
	(void)state;
	good g;
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };

	good64(&g);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.kind, LS_KIND_ELF);
	assert_int_equal(o.elfclass, ELFCLASS64);
	assert_int_equal(o.order, LS_LE);
	assert_int_equal(o.wordsize, 8);
	assert_int_equal(o.type, ET_REL);
	assert_int_equal(o.machine, EM_X86_64);
	assert_string_equal(ls_machine_name(o.machine), "x86-64");
	assert_int_equal(o.shnum, 7);
	assert_int_equal(o.shstrndx, 6);
	assert_int_equal(o.shoff, g.b.shoff);
	assert_int_equal(o.phnum, 0);
	assert_null(o.segments);

	assert_string_equal(o.sections[0].name, "");
	assert_string_equal(o.sections[g.text].name, ".text");
	assert_string_equal(o.sections[g.data].name, ".data");
	assert_string_equal(o.sections[g.bss].name, ".bss");
	assert_string_equal(o.sections[g.sym].name, ".symtab");
	assert_string_equal(o.sections[g.str].name, ".strtab");
	assert_string_equal(o.sections[6].name, ".shstrtab");

	const ls_section *t = &o.sections[g.text];
	assert_int_equal(t->type, SHT_PROGBITS);
	assert_int_equal(t->flags, SHF_ALLOC | SHF_EXECINSTR);
	assert_int_equal(t->offset, g.b.sec[g.text].file_off);
	assert_int_equal(t->size, 16);
	assert_int_equal(o.sections[g.data].addr, 0x100);
	assert_int_equal(o.sections[g.bss].type, SHT_NOBITS);
	assert_int_equal(o.sections[g.bss].size, 32);

	assert_true(o.symtab.present);
	assert_false(o.dynsym.present);
	assert_int_equal(o.symtab.section, g.sym);
	assert_int_equal(o.symtab.count, 6);
	assert_int_equal(o.symtab.first_global, 3);
	assert_int_equal(o.symtab.entsize, 24);
	assert_int_equal(o.symtab.data_off, g.b.sec[g.sym].file_off);
	assert_int_equal(o.symtab.shndx.size, 0);

	assert_int_equal(ls_symbol_get(&o, &o.symtab, 3, &s, &d), 0);
	assert_string_equal(s.name, "main");
	assert_int_equal(s.name_len, 4);
	assert_int_equal(s.value, 4);
	assert_int_equal(s.size, 12);
	assert_int_equal(s.bind, STB_GLOBAL);
	assert_int_equal(s.type, STT_FUNC);
	assert_int_equal(s.shndx, g.text);
	assert_false(s.has_versym);
	assert_ptr_equal(ls_symbol_section(&o, &s), &o.sections[g.text]);

	assert_int_equal(ls_symbol_get(&o, &o.symtab, 4, &s, &d), 0);
	assert_string_equal(s.name, "var");
	assert_int_equal(s.visibility, STV_HIDDEN);
	assert_int_equal(s.other, STV_HIDDEN);
	assert_int_equal(s.value, 0x104);
	assert_int_equal(s.type, STT_OBJECT);

	assert_int_equal(ls_symbol_get(&o, &o.symtab, 5, &s, &d), 0);
	assert_string_equal(s.name, "ext");
	assert_int_equal(s.shndx, SHN_UNDEF);
	assert_null(ls_symbol_section(&o, &s));

	assert_int_equal(ls_symbol_get(&o, &o.symtab, 0, &s, &d), 0);
	assert_string_equal(s.name, "");
	assert_int_equal(s.name_len, 0);

	ls_object_close(&o);
	assert_null(o.sections);
	good_free(&g);
}

static void test_good_elf32_be_mips(void **state)
{
	(void)state;
	elfb b;
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };
	static const uint8_t code[8] = { 0x3c, 0x1c, 0x00, 0x42 };

	eb_init(&b, ELFCLASS32, LS_BE, EM_MIPS, ET_EXEC);
	b.entry = 0x400120;
	b.flags = 0x70001005;
	b.osabi = ELFOSABI_LINUX;
	b.abiversion = 1;
	uint32_t text = eb_add_data(&b, ".text", SHT_PROGBITS,
				    SHF_ALLOC | SHF_EXECINSTR, code, sizeof code);
	b.sec[text].addr = 0x400120;
	b.sec[text].align = 16;
	uint32_t sym = eb_add_symtab(&b, ".symtab", SHT_SYMTAB, ".strtab");
	b.sec[sym].info = 1;
	eb_sym(&b, sym, "__start", 0x400120, 8, STB_GLOBAL, STT_FUNC, 0,
	       (uint16_t)text);
	eb_sym(&b, sym, "_gp", 0x418010, 0, STB_GLOBAL, STT_NOTYPE, 0, SHN_ABS);
	eb_add_ph(&b, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x200, 0x300);
	size_t n;
	uint8_t *img = eb_finish(&b, &n);

	open_ok(&o, img, n);
	assert_int_equal(o.elfclass, ELFCLASS32);
	assert_int_equal(o.order, LS_BE);
	assert_int_equal(o.wordsize, 4);
	assert_int_equal(o.type, ET_EXEC);
	assert_int_equal(o.machine, EM_MIPS);
	assert_string_equal(ls_machine_name(o.machine), "mips");
	assert_int_equal(o.flags, 0x70001005);
	assert_int_equal(o.entry, 0x400120);
	assert_int_equal(o.osabi, ELFOSABI_LINUX);
	assert_int_equal(o.abiversion, 1);
	assert_int_equal(o.phoff, 52);
	assert_int_equal(o.shnum, 5);
	assert_int_equal(o.shstrndx, 4);
	assert_string_equal(o.sections[text].name, ".text");
	assert_int_equal(o.sections[text].addr, 0x400120);
	assert_int_equal(o.sections[text].addralign, 16);
	assert_int_equal(o.sections[text].size, 8);
	assert_int_equal(o.sections[sym].entsize, 16);
	assert_int_equal(o.sections[sym].link, sym - 1);

	assert_int_equal(o.phnum, 1);
	assert_int_equal(o.segments[0].type, PT_LOAD);
	assert_int_equal(o.segments[0].flags, PF_R | PF_X);
	assert_int_equal(o.segments[0].offset, 0);
	assert_int_equal(o.segments[0].vaddr, 0x400000);
	assert_int_equal(o.segments[0].paddr, 0x400000);
	assert_int_equal(o.segments[0].filesz, 0x200);
	assert_int_equal(o.segments[0].memsz, 0x300);
	assert_int_equal(o.segments[0].align, 1);

	assert_int_equal(o.symtab.count, 3);
	assert_int_equal(o.symtab.entsize, 16);
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 1, &s, &d), 0);
	assert_string_equal(s.name, "__start");
	assert_int_equal(s.value, 0x400120);
	assert_int_equal(s.size, 8);
	assert_int_equal(s.shndx, text);
	assert_int_equal(s.type, STT_FUNC);
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 2, &s, &d), 0);
	assert_string_equal(s.name, "_gp");
	assert_int_equal(s.value, 0x418010);
	assert_int_equal(s.raw_shndx, SHN_ABS);
	assert_null(ls_symbol_section(&o, &s));

	ls_object_close(&o);
	free(img);
	eb_free(&b);
}

static void test_bad_magic(void **state)
{
	(void)state;
	good g;

	good64(&g);
	assert_true(ls_is_elf(view(g.img, g.n)));
	g.img[3] = 'G';
	assert_false(ls_is_elf(view(g.img, g.n)));
	expect_fail(g.img, g.n, 0, 0, "bad magic");
	/* Shorter than the magic itself. */
	expect_fail((const uint8_t *)"\177EL", 3, 0, 0, "bad magic");
	expect_fail((const uint8_t *)"", 0, 0, 0, "bad magic");
	good_free(&g);
}

static void test_truncated_ident(void **state)
{
	(void)state;
	static const uint8_t id[16] = { 0x7f, 'E', 'L', 'F', ELFCLASS64,
					ELFDATA2LSB, EV_CURRENT };

	expect_fail(id, 4, 0, 4, "truncated ELF identification (4 of 16 bytes)");
	expect_fail(id, 15, 0, 15,
		    "truncated ELF identification (15 of 16 bytes)");
	/* A complete identification is no longer the problem. */
	expect_fail(id, 16, 0, 16, "truncated ELF header (16 of 64 bytes)");
}

static void test_truncated_header(void **state)
{
	(void)state;
	good g;

	good64(&g);
	expect_fail(g.img, 63, 0, 63, "truncated ELF header (63 of 64 bytes)");
	/* Offsets are absolute: base_off is added. */
	expect_fail(g.img, 40, 0x1000, 0x1000 + 40,
		    "truncated ELF header (40 of 64 bytes)");
	good_free(&g);

	/* ELF32: exactly 52 header bytes with no tables is a valid file. */
	elfb b;
	eb_init(&b, ELFCLASS32, LS_BE, EM_MIPS, ET_REL);
	b.no_sections = true;
	size_t n;
	uint8_t *img = eb_finish(&b, &n);
	assert_int_equal(n, 52);
	expect_fail(img, 51, 0, 51, "truncated ELF header (51 of 52 bytes)");
	ls_object o;
	open_ok(&o, img, 52);
	assert_int_equal(o.shnum, 0);
	assert_int_equal(o.phnum, 0);
	assert_null(o.sections);
	assert_false(o.symtab.present);
	ls_object_close(&o);
	free(img);
	eb_free(&b);
}

static void test_invalid_class(void **state)
{
	(void)state;
	good g;

	good64(&g);
	g.img[EI_CLASS] = ELFCLASSNONE;
	expect_fail(g.img, g.n, 0, EI_CLASS, "invalid ELF class 0");
	g.img[EI_CLASS] = 3;
	expect_fail(g.img, g.n, 0x20, 0x20 + EI_CLASS, "invalid ELF class 3");
	good_free(&g);
}

static void test_invalid_data(void **state)
{
	(void)state;
	good g;

	good64(&g);
	g.img[EI_DATA] = ELFDATANONE;
	expect_fail(g.img, g.n, 0, EI_DATA, "invalid ELF data encoding 0");
	g.img[EI_DATA] = 0x42;
	expect_fail(g.img, g.n, 0, EI_DATA, "invalid ELF data encoding 66");
	good_free(&g);
}

static void test_invalid_version(void **state)
{
	(void)state;
	good g;

	good64(&g);
	g.img[EI_VERSION] = 0;
	expect_fail(g.img, g.n, 0, EI_VERSION, "unsupported ELF version 0");
	g.img[EI_VERSION] = 2;
	expect_fail(g.img, g.n, 0, EI_VERSION, "unsupported ELF version 2");
	good_free(&g);
}

static void test_bad_shentsize(void **state)
{
	(void)state;
	good g;

	good64(&g);
	patch_e16(&g, EB_E_SHENTSIZE, 40);	/* the ELF32 size */
	expect_fail(g.img, g.n, 0, 58, "e_shentsize is 40, expected 64");
	good_free(&g);

	good_sections(&g, ELFCLASS32, LS_BE, EM_PPC, ET_REL);
	good_finish(&g);
	patch_e16(&g, EB_E_SHENTSIZE, 64);
	expect_fail(g.img, g.n, 0, 46, "e_shentsize is 64, expected 40");
	good_free(&g);
}

static void test_section_table_past_eof(void **state)
{
	(void)state;
	good g;

	good64(&g);
	assert_int_equal(g.n, g.b.shoff + 7 * 64);
	/* Not even section 0 fits. */
	expect_fail(g.img, g.b.shoff + 63, 0, g.b.shoff,
		    "section header table past end of file");
	/* Section 0 fits but the table does not. */
	expect_fail(g.img, g.n - 1, 0, g.b.shoff,
		    "section header table (7 entries) extends past end of file");
	/* e_shoff itself far beyond the file. */
	eb_put64(g.img, eb_ehdr_off(&g.b, EB_E_SHOFF), LS_LE,
		 0xfffffffffffffff0ULL);
	expect_fail(g.img, g.n, 0, 0xfffffffffffffff0ULL,
		    "section header table past end of file");
	/* e_shnum without e_shoff. */
	eb_put64(g.img, eb_ehdr_off(&g.b, EB_E_SHOFF), LS_LE, 0);
	expect_fail(g.img, g.n, 0, 40, "e_shnum is 7 but e_shoff is 0");
	good_free(&g);
}

static void test_shnum_escape(void **state)
{
	(void)state;
	good g;
	ls_object o;

	good_sections(&g, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	g.b.shnum_escape = true;
	good_finish(&g);
	assert_int_equal(g.img[eb_ehdr_off(&g.b, EB_E_SHNUM)], 0);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.shnum, 7);
	assert_string_equal(o.sections[6].name, ".shstrtab");
	assert_true(o.symtab.present);
	assert_int_equal(o.symtab.count, 6);
	/* Section 0 keeps the escape values as its fields. */
	assert_int_equal(o.sections[0].size, 7);
	ls_object_close(&o);

	/* The count comes from section 0 even when it is smaller than the
	 * table: the last sections are then not seen (here: the name table). */
	patch_sh(&g, 0, EB_SH_SIZE, 4);
	expect_fail(g.img, g.n, 0, 62,
		    "section name table index 6 out of range (4 sections)");
	patch_e16(&g, EB_E_SHSTRNDX, 0);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.shnum, 4);
	assert_int_equal(o.sections[3].type, SHT_NOBITS);
	assert_false(o.symtab.present);
	ls_object_close(&o);
	patch_e16(&g, EB_E_SHSTRNDX, 6);

	/* A count that the file cannot hold is refused. */
	patch_sh(&g, 0, EB_SH_SIZE, 1000);
	expect_fail(g.img, g.n, 0, g.b.shoff,
		    "section header table (1000 entries) extends past end of file");

	/* Both zero: a file with no sections. */
	patch_sh(&g, 0, EB_SH_SIZE, 0);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.shnum, 0);
	assert_null(o.sections);
	assert_false(o.symtab.present);
	ls_object_close(&o);
	good_free(&g);
}

static void test_shstrndx_xindex(void **state)
{
	(void)state;
	good g;
	ls_object o;

	good_sections(&g, ELFCLASS32, LS_LE, EM_386, ET_REL);
	g.b.shstrndx_escape = true;
	g.b.shnum_escape = true;
	good_finish(&g);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.shnum, 7);
	assert_int_equal(o.shstrndx, 6);
	assert_int_equal(o.sections[0].link, 6);
	assert_string_equal(o.sections[g.text].name, ".text");
	assert_string_equal(o.sections[6].name, ".shstrtab");
	ls_object_close(&o);

	/* sh_link of section 0 is then range checked like e_shstrndx. */
	patch_sh(&g, 0, EB_SH_LINK, 7);
	expect_fail(g.img, g.n, 0, 50,
		    "section name table index 7 out of range (7 sections)");
	/* sh_link 0 means "no names". */
	patch_sh(&g, 0, EB_SH_LINK, 0);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.shstrndx, 0);
	assert_string_equal(o.sections[g.text].name, "");
	ls_object_close(&o);
	good_free(&g);
}

static void test_shstrndx_out_of_range(void **state)
{
	(void)state;
	good g;

	good64(&g);
	patch_e16(&g, EB_E_SHSTRNDX, 7);
	expect_fail(g.img, g.n, 0, 62,
		    "section name table index 7 out of range (7 sections)");
	patch_e16(&g, EB_E_SHSTRNDX, 0xfeff);
	expect_fail(g.img, g.n, 0, 62,
		    "section name table index 65279 out of range (7 sections)");
	/* A NOBITS name table has no bytes to read. */
	patch_e16(&g, EB_E_SHSTRNDX, (uint16_t)g.bss);
	expect_fail(g.img, g.n, 0, g.b.sec[g.bss].file_off,
		    "section name table unreadable");
	good_free(&g);
}

static void test_section_name_outside_table(void **state)
{
	(void)state;
	good g;
	ls_object o;

	good64(&g);
	uint64_t tab = g.b.sec[6].data.n;

	/* One past the end of .shstrtab. */
	patch_sh(&g, g.data, EB_SH_NAME, tab);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.data),
		    "section 2: name offset 0x");
	/* The last byte (the final NUL) is a valid empty name. */
	patch_sh(&g, g.data, EB_SH_NAME, tab - 1);
	open_ok(&o, g.img, g.n);
	assert_string_equal(o.sections[g.data].name, "");
	ls_object_close(&o);
	/* Cutting the final NUL leaves ".shstrtab" unterminated. */
	patch_sh(&g, 6, EB_SH_SIZE, tab - 1);
	patch_sh(&g, g.data, EB_SH_NAME, 0);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, 6),
		    "section 6: name offset 0x");
	/* Section 0 with name 0 is never looked up... but a non-zero name
	 * in section 0 is. */
	patch_sh(&g, 6, EB_SH_SIZE, tab);
	patch_sh(&g, 0, EB_SH_NAME, 0x7fffffff);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, 0),
		    "section 0: name offset 0x7fffffff outside section name table");
	good_free(&g);
}

static void test_section_contents_past_eof(void **state)
{
	(void)state;
	good g;
	char want[160];

	good64(&g);
	uint64_t off = g.b.sec[g.text].file_off;
	/* Ends one byte past the file. */
	patch_sh(&g, g.text, EB_SH_SIZE, g.n - off + 1);
	snprintf(want, sizeof want,
		 "section 1: contents (offset 0x%llx, size 0x%llx) extend past end of file",
		 (unsigned long long)off, (unsigned long long)(g.n - off + 1));
	expect_fail(g.img, g.n, 0, eb_shdr_field(&g.b, g.text, EB_SH_OFFSET),
		    want);
	/* Ends exactly at the end of the file: fine. */
	patch_sh(&g, g.text, EB_SH_SIZE, g.n - off);
	ls_object o;
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.sections[g.text].size, g.n - off);
	ls_object_close(&o);
	/* offset + size wrapping around 2^64. */
	patch_sh(&g, g.text, EB_SH_SIZE, UINT64_MAX - off + 2);
	expect_fail(g.img, g.n, 0, eb_shdr_field(&g.b, g.text, EB_SH_OFFSET),
		    "section 1: contents");
	/* An SHT_NULL section's fields are not checked. */
	patch_sh(&g, g.text, EB_SH_TYPE, SHT_NULL);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.sections[g.text].type, SHT_NULL);
	ls_object_close(&o);
	good_free(&g);
}

static void test_nobits_huge_size(void **state)
{
	(void)state;
	good g;
	ls_object o;

	good_sections(&g, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	g.b.sec[g.bss].nobits_size = 0xfffffffffffff000ULL;
	g.b.sec[g.bss].set_offset = true;
	g.b.sec[g.bss].offset = 0x7fffffffffffffffULL;
	good_finish(&g);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.sections[g.bss].type, SHT_NOBITS);
	assert_int_equal(o.sections[g.bss].size, 0xfffffffffffff000ULL);
	assert_int_equal(o.sections[g.bss].offset, 0x7fffffffffffffffULL);
	ls_object_close(&o);
	/* The same size on PROGBITS is refused. */
	patch_sh(&g, g.bss, EB_SH_TYPE, SHT_PROGBITS);
	expect_fail(g.img, g.n, 0, eb_shdr_field(&g.b, g.bss, EB_SH_OFFSET),
		    "section 3: contents");
	good_free(&g);
}

static void test_phnum_xnum(void **state)
{
	(void)state;
	good g;
	ls_object o;

	good_sections(&g, ELFCLASS64, LS_BE, EM_PPC64, ET_EXEC);
	eb_add_ph(&g.b, PT_LOAD, PF_R | PF_X, 0, 0x10000000, 0x100, 0x100);
	eb_add_ph(&g.b, PT_NOTE, PF_R, 0x40, 0x10000040, 0x20, 0x20);
	eb_add_ph(&g.b, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	g.b.phnum_escape = true;
	good_finish(&g);
	assert_int_equal(g.img[eb_ehdr_off(&g.b, EB_E_PHNUM)], 0xff);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.phnum, 3);
	assert_int_equal(o.sections[0].info, 3);
	assert_int_equal(o.segments[0].type, PT_LOAD);
	assert_int_equal(o.segments[0].vaddr, 0x10000000);
	assert_int_equal(o.segments[1].type, PT_NOTE);
	assert_int_equal(o.segments[1].offset, 0x40);
	assert_int_equal(o.segments[1].filesz, 0x20);
	assert_int_equal(o.segments[2].type, PT_GNU_STACK);
	assert_int_equal(o.segments[2].flags, PF_R | PF_W);
	ls_object_close(&o);

	/* sh_info 0: no program headers at all. */
	patch_sh(&g, 0, EB_SH_INFO, 0);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.phnum, 0);
	assert_null(o.segments);
	ls_object_close(&o);

	/* PN_XNUM without any section 0 to carry the count. */
	eb_put64(g.img, eb_ehdr_off(&g.b, EB_E_SHOFF), LS_BE, 0);
	patch_e16(&g, EB_E_SHNUM, 0);
	expect_fail(g.img, g.n, 0, 56,
		    "e_phnum is PN_XNUM but there is no section 0");
	good_free(&g);
}

static void test_phdrs_past_eof(void **state)
{
	(void)state;
	elfb b;
	size_t n;

	eb_init(&b, ELFCLASS32, LS_LE, EM_ARM, ET_EXEC);
	b.no_sections = true;
	eb_add_ph(&b, PT_LOAD, PF_R, 0, 0x8000, 0x34, 0x34);
	eb_add_ph(&b, PT_LOAD, PF_R | PF_W, 0, 0x9000, 0x34, 0x40);
	uint8_t *img = eb_finish(&b, &n);
	assert_int_equal(n, 52 + 2 * 32);

	ls_object o;
	open_ok(&o, img, n);
	assert_int_equal(o.phnum, 2);
	assert_int_equal(o.segments[1].memsz, 0x40);
	assert_int_equal(o.segments[1].flags, PF_R | PF_W);
	ls_object_close(&o);

	expect_fail(img, n - 1, 0, 52,
		    "program header table (2 entries) extends past end of file");
	/* e_phoff pointing so far that phoff + size wraps. */
	eb_put32(img, eb_ehdr_off(&b, EB_E_PHOFF), LS_LE, 0xffffffe0);
	expect_fail(img, n, 0, 0xffffffe0,
		    "program header table (2 entries) extends past end of file");
	/* A wrong e_phentsize is refused before the table is read. */
	eb_put32(img, eb_ehdr_off(&b, EB_E_PHOFF), LS_LE, 52);
	eb_put16(img, eb_ehdr_off(&b, EB_E_PHENTSIZE), LS_LE, 56);
	expect_fail(img, n, 0, 42, "e_phentsize is 56, expected 32");
	free(img);
	eb_free(&b);
}

/* Symbols ----------------------------------------------------------------- */

static void test_symtab_bad_entsize(void **state)
{
	(void)state;
	good g;

	good64(&g);
	patch_sh(&g, g.sym, EB_SH_ENTSIZE, 16);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "symbol table section 5 has sh_entsize 16, expected 24");
	patch_sh(&g, g.sym, EB_SH_ENTSIZE, 0);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "symbol table section 5 has sh_entsize 0, expected 24");
	good_free(&g);
}

static void test_symtab_size_not_multiple(void **state)
{
	(void)state;
	good g;

	good64(&g);
	patch_sh(&g, g.sym, EB_SH_SIZE, 6 * 24 - 1);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "symbol table section 5 size 0x8f is not a multiple of its entry size");
	/* A smaller multiple is accepted and bounds the table. */
	patch_sh(&g, g.sym, EB_SH_SIZE, 4 * 24);
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.symtab.count, 4);
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 4, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off, "symbol index 4 out of range");
	ls_object_close(&o);
	good_free(&g);
}

static void test_symtab_link_out_of_range(void **state)
{
	(void)state;
	good g;

	good64(&g);
	patch_sh(&g, g.sym, EB_SH_LINK, 7);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "symbol table section 5 links to string table 7, out of range");
	patch_sh(&g, g.sym, EB_SH_LINK, 0);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "symbol table section 5 links to string table 0, out of range");
	patch_sh(&g, g.sym, EB_SH_LINK, 0xffffffff);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "links to string table 4294967295, out of range");
	good_free(&g);
}

static void test_symtab_link_not_strtab(void **state)
{
	(void)state;
	good g;

	good64(&g);
	patch_sh(&g, g.sym, EB_SH_LINK, g.text);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "symbol table section 5 links to section 1, which is not a string table");
	/* Linking to itself is no better. */
	patch_sh(&g, g.sym, EB_SH_LINK, g.sym);
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, g.sym),
		    "links to section 5, which is not a string table");
	good_free(&g);
}

static void test_symbol_name_past_strtab(void **state)
{
	(void)state;
	good g;
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };

	good_sections(&g, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	uint32_t strsize = (uint32_t)g.b.sec[g.str].data.n;
	uint32_t past = eb_sym_raw(&g.b, g.sym, strsize, 0, 0,
				   STB_GLOBAL << 4 | STT_NOTYPE, 0, SHN_UNDEF);
	uint32_t huge = eb_sym_raw(&g.b, g.sym, 0xffffffff, 0, 0,
				   STB_GLOBAL << 4 | STT_NOTYPE, 0, SHN_UNDEF);
	uint32_t last = eb_sym_raw(&g.b, g.sym, strsize - 1, 0, 0,
				   STB_GLOBAL << 4 | STT_NOTYPE, 0, SHN_UNDEF);
	good_finish(&g);

	/* The table is fine; the bad names show when a symbol is read. */
	open_ok(&o, g.img, g.n);
	assert_int_equal(ls_symbol_get(&o, &o.symtab, past, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off + past * 24,
		    "symbol 6: name offset 0x");
	assert_int_equal(ls_symbol_get(&o, &o.symtab, huge, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off + huge * 24,
		    "symbol 7: name offset 0xffffffff outside string table");
	/* The string table's last byte is its final NUL: an empty name. */
	assert_int_equal(ls_symbol_get(&o, &o.symtab, last, &s, &d), 0);
	assert_string_equal(s.name, "");
	ls_object_close(&o);

	/* Without the final NUL, the last name is unterminated. */
	patch_sh(&g, g.str, EB_SH_SIZE, strsize - 1);
	open_ok(&o, g.img, g.n);
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 5, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off + 5 * 24, "symbol 5: name offset");
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 3, &s, &d), 0);
	assert_string_equal(s.name, "main");
	ls_object_close(&o);
	good_free(&g);
}

/* An object with 3 extra symbols whose st_shndx is SHN_XINDEX. */
static void build_xindex(good *g, bool with_table, uint32_t table_entries)
{
	good_sections(g, ELFCLASS64, LS_BE, EM_AARCH64, ET_REL);
	uint32_t sx = eb_sym(&g->b, g->sym, "x_data", 0x2, 2, STB_GLOBAL,
			     STT_OBJECT, 0, SHN_XINDEX);
	eb_sym(&g->b, g->sym, "x_bss", 0x8, 8, STB_GLOBAL, STT_OBJECT, 0,
	       SHN_XINDEX);
	eb_sym(&g->b, g->sym, "x_far", 0x0, 0, STB_GLOBAL, STT_OBJECT, 0,
	       SHN_XINDEX);
	assert_int_equal(sx, 6);
	if (with_table) {
		uint32_t x = eb_add(&g->b, ".symtab_shndx", SHT_SYMTAB_SHNDX, 0);
		assert_int_equal(x, 6);
		g->b.sec[x].link = g->sym;
		g->b.sec[x].entsize = 4;
		g->b.sec[x].align = 4;
		for (uint32_t i = 0; i < table_entries; i++) {
			uint32_t v = i == 6 ? g->data : i == 7 ? g->bss
				     : i == 8 ? 0x12345 : 0;
			eb_buf_u32(&g->b.sec[x].data, LS_BE, v);
		}
	}
	good_finish(g);
}

static void test_xindex_resolved(void **state)
{
	(void)state;
	good g;
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };

	build_xindex(&g, true, 9);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.symtab.shndx.size, 9 * 4);
	assert_int_equal(o.symtab.shndx_off, g.b.sec[6].file_off);

	assert_int_equal(ls_symbol_get(&o, &o.symtab, 6, &s, &d), 0);
	assert_string_equal(s.name, "x_data");
	assert_int_equal(s.raw_shndx, SHN_XINDEX);
	assert_int_equal(s.shndx, g.data);
	assert_ptr_equal(ls_symbol_section(&o, &s), &o.sections[g.data]);

	assert_int_equal(ls_symbol_get(&o, &o.symtab, 7, &s, &d), 0);
	assert_int_equal(s.shndx, g.bss);
	assert_ptr_equal(ls_symbol_section(&o, &s), &o.sections[g.bss]);

	/* A resolved index past the section table is an error. */
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 8, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off + 8 * 24,
		    "symbol 8: section index 74565 out of range (8 sections)");

	/* Ordinary symbols ignore the table. */
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 3, &s, &d), 0);
	assert_int_equal(s.shndx, g.text);
	ls_object_close(&o);
	good_free(&g);
}

static void test_xindex_without_table(void **state)
{
	(void)state;
	good g;
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };

	build_xindex(&g, false, 0);
	open_ok(&o, g.img, g.n);
	assert_int_equal(o.symtab.shndx.size, 0);
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 7, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off + 7 * 24,
		    "symbol 7 uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX entry for it");
	/* Symbols that do not need the table still read. */
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 4, &s, &d), 0);
	assert_string_equal(s.name, "var");
	ls_object_close(&o);
	good_free(&g);
}

static void test_shndx_table_too_short(void **state)
{
	(void)state;
	good g;

	build_xindex(&g, true, 8);	/* 9 symbols */
	expect_fail(g.img, g.n, 0, eb_shdr_off(&g.b, 6),
		    "SHT_SYMTAB_SHNDX section 6 has 8 entries for 9 symbols");
	good_free(&g);
}

/* Versions ---------------------------------------------------------------- */

static void check_versions(uint8_t cls, int order)
{
	elfb b;
	eb_dso x;
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };
	size_t n;

	eb_versioned_dso(&b, &x, cls, order);
	uint8_t *img = eb_finish(&b, &n);
	open_ok(&o, img, n);
	assert_true(o.dynsym.present);
	assert_false(o.symtab.present);
	assert_int_equal(o.dynsym.count, EB_DSO_NSYMS);
	assert_true(o.has_verdef);
	assert_true(o.has_verneed);
	assert_int_equal(ls_version_lookup(&o, 1)->flags, VER_FLG_BASE);
	assert_int_equal(o.nverdefs, 3);
	assert_int_equal(o.nversions, 5);
	assert_int_equal(o.versym.size, 2 * EB_DSO_NSYMS);

	const ls_version *v = ls_version_lookup(&o, 1);
	assert_non_null(v);
	assert_true(v->defined);
	assert_string_equal(v->name, "libfix.so.1");
	assert_int_equal(v->flags, VER_FLG_BASE);
	v = ls_version_lookup(&o, 2);
	assert_non_null(v);
	assert_true(v->defined);
	assert_string_equal(v->name, "VERS_1");
	v = ls_version_lookup(&o, 3);
	assert_non_null(v);
	assert_string_equal(v->name, "VERS_2");	/* the first Verdaux */
	v = ls_version_lookup(&o, 4);
	assert_non_null(v);
	assert_false(v->defined);
	assert_string_equal(v->name, "GLIBC_2.2.5");
	assert_string_equal(v->file, "libc.so.6");
	assert_int_equal(v->flags, 0);
	v = ls_version_lookup(&o, 5);
	assert_non_null(v);
	assert_string_equal(v->name, "GLIBC_2.34");
	assert_int_equal(v->flags, VER_FLG_WEAK);
	/* The hidden bit is not part of the index. */
	v = ls_version_lookup(&o, 0x8002);
	assert_non_null(v);
	assert_string_equal(v->name, "VERS_1");
	assert_null(ls_version_lookup(&o, 0));
	assert_null(ls_version_lookup(&o, 6));
	assert_null(ls_version_lookup(&o, 0x7fff));

	/* .gnu.version entries reach the dynamic symbols. */
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_BAR, &s, &d), 0);
	assert_string_equal(s.name, "bar");
	assert_true(s.has_versym);
	assert_int_equal(s.versym, 0x8003);
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_PRINTF, &s, &d), 0);
	assert_int_equal(s.versym, 4);
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_BAZ, &s, &d), 0);
	assert_int_equal(s.versym, 3);
	ls_object_close(&o);

	/* A .gnu.version entry naming no known version is refused when the
	 * symbol is read; index 1 (base/global) needs no Verdef. */
	uint64_t ent = b.sec[x.versym].file_off + 2 * EB_DSO_BAZ;
	eb_put16(img, ent, order, 6);
	open_ok(&o, img, n);
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_BAZ, &s, &d), -1);
	assert_diag(&d, ent, "symbol 8: version index 6 is not defined or required");
	ls_object_close(&o);
	eb_put16(img, ent, order, 0x8001);
	open_ok(&o, img, n);
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_BAZ, &s, &d), 0);
	assert_int_equal(s.versym, 0x8001);
	ls_object_close(&o);
	free(img);
	eb_free(&b);
}

static void test_version_lookup(void **state)
{
	(void)state;
	check_versions(ELFCLASS64, LS_LE);
	check_versions(ELFCLASS32, LS_BE);
}

static void test_version_lookup_prefers_verdef(void **state)
{
	(void)state;
	elfb b;
	eb_dso x;
	ls_object o;
	size_t n;

	eb_versioned_dso(&b, &x, ELFCLASS64, LS_LE);
	/* A second Verneed whose Vernaux reuses index 2 (VERS_1's). */
	eb_buf *vn = &b.sec[x.verneed].data;
	eb_put32(vn->p, 12, LS_LE, 16 + 2 * 16);	/* vn_next of the 1st */
	uint32_t lib = eb_str(&b, x.dynstr, "libother.so");
	uint32_t nm = eb_str(&b, x.dynstr, "OTHER_2");
	uint16_t other = 0x8002, flags = 0;	/* the hidden bit is ignored */
	eb_verneed(vn, LS_LE, lib, 1, &other, &flags, &nm, true);
	b.sec[x.verneed].info = 2;
	uint8_t *img = eb_finish(&b, &n);

	open_ok(&o, img, n);
	assert_int_equal(o.nversions, 6);
	const ls_version *v = ls_version_lookup(&o, 2);
	assert_non_null(v);
	assert_true(v->defined);
	assert_string_equal(v->name, "VERS_1");
	/* Both are in the table, the Verdef first. */
	assert_int_equal(o.versions[1].index, 2);
	assert_true(o.versions[1].defined);
	assert_int_equal(o.versions[2].index, 2);
	assert_false(o.versions[2].defined);
	assert_string_equal(o.versions[2].name, "OTHER_2");
	assert_string_equal(o.versions[2].file, "libother.so");
	ls_object_close(&o);
	free(img);
	eb_free(&b);
}

/*
 * vd_next is unsigned and relative, so a chain can only go forward; the
 * closest thing to a cycle is a chain of overlapping entries (stride 11
 * here, which the field layout allows) that could pack more Verdefs into
 * the section than 20-byte entries would.  The walk must stay bounded by
 * what the section can hold, whatever sh_info and the chain say.
 */
static void test_verdef_chain_bounded(void **state)
{
	(void)state;
	elfb b;
	eb_dso x;
	ls_object o;
	ls_diag d = { 0 };
	size_t n;

	eb_versioned_dso(&b, &x, ELFCLASS64, LS_LE);
	b.sec[x.verneed].type = SHT_PROGBITS;	/* only the Verdefs count */
	eb_buf *vd = &b.sec[x.verdef].data;
	vd->n = 0;
	eb_buf_zero(vd, 119);
	for (int k = 0; k < 10; k++) {
		eb_put16(vd->p, k * 11, LS_LE, 1);	/* vd_version */
		eb_put16(vd->p, k * 11 + 6, LS_LE, 0);	/* vd_cnt */
		eb_put32(vd->p, k * 11 + 16, LS_LE, 11);	/* vd_next */
	}
	eb_put16(vd->p, 4, LS_LE, 2);	/* vd_ndx of the first */
	b.sec[x.verdef].info = 1000;
	uint8_t *img = eb_finish(&b, &n);
	uint64_t info = eb_shdr_field(&b, x.verdef, EB_SH_INFO);

	/* sh_info claims more entries than 119 bytes can hold. */
	assert_int_equal(ls_object_open(&o, view(img, n), 0, &d), -1);
	assert_diag(&d, eb_shdr_off(&b, x.verdef),
		    "version definition count 1000 does not fit in its section (119 bytes)");
	assert_null(o.versions);

	/* sh_info 0: the walk stops at 119 / 20 = 5 of the 10 chained
	 * entries. */
	eb_put32(img, info, LS_LE, 0);
	open_ok(&o, img, n);
	assert_int_equal(o.nversions, 5);
	/* Entries 1..4 read their vd_ndx across the previous vd_next (11). */
	assert_int_equal(o.versions[0].index, 2);
	assert_int_equal(o.versions[4].index, 0x0b00);
	assert_int_equal(o.nverdefs, 0x0b00);
	assert_true(o.has_verdef);
	assert_false(o.has_verneed);
	ls_object_close(&o);

	/* sh_info 5: the same 5 entries. */
	eb_put32(img, info, LS_LE, 5);
	open_ok(&o, img, n);
	assert_int_equal(o.nversions, 5);
	ls_object_close(&o);

	/* A forward chain that runs off the section is an error too. */
	eb_put32(img, b.sec[x.verdef].file_off + 16, LS_LE, 0x7ffffff0);
	eb_put32(img, info, LS_LE, 3);
	assert_int_equal(ls_object_open(&o, view(img, n), 0, &d), -1);
	assert_diag(&d, b.sec[x.verdef].file_off + 0x7ffffff0,
		    "version definition 1 outside its section");
	free(img);
	eb_free(&b);
}

static void test_version_chain_ends_early(void **state)
{
	(void)state;
	elfb b;
	eb_dso x;
	size_t n;

	eb_versioned_dso(&b, &x, ELFCLASS64, LS_BE);
	b.sec[x.verdef].info = 4;	/* 92 bytes could hold 4 */
	uint8_t *img = eb_finish(&b, &n);
	/* The last Verdef (third, at 28 + 28) has vd_next 0. */
	expect_fail(img, n, 0, b.sec[x.verdef].file_off + 56 + 16,
		    "version definition chain ends after 3 of 4 entries");

	/* A Vernaux chain shorter than vn_cnt. */
	eb_put32(img, eb_shdr_field(&b, x.verdef, EB_SH_INFO), LS_BE, 3);
	uint64_t vn = b.sec[x.verneed].file_off;
	eb_put16(img, vn + 2, LS_BE, 3);	/* vn_cnt 3, 2 in the chain */
	expect_fail(img, n, 0, vn + 16 + 16 + 12,
		    "version requirement has 3 auxiliary entries but its chain ends after 2");
	free(img);
	eb_free(&b);
}

static void test_versym_count_mismatch(void **state)
{
	(void)state;
	elfb b;
	eb_dso x;
	size_t n;

	eb_versioned_dso(&b, &x, ELFCLASS64, LS_LE);
	b.sec[x.versym].data.n -= 2;
	uint8_t *img = eb_finish(&b, &n);
	expect_fail(img, n, 0, eb_shdr_off(&b, x.versym),
		    "version count (8) does not match dynamic symbol count (9)");
	/* One entry too many is refused as well. */
	eb_putword(img, eb_shdr_field(&b, x.versym, EB_SH_SIZE), LS_LE, 8,
		   2 * EB_DSO_NSYMS + 2);
	expect_fail(img, n, 0, eb_shdr_off(&b, x.versym),
		    "version count (10) does not match dynamic symbol count (9)");
	free(img);
	eb_free(&b);
}

static void test_symbol_index_out_of_range(void **state)
{
	(void)state;
	good g;
	ls_object o;
	ls_symbol s;
	ls_diag d = { 0 };

	good64(&g);
	open_ok(&o, g.img, g.n);
	assert_int_equal(ls_symbol_get(&o, &o.symtab, 6, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off, "symbol index 6 out of range");
	assert_int_equal(ls_symbol_get(&o, &o.symtab, UINT32_MAX, &s, &d), -1);
	assert_diag(&d, o.symtab.data_off, "symbol index 4294967295 out of range");
	/* The absent .dynsym has no symbols at all. */
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, 0, &s, &d), -1);
	assert_diag(&d, 0, "symbol index 0 out of range");
	ls_object_close(&o);
	good_free(&g);
}

/* Files without section headers ------------------------------------------ */

/*
 * eb_versioned_dso (ELF64 LE) with .hash, .gnu.hash and .dynamic, laid
 * out, then given a PT_LOAD of the whole file at vaddr NS_BASE + offset and
 * a PT_DYNAMIC, and stripped of its section header table as sstrip does:
 * only the dynamic tags lead to the symbols.
 */
#define NS_BASE 0x10000
enum { NS_SYMTAB, NS_SYMENT, NS_STRTAB, NS_STRSZ, NS_HASH, NS_VERSYM,
       NS_VERDEF, NS_VERDEFNUM, NS_VERNEED, NS_VERNEEDNUM, NS_NDYN };

typedef struct noshdr {
	elfb b;
	eb_dso x;
	uint32_t hash, gnuhash, dyn;
	uint8_t *img;
	size_t n;
} noshdr;

static uint64_t ns_va(const noshdr *s, uint32_t sec)
{
	return NS_BASE + s->b.sec[sec].file_off;
}

/* File offset of dynamic entry i. */
static uint64_t ns_ent(const noshdr *s, int i)
{
	return s->b.sec[s->dyn].file_off + 16 * (uint64_t)i;
}

static void ns_tag(noshdr *s, int i, int64_t tag, uint64_t val)
{
	eb_put64(s->img, ns_ent(s, i), LS_LE, (uint64_t)tag);
	eb_put64(s->img, ns_ent(s, i) + 8, LS_LE, val);
}

static void ns_build(noshdr *s)
{
	eb_buf h = { 0 };

	memset(s, 0, sizeof *s);
	eb_versioned_dso(&s->b, &s->x, ELFCLASS64, LS_LE);
	/* .hash: one bucket, nchain = the symbol count. */
	eb_buf_u32(&h, LS_LE, 1);
	eb_buf_u32(&h, LS_LE, EB_DSO_NSYMS);
	for (int i = 0; i < 1 + EB_DSO_NSYMS; i++)
		eb_buf_u32(&h, LS_LE, 0);
	s->hash = eb_add_data(&s->b, ".hash", SHT_HASH, SHF_ALLOC, h.p, h.n);
	eb_buf_free(&h);
	/* .gnu.hash: 2 buckets, symoffset 3, one bloom word; buckets start
	 * at symbols 3 and 6, whose chains end (bit 0) at 5 and 8. */
	static const uint32_t gh[] = { 2, 3, 1, 6, 0, 0, 3, 6,
				       10, 20, 31, 40, 50, 61 };
	for (size_t i = 0; i < sizeof gh / sizeof gh[0]; i++)
		eb_buf_u32(&h, LS_LE, gh[i]);
	s->gnuhash = eb_add_data(&s->b, ".gnu.hash", SHT_GNU_HASH, SHF_ALLOC,
				 h.p, h.n);
	eb_buf_free(&h);
	s->dyn = eb_add(&s->b, ".dynamic", SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE);
	eb_buf_zero(&s->b.sec[s->dyn].data, 16 * (NS_NDYN + 1));
	eb_add_ph(&s->b, PT_LOAD, PF_R, 0, 0, 0, 0);
	eb_add_ph(&s->b, PT_DYNAMIC, PF_R, 0, 0, 0, 0);
	s->img = eb_finish(&s->b, &s->n);

	uint64_t ph = s->b.phoff, dsz = 16 * (NS_NDYN + 1);
	eb_put64(s->img, ph + 16, LS_LE, NS_BASE);	/* p_vaddr */
	eb_put64(s->img, ph + 32, LS_LE, s->n);		/* p_filesz */
	eb_put64(s->img, ph + 40, LS_LE, s->n);		/* p_memsz */
	ph += 56;
	eb_put64(s->img, ph + 8, LS_LE, s->b.sec[s->dyn].file_off);
	eb_put64(s->img, ph + 16, LS_LE, ns_va(s, s->dyn));
	eb_put64(s->img, ph + 32, LS_LE, dsz);
	eb_put64(s->img, ph + 40, LS_LE, dsz);

	ns_tag(s, NS_SYMTAB, DT_SYMTAB, ns_va(s, s->x.dynsym));
	ns_tag(s, NS_SYMENT, DT_SYMENT, 24);
	ns_tag(s, NS_STRTAB, DT_STRTAB, ns_va(s, s->x.dynstr));
	ns_tag(s, NS_STRSZ, DT_STRSZ, s->b.sec[s->x.dynstr].data.n);
	ns_tag(s, NS_HASH, DT_HASH, ns_va(s, s->hash));
	ns_tag(s, NS_VERSYM, DT_VERSYM, ns_va(s, s->x.versym));
	ns_tag(s, NS_VERDEF, DT_VERDEF, ns_va(s, s->x.verdef));
	ns_tag(s, NS_VERDEFNUM, DT_VERDEFNUM, 3);
	ns_tag(s, NS_VERNEED, DT_VERNEED, ns_va(s, s->x.verneed));
	ns_tag(s, NS_VERNEEDNUM, DT_VERNEEDNUM, 1);
	/* entry NS_NDYN stays DT_NULL */

	eb_put64(s->img, eb_ehdr_off(&s->b, EB_E_SHOFF), LS_LE, 0);
	eb_put16(s->img, eb_ehdr_off(&s->b, EB_E_SHNUM), LS_LE, 0);
	eb_put16(s->img, eb_ehdr_off(&s->b, EB_E_SHSTRNDX), LS_LE, 0);
}

static void ns_free(noshdr *s)
{
	free(s->img);
	eb_free(&s->b);
}

static void test_noshdr_dynsym_from_hash(void **state)
{
	(void)state;
	noshdr s;
	ls_object o;
	ls_symbol sym;
	ls_diag d = { 0 };

	ns_build(&s);
	open_ok(&o, s.img, s.n);
	assert_int_equal(o.shnum, 0);
	assert_false(o.symtab.present);
	assert_true(o.dynsym.present);
	assert_true(o.dynsym.from_dynamic);
	assert_int_equal(o.dynsym.count, EB_DSO_NSYMS);
	assert_int_equal(o.dynsym.data_off, s.b.sec[s.x.dynsym].file_off);
	assert_int_equal(o.versym.size, 2 * EB_DSO_NSYMS);
	assert_true(o.has_verdef);
	assert_true(o.has_verneed);
	assert_int_equal(o.nversions, 5);
	assert_int_equal(o.nverdefs, 3);
	const ls_version *v = ls_version_lookup(&o, 5);
	assert_non_null(v);
	assert_string_equal(v->name, "GLIBC_2.34");
	assert_string_equal(v->file, "libc.so.6");
	assert_int_equal(v->flags, VER_FLG_WEAK);
	assert_string_equal(ls_version_lookup(&o, 2)->name, "VERS_1");

	/* Defined symbols name sections the file does not describe. */
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_FOO, &sym, &d), 0);
	assert_string_equal(sym.name, "foo");
	assert_int_equal(sym.shndx, s.x.text);
	assert_int_equal(sym.versym, 2);
	assert_null(ls_symbol_section(&o, &sym));
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_MEMCPY, &sym, &d), 0);
	assert_string_equal(sym.name, "memcpy");
	assert_int_equal(sym.shndx, SHN_UNDEF);
	assert_true(sym.has_versym);
	assert_int_equal(sym.versym, 5);
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_BAZ, &sym, &d), 0);
	assert_string_equal(sym.name, "baz");
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_NSYMS, &sym, &d), -1);
	ls_object_close(&o);

	/* DT_VERDEFNUM larger than its segment allows: at that entry. */
	ns_tag(&s, NS_VERDEFNUM, DT_VERDEFNUM, 0x10000000);
	expect_fail(s.img, s.n, 0x100, 0x100 + ns_ent(&s, NS_VERDEFNUM),
		    "version definition count 268435456 does not fit");
	ns_free(&s);
}

static void test_noshdr_dynsym_from_gnu_hash(void **state)
{
	(void)state;
	noshdr s;
	ls_object o;
	ls_symbol sym;
	ls_diag d = { 0 };

	ns_build(&s);
	ns_tag(&s, NS_HASH, DT_GNU_HASH, ns_va(&s, s.gnuhash));
	open_ok(&o, s.img, s.n);
	assert_true(o.dynsym.from_dynamic);
	assert_int_equal(o.dynsym.count, EB_DSO_NSYMS);
	assert_int_equal(ls_symbol_get(&o, &o.dynsym, EB_DSO_BAZ, &sym, &d), 0);
	assert_string_equal(sym.name, "baz");
	assert_int_equal(sym.versym, 3);
	ls_object_close(&o);

	/* The last chain ends one symbol earlier. */
	uint64_t chain = s.b.sec[s.gnuhash].file_off + 4 * 8;
	eb_put32(s.img, chain + 4 * 4, LS_LE, 51);
	open_ok(&o, s.img, s.n);
	assert_int_equal(o.dynsym.count, EB_DSO_NSYMS - 1);
	ls_object_close(&o);

	/* A bucket below symoffset cannot index the chains. */
	eb_put32(s.img, chain - 8, LS_LE, 0);
	eb_put32(s.img, chain - 4, LS_LE, 2);
	expect_fail(s.img, s.n, 0, chain - 8,
		    "GNU hash bucket names symbol 2, below the first hashed symbol 3");

	/* Every bucket empty: the count is symoffset. */
	eb_put32(s.img, chain - 4, LS_LE, 0);
	open_ok(&o, s.img, s.n);
	assert_int_equal(o.dynsym.count, 3);
	ls_object_close(&o);

	/* A chain that never ends runs into the end of the segment (cut
	 * right after .gnu.hash; .dynamic is read through PT_DYNAMIC). */
	eb_put32(s.img, chain - 4, LS_LE, 6);
	for (int i = 3; i < 6; i++)
		eb_put32(s.img, chain + 4 * (uint64_t)i, LS_LE, 0);
	eb_put64(s.img, s.b.phoff + 32, LS_LE, chain + 4 * 6);
	expect_fail(s.img, s.n, 0, chain,
		    "GNU hash chain of symbol 6 extends past its load segment");
	ns_free(&s);
}

static void test_noshdr_bad_syment(void **state)
{
	(void)state;
	noshdr s;

	ns_build(&s);
	ns_tag(&s, NS_SYMENT, DT_SYMENT, 16);
	expect_fail(s.img, s.n, 0x2000, 0x2000 + ns_ent(&s, NS_SYMENT),
		    "DT_SYMENT is 16, expected 24");
	ns_free(&s);
}

/* A DT_SYMTAB outside every PT_LOAD is an error at its entry (a table
 * the tags name must be file bytes); a missing DT_SYMTAB or hash table
 * only means there is no dynsym. */
static void test_noshdr_symtab_outside_load(void **state)
{
	(void)state;
	noshdr s;
	ls_object o;

	ns_build(&s);
	ns_tag(&s, NS_SYMTAB, DT_SYMTAB, 0x10);
	expect_fail(s.img, s.n, 0, ns_ent(&s, NS_SYMTAB),
		    "DT_SYMTAB 0x10 (9 symbols) is not in a load segment");
	/* Its entries would run past the segment's file bytes. */
	ns_tag(&s, NS_SYMTAB, DT_SYMTAB, NS_BASE + s.n - 24);
	expect_fail(s.img, s.n, 0, ns_ent(&s, NS_SYMTAB),
		    "is not in a load segment");

	ns_tag(&s, NS_SYMTAB, DT_DEBUG, 0);
	open_ok(&o, s.img, s.n);
	assert_false(o.dynsym.present);
	assert_int_equal(o.versym.size, 0);
	assert_int_equal(o.nversions, 0);
	ls_object_close(&o);

	ns_tag(&s, NS_SYMTAB, DT_SYMTAB, ns_va(&s, s.x.dynsym));
	ns_tag(&s, NS_HASH, DT_DEBUG, 0);
	open_ok(&o, s.img, s.n);
	assert_false(o.dynsym.present);
	ls_object_close(&o);
	ns_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_elf64_le),
		cmocka_unit_test(test_good_elf32_be_mips),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_truncated_ident),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_invalid_class),
		cmocka_unit_test(test_invalid_data),
		cmocka_unit_test(test_invalid_version),
		cmocka_unit_test(test_bad_shentsize),
		cmocka_unit_test(test_section_table_past_eof),
		cmocka_unit_test(test_shnum_escape),
		cmocka_unit_test(test_shstrndx_xindex),
		cmocka_unit_test(test_shstrndx_out_of_range),
		cmocka_unit_test(test_section_name_outside_table),
		cmocka_unit_test(test_section_contents_past_eof),
		cmocka_unit_test(test_nobits_huge_size),
		cmocka_unit_test(test_phnum_xnum),
		cmocka_unit_test(test_phdrs_past_eof),
		cmocka_unit_test(test_symtab_bad_entsize),
		cmocka_unit_test(test_symtab_size_not_multiple),
		cmocka_unit_test(test_symtab_link_out_of_range),
		cmocka_unit_test(test_symtab_link_not_strtab),
		cmocka_unit_test(test_symbol_name_past_strtab),
		cmocka_unit_test(test_xindex_resolved),
		cmocka_unit_test(test_xindex_without_table),
		cmocka_unit_test(test_shndx_table_too_short),
		cmocka_unit_test(test_version_lookup),
		cmocka_unit_test(test_version_lookup_prefers_verdef),
		cmocka_unit_test(test_verdef_chain_bounded),
		cmocka_unit_test(test_version_chain_ends_early),
		cmocka_unit_test(test_versym_count_mismatch),
		cmocka_unit_test(test_symbol_index_out_of_range),
		cmocka_unit_test(test_noshdr_dynsym_from_hash),
		cmocka_unit_test(test_noshdr_dynsym_from_gnu_hash),
		cmocka_unit_test(test_noshdr_bad_syment),
		cmocka_unit_test(test_noshdr_symtab_outside_load),
	};
	return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
