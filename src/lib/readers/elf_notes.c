/*
 * elf_notes.c - the GNU notes of one object decoded into ls_gnu_notes
 * (see elf_notes.h): NT_GNU_BUILD_ID, NT_GNU_ABI_TAG and the properties
 * of NT_GNU_PROPERTY_TYPE_0 (binutils' _bfd_elf_parse_gnu_properties
 * reads the same layout).  analysis/hardening.c judges the result.
 */
#include "elf_notes.h"
#include "elf_defs.h"

#include <string.h>

/* One NT_GNU_PROPERTY_TYPE_0 descriptor: u32 type, u32 size, data, padded
 * to the class's word. */
static int read_properties(const ls_object *o, ls_bytes desc, uint64_t base,
			   ls_gnu_notes *g, ls_diag *d)
{
	uint64_t p = 0, pad = o->elfclass == ELFCLASS64 ? 8 : 4;

	while (p < desc.size) {
		uint32_t type, size, val = 0;
		uint64_t next;

		if (!ls_u32(desc, p, o->order, &type) ||
		    !ls_u32(desc, p + 4, o->order, &size) ||
		    !ls_in(desc, p + 8, size))
			return ls_fail(d, o->base_off + base + p,
				       "truncated GNU property");
		if (size == 4)
			ls_u32(desc, p + 8, o->order, &val);
		if (o->machine == EM_X86_64 || o->machine == EM_386) {
			if (type == GNU_PROPERTY_X86_FEATURE_1_AND && size == 4) {
				g->has_x86_feature = true;
				g->x86_feature = val;
			} else if (type == GNU_PROPERTY_X86_ISA_1_NEEDED &&
				   size == 4) {
				g->x86_isa_needed = val;
			}
		} else if (o->machine == EM_AARCH64 &&
			   type == GNU_PROPERTY_AARCH64_FEATURE_1_AND &&
			   size == 4) {
			g->has_aarch64_feature = true;
			g->aarch64_feature = val;
		}
		next = (p + 8 + size + pad - 1) & ~(pad - 1);
		p = next;
	}
	return 0;
}

static bool is_gnu(const ls_note *n)
{
	return n->name_len == 3 && !memcmp(n->name, "GNU", 3);
}

static int read_notes(const ls_object *o, ls_bytes notes, uint64_t base,
		      uint64_t align, ls_gnu_notes *g, ls_diag *d)
{
	uint64_t cur = 0;
	ls_note n;
	int r;

	while ((r = ls_note_next(o, notes, base, align, &cur, &n, d)) > 0) {
		if (!is_gnu(&n))
			continue;
		switch (n.type) {
		case NT_GNU_BUILD_ID:
			g->build_id = n.desc;
			break;
		case NT_GNU_ABI_TAG:
			g->has_abi_tag =
				ls_u32(n.desc, 0, o->order, &g->abi_os) &&
				ls_u32(n.desc, 4, o->order, &g->abi_major) &&
				ls_u32(n.desc, 8, o->order, &g->abi_minor) &&
				ls_u32(n.desc, 12, o->order, &g->abi_sub);
			break;
		case NT_GNU_PROPERTY_TYPE_0:
			if (read_properties(o, n.desc, base + (uint64_t)
					    (n.desc.base - notes.base), g, d) < 0)
				return -1;
			break;
		}
	}
	return r;
}

/*
 * Notes come from the SHT_NOTE sections when there are section headers
 * (objects have no segments), else from PT_NOTE segments.
 */
int ls_gnu_notes_read(const ls_object *o, ls_gnu_notes *g, ls_diag *d)
{
	bool any = false;

	memset(g, 0, sizeof *g);

	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *s = &o->sections[i];
		ls_bytes b;

		if (s->type != SHT_NOTE)
			continue;
		if (!ls_sub(o->file, s->offset, s->size, &b))
			return ls_fail(d, o->base_off + s->offset,
				       "note section %u extends past end of file", i);
		if (read_notes(o, b, s->offset, s->addralign, g, d) < 0)
			return -1;
		any = true;
	}
	if (any)
		return 0;
	for (uint32_t i = 0; i < o->phnum; i++) {
		const ls_segment *s = &o->segments[i];
		ls_bytes b;

		if (s->type != PT_NOTE)
			continue;
		if (!ls_sub(o->file, s->offset, s->filesz, &b))
			return ls_fail(d, o->base_off + s->offset,
				       "note segment extends past end of file");
		if (read_notes(o, b, s->offset, s->align, g, d) < 0)
			return -1;
	}
	return 0;
}
