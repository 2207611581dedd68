/*
 * test_golex.c - the Go source tokenizer (go/golex.h), the declaration
 * and //go:linkname scanner (go/linkname.h), build constraints
 * (go/buildtags.h) and a GOROOT's linkname rules (go/goroot_links.h) on a
 * miniature GOROOT written to a temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "go/buildtags.h"
#include "go/golex.h"
#include "go/goroot_links.h"
#include "go/linkname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ls_bytes bytes_of(const char *s)
{
	return (ls_bytes){ (const uint8_t *)s, strlen(s) };
}

/* Kinds of every token of s, as letters: i n s r c o l b. */
static void kinds(const char *s, char *out, size_t cap, bool *bad)
{
	ls_golex lx;
	ls_gotok t;
	size_t k = 0;

	ls_golex_init(&lx, bytes_of(s));
	while (ls_golex_next(&lx, &t) && k + 1 < cap)
		out[k++] = "EinsrcoLB"[t.kind];
	out[k] = 0;
	*bad = lx.bad;
}

static void test_lex_kinds(void **state)
{
	char k[64];
	bool bad;

	(void)state;
	kinds("x := \"a\\\"b\" + `r\n` + 'c' + '\\'' // end", k, sizeof k, &bad);
	assert_string_equal(k, "iosorococL");
	assert_false(bad);
	kinds("a /* x\n y */ b 0x1p-2 1e+5 .5", k, sizeof k, &bad);
	assert_string_equal(k, "iBinnn");
	assert_false(bad);
	kinds("a<<=b&^c...d", k, sizeof k, &bad);
	assert_string_equal(k, "ioioioi");
}

static void test_lex_lines_and_bom(void **state)
{
	ls_golex lx;
	ls_gotok t;

	(void)state;
	ls_golex_init(&lx, bytes_of("\xef\xbb\xbf//go:x\n`a\nb`\nz"));
	assert_true(ls_golex_next(&lx, &t));
	assert_int_equal(t.kind, LS_GT_LINE_COMMENT);
	assert_true(t.bol);
	assert_int_equal(t.off, 3);
	assert_true(ls_golex_next(&lx, &t));
	assert_int_equal(t.kind, LS_GT_RAW);
	assert_int_equal(t.line, 2);
	assert_int_equal(t.end_line, 3);
	assert_true(ls_golex_next(&lx, &t));
	assert_int_equal(t.line, 4);
	assert_false(ls_golex_next(&lx, &t));
	assert_int_equal(t.kind, LS_GT_EOF);
}

static void test_lex_unterminated(void **state)
{
	static const char *const cases[] = {
		"x = \"abc", "x = `abc\n", "/* abc", "x = 'a", "x = \"a\\",
		"\xef\xbb", "@", "'\\", "`", "\"\n\"",
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ls_golex lx;
		ls_gotok t;
		int n = 0;

		ls_golex_init(&lx, bytes_of(cases[i]));
		while (ls_golex_next(&lx, &t) && n < 100) {
			assert_true(t.off + t.len <= strlen(cases[i]));
			n++;
		}
		assert_true(n < 100);
		if (i < 5)
			assert_true(lx.bad);
	}
}

static const char src[] =
	"// Not a directive: //go:linkname a1 runtime.a1\n"
	"/*\n"
	"//go:linkname a2 runtime.a2\n"
	"*/\n"
	"//go:build linux && (amd64 || arm64)\n"
	"\n"
	"package p\n"
	"\n"
	"import _ \"unsafe\"\n"
	"\n"
	"var s = \"\\n//go:linkname a3 runtime.a3\"\n"
	"var r = `\n"
	"//go:linkname a4 runtime.a4\n"
	"`\n"
	"var rn = '\\''\n"
	"\n"
	"//go:linkname pullf runtime.pullf\n"
	"func pullf(x struct{ a int }) interface{ M() }\n"
	"\n"
	"//go:linkname pushf example.com/q.pushf\n"
	"func pushf() int {\n"
	"\treturn 1\n"
	"}\n"
	"\n"
	"//go:linkname own\n"
	"func own() {}\n"
	"\n"
	"var (\n"
	"\tv1, v2 int\n"
	"\tv3 = map[string]int{\n"
	"\t\t\"a\": 1,\n"
	"\t}\n"
	")\n"
	"\n"
	"//go:linkname v1 runtime.v1\n"
	"//go:linkname v3 runtime.v3\n"
	"\t//go:linkname indented runtime.indented\n"
	"//go:linkname missing runtime.missing\n"
	"//go:linkname x y z\n"
	"func (t *T[K]) m() {}\n"
	"func g[T any](x T) T { return x }\n"
	"var z = 1 //go:linkname z runtime.z\n";

