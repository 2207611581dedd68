/*
 * cmd_golinkname.c - `linkscope golinkname`: every //go:linkname of a Go
 * module (its own packages and, through vendor/ or the module cache, its
 * dependencies), each pull judged as the linker of one GOROOT would judge
 * it (Go 1.23's restriction), without running the Go toolchain on the
 * sources.  `go env` is asked only for defaults the user did not give.
 */
#include "cli.h"
#include "../lib/core/mapfile.h"
#include "../lib/go/buildtags.h"
#include "../lib/go/goroot_links.h"
#include "../lib/go/linkname.h"
#include "../lib/report/golinkname_report.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
"usage: linkscope golinkname [options] DIR|FILE...\n"
"\n"
"List every //go:linkname directive of Go sources and judge each pull\n"
"(a declaration without body, or a var without value, naming another\n"
"package's symbol) as the Go 1.23+ linker would: allowed, blocked\n"
"(\"link: PKG: invalid reference to SYM\") or undefined, against the\n"
"standard library of one GOROOT.  A DIR that is a module root is scanned\n"
"with its dependencies: vendor/ when present, else the module cache\n"
"directories its go.mod requires (no network).  Build constraints (file\n"
"name suffixes, //go:build) are evaluated for the target.\n"
"\n"
"      --goroot=DIR        the Go whose linker judges (default: go env GOROOT)\n"
"      --goos=GOOS         target (default: $GOOS, else this machine's)\n"
"      --goarch=GOARCH     target (default: $GOARCH, else this machine's)\n"
"      --modcache=DIR      module cache (default: $GOMODCACHE, go env\n"
"                          GOMODCACHE, or $HOME/go/pkg/mod)\n"
"      --no-deps           only the named sources, not dependencies\n"
"      --json              one JSON document (docs/golinkname.md)\n"
"      --stats             GOROOT scan counts and time on stderr\n"
"  -h, --help              this help\n"
"\n"
"cgo is taken as enabled when CGO_ENABLED=1, or when it is unset and the\n"
"target is this machine.  Verdicts: allowed, blocked, undefined, n/a (a\n"
"push, or a target outside the standard library: not checked), unknown\n"
"(no GOROOT).  To link a blocked pull anyway: -ldflags=-checklinkname=0.\n"
"\n"
"Exit status: 0 when no pull is blocked or undefined, 1 when one is, 2 on\n"
"unreadable input or bad usage.\n";

#if defined(__x86_64__)
#define HOST_GOARCH "amd64"
#elif defined(__aarch64__)
#define HOST_GOARCH "arm64"
#elif defined(__i386__)
#define HOST_GOARCH "386"
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_GOARCH "riscv64"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_GOARCH "ppc64le"
#elif defined(__s390x__)
#define HOST_GOARCH "s390x"
#elif defined(__arm__)
#define HOST_GOARCH "arm"
#else
#define HOST_GOARCH "unknown"
#endif
#define HOST_GOOS "linux"

struct opts {
	const char *goroot, *goos, *goarch, *modcache;
	bool json, stats, no_deps;
};

struct scan {
	const struct opts *o;
	ls_buildctx ctx;
	const ls_goroot_links *g;
	ls_gofile file;
	ls_lnrec *recs;
	size_t n, cap;
	int errors;
	char **seen;		/* module directories already walked */
	size_t nseen;
};

static void oom(void)
{
	fprintf(stderr, "linkscope: out of memory\n");
	exit(LS_EXIT_INPUT);
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		oom();
	return p;
}

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		oom();
	va_end(ap);
	return p;
}

