/*
 * test_verscript.c - version scripts (ls_verscript_parse, _lookup): every
 * construct, the errors each linker reports (with offsets), the glob
 * dialects, the precedence rules of bfd, gold, lld and mold, hostile input.
 *
 * The table in test_linkers holds what the real linkers did.  Each script
 * was given to
 *
 *   gcc -shared -nostdlib -fuse-ld=LD -Wl,--version-script=v.map lib.o libxx.o
 *
 * with LD = bfd (GNU ld 2.40), gold (1.16), lld (LLD 14.0.6) and mold
 * (1.10.1) on Debian 12, where lib.o defines foo foobar fob bar baz qux and
 * libxx.o (g++) defines ns::func(int), ns::func(double), ns::other(int),
 * gfunc(int) and extern "C" cfunc.  readelf --dyn-syms -W of each result
 * is recorded as: "ERR" when the link failed (the linker's message is in a
 * comment), "= a b@@V" when only those symbols were exported, or else the
 * symbols that were hidden ("-name") or versioned ("name@@V"); every other
 * symbol was exported without a version.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "link/verscript.h"
#include "link/linkcmd.h"
#include "core/demangle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const int sems[4] = { LS_SEM_BFD, LS_SEM_GOLD, LS_SEM_LLD, LS_SEM_MOLD };
static const char *const semname[4] = { "bfd", "gold", "lld", "mold" };

#define ALL 0xf
#define BFD 1
#define GOLD 2
#define LLD 4
#define MOLD 8

static ls_bytes B(const char *s)
{
	ls_bytes b = { (const uint8_t *)s, strlen(s) };
	return b;
}

static void parse_ok(const char *text, int sem, ls_verscript *vs)
{
	ls_diag d = { 0 };

	if (ls_verscript_parse(B(text), sem, 0, vs, &d) < 0)
		fail_msg("%s refused \"%s\": %s at %llu", semname[sem], text, d.msg,
			 (unsigned long long)d.offset);
}

/* The answer for name as a string: "-" (local), "name" or "name@@V". */
static const char *ask(const ls_verscript *vs, const char *name, char *buf,
		       size_t n)
{
	char *dm = ls_demangle(name);
	ls_vermatch m;
	int r = ls_verscript_lookup(vs, name, strlen(name), dm, &m);

	free(dm);
	assert_true(r == 0 || r == 1);
	if (r == 1 && !m.global)
		snprintf(buf, n, "-");
	else if (r == 1 && m.version)
		snprintf(buf, n, "%s@@%s", name, m.version);
	else
		snprintf(buf, n, "%s", name);
	return buf;
}

/* --- what the linkers did -------------------------------------------------- */

static const char *const syms[] = {
	"foo", "foobar", "fob", "bar", "baz", "qux", "_Z5gfunci",
	"_ZN2ns4funcEd", "_ZN2ns4funcEi", "_ZN2ns5otherEi", "cfunc",
};
#define NSYMS (sizeof syms / sizeof syms[0])

