/*
 * elf_tables.c - relocations, the dynamic section and notes, decoded one
 * entry at a time from the mapping (the later analyses walk them; nothing
 * is decoded up front); and the load-info record (PT_INTERP and the
 * dynamic tags the loader acts on), decoded once for `check` and `deps`.
 */
#include "../model/object.h"
#include "elf_defs.h"

#include <stdlib.h>
#include <string.h>

static bool sect_bytes(const ls_object *o, uint32_t sec, ls_bytes *b)
{
	const ls_section *s = &o->sections[sec];
	return s->type != SHT_NOBITS && ls_sub(o->file, s->offset, s->size, b);
}

int64_t ls_reloc_count(const ls_object *o, uint32_t sec, ls_diag *d)
{
	uint64_t esz;

	if (sec >= o->shnum || (o->sections[sec].type != SHT_REL &&
				o->sections[sec].type != SHT_RELA))
		return ls_fail(d, o->base_off, "section %u is not a relocation section", sec);
	esz = (uint64_t)o->wordsize * (o->sections[sec].type == SHT_RELA ? 3 : 2);
	if (o->sections[sec].entsize != esz || o->sections[sec].size % esz)
		return ls_fail(d, o->base_off + o->sections[sec].offset,
			       "relocation section %u has entry size %llu, expected %llu",
			       sec, (unsigned long long)o->sections[sec].entsize,
			       (unsigned long long)esz);
	return (int64_t)(o->sections[sec].size / esz);
}

int ls_reloc_get(const ls_object *o, uint32_t sec, uint64_t i, ls_reloc *r,
		 ls_diag *d)
{
	int64_t n = ls_reloc_count(o, sec, d);
	ls_bytes b;
	uint64_t info, w = (uint64_t)o->wordsize;
	bool rela;

	if (n < 0)
		return -1;
	rela = o->sections[sec].type == SHT_RELA;
	if (i >= (uint64_t)n || !sect_bytes(o, sec, &b))
		return ls_fail(d, o->base_off + o->sections[sec].offset,
			       "relocation %llu out of range", (unsigned long long)i);
	uint64_t off = i * w * (rela ? 3 : 2);
	ls_word(b, off, o->order, o->wordsize, &r->offset);
	ls_word(b, off + w, o->order, o->wordsize, &info);
	r->addend = 0;
	if (rela) {
		uint64_t a;
		ls_word(b, off + 2 * w, o->order, o->wordsize, &a);
		r->addend = o->wordsize == 8 ? (int64_t)a : (int64_t)(int32_t)a;
	}
	if (o->wordsize == 8) {
		r->sym = (uint32_t)(info >> 32);
		r->type = info & 0xffffffffu;
	} else {
		r->sym = (uint32_t)(info >> 8);
		r->type = info & 0xff;
	}
	return 0;
}

/* The dynamic table's bytes: SHT_DYNAMIC, or PT_DYNAMIC when the section
 * headers are gone (sstrip). */
static bool dynamic_bytes(const ls_object *o, ls_bytes *b, uint64_t *off)
{
	for (uint32_t i = 1; i < o->shnum; i++)
		if (o->sections[i].type == SHT_DYNAMIC) {
			*off = o->sections[i].offset;
			return sect_bytes(o, i, b);
		}
	for (uint32_t i = 0; i < o->phnum; i++)
		if (o->segments[i].type == PT_DYNAMIC) {
			*off = o->segments[i].offset;
			return ls_sub(o->file, o->segments[i].offset,
				      o->segments[i].filesz, b);
		}
	b->base = NULL;
	b->size = 0;
	*off = 0;
	return true;
}

int64_t ls_dynamic_count(const ls_object *o, ls_diag *d)
{
	ls_bytes b;
	uint64_t off;

	if (!dynamic_bytes(o, &b, &off))
		return ls_fail(d, o->base_off + off, "dynamic section extends past end of file");
	return (int64_t)(b.size / (2 * (uint64_t)o->wordsize));
}

