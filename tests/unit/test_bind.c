/*
 * test_bind.c - symbol lookup inside one object (symhash), binding in a
 * process (bind) and the load-time version check (verneed_check).
 *
 * check_match's rules run on a versioned shared object built in memory
 * with a DT_GNU_HASH or DT_HASH table; the hash walks also run on the
 * system's libc.so.6 (every exported definition must be found through its
 * own name and version).  Processes are assembled by hand from the
 * system's /usr/bin/ls and its libraries, so the loader is not involved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/bind.h"
#include "analysis/symhash.h"
#include "analysis/verneed_check.h"
#include "core/mapfile.h"
#include "elfbuild.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DT_GNU_HASH
#define DT_GNU_HASH 0x6ffffef5
#endif

/* The synthetic object -------------------------------------------------- */

/* Symbols appended after eb_versioned_dso's (versym in brackets). */
enum {
	S_ABSZ = EB_DSO_NSYMS,	/* OBJECT abs, value 0 [1]: accepted */
	S_ZERO,			/* FUNC .text, value 0 [1]: no value */
	S_STUB,			/* FUNC undef, value 0x1234 [1]: PLT stub */
	S_HID,			/* FUNC hidden visibility [1] */
	S_SECT,			/* SECTION [1] */
	S_LOC,			/* LOCAL FUNC [1] */
	S_DUP1,			/* FUNC "dup" [3] */
	S_DUP2,			/* FUNC "dup" [3] */
	S_WEAKD,		/* WEAK FUNC [1] */
	S_TLS,			/* TLS value 0 [1]: accepted */
	S_PROT,			/* FUNC protected [2] */
	S_IFN,			/* GNU_IFUNC [2] */
	S_OLD,			/* FUNC "old" [0x8002]: hidden VERS_1 */
	S_N
};

static const char *const sym_names[S_N] = {
	"", "foo", "bar", "printf", "base_sym", "VERS_1", "unver", "memcpy",
	"baz", "absz", "zero", "stub", "hid", "sect", "loc", "dup", "dup",
	"weakd", "tls", "prot", "ifn", "old",
};

#define VADDR 0x100000u

typedef struct fixture {
	elfb b;
	eb_dso x;
	uint32_t hash, dyn, rela, plt;
	uint8_t *img;
	size_t n;
	ls_object o;
} fixture;

/* The file offset of dynamic entry i's value. */
#define dyn_val(f, i) ((f)->b.sec[(f)->dyn].file_off + 16 * (uint64_t)(i) + 8)

static uint32_t py_elf_hash(const char *s)
{
	return ls_elf_hash(s);
}

static void add_syms(fixture *f)
{
	elfb *b = &f->b;
	uint32_t s = f->x.dynsym, t = f->x.text, dt = f->x.data;
	eb_buf *vs = &b->sec[f->x.versym].data;

	eb_sym(b, s, "absz", 0, 0, STB_GLOBAL, STT_OBJECT, 0, SHN_ABS);
	eb_sym(b, s, "zero", 0, 0, STB_GLOBAL, STT_FUNC, 0, (uint16_t)t);
	eb_sym(b, s, "stub", 0x1234, 0, STB_GLOBAL, STT_FUNC, 0, SHN_UNDEF);
	eb_sym(b, s, "hid", 0x1020, 2, STB_GLOBAL, STT_FUNC, STV_HIDDEN, (uint16_t)t);
	eb_sym(b, s, "sect", 0x1000, 0, STB_GLOBAL, STT_SECTION, 0, (uint16_t)t);
	eb_sym(b, s, "loc", 0x1024, 2, STB_LOCAL, STT_FUNC, 0, (uint16_t)t);
	eb_sym(b, s, "dup", 0x1028, 2, STB_GLOBAL, STT_FUNC, 0, (uint16_t)t);
	eb_sym(b, s, "dup", 0x102c, 2, STB_GLOBAL, STT_FUNC, 0, (uint16_t)t);
	eb_sym(b, s, "weakd", 0x1030, 2, STB_WEAK, STT_FUNC, 0, (uint16_t)t);
	eb_sym(b, s, "tls", 0, 8, STB_GLOBAL, STT_TLS, 0, (uint16_t)dt);
	eb_sym(b, s, "prot", 0x1034, 2, STB_GLOBAL, STT_FUNC, STV_PROTECTED, (uint16_t)t);
	eb_sym(b, s, "ifn", 0x1038, 2, STB_GLOBAL, STT_GNU_IFUNC, 0, (uint16_t)t);
	eb_sym(b, s, "old", 0x103c, 2, STB_GLOBAL, STT_FUNC, 0, (uint16_t)t);
	static const uint16_t v[] = { 1, 1, 1, 1, 1, 1, 3, 3, 1, 1, 2, 2, 0x8002 };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		eb_buf_u16(vs, LS_LE, v[i]);
	assert_int_equal(eb_nsyms(b, s), S_N);
}

/* A GNU hash table of one bucket holding symbols 1..n-1 in order. */
static void gnu_table_of(eb_buf *t, const char *const *names, int n,
			 uint32_t bloom_words)
{
	uint64_t bloom[4] = { 0 };

	eb_buf_u32(t, LS_LE, 1);		/* nbuckets */
	eb_buf_u32(t, LS_LE, 1);		/* symoffset */
	eb_buf_u32(t, LS_LE, bloom_words);
	eb_buf_u32(t, LS_LE, 6);		/* shift */
	for (int i = 1; i < n; i++) {
		uint32_t h = ls_gnu_hash(names[i]);
		bloom[(h / 64) % bloom_words] |= 1ull << (h % 64);
		bloom[(h / 64) % bloom_words] |= 1ull << ((h >> 6) % 64);
	}
	for (uint32_t i = 0; i < bloom_words; i++)
		eb_buf_u64(t, LS_LE, bloom[i]);
	eb_buf_u32(t, LS_LE, 1);		/* bucket 0: symbol 1 */
	for (int i = 1; i < n; i++) {
		uint32_t h = ls_gnu_hash(names[i]) & ~1u;
		eb_buf_u32(t, LS_LE, h | (i == n - 1));
	}
}

static void gnu_table(eb_buf *t, uint32_t bloom_words)
{
	gnu_table_of(t, sym_names, S_N, bloom_words);
}

/* A SysV table of three buckets; chains in ascending symbol order. */
#define NB 3
static void sysv_table(eb_buf *t, uint32_t *chain_out)
{
	uint32_t bucket[NB] = { 0 }, chain[S_N] = { 0 };

	for (int i = S_N - 1; i >= 1; i--) {
		uint32_t b = py_elf_hash(sym_names[i]) % NB;
		chain[i] = bucket[b];
		bucket[b] = (uint32_t)i;
	}
	eb_buf_u32(t, LS_LE, NB);
	eb_buf_u32(t, LS_LE, S_N);
	for (int i = 0; i < NB; i++)
		eb_buf_u32(t, LS_LE, bucket[i]);
	for (int i = 0; i < S_N; i++)
		eb_buf_u32(t, LS_LE, chain[i]);
	if (chain_out)
		memcpy(chain_out, chain, sizeof chain);
}

