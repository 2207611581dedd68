/*
 * elf_reader.c - ELF32/ELF64, either byte order, into the object model.
 *
 * Decodes the file header, the section and program header tables (with
 * the e_shnum / e_shstrndx / e_phnum escapes through section 0), locates
 * .symtab, .dynsym, SHT_SYMTAB_SHNDX and the GNU version sections, and
 * validates every table it will later hand out so that consumers can
 * decode entries without re-checking the container.  Entries themselves
 * (symbols, relocations, notes, dynamic tags) are decoded on demand.
 *
 * Every read goes through core/bytes.h.  Every count that sizes an
 * allocation is first bounded by the bytes that must back it, so no input
 * makes us allocate more than a small multiple of its own size.
 */
#include "../model/object.h"
#include "elf_defs.h"
#include "elf_dynsyms.h"
#include "elf_versions.h"

#include <stdlib.h>
#include <string.h>

/* Field offsets of the ELF header for each class. */
struct ehdr_layout {
	unsigned type, machine, version, entry, phoff, shoff, flags, ehsize,
		phentsize, phnum, shentsize, shnum, shstrndx, size;
};
static const struct ehdr_layout ehdr32 = { 16, 18, 20, 24, 28, 32, 36, 40,
					   42, 44, 46, 48, 50, 52 };
static const struct ehdr_layout ehdr64 = { 16, 18, 20, 24, 32, 40, 48, 52,
					   54, 56, 58, 60, 62, 64 };

#define SHDR32_SIZE 40
#define SHDR64_SIZE 64
#define PHDR32_SIZE 32
#define PHDR64_SIZE 56
#define SYM32_SIZE LS_SYM32_SIZE
#define SYM64_SIZE LS_SYM64_SIZE

bool ls_is_elf(ls_bytes file)
{
	return ls_match(file, 0, "\177ELF", 4);
}

/* Reads one address-sized field of the current class. */
static uint64_t word(const ls_object *o, uint64_t off)
{
	uint64_t v = 0;
	ls_word(o->file, off, o->order, o->wordsize, &v);
	return v;
}

static uint32_t u32(const ls_object *o, uint64_t off)
{
	uint32_t v = 0;
	ls_u32(o->file, off, o->order, &v);
	return v;
}

static uint16_t u16(const ls_object *o, uint64_t off)
{
	uint16_t v = 0;
	ls_u16(o->file, off, o->order, &v);
	return v;
}

/* Absolute offset for diagnostics. */
static uint64_t abs_off(const ls_object *o, uint64_t off)
{
	return o->base_off + off;
}

static int read_ident(ls_object *o, ls_diag *d)
{
	uint8_t cls, data, ver;

	if (o->file.size < 4 || !ls_is_elf(o->file))
		return ls_fail(d, abs_off(o, 0), "not an ELF file (bad magic)");
	if (o->file.size < EI_NIDENT)
		return ls_fail(d, abs_off(o, o->file.size),
			       "truncated ELF identification (%llu of 16 bytes)",
			       (unsigned long long)o->file.size);
	ls_u8(o->file, EI_CLASS, &cls);
	ls_u8(o->file, EI_DATA, &data);
	ls_u8(o->file, EI_VERSION, &ver);
	if (cls != ELFCLASS32 && cls != ELFCLASS64)
		return ls_fail(d, abs_off(o, EI_CLASS),
			       "invalid ELF class %u", cls);
	if (data != ELFDATA2LSB && data != ELFDATA2MSB)
		return ls_fail(d, abs_off(o, EI_DATA),
			       "invalid ELF data encoding %u", data);
	if (ver != EV_CURRENT)
		return ls_fail(d, abs_off(o, EI_VERSION),
			       "unsupported ELF version %u", ver);
	o->elfclass = cls;
	o->order = data == ELFDATA2LSB ? LS_LE : LS_BE;
	o->wordsize = cls == ELFCLASS64 ? 8 : 4;
	ls_u8(o->file, EI_OSABI, &o->osabi);
	ls_u8(o->file, EI_ABIVERSION, &o->abiversion);
	return 0;
}

