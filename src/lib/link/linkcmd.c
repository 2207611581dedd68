/*
 * linkcmd.c - the link a user asked for, as the linker sees it; see
 * linkcmd.h.
 *
 * Three ways in:
 *  - a linker line (ld, ld.bfd, ld.gold, ld.lld, mold, collect2, *-ld) is
 *    parsed as GNU ld parses it (ld/lexsup.c, getopt_long_only): long
 *    options with one dash or two, "--opt=val" or "--opt val", joined or
 *    separate short values, @FILE response files, and the positional state
 *    (-Bstatic, --whole-archive, --as-needed, --push-state) recorded on
 *    every input;
 *  - an installed compiler driver is run with -### (posix_spawn, no shell;
 *    the linker is never run) and the last linker command it prints is
 *    parsed.  Sources on its command line are compiled first into a
 *    private directory, because -### would name temporary objects that
 *    never get written;
 *  - a driver that is not installed (or LINKSCOPE_NO_DRIVER=1) is replaced
 *    by a model of Debian 12's gcc 12: the line it would print is rebuilt
 *    from its specs and parsed the same way.
 *
 * Every table says where it comes from.  User files (response files) are
 * hostile input: sizes, counts and nesting are bounded.
 */
#include "linkcmd.h"

#include "../core/bytes.h"
#include "../readers/elf_defs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_ARGS (1u << 20)		/* arguments after @FILE expansion */
#define MAX_RSP_BYTES (16u << 20)	/* one response file */
#define MAX_RSP_TOTAL (64u << 20)	/* all response files of a line */
#define MAX_RSP_FILES 4096		/* response files read for a line */
#define MAX_RSP_DEPTH 16		/* @FILE inside @FILE */
#define MAX_STATES 1024			/* --push-state depth */
#define MAX_NOTES 256
#define MAX_DRIVER_OUT (4u << 20)	/* what a driver may print */
#define MAX_SOURCES 4096		/* sources compiled for one line */

/* --- string lists ----------------------------------------------------------- */

typedef struct strvec {
	char **v;
	size_t n;
} strvec;

/* Arrays grow at powers of two: the public struct keeps no capacities. */
static bool need_grow(size_t n)
{
	return (n & (n - 1)) == 0;
}

static size_t grown(size_t n)
{
	return n < 4 ? 4 : 2 * n;
}