/* Builds the object with a GNU (gnu = true) or SysV table; the image is
 * opened into f->o.  bloom_words: for GNU. */
static void add_rela(eb_buf *b, uint64_t off, uint32_t sym, uint32_t type)
{
	eb_buf_u64(b, LS_LE, off);
	eb_buf_u64(b, LS_LE, (uint64_t)sym << 32 | type);
	eb_buf_u64(b, LS_LE, 0);
}

/* The dynamic section's entries (values of addresses patched later). */
enum { D_HASH, D_RELA, D_RELASZ, D_RELAENT, D_JMPREL, D_PLTRELSZ, D_PLTREL,
       D_NULL, D_N };

/* Builds the object with a GNU (gnu = true) or SysV table and two
 * relocations: GLOB_DAT memcpy@GLIBC_2.34 in DT_RELA, JUMP_SLOT
 * printf@GLIBC_2.2.5 in DT_JMPREL.  The image is opened into f->o.
 * bloom_words: for GNU. */
static void fixture_build(fixture *f, bool gnu, uint32_t bloom_words)
{
	ls_diag d = { 0 };
	eb_buf t = { 0 }, dyn = { 0 }, rd = { 0 }, rp = { 0 };

	memset(f, 0, sizeof *f);
	eb_versioned_dso(&f->b, &f->x, ELFCLASS64, LS_LE);
	add_syms(f);
	if (gnu)
		gnu_table(&t, bloom_words);
	else
		sysv_table(&t, NULL);
	f->hash = eb_add_data(&f->b, gnu ? ".gnu.hash" : ".hash",
			      gnu ? SHT_GNU_HASH : SHT_HASH, SHF_ALLOC, t.p, t.n);
	f->b.sec[f->hash].align = 8;
	add_rela(&rd, 0x2000, EB_DSO_MEMCPY, R_X86_64_GLOB_DAT);
	add_rela(&rp, 0x2008, EB_DSO_PRINTF, R_X86_64_JUMP_SLOT);
	f->rela = eb_add_data(&f->b, ".rela.dyn", SHT_RELA, SHF_ALLOC, rd.p, rd.n);
	f->plt = eb_add_data(&f->b, ".rela.plt", SHT_RELA, SHF_ALLOC, rp.p, rp.n);
	for (uint32_t r = f->rela; r <= f->plt; r++) {
		f->b.sec[r].link = f->x.dynsym;
		f->b.sec[r].entsize = 24;
		f->b.sec[r].align = 8;
	}
	static const int64_t tags[D_N] = {
		0, DT_RELA, DT_RELASZ, DT_RELAENT, DT_JMPREL, DT_PLTRELSZ,
		DT_PLTREL, DT_NULL,
	};
	static const uint64_t vals[D_N] = { 0, 0, 24, 24, 0, 24, DT_RELA, 0 };
	for (int i = 0; i < D_N; i++) {
		eb_buf_u64(&dyn, LS_LE, i == D_HASH ? (gnu ? DT_GNU_HASH : DT_HASH)
						    : (uint64_t)tags[i]);
		eb_buf_u64(&dyn, LS_LE, vals[i]);	/* addresses patched below */
	}
	f->dyn = eb_add_data(&f->b, ".dynamic", SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE,
			     dyn.p, dyn.n);
	f->b.sec[f->dyn].link = f->x.dynstr;
	f->b.sec[f->dyn].entsize = 16;
	f->b.sec[f->dyn].align = 8;
	/* One load segment mapping the whole file at VADDR. */
	eb_add_ph(&f->b, PT_LOAD, PF_R, 0, VADDR, 1u << 20, 1u << 20);
	f->img = eb_finish(&f->b, &f->n);
	eb_put64(f->img, dyn_val(f, D_HASH), LS_LE, VADDR + f->b.sec[f->hash].file_off);
	eb_put64(f->img, dyn_val(f, D_RELA), LS_LE, VADDR + f->b.sec[f->rela].file_off);
	eb_put64(f->img, dyn_val(f, D_JMPREL), LS_LE, VADDR + f->b.sec[f->plt].file_off);
	eb_buf_free(&t);
	eb_buf_free(&dyn);
	eb_buf_free(&rd);
	eb_buf_free(&rp);
	if (ls_object_open(&f->o, (ls_bytes){ f->img, f->n }, 0, &d) < 0)
		fail_msg("open: %s", d.msg);
}

static void fixture_free(fixture *f)
{
	ls_object_close(&f->o);
	free(f->img);
	eb_free(&f->b);
}

/* Looks name up (version may be NULL); returns the index found, 0 when
 * the object does not answer. */
static uint32_t look(const ls_symhash *h, const char *name, const char *ver,
		     bool hidden, int tclass, bool newest, bool musl)
{
	ls_symquery q;
	ls_symbol s;
	ls_diag d = { 0 };
	uint32_t idx = 0;
	int r;

	ls_symquery_init(&q, name, ver, hidden, tclass);
	q.newest = newest;
	q.musl = musl;
	r = ls_symhash_lookup(h, &q, &idx, &s, &d);
	if (r < 0)
		fail_msg("lookup %s: %s", name, d.msg);
	if (r == 0)
		return 0;
	assert_string_equal(s.name, name);
	return idx;
}

