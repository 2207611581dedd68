/*
 * target.c - the targets linkscope knows; see target.h.
 *
 * Sources, column by column:
 *  - triple, multiarch: Debian 12's cross toolchain packages
 *    (binutils-TRIPLE, gcc-TRIPLE) and the multiarch tuples
 *    (https://wiki.debian.org/Multiarch/Tuples);
 *  - emul: the default emulation of each ld (`TRIPLE-ld -V`, first line);
 *  - the loader columns: glibc's sysdeps/unix/sysv/linux/<cpu>/ldconfig.h
 *    (interpreter names, ld.so.cache flags), dl-procinfo.h / _dl_platform
 *    ($PLATFORM as Debian's ld.so reports it) and musl's arch names;
 *  - the gcc columns: gcc 12's link spec for the target
 *    (gcc/config/<cpu>/linux*.h and gnu-user*.h as built by Debian,
 *    --enable-default-pie).  verified: the model was compared, option for
 *    option, with what the installed driver prints for -### (default,
 *    -static, -shared, -no-pie, -static-pie); the others follow gcc's specs
 *    and Debian's layout but no driver was there to check.
 * For the targets both simulations know, gcc's -dynamic-linker and
 * glibc's PT_INTERP are the same file: one column.
 */
#include "target.h"

#include "../core/bytes.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <string.h>

#ifndef EF_ARM_ABI_FLOAT_HARD
#define EF_ARM_ABI_FLOAT_HARD 0x400
#endif

