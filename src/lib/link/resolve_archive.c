/*
 * resolve_archive.c - archives in a static link: every archive's index is
 * read once, up front, into "lazy" entries chained per name in
 * command-line order (the shared machinery), and then each family's rule
 * for when an archive may answer a reference:
 *
 *  - GNU ld and gold visit an archive once, at its place on the command
 *    line (a group: until a pass over it adds nothing); a name that
 *    becomes strongly undefined is queued on the pending list of every
 *    archive whose index defines it and that is still to be visited
 *    (resolve.c need_member), and a visit only drains its own list;
 *  - lld and mold keep every archive symbol lazy for the whole link: a
 *    strong reference to a name an archive already seen defines extracts
 *    the member at once, wherever the reference comes from.
 */
#include "link_impl.h"
#include "resolve_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "file in wrong format" for a member: every linker stops on one it
 * needs. */
static int member_incompatible(linkctx *c, const lfile *f, const char *name,
			       size_t name_len, ls_bytes b)
{
	uint8_t cls = 0;
	uint16_t mach = link_elf_ident(b, &cls, NULL);
	ls_link_result *r = c->res;

	if (!c->target_known || (mach == c->machine && cls == c->elfclass))
		return 0;
	ls_link_incompat *x = link_incompat_add(c, f->path, name, name_len, mach, cls);
	if (!x)
		return -1;
	x->needed = true;
	x->fatal = true;
	switch (c->sem) {
	case LS_SEM_LLD:
		link_reason(r, "%s(%s) is incompatible with %s", f->path,
			    x->member ? x->member : "?", link_machine(c->machine));
		break;
	case LS_SEM_MOLD:
		link_reason(r, "%s(%s): incompatible file type: %s is expected but got %s",
			    f->path, x->member ? x->member : "?",
			    link_machine(c->machine), link_machine(mach));
		break;
	case LS_SEM_GOLD:
		/* gold judges an archive by its first member: a stranger
		 * after a good first member is an error it goes on from. */
		if (f->machine != c->machine || f->elfclass != c->elfclass) {
			link_reason(r, "%s(%s): unsupported ELF machine number %u",
				    f->path, x->member ? x->member : "?", mach);
			c->gold_fatal = true;
		} else {
			link_reason(r, "%s(%s): incompatible target", f->path,
				    x->member ? x->member : "?");
		}
		break;
	default:
		link_reason(r, "%s(%s): error adding symbols: file in wrong format",
			    f->path, x->member ? x->member : "?");
	}
	c->fatal = true;
	return 1;
}

/* Loads the member at off of archive file fi.  symid is the name that
 * pulled it (-1: --whole-archive), from the input whose reference did. */
static int extract(linkctx *c, uint32_t fi, uint64_t off, int64_t symid,
		   int32_t from, uint32_t arg, bool whole)
{
	lfile *f = &c->files[fi];
	ls_member m;
	ls_diag d;
	ls_bytes bytes;
	uint64_t base;
	int32_t ii;
	int rc;

	if (rs_memb_seen(c, fi, off))
		return 0;
	if (ls_archive_member_at(&f->ar, off, &m, &d) < 0) {
		return link_fail(c, f->path, NULL, &d);
	}
	bytes = m.data;
	base = m.data_off;
	if (f->ar.thin) {
		/* The member is a file of its own, found beside the archive. */
		char p[4096];
		if (ls_archive_thin_path(f->path, &m, p, sizeof p) < 0)
			return 0;
		lfile tmp;
		memset(&tmp, 0, sizeof tmp);
		if (ls_map(p, &tmp.map, &d) < 0) {
			link_reason(c->res, "%s: cannot open member %.*s", f->path,
				    (int)m.name_len, m.name);
			c->fatal = true;
			return 0;
		}
		if (ls_array_reserve(&c->files, &c->capfiles, c->nfiles + 1,
				     sizeof *c->files) < 0) {
			ls_unmap(&tmp.map);
			return -1;
		}
		tmp.path = strdup(p);
		tmp.type = FT_OBJ;
		tmp.done = true;
		c->files[c->nfiles++] = tmp;
		f = &c->files[fi];
		bytes = tmp.map.bytes;
		base = 0;
	}
	if (rs_memb_add(c, fi, off, -1) < 0)
		return -1;
	if (!ls_is_elf(bytes)) {
		if (!whole)
			return 0;
		link_reason(c->res, "%s(%.*s): file format not recognized", f->path,
			    (int)m.name_len, m.name);
		c->fatal = true;
		return 0;
	}
	rc = member_incompatible(c, f, m.name, m.name_len, bytes);
	if (rc)
		return rc < 0 ? rc : 0;
	ii = link_add_input(c, LS_LIN_MEMBER, fi, f->path, m.name, m.name_len,
			    bytes, base, arg);
	if (ii < 0)
		return ii;
	c->res->nmembers++;
	c->input_group[ii] = c->files[fi].group;
	ls_link_input *in = &c->res->inputs[ii];
	in->whole_archive = whole;
	in->pulled_by = from;
	in->pulled_sym = symid >= 0 ? c->tab.syms[symid].name : NULL;
	if (in->obj.type == ET_DYN) {
		in->kind = LS_LIN_DSO;
		return rs_load_dso(c, ii);
	}
	return rs_load_object(c, ii);
}

