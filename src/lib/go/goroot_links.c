/*
 * goroot_links.c - one GOROOT's linkname rules (see goroot_links.h).
 *
 * Names live in one growing arena and are found through an open-addressing
 * hash table of offsets, so the ~10,000 files of a GOROOT are read with
 * one mapping each and no allocation per token or per file.
 */
#include "goroot_links.h"
#include "golex.h"
#include "linkname.h"
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
	struct { uint32_t loff, llen, toff, tlen; } *pend;
	size_t npend, cappend;
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
	if (g->alen + n + 1 > g->acap) {
		size_t nc = g->acap ? g->acap * 2 : 1 << 20;

		while (nc < g->alen + n + 1)
			nc *= 2;
		char *p = realloc(g->arena, nc);

		if (!p)
			return false;
		g->arena = p;
		g->acap = nc;
	}
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

	if (g->npend == g->cappend) {
		size_t nc = g->cappend ? g->cappend * 2 : 64;
		void *q = realloc(g->pend, nc * sizeof *g->pend);

		if (!q) {
			g->oom = true;
			return;
		}
		g->pend = q;
		g->cappend = nc;
	}
	if (!arena_add(g, l->local.p, l->local.n, &lo) ||
	    (l->target.n && !arena_add(g, l->target.p, l->target.n, &to))) {
		g->oom = true;
		return;
	}
	g->pend[g->npend].loff = lo;
	g->pend[g->npend].llen = (uint32_t)l->local.n;
	g->pend[g->npend].toff = to;
	g->pend[g->npend++].tlen = (uint32_t)l->target.n;
}

/* A directive naming a definition of another file of pkg is a push (a
 * body-less function there stays a pull and defines nothing). */
static void resolve_pending(ls_goroot_links *g, const char *pkg)
{
	char buf[1024];

	for (size_t i = 0; i < g->npend && !g->oom; i++) {
		int k = snprintf(buf, sizeof buf, "%s.%s", pkg, g->arena + g->pend[i].loff);

		if (k < 0 || (size_t)k >= sizeof buf ||
		    !(ls_goroot_sym(g, buf, (size_t)k) & LS_GSYM_GO))
			continue;
		if (g->pend[i].tlen)
			add(g, g->arena + g->pend[i].toff, g->pend[i].tlen,
			    LS_GSYM_GO | LS_GSYM_PUSH);
		else
			add(g, buf, (size_t)k, LS_GSYM_PUSH);
	}
	g->npend = 0;
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
		for (size_t i = 0; i < f->ndecls; i++) {
			const ls_godecl *dc = &f->decls[i];
			size_t n;

			if (dc->kind == LS_DECL_FUNC_NOBODY)
				continue;
			n = join(buf, sizeof buf, pkg, dc->recv, dc->recv_ptr, dc->name);
			add(g, buf, n, LS_GSYM_GO);
		}
		for (size_t i = 0; i < f->nlinks; i++) {
			const ls_golinkname *l = &f->links[i];
			size_t n;

			if (l->malformed)
				continue;
			if (l->kind == LS_LN_UNKNOWN) {
				pending(g, l);
				continue;
			}
			/* A pull from std defines nothing, except a var:
			 * its definition is flagged, data or not. */
			if (l->kind == LS_LN_PULL && !l->is_var)
				continue;
			if (l->target.n) {
				n = l->target.n < sizeof buf ? l->target.n : 0;
				memcpy(buf, l->target.p, n);
			} else {
				n = join(buf, sizeof buf, pkg, (ls_str){ 0 }, false,
					 l->local);
			}
			add(g, buf, n, LS_GSYM_GO | LS_GSYM_PUSH);
		}
	}
	ls_unmap(&mf);
}

/* "runtime·memmove", "·foo", "internal∕bytealg·Index", "x<ABIInternal>"
 * -> the linker's name in buf; 0 for file-local ("<>") or bad names. */
