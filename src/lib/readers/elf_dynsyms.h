/*
 * elf_dynsyms.h - private to the ELF reader: the dynamic symbol and
 * version tables of a file without section headers, found through its
 * dynamic tags (elf_dynsyms.c).  elf_reader.c calls it; it calls only the
 * version parser below both (elf_versions.h).
 */
#ifndef LS_ELF_DYNSYMS_H
#define LS_ELF_DYNSYMS_H

#include "../model/object.h"

#define LS_SYM32_SIZE 16
#define LS_SYM64_SIZE 24

/* For a file without section headers: o->dynsym, o->versym and the
 * versions from the dynamic tags.  Absent tags leave them empty (0). */
int ls_elf_dynsyms(ls_object *o, ls_diag *d);

#endif
