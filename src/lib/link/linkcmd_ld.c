/*
 * linkcmd_ld.c - a linker's command line, read as the linker reads it:
 * GNU ld's lexsup.c (getopt_long_only: long options with one dash or two,
 * "--opt=val" or "--opt val", joined or separate short values), with
 * where gold, lld and mold differ (groups, -z, -L=DIR, what each refuses).
 * The positional state (-Bstatic, --whole-archive, --as-needed,
 * --push-state, --start-lib) is recorded on every input; after the last
 * argument the sysroot, the target and GNU ld's built-in search
 * directories are decided.  The option table is linkcmd_ldopts.c.
 */
#include "linkcmd_impl.h"

#include "../core/array.h"
#include "../core/bytes.h"
#include "../model/target.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_STATES 1024			/* --push-state depth */

typedef struct search_entry {
	const char *triple, *emul, *dirs;
} search_entry;

/*
 * GNU ld's built-in library directories: `TRIPLE-ld -m EMUL --verbose |
 * grep SEARCH_DIR` for every ELF emulation of binutils 2.40 on Debian 12
 * (amd64: binutils and binutils-{aarch64,arm,i686,mips,powerpc64le,
 * riscv64,s390x}-linux-gnu*).  Every one is "=DIR", relative to the
 * sysroot; the "=" is left out here.  The directories depend on the ld
 * binary (its triple) and on the emulation, not on the host.
 */
