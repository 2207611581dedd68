/*
 * resolve_load.c - loading one input into the resolution: an object's
 * symbols (with COMDAT groups, and GCC's slim LTO objects read through
 * their own symbol tables), a DSO's (when it is needed at all: --as-needed,
 * DT_NEEDED of other DSOs), and the members each archive gives, once.
 * What each symbol does to the table is resolve.c; which member an
 * archive gives, resolve_archive.c.
 */
#include "link_impl.h"
#include "resolve_impl.h"
#include "../core/array.h"
#include "../readers/gcc_lto.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Members loaded (or refused), keyed by archive file and member offset. */
bool rs_memb_seen(const linkctx *c, uint32_t file, uint64_t off)
{
	uint64_t key = ((uint64_t)file << 40 | off) + 1;

	if (!c->membs)
		return false;
	for (uint32_t j = (uint32_t)(key * 0x9e3779b97f4a7c15ull >> 32) & c->membmask;;
	     j = (j + 1) & c->membmask) {
		if (!c->membs[j].key)
			return false;
		if (c->membs[j].key == key)
			return true;
	}
}

int rs_memb_add(linkctx *c, uint32_t file, uint64_t off, int32_t input)
{
	uint64_t key = ((uint64_t)file << 40 | off) + 1;

	if (!c->membs || (c->nmembs + 1) * 2 > c->membmask + 1) {
		uint32_t n = c->membs ? (c->membmask + 1) * 2 : 1024;
		lmemb *m = calloc(n, sizeof *m);
		if (!m)
			return -1;
		for (uint32_t i = 0; c->membs && i <= c->membmask; i++) {
			if (!c->membs[i].key)
				continue;
			uint32_t j = (uint32_t)(c->membs[i].key * 0x9e3779b97f4a7c15ull >> 32) & (n - 1);
			while (m[j].key)
				j = (j + 1) & (n - 1);
			m[j] = c->membs[i];
		}
		free(c->membs);
		c->membs = m;
		c->membmask = n - 1;
	}
	uint32_t j = (uint32_t)(key * 0x9e3779b97f4a7c15ull >> 32) & c->membmask;
	while (c->membs[j].key)
		j = (j + 1) & c->membmask;
	c->membs[j].key = key;
	c->membs[j].input = input;
	c->nmembs++;
	return 0;
}

int32_t link_add_input(linkctx *c, int kind, uint32_t file, const char *path,
		       const char *member, size_t member_len, ls_bytes bytes,
		       uint64_t base, uint32_t arg)
{
	ls_link_result *r = c->res;
	ls_link_input *in;
	ls_diag d;

	if (ls_array_reserve(&r->inputs, &c->capinputs, r->ninputs + 1,
			     sizeof *r->inputs) < 0 ||
	    ls_array_reserve(&c->input_group, &c->capinput_group,
			     r->ninputs + 1, sizeof *c->input_group) < 0)
		return -1;
	in = &r->inputs[r->ninputs];
	memset(in, 0, sizeof *in);
	in->kind = kind;
	in->path = path;
	in->arg = arg;
	in->pulled_by = -1;
	if (member) {
		in->member = strndup(member, member_len);
		if (!in->member)
			return -1;
	}
	if (ls_object_open(&in->obj, bytes, base, &d) < 0) {
		link_fail(c, path, in->member, &d);
		free(in->member);
		return -2;
	}
	c->input_group[r->ninputs] = c->cur_group;
	(void)file;
	return (int32_t)r->ninputs++;
}
/* COMDAT: the first group with a signature is kept, later ones are
 * discarded whole, with every symbol they define. */
/* lld and mold drop old glibc i386 objects' linkonce copy of the PIC
 * thunk, which a COMDAT copy also defines (lld InputFiles.cpp, glibc
 * PR20543); bfd and gold keep .gnu.linkonce sections as proto-COMDAT. */
static bool linkonce_thunk(const linkctx *c, const ls_section *sec)
{
	if (c->sem != LS_SEM_LLD && c->sem != LS_SEM_MOLD)
		return false;
	return !strcmp(sec->name, ".gnu.linkonce.t.__x86.get_pc_thunk.bx") ||
	       !strcmp(sec->name, ".gnu.linkonce.t.__i686.get_pc_thunk.bx");
}

