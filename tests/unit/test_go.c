/*
 * test_go.c - the Go artifact readers (go/gofacts.h) on synthetic ELF
 * images: .go.buildinfo in both layouts (Go 1.18+ inline strings, 1.13-1.17
 * pointers through PT_LOAD), both byte orders, 32 and 64 bit, strconv
 * quoting, sentinels and malformed blobs; pclntab headers of Go 1.2, 1.16,
 * 1.18 and 1.20 with and without a section, and malformed ones; the Go
 * build ID note and the verdicts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "go/gofacts.h"
#include "model/object.h"
#include "elfbuild.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Helpers ---------------------------------------------------------------- */

static const uint8_t sent_start[16] = {
	0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02,
	0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6,
};
static const uint8_t sent_end[16] = {
	0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72,
	0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2,
};

static void put_uvarint(eb_buf *b, uint64_t v)
{
	while (v >= 0x80) {
		eb_buf_u8(b, (uint8_t)(v | 0x80));
		v >>= 7;
	}
	eb_buf_u8(b, (uint8_t)v);
}

/* The module info as the linker frames it: sentinel, text, sentinel. */
static void framed(eb_buf *b, const char *text)
{
	eb_buf_add(b, sent_start, 16);
	eb_buf_add(b, text, strlen(text));
	eb_buf_add(b, sent_end, 16);
}

/* The 32-byte header; flags 0x2 for inline strings, 0x1 big-endian. */
static void bi_header(eb_buf *b, uint8_t ps, uint8_t flags)
{
	eb_buf_add(b, "\xff Go buildinf:", 14);
	eb_buf_u8(b, ps);
	eb_buf_u8(b, flags);
	eb_buf_zero(b, 16);
}

/* A Go 1.18+ blob: header, uvarint-prefixed version and module info. */
static void bi_inline(eb_buf *b, int order, uint8_t ps, const char *vers,
		      const char *modtext)
{
	eb_buf mod = { 0 };

	bi_header(b, ps, (uint8_t)(0x2 | (order == LS_BE ? 1 : 0)));
	put_uvarint(b, strlen(vers));
	eb_buf_add(b, vers, strlen(vers));
	if (modtext)
		framed(&mod, modtext);
	put_uvarint(b, mod.n);
	eb_buf_add(b, mod.p, mod.n);
	eb_buf_free(&mod);
}

typedef struct img {
	elfb b;
	uint8_t *p;
	size_t n;
	ls_object o;
	bool opened;
} img;

static void img_init(img *m, uint8_t cls, int order, uint16_t type)
{
	memset(m, 0, sizeof *m);
	eb_init(&m->b, cls, order, cls == ELFCLASS64 ? EM_X86_64 : EM_386,
		type);
}

static void img_finish(img *m)
{
	m->p = eb_finish(&m->b, &m->n);
}

static void img_open(img *m)
{
	ls_diag d = { 0 };
	if (ls_object_open(&m->o, (ls_bytes){ m->p, m->n }, 0, &d) != 0)
		fail_msg("open: %s at 0x%llx", d.msg,
			 (unsigned long long)d.offset);
	m->opened = true;
}

static void img_free(img *m)
{
	if (m->opened)
		ls_object_close(&m->o);
	free(m->p);
	eb_free(&m->b);
}

/* Rewrites program header i of the finished image. */
static void patch_ph(img *m, uint32_t i, uint64_t off, uint64_t vaddr,
		     uint64_t filesz)
{
	uint64_t h = m->b.phoff + i * m->b.phentsize;
	int o = m->b.order;
	if (m->b.elfclass == ELFCLASS64) {
		eb_put64(m->p, h + 8, o, off);
		eb_put64(m->p, h + 16, o, vaddr);
		eb_put64(m->p, h + 32, o, filesz);
		eb_put64(m->p, h + 40, o, filesz);
	} else {
		eb_put32(m->p, h + 4, o, (uint32_t)off);
		eb_put32(m->p, h + 8, o, (uint32_t)vaddr);
		eb_put32(m->p, h + 16, o, (uint32_t)filesz);
		eb_put32(m->p, h + 20, o, (uint32_t)filesz);
	}
}

/* Drops the section headers of the finished image (e_shoff, e_shnum,
 * e_shstrndx = 0), as a stripper of section headers would. */
static void drop_shdrs(img *m)
{
	eb_putword(m->p, eb_ehdr_off(&m->b, EB_E_SHOFF), m->b.order,
		   m->b.wordsize, 0);
	eb_put16(m->p, eb_ehdr_off(&m->b, EB_E_SHNUM), m->b.order, 0);
	eb_put16(m->p, eb_ehdr_off(&m->b, EB_E_SHSTRNDX), m->b.order, 0);
}

/* An image with one .go.buildinfo section holding blob. */
static void bi_image(img *m, uint8_t cls, int order, const eb_buf *blob)
{
	img_init(m, cls, order, ET_EXEC);
	uint32_t s = eb_add_data(&m->b, ".go.buildinfo", SHT_PROGBITS,
				 SHF_ALLOC | SHF_WRITE, blob->p, blob->n);
	m->b.sec[s].addr = 0x500000;
	img_finish(m);
	img_open(m);
}

static void read_ok(img *m, ls_gobuildinfo *bi)
{
	ls_diag d = { 0 };
	if (ls_gobuildinfo_read(&m->o, bi, &d) != 0)
		fail_msg("buildinfo: %s at 0x%llx", d.msg,
			 (unsigned long long)d.offset);
	assert_true(bi->present);
}

/* Build info: inline --------------------------------------------------- */

static const char modtext[] =
	"path\texample.com/app\n"
	"mod\texample.com/app\t(devel)\t\n"
	"dep\texample.com/a\tv1.0.0\th1:aaa=\n"
	"dep\texample.com/b\tv1.0.0\n"
	"=>\t../b\t\t\n"
	"dep\texample.com/c\tv1.2.0\n"
	"=>\texample.com/c\tv1.3.0\th1:ccc=\n"
	"build\t-buildmode=exe\n"
	"build\t-compiler=gc\n"
	"build\t-ldflags=\"-s -w -X main.v=1\"\n"
	"build\tCGO_ENABLED=0\n"
	"build\tGOARCH=amd64\n";

