/*
 * golist.c - runs the go command (core/spawn.h: posix_spawn, no shell)
 * and reads `go list -json`'s stream of objects with jansson.
 */
#include "golist.h"
#include "../core/array.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the package model ---- */

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool jbool(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* A copy of the string member key ("" when absent), or NULL when out of
 * memory. */
static char *jdup(json_t *o, const char *key)
{
	const char *v = jstr(o, key);

	return strdup(v ? v : "");
}

static int jstrv(json_t *o, const char *key, ls_strvec *sv)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i;

	if (!json_is_array(a))
		return 0;
	json_array_foreach(a, i, v)
		if (json_is_string(v) && ls_strvec_add(sv, json_string_value(v)) < 0)
			return -1;
	return 0;
}

/* "path@version", or "path" without a version; *s NULL without a path.
 * -1 when out of memory. */
static int module_str(json_t *m, char **s)
{
	const char *path = jstr(m, "Path"), *ver = jstr(m, "Version");

	*s = NULL;
	if (!path)
		return 0;
	if (!ver || !*ver)
		return (*s = strdup(path)) ? 0 : -1;
	return asprintf(s, "%s@%s", path, ver) < 0 ? (*s = NULL, -1) : 0;
}

/* Err of an error object, "error" when it has none; NULL when out of
 * memory. */
static char *err_text(json_t *e)
{
	return strdup(jstr(e, "Err") ? jstr(e, "Err") : "error");
}

static int pkg_errors(json_t *o, ls_gopkg *p)
{
	json_t *e = json_object_get(o, "Error"), *v;
	size_t i;

	if (json_is_object(e) && !(p->error = err_text(e)))
		return -1;
	e = json_object_get(o, "DepsErrors");
	if (json_is_array(e))
		json_array_foreach(e, i, v)
			if (json_is_object(v) &&
			    ls_strvec_take(&p->deps_errors, err_text(v)) < 0)
				return -1;
	return 0;
}

/* Fills p (zeroed) from o; -1 when out of memory (p is then freed by the
 * caller with the rest of the list). */
static int pkg_from_json(json_t *o, ls_gopkg *p)
{
	json_t *m = json_object_get(o, "Module");

	if (!(p->import_path = jdup(o, "ImportPath")) ||
	    !(p->name = jdup(o, "Name")) || !(p->dir = jdup(o, "Dir")))
		return -1;
	if (json_is_object(m) &&
	    (module_str(m, &p->module) < 0 ||
	     (json_is_object(json_object_get(m, "Replace")) &&
	      module_str(json_object_get(m, "Replace"), &p->replace) < 0)))
		return -1;
	p->standard = jbool(o, "Standard");
	p->dep_only = jbool(o, "DepOnly");
	p->incomplete = jbool(o, "Incomplete");
	if (pkg_errors(o, p) < 0 ||
	    jstrv(o, "GoFiles", &p->go_files) < 0 ||
	    jstrv(o, "CgoFiles", &p->cgo_files) < 0 ||
	    jstrv(o, "IgnoredGoFiles", &p->ignored_go_files) < 0 ||
	    jstrv(o, "CgoCFLAGS", &p->cgo_cflags) < 0 ||
	    jstrv(o, "CgoLDFLAGS", &p->cgo_ldflags) < 0 ||
	    jstrv(o, "CgoPkgConfig", &p->cgo_pkg_config) < 0 ||
	    jstrv(o, "Imports", &p->imports) < 0)
		return -1;
	return 0;
}

static void pkg_free(ls_gopkg *p)
{
	free(p->import_path);
	free(p->name);
	free(p->dir);
	free(p->module);
	free(p->replace);
	free(p->error);
	ls_strvec_free(&p->deps_errors);
	ls_strvec_free(&p->go_files);
	ls_strvec_free(&p->cgo_files);
	ls_strvec_free(&p->ignored_go_files);
	ls_strvec_free(&p->cgo_cflags);
	ls_strvec_free(&p->cgo_ldflags);
	ls_strvec_free(&p->cgo_pkg_config);
	ls_strvec_free(&p->imports);
}

void ls_golist_free(ls_golist *l)
{
	for (size_t i = 0; i < l->n; i++)
		pkg_free(&l->pkgs[i]);
	free(l->pkgs);
	l->pkgs = NULL;
	l->n = l->cap = 0;
}

/* Appends the package of object o; -1 when out of memory. */
static int add_pkg(ls_golist *out, json_t *o)
{
	ls_gopkg *p = ls_array_push_zero(&out->pkgs, &out->n, &out->cap,
					 sizeof *out->pkgs);

	return p && pkg_from_json(o, p) == 0 ? 0 : -1;
}