/* Appends a copy of s[0..len). */
static int list_addn(char ***v, size_t *n, const char *s, size_t len)
{
	char *c;

	if (*n >= MAX_ARGS)
		return -1;
	if (need_grow(*n)) {
		char **nv = realloc(*v, grown(*n) * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
	}
	if (!(c = strndup(s, len)))
		return -1;
	(*v)[(*n)++] = c;
	return 0;
}

static int list_add(char ***v, size_t *n, const char *s)
{
	return list_addn(v, n, s, strlen(s));
}

static void list_free(char ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

static int sv_add(strvec *sv, const char *s)
{
	return list_add(&sv->v, &sv->n, s);
}

static int sv_addn(strvec *sv, const char *s, size_t len)
{
	return list_addn(&sv->v, &sv->n, s, len);
}

static int sv_addf(strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int sv_addf(strvec *sv, const char *fmt, ...)
{
	char buf[PATH_MAX + 64];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof buf)
		return -1;
	return sv_add(sv, buf);
}

static bool sv_has(const strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

static void sv_free(strvec *sv)
{
	list_free(&sv->v, &sv->n);
}

static int oom(ls_diag *d)
{
	return ls_fail_nooff(d, "out of memory (or more than %u arguments)",
			     MAX_ARGS);
}

/* Replaces *dst with a copy of s. */
static int set_str(char **dst, const char *s)
{
	char *c = strdup(s);

	if (!c)
		return -1;
	free(*dst);
	*dst = c;
	return 0;
}

/* A line for the report; best effort (a note lost to ENOMEM changes no
 * verdict), without repeats, at most MAX_NOTES. */
static void note(ls_link_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(ls_link_cmd *cmd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < cmd->nnotes; i++)
		if (!strcmp(cmd->notes[i], buf))
			return;
	if (cmd->nnotes >= MAX_NOTES)
		return;
	if (cmd->nnotes == MAX_NOTES - 1)
		snprintf(buf, sizeof buf, "more notes left out");
	list_add(&cmd->notes, &cmd->nnotes, buf);
}

/* --- paths ------------------------------------------------------------------ */

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Removes "." and ".." and repeated slashes without looking at the file
 * system: paths of a gcc that is not installed go through directories
 * that do not exist, which the kernel would refuse to walk through.
 */
static void normalize(const char *in, char *out, size_t size)
{
	bool abs = in[0] == '/';
	bool trail = *in && in[strlen(in) - 1] == '/';
	size_t len = 0, root = abs ? 1 : 0;
	const char *p = in;

	if (size < 2) {
		if (size)
			out[0] = 0;
		return;
	}
	if (abs)
		out[len++] = '/';
	out[len] = 0;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		if (n == 0)
			break;
		if (n == 2 && p[0] == '.' && p[1] == '.' && len > root) {
			while (len > root && out[len - 1] != '/')
				len--;
			if (len > root)
				len--;
			out[len] = 0;
		} else if (!(n == 1 && p[0] == '.')) {
			if (len + n + 2 > size) {
				snprintf(out, size, "%s", in);
				return;
			}
			if (len > root)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = 0;
		}
		p = e;
	}
	if (trail && len > root && len + 2 <= size) {
		out[len++] = '/';
		out[len] = 0;
	}
}

/* Looks a program up as execvp would.  out gets its path. */
static bool find_program(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");

	if (!*name)
		return false;
	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return access(name, X_OK) == 0 && !is_dir(name);
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; ) {
		const char *e = strchrnul(p, ':');
		int n = (int)(e - p);
		int k = n ? snprintf(out, size, "%.*s/%s", n, p, name)
			  : snprintf(out, size, "%s", name);
		if (k > 0 && (size_t)k < size && access(out, X_OK) == 0 &&
		    !is_dir(out))
			return true;
		if (!*e)
			break;
		p = e + 1;
	}
	return false;
}

/* --- targets ---------------------------------------------------------------- */

typedef struct emul_info {
	const char *name;
	uint16_t machine;
	uint8_t elfclass, order;
} emul_info;

/* Emulation names: `ld -V` of binutils 2.40 for each Debian cross target,
 * and lld's parseEmulation (lld/ELF/Driver.cpp). */
static const emul_info emuls[] = {
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

static const emul_info *find_emul(const char *name)
{
	for (size_t i = 0; i < sizeof emuls / sizeof emuls[0]; i++)
		if (!strcmp(emuls[i].name, name))
			return &emuls[i];
	return NULL;
}

/*
 * Debian targets.  triple is the GNU triple of the cross packages (and of
 * the x86_64 host); multiarch its library directory name; emul the default
 * emulation of its ld (`TRIPLE-ld -V`, first line).  The rest describes
 * gcc 12's link spec for the target (gcc/config/<cpu>/linux*.h and
 * gnu-user*.h as built by Debian, --enable-default-pie): dynlinker is NULL
 * for targets without a driver model.  verified: the model was compared,
 * option for option, with what the installed driver prints for -###
 * (default, -static, -shared, -no-pie, -static-pie); the others follow
 * gcc's specs and Debian's layout but no driver was there to check.
 */
typedef struct triple_info {
	const char *triple, *multiarch, *emul;
	const char *dynlinker;
	const char *osdir;	/* gcc's multilib OS directory ("." or "../lib") */
	const char *extra;	/* spec options that do not change resolution */
	const char *static_opt;	/* what -static becomes */
	bool static_pie;	/* the spec turns -static-pie into -static -pie */
	bool verified;
	bool pthread_atomic;	/* riscv: -pthread also links libatomic, and
				 * libgomp.spec adds -lpthread when static */
} triple_info;

static const triple_info triples[] = {
	{ "x86_64-linux-gnu", "x86_64-linux-gnu", "elf_x86_64",
	  "/lib64/ld-linux-x86-64.so.2", "../lib", "", "-static", true, true,
	  false },
	{ "aarch64-linux-gnu", "aarch64-linux-gnu", "aarch64linux",
	  "/lib/ld-linux-aarch64.so.1", "../lib",
	  "-X -EL --fix-cortex-a53-843419", "-Bstatic", true, true,
	  false },
	{ "arm-linux-gnueabihf", "arm-linux-gnueabihf", "armelf_linux_eabi",
	  "/lib/ld-linux-armhf.so.3", ".", "-X", "-Bstatic", false, true,
	  false },
	{ "riscv64-linux-gnu", "riscv64-linux-gnu", "elf64lriscv",
	  "/lib/ld-linux-riscv64-lp64d.so.1", ".", "", "-static", false, true,
	  true },
	{ "i686-linux-gnu", "i386-linux-gnu", "elf_i386",
	  "/lib/ld-linux.so.2", "../lib", "", "-static", true, false,
	  false },
	{ "powerpc64le-linux-gnu", "powerpc64le-linux-gnu", "elf64lppc",
	  "/lib64/ld64.so.2", ".", "", "-static", true, false,
	  false },
	{ "s390x-linux-gnu", "s390x-linux-gnu", "elf64_s390",
	  "/lib/ld64.so.1", "../lib", "", "-static", true, false,
	  false },
	{ "arm-linux-gnueabi", "arm-linux-gnueabi", "armelf_linux_eabi",
	  "/lib/ld-linux.so.3", ".", "-X", "-Bstatic", false, false,
	  false },
	/* Linkers only. */
	{ .triple = "mips-linux-gnu", .multiarch = "mips-linux-gnu",
	  .emul = "elf32btsmip" },
	{ .triple = "mipsel-linux-gnu", .multiarch = "mipsel-linux-gnu",
	  .emul = "elf32ltsmip" },
	{ .triple = "mips64el-linux-gnuabi64", .multiarch = "mips64el-linux-gnuabi64",
	  .emul = "elf64ltsmip" },
	{ .triple = "powerpc64-linux-gnu", .multiarch = "powerpc64-linux-gnu",
	  .emul = "elf64ppc" },
	{ .triple = "powerpc-linux-gnu", .multiarch = "powerpc-linux-gnu",
	  .emul = "elf32ppclinux" },
	{ .triple = "loongarch64-linux-gnu", .multiarch = "loongarch64-linux-gnu",
	  .emul = "elf64loongarch" },
	{ .triple = "sparc64-linux-gnu", .multiarch = "sparc64-linux-gnu",
	  .emul = "elf64_sparc" },
	{ .triple = "x86_64-linux-gnux32", .multiarch = "x86_64-linux-gnux32",
	  .emul = "elf32_x86_64" },
};

/*
 * "x86_64-pc-linux-gnu" (clang's spelling) and "i586-linux-gnu" name the
 * Debian targets above: the vendor field and the i?86 variant go.
 */
static void norm_triple(const char *in, char *out, size_t size)
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

static const triple_info *find_triple(const char *triple)
{
	char t[128];

	norm_triple(triple, t, sizeof t);
	for (size_t i = 0; i < sizeof triples / sizeof triples[0]; i++)
		if (!strcmp(triples[i].triple, t))
			return &triples[i];
	return NULL;
}

/* The machine linkscope was built for: the triple its Debian ld has. */
static const char *host_triple(void)
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

/* --- response files ------------------------------------------------------- */

static int read_file(const char *path, size_t max, char **out, size_t *len,
		     ls_diag *d)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0, want;
	char *buf;

	if (fd < 0)
		return ls_fail_nooff(d, "response file %s: %s", path, strerror(errno));
	/* A FIFO or a device would block or never end. */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ls_fail_nooff(d, "response file %s: not a regular file", path);
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return ls_fail_nooff(d, "response file %s: larger than %zu MiB", path, max >> 20);
	}
	want = (size_t)st.st_size;
	if (!(buf = malloc(want + 1))) {
		close(fd);
		return oom(d);
	}
	while (n < want) {
		ssize_t k = read(fd, buf + n, want - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return ls_fail_nooff(d, "response file %s: %s", path, strerror(e));
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}

static bool rsp_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/*
 * libiberty's buildargv, which GNU ld, gold and gcc use for @FILE (lld and
 * mold follow it): white space separates, '...' and "..." quote, and a
 * backslash takes the next character literally everywhere, even inside
 * single quotes.  "" is an empty argument.
 */
static int rsp_split(const char *s, size_t len, strvec *out)
{
	char *arg = malloc(len + 1);
	size_t i = 0;

	if (!arg)
		return -1;
	while (i < len) {
		bool sq = false, dq = false, bs = false;
		size_t n = 0;

		while (i < len && rsp_space(s[i]))
			i++;
		if (i >= len)
			break;
		for (; i < len; i++) {
			char c = s[i];
			if (!sq && !dq && !bs && rsp_space(c))
				break;
			if (bs) {
				bs = false;
				arg[n++] = c;
			} else if (c == '\\') {
				bs = true;
			} else if (sq) {
				if (c == '\'')
					sq = false;
				else
					arg[n++] = c;
			} else if (dq) {
				if (c == '"')
					dq = false;
				else
					arg[n++] = c;
			} else if (c == '\'') {
				sq = true;
			} else if (c == '"') {
				dq = true;
			} else {
				arg[n++] = c;
			}
		}
		if (sv_addn(out, arg, n) < 0) {
			free(arg);
			return -1;
		}
	}
	free(arg);
	return 0;
}

typedef struct rspctx {
	size_t files;
	uint64_t bytes;
	ls_diag *d;
} rspctx;

/* Appends arg to out, or the arguments of the response file it names,
 * recursively, as libiberty's expandargv does. */
static int rsp_expand(const char *arg, strvec *out, int depth, rspctx *r)
{
	strvec toks = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int rc = 0;

	if (out->n >= MAX_ARGS)
		return ls_fail_nooff(r->d, "more than %u arguments", MAX_ARGS);
	if (arg[0] != '@' || !arg[1])
		return sv_add(out, arg) < 0 ? oom(r->d) : 0;
	if (depth >= MAX_RSP_DEPTH)
		return ls_fail_nooff(r->d, "%s: response files nested more than %d deep",
				     arg, MAX_RSP_DEPTH);
	if (++r->files > MAX_RSP_FILES)
		return ls_fail_nooff(r->d, "more than %d response files", MAX_RSP_FILES);
	if (read_file(arg + 1, MAX_RSP_BYTES, &buf, &len, r->d) < 0)
		return -1;
	r->bytes += len;
	if (r->bytes > MAX_RSP_TOTAL) {
		free(buf);
		return ls_fail_nooff(r->d, "%s: response files exceed %u MiB in all",
				     arg, MAX_RSP_TOTAL >> 20);
	}
	/* buildargv works on a C string: a NUL ends the file. */
	rc = rsp_split(buf, strnlen(buf, len), &toks) < 0 ? oom(r->d) : 0;
	free(buf);
	for (size_t i = 0; i < toks.n && rc == 0; i++)
		rc = rsp_expand(toks.v[i], out, depth + 1, r);
	sv_free(&toks);
	return rc;
}

/* out = argv[0..from) as they are, then argv[from..argc) expanded. */
static int expand_args(int argc, char *const *argv, int from, strvec *out,
		       ls_diag *d)
{
	rspctx r = { 0, 0, d };

	for (int i = 0; i < argc; i++) {
		int rc = i < from ? (sv_add(out, argv[i]) < 0 ? oom(d) : 0)
				  : rsp_expand(argv[i], out, 0, &r);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* --- linker names ----------------------------------------------------------- */

/* The semantics a linker's file name implies, without following links;
 * false when the name is not a linker's. */
static bool linker_name_plain(const char *path, int *sem)
{
	static const struct {
		const char *name;
		int sem;
	} names[] = {
		{ "ld", LS_SEM_BFD }, { "ld.bfd", LS_SEM_BFD },
		{ "collect2", LS_SEM_BFD }, { "ld.gold", LS_SEM_GOLD },
		{ "gold", LS_SEM_GOLD }, { "ld.lld", LS_SEM_LLD },
		{ "lld", LS_SEM_LLD }, { "mold", LS_SEM_MOLD },
		{ "ld.mold", LS_SEM_MOLD },
	};
	static const struct {
		const char *suffix;
		int sem;
	} cross[] = {
		{ "-ld", LS_SEM_BFD }, { "-ld.bfd", LS_SEM_BFD },
		{ "-ld.gold", LS_SEM_GOLD }, { "-ld.lld", LS_SEM_LLD },
		{ "-ld.mold", LS_SEM_MOLD },
	};
	const char *b = base_name(path);

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(b, names[i].name)) {
			*sem = names[i].sem;
			return true;
		}
	for (size_t i = 0; i < sizeof cross / sizeof cross[0]; i++) {
		size_t n = strlen(b), k = strlen(cross[i].suffix);
		/* TRIPLE-ld: the triple has a dash ("wasm-ld" is not ours). */
		if (ends_with(b, cross[i].suffix) && memchr(b, '-', n - k)) {
			*sem = cross[i].sem;
			return true;
		}
	}
	return false;
}

/* Like linker_name_plain, but "ld" and "TRIPLE-ld" are followed to what
 * they link to: some systems point ld at gold or lld. */
static bool linker_name(const char *path, int *sem)
{
	char prog[PATH_MAX], real[PATH_MAX];
	int s2;

	if (!linker_name_plain(path, sem))
		return false;
	if (*sem != LS_SEM_BFD || !strcmp(base_name(path), "collect2"))
		return true;
	if (find_program(path, prog, sizeof prog) && realpath(prog, real) &&
	    linker_name_plain(real, &s2))
		*sem = s2;
	return true;
}

/* The target triple of a GNU linker binary: TRIPLE-ld*, or Debian's
 * /usr/TRIPLE/bin/ld*, else the host's. */
static void linker_triple(const char *path, char *out, size_t size)
{
	static const char *const suffixes[] = {
		"-ld", "-ld.bfd", "-ld.gold", "-ld.lld", "-ld.mold",
	};
	const char *b = base_name(path);

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t n = strlen(b), k = strlen(suffixes[i]);
		if (ends_with(b, suffixes[i]) && memchr(b, '-', n - k)) {
			char t[128];
			snprintf(t, sizeof t, "%.*s", (int)(n - k), b);
			norm_triple(t, out, size);
			return;
		}
	}
	if (!strncmp(path, "/usr/", 5)) {
		const char *t = path + 5, *e = strchr(t, '/');
		if (e && !strncmp(e, "/bin/", 5) && memchr(t, '-', (size_t)(e - t)) &&
		    !strchr(e + 5, '/')) {
			char buf[128];
			snprintf(buf, sizeof buf, "%.*s", (int)(e - t), t);
			norm_triple(buf, out, size);
			return;
		}
	}
	snprintf(out, size, "%s", host_triple());
}

static int sem_from_fuse_ld(const char *v, ls_link_cmd *cmd)
{
	int sem = LS_SEM_BFD;

	if (!strcmp(v, "bfd"))
		return LS_SEM_BFD;
	if (!strcmp(v, "gold"))
		return LS_SEM_GOLD;
	if (!strcmp(v, "lld"))
		return LS_SEM_LLD;
	if (!strcmp(v, "mold"))
		return LS_SEM_MOLD;
	if (linker_name_plain(v, &sem))
		return sem;
	note(cmd, "-fuse-ld=%s: not a linker linkscope knows; bfd semantics", v);
	return LS_SEM_BFD;
}

/* --- the linker command line ---------------------------------------------- */

enum { A_NONE, A_REQ, A_OPT };	/* no value, "--o v"/"--o=v", only "--o=v" */

enum {
	X_IGNORE,		/* no bearing on symbol resolution */
	X_NOTE,			/* has one, not simulated: say so */
	X_LIB, X_LIBDIR, X_GSTART, X_GEND, X_WHOLE, X_NO_WHOLE, X_AS_NEEDED,
	X_NO_AS_NEEDED, X_PUSH, X_POP, X_BSTATIC, X_STATIC, X_BDYNAMIC,
	X_COPY_DT, X_NO_COPY_DT, X_SHARED, X_PIE, X_NO_PIE, X_RELOC,
	X_NO_UNDEF, X_MULDEFS, X_SHLIB_UNDEF, X_NO_SHLIB_UNDEF,
	X_FORTRAN_COMMON, X_NO_FORTRAN_COMMON, X_WARN_COMMON, X_NO_WARN_COMMON,
	X_NOINHIBIT,
	X_WARN_BACKREFS, X_GC, X_NO_GC, X_SYSROOT, X_UNDEF, X_REQUIRE,
	X_DEFSYM, X_ENTRY, X_RPATH, X_RPATH_LINK, X_JUST_SYMBOLS, X_OUTPUT,
	X_SCRIPT, X_EMUL, X_Z, X_NOSTDLIB, X_PLUGIN, X_EL, X_EB, X_FORMAT,
	X_UNRESOLVED, X_VERSCRIPT, X_FATAL_WARN, X_NO_FATAL_WARN, X_WRAP,
	X_WARN_UNRES, X_ERROR_UNRES, X_IGNORE_UNRES, X_UNDEF_GLOB, X_EXPORT_DYN,
	X_NO_EXPORT_DYN, X_START_LIB, X_END_LIB,
};

typedef struct ldopt {
	const char *name;
	uint8_t arg, act;
} ldopt;

/*
 * Long options: `ld --help` of binutils 2.40 (with its ELF, x86, AArch64
 * and ARM emulation options), plus what gold 1.16, lld 14 and mold 1.10
 * add and build systems pass.  Any of them may be written with one dash or
 * two.  What matters most here is the value column: an option that takes
 * a separate value must consume it, or the value would become an input.
 * When a linker makes the value optional (only "--opt=value"), A_OPT.
 */
static const ldopt long_opts[] = {
	/* inputs and the positional state that applies to them */
	{ "library", A_REQ, X_LIB },
	{ "library-path", A_REQ, X_LIBDIR },
	{ "start-group", A_NONE, X_GSTART },
	{ "end-group", A_NONE, X_GEND },
	{ "whole-archive", A_NONE, X_WHOLE },
	{ "no-whole-archive", A_NONE, X_NO_WHOLE },
	{ "as-needed", A_NONE, X_AS_NEEDED },
	{ "no-as-needed", A_NONE, X_NO_AS_NEEDED },
	{ "push-state", A_NONE, X_PUSH },
	{ "pop-state", A_NONE, X_POP },
	{ "Bstatic", A_NONE, X_BSTATIC },
	{ "dn", A_NONE, X_BSTATIC },
	{ "non_shared", A_NONE, X_BSTATIC },
	{ "static", A_NONE, X_STATIC },
	{ "Bdynamic", A_NONE, X_BDYNAMIC },
	{ "dy", A_NONE, X_BDYNAMIC },
	{ "call_shared", A_NONE, X_BDYNAMIC },
	{ "copy-dt-needed-entries", A_NONE, X_COPY_DT },
	{ "add-needed", A_NONE, X_COPY_DT },
	{ "no-copy-dt-needed-entries", A_NONE, X_NO_COPY_DT },
	{ "no-add-needed", A_NONE, X_NO_COPY_DT },
	{ "start-lib", A_NONE, X_START_LIB },
	{ "end-lib", A_NONE, X_END_LIB },
	{ "format", A_REQ, X_FORMAT },
	{ "just-symbols", A_REQ, X_JUST_SYMBOLS },
	{ "nostdlib", A_NONE, X_NOSTDLIB },
	{ "sysroot", A_REQ, X_SYSROOT },
	/* what is produced */
	{ "output", A_REQ, X_OUTPUT },
	{ "shared", A_NONE, X_SHARED },
	{ "Bshareable", A_NONE, X_SHARED },
	{ "pie", A_NONE, X_PIE },
	{ "pic-executable", A_NONE, X_PIE },
	{ "no-pie", A_NONE, X_NO_PIE },
	{ "relocatable", A_NONE, X_RELOC },
	{ "Ur", A_NONE, X_RELOC },
	/* resolution */
	{ "no-undefined", A_NONE, X_NO_UNDEF },
	{ "allow-multiple-definition", A_NONE, X_MULDEFS },
	{ "allow-shlib-undefined", A_NONE, X_SHLIB_UNDEF },
	{ "no-allow-shlib-undefined", A_NONE, X_NO_SHLIB_UNDEF },
	{ "fortran-common", A_NONE, X_FORTRAN_COMMON },
	{ "no-fortran-common", A_NONE, X_NO_FORTRAN_COMMON },
	{ "warn-backrefs", A_NONE, X_WARN_BACKREFS },
	{ "gc-sections", A_NONE, X_GC },
	{ "no-gc-sections", A_NONE, X_NO_GC },
	{ "undefined", A_REQ, X_UNDEF },
	{ "require-defined", A_REQ, X_REQUIRE },
	{ "defsym", A_REQ, X_DEFSYM },
	{ "entry", A_REQ, X_ENTRY },
	{ "rpath", A_REQ, X_RPATH },
	{ "rpath-link", A_REQ, X_RPATH_LINK },
	{ "script", A_REQ, X_SCRIPT },
	{ "default-script", A_REQ, X_SCRIPT },
	{ "dT", A_REQ, X_SCRIPT },
	{ "plugin", A_REQ, X_PLUGIN },
	{ "plugin-opt", A_REQ, X_IGNORE },
	{ "EL", A_NONE, X_EL },
	{ "EB", A_NONE, X_EB },
	{ "unresolved-symbols", A_REQ, X_UNRESOLVED },
	{ "warn-unresolved-symbols", A_NONE, X_WARN_UNRES },
	{ "noinhibit-exec", A_NONE, X_NOINHIBIT },
	{ "wrap", A_REQ, X_WRAP },
	{ "version-script", A_REQ, X_VERSCRIPT },
	{ "mri-script", A_REQ, X_NOTE },
	{ "ignore-unresolved-symbol", A_REQ, X_IGNORE_UNRES },
	{ "undefined-glob", A_REQ, X_UNDEF_GLOB },
	{ "emit-relocs", A_NONE, X_IGNORE },
	/* no bearing on resolution; with a value */
	{ "architecture", A_REQ, X_IGNORE },
	{ "auxiliary", A_REQ, X_IGNORE },
	{ "filter", A_REQ, X_IGNORE },
	{ "gpsize", A_REQ, X_IGNORE },
	{ "soname", A_REQ, X_IGNORE },
	{ "dynamic-linker", A_REQ, X_IGNORE },
	{ "dependency-file", A_REQ, X_IGNORE },
	{ "out-implib", A_REQ, X_IGNORE },
	{ "trace-symbol", A_REQ, X_IGNORE },
	{ "error-handling-script", A_REQ, X_IGNORE },
	{ "fini", A_REQ, X_IGNORE },
	{ "init", A_REQ, X_IGNORE },
	{ "Map", A_REQ, X_IGNORE },
	{ "oformat", A_REQ, X_IGNORE },
	{ "retain-symbols-file", A_REQ, X_IGNORE },
	{ "sort-section", A_REQ, X_IGNORE },
	{ "spare-dynamic-tags", A_REQ, X_IGNORE },
	{ "task-link", A_REQ, X_IGNORE },
	{ "section-start", A_REQ, X_IGNORE },
	{ "Tbss", A_REQ, X_IGNORE },
	{ "Tdata", A_REQ, X_IGNORE },
	{ "Ttext", A_REQ, X_IGNORE },
	{ "Ttext-segment", A_REQ, X_IGNORE },
	{ "Trodata-segment", A_REQ, X_IGNORE },
	{ "Tldata-segment", A_REQ, X_IGNORE },
	{ "version-exports-section", A_REQ, X_IGNORE },
	{ "dynamic-list", A_REQ, X_IGNORE },
	{ "export-dynamic-symbol", A_REQ, X_IGNORE },
	{ "export-dynamic-symbol-list", A_REQ, X_IGNORE },
	{ "orphan-handling", A_REQ, X_IGNORE },
	{ "ctf-share-types", A_REQ, X_IGNORE },
	{ "hash-style", A_REQ, X_IGNORE },
	{ "hash-size", A_REQ, X_IGNORE },
	{ "max-cache-size", A_REQ, X_IGNORE },
	{ "compress-debug-sections", A_REQ, X_IGNORE },
	{ "audit", A_REQ, X_IGNORE },
	{ "depaudit", A_REQ, X_IGNORE },
	{ "exclude-libs", A_REQ, X_IGNORE },
	{ "assert", A_REQ, X_IGNORE },
	{ "image-base", A_REQ, X_IGNORE },
	/* gold */
	{ "thread-count", A_REQ, X_IGNORE },
	{ "thread-count-initial", A_REQ, X_IGNORE },
	{ "thread-count-middle", A_REQ, X_IGNORE },
	{ "thread-count-final", A_REQ, X_IGNORE },
	{ "incremental-base", A_REQ, X_IGNORE },
	{ "section-ordering-file", A_REQ, X_IGNORE },
	{ "keep-unique", A_REQ, X_IGNORE },
	{ "print-symbol-counts", A_REQ, X_IGNORE },
	{ "rosegment-gap", A_REQ, X_IGNORE },
	{ "icf-iterations", A_REQ, X_IGNORE },
	{ "hash-bucket-empty-fraction", A_REQ, X_IGNORE },
	{ "build-id-chunk-size-for-treehash", A_REQ, X_IGNORE },
	{ "build-id-min-file-size-for-treehash", A_REQ, X_IGNORE },
	/* lld, mold */
	{ "mllvm", A_REQ, X_IGNORE },
	{ "chroot", A_REQ, X_NOTE },
	{ "call-graph-ordering-file", A_REQ, X_IGNORE },
	{ "symbol-ordering-file", A_REQ, X_IGNORE },
	{ "reproduce", A_REQ, X_IGNORE },
	{ "warn-backrefs-exclude", A_REQ, X_IGNORE },
	{ "error-limit", A_REQ, X_IGNORE },
	{ "remap-inputs-file", A_REQ, X_NOTE },
	/* only "=value" */
	{ "build-id", A_OPT, X_IGNORE },
	{ "demangle", A_OPT, X_IGNORE },
	{ "unique", A_OPT, X_IGNORE },
	{ "sort-common", A_OPT, X_IGNORE },
	{ "split-by-file", A_OPT, X_IGNORE },
	{ "split-by-reloc", A_OPT, X_IGNORE },
	{ "verbose", A_OPT, X_IGNORE },
	{ "package-metadata", A_OPT, X_IGNORE },
	{ "flto-partition", A_OPT, X_IGNORE },
	{ "fuse-ld", A_OPT, X_IGNORE },
	{ "debug", A_OPT, X_IGNORE },
	{ "why-extract", A_OPT, X_IGNORE },
	{ "pack-dyn-relocs", A_OPT, X_IGNORE },
	{ "icf", A_OPT, X_IGNORE },
	{ "threads", A_OPT, X_IGNORE },
	{ "color-diagnostics", A_OPT, X_IGNORE },
	{ "time-trace-file", A_OPT, X_IGNORE },
	{ "thinlto-cache-dir", A_OPT, X_IGNORE },
	{ "lto-obj-path", A_OPT, X_IGNORE },
	{ "target2", A_OPT, X_IGNORE },
	{ "shuffle-sections", A_OPT, X_IGNORE },
	{ "separate-debug-file", A_OPT, X_IGNORE },
	{ "filler", A_REQ, X_IGNORE },	/* mold: --filler VALUE */
	{ "remap-inputs", A_OPT, X_NOTE },
	/* no value, no bearing on resolution */
	{ "dc", A_NONE, X_IGNORE }, { "dp", A_NONE, X_IGNORE },
	{ "force-group-allocation", A_NONE, X_IGNORE },
	{ "export-dynamic", A_NONE, X_EXPORT_DYN },
	{ "no-export-dynamic", A_NONE, X_NO_EXPORT_DYN },
	{ "enable-non-contiguous-regions", A_NONE, X_IGNORE },
	{ "enable-non-contiguous-regions-warnings", A_NONE, X_IGNORE },
	{ "print-map", A_NONE, X_IGNORE },
	{ "nmagic", A_NONE, X_IGNORE }, { "omagic", A_NONE, X_IGNORE },
	{ "no-omagic", A_NONE, X_IGNORE },
	{ "flto", A_OPT, X_IGNORE },
	{ "map-whole-files", A_NONE, X_IGNORE },
	{ "no-map-whole-files", A_NONE, X_IGNORE },
	{ "Qy", A_NONE, X_IGNORE },
	{ "strip-all", A_NONE, X_IGNORE }, { "strip-debug", A_NONE, X_IGNORE },
	{ "strip-discarded", A_NONE, X_IGNORE },
	{ "no-strip-discarded", A_NONE, X_IGNORE },
	{ "trace", A_NONE, X_IGNORE },
	{ "version", A_NONE, X_IGNORE },
	{ "discard-all", A_NONE, X_IGNORE },
	{ "discard-locals", A_NONE, X_IGNORE },
	{ "discard-none", A_NONE, X_IGNORE },
	{ "accept-unknown-input-arch", A_NONE, X_IGNORE },
	{ "no-accept-unknown-input-arch", A_NONE, X_IGNORE },
	{ "Bno-symbolic", A_NONE, X_IGNORE },
	{ "Bsymbolic", A_NONE, X_IGNORE },
	{ "Bsymbolic-functions", A_NONE, X_IGNORE },
	{ "Bsymbolic-non-weak-functions", A_NONE, X_IGNORE },
	{ "Bgroup", A_NONE, X_IGNORE },
	{ "check-sections", A_NONE, X_IGNORE },
	{ "no-check-sections", A_NONE, X_IGNORE },
	{ "cref", A_NONE, X_IGNORE },
	{ "disable-multiple-abs-defs", A_NONE, X_IGNORE },
	{ "embedded-relocs", A_NONE, X_IGNORE },
	{ "fatal-warnings", A_NONE, X_FATAL_WARN },
	{ "no-fatal-warnings", A_NONE, X_NO_FATAL_WARN },
	{ "force-exe-suffix", A_NONE, X_IGNORE },
	{ "print-gc-sections", A_NONE, X_IGNORE },
	{ "no-print-gc-sections", A_NONE, X_IGNORE },
	{ "gc-keep-exported", A_NONE, X_IGNORE },
	{ "help", A_NONE, X_IGNORE },
	{ "no-define-common", A_NONE, X_IGNORE },
	{ "no-demangle", A_NONE, X_IGNORE },
	{ "no-keep-memory", A_NONE, X_IGNORE },
	{ "no-warnings", A_NONE, X_IGNORE },
	{ "undefined-version", A_NONE, X_IGNORE },
	{ "no-undefined-version", A_NONE, X_IGNORE },
	{ "default-symver", A_NONE, X_IGNORE },
	{ "default-imported-symver", A_NONE, X_IGNORE },
	{ "no-warn-mismatch", A_NONE, X_IGNORE },
	{ "no-warn-search-mismatch", A_NONE, X_IGNORE },
	{ "print-output-format", A_NONE, X_IGNORE },
	{ "print-sysroot", A_NONE, X_IGNORE },
	{ "qmagic", A_NONE, X_IGNORE },
	{ "reduce-memory-overheads", A_NONE, X_IGNORE },
	{ "relax", A_NONE, X_IGNORE }, { "no-relax", A_NONE, X_IGNORE },
	{ "stats", A_NONE, X_IGNORE },
	{ "target-help", A_NONE, X_IGNORE },
	{ "traditional-format", A_NONE, X_IGNORE },
	{ "dynamic-list-data", A_NONE, X_IGNORE },
	{ "dynamic-list-cpp-new", A_NONE, X_IGNORE },
	{ "dynamic-list-cpp-typeinfo", A_NONE, X_IGNORE },
	{ "warn-common", A_NONE, X_WARN_COMMON },
	{ "warn-constructors", A_NONE, X_IGNORE },
	{ "warn-execstack", A_NONE, X_IGNORE },
	{ "no-warn-execstack", A_NONE, X_IGNORE },
	{ "warn-rwx-segments", A_NONE, X_IGNORE },
	{ "no-warn-rwx-segments", A_NONE, X_IGNORE },
	{ "warn-multiple-gp", A_NONE, X_IGNORE },
	{ "warn-once", A_NONE, X_IGNORE },
	{ "warn-section-align", A_NONE, X_IGNORE },
	{ "warn-textrel", A_NONE, X_IGNORE },
	{ "warn-alternate-em", A_NONE, X_IGNORE },
	{ "error-unresolved-symbols", A_NONE, X_ERROR_UNRES },
	{ "print-memory-usage", A_NONE, X_IGNORE },
	{ "print-map-discarded", A_NONE, X_IGNORE },
	{ "no-print-map-discarded", A_NONE, X_IGNORE },
	{ "ctf-variables", A_NONE, X_IGNORE },
	{ "no-ctf-variables", A_NONE, X_IGNORE },
	{ "ld-generated-unwind-info", A_NONE, X_IGNORE },
	{ "no-ld-generated-unwind-info", A_NONE, X_IGNORE },
	{ "disable-new-dtags", A_NONE, X_IGNORE },
	{ "enable-new-dtags", A_NONE, X_IGNORE },
	{ "eh-frame-hdr", A_NONE, X_IGNORE },
	{ "no-eh-frame-hdr", A_NONE, X_IGNORE },
	{ "no-dynamic-linker", A_NONE, X_IGNORE },
	{ "fix-cortex-a53-843419", A_NONE, X_IGNORE },
	{ "fix-cortex-a53-835769", A_NONE, X_IGNORE },
	{ "fix-cortex-a8", A_NONE, X_IGNORE },
	{ "no-fix-cortex-a8", A_NONE, X_IGNORE },
	{ "fix-v4bx", A_NONE, X_IGNORE },
	{ "fix-v4bx-interworking", A_NONE, X_IGNORE },
	{ "use-blx", A_NONE, X_IGNORE },
	{ "pic-veneer", A_NONE, X_IGNORE },
	{ "long-plt", A_NONE, X_IGNORE },
	{ "be8", A_NONE, X_IGNORE },
	{ "target1-rel", A_NONE, X_IGNORE },
	{ "target1-abs", A_NONE, X_IGNORE },
	{ "no-enum-size-warning", A_NONE, X_IGNORE },
	{ "no-wchar-size-warning", A_NONE, X_IGNORE },
	{ "no-apply-dynamic-relocs", A_NONE, X_IGNORE },
	{ "no-tls-optimize", A_NONE, X_IGNORE },
	{ "no-tls-get-addr-optimize", A_NONE, X_IGNORE },
	{ "no-threads", A_NONE, X_IGNORE },
	{ "no-color-diagnostics", A_NONE, X_IGNORE },
	{ "print-icf-sections", A_NONE, X_IGNORE },
	{ "rosegment", A_NONE, X_IGNORE },
	{ "no-rosegment", A_NONE, X_IGNORE },
	{ "time-trace", A_NONE, X_IGNORE },
	{ "detect-odr-violations", A_NONE, X_IGNORE },
	{ "ignore-data-address-equality", A_NONE, X_IGNORE },
	{ "ignore-function-address-equality", A_NONE, X_IGNORE },
	{ "apply-dynamic-relocs", A_NONE, X_IGNORE },
	{ "pack-dyn-relocs-none", A_NONE, X_IGNORE },
	{ "no-allow-multiple-definition", A_NONE, X_IGNORE },
	{ "print-archive-stats", A_OPT, X_IGNORE },
	{ "print-dependencies", A_NONE, X_IGNORE },
	{ "perf", A_NONE, X_IGNORE },
	{ "no-fork", A_NONE, X_IGNORE },
	{ "no-quick-exit", A_NONE, X_IGNORE },
	{ "relocatable-merge-sections", A_NONE, X_IGNORE },
	/* Options of one linker or another (their --help: bfd, gold, lld,
	 * mold) that decide nothing linkscope simulates.  They are here so
	 * that their values are consumed and scripts/gen-ldopts.py probes
	 * which linkers refuse them. */
	{ "call-graph-profile-sort", A_NONE, X_IGNORE },
	{ "ctors-in-init-array", A_NONE, X_IGNORE },
	{ "define-common", A_NONE, X_IGNORE },
	{ "dependent-libraries", A_NONE, X_IGNORE },
	{ "emit-stub-syms", A_NONE, X_IGNORE },
	{ "execute-only", A_NONE, X_IGNORE },
	{ "fix-arm1176", A_NONE, X_IGNORE },
	{ "fork", A_NONE, X_IGNORE },
	{ "gdb-index", A_NONE, X_IGNORE },
	{ "gnu-unique", A_NONE, X_IGNORE },
	{ "incremental", A_NONE, X_IGNORE },
	{ "incremental-changed", A_NONE, X_IGNORE },
	{ "incremental-full", A_NONE, X_IGNORE },
	{ "incremental-patch", A_REQ, X_IGNORE },
	{ "incremental-startup-unchanged", A_NONE, X_IGNORE },
	{ "incremental-unchanged", A_NONE, X_IGNORE },
	{ "incremental-unknown", A_NONE, X_IGNORE },
	{ "incremental-update", A_NONE, X_IGNORE },
	{ "keep-files-mapped", A_NONE, X_IGNORE },
	{ "lto-aa-pipeline", A_REQ, X_IGNORE },
	{ "lto-basic-block-sections", A_REQ, X_IGNORE },
	{ "lto-cs-profile-file", A_REQ, X_IGNORE },
	{ "lto-cs-profile-generate", A_NONE, X_IGNORE },
	{ "lto-debug-pass-manager", A_NONE, X_IGNORE },
	{ "lto-emit-asm", A_NONE, X_IGNORE },
	{ "lto-legacy-pass-manager", A_NONE, X_IGNORE },
	{ "lto-newpm-passes", A_REQ, X_IGNORE },
	{ "lto-partitions", A_REQ, X_IGNORE },
	{ "lto-pgo-warn-mismatch", A_REQ, X_IGNORE },
	{ "lto-sample-profile", A_REQ, X_IGNORE },
	{ "lto-unique-basic-block-section-names", A_NONE, X_IGNORE },
	{ "lto-whole-program-visibility", A_NONE, X_IGNORE },
	{ "merge-exidx-entries", A_NONE, X_IGNORE },
	{ "mmap-output-file", A_NONE, X_IGNORE },
	{ "no-build-id", A_NONE, X_IGNORE },
	{ "no-call-graph-profile-sort", A_NONE, X_IGNORE },
	{ "no-cref", A_NONE, X_IGNORE },
	{ "no-ctors-in-init-array", A_NONE, X_IGNORE },
	{ "no-dependent-libraries", A_NONE, X_IGNORE },
	{ "no-detect-odr-violations", A_NONE, X_IGNORE },
	{ "no-emit-stub-syms", A_NONE, X_IGNORE },
	{ "no-execute-only", A_NONE, X_IGNORE },
	{ "no-fix-arm1176", A_NONE, X_IGNORE },
	{ "no-fix-cortex-a53-835769", A_NONE, X_IGNORE },
	{ "no-fix-cortex-a53-843419", A_NONE, X_IGNORE },
	{ "no-gdb-index", A_NONE, X_IGNORE },
	{ "no-gnu-unique", A_NONE, X_IGNORE },
	{ "no-icf", A_NONE, X_IGNORE },
	{ "no-incremental", A_NONE, X_IGNORE },
	{ "no-keep-files-mapped", A_NONE, X_IGNORE },
	{ "no-long-plt", A_NONE, X_IGNORE },
	{ "no-lto-legacy-pass-manager", A_NONE, X_IGNORE },
	{ "no-lto-pgo-warn-mismatch", A_NONE, X_IGNORE },
	{ "no-lto-unique-basic-block-section-names", A_NONE, X_IGNORE },
	{ "no-lto-whole-program-visibility", A_NONE, X_IGNORE },
	{ "no-merge-exidx-entries", A_NONE, X_IGNORE },
	{ "no-mmap-output-file", A_NONE, X_IGNORE },
	{ "no-nmagic", A_NONE, X_IGNORE },
	{ "no-optimize-bb-jumps", A_NONE, X_IGNORE },
	{ "no-pcrel-optimize", A_NONE, X_IGNORE },
	{ "no-pic-executable", A_NONE, X_IGNORE },
	{ "no-pipeline-knowledge", A_NONE, X_IGNORE },
	{ "no-plt-localentry", A_NONE, X_IGNORE },
	{ "no-plt-static-chain", A_NONE, X_IGNORE },
	{ "no-plt-thread-safe", A_NONE, X_IGNORE },
	{ "no-posix-fallocate", A_NONE, X_IGNORE },
	{ "no-power10-stubs", A_NONE, X_IGNORE },
	{ "no-print-icf-sections", A_NONE, X_IGNORE },
	{ "no-stub-group-multi", A_NONE, X_IGNORE },
	{ "no-text-reorder", A_NONE, X_IGNORE },
	{ "no-toc-optimize", A_NONE, X_IGNORE },
	{ "no-toc-sort", A_NONE, X_IGNORE },
	{ "no-use-android-relr-tags", A_NONE, X_IGNORE },
	{ "no-warn-backrefs", A_NONE, X_IGNORE },
	{ "no-warn-common", A_NONE, X_NO_WARN_COMMON },
	{ "no-warn-constructors", A_NONE, X_IGNORE },
	{ "no-warn-drop-version", A_NONE, X_IGNORE },
	{ "no-warn-ifunc-textrel", A_NONE, X_IGNORE },
	{ "no-warn-shared-textrel", A_NONE, X_IGNORE },
	{ "no-warn-symbol-ordering", A_NONE, X_IGNORE },
	{ "opt-remarks-filename", A_REQ, X_IGNORE },
	{ "opt-remarks-format", A_REQ, X_IGNORE },
	{ "opt-remarks-hotness-threshold", A_REQ, X_IGNORE },
	{ "opt-remarks-passes", A_REQ, X_IGNORE },
	{ "opt-remarks-with-hotness", A_NONE, X_IGNORE },
	{ "optimize-bb-jumps", A_NONE, X_IGNORE },
	{ "pcrel-optimize", A_NONE, X_IGNORE },
	{ "physical-image-base", A_REQ, X_IGNORE },
	{ "plt-align", A_NONE, X_IGNORE },
	{ "plt-localentry", A_NONE, X_IGNORE },
	{ "plt-static-chain", A_NONE, X_IGNORE },
	{ "plt-thread-safe", A_NONE, X_IGNORE },
	{ "posix-fallocate", A_NONE, X_IGNORE },
	{ "power10-stubs", A_OPT, X_IGNORE },
	{ "preread-archive-symbols", A_NONE, X_IGNORE },
	{ "print-symbol-order", A_REQ, X_IGNORE },
	{ "quick-exit", A_NONE, X_IGNORE },
	{ "repro", A_NONE, X_IGNORE },
	{ "reverse-sections", A_NONE, X_IGNORE },
	{ "rsp-quoting", A_REQ, X_IGNORE },
	{ "save-temps", A_NONE, X_IGNORE },
	{ "section-align", A_REQ, X_IGNORE },
	{ "section-order", A_REQ, X_IGNORE },
	{ "secure-plt", A_NONE, X_IGNORE },
	{ "split-stack-adjust-size", A_REQ, X_IGNORE },
	{ "start-stop", A_NONE, X_IGNORE },
	{ "strip-debug-gdb", A_NONE, X_IGNORE },
	{ "strip-debug-non-line", A_NONE, X_IGNORE },
	{ "strip-lto-sections", A_NONE, X_IGNORE },
	{ "stub-group-multi", A_NONE, X_IGNORE },
	{ "stub-group-size", A_REQ, X_IGNORE },
	{ "text-reorder", A_NONE, X_IGNORE },
	{ "thinlto-cache-policy", A_REQ, X_IGNORE },
	{ "thinlto-jobs", A_REQ, X_IGNORE },
	{ "thinlto-single-module", A_REQ, X_IGNORE },
	{ "time-trace-granularity", A_REQ, X_IGNORE },
	{ "tls-get-addr-optimize", A_NONE, X_IGNORE },
	{ "tls-optimize", A_NONE, X_IGNORE },
	{ "toc-optimize", A_NONE, X_IGNORE },
	{ "toc-sort", A_NONE, X_IGNORE },
	{ "use-android-relr-tags", A_NONE, X_IGNORE },
	{ "vs-diagnostics", A_NONE, X_IGNORE },
	{ "warn-drop-version", A_NONE, X_IGNORE },
	{ "warn-ifunc-textrel", A_NONE, X_IGNORE },
	{ "warn-search-mismatch", A_NONE, X_IGNORE },
	{ "warn-shared-textrel", A_NONE, X_IGNORE },
	{ "warn-symbol-ordering", A_NONE, X_IGNORE },
	{ "weak-unresolved-symbols", A_NONE, X_IGNORE },
};

/* Single-letter options (getopt's short option string in ld/lexsup.c);
 * a value may be joined ("-lfoo") or separate ("-l foo"). */
static const ldopt short_opts[] = {
	{ "a", A_REQ, X_IGNORE }, { "A", A_REQ, X_IGNORE },
	{ "b", A_REQ, X_FORMAT }, { "c", A_REQ, X_NOTE },
	{ "d", A_NONE, X_IGNORE }, { "e", A_REQ, X_ENTRY },
	{ "E", A_NONE, X_EXPORT_DYN }, { "f", A_REQ, X_IGNORE },
	{ "F", A_REQ, X_IGNORE }, { "g", A_NONE, X_IGNORE },
	{ "G", A_REQ, X_IGNORE }, { "h", A_REQ, X_IGNORE },
	{ "i", A_NONE, X_RELOC }, { "I", A_REQ, X_IGNORE },
	{ "l", A_REQ, X_LIB }, { "L", A_REQ, X_LIBDIR },
	{ "m", A_REQ, X_EMUL }, { "M", A_NONE, X_IGNORE },
	{ "n", A_NONE, X_IGNORE }, { "N", A_NONE, X_IGNORE },
	{ "o", A_REQ, X_OUTPUT }, { "O", A_REQ, X_IGNORE },
	{ "P", A_REQ, X_IGNORE }, { "q", A_NONE, X_IGNORE },
	{ "r", A_NONE, X_RELOC }, { "R", A_REQ, X_JUST_SYMBOLS },
	{ "s", A_NONE, X_IGNORE }, { "S", A_NONE, X_IGNORE },
	{ "t", A_NONE, X_IGNORE }, { "T", A_REQ, X_SCRIPT },
	{ "u", A_REQ, X_UNDEF }, { "v", A_NONE, X_IGNORE },
	{ "V", A_NONE, X_IGNORE }, { "w", A_NONE, X_IGNORE },
	{ "x", A_NONE, X_IGNORE }, { "X", A_NONE, X_IGNORE },
	{ "y", A_REQ, X_IGNORE }, { "Y", A_REQ, X_NOTE },
	{ "z", A_REQ, X_Z },
};

/* -z keywords of binutils 2.40 (ld --help, ELF and x86 parts), gold and
 * lld that do not change resolution; defs, undefs and muldefs are handled
 * by name. */
static const char *const z_known[] = {
	"now", "lazy", "relro", "norelro", "text", "notext", "textoff",
	"execstack", "noexecstack", "combreloc", "nocombreloc", "global",
	"initfirst", "interpose", "nodefaultlib", "nodelete", "nodlopen",
	"nodump", "origin", "separate-code", "noseparate-code", "common",
	"nocommon", "nocopyreloc", "loadfltr", "unique", "nounique",
	"globalaudit", "start-stop-gc", "nostart-stop-gc", "unique-symbol",
	"nounique-symbol", "ibt", "ibtplt", "shstk", "noextern-protected-data",
	"indirect-extern-access", "noindirect-extern-access",
	"dynamic-undefined-weak", "nodynamic-undefined-weak",
	"noreloc-overflow", "report-relative-reloc", "pack-relative-relocs",
	"nopack-relative-relocs", "lam-u48", "lam-u57", "force-bti", "pac-plt",
	"force-ibt", "rodynamic", "rel", "rela", "nognustack", "wxneeded",
	"retpolineplt", "keep-text-section-prefix",
	"nokeep-text-section-prefix", "separate-loadable-segments",
	"execute-only", "nostart-stop-visibility", NULL,
};

static const char *const z_prefixes[] = {
	"max-page-size=", "common-page-size=", "stack-size=",
	"start-stop-visibility=", "call-nop=", "cet-report=",
	"lam-u48-report=", "lam-u57-report=", "lam-report=", "bti-report=",
	"gcs-report=", "x86-64-", "isa-level-report=", "dead-reloc-in-nonalloc=",
	NULL,
};

static const ldopt *find_opt(const ldopt *t, size_t n, const char *name,
			     size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].name) == len && !memcmp(t[i].name, name, len))
			return &t[i];
	return NULL;
}

