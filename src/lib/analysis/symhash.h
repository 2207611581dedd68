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
 * The tables are decoded by the reader (readers/elf_dynamic.h) one word
 * at a time: every bucket and chain index is checked here against the
 * table's bytes and the symbol count, and chains are bounded by the
 * symbol count, so a hostile table ends in an error at the offending
 * bytes, never in a loop or a wild read.  Nothing is allocated.
 */
#ifndef LS_SYMHASH_H
#define LS_SYMHASH_H

#include "../model/object.h"
#include "../readers/elf_dynamic.h"

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

/* An object's hash table, located once (ls_symhash_init): the reader's
 * decoded table (readers/elf_dynamic.h). */
typedef ls_hashtab ls_symhash;

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
	return ls_hashtab_bloom(h, hv);
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

#endif
