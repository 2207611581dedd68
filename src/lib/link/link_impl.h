/*
 * link_impl.h - what the dry link's parts share: the files it opened, the
 * input steps in command-line order, and the global symbol table.
 * Private to src/lib/link/.
 */
#ifndef LS_LINK_IMPL_H
#define LS_LINK_IMPL_H

#include "link.h"
#include "ldscript.h"
#include "verscript.h"

#include <stdarg.h>

/* A file the link opened. */
#define LINK_MAX_TSCRIPTS 16

enum lfile_type { FT_MISSING, FT_OBJ, FT_DSO, FT_ARCHIVE, FT_SCRIPT, FT_OTHER, FT_EMPTY,
		  FT_BITCODE };

typedef struct lfile {
	char *path;
	ls_mapfile map;
	int type;
	ls_archive ar;		/* FT_ARCHIVE */
	uint16_t machine;	/* FT_OBJ/FT_DSO: e_machine; archive: first
				 * ELF member's (0 none) */
	uint8_t elfclass;
	bool incompatible;	/* machine or class differs from the target */
	bool visited;		/* archive: its turn came (GNU: done) */
	bool in_group;		/* archive inside the group being rescanned */
	bool done;		/* GNU: will never be scanned again */
	int32_t group;		/* group id + 1, 0 outside groups */
	bool noindex;		/* archive with members but no symbol index */
	uint32_t *pending;	/* GNU: symbols to try at the next visit */
	size_t npending, cappending;
	uint32_t lazy_first;	/* first lazy entry of this archive */
	uint32_t lazy_count;
} lfile;

enum lstep_kind { STEP_FILE, STEP_GROUP_START, STEP_GROUP_END };

typedef struct lstep {
	int kind;
	uint32_t file;
	uint32_t arg;		/* the ls_link_arg it came from */
	bool whole_archive, as_needed;
	const char *lib;	/* "-lfoo" when found by a search */
} lstep;

/* One name of the global symbol table. */
enum lstate { S_UNDEF = 1, S_DEFINED, S_COMMON, S_SHARED };

#define F_WEAKDEF 0x01		/* the definition is weak */
#define F_REF 0x02		/* a regular object references it non-weakly */
#define F_REFWEAK 0x04		/* a regular object references it weakly */
#define F_REFDSO 0x08		/* an input DSO references it non-weakly */
#define F_CMDLINE 0x10		/* -u */
#define F_PROTECTED_DEF 0x20
#define F_ENTRY 0x40		/* the entry symbol -e or ENTRY() names */
#define F_LTOREF 0x80		/* a GCC LTO object references it: there
				 * is no relocation to find, it counts */

typedef struct lsym {
	const char *name;
	uint32_t len, hash;
	uint8_t state, flags, vis;	/* vis: most restrictive, 0 default */
	int32_t def;		/* defining input, -1 */
	uint32_t def_sym;	/* its index in that input's table */
	int32_t ref;		/* first regular input referencing it, -1 */
	int32_t sref;		/* first one referencing it non-weakly, -1 */
	uint32_t lazy;		/* lazy chain head + 1, 0 none */
	uint32_t lazy_tail;	/* and its tail + 1: chains are appended to */
	uint64_t common_size;
} lsym;

/* An archive member some archive's index says defines a name. */
typedef struct lazy {
	uint32_t file;
	uint32_t sym;		/* its entry in the symbol table */
	uint32_t next;		/* next entry + 1 for the same name, 0 end */
	uint64_t member_off;
} lazy;

/* A name -> index table with names pointing into mapped files. */
typedef struct ltab {
	uint64_t *slots;	/* hash << 32 | (entry index + 1), 0 empty:
				 * a probe reads no entry whose hash differs */
	uint32_t mask;
	lsym *syms;
	uint32_t n, cap;
} ltab;

typedef struct dupdef {
	uint32_t sym;
	int32_t input;
	uint32_t symidx;
} dupdef;

/* (archive, member) -> input, for members already loaded. */
typedef struct lmemb {
	uint64_t key;		/* file << 40 | member offset, + 1 */
	int32_t input;
} lmemb;

/* Rules of one lld release on: lld 14 accepts an archive without a
 * symbol index and one object's two default versions of a name; lld 15
 * turned --fortran-common off by default and reads every member of an
 * archive it is given (see docs/link.md, "Releases"). */
#define LLD_SINCE(c, major) ((c)->sem == LS_SEM_LLD && (c)->rel >= (major) * 100)
#define LLD_BEFORE(c, major) ((c)->sem == LS_SEM_LLD && (c)->rel < (major) * 100)