static void check_modinfo(const ls_gobuildinfo *bi)
{
	assert_string_equal(bi->go_version, "go1.22.1");
	assert_string_equal(bi->path, "example.com/app");
	assert_non_null(bi->main);
	assert_string_equal(bi->main->path, "example.com/app");
	assert_string_equal(bi->main->version, "(devel)");
	assert_string_equal(bi->main->sum, "");
	assert_null(bi->main->replace);
	assert_int_equal(bi->ndeps, 3);
	assert_string_equal(bi->deps[0].path, "example.com/a");
	assert_string_equal(bi->deps[0].sum, "h1:aaa=");
	assert_null(bi->deps[0].replace);
	assert_string_equal(bi->deps[1].version, "v1.0.0");
	assert_string_equal(bi->deps[1].sum, "");
	assert_non_null(bi->deps[1].replace);
	assert_string_equal(bi->deps[1].replace->path, "../b");
	assert_string_equal(bi->deps[1].replace->version, "");
	assert_string_equal(bi->deps[2].replace->version, "v1.3.0");
	assert_string_equal(bi->deps[2].replace->sum, "h1:ccc=");
	assert_int_equal(bi->nsettings, 5);
	assert_string_equal(bi->settings[0].key, "-buildmode");
	assert_string_equal(bi->settings[2].key, "-ldflags");
	assert_string_equal(bi->settings[2].value, "-s -w -X main.v=1");
	assert_string_equal(ls_gobuildinfo_setting(bi, "GOARCH"), "amd64");
	assert_null(ls_gobuildinfo_setting(bi, "GOOS"));
}

static void inline_case(uint8_t cls, int order)
{
	eb_buf blob = { 0 };
	img m;
	ls_gobuildinfo bi;

	bi_inline(&blob, order, cls == ELFCLASS64 ? 8 : 4, "go1.22.1",
		  modtext);
	bi_image(&m, cls, order, &blob);
	read_ok(&m, &bi);
	check_modinfo(&bi);
	assert_int_equal(bi.offset, m.b.sec[1].file_off);
	ls_gobuildinfo_free(&bi);
	assert_null(bi.arena);
	img_free(&m);
	eb_buf_free(&blob);
}

static void test_bi_inline_le64(void **state)
{
	(void)state;
	inline_case(ELFCLASS64, LS_LE);
}

static void test_bi_inline_be32(void **state)
{
	(void)state;
	inline_case(ELFCLASS32, LS_BE);
}

/* Build info: Go 1.13-1.17 pointers ------------------------------------ */

/*
 * .go.buildinfo holds the header with two pointers; .data holds two Go
 * string headers {ptr, len} and the bytes.  One PT_LOAD maps the file from
 * .go.buildinfo on at 0x400000, so vaddr = 0x400000 + (off - bi_off).
 */
static void ptr_case(uint8_t cls, int order)
{
	int ps = cls == ELFCLASS64 ? 8 : 4;
	eb_buf blob = { 0 }, data = { 0 }, mod = { 0 };
	img m;
	ls_gobuildinfo bi;
	const uint64_t base = 0x400000;

	bi_header(&blob, (uint8_t)ps, order == LS_BE ? 1 : 0);
	framed(&mod, modtext);
	/* data: hdr(vers) hdr(mod) "go1.22.1" mod */
	eb_buf_zero(&data, 4 * (size_t)ps);
	eb_buf_add(&data, "go1.22.1", 8);
	eb_buf_add(&data, mod.p, mod.n);

	img_init(&m, cls, order, ET_EXEC);
	uint32_t sb = eb_add_data(&m.b, ".go.buildinfo", SHT_PROGBITS,
				  SHF_ALLOC | SHF_WRITE, blob.p, blob.n);
	uint32_t sd = eb_add_data(&m.b, ".data", SHT_PROGBITS,
				  SHF_ALLOC | SHF_WRITE, data.p, data.n);
	eb_add_ph(&m.b, PT_LOAD, PF_R | PF_W, 0, 0, 0, 0);
	img_finish(&m);
	uint64_t bo = m.b.sec[sb].file_off, dof = m.b.sec[sd].file_off;
	uint64_t dva = base + (dof - bo);
	patch_ph(&m, 0, bo, base, m.n - bo);
	eb_putword(m.p, bo + 16, order, ps, dva);
	eb_putword(m.p, bo + 16 + ps, order, ps, dva + 2 * ps);
	eb_putword(m.p, dof, order, ps, dva + 4 * ps);
	eb_putword(m.p, dof + ps, order, ps, 8);
	eb_putword(m.p, dof + 2 * ps, order, ps, dva + 4 * ps + 8);
	eb_putword(m.p, dof + 3 * ps, order, ps, mod.n);
	img_open(&m);

	read_ok(&m, &bi);
	check_modinfo(&bi);
	ls_gobuildinfo_free(&bi);

	/* A pointer outside every segment: version unreadable, no error. */
	eb_putword(m.p, bo + 16, order, ps, 0x10);
	read_ok(&m, &bi);
	assert_null(bi.go_version);
	assert_int_equal(bi.ndeps, 3);
	ls_gobuildinfo_free(&bi);

	/* A string length past the segment: unreadable too. */
	eb_putword(m.p, bo + 16, order, ps, dva);
	eb_putword(m.p, dof + 3 * ps, order, ps, (uint64_t)m.n);
	read_ok(&m, &bi);
	assert_string_equal(bi.go_version, "go1.22.1");
	assert_null(bi.path);
	assert_int_equal(bi.nsettings, 0);
	ls_gobuildinfo_free(&bi);

	/* Pointer size 3 is malformed. */
	m.p[bo + 14] = 3;
	ls_diag d = { 0 };
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), -1);
	assert_diag(&d, bo + 14, "pointer size 3");
	ls_gobuildinfo_free(&bi);

	img_free(&m);
	eb_buf_free(&blob);
	eb_buf_free(&data);
	eb_buf_free(&mod);
}

static void test_bi_pointers_le64(void **state)
{
	(void)state;
	ptr_case(ELFCLASS64, LS_LE);
}

static void test_bi_pointers_be32(void **state)
{
	(void)state;
	ptr_case(ELFCLASS32, LS_BE);
}

/* Build info: finding it ------------------------------------------------ */

/* Without section headers: the first writable, non-executable PT_LOAD,
 * magic 16-aligned by address. */
static void test_bi_no_sections(void **state)
{
	(void)state;
	eb_buf blob = { 0 };
	img m;
	ls_gobuildinfo bi;

	bi_inline(&blob, LS_LE, 8, "go1.22.1", modtext);
	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	uint32_t s = eb_add_data(&m.b, ".go.buildinfo", SHT_PROGBITS,
				 SHF_ALLOC | SHF_WRITE, blob.p, blob.n);
	eb_add_ph(&m.b, PT_LOAD, PF_R | PF_X, 0, 0, 0, 0);
	eb_add_ph(&m.b, PT_LOAD, PF_R | PF_W, 0, 0, 0, 0);
	img_finish(&m);
	uint64_t off = m.b.sec[s].file_off;
	/* The executable segment also holds the bytes: it is not searched. */
	patch_ph(&m, 0, 0, 0x400000, m.n);
	patch_ph(&m, 1, off, 0x600000, m.n - off);
	drop_shdrs(&m);
	img_open(&m);
	assert_int_equal(m.o.shnum, 0);
	read_ok(&m, &bi);
	check_modinfo(&bi);
	assert_int_equal(bi.offset, off);
	ls_gobuildinfo_free(&bi);

	/* The same bytes at an address that is not 16-aligned: not found. */
	patch_ph(&m, 1, off, 0x600008, m.n - off);
	ls_object_close(&m.o);
	img_open(&m);
	ls_diag d = { 0 };
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), 0);
	assert_false(bi.present);

	img_free(&m);
	eb_buf_free(&blob);
}

