/*
 * api_deps.c - linkscope_deps_run: the process `linkscope deps` shows
 * (analysis/loader.c), its version check (verneed_check.c), glibc's
 * binding pass (bind.c) and the loader's verdict (ls_deps_verdict),
 * with the loaded objects copied out.
 *
 * The steps are those of cmd_deps.c:report() for the default tree output
 * (no -r, no --interposition, no --dlopen).
 */
#include "api_impl.h"
#include "../analysis/bind.h"
#include "../analysis/loader.h"
#include "../analysis/verneed_check.h"
#include "../core/array.h"
#include "../report/deps_report.h"

#include <limits.h>
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
	char reason[512];
};

static int copy_process(linkscope_deps *r, const ls_process *p)
{
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

/* Versions and binding, then the verdict, as the tree output judges. */
static int judge(linkscope_deps *r, const ls_process *p, ls_diag *d)
{
	ls_vercheck ver = { 0 };
	ls_bind_result bind = { 0 };
	ls_bind_opts bo = { .dlopen_now = true };
	ls_deps_report rep = { .p = p };
	int rc = 0;

	if (!p->is_static) {
		if (ls_verneed_check(p, &ver, d) < 0)
			rc = -1;
		else
			rep.ver = &ver;
	}
	if (rc == 0 && !p->is_static && !p->fatal &&
	    p->target.loader == LS_LOADER_GLIBC &&
	    ls_bind_run(p, &bo, &bind, d) == 0)
		rep.bind = &bind;
	if (rc == 0)
		r->failed = ls_deps_verdict(&rep, r->reason, sizeof r->reason);
	ls_bind_free(&bind);
	ls_vercheck_free(&ver);
	return rc;
}

LINKSCOPE_API linkscope_status linkscope_deps_run(const char *program,
		const char *root, linkscope_deps **out, linkscope_error **err)
{
	ls_ldconfig cfg = { .loader = -1 };
	char rootbuf[PATH_MAX];
	ls_dsocache *cache;
	ls_process p;
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
		cfg.root = strcmp(rootbuf, "/") ? rootbuf : NULL;
	}
	r = calloc(1, sizeof *r);
	cache = ls_dsocache_new();
	if (!r || !cache) {
		free(r);
		ls_dsocache_free(cache);
		return api_failf(err, LINKSCOPE_ERR_NOMEM, program, "out of memory");
	}
	if (ls_process_load(&p, &cfg, cache, program, &d) < 0)
		st = api_fail(err, LINKSCOPE_ERR_IO, program, NULL, &d);
	else if (judge(r, &p, &d) < 0)
		st = api_fail(err, LINKSCOPE_ERR_FORMAT, program, NULL, &d);
	else if (copy_process(r, &p) < 0)
		st = api_failf(err, LINKSCOPE_ERR_NOMEM, program, "out of memory");
	ls_process_free(&p);
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
