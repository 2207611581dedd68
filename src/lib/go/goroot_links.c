/*
 * goroot_links.c - one GOROOT's linkname rules (see goroot_links.h).
 *
 * Names live in one growing arena and are found through an open-addressing
 * hash table of offsets, so the ~10,000 files of a GOROOT are read with
 * one mapping each and no allocation per token or per file.
 */
#include "goroot_links.h"
#include "asmscan.h"
#include "golex.h"
#include "linkname.h"
#include "../core/array.h"
#include "../core/mapfile.h"

#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct slot {
	uint32_t off, len, hash;
	unsigned flags;
};

struct blocked {
	uint32_t off, len;	/* the symbol */
	uint32_t first, n;	/* its packages in pkgs[] */
};

struct ls_goroot_links {
	char *arena;
	size_t alen, acap;
	struct slot *tab;
	size_t tcap, tused;
	struct blocked *bl;
	size_t nbl, capbl;
	struct { uint32_t off, len; } *pkgs;
	size_t npkgs, cappkgs;
	/* Directives of this directory whose local is declared in another
	 * of its files: resolved once all its files are read. */
	struct { uint32_t loff, llen, toff, tlen; bool std; } *pend;
	size_t npend, cappend;
	/* Of the directory being read: targets its Go declarations pull
	 * and names its assembly defines (arena offsets), to tell an
	 * assembly function's own linknamed declaration. */
	struct { uint32_t off, len; } *dpull, *ddef;
	size_t ndpull, capdpull, nddef, capddef;
	/* Imports of std packages: (package, import) name offsets. */
	struct { uint32_t pkg, imp; } *edges;
	size_t nedges, capedges;
	ls_goroot_stats st;
	const ls_buildctx *ctx;
	ls_gofile file;		/* reused for every file */
	bool oom;
};

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static bool arena_add(ls_goroot_links *g, const char *s, size_t n,
		      uint32_t *off)
{
	if (n > UINT32_MAX / 2 || g->alen + n + 1 > UINT32_MAX)
		return false;
	if (ls_array_reserve(&g->arena, &g->acap, g->alen + n + 1, 1) < 0)
		return false;
	memcpy(g->arena + g->alen, s, n);
	g->arena[g->alen + n] = 0;
	*off = (uint32_t)g->alen;
	g->alen += n + 1;
	return true;
}

static struct slot *lookup(const ls_goroot_links *g, const char *s, size_t n,
			   uint32_t h)
{
	if (!g->tcap)
		return NULL;
	for (size_t i = h & (g->tcap - 1);; i = (i + 1) & (g->tcap - 1)) {
		struct slot *e = &g->tab[i];

		if (!e->len)
			return e;
		if (e->hash == h && e->len == n && !memcmp(g->arena + e->off, s, n))
			return e;
	}
}

static bool rehash(ls_goroot_links *g)
{
	size_t nc = g->tcap ? g->tcap * 2 : 1 << 15;
	struct slot *old = g->tab, *nt = calloc(nc, sizeof *nt);
	size_t oc = g->tcap;

	if (!nt)
		return false;
	g->tab = nt;
	g->tcap = nc;
	for (size_t i = 0; i < oc; i++)
		if (old[i].len)
			*lookup(g, g->arena + old[i].off, old[i].len, old[i].hash) = old[i];
	free(old);
	return true;
}

static void add(ls_goroot_links *g, const char *s, size_t n, unsigned flags)
{
	uint32_t h = fnv(s, n), off;

	if (!n || g->oom)
		return;
	if ((g->tused + 1) * 2 > g->tcap && !rehash(g)) {
		g->oom = true;
		return;
	}
	struct slot *e = lookup(g, s, n, h);

	if (!e->len) {
		if (!arena_add(g, s, n, &off)) {
			g->oom = true;
			return;
		}
		*e = (struct slot){ off, (uint32_t)n, h, 0 };
		g->tused++;
	}
	e->flags |= flags;
}

/* pkg + "." + name (+ method forms) into buf. */
static size_t join(char *buf, size_t cap, const char *pkg, ls_str recv,
		   bool ptr, ls_str name)
{
	int k;

	if (recv.n)
		k = snprintf(buf, cap, "%s.%s%.*s%s.%.*s", pkg, ptr ? "(*" : "",
			     (int)recv.n, recv.p, ptr ? ")" : "", (int)name.n,
			     name.p);
	else
		k = snprintf(buf, cap, "%s.%.*s", pkg, (int)name.n, name.p);
	return k < 0 || (size_t)k >= cap ? 0 : (size_t)k;
}

