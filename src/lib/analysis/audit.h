/*
 * audit.h - the facts `linkscope check` reports about one artifact: what
 * kind of file it is, what it needs at load time, how it is hardened, the
 * oldest C library it can run on, and (through go/gofacts.h) how a Go
 * binary was built.
 *
 * An ls_audit is filled from an ls_object and points into its mapping:
 * it lives only as long as the object does.  Every array in it is sized
 * from counts the file itself bounds (dynamic entries, dynamic symbols).
 */
#ifndef LS_AUDIT_H
#define LS_AUDIT_H

#include "../core/str.h"
#include "../go/gofacts.h"
#include "../model/object.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ls_art_kind {
	LS_ART_OTHER,
	LS_ART_EXEC,		/* ET_EXEC */
	LS_ART_PIE,		/* ET_DYN + DF_1_PIE, with an interpreter */
	LS_ART_STATIC_PIE,	/* ET_DYN + DF_1_PIE, no interpreter */
	LS_ART_SHARED,		/* ET_DYN without DF_1_PIE */
	LS_ART_REL,		/* ET_REL */
	LS_ART_CORE,		/* ET_CORE */
	LS_ART_DEBUGINFO,	/* a separate debug-info file (code is NOBITS) */
} ls_art_kind;

typedef enum ls_relro { LS_RELRO_NONE, LS_RELRO_PARTIAL, LS_RELRO_FULL } ls_relro;

typedef enum ls_libc {
	LS_LIBC_UNKNOWN, LS_LIBC_GLIBC, LS_LIBC_MUSL, LS_LIBC_BIONIC,
	LS_LIBC_NONE,
} ls_libc;

/* A dangerous RPATH/RUNPATH element. */
typedef enum ls_rpath_risk_kind {
	LS_RISK_RELATIVE,	/* resolved against the process's cwd */
	LS_RISK_EMPTY,		/* "" means the cwd too */
	LS_RISK_ORIGIN_SETUID,	/* $ORIGIN in a set-id file */
	LS_RISK_WORLD_WRITABLE,	/* anyone can plant a library there */
	LS_RISK_NOT_ROOT_OWNED,	/* its owner can plant a library there */
	LS_RISK_MISSING,	/* does not exist: whoever creates it wins */
} ls_rpath_risk_kind;


typedef struct ls_rpath_risk {
	ls_str dir;
	bool runpath;		/* from DT_RUNPATH (else DT_RPATH) */
	ls_rpath_risk_kind kind;
	uint32_t uid;		/* LS_RISK_NOT_ROOT_OWNED: the owner */
} ls_rpath_risk;

/* The highest version of one family (GLIBC, GLIBCXX, ...) that is needed. */
typedef struct ls_floor {
	const char *family;	/* "GLIBC", points into a static table */
	const char *name;	/* "GLIBC_2.34" */
	const char *library;	/* vn_file, e.g. "libc.so.6" */
	uint16_t index;		/* its version index */
	uint32_t first, count;	/* its symbols in ls_audit.floor_syms */
} ls_floor;

/* An imported symbol bound to a numbered version of a family
 * (GLIBC_2.34, GLIBCXX_3.4.30, ...): what a version gate lists. */
typedef struct ls_vsym {
	const char *name;	/* "pthread_create", as in .dynsym */
	const char *version;	/* "GLIBC_2.34" */
	const char *family;	/* "GLIBC", points into a static table */
	const char *library;	/* vn_file, e.g. "libc.so.6" */
	bool weak;		/* STB_WEAK: only its version need can fail */
} ls_vsym;

/* A failed requirement (filled by policy.c).  The reason has no fixed
 * bound; it and syms are owned here and freed by ls_audit_free. */
typedef struct ls_failure {
	const char *requirement;	/* as the user spelled it */
	int rule;		/* policy.c's requirement id */
	char *reason;		/* never NULL once filled */
	bool reason_heap;	/* reason is malloc'd (else a static text) */
	ls_vsym *syms;		/* a version gate: every symbol above the */
	uint32_t nsyms;		/* target, highest version first */
	/* The next step (remedy.c), malloc'd: what the user meets at run
	 * time, and the fix for a C and for a Go build; a fix is NULL when
	 * it does not apply to the file (fix_c of a Go file without cgo,
	 * fix_go of a file that is not Go). */
	char *symptom, *fix_c, *fix_go;
} ls_failure;

#define LS_MAX_FLOORS 8
#define LS_MAX_FAILURES 32

/* A named target's DT_NEEDED that its data does not know, so it judged
 * nothing of them (held or not; filled by policy.c, freed by
 * ls_audit_free). */
typedef struct ls_unjudged {
	const char *requirement;	/* "target=debian-11", as spelled */
	const char **libs;	/* malloc'd; the names point into the file */
	uint32_t nlibs;
} ls_unjudged;