static void test_linkname_scan(void **state)
{
	ls_gofile f = { 0 };
	ls_buildctx amd = { "linux", "amd64", true, 26, NULL };
	ls_buildctx arm = { "linux", "arm", true, 26, NULL };

	(void)state;
	assert_int_equal(ls_gofile_scan(bytes_of(src), &amd, false, &f), 0);
	assert_true(f.build_ok);
	assert_false(f.bad);
	assert_int_equal(f.pkg.n, 1);
	assert_memory_equal(f.pkg.p, "p", 1);
	/* pullf pushf own v1 v3 indented missing, and the malformed one
	 * (not the one after code on its line: the compiler rejects it). */
	assert_int_equal(f.nlinks, 8);
	assert_int_equal(f.links[0].kind, LS_LN_PULL);
	assert_int_equal(f.links[0].line, 17);
	assert_memory_equal(f.links[0].target.p, "runtime.pullf", 13);
	assert_int_equal(f.links[1].kind, LS_LN_PUSH);
	assert_int_equal(f.links[2].kind, LS_LN_PUSH);
	assert_int_equal(f.links[2].target.n, 0);
	assert_int_equal(f.links[3].kind, LS_LN_PULL);
	assert_true(f.links[3].is_var);
	assert_int_equal(f.links[4].kind, LS_LN_PUSH);
	assert_true(f.links[4].is_var);
	assert_int_equal(f.links[5].kind, LS_LN_UNKNOWN);
	assert_memory_equal(f.links[5].local.p, "indented", 8);
	assert_int_equal(f.links[6].kind, LS_LN_UNKNOWN);
	assert_true(f.links[7].malformed);

	const ls_godecl *d = ls_gofile_find(&f, (ls_str){ "g", 1 });

	assert_non_null(d);
	assert_int_equal(d->kind, LS_DECL_FUNC_BODY);
	d = ls_gofile_find(&f, (ls_str){ "v2", 2 });
	assert_non_null(d);
	assert_int_equal(d->kind, LS_DECL_VAR_NOINIT);
	assert_null(ls_gofile_find(&f, (ls_str){ "m", 1 }));
	bool method = false;

	for (size_t i = 0; i < f.ndecls; i++)
		if (f.decls[i].kind == LS_DECL_METHOD) {
			method = true;
			assert_true(f.decls[i].recv_ptr);
			assert_memory_equal(f.decls[i].recv.p, "T", 1);
		}
	assert_true(method);

	assert_int_equal(ls_gofile_scan(bytes_of(src), &arm, true, &f), 0);
	assert_false(f.build_ok);
	assert_int_equal(f.nlinks, 0);
	ls_gofile_free(&f);
}

