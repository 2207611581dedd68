/*
 * dwline.c - source file:line of a place in an object, and the declaration
 * line of a symbol, from its DWARF through libdw; see dwline.h.
 *
 * Opening.  libdw reads DWARF from an Elf handle and, for an ET_REL file,
 * applies no relocations, while DWARF 5 from gcc and clang reaches
 * .debug_str, .debug_line_str, .debug_addr, ... only through them (RELA:
 * the section holds 0, the addend holds the offset) and every address in
 * .debug_line and .debug_info is one.  So ls_dwline_open makes a private
 * malloc copy of the object's bytes (only when it has a .debug_line; an
 * archive member's bytes live in a read-only mapping and are never
 * written), opens it with elf_memory(), applies the .rel[a].debug_*
 * sections to the section data libelf hands out (decompressing an
 * SHF_COMPRESSED target first: the relocations address its uncompressed
 * bytes), and only then calls dwarf_begin_elf().  Nothing is written to a
 * file and nothing is run; libdwfl would do the same relocation, but it
 * wants a file or an fd behind the module.
 *
 * Relocation types: the absolute 32/64-bit data relocations of x86-64,
 * i386, aarch64, arm, riscv, ppc, ppc64, s390x, sparc, loongarch and
 * 32-bit mips, plus the ADD/SUB/SET/ULEB128 pairs riscv and loongarch
 * emit for label differences (riscv64 gcc writes every address advance of
 * .debug_line as DW_LNS_fixed_advance_pc with an R_RISCV_ADD16/SUB16 pair,
 * and DW_AT_high_pc as ADD64/SUB64 pairs, because linker relaxation can
 * change code sizes).  Other types are left alone.  Every relocation is
 * bounds-checked against its target section; a bad one is skipped.
 * (ld.lld 14 resolves every debug relocation as S + A, so for riscv
 * objects it reports lines near the function's start; the lines here are
 * those of binutils' addr2line and readelf --debug-dump=decodedline.)
 * Sections compressed the old GNU way (.zdebug_*, -gz=zlib-gnu) are not
 * relocated: such objects give no answer.
 *
 * Address model.  In an ET_REL every section is its own address space
 * starting at 0, so a line-table address alone does not say which section
 * it belongs to (with -ffunction-sections every function's sequence starts
 * at 0).  Instead of tracking the relocation at each DW_LNE_set_address,
 * the relocation step gives every SHF_ALLOC section a distinct synthetic
 * base address (laid out one after another from 1 MiB, aligned, with a
 * gap), as a linker would: a symbol's value is base(its section) + st_value
 * (+ addend).  All addresses in the DWARF then live in one flat, non-
 * overlapping space, so libdw's own line tables (sorted by address), and
 * everything else, work unchanged, and (shndx, offset) is simply looked up
 * at base(shndx) + offset.  Label differences (ADD/SUB) cancel the bases.
 * Linked files (ET_EXEC/ET_DYN) are read as they are: base = sh_addr.
 *
 * Lookup.  ls_dwline_at takes, in each compile unit's line table, the last
 * row whose address is <= the place, when that row is not an end of
 * sequence: the row covering it, as addr2line and lld do (of several rows
 * at one address, the last one).  A row with line 0 is answered as line 0,
 * as lld prints it.
 *
 * File names follow lld (llvm's getFileNameByIndex with an empty
 * compilation directory, which lld prints in the parentheses of
 * "dup1.c:1 (/src/dup1.c:1)"): an absolute name as is; else joined with
 * its directory entry: for a DWARF 5 line table directory 0 is the
 * compilation directory as recorded, so gcc's "dup1.c" compiled in /src
 * gives "/src/dup1.c" and clang's "../x/y.c" gives "/src/b/../x/y.c"; for
 * DWARF 2-4 directory 0 means "none" (the name alone, "dup1.c") and
 * directory n is include_directories[n-1], not joined with DW_AT_comp_dir
 * ("../sub/dup2.c").  libdw joins DWARF <= 4 names with the comp_dir, so
 * those are rebuilt here from the line table header.
 *
 * ls_dwline_var_decl is lld's variable index (lld/Common/DWARF.cpp): the
 * first DIE, in unit and DIE order at any depth, that is a DW_TAG_variable
 * with its own DW_AT_external (so C++ static members answer with their
 * in-class declaration, as with lld), whose DW_AT_linkage_name (else
 * DW_AT_name) is the name, and whose DW_AT_decl_file names an entry of its
 * unit's line table.  ls_dwline_decl also takes such DW_TAG_subprogram
 * DIEs, after any variable of the name.  The index (sorted names pointing
 * into the DWARF strings) is built on the first call.
 *
 * Hostile input: every read of our own (header parsing, relocations) is
 * bounds-checked; DIE walks only move forward and stop at a depth limit;
 * line-table headers are checked before libdw parses them.  Anything odd
 * gives NULL or false.
 */
