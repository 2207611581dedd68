/*
 * elfbuild.c - in-memory ELF and ar builders for the unit tests; see
 * elfbuild.h.
 */
#include "elfbuild.h"

#include "core/bytes.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "elfbuild: out of memory\n");
		abort();
	}
	return q;
}

/* Buffers ---------------------------------------------------------------- */

static void reserve(eb_buf *b, size_t n)
{
	if (b->n + n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->n + n)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void eb_buf_add(eb_buf *b, const void *data, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->p + b->n, data, n);
	b->n += n;
}

void eb_buf_zero(eb_buf *b, size_t n)
{
	reserve(b, n);
	memset(b->p + b->n, 0, n);
	b->n += n;
}

uint32_t eb_buf_str(eb_buf *b, const char *s)
{
	uint32_t off = (uint32_t)b->n;
	eb_buf_add(b, s, strlen(s) + 1);
	return off;
}

void eb_buf_u8(eb_buf *b, uint8_t v)
{
	eb_buf_add(b, &v, 1);
}

void eb_put16(uint8_t *img, uint64_t off, int order, uint16_t v)
{
	for (int i = 0; i < 2; i++)
		img[off + (order == LS_LE ? i : 1 - i)] = (uint8_t)(v >> (8 * i));
}

void eb_put32(uint8_t *img, uint64_t off, int order, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		img[off + (order == LS_LE ? i : 3 - i)] = (uint8_t)(v >> (8 * i));
}

void eb_put64(uint8_t *img, uint64_t off, int order, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		img[off + (order == LS_LE ? i : 7 - i)] = (uint8_t)(v >> (8 * i));
}

void eb_putword(uint8_t *img, uint64_t off, int order, int wordsize,
		uint64_t v)
{
	if (wordsize == 8)
		eb_put64(img, off, order, v);
	else
		eb_put32(img, off, order, (uint32_t)v);
}

void eb_buf_u16(eb_buf *b, int order, uint16_t v)
{
	reserve(b, 2);
	eb_put16(b->p, b->n, order, v);
	b->n += 2;
}

void eb_buf_u32(eb_buf *b, int order, uint32_t v)
{
	reserve(b, 4);
	eb_put32(b->p, b->n, order, v);
	b->n += 4;
}

void eb_buf_u64(eb_buf *b, int order, uint64_t v)
{
	reserve(b, 8);
	eb_put64(b->p, b->n, order, v);
	b->n += 8;
}

static void buf_word(eb_buf *b, int order, int wordsize, uint64_t v)
{
	if (wordsize == 8)
		eb_buf_u64(b, order, v);
	else
		eb_buf_u32(b, order, (uint32_t)v);
}

