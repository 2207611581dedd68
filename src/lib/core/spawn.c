/*
 * spawn.c - running a toolchain program; see spawn.h.
 */
#include "spawn.h"
#include "strvec.h"
#include "array.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct sink {
	char *b;
	size_t len, cap, max;
	bool over;		/* past max: the rest is dropped */
	bool oom;		/* no memory for what came: the run fails */
} sink;

/* Does environment entry e name the variable of spec ("NAME=..." or
 * "NAME")? */
static bool same_var(const char *e, const char *spec)
{
	size_t k = strcspn(spec, "=");

	return !strncmp(e, spec, k) && e[k] == '=';
}

/* environ with the caller's changes; strings are borrowed. */
static char **child_env(const char *const *mods)
{
	size_t n = 0, m = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	while (mods && mods[m])
		m++;
	if (!(env = calloc(n + m + 1, sizeof *env)))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		bool drop = false;

		for (size_t j = 0; j < m && !drop; j++)
			drop = same_var(environ[i], mods[j]);
		if (!drop)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		if (strchr(mods[j], '='))
			env[k++] = (char *)mods[j];
	env[k] = NULL;
	return env;
}

/* Reads what is there.  Returns bytes read, 0 at EOF, -1 on error; past
 * the bound the bytes are dropped and s->over set; without memory for
 * them, s->oom. */
static ssize_t drain(int fd, sink *s)
{
	char chunk[65536];
	ssize_t k;

	do
		k = read(fd, chunk, sizeof chunk);
	while (k < 0 && errno == EINTR);
	if (k <= 0)
		return k;
	size_t take = (size_t)k;
	if (s->len + take > s->max) {
		s->over = true;
		take = s->max - s->len;
	}
	if (s->oom || ls_array_reserve(&s->b, &s->cap, s->len + take + 1, 1) < 0) {
		s->oom = true;
		return k;
	}
	memcpy(s->b + s->len, chunk, take);
	s->len += take;
	s->b[s->len] = 0;
	return k;
}

static char *take_or_empty(sink *s)
{
	char *b = s->b;

	s->b = NULL;
	return b ? b : calloc(1, 1);
}

int ls_spawn(const char *const *argv, const ls_spawn_opts *o,
	     ls_spawn_result *r, ls_diag *d)
{
	static const ls_spawn_opts none;
	posix_spawn_file_actions_t fa;
	int op[2] = { -1, -1 }, ep[2] = { -1, -1 }, rc, ws = -1;
	sink so = { 0 }, se = { 0 };
	char **env;
	pid_t pid;

	if (!o)
		o = &none;
	memset(r, 0, sizeof *r);
	r->status = -1;
	so.max = se.max = o->max_out ? o->max_out : LS_SPAWN_MAX_OUT;
	if (o->envp)
		env = NULL;
	else if (!(env = child_env(o->env))) {
		rc = ls_oom(d);
		goto out;
	}
	if (pipe2(op, O_CLOEXEC) < 0 ||
	    (!o->merge_stderr && pipe2(ep, O_CLOEXEC) < 0)) {
		rc = ls_fail_nooff(d, "pipe: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, op[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, o->merge_stderr ? op[1] : ep[1],
					 STDERR_FILENO);
	if (o->dir)
		posix_spawn_file_actions_addchdir_np(&fa, o->dir);
	rc = strchr(argv[0], '/')
		? posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv,
			      o->envp ? (char *const *)o->envp : env)
		: posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv,
			       o->envp ? (char *const *)o->envp : env);
	posix_spawn_file_actions_destroy(&fa);
	close(op[1]);
	op[1] = -1;
	if (ep[1] >= 0)
		close(ep[1]);
	ep[1] = -1;
	if (rc != 0) {
		rc = ls_fail_nooff(d, "cannot run %s: %s", argv[0], strerror(rc));
		goto out;
	}
	for (bool oopen = true, eopen = ep[0] >= 0;
	     (oopen || eopen) && !so.over && !so.oom && !se.oom; ) {
		struct pollfd pf[2] = { { oopen ? op[0] : -1, POLLIN, 0 },
					{ eopen ? ep[0] : -1, POLLIN, 0 } };

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (oopen && pf[0].revents && drain(op[0], &so) <= 0)
			oopen = false;
		if (eopen && pf[1].revents && drain(ep[0], &se) <= 0)
			eopen = false;
	}
	if (so.over || so.oom || se.oom)
		kill(pid, SIGKILL);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (ws != -1)
		r->status = WIFEXITED(ws) ? WEXITSTATUS(ws)
			  : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : -1;
	if (so.oom || se.oom)
		rc = ls_oom(d);
	else if (so.over && so.max >= (1u << 20))
		rc = ls_fail_nooff(d, "%s printed more than %zu MiB; stopped it",
				   argv[0], so.max >> 20);
	else if (so.over)
		rc = ls_fail_nooff(d, "%s printed more than %zu bytes; stopped it",
				   argv[0], so.max);
	else
		rc = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (op[i] >= 0)
			close(op[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	r->outlen = so.len;
	r->errlen = se.len;
	r->out = take_or_empty(&so);
	r->err = take_or_empty(&se);
	free(so.b);
	free(se.b);
	free(env);
	if (!r->out || !r->err)		/* "never NULL" after a 0 */
		rc = ls_oom(d);
	return rc;
}

void ls_spawn_result_free(ls_spawn_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof *r);
	r->status = -1;
}

int ls_spawn_env(const char *const *mods, ls_strvec *out)
{
	char **env = child_env(mods);
	int rc = env ? 0 : -1;

	for (size_t i = 0; env && env[i] && rc == 0; i++)
		rc = ls_strvec_add(out, env[i]);
	free(env);
	return rc;
}
