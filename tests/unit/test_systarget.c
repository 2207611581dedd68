/*
 * test_systarget.c - named targets (analysis/systarget.c): the compiled-in
 * data parses and answers look-ups, and the judgment on hand-made data
 * and a hand-made shared object (elfbuild's eb_versioned_dso: printf at
 * GLIBC_2.2.5 and memcpy at GLIBC_2.34 of libc.so.6) follows glibc's
 * loader: PT_INTERP, Verneed versions (weak ones excused), the DT_NEEDED
 * closure as the scope of versioned lookups, hidden definitions only for
 * versioned references, policy version sets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/audit.h"
#include "analysis/policy.h"
#include "analysis/systarget.h"
#include "elfbuild.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Release 1 keeps printf in libold.so.1 (not libc): a program that loads
 * only libc.so.6 misses it there; release 2 moved it to libc.so.6 and
 * added GLIBC_2.34 (memcpy).  libc.so.6 needs libdep.so.1, which defines
 * dep_sym, in both. */
static const char targets_txt[] =
	"format 1\n"
	"target t-one\nlevel exact\nbase 1\ntitle Test One\nglibc 2.2\nglibcxx -\n"
	"alias one\narch x86-64 /lib/ld-t.so.1 amd64\nprovenance hand-made\n"
	"target t-two\nlevel exact\nbase 2\ntitle Test Two\nglibc 2.34\nglibcxx -\n"
	"arch x86-64 /lib/ld-t.so.1 amd64\narch aarch64 /lib/ld-a.so.1 arm64\n"
	"provenance hand-made\n"
	"target t-pol\nlevel version\nbase 2\ntitle Policy\nglibc 2.2\nglibcxx -\n"
	"arch x86-64 /lib/ld-t.so.1 x86_64\nallow x86-64 GLIBC 2.2.5\n"
	"provenance hand-made\n";

static const char x86_txt[] =
	"format 1\nreleases 1 2\n"
	"loader /lib/ld-t.so.1 1-2\n"
	"lib libc.so.6 1-2\n"
	"needed libdep.so.1\n"
	"version GLIBC_2.2.5\n"
	" printf 2\n"
	" puts\n"
	" secret hidden\n"
	"version GLIBC_2.34 2\n"
	" memcpy\n"
	"version libc.so.6 base\n"
	"lib libdep.so.1 1-2\n"
	"version GLIBC_2.2.5\n"
	" dep_sym\n"
	"lib libold.so.1 1\n"
	"version GLIBC_2.2.5\n"
	" printf\n";

static const char a64_txt[] = "format 1\nreleases 2\n";

/* Set by a test: memcpy@GLIBC_2.34 becomes weak, or defined in .data
 * (a copy relocation: still an import, by its Vernaux version). */
static enum { MEMCPY_UNDEF, MEMCPY_WEAK, MEMCPY_COPY } memcpy_as;

