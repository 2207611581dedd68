/*
 * link.h - a dry run of a static link: the symbol resolution a real linker
 * would do for a command line, and what it would report.
 *
 * ls_link_run() opens every input the command line names (searching -l as
 * the chosen linker does, expanding linker scripts), resolves symbols with
 * that linker's rules (GNU ld and gold visit each archive once, left to
 * right, and rescan groups; lld and mold keep every archive symbol lazy for
 * the whole link), and fills an ls_link_result.  Nothing is written and no
 * linker runs.  Rules and their sources: docs/link.md.
 *
 * Files are mapped once and stay mapped for the life of the result: names
 * in the result point into them.
 */
#ifndef LS_LINK_H
#define LS_LINK_H

#include "linkcmd.h"
#include "../model/archive.h"
#include "../model/object.h"
#include "../core/mapfile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ls_link_input_kind {
	LS_LIN_OBJECT,		/* a .o on the command line */
	LS_LIN_MEMBER,		/* an archive member the link loaded */
	LS_LIN_DSO,		/* a shared library on the command line */
	LS_LIN_DSO_DEP,		/* a DT_NEEDED of an input DSO (not an input) */
};

/* An object whose symbols take part in the link. */
typedef struct ls_link_input {
	int kind;
	const char *path;	/* the file named or found (the archive for a
				 * member) */
	char *member;		/* member name (NUL-terminated copy), or NULL */
	uint32_t arg;		/* index of the ls_link_arg that brought it */
	ls_object obj;		/* objects: section table dropped after loading
				 * (see link_input_obj) */
	const char *soname;	/* DSO: DT_SONAME or NULL */
	/* Why a member was loaded: the symbol (NULL for --whole-archive) and
	 * the input whose reference pulled it (-1 for -u or --whole-archive). */
	const char *pulled_sym;
	int32_t pulled_by;
	bool whole_archive;
	bool as_needed;		/* DSO given under --as-needed */
	bool used;		/* DSO satisfied a non-weak reference */
	bool dropped;		/* GNU ld --as-needed: nothing referenced it
				 * when it was read, so its symbols were
				 * never added (and it is not DT_NEEDED) */
	uint8_t *discarded;	/* per section: COMDAT group not kept (or NULL) */
	void *dw;		/* ls_dwline, opened lazily by the site finder */
	bool dw_tried;
} ls_link_input;

/* A place in an input: a definition or a referencing relocation. */
typedef struct ls_link_site {
	int32_t input;		/* index in result->inputs */
	uint32_t shndx;		/* section index in that object (0: none) */
	uint64_t offset;	/* offset in the section */
	const char *section;	/* its name, or NULL */
	const char *function;	/* enclosing symbol, or NULL */
	const char *src_file;	/* from DWARF, or NULL */
	unsigned src_line;
} ls_link_site;

enum ls_hint_kind {
	LS_HINT_WRONG_ARCH,	/* defined in an input of another machine */
	LS_HINT_NOT_GIVEN,	/* defined in a library on the search path */
	LS_HINT_HIDDEN,		/* defined, but hidden (not exported) */
	LS_HINT_VERSION,	/* defined only under a non-default version */
	LS_HINT_NEAR_MISS,	/* a defined name one edit away */
	LS_HINT_CXX,		/* C++/C mangling mismatch */
	LS_HINT_ORDER,		/* in an archive visited before the reference
				 * (GNU ld): lld and mold would link */
	LS_HINT_INDIRECT,	/* in a DSO's dependency: DSO missing from
				 * command line */
	LS_HINT_HIDDEN_REF,	/* the reference is hidden and only a DSO
				 * defines it */
	LS_HINT_DISCARDED,	/* defined in a discarded COMDAT group */
	LS_HINT_LIBC,		/* a glibc/musl mismatch pattern */
	LS_HINT_GO,		/* a Go toolchain pattern */
	LS_HINT_LTO,		/* an LTO object whose symbols are not read */
};

