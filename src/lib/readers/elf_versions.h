/*
 * elf_versions.h - private to the ELF reader: the version-table parser
 * that elf_reader.c (tables found by section headers) and elf_dynsyms.c
 * (tables found by dynamic tags, for files without section headers) share.
 * The lower layer of the two: it includes neither.
 */
#ifndef LS_ELF_VERSIONS_H
#define LS_ELF_VERSIONS_H

#include "../model/object.h"

/* One .gnu.version_d / .gnu.version_r table, however it was found. */
typedef struct ls_vertab {
	ls_bytes b;		/* the entries (may run past the last one) */
	ls_bytes str;		/* the string table their names index */
	uint64_t count;		/* sh_info / DT_VER*NUM; 0: the chain decides */
	uint64_t off;		/* where b starts in the object */
	uint64_t count_off;	/* absolute offset blamed for a bad count */
} ls_vertab;

/* Reads every Verdef (vd) and Vernaux (vn; either may be NULL) into
 * o->versions, sorted by index.  Returns 0, or -1 with d filled. */
int ls_elf_versions(ls_object *o, const ls_vertab *vd, const ls_vertab *vn,
		    ls_diag *d);

#endif