static void check_rules(const ls_symhash *h)
{
	/* Unversioned references: indexes 0..2 at once, 3+ only alone. */
	assert_int_equal(look(h, "foo", NULL, false, 0, false, false), EB_DSO_FOO);
	assert_int_equal(look(h, "baz", NULL, false, 0, false, false), EB_DSO_BAZ);
	assert_int_equal(look(h, "bar", NULL, false, 0, false, false), 0);
	assert_int_equal(look(h, "dup", NULL, false, 0, false, false), 0);
	assert_int_equal(look(h, "old", NULL, false, 0, false, false), S_OLD);
	assert_int_equal(look(h, "unver", NULL, false, 0, false, false), EB_DSO_UNVER);
	/* dlsym (newest): index 2 must be alone and visible too. */
	assert_int_equal(look(h, "old", NULL, false, 0, true, false), 0);
	assert_int_equal(look(h, "foo", NULL, false, 0, true, false), EB_DSO_FOO);
	/* Versioned references. */
	assert_int_equal(look(h, "bar", "VERS_2", false, 0, false, false), EB_DSO_BAR);
	assert_int_equal(look(h, "bar", "VERS_1", false, 0, false, false), 0);
	assert_int_equal(look(h, "foo", "VERS_2", false, 0, false, false), 0);
	assert_int_equal(look(h, "foo", "VERS_1", false, 0, false, false), EB_DSO_FOO);
	assert_int_equal(look(h, "dup", "VERS_2", false, 0, false, false), S_DUP1);
	assert_int_equal(look(h, "old", "VERS_1", false, 0, false, false), S_OLD);
	/* The base version is no version to match: base_sym is unversioned
	 * and takes any non-hidden versioned reference. */
	assert_int_equal(look(h, "base_sym", "libfix.so.1", false, 0, false, false),
			 EB_DSO_BASE);
	assert_int_equal(look(h, "base_sym", "OTHER_1", false, 0, false, false),
			 EB_DSO_BASE);
	assert_int_equal(look(h, "base_sym", "OTHER_1", true, 0, false, false), 0);
	assert_int_equal(look(h, "weakd", "OTHER_1", false, 0, false, false), S_WEAKD);
	/* Values, types, sections. */
	assert_int_equal(look(h, "absz", NULL, false, 0, false, false), S_ABSZ);
	assert_int_equal(look(h, "zero", NULL, false, 0, false, false), 0);
	assert_int_equal(look(h, "tls", NULL, false, 0, false, false), S_TLS);
	assert_int_equal(look(h, "sect", NULL, false, 0, false, false), 0);
	assert_int_equal(look(h, "ifn", NULL, false, 0, false, false), S_IFN);
	assert_int_equal(look(h, "printf", NULL, false, 0, false, false), 0);
	/* An undefined symbol with a value (a PLT stub) serves data
	 * relocations, not PLT ones. */
	assert_int_equal(look(h, "stub", NULL, false, 0, false, false), S_STUB);
	assert_int_equal(look(h, "stub", NULL, false, LS_RTYPE_CLASS_PLT, false, false), 0);
	/* Hidden and local definitions: the object answers nothing. */
	assert_int_equal(look(h, "hid", NULL, false, 0, false, false), 0);
	assert_int_equal(look(h, "loc", NULL, false, 0, false, false), 0);
	assert_int_equal(look(h, "weakd", NULL, false, 0, false, false), S_WEAKD);
	assert_int_equal(look(h, "prot", NULL, false, 0, false, false), S_PROT);
	assert_int_equal(look(h, "nosuchname", NULL, false, 0, false, false), 0);
	assert_int_equal(look(h, "", NULL, false, 0, false, false), 0);
	/* musl: the first non-hidden name match, versions ignored. */
	assert_int_equal(look(h, "bar", NULL, false, 0, false, true), 0);
	assert_int_equal(look(h, "baz", "VERS_1", false, 0, false, true), EB_DSO_BAZ);
	assert_int_equal(look(h, "dup", NULL, false, 0, false, true), S_DUP1);
	assert_int_equal(look(h, "ifn", NULL, false, 0, false, true), 0);
	assert_int_equal(look(h, "absz", NULL, false, 0, false, true), 0);
	assert_int_equal(look(h, "hid", NULL, false, 0, false, true), S_HID);
	assert_int_equal(look(h, "stub", NULL, false, LS_RTYPE_CLASS_PLT, false, true), 0);
}

static void test_hashes(void **state)
{
	(void)state;
	assert_int_equal(ls_gnu_hash(""), 5381);
	assert_int_equal(ls_gnu_hash("printf"), 0x156b2bb8);
	assert_int_equal(ls_elf_hash(""), 0);
	assert_int_equal(ls_elf_hash("printf"), 0x077905a6);
	assert_int_equal(ls_elf_hash("GLIBC_2.2.5"), 0x09691a75);
	assert_int_equal(ls_elf_hash("GLIBC_ABI_DT_RELR"), 0xfd0e42);
	assert_int_equal(ls_elf_hash("aVeryLongSymbolName_with_many_chars_123"),
			 0x03bce303);
	assert_int_equal(ls_gnu_hash("aVeryLongSymbolName_with_many_chars_123"),
			 0x9ea87727);
}

static void test_check_match_gnu(void **state)
{
	fixture f;
	ls_symhash h;
	ls_diag d = { 0 };
	(void)state;

	fixture_build(&f, true, 2);
	assert_int_equal(ls_symhash_init(&h, &f.o, &d), 0);
	assert_int_equal(h.kind, LS_HASH_GNU);
	assert_true(h.versioned);
	check_rules(&h);
	fixture_free(&f);
}

static void test_check_match_sysv(void **state)
{
	fixture f;
	ls_symhash h;
	ls_diag d = { 0 };
	(void)state;

	fixture_build(&f, false, 0);
	assert_int_equal(ls_symhash_init(&h, &f.o, &d), 0);
	assert_int_equal(h.kind, LS_HASH_SYSV);
	check_rules(&h);
	fixture_free(&f);
}

static void test_hash_malformed(void **state)
{
	fixture f;
	ls_symhash h;
	ls_symquery q;
	ls_symbol s;
	uint32_t idx, chain[S_N];
	ls_diag d = { 0 };
	(void)state;

	/* Bloom size not a power of two. */
	fixture_build(&f, true, 2);
	uint64_t t = f.b.sec[f.hash].file_off;
	eb_put32(f.img, t + 8, LS_LE, 3);
	assert_int_equal(ls_symhash_init(&h, &f.o, &d), -1);
	assert_diag(&d, t + 8, "not a power of two");

	/* A bucket naming a symbol past the table. */
	eb_put32(f.img, t + 8, LS_LE, 2);
	eb_put32(f.img, t + 16 + 16, LS_LE, 1000);
	assert_int_equal(ls_symhash_init(&h, &f.o, &d), 0);
	ls_symquery_init(&q, "foo", NULL, false, 0);
	assert_int_equal(ls_symhash_lookup(&h, &q, &idx, &s, &d), -1);
	assert_diag(&d, t + 16 + 16, "GNU hash bucket names symbol 1000");

	/* A chain without its end bit runs into the symbol count. */
	eb_put32(f.img, t + 16 + 16, LS_LE, 1);
	uint64_t last = t + 16 + 16 + 4 + 4 * (S_N - 2);
	eb_put32(f.img, last, LS_LE, ls_gnu_hash("old") & ~1u);
	ls_symquery_init(&q, "nosuchname", NULL, false, 0);
	/* The bloom filter may reject it; a name that passes it must end in
	 * the error.  "old" itself is found before the end. */
	assert_int_equal(look(&h, "old", NULL, false, 0, false, false), S_OLD);
	ls_symquery_init(&q, "old", "NOPE_1", true, 0);
	assert_int_equal(ls_symhash_lookup(&h, &q, &idx, &s, &d), -1);
	assert_diag(&d, last + 4, "runs past the last symbol");

	/* DT_GNU_HASH outside every load segment. */
	eb_put64(f.img, f.b.sec[f.dyn].file_off + 8, LS_LE, 0x900000);
	assert_int_equal(ls_symhash_init(&h, &f.o, &d), -1);
	assert_diag(&d, f.b.sec[f.dyn].file_off, "DT_GNU_HASH 0x900000 is not in a load segment");
	fixture_free(&f);

	/* SysV: a chain that loops. */
	fixture_build(&f, false, 0);
	t = f.b.sec[f.hash].file_off;
	eb_buf tmp = { 0 };
	sysv_table(&tmp, chain);
	eb_buf_free(&tmp);
	uint32_t b = ls_elf_hash("foo") % NB;
	eb_put32(f.img, t + 4 * (2 + NB + EB_DSO_FOO), LS_LE, EB_DSO_FOO);
	assert_int_equal(ls_symhash_init(&h, &f.o, &d), 0);
	/* A name of foo's bucket that is not defined loops at foo. */
	char name[16];
	for (int i = 0;; i++) {
		snprintf(name, sizeof name, "n%d", i);
		if (ls_elf_hash(name) % NB == b)
			break;
	}
	ls_symquery_init(&q, name, NULL, false, 0);
	assert_int_equal(ls_symhash_lookup(&h, &q, &idx, &s, &d), -1);
	assert_non_null(strstr(d.msg, "loops"));
	/* A chain index past the symbols. */
	eb_put32(f.img, t + 4 * (2 + NB + EB_DSO_FOO), LS_LE, 5000);
	ls_symquery_init(&q, name, NULL, false, 0);
	assert_int_equal(ls_symhash_lookup(&h, &q, &idx, &s, &d), -1);
	assert_diag(&d, t + 4 * (2 + NB + EB_DSO_FOO), "hash chain names symbol 5000");
	(void)chain;
	fixture_free(&f);
}

