/*
 * link_hints.c - why an undefined symbol is undefined, when the inputs or
 * the search path can tell: defined in a file of another architecture, in
 * a library on the search path that was not given, in a DSO's dependency,
 * in an archive GNU ld visited too early, hidden, under another version,
 * under a near or differently mangled name; and the glibc/musl and Go
 * patterns behind well-known failures (docs/link.md, "Hints").
 *
 * Only runs when something failed, so it may read more than the link did
 * (link_libscan.c and link_libpath.c read the files that may define a
 * name); every scan is bounded by MAX_HINTED undefined names.
 */
#include "link_libscan.h"
#include "../core/array.h"
#include "../core/demangle.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HINTED 64
#define MAX_HINTS 4

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
	ls_link_hint *h = ls_array_push_counted(&u->hints, &u->nhints, sizeof *h);
	if (!h) {
		free(text);
		return -1;
	}
	h->kind = kind;
	h->text = text;
	h->file = file ? strdup(file) : NULL;
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
		if (link_scan_file(c, want, x->path, NULL, wrong_arch_def, (void *)x) < 0)
			return -1;
	}
	return 0;
}

/* arg is the "-lNAME" that would bring where; the first library found
 * is the one named, so later definitions of the name are ignored. */
static int not_given_def(linkctx *c, const ltab *want, const ls_symbol *s,
			 const char *where, void *arg)
{
	const char *lib = arg;
	ls_link_undef *u = wanted(c, want, s->name, s->name_len);

	if (!u || s->visibility == STV_HIDDEN || s->visibility == STV_INTERNAL)
		return 0;
	for (size_t i = 0; i < u->nhints; i++)
		if (u->hints[i].kind == LS_HINT_NOT_GIVEN)
			return 0;
	return hint(u, LS_HINT_NOT_GIVEN, where,
		    "defined in %s, on the search path but not on the command line: add %s",
		    where, lib);
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
		/* Which DSO defines it: the one bound, or one GNU ld dropped
		 * under --as-needed (a hidden reference needs no library). */
		id = ltab_find(&c->tab, nm, (uint32_t)len, h);
		const char *where = NULL;
		if (id >= 0 && c->tab.syms[id].state == S_SHARED && c->tab.syms[id].def >= 0)
			where = c->res->inputs[c->tab.syms[id].def].path;
		for (size_t i = 0; !where && i < c->res->ninputs; i++)
			if (c->res->inputs[i].dropped && dso_defines(&c->res->inputs[i], nm, len))
				where = c->res->inputs[i].path;
		if (where && hint(u, LS_HINT_HIDDEN_REF, where,
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
	for (size_t i = 0; i < c->res->ninputs && !u->hidden_ref; i++) {
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
		rc = link_scan_search_path(c, &want, not_given_def);
	for (size_t i = 0; i < r->nundefs && i < 16 && rc >= 0; i++)
		if (!r->undefs[i].nhints)
			rc = hint_names(c, &r->undefs[i]);
	ltab_free(&want);
	return rc;
}