static const ldopt *find_long(const char *name, size_t len)
{
	return find_opt(long_opts, sizeof long_opts / sizeof long_opts[0], name, len);
}

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
		int rc = lld14 ? list_add(&c->refused_lld14, &c->nrefused_lld14, line)
			       : list_add(&c->refused, &c->nrefused, line);
		free(line);
		return rc < 0 ? -1 : 1;
	}
	return 0;
}

static const ldopt *find_short(char c)
{
	return find_opt(short_opts, sizeof short_opts / sizeof short_opts[0], &c, 1);
}

typedef struct pstate {
	bool whole, as_needed, bstatic, lazy;
} pstate;

/* How the line is to be read. */
typedef struct ldctx {
	int sem;		/* enum ls_link_sem */
	bool sem_explicit;
	const char *triple;	/* the GNU linker's target; NULL: from its name */
	const char *how;
	const char *linker;	/* reported as cmd->linker; NULL: argv[0] */
} ldctx;

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
	strvec rawdirs;		/* -L as written */
} ldparse;

static int add_arg(ldparse *p, int kind, const char *name)
{
	ls_link_cmd *c = p->cmd;
	ls_link_arg *a;

	if (c->nargs >= MAX_ARGS)
		return ls_fail_nooff(p->d, "more than %u inputs", MAX_ARGS);
	if (need_grow(c->nargs)) {
		ls_link_arg *na = realloc(c->args, grown(c->nargs) * sizeof *na);
		if (!na)
			return oom(p->d);
		c->args = na;
	}
	a = &c->args[c->nargs];
	memset(a, 0, sizeof *a);
	if (!(a->name = strdup(name)))
		return oom(p->d);
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
			note(p->cmd, "nested --start-group: folded into the outer group");
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
		return oom(p->d);
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
	int rc = list_add(&c->refused, &c->nrefused, line);
	free(line);
	return rc < 0 ? -1 : 1;
}

