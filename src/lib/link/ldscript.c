/*
 * ldscript.c - the input-naming part of GNU linker scripts; see ldscript.h.
 *
 * Grammar (the subset of binutils ld/ldgram.y that names inputs):
 *
 *   script  := { INPUT '(' list ')' | GROUP '(' list ')'
 *              | SEARCH_DIR '(' name ')' | anything else }
 *   list    := item { [','] item }
 *   item    := name | -lNAME | AS_NEEDED '(' list ')'
 *
 * "Anything else" is skipped a token at a time, with balanced () and {},
 * so OUTPUT_FORMAT(...), SECTIONS { ... } and assignments cost nothing.
 * Comments are C's.  A quoted name is a file even when it reads "-lfoo"
 * (ld's lexer returns NAME, not LNAME, for a quoted string).
 *
 * One deliberate difference from bfd: ld's lexer lets ',' be part of a
 * file name, so "GROUP(a.o, b.o)" makes bfd look for "a.o,"; lld and mold
 * split there.  We split there too: a comma is always a separator.
 *
 * Everything is bounded: a name is at most LDS_MAX_NAME bytes, a script
 * at most LDS_MAX_ENTRIES entries, AS_NEEDED nests at most LDS_MAX_NEST
 * deep.  Bytes are read only through core/bytes.h.
 */
#include "ldscript.h"

#include <stdlib.h>
#include <string.h>

#define LDS_MAX_NAME 4096
#define LDS_MAX_ENTRIES 65536
#define LDS_MAX_NEST 16
#define LDS_MAX_SKIP 256	/* brackets in a skipped command (no recursion) */
#define LDS_DETECT_SPAN 65536	/* bytes checked by ls_ldscript_detect */

enum tok {
	T_EOF,
	T_NAME,			/* a bare word or a quoted string */
	T_LPAREN,
	T_RPAREN,
	T_LBRACE,
	T_RBRACE,
	T_COMMA,
	T_SEMI,
};

typedef struct lexer {
	ls_bytes b;
	uint64_t pos;
	ls_diag *d;
	/* The current token. */
	int tok;
	uint64_t start;		/* its offset */
	char name[LDS_MAX_NAME + 1];
	size_t len;
	bool quoted;
} lexer;

/* --- characters ------------------------------------------------------------ */

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Bytes a script may contain: text, with UTF-8 allowed (comments and
 * paths); any other control byte means this is not a script. */
static bool is_text(uint8_t c)
{
	return is_space(c) || (c >= 0x20 && c != 0x7f);
}

static bool is_delim(uint8_t c)
{
	return is_space(c) || c == '(' || c == ')' || c == '{' || c == '}' ||
	       c == ',' || c == ';' || c == '"';
}

static bool at(const lexer *lx, uint64_t off, char c)
{
	uint8_t v;

	return ls_u8(lx->b, off, &v) && v == (uint8_t)c;
}

/* --- lexer ----------------------------------------------------------------- */

/* Skips white space and comments.  Returns -1 on an unterminated comment
 * or a control byte. */
static int skip_blank(lexer *lx)
{
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
		} else if (!is_text(c)) {
			return ls_fail(lx->d, lx->pos,
				       "control byte 0x%02x in linker script", c);
		} else {
			break;
		}
	}
	return 0;
}

static int add_name_byte(lexer *lx, uint8_t c)
{
	if (lx->len >= LDS_MAX_NAME)
		return ls_fail(lx->d, lx->start,
			       "name longer than %d bytes", LDS_MAX_NAME);
	lx->name[lx->len++] = (char)c;
	return 0;
}

/* Reads the next token into lx.  Returns -1 with lx->d filled. */
static int next(lexer *lx)
{
	uint8_t c;

	if (skip_blank(lx) < 0)
		return -1;
	lx->start = lx->pos;
	lx->len = 0;
	lx->quoted = false;
	lx->name[0] = 0;
	if (!ls_u8(lx->b, lx->pos, &c)) {
		lx->tok = T_EOF;
		return 0;
	}
	switch (c) {
	case '(': lx->tok = T_LPAREN; lx->pos++; return 0;
	case ')': lx->tok = T_RPAREN; lx->pos++; return 0;
	case '{': lx->tok = T_LBRACE; lx->pos++; return 0;
	case '}': lx->tok = T_RBRACE; lx->pos++; return 0;
	case ',': lx->tok = T_COMMA; lx->pos++; return 0;
	case ';': lx->tok = T_SEMI; lx->pos++; return 0;
	case '"':
		/* ld: \"[^\"]*\" - no escapes, new lines allowed. */
		lx->pos++;
		for (;;) {
			if (!ls_u8(lx->b, lx->pos, &c))
				return ls_fail(lx->d, lx->start,
					       "unterminated quoted name");
			lx->pos++;
			if (c == '"')
				break;
			if (!is_text(c))
				return ls_fail(lx->d, lx->pos - 1,
					       "control byte 0x%02x in linker script", c);
			if (add_name_byte(lx, c) < 0)
				return -1;
		}
		lx->name[lx->len] = 0;
		lx->quoted = true;
		lx->tok = T_NAME;
		return 0;
	}
	while (ls_u8(lx->b, lx->pos, &c) && !is_delim(c)) {
		if (c == '/' && at(lx, lx->pos + 1, '*'))
			break;
		if (!is_text(c))
			return ls_fail(lx->d, lx->pos,
				       "control byte 0x%02x in linker script", c);
		if (add_name_byte(lx, c) < 0)
			return -1;
		lx->pos++;
	}
	lx->name[lx->len] = 0;
	lx->tok = T_NAME;
	return 0;
}