/* The first line `go env VAR` prints, or NULL (no go, or empty). */
static char *go_env(const char *var)
{
	char cmd[64], line[PATH_MAX];
	FILE *p;
	char *r = NULL;

	snprintf(cmd, sizeof cmd, "go env %s 2>/dev/null", var);
	if (!(p = popen(cmd, "r")))
		return NULL;
	if (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0])
			r = xstrndup(line, strlen(line));
	}
	pclose(p);
	return r;
}

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* `module PATH` of dir/go.mod into a new string, or NULL. */
static char *module_path(const char *dir)
{
	char *path = xasprintf("%s/go.mod", dir), line[4096], *r = NULL;
	FILE *f = fopen(path, "r");

	free(path);
	if (!f)
		return NULL;
	while (!r && fgets(line, sizeof line, f)) {
		char *s = line + strspn(line, " \t");

		if (strncmp(s, "module", 6) || (s[6] != ' ' && s[6] != '\t'))
			continue;
		s += 6 + strspn(s + 6, " \t\"");
		r = xstrndup(s, strcspn(s, " \t\r\n\""));
	}
	fclose(f);
	return r;
}

static void judge(struct scan *s, ls_lnrec *e);

static void add_rec(struct scan *s, const char *file, const ls_golinkname *l,
		    const char *pkg)
{
	ls_lnrec *e;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		void *q = realloc(s->recs, nc * sizeof *s->recs);

		if (!q)
			oom();
		s->recs = q;
		s->cap = nc;
	}
	e = &s->recs[s->n++];
	memset(e, 0, sizeof *e);
	e->file = xstrndup(file, strlen(file));
	e->line = l->line;
	e->pkg = xstrndup(pkg, strlen(pkg));
	e->local = xstrndup(l->local.p, l->local.n);
	e->target = l->target.n ? xstrndup(l->target.p, l->target.n)
				: xasprintf("%s.%.*s", pkg, (int)l->local.n, l->local.p);
	e->kind = l->kind == LS_LN_PULL ? "pull" :
		  l->kind == LS_LN_PUSH ? "push" : "unknown";
	judge(s, e);
}

/* The verdict of e, from its kind. */
static void judge(struct scan *s, ls_lnrec *e)
{
	free(e->message);
	e->message = NULL;
	e->reason = LS_LNR_NONE;
	if (!strcmp(e->kind, "push")) {
		e->verdict = LS_LNV_NA;
		e->reason = LS_LNR_PUSH;
		return;
	}
	if (!s->g) {
		e->verdict = LS_LNV_UNKNOWN;
		e->reason = LS_LNR_NO_GOROOT;
		return;
	}
	e->verdict = ls_goroot_check(s->g, e->pkg, e->target, &e->reason);
	if (e->verdict == LS_LNV_BLOCKED)
		e->message = xasprintf("link: %s: invalid reference to %s", e->pkg,
				       e->target);
	else if (e->verdict == LS_LNV_UNDEFINED)
		e->message = xasprintf("relocation target %s not defined",
				       e->target);
}

/* One .go file of the package importpath. */
static void scan_file(struct scan *s, const char *path, const char *importpath)
{
	ls_mapfile mf;
	ls_diag d = { 0 };

	if (ls_map(path, &mf, &d) < 0) {
		cli_input_error(path, NULL, &d);
		s->errors++;
		return;
	}
	if (ls_gofile_scan(mf.bytes, &s->ctx, true, &s->file) < 0)
		oom();
	if (s->file.build_ok) {
		const ls_gofile *f = &s->file;
		bool main = f->pkg.n == 4 && !memcmp(f->pkg.p, "main", 4);

		for (size_t i = 0; i < f->nlinks; i++)
			if (!f->links[i].malformed)
				add_rec(s, path, &f->links[i],
					main ? "main" : importpath);
	}
	ls_unmap(&mf);
}

