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

#include <stdlib.h>
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

static void glibc_line(FILE *out, const ls_process *p, const ls_ldobj *o)
{
	if (!o->dso && !o->rtld)
		fprintf(out, "\t%s => not found\n", o->name);
	else if (o->rtld || !strcmp(o->name, o->path))
		fprintf(out, "\t%s\n", o->rtld ? p->target.interp : o->path);
	else
		fprintf(out, "\t%s => %s\n", o->name, o->path);
}

/*
 * rtld.c takes the loader out of the link map and puts it back after its
 * predecessor in the search list, which holds no missing ("faked")
 * objects: so it prints right after the last found object before it.
 */
static void list_glibc(FILE *out, const ls_deps_result *r)
{
	const ls_process *p = r->p;
	int64_t after = -1;	/* global position the loader follows */
	uint32_t rtld = 0;
	bool show_rtld = ls_process_lists_rtld(p);

	if (ls_process_loads_nothing(p)) {
		fputs("\tstatically linked\n", out);
		return;
	}
	for (uint32_t k = 0; k < p->nglobal; k++) {
		const ls_ldobj *o = &p->objs[p->global[k]];

		if (o->rtld) {
			rtld = p->global[k];
			break;
		}
		if (o->dso && listed(p, p->global[k]))
			after = k;
	}
	if (show_rtld && after < 0)
		glibc_line(out, p, &p->objs[rtld]);
	for (uint32_t k = 0; k < p->nglobal; k++) {
		uint32_t i = p->global[k];

		if (listed(p, i) && !p->objs[i].rtld)
			glibc_line(out, p, &p->objs[i]);
		if (show_rtld && (int64_t)k == after)
			glibc_line(out, p, &p->objs[rtld]);
	}
}

static void list_musl(FILE *out, FILE *err, const ls_deps_result *r)
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

static void versions(FILE *err, const ls_deps_result *r)
{
	const ls_vercheck *v = r->ver;

	for (uint32_t i = 0; v && i < v->nissues; i++) {
		const ls_verissue *x = &v->issues[i];
		char msg[512];

		ls_verissue_message(r->p, x, msg, sizeof msg);
		fprintf(err, "%s: %s\n", r->p->program, msg);
	}
}

/*
 * glibc's _dl_sort_maps_dfs over the search list (found objects in load
 * order): a depth-first walk of each object's DT_NEEDED from the last
 * object back to the first, each finished object pushed to the front of
 * the result, the program forced first.  The loader relocates in reverse
 * of this order, so ldd -r reports dependencies before their users.
 */
static void dfs(const ls_process *p, uint32_t i, uint8_t *seen, uint32_t *rpo,
		uint32_t *head, uint32_t depth)
{
	const ls_ldobj *o = &p->objs[i];

	if (seen[i] || !o->dso || depth > 4096)
		return;
	seen[i] = 1;
	for (uint32_t k = 0; o->deps && k < o->dso->nneeded; k++) {
		int32_t d = o->deps[k];

		if (d > 0 && !seen[d])
			dfs(p, (uint32_t)d, seen, rpo, head, depth + 1);
	}
	rpo[--*head] = i;
}

static uint32_t reloc_order(const ls_process *p, uint32_t *order)
{
	uint8_t *seen = calloc(p->nobjs, 1);
	uint32_t n = 0, head;

	if (!seen)
		return 0;
	for (uint32_t k = 0; k < p->nglobal; k++) {
		const ls_ldobj *o = &p->objs[p->global[k]];

		if (o->dso && !o->dlopened)
			n++;
	}
	head = n;
	seen[0] = 0;
	for (uint32_t k = p->nglobal; k-- > 0 && head > 0;) {
		uint32_t i = p->global[k];

		if (!p->objs[i].dlopened && i != 0)
			dfs(p, i, seen, order, &head, 0);
	}
	dfs(p, 0, seen, order, &head, 0);
	free(seen);
	/* Whatever the walk did not reach stays out; the program is first. */
	return n - head ? (memmove(order, order + head, (n - head) * sizeof *order),
			   n - head) : 0;
}

