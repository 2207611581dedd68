/*
 * systarget.c - named targets: the compiled-in data/targets/ files (see
 * docs/targets.md for the format) and the judgment "would this file load
 * on debian-11", made the way glibc's loader makes it:
 *
 *  (a) the kernel runs the program's PT_INTERP: it must be the target's
 *      loader path;
 *  (b) elf/dl-version.c _dl_check_map_versions: each Verneed entry names
 *      a loaded library (vn_file) and each of its Vernaux a version that
 *      library must define (match_symbol), else "version `GLIBC_2.34' not
 *      found (required by ...)" -- unless the Vernaux is VER_FLG_WEAK;
 *  (c) elf/dl-lookup.c _dl_lookup_symbol_x: a reference is looked up in
 *      the global scope (the program and its DT_NEEDED closure, breadth
 *      first); a versioned reference matches only name@version, hidden
 *      (@) or default (@@) (check_match), an unversioned one any
 *      non-hidden definition; a strong reference with no definition is
 *      "undefined symbol: NAME, version V", a weak one binds to 0.
 *
 * Only the target's libraries are known: a DT_NEEDED that is not one of
 * them is named as not judged, and unversioned imports are judged only
 * when every DT_NEEDED is a target library (another library could
 * define them).  A version-level target (manylinux) judges (b) against
 * its policy's version names as well, over the library layout and
 * version-node symbols of its Debian base release.
 */
#include "systarget.h"
#include "../core/array.h"
#include "../core/demangle.h"
#include "../core/strvec.h"
#include "../readers/elf_defs.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* data/targets/ NAME.txt as C strings (meson: scripts/embed-targets.py). */
extern const char ls_systarget_data_targets[];
extern const char ls_systarget_data_x86_64[];
extern const char ls_systarget_data_aarch64[];

#define MAX_REL 8		/* releases per architecture: a uint8_t set */
#define MAX_ARCH 2
#define MAX_ALIAS 8
#define MAX_ALLOW 8

struct tlib { const char *soname; uint8_t set; uint32_t need0, nneed; };
struct tneed { const char *name; uint8_t set; };
struct tver { const char *name; uint32_t lib; uint8_t set; };
struct tsym {
	const char *name, *ver;
	uint32_t lib, next;
	uint8_t set;
	bool hidden;
};

struct tarch {
	const char *mach;
	int rel[MAX_REL], nrel;
	struct tlib *libs;
	struct tneed *need;
	struct tver *vers;
	struct tsym *syms;
	uint32_t nlibs, nneed, nvers, nsyms;
	size_t libcap, needcap, vercap, symcap;
	uint32_t *bucket, nbucket;
};

struct tallow { const char *mach, *family; char *list; };

struct ttarget {
	ls_systarget_info info;
	bool version_level;
	int base;
	struct { const char *mach, *loader, *shown; } arch[MAX_ARCH];
	int narch;
	const char *alias[MAX_ALIAS];
	int nalias;
	struct tallow allow[MAX_ARCH * MAX_ALLOW];
	int nallow;
	char arches[64], aliases[160];
};

static struct {
	bool loaded;
	const char *err;
	char *buf[1 + MAX_ARCH];
	struct ttarget *t;
	size_t nt, tcap;
	struct tarch arch[MAX_ARCH];
	int narch;
} G;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* --- parsing --------------------------------------------------------- */

