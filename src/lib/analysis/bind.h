/*
 * bind.h - symbol binding in a simulated process: which references the
 * loader could not resolve, and which definitions interpose on others.
 *
 * Every loaded object's dynamic relocations (DT_RELA / DT_REL and
 * DT_JMPREL, found through its dynamic section) are walked once.  A
 * relocation naming a symbol is resolved as glibc's RESOLVE_MAP and
 * _dl_lookup_symbol_x do it (musl's find_sym for a musl process):
 *
 *   - a local or hidden reference binds to its own object, no lookup;
 *   - the scope is the global scope in load order (the startup objects);
 *     an object of the --dlopen group searches the group's own local
 *     scope after it; a DT_SYMBOLIC / DF_SYMBOLIC object searches itself
 *     first; a COPY relocation skips the executable;
 *   - each object answers as symhash.h's ls_symhash_lookup (versions,
 *     visibility, PLT-class relocations ignoring undefined symbols);
 *     weak definitions count as global, the first answer wins;
 *   - a protected reference binds to its own object (glibc).
 *
 * A reference nothing answers is unresolved.  It is an error unless the
 * reference is weak; it stops the process at startup unless it is only
 * ever a JUMP_SLOT of DT_JMPREL in an object bound lazily (no DT_BIND_NOW,
 * DF_BIND_NOW, DF_1_NOW, LD_BIND_NOW; the loader itself is always bound
 * at once), in which case it fails when first called.
 *
 * Interposition (optional): names exported by more than one object of the
 * scope, which one a normal lookup finds (the first in scope order), the
 * others, and which objects nevertheless bind to one of the others.
 *
 * A reference to the referencing object's own definition is looked up
 * only for interposition (otherwise it cannot fail).  The startup objects
 * search the global scope as it is at startup: the --dlopen group is not
 * in it, even with RTLD_GLOBAL.  The --dlopen group is relocated lazily
 * unless opts->dlopen_now (RTLD_NOW) or LD_BIND_NOW.  musl binds
 * everything at startup (the group lazily under RTLD_LAZY, PLT calls
 * only), matches names only (skipping hidden versions), and has no
 * DT_SYMBOLIC or protected rules.  Not simulated: MIPS's GOT-based
 * binding (DT_MIPS_GOTSYM), LD_DYNAMIC_WEAK, RTLD_DEEPBIND, audit
 * modules, the vDSO, ld.so's own lookups of malloc and friends.
 *
 * Speed: the GNU bloom filter answers most probes (inline, before any
 * call); the name is hashed once per reference; each (object, symbol,
 * relocation class) is looked up once, and objects that search the same
 * scope the same way share answers; leading relative relocations
 * (DT_RELACOUNT) are skipped as glibc skips them; nothing is allocated per
 * symbol.  Strings in the results point into the mapped files (they live
 * as long as the ls_dsocache).
 */
#ifndef LS_BIND_H
#define LS_BIND_H

#include "loader.h"

#include <stdbool.h>
#include <stdint.h>

/* The kinds of relocations seen for a reference. */
enum ls_refkind {
	LS_REF_PLT = 1,		/* JUMP_SLOT: a call through the PLT */
	LS_REF_DATA = 2,	/* GLOB_DAT, absolute words, ... */
	LS_REF_COPY = 4,	/* COPY: the executable copies a variable */
	LS_REF_TLS = 8,		/* TLS module/offset/descriptor */
};

/* One unresolved reference: once per (object, symbol, version). */
typedef struct ls_unresolved {
	uint32_t obj;		/* the referencing object (objs index) */
	const char *symbol;
	const char *version;	/* the required version, NULL: none */
	const char *version_file;	/* the Verneed file of version, or NULL */
	uint32_t kinds;		/* LS_REF_* of the relocations seen */
	bool weak;		/* a weak reference: not an error */
	bool lazy;		/* only lazy PLT calls: fails when first called */
	/* For an object of the --dlopen group: the executable defines the
	 * name (global or weak, in .symtab or as a hidden .dynsym entry)
	 * without exporting it: link the host with -rdynamic. */
	bool host_has_unexported;
} ls_unresolved;