static int no_dot(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* Directives of records [first, s->n) whose local is declared in another
 * file of the same directory (package): their kind from that file. */
static void resolve_unknown(struct scan *s, size_t first, const char *dir,
			    struct dirent **ents, int n)
{
	ls_gofile f = { 0 };
	size_t left = 0;

	for (size_t i = first; i < s->n; i++)
		left += !strcmp(s->recs[i].kind, "unknown");
	for (int k = 0; k < n && left; k++) {
		const char *name = ents[k]->d_name;
		size_t nl = strlen(name);
		ls_mapfile mf;
		ls_diag d = { 0 };

		if (nl < 4 || strcmp(name + nl - 3, ".go") ||
		    !ls_buildname_ok(&s->ctx, name))
			continue;
		char *path = xasprintf("%s/%s", dir, name);

		if (ls_map(path, &mf, &d) < 0) {
			free(path);
			continue;
		}
		free(path);
		if (ls_gofile_scan(mf.bytes, &s->ctx, true, &f) < 0)
			oom();
		for (size_t i = first; i < s->n && f.build_ok; i++) {
			ls_lnrec *e = &s->recs[i];
			size_t pl = strlen(e->pkg);

			if (strcmp(e->kind, "unknown"))
				continue;
			const ls_godecl *dc = ls_gofile_find(&f,
				(ls_str){ e->local, strlen(e->local) });

			if (!dc)
				continue;
			bool def = dc->kind == LS_DECL_FUNC_BODY ||
				   dc->kind == LS_DECL_VAR_INIT;
			bool onearg = !strncmp(e->target, e->pkg, pl) &&
				      e->target[pl] == '.' &&
				      !strcmp(e->target + pl + 1, e->local);

			e->kind = def || onearg ? "push" : "pull";
			judge(s, e);
			left--;
		}
		ls_unmap(&mf);
	}
	ls_gofile_free(&f);
}

/* dir is the package importpath; subdirectories extend it.  A nested
 * go.mod starts another module (vendor trees have none). */
static void walk(struct scan *s, const char *dir, const char *importpath,
		 bool top, int depth)
{
	struct dirent **ents;
	int n;

	if (depth > 64)
		return;
	n = scandir(dir, &ents, no_dot, alphasort);
	if (n < 0) {
		ls_diag d = { 0 };

		ls_fail_nooff(&d, "cannot read the directory");
		cli_input_error(dir, NULL, &d);
		s->errors++;
		return;
	}
	size_t first = s->n;

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			resolve_unknown(s, first, dir, ents, n);
		for (int i = 0; i < n; i++) {
			const char *name = ents[i]->d_name;
			char *path = xasprintf("%s/%s", dir, name);
			struct stat st;
			/* Symbolic links to directories are not followed, as
			 * go's ./... does not follow them (and loops end). */
			bool d = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);

			if (pass == 0 && !d && ls_buildname_ok(&s->ctx, name) &&
			    strlen(name) > 3 && !strcmp(name + strlen(name) - 3, ".go"))
				scan_file(s, path, importpath);
			if (pass == 1 && d && name[0] != '_' &&
			    strcmp(name, "testdata") && !(top && !strcmp(name, "vendor"))) {
				char *mod = module_path(path);
				char *ip = mod ? mod : *importpath ?
					   xasprintf("%s/%s", importpath, name) :
					   xasprintf("%s", name);

				walk(s, path, ip, false, depth + 1);
				free(ip);
			}
			free(path);
		}
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
}

static bool seen(struct scan *s, const char *dir)
{
	char real[PATH_MAX];
	void *q;

	if (!realpath(dir, real))
		return false;
	for (size_t i = 0; i < s->nseen; i++)
		if (!strcmp(s->seen[i], real))
			return true;
	if (!(q = realloc(s->seen, (s->nseen + 1) * sizeof *s->seen)))
		oom();
	s->seen = q;
	s->seen[s->nseen++] = xstrndup(real, strlen(real));
	return false;
}

/* The module cache's spelling: an upper-case letter becomes '!' + lower. */
static char *escape(const char *s)
{
	size_t n = strlen(s);
	char *r = malloc(2 * n + 1), *p = r;

	if (!r)
		oom();
	for (; *s; s++) {
		if (*s >= 'A' && *s <= 'Z') {
			*p++ = '!';
			*p++ = (char)(*s - 'A' + 'a');
		} else {
			*p++ = *s;
		}
	}
	*p = 0;
	return r;
}