/* A file with section headers but no .go.buildinfo is not searched. */
static void test_bi_sections_but_none(void **state)
{
	(void)state;
	eb_buf blob = { 0 };
	img m;
	ls_gobuildinfo bi;
	ls_diag d = { 0 };

	bi_inline(&blob, LS_LE, 8, "go1.22.1", modtext);
	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	eb_add_data(&m.b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
		    blob.p, blob.n);
	eb_add_ph(&m.b, PT_LOAD, PF_R | PF_W, 0, 0x400000, 0, 0);
	img_finish(&m);
	patch_ph(&m, 0, 0, 0x400000, m.n);
	img_open(&m);
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), 0);
	assert_false(bi.present);
	img_free(&m);
	eb_buf_free(&blob);
}

/* Build info: sentinels, quoting, malformed ------------------------------ */

/* Reads an inline blob with the given raw module info bytes (already
 * framed or not).  Returns the reader's result. */
static int read_raw_mod(const void *mod, size_t n, ls_gobuildinfo *bi,
			ls_diag *d, uint64_t *mod_off)
{
	eb_buf blob = { 0 };
	img m;

	bi_header(&blob, 8, 0x2);
	put_uvarint(&blob, 6);
	eb_buf_add(&blob, "go1.26", 6);
	put_uvarint(&blob, n);
	size_t at = blob.n;
	eb_buf_add(&blob, mod, n);
	bi_image(&m, ELFCLASS64, LS_LE, &blob);
	if (mod_off)
		*mod_off = m.b.sec[1].file_off + at;
	int r = ls_gobuildinfo_read(&m.o, bi, d);
	/* Strings live in the arena, not in the image: free the image. */
	img_free(&m);
	eb_buf_free(&blob);
	return r;
}

static int read_mod(const char *text, ls_gobuildinfo *bi, ls_diag *d,
		    uint64_t *line0)
{
	eb_buf mod = { 0 };
	uint64_t off;
	framed(&mod, text);
	int r = read_raw_mod(mod.p, mod.n, bi, d, &off);
	if (line0)
		*line0 = off + 16;
	eb_buf_free(&mod);
	return r;
}

static void test_bi_sentinels(void **state)
{
	(void)state;
	ls_gobuildinfo bi;
	ls_diag d = { 0 };
	eb_buf mod = { 0 };

	/* Not framed (byte len-17 is not '\n'): module info ignored. */
	eb_buf_add(&mod, "path\tx\n", 7);
	eb_buf_zero(&mod, 40);
	assert_int_equal(read_raw_mod(mod.p, mod.n, &bi, &d, NULL), 0);
	assert_string_equal(bi.go_version, "go1.26");
	assert_null(bi.path);
	ls_gobuildinfo_free(&bi);
	eb_buf_free(&mod);

	/* Shorter than 33 bytes: ignored. */
	assert_int_equal(read_raw_mod("path\tx\n", 7, &bi, &d, NULL), 0);
	assert_null(bi.path);
	ls_gobuildinfo_free(&bi);

	/* Framed but empty text is 32 bytes: ignored; one '\n' is enough. */
	assert_int_equal(read_mod("\n", &bi, &d, NULL), 0);
	assert_int_equal(bi.nsettings, 0);
	ls_gobuildinfo_free(&bi);

	/* Text not ending in '\n' fails the frame check: all ignored. */
	assert_int_equal(read_mod("path\tp\nbuild\tA=1\nbuild\tB=2", &bi, &d,
				  NULL), 0);
	assert_null(bi.path);
	assert_int_equal(bi.nsettings, 0);
	ls_gobuildinfo_free(&bi);

	/* Unknown lines are ignored. */
	assert_int_equal(read_mod("go\tgo1.2\nfoo\tbar\nbuild\tA=1\n", &bi,
				  &d, NULL), 0);
	assert_int_equal(bi.nsettings, 1);
	ls_gobuildinfo_free(&bi);
}

static void test_bi_quoting(void **state)
{
	(void)state;
	ls_gobuildinfo bi;
	ls_diag d = { 0 };
	static const char text[] =
		"build\t\"key with space\"=plain\n"
		"build\t`raw\tkey`=`raw\r value`\n"
		"build\tesc=\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"\n"
		"build\thex=\"\\x41\\101\\u00e9\\U0001F600\"\n"
		"build\tbad8=\"\xff\\x41\"\n"
		"build\tfast8=\"\xc3\xa9\"\n"
		"build\tempty=\n"
		"build\t\"k=eq\"=\"\"\n"
		"build\thigh=\"\\xff\"\n";

	assert_int_equal(read_mod(text, &bi, &d, NULL), 0);
	assert_int_equal(bi.nsettings, 9);
	assert_string_equal(bi.settings[0].key, "key with space");
	assert_string_equal(bi.settings[0].value, "plain");
	assert_string_equal(bi.settings[1].key, "raw\tkey");
	assert_string_equal(bi.settings[1].value, "raw value");
	assert_string_equal(bi.settings[2].value, "\a\b\f\n\r\t\v\\\"");
	assert_string_equal(bi.settings[3].value,
			    "AA\xc3\xa9\xf0\x9f\x98\x80");
	/* An invalid byte in an escaped string becomes U+FFFD. */
	assert_string_equal(bi.settings[4].value, "\xef\xbf\xbd" "A");
	assert_string_equal(bi.settings[5].value, "\xc3\xa9");
	assert_string_equal(bi.settings[6].value, "");
	assert_string_equal(bi.settings[7].key, "k=eq");
	assert_string_equal(bi.settings[7].value, "");
	/* \xff is a byte, not a rune. */
	assert_string_equal(bi.settings[8].value, "\xff");
	ls_gobuildinfo_free(&bi);
}

static void expect_line_error(const char *text, size_t line_off,
			      const char *want)
{
	ls_gobuildinfo bi;
	ls_diag d = { 0 };
	uint64_t line0;

	assert_int_equal(read_mod(text, &bi, &d, &line0), -1);
	assert_diag(&d, line0 + line_off, want);
	ls_gobuildinfo_free(&bi);
}

