/*
 * bind_impl.h - what the parts of the binding simulation share (not for
 * callers; see bind.h): bind.c (the scopes, the -rdynamic hint and the
 * entry point), bind_interpose.c (the table of
 * every exported definition and the interposition report) and
 * bind_reloc.c (the relocation walk with its memo, its lookup cache and
 * the lookup through the scopes).
 */
#ifndef LS_BIND_IMPL_H
#define LS_BIND_IMPL_H

#include "bind.h"
#include "symhash.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per-object and per-process state --------------------------------------- */

struct objctx {
	const ls_object *o;	/* NULL: missing or unusable */
	ls_symhash h;
	bool symbolic;
	bool lazy;		/* JUMP_SLOTs are bound on first call */
	uint32_t unres_first;	/* its unresolved records */
};

/* A definition in the interposition table. */
struct def {
	const char *name;
	const char *version;
	uint32_t hash;
	uint32_t obj;
	uint32_t next;		/* next definition of the name + 1, or 0 */
	bool protected_;	/* STV_PROTECTED */
	bool weak;		/* STB_WEAK */
	uint32_t ip_first, ip_n;	/* on the list head: its entries */
};

struct memo_slot {
	uint32_t key, val;
};

struct lcache_ent {
	const char *name;	/* NULL: not answered yet */
	const char *version;
	uint32_t nlen;
	uint8_t flags;		/* PLT class, hidden version, --dlopen group */
	int32_t def;		/* the answer: objs index or -1 */
};

struct lcache_slot {
	uint32_t hash;
	uint32_t ent;		/* entry + 1; 0: empty */
};

struct bound_tmp {
	uint32_t ip, obj, loser, why;
};

struct ctx {
	const ls_process *p;
	const ls_bind_opts *opts;
	ls_bind_result *r;
	ls_diag *d;
	bool musl;
	struct objctx *oc;
	uint32_t *start, nstart;	/* startup scope */
	uint32_t *group, ngroup;	/* startup scope + the --dlopen group */
	/* The memo of the object being walked: keys 2 * symbol + class + 1
	 * (0: empty), open addressing over mcur slots (a power of two, at
	 * most half full); mcap allocated. */
	struct memo_slot *memo;
	uint32_t mcap, mcur, mused;
	/* interposition */
	uint32_t *slots;	/* def index + 1 of a name's list head */
	uint64_t cap;		/* slots: a power of two */
	struct def *defs;
	uint32_t ndefs;
	struct bound_tmp *bt;
	uint32_t nbt;
	size_t capbt;
	/* Answers of scope searches, shared by the objects searching the
	 * same scope in the same way (not DT_SYMBOLIC ones, not COPY). */
	struct lcache_slot *lslot;
	uint32_t lcap;
	struct lcache_ent *lent;
	uint32_t nlent;
	size_t caplent;
	/* ELF hashes of version names, by the name's address. */
	struct {
		const char *name;
		uint32_t hash;
	} vhash[64];
	size_t capunres, capip, caplosers, capreports;
	/* glibc's lookup cache of the object being walked (last symbol
	 * index + 1, 0: empty; its type class) and the record the last
	 * one_reloc ended at (UINT32_MAX: none). */
	uint32_t lc_sym, lc_class, last_unres;
};

/* Memo values: 0 unknown; UNRES|i: unresolved record i; else definer + 1. */
#define MEMO_UNRES 0x80000000u

/* bind.c */
int bind_oom(struct ctx *c);
int bind_grow(struct ctx *c, void *arr, size_t *cap, uint32_t n, size_t elem);
bool bind_names_object(const ls_ldobj *lo, const char *name);

/* bind_interpose.c */
int bind_build_table(struct ctx *c);
struct def *bind_table_find(struct ctx *c, const char *name, size_t len,
			    uint32_t hash, uint64_t *slot);
ls_interpose *bind_loser_entry(struct ctx *c, const struct def *head,
			       uint32_t def, const char *version);
int bind_add_bound(struct ctx *c, uint32_t ip, uint32_t obj, uint32_t loser,
		   ls_bound_why why);
int bind_finish_bound(struct ctx *c);
int bind_sort_ip(struct ctx *c);

/* bind_reloc.c */
int bind_walk_object(struct ctx *c, uint32_t k);

#endif
