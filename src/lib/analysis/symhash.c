/*
 * symhash.c - glibc's do_lookup_x and check_match for one object (and
 * musl's find_sym); see symhash.h.
 */
#include "symhash.h"
#include "../readers/elf_defs.h"

#include <string.h>

#ifndef DT_GNU_HASH
#define DT_GNU_HASH 0x6ffffef5
#endif

/* Fixed-size reads of bytes already proven in bounds. */
static inline uint16_t rd16(const uint8_t *p, int order)
{
	return order == LS_LE ? (uint16_t)(p[0] | p[1] << 8)
			      : (uint16_t)(p[1] | p[0] << 8);
}

static inline uint32_t rd32(const uint8_t *p, int order)
{
	return order == LS_LE
		       ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
				 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		       : (uint32_t)p[3] | (uint32_t)p[2] << 8 |
				 (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

uint32_t ls_gnu_hash(const char *s)
{
	uint32_t h = 5381;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = h * 33 + *p;
	return h;
}

uint32_t ls_elf_hash(const char *s)
{
	uint32_t h = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h = (h << 4) + *p;
		h ^= (h & 0xf0000000u) >> 24;
		h &= 0x0fffffffu;
	}
	return h;
}

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

static int init_gnu(ls_symhash *h, ls_diag *d)
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

static int init_sysv(ls_symhash *h, ls_diag *d)
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

int ls_symhash_init(ls_symhash *h, const ls_object *o, ls_diag *d)
{
	return ls_symhash_init_kind(h, o, LS_HASH_NONE, d);
}

int ls_symhash_init_kind(ls_symhash *h, const ls_object *o, ls_hash_kind want,
			 ls_diag *d)
{
	uint64_t gnu = 0, sysv = 0, gnu_i = 0, sysv_i = 0, val, off;
	bool have_gnu = false, have_sysv = false;
	int64_t tag;
	ls_dyntab dt;

	memset(h, 0, sizeof *h);
	h->obj = o;
	h->kind = LS_HASH_NONE;
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

void ls_symquery_init_hashed(ls_symquery *q, const char *name, size_t len,
			     uint32_t gnu_hash, const char *version,
			     uint32_t version_hash, bool version_hidden,
			     int type_class)
{
	q->name = name;
	q->name_len = len;
	q->gnu_hash = gnu_hash;
	q->have_elf_hash = false;
	q->elf_hash = 0;
	q->version = NULL;
	q->version_hash = 0;
	q->version_hidden = false;
	q->type_class = type_class;
	q->newest = false;
	q->musl = false;
	/* RESOLVE_MAP passes no version when its hash is 0. */
	if (version && version_hash != 0) {
		q->version = version;
		q->version_hash = version_hash;
		q->version_hidden = version_hidden;
	}
}

void ls_symquery_init(ls_symquery *q, const char *name, const char *version,
		      bool version_hidden, int type_class)
{
	const unsigned char *p = (const unsigned char *)name;
	uint32_t h = 5381;

	for (; *p; p++)
		h = h * 33 + *p;
	ls_symquery_init_hashed(q, name, (size_t)(p - (const unsigned char *)name),
				h, version, version ? ls_elf_hash(version) : 0,
				version_hidden, type_class);
}

bool ls_rawsym_get(const ls_object *o, uint32_t i, ls_rawsym *r)
{
	ls_bytes b = o->dynsym.data;
	uint64_t off = (uint64_t)i * o->dynsym.entsize;
	uint8_t info;

	if (!ls_in(b, off, o->wordsize == 8 ? 24 : 16))
		return false;
	const uint8_t *p = ls_ptr(b, off);
	r->name = rd32(p, o->order);
	if (o->wordsize == 8) {
		info = p[4];
		r->other = p[5];
		r->shndx = rd16(p + 6, o->order);
		uint64_t lo = rd32(p + 8, o->order), hi = rd32(p + 12, o->order);
		r->value = o->order == LS_LE ? hi << 32 | lo : lo << 32 | hi;
	} else {
		r->value = rd32(p + 4, o->order);
		info = p[12];
		r->other = p[13];
		r->shndx = rd16(p + 14, o->order);
	}
	r->type = info & 0xf;
	r->bind = info >> 4;
	r->vis = r->other & 3;
	r->versym = 0;
	r->has_versym = false;
	if (ls_in(o->versym, (uint64_t)i * 2, 2)) {
		r->versym = rd16(ls_ptr(o->versym, (uint64_t)i * 2), o->order);
		r->has_versym = true;
	}
	return true;
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

/* The symbol's name is q's (its string proven inside the table). */
static bool raw_name_is(const ls_object *o, const ls_rawsym *r,
			const ls_symquery *q)
{
	ls_bytes t = o->dynsym.strtab;

	if (r->name == 0)
		return q->name_len == 0;
	return ls_in(t, r->name, (uint64_t)q->name_len + 1) &&
	       !memcmp(ls_ptr(t, r->name), q->name, q->name_len) &&
	       ls_ptr(t, r->name)[q->name_len] == '\0';
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

const char *ls_symbol_version_name(const ls_object *o, const ls_symbol *s)
{
	ls_rawsym r = { .versym = s->versym, .has_versym = s->has_versym };

	return ls_rawsym_version(o, &r);
}

/* Per-object state of one lookup (glibc's num_versions/versioned_sym). */
struct lookup_state {
	int num_versions;
	uint32_t versioned_idx;
	ls_rawsym versioned_sym;
};

/* check_match: 1 when symbol idx is the answer, 0 when not (the walk goes
 * on), -1 when it lies outside its table. */
static int check_match(const ls_symhash *h, const ls_symquery *q,
		       uint32_t idx, ls_rawsym *s, struct lookup_state *st,
		       ls_diag *d)
{
	const ls_object *o = h->obj;

	if (!ls_rawsym_get(o, idx, s))
		return ls_fail(d, o->dynsym.data_off + (uint64_t)idx * o->dynsym.entsize,
			       "symbol index %u out of range", idx);
	if ((s->value == 0 && s->shndx != SHN_ABS && s->type != STT_TLS) ||
	    (o->machine == EM_MIPS && s->shndx == SHN_UNDEF &&
	     !(s->other & STO_MIPS_PLT)) ||
	    ((q->type_class & LS_RTYPE_CLASS_PLT) && s->shndx == SHN_UNDEF))
		return 0;
	if (s->type != STT_NOTYPE && s->type != STT_OBJECT &&
	    s->type != STT_FUNC && s->type != STT_COMMON &&
	    s->type != STT_TLS && s->type != STT_GNU_IFUNC)
		return 0;
	if (!raw_name_is(o, s, q))
		return 0;
	if (!h->versioned)
		return 1;	/* a definer without versions is accepted */
	if (q->version) {
		const char *vn = ls_rawsym_version(o, s);

		/* The names decide: the hashes are theirs. */
		if (vn && !strcmp(vn, q->version))
			return 1;
		if (q->version_hidden || (vn && ls_elf_hash(vn) != 0) ||
		    (s->versym & 0x8000))
			return 0;	/* not the version we want */
		return 1;
	}
	if ((s->versym & 0x7fff) >= (q->newest ? 2 : 3)) {
		/* Taken only if it is the only non-hidden one. */
		if (!(s->versym & 0x8000) && st->num_versions++ == 0) {
			st->versioned_idx = idx;
			st->versioned_sym = *s;
		}
		return 0;
	}
	return 1;
}

/* musl's gnu_lookup/sysv_lookup: the first name match whose version is
 * not hidden is the object's only candidate. */
static int musl_match(const ls_symhash *h, const ls_symquery *q, uint32_t idx,
		      ls_rawsym *s, ls_diag *d)
{
	const ls_object *o = h->obj;

	if (!ls_rawsym_get(o, idx, s))
		return ls_fail(d, o->dynsym.data_off + (uint64_t)idx * o->dynsym.entsize,
			       "symbol index %u out of range", idx);
	if (s->has_versym && (s->versym & 0x8000))
		return 0;
	return raw_name_is(o, s, q);
}

/* musl's find_sym2 checks on that candidate. */
static bool musl_accepts(const ls_object *o, const ls_symquery *q,
			 const ls_rawsym *s)
{
	if (s->shndx == SHN_UNDEF &&
	    ((q->type_class & LS_RTYPE_CLASS_PLT) || s->type == STT_TLS ||
	     (o->machine == EM_MIPS && !(s->other & STO_MIPS_PLT))))
		return false;
	if (s->value == 0 && s->type != STT_TLS)
		return false;
	if (s->type != STT_NOTYPE && s->type != STT_OBJECT &&
	    s->type != STT_FUNC && s->type != STT_COMMON && s->type != STT_TLS)
		return false;
	return s->bind == STB_GLOBAL || s->bind == STB_WEAK ||
	       s->bind == STB_GNU_UNIQUE;
}

/* One candidate: check_match or musl's name test.  1 stops the walk. */
static int candidate(const ls_symhash *h, const ls_symquery *q, uint32_t idx,
		     ls_rawsym *s, struct lookup_state *st, ls_diag *d)
{
	return q->musl ? musl_match(h, q, idx, s, d)
		       : check_match(h, q, idx, s, st, d);
}

static int walk_gnu(const ls_symhash *h, const ls_symquery *q, uint32_t *index,
		    ls_rawsym *s, struct lookup_state *st, ls_diag *d)
{
	const ls_object *o = h->obj;
	uint32_t hv = q->gnu_hash, bucket, c;
	unsigned lg = h->bloom_word == 8 ? 6 : 5, mask = (1u << lg) - 1;
	uint64_t word, woff;

	/* The bloom filter: two bits of one word must be set.  The words
	 * and the buckets were proven inside the table by init_gnu. */
	woff = h->bloom + (uint64_t)((hv >> lg) & h->bloom_mask) *
				  (uint64_t)h->bloom_word;
	const uint8_t *wp = h->tab.base + woff;
	if (h->bloom_word == 8) {
		uint64_t lo = rd32(wp, o->order), hi = rd32(wp + 4, o->order);
		word = o->order == LS_LE ? hi << 32 | lo : lo << 32 | hi;
	} else {
		word = rd32(wp, o->order);
	}
	if (!((word >> (hv & mask)) & (word >> ((hv >> (h->shift & 31)) & mask)) & 1))
		return 0;
	uint64_t boff = h->buckets + (uint64_t)(hv % h->nbuckets) * 4;
	bucket = rd32(h->tab.base + boff, o->order);
	if (bucket == 0)
		return 0;
	if (bucket < h->symoffset || bucket >= h->nsyms)
		return ls_fail(d, h->tab_off + boff,
			       "GNU hash bucket names symbol %u, outside the hashed symbols %u..%u",
			       bucket, h->symoffset, h->nsyms);
	for (uint32_t idx = bucket;; idx++) {
		uint64_t coff = h->chains + (uint64_t)(idx - h->symoffset) * 4;

		if (idx >= h->nsyms)
			return ls_fail(d, h->tab_off + coff,
				       "GNU hash chain from bucket symbol %u runs past the last symbol %u",
				       bucket, h->nsyms - 1);
		if (!ls_u32(h->tab, coff, o->order, &c))
			return ls_fail(d, h->tab_off + coff,
				       "GNU hash chain of symbol %u extends past its load segment",
				       idx);
		if (((c ^ hv) >> 1) == 0) {
			int r = candidate(h, q, idx, s, st, d);
			if (r != 0) {
				*index = idx;
				return r;
			}
		}
		if (c & 1)
			return 0;
	}
}

static int walk_sysv(const ls_symhash *h, ls_symquery *q, uint32_t *index,
		     ls_rawsym *s, struct lookup_state *st, ls_diag *d)
{
	const ls_object *o = h->obj;
	uint64_t w = (uint64_t)h->hash_word, idx, off, steps = 0;

	if (!q->have_elf_hash) {
		q->elf_hash = ls_elf_hash(q->name);
		q->have_elf_hash = true;
	}
	off = (2 + (uint64_t)(q->elf_hash % h->nbuckets)) * w;
	ls_word(h->tab, off, o->order, h->hash_word, &idx);
	while (idx != 0) {
		if (idx >= h->nsyms || idx >= h->nchain)
			return ls_fail(d, h->tab_off + off,
				       "hash chain names symbol %llu, past the %u symbols",
				       (unsigned long long)idx, h->nsyms);
		if (++steps > h->nchain)
			return ls_fail(d, h->tab_off + off,
				       "hash chain for \"%s\" loops", q->name);
		int r = candidate(h, q, (uint32_t)idx, s, st, d);
		if (r != 0) {
			*index = (uint32_t)idx;
			return r;
		}
		off = (2 + (uint64_t)h->nbuckets + idx) * w;
		ls_word(h->tab, off, o->order, h->hash_word, &idx);
	}
	return 0;
}

int ls_symhash_lookup(const ls_symhash *h, ls_symquery *q, uint32_t *index,
		      ls_symbol *out, ls_diag *d)
{
	struct lookup_state st;
	ls_rawsym s;
	int r;

	if (h->kind == LS_HASH_NONE)
		return 0;
	st.num_versions = 0;
	r = h->kind == LS_HASH_GNU ? walk_gnu(h, q, index, &s, &st, d)
				   : walk_sysv(h, q, index, &s, &st, d);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (q->musl || st.num_versions != 1)
			return 0;
		/* Exactly one versioned candidate: no ambiguity. */
		*index = st.versioned_idx;
		s = st.versioned_sym;
	}
	if (q->musl) {
		if (!musl_accepts(h->obj, q, &s))
			return 0;
	} else {
		/* Hidden and internal symbols are local: the object answers
		 * nothing; so do local and unknown bindings. */
		if (s.vis == STV_HIDDEN || s.vis == STV_INTERNAL)
			return 0;
		if (s.bind != STB_GLOBAL && s.bind != STB_WEAK &&
		    s.bind != STB_GNU_UNIQUE)
			return 0;
	}
	if (out && ls_symbol_get(h->obj, &h->obj->dynsym, *index, out, d) < 0)
		return -1;
	return 1;
}
