/*
 * cmd_check.c - `linkscope check`: audit executables, libraries, objects
 * and archives (static or not, hardening, libc floor, Go build facts) and
 * gate CI on a policy.
 *
 * Files are independent, so they are audited by a pool of threads (-j,
 * default: the online CPUs).  Each file's report and error lines are
 * written to its own slot (cli.h) and printed in input order once all
 * are done, so the output does not depend on scheduling.
 */
#include "cli.h"
#include "options.h"
#include "pool.h"
#include "../lib/core/array.h"
#include "../lib/core/strvec.h"
#include "../lib/analysis/loader.h"
#include "../lib/analysis/policy.h"
#include "../lib/analysis/systarget.h"
#include "../lib/pipeline/check.h"
#include "../lib/report/check_many.h"
#include "../lib/report/check_report.h"
#include "../lib/version.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct opts {
	cli_common c;		/* first: the shared options */
	bool recursive, go_funcs;
	bool failures_only, table, no_progress, cross_fs;
	const char *root;	/* canonical, NULL for "/" */
	ls_strvec exclude;	/* --exclude GLOB, repeatable */
	ls_policy policy;
	char rootbuf[PATH_MAX];
};

struct job {
	char *path;		/* as named (or found by the walk) */
	char *open;		/* the file read: inside --root, or NULL (path) */
	bool walked;		/* found under a directory: skip non-ELF */
	uint32_t failures;
	uint32_t nskipped_members;
	bool any;		/* the report holds at least one artifact */
	bool skipped;		/* walked, neither ELF nor ar */
	bool empty;		/* walked, empty: as if not found */
};

/* Counted by the jobs as they run (any thread), for the summary and the
 * progress line. */
struct tally {
	atomic_ullong artifacts, failed;
	atomic_ullong nfail[LS_MAX_REQUIREMENTS];
	atomic_size_t done;
	atomic_llong last_ms;	/* the progress line's last update */
	size_t total;
	bool progress;
	atomic_bool shown;	/* a progress line is on the screen */
};

struct run {
	const struct opts *o;
	struct job *jobs;
	cli_slot *slots;	/* the walk's diagnostics, then one per job */
	size_t njobs, cap;
	size_t nexcluded;	/* operands and walked paths --exclude'd */
	struct tally t;
};

/* What one job's walk writes to. */
struct sink {
	const struct opts *o;
	struct job *job;
	cli_slot *slot;
	struct tally *t;
	ls_json js;
};

static void count(struct tally *t, const ls_policy *p, const ls_check_result *res)
{
	atomic_fetch_add_explicit(&t->artifacts, 1, memory_order_relaxed);
	if (res->ok)
		return;
	atomic_fetch_add_explicit(&t->failed, 1, memory_order_relaxed);
	for (uint32_t i = 0; i < res->audit.nfailures; i++) {
		/* policy.c points each failure at its requirement's text. */
		for (int k = 0; k < p->n; k++)
			if (res->audit.failures[i].requirement == p->req[k].spelled) {
				atomic_fetch_add_explicit(&t->nfail[k], 1,
							  memory_order_relaxed);
				break;
			}
	}
}

static void emit(void *ctx, const ls_check_result *res)
{
	struct sink *s = ctx;

	count(s->t, &s->o->policy, res);
	/* --failures-only: an artifact that passes is counted, not shown. */
	if (s->o->failures_only && res->ok)
		return;
	switch (s->o->c.fmt) {
	case CLI_FMT_TEXT:
		if (s->o->table) {
			ls_check_table_row(s->slot->out, res, s->o->policy.n > 0);
			break;
		}
		if (s->job->any)
			fputc('\n', s->slot->out);
		ls_check_text(s->slot->out, res, s->o->c.color);
		break;
	case CLI_FMT_JSON:
		ls_check_json_file(&s->js, res);
		break;
	case CLI_FMT_SARIF:
		ls_sarif_results(&s->js, res);
		break;
	}
	s->job->any = true;
}

static void run_job(const struct opts *o, struct job *j, cli_slot *slot,
		    struct tally *t)
{
	struct sink s = { .o = o, .job = j, .slot = slot, .t = t };
	ls_check_opts co = { .root = o->root, .policy = &o->policy,
			     .go_funcs = o->go_funcs };
	ls_check_input in = { .name = j->path, .file = j->open,
			      .walked = j->walked };
	ls_check_file_result res;
	ls_diag d = { 0 };