static bool z_is_known(const char *kw)
{
	if (!strcmp(kw, "defs") || !strcmp(kw, "undefs") || !strcmp(kw, "muldefs"))
		return true;
	for (const char *const *z = z_known; *z; z++)
		if (!strcmp(kw, *z))
			return true;
	for (const char *const *z = z_prefixes; *z; z++)
		if (!strncmp(kw, *z, strlen(*z)))
			return true;
	return false;
}

static int do_z(ldparse *p, const char *kw)
{
	ls_link_cmd *c = p->cmd;
	int r = gold_refuses_z(p, kw, z_is_known(kw));

	if (r)
		return r < 0 ? oom(p->d) : 0;

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
	for (const char *const *z = z_known; *z; z++)
		if (!strcmp(kw, *z))
			return 0;
	for (const char *const *z = z_prefixes; *z; z++)
		if (!strncmp(kw, *z, strlen(*z)))
			return 0;
	/* ld: "warning: -z foo ignored". */
	note(c, "-z %s: unknown keyword, ignored", kw);
	return 0;
}

static int add_rpath(ldparse *p, char ***v, size_t *n, const char *val)
{
	/* A colon-separated list is several directories. */
	for (const char *s = val; *s; ) {
		size_t k = strcspn(s, ":");
		if (k && list_addn(v, n, s, k) < 0)
			return oom(p->d);
		s += k;
		if (*s)
			s++;
	}
	return 0;
}

static int set_emulation(ldparse *p, const char *val)
{
	ls_link_cmd *c = p->cmd;
	const emul_info *e = find_emul(val);

	if (set_str(&c->emulation, val) < 0)
		return oom(p->d);
	if (!e) {
		note(c, "-m %s: emulation unknown to linkscope; the target is the "
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
		return list_add(&c->version_scripts, &c->nversion_scripts, v) < 0 ? oom(p->d) : 0;
	case X_NOTE:
		note(c, "option '%s%s%s' not simulated", text, sep ? " " : "",
		     sep ? v : "");
		return 0;
	case X_LIB:
		if (!*v)
			return ls_fail_nooff(p->d, "-l: missing library name");
		return add_arg(p, LS_ARG_LIB, v);
	case X_LIBDIR:
		return sv_add(&p->rawdirs, v) < 0 ? oom(p->d) : 0;
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
		note(c, "--copy-dt-needed-entries not simulated: a DSO's dependencies never satisfy references here");
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
		return set_str(&c->sysroot, v) < 0 ? oom(p->d) : 0;
	case X_REQUIRE:
		/* -u, and the link fails when nothing defines it. */
		if (list_add(&c->require, &c->nrequire, v) < 0)
			return oom(p->d);
		__attribute__((fallthrough));
	case X_UNDEF:
		return list_add(&c->undefined, &c->nundefined, v) < 0 ? oom(p->d) : 0;
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
		if (list_add(&c->defsym_arg, &c->ndefsym_arg, v) < 0)
			return oom(p->d);
		return list_addn(&c->defsym, &c->ndefsym, v + a, b - a) < 0 ? oom(p->d) : 0;
	}
	case X_ENTRY:
		return set_str(&c->entry, v) < 0 ? oom(p->d) : 0;
	case X_OUTPUT:
		return set_str(&c->output, v) < 0 ? oom(p->d) : 0;
	case X_RPATH:
		return add_rpath(p, &c->rpath, &c->nrpath, v);
	case X_RPATH_LINK:
		return add_rpath(p, &c->rpath_link, &c->nrpath_link, v);
	case X_JUST_SYMBOLS:
		/* ld: "-R FILE ... (if directory, same as --rpath)". */
		if (stat(v, &st) == 0 && S_ISDIR(st.st_mode))
			return add_rpath(p, &c->rpath, &c->nrpath, v);
		note(c, "--just-symbols %s: its symbols are not read", v);
		return 0;
	case X_SCRIPT:
		/* Read where it stands (its INPUT and GROUP add inputs there);
		 * the output layout it describes is not simulated. */
		note(c, "-T %s: the output layout it describes, and the errors that layout "
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
			note(c, "-plugin %s: not loaded; a GCC LTO object's own symbol table is read "
			     "instead (not by lld), LLVM bitcode is not read", v);
		p->plugin_noted = true;
		return 0;
	case X_EL: p->order = LS_LE; return 0;
	case X_EB: p->order = LS_BE; return 0;
	case X_FORMAT:
		if (strncmp(v, "elf", 3) && strcmp(v, "default"))
			note(c, "-b %s: input format not simulated", v);
		return 0;
	case X_WRAP:
		for (size_t i = 0; i < c->nwrap; i++)
			if (!strcmp(c->wrap[i], v))
				return 0;
		return list_add(&c->wrap, &c->nwrap, v) < 0 ? oom(p->d) : 0;
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
			note(c, "--unresolved-symbols=%s: unknown method, not simulated", v);
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
		return list_add(&c->undefined_glob, &c->nundefined_glob, v) < 0 ? oom(p->d) : 0;
	case X_IGNORE_UNRES:
		return list_add(&c->ignore_unresolved, &c->nignore_unresolved, v) < 0 ? oom(p->d) : 0;
	}
	return 0;
}

/* "-rs": single-letter options without values may be run together. */
static bool cluster_ok(const char *body)
{
	for (const char *s = body; *s; s++) {
		const ldopt *o = find_short(*s);
		if (!o || o->arg != A_NONE)
			return false;
	}
	return true;
}

static int parse_one(ldparse *p, const strvec *a, size_t *ip)
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
		o = find_long(body, n);
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
			return oom(p->d);
		if (r > 0 && o->arg == A_REQ && !val && i + 1 < a->n)
			*ip = i + 1;	/* its value is no input either */
		if (r > 0)
			return 0;
		if (o->arg == A_NONE && val) {
			note(p->cmd, "option '%s': takes no value; ignored", s);
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
	if (!two && (o = find_short(body[0]))) {
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
				int rc = do_opt(p, find_short(*c), NULL, s, false);
				if (rc < 0)
					return rc;
			}
			return 0;
		}
	}
	/* Every linker stops here ("unrecognised option"); we go on, but an
	 * unknown option never becomes an input. */
	note(p->cmd, "option '%s' not simulated (unknown to linkscope)", s);
	return 0;
}

/* The directories a Debian GNU ld or gold searches after -L. */
static int default_dirs(ldparse *p)
{
	ls_link_cmd *c = p->cmd;
	const char *root = c->sysroot ? c->sysroot : "";
	const triple_info *t = find_triple(p->triple);
	strvec dirs = { 0 };
	const char *list = NULL;
	int rc = 0;

	if (p->nostdlib || c->sem == LS_SEM_LLD || c->sem == LS_SEM_MOLD)
		return 0;
	if (c->sem == LS_SEM_GOLD) {
		/* gold ignores -m here: Debian's multiarch patch adds the
		 * triple's directories before /lib and /usr/lib (seen with
		 * `ld.gold --debug=files`). */
		const char *ma = t ? t->multiarch : p->triple;
		if (sv_addf(&dirs, "%s/lib/%s", root, ma) < 0 ||
		    sv_addf(&dirs, "%s/usr/lib/%s", root, ma) < 0 ||
		    sv_addf(&dirs, "%s/lib", root) < 0 ||
		    sv_addf(&dirs, "%s/usr/lib", root) < 0)
			rc = oom(p->d);
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
				note(c, "%s-ld -m %s: built-in directories taken from %s-ld",
				     p->triple, emul, search_dirs[i].triple);
			}
		if (list) {
			for (const char *s = list; *s && rc == 0; ) {
				size_t k = strcspn(s, " ");
				if (k && sv_addf(&dirs, "%s%.*s", root, (int)k, s) < 0)
					rc = oom(p->d);
				s += k;
				while (*s == ' ')
					s++;
			}
		} else {
			const char *ma = t ? t->multiarch : p->triple;
			note(c, "built-in directories of %s-ld%s%s not known; using "
			     "Debian's pattern", p->triple, emul ? " -m " : "",
			     emul ? emul : "");
			if (sv_addf(&dirs, "%s/usr/local/lib/%s", root, ma) < 0 ||
			    sv_addf(&dirs, "%s/lib/%s", root, ma) < 0 ||
			    sv_addf(&dirs, "%s/usr/lib/%s", root, ma) < 0 ||
			    sv_addf(&dirs, "%s/usr/local/lib", root) < 0 ||
			    sv_addf(&dirs, "%s/lib", root) < 0 ||
			    sv_addf(&dirs, "%s/usr/lib", root) < 0 ||
			    sv_addf(&dirs, "%s/usr/%s/lib", root, p->triple) < 0)
				rc = oom(p->d);
		}
	}
	if (rc == 0) {
		c->default_dirs = dirs.v;
		c->ndefault_dirs = dirs.n;
	} else {
		sv_free(&dirs);
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
			note(c, "missing --end-group; added as last command line option");
		p->groups = 1;
		if (group_end(p) < 0)
			return -1;
	}
	/* "=DIR" and "$SYSROOT" are the sysroot as written, then DIR, with
	 * nothing between (bfd ldfile.c, lld Driver.cpp): --sysroot=R/ with
	 * -L=foo is R/foo, --sysroot=R with -L=foo is Rfoo. */
	char *written = c->sysroot ? strdup(c->sysroot) : NULL;
	if (c->sysroot && !written)
		return oom(p->d);
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
			rc = list_add(&c->libdirs, &c->nlibdirs, buf);
		} else {
			rc = list_add(&c->libdirs, &c->nlibdirs, dir);
		}
		if (rc < 0) {
			free(written);
			return oom(p->d);
		}
	}
	free(written);
	if (!c->output && set_str(&c->output, "a.out") < 0)
		return oom(p->d);
	/* bfd and gold have a target without -m: the binary's default. */
	if (!c->emulation && !c->machine &&
	    (c->sem == LS_SEM_BFD || c->sem == LS_SEM_GOLD)) {
		const triple_info *t = find_triple(p->triple);
		const emul_info *e = t ? find_emul(t->emul) : NULL;
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
		note(c, "-r and -shared may not be used together");
	return 0;
}