static const search_entry search_dirs[] = {
	{ "x86_64-linux-gnu", "elf_x86_64",
	  "/usr/local/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu "
	  "/usr/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu64 "
	  "/usr/local/lib64 /lib64 /usr/lib64 /usr/local/lib /lib "
	  "/usr/lib /usr/x86_64-linux-gnu/lib64 "
	  "/usr/x86_64-linux-gnu/lib" },
	{ "x86_64-linux-gnu", "elf32_x86_64",
	  "/usr/local/lib/x86_64-linux-gnux32 /lib/x86_64-linux-gnux32 "
	  "/usr/lib/x86_64-linux-gnux32 /usr/local/lib/i386-linux-gnu "
	  "/lib/i386-linux-gnu /usr/lib/i386-linux-gnu "
	  "/usr/local/libx32 /libx32 /usr/libx32 "
	  "/usr/lib/x86_64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/x86_64-linux-gnu/libx32 /usr/x86_64-linux-gnu/lib" },
	{ "x86_64-linux-gnu", "elf_i386",
	  "/usr/local/lib/i386-linux-gnu /lib/i386-linux-gnu "
	  "/usr/lib/i386-linux-gnu /usr/lib/x86_64-linux-gnu32 "
	  "/usr/local/lib32 /lib32 /usr/lib32 "
	  "/usr/lib/x86_64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/i386-linux-gnu/lib32 /usr/x86_64-linux-gnu/lib32 "
	  "/usr/i386-linux-gnu/lib" },
	{ "x86_64-linux-gnu", "elf_iamcu",
	  "/usr/local/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu "
	  "/usr/lib/x86_64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/x86_64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64linux",
	  "/usr/local/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu "
	  "/usr/lib/aarch64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64elf",
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64elf32",
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64elf32b",
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64elfb",
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "armelf",
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "armelfb",
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64linuxb",
	  "/usr/local/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu "
	  "/usr/lib/aarch64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64linux32",
	  "/usr/local/lib/aarch64_ilp32-linux-gnu "
	  "/lib/aarch64_ilp32-linux-gnu "
	  "/usr/lib/aarch64_ilp32-linux-gnu "
	  "/usr/local/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu "
	  "/usr/lib/aarch64-linux-gnu /usr/local/libilp32 /libilp32 "
	  "/usr/libilp32 /usr/local/lib /lib /usr/lib "
	  "/usr/aarch64-linux-gnu/libilp32 /usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "aarch64linux32b",
	  "/usr/local/lib/aarch64_ilp32-linux-gnu "
	  "/lib/aarch64_ilp32-linux-gnu "
	  "/usr/lib/aarch64_ilp32-linux-gnu "
	  "/usr/local/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu "
	  "/usr/lib/aarch64-linux-gnu /usr/local/libilp32 /libilp32 "
	  "/usr/libilp32 /usr/local/lib /lib /usr/lib "
	  "/usr/aarch64-linux-gnu/libilp32 /usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "armelfb_linux_eabi",
	  "/usr/local/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu "
	  "/usr/lib/aarch64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/aarch64-linux-gnu/lib" },
	{ "aarch64-linux-gnu", "armelf_linux_eabi",
	  "/usr/local/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu "
	  "/usr/lib/aarch64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/aarch64-linux-gnu/lib" },
	{ "arm-linux-gnueabihf", "armelf_linux_eabi",
	  "/usr/local/lib/arm-linux-gnueabihf /lib/arm-linux-gnueabihf "
	  "/usr/lib/arm-linux-gnueabihf /usr/local/lib /lib /usr/lib "
	  "/usr/arm-linux-gnueabihf/lib" },
	{ "arm-linux-gnueabihf", "armelfb_linux_eabi",
	  "/usr/local/lib/arm-linux-gnueabihf /lib/arm-linux-gnueabihf "
	  "/usr/lib/arm-linux-gnueabihf /usr/local/lib /lib /usr/lib "
	  "/usr/arm-linux-gnueabihf/lib" },
	{ "i686-linux-gnu", "elf_i386",
	  "/usr/local/lib/i386-linux-gnu /lib/i386-linux-gnu "
	  "/usr/lib/i386-linux-gnu /usr/local/lib32 /lib32 /usr/lib32 "
	  "/usr/local/lib /lib /usr/lib /usr/i686-linux-gnu/lib32 "
	  "/usr/i686-linux-gnu/lib" },
	{ "i686-linux-gnu", "elf_iamcu",
	  "/usr/local/lib/i386-linux-gnu /lib/i386-linux-gnu "
	  "/usr/lib/i386-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/i686-linux-gnu/lib" },
	{ "i686-linux-gnu", "elf_x86_64",
	  "/usr/local/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu "
	  "/usr/lib/x86_64-linux-gnu /usr/local/lib64 /lib64 "
	  "/usr/lib64 /usr/local/lib /lib /usr/lib "
	  "/usr/i686-linux-gnu/lib64 /usr/i686-linux-gnu/lib" },
	{ "i686-linux-gnu", "elf32_x86_64",
	  "/usr/local/lib/x86_64-linux-gnux32 /lib/x86_64-linux-gnux32 "
	  "/usr/lib/x86_64-linux-gnux32 "
	  "/usr/local/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu "
	  "/usr/lib/x86_64-linux-gnu /usr/local/libx32 /libx32 "
	  "/usr/libx32 /usr/local/lib /lib /usr/lib "
	  "/usr/i686-linux-gnu/libx32 /usr/i686-linux-gnu/lib" },
	{ "mips-linux-gnu", "elf32btsmip",
	  "/usr/local/lib/mips-linux-gnu /lib/mips-linux-gnu "
	  "/usr/lib/mips-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/mips-linux-gnu/lib" },
	{ "mips-linux-gnu", "elf32ltsmip",
	  "/usr/local/lib/mips-linux-gnu /lib/mips-linux-gnu "
	  "/usr/lib/mips-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/mips-linux-gnu/lib" },
	{ "mips-linux-gnu", "elf32btsmipn32",
	  "/usr/local/lib/mips-linux-gnu /lib/mips-linux-gnu "
	  "/usr/lib/mips-linux-gnu /usr/local/lib32 /lib32 /usr/lib32 "
	  "/usr/local/lib /lib /usr/lib /usr/mips-linux-gnu/lib32 "
	  "/usr/mips-linux-gnu/lib" },
	{ "mips-linux-gnu", "elf64btsmip",
	  "/usr/local/lib/mips64-linux-gnuabi64 "
	  "/lib/mips64-linux-gnuabi64 /usr/lib/mips64-linux-gnuabi64 "
	  "/usr/local/lib64 /lib64 /usr/lib64 /usr/local/lib /lib "
	  "/usr/lib /usr/mips-linux-gnu/lib64 /usr/mips-linux-gnu/lib" },
	{ "mips-linux-gnu", "elf32ltsmipn32",
	  "/usr/local/lib/mips-linux-gnu /lib/mips-linux-gnu "
	  "/usr/lib/mips-linux-gnu /usr/local/lib32 /lib32 /usr/lib32 "
	  "/usr/local/lib /lib /usr/lib /usr/mips-linux-gnu/lib32 "
	  "/usr/mips-linux-gnu/lib" },
	{ "mips-linux-gnu", "elf64ltsmip",
	  "/usr/local/lib/mips64-linux-gnuabi64 "
	  "/lib/mips64-linux-gnuabi64 /usr/lib/mips64-linux-gnuabi64 "
	  "/usr/local/lib64 /lib64 /usr/lib64 /usr/local/lib /lib "
	  "/usr/lib /usr/mips-linux-gnu/lib64 /usr/mips-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf64lppc",
	  "/usr/local/lib/powerpc64le-linux-gnu "
	  "/lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu "
	  "/usr/local/lib64 /lib64 /usr/lib64 /usr/local/lib /lib "
	  "/usr/lib /usr/powerpc64le-linux-gnu/lib64 "
	  "/usr/powerpc64le-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf32lppc",
	  "/usr/local/lib/powerpc64le-linux-gnu "
	  "/lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu "
	  "/usr/local/lib32 /lib32 /usr/lib32 /usr/local/lib /lib "
	  "/usr/lib /usr/powerpcle-linux-gnu/lib32 "
	  "/usr/powerpcle-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf32lppclinux",
	  "/usr/local/lib/powerpc64le-linux-gnu "
	  "/lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu "
	  "/usr/local/lib32 /lib32 /usr/lib32 /usr/local/lib /lib "
	  "/usr/lib /usr/powerpcle-linux-gnu/lib32 "
	  "/usr/powerpcle-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf32lppcsim",
	  "/usr/powerpcle-linux-gnu/lib32 /usr/powerpcle-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf64ppc",
	  "/usr/local/lib/powerpc64le-linux-gnu "
	  "/lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu "
	  "/usr/local/lib64be /lib64be /usr/lib64be /usr/local/lib "
	  "/lib /usr/lib /usr/powerpc64-linux-gnu/lib64be "
	  "/usr/powerpc64-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf32ppc",
	  "/usr/local/lib/powerpc64le-linux-gnu "
	  "/lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu "
	  "/usr/local/lib32be /lib32be /usr/lib32be /usr/local/lib "
	  "/lib /usr/lib /usr/powerpc-linux-gnu/lib32be "
	  "/usr/powerpc-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf32ppclinux",
	  "/usr/local/lib/powerpc64le-linux-gnu "
	  "/lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu "
	  "/usr/local/lib32be /lib32be /usr/lib32be /usr/local/lib "
	  "/lib /usr/lib /usr/powerpc-linux-gnu/lib32be "
	  "/usr/powerpc-linux-gnu/lib" },
	{ "powerpc64le-linux-gnu", "elf32ppcsim",
	  "/usr/powerpc-linux-gnu/lib32be /usr/powerpc-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf64lriscv",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib64/lp64d "
	  "/usr/local/lib64 /lib64/lp64d /lib64 /usr/lib64/lp64d "
	  "/usr/lib64 /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib64/lp64d "
	  "/usr/riscv64-linux-gnu/lib64 /usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf64lriscv_lp64f",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib64/lp64f "
	  "/usr/local/lib64 /lib64/lp64f /lib64 /usr/lib64/lp64f "
	  "/usr/lib64 /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib64/lp64f "
	  "/usr/riscv64-linux-gnu/lib64 /usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf64lriscv_lp64",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib64/lp64 "
	  "/usr/local/lib64 /lib64/lp64 /lib64 /usr/lib64/lp64 "
	  "/usr/lib64 /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib64/lp64 "
	  "/usr/riscv64-linux-gnu/lib64 /usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf32lriscv",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf32lriscv_ilp32f",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf32lriscv_ilp32",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf64briscv",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib64/lp64d "
	  "/usr/local/lib64 /lib64/lp64d /lib64 /usr/lib64/lp64d "
	  "/usr/lib64 /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib64/lp64d "
	  "/usr/riscv64-linux-gnu/lib64 /usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf64briscv_lp64f",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib64/lp64f "
	  "/usr/local/lib64 /lib64/lp64f /lib64 /usr/lib64/lp64f "
	  "/usr/lib64 /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib64/lp64f "
	  "/usr/riscv64-linux-gnu/lib64 /usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf64briscv_lp64",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib64/lp64 "
	  "/usr/local/lib64 /lib64/lp64 /lib64 /usr/lib64/lp64 "
	  "/usr/lib64 /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib64/lp64 "
	  "/usr/riscv64-linux-gnu/lib64 /usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf32briscv",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf32briscv_ilp32f",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib" },
	{ "riscv64-linux-gnu", "elf32briscv_ilp32",
	  "/usr/local/lib/riscv64-linux-gnu /lib/riscv64-linux-gnu "
	  "/usr/lib/riscv64-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/riscv64-linux-gnu/lib" },
	{ "s390x-linux-gnu", "elf64_s390",
	  "/usr/local/lib/s390x-linux-gnu /lib/s390x-linux-gnu "
	  "/usr/lib/s390x-linux-gnu /usr/local/lib64 /lib64 /usr/lib64 "
	  "/usr/local/lib /lib /usr/lib /usr/s390x-linux-gnu/lib64 "
	  "/usr/s390x-linux-gnu/lib" },
	{ "s390x-linux-gnu", "elf_s390",
	  "/usr/local/lib/s390x-linux-gnu /lib/s390x-linux-gnu "
	  "/usr/lib/s390x-linux-gnu /usr/local/lib /lib /usr/lib "
	  "/usr/s390-linux-gnu/lib" },
};

