/*
 * cmd_deps.c - `linkscope deps`: the dynamic loader simulated for each
 * program named: which libraries it loads, from where and why, whether
 * their versions match, which symbols stay unresolved and who interposes
 * whom, without running or dlopening anything.
 *
 * Programs are independent, so they run on a pool of threads; the files
 * they share (libc for all of them) are opened once, in one dsocache.
 * Each program's output is buffered and printed in input order.
 */
#include "cli.h"
#include "pool.h"
#include "../lib/analysis/loader.h"
#include "../lib/pipeline/deps.h"
#include "../lib/report/deps_report.h"
#include "../lib/version.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
"usage: linkscope deps [options] FILE...\n"
"\n"
"Simulate the dynamic loader (glibc's ld.so, or musl's) for each program\n"
"or library, for any architecture, without running it: the libraries it\n"
"loads in load order and why each was chosen (rpath, runpath,\n"
"LD_LIBRARY_PATH, ld.so.cache, default directories), every path tried for\n"
"a missing one, symbol versions the loader would reject, and with -r the\n"
"symbols that stay unresolved (at start-up or on first call).\n"
"\n"
"      --root=DIR          a root directory: cache, config, default\n"
"                          directories and loader are taken inside it\n"
"      --loader=KIND       glibc or musl (default: from the interpreter)\n"
"      --env=VAR=VAL       LD_LIBRARY_PATH, LD_PRELOAD or LD_BIND_NOW for\n"
"                          the simulated process; repeatable\n"
"      --preload=LIB       like ld.so --preload; repeatable\n"
"      --secure            simulate AT_SECURE (set-ID); implied for set-ID files\n"
"      --inhibit-cache     do not use /etc/ld.so.cache (ld.so --inhibit-cache)\n"
"      --hwcaps=LIST       glibc-hwcaps subdirectories to try, best first\n"
"                          (default: those this CPU supports, for x86-64)\n"
"      --list              print exactly what ldd / ld.so --list would\n"
"      --json              one JSON document (docs/json-deps.md)\n"
"  -r, --bind              resolve every undefined symbol (like ldd -r)\n"
"      --interposition     symbols defined by more than one object\n"
"      --dlopen=LIB        then dlopen(LIB, RTLD_NOW|RTLD_LOCAL): would it open?\n"
"      --global            ... with RTLD_GLOBAL\n"
"      --color=WHEN        auto (default), always, never\n"
"  -j, --jobs=N            N programs at a time (default: online CPUs)\n"
"  -h, --help              this help\n"
"\n"
"Exit status: 0 when every program would load (and with -r bind), 1 when\n"
"a library or version is missing or a symbol unresolved, 2 when an input\n"
"is unreadable or malformed, or on bad usage.\n";

enum fmt { FMT_TREE, FMT_LIST, FMT_JSON };

struct opts {
	enum fmt fmt;
	bool color, bind, interposition, secure_flag;
	ls_ldconfig cfg;
	const char *preload[64];
	char rootbuf[PATH_MAX];
};

struct job {
	const char *path;
	char *out, *err;
	size_t outlen, errlen;
	int errors, failed;
};

struct run {
	const struct opts *o;
	ls_dsocache *cache;
	struct job *jobs;
	size_t njobs;
	bool many;
};

static FILE *mem_open(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f) {
		fprintf(stderr, "linkscope: out of memory\n");
		exit(LS_EXIT_INPUT);
	}
	return f;
}

static void write_result(struct run *r, struct job *j, FILE *out, FILE *err,
			 const ls_deps_result *res)
{
	const struct opts *o = r->o;
	ls_json js;

	switch (o->fmt) {
	case FMT_LIST:
		if (r->many)
			fprintf(out, "%s:\n", j->path);
		ls_deps_list(out, err, res);
		break;
	case FMT_JSON:
		ls_json_init_at(&js, out, false, 2);
		ls_deps_json_file(&js, res);
		break;
	case FMT_TREE:
		ls_deps_text(out, res, o->color);
		break;
	}
}

