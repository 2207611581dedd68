/*
 * link_libscan.c - which wanted names a file defines; see link_libscan.h.
 *
 * The not-given hint asks this of every library on the search path (about
 * 300 distinct files on Debian), and a failing link's report must not take
 * longer than the link: reading every symbol of each took 0.3 to 2 s.  So
 * an archive is asked through its symbol index (only the members it names
 * for a wanted name are opened, and their own tables decide) and a DSO
 * through its hash table (the GNU bloom filter turns almost every DSO away
 * in a few bytes), with the answers of reading every symbol: see
 * scan_indexed and scan_dso.
 */
#include "link_libscan.h"
#include "../core/array.h"
#include "../analysis/symhash.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>
#include <string.h>

/* fn for each global definition of a wanted name in table t. */
static int scan_symbols(linkctx *c, const ltab *want, const ls_object *o,
			const ls_symtab *t, const char *where, link_def_fn fn,
			void *arg)
{
	int rc = 0;

	for (uint32_t i = 1; t->present && i < t->count && rc >= 0; i++) {
		ls_symbol s;
		ls_diag d;
		if (ls_symbol_get(o, t, i, &s, &d) < 0)
			break;
		if (s.bind == STB_LOCAL || s.shndx == SHN_UNDEF || !s.name_len ||
		    ltab_find(want, s.name, (uint32_t)s.name_len,
			      ls_lhash(s.name, s.name_len)) < 0)
			continue;
		rc = fn(c, want, &s, where, arg);
	}
	return rc;
}

/* A DSO and what to call for the definitions found in it. */
typedef struct dsoscan {
	linkctx *c;
	const ltab *want;
	const ls_object *o;
	const ls_symhash *h;
	const char *where;
	link_def_fn fn;
	void *arg;
} dsoscan;

/*
 * Symbol idx, on the hash chain of name w: fn when it is a global
 * definition of w (call), as the walk over every symbol would have called
 * it.  -1 when it cannot be decoded (the walk stops there), else what fn
 * returned.
 */
static int chain_symbol(const dsoscan *x, uint32_t idx, const lsym *w, bool call)
{
	ls_symbol s;
	ls_diag d;

	if (ls_symbol_get(x->o, &x->o->dynsym, idx, &s, &d) < 0)
		return -1;
	if (!call || s.name_len != w->len || memcmp(s.name, w->name, w->len) ||
	    s.bind == STB_LOCAL || s.shndx == SHN_UNDEF)
		return 0;
	return x->fn(x->c, x->want, &s, x->where, x->arg);
}

/* The symbols of w's DT_GNU_HASH chain whose hash is w's; -1 when the
 * table is malformed. */
static int gnu_chain(const dsoscan *x, const lsym *w, bool call)
{
	const ls_symhash *h = x->h;
	uint32_t hv = ls_gnu_hash(w->name), idx, cv;
	uint64_t off;
	int rc;

	if (!ls_symhash_maybe(h, hv))
		return 0;
	idx = ls_hashtab_gnu_bucket(h, hv, &off);
	if (idx == 0)
		return 0;
	if (idx < h->symoffset)
		return -1;
	for (;; idx++) {
		if (idx >= h->nsyms || !ls_hashtab_gnu_chain(h, idx, &cv, &off))
			return -1;
		if (((cv ^ hv) >> 1) == 0 && (rc = chain_symbol(x, idx, w, call)) < 0)
			return rc;
		if (cv & 1)
			return 0;
	}
}

/* Every symbol of w's DT_HASH chain; -1 when the table is malformed. */
static int sysv_chain(const dsoscan *x, const lsym *w, bool call)
{
	const ls_symhash *h = x->h;
	uint64_t off, steps = 0;
	uint64_t idx = ls_hashtab_sysv_bucket(h, ls_elf_hash(w->name), &off);
	int rc;

	while (idx != 0) {
		if (idx >= h->nsyms || idx >= h->nchain || ++steps > h->nchain)
			return -1;
		if ((rc = chain_symbol(x, (uint32_t)idx, w, call)) < 0)
			return rc;
		idx = ls_hashtab_sysv_chain(h, idx, &off);
	}
	return 0;
}

static int name_chain(const dsoscan *x, const lsym *w, bool call)
{
	return x->h->kind == LS_HASH_GNU ? gnu_chain(x, w, call) : sysv_chain(x, w, call);
}

/*
 * A DSO asked for each wanted name through its hash table: a linker puts
 * every symbol it defines in .dynsym in the table, so the name's chain
 * holds every definition the walk over all dynamic symbols would meet,
 * in the same order, and the GNU bloom filter turns almost every DSO away
 * in a few bytes.  Every definition of the name counts, as in the walk:
 * not only the one the dynamic loader would bind (ls_symhash_lookup),
 * which skips a name defined only under a non-default version.  The
 * chains are checked first, so a DSO without a table or with a malformed
 * one gets the walk alone.  The wanted names are the undefined symbols'
 * own NUL-terminated strings.
 */
