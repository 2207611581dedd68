/*
 * loader.c - the load order and library search of glibc's ld.so and
 * musl's dynamic linker, simulated (shared/reference/linker-loader.md B).
 *
 * glibc (elf/dl-load.c _dl_map_object, elf/dl-deps.c):
 *   - a name already loaded (requested name, path or SONAME) is reused;
 *   - a name with '/' is DST-expanded and opened as given;
 *   - else DT_RPATH of the requester and up its loader chain, then of the
 *     executable (only when the requester has no DT_RUNPATH), then
 *     LD_LIBRARY_PATH, the requester's DT_RUNPATH, ld.so.cache, and the
 *     default directories (the last two not under DF_1_NODEFLIB);
 *   - every directory is tried through its glibc-hwcaps subdirectories
 *     first; wrong-class and wrong-machine files are skipped silently;
 *   - a file already loaded under another name (same dev/inode) is reused;
 *   - DT_NEEDED is walked breadth first; the loader itself joins the list
 *     where something first needs it.
 * musl (ldso/dynlink.c load_library): LD_LIBRARY_PATH first, then the
 * RUNPATH-or-RPATH of the requester and its needed_by chain, then the
 * path file; libc's names resolve to the loader itself.
 *
 * Nothing here runs, maps for execution or dlopens anything: files are
 * read through the dsocache.
 */
#include "loader_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"
#include "../readers/ldcache.h"
#include "../readers/ldconf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One search for one name. */
typedef struct search {
	ls_process *p;
	ls_dsocache *c;
	int32_t req;		/* requesting object, -1 for preloads */
	const char *name;
	bool other_class;	/* glibc: only wrong-class files were seen */
	bool stop;		/* a fatal error ended the search */
	bool host;		/* the paths tried are host paths (from the
				 * $ORIGIN of a program outside the root) */
	/* result */
	int32_t reuse;		/* an already loaded object (same inode) */
	const ls_dso *dso;
	char path[PATH_MAX];
	ls_how how;
	int32_t via;
} search;

/* Per-process state the public struct does not need to show. */
typedef struct aliasv {
	const char *name;
	uint32_t obj;
} aliasv;

typedef struct pstate {
	ls_dsocache *c;
	aliasv *alias;
	uint32_t nalias;
	size_t capalias;
	const ls_ldcache *cache;	/* NULL when none */
	char **conf_dirs;	/* when the root has no cache */
	const char *etc_preload;	/* the root's /etc/ld.so.preload */
	char main_origin[PATH_MAX];	/* the program's $ORIGIN, once known */
	char **owned;		/* strings the process owns (LD_PRELOAD names) */
	uint32_t nowned;
	size_t capowned;
	/* Memory ran out while a line of the report (a tried path, a risk,
	 * an alias or a scope entry) was added: ls_process_load fails with
	 * ls_oom instead of reporting a process with lines missing. */
	bool oom;
} pstate;

/* Notes a lost line (see pstate.oom). */
static void lost(ls_process *p)
{
	pstate *st = p->pstate;

	if (st)
		st->oom = true;
}

static const char *keep_str(pstate *st, const char *s, size_t n)
{
	char *str;

	if (ls_array_reserve(&st->owned, &st->capowned, (size_t)st->nowned + 1,
			     sizeof *st->owned) < 0 || !(str = strndup(s, n)))
		return NULL;
	st->owned[st->nowned] = str;
	return st->owned[st->nowned++];
}

const char *ls_how_name(ls_how h)
{
	switch (h) {
	case LS_HOW_MAIN: return "main";
	case LS_HOW_PRELOAD: return "preload";
	case LS_HOW_PATH: return "path";
	case LS_HOW_RPATH: return "rpath";
	case LS_HOW_LDLP: return "ld-library-path";
	case LS_HOW_RUNPATH: return "runpath";
	case LS_HOW_CACHE: return "cache";
	case LS_HOW_CONF: return "ld.so.conf";
	case LS_HOW_DEFAULT: return "default";
	case LS_HOW_MUSL_PATH: return "musl-path";
	case LS_HOW_LOADER: return "loader";
	case LS_HOW_DLOPEN: return "dlopen";
	case LS_HOW_NOT_FOUND: return "not-found";
	}
	return "?";
}

const char *ls_ldrisk_name(ls_ldrisk_kind k)
{
	switch (k) {
	case LS_LDRISK_RELATIVE: return "relative";
	case LS_LDRISK_EMPTY: return "empty";
	case LS_LDRISK_OUTSIDE_ROOT: return "outside-root";
	case LS_LDRISK_WORLD_WRITABLE: return "world-writable";
	case LS_LDRISK_NOT_ROOT_OWNED: return "not-root-owned";
	case LS_LDRISK_LDLP_ONLY: return "ld-library-path-only";
	}
	return "?";
}

/* ---- process bookkeeping ---- */

static int add_obj(ls_process *p, const char *name, const char *path,
		   const ls_dso *dso, ls_how how, int32_t via, int32_t parent)
{
	ls_ldobj *o;

	if (ls_array_reserve(&p->objs, &p->capobjs, (size_t)p->nobjs + 1,
			     sizeof *p->objs) < 0)
		return -1;
	o = &p->objs[p->nobjs];
	memset(o, 0, sizeof *o);
	o->name = name;
	o->path = path ? strdup(path) : NULL;
	if (path && !o->path)
		return -1;
	o->dso = dso;
	o->how = how;
	o->via = via;
	o->parent = parent;
	o->depth = parent >= 0 ? p->objs[parent].depth + 1 : 0;
	if (dso && dso->load.dyn.nneeded) {
		o->deps = malloc(dso->load.dyn.nneeded * sizeof *o->deps);
		if (!o->deps)
			return -1;
		for (uint32_t i = 0; i < dso->load.dyn.nneeded; i++)
			o->deps[i] = -1;
	}
	return (int)p->nobjs++;
}

