/*
 * cmd_deps.c - `linkscope deps`: the dynamic loader simulated for each
 * program named: which libraries it loads, from where and why, whether
 * their versions match, which symbols stay unresolved and who interposes
 * whom, without running or dlopening anything.
 *
 * Programs are independent, so they run on a pool of threads; the files
 * they share (libc for all of them) are opened once, in one dsocache.
 * Each program's output is buffered in its slot (cli.h) and printed in
 * input order.
 */
#include "cli.h"
#include "options.h"
#include "pool.h"
#include "../lib/analysis/loader.h"
#include "../lib/pipeline/deps.h"
#include "../lib/report/deps_report.h"
#include "../lib/version.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct opts {
	cli_common c;		/* first: the shared options */
	bool list, bind, interposition, secure_flag;
	ls_ldconfig cfg;
	const char *preload[64];
	char rootbuf[PATH_MAX];
};

struct job {
	const char *path;
	int failed;
};

struct run {
	const struct opts *o;
	ls_dsocache *cache;
	struct job *jobs;
	cli_slot *slots;	/* one per job: its output and diagnostics */
	size_t njobs;
	bool many;
};

/* The slot's error lines, for what ls_deps_list writes as the loader
 * would on its stderr (not an input error: not counted). */
static FILE *loader_err(cli_slot *slot)
{
	if (!slot->err)
		slot->err = cli_memstream(&slot->errb, &slot->errn);
	return slot->err;
}

static void write_result(struct run *r, struct job *j, cli_slot *slot,
			 const ls_deps_result *res)
{
	const struct opts *o = r->o;
	ls_json js;

	if (o->c.fmt == CLI_FMT_JSON) {
		ls_json_init_at(&js, slot->out, false, 2);
		ls_deps_json_file(&js, res);
	} else if (o->list) {
		if (r->many)
			fprintf(slot->out, "%s:\n", j->path);
		/* The loader's own messages go where it writes them. */
		ls_deps_list(slot->out, loader_err(slot), res);
	} else {
		ls_deps_text(slot->out, res, o->c.color);
	}
}

static void run_job(void *ctx, size_t i)
{
	struct run *r = ctx;
	struct job *j = &r->jobs[i];
	cli_slot *slot = &r->slots[i];
	const struct opts *o = r->o;
	ls_deps_opts dopts = { .cfg = o->cfg, .bind = o->bind,
			       .interposition = o->interposition,
			       .list = o->list };
	ls_deps_result res;
	ls_diag d = { 0 };

	cli_slot_open(slot, o->c.fmt == CLI_FMT_JSON);
	if (ls_deps_run(&dopts, r->cache, j->path, &res, &d) < 0)
		cli_diag(slot, j->path, NULL, &d);
	cli_diag_errors(slot, &res.errors);
	if (res.loaded) {
		write_result(r, j, slot, &res);
		j->failed = res.failed;
	}
	ls_deps_result_free(&res);
	cli_slot_close(slot);
}

static const cli_cmd deps_cmd;

static int set_loader(void *o, const char *arg)
{
	struct opts *op = o;

	if (!strcmp(arg, "glibc"))
		op->cfg.loader = LS_LOADER_GLIBC;
	else if (!strcmp(arg, "musl"))
		op->cfg.loader = LS_LOADER_MUSL;
	else
		return cli_usage(&deps_cmd, "--loader takes glibc or musl, not '%s'", arg);
	return 0;
}

static int set_env(void *o, const char *kv)
{
	struct opts *op = o;
	const char *eq = strchr(kv, '=');
	size_t n = eq ? (size_t)(eq - kv) : strlen(kv);

	if (!eq)
		return cli_usage(&deps_cmd, "--env takes VAR=VALUE, not '%s'", kv);
	if (n == 15 && !strncmp(kv, "LD_LIBRARY_PATH", n))
		op->cfg.ld_library_path = eq + 1;
	else if (n == 10 && !strncmp(kv, "LD_PRELOAD", n))
		op->cfg.ld_preload = eq + 1;
	else if (n == 11 && !strncmp(kv, "LD_BIND_NOW", n))
		op->cfg.bind_now = eq[1] != 0;
	else
		return cli_usage(&deps_cmd, "--env: '%s' does not change what the loader "
				 "loads (LD_LIBRARY_PATH, LD_PRELOAD, LD_BIND_NOW)", kv);
	return 0;
}

static int add_preload(void *o, const char *arg)
{
	struct opts *op = o;

	if (op->cfg.npreload == 64)
		return cli_usage(&deps_cmd, "%s", "too many --preload");
	op->preload[op->cfg.npreload++] = arg;
	return 0;
}

static int set_secure(void *o, const char *arg)
{
	struct opts *op = o;

	(void)arg;
	op->cfg.secure = op->secure_flag = true;
	return 0;
}

/* --list and --json: the last one given wins. */
static int set_list(void *o, const char *arg)
{
	struct opts *op = o;

	(void)arg;
	op->list = true;
	op->c.fmt = CLI_FMT_TEXT;
	op->c.json = false;
	return 0;
}

