/*
 * elf_versions.c - the Verdef and Verneed chains (.gnu.version_d,
 * .gnu.version_r) into the object's sorted version list, however the
 * tables were found: by section headers (elf_reader.c) or by dynamic tags
 * (elf_dynsyms.c).  Its own file so both depend on it and neither on the
 * other.  The chains are bounded by counts the section sizes bound, so a
 * cycle ends (binutils' _bfd_elf_slurp_version_tables checks the same).
 */
#include "../model/object.h"
#include "elf_versions.h"

#include <stdlib.h>

/* Orders versions by index; a Verdef sorts before a Vernaux sharing it. */
static int ver_idx_cmp(const void *a, const void *b)
{
	const ls_version *x = a, *y = b;
	if (x->index != y->index)
		return (x->index > y->index) - (x->index < y->index);
	return (int)y->defined - (int)x->defined;
}

/* Entries a table may hold: its count, or what entries of at least esz
 * bytes can fill; the count must fit in the bytes. */
static int version_limit(const ls_vertab *t, const char *what, uint64_t esz,
			 uint64_t *limit, ls_diag *d)
{
	*limit = t->count ? t->count : t->b.size / esz;
	if (*limit > t->b.size / esz)
		return ls_fail(d, t->count_off,
			       "version %s count %llu does not fit in its section (%llu bytes)",
			       what, (unsigned long long)t->count,
			       (unsigned long long)t->b.size);
	return 0;
}

/* The Verdef chain (20-byte entries) into ents[*n..cap). */
static int parse_verdef(ls_object *o, const ls_vertab *t, uint64_t limit,
			ls_version *ents, uint64_t cap, uint64_t *np,
			ls_diag *d)
{
	ls_bytes b = t->b, str = t->str;
	uint64_t off = 0, n = *np;

	for (uint64_t k = 0; k < limit; k++) {
		uint16_t ver, flags, ndx, cnt;
		uint32_t aux, next, name;
		if (!ls_in(b, off, 20) || n >= cap)
			return ls_fail(d, o->base_off + (t->off + off),
				       "version definition %llu outside its section",
				       (unsigned long long)k);
		ls_u16(b, off, o->order, &ver);
		ls_u16(b, off + 2, o->order, &flags);
		ls_u16(b, off + 4, o->order, &ndx);
		ls_u16(b, off + 6, o->order, &cnt);
		ls_u32(b, off + 12, o->order, &aux);
		ls_u32(b, off + 16, o->order, &next);
		if (ver != 1)
			return ls_fail(d, o->base_off + (t->off + off),
				       "unsupported version definition revision %u", ver);
		const char *nm = NULL;
		if (cnt > 0) {
			uint64_t a;
			if (!ls_add_ok(off, aux, &a) || !ls_u32(b, a, o->order, &name))
				return ls_fail(d, o->base_off + (t->off + off + 12),
					       "version definition auxiliary entry outside its section");
			if (!ls_cstr(str, name, &nm, NULL))
				return ls_fail(d, o->base_off + (t->off + a),
					       "version name offset 0x%x outside string table", name);
		}
		ents[n].index = ndx & 0x7fff;
		ents[n].name = nm;
		ents[n].flags = flags;
		ents[n].defined = true;
		ents[n].seq = (uint32_t)n;
		if ((uint32_t)(ndx & 0x7fff) > o->nverdefs)
			o->nverdefs = ndx & 0x7fff;
		*np = ++n;
		if (next == 0 && t->count && k + 1 < limit)
			return ls_fail(d, o->base_off + (t->off + off + 16),
				       "version definition chain ends after %llu of %llu entries",
				       (unsigned long long)(k + 1),
				       (unsigned long long)t->count);
		if (next == 0)
			break;
		if (!ls_add_ok(off, next, &off))
			return ls_fail(d, o->base_off + (t->off + off + 16),
				       "version definition chain overflows");
	}
	return 0;
}

/* The Verneed chain (16-byte entries, each with a chain of 16-byte
 * Vernaux) into ents[*n..cap).  Total Vernaux visited is bounded by cap,
 * so a cycle ends. */
