/*
 * golist.c - runs the go command (posix_spawn, no shell) and reads
 * `go list -json`'s stream of objects with jansson.
 */
#include "golist.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- the package model ---- */

static char *xstrdup(const char *s)
{
	char *r = strdup(s ? s : "");

	if (!r)
		abort();
	return r;
}

static void strv_push(ls_strv *sv, const char *s)
{
	char **v = realloc(sv->v, (sv->n + 1) * sizeof *v);

	if (!v)
		abort();
	sv->v = v;
	sv->v[sv->n++] = xstrdup(s);
}

static void strv_free(ls_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool jbool(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

static void jstrv(json_t *o, const char *key, ls_strv *sv)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i;

	if (!json_is_array(a))
		return;
	json_array_foreach(a, i, v)
		if (json_is_string(v))
			strv_push(sv, json_string_value(v));
}

static char *module_str(json_t *m)
{
	const char *path = jstr(m, "Path"), *ver = jstr(m, "Version");
	char *s;

	if (!path)
		return NULL;
	if (!ver || !*ver)
		return xstrdup(path);
	if (asprintf(&s, "%s@%s", path, ver) < 0)
		abort();
	return s;
}

static void pkg_from_json(json_t *o, ls_gopkg *p)
{
	json_t *m = json_object_get(o, "Module"), *e, *v;
	size_t i;

	memset(p, 0, sizeof *p);
	p->import_path = xstrdup(jstr(o, "ImportPath"));
	p->name = xstrdup(jstr(o, "Name"));
	p->dir = xstrdup(jstr(o, "Dir"));
	if (json_is_object(m)) {
		p->module = module_str(m);
		if (json_is_object(json_object_get(m, "Replace")))
			p->replace = module_str(json_object_get(m, "Replace"));
	}
	p->standard = jbool(o, "Standard");
	p->dep_only = jbool(o, "DepOnly");
	p->incomplete = jbool(o, "Incomplete");
	e = json_object_get(o, "Error");
	if (json_is_object(e))
		p->error = xstrdup(jstr(e, "Err") ? jstr(e, "Err") : "error");
	e = json_object_get(o, "DepsErrors");
	if (json_is_array(e))
		json_array_foreach(e, i, v)
			if (json_is_object(v))
				strv_push(&p->deps_errors,
					  jstr(v, "Err") ? jstr(v, "Err") : "error");
	jstrv(o, "GoFiles", &p->go_files);
	jstrv(o, "CgoFiles", &p->cgo_files);
	jstrv(o, "IgnoredGoFiles", &p->ignored_go_files);
	jstrv(o, "CgoCFLAGS", &p->cgo_cflags);
	jstrv(o, "CgoLDFLAGS", &p->cgo_ldflags);
	jstrv(o, "CgoPkgConfig", &p->cgo_pkg_config);
	jstrv(o, "Imports", &p->imports);
}

static void pkg_free(ls_gopkg *p)
{
	free(p->import_path);
	free(p->name);
	free(p->dir);
	free(p->module);
	free(p->replace);
	free(p->error);
	strv_free(&p->deps_errors);
	strv_free(&p->go_files);
	strv_free(&p->cgo_files);
	strv_free(&p->ignored_go_files);
	strv_free(&p->cgo_cflags);
	strv_free(&p->cgo_ldflags);
	strv_free(&p->cgo_pkg_config);
	strv_free(&p->imports);
}

void ls_golist_free(ls_golist *l)
{
	for (size_t i = 0; i < l->n; i++)
		pkg_free(&l->pkgs[i]);
	free(l->pkgs);
	l->pkgs = NULL;
	l->n = 0;
}

int ls_golist_parse(const char *buf, size_t len, ls_golist *out, ls_diag *d)
{
	size_t off = 0;

	memset(out, 0, sizeof *out);
	for (;;) {
		json_error_t je;
		json_t *o;
		ls_gopkg *np;

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
		np = realloc(out->pkgs, (out->n + 1) * sizeof *np);
		if (!np)
			abort();
		out->pkgs = np;
		pkg_from_json(o, &out->pkgs[out->n++]);
		json_decref(o);
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

void ls_gorun_free(ls_gorun *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof *r);
}

struct sink {
	char *b;
	size_t len, cap;
};

static int sink_read(int fd, struct sink *s)
{
	char tmp[65536];
	ssize_t n = read(fd, tmp, sizeof tmp);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -1;
	if (n == 0)
		return 0;
	if (s->len + (size_t)n + 1 > LS_GOLIST_MAX + 1)
		return -2;
	if (s->len + (size_t)n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 65536;
		char *nb;

		while (cap < s->len + (size_t)n + 1)
			cap *= 2;
		nb = realloc(s->b, cap);
		if (!nb)
			abort();
		s->b = nb;
		s->cap = cap;
	}
	memcpy(s->b + s->len, tmp, (size_t)n);
	s->len += (size_t)n;
	s->b[s->len] = '\0';
	return 1;
}

/* environ with GOTOOLCHAIN and CGO_ENABLED replaced; strings owned by
 * environ or by set[], the array by the caller. */
static char **make_env(char *set[], size_t nset)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = calloc(n + nset + 1, sizeof *env);
	if (!env)
		abort();
	for (size_t i = 0; i < n; i++) {
		bool replaced = false;

		for (size_t j = 0; j < nset; j++) {
			size_t kl = strchr(set[j], '=') - set[j] + 1;

			if (!strncmp(environ[i], set[j], kl))
				replaced = true;
		}
		if (!replaced)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < nset; j++)
		env[k++] = set[j];
	env[k] = NULL;
	return env;
}

int ls_go_run(const char *go, const char *dir, const char *const *args,
	      const char *cgo_enabled, ls_gorun *r, ls_diag *d)
{
	int op[2] = { -1, -1 }, ep[2] = { -1, -1 };
	char *set[2], cgo[64];
	size_t nset = 0, nargs = 0;
	char **env, **argv;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, ws;
	struct sink so = { 0 }, se = { 0 };
	bool oopen = true, eopen = true, toobig = false;

	memset(r, 0, sizeof *r);
	r->status = -1;
	set[nset++] = "GOTOOLCHAIN=local";
	if (cgo_enabled) {
		snprintf(cgo, sizeof cgo, "CGO_ENABLED=%s", cgo_enabled);
		set[nset++] = cgo;
	}
	while (args[nargs])
		nargs++;
	argv = calloc(nargs + 2, sizeof *argv);
	if (!argv)
		abort();
	argv[0] = (char *)go;
	for (size_t i = 0; i < nargs; i++)
		argv[i + 1] = (char *)args[i];
	env = make_env(set, nset);
	if (pipe2(op, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0) {
		rc = ls_fail_nooff(d, "pipe: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, op[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, ep[1], STDERR_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (dir)
		posix_spawn_file_actions_addchdir_np(&fa, dir);
	rc = strchr(go, '/') ? posix_spawn(&pid, go, &fa, NULL, argv, env)
			     : posix_spawnp(&pid, go, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(op[1]);
	close(ep[1]);
	op[1] = ep[1] = -1;
	if (rc != 0) {
		rc = ls_fail_nooff(d, "cannot run %s: %s", go, strerror(rc));
		goto out;
	}
	while (oopen || eopen) {
		struct pollfd pf[2] = { { op[0], POLLIN, 0 }, { ep[0], POLLIN, 0 } };
		int k;

		if (!oopen)
			pf[0].fd = -1;
		if (!eopen)
			pf[1].fd = -1;
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (oopen && pf[0].revents) {
			k = sink_read(op[0], &so);
			if (k == -2)
				toobig = true;
			if (k <= 0)
				oopen = false;
		}
		if (eopen && pf[1].revents) {
			k = sink_read(ep[0], &se);
			if (k <= 0)
				eopen = false;	/* a huge stderr is truncated */
		}
		if (toobig)
			break;
	}
	if (toobig)
		kill(pid, SIGKILL);
	ws = -1;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	r->status = ws != -1 && WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	r->out = so.b ? so.b : xstrdup("");
	r->outlen = so.len;
	r->err = se.b ? se.b : xstrdup("");
	r->errlen = se.len;
	so.b = se.b = NULL;
	rc = toobig ? ls_fail_nooff(d, "%s wrote more than %zu MiB; refusing it",
				    go, LS_GOLIST_MAX >> 20) : 0;
out:
	for (int i = 0; i < 2; i++) {
		if (op[i] >= 0)
			close(op[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	free(so.b);
	free(se.b);
	free(env);
	free(argv);
	if (!r->out)
		r->out = xstrdup("");
	if (!r->err)
		r->err = xstrdup("");
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