/* Why an object binds to a definition other than the winner. */
typedef enum ls_bound_why {
	LS_BOUND_SYMBOLIC,	/* DT_SYMBOLIC: it searches itself first */
	LS_BOUND_PROTECTED,	/* its own definition is protected */
	LS_BOUND_SCOPE,		/* the lookup order reached it first (the
				   --dlopen group's local scope, versions) */
} ls_bound_why;

typedef struct ls_bound {
	uint32_t obj;		/* the referencing object */
	uint32_t loser;		/* the definition it binds to */
	ls_bound_why why;
} ls_bound;

/* A name (and version) defined by more than one object of the scope. */
typedef struct ls_interpose {
	const char *symbol;
	/* The version the definitions share; unversioned definitions (version
	 * index 0/1, or an object without versions) match every version.
	 * NULL when all are unversioned. */
	const char *version;
	uint32_t winner;	/* objs index: first in scope order */
	uint32_t first_loser, nlosers;	/* in losers[], scope order */
	uint32_t first_bound, nbound;	/* in bound[] */
	bool copy;		/* the executable's COPY relocation takes a
				   loser's data (the ordinary fate of
				   variables like stdout or environ) */
	bool rtld;		/* the winner or a loser is the loader */
	bool dlopen;		/* the winner or a loser is in the --dlopen group */
	/* A loser's own uses stay inside it whatever the relocations say:
	 * its definition is protected, or it is DT_SYMBOLIC (the linker
	 * usually resolved those uses already, leaving no relocation to
	 * show in bound[]; -Bsymbolic-functions leaves no trace at all). */
	bool protected_loser, symbolic_loser;
	/* Every definition is weak: mostly C++ vague linkage (inline
	 * functions, template instances, typeinfo) that each object carries
	 * a copy of, harmless by the one-definition rule. */
	bool all_weak;
} ls_interpose;

typedef struct ls_bind_opts {
	bool interposition;	/* compute ip/losers/bound */
	bool dlopen_now;	/* the --dlopen group is opened RTLD_NOW */
} ls_bind_opts;

typedef struct ls_bind_result {
	/* By object (objs order), then by first relocation. */
	ls_unresolved *unres;
	uint32_t nunres;
	/* By the winner's scope position, then name. */
	ls_interpose *ip;
	uint32_t nip;
	uint32_t *losers;
	uint32_t nlosers;
	ls_bound *bound;
	uint32_t nbound;
	/* A non-weak reference of a startup object (or of the --dlopen
	 * group) fails when the objects are relocated. */
	bool fatal, dlopen_fatal;
	/* glibc (built with assertions, as distributions do) stops with
	 * "Inconsistency detected by ld.so: dl-lookup.c: ...: check_match:
	 * Assertion `version->filename == NULL || ! _dl_name_match_p
	 * (version->filename, map)' failed!" (exit 127) when a versioned
	 * reference binds in the object its Verneed names and that object
	 * has no symbol versions at all.  The first such reference (one made
	 * at startup if there is one; assert_lazy: only on a first call): */
	bool assert_fail, assert_lazy;
	uint32_t assert_obj, assert_definer;
	const char *assert_symbol, *assert_version;
	uint32_t assert_report;	/* reports made before it (ldd -r stops) */
	/* The lines `ldd -r` prints: unres indexes, one per lookup glibc
	 * makes and fails, by object then relocation order.  glibc keeps a
	 * one-entry lookup cache per object (elf/dl-reloc.c resolve_map,
	 * keyed on the symbol entry and elf_machine_type_class), so a
	 * symbol named by a GLOB_DAT and then a JUMP_SLOT is looked up, and
	 * reported, twice. */
	uint32_t *reports;
	uint32_t nreports;
	uint64_t nrelocs;	/* relocations naming a symbol */
	uint64_t nlookups;	/* scope searches */
	int32_t err_obj;	/* on failure: the malformed object, or -1 */
} ls_bind_result;

/*
 * Binds process p.  0 with r filled (unresolved references are results,
 * not errors); -1 with d filled when an object's relocation or hash
 * tables are malformed (r->err_obj names the object, d's offset is in
 * its file) or memory runs out (r->err_obj -1).  r is cleared first and
 * must be freed either way.
 */
int ls_bind_run(const ls_process *p, const ls_bind_opts *o, ls_bind_result *r,
		ls_diag *d);
void ls_bind_free(ls_bind_result *r);

const char *ls_bound_why_name(ls_bound_why w);	/* "symbolic", ... */

#endif
