/*
 * ldscript.c - GNU linker scripts: inputs and symbols; see ldscript.h.
 *
 * The grammar is binutils' ld/ldgram.y (2.40), statement by statement,
 * with the lexer state ld uses at each point (ldexpr.h); the GNU ld
 * manual ("Linker Scripts") says what each statement means, and lld's
 * lld/ELF/ScriptParser.cpp is the second reading.  In outline:
 *
 *   script    := { statement }
 *   statement := INPUT ( list ) | GROUP ( list ) | SEARCH_DIR ( dir )
 *              | ENTRY ( sym ) | EXTERN ( sym { [,] sym } )
 *              | ASSERT ( exp , msg ) | assignment ( ; | , ) | ;
 *              | SECTIONS { { section | anywhere } } | MEMORY { ... }
 *              | PHDRS { ... } | VERSION { ... } | INSERT AFTER|BEFORE sec
 *              | OUTPUT_FORMAT ( ... ) and the other skipped commands
 *   list      := item { [,] item };  item := name | -lNAME | AS_NEEDED ( list )
 *   assignment:= sym op exp | PROVIDE|PROVIDE_HIDDEN|HIDDEN ( sym = exp )
 *   section   := name [addr] [( type )] : [AT(exp)] [ALIGN(exp)]
 *                [ALIGN_WITH_INPUT] [SUBALIGN(exp)] [constraint]
 *                { { body } } [> region] [AT > region] { : phdr } [= fill] [,]
 *              | OVERLAY ... | GROUP [addr] : { ... } (svr3)
 *   body      := assignment ; | input-spec | KEEP ( input-spec )
 *              | BYTE|SHORT|LONG|QUAD|SQUAD ( exp ) | FILL ( exp )
 *              | ASSERT ( exp , msg ) ; | CONSTRUCTORS | SORT(CONSTRUCTORS)
 *              | CREATE_OBJECT_SYMBOLS | ;
 *   input-spec:= [INPUT_SECTION_FLAGS ( flags )]
 *                ( file | file-spec ( sections ) | [ sections ] )
 *
 * The INPUT and GROUP lists keep this file's original reading: a word is
 * any run of bytes up to a blank ( ) { } , ; or a quote, and a quoted name
 * is a file even when it reads "-lfoo" (ld's lexer returns NAME, not
 * LNAME, for a quoted string).  One deliberate difference from bfd: its
 * lexer lets ',' be part of a file name, so "GROUP(a.o, b.o)" makes bfd
 * look for "a.o,"; lld and mold split there, and so do we.
 *
 * Where this parser is more lenient than bfd 2.40, lld accepts the text
 * too: an empty statement ';' in SECTIONS { } (so "ASSERT(...);" there),
 * '^' and '^=' (binutils 2.41).  Everything else bfd rejects is rejected,
 * and so are INCLUDE (the file is not read) and STARTUP.
 *
 * Everything is bounded: a name is at most 4096 bytes, a list at most
 * LDS_MAX_ENTRIES entries, all lists together at most LDS_MAX_STRINGS
 * names, AS_NEEDED and svr3 GROUPs nest at most LDS_MAX_NEST deep, a
 * skipped command at most LDS_MAX_SKIP brackets deep, an expression as
 * ldexpr.h says.  Bytes are read only through core/bytes.h.
 */
#include "ldscript.h"

#include <stdlib.h>
#include <string.h>

#define LDS_MAX_ENTRIES 65536
#define LDS_MAX_STRINGS (4 * LDS_MAX_ENTRIES)
#define LDS_MAX_NEST 16
#define LDS_MAX_SKIP 256	/* brackets in a skipped command (no recursion) */
#define LDS_DETECT_SPAN 65536	/* bytes checked by ls_ldscript_detect */

typedef struct parser {
	ls_ldlex lx;
	ls_ldscript *s;
	ls_diag *d;
	size_t nstrings;	/* names copied so far */
	char *output;		/* the output section being read, or NULL */
	bool in_sections;
} parser;

/* --- helpers --------------------------------------------------------------- */

static bool is_op(const ls_ldtok *t, int op)
{
	return t->kind == LS_T_OP && t->op == op;
}

static bool is_kw(const ls_ldtok *t, int kw)
{
	return t->kind == LS_T_KW && t->kw == kw;
}

static int next(parser *p, int state)
{
	return ls_ldlex_next(&p->lx, state);
}

static int peek(parser *p, int state, ls_ldtok *t)
{
	return ls_ldlex_peek(&p->lx, state, t);
}

/* The description of a token for a message, in one of two buffers so a
 * message may name two tokens. */
typedef struct descbuf {
	char a[64], b[64];
} descbuf;

static const char *desc(parser *p, const ls_ldtok *t, char *buf)
{
	return ls_ldlex_describe(&p->lx, t, buf, 64);
}

static bool is_dot(parser *p, const ls_ldtok *t)
{
	return t->kind == LS_T_NAME && t->len == 1 &&
	       ls_match(p->lx.b, t->text, ".", 1);
}

/* Reads a token in state and checks it is the one-byte operator op. */
static int expect(parser *p, int state, int op, const char *after)
{
	char buf[64];

	if (next(p, state) < 0)
		return -1;
	if (!is_op(&p->lx.t, op))
		return ls_fail(p->d, p->lx.t.start, "expected '%c' after %s, found %s",
			       op, after, desc(p, &p->lx.t, buf));
	return 0;
}

/* Grows a result array with no capacity field: at powers of two.  Returns
 * the (possibly moved) array, or NULL with p->d filled. */
static void *grown(parser *p, void *arr, size_t n, size_t elsz, size_t max,
		   const char *what, uint64_t off)
{
	if (n >= max) {
		ls_fail(p->d, off, "more than %zu %s in a linker script", max, what);
		return NULL;
	}
	if (arr && (n & (n - 1)) != 0)
		return arr;
	size_t cap = n ? 2 * n : 4;
	void *v = realloc(arr, cap * elsz);
	if (!v)
		ls_fail(p->d, off, "out of memory");
	return v;
}

/* Appends a zeroed element to arr[n] (in a function returning int); off
 * is where the script names it. */
#define PUSH(p, arr, n, max, what, off)                                        \
	do {                                                                   \
		void *v_ = grown((p), (arr), (n), sizeof *(arr), (max), (what), \
				 (off));                                       \
		if (!v_)                                                       \
			return -1;                                             \
		(arr) = v_;                                                    \
		memset(&(arr)[(n)], 0, sizeof *(arr));                         \
		(n)++;                                                         \
	} while (0)

static int count_string(parser *p, uint64_t off)
{
	if (++p->nstrings > LDS_MAX_STRINGS)
		return ls_fail(p->d, off, "more than %d names in a linker script",
			       LDS_MAX_STRINGS);
	return 0;
}

/* A copy of t's name into *dst. */
static int copy_name(parser *p, const ls_ldtok *t, char **dst)
{
	if (count_string(p, t->start) < 0)
		return -1;
	*dst = ls_ldlex_strdup(&p->lx, t);
	if (!*dst)
		return ls_fail(p->d, t->start, "out of memory");
	return 0;
}

