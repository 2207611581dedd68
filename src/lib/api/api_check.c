/*
 * api_check.c - linkscope_check_run: the check pipeline (ls_check_run,
 * pipeline/check.c: the audit judged against a policy) on every object of
 * an input, with the facts copied out under the names the JSON document
 * uses (report/check_json.c).
 *
 * The objects are walked here (ls_input_walk_mapped) rather than by
 * ls_check_file, which opens a path: a memory input has none.
 */
#include "api_impl.h"
#include "../core/array.h"
#include "../core/strvec.h"
#include "../pipeline/check.h"
#include "../readers/input.h"

#include <stdlib.h>
#include <string.h>

/* The string facts, in this order in api_obj.facts. */
static const char *const fact_names[] = {
	"kind", "machine", "interp", "soname", "rpath", "runpath", "relro",
	"libc", "glibc_floor",
};
#define NFACTS (sizeof fact_names / sizeof fact_names[0])

static const char *const flag_names[] = {
	"static", "pie", "nx", "canary", "bindnow", "textrel", "stripped",
	"ibt", "shstk", "go",
};
#define NFLAGS (sizeof flag_names / sizeof flag_names[0])

typedef struct api_obj {
	char *member;
	char *facts[NFACTS];
	bool flags[NFLAGS];
	ls_strvec needed;
	ls_strvec fail_req, fail_why;	/* parallel */
	/* Parallel too: the next step ("" where none applies). */
	ls_strvec fail_symptom, fail_fix_c, fail_fix_go;
} api_obj;

struct linkscope_check {
	api_obj *v;
	size_t n, cap;
	api_errlist errors;
	size_t nfailed;
};

struct check_ctx {
	linkscope_check *r;
	ls_check_opts opts;
	bool oom;
};

static const char *glibc_floor(const ls_audit *a)
{
	for (uint32_t i = 0; i < a->nfloors; i++)
		if (!strcmp(a->floors[i].family, "GLIBC"))
			return a->floors[i].name + strlen("GLIBC_");
	return NULL;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int copy_facts(api_obj *o, const ls_audit *a, const char *member)
{
	const char *facts[NFACTS] = {
		ls_art_kind_name(a->kind), ls_machine_name(a->machine),
		a->load.interp, a->load.dyn.soname, a->load.dyn.rpath, a->load.dyn.runpath,
		ls_relro_name(a->relro), ls_libc_name(a->libc), glibc_floor(a),
	};
	const bool flags[NFLAGS] = {
		a->is_static, a->pie, a->nx, a->canary, a->load.dyn.bind_now, a->load.dyn.textrel,
		a->stripped, a->ibt, a->shstk, a->go.is_go,
	};

	memcpy(o->flags, flags, sizeof flags);
	if (api_strdup(&o->member, member) < 0)
		return -1;
	for (size_t i = 0; i < NFACTS; i++)
		if (api_strdup(&o->facts[i], facts[i]) < 0)
			return -1;
	for (uint32_t i = 0; i < a->load.dyn.nneeded; i++)
		if (ls_strvec_add(&o->needed, a->load.dyn.needed[i]) < 0)
			return -1;
	for (uint32_t i = 0; i < a->nfailures; i++)
		if (ls_strvec_add(&o->fail_req, a->failures[i].requirement) < 0 ||
		    ls_strvec_add(&o->fail_why, a->failures[i].reason) < 0 ||
		    ls_strvec_add(&o->fail_symptom, or_empty(a->failures[i].symptom)) < 0 ||
		    ls_strvec_add(&o->fail_fix_c, or_empty(a->failures[i].fix_c)) < 0 ||
		    ls_strvec_add(&o->fail_fix_go, or_empty(a->failures[i].fix_go)) < 0)
			return -1;
	return 0;
}

static void on_object(void *ctx, const char *path, const char *member,
		      const ls_object *obj)
{
	struct check_ctx *c = ctx;
	ls_check_result res;
	ls_diag d = { 0 };
	api_obj *o;

	if (c->oom)
		return;
	if (ls_check_run(&c->opts, obj, path, member, &res, &d) < 0) {
		if (api_errlist_add(&c->r->errors, path, member, &d) < 0)
			c->oom = true;
		ls_check_result_free(&res);
		return;
	}
	if (!res.ok)
		c->r->nfailed++;
	o = ls_array_push_zero(&c->r->v, &c->r->n, &c->r->cap, sizeof *o);
	if (!o || copy_facts(o, &res.audit, member) < 0)
		c->oom = true;
	ls_check_result_free(&res);
}

static void on_error(void *ctx, const char *path, const char *member,
		     const ls_diag *d)
{
	struct check_ctx *c = ctx;

	if (d->warning || c->oom)
		return;
	if (api_errlist_add(&c->r->errors, path, member, d) < 0)
		c->oom = true;
}

LINKSCOPE_API linkscope_status linkscope_check_run(linkscope_input *in,
		const char *require, linkscope_check **out,
		linkscope_error **err)
{
	ls_policy policy = { 0 };
	struct check_ctx c = { .opts = { .policy = &policy } };
	ls_input_visitor v = { .object = on_object, .error = on_error,
			       .ctx = &c };
	char why[200];

	if (!in || !out)
		return api_failf(err, LINKSCOPE_ERR_USAGE, NULL,
				 "linkscope_check_run: NULL argument");
	*out = NULL;
	if (require && ls_policy_parse(&policy, require, why, sizeof why) < 0)
		return api_failf(err, LINKSCOPE_ERR_USAGE, NULL, "%s", why);
	c.r = calloc(1, sizeof *c.r);
	if (!c.r)
		return api_failf(err, LINKSCOPE_ERR_NOMEM, in->name, "out of memory");
	ls_input_walk_mapped(in->name, &in->mf, &v);
	if (c.oom) {
		linkscope_check_free(c.r);
		return api_failf(err, LINKSCOPE_ERR_NOMEM, in->name, "out of memory");
	}
	*out = c.r;
	return LINKSCOPE_OK;
}

LINKSCOPE_API void linkscope_check_free(linkscope_check *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		api_obj *o = &r->v[i];

		free(o->member);
		for (size_t k = 0; k < NFACTS; k++)
			free(o->facts[k]);
		ls_strvec_free(&o->needed);
		ls_strvec_free(&o->fail_req);
		ls_strvec_free(&o->fail_why);
		ls_strvec_free(&o->fail_symptom);
		ls_strvec_free(&o->fail_fix_c);
		ls_strvec_free(&o->fail_fix_go);
	}
	free(r->v);
	api_errlist_free(&r->errors);
	free(r);
}