/* cmd must be zeroed (notes already in it are kept).  argv[0] is the
 * linker; the rest is expanded for @FILE here. */
static int parse_ld(const strvec *argv, const ldctx *x, ls_link_cmd *cmd,
		    ls_diag *d)
{
	ldparse p = { 0 };
	strvec a = { 0 };
	int rc = 0;

	p.cmd = cmd;
	p.d = d;
	cmd->sem = x->sem;
	cmd->sem_explicit = x->sem_explicit;
	cmd->allow_shlib_undefined = -1;
	cmd->fortran_common = -1;
	cmd->start_stop_gc = -1;
	if (x->triple)
		norm_triple(x->triple, p.triple, sizeof p.triple);
	else
		linker_triple(argv->v[0], p.triple, sizeof p.triple);
	if (set_str(&cmd->linker, x->linker ? x->linker : argv->v[0]) < 0 ||
	    set_str(&cmd->how, x->how) < 0)
		return oom(d);
	if (expand_args((int)argv->n, argv->v, 1, &a, d) < 0) {
		sv_free(&a);
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
	sv_free(&a);
	sv_free(&p.rawdirs);
	free(p.stack);
	return rc;
}

/*
 * collect2 takes some options for itself and hands the LTO ones to the
 * plugin (gcc/collect2.c main); what is left is ld's command line.
 * -fuse-ld= names the ld it will run.
 */
static int collect2_args(const strvec *in, const char *ld, strvec *out,
			 char **fuse_ld, ls_diag *d)
{
	if (sv_add(out, ld) < 0)
		return oom(d);
	for (size_t i = 1; i < in->n; i++) {
		const char *s = in->v[i];
		/* -plugin goes on to ld, which loads it: read as ld's. */
		if (!strcmp(s, "-plugin-opt")) {
			i++;
			continue;
		}
		if (!strncmp(s, "-plugin-opt=", 12) || !strncmp(s, "-flto", 5) ||
		    !strcmp(s, "-fno-lto"))
			continue;
		if (!strncmp(s, "-fuse-ld=", 9)) {
			if (fuse_ld && set_str(fuse_ld, s + 9) < 0)
				return oom(d);
			continue;
		}
		if (sv_add(out, s) < 0)
			return oom(d);
	}
	return 0;
}

/* The ld collect2 runs for a gcc targeting triple (gcc 12's collect2 looks
 * for ld, ld.gold, ld.lld, ld.mold by -fuse-ld=, with the target prefix
 * when cross). */
static void collect2_linker(int sem, const char *triple, char *out, size_t size)
{
	bool cross = strcmp(triple, host_triple()) != 0;
	char name[160], path[PATH_MAX];

	switch (sem) {
	case LS_SEM_GOLD:
		snprintf(name, sizeof name, "%s%sld.gold", cross ? triple : "",
			 cross ? "-" : "");
		break;
	case LS_SEM_LLD:
		snprintf(name, sizeof name, "ld.lld");
		break;
	case LS_SEM_MOLD:
		snprintf(name, sizeof name, "ld.mold");
		break;
	default:
		snprintf(name, sizeof name, "%s%sld", cross ? triple : "",
			 cross ? "-" : "");
	}
	if (find_program(name, path, sizeof path))
		snprintf(out, size, "%s", path);
	else
		snprintf(out, size, "%s", name);
}

/* --- running a driver --------------------------------------------------------- */

typedef struct capture {
	char *out;		/* stdout and stderr, NUL-terminated */
	size_t len;
	int status;		/* exit status, 128 + signal, or -1 */
} capture;

/* environ with LC_ALL=C, so that messages are the ones we look for. */
static char **child_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	if (!(env = calloc(n + 2, sizeof *env)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7) &&
		    strncmp(environ[i], "LANGUAGE=", 9))
			env[k++] = environ[i];
	env[k++] = (char *)"LC_ALL=C";
	env[k] = NULL;
	return env;
}

/* A NULL-terminated copy of the pointers (not the strings) of sv. */
static char **argv_of(const strvec *sv)
{
	char **v = calloc(sv->n + 1, sizeof *v);

	if (v)
		memcpy(v, sv->v, sv->n * sizeof *v);
	return v;
}

/*
 * Runs argv (looked up on PATH, no shell) with stdin from /dev/null and
 * stdout and stderr into one pipe, and collects what it prints (at most
 * MAX_DRIVER_OUT: a driver printing more is stopped).
 */
static int run_capture(const strvec *args, capture *c, ls_diag *d)
{
	posix_spawn_file_actions_t fa;
	char **argv = argv_of(args), **env = child_env();
	char chunk[65536];
	size_t cap = 0;
	bool toobig = false;
	int fds[2], rc, ws = -1;
	pid_t pid;

	memset(c, 0, sizeof *c);
	c->status = -1;
	if (!argv || !env || !(c->out = malloc(1))) {
		free(argv);
		free(env);
		return oom(d);
	}
	c->out[0] = 0;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		free(argv);
		free(env);
		return ls_fail_nooff(d, "pipe: %s", strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDERR_FILENO);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	free(argv);
	free(env);
	if (rc != 0) {
		close(fds[0]);
		return ls_fail_nooff(d, "cannot run %s: %s", args->v[0], strerror(rc));
	}
	for (;;) {
		ssize_t k = read(fds[0], chunk, sizeof chunk);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (c->len + (size_t)k > MAX_DRIVER_OUT) {
			toobig = true;
			kill(pid, SIGKILL);
			break;
		}
		if (c->len + (size_t)k + 1 > cap) {
			size_t ncap = cap ? cap : 65536;
			while (ncap < c->len + (size_t)k + 1)
				ncap *= 2;
			char *nb = realloc(c->out, ncap);
			if (!nb) {
				kill(pid, SIGKILL);
				toobig = true;
				break;
			}
			c->out = nb;
			cap = ncap;
		}
		memcpy(c->out + c->len, chunk, (size_t)k);
		c->len += (size_t)k;
		c->out[c->len] = 0;
	}
	close(fds[0]);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (ws != -1)
		c->status = WIFEXITED(ws) ? WEXITSTATUS(ws)
			  : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : -1;
	if (toobig)
		return ls_fail_nooff(d, "%s printed more than %u MiB", args->v[0],
				     MAX_DRIVER_OUT >> 20);
	return 0;
}

static void capture_free(capture *c)
{
	free(c->out);
	memset(c, 0, sizeof *c);
}

/* The line of the output that says what went wrong: the first with
 * "error", else the first that is not empty. */
static void first_error(const capture *c, char *buf, size_t size)
{
	const char *s = c->out, *pick = NULL;

	for (const char *p = s; p && *p; ) {
		const char *e = strchrnul(p, '\n');
		if (!pick && e > p)
			pick = p;
		if (memmem(p, (size_t)(e - p), "error", 5)) {
			pick = p;
			break;
		}
		p = *e ? e + 1 : NULL;
	}
	if (!pick) {
		snprintf(buf, size, "exit status %d, no message", c->status);
		return;
	}
	snprintf(buf, size, "%.*s", (int)(strchrnul(pick, '\n') - pick), pick);
}

/*
 * The commands -### prints start with a space; arguments are separated by
 * spaces and double-quoted when they hold anything but [A-Za-z0-9_/.-],
 * with a backslash before '"', '\' and '$' (gcc.c execute(); clang's
 * Command::Print quotes every argument the same way).  A quoted argument
 * may contain a new line.  line gets the last command that runs a linker.
 */
static int last_link_line(const capture *c, strvec *line, ls_diag *d)
{
	const char *s = c->out;
	size_t len = c->len, i = 0;
	char *buf = malloc(len + 1);

	if (!buf)
		return oom(d);
	while (i < len) {
		strvec toks = { 0 };
		int sem;

		if (s[i] != ' ') {
			while (i < len && s[i] != '\n')
				i++;
			i++;
			continue;
		}
		while (i < len && s[i] != '\n') {
			size_t n = 0;
			if (s[i] == ' ') {
				i++;
				continue;
			}
			if (s[i] == '"') {
				for (i++; i < len && s[i] != '"'; i++) {
					if (s[i] == '\\' && i + 1 < len)
						i++;
					buf[n++] = s[i];
				}
				i++;
			} else {
				while (i < len && s[i] != ' ' && s[i] != '\n')
					buf[n++] = s[i++];
			}
			if (sv_addn(&toks, buf, n) < 0) {
				sv_free(&toks);
				free(buf);
				return oom(d);
			}
		}
		i++;
		if (toks.n && linker_name_plain(toks.v[0], &sem)) {
			sv_free(line);
			*line = toks;
		} else {
			sv_free(&toks);
		}
	}
	free(buf);
	return 0;
}

/* "Target: x86_64-linux-gnu" of -### (gcc and clang print it). */
static bool driver_target(const capture *c, char *out, size_t size)
{
	for (const char *p = c->out; p && *p; ) {
		const char *e = strchrnul(p, '\n');
		if (!strncmp(p, "Target: ", 8)) {
			char t[128];
			snprintf(t, sizeof t, "%.*s", (int)(e - p - 8), p + 8);
			norm_triple(t, out, size);
			return true;
		}
		p = *e ? e + 1 : NULL;
	}
	return false;
}

/* --- the driver's own command line ---------------------------------------- */

typedef struct drvname {
	char triple[128];	/* "" for the host's driver */
	char version[32];	/* "12" of gcc-12, or "" */
	bool known;		/* a gcc or clang name */
	bool cxx, clang;
} drvname;

/* [TRIPLE-]TOOL[-VERSION]: aarch64-linux-gnu-gcc-12, g++, clang-14 ... */
static void parse_driver_name(const char *path, drvname *dn)
{
	static const struct {
		const char *tool;
		bool cxx, clang;
	} tools[] = {
		{ "clang++", true, true }, { "clang", false, true },
		{ "g++", true, false }, { "gcc", false, false },
		{ "c++", true, false }, { "cc", false, false },
	};
	char b[256];
	char *dash;
	size_t n;

	memset(dn, 0, sizeof *dn);
	snprintf(b, sizeof b, "%s", base_name(path));
	dash = strrchr(b, '-');
	if (dash && dash[1] && strspn(dash + 1, "0123456789.") == strlen(dash + 1)) {
		snprintf(dn->version, sizeof dn->version, "%.31s", dash + 1);
		*dash = 0;
	}
	n = strlen(b);
	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
		size_t k = strlen(tools[i].tool);
		bool whole = !strcmp(b, tools[i].tool);
		if (!whole && !(n > k + 1 && ends_with(b, tools[i].tool) && b[n - k - 1] == '-'))
			continue;
		dn->known = true;
		dn->cxx = tools[i].cxx;
		dn->clang = tools[i].clang;
		if (!whole) {
			b[n - k - 1] = 0;
			norm_triple(b, dn->triple, sizeof dn->triple);
		}
		break;
	}
	if (dn->clang)
		dn->version[0] = 0;	/* clang's, not gcc's */
}

enum {
	R_INPUT,		/* a linker input */
	R_SOURCE,		/* to be compiled */
	R_LINK,			/* only for the link (left out of compiles) */
	R_BOTH,			/* compile and link */
	R_LANG,			/* -x: given per source instead */
};

typedef struct dflags {
	bool is_static, shared, static_pie, reloc, nostdlib, nostartfiles;
	bool nodefaultlibs, nolibc, static_libgcc, shared_libgcc;
	bool static_libstdcxx, pthread, rdynamic, profile, coverage, openmp;
	bool asan, tsan, lsan, ubsan, m32, mx32;
	int pie;		/* -1 the default, 0 -no-pie, 1 -pie */
} dflags;

typedef struct dscan {
	strvec args;		/* the user's arguments, @FILE expanded */
	uint8_t *role;		/* per argument */
	const char **lang;	/* per source: the -x in effect, or NULL */
	size_t nsrc;
	const char *fuse_ld, *sysroot;	/* into args */
	/* the link as gcc's spec sees it, for the model */
	dflags f;
	strvec items;		/* files, -l, -Wl and -Xlinker pieces in order */
	strvec pre;		/* -o, -e, -u, -z, -s: before the start files */
	strvec udirs;		/* -L */
	strvec post;		/* -T */
	strvec unmodelled;	/* options the model does not know */
} dscan;

static void scan_free(dscan *s)
{
	sv_free(&s->args);
	free(s->role);
	free(s->lang);
	sv_free(&s->items);
	sv_free(&s->pre);
	sv_free(&s->udirs);
	sv_free(&s->post);
	sv_free(&s->unmodelled);
}

/* gcc's driver options whose value may be the next argument (gcc/common.opt,
 * c-family/c.opt "Separate"), and clang's most common ones. */
static const struct {
	const char *name;
	uint8_t role;
} gcc_sep[] = {
	{ "-o", R_LINK }, { "-x", R_LANG }, { "-l", R_LINK }, { "-L", R_LINK },
	{ "-T", R_LINK }, { "-u", R_LINK }, { "-e", R_LINK }, { "-z", R_LINK },
	{ "-Xlinker", R_LINK }, { "-MF", R_LINK }, { "-MT", R_LINK },
	{ "-MQ", R_LINK }, { "-I", R_BOTH }, { "-D", R_BOTH }, { "-U", R_BOTH },
	{ "-B", R_BOTH }, { "-A", R_BOTH }, { "-include", R_BOTH },
	{ "-imacros", R_BOTH }, { "-idirafter", R_BOTH }, { "-iprefix", R_BOTH },
	{ "-iwithprefix", R_BOTH }, { "-iwithprefixbefore", R_BOTH },
	{ "-isystem", R_BOTH }, { "-isysroot", R_BOTH }, { "-iquote", R_BOTH },
	{ "-imultilib", R_BOTH }, { "-imultiarch", R_BOTH },
	{ "-Xassembler", R_BOTH }, { "-Xpreprocessor", R_BOTH },
	{ "-Xclang", R_BOTH }, { "-mllvm", R_BOTH }, { "-aux-info", R_BOTH },
	{ "--param", R_BOTH }, { "-dumpbase", R_BOTH }, { "-dumpdir", R_BOTH },
	{ "-dumpbase-ext", R_BOTH }, { "-wrapper", R_BOTH },
	{ "--sysroot", R_BOTH }, { "-target", R_BOTH },
};