/* Whether member off of archive fi really defines sym (not as common):
 * bfd pulls a member for a pending common symbol only then. */
static bool member_defines(linkctx *c, uint32_t fi, uint64_t off, const lsym *y)
{
	lfile *f = &c->files[fi];
	ls_member m;
	ls_object o;
	ls_diag d;
	bool yes = false;

	if (f->ar.thin || ls_archive_member_at(&f->ar, off, &m, &d) < 0 ||
	    !ls_is_elf(m.data) || ls_object_open(&o, m.data, m.data_off, &d) < 0)
		return false;
	for (uint32_t i = o.symtab.first_global; o.symtab.present && i < o.symtab.count; i++) {
		ls_symbol s;
		if (ls_symbol_get(&o, &o.symtab, i, &s, &d) < 0)
			break;
		if (s.name_len == y->len && !memcmp(s.name, y->name, y->len)) {
			yes = s.shndx != SHN_UNDEF && s.raw_shndx != SHN_COMMON &&
			      s.type == STT_OBJECT;
			break;
		}
	}
	ls_object_close(&o);
	return yes;
}

/* The input whose reference (or, for a pending common symbol, whose
 * common definition) makes an archive member be pulled; -1 for -u. */
static int32_t puller(const lsym *y)
{
	if (y->sref >= 0)
		return y->sref;
	if (y->ref >= 0)
		return y->ref;
	return y->state == S_COMMON ? y->def : -1;
}

static const lazy *lazy_in(const linkctx *c, const lsym *y, uint32_t fi)
{
	for (uint32_t e = y->lazy; e; e = c->lazies[e - 1].next)
		if (c->lazies[e - 1].file == fi)
			return &c->lazies[e - 1];
	return NULL;
}

/* GNU: one visit of an archive drains its pending names until none of them
 * pulls anything more.  Returns members loaded, or < 0. */
static int64_t gnu_visit(linkctx *c, uint32_t fi, uint32_t arg)
{
	int64_t loaded = 0;

	while (c->files[fi].npending) {
		lfile *f = &c->files[fi];
		uint32_t *list = f->pending;
		size_t n = f->npending;

		f->pending = NULL;
		f->npending = f->cappending = 0;
		for (size_t k = 0; k < n; k++) {
			lsym *y = &c->tab.syms[list[k]];
			bool common = y->state == S_COMMON && c->sem == LS_SEM_BFD;
			if (!rs_wants_definition(c, y) && !common)
				continue;
			const lazy *z = lazy_in(c, y, fi);
			if (!z || rs_memb_seen(c, fi, z->member_off))
				continue;
			if (common && !member_defines(c, fi, z->member_off, y))
				continue;
			int rc = extract(c, fi, z->member_off, list[k],
					 puller(y), arg, false);
			if (rc < 0) {
				free(list);
				return rc;
			}
			loaded++;
		}
		free(list);
	}
	return loaded;
}

static int whole_archive(linkctx *c, uint32_t fi, uint32_t arg)
{
	uint64_t cur = c->files[fi].ar.first;
	ls_member m;
	ls_diag d;
	int rc;

	while ((rc = ls_archive_next(&c->files[fi].ar, &cur, &m, &d)) == 1) {
		int e = extract(c, fi, m.hdr_off, -1, -1, arg, true);
		if (e < 0)
			return e;
	}
	if (rc < 0) {
		return link_fail(c, c->files[fi].path, NULL, &d);
	}
	return 0;
}

/* lld/mold: extract for each queued strong reference to a name some
 * archive already seen defines.  A reference from an input that comes after
 * that archive (outside a common group) is a backward reference: GNU ld
 * would not have seen it. */