int ls_golist_parse(const char *buf, size_t len, ls_golist *out, ls_diag *d)
{
	size_t off = 0;

	memset(out, 0, sizeof *out);
	for (;;) {
		json_error_t je;
		json_t *o;
		int rc;

		while (off < len && strchr(" \t\r\n", buf[off]) && buf[off])
			off++;
		if (off >= len)
			return 0;
		o = json_loadb(buf + off, len - off,
			       JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
		if (!o) {
			ls_golist_free(out);
			return ls_fail(d, off + (je.position > 0 ? (size_t)je.position : 0),
				       "go list output is not JSON: %s", je.text);
		}
		if (!json_is_object(o) || !jstr(o, "ImportPath")) {
			json_decref(o);
			ls_golist_free(out);
			return ls_fail(d, off, "go list output: expected a package object");
		}
		rc = add_pkg(out, o);
		json_decref(o);
		if (rc < 0) {
			ls_golist_free(out);
			return ls_oom(d);
		}
		/* With JSON_DISABLE_EOF_CHECK, je.position is the number of
		 * bytes the value took. */
		if (je.position <= 0) {
			ls_golist_free(out);
			return ls_fail(d, off, "go list output: parser made no progress");
		}
		off += (size_t)je.position;
	}
}

const ls_gopkg *ls_golist_find(const ls_golist *l, const char *import_path)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->pkgs[i].import_path, import_path))
			return &l->pkgs[i];
	return NULL;
}

/* ---- running go ---- */

int ls_go_run(const char *go, const char *dir, const char *const *args,
	      const char *cgo_enabled, ls_gorun *r, ls_diag *d)
{
	char cgo[64];
	const char *env[3] = { "GOTOOLCHAIN=local", NULL, NULL };
	ls_spawn_opts o = { .dir = dir, .env = env, .max_out = LS_GOLIST_MAX };
	ls_strvec argv = { 0 };
	int rc;

	memset(r, 0, sizeof *r);
	r->status = -1;
	if (cgo_enabled) {
		snprintf(cgo, sizeof cgo, "CGO_ENABLED=%s", cgo_enabled);
		env[1] = cgo;
	}
	if (ls_strvec_add(&argv, go) < 0)
		return ls_oom(d);
	for (size_t i = 0; args[i]; i++)
		if (ls_strvec_add(&argv, args[i]) < 0) {
			ls_strvec_free(&argv);
			return ls_oom(d);
		}
	rc = ls_spawn((const char *const *)argv.v, &o, r, d);
	ls_strvec_free(&argv);
	return rc;
}

int ls_golist_run(const char *go, const char *dir, const char *pattern,
		  const char *cgo_enabled, unsigned flags,
		  ls_golist *out, ls_gorun *r, ls_diag *d)
{
	bool tolerate_errors = flags & LS_GOLIST_E;
	bool export_ = flags & LS_GOLIST_EXPORT;
	const char *args[7];
	size_t n = 0;

	memset(out, 0, sizeof *out);
	args[n++] = "list";
	args[n++] = "-deps";
	args[n++] = "-json";
	if (tolerate_errors)
		args[n++] = "-e";
	if (export_)
		args[n++] = "-export";
	args[n++] = pattern;
	args[n] = NULL;
	if (ls_go_run(go, dir, args, cgo_enabled, r, d) < 0)
		return -1;
	if (r->status != 0)
		return ls_fail_nooff(d, "go list -deps -json%s%s %s%s%s failed (exit status %d)",
				     tolerate_errors ? " -e" : "",
				     export_ ? " -export" : "", pattern,
				     cgo_enabled ? " with CGO_ENABLED=" : "",
				     cgo_enabled ? cgo_enabled : "", r->status);
	return ls_golist_parse(r->out, r->outlen, out, d);
}

char *ls_go_env(const char *go, const char *dir, const char *var, ls_diag *d)
{
	const char *args[] = { "env", var, NULL };
	ls_gorun r;
	char *v;
	size_t n;

	if (ls_go_run(go, dir, args, NULL, &r, d) < 0) {
		ls_gorun_free(&r);
		return NULL;
	}
	if (r.status != 0) {
		ls_fail_nooff(d, "go env %s failed (exit status %d): %s", var,
			      r.status, r.err);
		ls_gorun_free(&r);
		return NULL;
	}
	v = r.out;
	r.out = NULL;
	ls_gorun_free(&r);
	n = strlen(v);
	while (n && (v[n - 1] == '\n' || v[n - 1] == '\r'))
		v[--n] = '\0';
	return v;
}