static bool push_u32(uint32_t **v, uint32_t *n, size_t *cap, uint32_t x)
{
	if (ls_array_reserve(v, cap, (size_t)*n + 1, sizeof **v) < 0)
		return false;
	(*v)[(*n)++] = x;
	return true;
}

static void add_alias(ls_process *p, pstate *st, const char *name,
		      uint32_t obj)
{
	if (ls_array_reserve(&st->alias, &st->capalias, (size_t)st->nalias + 1,
			     sizeof *st->alias) < 0) {
		lost(p);
		return;
	}
	st->alias[st->nalias].name = name;
	st->alias[st->nalias++].obj = obj;
}

static void tried_push(ls_process *p, const char *path, ls_how how,
		       int32_t via, const char *skipped)
{
	if (ls_array_reserve(&p->tried, &p->captried, (size_t)p->ntried + 1,
			     sizeof *p->tried) < 0 ||
	    !(p->tried[p->ntried].path = strdup(path))) {
		lost(p);
		return;
	}
	p->tried[p->ntried].how = how;
	p->tried[p->ntried].via = via;
	p->tried[p->ntried].sub = false;
	p->tried[p->ntried++].skipped = skipped;
}

static void tried_rollback(ls_process *p, uint32_t to)
{
	while (p->ntried > to)
		free(p->tried[--p->ntried].path);
}

static void risk_push(ls_process *p, ls_ldrisk_kind kind, const char *dir,
		      size_t len, int32_t obj, ls_how how)
{
	for (uint32_t i = 0; i < p->nrisks; i++)
		if (p->risks[i].kind == kind && p->risks[i].obj == obj &&
		    strlen(p->risks[i].dir) == len &&
		    !memcmp(p->risks[i].dir, dir, len))
			return;
	if (ls_array_reserve(&p->risks, &p->caprisks, (size_t)p->nrisks + 1,
			     sizeof *p->risks) < 0 ||
	    !(p->risks[p->nrisks].dir = strndup(dir, len))) {
		lost(p);
		return;
	}
	p->risks[p->nrisks].kind = kind;
	p->risks[p->nrisks].obj = obj;
	p->risks[p->nrisks++].how = how;
}

static void fatal(ls_process *p, const char *fmt, const char *a,
		  const char *b)
{
	if (p->fatal)
		return;		/* the real loader stops at the first */
	p->fatal = true;
	snprintf(p->error, sizeof p->error, fmt, a, b);
}

/* open_verify's errors: fatal even when tracing. */
static void fatal_verify(ls_process *p, const char *path, const char *why)
{
	fatal(p, "%s: %s", path, why);
	if (p->trace_stops)
		return;
	p->trace_stops = true;
	snprintf(p->trace_error, sizeof p->trace_error, "%s: %s", path, why);
}

/* The loaded object called name (by path, requested name or SONAME), as
 * _dl_map_object looks before searching.  Missing objects never match. */
static int32_t find_loaded(ls_process *p, pstate *st, const char *name)
{
	for (uint32_t i = 0; i < p->nobjs; i++) {
		const ls_ldobj *o = &p->objs[i];
		const char *soname = o->dso ? o->dso->load.dyn.soname : NULL;

		/* A loader missing from the root is still the running one:
		 * known by its path and its file name. */
		if (!o->dso && o->rtld) {
			const char *b = strrchr(p->target.interp, '/');

			soname = b ? b + 1 : p->target.interp;
		}
		if (!o->dso && !o->rtld)
			continue;
		if (o->path && !strcmp(o->path, name))
			return (int32_t)i;
		if (o->name && !strcmp(o->name, name))
			return (int32_t)i;
		for (uint32_t a = 0; a < st->nalias; a++)
			if (st->alias[a].obj == i && !strcmp(st->alias[a].name, name))
				return (int32_t)i;
		if (soname && !strcmp(soname, name)) {
			add_alias(p, st, name, i);
			return (int32_t)i;
		}
	}
	return -1;
}

static int32_t find_inode(const ls_process *p, const ls_dso *d)
{
	for (uint32_t i = 0; i < p->nobjs; i++) {
		const ls_dso *o = p->objs[i].dso;

		if (o && o->dev == d->dev && o->ino == d->ino)
			return (int32_t)i;
	}
	return -1;
}

/* ---- trying one file ---- */

static const char *class_name(uint8_t c)
{
	return c == ELFCLASS32 ? "wrong ELF class: ELFCLASS32"
			       : "wrong ELF class: ELFCLASS64";
}

/* The words of glibc's open_verify (elf/dl-load.c) for a file it cannot
 * use: shorter than the loader's ELF header, "file too short"; a bad
 * magic, "invalid ELF header"; anything subtler is linkscope's own
 * reason (the real loader may fail later, in _dl_map_object_from_fd). */
static const char *open_verify_error(const ls_target *t, const ls_dso *d)
{
	uint64_t ehdr = t->elfclass == ELFCLASS32 ? 52 : 64;

	if (t->loader == LS_LOADER_MUSL)
		return d->diag.msg;
	if (d->map.bytes.size < ehdr)
		return "file too short";
	if (!ls_is_elf(d->map.bytes))
		return "invalid ELF header";
	return d->diag.msg;
}

