/*
 * deps_json.c - one element of `deps --json`'s "files" array
 * (docs/json-deps.md, schema_version 1).  Keys are always present; null
 * stands for "does not apply".
 */
#include "deps_report.h"

#include <stdio.h>

const char *ls_deps_symname(const ls_process *p, uint32_t obj, uint32_t idx)
{
	const ls_dso *d = p->objs[obj].dso;
	ls_symbol sym;
	ls_diag dg;

	if (!d || ls_symbol_get(&d->obj, &d->obj.dynsym, idx, &sym, &dg) < 0)
		return "?";
	return sym.name;
}

static void tried(ls_json *j, const ls_process *p, const ls_ldobj *o)
{
	ls_json_key(j, "tried");
	ls_json_begin_array(j);
	for (uint32_t k = 0; k < o->ntried; k++) {
		const ls_tried *t = &p->tried[o->tried_first + k];

		ls_json_begin_object(j);
		ls_json_key_string(j, "path", t->path);
		ls_json_key_string(j, "how", ls_how_name(t->how));
		ls_json_key_string(j, "via", ls_deps_objname(p, t->via));
		ls_json_key_string(j, "skipped", t->skipped);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

static void object(ls_json *j, const ls_process *p, uint32_t i)
{
	const ls_ldobj *o = &p->objs[i];

	ls_json_begin_object(j);
	ls_json_key_string(j, "name", i == 0 ? p->program : o->name);
	ls_json_key_string(j, "path", o->rtld && !o->path ? p->target.interp : o->path);
	ls_json_key_string(j, "how", ls_how_name(o->how));
	ls_json_key_string(j, "via", ls_deps_objname(p, o->via));
	ls_json_key_string(j, "needed_by", ls_deps_objname(p, o->parent));
	ls_json_key(j, "depth");
	ls_json_uint(j, o->depth);
	ls_json_key(j, "found");
	ls_json_bool(j, o->dso != NULL || o->rtld);
	ls_json_key_string(j, "soname", o->dso ? o->dso->soname : NULL);
	ls_json_key(j, "dlopened");
	ls_json_bool(j, o->dlopened);
	if (!o->dso && !o->rtld) {
		ls_json_key_string(j, "error", o->why);
		tried(j, p, o);
	}
	ls_json_end_object(j);
}

static void versions(ls_json *j, const ls_deps_result *r)
{
	const ls_vercheck *v = r->ver;

	ls_json_key(j, "versions");
	ls_json_begin_array(j);
	for (uint32_t i = 0; v && i < v->nissues; i++) {
		const ls_verissue *x = &v->issues[i];

		ls_json_begin_object(j);
		ls_json_key_string(j, "version", x->version);
		ls_json_key_string(j, "file", x->file);
		ls_json_key_string(j, "path", ls_deps_objname(r->p, x->definer));
		ls_json_key_string(j, "required_by", ls_deps_objname(r->p, x->obj));
		ls_json_key(j, "weak");
		ls_json_bool(j, x->weak);
		ls_json_key(j, "no_version_info");
		ls_json_bool(j, x->no_verdef);
		char msg[512];

		ls_verissue_message(r->p, x, msg, sizeof msg);
		ls_json_key_string(j, "message", msg);
		ls_json_key(j, "symbols");
		ls_json_begin_array(j);
		for (uint32_t k = 0; k < x->nsyms; k++)
			ls_json_string(j, ls_deps_symname(r->p, x->obj,
							  v->syms[x->first_sym + k]));
		ls_json_end_array(j);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

static void unresolved(ls_json *j, const ls_deps_result *r)
{
	const ls_bind_result *b = r->bind;

	ls_json_key(j, "unresolved");
	if (!b || !r->bind_run) {
		ls_json_null(j);
		return;
	}
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < b->nunres; i++) {
		const ls_unresolved *u = &b->unres[i];

		if (r->p->objs[u->obj].dlopened)
			continue;	/* listed under "dlopen" */
		ls_json_begin_object(j);
		ls_json_key_string(j, "symbol", u->symbol);
		ls_json_key_string(j, "version", u->version);
		ls_json_key_string(j, "object", ls_deps_objname(r->p, u->obj));
		ls_json_key(j, "weak");
		ls_json_bool(j, u->weak);
		ls_json_key_string(j, "when", u->lazy ? "lazy" : "startup");
		ls_json_key_string(j, "version_file", u->version_file);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

static void interposition(ls_json *j, const ls_deps_result *r)
{
	const ls_bind_result *b = r->bind;

	ls_json_key(j, "interposition");
	if (!b || !r->interposition) {
		ls_json_null(j);
		return;
	}
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < b->nip; i++) {
		const ls_interpose *x = &b->ip[i];

		ls_json_begin_object(j);
		ls_json_key_string(j, "symbol", x->symbol);
		ls_json_key_string(j, "version", x->version);
		ls_json_key_string(j, "winner", ls_deps_objname(r->p, x->winner));
		ls_json_key(j, "copy");
		ls_json_bool(j, x->copy);
		ls_json_key(j, "all_weak");
		ls_json_bool(j, x->all_weak);
		ls_json_key(j, "loader");
		ls_json_bool(j, x->rtld);
		ls_json_key(j, "losers");
		ls_json_begin_array(j);
		for (uint32_t k = 0; k < x->nlosers; k++)
			ls_json_string(j, ls_deps_objname(r->p, b->losers[x->first_loser + k]));
		ls_json_end_array(j);
		ls_json_key(j, "bound_to_losers");
		ls_json_begin_array(j);
		for (uint32_t k = 0; k < x->nbound; k++) {
			const ls_bound *bd = &b->bound[x->first_bound + k];

			ls_json_begin_object(j);
			ls_json_key_string(j, "object", ls_deps_objname(r->p, bd->obj));
			ls_json_key_string(j, "binds_to", ls_deps_objname(r->p, bd->loser));
			ls_json_key_string(j, "why", ls_bound_why_name(bd->why));
			ls_json_end_object(j);
		}
		ls_json_end_array(j);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

static void dlopen_part(ls_json *j, const ls_deps_result *r)
{
	const ls_process *p = r->p;
	const ls_bind_result *b = r->bind;

	ls_json_key(j, "dlopen");
	if (p->plugin < 0) {
		ls_json_null(j);
		return;
	}
	ls_json_begin_object(j);
	ls_json_key_string(j, "plugin", ls_deps_objname(p, p->plugin));
	ls_json_key(j, "found");
	ls_json_bool(j, p->objs[p->plugin].dso != NULL);
	ls_json_key(j, "global");
	ls_json_bool(j, p->cfg->dlopen_global);
	ls_json_key(j, "unresolved");
	ls_json_begin_array(j);
	for (uint32_t i = 0; b && i < b->nunres; i++) {
		const ls_unresolved *u = &b->unres[i];

		if (!p->objs[u->obj].dlopened)
			continue;
		ls_json_begin_object(j);
		ls_json_key_string(j, "symbol", u->symbol);
		ls_json_key_string(j, "version", u->version);
		ls_json_key_string(j, "object", ls_deps_objname(p, u->obj));
		ls_json_key(j, "weak");
		ls_json_bool(j, u->weak);
		ls_json_key(j, "host_unexported");
		ls_json_bool(j, u->host_has_unexported);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
	/* Names both the plugin's group and the program's scope define. */
	ls_json_key(j, "interposes");
	ls_json_begin_array(j);
	for (uint32_t i = 0; b && i < b->nip; i++) {
		const ls_interpose *x = &b->ip[i];

		if (!x->dlopen)
			continue;
		ls_json_begin_object(j);
		ls_json_key_string(j, "symbol", x->symbol);
		ls_json_key_string(j, "version", x->version);
		ls_json_key_string(j, "winner", ls_deps_objname(p, x->winner));
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
	ls_json_end_object(j);
}

static void risks(ls_json *j, const ls_process *p)
{
	ls_json_key(j, "risks");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < p->nrisks; i++) {
		const ls_ldrisk *k = &p->risks[i];

		ls_json_begin_object(j);
		ls_json_key_string(j, "kind", ls_ldrisk_name(k->kind));
		ls_json_key_string(j, "dir", k->dir);
		ls_json_key_string(j, "object", ls_deps_objname(p, k->obj));
		ls_json_key_string(j, "tag", k->how == LS_HOW_LDLP ? "LD_LIBRARY_PATH"
			    : k->how == LS_HOW_RUNPATH ? "RUNPATH" : "RPATH");
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

void ls_deps_json_file(ls_json *j, const ls_deps_result *r)
{
	const ls_process *p = r->p;

	ls_json_begin_object(j);
	ls_json_key_string(j, "path", p->program);
	ls_json_key_string(j, "machine", ls_machine_name(p->target.machine));
	ls_json_key_string(j, "loader", p->target.loader == LS_LOADER_MUSL ? "musl" : "glibc");
	ls_json_key_string(j, "interpreter", p->is_static ? NULL : p->target.interp);
	ls_json_key(j, "static");
	ls_json_bool(j, p->is_static || ls_process_loads_nothing(p));
	ls_json_key_string(j, "verdict", r->failed ? "fail" : "ok");
	ls_json_key_string(j, "reason", r->failed ? r->reason : NULL);
	ls_json_key(j, "fatal");
	ls_json_bool(j, p->fatal);
	ls_json_key_string(j, "error", p->fatal ? p->error : NULL);
	ls_json_key(j, "objects");
	ls_json_begin_array(j);
	/* The load list, as the loader's trace shows it: the loader itself
	 * only where something needs it. */
	for (uint32_t k = 0; k < p->nglobal; k++) {
		const ls_ldobj *o = &p->objs[p->global[k]];

		if (o->dlopened || (o->rtld && !ls_process_lists_rtld(p)))
			continue;
		object(j, p, p->global[k]);
	}
	for (uint32_t k = 0; k < p->nlocal; k++)
		object(j, p, p->local[k]);
	ls_json_end_array(j);
	versions(j, r);
	unresolved(j, r);
	interposition(j, r);
	dlopen_part(j, r);
	risks(j, p);
	ls_json_key(j, "notes");
	ls_json_begin_array(j);
	if (p->cache_missing)
		ls_json_string(j, "no /etc/ld.so.cache in the root");
	if (p->cache_stale)
		ls_json_string(j, "/etc/ld.so.cache is older than its configuration");
	if (p->note[0])
		ls_json_string(j, p->note);
	ls_json_end_array(j);
	ls_json_end_object(j);
}