static void pending(ls_goroot_links *g, const ls_golinkname *l)
{
	uint32_t lo, to = 0;

	if (ls_array_reserve(&g->pend, &g->cappend, g->npend + 1,
			     sizeof *g->pend) < 0 ||
	    !arena_add(g, l->local.p, l->local.n, &lo) ||
	    (l->target.n && !arena_add(g, l->target.p, l->target.n, &to))) {
		g->oom = true;
		return;
	}
	g->pend[g->npend].loff = lo;
	g->pend[g->npend].llen = (uint32_t)l->local.n;
	g->pend[g->npend].toff = to;
	g->pend[g->npend].std = l->std;
	g->pend[g->npend++].tlen = (uint32_t)l->target.n;
}

/* The length of target's package part: up to the first '.' after the
 * last '/' (0: no package, a C/host name). */
static size_t pkg_len(const char *t, size_t n)
{
	size_t sl = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i] == '/')
			sl = i;
	for (size_t i = sl; i < n; i++)
		if (t[i] == '.')
			return i;
	return 0;
}

/* A directive of package pkg naming target marks target's symbol as
 * linknamed in pkg's object (cmd/compile/internal/noder/reader.go's
 * linkname sets AttrLinkname on the target's LSym for every local
 * directive): so a body-less self-linkname of pkg's own method
 * (reflect/badlinkname.go: reflect.(*rtype).Align) pushes it. */
static bool own_target(const char *pkg, const char *t, size_t n)
{
	size_t pl = pkg_len(t, n);

	return pl && pl == strlen(pkg) && !memcmp(t, pkg, pl);
}

/* A directive naming a definition of another file of pkg is a push (a
 * body-less function there stays a pull and defines nothing). */
static void resolve_pending(ls_goroot_links *g, const char *pkg)
{
	char buf[1024];

	for (size_t i = 0; i < g->npend && !g->oom; i++) {
		int k = snprintf(buf, sizeof buf, "%s.%s", pkg, g->arena + g->pend[i].loff);

		unsigned push = g->pend[i].std ? LS_GSYM_PUSHSTD : LS_GSYM_PUSH;
		const char *t = g->pend[i].tlen ? g->arena + g->pend[i].toff : buf;
		size_t tn = g->pend[i].tlen ? g->pend[i].tlen : (size_t)k;

		if (k < 0 || (size_t)k >= sizeof buf)
			continue;
		unsigned lf = ls_goroot_sym(g, buf, (size_t)k);

		if (lf & LS_GSYM_GO)
			add(g, t, tn, (g->pend[i].tlen ? LS_GSYM_GO : 0) |
			    (lf & LS_GSYM_VAR) | push);
		else if (own_target(pkg, t, tn))
			add(g, t, tn, push);
	}
	g->npend = 0;
}

static void edge(ls_goroot_links *g, const char *pkg, ls_str imp)
{
	uint32_t po, io;

	if (ls_array_reserve(&g->edges, &g->capedges, g->nedges + 1,
			     sizeof *g->edges) < 0 ||
	    !arena_add(g, pkg, strlen(pkg), &po) ||
	    !arena_add(g, imp.p, imp.n, &io)) {
		g->oom = true;
		return;
	}
	g->edges[g->nedges].pkg = po;
	g->edges[g->nedges++].imp = io;
}

static void note(ls_goroot_links *g, bool def, const char *s, size_t n)
{
	uint32_t off;

	if (!arena_add(g, s, n, &off) ||
	    (def && ls_array_reserve(&g->ddef, &g->capddef, g->nddef + 1,
				     sizeof *g->ddef) < 0) ||
	    (!def && ls_array_reserve(&g->dpull, &g->capdpull, g->ndpull + 1,
				      sizeof *g->dpull) < 0)) {
		g->oom = true;
		return;
	}
	if (def) {
		g->ddef[g->nddef].off = off;
		g->ddef[g->nddef++].len = (uint32_t)n;
	} else {
		g->dpull[g->ndpull].off = off;
		g->dpull[g->ndpull++].len = (uint32_t)n;
	}
}

/* A body-less linknamed declaration of an assembly function of the same
 * package: the compiler's ABI wrapper for it carries the linkname
 * (cmd/compile/internal/ssagen/abi.go), which Go 1.27's loader reads. */
static void dir_done(ls_goroot_links *g)
{
	for (size_t i = 0; i < g->ndpull && !g->oom; i++)
		for (size_t k = 0; k < g->nddef; k++)
			if (g->dpull[i].len == g->ddef[k].len &&
			    !memcmp(g->arena + g->dpull[i].off,
				    g->arena + g->ddef[k].off, g->ddef[k].len)) {
				add(g, g->arena + g->dpull[i].off, g->dpull[i].len,
				    LS_GSYM_STDPULL);
				break;
			}
	g->ndpull = g->nddef = 0;
}

