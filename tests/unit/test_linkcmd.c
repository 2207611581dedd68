/*
 * test_linkcmd.c - link command lines (ls_linkcmd_parse_ld,
 * ls_linkcmd_build) and linker scripts (ls_ldscript_*): response files
 * with GNU quoting and their limits, groups and --push-state as each
 * linker treats them, option values, the sysroot, the built-in search
 * directories, the Debian gcc model (-Wl splitting, and its line compared
 * with what an installed aarch64-linux-gnu-gcc and gcc print for -###),
 * sources compiled before -###, and scripts: small, malformed, and the
 * system's own libc.so, libm.so and libgcc_s.so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "link/ldscript.h"
#include "link/linkcmd.h"
#include "core/mapfile.h"
#include "readers/elf_defs.h"

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- helpers ------------------------------------------------------------ */

#define MAXV 64

static char tmpdir[256];

static int rm_cb(const char *p, const struct stat *st, int t, struct FTW *f)
{
	(void)st;
	(void)t;
	(void)f;
	return remove(p);
}

static int dir_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/lstest-linkcmd-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int dir_teardown(void **state)
{
	(void)state;
	nftw(tmpdir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* A file in tmpdir; returns its path in a static buffer ring. */
static const char *tfile(const char *name, const char *text)
{
	static char ring[8][PATH_MAX];
	static int k;
	char *p = ring[k++ % 8];
	FILE *f;

	snprintf(p, PATH_MAX, "%s/%s", tmpdir, name);
	if (text) {
		assert_non_null(f = fopen(p, "w"));
		fputs(text, f);
		fclose(f);
	}
	return p;
}

/* Runs ls_linkcmd_build (sem -1) or ls_linkcmd_parse_ld on a NULL-ended
 * argument list. */
static int run(bool build, int sem, ls_link_cmd *c, ls_diag *d, ...)
{
	char *v[MAXV];
	int n = 0;
	va_list ap;

	va_start(ap, d);
	while (n < MAXV - 1 && (v[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	v[n] = NULL;
	memset(d, 0, sizeof *d);
	return build ? ls_linkcmd_build(n, v, sem, c, d)
		     : ls_linkcmd_parse_ld(n, v, c, d);
}

#define LD(c, d, ...) run(false, -1, c, d, __VA_ARGS__, (char *)NULL)
#define BUILD(c, d, ...) run(true, -1, c, d, __VA_ARGS__, (char *)NULL)

static void ok(int rc, const ls_diag *d)
{
	if (rc != 0)
		fail_msg("failed: %s", d->msg);
}

static void fails(int rc, const ls_diag *d, const char *want)
{
	if (rc == 0)
		fail_msg("succeeded, wanted '%s'", want);
	if (!strstr(d->msg, want))
		fail_msg("'%s', wanted '%s'", d->msg, want);
}

enum { WA = 1, AN = 2, ST = 4 };

static void arg_is(const ls_link_cmd *c, size_t i, int kind, const char *name,
		   int flags)
{
	if (i >= c->nargs)
		fail_msg("no argument %zu ('%s'): %zu arguments", i, name, c->nargs);
	const ls_link_arg *a = &c->args[i];
	if (a->kind != kind || strcmp(a->name, name))
		fail_msg("argument %zu: kind %d '%s', wanted kind %d '%s'", i,
			 a->kind, a->name, kind, name);
	int got = (a->whole_archive ? WA : 0) | (a->as_needed ? AN : 0) |
		  (a->bstatic ? ST : 0);
	if (got != flags)
		fail_msg("argument %zu '%s': flags %d, wanted %d", i, name, got, flags);
}

static bool has_note(const ls_link_cmd *c, const char *part)
{
	for (size_t i = 0; i < c->nnotes; i++)
		if (strstr(c->notes[i], part))
			return true;
	return false;
}

static bool has_str(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* --- response files ------------------------------------------------------ */

static void test_response_files(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	char inner[PATH_MAX + 2], outer[PATH_MAX + 2], text[PATH_MAX + 200];
	(void)state;

	snprintf(inner, sizeof inner, "@%s", tfile("inner.rsp",
		 "--whole-archive libw.a\n--no-whole-archive\n"));
	snprintf(text, sizeof text,
		 "-o 'my out' \"-lq\\\"uo\" a\\ b.o\n"
		 "'it''s' \"\" %s -L\t/x  # not a comment\n", inner);
	snprintf(outer, sizeof outer, "@%s", tfile("outer.rsp", text));
	ok(LD(&c, &d, "ld", "x.o", outer, "y.o"), &d);
	assert_string_equal(c.output, "my out");
	arg_is(&c, 0, LS_ARG_FILE, "x.o", 0);
	arg_is(&c, 1, LS_ARG_LIB, "q\"uo", 0);
	arg_is(&c, 2, LS_ARG_FILE, "a b.o", 0);
	arg_is(&c, 3, LS_ARG_FILE, "its", 0);
	arg_is(&c, 4, LS_ARG_FILE, "", 0);
	arg_is(&c, 5, LS_ARG_FILE, "libw.a", WA);
	arg_is(&c, 6, LS_ARG_FILE, "#", 0);	/* no comments in @FILE */
	arg_is(&c, 7, LS_ARG_FILE, "not", 0);
	arg_is(&c, 10, LS_ARG_FILE, "y.o", 0);
	assert_int_equal(c.nargs, 11);
	assert_true(has_str(c.libdirs, c.nlibdirs, "/x"));
	ls_linkcmd_free(&c);

	/* A backslash escapes even inside single quotes (libiberty). */
	snprintf(outer, sizeof outer, "@%s", tfile("sq.rsp", "'a\\'b' c"));
	ok(LD(&c, &d, "ld", outer), &d);
	arg_is(&c, 0, LS_ARG_FILE, "a'b", 0);
	arg_is(&c, 1, LS_ARG_FILE, "c", 0);
	ls_linkcmd_free(&c);

	/* An empty response file adds nothing. */
	snprintf(outer, sizeof outer, "@%s", tfile("empty.rsp", ""));
	ok(LD(&c, &d, "ld", outer, "z.o"), &d);
	assert_int_equal(c.nargs, 1);
	ls_linkcmd_free(&c);
}

static void test_response_file_errors(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	char self[PATH_MAX + 2], text[PATH_MAX + 8], missing[PATH_MAX + 2];
	(void)state;

	snprintf(missing, sizeof missing, "@%s", tfile("nope.rsp", NULL));
	fails(LD(&c, &d, "ld", missing), &d, "nope.rsp");
	assert_null(c.args);

	/* A file that names itself: bounded, not endless. */
	snprintf(self, sizeof self, "@%s", tfile("self.rsp", NULL));
	snprintf(text, sizeof text, "x.o %s\n", self);
	tfile("self.rsp", text);
	fails(LD(&c, &d, "ld", self), &d, "nested more than 16 deep");

	/* A directory is not a response file. */
	snprintf(self, sizeof self, "@%s", tmpdir);
	fails(LD(&c, &d, "ld", self), &d, "not a regular file");

	/* "@" alone is a file name. */
	ok(LD(&c, &d, "ld", "@"), &d);
	arg_is(&c, 0, LS_ARG_FILE, "@", 0);
	ls_linkcmd_free(&c);
}

/* --- groups and positional state ----------------------------------------- */

/* The release numbers of real --version lines (Debian 12's, lld 13-16,
 * upstream builds) and lines without one. */
static void test_release_parse(void **state)
{
	(void)state;
	assert_int_equal(ls_linker_release_parse(LS_SEM_BFD,
		"GNU ld (GNU Binutils for Debian) 2.40"), 240);
	assert_int_equal(ls_linker_release_parse(LS_SEM_BFD,
		"GNU ld (GNU Binutils) 2.41.50.20231012"), 241);
	assert_int_equal(ls_linker_release_parse(LS_SEM_GOLD,
		"GNU gold (GNU Binutils for Debian 2.40) 1.16"), 116);
	assert_int_equal(ls_linker_release_parse(LS_SEM_LLD,
		"Debian LLD 16.0.6 (compatible with GNU linkers)"), 1600);
	assert_int_equal(ls_linker_release_parse(LS_SEM_LLD,
		"Ubuntu LLD 18.1.3 (compatible with GNU linkers)"), 1801);
	assert_int_equal(ls_linker_release_parse(LS_SEM_LLD, "LLD 13.0.1"), 1300);
	assert_int_equal(ls_linker_release_parse(LS_SEM_MOLD,
		"mold 1.10.1 (compatible with GNU ld)"), 110);
	assert_int_equal(ls_linker_release_parse(LS_SEM_MOLD,
		"mold 2.40.4 (2d3a1ea0; compatible with GNU ld)"), 240);
	assert_int_equal(ls_linker_release_parse(LS_SEM_LLD, "LLD version unknown"), 0);
	assert_int_equal(ls_linker_release_parse(LS_SEM_MOLD, "mold"), 0);
	assert_int_equal(ls_linker_release_parse(LS_SEM_BFD, "GNU ld 2."), 0);
	assert_int_equal(ls_linker_release_parse(LS_SEM_BFD, ""), 0);
	assert_int_equal(ls_linker_release_parse(LS_SEM_BFD, NULL), 0);
	assert_int_equal(ls_linker_release_parse(LS_SEM_LLD, "LLD 99999999.1"), 0);
}

static void test_groups(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	(void)state;

	ok(LD(&c, &d, "ld", "a.o", "--start-group", "-la", "-lb", "--end-group",
	      "-(", "c.a", "-)"), &d);
	arg_is(&c, 1, LS_ARG_GROUP_START, "--start-group", 0);
	arg_is(&c, 2, LS_ARG_LIB, "a", 0);
	arg_is(&c, 4, LS_ARG_GROUP_END, "--end-group", 0);
	arg_is(&c, 5, LS_ARG_GROUP_START, "--start-group", 0);
	arg_is(&c, 6, LS_ARG_FILE, "c.a", 0);
	arg_is(&c, 7, LS_ARG_GROUP_END, "--end-group", 0);
	ls_linkcmd_free(&c);

	/* binutils 2.40 nests groups; the outer one decides. */
	ok(LD(&c, &d, "ld", "-(", "-la", "-(", "-lb", "-)", "-lc", "-)"), &d);
	assert_int_equal(c.nargs, 5);
	arg_is(&c, 0, LS_ARG_GROUP_START, "--start-group", 0);
	arg_is(&c, 2, LS_ARG_LIB, "b", 0);
	arg_is(&c, 4, LS_ARG_GROUP_END, "--end-group", 0);
	assert_true(has_note(&c, "nested"));
	ls_linkcmd_free(&c);

	/* A missing end: bfd adds it, with its warning. */
	ok(LD(&c, &d, "ld", "-(", "-la"), &d);
	arg_is(&c, 2, LS_ARG_GROUP_END, "--end-group", 0);
	assert_true(has_note(&c, "missing --end-group"));
	ls_linkcmd_free(&c);

	fails(LD(&c, &d, "ld", "x.o", "-)"), &d, "group ended before it began");
	fails(LD(&c, &d, "ld.gold", "-(", "-(", "-)", "-)"), &d, "May not nest groups");
	fails(LD(&c, &d, "ld.gold", "--end-group"), &d, "Group end without group start");
	fails(LD(&c, &d, "ld.gold", "-(", "x.o"), &d, "missing group end");
	fails(LD(&c, &d, "ld.lld", "-(", "--start-group"), &d, "nested --start-group");
	fails(LD(&c, &d, "ld.lld", "-)"), &d, "stray --end-group");
	assert_null(c.args);

	/* mold ignores groups: a stray end is nothing. */
	ok(LD(&c, &d, "mold", "x.o", "-)"), &d);
	assert_int_equal(c.nargs, 1);
	ls_linkcmd_free(&c);
}

static void test_push_pop(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	(void)state;

	ok(LD(&c, &d, "ld", "--as-needed", "-la", "--push-state",
	      "--no-as-needed", "-Bstatic", "--whole-archive", "-lb",
	      "--push-state", "--as-needed", "-lc", "--pop-state", "-ld",
	      "--pop-state", "-le", "-Bstatic", "-lf"), &d);
	arg_is(&c, 0, LS_ARG_LIB, "a", AN);
	arg_is(&c, 1, LS_ARG_LIB, "b", WA | ST);
	arg_is(&c, 2, LS_ARG_LIB, "c", WA | AN | ST);
	arg_is(&c, 3, LS_ARG_LIB, "d", WA | ST);
	arg_is(&c, 4, LS_ARG_LIB, "e", AN);
	arg_is(&c, 5, LS_ARG_LIB, "f", AN | ST);
	assert_false(c.static_link);
	ls_linkcmd_free(&c);

	fails(LD(&c, &d, "ld", "--pop-state"), &d, "no state pushed before popping");
	fails(LD(&c, &d, "ld.lld", "--pop-state"), &d, "unbalanced --push-state/--pop-state");
	fails(LD(&c, &d, "mold", "x.o", "--pop-state"), &d, "no state pushed");

	/* -static and its spellings are positional for bfd... */
	ok(LD(&c, &d, "ld", "-dn", "x.o", "-lc"), &d);
	assert_true(c.static_link);
	arg_is(&c, 1, LS_ARG_LIB, "c", ST);
	ls_linkcmd_free(&c);
	ok(LD(&c, &d, "ld", "-static", "x.o", "-Bdynamic", "-lc"), &d);
	assert_false(c.static_link);
	arg_is(&c, 1, LS_ARG_LIB, "c", 0);
	ls_linkcmd_free(&c);
	/* ... and global for gold. */
	ok(LD(&c, &d, "ld.gold", "-static", "x.o", "-Bdynamic", "-lc"), &d);
	assert_true(c.static_link);
	arg_is(&c, 1, LS_ARG_LIB, "c", ST);
	ls_linkcmd_free(&c);
	/* g++ -static-libstdc++: the tail is dynamic. */
	ok(LD(&c, &d, "ld", "x.o", "-Bstatic", "-lstdc++", "-Bdynamic", "-lm"), &d);
	assert_false(c.static_link);
	arg_is(&c, 1, LS_ARG_LIB, "stdc++", ST);
	arg_is(&c, 2, LS_ARG_LIB, "m", 0);
	ls_linkcmd_free(&c);
}

/* --- options --------------------------------------------------------------- */

static void test_option_values(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	(void)state;

	ok(LD(&c, &d, "ld", "-o", "out", "-lfoo", "-l", "bar", "-l:libq.a",
	      "--library=baz", "--library", "qux", "-library=one", "-Ldir1",
	      "-L", "dir2", "--library-path=dir3", "-library-path", "dir4",
	      "-e", "start", "-u", "u1", "--undefined=u2", "-uu3",
	      "--defsym", " d1 = 1", "--defsym=d2=d1", "-rpath", "/r1:/r2",
	      "-R", tmpdir, "-rpath-link=/rl", "-soname", "libx.so.1",
	      "-dynamic-linker", "/lib/ld.so", "--hash-style", "gnu",
	      "-z", "defs", "-zmuldefs", "-z", "now", "-Map", "m.map",
	      "--gc-sections", "--copy-dt-needed-entries",
	      "--no-allow-shlib-undefined", "--warn-backrefs", "-pie",
	      "-Ttext", "0x1000", "-Ttext-segment=0x2000", "-O1", "in.o"), &d);
	assert_string_equal(c.output, "out");
	assert_string_equal(c.entry, "start");
	arg_is(&c, 0, LS_ARG_LIB, "foo", 0);
	arg_is(&c, 1, LS_ARG_LIB, "bar", 0);
	arg_is(&c, 2, LS_ARG_LIB, ":libq.a", 0);
	arg_is(&c, 3, LS_ARG_LIB, "baz", 0);
	arg_is(&c, 4, LS_ARG_LIB, "qux", 0);
	arg_is(&c, 5, LS_ARG_LIB, "one", 0);
	arg_is(&c, 6, LS_ARG_FILE, "in.o", 0);
	assert_int_equal(c.nargs, 7);
	assert_int_equal(c.nlibdirs, 4);
	assert_string_equal(c.libdirs[0], "dir1");
	assert_string_equal(c.libdirs[3], "dir4");
	assert_int_equal(c.nundefined, 3);
	assert_string_equal(c.undefined[2], "u3");
	assert_int_equal(c.ndefsym, 2);
	assert_string_equal(c.defsym[0], "d1");
	assert_string_equal(c.defsym[1], "d2");
	/* -R DIR is -rpath; a list is split. */
	assert_int_equal(c.nrpath, 3);
	assert_string_equal(c.rpath[1], "/r2");
	assert_string_equal(c.rpath[2], tmpdir);
	assert_int_equal(c.nrpath_link, 1);
	assert_true(c.no_undefined);
	assert_true(c.allow_muldefs);
	assert_true(c.gc_sections);
	assert_true(c.copy_dt_needed);
	assert_int_equal(c.allow_shlib_undefined, 0);
	/* --warn-backrefs is lld's: GNU ld 2.40 refuses it, in its words. */
	assert_false(c.warn_backrefs);
	assert_int_equal(c.nrefused, 1);
	assert_string_equal(c.refused[0], "unrecognized option '--warn-backrefs'");
	assert_true(c.pie);
	/* --copy-dt-needed-entries is said not to be simulated; nothing else
	 * here is (--gc-sections is). */
	assert_int_equal(c.nnotes, 1);
	ls_linkcmd_free(&c);

	/* One-dash options starting with 'o' are -o FILE; unknown options
	 * are noted, never inputs; "--" ends the options. */
	ok(LD(&c, &d, "ld", "-omagic", "--frobnicate", "-rdynamic", "-rs",
	      "-z", "bogus", "-R", "justsyms.o", "-T", "s.ld", "--wrap=malloc",
	      "--", "-dash.o"), &d);
	assert_string_equal(c.output, "magic");
	assert_true(c.relocatable);
	/* -T is read where it stands, as a script; its layout is noted. */
	assert_int_equal(c.nargs, 2);
	arg_is(&c, 0, LS_ARG_SCRIPT, "s.ld", 0);
	arg_is(&c, 1, LS_ARG_FILE, "-dash.o", 0);
	assert_true(has_note(&c, "--frobnicate"));
	assert_true(has_note(&c, "-rdynamic"));
	assert_true(has_note(&c, "-z bogus"));
	assert_true(has_note(&c, "justsyms.o"));
	assert_true(has_note(&c, "-T s.ld"));
	/* --wrap is simulated: recorded once, not noted. */
	assert_false(has_note(&c, "--wrap=malloc"));
	assert_int_equal(c.nwrap, 1);
	assert_string_equal(c.wrap[0], "malloc");
	ls_linkcmd_free(&c);

	fails(LD(&c, &d, "ld", "x.o", "-o"), &d, "requires an argument");
	fails(LD(&c, &d, "ld", "x.o", "--script"), &d, "requires an argument");
	fails(LD(&c, &d, "ld", "--defsym", "nosign"), &d, "NAME=EXPRESSION");
	fails(LD(&c, &d, "ld", "-l"), &d, "requires an argument");
	assert_null(c.args);
}

static void test_target_and_dirs(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	(void)state;

	/* -m: every spelling; the bfd table of the x86_64 ld. */
	ok(LD(&c, &d, "ld", "-m", "elf_i386", "x.o"), &d);
	assert_int_equal(c.machine, EM_386);
	assert_int_equal(c.elfclass, 1);
	assert_int_equal(c.order, LS_LE);
	assert_string_equal(c.emulation, "elf_i386");
	assert_string_equal(c.default_dirs[0], "/usr/local/lib/i386-linux-gnu");
	ls_linkcmd_free(&c);

	ok(LD(&c, &d, "aarch64-linux-gnu-ld", "x.o"), &d);
	assert_int_equal(c.machine, EM_AARCH64);
	assert_null(c.emulation);
	assert_int_equal(c.ndefault_dirs, 7);
	assert_string_equal(c.default_dirs[6], "/usr/aarch64-linux-gnu/lib");
	ls_linkcmd_free(&c);

	ok(LD(&c, &d, "ld", "-maarch64linuxb", "--sysroot=/sr/", "-L=/x",
	      "-L$SYSROOT/y", "-Lz", "x.o"), &d);
	assert_int_equal(c.machine, EM_AARCH64);
	assert_int_equal(c.order, LS_BE);
	assert_string_equal(c.sysroot, "/sr");
	/* The sysroot as written, then the directory (ldfile.c). */
	assert_string_equal(c.libdirs[0], "/sr//x");
	assert_string_equal(c.libdirs[1], "/sr//y");
	assert_string_equal(c.libdirs[2], "z");
	assert_string_equal(c.default_dirs[0], "/sr/usr/local/lib/aarch64-linux-gnu");
	assert_true(has_note(&c, "taken from aarch64-linux-gnu-ld"));
	ls_linkcmd_free(&c);

	/* --sysroot=/ is no sysroot. */
	ok(LD(&c, &d, "riscv64-linux-gnu-ld", "--sysroot=/", "-melf64lriscv", "x.o"), &d);
	assert_null(c.sysroot);
	assert_int_equal(c.machine, EM_RISCV);
	assert_string_equal(c.default_dirs[0], "/usr/local/lib/riscv64-linux-gnu");
	ls_linkcmd_free(&c);

	/* gold: Debian's multiarch directories, whatever -m says. */
	ok(LD(&c, &d, "ld.gold", "-m", "elf_i386", "x.o"), &d);
	assert_int_equal(c.sem, LS_SEM_GOLD);
	assert_int_equal(c.ndefault_dirs, 4);
	assert_string_equal(c.default_dirs[0], "/lib/x86_64-linux-gnu");
	assert_string_equal(c.default_dirs[3], "/usr/lib");
	ls_linkcmd_free(&c);

	/* lld and mold: no built-in directories, and no target before the
	 * first input unless -m says. */
	ok(LD(&c, &d, "ld.lld", "x.o"), &d);
	assert_int_equal(c.sem, LS_SEM_LLD);
	assert_int_equal(c.ndefault_dirs, 0);
	assert_int_equal(c.machine, 0);
	ls_linkcmd_free(&c);
	ok(LD(&c, &d, "mold", "-m", "elf64lppc", "x.o"), &d);
	assert_int_equal(c.sem, LS_SEM_MOLD);
	assert_int_equal(c.machine, EM_PPC64);
	assert_int_equal(c.ndefault_dirs, 0);
	ls_linkcmd_free(&c);

	ok(LD(&c, &d, "ld", "-nostdlib", "-m", "nosuchemul", "x.o"), &d);
	assert_int_equal(c.ndefault_dirs, 0);
	assert_int_equal(c.machine, 0);
	assert_true(has_note(&c, "nosuchemul"));
	ls_linkcmd_free(&c);

	/* --semantics beats the name. */
	ok(run(true, LS_SEM_LLD, &c, &d, "ld", "x.o", (char *)NULL), &d);
	assert_int_equal(c.sem, LS_SEM_LLD);
	assert_true(c.sem_explicit);
	assert_int_equal(c.ndefault_dirs, 0);
	ls_linkcmd_free(&c);

	/* collect2: its plugin options are not ld's, but -plugin goes on to
	 * ld (noted, and GCC's LTO symbol tables read); -fuse-ld picks ld. */
	ok(LD(&c, &d, "/usr/lib/gcc-cross/aarch64-linux-gnu/12/collect2",
	      "-plugin", "/p/liblto_plugin.so", "-plugin-opt=-pass-through=-lgcc",
	      "-flto", "-fuse-ld=lld", "x.o"), &d);
	assert_int_equal(c.sem, LS_SEM_LLD);
	assert_true(c.sem_explicit);
	assert_int_equal(c.nargs, 1);
	assert_int_equal(c.nnotes, 1);
	assert_true(c.gcc_lto_plugin);
	ls_linkcmd_free(&c);

	assert_string_equal(ls_link_sem_name(LS_SEM_GOLD), "gold");
	assert_int_equal(ls_link_sem_parse("mold"), LS_SEM_MOLD);
	assert_int_equal(ls_link_sem_parse("ld"), -1);
}

/* --- the driver model ------------------------------------------------------ */

static void model_on(void)
{
	setenv("LINKSCOPE_NO_DRIVER", "1", 1);
}

static void model_off(void)
{
	unsetenv("LINKSCOPE_NO_DRIVER");
}

static ssize_t find_arg(const ls_link_cmd *c, int kind, const char *name)
{
	for (size_t i = 0; i < c->nargs; i++)
		if (c->args[i].kind == kind && !strcmp(c->args[i].name, name))
			return (ssize_t)i;
	return -1;
}

static void test_model_wl(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	ssize_t i;
	(void)state;

	model_on();
	ok(BUILD(&c, &d, "aarch64-linux-gnu-gcc", "-O2", "-g", "-DX=1",
		 "-Wl,-z,defs,--whole-archive,libw.a,--no-whole-archive",
		 "-Xlinker", "-rpath", "-Xlinker", "/r", "main.o", "-lfoo",
		 "-Wl,-Bstatic", "-l", "bar", "-L", "ldir", "-o", "prog"), &d);
	assert_non_null(strstr(c.how, "model of aarch64-linux-gnu-gcc"));
	assert_int_equal(c.machine, EM_AARCH64);
	assert_true(c.no_undefined);
	assert_string_equal(c.output, "prog");
	assert_string_equal(c.libdirs[0], "ldir");
	assert_true(has_str(c.rpath, c.nrpath, "/r"));
	assert_true((i = find_arg(&c, LS_ARG_FILE, "libw.a")) >= 0);
	arg_is(&c, (size_t)i, LS_ARG_FILE, "libw.a", WA | AN);
	arg_is(&c, (size_t)i + 1, LS_ARG_FILE, "main.o", AN);
	arg_is(&c, (size_t)i + 2, LS_ARG_LIB, "foo", AN);
	arg_is(&c, (size_t)i + 3, LS_ARG_LIB, "bar", AN | ST);
	/* The driver's libraries come after, still -Bstatic. */
	arg_is(&c, (size_t)i + 4, LS_ARG_LIB, "gcc", AN | ST);
	assert_true(c.pie);
	assert_false(c.static_link);
	assert_null(c.sysroot);
	ls_linkcmd_free(&c);

	/* -static: grouped libraries, crtbeginT.o, no DSO. */
	ok(BUILD(&c, &d, "gcc", "-static", "x.o"), &d);
	assert_true(c.static_link);
	assert_false(c.pie);
	assert_true(find_arg(&c, LS_ARG_GROUP_START, "--start-group") >= 0);
	assert_true(find_arg(&c, LS_ARG_LIB, "gcc_eh") >= 0);
	assert_true(find_arg(&c, LS_ARG_FILE,
			     "/usr/lib/gcc/x86_64-linux-gnu/12/crtbeginT.o") >= 0);
	ls_linkcmd_free(&c);

	/* g++ -shared: shared libgcc, libstdc++ and libm, no crt1. */
	ok(BUILD(&c, &d, "x86_64-linux-gnu-g++", "-shared", "x.o", "-fuse-ld=gold"), &d);
	assert_true(c.shared);
	assert_int_equal(c.sem, LS_SEM_GOLD);
	assert_true(c.sem_explicit);
	assert_true(find_arg(&c, LS_ARG_LIB, "stdc++") >= 0);
	assert_true(find_arg(&c, LS_ARG_LIB, "m") >= 0);
	assert_true(find_arg(&c, LS_ARG_LIB, "gcc_s") >= 0);
	assert_true(find_arg(&c, LS_ARG_LIB, "gcc") < 0);
	ls_linkcmd_free(&c);

	/* -nostdlib: only what the user gave. */
	ok(BUILD(&c, &d, "riscv64-linux-gnu-gcc", "-nostdlib", "-static", "x.o"), &d);
	assert_int_equal(c.nargs, 1);
	arg_is(&c, 0, LS_ARG_FILE, "x.o", AN | ST);
	assert_int_equal(c.machine, EM_RISCV);
	ls_linkcmd_free(&c);

	/* A target with no installed gcc: the paths avoid the missing
	 * directory, the C library is the cross one. */
	ok(BUILD(&c, &d, "powerpc64le-linux-gnu-gcc", "-no-pie", "x.o"), &d);
	assert_int_equal(c.machine, EM_PPC64);
	assert_int_equal(c.order, LS_LE);
	assert_false(c.pie);
	if (access("/usr/lib/gcc-cross/powerpc64le-linux-gnu", F_OK) != 0) {
		assert_true(find_arg(&c, LS_ARG_FILE,
				     "/usr/powerpc64le-linux-gnu/lib/crt1.o") == 0);
		assert_true(has_note(&c, "not checked against an installed driver"));
	}
	ls_linkcmd_free(&c);

	/* What the model cannot do. */
	fails(BUILD(&c, &d, "gcc", "-c", "x.c"), &d, "not a link");
	fails(BUILD(&c, &d, "gcc", "x.c"), &d, "LINKSCOPE_NO_DRIVER=1");
	fails(BUILD(&c, &d, "mips-linux-gnu-gcc", "x.o"), &d, "no driver model");
	fails(BUILD(&c, &d, "no-such-tool", "x.o"), &d, "not found");
	fails(BUILD(&c, &d, "gcc", "x.o", "-o"), &d, "missing argument");
	model_off();
}

/* Everything but how the line was obtained. */
static void same_cmd(const ls_link_cmd *a, const ls_link_cmd *b, const char *what)
{
	if (a->nargs != b->nargs)
		fail_msg("%s: %zu arguments from -###, %zu from the model", what,
			 a->nargs, b->nargs);
	for (size_t i = 0; i < a->nargs; i++) {
		const ls_link_arg *x = &a->args[i], *y = &b->args[i];
		if (x->kind != y->kind || strcmp(x->name, y->name) ||
		    x->whole_archive != y->whole_archive ||
		    x->as_needed != y->as_needed || x->bstatic != y->bstatic)
			fail_msg("%s: argument %zu: '%s' from -###, '%s' from the model",
				 what, i, x->name, y->name);
	}
	assert_int_equal(a->nlibdirs, b->nlibdirs);
	for (size_t i = 0; i < a->nlibdirs; i++)
		assert_string_equal(a->libdirs[i], b->libdirs[i]);
	assert_int_equal(a->ndefault_dirs, b->ndefault_dirs);
	for (size_t i = 0; i < a->ndefault_dirs; i++)
		assert_string_equal(a->default_dirs[i], b->default_dirs[i]);
	assert_string_equal(a->linker, b->linker);
	assert_int_equal(a->sem, b->sem);
	assert_string_equal(a->output, b->output);
	assert_string_equal(a->emulation ? a->emulation : "-",
			    b->emulation ? b->emulation : "-");
	assert_int_equal(a->machine, b->machine);
	assert_int_equal(a->elfclass, b->elfclass);
	assert_int_equal(a->order, b->order);
	assert_true((a->sysroot == NULL) == (b->sysroot == NULL));
	assert_int_equal(a->shared, b->shared);
	assert_int_equal(a->pie, b->pie);
	assert_int_equal(a->relocatable, b->relocatable);
	assert_int_equal(a->static_link, b->static_link);
}

static bool installed(const char *prog)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
	return system(cmd) == 0;
}

static void compare_with_driver(const char *drv, const char *opt)
{
	ls_link_cmd real, model;
	ls_diag d;
	char what[200];

	snprintf(what, sizeof what, "%s %s x.o", drv, opt ? opt : "");
	model_off();
	ok(opt ? BUILD(&real, &d, (char *)drv, (char *)opt, "x.o", "-lm")
	       : BUILD(&real, &d, (char *)drv, "x.o", "-lm"), &d);
	assert_non_null(strstr(real.how, "-###"));
	model_on();
	ok(opt ? BUILD(&model, &d, (char *)drv, (char *)opt, "x.o", "-lm")
	       : BUILD(&model, &d, (char *)drv, "x.o", "-lm"), &d);
	model_off();
	assert_non_null(strstr(model.how, "model of"));
	same_cmd(&real, &model, what);
	ls_linkcmd_free(&real);
	ls_linkcmd_free(&model);
}

static void test_model_matches_driver(void **state)
{
	static const char *const opts[] = {
		NULL, "-static", "-shared", "-no-pie", "-static-pie", "-pthread",
		"-nostartfiles", "-r", "-Wl,--as-needed",
	};
	bool any = false;
	(void)state;

	if (installed("aarch64-linux-gnu-gcc")) {
		any = true;
		for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
			compare_with_driver("aarch64-linux-gnu-gcc", opts[i]);
		compare_with_driver("aarch64-linux-gnu-g++", NULL);
	}
	if (installed("gcc") && access("/usr/lib/gcc/x86_64-linux-gnu/12", F_OK) == 0) {
		any = true;
		for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
			compare_with_driver("gcc", opts[i]);
		compare_with_driver("g++", "-static-libstdc++");
		compare_with_driver("g++", "-lc");
	}
	if (!any)
		skip();
}

/* --- an installed driver ---------------------------------------------------- */

static void test_driver_sources(void **state)
{
	ls_link_cmd c;
	ls_diag d;
	const char *src = tfile("hello.c", "int main(void) { return 0; }\n");
	const char *bad = tfile("bad.c", "int main(void) { return nope; }\n");
	char obj[PATH_MAX];
	ssize_t i = -1;
	(void)state;

	model_off();
	if (!installed("gcc"))
		skip();
	ok(BUILD(&c, &d, "gcc", "-O1", "-Wall", (char *)src, "-lm", "-o",
		 (char *)tfile("hello", NULL)), &d);
	assert_string_equal(c.how, "gcc -###");
	assert_non_null(c.tmpdir);
	snprintf(obj, sizeof obj, "%s/1-hello.o", c.tmpdir);
	assert_true((i = find_arg(&c, LS_ARG_FILE, obj)) >= 0);
	assert_int_equal(access(obj, R_OK), 0);
	assert_int_equal(c.args[i + 1].kind, LS_ARG_LIB);
	assert_string_equal(c.args[i + 1].name, "m");
	assert_true(has_note(&c, "hello.c compiled to"));
	ls_linkcmd_free(&c);
	/* The objects go with the command. */
	assert_int_not_equal(access(obj, F_OK), 0);

	fails(BUILD(&c, &d, "gcc", (char *)bad), &d, "compiling");
	fails(BUILD(&c, &d, "gcc", "-fno-such-option-at-all", "x.o"), &d, "-### failed");
	fails(BUILD(&c, &d, "gcc", "-S", (char *)src), &d, "not a link");
}

/* --- linker scripts ------------------------------------------------------------ */

static ls_bytes bytes_of(const char *s)
{
	ls_bytes b = { (const uint8_t *)s, strlen(s) };
	return b;
}

static void entry_is(const ls_ldscript *s, size_t i, const char *name, bool lib,
		     bool as_needed, bool group, bool start, bool end)
{
	if (i >= s->nentries)
		fail_msg("no entry %zu (%s)", i, name);
	const ls_ldscript_entry *e = &s->entries[i];
	if (strcmp(e->name, name) || e->is_lib != lib || e->as_needed != as_needed ||
	    e->group != group || e->group_start != start || e->group_end != end)
		fail_msg("entry %zu: '%s' lib %d needed %d group %d %d/%d", i,
			 e->name, e->is_lib, e->as_needed, e->group,
			 e->group_start, e->group_end);
}

static void test_ldscript_small(void **state)
{
	ls_ldscript s;
	ls_diag d;
	const char *text =
		"/* GNU ld script\n   with a comment */\n"
		"OUTPUT_FORMAT(elf64-x86-64, \"elf64-x86-64\", elf64-x86-64)\n"
		"OUTPUT_ARCH(i386:x86-64) SEARCH_DIR(\"=/usr/local/lib\");\n"
		"ENTRY(_start)\n"
		"INPUT ( a.o , \"-lnotalib\" -lm -l:libz.a )\n"
		"GROUP ( /lib/libc.so.6 /usr/lib/libc_nonshared.a\n"
		"        AS_NEEDED ( /lib64/ld-linux-x86-64.so.2 AS_NEEDED(x.so) ) )\n"
		"SECTIONS { .text : { *(.text) } }\n"
		"GROUP(one.a)\n";
	(void)state;

	assert_true(ls_ldscript_detect(bytes_of(text)));
	if (ls_ldscript_parse(bytes_of(text), &s, &d) < 0)
		fail_msg("%s at %llu", d.msg, (unsigned long long)d.offset);
	assert_int_equal(s.nentries, 9);
	entry_is(&s, 0, "a.o", false, false, false, false, false);
	entry_is(&s, 1, "-lnotalib", false, false, false, false, false);
	entry_is(&s, 2, "m", true, false, false, false, false);
	entry_is(&s, 3, ":libz.a", true, false, false, false, false);
	entry_is(&s, 4, "/lib/libc.so.6", false, false, true, true, false);
	entry_is(&s, 5, "/usr/lib/libc_nonshared.a", false, false, true, false, false);
	entry_is(&s, 6, "/lib64/ld-linux-x86-64.so.2", false, true, true, false, false);
	entry_is(&s, 7, "x.so", false, true, true, false, true);
	entry_is(&s, 8, "one.a", false, false, true, true, true);
	assert_int_equal(s.nsearch_dirs, 1);
	assert_string_equal(s.search_dirs[0], "=/usr/local/lib");
	ls_ldscript_free(&s);
	assert_null(s.entries);
}

static void bad_script(const char *text, const char *want, uint64_t off)
{
	ls_ldscript s;
	ls_diag d = { 0 };

	if (ls_ldscript_parse(bytes_of(text), &s, &d) == 0)
		fail_msg("'%s' parsed, wanted '%s'", text, want);
	if (!strstr(d.msg, want))
		fail_msg("'%s': '%s', wanted '%s'", text, d.msg, want);
	if (!d.has_offset || d.offset != off)
		fail_msg("'%s': offset %llu, wanted %llu", text,
			 (unsigned long long)d.offset, (unsigned long long)off);
	assert_null(s.entries);
	assert_int_equal(s.nentries, 0);
}

static void test_ldscript_malformed(void **state)
{
	char deep[512], longname[6000];
	size_t n = 0;
	(void)state;

	bad_script("GROUP ( a.o /* never ends", "unterminated comment", 12);
	bad_script("GROUP ( a.o b.o", "is never closed", 6);
	bad_script("GROUP ( )", "empty GROUP", 6);
	bad_script("INPUT ( a.o GROUP ( b.o ) )", "GROUP inside INPUT", 12);
	bad_script("AS_NEEDED ( a.o )", "outside INPUT or GROUP", 0);
	bad_script("GROUP a.o", "expected '('", 6);
	bad_script("GROUP ( \"a.o )", "unterminated quoted name", 8);
	bad_script("GROUP ( a.o ) )", "unexpected ')'", 14);
	bad_script("GROUP ( a\001.o )", "control byte 0x01", 9);
	bad_script("OUTPUT_FORMAT ( x", "unbalanced bracket", 14);
	bad_script("GROUP ( a.o { )", "unexpected '{'", 12);
	bad_script("SEARCH_DIR ( ( )", "SEARCH_DIR wants a directory", 13);

	n = (size_t)snprintf(deep, sizeof deep, "GROUP ( ");
	for (int i = 0; i < 17; i++)
		n += (size_t)snprintf(deep + n, sizeof deep - n, "AS_NEEDED ( ");
	snprintf(deep + n, sizeof deep - n, "x");
	bad_script(deep, "nested more than 16 deep", 8 + 16 * 12);

	memcpy(longname, "INPUT(", 6);
	memset(longname + 6, 'a', 5000);
	strcpy(longname + 5006, ")");
	bad_script(longname, "longer than 4096", 6);
}

static void test_ldscript_detect(void **state)
{
	static const uint8_t elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
	ls_bytes b = { elf, sizeof elf };
	(void)state;

	assert_false(ls_ldscript_detect(b));
	assert_false(ls_ldscript_detect(bytes_of("!<arch>\nfoo.o/  ")));
	assert_false(ls_ldscript_detect(bytes_of("")));
	assert_false(ls_ldscript_detect(bytes_of("hello world (")));
	assert_false(ls_ldscript_detect(bytes_of("/* only a comment */")));
	assert_false(ls_ldscript_detect(bytes_of("/* unterminated")));
	assert_true(ls_ldscript_detect(bytes_of("INPUT(libncurses.so.6 -ltinfo)\n")));
	assert_true(ls_ldscript_detect(bytes_of("bar = foo;\n")));
	assert_true(ls_ldscript_detect(bytes_of("/* c */ x += 4;")));
	assert_false(ls_ldscript_detect(bytes_of("bar foo;\n")));
	assert_true(ls_ldscript_detect(bytes_of("  /* c */ GROUP( libtinfo.so )")));
	assert_true(ls_ldscript_detect(bytes_of("SECTIONS { }")));
}

/* The system's own scripts: what glibc and gcc install. */
static void system_script(const char *path, const char *first, bool group,
			  size_t n)
{
	ls_mapfile mf;
	ls_ldscript s;
	ls_diag d;

	if (access(path, R_OK) != 0)
		return;
	if (ls_map(path, &mf, &d) < 0)
		fail_msg("%s: %s", path, d.msg);
	assert_true(ls_ldscript_detect(mf.bytes));
	if (ls_ldscript_parse(mf.bytes, &s, &d) < 0)
		fail_msg("%s: %s at %llu", path, d.msg, (unsigned long long)d.offset);
	assert_int_equal(s.nentries, n);
	assert_string_equal(s.entries[0].name, first);
	assert_int_equal(s.entries[0].group, group);
	assert_int_equal(s.entries[0].group_start, group);
	assert_int_equal(s.entries[n - 1].group_end, group);
	ls_ldscript_free(&s);
	ls_unmap(&mf);
}

static void test_ldscript_system(void **state)
{
	ls_mapfile mf;
	ls_diag d;
	(void)state;

	system_script("/usr/lib/x86_64-linux-gnu/libc.so",
		      "/lib/x86_64-linux-gnu/libc.so.6", true, 3);
	system_script("/usr/lib/x86_64-linux-gnu/libm.so",
		      "/lib/x86_64-linux-gnu/libm.so.6", true, 2);
	system_script("/usr/lib/gcc/x86_64-linux-gnu/12/libgcc_s.so",
		      "libgcc_s.so.1", true, 2);
	system_script("/usr/aarch64-linux-gnu/lib/libc.so",
		      "/usr/aarch64-linux-gnu/lib/libc.so.6", true, 3);
	system_script("/usr/lib/x86_64-linux-gnu/libncurses.so",
		      "libncurses.so.6", false, 2);

	/* The libc.so entries in detail. */
	if (access("/usr/lib/x86_64-linux-gnu/libc.so", R_OK) == 0) {
		ls_ldscript s;
		assert_int_equal(ls_map("/usr/lib/x86_64-linux-gnu/libc.so", &mf, &d), 0);
		assert_int_equal(ls_ldscript_parse(mf.bytes, &s, &d), 0);
		entry_is(&s, 1, "/usr/lib/x86_64-linux-gnu/libc_nonshared.a",
			 false, false, true, false, false);
		entry_is(&s, 2, "/lib64/ld-linux-x86-64.so.2", false, true, true,
			 false, true);
		ls_ldscript_free(&s);
		ls_unmap(&mf);
	}
	/* Binaries are not scripts. */
	if (ls_map("/bin/sh", &mf, &d) == 0) {
		assert_false(ls_ldscript_detect(mf.bytes));
		ls_unmap(&mf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_response_files, dir_setup,
						dir_teardown),
		cmocka_unit_test_setup_teardown(test_response_file_errors,
						dir_setup, dir_teardown),
		cmocka_unit_test(test_release_parse),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_push_pop),
		cmocka_unit_test_setup_teardown(test_option_values, dir_setup,
						dir_teardown),
		cmocka_unit_test(test_target_and_dirs),
		cmocka_unit_test(test_model_wl),
		cmocka_unit_test(test_model_matches_driver),
		cmocka_unit_test_setup_teardown(test_driver_sources, dir_setup,
						dir_teardown),
		cmocka_unit_test(test_ldscript_small),
		cmocka_unit_test(test_ldscript_malformed),
		cmocka_unit_test(test_ldscript_detect),
		cmocka_unit_test(test_ldscript_system),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