int ls_dynamic_get(const ls_object *o, uint64_t i, int64_t *tag,
		   uint64_t *val, ls_diag *d)
{
	ls_bytes b;
	uint64_t off, t, w = (uint64_t)o->wordsize;

	if (!dynamic_bytes(o, &b, &off) || i >= b.size / (2 * w))
		return ls_fail(d, o->base_off + off, "dynamic entry %llu out of range",
			       (unsigned long long)i);
	ls_word(b, i * 2 * w, o->order, o->wordsize, &t);
	ls_word(b, i * 2 * w + w, o->order, o->wordsize, val);
	*tag = o->wordsize == 8 ? (int64_t)t : (int64_t)(int32_t)t;
	return 0;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int ls_note_next(const ls_object *o, ls_bytes notes, uint64_t base,
		 uint64_t align, uint64_t *cur, ls_note *n, ls_diag *d)
{
	uint32_t namesz, descsz;
	uint64_t p = *cur, desc_off, end;

	/* Notes are 4-byte aligned, or 8 for the gABI's 64-bit notes. */
	align = align == 8 ? 8 : 4;
	if (p >= notes.size)
		return 0;
	if (!ls_u32(notes, p, o->order, &namesz) ||
	    !ls_u32(notes, p + 4, o->order, &descsz) ||
	    !ls_u32(notes, p + 8, o->order, &n->type))
		return ls_fail(d, o->base_off + base + p, "truncated note header");
	desc_off = align_up(p + 12 + namesz, align);
	end = align_up(desc_off + descsz, align);
	if (!ls_in(notes, p + 12, namesz) || !ls_in(notes, desc_off, descsz))
		return ls_fail(d, o->base_off + base + p,
			       "note (name %u bytes, descriptor %u bytes) extends past its section",
			       namesz, descsz);
	n->name = (const char *)ls_ptr(notes, p + 12);
	n->name_len = namesz && n->name[namesz - 1] == '\0' ? namesz - 1 : namesz;
	ls_sub(notes, desc_off, descsz, &n->desc);
	*cur = end > notes.size ? notes.size : end;
	return 1;
}

bool ls_vaddr_bytes(const ls_object *o, uint64_t vaddr, uint64_t size,
		    ls_bytes *out, uint64_t *file_off)
{
	for (uint32_t i = 0; i < o->phnum; i++) {
		const ls_segment *s = &o->segments[i];
		uint64_t end, rel;

		if (s->type != PT_LOAD || vaddr < s->vaddr)
			continue;
		rel = vaddr - s->vaddr;
		if (!ls_add_ok(rel, size, &end) || end > s->filesz ||
		    !ls_add_ok(s->offset, rel, file_off) ||
		    !ls_sub(o->file, *file_off, size, out))
			continue;
		return true;
	}
	return false;
}

int ls_dynstr(const ls_object *o, ls_bytes *out, uint64_t *file_off,
	      ls_diag *d)
{
	uint64_t strtab = 0, strsz = 0, val;
	int64_t n, tag;
	bool have = false;

	out->base = NULL;
	out->size = 0;
	*file_off = 0;
	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *s = &o->sections[i];

		if (s->type != SHT_DYNAMIC)
			continue;
		if (s->link == 0 || s->link >= o->shnum)
			break;	/* no usable link: fall back to DT_STRTAB */
		*file_off = o->sections[s->link].offset;
		if (!sect_bytes(o, s->link, out))
			return ls_fail(d, o->base_off + *file_off,
				       "dynamic string table extends past end of file");
		return 0;
	}
	if ((n = ls_dynamic_count(o, d)) < 0)
		return -1;
	for (int64_t i = 0; i < n; i++) {
		if (ls_dynamic_get(o, (uint64_t)i, &tag, &val, d) < 0)
			return -1;
		if (tag == DT_NULL)
			break;
		if (tag == DT_STRTAB) {
			strtab = val;
			have = true;
		} else if (tag == DT_STRSZ) {
			strsz = val;
		}
	}
	if (have && !ls_vaddr_bytes(o, strtab, strsz, out, file_off))
		return ls_fail(d, o->base_off,
			       "DT_STRTAB 0x%llx (%llu bytes) is not in a load segment",
			       (unsigned long long)strtab, (unsigned long long)strsz);
	return 0;
}

static int dyn_string(const ls_object *o, ls_bytes strs, uint64_t strs_off,
		      uint64_t val, const char *what, const char **out,
		      ls_diag *d)
{
	size_t len;

	if (!ls_cstr(strs, val, out, &len))
		return ls_fail(d, o->base_off + strs_off,
			       "%s string offset 0x%llx is outside the dynamic string table",
			       what, (unsigned long long)val);
	return 0;
}