static void go_file(ls_goroot_links *g, const char *path, const char *pkg)
{
	ls_mapfile mf;
	ls_diag d = { 0 };
	char buf[1024];
	ls_gofile *f = &g->file;

	if (ls_map(path, &mf, &d) < 0)
		return;
	if (ls_gofile_scan(mf.bytes, g->ctx, true, f) < 0)
		g->oom = true;
	add(g, pkg, strlen(pkg), LS_GSYM_PKG);
	if (f->build_ok && f->pkg.n && !(f->pkg.n == 4 && !memcmp(f->pkg.p, "main", 4))) {
		g->st.go_files++;
		for (size_t i = 0; i < f->nimports; i++)
			edge(g, pkg, f->imports[i]);
		for (size_t i = 0; i < f->ndecls; i++) {
			const ls_godecl *dc = &f->decls[i];
			size_t n;

			if (dc->kind == LS_DECL_FUNC_NOBODY)
				continue;
			n = join(buf, sizeof buf, pkg, dc->recv, dc->recv_ptr, dc->name);
			add(g, buf, n, LS_GSYM_GO |
			    (dc->kind == LS_DECL_VAR_INIT || dc->kind == LS_DECL_VAR_NOINIT
			     ? LS_GSYM_VAR : 0));
		}
		for (size_t i = 0; i < f->nlinks; i++) {
			const ls_golinkname *l = &f->links[i];
			unsigned push = l->std ? LS_GSYM_PUSHSTD : LS_GSYM_PUSH;
			size_t n;

			if (l->malformed)
				continue;
			if (l->kind == LS_LN_UNKNOWN) {
				pending(g, l);
				continue;
			}
			if (l->target.n) {
				n = l->target.n < sizeof buf ? l->target.n : 0;
				memcpy(buf, l->target.p, n);
			} else {
				n = join(buf, sizeof buf, pkg, (ls_str){ 0 }, false,
					 l->local);
			}
			/* A pull from std defines nothing, except a var: its
			 * definition is flagged, data or not; a pull of the
			 * package's own symbol marks it (own_target). */
			if (l->kind == LS_LN_PULL && !l->is_var) {
				if (own_target(pkg, buf, n))
					add(g, buf, n, push);
				else
					note(g, false, buf, n);
				continue;
			}
			/* A one-argument linkname on a body-less declaration
			 * (runtime's `//go:linkname memmove`) marks an
			 * assembly definition: no Go one. */
			const ls_godecl *dc = ls_gofile_find(f, l->local);

			add(g, buf, n, push | (l->is_var ? LS_GSYM_VAR : 0) |
			    (dc && dc->kind == LS_DECL_FUNC_NOBODY ? 0 : LS_GSYM_GO) |
			    (own_target(pkg, buf, n) ? 0 : LS_GSYM_FOREIGN));
		}
	}
	ls_unmap(&mf);
}

struct asm_ctx {
	ls_goroot_links *g;
	const char *pkg;
	size_t pl;
};

/* A TEXT/GLOBL/DATA defines an assembly symbol; a reference from the
 * package's own assembly to one of its names gives that (Go) function an
 * ABI0 wrapper (cmd/compile/internal/ssagen/abi.go, from -symabis). */
static void asm_sym(void *ctx, const ls_asmsym *s)
{
	struct asm_ctx *a = ctx;

	if (s->def) {
		bool own = s->n > a->pl && !memcmp(s->name, a->pkg, a->pl) &&
			   s->name[a->pl] == '.';

		add(a->g, s->name, s->n, LS_GSYM_ASM | (own ? 0 : LS_GSYM_FOREIGN));
		if (!own)
			note(a->g, true, s->name, s->n);
		a->g->st.asm_symbols++;
	} else if (s->n > a->pl && !memcmp(s->name, a->pkg, a->pl) &&
		   s->name[a->pl] == '.') {
		add(a->g, s->name, s->n, LS_GSYM_ASMREF);
	}
}

static void asm_file(ls_goroot_links *g, const char *path, const char *pkg)
{
	ls_mapfile mf;
	ls_diag d = { 0 };
	struct asm_ctx a = { g, pkg, strlen(pkg) };

	if (ls_map(path, &mf, &d) < 0)
		return;
	const char *p = (const char *)mf.bytes.base;
	size_t n = (size_t)mf.bytes.size;

	if (ls_header_build(g->ctx, p, n) == 1) {
		ls_asm_scan(p, n, pkg, asm_sym, &a);
		g->st.asm_files++;
	}
	ls_unmap(&mf);
}

static bool skip_dir(const char *name, bool top)
{
	return name[0] == '.' || name[0] == '_' || !strcmp(name, "testdata") ||
	       !strcmp(name, "vendor") || (top && !strcmp(name, "cmd"));
}

