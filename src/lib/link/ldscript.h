/*
 * ldscript.h - what a GNU linker script says about inputs and symbols.
 *
 * A ".so" or ".a" that is text is a linker script (glibc's libc.so,
 * libm.so, libgcc_s.so ...), and so is a -T file.  Two parts matter for
 * symbol resolution:
 *
 *  - the inputs: GROUP, INPUT, AS_NEEDED, and -lNAME inside them
 *    (SEARCH_DIR is reported);
 *  - the symbols: assignments (sym = expr, PROVIDE, PROVIDE_HIDDEN,
 *    HIDDEN) at the top level, in SECTIONS and in output sections;
 *    EXTERN, ENTRY and ASSERT; the names every expression reads; and the
 *    input section descriptions of each output section, /DISCARD/ among
 *    them, so a link can tell which input sections are dropped.
 *
 * The script's grammar is binutils' ld/ldgram.y, read in full: MEMORY,
 * PHDRS, OVERLAY, section types and constraints, the fill, memory region
 * and program header of an output section are understood and skipped.
 * OUTPUT_FORMAT, OUTPUT_ARCH, TARGET, OUTPUT, MAP, REGION_ALIAS,
 * LD_FEATURE, NOCROSSREFS(_TO), HLL and SYSLIB have their arguments
 * skipped; VERSION { } is skipped (has_version says it was there).
 * Refused, with the offset: INCLUDE (the file is not read), STARTUP, a
 * keyword or word where the grammar has none, and every syntax error.
 *
 * The text is hostile input like any other file: bounded names, counts
 * and nesting, read through core/bytes.h.
 */
#ifndef LS_LDSCRIPT_H
#define LS_LDSCRIPT_H

#include "../core/bytes.h"
#include "../core/diag.h"
#include "ldexpr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_ldscript_entry {
	char *name;		/* a path, or for -lNAME the "NAME" */
	bool is_lib;		/* was -lNAME (or -l:FILE as ":FILE") */
	bool as_needed;		/* inside AS_NEEDED ( ... ) */
	bool group;		/* inside GROUP ( ... ) */
	bool group_start, group_end;	/* first / last entry of a GROUP */
} ls_ldscript_entry;

/*
 * An assignment to a symbol, in script order.  An assignment to "." (the
 * location counter) is not one: the names its expression reads are in
 * ls_ldscript.refs (LS_LDS_REF_EXPR).
 */
typedef struct ls_ldscript_assign {
	char *name;		/* the symbol */
	ls_ld_assign_kind kind;	/* plain, PROVIDE, PROVIDE_HIDDEN, HIDDEN */
	char op[4];		/* "=", or "+=" "-=" "*=" "/=" "<<=" ">>="
				   "&=" "|=" "^=" */
	char *section;		/* the output section it is in, or NULL */
	bool in_sections;	/* inside SECTIONS { } */
	char **refs;		/* the symbols its value reads, each once, in
				   order; for a compound operator the symbol
				   itself first (ld: a += e is a = a + e) */
	size_t nrefs;
	uint64_t offset;	/* of the symbol's name */
} ls_ldscript_assign;

/* Why a script names a symbol outside an assignment's value. */
typedef enum ls_ldscript_ref_kind {
	LS_LDS_REF_EXTERN,	/* EXTERN ( sym ... ): like -u sym */
	LS_LDS_REF_ENTRY,	/* ENTRY ( sym ); the last one wins */
	LS_LDS_REF_ASSERT,	/* read by ASSERT ( expr , "message" ) */
	LS_LDS_REF_EXPR,	/* read by another expression: an assignment to
				   '.', an output section's address, AT,
				   ALIGN, SUBALIGN or fill, BYTE..QUAD, FILL,
				   MEMORY, PHDRS, OVERLAY */
} ls_ldscript_ref_kind;

typedef struct ls_ldscript_ref {
	char *name;
	ls_ldscript_ref_kind kind;
	uint64_t offset;
} ls_ldscript_ref;

/* One section pattern of an input section description. */
typedef struct ls_ldscript_secpat {
	char *pattern;		/* a glob: * ? [...] */
	char **exclude_files;	/* EXCLUDE_FILE ( ... ) right before it: bfd
				   applies it to this pattern only (lld to the
				   patterns up to the next EXCLUDE_FILE) */
	size_t nexclude_files;
} ls_ldscript_secpat;

/*
 * An input section description (ld manual, "Input Section Basics"): in
 * script order, for every output section, so the first match wins as in
 * ld.  Patterns are kept as written (bfd keeps a ',' glued to a pattern as
 * part of it; lld splits there).  A file name without wildcards that is
 * not already an input is opened as one by ld.
 */
typedef struct ls_ldscript_insec {
	char *output;		/* the output section, "/DISCARD/" included */
	bool discard;		/* output is "/DISCARD/": matching sections
				   are dropped */
	bool keep;		/* inside KEEP ( ... ) */
	char *file;		/* file glob: "*", "*crtbegin.o",
				   "libc.a:*", "foo.o" */
	char **exclude_files;	/* EXCLUDE_FILE ( ... ) before the file */
	size_t nexclude_files;
	char **flags;		/* INPUT_SECTION_FLAGS: "SHF_ALLOC",
				   "!SHF_WRITE" ... */
	size_t nflags;
	ls_ldscript_secpat *sections;	/* none: every section of the file */
	size_t nsections;
	uint64_t offset;	/* of the description */
} ls_ldscript_insec;

typedef struct ls_ldscript {
	ls_ldscript_entry *entries;
	size_t nentries;
	char **search_dirs;	/* SEARCH_DIR ( ... ) */
	size_t nsearch_dirs;

	ls_ldscript_assign *assigns;
	size_t nassigns;
	ls_ldscript_ref *refs;	/* EXTERN, ENTRY, ASSERT, other expressions */
	size_t nrefs;
	ls_ldscript_insec *insecs;
	size_t ninsecs;
	bool has_sections;	/* a SECTIONS command */
	bool has_insert;	/* INSERT AFTER/BEFORE: the SECTIONS add to the
				   default script instead of replacing it */
	bool has_version;	/* VERSION { } (not read) */
} ls_ldscript;

/* True when the bytes look like a linker script rather than a binary
 * (printable text that starts with a script command or an assignment). */
bool ls_ldscript_detect(ls_bytes text);

/* Parses text.  Returns 0, or -1 with d filled naming the offset of what
 * could not be parsed (the result is then empty).  A libc.so-style script
 * (GROUP, INPUT, AS_NEEDED, OUTPUT_FORMAT, SEARCH_DIR) gives the same
 * entries as it always did, and nothing else. */
int ls_ldscript_parse(ls_bytes text, ls_ldscript *out, ls_diag *d);
void ls_ldscript_free(ls_ldscript *s);

#endif