/* 1 found, 0 keep looking; s->stop set on a fatal error. */
static int try_file(search *s, const char *path, ls_how how, int32_t via)
{
	ls_process *p = s->p;
	const ls_target *t = &p->target;
	char host[PATH_MAX];
	const ls_dso *d;
	const char *skipped = NULL;

	if (s->host && snprintf(host, sizeof host, "%s", path) >= (int)sizeof host)
		host[0] = 0;
	if ((s->host ? !host[0] : !ls_host_path(p->cfg, path, host, sizeof host)) ||
	    !(d = ls_dsocache_get(s->c, host))) {
		tried_push(p, path, how, via, "path too long");
		return 0;
	}
	/* open_verify opens a directory and fails reading it: fatal. */
	if (d->err == EISDIR && t->loader == LS_LOADER_GLIBC) {
		tried_push(p, path, how, via, "is a directory");
		fatal_verify(p, path, "cannot read file data: Error 21");
		s->stop = true;
		return 0;
	}
	if (d->err) {
		tried_push(p, path, how, via, NULL);
		if (t->loader == LS_LOADER_MUSL && d->err != ENOENT &&
		    d->err != ENOTDIR && d->err != EACCES && d->err != EISDIR)
			s->stop = true;	/* path_open gives up on other errors */
		return 0;
	}
	if (d->malformed) {
		tried_push(p, path, how, via, d->diag.msg);
		fatal_verify(p, path, open_verify_error(t, d));
		s->stop = true;
		return 0;
	}
	if (d->obj.elfclass != t->elfclass) {
		skipped = class_name(d->obj.elfclass);
		s->other_class = true;
	} else if (d->obj.machine != t->machine) {
		skipped = "wrong machine";
	} else if (d->obj.order != t->order) {
		tried_push(p, path, how, via, "wrong byte order");
		fatal_verify(p, path, t->order == LS_LE
			     ? "ELF file data encoding not little-endian"
			     : "ELF file data encoding not big-endian");
		s->stop = true;
		return 0;
	}
	if (skipped) {
		tried_push(p, path, how, via, skipped);
		if (t->loader == LS_LOADER_MUSL) {
			/* musl maps what it opened; a foreign file fails. */
			fatal(p, "%s: %s", path, "Exec format error");
			s->stop = true;
		}
		return 0;
	}
	tried_push(p, path, how, via, NULL);
	s->dso = d;
	s->reuse = find_inode(p, d);
	snprintf(s->path, sizeof s->path, "%s", path);
	s->how = how;
	s->via = via;
	return 1;
}

static bool join(char *out, size_t sz, const char *dir, const char *sub,
		 const char *name)
{
	/* "" is glibc's empty element: the name relative to the cwd. */
	const char *sep = !*dir || !strcmp(dir, "/") ? "" : "/";
	int n;

	if (sub)
		n = snprintf(out, sz, "%s%s%s/%s", dir, sep, sub, name);
	else
		n = snprintf(out, sz, "%s%s%s", dir, sep, name);
	return n > 0 && (size_t)n < sz;
}

static int try_sub(search *s, const char *path, ls_how how, int32_t via)
{
	uint32_t n = s->p->ntried;
	int r = try_file(s, path, how, via);

	if (s->p->ntried > n)
		s->p->tried[n].sub = true;
	return r;
}

/* glibc: DIR/glibc-hwcaps/SUB/name for each SUB, legacy subdirs, DIR/name. */
static int try_dir_glibc(search *s, const char *dir, ls_how how, int32_t via)
{
	const ls_target *t = &s->p->target;
	char path[PATH_MAX], sub[128];

	for (char **h = t->hwcaps; *h && !s->stop; h++) {
		snprintf(sub, sizeof sub, "glibc-hwcaps/%s", *h);
		if (join(path, sizeof path, dir, sub, s->name) &&
		    try_sub(s, path, how, via))
			return 1;
	}
	for (char **l = t->legacy; *l && !s->stop; l++)
		if (join(path, sizeof path, dir, *l, s->name) &&
		    try_sub(s, path, how, via))
			return 1;
	if (s->stop)
		return 0;
	return join(path, sizeof path, dir, NULL, s->name) &&
	       try_file(s, path, how, via);
}

/* musl: "%.*s/%s", so an empty element means "/". */
static int try_dir_musl(search *s, const char *dir, size_t len, ls_how how,
			int32_t via)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%.*s/%s", (int)len, dir, s->name);

	return n > 0 && (size_t)n < sizeof path && try_file(s, path, how, via);
}

/*
 * The directory of object i as $ORIGIN sees it.  A program started by
 * exec has the kernel's /proc/self/exe, symlinks resolved; under
 * `ld.so PROG` (and so ldd) glibc takes the name given, prefixed with the
 * cwd when relative, and strips its last component without normalising
 * ("./app" gives "/cwd/.").  musl takes the dirname as written.
 */
