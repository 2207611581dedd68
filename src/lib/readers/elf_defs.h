/*
 * elf_defs.h - ELF constants.
 *
 * The numbers come from the system's <elf.h> (they are the gABI's and the
 * psABIs'); only the constants older C libraries lack are defined here.
 * Nothing in <elf.h> is used to read bytes: structs are decoded by hand
 * through core/bytes.h so that class and byte order never matter.
 */
#ifndef LS_ELF_DEFS_H
#define LS_ELF_DEFS_H

#include <elf.h>

#ifndef STB_GNU_UNIQUE
#define STB_GNU_UNIQUE 10
#endif
#ifndef STT_GNU_IFUNC
#define STT_GNU_IFUNC 10
#endif
#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif
#ifndef SHF_GNU_RETAIN
#define SHF_GNU_RETAIN (1u << 21)
#endif
#ifndef SHN_X86_64_LCOMMON
#define SHN_X86_64_LCOMMON 0xff02
#endif
#ifndef SHN_MIPS_ACOMMON
#define SHN_MIPS_ACOMMON 0xff00
#endif
#ifndef SHN_MIPS_SCOMMON
#define SHN_MIPS_SCOMMON 0xff03
#endif
#ifndef SHN_MIPS_SUNDEFINED
#define SHN_MIPS_SUNDEFINED 0xff04
#endif

#endif
