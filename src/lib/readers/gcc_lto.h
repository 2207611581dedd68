/*
 * gcc_lto.h - the symbol table of a GCC LTO object: the names a slim
 * -flto object defines and needs, which its ELF symbol table does not
 * carry (it holds only __gnu_lto_slim).
 *
 * The table is the .gnu.lto_.symtab.<id> sections that GCC writes
 * (gcc/lto-streamer-out.cc write_symbol) and its linker plugin reads
 * (lto-plugin/lto-plugin.c parse_table_entry): entries back to back, each
 *   name NUL, comdat key NUL, kind (u8: 0 def, 1 weak def, 2 undef,
 *   3 weak undef, 4 common), visibility (u8: 0 default, 1 protected,
 *   2 internal, 3 hidden), size (u64, the compiler's byte order), slot
 *   (u32).
 * The section is hostile input: it is read through core/bytes.h, every
 * field is checked, and a bad entry is an error naming its offset.
 */
#ifndef LS_GCC_LTO_H
#define LS_GCC_LTO_H

#include "../core/diag.h"
#include "../model/object.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ls_lto_kind { LS_LTO_DEF, LS_LTO_WEAKDEF, LS_LTO_UNDEF, LS_LTO_WEAKUNDEF, LS_LTO_COMMON };

typedef struct ls_lto_sym {
	const char *name;	/* NUL-terminated inside the section */
	size_t name_len;
	uint8_t kind;		/* enum ls_lto_kind */
	uint8_t visibility;	/* as STV_*: DEFAULT, PROTECTED, INTERNAL, HIDDEN */
	uint64_t size;		/* of a common symbol */
} ls_lto_sym;

/* Whether o has a GCC LTO symbol table. */
bool ls_gcc_lto_has_symtab(const ls_object *o);

/*
 * Calls fn for each entry of every .gnu.lto_.symtab section of o, in order;
 * fn returns 0 to go on, < 0 to stop (returned as is).  Returns 0, or -1
 * with d naming the offset in the file of a malformed entry.
 */
int ls_gcc_lto_symbols(const ls_object *o, int (*fn)(void *arg, const ls_lto_sym *s),
		       void *arg, ls_diag *d);

#endif