#include "ldopts_refused.h"

/* Records the option as the linker in use words its refusal and returns 1,
 * or 0 when it takes it in this spelling (bare or with a value, one dash
 * or two: the table is probed on the installed linkers), -1 out of
 * memory. */
static int refuse(ls_link_cmd *c, const char *name, size_t len, bool value,
		  bool one_dash, const char *arg)
{
	static const char *const fmt[] = {
		[LS_SEM_BFD] = "unrecognized option '%s'",
		[LS_SEM_GOLD] = "%s: unknown option",
		[LS_SEM_LLD] = "unknown argument '%s'",
		[LS_SEM_MOLD] = "unknown command line option: %s",
	};
	size_t n = sizeof ldopts_refused / sizeof ldopts_refused[0];

	for (size_t i = 0; i < n; i++) {
		const struct ldopt_refused *r = &ldopts_refused[i];
		if (strlen(r->name) != len || memcmp(r->name, name, len))
			continue;
		uint8_t mask = one_dash ? r->dash1 : value ? r->value : r->bare;
		if (!(mask & (1u << c->sem)))
			return 0;
		char *line = NULL;
		if (asprintf(&line, fmt[c->sem], arg) < 0)
			return -1;
		bool lld14 = one_dash && c->sem == LS_SEM_LLD;
		int rc = lld14 ? LC_ADD(c, refused_lld14, line) : LC_ADD(c, refused, line);
		free(line);
		return rc < 0 ? -1 : 1;
	}
	return 0;
}

typedef struct pstate {
	bool whole, as_needed, bstatic, lazy;
} pstate;

typedef struct ldparse {
	ls_link_cmd *cmd;
	ls_diag *d;
	char triple[128];
	pstate st;
	pstate *stack;
	size_t nstack;
	int groups;		/* open --start-group */
	int order;		/* -EL / -EB */
	bool nostdlib, saw_static, plugin_noted;
	ls_strvec rawdirs;		/* -L as written */
} ldparse;

