/*
 * deps_text.c - the human report of `deps`: the dependency tree with the
 * reason each library was chosen (or every path tried for a missing one),
 * then version problems, unresolved symbols, interposition and risks.
 *
 * A library is expanded where the tree first meets it; later mentions
 * point back to it, so a program that reaches libc through ten libraries
 * prints libc's subtree once.
 */
#include "deps_report.h"

#include <stdlib.h>
#include <string.h>

typedef struct tw {
	FILE *out;
	const ls_process *p;
	bool color;
	uint8_t *shown;
	char prefix[512];
} tw;

static const char *c_on(const tw *w, const char *code)
{
	return w->color ? code : "";
}

static const char *c_off(const tw *w)
{
	return w->color ? "\033[0m" : "";
}

static const char *display(const ls_process *p, uint32_t i)
{
	return i == 0 ? p->program : p->objs[i].path ? p->objs[i].path
						      : p->objs[i].name;
}

static void reason(const tw *w, const ls_ldobj *o)
{
	const ls_process *p = w->p;

	switch (o->how) {
	case LS_HOW_RPATH:
	case LS_HOW_RUNPATH:
		fprintf(w->out, " [%s of %s]", ls_how_name(o->how),
			o->via >= 0 ? display(p, (uint32_t)o->via) : "?");
		break;
	case LS_HOW_LDLP:
		fputs(" [LD_LIBRARY_PATH]", w->out);
		break;
	case LS_HOW_MUSL_PATH:
		fputs(" [musl path file]", w->out);
		break;
	default:
		fprintf(w->out, " [%s]", ls_how_name(o->how));
	}
}

static void tried(const tw *w, const ls_ldobj *o, const char *pre)
{
	const ls_process *p = w->p;
	uint32_t subs = 0;

	fprintf(w->out, "%s    %s%s%s\n", pre, c_on(w, "\033[31m"), o->why,
		c_off(w));
	for (uint32_t k = 0; k < o->ntried; k++) {
		const ls_tried *t = &p->tried[o->tried_first + k];

		if (t->sub && !t->skipped) {
			subs++;
			continue;
		}
		fprintf(w->out, "%s    tried %s", pre, t->path);
		if (t->how == LS_HOW_RPATH || t->how == LS_HOW_RUNPATH)
			fprintf(w->out, " (%s of %s)", ls_how_name(t->how),
				t->via >= 0 ? display(p, (uint32_t)t->via) : "?");
		else
			fprintf(w->out, " (%s)", t->how == LS_HOW_LDLP
				? "LD_LIBRARY_PATH" : ls_how_name(t->how));
		if (t->skipped)
			fprintf(w->out, ": %s", t->skipped);
		fputc('\n', w->out);
	}
	if (subs)
		fprintf(w->out, "%s    (and %u glibc-hwcaps/legacy subdirectories)\n",
			pre, subs);
}

static void node(tw *w, uint32_t i, size_t plen, uint32_t depth)
{
	const ls_process *p = w->p;
	const ls_ldobj *o = &p->objs[i];
	const ls_dso *d = o->dso;

	if (!d || depth > 64)
		return;
	for (uint32_t k = 0; k < d->nneeded; k++) {
		bool last = k + 1 == d->nneeded;
		int32_t j = o->deps ? o->deps[k] : -1;
		const ls_ldobj *c = j >= 0 ? &p->objs[j] : NULL;

		fprintf(w->out, "%.*s%s", (int)plen, w->prefix,
			last ? "\u2514\u2500\u2500 " : "\u251c\u2500\u2500 ");
		if (!c) {
			fprintf(w->out, "%s\n", d->needed[k]);
			continue;
		}
		if (!c->dso && !c->rtld) {
			fprintf(w->out, "%s%s => not found%s\n", c_on(w, "\033[1;31m"),
				d->needed[k], c_off(w));
			snprintf(w->prefix + plen, sizeof w->prefix - plen, "%s",
				 last ? "    " : "\u2502   ");
			tried(w, c, w->prefix);
			w->prefix[plen] = 0;
			continue;
		}
		if (!strcmp(d->needed[k], c->path ? c->path : ""))
			fprintf(w->out, "%s", c->path);
		else
			fprintf(w->out, "%s => %s", d->needed[k],
				c->path ? c->path : "(loader)");
		if (w->shown[j]) {
			fprintf(w->out, "%s (see above)%s\n", c_on(w, "\033[2m"),
				c_off(w));
			continue;
		}
		reason(w, c);
		fputc('\n', w->out);
		w->shown[j] = 1;
		size_t add = strlen(last ? "    " : "\u2502   ");

		if (plen + add < sizeof w->prefix) {
			memcpy(w->prefix + plen, last ? "    " : "\u2502   ", add);
			node(w, (uint32_t)j, plen + add, depth + 1);
		}
	}
}

