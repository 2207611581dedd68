/*
 * spawn.h - the one way the library runs a program.
 *
 * linkscope starts only the user's own toolchains (a compiler driver with
 * -###, the go command), never what it inspects.  Every run goes through
 * ls_spawn: posix_spawn (PATH searched only for a bare name), no shell,
 * stdin from /dev/null, stdout (and stderr, kept apart or merged) captured
 * with a bound, the environment the caller describes.
 */
#ifndef LS_SPAWN_H
#define LS_SPAWN_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ls_spawn_opts {
	const char *dir;		/* working directory; NULL: ours */
	/* "NAME=VALUE" entries that replace NAME in the environment, and
	 * "NAME" entries that remove it; NULL-terminated, may be NULL. */
	const char *const *env;
	/* The child's whole environment instead (env is then ignored): a
	 * snapshot from ls_spawn_env, for a run on another thread, which
	 * must not read environ while the program may change it. */
	const char *const *envp;
	bool merge_stderr;		/* stderr into out (as a terminal shows it) */
	size_t max_out;			/* 0: LS_SPAWN_MAX_OUT */
} ls_spawn_opts;

#define LS_SPAWN_MAX_OUT ((size_t)64 << 20)

typedef struct ls_spawn_result {
	int status;		/* exit status, 128+signal, or -1 when not run */
	char *out, *err;	/* NUL-terminated, never NULL after ls_spawn */
	size_t outlen, errlen;	/* err is cut at max_out, silently */
} ls_spawn_result;

/* Runs argv[0] with argv (NULL-terminated).  Returns 0 when it ran,
 * whatever its exit status; -1 with d filled when it could not start, or
 * when out passed the bound (the program is killed then).  r is filled in
 * every case; free it with ls_spawn_result_free. */
int ls_spawn(const char *const *argv, const ls_spawn_opts *o,
	     ls_spawn_result *r, ls_diag *d);
void ls_spawn_result_free(ls_spawn_result *r);

/* Copies environ with the changes of mods (as ls_spawn_opts.env) into
 * out, in the calling thread.  0, or -1 when out of memory. */
struct ls_strvec;
int ls_spawn_env(const char *const *mods, struct ls_strvec *out);

#endif
