/*
 * gcc_lto.c - the symbol table of a GCC LTO object (see gcc_lto.h).
 */
#include "gcc_lto.h"
#include "elf_defs.h"
#include "../core/bytes.h"

#include <string.h>

/* The plugin reads sections whose name starts so (lto-plugin.c
 * process_symtab); ".gnu.lto_.ext_symtab" is another table. */
static bool is_symtab(const ls_section *s)
{
	return !strncmp(s->name, ".gnu.lto_.symtab", 16);
}

bool ls_gcc_lto_has_symtab(const ls_object *o)
{
	for (uint32_t k = 1; k < o->shnum; k++)
		if (is_symtab(&o->sections[k]))
			return true;
	return false;
}

static const uint8_t to_stv[4] = { STV_DEFAULT, STV_PROTECTED, STV_INTERNAL, STV_HIDDEN };

static int read_table(ls_bytes b, uint64_t base, int (*fn)(void *, const ls_lto_sym *),
		      void *arg, ls_diag *d)
{
	uint64_t off = 0;

	while (off < b.size) {
		uint64_t at = off;
		const char *name, *key;
		size_t nl, kl;
		if (!ls_cstr(b, off, &name, &nl))
			return ls_fail(d, base + at, "GCC LTO symbol table: name not terminated");
		ls_lto_sym s = { .name = name, .name_len = nl };
		off += nl + 1;
		if (!ls_cstr(b, off, &key, &kl))
			return ls_fail(d, base + at, "GCC LTO symbol table: comdat key not terminated");
		off += kl + 1;
		uint8_t kind, vis;
		if (!ls_u8(b, off, &kind) || !ls_u8(b, off + 1, &vis) || b.size - off < 14)
			return ls_fail(d, base + at, "GCC LTO symbol table: truncated entry");
		if (kind > LS_LTO_COMMON || vis > 3)
			return ls_fail(d, base + off, "GCC LTO symbol table: bad symbol kind %u or "
				       "visibility %u", kind, vis);
		s.kind = kind;
		s.visibility = to_stv[vis];
		/* The size is in the compiler's byte order: only a common
		 * symbol's is used, and only to compare. */
		memcpy(&s.size, ls_ptr(b, off + 2), 8);
		off += 14;
		if (!s.name_len)
			continue;
		int rc = fn(arg, &s);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ls_gcc_lto_symbols(const ls_object *o, int (*fn)(void *arg, const ls_lto_sym *s),
		       void *arg, ls_diag *d)
{
	for (uint32_t k = 1; k < o->shnum; k++) {
		const ls_section *sec = &o->sections[k];
		ls_bytes b;

		if (!is_symtab(sec) || sec->type == SHT_NOBITS)
			continue;
		if (!ls_sub(o->file, sec->offset, sec->size, &b))
			return ls_fail(d, sec->offset, "GCC LTO symbol table %s: beyond the end "
				       "of the file", sec->name);
		int rc = read_table(b, sec->offset, fn, arg, d);
		if (rc < 0)
			return rc;
	}
	return 0;
}