#include "dwline.h"
#include "../core/array.h"

#include <elf.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifndef R_RISCV_SET_ULEB128
#define R_RISCV_SET_ULEB128 60
#endif
#ifndef R_RISCV_SUB_ULEB128
#define R_RISCV_SUB_ULEB128 61
#endif
#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif
#ifndef SHF_COMPRESSED
#define SHF_COMPRESSED (1u << 11)
#endif

#define NO_BASE UINT64_MAX
#define LAYOUT_START 0x100000u	/* first synthetic section address */
#define LAYOUT_GAP 0x10u	/* between two sections */
#define LAYOUT_MAX_ALIGN 0x10000u
#define MAX_DIE_DEPTH 256

typedef struct decl_ent {
	const char *name;	/* in the Dwarf's string data */
	size_t seq;		/* DIE order, for a stable sort */
	Dwarf_Off cu_off;	/* the unit's DIE */
	uint64_t file;		/* DW_AT_decl_file */
	uint64_t line;		/* DW_AT_decl_line */
	bool var;		/* DW_TAG_variable, else DW_TAG_subprogram */
} decl_ent;

struct ls_dwline {
	uint8_t *image;		/* the private copy elf reads */
	Elf *elf;
	Dwarf *dbg;
	int order;		/* LS_LE / LS_BE */
	uint32_t shnum;
	uint64_t *base;		/* per section; NO_BASE when not allocated */
	uint64_t *size;		/* per section */
	ls_bytes line;		/* .debug_line as libdw reads it (relocated) */
	uint64_t info_size;	/* bytes of .debug_info: bounds DIE walks */

	char **strs;		/* file names built here (interned) */
	size_t nstrs, capstrs;

	bool decl_built;
	decl_ent *decls;
	size_t ndecls;
};

/* --- small helpers ----------------------------------------------------- */

static pthread_once_t elf_once = PTHREAD_ONCE_INIT;
static bool elf_ok;

static void elf_init(void)
{
	elf_ok = elf_version(EV_CURRENT) != EV_NONE;
}

static uint64_t get_n(const uint8_t *p, unsigned n, int order)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned b = order == LS_LE ? n - 1 - i : i;
		v = v << 8 | p[b];
	}
	return v;
}

static void put_n(uint8_t *p, unsigned n, int order, uint64_t v)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned b = order == LS_LE ? i : n - 1 - i;
		p[b] = (uint8_t)(v & 0xff);
		v >>= 8;
	}
}

/* Reads a ULEB128 at *pos inside [0, end) of p; false past end or when
 * longer than 10 bytes. */