static int drain_lazy(linkctx *c)
{
	while (c->nundefq) {
		int32_t from = (int32_t)c->undefq[--c->nundefq];
		uint32_t symid = c->undefq[--c->nundefq];
		lsym *y = &c->tab.syms[symid];
		const lazy *z = NULL;

		if (!rs_wants_definition(c, y) && !(y->state == S_COMMON && rs_common_pulls(c)))
			continue;
		for (uint32_t e = y->lazy; e; e = c->lazies[e - 1].next)
			if (c->files[c->lazies[e - 1].file].visited) {
				z = &c->lazies[e - 1];
				break;
			}
		if (!z || rs_memb_seen(c, z->file, z->member_off))
			continue;
		uint32_t fi = z->file;
		uint64_t off = z->member_off;
		if (y->state == S_COMMON && !member_defines(c, fi, off, y))
			continue;
		int32_t before = (int32_t)c->res->ninputs;
		int rc = extract(c, fi, off, symid, from, 0, false);
		if (rc < 0)
			return rc;
		if ((int32_t)c->res->ninputs > before && from >= 0 &&
		    c->files[fi].group < c->input_group[from]) {
			ls_link_result *r = c->res;
			size_t cap = r->nbackrefs;
			if (ls_array_reserve(&r->backrefs, &cap, r->nbackrefs + 1,
					     sizeof *r->backrefs) < 0)
				return -1;
			r->backrefs[r->nbackrefs].symbol = y->name;
			r->backrefs[r->nbackrefs].from = from;
			r->backrefs[r->nbackrefs++].to = before;
		}
	}
	return 0;
}

/* lld/mold: an archive's turn: its names become lazy, and the ones already
 * strongly referenced are extracted now (a forward reference). */
static int lazy_visit(linkctx *c, uint32_t fi, uint32_t arg)
{
	lfile *f = &c->files[fi];

	f->visited = true;
	for (uint32_t k = 0; k < f->lazy_count; k++) {
		const lazy *z = &c->lazies[f->lazy_first + k];
		lsym *y = &c->tab.syms[z->sym];
		if (!rs_wants_definition(c, y) && !(y->state == S_COMMON && rs_common_pulls(c)))
			continue;
		/* lld (--fortran-common, isNonCommonDef) and mold replace a
		 * common symbol only with a member's real data definition,
		 * never with another common one. */
		if (y->state == S_COMMON && !member_defines(c, fi, z->member_off, y))
			continue;
		/* The first archive seen that defines the name answers. */
		const lazy *first = NULL;
		for (uint32_t e = y->lazy; e; e = c->lazies[e - 1].next)
			if (c->files[c->lazies[e - 1].file].visited) {
				first = &c->lazies[e - 1];
				break;
			}
		if (first != z)
			continue;
		int rc = extract(c, fi, z->member_off, z->sym,
				 puller(y), arg, false);
		if (rc < 0)
			return rc;
		if ((rc = drain_lazy(c)) < 0)
			return rc;
	}
	return 0;
}

static int no_index(linkctx *c, lfile *f)
{
	if (c->sem == LS_SEM_GOLD)
		link_reason(c->res, "%s: no archive symbol table (run ranlib)", f->path);
	else if (c->sem == LS_SEM_LLD)
		link_reason(c->res, "%s: archive has no index; run ranlib to add one", f->path);
	else
		link_reason(c->res, "%s: error adding symbols: archive has no index; run ranlib to add one",
			    f->path);
	c->fatal = true;
	return 0;
}

int rs_group_end(linkctx *c, size_t first, size_t last)
{
	int64_t n;

	do {
		n = 0;
		for (size_t k = first; k < last; k++) {
			const lstep *s = &c->steps[k];
			if (s->kind != STEP_FILE || c->files[s->file].type != FT_ARCHIVE)
				continue;
			int64_t got = gnu_visit(c, s->file, s->arg);
			if (got < 0)
				return (int)got;
			n += got;
		}
	} while (n);
	for (size_t k = first; k < last; k++)
		if (c->steps[k].kind == STEP_FILE) {
			c->files[c->steps[k].file].done = true;
			c->files[c->steps[k].file].npending = 0;
		}
	return 0;
}

int rs_step_file(linkctx *c, const lstep *s)
{
	lfile *f = &c->files[s->file];
	int32_t ii;
	int rc;

	f->group = c->cur_group;
	switch (f->type) {
	case FT_OBJ:
	case FT_DSO:
		ii = link_add_input(c, f->type == FT_OBJ ? LS_LIN_OBJECT : LS_LIN_DSO,
				    s->file, f->path, NULL, 0, f->map.bytes, 0, s->arg);
		if (ii < 0)
			return ii;
		if (f->type == FT_OBJ)
			rc = rs_load_object(c, ii);
		else {
			c->res->inputs[ii].as_needed = s->as_needed;
			rc = rs_load_dso(c, ii);
		}
		if (rc < 0)
			return rc;
		return c->gnu ? 0 : drain_lazy(c);
	case FT_ARCHIVE:
		if (s->whole_archive)
			return whole_archive(c, s->file, s->arg);
		if (f->noindex && (c->gnu || LLD_BEFORE(c, 14)) &&
		    f->ar.first < f->ar.data.size)
			return no_index(c, f);
		if (!c->gnu)
			return lazy_visit(c, s->file, s->arg);
		f->visited = true;
		rc = (int)gnu_visit(c, s->file, s->arg);
		if (rc < 0)
			return rc;
		if (!c->group_depth) {
			f->done = true;
			f->npending = 0;
		}
		return 0;
	default:
		return 0;
	}
}

