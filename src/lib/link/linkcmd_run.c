/*
 * linkcmd_run.c - an installed compiler driver run with -### (posix_spawn
 * through core/spawn.h, no shell; the linker is never run), and the last
 * linker command it prints read back as gcc and clang quote it.  Sources
 * on its command line are compiled first into a private directory,
 * because -### would name temporary objects that never get written.
 */
#include "linkcmd_impl.h"

#include "../model/target.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DRIVER_OUT (4u << 20)	/* what a driver may print */

/*
 * Runs args (looked up on PATH, no shell) with stdin from /dev/null and
 * stdout and stderr into one pipe, as a terminal shows them, and collects
 * what it prints (at most MAX_DRIVER_OUT: a driver printing more is
 * stopped).  LC_ALL=C and no LANGUAGE, so that messages are the ones we
 * look for.
 */
static const char *const run_env[] = { "LC_ALL=C", "LANGUAGE", NULL };

int lc_run(const ls_strvec *args, const char *const *envp,
	   ls_spawn_result *r, ls_diag *d)
{
	const ls_spawn_opts o = {
		.env = run_env, .envp = envp, .merge_stderr = true,
		.max_out = MAX_DRIVER_OUT,
	};

	return ls_spawn((const char *const *)args->v, &o, r, d);
}

int lc_run_env(ls_strvec *out)
{
	return ls_spawn_env(run_env, out);
}

/* The line of the output that says what went wrong: the first with
 * "error", else the first that is not empty. */
static void first_error(const ls_spawn_result *c, char *buf, size_t size)
{
	const char *s = c->out, *pick = NULL;

	for (const char *p = s; p && *p; ) {
		const char *e = strchrnul(p, '\n');
		if (!pick && e > p)
			pick = p;
		if (memmem(p, (size_t)(e - p), "error", 5)) {
			pick = p;
			break;
		}
		p = *e ? e + 1 : NULL;
	}
	if (!pick) {
		snprintf(buf, size, "exit status %d, no message", c->status);
		return;
	}
	snprintf(buf, size, "%.*s", (int)(strchrnul(pick, '\n') - pick), pick);
}

/*
 * The commands -### prints start with a space; arguments are separated by
 * spaces and double-quoted when they hold anything but [A-Za-z0-9_/.-],
 * with a backslash before '"', '\' and '$' (gcc.c execute(); clang's
 * Command::Print quotes every argument the same way).  A quoted argument
 * may contain a new line.  line gets the last command that runs a linker.
 */
static int last_link_line(const ls_spawn_result *c, ls_strvec *line, ls_diag *d)
{
	const char *s = c->out;
	size_t len = c->outlen, i = 0;
	char *buf = malloc(len + 1);

	if (!buf)
		return lc_oom(d);
	while (i < len) {
		ls_strvec toks = { 0 };
		int sem;

		if (s[i] != ' ') {
			while (i < len && s[i] != '\n')
				i++;
			i++;
			continue;
		}
		while (i < len && s[i] != '\n') {
			size_t n = 0;
			if (s[i] == ' ') {
				i++;
				continue;
			}
			if (s[i] == '"') {
				for (i++; i < len && s[i] != '"'; i++) {
					if (s[i] == '\\' && i + 1 < len)
						i++;
					buf[n++] = s[i];
				}
				i++;
			} else {
				while (i < len && s[i] != ' ' && s[i] != '\n')
					buf[n++] = s[i++];
			}
			if (ls_strvec_addn(&toks, buf, n) < 0) {
				ls_strvec_free(&toks);
				free(buf);
				return lc_oom(d);
			}
		}
		i++;
		if (toks.n && lc_linker_name_plain(toks.v[0], &sem)) {
			ls_strvec_free(line);
			*line = toks;
		} else {
			ls_strvec_free(&toks);
		}
	}
	free(buf);
	return 0;
}

/* "Target: x86_64-linux-gnu" of -### (gcc and clang print it). */
static bool driver_target(const ls_spawn_result *c, char *out, size_t size)
{
	for (const char *p = c->out; p && *p; ) {
		const char *e = strchrnul(p, '\n');
		if (!strncmp(p, "Target: ", 8)) {
			char t[128];
			snprintf(t, sizeof t, "%.*s", (int)(e - p - 8), p + 8);
			ls_target_norm_triple(t, out, size);
			return true;
		}
		p = *e ? e + 1 : NULL;
	}
	return false;
}

/*
 * -### on a command with sources shows the compiles writing /tmp/ccXXXX.o,
 * which are never written.  So each source is compiled first, with the
 * options that matter to compiling, into cmd->tmpdir (removed by
 * ls_linkcmd_free), and its object takes its place.
 */