/* The system's libc --------------------------------------------------- */

#define LIBDIR "/lib/x86_64-linux-gnu/"

typedef struct real {
	ls_mapfile mf;
	ls_dso dso;
} real;

static bool real_open(real *r, const char *path)
{
	ls_diag d = { 0 };

	memset(r, 0, sizeof *r);
	if (ls_map(path, &r->mf, &d) < 0)
		return false;
	if (ls_object_open(&r->dso.obj, r->mf.bytes, 0, &d) < 0) {
		ls_unmap(&r->mf);
		return false;
	}
	r->dso.host_path = (char *)path;
	r->dso.load.has_dynamic = true;
	return true;
}

static void real_close(real *r)
{
	ls_object_close(&r->dso.obj);
	ls_unmap(&r->mf);
}

/* The definition a linear scan finds: name with version ver (NULL: the
 * symbol's own version is none), defined and exported. */
static uint32_t scan(const ls_object *o, const char *name, const char *ver,
		     bool want_hidden)
{
	ls_symbol s;
	ls_diag d;

	for (uint32_t i = 1; i < o->dynsym.count; i++) {
		if (ls_symbol_get(o, &o->dynsym, i, &s, &d) < 0 ||
		    s.raw_shndx == SHN_UNDEF || strcmp(s.name, name))
			continue;
		const char *v = ls_symbol_version_name(o, &s);
		if ((v == NULL) != (ver == NULL) || (v && strcmp(v, ver)))
			continue;
		if (((s.versym & 0x8000) != 0) != want_hidden)
			continue;
		return i;
	}
	return 0;
}

static void test_libc(void **state)
{
	real libc;
	ls_symhash gnu, sysv;
	ls_diag d = { 0 };
	ls_symbol s;
	(void)state;

	if (!real_open(&libc, LIBDIR "libc.so.6"))
		skip();
	const ls_object *o = &libc.dso.obj;
	assert_int_equal(ls_symhash_init(&gnu, o, &d), 0);
	assert_int_equal(gnu.kind, LS_HASH_GNU);
	int have_sysv = ls_symhash_init_kind(&sysv, o, LS_HASH_SYSV, &d) == 0 &&
			sysv.kind == LS_HASH_SYSV;
	const ls_symhash *tabs[2] = { &gnu, &sysv };

	for (int t = 0; t < 1 + have_sysv; t++) {
		const ls_symhash *h = tabs[t];
		uint32_t old = scan(o, "memcpy", "GLIBC_2.2.5", true);
		uint32_t cur = scan(o, "memcpy", "GLIBC_2.14", false);
		assert_true(old && cur);
		/* An old unversioned binary gets the oldest memcpy, dlsym the
		 * default one. */
		assert_int_equal(look(h, "memcpy", NULL, false, 0, false, false), old);
		assert_int_equal(look(h, "memcpy", NULL, false, 0, true, false), cur);
		assert_int_equal(look(h, "memcpy", "GLIBC_2.2.5", false, 0, false, false), old);
		assert_int_equal(look(h, "memcpy", "GLIBC_2.14", false, 0, false, false), cur);
		assert_int_equal(look(h, "memcpy", "GLIBC_2.3", false, 0, false, false), 0);
		/* musl: the default memcpy is an IFUNC, which musl refuses. */
		assert_int_equal(look(h, "memcpy", NULL, false, 0, false, true), 0);
		assert_int_equal(look(h, "printf", NULL, false, 0, false, true),
				 scan(o, "printf", "GLIBC_2.2.5", false));
		assert_int_equal(look(h, "printf", NULL, false, LS_RTYPE_CLASS_PLT, false, false),
				 scan(o, "printf", "GLIBC_2.2.5", false));
		assert_int_equal(look(h, "_dl_catch_error", NULL, false, 0, false, false),
				 scan(o, "_dl_catch_error", "GLIBC_PRIVATE", false));
		assert_int_equal(look(h, "_dl_catch_error", "GLIBC_PRIVATE", false, 0, false, false),
				 scan(o, "_dl_catch_error", "GLIBC_PRIVATE", false));
		assert_int_equal(look(h, "linkscope_no_such_symbol", NULL, false, 0, false, false), 0);
		assert_int_equal(look(h, "printf", "GLIBC_9.99", false, 0, false, false), 0);
	}

	/* Every exported definition is found through its name and version. */
	uint32_t checked = 0;
	for (uint32_t i = 1; i < o->dynsym.count; i++) {
		assert_int_equal(ls_symbol_get(o, &o->dynsym, i, &s, &d), 0);
		if (s.raw_shndx == SHN_UNDEF || s.bind == STB_LOCAL ||
		    s.visibility == STV_HIDDEN || s.value == 0)
			continue;
		const char *v = ls_symbol_version_name(o, &s);
		for (int t = 0; t < 1 + have_sysv; t++)
			assert_int_equal(look(tabs[t], s.name, v, false, 0, false, false), i);
		checked++;
	}
	assert_true(checked > 1000);
	real_close(&libc);
}

/* Processes ------------------------------------------------------------- */

enum { P_LS, P_SELINUX, P_LIBC, P_PCRE, P_LD, P_N };
static const char *const real_paths[P_N] = {
	"/usr/bin/ls", LIBDIR "libselinux.so.1", LIBDIR "libc.so.6",
	LIBDIR "libpcre2-8.so.0", "/lib64/ld-linux-x86-64.so.2",
};
static const char *const real_names[P_N] = {
	"/usr/bin/ls", "libselinux.so.1", "libc.so.6", "libpcre2-8.so.0",
	"/lib64/ld-linux-x86-64.so.2",
};

typedef struct world {
	real r[P_N];
	ls_ldconfig cfg;
	ls_process p;
	ls_ldobj objs[8];
	uint32_t global[8], local[8];
} world;

