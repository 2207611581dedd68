/*
 * test_audit.c - `check`'s analyses: the hardening facts from notes,
 * segments and the dynamic section (on ELF images built in memory), the
 * fortify table against the system's libc.so.6, version ordering, and the
 * --require parser and judges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/audit.h"
#include "analysis/policy.h"
#include "analysis/remedy.h"
#include "core/mapfile.h"
#include "pipeline/check.h"
#include "elfbuild.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs the audit on an image; the object and mapping stay alive in *o. */
static int audit_image(uint8_t *img, size_t n, ls_object *o, ls_audit *a,
		       ls_diag *d)
{
	ls_audit_opts opts = { 0 };

	memset(d, 0, sizeof *d);
	if (ls_object_open(o, (ls_bytes){ img, n }, 0, d) < 0)
		fail_msg("open: %s", d->msg);
	return ls_audit_run(o, &opts, a, d);
}

/* A GNU property note holding one 4-byte property (ELF64 padding). */
static void property_note(eb_buf *b, uint32_t type, uint32_t val)
{
	eb_buf_u32(b, LS_LE, 4);	/* namesz */
	eb_buf_u32(b, LS_LE, 16);	/* descsz */
	eb_buf_u32(b, LS_LE, NT_GNU_PROPERTY_TYPE_0);
	eb_buf_add(b, "GNU", 4);
	eb_buf_u32(b, LS_LE, type);
	eb_buf_u32(b, LS_LE, 4);
	eb_buf_u32(b, LS_LE, val);
	eb_buf_u32(b, LS_LE, 0);
}

static void test_x86_properties(void **state)
{
	elfb b;
	eb_buf note = { 0 };
	ls_object o;
	ls_audit a;
	ls_diag d;
	uint8_t *img;
	size_t n;
	uint32_t s;
	(void)state;

	eb_init(&b, ELFCLASS64, LS_LE, EM_X86_64, ET_REL);
	property_note(&note, GNU_PROPERTY_X86_FEATURE_1_AND, 3);
	property_note(&note, GNU_PROPERTY_X86_ISA_1_NEEDED, 5);
	s = eb_add_data(&b, ".note.gnu.property", SHT_NOTE, SHF_ALLOC, note.p, note.n);
	b.sec[s].align = 8;
	img = eb_finish(&b, &n);
	assert_int_equal(audit_image(img, n, &o, &a, &d), 0);
	assert_true(a.ibt);
	assert_true(a.shstk);
	assert_string_equal(ls_x86_isa_name(a.x86_isa_needed), "x86-64-v3");
	assert_int_equal(a.kind, LS_ART_REL);
	ls_audit_free(&a);
	ls_object_close(&o);

	/* A property whose size runs past the note is malformed. */
	eb_put32(img, b.sec[s].file_off + 16 + 4, LS_LE, 64);
	assert_int_equal(audit_image(img, n, &o, &a, &d), -1);
	assert_diag(&d, b.sec[s].file_off + 16, "truncated GNU property");
	ls_audit_free(&a);
	ls_object_close(&o);
	free(img);
	eb_buf_free(&note);
	eb_free(&b);
}

/* NX with and without PT_GNU_STACK: the default differs by machine. */
static void stack_case(uint16_t machine, bool with_stack, uint32_t flags,
		       bool want_nx)
{
	elfb b;
	ls_object o;
	ls_audit a;
	ls_diag d;
	uint8_t *img;
	size_t n;

	eb_init(&b, ELFCLASS64, LS_LE, machine, ET_EXEC);
	eb_add_ph(&b, PT_LOAD, PF_R | PF_W | PF_X, 0, 0x400000, 0x40, 0x40);
	if (with_stack)
		eb_add_ph(&b, PT_GNU_STACK, flags, 0, 0, 0, 0);
	img = eb_finish(&b, &n);
	assert_int_equal(audit_image(img, n, &o, &a, &d), 0);
	assert_int_equal(a.nx, want_nx);
	assert_int_equal(a.rwx_segments, 1);
	assert_true(a.is_static);
	assert_true(a.scratch_ok);
	ls_audit_free(&a);
	ls_object_close(&o);
	free(img);
	eb_free(&b);
}