void eb_buf_free(eb_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

/* ELF -------------------------------------------------------------------- */

void eb_init(elfb *b, uint8_t elfclass, int order, uint16_t machine,
	     uint16_t type)
{
	memset(b, 0, sizeof *b);
	b->elfclass = elfclass;
	b->order = order;
	b->wordsize = elfclass == ELFCLASS64 ? 8 : 4;
	b->machine = machine;
	b->type = type;
	b->nsec = 1;		/* the null section */
	b->sec[0].name = "";
}

void eb_free(elfb *b)
{
	for (uint32_t i = 0; i < EB_MAXSEC; i++)
		eb_buf_free(&b->sec[i].data);
}

uint32_t eb_add(elfb *b, const char *name, uint32_t type, uint64_t flags)
{
	if (b->nsec >= EB_MAXSEC - 1) {
		fprintf(stderr, "elfbuild: too many sections\n");
		abort();
	}
	uint32_t i = b->nsec++;
	eb_sec *s = &b->sec[i];
	s->name = name;
	s->type = type;
	s->flags = flags;
	s->align = 1;
	return i;
}

uint32_t eb_add_data(elfb *b, const char *name, uint32_t type, uint64_t flags,
		     const void *data, size_t n)
{
	uint32_t i = eb_add(b, name, type, flags);
	eb_buf_add(&b->sec[i].data, data, n);
	return i;
}

uint32_t eb_add_nobits(elfb *b, const char *name, uint64_t flags,
		       uint64_t size)
{
	uint32_t i = eb_add(b, name, SHT_NOBITS, flags);
	b->sec[i].nobits_size = size;
	return i;
}

uint32_t eb_str(elfb *b, uint32_t sec, const char *s)
{
	return eb_buf_str(&b->sec[sec].data, s);
}

uint32_t eb_add_symtab(elfb *b, const char *name, uint32_t type,
		       const char *strname)
{
	uint32_t str = eb_add(b, strname, SHT_STRTAB,
			      type == SHT_DYNSYM ? SHF_ALLOC : 0);
	eb_buf_u8(&b->sec[str].data, 0);
	uint32_t sym = eb_add(b, name, type, type == SHT_DYNSYM ? SHF_ALLOC : 0);
	eb_sec *s = &b->sec[sym];
	s->link = str;
	s->info = 1;
	s->align = (uint64_t)b->wordsize;
	s->entsize = b->elfclass == ELFCLASS64 ? 24 : 16;
	eb_buf_zero(&s->data, (size_t)s->entsize);
	return sym;
}

uint32_t eb_nsyms(const elfb *b, uint32_t symtab)
{
	return (uint32_t)(b->sec[symtab].data.n /
			  (b->elfclass == ELFCLASS64 ? 24 : 16));
}

uint32_t eb_sym_raw(elfb *b, uint32_t symtab, uint32_t name, uint64_t value,
		    uint64_t size, uint8_t info, uint8_t other, uint16_t shndx)
{
	eb_buf *d = &b->sec[symtab].data;
	uint32_t idx = eb_nsyms(b, symtab);
	if (b->elfclass == ELFCLASS64) {
		eb_buf_u32(d, b->order, name);
		eb_buf_u8(d, info);
		eb_buf_u8(d, other);
		eb_buf_u16(d, b->order, shndx);
		eb_buf_u64(d, b->order, value);
		eb_buf_u64(d, b->order, size);
	} else {
		eb_buf_u32(d, b->order, name);
		eb_buf_u32(d, b->order, (uint32_t)value);
		eb_buf_u32(d, b->order, (uint32_t)size);
		eb_buf_u8(d, info);
		eb_buf_u8(d, other);
		eb_buf_u16(d, b->order, shndx);
	}
	return idx;
}

uint32_t eb_sym(elfb *b, uint32_t symtab, const char *name, uint64_t value,
		uint64_t size, uint8_t bind, uint8_t type, uint8_t other,
		uint16_t shndx)
{
	uint32_t n = 0;
	if (name && *name)
		n = eb_str(b, b->sec[symtab].link, name);
	return eb_sym_raw(b, symtab, n, value, size,
			  (uint8_t)(bind << 4 | (type & 0xf)), other, shndx);
}

void eb_add_ph(elfb *b, uint32_t type, uint32_t flags, uint64_t offset,
	       uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	if (b->nph >= EB_MAXPH) {
		fprintf(stderr, "elfbuild: too many program headers\n");
		abort();
	}
	eb_ph *p = &b->ph[b->nph++];
	p->type = type;
	p->flags = flags;
	p->offset = offset;
	p->vaddr = vaddr;
	p->paddr = vaddr;
	p->filesz = filesz;
	p->memsz = memsz;
	p->align = 1;
}

static const uint8_t ehdr32_off[] = { 16, 18, 20, 24, 28, 32, 36, 40,
				      42, 44, 46, 48, 50 };
static const uint8_t ehdr64_off[] = { 16, 18, 20, 24, 32, 40, 48, 52,
				      54, 56, 58, 60, 62 };
static const uint8_t shdr32_off[] = { 0, 4, 8, 12, 16, 20, 24, 28, 32, 36 };
static const uint8_t shdr64_off[] = { 0, 4, 8, 16, 24, 32, 40, 44, 48, 56 };

uint64_t eb_ehdr_off(const elfb *b, int field)
{
	return b->elfclass == ELFCLASS64 ? ehdr64_off[field] : ehdr32_off[field];
}

uint64_t eb_shdr_off(const elfb *b, uint32_t i)
{
	return b->shoff + (uint64_t)i * b->shentsize;
}

uint64_t eb_shdr_field(const elfb *b, uint32_t i, int field)
{
	return eb_shdr_off(b, i) + (b->elfclass == ELFCLASS64 ? shdr64_off[field]
							      : shdr32_off[field]);
}

static void align_to(eb_buf *img, size_t a)
{
	while (img->n % a)
		eb_buf_u8(img, 0);
}

uint8_t *eb_finish(elfb *b, size_t *size)
{
	eb_buf img = { 0 };
	bool e64 = b->elfclass == ELFCLASS64;
	int o = b->order, w = b->wordsize;
	eb_buf shstr = { 0 };

	b->ehsize = e64 ? 64 : 52;
	b->shentsize = e64 ? 64 : 40;
	b->phentsize = e64 ? 56 : 32;

	/* Section names, in a .shstrtab added last. */
	b->shstrndx = 0;
	if (!b->no_shstrtab && !b->no_sections) {
		b->shstrndx = eb_add(b, ".shstrtab", SHT_STRTAB, 0);
		eb_buf_u8(&shstr, 0);
		for (uint32_t i = 1; i < b->nsec; i++) {
			if (b->sec[i].set_name)
				continue;
			b->sec[i].name_off = i == b->shstrndx
				? (uint32_t)shstr.n
				: eb_buf_str(&shstr, b->sec[i].name);
			if (i == b->shstrndx)
				eb_buf_str(&shstr, ".shstrtab");
		}
		eb_buf_add(&b->sec[b->shstrndx].data, shstr.p, shstr.n);
		eb_buf_free(&shstr);
	}

	/* Header, filled in below. */
	eb_buf_zero(&img, (size_t)b->ehsize);

	b->phoff = 0;
	if (b->nph) {
		b->phoff = img.n;
		for (uint32_t i = 0; i < b->nph; i++) {
			const eb_ph *p = &b->ph[i];
			eb_buf_u32(&img, o, p->type);
			if (e64) {
				eb_buf_u32(&img, o, p->flags);
				eb_buf_u64(&img, o, p->offset);
				eb_buf_u64(&img, o, p->vaddr);
				eb_buf_u64(&img, o, p->paddr);
				eb_buf_u64(&img, o, p->filesz);
				eb_buf_u64(&img, o, p->memsz);
				eb_buf_u64(&img, o, p->align);
			} else {
				eb_buf_u32(&img, o, (uint32_t)p->offset);
				eb_buf_u32(&img, o, (uint32_t)p->vaddr);
				eb_buf_u32(&img, o, (uint32_t)p->paddr);
				eb_buf_u32(&img, o, (uint32_t)p->filesz);
				eb_buf_u32(&img, o, (uint32_t)p->memsz);
				eb_buf_u32(&img, o, p->flags);
				eb_buf_u32(&img, o, (uint32_t)p->align);
			}
		}
	}

	if (!b->no_sections) {
		for (uint32_t i = 1; i < b->nsec; i++) {
			eb_sec *s = &b->sec[i];
			align_to(&img, 8);
			s->file_off = img.n;
			if (s->type != SHT_NOBITS)
				eb_buf_add(&img, s->data.p, s->data.n);
		}
		align_to(&img, 8);
		b->shoff = img.n;
		for (uint32_t i = 0; i < b->nsec; i++) {
			const eb_sec *s = &b->sec[i];
			uint64_t off = s->set_offset ? s->offset
						     : i ? s->file_off : 0;
			uint64_t sz = s->set_size ? s->size
				      : s->type == SHT_NOBITS ? s->nobits_size
							      : s->data.n;
			uint32_t link = s->link, info = s->info;
			if (i == 0) {
				if (b->shnum_escape && !s->set_size)
					sz = b->nsec;
				if (b->shstrndx_escape)
					link = b->shstrndx;
				if (b->phnum_escape)
					info = b->nph;
			}
			eb_buf_u32(&img, o, s->name_off);
			eb_buf_u32(&img, o, s->type);
			buf_word(&img, o, w, s->flags);
			buf_word(&img, o, w, s->addr);
			buf_word(&img, o, w, off);
			buf_word(&img, o, w, sz);
			eb_buf_u32(&img, o, link);
			eb_buf_u32(&img, o, info);
			buf_word(&img, o, w, i ? s->align : 0);
			buf_word(&img, o, w, s->entsize);
		}
	} else {
		b->shoff = 0;
	}

	/* The ELF header. */
	uint8_t *h = img.p;
	memcpy(h, "\177ELF", 4);
	h[EI_CLASS] = b->elfclass;
	h[EI_DATA] = o == LS_LE ? ELFDATA2LSB : ELFDATA2MSB;
	h[EI_VERSION] = EV_CURRENT;
	h[EI_OSABI] = b->osabi;
	h[EI_ABIVERSION] = b->abiversion;
	eb_put16(h, eb_ehdr_off(b, EB_E_TYPE), o, b->type);
	eb_put16(h, eb_ehdr_off(b, EB_E_MACHINE), o, b->machine);
	eb_put32(h, eb_ehdr_off(b, EB_E_VERSION), o, EV_CURRENT);
	eb_putword(h, eb_ehdr_off(b, EB_E_ENTRY), o, w, b->entry);
	eb_putword(h, eb_ehdr_off(b, EB_E_PHOFF), o, w, b->phoff);
	eb_putword(h, eb_ehdr_off(b, EB_E_SHOFF), o, w, b->shoff);
	eb_put32(h, eb_ehdr_off(b, EB_E_FLAGS), o, b->flags);
	eb_put16(h, eb_ehdr_off(b, EB_E_EHSIZE), o, (uint16_t)b->ehsize);
	eb_put16(h, eb_ehdr_off(b, EB_E_PHENTSIZE), o,
		 b->nph ? (uint16_t)b->phentsize : 0);
	eb_put16(h, eb_ehdr_off(b, EB_E_PHNUM), o,
		 b->phnum_escape ? PN_XNUM : (uint16_t)b->nph);
	eb_put16(h, eb_ehdr_off(b, EB_E_SHENTSIZE), o,
		 b->no_sections ? 0 : (uint16_t)b->shentsize);
	eb_put16(h, eb_ehdr_off(b, EB_E_SHNUM), o,
		 b->no_sections || b->shnum_escape ? 0 : (uint16_t)b->nsec);
	eb_put16(h, eb_ehdr_off(b, EB_E_SHSTRNDX), o,
		 b->shstrndx_escape ? SHN_XINDEX : (uint16_t)b->shstrndx);

	b->size = img.n;
	if (size)
		*size = img.n;
	return img.p;
}

/* ar --------------------------------------------------------------------- */

void arb_init(arb *a, bool thin)
{
	memset(a, 0, sizeof *a);
	eb_buf_add(&a->b, thin ? "!<thin>\n" : "!<arch>\n", 8);
}

static void field(eb_buf *b, const char *s, size_t width)
{
	size_t n = strlen(s);
	if (n > width)
		n = width;
	eb_buf_add(b, s, n);
	while (n++ < width)
		eb_buf_u8(b, ' ');
}

uint64_t arb_member_raw(arb *a, const char *name, const char *size,
			const char *fmag, const void *data, size_t n)
{
	uint64_t off = a->b.n;
	field(&a->b, name, 16);
	field(&a->b, "0", 12);
	field(&a->b, "0", 6);
	field(&a->b, "0", 6);
	field(&a->b, "644", 8);
	field(&a->b, size, 10);
	eb_buf_add(&a->b, fmag, 2);
	eb_buf_add(&a->b, data, n);
	if (a->b.n & 1)
		eb_buf_u8(&a->b, '\n');
	return off;
}

uint64_t arb_member(arb *a, const char *name, const void *data, size_t n,
		    bool store)
{
	char size[32];
	snprintf(size, sizeof size, "%zu", n);
	return arb_member_raw(a, name, size, "`\n", data, store ? n : 0);
}

size_t arb_span(size_t n)
{
	return 60 + n + (n & 1);
}

void arb_free(arb *a)
{
	eb_buf_free(&a->b);
}

void arb_gnu_symidx(eb_buf *out, uint32_t n, const uint32_t *offs,
		    const char *const *names)
{
	eb_buf_u32(out, LS_BE, n);
	for (uint32_t i = 0; i < n; i++)
		eb_buf_u32(out, LS_BE, offs[i]);
	for (uint32_t i = 0; i < n; i++)
		eb_buf_str(out, names[i]);
}

/* Versions --------------------------------------------------------------- */

void eb_verdef(eb_buf *b, int order, uint16_t flags, uint16_t ndx,
	       uint32_t nnames, const uint32_t *names, bool last)
{
	eb_buf_u16(b, order, 1);		/* vd_version */
	eb_buf_u16(b, order, flags);
	eb_buf_u16(b, order, ndx);
	eb_buf_u16(b, order, (uint16_t)nnames);	/* vd_cnt */
	eb_buf_u32(b, order, 0);		/* vd_hash */
	eb_buf_u32(b, order, 20);		/* vd_aux */
	eb_buf_u32(b, order, last ? 0 : 20 + 8 * nnames);
	for (uint32_t i = 0; i < nnames; i++) {
		eb_buf_u32(b, order, names[i]);	/* vda_name */
		eb_buf_u32(b, order, i + 1 < nnames ? 8 : 0);
	}
}

void eb_verneed(eb_buf *b, int order, uint32_t file, uint32_t naux,
		const uint16_t *others, const uint16_t *flags,
		const uint32_t *names, bool last)
{
	eb_buf_u16(b, order, 1);		/* vn_version */
	eb_buf_u16(b, order, (uint16_t)naux);
	eb_buf_u32(b, order, file);
	eb_buf_u32(b, order, 16);		/* vn_aux */
	eb_buf_u32(b, order, last ? 0 : 16 + 16 * naux);
	for (uint32_t i = 0; i < naux; i++) {
		eb_buf_u32(b, order, 0);	/* vna_hash */
		eb_buf_u16(b, order, flags[i]);
		eb_buf_u16(b, order, others[i]);
		eb_buf_u32(b, order, names[i]);
		eb_buf_u32(b, order, i + 1 < naux ? 16 : 0);
	}
}

void eb_versioned_dso(elfb *b, eb_dso *x, uint8_t elfclass, int order)
{
	static const uint8_t code[32];
	static const uint8_t data[16];

	eb_init(b, elfclass, order, EM_X86_64, ET_DYN);
	x->text = eb_add_data(b, ".text", SHT_PROGBITS,
			      SHF_ALLOC | SHF_EXECINSTR, code, sizeof code);
	b->sec[x->text].addr = 0x1000;
	x->data = eb_add_data(b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
			      data, sizeof data);
	b->sec[x->data].addr = 0x2000;
	x->dynsym = eb_add_symtab(b, ".dynsym", SHT_DYNSYM, ".dynstr");
	x->dynstr = b->sec[x->dynsym].link;

	uint32_t d = x->dynstr, s = x->dynsym;
	eb_sym(b, s, "foo", 0x1000, 4, STB_GLOBAL, STT_FUNC, 0, (uint16_t)x->text);
	eb_sym(b, s, "bar", 0x1010, 4, STB_GLOBAL, STT_FUNC, 0, (uint16_t)x->text);
	eb_sym(b, s, "printf", 0, 0, STB_GLOBAL, STT_FUNC, 0, SHN_UNDEF);
	eb_sym(b, s, "base_sym", 0x2000, 8, STB_GLOBAL, STT_OBJECT, 0,
	       (uint16_t)x->data);
	/* A symbol named like the version it is defined in. */
	eb_sym(b, s, "VERS_1", 0, 0, STB_GLOBAL, STT_OBJECT, 0, SHN_ABS);
	eb_sym(b, s, "unver", 0x1018, 2, STB_GLOBAL, STT_FUNC, 0,
	       (uint16_t)x->text);
	eb_sym(b, s, "memcpy", 0, 0, STB_GLOBAL, STT_FUNC, 0, SHN_UNDEF);
	eb_sym(b, s, "baz", 0x101c, 2, STB_GLOBAL, STT_FUNC, 0,
	       (uint16_t)x->text);

	uint32_t soname = eb_str(b, d, "libfix.so.1");
	uint32_t v1 = eb_str(b, d, "VERS_1");
	uint32_t v2 = eb_str(b, d, "VERS_2");
	uint32_t libc = eb_str(b, d, "libc.so.6");
	uint32_t g225 = eb_str(b, d, "GLIBC_2.2.5");
	uint32_t g234 = eb_str(b, d, "GLIBC_2.34");

	x->versym = eb_add(b, ".gnu.version", SHT_GNU_versym, SHF_ALLOC);
	b->sec[x->versym].link = s;
	b->sec[x->versym].entsize = 2;
	b->sec[x->versym].align = 2;
	static const uint16_t vs[EB_DSO_NSYMS] = {
		0, 2, 0x8003, 4, 1, 2, 0, 5, 3,
	};
	for (int i = 0; i < EB_DSO_NSYMS; i++)
		eb_buf_u16(&b->sec[x->versym].data, order, vs[i]);

	x->verdef = eb_add(b, ".gnu.version_d", SHT_GNU_verdef, SHF_ALLOC);
	b->sec[x->verdef].link = d;
	b->sec[x->verdef].info = 3;
	b->sec[x->verdef].align = 4;
	eb_buf *vd = &b->sec[x->verdef].data;
	eb_verdef(vd, order, VER_FLG_BASE, 1, 1, &soname, false);
	eb_verdef(vd, order, 0, 2, 1, &v1, false);
	uint32_t v2names[2] = { v2, v1 };
	eb_verdef(vd, order, 0, 3, 2, v2names, true);

	x->verneed = eb_add(b, ".gnu.version_r", SHT_GNU_verneed, SHF_ALLOC);
	b->sec[x->verneed].link = d;
	b->sec[x->verneed].info = 1;
	b->sec[x->verneed].align = 4;
	uint16_t others[2] = { 4, 5 }, flags[2] = { 0, VER_FLG_WEAK };
	uint32_t names[2] = { g225, g234 };
	eb_verneed(&b->sec[x->verneed].data, order, libc, 2, others, flags,
		   names, true);
}