static bool is_word(const lexer *lx, const char *w)
{
	return lx->tok == T_NAME && !lx->quoted && strcmp(lx->name, w) == 0;
}

static const char *tok_text(const lexer *lx)
{
	switch (lx->tok) {
	case T_EOF: return "end of file";
	case T_LPAREN: return "'('";
	case T_RPAREN: return "')'";
	case T_LBRACE: return "'{'";
	case T_RBRACE: return "'}'";
	case T_COMMA: return "','";
	case T_SEMI: return "';'";
	}
	return "a name";
}

/* --- result ---------------------------------------------------------------- */

static int add_entry(lexer *lx, ls_ldscript *s, const char *name, bool is_lib,
		     bool as_needed, bool group)
{
	size_t n = s->nentries;

	if (n >= LDS_MAX_ENTRIES)
		return ls_fail(lx->d, lx->start, "more than %d inputs in a linker script",
			       LDS_MAX_ENTRIES);
	/* Grow at powers of two: no capacity field in the public struct. */
	if ((n & (n - 1)) == 0) {
		size_t cap = n ? 2 * n : 4;
		ls_ldscript_entry *e = realloc(s->entries, cap * sizeof *e);
		if (!e)
			return ls_fail(lx->d, lx->start, "out of memory");
		s->entries = e;
	}
	ls_ldscript_entry *e = &s->entries[n];
	memset(e, 0, sizeof *e);
	e->name = strdup(name);
	if (!e->name)
		return ls_fail(lx->d, lx->start, "out of memory");
	e->is_lib = is_lib;
	e->as_needed = as_needed;
	e->group = group;
	s->nentries++;
	return 0;
}

static int add_search_dir(lexer *lx, ls_ldscript *s, const char *dir)
{
	size_t n = s->nsearch_dirs;

	if (n >= LDS_MAX_ENTRIES)
		return ls_fail(lx->d, lx->start, "too many SEARCH_DIRs");
	if ((n & (n - 1)) == 0) {
		size_t cap = n ? 2 * n : 4;
		char **v = realloc(s->search_dirs, cap * sizeof *v);
		if (!v)
			return ls_fail(lx->d, lx->start, "out of memory");
		s->search_dirs = v;
	}
	s->search_dirs[n] = strdup(dir);
	if (!s->search_dirs[n])
		return ls_fail(lx->d, lx->start, "out of memory");
	s->nsearch_dirs++;
	return 0;
}

/* --- parser ---------------------------------------------------------------- */

static int expect(lexer *lx, int tok, const char *what)
{
	if (next(lx) < 0)
		return -1;
	if (lx->tok != tok)
		return ls_fail(lx->d, lx->start, "expected %s after %s, found %s",
			       tok == T_LPAREN ? "'('" : "')'", what, tok_text(lx));
	return 0;
}

/*
 * The list after "INPUT (", "GROUP (" or "AS_NEEDED (", up to and
 * including its ')'.  open is the offset of the '(' for the message when
 * it is never closed.
 */
static int parse_list(lexer *lx, ls_ldscript *s, const char *cmd, bool group,
		      bool as_needed, int depth, uint64_t open)
{
	size_t first = s->nentries;

	for (;;) {
		if (next(lx) < 0)
			return -1;
		if (lx->tok == T_RPAREN)
			break;
		if (lx->tok == T_COMMA)
			continue;
		if (lx->tok == T_EOF)
			return ls_fail(lx->d, open, "%s ( is never closed", cmd);
		if (lx->tok != T_NAME)
			return ls_fail(lx->d, lx->start, "unexpected %s in %s",
				       tok_text(lx), cmd);
		if (is_word(lx, "AS_NEEDED")) {
			if (depth + 1 > LDS_MAX_NEST)
				return ls_fail(lx->d, lx->start,
					       "AS_NEEDED nested more than %d deep",
					       LDS_MAX_NEST);
			if (expect(lx, T_LPAREN, "AS_NEEDED") < 0)
				return -1;
			if (parse_list(lx, s, "AS_NEEDED", group, true, depth + 1,
				       lx->start) < 0)
				return -1;
			continue;
		}
		if (is_word(lx, "GROUP") || is_word(lx, "INPUT"))
			/* ld's grammar has no such nesting: a syntax error. */
			return ls_fail(lx->d, lx->start, "%s inside %s",
				       lx->name, cmd);
		bool lib = !lx->quoted && lx->len > 2 && lx->name[0] == '-' &&
			   lx->name[1] == 'l';
		if (add_entry(lx, s, lib ? lx->name + 2 : lx->name, lib,
			      as_needed, group) < 0)
			return -1;
	}
	if (s->nentries == first)
		/* "GROUP ( )" is a syntax error for ld. */
		return ls_fail(lx->d, open, "empty %s ( )", cmd);
	if (group && depth == 0) {
		s->entries[first].group_start = true;
		s->entries[s->nentries - 1].group_end = true;
	}
	return 0;
}

