/*
 * gocgo.c - the cgo analysis over two go list package lists.
 */
#include "gocgo.h"

#include <stdlib.h>
#include <string.h>

/* calloc that gives memory for n == 0 too, so NULL means out of memory. */
static void *zalloc(size_t n, size_t sz)
{
	return calloc(n ? n : 1, sz);
}

bool ls_gopkg_uses_cgo(const ls_gopkg *p)
{
	return p->cgo_files.n > 0;
}

/* An index of a list by import path (sorted, searched with bsearch). */
struct idx {
	const ls_golist *l;
	size_t *ord;
};

static int cmp_ord(const void *a, const void *b, void *arg)
{
	const ls_golist *l = arg;

	return strcmp(l->pkgs[*(const size_t *)a].import_path,
		      l->pkgs[*(const size_t *)b].import_path);
}

static int idx_build(struct idx *x, const ls_golist *l)
{
	x->l = l;
	if (!(x->ord = zalloc(l->n, sizeof *x->ord)))
		return -1;
	for (size_t i = 0; i < l->n; i++)
		x->ord[i] = i;
	qsort_r(x->ord, l->n, sizeof *x->ord, cmp_ord, (void *)l);
	return 0;
}

/* Index of the package with this path, or (size_t)-1. */
static size_t idx_find(const struct idx *x, const char *path)
{
	size_t lo = 0, hi = x->l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->l->pkgs[x->ord[mid]].import_path, path);

		if (c == 0)
			return x->ord[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Files of a that neither of b's two file lists holds (NULL: out of
 * memory). */
static const char **files_minus(const ls_strvec *a1, const ls_strvec *a2,
				const ls_strvec *b1, const ls_strvec *b2, size_t *n)
{
	const char **r = zalloc(a1->n + a2->n, sizeof *r);
	const ls_strvec *as[2] = { a1, a2 };

	*n = 0;
	if (!r)
		return NULL;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < as[k]->n; i++)
			if (!ls_strvec_has(b1, as[k]->v[i]) && !ls_strvec_has(b2, as[k]->v[i]))
				r[(*n)++] = as[k]->v[i];
	return r;
}

static const struct {
	const char *path, *effect;
} std_effects[] = {
	{ "net", "the DNS resolver is always the pure-Go one: it reads "
	  "/etc/resolv.conf, /etc/hosts and only the files/dns entries of "
	  "/etc/nsswitch.conf; NSS modules (mdns, myhostname, resolve, sss, "
	  "ldap, wins) and getaddrinfo's behaviour are ignored" },
	{ "os/user", "user and group lookup reads /etc/passwd and /etc/group "
	  "only: no NSS, so LDAP, SSSD, NIS or systemd-homed users are not "
	  "found" },
	{ "plugin", "plugin.Open always fails (\"plugin: not implemented\")" },
	{ "runtime/cgo", "no C code and no C runtime are linked: the program "
	  "links internally and statically, with no glibc version floor" },
};

/* One BFS from all the roots over Imports: the first path found to each
 * package is its chain. */
static int chains(ls_gocgo *g, const ls_golist *with, const struct idx *xw)
{
	size_t *parent = zalloc(with->n, sizeof *parent);
	size_t *queue = zalloc(with->n, sizeof *queue);
	bool *seen = zalloc(with->n, sizeof *seen);
	size_t qh = 0, qt = 0, rtcgo;
	int rc = -1;

	g->roots = zalloc(with->n, sizeof *g->roots);
	g->cgo = zalloc(with->n, sizeof *g->cgo);
	if (!parent || !queue || !seen || !g->roots || !g->cgo)
		goto out;
	for (size_t i = 0; i < with->n; i++) {
		parent[i] = (size_t)-1;
		if (!with->pkgs[i].dep_only) {
			g->roots[g->nroots++] = &with->pkgs[i];
			seen[i] = true;
			queue[qt++] = i;
		}
	}
	rtcgo = idx_find(xw, "runtime/cgo");
	while (qh < qt) {
		size_t u = queue[qh++];
		const ls_strvec *im = &with->pkgs[u].imports;

		/* import "C" imports runtime/cgo implicitly: go list has it
		 * in Deps, not in Imports. */
		for (size_t k = 0; k <= im->n; k++) {
			size_t v;

			if (k == im->n)
				v = ls_gopkg_uses_cgo(&with->pkgs[u]) && u != rtcgo
					? rtcgo : (size_t)-1;
			else
				v = idx_find(xw, im->v[k]);

			if (v != (size_t)-1 && !seen[v]) {
				seen[v] = true;
				parent[v] = u;
				queue[qt++] = v;
			}
		}
	}
	for (size_t i = 0; i < with->n; i++) {
		ls_gocgo_use *u;
		size_t len = 0;

		if (!ls_gopkg_uses_cgo(&with->pkgs[i]))
			continue;
		u = &g->cgo[g->ncgo++];
		u->pkg = &with->pkgs[i];
		if (!seen[i])
			continue;
		for (size_t v = i; v != (size_t)-1; v = parent[v])
			len++;
		if (!(u->chain = zalloc(len, sizeof *u->chain)))
			goto out;
		u->nchain = len;
		for (size_t v = i; v != (size_t)-1; v = parent[v])
			u->chain[--len] = with->pkgs[v].import_path;
	}
	rc = 0;
out:
	free(parent);
	free(queue);
	free(seen);
	return rc;
}