static bool world_open(world *w)
{
	memset(w, 0, sizeof *w);
	for (int i = 0; i < P_N; i++)
		if (!real_open(&w->r[i], real_paths[i])) {
			while (i-- > 0)
				real_close(&w->r[i]);
			return false;
		}
	w->r[P_SELINUX].dso.load.dyn.soname = "libselinux.so.1";
	w->r[P_LIBC].dso.load.dyn.soname = "libc.so.6";
	w->r[P_PCRE].dso.load.dyn.soname = "libpcre2-8.so.0";
	w->r[P_LD].dso.load.dyn.soname = "ld-linux-x86-64.so.2";
	return true;
}

/* The process of ls: objs in load order, all in the global scope. */
static void world_process(world *w)
{
	memset(&w->p, 0, sizeof w->p);
	memset(w->objs, 0, sizeof w->objs);
	w->p.cfg = &w->cfg;
	w->p.target.loader = LS_LOADER_GLIBC;
	w->p.target.glibc_minor = 36;
	w->p.program = "/usr/bin/ls";
	w->p.objs = w->objs;
	w->p.nobjs = P_N;
	w->p.global = w->global;
	w->p.local = w->local;
	w->p.plugin = -1;
	for (uint32_t i = 0; i < P_N; i++) {
		w->objs[i].name = real_names[i];
		w->objs[i].path = (char *)real_paths[i];
		w->objs[i].dso = &w->r[i].dso;
		w->objs[i].rtld = i == P_LD;
		w->global[w->p.nglobal++] = i;
	}
}

static void world_close(world *w)
{
	for (int i = 0; i < P_N; i++)
		real_close(&w->r[i]);
}

static const ls_unresolved *find_unres(const ls_bind_result *r, uint32_t obj,
				       const char *sym)
{
	for (uint32_t i = 0; i < r->nunres; i++)
		if (r->unres[i].obj == obj && !strcmp(r->unres[i].symbol, sym))
			return &r->unres[i];
	return NULL;
}

static const ls_interpose *find_ip(const ls_bind_result *r, const char *sym)
{
	for (uint32_t i = 0; i < r->nip; i++)
		if (!strcmp(r->ip[i].symbol, sym))
			return &r->ip[i];
	return NULL;
}

/* For every symbol of ls's relocation sections: whether all of them are
 * JUMP_SLOTs (read through the section API, not the dynamic tags). */
static bool only_jump_slots(const ls_object *o, const char *name)
{
	ls_diag d;
	ls_reloc rel;
	ls_symbol s;
	bool seen = false;

	for (uint32_t sec = 1; sec < o->shnum; sec++) {
		if (o->sections[sec].type != SHT_RELA)
			continue;
		int64_t n = ls_reloc_count(o, sec, &d);
		for (int64_t i = 0; i < n; i++) {
			assert_int_equal(ls_reloc_get(o, sec, (uint64_t)i, &rel, &d), 0);
			if (rel.sym == 0 ||
			    ls_symbol_get(o, &o->dynsym, rel.sym, &s, &d) < 0 ||
			    strcmp(s.name, name))
				continue;
			seen = true;
			if (rel.type != R_X86_64_JUMP_SLOT)
				return false;
		}
	}
	assert_true(seen);
	return true;
}

static void test_bind_ls(void **state)
{
	world w;
	ls_bind_result r;
	ls_bind_opts opts = { .interposition = true };
	ls_diag d = { 0 };
	(void)state;

	if (!world_open(&w))
		skip();
	world_process(&w);
	if (ls_bind_run(&w.p, &opts, &r, &d) < 0)
		fail_msg("bind: %s", d.msg);
	assert_true(r.nrelocs > 100);
	assert_true(r.nlookups > 50);
	assert_false(r.fatal);
	/* Only weak references stay unresolved (_ITM_*, __gmon_start__). */
	for (uint32_t i = 0; i < r.nunres; i++)
		if (!r.unres[i].weak)
			fail_msg("unresolved %s in %u", r.unres[i].symbol, r.unres[i].obj);
	const ls_unresolved *u = find_unres(&r, P_LS, "__gmon_start__");
	assert_non_null(u);
	assert_true(u->weak);
	assert_int_equal(u->kinds, LS_REF_DATA);

	/* ls exports gnulib's obstack, which libc also defines. */
	const ls_interpose *ip = find_ip(&r, "_obstack_begin");
	assert_non_null(ip);
	assert_int_equal(ip->winner, P_LS);
	assert_int_equal(ip->nlosers, 1);
	assert_int_equal(r.losers[ip->first_loser], P_LIBC);
	assert_false(ip->copy);
	/* ls holds COPYs of stdout and optind. */
	ip = find_ip(&r, "stdout");
	assert_non_null(ip);
	assert_int_equal(ip->winner, P_LS);
	assert_string_equal(ip->version, "GLIBC_2.2.5");
	assert_true(ip->copy);
	/* libc and ld.so both define the _dl_catch_* functions: libc wins,
	 * and ld.so's own calls go to it. */
	ip = find_ip(&r, "_dl_catch_error");
	assert_non_null(ip);
	assert_int_equal(ip->winner, P_LIBC);
	assert_string_equal(ip->version, "GLIBC_PRIVATE");
	assert_int_equal(r.losers[ip->first_loser], P_LD);
	assert_true(ip->rtld);
	assert_int_equal(ip->nbound, 0);
	/* Entries come in winner order. */
	for (uint32_t i = 1; i < r.nip; i++)
		assert_true(r.ip[i - 1].winner <= r.ip[i].winner);
	ls_bind_free(&r);

	/* Without interposition the same unresolved set. */
	opts.interposition = false;
	assert_int_equal(ls_bind_run(&w.p, &opts, &r, &d), 0);
	assert_int_equal(r.nip, 0);
	assert_false(r.fatal);
	ls_bind_free(&r);

	/* libselinux missing from the scope: ls's calls into it fail when
	 * first made; its data references would fail at startup. */
	w.objs[P_SELINUX].dso = NULL;
	w.global[1] = P_LIBC;
	w.global[2] = P_PCRE;
	w.global[3] = P_LD;
	w.p.nglobal = 4;
	assert_int_equal(ls_bind_run(&w.p, &opts, &r, &d), 0);
	const char *selinux[] = { "getfilecon", "lgetfilecon", "fgetfilecon", "freecon" };
	for (size_t i = 0; i < sizeof selinux / sizeof selinux[0]; i++) {
		u = find_unres(&r, P_LS, selinux[i]);
		assert_non_null(u);
		assert_false(u->weak);
		assert_string_equal(u->version, "LIBSELINUX_1.0");
		assert_string_equal(u->version_file, "libselinux.so.1");
		assert_int_equal(u->lazy, only_jump_slots(&w.r[P_LS].dso.obj, selinux[i]));
	}
	bool any_startup = false;
	for (uint32_t i = 0; i < r.nunres; i++) {
		const ls_unresolved *x = &r.unres[i];
		if (x->weak)
			continue;
		assert_int_equal(x->obj, P_LS);
		assert_string_equal(x->version, "LIBSELINUX_1.0");
		if (!x->lazy)
			any_startup = true;
	}
	assert_int_equal(r.fatal, any_startup);
	ls_bind_free(&r);

	/* LD_BIND_NOW: every one of them fails at startup. */
	w.cfg.bind_now = true;
	assert_int_equal(ls_bind_run(&w.p, &opts, &r, &d), 0);
	u = find_unres(&r, P_LS, "getfilecon");
	assert_non_null(u);
	assert_false(u->lazy);
	assert_int_equal(u->kinds, LS_REF_PLT);
	assert_true(r.fatal);
	ls_bind_free(&r);
	world_close(&w);
}