static void test_bi_malformed_lines(void **state)
{
	(void)state;
	expect_line_error("build\tk=a b\n", 0, "line 1: unquoted value");
	expect_line_error("path\tp\nbuild\t=x\n", 7, "line 2: build line with missing key");
	expect_line_error("build\tnoeq\n", 0, "missing '=' after key");
	expect_line_error("build\t\n", 0, "build line missing '='");
	expect_line_error("build\t\"k\"x\n", 0, "unexpected character after quoted key");
	expect_line_error("build\t\"k\"\n", 0, "missing '=' after quoted key");
	expect_line_error("build\t\"k\n", 0, "invalid quoted key");
	expect_line_error("build\tk=\"abc\n", 0, "invalid quoted value");
	expect_line_error("build\tk=\"a\"b\n", 0, "invalid quoted value");
	expect_line_error("build\tk=\"\\q\"\n", 0, "invalid quoted value");
	expect_line_error("build\tk=\"\\uD800\"\n", 0, "invalid quoted value");
	expect_line_error("build\tk=\"\\x4\"\n", 0, "invalid quoted value");
	expect_line_error("build\tk=\"\\400\"\n", 0, "invalid quoted value");
	expect_line_error("build\tk=\"\\'\"\n", 0, "invalid quoted value");
	expect_line_error("build\tk`=v\n", 0, "unquoted key must be quoted");
	expect_line_error("=>\ta\tb\tc\n", 0, "replacement with no module");
	expect_line_error("dep\ta\tv\n=>\ta\tb\n", 8, "expected 3 columns");
	expect_line_error("dep\ta\n", 0, "expected 2 or 3 columns");
	expect_line_error("mod\ta\tb\tc\td\n", 0, "expected 2 or 3 columns");
	/* A replacement ends the module: a second one has nothing to replace. */
	expect_line_error("dep\ta\tv\n=>\tb\tv\t\n=>\tc\tv\t\n", 16,
			  "replacement with no module");
}

static void test_bi_truncated(void **state)
{
	(void)state;
	eb_buf blob = { 0 };
	img m;
	ls_gobuildinfo bi;
	ls_diag d = { 0 };

	/* Module info length past the section. */
	bi_header(&blob, 8, 0x2);
	put_uvarint(&blob, 6);
	eb_buf_add(&blob, "go1.26", 6);
	put_uvarint(&blob, 1000);
	eb_buf_add(&blob, "abc", 3);
	bi_image(&m, ELFCLASS64, LS_LE, &blob);
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), -1);
	assert_diag(&d, m.b.sec[1].file_off + 39, "module info (1000 bytes) extends past");
	ls_gobuildinfo_free(&bi);
	img_free(&m);
	eb_buf_free(&blob);

	/* A varint that never ends. */
	bi_header(&blob, 8, 0x2);
	eb_buf_add(&blob, "\xff\xff\xff", 3);
	bi_image(&m, ELFCLASS64, LS_LE, &blob);
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), -1);
	assert_diag(&d, m.b.sec[1].file_off + 32, "version length truncated");
	ls_gobuildinfo_free(&bi);
	img_free(&m);
	eb_buf_free(&blob);

	/* An 11-byte varint overflows. */
	bi_header(&blob, 8, 0x2);
	eb_buf_add(&blob, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10);
	bi_image(&m, ELFCLASS64, LS_LE, &blob);
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), -1);
	assert_diag(&d, m.b.sec[1].file_off + 32, "overlong");
	ls_gobuildinfo_free(&bi);
	img_free(&m);
	eb_buf_free(&blob);

	/* Header cut short: magic and 8 bytes. */
	eb_buf_add(&blob, "\xff Go buildinf:\x08\x02\0\0\0\0\0\0", 22);
	bi_image(&m, ELFCLASS64, LS_LE, &blob);
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), -1);
	assert_diag(&d, m.b.sec[1].file_off, "header truncated");
	ls_gobuildinfo_free(&bi);
	img_free(&m);
	eb_buf_free(&blob);

	/* An empty version: present, version unreadable. */
	bi_inline(&blob, LS_LE, 8, "", "build\tA=1\n");
	bi_image(&m, ELFCLASS64, LS_LE, &blob);
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), 0);
	assert_true(bi.present);
	assert_null(bi.go_version);
	assert_int_equal(bi.nsettings, 1);
	ls_gobuildinfo_free(&bi);
	img_free(&m);
	eb_buf_free(&blob);
}

/* A NOBITS .go.buildinfo has no bytes: absent. */
static void test_bi_nobits(void **state)
{
	(void)state;
	img m;
	ls_gobuildinfo bi;
	ls_diag d = { 0 };

	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	eb_add_nobits(&m.b, ".go.buildinfo", SHF_ALLOC | SHF_WRITE, 64);
	img_finish(&m);
	img_open(&m);
	assert_int_equal(ls_gobuildinfo_read(&m.o, &bi, &d), 0);
	assert_false(bi.present);
	img_free(&m);
}

/* pclntab ---------------------------------------------------------------- */

static const char *const fnames[] = { "runtime.text", "_rt0_amd64_linux",
				      "main.main", "crosscall2" };
enum { NF = 4 };
static const uint32_t fentry[NF + 1] = { 0x0, 0x40, 0x100, 0x180, 0x200 };

static void put_word(eb_buf *b, int order, int ps, uint64_t v)
{
	if (ps == 8)
		eb_buf_u64(b, order, v);
	else
		eb_buf_u32(b, order, (uint32_t)v);
}

/*
 * A pclntab of version ver (12, 116, 118, 120) with the NF functions
 * above, entries text + fentry[i].  Layout as the linker writes it.
 */
static void pcln_build(eb_buf *b, int ver, int order, int ps, uint64_t text,
		       uint64_t text_word)
{
	uint32_t magic = ver == 12 ? 0xfffffffb : ver == 116 ? 0xfffffffa
			 : ver == 118 ? 0xfffffff0 : 0xfffffff1;
	eb_buf names = { 0 };
	uint32_t nameoff[NF];
	int fs = ver >= 118 ? 4 : ps;

	eb_buf_u32(b, order, magic);
	eb_buf_u8(b, 0);
	eb_buf_u8(b, 0);
	eb_buf_u8(b, 1);
	eb_buf_u8(b, (uint8_t)ps);

	if (ver == 12) {
		/* nfunc; functab (pc, funcoff) words; filetab u32; _funcs;
		 * names: all offsets from the table's start. */
		uint64_t hdr = 8 + ps;
		uint64_t ft = (uint64_t)(2 * NF + 1) * ps;
		uint64_t funcs = hdr + ft + 4;
		uint64_t fsz = (uint64_t)ps + 4;
		uint64_t nm = funcs + NF * fsz;
		for (int i = 0; i < NF; i++)
			nameoff[i] = (uint32_t)(nm + eb_buf_str(&names, fnames[i]));
		put_word(b, order, ps, NF);
		for (int i = 0; i < NF; i++) {
			put_word(b, order, ps, text + fentry[i]);
			put_word(b, order, ps, funcs + i * fsz);
		}
		put_word(b, order, ps, text + fentry[NF]);
		eb_buf_u32(b, order, 0);
		for (int i = 0; i < NF; i++) {
			put_word(b, order, ps, text + fentry[i]);
			eb_buf_u32(b, order, nameoff[i]);
		}
		eb_buf_add(b, names.p, names.n);
		eb_buf_free(&names);
		return;
	}
	for (int i = 0; i < NF; i++)
		nameoff[i] = eb_buf_str(&names, fnames[i]);
	int nwords = ver >= 118 ? 8 : 7;
	uint64_t hdr = 8 + (uint64_t)nwords * ps;
	uint64_t fn = hdr, cu = fn + names.n, file = cu + 4, pc = file + 4,
		 pcln = pc + 4;
	uint64_t ft = (uint64_t)(2 * NF + 1) * fs;
	uint64_t fsz = (uint64_t)fs + 4;
	put_word(b, order, ps, NF);
	put_word(b, order, ps, 0);
	if (ver >= 118)
		put_word(b, order, ps, text_word);
	put_word(b, order, ps, fn);
	put_word(b, order, ps, cu);
	put_word(b, order, ps, file);
	put_word(b, order, ps, pc);
	put_word(b, order, ps, pcln);
	eb_buf_add(b, names.p, names.n);
	eb_buf_zero(b, 12);	/* cutab, filetab, pctab */
	for (int i = 0; i <= NF; i++) {
		uint64_t e = ver >= 118 ? fentry[i] : text + fentry[i];
		uint64_t fo = i < NF ? ft + i * fsz : 0;
		if (fs == 4) {
			eb_buf_u32(b, order, (uint32_t)e);
			if (i < NF)
				eb_buf_u32(b, order, (uint32_t)fo);
		} else {
			put_word(b, order, ps, e);
			if (i < NF)
				put_word(b, order, ps, fo);
		}
	}
	for (int i = 0; i < NF; i++) {
		if (fs == 4)
			eb_buf_u32(b, order, fentry[i]);
		else
			put_word(b, order, ps, text + fentry[i]);
		eb_buf_u32(b, order, nameoff[i]);
	}
	eb_buf_free(&names);
}