	cli_slot_open(slot, o->c.fmt == CLI_FMT_JSON);
	/* Only this thread writes the slot: stdio need not lock it for each
	 * of the report's hundred calls. */
	if (slot->out)
		__fsetlocking(slot->out, FSETLOCKING_BYCALLER);
	/* Elements of the array two levels down (JSON: files; SARIF: the
	 * run's results, four levels down). */
	ls_json_init_at(&s.js, slot->out, false, o->c.fmt == CLI_FMT_SARIF ? 4 : 2);
	if (ls_check_file(&co, &in, emit, &s, &res, &d) < 0)
		cli_diag(slot, j->path, NULL, &d);
	cli_diag_errors(slot, &res.errors);
	j->failures += res.nfailures;
	j->nskipped_members = res.nskipped_members;
	j->skipped = res.skipped;
	j->empty = res.empty;
	ls_check_file_result_free(&res);
	cli_slot_close(slot);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* "\rchecked N/M files" on a terminal's stderr, at most every 100 ms and
 * not before the run has taken 500 ms (a short run shows nothing).  The
 * thread that wins the compare-and-swap prints; the others go on. */
static void progress(struct tally *t)
{
	size_t done = atomic_fetch_add_explicit(&t->done, 1, memory_order_relaxed) + 1;
	long long last, now;

	if (!t->progress)
		return;
	now = now_ms();
	last = atomic_load_explicit(&t->last_ms, memory_order_relaxed);
	if (now - last < 100 ||
	    !atomic_compare_exchange_strong(&t->last_ms, &last, now))
		return;
	fprintf(stderr, "\rchecked %zu/%zu files", done, t->total);
	atomic_store(&t->shown, true);
	fflush(stderr);
}

/* When the first progress line may appear: 500 ms, or
 * LINKSCOPE_PROGRESS_DELAY_MS (as git's GIT_PROGRESS_DELAY; the tests set
 * 0 so that a short run on a fast machine still shows the line). */
static long long progress_delay_ms(void)
{
	const char *e = getenv("LINKSCOPE_PROGRESS_DELAY_MS");
	char *end;
	long long v;

	if (!e || !*e)
		return 500;
	v = strtoll(e, &end, 10);
	return *end || v < 0 || v > 3600000 ? 500 : v;
}

static void progress_clear(struct tally *t)
{
	if (atomic_load(&t->shown))
		fputs("\r\033[K", stderr);
}

static void job_fn(void *ctx, size_t i)
{
	struct run *r = ctx;

	run_job(r->o, &r->jobs[i], &r->slots[i + 1], &r->t);
	progress(&r->t);
}

static int add_job(struct run *r, const char *path, const char *open,
		   bool walked)
{
	struct job *j = ls_array_push_zero(&r->jobs, &r->njobs, &r->cap,
					    sizeof *r->jobs);

	if (!j)
		return -1;
	j->walked = walked;
	if (!(j->path = strdup(path)) ||
	    (open && strcmp(open, path) && !(j->open = strdup(open)))) {
		free(j->path);
		r->njobs--;	/* no half-made job is left behind */
		return -1;
	}
	return 0;
}

/* What the walk cannot read is reported first, in the slot before the
 * jobs'. */
static cli_slot walk_diags;
static bool walk_cross;		/* --cross-filesystems */

static void walk_error(const char *path, const char *what)
{
	ls_diag d = { 0 };

	ls_fail_nooff(&d, "%s", what);
	cli_diag(&walk_diags, path, NULL, &d);
}

static bool excluded(const struct run *r, const char *path)
{
	const ls_strvec *x = &r->o->exclude;

	return x->n && ls_check_excluded((const char *const *)x->v, x->n, path);
}

/*
 * The -r walk, as nftw(FTW_PHYS) with find -xdev's rule, but without an
 * lstat per entry: readdir's d_type says what an entry is, and a regular
 * file is judged by its own open (ls_map's fstat), so a file costs no
 * system call here.  An empty file, which nftw's lstat used to leave
 * out, is dropped by its job (ls_check_file_result.empty).  Only a file
 * system that gives no d_type (DT_UNKNOWN) costs an fstatat.  path holds
 * the directory's name (len bytes) and is extended in place.
 */
static int walk_dir(struct run *r, int fd, char *path, size_t len,
		    dev_t dev)
{
	DIR *dir = fdopendir(fd);
	struct dirent *e;
	int rc = 0;

	if (!dir) {
		close(fd);
		walk_error(path, "cannot read directory");
		return 0;
	}
	while (rc == 0 && (e = readdir(dir))) {
		unsigned char type = e->d_type;
		size_t n = strlen(e->d_name), at = len;
		struct stat st;
		int sub;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (at && path[at - 1] != '/')
			path[at++] = '/';
		if (at + n >= PATH_MAX) {
			path[len] = 0;
			walk_error(path, strerror(ENAMETOOLONG));
			continue;
		}
		memcpy(path + at, e->d_name, n + 1);
		if (type == DT_UNKNOWN) {
			if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				type = DT_LNK;	/* gone: nftw's FTW_NS, ignored */
			else if (S_ISDIR(st.st_mode))
				type = DT_DIR;
			else if (S_ISREG(st.st_mode) && st.st_size > 0)
				type = DT_REG;
		}
		/* --exclude: a matching directory is not entered, a matching
		 * file not read (an operand is judged by add_input). */
		if ((type == DT_REG || type == DT_DIR) && excluded(r, path)) {
			r->nexcluded++;
		} else if (type == DT_REG) {
			if (add_job(r, path, NULL, true) < 0)
				rc = -1;
		} else if (type == DT_DIR) {
			sub = openat(dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY |
				     O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
			if (sub < 0 || fstat(sub, &st) < 0) {
				if (sub >= 0)
					close(sub);
				walk_error(path, "cannot read directory");
			} else if (!walk_cross && st.st_dev != dev) {
				/* find -xdev: /proc, /sys, a mount under the
				 * tree are not entered. */
				close(sub);
			} else {
				rc = walk_dir(r, sub, path, at + n, dev);
			}
		}
		path[len] = 0;
	}
	closedir(dir);
	return rc;
}

/* The operand itself: a symbolic link to a directory is not followed
 * (nftw's FTW_PHYS); trailing slashes are dropped, as nftw does. */
static int walk(struct run *r, const char *root, dev_t dev)
{
	char path[PATH_MAX];
	size_t len = strlen(root);
	struct stat st;
	int fd;

	if (len >= sizeof path) {
		walk_error(root, strerror(ENAMETOOLONG));
		return 0;
	}
	memcpy(path, root, len + 1);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = 0;
	if (lstat(path, &st) < 0) {
		walk_error(root, strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return 0;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC |
		  O_NONBLOCK);
	if (fd < 0) {
		walk_error(path, "cannot read directory");
		return 0;
	}
	return walk_dir(r, fd, path, len, dev);
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

	if (excluded(r, path)) {
		r->nexcluded++;
		return 0;
	}
	if (ls_operand_path(&cfg, path, inroot, sizeof inroot, host,
			    sizeof host) < 0)
		snprintf(host, sizeof host, "%s", path);
	if (stat(host, &st) < 0 || !S_ISDIR(st.st_mode))
		return add_job(r, path, host, false);
	path = host;
	if (!recursive) {
		walk_error(path, "is a directory (use -r to walk it)");
		return 0;
	}
	if (walk(r, path, st.st_dev) < 0)
		return -1;
	qsort(r->jobs + first, r->njobs - first, sizeof r->jobs[0], cmp_job);
	return 0;
}

static const cli_cmd check_cmd;

static int set_require(void *o, const char *arg)
{
	struct opts *op = o;
	char err[1024];

	if (ls_policy_parse(&op->policy, arg, err, sizeof err) < 0)
		return cli_usage(&check_cmd, "%s", err);
	return 0;
}

/* --target A,B: the requirements target=A,target=B. */
static int set_target(void *o, const char *arg)
{
	struct opts *op = o;
	char err[1024], *spec, *w;
	size_t n = strlen(arg), items = 1;

	for (const char *c = arg; *c; c++)
		items += *c == ',';
	if (!(spec = w = malloc(n + items * 7 + 1)))
		return cli_oom();
	for (const char *c = arg;; c++) {
		if (c == arg || c[-1] == ',')
			w = stpcpy(w, "target=");
		if (!*c)
			break;
		*w++ = *c;
	}
	*w = '\0';
	if (ls_policy_parse(&op->policy, spec, err, sizeof err) < 0) {
		free(spec);
		return cli_usage(&check_cmd, "%s", err);
	}
	free(spec);
	return 0;
}

/* --list-targets: the table, then exit 0 (no input needed). */
static int list_targets(void *o, const char *arg)
{
	const char *err = NULL;

	(void)o;
	(void)arg;
	if (ls_systarget_count(&err) < 0) {
		fprintf(stderr, "linkscope check: the compiled-in target data does not parse: %s\n", err);
		return LS_EXIT_INPUT;
	}
	ls_systarget_list(stdout);
	return fflush(stdout) ? LS_EXIT_INPUT : -1;
}

static int set_exclude(void *o, const char *arg)
{
	struct opts *op = o;

	if (!*arg)
		return cli_usage(&check_cmd, "%s", "--exclude: empty pattern");
	if (ls_strvec_add(&op->exclude, arg) < 0)
		return cli_oom();
	return 0;
}

static void requirements_help(FILE *f)
{
	fputs("\nRequirements (one that cannot apply to a file holds for it):\n", f);
	for (int i = 0; i < ls_requirement_count(); i++)
		fprintf(f, "  %-16s %s\n", ls_requirement_usage(i), ls_requirement_desc(i));
}

static const cli_opt check_opts[] = {
	CLI_FLAG("recursive", 'r', struct opts, recursive,
		 "walk directories on one file system (non-ELF files\n"
		 "and symlinks skipped)"),
	CLI_FN("require", 0, CLI_REQARG, "POLICY", set_require,
	       "comma-separated requirements (below); repeatable"),
	CLI_FN("target", 0, CLI_REQARG, "NAME", set_target,
	       "would it load on NAME (debian-11, rhel-8, manylinux_2_28,\n"
	       "...), judged symbol by symbol; = --require target=NAME;\n"
	       "comma list, repeatable"),
	CLI_FN("list-targets", 0, CLI_NOARG, NULL, list_targets,
	       "list the named targets and exit"),
	CLI_FN("exclude", 0, CLI_REQARG, "GLOB", set_exclude,
	       "skip files and directories matching GLOB (without '/':\n"
	       "the base name; with '/': the whole path); repeatable"),
	CLI_STR("root", 0, "DIR", struct opts, root,
		"judge RPATH directories inside this sysroot"),
	CLI_FLAG("go-funcs", 0, struct opts, go_funcs,
		 "list Go function names from the pclntab"),
	CLI_FLAG("failures-only", 0, struct opts, failures_only,
		 "show only the artifacts that fail a requirement"),
	CLI_FLAG("table", 0, struct opts, table,
		 "one line per artifact (text only)"),
	CLI_FLAG("cross-filesystems", 0, struct opts, cross_fs,
		 "with -r, enter directories on other file systems"),
	CLI_FLAG("no-progress", 0, struct opts, no_progress,
		 "no progress line on a terminal's stderr"),
	{ 0 },
};

static const cli_cmd check_cmd = {
	.name = "check",
	.operands = "FILE|DIR...",
	.about =
"Audit ELF executables, shared libraries, objects and archives (each\n"
"member) of any architecture, without running them: kind, interpreter,\n"
"static or not (and whether it runs in an empty container), DT_NEEDED,\n"
"SONAME, RPATH/RUNPATH and their risks, RELRO, BIND_NOW, PIE, NX, stack\n"
"protector, FORTIFY, TEXTREL, RWX segments, CET, BTI/PAC, x86 ISA level,\n"
"build ID, ABI tag, the GLIBC/GLIBCXX version floor with the symbols that\n"
"set it, and for Go: version, modules, build settings, cgo, link mode,\n"
"build mode and race detector (from .go.buildinfo and the pclntab).\n",
	.more_help = requirements_help,
	.after =
"Quote a requirement with < or > in it: unquoted, --require=glibc<=2.31 is\n"
"a shell redirection.  Or write the shell-safe NAME-max=V: glibc-max=2.31\n"
"means glibc<=2.31, and so does glibc=2.31 (must run on glibc 2.31).  A\n"
"failing version gate lists every symbol above the target, by version.\n\n"
"`hardened` is Debian's hardening=+all for each kind of file (programs:\n"
"pie, relro=full, bindnow, nx, canary, fortify, no-textrel, no-rwx,\n"
"safe-rpath; shared libraries the same without pie and bindnow; objects:\n"
"canary, fortify); each part fails as hardened:PART.  canary and fortify\n"
"do not apply to pure Go (no C code); fortify holds when nothing is\n"
"fortifiable.  For Go, a failing pie/relro/bindnow names the build flags.\n\n"
"Exit status: 0 when every requirement holds, 1 when one fails (each\n"
"failure is printed with its reason), 2 when an input is unreadable or\n"
"malformed, or on bad usage.\n",
	.shared = CLI_JSON | CLI_SARIF | CLI_COLOR | CLI_JOBS | CLI_OUTPUT,
	.missing = "no input files",
	.opts = check_opts,
};

static void summarize(const struct run *r, ls_check_summary *sum)
{
	memset(sum, 0, sizeof *sum);
	sum->policy = &r->o->policy;
	sum->unreadable = r->slots[0].errors > 0;
	for (size_t i = 0; i < r->njobs; i++) {
		if (r->jobs[i].empty)
			continue;
		if (r->jobs[i].skipped)
			sum->skipped_files++;
		else
			sum->files++;
		sum->unreadable += r->slots[i + 1].errors > 0;
		sum->skipped_members += r->jobs[i].nskipped_members;
	}
	sum->excluded = r->nexcluded;
	sum->artifacts = atomic_load(&r->t.artifacts);
	sum->failed = atomic_load(&r->t.failed);
	for (int k = 0; k < r->o->policy.n; k++)
		sum->nfail[k] = atomic_load(&r->t.nfail[k]);
}

/* The reports in input order, inside the document for JSON and SARIF;
 * the summary after them (text: when more than one file was named or
 * walked). */
static void print_reports(const struct opts *o, struct run *r)
{
	ls_check_summary sum;
	ls_json js;
	char *errs;
	size_t nerrs, nfiles = 0;

	summarize(r, &sum);
	for (size_t i = 0; i < r->njobs; i++)
		nfiles += !r->jobs[i].empty;
	ls_json_init(&js, stdout, false);
	if (o->table)
		ls_check_table_head(stdout);
	if (o->c.fmt == CLI_FMT_JSON)
		ls_json_files_begin(&js, "check", LS_CHECK_SCHEMA_VERSION);
	else if (o->c.fmt == CLI_FMT_SARIF)
		ls_sarif_begin(&js, &o->policy, LS_VERSION);
	cli_slots_print(r->slots, r->njobs + 1, o->table ? "" : "\n",
			o->c.fmt == CLI_FMT_TEXT ? NULL : &js, &errs, &nerrs);
	if (o->c.fmt == CLI_FMT_JSON) {
		/* ls_json_files_end with the summary before "errors". */
		ls_json_end_array(&js);
		ls_check_summary_json(&js, &sum);
		ls_json_errors(&js, errs, nerrs);
		ls_json_end_object(&js);
		ls_json_finish(&js);
	} else if (o->c.fmt == CLI_FMT_SARIF) {
		ls_sarif_end(&js);
	} else if (nfiles + r->nexcluded > 1) {
		if (!o->table && nfiles)
			fputc('\n', stdout);
		ls_check_summary_text(stdout, &sum);
	}
	free(errs);
}

int cmd_check(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { 0 };
	struct run r = { .o = &o };
	int first, rc;
	uint32_t failures = 0;
	bool errors;

	if ((rc = cli_parse(&check_cmd, argc, argv, &o, &first)) != 0)
		return rc < 0 ? LS_EXIT_OK : rc;
	if (o.root) {
		struct stat st;

		if (stat(o.root, &st) < 0 || !S_ISDIR(st.st_mode))
			return cli_usage(&check_cmd, "--root: '%s' is not a directory", o.root);
		/* Canonical, so that operands under it are recognised
		 * however the root was spelled. */
		if (!realpath(o.root, o.rootbuf))
			return cli_usage(&check_cmd, "--root: '%s' cannot be resolved", o.root);
		o.root = strcmp(o.rootbuf, "/") ? o.rootbuf : NULL;
	}
	if (o.table && o.c.fmt != CLI_FMT_TEXT)
		return cli_usage(&check_cmd, "%s: a text format, not with --json or --sarif", "--table");
	walk_cross = o.cross_fs;

	memset(&walk_diags, 0, sizeof walk_diags);
	walk_diags.json = o.c.fmt == CLI_FMT_JSON;
	for (int i = first; i < argc; i++)
		if (add_input(&r, argv[i], o.root, o.recursive) < 0)
			return cli_oom();
	cli_slot_close(&walk_diags);
	errors = walk_diags.errors > 0;
	r.slots = calloc(r.njobs + 1, sizeof *r.slots);
	if (!r.slots)
		return cli_oom();
	r.slots[0] = walk_diags;

	r.t.total = r.njobs;
	r.t.progress = !o.no_progress && isatty(STDERR_FILENO);
	atomic_store(&r.t.last_ms, now_ms() + progress_delay_ms() - 100);
	cli_parallel_for(r.njobs, o.c.jobs, job_fn, &r);

	progress_clear(&r.t);
	for (size_t i = 0; i < r.njobs; i++) {
		errors |= r.slots[i + 1].errors > 0;
		failures += r.jobs[i].failures;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	print_reports(&o, &r);
	for (size_t i = 0; i < r.njobs; i++) {
		free(r.jobs[i].path);
		free(r.jobs[i].open);
	}
	free(r.jobs);
	free(r.slots);
	ls_strvec_free(&o.exclude);
	if ((rc = cli_flush()) != 0)
		return rc;
	if (errors)
		return LS_EXIT_INPUT;
	return failures ? LS_EXIT_POLICY : LS_EXIT_OK;
}