static void test_nx_defaults(void **state)
{
	(void)state;
	stack_case(EM_X86_64, false, 0, false);
	stack_case(EM_AARCH64, false, 0, true);
	stack_case(EM_RISCV, false, 0, true);
	stack_case(EM_X86_64, true, PF_R | PF_W, true);
	stack_case(EM_AARCH64, true, PF_R | PF_W | PF_X, false);
}

/* A shared object with a dynamic section naming strings in .dynstr. */
struct dynobj {
	elfb b;
	uint32_t dynstr, dynamic;
	eb_buf dyn;
};

static void dyn(struct dynobj *x, int64_t tag, uint64_t val)
{
	eb_buf_u64(&x->dyn, LS_LE, (uint64_t)tag);
	eb_buf_u64(&x->dyn, LS_LE, val);
}

static void dyn_begin(struct dynobj *x)
{
	memset(x, 0, sizeof *x);
	eb_init(&x->b, ELFCLASS64, LS_LE, EM_X86_64, ET_DYN);
	x->dynstr = eb_add(&x->b, ".dynstr", SHT_STRTAB, SHF_ALLOC);
	eb_str(&x->b, x->dynstr, "");
}

static uint8_t *dyn_end(struct dynobj *x, size_t *n)
{
	dyn(x, DT_NULL, 0);
	x->dynamic = eb_add_data(&x->b, ".dynamic", SHT_DYNAMIC,
				 SHF_ALLOC | SHF_WRITE, x->dyn.p, x->dyn.n);
	x->b.sec[x->dynamic].link = x->dynstr;
	x->b.sec[x->dynamic].entsize = 16;
	return eb_finish(&x->b, n);
}

static void test_dynamic_facts(void **state)
{
	struct dynobj x;
	ls_object o;
	ls_audit a;
	ls_diag d;
	uint8_t *img;
	size_t n;
	(void)state;

	dyn_begin(&x);
	dyn(&x, DT_NEEDED, eb_str(&x.b, x.dynstr, "libc.so.6"));
	dyn(&x, DT_SONAME, eb_str(&x.b, x.dynstr, "libx.so.1"));
	dyn(&x, DT_RUNPATH, eb_str(&x.b, x.dynstr,
				   "lib::$ORIGIN/../lib:/nonexistent-linkscope-dir:/"));
	dyn(&x, DT_FLAGS, DF_TEXTREL);
	dyn(&x, DT_FLAGS_1, DF_1_NOW);
	eb_add_ph(&x.b, PT_GNU_RELRO, PF_R, 0, 0, 0, 0);
	img = dyn_end(&x, &n);
	assert_int_equal(audit_image(img, n, &o, &a, &d), 0);
	assert_int_equal(a.kind, LS_ART_SHARED);
	assert_int_equal(a.load.dyn.nneeded, 1);
	assert_string_equal(a.load.dyn.needed[0], "libc.so.6");
	assert_string_equal(a.load.dyn.soname, "libx.so.1");
	assert_true(a.load.dyn.textrel);
	assert_true(a.load.dyn.bind_now);
	assert_int_equal(a.relro, LS_RELRO_FULL);
	assert_false(a.pie);
	assert_int_equal(a.libc, LS_LIBC_GLIBC);
	/* "lib" relative, "" empty, the missing dir; $ORIGIN (not set-ID)
	 * and "/" are fine. */
	assert_int_equal(a.nrisks, 3);
	assert_int_equal(a.risks[0].kind, LS_RISK_RELATIVE);
	assert_int_equal(a.risks[1].kind, LS_RISK_EMPTY);
	assert_int_equal(a.risks[2].kind, LS_RISK_MISSING);
	assert_true(a.risks[2].runpath);
	ls_audit_free(&a);
	ls_object_close(&o);
	free(img);
	eb_buf_free(&x.dyn);
	eb_free(&x.b);
}