static void origin_of(const ls_process *p, int32_t i, char *out, size_t sz)
{
	pstate *st = p->pstate;
	const char *path = i >= 0 ? p->objs[i].path : NULL;
	bool musl = p->target.loader == LS_LOADER_MUSL;
	char buf[PATH_MAX], cwd[PATH_MAX];
	char *slash;

	out[0] = 0;
	if (!path)
		return;
	if (i == 0 && st->main_origin[0]) {
		snprintf(out, sz, "%s", st->main_origin);
		return;
	}
	if (i == 0 && !p->cfg->origin_as_given) {
		char host[PATH_MAX], real[PATH_MAX];

		if (ls_host_path(p->cfg, path, host, sizeof host) &&
		    realpath(host, real)) {
			const char *r = real;
			size_t rl = p->cfg->root ? strlen(p->cfg->root) : 0;

			if (rl > 1 && !strncmp(real, p->cfg->root, rl) &&
			    real[rl] == '/')
				r = real + rl;
			ls_dirname(r, st->main_origin, sizeof st->main_origin);
			snprintf(out, sz, "%s", st->main_origin);
			return;
		}
	}
	if (musl || path[0] == '/') {
		ls_dirname(path, out, sz);
		return;
	}
	if (p->cfg->cwd)
		snprintf(cwd, sizeof cwd, "%s", p->cfg->cwd);
	else if (!getcwd(cwd, sizeof cwd))
		return;
	if (snprintf(buf, sizeof buf, "%s/%s", cwd, path) >= (int)sizeof buf)
		return;
	slash = strrchr(buf, '/');
	if (slash == buf)
		slash++;
	*slash = 0;
	snprintf(out, sz, "%s", buf);
}

static bool trusted_dir(const ls_target *t, const char *dir)
{
	for (char **d = t->default_dirs; *d; d++) {
		size_t n = strlen(*d);

		if (!strncmp(dir, *d, n) && (dir[n] == 0 || dir[n] == '/'))
			return true;
	}
	return false;
}

/* A directory on disk that someone other than root can plant files in. */
static void dir_risk(ls_process *p, const char *dir, int32_t owner, ls_how how)
{
	char host[PATH_MAX];
	struct stat st;
	bool rooted = p->cfg->root && *p->cfg->root &&
		      strcmp(p->cfg->root, "/");

	if (dir[0] != '/' || !ls_host_path(p->cfg, dir, host, sizeof host))
		return;
	if (stat(host, &st) < 0) {
		/* A build machine's directory that the root does not have. */
		if (rooted && stat(dir, &st) == 0)
			risk_push(p, LS_LDRISK_OUTSIDE_ROOT, dir, strlen(dir),
				  owner, how);
		return;
	}
	if (!S_ISDIR(st.st_mode))
		return;
	/* Sticky or not (/tmp is 1777): anyone may create the library
	 * before its owner does; check judges it the same way. */
	if (st.st_mode & S_IWOTH)
		risk_push(p, LS_LDRISK_WORLD_WRITABLE, dir, strlen(dir), owner, how);
	/* Ownership means nothing inside a root copied by a build user. */
	else if (!rooted && st.st_uid != 0)
		risk_push(p, LS_LDRISK_NOT_ROOT_OWNED, dir, strlen(dir), owner, how);
}

/*
 * One element of a search list, expanded: 1 with dir filled, 0 when the
 * loader drops it.  The empty element is "" (glibc opens the bare name,
 * relative to the cwd; musl's "%.*s/%s" makes it "/").
 */
static int expand_elem(ls_process *p, int32_t owner, const char *origin,
		       const char *e, size_t n, char *dir, size_t sz)
{
	bool musl = p->target.loader == LS_LOADER_MUSL;
	int x = 1;
	size_t dl;

	dir[0] = 0;
	if (n)
		x = ls_dst_expand(&p->target, p->cfg->secure,
				  origin[0] ? origin : NULL, e, n, dir, sz);
	/* Set-ID: the program's own $ORIGIN paths must expand into a
	 * trusted (system) directory. */
	if (x == 1 && !musl && p->cfg->secure && owner == 0 &&
	    memchr(e, '$', n) && !trusted_dir(&p->target, dir))
		x = 0;
	if (x != 1)
		return 0;
	/* glibc drops trailing slashes, except for "/". */
	dl = strlen(dir);
	while (!musl && dl > 1 && dir[dl - 1] == '/')
		dir[--dl] = 0;
	return 1;
}

/* The risks of one list, judged once per process after the load. */
static void list_risks(ls_process *p, const char *list, const char *seps,
		       ls_how how, int32_t owner)
{
	char origin[PATH_MAX], dir[PATH_MAX];

	origin_of(p, owner, origin, sizeof origin);
	for (const char *e = list;;) {
		size_t n = strcspn(e, seps);

		if (n == 0)
			risk_push(p, LS_LDRISK_EMPTY, "", 0, owner, how);
		else if (expand_elem(p, owner, origin, e, n, dir, sizeof dir)) {
			/* $ORIGIN of a program outside the root names a host
			 * directory, not one of the root's. */
			bool host = owner == 0 && p->prog_outside_root &&
				    memchr(e, '$', n);

			if (dir[0] != '/')
				risk_push(p, LS_LDRISK_RELATIVE, dir, strlen(dir),
					  owner, how);
			else if (how != LS_HOW_LDLP && !host)
				dir_risk(p, dir, owner, how);
		}
		e += n;
		if (!*e)
			break;
		e++;
	}
}

