/*
 * modscan.c - the Go packages of a module and its dependencies, scanned
 * for //go:linkname directives (linkname.c) and judged against a GOROOT
 * (goroot_links.c): the module's own tree, then vendor/ or, from go.mod's
 * requirements and replaces, the module cache.  No network, no go build.
 */
#include "modscan.h"
#include "asmscan.h"
#include "golist.h"
#include "../core/array.h"
#include "../core/mapfile.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/*
 * Out of memory sets s->oom: every loop of the walk stops on it, nothing
 * half-built is added (a record, a package, a definition is added whole
 * or not at all), and the public functions return -1 with ls_oom.  A scan
 * has no useful partial result, so one flag is simpler than a -1 through
 * every level of the walk.
 */

struct ls_modpkg {
	char *path;		/* import path */
	ls_strvec imports;
	bool root, main, linked;
};

struct ls_moddef {
	char *name, *pkg;	/* a symbol a non-std package defines */
};

bool ls_lnrec_fails(const ls_lnrec *e)
{
	return e->linked && (e->verdict == LS_LNV_BLOCKED ||
			     e->verdict == LS_LNV_UNDEFINED);
}

/* `go env VAR` (no go, or an empty value: NULL). */
static char *go_env(const char *var)
{
	ls_diag d;
	char *v = ls_go_env("go", NULL, var, &d);

	if (v && !*v) {
		free(v);
		v = NULL;
	}
	return v;
}

static void report(ls_modscan *s, const char *path, const ls_diag *d)
{
	if (!d->warning)
		s->errors++;
	if (s->error)
		s->error(s->error_ctx, path, d);
}

static void skipped_dep(ls_modscan *s, const char *mod, const char *ver,
			const char *dir)
{
	ls_diag d = { 0 };

	ls_fail_nooff(&d, "%.60s %.30s: not in the module cache (skipped)",
		      mod, ver);
	d.warning = true;
	report(s, dir, &d);
}

/* A copy of s[0..n), or NULL with s->oom set. */
static char *sdup(ls_modscan *s, const char *p, size_t n)
{
	char *r = strndup(p, n);

	s->oom |= !r;
	return r;
}

__attribute__((format(printf, 2, 3)))
static char *sfmt(ls_modscan *s, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int k;

	va_start(ap, fmt);
	k = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (k < 0) {
		s->oom = true;
		return NULL;
	}
	return p;
}

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* `module PATH` of dir/go.mod into a new string, or NULL. */
static char *module_path(ls_modscan *s, const char *dir)
{
	char *path = sfmt(s, "%s/go.mod", dir), line[4096], *r = NULL;
	FILE *f = path ? ls_fopen_regular(path) : NULL;

	free(path);
	if (!f)
		return NULL;
	while (!r && !s->oom && fgets(line, sizeof line, f)) {
		char *m = line + strspn(line, " \t");

		if (strncmp(m, "module", 6) || (m[6] != ' ' && m[6] != '\t'))
			continue;
		m += 6 + strspn(m + 6, " \t\"");
		r = sdup(s, m, strcspn(m, " \t\r\n\""));
	}
	fclose(f);
	return r;
}

static void rec_free(ls_lnrec *e)
{
	free(e->file);
	free(e->pkg);
	free(e->local);
	free(e->target);
	free(e->message);
	free(e->ipath);
}

/* Appends *e (its strings owned) when they are all there; else frees
 * them, s->oom set. */
static void push_rec(ls_modscan *s, ls_lnrec *e)
{
	if (s->oom || !e->file || !e->pkg || !e->ipath || !e->local ||
	    !e->target || LS_ARRAY_PUSH(s->recs, s->n, s->cap, *e) < 0) {
		s->oom = true;
		rec_free(e);
	}
}

static void add_rec(ls_modscan *s, const char *file, const ls_golinkname *l,
		    const char *pkg, const char *ipath)
{
	ls_lnrec e = {
		.file = sdup(s, file, strlen(file)),
		.line = l->line,
		.pkg = sdup(s, pkg, strlen(pkg)),
		.ipath = sdup(s, ipath, strlen(ipath)),
		.local = sdup(s, l->local.p, l->local.n),
		.target = l->target.n ? sdup(s, l->target.p, l->target.n)
			  : sfmt(s, "%s.%.*s", pkg, (int)l->local.n, l->local.p),
		.kind = l->kind == LS_LN_PULL ? "pull" :
			l->kind == LS_LN_PUSH ? "push" : "unknown",
		.is_var = l->is_var,
	};

	push_rec(s, &e);
}