static int add_arg(ldparse *p, int kind, const char *name)
{
	ls_link_cmd *c = p->cmd;
	ls_link_arg *a;

	if (c->nargs >= MAX_ARGS)
		return ls_fail_nooff(p->d, "more than %u inputs", MAX_ARGS);
	if (ls_array_reserve(&c->args, &c->cap.args, c->nargs + 1, sizeof *c->args) < 0)
		return lc_oom(p->d);
	a = &c->args[c->nargs];
	memset(a, 0, sizeof *a);
	if (!(a->name = strdup(name)))
		return lc_oom(p->d);
	a->kind = kind;
	a->whole_archive = p->st.whole;
	a->as_needed = p->st.as_needed;
	a->bstatic = p->st.bstatic;
	a->lazy = p->st.lazy;
	c->nargs++;
	return 0;
}

/* Groups, as each linker treats them (binutils 2.40 lexsup.c, gold
 * options.cc, lld Driver.cpp, mold cmdline.cc; checked on Debian 12):
 * bfd nests them (the outer one decides, so inner ones are dropped here),
 * the others refuse; mold ignores groups altogether. */
static int group_start(ldparse *p)
{
	int sem = p->cmd->sem;

	if (p->groups > 0) {
		if (sem == LS_SEM_GOLD)
			return ls_fail_nooff(p->d, "May not nest groups");
		if (sem == LS_SEM_LLD)
			return ls_fail_nooff(p->d, "nested --start-group");
		if (sem == LS_SEM_BFD)
			lc_note(p->cmd, "nested --start-group: folded into the outer group");
		if (p->groups >= MAX_STATES)
			return ls_fail_nooff(p->d, "groups nested more than %d deep",
					     MAX_STATES);
		p->groups++;
		return 0;
	}
	p->groups = 1;
	return add_arg(p, LS_ARG_GROUP_START, "--start-group");
}

static int group_end(ldparse *p)
{
	switch (p->groups ? -1 : p->cmd->sem) {
	case LS_SEM_BFD:
		return ls_fail_nooff(p->d, "group ended before it began");
	case LS_SEM_GOLD:
		return ls_fail_nooff(p->d, "Group end without group start");
	case LS_SEM_LLD:
		return ls_fail_nooff(p->d, "stray --end-group");
	case LS_SEM_MOLD:
		return 0;
	}
	if (--p->groups > 0)
		return 0;
	return add_arg(p, LS_ARG_GROUP_END, "--end-group");
}

static int pop_state(ldparse *p)
{
	if (p->nstack == 0) {
		int sem = p->cmd->sem;
		return ls_fail_nooff(p->d, "%s", sem == LS_SEM_GOLD || sem == LS_SEM_LLD
				     ? "unbalanced --push-state/--pop-state"
				     : "no state pushed before popping");
	}
	p->st = p->stack[--p->nstack];
	return 0;
}

static int push_state(ldparse *p)
{
	if (p->nstack >= MAX_STATES)
		return ls_fail_nooff(p->d, "--push-state nested more than %d deep",
				     MAX_STATES);
	if (!p->stack && !(p->stack = malloc(MAX_STATES * sizeof *p->stack)))
		return lc_oom(p->d);
	p->stack[p->nstack++] = p->st;
	return 0;
}

/* gold stops on a -z keyword it does not know: "KW: unknown -z option"
 * (the others warn).  1 when refused (recorded), 0, -1 out of memory. */
static int gold_refuses_z(ldparse *p, const char *kw, bool known)
{
	ls_link_cmd *c = p->cmd;
	bool refused = !known;

	if (c->sem != LS_SEM_GOLD)
		return 0;
	for (size_t i = 0; !refused && i < sizeof ldz_refused_gold / sizeof *ldz_refused_gold; i++) {
		const char *r = ldz_refused_gold[i];
		size_t n = strlen(r);
		bool prefix = r[n - 1] == '=' || r[n - 1] == '-';
		refused = prefix ? !strncmp(kw, r, n) : !strcmp(kw, r);
	}
	if (!refused)
		return 0;
	char *line = NULL;
	if (asprintf(&line, "%s: unknown -z option", kw) < 0)
		return -1;
	int rc = LC_ADD(c, refused, line);
	free(line);
	return rc < 0 ? -1 : 1;
}

static int do_z(ldparse *p, const char *kw)
{
	ls_link_cmd *c = p->cmd;
	int r = gold_refuses_z(p, kw, lc_z_is_known(kw));

	if (r)
		return r < 0 ? lc_oom(p->d) : 0;

	if (!strcmp(kw, "defs")) {
		c->no_undefined = true;
		c->z_undefs = false;
		return 0;
	}
	if (!strcmp(kw, "undefs")) {
		c->no_undefined = false;
		c->z_undefs = true;
		return 0;
	}
	if (!strcmp(kw, "muldefs")) {
		c->allow_muldefs = true;
		return 0;
	}
	if (!strcmp(kw, "start-stop-gc") || !strcmp(kw, "nostart-stop-gc")) {
		c->start_stop_gc = kw[0] == 's';
		return 0;
	}
	if (lc_z_is_known(kw))
		return 0;
	/* ld: "warning: -z foo ignored". */
	lc_note(c, "-z %s: unknown keyword, ignored", kw);
	return 0;
}

