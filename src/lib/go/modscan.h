/*
 * modscan.h - every //go:linkname of a Go module and its dependencies,
 * each judged as one GOROOT's linker would (see docs/golinkname.md).
 */
#ifndef LS_MODSCAN_H
#define LS_MODSCAN_H

#include "../core/diag.h"
#include "../core/mapfile.h"
#include "../core/strvec.h"
#include "buildtags.h"
#include "goroot_links.h"
#include "linkname.h"
#include "lnrec.h"

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
	ls_strvec stdlinked;		/* std packages the program links */
	bool linked_known;		/* the std closure was computed */
	ls_gofile file;
	ls_strvec seen;			/* module directories already walked */
	char *found_modcache;		/* the module cache looked up, or NULL */
	bool modcache_looked;		/* found_modcache is the answer */
	bool oom;			/* out of memory: the scan stops */
} ls_modscan;

/* Scans one DIR (a module root also brings its dependencies) or FILE:
 * .go files for directives, .s files for the symbols they define and
 * refer to.  Unreadable inputs go to s->error; returns 0, or -1 with d
 * filled when out of memory (the scan cannot go on; free it). */
int ls_modscan_arg(ls_modscan *s, const char *arg, ls_diag *d);
/* After the last argument: which packages the program links (from the
 * main packages of the arguments, else all their packages, through the
 * imports, std included), and every record judged.  Returns 0, or -1
 * with d filled when out of memory. */
int ls_modscan_finish(ls_modscan *s, ls_diag *d);
void ls_modscan_free(ls_modscan *s);

#endif
