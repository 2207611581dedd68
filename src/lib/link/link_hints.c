/*
 * link_hints.c - why an undefined symbol is undefined, when the inputs or
 * the search path can tell: defined in a file of another architecture, in
 * a library on the search path that was not given, in a DSO's dependency,
 * in an archive GNU ld visited too early, hidden, under another version,
 * under a near or differently mangled name; and the glibc/musl and Go
 * patterns behind well-known failures (docs/link.md, "Hints").
 *
 * Only runs when something failed, so it may read more than the link did;
 * every scan is bounded by MAX_HINTED undefined names.
 */
#include "link_impl.h"
#include "ldscript.h"
#include "../core/demangle.h"
#include "../readers/elf_defs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HINTED 64
#define MAX_HINTS 4
#define MAX_SCAN_FILES 2000

static int hint(ls_link_undef *u, int kind, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int hint(ls_link_undef *u, int kind, const char *file, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (u->nhints >= MAX_HINTS)
		return 0;
	for (size_t i = 0; i < u->nhints; i++)
		if (u->hints[i].kind == kind && kind != LS_HINT_WRONG_ARCH &&
		    kind != LS_HINT_NOT_GIVEN)
			return 0;
	va_start(ap, fmt);
	text = link_vfmt(fmt, ap);
	va_end(ap);
	if (!text)
		return -1;
	ls_link_hint *h = realloc(u->hints, (u->nhints + 1) * sizeof *h);
	if (!h) {
		free(text);
		return -1;
	}
	u->hints = h;
	h[u->nhints].kind = kind;
	h[u->nhints].text = text;
	h[u->nhints].file = file ? strdup(file) : NULL;
	u->nhints++;
	return 0;
}

/* A table of the undefined names, each pointing at its ls_link_undef. */
static int want_table(linkctx *c, ltab *want)
{
	ls_link_result *r = c->res;
	size_t n = r->nundefs < MAX_HINTED ? r->nundefs : MAX_HINTED;

	if (ltab_init(want, (uint32_t)n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		bool made;
		const char *nm = r->undefs[i].symbol;
		int64_t id = ltab_get(want, nm, (uint32_t)strlen(nm), ls_lhash(nm, strlen(nm)), &made);
		if (id < 0)
			return -1;
		if (made)
			want->syms[id].def = (int32_t)i;
	}
	return 0;
}

static ls_link_undef *wanted(linkctx *c, const ltab *want, const char *name, size_t len)
{
	int64_t id = ltab_find(want, name, (uint32_t)len, ls_lhash(name, len));

	return id < 0 ? NULL : &c->res->undefs[want->syms[id].def];
}

/* Calls fn for each global definition of an ELF object (symtab or, for a
 * DSO, the exported dynsym). */
typedef int (*def_fn)(linkctx *c, const ltab *want, const ls_symbol *s,
		      const char *where, void *arg);

static int scan_object(linkctx *c, const ltab *want, ls_bytes b, uint64_t base,
		       const char *where, def_fn fn, void *arg)
{
	ls_object o;
	ls_diag d;
	int rc = 0;

	if (!ls_is_elf(b) || ls_object_open(&o, b, base, &d) < 0)
		return 0;
	const ls_symtab *t = o.type == ET_DYN ? &o.dynsym : &o.symtab;
	for (uint32_t i = 1; t->present && i < t->count && rc >= 0; i++) {
		ls_symbol s;
		if (ls_symbol_get(&o, t, i, &s, &d) < 0)
			break;
		if (s.bind == STB_LOCAL || s.shndx == SHN_UNDEF || !s.name_len)
			continue;
		rc = fn(c, want, &s, where, arg);
	}
	ls_object_close(&o);
	return rc;
}

/* An archive through its index (or its members when it has none). */
static int scan_file(linkctx *c, const ltab *want, const char *path,
		     const ls_bytes *bytes, def_fn fn, void *arg)
{
	ls_mapfile mf;
	ls_diag d;
	ls_bytes b;
	int rc = 0;

	memset(&mf, 0, sizeof mf);
	if (bytes) {
		b = *bytes;
	} else {
		if (ls_map(path, &mf, &d) < 0)
			return 0;
		b = mf.bytes;
	}
	if (ls_is_archive(b)) {
		ls_archive ar;
		if (ls_archive_open(&ar, b, &d) == 0 && !ar.thin) {
			uint64_t cur = ar.first;
			ls_member m;
			while (rc >= 0 && ls_archive_next(&ar, &cur, &m, &d) == 1) {
				char *where = link_fmt("%s(%.*s)", path, (int)m.name_len, m.name);
				if (!where) {
					rc = -1;
					break;
				}
				rc = scan_object(c, want, m.data, m.data_off, where, fn, arg);
				free(where);
			}
		}
	} else {
		rc = scan_object(c, want, b, 0, path, fn, arg);
	}
	if (!bytes)
		ls_unmap(&mf);
	return rc;
}

static int wrong_arch_def(linkctx *c, const ltab *want, const ls_symbol *s,
			  const char *where, void *arg)
{
	const ls_link_incompat *x = arg;
	ls_link_undef *u = wanted(c, want, s->name, s->name_len);

	if (!u)
		return 0;
	return hint(u, LS_HINT_WRONG_ARCH, where,
		    "defined in %s, which is %s, not %s%s", where,
		    link_machine(x->machine), link_machine(x->expected),
		    x->by_search ? " (the -l search skipped it)" : "");
}

static int hint_wrong_arch(linkctx *c, const ltab *want)
{
	ls_link_result *r = c->res;

	for (size_t i = 0; i < r->nincompat; i++) {
		const ls_link_incompat *x = &r->incompat[i];
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = r->incompat[j].path == x->path ||
			      !strcmp(r->incompat[j].path, x->path);
		if (dup)
			continue;
		if (scan_file(c, want, x->path, NULL, wrong_arch_def, (void *)x) < 0)
			return -1;
	}
	return 0;
}

struct given_arg {
	const char *lib;	/* "-lm" */
};

static int not_given_def(linkctx *c, const ltab *want, const ls_symbol *s,
			 const char *where, void *arg)
{
	const struct given_arg *g = arg;
	ls_link_undef *u = wanted(c, want, s->name, s->name_len);

	if (!u || s->visibility == STV_HIDDEN || s->visibility == STV_INTERNAL)
		return 0;
	for (size_t i = 0; i < u->nhints; i++)
		if (u->hints[i].kind == LS_HINT_NOT_GIVEN)
			return 0;
	return hint(u, LS_HINT_NOT_GIVEN, where,
		    "defined in %s, on the search path but not on the command line: add %s",
		    where, g->lib);
}

static bool is_input_path(const linkctx *c, const char *path)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (!strcmp(c->files[i].path, path))
			return true;
	return false;
}

/* A linker script found by the search (libm.so, libc.so): the files it
 * names are what -lNAME would bring. */
static int scan_script(linkctx *c, const ltab *want, const ls_mapfile *mf,
		       struct given_arg *g)
{
	ls_ldscript sc;
	ls_diag d;
	int rc = 0;

	if (ls_ldscript_parse(mf->bytes, &sc, &d) < 0)
		return 0;
	for (size_t i = 0; i < sc.nentries && rc >= 0; i++) {
		const char *p = sc.entries[i].name;
		if (sc.entries[i].is_lib || p[0] != '/')
			continue;
		char *path = c->cmd->sysroot ? link_fmt("%s%s", c->cmd->sysroot, p) : strdup(p);
		if (!path) {
			rc = -1;
			break;
		}
		rc = scan_file(c, want, path, NULL, not_given_def, g);
		free(path);
	}
	ls_ldscript_free(&sc);
	return rc;
}

static int scan_candidate(linkctx *c, const ltab *want, const char *dir,
			  const char *name, size_t n, bool so)
{
	char *path = link_fmt("%s/%s", dir, name);
	char *lib = link_fmt("-l%.*s", (int)(n - 3 - (so ? 3 : 2)), name + 3);
	ls_mapfile mf;
	ls_diag d;
	int rc = 0;

	if (!path || !lib) {
		free(path);
		free(lib);
		return -1;
	}
	if (!is_input_path(c, path) && ls_map(path, &mf, &d) == 0) {
		struct given_arg g = { lib };
		uint16_t mach = link_elf_ident(mf.bytes, NULL, NULL);
		if (ls_ldscript_detect(mf.bytes))
			rc = scan_script(c, want, &mf, &g);
		else if (ls_is_archive(mf.bytes) || mach == c->machine)
			rc = scan_file(c, want, path, &mf.bytes, not_given_def, &g);
		ls_unmap(&mf);
	}
	free(path);
	free(lib);
	return rc;
}

/* lib*.so, then lib*.a, in each -L and built-in directory, as -l would
 * find them: the first library that defines a name is the one named. */
static int hint_not_given(linkctx *c, const ltab *want)
{
	const ls_link_cmd *cmd = c->cmd;
	size_t scanned = 0;

	for (size_t i = 0; i < cmd->nlibdirs + cmd->ndefault_dirs; i++) {
		const char *dir = i < cmd->nlibdirs ? cmd->libdirs[i]
			: cmd->default_dirs[i - cmd->nlibdirs];
		for (int pass = 0; pass < 2; pass++) {
			DIR *dp = opendir(dir);
			struct dirent *e;
			if (!dp)
				break;
			while ((e = readdir(dp)) && scanned < MAX_SCAN_FILES) {
				size_t n = strlen(e->d_name);
				bool so = n > 6 && !strcmp(e->d_name + n - 3, ".so");
				bool a = n > 5 && !strcmp(e->d_name + n - 2, ".a");
				if (strncmp(e->d_name, "lib", 3) || (pass == 0 ? !so : !a))
					continue;
				scanned++;
				if (scan_candidate(c, want, dir, e->d_name, n, so) < 0) {
					closedir(dp);
					return -1;
				}
			}
			closedir(dp);
		}
	}
	return 0;
}

/* The DSO exports NM (len bytes) from its dynamic symbol table. */
static bool dso_defines(const ls_link_input *in, const char *nm, size_t len)
{
	const ls_symtab *t = &in->obj.dynsym;

	for (uint32_t k = 1; t->present && k < t->count; k++) {
		ls_symbol s;
		ls_diag d;
		if (ls_symbol_get(&in->obj, t, k, &s, &d) < 0)
			return false;
		if (s.name_len == len && !memcmp(s.name, nm, len) && link_dso_exports(&s))
			return true;
	}
	return false;
}

/* A definition the link does have, but cannot use. */
static int hint_inputs(linkctx *c, ls_link_undef *u)
{
	const char *nm = u->symbol;
	size_t len = strlen(nm);
	uint32_t h = ls_lhash(nm, len);
	int64_t id;

	if (u->hidden_ref) {
		id = ltab_find(&c->tab, nm, (uint32_t)len, h);
		const char *where = id >= 0 && c->tab.syms[id].def >= 0 ?
			c->res->inputs[c->tab.syms[id].def].path : "a shared library";
		if (hint(u, LS_HINT_HIDDEN_REF, where,
			 "the reference is hidden, so the definition must be in this link; only %s defines it",
			 where) < 0)
			return -1;
	}
	id = ltab_find(&c->indirect, nm, (uint32_t)len, h);
	if (id >= 0 && !u->from_dso) {
		const ls_link_input *dep = &c->res->inputs[c->indirect.syms[id].def];
		if (hint(u, LS_HINT_INDIRECT, dep->path,
			 "defined in %s, which is only a dependency of another library: put it on the command line (GNU ld: \"DSO missing from command line\")",
			 dep->path) < 0)
			return -1;
		if (c->sem == LS_SEM_BFD)
			link_reason(c->res, "%s: error adding symbols: DSO missing from command line",
				    dep->path);
	}
	id = ltab_find(&c->verhidden, nm, (uint32_t)len, h);
	if (id >= 0) {
		const ls_link_input *dso = &c->res->inputs[c->verhidden.syms[id].def];
		if (hint(u, LS_HINT_VERSION, dso->path,
			 "%s defines it only under a non-default version (%s@VERSION): a plain reference cannot bind to it",
			 dso->path, nm) < 0)
			return -1;
	}
	/* GNU ld: an archive that defines it came before the reference. */
	id = ltab_find(&c->tab, nm, (uint32_t)len, h);
	if (id >= 0 && c->gnu) {
		for (uint32_t e = c->tab.syms[id].lazy; e; e = c->lazies[e - 1].next) {
			const lfile *f = &c->files[c->lazies[e - 1].file];
			if (!f->visited)
				continue;
			if (hint(u, LS_HINT_ORDER, f->path,
				 "defined in %s, which comes before the reference on the command line: GNU ld visits each archive once, so move it after the objects that use it or put both in --start-group/--end-group (lld and mold would link)",
				 f->path) < 0)
				return -1;
			break;
		}
	}
	/* GNU ld --as-needed: a DSO that defines it came before everything
	 * that uses it, so it was dropped when it was read. */
	for (size_t i = 0; i < c->res->ninputs; i++) {
		const ls_link_input *in = &c->res->inputs[i];
		if (!in->dropped || !dso_defines(in, nm, len))
			continue;
		if (hint(u, LS_HINT_ORDER, in->path,
			 "defined in %s, which comes before every object that uses it: under --as-needed (Debian's gcc passes it) GNU ld drops a shared library that nothing needs yet when it reads it; move it after the objects that use it, or put -Wl,--no-as-needed before it (lld, gold and mold would link)",
			 in->path) < 0)
			return -1;
		break;
	}
	/* Hidden in an input DSO: in its .symtab, not exported. */
	for (size_t i = 0; i < c->res->ninputs; i++) {
		const ls_link_input *in = &c->res->inputs[i];
		if (in->kind != LS_LIN_DSO || !in->obj.symtab.present)
			continue;
		const ls_symtab *t = &in->obj.symtab;
		for (uint32_t k = 1; k < t->count; k++) {
			ls_symbol s;
			ls_diag d;
			if (ls_symbol_get(&in->obj, t, k, &s, &d) < 0)
				break;
			if (s.name_len != len || memcmp(s.name, nm, len) || s.shndx == SHN_UNDEF)
				continue;
			if (s.visibility == STV_HIDDEN || s.visibility == STV_INTERNAL ||
			    s.bind == STB_LOCAL) {
				if (hint(u, LS_HINT_HIDDEN, in->path,
					 "defined in %s with hidden visibility: it is not exported",
					 in->path) < 0)
					return -1;
			}
			break;
		}
	}
	return 0;
}

/* One edit apart: a character changed, added, dropped or two swapped. */
static bool near_miss(const char *a, size_t la, const char *b, size_t lb)
{
	size_t i = 0;

	if (la > lb + 1 || lb > la + 1 || !la || !lb)
		return false;
	while (i < la && i < lb && a[i] == b[i])
		i++;
	if (la == lb) {
		if (i == la)
			return false;
		if (!memcmp(a + i + 1, b + i + 1, la - i - 1))
			return true;
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       !memcmp(a + i + 2, b + i + 2, la - i - 2);
	}
	if (la > lb)
		return !memcmp(a + i + 1, b + i, la - i - 1);
	return !memcmp(a + i, b + i + 1, lb - i - 1);
}

/* "foo(int)" -> the length of "foo" (up to the parameter list). */
static size_t base_len(const char *dm)
{
	const char *p = strchr(dm, '(');

	return p ? (size_t)(p - dm) : strlen(dm);
}

static bool usable_def(const lsym *y)
{
	return y->state == S_DEFINED || y->state == S_SHARED || y->state == S_COMMON;
}

static int hint_names(linkctx *c, ls_link_undef *u)
{
	const char *nm = u->symbol;
	size_t len = strlen(nm);
	char *dm = ls_demangle(nm);
	size_t blen = dm ? base_len(dm) : 0;
	char buf[512];
	const char *ident = dm;
	size_t ident_len = blen;
	int rc = 0;

	/* The last component of a qualified name is what the mangled
	 * candidates must contain: "ns::foo(int)" -> "foo". */
	for (size_t k = 0; dm && k + 1 < blen; k++)
		if (dm[k] == ':' && dm[k + 1] == ':') {
			ident = dm + k + 2;
			ident_len = blen - k - 2;
		}
	for (uint32_t i = 0; i < c->tab.n && rc >= 0 && u->nhints < MAX_HINTS; i++) {
		const lsym *y = &c->tab.syms[i];
		if (!usable_def(y))
			continue;
		const char *where = ls_link_input_name(c->res, y->def, buf, sizeof buf);
		if (dm && y->len == blen && !memcmp(y->name, dm, blen)) {
			rc = hint(u, LS_HINT_CXX, where,
				  "defined as the C symbol %.*s in %s: declare it extern \"C\" where it is used",
				  (int)y->len, y->name, where);
			continue;
		}
		if (!dm && y->len > len + 3 && y->name[0] == '_' && y->name[1] == 'Z' &&
		    memmem(y->name, y->len, nm, len)) {
			char *other = strndup(y->name, y->len);
			char *odm = other ? ls_demangle(other) : NULL;
			if (odm && base_len(odm) >= len &&
			    !memcmp(odm + base_len(odm) - len, nm, len) &&
			    (base_len(odm) == len || odm[base_len(odm) - len - 1] == ':'))
				rc = hint(u, LS_HINT_CXX, where,
					  "defined as the C++ function %s in %s: its declaration lacks extern \"C\"",
					  odm, where);
			free(odm);
			free(other);
			continue;
		}
		if (dm && ident_len && y->len > 2 && y->name[0] == '_' && y->name[1] == 'Z' &&
		    memmem(y->name, y->len, ident, ident_len)) {
			char *other = strndup(y->name, y->len);
			char *odm = other ? ls_demangle(other) : NULL;
			if (odm && base_len(odm) == blen && !memcmp(odm, dm, blen) && strcmp(odm, dm))
				rc = hint(u, LS_HINT_CXX, where,
					  "did you mean: %s (defined in %s): the parameter types differ",
					  odm, where);
			free(odm);
			free(other);
			continue;
		}
		if (!dm && near_miss(nm, len, y->name, y->len))
			rc = hint(u, LS_HINT_NEAR_MISS, where, "did you mean: %.*s (defined in %s)",
				  (int)y->len, y->name, where);
	}
	free(dm);
	return rc;
}

static bool musl_link(const linkctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (strstr(c->files[i].path, "musl"))
			return true;
	return false;
}

static int hint_libc(ls_link_undef *u, bool musl)
{
	const char *nm = u->symbol;
	size_t n = strlen(nm);

	if (!musl)
		return 0;
	if (n > 6 && !strncmp(nm, "__", 2) && !strcmp(nm + n - 4, "_chk"))
		return hint(u, LS_HINT_LIBC, NULL,
			    "%s is glibc's _FORTIFY_SOURCE checking function: objects compiled against glibc's headers with -D_FORTIFY_SOURCE are linked with musl, which lacks it; rebuild them with musl-gcc",
			    nm);
	if (!strcmp(nm, "__libc_start_main") || !strncmp(nm, "__libc_csu_", 11))
		return hint(u, LS_HINT_LIBC, NULL,
			    "%s is called by glibc's start files (crt1.o): glibc start files in a musl link; link with musl-gcc's own",
			    nm);
	if (!strncmp(nm, "__isoc99_", 9) || !strncmp(nm, "__isoc23_", 9) ||
	    !strncmp(nm, "__libc_", 7) || !strcmp(nm, "__stack_chk_fail_local"))
		return hint(u, LS_HINT_LIBC, NULL,
			    "%s comes from glibc's headers: an object built for glibc is linked with musl; rebuild it with musl-gcc",
			    nm);
	return 0;
}

/* The symbols every cgo runtime (runtime/cgo) defines: two Go
 * c-archives or c-shared objects in one program both carry them. */
static bool go_runtime_symbol(const char *s)
{
	return !strcmp(s, "crosscall2") || !strncmp(s, "_cgo_", 5) ||
	       !strncmp(s, "x_cgo_", 6) || !strcmp(s, "_rt0_amd64_lib") ||
	       !strncmp(s, "_rt0_", 5) || !strcmp(s, "__cgo_topofstack");
}

static int notes_go(linkctx *c)
{
	ls_link_result *r = c->res;
	char a[512], b[512];

	for (size_t i = 0; i < r->ndups; i++) {
		const ls_link_dup *d = &r->dups[i];
		if (!go_runtime_symbol(d->symbol) || d->ndefs < 2)
			continue;
		const ls_link_input *x = &r->inputs[d->defs[0].input];
		const ls_link_input *y = &r->inputs[d->defs[1].input];
		snprintf(a, sizeof a, "%s", x->path);
		snprintf(b, sizeof b, "%s", y->path);
		return link_note(r, LS_HINT_GO,
				 "%s and %s each carry a Go runtime (%s and the rest of runtime/cgo collide): one program can hold only one Go c-archive or c-shared library; build a single one from a main package that imports both",
				 a, b, d->symbol);
	}
	for (size_t i = 0; i < r->nincompat; i++) {
		const ls_link_incompat *x = &r->incompat[i];
		if (x->member && !strcmp(x->member, "go.o"))
			link_note(r, LS_HINT_GO,
				  "%s(go.o) is a Go package built for %s (GOARCH) in a %s link: rebuild it with the target's GOARCH",
				  x->path, link_machine(x->machine), link_machine(x->expected));
	}
	return 0;
}

int link_hints(linkctx *c)
{
	ls_link_result *r = c->res;
	ltab want;
	bool musl = musl_link(c);
	int rc = 0;

	if (notes_go(c) < 0)
		return -1;
	if (!r->nundefs)
		return 0;
	memset(&want, 0, sizeof want);
	if (want_table(c, &want) < 0) {
		ltab_free(&want);
		return -1;
	}
	for (size_t i = 0; i < r->nundefs && i < MAX_HINTED && rc >= 0; i++) {
		ls_link_undef *u = &r->undefs[i];
		rc = hint_inputs(c, u);
		if (rc >= 0)
			rc = hint_libc(u, musl);
	}
	if (rc >= 0)
		rc = hint_wrong_arch(c, &want);
	if (rc >= 0)
		rc = hint_not_given(c, &want);
	for (size_t i = 0; i < r->nundefs && i < 16 && rc >= 0; i++)
		if (!r->undefs[i].nhints)
			rc = hint_names(c, &r->undefs[i]);
	ltab_free(&want);
	return rc;
}