static const struct linker_case {
	const char *script;
	const char *want[4];	/* bfd, gold, lld, mold */
} linker_cases[] = {
	{ "{ global: foo; local: *; };",
	  { "= foo",
	    "= foo",
	    "= foo",
	    "= foo" } },
	{ "V1 { global: foo*; }; V2 { global: foobar; };",
	  { "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V1" } },
	{ "V1 { global: foobar; }; V2 { global: foo*; };",
	  { "foo@@V2 foobar@@V1",
	    "foo@@V2 foobar@@V1",
	    "foo@@V2 foobar@@V1",
	    "foo@@V2 foobar@@V1" } },
	{ "V1 { global: fo*; }; V2 { global: foo*; };",
	  { "foo@@V2 foobar@@V2 fob@@V1",
	    "foo@@V2 foobar@@V2 fob@@V1",
	    "foo@@V2 foobar@@V2 fob@@V1",
	    "foo@@V1 foobar@@V1 fob@@V1" } },
	{ "V1 { global: foo*; local: *; };",
	  { "= foo@@V1 foobar@@V1",
	    "= foo@@V1 foobar@@V1",
	    "= foo@@V1 foobar@@V1",
	    "= foo@@V1 foobar@@V1" } },
	{ "{ global: foo; local: foo; };",
	  /* gold: ld.gold: error: 'foo' appears as both a global and a local symbol for version '' in script */
	  { "",
	    "ERR",
	    "-foo",
	    "-foo" } },
	{ "{ local: foo; global: foo; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:15: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "-foo",
	    "" } },
	{ "V1 { global: foo; }; V2 { local: foo; };",
	  /* bfd: ld.bfd: duplicate expression `foo' in version information */
	  { "ERR",
	    "foo@@V1",
	    "foo@@V1",
	    "-foo" } },
	{ "V1 { local: foo; }; V2 { global: foo; };",
	  /* bfd: ld.bfd: duplicate expression `foo' in version information */
	  { "ERR",
	    "-foo",
	    "-foo",
	    "foo@@V2" } },
	{ "V1 { global: foo; }; V2 { global: foo; };",
	  { "foo@@V1",
	    "foo@@V1",
	    "foo@@V1",
	    "foo@@V2" } },
	{ "{ global: foo*; local: fo*; };",
	  { "-fob",
	    "-fob",
	    "-fob",
	    "-fob" } },
	{ "{ global: fo*; local: foo*; };",
	  { "",
	    "",
	    "",
	    "" } },
	{ "{ global: *; local: *; };",
	  /* gold: ld.gold: error: wildcard match appears as both global and local in version '' in script */
	  { "",
	    "ERR",
	    "=",
	    "=" } },
	{ "{ local: *; global: *; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:13: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "=",
	    "" } },
	{ "V1 { global: *; }; V2 { local: *; };",
	  /* bfd: ld.bfd: duplicate expression `*' in version information */
	  { "ERR",
	    "=",
	    "foo@@V1 foobar@@V1 fob@@V1 bar@@V1 baz@@V1 qux@@V1 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V1",
	    "=" } },
	{ "V1 { local: *; }; V2 { global: *; };",
	  /* bfd: ld.bfd: duplicate expression `*' in version information */
	  { "ERR",
	    "foo@@V2 foobar@@V2 fob@@V2 bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2",
	    "=",
	    "foo@@V2 foobar@@V2 fob@@V2 bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2" } },
	{ "V1 { global: foo*; }; V2 { local: fo*; };",
	  { "foo@@V1 foobar@@V1 -fob",
	    "-foo -foobar -fob",
	    "-foo -foobar -fob",
	    "foo@@V1 foobar@@V1 -fob" } },
	{ "V1 { local: foo*; }; V2 { global: fo*; };",
	  { "foo@@V2 foobar@@V2 fob@@V2",
	    "foo@@V2 foobar@@V2 fob@@V2",
	    "foo@@V2 foobar@@V2 fob@@V2",
	    "-foo -foobar fob@@V2" } },
	{ "V1 { local: fo*; }; V2 { global: *; };",
	  { "-foo -foobar -fob bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2",
	    "-foo -foobar -fob bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2",
	    "-foo -foobar -fob bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2",
	    "-foo -foobar -fob bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2" } },
	{ "V1 { global: *; local: *; };",
	  /* gold: ld.gold: error: wildcard match appears as both global and local in version 'V1' in script */
	  { "foo@@V1 foobar@@V1 fob@@V1 bar@@V1 baz@@V1 qux@@V1 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V1",
	    "ERR",
	    "foo@@V1 foobar@@V1 fob@@V1 bar@@V1 baz@@V1 qux@@V1 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V1",
	    "=" } },
	{ "V1 { global: foo*; local: foo*; };",
	  { "foo@@V1 foobar@@V1",
	    "foo@@V1 foobar@@V1",
	    "foo@@V1 foobar@@V1",
	    "foo@@V1 foobar@@V1" } },
	{ "V1 { global: fo*; }; V2 { local: foo; };",
	  { "-foo foobar@@V1 fob@@V1",
	    "-foo foobar@@V1 fob@@V1",
	    "-foo foobar@@V1 fob@@V1",
	    "foo@@V1 foobar@@V1 fob@@V1" } },
	{ "V1 { global: foo; }; V2 { global: foo*; };",
	  { "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V2" } },
	{ "{ global: \"fo*\"; local: *; };",
	  { "=",
	    "=",
	    "= foo foobar fob",
	    "= foo foobar fob" } },
	{ "{ global: fo[!o]; local: *; };",
	  /* gold: ld.gold: error: v.map:1:14: syntax error, unexpected '!', expecting ';' */
	  { "= fob",
	    "ERR",
	    "= fob",
	    "= foo" } },
	{ "{ global: fo[^o]; local: *; };",
	  { "= fob",
	    "= fob",
	    "= fob",
	    "= fob" } },
	{ "{ global: f\\oo; local: *; };",
	  /* gold: ld.gold: error: v.map:1:12: invalid character */
	  { "= foo",
	    "ERR",
	    "=",
	    "=" } },
	{ "{ global: fo\\*; local: *; };",
	  /* gold: ld.gold: error: v.map:1:13: invalid character */
	  { "=",
	    "ERR",
	    "=",
	    "=" } },
	{ "{ global: f?o*; local: *; };",
	  { "= foo foobar",
	    "= foo foobar",
	    "= foo foobar",
	    "= foo foobar" } },
	{ "{ foo; local: *; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:8: syntax error, unexpected LOCAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "= foo",
	    "= foo" } },
	{ "{ global: foo; global: bar; local: *; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:16: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "= foo bar",
	    "= foo bar" } },
	{ "{ global: foo };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:15: syntax error, unexpected '}', expecting ';' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got } */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "" } },
	{ "{ global: foo; bar };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:20: syntax error, unexpected '}', expecting ';' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got } */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "" } },
	{ "{ global: extern \"C++\" { }; foo; local: *; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:26: syntax error, unexpected '}', expecting STRING or QUOTED_STR */
	  { "ERR",
	    "ERR",
	    "= foo",
	    "= foo" } },
	{ "{ global: ; local: *; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:11: syntax error, unexpected ';', expecting STRING or QUOTED_STR */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got local: */
	  /* mold: mold: fatal: v.map:1: { global: ; local: *; }; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; }; V2 { bar; } V1 V0;",
	  /* bfd: ld.bfd: unable to find version dependency `V0' */
	  /* gold: ld.gold: internal error in get_offset_with_length, at ../../gold/stringpool.cc:467 */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got V0 */
	  /* mold: mold: fatal: v.map:1: V1 { foo; }; V2 { bar; } V1 V0; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; }; V2 { bar; } V9;",
	  /* bfd: ld.bfd: unable to find version dependency `V9' */
	  /* gold: ld.gold: internal error in get_offset_with_length, at ../../gold/stringpool.cc:467 */
	  { "ERR",
	    "ERR",
	    "foo@@V1 bar@@V2",
	    "foo@@V1 bar@@V2" } },
	{ "1.0 { foo; };",
	  /* gold: ld.gold: error: v.map:1:1: syntax error, unexpected INTEGER, expecting STRING or QUOTED_ */
	  { "foo@@.0",
	    "ERR",
	    "foo@@1.0",
	    "foo@@1.0" } },
	{ "{ foo; }; V1 { bar; };",
	  /* bfd: ld.bfd: anonymous version tag cannot be combined with other version tags */
	  /* lld: ld.lld: error: v.map:1: EOF expected, but got V1 */
	  { "ERR",
	    "bar@@V1",
	    "ERR",
	    "bar@@V1" } },
	{ "V1 { foo; }; { bar; };",
	  /* bfd: ld.bfd: anonymous version tag cannot be combined with other version tags */
	  /* lld: ld.lld: error: v.map:1: anonymous version definition is used in combination with other version de */
	  { "ERR",
	    "foo@@V1",
	    "ERR",
	    "foo@@V1" } },
	{ "V1 { foo; }; V1 { bar; };",
	  /* bfd: ld.bfd: duplicate version tag `V1' */
	  /* gold: ld.gold: error: linker defined: multiple definition of 'V1' */
	  { "ERR",
	    "ERR",
	    "foo@@V1 bar@@V1",
	    "foo@@V1 bar@@V1" } },
	{ "VERSION { V1 { foo; }; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:14: syntax error, unexpected '{', expecting ';' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got { */
	  /* mold: mold: fatal: v.map:1: VERSION { V1 { foo; }; }; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; } ;  V2 { bar; }V1;",
	  { "foo@@V1 bar@@V2",
	    "foo@@V1 bar@@V2",
	    "foo@@V1 bar@@V2",
	    "foo@@V1 bar@@V2" } },
	{ "{ global: foo; local: *; }",
	  /* bfd: ld.bfd:v.map:0: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:2:1: syntax error, unexpected end of file, expecting ';' */
	  /* lld: ld.lld: error: v.map:1: unexpected EOF */
	  /* mold: mold: fatal: v.map: expected ';', but got EOF */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V0 { fob; }; V1 { foo; }; V2 { bar; } V1 V0;",
	  /* lld: ld.lld: error: v.map:1: ; expected, but got V0 */
	  /* mold: mold: fatal: v.map:1: V0 { fob; }; V1 { foo; }; V2 { bar; } V1 V0; */
	  { "foo@@V1 fob@@V0 bar@@V2",
	    "foo@@V1 fob@@V0 bar@@V2",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; a<b; };",
	  /* bfd: ld.bfd:v.map:1: ignoring invalid character `<' in script */
	  /* gold: ld.gold: error: v.map:1:12: syntax error, unexpected '<', expecting ';' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got < */
	  /* mold: mold: fatal: v.map:1: V1 { foo; a<b; }; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; 9abc; };",
	  /* gold: ld.gold: error: v.map:1:11: syntax error, unexpected INTEGER, expecting '}' */
	  { "foo@@V1",
	    "ERR",
	    "foo@@V1",
	    "foo@@V1" } },
	{ "V1 { foo; a@b; };",
	  /* bfd: ld.bfd:v.map:1: ignoring invalid character `@' in script */
	  /* gold: ld.gold: error: v.map:1:12: invalid character */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got @ */
	  /* mold: mold: fatal: v.map:1: V1 { foo; a@b; }; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; a:b; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:12: syntax error, unexpected ':', expecting ';' */
	  { "ERR",
	    "ERR",
	    "foo@@V1",
	    "foo@@V1" } },
	{ "V1 { foo; a::b; };",
	  { "foo@@V1",
	    "foo@@V1",
	    "foo@@V1",
	    "foo@@V1" } },
	{ "V1 { foo; ~x; };",
	  /* gold: ld.gold: error: v.map:1:11: syntax error, unexpected '~', expecting '}' */
	  { "foo@@V1",
	    "ERR",
	    "foo@@V1",
	    "foo@@V1" } },
	{ "V1 { foo; fo[o; };",
	  /* lld: ld.lld: error: invalid glob pattern: fo[o */
	  /* mold: mold: fatal: invalid version pattern: fo[o */
	  { "foo@@V1",
	    "foo@@V1",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; f[z-a]o; };",
	  /* lld: ld.lld: error: invalid glob pattern: f[z-a]o */
	  /* mold: mold: fatal: invalid version pattern: f[z-a]o */
	  { "foo@@V1",
	    "foo@@V1",
	    "ERR",
	    "ERR" } },
	{ "V1 { global: foo; local: ba[[:alpha:]]; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:30: syntax error, unexpected ':', expecting ';' */
	  { "ERR",
	    "ERR",
	    "foo@@V1",
	    "foo@@V1" } },
	{ "V1 { global: }; ",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:14: syntax error, unexpected '}', expecting STRING or QUOTED_STR */
	  { "ERR",
	    "ERR",
	    "",
	    "" } },
	{ "V1 { local: *; global: foo; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:16: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "= foo@@V1",
	    "= foo@@V1" } },
	{ "{ global: extern \"C++\" { \"ns::func(int)\"; ns::oth*; }; local: *; };",
	  { "= _ZN2ns4funcEi _ZN2ns5otherEi",
	    "= _ZN2ns4funcEi _ZN2ns5otherEi",
	    "= _ZN2ns4funcEi _ZN2ns5otherEi",
	    "= _ZN2ns4funcEi _ZN2ns5otherEi" } },
	{ "{ global: extern \"C++\" { \"ns::func*\"; }; local: *; };",
	  { "=",
	    "=",
	    "=",
	    "= _ZN2ns4funcEd _ZN2ns4funcEi" } },
	{ "{ global: extern \"C++\" { ns::func*; }; local: *; };",
	  { "= _ZN2ns4funcEd _ZN2ns4funcEi",
	    "= _ZN2ns4funcEd _ZN2ns4funcEi",
	    "= _ZN2ns4funcEd _ZN2ns4funcEi",
	    "= _ZN2ns4funcEd _ZN2ns4funcEi" } },
	{ "{ global: extern \"C++\" { cfunc; gfunc*; }; local: *; };",
	  { "= _Z5gfunci cfunc",
	    "= _Z5gfunci",
	    "= _Z5gfunci cfunc",
	    "= _Z5gfunci cfunc" } },
	{ "{ global: extern \"C++\" { \"gfunc(int)\"; }; _Z5gfunci; local: *; };",
	  { "= _Z5gfunci",
	    "= _Z5gfunci",
	    "= _Z5gfunci",
	    "= _Z5gfunci" } },
	{ "V1 { global: extern \"C++\" { \"gfunc(int)\"; }; }; V2 { global: _Z5gfunci; };",
	  { "_Z5gfunci@@V1",
	    "_Z5gfunci@@V2",
	    "_Z5gfunci@@V1",
	    "_Z5gfunci@@V1" } },
	{ "V1 { global: _Z5gfunci; }; V2 { global: extern \"C++\" { \"gfunc(int)\"; }; };",
	  { "_Z5gfunci@@V1",
	    "_Z5gfunci@@V1",
	    "_Z5gfunci@@V1",
	    "_Z5gfunci@@V1" } },
	{ "V1 { global: extern \"C++\" { gfunc*; }; }; V2 { global: _Z5g*; };",
	  { "_Z5gfunci@@V2",
	    "_Z5gfunci@@V2",
	    "_Z5gfunci@@V2",
	    "_Z5gfunci@@V1" } },
	{ "{global:cfunc; local:*;};",
	  { "= cfunc",
	    "= cfunc",
	    "",
	    "" } },
	{ "{ global: extern \"Java\" { foo; }; cfunc; local: *; };",
	  /* lld: ld.lld: error: v.map:1: Unknown language */
	  /* mold: mold: fatal: v.map:1: { global: extern "Java" { foo; }; cfunc; local: *; }; */
	  { "= foo cfunc",
	    "= cfunc",
	    "ERR",
	    "ERR" } },
	{ "{ global: extern \"c++\" { gfunc*; }; local: *; };",
	  /* gold: ld.gold: error: v.map:1:24: unrecognized version script language 'c++' */
	  /* lld: ld.lld: error: v.map:1: Unknown language */
	  /* mold: mold: fatal: v.map:1: { global: extern "c++" { gfunc*; }; local: *; }; */
	  { "= _Z5gfunci",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V2 { bar; } V1; V1 { foo; };",
	  /* bfd: ld.bfd: unable to find version dependency `V1' */
	  { "ERR",
	    "foo@@V1 bar@@V2",
	    "foo@@V1 bar@@V2",
	    "foo@@V1 bar@@V2" } },
	{ "{ global: fo*\\; local: *; };",
	  /* gold: ld.gold: error: v.map:1:14: invalid character */
	  { "=",
	    "ERR",
	    "=",
	    "=" } },
	{ "{ global: foo; \"ba*\"; local: *; };",
	  { "= foo",
	    "= foo",
	    "= foo bar baz",
	    "= foo bar baz" } },
	{ "{ global: fo[]o]*; local: *; };",
	  { "= foo foobar",
	    "= foo foobar",
	    "= foo foobar",
	    "=" } },
	{ "{ global: f[!]oo; local: *; };",
	  /* gold: ld.gold: error: v.map:1:13: syntax error, unexpected '!', expecting ';' */
	  { "=",
	    "ERR",
	    "=",
	    "=" } },
	{ "{ global: extern \"C++\" { foo; extern \"C\" { bar; }; }; local: *; };",
	  /* lld: ld.lld: error: v.map:1: ; expected, but got "C" */
	  { "= foo bar",
	    "= bar",
	    "ERR",
	    "= foo bar" } },
	{ "V1 { global: extern \"C++\" { local: foo; }; bar; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:29: syntax error, unexpected LOCAL, expecting STRING or QUOTED_S */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got foo */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "-foo bar@@V1" } },
	{ "{ foo;; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:7: syntax error, unexpected ';', expecting '}' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got } */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "" } },
	{ "{ extern; foo; };",
	  /* lld: ld.lld: error: v.map:1: Unknown language */
	  /* mold: mold: fatal: v.map:1: { extern; foo; }; */
	  { "",
	    "",
	    "ERR",
	    "ERR" } },
	{ "LIB-1 { foo; };",
	  { "foo@@LIB",
	    "foo@@LIB-1",
	    "foo@@LIB-1",
	    "foo@@LIB-1" } },
	{ "V1 { foo, bar; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:9: syntax error, unexpected ',', expecting ';' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got , */
	  /* mold: mold: fatal: v.map:1: V1 { foo, bar; }; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo=; bar(; };",
	  /* gold: ld.gold: error: v.map:1:9: syntax error, unexpected '=', expecting ';' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got ( */
	  /* mold: mold: fatal: v.map:1: V1 { foo=; bar(; }; */
	  { "foo@@V1 bar@@V1",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { f@oo; };",
	  /* bfd: ld.bfd:v.map:1: ignoring invalid character `@' in script */
	  /* gold: ld.gold: error: v.map:1:7: invalid character */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got @ */
	  /* mold: mold: fatal: v.map:1: V1 { f@oo; }; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { \"foo\"; b\"ar\"; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:14: syntax error, unexpected QUOTED_STRING, expecting ';' */
	  /* lld: ld.lld: error: v.map:1: ; expected, but got "ar" */
	  /* mold: mold: fatal: v.map:1: V1 { "foo"; b"ar"; }; */
	  { "ERR",
	    "ERR",
	    "ERR",
	    "ERR" } },
	{ "V1 { foo; bar; }; V2 { baz; } \"V1\";",
	  { "foo@@V1 bar@@V1 baz@@V2",
	    "foo@@V1 bar@@V1 baz@@V2",
	    "foo@@V1 bar@@V1 baz@@V2",
	    "foo@@V1 bar@@V1 baz@@V2" } },
	{ "\"V3\" { foo; };",
	  { "foo@@V3",
	    "foo@@V3",
	    "foo@@\"V3\"",
	    "foo@@\"V3\"" } },
	{ "V1 { global: bar; local: extern \"C\" { foo; }; };",
	  { "-foo bar@@V1",
	    "-foo bar@@V1",
	    "-foo bar@@V1",
	    "foo@@V1 bar@@V1" } },
	{ "V1 { global: bar; local: extern \"C++\" { ns::*; }; };",
	  { "bar@@V1 -_ZN2ns4funcEd -_ZN2ns4funcEi -_ZN2ns5otherEi",
	    "bar@@V1 -_ZN2ns4funcEd -_ZN2ns4funcEi -_ZN2ns5otherEi",
	    "bar@@V1 -_ZN2ns4funcEd -_ZN2ns4funcEi -_ZN2ns5otherEi",
	    "bar@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1" } },
	{ "{ global: \\fo?*; local: *; };",
	  /* gold: ld.gold: error: v.map:1:11: invalid character */
	  { "= foo foobar fob",
	    "ERR",
	    "= foo foobar fob",
	    "=" } },
	{ "{ global: \"\\fo?*\"; local: *; };",
	  { "=",
	    "=",
	    "= foo foobar fob",
	    "=" } },
	{ "{ global: f[\\o]o; local: *; };",
	  /* gold: ld.gold: error: v.map:1:13: invalid character */
	  { "= foo",
	    "ERR",
	    "= foo",
	    "= foo" } },
	{ "{ global: f[a-]o*; local: *; };",
	  /* mold: mold: fatal: invalid version pattern: f[a-]o* */
	  { "=",
	    "=",
	    "=",
	    "ERR" } },
	{ "V1 { global: bar; local: extern \"C\" { foo; }; baz; };",
	  { "-foo bar@@V1 -baz",
	    "-foo bar@@V1 -baz",
	    "-foo bar@@V1 -baz",
	    "foo@@V1 bar@@V1 -baz" } },
	{ "# c\n/* x */ V1 { foo; /* y */ bar; # z\n};",
	  { "foo@@V1 bar@@V1",
	    "foo@@V1 bar@@V1",
	    "foo@@V1 bar@@V1",
	    "foo@@V1 bar@@V1" } },
	{ "{ global: cfunc; extern \"C++\" { *; }; local: *; };",
	  /* gold: ld.gold: error: wildcard match appears as both global and local in version '' in script */
	  { "",
	    "ERR",
	    "= cfunc",
	    "= cfunc" } },
	{ "V1 { global: extern \"C++\" { ns::*; }; local: *; }; V2 { global: foo; } V1;",
	  { "= foo@@V2 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1",
	    "= foo@@V2 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1",
	    "= foo@@V2 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1",
	    "= foo@@V2 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1" } },
	{ "VERS_1.0 { global: foo; bar; local: *; };\nVERS_2.0 { global: baz; } VERS_1.0;",
	  { "= foo@@VERS_1.0 bar@@VERS_1.0 baz@@VERS_2.0",
	    "= foo@@VERS_1.0 bar@@VERS_1.0 baz@@VERS_2.0",
	    "= foo@@VERS_1.0 bar@@VERS_1.0 baz@@VERS_2.0",
	    "= foo@@VERS_1.0 bar@@VERS_1.0 baz@@VERS_2.0" } },
	{ "V1 { global: foo; local: foo; };",
	  /* gold: ld.gold: error: 'foo' appears as both a global and a local symbol for version 'V1' in script */
	  { "foo@@V1",
	    "ERR",
	    "foo@@V1",
	    "-foo" } },
	{ "V1 { global: foo; }; V2 { global: foo*; local: foo; };",
	  /* bfd: ld.bfd: duplicate expression `foo' in version information */
	  { "ERR",
	    "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V2",
	    "foo@@V1 foobar@@V2" } },
	{ "V1 { local: foo*; }; V2 { global: foobar; };",
	  { "-foo foobar@@V2",
	    "-foo foobar@@V2",
	    "-foo foobar@@V2",
	    "-foo -foobar" } },
	{ "V1 { global: f*; }; V2 { global: fo*; }; V3 { local: foo*; };",
	  { "foo@@V2 foobar@@V2 fob@@V2",
	    "-foo -foobar fob@@V2",
	    "-foo -foobar fob@@V2",
	    "foo@@V1 foobar@@V1 fob@@V1" } },
	{ "{ global: extern \"C++\" { \"ns::func(int)\"; }; extern \"C++\" { ns::func*; }; local: *; };",
	  { "= _ZN2ns4funcEd _ZN2ns4funcEi",
	    "= _ZN2ns4funcEd _ZN2ns4funcEi",
	    "= _ZN2ns4funcEd _ZN2ns4funcEi",
	    "= _ZN2ns4funcEd _ZN2ns4funcEi" } },
	/* Random scripts on which the linkers disagree. */
	{ "V1 { global: *bar; nosuch; foo; local: ba[rz]; };\nV2 { global: extern \"C++\" { *; }; cfunc; baz; local: f\\oo; _Z*; };\nV3 { global: extern \"C++\" { gfunc*; \"ns::func(int)\"; }; local: \"fo*\"; global: *; };",
	  /* bfd: ld.bfd: duplicate expression `foo' in version information */
	  /* gold: ld.gold: error: v.map:2:55: invalid character */
	  { "ERR",
	    "ERR",
	    "foo@@V1 -foobar -fob bar@@V1 baz@@V2 qux@@V2 _Z5gfunci@@V3 -_ZN2ns4funcEd _ZN2ns4funcEi@@V3 -_ZN2ns5otherEi cfunc@@V2",
	    "= foo@@V1 foobar@@V1 bar@@V1 qux@@V3 cfunc@@V2" } },
	{ "V1 { local: *bar; global: *oo*; \"foo\"; };\nV2 { global: *; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:19: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "foo@@V1 foobar@@V1 fob@@V2 -bar baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2",
	    "foo@@V1 -foobar fob@@V2 -bar baz@@V2 qux@@V2 _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2" } },
	{ "V1 { global: bar; local: *oo*; global: *bar; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:32: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "-foo foobar@@V1 bar@@V1",
	    "-foo -foobar bar@@V1" } },
	{ "V1 { global: local; extern \"C++\" { foo; }; local: extern \"C++\" { \"ns::func*\"; }; _Z*; };\nV2 { global: bar; cfunc; local: \"*\"; };",
	  /* gold: ld.gold: error: v.map:1:14: syntax error, unexpected LOCAL, expecting STRING or QUOTED_S */
	  { "foo@@V1 bar@@V2 -_Z5gfunci -_ZN2ns4funcEd -_ZN2ns4funcEi -_ZN2ns5otherEi cfunc@@V2",
	    "ERR",
	    "= foo@@V1 bar@@V2 cfunc@@V2",
	    "= foo@@V1 bar@@V2 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 cfunc@@V2" } },
	{ "V1 { local: [^b]*; global: baz; \"fo*\"; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:20: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "= foo@@V1 foobar@@V1 fob@@V1 bar baz@@V1",
	    "= bar baz@@V1" } },
	{ "V1 { local: fo*; global: \"foo\"; };\nV2 { bar; q*; };\nV3 { global: f\\oo; local: fob; local; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:18: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "foo@@V1 -foobar -fob bar@@V2 qux@@V2",
	    "-foo -foobar -fob bar@@V2 qux@@V2" } },
	{ "V1 { global: [!b]*; local: [^b]*; global: bar; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:15: syntax error, unexpected '!', expecting ';' */
	  { "ERR",
	    "ERR",
	    "foo@@V1 foobar@@V1 fob@@V1 bar@@V1 qux@@V1 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V1",
	    "= bar@@V1 baz@@V1" } },
	{ "V1 { global: global; fob; local: \"*\"; };",
	  /* gold: ld.gold: error: v.map:1:14: syntax error, unexpected GLOBAL, expecting STRING or QUOTED_ */
	  { "fob@@V1",
	    "ERR",
	    "= fob@@V1",
	    "= fob@@V1" } },
	{ "V1 { global: fob; local: _Z*; [!b]*; };",
	  /* gold: ld.gold: error: v.map:1:32: syntax error, unexpected '!', expecting ';' */
	  { "= fob@@V1 bar baz",
	    "ERR",
	    "= fob@@V1 bar baz",
	    "= foo foobar fob@@V1 qux cfunc" } },
	{ "V1 { nosuch; \"foo\"; };\nV2 { global: _Z5gfunci; local: qux; [!b]*; };\nV3 { global: bar; local: baz; global: foo; } V2;",
	  /* bfd: ld.bfd:v.map:3: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:2:38: syntax error, unexpected '!', expecting ';' */
	  { "ERR",
	    "ERR",
	    "= foo@@V1 bar@@V3 _Z5gfunci@@V2",
	    "foo@@V1 -bar -baz -qux _Z5gfunci@@V2" } },
	{ "V1 { local: cfunc; };\nV2 { local: extern; baz; };\nV3 { global: \"*\"; };",
	  /* lld: ld.lld: error: v.map:2: Unknown language */
	  /* mold: mold: fatal: v.map:2: V2 { local: extern; baz; }; */
	  { "-baz -cfunc",
	    "foo@@V3 foobar@@V3 fob@@V3 bar@@V3 -baz qux@@V3 _Z5gfunci@@V3 _ZN2ns4funcEd@@V3 _ZN2ns4funcEi@@V3 _ZN2ns5otherEi@@V3 -cfunc",
	    "ERR",
	    "ERR" } },
	{ "V1 { global: _Z*; local: fo[a-z]; };\nV2 { global: \"*\"; local: *oo*; };",
	  { "-foo -foobar -fob _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1",
	    "-foo -foobar -fob bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V2",
	    "-foo -foobar -fob bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V2",
	    "-foo foobar@@V2 -fob bar@@V2 baz@@V2 qux@@V2 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V2" } },
	{ "V1 { local: foo; };\nV2 { global: fob; extern \"C++\" { gfunc*; *func*; }; extern \"C++\" { cfunc; \"gfunc(int)\"; \"ns::func*\"; }; local: \"fo*\"; bar; };\nV3 { local: fo[a-z]; f\\oo; } V1;",
	  /* gold: ld.gold: error: v.map:3:23: invalid character */
	  { "-foo fob@@V2 -bar _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 cfunc@@V2",
	    "ERR",
	    "-foo -foobar fob@@V2 -bar _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 cfunc@@V2",
	    "-foo -foobar fob@@V2 -bar _Z5gfunci@@V2 _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 cfunc@@V2" } },
	{ "V1 { *bar; };\nV2 { local: fo*; global: _Z5gfunci; f\\oo; };",
	  /* bfd: ld.bfd:v.map:2: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:2:18: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "-foo -foobar -fob bar@@V1 _Z5gfunci@@V2",
	    "-foo foobar@@V1 -fob bar@@V1 _Z5gfunci@@V2" } },
	{ "V1 { global: \"foo\"; local: extern \"C++\" { ns::*; \"ns::func(int)\"; foo; }; global: _Z*; };\nV2 { local: fo*; };\nV3 { global: foobar; local: foobar; global: extern \"C++\" { \"ns::other(int)\"; }; } V1;",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:75: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "foo@@V1 foobar@@V3 -fob _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 -_ZN2ns4funcEi _ZN2ns5otherEi@@V3",
	    "foo@@V1 -foobar -fob _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1" } },
	{ "# seed\nV1 { local: nosuch; global: *[xz]; };\n\"V2\" { fo[a-z]; };\nV3 { []b]*; } VX;",
	  /* bfd: ld.bfd:v.map:2: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:2:21: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "foo@@\"V2\" fob@@\"V2\" bar@@V3 baz@@V3 qux@@V1",
	    "foo@@\"V2\" fob@@\"V2\" baz@@V1 qux@@V1" } },
	{ "{ global: global; local: extern \"C++\" { ns::func*; cfunc; gfunc*; }; };",
	  /* gold: ld.gold: error: v.map:1:11: syntax error, unexpected GLOBAL, expecting STRING or QUOTED_ */
	  { "-_Z5gfunci -_ZN2ns4funcEd -_ZN2ns4funcEi -cfunc",
	    "ERR",
	    "-_Z5gfunci -_ZN2ns4funcEd -_ZN2ns4funcEi -cfunc",
	    "" } },
	{ "LIB_0.0 { global: 9z; local: extern \"C++\" { \"cfunc\"; }; global: *oo*; };",
	  /* bfd: ld.bfd:v.map:1: ignoring invalid character `9' in script */
	  /* gold: ld.gold: error: v.map:1:19: syntax error, unexpected INTEGER, expecting STRING or QUOTED */
	  { "ERR",
	    "ERR",
	    "foo@@LIB_0.0 foobar@@LIB_0.0 -cfunc",
	    "foo@@LIB_0.0 foobar@@LIB_0.0 cfunc@@LIB_0.0" } },
	{ "V1 { global: [!b]*; local: nosuch; global: _Z*; };\nV2 { foobar; _Z*; cfunc; };\nV3 { global: extern \"C++\" { ns::*; }; local: \"foo\"; global: fo[a-z]; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:15: syntax error, unexpected '!', expecting ';' */
	  { "ERR",
	    "ERR",
	    "-foo foobar@@V2 fob@@V3 qux@@V1 _Z5gfunci@@V2 _ZN2ns4funcEd@@V3 _ZN2ns4funcEi@@V3 _ZN2ns5otherEi@@V3 cfunc@@V2",
	    "-foo foobar@@V2 fob@@V3 bar@@V1 baz@@V1 _Z5gfunci@@V1 _ZN2ns4funcEd@@V1 _ZN2ns4funcEi@@V1 _ZN2ns5otherEi@@V1 cfunc@@V2" } },
	{ "V1 { global: \"fo*\"; local: foobar; global: global; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:36: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "foo@@V1 -foobar fob@@V1",
	    "foo@@V1 foobar@@V1 fob@@V1" } },
	{ "V1 { global: *bar; };\nV2 { local: _Z5gfunci; extern \"C++\" { gfunc*; *func*; ns::*; }; };\nV3 { local: nosuch; global: bar; global; };",
	  /* bfd: ld.bfd:v.map:3: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:3:21: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "foobar@@V1 bar@@V3 -_Z5gfunci -_ZN2ns4funcEd -_ZN2ns4funcEi -_ZN2ns5otherEi -cfunc",
	    "foobar@@V1 bar@@V1 -_Z5gfunci _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2 cfunc@@V2" } },
	{ "V1 { local: *; };\nV2 { global: f\\oo; local: extern \"C++\" { ns::*; }; } V1;",
	  /* gold: ld.gold: error: v.map:2:15: invalid character */
	  { "= foo@@V2",
	    "ERR",
	    "=",
	    "= _ZN2ns4funcEd@@V2 _ZN2ns4funcEi@@V2 _ZN2ns5otherEi@@V2" } },
	{ "# seed\nV1 { local: []b]*; global: \"ns::func(int)\"; };",
	  /* bfd: ld.bfd:v.map:2: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:2:20: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "-bar -baz",
	    "" } },
	{ "V1 { global: fo[a-z]; local: [^b]*; global: [^b]*; };\nV2 { global: f\\oo; foobar; };\nV3 { global: extern \"C++\" { \"gfunc(int)\"; }; local: bar; global: _Z*; };",
	  /* bfd: ld.bfd:v.map:1: syntax error in VERSION script */
	  /* gold: ld.gold: error: v.map:1:37: syntax error, unexpected GLOBAL, expecting '}' */
	  { "ERR",
	    "ERR",
	    "foo@@V1 foobar@@V2 fob@@V1 -bar qux@@V1 _Z5gfunci@@V3 _ZN2ns4funcEd@@V3 _ZN2ns4funcEi@@V3 _ZN2ns5otherEi@@V3 cfunc@@V1",
	    "= foo@@V1 fob@@V1 baz" } },
};