/* An ET_EXEC with .text at text and .gopclntab holding tab. */
static void pcln_image(img *m, uint8_t cls, int order, const eb_buf *tab,
		       const char *secname)
{
	img_init(m, cls, order, ET_EXEC);
	uint32_t s = eb_add_data(&m->b, secname, SHT_PROGBITS, SHF_ALLOC,
				 tab->p, tab->n);
	m->b.sec[s].addr = 0x4d0000;
	img_finish(m);
	img_open(m);
}

static void check_funcs(const ls_pclntab *t, uint64_t text)
{
	ls_diag d = { 0 };
	uint32_t idx;

	assert_int_equal(t->nfunc, NF);
	for (uint32_t i = 0; i < NF; i++) {
		uint64_t e;
		const char *n;
		if (ls_pclntab_func(t, i, &e, &n, &d) != 0)
			fail_msg("func %u: %s", i, d.msg);
		assert_string_equal(n, fnames[i]);
		assert_int_equal(e, text + fentry[i]);
	}
	uint64_t e;
	const char *n;
	assert_int_equal(ls_pclntab_func(t, NF, &e, &n, &d), -1);
	assert_true(strstr(d.msg, "out of range") != NULL);

	assert_int_equal(ls_pclntab_lookup(t, text + 0x41, &idx), 1);
	assert_int_equal(idx, 1);
	assert_int_equal(ls_pclntab_lookup(t, text + 0x1ff, &idx), 1);
	assert_int_equal(idx, 3);
	assert_int_equal(ls_pclntab_lookup(t, text + 0x200, &idx), 0);
	if (text)
		assert_int_equal(ls_pclntab_lookup(t, text - 1, &idx), 0);
	assert_int_equal(ls_pclntab_find_name(t, "main.main", false, &idx), 1);
	assert_int_equal(idx, 2);
	assert_int_equal(ls_pclntab_find_name(t, "_rt0_", true, &idx), 1);
	assert_int_equal(idx, 1);
	assert_int_equal(ls_pclntab_find_name(t, "nope", false, &idx), 0);
}

static void pcln_case(int ver, uint8_t cls, int order)
{
	int ps = cls == ELFCLASS64 ? 8 : 4;
	uint64_t text = 0x401000;
	eb_buf tab = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };

	pcln_build(&tab, ver, order, ps, text, text);
	pcln_image(&m, cls, order, &tab, ".gopclntab");
	if (ls_pclntab_find(&m.o, &t, &d) != 0)
		fail_msg("find v%d: %s at 0x%llx", ver, d.msg,
			 (unsigned long long)d.offset);
	assert_true(t.present);
	assert_int_equal(t.version, ver);
	assert_int_equal(t.ptrsize, ps);
	assert_int_equal(t.quantum, 1);
	assert_int_equal(t.offset, m.b.sec[1].file_off);
	assert_string_equal(t.container, ".gopclntab");
	check_funcs(&t, text);
	img_free(&m);
	eb_buf_free(&tab);
}

static void test_pcln_v12(void **state)
{
	(void)state;
	pcln_case(12, ELFCLASS64, LS_LE);
	pcln_case(12, ELFCLASS32, LS_BE);
}

static void test_pcln_v116(void **state)
{
	(void)state;
	pcln_case(116, ELFCLASS64, LS_LE);
	pcln_case(116, ELFCLASS32, LS_BE);
}

static void test_pcln_v118(void **state)
{
	(void)state;
	pcln_case(118, ELFCLASS64, LS_BE);
	pcln_case(118, ELFCLASS32, LS_LE);
}

static void test_pcln_v120(void **state)
{
	(void)state;
	pcln_case(120, ELFCLASS64, LS_LE);
	pcln_case(120, ELFCLASS32, LS_BE);
}

/* Malformed headers in a .gopclntab: -1 naming the offending offset. */
static void pcln_bad(void (*patch)(eb_buf *tab), uint64_t rel,
		     const char *want)
{
	eb_buf tab = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };

	pcln_build(&tab, 120, LS_LE, 8, 0x401000, 0x401000);
	patch(&tab);
	pcln_image(&m, ELFCLASS64, LS_LE, &tab, ".gopclntab");
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), -1);
	assert_diag(&d, m.b.sec[1].file_off + rel, want);
	assert_false(t.present);
	img_free(&m);
	eb_buf_free(&tab);
}

static void bad_magic(eb_buf *t) { t->p[0] = 0xf5; }
static void bad_pad(eb_buf *t) { t->p[5] = 1; }
static void bad_quantum(eb_buf *t) { t->p[6] = 3; }
static void bad_ptrsize(eb_buf *t) { t->p[7] = 2; }
static void bad_nfunc(eb_buf *t) { eb_put64(t->p, 8, LS_LE, 100000); }
static void huge_nfunc(eb_buf *t) { eb_put64(t->p, 8, LS_LE, 1ull << 40); }
static void bad_order(eb_buf *t) { eb_put64(t->p, 8 + 4 * 8, LS_LE, 0x48 + 1000); }
static void bad_off(eb_buf *t) { eb_put64(t->p, 8 + 7 * 8, LS_LE, 1u << 30); }
static void short_tab(eb_buf *t) { t->n = 20; }