static void path_risks(ls_process *p)
{
	bool musl = p->target.loader == LS_LOADER_MUSL;

	for (uint32_t i = 0; i < p->nobjs; i++) {
		const ls_dso *d = p->objs[i].dso;

		if (!d)
			continue;
		if (d->load.dyn.runpath)
			list_risks(p, d->load.dyn.runpath, musl ? ":\n" : ":",
				   LS_HOW_RUNPATH, (int32_t)i);
		/* Both loaders ignore DT_RPATH beside DT_RUNPATH. */
		if (d->load.dyn.rpath && !d->load.dyn.runpath)
			list_risks(p, d->load.dyn.rpath, musl ? ":\n" : ":", LS_HOW_RPATH,
				   (int32_t)i);
	}
	if (p->cfg->ld_library_path && !p->cfg->secure)
		list_risks(p, p->cfg->ld_library_path, musl ? ":\n" : ":;",
			   LS_HOW_LDLP, 0);
}

/*
 * Searches a colon-separated list (RPATH, RUNPATH, LD_LIBRARY_PATH) owned
 * by object owner (for $ORIGIN).  seps is ":" for the tags and ":;" for
 * LD_LIBRARY_PATH, as glibc splits them.
 */
static int try_list(search *s, const char *list, const char *seps,
		    ls_how how, int32_t owner)
{
	ls_process *p = s->p;
	char origin[PATH_MAX], dir[PATH_MAX];
	bool musl = p->target.loader == LS_LOADER_MUSL;

	origin_of(p, owner >= 0 ? owner : 0, origin, sizeof origin);
	for (const char *e = list; !s->stop;) {
		size_t n = strcspn(e, seps);

		if (expand_elem(p, owner, origin, e, n, dir, sizeof dir)) {
			s->host = owner == 0 && p->prog_outside_root &&
				  memchr(e, '$', n);
			if (musl ? try_dir_musl(s, dir, strlen(dir), how, owner)
				 : try_dir_glibc(s, dir, how, owner)) {
				s->host = false;
				return 1;
			}
			s->host = false;
		}
		e += n;
		if (!*e)
			break;
		e++;
	}
	return 0;
}

static bool under_system_dir(const ls_target *t, const char *path)
{
	for (char **d = t->default_dirs; *d; d++) {
		size_t n = strlen(*d);

		if (!strncmp(path, *d, n) && path[n] == '/')
			return true;
	}
	return false;
}

/* glibc ignores a cache written for the other byte order. */
static bool cache_fits(const ls_ldcache *c, const ls_target *t)
{
	uint8_t o = c->hdr_flags & 3;

	return o < 2 || (o == 2) == (t->order == LS_LE);
}

static int search_glibc(search *s, pstate *st, bool use_ldlp)
{
	ls_process *p = s->p;
	const ls_ldconfig *cfg = p->cfg;
	const ls_ldobj *req = s->req >= 0 ? &p->objs[s->req] : NULL;
	const ls_dso *rd = req ? req->dso : NULL;
	const ls_ldobj *deflib = req ? req : &p->objs[0];
	bool nodeflib = deflib->dso && (deflib->dso->load.dyn.flags_1 & DF_1_NODEFLIB);

	/* DT_RPATH of the requester and up, then the executable's; only
	 * when the requester has no DT_RUNPATH.  An object with both tags
	 * has its RPATH ignored. */
	if (!rd || !rd->load.dyn.runpath) {
		bool did_main = false;

		for (int32_t l = s->req; l >= 0 && !s->stop;
		     l = p->objs[l].parent) {
			const ls_dso *ld = p->objs[l].dso;

			if (!ld || !ld->load.dyn.rpath || ld->load.dyn.runpath)
				continue;
			if (try_list(s, ld->load.dyn.rpath, ":", LS_HOW_RPATH, l))
				return 1;
			did_main |= l == 0;
		}
		const ls_dso *md = p->objs[0].dso;

		if (!did_main && !s->stop && md && md->load.dyn.rpath && !md->load.dyn.runpath &&
		    try_list(s, md->load.dyn.rpath, ":", LS_HOW_RPATH, 0))
			return 1;
	}
	if (use_ldlp && !s->stop && cfg->ld_library_path && !cfg->secure &&
	    try_list(s, cfg->ld_library_path, ":;", LS_HOW_LDLP, 0))
		return 1;
	if (!s->stop && rd && rd->load.dyn.runpath &&
	    try_list(s, rd->load.dyn.runpath, ":", LS_HOW_RUNPATH, s->req))
		return 1;
	if (!s->stop && st->cache && cache_fits(st->cache, &p->target)) {
		const char *hit = ls_ldcache_lookup_legacy(st->cache, s->name,
							   p->target.cache_flags,
							   p->target.hwcaps,
							   p->target.isa_mask,
							   p->target.legacy_hwcap);

		if (hit && nodeflib && under_system_dir(&p->target, hit))
			tried_push(p, hit, LS_HOW_CACHE, -1,
				   "a system directory, and the requester has DF_1_NODEFLIB");
		else if (hit && try_file(s, hit, LS_HOW_CACHE, -1))
			return 1;
	}
	if (!s->stop && !nodeflib)
		for (char **d = p->target.default_dirs; *d && !s->stop; d++)
			if (try_dir_glibc(s, *d, LS_HOW_DEFAULT, -1))
				return 1;
	return 0;
}