static size_t asm_name(const char *s, size_t n, const char *pkg, char *buf,
		       size_t cap)
{
	size_t k = 0, i = 0;

	if (n >= 2 && (uint8_t)s[0] == 0xc2 && (uint8_t)s[1] == 0xb7) {
		size_t pl = strlen(pkg);

		if (pl + 1 >= cap)
			return 0;
		memcpy(buf, pkg, pl);
		k = pl;
	}
	while (i < n) {
		uint8_t c = (uint8_t)s[i];

		if (c == '<') {
			if (i + 1 < n && s[i + 1] == '>')
				return 0;
			break;
		}
		if (k + 1 >= cap)
			return 0;
		if (c == 0xc2 && i + 1 < n && (uint8_t)s[i + 1] == 0xb7) {
			buf[k++] = '.';
			i += 2;
		} else if (c == 0xe2 && i + 2 < n && (uint8_t)s[i + 1] == 0x88 &&
			   (uint8_t)s[i + 2] == 0x95) {
			buf[k++] = '/';
			i += 3;
		} else if (c == '_' || c == '.' || c == '/' || (c >= '0' && c <= '9') ||
			   (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			buf[k++] = (char)c;
			i++;
		} else {
			return 0;	/* a macro argument or worse */
		}
	}
	return k;
}

static void asm_file(ls_goroot_links *g, const char *path, const char *pkg)
{
	ls_mapfile mf;
	ls_diag d = { 0 };
	char buf[1024];
	bool seen_code = false;

	if (ls_map(path, &mf, &d) < 0)
		return;
	const char *p = (const char *)mf.bytes.base;
	size_t n = (size_t)mf.bytes.size, i = 0;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - p) : n, j = i;

		while (j < e && (p[j] == ' ' || p[j] == '\t'))
			j++;
		const char *l = p + j;
		size_t ll = e - j;

		if (!seen_code && ll >= 11 && !memcmp(l, "//go:build", 10) &&
		    (l[10] == ' ' || l[10] == '\t')) {
			if (ls_buildexpr_eval(g->ctx, l + 10, ll - 10) != 1) {
				ls_unmap(&mf);
				return;
			}
		} else if ((ll > 5 && !memcmp(l, "TEXT", 4) && (l[4] == ' ' || l[4] == '\t')) ||
			   (ll > 6 && !memcmp(l, "GLOBL", 5) && (l[5] == ' ' || l[5] == '\t'))) {
			size_t a = l[0] == 'T' ? 5 : 6;

			seen_code = true;
			while (a < ll && (l[a] == ' ' || l[a] == '\t'))
				a++;
			size_t b = a;

			while (b < ll && l[b] != '(')
				b++;
			if (b + 4 <= ll && !memcmp(l + b, "(SB)", 4)) {
				size_t k = asm_name(l + a, b - a, pkg, buf, sizeof buf);

				if (k) {
					add(g, buf, k, LS_GSYM_ASM | LS_GSYM_PUSH);
					g->st.asm_symbols++;
				}
			}
		} else if (ll && l[0] != '/' && l[0] != '#') {
			seen_code = true;
		}
		i = e + 1;
	}
	g->st.asm_files++;
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
			if (nsubs == capsubs) {
				size_t nc = capsubs ? capsubs * 2 : 16;
				void *q = realloc(subs, nc * sizeof *subs);

				if (!q) {
					g->oom = true;
					break;
				}
				subs = q;
				capsubs = nc;
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
				if (g->nbl == g->capbl) {
					size_t nc = g->capbl ? g->capbl * 2 : 64;
					void *q = realloc(g->bl, nc * sizeof *g->bl);

					if (!q) {
						g->oom = true;
						break;
					}
					g->bl = q;
					g->capbl = nc;
				}
				cur = &g->bl[g->nbl++];
				*cur = (struct blocked){ off, (uint32_t)s.n,
							 (uint32_t)g->npkgs, 0 };
			} else if (depth == 2 && cur) {
				if (g->npkgs == g->cappkgs) {
					size_t nc = g->cappkgs ? g->cappkgs * 2 : 64;
					void *q = realloc(g->pkgs, nc * sizeof *g->pkgs);

					if (!q) {
						g->oom = true;
						break;
					}
					g->pkgs = q;
					g->cappkgs = nc;
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
	if ((f = fopen(path, "r"))) {
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
	if ((f = fopen(path, "r"))) {
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
		return ls_fail_nooff(d, "out of memory");
	}
	g->ctx = ctx;
	walk(g, path, (size_t)k, (size_t)k, 0);
	blocked_table(g, goroot);
	ls_gofile_free(&g->file);
	if (g->oom) {
		ls_goroot_links_free(g);
		return ls_fail_nooff(d, "out of memory");
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
	free(g);
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

enum ls_ln_verdict ls_goroot_check(const ls_goroot_links *g, const char *pkg,
				   const char *target, enum ls_ln_reason *why)
{
	size_t tn = strlen(target);

	for (size_t i = 0; i < g->nbl; i++) {
		const struct blocked *b = &g->bl[i];

		if (b->len != tn || memcmp(g->arena + b->off, target, tn))
			continue;
		for (uint32_t j = 0; j < b->n; j++) {
			const char *p = g->arena + g->pkgs[b->first + j].off;
			size_t pn = g->pkgs[b->first + j].len;

			if ((strlen(pkg) == pn && !memcmp(pkg, p, pn)) ||
			    fips_frozen_eq(pkg, p, pn)) {
				*why = LS_LNR_LISTED_ALLOWED;
				return LS_LNV_ALLOWED;
			}
		}
		*why = LS_LNR_LISTED_BLOCKED;
		return LS_LNV_BLOCKED;
	}
	/* The target's package: up to the first '.' after the last '/'. */
	const char *slash = strrchr(target, '/');
	const char *dot = strchr(slash ? slash : target, '.');

	if (!dot) {
		*why = LS_LNR_EXTERNAL;
		return LS_LNV_NA;
	}
	size_t pl = (size_t)(dot - target);
	unsigned f = ls_goroot_sym(g, target, tn);

	if (!(f & ~LS_GSYM_PKG)) {
		if (ls_goroot_sym(g, target, pl) & LS_GSYM_PKG) {
			*why = LS_LNR_NO_SUCH_SYMBOL;
			return LS_LNV_UNDEFINED;
		}
		*why = LS_LNR_NOT_STD;
		return LS_LNV_NA;
	}
	if (strlen(pkg) == pl && !memcmp(pkg, target, pl)) {
		*why = LS_LNR_SAME_PACKAGE;
		return LS_LNV_ALLOWED;
	}
	if (f & LS_GSYM_GO && f & LS_GSYM_PUSH) {
		*why = LS_LNR_PUSHED;
		return LS_LNV_ALLOWED;
	}
	if (f & LS_GSYM_ASM) {
		*why = LS_LNR_ASSEMBLY;
		return LS_LNV_ALLOWED;
	}
	if (f & LS_GSYM_PUSH) {
		*why = LS_LNR_PUSHED;
		return LS_LNV_ALLOWED;
	}
	*why = LS_LNR_NOT_PUSHED;
	return LS_LNV_BLOCKED;
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
	}
	return "";
}