/* go/build's header rules for `// +build` (shouldBuild). */
static void test_plusbuild(void **state)
{
	ls_buildctx c = { "linux", "amd64", true, 26, "regabiwrappers,greenteagc," };
	static const struct { const char *src; int want; } cases[] = {
		{ "// +build ignore\n\npackage p\n", 0 },
		{ "// +build darwin\n\npackage p\n", 0 },
		{ "// +build linux,amd64 windows\n\npackage p\n", 1 },
		{ "// +build linux,!cgo\n\npackage p\n", 0 },
		{ "// +build linux\n// +build arm64\n\npackage p\n", 0 },
		/* not followed by a blank line: not a constraint */
		{ "// +build ignore\npackage p\n", 1 },
		/* after the package clause: not a constraint */
		{ "package p\n\n// +build ignore\n", 1 },
		/* //go:build decides alone */
		{ "//go:build linux\n// +build ignore\n\npackage p\n", 1 },
		{ "/* x */\n// +build ignore\n\npackage p\n", 1 },
		{ "//+build darwin\n\npackage p\n", 0 },
		{ "// +builder darwin\n\npackage p\n", 1 },
		{ "// +build !!linux\n\npackage p\n", 0 },
		{ "// +build\n\npackage p\n", 0 },
		{ "//go:build goexperiment.greenteagc\n\npackage p\n", 1 },
		{ "//go:build goexperiment.arenas\n\npackage p\n", 0 },
		{ "//go:build !goexperiment.green\n\npackage p\n", 1 },
		{ "//go:build linux\n//go:build linux\npackage p\n", -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int v = ls_header_build(&c, cases[i].src, strlen(cases[i].src));

		if (v != cases[i].want)
			fail_msg("case %zu (%s): %d, want %d", i, cases[i].src, v,
				 cases[i].want);
	}
}

static void test_buildexpr(void **state)
{
	ls_buildctx c = { "linux", "amd64", false, 23, NULL };
	static const struct { const char *e; int v; } cases[] = {
		{ "linux", 1 }, { "!linux", 0 }, { "linux && amd64", 1 },
		{ "linux && arm64", 0 }, { "darwin || amd64", 1 },
		{ "!(linux && arm64)", 1 }, { "unix", 1 }, { "cgo", 0 },
		{ "gc", 1 }, { "go1.23", 1 }, { "go1.24", 0 }, { "go1.1", 1 },
		{ "ignore", 0 }, { "linux &&", -1 }, { "(linux", -1 },
		{ "a b", -1 }, { "", -1 }, { "!!linux", 1 },
		{ " linux || (windows && !cgo) ", 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(ls_buildexpr_eval(&c, cases[i].e, strlen(cases[i].e)),
				 cases[i].v);
	ls_buildctx a = { "android", "arm64", true, 23, NULL };

	assert_int_equal(ls_buildexpr_eval(&a, "linux && cgo", 12), 1);
	/* Deep nesting is bounded, not a stack overflow. */
	char deep[2001];

	memset(deep, '(', 2000);
	deep[2000] = 0;
	assert_int_equal(ls_buildexpr_eval(&c, deep, 2000), -1);
}

static void test_buildname(void **state)
{
	ls_buildctx c = { "linux", "amd64", true, 26, NULL };

	(void)state;
	assert_true(ls_buildname_ok(&c, "a.go"));
	assert_true(ls_buildname_ok(&c, "linux.go"));
	assert_true(ls_buildname_ok(&c, "a_linux.go"));
	assert_true(ls_buildname_ok(&c, "a_amd64.s"));
	assert_true(ls_buildname_ok(&c, "a_linux_amd64.go"));
	assert_false(ls_buildname_ok(&c, "a_linux_arm64.go"));
	assert_false(ls_buildname_ok(&c, "a_windows.go"));
	assert_false(ls_buildname_ok(&c, "a_test.go"));
	assert_false(ls_buildname_ok(&c, "a_linux_test.go"));
	assert_false(ls_buildname_ok(&c, "_a.go"));
	assert_false(ls_buildname_ok(&c, ".a.go"));
	assert_false(ls_buildname_ok(&c, "a.c"));
	assert_true(ls_buildname_ok(&c, "a_foo.go"));
	assert_true(ls_buildname_ok(&c, "a_test.s"));
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_goroot(void **state)
{
	char root[] = "/tmp/ls-goroot-XXXXXX", p[600];
	ls_buildctx c = { "linux", "amd64", true, 26, NULL };
	ls_goroot_links *g;
	ls_diag d = { 0 };
	enum ls_ln_reason why;
	char ver[32];
	int minor;

	(void)state;
	assert_non_null(mkdtemp(root));
	static const char *const dirs[] = {
		"src", "src/runtime", "src/internal", "src/internal/x",
		"src/cmd", "src/cmd/link", "src/cmd/link/internal",
		"src/cmd/link/internal/loader", "src/runtime/testdata",
	};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
		assert_int_equal(mkdir(p, 0755), 0);
	}
	put(root, "VERSION", "go1.26.1\ntime x\n");
	snprintf(p, sizeof p, "%s/src/runtime", root);
	put(p, "a.go", "package runtime\n"
	    "//go:linkname pushed\nfunc pushed() {}\n"
	    "func plain() {}\n"
	    "//go:linkname other example.com/z.other\nfunc other() {}\n"
	    "func fromasm()\n"
	    "func coroswitch() {}\n//go:linkname coroswitch\n");
	put(p, "d.go", "package runtime\n//go:linkname crossf\n//go:linkname crossnb\n");
	put(p, "e.go", "package runtime\nfunc crossf() {}\nfunc crossnb()\nfunc crossplain() {}\n");
	put(p, "b_windows.go", "package runtime\n//go:linkname win\nfunc win() {}\n");
	put(p, "c.go", "//go:build arm64\n\npackage runtime\n//go:linkname armonly\nfunc armonly() {}\n");
	put(p, "asm_amd64.s", "#include \"textflag.h\"\n"
	    "TEXT runtime·fromasm(SB),NOSPLIT,$0-0\n"
	    "TEXT ·dot(SB),NOSPLIT,$0\n"
	    "TEXT internal∕x·slashed<ABIInternal>(SB),NOSPLIT,$0\n"
	    "TEXT runtime·static<>(SB),NOSPLIT,$0\n"
	    "GLOBL runtime·gvar(SB),RODATA,$8\n");
	put(p, "asm_arm64.s", "TEXT runtime·armasm(SB),NOSPLIT,$0\n");
	snprintf(p, sizeof p, "%s/src/runtime/testdata", root);
	put(p, "t.go", "package runtime\n//go:linkname hidden\nfunc hidden() {}\n");
	snprintf(p, sizeof p, "%s/src/internal/x", root);
	put(p, "x.go", "package x\nfunc xf() {}\nvar xv int\n");
	snprintf(p, sizeof p, "%s/src/cmd/link/internal/loader", root);
	put(p, "loader.go", "package loader\n"
	    "var blockedLinknames = map[string][]string{\n"
	    "\t// coroutines\n"
	    "\t\"runtime.coroswitch\": {\"iter\"},\n"
	    "\t\"crypto/internal/fips140.fatal\": {\"crypto/internal/fips140\"},\n"
	    "\t\"runtime.addmoduledata\": {}, // nobody\n"
	    "}\n");

	assert_int_equal(ls_goroot_version(root, ver, sizeof ver, &minor), 0);
	assert_string_equal(ver, "go1.26.1");
	assert_int_equal(minor, 26);
	assert_int_equal(ls_goroot_links_load(root, &c, &g, &d), 0);

	ls_goroot_stats st;

	ls_goroot_links_stats(g, &st);
	assert_true(st.have_blocked);
	assert_int_equal(st.blocked, 3);

	assert_int_equal(ls_goroot_check(g, "main", "runtime.pushed", &why), LS_LNV_ALLOWED);
	assert_int_equal(why, LS_LNR_PUSHED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.crossf", &why), LS_LNV_ALLOWED);
	assert_int_equal(why, LS_LNR_PUSHED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.crossplain", &why), LS_LNV_BLOCKED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.crossnb", &why), LS_LNV_UNDEFINED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.plain", &why), LS_LNV_BLOCKED);
	assert_int_equal(why, LS_LNR_NOT_PUSHED);
	assert_int_equal(ls_goroot_check(g, "runtime", "runtime.plain", &why), LS_LNV_ALLOWED);
	assert_int_equal(why, LS_LNR_SAME_PACKAGE);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.fromasm", &why), LS_LNV_ALLOWED);
	assert_int_equal(why, LS_LNR_ASSEMBLY);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.dot", &why), LS_LNV_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "main", "internal/x.slashed", &why), LS_LNV_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.gvar", &why), LS_LNV_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.static", &why), LS_LNV_UNDEFINED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.armasm", &why), LS_LNV_UNDEFINED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.win", &why), LS_LNV_UNDEFINED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.armonly", &why), LS_LNV_UNDEFINED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.hidden", &why), LS_LNV_UNDEFINED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.coroswitch", &why), LS_LNV_BLOCKED);
	assert_int_equal(why, LS_LNR_LISTED_BLOCKED);
	assert_int_equal(ls_goroot_check(g, "iter", "runtime.coroswitch", &why), LS_LNV_ALLOWED);
	assert_int_equal(why, LS_LNR_LISTED_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "runtime", "runtime.addmoduledata", &why), LS_LNV_BLOCKED);
	assert_int_equal(ls_goroot_check(g, "crypto/internal/fips140/v1.0.0",
					 "crypto/internal/fips140.fatal", &why), LS_LNV_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "main", "example.com/z.other", &why), LS_LNV_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "main", "example.com/z.f", &why), LS_LNV_NA);
	assert_int_equal(why, LS_LNR_NOT_STD);
	assert_int_equal(ls_goroot_check(g, "main", "memcpy", &why), LS_LNV_NA);
	assert_int_equal(why, LS_LNR_EXTERNAL);
	assert_int_equal(ls_goroot_check(g, "main", "internal/x.xv", &why), LS_LNV_BLOCKED);
	ls_goroot_links_free(g);

	ls_buildctx arm = { "linux", "arm64", true, 26, NULL };

	assert_int_equal(ls_goroot_links_load(root, &arm, &g, &d), 0);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.armonly", &why), LS_LNV_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.armasm", &why), LS_LNV_ALLOWED);
	assert_int_equal(ls_goroot_check(g, "main", "runtime.fromasm", &why), LS_LNV_UNDEFINED);
	ls_goroot_links_free(g);
	assert_int_equal(ls_goroot_links_load("/nonexistent-goroot", &c, &g, &d), -1);

	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lex_kinds),
		cmocka_unit_test(test_lex_lines_and_bom),
		cmocka_unit_test(test_lex_unterminated),
		cmocka_unit_test(test_linkname_scan),
		cmocka_unit_test(test_buildexpr),
		cmocka_unit_test(test_plusbuild),
		cmocka_unit_test(test_buildname),
		cmocka_unit_test(test_goroot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