static void walk(ls_goroot_links *g, char *path, size_t plen, size_t rootlen,
		 int depth)
{
	DIR *dir;
	struct dirent *de;
	const char *pkg = plen > rootlen ? path + rootlen + 1 : "";

	if (depth > 64 || !(dir = opendir(path)))
		return;
	/* Subdirectories after the files, so path[] holds pkg meanwhile. */
	char (*subs)[256] = NULL;
	size_t nsubs = 0, capsubs = 0;

	while ((de = readdir(dir)) && !g->oom) {
		size_t nl = strlen(de->d_name);
		bool isdir = de->d_type == DT_DIR, isreg = de->d_type == DT_REG;

		if (plen + 1 + nl + 1 > PATH_MAX)
			continue;
		if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) {
			struct stat st;

			path[plen] = '/';
			memcpy(path + plen + 1, de->d_name, nl + 1);
			if (stat(path, &st) == 0) {
				isdir = S_ISDIR(st.st_mode);
				isreg = S_ISREG(st.st_mode);
			}
			path[plen] = 0;
		}
		if (isdir) {
			if (skip_dir(de->d_name, plen == rootlen) || nl >= 256)
				continue;
			if (ls_array_reserve(&subs, &capsubs, nsubs + 1,
					     sizeof *subs) < 0) {
				g->oom = true;
				break;
			}
			memcpy(subs[nsubs++], de->d_name, nl + 1);
			continue;
		}
		if (!isreg || plen == rootlen || !ls_buildname_ok(g->ctx, de->d_name))
			continue;
		path[plen] = '/';
		memcpy(path + plen + 1, de->d_name, nl + 1);
		/* pkg points into path[]: copy it while the file name is there. */
		char pkgbuf[PATH_MAX];

		memcpy(pkgbuf, pkg, plen - rootlen - 1);
		pkgbuf[plen - rootlen - 1] = 0;
		if (nl > 3 && !strcmp(de->d_name + nl - 3, ".go"))
			go_file(g, path, pkgbuf);
		else
			asm_file(g, path, pkgbuf);
		path[plen] = 0;
	}
	closedir(dir);
	dir_done(g);
	if (g->npend) {
		char pkgbuf[PATH_MAX];

		memcpy(pkgbuf, pkg, plen - rootlen);
		pkgbuf[plen - rootlen - (plen > rootlen)] = 0;
		resolve_pending(g, pkgbuf);
	}
	for (size_t i = 0; i < nsubs && !g->oom; i++) {
		size_t nl = strlen(subs[i]);

		path[plen] = '/';
		memcpy(path + plen + 1, subs[i], nl + 1);
		walk(g, path, plen + 1 + nl, rootlen, depth + 1);
		path[plen] = 0;
	}
	free(subs);
}

/* The string literal t without quotes (no escapes in loader.go's keys). */
static ls_str lit(const ls_golex *lx, const ls_gotok *t)
{
	if (t->len < 2)
		return (ls_str){ 0 };
	return (ls_str){ ls_gotok_text(lx, t) + 1, (size_t)t->len - 2 };
}

static void blocked_table(ls_goroot_links *g, const char *goroot)
{
	char path[PATH_MAX];
	ls_mapfile mf;
	ls_diag d = { 0 };
	ls_golex lx;
	ls_gotok t;

	snprintf(path, sizeof path, "%s/src/cmd/link/internal/loader/loader.go",
		 goroot);
	if (ls_map(path, &mf, &d) < 0)
		return;
	ls_golex_init(&lx, mf.bytes);
	while (ls_golex_next(&lx, &t))
		if (ls_gotok_is(&lx, &t, "blockedLinknames"))
			break;
	while (t.kind != LS_GT_EOF && !ls_gotok_is(&lx, &t, "{"))
		ls_golex_next(&lx, &t);
	if (t.kind == LS_GT_EOF) {
		ls_unmap(&mf);
		return;
	}
	g->st.have_blocked = true;
	int depth = 1;
	struct blocked *cur = NULL;

	while (depth > 0 && ls_golex_next(&lx, &t) && !g->oom) {
		if (t.kind == LS_GT_LINE_COMMENT || t.kind == LS_GT_BLOCK_COMMENT)
			continue;
		if (ls_gotok_is(&lx, &t, "{")) {
			depth++;
		} else if (ls_gotok_is(&lx, &t, "}")) {
			depth--;
		} else if (t.kind == LS_GT_STRING || t.kind == LS_GT_RAW) {
			ls_str s = lit(&lx, &t);
			uint32_t off;

			if (!arena_add(g, s.p, s.n, &off)) {
				g->oom = true;
				break;
			}
			if (depth == 1) {
				if (LS_ARRAY_PUSH(g->bl, g->nbl, g->capbl,
						  ((struct blocked){ off, (uint32_t)s.n,
								     (uint32_t)g->npkgs, 0 })) < 0) {
					g->oom = true;
					break;
				}
				cur = &g->bl[g->nbl - 1];
			} else if (depth == 2 && cur) {
				if (ls_array_reserve(&g->pkgs, &g->cappkgs, g->npkgs + 1,
						     sizeof *g->pkgs) < 0) {
					g->oom = true;
					break;
				}
				g->pkgs[g->npkgs].off = off;
				g->pkgs[g->npkgs++].len = (uint32_t)s.n;
				cur->n++;
			}
		}
	}
	g->st.blocked = g->nbl;
	ls_unmap(&mf);
}

