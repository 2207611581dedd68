/*
 * remedy.h - the next step for a failed `check --require`: what the user
 * meets at run time because of it (the symptom, verbatim where it is a
 * real message, so it is the text people search for), and the concrete
 * fix for a C build and for a Go build.
 *
 * The texts are in remedy.c, one entry per requirement of policy.c's
 * table; docs/check.md ("Next steps") lists them and
 * tests/e2e/check_remedy.py builds each failing fixture again with the
 * printed flags and checks that it then passes.
 */
#ifndef LS_REMEDY_H
#define LS_REMEDY_H

#include "audit.h"

#include <stddef.h>

/* Fills f->symptom, f->fix_c and f->fix_go for failure f of audit a
 * (f->rule set).  fix_c is left NULL for a Go file without cgo, fix_go
 * for a file that is not Go: only the fix that applies to the file is
 * given (a cgo binary gets both).  0, or -1 when out of memory (the
 * fields then stay NULL; the failure itself stands). */
int ls_remedy_fill(ls_failure *f, const ls_audit *a);

/* The rule's next step in general (both fixes), for SARIF's rule help;
 * NULL for an unknown id. */
const char *ls_remedy_help(int rule);

/* One unsafe RPATH/RUNPATH element in plain words: who could plant a
 * library there and how ("'lib' is relative: it is searched from ...").
 * Malloc'd; NULL when out of memory. */
char *ls_rpath_explain(const ls_audit *a, const ls_rpath_risk *r);

#endif