/* Only link the objects: these make the driver stop before the linker. */
static const char *const not_link[] = { "-c", "-S", "-E", "-M", "-MM", NULL };

/* Options of the link (gcc.c LINK_COMMAND_SPEC and gnu-user.h) that a
 * compile does not want. */
static const char *const link_only[] = {
	"-static", "-shared", "-pie", "-no-pie", "-static-pie", "-r",
	"-nostdlib", "-nostartfiles", "-nodefaultlibs", "-nolibc",
	"-static-libgcc", "-shared-libgcc", "-static-libstdc++", "-rdynamic",
	"-s", "-symbolic", "-static-libasan", "-static-libtsan",
	"-static-liblsan", "-static-libubsan", "-nostdlib++", "-###", "-MD",
	"-MMD", "-MP", "-MG", NULL,
};

static bool in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

/* The suffixes gcc compiles (gcc.c default_compilers): C, C++, Objective
 * C, assembler, Fortran.  Not .go: gccgo's objects are not our business. */
static bool is_source(const char *path)
{
	static const char *const sfx[] = {
		".c", ".i", ".cc", ".cp", ".cxx", ".cpp", ".CPP", ".c++", ".C",
		".ii", ".s", ".S", ".sx", ".m", ".mi", ".mm", ".M", ".mii",
		".f", ".for", ".ftn", ".F", ".FOR", ".fpp", ".FPP", ".FTN",
		".f90", ".f95", ".f03", ".f08", ".F90", ".F95", ".F03", ".F08",
		NULL,
	};
	const char *dot = strrchr(base_name(path), '.');

	return dot && in_list(sfx, dot);
}

/* -fsanitize=a,b / -fno-sanitize=a,b */
static void sanitize(dflags *f, const char *list, bool on)
{
	for (const char *s = list; *s; ) {
		size_t k = strcspn(s, ",");
		if (k == 7 && !strncmp(s, "address", 7))
			f->asan = on;
		else if (k == 6 && !strncmp(s, "thread", 6))
			f->tsan = on;
		else if (k == 4 && !strncmp(s, "leak", 4))
			f->lsan = on;
		else if (k == 9 && !strncmp(s, "undefined", 9))
			f->ubsan = on;
		s += k;
		if (*s)
			s++;
	}
}

/* What a link-affecting option without a separate value means for the
 * model; false when it is not one. */
static bool link_flag(dflags *f, const char *a)
{
	static const struct {
		const char *name;
		size_t off;
	} flags[] = {
#define F(n, m) { n, offsetof(dflags, m) }
		F("-static", is_static), F("-shared", shared),
		F("-static-pie", static_pie), F("-r", reloc),
		F("-nostdlib", nostdlib), F("-nostartfiles", nostartfiles),
		F("-nodefaultlibs", nodefaultlibs), F("-nolibc", nolibc),
		F("-static-libgcc", static_libgcc),
		F("-shared-libgcc", shared_libgcc),
		F("-static-libstdc++", static_libstdcxx), F("-pthread", pthread),
		F("-rdynamic", rdynamic), F("-p", profile), F("-pg", profile),
		F("--coverage", coverage), F("-fprofile-arcs", coverage),
		F("-fopenmp", openmp), F("-m32", m32), F("-mx32", mx32),
#undef F
	};

	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (!strcmp(a, flags[i].name)) {
			*(bool *)((char *)f + flags[i].off) = true;
			return true;
		}
	if (!strcmp(a, "-pie") || !strcmp(a, "-no-pie")) {
		f->pie = a[1] == 'p';
		return true;
	}
	if (!strcmp(a, "-m64")) {
		f->m32 = f->mx32 = false;
		return true;
	}
	if (!strncmp(a, "-fprofile-generate", 18)) {
		f->coverage = true;
		return true;
	}
	if (!strncmp(a, "-fsanitize=", 11) || !strncmp(a, "-fno-sanitize=", 14)) {
		bool on = a[2] == 's';
		sanitize(f, a + (on ? 11 : 14), on);
		return true;
	}
	return false;
}

/* Compile options the model can pass over without a note. */
static bool compile_option(const char *a)
{
	static const char *const pfx[] = {
		"-O", "-g", "-f", "-W", "-D", "-U", "-I", "-std=", "-m", "-i",
		"-ansi", "-pedantic", "-pipe", "-w", "-v", "-save-temps",
		"-dump", "--param=", "-print-", "-Q", "-x", "-MF", "-MT", "-MQ",
		"-specs=", "--target=", "-target", "-no-canonical-prefixes",
		"-nostdinc", "-undef", "-C", "-P", "-H", "-trigraphs",
		"-traditional", "--help", "--version", "-time", "-Xclang",
		"-Xassembler", "-Xpreprocessor", "-Wa,", "-Wp,", NULL,
	};

	for (const char *const *p = pfx; *p; p++)
		if (!strncmp(a, *p, strlen(*p)))
			return true;
	return false;
}

static int add_wl(strvec *items, const char *list, ls_diag *d)
{
	/* -Wl,a,b,c: each piece is an argument; gcc keeps no quoting. */
	for (const char *s = list; *s; ) {
		size_t k = strcspn(s, ",");
		if (k && sv_addn(items, s, k) < 0)
			return oom(d);
		s += k;
		if (*s)
			s++;
	}
	return 0;
}

/* A gcc option that has its value joined: -lfoo, -L dir, -ofile ... */
static int joined(dscan *s, const char *a, ls_diag *d)
{
	const char *v = a + 2;
	int rc = 0;

	switch (a[1]) {
	case 'o':
		rc = sv_add(&s->pre, "-o") < 0 || sv_add(&s->pre, v) < 0;
		break;
	case 'l':
		rc = sv_add(&s->items, a) < 0;
		break;
	case 'L':
		rc = sv_add(&s->udirs, v) < 0;
		break;
	case 'T':
		rc = sv_add(&s->post, "-T") < 0 || sv_add(&s->post, v) < 0;
		break;
	case 'u':
	case 'e':
	case 'z': {
		char o[3] = { '-', a[1], 0 };
		rc = sv_add(&s->pre, o) < 0 || sv_add(&s->pre, v) < 0;
		break;
	}
	}
	return rc ? oom(d) : 0;
}

/* One option with its value in the next argument. */
static int separate(dscan *s, const char *a, const char *v, const char **lang,
		    ls_diag *d)
{
	const char *o = NULL;

	if (!strcmp(a, "-x")) {
		*lang = strcmp(v, "none") ? v : NULL;
		return 0;
	}
	if (!strcmp(a, "-Xlinker"))
		return sv_add(&s->items, v) < 0 ? oom(d) : 0;
	if (!strcmp(a, "-l"))
		return sv_addf(&s->items, "-l%s", v) < 0 ? oom(d) : 0;
	if (!strcmp(a, "-L"))
		return sv_add(&s->udirs, v) < 0 ? oom(d) : 0;
	if (!strcmp(a, "--sysroot")) {
		s->sysroot = v;
		return 0;
	}
	if (!strcmp(a, "-B")) {
		if (sv_add(&s->unmodelled, "-B") < 0)
			return oom(d);
		return 0;
	}
	if (!strcmp(a, "-T"))
		return sv_add(&s->post, a) < 0 || sv_add(&s->post, v) < 0 ? oom(d) : 0;
	if (!strcmp(a, "-o") || !strcmp(a, "-u") || !strcmp(a, "-e") || !strcmp(a, "-z"))
		o = a;
	if (o && (sv_add(&s->pre, o) < 0 || sv_add(&s->pre, v) < 0))
		return oom(d);
	return 0;
}

static int scan_driver(int argc, char **argv, dscan *s, ls_diag *d)
{
	const char *lang = NULL;
	size_t n;

	s->f.pie = -1;
	if (expand_args(argc, argv, 1, &s->args, d) < 0)
		return -1;
	n = s->args.n;
	if (!(s->role = calloc(n, 1)) || !(s->lang = calloc(n, sizeof *s->lang)))
		return oom(d);
	for (size_t i = 1; i < n; i++) {
		const char *a = s->args.v[i];
		size_t k;

		if (a[0] != '-' || !a[1]) {
			if (!strcmp(a, "-"))
				return ls_fail_nooff(d, "'-': a source on standard input "
						     "cannot be compiled here");
			if (lang || is_source(a)) {
				if (++s->nsrc > MAX_SOURCES)
					return ls_fail_nooff(d, "more than %d sources",
							     MAX_SOURCES);
				s->role[i] = R_SOURCE;
				s->lang[i] = lang;
				/* Its object takes its place among the inputs. */
				if (sv_add(&s->items, a) < 0)
					return oom(d);
			} else {
				s->role[i] = R_INPUT;
				if (sv_add(&s->items, a) < 0)
					return oom(d);
			}
			continue;
		}
		if (in_list(not_link, a))
			return ls_fail_nooff(d, "not a link: %s stops the driver "
					     "before the linker", a);
		for (k = 0; k < sizeof gcc_sep / sizeof gcc_sep[0]; k++)
			if (!strcmp(a, gcc_sep[k].name))
				break;
		if (k < sizeof gcc_sep / sizeof gcc_sep[0]) {
			if (i + 1 >= n)
				return ls_fail_nooff(d, "missing argument to '%s'", a);
			s->role[i] = s->role[i + 1] = gcc_sep[k].role;
			if (separate(s, a, s->args.v[i + 1], &lang, d) < 0)
				return -1;
			i++;
			continue;
		}
		s->role[i] = R_BOTH;
		if (!strncmp(a, "-Wl,", 4)) {
			s->role[i] = R_LINK;
			if (add_wl(&s->items, a + 4, d) < 0)
				return -1;
		} else if (!strncmp(a, "-x", 2)) {
			s->role[i] = R_LANG;
			lang = strcmp(a + 2, "none") ? a + 2 : NULL;
		} else if (!strncmp(a, "-fuse-ld=", 9) || !strncmp(a, "--ld-path=", 10)) {
			s->role[i] = R_LINK;
			s->fuse_ld = strchr(a, '=') + 1;
		} else if (!strncmp(a, "--sysroot=", 10)) {
			s->sysroot = a + 10;
		} else if (!strcmp(a, "-undef")) {
			;	/* the preprocessor's, not -u ndef */
		} else if (in_list(link_only, a) || !strncmp(a, "-save-temps", 11)) {
			s->role[i] = R_LINK;
			if (!strcmp(a, "-s") && sv_add(&s->pre, a) < 0)
				return oom(d);
			if (!link_flag(&s->f, a) && strcmp(a, "-s") && strcmp(a, "-symbolic") &&
			    strcmp(a, "-###") && a[1] != 'M' && strncmp(a, "-save-temps", 11) &&
			    sv_add(&s->unmodelled, a) < 0)
				return oom(d);
		} else if (strchr("olLTuez", a[1]) && a[2] && !compile_option(a)) {
			s->role[i] = R_LINK;
			if (joined(s, a, d) < 0)
				return -1;
		} else if (!strncmp(a, "-B", 2)) {
			if (sv_add(&s->unmodelled, "-B") < 0)
				return oom(d);
		} else if (!link_flag(&s->f, a) && !compile_option(a)) {
			if (sv_add(&s->unmodelled, a) < 0)
				return oom(d);
		}
	}
	return 0;
}

/* --- the Debian 12 gcc model ------------------------------------------------ */

/*
 * What gcc 12 as built by Debian prints for -### when linking, rebuilt
 * from its specs (gcc.c LINK_COMMAND_SPEC, config/gnu-user.h
 * GNU_USER_TARGET_STARTFILE_SPEC / ENDFILE_SPEC / LINK_GCC_C_SEQUENCE_SPEC,
 * the <cpu>/linux*.h LINK_SPECs) and checked against the installed gcc,
 * aarch64-linux-gnu-gcc, arm-linux-gnueabihf-gcc and riscv64-linux-gnu-gcc
 * for the default link, -static, -shared, -no-pie and -static-pie.
 *
 * Layout (Debian): gcc's own files in G = /usr/lib/gcc/TRIPLE/VER (native)
 * or /usr/lib/gcc-cross/TRIPLE/VER (cross, with the C library in
 * /usr/TRIPLE/lib, reached as G/../../../../TRIPLE/lib).  gcc searches
 * its start files along the prefixes below, in order, and passes the ones
 * that exist as -L (all but "/lib/" and "/usr/lib/", which ld searches
 * anyway: gcc.c is_directory).  A start file found nowhere is still
 * listed, where it belongs, so that the link reports it missing.  When G
 * itself does not exist (the driver is not installed) the paths through it
 * are written without "..", since the kernel cannot walk through a
 * directory that is not there.
 */
typedef struct mtarget {
	const triple_info *t;
	const char *triple, *multiarch, *emul, *dynlinker, *osdir;
	char gbase[PATH_MAX];	/* G */
	char gdir[PATH_MAX];	/* where crtbegin.o is: G, or G/32 */
	char version[32];
	bool gexists, cross;
	const char *sysroot;	/* the user's --sysroot, or NULL */
	strvec prefixes;	/* startfile prefixes, each ending in '/' */
} mtarget;

static int add_prefix(mtarget *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_prefix(mtarget *m, const char *fmt, ...)
{
	char buf[PATH_MAX], norm[PATH_MAX];
	const char *p = buf;
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof buf)
		return -1;
	if (!m->gexists && !strncmp(buf, m->gbase, strlen(m->gbase))) {
		normalize(buf, norm, sizeof norm);
		p = norm;
	}
	if (sv_has(&m->prefixes, p))
		return 0;
	return sv_add(&m->prefixes, p);
}

/* gcc's startfile_prefixes for the target, in gcc's order (compare the
 * LIBRARY_PATH that `gcc -v` prints). */
static int model_prefixes(mtarget *m)
{
	const char *S = m->sysroot ? m->sysroot : "";
	const char *MA = m->multiarch, *OS = m->osdir, *G = m->gbase;
	bool os = strcmp(OS, ".") != 0;
	int rc = 0;

	rc |= add_prefix(m, "%s/", m->gdir);
	if (!m->cross) {
		rc |= add_prefix(m, "%s/../../../%s/", G, MA);
		if (os)
			rc |= add_prefix(m, "%s/../../../%s/", G, OS);
		rc |= add_prefix(m, "%s/lib/%s/", S, MA);
		if (os)
			rc |= add_prefix(m, "%s/lib/%s/", S, OS);
		rc |= add_prefix(m, "%s/usr/lib/%s/", S, MA);
		if (os)
			rc |= add_prefix(m, "%s/usr/lib/%s/", S, OS);
		rc |= add_prefix(m, "%s/../../../", G);
	} else {
		const char *T = m->triple;
		if (os)
			rc |= add_prefix(m, "%s/../../../../%s/lib/%s/", G, T, OS);
		else
			rc |= add_prefix(m, "%s/../../../../%s/lib/", G, T);
		rc |= add_prefix(m, "%s/lib/%s/", S, MA);
		rc |= os ? add_prefix(m, "%s/lib/%s/", S, OS) : add_prefix(m, "%s/lib/", S);
		rc |= add_prefix(m, "%s/usr/lib/%s/", S, MA);
		rc |= os ? add_prefix(m, "%s/usr/lib/%s/", S, OS)
			 : add_prefix(m, "%s/usr/lib/", S);
		if (os)
			rc |= add_prefix(m, "%s/../../../../%s/lib/", G, T);
	}
	rc |= add_prefix(m, "%s/lib/", S);
	rc |= add_prefix(m, "%s/usr/lib/", S);
	return rc ? -1 : 0;
}