static int search_musl(search *s)
{
	ls_process *p = s->p;
	const ls_ldconfig *cfg = p->cfg;

	if (cfg->ld_library_path && !cfg->secure &&
	    try_list(s, cfg->ld_library_path, ":\n", LS_HOW_LDLP, 0))
		return 1;
	for (int32_t l = s->req; l >= 0 && !s->stop; l = p->objs[l].parent) {
		const ls_dso *ld = p->objs[l].dso;
		const char *rp = ld ? (ld->load.dyn.runpath ? ld->load.dyn.runpath : ld->load.dyn.rpath) : NULL;
		bool bad = false;

		if (!rp)
			continue;
		/* Any '$' but $ORIGIN makes musl ignore the whole list; the
		 * main program's $ORIGIN is ignored when secure. */
		for (const char *t = strchr(rp, '$'); t; t = strchr(t + 1, '$'))
			if (strncmp(t, "$ORIGIN", 7) && strncmp(t, "${ORIGIN}", 9))
				bad = true;
		if (bad || (strchr(rp, '$') && cfg->secure && l == 0))
			continue;
		if (try_list(s, rp, ":\n", ld->load.dyn.runpath ? LS_HOW_RUNPATH
					    : LS_HOW_RPATH, l))
			return 1;
	}
	for (char **d = p->target.default_dirs; *d && !s->stop; d++)
		if (try_dir_musl(s, *d, strlen(*d), LS_HOW_MUSL_PATH, -1))
			return 1;
	return 0;
}

/* musl: libc, libpthread, librt, libm, libdl, libutil and libxnet are the
 * loader itself. */
static bool musl_reserved(const char *name)
{
	static const char *const r[] = { "c.", "pthread.", "rt.", "m.", "dl.",
					 "util.", "xnet." };

	if (strncmp(name, "lib", 3))
		return false;
	for (size_t i = 0; i < sizeof r / sizeof *r; i++)
		if (!strncmp(name + 3, r[i], strlen(r[i])))
			return true;
	return false;
}

/* No cache in the root, but a directory of ld.so.conf has the file:
 * glibc never reads ld.so.conf itself, so say what ldconfig would fix. */
static void conf_hint(ls_process *p, pstate *st, ls_ldobj *o, const char *name)
{
	char path[PATH_MAX], host[PATH_MAX];

	for (char **d = st->conf_dirs; d && *d; d++) {
		const ls_dso *x;

		if (!join(path, sizeof path, *d, NULL, name) ||
		    !ls_host_path(p->cfg, path, host, sizeof host) ||
		    !(x = ls_dsocache_get(st->c, host)) || x->err)
			continue;
		tried_push(p, path, LS_HOW_CONF, -1,
			   "listed by /etc/ld.so.conf, but there is no ld.so.cache");
		o->ntried++;
		snprintf(o->why, sizeof o->why, "cannot open shared object file "
			 "(an ld.so.conf directory has it, but there is no "
			 "ld.so.cache: run ldconfig)");
		return;
	}
}

/* Index of the loader object (created at start), or -1. */
static int32_t rtld_index(const ls_process *p)
{
	for (uint32_t i = 0; i < p->nobjs; i++)
		if (p->objs[i].rtld)
			return (int32_t)i;
	return -1;
}

static bool in_global(const ls_process *p, uint32_t i)
{
	for (uint32_t k = 0; k < p->nglobal; k++)
		if (p->global[k] == i)
			return true;
	return false;
}

/*
 * Maps one name requested by object req: returns the object index (new,
 * reused or a missing placeholder), or -1 when out of memory.  *fresh is
 * set when the object is new to the process.
 */
static int32_t map_name(ls_process *p, pstate *st, int32_t req,
			const char *name, ls_how forced, bool *fresh)
{
	search s = { .p = p, .c = st->c, .req = req, .name = name,
		     .reuse = -1, .via = -1 };
	bool musl = p->target.loader == LS_LOADER_MUSL;
	uint32_t mark = p->ntried;
	int32_t idx;
	int found;

	*fresh = false;
	if (musl && (musl_reserved(name) || !strcmp(name, p->target.interp))) {
		idx = rtld_index(p);
		if (idx >= 0 && !in_global(p, (uint32_t)idx)) {
			/* musl's trace names it as first requested. */
			*fresh = true;
			p->objs[idx].name = name;
		}
		return idx;
	}
	if (!musl || !strchr(name, '/')) {
		idx = find_loaded(p, st, name);
		if (musl && idx >= 0 && strchr(name, '/'))
			idx = -1;
		if (idx >= 0)
			return idx;
	}
	if (strchr(name, '/')) {
		char path[PATH_MAX], origin[PATH_MAX];
		int x = 1;

		if (musl) {
			snprintf(path, sizeof path, "%s", name);
		} else {
			origin_of(p, req >= 0 ? req : 0, origin, sizeof origin);
			x = ls_dst_expand(&p->target, p->cfg->secure,
					  origin[0] ? origin : NULL, name,
					  strlen(name), path, sizeof path);
		}
		found = x == 1 && try_file(&s, path, LS_HOW_PATH, -1);
	} else if (musl) {
		found = search_musl(&s);
	} else {
		found = search_glibc(&s, st, true);
	}
	if (forced != LS_HOW_NOT_FOUND && found)
		s.how = forced;
	if (found && s.reuse >= 0) {
		tried_rollback(p, mark);
		add_alias(p, st, name, (uint32_t)s.reuse);
		return s.reuse;
	}
	if (found) {
		tried_rollback(p, mark);
		if (s.how == LS_HOW_LDLP && !musl) {
			/* Would it be found without LD_LIBRARY_PATH? */
			search t = s;

			t.dso = NULL;
			t.stop = false;
			uint32_t m2 = p->ntried;
			int again = search_glibc(&t, st, false);

			tried_rollback(p, m2);
			if (!again)
				risk_push(p, LS_LDRISK_LDLP_ONLY, s.path,
					  strlen(s.path), req, LS_HOW_LDLP);
		}
		idx = add_obj(p, name, s.path, s.dso, s.how, s.via, req);
		if (idx >= 0)
			*fresh = true;
		return idx;
	}
	/* Missing: the loader's own words, as a real run would stop. */
	idx = add_obj(p, name, NULL, NULL, LS_HOW_NOT_FOUND, -1, req);
	if (idx < 0)
		return -1;
	p->objs[idx].tried_first = mark;
	p->objs[idx].ntried = p->ntried - mark;
	if (!p->fatal || !s.stop) {
		const char *why = s.other_class && !musl
			? (p->target.elfclass == ELFCLASS64
			   ? "wrong ELF class: ELFCLASS32"
			   : "wrong ELF class: ELFCLASS64")
			: "cannot open shared object file: No such file or directory";

		if (s.stop && p->fatal)
			snprintf(p->objs[idx].why, sizeof p->objs[idx].why,
				 "%.127s", p->error);
		else
			snprintf(p->objs[idx].why, sizeof p->objs[idx].why,
				 "%s", why);
		if (!s.stop)
			fatal(p, "%s: %s", name, p->objs[idx].why);
		conf_hint(p, st, &p->objs[idx], name);
	}
	*fresh = true;
	return idx;
}