/* The package entry of path (added when new), or NULL with s->oom. */
static struct ls_modpkg *pkg_entry(ls_modscan *s, const char *path)
{
	struct ls_modpkg *p;
	char *copy;

	for (size_t i = 0; i < s->npkgs; i++)
		if (!strcmp(s->pkgs[i].path, path))
			return &s->pkgs[i];
	if (!(copy = sdup(s, path, strlen(path))))
		return NULL;
	if (!(p = ls_array_push_zero(&s->pkgs, &s->npkgs, &s->cappkgs,
				     sizeof *s->pkgs))) {
		free(copy);
		s->oom = true;
		return NULL;
	}
	p->path = copy;
	return p;
}

static void add_import(ls_modscan *s, struct ls_modpkg *p, const char *imp,
		       size_t n)
{
	for (size_t i = 0; i < p->imports.n; i++)
		if (strlen(p->imports.v[i]) == n && !memcmp(p->imports.v[i], imp, n))
			return;
	if (ls_strvec_addn(&p->imports, imp, n) < 0)
		s->oom = true;
}

static void add_def(ls_modscan *s, const char *name, size_t n, const char *pkg)
{
	struct ls_moddef e = { sdup(s, name, n), sdup(s, pkg, strlen(pkg)) };

	if (!e.name || !e.pkg ||
	    LS_ARRAY_PUSH(s->defs, s->ndefs, s->capdefs, e) < 0) {
		free(e.name);
		free(e.pkg);
		s->oom = true;
	}
}

/* Whether a linked non-std package defines name (a push or assembly). */
static bool defined_elsewhere(ls_modscan *s, const char *name)
{
	for (size_t i = 0; i < s->ndefs; i++) {
		if (strcmp(s->defs[i].name, name))
			continue;
		for (size_t k = 0; k < s->npkgs; k++)
			if (s->pkgs[k].linked && !strcmp(s->pkgs[k].path, s->defs[i].pkg))
				return true;
	}
	return false;
}

static bool std_linked(ls_modscan *s, const char *pkg, size_t n);

/* The target's package is std and the program does not link it. */
static bool target_pkg_unlinked(ls_modscan *s, const char *target)
{
	const char *sl = strrchr(target, '/');
	const char *dot = strchr(sl ? sl : target, '.');

	if (!dot || !s->linked_known ||
	    (ls_goroot_sym(s->g, target, strlen(target)) & LS_GSYM_FOREIGN))
		return false;	/* another package may define it */
	return (ls_goroot_sym(s->g, target, (size_t)(dot - target)) & LS_GSYM_PKG) &&
	       !std_linked(s, target, (size_t)(dot - target));
}

/* The verdict of e, from its kind. */
static void judge(ls_modscan *s, ls_lnrec *e)
{
	free(e->message);
	e->message = NULL;
	e->reason = LS_LNR_NONE;
	if (!strcmp(e->kind, "push")) {
		e->verdict = LS_LNV_NA;
		e->reason = LS_LNR_PUSH;
		return;
	}
	if (e->unused) {
		e->verdict = LS_LNV_NA;
		e->reason = LS_LNR_UNUSED;
		return;
	}
	if (!s->g) {
		e->verdict = LS_LNV_UNKNOWN;
		e->reason = LS_LNR_NO_GOROOT;
		return;
	}
	ls_lnref r = { .pkg = e->pkg, .target = e->target, .is_var = e->is_var,
		       .from_asm = e->from_asm,
		       .std_puller = ls_goroot_sym(s->g, e->pkg, strlen(e->pkg)) &
				     LS_GSYM_PKG,
		       .defined_elsewhere = defined_elsewhere(s, e->target) };

	e->verdict = ls_goroot_check_ref(s->g, &r, &e->reason);
	/* A std package the program does not link defines nothing there:
	 * a var is the puller's own, a function is not found. */
	if (e->verdict != LS_LNV_NA && e->reason != LS_LNR_LISTED_BLOCKED &&
	    e->reason != LS_LNR_LISTED_ALLOWED && e->reason != LS_LNR_NON_STD_DEF &&
	    !r.defined_elsewhere && target_pkg_unlinked(s, e->target)) {
		e->verdict = e->is_var ? LS_LNV_ALLOWED : LS_LNV_UNDEFINED;
		e->reason = e->is_var ? LS_LNR_OWN_VAR : LS_LNR_PKG_NOT_LINKED;
	}
	if (e->verdict == LS_LNV_BLOCKED)
		e->message = sfmt(s, "link: %s: invalid reference to %s", e->pkg,
				  e->target);
	else if (e->verdict == LS_LNV_UNDEFINED && e->reason == LS_LNR_ASM_ABI0)
		e->message = sfmt(s, "relocation target %s not defined for ABI0 "
				  "(but is defined for ABIInternal)", e->target);
	else if (e->verdict == LS_LNV_UNDEFINED)
		e->message = sfmt(s, "relocation target %s not defined",
				  e->target);
}

