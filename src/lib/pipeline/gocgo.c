/*
 * gocgo.c - the `gocgo` pipeline (see gocgo.h): `go env`, two `go list`
 * runs, their comparison (go/gocgo.c) and, when every package compiled
 * without cgo, the link that is left to try.
 */
#include "gocgo.h"

#include "../core/mapfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* With cgo on, what CGO_ENABLED=0 would lose or fail on. */
static int without_cgo(const char *go, const char *dir, const char *pattern,
		       ls_gocgo_result *r, ls_diag *d)
{
	const char *args[] = { "build", "-o", "/dev/null", pattern, NULL };

	if (ls_golist_run(go, dir, pattern, "0", LS_GOLIST_E | LS_GOLIST_EXPORT,
			  &r->without, &r->run_without, d) < 0) {
		r->failed_run = &r->run_without;
		return -1;
	}
	if (ls_gocgo_analyze(&r->with, &r->without, true, &r->g, d) < 0)
		return -1;
	r->have_g = true;
	if (ls_gocgo_find_stubs(&r->g, d) < 0)
		return -1;
	/* Every package compiled: only the link is left to try. */
	if (r->g.nfailing_roots)
		return 0;
	if (ls_go_run(go, dir, args, "0", &r->run_build, d) < 0) {
		r->failed_run = &r->run_build;
		return -1;
	}
	ls_gocgo_build_result(&r->g, r->run_build.status, r->run_build.err);
	return 0;
}

/* The go tool opens DIR/go.mod and go.work blocking: a FIFO there would
 * hang `go env` and `go list` for ever.  Refused first, in ls_map's
 * words. */
static int modfiles_regular(const char *dir, ls_diag *d)
{
	static const char *const names[] = { "go.mod", "go.work" };
	char path[PATH_MAX];
	struct stat st;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			return ls_fail_nooff(d, "%s: is %s (not a regular file)",
					     path, ls_file_type_name(st.st_mode));
	}
	return 0;
}

int ls_gocgo_run(const ls_gocgo_opts *o, ls_gocgo_result *r, ls_diag *d)
{
	const char *go = o->go ? o->go : "go";
	const char *dir = o->dir ? o->dir : ".";
	const char *pattern = o->pattern ? o->pattern : "./...";
	ls_diag ignored = { 0 };

	memset(r, 0, sizeof *r);
	if (modfiles_regular(dir, d) < 0)
		return -1;
	if (!(r->cgo_env = ls_go_env(go, dir, "CGO_ENABLED", d)))
		return -1;
	/* Only shown: unknown is "". */
	r->go_version = ls_go_env(go, dir, "GOVERSION", &ignored);
	if (!r->go_version && !(r->go_version = strdup("")))
		return ls_oom(d);
	r->cgo_on = !strcmp(r->cgo_env, "1");
	if (ls_golist_run(go, dir, pattern, NULL, 0, &r->with, &r->run_with,
			  d) < 0) {
		r->failed_run = &r->run_with;
		return -1;
	}
	if (r->cgo_on) {
		if (without_cgo(go, dir, pattern, r, d) < 0)
			return -1;
	} else {
		if (ls_gocgo_analyze(&r->with, NULL, false, &r->g, d) < 0)
			return -1;
		r->have_g = true;
	}
	r->report = (ls_gocgo_report){
		.dir = dir, .pattern = pattern, .go_version = r->go_version,
		.cgo_env = r->cgo_env, .with = &r->with,
		.without = r->cgo_on ? &r->without : NULL, .g = &r->g,
	};
	r->ok = !r->g.nfailing_roots;
	return 0;
}

void ls_gocgo_result_free(ls_gocgo_result *r)
{
	if (r->have_g)
		ls_gocgo_free(&r->g);
	ls_golist_free(&r->with);
	ls_golist_free(&r->without);
	ls_gorun_free(&r->run_with);
	ls_gorun_free(&r->run_without);
	ls_gorun_free(&r->run_build);
	free(r->cgo_env);
	free(r->go_version);
	memset(r, 0, sizeof *r);
}