static const ls_target_info targets[] = {
	{ .triple = "x86_64-linux-gnu", .multiarch = "x86_64-linux-gnu",
	  .emul = "elf_x86_64",
	  .machine = EM_X86_64, .elfclass = ELFCLASS64, .hard_float = -1,
	  .interp = "/lib64/ld-linux-x86-64.so.2",
	  .musl_interp = "/lib/ld-musl-x86_64.so.1",
	  .platform = "x86_64", .musl_arch = "x86_64",
	  .cache_flags = 0x303, .lib64 = "lib64",
	  .gcc_model = true, .verified = true, .osdir = "../lib",
	  .extra = "", .static_opt = "-static",
	  .static_pie = true, .pthread_atomic = false },
	{ .triple = "aarch64-linux-gnu", .multiarch = "aarch64-linux-gnu",
	  .emul = "aarch64linux",
	  .machine = EM_AARCH64, .elfclass = 0, .hard_float = -1,
	  .interp = "/lib/ld-linux-aarch64.so.1",
	  .musl_interp = "/lib/ld-musl-aarch64.so.1",
	  .platform = "aarch64", .musl_arch = "aarch64",
	  .cache_flags = 0xa03, .lib64 = "lib64",
	  .gcc_model = true, .verified = true, .osdir = "../lib",
	  .extra = "-X -EL --fix-cortex-a53-843419", .static_opt = "-Bstatic",
	  .static_pie = true, .pthread_atomic = false },
	{ .triple = "arm-linux-gnueabihf", .multiarch = "arm-linux-gnueabihf",
	  .emul = "armelf_linux_eabi",
	  .machine = EM_ARM, .elfclass = 0, .hard_float = 1,
	  .interp = "/lib/ld-linux-armhf.so.3",
	  .musl_interp = "/lib/ld-musl-armhf.so.1",
	  .platform = "v7l", .musl_arch = "armhf",
	  .cache_flags = 0x903, .lib64 = "lib",
	  .gcc_model = true, .verified = true, .osdir = ".",
	  .extra = "-X", .static_opt = "-Bstatic",
	  .static_pie = false, .pthread_atomic = false },
	{ .triple = "riscv64-linux-gnu", .multiarch = "riscv64-linux-gnu",
	  .emul = "elf64lriscv",
	  .machine = EM_RISCV, .elfclass = ELFCLASS64, .hard_float = -1,
	  .interp = "/lib/ld-linux-riscv64-lp64d.so.1",
	  .musl_interp = "/lib/ld-musl-riscv64.so.1",
	  .platform = "riscv64", .musl_arch = "riscv64",
	  .cache_flags = 0x1003, .lib64 = "lib64/lp64d",
	  .gcc_model = true, .verified = true, .osdir = ".",
	  .extra = "", .static_opt = "-static",
	  .static_pie = false, .pthread_atomic = true },
	{ .triple = "i686-linux-gnu", .multiarch = "i386-linux-gnu",
	  .emul = "elf_i386",
	  .machine = EM_386, .elfclass = 0, .hard_float = -1,
	  .interp = "/lib/ld-linux.so.2",
	  .musl_interp = "/lib/ld-musl-i386.so.1",
	  .platform = "i686", .musl_arch = "i386",
	  .cache_flags = -1, .lib64 = "lib",
	  .gcc_model = true, .verified = false, .osdir = "../lib",
	  .extra = "", .static_opt = "-static",
	  .static_pie = true, .pthread_atomic = false },
	{ .triple = "powerpc64le-linux-gnu", .multiarch = "powerpc64le-linux-gnu",
	  .emul = "elf64lppc",
	  .machine = EM_PPC64, .elfclass = 0, .hard_float = -1,
	  .interp = "/lib64/ld64.so.2",
	  .musl_interp = "/lib/ld-musl-powerpc64le.so.1",
	  .platform = "power9", .musl_arch = "powerpc64le",
	  .cache_flags = 0x503, .lib64 = "lib64",
	  .gcc_model = true, .verified = false, .osdir = ".",
	  .extra = "", .static_opt = "-static",
	  .static_pie = true, .pthread_atomic = false },
	{ .triple = "s390x-linux-gnu", .multiarch = "s390x-linux-gnu",
	  .emul = "elf64_s390",
	  .machine = EM_S390, .elfclass = ELFCLASS64, .hard_float = -1,
	  .interp = "/lib/ld64.so.1",
	  .musl_interp = "/lib/ld-musl-s390x.so.1",
	  .platform = "z13", .musl_arch = "s390x",
	  .cache_flags = 0x403, .lib64 = "lib64",
	  .gcc_model = true, .verified = false, .osdir = "../lib",
	  .extra = "", .static_opt = "-static",
	  .static_pie = true, .pthread_atomic = false },
	{ .triple = "arm-linux-gnueabi", .multiarch = "arm-linux-gnueabi",
	  .emul = "armelf_linux_eabi",
	  .machine = EM_ARM, .elfclass = 0, .hard_float = 0,
	  .interp = "/lib/ld-linux.so.3",
	  .musl_interp = "/lib/ld-musl-arm.so.1",
	  .platform = "v7l", .musl_arch = "arm",
	  .cache_flags = 0xb03, .lib64 = "lib",
	  .gcc_model = true, .verified = false, .osdir = ".",
	  .extra = "-X", .static_opt = "-Bstatic",
	  .static_pie = false, .pthread_atomic = false },
	{ .triple = "x86_64-linux-gnux32", .multiarch = "x86_64-linux-gnux32",
	  .emul = "elf32_x86_64",
	  .machine = EM_X86_64, .elfclass = ELFCLASS32, .hard_float = -1,
	  .interp = "/libx32/ld-linux-x32.so.2",
	  .musl_interp = "/lib/ld-musl-x32.so.1",
	  .platform = "x86_64", .musl_arch = "x32",
	  .cache_flags = 0x803, .lib64 = "libx32" },
	{ .triple = "loongarch64-linux-gnu", .multiarch = "loongarch64-linux-gnu",
	  .emul = "elf64loongarch",
	  .machine = EM_LOONGARCH, .elfclass = 0, .hard_float = -1,
	  .interp = "/lib64/ld-linux-loongarch-lp64d.so.1",
	  .musl_interp = "/lib/ld-musl-loongarch64.so.1",
	  .platform = "loongarch", .musl_arch = "loongarch64",
	  .cache_flags = 0x1203, .lib64 = "lib64" },
	{ .triple = "powerpc-linux-gnu", .multiarch = "powerpc-linux-gnu",
	  .emul = "elf32ppclinux",
	  .machine = EM_PPC, .elfclass = 0, .hard_float = -1,
	  .interp = "/lib/ld.so.1",
	  .musl_interp = "/lib/ld-musl-powerpc.so.1",
	  .platform = "ppc", .musl_arch = "powerpc",
	  .cache_flags = -1, .lib64 = "lib" },
	/* Linkers only. */
	{ .triple = "mips-linux-gnu", .multiarch = "mips-linux-gnu",
	  .emul = "elf32btsmip",
	  .hard_float = -1, .cache_flags = -1 },
	{ .triple = "mipsel-linux-gnu", .multiarch = "mipsel-linux-gnu",
	  .emul = "elf32ltsmip",
	  .hard_float = -1, .cache_flags = -1 },
	{ .triple = "mips64el-linux-gnuabi64", .multiarch = "mips64el-linux-gnuabi64",
	  .emul = "elf64ltsmip",
	  .hard_float = -1, .cache_flags = -1 },
	{ .triple = "powerpc64-linux-gnu", .multiarch = "powerpc64-linux-gnu",
	  .emul = "elf64ppc",
	  .hard_float = -1, .cache_flags = -1 },
	{ .triple = "sparc64-linux-gnu", .multiarch = "sparc64-linux-gnu",
	  .emul = "elf64_sparc",
	  .hard_float = -1, .cache_flags = -1 },
};