/* One .go file of the package importpath. */
static void scan_file(ls_modscan *s, const char *path, const char *importpath)
{
	ls_mapfile mf;
	ls_diag d = { 0 };

	if (ls_map(path, &mf, &d) < 0) {
		report(s, path, &d);
		return;
	}
	if (ls_gofile_scan(mf.bytes, &s->ctx, true, &s->file) < 0)
		s->oom = true;
	struct ls_modpkg *p = !s->oom && s->file.build_ok ?
			      pkg_entry(s, importpath) : NULL;

	if (p) {
		const ls_gofile *f = &s->file;
		bool main = f->pkg.n == 4 && !memcmp(f->pkg.p, "main", 4);

		p->main |= main;
		p->root |= s->in_root;
		for (size_t i = 0; i < f->nimports; i++)
			add_import(s, p, f->imports[i].p, f->imports[i].n);
		for (size_t i = 0; i < f->nlinks; i++)
			if (!f->links[i].malformed)
				add_rec(s, path, &f->links[i],
					main ? "main" : importpath, importpath);
	}
	ls_unmap(&mf);
}

struct asm_scan {
	ls_modscan *s;
	const char *path, *pkg;
	size_t pl;
};

/* A definition satisfies pulls of its name; a reference to another
 * package's symbol is checked as a pull (cmd/internal/obj flags every
 * named assembly symbol as linknamed; Go 1.27's loader checks
 * references from assembly objects). */
static void asm_sym(void *ctx, const ls_asmsym *a)
{
	struct asm_scan *c = ctx;

	if (a->def) {
		add_def(c->s, a->name, a->n, c->pkg);
		return;
	}
	if (!memchr(a->name, '.', a->n) ||
	    (a->n > c->pl && !memcmp(a->name, c->pkg, c->pl) && a->name[c->pl] == '.'))
		return;
	const char *sl = memrchr(a->name, '/', a->n);
	const char *dot = memchr(sl ? sl : a->name, '.', a->n - (size_t)((sl ? sl : a->name) - a->name));

	/* Only standard-library targets: the linker checks no other. */
	if (c->s->g && (!dot || !(ls_goroot_sym(c->s->g, a->name,
			  (size_t)(dot - a->name)) & LS_GSYM_PKG)))
		return;
	ls_lnrec e = {
		.file = sdup(c->s, c->path, strlen(c->path)),
		.line = a->line,
		.pkg = sdup(c->s, c->pkg, c->pl),
		.ipath = sdup(c->s, c->pkg, c->pl),
		.local = sdup(c->s, "(assembly)", 10),
		.target = sdup(c->s, a->name, a->n),
		.kind = "pull",
		.from_asm = true,
	};

	push_rec(c->s, &e);
}

/* One .s file of the package importpath. */
static void scan_asm(ls_modscan *s, const char *path, const char *importpath)
{
	ls_mapfile mf;
	ls_diag d = { 0 };

	if (ls_map(path, &mf, &d) < 0) {
		report(s, path, &d);
		return;
	}
	const char *p = (const char *)mf.bytes.base;
	size_t n = (size_t)mf.bytes.size;

	struct ls_modpkg *pk = ls_header_build(&s->ctx, p, n) == 1 ?
			       pkg_entry(s, importpath) : NULL;

	if (pk) {
		struct asm_scan c = { s, path, importpath, strlen(importpath) };

		pk->root |= s->in_root;
		ls_asm_scan(p, n, importpath, asm_sym, &c);
	}
	ls_unmap(&mf);
}