static int load_etc_preload(ls_process *p, pstate *st);

static int preload_one(ls_process *p, pstate *st, const char *name)
{
	bool fresh;
	int32_t i = map_name(p, st, 0, name, LS_HOW_PRELOAD, &fresh);

	if (i < 0)
		return -1;
	if (fresh && !in_global(p, (uint32_t)i) &&
	    !push_u32(&p->global, &p->nglobal, &p->capglobal, (uint32_t)i))
		return -1;
	p->objs[i].parent = -1;
	p->objs[i].depth = 0;
	return 0;
}

/* LD_PRELOAD (split on spaces or colons; in secure mode names with '/'
 * are ignored), then --preload, then /etc/ld.so.preload. */
static int load_preloads(ls_process *p, pstate *st)
{
	const ls_ldconfig *cfg = p->cfg;
	const char *e = cfg->ld_preload;

	while (e && *e) {
		size_t n = strcspn(e, " :");

		if (n && !(cfg->secure && memchr(e, '/', n))) {
			const char *name = keep_str(st, e, n);

			if (!name || preload_one(p, st, name) < 0)
				return -1;
		}
		e += n;
		e += *e != 0;
	}
	for (uint32_t k = 0; k < cfg->npreload; k++)
		if (preload_one(p, st, cfg->preload[k]) < 0)
			return -1;
	return load_etc_preload(p, st);
}

/* /etc/ld.so.preload (read once per run): names separated by
 * whitespace or ':'. */
static int load_etc_preload(ls_process *p, pstate *st)
{
	const char *b = st->etc_preload;
	int rc = 0;

	while (b && *b && rc == 0) {
		size_t n;

		b += strspn(b, " \t\n:");
		n = strcspn(b, " \t\n:");
		if (n) {
			const char *name = keep_str(st, b, n);

			rc = name ? preload_one(p, st, name) : -1;
		}
		b += n;
	}
	return rc;
}

/* Breadth first from position `from` of the list `order`. */
static int load_deps(ls_process *p, pstate *st, uint32_t **order,
		     uint32_t *n, size_t *cap, uint32_t from, bool dlopened)
{
	for (uint32_t q = from; q < *n; q++) {
		uint32_t i = (*order)[q];
		const ls_dso *d = p->objs[i].dso;

		if (!d)
			continue;
		for (uint32_t k = 0; k < d->load.dyn.nneeded; k++) {
			bool fresh;
			int32_t j = map_name(p, st, (int32_t)i, d->load.dyn.needed[k],
					     LS_HOW_NOT_FOUND, &fresh);

			if (j < 0)
				return -1;
			p->objs[i].deps[k] = j;
			if (dlopened && fresh)
				p->objs[j].dlopened = true;
			bool listed = false;

			for (uint32_t z = 0; z < *n && !listed; z++)
				listed = (*order)[z] == (uint32_t)j;
			if (!listed && !push_u32(order, n, cap, (uint32_t)j))
				return -1;
			if (fresh && p->objs[j].rtld && p->objs[j].parent < 0 &&
			    j != (int32_t)i) {
				p->objs[j].parent = (int32_t)i;
				p->objs[j].depth = p->objs[i].depth + 1;
			}
		}
	}
	return 0;
}

void ls_process_free(ls_process *p)
{
	if (!p)
		return;
	if (p->pstate) {
		pstate *st = p->pstate;

		for (uint32_t i = 0; i < st->nowned; i++)
			free(st->owned[i]);
		free(st->owned);
		free(st->alias);
	}
	for (uint32_t i = 0; i < p->nobjs; i++) {
		free(p->objs[i].path);
		free(p->objs[i].deps);
	}
	free(p->objs);
	free(p->global);
	free(p->local);
	for (uint32_t i = 0; i < p->ntried; i++)
		free(p->tried[i].path);
	free(p->tried);
	for (uint32_t i = 0; i < p->nrisks; i++)
		free(p->risks[i].dir);
	free(p->risks);
	free(p->pstate);
	memset(p, 0, sizeof *p);
}

