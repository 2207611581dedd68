/*
 * bind.c - symbol binding in a simulated process; see bind.h.
 *
 * One pass per process:
 *   1. every usable object's hash table is located (symhash.c);
 *   2. with interposition, every exported dynamic symbol of the scope goes
 *      into one open-addressing table keyed by name (sized up front from
 *      the dynamic symbol counts), and names with several definitions get
 *      their ls_interpose entries;
 *   3. every object's relocations are walked once; each (object, symbol,
 *      relocation class) is resolved once, memoised in a table sized from
 *      that object's relocation count.
 *
 * This file holds the scopes, the -rdynamic hint and the entry point;
 * step 2 is bind_interpose.c, step 3 (with the lookup through the scopes)
 * bind_reloc.c.
 */
#include "bind_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>
#include <string.h>

const char *ls_bound_why_name(ls_bound_why w)
{
	switch (w) {
	case LS_BOUND_SYMBOLIC: return "symbolic";
	case LS_BOUND_PROTECTED: return "protected";
	case LS_BOUND_SCOPE: return "scope";
	}
	return "?";
}

static bool usable(const ls_ldobj *lo)
{
	return lo->dso && !lo->dso->err && !lo->dso->malformed;
}

/* _dl_name_match_p: the object is known by this name (as requested, by
 * its path or its SONAME). */
bool bind_names_object(const ls_ldobj *lo, const char *name)
{
	return (lo->name && !strcmp(lo->name, name)) ||
	       (lo->path && !strcmp(lo->path, name)) ||
	       (lo->dso && lo->dso->load.dyn.soname && !strcmp(lo->dso->load.dyn.soname, name));
}

int bind_oom(struct ctx *c)
{
	return ls_oom(c->d);
}

/* Makes room for element n of the array *arr (core/array.h); the counts
 * of a result are 32-bit. */
int bind_grow(struct ctx *c, void *arr, size_t *cap, uint32_t n, size_t elem)
{
	if (n == UINT32_MAX || ls_array_reserve(arr, cap, (size_t)n + 1, elem) < 0)
		return bind_oom(c);
	return 0;
}

/* The scope ---------------------------------------------------------------- */

static int build_scopes(struct ctx *c)
{
	const ls_process *p = c->p;
	size_t n = (size_t)p->nglobal + p->nlocal + 1;

	if (!(c->start = calloc(n, sizeof *c->start)) ||
	    !(c->group = calloc(n, sizeof *c->group)))
		return bind_oom(c);
	for (uint32_t i = 0; i < p->nglobal; i++) {
		uint32_t k = p->global[i];
		if (k < p->nobjs && c->oc[k].o && !p->objs[k].dlopened)
			c->start[c->nstart++] = k;
	}
	memcpy(c->group, c->start, c->nstart * sizeof *c->start);
	c->ngroup = c->nstart;
	/* The group's objects: its local scope; with RTLD_GLOBAL they are
	 * also at the end of global[], in the same order. */
	for (uint32_t i = 0; i < p->nlocal; i++) {
		uint32_t k = p->local[i];
		bool dup = false;
		if (k >= p->nobjs || !c->oc[k].o || !p->objs[k].dlopened)
			continue;
		for (uint32_t j = c->nstart; j < c->ngroup; j++)
			dup |= c->group[j] == k;
		if (!dup)
			c->group[c->ngroup++] = k;
	}
	for (uint32_t i = 0; i < p->nglobal; i++) {
		uint32_t k = p->global[i];
		bool dup = false;
		if (k >= p->nobjs || !c->oc[k].o || !p->objs[k].dlopened)
			continue;
		for (uint32_t j = c->nstart; j < c->ngroup; j++)
			dup |= c->group[j] == k;
		if (!dup)
			c->group[c->ngroup++] = k;
	}
	return 0;
}

/* The -rdynamic hint ------------------------------------------------------- */

/* Marks the --dlopen group's unresolved names the executable defines
 * without exporting (one pass over its .symtab and .dynsym). */