static int read_section_headers(ls_object *o, uint16_t e_shnum,
				uint16_t e_shstrndx, uint16_t shentsize,
				uint32_t *phnum_escape, ls_diag *d)
{
	uint64_t esz = o->elfclass == ELFCLASS64 ? SHDR64_SIZE : SHDR32_SIZE;
	uint64_t total;

	if (o->shoff == 0) {
		if (e_shnum != 0)
			return ls_fail(d, abs_off(o, o->elfclass == ELFCLASS64 ? 40 : 32),
				       "e_shnum is %u but e_shoff is 0", e_shnum);
		o->shstrndx = 0;
		return 0;
	}
	if (shentsize != esz)
		return ls_fail(d, abs_off(o, o->elfclass == ELFCLASS64 ? 58 : 46),
			       "e_shentsize is %u, expected %llu", shentsize,
			       (unsigned long long)esz);
	if (!ls_in(o->file, o->shoff, esz))
		return ls_fail(d, abs_off(o, o->shoff),
			       "section header table past end of file");

	/* Section 0 carries the escapes for counts that do not fit. */
	uint64_t s0 = o->shoff;
	uint64_t s0_size = word(o, s0 + (o->wordsize == 8 ? 32 : 20));
	uint32_t s0_link = u32(o, s0 + (o->wordsize == 8 ? 40 : 24));
	uint32_t s0_info = u32(o, s0 + (o->wordsize == 8 ? 44 : 28));
	uint64_t n = e_shnum;
	if (n == 0)
		n = s0_size;
	o->shstrndx = e_shstrndx == SHN_XINDEX ? s0_link : e_shstrndx;
	*phnum_escape = s0_info;
	if (n == 0) {
		/* e_shoff set but no sections: nothing to describe. */
		o->shnum = 0;
		return 0;
	}
	if (!ls_mul_ok(n, esz, &total) || !ls_in(o->file, o->shoff, total))
		return ls_fail(d, abs_off(o, o->shoff),
			       "section header table (%llu entries) extends past end of file",
			       (unsigned long long)n);
	o->shnum = (uint32_t)n;	/* fits: bounded by the file size */
	o->sections = calloc(o->shnum, sizeof *o->sections);
	if (!o->sections)
		return ls_fail(d, abs_off(o, o->shoff), "out of memory");

	for (uint32_t i = 0; i < o->shnum; i++) {
		uint64_t h = o->shoff + i * esz;
		ls_section *s = &o->sections[i];
		if (o->wordsize == 8) {
			s->type = u32(o, h + 4);
			s->flags = word(o, h + 8);
			s->addr = word(o, h + 16);
			s->offset = word(o, h + 24);
			s->size = word(o, h + 32);
			s->link = u32(o, h + 40);
			s->info = u32(o, h + 44);
			s->addralign = word(o, h + 48);
			s->entsize = word(o, h + 56);
		} else {
			s->type = u32(o, h + 4);
			s->flags = u32(o, h + 8);
			s->addr = u32(o, h + 12);
			s->offset = u32(o, h + 16);
			s->size = u32(o, h + 20);
			s->link = u32(o, h + 24);
			s->info = u32(o, h + 28);
			s->addralign = u32(o, h + 32);
			s->entsize = u32(o, h + 36);
		}
		s->name = "";
		if (i != 0 && s->type != SHT_NOBITS && s->type != SHT_NULL &&
		    !ls_in(o->file, s->offset, s->size))
			return ls_fail(d, abs_off(o, h + (o->wordsize == 8 ? 24 : 16)),
				       "section %u: contents (offset 0x%llx, size 0x%llx) extend past end of file",
				       i, (unsigned long long)s->offset,
				       (unsigned long long)s->size);
	}

	if (o->shstrndx != SHN_UNDEF) {
		if (o->shstrndx >= o->shnum)
			return ls_fail(d, abs_off(o, o->elfclass == ELFCLASS64 ? 62 : 50),
				       "section name table index %u out of range (%u sections)",
				       o->shstrndx, o->shnum);
		const ls_section *ss = &o->sections[o->shstrndx];
		ls_bytes names;
		if (ss->type == SHT_NOBITS ||
		    !ls_sub(o->file, ss->offset, ss->size, &names))
			return ls_fail(d, abs_off(o, ss->offset),
				       "section name table unreadable");
		for (uint32_t i = 0; i < o->shnum; i++) {
			uint64_t h = o->shoff + i * esz;
			uint32_t nameoff = u32(o, h);
			const char *nm;
			if (i == 0 && nameoff == 0)
				continue;
			if (!ls_cstr(names, nameoff, &nm, NULL))
				return ls_fail(d, abs_off(o, h),
					       "section %u: name offset 0x%x outside section name table or unterminated",
					       i, nameoff);
			o->sections[i].name = nm;
		}
	}
	return 0;
}

