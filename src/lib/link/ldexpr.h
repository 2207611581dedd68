/*
 * ldexpr.h - GNU ld's script language below the statement: its tokens and
 * its expressions, read for the symbols they reference.
 *
 * Two users: ldscript.c (a linker script, whose statements switch the
 * lexer between states exactly where binutils' ld/ldgram.y does), and
 * --defsym NAME=EXPR, which ld parses with the same expression grammar
 * (ldgram.y defsym_expr: an assignment lexed in the EXPRESSION state).
 *
 * What an expression references: every NAME operand but ".", each name
 * once per expression, in the order of first appearance.  Not references:
 * the argument of DEFINED (DEFINED(x) never requires x), section names in
 * ADDR/SIZEOF/LOADADDR/ALIGNOF, memory regions in ORIGIN/LENGTH, the
 * segment name of SEGMENT_START, CONSTANT's MAXPAGESIZE/COMMONPAGESIZE,
 * the message of ASSERT.  A quoted name ("a b") is a symbol like any
 * other.  Built-in functions are keywords: ALIGN alone is a syntax error,
 * not a symbol (ldlex.l returns ALIGN_K whatever follows).
 *
 * Sources: the GNU ld manual ("Expressions", "Builtin Functions",
 * "Assigning Values to Symbols"), binutils ld/ldlex.l (character classes
 * and the keywords of each state) and ld/ldgram.y (exp, assignment,
 * defsym_expr); lld's lld/ELF/ScriptParser.cpp as a second reading.
 * Nothing is evaluated: values do not matter here, only names.
 *
 * The text is hostile input: it is read through core/bytes.h, a name is at
 * most 4096 bytes, an expression nests at most LS_LDEXPR_MAX_DEPTH deep
 * and references at most LS_LDEXPR_MAX_REFS distinct names, and every
 * error names the offset of the offending bytes.
 */
#ifndef LS_LDEXPR_H
#define LS_LDEXPR_H

#include "../core/bytes.h"
#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LS_LDEXPR_MAX_DEPTH 128	/* parentheses, unary operators, ?: */
#define LS_LDEXPR_MAX_REFS 1024	/* distinct names in one expression */
#define LS_LDLEX_MAX_NAME 4096	/* bytes in one name */

/* How an assignment defines its symbol (ld manual, "Assigning Values to
 * Symbols"; ldgram.y assignment). */
typedef enum ls_ld_assign_kind {
	LS_LD_ASSIGN,		/* sym = expr;  sym += expr; ... */
	LS_LD_PROVIDE,		/* PROVIDE (sym = expr): only when referenced
				   and not defined by any input */
	LS_LD_PROVIDE_HIDDEN,	/* PROVIDE_HIDDEN (sym = expr): the same, and
				   hidden */
	LS_LD_HIDDEN,		/* HIDDEN (sym = expr): always, hidden */
} ls_ld_assign_kind;

/*
 * Called once per name an expression references: name[0..len) is the
 * name (not NUL-terminated, never empty), offset where it starts (for a
 * quoted name, the byte after the quote) relative to the text given.
 * Return 0 to go on, -1 to stop (the reader then returns -1 as is).
 */
typedef int (*ls_ldexpr_ref_fn)(void *arg, const char *name, size_t len,
				uint64_t offset);

/*
 * The symbols one expression references (the EXPR of --defsym NAME=EXPR):
 * text[0..len) must be exactly one expression (blanks and comments around
 * it allowed).  fn may be NULL to only check the syntax.  Returns 0, or -1
 * with d naming the offset (relative to text) of what is wrong.
 */
int ls_ldexpr_symbols(const char *text, size_t len, ls_ldexpr_ref_fn fn,
		      void *arg, ls_diag *d);

/* The assignment of one --defsym argument. */
typedef struct ls_ldexpr_defsym {
	uint64_t name_off;	/* the symbol: text[name_off, +name_len) */
	size_t name_len;
	ls_ld_assign_kind kind;	/* --defsym 'PROVIDE(a=1)' is accepted too */
	char op[4];		/* "=", "+=", "-=", "*=", "/=", "<<=", ">>=",
				   "&=", "|=", "^=" */
} ls_ldexpr_defsym;

/*
 * A whole --defsym argument, as ld reads it (ldgram.y defsym_expr: the
 * script's assignment rule in the EXPRESSION state, so "a-b=1" is a syntax
 * error and "a=b-c" subtracts).  fn gets the names the value reads: for a
 * compound operator ("a+=1" is a = a + 1) the symbol itself first, then
 * the expression's.  Returns 0, or -1 with d naming the offset.
 */
int ls_ldexpr_defsym_parse(const char *text, size_t len, ls_ldexpr_defsym *out,
			   ls_ldexpr_ref_fn fn, void *arg, ls_diag *d);

/* --- the lexer, for ldscript.c --------------------------------------------
 *
 * ld's lexer has a state per context (ldlex.l): the same bytes are one
 * name in a script command and three tokens in an expression ("a-b"), a
 * file name in an output section and a syntax error elsewhere ("foo=1").
 * The parser asks for each token in the state ld would be in.
 */