static int add_rpath(ldparse *p, char ***v, size_t *n, size_t *cap,
		     const char *val)
{
	/* A colon-separated list is several directories. */
	for (const char *s = val; *s; ) {
		size_t k = strcspn(s, ":");
		if (k && lc_list_addn(v, n, cap, s, k) < 0)
			return lc_oom(p->d);
		s += k;
		if (*s)
			s++;
	}
	return 0;
}

static int set_emulation(ldparse *p, const char *val)
{
	ls_link_cmd *c = p->cmd;
	const ls_emulation *e = ls_emulation_find(val);

	if (lc_set_str(&c->emulation, val) < 0)
		return lc_oom(p->d);
	if (!e) {
		lc_note(c, "-m %s: emulation unknown to linkscope; the target is the "
			"first input's", val);
		c->machine = 0;
		c->elfclass = c->order = 0;
		return 0;
	}
	c->machine = e->machine;
	c->elfclass = e->elfclass;
	c->order = e->order;
	return 0;
}

/* Applies one option; text is the option as written (for notes), sep
 * whether val was the next argument. */
static int do_opt(ldparse *p, const ldopt *o, const char *val, const char *text,
		  bool sep)
{
	ls_link_cmd *c = p->cmd;
	const char *v = val ? val : "";
	struct stat st;

	switch (o->act) {
	case X_IGNORE:
		return 0;
	case X_VERSCRIPT:
		/* Read by the link (link_verscript): its nodes decide
		 * whether versioned definitions of a -shared link have
		 * one (reference §A.8). */
		c->version_script = true;
		return LC_ADD(c, version_scripts, v) < 0 ? lc_oom(p->d) : 0;
	case X_NOTE:
		lc_note(c, "option '%s%s%s' not simulated", text, sep ? " " : "",
			sep ? v : "");
		return 0;
	case X_LIB:
		if (!*v)
			return ls_fail_nooff(p->d, "-l: missing library name");
		return add_arg(p, LS_ARG_LIB, v);
	case X_LIBDIR:
		return ls_strvec_add(&p->rawdirs, v) < 0 ? lc_oom(p->d) : 0;
	case X_GSTART:
		return group_start(p);
	case X_GEND:
		return group_end(p);
	case X_WHOLE: p->st.whole = true; return 0;
	case X_NO_WHOLE: p->st.whole = false; return 0;
	case X_AS_NEEDED: p->st.as_needed = true; return 0;
	case X_NO_AS_NEEDED: p->st.as_needed = false; return 0;
	case X_PUSH: return push_state(p);
	case X_POP: return pop_state(p);
	case X_STATIC:
		/* For bfd, lld and mold -static is -Bstatic. */
		p->saw_static = true;
		__attribute__((fallthrough));
	case X_BSTATIC: p->st.bstatic = true; return 0;
	case X_BDYNAMIC: p->st.bstatic = false; return 0;
	case X_COPY_DT:
		c->copy_dt_needed = true;
		lc_note(c, "--copy-dt-needed-entries not simulated: a DSO's dependencies never satisfy references here");
		return 0;
	case X_NO_COPY_DT: return 0;
	case X_SHARED: c->shared = true; return 0;
	case X_PIE: c->pie = true; return 0;
	case X_NO_PIE: c->pie = false; return 0;
	case X_RELOC: c->relocatable = true; return 0;
	case X_NO_UNDEF: c->no_undefined = true; return 0;
	case X_MULDEFS: c->allow_muldefs = true; return 0;
	case X_SHLIB_UNDEF: c->allow_shlib_undefined = 1; return 0;
	case X_NO_SHLIB_UNDEF: c->allow_shlib_undefined = 0; return 0;
	case X_FORTRAN_COMMON: c->fortran_common = 1; return 0;
	case X_NO_FORTRAN_COMMON: c->fortran_common = 0; return 0;
	case X_WARN_COMMON: c->warn_common = true; return 0;
	case X_NOINHIBIT: c->noinhibit_exec = true; return 0;
	case X_NO_WARN_COMMON: c->warn_common = false; return 0;
	case X_WARN_BACKREFS: c->warn_backrefs = true; return 0;
	case X_GC:
		c->gc_sections = true;
		return 0;
	case X_NO_GC: c->gc_sections = false; return 0;
	case X_SYSROOT:
		return lc_set_str(&c->sysroot, v) < 0 ? lc_oom(p->d) : 0;
	case X_REQUIRE:
		/* -u, and the link fails when nothing defines it. */
		if (LC_ADD(c, require, v) < 0)
			return lc_oom(p->d);
		__attribute__((fallthrough));
	case X_UNDEF:
		return LC_ADD(c, undefined, v) < 0 ? lc_oom(p->d) : 0;
	case X_DEFSYM: {
		const char *eq = strchr(v, '=');
		size_t a = 0, b;
		if (!eq)
			return ls_fail_nooff(p->d, "--defsym %s: expected NAME=EXPRESSION", v);
		b = (size_t)(eq - v);
		while (a < b && (v[a] == ' ' || v[a] == '\t'))
			a++;
		while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
			b--;
		if (a == b)
			return ls_fail_nooff(p->d, "--defsym %s: no symbol name", v);
		if (LC_ADD(c, defsym_arg, v) < 0)
			return lc_oom(p->d);
		return LC_ADDN(c, defsym, v + a, b - a) < 0 ? lc_oom(p->d) : 0;
	}
	case X_ENTRY:
		return lc_set_str(&c->entry, v) < 0 ? lc_oom(p->d) : 0;
	case X_OUTPUT:
		return lc_set_str(&c->output, v) < 0 ? lc_oom(p->d) : 0;
	case X_RPATH:
		return add_rpath(p, &c->rpath, &c->nrpath, &c->cap.rpath, v);
	case X_RPATH_LINK:
		return add_rpath(p, &c->rpath_link, &c->nrpath_link, &c->cap.rpath_link, v);
	case X_JUST_SYMBOLS:
		/* ld: "-R FILE ... (if directory, same as --rpath)". */
		if (stat(v, &st) == 0 && S_ISDIR(st.st_mode))
			return add_rpath(p, &c->rpath, &c->nrpath, &c->cap.rpath, v);
		lc_note(c, "--just-symbols %s: its symbols are not read", v);
		return 0;
	case X_SCRIPT:
		/* Read where it stands (its INPUT and GROUP add inputs there);
		 * the output layout it describes is not simulated. */
		lc_note(c, "-T %s: the output layout it describes, and the errors that layout "
			"may cause, are not simulated", v);
		return add_arg(p, LS_ARG_SCRIPT, v);
	case X_EMUL:
		return set_emulation(p, v);
	case X_Z:
		return do_z(p, v);
	case X_NOSTDLIB: p->nostdlib = true; return 0;
	case X_PLUGIN:
		if (strstr(v, "liblto_plugin"))
			c->gcc_lto_plugin = true;
		if (!p->plugin_noted)
			lc_note(c, "-plugin %s: not loaded; a GCC LTO object's own symbol table is read "
				"instead (not by lld), LLVM bitcode is not read", v);
		p->plugin_noted = true;
		return 0;
	case X_EL: p->order = LS_LE; return 0;
	case X_EB: p->order = LS_BE; return 0;
	case X_FORMAT:
		if (strncmp(v, "elf", 3) && strcmp(v, "default"))
			lc_note(c, "-b %s: input format not simulated", v);
		return 0;
	case X_WRAP:
		for (size_t i = 0; i < c->nwrap; i++)
			if (!strcmp(c->wrap[i], v))
				return 0;
		return LC_ADD(c, wrap, v) < 0 ? lc_oom(p->d) : 0;
	case X_FATAL_WARN:
	case X_NO_FATAL_WARN:
		c->fatal_warnings = o->act == X_FATAL_WARN;
		return 0;
	case X_UNRESOLVED:
		/* The four methods of ld's manual, in lld and mold too. */
		if (!strcmp(v, "report-all")) {
			c->unres_obj = c->unres_dso = false;
		} else if (!strcmp(v, "ignore-all")) {
			c->unres_obj = c->unres_dso = true;
		} else if (!strcmp(v, "ignore-in-object-files")) {
			c->unres_obj = true;
			c->unres_dso = false;
		} else if (!strcmp(v, "ignore-in-shared-libs")) {
			c->unres_obj = false;
			c->unres_dso = true;
		} else {
			lc_note(c, "--unresolved-symbols=%s: unknown method, not simulated", v);
		}
		return 0;
	case X_WARN_UNRES:
	case X_ERROR_UNRES:
		c->warn_unresolved = o->act == X_WARN_UNRES;
		return 0;
	case X_START_LIB:
	case X_END_LIB:
		p->st.lazy = o->act == X_START_LIB;
		return 0;
	case X_EXPORT_DYN:
	case X_NO_EXPORT_DYN:
		c->export_dynamic = o->act == X_EXPORT_DYN;
		return 0;
	case X_UNDEF_GLOB:
		return LC_ADD(c, undefined_glob, v) < 0 ? lc_oom(p->d) : 0;
	case X_IGNORE_UNRES:
		return LC_ADD(c, ignore_unresolved, v) < 0 ? lc_oom(p->d) : 0;
	}
	return 0;
}