static int read_program_headers(ls_object *o, uint16_t e_phnum,
				uint16_t phentsize, uint32_t phnum_escape,
				ls_diag *d)
{
	uint64_t esz = o->elfclass == ELFCLASS64 ? PHDR64_SIZE : PHDR32_SIZE;
	uint64_t n = e_phnum, total;

	if (e_phnum == PN_XNUM) {
		if (o->shnum == 0)
			return ls_fail(d, abs_off(o, o->elfclass == ELFCLASS64 ? 56 : 44),
				       "e_phnum is PN_XNUM but there is no section 0");
		n = phnum_escape;
	}
	if (n == 0)
		return 0;
	if (phentsize != esz)
		return ls_fail(d, abs_off(o, o->elfclass == ELFCLASS64 ? 54 : 42),
			       "e_phentsize is %u, expected %llu", phentsize,
			       (unsigned long long)esz);
	if (!ls_mul_ok(n, esz, &total) || !ls_in(o->file, o->phoff, total))
		return ls_fail(d, abs_off(o, o->phoff),
			       "program header table (%llu entries) extends past end of file",
			       (unsigned long long)n);
	o->phnum = (uint32_t)n;
	o->segments = calloc(o->phnum, sizeof *o->segments);
	if (!o->segments)
		return ls_fail(d, abs_off(o, o->phoff), "out of memory");
	for (uint32_t i = 0; i < o->phnum; i++) {
		uint64_t h = o->phoff + i * esz;
		ls_segment *p = &o->segments[i];
		p->type = u32(o, h);
		if (o->wordsize == 8) {
			p->flags = u32(o, h + 4);
			p->offset = word(o, h + 8);
			p->vaddr = word(o, h + 16);
			p->paddr = word(o, h + 24);
			p->filesz = word(o, h + 32);
			p->memsz = word(o, h + 40);
			p->align = word(o, h + 48);
		} else {
			p->offset = u32(o, h + 4);
			p->vaddr = u32(o, h + 8);
			p->paddr = u32(o, h + 12);
			p->filesz = u32(o, h + 16);
			p->memsz = u32(o, h + 20);
			p->flags = u32(o, h + 24);
			p->align = u32(o, h + 28);
		}
	}
	return 0;
}

/* Offset of section i's header, for diagnostics. */
static uint64_t shdr_off(const ls_object *o, uint32_t i)
{
	return abs_off(o, o->shoff + (uint64_t)i *
			       (o->elfclass == ELFCLASS64 ? SHDR64_SIZE : SHDR32_SIZE));
}

static int section_bytes(const ls_object *o, uint32_t i, ls_bytes *out,
			 ls_diag *d)
{
	const ls_section *s = &o->sections[i];
	if (s->type == SHT_NOBITS) {
		out->base = NULL;
		out->size = 0;
		return 0;
	}
	if (!ls_sub(o->file, s->offset, s->size, out))
		return ls_fail(d, shdr_off(o, i),
			       "section %u contents past end of file", i);
	return 0;
}

static int setup_symtab(ls_object *o, uint32_t idx, ls_symtab *t, ls_diag *d)
{
	const ls_section *s = &o->sections[idx];
	uint64_t esz = o->elfclass == ELFCLASS64 ? SYM64_SIZE : SYM32_SIZE;

	if (t->present)
		return 0;	/* the first table of a kind is the one used */
	if (s->entsize != esz)
		return ls_fail(d, shdr_off(o, idx),
			       "symbol table section %u has sh_entsize %llu, expected %llu",
			       idx, (unsigned long long)s->entsize,
			       (unsigned long long)esz);
	if (s->size % esz != 0)
		return ls_fail(d, shdr_off(o, idx),
			       "symbol table section %u size 0x%llx is not a multiple of its entry size",
			       idx, (unsigned long long)s->size);
	if (section_bytes(o, idx, &t->data, d) < 0)
		return -1;
	if (s->link == 0 || s->link >= o->shnum)
		return ls_fail(d, shdr_off(o, idx),
			       "symbol table section %u links to string table %u, out of range",
			       idx, s->link);
	if (o->sections[s->link].type != SHT_STRTAB)
		return ls_fail(d, shdr_off(o, idx),
			       "symbol table section %u links to section %u, which is not a string table",
			       idx, s->link);
	if (section_bytes(o, s->link, &t->strtab, d) < 0)
		return -1;
	if (s->size / esz > UINT32_MAX)
		return ls_fail(d, shdr_off(o, idx), "symbol table too large");
	t->present = true;
	t->section = idx;
	t->count = (uint32_t)(s->size / esz);
	t->first_global = s->info;
	t->entsize = esz;
	t->data_off = abs_off(o, s->offset);
	return 0;
}