static int no_dot(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* Directives of records [first, s->n) whose local is declared in another
 * file of the same directory (package): their kind from that file. */
static void resolve_unknown(ls_modscan *s, size_t first, const char *dir,
			    struct dirent **ents, int n)
{
	ls_gofile f = { 0 };
	size_t left = 0;

	for (size_t i = first; i < s->n; i++)
		left += !strcmp(s->recs[i].kind, "unknown");
	for (int k = 0; k < n && left && !s->oom; k++) {
		const char *name = ents[k]->d_name;
		size_t nl = strlen(name);
		ls_mapfile mf;
		ls_diag d = { 0 };

		if (nl < 4 || strcmp(name + nl - 3, ".go") ||
		    !ls_buildname_ok(&s->ctx, name))
			continue;
		char *path = sfmt(s, "%s/%s", dir, name);

		if (!path || ls_map(path, &mf, &d) < 0) {
			free(path);
			continue;
		}
		free(path);
		if (ls_gofile_scan(mf.bytes, &s->ctx, true, &f) < 0)
			s->oom = true;
		for (size_t i = first; i < s->n && f.build_ok && !s->oom; i++) {
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
			e->is_var = dc->kind == LS_DECL_VAR_INIT ||
				    dc->kind == LS_DECL_VAR_NOINIT;
			left--;
		}
		ls_unmap(&mf);
	}
	ls_gofile_free(&f);
}

/*
 * A function pull that nothing in its package calls or takes leaves no
 * reference in the object file (cmd/compile relocates only where the
 * function is used), so the linker never checks it: quic-go 0.40's
 * unused crypto/tls.cipherSuiteTLS13ByID links.  Used means the name
 * appears again besides its declaration, in a built .go file of the
 * directory (a token, not in a comment or string) or as ·name( in its
 * assembly.  A method or field of the same name counts as a use.
 */
/* Assembly text names ·name( (a call or address of the package's own
 * name). */
static bool asm_mentions(ls_bytes b, ls_str name)
{
	static const char dot[] = "\xc2\xb7";
	const char *p = (const char *)b.base;
	size_t left = (size_t)b.size;

	while (left > name.n + 2) {
		const char *q = memmem(p, left, dot, 2);

		if (!q)
			return false;
		size_t off = (size_t)(q - p) + 2;

		if (left - off > name.n && !memcmp(q + 2, name.p, name.n) &&
		    q[2 + name.n] == '(')
			return true;
		p += off;
		left -= off;
	}
	return false;
}

static void mark_unused(ls_modscan *s, size_t first, const char *dir,
			struct dirent **ents, int n)
{
	size_t want = 0, *uses;

	for (size_t i = first; i < s->n; i++)
		want += !strcmp(s->recs[i].kind, "pull") && !s->recs[i].is_var &&
			!s->recs[i].from_asm;
	if (!want)
		return;
	if (!(uses = calloc(s->n - first, sizeof *uses))) {
		s->oom = true;
		return;
	}
	for (int k = 0; k < n && !s->oom; k++) {
		const char *name = ents[k]->d_name;
		size_t nl = strlen(name);
		bool go = nl > 3 && !strcmp(name + nl - 3, ".go");
		bool as = nl > 2 && !strcmp(name + nl - 2, ".s");
		ls_mapfile mf;
		ls_diag d = { 0 };

		if (!(go || as) || !ls_buildname_ok(&s->ctx, name))
			continue;
		char *path = sfmt(s, "%s/%s", dir, name);
		int rc = path ? ls_map(path, &mf, &d) : -1;

		free(path);
		if (rc < 0)
			continue;
		if (ls_header_build(&s->ctx, (const char *)mf.bytes.base,
				    (size_t)mf.bytes.size) == 1) {
			for (size_t i = first; i < s->n; i++) {
				ls_lnrec *e = &s->recs[i];
				ls_str l = { e->local, strlen(e->local) };

				if (strcmp(e->kind, "pull") || e->is_var || e->from_asm ||
				    uses[i - first] >= 2)
					continue;
				if (go)
					uses[i - first] += ls_gofile_count_ident(mf.bytes, l, 2);
				else if (asm_mentions(mf.bytes, l))
					uses[i - first] += 2;
			}
		}
		ls_unmap(&mf);
	}
	for (size_t i = first; i < s->n; i++)
		s->recs[i].unused = !strcmp(s->recs[i].kind, "pull") && !s->recs[i].is_var &&
				    !s->recs[i].from_asm && uses[i - first] < 2;
	free(uses);
}

/* dir is the package importpath; subdirectories extend it.  A nested
 * go.mod starts another module (vendor trees have none). */
static void walk(ls_modscan *s, const char *dir, const char *importpath,
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
		report(s, dir, &d);
		return;
	}
	size_t first = s->n;

	for (int pass = 0; pass < 2 && !s->oom; pass++) {
		if (pass == 1) {
			resolve_unknown(s, first, dir, ents, n);
			mark_unused(s, first, dir, ents, n);
		}
		for (int i = 0; i < n && !s->oom; i++) {
			const char *name = ents[i]->d_name;
			char *path = sfmt(s, "%s/%s", dir, name);
			struct stat st;

			if (!path)
				break;
			/* Symbolic links to directories are not followed, as
			 * go's ./... does not follow them (and loops end). */
			bool d = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);

			if (pass == 0 && !d && ls_buildname_ok(&s->ctx, name) &&
			    strlen(name) > 3 && !strcmp(name + strlen(name) - 3, ".go"))
				scan_file(s, path, importpath);
			else if (pass == 0 && !d && ls_buildname_ok(&s->ctx, name) &&
				 strlen(name) > 2 && !strcmp(name + strlen(name) - 2, ".s"))
				scan_asm(s, path, importpath);
			if (pass == 1 && d && name[0] != '_' &&
			    strcmp(name, "testdata") && !(top && !strcmp(name, "vendor"))) {
				char *mod = module_path(s, path);
				char *ip = mod ? mod : *importpath ?
					   sfmt(s, "%s/%s", importpath, name) :
					   sdup(s, name, strlen(name));

				if (ip)
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

/* Whether dir was walked already (else it is from now on); out of
 * memory counts as walked, the scan stops anyway. */
static bool seen(ls_modscan *s, const char *dir)
{
	char real[PATH_MAX];

	if (!realpath(dir, real))
		return false;
	if (ls_strvec_has(&s->seen, real))
		return true;
	if (ls_strvec_add(&s->seen, real) < 0)
		s->oom = true;
	return s->oom;
}

/* The module cache's spelling: an upper-case letter becomes '!' + lower. */
static char *escape(ls_modscan *sc, const char *s)
{
	size_t n = strlen(s);
	char *r = malloc(2 * n + 1), *p = r;

	if (!r) {
		sc->oom = true;
		return NULL;
	}
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

/* The module cache: the caller's, $GOMODCACHE, `go env GOMODCACHE`,
 * ~/go/pkg/mod.  Looked up once per scan and kept in it (freed with it). */
static const char *modcache(ls_modscan *s)
{
	const char *env = getenv("GOMODCACHE");
	char *mc = NULL;

	if (s->modcache)
		return s->modcache;
	if (s->modcache_looked)
		return s->found_modcache;
	if (env && *env)
		mc = sdup(s, env, strlen(env));
	else if (!(mc = go_env("GOMODCACHE")) && getenv("HOME"))
		mc = sfmt(s, "%s/go/pkg/mod", getenv("HOME"));
	s->found_modcache = mc;
	s->modcache_looked = true;
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

static void req_free(struct req *r)
{
	free(r->path);
	free(r->version);
	free(r->rpath);
	free(r->rversion);
}

/* The requirements of root/go.mod, replaces applied; out of memory stops
 * the read (s->oom) with what was read so far. */
static size_t read_requires(ls_modscan *s, const char *root, struct req **out)
{
	char *path = sfmt(s, "%s/go.mod", root), line[4096], *f[6];
	FILE *fp = path ? ls_fopen_regular(path) : NULL;
	struct req *r = NULL;
	size_t n = 0, cap = 0;
	int block = 0;	/* 1 require, 2 replace */

	free(path);
	*out = NULL;
	if (!fp)
		return 0;
	while (!s->oom && fgets(line, sizeof line, fp)) {
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
			struct req q = { sdup(s, f[i], strlen(f[i])),
					 sdup(s, f[i + 1], strlen(f[i + 1])),
					 NULL, NULL };

			if (!q.path || !q.version ||
			    LS_ARRAY_PUSH(r, n, cap, q) < 0) {
				req_free(&q);
				s->oom = true;
			}
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
				r[m].rpath = sdup(s, f[arrow + 1], strlen(f[arrow + 1]));
				r[m].rversion = arrow + 2 < k ?
						sdup(s, f[arrow + 2], strlen(f[arrow + 2])) : NULL;
			}
		}
	}
	fclose(fp);
	*out = r;
	return n;
}

/* The dependencies of the module at root: vendor/ or the module cache. */
/* Where the module of r is: its replacement directory, or its
 * directory in the module cache (NULL: no cache, or s->oom). */
static char *req_dir(ls_modscan *s, const char *root, const struct req *r)
{
	const char *mc;
	char *ep, *ev, *dir = NULL;

	if (r->rpath && !r->rversion)
		return r->rpath[0] == '/' ? sdup(s, r->rpath, strlen(r->rpath))
					  : sfmt(s, "%s/%s", root, r->rpath);
	mc = modcache(s);
	ep = escape(s, r->rpath ? r->rpath : r->path);
	ev = escape(s, r->rpath ? r->rversion : r->version);
	if (mc && ep && ev)
		dir = sfmt(s, "%s/%s@%s", mc, ep, ev);
	free(ep);
	free(ev);
	return dir;
}

static void scan_deps(ls_modscan *s, const char *root)
{
	char *mt = sfmt(s, "%s/vendor/modules.txt", root);
	struct req *r;
	size_t n;

	if (mt && access(mt, R_OK) == 0) {
		mt[strlen(mt) - sizeof "/modules.txt" + 1] = 0;
		walk(s, mt, "", false, 0);
		free(mt);
		return;
	}
	free(mt);
	n = read_requires(s, root, &r);
	for (size_t i = 0; i < n; i++) {
		char *dir = s->oom ? NULL : req_dir(s, root, &r[i]);

		if (dir && is_dir(dir) && !seen(s, dir))
			walk(s, dir, r[i].path, true, 0);
		else if (dir && !is_dir(dir))
			skipped_dep(s, r[i].path, r[i].version, dir);
		free(dir);
		req_free(&r[i]);
	}
	free(r);
}

/* The nearest directory at or above dir with a go.mod, and the import path
 * of dir in its module ("" with root NULL when there is none). */
static char *find_module(ls_modscan *s, const char *dir, char **root)
{
	char real[PATH_MAX], cur[PATH_MAX];

	*root = NULL;
	if (!realpath(dir, real))
		return sdup(s, "", 0);
	snprintf(cur, sizeof cur, "%s", real);
	for (;;) {
		char *mod = module_path(s, cur);

		if (mod) {
			size_t cl = strlen(cur);
			char *ip = sfmt(s, "%s%s", mod, real + cl);

			*root = sdup(s, cur, cl);
			free(mod);
			return ip;
		}
		char *sl = strrchr(cur, '/');

		if (s->oom || !sl || sl == cur)
			return sdup(s, "", 0);
		*sl = 0;
	}
}

/* One FILE argument, of the module found above it. */
static void scan_arg_file(ls_modscan *s, const char *arg)
{
	char *dir = sdup(s, arg, strlen(arg)), *sl, *root = NULL, *ip = NULL;

	if (dir) {
		if ((sl = strrchr(dir, '/')))
			*sl = 0;
		ip = find_module(s, sl ? dir : ".", &root);
	}
	if (ip && !s->oom) {
		s->in_root = true;
		if (strlen(arg) > 2 && !strcmp(arg + strlen(arg) - 2, ".s"))
			scan_asm(s, arg, ip);
		else
			scan_file(s, arg, ip);
		s->in_root = false;
	}
	free(dir);
	free(ip);
	free(root);
}

int ls_modscan_arg(ls_modscan *s, const char *arg, ls_diag *d)
{
	struct stat st;
	char *root, *ip;

	if (s->oom)
		return ls_oom(d);
	if (stat(arg, &st) < 0) {
		ls_diag e = { 0 };

		ls_fail_nooff(&e, "%s", strerror(errno));
		report(s, arg, &e);
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		scan_arg_file(s, arg);
		return s->oom ? ls_oom(d) : 0;
	}
	ip = find_module(s, arg, &root);
	s->in_root = true;
	if (ip && !s->oom && !seen(s, arg))
		walk(s, arg, ip, true, 0);
	s->in_root = false;
	if (!s->no_deps && root && !s->oom) {
		char r1[PATH_MAX], r2[PATH_MAX];

		/* Dependencies when DIR is the module's root. */
		if (realpath(arg, r1) && realpath(root, r2) && !strcmp(r1, r2))
			scan_deps(s, arg);
	}
	free(ip);
	free(root);
	return s->oom ? ls_oom(d) : 0;
}


void ls_modscan_free(ls_modscan *s)
{
	for (size_t i = 0; i < s->n; i++)
		rec_free(&s->recs[i]);
	for (size_t i = 0; i < s->npkgs; i++) {
		ls_strvec_free(&s->pkgs[i].imports);
		free(s->pkgs[i].path);
	}
	free(s->pkgs);
	for (size_t i = 0; i < s->ndefs; i++) {
		free(s->defs[i].name);
		free(s->defs[i].pkg);
	}
	free(s->defs);
	ls_strvec_free(&s->stdlinked);
	ls_strvec_free(&s->seen);
	free(s->recs);
	free(s->found_modcache);
	ls_gofile_free(&s->file);
	s->pkgs = NULL;
	s->defs = NULL;
	s->recs = NULL;
	s->found_modcache = NULL;
	s->modcache_looked = false;
	s->npkgs = s->cappkgs = s->ndefs = s->capdefs = s->n = s->cap = 0;
}

/* The linked set: module packages (linked flags) and std packages
 * (s->stdlinked, import paths). */
static bool std_linked(ls_modscan *s, const char *pkg, size_t n)
{
	for (size_t i = 0; i < s->stdlinked.n; i++)
		if (strlen(s->stdlinked.v[i]) == n &&
		    !memcmp(s->stdlinked.v[i], pkg, n))
			return true;
	return false;
}

static void mark(ls_modscan *s, const char *imp);

static void std_imp(void *ctx, const char *imp)
{
	mark(ctx, imp);
}

static void mark(ls_modscan *s, const char *imp)
{
	if (s->oom)
		return;
	for (size_t i = 0; i < s->npkgs; i++) {
		struct ls_modpkg *p = &s->pkgs[i];

		if (strcmp(p->path, imp))
			continue;
		if (p->linked)
			return;
		p->linked = true;
		for (size_t k = 0; k < p->imports.n; k++)
			mark(s, !strcmp(p->imports.v[k], "C") ? "runtime/cgo" :
				p->imports.v[k]);
		return;
	}
	if (!s->g || !(ls_goroot_sym(s->g, imp, strlen(imp)) & LS_GSYM_PKG) ||
	    std_linked(s, imp, strlen(imp)))
		return;
	if (ls_strvec_add(&s->stdlinked, imp) < 0) {
		s->oom = true;
		return;
	}
	ls_goroot_imports(s->g, imp, std_imp, s);
}

int ls_modscan_finish(ls_modscan *s, ls_diag *d)
{
	bool any_main = false;

	if (s->oom)
		return ls_oom(d);
	for (size_t i = 0; i < s->npkgs; i++)
		any_main |= s->pkgs[i].root && s->pkgs[i].main;
	/* A program links its main packages' imports; a library (no main
	 * package among the arguments) could be linked whole. */
	for (size_t i = 0; i < s->npkgs; i++)
		if (s->pkgs[i].root && (s->pkgs[i].main || !any_main))
			mark(s, s->pkgs[i].path);
	mark(s, "runtime");	/* every program links it */
	s->linked_known = s->g != NULL;
	/* Go pushes define their targets, for the pulls of other packages. */
	for (size_t i = 0; i < s->n && !s->oom; i++)
		if (!strcmp(s->recs[i].kind, "push"))
			add_def(s, s->recs[i].target, strlen(s->recs[i].target),
				s->recs[i].ipath);
	for (size_t i = 0; i < s->n && !s->oom; i++) {
		ls_lnrec *e = &s->recs[i];
		struct ls_modpkg *p = NULL;

		for (size_t k = 0; k < s->npkgs && !p; k++)
			if (!strcmp(s->pkgs[k].path, e->ipath))
				p = &s->pkgs[k];
		e->linked = !p || p->linked;
		/* The linker names a main package "main", its assembly too. */
		if (e->from_asm && p && p->main && strcmp(e->pkg, "main")) {
			char *m = sdup(s, "main", 4);

			if (!m)
				break;
			free(e->pkg);
			e->pkg = m;
		}
		judge(s, e);
	}
	return s->oom ? ls_oom(d) : 0;
}
