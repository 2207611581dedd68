/*
 * elf_dynamic.h - the dynamic-linking tables of one ELF object read on
 * demand, for the loader simulation (analysis/symhash.c, bind*.c,
 * verneed_check.c) and the link's DSO scan: the dynamic section located
 * once, dynamic symbols decoded raw into a stack struct, the version
 * index of a dynamic symbol, and the DT_GNU_HASH / DT_HASH table.
 *
 * Analyses read only the model: every byte of these tables is read here,
 * through core/bytes.h, and what an analysis gets back is a decoded field.
 * Nothing is allocated, and the hot accessors are inline: the binding
 * walk reads millions of symbols and chain words per `deps -r`.
 */
#ifndef LS_ELF_DYNAMIC_H
#define LS_ELF_DYNAMIC_H

#include "../model/object.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Fixed-size reads of bytes already proven in bounds (ls_in). */
static inline uint16_t ls_elf_rd16(const uint8_t *p, int order)
{
	return order == LS_LE ? (uint16_t)(p[0] | p[1] << 8)
			      : (uint16_t)(p[1] | p[0] << 8);
}

static inline uint32_t ls_elf_rd32(const uint8_t *p, int order)
{
	return order == LS_LE
		       ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
				 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		       : (uint32_t)p[3] | (uint32_t)p[2] << 8 |
				 (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

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

/* Dynamic symbols ---------------------------------------------------------- */

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

/* Dynamic symbol i; false when it lies outside the table.  Inline: the
 * lookups call it for every candidate. */
static inline bool ls_rawsym_get(const ls_object *o, uint32_t i, ls_rawsym *r)
{
	ls_bytes b = o->dynsym.data;
	uint64_t off = (uint64_t)i * o->dynsym.entsize;
	uint8_t info;

	if (!ls_in(b, off, o->wordsize == 8 ? 24 : 16))
		return false;
	const uint8_t *p = ls_ptr(b, off);
	r->name = ls_elf_rd32(p, o->order);
	if (o->wordsize == 8) {
		info = p[4];
		r->other = p[5];
		r->shndx = ls_elf_rd16(p + 6, o->order);
		uint64_t lo = ls_elf_rd32(p + 8, o->order), hi = ls_elf_rd32(p + 12, o->order);
		r->value = o->order == LS_LE ? hi << 32 | lo : lo << 32 | hi;
	} else {
		r->value = ls_elf_rd32(p + 4, o->order);
		info = p[12];
		r->other = p[13];
		r->shndx = ls_elf_rd16(p + 14, o->order);
	}
	r->type = info & 0xf;
	r->bind = info >> 4;
	r->vis = r->other & 3;
	r->versym = 0;
	r->has_versym = false;
	if (ls_in(o->versym, (uint64_t)i * 2, 2)) {
		r->versym = ls_elf_rd16(ls_ptr(o->versym, (uint64_t)i * 2), o->order);
		r->has_versym = true;
	}
	return true;
}

/* Its name, proven NUL-terminated inside the string table; false when not. */
bool ls_rawsym_name(const ls_object *obj, const ls_rawsym *r,
		    const char **name, size_t *len);
/* The same, with its length and GNU hash in one pass. */
bool ls_rawsym_name_hash(const ls_object *obj, const ls_rawsym *r,
			 const char **name, size_t *len, uint32_t *gnu_hash);
/* Its name is name[0..len) (proven inside the string table). */
static inline bool ls_rawsym_name_is(const ls_object *o,
				     const ls_rawsym *r,
				     const char *name, size_t len)
{
	ls_bytes t = o->dynsym.strtab;

	if (r->name == 0)
		return len == 0;
	return ls_in(t, r->name, (uint64_t)len + 1) &&
	       !memcmp(ls_ptr(t, r->name), name, len) &&
	       ls_ptr(t, r->name)[len] == '\0';
}

/* Its version as glibc's l_versions sees it for matching: the Verdef or
 * Vernaux name of its index; NULL for index 0 and 1, the base Verdef,
 * and symbols without a version entry. */
const char *ls_rawsym_version(const ls_object *obj, const ls_rawsym *r);

/* What a walk over many relocations reads of the dynamic symbol table,
 * copied once into the walker's locals (so they stay in registers across
 * the calls it makes per entry). */
typedef struct ls_dynsym_view {
	ls_bytes data;
	uint64_t entsize;
	uint32_t count;
	int order;
	uint8_t info_at, shndx_at;	/* st_info (st_other follows), st_shndx */
} ls_dynsym_view;

static inline ls_dynsym_view ls_dynsym_view_of(const ls_object *o)
{
	ls_dynsym_view v = {
		.data = o->dynsym.data, .entsize = o->dynsym.entsize,
		.count = o->dynsym.count, .order = o->order,
		.info_at = o->wordsize == 8 ? 4 : 12,
		.shndx_at = o->wordsize == 8 ? 6 : 14,
	};
	return v;
}

/* st_info and st_other of dynamic symbol i alone; false outside the table. */
static inline bool ls_dynsym_info(const ls_dynsym_view *v, uint32_t i,
				  uint8_t *info, uint8_t *other)
{
	uint64_t at = (uint64_t)i * v->entsize + v->info_at;

	return ls_u8(v->data, at, info) && ls_u8(v->data, at + 1, other);
}

/* st_shndx of dynamic symbol i as stored; false outside the table. */
static inline bool ls_dynsym_shndx(const ls_dynsym_view *v, uint32_t i,
				   uint16_t *shndx)
{
	return ls_u16(v->data, (uint64_t)i * v->entsize + v->shndx_at, v->order,
		      shndx);
}

/* Entries of .gnu.version, and entry i (false when outside it). */
static inline uint64_t ls_versym_count(const ls_object *o)
{
	return o->versym.size / 2;
}

static inline bool ls_versym_get(const ls_object *o, uint64_t i, uint16_t *vs)
{
	return ls_u16(o->versym, 2 * i, o->order, vs);
}

/* Hash tables -------------------------------------------------------------- */

typedef enum ls_hash_kind {
	LS_HASH_NONE,			/* no table: the object defines nothing */
	LS_HASH_GNU,
	LS_HASH_SYSV,
} ls_hash_kind;

/* An object's hash table, located once (ls_hashtab_open); header fields
 * decoded, buckets and chains read from the mapping at each step. */
typedef struct ls_hashtab {
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
} ls_hashtab;

/*
 * Finds the object's DT_GNU_HASH (preferred, as glibc does, unless want
 * is LS_HASH_SYSV and a DT_HASH exists) or DT_HASH through its dynamic
 * section.  An object without dynamic symbols or without a table gets
 * LS_HASH_NONE.  0, or -1 with d filled when a table is named but is not
 * in the file, or its header is malformed (the buckets are proven inside
 * the table here).
 */
int ls_hashtab_open(ls_hashtab *h, const ls_object *obj, ls_hash_kind want,
		    ls_diag *d);

/*
 * The GNU bloom filter: two bits of one word must be set for a name of
 * GNU hash hv to be defined (glibc's do_lookup_x).  True for a SysV
 * table (it has no filter), false without a table.
 */
static inline bool ls_hashtab_bloom(const ls_hashtab *h, uint32_t hv)
{
	if (h->kind != LS_HASH_GNU)
		return h->kind == LS_HASH_SYSV;
	unsigned lg = h->bloom_word == 8 ? 6 : 5, mask = (1u << lg) - 1;
	const uint8_t *p = h->bloom_p + (size_t)((hv >> lg) & h->bloom_mask) *
						(size_t)h->bloom_word;
	uint64_t w = ls_elf_rd32(p, h->order);

	if (h->bloom_word == 8) {
		uint64_t x = ls_elf_rd32(p + 4, h->order);
		w = h->order == LS_LE ? x << 32 | w : w << 32 | x;
	}
	return (w >> (hv & mask)) & (w >> ((hv >> (h->shift & 31)) & mask)) & 1;
}

/* The GNU bucket of hv (proven inside the table by ls_hashtab_open);
 * *off is its offset in tab. */
static inline uint32_t ls_hashtab_gnu_bucket(const ls_hashtab *h, uint32_t hv,
					     uint64_t *off)
{
	*off = h->buckets + (uint64_t)(hv % h->nbuckets) * 4;
	return ls_elf_rd32(h->tab.base + *off, h->order);
}

/* The GNU chain word of symbol idx (>= symoffset); *off is its offset in
 * tab.  False when it lies past the table. */
static inline bool ls_hashtab_gnu_chain(const ls_hashtab *h, uint32_t idx,
					uint32_t *c, uint64_t *off)
{
	*off = h->chains + (uint64_t)(idx - h->symoffset) * 4;
	return ls_u32(h->tab, *off, h->order, c);
}

/* The SysV bucket of ELF hash eh, and the chain entry after idx; *off is
 * the offset in tab of the word read (proven by ls_hashtab_open). */
static inline uint64_t ls_hashtab_sysv_bucket(const ls_hashtab *h, uint32_t eh,
					      uint64_t *off)
{
	uint64_t v;

	*off = (2 + (uint64_t)(eh % h->nbuckets)) * (uint64_t)h->hash_word;
	ls_word(h->tab, *off, h->order, h->hash_word, &v);
	return v;
}

static inline uint64_t ls_hashtab_sysv_chain(const ls_hashtab *h, uint64_t idx,
					     uint64_t *off)
{
	uint64_t v;

	*off = (2 + (uint64_t)h->nbuckets + idx) * (uint64_t)h->hash_word;
	ls_word(h->tab, *off, h->order, h->hash_word, &v);
	return v;
}

#endif
