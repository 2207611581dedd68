/*
 * ldexpr.c - the tokens of GNU ld's script language and its expressions;
 * see ldexpr.h.
 *
 * The lexer follows binutils ld/ldlex.l state by state.  flex takes the
 * longest match and, between equally long ones, the rule written first:
 * numbers, then operators, then keywords, then names.  So in the
 * EXPRESSION state "ffh" and "each" are numbers (hex with an H suffix),
 * "$ff" is a number and "$foo" a name, and "a/b" is one name ('/' is a
 * SYMBOLNAMECHAR) while "a-b" is a minus.  Checked against GNU ld 2.40:
 * `bar = each;` links, `bar = a/b;` wants the symbol "a/b", `foo=1;` at the
 * top of a script is a syntax error (in the SCRIPT state '=' is a file
 * name character).
 *
 * Deliberate differences from bfd 2.40, each harmless for a script it
 * accepts:
 *  - '^' and '^=' are XOR (binutils 2.41 and lld; 2.40 warns "ignoring
 *    invalid character" and then fails);
 *  - a byte ld's lexer would ignore with a warning is an error here;
 *  - a name stops before a "/ *" comment opener (ld would end it at the
 *    '*' in SCRIPT and EXPRESSION, or take the comment into a WILD name).
 *
 * The expression grammar is ldgram.y's exp with its precedences (lowest
 * first): ?: (right), ||, &&, |, ^, &, == !=, < > <= >=, << >>, + -,
 * * / %, unary - + ! ~.  It is read by precedence climbing, and every
 * nested call counts against LS_LDEXPR_MAX_DEPTH.
 */
#include "ldexpr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- characters ------------------------------------------------------------ */

#define ST_SCRIPT 1u
#define ST_EXPR 2u
#define ST_WILD 4u

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Bytes a script may contain: text, with UTF-8 allowed (comments, quoted
 * names, INPUT paths); any other control byte means it is not text. */
static bool is_text(uint8_t c)
{
	return is_space(c) || (c >= 0x20 && c != 0x7f);
}