static void test_dynamic_bad_string(void **state)
{
	struct dynobj x;
	ls_object o;
	ls_audit a;
	ls_diag d;
	uint8_t *img;
	size_t n;
	(void)state;

	dyn_begin(&x);
	dyn(&x, DT_NEEDED, 0x7777);
	img = dyn_end(&x, &n);
	assert_int_equal(audit_image(img, n, &o, &a, &d), -1);
	assert_diag(&d, x.b.sec[x.dynstr].file_off,
		    "DT_NEEDED string offset 0x7777 is outside");
	ls_audit_free(&a);
	ls_object_close(&o);
	free(img);
	eb_buf_free(&x.dyn);
	eb_free(&x.b);
}

/* The test program itself: a gcc-linked PIE against glibc. */
static void test_self(void **state)
{
	ls_mapfile mf;
	ls_object o;
	ls_audit a;
	ls_audit_opts opts = { 0 };
	ls_diag d = { 0 };
	(void)state;

	assert_int_equal(ls_map("/proc/self/exe", &mf, &d), 0);
	assert_int_equal(ls_object_open(&o, mf.bytes, 0, &d), 0);
	assert_int_equal(ls_audit_run(&o, &opts, &a, &d), 0);
	assert_int_equal(a.kind, LS_ART_PIE);
	assert_non_null(a.load.interp);
	assert_false(a.is_static);
	assert_false(a.scratch_ok);
	assert_true(a.build_id.size > 0);
	assert_int_equal(a.libc, LS_LIBC_GLIBC);
	assert_true(a.nfloors >= 1);
	assert_string_equal(a.floors[0].family, "GLIBC");
	assert_true(a.floors[0].count >= 1);
	ls_audit_free(&a);
	ls_object_close(&o);
	ls_unmap(&mf);
}

static void test_fortify_table(void **state)
{
	static const char *const libcs[] = {
		"/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6",
		"/lib64/libc.so.6", "/usr/lib/libc.so.6",
	};
	ls_mapfile mf;
	ls_object o;
	ls_diag d = { 0 };
	uint32_t found = 0;
	(void)state;

	for (uint32_t i = 1; i < ls_fortify_count(); i++)
		assert_true(strcmp(ls_fortify_name(i - 1), ls_fortify_name(i)) < 0);
	assert_int_equal(ls_fortify_lookup("__memcpy_chk"), 24);
	assert_int_equal(ls_fortify_lookup("__stack_chk_fail"), -1);
	assert_int_equal(ls_fortify_lookup("memcpy"), -1);
	/* The hash table finds every name at its index, and no near miss. */
	for (uint32_t i = 0; i < ls_fortify_count(); i++) {
		char buf[64];
		size_t n = strlen(ls_fortify_name(i));

		assert_int_equal(ls_fortify_lookup(ls_fortify_name(i)), (int)i);
		memcpy(buf, ls_fortify_name(i), n + 1);
		buf[n - 1] ^= 1;
		assert_int_equal(ls_fortify_lookup(buf), -1);
		buf[n - 1] ^= 1;
		buf[n] = 'x';
		buf[n + 1] = '\0';
		assert_int_equal(ls_fortify_lookup(buf), -1);
		assert_int_equal(ls_fortify_lookup(ls_fortify_name(i) + 1), -1);
	}

	/* Every fortified function the system's glibc exports is known. */
	size_t k;
	for (k = 0; k < sizeof libcs / sizeof *libcs; k++)
		if (ls_map(libcs[k], &mf, &d) == 0)
			break;
	if (k == sizeof libcs / sizeof *libcs)
		skip();
	assert_int_equal(ls_object_open(&o, mf.bytes, 0, &d), 0);
	for (uint32_t i = 1; i < o.dynsym.count; i++) {
		ls_symbol s;
		size_t len;

		assert_int_equal(ls_symbol_get(&o, &o.dynsym, i, &s, &d), 0);
		len = strlen(s.name);
		if (s.shndx == SHN_UNDEF || strncmp(s.name, "__", 2) ||
		    !strcmp(s.name, "__stack_chk_fail") || !strcmp(s.name, "__chk_fail"))
			continue;
		if ((len > 6 && !strcmp(s.name + len - 4, "_chk")) ||
		    (!strncmp(s.name, "__open", 6) && !strcmp(s.name + len - 2, "_2")) ||
		    !strcmp(s.name, "__mq_open_2")) {
			if (ls_fortify_lookup(s.name) < 0)
				fail_msg("%s exports %s, which linkscope does not know",
					 libcs[k], s.name);
			found++;
		}
	}
	assert_true(found > 60);
	ls_object_close(&o);
	ls_unmap(&mf);
}

