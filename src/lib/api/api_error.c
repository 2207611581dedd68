/*
 * api_error.c - linkscope_error and linkscope_version: the public face of
 * the library's one error record (ls_diag, core/diag.h) and of the
 * release number generated from meson.build.
 */
#include "api_impl.h"
#include "../core/array.h"
#include "../version.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

LINKSCOPE_API const char *linkscope_version(void)
{
	return LS_VERSION;
}

int api_strdup(char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return 0;
	*out = strdup(s);
	return *out ? 0 : -1;
}

linkscope_status api_status_of(const ls_diag *d, linkscope_status dflt)
{
	/* ls_oom's wording is the library's one out-of-memory message. */
	return d && !strcmp(d->msg, "out of memory") ? LINKSCOPE_ERR_NOMEM
						     : dflt;
}

linkscope_error *api_error_new(linkscope_status code, const char *file,
			       const char *member, const ls_diag *d)
{
	linkscope_error *e = calloc(1, sizeof *e);

	if (!e)
		return NULL;
	if (api_strdup(&e->file, file) < 0 ||
	    api_strdup(&e->member, member) < 0) {
		linkscope_error_free(e);
		return NULL;
	}
	e->code = api_status_of(d, code);
	if (d) {
		snprintf(e->msg, sizeof e->msg, "%s", d->msg);
		e->has_offset = d->has_offset;
		e->offset = d->offset;
	}
	return e;
}

linkscope_status api_fail(linkscope_error **err, linkscope_status code,
			  const char *file, const char *member,
			  const ls_diag *d)
{
	code = api_status_of(d, code);
	if (err) {
		*err = api_error_new(code, file, member, d);
		/* Without memory for the record the status still says it. */
		if (!*err)
			code = LINKSCOPE_ERR_NOMEM;
	}
	return code;
}

linkscope_status api_failf(linkscope_error **err, linkscope_status code,
			   const char *file, const char *fmt, ...)
{
	ls_diag d = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof d.msg, fmt, ap);
	va_end(ap);
	return api_fail(err, code, file, NULL, &d);
}

int api_errlist_add(api_errlist *l, const char *file, const char *member,
		    const ls_diag *d)
{
	linkscope_error *e = api_error_new(LINKSCOPE_ERR_FORMAT, file, member,
					   d);

	if (!e || LS_ARRAY_PUSH(l->v, l->n, l->cap, e) < 0) {
		linkscope_error_free(e);
		return -1;
	}
	return 0;
}

void api_errlist_free(api_errlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		linkscope_error_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

LINKSCOPE_API linkscope_status linkscope_error_code(const linkscope_error *e)
{
	return e ? e->code : LINKSCOPE_OK;
}

LINKSCOPE_API const char *linkscope_error_message(const linkscope_error *e)
{
	return e ? e->msg : "";
}

LINKSCOPE_API const char *linkscope_error_file(const linkscope_error *e)
{
	return e ? e->file : NULL;
}

LINKSCOPE_API const char *linkscope_error_member(const linkscope_error *e)
{
	return e ? e->member : NULL;
}

LINKSCOPE_API int linkscope_error_offset(const linkscope_error *e,
					 uint64_t *offset)
{
	if (!e || !e->has_offset)
		return 0;
	if (offset)
		*offset = e->offset;
	return 1;
}

LINKSCOPE_API void linkscope_error_free(linkscope_error *e)
{
	if (!e)
		return;
	free(e->file);
	free(e->member);
	free(e);
}

LINKSCOPE_API const char *linkscope_status_name(linkscope_status s)
{
	switch (s) {
	case LINKSCOPE_OK: return "ok";
	case LINKSCOPE_ERR_NOMEM: return "out of memory";
	case LINKSCOPE_ERR_IO: return "cannot read input";
	case LINKSCOPE_ERR_FORMAT: return "malformed input";
	case LINKSCOPE_ERR_USAGE: return "bad argument";
	case LINKSCOPE_ERR_UNSUPPORTED: return "not supported for this input";
	}
	return "unknown status";
}
