/*
 * cmd_check.c - `linkscope check`: audit executables, libraries, objects
 * and archives (static or not, hardening, libc floor, Go build facts) and
 * gate CI on a policy.
 *
 * Files are independent, so they are audited by a pool of threads (-j,
 * default: the online CPUs).  Each file's report and error lines are
 * written to its own memory stream and printed in input order once all
 * are done, so the output does not depend on scheduling.
 */
#include "cli.h"
#include "pool.h"
#include "../lib/analysis/loader.h"
#include "../lib/analysis/policy.h"
#include "../lib/pipeline/check.h"
#include "../lib/report/check_report.h"
#include "../lib/version.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help_head[] =
"usage: linkscope check [options] FILE|DIR...\n"
"\n"
"Audit ELF executables, shared libraries, objects and archives (each\n"
"member) of any architecture, without running them: kind, interpreter,\n"
"static or not (and whether it runs in an empty container), DT_NEEDED,\n"
"SONAME, RPATH/RUNPATH and their risks, RELRO, BIND_NOW, PIE, NX, stack\n"
"protector, FORTIFY, TEXTREL, RWX segments, CET, BTI/PAC, x86 ISA level,\n"
"build ID, ABI tag, the GLIBC/GLIBCXX version floor with the symbols that\n"
"set it, and for Go: version, modules, build settings, cgo, link mode,\n"
"build mode and race detector (from .go.buildinfo and the pclntab).\n"
"\n"
"  -r, --recursive         walk directories (non-ELF files and symlinks skipped)\n"
"      --require=POLICY    comma-separated requirements (below); repeatable\n"
"      --json              one JSON document (docs/json-check.md)\n"
"      --sarif             SARIF 2.1.0: one result per failed requirement\n"
"      --root=DIR          judge RPATH directories inside this sysroot\n"
"      --go-funcs          list Go function names from the pclntab\n"
"      --color=WHEN        auto (default: a terminal, NO_COLOR unset), always, never\n"
"  -j, --jobs=N            audit N files at a time (default: online CPUs)\n"
"  -h, --help              this help\n"
"\n"
"Requirements (one that cannot apply to a file holds for it):\n";

static const char help_tail[] =
"\n"
"Exit status: 0 when every requirement holds, 1 when one fails (each\n"
"failure is printed with its reason), 2 when an input is unreadable or\n"
"malformed, or on bad usage.\n";

enum fmt { FMT_TEXT, FMT_JSON, FMT_SARIF };

struct opts {
	enum fmt fmt;
	bool color, go_funcs;
	const char *root;	/* canonical, NULL for "/" */
	ls_policy policy;
	char rootbuf[PATH_MAX];
};

struct job {
	char *path;		/* as named (or found by the walk) */
	char *open;		/* the file read: inside --root, or NULL (path) */
	bool walked;		/* found under a directory: skip non-ELF */
	char *out, *err;	/* the report and the error lines */
	size_t outlen, errlen;
	int errors;
	uint32_t failures;
	bool any;		/* the report holds at least one artifact */
};

struct run {
	const struct opts *o;
	struct job *jobs;
	size_t njobs, cap;
};

/* What one job's walk writes to. */
struct sink {
	const struct opts *o;
	struct job *job;
	FILE *out, *err;
	ls_json js;
};

/* Most files have nothing to say on stderr: open its stream on demand. */
static FILE *err_stream(struct sink *s)
{
	if (!s->err && !(s->err = open_memstream(&s->job->err, &s->job->errlen))) {
		fprintf(stderr, "linkscope: out of memory\n");
		exit(LS_EXIT_INPUT);
	}
	return s->err;
}

static void emit(void *ctx, const ls_check_result *res)
{
	struct sink *s = ctx;

	switch (s->o->fmt) {
	case FMT_TEXT:
		if (s->job->any)
			fputc('\n', s->out);
		ls_check_text(s->out, res, s->o->color);
		break;
	case FMT_JSON:
		ls_check_json_file(&s->js, res);
		break;
	case FMT_SARIF:
		ls_sarif_results(&s->js, res);
		break;
	}
	s->job->any = true;
}