static void test_version_cmp(void **state)
{
	(void)state;
	assert_true(ls_version_cmp("2.9", "2.34") < 0);
	assert_true(ls_version_cmp("2.34", "2.34") == 0);
	assert_true(ls_version_cmp("2.34.1", "2.34") > 0);
	assert_true(ls_version_cmp("2.2.5", "2.3") < 0);
	assert_true(ls_version_cmp("1.22", "1.9") > 0);
	assert_true(ls_version_cmp("1.22rc1", "1.22") == 0);
}

static void expect_parse_error(const char *spec, const char *want)
{
	ls_policy p = { 0 };
	char err[200];

	assert_int_equal(ls_policy_parse(&p, spec, err, sizeof err), -1);
	if (!strstr(err, want))
		fail_msg("'%s': error \"%s\" lacks \"%s\"", spec, err, want);
}

/* The plain name behind each check, derived from the table. */
static void test_fortify_plain(void **state)
{
	size_t len;
	const char *p;
	(void)state;

	p = ls_fortify_plain((uint32_t)ls_fortify_lookup("__memcpy_chk"), &len);
	assert_int_equal(len, 6);
	assert_memory_equal(p, "memcpy", 6);
	p = ls_fortify_plain((uint32_t)ls_fortify_lookup("__open_2"), &len);
	assert_int_equal(len, 4);
	assert_memory_equal(p, "open", 4);
	p = ls_fortify_plain((uint32_t)ls_fortify_lookup("__mq_open_2"), &len);
	assert_int_equal(len, 7);
	assert_memory_equal(p, "mq_open", 7);
	assert_null(ls_fortify_plain(ls_fortify_count(), &len));
	for (uint32_t i = 0; i < ls_fortify_count(); i++) {
		p = ls_fortify_plain(i, &len);
		assert_true(len > 0 && p[0] >= 'a' && p[0] <= 'z');
	}
}