static void sections(FILE *out, const ls_deps_result *r)
{
	const ls_process *p = r->p;
	const ls_vercheck *v = r->ver;
	const ls_bind_result *b = r->bind;

	for (uint32_t i = 0; v && i < v->nissues; i++) {
		const ls_verissue *x = &v->issues[i];
		char msg[512];

		ls_verissue_message(p, x, msg, sizeof msg);
		fprintf(out, "%s: %s\n", x->weak || x->no_verdef ? "warning"
			: "error", msg);
		for (uint32_t k = 0; k < x->nsyms && k < 8; k++)
			fprintf(out, "    used by %s\n",
				ls_deps_symname(p, x->obj, v->syms[x->first_sym + k]));
		if (x->nsyms > 8)
			fprintf(out, "    ... and %u more symbols\n", x->nsyms - 8);
	}
	for (uint32_t i = 0; b && i < b->nunres; i++) {
		const ls_unresolved *u = &b->unres[i];

		if (u->weak || !(r->bind_run || p->objs[u->obj].dlopened))
			continue;
		fprintf(out, "undefined symbol: %s%s%s (%s): %s\n", u->symbol,
			u->version ? "@" : "", u->version ? u->version : "",
			display(p, u->obj),
			p->objs[u->obj].dlopened
			? (u->lazy ? "fails when first called after dlopen"
				   : "dlopen fails")
			: u->lazy ? "fails when first called (lazy binding)"
				  : "fails at start-up");
		if (u->host_has_unexported)
			fputs("    the program defines it but does not export it: "
			      "link it with -rdynamic (--export-dynamic)\n", out);
	}
	uint32_t quiet = 0;

	for (uint32_t i = 0; b && i < b->nip; i++) {
		const ls_interpose *x = &b->ip[i];

		/* Without --interposition, only what a plugin brings in. */
		if (!r->interposition && !x->dlopen)
			continue;
		/* Copy relocations, C++ vague linkage and libc/ld.so internals
		 * are how every process works: counted, listed in --json. */
		if (x->copy || x->all_weak || x->rtld) {
			quiet++;
			continue;
		}
		fprintf(out, "interposed: %s%s%s: %s wins over", x->symbol,
			x->version ? "@" : "", x->version ? x->version : "",
			display(p, x->winner));
		for (uint32_t k = 0; k < x->nlosers; k++)
			fprintf(out, " %s", display(p, b->losers[x->first_loser + k]));
		fputc('\n', out);
		for (uint32_t k = 0; k < x->nbound; k++) {
			const ls_bound *bd = &b->bound[x->first_bound + k];

			fprintf(out, "    %s binds to %s (%s)\n", display(p, bd->obj),
				display(p, bd->loser), ls_bound_why_name(bd->why));
		}
	}
	if (quiet)
		fprintf(out, "interposed: %u more that every process has (copy "
			"relocations, weak C++ definitions, libc/loader internals; "
			"see --json)\n", quiet);
	for (uint32_t i = 0; i < p->nrisks; i++) {
		const ls_ldrisk *k = &p->risks[i];

		fprintf(out, "risk: %s %s '%s' (%s)\n", ls_ldrisk_name(k->kind),
			k->how == LS_HOW_LDLP ? "LD_LIBRARY_PATH"
			: k->how == LS_HOW_RUNPATH ? "RUNPATH element" : "RPATH element",
			k->dir, k->obj >= 0 ? display(p, (uint32_t)k->obj) : "");
	}
	if (p->cache_missing)
		fputs("note: no /etc/ld.so.cache in the root: glibc would search only "
		      "the default directories (run ldconfig -r ROOT)\n", out);
	if (p->cache_stale)
		fputs("note: /etc/ld.so.cache is older than /etc/ld.so.conf(.d); "
		      "the loader uses it anyway (run ldconfig)\n", out);
	if (p->note[0])
		fprintf(out, "note: %s\n", p->note);
}

void ls_deps_text(FILE *out, const ls_deps_result *r, bool color)
{
	const ls_process *p = r->p;
	tw w = { .out = out, .p = p, .color = color };

	fprintf(out, "%s%s%s", c_on(&w, "\033[1m"), p->program, c_off(&w));
	if (p->is_static) {
		fputs(": statically linked, loads nothing\n", out);
		return;
	}
	fprintf(out, " [%s, %s loader %s]\n", ls_machine_name(p->target.machine),
		p->target.loader == LS_LOADER_MUSL ? "musl" : "glibc",
		p->target.interp);
	if (!(w.shown = calloc(p->nobjs, 1)))
		return;
	w.shown[0] = 1;
	for (uint32_t k = 1; k < p->nglobal; k++) {
		const ls_ldobj *o = &p->objs[p->global[k]];

		if (o->how == LS_HOW_PRELOAD) {
			fprintf(out, "%s [preload]\n", o->path ? o->path : o->name);
			w.shown[p->global[k]] = 1;
		}
	}
	node(&w, 0, 0, 0);
	for (uint32_t k = 1; k < p->nglobal; k++)
		if (p->objs[p->global[k]].how == LS_HOW_PRELOAD)
			node(&w, p->global[k], 0, 0);
	if (p->plugin >= 0) {
		const ls_ldobj *o = &p->objs[p->plugin];

		fprintf(out, "dlopen(%s, %s) => %s\n", o->name,
			p->cfg->dlopen_global ? "RTLD_GLOBAL" : "RTLD_LOCAL",
			o->path ? o->path : "not found");
		if (!o->dso && o->ntried)
			tried(&w, o, "");
		w.shown[p->plugin] = 1;
		node(&w, (uint32_t)p->plugin, 0, 0);
	}
	free(w.shown);
	sections(out, r);
	if (r->failed)
		fprintf(out, "%sverdict: would fail: %s%s\n", c_on(&w, "\033[1;31m"),
			r->reason, c_off(&w));
	else
		fprintf(out, "verdict: loads\n");
}