#define O struct opts
static const cli_opt deps_opts[] = {
	CLI_STR("root", 0, "DIR", O, cfg.root,
		"a root directory: cache, config, default\n"
		"directories and loader are taken inside it"),
	CLI_FN("loader", 0, CLI_REQARG, "KIND", set_loader,
	       "glibc or musl (default: from the interpreter)"),
	CLI_FN("env", 0, CLI_REQARG, "VAR=VAL", set_env,
	       "LD_LIBRARY_PATH, LD_PRELOAD or LD_BIND_NOW for\n"
	       "the simulated process; repeatable"),
	CLI_FN("preload", 0, CLI_REQARG, "LIB", add_preload,
	       "like ld.so --preload; repeatable"),
	CLI_FN("secure", 0, CLI_NOARG, NULL, set_secure,
	       "simulate AT_SECURE (set-ID); implied for set-ID files"),
	CLI_FLAG("inhibit-cache", 0, O, cfg.inhibit_cache,
		 "do not use /etc/ld.so.cache (ld.so --inhibit-cache)"),
	CLI_STR("hwcaps", 0, "LIST", O, cfg.hwcaps,
		"glibc-hwcaps subdirectories to try, best first\n"
		"(default: those this CPU supports, for x86-64)"),
	CLI_FN("list", 0, CLI_NOARG, NULL, set_list,
	       "print exactly what ldd / ld.so --list would"),
	CLI_FLAG("bind", 'r', O, bind,
		 "resolve every undefined symbol (like ldd -r)"),
	CLI_FLAG("interposition", 0, O, interposition,
		 "symbols defined by more than one object"),
	CLI_STR("dlopen", 0, "LIB", O, cfg.dlopen,
		"then dlopen(LIB, RTLD_NOW|RTLD_LOCAL): would it open?"),
	CLI_FLAG("global", 0, O, cfg.dlopen_global, "... with RTLD_GLOBAL"),
	{ 0 },
};
#undef O

static const cli_cmd deps_cmd = {
	.name = "deps",
	.operands = "FILE...",
	.about =
"Simulate the dynamic loader (glibc's ld.so, or musl's) for each program\n"
"or library, for any architecture, without running it: the libraries it\n"
"loads in load order and why each was chosen (rpath, runpath,\n"
"LD_LIBRARY_PATH, ld.so.cache, default directories), every path tried for\n"
"a missing one, symbol versions the loader would reject, and with -r the\n"
"symbols that stay unresolved (at start-up or on first call).\n",
	.after =
"Exit status: 0 when every program would load (and with -r bind), 1 when\n"
"a library or version is missing or a symbol unresolved, 2 when an input\n"
"is unreadable or malformed, or on bad usage.\n",
	.shared = CLI_JSON | CLI_COLOR | CLI_JOBS | CLI_OUTPUT,
	.missing = "no input files",
	.opts = deps_opts,
};

static int parse(int argc, char **argv, struct opts *o, int *first)
{
	int rc = cli_parse(&deps_cmd, argc, argv, o, first);

	if (rc)
		return rc;
	if (o->cfg.dlopen_global && !o->cfg.dlopen)
		return cli_usage(&deps_cmd, "%s", "--global needs --dlopen");
	o->cfg.origin_as_given = o->list;
	if (o->list && o->c.fmt == CLI_FMT_JSON)
		o->list = false;
	if (o->list)
		o->c.color = false;
	if (o->cfg.root) {
		struct stat st;

		if (stat(o->cfg.root, &st) < 0 || !S_ISDIR(st.st_mode))
			return cli_usage(&deps_cmd, "--root: '%s' is not a directory", o->cfg.root);
		/* Canonical, so that paths under it are recognised however
		 * the root was spelled (relative, trailing '/', a symlink). */
		if (!realpath(o->cfg.root, o->rootbuf))
			return cli_usage(&deps_cmd, "--root: '%s' cannot be resolved", o->cfg.root);
		o->cfg.root = strcmp(o->rootbuf, "/") ? o->rootbuf : NULL;
	}
	o->cfg.preload = o->preload;
	return 0;
}

int cmd_deps(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { .cfg = { .loader = -1 } };
	struct run r = { .o = &o };
	ls_json js;
	char *errs;
	size_t nerrs;
	int first, rc = parse(argc, argv, &o, &first), errors = 0, failed = 0;

	if (rc)
		return rc < 0 ? LS_EXIT_OK : rc;
	r.njobs = (size_t)(argc - first);
	r.many = r.njobs > 1;
	r.jobs = calloc(r.njobs, sizeof *r.jobs);
	r.slots = calloc(r.njobs, sizeof *r.slots);
	r.cache = ls_dsocache_new();
	if (!r.jobs || !r.slots || !r.cache)
		return cli_oom();
	for (size_t i = 0; i < r.njobs; i++)
		r.jobs[i].path = argv[first + (int)i];

	cli_parallel_for(r.njobs, o.c.jobs, run_job, &r);

	for (size_t i = 0; i < r.njobs; i++) {
		errors += r.slots[i].errors;
		failed += r.jobs[i].failed;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	ls_json_init(&js, stdout, false);
	if (o.c.fmt == CLI_FMT_JSON)
		ls_json_files_begin(&js, "deps", LS_DEPS_SCHEMA_VERSION);
	cli_slots_print(r.slots, r.njobs, o.list ? NULL : "\n",
			o.c.fmt == CLI_FMT_JSON ? &js : NULL, &errs, &nerrs);
	if (o.c.fmt == CLI_FMT_JSON)
		ls_json_files_end(&js, errs, nerrs);
	free(errs);
	free(r.jobs);
	free(r.slots);
	/* Unmapping a thousand files costs more than the rest of the exit;
	 * the kernel does it anyway.  Sanitizer builds free, so that leak
	 * checking still sees everything (as git's UNLEAK). */
#if defined(__SANITIZE_ADDRESS__)
	ls_dsocache_free(r.cache);
#endif
	if ((rc = cli_flush()) != 0)
		return rc;
	if (errors)
		return LS_EXIT_INPUT;
	return failed ? LS_EXIT_POLICY : LS_EXIT_OK;
}