/* hardened expands into its parts, each with its kinds of file. */
static void test_policy_hardened(void **state)
{
	ls_policy p = { 0 };
	char err[200];
	(void)state;

	assert_int_equal(ls_policy_parse(&p, "hardened,glibc<=2.31", err, sizeof err), 0);
	assert_int_equal(p.n, 10);
	assert_string_equal(p.req[0].spelled, "hardened:pie");
	assert_int_equal(p.req[0].kinds, LS_KIND_PROGRAM);
	assert_string_equal(p.req[1].spelled, "hardened:relro=full");
	assert_string_equal(p.req[1].arg, "full");
	assert_int_equal(p.req[1].kinds, LS_KIND_PROGRAM | LS_KIND_SHARED);
	assert_string_equal(p.req[4].spelled, "hardened:canary");
	assert_int_equal(p.req[4].kinds, LS_KIND_PROGRAM | LS_KIND_SHARED | LS_KIND_OBJECT);
	assert_string_equal(p.req[9].spelled, "glibc<=2.31");
	assert_int_equal(p.req[9].kinds, 0);
	memset(&p, 0, sizeof p);
	assert_int_equal(ls_policy_parse(&p, "hardened=1", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown requirement"));
}

/* --exclude: base name without '/', whole path (FNM_PATHNAME) with it. */
static void test_check_excluded(void **state)
{
	const char *const pats[] = { "*.debug", "vendor", "dist/lib/*.a" };
	(void)state;

	assert_true(ls_check_excluded(pats, 3, "a/b/x.debug"));
	assert_true(ls_check_excluded(pats, 3, "x.debug"));
	assert_true(ls_check_excluded(pats, 3, "src/vendor"));
	assert_true(ls_check_excluded(pats, 3, "src/vendor/"));
	assert_false(ls_check_excluded(pats, 3, "src/vendored"));
	assert_true(ls_check_excluded(pats, 3, "dist/lib/libx.a"));
	assert_true(ls_check_excluded(pats, 3, "./dist/lib/libx.a"));
	assert_false(ls_check_excluded(pats, 3, "dist/lib/sub/libx.a"));
	assert_false(ls_check_excluded(pats, 3, "other/dist/lib/libx.a"));
	assert_false(ls_check_excluded(pats, 0, "x.debug"));
}

static void test_policy_parse(void **state)
{
	ls_policy p = { 0 };
	char err[200];
	(void)state;

	assert_int_equal(ls_policy_parse(&p, "static,pie,relro=full,bindnow,nx,"
		"canary,fortify,no-rpath,no-textrel,cet,bti,no-cgo,glibc<=2.28,"
		"go>=1.22,buildid", err, sizeof err), 0);
	assert_int_equal(p.n, 15);
	assert_string_equal(p.req[2].arg, "full");
	assert_string_equal(p.req[12].arg, "2.28");
	assert_string_equal(p.req[12].spelled, "glibc<=2.28");
	expect_parse_error("pie,frobnicate", "unknown requirement 'frobnicate'");
	expect_parse_error("pie,,nx", "empty requirement");
	expect_parse_error("relro", "must be written relro=full or =partial");
	expect_parse_error("relro=most", "relro takes full or partial");
	expect_parse_error("glibc>=2.28", "must be written glibc<=X.Y");
	expect_parse_error("glibc<=two", "is not a version");
	expect_parse_error("pie=yes", "must be written pie");
	expect_parse_error("nx<2", "bad operator");
	expect_parse_error("bogus", "valid: static scratch pie");
	expect_parse_error("pie-max=2", "unknown requirement 'pie-max=2'");
	expect_parse_error("relro-max=full", "unknown requirement");
	expect_parse_error("glibc-max=two", "is not a version");

	/* The shell-safe and "must run on" spellings mean NAME<=V. */
	memset(&p, 0, sizeof p);
	assert_int_equal(ls_policy_parse(&p, "glibc-max=2.31,glibc=2.30,"
		"glibcxx-max=3.4.28,cxxabi<=1.3.11,gcc=4.2", err, sizeof err), 0);
	assert_int_equal(p.n, 5);
	for (int i = 0; i < p.n; i++)
		assert_string_equal(ls_requirement_usage(p.req[i].id),
				    i < 2 ? "glibc<=X.Y" : i == 2 ? "glibcxx<=X.Y.Z" :
				    i == 3 ? "cxxabi<=X.Y.Z" : "gcc<=X.Y");
	assert_string_equal(p.req[0].arg, "2.31");
	assert_string_equal(p.req[0].spelled, "glibc-max=2.31");
	assert_string_equal(p.req[1].arg, "2.30");
	assert_string_equal(p.req[4].arg, "4.2");
}

/*
 * A version gate lists every symbol above its target, highest version
 * first, and its reason has no length bound (it was cut at 159 bytes).
 */
static void test_version_gate(void **state)
{
	static const char *const vers[] = { "GLIBC_2.2.5", "GLIBC_2.33", "GLIBC_2.36", "GLIBC_2.34" };
	ls_policy p = { 0 };
	ls_audit a;
	ls_vsym syms[40];
	char names[40][40], err[200];
	size_t len;
	(void)state;

	memset(&a, 0, sizeof a);
	a.kind = LS_ART_PIE;
	a.floors[0] = (ls_floor){ .family = "GLIBC", .name = "GLIBC_2.36" };
	a.floors[1] = (ls_floor){ .family = "GLIBCXX", .name = "GLIBCXX_3.4.30" };
	a.nfloors = 2;
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "a_rather_long_symbol_name_%02d", i);
		syms[i] = (ls_vsym){ names[i], vers[i % 4], "GLIBC", "libc.so.6", false };
	}
	a.vsyms = syms;
	a.nvsyms = 40;
	assert_int_equal(ls_policy_parse(&p, "glibc-max=2.31,glibcxx<=3.4.30,gcc<=3.0",
					 err, sizeof err), 0);
	assert_int_equal(ls_policy_eval(&p, &a), 1);
	assert_int_equal(a.failures[0].nsyms, 30);
	len = strlen(a.failures[0].reason);
	assert_true(len > 160);
	assert_non_null(strstr(a.failures[0].reason,
		"needs GLIBC_2.36 (a_rather_long_symbol_name_02, a_rather_long_symbol_name_06"));
	assert_non_null(strstr(a.failures[0].reason, "; 30 symbols above GLIBC_2.31"));
	for (int i = 0; i < 40; i++)
		assert_true((strstr(a.failures[0].reason, names[i]) != NULL) == (i % 4 != 0));
	for (uint32_t i = 1; i < a.failures[0].nsyms; i++)
		assert_true(ls_version_cmp(a.failures[0].syms[i - 1].version + 6,
					   a.failures[0].syms[i].version + 6) >= 0);
	assert_string_equal(a.failures[0].syms[0].version, "GLIBC_2.36");
	assert_string_equal(a.failures[0].syms[29].version, "GLIBC_2.33");
	ls_audit_failures_free(&a);
}