static int comdat(linkctx *c, ls_link_input *in)
{
	const ls_object *o = &in->obj;

	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *sec = &o->sections[i];
		ls_bytes g;
		uint32_t flags;
		ls_symbol sig;
		ls_diag d;
		bool made;

		if (linkonce_thunk(c, sec)) {
			if (!in->discarded && !(in->discarded = calloc(o->shnum, 1)))
				return -1;
			in->discarded[i] = 1;
			continue;
		}
		if (sec->type != SHT_GROUP)
			continue;
		if (!ls_sub(o->file, sec->offset, sec->size, &g) ||
		    !ls_u32(g, 0, o->order, &flags) || !(flags & GRP_COMDAT))
			continue;
		if (!o->symtab.present ||
		    ls_symbol_get(o, &o->symtab, sec->info, &sig, &d) < 0)
			continue;
		int64_t id = ltab_get(&c->comdat, sig.name, (uint32_t)sig.name_len,
				      ls_lhash(sig.name, sig.name_len), &made);
		if (id < 0)
			return -1;
		if (made)
			continue;
		if (!in->discarded) {
			in->discarded = calloc(o->shnum, 1);
			if (!in->discarded)
				return -1;
		}
		in->discarded[i] = 1;
		for (uint64_t k = 4; k + 4 <= g.size; k += 4) {
			uint32_t m;
			ls_u32(g, k, o->order, &m);
			if (m < o->shnum)
				in->discarded[m] = 1;
		}
	}
	return 0;
}

/* A GCC LTO object (.gnu.lto_* sections) that is slim (the symbol
 * __gnu_lto_slim): its real symbols are GIMPLE that only the compiler's LTO
 * plugin reads at link time. */
struct lto_load {
	linkctx *c;
	int32_t ii;
	uint32_t index;		/* past the ELF symbol table: no ELF symbol */
};

/* One entry of a GCC LTO symbol table, resolved as the plugin hands it to
 * the linker (ld_plugin_symbol: a definition, a weak one, a reference, a
 * common symbol). */
static int lto_symbol(void *arg, const ls_lto_sym *l)
{
	struct lto_load *a = arg;
	ls_symbol s = { .name = l->name, .name_len = l->name_len, .size = l->size,
			.visibility = l->visibility, .type = STT_NOTYPE,
			.bind = l->kind == LS_LTO_WEAKDEF || l->kind == LS_LTO_WEAKUNDEF ?
				STB_WEAK : STB_GLOBAL };

	a->c->res->nsymbols++;
	switch (l->kind) {
	case LS_LTO_UNDEF:
	case LS_LTO_WEAKUNDEF: {
		s.shndx = s.raw_shndx = SHN_UNDEF;
		if (rs_add_ref(a->c, a->ii, &s) < 0)
			return -1;
		int64_t id = ltab_find(&a->c->tab, s.name, (uint32_t)s.name_len,
				       ls_lhash(s.name, s.name_len));
		if (id >= 0)
			a->c->tab.syms[id].flags |= F_LTOREF;
		return 0;
	}
	case LS_LTO_COMMON:
		s.shndx = s.raw_shndx = SHN_COMMON;
		return rs_add_common(a->c, a->ii, &s, a->index++);
	default:
		s.shndx = s.raw_shndx = SHN_ABS;
		return rs_add_def(a->c, a->ii, &s, a->index++);
	}
}

/*
 * A GCC LTO object that is slim (the symbol __gnu_lto_slim): its real
 * symbols are GIMPLE for the compiler's LTO plugin.  With GCC's plugin on
 * the line, bfd, gold and mold resolve what the plugin reports, the
 * object's .gnu.lto_.symtab (readers/gcc_lto.c); lld ignores -plugin and
 * sees nothing.  Returns 1 when the LTO table was read, 0 when not, -1.
 */
static int gcc_lto(linkctx *c, int32_t ii)
{
	const ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = &in->obj;
	bool slim = false;
	char buf[1024];

	if (!ls_gcc_lto_has_symtab(o))
		return 0;
	for (uint32_t i = 1; o->symtab.present && i < o->symtab.count && !slim; i++) {
		ls_symbol s;
		ls_diag d;
		if (ls_symbol_get(o, &o->symtab, i, &s, &d) < 0)
			break;
		slim = s.name_len == 14 && !memcmp(s.name, "__gnu_lto_slim", 14);
	}
	if (!slim)
		return 0;
	if (c->cmd->gcc_lto_plugin && c->sem != LS_SEM_LLD) {
		struct lto_load a = { c, ii, o->symtab.present ? o->symtab.count : 1 };
		ls_diag d;
		int rc = ls_gcc_lto_symbols(o, lto_symbol, &a, &d);
		if (rc == -1 && d.msg[0])
			return link_fail(c, in->path, in->member, &d);
		return rc < 0 ? rc : 1;
	}
	return link_note(c->res, LS_HINT_LTO, "%s is a GCC LTO object (slim: its symbols are in "
			 ".gnu.lto_ sections, which only the compiler's LTO plugin reads%s): what "
			 "it defines or needs is missing from this report",
			 ls_link_input_name(c->res, ii, buf, sizeof buf),
			 c->sem == LS_SEM_LLD ? "; lld does not load it" : "");
}

