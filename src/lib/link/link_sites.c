/*
 * link_sites.c - where a duplicate is defined and where an undefined
 * symbol is referenced: object or archive(member), section and offset, the
 * enclosing function, and the source line from DWARF when there is one.
 *
 * Run only after resolution, and only for what failed: a relocation walk
 * over the loaded objects, looking names up in a small table of the
 * undefined ones.
 */
#include "link_impl.h"
#include "../core/array.h"
#include "dwline.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>
#include <string.h>

static ls_dwline *dwarf_of(ls_link_input *in)
{
	if (!in->dw_tried) {
		const ls_object *o = link_input_obj(in);
		in->dw_tried = true;
		in->dw = o ? ls_dwline_open(o) : NULL;
	}
	return in->dw;
}

/* The defined symbol of section shndx that covers offset: a function when
 * one does, else the nearest symbol before it (lld's getSymbolAt and
 * bfd's "in function" both look for a function first). */
static const char *enclosing(const ls_object *o, uint32_t shndx, uint64_t off)
{
	const ls_symtab *t = &o->symtab;
	const char *best = NULL;
	uint64_t best_val = 0;
	bool best_func = false;

	for (uint32_t i = 1; t->present && i < t->count; i++) {
		ls_symbol s;
		ls_diag d;
		if (ls_symbol_get(o, t, i, &s, &d) < 0)
			break;
		if (s.shndx != shndx || !s.name_len || s.type == STT_SECTION ||
		    s.type == STT_FILE || s.value > off)
			continue;
		bool func = s.type == STT_FUNC || s.type == STT_GNU_IFUNC;
		bool covers = off < s.value + s.size || (s.size == 0 && !func);
		if (!covers)
			continue;
		if (!best || (func && !best_func) ||
		    (func == best_func && s.value >= best_val)) {
			best = s.name;
			best_val = s.value;
			best_func = func;
		}
	}
	return best;
}

static void locate(ls_link_input *in, ls_link_site *site, const char *name,
		   bool data)
{
	ls_dwline *dw = dwarf_of(in);
	const char *file;
	unsigned line;

	if (!dw)
		return;
	if (!data && ls_dwline_at(dw, site->shndx, site->offset, &file, &line)) {
		site->src_file = file;
		site->src_line = line;
	} else if (name && ls_dwline_decl(dw, name, &file, &line)) {
		site->src_file = file;
		site->src_line = line;
	}
}

void link_def_site(linkctx *c, int32_t input, uint32_t symidx,
		   ls_link_site *out)
{
	memset(out, 0, sizeof *out);
	out->input = input;
	if (input < 0 || (size_t)input >= c->res->ninputs)
		return;
	ls_link_input *in = &c->res->inputs[input];
	const ls_object *o = link_input_obj(in);
	ls_symbol s;
	ls_diag d;

	if (!o)
		return;
	const ls_symtab *t = in->kind == LS_LIN_DSO ? &o->dynsym : &o->symtab;
	if (ls_symbol_get(o, t, symidx, &s, &d) < 0)
		return;
	out->shndx = s.raw_shndx >= SHN_LORESERVE && s.raw_shndx != SHN_XINDEX ? 0 : s.shndx;
	if (out->shndx && out->shndx < o->shnum)
		out->section = o->sections[out->shndx].name;
	out->offset = s.value;
	out->function = s.name;
	if (in->kind == LS_LIN_OBJECT || in->kind == LS_LIN_MEMBER)
		locate(in, out, s.name, s.type == STT_OBJECT || s.type == STT_TLS);
}

static bool alloc_target(const ls_link_input *in, uint32_t relsec, uint32_t *target)
{
	const ls_object *o = &in->obj;
	const ls_section *r = &o->sections[relsec];

	if ((r->type != SHT_RELA && r->type != SHT_REL) || r->info == 0 ||
	    r->info >= o->shnum || r->link != o->symtab.section)
		return false;
	if (!(o->sections[r->info].flags & SHF_ALLOC))
		return false;
	if (in->discarded && in->discarded[r->info])
		return false;
	*target = r->info;
	return true;
}

static int walk_input(linkctx *c, int32_t ii, const ltab *want)
{
	ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = link_input_obj(in);

	if (!o)
		return 0;
	for (uint32_t sec = 1; sec < o->shnum; sec++) {
		uint32_t target;
		ls_diag d;
		if (!alloc_target(in, sec, &target) || link_gc_dead(c, ii, target) ||
		    (c->ntscripts && link_script_discards(c, in, o->sections[target].name)))
			continue;
		int64_t n = ls_reloc_count(o, sec, &d);
		for (int64_t k = 0; k < n; k++) {
			ls_reloc rel;
			ls_symbol s;
			if (ls_reloc_get(o, sec, (uint64_t)k, &rel, &d) < 0)
				break;
			if (rel.sym == 0 || rel.sym < o->symtab.first_global ||
			    ls_symbol_get(o, &o->symtab, rel.sym, &s, &d) < 0 ||
			    s.shndx != SHN_UNDEF || !s.name_len)
				continue;
			const char *nm = s.name;
			size_t nlen = s.name_len;
			if (c->cmd->nwrap && link_wrap_name(c, &nm, &nlen) < 0)
				return -1;
			int64_t id = ltab_find(want, nm, (uint32_t)nlen, ls_lhash(nm, nlen));
			if (id < 0)
				continue;
			ls_link_undef *u = &c->res->undefs[want->syms[id].def];
			u->count++;
			/* One site per function, as lld and bfd list them. */
			const char *fn = enclosing(o, target, rel.offset);
			bool same = false;
			for (size_t j = 0; j < u->nsites && !same; j++)
				same = u->sites[j].input == ii && u->sites[j].shndx == target &&
				       u->sites[j].function == fn;
			if (same || u->nsites >= LS_LINK_MAX_SITES)
				continue;
			ls_link_site *site = ls_array_push_counted(&u->sites, &u->nsites,
								sizeof *site);
			if (!site)
				return -1;
			site->input = ii;
			site->shndx = target;
			site->section = o->sections[target].name;
			site->offset = rel.offset;
			site->function = fn;
			locate(in, site, NULL, false);
		}
	}
	return 0;
}

int link_sites(linkctx *c)
{
	ls_link_result *r = c->res;
	ltab want;
	int rc = 0;

	if (!r->nundefs)
		return 0;
	if (ltab_init(&want, (uint32_t)r->nundefs) < 0)
		return -1;
	for (size_t i = 0; i < r->nundefs; i++) {
		bool made;
		const char *nm = r->undefs[i].symbol;
		if (r->undefs[i].from_dso)
			continue;
		int64_t id = ltab_get(&want, nm, (uint32_t)strlen(nm),
				      ls_lhash(nm, strlen(nm)), &made);
		if (id < 0) {
			ltab_free(&want);
			return -1;
		}
		want.syms[id].def = (int32_t)i;
	}
	for (size_t i = 0; i < r->ninputs && rc >= 0; i++)
		if (r->inputs[i].kind == LS_LIN_OBJECT || r->inputs[i].kind == LS_LIN_MEMBER)
			rc = walk_input(c, (int32_t)i, &want);
	ltab_free(&want);
	return rc;
}