static const char *modcache(struct scan *s)
{
	static char *mc;

	if (s->o->modcache)
		return s->o->modcache;
	if (!mc && getenv("GOMODCACHE") && *getenv("GOMODCACHE"))
		mc = xasprintf("%s", getenv("GOMODCACHE"));
	if (!mc)
		mc = go_env("GOMODCACHE");
	if (!mc && getenv("HOME"))
		mc = xasprintf("%s/go/pkg/mod", getenv("HOME"));
	return mc;
}

struct req {
	char *path, *version;		/* required */
	char *rpath, *rversion;		/* replacement (rversion NULL: a dir) */
};

/* Splits a go.mod line into up to 6 fields (quotes dropped, comments cut). */
static int mod_fields(char *line, char **f)
{
	int k = 0;
	char *c = strstr(line, "//");

	if (c)
		*c = 0;
	for (char *t = strtok(line, " \t\r\n\""); t && k < 6;
	     t = strtok(NULL, " \t\r\n\""))
		f[k++] = t;
	return k;
}

static size_t read_requires(const char *root, struct req **out)
{
	char *path = xasprintf("%s/go.mod", root), line[4096], *f[6];
	FILE *fp = fopen(path, "r");
	struct req *r = NULL;
	size_t n = 0;
	int block = 0;	/* 1 require, 2 replace */

	free(path);
	*out = NULL;
	if (!fp)
		return 0;
	while (fgets(line, sizeof line, fp)) {
		int k = mod_fields(line, f), i = 0, kind = block;

		if (!k)
			continue;
		if (block && !strcmp(f[0], ")")) {
			block = 0;
			continue;
		}
		if (!block && (!strcmp(f[0], "require") || !strcmp(f[0], "replace"))) {
			kind = f[0][2] == 'q' ? 1 : 2;
			if (k == 2 && !strcmp(f[1], "(")) {
				block = kind;
				continue;
			}
			i = 1;
		}
		if (kind == 1 && k - i >= 2) {
			void *q = realloc(r, (n + 1) * sizeof *r);

			if (!q)
				oom();
			r = q;
			r[n++] = (struct req){ xasprintf("%s", f[i]),
					       xasprintf("%s", f[i + 1]), NULL, NULL };
		} else if (kind == 2) {
			/* old [v] => new [v] */
			int a = i, arrow = -1;

			for (int j = i; j < k; j++)
				if (!strcmp(f[j], "=>"))
					arrow = j;
			if (arrow < 0 || arrow + 1 >= k)
				continue;
			for (size_t m = 0; m < n; m++) {
				if (strcmp(r[m].path, f[a]) ||
				    (arrow - a == 2 && strcmp(r[m].version, f[a + 1])))
					continue;
				free(r[m].rpath);
				free(r[m].rversion);
				r[m].rpath = xasprintf("%s", f[arrow + 1]);
				r[m].rversion = arrow + 2 < k ?
						xasprintf("%s", f[arrow + 2]) : NULL;
			}
		}
	}
	fclose(fp);
	*out = r;
	return n;
}

/* The dependencies of the module at root: vendor/ or the module cache. */
static void scan_deps(struct scan *s, const char *root)
{
	char *vend = xasprintf("%s/vendor", root);
	char *mt = xasprintf("%s/modules.txt", vend);
	struct req *r;
	size_t n;

	if (access(mt, R_OK) == 0) {
		walk(s, vend, "", false, 0);
		free(vend);
		free(mt);
		return;
	}
	free(vend);
	free(mt);
	n = read_requires(root, &r);
	for (size_t i = 0; i < n; i++) {
		char *dir;

		if (r[i].rpath && !r[i].rversion) {
			dir = r[i].rpath[0] == '/' ? xasprintf("%s", r[i].rpath)
						   : xasprintf("%s/%s", root, r[i].rpath);
		} else {
			const char *mc = modcache(s);
			char *ep = escape(r[i].rpath ? r[i].rpath : r[i].path);
			char *ev = escape(r[i].rpath ? r[i].rversion : r[i].version);

			dir = mc ? xasprintf("%s/%s@%s", mc, ep, ev) : NULL;
			free(ep);
			free(ev);
		}
		if (dir && is_dir(dir) && !seen(s, dir))
			walk(s, dir, r[i].path, true, 0);
		else if (dir && !is_dir(dir))
			fprintf(stderr, "linkscope golinkname: %s %s: not in %s (skipped)\n",
				r[i].path, r[i].version, dir);
		free(dir);
		free(r[i].path);
		free(r[i].version);
		free(r[i].rpath);
		free(r[i].rversion);
	}
	free(r);
}