static void test_policy_judges(void **state)
{
	ls_policy p = { 0 };
	ls_audit a;
	char err[200];
	(void)state;

	assert_int_equal(ls_policy_parse(&p, "pie,relro=full,cet,bti,glibc<=2.28,go>=1.22,static",
					 err, sizeof err), 0);
	memset(&a, 0, sizeof a);
	a.kind = LS_ART_PIE;
	a.pie = true;
	a.machine = EM_AARCH64;
	a.relro = LS_RELRO_PARTIAL;
	a.load.interp = "/lib/ld-linux-aarch64.so.1";
	a.bti = true;
	/* relro=full and static fail; cet does not apply to AArch64, go to C. */
	assert_int_equal(ls_policy_eval(&p, &a), 2);
	assert_string_equal(a.failures[0].requirement, "relro=full");
	assert_non_null(strstr(a.failures[0].reason, "without BIND_NOW"));
	assert_string_equal(a.failures[1].requirement, "static");
	ls_audit_failures_free(&a);

	/* A relocatable object: only what applies to objects is judged. */
	memset(&a, 0, sizeof a);
	a.kind = LS_ART_REL;
	a.machine = EM_X86_64;
	assert_int_equal(ls_policy_eval(&p, &a), 1);
	assert_string_equal(a.failures[0].requirement, "cet");
	ls_audit_failures_free(&a);
}

/* Every requirement of policy.c's table has a next step (remedy.c): a
 * symptom always, and the fix that applies to the file: C for a C file,
 * Go for a Go file without cgo, both for cgo (a Go-only requirement has
 * no C fix).  A rule added to the table without a remedy fails here. */
