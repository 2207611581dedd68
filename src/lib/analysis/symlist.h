/*
 * symlist.h - the symbols of one object, filtered and ordered as nm does.
 *
 * One array of small entries is allocated per object, sized by the symbol
 * count up front; names are not copied.
 */
#ifndef LS_SYMLIST_H
#define LS_SYMLIST_H

#include "../model/object.h"
#include "symclass.h"

typedef struct ls_symopts {
	bool dynamic;		/* .dynsym instead of .symtab */
	bool undefined_only;
	bool defined_only;
	bool external_only;
	bool debug_syms;	/* keep STT_SECTION/STT_FILE symbols */
	bool special_syms;	/* keep mapping symbols and local labels */
	bool no_sort;
	bool numeric_sort;
	bool reverse;
	bool size_sort;
	bool collate;		/* strcoll (the locale's order), not strcmp */
} ls_symopts;

typedef struct ls_symentry {
	const char *name;
	uint64_t value;		/* as nm prints it */
	uint64_t size;		/* st_size */
	uint32_t index;		/* in the symbol table */
	char letter;
	uint8_t place;		/* enum ls_symplace */
} ls_symentry;

typedef struct ls_symlist {
	ls_symentry *v;
	size_t n;
	const ls_symtab *tab;
} ls_symlist;

enum {
	LS_SYMLIST_OK = 0,
	LS_SYMLIST_NOSYMS = 1,	/* nm's "no symbols" */
};

/* Returns LS_SYMLIST_OK, LS_SYMLIST_NOSYMS, or -1 with d filled. */
int ls_symlist_build(const ls_object *obj, const ls_symopts *opt,
		     ls_symlist *out, ls_diag *d);
void ls_symlist_free(ls_symlist *l);

#endif