/* A host defining a name in .symtab only, and a plugin needing it. */
static void test_bind_dlopen(void **state)
{
	world w;
	elfb b;
	uint8_t *img;
	size_t n;
	ls_dso host = { 0 };
	ls_bind_result r;
	ls_bind_opts opts = { .dlopen_now = true };
	ls_diag d = { 0 };
	(void)state;

	if (!world_open(&w))
		skip();
	eb_init(&b, ELFCLASS64, LS_LE, EM_X86_64, ET_DYN);
	uint32_t text = eb_add_data(&b, ".text", SHT_PROGBITS,
				    SHF_ALLOC | SHF_EXECINSTR, "\0\0\0\0", 4);
	uint32_t st = eb_add_symtab(&b, ".symtab", SHT_SYMTAB, ".strtab");
	eb_sym(&b, st, "pcre2_compile_8", 0x1000, 4, STB_GLOBAL, STT_FUNC,
	       STV_HIDDEN, (uint16_t)text);
	img = eb_finish(&b, &n);
	assert_int_equal(ls_object_open(&host.obj, (ls_bytes){ img, n }, 0, &d), 0);

	/* host, libc, ld.so at startup; libselinux dlopened, its libpcre2
	 * missing. */
	world_process(&w);
	w.objs[0].dso = &host;
	w.objs[0].name = "./host";
	w.objs[0].path = (char *)"./host";
	w.p.program = "./host";
	w.objs[P_SELINUX].dlopened = true;
	w.objs[P_PCRE].dso = NULL;
	w.objs[P_PCRE].dlopened = true;
	w.global[0] = 0;
	w.global[1] = P_LIBC;
	w.global[2] = P_LD;
	w.p.nglobal = 3;
	w.local[0] = P_SELINUX;
	w.local[1] = P_PCRE;
	w.local[2] = P_LIBC;
	w.local[3] = P_LD;
	w.p.nlocal = 4;
	w.p.plugin = P_SELINUX;
	assert_int_equal(ls_bind_run(&w.p, &opts, &r, &d), 0);
	assert_false(r.fatal);
	assert_true(r.dlopen_fatal);
	const ls_unresolved *u = find_unres(&r, P_SELINUX, "pcre2_compile_8");
	assert_non_null(u);
	assert_true(u->host_has_unexported);
	assert_false(u->lazy);
	u = find_unres(&r, P_SELINUX, "pcre2_match_8");
	assert_non_null(u);
	assert_false(u->host_has_unexported);
	for (uint32_t i = 0; i < r.nunres; i++)
		if (!r.unres[i].weak)
			assert_int_equal(r.unres[i].obj, P_SELINUX);
	ls_bind_free(&r);

	/* RTLD_LAZY: calls only fail when made. */
	opts.dlopen_now = false;
	assert_int_equal(ls_bind_run(&w.p, &opts, &r, &d), 0);
	u = find_unres(&r, P_SELINUX, "pcre2_compile_8");
	assert_non_null(u);
	assert_int_equal(u->lazy, only_jump_slots(&w.r[P_SELINUX].dso.obj,
						  "pcre2_compile_8"));
	ls_bind_free(&r);

	ls_object_close(&host.obj);
	free(img);
	eb_free(&b);
	world_close(&w);
}

/* A DT_SYMBOLIC library binds to itself, even when it loses. */
static void test_bind_symbolic(void **state)
{
	world w;
	ls_bind_result r;
	ls_bind_opts opts = { .interposition = true };
	ls_diag d = { 0 };
	(void)state;

	if (!world_open(&w))
		skip();
	world_process(&w);
	/* Pretend libc is DT_SYMBOLIC: its own references to stdout then
	 * stay inside it, though ls's copy wins. */
	w.r[P_LIBC].dso.load.dyn.symbolic = true;
	/* ld.so is relocated in the main program's scope: no effect. */
	w.r[P_LD].dso.load.dyn.symbolic = true;
	assert_int_equal(ls_bind_run(&w.p, &opts, &r, &d), 0);
	const ls_interpose *ip = find_ip(&r, "stdout");
	assert_non_null(ip);
	assert_int_equal(ip->winner, P_LS);
	assert_true(ip->copy);
	assert_true(ip->symbolic_loser);
	assert_int_equal(ip->nbound, 1);
	assert_int_equal(r.bound[ip->first_bound].obj, P_LIBC);
	assert_int_equal(r.bound[ip->first_bound].loser, P_LIBC);
	assert_int_equal(r.bound[ip->first_bound].why, LS_BOUND_SYMBOLIC);
	ip = find_ip(&r, "_dl_catch_error");
	assert_non_null(ip);
	assert_int_equal(ip->nbound, 0);
	assert_string_equal(ls_bound_why_name(LS_BOUND_SYMBOLIC), "symbolic");
	ls_bind_free(&r);
	world_close(&w);
}

/* Two copies of the synthetic object: which names interpose, and how. */
static void test_interpose_fixture(void **state)
{
	fixture a, b;
	ls_dso da = { 0 }, db = { 0 };
	ls_ldobj objs[2] = { { 0 } };
	uint32_t global[2] = { 0, 1 };
	ls_ldconfig cfg = { 0 };
	ls_process p = { 0 };
	ls_bind_result r;
	ls_bind_opts opts = { .interposition = true };
	ls_diag d = { 0 };
	(void)state;

	fixture_build(&a, true, 2);
	fixture_build(&b, false, 0);
	da.obj = a.o;
	db.obj = b.o;
	objs[0].name = "a";
	objs[0].path = (char *)"./a";
	objs[0].dso = &da;
	objs[1].name = "libb.so";
	objs[1].path = (char *)"./libb.so";
	objs[1].dso = &db;
	p.cfg = &cfg;
	p.program = "./a";
	p.objs = objs;
	p.nobjs = 2;
	p.global = global;
	p.nglobal = 2;
	p.plugin = -1;
	if (ls_bind_run(&p, &opts, &r, &d) < 0)
		fail_msg("bind: %s", d.msg);
	/* Exported: foo@VERS_1, baz@VERS_2, dup@VERS_2 (one entry, each
	 * object once), old is hidden, bar hidden, hid/loc/sect/zero not
	 * exported, the version symbol VERS_1 is the linker's. */
	const char *want[] = { "foo", "baz", "dup", "base_sym", "unver", "absz",
			       "weakd", "tls", "prot", "ifn" };
	const char *not[] = { "bar", "old", "hid", "loc", "sect", "zero",
			      "VERS_1", "printf", "stub" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const ls_interpose *ip = find_ip(&r, want[i]);
		if (!ip)
			fail_msg("no entry for %s", want[i]);
		assert_int_equal(ip->winner, 0);
		assert_int_equal(ip->nlosers, 1);
		assert_int_equal(r.losers[ip->first_loser], 1);
		assert_int_equal(ip->protected_loser, !strcmp(want[i], "prot"));
		assert_int_equal(ip->all_weak, !strcmp(want[i], "weakd"));
		assert_false(ip->symbolic_loser || ip->copy || ip->rtld);
	}
	for (size_t i = 0; i < sizeof not / sizeof not[0]; i++)
		if (find_ip(&r, not[i]))
			fail_msg("entry for %s", not[i]);
	assert_string_equal(find_ip(&r, "foo")->version, "VERS_1");
	assert_string_equal(find_ip(&r, "dup")->version, "VERS_2");
	assert_null(find_ip(&r, "base_sym")->version);
	assert_int_equal(r.nip, sizeof want / sizeof want[0]);
	ls_bind_free(&r);
	fixture_free(&a);
	fixture_free(&b);
}