/* Skips to the token matching the open one just read (lx->tok is '('
 * or '{'), counting both kinds of brackets. */
static int skip_balanced(lexer *lx)
{
	uint64_t open = lx->start;
	int level = 1;

	while (level > 0) {
		if (next(lx) < 0)
			return -1;
		switch (lx->tok) {
		case T_EOF:
			return ls_fail(lx->d, open, "unbalanced bracket");
		case T_LPAREN:
		case T_LBRACE:
			if (++level > LDS_MAX_SKIP)
				return ls_fail(lx->d, lx->start,
					       "brackets nested too deeply");
			break;
		case T_RPAREN:
		case T_RBRACE:
			level--;
			break;
		}
	}
	return 0;
}

static int parse_search_dir(lexer *lx, ls_ldscript *s)
{
	if (expect(lx, T_LPAREN, "SEARCH_DIR") < 0 || next(lx) < 0)
		return -1;
	if (lx->tok != T_NAME)
		return ls_fail(lx->d, lx->start, "SEARCH_DIR wants a directory");
	if (add_search_dir(lx, s, lx->name) < 0)
		return -1;
	return expect(lx, T_RPAREN, "the SEARCH_DIR directory");
}

int ls_ldscript_parse(ls_bytes text, ls_ldscript *out, ls_diag *d)
{
	lexer *lx = calloc(1, sizeof *lx);	/* the name buffer is 4 KiB */
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (!lx)
		return ls_fail_nooff(d, "out of memory");
	lx->b = text;
	lx->d = d;
	for (;;) {
		if ((rc = next(lx)) < 0)
			break;
		if (lx->tok == T_EOF)
			break;
		if (is_word(lx, "INPUT") || is_word(lx, "GROUP")) {
			bool group = lx->name[0] == 'G';
			const char *cmd = group ? "GROUP" : "INPUT";
			if ((rc = expect(lx, T_LPAREN, cmd)) < 0)
				break;
			rc = parse_list(lx, out, cmd, group, false, 0, lx->start);
		} else if (is_word(lx, "SEARCH_DIR")) {
			rc = parse_search_dir(lx, out);
		} else if (is_word(lx, "AS_NEEDED")) {
			rc = ls_fail(d, lx->start, "AS_NEEDED outside INPUT or GROUP");
		} else if (lx->tok == T_LPAREN || lx->tok == T_LBRACE) {
			/* OUTPUT_FORMAT(...), SECTIONS { ... }, ... */
			rc = skip_balanced(lx);
		} else if (lx->tok == T_RPAREN || lx->tok == T_RBRACE) {
			rc = ls_fail(d, lx->start, "unexpected %s", tok_text(lx));
		}
		if (rc < 0)
			break;
	}
	free(lx);
	if (rc < 0)
		ls_ldscript_free(out);
	return rc;
}

void ls_ldscript_free(ls_ldscript *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nentries; i++)
		free(s->entries[i].name);
	free(s->entries);
	for (size_t i = 0; i < s->nsearch_dirs; i++)
		free(s->search_dirs[i]);
	free(s->search_dirs);
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

bool ls_ldscript_detect(ls_bytes text)
{
	uint64_t span = text.size < LDS_DETECT_SPAN ? text.size : LDS_DETECT_SPAN;
	ls_bytes head;
	uint8_t c;
	ls_diag d;

	if (span == 0 || !ls_sub(text, 0, span, &head))
		return false;
	for (uint64_t i = 0; i < span; i++)
		if (!ls_u8(head, i, &c) || !is_text(c))
			return false;

	lexer *lx = calloc(1, sizeof *lx);
	if (!lx)
		return false;
	lx->b = head;
	lx->d = &d;
	bool ok = next(lx) == 0 && lx->tok == T_NAME && !lx->quoted;
	if (ok) {
		ok = false;
		for (const char *const *w = script_words; *w; w++)
			if (strcmp(lx->name, *w) == 0)
				ok = true;
	}
	free(lx);
	return ok;
}