/* A start file: the first prefix that has it, else where it belongs (gcc's
 * own directory, or the C library's: prefixes 0 and 1). */
static int model_file(const mtarget *m, strvec *ld, const char *name, bool gcc)
{
	char buf[PATH_MAX];

	for (size_t i = 0; i < m->prefixes.n; i++) {
		int k = snprintf(buf, sizeof buf, "%s%s", m->prefixes.v[i], name);
		if (k > 0 && (size_t)k < sizeof buf && access(buf, R_OK) == 0)
			return sv_add(ld, buf);
	}
	return sv_addf(ld, "%s%s", m->prefixes.v[gcc ? 0 : 1], name);
}

static int model_dirs(const mtarget *m, strvec *ld)
{
	for (size_t i = 0; i < m->prefixes.n; i++) {
		char dir[PATH_MAX];
		const char *p = m->prefixes.v[i];
		size_t n = strlen(p);
		if (!strcmp(p, "/lib/") || !strcmp(p, "/usr/lib/"))
			continue;
		snprintf(dir, sizeof dir, "%.*s", (int)(n > 1 ? n - 1 : n), p);
		/* gcc's own directory would exist if it were installed. */
		if ((i == 0 || is_dir(dir)) && sv_addf(ld, "-L%s", dir) < 0)
			return -1;
	}
	return 0;
}

static int add_words(strvec *ld, const char *words)
{
	for (const char *s = words; *s; ) {
		size_t k = strcspn(s, " ");
		if (k && sv_addn(ld, s, k) < 0)
			return -1;
		s += k;
		while (*s == ' ')
			s++;
	}
	return 0;
}

/* libgcc: gcc.c init_gcc_specs with USE_LD_AS_NEEDED. */
static int add_libgcc(strvec *ld, const dflags *f, bool cxx, bool stat, bool spie)
{
	if (stat || f->static_libgcc || spie)
		return add_words(ld, "-lgcc -lgcc_eh");
	if (f->shared_libgcc || cxx)
		return add_words(ld, f->shared ? "-lgcc_s" : "-lgcc_s -lgcc");
	return add_words(ld, "-lgcc --push-state --as-needed -lgcc_s --pop-state");
}

/* The collect2 line, without the plugin options (collect2_args drops them). */
static int model_line(const dscan *s, const mtarget *m, const drvname *dn,
		      const char *ldname, strvec *ld)
{
	const triple_info *t = m->t;
	const dflags *f = &s->f;
	bool r = f->reloc, stat = f->is_static, shared = f->shared;
	bool spie = f->static_pie && !stat;
	bool pie = !shared && !stat && !spie && f->pie != 0;
	bool san = f->asan || f->tsan || f->lsan || f->ubsan;
	bool starts = !f->nostdlib && !f->nostartfiles && !r;
	bool libs = !f->nostdlib && !f->nodefaultlibs && !r;
	const char *early = f->asan ? "asan" : f->tsan ? "tsan" : f->lsan ? "lsan" : NULL;
	/* Debian's amd64 gcc is built with offload targets (nvptx, amdgcn). */
	bool offload = f->openmp && !m->cross && !strcmp(t->triple, "x86_64-linux-gnu");
	int rc = 0;

	rc |= sv_add(ld, ldname);
	if (m->cross || s->sysroot)
		rc |= sv_addf(ld, "--sysroot=%s", s->sysroot ? s->sysroot : "/");
	if (!r)
		rc |= sv_add(ld, "--build-id");
	if (!stat)
		rc |= sv_add(ld, "--eh-frame-hdr");
	rc |= sv_add(ld, "-m");
	rc |= sv_add(ld, m->emul);
	rc |= sv_add(ld, "--hash-style=gnu");
	/* Debian drops --as-needed when a sanitizer is linked. */
	if (!san)
		rc |= sv_add(ld, "--as-needed");
	if (shared) {
		/* aarch64 and arm: "%{static:-Bstatic}" whatever the output. */
		if (stat && !strcmp(t->static_opt, "-Bstatic"))
			rc |= sv_add(ld, "-Bstatic");
		rc |= sv_add(ld, "-shared");
	} else if (stat) {
		rc |= sv_add(ld, t->static_opt);
	} else if (spie && t->static_pie) {
		rc |= sv_add(ld, t->static_opt);
		rc |= add_words(ld, "-pie --no-dynamic-linker -z text");
	} else {
		if (f->rdynamic)
			rc |= sv_add(ld, "-export-dynamic");
		rc |= sv_add(ld, "-dynamic-linker");
		rc |= sv_add(ld, m->dynlinker);
	}
	rc |= add_words(ld, t->extra);
	if (!r && (pie || spie))
		rc |= sv_add(ld, "-pie");
	if (r)
		rc |= sv_add(ld, "-r");
	for (size_t i = 0; i < s->pre.n; i++)
		rc |= sv_add(ld, s->pre.v[i]);
	if (starts) {
		if (!shared)
			rc |= model_file(m, ld, f->profile ? (spie ? "grcrt1.o" : "gcrt1.o")
					 : stat ? "crt1.o" : spie ? "rcrt1.o"
					 : pie ? "Scrt1.o" : "crt1.o", false);
		rc |= model_file(m, ld, "crti.o", false);
		rc |= model_file(m, ld, stat ? "crtbeginT.o" : shared || spie || pie
				 ? "crtbeginS.o" : "crtbegin.o", true);
		if (offload)
			rc |= model_file(m, ld, "crtoffloadbegin.o", true);
	}
	for (size_t i = 0; i < s->udirs.n; i++)
		rc |= sv_addf(ld, "-L%s", s->udirs.v[i]);
	rc |= model_dirs(m, ld);
	if (libs && early) {
		char pre[32];
		snprintf(pre, sizeof pre, "lib%s_preinit.o", early);
		if (!shared)
			rc |= model_file(m, ld, pre, true);
		rc |= add_words(ld, "--push-state --no-as-needed");
		rc |= sv_addf(ld, "-l%s", early);
		rc |= sv_add(ld, "--pop-state");
	}
	/* g++ moves the user's first -lm and -lc after the -lstdc++ it adds
	 * (gcc/cp/g++spec.c: libstdc++ uses both). */
	size_t mi = SIZE_MAX, ci = SIZE_MAX;
	for (size_t i = 0; libs && dn->cxx && i < s->items.n; i++) {
		if (mi == SIZE_MAX && !strcmp(s->items.v[i], "-lm"))
			mi = i;
		if (ci == SIZE_MAX && !strcmp(s->items.v[i], "-lc"))
			ci = i;
	}
	for (size_t i = 0; i < s->items.n; i++)
		if (i != mi && i != ci)
			rc |= sv_add(ld, s->items.v[i]);
	if (libs) {
		bool group = stat || spie;
		if (dn->cxx)
			rc |= add_words(ld, f->static_libstdcxx && !stat
					? "-Bstatic -lstdc++ -Bdynamic -lm" : "-lstdc++ -lm");
		if (ci != SIZE_MAX)
			rc |= sv_add(ld, "-lc");
		if (f->openmp)
			rc |= add_words(ld, !stat ? "-lgomp" : t->pthread_atomic
					? "-lgomp -ldl -lpthread" : "-lgomp -ldl");
		if (f->ubsan)
			rc |= add_words(ld, "--push-state --no-as-needed -lubsan --pop-state");
		if (f->coverage)
			rc |= sv_add(ld, "-lgcov");
		if (group)
			rc |= sv_add(ld, "--start-group");
		rc |= add_libgcc(ld, f, dn->cxx, stat, spie);
		if (!f->nolibc) {
			if (f->pthread || f->openmp)
				rc |= sv_add(ld, "-lpthread");
			rc |= sv_add(ld, "-lc");
			if ((f->pthread || f->openmp) && t->pthread_atomic)
				rc |= add_words(ld, "--push-state --as-needed -latomic --pop-state");
		}
		if (group)
			rc |= sv_add(ld, "--end-group");
		else
			rc |= add_libgcc(ld, f, dn->cxx, stat, spie);
	}
	if (starts) {
		rc |= model_file(m, ld, stat ? "crtend.o" : shared || spie || pie
				 ? "crtendS.o" : "crtend.o", true);
		rc |= model_file(m, ld, "crtn.o", false);
		if (offload)
			rc |= model_file(m, ld, "crtoffloadend.o", true);
	}
	for (size_t i = 0; i < s->post.n; i++)
		rc |= sv_add(ld, s->post.v[i]);
	return rc ? -1 : 0;
}

/* The version directory gcc would use: the one the name asks for
 * (gcc-12), else the highest that exists, else Debian 12's "12". */
static void pick_version(const char *root, const char *want, char *out,
			 size_t size)
{
	char best[32] = "";
	DIR *dir;
	struct dirent *e;

	if (want && *want) {
		snprintf(out, size, "%s", want);
		return;
	}
	if ((dir = opendir(root))) {
		while ((e = readdir(dir))) {
			const char *v = e->d_name;
			size_t n = strlen(v);
			if (n == 0 || n >= sizeof best || v[0] < '0' || v[0] > '9' ||
			    strspn(v, "0123456789.") != n)
				continue;
			if (!*best || strverscmp(v, best) > 0)
				memcpy(best, v, n + 1);	/* n < sizeof best */
		}
		closedir(dir);
	}
	snprintf(out, size, "%s", *best ? best : "12");
}

static int model_driver(const char *drv, dscan *s, const drvname *dn, bool forced,
			int override, ls_link_cmd *cmd, ls_diag *d)
{
	const char *why = forced ? "LINKSCOPE_NO_DRIVER=1" : "not installed";
	const char *triple = dn->triple[0] ? dn->triple : host_triple();
	const triple_info *t = find_triple(triple);
	mtarget m = { 0 };
	strvec ld = { 0 };
	char root[256], ldname[PATH_MAX], how[512];
	ldctx x = { 0 };
	int rc = -1;

	if (!dn->known)
		return ls_fail_nooff(d, "%s: not found, and not a gcc or clang name "
				     "linkscope can stand in for", drv);
	if (!t || !t->dynlinker)
		return ls_fail_nooff(d, "%s (%s): no driver model for target %s",
				     drv, why, triple);
	for (size_t i = 1; i < s->args.n; i++)
		if (s->role[i] == R_SOURCE)
			return ls_fail_nooff(d, "%s: compiling it needs %s, which is %s",
					     s->args.v[i], base_name(drv),
					     forced ? "disabled by LINKSCOPE_NO_DRIVER=1"
						    : "not installed");
	m.t = t;
	m.triple = t->triple;
	m.multiarch = t->multiarch;
	m.emul = t->emul;
	m.dynlinker = t->dynlinker;
	m.osdir = t->osdir;
	m.cross = strcmp(t->triple, host_triple()) != 0;
	m.sysroot = s->sysroot && strcmp(s->sysroot, "/") ? s->sysroot : NULL;
	snprintf(root, sizeof root, "/usr/lib/%s/%s", m.cross ? "gcc-cross" : "gcc",
		 t->triple);
	pick_version(root, dn->version, m.version, sizeof m.version);
	snprintf(m.gbase, sizeof m.gbase, "%s/%s", root, m.version);
	m.gexists = is_dir(m.gbase);
	snprintf(m.gdir, sizeof m.gdir, "%s", m.gbase);
	if (s->f.m32 && !strcmp(t->triple, "x86_64-linux-gnu")) {
		/* gcc's i386 multilib (Debian: lib32, i386-linux-gnu). */
		m.emul = "elf_i386";
		m.dynlinker = "/lib/ld-linux.so.2";
		m.multiarch = "i386-linux-gnu";
		m.osdir = "../lib32";
		if (snprintf(m.gdir, sizeof m.gdir, "%s/32", m.gbase) >= (int)sizeof m.gdir)
			return ls_fail_nooff(d, "%s: path too long", m.gbase);
		note(cmd, "-m32: modelled as gcc's i386 multilib (%s, /usr/lib32); "
		     "not checked against an installed gcc-multilib", m.gdir);
	} else if (s->f.m32 || s->f.mx32) {
		note(cmd, "%s: other multilibs are not modelled; linking for %s",
		     s->f.m32 ? "-m32" : "-mx32", t->triple);
	}
	if (!t->verified)
		note(cmd, "the %s driver model follows gcc's specs and Debian's "
		     "layout; it was not checked against an installed driver",
		     t->triple);
	if (dn->clang)
		note(cmd, "%s is not installed: modelled as Debian's gcc, not clang",
		     base_name(drv));
	for (size_t i = 0; i < s->unmodelled.n; i++)
		note(cmd, "driver option '%s' not modelled", s->unmodelled.v[i]);

	x.sem = override >= 0 ? override
	      : s->fuse_ld ? sem_from_fuse_ld(s->fuse_ld, cmd) : LS_SEM_BFD;
	x.sem_explicit = override >= 0 || s->fuse_ld;
	collect2_linker(x.sem, t->triple, ldname, sizeof ldname);
	x.linker = ldname;
	x.triple = t->triple;
	snprintf(how, sizeof how, "model of %s (%s): Debian 12 gcc %s layout",
		 base_name(drv), why, m.version);
	x.how = how;
	if (model_prefixes(&m) < 0 || model_line(s, &m, dn, ldname, &ld) < 0)
		rc = oom(d);
	else
		rc = parse_ld(&ld, &x, cmd, d);
	sv_free(&ld);
	sv_free(&m.prefixes);
	return rc;
}

/* --- an installed driver ---------------------------------------------------- */

/*
 * -### on a command with sources shows the compiles writing /tmp/ccXXXX.o,
 * which are never written.  So each source is compiled first, with the
 * options that matter to compiling, into cmd->tmpdir (removed by
 * ls_linkcmd_free), and its object takes its place.
 */
static int compile_sources(const char *drv, dscan *s, ls_link_cmd *cmd, ls_diag *d)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX];
	size_t k = 0;
	int n = snprintf(dir, sizeof dir, "%s/linkscope-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");

	if (n < 0 || (size_t)n >= sizeof dir || !mkdtemp(dir))
		return ls_fail_nooff(d, "cannot make a temporary directory: %s",
				     strerror(errno));
	if (set_str(&cmd->tmpdir, dir) < 0)
		return oom(d);
	for (size_t i = 1; i < s->args.n; i++) {
		strvec cv = { 0 };
		capture c;
		char obj[PATH_MAX], msg[160];
		const char *src, *b, *dot;
		int rc = 0;

		if (s->role[i] != R_SOURCE)
			continue;
		src = s->args.v[i];
		b = base_name(src);
		dot = strrchr(b, '.');
		n = snprintf(obj, sizeof obj, "%s/%zu-%.*s.o", dir, ++k,
			     (int)(dot ? (size_t)(dot - b) : strlen(b)), b);
		if (n < 0 || (size_t)n >= sizeof obj)
			return ls_fail_nooff(d, "%s: name too long", src);
		rc |= sv_add(&cv, drv);
		for (size_t j = 1; j < s->args.n; j++)
			if (s->role[j] == R_BOTH)
				rc |= sv_add(&cv, s->args.v[j]);
		if (s->lang[i]) {
			rc |= sv_add(&cv, "-x");
			rc |= sv_add(&cv, s->lang[i]);
		}
		rc |= sv_add(&cv, "-c");
		rc |= sv_add(&cv, src);
		rc |= sv_add(&cv, "-o");
		rc |= sv_add(&cv, obj);
		if (rc) {
			sv_free(&cv);
			return oom(d);
		}
		rc = run_capture(&cv, &c, d);
		sv_free(&cv);
		if (rc == 0 && c.status != 0) {
			first_error(&c, msg, sizeof msg);
			rc = ls_fail_nooff(d, "%s: compiling %s failed: %s",
					   base_name(drv), src, msg);
		}
		capture_free(&c);
		if (rc < 0)
			return -1;
		note(cmd, "%s compiled to %s", src, obj);
		if (set_str(&s->args.v[i], obj) < 0)
			return oom(d);
		s->role[i] = R_INPUT;
	}
	return 0;
}