static void test_pcln_malformed(void **state)
{
	(void)state;
	pcln_bad(bad_magic, 0, "bad pclntab magic");
	pcln_bad(bad_pad, 4, "bytes 4-5 not zero");
	pcln_bad(bad_quantum, 6, "quantum");
	pcln_bad(bad_ptrsize, 7, "pointer size");
	pcln_bad(bad_nfunc, 8, "function count exceeds");
	pcln_bad(huge_nfunc, 8, "function count too large");
	pcln_bad(bad_order, 8 + 4 * 8, "out of order");
	pcln_bad(bad_off, 8 + 7 * 8, "outside the table");
	pcln_bad(short_tab, 8, "header truncated");
}

/* A name offset outside the name table fails that function only. */
static void test_pcln_bad_name(void **state)
{
	(void)state;
	eb_buf tab = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };
	uint64_t e;
	const char *n;

	pcln_build(&tab, 120, LS_LE, 8, 0x401000, 0x401000);
	/* _func 2's nameoff: pcln + functab + 2 * 8 + 4; pcln follows the
	 * header, the names and 12 bytes of cutab/filetab/pctab. */
	uint64_t pcln = 0x48 + 12, f2;
	for (int i = 0; i < NF; i++)
		pcln += strlen(fnames[i]) + 1;
	f2 = pcln + 9 * 4 + 2 * 8;
	eb_put32(tab.p, f2 + 4, LS_LE, 0x7fffff00);
	/* _func 3's funcoff in the functab points past the table */
	eb_put32(tab.p, pcln + 3 * 8 + 4, LS_LE, 0x10000);
	pcln_image(&m, ELFCLASS64, LS_LE, &tab, ".gopclntab");
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_int_equal(ls_pclntab_func(&t, 1, &e, &n, &d), 0);
	assert_int_equal(ls_pclntab_func(&t, 2, &e, &n, &d), -1);
	assert_diag(&d, m.b.sec[1].file_off + f2 + 4, "name offset 0x7fffff00");
	assert_null(n);
	assert_int_equal(ls_pclntab_func(&t, 3, &e, &n, &d), -1);
	assert_true(strstr(d.msg, "_func outside the table") != NULL);
	img_free(&m);
	eb_buf_free(&tab);
}

/* Merged into .data.rel.ro (external PIE, c-shared): found by scanning,
 * with decoys before it (a magic without the zero bytes, a magic with a
 * bad header). */
static void test_pcln_scan_section(void **state)
{
	(void)state;
	eb_buf tab = { 0 }, data = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };

	eb_buf_add(&data, "\xf1\xff\xff\xff\x01\x00\x01\x08", 8);
	eb_buf_add(&data, "\xf1\xff\xff\xff\x00\x00\x03\x08", 8);
	eb_buf_add(&data, "\xf1\xff\xff\xff\x00\x00\x01\x08\xff\xff", 10);
	eb_buf_zero(&data, 6);
	size_t at = data.n;
	pcln_build(&tab, 120, LS_LE, 8, 0x2000, 0x2000);
	eb_buf_add(&data, tab.p, tab.n);
	eb_buf_zero(&data, 64);
	pcln_image(&m, ELFCLASS64, LS_LE, &data, ".data.rel.ro");
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_true(t.present);
	assert_string_equal(t.container, ".data.rel.ro");
	assert_int_equal(t.offset, m.b.sec[1].file_off + at);
	assert_int_equal(t.vaddr, 0x4d0000 + at);
	assert_string_equal(t.text_source, "header");
	check_funcs(&t, 0x2000);
	img_free(&m);

	/* Big-endian 1.16 in a 32-bit object, unaligned. */
	eb_buf_free(&data);
	eb_buf_free(&tab);
	eb_buf_zero(&data, 3);
	pcln_build(&tab, 116, LS_BE, 4, 0x10000, 0);
	eb_buf_add(&data, tab.p, tab.n);
	pcln_image(&m, ELFCLASS32, LS_BE, &data, ".rodata");
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_true(t.present);
	assert_int_equal(t.version, 116);
	check_funcs(&t, 0x10000);
	img_free(&m);
	eb_buf_free(&data);
	eb_buf_free(&tab);
}

/*
 * Section-less: found in a PT_LOAD; text_start from moduledata (the
 * header's word is 0, as Go 1.2x writes it): {pcHeader, funcnametab.ptr,
 * ..., minpc at word 20, text at word 22} in a writable segment.
 */
static void test_pcln_no_sections_moduledata(void **state)
{
	(void)state;
	eb_buf tab = { 0 }, md = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };
	const uint64_t text = 0x401000, rbase = 0x4d0000, wbase = 0x600000;

	pcln_build(&tab, 120, LS_LE, 8, text, 0);
	eb_buf_zero(&md, 8);	/* a decoy word before */
	eb_buf_zero(&md, 24 * 8);
	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	uint32_t sr = eb_add_data(&m.b, ".gopclntab", SHT_PROGBITS, SHF_ALLOC,
				  tab.p, tab.n);
	uint32_t sw = eb_add_data(&m.b, ".go.module", SHT_PROGBITS,
				  SHF_ALLOC | SHF_WRITE, md.p, md.n);
	eb_add_ph(&m.b, PT_LOAD, PF_R, 0, 0, 0, 0);
	eb_add_ph(&m.b, PT_LOAD, PF_R | PF_W, 0, 0, 0, 0);
	img_finish(&m);
	uint64_t ro = m.b.sec[sr].file_off, wo = m.b.sec[sw].file_off;
	patch_ph(&m, 0, ro, rbase, tab.n);
	patch_ph(&m, 1, wo, wbase, md.n);
	uint64_t mdo = wo + 8;
	eb_put64(m.p, wo, LS_LE, rbase);	/* decoy: w1 wrong */
	eb_put64(m.p, mdo, LS_LE, rbase);
	eb_put64(m.p, mdo + 8, LS_LE, rbase + 0x48);
	eb_put64(m.p, mdo + 20 * 8, LS_LE, text + fentry[0]);
	eb_put64(m.p, mdo + 22 * 8, LS_LE, text);
	drop_shdrs(&m);
	img_open(&m);
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_true(t.present);
	assert_string_equal(t.container, "PT_LOAD");
	assert_int_equal(t.vaddr, rbase);
	assert_string_equal(t.text_source, "moduledata");
	assert_int_equal(t.text_start, text);
	check_funcs(&t, text);
	img_free(&m);
	eb_buf_free(&tab);
	eb_buf_free(&md);
}

/* Without header word and moduledata: runtime.text from .symtab, else 0
 * (entries stay offsets). */