enum ls_ldlex_state {
	LS_LX_INPUT,		/* INPUT/GROUP lists and skipped commands: a word
				   is any run of bytes up to blank ( ) { } , ; "
				   (ldscript.c's original reading; bfd's
				   INPUTLIST state keeps ',' in names) */
	LS_LX_VERS,		/* LS_LX_INPUT with '#' comments: VERSION { } */
	LS_LX_SCRIPT,		/* statements, section and region names */
	LS_LX_EXPR,		/* expressions */
	LS_LX_WILD,		/* inside an output section's braces */
};

enum ls_ldtok_kind {
	LS_T_EOF,
	LS_T_NAME,		/* a name, or a quoted string */
	LS_T_INT,		/* a number */
	LS_T_KW,		/* a keyword of the state it was read in */
	LS_T_OP,		/* punctuation and operators */
};

/* Operators of more than one byte; a one-byte operator is its byte. */
enum {
	LS_OP_SHLEQ = 256,	/* <<= */
	LS_OP_SHREQ,		/* >>= */
	LS_OP_OROR,		/* || */
	LS_OP_EQ,		/* == */
	LS_OP_NE,		/* != */
	LS_OP_GE,		/* >= */
	LS_OP_LE,		/* <= */
	LS_OP_SHL,		/* << */
	LS_OP_SHR,		/* >> */
	LS_OP_ADDEQ,		/* += */
	LS_OP_SUBEQ,		/* -= */
	LS_OP_MULEQ,		/* *= */
	LS_OP_DIVEQ,		/* /= */
	LS_OP_ANDEQ,		/* &= */
	LS_OP_OREQ,		/* |= */
	LS_OP_XOREQ,		/* ^= */
	LS_OP_ANDAND,		/* && */
};

/* Keywords and the states that know them (ldlex.l, binutils 2.40; bit 0
 * SCRIPT, 1 EXPRESSION, 2 WILD).  "o", "org", "l" and "len" are ORIGIN and
 * LENGTH in MEMORY, and so never symbols in a script statement. */
#define LS_LD_KEYWORDS(X)                                                      \
	X(MEMORY, "MEMORY", 1) X(REGION_ALIAS, "REGION_ALIAS", 1)              \
	X(LD_FEATURE, "LD_FEATURE", 1) X(VERSION, "VERSION", 1)                \
	X(ENTRY, "ENTRY", 1) X(EXTERN, "EXTERN", 1) X(TARGET, "TARGET", 1)     \
	X(SEARCH_DIR, "SEARCH_DIR", 1) X(OUTPUT, "OUTPUT", 1)                  \
	X(INPUT, "INPUT", 1) X(GROUP, "GROUP", 1)                              \
	X(FORCE_COMMON_ALLOCATION, "FORCE_COMMON_ALLOCATION", 1)               \
	X(FORCE_GROUP_ALLOCATION, "FORCE_GROUP_ALLOCATION", 1)                 \
	X(INHIBIT_COMMON_ALLOCATION, "INHIBIT_COMMON_ALLOCATION", 1)           \
	X(SECTIONS, "SECTIONS", 1) X(INSERT, "INSERT", 1)                      \
	X(AFTER, "AFTER", 1) X(BEFORE, "BEFORE", 1) X(STARTUP, "STARTUP", 1)   \
	X(OUTPUT_FORMAT, "OUTPUT_FORMAT", 1) X(OUTPUT_ARCH, "OUTPUT_ARCH", 1)  \
	X(HLL, "HLL", 1) X(SYSLIB, "SYSLIB", 1) X(FLOAT, "FLOAT", 1)           \
	X(NOFLOAT, "NOFLOAT", 1) X(PHDRS, "PHDRS", 1) X(o, "o", 1)             \
	X(org, "org", 1) X(l, "l", 1) X(len, "len", 1)                         \
	X(ORIGIN, "ORIGIN", 3) X(BLOCK, "BLOCK", 3) X(BIND, "BIND", 3)         \
	X(LENGTH, "LENGTH", 3) X(ALIGN, "ALIGN", 3)                            \
	X(DATA_SEGMENT_ALIGN, "DATA_SEGMENT_ALIGN", 3)                         \
	X(DATA_SEGMENT_RELRO_END, "DATA_SEGMENT_RELRO_END", 3)                 \
	X(DATA_SEGMENT_END, "DATA_SEGMENT_END", 3) X(ADDR, "ADDR", 3)          \
	X(LOADADDR, "LOADADDR", 3) X(ALIGNOF, "ALIGNOF", 3)                    \
	X(ABSOLUTE, "ABSOLUTE", 3) X(MAX, "MAX", 3) X(MIN, "MIN", 3)           \
	X(LOG2CEIL, "LOG2CEIL", 3) X(NEXT, "NEXT", 3)                          \
	X(SIZEOF_HEADERS, "SIZEOF_HEADERS", 3)                                 \
	X(SEGMENT_START, "SEGMENT_START", 3) X(SIZEOF, "SIZEOF", 3)            \
	X(DEFINED, "DEFINED", 3) X(NOCROSSREFS, "NOCROSSREFS", 3)              \
	X(NOCROSSREFS_TO, "NOCROSSREFS_TO", 3) X(OVERLAY, "OVERLAY", 3)        \
	X(ONLY_IF_RO, "ONLY_IF_RO", 3) X(ONLY_IF_RW, "ONLY_IF_RW", 3)          \
	X(SPECIAL, "SPECIAL", 3) X(ALIGN_WITH_INPUT, "ALIGN_WITH_INPUT", 3)    \
	X(SUBALIGN, "SUBALIGN", 3) X(CONSTANT, "CONSTANT", 3)                  \
	X(ASSERT, "ASSERT", 7) X(INCLUDE, "INCLUDE", 7) X(AT, "AT", 7)         \
	X(HIDDEN, "HIDDEN", 7) X(PROVIDE, "PROVIDE", 7)                        \
	X(PROVIDE_HIDDEN, "PROVIDE_HIDDEN", 7)                                 \
	X(NOLOAD, "NOLOAD", 2) X(READONLY, "READONLY", 2) X(DSECT, "DSECT", 2) \
	X(COPY, "COPY", 2) X(INFO, "INFO", 2) X(TYPE, "TYPE", 2)               \
	X(CREATE_OBJECT_SYMBOLS, "CREATE_OBJECT_SYMBOLS", 4)                   \
	X(CONSTRUCTORS, "CONSTRUCTORS", 4) X(FILL, "FILL", 4)                  \
	X(QUAD, "QUAD", 4) X(SQUAD, "SQUAD", 4) X(LONG, "LONG", 4)             \
	X(SHORT, "SHORT", 4) X(BYTE, "BYTE", 4)                                \
	X(SORT_BY_NAME, "SORT_BY_NAME", 4)                                     \
	X(SORT_BY_ALIGNMENT, "SORT_BY_ALIGNMENT", 4) X(SORT, "SORT", 4)        \
	X(SORT_BY_INIT_PRIORITY, "SORT_BY_INIT_PRIORITY", 4)                   \
	X(SORT_NONE, "SORT_NONE", 4)                                           \
	X(INPUT_SECTION_FLAGS, "INPUT_SECTION_FLAGS", 4) X(KEEP, "KEEP", 4)    \
	X(EXCLUDE_FILE, "EXCLUDE_FILE", 4)

