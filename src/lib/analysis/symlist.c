/*
 * symlist.c - nm's symbol selection and sort orders (binutils nm.c:
 * filter_symbols, non_numeric_forward, numeric_forward,
 * sort_symbols_by_size).
 *
 * nm sorts with glibc's qsort, which is a stable merge sort for arrays of
 * this size; we get the same order by breaking ties on the table index.
 * Nothing here is global: listings may be built on several threads.
 */
#include "symlist.h"

#include <stdlib.h>
#include <string.h>

/* How one listing is ordered; passed to qsort_r so that listings built
 * on several threads do not share state. */
struct order {
	int (*name_cmp)(const char *, const char *);
	bool reverse;
};

static int cmp_names(const struct order *o, const ls_symentry *x,
		     const ls_symentry *y)
{
	/* Empty names first, as nm's Solaris strcoll workaround does. */
	if (!*y->name)
		return *x->name != '\0';
	if (!*x->name)
		return -1;
	return o->name_cmp(x->name, y->name);
}

static int tiebreak(const ls_symentry *x, const ls_symentry *y)
{
	return (x->index > y->index) - (x->index < y->index);
}

static int by_name(const void *a, const void *b, void *ctx)
{
	const struct order *o = ctx;
	const ls_symentry *x = a, *y = b;
	int r = cmp_names(o, x, y);
	if (o->reverse)
		r = -r;
	return r ? r : tiebreak(x, y);
}

static int numeric_forward(const struct order *o, const ls_symentry *x,
			   const ls_symentry *y)
{
	bool xu = x->place == LS_PLACE_UNDEF, yu = y->place == LS_PLACE_UNDEF;
	if (xu && !yu)
		return -1;
	if (!xu && yu)
		return 1;
	if (!xu && x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return cmp_names(o, x, y);
}

static int by_value(const void *a, const void *b, void *ctx)
{
	const struct order *o = ctx;
	const ls_symentry *x = a, *y = b;
	int r = numeric_forward(o, x, y);
	if (o->reverse)
		r = -r;
	return r ? r : tiebreak(x, y);
}

/*
 * nm sorts by size in two stable passes: first by address (commons last)
 * so it can compute sizes for formats without them, then by size and
 * name.  Equal sizes and names therefore come out in address order.
 */
static int by_size(const void *a, const void *b, void *ctx)
{
	const struct order *o = ctx;
	const ls_symentry *x = a, *y = b;
	if (x->size != y->size)
		return (x->size < y->size) == !o->reverse ? -1 : 1;
	int r = cmp_names(o, x, y);
	if (o->reverse)
		r = -r;
	if (r)
		return r;
	bool xc = x->place == LS_PLACE_COMMON, yc = y->place == LS_PLACE_COMMON;
	if (xc != yc)
		return xc ? 1 : -1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return tiebreak(x, y);
}

/*
 * Byte-order name sort, the common case, as a multikey (three-way radix)
 * quicksort: C++ and Go names share long prefixes, which a comparison sort
 * re-reads on every comparison.  Equal names keep table order, as nm's
 * stable sort leaves them.  Recursion is bounded; past the bound the
 * remaining range is handed to qsort with the full comparison, so hostile
 * name sets cannot exhaust the stack.
 */
static inline unsigned char ch(const ls_symentry *e, size_t d)
{
	return (unsigned char)e->name[d];
}

static inline void swap_ent(ls_symentry *a, ls_symentry *b)
{
	ls_symentry t = *a;
	*a = *b;
	*b = t;
}

static int by_name_fwd(const void *a, const void *b)
{
	const ls_symentry *x = a, *y = b;
	int r = strcmp(x->name, y->name);
	return r ? r : tiebreak(x, y);
}

static int by_index(const void *a, const void *b)
{
	return tiebreak(a, b);
}

static void insertion_from(ls_symentry *a, size_t n, size_t d)
{
	for (size_t i = 1; i < n; i++) {
		ls_symentry t = a[i];
		size_t j = i;
		while (j > 0) {
			int r = strcmp(a[j - 1].name + d, t.name + d);
			if (r < 0 || (r == 0 && a[j - 1].index < t.index))
				break;
			a[j] = a[j - 1];
			j--;
		}
		a[j] = t;
	}
}

static void mkqsort(ls_symentry *a, size_t n, size_t d, int budget)
{
	while (n > 1) {
		if (n < 12) {
			insertion_from(a, n, d);
			return;
		}
		if (budget-- <= 0) {
			qsort(a, n, sizeof *a, by_name_fwd);
			return;
		}
		unsigned char p0 = ch(&a[0], d), p1 = ch(&a[n / 2], d),
			      p2 = ch(&a[n - 1], d);
		unsigned char v = p0 < p1 ? (p1 < p2 ? p1 : p0 < p2 ? p2 : p0)
					  : (p0 < p2 ? p0 : p1 < p2 ? p2 : p1);
		size_t lt = 0, i = 0, gt = n;
		while (i < gt) {
			unsigned char c = ch(&a[i], d);
			if (c < v)
				swap_ent(&a[lt++], &a[i++]);
			else if (c > v)
				swap_ent(&a[i], &a[--gt]);
			else
				i++;
		}
		mkqsort(a, lt, d, budget);
		mkqsort(a + gt, n - gt, d, budget);
		a += lt;
		n = gt - lt;
		if (v == 0) {
			/* Whole names are equal: table order decides. */
			qsort(a, n, sizeof *a, by_index);
			return;
		}
		d++;
	}
}

/* Reverses the order of names but, like nm, not of equal names. */
static void reverse_groups(ls_symentry *a, size_t n)
{
	for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--)
		swap_ent(&a[i], &a[j]);
	for (size_t i = 0; i < n;) {
		size_t k = i + 1;
		while (k < n && strcmp(a[k].name, a[i].name) == 0)
			k++;
		for (size_t x = i, y = k - 1; x < y; x++, y--)
			swap_ent(&a[x], &a[y]);
		i = k;
	}
}