static int copy_str(parser *p, const char *s, size_t n, uint64_t off, char **dst)
{
	if (count_string(p, off) < 0)
		return -1;
	*dst = malloc(n + 1);
	if (!*dst)
		return ls_fail(p->d, off, "out of memory");
	memcpy(*dst, s, n);
	(*dst)[n] = 0;
	return 0;
}

/* A name that must not be empty ("" is a name to the lexer). */
static int want_name(parser *p, const ls_ldtok *t, const char *what)
{
	char buf[64];

	if (t->kind != LS_T_NAME)
		return ls_fail(p->d, t->start, "%s wants a name, found %s", what,
			       desc(p, t, buf));
	if (t->len == 0)
		return ls_fail(p->d, t->start, "empty name in %s", what);
	return 0;
}

/* --- inputs: INPUT, GROUP, AS_NEEDED, SEARCH_DIR ------------------------------ */

static int add_entry(parser *p, const ls_ldtok *t, bool is_lib, bool as_needed,
		     bool group)
{
	ls_ldscript *s = p->s;
	ls_ldtok name = *t;

	PUSH(p, s->entries, s->nentries, LDS_MAX_ENTRIES, "inputs", t->start);
	ls_ldscript_entry *e = &s->entries[s->nentries - 1];
	if (is_lib) {
		name.text += 2;
		name.len -= 2;
	}
	if (copy_name(p, &name, &e->name) < 0)
		return -1;
	e->is_lib = is_lib;
	e->as_needed = as_needed;
	e->group = group;
	return 0;
}

/*
 * The list after "INPUT (", "GROUP (" or "AS_NEEDED (", up to and
 * including its ')'.  open is the offset of the '(' for the message when
 * it is never closed.
 */
static int parse_list(parser *p, const char *cmd, bool group, bool as_needed,
		      int depth, uint64_t open)
{
	ls_ldscript *s = p->s;
	size_t first = s->nentries;
	char buf[64];

	for (;;) {
		if (next(p, LS_LX_INPUT) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, ')'))
			break;
		if (is_op(&t, ','))
			continue;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "%s ( is never closed", cmd);
		if (t.kind != LS_T_NAME)
			return ls_fail(p->d, t.start, "unexpected %s in %s",
				       desc(p, &t, buf), cmd);
		if (ls_ldlex_is(&p->lx, &t, "AS_NEEDED")) {
			if (depth + 1 > LDS_MAX_NEST)
				return ls_fail(p->d, t.start,
					       "AS_NEEDED nested more than %d deep",
					       LDS_MAX_NEST);
			if (expect(p, LS_LX_INPUT, '(', "AS_NEEDED") < 0)
				return -1;
			if (parse_list(p, "AS_NEEDED", group, true, depth + 1,
				       p->lx.t.start) < 0)
				return -1;
			continue;
		}
		if (ls_ldlex_is(&p->lx, &t, "GROUP") || ls_ldlex_is(&p->lx, &t, "INPUT"))
			/* ld's grammar has no such nesting: a syntax error. */
			return ls_fail(p->d, t.start, "%s inside %s",
				       ls_ldlex_is(&p->lx, &t, "GROUP") ? "GROUP" : "INPUT",
				       cmd);
		bool lib = !t.quoted && t.len > 2 &&
			   ls_match(p->lx.b, t.text, "-l", 2);
		if (add_entry(p, &t, lib, as_needed, group) < 0)
			return -1;
	}
	if (s->nentries == first)
		/* "GROUP ( )" is a syntax error for ld. */
		return ls_fail(p->d, open, "empty %s ( )", cmd);
	if (group && depth == 0) {
		s->entries[first].group_start = true;
		s->entries[s->nentries - 1].group_end = true;
	}
	return 0;
}

/* Skips to the token matching the open one just read (p->lx.t is '(' or
 * '{'), counting both kinds of brackets, without recursion. */
static int skip_balanced(parser *p, int state)
{
	uint64_t open = p->lx.t.start;
	int level = 1;

	while (level > 0) {
		if (next(p, state) < 0)
			return -1;
		ls_ldtok *t = &p->lx.t;
		if (t->kind == LS_T_EOF)
			return ls_fail(p->d, open, "unbalanced bracket");
		if (is_op(t, '(') || is_op(t, '{')) {
			if (++level > LDS_MAX_SKIP)
				return ls_fail(p->d, t->start,
					       "brackets nested too deeply");
		} else if (is_op(t, ')') || is_op(t, '}')) {
			level--;
		}
	}
	return 0;
}

static int parse_search_dir(parser *p)
{
	ls_ldscript *s = p->s;

	if (expect(p, LS_LX_INPUT, '(', "SEARCH_DIR") < 0 || next(p, LS_LX_INPUT) < 0)
		return -1;
	if (p->lx.t.kind != LS_T_NAME)
		return ls_fail(p->d, p->lx.t.start, "SEARCH_DIR wants a directory");
	if (s->nsearch_dirs >= LDS_MAX_ENTRIES)
		return ls_fail(p->d, p->lx.t.start, "too many SEARCH_DIRs");
	PUSH(p, s->search_dirs, s->nsearch_dirs, LDS_MAX_ENTRIES, "SEARCH_DIRs",
	     p->lx.t.start);
	if (copy_name(p, &p->lx.t, &s->search_dirs[s->nsearch_dirs - 1]) < 0)
		return -1;
	return expect(p, LS_LX_INPUT, ')', "the SEARCH_DIR directory");
}

/* --- symbols ---------------------------------------------------------------- */

/* Where the names an expression reads go: an assignment's refs, the
 * script's refs with a kind, or nowhere (kind < 0). */
typedef struct sink {
	parser *p;
	ls_ldscript_assign *a;
	int kind;
} sink;

static int add_ref(parser *p, const char *name, size_t len, uint64_t off, int kind)
{
	ls_ldscript *s = p->s;

	PUSH(p, s->refs, s->nrefs, LDS_MAX_ENTRIES, "symbol references", off);
	ls_ldscript_ref *r = &s->refs[s->nrefs - 1];
	r->kind = (ls_ldscript_ref_kind)kind;
	r->offset = off;
	return copy_str(p, name, len, off, &r->name);
}

static int sink_ref(void *arg, const char *name, size_t len, uint64_t off)
{
	sink *k = arg;
	parser *p = k->p;

	if (k->a) {
		ls_ldscript_assign *a = k->a;
		PUSH(p, a->refs, a->nrefs, LDS_MAX_ENTRIES, "references in one assignment",
		     off);
		return copy_str(p, name, len, off, &a->refs[a->nrefs - 1]);
	}
	if (k->kind < 0)
		return 0;
	return add_ref(p, name, len, off, k->kind);
}

static int read_expr(parser *p, ls_ldscript_assign *a, int kind,
		     const ls_ldtok *self, bool *single)
{
	sink k = { p, a, kind };

	return ls_ldexpr_read(&p->lx, self, sink_ref, &k, single);
}

/* '(' exp ')' read in the EXPRESSION state; its names are refs of kind. */
static int paren_expr(parser *p, int kind, const char *what)
{
	if (expect(p, LS_LX_EXPR, '(', what) < 0 || read_expr(p, NULL, kind, NULL, NULL) < 0)
		return -1;
	return expect(p, LS_LX_EXPR, ')', what);
}