enum ls_ld_keyword {
	LS_KW_NONE,
#define LS_KW_ENUM(id, text, states) LS_KW_##id,
	LS_LD_KEYWORDS(LS_KW_ENUM)
#undef LS_KW_ENUM
};

typedef struct ls_ldtok {
	int kind;		/* enum ls_ldtok_kind */
	int op;			/* LS_T_OP: a byte or an LS_OP_* */
	int kw;			/* LS_T_KW: an enum ls_ld_keyword */
	bool quoted;		/* LS_T_NAME: was "..." */
	uint64_t start, end;	/* the token's bytes */
	uint64_t text;		/* LS_T_NAME/KW: the name, quotes excluded */
	uint64_t len;
} ls_ldtok;

typedef struct ls_ldlex {
	ls_bytes b;
	uint64_t pos;		/* the next byte to read */
	ls_diag *d;
	ls_ldtok t;		/* the last token read by ls_ldlex_next */
} ls_ldlex;

/* Reads the token at lx->pos in state into lx->t and moves past it.
 * Returns 0, or -1 with lx->d filled (the offset of the bad bytes). */
int ls_ldlex_next(ls_ldlex *lx, int state);

/* The token at lx->pos in state, without moving. */
int ls_ldlex_peek(ls_ldlex *lx, int state, ls_ldtok *t);

/* True when t is the unquoted name or keyword w. */
bool ls_ldlex_is(const ls_ldlex *lx, const ls_ldtok *t, const char *w);

/* Describes t for a message ("'foo'", "'+='", "end of file") in buf. */
const char *ls_ldlex_describe(const ls_ldlex *lx, const ls_ldtok *t,
			      char *buf, size_t size);

/* A copy of a name's text (NUL-terminated, malloc'd), or NULL. */
char *ls_ldlex_strdup(const ls_ldlex *lx, const ls_ldtok *t);

/*
 * Reads one expression at lx->pos (EXPRESSION state) and stops before the
 * first token that cannot continue it, lx->pos left there.  fn gets each
 * referenced name once (offsets absolute in lx->b); self, if not NULL, is
 * reported first (the symbol of a compound assignment).  single_name, if
 * not NULL, is set when the expression was one bare unquoted name (a
 * PHDRS type such as PT_LOAD is a name, not a symbol).
 */
int ls_ldexpr_read(ls_ldlex *lx, const ls_ldtok *self, ls_ldexpr_ref_fn fn,
		   void *arg, bool *single_name);

/* True when op is an assignment operator; its spelling in buf[4]. */
bool ls_ldexpr_assign_op(int op, char buf[4]);

#endif