static int setup_shndx(ls_object *o, uint32_t idx, ls_diag *d)
{
	const ls_section *s = &o->sections[idx];
	ls_symtab *t;

	if (s->link == o->symtab.section && o->symtab.present)
		t = &o->symtab;
	else if (s->link == o->dynsym.section && o->dynsym.present)
		t = &o->dynsym;
	else
		return 0;	/* checked when a symbol needs it */
	if (section_bytes(o, idx, &t->shndx, d) < 0)
		return -1;
	if (t->shndx.size / 4 < t->count)
		return ls_fail(d, shdr_off(o, idx),
			       "SHT_SYMTAB_SHNDX section %u has %llu entries for %u symbols",
			       idx, (unsigned long long)(t->shndx.size / 4),
			       t->count);
	t->shndx_off = abs_off(o, s->offset);
	return 0;
}

/* Version tables ---------------------------------------------------------- */

/*
 * Common checks of .gnu.version_d / .gnu.version_r: contents in the file
 * and a string table behind sh_link.  The entry count is sh_info (0: what
 * the size allows), checked by ls_elf_versions.
 */
static int version_section(const ls_object *o, uint32_t i, const char *what,
			   ls_vertab *t, ls_diag *d)
{
	const ls_section *s = &o->sections[i];

	if (section_bytes(o, i, &t->b, d) < 0)
		return -1;
	if (s->link >= o->shnum || o->sections[s->link].type != SHT_STRTAB)
		return ls_fail(d, shdr_off(o, i),
			       "version %s section links to section %u, not a string table",
			       what, s->link);
	if (section_bytes(o, s->link, &t->str, d) < 0)
		return -1;
	t->count = s->info;
	t->off = s->offset;
	t->count_off = shdr_off(o, i);
	return 0;
}

static int read_versions(ls_object *o, ls_diag *d)
{
	uint32_t vd = 0, vn = 0, vs = 0;
	ls_vertab tvd, tvn;

	for (uint32_t i = 1; i < o->shnum; i++) {
		uint32_t t = o->sections[i].type;
		if (t == SHT_GNU_verdef && !vd)
			vd = i;
		else if (t == SHT_GNU_verneed && !vn)
			vn = i;
		else if (t == SHT_GNU_versym && !vs)
			vs = i;
	}
	if (vs) {
		if (section_bytes(o, vs, &o->versym, d) < 0)
			return -1;
		if (o->dynsym.present &&
		    o->versym.size / 2 != o->dynsym.count)
			return ls_fail(d, shdr_off(o, vs),
				       "version count (%llu) does not match dynamic symbol count (%u)",
				       (unsigned long long)(o->versym.size / 2),
				       o->dynsym.count);
	}
	if (vd && version_section(o, vd, "definition", &tvd, d) < 0)
		return -1;
	if (vn && version_section(o, vn, "requirement", &tvn, d) < 0)
		return -1;
	return ls_elf_versions(o, vd ? &tvd : NULL, vn ? &tvn : NULL, d);
}

const ls_version *ls_version_lookup(const ls_object *o, uint16_t idx)
{
	const ls_version *e = o->versions;
	uint32_t lo = 0, hi = o->nversions;

	idx &= 0x7fff;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (e[mid].index < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < o->nversions && e[lo].index == idx)
		return &e[lo];
	return NULL;
}

/* Public entry points ----------------------------------------------------- */

int ls_object_open(ls_object *o, ls_bytes file, uint64_t base_off, ls_diag *d)
{
	const struct ehdr_layout *L;
	uint16_t e_phnum, e_shnum, e_shstrndx, phentsize, shentsize;
	uint32_t phnum_escape = 0;

	memset(o, 0, sizeof *o);
	o->kind = LS_KIND_ELF;
	o->file = file;
	o->base_off = base_off;
	if (read_ident(o, d) < 0)
		return -1;
	L = o->elfclass == ELFCLASS64 ? &ehdr64 : &ehdr32;
	if (file.size < L->size)
		return ls_fail(d, abs_off(o, file.size),
			       "truncated ELF header (%llu of %u bytes)",
			       (unsigned long long)file.size, L->size);
	o->type = u16(o, L->type);
	o->machine = u16(o, L->machine);
	o->entry = word(o, L->entry);
	o->phoff = word(o, L->phoff);
	o->shoff = word(o, L->shoff);
	o->flags = u32(o, L->flags);
	phentsize = u16(o, L->phentsize);
	e_phnum = u16(o, L->phnum);
	shentsize = u16(o, L->shentsize);
	e_shnum = u16(o, L->shnum);
	e_shstrndx = u16(o, L->shstrndx);

	if (read_section_headers(o, e_shnum, e_shstrndx, shentsize,
				 &phnum_escape, d) < 0)
		goto fail;
	if (read_program_headers(o, e_phnum, phentsize, phnum_escape, d) < 0)
		goto fail;

	for (uint32_t i = 1; i < o->shnum; i++) {
		if (o->sections[i].type == SHT_SYMTAB &&
		    setup_symtab(o, i, &o->symtab, d) < 0)
			goto fail;
		if (o->sections[i].type == SHT_DYNSYM &&
		    setup_symtab(o, i, &o->dynsym, d) < 0)
			goto fail;
	}
	for (uint32_t i = 1; i < o->shnum; i++)
		if (o->sections[i].type == SHT_SYMTAB_SHNDX &&
		    setup_shndx(o, i, d) < 0)
			goto fail;
	if (read_versions(o, d) < 0)
		goto fail;
	if (o->shnum == 0 && ls_elf_dynsyms(o, d) < 0)
		goto fail;
	return 0;
fail:
	ls_object_close(o);
	return -1;
}