static const char *kind_name(ls_ld_assign_kind kind)
{
	switch (kind) {
	case LS_LD_PROVIDE: return "PROVIDE";
	case LS_LD_PROVIDE_HIDDEN: return "PROVIDE_HIDDEN";
	case LS_LD_HIDDEN: return "HIDDEN";
	default: return "an assignment";
	}
}

/*
 * The rest of an assignment: the operator (read in state, the state the
 * symbol was read in) and the expression.  name is the symbol's token.
 */
static int assignment(parser *p, const ls_ldtok *name, int state,
		      ls_ld_assign_kind kind)
{
	ls_ldscript *s = p->s;
	descbuf b;
	char op[4];

	if (next(p, state) < 0)
		return -1;
	if (!(p->lx.t.kind == LS_T_OP && ls_ldexpr_assign_op(p->lx.t.op, op)) ||
	    (kind != LS_LD_ASSIGN && p->lx.t.op != '='))
		return ls_fail(p->d, p->lx.t.start, "expected '=' after %s, found %s",
			       desc(p, name, b.a), desc(p, &p->lx.t, b.b));
	if (name->len == 0)
		return ls_fail(p->d, name->start, "empty symbol name");
	if (is_dot(p, name)) {
		/* The location counter: not a symbol, but what its value
		 * reads still counts. */
		if (kind != LS_LD_ASSIGN)
			return ls_fail(p->d, name->start, "%s of '.'", kind_name(kind));
		return read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL);
	}
	PUSH(p, s->assigns, s->nassigns, LDS_MAX_ENTRIES, "assignments", name->start);
	ls_ldscript_assign *a = &s->assigns[s->nassigns - 1];
	a->kind = kind;
	memcpy(a->op, op, sizeof a->op);
	a->offset = name->text;
	a->in_sections = p->in_sections;
	if (copy_name(p, name, &a->name) < 0)
		return -1;
	if (p->output &&
	    copy_str(p, p->output, strlen(p->output), name->start, &a->section) < 0)
		return -1;
	/* ld reads "a += e" as "a = a + e": the symbol is read too. */
	return read_expr(p, a, 0, op[1] ? name : NULL, NULL);
}

/* ';' or ',' after an assignment (ldgram.y separator; the token after an
 * expression is lexed in the EXPRESSION state). */
static int separator(parser *p, const char *what)
{
	char buf[64];

	if (next(p, LS_LX_EXPR) < 0)
		return -1;
	if (!is_op(&p->lx.t, ';') && !is_op(&p->lx.t, ','))
		return ls_fail(p->d, p->lx.t.start, "expected ';' after %s, found %s",
			       what, desc(p, &p->lx.t, buf));
	return 0;
}

/* PROVIDE|PROVIDE_HIDDEN|HIDDEN ( sym = exp ), the keyword read; the
 * symbol is read in state. */
static int provide(parser *p, int kw, int state)
{
	ls_ld_assign_kind kind = kw == LS_KW_PROVIDE ? LS_LD_PROVIDE :
				 kw == LS_KW_HIDDEN ? LS_LD_HIDDEN :
				 LS_LD_PROVIDE_HIDDEN;
	const char *what = kind_name(kind);
	char buf[64];

	if (expect(p, state, '(', what) < 0 || next(p, state) < 0)
		return -1;
	ls_ldtok name = p->lx.t;
	if (name.kind != LS_T_NAME)
		return ls_fail(p->d, name.start, "%s wants a symbol, found %s", what,
			       desc(p, &name, buf));
	if (assignment(p, &name, state, kind) < 0)
		return -1;
	return expect(p, LS_LX_EXPR, ')', "the value");
}

/* ENTRY ( sym ), the keyword read. */
static int entry(parser *p)
{
	if (expect(p, LS_LX_SCRIPT, '(', "ENTRY") < 0 || next(p, LS_LX_SCRIPT) < 0)
		return -1;
	ls_ldtok t = p->lx.t;
	if (want_name(p, &t, "ENTRY") < 0)
		return -1;
	if (!ls_in(p->lx.b, t.text, t.len))
		return ls_fail(p->d, t.start, "name out of bounds");
	if (add_ref(p, (const char *)ls_ptr(p->lx.b, t.text), (size_t)t.len, t.text,
		    LS_LDS_REF_ENTRY) < 0)
		return -1;
	return expect(p, LS_LX_SCRIPT, ')', "the ENTRY symbol");
}

/* EXTERN ( sym { [,] sym } ), the keyword read; the names are read in the
 * EXPRESSION state (ldgram.y), so "a-b" there is a syntax error. */
static int extern_list(parser *p)
{
	uint64_t open;
	size_t n = 0;
	bool comma = false;
	char buf[64];

	if (expect(p, LS_LX_SCRIPT, '(', "EXTERN") < 0)
		return -1;
	open = p->lx.t.start;
	for (;;) {
		if (next(p, LS_LX_EXPR) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, ')') && n && !comma)
			return 0;
		if (is_op(&t, ',') && n && !comma) {
			comma = true;
			continue;
		}
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "EXTERN ( is never closed");
		if (t.kind != LS_T_NAME || t.len == 0)
			return ls_fail(p->d, t.start, "unexpected %s in EXTERN",
				       desc(p, &t, buf));
		if (!ls_in(p->lx.b, t.text, t.len))
			return ls_fail(p->d, t.start, "name out of bounds");
		if (add_ref(p, (const char *)ls_ptr(p->lx.b, t.text), (size_t)t.len,
			    t.text, LS_LDS_REF_EXTERN) < 0)
			return -1;
		n++;
		comma = false;
	}
}

/* ASSERT ( exp , message ), the keyword read. */
static int assert_stmt(parser *p)
{
	char buf[64];

	if (expect(p, LS_LX_EXPR, '(', "ASSERT") < 0 ||
	    read_expr(p, NULL, LS_LDS_REF_ASSERT, NULL, NULL) < 0 ||
	    expect(p, LS_LX_EXPR, ',', "the ASSERT expression") < 0 ||
	    next(p, LS_LX_EXPR) < 0)
		return -1;
	if (p->lx.t.kind != LS_T_NAME)
		return ls_fail(p->d, p->lx.t.start, "ASSERT wants a message, found %s",
			       desc(p, &p->lx.t, buf));
	return expect(p, LS_LX_EXPR, ')', "the ASSERT message");
}

/* True when the token after the name just read is an assignment operator. */
static int assign_follows(parser *p, int state, bool *yes)
{
	ls_ldtok t;
	char op[4];

	if (peek(p, state, &t) < 0)
		return -1;
	*yes = t.kind == LS_T_OP && ls_ldexpr_assign_op(t.op, op);
	return 0;
}

/* --- input section descriptions ---------------------------------------------- */

static bool is_sort_kw(const ls_ldtok *t)
{
	return is_kw(t, LS_KW_SORT) || is_kw(t, LS_KW_SORT_BY_NAME) ||
	       is_kw(t, LS_KW_SORT_BY_ALIGNMENT) || is_kw(t, LS_KW_SORT_NONE) ||
	       is_kw(t, LS_KW_SORT_BY_INIT_PRIORITY);
}

/*
 * ldgram.y wildcard_maybe_exclude: [EXCLUDE_FILE ( name... )] name, whose
 * first token t is read.  The names excluded go to excl, the pattern to
 * *pattern.
 */