static int compile_sources(const char *drv, dscan *s, ls_link_cmd *cmd, ls_diag *d)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX];
	size_t k = 0;
	int n = snprintf(dir, sizeof dir, "%s/linkscope-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");

	if (n < 0 || (size_t)n >= sizeof dir || !mkdtemp(dir))
		return ls_fail_nooff(d, "cannot make a temporary directory: %s",
				     strerror(errno));
	if (lc_set_str(&cmd->tmpdir, dir) < 0)
		return lc_oom(d);
	for (size_t i = 1; i < s->args.n; i++) {
		ls_strvec cv = { 0 };
		ls_spawn_result c;
		char obj[PATH_MAX], msg[160];
		const char *src, *b, *dot;
		int rc = 0;

		if (s->role[i] != R_SOURCE)
			continue;
		src = s->args.v[i];
		b = lc_base_name(src);
		dot = strrchr(b, '.');
		n = snprintf(obj, sizeof obj, "%s/%zu-%.*s.o", dir, ++k,
			     (int)(dot ? (size_t)(dot - b) : strlen(b)), b);
		if (n < 0 || (size_t)n >= sizeof obj)
			return ls_fail_nooff(d, "%s: name too long", src);
		rc |= ls_strvec_add(&cv, drv);
		for (size_t j = 1; j < s->args.n; j++)
			if (s->role[j] == R_BOTH)
				rc |= ls_strvec_add(&cv, s->args.v[j]);
		if (s->lang[i]) {
			rc |= ls_strvec_add(&cv, "-x");
			rc |= ls_strvec_add(&cv, s->lang[i]);
		}
		rc |= ls_strvec_add(&cv, "-c");
		rc |= ls_strvec_add(&cv, src);
		rc |= ls_strvec_add(&cv, "-o");
		rc |= ls_strvec_add(&cv, obj);
		if (rc) {
			ls_strvec_free(&cv);
			return lc_oom(d);
		}
		rc = lc_run(&cv, NULL, &c, d);
		ls_strvec_free(&cv);
		if (rc == 0 && c.status != 0) {
			first_error(&c, msg, sizeof msg);
			rc = ls_fail_nooff(d, "%s: compiling %s failed: %s",
					   lc_base_name(drv), src, msg);
		}
		ls_spawn_result_free(&c);
		if (rc < 0)
			return -1;
		lc_note(cmd, "%s compiled to %s", src, obj);
		if (lc_set_str(&s->args.v[i], obj) < 0)
			return lc_oom(d);
		s->role[i] = R_INPUT;
	}
	return 0;
}

int lc_run_driver(int argc, char **argv, dscan *s, const drvname *dn,
		  int override, ls_link_cmd *cmd, ls_diag *d)
{
	ls_strvec v = { 0 }, line = { 0 }, ld = { 0 };
	ls_spawn_result c = { 0 };
	char triple[128], msg[160], ldname[PATH_MAX], how[300];
	char *fuse = NULL;
	ldctx x = { 0 };
	int rc = -1;

	if (s->nsrc && compile_sources(argv[0], s, cmd, d) < 0)
		goto out;
	if (ls_strvec_add(&v, argv[0]) < 0 || ls_strvec_add(&v, "-###") < 0)
		goto nomem;
	if (s->nsrc) {
		/* The expanded arguments with objects for sources; -x would
		 * make the driver compile the objects. */
		for (size_t i = 1; i < s->args.n; i++)
			if (s->role[i] != R_LANG && ls_strvec_add(&v, s->args.v[i]) < 0)
				goto nomem;
	} else {
		/* Expanded: a driver handed @file passes its own temporary
		 * response file to the linker and deletes it at exit, so the
		 * line -### prints would name a file that is gone. */
		(void)argc;
		for (size_t i = 1; i < s->args.n; i++)
			if (ls_strvec_add(&v, s->args.v[i]) < 0)
				goto nomem;
	}
	if (lc_run(&v, NULL, &c, d) < 0)
		goto out;
	if (c.status != 0) {
		first_error(&c, msg, sizeof msg);
		rc = ls_fail_nooff(d, "%s -### failed: %s", lc_base_name(argv[0]), msg);
		goto out;
	}
	if (last_link_line(&c, &line, d) < 0)
		goto out;
	if (!line.n) {
		rc = ls_fail_nooff(d, "%s -### names no linker", lc_base_name(argv[0]));
		goto out;
	}
	if (!driver_target(&c, triple, sizeof triple))
		snprintf(triple, sizeof triple, "%s",
			 dn->triple[0] ? dn->triple : ls_target_host_triple());
	snprintf(how, sizeof how, "%s -###", lc_base_name(argv[0]));
	x.how = how;
	if (!strcmp(lc_base_name(line.v[0]), "collect2")) {
		if (lc_collect2_args(&line, "collect2", &ld, &fuse, d) < 0)
			goto out;
		if (!fuse && s->fuse_ld && lc_set_str(&fuse, s->fuse_ld) < 0)
			goto nomem;
		x.sem = override >= 0 ? override
		      : fuse ? lc_sem_from_fuse_ld(fuse, cmd) : LS_SEM_BFD;
		x.sem_explicit = override >= 0 || fuse;
		lc_collect2_linker(x.sem, triple, ldname, sizeof ldname);
		if (lc_set_str(&ld.v[0], ldname) < 0)
			goto nomem;
		x.linker = ldname;
		x.triple = triple;
	} else {
		/* clang names the linker itself. */
		lc_linker_name(line.v[0], &x.sem);
		if (override >= 0)
			x.sem = override;
		x.sem_explicit = override >= 0 || s->fuse_ld;
		ld = line;
		line = (ls_strvec){ 0 };
	}
	rc = lc_parse_ld(&ld, &x, cmd, d);
	goto out;
nomem:
	rc = lc_oom(d);
out:
	free(fuse);
	ls_spawn_result_free(&c);
	ls_strvec_free(&v);
	ls_strvec_free(&line);
	ls_strvec_free(&ld);
	return rc;
}