static void run_job(const struct opts *o, struct job *j)
{
	struct sink s = { .o = o, .job = j };
	ls_check_opts co = { .root = o->root, .policy = &o->policy,
			     .go_funcs = o->go_funcs };
	ls_check_input in = { .name = j->path, .file = j->open,
			      .walked = j->walked };
	ls_check_file_result res;
	ls_diag d = { 0 };

	s.out = open_memstream(&j->out, &j->outlen);
	if (!s.out) {
		fprintf(stderr, "linkscope: out of memory\n");
		exit(LS_EXIT_INPUT);
	}
	/* Elements of the array two levels down (JSON: files; SARIF: the
	 * run's results, four levels down). */
	ls_json_init_at(&s.js, s.out, false, o->fmt == FMT_SARIF ? 4 : 2);
	if (ls_check_file(&co, &in, emit, &s, &res, &d) < 0) {
		cli_input_error_to(err_stream(&s), j->path, NULL, &d);
		j->errors++;
	}
	for (size_t k = 0; k < res.errors.n; k++)
		cli_input_error_to(err_stream(&s), res.errors.v[k].path,
				   res.errors.v[k].member, &res.errors.v[k].diag);
	j->errors += (int)res.errors.nerrors;
	j->failures += res.nfailures;
	ls_check_file_result_free(&res);
	fclose(s.out);
	if (s.err)
		fclose(s.err);
}

static void job_fn(void *ctx, size_t i)
{
	struct run *r = ctx;

	run_job(r->o, &r->jobs[i]);
}

static int add_job(struct run *r, const char *path, const char *open,
		   bool walked)
{
	if (r->njobs == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct job *p = realloc(r->jobs, cap * sizeof *p);

		if (!p)
			return -1;
		r->jobs = p;
		r->cap = cap;
	}
	memset(&r->jobs[r->njobs], 0, sizeof r->jobs[0]);
	if (!(r->jobs[r->njobs].path = strdup(path)) ||
	    (open && strcmp(open, path) &&
	     !(r->jobs[r->njobs].open = strdup(open))))
		return -1;
	r->jobs[r->njobs++].walked = walked;
	return 0;
}

/* nftw has no context argument. */
static struct run *walk_run;
static int walk_failed;

static int on_walk(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_DNR) {
		fprintf(stderr, "linkscope: %s: cannot read directory\n", path);
		walk_failed++;
	} else if (type == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0) {
		if (add_job(walk_run, path, NULL, true) < 0)
			return -1;
	}
	return 0;
}

static int cmp_job(const void *a, const void *b)
{
	return strcmp(((const struct job *)a)->path, ((const struct job *)b)->path);
}

/* Queues path, or every regular file under it (sorted) with -r.  Under
 * --root, a path inside the root is resolved there (loader.h's
 * ls_operand_path, the resolver deps uses): an absolute link in the root
 * must not lead to a host file. */
static int add_input(struct run *r, const char *path, const char *root,
		     bool recursive)
{
	ls_ldconfig cfg = { .root = root };
	char inroot[PATH_MAX], host[PATH_MAX];
	struct stat st;
	size_t first = r->njobs;

	if (ls_operand_path(&cfg, path, inroot, sizeof inroot, host,
			    sizeof host) < 0)
		snprintf(host, sizeof host, "%s", path);
	if (stat(host, &st) < 0 || !S_ISDIR(st.st_mode))
		return add_job(r, path, host, false);
	path = host;
	if (!recursive) {
		fprintf(stderr, "linkscope: %s: is a directory (use -r to walk it)\n", path);
		walk_failed++;
		return 0;
	}
	walk_run = r;
	if (nftw(path, on_walk, 32, FTW_PHYS) != 0) {
		fprintf(stderr, "linkscope: %s: %s\n", path, strerror(errno));
		walk_failed++;
	}
	qsort(r->jobs + first, r->njobs - first, sizeof r->jobs[0], cmp_job);
	return 0;
}

static int bad_usage(const char *fmt, const char *arg)
{
	return cli_usage_error("check", fmt, arg);
}

static void print_help(void)
{
	fputs(help_head, stdout);
	for (int i = 0; i < ls_requirement_count(); i++)
		printf("  %-16s %s\n", ls_requirement_usage(i), ls_requirement_desc(i));
	fputs(help_tail, stdout);
}