static bool uleb(const uint8_t *p, uint64_t end, uint64_t *pos, uint64_t *out)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 70; shift += 7) {
		if (*pos >= end)
			return false;
		uint8_t b = p[(*pos)++];
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

/* Returns a string owned by dw equal to s (one copy per distinct name). */
static const char *intern(ls_dwline *dw, const char *s, size_t len)
{
	for (size_t i = 0; i < dw->nstrs; i++)
		if (strncmp(dw->strs[i], s, len) == 0 &&
		    dw->strs[i][len] == '\0')
			return dw->strs[i];
	if (ls_array_reserve(&dw->strs, &dw->capstrs, dw->nstrs + 1,
			     sizeof *dw->strs) < 0)
		return NULL;
	char *c = strndup(s, len);
	if (!c)
		return NULL;
	dw->strs[dw->nstrs++] = c;
	return c;
}

/* llvm::sys::path::append(dir, name) (POSIX style), interned. */
static const char *join(ls_dwline *dw, const char *dir, size_t dlen,
			const char *name)
{
	size_t nlen = strlen(name);

	if (dlen == 0)
		return intern(dw, name, nlen);
	bool sep = dir[dlen - 1] == '/';
	if (sep)
		while (*name == '/')
			name++, nlen--;
	size_t need = dlen + 1 + nlen + 1;
	char *buf = malloc(need);
	if (!buf)
		return NULL;
	memcpy(buf, dir, dlen);
	size_t k = dlen;
	if (!sep && name[0] != '/')
		buf[k++] = '/';
	memcpy(buf + k, name, nlen);
	k += nlen;
	buf[k] = '\0';
	const char *r = intern(dw, buf, k);
	free(buf);
	return r;
}

static bool name_is(const ls_section *s, const char *want)
{
	return s->name && strcmp(s->name, want) == 0;
}

static bool is_debug_name(const char *n)
{
	return n && strncmp(n, ".debug_", 7) == 0;
}

/* The section data libdw will read: decompressed when SHF_COMPRESSED. */
static Elf_Data *scn_data(Elf *elf, uint32_t idx)
{
	Elf_Scn *scn = elf_getscn(elf, idx);
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
		return NULL;
	if ((sh.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0)
		return NULL;
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf)
		return NULL;
	return d;
}

/* --- relocation -------------------------------------------------------- */

enum rop {
	OP_NONE,
	OP_ABS,			/* S + A */
	OP_ADD,			/* *P + (S + A) */
	OP_SUB,			/* *P - (S + A) */
	OP_SET6,		/* low 6 bits = S + A */
	OP_SUB6,		/* low 6 bits -= S + A */
	OP_SET_ULEB,		/* ULEB128 in place = S + A */
	OP_SUB_ULEB,		/* ULEB128 in place -= S + A */
};

/* What relocation type does to a debug section, and on how many bytes. */
static enum rop reloc_op(uint16_t machine, uint8_t elfclass, uint64_t type,
			 unsigned *width)
{
	*width = 0;
	switch (machine) {
	case EM_X86_64:
		if (type == R_X86_64_64)
			return *width = 8, OP_ABS;
		if (type == R_X86_64_32 || type == R_X86_64_32S)
			return *width = 4, OP_ABS;
		break;
	case EM_386:
		if (type == R_386_32)
			return *width = 4, OP_ABS;
		break;
	case EM_AARCH64:
		if (type == R_AARCH64_ABS64)
			return *width = 8, OP_ABS;
		if (type == R_AARCH64_ABS32)
			return *width = 4, OP_ABS;
		if (type == R_AARCH64_ABS16)
			return *width = 2, OP_ABS;
		break;
	case EM_ARM:
		if (type == R_ARM_ABS32)
			return *width = 4, OP_ABS;
		break;
	case EM_RISCV:
		switch (type) {
		case R_RISCV_32: return *width = 4, OP_ABS;
		case R_RISCV_64: return *width = 8, OP_ABS;
		case R_RISCV_ADD8: return *width = 1, OP_ADD;
		case R_RISCV_ADD16: return *width = 2, OP_ADD;
		case R_RISCV_ADD32: return *width = 4, OP_ADD;
		case R_RISCV_ADD64: return *width = 8, OP_ADD;
		case R_RISCV_SUB8: return *width = 1, OP_SUB;
		case R_RISCV_SUB16: return *width = 2, OP_SUB;
		case R_RISCV_SUB32: return *width = 4, OP_SUB;
		case R_RISCV_SUB64: return *width = 8, OP_SUB;
		case R_RISCV_SET6: return *width = 1, OP_SET6;
		case R_RISCV_SUB6: return *width = 1, OP_SUB6;
		case R_RISCV_SET8: return *width = 1, OP_ABS;
		case R_RISCV_SET16: return *width = 2, OP_ABS;
		case R_RISCV_SET32: return *width = 4, OP_ABS;
		case R_RISCV_SET_ULEB128: return *width = 1, OP_SET_ULEB;
		case R_RISCV_SUB_ULEB128: return *width = 1, OP_SUB_ULEB;
		default: break;
		}
		break;
	case EM_LOONGARCH:
		switch (type) {
		case R_LARCH_32: return *width = 4, OP_ABS;
		case R_LARCH_64: return *width = 8, OP_ABS;
		case R_LARCH_ADD8: return *width = 1, OP_ADD;
		case R_LARCH_ADD16: return *width = 2, OP_ADD;
		case R_LARCH_ADD32: return *width = 4, OP_ADD;
		case R_LARCH_ADD64: return *width = 8, OP_ADD;
		case R_LARCH_SUB8: return *width = 1, OP_SUB;
		case R_LARCH_SUB16: return *width = 2, OP_SUB;
		case R_LARCH_SUB32: return *width = 4, OP_SUB;
		case R_LARCH_SUB64: return *width = 8, OP_SUB;
		default: break;
		}
		break;
	case EM_PPC64:
		if (type == R_PPC64_ADDR64 || type == R_PPC64_UADDR64)
			return *width = 8, OP_ABS;
		if (type == R_PPC64_ADDR32 || type == R_PPC64_UADDR32)
			return *width = 4, OP_ABS;
		break;
	case EM_PPC:
		if (type == R_PPC_ADDR32 || type == R_PPC_UADDR32)
			return *width = 4, OP_ABS;
		break;
	case EM_S390:
		if (type == R_390_64)
			return *width = 8, OP_ABS;
		if (type == R_390_32)
			return *width = 4, OP_ABS;
		break;
	case EM_SPARC:
	case EM_SPARC32PLUS:
	case EM_SPARCV9:
		if (type == R_SPARC_64 || type == R_SPARC_UA64)
			return *width = 8, OP_ABS;
		if (type == R_SPARC_32 || type == R_SPARC_UA32)
			return *width = 4, OP_ABS;
		break;
	case EM_MIPS:
		/* mips64 packs r_info differently; only the 32-bit ABI. */
		if (elfclass == ELFCLASS32 && type == R_MIPS_32)
			return *width = 4, OP_ABS;
		break;
	default:
		break;
	}
	return OP_NONE;
}

/* S of a relocation: base(section) + st_value in the synthetic layout. */
static bool sym_value(const ls_dwline *dw, const ls_object *obj, uint32_t i,
		      uint64_t *out)
{
	ls_symbol sym;
	ls_diag d = { 0 };

	*out = 0;
	if (i == 0)
		return true;
	if (ls_symbol_get(obj, &obj->symtab, i, &sym, &d) < 0)
		return false;
	if (sym.raw_shndx == SHN_ABS) {
		*out = sym.value;
		return true;
	}
	if (sym.raw_shndx == SHN_UNDEF ||
	    (sym.raw_shndx >= SHN_LORESERVE && sym.raw_shndx != SHN_XINDEX))
		return true;	/* undefined, common, processor-specific */
	if (sym.shndx >= dw->shnum)
		return false;
	uint64_t b = dw->base[sym.shndx];
	*out = (b == NO_BASE ? 0 : b) + sym.value;
	return true;
}

/* Rewrites the ULEB128 at p[0..] (inside avail bytes) with v, keeping its
 * length. */
static void uleb_rewrite(uint8_t *p, uint64_t avail, uint64_t v, bool sub)
{
	uint64_t pos = 0, old;

	if (!uleb(p, avail, &pos, &old))
		return;
	if (sub)
		v = old - v;
	for (uint64_t i = 0; i < pos; i++) {
		uint8_t b = (uint8_t)(v & 0x7f);
		v >>= 7;
		p[i] = (uint8_t)(i + 1 < pos ? b | 0x80 : b);
	}
}

/* Applies one SHT_REL/SHT_RELA section to its (debug) target. */
static void apply_section(ls_dwline *dw, const ls_object *obj, uint32_t ri)
{
	const ls_section *rs = &obj->sections[ri];
	ls_diag d = { 0 };

	if (!obj->symtab.present || rs->link != obj->symtab.section)
		return;
	Elf_Data *data = scn_data(dw->elf, rs->info);
	if (!data)
		return;
	uint8_t *buf = data->d_buf;
	uint64_t size = data->d_size;
	bool rel = rs->type == SHT_REL;
	int64_t n = ls_reloc_count(obj, ri, &d);

	for (int64_t i = 0; i < n; i++) {
		ls_reloc r;
		unsigned width;
		uint64_t s;

		if (ls_reloc_get(obj, ri, (uint64_t)i, &r, &d) < 0)
			return;
		enum rop op = reloc_op(obj->machine, obj->elfclass, r.type,
				       &width);
		if (op == OP_NONE || !ls_in((ls_bytes){ buf, size }, r.offset,
					     width))
			continue;
		if (!sym_value(dw, obj, r.sym, &s))
			continue;
		uint8_t *p = buf + r.offset;
		uint64_t v = s + (uint64_t)r.addend;
		uint64_t cur = get_n(p, width, dw->order);
		switch (op) {
		case OP_ABS:
			put_n(p, width, dw->order, rel ? v + cur : v);
			break;
		case OP_ADD:
			put_n(p, width, dw->order, cur + v);
			break;
		case OP_SUB:
			put_n(p, width, dw->order, cur - v);
			break;
		case OP_SET6:
			*p = (uint8_t)((*p & 0xc0) | (v & 0x3f));
			break;
		case OP_SUB6:
			*p = (uint8_t)((*p & 0xc0) | ((*p - v) & 0x3f));
			break;
		case OP_SET_ULEB:
		case OP_SUB_ULEB:
			uleb_rewrite(p, size - r.offset, v, op == OP_SUB_ULEB);
			break;
		case OP_NONE:
			break;
		}
	}
}

/* Gives every allocated section its own range of addresses. */
static void layout(ls_dwline *dw, const ls_object *obj)
{
	uint64_t limit = obj->elfclass == ELFCLASS32 ? UINT32_MAX : UINT64_MAX;
	uint64_t cur = LAYOUT_START;

	for (uint32_t i = 0; i < dw->shnum; i++) {
		const ls_section *s = &obj->sections[i];
		dw->size[i] = s->size;
		dw->base[i] = NO_BASE;
		if (i == 0 || !(s->flags & SHF_ALLOC))
			continue;
		if (obj->type != ET_REL) {
			dw->base[i] = s->addr;
			continue;
		}
		uint64_t al = s->addralign;
		if (al < 16 || (al & (al - 1)) != 0)
			al = 16;
		if (al > LAYOUT_MAX_ALIGN)
			al = LAYOUT_MAX_ALIGN;
		/* A section that does not fit (a hostile size) gets no
		 * addresses: its places have no rows. */
		uint64_t b, end, next;
		if (!ls_add_ok(cur, al - 1, &b))
			continue;
		b &= ~(al - 1);
		if (!ls_add_ok(b, s->size, &end) ||
		    !ls_add_ok(end, LAYOUT_GAP, &next) || next > limit)
			continue;
		dw->base[i] = b;
		cur = next;
	}
}

/* --- line table headers ------------------------------------------------ */

typedef struct line_hdr {
	unsigned version;
	uint64_t files;		/* DWARF <= 4: include_directories start */
	uint64_t hdr_end;	/* end of the header (start of the program) */
} line_hdr;

/* Checks the header of the line table at off: its lengths stay in the
 * section (libdw 0.188 trusts header_length). */
static bool read_line_hdr(const ls_dwline *dw, uint64_t off, line_hdr *h)
{
	ls_bytes b = dw->line;
	uint32_t len32;
	uint64_t len, pos = off, end, hlen;
	uint16_t ver;
	unsigned osz = 4;

	if (!ls_u32(b, pos, dw->order, &len32))
		return false;
	pos += 4;
	len = len32;
	if (len32 == 0xffffffffu) {
		if (!ls_u64(b, pos, dw->order, &len))
			return false;
		pos += 8;
		osz = 8;
	} else if (len32 >= 0xfffffff0u) {
		return false;
	}
	if (!ls_in(b, pos, len))
		return false;
	end = pos + len;
	b.size = end;		/* the unit */
	if (!ls_u16(b, pos, dw->order, &ver) || ver < 2 || ver > 5)
		return false;
	pos += 2;
	if (ver >= 5)
		pos += 2;	/* address_size, seg_sel_size */
	if (osz == 4) {
		uint32_t h32;
		if (!ls_u32(b, pos, dw->order, &h32))
			return false;
		hlen = h32;
	} else if (!ls_u64(b, pos, dw->order, &hlen)) {
		return false;
	}
	pos += osz;
	if (!ls_in(b, pos, hlen))
		return false;
	h->hdr_end = pos + hlen;
	/* minimum_instruction_length, [maximum_operations_per_instruction],
	 * default_is_stmt, line_base, line_range, opcode_base */
	uint64_t fixed = ver >= 4 ? 6 : 5;
	uint8_t opbase;
	if (hlen < fixed || !ls_u8(b, pos + fixed - 1, &opbase) || opbase == 0)
		return false;
	pos += fixed;
	if (hlen - fixed < (uint64_t)opbase - 1)
		return false;
	pos += opbase - 1u;
	h->version = ver;
	h->files = pos;
	return true;
}

/* The unit's line table offset (DW_AT_stmt_list). */
static bool stmt_list(Dwarf_Die *cudie, uint64_t *off)
{
	Dwarf_Attribute a;
	Dwarf_Word w;

	if (!dwarf_attr(cudie, DW_AT_stmt_list, &a) ||
	    dwarf_formudata(&a, &w) != 0)
		return false;
	*off = w;
	return true;
}

/* The line table header of a unit, checked. */
static bool unit_line_hdr(const ls_dwline *dw, Dwarf_Die *cudie, line_hdr *h)
{
	uint64_t off;

	return stmt_list(cudie, &off) && read_line_hdr(dw, off, h);
}

/* lld's name of file idx (1-based) of a DWARF 2-4 line table. */
static const char *file_v4(ls_dwline *dw, const line_hdr *h, uint64_t idx)
{
	const uint8_t *p = dw->line.base;
	uint64_t end = h->hdr_end, pos = h->files;
	uint64_t dirs = pos, ndirs = 0;

	/* include_directories: strings up to an empty one */
	for (;;) {
		if (pos >= end)
			return NULL;
		if (p[pos] == '\0')
			break;
		const uint8_t *z = memchr(p + pos, 0, end - pos);
		if (!z)
			return NULL;
		pos = (uint64_t)(z - p) + 1;
		ndirs++;
	}
	pos++;
	for (uint64_t k = 1;; k++) {
		uint64_t dir, skip;
		if (pos >= end || p[pos] == '\0')
			return NULL;	/* past the table (DW_LNE_define_file) */
		const char *name = (const char *)p + pos;
		const uint8_t *z = memchr(p + pos, 0, end - pos);
		if (!z)
			return NULL;
		pos = (uint64_t)(z - p) + 1;
		if (!uleb(p, end, &pos, &dir) || !uleb(p, end, &pos, &skip) ||
		    !uleb(p, end, &pos, &skip))
			return NULL;
		if (k != idx)
			continue;
		if (name[0] == '/' || dir == 0 || dir > ndirs)
			return intern(dw, name, strlen(name));
		uint64_t dp = dirs;
		for (uint64_t j = 1; j < dir; j++)
			dp += strlen((const char *)p + dp) + 1;
		const char *d = (const char *)p + dp;
		return join(dw, d, strlen(d), name);
	}
}

/* lld's name of file idx of a unit's line table (see the top comment). */
static const char *unit_file(ls_dwline *dw, Dwarf_Die *cudie, size_t idx)
{
	line_hdr h;
	Dwarf_Files *files;
	size_t nfiles;

	if (!unit_line_hdr(dw, cudie, &h) ||
	    dwarf_getsrcfiles(cudie, &files, &nfiles) != 0 || idx >= nfiles)
		return NULL;
	if (h.version < 5)
		return idx == 0 ? NULL : file_v4(dw, &h, idx);

	const char *n = dwarf_filesrc(files, idx, NULL, NULL);
	if (!n)
		return NULL;
	/* libdw joined the directory with a '/' even when it ends with one;
	 * llvm does not double it. */
	const char *const *dirs;
	size_t ndirs;
	if (dwarf_getsrcdirs(files, &dirs, &ndirs) == 0) {
		for (size_t i = 0; i < ndirs; i++) {
			size_t l = dirs[i] ? strlen(dirs[i]) : 0;
			if (l > 0 && dirs[i][l - 1] == '/' &&
			    strncmp(n, dirs[i], l) == 0 && n[l] == '/')
				return join(dw, dirs[i], l, n + l + 1);
		}
	}
	return n;
}

/* --- open / close ------------------------------------------------------ */

ls_dwline *ls_dwline_open(const ls_object *obj)
{
	bool has_line = false;

	if (!obj || obj->kind != LS_KIND_ELF || !obj->file.base ||
	    obj->file.size == 0 || obj->shnum == 0 || !obj->sections)
		return NULL;
	for (uint32_t i = 1; i < obj->shnum; i++)
		if (name_is(&obj->sections[i], ".debug_line") &&
		    obj->sections[i].type != SHT_NOBITS)
			has_line = true;
	if (!has_line || obj->file.size > SIZE_MAX)
		return NULL;
	pthread_once(&elf_once, elf_init);
	if (!elf_ok)
		return NULL;

	ls_dwline *dw = calloc(1, sizeof *dw);
	if (!dw)
		return NULL;
	dw->order = obj->order;
	dw->shnum = obj->shnum;
	dw->base = calloc(obj->shnum, sizeof *dw->base);
	dw->size = calloc(obj->shnum, sizeof *dw->size);
	dw->image = malloc((size_t)obj->file.size);
	if (!dw->base || !dw->size || !dw->image)
		goto fail;
	layout(dw, obj);
	memcpy(dw->image, obj->file.base, (size_t)obj->file.size);
	dw->elf = elf_memory((char *)dw->image, (size_t)obj->file.size);
	if (!dw->elf || elf_kind(dw->elf) != ELF_K_ELF)
		goto fail;
	size_t n;
	if (elf_getshdrnum(dw->elf, &n) != 0 || n != obj->shnum)
		goto fail;

	if (obj->type == ET_REL) {
		for (uint32_t i = 1; i < obj->shnum; i++) {
			const ls_section *s = &obj->sections[i];
			if ((s->type != SHT_RELA && s->type != SHT_REL) ||
			    s->info == 0 || s->info >= obj->shnum ||
			    (obj->sections[s->info].flags & SHF_ALLOC) ||
			    !is_debug_name(obj->sections[s->info].name))
				continue;
			apply_section(dw, obj, i);
		}
	}
	for (uint32_t i = 1; i < obj->shnum; i++) {
		const ls_section *s = &obj->sections[i];
		Elf_Data *d;
		if (name_is(s, ".debug_line") && !dw->line.base &&
		    (d = scn_data(dw->elf, i))) {
			dw->line.base = d->d_buf;
			dw->line.size = d->d_size;
		}
		if (name_is(s, ".debug_info") && (d = scn_data(dw->elf, i)))
			dw->info_size += d->d_size;
	}
	if (!dw->line.base)
		goto fail;
	dw->dbg = dwarf_begin_elf(dw->elf, DWARF_C_READ, NULL);
	if (!dw->dbg)
		goto fail;
	return dw;
fail:
	ls_dwline_close(dw);
	return NULL;
}

void ls_dwline_close(ls_dwline *dw)
{
	if (!dw)
		return;
	if (dw->dbg)
		dwarf_end(dw->dbg);
	if (dw->elf)
		elf_end(dw->elf);
	free(dw->image);
	free(dw->base);
	free(dw->size);
	for (size_t i = 0; i < dw->nstrs; i++)
		free(dw->strs[i]);
	free(dw->strs);
	free(dw->decls);
	free(dw);
}

/* --- units ------------------------------------------------------------- */

/* Next compile (or partial / skeleton) unit; false at the end or on an
 * error.  Type units carry no code. */
static bool next_unit(Dwarf *dbg, Dwarf_CU **cu, Dwarf_Die *cudie)
{
	for (;;) {
		Dwarf_Half ver;
		uint8_t ut;
		if (dwarf_get_units(dbg, *cu, cu, &ver, &ut, cudie, NULL) != 0)
			return false;
		if (ut == DW_UT_type || ut == DW_UT_split_type || ut == 0)
			continue;
		int tag = dwarf_tag(cudie);
		if (tag == DW_TAG_compile_unit || tag == DW_TAG_partial_unit ||
		    tag == DW_TAG_skeleton_unit)
			return true;
	}
}

/* --- ls_dwline_at ------------------------------------------------------ */

bool ls_dwline_at(ls_dwline *dw, uint32_t shndx, uint64_t offset,
		  const char **file, unsigned *line)
{
	uint64_t addr;

	if (!dw || !file || !line || shndx >= dw->shnum ||
	    dw->base[shndx] == NO_BASE || offset >= dw->size[shndx] ||
	    !ls_add_ok(dw->base[shndx], offset, &addr))
		return false;

	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	while (next_unit(dw->dbg, &cu, &cudie)) {
		line_hdr h;
		Dwarf_Lines *lines;
		size_t n;
		if (!unit_line_hdr(dw, &cudie, &h) ||
		    dwarf_getsrclines(&cudie, &lines, &n) != 0 || n == 0)
			continue;

		/* The last row at or before addr (rows sorted by address). */
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			Dwarf_Addr a;
			if (dwarf_lineaddr(dwarf_onesrcline(lines, mid), &a) != 0)
				return false;
			if (a <= addr)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0 || lo == n)
			continue;	/* before all rows, or no end after */
		Dwarf_Line *l = dwarf_onesrcline(lines, lo - 1);
		bool endseq;
		int ln;
		Dwarf_Files *files;
		size_t idx;
		if (!l || dwarf_lineendsequence(l, &endseq) != 0 || endseq)
			continue;
		if (dwarf_lineno(l, &ln) != 0 || ln < 0 ||
		    dwarf_line_file(l, &files, &idx) != 0)
			continue;
		const char *f = unit_file(dw, &cudie, idx);
		if (!f)
			continue;
		*file = f;
		*line = (unsigned)ln;
		return true;
	}
	return false;
}