static const api_obj *obj_at(const linkscope_check *r, size_t i)
{
	return r && i < r->n ? &r->v[i] : NULL;
}

LINKSCOPE_API size_t linkscope_check_count(const linkscope_check *r)
{
	return r ? r->n : 0;
}

LINKSCOPE_API const char *linkscope_check_member(const linkscope_check *r,
						 size_t i)
{
	const api_obj *o = obj_at(r, i);
	return o ? o->member : NULL;
}

LINKSCOPE_API const char *linkscope_check_fact(const linkscope_check *r,
		size_t i, const char *fact)
{
	const api_obj *o = obj_at(r, i);

	for (size_t k = 0; o && fact && k < NFACTS; k++)
		if (!strcmp(fact, fact_names[k]))
			return o->facts[k];
	return NULL;
}

LINKSCOPE_API int linkscope_check_flag(const linkscope_check *r, size_t i,
				       const char *flag)
{
	const api_obj *o = obj_at(r, i);

	for (size_t k = 0; o && flag && k < NFLAGS; k++)
		if (!strcmp(flag, flag_names[k]))
			return o->flags[k];
	return -1;
}

LINKSCOPE_API size_t linkscope_check_needed_count(const linkscope_check *r,
						  size_t i)
{
	const api_obj *o = obj_at(r, i);
	return o ? o->needed.n : 0;
}

LINKSCOPE_API const char *linkscope_check_needed(const linkscope_check *r,
						 size_t i, size_t k)
{
	const api_obj *o = obj_at(r, i);
	return o && k < o->needed.n ? o->needed.v[k] : NULL;
}

LINKSCOPE_API size_t linkscope_check_failure_count(const linkscope_check *r,
						   size_t i)
{
	const api_obj *o = obj_at(r, i);
	return o ? o->fail_req.n : 0;
}

LINKSCOPE_API const char *linkscope_check_failure_requirement(
		const linkscope_check *r, size_t i, size_t k)
{
	const api_obj *o = obj_at(r, i);
	return o && k < o->fail_req.n ? o->fail_req.v[k] : NULL;
}

LINKSCOPE_API const char *linkscope_check_failure_reason(
		const linkscope_check *r, size_t i, size_t k)
{
	const api_obj *o = obj_at(r, i);
	return o && k < o->fail_why.n ? o->fail_why.v[k] : NULL;
}

/* A stored "" is "none applies". */
static const char *nonempty(const ls_strvec *v, size_t k)
{
	return k < v->n && v->v[k][0] ? v->v[k] : NULL;
}

LINKSCOPE_API const char *linkscope_check_failure_symptom(
		const linkscope_check *r, size_t i, size_t k)
{
	const api_obj *o = obj_at(r, i);
	return o ? nonempty(&o->fail_symptom, k) : NULL;
}

LINKSCOPE_API const char *linkscope_check_failure_fix(
		const linkscope_check *r, size_t i, size_t k, const char *lang)
{
	const api_obj *o = obj_at(r, i);

	if (!o || !lang)
		return NULL;
	if (!strcmp(lang, "c"))
		return nonempty(&o->fail_fix_c, k);
	if (!strcmp(lang, "go"))
		return nonempty(&o->fail_fix_go, k);
	return NULL;
}

LINKSCOPE_API int linkscope_check_ok(const linkscope_check *r)
{
	return r && r->nfailed == 0 && r->errors.n == 0;
}

LINKSCOPE_API size_t linkscope_check_error_count(const linkscope_check *r)
{
	return r ? r->errors.n : 0;
}

LINKSCOPE_API const linkscope_error *linkscope_check_error(
		const linkscope_check *r, size_t i)
{
	return r && i < r->errors.n ? r->errors.v[i] : NULL;
}
