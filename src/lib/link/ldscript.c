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
#include "ldscript_impl.h"

#include <stdlib.h>
#include <string.h>
#define LDS_DETECT_SPAN 65536	/* bytes checked by ls_ldscript_detect */

/* --- helpers --------------------------------------------------------------- */

/* Reads a token in state and checks it is the one-byte operator op. */
int lds_expect(parser *p, int state, int op, const char *after)
{
	char buf[64];

	if (next(p, state) < 0)
		return -1;
	if (!is_op(&p->lx.t, op))
		return ls_fail(p->d, p->lx.t.start, "expected '%c' after %s, found %s",
			       op, after, desc(p, &p->lx.t, buf));
	return 0;
}
static int count_string(parser *p, uint64_t off)
{
	if (++p->nstrings > LDS_MAX_STRINGS)
		return ls_fail(p->d, off, "more than %d names in a linker script",
			       LDS_MAX_STRINGS);
	return 0;
}

/* A copy of t's name into *dst. */
int lds_copy_name(parser *p, const ls_ldtok *t, char **dst)
{
	if (count_string(p, t->start) < 0)
		return -1;
	*dst = ls_ldlex_strdup(&p->lx, t);
	if (!*dst)
		return ls_fail(p->d, t->start, "out of memory");
	return 0;
}

int lds_copy_str(parser *p, const char *s, size_t n, uint64_t off, char **dst)
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
int lds_want_name(parser *p, const ls_ldtok *t, const char *what)
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
	if (lds_copy_name(p, &name, &e->name) < 0)
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
			if (lds_expect(p, LS_LX_INPUT, '(', "AS_NEEDED") < 0)
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

	if (lds_expect(p, LS_LX_INPUT, '(', "SEARCH_DIR") < 0 || next(p, LS_LX_INPUT) < 0)
		return -1;
	if (p->lx.t.kind != LS_T_NAME)
		return ls_fail(p->d, p->lx.t.start, "SEARCH_DIR wants a directory");
	if (s->nsearch_dirs >= LDS_MAX_ENTRIES)
		return ls_fail(p->d, p->lx.t.start, "too many SEARCH_DIRs");
	PUSH(p, s->search_dirs, s->nsearch_dirs, LDS_MAX_ENTRIES, "SEARCH_DIRs",
	     p->lx.t.start);
	if (lds_copy_name(p, &p->lx.t, &s->search_dirs[s->nsearch_dirs - 1]) < 0)
		return -1;
	return lds_expect(p, LS_LX_INPUT, ')', "the SEARCH_DIR directory");
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
	return lds_copy_str(p, name, len, off, &r->name);
}

static int sink_ref(void *arg, const char *name, size_t len, uint64_t off)
{
	sink *k = arg;
	parser *p = k->p;

	if (k->a) {
		ls_ldscript_assign *a = k->a;
		PUSH(p, a->refs, a->nrefs, LDS_MAX_ENTRIES, "references in one assignment",
		     off);
		return lds_copy_str(p, name, len, off, &a->refs[a->nrefs - 1]);
	}
	if (k->kind < 0)
		return 0;
	return add_ref(p, name, len, off, k->kind);
}

int lds_read_expr(parser *p, ls_ldscript_assign *a, int kind,
		  const ls_ldtok *self, bool *single)
{
	sink k = { p, a, kind };

	return ls_ldexpr_read(&p->lx, self, sink_ref, &k, single);
}

/* '(' exp ')' read in the EXPRESSION state; its names are refs of kind. */
int lds_paren_expr(parser *p, int kind, const char *what)
{
	if (lds_expect(p, LS_LX_EXPR, '(', what) < 0 || lds_read_expr(p, NULL, kind, NULL, NULL) < 0)
		return -1;
	return lds_expect(p, LS_LX_EXPR, ')', what);
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
int lds_assignment(parser *p, const ls_ldtok *name, int state,
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
		return lds_read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL);
	}
	PUSH(p, s->assigns, s->nassigns, LDS_MAX_ENTRIES, "assignments", name->start);
	ls_ldscript_assign *a = &s->assigns[s->nassigns - 1];
	a->kind = kind;
	memcpy(a->op, op, sizeof a->op);
	a->offset = name->text;
	a->in_sections = p->in_sections;
	if (lds_copy_name(p, name, &a->name) < 0)
		return -1;
	if (p->output &&
	    lds_copy_str(p, p->output, strlen(p->output), name->start, &a->section) < 0)
		return -1;
	/* ld reads "a += e" as "a = a + e": the symbol is read too. */
	return lds_read_expr(p, a, 0, op[1] ? name : NULL, NULL);
}

