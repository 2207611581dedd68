/*
 * fuzz_golex.c - libFuzzer target: the Go source tokenizer and the
 * //go:linkname scanner on arbitrary bytes.
 *
 * Tokenizes the input to the end, checking every token lies inside it and
 * that each step advances; scans it as a Go file (declarations, directives,
 * //go:build) for two targets and touches every name it hands out; and
 * evaluates the input as a //go:build expression, a // +build expression
 * and a file header; scans it as an assembly file (asmscan).  Build with
 * fuzz/build.sh.
 */
#include "go/asmscan.h"
#include "go/buildtags.h"
#include "go/golex.h"
#include "go/linkname.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static volatile size_t fz_sink;

static void fz_str(ls_str s)
{
	for (size_t i = 0; i < s.n; i++)
		fz_sink += (unsigned char)s.p[i];
}

static void fz_asm(void *ctx, const ls_asmsym *s)
{
	(void)ctx;
	if (strlen(s->name) != s->n)
		abort();
	fz_str((ls_str){ s->name, s->n });
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ls_bytes b = { data, size };
	ls_golex lx;
	ls_gotok t;
	uint64_t last = 0;
	static ls_gofile f;
	static const ls_buildctx ctx[2] = {
		{ "linux", "amd64", true, 26, "regabiwrappers," },
		{ "windows", "arm64", false, 21, NULL },
	};

	ls_golex_init(&lx, b);
	while (ls_golex_next(&lx, &t)) {
		if (t.off + t.len > size || t.len == 0 || t.off < last)
			abort();
		last = t.off + t.len;
	}
	for (int i = 0; i < 2; i++) {
		if (ls_gofile_scan(b, &ctx[i], i == 1, &f) < 0)
			continue;
		fz_str(f.pkg);
		for (size_t k = 0; k < f.nlinks; k++) {
			fz_str(f.links[k].local);
			fz_str(f.links[k].target);
		}
		for (size_t k = 0; k < f.ndecls; k++) {
			fz_str(f.decls[k].name);
			fz_str(f.decls[k].recv);
			ls_gofile_find(&f, f.decls[k].name);
		}
	}
	fz_sink += (size_t)ls_buildexpr_eval(&ctx[0], (const char *)data, size);
	fz_sink += (size_t)ls_plusbuild_eval(&ctx[0], (const char *)data, size);
	fz_sink += (size_t)ls_header_build(&ctx[1], (const char *)data, size);
	ls_asm_scan((const char *)data, size, "example.com/p", fz_asm, NULL);
	return 0;
}
