/*
 * elf_dynamic.c - the dynamic section, dynamic symbols and hash tables of
 * one ELF object, read on demand; see elf_dynamic.h.  The hash table
 * layouts are glibc's (dl-lookup.c, _dl_setup_hash) and the System V
 * ABI's; every header count is checked against the bytes behind it here,
 * so the lookups (analysis/symhash.c) index only proven ranges.
 */
#include "elf_dynamic.h"
#include "elf_defs.h"

#include <string.h>

#ifndef DT_GNU_HASH
#define DT_GNU_HASH 0x6ffffef5
#endif

bool ls_dyntab_open(const ls_object *o, ls_dyntab *t, ls_diag *d)
{
	uint64_t w2 = 2 * (uint64_t)o->wordsize;

	memset(t, 0, sizeof *t);
	t->order = o->order;
	t->wordsize = o->wordsize;
	t->off = o->base_off;
	/* As ls_dynamic_get: the SHT_DYNAMIC section, else PT_DYNAMIC. */
	for (uint32_t k = 1; k < o->shnum; k++) {
		const ls_section *s = &o->sections[k];
		if (s->type != SHT_DYNAMIC)
			continue;
		t->off = o->base_off + s->offset;
		if (!ls_sub(o->file, s->offset, s->size, &t->b))
			goto bad;
		t->n = t->b.size / w2;
		return true;
	}
	for (uint32_t k = 0; k < o->phnum; k++) {
		const ls_segment *s = &o->segments[k];
		if (s->type != PT_DYNAMIC)
			continue;
		t->off = o->base_off + s->offset;
		if (!ls_sub(o->file, s->offset, s->filesz, &t->b))
			goto bad;
		t->n = t->b.size / w2;
		return true;
	}
	return true;
bad:
	ls_fail(d, t->off, "dynamic section extends past end of file");
	return false;
}

uint64_t ls_dynamic_entry_off(const ls_object *o, uint64_t i)
{
	ls_dyntab t;

	if (!ls_dyntab_open(o, &t, NULL))
		return o->base_off;
	return t.off + i * 2 * (uint64_t)o->wordsize;
}

static int init_gnu(ls_hashtab *h, ls_diag *d)
{
	const ls_object *o = h->obj;
	uint32_t bloom_n;
	uint64_t need;

	if (!ls_u32(h->tab, 0, o->order, &h->nbuckets) ||
	    !ls_u32(h->tab, 4, o->order, &h->symoffset) ||
	    !ls_u32(h->tab, 8, o->order, &bloom_n) ||
	    !ls_u32(h->tab, 12, o->order, &h->shift))
		return ls_fail(d, h->tab_off,
			       "GNU hash table header extends past its load segment");
	if (h->nbuckets == 0) {
		/* glibc skips an object with no buckets. */
		h->kind = LS_HASH_NONE;
		return 0;
	}
	if (bloom_n == 0 || (bloom_n & (bloom_n - 1)))
		return ls_fail(d, h->tab_off + 8,
			       "GNU hash bloom filter size %u is not a power of two",
			       bloom_n);
	h->bloom_word = o->wordsize;
	h->order = o->order;
	h->bloom_mask = bloom_n - 1;
	h->bloom = 16;
	h->buckets = 16 + (uint64_t)bloom_n * (uint64_t)h->bloom_word;
	h->chains = h->buckets + (uint64_t)h->nbuckets * 4;
	need = h->chains;
	if (!ls_in(h->tab, 0, need))
		return ls_fail(d, h->tab_off,
			       "GNU hash table (%u buckets, %u bloom words) extends past its load segment",
			       h->nbuckets, bloom_n);
	h->bloom_p = ls_ptr(h->tab, h->bloom);
	return 0;
}

static int init_sysv(ls_hashtab *h, ls_diag *d)
{
	const ls_object *o = h->obj;
	uint64_t nb, need;

	h->hash_word = o->elfclass == ELFCLASS64 &&
			       (o->machine == EM_S390 || o->machine == EM_ALPHA) ? 8 : 4;
	if (!ls_word(h->tab, 0, o->order, h->hash_word, &nb) ||
	    !ls_word(h->tab, (uint64_t)h->hash_word, o->order, h->hash_word,
		     &h->nchain))
		return ls_fail(d, h->tab_off,
			       "hash table header extends past its load segment");
	if (nb == 0) {
		h->kind = LS_HASH_NONE;
		return 0;
	}
	if (nb > UINT32_MAX ||
	    !ls_mul_ok(2 + nb + h->nchain, (uint64_t)h->hash_word, &need) ||
	    !ls_in(h->tab, 0, need))
		return ls_fail(d, h->tab_off,
			       "hash table (%llu buckets, %llu chain entries) extends past its load segment",
			       (unsigned long long)nb,
			       (unsigned long long)h->nchain);
	h->nbuckets = (uint32_t)nb;
	return 0;
}

