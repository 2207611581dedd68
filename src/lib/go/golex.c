/*
 * golex.c - the Go tokenizer (see golex.h).  The lexical grammar is the Go
 * specification's; cmd/compile/internal/syntax/scanner.go was the model
 * for where each literal ends.
 */
#include "golex.h"

#include <string.h>

static int peek(const ls_golex *lx, uint64_t ahead)
{
	/* The view's bounds, checked without overflow. */
	if (lx->pos >= lx->b.size || ahead >= lx->b.size - lx->pos)
		return -1;
	return *ls_ptr(lx->b, lx->pos + ahead);
}

void ls_golex_init(ls_golex *lx, ls_bytes b)
{
	memset(lx, 0, sizeof *lx);
	lx->b = b;
	lx->line = 1;
	if (ls_match(b, 0, "\xef\xbb\xbf", 3))
		lx->pos = 3;
}

static bool is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Consumes one byte, counting lines. */
static void adv(ls_golex *lx)
{
	if (peek(lx, 0) == '\n')
		lx->line++;
	lx->pos++;
}

/* A quoted literal ending at `q`; backslash escapes one byte; a newline or
 * the end of input leaves it unterminated. */
static void quoted(ls_golex *lx, int q)
{
	int c;

	lx->pos++;
	while ((c = peek(lx, 0)) >= 0) {
		if (c == '\n')
			break;
		lx->pos++;
		if (c == q)
			return;
		if (c == '\\' && peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
			lx->pos++;
	}
	lx->bad = true;
}

/* Length of the operator at pos: the longest of Go's operators. */
static uint64_t op_len(const ls_golex *lx)
{
	int c = peek(lx, 0), d = peek(lx, 1), e = peek(lx, 2);

	switch (c) {
	case '<': case '>':
		if (d == c)
			return e == '=' ? 3 : 2;
		if (c == '<' && d == '-')
			return 2;
		return d == '=' ? 2 : 1;
	case '&':
		if (d == '^')
			return e == '=' ? 3 : 2;
		return d == '&' || d == '=' ? 2 : 1;
	case '.':
		return d == '.' && e == '.' ? 3 : 1;
	case '|': case '+': case '-':
		return d == c || d == '=' ? 2 : 1;
	case '*': case '/': case '%': case '^': case '=': case '!': case ':':
		return d == '=' ? 2 : 1;
	default:
		return 1;
	}
}

bool ls_golex_next(ls_golex *lx, ls_gotok *t)
{
	int c;

	/* Whitespace. */
	while ((c = peek(lx, 0)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		adv(lx);
	memset(t, 0, sizeof *t);
	t->off = lx->pos;
	t->line = lx->line;
	t->bol = lx->pos == 0;
	if (lx->pos > 0) {
		uint8_t p = 0;

		ls_u8(lx->b, lx->pos - 1, &p);
		t->bol = p == '\n' ||
			 (lx->pos == 3 && ls_match(lx->b, 0, "\xef\xbb\xbf", 3));
	}
	t->first = !lx->any || t->line > lx->last_line;
	if (c < 0) {
		t->kind = LS_GT_EOF;
		t->end_line = lx->line;
		return false;
	}
	if (c == '/' && peek(lx, 1) == '/') {
		t->kind = LS_GT_LINE_COMMENT;
		const uint8_t *nl = memchr(ls_ptr(lx->b, lx->pos), '\n',
					   (size_t)(lx->b.size - lx->pos));

		lx->pos = nl ? (uint64_t)(nl - lx->b.base) : lx->b.size;
	} else if (c == '/' && peek(lx, 1) == '*') {
		t->kind = LS_GT_BLOCK_COMMENT;
		lx->pos += 2;
		for (;;) {
			c = peek(lx, 0);
			if (c < 0) {
				lx->bad = true;
				break;
			}
			if (c == '*' && peek(lx, 1) == '/') {
				lx->pos += 2;
				break;
			}
			adv(lx);
		}
	} else if (is_letter(c)) {
		t->kind = LS_GT_IDENT;
		while ((c = peek(lx, 0)) >= 0 && (is_letter(c) || is_digit(c)))
			lx->pos++;
	} else if (is_digit(c) || (c == '.' && is_digit(peek(lx, 1)))) {
		t->kind = LS_GT_NUMBER;
		int prev = 0;

		while ((c = peek(lx, 0)) >= 0 &&
		       (is_letter(c) || is_digit(c) || c == '.' ||
			((c == '+' || c == '-') &&
			 (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P')))) {
			if (c >= 0x80)
				break;
			prev = c;
			lx->pos++;
		}
	} else if (c == '"' || c == '\'') {
		t->kind = c == '"' ? LS_GT_STRING : LS_GT_RUNE;
		quoted(lx, c);
	} else if (c == '`') {
		t->kind = LS_GT_RAW;
		lx->pos++;
		for (;;) {
			c = peek(lx, 0);
			if (c < 0) {
				lx->bad = true;
				break;
			}
			adv(lx);
			if (c == '`')
				break;
		}
	} else {
		t->kind = LS_GT_OP;
		if (!strchr("+-*/%&|^<>=!()[]{},;.:~", c))
			lx->bad = true;
		lx->pos += op_len(lx);
	}
	t->len = lx->pos - t->off;
	t->end_line = lx->line;
	lx->any = true;
	lx->last_line = lx->line;
	return true;
}

bool ls_gotok_is(const ls_golex *lx, const ls_gotok *t, const char *s)
{
	size_t n = strlen(s);

	return (t->kind == LS_GT_OP || t->kind == LS_GT_IDENT) && t->len == n &&
	       ls_match(lx->b, t->off, s, n);
}

const char *ls_gotok_text(const ls_golex *lx, const ls_gotok *t)
{
	return (const char *)ls_ptr(lx->b, t->off);
}