static void test_pcln_text_from_symtab(void **state)
{
	(void)state;
	eb_buf tab = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };

	pcln_build(&tab, 120, LS_LE, 8, 0, 0);
	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	uint32_t tx = eb_add_data(&m.b, ".text", SHT_PROGBITS,
				  SHF_ALLOC | SHF_EXECINSTR, "\0\0\0\0", 4);
	eb_add_data(&m.b, ".gopclntab", SHT_PROGBITS, SHF_ALLOC, tab.p, tab.n);
	uint32_t st = eb_add_symtab(&m.b, ".symtab", SHT_SYMTAB, ".strtab");
	eb_sym(&m.b, st, "runtime.text", 0x401000, 0, STB_LOCAL, STT_FUNC, 0,
	       (uint16_t)tx);
	img_finish(&m);
	img_open(&m);
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_string_equal(t.text_source, "symtab runtime.text");
	check_funcs(&t, 0x401000);
	img_free(&m);
	eb_buf_free(&tab);

	pcln_build(&tab, 120, LS_LE, 8, 0, 0);
	pcln_image(&m, ELFCLASS64, LS_LE, &tab, ".gopclntab");
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_null(t.text_source);
	check_funcs(&t, 0);
	img_free(&m);
	eb_buf_free(&tab);
}

/* Random bytes in read-only data are not a pclntab. */
static void test_pcln_absent(void **state)
{
	(void)state;
	eb_buf data = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };
	uint32_t x = 12345;

	for (int i = 0; i < 4096; i++) {
		x = x * 1103515245 + 12345;
		eb_buf_u8(&data, (uint8_t)(x >> 16));
		if (i % 512 == 0)
			eb_buf_add(&data, "\xf1\xff\xff\xff\x00\x00\x01\x08", 8);
	}
	pcln_image(&m, ELFCLASS64, LS_LE, &data, ".rodata");
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_false(t.present);
	img_free(&m);
	eb_buf_free(&data);
}

/*
 * Twenty section headers over the same 4 KiB of zeros before the section
 * that holds a table: the scan reads at most twice the file's size in all,
 * so the copies use the budget up and the table is not reached (a hostile
 * file buys nothing with repeated headers); with one header it is found.
 */
static void test_pcln_overlapping_sections(void **state)
{
	(void)state;
	eb_buf tab = { 0 }, data = { 0 };
	img m;
	ls_pclntab t;
	ls_diag d = { 0 };

	eb_buf_zero(&data, 4096);
	pcln_build(&tab, 120, LS_LE, 8, 0x401000, 0x401000);
	eb_buf_add(&data, tab.p, tab.n);
	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	for (int i = 0; i < 20; i++) {
		uint32_t s = eb_add(&m.b, ".rodata", SHT_PROGBITS, SHF_ALLOC);
		m.b.sec[s].set_size = true;
		m.b.sec[s].size = 4096;	/* the zeros before the table */
	}
	uint32_t real = eb_add_data(&m.b, ".rodata", SHT_PROGBITS, SHF_ALLOC,
				    data.p, data.n);
	img_finish(&m);
	for (uint32_t s = 1; s < real; s++)
		eb_putword(m.p, eb_shdr_field(&m.b, s, EB_SH_OFFSET), LS_LE, 8,
			   m.b.sec[real].file_off);
	img_open(&m);
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_false(t.present);
	img_free(&m);

	pcln_image(&m, ELFCLASS64, LS_LE, &data, ".rodata");
	assert_int_equal(ls_pclntab_find(&m.o, &t, &d), 0);
	assert_true(t.present);
	assert_int_equal(t.offset, m.b.sec[1].file_off + 4096);
	img_free(&m);
	eb_buf_free(&tab);
	eb_buf_free(&data);
}

/* gofacts ---------------------------------------------------------------- */

static void go_note_bytes(eb_buf *b, int order, const char *id)
{
	eb_buf_u32(b, order, 4);
	eb_buf_u32(b, order, (uint32_t)strlen(id));
	eb_buf_u32(b, order, 4);
	eb_buf_add(b, "Go\0\0", 4);
	eb_buf_add(b, id, strlen(id));
	while (b->n % 4)
		eb_buf_u8(b, 0);
}

/*
 * A small Go-looking executable: .note.go.buildid, .text, .gopclntab
 * (1.20, textStart in the header), .go.buildinfo with settings, .symtab
 * with the entry symbol; entry at text + fentry[1] (_rt0_amd64_linux).
 */
static void go_exe(img *m, const char *settings, const char *entry_sym,
		   bool symtab)
{
	eb_buf tab = { 0 }, blob = { 0 }, note = { 0 };
	const uint64_t text = 0x401000;

	pcln_build(&tab, 120, LS_LE, 8, text, text);
	bi_inline(&blob, LS_LE, 8, "go1.26.8", settings);
	go_note_bytes(&note, LS_LE, "abc/def");
	img_init(m, ELFCLASS64, LS_LE, ET_EXEC);
	m->b.entry = text + fentry[1];
	uint32_t n = eb_add_data(&m->b, ".note.go.buildid", SHT_NOTE,
				 SHF_ALLOC, note.p, note.n);
	m->b.sec[n].align = 4;
	uint32_t tx = eb_add_data(&m->b, ".text", SHT_PROGBITS,
				  SHF_ALLOC | SHF_EXECINSTR, "\0\0\0\0", 4);
	m->b.sec[tx].addr = text;
	eb_add_data(&m->b, ".gopclntab", SHT_PROGBITS, SHF_ALLOC, tab.p,
		    tab.n);
	uint32_t s = eb_add_data(&m->b, ".go.buildinfo", SHT_PROGBITS,
				 SHF_ALLOC | SHF_WRITE, blob.p, blob.n);
	m->b.sec[s].addr = 0x500000;
	if (symtab) {
		uint32_t st = eb_add_symtab(&m->b, ".symtab", SHT_SYMTAB,
					    ".strtab");
		eb_sym(&m->b, st, entry_sym, m->b.entry, 0, STB_GLOBAL,
		       STT_FUNC, 0, (uint16_t)tx);
	}
	img_finish(m);
	img_open(m);
	eb_buf_free(&tab);
	eb_buf_free(&blob);
	eb_buf_free(&note);
}

static void facts_ok(img *m, ls_gofacts *f)
{
	ls_diag d = { 0 };
	if (ls_gofacts_read(&m->o, f, &d) != 0)
		fail_msg("gofacts: %s at 0x%llx", d.msg,
			 (unsigned long long)d.offset);
	assert_true(f->is_go);
}

static void test_facts_internal(void **state)
{
	(void)state;
	img m;
	ls_gofacts f;

	go_exe(&m, "build\t-buildmode=exe\nbuild\tCGO_ENABLED=1\n",
	       "_rt0_amd64_linux", true);
	facts_ok(&m, &f);
	assert_int_equal(f.build_id_len, 7);
	assert_memory_equal(f.build_id, "abc/def", 7);
	assert_string_equal(f.bi.go_version, "go1.26.8");
	assert_int_equal(f.pcln.version, 120);
	/* crosscall2 is one of the synthetic functions. */
	assert_true(f.cgo);
	assert_string_equal(f.cgo_why, "pclntab crosscall2");
	assert_string_equal(f.link_mode, "internal");
	assert_string_equal(f.link_why, "entry symbol _rt0_*");
	assert_string_equal(f.build_mode, "exe");
	assert_false(f.race);
	ls_gofacts_free(&f);
	img_free(&m);

	/* Stripped: the entry point's pclntab function decides. */
	go_exe(&m, "build\t-buildmode=exe\n", NULL, false);
	facts_ok(&m, &f);
	assert_string_equal(f.link_mode, "internal");
	assert_string_equal(f.link_why, "entry point in pclntab _rt0_*");
	ls_gofacts_free(&f);
	img_free(&m);
}