static void test_remedy_every_rule(void **state)
{
	(void)state;
	for (int id = 0; id < ls_requirement_count(); id++) {
		const char *name = ls_requirement_name(id);
		bool go_rule = !strcmp(name, "cgo") || !strcmp(name, "no-cgo") ||
			       !strcmp(name, "go");

		/* A preset is expanded when parsed: its failures carry the
		 * rule of each part, which this loop covers. */
		if (!strcmp(name, "hardened"))
			continue;
		for (int kind = 0; kind < 3; kind++) {	/* C, pure Go, cgo */
			ls_audit a;
			ls_failure f = { .requirement = name, .rule = id };

			memset(&a, 0, sizeof a);
			a.path = "/build/app";
			a.kind = LS_ART_EXEC;
			a.machine = EM_X86_64;
			a.load.interp = "/lib64/ld-linux-x86-64.so.2";
			a.go.is_go = kind > 0;
			a.go.cgo = kind == 2;
			assert_non_null(ls_remedy_help(id));
			assert_int_equal(ls_remedy_fill(&f, &a), 0);
			assert_non_null(f.symptom);
			assert_true(strlen(f.symptom) > 10);
			assert_true((f.fix_c != NULL) == (kind != 1 && !go_rule));
			assert_true((f.fix_go != NULL) == (kind != 0));
			free(f.symptom);
			free(f.fix_c);
			free(f.fix_go);
		}
	}
}

/* safe-rpath names every unsafe element, each saying who can plant a
 * library there and how. */
static void test_safe_rpath_words(void **state)
{
	const char *needed[] = { "libfoo.so.1" };
	ls_rpath_risk risks[] = {
		{ { "lib", 3 }, true, LS_RISK_RELATIVE, 0 },
		{ { "", 0 }, true, LS_RISK_EMPTY, 0 },
		{ { "$ORIGIN/../lib", 14 }, true, LS_RISK_ORIGIN_SETUID, 0 },
		{ { "/tmp/x", 6 }, true, LS_RISK_WORLD_WRITABLE, 0 },
		{ { "/home/b/lib", 11 }, true, LS_RISK_NOT_ROOT_OWNED, 0 },
		{ { "/opt/x", 6 }, false, LS_RISK_MISSING, 0 },
	};
	static const char *const words[] = {
		"'lib' is relative: it is searched from whatever directory the program is started in, so anyone who can make the user run it from a directory they control can plant libfoo.so.1 there",
		"'' (an empty element) is the current directory",
		"any user can hard-link the program next to a library of theirs",
		"any local user can write a library (libfoo.so.1) into /tmp/x",
		"is owned by user 'root' (uid 0), not root",
		"'/opt/x' does not exist: whoever can create /opt/x first decides what gets loaded",
	};
	ls_policy p = { 0 };
	ls_audit a;
	char err[200];
	(void)state;

	memset(&a, 0, sizeof a);
	a.kind = LS_ART_EXEC;
	a.load.dyn.needed = needed;
	a.load.dyn.nneeded = 1;
	a.risks = risks;
	a.nrisks = 6;
	assert_int_equal(ls_policy_parse(&p, "safe-rpath", err, sizeof err), 0);
	assert_int_equal(ls_policy_eval(&p, &a), 1);
	assert_non_null(strstr(a.failures[0].reason, "6 unsafe search directories: "));
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		char *one = ls_rpath_explain(&a, &risks[i]);

		assert_non_null(strstr(one, words[i]));
		assert_non_null(strstr(a.failures[0].reason, one));
		free(one);
	}
	assert_non_null(strstr(a.failures[0].reason, "DT_RPATH '/opt/x'"));
	assert_non_null(a.failures[0].fix_c);
	/* $ORIGIN in a set-ID program: only absolute directories will do. */
	assert_non_null(strstr(a.failures[0].fix_c, "absolute, root-owned"));
	ls_audit_failures_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_properties),
		cmocka_unit_test(test_nx_defaults),
		cmocka_unit_test(test_dynamic_facts),
		cmocka_unit_test(test_dynamic_bad_string),
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_fortify_table),
		cmocka_unit_test(test_fortify_plain),
		cmocka_unit_test(test_policy_hardened),
		cmocka_unit_test(test_check_excluded),
		cmocka_unit_test(test_version_cmp),
		cmocka_unit_test(test_policy_parse),
		cmocka_unit_test(test_policy_judges),
		cmocka_unit_test(test_version_gate),
		cmocka_unit_test(test_remedy_every_rule),
		cmocka_unit_test(test_safe_rpath_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