int ls_goroot_version(const char *goroot, char *buf, size_t n, int *minor)
{
	char path[PATH_MAX], line[256];
	FILE *f;

	*minor = -1;
	snprintf(path, sizeof path, "%s/VERSION", goroot);
	if ((f = ls_fopen_regular(path))) {
		if (fgets(line, sizeof line, f) && !strncmp(line, "go1.", 4)) {
			line[strcspn(line, "\r\n")] = 0;
			snprintf(buf, n, "%s", line);
			*minor = atoi(line + 4);
		}
		fclose(f);
		if (*minor >= 0)
			return 0;
	}
	snprintf(path, sizeof path, "%s/src/internal/goversion/goversion.go", goroot);
	if ((f = ls_fopen_regular(path))) {
		while (fgets(line, sizeof line, f)) {
			const char *v = strstr(line, "const Version = ");

			if (v) {
				*minor = atoi(v + 16);
				snprintf(buf, n, "go1.%d", *minor);
				break;
			}
		}
		fclose(f);
	}
	return *minor >= 0 ? 0 : -1;
}

int ls_goroot_links_load(const char *goroot, const ls_buildctx *ctx,
			 ls_goroot_links **out, ls_diag *d)
{
	char path[PATH_MAX];
	struct stat st;
	int k = snprintf(path, sizeof path, "%s/src", goroot);
	ls_goroot_links *g;

	*out = NULL;
	if (k < 0 || (size_t)k >= sizeof path || stat(path, &st) < 0 ||
	    !S_ISDIR(st.st_mode))
		return ls_fail_nooff(d, "%.150s: no src directory: not a GOROOT",
				     goroot);
	if (!(g = calloc(1, sizeof *g)) || !rehash(g)) {
		free(g);
		return ls_oom(d);
	}
	g->ctx = ctx;
	g->st.minor = ctx->go_minor;
	g->st.newer = ctx->go_minor > LS_GOLINK_MODELLED_MINOR &&
		      ctx->go_minor < 1000;
	walk(g, path, (size_t)k, (size_t)k, 0);
	blocked_table(g, goroot);
	ls_gofile_free(&g->file);
	if (g->oom) {
		ls_goroot_links_free(g);
		return ls_oom(d);
	}
	for (size_t i = 0; i < g->tcap; i++) {
		unsigned f = g->tab[i].flags;

		if (!g->tab[i].len)
			continue;
		if (f & LS_GSYM_PKG)
			g->st.packages++;
		if (f & ~LS_GSYM_PKG)
			g->st.symbols++;
		if (f & LS_GSYM_PUSH)
			g->st.pushes++;
	}
	*out = g;
	return 0;
}

void ls_goroot_links_free(ls_goroot_links *g)
{
	if (!g)
		return;
	free(g->arena);
	free(g->tab);
	free(g->bl);
	free(g->pkgs);
	free(g->pend);
	free(g->edges);
	free(g->dpull);
	free(g->ddef);
	free(g);
}

void ls_goroot_imports(const ls_goroot_links *g, const char *pkg,
		       void (*fn)(void *ctx, const char *imp), void *ctx)
{
	for (size_t i = 0; i < g->nedges; i++)
		if (!strcmp(g->arena + g->edges[i].pkg, pkg))
			fn(ctx, g->arena + g->edges[i].imp);
}

void ls_goroot_links_stats(const ls_goroot_links *g, ls_goroot_stats *st)
{
	*st = g->st;
}

unsigned ls_goroot_sym(const ls_goroot_links *g, const char *name, size_t n)
{
	const struct slot *e = n ? lookup(g, name, n, fnv(name, n)) : NULL;

	return e && e->len ? e->flags : 0;
}

/* crypto/internal/fips140/vX.Y.Z/... is allowed where
 * crypto/internal/fips140/... is: the fourth element dropped. */
