/*
 * gostub.h - is a package a stub when cgo is off?
 *
 * A package can still compile with CGO_ENABLED=0 and do nothing useful:
 * github.com/mattn/go-sqlite3's static_mock.go (`//go:build !cgo`) replaces
 * its cgo files with types whose methods all return "Binary was compiled
 * with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub".
 * The rule, per file that the CGO_ENABLED=0 build adds to a package
 * (ls_gocgo_change.added):
 *
 *   1. its build constraint (`//go:build`, else `// +build` lines, before
 *      the package clause) negates cgo, `!cgo`: the author wrote the file
 *      for the build without cgo, as the alternative to the cgo files the
 *      same build drops;
 *   2. it holds a string literal that names cgo ("requires cgo",
 *      "CGO_ENABLED=0", "cgo is disabled", ...): what the package says at
 *      run time instead of working.
 *
 * 1 and 2: a stub (named, with its message).  1 alone: an alternative
 * implementation, listed without a message; the standard library's (net's
 * cgo_stub.go) are left to the std effects.  The scan is a pure function
 * over the file's bytes, on the Go tokenizer (golex), so that text inside
 * comments is never taken for a literal, nor a literal for a constraint.
 */
#ifndef LS_GOSTUB_H
#define LS_GOSTUB_H

#include "../core/bytes.h"
#include "gocgo.h"

#include <stdbool.h>

#define LS_GOSTUB_MSG_MAX 200	/* bytes of a message kept */

typedef struct ls_gostub_scan {
	bool not_cgo;		/* its build constraint has the term !cgo */
	char *message;		/* first string literal naming cgo, or NULL */
} ls_gostub_scan;

/* Scans one Go source file: malformed input ends the scan early.  Returns
 * 0, or -1 only when out of memory.  Free with ls_gostub_scan_free. */
int ls_gostub_scan_bytes(ls_bytes src, ls_gostub_scan *out);
void ls_gostub_scan_free(ls_gostub_scan *s);

/* For every non-standard package in g->changed, reads the files the build
 * without cgo adds (from the package's Dir in the CGO_ENABLED=0 list) and
 * fills g->stubs.  A file that cannot be read is passed over: the
 * toolchain has just compiled it, and a race with an editor is no stub.
 * Returns 0, or -1 with d filled (out of memory). */
int ls_gocgo_find_stubs(ls_gocgo *g, ls_diag *d);

#endif