/* "-rs": single-letter options without values may be run together. */
static bool cluster_ok(const char *body)
{
	for (const char *s = body; *s; s++) {
		const ldopt *o = lc_find_short(*s);
		if (!o || o->arg != A_NONE)
			return false;
	}
	return true;
}

static int parse_one(ldparse *p, const ls_strvec *a, size_t *ip)
{
	size_t i = *ip;
	const char *s = a->v[i];
	bool two = s[1] == '-';
	const char *body = s + (two ? 2 : 1);
	const ldopt *o = NULL;
	const char *val = NULL;

	if (!two && (!strcmp(body, "(") || !strcmp(body, ")")))
		return body[0] == '(' ? group_start(p) : group_end(p);
	/* ld: "Multiple letter options that start with a lower case 'o' can
	 * only be preceded by two dashes": -omagic is -o magic. */
	if (two || body[0] != 'o') {
		size_t n = strcspn(body, "=");
		o = lc_find_long(body, n);
		if (o && body[n] == '=')
			val = body + n + 1;
	}
	if (o) {
		bool sep = false;
		/* The table was probed on the x86-64 linkers: a cross
		 * linker's emulation has options of its own. */
		bool host = !p->triple[0] || !strncmp(p->triple, "x86_64-", 7);
		int r = host ? refuse(p->cmd, body, strcspn(body, "="),
				      val || o->arg == A_REQ, !two, s) : 0;
		if (r < 0)
			return lc_oom(p->d);
		if (r > 0 && o->arg == A_REQ && !val && i + 1 < a->n)
			*ip = i + 1;	/* its value is no input either */
		if (r > 0)
			return 0;
		if (o->arg == A_NONE && val) {
			lc_note(p->cmd, "option '%s': takes no value; ignored", s);
			return 0;
		}
		if (o->arg == A_REQ && !val) {
			if (i + 1 >= a->n)
				return ls_fail_nooff(p->d, "option '%s' requires an argument", s);
			val = a->v[++i];
			sep = true;
		}
		*ip = i;
		return do_opt(p, o, val, s, sep);
	}
	if (!two && (o = lc_find_short(body[0]))) {
		if (o->arg == A_REQ) {
			bool sep = !body[1];
			if (sep && i + 1 >= a->n)
				return ls_fail_nooff(p->d, "option '%s' requires an argument", s);
			val = sep ? a->v[++i] : body + 1;
			*ip = i;
			return do_opt(p, o, val, s, sep);
		}
		if (cluster_ok(body)) {
			for (const char *c = body; *c; c++) {
				int rc = do_opt(p, lc_find_short(*c), NULL, s, false);
				if (rc < 0)
					return rc;
			}
			return 0;
		}
	}
	/* Every linker stops here ("unrecognised option"); we go on, but an
	 * unknown option never becomes an input. */
	lc_note(p->cmd, "option '%s' not simulated (unknown to linkscope)", s);
	return 0;
}

