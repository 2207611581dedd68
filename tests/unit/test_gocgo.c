/*
 * test_gocgo.c - go list's JSON stream read by golist.c, and the cgo
 * analysis (gocgo.c) on hand-made package lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "go/gocgo.h"
#include "go/golist.h"
#include "go/gostub.h"

#include <string.h>

/* With cgo: app -> dep (cgo only, -lm, pkg-config zlib); app -> net (cgo);
 * runtime/cgo reached only through import "C". */
static const char with_json[] =
"{\"ImportPath\":\"runtime/cgo\",\"Standard\":true,\"DepOnly\":true,"
" \"CgoFiles\":[\"cgo.go\"],\"Imports\":[\"C\",\"unsafe\"]}\n"
"{\"ImportPath\":\"unsafe\",\"Standard\":true,\"DepOnly\":true,\"GoFiles\":[\"unsafe.go\"]}"
"{\"ImportPath\":\"net\",\"Standard\":true,\"DepOnly\":true,"
" \"GoFiles\":[\"net.go\",\"cgo_unix.go\"],\"CgoFiles\":[\"cgo_unix_cgo.go\"],"
" \"CgoLDFLAGS\":[\"-lresolv\"],\"Imports\":[\"C\",\"unsafe\"]}\n"
"{\"ImportPath\":\"example.com/dep\",\"DepOnly\":true,"
" \"Module\":{\"Path\":\"example.com/dep\",\"Version\":\"v1.2.3\","
"  \"Replace\":{\"Path\":\"./dep\"}},"
" \"CgoFiles\":[\"dep.go\"],\"CgoCFLAGS\":[\"-DX=1\"],\"CgoLDFLAGS\":[\"-lm\"],"
" \"CgoPkgConfig\":[\"zlib\"],\"Imports\":[\"C\"]}\n"
"{\"ImportPath\":\"example.com/app\",\"Name\":\"main\","
" \"Module\":{\"Path\":\"example.com/app\"},\"GoFiles\":[\"main.go\"],"
" \"Imports\":[\"example.com/dep\",\"net\"]}\n";

static const char without_json[] =
"{\"ImportPath\":\"unsafe\",\"Standard\":true,\"DepOnly\":true,\"GoFiles\":[\"unsafe.go\"]}"
"{\"ImportPath\":\"net\",\"Standard\":true,\"DepOnly\":true,"
" \"GoFiles\":[\"net.go\",\"cgo_stub.go\"],\"Imports\":[\"unsafe\"]}\n"
"{\"ImportPath\":\"example.com/dep\",\"DepOnly\":true,\"Incomplete\":true,"
" \"IgnoredGoFiles\":[\"dep.go\"],"
" \"Error\":{\"Err\":\"build constraints exclude all Go files in /x/dep\"}}\n"
"{\"ImportPath\":\"example.com/app\",\"Name\":\"main\",\"Incomplete\":true,"
" \"GoFiles\":[\"main.go\"],\"Imports\":[\"example.com/dep\",\"net\"],"
" \"DepsErrors\":[{\"Err\":\"build constraints exclude all Go files in /x/dep\"}]}\n";

static void parse(const char *s, ls_golist *l)
{
	ls_diag d = { 0 };

	if (ls_golist_parse(s, strlen(s), l, &d) < 0)
		fail_msg("parse: %s", d.msg);
}

static void test_parse_stream(void **state)
{
	ls_golist l;
	const ls_gopkg *p;

	(void)state;
	parse(with_json, &l);
	assert_int_equal(l.n, 5);
	p = ls_golist_find(&l, "example.com/dep");
	assert_non_null(p);
	assert_string_equal(p->module, "example.com/dep@v1.2.3");
	assert_string_equal(p->replace, "./dep");
	assert_int_equal(p->cgo_pkg_config.n, 1);
	assert_string_equal(p->cgo_pkg_config.v[0], "zlib");
	assert_true(p->dep_only);
	p = ls_golist_find(&l, "example.com/app");
	assert_string_equal(p->module, "example.com/app");
	assert_false(p->dep_only);
	assert_null(ls_golist_find(&l, "C"));
	ls_golist_free(&l);

	parse(without_json, &l);
	p = ls_golist_find(&l, "example.com/app");
	assert_true(p->incomplete);
	assert_int_equal(p->deps_errors.n, 1);
	assert_string_equal(ls_golist_find(&l, "example.com/dep")->error,
			    "build constraints exclude all Go files in /x/dep");
	ls_golist_free(&l);
}

static void test_parse_bad(void **state)
{
	static const char bad[] = "{\"ImportPath\":\"a\"}\n{\"ImportPath\": tru";
	static const char notpkg[] = "[1,2]";
	ls_golist l;
	ls_diag d = { 0 };

	(void)state;
	assert_int_equal(ls_golist_parse(bad, strlen(bad), &l, &d), -1);
	assert_true(d.has_offset);
	assert_true(d.offset >= 19);
	assert_int_equal(l.n, 0);
	assert_int_equal(ls_golist_parse(notpkg, strlen(notpkg), &l, &d), -1);
	assert_int_equal(ls_golist_parse("  \n", 3, &l, &d), 0);
	assert_int_equal(l.n, 0);
	ls_golist_free(&l);
}