/* The next line of *p (NUL-terminated in place), or NULL at the end. */
static char *line(char **p)
{
	char *s = *p, *e;

	if (!*s)
		return NULL;
	e = s + strcspn(s, "\n");
	*p = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

/* The next space-separated token of *p, or NULL. */
static char *tok(char **p)
{
	char *s = *p + strspn(*p, " "), *e;

	if (!*s)
		return NULL;
	e = s + strcspn(s, " ");
	*p = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

static int rel_index(const struct tarch *a, int rel)
{
	for (int i = 0; i < a->nrel; i++)
		if (a->rel[i] == rel)
			return i;
	return -1;
}

/* "11-13", "11,13", "12": a bit per release index; 0 when malformed. */
static uint8_t parse_set(const struct tarch *a, const char *s)
{
	uint8_t set = 0;

	while (*s) {
		char *e;
		long x = strtol(s, &e, 10), y = x;
		int i, j;

		if (e == s)
			return 0;
		if (*e == '-')
			y = strtol(e + 1, &e, 10);
		i = rel_index(a, (int)x);
		j = rel_index(a, (int)y);
		if (i < 0 || j < i)
			return 0;
		for (; i <= j; i++)
			set |= (uint8_t)(1u << i);
		if (*e == ',')
			e++;
		else if (*e)
			return 0;
		s = e;
	}
	return set;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 5381;	/* DT_GNU_HASH's function */

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Records why the data does not parse; -1. */
static int bad(const char *what)
{
	G.err = what;
	return -1;
}

static int parse_arch(struct tarch *a, char *text)
{
	char *p = text, *l;
	uint8_t libset = 0, verset = 0;
	const char *ver = NULL;

	while ((l = line(&p))) {
		char *k, *name, *t;

		if (*l == '#' || !*l)
			continue;
		if (*l == ' ') {	/* a symbol of the current version */
			struct tsym s = { .set = verset, .ver = ver };

			if (!ver || !(s.name = tok(&l)))
				return bad("symbol line outside a version");
			while ((t = tok(&l)))
				if (!strcmp(t, "hidden"))
					s.hidden = true;
				else if (!(s.set = parse_set(a, t)))
					return bad("bad release set on a symbol");
			s.lib = a->nlibs - 1;
			if (LS_ARRAY_PUSH(a->syms, a->nsyms, a->symcap, s) < 0)
				return bad("out of memory");
			continue;
		}
		k = tok(&l);
		name = tok(&l);
		t = tok(&l);
		if (!strcmp(k, "format") && (!name || strcmp(name, "1"))) {
			return bad("not format 1 (docs/targets.md)");
		} else if (!strcmp(k, "format") || !strcmp(k, "loader")) {
			continue;
		} else if (!strcmp(k, "releases")) {
			for (char *r = name; r && a->nrel < MAX_REL; r = t, t = tok(&l))
				a->rel[a->nrel++] = atoi(r);
		} else if (!strcmp(k, "lib") && name) {
			struct tlib lb = { name, t ? parse_set(a, t) : 0, a->nneed, 0 };

			if (!lb.set)
				return bad("lib without a release set");
			libset = lb.set;
			ver = NULL;
			if (LS_ARRAY_PUSH(a->libs, a->nlibs, a->libcap, lb) < 0)
				return bad("out of memory");
		} else if (!strcmp(k, "needed") && name && a->nlibs) {
			struct tneed n = { name, t ? parse_set(a, t) : libset };

			if (!n.set)
				return bad("bad release set on needed");
			if (LS_ARRAY_PUSH(a->need, a->nneed, a->needcap, n) < 0)
				return bad("out of memory");
			a->libs[a->nlibs - 1].nneed++;
		} else if (!strcmp(k, "version") && name && a->nlibs) {
			struct tver v = { name, a->nlibs - 1,
					  t && strcmp(t, "base") ? parse_set(a, t) : libset };

			if (!v.set)
				return bad("bad release set on a version");
			ver = name;
			verset = v.set;
			if (LS_ARRAY_PUSH(a->vers, a->nvers, a->vercap, v) < 0)
				return bad("out of memory");
		} else {
			return bad("unknown line in an architecture file");
		}
	}
	for (a->nbucket = 1; a->nbucket < a->nsyms; a->nbucket *= 2)
		;
	if (!(a->bucket = malloc(a->nbucket * sizeof *a->bucket)))
		return bad("out of memory");
	memset(a->bucket, 0xff, a->nbucket * sizeof *a->bucket);
	for (uint32_t i = a->nsyms; i-- > 0;) {
		uint32_t *b = &a->bucket[hash(a->syms[i].name) & (a->nbucket - 1)];

		a->syms[i].next = *b;
		*b = i;
	}
	return 0;
}

/* "title Debian 11 bullseye": the rest of the line after the key. */
static const char *rest(char *l)
{
	return l + strspn(l, " ");
}

static int parse_targets(char *text)
{
	char *p = text, *l;
	struct ttarget *t = NULL;

	while ((l = line(&p))) {
		char *k;

		if (*l == '#' || !*l)
			continue;
		k = tok(&l);
		if (!strcmp(k, "format") && strcmp(rest(l), "1")) {
			return bad("not format 1 (docs/targets.md)");
		} else if (!strcmp(k, "format") || !strcmp(k, "deb")) {
			continue;
		} else if (!strcmp(k, "target")) {
			if (!(t = ls_array_push_zero(&G.t, &G.nt, &G.tcap, sizeof *G.t)))
				return bad("out of memory");
			t->info.name = tok(&l);
			t->info.title = t->info.glibc = t->info.glibcxx = "";
			t->info.level = t->info.provenance = "";
			if (!t->info.name)
				return bad("target without a name");
		} else if (!t) {
			return bad("a target's line before any target");
		} else if (!strcmp(k, "level")) {
			t->info.level = rest(l);
			t->version_level = !strcmp(t->info.level, "version");
		} else if (!strcmp(k, "base")) {
			t->base = atoi(rest(l));
		} else if (!strcmp(k, "title")) {
			t->info.title = rest(l);
		} else if (!strcmp(k, "glibc")) {
			t->info.glibc = rest(l);
		} else if (!strcmp(k, "glibcxx")) {
			t->info.glibcxx = rest(l);
		} else if (!strcmp(k, "provenance")) {
			t->info.provenance = rest(l);
		} else if (!strcmp(k, "alias")) {
			if (t->nalias == MAX_ALIAS)
				return bad("too many aliases");
			t->alias[t->nalias] = rest(l);
			snprintf(t->aliases + strlen(t->aliases),
				 sizeof t->aliases - strlen(t->aliases), "%s%s",
				 t->nalias ? " " : "", t->alias[t->nalias]);
			t->nalias++;
		} else if (!strcmp(k, "arch")) {
			if (t->narch == MAX_ARCH)
				return bad("too many architectures");
			t->arch[t->narch].mach = tok(&l);
			t->arch[t->narch].loader = tok(&l);
			t->arch[t->narch].shown = tok(&l);
			if (!t->arch[t->narch].shown)
				return bad("arch line needs machine, loader, name");
			snprintf(t->arches + strlen(t->arches),
				 sizeof t->arches - strlen(t->arches), "%s%s",
				 t->narch ? " " : "", t->arch[t->narch].mach);
			t->narch++;
		} else if (!strcmp(k, "allow")) {
			struct tallow *w = &t->allow[t->nallow];

			if (t->nallow == (int)(sizeof t->allow / sizeof t->allow[0]))
				return bad("too many allow lines");
			w->mach = tok(&l);
			w->family = tok(&l);
			w->list = l;
			if (!w->family)
				return bad("allow line needs machine and family");
			t->nallow++;
		} else {
			return bad("unknown line in targets.txt");
		}
	}
	/* Now that G.t no longer moves. */
	for (size_t i = 0; i < G.nt; i++) {
		G.t[i].info.aliases = G.t[i].aliases;
		G.t[i].info.arches = G.t[i].arches;
	}
	return G.nt ? 0 : bad("no targets");
}

static void unload(void)
{
	for (int i = 0; i < MAX_ARCH; i++) {
		struct tarch *a = &G.arch[i];

		free(a->libs);
		free(a->need);
		free(a->vers);
		free(a->syms);
		free(a->bucket);
	}
	for (int i = 0; i < 1 + MAX_ARCH; i++)
		free(G.buf[i]);
	free(G.t);
	memset(&G, 0, sizeof G);
}

static int load(const char *targets, const char *const arch[MAX_ARCH])
{
	const char *mach[MAX_ARCH] = { "x86-64", "aarch64" };

	unload();
	G.loaded = true;
	if (!(G.buf[0] = strdup(targets)))
		return bad("out of memory");
	for (int i = 0; i < MAX_ARCH; i++) {
		if (!(G.buf[1 + i] = strdup(arch[i])))
			return bad("out of memory");
		G.arch[i].mach = mach[i];
		if (parse_arch(&G.arch[i], G.buf[1 + i]) < 0)
			return -1;
		G.narch++;
	}
	return parse_targets(G.buf[0]);
}

static void init(void)
{
	const char *arch[MAX_ARCH] = { ls_systarget_data_x86_64, ls_systarget_data_aarch64 };

	if (!G.loaded)
		load(ls_systarget_data_targets, arch);
}

static bool ready(void)
{
	pthread_once(&once, init);
	return !G.err;
}

int ls_systarget_use_text(const char *targets, const char *x86_64,
			  const char *aarch64, const char **err)
{
	const char *arch[MAX_ARCH] = { x86_64, aarch64 };

	pthread_once(&once, init);
	if (!targets) {
		G.loaded = false;
		init();
	} else {
		load(targets, arch);
	}
	if (err)
		*err = G.err;
	return G.err ? -1 : 0;
}

/* --- names ----------------------------------------------------------- */

int ls_systarget_count(const char **err)
{
	if (!ready()) {
		if (err)
			*err = G.err;
		return -1;
	}
	return (int)G.nt;
}

const ls_systarget_info *ls_systarget_get(int i)
{
	return ready() && i >= 0 && (size_t)i < G.nt ? &G.t[i].info : NULL;
}

int ls_systarget_lookup(const char *name)
{
	if (!ready())
		return -1;
	for (size_t i = 0; i < G.nt; i++) {
		if (!strcmp(G.t[i].info.name, name))
			return (int)i;
		for (int k = 0; k < G.t[i].nalias; k++)
			if (!strcmp(G.t[i].alias[k], name))
				return (int)i;
	}
	return -1;
}

/* Levenshtein distance, capped at 3 (only "near" matters). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], prev, cur;

	if (lb >= sizeof row / sizeof row[0] || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev + (a[i - 1] != b[j - 1]);

			cur = row[j];
			row[j] = sub;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (cur + 1 < row[j])
				row[j] = cur + 1;
			prev = cur;
		}
	}
	return row[lb];
}

void ls_systarget_suggest(const char *name, char *buf, size_t len)
{
	size_t at = 0;

	if (len)
		buf[0] = '\0';
	if (!ready() || !*name)
		return;
	for (size_t i = 0; i < G.nt && at < len; i++) {
		const char *n = G.t[i].info.name;
		int k;

		if (distance(name, n) > 2 && strncmp(n, name, strlen(name)))
			continue;
		k = snprintf(buf + at, len - at, "%s%s", at ? " " : "", n);
		at += k < 0 ? 0 : (size_t)k;
	}
}

void ls_systarget_list(FILE *f)
{
	if (!ready()) {
		fprintf(f, "target data does not parse: %s\n", G.err);
		return;
	}
	fprintf(f, "%-16s %-15s %-6s %-9s %-13s %s\n", "NAME", "ARCH", "GLIBC",
		"GLIBCXX", "LEVEL", "PROVENANCE");
	for (size_t i = 0; i < G.nt; i++) {
		const ls_systarget_info *t = &G.t[i].info;

		fprintf(f, "%-16s %-15s %-6s %-9s %-13s %s\n", t->name, t->arches,
			t->glibc, t->glibcxx,
			G.t[i].version_level ? "version-level" : "exact", t->provenance);
		if (*t->aliases)
			fprintf(f, "%-16s (also: %s)\n", "", t->aliases);
	}
}

/* --- the data, as the judgment asks it -------------------------------- */

/* The library SONAME present in release bit, or -1. */
static int find_lib(const struct tarch *a, const char *soname, uint8_t bit)
{
	for (uint32_t i = 0; i < a->nlibs; i++)
		if ((a->libs[i].set & bit) && !strcmp(a->libs[i].soname, soname))
			return (int)i;
	return -1;
}

/* Known in some release of this architecture (so its absence is news). */
static bool known_lib(const struct tarch *a, const char *soname)
{
	for (uint32_t i = 0; i < a->nlibs; i++)
		if (!strcmp(a->libs[i].soname, soname))
			return true;
	return false;
}

/* A version-level target's policy: is version name VER allowed on MACH?
 * Names of a family the policy lists must be among its versions; other
 * names (a library's base version) are not restricted. */
static bool allowed(const struct ttarget *t, const char *mach, const char *ver)
{
	if (!t->version_level)
		return true;
	for (int i = 0; i < t->nallow; i++) {
		const struct tallow *w = &t->allow[i];
		size_t fl = strlen(w->family);
		const char *num = ver + fl + 1, *s = w->list;

		if (strcmp(w->mach, mach) || strncmp(ver, w->family, fl) || ver[fl] != '_')
			continue;
		while (*s) {
			size_t n = strcspn(s, " ");

			if (n == strlen(num) && !strncmp(s, num, n))
				return true;
			s += n + (s[n] == ' ');
		}
		return false;
	}
	return true;
}

static bool defines_version(const struct tarch *a, int lib, const char *ver, uint8_t bit)
{
	for (uint32_t i = 0; i < a->nvers; i++)
		if (a->vers[i].lib == (uint32_t)lib && (a->vers[i].set & bit) &&
		    !strcmp(a->vers[i].name, ver))
			return true;
	return false;
}

/*
 * A definition of name (at version ver; NULL: an unversioned reference,
 * which takes no hidden definition) in release bit, by a library in
 * loaded (NULL: any library).  Returns the library index or -1.
 */
static int find_def(const struct tarch *a, const struct ttarget *t, const char *name,
		    const char *ver, uint8_t bit, const bool *loaded)
{
	for (uint32_t i = a->bucket[hash(name) & (a->nbucket - 1)]; i != UINT32_MAX;
	     i = a->syms[i].next) {
		const struct tsym *s = &a->syms[i];

		if (!(s->set & bit) || strcmp(s->name, name) || (loaded && !loaded[s->lib]))
			continue;
		if (ver ? strcmp(s->ver, ver) : s->hidden)
			continue;
		if (!allowed(t, a->mach, s->ver))
			continue;
		return (int)s->lib;
	}
	return -1;
}

/* --- the judgment ---------------------------------------------------- */

struct judge {
	const ls_audit *a;
	const struct ttarget *t;
	const struct tarch *ar;
	const char *shown;	/* "amd64" */
	uint8_t bit;
	bool *loaded;
	ls_strvec probs;	/* the interpreter, missing libraries */
	FILE *out;		/* the reason, written by describe() */
	char *s;
	size_t n;
	ls_vsym *need, *undef;	/* missing versions' symbols; undefined */
	uint32_t nneed, nundef;
	size_t needcap, undefcap;
	const ls_version **mver;	/* the missing versions */
	uint32_t nmver;
	size_t mvercap;
	bool oom;
};

static const char *family(const char *ver)
{
	static const char *const fam[] = { "GLIBCXX", "GLIBC", "CXXABI", "GCC" };

	for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++) {
		size_t n = strlen(fam[i]);

		if (!strncmp(ver, fam[i], n) && ver[n] == '_')
			return fam[i];
	}
	return "";
}

static void push(struct judge *j, bool need, const char *name, const char *ver,
		 const char *lib, bool weak)
{
	ls_vsym v = { name, ver, family(ver), lib, weak };

	if (need ? LS_ARRAY_PUSH(j->need, j->nneed, j->needcap, v) < 0 :
		   LS_ARRAY_PUSH(j->undef, j->nundef, j->undefcap, v) < 0)
		j->oom = true;
}

static bool program(const ls_audit *a)
{
	return a->kind == LS_ART_EXEC || a->kind == LS_ART_PIE;
}

/* A library of another release: "needs libc_malloc_debug.so.0, which
 * debian-11 does not have (debian-12, debian-13 have it)" -- the loader's
 * "cannot open shared object file". */
static void absent_lib(struct judge *j, const char *soname)
{
	char have[160] = "";
	size_t at = 0;
	uint8_t set = 0;

	for (uint32_t i = 0; i < j->ar->nlibs; i++)
		if (!strcmp(j->ar->libs[i].soname, soname))
			set |= j->ar->libs[i].set;
	for (size_t i = 0; i < G.nt && at < sizeof have; i++) {
		const struct ttarget *t = &G.t[i];
		int r = rel_index(j->ar, t->base);
		int k;

		if (t->version_level || r < 0 || !(set & (1u << r)))
			continue;
		k = snprintf(have + at, sizeof have - at, "%s%s", at ? ", " : "",
			     t->info.name);
		at += k < 0 ? 0 : (size_t)k;
	}
	if (ls_strvec_addf(&j->probs, "needs %s, which %s does not have%s%s%s", soname,
			   j->t->info.name, *have ? " (" : "", have,
			   !*have ? "" : strchr(have, ',') ? " have it)" : " has it)") < 0)
		j->oom = true;
}

/* (c)'s scope: the file's DT_NEEDED closure through target libraries,
 * breadth first (elf/dl-deps.c _dl_map_object_deps).  Names the ones
 * that are not judged; true when every DT_NEEDED is a target library. */
static bool load_set(struct judge *j)
{
	const ls_dyninfo *dy = &j->a->load.dyn;
	uint32_t *queue, head = 0, tail = 0;
	bool all = true;

	if (!(queue = malloc((j->ar->nlibs + 1) * sizeof *queue))) {
		j->oom = true;
		return false;
	}
	for (uint32_t i = 0; i < dy->nneeded; i++) {
		int l = find_lib(j->ar, dy->needed[i], j->bit);

		if (l >= 0) {
			if (!j->loaded[l])
				queue[tail++] = (uint32_t)l;
			j->loaded[l] = true;
			continue;
		}
		all = false;
		if (known_lib(j->ar, dy->needed[i]))
			absent_lib(j, dy->needed[i]);
	}
	while (head < tail) {
		const struct tlib *lb = &j->ar->libs[queue[head++]];

		for (uint32_t k = 0; k < lb->nneed; k++) {
			const struct tneed *nd = &j->ar->need[lb->need0 + k];
			int l;

			if (!(nd->set & j->bit) || (l = find_lib(j->ar, nd->name, j->bit)) < 0 ||
			    j->loaded[l])
				continue;
			j->loaded[l] = true;
			queue[tail++] = (uint32_t)l;
		}
	}
	free(queue);
	return all;
}

/* GLIBC_PRIVATE is glibc's interface between its own libraries of one
 * build (gconv modules, libnss_*): the data leaves it out, so it is not
 * judged. */
static bool private(const char *ver)
{
	size_t n = strlen(ver);

	return n >= 8 && !strcmp(ver + n - 8, "_PRIVATE");
}

/* (b): each needed version of a target library, defined and allowed. */
static void check_versions(struct judge *j)
{
	const ls_object *o = j->a->obj;

	for (uint32_t i = 0; i < o->nversions; i++) {
		const ls_version *v = &o->versions[i];
		int l;

		if (v->defined || !v->name || !v->file || private(v->name) ||
		    (l = find_lib(j->ar, v->file, j->bit)) < 0 ||
		    (v->flags & VER_FLG_WEAK))
			continue;
		if (defines_version(j->ar, l, v->name, j->bit) &&
		    allowed(j->t, j->ar->mach, v->name))
			continue;
		if (LS_ARRAY_PUSH(j->mver, j->nmver, j->mvercap, v) < 0)
			j->oom = true;
	}
}

static const ls_version *missing_version(const struct judge *j, uint16_t idx)
{
	for (uint32_t i = 0; i < j->nmver; i++)
		if (j->mver[i]->index == idx)
			return j->mver[i];
	return NULL;
}

/*
 * (c): every import a target library should define.  An import is an
 * undefined symbol, or a defined one whose versym names a Vernaux: a copy
 * relocation (the program's .bss copy of libc's __libc_single_threaded or
 * stdout), which the loader resolves by looking the name@version up in
 * the scope without the executable (elf/dl-lookup.c do_lookup_x: "Don't
 * search the executable when resolving a copy reloc"), with the version
 * of the symbol's versym entry like any reference (elf/do-rel.h).
 * A weak import is listed only under a missing version, since that need
 * is what fails (dl-version.c); undefined, it binds to 0.
 */
static void check_symbols(struct judge *j, bool all_target)
{
	const ls_object *o = j->a->obj;
	ls_diag d;

	for (uint32_t i = 1; i < o->dynsym.count; i++) {
		const ls_version *v = NULL;
		ls_symbol s;
		uint16_t idx;
		bool weak;

		memset(&d, 0, sizeof d);
		if (ls_symbol_get(o, &o->dynsym, i, &s, &d) < 0)
			break;	/* the audit reported the table already */
		if ((s.bind != STB_GLOBAL && s.bind != STB_WEAK) || !*s.name)
			continue;
		weak = s.bind == STB_WEAK;
		idx = s.has_versym ? s.versym & 0x7fff : 0;
		if (idx >= 2) {
			v = ls_version_lookup(o, idx);
			if (!v || v->defined || !v->name || !v->file || private(v->name) ||
			    find_lib(j->ar, v->file, j->bit) < 0)
				continue;
			if (missing_version(j, idx)) {
				push(j, true, s.name, v->name, v->file, weak);
				continue;
			}
			if (!weak &&
			    find_def(j->ar, j->t, s.name, v->name, j->bit, j->loaded) < 0)
				push(j, false, s.name, v->name, v->file, false);
		} else if (s.shndx != SHN_UNDEF || weak) {
			continue;
		} else if (all_target &&
			   find_def(j->ar, j->t, s.name, NULL, j->bit, j->loaded) < 0) {
			push(j, false, s.name, "", "", false);
		}
	}
}

/* Missing versions: newest first, by family; their symbols by name. */
static int need_cmp(const void *x, const void *y)
{
	const ls_vsym *a = x, *b = y;
	int c = strcmp(a->family, b->family);
	size_t n = strlen(a->family) + 1;

	if (c)
		return c;
	if (*a->family && (c = ls_version_cmp(b->version + n, a->version + n)))
		return c;
	if ((c = strcmp(a->version, b->version)))
		return c;
	return strcmp(a->name, b->name);
}

/* "; " between the parts of the reason after its head. */
static void part(struct judge *j, bool *any)
{
	if (*any)
		fputs("; ", j->out);
	*any = true;
}

/* A C++ name as nm -C prints it. */
static void put_name(FILE *f, const char *name)
{
	char *dm = ls_demangle(name);

	fputs(dm ? dm : name, f);
	free(dm);
}

/* "needs GLIBC_2.34 (pthread_create), GLIBC_2.33 (stat)" */
static bool describe_needs(struct judge *j)
{
	const char *prev = NULL;

	if (j->nneed)
		qsort(j->need, j->nneed, sizeof *j->need, need_cmp);
	for (uint32_t i = 0; i < j->nneed; i++) {
		const ls_vsym *v = &j->need[i];

		if (prev && !strcmp(prev, v->version))
			fputs(", ", j->out);
		else
			fprintf(j->out, "%s %s (", prev ? ")," : "needs", v->version);
		put_name(j->out, v->name);
		if (v->weak)
			fputs(" (weak)", j->out);
		prev = v->version;
	}
	if (prev)
		fputs(")", j->out);
	/* A needed version no symbol is bound to. */
	for (uint32_t i = 0; i < j->nmver; i++) {
		bool has = false;

		for (uint32_t k = 0; k < j->nneed; k++)
			has |= !strcmp(j->need[k].version, j->mver[i]->name);
		if (!has)
			fprintf(j->out, "%s %s", prev ? "," : "needs", j->mver[i]->name), prev = "";
	}
	return prev != NULL;
}

static void describe(struct judge *j)
{
	const ls_dyninfo *dy = &j->a->load.dyn;
	bool any, first = true;

	fprintf(j->out, "would not load on %s (%s, glibc %s, %s): ", j->t->info.name,
		j->t->info.title, j->t->info.glibc, j->shown);
	any = describe_needs(j);
	for (uint32_t i = 0; i < j->nundef; i++) {
		const ls_vsym *v = &j->undef[i];
		int l;

		part(j, &any);
		fputs("undefined symbol: ", j->out);
		put_name(j->out, v->name);
		if (*v->version)
			fprintf(j->out, ", version %s", v->version);
		l = find_def(j->ar, j->t, v->name, *v->version ? v->version : NULL, j->bit, NULL);
		if (l >= 0)
			fprintf(j->out, " (defined in %s, which the file does not load)",
				j->ar->libs[l].soname);
	}
	for (size_t i = 0; i < j->probs.n; i++) {
		part(j, &any);
		fputs(j->probs.v[i], j->out);
	}
	/* The file's DT_NEEDED that no target library answers for. */
	for (uint32_t i = 0; i < dy->nneeded; i++) {
		if (known_lib(j->ar, dy->needed[i]))
			continue;
		fprintf(j->out, "%s%s", first ? "; not judged: " : ", ", dy->needed[i]);
		first = false;
	}
	if (!first)
		fprintf(j->out, " (not part of %s's base libraries)", j->t->info.name);
}

/* The file's DT_NEEDED that no release of the data knows, for a report
 * to name even when the file holds. */
static int unjudged(const struct judge *j, ls_systarget_verdict *v)
{
	const ls_dyninfo *dy = &j->a->load.dyn;

	for (uint32_t i = 0; i < dy->nneeded; i++) {
		if (known_lib(j->ar, dy->needed[i]))
			continue;
		if (!v->unjudged && !(v->unjudged = malloc(dy->nneeded * sizeof *v->unjudged)))
			return -1;
		v->unjudged[v->nunjudged++] = dy->needed[i];
	}
	return 0;
}

static const struct ttarget *target(const char *name)
{
	int i = ls_systarget_lookup(name);

	return i < 0 ? NULL : &G.t[i];
}

static const struct tarch *arch_data(const char *mach)
{
	for (int i = 0; i < G.narch; i++)
		if (!strcmp(G.arch[i].mach, mach))
			return &G.arch[i];
	return NULL;
}

/* The target's name of the file's machine ("x32" is x86-64's ILP32 ABI,
 * which has no data). */
static const char *machine(const ls_audit *a)
{
	if (a->machine == EM_X86_64 && a->elfclass == ELFCLASS32)
		return "x32";
	if (a->machine == EM_AARCH64 && a->order == LS_BE)
		return "aarch64_be";
	if (a->machine == EM_RISCV)
		return a->elfclass == ELFCLASS64 ? "riscv64" : "riscv32";
	return ls_machine_name(a->machine);
}

static int fail_simple(ls_systarget_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail_simple(ls_systarget_verdict *v, const char *fmt, ...)
{
	va_list ap;
	int len;

	v->holds = false;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !(v->reason = malloc((size_t)len + 1)))
		return -1;
	va_start(ap, fmt);
	vsnprintf(v->reason, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return 0;
}

int ls_systarget_judge(const ls_audit *a, const char *name, ls_systarget_verdict *v)
{
	const struct ttarget *t;
	struct judge j = { .a = a };
	const char *mach = machine(a);
	bool all;
	int rc = 0, ri, ai;

	memset(v, 0, sizeof *v);
	v->holds = true;
	/* A static file, an object or a debug file: no loader judges it. */
	if (!a->load.has_dynamic || !a->obj ||
	    !(program(a) || a->kind == LS_ART_SHARED) || (program(a) && !a->load.interp))
		return 0;
	if (!ready() || !(t = target(name)))
		return fail_simple(v, "no target %s (target data: %s)", name,
				   G.err ? G.err : "unknown name");
	for (ai = 0; ai < t->narch && strcmp(t->arch[ai].mach, mach); ai++)
		;
	j.t = t;
	j.ar = arch_data(mach);
	if (ai == t->narch || !j.ar || (ri = rel_index(j.ar, t->base)) < 0)
		return fail_simple(v, "no data for %s on %s (%s%s%s known)", mach,
				   t->info.name, t->arch[0].mach, t->narch > 1 ? ", " : "",
				   t->narch > 1 ? t->arch[1].mach : "");
	j.bit = (uint8_t)(1u << ri);
	j.shown = t->arch[ai].shown;
	if (!(j.loaded = calloc(j.ar->nlibs + 1, sizeof *j.loaded)))
		return -1;
	if (program(a) && strcmp(a->load.interp, t->arch[ai].loader) &&
	    ls_strvec_addf(&j.probs, "interpreter %s is not on %s (its loader is %s)",
			   a->load.interp, t->info.name, t->arch[ai].loader) < 0)
		j.oom = true;
	all = load_set(&j);
	check_versions(&j);
	/* A library's unversioned imports may come from the program that
	 * loads it (Perl's XS modules, libthread_db's ps_* callbacks). */
	check_symbols(&j, all && program(a));
	if (j.probs.n || j.nmver || j.nundef || j.nneed) {
		v->holds = false;
		if (!j.oom && (j.out = open_memstream(&j.s, &j.n))) {
			describe(&j);
			j.oom |= ferror(j.out) != 0;
			j.oom |= fclose(j.out) != 0;
		} else {
			j.oom = true;
		}
	}
	if (unjudged(&j, v) < 0)
		j.oom = true;
	if (j.oom) {
		rc = -1;
		v->holds = false;
	} else if (!v->holds) {
		v->reason = j.s;
		j.s = NULL;
		if (j.nneed + j.nundef &&
		    (v->syms = malloc((j.nneed + j.nundef) * sizeof *v->syms))) {
			if (j.nneed)
				memcpy(v->syms, j.need, j.nneed * sizeof *v->syms);
			if (j.nundef)
				memcpy(v->syms + j.nneed, j.undef, j.nundef * sizeof *v->syms);
			v->nsyms = j.nneed + j.nundef;
		} else if (j.nneed + j.nundef) {
			rc = -1;
		}
	}
	free(j.s);
	ls_strvec_free(&j.probs);
	free(j.loaded);
	free(j.need);
	free(j.undef);
	free(j.mver);
	return rc;
}
