/*
 * modscan.h - every //go:linkname of a Go module and its dependencies,
 * each judged as one GOROOT's linker would (see docs/golinkname.md).
 */
#ifndef LS_MODSCAN_H
#define LS_MODSCAN_H

#include "../core/diag.h"
#include "../core/mapfile.h"
#include "buildtags.h"
#include "goroot_links.h"
#include "linkname.h"
#include "../report/golinkname_report.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ls_modscan {
	/* set by the caller */
	ls_buildctx ctx;		/* GOOS, GOARCH, cgo, release tags */
	const ls_goroot_links *g;	/* NULL: verdicts are "unknown" */
	const char *modcache;		/* NULL: $GOMODCACHE, go env, ~/go/pkg/mod */
	bool no_deps;			/* the module's own packages only */
	/* Unreadable inputs (d->warning: a dependency not in the cache). */
	void (*error)(void *ctx, const char *path, const ls_diag *d);
	void *error_ctx;
	/* results */
	ls_lnrec *recs;
	size_t n, cap;
	int errors;			/* errors reported (warnings excluded) */
	/* working state */
	struct ls_modpkg *pkgs;		/* the packages scanned, their imports */
	size_t npkgs, cappkgs;
	struct ls_moddef *defs;		/* symbols non-std packages define */
	size_t ndefs, capdefs;
	bool in_root;			/* walking an argument, not a dependency */
	char **stdlinked;		/* std packages the program links */
	size_t nstd;
	bool linked_known;		/* the std closure was computed */
	ls_gofile file;
	char **seen;			/* module directories already walked */
	size_t nseen;
} ls_modscan;

/* Scans one DIR (a module root also brings its dependencies) or FILE:
 * .go files for directives, .s files for the symbols they define and
 * refer to. */
void ls_modscan_arg(ls_modscan *s, const char *arg);
/* After the last argument: which packages the program links (from the
 * main packages of the arguments, else all their packages, through the
 * imports, std included), and every record judged. */
void ls_modscan_finish(ls_modscan *s);
void ls_modscan_free(ls_modscan *s);

#endif
