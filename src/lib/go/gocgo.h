/*
 * gocgo.h - where cgo enters a Go build, and what CGO_ENABLED=0 changes.
 *
 * Input: two `go list -deps -json` package lists of the same pattern, one
 * with the environment's CGO_ENABLED ("with") and one with CGO_ENABLED=0
 * and -export ("without": each package compiled, so type errors such as
 * `undefined: pkcs11.New` are package errors).  Output: the packages that use cgo, with the import chain
 * that brings each one in; the packages a CGO_ENABLED=0 build loses or
 * gains; the packages whose Go files change; the packages that fail; and
 * what changes at run time for the standard packages that matter (net,
 * os/user, plugin, runtime/cgo).  Pure: reads the lists, never runs go.
 *
 * Document layout: docs/gocgo.md.
 */
#ifndef LS_GOCGO_H
#define LS_GOCGO_H

#include "golist.h"

typedef struct ls_gocgo_use {
	const ls_gopkg *pkg;	/* in the "with" list */
	const char **chain;	/* root ... pkg import paths; NULL if unreached */
	size_t nchain;
} ls_gocgo_use;

typedef struct ls_gocgo_change {
	const ls_gopkg *with, *without;
	const char **dropped;	/* compiled Go files only with cgo */
	size_t ndropped;
	const char **added;	/* compiled Go files only without cgo */
	size_t nadded;
} ls_gocgo_change;

typedef struct ls_gocgo_failure {
	const ls_gopkg *pkg;	/* in the "without" list */
	const char *error;	/* its own error */
	bool only_cgo_files;	/* it had CgoFiles and no other Go file */
} ls_gocgo_failure;

/* A package that compiles without cgo from files written for that case
 * (gostub.h has the rule). */
typedef struct ls_gocgo_stub {
	const ls_gopkg *pkg;	/* in the "without" list */
	const char *file;	/* the added file whose constraint says !cgo */
	char *message;		/* its string literal naming cgo, or NULL */
} ls_gocgo_stub;

typedef struct ls_gocgo_std {
	const char *import_path;
	const char *effect;	/* what CGO_ENABLED=0 changes */
} ls_gocgo_std;

typedef struct ls_gocgo {
	bool cgo_enabled;	/* the environment's CGO_ENABLED is 1 */
	ls_gocgo_use *cgo;	/* packages with CgoFiles, in list order */
	size_t ncgo;
	const ls_gopkg **lost;	/* only in "with" */
	size_t nlost;
	const ls_gopkg **gained;	/* only in "without" */
	size_t ngained;
	ls_gocgo_change *changed;
	size_t nchanged;
	ls_gocgo_failure *fails;
	size_t nfails;
	const ls_gopkg **roots;	/* the packages named (DepOnly false), "with" */
	size_t nroots;
	const ls_gopkg **failing_roots;	/* roots that do not build without cgo */
	size_t nfailing_roots;
	ls_gocgo_std *std;
	size_t nstd;
	ls_gocgo_stub *stubs;	/* filled by ls_gocgo_find_stubs */
	size_t nstubs;
	/* The CGO_ENABLED=0 go build run after every package compiled (NULL:
	 * not run, or it worked): its stderr, the linker's complaints. */
	const char *build_error;
} ls_gocgo;

/* Analyses the two lists; "without" may be NULL (CGO_ENABLED=0 already:
 * nothing to compare).  The result points into both lists.  Returns 0, or
 * -1 with d filled (out of memory) and out empty. */
int ls_gocgo_analyze(const ls_golist *with, const ls_golist *without,
		     bool cgo_enabled, ls_gocgo *out, ls_diag *d);
/* The result of `CGO_ENABLED=0 go build -o /dev/null PATTERN`, run when
 * no package failed to compile (the link is the one step `go list
 * -export` does not take).  A failure names the roots whose "# PATH"
 * header go printed (every root when none is named); err is kept, not
 * copied. */
void ls_gocgo_build_result(ls_gocgo *g, int status, const char *err);
void ls_gocgo_free(ls_gocgo *g);

/* True when the package uses cgo: it has CgoFiles. */
bool ls_gopkg_uses_cgo(const ls_gopkg *p);

#endif