/* --- ls_dwline_decl ---------------------------------------------------- */

static int decl_cmp(const void *a, const void *b)
{
	const decl_ent *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->var != y->var)
		return x->var ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *die_string(Dwarf_Die *die, unsigned at)
{
	Dwarf_Attribute a;

	return dwarf_attr(die, at, &a) ? dwarf_formstring(&a) : NULL;
}

static bool die_udata(Dwarf_Die *die, unsigned at, uint64_t *out)
{
	Dwarf_Attribute a;
	Dwarf_Word w;

	if (!dwarf_attr(die, at, &a) || dwarf_formudata(&a, &w) != 0)
		return false;
	*out = w;
	return true;
}

/* Adds die to the index when it is an external variable or function. */
static bool decl_visit(ls_dwline *dw, Dwarf_Die *die, Dwarf_Off cu_off,
		       unsigned version, size_t nfiles, size_t *cap)
{
	int tag = dwarf_tag(die);
	Dwarf_Attribute a;
	bool ext = false;
	uint64_t file, line;

	if (tag != DW_TAG_variable && tag != DW_TAG_subprogram)
		return true;
	if (!dwarf_attr(die, DW_AT_external, &a) ||
	    dwarf_formflag(&a, &ext) != 0 || !ext)
		return true;
	const char *name = die_string(die, DW_AT_linkage_name);
	if (!name)
		name = die_string(die, DW_AT_MIPS_linkage_name);
	if (!name)
		name = die_string(die, DW_AT_name);
	if (!name || !*name || !die_udata(die, DW_AT_decl_file, &file) ||
	    !die_udata(die, DW_AT_decl_line, &line))
		return true;
	/* lld keeps only names whose file the line table has. */
	if (file >= nfiles || (version < 5 && file == 0) || line > UINT32_MAX)
		return true;
	if (ls_array_reserve(&dw->decls, cap, dw->ndecls + 1, sizeof *dw->decls) < 0)
		return false;
	dw->decls[dw->ndecls] = (decl_ent){ name, dw->ndecls, cu_off, file,
					    line, tag == DW_TAG_variable };
	dw->ndecls++;
	return true;
}