static int dyninfo_entry(const ls_object *o, ls_bytes strs, uint64_t strs_off,
			 int64_t tag, uint64_t val, ls_dyninfo *in, ls_diag *d)
{
	switch (tag) {
	case DT_NEEDED:
		if (dyn_string(o, strs, strs_off, val, "DT_NEEDED",
			       &in->needed[in->nneeded], d) < 0)
			return -1;
		in->nneeded++;
		return 0;
	case DT_SONAME:
		return dyn_string(o, strs, strs_off, val, "DT_SONAME", &in->soname, d);
	case DT_RPATH:
		return dyn_string(o, strs, strs_off, val, "DT_RPATH", &in->rpath, d);
	case DT_RUNPATH:
		return dyn_string(o, strs, strs_off, val, "DT_RUNPATH", &in->runpath, d);
	case DT_BIND_NOW: in->bind_now = true; return 0;
	case DT_TEXTREL: in->textrel = true; return 0;
	case DT_SYMBOLIC: in->symbolic = true; return 0;
	case DT_DEBUG: in->debug = true; return 0;
	case DT_FLAGS: in->flags |= val; return 0;
	case DT_FLAGS_1: in->flags_1 |= val; return 0;
	}
	return 0;
}

int ls_dyninfo_read(const ls_object *o, ls_dyninfo *in, ls_diag *d)
{
	int64_t n = ls_dynamic_count(o, d), tag;
	uint64_t val, strs_off;
	ls_bytes strs;

	memset(in, 0, sizeof *in);
	if (n < 0 || ls_dynstr(o, &strs, &strs_off, d) < 0)
		return -1;
	/* One slot per entry bounds DT_NEEDED by the section's own size. */
	if (n > 0 && !(in->needed = calloc((size_t)n, sizeof *in->needed)))
		return ls_fail_nooff(d, "out of memory");
	for (int64_t i = 0; i < n; i++) {
		/* A failure leaves nothing allocated: callers skip a file
		 * whose dynamic section is malformed without freeing it. */
		if (ls_dynamic_get(o, (uint64_t)i, &tag, &val, d) < 0 ||
		    (tag != DT_NULL &&
		     dyninfo_entry(o, strs, strs_off, tag, val, in, d) < 0)) {
			ls_dyninfo_free(in);
			return -1;
		}
		if (tag == DT_NULL)
			break;
	}
	if (in->flags & DF_BIND_NOW || in->flags_1 & DF_1_NOW)
		in->bind_now = true;
	if (in->flags & DF_TEXTREL)
		in->textrel = true;
	if (in->flags & DF_SYMBOLIC)
		in->symbolic = true;
	return 0;
}

void ls_dyninfo_free(ls_dyninfo *in)
{
	free(in->needed);
	in->needed = NULL;
	in->nneeded = 0;
}

/* PT_INTERP: the first one counts, as in the kernel's load_elf_binary. */
static int read_interp(const ls_object *o, ls_loadinfo *li, ls_diag *d)
{
	for (uint32_t i = 0; i < o->phnum; i++) {
		const ls_segment *s = &o->segments[i];
		ls_bytes b;
		size_t len;

		if (s->type == PT_DYNAMIC)
			li->has_dynamic = true;
		if (s->type != PT_INTERP || li->interp)
			continue;
		if (!ls_sub(o->file, s->offset, s->filesz, &b) ||
		    !ls_cstr(b, 0, &li->interp, &len))
			return ls_fail(d, o->base_off + s->offset,
				       "PT_INTERP is not a string inside the file");
	}
	return 0;
}

int ls_loadinfo_read(const ls_object *o, bool loader_view, ls_loadinfo *li,
		     ls_diag *d)
{
	memset(li, 0, sizeof *li);
	if (read_interp(o, li, d) < 0)
		return -1;
	if ((li->has_dynamic || !loader_view) &&
	    ls_dyninfo_read(o, &li->dyn, d) < 0) {
		ls_dyninfo_free(&li->dyn);
		return -1;
	}
	return 0;
}

void ls_loadinfo_free(ls_loadinfo *li)
{
	ls_dyninfo_free(&li->dyn);
}

bool ls_vaddr_tail(const ls_object *o, uint64_t vaddr, ls_bytes *out,
		   uint64_t *file_off)
{
	for (uint32_t i = 0; i < o->phnum; i++) {
		const ls_segment *s = &o->segments[i];
		uint64_t rel, len;

		if (s->type != PT_LOAD || vaddr < s->vaddr)
			continue;
		rel = vaddr - s->vaddr;
		if (rel >= s->filesz || !ls_add_ok(s->offset, rel, file_off) ||
		    *file_off >= o->file.size)
			continue;
		len = s->filesz - rel;
		if (len > o->file.size - *file_off)
			len = o->file.size - *file_off;
		return ls_sub(o->file, *file_off, len, out);
	}
	return false;
}