/* A shared object without symbol versions defining printf and, when
 * asked, memcpy, with a GNU hash table. */
typedef struct plain {
	elfb b;
	uint8_t *img;
	size_t n;
	ls_dso dso;
} plain;

static void plain_build(plain *p, bool with_memcpy)
{
	static const char *const names[] = { "", "printf", "memcpy" };
	int n = with_memcpy ? 3 : 2;
	eb_buf t = { 0 }, dyn = { 0 };
	ls_diag d = { 0 };

	memset(p, 0, sizeof *p);
	eb_init(&p->b, ELFCLASS64, LS_LE, EM_X86_64, ET_DYN);
	uint32_t text = eb_add_data(&p->b, ".text", SHT_PROGBITS,
				    SHF_ALLOC | SHF_EXECINSTR, "\0\0\0\0\0\0\0\0", 8);
	p->b.sec[text].addr = 0x1000;
	uint32_t ds = eb_add_symtab(&p->b, ".dynsym", SHT_DYNSYM, ".dynstr");
	for (int i = 1; i < n; i++)
		eb_sym(&p->b, ds, names[i], 0x1000 + 4 * (uint64_t)i, 4,
		       STB_GLOBAL, STT_FUNC, 0, (uint16_t)text);
	gnu_table_of(&t, names, n, 1);
	uint32_t h = eb_add_data(&p->b, ".gnu.hash", SHT_GNU_HASH, SHF_ALLOC, t.p, t.n);
	p->b.sec[h].align = 8;
	eb_buf_u64(&dyn, LS_LE, DT_GNU_HASH);
	eb_buf_u64(&dyn, LS_LE, 0);
	eb_buf_u64(&dyn, LS_LE, DT_NULL);
	eb_buf_u64(&dyn, LS_LE, 0);
	uint32_t dy = eb_add_data(&p->b, ".dynamic", SHT_DYNAMIC, SHF_ALLOC, dyn.p, dyn.n);
	p->b.sec[dy].entsize = 16;
	p->b.sec[dy].align = 8;
	eb_add_ph(&p->b, PT_LOAD, PF_R, 0, VADDR, 1u << 20, 1u << 20);
	p->img = eb_finish(&p->b, &p->n);
	eb_put64(p->img, p->b.sec[dy].file_off + 8, LS_LE, VADDR + p->b.sec[h].file_off);
	eb_buf_free(&t);
	eb_buf_free(&dyn);
	if (ls_object_open(&p->dso.obj, (ls_bytes){ p->img, p->n }, 0, &d) < 0)
		fail_msg("open: %s", d.msg);
}

static void plain_free(plain *p)
{
	ls_object_close(&p->dso.obj);
	free(p->img);
	eb_free(&p->b);
}

/* The fixture's relocations against a "libc.so.6" without versions. */
static void test_bind_relocs(void **state)
{
	fixture f;
	plain lib;
	ls_dso fix = { 0 };
	ls_ldobj objs[2] = { { 0 } };
	uint32_t global[2] = { 0, 1 };
	ls_ldconfig cfg = { 0 };
	ls_process p = { 0 };
	ls_bind_result r;
	ls_diag d = { 0 };
	(void)state;

	fixture_build(&f, true, 2);
	plain_build(&lib, false);
	fix.obj = f.o;
	objs[0].name = "./fix";
	objs[0].path = (char *)"./fix";
	objs[0].dso = &fix;
	objs[1].name = "libc.so.6";
	objs[1].path = (char *)"/lib/libc.so.6";
	objs[1].dso = &lib.dso;
	p.cfg = &cfg;
	p.program = "./fix";
	p.objs = objs;
	p.nobjs = 2;
	p.global = global;
	p.nglobal = 2;
	p.plugin = -1;

	/* printf binds in the versionless libc.so.6 its Verneed names:
	 * glibc's assertion; memcpy is unresolved, at startup. */
	assert_int_equal(ls_bind_run(&p, NULL, &r, &d), 0);
	assert_true(r.assert_fail);
	assert_true(r.assert_lazy);
	assert_string_equal(r.assert_symbol, "printf");
	assert_string_equal(r.assert_version, "GLIBC_2.2.5");
	assert_int_equal(r.assert_obj, 0);
	assert_int_equal(r.assert_definer, 1);
	assert_int_equal(r.nunres, 1);
	assert_string_equal(r.unres[0].symbol, "memcpy");
	assert_string_equal(r.unres[0].version, "GLIBC_2.34");
	assert_string_equal(r.unres[0].version_file, "libc.so.6");
	assert_int_equal(r.unres[0].kinds, LS_REF_DATA);
	assert_false(r.unres[0].lazy || r.unres[0].weak);
	assert_true(r.fatal);
	assert_int_equal(r.nrelocs, 2);
	ls_bind_free(&r);
	plain_free(&lib);

	/* With memcpy defined, the startup reference asserts first. */
	plain_build(&lib, true);
	objs[1].dso = &lib.dso;
	assert_int_equal(ls_bind_run(&p, NULL, &r, &d), 0);
	assert_true(r.assert_fail);
	assert_false(r.assert_lazy);
	assert_string_equal(r.assert_symbol, "memcpy");
	assert_int_equal(r.nunres, 0);
	assert_false(r.fatal);
	ls_bind_free(&r);

	/* Under another name it is an ordinary versionless definer. */
	objs[1].name = "libother.so";
	assert_int_equal(ls_bind_run(&p, NULL, &r, &d), 0);
	assert_false(r.assert_fail);
	assert_int_equal(r.nunres, 0);
	ls_bind_free(&r);

	/* musl ignores versions. */
	objs[1].name = "libc.so.6";
	p.target.loader = LS_LOADER_MUSL;
	assert_int_equal(ls_bind_run(&p, NULL, &r, &d), 0);
	assert_false(r.assert_fail);
	assert_int_equal(r.nunres, 0);
	ls_bind_free(&r);
	p.target.loader = LS_LOADER_GLIBC;

	/* Malformed tables: the error names the bytes. */
	uint64_t sz = dyn_val(&f, D_RELASZ);
	eb_put64(f.img, sz, LS_LE, 1u << 24);
	assert_int_equal(ls_bind_run(&p, NULL, &r, &d), -1);
	assert_diag(&d, dyn_val(&f, D_RELA) - 8, "DT_RELA");
	assert_diag(&d, dyn_val(&f, D_RELA) - 8, "is not in a load segment");
	assert_int_equal(r.err_obj, 0);
	ls_bind_free(&r);
	eb_put64(f.img, sz, LS_LE, 24);
	uint64_t info = f.b.sec[f.plt].file_off + 8;
	eb_put64(f.img, info, LS_LE, (uint64_t)999 << 32 | R_X86_64_JUMP_SLOT);
	assert_int_equal(ls_bind_run(&p, NULL, &r, &d), -1);
	assert_diag(&d, f.b.sec[f.plt].file_off, "relocation names symbol 999, past the 22 dynamic symbols");
	ls_bind_free(&r);

	plain_free(&lib);
	fixture_free(&f);
}

