/*
 * api_deps.c - linkscope_deps_run: the deps pipeline (ls_deps_run,
 * pipeline/deps.c: load, versions, binding and the real loader's
 * verdict) with the default settings of `linkscope deps` (no -r, no
 * --interposition), and the loaded objects copied out.
 */
#include "api_impl.h"
#include "../core/array.h"
#include "../pipeline/deps.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct api_dep {
	char *name, *path;
	ls_how how;
} api_dep;

struct linkscope_deps {
	api_dep *v;
	size_t n, cap;
	size_t nmissing;
	bool is_static;
	bool failed;
	char reason[LS_DEPS_REASON_MAX];
};

/* The first input the pipeline could not read (the program, a version
 * or relocation table) fails the call, as it makes the command exit 2. */
static linkscope_status first_error(linkscope_error **err,
				    const ls_deps_result *res,
				    linkscope_status code)
{
	for (size_t i = 0; i < res->errors.n; i++) {
		const ls_input_error *e = &res->errors.v[i];

		if (!e->diag.warning)
			return api_fail(err, code, e->path, e->member, &e->diag);
	}
	return api_failf(err, code, NULL, "unreadable input");
}

static int copy_result(linkscope_deps *r, const ls_deps_result *res)
{
	const ls_process *p = res->p;

	r->failed = res->failed;
	snprintf(r->reason, sizeof r->reason, "%s", res->reason);
	r->is_static = p->is_static;
	for (uint32_t i = 0; i < p->nobjs; i++) {
		const ls_ldobj *o = &p->objs[i];
		api_dep *x = ls_array_push_zero(&r->v, &r->n, &r->cap, sizeof *x);

		if (!x || api_strdup(&x->name, o->name) < 0 ||
		    api_strdup(&x->path, o->path) < 0)
			return -1;
		x->how = o->how;
		if (!o->dso)
			r->nmissing++;
	}
	return 0;
}

LINKSCOPE_API linkscope_status linkscope_deps_run(const char *program,
		const char *root, linkscope_deps **out, linkscope_error **err)
{
	ls_deps_opts opts = { .cfg = { .loader = -1 } };
	char rootbuf[PATH_MAX];
	ls_dsocache *cache;
	ls_deps_result res;
	ls_diag d = { 0 };
	linkscope_deps *r;
	linkscope_status st = LINKSCOPE_OK;

	if (!out || !program)
		return api_failf(err, LINKSCOPE_ERR_USAGE, program,
				 "linkscope_deps_run: NULL argument");
	*out = NULL;
	if (root) {
		/* As deps --root: the canonical directory, "/" for none. */
		if (!realpath(root, rootbuf))
			return api_failf(err, LINKSCOPE_ERR_USAGE, root,
					 "root cannot be resolved");
		opts.cfg.root = strcmp(rootbuf, "/") ? rootbuf : NULL;
	}
	r = calloc(1, sizeof *r);
	cache = ls_dsocache_new();
	if (!r || !cache) {
		free(r);
		ls_dsocache_free(cache);
		return api_failf(err, LINKSCOPE_ERR_NOMEM, program, "out of memory");
	}
	if (ls_deps_run(&opts, cache, program, &res, &d) < 0)
		st = api_fail(err, LINKSCOPE_ERR_NOMEM, program, NULL, &d);
	else if (!res.loaded)
		st = first_error(err, &res, LINKSCOPE_ERR_IO);
	else if (res.errors.nerrors)
		st = first_error(err, &res, LINKSCOPE_ERR_FORMAT);
	else if (copy_result(r, &res) < 0)
		st = api_failf(err, LINKSCOPE_ERR_NOMEM, program, "out of memory");
	ls_deps_result_free(&res);
	ls_dsocache_free(cache);
	if (st != LINKSCOPE_OK) {
		linkscope_deps_free(r);
		return st;
	}
	*out = r;
	return LINKSCOPE_OK;
}

LINKSCOPE_API void linkscope_deps_free(linkscope_deps *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].path);
	}
	free(r->v);
	free(r);
}

static const api_dep *dep_at(const linkscope_deps *r, size_t i)
{
	return r && i < r->n ? &r->v[i] : NULL;
}

LINKSCOPE_API size_t linkscope_deps_count(const linkscope_deps *r)
{
	return r ? r->n : 0;
}

LINKSCOPE_API const char *linkscope_deps_name(const linkscope_deps *r,
					      size_t i)
{
	const api_dep *x = dep_at(r, i);
	return x ? x->name : NULL;
}

LINKSCOPE_API const char *linkscope_deps_path(const linkscope_deps *r,
					      size_t i)
{
	const api_dep *x = dep_at(r, i);
	return x ? x->path : NULL;
}

LINKSCOPE_API const char *linkscope_deps_how(const linkscope_deps *r,
					     size_t i)
{
	const api_dep *x = dep_at(r, i);
	return x ? ls_how_name(x->how) : NULL;
}

LINKSCOPE_API size_t linkscope_deps_missing_count(const linkscope_deps *r)
{
	return r ? r->nmissing : 0;
}

LINKSCOPE_API int linkscope_deps_static(const linkscope_deps *r)
{
	return r && r->is_static;
}

LINKSCOPE_API int linkscope_deps_ok(const linkscope_deps *r)
{
	return r && !r->failed;
}

LINKSCOPE_API const char *linkscope_deps_reason(const linkscope_deps *r)
{
	return r && r->failed ? r->reason : NULL;
}
