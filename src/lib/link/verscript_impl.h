/*
 * verscript_impl.h - what the reading (verscript.c) and the matching
 * (verscript_match.c) of version scripts share: the glob dialects and the
 * index that one allocation of ls_verscript_parse holds.
 */
#ifndef LS_VERSCRIPT_IMPL_H
#define LS_VERSCRIPT_IMPL_H

#include "verscript.h"

#include "linkcmd.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NONE32 UINT32_MAX

enum {
	GD_FNM,		/* glibc fnmatch, flags 0 (bfd) */
	GD_FNM_NOESC,	/* fnmatch with FNM_NOESCAPE (gold) */
	GD_LLVM,	/* llvm::GlobPattern of LLVM 14 (lld) */
	GD_MOLD,	/* mold::Glob of mold 1.10 */
};

typedef struct vs_key {
	uint32_t pat;		/* first pattern with this key */
	uint32_t winner;	/* the exact match the linker picks, or NONE32 */
	uint32_t rank;		/* its position in the linker's exact order */
	uint32_t gnode, lnode;	/* bfd: first node listing it global, local */
	uint8_t ambiguous;
	uint8_t pad[3];
} vs_key;

struct ls_vs_index {
	vs_key *keys;
	uint32_t nkeys;
	uint32_t *khash;	/* key index + 1 */
	uint32_t kmask;
	uint32_t *nhash;	/* node index + 1, by name */
	uint32_t nmask;
	uint32_t *globs;	/* pattern indices in match order */
	uint32_t nglobs;
	uint32_t star_g, star_l;	/* the "*" patterns that apply */
	bool mold_simple;
	bool has_cxx, has_java;
	uint64_t seed[2];	/* the hash key */
	int dialect;
};

/* Up to 48 bytes of a name for a message, '?' for unprintables. */
const char *vs_shown(char buf[64], const char *s, size_t n);

/* The glob dialect of linker sem (GD_*). */
int vs_dialect_of(int sem);
/* Whether pattern p[0..n) is a valid glob in dialect dia (lld and mold
 * refuse some). */
bool vs_glob_valid(const uint8_t *p, size_t n, int dia);
/* The keys, their hash table and the glob order of a parsed script, and
 * the errors only the whole script shows. */
int vs_index_build(ls_verscript *vs, ls_diag *d);
#endif