/* The nearest directory at or above dir with a go.mod, and the import path
 * of dir in its module ("" with root NULL when there is none). */
static char *find_module(const char *dir, char **root)
{
	char real[PATH_MAX], cur[PATH_MAX];

	*root = NULL;
	if (!realpath(dir, real))
		return xasprintf("%s", "");
	snprintf(cur, sizeof cur, "%s", real);
	for (;;) {
		char *mod = module_path(cur);

		if (mod) {
			size_t cl = strlen(cur);
			char *ip = real[cl] ? xasprintf("%s%s", mod, real + cl)
					    : xasprintf("%s", mod);

			*root = xasprintf("%s", cur);
			free(mod);
			return ip;
		}
		char *sl = strrchr(cur, '/');

		if (!sl || sl == cur)
			return xasprintf("%s", "");
		*sl = 0;
	}
}

static void scan_arg(struct scan *s, const char *arg)
{
	struct stat st;
	char *root, *ip;

	if (stat(arg, &st) < 0) {
		ls_diag d = { 0 };

		ls_fail_nooff(&d, "%s", strerror(errno));
		cli_input_error(arg, NULL, &d);
		s->errors++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		char *dir = xasprintf("%s", arg), *sl = strrchr(dir, '/');

		if (sl)
			*sl = 0;
		ip = find_module(sl ? dir : ".", &root);
		scan_file(s, arg, ip);
		free(dir);
		free(ip);
		free(root);
		return;
	}
	ip = find_module(arg, &root);
	if (!seen(s, arg))
		walk(s, arg, ip, true, 0);
	if (!s->o->no_deps && root) {
		char r1[PATH_MAX], r2[PATH_MAX];

		/* Dependencies when DIR is the module's root. */
		if (realpath(arg, r1) && realpath(root, r2) && !strcmp(r1, r2))
			scan_deps(s, arg);
	}
	free(ip);
	free(root);
}

static int bad_usage(const char *fmt, const char *arg)
{
	return cli_usage_error("golinkname", fmt, arg);
}

enum { OPT_GOROOT = 256, OPT_GOOS, OPT_GOARCH, OPT_MODCACHE, OPT_JSON,
       OPT_STATS, OPT_NODEPS };

