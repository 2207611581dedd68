/*
 * symhash.h - dynamic symbol lookup inside one object, as the dynamic
 * loader does it.
 *
 * glibc's do_lookup_x finds a name in one object through its DT_GNU_HASH
 * table (bloom filter, bucket, chain) or, without one, its DT_HASH table,
 * and check_match decides for every candidate whether it defines what the
 * reference asks for: its value, type, section, name and symbol version.
 * The first accepted candidate is the object's answer, unless it is hidden
 * or local, in which case the object answers nothing.  An unversioned
 * reference that met exactly one non-hidden candidate of version index 3
 * or more (2 or more for dlsym) takes it.  musl's find_sym is the other
 * rule set: the first non-hidden name match in the chain, then type,
 * binding and value checks, versions otherwise ignored.
 *
 * Versions are compared by name: the object model keeps no vd_hash or
 * vna_hash, and a linker writes each as its name's ELF hash, so the two
 * tests decide alike.  A versioned reference to an object without symbol
 * versions is accepted (glibc then asserts when that object is the one
 * the reference's Verneed names: bind.c reports it).
 *
 * The tables are read from the mapping at each step: every bucket and
 * chain index is checked against the table's bytes and the symbol count,
 * and chains are bounded by the symbol count, so a hostile table ends in
 * an error at the offending bytes, never in a loop or a wild read.
 * Nothing is allocated.
 */
#ifndef LS_SYMHASH_H
#define LS_SYMHASH_H

#include "../model/object.h"

#include <stdbool.h>
#include <stdint.h>

/* The GNU hash (glibc's dl_new_hash: h = h * 33 + c from 5381). */
uint32_t ls_gnu_hash(const char *name);
/* The System V ABI hash (glibc's _dl_elf_hash); also the hash of version
 * names in vd_hash / vna_hash. */
uint32_t ls_elf_hash(const char *name);

/* glibc's ELF_RTYPE_CLASS_*: what a relocation type may not bind to. */
enum {
	LS_RTYPE_CLASS_PLT = 1,		/* undefined symbols (PLT stubs) */
	LS_RTYPE_CLASS_COPY = 2,	/* the executable (bind.c skips it) */
};

typedef enum ls_hash_kind {
	LS_HASH_NONE,			/* no table: the object defines nothing */
	LS_HASH_GNU,
	LS_HASH_SYSV,
} ls_hash_kind;

/* An object's hash table, located once (ls_symhash_init). */
typedef struct ls_symhash {
	const ls_object *obj;
	ls_hash_kind kind;
	ls_bytes tab;		/* the table to the end of its load segment */
	uint64_t tab_off;	/* absolute file offset of tab */
	uint32_t nsyms;		/* dynamic symbols (obj->dynsym.count) */
	uint32_t nbuckets;
	/* GNU */
	uint32_t symoffset;	/* first hashed symbol */
	uint32_t bloom_mask;	/* bloom words - 1 (a power of two - 1) */
	uint32_t shift;
	int bloom_word;		/* bytes per bloom word: the ELF class's */
	const uint8_t *bloom_p;	/* the words, proven inside tab */
	int order;
	uint64_t bloom, buckets, chains;	/* offsets in tab */
	/* SysV */
	int hash_word;		/* 4, or 8 on 64-bit s390 and Alpha */
	uint64_t nchain;
	/* glibc's l_versyms: the object has a version table and a Verdef or
	 * Verneed (so check_match looks at version indexes). */
	bool versioned;
} ls_symhash;

/*
 * Finds the object's DT_GNU_HASH (preferred, as glibc does) or DT_HASH
 * through its dynamic section.  An object without dynamic symbols or
 * without a table gets LS_HASH_NONE.  0, or -1 with d filled when a table
 * is named but is not in the file, or its header is malformed.
 */
int ls_symhash_init(ls_symhash *h, const ls_object *obj, ls_diag *d);
/* The same with the table kind chosen (LS_HASH_SYSV: DT_HASH even when
 * DT_GNU_HASH exists; LS_HASH_NONE: glibc's preference). */
int ls_symhash_init_kind(ls_symhash *h, const ls_object *obj,
			 ls_hash_kind want, ls_diag *d);

/* What a reference asks for. */
typedef struct ls_symquery {
	const char *name;
	size_t name_len;
	uint32_t gnu_hash;
	uint32_t elf_hash;	/* computed on first use by a SysV table */
	bool have_elf_hash;
	/* The required version (glibc's r_found_version), or NULL: an
	 * unversioned reference.  hidden: the reference names a hidden
	 * version (vna_other & 0x8000). */
	const char *version;
	uint32_t version_hash;
	bool version_hidden;
	int type_class;		/* LS_RTYPE_CLASS_* */
	bool newest;		/* DL_LOOKUP_RETURN_NEWEST (dlsym) */
	bool musl;		/* musl's rules instead of glibc's */
} ls_symquery;

/*
 * The bloom filter alone: false when the object surely does not define a
 * name of GNU hash hv (then ls_symhash_lookup answers 0).  Inline, for the
 * scope walk, where most objects are rejected here.
 */
