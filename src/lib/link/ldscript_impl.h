/*
 * ldscript_impl.h - what the two halves of the linker-script parser share:
 * ldscript.c (the script's top level, inputs and symbol statements) and
 * ldscript_sections.c (SECTIONS, MEMORY, PHDRS).  The lexer is ldexpr.c.
 */
#ifndef LS_LDSCRIPT_IMPL_H
#define LS_LDSCRIPT_IMPL_H

#include "ldscript.h"
#include "ldexpr.h"
#include "../core/array.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LDS_MAX_ENTRIES 65536
#define LDS_MAX_STRINGS (4 * LDS_MAX_ENTRIES)
#define LDS_MAX_NEST 16
#define LDS_MAX_SKIP 256	/* brackets in a skipped command (no recursion) */

typedef struct parser {
	ls_ldlex lx;
	ls_ldscript *s;
	ls_diag *d;
	size_t nstrings;	/* names copied so far */
	char *output;		/* the output section being read, or NULL */
	bool in_sections;
} parser;

static inline bool is_op(const ls_ldtok *t, int op)
{
	return t->kind == LS_T_OP && t->op == op;
}

static inline bool is_kw(const ls_ldtok *t, int kw)
{
	return t->kind == LS_T_KW && t->kw == kw;
}

static inline int next(parser *p, int state)
{
	return ls_ldlex_next(&p->lx, state);
}

static inline int peek(parser *p, int state, ls_ldtok *t)
{
	return ls_ldlex_peek(&p->lx, state, t);
}

/* The description of a token for a message, in one of two buffers so a
 * message may name two tokens. */
typedef struct descbuf {
	char a[64], b[64];
} descbuf;

static inline const char *desc(parser *p, const ls_ldtok *t, char *buf)
{
	return ls_ldlex_describe(&p->lx, t, buf, 64);
}

static inline bool is_dot(parser *p, const ls_ldtok *t)
{
	return t->kind == LS_T_NAME && t->len == 1 &&
	       ls_match(p->lx.b, t->text, ".", 1);
}

/* Appends a zeroed element to arr[n] (in a function returning int); off
 * is where the script names it.  The result arrays keep only a count. */
#define PUSH(p, arr, n, max, what, off)					\
	do {								\
		if ((n) >= (max))					\
			return ls_fail((p)->d, (off), "more than %zu %s in a " \
				       "linker script", (size_t)(max), (what)); \
		if (!ls_array_push_counted(&(arr), &(n), sizeof *(arr)))	\
			return ls_fail((p)->d, (off), "out of memory");	\
	} while (0)

/* --- ldscript.c: tokens, names, symbol statements --- */

/* Reads a token in state and checks it is the one-byte operator op. */
int lds_expect(parser *p, int state, int op, const char *after);
int lds_copy_name(parser *p, const ls_ldtok *t, char **dst);
int lds_copy_str(parser *p, const char *s, size_t n, uint64_t off, char **dst);
int lds_want_name(parser *p, const ls_ldtok *t, const char *what);
/* An expression: the symbols it reads go to a's refs (a NULL: to the
 * script's refs, as kind). */
int lds_read_expr(parser *p, ls_ldscript_assign *a, int kind,
		  const ls_ldtok *self, bool *single);
int lds_paren_expr(parser *p, int kind, const char *what);
int lds_assignment(parser *p, const ls_ldtok *name, int state,
		   ls_ld_assign_kind kind);
int lds_assign_follows(parser *p, int state, bool *yes);
int lds_separator(parser *p, const char *what);
int lds_provide(parser *p, int kw, int state);
int lds_entry(parser *p);
int lds_assert_stmt(parser *p);

/* --- ldscript_sections.c: SECTIONS, MEMORY, PHDRS --- */

int lds_sec_list(parser *p, uint64_t open, int depth);
int lds_statement_anywhere(parser *p, const ls_ldtok *t, bool *done);
int lds_memory(parser *p);
int lds_phdrs(parser *p);

#endif