static bool fips_frozen_eq(const char *pkg, const char *p, size_t pn)
{
	static const char pre[] = "crypto/internal/fips140/v";
	char buf[PATH_MAX];
	const char *s = pkg;
	size_t k = 0;
	int elem = 0;

	if (strncmp(pkg, pre, sizeof pre - 1))
		return false;
	for (; *s && k + 1 < sizeof buf; s++) {
		if (*s == '/')
			elem++;
		if (elem == 3)	/* "/vX.Y.Z": skipped */
			continue;
		buf[k++] = *s;
	}
	buf[k] = 0;
	return strlen(buf) == pn && !memcmp(buf, p, pn);
}

/* Whether Go functions have ABIInternal wrappers around ABI0 assembly:
 * the RegabiWrappers experiment (internal/buildcfg/exp.go). */
static bool regabi(const ls_goroot_links *g)
{
	const char *e = g->ctx->experiments;

	for (; e && *e; e = strchr(e, ',') ? strchr(e, ',') + 1 : "")
		if (!strncmp(e, "regabiwrappers,", 15))
			return true;
	return false;
}

static bool listed(const char *pkg, const char *p, size_t pn)
{
	return (strlen(pkg) == pn && !memcmp(pkg, p, pn)) ||
	       fips_frozen_eq(pkg, p, pn);
}

#define VERDICT(v, r) do { *why = (r); return (v); } while (0)

/* checkLinkname (cmd/link/internal/loader/loader.go) of Go 1.23-1.26 and
 * of 1.27, whose differences are: assembly definitions are no longer
 * linknamed by the assembler (the Go declaration's linkname, carried by
 * the ABI wrapper, decides), ABI wrappers are no longer allowed as such,
 * and //go:linknamestd pushes to std pullers only. */
enum ls_ln_verdict ls_goroot_check_ref(const ls_goroot_links *g,
				       const ls_lnref *r, enum ls_ln_reason *why)
{
	const char *pkg = r->pkg, *target = r->target;
	size_t tn = strlen(target), pl = pkg_len(target, tn);
	bool v27 = g->st.minor >= 27;

	for (size_t i = 0; i < g->nbl; i++) {
		const struct blocked *b = &g->bl[i];

		if (b->len != tn || memcmp(g->arena + b->off, target, tn))
			continue;
		for (uint32_t j = 0; j < b->n; j++)
			if (listed(pkg, g->arena + g->pkgs[b->first + j].off,
				   g->pkgs[b->first + j].len))
				VERDICT(LS_LNV_ALLOWED, LS_LNR_LISTED_ALLOWED);
		VERDICT(LS_LNV_BLOCKED, LS_LNR_LISTED_BLOCKED);
	}
	if (!pl)
		VERDICT(LS_LNV_NA, LS_LNR_EXTERNAL);
	unsigned f = ls_goroot_sym(g, target, tn);

	/* A var pull names data (ABI0): a Go function of that name is
	 * another symbol, so the var is the puller's own definition. */
	if (r->is_var && !(f & (LS_GSYM_VAR | LS_GSYM_ASM)))
		f = 0;
	if (!(f & (LS_GSYM_GO | LS_GSYM_ASM))) {
		/* No std object defines it: whoever does is not checked; a
		 * var pull is its own (BSS) definition; a function is left
		 * to the relocation pass ("relocation target ... not
		 * defined"). */
		if (r->defined_elsewhere)
			VERDICT(LS_LNV_ALLOWED, LS_LNR_NON_STD_DEF);
		if (r->is_var)
			VERDICT(LS_LNV_ALLOWED, LS_LNR_OWN_VAR);
		if (ls_goroot_sym(g, target, pl) & LS_GSYM_PKG)
			VERDICT(LS_LNV_UNDEFINED, LS_LNR_NO_SUCH_SYMBOL);
		VERDICT(LS_LNV_NA, LS_LNR_NOT_STD);
	}
	if (strlen(pkg) == pl && !memcmp(pkg, target, pl))
		VERDICT(LS_LNV_ALLOWED, LS_LNR_SAME_PACKAGE);
	bool asm_def = (f & LS_GSYM_ASM) && !(f & LS_GSYM_GO);

	if (r->from_asm && !asm_def && !(f & LS_GSYM_VAR)) {
		/* An ABI0 reference to a Go (ABIInternal) function finds
		 * only the ABI0 wrapper, made when its own package's
		 * assembly refers to it, or when the function carries a
		 * //go:linkname (cmd/compile/internal/ssagen/abi.go:
		 * "Linkname != "" && hasBody" makes it callable by any ABI):
		 * x/sys's CALL runtime·entersyscall(SB). */
		if (!(f & (LS_GSYM_ASMREF | LS_GSYM_PUSH | LS_GSYM_PUSHSTD)))
			VERDICT(LS_LNV_UNDEFINED, LS_LNR_ASM_ABI0);
		if (!v27)
			VERDICT(LS_LNV_ALLOWED, LS_LNR_ABI_WRAPPER);
	}
	if (!v27) {
		if (f & LS_GSYM_PUSH)
			VERDICT(LS_LNV_ALLOWED, LS_LNR_PUSHED);
		if (f & LS_GSYM_ASM)
			VERDICT(LS_LNV_ALLOWED, LS_LNR_ASSEMBLY);
		VERDICT(LS_LNV_BLOCKED, LS_LNR_NOT_PUSHED);
	}
	if (asm_def) {
		if (!strncmp(target, pkg, strlen(pkg)))
			VERDICT(LS_LNV_ALLOWED, LS_LNR_ASM_PREFIX);
		if (!regabi(g))
			VERDICT(LS_LNV_ALLOWED, LS_LNR_NO_REGABI);
	}
	if ((f & LS_GSYM_PUSHSTD) && r->std_puller)
		VERDICT(LS_LNV_ALLOWED, LS_LNR_PUSHED);
	if ((f & LS_GSYM_PUSH) || (asm_def && (f & LS_GSYM_STDPULL)))
		VERDICT(LS_LNV_ALLOWED, LS_LNR_PUSHED);
	if (f & LS_GSYM_PUSHSTD)
		VERDICT(LS_LNV_BLOCKED, LS_LNR_PUSHED_STD);
	VERDICT(LS_LNV_BLOCKED, asm_def ? LS_LNR_ASM_NO_LINKNAME : LS_LNR_NOT_PUSHED);
}