/* Renders the lookups of all syms in the table's notation. */
static void render(const ls_verscript *vs, char *out, size_t n)
{
	char buf[NSYMS][128];
	size_t shown = 0;

	for (size_t i = 0; i < NSYMS; i++) {
		ask(vs, syms[i], buf[i], sizeof buf[i]);
		shown += buf[i][0] != '-';
	}
	out[0] = 0;
	if (shown * 2 < NSYMS) {
		snprintf(out, n, "=");
		for (size_t i = 0; i < NSYMS; i++)
			if (buf[i][0] != '-')
				snprintf(out + strlen(out), n - strlen(out), " %s", buf[i]);
		return;
	}
	for (size_t i = 0; i < NSYMS; i++) {
		const char *t = NULL;
		char tmp[140];
		if (buf[i][0] == '-') {
			snprintf(tmp, sizeof tmp, "-%s", syms[i]);
			t = tmp;
		} else if (strcmp(buf[i], syms[i]) != 0) {
			t = buf[i];
		}
		if (t)
			snprintf(out + strlen(out), n - strlen(out), "%s%s",
				 out[0] ? " " : "", t);
	}
}

static void test_linkers(void **state)
{
	(void)state;
	size_t n = sizeof linker_cases / sizeof linker_cases[0];
	int bad = 0;

	for (size_t c = 0; c < n; c++) {
		for (int s = 0; s < 4; s++) {
			const char *want = linker_cases[c].want[s];
			ls_verscript vs;
			ls_diag d = { 0 };
			char got[2048];
			int r = ls_verscript_parse(B(linker_cases[c].script), sems[s], 0,
						   &vs, &d);
			if (r < 0) {
				snprintf(got, sizeof got, "ERR");
				assert_true(d.msg[0] != 0);
				assert_true(!d.has_offset ||
					    d.offset <= strlen(linker_cases[c].script));
			} else {
				render(&vs, got, sizeof got);
				ls_verscript_free(&vs);
			}
			if (strcmp(got, want) != 0) {
				print_message("case %zu %s: \"%s\"\n  linker: %s\n  ours:   %s%s%s\n",
					      c, semname[s], linker_cases[c].script, want, got,
					      r < 0 ? "\n  error: " : "", r < 0 ? d.msg : "");
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* --- structure ------------------------------------------------------------- */

static void test_structure(void **state)
{
	(void)state;
	const char *text =
		"# two nodes\n"
		"VERS_1.0 {\n"
		"  global: foo; \"quoted name\"; ba?;\n"
		"    extern \"C++\" { \"ns::f(int)\"; ns::g*; };\n"
		"  local: *;\n"
		"};\n"
		"/* the second */ VERS_2.0 { bar; } VERS_1.0;\n";

	for (int s = 0; s < 4; s++) {
		ls_verscript vs;
		parse_ok(text, sems[s], &vs);
		assert_int_equal(vs.nnodes, 2);
		assert_string_equal(vs.nodes[0].name, "VERS_1.0");
		assert_int_equal(vs.nodes[0].offset, strstr(text, "VERS_1.0") - text);
		assert_string_equal(vs.nodes[1].name, "VERS_2.0");
		assert_int_equal(vs.nodes[0].npats, 6);
		assert_int_equal(vs.nodes[1].npats, 1);
		assert_int_equal(vs.npats, 7);
		assert_int_equal(vs.ndeps, 1);
		assert_int_equal(vs.nodes[1].ndeps, 1);
		assert_int_equal(vs.deps[0].node, 0);
		assert_int_equal(vs.deps[0].len, 8);
		assert_memory_equal(vs.deps[0].name, "VERS_1.0", 8);

		const ls_verscript_pat *p = vs.pats;
		assert_int_equal(p[0].len, 3);
		assert_memory_equal(p[0].text, "foo", 3);
		assert_int_equal(p[0].offset, strstr(text, "foo") - text);
		assert_int_equal(p[0].flags, LS_VSP_GLOBAL);
		assert_int_equal(p[1].len, 11);
		assert_memory_equal(p[1].text, "quoted name", 11);
		assert_int_equal(p[1].offset, strstr(text, "quoted") - text);
		assert_true(p[1].flags & LS_VSP_QUOTED);
		assert_true(p[2].flags & LS_VSP_GLOB);
		assert_int_equal(p[3].lang, LS_VS_CXX);
		assert_false(p[3].flags & LS_VSP_GLOB);
		assert_true(p[4].flags & LS_VSP_GLOB);
		assert_int_equal(p[4].lang, LS_VS_CXX);
		assert_int_equal(p[5].flags & (LS_VSP_GLOBAL | LS_VSP_STAR), LS_VSP_STAR);
		assert_int_equal(p[6].node, 1);
		/* Zero copy: the names point into the text. */
		assert_ptr_equal(p[0].text, strstr(text, "foo"));
		assert_int_equal(vs.nwarnings, 0);
		ls_verscript_free(&vs);
	}
}

static void test_anonymous_and_lookup_fields(void **state)
{
	(void)state;
	const char *text = "{ global: foo; ba*; local: *; };";

	for (int s = 0; s < 4; s++) {
		ls_verscript vs;
		ls_vermatch m;
		parse_ok(text, sems[s], &vs);
		assert_int_equal(vs.nnodes, 1);
		assert_null(vs.nodes[0].name);

		assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
		assert_true(m.matched && m.global && m.exact && !m.catch_all);
		assert_null(m.version);
		assert_int_equal(m.node, 0);
		assert_int_equal(m.pat, 0);
		assert_int_equal(m.offset, 10);

		assert_int_equal(ls_verscript_lookup(&vs, "bar", 3, NULL, &m), 1);
		assert_true(m.global && !m.exact && !m.catch_all);
		assert_int_equal(m.offset, 15);

		assert_int_equal(ls_verscript_lookup(&vs, "qux", 3, NULL, &m), 1);
		assert_true(!m.global && m.catch_all);

		/* len bounds the name: "foobar" cut at 3 is foo. */
		assert_int_equal(ls_verscript_lookup(&vs, "foobar", 3, NULL, &m), 1);
		assert_true(m.exact);
		/* The empty name matches only "*". */
		assert_int_equal(ls_verscript_lookup(&vs, "", 0, NULL, &m), 1);
		assert_true(m.catch_all);
		assert_int_equal(ls_verscript_lookup(&vs, NULL, 0, NULL, &m), 1);
		assert_int_equal(ls_verscript_lookup(&vs, NULL, 1, NULL, &m), -1);
		assert_int_equal(ls_verscript_lookup(NULL, "foo", 3, NULL, &m), -1);
		assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, NULL), -1);
		ls_verscript_free(&vs);
	}

	/* No pattern matches: 0, the symbol keeps its defaults. */
	ls_verscript vs;
	ls_vermatch m;
	parse_ok("V1 { foo; };", LS_SEM_BFD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "bar", 3, NULL, &m), 0);
	assert_false(m.matched);
	assert_int_equal(m.node, -1);
	assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
	assert_string_equal(m.version, "V1");
	assert_int_equal(m.version_len, 2);
	ls_verscript_free(&vs);
	ls_verscript_free(&vs);		/* twice is harmless */
	ls_verscript_free(NULL);
}

static void test_version_command(void **state)
{
	(void)state;
	const char *text = "VERSION {\n  V1 { global: foo; local: *; };\n  V2 { bar; } V1;\n};\n";
	ls_bytes b = B(text);

	for (int s = 0; s < 4; s++) {
		ls_verscript vs;
		ls_diag d = { 0 };
		ls_vermatch m;
		/* Seen: all four refuse VERSION in a --version-script file and
		 * take it in a -T script. */
		assert_int_equal(ls_verscript_parse(b, sems[s], 0, &vs, &d), -1);
		assert_int_equal(ls_verscript_parse(b, sems[s], LS_VS_VERSION_COMMAND,
						    &vs, &d), 0);
		assert_int_equal(vs.nnodes, 2);
		assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
		assert_string_equal(m.version, "V1");
		ls_verscript_free(&vs);
		assert_int_equal(ls_verscript_parse(B("VERSION { V1 { foo; }; } junk"), sems[s],
						    LS_VS_VERSION_COMMAND, &vs, &d), -1);
		assert_int_equal(d.offset, 25);
		assert_int_equal(ls_verscript_parse(B("VERSION { V1 { foo; };"), sems[s],
						    LS_VS_VERSION_COMMAND, &vs, &d), -1);
		assert_int_equal(d.offset, 8);
		assert_int_equal(ls_verscript_parse(B("VERSIONS { }"), sems[s],
						    LS_VS_VERSION_COMMAND, &vs, &d), -1);
		assert_int_equal(d.offset, 0);
	}
}

/* --- errors, with offsets --------------------------------------------------- */

static const struct err_case {
	const char *text;
	unsigned sems;		/* the linkers that refuse it */
	long offset;		/* -1: not checked */
	const char *msg;	/* a part of the message */
	unsigned check;		/* the linkers this row checks (0: all) */
} err_cases[] = {
	{ "V1 { foo; /* open", ALL, 10, "unterminated comment", 0 },
	{ "V1 { \"foo; };", GOLD | LLD | MOLD, 5, "unterminated quoted name", 0 },
	{ "V1 { foo; ", ALL, 3, "never closed", 0 },
	{ "V1 { foo; }", ALL, 11, "expected", 0 },
	{ "V1 foo; };", ALL, 3, "expected '{'", 0 },
	{ "V1 { { }; };", ALL, 5, "unexpected '{'", 0 },
	{ "V1 { global: foo }; ", BFD | GOLD | LLD, 17, "expected ';' after the name", 0 },
	{ "V1 { foo; local: *; };", BFD | GOLD, 10, "optional \"global:\"", 0 },
	{ "V1 { local: *; global: foo; };", BFD | GOLD, 15, "optional \"global:\"", 0 },
	{ "V1 { global: foo; global: bar; };", BFD | GOLD, 18, "once", 0 },
	{ "V1 { global: };", BFD | GOLD, 13, "empty global:", 0 },
	{ "V1 { global: local: *; };", BFD | GOLD, 13, "not empty", 0 },
	{ "V1 { global: extern \"C++\" { }; };", BFD | GOLD, 28, "empty extern", 0 },
	{ "V1 { extern \"C++\" { local: foo; }; };", BFD | GOLD | LLD, 20, "inside extern", BFD | GOLD | MOLD },
	{ "V1 { extern \"C++\" { local: foo; }; };", BFD | GOLD | LLD, 27, "expected ';'", LLD },
	{ "V1 { extern \"C++\" { a; extern \"C\" { b; }; }; };", LLD, 30, "expected ';'", 0 },
	{ "V1 { extern \"Java\" { foo; }; };", LLD | MOLD, 12, "language", 0 },
	{ "V1 { extern \"c++\" { foo; }; };", GOLD | LLD | MOLD, 12, "language", 0 },
	{ "V1 { extern \"Cobol\" { foo; }; };", ALL, 12, "does not know the language", 0 },
	{ "V1 { extern foo; };", ALL, 12, "after extern", 0 },
	{ "V1 { extern; };", LLD | MOLD, 11, "after extern", 0 },
	{ "V1 { extern \"C\" foo; };", ALL, 16, "expected '{'", 0 },
	{ "V1 { extern \"C\" { foo; } };", ALL, 25, "after the extern block", 0 },
	{ "V1 { foo;; };", BFD | GOLD | LLD, 9, "expected a name", 0 },
	{ "V1 { : };", BFD | GOLD | LLD, 5, "unexpected ':'", BFD | GOLD | MOLD },
	{ "V1 { : };", BFD | GOLD | LLD, 7, "expected ';'", LLD },
	{ "V1 { global; };", GOLD, 5, "only as a label", 0 },
	{ "V1 { fo[o; };", LLD | MOLD, 5, "invalid", 0 },
	{ "V1 { f[z-a]o; };", LLD | MOLD, 5, "invalid", 0 },
	{ "V1 { f[a-]o; };", MOLD, 5, "invalid version pattern", 0 },
	{ "V1 { a@b; };", ALL, 6, "outside quotes", GOLD | LLD | MOLD },
	{ "V1 { a@b; };", ALL, 7, "expected ';'", BFD },	/* bfd drops '@' */
	{ "V1 { a(b); };", ALL, 6, "outside quotes", GOLD | LLD | MOLD },
	{ "V1 { a(b); };", ALL, 7, "expected ';'", BFD },
	{ "V1 { 9abc; };", GOLD, 5, "digit", 0 },
	{ "V1 { a:b; };", BFD | GOLD, 6, "found ':'", 0 },
	{ "V1 { \\x; };", GOLD, 5, "outside quotes", 0 },
	{ "1.0 { foo; };", GOLD, 0, "digit", 0 },
	{ "", BFD | GOLD | LLD, 0, "without a version node", 0 },
	{ "# nothing\n", BFD | GOLD | LLD, 10, "without a version node", 0 },
	{ "{ foo; }; V1 { bar; };", BFD | LLD, 10, "anonymous", 0 },
	{ "V1 { foo; }; { bar; };", BFD | LLD, 13, "anonymous", 0 },
	{ "{ foo; } V1;", BFD | GOLD | LLD, 9, NULL, 0 },
	{ "V1 { foo; }; V1 { bar; };", BFD | GOLD, 13, "V1", 0 },
	{ "V1 { foo; }; V2 { bar; } V9;", BFD | GOLD, 25, "V9", 0 },
	{ "V2 { bar; } V1; V1 { foo; };", BFD, 12, "defined before", 0 },
	{ "V1 { foo; }; V2 { bar; } V2;", BFD, 25, "dependency", 0 },
	{ "V0 { a; }; V1 { b; }; V2 { c; } V1 V0;", LLD | MOLD, 35, "one dependency", 0 },
	{ "V1 { global: foo; }; V2 { local: foo; };", BFD, 33, "duplicate expression `foo'", 0 },
	{ "V1 { local: f*; }; V2 { global: f*; };", BFD, 32, "duplicate expression `f*'", 0 },
	{ "V1 { global: *; }; V2 { local: *; };", BFD, 31, "duplicate expression `*'", 0 },
	{ "V1 { global: foo; local: foo; };", GOLD, 25, "both a global and a local", 0 },
	{ "{ global: foo; local: foo; };", GOLD, 22, "for version ''", 0 },
	{ "V1 { global: *; local: *; };", GOLD, 23, "wildcard match appears as both", 0 },
};

static void test_errors(void **state)
{
	(void)state;
	int bad = 0;

	for (size_t i = 0; i < sizeof err_cases / sizeof err_cases[0]; i++) {
		const struct err_case *e = &err_cases[i];
		for (int s = 0; s < 4; s++) {
			if (e->check && !(e->check & (1u << s)))
				continue;
			ls_verscript vs;
			ls_diag d = { 0 };
			int r = ls_verscript_parse(B(e->text), sems[s], 0, &vs, &d);
			bool want = e->sems & (1u << s);
			if (r == 0)
				ls_verscript_free(&vs);
			if ((r < 0) != want) {
				print_message("\"%s\" %s: %s (%s)\n", e->text, semname[s],
					      r < 0 ? "refused" : "accepted", r < 0 ? d.msg : "");
				bad++;
				continue;
			}
			if (r == 0)
				continue;
			/* A failure leaves nothing behind. */
			assert_null(vs.nodes);
			assert_null(vs.pats);
			assert_int_equal(vs.npats, 0);
			assert_true(d.has_offset);
			assert_true(d.offset <= strlen(e->text));
			if ((e->offset >= 0 && (long)d.offset != e->offset) ||
			    (e->msg && !strstr(d.msg, e->msg))) {
				print_message("\"%s\" %s: %s at %llu, want \"%s\" at %ld\n",
					      e->text, semname[s], d.msg,
					      (unsigned long long)d.offset,
					      e->msg ? e->msg : "", e->offset);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* --- lexical details -------------------------------------------------------- */

static void test_lexing(void **state)
{
	(void)state;
	ls_verscript vs;
	ls_vermatch m;

	/* bfd drops bytes it cannot lex, with a warning (seen). */
	parse_ok("V1 { foo=; 9bar; };\nLIB-1 { baz; };", LS_SEM_BFD, &vs);
	assert_int_equal(vs.nwarnings, 4);
	assert_true(vs.warning.warning);
	assert_int_equal(vs.warning.offset, 8);
	assert_non_null(strstr(vs.warning.msg, "invalid character"));
	assert_int_equal(vs.pats[0].len, 3);
	assert_memory_equal(vs.pats[1].text, "bar", 3);
	assert_string_equal(vs.nodes[1].name, "LIB");
	ls_verscript_free(&vs);

	/* gold keeps "LIB-1"; lld and mold take "foo=" as a name. */
	parse_ok("LIB-1 { baz; };", LS_SEM_GOLD, &vs);
	assert_string_equal(vs.nodes[0].name, "LIB-1");
	ls_verscript_free(&vs);
	parse_ok("V1 { foo=; ~x; };", LS_SEM_LLD, &vs);
	assert_int_equal(vs.pats[0].len, 4);
	assert_int_equal(vs.pats[1].len, 2);
	ls_verscript_free(&vs);

	/* lld and mold: "global:foo" is one name, "local:*" a glob (seen). */
	for (int s = 2; s < 4; s++) {
		parse_ok("{global:foo; local:*;};", sems[s], &vs);
		assert_int_equal(vs.npats, 2);
		assert_int_equal(vs.pats[0].flags, LS_VSP_GLOBAL);
		assert_int_equal(vs.pats[1].flags, LS_VSP_GLOBAL | LS_VSP_GLOB);
		assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 0);
		ls_verscript_free(&vs);
		/* "global :" with a blank is a label too. */
		parse_ok("V1 { local : foo; global : bar; };", sems[s], &vs);
		assert_int_equal(vs.pats[0].flags, 0);
		assert_int_equal(vs.pats[1].flags, LS_VSP_GLOBAL);
		ls_verscript_free(&vs);
	}

	/* "::" in bfd and gold names; quoted node names (lld and mold keep
	 * the quotes, seen). */
	parse_ok("\"V3\" { a::b; };", LS_SEM_GOLD, &vs);
	assert_string_equal(vs.nodes[0].name, "V3");
	assert_int_equal(vs.pats[0].len, 4);
	ls_verscript_free(&vs);
	parse_ok("\"V3\" { a::b; };", LS_SEM_MOLD, &vs);
	assert_string_equal(vs.nodes[0].name, "\"V3\"");
	ls_verscript_free(&vs);
	parse_ok("\"V3\" { a::b; };", LS_SEM_BFD, &vs);
	assert_string_equal(vs.nodes[0].name, "V3");
	assert_int_equal(vs.nwarnings, 2);
	ls_verscript_free(&vs);

	/* bfd: a backslash makes a literal of a glob character. */
	parse_ok("V1 { f\\oo; fo\\*; f\\*o*; };", LS_SEM_BFD, &vs);
	assert_int_equal(vs.pats[0].len, 3);
	assert_memory_equal(vs.pats[0].text, "foo", 3);
	assert_memory_equal(vs.pats[1].text, "fo*", 3);
	assert_false(vs.pats[1].flags & LS_VSP_GLOB);
	assert_true(vs.pats[2].flags & LS_VSP_GLOB);
	assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
	assert_int_equal(ls_verscript_lookup(&vs, "fo*", 3, NULL, &m), 1);
	assert_int_equal(m.pat, 1);
	assert_int_equal(ls_verscript_lookup(&vs, "f*ox", 4, NULL, &m), 1);
	assert_int_equal(m.pat, 2);
	ls_verscript_free(&vs);

	/* mold reads a stray ';' as a name, and needs no ';' before '}' (seen). */
	parse_ok("V1 { foo;; }; V2 { bar };", LS_SEM_MOLD, &vs);
	assert_int_equal(vs.npats, 3);
	assert_memory_equal(vs.pats[1].text, ";", 1);
	ls_verscript_free(&vs);

	/* "extern" as a name (bfd, gold); "Java" blocks; bfd's strcasecmp. */
	parse_ok("V1 { extern; extern \"java\" { foo; }; extern \"c\" { x; }; };",
		 LS_SEM_BFD, &vs);
	assert_int_equal(vs.npats, 3);
	assert_int_equal(vs.pats[1].lang, LS_VS_JAVA);
	assert_int_equal(vs.pats[2].lang, LS_VS_C);
	ls_verscript_free(&vs);
	parse_ok("V1 { extern \"\" { foo; }; };", LS_SEM_GOLD, &vs);
	assert_int_equal(vs.pats[0].lang, LS_VS_C);
	ls_verscript_free(&vs);

	/* mold starts an extern block global, even under local: (seen). */
	parse_ok("V1 { local: a; extern \"C\" { b; local: c; }; d; };", LS_SEM_MOLD, &vs);
	assert_int_equal(vs.pats[0].flags & LS_VSP_GLOBAL, 0);
	assert_int_equal(vs.pats[1].flags & LS_VSP_GLOBAL, LS_VSP_GLOBAL);
	assert_int_equal(vs.pats[2].flags & LS_VSP_GLOBAL, 0);
	assert_int_equal(vs.pats[3].flags & LS_VSP_GLOBAL, 0);
	ls_verscript_free(&vs);

	/* Comments anywhere; '#' ends a bfd name, not an lld one's "/ *". */
	parse_ok("#x\nV1 /*y*/ { a#z\n; b/*w*/; }; # end", LS_SEM_BFD, &vs);
	assert_int_equal(vs.npats, 2);
	assert_int_equal(vs.pats[1].len, 1);
	ls_verscript_free(&vs);
	parse_ok("V1 { a/b*c; };", LS_SEM_LLD, &vs);
	assert_int_equal(vs.pats[0].len, 5);
	ls_verscript_free(&vs);

	/* Multiple dependencies (bfd, gold); mold takes any one name. */
	parse_ok("V0 { a; }; V1 { b; }; V2 { c; } V1 V0;", LS_SEM_GOLD, &vs);
	assert_int_equal(vs.nodes[2].ndeps, 2);
	assert_int_equal(vs.deps[1].node, 0);
	ls_verscript_free(&vs);
	parse_ok("V1 { a; }; V2 { c; } V9;", LS_SEM_MOLD, &vs);
	assert_int_equal(vs.deps[0].node, -1);
	ls_verscript_free(&vs);
	parse_ok("{ a; } V9;", LS_SEM_MOLD, &vs);
	assert_int_equal(vs.ndeps, 1);
	ls_verscript_free(&vs);

	/* gold: "*" in two versions is a warning (seen). */
	parse_ok("V1 { local: *; }; V2 { global: *; };", LS_SEM_GOLD, &vs);
	assert_int_equal(vs.nwarnings, 1);
	assert_non_null(strstr(vs.warning.msg, "both version 'V1' and 'V2'"));
	ls_verscript_free(&vs);

	/* An empty script: mold takes it, and VERSION { } for lld. */
	parse_ok("", LS_SEM_MOLD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "x", 1, NULL, &m), 0);
	ls_verscript_free(&vs);
	ls_diag d;
	assert_int_equal(ls_verscript_parse(B("VERSION { }"), LS_SEM_LLD,
					    LS_VS_VERSION_COMMAND, &vs, &d), 0);
	ls_verscript_free(&vs);
	assert_int_equal(ls_verscript_parse(B("{ a; };"), 7, 0, &vs, &d), -1);
}

/* --- globs ------------------------------------------------------------------ */

/* Every row was checked with the four linkers: an object defining the
 * symbol NAME (gas, quoted) linked with "{ global: PAT; local: *; };". */
static const struct glob_case {
	const char *pat;	/* written bare in "{ global: PAT; local: *; };" */
	const char *name;
	const char *want;	/* bfd gold lld mold: '1' exported, '0' not,
				 * 'E' the link fails */
} glob_cases[] = {
	{ "f*", "foo", "1111" },
	{ "f*", "f", "1111" },
	{ "*o", "foo", "1111" },
	{ "*o*o*", "foo", "1111" },
	{ "*o*o*o*", "foo", "0000" },
	{ "f?o", "foo", "1111" },
	{ "f?o", "fo", "0000" },
	{ "**", "x", "1111" },
	{ "fo[a-p]", "foo", "1111" },
	{ "fo[a-n]", "foo", "0000" },
	{ "fo[^o]", "foo", "0000" },
	{ "fo[^o]", "fob", "1111" },
	{ "fo[!o]", "fob", "1E10" },	/* gold: no '!'; mold: a member */
	{ "fo[!o]", "foo", "0E01" },
	{ "fo[]o]*", "foo", "1110" },	/* mold: "[]" is an empty set */
	{ "fo[]o]*", "fo]", "1110" },
	{ "f[a-]o", "f-o", "111E" },	/* mold: a range a-] */
	{ "f[z-a]o", "fzo", "00EE" },
	{ "fo[o", "fo[o", "11EE" },	/* fnmatch: the '[' is plain */
	{ "f\\*o*", "f*ox", "1E10" },	/* gold: no backslash in names */
	{ "f\\*o*", "fxox", "0E00" },
	{ "\\fo?*", "foo", "1E10" },	/* lld escapes, mold does not */
	{ "\\fo?*", "\\foo", "0E01" },
	{ "f[\\o]o", "foo", "1E11" },
	{ "f[\\o]o", "f\\o", "0E10" },
	{ "fo*\\", "foo\\", "0E01" },	/* a final backslash */
	{ "ba[[:alpha:]]", "bar", "EE00" },	/* bfd, gold: ':' ends the name */
	{ "ba[[:digit:]]", "ba1", "EE00" },
};

static void test_globs(void **state)
{
	(void)state;
	int bad = 0;

	for (size_t i = 0; i < sizeof glob_cases / sizeof glob_cases[0]; i++) {
		const struct glob_case *g = &glob_cases[i];
		char text[256];
		snprintf(text, sizeof text, "{ global: %s; local: *; };", g->pat);
		for (int s = 0; s < 4; s++) {
			ls_verscript vs;
			ls_diag d = { 0 };
			ls_vermatch m;
			char got;
			if (ls_verscript_parse(B(text), sems[s], 0, &vs, &d) < 0) {
				got = 'E';
			} else {
				int r = ls_verscript_lookup(&vs, g->name, strlen(g->name),
							    NULL, &m);
				got = r == 1 && m.global ? '1' : '0';
				ls_verscript_free(&vs);
			}
			if (got != g->want[s]) {
				print_message("%s ~ \"%s\" %s: %c, want %c (%s)\n", g->pat,
					      g->name, semname[s], got, g->want[s],
					      got == 'E' ? d.msg : "");
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* Globs cost O(pattern x name): no exponential backtracking. */
static void test_glob_cost(void **state)
{
	(void)state;
	size_t n = 20000;
	char *pat = malloc(200), *name = malloc(n + 1), *text = malloc(300);
	clock_t t0 = clock();

	strcpy(pat, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
	memset(name, 'a', n);
	name[n] = 0;
	snprintf(text, 300, "{ global: %s; local: *; };", pat);
	for (int s = 0; s < 4; s++) {
		ls_verscript vs;
		ls_vermatch m;
		parse_ok(text, sems[s], &vs);
		assert_int_equal(ls_verscript_lookup(&vs, name, n, NULL, &m), 1);
		assert_false(m.global);
		ls_verscript_free(&vs);
	}
	assert_true(clock() - t0 < 5 * CLOCKS_PER_SEC);
	free(pat);
	free(name);
	free(text);
}

/* --- precedence beyond the table -------------------------------------------- */

static void test_precedence(void **state)
{
	(void)state;
	ls_verscript vs;
	ls_vermatch m;

	/* gold: an ambiguous exact name warns (seen: "using 'V1' as version
	 * for 'foo' which is also named in version 'V2'"); lld: "attempt to
	 * reassign symbol" (seen). */
	for (int s = 1; s < 3; s++) {
		parse_ok("V1 { global: foo; }; V2 { global: foo; };", sems[s], &vs);
		assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
		assert_true(m.ambiguous && m.exact);
		assert_string_equal(m.version, "V1");
		ls_verscript_free(&vs);
	}
	parse_ok("V1 { global: foo; }; V2 { global: foo; };", LS_SEM_MOLD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
	assert_false(m.ambiguous);
	assert_string_equal(m.version, "V2");	/* mold: the last (seen) */
	ls_verscript_free(&vs);

	/* lld: a C name and a C++ name for one symbol in two versions. */
	parse_ok("V1 { global: _Z5gfunci; }; V2 { global: extern \"C++\" { \"gfunc(int)\"; }; };",
		 LS_SEM_LLD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "_Z5gfunci", 9, "gfunc(int)", &m), 1);
	assert_true(m.ambiguous);
	assert_string_equal(m.version, "V1");
	ls_verscript_free(&vs);

	/* C++ patterns and names that do not demangle: bfd, lld and mold
	 * match them as they are, gold does not (seen). */
	for (int s = 0; s < 4; s++) {
		parse_ok("V1 { global: extern \"C++\" { cfunc; c*x; }; };", sems[s], &vs);
		int want = sems[s] == LS_SEM_GOLD ? 0 : 1;
		assert_int_equal(ls_verscript_lookup(&vs, "cfunc", 5, NULL, &m), want);
		assert_int_equal(ls_verscript_lookup(&vs, "cx", 2, NULL, &m), want);
		/* A demangled name is matched, the mangled one is not. */
		assert_int_equal(ls_verscript_lookup(&vs, "_Z5cfuncv", 9, "cfunc", &m), 1);
		assert_int_equal(ls_verscript_lookup(&vs, "cfunc", 5, "other", &m), 0);
		ls_verscript_free(&vs);
	}

	/* extern "Java": bfd matches a plain name (seen: foo exported). */
	parse_ok("{ global: extern \"Java\" { foo; b*; }; local: *; };", LS_SEM_BFD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
	assert_true(m.global);
	assert_int_equal(ls_verscript_lookup(&vs, "bar", 3, NULL, &m), 1);
	assert_true(m.global);
	assert_int_equal(ls_verscript_lookup(&vs, "bar", 3, "bar()", &m), 1);
	assert_false(m.global);
	ls_verscript_free(&vs);
	parse_ok("{ global: extern \"Java\" { foo; }; local: *; };", LS_SEM_GOLD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
	assert_false(m.global);
	ls_verscript_free(&vs);

	/* bfd: a global glob of any node beats a local glob; the last node's
	 * glob wins among globals. */
	parse_ok("V1 { global: f*; }; V2 { global: fo*; }; V3 { local: foo*; };",
		 LS_SEM_BFD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
	assert_true(m.global);
	assert_string_equal(m.version, "V2");
	ls_verscript_free(&vs);

	/* mold: with one glob in the script the first match wins, exact or
	 * not; without, the last exact name. */
	parse_ok("V1 { foo; }; V2 { foo; x*; };", LS_SEM_MOLD, &vs);
	assert_int_equal(ls_verscript_lookup(&vs, "foo", 3, NULL, &m), 1);
	assert_string_equal(m.version, "V1");
	ls_verscript_free(&vs);
}

/* --- hostile input ------------------------------------------------------------ */

static void test_limits(void **state)
{
	(void)state;
	ls_verscript vs;
	ls_diag d;
	char *t;
	size_t n, k;

	/* Size: refused before any byte is read. */
	ls_bytes big = { (const uint8_t *)"x", (uint64_t)LS_VS_MAX_TEXT + 1 };
	assert_int_equal(ls_verscript_parse(big, LS_SEM_BFD, 0, &vs, &d), -1);
	assert_non_null(strstr(d.msg, "larger"));

	/* Nesting. */
	t = malloc(4096);
	strcpy(t, "V1 { ");
	for (int i = 0; i < LS_VS_MAX_NEST + 1; i++)
		strcat(t, "extern \"C\" { ");
	strcat(t, "a; ");
	for (int i = 0; i < LS_VS_MAX_NEST + 1; i++)
		strcat(t, "}; ");
	strcat(t, "};");
	assert_int_equal(ls_verscript_parse(B(t), LS_SEM_BFD, 0, &vs, &d), -1);
	assert_non_null(strstr(d.msg, "nested"));
	assert_int_equal(ls_verscript_parse(B(t + 0), LS_SEM_MOLD, 0, &vs, &d), -1);
	free(t);

	/* Names: one more than the limit is refused. */
	n = (size_t)LS_VS_MAX_PATTERNS + 1;
	t = malloc(2 * n + 16);
	k = (size_t)sprintf(t, "V1 { ");
	for (size_t i = 0; i < n; i++) {
		t[k++] = 'a';
		t[k++] = ';';
	}
	strcpy(t + k, " };");
	assert_int_equal(ls_verscript_parse(B(t), LS_SEM_LLD, 0, &vs, &d), -1);
	assert_non_null(strstr(d.msg, "more than"));
	free(t);

	/* Nodes. */
	n = (size_t)LS_VS_MAX_NODES + 1;
	t = malloc(8 * n + 16);
	k = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(t + k, "V{a;};", 6);
		k += 6;
	}
	t[k] = 0;
	assert_int_equal(ls_verscript_parse(B(t), LS_SEM_MOLD, 0, &vs, &d), -1);
	assert_non_null(strstr(d.msg, "version nodes"));
	free(t);

	/* bfd drops a long run of stray bytes without recursion. */
	n = 4 << 20;
	t = malloc(n + 32);
	k = (size_t)sprintf(t, "V1 { a");
	memset(t + k, '@', n);
	strcpy(t + k + n, "; };");
	assert_int_equal(ls_verscript_parse(B(t), LS_SEM_BFD, 0, &vs, &d), 0);
	assert_int_equal(vs.nwarnings, (unsigned)n);
	ls_verscript_free(&vs);
	free(t);
}

/* Many names: exact ones hashed, lookups fast. */
static void test_many(void **state)
{
	(void)state;
	size_t n = 200000, k = 0;
	char *t = malloc(n * 16 + 64);
	ls_verscript vs;
	ls_vermatch m;
	char name[32];

	k = (size_t)sprintf(t, "V1 { global: ");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(t + k, "sym%zu; ", i);
	strcpy(t + k, "x*; local: *; };");
	for (int s = 0; s < 4; s++) {
		clock_t t0 = clock();
		parse_ok(t, sems[s], &vs);
		assert_int_equal(vs.npats, n + 2);
		for (size_t i = 0; i < n; i += 7) {
			int l = snprintf(name, sizeof name, "sym%zu", i);
			assert_int_equal(ls_verscript_lookup(&vs, name, (size_t)l, NULL, &m), 1);
			assert_true(m.global && m.exact);
			assert_int_equal(m.pat, (int)i);
		}
		assert_int_equal(ls_verscript_lookup(&vs, "sym", 3, NULL, &m), 1);
		assert_false(m.global);
		ls_verscript_free(&vs);
		assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
	}
	free(t);
}

/* Random bytes and mutated scripts: no crash, no leak, a message. */
static void test_garbage(void **state)
{
	(void)state;
	static const char *const seeds[] = {
		"VERS_1.0 { global: foo; \"a b\"; extern \"C++\" { ns::*; \"f(int)\"; }; local: *; };\n"
		"VERS_2.0 { bar; } VERS_1.0; # c\n/* d */",
		"{ global: f[!a-z]*; local: *; };",
	};
	uint32_t x = 12345;
	char buf[256];

	for (int round = 0; round < 20000; round++) {
		const char *seed = seeds[round & 1];
		size_t n = strlen(seed);
		memcpy(buf, seed, n);
		for (int j = 0; j < 4; j++) {
			x = x * 1103515245u + 12345u;
			buf[(x >> 8) % n] = (char)(x >> 24);
		}
		if (round % 3 == 0)
			n = (x >> 4) % n;
		for (int s = 0; s < 4; s++) {
			ls_verscript vs;
			ls_diag d = { 0 };
			ls_bytes b = { (const uint8_t *)buf, n };
			if (ls_verscript_parse(b, sems[s], round & 4 ? LS_VS_VERSION_COMMAND : 0,
					       &vs, &d) < 0) {
				assert_true(d.msg[0]);
				assert_true(!d.has_offset || d.offset <= n);
				continue;
			}
			ls_vermatch m;
			for (size_t i = 0; i < vs.npats; i++)
				ls_verscript_lookup(&vs, vs.pats[i].text, vs.pats[i].len, NULL, &m);
			ls_verscript_lookup(&vs, "foo", 3, "ns::f(int)", &m);
			ls_verscript_free(&vs);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linkers),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_anonymous_and_lookup_fields),
		cmocka_unit_test(test_version_command),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lexing),
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_glob_cost),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