static int parse_verneed(ls_object *o, const ls_vertab *t, uint64_t limit,
			 ls_version *ents, uint64_t cap, uint64_t *np,
			 ls_diag *d)
{
	ls_bytes b = t->b, str = t->str;
	uint64_t off = 0, n = *np;

	for (uint64_t k = 0; k < limit; k++) {
		uint16_t ver, cnt;
		uint32_t file, aux, next;
		if (!ls_in(b, off, 16))
			return ls_fail(d, o->base_off + (t->off + off),
				       "version requirement %llu outside its section",
				       (unsigned long long)k);
		ls_u16(b, off, o->order, &ver);
		ls_u16(b, off + 2, o->order, &cnt);
		ls_u32(b, off + 4, o->order, &file);
		ls_u32(b, off + 8, o->order, &aux);
		ls_u32(b, off + 12, o->order, &next);
		if (ver != 1)
			return ls_fail(d, o->base_off + (t->off + off),
				       "unsupported version requirement revision %u", ver);
		const char *fname;
		if (!ls_cstr(str, file, &fname, NULL))
			return ls_fail(d, o->base_off + (t->off + off + 4),
				       "version requirement file name offset 0x%x outside string table", file);
		uint64_t a;
		if (!ls_add_ok(off, aux, &a))
			return ls_fail(d, o->base_off + (t->off + off + 8),
				       "version requirement auxiliary offset overflows");
		for (uint32_t j = 0; j < cnt; j++) {
			uint16_t flags, other;
			uint32_t name, anext;
			const char *nm;
			if (!ls_in(b, a, 16) || n >= cap)
				return ls_fail(d, o->base_off + (t->off + off),
					       "version requirement auxiliary entry outside its section");
			ls_u16(b, a + 4, o->order, &flags);
			ls_u16(b, a + 6, o->order, &other);
			ls_u32(b, a + 8, o->order, &name);
			ls_u32(b, a + 12, o->order, &anext);
			if (!ls_cstr(str, name, &nm, NULL))
				return ls_fail(d, o->base_off + (t->off + a + 8),
					       "version name offset 0x%x outside string table", name);
			ents[n].index = other & 0x7fff;
			ents[n].name = nm;
			ents[n].flags = flags;
			ents[n].defined = false;
			ents[n].file = fname;
			ents[n].seq = (uint32_t)n;
			*np = ++n;
			if (anext == 0 && j + 1 < cnt)
				return ls_fail(d, o->base_off + (t->off + a + 12),
					       "version requirement has %u auxiliary entries but its chain ends after %u",
					       cnt, j + 1);
			if (anext == 0)
				break;
			if (!ls_add_ok(a, anext, &a))
				return ls_fail(d, o->base_off + (t->off + a),
					       "version requirement chain overflows");
		}
		if (next == 0 && t->count && k + 1 < limit)
			return ls_fail(d, o->base_off + (t->off + off + 12),
				       "version requirement chain ends after %llu of %llu entries",
				       (unsigned long long)(k + 1),
				       (unsigned long long)t->count);
		if (next == 0)
			break;
		if (!ls_add_ok(off, next, &off))
			return ls_fail(d, o->base_off + (t->off + off),
				       "version requirement chain overflows");
	}
	return 0;
}

int ls_elf_versions(ls_object *o, const ls_vertab *vd, const ls_vertab *vn,
		    ls_diag *d)
{
	uint64_t lvd = 0, lvn = 0, n = 0;

	if (!vd && !vn)
		return 0;
	if (vd && version_limit(vd, "definition", 20, &lvd, d) < 0)
		return -1;
	if (vn && version_limit(vn, "requirement", 16, &lvn, d) < 0)
		return -1;
	/* Upper bound on entries: one per Verdef, and every Vernaux is 16
	 * bytes of the requirement table. */
	uint64_t cap = lvd + (vn ? vn->b.size / 16 : 0);
	ls_version *ents = calloc(cap ? cap : 1, sizeof *ents);
	if (!ents)
		return ls_fail(d, 0, "out of memory");
	if (vd) {
		o->has_verdef = true;
		if (parse_verdef(o, vd, lvd, ents, cap, &n, d) < 0)
			goto fail;
	}
	if (vn) {
		o->has_verneed = true;
		if (parse_verneed(o, vn, lvn, ents, cap, &n, d) < 0)
			goto fail;
	}
	qsort(ents, n, sizeof *ents, ver_idx_cmp);
	o->versions = ents;
	o->nversions = (uint32_t)n;
	return 0;
fail:
	free(ents);
	return -1;
}