static void test_analyze(void **state)
{
	ls_golist w, o;
	ls_gocgo g;
	const ls_gocgo_use *dep = NULL, *rt = NULL;

	(void)state;
	parse(with_json, &w);
	parse(without_json, &o);
	assert_int_equal(ls_gocgo_analyze(&w, &o, true, &g, NULL), 0);

	assert_int_equal(g.nroots, 1);
	assert_string_equal(g.roots[0]->import_path, "example.com/app");
	assert_int_equal(g.ncgo, 3);
	for (size_t i = 0; i < g.ncgo; i++) {
		if (!strcmp(g.cgo[i].pkg->import_path, "example.com/dep"))
			dep = &g.cgo[i];
		if (!strcmp(g.cgo[i].pkg->import_path, "runtime/cgo"))
			rt = &g.cgo[i];
	}
	assert_non_null(dep);
	assert_int_equal(dep->nchain, 2);
	assert_string_equal(dep->chain[0], "example.com/app");
	assert_string_equal(dep->chain[1], "example.com/dep");
	/* runtime/cgo through the first cgo package BFS reaches. */
	assert_non_null(rt);
	assert_int_equal(rt->nchain, 3);
	assert_string_equal(rt->chain[1], "example.com/dep");
	assert_string_equal(rt->chain[2], "runtime/cgo");

	assert_int_equal(g.nlost, 1);
	assert_string_equal(g.lost[0]->import_path, "runtime/cgo");
	assert_int_equal(g.ngained, 0);
	assert_int_equal(g.nchanged, 2);	/* net and dep */
	for (size_t i = 0; i < g.nchanged; i++)
		if (!strcmp(g.changed[i].with->import_path, "net")) {
			assert_int_equal(g.changed[i].ndropped, 2);
			assert_string_equal(g.changed[i].dropped[0], "cgo_unix.go");
			assert_string_equal(g.changed[i].dropped[1], "cgo_unix_cgo.go");
			assert_int_equal(g.changed[i].nadded, 1);
			assert_string_equal(g.changed[i].added[0], "cgo_stub.go");
		}
	assert_int_equal(g.nfails, 1);
	assert_string_equal(g.fails[0].pkg->import_path, "example.com/dep");
	assert_true(g.fails[0].only_cgo_files);
	assert_int_equal(g.nfailing_roots, 1);
	assert_int_equal(g.nstd, 2);	/* net, runtime/cgo */
	assert_string_equal(g.std[0].import_path, "net");
	assert_string_equal(g.std[1].import_path, "runtime/cgo");
	ls_gocgo_free(&g);

	/* cgo already off: nothing to compare, no std effects. */
	assert_int_equal(ls_gocgo_analyze(&o, NULL, false, &g, NULL), 0);
	assert_int_equal(g.ncgo, 0);
	assert_int_equal(g.nstd, 0);
	assert_int_equal(g.nfailing_roots, 0);
	ls_gocgo_free(&g);
	ls_golist_free(&w);
	ls_golist_free(&o);
}

static void scan(const char *src, ls_gostub_scan *sc)
{
	ls_bytes b = { (const uint8_t *)src, strlen(src) };

	assert_int_equal(ls_gostub_scan_bytes(b, sc), 0);
}

/* The stub rule: !cgo in the header's constraint, a literal naming cgo. */
static void test_stub_scan(void **state)
{
	ls_gostub_scan sc;

	(void)state;
	scan("//go:build !cgo\n// +build !cgo\n\npackage p\n"
	     "// requires cgo (a comment)\n"
	     "var e = errors.New(\"x\")\nvar f = `needs CGO_ENABLED=1`\n", &sc);
	assert_true(sc.not_cgo);
	assert_string_equal(sc.message, "needs CGO_ENABLED=1");
	ls_gostub_scan_free(&sc);

	/* //go:build wins over // +build; "! cgo" is the same term;
	 * !cgocheck is another tag. */
	scan("//go:build linux\n// +build !cgo\npackage p\n", &sc);
	assert_false(sc.not_cgo);
	ls_gostub_scan_free(&sc);
	scan("//go:build linux && ! cgo\npackage p\n", &sc);
	assert_true(sc.not_cgo);
	ls_gostub_scan_free(&sc);
	scan("//go:build !cgocheck\npackage p\n", &sc);
	assert_false(sc.not_cgo);
	ls_gostub_scan_free(&sc);
	/* Old style only; a constraint after the package clause is none. */
	scan("// +build linux,!cgo\n\npackage p\n", &sc);
	assert_true(sc.not_cgo);
	assert_null(sc.message);
	ls_gostub_scan_free(&sc);
	scan("package p\n//go:build !cgo\n", &sc);
	assert_false(sc.not_cgo);
	ls_gostub_scan_free(&sc);
	/* Unterminated: no crash, nothing invented. */
	scan("//go:build !cgo\npackage p\nvar s = \"cgo", &sc);
	assert_true(sc.not_cgo);
	ls_gostub_scan_free(&sc);
	scan("", &sc);
	assert_false(sc.not_cgo);
	assert_null(sc.message);
}

/* The link step names the roots of its "# PATH" headers, else all. */
static void test_build_result(void **state)
{
	const ls_gopkg a = { .import_path = "ex/a" }, b = { .import_path = "ex/ab" };
	const ls_gopkg *roots[2] = { &a, &b }, *failing[2];
	ls_gocgo g = { 0 };

	(void)state;
	g.roots = roots;
	g.nroots = 2;
	g.failing_roots = failing;
	ls_gocgo_build_result(&g, 0, "");
	assert_int_equal(g.nfailing_roots, 0);
	assert_null(g.build_error);
	ls_gocgo_build_result(&g, 1, "# ex/ab\nmain.main: relocation target x not defined\n");
	assert_int_equal(g.nfailing_roots, 1);
	assert_string_equal(g.failing_roots[0]->import_path, "ex/ab");
	g.nfailing_roots = 0;
	ls_gocgo_build_result(&g, 1, "go: something else\n");
	assert_int_equal(g.nfailing_roots, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stream),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_analyze),
		cmocka_unit_test(test_stub_scan),
		cmocka_unit_test(test_build_result),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
