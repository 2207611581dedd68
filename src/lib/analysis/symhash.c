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

uint64_t ls_dynamic_entry_off(const ls_object *o, uint64_t i)
{
	uint64_t w2 = 2 * (uint64_t)o->wordsize;

	for (uint32_t k = 1; k < o->shnum; k++)
		if (o->sections[k].type == SHT_DYNAMIC)
			return o->base_off + o->sections[k].offset + i * w2;
	for (uint32_t k = 0; k < o->phnum; k++)
		if (o->segments[k].type == PT_DYNAMIC)
			return o->base_off + o->segments[k].offset + i * w2;
	return o->base_off;
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
	h->bloom_mask = bloom_n - 1;
	h->bloom = 16;
	h->buckets = 16 + (uint64_t)bloom_n * (uint64_t)h->bloom_word;
	h->chains = h->buckets + (uint64_t)h->nbuckets * 4;
	need = h->chains;
	if (!ls_in(h->tab, 0, need))
		return ls_fail(d, h->tab_off,
			       "GNU hash table (%u buckets, %u bloom words) extends past its load segment",
			       h->nbuckets, bloom_n);
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
	int64_t n, tag;

	memset(h, 0, sizeof *h);
	h->obj = o;
	h->kind = LS_HASH_NONE;
	if (!o->dynsym.present || o->dynsym.count == 0)
		return 0;
	h->nsyms = o->dynsym.count;
	h->versioned = o->versym.size > 0 && (o->has_verdef || o->has_verneed);
	if ((n = ls_dynamic_count(o, d)) < 0)
		return -1;
	for (int64_t i = 0; i < n; i++) {
		if (ls_dynamic_get(o, (uint64_t)i, &tag, &val, d) < 0)
			return -1;
		if (tag == DT_NULL)
			break;
		if (tag == DT_GNU_HASH) {
			gnu = val;
			gnu_i = (uint64_t)i;
			have_gnu = true;
		} else if (tag == DT_HASH) {
			sysv = val;
			sysv_i = (uint64_t)i;
			have_sysv = true;
		}
	}
	if (want == LS_HASH_SYSV && have_sysv)
		have_gnu = false;
	if (have_gnu) {
		if (!ls_vaddr_tail(o, gnu, &h->tab, &off))
			return ls_fail(d, ls_dynamic_entry_off(o, gnu_i),
				       "DT_GNU_HASH 0x%llx is not in a load segment",
				       (unsigned long long)gnu);
		h->kind = LS_HASH_GNU;
		h->tab_off = o->base_off + off;
		return init_gnu(h, d);
	}
	if (have_sysv) {
		if (!ls_vaddr_tail(o, sysv, &h->tab, &off))
			return ls_fail(d, ls_dynamic_entry_off(o, sysv_i),
				       "DT_HASH 0x%llx is not in a load segment",
				       (unsigned long long)sysv);
		h->kind = LS_HASH_SYSV;
		h->tab_off = o->base_off + off;
		return init_sysv(h, d);
	}
	return 0;
}

void ls_symquery_init(ls_symquery *q, const char *name, const char *version,
		      bool version_hidden, int type_class)
{
	memset(q, 0, sizeof *q);
	q->name = name;
	q->name_len = strlen(name);
	q->gnu_hash = ls_gnu_hash(name);
	q->type_class = type_class;
	if (version) {
		q->version_hash = ls_elf_hash(version);
		/* RESOLVE_MAP passes no version when its hash is 0. */
		if (q->version_hash != 0) {
			q->version = version;
			q->version_hidden = version_hidden;
		}
	}
}

const char *ls_symbol_version_name(const ls_object *o, const ls_symbol *s)
{
	uint16_t ndx = s->versym & 0x7fff;
	const ls_version *v;

	if (!s->has_versym || ndx < 2 || !(v = ls_version_lookup(o, ndx)))
		return NULL;
	/* The base version is not available for matching a versioned
	 * symbol (dl-version.c). */
	if (v->defined && (v->flags & VER_FLG_BASE))
		return NULL;
	return v->name;
}

/* Per-object state of one lookup (glibc's num_versions/versioned_sym). */
struct lookup_state {
	int num_versions;
	uint32_t versioned_idx;
	ls_symbol versioned_sym;
};

/* check_match: 1 when sym (index idx) is the answer, 0 when not (the
 * walk goes on), -1 on a malformed symbol. */