int ls_symlist_build(const ls_object *o, const ls_symopts *opt,
		     ls_symlist *out, ls_diag *d)
{
	const ls_symtab *t = opt->dynamic ? &o->dynsym : &o->symtab;
	ls_symbol s;
	ls_symclass c;

	memset(out, 0, sizeof *out);
	out->tab = t;
	/* nm reads symbols only through section headers: a table found
	 * through dynamic tags is "no symbols" to it. */
	if (!t->present || t->from_dynamic || t->count <= 1)
		return LS_SYMLIST_NOSYMS;
	out->v = malloc((size_t)(t->count - 1) * sizeof *out->v);
	char *letters = malloc(o->shnum ? o->shnum : 1);
	if (!out->v || !letters) {
		free(letters);
		ls_symlist_free(out);
		return ls_fail(d, t->data_off, "out of memory for %u symbols",
			       t->count);
	}
	ls_section_letters(o, letters);
	for (uint32_t i = 1; i < t->count; i++) {
		if (ls_symbol_get(o, t, i, &s, d) < 0) {
			free(letters);
			ls_symlist_free(out);
			return -1;
		}
		ls_symclass_with(o, &s, letters, &c);
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
		if (keep && !opt->special_syms && c.special)
			keep = false;
		if (keep && opt->size_sort && s.size == 0)
			keep = false;
		if (!keep)
			continue;
		ls_symentry *e = &out->v[out->n++];
		e->name = c.name;
		e->value = c.value;
		e->size = s.size;
		e->index = i;
		e->letter = c.letter;
		e->place = (uint8_t)c.place;
	}
	free(letters);
	if (!opt->no_sort && out->n > 1 && !opt->collate &&
	    !opt->size_sort && !opt->numeric_sort) {
		mkqsort(out->v, out->n, 0, 64);
		if (opt->reverse)
			reverse_groups(out->v, out->n);
	} else if (!opt->no_sort && out->n > 1) {
		struct order ord = { opt->collate ? strcoll : strcmp,
				     opt->reverse };
		qsort_r(out->v, out->n, sizeof *out->v,
			opt->size_sort ? by_size
			: opt->numeric_sort ? by_value : by_name, &ord);
	}
	return LS_SYMLIST_OK;
}

void ls_symlist_free(ls_symlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