static int std_changes(ls_gocgo *g, const ls_golist *with, const struct idx *xw)
{
	for (size_t s = 0; s < sizeof std_effects / sizeof std_effects[0]; s++) {
		size_t i = idx_find(xw, std_effects[s].path);

		if (i == (size_t)-1)
			continue;
		/* net and os/user change only when they use cgo here
		 * (netgo/osusergo tags turn that off). */
		if (strcmp(std_effects[s].path, "plugin") &&
		    !ls_gopkg_uses_cgo(&with->pkgs[i]) &&
		    strcmp(std_effects[s].path, "runtime/cgo"))
			continue;
		if (!g->std &&
		    !(g->std = zalloc(sizeof std_effects / sizeof std_effects[0],
				      sizeof *g->std)))
			return -1;
		g->std[g->nstd].import_path = std_effects[s].path;
		g->std[g->nstd++].effect = std_effects[s].effect;
	}
	return 0;
}

/* What the list without cgo loses, gains, changes and fails. */
static int compare(ls_gocgo *g, const ls_golist *with,
		   const ls_golist *without, const struct idx *xw,
		   const struct idx *xo)
{
	g->lost = zalloc(with->n, sizeof *g->lost);
	g->changed = zalloc(with->n, sizeof *g->changed);
	g->gained = zalloc(without->n, sizeof *g->gained);
	g->fails = zalloc(without->n, sizeof *g->fails);
	g->failing_roots = zalloc(g->nroots, sizeof *g->failing_roots);
	if (!g->lost || !g->changed || !g->gained || !g->fails ||
	    !g->failing_roots)
		return -1;
	for (size_t i = 0; i < with->n; i++) {
		const ls_gopkg *p = &with->pkgs[i];
		size_t j = idx_find(xo, p->import_path);
		ls_gocgo_change c = { 0 };

		if (j == (size_t)-1) {
			g->lost[g->nlost++] = p;
			continue;
		}
		c.with = p;
		c.without = &without->pkgs[j];
		c.dropped = files_minus(&p->go_files, &p->cgo_files,
					&c.without->go_files, &c.without->cgo_files,
					&c.ndropped);
		c.added = files_minus(&c.without->go_files, &c.without->cgo_files,
				      &p->go_files, &p->cgo_files, &c.nadded);
		if (c.dropped && c.added && (c.ndropped || c.nadded)) {
			g->changed[g->nchanged++] = c;
			continue;
		}
		free(c.dropped);
		free(c.added);
		if (!c.dropped || !c.added)
			return -1;
	}
	for (size_t j = 0; j < without->n; j++) {
		const ls_gopkg *p = &without->pkgs[j];
		size_t i = idx_find(xw, p->import_path);

		if (i == (size_t)-1)
			g->gained[g->ngained++] = p;
		if (p->error) {
			ls_gocgo_failure *f = &g->fails[g->nfails++];

			f->pkg = p;
			f->error = p->error;
			f->only_cgo_files = i != (size_t)-1 &&
				with->pkgs[i].cgo_files.n > 0 &&
				with->pkgs[i].go_files.n == 0 &&
				p->go_files.n == 0;
		}
	}
	for (size_t r = 0; r < g->nroots; r++) {
		size_t j = idx_find(xo, g->roots[r]->import_path);

		if (j == (size_t)-1 || without->pkgs[j].incomplete ||
		    without->pkgs[j].error)
			g->failing_roots[g->nfailing_roots++] = g->roots[r];
	}
	return 0;
}

int ls_gocgo_analyze(const ls_golist *with, const ls_golist *without,
		     bool cgo_enabled, ls_gocgo *g, ls_diag *d)
{
	struct idx xw = { 0 }, xo = { 0 };
	int rc = -1;

	memset(g, 0, sizeof *g);
	g->cgo_enabled = cgo_enabled;
	if (idx_build(&xw, with) < 0 || chains(g, with, &xw) < 0 ||
	    (cgo_enabled && std_changes(g, with, &xw) < 0))
		goto out;
	if (without && (idx_build(&xo, without) < 0 ||
			compare(g, with, without, &xw, &xo) < 0))
		goto out;
	rc = 0;
out:
	free(xw.ord);
	free(xo.ord);
	if (rc < 0) {
		ls_gocgo_free(g);
		return ls_oom(d);
	}
	return 0;
}

/* Is "# path" a line of err (go build's header before a package's tool
 * output)? */
static bool names_header(const char *err, const char *path)
{
	size_t n = strlen(path);

	for (const char *l = err; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (l[0] == '#' && l[1] == ' ' && !strncmp(l + 2, path, n) &&
		    (l[2 + n] == '\n' || l[2 + n] == '\0'))
			return true;
	return false;
}

void ls_gocgo_build_result(ls_gocgo *g, int status, const char *err)
{
	size_t before = g->nfailing_roots;

	if (status == 0)
		return;
	g->build_error = err;
	if (before)	/* already failing: the build adds nothing */
		return;
	for (size_t r = 0; r < g->nroots; r++)
		if (names_header(err, g->roots[r]->import_path))
			g->failing_roots[g->nfailing_roots++] = g->roots[r];
	if (g->nfailing_roots == before)
		for (size_t r = 0; r < g->nroots; r++)
			g->failing_roots[g->nfailing_roots++] = g->roots[r];
}

void ls_gocgo_free(ls_gocgo *g)
{
	for (size_t i = 0; i < g->nstubs; i++)
		free(g->stubs[i].message);
	free(g->stubs);
	for (size_t i = 0; i < g->ncgo; i++)
		free(g->cgo[i].chain);
	for (size_t i = 0; i < g->nchanged; i++) {
		free(g->changed[i].dropped);
		free(g->changed[i].added);
	}
	free(g->cgo);
	free(g->lost);
	free(g->gained);
	free(g->changed);
	free(g->fails);
	free(g->roots);
	free(g->failing_roots);
	free(g->std);
	memset(g, 0, sizeof *g);
}