static void run_job(void *ctx, size_t i)
{
	struct run *r = ctx;
	struct job *j = &r->jobs[i];
	const struct opts *o = r->o;
	ls_deps_opts dopts = { .cfg = o->cfg, .bind = o->bind,
			       .interposition = o->interposition,
			       .list = o->fmt == FMT_LIST };
	FILE *out = mem_open(&j->out, &j->outlen);
	FILE *err = mem_open(&j->err, &j->errlen);
	ls_deps_result res;
	ls_diag d = { 0 };

	if (ls_deps_run(&dopts, r->cache, j->path, &res, &d) < 0) {
		cli_input_error_to(err, j->path, NULL, &d);
		j->errors++;
	}
	for (size_t k = 0; k < res.errors.n; k++)
		cli_input_error_to(err, res.errors.v[k].path,
				   res.errors.v[k].member, &res.errors.v[k].diag);
	j->errors += (int)res.errors.nerrors;
	if (res.loaded) {
		write_result(r, j, out, err, &res);
		j->failed = res.failed;
	}
	ls_deps_result_free(&res);
	fclose(out);
	fclose(err);
}

static int bad_usage(const char *fmt, const char *arg)
{
	return cli_usage_error("deps", fmt, arg);
}

enum {
	OPT_ROOT = 256, OPT_LOADER, OPT_ENV, OPT_PRELOAD, OPT_SECURE,
	OPT_INHIBIT, OPT_HWCAPS, OPT_LIST, OPT_JSON, OPT_INTERPOSITION,
	OPT_DLOPEN, OPT_GLOBAL, OPT_COLOR,
};

static const struct option longopts[] = {
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "loader", required_argument, NULL, OPT_LOADER },
	{ "env", required_argument, NULL, OPT_ENV },
	{ "preload", required_argument, NULL, OPT_PRELOAD },
	{ "secure", no_argument, NULL, OPT_SECURE },
	{ "inhibit-cache", no_argument, NULL, OPT_INHIBIT },
	{ "hwcaps", required_argument, NULL, OPT_HWCAPS },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "bind", no_argument, NULL, 'r' },
	{ "interposition", no_argument, NULL, OPT_INTERPOSITION },
	{ "dlopen", required_argument, NULL, OPT_DLOPEN },
	{ "global", no_argument, NULL, OPT_GLOBAL },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "jobs", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int set_env(struct opts *o, const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t n = eq ? (size_t)(eq - kv) : strlen(kv);

	if (!eq)
		return bad_usage("--env takes VAR=VALUE, not '%s'", kv);
	if (n == 15 && !strncmp(kv, "LD_LIBRARY_PATH", n))
		o->cfg.ld_library_path = eq + 1;
	else if (n == 10 && !strncmp(kv, "LD_PRELOAD", n))
		o->cfg.ld_preload = eq + 1;
	else if (n == 11 && !strncmp(kv, "LD_BIND_NOW", n))
		o->cfg.bind_now = eq[1] != 0;
	else
		return bad_usage("--env: '%s' does not change what the loader "
				 "loads (LD_LIBRARY_PATH, LD_PRELOAD, LD_BIND_NOW)", kv);
	return 0;
}

