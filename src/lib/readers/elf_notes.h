/*
 * elf_notes.h - what an object's GNU notes say, decoded once: the build
 * ID, the ABI tag, and the program properties the loader and kernel act
 * on (x86 CET and ISA level, AArch64 BTI and PAC).  `check` judges them
 * (analysis/hardening.c); the bytes are read only here.
 */
#ifndef LS_ELF_NOTES_H
#define LS_ELF_NOTES_H

#include "../model/object.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ls_gnu_notes {
	ls_bytes build_id;	/* NT_GNU_BUILD_ID's descriptor, empty when none */
	bool has_abi_tag;	/* NT_GNU_ABI_TAG with its four words */
	uint32_t abi_os, abi_major, abi_minor, abi_sub;
	/* NT_GNU_PROPERTY_TYPE_0, for the object's machine; a later note
	 * overrides an earlier one, as for the values below. */
	bool has_x86_feature;	/* GNU_PROPERTY_X86_FEATURE_1_AND */
	uint32_t x86_feature;
	uint32_t x86_isa_needed;	/* GNU_PROPERTY_X86_ISA_1_NEEDED bits */
	bool has_aarch64_feature;	/* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
	uint32_t aarch64_feature;
} ls_gnu_notes;

/* Reads the SHT_NOTE sections when there are section headers, else the
 * PT_NOTE segments.  0, or -1 with d filled (a note or property outside
 * its section). */
int ls_gnu_notes_read(const ls_object *obj, ls_gnu_notes *out, ls_diag *d);

#endif
