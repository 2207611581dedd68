/*
 * link_gc.c - which input sections --gc-sections would keep, so that an
 * undefined symbol referenced only from sections the linker removes does
 * not fail the link (all four linkers report undefined symbols from live
 * sections only: bfd elf_gc_sweep drops them before relocation, lld's
 * MarkLive, gold's Garbage_collection, mold's gc_sections).
 *
 * Run after resolution and only when it can change the verdict: with
 * --gc-sections, and undefined symbols left.  Membership follows the
 * linkers' common core:
 *
 *   roots   the entry symbol (-e, else _start) of an executable; every
 *           -u / --require-defined name; the symbols an input shared
 *           library references (they are exported), and for -shared or
 *           --export-dynamic every exported definition; sections the
 *           linkers never collect: .init, .fini, .ctors, .dtors, .jcr,
 *           init/fini/preinit arrays, notes, SHF_GNU_RETAIN; and a
 *           C-identifier section SEC when __start_SEC or __stop_SEC is
 *           referenced (bfd 2.40's default, -z nostart-stop-gc; lld 14
 *           defaults to -z start-stop-gc: no such root), and for mold 1.10
 *           every such section;
 *   edges   every relocation of a live section, to the section defining
 *           its symbol (the resolved definition for a global one);
 *           .eh_frame is no root, but an object's .eh_frame references
 *           (personality routines) are live when any of its code is.
 *
 * What differs in corners (bfd keeping a whole COMDAT group alive, lld's
 * per-FDE .eh_frame pieces) is not modelled; docs/link.md says so.
 */
#include "link_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHF_GNU_RETAIN_FLAG 0x200000

typedef struct gcwork {
	uint32_t input, shndx;
} gcwork;

typedef struct gcstate {
	linkctx *c;
	gcwork *q;
	size_t nq, capq;
} gcstate;