typedef struct linkctx {
	const ls_link_cmd *cmd;
	ls_link_result *res;
	int sem;
	int rel;		/* the linker's release, ls_linkcmd_release() */
	bool gnu;		/* bfd/gold: archives visited once, in order */
	uint16_t machine;
	uint8_t elfclass;
	bool target_known;

	lfile *files;
	size_t nfiles, capfiles;
	lstep *steps;
	size_t nsteps, capsteps;
	size_t capinputs;

	ltab tab;		/* the global symbol table */
	ltab comdat;		/* COMDAT signatures kept */
	ltab indirect;		/* definitions of the input DSOs' DT_NEEDED */
	lazy *lazies;
	uint32_t nlazies, caplazies;
	lmemb *membs;
	uint32_t membmask, nmembs;
	dupdef *dups;
	size_t ndups, capdups;
	uint32_t *undefq;	/* lld/mold: (symbol, referencing input) to extract */
	int32_t *input_group;	/* per input: group id + 1 of its step */
	size_t capinput_group;
	int32_t cur_group;	/* group id + 1 of the step being read */
	int32_t ngroups;
	ltab verhidden;		/* DSO definitions under non-default versions */
	size_t nundefq, capundefq;
	uint32_t *dso_undef;	/* (input, symidx) pairs of DSO undefineds */
	size_t ndso_undef, capdso_undef;

	char **strs;		/* strings kept for the result's life */
	const char **wrapped;	/* "__wrap_SYM" per cmd->wrap entry, lazily */
	/* --defsym: the names the expressions read (kept strings), and for
	 * mold whether each expression was a lone name or number. */
	const char **defsym_refs;
	size_t ndefsym_refs, capdefsym_refs;
	bool defsym_complex;	/* an expression mold 1.10 cannot take */
	/* --version-script files, read as the linker in use reads them. */
	struct ls_verscript *vscripts;
	size_t nvscripts;
	/* -T scripts, parsed (link_script.c applies their statements). */
	struct ls_ldscript *tscripts;
	size_t ntscripts, captscripts;
	uint32_t tscript_file[LINK_MAX_TSCRIPTS];	/* c->files index of each */
	/* --gc-sections (link_gc.c): per input, a byte per section, 1 live;
	 * NULL for an input with no sections or when no GC ran. */
	uint8_t **gclive;
	uint32_t *gcnsec;
	uint32_t **gcrel;	/* per input, per section: its relocation
				 * section, 0 none (built when first needed) */
	size_t ngclive;
	size_t nstrs, capstrs;

	size_t nexpanded;	/* inputs named by linker scripts, in all */
	int group_depth;
	size_t group_first;	/* first step of the open group */
	bool fatal;		/* a linker would stop here */
	bool gold_fatal;	/* gold's "fatal error": it reports nothing more */
	ls_diag *d;
} linkctx;

/* link_symtab.c */
uint32_t ls_lhash(const char *s, size_t n);
int ltab_init(ltab *t, uint32_t expect);
void ltab_free(ltab *t);
/* Index of the name's entry; *made when it was inserted.  -1 on OOM. */
int64_t ltab_get(ltab *t, const char *name, uint32_t len, uint32_t hash,
		 bool *made);
int64_t ltab_find(const ltab *t, const char *name, uint32_t len,
		  uint32_t hash);
static inline void ltab_prefetch(const ltab *t, uint32_t hash)
{
	__builtin_prefetch(&t->slots[hash & t->mask]);
}

/* link_inputs.c */
const char *link_keep(linkctx *c, char *s);
/* --wrap: the name an undefined reference NAME (len bytes) from a regular
 * object resolves to: "__wrap_SYM" for SYM, "SYM" for "__real_SYM"; NAME
 * itself otherwise.  Returns 0, or -1 out of memory. */
int link_wrap_name(linkctx *c, const char **name, size_t *len);
/* --gc-sections: marks the live sections (link_gc.c); 0 or -1 (memory). */
int link_gc(linkctx *c);
/* Section shndx of input ii is removed by --gc-sections. */
bool link_gc_dead(const linkctx *c, int32_t ii, uint32_t shndx);
/* -z start-stop-gc in effect: __start_SEC does not keep SEC alive. */
bool link_start_stop_gc(const linkctx *c);
/* A reference from the command line (-u, EXTERN, an expression's name):
 * pulls the archive member that defines it.  0 or -1 (memory). */
int link_cmdline_ref(linkctx *c, const char *name, size_t len);
/* -T scripts (link_script.c). */
int link_script_setup(linkctx *c);
/* --version-script: reads the scripts (a file that cannot be read or
 * parsed fails the link in the linker's words); 0 or -1 (memory). */
int link_verscripts(linkctx *c);
/* A version script names version node ver (len bytes). */
bool link_version_node(const linkctx *c, const char *ver, size_t len);
int link_script_check(linkctx *c, int (*provides)(linkctx *, const lsym *));
bool link_script_defines(const linkctx *c, const char *name, size_t len);
bool link_script_replaces_layout(const linkctx *c, const char *name, size_t len);
const char *link_script_entry(const linkctx *c);
bool link_script_discards(const linkctx *c, const ls_link_input *in, const char *section);
int link_inputs(linkctx *c);
int link_dso_deps(linkctx *c);
/* A DSO's dynamic symbol exported under its plain name (global or weak,
 * visible, unversioned or the default version). */
bool link_dso_exports(const ls_symbol *s);

/* resolve.c */
int link_resolve(linkctx *c);
int32_t link_add_input(linkctx *c, int kind, uint32_t file, const char *path,
		       const char *member, size_t member_len, ls_bytes bytes,
		       uint64_t base, uint32_t arg);

/* link_sites.c */
int link_sites(linkctx *c);
void link_def_site(linkctx *c, int32_t input, uint32_t symidx,
		   ls_link_site *out);

/* link_hints.c */
int link_hints(linkctx *c);

/* link_result.c */
/* A new wrong-architecture record (the rest zeroed), NULL on OOM. */
ls_link_incompat *link_incompat_add(linkctx *c, const char *path,
				    const char *member, size_t member_len,
				    uint16_t machine, uint8_t elfclass);
/* e_machine of ELF bytes (0 when too short), with EI_CLASS and e_type. */
uint16_t link_elf_ident(ls_bytes b, uint8_t *elfclass, uint16_t *type);
/* The input's object with its section table, decoded again if it was
 * dropped after loading; NULL if that fails. */
const ls_object *link_input_obj(ls_link_input *in);
/* Fills c->d with "path(member): what" from src; returns -2. */
int link_fail(linkctx *c, const char *path, const char *member,
	      const ls_diag *src);
int link_reason(ls_link_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int link_warning(ls_link_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int link_note(ls_link_result *r, int kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *link_vfmt(const char *fmt, va_list ap);
char *link_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *link_machine(uint16_t m);

#endif