/* The directories a Debian GNU ld or gold searches after -L. */
static int default_dirs(ldparse *p)
{
	ls_link_cmd *c = p->cmd;
	const char *root = c->sysroot ? c->sysroot : "";
	const ls_target_info *t = ls_target_info_by_triple(p->triple);
	ls_strvec dirs = { 0 };
	const char *list = NULL;
	int rc = 0;

	if (p->nostdlib || c->sem == LS_SEM_LLD || c->sem == LS_SEM_MOLD)
		return 0;
	if (c->sem == LS_SEM_GOLD) {
		/* gold ignores -m here: Debian's multiarch patch adds the
		 * triple's directories before /lib and /usr/lib (seen with
		 * `ld.gold --debug=files`). */
		const char *ma = t ? t->multiarch : p->triple;
		if (ls_strvec_addf(&dirs, "%s/lib/%s", root, ma) < 0 ||
		    ls_strvec_addf(&dirs, "%s/usr/lib/%s", root, ma) < 0 ||
		    ls_strvec_addf(&dirs, "%s/lib", root) < 0 ||
		    ls_strvec_addf(&dirs, "%s/usr/lib", root) < 0)
			rc = lc_oom(p->d);
	} else {
		const char *emul = c->emulation ? c->emulation : t ? t->emul : NULL;
		size_t n = sizeof search_dirs / sizeof search_dirs[0];
		for (size_t i = 0; emul && !list && i < n; i++)
			if (!strcmp(search_dirs[i].triple, p->triple) &&
			    !strcmp(search_dirs[i].emul, emul))
				list = search_dirs[i].dirs;
		for (size_t i = 0; emul && !list && i < n; i++)
			if (!strcmp(search_dirs[i].emul, emul)) {
				list = search_dirs[i].dirs;
				lc_note(c, "%s-ld -m %s: built-in directories taken from %s-ld",
					p->triple, emul, search_dirs[i].triple);
			}
		if (list) {
			for (const char *s = list; *s && rc == 0; ) {
				size_t k = strcspn(s, " ");
				if (k && ls_strvec_addf(&dirs, "%s%.*s", root, (int)k, s) < 0)
					rc = lc_oom(p->d);
				s += k;
				while (*s == ' ')
					s++;
			}
		} else {
			const char *ma = t ? t->multiarch : p->triple;
			lc_note(c, "built-in directories of %s-ld%s%s not known; using "
				"Debian's pattern", p->triple, emul ? " -m " : "",
				emul ? emul : "");
			if (ls_strvec_addf(&dirs, "%s/usr/local/lib/%s", root, ma) < 0 ||
			    ls_strvec_addf(&dirs, "%s/lib/%s", root, ma) < 0 ||
			    ls_strvec_addf(&dirs, "%s/usr/lib/%s", root, ma) < 0 ||
			    ls_strvec_addf(&dirs, "%s/usr/local/lib", root) < 0 ||
			    ls_strvec_addf(&dirs, "%s/lib", root) < 0 ||
			    ls_strvec_addf(&dirs, "%s/usr/lib", root) < 0 ||
			    ls_strvec_addf(&dirs, "%s/usr/%s/lib", root, p->triple) < 0)
				rc = lc_oom(p->d);
		}
	}
	if (rc == 0) {
		c->default_dirs = dirs.v;
		c->ndefault_dirs = dirs.n;
		c->cap.default_dirs = dirs.cap;
	} else {
		ls_strvec_free(&dirs);
	}
	return rc;
}

/* After the last argument: groups closed, sysroot applied, target and
 * search path decided. */