static bool is_alpha(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(uint8_t c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_oct(uint8_t c)
{
	return c >= '0' && c <= '7';
}

static bool is_bin(uint8_t c)
{
	return c == '0' || c == '1';
}

/* ldlex.l FILENAMECHAR1, the first byte of a SCRIPT name. */
static bool fn_char1(uint8_t c)
{
	return is_alpha(c) || c == '_' || c == '/' || c == '.' || c == '\\' ||
	       c == '$' || c == '~';
}

/* FILENAMECHAR: the other bytes of a SCRIPT name. */
static bool fn_char(uint8_t c)
{
	return fn_char1(c) || is_digit(c) || c == '-' || c == '+' || c == ':' ||
	       c == '[' || c == ']' || c == ',' || c == '=';
}

/* SYMBOLNAMECHAR1 and SYMBOLNAMECHAR: an EXPRESSION name. */
static bool sym_char1(uint8_t c)
{
	return is_alpha(c) || c == '_' || c == '.' || c == '\\' || c == '$';
}

static bool sym_char(uint8_t c)
{
	return sym_char1(c) || is_digit(c) || c == '/' || c == '~';
}

/* WILDCHAR: a file or section pattern inside an output section. */
static bool wild_char(uint8_t c)
{
	return fn_char(c) || c == '?' || c == '*' || c == '^' || c == '!';
}

/* The delimiters of an INPUT-state word. */
static bool is_delim(uint8_t c)
{
	return is_space(c) || c == '(' || c == ')' || c == '{' || c == '}' ||
	       c == ',' || c == ';' || c == '"';
}

static bool at(const ls_ldlex *lx, uint64_t off, char c)
{
	uint8_t v;

	return ls_u8(lx->b, off, &v) && v == (uint8_t)c;
}

/* Bytes from off for which ok() holds. */
static uint64_t run(const ls_ldlex *lx, uint64_t off, bool (*ok)(uint8_t))
{
	uint64_t n = 0;
	uint8_t c;

	while (ls_u8(lx->b, off + n, &c) && ok(c))
		n++;
	return n;
}

static bool at_one_of(const ls_ldlex *lx, uint64_t off, const char *set)
{
	uint8_t c;

	return ls_u8(lx->b, off, &c) && c && strchr(set, c);
}

/* --- tables ---------------------------------------------------------------- */

static const struct {
	const char *text;
	int op;
	unsigned states;
} ops[] = {
	{ "<<=", LS_OP_SHLEQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ ">>=", LS_OP_SHREQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "||", LS_OP_OROR, ST_EXPR },
	{ "==", LS_OP_EQ, ST_EXPR },
	{ "!=", LS_OP_NE, ST_EXPR },
	{ ">=", LS_OP_GE, ST_EXPR },
	{ "<=", LS_OP_LE, ST_EXPR },
	{ "<<", LS_OP_SHL, ST_EXPR },
	{ ">>", LS_OP_SHR, ST_EXPR },
	{ "+=", LS_OP_ADDEQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "-=", LS_OP_SUBEQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "*=", LS_OP_MULEQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "/=", LS_OP_DIVEQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "&=", LS_OP_ANDEQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "|=", LS_OP_OREQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "^=", LS_OP_XOREQ, ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "&&", LS_OP_ANDAND, ST_EXPR },
	{ ">", '>', ST_SCRIPT | ST_EXPR },
	{ ",", ',', ST_SCRIPT | ST_EXPR },
	{ "&", '&', ST_EXPR | ST_WILD },
	{ "|", '|', ST_EXPR },
	{ "~", '~', ST_SCRIPT | ST_EXPR },
	{ "!", '!', ST_SCRIPT | ST_EXPR },
	{ "?", '?', ST_EXPR },
	{ "*", '*', ST_EXPR },
	{ "+", '+', ST_SCRIPT | ST_EXPR },
	{ "-", '-', ST_SCRIPT | ST_EXPR },
	{ "/", '/', ST_EXPR },
	{ "%", '%', ST_EXPR },
	{ "<", '<', ST_EXPR },
	{ "^", '^', ST_EXPR },
	{ "=", '=', ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "}", '}', ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "{", '{', ST_SCRIPT | ST_EXPR | ST_WILD },
	{ ")", ')', ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "(", '(', ST_SCRIPT | ST_EXPR | ST_WILD },
	{ ":", ':', ST_SCRIPT | ST_EXPR },
	{ ";", ';', ST_SCRIPT | ST_EXPR | ST_WILD },
	{ "[", '[', ST_WILD },
	{ "]", ']', ST_WILD },
};

static const struct {
	const char *text;
	int kw;
	unsigned states;
} keywords[] = {
#define LS_KW_ROW(id, text, states) { text, LS_KW_##id, states },
	LS_LD_KEYWORDS(LS_KW_ROW)
#undef LS_KW_ROW
};

static const char *op_text(int op, char buf[4])
{
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].op == op)
			return ops[i].text;
	buf[0] = (char)op;
	buf[1] = 0;
	return buf;
}

static const char *kw_text(int kw)
{
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (keywords[i].kw == kw)
			return keywords[i].text;
	return "?";
}

/* --- the lexer ------------------------------------------------------------- */

static unsigned state_bit(int state)
{
	switch (state) {
	case LS_LX_SCRIPT: return ST_SCRIPT;
	case LS_LX_EXPR: return ST_EXPR;
	case LS_LX_WILD: return ST_WILD;
	}
	return 0;
}

/* Skips blanks and comments: C comments in every state, '#' to the end of
 * the line in the SCRIPT, EXPRESSION and WILD states (ldlex.l "#.*") and
 * in a VERSION block; not in an INPUT list. */
static int skip_blank(ls_ldlex *lx, int state)
{
	bool hash = state != LS_LX_INPUT;
	uint8_t c;

	while (ls_u8(lx->b, lx->pos, &c)) {
		if (is_space(c)) {
			lx->pos++;
		} else if (c == '/' && at(lx, lx->pos + 1, '*')) {
			uint64_t open = lx->pos;
			lx->pos += 2;
			for (;;) {
				if (!ls_in(lx->b, lx->pos, 2))
					return ls_fail(lx->d, open,
						       "unterminated comment");
				if (at(lx, lx->pos, '*') && at(lx, lx->pos + 1, '/'))
					break;
				lx->pos++;
			}
			lx->pos += 2;
		} else if (c == '#' && hash) {
			while (ls_u8(lx->b, lx->pos, &c) && c != '\n')
				lx->pos++;
		} else if (!is_text(c)) {
			return ls_fail(lx->d, lx->pos,
				       "control byte 0x%02x in linker script", c);
		} else {
			break;
		}
	}
	return 0;
}