static bool loaded_name(const ls_process *p, const char *file)
{
	for (uint32_t i = 0; file && i < p->nobjs; i++) {
		const ls_ldobj *o = &p->objs[i];

		if (o->dso && ((o->name && !strcmp(o->name, file)) ||
			       (o->dso->soname && !strcmp(o->dso->soname, file))))
			return true;
	}
	return false;
}

/*
 * Does the trace know this reference's version?  _dl_check_map_versions
 * sizes an object's version table from its Verdefs and the Vernaux
 * entries of libraries that were found; a version of a missing library
 * beyond that size is unknown, and its symbols print without it.
 */
static bool version_known(const ls_process *p, const ls_unresolved *u)
{
	const ls_object *o = &p->objs[u->obj].dso->obj;
	uint32_t high = 0, idx = 0;

	if (!u->version)
		return false;
	for (uint32_t i = 0; i < o->nversions; i++) {
		const ls_version *v = &o->versions[i];

		if (v->defined || loaded_name(p, v->file)) {
			if (v->index > high)
				high = v->index;
		} else if (v->name && !strcmp(v->name, u->version) &&
			   v->file && u->version_file &&
			   !strcmp(v->file, u->version_file)) {
			idx = v->index;
		}
	}
	return idx == 0 || idx <= high;
}

/* ldd -r's lines, in the loader's relocation order: one per failed
 * lookup (bind.h's reports), as glibc prints one per lookup. */
static void unresolved(FILE *out, FILE *err, const ls_deps_result *r)
{
	const ls_bind_result *b = r->bind;
	const ls_process *p = r->p;
	uint32_t *order, n;

	if (!b || !r->bind_run || !(order = malloc(p->nobjs * sizeof *order)))
		return;
	n = reloc_order(p, order);
	for (uint32_t k = n; k-- > 0;) {
		bool stop = b->assert_fail && order[k] == b->assert_obj;

		for (uint32_t e = 0; e < b->nreports; e++) {
			const ls_unresolved *u = &b->unres[b->reports[e]];
			bool v = version_known(p, u);

			if (u->obj != order[k] || u->weak ||
			    (stop && e >= b->assert_report))
				continue;
			fprintf(out, "undefined symbol: %s%s%s\t(%s)\n", u->symbol,
				v ? ", version " : "", v ? u->version : "",
				u->obj == 0 ? p->program : p->objs[u->obj].path);
		}
		if (stop) {
			/* ld.so dies in check_match (glibc 2.36's
			 * elf/dl-lookup.c line 107) and relocates no more. */
			fputs("Inconsistency detected by ld.so: dl-lookup.c: 107: "
			      "check_match: Assertion `version->filename == NULL || "
			      "! _dl_name_match_p (version->filename, map)' failed!\n",
			      err);
			break;
		}
	}
	free(order);
}

void ls_deps_list(FILE *out, FILE *err, const ls_deps_result *r)
{
	const ls_process *p = r->p;

	if (p->is_static) {
		fputs("\tnot a dynamic executable\n", out);
		return;
	}
	if (ls_process_loads_nothing(p) && p->target.loader == LS_LOADER_GLIBC) {
		/* The loader still relocates it: -r says what it misses. */
		fputs("\tstatically linked\n", out);
		unresolved(out, err, r);
		return;
	}
	if (p->target.loader == LS_LOADER_MUSL) {
		list_musl(out, err, r);
		return;
	}
	/* The loader stops at the first fatal error (a file that is not
	 * ELF, of the wrong byte order ...): its trace is only that line. */
	if (p->trace_stops) {
		fprintf(err, "%s: error while loading shared libraries: %s\n",
			p->program, p->trace_error);
		return;
	}
	versions(err, r);
	list_glibc(out, r);
	unresolved(out, err, r);
}