static int finish(ldparse *p)
{
	ls_link_cmd *c = p->cmd;
	bool all_static = true;

	if (p->groups > 0) {
		if (c->sem == LS_SEM_GOLD)
			return ls_fail_nooff(p->d, "missing group end");
		if (c->sem == LS_SEM_BFD)
			lc_note(c, "missing --end-group; added as last command line option");
		p->groups = 1;
		if (group_end(p) < 0)
			return -1;
	}
	/* "=DIR" and "$SYSROOT" are the sysroot as written, then DIR, with
	 * nothing between (bfd ldfile.c, lld Driver.cpp): --sysroot=R/ with
	 * -L=foo is R/foo, --sysroot=R with -L=foo is Rfoo. */
	char *written = c->sysroot ? strdup(c->sysroot) : NULL;
	if (c->sysroot && !written)
		return lc_oom(p->d);
	/* Debian's cross gcc passes --sysroot=/: that is no sysroot. */
	if (c->sysroot) {
		size_t n = strlen(c->sysroot);
		while (n > 0 && c->sysroot[n - 1] == '/')
			c->sysroot[--n] = 0;
		if (n == 0) {
			free(c->sysroot);
			c->sysroot = NULL;
		}
	}
	for (size_t i = 0; i < p->rawdirs.n; i++) {
		const char *dir = p->rawdirs.v[i], *rest = NULL;
		char buf[PATH_MAX];
		int rc;
		/* "=DIR" and "$SYSROOT/DIR" are inside the sysroot for bfd
		 * (ldfile.c) and mold; lld knows only "="; gold 2.40 takes
		 * both literally (it opens "=/DIR"): measured with each. */
		if (dir[0] == '=' && c->sem != LS_SEM_GOLD)
			rest = dir + 1;
		else if (!strncmp(dir, "$SYSROOT", 8) &&
			 (c->sem == LS_SEM_BFD || c->sem == LS_SEM_MOLD))
			rest = dir + 8;
		if (rest) {
			int k = snprintf(buf, sizeof buf, "%s%s",
					 c->sysroot ? written : "", rest);
			if (k < 0 || (size_t)k >= sizeof buf) {
				free(written);
				return ls_fail_nooff(p->d, "-L%s: path too long", dir);
			}
			rc = LC_ADD(c, libdirs, buf);
		} else {
			rc = LC_ADD(c, libdirs, dir);
		}
		if (rc < 0) {
			free(written);
			return lc_oom(p->d);
		}
	}
	free(written);
	if (!c->output && lc_set_str(&c->output, "a.out") < 0)
		return lc_oom(p->d);
	/* bfd and gold have a target without -m: the binary's default. */
	if (!c->emulation && !c->machine &&
	    (c->sem == LS_SEM_BFD || c->sem == LS_SEM_GOLD)) {
		const ls_target_info *t = ls_target_info_by_triple(p->triple);
		const ls_emulation *e = t ? ls_emulation_find(t->emul) : NULL;
		if (e) {
			c->machine = e->machine;
			c->elfclass = e->elfclass;
			c->order = e->order;
		}
	}
	if (c->machine && p->order)
		c->order = (uint8_t)p->order;
	if (default_dirs(p) < 0)
		return -1;
	/* gold's -static forbids shared libraries wherever it is. */
	if (c->sem == LS_SEM_GOLD && p->saw_static)
		for (size_t i = 0; i < c->nargs; i++)
			c->args[i].bstatic = true;
	for (size_t i = 0; i < c->nargs; i++)
		if ((c->args[i].kind == LS_ARG_FILE || c->args[i].kind == LS_ARG_LIB) &&
		    !c->args[i].bstatic)
			all_static = false;
	c->static_link = all_static && (p->st.bstatic ||
					(c->sem == LS_SEM_GOLD && p->saw_static));
	if (c->shared && c->relocatable)
		lc_note(c, "-r and -shared may not be used together");
	return 0;
}

/* cmd must be zeroed (notes already in it are kept).  argv[0] is the
 * linker; the rest is expanded for @FILE here. */
int lc_parse_ld(const ls_strvec *argv, const ldctx *x, ls_link_cmd *cmd,
		ls_diag *d)
{
	ldparse p = { 0 };
	ls_strvec a = { 0 };
	int rc = 0;

	p.cmd = cmd;
	p.d = d;
	cmd->sem = x->sem;
	cmd->sem_explicit = x->sem_explicit;
	cmd->allow_shlib_undefined = -1;
	cmd->fortran_common = -1;
	cmd->start_stop_gc = -1;
	if (x->triple)
		ls_target_norm_triple(x->triple, p.triple, sizeof p.triple);
	else
		lc_linker_triple(argv->v[0], p.triple, sizeof p.triple);
	if (lc_set_str(&cmd->linker, x->linker ? x->linker : argv->v[0]) < 0 ||
	    lc_set_str(&cmd->how, x->how) < 0)
		return lc_oom(d);
	if (lc_expand_args((int)argv->n, argv->v, 1, &a, d) < 0) {
		ls_strvec_free(&a);
		return -1;
	}
	for (size_t i = 1; i < a.n && rc == 0; i++) {
		const char *s = a.v[i];
		if (!strcmp(s, "--")) {
			/* getopt: everything after "--" is a file. */
			for (i++; i < a.n && rc == 0; i++)
				rc = add_arg(&p, LS_ARG_FILE, a.v[i]);
			break;
		}
		if (s[0] != '-' || !s[1])
			rc = add_arg(&p, LS_ARG_FILE, s);
		else
			rc = parse_one(&p, &a, &i);
	}
	if (rc == 0)
		rc = finish(&p);
	ls_strvec_free(&a);
	ls_strvec_free(&p.rawdirs);
	free(p.stack);
	return rc;
}