static inline bool ls_symhash_maybe(const ls_symhash *h, uint32_t hv)
{
	if (h->kind != LS_HASH_GNU)
		return h->kind == LS_HASH_SYSV;
	unsigned lg = h->bloom_word == 8 ? 6 : 5, mask = (1u << lg) - 1;
	const uint8_t *p = h->bloom_p + (size_t)((hv >> lg) & h->bloom_mask) *
						(size_t)h->bloom_word;
	uint64_t w;

	if (h->order == LS_LE)
		w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
		    (uint64_t)p[3] << 24;
	else
		w = (uint64_t)p[3] | (uint64_t)p[2] << 8 | (uint64_t)p[1] << 16 |
		    (uint64_t)p[0] << 24;
	if (h->bloom_word == 8) {
		uint64_t x = h->order == LS_LE
			? (uint64_t)p[4] | (uint64_t)p[5] << 8 |
				  (uint64_t)p[6] << 16 | (uint64_t)p[7] << 24
			: (uint64_t)p[7] | (uint64_t)p[6] << 8 |
				  (uint64_t)p[5] << 16 | (uint64_t)p[4] << 24;
		w = h->order == LS_LE ? x << 32 | w : w << 32 | x;
	}
	return (w >> (hv & mask)) & (w >> ((hv >> (h->shift & 31)) & mask)) & 1;
}

/*
 * Prepares a query: hashes the name once.  A version whose hash is 0 is
 * no version at all (glibc passes no version then).
 */
void ls_symquery_init(ls_symquery *q, const char *name, const char *version,
		      bool version_hidden, int type_class);
/* The same for a name whose length and GNU hash are known, and a version
 * whose ELF hash is (version_hash = ls_elf_hash(version)). */
void ls_symquery_init_hashed(ls_symquery *q, const char *name, size_t len,
			     uint32_t gnu_hash, const char *version,
			     uint32_t version_hash, bool version_hidden,
			     int type_class);

/*
 * The object's answer to q (do_lookup_x for one object): 1 with *index
 * and *out (unless NULL) set to the definition (global, weak or unique,
 * default or protected visibility), 0 when the object does not answer,
 * -1 with d filled when its tables are malformed.  q is updated (the SysV
 * hash).  Candidates are judged on their raw fields; only the answer is
 * decoded into *out.
 */
int ls_symhash_lookup(const ls_symhash *h, ls_symquery *q, uint32_t *index,
		      ls_symbol *out, ls_diag *d);

/*
 * The version of dynamic symbol sym as glibc's l_versions sees it for
 * matching: the Verdef or Vernaux name of its index, NULL for index 0 and
 * 1, the base Verdef, and objects without versions.
 */
const char *ls_symbol_version_name(const ls_object *obj, const ls_symbol *sym);

/* A dynamic symbol's fields read raw, without proving its name or
 * version (ls_symbol_get does both): for walks over many symbols. */
typedef struct ls_rawsym {
	uint32_t name;		/* st_name */
	uint8_t type, bind, vis, other;
	uint16_t shndx;		/* st_shndx as stored */
	uint64_t value;
	uint16_t versym;
	bool has_versym;
} ls_rawsym;

/* Dynamic symbol i; false when it lies outside the table. */
bool ls_rawsym_get(const ls_object *obj, uint32_t i, ls_rawsym *r);
/* Its name, proven NUL-terminated inside the string table; false when not. */
bool ls_rawsym_name(const ls_object *obj, const ls_rawsym *r,
		    const char **name, size_t *len);
/* The same, with its length and GNU hash in one pass. */
bool ls_rawsym_name_hash(const ls_object *obj, const ls_rawsym *r,
			 const char **name, size_t *len, uint32_t *gnu_hash);
/* Its version as ls_symbol_version_name sees it. */
const char *ls_rawsym_version(const ls_object *obj, const ls_rawsym *r);

/* Helpers shared with bind.c and verneed_check.c. */

/* The dynamic table as ls_dynamic_get reads it (the SHT_DYNAMIC section,
 * else PT_DYNAMIC), located once so its entries are read without a
 * search each: n entries (0 without a table), off the absolute offset. */
typedef struct ls_dyntab {
	ls_bytes b;
	uint64_t off;
	uint64_t n;
	int order, wordsize;
} ls_dyntab;

/* False with d filled (when not NULL) when the table is outside the file. */
bool ls_dyntab_open(const ls_object *obj, ls_dyntab *t, ls_diag *d);

static inline void ls_dyntab_get(const ls_dyntab *t, uint64_t i, int64_t *tag,
				 uint64_t *val)
{
	uint64_t w = (uint64_t)t->wordsize, raw;

	ls_word(t->b, 2 * w * i, t->order, t->wordsize, &raw);
	ls_word(t->b, 2 * w * i + w, t->order, t->wordsize, val);
	*tag = t->wordsize == 8 ? (int64_t)raw : (int64_t)(int32_t)raw;
}

/* The absolute file offset of dynamic entry i (for diagnostics). */
uint64_t ls_dynamic_entry_off(const ls_object *obj, uint64_t i);


#endif
