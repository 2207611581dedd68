/*
 * linkname.c - declarations and //go:linkname directives of one Go file
 * (see linkname.h).  Declarations are found at brace depth 0 with Go's
 * semicolon rule (a newline ends a declaration after an identifier,
 * literal, ')', ']', '}', '++' or '--'), which is all it takes to tell
 * `func f()` from `func f() { ... }` and `var x T` from `var x = v`.
 */
#include "linkname.h"
#include "golex.h"
#include "../core/array.h"

#include <stdlib.h>
#include <string.h>

struct stream {
	ls_golex lx;
	ls_gofile *f;
	const ls_buildctx *ctx;
	ls_gotok back;		/* a pushed-back token */
	bool has_back;
	ls_gotok prev;		/* the last code token returned */
	bool seen_package;
	bool oom;
};

static ls_str tok_str(const struct stream *s, const ls_gotok *t)
{
	return (ls_str){ ls_gotok_text(&s->lx, t), (size_t)t->len };
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The whitespace-separated fields of p[0..n), at most max. */
static size_t fields(const char *p, size_t n, ls_str *out, size_t max)
{
	size_t k = 0, i = 0;

	while (i < n) {
		while (i < n && is_space(p[i]))
			i++;
		if (i == n)
			break;
		size_t st = i;

		while (i < n && !is_space(p[i]))
			i++;
		if (k < max)
			out[k] = (ls_str){ p + st, i - st };
		k++;
	}
	return k;
}

static void directive(struct stream *s, const ls_gotok *t)
{
	const char *p = ls_gotok_text(&s->lx, t);
	size_t n = (size_t)t->len;
	ls_gofile *f = s->f;
	size_t pre = 0;

	/* cmd/compile's noder: "go:linkname " or (Go 1.27) "go:linknamestd "
	 * on a line of its own; the scanner takes indented ones too. */
	if (!t->first)
		return;
	if (n > 13 && !memcmp(p, "//go:linkname", 13) && is_space(p[13]))
		pre = 13;
	else if (n > 16 && !memcmp(p, "//go:linknamestd", 16) && is_space(p[16]))
		pre = 16;
	if (!pre)
		return;
	ls_str a[3];
	size_t k = fields(p + pre, n - pre, a, 3);

	ls_golinkname *l = ls_array_push_zero(&f->links, &f->nlinks,
					      &f->caplinks, sizeof *f->links);

	if (!l) {
		s->oom = true;
		return;
	}
	l->line = t->line;
	l->std = pre == 16;
	l->malformed = k < 1 || k > 2;
	if (k >= 1)
		l->local = a[0];
	if (k == 2)
		l->target = a[1];
	l->kind = LS_LN_UNKNOWN;
}

/* The next token that is not a comment; directives are noted on the way. */
static bool next(struct stream *s, ls_gotok *t)
{
	if (s->has_back) {
		*t = s->back;
		s->has_back = false;
		s->prev = *t;
		return t->kind != LS_GT_EOF;
	}
	for (;;) {
		if (!ls_golex_next(&s->lx, t)) {
			s->prev = *t;
			return false;
		}
		if (t->kind == LS_GT_LINE_COMMENT)
			directive(s, t);
		else if (t->kind != LS_GT_BLOCK_COMMENT)
			break;
	}
	return true;
}

static void unget(struct stream *s, const ls_gotok *t, const ls_gotok *prev)
{
	s->back = *t;
	s->has_back = true;
	s->prev = *prev;
}

static bool ends_stmt(const struct stream *s, const ls_gotok *t)
{
	switch (t->kind) {
	case LS_GT_IDENT:
		return !ls_gotok_is(&s->lx, t, "func") &&
		       !ls_gotok_is(&s->lx, t, "struct") &&
		       !ls_gotok_is(&s->lx, t, "interface") &&
		       !ls_gotok_is(&s->lx, t, "map") &&
		       !ls_gotok_is(&s->lx, t, "chan");
	case LS_GT_NUMBER: case LS_GT_STRING: case LS_GT_RAW: case LS_GT_RUNE:
		return true;
	case LS_GT_OP:
		return ls_gotok_is(&s->lx, t, ")") || ls_gotok_is(&s->lx, t, "]") ||
		       ls_gotok_is(&s->lx, t, "}") || ls_gotok_is(&s->lx, t, "++") ||
		       ls_gotok_is(&s->lx, t, "--");
	default:
		return false;
	}
}

static int open_delta(const struct stream *s, const ls_gotok *t)
{
	if (t->kind != LS_GT_OP || t->len != 1)
		return 0;
	switch (*ls_gotok_text(&s->lx, t)) {
	case '(': case '[': case '{': return 1;
	case ')': case ']': case '}': return -1;
	default: return 0;
	}
}

/* Skips to the end of a construct at depth 0: ';', a newline after a
 * token that ends a statement, or (in a group) the group's ')', which is
 * left unread.  With saw_eq, reports an '=' at depth 0; with body, a '{'
 * at depth 0 (not after struct/interface) ends it as a body. */
enum end { END_SEMI, END_BODY, END_CLOSE, END_EOF };

static enum end skip_spec(struct stream *s, bool *saw_eq, bool body_ends)
{
	ls_gotok t, prev = s->prev;
	long depth = 0;

	while (next(s, &t)) {
		if (depth == 0 && t.line > prev.end_line &&
		    ends_stmt(s, &prev)) {
			unget(s, &t, &prev);
			return END_SEMI;
		}
		int d = open_delta(s, &t);

		if (depth == 0 && d < 0) {
			unget(s, &t, &prev);
			return END_CLOSE;
		}
		if (depth == 0 && ls_gotok_is(&s->lx, &t, ";"))
			return END_SEMI;
		if (depth == 0 && saw_eq && ls_gotok_is(&s->lx, &t, "="))
			*saw_eq = true;
		if (depth == 0 && body_ends && ls_gotok_is(&s->lx, &t, "{") &&
		    !ls_gotok_is(&s->lx, &prev, "struct") &&
		    !ls_gotok_is(&s->lx, &prev, "interface")) {
			/* The body, to its closing brace. */
			long bd = 1;

			while (bd > 0 && next(s, &t))
				bd += open_delta(s, &t);
			return END_BODY;
		}
		depth += d;
		if (depth < 0)
			depth = 0;
		prev = t;
	}
	return END_EOF;
}

static void add_decl(struct stream *s, enum ls_godecl_kind k, ls_str name,
		     ls_str recv, bool recv_ptr)
{
	ls_gofile *f = s->f;

	if (LS_ARRAY_PUSH(f->decls, f->ndecls, f->capdecls,
			  ((ls_godecl){ k, name, recv, recv_ptr })) < 0)
		s->oom = true;
}

static void func_decl(struct stream *s)
{
	ls_gotok t;
	ls_str recv = { 0 };
	bool ptr = false;

	if (!next(s, &t))
		return;
	if (ls_gotok_is(&s->lx, &t, "(")) {
		long depth = 1;
		bool in_type_args = false;

		while (depth > 0 && next(s, &t)) {
			int d = open_delta(s, &t);

			if (depth == 1 && ls_gotok_is(&s->lx, &t, "["))
				in_type_args = true;
			depth += d;
			if (depth == 1 && ls_gotok_is(&s->lx, &t, "*"))
				ptr = true;
			else if (depth == 1 && !in_type_args && t.kind == LS_GT_IDENT)
				recv = tok_str(s, &t);
		}
		if (!next(s, &t))
			return;
	}
	if (t.kind != LS_GT_IDENT)
		return;
	ls_str name = tok_str(s, &t);
	enum end e = skip_spec(s, NULL, true);

	if (recv.n)
		add_decl(s, LS_DECL_METHOD, name, recv, ptr);
	else
		add_decl(s, e == END_BODY ? LS_DECL_FUNC_BODY : LS_DECL_FUNC_NOBODY,
			 name, recv, false);
}

/* One var spec: names, then type and/or value. */
static enum end var_spec(struct stream *s, const ls_gotok *first)
{
	ls_str names[64];
	size_t nn = 0;
	ls_gotok t = *first, last = *first;
	bool eq = false;

	for (;;) {
		if (t.kind != LS_GT_IDENT)
			break;
		if (nn < 64)
			names[nn++] = tok_str(s, &t);
		last = t;
		if (!next(s, &t))
			break;
		if (!ls_gotok_is(&s->lx, &t, ",")) {
			unget(s, &t, &last);
			break;
		}
		if (!next(s, &t))
			break;
	}
	if (ls_gotok_is(&s->lx, &t, ")") || t.kind == LS_GT_EOF)
		return END_CLOSE;
	enum end e = skip_spec(s, &eq, false);

	for (size_t i = 0; i < nn; i++)
		add_decl(s, eq ? LS_DECL_VAR_INIT : LS_DECL_VAR_NOINIT, names[i],
			 (ls_str){ 0 }, false);
	return e;
}

static void var_decl(struct stream *s)
{
	ls_gotok t;

	if (!next(s, &t))
		return;
	if (!ls_gotok_is(&s->lx, &t, "(")) {
		var_spec(s, &t);
		return;
	}
	for (;;) {
		if (!next(s, &t) || ls_gotok_is(&s->lx, &t, ")"))
			return;
		if (ls_gotok_is(&s->lx, &t, ";"))
			continue;
		if (t.kind != LS_GT_IDENT)
			continue;
		enum end e = var_spec(s, &t);

		if (e == END_EOF)
			return;
	}
}

static void add_import(struct stream *s, const ls_gotok *t)
{
	ls_gofile *f = s->f;

	if ((t->kind != LS_GT_STRING && t->kind != LS_GT_RAW) || t->len < 2)
		return;
	if (LS_ARRAY_PUSH(f->imports, f->nimports, f->capimports,
			  ((ls_str){ ls_gotok_text(&s->lx, t) + 1,
				     (size_t)t->len - 2 })) < 0)
		s->oom = true;
}

/* const, type, import and anything else at depth 0: skipped, but for the
 * path of each import. */
static void other_decl(struct stream *s, bool imp)
{
	ls_gotok t, kw = s->prev;

	if (!next(s, &t))
		return;
	if (ls_gotok_is(&s->lx, &t, "(")) {
		long depth = 1;

		while (depth > 0 && next(s, &t)) {
			depth += open_delta(s, &t);
			if (imp && depth == 1)
				add_import(s, &t);
		}
		return;
	}
	if (imp) {
		if (t.kind == LS_GT_IDENT || ls_gotok_is(&s->lx, &t, "."))
			next(s, &t);	/* the package name */
		add_import(s, &t);
	}
	unget(s, &t, &kw);
	skip_spec(s, NULL, false);
}

static void classify(ls_gofile *f)
{
	for (size_t i = 0; i < f->nlinks; i++) {
		ls_golinkname *l = &f->links[i];
		const ls_godecl *d = ls_gofile_find(f, l->local);

		if (!d || l->malformed)
			continue;
		l->is_var = d->kind == LS_DECL_VAR_INIT || d->kind == LS_DECL_VAR_NOINIT;
		if (!l->target.n)
			l->kind = LS_LN_PUSH;
		else if (d->kind == LS_DECL_FUNC_BODY || d->kind == LS_DECL_VAR_INIT)
			l->kind = LS_LN_PUSH;
		else
			l->kind = LS_LN_PULL;
	}
}

int ls_gofile_scan(ls_bytes b, const ls_buildctx *ctx, bool stop_unbuilt,
		   ls_gofile *f)
{
	struct stream s = { .f = f, .ctx = ctx };
	ls_gotok t;

	f->pkg = (ls_str){ 0 };
	f->build_ok = true;
	f->bad = false;
	f->nlinks = f->ndecls = f->nimports = 0;
	if (ctx) {
		int v = ls_header_build(ctx, (const char *)b.base, (size_t)b.size);

		f->bad = v < 0;
		f->build_ok = v == 1;
	}
	if (stop_unbuilt && !f->build_ok)
		return 0;
	ls_golex_init(&s.lx, b);
	while (next(&s, &t)) {
		int d = open_delta(&s, &t);

		if (d) {
			/* A stray bracket at depth 0: skip the group. */
			long depth = d > 0 ? 1 : 0;

			while (depth > 0 && next(&s, &t))
				depth += open_delta(&s, &t);
			continue;
		}
		if (t.kind != LS_GT_IDENT)
			continue;
		if (!s.seen_package && ls_gotok_is(&s.lx, &t, "package")) {
			s.seen_package = true;
			if (next(&s, &t) && t.kind == LS_GT_IDENT)
				f->pkg = tok_str(&s, &t);
		} else if (ls_gotok_is(&s.lx, &t, "func")) {
			func_decl(&s);
		} else if (ls_gotok_is(&s.lx, &t, "var")) {
			var_decl(&s);
		} else if (ls_gotok_is(&s.lx, &t, "const") ||
			   ls_gotok_is(&s.lx, &t, "type") ||
			   ls_gotok_is(&s.lx, &t, "import")) {
			other_decl(&s, ls_gotok_is(&s.lx, &t, "import"));
		}
		if (s.oom)
			return -1;
	}
	if (s.lx.bad)
		f->bad = true;
	classify(f);
	return s.oom ? -1 : 0;
}

const ls_godecl *ls_gofile_find(const ls_gofile *f, ls_str s)
{
	for (size_t i = 0; i < f->ndecls; i++) {
		const ls_godecl *d = &f->decls[i];

		if (d->kind != LS_DECL_METHOD && d->name.n == s.n &&
		    !memcmp(d->name.p, s.p, s.n))
			return d;
	}
	return NULL;
}

void ls_gofile_free(ls_gofile *f)
{
	free(f->links);
	free(f->decls);
	free(f->imports);
	memset(f, 0, sizeof *f);
}

size_t ls_gofile_count_ident(ls_bytes b, ls_str name, size_t max)
{
	ls_golex lx;
	ls_gotok t;
	size_t n = 0;

	ls_golex_init(&lx, b);
	while (n < max && ls_golex_next(&lx, &t))
		if (t.kind == LS_GT_IDENT && t.len == name.n &&
		    ls_match(lx.b, t.off, name.p, name.n))
			n++;
	return n;
}
