/*
 * gofacts.h - what a Go artifact says about its build, read without a Go
 * toolchain: .go.buildinfo (version, modules, settings), the Go build ID,
 * the pclntab (function names, even in `-s -w` builds), and the verdicts
 * `go version -m` cannot give: whether cgo code is really linked in, the
 * link mode, the build mode and the race detector.
 *
 * Facts layout in the JSON report: docs/json-check.md ("go").
 */
#ifndef LS_GOFACTS_H
#define LS_GOFACTS_H

#include "../model/object.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_gomodule {
	const char *path;
	const char *version;	/* "" when absent ("(devel)" is kept) */
	const char *sum;	/* "" when absent */
	const struct ls_gomodule *replace;	/* NULL when not replaced */
} ls_gomodule;

typedef struct ls_gosetting {
	const char *key;	/* unquoted */
	const char *value;	/* unquoted */
} ls_gosetting;

typedef struct ls_gobuildinfo {
	bool present;
	const char *go_version;	/* "go1.22.1", NULL when unreadable */
	const char *path;	/* main package path, NULL when absent */
	const ls_gomodule *main;	/* NULL when absent */
	const ls_gomodule *deps;
	size_t ndeps;
	const ls_gosetting *settings;
	size_t nsettings;
	uint64_t offset;	/* of the magic, in the object */
	char *arena;		/* owns every string and array above */
} ls_gobuildinfo;

typedef struct ls_pclntab {
	bool present;
	int version;		/* 12, 116, 118, 120 (Go 1.2, 1.16, 1.18, 1.20+) */
	ls_bytes tab;		/* from the magic to the end of its container */
	uint64_t offset;	/* of the magic, in the object */
	uint32_t nfunc;
	/* decoding state, filled by ls_pclntab_find */
	uint8_t ptrsize, quantum;
	uint8_t order;		/* LS_LE / LS_BE, from the magic */
	uint64_t text_start;
	uint64_t funcname_off, cu_off, filetab_off, pctab_off, pcln_off,
		 functab_off;
	uint64_t file_off;	/* absolute offset of the magic (diagnostics) */
	uint64_t vaddr;		/* virtual address of the magic (0 in ET_REL) */
	const char *container;	/* section name, or "PT_LOAD" when found by scan */
	/* Where text_start came from (1.18+ entries are offsets from it):
	 * "header", "moduledata", "symtab runtime.text", or NULL when it is
	 * unknown (0: entries are then offsets, e.g. in ET_REL go.o). */
	const char *text_source;
} ls_pclntab;

typedef struct ls_gofacts {
	bool is_go;
	ls_gobuildinfo bi;
	const char *build_id;	/* points into the object, NOT NUL-terminated */
	size_t build_id_len;
	ls_pclntab pcln;
	bool cgo;
	const char *link_mode;	/* "internal" / "external" */
	const char *build_mode;	/* "exe" "pie" "c-shared" "c-archive" "plugin" "shared" */
	bool race;
	/* Why the verdicts are what they are, for messages and tests: static
	 * strings naming the signal that decided ("pclntab crosscall2", ...). */
	const char *cgo_why;
	const char *link_why;
	const char *build_mode_why;
	const char *race_why;
} ls_gofacts;

/*
 * Reads the Go facts of one object (an archive member included: go.o of a
 * c-archive).  Returns 0 (out->is_go tells whether it is Go), or -1 with d
 * filled when Go structures are present but malformed.  Release with
 * ls_gofacts_free (also after -1).
 */
int ls_gofacts_read(const ls_object *obj, ls_gofacts *out, ls_diag *d);
void ls_gofacts_free(ls_gofacts *f);

/* The value of a build setting, or NULL. */
const char *ls_gobuildinfo_setting(const ls_gobuildinfo *bi, const char *key);

/* The .go.buildinfo blob alone: 0 with out->present set or not, -1 on error. */
int ls_gobuildinfo_read(const ls_object *obj, ls_gobuildinfo *out,
			ls_diag *d);
void ls_gobuildinfo_free(ls_gobuildinfo *bi);

/* Locates the pclntab, with or without its section: 0 (out->present set or
 * not), -1 on a malformed header. */
int ls_pclntab_find(const ls_object *obj, ls_pclntab *out, ls_diag *d);

/* Function i (0 <= i < nfunc): its entry PC and name (NUL-terminated,
 * inside the object's bytes).  0, or -1 with d filled. */
int ls_pclntab_func(const ls_pclntab *t, uint32_t i, uint64_t *entry,
		    const char **name, ls_diag *d);

/* The function whose [entry, next entry) range holds pc: 1 with *idx set,
 * 0 when pc is outside the table (or the table is unsorted there). */
int ls_pclntab_lookup(const ls_pclntab *t, uint64_t pc, uint32_t *idx);

/* The first function named name (linear; bounded by nfunc): 1 with *idx
 * set, 0 when absent.  prefix: match name as a prefix instead. */
int ls_pclntab_find_name(const ls_pclntab *t, const char *name, bool prefix,
			 uint32_t *idx);


#endif