/* Every archive index entry becomes a lazy entry of its name, chained in
 * command-line order.  An archive without an index is read member by
 * member, as lld and mold do (GNU ld refuses it when its turn comes). */
static int add_lazy(linkctx *c, uint32_t fi, const char *name, size_t len,
		    uint32_t hash, uint64_t off)
{
	bool made;
	int64_t id = ltab_get(&c->tab, name, (uint32_t)len, hash, &made);

	if (id < 0)
		return -1;
	if (c->nlazies == UINT32_MAX - 1)
		return -1;
	size_t cap = c->caplazies;
	if (ls_array_reserve(&c->lazies, &cap, c->nlazies + 1, sizeof *c->lazies) < 0)
		return -1;
	c->caplazies = (uint32_t)cap;
	lazy *z = &c->lazies[c->nlazies];
	z->file = fi;
	z->sym = (uint32_t)id;
	z->next = 0;
	z->member_off = off;
	lsym *y = &c->tab.syms[id];
	++c->nlazies;
	if (!y->lazy)
		y->lazy = c->nlazies;
	else
		c->lazies[y->lazy_tail - 1].next = c->nlazies;
	y->lazy_tail = c->nlazies;
	return 0;
}

static int index_by_members(linkctx *c, uint32_t fi)
{
	lfile *f = &c->files[fi];
	uint64_t cur = f->ar.first;
	ls_member m;
	ls_diag d;

	while (ls_archive_next(&f->ar, &cur, &m, &d) == 1) {
		ls_object o;
		if (f->ar.thin || !ls_is_elf(m.data) ||
		    ls_object_open(&o, m.data, m.data_off, &d) < 0)
			continue;
		for (uint32_t i = o.symtab.first_global; o.symtab.present && i < o.symtab.count; i++) {
			ls_symbol s;
			if (ls_symbol_get(&o, &o.symtab, i, &s, &d) < 0)
				break;
			if (s.bind == STB_LOCAL || s.shndx == SHN_UNDEF || !s.name_len)
				continue;
			uint32_t kl = rs_key_len(s.name, s.name_len, true);
			if (add_lazy(c, fi, s.name, kl, ls_lhash(s.name, kl), m.hdr_off) < 0) {
				ls_object_close(&o);
				return -1;
			}
		}
		ls_object_close(&o);
		f = &c->files[fi];
	}
	return 0;
}

/* An archive's index in two passes: names hashed and their slots asked
 * for first, then inserted, so the table's cache misses overlap. */
static int index_archive(linkctx *c, uint32_t fi)
{
	enum { BATCH = 64 };
	struct { const char *name; uint32_t len, hash; uint64_t off; } b[BATCH];
	const ls_archive *ar = &c->files[fi].ar;
	ls_symidx_iter it;
	size_t n;

	ls_archive_symiter_init(ar, &it);
	do {
		const char *name;
		uint64_t off;
		for (n = 0; n < BATCH && ls_archive_symiter_next(ar, &it, &name, &off) == 1;) {
			c->res->narchive_syms++;
			if (!*name)
				continue;
			b[n].name = name;
			b[n].len = (uint32_t)strlen(name);
			b[n].hash = ls_lhash(name, b[n].len);
			b[n].off = off;
			ltab_prefetch(&c->tab, b[n].hash);
			n++;
		}
		for (size_t k = 0; k < n; k++)
			if (add_lazy(c, fi, b[k].name, b[k].len, b[k].hash, b[k].off) < 0)
				return -1;
		ar = &c->files[fi].ar;
	} while (n == BATCH);
	return 0;
}

int rs_build_lazies(linkctx *c)
{
	for (size_t k = 0; k < c->nsteps; k++) {
		const lstep *s = &c->steps[k];
		if (s->kind != STEP_FILE)
			continue;
		lfile *f = &c->files[s->file];
		if (f->type != FT_ARCHIVE || f->lazy_count || s->whole_archive)
			continue;
		f->lazy_first = c->nlazies;
		if (f->ar.symidx_kind == LS_SYMIDX_NONE) {
			f->noindex = true;
			if (!c->gnu && index_by_members(c, s->file) < 0)
				return -1;
		} else if (index_archive(c, s->file) < 0) {
			return -1;
		}
		f = &c->files[s->file];
		f->lazy_count = c->nlazies - f->lazy_first;
	}
	return 0;
}