static int parse(int argc, char **argv, struct opts *o, long *jobs)
{
	const char *color = "auto";
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":rj:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->bind = true; break;
		case 'h': fputs(help, stdout); return -1;
		case 'j':
			*jobs = strtol(optarg, NULL, 10);
			if (*jobs < 1 || *jobs > 256)
				return bad_usage("--jobs takes 1 to 256, not '%s'", optarg);
			break;
		case OPT_ROOT: o->cfg.root = optarg; break;
		case OPT_LOADER:
			if (!strcmp(optarg, "glibc"))
				o->cfg.loader = LS_LOADER_GLIBC;
			else if (!strcmp(optarg, "musl"))
				o->cfg.loader = LS_LOADER_MUSL;
			else
				return bad_usage("--loader takes glibc or musl, not '%s'", optarg);
			break;
		case OPT_ENV:
			if (set_env(o, optarg))
				return LS_EXIT_INPUT;
			break;
		case OPT_PRELOAD:
			if (o->cfg.npreload == 64)
				return bad_usage("%s", "too many --preload");
			o->preload[o->cfg.npreload++] = optarg;
			break;
		case OPT_SECURE: o->cfg.secure = o->secure_flag = true; break;
		case OPT_INHIBIT: o->cfg.inhibit_cache = true; break;
		case OPT_HWCAPS: o->cfg.hwcaps = optarg; break;
		case OPT_LIST:
			o->fmt = FMT_LIST;
			o->cfg.origin_as_given = true;
			break;
		case OPT_JSON: o->fmt = FMT_JSON; break;
		case OPT_INTERPOSITION: o->interposition = true; break;
		case OPT_DLOPEN: o->cfg.dlopen = optarg; break;
		case OPT_GLOBAL: o->cfg.dlopen_global = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return bad_usage("--color takes auto, always or never, not '%s'", optarg);
			color = optarg;
			break;
		case ':':
			return bad_usage("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return bad_usage("%s", "no input files");
	if (o->cfg.dlopen_global && !o->cfg.dlopen)
		return bad_usage("%s", "--global needs --dlopen");
	if (o->cfg.root) {
		struct stat st;

		if (stat(o->cfg.root, &st) < 0 || !S_ISDIR(st.st_mode))
			return bad_usage("--root: '%s' is not a directory", o->cfg.root);
		/* Canonical, so that paths under it are recognised however
		 * the root was spelled (relative, trailing '/', a symlink). */
		if (!realpath(o->cfg.root, o->rootbuf))
			return bad_usage("--root: '%s' cannot be resolved", o->cfg.root);
		o->cfg.root = strcmp(o->rootbuf, "/") ? o->rootbuf : NULL;
	}
	o->cfg.preload = o->preload;
	o->color = o->fmt == FMT_TREE && cli_want_color(color);
	return 0;
}

static void print(const struct opts *o, struct run *r)
{
	bool first = true;

	if (o->fmt == FMT_JSON)
		printf("{\"schema_version\":%d,\"tool\":\"linkscope\",\"version\":\"%s\",\"files\":[",
		       LS_DEPS_SCHEMA_VERSION, LS_VERSION);
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (j->errlen) {
			fflush(stdout);
			fwrite(j->err, 1, j->errlen, stderr);
			fflush(stderr);
		}
		if (j->outlen) {
			if (!first && o->fmt == FMT_JSON)
				putchar(',');
			else if (!first && o->fmt == FMT_TREE)
				putchar('\n');
			fwrite(j->out, 1, j->outlen, stdout);
			first = false;
		}
		free(j->out);
		free(j->err);
	}
	if (o->fmt == FMT_JSON)
		fputs("]}\n", stdout);
}

int cmd_deps(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { .fmt = FMT_TREE, .cfg = { .loader = -1 } };
	struct run r = { .o = &o };
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	int rc = parse(argc, argv, &o, &jobs), errors = 0, failed = 0;

	if (rc)
		return rc < 0 ? LS_EXIT_OK : rc;
	r.njobs = (size_t)(argc - optind);
	r.many = r.njobs > 1;
	r.jobs = calloc(r.njobs, sizeof *r.jobs);
	r.cache = ls_dsocache_new();
	if (!r.jobs || !r.cache) {
		fprintf(stderr, "linkscope: out of memory\n");
		return LS_EXIT_INPUT;
	}
	for (size_t i = 0; i < r.njobs; i++)
		r.jobs[i].path = argv[optind + (int)i];

	cli_parallel_for(r.njobs, jobs, run_job, &r);

	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	print(&o, &r);
	for (size_t i = 0; i < r.njobs; i++) {
		errors += r.jobs[i].errors;
		failed += r.jobs[i].failed;
	}
	free(r.jobs);
	/* Unmapping a thousand files costs more than the rest of the exit;
	 * the kernel does it anyway.  Sanitizer builds free, so that leak
	 * checking still sees everything (as git's UNLEAK). */
#if defined(__SANITIZE_ADDRESS__)
	ls_dsocache_free(r.cache);
#endif
	if (fflush(stdout) != 0) {
		perror("linkscope: writing output");
		return LS_EXIT_INPUT;
	}
	if (errors)
		return LS_EXIT_INPUT;
	return failed ? LS_EXIT_POLICY : LS_EXIT_OK;
}
