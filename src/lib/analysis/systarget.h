/*
 * systarget.h - named targets (`check --target debian-11`): would this
 * file load on a known system, judged symbol by symbol from data checked
 * in under data/targets (docs/targets.md) and compiled into the library,
 * without a root.
 *
 * The data is parsed on first use (once per process, thread-safe) and
 * then only read.  A target is exact (a Debian release: its libraries'
 * soname, DT_NEEDED, version definitions and defined symbols) or
 * version-level (a manylinux policy: the version names it allows over a
 * Debian release's libraries).
 */
#ifndef LS_SYSTARGET_H
#define LS_SYSTARGET_H

#include "audit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* What --list-targets shows of one target. */
typedef struct ls_systarget_info {
	const char *name;	/* "debian-11" */
	const char *title;	/* "Debian 11 bullseye" */
	const char *level;	/* "exact" or "version" */
	const char *glibc;	/* "2.31" */
	const char *glibcxx;	/* highest GLIBCXX_ node: "3.4.28" */
	const char *arches;	/* "x86-64 aarch64" */
	const char *aliases;	/* "debian-bullseye bullseye", or "" */
	const char *provenance;	/* one line */
} ls_systarget_info;

/* The number of targets, or -1 when the compiled-in data does not parse
 * (a message in *err; a build defect the unit tests catch). */
int ls_systarget_count(const char **err);
/* Target i (0 <= i < count), or NULL. */
const ls_systarget_info *ls_systarget_get(int i);
/* The index of the target or alias NAME, or -1. */
int ls_systarget_lookup(const char *name);
/* The known names nearest to NAME (at most two edits, or NAME a prefix),
 * space separated into buf; buf[0] = 0 when none. */
void ls_systarget_suggest(const char *name, char *buf, size_t len);

/* One reason a file would not load (symbol may be NULL: a needed version
 * no symbol is bound to, a library, an interpreter). */
typedef enum ls_tmiss_kind {
	LS_TMISS_VERSION,	/* a Verneed version the library lacks */
	LS_TMISS_SYMBOL,	/* no definition in the loaded set */
} ls_tmiss_kind;

/* The verdict on one file; strings point into the file's object or the
 * target data.  reason is malloc'd ("would not load on ..."), syms lists
 * every missing (symbol, version, library) as a version gate does. */
typedef struct ls_systarget_verdict {
	bool holds;
	char *reason;		/* NULL when it holds */
	ls_vsym *syms;
	uint32_t nsyms;
	/* The file's DT_NEEDED that no release of the data knows (not
	 * judged), held or not: malloc'd, the names point into the file. */
	const char **unjudged;
	uint32_t nunjudged;
} ls_systarget_verdict;

/*
 * Judges whether the audited file would load on target NAME (a name
 * ls_systarget_lookup knows).  0 with v filled, or -1 on out of memory
 * (v->holds false, reason NULL).  The caller frees v->reason, v->syms and
 * v->unjudged.
 */
int ls_systarget_judge(const ls_audit *a, const char *name,
		       ls_systarget_verdict *v);

/* `check --list-targets`: one line per target. */
void ls_systarget_list(FILE *f);

/* For the unit tests: replaces the compiled-in data (NULL: back to it).
 * Not thread-safe; call before any other function. */
int ls_systarget_use_text(const char *targets, const char *x86_64,
			  const char *aarch64, const char **err);

#endif
