/*
 * ldscript.h - the part of a GNU linker script that names inputs.
 *
 * A ".so" or ".a" that is text is a linker script (glibc's libc.so,
 * libm.so, libgcc_s.so ...).  Only the commands that add inputs matter for
 * symbol resolution: GROUP, INPUT, AS_NEEDED, and -lNAME inside them;
 * OUTPUT_FORMAT, SEARCH_DIR and the rest are skipped (SEARCH_DIR is
 * reported).  The text is hostile input like any other file.
 */
#ifndef LS_LDSCRIPT_H
#define LS_LDSCRIPT_H

#include "../core/bytes.h"
#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ls_ldscript_entry {
	char *name;		/* a path, or for -lNAME the "NAME" */
	bool is_lib;		/* was -lNAME (or -l:FILE as ":FILE") */
	bool as_needed;		/* inside AS_NEEDED ( ... ) */
	bool group;		/* inside GROUP ( ... ) */
	bool group_start, group_end;	/* first / last entry of a GROUP */
} ls_ldscript_entry;

typedef struct ls_ldscript {
	ls_ldscript_entry *entries;
	size_t nentries;
	char **search_dirs;	/* SEARCH_DIR ( ... ) */
	size_t nsearch_dirs;
} ls_ldscript;

/* True when the bytes look like a linker script rather than a binary
 * (printable text with a known command before the first '('). */
bool ls_ldscript_detect(ls_bytes text);

/* Parses text (path names the file in diagnostics).  Returns 0, or -1 with
 * d filled naming the offset of what could not be parsed. */
int ls_ldscript_parse(ls_bytes text, ls_ldscript *out, ls_diag *d);
void ls_ldscript_free(ls_ldscript *s);

#endif