/* Walks every DIE of a unit in order; only ever moves forward. */
static bool decl_walk_unit(ls_dwline *dw, Dwarf_Die *cudie, size_t *cap,
			   uint64_t *visits)
{
	Dwarf_Die stack[MAX_DIE_DEPTH];
	Dwarf_Die die, next;
	Dwarf_Files *files;
	size_t nfiles, sp = 0;
	line_hdr h;

	if (!unit_line_hdr(dw, cudie, &h) ||
	    dwarf_getsrcfiles(cudie, &files, &nfiles) != 0)
		return true;	/* lld skips units without a line table */
	Dwarf_Off cu_off = dwarf_dieoffset(cudie);
	if (dwarf_child(cudie, &die) != 0)
		return true;
	for (;;) {
		/* A DIE takes at least one byte: more visits than bytes means
		 * sibling links that revisit DIEs. */
		if (++*visits > dw->info_size)
			return true;
		if (!decl_visit(dw, &die, cu_off, h.version, nfiles, cap))
			return false;
		if (sp < MAX_DIE_DEPTH && dwarf_haschildren(&die) > 0 &&
		    dwarf_child(&die, &next) == 0 &&
		    dwarf_dieoffset(&next) > dwarf_dieoffset(&die)) {
			stack[sp++] = die;
			die = next;
			continue;
		}
		for (;;) {
			int r = dwarf_siblingof(&die, &next);
			if (r == 0) {
				if (dwarf_dieoffset(&next) <=
				    dwarf_dieoffset(&die))
					return true;	/* backwards */
				die = next;
				break;
			}
			if (r < 0 || sp == 0)
				return true;	/* error, or done */
			die = stack[--sp];
		}
	}
}

