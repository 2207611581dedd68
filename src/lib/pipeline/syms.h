/*
 * syms.h - the `syms` pipeline: the symbols of one object, selected and
 * ordered as GNU nm does, and the symbol index of an archive as nm -s
 * lists it.
 *
 * nm prints each object's header before its symbols and its errors
 * between them, so the pipeline's input is one object (as readers/input.h
 * hands it out, while it is mapped) or one archive; the caller walks the
 * input and picks a writer (report/nm_text.h, report/syms_json.h), which
 * only read the result.
 */
#ifndef LS_PIPELINE_SYMS_H
#define LS_PIPELINE_SYMS_H

#include "../analysis/symlist.h"
#include "../model/archive.h"
#include "../model/object.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ls_syms_opts {
	ls_symopts sel;		/* which symbols, in which order */
} ls_syms_opts;

typedef struct ls_syms_result {
	const ls_object *obj;	/* the object listed (the caller's) */
	ls_symlist list;	/* points into the object */
	bool no_symbols;	/* nm's "no symbols" */
} ls_syms_result;

/* Lists obj's symbols.  0, or -1 with d filled (the table is
 * malformed); r is always freed with ls_syms_result_free. */
int ls_syms_run(const ls_syms_opts *o, const ls_object *obj,
		ls_syms_result *r, ls_diag *d);
void ls_syms_result_free(ls_syms_result *r);

/* One entry of an archive's symbol index: the symbol and the member
 * that defines it (for a thin archive, the path of the file it names). */
typedef struct ls_armap_entry {
	const char *symbol;	/* points into the archive */
	char *member;
} ls_armap_entry;

typedef struct ls_armap_result {
	ls_armap_entry *v;	/* in index order */
	size_t n, cap;
	bool broken;		/* an entry does not point to a member: the
				 * listing stops there, and error says why */
	ls_diag error;
} ls_armap_result;

/* The symbol index of ar (opened from path).  0, or -1 with d filled
 * (out of memory); a broken index is r->broken, not a failure. */
int ls_armap_run(const ls_archive *ar, const char *path, ls_armap_result *r,
		 ls_diag *d);
void ls_armap_result_free(ls_armap_result *r);

#endif