static int too_long(ls_ldlex *lx, uint64_t start)
{
	return ls_fail(lx->d, start, "name longer than %d bytes",
		       LS_LDLEX_MAX_NAME);
}

/* "..." (every state): ld returns what is inside, with no escapes. */
static int lex_quoted(ls_ldlex *lx, ls_ldtok *t)
{
	uint8_t c;

	lx->pos++;
	t->text = lx->pos;
	for (;;) {
		if (!ls_u8(lx->b, lx->pos, &c))
			return ls_fail(lx->d, t->start, "unterminated quoted name");
		lx->pos++;
		if (c == '"')
			break;
		if (!is_text(c))
			return ls_fail(lx->d, lx->pos - 1,
				       "control byte 0x%02x in linker script", c);
		if (lx->pos - 1 - t->text >= LS_LDLEX_MAX_NAME)
			return too_long(lx, t->start);
	}
	t->len = lx->pos - 1 - t->text;
	t->kind = LS_T_NAME;
	t->quoted = true;
	return 0;
}

/* An INPUT-state word: every byte up to a delimiter or a comment. */
static int lex_word(ls_ldlex *lx, ls_ldtok *t)
{
	uint8_t c;

	t->text = lx->pos;
	while (ls_u8(lx->b, lx->pos, &c) && !is_delim(c)) {
		if (c == '/' && at(lx, lx->pos + 1, '*'))
			break;
		if (!is_text(c))
			return ls_fail(lx->d, lx->pos,
				       "control byte 0x%02x in linker script", c);
		if (lx->pos - t->text >= LS_LDLEX_MAX_NAME)
			return too_long(lx, t->start);
		lx->pos++;
	}
	t->len = lx->pos - t->text;
	t->kind = LS_T_NAME;
	return 0;
}

/* The longest name of the state at off: up to LS_LDLEX_MAX_NAME + 1 bytes,
 * and never into a comment opener. */
static uint64_t name_len(const ls_ldlex *lx, uint64_t off, int state)
{
	bool (*first)(uint8_t) = state == LS_LX_SCRIPT ? fn_char1 :
				  state == LS_LX_EXPR ? sym_char1 : wild_char;
	bool (*rest)(uint8_t) = state == LS_LX_SCRIPT ? fn_char :
				state == LS_LX_EXPR ? sym_char : wild_char;
	uint64_t n = 0;
	uint8_t c;

	while (n <= LS_LDLEX_MAX_NAME && ls_u8(lx->b, off + n, &c) &&
	       (n ? rest(c) : first(c))) {
		if (c == '/' && at(lx, off + n + 1, '*'))
			break;
		n++;
	}
	return n;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* The longest number at off (ldlex.l's INT rules; the first two exist in
 * the EXPRESSION state only):
 *   "$"[0-9A-Fa-f]+
 *   [0-9A-Fa-f]+[HhXx] | [01]+[Bb] | [0-7]+[Oo] | [0-9]+[Dd]
 *   ("$"|0[xX])[0-9A-Fa-f]+ | [0-9]+, then an optional [MmKk]  */
static uint64_t number_len(const ls_ldlex *lx, uint64_t off, int state)
{
	uint64_t best = 0, n, h;

	if (state == LS_LX_EXPR) {
		if (at(lx, off, '$') && (h = run(lx, off + 1, is_hex)))
			best = 1 + h;
		if ((n = run(lx, off, is_hex)) && at_one_of(lx, off + n, "HhXx"))
			best = max64(best, n + 1);
		if ((n = run(lx, off, is_bin)) && at_one_of(lx, off + n, "Bb"))
			best = max64(best, n + 1);
		if ((n = run(lx, off, is_oct)) && at_one_of(lx, off + n, "Oo"))
			best = max64(best, n + 1);
		if ((n = run(lx, off, is_digit)) && at_one_of(lx, off + n, "Dd"))
			best = max64(best, n + 1);
	}
	n = 0;
	if (at(lx, off, '$') && (h = run(lx, off + 1, is_hex)))
		n = 1 + h;
	if (at(lx, off, '0') && at_one_of(lx, off + 1, "xX") &&
	    (h = run(lx, off + 2, is_hex)))
		n = max64(n, 2 + h);
	n = max64(n, run(lx, off, is_digit));
	if (n && at_one_of(lx, off + n, "MmKk"))
		n++;
	return max64(best, n);
}

static uint64_t op_len(const ls_ldlex *lx, uint64_t off, int state, int *op)
{
	unsigned bit = state_bit(state);
	uint64_t best = 0;
	uint8_t c;

	if (!ls_u8(lx->b, off, &c))
		return 0;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if ((uint8_t)ops[i].text[0] != c || !(ops[i].states & bit))
			continue;
		size_t n = strlen(ops[i].text);
		if (n > best && ls_match(lx->b, off, ops[i].text, n)) {
			best = n;
			*op = ops[i].op;
		}
	}
	return best;
}