static void decl_build(ls_dwline *dw)
{
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	size_t cap = 0;
	uint64_t visits = 0;

	dw->decl_built = true;
	while (next_unit(dw->dbg, &cu, &cudie))
		if (!decl_walk_unit(dw, &cudie, &cap, &visits)) {
			dw->ndecls = 0;
			return;
		}
	if (dw->ndecls > 1)
		qsort(dw->decls, dw->ndecls, sizeof *dw->decls, decl_cmp);
}

/* The first index entry named name (variables sort first), or of a
 * variable only. */
static bool decl_find(ls_dwline *dw, const char *name, bool var_only,
		      const char **file, unsigned *line)
{
	if (!dw || !name || !*name || !file || !line)
		return false;
	if (!dw->decl_built)
		decl_build(dw);

	size_t lo = 0, hi = dw->ndecls;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(dw->decls[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == dw->ndecls || strcmp(dw->decls[lo].name, name) != 0 ||
	    (var_only && !dw->decls[lo].var))
		return false;

	const decl_ent *e = &dw->decls[lo];
	Dwarf_Die cudie;
	if (!dwarf_offdie(dw->dbg, e->cu_off, &cudie))
		return false;
	const char *f = unit_file(dw, &cudie, (size_t)e->file);
	if (!f)
		return false;
	*file = f;
	*line = (unsigned)e->line;
	return true;
}

bool ls_dwline_decl(ls_dwline *dw, const char *name, const char **file,
		    unsigned *line)
{
	return decl_find(dw, name, false, file, line);
}

bool ls_dwline_var_decl(ls_dwline *dw, const char *name, const char **file,
			unsigned *line)
{
	return decl_find(dw, name, true, file, line);
}
