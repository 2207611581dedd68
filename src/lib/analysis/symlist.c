/*
 * symlist.c - nm's symbol selection and sort orders (binutils nm.c:
 * filter_symbols, non_numeric_forward, numeric_forward,
 * sort_symbols_by_size).
 *
 * nm sorts with glibc's qsort, which is a stable merge sort for arrays of
 * this size; we get the same order by breaking ties on the table index.
 */
#include "symlist.h"

#include <stdlib.h>
#include <string.h>

static int (*name_cmp)(const char *, const char *) = strcmp;
static bool reverse;

static int cmp_names(const ls_symentry *x, const ls_symentry *y)
{
	/* Empty names first, as nm's Solaris strcoll workaround does. */
	if (!*y->name)
		return *x->name != '\0';
	if (!*x->name)
		return -1;
	return name_cmp(x->name, y->name);
}

static int tiebreak(const ls_symentry *x, const ls_symentry *y)
{
	return (x->index > y->index) - (x->index < y->index);
}

static int by_name(const void *a, const void *b)
{
	const ls_symentry *x = a, *y = b;
	int r = cmp_names(x, y);
	if (reverse)
		r = -r;
	return r ? r : tiebreak(x, y);
}

static int numeric_forward(const ls_symentry *x, const ls_symentry *y)
{
	bool xu = x->place == LS_PLACE_UNDEF, yu = y->place == LS_PLACE_UNDEF;
	if (xu && !yu)
		return -1;
	if (!xu && yu)
		return 1;
	if (!xu && x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return cmp_names(x, y);
}

static int by_value(const void *a, const void *b)
{
	const ls_symentry *x = a, *y = b;
	int r = numeric_forward(x, y);
	if (reverse)
		r = -r;
	return r ? r : tiebreak(x, y);
}

static int by_size(const void *a, const void *b)
{
	const ls_symentry *x = a, *y = b;
	if (x->size != y->size)
		return (x->size < y->size) == !reverse ? -1 : 1;
	int r = cmp_names(x, y);
	if (reverse)
		r = -r;
	return r ? r : tiebreak(x, y);
}

int ls_symlist_build(const ls_object *o, const ls_symopts *opt,
		     ls_symlist *out, ls_diag *d)
{
	const ls_symtab *t = opt->dynamic ? &o->dynsym : &o->symtab;
	ls_symbol s;
	ls_symclass c;

	memset(out, 0, sizeof *out);
	out->tab = t;
	if (!t->present || t->count <= 1)
		return LS_SYMLIST_NOSYMS;
	out->v = malloc((size_t)(t->count - 1) * sizeof *out->v);
	if (!out->v)
		return ls_fail(d, t->data_off, "out of memory for %u symbols",
			       t->count);
	for (uint32_t i = 1; i < t->count; i++) {
		if (ls_symbol_get(o, t, i, &s, d) < 0) {
			ls_symlist_free(out);
			return -1;
		}
		ls_symclass_of(o, &s, &c);
		bool und = c.place == LS_PLACE_UNDEF;
		bool keep;
		if (opt->undefined_only)
			keep = und;
		else if (opt->external_only)
			keep = c.external;
		else
			keep = true;
		if (keep && !opt->debug_syms && c.debugging)
			keep = false;
		if (keep && opt->size_sort &&
		    (c.place == LS_PLACE_ABS || und))
			keep = false;
		if (keep && opt->defined_only && und)
			keep = false;
		if (keep && !opt->debug_syms && c.special)
			keep = false;
		if (keep && opt->size_sort && s.size == 0)
			keep = false;
		if (!keep)
			continue;
		ls_symentry *e = &out->v[out->n++];
		e->name = s.name;
		e->value = c.value;
		e->size = s.size;
		e->index = i;
		e->letter = c.letter;
		e->place = (uint8_t)c.place;
	}
	if (!opt->no_sort && out->n > 1) {
		name_cmp = opt->collate ? strcoll : strcmp;
		reverse = opt->reverse;
		qsort(out->v, out->n, sizeof *out->v,
		      opt->size_sort ? by_size
		      : opt->numeric_sort ? by_value : by_name);
	}
	return LS_SYMLIST_OK;
}

void ls_symlist_free(ls_symlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