static int keyword(const ls_ldlex *lx, uint64_t off, uint64_t len, int state)
{
	unsigned bit = state_bit(state);
	uint8_t c;

	/* Keywords are short words of letters and '_'. */
	if (len > 32 || !ls_u8(lx->b, off, &c) || !is_alpha(c))
		return LS_KW_NONE;
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if ((uint8_t)keywords[i].text[0] == c && (keywords[i].states & bit) &&
		    strlen(keywords[i].text) == len &&
		    ls_match(lx->b, off, keywords[i].text, len))
			return keywords[i].kw;
	return LS_KW_NONE;
}

static int lex(ls_ldlex *lx, int state, ls_ldtok *t)
{
	uint8_t c;

	memset(t, 0, sizeof *t);
	if (skip_blank(lx, state) < 0)
		return -1;
	t->start = t->end = lx->pos;
	if (!ls_u8(lx->b, lx->pos, &c)) {
		t->kind = LS_T_EOF;
		return 0;
	}
	if (c == '"') {
		if (lex_quoted(lx, t) < 0)
			return -1;
		t->end = lx->pos;
		return 0;
	}
	if (state == LS_LX_INPUT || state == LS_LX_VERS) {
		if (c == '(' || c == ')' || c == '{' || c == '}' || c == ',' ||
		    c == ';') {
			t->kind = LS_T_OP;
			t->op = c;
			t->end = ++lx->pos;
			return 0;
		}
		if (lex_word(lx, t) < 0)
			return -1;
		t->end = lx->pos;
		return 0;
	}

	int op = 0;
	uint64_t nnum = state == LS_LX_WILD ? 0 : number_len(lx, lx->pos, state);
	uint64_t nop = op_len(lx, lx->pos, state, &op);
	uint64_t nname = name_len(lx, lx->pos, state);
	uint64_t ndiscard = state == LS_LX_EXPR &&
			    ls_match(lx->b, lx->pos, "/DISCARD/", 9) ? 9 : 0;
	uint64_t best = max64(max64(nnum, nop), max64(nname, ndiscard));

	if (best == 0) {
		if (!is_text(c))
			return ls_fail(lx->d, lx->pos,
				       "control byte 0x%02x in linker script", c);
		if (c >= 0x80)
			return ls_fail(lx->d, lx->pos,
				       "byte 0x%02x outside a quoted name", c);
		return ls_fail(lx->d, lx->pos, "unexpected character '%c' %s", c,
			       state == LS_LX_EXPR ? "in an expression" :
			       state == LS_LX_WILD ? "in an output section" :
			       "in a linker script");
	}
	if (nnum == best) {
		t->kind = LS_T_INT;
	} else if (nop == best) {
		t->kind = LS_T_OP;
		t->op = op;
	} else {
		if (best > LS_LDLEX_MAX_NAME)
			return too_long(lx, lx->pos);
		t->kind = LS_T_NAME;
		t->text = lx->pos;
		t->len = best;
		if (ndiscard != best &&
		    (t->kw = keyword(lx, t->text, t->len, state)) != LS_KW_NONE)
			t->kind = LS_T_KW;
	}
	lx->pos += best;
	t->end = lx->pos;
	return 0;
}

int ls_ldlex_next(ls_ldlex *lx, int state)
{
	return lex(lx, state, &lx->t);
}

int ls_ldlex_peek(ls_ldlex *lx, int state, ls_ldtok *t)
{
	uint64_t pos = lx->pos;
	int rc = lex(lx, state, t);

	lx->pos = pos;
	return rc;
}

bool ls_ldlex_is(const ls_ldlex *lx, const ls_ldtok *t, const char *w)
{
	size_t n = strlen(w);

	return (t->kind == LS_T_NAME || t->kind == LS_T_KW) && !t->quoted &&
	       t->len == n && ls_match(lx->b, t->text, w, n);
}