void ls_object_close(ls_object *o)
{
	free(o->sections);
	free(o->segments);
	free(o->versions);
	o->sections = NULL;
	o->segments = NULL;
	o->versions = NULL;
}

int ls_symbol_get(const ls_object *o, const ls_symtab *t, uint32_t i,
		  ls_symbol *s, ls_diag *d)
{
	uint64_t off = (uint64_t)i * t->entsize;
	uint32_t name;

	if (i >= t->count)
		return ls_fail(d, t->data_off, "symbol index %u out of range", i);
	ls_bytes b = t->data;
	if (o->wordsize == 8) {
		ls_u32(b, off, o->order, &name);
		ls_u8(b, off + 4, &s->bind);
		ls_u8(b, off + 5, &s->other);
		ls_u16(b, off + 6, o->order, &s->raw_shndx);
		ls_u64(b, off + 8, o->order, &s->value);
		ls_u64(b, off + 16, o->order, &s->size);
	} else {
		uint32_t v, sz;
		ls_u32(b, off, o->order, &name);
		ls_u32(b, off + 4, o->order, &v);
		ls_u32(b, off + 8, o->order, &sz);
		ls_u8(b, off + 12, &s->bind);
		ls_u8(b, off + 13, &s->other);
		ls_u16(b, off + 14, o->order, &s->raw_shndx);
		s->value = v;
		s->size = sz;
	}
	s->type = s->bind & 0xf;
	s->bind >>= 4;
	s->visibility = s->other & 3;
	if (name == 0) {
		s->name = "";
		s->name_len = 0;
	} else if (!ls_cstr(t->strtab, name, &s->name, &s->name_len)) {
		return ls_fail(d, t->data_off + off,
			       "symbol %u: name offset 0x%x outside string table or unterminated",
			       i, name);
	}
	s->shndx = s->raw_shndx;
	if (s->raw_shndx == SHN_XINDEX) {
		uint32_t x;
		if (!ls_u32(t->shndx, (uint64_t)i * 4, o->order, &x))
			return ls_fail(d, t->data_off + off,
				       "symbol %u uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX entry for it",
				       i);
		s->shndx = x;
	}
	/* Reserved indexes (SHN_LORESERVE and up) are meanings, not
	 * sections; anything else must name a section that exists, unless
	 * the table came from dynamic tags: then the sections are not
	 * described (ls_symbol_section gives NULL). */
	if (!t->from_dynamic && s->shndx >= o->shnum &&
	    (s->raw_shndx == SHN_XINDEX || s->raw_shndx < SHN_LORESERVE))
		return ls_fail(d, t->data_off + off,
			       "symbol %u: section index %u out of range (%u sections)",
			       i, s->shndx, o->shnum);
	s->has_versym = false;
	s->versym = 0;
	if (t == &o->dynsym && o->versym.size) {
		s->has_versym = ls_u16(o->versym, (uint64_t)i * 2, o->order,
				       &s->versym);
		uint16_t v = s->versym & 0x7fff;
		if (s->has_versym && v >= 2 && (o->has_verdef || o->has_verneed) &&
		    !ls_version_lookup(o, v))
			return ls_fail(d, o->base_off + (uint64_t)(o->versym.base -
							 o->file.base) + (uint64_t)i * 2,
				       "symbol %u: version index %u is not defined or required",
				       i, v);
	}
	return 0;
}

const ls_section *ls_symbol_section(const ls_object *o, const ls_symbol *s)
{
	if (s->shndx == SHN_UNDEF || s->shndx >= o->shnum)
		return NULL;
	if (s->raw_shndx != SHN_XINDEX &&
	    s->raw_shndx >= SHN_LORESERVE)
		return NULL;
	return &o->sections[s->shndx];
}