int rs_load_object(linkctx *c, int32_t ii)
{
	ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = &in->obj;
	const ls_symtab *t = &o->symtab;

	int lto;
	if (comdat(c, in) < 0 || (lto = gcc_lto(c, ii)) < 0)
		return -1;
	in = &c->res->inputs[ii];
	if (lto == 1) {
		ls_object_close(&in->obj);
		return 0;
	}
	if (!t->present)
		return 0;
	uint32_t ahead = t->first_global ? t->first_global : 1;
	for (uint32_t i = ahead; i < t->count; i++) {
		ls_symbol s;
		ls_diag d;
		int rc;

		/* The table is larger than the caches: ask for the slots of
		 * the next names before resolving this one, so their misses
		 * overlap instead of queueing. */
		for (; ahead < t->count && ahead < i + 16; ahead++)
			if (ls_symbol_get(o, t, ahead, &s, &d) == 0 && s.name_len &&
			    s.bind != STB_LOCAL)
				ltab_prefetch(&c->tab, ls_lhash(s.name,
					rs_key_len(s.name, s.name_len, s.shndx != SHN_UNDEF)));
		if (ls_symbol_get(o, t, i, &s, &d) < 0)
			return link_fail(c, in->path, in->member, &d);
		if (s.bind == STB_LOCAL || !s.name_len)
			continue;
		c->res->nsymbols++;
		if (s.shndx == SHN_UNDEF)
			rc = rs_add_ref(c, ii, &s);
		else if (s.raw_shndx == SHN_COMMON)
			rc = rs_add_common(c, ii, &s, i);
		else if (s.shndx < o->shnum && in->discarded && in->discarded[s.shndx])
			rc = 0;
		else
			rc = rs_add_def(c, ii, &s, i);
		if (rc < 0)
			return rc;
	}
	ls_object_close(&c->res->inputs[ii].obj);
	return 0;
}

static int dso_undef(linkctx *c, int32_t ii, uint32_t i)
{
	if (ls_array_reserve(&c->dso_undef, &c->capdso_undef,
			     c->ndso_undef + 2, sizeof *c->dso_undef) < 0)
		return -1;
	c->dso_undef[c->ndso_undef++] = (uint32_t)ii;
	c->dso_undef[c->ndso_undef++] = i;
	return 0;
}

/* A dynamic symbol that a DSO exports under its plain name: global or
 * weak, visible, and unversioned or the default version. */
bool link_dso_exports(const ls_symbol *s)
{
	if (s->bind == STB_LOCAL || !s->name_len || s->shndx == SHN_UNDEF)
		return false;
	if (s->visibility == STV_HIDDEN || s->visibility == STV_INTERNAL)
		return false;
	return !s->has_versym || ((s->versym & 0x7fff) != 0 && !(s->versym & 0x8000));
}

/*
 * GNU ld reads an --as-needed DSO only if, at that point, it defines a
 * symbol that a regular object or an already needed DSO references
 * non-weakly and nothing defines yet (binutils bfd/elflink.c,
 * elf_link_add_object_symbols: "add_needed" from ref_regular_nonweak or
 * ref_dynamic_nonweak).  Otherwise every symbol it added is taken back, so
 * a reference that comes later on the command line stays undefined:
 * `cc a.so b.o` fails where b.o calls a.so.  lld, gold and mold decide
 * DT_NEEDED only at the end and resolve against the DSO regardless.
 */
/* bfd's on_needed_list: a library already named by the DT_NEEDED of a
 * kept library is not made needed by that library's references. */
static bool on_needed_list(linkctx *c, int32_t ii)
{
	const ls_link_input *me = &c->res->inputs[ii];
	const char *name = me->soname;

	if (!name) {
		name = strrchr(me->path, '/');
		name = name ? name + 1 : me->path;
	}
	for (int32_t j = 0; j < ii; j++) {
		const ls_link_input *in = &c->res->inputs[j];
		ls_dyninfo di;
		ls_diag d;
		bool hit = false;
		if (in->kind != LS_LIN_DSO || in->dropped || ls_dyninfo_read(&in->obj, &di, &d) < 0)
			continue;
		for (uint32_t k = 0; k < di.nneeded && !hit; k++)
			hit = !strcmp(di.needed[k], name);
		ls_dyninfo_free(&di);
		if (hit)
			return true;
	}
	return false;
}