static const struct option longopts[] = {
	{ "goroot", required_argument, NULL, OPT_GOROOT },
	{ "goos", required_argument, NULL, OPT_GOOS },
	{ "goarch", required_argument, NULL, OPT_GOARCH },
	{ "modcache", required_argument, NULL, OPT_MODCACHE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "no-deps", no_argument, NULL, OPT_NODEPS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse(int argc, char **argv, struct opts *o)
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case OPT_GOROOT: o->goroot = optarg; break;
		case OPT_GOOS:
			if (!ls_known_goos(optarg, strlen(optarg)))
				return bad_usage("--goos: unknown GOOS '%s'", optarg);
			o->goos = optarg;
			break;
		case OPT_GOARCH:
			if (!ls_known_goarch(optarg, strlen(optarg)))
				return bad_usage("--goarch: unknown GOARCH '%s'", optarg);
			o->goarch = optarg;
			break;
		case OPT_MODCACHE: o->modcache = optarg; break;
		case OPT_JSON: o->json = true; break;
		case OPT_STATS: o->stats = true; break;
		case OPT_NODEPS: o->no_deps = true; break;
		case ':':
			return bad_usage("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return bad_usage("%s", "no input files");
	if (o->goroot && !is_dir(o->goroot))
		return bad_usage("--goroot: '%s' is not a directory", o->goroot);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_golinkname(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct opts o = { 0 };
	struct scan s = { .o = &o };
	int rc = parse(argc, argv, &o), failed = 0;
	char *goroot_env = NULL, version[64] = "";
	ls_goroot_links *g = NULL;
	const char *ecgo = getenv("CGO_ENABLED");

	if (rc)
		return rc < 0 ? LS_EXIT_OK : rc;
	if (!o.goos)
		o.goos = getenv("GOOS") && ls_known_goos(getenv("GOOS"), strlen(getenv("GOOS")))
			 ? getenv("GOOS") : HOST_GOOS;
	if (!o.goarch)
		o.goarch = getenv("GOARCH") && ls_known_goarch(getenv("GOARCH"), strlen(getenv("GOARCH")))
			   ? getenv("GOARCH") : HOST_GOARCH;
	s.ctx.goos = o.goos;
	s.ctx.goarch = o.goarch;
	s.ctx.cgo = ecgo && *ecgo ? !strcmp(ecgo, "1")
		    : !strcmp(o.goos, HOST_GOOS) && !strcmp(o.goarch, HOST_GOARCH);
	s.ctx.go_minor = 1000;	/* no GOROOT: every release tag holds */
	if (!o.goroot)
		o.goroot = goroot_env = go_env("GOROOT");
	if (o.goroot) {
		ls_diag d = { 0 };
		double t0 = now();

		if (ls_goroot_version(o.goroot, version, sizeof version,
				      &s.ctx.go_minor) < 0)
			s.ctx.go_minor = 1000;
		if (ls_goroot_links_load(o.goroot, &s.ctx, &g, &d) < 0) {
			cli_input_error(o.goroot, NULL, &d);
			free(goroot_env);
			return LS_EXIT_INPUT;
		}
		if (o.stats) {
			ls_goroot_stats st;

			ls_goroot_links_stats(g, &st);
			fprintf(stderr, "linkscope golinkname: %s (%s %s/%s): %zu Go files, "
				"%zu assembly files, %zu packages, %zu symbols, %zu pushed, "
				"%zu assembly symbols, %zu blockedLinknames entries; %.3f s\n",
				o.goroot, version[0] ? version : "go?", o.goos, o.goarch,
				st.go_files, st.asm_files, st.packages, st.symbols,
				st.pushes, st.asm_symbols, st.blocked, now() - t0);
		}
		ls_goroot_stats st;

		ls_goroot_links_stats(g, &st);
		if (!st.have_blocked)
			fprintf(stderr, "linkscope golinkname: %s: no blockedLinknames in "
				"src/cmd/link/internal/loader/loader.go (before Go 1.23, or "
				"not a full GOROOT): no entry is blocked by name\n", o.goroot);
	}
	s.g = g;
	for (int i = optind; i < argc; i++)
		scan_arg(&s, argv[i]);

	ls_golinkname_report rep = {
		.goroot = o.goroot, .go_version = version[0] ? version : NULL,
		.goos = o.goos, .goarch = o.goarch, .cgo = s.ctx.cgo,
		.recs = s.recs, .n = s.n,
	};

	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if (o.json)
		ls_golinkname_json(stdout, &rep);
	else
		ls_golinkname_text(stdout, &rep);
	for (size_t i = 0; i < s.n; i++) {
		ls_lnrec *e = &s.recs[i];

		failed += e->verdict == LS_LNV_BLOCKED || e->verdict == LS_LNV_UNDEFINED;
		free(e->file);
		free(e->pkg);
		free(e->local);
		free(e->target);
		free(e->message);
	}
	for (size_t i = 0; i < s.nseen; i++)
		free(s.seen[i]);
	free(s.seen);
	free(s.recs);
	ls_gofile_free(&s.file);
	ls_goroot_links_free(g);
	free(goroot_env);
	if (fflush(stdout) != 0) {
		perror("linkscope: writing output");
		return LS_EXIT_INPUT;
	}
	if (s.errors)
		return LS_EXIT_INPUT;
	return failed ? LS_EXIT_POLICY : LS_EXIT_OK;
}
