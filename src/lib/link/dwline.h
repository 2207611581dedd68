/*
 * dwline.h - source file:line for a place in a relocatable object, and the
 * declaration line of a data symbol, from its DWARF (libdw).
 *
 * Used only for the sites a link report names (duplicate definitions,
 * undefined references), so it is opened lazily, once per object, and
 * never on the fast path of symbol resolution.  An object without debug
 * information gives no answer, never an error.  DWARF in an ET_REL file
 * needs its own relocations applied (DWARF 5 .debug_line points into
 * .debug_line_str through them); that is done here on a private copy.
 */
#ifndef LS_DWLINE_H
#define LS_DWLINE_H

#include "../model/object.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ls_dwline ls_dwline;

/* NULL when obj has no usable line table (no .debug_line, or libdw
 * refused it); never fails otherwise. */
ls_dwline *ls_dwline_open(const ls_object *obj);

/* The line-table row covering offset in section shndx of the object.
 * *file is the file name as recorded (directory joined as lld prints it:
 * the DW_AT_name-relative path when the CU's comp_dir prefixes it, else
 * absolute); it lives until ls_dwline_close. */
bool ls_dwline_at(ls_dwline *dw, uint32_t shndx, uint64_t offset,
		  const char **file, unsigned *line);

/* DW_AT_decl_file / DW_AT_decl_line of the variable or function DIE named
 * name (its linkage name for C++), for data symbols with no line row. */
bool ls_dwline_decl(ls_dwline *dw, const char *name, const char **file,
		    unsigned *line);

/* Added: the same, for DW_TAG_variable DIEs only.  This is exactly lld's
 * variable index (getVariableLoc), which lld consults for any symbol whose
 * place has no line row (a data definition, a reference from a data
 * section, an undefined symbol); a function never matches there, so a
 * function symbol without a row (ppc64 ELFv1 .opd) gets only the STT_FILE
 * name from lld.  ls_dwline_decl prefers a variable over a function of
 * the same name. */
bool ls_dwline_var_decl(ls_dwline *dw, const char *name, const char **file,
			unsigned *line);

void ls_dwline_close(ls_dwline *dw);

#endif