enum ls_ln_verdict ls_goroot_check(const ls_goroot_links *g, const char *pkg,
				   const char *target, enum ls_ln_reason *why)
{
	ls_lnref r = { .pkg = pkg, .target = target,
		       .std_puller = ls_goroot_sym(g, pkg, strlen(pkg)) & LS_GSYM_PKG };

	return ls_goroot_check_ref(g, &r, why);
}

const char *ls_ln_verdict_name(enum ls_ln_verdict v)
{
	switch (v) {
	case LS_LNV_ALLOWED: return "allowed";
	case LS_LNV_BLOCKED: return "blocked";
	case LS_LNV_UNDEFINED: return "undefined";
	case LS_LNV_NA: return "n/a";
	case LS_LNV_UNKNOWN: return "unknown";
	}
	return "unknown";
}

const char *ls_ln_reason_text(enum ls_ln_reason r)
{
	switch (r) {
	case LS_LNR_NONE: return "";
	case LS_LNR_LISTED_ALLOWED: return "in the linker's blockedLinknames, which lists this package";
	case LS_LNR_LISTED_BLOCKED: return "in the linker's blockedLinknames, which does not list this package";
	case LS_LNR_SAME_PACKAGE: return "the target is in the same package";
	case LS_LNR_PUSHED: return "pushed: its standard-library definition carries //go:linkname";
	case LS_LNR_ASSEMBLY: return "defined in standard-library assembly";
	case LS_LNR_NOT_PUSHED: return "defined in the standard library without //go:linkname";
	case LS_LNR_NO_SUCH_SYMBOL: return "the standard-library package has no such symbol for this target";
	case LS_LNR_NOT_STD: return "the target is not in the standard library: not checked";
	case LS_LNR_EXTERNAL: return "the target has no package (C/host symbol): not checked";
	case LS_LNR_PUSH: return "a push: definitions are not checked";
	case LS_LNR_NO_GOROOT: return "no GOROOT to check against";
	case LS_LNR_ASM_NO_LINKNAME: return "defined in standard-library assembly whose Go declaration has no //go:linkname (Go 1.27+)";
	case LS_LNR_ASM_PREFIX: return "assembly named into the pulling package (Go 1.27+)";
	case LS_LNR_NO_REGABI: return "assembly on a GOARCH without ABI wrappers: not checked (Go 1.27+)";
	case LS_LNR_PUSHED_STD: return "pushed with //go:linknamestd: for the standard library only (Go 1.27+)";
	case LS_LNR_OWN_VAR: return "no definition: the variable becomes the puller's own";
	case LS_LNR_NON_STD_DEF: return "defined outside the standard library by a package of the build: not checked";
	case LS_LNR_ASM_ABI0: return "an assembly (ABI0) reference to a Go function that has no ABI0 wrapper";
	case LS_LNR_ABI_WRAPPER: return "an assembly reference through the function's ABI0 wrapper, which the linker allows (Go 1.23-1.26)";
	case LS_LNR_PKG_NOT_LINKED: return "the target's package is not linked into this program";
	case LS_LNR_UNUSED: return "declared but never used in its package: no reference reaches the linker";
	}
	return "";
}

/* The experiment list being built: lower-case names and states. */
struct exps {
	char name[64][48];
	bool on[64];
	int n;
};