static int host_hint(struct ctx *c)
{
	ls_bind_result *r = c->r;
	const ls_object *exe;
	uint32_t *set = NULL, *next = NULL, cap = 16, want = 0;
	ls_symbol s;
	ls_diag ignore;

	if (c->p->nobjs == 0 || !c->oc[0].o)
		return 0;
	exe = c->oc[0].o;
	for (uint32_t i = 0; i < r->nunres; i++)
		want += c->p->objs[r->unres[i].obj].dlopened;
	if (want == 0)
		return 0;
	while (cap < 2 * want)
		cap *= 2;
	if (!(set = calloc(cap, sizeof *set)) ||
	    !(next = calloc(r->nunres, sizeof *next))) {
		free(set);
		return bind_oom(c);
	}
	for (uint32_t i = 0; i < r->nunres; i++) {
		if (!c->p->objs[r->unres[i].obj].dlopened)
			continue;
		uint32_t h = ls_gnu_hash(r->unres[i].symbol), j = h & (cap - 1);
		for (;; j = (j + 1) & (cap - 1)) {
			uint32_t v = set[j];
			if (v == 0) {
				set[j] = i + 1;
				break;
			}
			if (!strcmp(r->unres[v - 1].symbol, r->unres[i].symbol)) {
				next[i] = next[v - 1];
				next[v - 1] = i + 1;
				break;
			}
		}
	}
	const ls_symtab *tabs[2] = { &exe->symtab, &exe->dynsym };
	for (int t = 0; t < 2; t++) {
		const ls_symtab *tab = tabs[t];
		if (!tab->present)
			continue;
		for (uint32_t i = 1; i < tab->count; i++) {
			if (ls_symbol_get(exe, tab, i, &s, &ignore) < 0)
				continue;
			if (s.raw_shndx == SHN_UNDEF ||
			    (s.bind != STB_GLOBAL && s.bind != STB_WEAK))
				continue;
			/* .dynsym: only definitions a lookup cannot see. */
			if (t == 1 && s.visibility != STV_HIDDEN &&
			    s.visibility != STV_INTERNAL &&
			    !(s.has_versym && (s.versym & 0x8000)))
				continue;
			uint32_t h = ls_gnu_hash(s.name), j = h & (cap - 1);
			for (;; j = (j + 1) & (cap - 1)) {
				uint32_t v = set[j];
				if (v == 0)
					break;
				if (strcmp(r->unres[v - 1].symbol, s.name))
					continue;
				for (uint32_t u = v; u; u = next[u - 1])
					r->unres[u - 1].host_has_unexported = true;
				break;
			}
		}
	}
	free(set);
	free(next);
	return 0;
}

/* Entry point --------------------------------------------------------------- */

int ls_bind_run(const ls_process *p, const ls_bind_opts *opts,
		ls_bind_result *r, ls_diag *d)
{
	static const ls_bind_opts none = { 0 };
	struct ctx c = { 0 };
	int rc = -1;

	memset(r, 0, sizeof *r);
	r->err_obj = -1;
	if (p->is_static || p->nobjs == 0)
		return 0;
	c.p = p;
	c.opts = opts ? opts : &none;
	c.r = r;
	c.d = d;
	c.musl = p->target.loader == LS_LOADER_MUSL;
	if (!(c.oc = calloc(p->nobjs, sizeof *c.oc)))
		return bind_oom(&c);

	bool env_now = p->cfg && p->cfg->bind_now;
	for (uint32_t k = 0; k < p->nobjs; k++) {
		const ls_ldobj *lo = &p->objs[k];
		struct objctx *oc = &c.oc[k];

		if (!usable(lo))
			continue;
		oc->o = &lo->dso->obj;
		if (ls_symhash_init(&oc->h, oc->o, d) < 0) {
			r->err_obj = (int32_t)k;
			goto out;
		}
		/* The main program searches itself first anyway; ld.so is
		 * relocated with the main program's scope. */
		oc->symbolic = !c.musl && lo->dso->load.dyn.symbolic && k != 0 && !lo->rtld;
		if (c.musl)	/* musl defers only for dlopen(RTLD_LAZY) */
			oc->lazy = lo->dlopened && !c.opts->dlopen_now;
		else
			oc->lazy = !env_now && !lo->dso->load.dyn.bind_now && !lo->rtld &&
				   !(lo->dlopened && c.opts->dlopen_now);
	}
	if (build_scopes(&c) < 0)
		goto out;
	if (c.opts->interposition && bind_build_table(&c) < 0)
		goto out;
	for (uint32_t k = 0; k < p->nobjs; k++)
		if (c.oc[k].o && bind_walk_object(&c, k) < 0)
			goto out;
	if (host_hint(&c) < 0 || bind_finish_bound(&c) < 0 || bind_sort_ip(&c) < 0)
		goto out;
	for (uint32_t i = 0; i < r->nunres; i++) {
		const ls_unresolved *u = &r->unres[i];
		if (u->weak || u->lazy)
			continue;
		if (p->objs[u->obj].dlopened)
			r->dlopen_fatal = true;
		else
			r->fatal = true;
	}
	rc = 0;
out:
	free(c.oc);
	free(c.start);
	free(c.group);
	free(c.memo);
	free(c.lslot);
	free(c.lent);
	free(c.slots);
	free(c.defs);
	free(c.bt);
	return rc;
}

void ls_bind_free(ls_bind_result *r)
{
	free(r->unres);
	free(r->reports);
	free(r->ip);
	free(r->losers);
	free(r->bound);
	memset(r, 0, sizeof *r);
	r->err_obj = -1;
}