const char *ls_ldlex_describe(const ls_ldlex *lx, const ls_ldtok *t,
			      char *buf, size_t size)
{
	char ob[4];

	switch (t->kind) {
	case LS_T_EOF:
		snprintf(buf, size, "end of file");
		break;
	case LS_T_OP:
		snprintf(buf, size, "'%s'", op_text(t->op, ob));
		break;
	case LS_T_KW:
		snprintf(buf, size, "'%s'", kw_text(t->kw));
		break;
	default: {
		/* A name or number, shown up to 40 bytes, non-text as '?'. */
		uint64_t from = t->kind == LS_T_NAME ? t->text : t->start;
		uint64_t n = t->kind == LS_T_NAME ? t->len : t->end - t->start;
		size_t k = 0;
		uint8_t c;
		char shown[48];

		for (uint64_t i = 0; i < n && i < 40 && ls_u8(lx->b, from + i, &c); i++)
			shown[k++] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
		shown[k] = 0;
		snprintf(buf, size, "%s%s%s%s", t->quoted ? "\"" : "'", shown,
			 n > 40 ? "..." : "", t->quoted ? "\"" : "'");
		break;
	}
	}
	return buf;
}

char *ls_ldlex_strdup(const ls_ldlex *lx, const ls_ldtok *t)
{
	char *s;

	if (!ls_in(lx->b, t->text, t->len) || t->len > LS_LDLEX_MAX_NAME)
		return NULL;
	s = malloc(t->len + 1);
	if (!s)
		return NULL;
	if (t->len)
		memcpy(s, ls_ptr(lx->b, t->text), t->len);
	s[t->len] = 0;
	return s;
}

bool ls_ldexpr_assign_op(int op, char buf[4])
{
	switch (op) {
	case '=': case LS_OP_ADDEQ: case LS_OP_SUBEQ: case LS_OP_MULEQ:
	case LS_OP_DIVEQ: case LS_OP_SHLEQ: case LS_OP_SHREQ: case LS_OP_ANDEQ:
	case LS_OP_OREQ: case LS_OP_XOREQ: {
		char ob[4];
		const char *s = op_text(op, ob);
		size_t n = strlen(s);
		memcpy(buf, s, n + 1);
		return true;
	}
	}
	return false;
}

/* --- expressions ----------------------------------------------------------- */

typedef struct span {
	uint64_t off, len;
} span;

typedef struct reader {
	ls_ldlex *lx;
	ls_ldexpr_ref_fn fn;
	void *arg;
	span *seen;		/* names reported so far */
	size_t nseen;
	int depth;
	size_t operands;	/* primaries read */
	bool bare_name;		/* the first primary was an unquoted name */
} reader;

static const char *describe(reader *r, const ls_ldtok *t, char *buf, size_t n)
{
	return ls_ldlex_describe(r->lx, t, buf, n);
}

/* Reports a name once per expression. */
static int report(reader *r, uint64_t off, uint64_t len, uint64_t at_off)
{
	if (len == 0)
		return ls_fail(r->lx->d, at_off, "empty symbol name");
	for (size_t i = 0; i < r->nseen; i++)
		if (r->seen[i].len == len &&
		    !memcmp(ls_ptr(r->lx->b, r->seen[i].off),
			    ls_ptr(r->lx->b, off), len))
			return 0;
	if (r->nseen >= LS_LDEXPR_MAX_REFS)
		return ls_fail(r->lx->d, at_off,
			       "expression references more than %d symbols",
			       LS_LDEXPR_MAX_REFS);
	if (!r->seen) {
		r->seen = malloc(LS_LDEXPR_MAX_REFS * sizeof *r->seen);
		if (!r->seen)
			return ls_fail(r->lx->d, at_off, "out of memory");
	}
	r->seen[r->nseen].off = off;
	r->seen[r->nseen].len = len;
	r->nseen++;
	if (!r->fn)
		return 0;
	return r->fn(r->arg, (const char *)ls_ptr(r->lx->b, off), (size_t)len, off);
}

static int expect(reader *r, int op, const char *after)
{
	char b1[64], b2[4];

	if (ls_ldlex_next(r->lx, LS_LX_EXPR) < 0)
		return -1;
	if (r->lx->t.kind != LS_T_OP || r->lx->t.op != op)
		return ls_fail(r->lx->d, r->lx->t.start, "expected '%s' after %s, found %s",
			       op_text(op, b2), after, describe(r, &r->lx->t, b1, sizeof b1));
	return 0;
}

