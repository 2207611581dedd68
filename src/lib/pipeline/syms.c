/*
 * syms.c - the `syms` pipeline (see syms.h): ls_symlist_build for one
 * object, and an archive's symbol index resolved to member names as
 * binutils' nm.c (print_symdef_entry) lists it for -s.
 */
#include "syms.h"
#include "../core/array.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ls_syms_run(const ls_syms_opts *o, const ls_object *obj,
		ls_syms_result *r, ls_diag *d)
{
	int st;

	memset(r, 0, sizeof *r);
	r->obj = obj;
	st = ls_symlist_build(obj, &o->sel, &r->list, d);
	if (st < 0)
		return -1;
	r->no_symbols = st == LS_SYMLIST_NOSYMS;
	return 0;
}

void ls_syms_result_free(ls_syms_result *r)
{
	if (r->obj)
		ls_symlist_free(&r->list);
	r->obj = NULL;
}

/* The name nm prints for the member at m: for a thin archive the path of
 * the file it names (relative to the archive), else its own name. */
static char *member_name(const ls_archive *ar, const char *path,
			 const ls_member *m)
{
	char buf[PATH_MAX];

	if (!ar->thin ||
	    ls_archive_thin_path(path, m, buf, sizeof buf) < 0)
		snprintf(buf, sizeof buf, "%.*s", (int)m->name_len, m->name);
	return strdup(buf);
}

int ls_armap_run(const ls_archive *ar, const char *path, ls_armap_result *r,
		 ls_diag *d)
{
	ls_symidx_iter it;
	const char *name;
	uint64_t off;

	memset(r, 0, sizeof *r);
	ls_archive_symiter_init(ar, &it);
	while (ls_archive_symiter_next(ar, &it, &name, &off) == 1) {
		ls_armap_entry e = { .symbol = name };
		ls_member m;

		if (ls_archive_member_at(ar, off, &m, &r->error) < 0 ||
		    m.special) {
			ls_fail(&r->error, off, "archive symbol index entry for "
				"'%s' does not point to a member header", name);
			r->broken = true;
			return 0;
		}
		if (!(e.member = member_name(ar, path, &m)) ||
		    LS_ARRAY_PUSH(r->v, r->n, r->cap, e) < 0) {
			free(e.member);
			return ls_oom(d);
		}
	}
	return 0;
}

void ls_armap_result_free(ls_armap_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].member);
	free(r->v);
	memset(r, 0, sizeof *r);
}