static int check_match(const ls_symhash *h, const ls_symquery *q,
		       uint32_t idx, ls_symbol *s, struct lookup_state *st,
		       ls_diag *d)
{
	const ls_object *o = h->obj;

	if (ls_symbol_get(o, &o->dynsym, idx, s, d) < 0)
		return -1;
	if ((s->value == 0 && s->raw_shndx != SHN_ABS && s->type != STT_TLS) ||
	    (o->machine == EM_MIPS && s->raw_shndx == SHN_UNDEF &&
	     !(s->other & STO_MIPS_PLT)) ||
	    ((q->type_class & LS_RTYPE_CLASS_PLT) && s->raw_shndx == SHN_UNDEF))
		return 0;
	if (s->type != STT_NOTYPE && s->type != STT_OBJECT &&
	    s->type != STT_FUNC && s->type != STT_COMMON &&
	    s->type != STT_TLS && s->type != STT_GNU_IFUNC)
		return 0;
	if (s->name_len != q->name_len || memcmp(s->name, q->name, q->name_len))
		return 0;
	if (!h->versioned)
		return 1;	/* a definer without versions is accepted */
	if (q->version) {
		const char *vn = ls_symbol_version_name(o, s);
		uint32_t vh = vn ? ls_elf_hash(vn) : 0;

		if ((vh != q->version_hash || !vn || strcmp(vn, q->version)) &&
		    (q->version_hidden || vh != 0 || (s->versym & 0x8000)))
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

/* musl's find_sym2 for one object: the first name match whose version
 * is not hidden is the object's only candidate. */
static int musl_match(const ls_symhash *h, const ls_symquery *q, uint32_t idx,
		      ls_symbol *s, ls_diag *d)
{
	const ls_object *o = h->obj;

	if (ls_symbol_get(o, &o->dynsym, idx, s, d) < 0)
		return -1;
	if (s->has_versym && (s->versym & 0x8000))
		return 0;
	if (s->name_len != q->name_len || memcmp(s->name, q->name, q->name_len))
		return 0;
	return 1;
}

static bool musl_accepts(const ls_object *o, const ls_symquery *q,
			 const ls_symbol *s)
{
	if (s->raw_shndx == SHN_UNDEF &&
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
		     ls_symbol *s, struct lookup_state *st, ls_diag *d)
{
	return q->musl ? musl_match(h, q, idx, s, d)
		       : check_match(h, q, idx, s, st, d);
}

static int walk_gnu(const ls_symhash *h, const ls_symquery *q, uint32_t *index,
		    ls_symbol *s, struct lookup_state *st, ls_diag *d)
{
	const ls_object *o = h->obj;
	uint32_t hv = q->gnu_hash, bits = (uint32_t)h->bloom_word * 8, bucket, c;
	uint64_t word, woff;

	woff = h->bloom + (uint64_t)((hv / bits) & h->bloom_mask) *
				  (uint64_t)h->bloom_word;
	if (!ls_word(h->tab, woff, o->order, h->bloom_word, &word))
		return ls_fail(d, h->tab_off + woff,
			       "GNU hash bloom word extends past its load segment");
	if (!((word >> (hv % bits)) & (word >> ((hv >> (h->shift & 31)) % bits)) & 1))
		return 0;
	uint64_t boff = h->buckets + (uint64_t)(hv % h->nbuckets) * 4;
	if (!ls_u32(h->tab, boff, o->order, &bucket))
		return ls_fail(d, h->tab_off + boff,
			       "GNU hash bucket extends past its load segment");
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
		     ls_symbol *s, struct lookup_state *st, ls_diag *d)
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
	struct lookup_state st = { 0 };
	int r;

	if (h->kind == LS_HASH_NONE)
		return 0;
	r = h->kind == LS_HASH_GNU ? walk_gnu(h, q, index, out, &st, d)
				   : walk_sysv(h, q, index, out, &st, d);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (q->musl || st.num_versions != 1)
			return 0;
		/* Exactly one versioned candidate: no ambiguity. */
		*index = st.versioned_idx;
		*out = st.versioned_sym;
	}
	if (q->musl)
		return musl_accepts(h->obj, q, out) ? 1 : 0;
	/* Hidden and internal symbols are local: the object answers
	 * nothing; so do local and unknown bindings. */
	if (out->visibility == STV_HIDDEN || out->visibility == STV_INTERNAL)
		return 0;
	return out->bind == STB_GLOBAL || out->bind == STB_WEAK ||
	       out->bind == STB_GNU_UNIQUE;
}
