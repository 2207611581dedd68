/*
 * deps_list.c - `deps --list`: the lines the real loader prints when
 * tracing (LD_TRACE_LOADED_OBJECTS, which ldd and `ld.so --list` use),
 * minus what only a running process has: load addresses and the vDSO.
 *
 * glibc (elf/rtld.c) walks the link map in load order: a missing library
 * is "NAME => not found", an object whose requested name is its path is
 * printed once, anything else "NAME => PATH"; the loader appears only if
 * something needs it.  A program with nothing in DT_NEEDED is "statically
 * linked".  musl (ldso/dynlink.c) prints the loader first, then each
 * library as it is mapped; its errors go to stderr.
 */
#include "deps_report.h"

#include <string.h>

static bool listed(const ls_process *p, uint32_t i)
{
	const ls_ldobj *o = &p->objs[i];

	if (i == 0 || (o->dlopened && (uint32_t)p->plugin != i && !o->rtld))
		return false;
	if ((int32_t)i == p->plugin)
		return false;
	if (o->rtld && p->target.loader == LS_LOADER_GLIBC)
		return ls_process_lists_rtld(p);
	return true;
}

static void list_glibc(FILE *out, const ls_deps_report *r)
{
	const ls_process *p = r->p;
	const ls_dso *m = p->objs[0].dso;

	if (!m->nneeded && p->nglobal <= 2 && !p->cfg->npreload &&
	    !p->cfg->ld_preload) {
		fputs("\tstatically linked\n", out);
		return;
	}
	for (uint32_t k = 0; k < p->nglobal; k++) {
		uint32_t i = p->global[k];
		const ls_ldobj *o = &p->objs[i];

		if (!listed(p, i))
			continue;
		if (!o->dso && !o->rtld)
			fprintf(out, "\t%s => not found\n", o->name);
		else if (o->rtld || !strcmp(o->name, o->path))
			fprintf(out, "\t%s\n", o->rtld ? p->target.interp : o->path);
		else
			fprintf(out, "\t%s => %s\n", o->name, o->path);
	}
}

static void list_musl(FILE *out, FILE *err, const ls_deps_report *r)
{
	const ls_process *p = r->p;
	const char *interp = p->objs[0].dso->interp ? p->objs[0].dso->interp
						      : p->target.interp;

	fprintf(out, "\t%s\n", interp);
	for (uint32_t k = 0; k < p->nglobal; k++) {
		uint32_t i = p->global[k];
		const ls_ldobj *o = &p->objs[i];

		if (!listed(p, i))
			continue;
		if (o->rtld)
			fprintf(out, "\t%s => %s\n", o->name, interp);
		else if (o->dso)
			fprintf(out, "\t%s => %s\n", o->name, o->path);
	}
	for (uint32_t i = 1; i < p->nobjs; i++) {
		const ls_ldobj *o = &p->objs[i];

		if (o->dso || o->rtld)
			continue;
		fprintf(err, "Error loading shared library %s: %s (needed by %s)\n",
			o->name, strstr(o->why, "Exec format") ? "Exec format error"
			: "No such file or directory",
			o->parent >= 0 ? (o->parent == 0 ? p->program
					  : p->objs[o->parent].path) : p->program);
	}
}

static void versions(FILE *err, const ls_deps_report *r)
{
	const ls_vercheck *v = r->ver;

	for (uint32_t i = 0; v && i < v->nissues; i++) {
		const ls_verissue *x = &v->issues[i];
		char msg[512];

		if (x->weak || x->no_verdef)
			continue;	/* only `ldd -v` says these */
		ls_verissue_message(r->p, x, msg, sizeof msg);
		fprintf(err, "%s: %s\n", r->p->program, msg);
	}
}

static void unresolved(FILE *out, const ls_deps_report *r)
{
	const ls_bind_result *b = r->bind;

	for (uint32_t i = 0; b && r->bind_run && i < b->nunres; i++) {
		const ls_unresolved *u = &b->unres[i];
		const ls_ldobj *o = &r->p->objs[u->obj];

		if (u->weak)
			continue;
		if (u->version)
			fprintf(out, "undefined symbol: %s, version %s\t(%s)\n",
				u->symbol, u->version,
				u->obj == 0 ? r->p->program : o->path);
		else
			fprintf(out, "undefined symbol: %s\t(%s)\n", u->symbol,
				u->obj == 0 ? r->p->program : o->path);
	}
}

void ls_deps_list(FILE *out, FILE *err, const ls_deps_report *r)
{
	const ls_process *p = r->p;

	if (p->is_static) {
		fputs("\tnot a dynamic executable\n", out);
		return;
	}
	if (p->target.loader == LS_LOADER_MUSL) {
		list_musl(out, err, r);
		return;
	}
	versions(err, r);
	list_glibc(out, r);
	unresolved(out, r);
}
