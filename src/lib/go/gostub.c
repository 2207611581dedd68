/*
 * gostub.c - the stub rule of gostub.h: files added without cgo that say
 * `!cgo` in their build constraint, and what they say about cgo.
 */
#include "gostub.h"

#include "golex.h"
#include "../core/array.h"
#include "../core/mapfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool ident_byte(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* Does the constraint text (after //go:build or // +build) have the term
 * !cgo?  Both syntaxes spell negation '!' before the tag (go/build/
 * constraint: expr.go), '!' may be followed by spaces in //go:build. */
static bool negates_cgo(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = i + 1;

		if (s[i] != '!')
			continue;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (n - k >= 3 && !memcmp(s + k, "cgo", 3) &&
		    (k + 3 == n || !ident_byte((unsigned char)s[k + 3])))
			return true;
	}
	return false;
}

/* Case-insensitive "cgo" inside the literal, as a word part of any kind:
 * "requires cgo", "CGO_ENABLED", "cgo-enabled". */
static bool names_cgo(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (tolower((unsigned char)s[i]) == 'c' &&
		    tolower((unsigned char)s[i + 1]) == 'g' &&
		    tolower((unsigned char)s[i + 2]) == 'o')
			return true;
	return false;
}

static char *message_of(const char *s, size_t n)
{
	char *m;

	/* Without the quotes; escapes are kept as written. */
	if (n >= 2) {
		s++;
		n -= 2;
	}
	if (n > LS_GOSTUB_MSG_MAX)
		n = LS_GOSTUB_MSG_MAX;
	if (!(m = malloc(n + 1)))
		return NULL;
	for (size_t i = 0; i < n; i++)	/* one line in the report */
		m[i] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
	m[n] = '\0';
	return m;
}

int ls_gostub_scan_bytes(ls_bytes src, ls_gostub_scan *out)
{
	ls_golex lx;
	ls_gotok t;
	bool header = true, gobuild = false, plusbuild_not = false;

	memset(out, 0, sizeof *out);
	ls_golex_init(&lx, src);
	while (ls_golex_next(&lx, &t)) {
		const char *txt = ls_gotok_text(&lx, &t);
		size_t n = (size_t)t.len;

		if (header && t.kind == LS_GT_LINE_COMMENT) {
			/* //go:build wins over // +build lines (go/build's
			 * shouldBuild); both only count before the package
			 * clause. */
			if (n >= 10 && !memcmp(txt, "//go:build", 10) &&
			    (n == 10 || txt[10] == ' ' || txt[10] == '\t')) {
				gobuild = true;
				out->not_cgo = negates_cgo(txt + 10, n - 10);
			} else if (n >= 9 && !memcmp(txt, "// +build", 9) &&
				   (n == 9 || txt[9] == ' ' || txt[9] == '\t')) {
				plusbuild_not |= negates_cgo(txt + 9, n - 9);
			}
			continue;
		}
		if (t.kind == LS_GT_LINE_COMMENT || t.kind == LS_GT_BLOCK_COMMENT)
			continue;
		if (header) {
			header = false;
			if (!gobuild)
				out->not_cgo = plusbuild_not;
		}
		if ((t.kind == LS_GT_STRING || t.kind == LS_GT_RAW) &&
		    !out->message && names_cgo(txt, n) &&
		    !(out->message = message_of(txt, n)))
			return -1;
	}
	if (header && !gobuild)
		out->not_cgo = plusbuild_not;
	return 0;
}

void ls_gostub_scan_free(ls_gostub_scan *s)
{
	free(s->message);
	s->message = NULL;
}

/* The stub rule for one file the build without cgo adds to c: 1 when
 * the file is a stub or an alternative (appended to g->stubs), 0 when not
 * (or unreadable), -1 when out of memory. */
static int stub_file(ls_gocgo *g, size_t *cap, const ls_gocgo_change *c,
		     const char *file)
{
	ls_mapfile mf;
	ls_diag d = { 0 };
	ls_gostub_scan sc;
	char *path;
	int rc;

	if (asprintf(&path, "%s/%s", c->without->dir, file) < 0)
		return -1;
	rc = ls_map(path, &mf, &d);
	free(path);
	if (rc < 0)
		return 0;
	rc = ls_gostub_scan_bytes(mf.bytes, &sc);
	ls_unmap(&mf);
	if (rc < 0 || !sc.not_cgo) {
		ls_gostub_scan_free(&sc);
		return rc;
	}
	if (LS_ARRAY_PUSH(g->stubs, g->nstubs, *cap,
			  ((ls_gocgo_stub){ c->without, file, sc.message })) < 0) {
		ls_gostub_scan_free(&sc);
		return -1;
	}
	return 1;
}

int ls_gocgo_find_stubs(ls_gocgo *g, ls_diag *d)
{
	size_t cap = g->nstubs;

	for (size_t i = 0; i < g->nchanged; i++) {
		const ls_gocgo_change *c = &g->changed[i];

		if (c->with->standard)
			continue;
		for (size_t k = 0; k < c->nadded; k++)
			if (stub_file(g, &cap, c, c->added[k]) < 0)
				return ls_oom(d);
	}
	return 0;
}
