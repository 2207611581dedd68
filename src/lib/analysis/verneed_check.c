/*
 * verneed_check.c - glibc's _dl_check_map_versions for every loaded
 * object; see verneed_check.h.
 *
 * The object model keeps Verdef and Vernaux entries flattened (sorted by
 * index, each Vernaux with its vn_file), which is what the check needs.
 * glibc compares vd_hash == vna_hash and the names; the hashes are the
 * names' ELF hashes, so comparing names decides the same for every file a
 * linker wrote (a file whose stored hash contradicts its name is judged
 * by its name).
 */
#include "verneed_check.h"
#include "../core/array.h"
#include "symhash.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DT_RELR
#define DT_RELR 36
#endif

struct vc {
	ls_vercheck *r;
	ls_diag *d;
	size_t capissues, capsyms;
};

static bool usable(const ls_ldobj *lo)
{
	return lo->dso && !lo->dso->err && !lo->dso->malformed;
}

/* find_needed: the first loaded object known by this name. */
static int32_t find_needed(const ls_process *p, const char *name)
{
	for (uint32_t k = 0; k < p->nobjs; k++) {
		const ls_ldobj *lo = &p->objs[k];
		if ((lo->name && !strcmp(lo->name, name)) ||
		    (lo->path && !strcmp(lo->path, name)) ||
		    (lo->dso && lo->dso->load.dyn.soname && !strcmp(lo->dso->load.dyn.soname, name)))
			return (int32_t)k;
	}
	return -1;
}

static bool defines(const ls_object *o, const char *version)
{
	for (uint32_t i = 0; i < o->nversions; i++)
		if (o->versions[i].defined && o->versions[i].name &&
		    !strcmp(o->versions[i].name, version))
			return true;
	return false;
}

static ls_verissue *add_issue(struct vc *c, uint32_t obj)
{
	ls_vercheck *r = c->r;

	if (ls_array_reserve(&r->issues, &c->capissues, (size_t)r->nissues + 1,
			     sizeof *r->issues) < 0) {
		ls_oom(c->d);
		return NULL;
	}
	ls_verissue *v = &r->issues[r->nissues++];
	memset(v, 0, sizeof *v);
	v->obj = obj;
	v->definer = -1;
	v->first_sym = r->nsyms;
	return v;
}

/* The requirer's dynamic symbols using version index idx. */
static int add_syms(struct vc *c, const ls_object *o, uint16_t idx,
		    ls_verissue *v)
{
	ls_vercheck *r = c->r;
	uint16_t vs;

	v->first_sym = r->nsyms;
	for (uint64_t i = 1; i < ls_versym_count(o) && i < o->dynsym.count; i++) {
		if (!ls_versym_get(o, i, &vs) ||
		    (vs & 0x7fff) != idx)
			continue;
		if (ls_array_reserve(&r->syms, &c->capsyms, (size_t)r->nsyms + 1,
				     sizeof *r->syms) < 0)
			return ls_oom(c->d);
		r->syms[r->nsyms++] = (uint32_t)i;
	}
	v->nsyms = r->nsyms - v->first_sym;
	return 0;
}

/* glibc 2.36: DT_RELR needs the GLIBC_ABI_DT_RELR requirement when the
 * object has Verneed entries and needs libc.so.*. */
static bool relr_unmarked(const ls_ldobj *lo)
{
	const ls_object *o = &lo->dso->obj;
	bool relr = false, libc = false;
	int64_t tag;
	uint64_t val;
	ls_dyntab dt;

	if (!o->has_verneed)
		return false;
	for (uint32_t i = 0; i < o->nversions; i++)
		if (!o->versions[i].defined && o->versions[i].name &&
		    !strcmp(o->versions[i].name, "GLIBC_ABI_DT_RELR"))
			return false;
	for (uint32_t i = 0; i < lo->dso->load.dyn.nneeded; i++)
		libc |= !strncmp(lo->dso->load.dyn.needed[i], "libc.so.", 8);
	if (!libc || !ls_dyntab_open(o, &dt, NULL))
		return false;
	for (uint64_t i = 0; i < dt.n && !relr; i++) {
		ls_dyntab_get(&dt, i, &tag, &val);
		if (tag == DT_NULL)
			break;
		relr = tag == DT_RELR;
	}
	return relr;
}