typedef struct ls_link_hint {
	int kind;
	char *text;		/* one sentence, for people */
	char *file;		/* the file it names, or NULL */
} ls_link_hint;

typedef struct ls_link_undef {
	const char *symbol;
	bool from_dso;		/* a shared library's own undefined symbol */
	bool hidden_ref;	/* bfd: "hidden symbol `x' isn't defined" */
	ls_link_site *sites;	/* first LS_LINK_MAX_SITES referencing sites */
	size_t nsites;
	size_t count;		/* all referencing relocations */
	int32_t dso;		/* from_dso: the DSO's input index */
	ls_link_hint *hints;
	size_t nhints;
} ls_link_undef;

typedef struct ls_link_dup {
	const char *symbol;
	ls_link_site *defs;	/* every strong definition, in link order */
	size_t ndefs;
} ls_link_dup;

typedef struct ls_link_incompat {
	const char *path;
	char *member;		/* or NULL */
	uint16_t machine;	/* what it is (0: not ELF) */
	uint8_t elfclass;
	uint16_t expected;
	bool by_search;		/* found by -l: bfd and mold skip it */
	bool needed;		/* explicit, or a member the link needs */
	bool fatal;		/* this linker fails on it */
	const char *lib;	/* the -l name that found it, or NULL */
} ls_link_incompat;

typedef struct ls_link_backref {
	const char *symbol;
	int32_t from;		/* referencing input */
	int32_t to;		/* the member it pulled, earlier on the line */
} ls_link_backref;

typedef struct ls_link_note {
	int kind;		/* enum ls_hint_kind */
	char *text;
} ls_link_note;

#define LS_LINK_MAX_SITES 3

typedef struct ls_link_result {
	const ls_link_cmd *cmd;
	uint16_t machine;	/* the target */
	uint8_t elfclass;
	bool ok;		/* the verdict */
	char **reasons;		/* why it fails, one line each (the linker's
				 * fatal errors: cannot find -lfoo, ...) */
	size_t nreasons;

	ls_link_input *inputs;
	size_t ninputs;
	ls_link_dup *dups;
	size_t ndups;
	ls_link_undef *undefs;
	size_t nundefs;
	size_t nundefs_allowed;	/* left undefined, allowed (-shared) */
	ls_link_incompat *incompat;
	size_t nincompat;
	ls_link_backref *backrefs;
	size_t nbackrefs;
	ls_link_note *notes;
	size_t nnotes;
	char **warnings;	/* what the linker would warn about */
	size_t nwarnings;

	/* Counters for --stats and the benchmark. */
	uint64_t nsymbols;	/* global symbols resolved */
	uint64_t nmembers;	/* archive members loaded */
	uint64_t narchive_syms;	/* archive index entries seen */
	/* Wall time of each phase, ms: inputs, archive indexes, resolution,
	 * what fails (with sites and hints). */
	double ms_inputs, ms_index, ms_resolve, ms_report;

	void *priv;		/* files, symbol table */

	/* The capacities of the lists above (core/array.h), kept by the
	 * library as it fills them. */
	struct {
		size_t reasons, warnings, notes, incompat;
	} cap;
} ls_link_result;

/*
 * Runs the dry link.  Returns 0 with res filled (res->ok is the verdict),
 * or -1 with d filled when an input is unreadable or malformed (the CLI's
 * exit 2); res must be freed either way.
 */
int ls_link_run(const ls_link_cmd *cmd, ls_link_result *res, ls_diag *d);
void ls_link_result_free(ls_link_result *res);

/* "file" or "archive(member)" for an input, in buf. */
/* The DT_NEEDED entry input i, a shared library, would get in the output,
 * or NULL: named without --as-needed, or used under it (for GNU ld: not
 * dropped when it was read, so a library only another library uses
 * counts).  The entry is its DT_SONAME; without one, the file name as
 * given, or for a library the -l search found, its base name. */
const char *ls_link_dt_needed(const ls_link_result *r, size_t i);
const char *ls_link_input_name(const ls_link_result *res, int32_t input,
			       char *buf, size_t size);

#endif