/* '(' NAME ')' with the NAME read in state (ldgram.y paren_script_name
 * reads it in the SCRIPT state; DEFINED and CONSTANT in EXPRESSION). */
static int paren_name(reader *r, const char *fn, int state, ls_ldtok *name)
{
	char b1[64];

	if (expect(r, '(', fn) < 0 || ls_ldlex_next(r->lx, state) < 0)
		return -1;
	*name = r->lx->t;
	if (name->kind != LS_T_NAME)
		return ls_fail(r->lx->d, name->start, "%s wants a name, found %s", fn,
			       describe(r, name, b1, sizeof b1));
	if (name->len == 0)
		return ls_fail(r->lx->d, name->start, "empty name in %s", fn);
	return expect(r, ')', fn);
}

static int expr(reader *r, int minprec);

/* '(' exp { ',' exp } ')' with exactly nargs expressions (ALIGN: 1 or 2). */
static int args(reader *r, const char *fn, int nmin, int nmax)
{
	char b1[64];
	int n = 0;

	if (expect(r, '(', fn) < 0)
		return -1;
	for (;;) {
		if (expr(r, 0) < 0 || ls_ldlex_next(r->lx, LS_LX_EXPR) < 0)
			return -1;
		n++;
		ls_ldtok *t = &r->lx->t;
		if (t->kind == LS_T_OP && t->op == ')' && n >= nmin)
			return 0;
		if (t->kind == LS_T_OP && t->op == ',' && n < nmax)
			continue;
		return ls_fail(r->lx->d, t->start, "expected '%s' in %s, found %s",
			       n < nmin ? "," : ")", fn, describe(r, t, b1, sizeof b1));
	}
}

static int primary(reader *r)
{
	ls_ldlex *lx = r->lx;
	ls_ldtok t, name;
	char b1[64];
	int rc = 0;

	if (++r->depth > LS_LDEXPR_MAX_DEPTH)
		return ls_fail(lx->d, lx->pos, "expression nested more than %d deep",
			       LS_LDEXPR_MAX_DEPTH);
	if (ls_ldlex_next(lx, LS_LX_EXPR) < 0)
		return -1;
	t = lx->t;
	r->operands++;
	switch (t.kind) {
	case LS_T_INT:
		break;
	case LS_T_NAME:
		if (r->operands == 1 && !t.quoted)
			r->bare_name = true;
		/* "." is the location counter, quoted or not. */
		if (!(t.len == 1 && at(lx, t.text, '.')))
			rc = report(r, t.text, t.len, t.start);
		break;
	case LS_T_OP:
		switch (t.op) {
		case '-': case '+': case '!': case '~':
			rc = primary(r);
			break;
		case '(':
			rc = expr(r, 0);
			if (rc == 0)
				rc = expect(r, ')', "'('");
			break;
		default:
			rc = ls_fail(lx->d, t.start, "expected an expression, found %s",
				     describe(r, &t, b1, sizeof b1));
		}
		break;
	case LS_T_KW:
		switch (t.kw) {
		case LS_KW_SIZEOF_HEADERS:
			break;
		case LS_KW_DEFINED:
			/* DEFINED(x) asks; it never requires x. */
			rc = paren_name(r, "DEFINED", LS_LX_EXPR, &name);
			break;
		case LS_KW_CONSTANT:
			rc = paren_name(r, "CONSTANT", LS_LX_EXPR, &name);
			if (rc == 0 && !ls_ldlex_is(lx, &name, "MAXPAGESIZE") &&
			    !ls_ldlex_is(lx, &name, "COMMONPAGESIZE"))
				rc = ls_fail(lx->d, name.start, "unknown constant %s",
					     describe(r, &name, b1, sizeof b1));
			break;
		case LS_KW_ADDR: case LS_KW_SIZEOF: case LS_KW_LOADADDR:
		case LS_KW_ALIGNOF:
			/* A section name, not a symbol. */
			rc = paren_name(r, kw_text(t.kw), LS_LX_SCRIPT, &name);
			break;
		case LS_KW_ORIGIN: case LS_KW_LENGTH:
			/* A memory region. */
			rc = paren_name(r, kw_text(t.kw), LS_LX_SCRIPT, &name);
			break;
		case LS_KW_ABSOLUTE: case LS_KW_DATA_SEGMENT_END: case LS_KW_BLOCK:
		case LS_KW_LOG2CEIL: case LS_KW_NEXT:
			rc = args(r, kw_text(t.kw), 1, 1);
			break;
		case LS_KW_ALIGN:
			rc = args(r, "ALIGN", 1, 2);
			break;
		case LS_KW_MAX: case LS_KW_MIN: case LS_KW_DATA_SEGMENT_ALIGN:
		case LS_KW_DATA_SEGMENT_RELRO_END:
			rc = args(r, kw_text(t.kw), 2, 2);
			break;
		case LS_KW_SEGMENT_START:
			/* SEGMENT_START ( segment , exp ): the segment name in
			 * the SCRIPT state, as ldgram.y reads it (so a ','
			 * right after an unquoted name belongs to the name). */
			if (expect(r, '(', "SEGMENT_START") < 0 ||
			    ls_ldlex_next(lx, LS_LX_SCRIPT) < 0)
				return -1;
			if (lx->t.kind != LS_T_NAME)
				return ls_fail(lx->d, lx->t.start,
					       "SEGMENT_START wants a segment name, found %s",
					       describe(r, &lx->t, b1, sizeof b1));
			if (expect(r, ',', "the SEGMENT_START segment") < 0 ||
			    expr(r, 0) < 0 || expect(r, ')', "SEGMENT_START") < 0)
				return -1;
			break;
		case LS_KW_ASSERT:
			/* ASSERT ( exp , message ) inside an expression. */
			if (expect(r, '(', "ASSERT") < 0 || expr(r, 0) < 0 ||
			    expect(r, ',', "the ASSERT expression") < 0 ||
			    ls_ldlex_next(lx, LS_LX_EXPR) < 0)
				return -1;
			if (lx->t.kind != LS_T_NAME)
				return ls_fail(lx->d, lx->t.start,
					       "ASSERT wants a message, found %s",
					       describe(r, &lx->t, b1, sizeof b1));
			rc = expect(r, ')', "the ASSERT message");
			break;
		default:
			rc = ls_fail(lx->d, t.start, "%s is a keyword, not an expression",
				     describe(r, &t, b1, sizeof b1));
		}
		break;
	default:
		rc = ls_fail(lx->d, t.start, "expected an expression, found %s",
			     describe(r, &t, b1, sizeof b1));
	}
	r->depth--;
	return rc;
}

