/*
 * elf_relocs.c - the dynamic relocation ranges of one object, located as
 * glibc's elf/do-rel.h and elf/dynamic-link.h find them; see elf_relocs.h.
 * Only the tags are read here; entries are decoded on demand.
 */
#include "elf_relocs.h"
#include "elf_defs.h"
#include "elf_dynamic.h"

/* Proves a range's bytes and counts the entries to walk. */
static int range_open(const ls_object *o, ls_relrange *rg, ls_diag *d)
{
	uint64_t esz = (uint64_t)o->wordsize * (rg->rela ? 3 : 2);

	rg->first = rg->n = 0;
	if (!rg->have || rg->size == 0)
		return 0;
	if (!ls_vaddr_bytes(o, rg->addr, rg->size, &rg->b, &rg->off))
		return ls_fail(d, ls_dynamic_entry_off(o, rg->ent_i),
			       "%s 0x%llx (%llu bytes) is not in a load segment",
			       rg->tag, (unsigned long long)rg->addr,
			       (unsigned long long)rg->size);
	rg->n = rg->size / esz;
	rg->first = rg->nrelative < rg->n ? rg->nrelative : rg->n;
	return 0;
}

/* The relocation ranges of the dynamic section, as do-rel.h splits them:
 * DT_RELA and DT_REL, minus DT_JMPREL when it ends theirs, then DT_JMPREL. */
int ls_dynrels_read(const ls_object *o, ls_dynrels *r, ls_diag *d)
{
	ls_relrange rela = { .rela = true, .tag = "DT_RELA" };
	ls_relrange rel = { .rela = false, .tag = "DT_REL" };
	ls_relrange jmp = { .jmprel = true, .tag = "DT_JMPREL" };
	bool have_pltrel = false, have_relasz = false, have_relsz = false;
	uint64_t pltrel = 0, val;
	int64_t tag;
	ls_dyntab dt;

	if (!ls_dyntab_open(o, &dt, d))
		return -1;
	for (uint64_t i = 0; i < dt.n; i++) {
		ls_dyntab_get(&dt, i, &tag, &val);
		switch (tag) {
		case DT_NULL:
			i = dt.n;
			break;
		case DT_RELA:
			rela.have = true;
			rela.addr = val;
			rela.ent_i = i;
			break;
		case DT_RELASZ:
			rela.size = val;
			have_relasz = true;
			break;
		case DT_REL:
			rel.have = true;
			rel.addr = val;
			rel.ent_i = i;
			break;
		case DT_RELSZ:
			rel.size = val;
			have_relsz = true;
			break;
		case DT_JMPREL:
			jmp.have = true;
			jmp.addr = val;
			jmp.ent_i = i;
			break;
		case DT_PLTRELSZ:
			jmp.size = val;
			break;
		case DT_PLTREL:
			pltrel = val;
			have_pltrel = true;
			break;
		case DT_RELACOUNT:
			rela.nrelative = val;
			break;
		case DT_RELCOUNT:
			rel.nrelative = val;
			break;
		default:
			break;
		}
	}
	rela.have &= have_relasz;
	rel.have &= have_relsz;
	if (have_pltrel && (pltrel == DT_REL || pltrel == DT_RELA))
		jmp.rela = pltrel == DT_RELA;
	else
		jmp.rela = !(o->machine == EM_386 || o->machine == EM_ARM ||
			     o->machine == EM_MIPS);
	if (jmp.have) {
		ls_relrange *same = jmp.rela ? &rela : &rel;
		uint64_t e1, e2;
		if (same->have && ls_add_ok(same->addr, same->size, &e1) &&
		    ls_add_ok(jmp.addr, jmp.size, &e2) && e1 == e2 &&
		    same->size >= jmp.size)
			same->size -= jmp.size;
	}
	if (range_open(o, &rela, d) < 0 || range_open(o, &rel, d) < 0 ||
	    range_open(o, &jmp, d) < 0)
		return -1;
	r->rela = rela;
	r->rel = rel;
	r->jmp = jmp;
	return 0;
}
