/*
 * lnrec.h - one //go:linkname directive (or assembly reference) of a
 * scanned module, with the verdict one GOROOT's linker gives it.
 *
 * The record is model: modscan.c fills it, the golinkname writers
 * (report/golinkname_report.h) print it.  It lives here, below both, so
 * that the library includes point one way (go/ never includes report/).
 */
#ifndef LS_LNREC_H
#define LS_LNREC_H

#include "goroot_links.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ls_lnrec {
	char *file;		/* as found: the argument joined with the walk */
	uint32_t line;
	char *pkg;		/* import path doing the pull ("main" for main) */
	char *ipath;		/* the import path of its directory */
	char *local;		/* the Go identifier */
	char *target;		/* importpath.name, as the directive says (or
				 * pkg.local for the one-argument form) */
	const char *kind;	/* "pull", "push", "unknown" */
	bool is_var;		/* the local is a variable */
	bool from_asm;		/* a reference from an assembly file */
	bool linked;		/* its package is linked into the program */
	bool unused;		/* a function pull nothing in its package
				 * uses: no reference reaches the linker */
	enum ls_ln_verdict verdict;
	enum ls_ln_reason reason;
	char *message;		/* the linker's error line, or NULL */
} ls_lnrec;

/* Whether a record fails the link: blocked or undefined, and linked. */
bool ls_lnrec_fails(const ls_lnrec *e);

#endif