/* ';' or ',' after an assignment (ldgram.y separator; the token after an
 * expression is lexed in the EXPRESSION state). */
int lds_separator(parser *p, const char *what)
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
int lds_provide(parser *p, int kw, int state)
{
	ls_ld_assign_kind kind = kw == LS_KW_PROVIDE ? LS_LD_PROVIDE :
				 kw == LS_KW_HIDDEN ? LS_LD_HIDDEN :
				 LS_LD_PROVIDE_HIDDEN;
	const char *what = kind_name(kind);
	char buf[64];

	if (lds_expect(p, state, '(', what) < 0 || next(p, state) < 0)
		return -1;
	ls_ldtok name = p->lx.t;
	if (name.kind != LS_T_NAME)
		return ls_fail(p->d, name.start, "%s wants a symbol, found %s", what,
			       desc(p, &name, buf));
	if (lds_assignment(p, &name, state, kind) < 0)
		return -1;
	return lds_expect(p, LS_LX_EXPR, ')', "the value");
}

/* ENTRY ( sym ), the keyword read. */
int lds_entry(parser *p)
{
	if (lds_expect(p, LS_LX_SCRIPT, '(', "ENTRY") < 0 || next(p, LS_LX_SCRIPT) < 0)
		return -1;
	ls_ldtok t = p->lx.t;
	if (lds_want_name(p, &t, "ENTRY") < 0)
		return -1;
	if (!ls_in(p->lx.b, t.text, t.len))
		return ls_fail(p->d, t.start, "name out of bounds");
	if (add_ref(p, (const char *)ls_ptr(p->lx.b, t.text), (size_t)t.len, t.text,
		    LS_LDS_REF_ENTRY) < 0)
		return -1;
	return lds_expect(p, LS_LX_SCRIPT, ')', "the ENTRY symbol");
}

/* EXTERN ( sym { [,] sym } ), the keyword read; the names are read in the
 * EXPRESSION state (ldgram.y), so "a-b" there is a syntax error. */
static int extern_list(parser *p)
{
	uint64_t open;
	size_t n = 0;
	bool comma = false;
	char buf[64];

	if (lds_expect(p, LS_LX_SCRIPT, '(', "EXTERN") < 0)
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
int lds_assert_stmt(parser *p)
{
	char buf[64];

	if (lds_expect(p, LS_LX_EXPR, '(', "ASSERT") < 0 ||
		       lds_read_expr(p, NULL, LS_LDS_REF_ASSERT, NULL, NULL) < 0 ||
		       lds_expect(p, LS_LX_EXPR, ',', "the ASSERT expression") < 0 ||
		       next(p, LS_LX_EXPR) < 0)
		return -1;
	if (p->lx.t.kind != LS_T_NAME)
		return ls_fail(p->d, p->lx.t.start, "ASSERT wants a message, found %s",
			       desc(p, &p->lx.t, buf));
	return lds_expect(p, LS_LX_EXPR, ')', "the ASSERT message");
}

/* True when the token after the name just read is an assignment operator. */
int lds_assign_follows(parser *p, int state, bool *yes)
{
	ls_ldtok t;
	char op[4];

	if (peek(p, state, &t) < 0)
		return -1;
	*yes = t.kind == LS_T_OP && ls_ldexpr_assign_op(t.op, op);
	return 0;
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
			if (lds_expect(p, LS_LX_INPUT, '(', cmd) < 0 ||
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
			if (lds_expect(p, LS_LX_INPUT, '(', desc(p, &t, buf)) < 0 ||
				       skip_balanced(p, LS_LX_INPUT) < 0)
				return -1;
			continue;
		}
		if (lds_statement_anywhere(p, &t, &done) < 0)
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
			if (lds_expect(p, LS_LX_SCRIPT, '{', "SECTIONS") < 0)
				return -1;
			p->in_sections = true;
			if (lds_sec_list(p, p->lx.t.start, 0) < 0)
				return -1;
			p->in_sections = false;
			s->has_sections = true;
			break;
		case LS_KW_MEMORY:
			if (lds_memory(p) < 0)
				return -1;
			break;
		case LS_KW_PHDRS:
			if (lds_phdrs(p) < 0)
				return -1;
			break;
		case LS_KW_EXTERN:
			if (extern_list(p) < 0)
				return -1;
			break;
		case LS_KW_VERSION:
			/* A version script: its own grammar, skipped. */
			if (lds_expect(p, LS_LX_SCRIPT, '{', "VERSION") < 0 ||
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
			    lds_want_name(p, &p->lx.t, "INSERT") < 0)
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
