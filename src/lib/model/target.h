/*
 * target.h - the Linux targets linkscope knows, in one table.
 *
 * A target is named three ways: by its GNU triple (a cross linker's or
 * driver's name, "Target:" of gcc -###), by the ELF identification of its
 * objects (e_machine, class, ARM float ABI: how the loader simulation
 * picks its loader), and by ld's emulation names (-m).  The link
 * simulation reads the triple, multiarch and emulation columns and gcc
 * 12's link spec; the loader simulation reads the loader columns.  One
 * row per target, so both agree on what, say, "i386-linux-gnu" means.
 */
#ifndef LS_TARGET_H
#define LS_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_target_info {
	const char *triple;	/* GNU triple of Debian's cross packages */
	const char *multiarch;	/* its library directory name */
	const char *emul;	/* its ld's default emulation (ld -V) */

	/* The loader (glibc's and musl's); interp NULL: the loader
	 * simulation does not know the target. */
	uint16_t machine;	/* e_machine */
	uint8_t elfclass;	/* ELFCLASS32/64; 0: any */
	int8_t hard_float;	/* ARM: 1 hard-float, 0 soft-float, -1 n/a */
	const char *interp;	/* glibc's PT_INTERP (also gcc's -dynamic-linker) */
	const char *musl_interp;
	const char *platform;	/* $PLATFORM */
	const char *musl_arch;	/* "x86_64" of ld-musl-x86_64.path */
	int32_t cache_flags;	/* ld.so.cache flags; -1: any */
	const char *lib64;	/* upstream slibdir when no loader is found */

	/* gcc 12's link spec, as built by Debian; gcc_model false: the
	 * driver is not modelled (linkers only). */
	bool gcc_model;
	bool verified;		/* compared with an installed driver's -### */
	const char *osdir;	/* gcc's multilib OS directory ("." or "../lib") */
	const char *extra;	/* spec options that do not change resolution */
	const char *static_opt;	/* what -static becomes */
	bool static_pie;	/* the spec turns -static-pie into -static -pie */
	bool pthread_atomic;	/* riscv: -pthread also links libatomic, and
				 * libgomp.spec adds -lpthread when static */
} ls_target_info;

/* An ld emulation: the ELF target -m NAME links for. */
typedef struct ls_emulation {
	const char *name;
	uint16_t machine;
	uint8_t elfclass, order;	/* ELFCLASS32/64; LS_LE / LS_BE */
} ls_emulation;

/* The target of a triple, in any spelling ls_target_norm_triple knows;
 * NULL when none. */
const ls_target_info *ls_target_info_by_triple(const char *triple);

/* The target the loader simulation uses for an object: by e_machine,
 * class and (ARM) e_flags' float ABI.  NULL when none. */
const ls_target_info *ls_target_info_by_elf(uint16_t machine, uint8_t elfclass,
					    uint32_t eflags);

/* -m NAME; NULL when unknown. */
const ls_emulation *ls_emulation_find(const char *name);

/* "x86_64-pc-linux-gnu" -> "x86_64-linux-gnu", "i586-..." -> "i686-...". */
void ls_target_norm_triple(const char *in, char *out, size_t size);

/* The triple linkscope was built for (its Debian ld's). */
const char *ls_target_host_triple(void);

#endif
