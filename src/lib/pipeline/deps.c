/*
 * deps.c - the `deps` pipeline (see deps.h): ls_process_load, then
 * ls_verneed_check, then ls_bind_run, then the verdict.
 *
 * The verdict is the first message the real loader would print and die
 * on, in the order a run meets them: a missing library or a fatal load
 * error (glibc's _dl_signal_error in elf/dl-load.c, "error while loading
 * shared libraries"), a missing symbol version (elf/dl-version.c,
 * match_symbol), check_match's assertion (elf/dl-lookup.c), then
 * unresolved symbols at start-up before those at a first call
 * (elf/dl-lookup.c, _dl_lookup_symbol_x: "symbol lookup error"; dlerror's
 * words for a dlopened plugin).  It used to be computed by a writer; it
 * is part of the result so that every writer and the exit status read the
 * same one.
 */
#include "deps.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *ls_deps_objname(const ls_process *p, int64_t i)
{
	if (i < 0)
		return NULL;
	return i == 0 ? p->program : p->objs[i].path ? p->objs[i].path
						      : p->objs[i].name;
}

/* The first unresolved, non-weak symbol of one pass (0: start-up, 1: a
 * first call) that the run reports: all with -r, else the plugin's. */
static bool unresolved_verdict(const ls_deps_result *r, int pass, char *buf,
			       size_t n)
{
	const ls_process *p = r->p;
	const ls_bind_result *b = r->bind;

	for (uint32_t i = 0; i < b->nunres; i++) {
		const ls_unresolved *u = &b->unres[i];

		if (u->weak || u->lazy != (pass == 1) ||
		    !(r->bind_run || p->objs[u->obj].dlopened))
			continue;
		if (p->objs[u->obj].dlopened)
			/* dlerror()'s words. */
			snprintf(buf, n, "%sdlopen(%s): %s: undefined symbol: "
				 "%s%s%s", pass ? "at the first call after " : "",
				 p->cfg->dlopen, ls_deps_objname(p, u->obj),
				 u->symbol, u->version ? ", version " : "",
				 u->version ? u->version : "");
		else
			snprintf(buf, n, "%s%s: symbol lookup error: %s: "
				 "undefined symbol: %s%s%s",
				 pass ? "at the first call: " : "", p->program,
				 ls_deps_objname(p, u->obj), u->symbol,
				 u->version ? ", version " : "",
				 u->version ? u->version : "");
		return true;
	}
	return false;
}

/* true when the process would not start (or, with -r, fail at a first
 * call), with the real loader's message in buf. */
static bool verdict(const ls_deps_result *r, char *buf, size_t n)
{
	const ls_process *p = r->p;
	const ls_bind_result *b = r->bind;
	char msg[512];

	buf[0] = 0;
	if (p->fatal) {
		snprintf(buf, n, "%s: error while loading shared libraries: %s",
			 p->program, p->error);
		return true;
	}
	/* relr issues are never weak: they fail here too. */
	for (uint32_t i = 0; r->ver && i < r->ver->nissues; i++) {
		const ls_verissue *x = &r->ver->issues[i];

		if (x->weak || x->no_verdef)
			continue;
		ls_verissue_message(p, x, msg, sizeof msg);
		snprintf(buf, n, "%s: %s", p->program, msg);
		return true;
	}
	if (!b)
		return false;
	/* The loader's assertion kills the process whatever was asked:
	 * the binding pass runs for every glibc process (below). */
	if (b->assert_fail) {
		snprintf(buf, n, "Inconsistency detected by ld.so: dl-lookup.c: "
			 "check_match: Assertion failed (%s binds %s in %s, which "
			 "has no symbol versions)%s",
			 ls_deps_objname(p, b->assert_obj), b->assert_symbol,
			 ls_deps_objname(p, b->assert_definer),
			 b->assert_lazy ? ", at its first call" : "");
		return true;
	}
	/* Start-up failures first: they are what a run shows. */
	return unresolved_verdict(r, 0, buf, n) ||
	       unresolved_verdict(r, 1, buf, n);
}

/* The kernel sets AT_SECURE for set-ID programs. */
static void secure_if_setid(ls_ldconfig *cfg, ls_dsocache *cache,
			    const char *path)
{
	char inroot[PATH_MAX], host[PATH_MAX];
	const ls_dso *prog;

	if (ls_operand_path(cfg, path, inroot, sizeof inroot, host,
			    sizeof host) < 0)
		return;
	prog = ls_dsocache_get(cache, host);
	if (prog && !prog->err && prog->mode & (S_ISUID | S_ISGID))
		cfg->secure = true;
}

/* Versions, then binding: what a run of the loaded process checks. */
static int analyse(const ls_deps_opts *o, const char *path, ls_deps_result *r,
		   ls_diag *d)
{
	const ls_process *p = &r->proc;
	/* A plugin is judged as dlopen(RTLD_NOW) opens it: every symbol it
	 * needs must be there. */
	ls_bind_opts bo = { .interposition = o->interposition || r->cfg.dlopen,
			    .dlopen_now = true };
	ls_diag e = { 0 };

	if (p->is_static)
		return 0;
	if (ls_verneed_check(p, &r->vercheck, &e) < 0) {
		if (ls_input_errors_add(&r->errors, path, NULL, &e, d) < 0)
			return -1;
	} else {
		r->ver = &r->vercheck;
	}
	if (o->bind || o->interposition || r->cfg.dlopen) {
		memset(&e, 0, sizeof e);
		if (ls_bind_run(p, &bo, &r->binding, &e) < 0)
			return ls_input_errors_add(&r->errors, path, NULL, &e, d);
		r->bind = &r->binding;
	} else if (!p->fatal && !o->list &&
		   p->target.loader == LS_LOADER_GLIBC) {
		/* Without -r only glibc's check_match assertion is reported
		 * (the process dies, at start-up or at the first call); a
		 * relocation table that cannot be read is -r's to report. */
		if (ls_bind_run(p, &bo, &r->binding, &e) == 0)
			r->bind = &r->binding;
	}
	return 0;
}

int ls_deps_run(const ls_deps_opts *o, ls_dsocache *cache, const char *path,
		ls_deps_result *r, ls_diag *d)
{
	ls_diag e = { 0 };

	memset(r, 0, sizeof *r);
	r->cfg = o->cfg;
	r->bind_run = o->bind;
	r->interposition = o->interposition;
	secure_if_setid(&r->cfg, cache, path);
	if (ls_process_load(&r->proc, &r->cfg, cache, path, &e) < 0)
		return ls_input_errors_add(&r->errors, path, NULL, &e, d);
	r->loaded = true;
	r->p = &r->proc;
	if (analyse(o, path, r, d) < 0)
		return -1;
	r->failed = verdict(r, r->reason, sizeof r->reason);
	r->ok = !r->failed && !r->errors.nerrors;
	return 0;
}

void ls_deps_result_free(ls_deps_result *r)
{
	ls_bind_free(&r->binding);
	ls_vercheck_free(&r->vercheck);
	ls_process_free(&r->proc);
	ls_input_errors_free(&r->errors);
	r->p = NULL;
	r->ver = NULL;
	r->bind = NULL;
}