static int setup(void **state)
{
	const char *err = NULL;
	(void)state;

	memcpy_as = MEMCPY_UNDEF;

	if (ls_systarget_use_text(targets_txt, x86_txt, a64_txt, &err) < 0)
		fail_msg("hand-made data: %s", err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return ls_systarget_use_text(NULL, NULL, NULL, NULL);
}

/* The DSO of elfbuild, opened, with an audit filled by hand. */
struct fixture {
	uint8_t *img;
	ls_object o;
	ls_audit a;
	const char *needed[4];
};

/* Set by a test: printf's .gnu.version entry becomes 1 (unversioned). */
static bool unversioned_printf;

static void open_dso(struct fixture *f, bool weak_234, const char *needed2)
{
	elfb b;
	eb_dso x;
	size_t n;
	ls_diag d = { 0 };

	memset(f, 0, sizeof *f);
	eb_versioned_dso(&b, &x, ELFCLASS64, LS_LE);
	f->img = eb_finish(&b, &n);
	if (unversioned_printf)
		eb_put16(f->img, b.sec[x.versym].file_off + 2 * EB_DSO_PRINTF, LS_LE, 1);
	if (memcpy_as == MEMCPY_WEAK)	/* Elf64_Sym.st_info */
		f->img[b.sec[x.dynsym].file_off + 24 * EB_DSO_MEMCPY + 4] =
			(STB_WEAK << 4) | STT_FUNC;
	if (memcpy_as == MEMCPY_COPY)	/* Elf64_Sym.st_shndx */
		eb_put16(f->img, b.sec[x.dynsym].file_off + 24 * EB_DSO_MEMCPY + 6, LS_LE,
			 (uint16_t)x.data);
	eb_free(&b);
	if (ls_object_open(&f->o, (ls_bytes){ f->img, n }, 0, &d) < 0)
		fail_msg("open: %s", d.msg);
	/* eb_versioned_dso's GLIBC_2.34 is VER_FLG_WEAK; clear it to make
	 * the need strong. */
	for (uint32_t i = 0; i < f->o.nversions; i++)
		if (!weak_234 && f->o.versions[i].name &&
		    !strcmp(f->o.versions[i].name, "GLIBC_2.34"))
			f->o.versions[i].flags &= (uint16_t)~VER_FLG_WEAK;
	f->a.obj = &f->o;
	f->a.kind = LS_ART_SHARED;
	f->a.machine = EM_X86_64;
	f->a.elfclass = ELFCLASS64;
	f->a.order = LS_LE;
	f->a.load.has_dynamic = true;
	f->a.load.dyn.needed = f->needed;
	f->needed[0] = "libc.so.6";
	f->needed[1] = needed2;
	f->a.load.dyn.nneeded = needed2 ? 2 : 1;
}

static void close_dso(struct fixture *f)
{
	ls_object_close(&f->o);
	free(f->img);
}

static bool judge(struct fixture *f, const char *target, ls_systarget_verdict *v)
{
	assert_int_equal(ls_systarget_judge(&f->a, target, v), 0);
	return v->holds;
}

static void verdict_free(ls_systarget_verdict *v)
{
	free(v->reason);
	free(v->syms);
	free(v->unjudged);
}

/* The file fails on target with text in its reason. */
static void fails_with(struct fixture *f, const char *target, const char *text)
{
	ls_systarget_verdict v;

	assert_false(judge(f, target, &v));
	if (!strstr(v.reason, text))
		fail_msg("'%s' not in '%s'", text, v.reason);
	verdict_free(&v);
}

static void test_lookup(void **state)
{
	char near[100];
	(void)state;

	assert_int_equal(ls_systarget_count(NULL), 3);
	assert_int_equal(ls_systarget_lookup("t-one"), 0);
	assert_int_equal(ls_systarget_lookup("one"), 0);
	assert_int_equal(ls_systarget_lookup("t-pol"), 2);
	assert_int_equal(ls_systarget_lookup("t-three"), -1);
	assert_string_equal(ls_systarget_get(1)->arches, "x86-64 aarch64");
	assert_string_equal(ls_systarget_get(0)->aliases, "one");
	assert_string_equal(ls_systarget_get(2)->level, "version");
	ls_systarget_suggest("t-on", near, sizeof near);
	assert_string_equal(near, "t-one t-pol");	/* t-two is 3 edits away */
	ls_systarget_suggest("t-", near, sizeof near);
	assert_string_equal(near, "t-one t-two t-pol");	/* a prefix */
	ls_systarget_suggest("zzzzzz", near, sizeof near);
	assert_string_equal(near, "");
}

/* Malformed data is refused with a reason, not half-read. */
static void test_bad_data(void **state)
{
	const char *err = NULL;
	(void)state;

	assert_int_equal(ls_systarget_use_text(targets_txt,
		"format 1\nreleases 1\nlib libc.so.6 1\nversion V\n printf 7\n",
		a64_txt, &err), -1);
	assert_non_null(strstr(err, "release set"));
	assert_int_equal(ls_systarget_use_text(targets_txt,
		"format 1\nreleases 1\n x\n", a64_txt, &err), -1);
	assert_int_equal(ls_systarget_use_text("level exact\n", x86_txt, a64_txt, &err), -1);
	assert_int_equal(ls_systarget_use_text("format 2\n", x86_txt, a64_txt, &err), -1);
	assert_non_null(strstr(err, "format 1"));
	assert_int_equal(ls_systarget_use_text(targets_txt, "format 2\n", a64_txt, &err), -1);
	assert_int_equal(ls_systarget_count(&err), -1);
	setup(state);
	assert_int_equal(ls_systarget_count(NULL), 3);
}

/* (b): a strong Verneed version the target's library lacks. */
static void test_missing_version(void **state)
{
	struct fixture f;
	ls_systarget_verdict v;
	(void)state;

	open_dso(&f, false, "libold.so.1");	/* printf, on t-one */
	assert_false(judge(&f, "t-one", &v));
	assert_non_null(strstr(v.reason, "would not load on t-one (Test One, glibc 2.2, amd64): "
				       "needs GLIBC_2.34 (memcpy)"));
	assert_int_equal(v.nsyms, 1);
	assert_string_equal(v.syms[0].name, "memcpy");
	assert_string_equal(v.syms[0].version, "GLIBC_2.34");
	assert_string_equal(v.syms[0].library, "libc.so.6");
	assert_string_equal(v.syms[0].family, "GLIBC");
	verdict_free(&v);
	f.a.load.dyn.nneeded = 1;	/* libold.so.1 is not on t-two */
	assert_true(judge(&f, "t-two", &v));
	assert_null(v.reason);
	f.a.load.dyn.nneeded = 2;
	fails_with(&f, "t-two", "needs libold.so.1, which t-two does not have (t-one has it)");
	close_dso(&f);
}

/* A weak version is excused (dl-version.c match_symbol's weak), but the
 * symbol bound to it is still looked up, and is undefined. */
static void test_weak_version(void **state)
{
	struct fixture f;
	ls_systarget_verdict v;
	(void)state;

	open_dso(&f, true, "libold.so.1");
	assert_false(judge(&f, "one", &v));
	assert_null(strstr(v.reason, "needs"));
	assert_non_null(strstr(v.reason, "undefined symbol: memcpy, version GLIBC_2.34"));
	assert_int_equal(v.nsyms, 1);
	verdict_free(&v);
	close_dso(&f);
}

/* (c): printf@GLIBC_2.2.5 lives in libold.so.1 on t-one, which a file
 * that needs only libc.so.6 does not load. */
static void test_scope(void **state)
{
	struct fixture f;
	ls_systarget_verdict v;
	(void)state;

	open_dso(&f, true, NULL);
	assert_false(judge(&f, "t-one", &v));
	assert_int_equal(v.nsyms, 2);	/* printf, memcpy */
	verdict_free(&v);
	fails_with(&f, "t-one", "undefined symbol: printf, version GLIBC_2.2.5 "
				"(defined in libold.so.1, which the file does not load)");
	close_dso(&f);
}

/* (a) the interpreter, an unknown machine, a static program. */
static void test_interp_and_machine(void **state)
{
	struct fixture f;
	ls_systarget_verdict v;
	(void)state;

	open_dso(&f, true, NULL);
	f.a.kind = LS_ART_PIE;
	f.a.load.interp = "/lib/ld-musl-x86_64.so.1";
	fails_with(&f, "t-two", "interpreter /lib/ld-musl-x86_64.so.1 is not on t-two "
				"(its loader is /lib/ld-t.so.1)");
	f.a.load.interp = "/lib/ld-t.so.1";
	assert_true(judge(&f, "t-two", &v));

	f.a.machine = EM_RISCV;	/* ELFCLASS64 */
	assert_false(judge(&f, "t-two", &v));
	assert_string_equal(v.reason, "no data for riscv64 on t-two (x86-64, aarch64 known)");
	verdict_free(&v);
	f.a.machine = EM_AARCH64;	/* t-one has no aarch64 */
	fails_with(&f, "t-one", "no data for aarch64 on t-one (x86-64 known)");

	f.a.machine = EM_X86_64;
	f.a.load.interp = NULL;
	f.a.load.has_dynamic = false;
	f.a.kind = LS_ART_EXEC;
	assert_true(judge(&f, "t-one", &v));
	close_dso(&f);
}

/* An unversioned import: judged for a program whose DT_NEEDED are all
 * the target's (any non-hidden definition in the loaded set), never for a
 * library (the program loading it may define it). */
static void test_unversioned(void **state)
{
	struct fixture f;
	ls_systarget_verdict v;
	(void)state;

	unversioned_printf = true;
	open_dso(&f, true, NULL);
	unversioned_printf = false;
	f.a.kind = LS_ART_PIE;
	f.a.load.interp = "/lib/ld-t.so.1";
	assert_false(judge(&f, "t-one", &v));	/* printf: libold.so.1 only */
	assert_non_null(strstr(v.reason, "undefined symbol: printf (defined in libold.so.1, "
				       "which the file does not load)"));
	assert_string_equal(v.syms[0].name, "printf");
	assert_string_equal(v.syms[0].version, "");
	verdict_free(&v);
	assert_true(judge(&f, "t-two", &v));
	f.needed[1] = "libfoo.so.3";	/* could define printf: not judged */
	f.a.load.dyn.nneeded = 2;
	fails_with(&f, "t-one", "undefined symbol: memcpy, version GLIBC_2.34; not judged: libfoo.so.3");
	f.a.load.dyn.nneeded = 1;
	f.a.kind = LS_ART_SHARED;
	assert_false(judge(&f, "t-one", &v));	/* printf is not judged */
	assert_string_equal(v.reason, "would not load on t-one (Test One, glibc 2.2, amd64): "
			    "undefined symbol: memcpy, version GLIBC_2.34");
	verdict_free(&v);
	assert_true(judge(&f, "t-two", &v));
	close_dso(&f);
}

/* Libraries that are not the target's are named, not judged. */
static void test_not_judged(void **state)
{
	struct fixture f;
	(void)state;

	ls_systarget_verdict v;

	open_dso(&f, false, "libfoo.so.3");
	fails_with(&f, "t-one", "; not judged: libfoo.so.3 (not part of t-one's base libraries)");
	/* Held, it still names what it did not judge. */
	assert_true(judge(&f, "t-two", &v));
	assert_int_equal(v.nunjudged, 1);
	assert_string_equal(v.unjudged[0], "libfoo.so.3");
	verdict_free(&v);
	close_dso(&f);
}

/* A weak import under a missing (strong) version is listed, flagged: its
 * version need is what fails (dl-version.c); a copy relocation (defined,
 * versym naming a Vernaux) is an import like an undefined symbol. */
static void test_weak_and_copy(void **state)
{
	struct fixture f;
	ls_systarget_verdict v;
	(void)state;

	memcpy_as = MEMCPY_WEAK;
	open_dso(&f, false, NULL);
	assert_false(judge(&f, "t-one", &v));
	assert_non_null(strstr(v.reason, "needs GLIBC_2.34 (memcpy (weak))"));
	assert_int_equal(v.nsyms, 2);	/* and printf, in libold.so.1 */
	assert_string_equal(v.syms[0].name, "memcpy");
	assert_true(v.syms[0].weak);
	verdict_free(&v);
	close_dso(&f);
	memcpy_as = MEMCPY_COPY;
	open_dso(&f, false, NULL);
	assert_false(judge(&f, "t-one", &v));
	assert_non_null(strstr(v.reason, "needs GLIBC_2.34 (memcpy)"));
	assert_int_equal(v.nsyms, 2);	/* and printf, in libold.so.1 */
	assert_false(v.syms[0].weak);
	verdict_free(&v);
	assert_true(judge(&f, "t-two", &v));
	verdict_free(&v);
	close_dso(&f);
	memcpy_as = MEMCPY_UNDEF;
}

/* A version-level target: the policy's version set, over base data. */
static void test_version_level(void **state)
{
	struct fixture f;
	(void)state;

	open_dso(&f, false, NULL);
	fails_with(&f, "t-pol", "needs GLIBC_2.34 (memcpy)");
	close_dso(&f);
}

/* The rule in the policy: target=NAME and its errors. */
static void test_policy(void **state)
{
	ls_policy p = { 0 };
	char err[400];
	struct fixture f;
	(void)state;

	assert_int_equal(ls_policy_parse(&p, "target=t-two,target=one", err, sizeof err), 0);
	assert_int_equal(ls_policy_parse(&p, "target=t-twoo", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown target 't-twoo' (did you mean t-two?); known: t-one t-two t-pol"));
	assert_int_equal(ls_policy_parse(&p, "target<=t-two", err, sizeof err), -1);
	open_dso(&f, false, NULL);
	assert_int_equal(ls_policy_eval(&p, &f.a), 1);
	assert_string_equal(f.a.failures[0].requirement, "target=one");
	assert_int_equal(f.a.failures[0].nsyms, 2);	/* memcpy's version, printf */
	ls_audit_failures_free(&f.a);
	close_dso(&f);
}

/* The compiled-in data: the targets the docs promise, and facts the
 * real libraries have (pthread_create moved into libc.so.6 in 2.34). */
static void test_builtin(void **state)
{
	(void)state;
	assert_int_equal(ls_systarget_use_text(NULL, NULL, NULL, NULL), 0);
	assert_true(ls_systarget_count(NULL) >= 6);
	assert_true(ls_systarget_lookup("debian-11") >= 0);
	assert_true(ls_systarget_lookup("bullseye") >= 0);
	assert_true(ls_systarget_lookup("manylinux_2_28") >= 0);
	assert_int_equal(ls_systarget_lookup("rhel-8"), ls_systarget_lookup("manylinux_2_28"));
	assert_int_equal(ls_systarget_lookup("manylinux2014"), ls_systarget_lookup("manylinux_2_17"));
	assert_string_equal(ls_systarget_get(ls_systarget_lookup("debian-11"))->glibc, "2.31");
	assert_string_equal(ls_systarget_get(ls_systarget_lookup("debian-11"))->glibcxx, "3.4.28");
	assert_string_equal(ls_systarget_get(ls_systarget_lookup("rhel-9"))->level, "version");
	setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weak_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interp_and_machine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unversioned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_judged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weak_and_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_builtin, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
