/*
 * elf_relocs.h - the dynamic relocations of one ELF object, as the
 * dynamic loader walks them (glibc's elf/do-rel.h through
 * _ELF_DYNAMIC_DO_RELOC): the DT_RELA and DT_REL ranges, minus DT_JMPREL
 * when it ends theirs, then DT_JMPREL, each skipping its leading
 * DT_RELACOUNT / DT_RELCOUNT relative entries.
 *
 * The ranges are located and proven inside the file once; an entry is
 * decoded on demand into its symbol index and type (inline: the binding
 * walk reads every relocation of every object of a process).
 */
#ifndef LS_ELF_RELOCS_H
#define LS_ELF_RELOCS_H

#include "../model/object.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ls_relrange {
	bool have, rela, jmprel;
	uint64_t addr, size;
	uint64_t nrelative;	/* DT_RELACOUNT / DT_RELCOUNT: leading
				   relative relocations, never looked at */
	uint64_t ent_i;		/* its dynamic entry, for diagnostics */
	const char *tag;
	ls_bytes b;		/* the entries */
	uint64_t off;		/* their offset in the object */
	uint64_t first, n;	/* entries first..n are walked */
} ls_relrange;

/* The three ranges, in the order the loader applies them. */
typedef struct ls_dynrels {
	ls_relrange rela, rel, jmp;
} ls_dynrels;

/* Reads the dynamic tags and proves the ranges' bytes.  0, or -1 with d
 * filled (the dynamic section or a range outside the file). */
int ls_dynrels_read(const ls_object *obj, ls_dynrels *r, ls_diag *d);

/* Entry i of rg (i < rg->n): its symbol index and type (r_info split as
 * ELF32_R_SYM/ELF32_R_TYPE or their 64-bit forms). */
static inline void ls_relrange_get(const ls_object *o, const ls_relrange *rg,
				   uint64_t i, uint32_t *sym, uint32_t *type)
{
	uint64_t w = (uint64_t)o->wordsize, esz = w * (rg->rela ? 3 : 2), info;

	ls_word(rg->b, i * esz + w, o->order, o->wordsize, &info);
	if (w == 8) {
		*sym = (uint32_t)(info >> 32);
		*type = (uint32_t)info;
	} else {
		*sym = (uint32_t)(info >> 8);
		*type = (uint32_t)(info & 0xff);
	}
}

/* The absolute file offset of entry i of rg (for diagnostics). */
static inline uint64_t ls_relrange_off(const ls_object *o,
				       const ls_relrange *rg, uint64_t i)
{
	return o->base_off + rg->off +
	       i * (uint64_t)o->wordsize * (rg->rela ? 3 : 2);
}

#endif