static int wild_name(parser *p, const ls_ldtok *first, char ***excl,
		     size_t *nexcl, char **pattern)
{
	ls_ldtok t = *first;
	char buf[64];

	if (is_kw(&t, LS_KW_EXCLUDE_FILE)) {
		uint64_t open;
		size_t n = 0;
		if (expect(p, LS_LX_WILD, '(', "EXCLUDE_FILE") < 0)
			return -1;
		open = p->lx.t.start;
		for (;;) {
			if (next(p, LS_LX_WILD) < 0)
				return -1;
			ls_ldtok x = p->lx.t;
			if (is_op(&x, ')') && n)
				break;
			if (x.kind == LS_T_EOF)
				return ls_fail(p->d, open, "EXCLUDE_FILE ( is never closed");
			if (x.kind != LS_T_NAME || x.len == 0)
				return ls_fail(p->d, x.start, "unexpected %s in EXCLUDE_FILE",
					       desc(p, &x, buf));
			PUSH(p, *excl, *nexcl, LDS_MAX_ENTRIES, "excluded files", x.start);
			if (copy_name(p, &x, &(*excl)[*nexcl - 1]) < 0)
				return -1;
			n++;
		}
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		t = p->lx.t;
	}
	if (t.kind != LS_T_NAME)
		return ls_fail(p->d, t.start, "expected a file or section pattern, found %s",
			       desc(p, &t, buf));
	if (t.len == 0)
		return ls_fail(p->d, t.start, "empty pattern");
	return copy_name(p, &t, pattern);
}

/* The section patterns up to close (')' or ']'), at least one; open is
 * where the list started. */
static int section_list(parser *p, ls_ldscript_insec *e, int close, uint64_t open)
{
	size_t n = 0;

	for (;;) {
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, close)) {
			if (!n)
				return ls_fail(p->d, t.start, "no section pattern before '%c'",
					       close);
			return 0;
		}
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "section list is never closed");
		/* In the WILD state ',' is a name character: a lone ','
		 * is bfd's pattern "," (which no section is called). */
		if (ls_ldlex_is(&p->lx, &t, ","))
			continue;
		PUSH(p, e->sections, e->nsections, LDS_MAX_ENTRIES, "section patterns",
		     t.start);
		ls_ldscript_secpat *sp = &e->sections[e->nsections - 1];
		if (is_sort_kw(&t)) {
			/* SORT_x ( [SORT_y (] pattern [)] ): the order of
			 * the output, nothing about which sections. */
			if (expect(p, LS_LX_WILD, '(', "SORT") < 0 || next(p, LS_LX_WILD) < 0)
				return -1;
			bool inner = is_sort_kw(&p->lx.t);
			if (inner && (expect(p, LS_LX_WILD, '(', "SORT") < 0 ||
				      next(p, LS_LX_WILD) < 0))
				return -1;
			t = p->lx.t;
			if (wild_name(p, &t, &sp->exclude_files, &sp->nexclude_files,
				      &sp->pattern) < 0 ||
			    expect(p, LS_LX_WILD, ')', "the sorted pattern") < 0 ||
			    (inner && expect(p, LS_LX_WILD, ')', "the sorted pattern") < 0))
				return -1;
		} else if (wild_name(p, &t, &sp->exclude_files, &sp->nexclude_files,
				     &sp->pattern) < 0) {
			return -1;
		}
		n++;
	}
}

/*
 * An input section description whose first token is read (ldgram.y
 * input_section_spec_no_keep), recorded for the output section being
 * read.
 */
static int input_spec(parser *p, const ls_ldtok *first, bool keep)
{
	ls_ldscript *s = p->s;
	ls_ldtok t = *first;
	char buf[64];

	PUSH(p, s->insecs, s->ninsecs, LDS_MAX_ENTRIES, "input section descriptions",
	     first->start);
	ls_ldscript_insec *e = &s->insecs[s->ninsecs - 1];
	e->keep = keep;
	e->offset = first->start;
	if (copy_str(p, p->output, strlen(p->output), first->start, &e->output) < 0)
		return -1;
	e->discard = !strcmp(p->output, "/DISCARD/");

	if (is_kw(&t, LS_KW_INPUT_SECTION_FLAGS)) {
		if (expect(p, LS_LX_WILD, '(', "INPUT_SECTION_FLAGS") < 0)
			return -1;
		for (;;) {
			if (next(p, LS_LX_WILD) < 0)
				return -1;
			ls_ldtok f = p->lx.t;
			if (f.kind != LS_T_NAME || f.len == 0)
				return ls_fail(p->d, f.start,
					       "INPUT_SECTION_FLAGS wants a flag, found %s",
					       desc(p, &f, buf));
			PUSH(p, e->flags, e->nflags, LDS_MAX_ENTRIES, "section flags", f.start);
			if (copy_name(p, &f, &e->flags[e->nflags - 1]) < 0 ||
			    next(p, LS_LX_WILD) < 0)
				return -1;
			if (is_op(&p->lx.t, ')'))
				break;
			if (!is_op(&p->lx.t, '&'))
				return ls_fail(p->d, p->lx.t.start,
					       "expected '&' or ')' in INPUT_SECTION_FLAGS, found %s",
					       desc(p, &p->lx.t, buf));
		}
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		t = p->lx.t;
	}
	if (is_op(&t, '[')) {
		/* The old form "[ sections ]": from every file. */
		if (copy_str(p, "*", 1, t.start, &e->file) < 0)
			return -1;
		return section_list(p, e, ']', t.start);
	}
	bool plain = true;
	if (is_kw(&t, LS_KW_SORT) || is_kw(&t, LS_KW_SORT_BY_NAME) ||
	    is_kw(&t, LS_KW_SORT_NONE)) {
		/* filename_spec: SORT_BY_NAME|SORT_NONE ( file ) */
		plain = false;
		if (expect(p, LS_LX_WILD, '(', "SORT") < 0 || next(p, LS_LX_WILD) < 0)
			return -1;
		t = p->lx.t;
		if (wild_name(p, &t, &e->exclude_files, &e->nexclude_files, &e->file) < 0 ||
		    expect(p, LS_LX_WILD, ')', "the sorted file pattern") < 0)
			return -1;
	} else {
		if (wild_name(p, &t, &e->exclude_files, &e->nexclude_files, &e->file) < 0)
			return -1;
		plain = e->nexclude_files == 0;
	}
	ls_ldtok n;
	if (peek(p, LS_LX_WILD, &n) < 0)
		return -1;
	if (is_op(&n, '(')) {
		p->lx.pos = n.end;
		return section_list(p, e, ')', n.start);
	}
	if (!plain)
		return ls_fail(p->d, n.start, "expected '(' after the file pattern, found %s",
			       desc(p, &n, buf));
	/* A file name alone: every section of that file. */
	return 0;
}

/* --- output sections ---------------------------------------------------------- */

/* "( type )" after an output section's address (ldgram.y atype): the '('
 * is next. */
