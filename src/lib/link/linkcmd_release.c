/*
 * linkcmd_release.c - which release of a linker the rules are those of.
 * The installed linker is asked (`LINKER --version`, on a thread of its
 * own while the inputs are read); the releases linkscope models, and the
 * one assumed when the linker is not installed, are listed here.
 */
#include "linkcmd_impl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The releases whose rules linkscope models, each checked against the real
 * linker by the link suite: Debian 12's GNU ld 2.40, gold 1.16 and mold
 * 1.10, and lld 13 to 16 (Debian 12 packages all four).  See docs/link.md
 * for what changes between them.
 */
static const struct {
	int first, last, deflt;	/* major * 100 + minor; deflt: Debian 12's */
	const char *first_name, *last_name, *deflt_name;
} modelled[] = {
	[LS_SEM_BFD] = { 240, 240, 240, "GNU ld 2.40", "GNU ld 2.40", "GNU ld 2.40" },
	[LS_SEM_GOLD] = { 116, 116, 116, "gold 1.16", "gold 1.16", "gold 1.16" },
	[LS_SEM_LLD] = { 1300, 1699, 1400, "lld 13", "lld 16", "lld 14" },
	[LS_SEM_MOLD] = { 110, 110, 110, "mold 1.10", "mold 1.10", "mold 1.10" },
};

/* "X.Y" at s (digits only), as X * 100 + Y; 0 if s holds no such number. */
static int release_number(const char *s)
{
	long major = 0, minor = 0;
	int nd = 0;

	while (*s >= '0' && *s <= '9' && nd < 4)
		major = major * 10 + (*s++ - '0'), nd++;
	if (!nd || *s != '.')
		return 0;
	s++;
	for (nd = 0; *s >= '0' && *s <= '9' && nd < 2; nd++)
		minor = minor * 10 + (*s++ - '0');
	return nd ? (int)(major * 100 + minor) : 0;
}

/*
 * Where each linker writes its release: "GNU ld (GNU Binutils for Debian)
 * 2.40" and "GNU gold (GNU Binutils for Debian 2.40) 1.16" end with it;
 * "Debian LLD 16.0.6 (compatible with GNU linkers)" and "LLD 14.0.0" put it
 * after "LLD "; "mold 1.10.1 (compatible with GNU ld)" after "mold ".
 */
int ls_linker_release_parse(int sem, const char *line)
{
	const char *p;

	if (!line)
		return 0;
	switch (sem) {
	case LS_SEM_BFD:
	case LS_SEM_GOLD:
		p = strrchr(line, ' ');
		return p ? release_number(p + 1) : 0;
	case LS_SEM_LLD:
		p = strstr(line, "LLD ");
		return p ? release_number(p + 4) : 0;
	case LS_SEM_MOLD:
		p = strstr(line, "mold ");
		return p ? release_number(p + 5) : 0;
	}
	return 0;
}

/* A `LINKER --version` on its own thread: see ls_linkcmd_version. */
typedef struct version_job {
	pthread_t thread;
	bool running;		/* not joined yet */
	ls_strvec args;
	/* The environment, copied before the thread starts: the program
	 * may change environ (setenv) while the thread runs. */
	ls_strvec env;
	char *line;		/* its first line when it exits 0 */
} version_job;

static void *version_run(void *arg)
{
	version_job *j = arg;
	ls_spawn_result out;
	ls_diag d;

	if (lc_run(&j->args, (const char *const *)j->env.v, &out, &d) == 0) {
		size_t n = strcspn(out.out, "\n");
		if (out.status == 0 && n > 0 && n < 200)
			j->line = strndup(out.out, n);
	}
	ls_spawn_result_free(&out);
	return NULL;
}

/*
 * Asks the installed linker for its version (`LINKER --version`, the
 * user's own toolchain, no input given), to name it in the report and to
 * follow the rules of that release: lld 15 stopped pulling archive members
 * for common symbols, mold 1.11 checks --no-allow-shlib-undefined, and so
 * on.  A linker that is not installed has none.  It runs on a thread while
 * the inputs are read; without one, in line.
 */
int lc_read_linker_version(ls_link_cmd *cmd, ls_diag *d)
{
	version_job *j;

	if (!cmd->linker || cmd->linker[0] != '/' || access(cmd->linker, X_OK) != 0)
		return 0;
	if (!(j = calloc(1, sizeof *j)))
		return lc_oom(d);
	if (ls_strvec_add(&j->args, cmd->linker) < 0 ||
	    ls_strvec_add(&j->args, "--version") < 0 || lc_run_env(&j->env) < 0) {
		ls_strvec_free(&j->args);
		ls_strvec_free(&j->env);
		free(j);
		return lc_oom(d);
	}
	j->running = pthread_create(&j->thread, NULL, version_run, j) == 0;
	if (!j->running)
		version_run(j);
	cmd->version_job = j;
	return 0;
}

/* The --version line, once the job is done (the job is not part of the
 * command's value: waiting for it is allowed through a const command). */
static const char *version_line(const ls_link_cmd *cmd)
{
	version_job *j = cmd->version_job;

	if (!j)
		return cmd->linker_version;
	if (j->running) {
		pthread_join(j->thread, NULL);
		j->running = false;
	}
	return j->line;
}

int ls_linkcmd_release(const ls_link_cmd *cmd)
{
	int rel = ls_linker_release_parse(cmd->sem, version_line(cmd));

	if (cmd->sem < LS_SEM_BFD || cmd->sem > LS_SEM_MOLD)
		return rel;
	return rel ? rel : modelled[cmd->sem].deflt;
}

void ls_linkcmd_version(ls_link_cmd *cmd)
{
	version_job *j = cmd->version_job;

	if (!j)
		return;
	version_line(cmd);
	cmd->version_job = NULL;
	ls_strvec_free(&j->args);
	ls_strvec_free(&j->env);
	cmd->linker_version = j->line;
	free(j);
	int rel = ls_linker_release_parse(cmd->sem, cmd->linker_version);
	if (!cmd->linker_version)
		return;
	if (!rel)
		lc_note(cmd, "%s: no release number in this --version line; the rules "
			"are those of %s", cmd->linker_version, modelled[cmd->sem].deflt_name);
	else if (rel > modelled[cmd->sem].last)
		lc_note(cmd, "%s: the rules are those of %s, the newest modelled "
			"release; later changes are not simulated", cmd->linker_version,
			modelled[cmd->sem].last_name);
	else if (rel < modelled[cmd->sem].first)
		lc_note(cmd, "%s: the rules are those of %s; differences from that "
			"release are not simulated", cmd->linker_version,
			modelled[cmd->sem].first_name);
}
