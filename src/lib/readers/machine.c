/*
 * machine.c - names of ELF machines, as people and JSON consumers see them.
 */
#include "../model/object.h"
#include "elf_defs.h"

const char *ls_machine_name(uint16_t m)
{
	switch (m) {
	case EM_X86_64:		return "x86-64";
	case EM_386:		return "i386";
	case EM_AARCH64:	return "aarch64";
	case EM_ARM:		return "arm";
	case EM_RISCV:		return "riscv";
	case EM_PPC64:		return "ppc64";
	case EM_PPC:		return "ppc";
	case EM_S390:		return "s390";
	case EM_MIPS:		return "mips";
	case EM_MIPS_RS3_LE:	return "mips";
	case EM_SPARC:		return "sparc";
	case EM_SPARCV9:	return "sparcv9";
	case EM_IA_64:		return "ia64";
	case EM_LOONGARCH:	return "loongarch";
	case EM_68K:		return "m68k";
	case EM_SH:		return "sh";
	case EM_ALPHA:		return "alpha";
	case EM_PARISC:		return "hppa";
	case EM_NONE:		return "none";
	default:		return "unknown";
	}
}