static int section_type(parser *p)
{
	char buf[64];

	if (expect(p, LS_LX_EXPR, '(', "the output section address") < 0 ||
	    next(p, LS_LX_EXPR) < 0)
		return -1;
	ls_ldtok t = p->lx.t;
	if (is_op(&t, ')'))
		return 0;
	if (is_kw(&t, LS_KW_READONLY)) {
		ls_ldtok n;
		if (peek(p, LS_LX_EXPR, &n) < 0)
			return -1;
		if (is_op(&n, '(')) {
			/* READONLY ( TYPE = exp ) */
			p->lx.pos = n.end;
			if (next(p, LS_LX_EXPR) < 0)
				return -1;
			if (!is_kw(&p->lx.t, LS_KW_TYPE))
				return ls_fail(p->d, p->lx.t.start,
					       "expected TYPE after READONLY (, found %s",
					       desc(p, &p->lx.t, buf));
			if (expect(p, LS_LX_EXPR, '=', "TYPE") < 0 ||
			    read_expr(p, NULL, -1, NULL, NULL) < 0 ||
			    expect(p, LS_LX_EXPR, ')', "the TYPE value") < 0)
				return -1;
		}
	} else if (is_kw(&t, LS_KW_TYPE)) {
		/* TYPE = SHT_PROGBITS...: ld knows those names; the value
		 * is not a symbol reference. */
		if (expect(p, LS_LX_EXPR, '=', "TYPE") < 0 ||
		    read_expr(p, NULL, -1, NULL, NULL) < 0)
			return -1;
	} else if (!is_kw(&t, LS_KW_NOLOAD) && !is_kw(&t, LS_KW_DSECT) &&
		   !is_kw(&t, LS_KW_COPY) && !is_kw(&t, LS_KW_INFO) &&
		   !is_kw(&t, LS_KW_OVERLAY)) {
		return ls_fail(p->d, t.start, "unknown output section type %s",
			       desc(p, &t, buf));
	}
	return expect(p, LS_LX_EXPR, ')', "the output section type");
}

static bool is_type_kw(const ls_ldtok *t)
{
	return is_kw(t, LS_KW_NOLOAD) || is_kw(t, LS_KW_DSECT) ||
	       is_kw(t, LS_KW_COPY) || is_kw(t, LS_KW_INFO) ||
	       is_kw(t, LS_KW_OVERLAY) || is_kw(t, LS_KW_READONLY) ||
	       is_kw(t, LS_KW_TYPE) || is_op(t, ')');
}

/* A "(" that starts a section type rather than an address expression. */
static int type_follows(parser *p, bool *yes)
{
	ls_ldtok t, u;
	uint64_t pos = p->lx.pos;

	*yes = false;
	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (!is_op(&t, '('))
		return 0;
	p->lx.pos = t.end;
	int rc = peek(p, LS_LX_EXPR, &u);
	p->lx.pos = pos;
	if (rc < 0)
		return -1;
	*yes = is_type_kw(&u);
	return 0;
}

/*
 * ldgram.y opt_exp_with_type, through the ':': [exp] [( type )] ':', or
 * BIND ( exp ) [BLOCK ( exp )] [( type )] ':'.  The address reads names
 * (LS_LDS_REF_EXPR).
 */
static int section_address(parser *p, const char *what)
{
	ls_ldtok t;
	bool type;

	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_op(&t, ':')) {
		p->lx.pos = t.end;
		return 0;
	}
	if (is_op(&t, '{'))
		return ls_fail(p->d, t.start, "expected ':' after %s, found '{'", what);
	if (is_kw(&t, LS_KW_BIND)) {
		p->lx.pos = t.end;
		if (paren_expr(p, LS_LDS_REF_EXPR, "BIND") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
		if (is_kw(&t, LS_KW_BLOCK)) {
			p->lx.pos = t.end;
			if (paren_expr(p, LS_LDS_REF_EXPR, "BLOCK") < 0)
				return -1;
		}
	} else {
		if (type_follows(p, &type) < 0)
			return -1;
		if (!type && read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0)
			return -1;
	}
	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_op(&t, '(') && section_type(p) < 0)
		return -1;
	return expect(p, LS_LX_EXPR, ':', what);
}

/* [> region] [AT > region] { : phdr } [= fill] [,] after an output
 * section's or overlay's '}' (SCRIPT state); full: the first two too. */
