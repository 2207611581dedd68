/*
 * golex.h - a Go source tokenizer over bytes already in memory.
 *
 * It knows exactly what the Go spec says about where comments, strings,
 * raw strings and runes begin and end, so that text inside any of them is
 * never mistaken for a directive, and nothing more: operators are
 * classified only as far as the declaration scanner needs.  Tokens are
 * offsets into the view (no copy, no allocation); every step consumes at
 * least one byte, so any input ends.  Malformed input (an unterminated
 * literal or comment, a stray byte) sets `bad` and tokenizing goes on.
 */
#ifndef LS_GOLEX_H
#define LS_GOLEX_H

#include "../core/bytes.h"

#include <stdbool.h>
#include <stdint.h>

enum ls_gotok_kind {
	LS_GT_EOF,
	LS_GT_IDENT,		/* identifiers and keywords */
	LS_GT_NUMBER,
	LS_GT_STRING,		/* "..." */
	LS_GT_RAW,		/* `...` */
	LS_GT_RUNE,		/* '...' */
	LS_GT_OP,		/* operators and punctuation */
	LS_GT_LINE_COMMENT,	/* //... without the newline */
	LS_GT_BLOCK_COMMENT,	/* slash-star ... star-slash */
};

typedef struct ls_gotok {
	enum ls_gotok_kind kind;
	uint64_t off, len;	/* in the view */
	uint32_t line;		/* 1-based line of the first byte */
	uint32_t end_line;	/* line of the last byte */
	bool bol;		/* first byte is in column 1 */
	bool first;		/* no other token (comments count) before it
				 * on its line: where the compiler takes a
				 * //go: directive (syntax.scanner's blank) */
} ls_gotok;

typedef struct ls_golex {
	ls_bytes b;
	uint64_t pos;
	uint32_t line;
	bool bad;		/* an unterminated literal or a stray byte */
	bool any;		/* a token was returned */
	uint32_t last_line;	/* the line the last token ended on */
} ls_golex;

/* Starts at the first byte, after a UTF-8 byte order mark if there is one. */
void ls_golex_init(ls_golex *lx, ls_bytes b);
/* The next token; false (and kind LS_GT_EOF) at the end. */
bool ls_golex_next(ls_golex *lx, ls_gotok *t);

/* True when t is the operator or identifier s. */
bool ls_gotok_is(const ls_golex *lx, const ls_gotok *t, const char *s);
/* Pointer to t's bytes (proven inside the view by the tokenizer). */
const char *ls_gotok_text(const ls_golex *lx, const ls_gotok *t);

#endif