/* The version check ----------------------------------------------------- */

static const ls_verissue *find_issue(const ls_vercheck *v, uint32_t obj,
				     const char *ver)
{
	for (uint32_t i = 0; i < v->nissues; i++)
		if (v->issues[i].obj == obj && v->issues[i].version &&
		    !strcmp(v->issues[i].version, ver))
			return &v->issues[i];
	return NULL;
}

static void test_verneed(void **state)
{
	world w;
	ls_vercheck v;
	ls_diag d = { 0 };
	char msg[512];
	ls_symbol s;
	(void)state;

	if (!world_open(&w))
		skip();
	world_process(&w);
	assert_int_equal(ls_verneed_check(&w.p, &v, &d), 0);
	assert_int_equal(v.nissues, 0);
	assert_false(v.fatal);
	ls_vercheck_free(&v);

	/* libpcre2 (no Verdef) standing in for libselinux: a warning. */
	w.objs[P_SELINUX].dso = &w.r[P_PCRE].dso;
	assert_int_equal(ls_verneed_check(&w.p, &v, &d), 0);
	const ls_verissue *x = find_issue(&v, P_LS, "LIBSELINUX_1.0");
	assert_non_null(x);
	assert_true(x->no_verdef);
	assert_false(v.fatal);
	assert_int_equal(x->definer, P_SELINUX);
	ls_verissue_message(&w.p, x, msg, sizeof msg);
	assert_string_equal(msg, LIBDIR "libselinux.so.1: no version information "
			    "available (required by /usr/bin/ls)");
	ls_vercheck_free(&v);

	/* libselinux standing in for libc: GLIBC_* not found, fatal. */
	w.objs[P_SELINUX].dso = &w.r[P_SELINUX].dso;
	w.objs[P_LIBC].dso = &w.r[P_SELINUX].dso;
	assert_int_equal(ls_verneed_check(&w.p, &v, &d), 0);
	assert_true(v.fatal);
	x = find_issue(&v, P_LS, "GLIBC_2.3");
	assert_non_null(x);
	assert_false(x->weak || x->no_verdef || x->relr);
	assert_string_equal(x->file, "libc.so.6");
	ls_verissue_message(&w.p, x, msg, sizeof msg);
	assert_string_equal(msg, LIBDIR "libc.so.6: version `GLIBC_2.3' not found "
			    "(required by /usr/bin/ls)");
	assert_true(x->nsyms > 0);
	for (uint32_t i = 0; i < x->nsyms; i++) {
		const ls_object *o = &w.r[P_LS].dso.obj;
		assert_int_equal(ls_symbol_get(o, &o->dynsym, v.syms[x->first_sym + i], &s, &d), 0);
		const char *vn = ls_symbol_version_name(o, &s);
		assert_non_null(vn);
		assert_string_equal(vn, "GLIBC_2.3");
	}
	/* libselinux requires libc's versions too: from itself, now. */
	x = find_issue(&v, P_SELINUX, "GLIBC_2.2.5");
	assert_non_null(x);
	ls_verissue_message(&w.p, x, msg, sizeof msg);
	assert_string_equal(msg, LIBDIR "libc.so.6: version `GLIBC_2.2.5' not found "
			    "(required by " LIBDIR "libselinux.so.1)");
	ls_vercheck_free(&v);

	/* musl checks nothing. */
	w.p.target.loader = LS_LOADER_MUSL;
	assert_int_equal(ls_verneed_check(&w.p, &v, &d), 0);
	assert_int_equal(v.nissues, 0);
	ls_vercheck_free(&v);
	world_close(&w);
}

/* The weak Vernaux of the synthetic object, against a definer without
 * that version. */
static void test_verneed_weak(void **state)
{
	fixture f;
	world w;
	ls_dso fix = { 0 };
	ls_vercheck v;
	ls_diag d = { 0 };
	char msg[512];
	(void)state;

	if (!world_open(&w))
		skip();
	fixture_build(&f, true, 2);
	fix.obj = f.o;
	world_process(&w);
	w.objs[0].dso = &fix;
	w.objs[0].name = "./fix";
	w.objs[0].path = (char *)"./fix";
	w.p.program = "./fix";
	/* libc.so.6 is libselinux: GLIBC_2.2.5 missing (fatal), GLIBC_2.34
	 * (VER_FLG_WEAK) missing (a warning). */
	w.objs[P_LIBC].dso = &w.r[P_SELINUX].dso;
	assert_int_equal(ls_verneed_check(&w.p, &v, &d), 0);
	const ls_verissue *x = find_issue(&v, 0, "GLIBC_2.34");
	assert_non_null(x);
	assert_true(x->weak);
	assert_int_equal(x->nsyms, 1);
	assert_int_equal(v.syms[x->first_sym], EB_DSO_MEMCPY);
	ls_verissue_message(&w.p, x, msg, sizeof msg);
	assert_string_equal(msg, LIBDIR "libc.so.6: weak version `GLIBC_2.34' not "
			    "found (required by ./fix)");
	x = find_issue(&v, 0, "GLIBC_2.2.5");
	assert_non_null(x);
	assert_false(x->weak);
	assert_int_equal(x->nsyms, 1);
	assert_int_equal(v.syms[x->first_sym], EB_DSO_PRINTF);
	assert_true(v.fatal);
	ls_vercheck_free(&v);
	world_close(&w);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_check_match_gnu),
		cmocka_unit_test(test_check_match_sysv),
		cmocka_unit_test(test_hash_malformed),
		cmocka_unit_test(test_libc),
		cmocka_unit_test(test_bind_ls),
		cmocka_unit_test(test_bind_dlopen),
		cmocka_unit_test(test_bind_symbolic),
		cmocka_unit_test(test_interpose_fixture),
		cmocka_unit_test(test_bind_relocs),
		cmocka_unit_test(test_verneed),
		cmocka_unit_test(test_verneed_weak),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