/* Binary operators and their precedence (ldgram.y; '?' is handled apart). */
static int binprec(const ls_ldtok *t)
{
	if (t->kind != LS_T_OP)
		return -1;
	switch (t->op) {
	case '*': case '/': case '%': return 10;
	case '+': case '-': return 9;
	case LS_OP_SHL: case LS_OP_SHR: return 8;
	case '<': case '>': case LS_OP_LE: case LS_OP_GE: return 7;
	case LS_OP_EQ: case LS_OP_NE: return 6;
	case '&': return 5;
	case '^': return 4;
	case '|': return 3;
	case LS_OP_ANDAND: return 2;
	case LS_OP_OROR: return 1;
	}
	return -1;
}

static int expr(reader *r, int minprec)
{
	ls_ldlex *lx = r->lx;
	ls_ldtok t;

	if (++r->depth > LS_LDEXPR_MAX_DEPTH)
		return ls_fail(lx->d, lx->pos, "expression nested more than %d deep",
			       LS_LDEXPR_MAX_DEPTH);
	if (primary(r) < 0)
		return -1;
	for (;;) {
		if (ls_ldlex_peek(lx, LS_LX_EXPR, &t) < 0)
			return -1;
		if (t.kind == LS_T_OP && t.op == '?') {
			/* ?: binds loosest and to the right. */
			if (minprec > 0)
				break;
			lx->pos = t.end;
			r->operands++;
			if (expr(r, 0) < 0 || expect(r, ':', "'?' and its operand") < 0 ||
			    expr(r, 0) < 0)
				return -1;
			continue;
		}
		int prec = binprec(&t);
		if (prec < 0 || prec < minprec)
			break;
		lx->pos = t.end;
		r->operands++;
		if (expr(r, prec + 1) < 0)
			return -1;
	}
	r->depth--;
	return 0;
}