/* Emulation names: `ld -V` of binutils 2.40 for each Debian cross target,
 * and lld's parseEmulation (lld/ELF/Driver.cpp). */
static const ls_emulation emuls[] = {
	{ "elf_x86_64", EM_X86_64, 2, LS_LE },
	{ "elf32_x86_64", EM_X86_64, 1, LS_LE },
	{ "elf_i386", EM_386, 1, LS_LE },
	{ "elf_iamcu", EM_IAMCU, 1, LS_LE },
	{ "aarch64linux", EM_AARCH64, 2, LS_LE },
	{ "aarch64elf", EM_AARCH64, 2, LS_LE },
	{ "aarch64linuxb", EM_AARCH64, 2, LS_BE },
	{ "aarch64elfb", EM_AARCH64, 2, LS_BE },
	{ "aarch64linux32", EM_AARCH64, 1, LS_LE },
	{ "aarch64linux32b", EM_AARCH64, 1, LS_BE },
	{ "aarch64elf32", EM_AARCH64, 1, LS_LE },
	{ "aarch64elf32b", EM_AARCH64, 1, LS_BE },
	{ "armelf_linux_eabi", EM_ARM, 1, LS_LE },
	{ "armelfb_linux_eabi", EM_ARM, 1, LS_BE },
	{ "armelf_linux", EM_ARM, 1, LS_LE },
	{ "armelfb_linux", EM_ARM, 1, LS_BE },
	{ "armelf", EM_ARM, 1, LS_LE },
	{ "armelfb", EM_ARM, 1, LS_BE },
	{ "elf64lriscv", EM_RISCV, 2, LS_LE },
	{ "elf64lriscv_lp64f", EM_RISCV, 2, LS_LE },
	{ "elf64lriscv_lp64", EM_RISCV, 2, LS_LE },
	{ "elf32lriscv", EM_RISCV, 1, LS_LE },
	{ "elf32lriscv_ilp32f", EM_RISCV, 1, LS_LE },
	{ "elf32lriscv_ilp32", EM_RISCV, 1, LS_LE },
	{ "elf64briscv", EM_RISCV, 2, LS_BE },
	{ "elf64briscv_lp64f", EM_RISCV, 2, LS_BE },
	{ "elf64briscv_lp64", EM_RISCV, 2, LS_BE },
	{ "elf32briscv", EM_RISCV, 1, LS_BE },
	{ "elf32briscv_ilp32f", EM_RISCV, 1, LS_BE },
	{ "elf32briscv_ilp32", EM_RISCV, 1, LS_BE },
	{ "elf64lppc", EM_PPC64, 2, LS_LE },
	{ "elf64ppc", EM_PPC64, 2, LS_BE },
	{ "elf32lppc", EM_PPC, 1, LS_LE },
	{ "elf32lppclinux", EM_PPC, 1, LS_LE },
	{ "elf32lppcsim", EM_PPC, 1, LS_LE },
	{ "elf32ppc", EM_PPC, 1, LS_BE },
	{ "elf32ppclinux", EM_PPC, 1, LS_BE },
	{ "elf32ppcsim", EM_PPC, 1, LS_BE },
	{ "elf64_s390", EM_S390, 2, LS_BE },
	{ "elf_s390", EM_S390, 1, LS_BE },
	{ "elf32btsmip", EM_MIPS, 1, LS_BE },
	{ "elf32ltsmip", EM_MIPS, 1, LS_LE },
	{ "elf32btsmipn32", EM_MIPS, 1, LS_BE },
	{ "elf32ltsmipn32", EM_MIPS, 1, LS_LE },
	{ "elf64btsmip", EM_MIPS, 2, LS_BE },
	{ "elf64ltsmip", EM_MIPS, 2, LS_LE },
	{ "elf64loongarch", EM_LOONGARCH, 2, LS_LE },
	{ "elf32loongarch", EM_LOONGARCH, 1, LS_LE },
	{ "elf64_sparc", EM_SPARCV9, 2, LS_BE },
	{ "elf32_sparc", EM_SPARC, 1, LS_BE },
	{ "m68kelf", EM_68K, 1, LS_BE },
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/*
 * "x86_64-pc-linux-gnu" (clang's spelling) and "i586-linux-gnu" name the
 * Debian targets above: the vendor field and the i?86 variant go.
 */
void ls_target_norm_triple(const char *in, char *out, size_t size)
{
	const char *dash = strchr(in, '-');

	snprintf(out, size, "%s", in);
	if (dash && (!strncmp(dash, "-pc-", 4) || !strncmp(dash, "-unknown-", 9))) {
		const char *rest = strchr(dash + 1, '-');
		snprintf(out, size, "%.*s%s", (int)(dash - in), in, rest);
	}
	if (out[0] == 'i' && strchr("3456", out[1]) && !strncmp(out + 2, "86-", 3))
		out[1] = '6';
}

const ls_target_info *ls_target_info_by_triple(const char *triple)
{
	char t[128];

	ls_target_norm_triple(triple, t, sizeof t);
	for (size_t i = 0; i < COUNT(targets); i++)
		if (!strcmp(targets[i].triple, t))
			return &targets[i];
	return NULL;
}

const ls_target_info *ls_target_info_by_elf(uint16_t machine, uint8_t elfclass,
					    uint32_t eflags)
{
	int hf = (eflags & EF_ARM_ABI_FLOAT_HARD) != 0;

	for (size_t i = 0; i < COUNT(targets); i++) {
		const ls_target_info *a = &targets[i];

		if (!a->interp || a->machine != machine)
			continue;
		if (a->elfclass && a->elfclass != elfclass)
			continue;
		if (a->hard_float >= 0 && a->hard_float != hf)
			continue;
		return a;
	}
	return NULL;
}

const ls_emulation *ls_emulation_find(const char *name)
{
	for (size_t i = 0; i < COUNT(emuls); i++)
		if (!strcmp(emuls[i].name, name))
			return &emuls[i];
	return NULL;
}

const char *ls_target_host_triple(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
	return "x86_64-linux-gnux32";
#elif defined(__x86_64__)
	return "x86_64-linux-gnu";
#elif defined(__i386__)
	return "i686-linux-gnu";
#elif defined(__aarch64__)
	return "aarch64-linux-gnu";
#elif defined(__arm__)
	return "arm-linux-gnueabihf";
#elif defined(__riscv) && __riscv_xlen == 64
	return "riscv64-linux-gnu";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return "powerpc64le-linux-gnu";
#elif defined(__s390x__)
	return "s390x-linux-gnu";
#else
	return "x86_64-linux-gnu";
#endif
}