static void test_facts_external(void **state)
{
	(void)state;
	img m;
	ls_gofacts f;

	go_exe(&m, "build\t-race=true\n", "_start", true);
	facts_ok(&m, &f);
	assert_string_equal(f.link_mode, "external");
	assert_true(f.race);
	assert_string_equal(f.race_why, "-race=true setting");
	/* No -buildmode setting: the structure says exe. */
	assert_string_equal(f.build_mode, "exe");
	assert_string_equal(f.build_mode_why, "ET_EXEC");
	ls_gofacts_free(&f);
	img_free(&m);

	/* Stripped, entry outside Go text. */
	go_exe(&m, "build\t-buildmode=pie\n", NULL, false);
	m.o.entry = 0x400100;
	facts_ok(&m, &f);
	assert_string_equal(f.link_mode, "external");
	assert_string_equal(f.link_why, "entry point outside Go text");
	assert_string_equal(f.build_mode, "pie");
	ls_gofacts_free(&f);
	img_free(&m);

	/* c-shared/c-archive/plugin are external by construction. */
	go_exe(&m, "build\t-buildmode=c-shared\n", "_rt0_amd64_linux", true);
	facts_ok(&m, &f);
	assert_string_equal(f.build_mode, "c-shared");
	assert_string_equal(f.link_mode, "external");
	ls_gofacts_free(&f);
	img_free(&m);
}

static void test_facts_not_go(void **state)
{
	(void)state;
	img m;
	ls_gofacts f;
	ls_diag d = { 0 };

	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	eb_add_data(&m.b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR,
		    "\x90\x90", 2);
	img_finish(&m);
	img_open(&m);
	assert_int_equal(ls_gofacts_read(&m.o, &f, &d), 0);
	assert_false(f.is_go);
	ls_gofacts_free(&f);
	img_free(&m);
}

/* A .note.go.buildid whose note overruns the section is malformed. */
static void test_facts_bad_note(void **state)
{
	(void)state;
	img m;
	ls_gofacts f;
	ls_diag d = { 0 };
	eb_buf note = { 0 };

	go_note_bytes(&note, LS_LE, "abc/def");
	eb_put32(note.p, 4, LS_LE, 1000);
	img_init(&m, ELFCLASS64, LS_LE, ET_EXEC);
	eb_add_data(&m.b, ".note.go.buildid", SHT_NOTE, SHF_ALLOC, note.p,
		    note.n);
	img_finish(&m);
	img_open(&m);
	assert_int_equal(ls_gofacts_read(&m.o, &f, &d), -1);
	assert_true(d.has_offset);
	assert_int_equal(d.offset, m.b.sec[1].file_off);
	ls_gofacts_free(&f);
	img_free(&m);
	eb_buf_free(&note);
}

/* Without a -buildmode setting, an ET_DYN with the Go ABI hash note is a
 * -buildmode=shared library; without it and an interpreter, c-shared. */
static void test_facts_shared_structure(void **state)
{
	(void)state;
	eb_buf blob = { 0 }, note = { 0 };

	bi_inline(&blob, LS_LE, 8, "go1.26.8", NULL);
	eb_buf_u32(&note, LS_LE, 4);
	eb_buf_u32(&note, LS_LE, 4);
	eb_buf_u32(&note, LS_LE, 2);	/* ELF_NOTE_GOABIHASH_TAG */
	eb_buf_add(&note, "Go\0\0", 4);
	eb_buf_add(&note, "hash", 4);
	for (int with_note = 1; with_note >= 0; with_note--) {
		img m;
		ls_gofacts f;
		img_init(&m, ELFCLASS64, LS_LE, ET_DYN);
		if (with_note)
			eb_add_data(&m.b, ".note.go.abihash", SHT_NOTE,
				    SHF_ALLOC, note.p, note.n);
		eb_add_data(&m.b, ".go.buildinfo", SHT_PROGBITS,
			    SHF_ALLOC | SHF_WRITE, blob.p, blob.n);
		img_finish(&m);
		img_open(&m);
		facts_ok(&m, &f);
		assert_string_equal(f.build_mode,
				    with_note ? "shared" : "c-shared");
		assert_string_equal(f.link_mode, "external");
		assert_null(f.build_id);
		ls_gofacts_free(&f);
		img_free(&m);
	}
	eb_buf_free(&blob);
	eb_buf_free(&note);
}

/* A c-archive's go.o: ET_REL, build mode from the structure. */
static void test_facts_relocatable(void **state)
{
	(void)state;
	img m;
	ls_gofacts f;
	eb_buf blob = { 0 };

	bi_inline(&blob, LS_LE, 8, "go1.26.8", "build\tCGO_ENABLED=1\n");
	img_init(&m, ELFCLASS64, LS_LE, ET_REL);
	eb_add_data(&m.b, ".go.buildinfo", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
		    blob.p, blob.n);
	img_finish(&m);
	img_open(&m);
	facts_ok(&m, &f);
	assert_string_equal(f.build_mode, "c-archive");
	assert_string_equal(f.link_mode, "external");
	assert_false(f.cgo);
	ls_gofacts_free(&f);
	img_free(&m);
	eb_buf_free(&blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bi_inline_le64),
		cmocka_unit_test(test_bi_inline_be32),
		cmocka_unit_test(test_bi_pointers_le64),
		cmocka_unit_test(test_bi_pointers_be32),
		cmocka_unit_test(test_bi_no_sections),
		cmocka_unit_test(test_bi_sections_but_none),
		cmocka_unit_test(test_bi_sentinels),
		cmocka_unit_test(test_bi_quoting),
		cmocka_unit_test(test_bi_malformed_lines),
		cmocka_unit_test(test_bi_truncated),
		cmocka_unit_test(test_bi_nobits),
		cmocka_unit_test(test_pcln_v12),
		cmocka_unit_test(test_pcln_v116),
		cmocka_unit_test(test_pcln_v118),
		cmocka_unit_test(test_pcln_v120),
		cmocka_unit_test(test_pcln_malformed),
		cmocka_unit_test(test_pcln_bad_name),
		cmocka_unit_test(test_pcln_scan_section),
		cmocka_unit_test(test_pcln_no_sections_moduledata),
		cmocka_unit_test(test_pcln_text_from_symtab),
		cmocka_unit_test(test_pcln_absent),
		cmocka_unit_test(test_pcln_overlapping_sections),
		cmocka_unit_test(test_facts_internal),
		cmocka_unit_test(test_facts_external),
		cmocka_unit_test(test_facts_not_go),
		cmocka_unit_test(test_facts_bad_note),
		cmocka_unit_test(test_facts_shared_structure),
		cmocka_unit_test(test_facts_relocatable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