static bool dso_needed_now(linkctx *c, int32_t ii, const ls_object *o, const ls_symtab *t)
{
	int dso_ref = -1;	/* on_needed_list, asked once */

	for (uint32_t i = 1; i < t->count; i++) {
		ls_symbol s;
		ls_diag d;

		if (ls_symbol_get(o, t, i, &s, &d) < 0)
			return true;	/* load_dso reports it */
		if (s.shndx == SHN_UNDEF || !s.name_len || s.bind == STB_LOCAL)
			continue;
		/* "foo@V" from an object binds to foo of version V, default
		 * or not ("matched" in elflink.c). */
		if (s.has_versym && (s.versym & 0x7fff) > 1) {
			const ls_version *v = ls_version_lookup(o, s.versym & 0x7fff);
			char key[512];
			int k = v && v->name ? snprintf(key, sizeof key, "%.*s@%s",
						       (int)s.name_len, s.name, v->name) : -1;
			if (k > 0 && (size_t)k < sizeof key) {
				int64_t vid = ltab_find(&c->tab, key, (uint32_t)k,
							ls_lhash(key, (size_t)k));
				if (vid >= 0 && c->tab.syms[vid].state == S_UNDEF &&
				    (c->tab.syms[vid].flags & F_REF))
					return true;
			}
		}
		if (!link_dso_exports(&s))
			continue;
		int64_t id = ltab_find(&c->tab, s.name, (uint32_t)s.name_len,
				       ls_lhash(s.name, s.name_len));
		if (id < 0)
			continue;
		const lsym *y = &c->tab.syms[id];
		if (y->state != S_UNDEF)
			continue;
		if ((y->flags & F_REF) && !rs_hidden_vis(y))
			return true;
		if (y->flags & F_REFDSO) {
			if (dso_ref < 0)
				dso_ref = !on_needed_list(c, ii);
			if (dso_ref)
				return true;
		}
	}
	return false;
}

int rs_load_dso(linkctx *c, int32_t ii)
{
	ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = &in->obj;
	const ls_symtab *t = &o->dynsym;
	ls_dyninfo di;
	ls_diag d;

	if (ls_dyninfo_read(o, &di, &d) == 0) {
		in->soname = di.soname;
		ls_dyninfo_free(&di);
	}
	if (!t->present)
		return 0;
	if (c->sem == LS_SEM_BFD && in->as_needed) {
		/* Kept means needed: its DT_NEEDED entry is written. */
		if (!dso_needed_now(c, ii, o, t)) {
			in->dropped = true;
			return 0;
		}
		in->used = true;
	}
	for (uint32_t i = 1; i < t->count; i++) {
		ls_symbol s;
		bool made;

		if (ls_symbol_get(o, t, i, &s, &d) < 0) {
			return link_fail(c, in->path, NULL, &d);
		}
		if (s.bind == STB_LOCAL || !s.name_len)
			continue;
		c->res->nsymbols++;
		if (s.shndx == SHN_UNDEF) {
			if (s.bind == STB_WEAK)
				continue;
			if (dso_undef(c, ii, i) < 0)
				return -1;
			int64_t id = rs_sym_get(c, s.name, (uint32_t)s.name_len);
			if (id < 0)
				return -1;
			lsym *y = &c->tab.syms[id];
			bool was = rs_strongly_undefined(y) || (y->flags & F_REF);
			y->flags |= F_REFDSO;
			if (y->state == 0)
				y->state = S_UNDEF;
			/* bfd keys a DSO's versioned reference as "name@VER",
			 * which no archive index names: libstdc++.so's
			 * __popcountdi2@GCC_3.4 pulls nothing from libgcc.a
			 * and binds later to libgcc_s.so.1, a DT_NEEDED it
			 * read back (elflink.c elf_link_add_object_symbols). */
			bool versioned = s.has_versym && (s.versym & 0x7fff) >= 2;
			if (y->state == S_UNDEF && !was && !(versioned && c->sem == LS_SEM_BFD) &&
			    rs_need_member(c, (uint32_t)id, ii) < 0)
				return -1;
			continue;
		}
		if (s.visibility == STV_HIDDEN || s.visibility == STV_INTERNAL)
			continue;
		if (s.has_versym && ((s.versym & 0x7fff) == 0 || (s.versym & 0x8000))) {
			/* Only "foo@V" (non-default) or local: kept aside
			 * for the version hint and DSO-undefined checks. */
			if ((s.versym & 0x7fff) != 0 &&
			    ltab_get(&c->verhidden, s.name, (uint32_t)s.name_len,
				     ls_lhash(s.name, s.name_len), &made) >= 0 && made)
				c->verhidden.syms[c->verhidden.n - 1].def = ii;
			continue;
		}
		int64_t id = rs_sym_get(c, s.name, (uint32_t)s.name_len);
		if (id < 0)
			return -1;
		lsym *y = &c->tab.syms[id];
		if (y->state == 0 || y->state == S_UNDEF) {
			y->state = S_SHARED;
			y->def = ii;
			y->def_sym = i;
			if (!rs_hidden_vis(y) && ((y->flags & F_REF) || rs_cmdline_needs(c, y)))
				in->used = true;
		}
	}
	return 0;
}