static int section_tail(parser *p, bool full)
{
	ls_ldtok t;
	char buf[64];

	if (peek(p, LS_LX_SCRIPT, &t) < 0)
		return -1;
	if (full && is_op(&t, '>')) {
		p->lx.pos = t.end;
		if (next(p, LS_LX_SCRIPT) < 0 || want_name(p, &p->lx.t, "'>'") < 0 ||
		    peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	if (full && is_kw(&t, LS_KW_AT)) {
		p->lx.pos = t.end;
		if (expect(p, LS_LX_SCRIPT, '>', "AT") < 0 || next(p, LS_LX_SCRIPT) < 0 ||
		    want_name(p, &p->lx.t, "AT >") < 0 || peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	while (is_op(&t, ':')) {
		p->lx.pos = t.end;
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		if (p->lx.t.kind != LS_T_NAME)
			return ls_fail(p->d, p->lx.t.start,
				       "expected a program header after ':', found %s",
				       desc(p, &p->lx.t, buf));
		if (peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	if (is_op(&t, '=')) {
		/* The fill: an expression (ld lexes "/DISCARD/" after it as
		 * a name, not a division). */
		p->lx.pos = t.end;
		if (read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0 ||
		    peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	if (is_op(&t, ','))
		p->lx.pos = t.end;
	return 0;
}

static int body(parser *p, uint64_t open);

/* name [addr] [(type)] : [AT(..)] [ALIGN(..)] [ALIGN_WITH_INPUT]
 * [SUBALIGN(..)] [ONLY_IF_RO|ONLY_IF_RW|SPECIAL] { body } tail; the name
 * is read. */
static int output_section(parser *p, const ls_ldtok *name)
{
	ls_ldtok t;
	char buf[64];

	if (name->len == 0)
		return ls_fail(p->d, name->start, "empty output section name");
	if (copy_name(p, name, &p->output) < 0)
		return -1;
	if (section_address(p, "the output section name and address") < 0 ||
	    peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_kw(&t, LS_KW_AT)) {
		p->lx.pos = t.end;
		if (paren_expr(p, LS_LDS_REF_EXPR, "AT") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_ALIGN)) {
		p->lx.pos = t.end;
		if (paren_expr(p, LS_LDS_REF_EXPR, "ALIGN") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_ALIGN_WITH_INPUT)) {
		p->lx.pos = t.end;
		if (peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_SUBALIGN)) {
		p->lx.pos = t.end;
		if (paren_expr(p, LS_LDS_REF_EXPR, "SUBALIGN") < 0 ||
		    peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_ONLY_IF_RO) || is_kw(&t, LS_KW_ONLY_IF_RW) ||
	    is_kw(&t, LS_KW_SPECIAL))
		p->lx.pos = t.end;
	if (next(p, LS_LX_EXPR) < 0)
		return -1;
	if (!is_op(&p->lx.t, '{'))
		return ls_fail(p->d, p->lx.t.start,
			       "expected '{' after output section %s, found %s",
			       p->output, desc(p, &p->lx.t, buf));
	if (body(p, p->lx.t.start) < 0 || section_tail(p, true) < 0)
		return -1;
	free(p->output);
	p->output = NULL;
	return 0;
}

/* Statements of an output section, up to its '}' (WILD state); open is
 * the offset of its '{'. */
static int body(parser *p, uint64_t open)
{
	char buf[64];

	for (;;) {
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, '}'))
			return 0;
		if (is_op(&t, ';'))
			continue;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "output section %s { is never closed",
				       p->output);
		if (t.kind == LS_T_NAME) {
			bool yes;
			if (assign_follows(p, LS_LX_WILD, &yes) < 0)
				return -1;
			if (yes) {
				if (assignment(p, &t, LS_LX_WILD, LS_LD_ASSIGN) < 0 ||
				    separator(p, "the assignment") < 0)
					return -1;
			} else if (input_spec(p, &t, false) < 0) {
				return -1;
			}
			continue;
		}
		if (t.kind == LS_T_OP && t.op == '[') {
			if (input_spec(p, &t, false) < 0)
				return -1;
			continue;
		}
		if (t.kind != LS_T_KW)
			return ls_fail(p->d, t.start, "unexpected %s in output section %s",
				       desc(p, &t, buf), p->output);
		switch (t.kw) {
		case LS_KW_KEEP:
			if (expect(p, LS_LX_WILD, '(', "KEEP") < 0 || next(p, LS_LX_WILD) < 0)
				return -1;
			t = p->lx.t;
			if (input_spec(p, &t, true) < 0 ||
			    expect(p, LS_LX_WILD, ')', "the kept input sections") < 0)
				return -1;
			break;
		case LS_KW_CREATE_OBJECT_SYMBOLS:
		case LS_KW_CONSTRUCTORS:
			break;
		case LS_KW_SORT:
		case LS_KW_SORT_BY_NAME: {
			/* SORT ( CONSTRUCTORS ), or a sorted file pattern. */
			uint64_t pos = p->lx.pos;
			if (next(p, LS_LX_WILD) < 0)
				return -1;
			if (is_op(&p->lx.t, '(')) {
				if (next(p, LS_LX_WILD) < 0)
					return -1;
				if (is_kw(&p->lx.t, LS_KW_CONSTRUCTORS)) {
					if (expect(p, LS_LX_WILD, ')', "CONSTRUCTORS") < 0)
						return -1;
					break;
				}
			}
			p->lx.pos = pos;
			if (input_spec(p, &t, false) < 0)
				return -1;
			break;
		}
		case LS_KW_SORT_NONE:
		case LS_KW_EXCLUDE_FILE:
		case LS_KW_INPUT_SECTION_FLAGS:
			if (input_spec(p, &t, false) < 0)
				return -1;
			break;
		case LS_KW_QUAD: case LS_KW_SQUAD: case LS_KW_LONG:
		case LS_KW_SHORT: case LS_KW_BYTE: case LS_KW_FILL:
			/* Data: the value may name symbols. */
			if (paren_expr(p, LS_LDS_REF_EXPR, desc(p, &t, buf)) < 0)
				return -1;
			break;
		case LS_KW_ASSERT:
			if (assert_stmt(p) < 0 || separator(p, "ASSERT") < 0)
				return -1;
			break;
		case LS_KW_PROVIDE: case LS_KW_PROVIDE_HIDDEN: case LS_KW_HIDDEN:
			if (provide(p, t.kw, LS_LX_WILD) < 0 ||
			    separator(p, "the assignment") < 0)
				return -1;
			break;
		case LS_KW_INCLUDE:
			return ls_fail(p->d, t.start,
				       "INCLUDE is not supported (the included script is not read)");
		default:
			return ls_fail(p->d, t.start, "unexpected %s in output section %s",
				       desc(p, &t, buf), p->output);
		}
	}
}

/* OVERLAY [start] : [NOCROSSREFS] [AT ( ldaddr )] [SUBALIGN ( exp )]
 * { { name { body } { : phdr } [= fill] [,] } } tail; the keyword read. */
static int overlay(parser *p)
{
	ls_ldtok t;
	uint64_t open;
	char buf[64];

	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_op(&t, ':')) {
		p->lx.pos = t.end;
	} else if (read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0 ||
		   expect(p, LS_LX_EXPR, ':', "the OVERLAY address") < 0) {
		return -1;
	}
	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_kw(&t, LS_KW_NOCROSSREFS)) {
		p->lx.pos = t.end;
		if (peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_AT)) {
		p->lx.pos = t.end;
		if (paren_expr(p, LS_LDS_REF_EXPR, "AT") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_SUBALIGN)) {
		p->lx.pos = t.end;
		if (paren_expr(p, LS_LDS_REF_EXPR, "SUBALIGN") < 0)
			return -1;
	}
	if (expect(p, LS_LX_EXPR, '{', "the OVERLAY header") < 0)
		return -1;
	open = p->lx.t.start;
	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		t = p->lx.t;
		if (is_op(&t, '}'))
			break;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "OVERLAY { is never closed");
		if (t.kind != LS_T_NAME || t.len == 0)
			return ls_fail(p->d, t.start, "unexpected %s in OVERLAY",
				       desc(p, &t, buf));
		if (copy_name(p, &t, &p->output) < 0 ||
		    expect(p, LS_LX_SCRIPT, '{', "the overlay section name") < 0 ||
		    body(p, p->lx.t.start) < 0 || section_tail(p, false) < 0)
			return -1;
		free(p->output);
		p->output = NULL;
	}
	return section_tail(p, true);
}

static int statement_anywhere(parser *p, const ls_ldtok *t, bool *done);

/* The statements of SECTIONS { } (or of an svr3 GROUP in it) up to the
 * '}'; open is the offset of the '{'. */
static int sec_list(parser *p, uint64_t open, int depth)
{
	char buf[64];

	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		bool done;
		if (is_op(&t, '}'))
			return 0;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "SECTIONS { is never closed");
		if (is_op(&t, ';'))
			continue;	/* lld accepts it; bfd's grammar does not */
		if (statement_anywhere(p, &t, &done) < 0)
			return -1;
		if (done)
			continue;
		if (is_kw(&t, LS_KW_OVERLAY)) {
			if (overlay(p) < 0)
				return -1;
		} else if (is_kw(&t, LS_KW_GROUP)) {
			/* ldgram.y: "just enough to support the gcc svr3.ifile
			 * script": GROUP [addr] : { statements } */
			if (depth + 1 > LDS_MAX_NEST)
				return ls_fail(p->d, t.start, "GROUP nested more than %d deep",
					       LDS_MAX_NEST);
			if (section_address(p, "GROUP") < 0 ||
			    expect(p, LS_LX_SCRIPT, '{', "GROUP") < 0 ||
			    sec_list(p, p->lx.t.start, depth + 1) < 0)
				return -1;
		} else if (t.kind == LS_T_NAME) {
			if (output_section(p, &t) < 0)
				return -1;
		} else {
			return ls_fail(p->d, t.start, "unexpected %s in SECTIONS",
				       desc(p, &t, buf));
		}
	}
}

/*
 * ldgram.y statement_anywhere (ENTRY, ASSERT, assignments) and INCLUDE,
 * for the top level and SECTIONS; t is read.  *done is false when t starts
 * something else.
 */