enum { OPT_REQUIRE = 256, OPT_JSON, OPT_SARIF, OPT_ROOT, OPT_GO_FUNCS, OPT_COLOR };

static const struct option longopts[] = {
	{ "recursive", no_argument, NULL, 'r' },
	{ "require", required_argument, NULL, OPT_REQUIRE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "sarif", no_argument, NULL, OPT_SARIF },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "go-funcs", no_argument, NULL, OPT_GO_FUNCS },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "jobs", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void print_reports(const struct opts *o, struct run *r)
{
	ls_json js;
	bool first = true;

	if (o->fmt == FMT_JSON) {
		fputs("{\"schema_version\":", stdout);
		printf("%d,\"tool\":\"linkscope\",\"version\":\"%s\",\"files\":[",
		       LS_CHECK_SCHEMA_VERSION, LS_VERSION);
	} else if (o->fmt == FMT_SARIF) {
		ls_json_init(&js, stdout, false);
		ls_sarif_begin(&js, &o->policy, LS_VERSION);
		fflush(stdout);
	}
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (j->errlen) {
			fflush(stdout);
			fwrite(j->err, 1, j->errlen, stderr);
		}
		if (j->outlen) {
			if (!first && o->fmt != FMT_TEXT)
				putchar(',');
			else if (!first)
				putchar('\n');
			fwrite(j->out, 1, j->outlen, stdout);
			first = false;
		}
		free(j->out);
		free(j->err);
	}
	if (o->fmt == FMT_JSON) {
		fputs("]}\n", stdout);
	} else if (o->fmt == FMT_SARIF) {
		/* The writer's state is still inside "results". */
		ls_sarif_end(&js);
	}
}

int cmd_check(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { .fmt = FMT_TEXT };
	struct run r = { .o = &o };
	const char *color = "auto";
	bool recursive = false;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	int c, errors = 0;
	uint32_t failures = 0;
	char err[200];

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":rj:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': recursive = true; break;
		case 'h': print_help(); return LS_EXIT_OK;
		case 'j':
			jobs = strtol(optarg, NULL, 10);
			if (jobs < 1 || jobs > 256)
				return bad_usage("--jobs takes 1 to 256, not '%s'", optarg);
			break;
		case OPT_REQUIRE:
			if (ls_policy_parse(&o.policy, optarg, err, sizeof err) < 0)
				return bad_usage("%s", err);
			break;
		case OPT_JSON: o.fmt = FMT_JSON; break;
		case OPT_SARIF: o.fmt = FMT_SARIF; break;
		case OPT_ROOT: o.root = optarg; break;
		case OPT_GO_FUNCS: o.go_funcs = true; break;
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
	o.color = o.fmt == FMT_TEXT && cli_want_color(color);
	if (o.root) {
		struct stat st;

		if (stat(o.root, &st) < 0 || !S_ISDIR(st.st_mode))
			return bad_usage("--root: '%s' is not a directory", o.root);
		/* Canonical, so that operands under it are recognised
		 * however the root was spelled. */
		if (!realpath(o.root, o.rootbuf))
			return bad_usage("--root: '%s' cannot be resolved", o.root);
		o.root = strcmp(o.rootbuf, "/") ? o.rootbuf : NULL;
	}

	walk_failed = 0;
	for (int i = optind; i < argc; i++)
		if (add_input(&r, argv[i], o.root, recursive) < 0) {
			fprintf(stderr, "linkscope: out of memory\n");
			return LS_EXIT_INPUT;
		}

	cli_parallel_for(r.njobs, jobs, job_fn, &r);

	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	print_reports(&o, &r);
	for (size_t i = 0; i < r.njobs; i++) {
		errors += r.jobs[i].errors;
		failures += r.jobs[i].failures;
		free(r.jobs[i].path);
		free(r.jobs[i].open);
	}
	free(r.jobs);
	if (fflush(stdout) != 0) {
		perror("linkscope: writing output");
		return LS_EXIT_INPUT;
	}
	if (errors || walk_failed)
		return LS_EXIT_INPUT;
	return failures ? LS_EXIT_POLICY : LS_EXIT_OK;
}