static void exp_set(struct exps *x, const char *s, size_t n, bool on)
{
	char low[48];

	if (!n || n >= sizeof low)
		return;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	low[n] = 0;
	for (int i = 0; i < x->n; i++)
		if (!strcmp(x->name[i], low)) {
			x->on[i] = on;
			return;
		}
	if (x->n < 64) {
		memcpy(x->name[x->n], low, n + 1);
		x->on[x->n++] = on;
	}
}

/* Whether the quoted list of a `case "a", "b":` line holds word. */
static bool quoted_has(const char *line, const char *word)
{
	size_t wl = strlen(word);

	for (const char *q = strchr(line, '"'); q; q = strchr(q + 1, '"')) {
		if (!strncmp(q + 1, word, wl) && q[1 + wl] == '"')
			return true;
		q = strchr(q + 1, '"');
		if (!q)
			break;
	}
	return false;
}

/* GOEXPERIMENT-style "a,nob,none" applied to x (ParseGOEXPERIMENT). */
static void exp_apply(struct exps *x, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, ",");
		bool on = true;

		if (n == 4 && !strncmp(s, "none", 4)) {
			for (int i = 0; i < x->n; i++)
				x->on[i] = false;
		} else {
			const char *p = s;
			size_t pn = n;

			if (pn > 2 && !strncmp(p, "no", 2)) {
				on = false;
				p += 2;
				pn -= 2;
			}
			if (pn == 6 && !strncmp(p, "regabi", 6)) {
				exp_set(x, "regabiwrappers", 14, on);
				exp_set(x, "regabiargs", 10, on);
			} else {
				exp_set(x, p, pn, on);
			}
		}
		s += n + (s[n] == ',');
	}
}

int ls_goroot_experiments(const char *goroot, const char *goos,
			  const char *goarch, const char *goexp, char *buf,
			  size_t n)
{
	char path[PATH_MAX], line[512];
	struct exps x = { 0 };
	bool supported = false, always = false, dwarf5 = true, in_case = false,
	     case_match = false, in_base = false;
	FILE *f;

	snprintf(path, sizeof path, "%s/src/internal/buildcfg/exp.go", goroot);
	if (!(f = ls_fopen_regular(path)))
		return -1;
	while (fgets(line, sizeof line, f)) {
		char *l = line + strspn(line, " \t");

		if (!strncmp(l, "case ", 5)) {
			in_case = true;
			case_match = quoted_has(l, goarch);
		} else if (in_case && strstr(l, "regabiSupported = true")) {
			supported |= case_match;
		} else if (in_case && strstr(l, "regabiAlwaysOn = true")) {
			always |= case_match;
		} else if (strstr(l, "dwarf5Supported :=")) {
			/* (goos != "darwin" && goos != "ios" && ...) */
			dwarf5 = !quoted_has(l, goos);
		} else if (strstr(l, "baseline := goexperiment.Flags{")) {
			in_base = true;
			in_case = false;
		} else if (in_base && l[0] == '}') {
			in_base = false;
		} else if (in_base) {
			char *c = strchr(l, ':');

			if (!c)
				continue;
			char *v = c + 1 + strspn(c + 1, " \t");
			bool on = !strncmp(v, "true", 4) ||
				  (!strncmp(v, "regabiSupported", 15) && supported) ||
				  (!strncmp(v, "dwarf5Supported", 15) && dwarf5);

			exp_set(&x, l, (size_t)(c - l), on);
		}
	}
	fclose(f);
	/* The toolchain's own default (make.bash's GOEXPERIMENT). */
	snprintf(path, sizeof path, "%s/src/internal/buildcfg/zbootstrap.go", goroot);
	if ((f = ls_fopen_regular(path))) {
		while (fgets(line, sizeof line, f)) {
			char *q = strstr(line, "defaultGOEXPERIMENT = `");

			if (q) {
				q += 23;
				q[strcspn(q, "`")] = 0;
				exp_apply(&x, q);
			}
		}
		fclose(f);
	}
	exp_apply(&x, goexp);
	if (always) {
		exp_set(&x, "regabiwrappers", 14, true);
		exp_set(&x, "regabiargs", 10, true);
	}
	if (!supported) {
		exp_set(&x, "regabiwrappers", 14, false);
		exp_set(&x, "regabiargs", 10, false);
	}
	size_t k = 0;

	if (n)
		buf[0] = 0;
	for (int i = 0; i < x.n; i++) {
		size_t l = strlen(x.name[i]);

		if (x.on[i] && k + l + 2 <= n) {
			memcpy(buf + k, x.name[i], l);
			buf[k + l] = ',';
			buf[k + l + 1] = 0;
			k += l + 1;
		}
	}
	return 0;
}