static int statement_anywhere(parser *p, const ls_ldtok *t, bool *done)
{
	*done = true;
	if (t->kind == LS_T_NAME) {
		bool yes;
		if (assign_follows(p, LS_LX_SCRIPT, &yes) < 0)
			return -1;
		if (yes)
			return assignment(p, t, LS_LX_SCRIPT, LS_LD_ASSIGN) < 0 ? -1 :
			       separator(p, "the assignment");
		*done = false;
		return 0;
	}
	if (t->kind != LS_T_KW) {
		*done = false;
		return 0;
	}
	switch (t->kw) {
	case LS_KW_ENTRY:
		return entry(p);
	case LS_KW_ASSERT:
		return assert_stmt(p);
	case LS_KW_PROVIDE: case LS_KW_PROVIDE_HIDDEN: case LS_KW_HIDDEN:
		return provide(p, t->kw, LS_LX_SCRIPT) < 0 ? -1 :
		       separator(p, "the assignment");
	case LS_KW_INCLUDE:
		return ls_fail(p->d, t->start,
			       "INCLUDE is not supported (the included script is not read)");
	}
	*done = false;
	return 0;
}

/* MEMORY { name [( attributes )] : ORIGIN = exp [,] LENGTH = exp ... } */
static int memory(parser *p)
{
	uint64_t open;
	char buf[64];

	if (expect(p, LS_LX_SCRIPT, '{', "MEMORY") < 0)
		return -1;
	open = p->lx.t.start;
	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		ls_ldtok t = p->lx.t, n;
		if (is_op(&t, '}'))
			return 0;
		if (is_op(&t, ','))
			continue;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "MEMORY { is never closed");
		if (is_kw(&t, LS_KW_INCLUDE))
			return ls_fail(p->d, t.start,
				       "INCLUDE is not supported (the included script is not read)");
		if (t.kind != LS_T_NAME || t.len == 0)
			return ls_fail(p->d, t.start, "unexpected %s in MEMORY",
				       desc(p, &t, buf));
		if (peek(p, LS_LX_SCRIPT, &n) < 0)
			return -1;
		if (is_op(&n, '(')) {
			/* Attributes: r w x a i l and '!', no symbols. */
			size_t k = 0;
			p->lx.pos = n.end;
			for (;;) {
				if (next(p, LS_LX_SCRIPT) < 0)
					return -1;
				if (is_op(&p->lx.t, ')') && k)
					break;
				if (!is_op(&p->lx.t, '!') && p->lx.t.kind != LS_T_NAME)
					return ls_fail(p->d, p->lx.t.start,
						       "unexpected %s in memory attributes",
						       desc(p, &p->lx.t, buf));
				k++;
			}
		}
		if (expect(p, LS_LX_SCRIPT, ':', "the memory region") < 0 ||
		    next(p, LS_LX_SCRIPT) < 0)
			return -1;
		if (!is_kw(&p->lx.t, LS_KW_ORIGIN) && !is_kw(&p->lx.t, LS_KW_o) &&
		    !is_kw(&p->lx.t, LS_KW_org))
			return ls_fail(p->d, p->lx.t.start, "expected ORIGIN, found %s",
				       desc(p, &p->lx.t, buf));
		if (expect(p, LS_LX_SCRIPT, '=', "ORIGIN") < 0 ||
		    read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0 ||
		    peek(p, LS_LX_SCRIPT, &n) < 0)
			return -1;
		if (is_op(&n, ','))
			p->lx.pos = n.end;
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		if (!is_kw(&p->lx.t, LS_KW_LENGTH) && !is_kw(&p->lx.t, LS_KW_l) &&
		    !is_kw(&p->lx.t, LS_KW_len))
			return ls_fail(p->d, p->lx.t.start, "expected LENGTH, found %s",
				       desc(p, &p->lx.t, buf));
		if (expect(p, LS_LX_SCRIPT, '=', "LENGTH") < 0 ||
		    read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0)
			return -1;
	}
}

/* PHDRS { name type [FILEHDR] [PHDRS] [AT ( exp )] [FLAGS ( exp )] ; ... } */
static int phdrs(parser *p)
{
	uint64_t open;
	char buf[64];

	if (expect(p, LS_LX_SCRIPT, '{', "PHDRS") < 0)
		return -1;
	open = p->lx.t.start;
	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, '}'))
			return 0;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "PHDRS { is never closed");
		if (t.kind != LS_T_NAME)
			return ls_fail(p->d, t.start, "unexpected %s in PHDRS",
				       desc(p, &t, buf));
		/* The type: PT_LOAD and the like are names ld knows, not
		 * symbols; any other expression reads what it names. */
		size_t mark = p->s->nrefs;
		bool single;
		if (read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, &single) < 0)
			return -1;
		if (single)
			while (p->s->nrefs > mark)
				free(p->s->refs[--p->s->nrefs].name);
		for (;;) {
			if (next(p, LS_LX_EXPR) < 0)
				return -1;
			ls_ldtok q = p->lx.t;
			if (is_op(&q, ';'))
				break;
			if (is_kw(&q, LS_KW_AT)) {
				if (paren_expr(p, LS_LDS_REF_EXPR, "AT") < 0)
					return -1;
			} else if (ls_ldlex_is(&p->lx, &q, "FLAGS")) {
				if (paren_expr(p, LS_LDS_REF_EXPR, "FLAGS") < 0)
					return -1;
			} else if (!ls_ldlex_is(&p->lx, &q, "FILEHDR") &&
				   !ls_ldlex_is(&p->lx, &q, "PHDRS")) {
				return ls_fail(p->d, q.start, "PHDRS syntax error at %s",
					       desc(p, &q, buf));
			}
		}
	}
}

/* The commands whose arguments do not matter here: ( ... ) skipped. */
static bool skipped_command(const ls_ldtok *t)
{
	switch (t->kind == LS_T_KW ? t->kw : LS_KW_NONE) {
	case LS_KW_OUTPUT_FORMAT: case LS_KW_OUTPUT_ARCH: case LS_KW_TARGET:
	case LS_KW_OUTPUT: case LS_KW_REGION_ALIAS: case LS_KW_LD_FEATURE:
	case LS_KW_NOCROSSREFS: case LS_KW_NOCROSSREFS_TO: case LS_KW_HLL:
	case LS_KW_SYSLIB:
		return true;
	}
	return false;
}

