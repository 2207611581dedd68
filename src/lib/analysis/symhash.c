/*
 * symhash.c - glibc's do_lookup_x and check_match for one object (and
 * musl's find_sym); see symhash.h.
 */
#include "symhash.h"
#include "../readers/elf_defs.h"

#include <string.h>

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

int ls_symhash_init(ls_symhash *h, const ls_object *o, ls_diag *d)
{
	return ls_hashtab_open(h, o, LS_HASH_NONE, d);
}

int ls_symhash_init_kind(ls_symhash *h, const ls_object *o, ls_hash_kind want,
			 ls_diag *d)
{
	return ls_hashtab_open(h, o, want, d);
}

const char *ls_symbol_version_name(const ls_object *o, const ls_symbol *s)
{
	ls_rawsym r = { .versym = s->versym, .has_versym = s->has_versym };

	return ls_rawsym_version(o, &r);
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
	if (!ls_rawsym_name_is(o, s, q->name, q->name_len))
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
	return ls_rawsym_name_is(o, s, q->name, q->name_len);
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
	uint32_t hv = q->gnu_hash, bucket, c;
	uint64_t boff, coff;

	/* The bloom filter: two bits of one word must be set. */
	if (!ls_hashtab_bloom(h, hv))
		return 0;
	bucket = ls_hashtab_gnu_bucket(h, hv, &boff);
	if (bucket == 0)
		return 0;
	if (bucket < h->symoffset || bucket >= h->nsyms)
		return ls_fail(d, h->tab_off + boff,
			       "GNU hash bucket names symbol %u, outside the hashed symbols %u..%u",
			       bucket, h->symoffset, h->nsyms);
	for (uint32_t idx = bucket;; idx++) {
		if (idx >= h->nsyms)
			return ls_fail(d, h->tab_off + h->chains +
					       (uint64_t)(idx - h->symoffset) * 4,
				       "GNU hash chain from bucket symbol %u runs past the last symbol %u",
				       bucket, h->nsyms - 1);
		if (!ls_hashtab_gnu_chain(h, idx, &c, &coff))
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
	uint64_t idx, off, steps = 0;

	if (!q->have_elf_hash) {
		q->elf_hash = ls_elf_hash(q->name);
		q->have_elf_hash = true;
	}
	idx = ls_hashtab_sysv_bucket(h, q->elf_hash, &off);
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
		idx = ls_hashtab_sysv_chain(h, idx, &off);
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