static int add_rtld(ls_process *p, pstate *st)
{
	char host[PATH_MAX];
	const ls_dso *d = NULL;
	int32_t i;

	if (ls_host_path(p->cfg, p->target.interp, host, sizeof host))
		d = ls_dsocache_get(st->c, host);
	if (d && (d->err || d->malformed))
		d = NULL;
	/* The loader is in the namespace before anything is searched, under
	 * its interpreter path and its SONAME. */
	i = add_obj(p, p->target.interp, p->target.interp, d, LS_HOW_LOADER,
		    -1, -1);
	if (i < 0)
		return -1;
	p->objs[i].rtld = true;
	if (!d)
		snprintf(p->note, sizeof p->note,
			 "the loader %s is not in the root", p->target.interp);
	return 0;
}

static int dlopen_plugin(ls_process *p, pstate *st)
{
	const ls_ldconfig *cfg = p->cfg;
	bool fresh;
	int32_t i = map_name(p, st, 0, cfg->dlopen, LS_HOW_DLOPEN, &fresh);

	if (i < 0)
		return -1;
	p->plugin = i;
	p->objs[i].dlopened = fresh;
	if (p->objs[i].how != LS_HOW_NOT_FOUND)
		p->objs[i].how = LS_HOW_DLOPEN;
	if (!push_u32(&p->local, &p->nlocal, &p->caplocal, (uint32_t)i))
		return -1;
	if (load_deps(p, st, &p->local, &p->nlocal, &p->caplocal, 0, true) < 0)
		return -1;
	if (cfg->dlopen_global)
		for (uint32_t k = 0; k < p->nlocal; k++)
			if (!in_global(p, p->local[k]) &&
			    !push_u32(&p->global, &p->nglobal, &p->capglobal,
				      p->local[k]))
				return -1;
	return 0;
}

int ls_process_load(ls_process *p, const ls_ldconfig *cfg, ls_dsocache *c,
		    const char *program, ls_diag *d)
{
	char ppath[PATH_MAX], host[PATH_MAX];
	int inside = ls_operand_path(cfg, program, ppath, sizeof ppath, host,
				     sizeof host);
	const ls_dso *prog = inside < 0 ? NULL : ls_dsocache_get(c, host);
	const ls_rootcfg *rc;
	pstate *st;
	int32_t main_idx;

	memset(p, 0, sizeof *p);
	p->cfg = cfg;
	p->program = program;
	p->plugin = -1;
	if (inside < 0)
		return ls_fail_nooff(d, "path too long");
	if (!prog)
		return ls_oom(d);
	if (prog->err) {
		/* ls_map's words: "is a FIFO (not a regular file)". */
		*d = prog->diag;
		return -1;
	}
	if (prog->malformed) {
		*d = prog->diag;
		return -1;
	}
	if (ls_target_init(&p->target, cfg, c, prog, d) < 0)
		return -1;
	if (!(st = calloc(1, sizeof *st)))
		return ls_oom(d);
	p->pstate = st;
	st->c = c;
	rc = ls_root_config(c, cfg);
	if (rc && p->target.loader == LS_LOADER_GLIBC) {
		if (rc->have_cache) {
			st->cache = &rc->cache;
			p->cache_stale = rc->stale;
		} else if (!cfg->inhibit_cache) {
			p->cache_missing = true;
			if (rc->conf_present)
				st->conf_dirs = rc->conf.dirs;
		}
		if (rc->note[0])
			snprintf(p->note, sizeof p->note, "%s", rc->note);
	}
	if (rc)
		st->etc_preload = rc->etc_preload;

	p->prog_outside_root = !inside && cfg->root && *cfg->root;
	main_idx = add_obj(p, program, ppath, prog, LS_HOW_MAIN, -1, -1);
	if (main_idx < 0 || !push_u32(&p->global, &p->nglobal, &p->capglobal, 0))
		return ls_oom(d);
	/* Messages name the program as the process knows it (the loader
	 * says "/usr/bin/x", not where linkscope read it). */
	if (inside)
		p->program = p->objs[main_idx].path;
	if (!prog->load.has_dynamic) {
		p->is_static = true;
		return 0;
	}
	if (add_rtld(p, st) < 0 || load_preloads(p, st) < 0 ||
	    load_deps(p, st, &p->global, &p->nglobal, &p->capglobal, 0,
		      false) < 0)
		return ls_oom(d);
	if (p->target.loader == LS_LOADER_GLIBC) {
		/* glibc's ld.so is in every process's scope; it is listed
		 * only where something needs it. */
		int32_t r = rtld_index(p);

		if (r >= 0 && !in_global(p, (uint32_t)r) &&
		    !push_u32(&p->global, &p->nglobal, &p->capglobal, (uint32_t)r))
			return ls_oom(d);
	}
	if (cfg->dlopen && dlopen_plugin(p, st) < 0)
		return ls_oom(d);
	path_risks(p);
	if (st->oom)
		return ls_oom(d);
	return 0;
}

bool ls_process_lists_rtld(const ls_process *p)
{
	int32_t r = rtld_index(p);

	if (r < 0)
		return false;
	for (uint32_t i = 0; i < p->nobjs; i++)
		for (uint32_t k = 0; p->objs[i].dso && k < p->objs[i].dso->load.dyn.nneeded;
		     k++)
			if (p->objs[i].deps && p->objs[i].deps[k] == r)
				return true;
	return false;
}

bool ls_process_loads_nothing(const ls_process *p)
{
	const ls_dso *m = p->objs[0].dso;

	if (p->is_static || !m || m->load.dyn.nneeded)
		return false;
	for (uint32_t k = 0; k < p->nglobal; k++)
		if (p->objs[p->global[k]].how == LS_HOW_PRELOAD)
			return false;
	return true;
}