static int script(parser *p)
{
	ls_ldscript *s = p->s;
	char buf[64];

	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		bool done;
		if (t.kind == LS_T_EOF)
			return 0;
		if (is_op(&t, ';'))
			continue;
		if (is_kw(&t, LS_KW_INPUT) || is_kw(&t, LS_KW_GROUP)) {
			bool group = t.kw == LS_KW_GROUP;
			const char *cmd = group ? "GROUP" : "INPUT";
			if (expect(p, LS_LX_INPUT, '(', cmd) < 0 ||
			    parse_list(p, cmd, group, false, 0, p->lx.t.start) < 0)
				return -1;
			continue;
		}
		if (is_kw(&t, LS_KW_SEARCH_DIR)) {
			if (parse_search_dir(p) < 0)
				return -1;
			continue;
		}
		if (skipped_command(&t) || ls_ldlex_is(&p->lx, &t, "MAP")) {
			/* OUTPUT_FORMAT(...), OUTPUT_ARCH(...), ... */
			if (expect(p, LS_LX_INPUT, '(', desc(p, &t, buf)) < 0 ||
			    skip_balanced(p, LS_LX_INPUT) < 0)
				return -1;
			continue;
		}
		if (statement_anywhere(p, &t, &done) < 0)
			return -1;
		if (done)
			continue;
		if (t.kind == LS_T_NAME) {
			if (ls_ldlex_is(&p->lx, &t, "AS_NEEDED"))
				return ls_fail(p->d, t.start, "AS_NEEDED outside INPUT or GROUP");
			return ls_fail(p->d, t.start,
				       "%s is not a linker script command, and no '=' follows it",
				       desc(p, &t, buf));
		}
		if (t.kind != LS_T_KW)
			return ls_fail(p->d, t.start, "unexpected %s", desc(p, &t, buf));
		switch (t.kw) {
		case LS_KW_SECTIONS:
			if (expect(p, LS_LX_SCRIPT, '{', "SECTIONS") < 0)
				return -1;
			p->in_sections = true;
			if (sec_list(p, p->lx.t.start, 0) < 0)
				return -1;
			p->in_sections = false;
			s->has_sections = true;
			break;
		case LS_KW_MEMORY:
			if (memory(p) < 0)
				return -1;
			break;
		case LS_KW_PHDRS:
			if (phdrs(p) < 0)
				return -1;
			break;
		case LS_KW_EXTERN:
			if (extern_list(p) < 0)
				return -1;
			break;
		case LS_KW_VERSION:
			/* A version script: its own grammar, skipped. */
			if (expect(p, LS_LX_SCRIPT, '{', "VERSION") < 0 ||
			    skip_balanced(p, LS_LX_VERS) < 0)
				return -1;
			s->has_version = true;
			break;
		case LS_KW_INSERT:
			if (next(p, LS_LX_SCRIPT) < 0)
				return -1;
			if (!is_kw(&p->lx.t, LS_KW_AFTER) && !is_kw(&p->lx.t, LS_KW_BEFORE))
				return ls_fail(p->d, p->lx.t.start,
					       "expected AFTER or BEFORE after INSERT, found %s",
					       desc(p, &p->lx.t, buf));
			if (next(p, LS_LX_SCRIPT) < 0 ||
			    want_name(p, &p->lx.t, "INSERT") < 0)
				return -1;
			s->has_insert = true;
			break;
		case LS_KW_FORCE_COMMON_ALLOCATION:
		case LS_KW_FORCE_GROUP_ALLOCATION:
		case LS_KW_INHIBIT_COMMON_ALLOCATION:
		case LS_KW_FLOAT:
		case LS_KW_NOFLOAT:
			break;
		case LS_KW_STARTUP:
			return ls_fail(p->d, t.start,
				       "STARTUP is not supported (it reorders the inputs)");
		default:
			return ls_fail(p->d, t.start, "%s cannot start a statement",
				       desc(p, &t, buf));
		}
	}
}

int ls_ldscript_parse(ls_bytes text, ls_ldscript *out, ls_diag *d)
{
	parser p = { .lx = { .b = text, .d = d }, .s = out, .d = d };
	int rc;

	memset(out, 0, sizeof *out);
	rc = script(&p);
	free(p.output);
	if (rc < 0)
		ls_ldscript_free(out);
	return rc;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void ls_ldscript_free(ls_ldscript *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nentries; i++)
		free(s->entries[i].name);
	free(s->entries);
	free_strings(s->search_dirs, s->nsearch_dirs);
	for (size_t i = 0; i < s->nassigns; i++) {
		free(s->assigns[i].name);
		free(s->assigns[i].section);
		free_strings(s->assigns[i].refs, s->assigns[i].nrefs);
	}
	free(s->assigns);
	for (size_t i = 0; i < s->nrefs; i++)
		free(s->refs[i].name);
	free(s->refs);
	for (size_t i = 0; i < s->ninsecs; i++) {
		ls_ldscript_insec *e = &s->insecs[i];
		free(e->output);
		free(e->file);
		free_strings(e->exclude_files, e->nexclude_files);
		free_strings(e->flags, e->nflags);
		for (size_t j = 0; j < e->nsections; j++) {
			free(e->sections[j].pattern);
			free_strings(e->sections[j].exclude_files,
				     e->sections[j].nexclude_files);
		}
		free(e->sections);
	}
	free(s->insecs);
	memset(s, 0, sizeof *s);
}

/* --- detection ------------------------------------------------------------- */

/* The commands a linker script may start with (ld's ldgram.y ifile_p1 and
 * the script-level keywords). */
static const char *const script_words[] = {
	"INPUT", "GROUP", "OUTPUT_FORMAT", "OUTPUT_ARCH", "SEARCH_DIR",
	"OUTPUT", "TARGET", "ENTRY", "STARTUP", "INCLUDE", "SECTIONS",
	"MEMORY", "PHDRS", "VERSION", "EXTERN", "PROVIDE", "PROVIDE_HIDDEN",
	"HIDDEN", "ASSERT", "NOCROSSREFS", "NOCROSSREFS_TO", "REGION_ALIAS",
	"INSERT", "FORCE_COMMON_ALLOCATION", "INHIBIT_COMMON_ALLOCATION",
	"FORCE_GROUP_ALLOCATION", "LD_FEATURE", "OUTPUT_FORMAT", NULL,
};

/* Bytes a script may contain: text, with UTF-8 allowed. */
static bool is_text_byte(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v' || (c >= 0x20 && c != 0x7f);
}

static bool is_assign_op(const ls_ldtok *t)
{
	if (t->kind != LS_T_OP)
		return false;
	switch (t->op) {
	case '=': case LS_OP_ADDEQ: case LS_OP_SUBEQ: case LS_OP_MULEQ:
	case LS_OP_DIVEQ: case LS_OP_SHLEQ: case LS_OP_SHREQ: case LS_OP_ANDEQ:
	case LS_OP_OREQ: case LS_OP_XOREQ:
		return true;
	}
	return false;
}

bool ls_ldscript_detect(ls_bytes text)
{
	uint64_t span = text.size < LDS_DETECT_SPAN ? text.size : LDS_DETECT_SPAN;
	ls_bytes head;
	uint8_t c;
	ls_diag d;

	if (span == 0 || !ls_sub(text, 0, span, &head))
		return false;
	for (uint64_t i = 0; i < span; i++)
		if (!ls_u8(head, i, &c) || !is_text_byte(c))
			return false;

	ls_ldlex lx = { .b = head, .d = &d };
	if (ls_ldlex_next(&lx, LS_LX_INPUT) < 0 || lx.t.kind != LS_T_NAME || lx.t.quoted)
		return false;
	for (const char *const *w = script_words; *w; w++)
		if (ls_ldlex_is(&lx, &lx.t, *w))
			return true;
	/* A script may also start with an assignment ("bar = foo;"): bfd,
	 * lld and mold read any file that is no object as a script. */
	ls_ldlex sx = { .b = head, .d = &d };
	return ls_ldlex_next(&sx, LS_LX_SCRIPT) == 0 && sx.t.kind == LS_T_NAME &&
	       ls_ldlex_next(&sx, LS_LX_SCRIPT) == 0 && is_assign_op(&sx.t);
}