static bool is_c_ident(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static bool prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* Sections no linker collects (lld MarkLive isReserved, bfd's KEEP()s of
 * the default script and _bfd_elf_gc_mark_extra_sections). */
static bool never_collected(const ls_section *s)
{
	const char *n = s->name;

	if (s->flags & SHF_GNU_RETAIN_FLAG)
		return true;
	if (s->type == SHT_NOTE || s->type == SHT_INIT_ARRAY ||
	    s->type == SHT_FINI_ARRAY || s->type == SHT_PREINIT_ARRAY)
		return true;
	return !strcmp(n, ".init") || !strcmp(n, ".fini") || !strcmp(n, ".jcr") ||
	       prefix(n, ".ctors") || prefix(n, ".dtors") || prefix(n, ".init_array") ||
	       prefix(n, ".fini_array") || prefix(n, ".preinit_array");
}

static int mark(gcstate *g, uint32_t ii, uint32_t shndx)
{
	linkctx *c = g->c;
	uint8_t *live = c->gclive[ii];

	if (!live || shndx == 0 || shndx >= c->gcnsec[ii] || live[shndx])
		return 0;
	live[shndx] = 1;
	if (ls_array_reserve(&g->q, &g->capq, g->nq + 1, sizeof *g->q) < 0)
		return -1;
	g->q[g->nq].input = ii;
	g->q[g->nq++].shndx = shndx;
	return 0;
}

/* The section of the resolved definition of global symbol y. */
static int mark_def(gcstate *g, const lsym *y)
{
	linkctx *c = g->c;
	ls_symbol s;
	ls_diag d;

	if ((y->state != S_DEFINED && y->state != S_COMMON) || y->def < 0 ||
	    !c->gclive[y->def])
		return 0;
	ls_link_input *in = &c->res->inputs[y->def];
	const ls_object *o = link_input_obj(in);
	if (!o || ls_symbol_get(o, &o->symtab, y->def_sym, &s, &d) < 0)
		return 0;
	return mark(g, (uint32_t)y->def, s.shndx);
}

static int mark_name(gcstate *g, const char *name, size_t len)
{
	int64_t id = ltab_find(&g->c->tab, name, (uint32_t)len, ls_lhash(name, len));

	return id < 0 ? 0 : mark_def(g, &g->c->tab.syms[id]);
}

/* Follows the relocations that apply to section shndx of input ii. */
static int follow(gcstate *g, uint32_t ii, uint32_t shndx)
{
	linkctx *c = g->c;
	ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = link_input_obj(in);

	if (!o || shndx >= o->shnum)
		return 0;
	/* The relocation section of each target, found once per object: a
	 * scan of every section for every live one is quadratic in objects
	 * built with -ffunction-sections. */
	if (!c->gcrel[ii]) {
		if (!(c->gcrel[ii] = calloc(o->shnum, sizeof *c->gcrel[ii])))
			return -1;
		for (uint32_t k = 1; k < o->shnum; k++) {
			const ls_section *r = &o->sections[k];
			if ((r->type == SHT_RELA || r->type == SHT_REL) && r->info &&
			    r->info < o->shnum && r->link == o->symtab.section &&
			    !c->gcrel[ii][r->info])
				c->gcrel[ii][r->info] = k;
		}
	}
	/* An FDE points back at its function: that edge keeps nothing.  Its
	 * personality routine (a global) and its LSDA (a local, not code)
	 * are kept; the LSDA for every FDE, which may keep more than the
	 * linkers do, never less. */
	bool eh = !strcmp(o->sections[shndx].name, ".eh_frame");
	for (uint32_t sec = c->gcrel[ii][shndx]; sec; sec = 0) {
		ls_diag d;
		int64_t n = ls_reloc_count(o, sec, &d);
		for (int64_t k = 0; k < n; k++) {
			ls_reloc rel;
			ls_symbol s;
			int rc = 0;
			if (ls_reloc_get(o, sec, (uint64_t)k, &rel, &d) < 0)
				break;
			if (rel.sym == 0 || ls_symbol_get(o, &o->symtab, rel.sym, &s, &d) < 0)
				continue;
			if (s.bind == STB_LOCAL || rel.sym < o->symtab.first_global) {
				if (!eh || (s.shndx < o->shnum &&
					    !(o->sections[s.shndx].flags & SHF_EXECINSTR)))
					rc = mark(g, ii, s.shndx);
			} else if (s.name_len) {
				const char *nm = s.name;
				size_t len = s.name_len;
				if (c->cmd->nwrap && s.shndx == SHN_UNDEF &&
				    link_wrap_name(c, &nm, &len) < 0)
					return -1;
				rc = mark_name(g, nm, len);
			}
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static int roots(gcstate *g)
{
	linkctx *c = g->c;
	const ls_link_cmd *cmd = c->cmd;
	bool exports = cmd->shared || cmd->export_dynamic;

	if (!cmd->shared) {
		const char *e = cmd->entry ? cmd->entry : link_script_entry(c);
		if (!e)
			e = "_start";
		if (mark_name(g, e, strlen(e)) < 0)
			return -1;
	}
	for (size_t i = 0; i < cmd->nundefined; i++)
		if (mark_name(g, cmd->undefined[i], strlen(cmd->undefined[i])) < 0)
			return -1;
	for (uint32_t i = 0; i < c->tab.n; i++) {
		const lsym *y = &c->tab.syms[i];
		bool exported = exports && y->vis != STV_HIDDEN && y->vis != STV_INTERNAL;
		if (((y->flags & (F_REFDSO | F_CMDLINE)) || exported) && mark_def(g, y) < 0)
			return -1;
	}
	for (size_t ii = 0; ii < c->res->ninputs; ii++) {
		if (!c->gclive[ii])
			continue;
		const ls_object *o = link_input_obj(&c->res->inputs[ii]);
		for (uint32_t k = 1; o && k < o->shnum; k++) {
			const ls_section *s = &o->sections[k];
			if (!(s->flags & SHF_ALLOC))
				continue;
			bool keep = never_collected(s);
			/* mold 1.10 keeps every C-identifier section; bfd and gold
			 * one that __start_/__stop_ reach; lld 14 (-z
			 * start-stop-gc by default) neither, and then reports
			 * __start_SEC undefined (link_run.c). */
			if (!keep && is_c_ident(s->name) && c->sem == LS_SEM_MOLD)
				keep = true;
			if (!keep && is_c_ident(s->name) && !link_start_stop_gc(c)) {
				char start[300], stop[300];
				snprintf(start, sizeof start, "__start_%s", s->name);
				snprintf(stop, sizeof stop, "__stop_%s", s->name);
				keep = ltab_find(&c->tab, start, (uint32_t)strlen(start),
						 ls_lhash(start, strlen(start))) >= 0 ||
				       ltab_find(&c->tab, stop, (uint32_t)strlen(stop),
						 ls_lhash(stop, strlen(stop))) >= 0;
			}
			if (keep && mark(g, (uint32_t)ii, k) < 0)
				return -1;
		}
	}
	return 0;
}

/* An object's .eh_frame refers to personality routines and LSDAs for its
 * code: live when any of its code is (follow() keeps it from reviving
 * the functions it describes). */
static int eh_frames(gcstate *g)
{
	linkctx *c = g->c;

	for (size_t ii = 0; ii < c->res->ninputs; ii++) {
		const uint8_t *live = c->gclive[ii];
		if (!live)
			continue;
		const ls_object *o = link_input_obj(&c->res->inputs[ii]);
		uint32_t eh = 0;
		bool code = false;
		for (uint32_t k = 1; o && k < o->shnum; k++) {
			if (!strcmp(o->sections[k].name, ".eh_frame"))
				eh = k;
			else if (live[k] && (o->sections[k].flags & SHF_EXECINSTR))
				code = true;
		}
		if (eh && code && mark(g, (uint32_t)ii, eh) < 0)
			return -1;
	}
	return 0;
}

static int drain(gcstate *g)
{
	while (g->nq) {
		gcwork w = g->q[--g->nq];
		if (follow(g, w.input, w.shndx) < 0)
			return -1;
	}
	return 0;
}

int link_gc(linkctx *c)
{
	gcstate g = { .c = c };
	size_t n = c->res->ninputs;
	int rc = 0;

	if (!(c->gclive = calloc(n ? n : 1, sizeof *c->gclive)) ||
	    !(c->gcnsec = calloc(n ? n : 1, sizeof *c->gcnsec)) ||
	    !(c->gcrel = calloc(n ? n : 1, sizeof *c->gcrel)))
		return -1;
	c->ngclive = n;
	for (size_t ii = 0; ii < n; ii++) {
		ls_link_input *in = &c->res->inputs[ii];
		if (in->kind != LS_LIN_OBJECT && in->kind != LS_LIN_MEMBER)
			continue;
		const ls_object *o = link_input_obj(in);
		if (!o || !o->shnum)
			continue;
		if (!(c->gclive[ii] = calloc(o->shnum, 1)))
			return -1;
		c->gcnsec[ii] = o->shnum;
	}
	if ((rc = roots(&g)) == 0 && (rc = drain(&g)) == 0 &&
	    (rc = eh_frames(&g)) == 0)
		rc = drain(&g);
	free(g.q);
	return rc;
}

bool link_start_stop_gc(const linkctx *c)
{
	if (c->cmd->start_stop_gc >= 0)
		return c->cmd->start_stop_gc;
	return c->sem == LS_SEM_LLD;
}

bool link_gc_dead(const linkctx *c, int32_t ii, uint32_t shndx)
{
	if (!c->gclive || ii < 0 || (size_t)ii >= c->ngclive || !c->gclive[ii] ||
	    shndx >= c->gcnsec[ii])
		return false;
	return !c->gclive[ii][shndx];
}