static int run_driver(int argc, char **argv, dscan *s, const drvname *dn,
		      int override, ls_link_cmd *cmd, ls_diag *d)
{
	strvec v = { 0 }, line = { 0 }, ld = { 0 };
	capture c = { 0 };
	char triple[128], msg[160], ldname[PATH_MAX], how[300];
	char *fuse = NULL;
	ldctx x = { 0 };
	int rc = -1;

	if (s->nsrc && compile_sources(argv[0], s, cmd, d) < 0)
		goto out;
	if (sv_add(&v, argv[0]) < 0 || sv_add(&v, "-###") < 0)
		goto nomem;
	if (s->nsrc) {
		/* The expanded arguments with objects for sources; -x would
		 * make the driver compile the objects. */
		for (size_t i = 1; i < s->args.n; i++)
			if (s->role[i] != R_LANG && sv_add(&v, s->args.v[i]) < 0)
				goto nomem;
	} else {
		/* Expanded: a driver handed @file passes its own temporary
		 * response file to the linker and deletes it at exit, so the
		 * line -### prints would name a file that is gone. */
		(void)argc;
		for (size_t i = 1; i < s->args.n; i++)
			if (sv_add(&v, s->args.v[i]) < 0)
				goto nomem;
	}
	if (run_capture(&v, &c, d) < 0)
		goto out;
	if (c.status != 0) {
		first_error(&c, msg, sizeof msg);
		rc = ls_fail_nooff(d, "%s -### failed: %s", base_name(argv[0]), msg);
		goto out;
	}
	if (last_link_line(&c, &line, d) < 0)
		goto out;
	if (!line.n) {
		rc = ls_fail_nooff(d, "%s -### names no linker", base_name(argv[0]));
		goto out;
	}
	if (!driver_target(&c, triple, sizeof triple))
		snprintf(triple, sizeof triple, "%s",
			 dn->triple[0] ? dn->triple : host_triple());
	snprintf(how, sizeof how, "%s -###", base_name(argv[0]));
	x.how = how;
	if (!strcmp(base_name(line.v[0]), "collect2")) {
		if (collect2_args(&line, "collect2", &ld, &fuse, d) < 0)
			goto out;
		if (!fuse && s->fuse_ld && set_str(&fuse, s->fuse_ld) < 0)
			goto nomem;
		x.sem = override >= 0 ? override
		      : fuse ? sem_from_fuse_ld(fuse, cmd) : LS_SEM_BFD;
		x.sem_explicit = override >= 0 || fuse;
		collect2_linker(x.sem, triple, ldname, sizeof ldname);
		if (set_str(&ld.v[0], ldname) < 0)
			goto nomem;
		x.linker = ldname;
		x.triple = triple;
	} else {
		/* clang names the linker itself. */
		linker_name(line.v[0], &x.sem);
		if (override >= 0)
			x.sem = override;
		x.sem_explicit = override >= 0 || s->fuse_ld;
		ld = line;
		line = (strvec){ 0 };
	}
	rc = parse_ld(&ld, &x, cmd, d);
	goto out;
nomem:
	rc = oom(d);
out:
	free(fuse);
	capture_free(&c);
	sv_free(&v);
	sv_free(&line);
	sv_free(&ld);
	return rc;
}

static int build_driver(int argc, char **argv, int override, ls_link_cmd *cmd,
			ls_diag *d)
{
	const char *env = getenv("LINKSCOPE_NO_DRIVER");
	bool forced = env && !strcmp(env, "1");
	char path[PATH_MAX];
	drvname dn;
	dscan s = { 0 };
	int rc;

	parse_driver_name(argv[0], &dn);
	rc = scan_driver(argc, argv, &s, d);
	if (rc == 0) {
		if (!forced && find_program(argv[0], path, sizeof path))
			rc = run_driver(argc, argv, &s, &dn, override, cmd, d);
		else
			rc = model_driver(argv[0], &s, &dn, forced, override, cmd, d);
	}
	scan_free(&s);
	return rc;
}

/* --- the interface ------------------------------------------------------------ */

/* collect2 under /usr/lib/gcc[-cross]/TRIPLE/VER/ runs TRIPLE's ld. */
static void collect2_triple(const char *path, char *out, size_t size)
{
	const char *p = strstr(path, "/gcc-cross/");
	size_t skip = 11;

	if (!p) {
		p = strstr(path, "/gcc/");
		skip = 5;
	}
	if (p) {
		const char *t = p + skip, *e = strchr(t, '/');
		if (e && memchr(t, '-', (size_t)(e - t))) {
			char buf[128];
			snprintf(buf, sizeof buf, "%.*s", (int)(e - t), t);
			norm_triple(buf, out, size);
			return;
		}
	}
	snprintf(out, size, "%s", host_triple());
}

static int build_linker(int argc, char **argv, int override, ls_link_cmd *cmd,
			ls_diag *d)
{
	strvec in = { 0 }, ld = { 0 };
	ldctx x = { 0 };
	char triple[128], ldname[PATH_MAX];
	char *fuse = NULL;
	int sem = LS_SEM_BFD, rc;

	linker_name(argv[0], &sem);
	x.sem = override >= 0 ? override : sem;
	x.sem_explicit = override >= 0;
	x.how = "linker command line";
	for (int i = 0; i < argc; i++)
		if (sv_add(&in, argv[i]) < 0) {
			sv_free(&in);
			return oom(d);
		}
	if (!strcmp(base_name(argv[0]), "collect2")) {
		rc = collect2_args(&in, argv[0], &ld, &fuse, d);
		if (rc == 0 && fuse && override < 0) {
			x.sem = sem_from_fuse_ld(fuse, cmd);
			x.sem_explicit = true;
		}
		collect2_triple(argv[0], triple, sizeof triple);
		collect2_linker(x.sem, triple, ldname, sizeof ldname);
		x.triple = triple;
		x.linker = ldname;
		if (rc == 0)
			rc = parse_ld(&ld, &x, cmd, d);
	} else {
		/* Report the program that would run, as the driver paths do. */
		if (find_program(argv[0], ldname, sizeof ldname))
			x.linker = ldname;
		rc = parse_ld(&in, &x, cmd, d);
	}
	free(fuse);
	sv_free(&in);
	sv_free(&ld);
	return rc;
}

/*
 * The releases whose rules linkscope models, each checked against the real
 * linker by the link suite: Debian 12's GNU ld 2.40, gold 1.16 and mold
 * 1.10, and lld 13 to 16 (Debian 12 packages all four).  See docs/link.md
 * for what changes between them.
 */
static const struct {
	int first, last, deflt;	/* major * 100 + minor; deflt: Debian 12's */
	const char *first_name, *last_name, *deflt_name;
} modelled[] = {
	[LS_SEM_BFD] = { 240, 240, 240, "GNU ld 2.40", "GNU ld 2.40", "GNU ld 2.40" },
	[LS_SEM_GOLD] = { 116, 116, 116, "gold 1.16", "gold 1.16", "gold 1.16" },
	[LS_SEM_LLD] = { 1300, 1699, 1400, "lld 13", "lld 16", "lld 14" },
	[LS_SEM_MOLD] = { 110, 110, 110, "mold 1.10", "mold 1.10", "mold 1.10" },
};

/* "X.Y" at s (digits only), as X * 100 + Y; 0 if s holds no such number. */
static int release_number(const char *s)
{
	long major = 0, minor = 0;
	int nd = 0;

	while (*s >= '0' && *s <= '9' && nd < 4)
		major = major * 10 + (*s++ - '0'), nd++;
	if (!nd || *s != '.')
		return 0;
	s++;
	for (nd = 0; *s >= '0' && *s <= '9' && nd < 2; nd++)
		minor = minor * 10 + (*s++ - '0');
	return nd ? (int)(major * 100 + minor) : 0;
}

/*
 * Where each linker writes its release: "GNU ld (GNU Binutils for Debian)
 * 2.40" and "GNU gold (GNU Binutils for Debian 2.40) 1.16" end with it;
 * "Debian LLD 16.0.6 (compatible with GNU linkers)" and "LLD 14.0.0" put it
 * after "LLD "; "mold 1.10.1 (compatible with GNU ld)" after "mold ".
 */
int ls_linker_release_parse(int sem, const char *line)
{
	const char *p;

	if (!line)
		return 0;
	switch (sem) {
	case LS_SEM_BFD:
	case LS_SEM_GOLD:
		p = strrchr(line, ' ');
		return p ? release_number(p + 1) : 0;
	case LS_SEM_LLD:
		p = strstr(line, "LLD ");
		return p ? release_number(p + 4) : 0;
	case LS_SEM_MOLD:
		p = strstr(line, "mold ");
		return p ? release_number(p + 5) : 0;
	}
	return 0;
}

/* A `LINKER --version` on its own thread: see ls_linkcmd_version. */
typedef struct version_job {
	pthread_t thread;
	bool running;		/* not joined yet */
	strvec args;
	char *line;		/* its first line when it exits 0 */
} version_job;

static void *version_run(void *arg)
{
	version_job *j = arg;
	capture out;
	ls_diag d;

	if (run_capture(&j->args, &out, &d) < 0)
		return NULL;
	size_t n = strcspn(out.out, "\n");
	if (out.status == 0 && n > 0 && n < 200)
		j->line = strndup(out.out, n);
	capture_free(&out);
	return NULL;
}

/*
 * Asks the installed linker for its version (`LINKER --version`, the
 * user's own toolchain, no input given), to name it in the report and to
 * follow the rules of that release: lld 15 stopped pulling archive members
 * for common symbols, mold 1.11 checks --no-allow-shlib-undefined, and so
 * on.  A linker that is not installed has none.  It runs on a thread while
 * the inputs are read; without one, in line.
 */
static int read_linker_version(ls_link_cmd *cmd, ls_diag *d)
{
	version_job *j;

	if (!cmd->linker || cmd->linker[0] != '/' || access(cmd->linker, X_OK) != 0)
		return 0;
	if (!(j = calloc(1, sizeof *j)))
		return oom(d);
	if (sv_add(&j->args, cmd->linker) < 0 || sv_add(&j->args, "--version") < 0) {
		sv_free(&j->args);
		free(j);
		return oom(d);
	}
	j->running = pthread_create(&j->thread, NULL, version_run, j) == 0;
	if (!j->running)
		version_run(j);
	cmd->version_job = j;
	return 0;
}

/* The --version line, once the job is done (the job is not part of the
 * command's value: waiting for it is allowed through a const command). */
static const char *version_line(const ls_link_cmd *cmd)
{
	version_job *j = cmd->version_job;

	if (!j)
		return cmd->linker_version;
	if (j->running) {
		pthread_join(j->thread, NULL);
		j->running = false;
	}
	return j->line;
}

int ls_linkcmd_release(const ls_link_cmd *cmd)
{
	int rel = ls_linker_release_parse(cmd->sem, version_line(cmd));

	if (cmd->sem < LS_SEM_BFD || cmd->sem > LS_SEM_MOLD)
		return rel;
	return rel ? rel : modelled[cmd->sem].deflt;
}

void ls_linkcmd_version(ls_link_cmd *cmd)
{
	version_job *j = cmd->version_job;

	if (!j)
		return;
	version_line(cmd);
	cmd->version_job = NULL;
	sv_free(&j->args);
	cmd->linker_version = j->line;
	free(j);
	int rel = ls_linker_release_parse(cmd->sem, cmd->linker_version);
	if (!cmd->linker_version)
		return;
	if (!rel)
		note(cmd, "%s: no release number in this --version line; the rules "
		     "are those of %s", cmd->linker_version, modelled[cmd->sem].deflt_name);
	else if (rel > modelled[cmd->sem].last)
		note(cmd, "%s: the rules are those of %s, the newest modelled "
		     "release; later changes are not simulated", cmd->linker_version,
		     modelled[cmd->sem].last_name);
	else if (rel < modelled[cmd->sem].first)
		note(cmd, "%s: the rules are those of %s; differences from that "
		     "release are not simulated", cmd->linker_version,
		     modelled[cmd->sem].first_name);
}

int ls_linkcmd_build(int argc, char **argv, int sem_override,
		     ls_link_cmd *cmd, ls_diag *d)
{
	int sem, rc;

	memset(cmd, 0, sizeof *cmd);
	if (argc < 1 || !argv || !argv[0] || !argv[0][0])
		return ls_fail_nooff(d, "no command after --");
	if (sem_override > LS_SEM_MOLD)
		return ls_fail_nooff(d, "unknown semantics %d", sem_override);
	if (linker_name_plain(argv[0], &sem))
		rc = build_linker(argc, argv, sem_override, cmd, d);
	else
		rc = build_driver(argc, argv, sem_override, cmd, d);
	/* The version of the linker whose rules apply, not of another one
	 * that --semantics put in its place. */
	int named = -1;
	if (rc == 0 && cmd->linker && linker_name_plain(cmd->linker, &named) &&
	    named == cmd->sem)
		rc = read_linker_version(cmd, d);
	if (rc < 0)
		ls_linkcmd_free(cmd);
	return rc;
}

int ls_linkcmd_parse_ld(int argc, char **argv, ls_link_cmd *cmd, ls_diag *d)
{
	int rc;

	memset(cmd, 0, sizeof *cmd);
	if (argc < 1 || !argv || !argv[0])
		return ls_fail_nooff(d, "no linker command");
	rc = build_linker(argc, argv, -1, cmd, d);
	if (rc < 0)
		ls_linkcmd_free(cmd);
	return rc;
}

static int rm_entry(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void ls_linkcmd_free(ls_link_cmd *cmd)
{
	if (!cmd)
		return;
	ls_linkcmd_version(cmd);
	free(cmd->linker);
	free(cmd->linker_version);
	free(cmd->how);
	for (size_t i = 0; i < cmd->nargs; i++)
		free((char *)cmd->args[i].name);
	free(cmd->args);
	list_free(&cmd->libdirs, &cmd->nlibdirs);
	list_free(&cmd->default_dirs, &cmd->ndefault_dirs);
	list_free(&cmd->rpath_link, &cmd->nrpath_link);
	list_free(&cmd->rpath, &cmd->nrpath);
	list_free(&cmd->undefined, &cmd->nundefined);
	list_free(&cmd->defsym_arg, &cmd->ndefsym_arg);
	list_free(&cmd->defsym, &cmd->ndefsym);
	list_free(&cmd->wrap, &cmd->nwrap);
	list_free(&cmd->version_scripts, &cmd->nversion_scripts);
	list_free(&cmd->require, &cmd->nrequire);
	list_free(&cmd->undefined_glob, &cmd->nundefined_glob);
	list_free(&cmd->ignore_unresolved, &cmd->nignore_unresolved);
	list_free(&cmd->notes, &cmd->nnotes);
	list_free(&cmd->refused, &cmd->nrefused);
	list_free(&cmd->refused_lld14, &cmd->nrefused_lld14);
	free(cmd->sysroot);
	free(cmd->output);
	free(cmd->entry);
	free(cmd->emulation);
	if (cmd->tmpdir) {
		/* Only the directory compile_sources made, depth first. */
		nftw(cmd->tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(cmd->tmpdir);
	}
	memset(cmd, 0, sizeof *cmd);
}

static const char *const sem_names[] = { "bfd", "gold", "lld", "mold" };

const char *ls_link_sem_name(int sem)
{
	if (sem < 0 || sem > LS_SEM_MOLD)
		return "?";
	return sem_names[sem];
}

int ls_link_sem_parse(const char *s)
{
	for (int i = 0; s && i <= LS_SEM_MOLD; i++)
		if (!strcmp(s, sem_names[i]))
			return i;
	return -1;
}
