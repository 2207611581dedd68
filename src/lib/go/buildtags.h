/*
 * buildtags.h - which Go files a build for one target compiles: file name
 * suffixes (_GOOS, _GOARCH, _GOOS_GOARCH, _test) and `//go:build`
 * expressions, as go/build's goodOSArchFile and go/build/constraint
 * evaluate them.
 */
#ifndef LS_BUILDTAGS_H
#define LS_BUILDTAGS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ls_buildctx {
	const char *goos, *goarch;
	bool cgo;
	int go_minor;		/* go1.N tags hold for N <= go_minor */
	/* The enabled experiments, lower case, each followed by ',' (e.g.
	 * "regabiwrappers,greenteagc,"): goexperiment.X holds for those.
	 * NULL: none. */
	const char *experiments;
} ls_buildctx;

/* Whether one build tag holds: GOOS, GOARCH, unix, cgo, gc, go1.N,
 * goexperiment.X (and linux for android, solaris for illumos, darwin for
 * ios). */
bool ls_buildtag_holds(const ls_buildctx *c, const char *tag, size_t n);

/* Evaluates the expression after "//go:build" (&&, ||, !, parentheses).
 * 1 true, 0 false, -1 when it does not parse. */
int ls_buildexpr_eval(const ls_buildctx *c, const char *expr, size_t n);

/* Whether the build constraints in the header of a .go or .s file hold,
 * as go/build's shouldBuild reads them: the leading run of comments and
 * blank lines; a //go:build line there decides alone; without one, every
 * `// +build` line of the header up to its last blank line (a +build
 * line directly above the package clause does not count) must hold.
 * 1 holds, 0 does not, -1 a bad //go:build (or two of them). */
int ls_header_build(const ls_buildctx *c, const char *p, size_t n);

/* Evaluates a `// +build` expression (the text after "+build"): space
 * separated alternatives of comma separated terms, each TAG or !TAG.
 * -1 when it does not parse (go/build then ignores the line). */
int ls_plusbuild_eval(const ls_buildctx *c, const char *expr, size_t n);

/* Whether a file name (no directory) is compiled: .go or .s, not _test.go,
 * not starting with '_' or '.', and its _GOOS/_GOARCH suffixes match. */
bool ls_buildname_ok(const ls_buildctx *c, const char *name);

/* True for a GOOS or GOARCH name go/build knows. */
bool ls_known_goos(const char *s, size_t n);
bool ls_known_goarch(const char *s, size_t n);

#endif