int ls_hashtab_open(ls_hashtab *h, const ls_object *o, ls_hash_kind want,
		    ls_diag *d)
{
	uint64_t gnu = 0, sysv = 0, gnu_i = 0, sysv_i = 0, val, off;
	bool have_gnu = false, have_sysv = false;
	int64_t tag;
	ls_dyntab dt;

	memset(h, 0, sizeof *h);
	h->obj = o;
	h->kind = LS_HASH_NONE;
	h->order = o->order;
	if (!o->dynsym.present || o->dynsym.count == 0)
		return 0;
	h->nsyms = o->dynsym.count;
	h->versioned = o->versym.size > 0 && (o->has_verdef || o->has_verneed);
	if (!ls_dyntab_open(o, &dt, d))
		return -1;
	for (uint64_t i = 0; i < dt.n; i++) {
		ls_dyntab_get(&dt, i, &tag, &val);
		if (tag == DT_NULL)
			break;
		if (tag == DT_GNU_HASH) {
			gnu = val;
			gnu_i = i;
			have_gnu = true;
		} else if (tag == DT_HASH) {
			sysv = val;
			sysv_i = i;
			have_sysv = true;
		}
	}
	if (want == LS_HASH_SYSV && have_sysv)
		have_gnu = false;
	if (have_gnu) {
		if (!ls_vaddr_tail(o, gnu, &h->tab, &off))
			return ls_fail(d, dt.off + gnu_i * 2 * (uint64_t)o->wordsize,
				       "DT_GNU_HASH 0x%llx is not in a load segment",
				       (unsigned long long)gnu);
		h->kind = LS_HASH_GNU;
		h->tab_off = o->base_off + off;
		return init_gnu(h, d);
	}
	if (have_sysv) {
		if (!ls_vaddr_tail(o, sysv, &h->tab, &off))
			return ls_fail(d, dt.off + sysv_i * 2 * (uint64_t)o->wordsize,
				       "DT_HASH 0x%llx is not in a load segment",
				       (unsigned long long)sysv);
		h->kind = LS_HASH_SYSV;
		h->tab_off = o->base_off + off;
		return init_sysv(h, d);
	}
	return 0;
}

/* ls_version_lookup, with the common case first: indexes dense from the
 * first entry's, one entry each. */
static const ls_version *version_at(const ls_object *o, uint16_t ndx)
{
	if (o->nversions) {
		uint32_t p = (uint32_t)ndx - o->versions[0].index;
		if (ndx >= o->versions[0].index && p < o->nversions &&
		    o->versions[p].index == ndx &&
		    (p + 1 >= o->nversions || o->versions[p + 1].index != ndx) &&
		    (p == 0 || o->versions[p - 1].index != ndx))
			return &o->versions[p];
	}
	return ls_version_lookup(o, ndx);
}

bool ls_rawsym_name(const ls_object *o, const ls_rawsym *r, const char **name,
		    size_t *len)
{
	if (r->name == 0) {
		*name = "";
		*len = 0;
		return true;
	}
	return ls_cstr(o->dynsym.strtab, r->name, name, len);
}

bool ls_rawsym_name_hash(const ls_object *o, const ls_rawsym *r,
			 const char **name, size_t *len, uint32_t *gnu_hash)
{
	ls_bytes t = o->dynsym.strtab;
	uint32_t h = 5381;

	if (r->name >= t.size) {
		if (r->name != 0)
			return false;
		*name = "";	/* st_name 0: no name */
		*len = 0;
		*gnu_hash = h;
		return true;
	}
	const unsigned char *p = ls_ptr(t, r->name), *e = t.base + t.size;
	for (const unsigned char *q = p; q < e; q++) {
		if (*q == '\0') {
			*name = (const char *)p;
			*len = (size_t)(q - p);
			*gnu_hash = h;
			return true;
		}
		h = h * 33 + *q;
	}
	return false;
}

const char *ls_rawsym_version(const ls_object *o, const ls_rawsym *r)
{
	uint16_t ndx = r->versym & 0x7fff;
	const ls_version *v;

	if (!r->has_versym || ndx < 2 || !(v = version_at(o, ndx)))
		return NULL;
	if (v->defined && (v->flags & VER_FLG_BASE))
		return NULL;
	return v->name;
}