int ls_ldexpr_read(ls_ldlex *lx, const ls_ldtok *self, ls_ldexpr_ref_fn fn,
		   void *arg, bool *single_name)
{
	reader r = { .lx = lx, .fn = fn, .arg = arg };
	int rc = 0;

	if (self)
		rc = report(&r, self->text, self->len, self->start);
	if (rc == 0)
		rc = expr(&r, 0);
	if (single_name)
		*single_name = rc == 0 && r.bare_name && r.operands == 1;
	free(r.seen);
	return rc;
}

/* --- --defsym -------------------------------------------------------------- */

static int at_end(ls_ldlex *lx, const char *what)
{
	char b1[64];
	ls_ldtok t;

	if (ls_ldlex_peek(lx, LS_LX_EXPR, &t) < 0)
		return -1;
	if (t.kind != LS_T_EOF)
		return ls_fail(lx->d, t.start, "unexpected %s after %s",
			       ls_ldlex_describe(lx, &t, b1, sizeof b1), what);
	return 0;
}

int ls_ldexpr_symbols(const char *text, size_t len, ls_ldexpr_ref_fn fn,
		      void *arg, ls_diag *d)
{
	ls_ldlex lx = { .b = { (const uint8_t *)text, len }, .d = d };

	if (!text && len)
		return ls_fail_nooff(d, "no expression");
	if (ls_ldexpr_read(&lx, NULL, fn, arg, NULL) < 0)
		return -1;
	return at_end(&lx, "the expression");
}

int ls_ldexpr_defsym_parse(const char *text, size_t len, ls_ldexpr_defsym *out,
			   ls_ldexpr_ref_fn fn, void *arg, ls_diag *d)
{
	ls_ldlex lx = { .b = { (const uint8_t *)text, len }, .d = d };
	ls_ldtok name;
	char b1[64];
	bool paren = false;

	memset(out, 0, sizeof *out);
	if (!text && len)
		return ls_fail_nooff(d, "no --defsym argument");
	if (ls_ldlex_next(&lx, LS_LX_EXPR) < 0)
		return -1;
	out->kind = LS_LD_ASSIGN;
	if (lx.t.kind == LS_T_KW && (lx.t.kw == LS_KW_PROVIDE ||
				     lx.t.kw == LS_KW_PROVIDE_HIDDEN ||
				     lx.t.kw == LS_KW_HIDDEN)) {
		int kw = lx.t.kw;
		out->kind = kw == LS_KW_PROVIDE ? LS_LD_PROVIDE :
			    kw == LS_KW_HIDDEN ? LS_LD_HIDDEN : LS_LD_PROVIDE_HIDDEN;
		paren = true;
		if (ls_ldlex_next(&lx, LS_LX_EXPR) < 0)
			return -1;
		if (lx.t.kind != LS_T_OP || lx.t.op != '(')
			return ls_fail(d, lx.t.start, "expected '(' after %s",
				       kw_text(kw));
		if (ls_ldlex_next(&lx, LS_LX_EXPR) < 0)
			return -1;
	}
	name = lx.t;
	if (name.kind != LS_T_NAME)
		return ls_fail(d, name.start, "--defsym wants a symbol name, found %s",
			       ls_ldlex_describe(&lx, &name, b1, sizeof b1));
	if (name.len == 0)
		return ls_fail(d, name.start, "empty symbol name");
	if (name.len == 1 && at(&lx, name.text, '.'))
		return ls_fail(d, name.start, "--defsym cannot set '.'");
	if (ls_ldlex_next(&lx, LS_LX_EXPR) < 0)
		return -1;
	if (lx.t.kind != LS_T_OP || !ls_ldexpr_assign_op(lx.t.op, out->op) ||
	    (paren && lx.t.op != '='))
		return ls_fail(d, lx.t.start, "expected '=' after the symbol, found %s",
			       ls_ldlex_describe(&lx, &lx.t, b1, sizeof b1));
	out->name_off = name.text;
	out->name_len = (size_t)name.len;
	if (ls_ldexpr_read(&lx, lx.t.op == '=' ? NULL : &name, fn, arg, NULL) < 0)
		return -1;
	if (paren) {
		if (ls_ldlex_next(&lx, LS_LX_EXPR) < 0)
			return -1;
		if (lx.t.kind != LS_T_OP || lx.t.op != ')')
			return ls_fail(d, lx.t.start, "expected ')' after the value, found %s",
				       ls_ldlex_describe(&lx, &lx.t, b1, sizeof b1));
	}
	return at_end(&lx, "the --defsym value");
}
