/*
 * api_syms.c - linkscope_syms_run: the syms pipeline (ls_syms_run,
 * pipeline/syms.c: the symbols chosen and ordered as nm does) on every
 * object of an input, with nm's version suffix (ls_symbol_version, as
 * report/nm_text.c prints it).
 */
#include "api_impl.h"
#include "../analysis/symclass.h"
#include "../core/array.h"
#include "../core/strvec.h"
#include "../pipeline/syms.h"
#include "../readers/input.h"

#include <stdlib.h>
#include <string.h>

typedef struct api_sym {
	char *name;
	char *version;		/* NULL when none */
	uint64_t value, size;
	int32_t member;		/* index in members, -1 for a plain object */
	char letter;
	bool dflt;		/* "@@" */
} api_sym;

struct linkscope_syms {
	api_sym *v;
	size_t n, cap;
	ls_strvec members;
	api_errlist errors;
};

struct syms_ctx {
	linkscope_syms *r;
	ls_syms_opts opts;
	bool oom;
};

static int add_sym(struct syms_ctx *c, const ls_object *obj,
		   const ls_symlist *l, const ls_symentry *e, int32_t member)
{
	api_sym *s = ls_array_push_zero(&c->r->v, &c->r->n, &c->r->cap,
					sizeof *s);
	ls_symbol sym;
	ls_symclass cls;
	const char *at = "";
	const char *ver = NULL;

	if (!s)
		return -1;
	s->value = e->value;
	s->size = e->size;
	s->letter = e->letter;
	s->member = member;
	if (l->tab == &obj->dynsym &&
	    ls_symbol_get(obj, l->tab, e->index, &sym, NULL) == 0) {
		ls_symclass_of(obj, &sym, &cls);
		ver = ls_symbol_version(obj, &sym, &cls, &at);
		if (ver && !*ver)
			ver = NULL;
	}
	s->dflt = ver && !strcmp(at, "@@");
	return api_strdup(&s->name, e->name) < 0 ||
	       api_strdup(&s->version, ver) < 0 ? -1 : 0;
}

static void on_object(void *ctx, const char *path, const char *member,
		      const ls_object *obj)
{
	struct syms_ctx *c = ctx;
	ls_syms_result res;
	ls_diag d = { 0 };
	int32_t mi = -1;

	if (c->oom)
		return;
	if (ls_syms_run(&c->opts, obj, &res, &d) < 0) {
		if (api_errlist_add(&c->r->errors, path, member, &d) < 0)
			c->oom = true;
		ls_syms_result_free(&res);
		return;
	}
	if (member) {
		if (ls_strvec_add(&c->r->members, member) < 0) {
			c->oom = true;
			ls_syms_result_free(&res);
			return;
		}
		mi = (int32_t)(c->r->members.n - 1);
	}
	for (size_t i = 0; i < res.list.n && !c->oom; i++)
		if (add_sym(c, obj, &res.list, &res.list.v[i], mi) < 0)
			c->oom = true;
	ls_syms_result_free(&res);
}

static void on_error(void *ctx, const char *path, const char *member,
		     const ls_diag *d)
{
	struct syms_ctx *c = ctx;

	/* A member that is not an object is skipped, as nm does. */
	if (d->warning || c->oom)
		return;
	if (api_errlist_add(&c->r->errors, path, member, d) < 0)
		c->oom = true;
}

static void opts_from_flags(unsigned f, ls_symopts *o)
{
	memset(o, 0, sizeof *o);
	o->dynamic = f & LINKSCOPE_SYMS_DYNAMIC;
	o->debug_syms = f & LINKSCOPE_SYMS_DEBUG;
	o->external_only = f & LINKSCOPE_SYMS_EXTERN_ONLY;
	o->undefined_only = f & LINKSCOPE_SYMS_UNDEFINED_ONLY;
	o->defined_only = f & LINKSCOPE_SYMS_DEFINED_ONLY;
	o->numeric_sort = f & LINKSCOPE_SYMS_NUMERIC_SORT;
	o->no_sort = f & LINKSCOPE_SYMS_NO_SORT;
	o->reverse = f & LINKSCOPE_SYMS_REVERSE;
	o->special_syms = f & LINKSCOPE_SYMS_SPECIAL;
}

LINKSCOPE_API linkscope_status linkscope_syms_run(linkscope_input *in,
		unsigned flags, linkscope_syms **out, linkscope_error **err)
{
	struct syms_ctx c = { 0 };
	ls_input_visitor v = { .object = on_object, .error = on_error,
			       .ctx = &c };

	if (!in || !out)
		return api_failf(err, LINKSCOPE_ERR_USAGE, NULL,
				 "linkscope_syms_run: NULL argument");
	*out = NULL;
	c.r = calloc(1, sizeof *c.r);
	if (!c.r)
		return api_failf(err, LINKSCOPE_ERR_NOMEM, in->name, "out of memory");
	opts_from_flags(flags, &c.opts.sel);
	ls_input_walk_mapped(in->name, &in->mf, &v);
	if (c.oom) {
		linkscope_syms_free(c.r);
		return api_failf(err, LINKSCOPE_ERR_NOMEM, in->name, "out of memory");
	}
	*out = c.r;
	return LINKSCOPE_OK;
}

LINKSCOPE_API void linkscope_syms_free(linkscope_syms *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].version);
	}
	free(r->v);
	ls_strvec_free(&r->members);
	api_errlist_free(&r->errors);
	free(r);
}

static const api_sym *sym_at(const linkscope_syms *r, size_t i)
{
	return r && i < r->n ? &r->v[i] : NULL;
}

LINKSCOPE_API size_t linkscope_syms_count(const linkscope_syms *r)
{
	return r ? r->n : 0;
}

LINKSCOPE_API const char *linkscope_syms_name(const linkscope_syms *r,
					      size_t i)
{
	const api_sym *s = sym_at(r, i);
	return s ? s->name : NULL;
}

LINKSCOPE_API char linkscope_syms_letter(const linkscope_syms *r, size_t i)
{
	const api_sym *s = sym_at(r, i);
	return s ? s->letter : 0;
}

LINKSCOPE_API uint64_t linkscope_syms_value(const linkscope_syms *r,
					    size_t i)
{
	const api_sym *s = sym_at(r, i);
	return s ? s->value : 0;
}

LINKSCOPE_API uint64_t linkscope_syms_size(const linkscope_syms *r, size_t i)
{
	const api_sym *s = sym_at(r, i);
	return s ? s->size : 0;
}

LINKSCOPE_API const char *linkscope_syms_version(const linkscope_syms *r,
		size_t i, int *is_default)
{
	const api_sym *s = sym_at(r, i);

	if (is_default)
		*is_default = s && s->dflt;
	return s ? s->version : NULL;
}

LINKSCOPE_API const char *linkscope_syms_member(const linkscope_syms *r,
						size_t i)
{
	const api_sym *s = sym_at(r, i);
	return s && s->member >= 0 ? r->members.v[s->member] : NULL;
}

LINKSCOPE_API size_t linkscope_syms_error_count(const linkscope_syms *r)
{
	return r ? r->errors.n : 0;
}

LINKSCOPE_API const linkscope_error *linkscope_syms_error(
		const linkscope_syms *r, size_t i)
{
	return r && i < r->errors.n ? r->errors.v[i] : NULL;
}