static int scan_dso(linkctx *c, const ltab *want, const ls_object *o,
		    const char *where, link_def_fn fn, void *arg)
{
	ls_symhash h;
	ls_diag d;
	dsoscan x = { c, want, o, &h, where, fn, arg };
	int rc = 0;

	if (ls_symhash_init(&h, o, &d) < 0 || h.kind == LS_HASH_NONE)
		return scan_symbols(c, want, o, &o->dynsym, where, fn, arg);
	for (uint32_t i = 0; i < want->n; i++)
		if (name_chain(&x, &want->syms[i], false) < 0)
			return scan_symbols(c, want, o, &o->dynsym, where, fn, arg);
	for (uint32_t i = 0; i < want->n && rc >= 0; i++)
		rc = name_chain(&x, &want->syms[i], true);
	return rc;
}

/* An ELF object or DSO. */
static int scan_object(linkctx *c, const ltab *want, ls_bytes b, uint64_t base,
		       const char *where, link_def_fn fn, void *arg)
{
	ls_object o;
	ls_diag d;
	int rc;

	if (!ls_is_elf(b) || ls_object_open(&o, b, base, &d) < 0)
		return 0;
	if (o.type == ET_DYN)
		rc = scan_dso(c, want, &o, where, fn, arg);
	else
		rc = scan_symbols(c, want, &o, &o.symtab, where, fn, arg);
	ls_object_close(&o);
	return rc;
}

static int scan_member(linkctx *c, const ltab *want, const char *path,
		       const ls_member *m, link_def_fn fn, void *arg)
{
	char *where = link_fmt("%s(%.*s)", path, (int)m->name_len, m->name);
	int rc;

	if (!where)
		return -1;
	rc = scan_object(c, want, m->data, m->data_off, where, fn, arg);
	free(where);
	return rc;
}

/* An archive without an index: every member. */
static int scan_members(linkctx *c, const ltab *want, const char *path,
			const ls_archive *ar, link_def_fn fn, void *arg)
{
	uint64_t cur = ar->first;
	ls_member m;
	ls_diag d;
	int rc = 0;

	while (rc >= 0 && ls_archive_next(ar, &cur, &m, &d) == 1)
		rc = scan_member(c, want, path, &m, fn, arg);
	return rc;
}

static int cmp_off(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Up to the first four bytes of a NUL-terminated name, hashed to a bit of
 * a 4096-bit filter. */
static uint32_t prefix_bit(const char *name)
{
	uint32_t k = 0;

	for (int i = 0; i < 4 && name[i]; i++)
		k = k << 8 | (uint8_t)name[i];
	return (k * 2654435761u) >> 20;
}

/*
 * The members the index names for a wanted name, each once, in file
 * order: the order a walk over the members meets them in.  An index holds
 * thousands of names (86,000 in a Debian search path's archives) and a few
 * are wanted, so the names' first bytes turn most away before their
 * length and hash are computed.
 */
static int scan_indexed(linkctx *c, const ltab *want, const char *path,
			const ls_archive *ar, link_def_fn fn, void *arg)
{
	uint64_t filter[4096 / 64] = { 0 }, *offs = NULL, off;
	size_t n = 0, cap = 0;
	ls_symidx_iter it;
	const char *name;
	int rc = 0;

	for (uint32_t i = 0; i < want->n; i++) {
		uint32_t b = prefix_bit(want->syms[i].name);
		filter[b / 64] |= 1ull << (b % 64);
	}
	ls_archive_symiter_init(ar, &it);
	while (ls_archive_symiter_next(ar, &it, &name, &off) == 1) {
		uint32_t b = prefix_bit(name);	/* proven terminated at open */
		if (!(filter[b / 64] >> (b % 64) & 1))
			continue;
		size_t len = strlen(name);
		if (!len || ltab_find(want, name, (uint32_t)len, ls_lhash(name, len)) < 0)
			continue;
		if (ls_array_reserve(&offs, &cap, n + 1, sizeof *offs) < 0) {
			free(offs);
			return -1;
		}
		offs[n++] = off;
	}
	if (n)
		qsort(offs, n, sizeof *offs, cmp_off);
	for (size_t i = 0; i < n && rc >= 0; i++) {
		ls_member m;
		ls_diag d;
		if ((i && offs[i] == offs[i - 1]) ||
		    ls_archive_member_at(ar, offs[i], &m, &d) < 0 || m.special)
			continue;
		rc = scan_member(c, want, path, &m, fn, arg);
	}
	free(offs);
	return rc;
}

int link_scan_bytes(linkctx *c, const ltab *want, const char *path, ls_bytes b,
		    link_def_fn fn, void *arg)
{
	ls_archive ar;
	ls_diag d;

	if (!ls_is_archive(b))
		return scan_object(c, want, b, 0, path, fn, arg);
	if (ls_archive_open(&ar, b, &d) < 0 || ar.thin)
		return 0;
	if (ar.symidx_kind == LS_SYMIDX_NONE)
		return scan_members(c, want, path, &ar, fn, arg);
	return scan_indexed(c, want, path, &ar, fn, arg);
}

int link_scan_file(linkctx *c, const ltab *want, const char *path,
		   const ls_bytes *bytes, link_def_fn fn, void *arg)
{
	ls_mapfile mf;
	ls_diag d;
	int rc;

	if (bytes)
		return link_scan_bytes(c, want, path, *bytes, fn, arg);
	if (ls_map(path, &mf, &d) < 0)
		return 0;
	rc = link_scan_bytes(c, want, path, mf.bytes, fn, arg);
	ls_unmap(&mf);
	return rc;
}