typedef struct ls_audit {
	const char *path, *member;

	ls_art_kind kind;
	uint8_t elfclass, order, osabi;
	uint16_t machine;
	ls_loadinfo load;	/* interpreter and dynamic section (reader's) */
	bool is_static;
	bool scratch_ok;
	bool static_nss;	/* a static program with glibc's NSS loader */
	const char *scratch_reason;

	ls_rpath_risk *risks;
	uint32_t nrisks;

	ls_relro relro;
	bool pie, nx, canary;	/* BIND_NOW, TEXTREL: load.dyn */
	uint32_t rwx_segments;
	uint32_t fortified;	/* distinct _chk functions used */
	uint8_t fortify_used[16];	/* bit i: ls_fortify_name(i) used */
	/* The plain functions used that have a _chk variant (memcpy for
	 * __memcpy_chk, open for __open_2): bit i is ls_fortify_plain(i).
	 * fortifiable = fortified + unfortified, as checksec counts it. */
	uint32_t unfortified;
	uint8_t fortify_plain[16];
	bool has_x86_feature, ibt, shstk;
	uint32_t x86_isa_needed;	/* GNU_PROPERTY_X86_ISA_1_NEEDED bits */
	bool has_aarch64_feature, bti, pac;
	ls_bytes build_id;	/* empty when none */
	bool has_abi_tag;
	uint32_t abi_os, abi_major, abi_minor, abi_sub;
	bool stripped;

	ls_libc libc;
	ls_floor floors[LS_MAX_FLOORS];
	uint32_t nfloors;
	const char **floor_syms;	/* grouped by floor */
	uint8_t *floor_tag;	/* while collecting: each symbol's floor */
	uint32_t nfloor_syms;
	ls_vsym *vsyms;		/* every import bound to a family version */
	uint32_t nvsyms;
	/* libc_floor.c's memo while collecting: for a version index below
	 * 64, 0 = not looked up yet, 0xffff = no family version, else its
	 * position in obj->versions plus one, shifted left 2, | its family. */
	uint16_t vfam_memo[64];

	ls_gofacts go;
	bool go_funcs;		/* list the pclntab in the report */
	const ls_object *obj;	/* for the writers that list Go functions */

	ls_failure failures[LS_MAX_FAILURES];
	uint32_t nfailures;
	ls_unjudged unjudged[LS_MAX_FAILURES];
	uint32_t nunjudged;
} ls_audit;

typedef struct ls_audit_opts {
	const char *root;	/* judge RPATH dirs under this sysroot; NULL = "/" */
	bool setid;		/* the file is set-user/group-ID on disk */
} ls_audit_opts;

/* Audits obj.  0, or -1 with d filled (the audit is still freed by
 * ls_audit_free).  */
int ls_audit_run(const ls_object *obj, const ls_audit_opts *opts,
		 ls_audit *a, ls_diag *d);
void ls_audit_free(ls_audit *a);
/* Frees what ls_policy_eval attached to the audit's failures (their
 * reasons, symbols and next steps) and empties the list; ls_audit_free
 * calls it. */
void ls_audit_failures_free(ls_audit *a);

/* Names for reports. */
const char *ls_art_kind_name(ls_art_kind k);
const char *ls_relro_name(ls_relro r);
const char *ls_libc_name(ls_libc l);
const char *ls_risk_name(ls_rpath_risk_kind k);
const char *ls_osabi_name(uint8_t osabi);
/* "x86-64-v3" for the highest needed ISA level, or NULL. */
const char *ls_x86_isa_name(uint32_t bits);

/* The glibc fortify functions known to linkscope (table order). */
uint32_t ls_fortify_count(void);
const char *ls_fortify_name(uint32_t i);
/* Index of name in the table, or -1. */
int ls_fortify_lookup(const char *name);

/* The plain function whose calls _FORTIFY_SOURCE turns into
 * ls_fortify_name(i): "memcpy" for "__memcpy_chk", "open" for "__open_2".
 * Points into the table (not NUL-terminated): its length in *len. */
const char *ls_fortify_plain(uint32_t i, size_t *len);

/* What a check applies to.  A pure-Go artifact (Go, no cgo code linked
 * in) has no C code: the stack protector and FORTIFY cannot apply to it
 * (the Go compiler checks bounds itself).  NULL when the fact applies,
 * else why not (a static text). */
const char *ls_audit_canary_na(const ls_audit *a);
const char *ls_audit_fortify_na(const ls_audit *a);
/* The FORTIFY verdict: "yes" (a fortified call), "no" (fortifiable calls,
 * none fortified), "n/a" (nothing fortifiable, or not applicable). */
const char *ls_audit_fortify_status(const ls_audit *a);
uint32_t ls_audit_fortifiable(const ls_audit *a);

/* Compares two version strings numerically ("2.9" < "2.34"). */
int ls_version_cmp(const char *a, const char *b);

#endif