static int by_seq(const void *a, const void *b)
{
	uint32_t x = (*(const ls_version *const *)a)->seq;
	uint32_t y = (*(const ls_version *const *)b)->seq;

	return x < y ? -1 : x > y;
}

/* The Vernaux entries in the order _dl_check_map_versions walks them (the
 * Verneed chain, each one's Vernaux chain), NULL-terminated: the first
 * missing version the loader names is the first in the file, not the
 * lowest index. */
static const ls_version **file_order(const ls_object *o)
{
	const ls_version **v = calloc(o->nversions + 1, sizeof *v);
	uint32_t n = 0;

	if (!v)
		return NULL;
	for (uint32_t i = 0; i < o->nversions; i++)
		if (!o->versions[i].defined)
			v[n++] = &o->versions[i];
	qsort(v, n, sizeof *v, by_seq);
	return v;
}

int ls_verneed_check(const ls_process *p, ls_vercheck *r, ls_diag *d)
{
	struct vc c = { r, d, 0, 0 };
	bool relr_check = p->target.glibc_minor == 0 || p->target.glibc_minor >= 36;

	memset(r, 0, sizeof *r);
	if (p->target.loader == LS_LOADER_MUSL || p->is_static)
		return 0;
	for (uint32_t k = 0; k < p->nobjs; k++) {
		const ls_ldobj *lo = &p->objs[k];
		if (!usable(lo))
			continue;
		const ls_object *o = &lo->dso->obj;
		const ls_version **need = file_order(o);

		if (o->nversions && !need)
			return ls_oom(d);
		for (uint32_t i = 0; i < o->nversions && need[i]; i++) {
			const ls_version *vn = need[i];
			if (vn->defined || !vn->file || !vn->name)
				continue;
			int32_t def = find_needed(p, vn->file);
			if (def < 0 || !usable(&p->objs[def]))
				continue;	/* the load failed already */
			const ls_object *dobj = &p->objs[def].dso->obj;
			bool no_verdef = !dobj->has_verdef;
			if (!no_verdef && defines(dobj, vn->name))
				continue;
			ls_verissue *v = add_issue(&c, k);
			if (!v) {
				free(need);
				return -1;
			}
			v->definer = def;
			v->file = vn->file;
			v->version = vn->name;
			v->no_verdef = no_verdef;
			v->weak = !no_verdef && (vn->flags & VER_FLG_WEAK);
			if (!no_verdef && !v->weak)
				r->fatal = true;
			if (add_syms(&c, o, vn->index, v) < 0) {
				free(need);
				return -1;
			}
		}
		free(need);
		if (relr_check && relr_unmarked(lo)) {
			ls_verissue *v = add_issue(&c, k);
			if (!v)
				return -1;
			v->relr = true;
			v->version = "GLIBC_ABI_DT_RELR";
			r->fatal = true;
		}
	}
	return 0;
}

void ls_vercheck_free(ls_vercheck *r)
{
	free(r->issues);
	free(r->syms);
	memset(r, 0, sizeof *r);
}

static const char *obj_name(const ls_process *p, uint32_t k)
{
	const ls_ldobj *lo = &p->objs[k];

	if (k == 0 && p->program)
		return p->program;
	return lo->path ? lo->path : lo->name ? lo->name : "";
}

int ls_verissue_message(const ls_process *p, const ls_verissue *v, char *buf,
			size_t n)
{
	const char *req = obj_name(p, v->obj);
	const char *path = v->definer >= 0 ? obj_name(p, (uint32_t)v->definer) : "";

	if (v->relr)
		return snprintf(buf, n, "%s: DT_RELR without GLIBC_ABI_DT_RELR dependency", req);
	if (v->no_verdef)
		return snprintf(buf, n, "%s: no version information available (required by %s)",
				path, req);
	return snprintf(buf, n, "%s: %sversion `%s' not found (required by %s)",
			path, v->weak ? "weak " : "", v->version, req);
}
