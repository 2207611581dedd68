/*
 * verscript.c - GNU version scripts, read and matched as bfd, gold, lld or
 * mold do; see verscript.h.
 *
 * The versions modelled are those of Debian 12: binutils 2.40 (ld.bfd,
 * gold 1.16), LLD 14 and mold 1.10.  The rules below were read in their
 * sources (cited by function; no code is copied), and those marked
 * "seen" were checked against the real linkers by linking a shared
 * library with --version-script and reading its .dynsym and version
 * sections (tests/unit/test_verscript.c holds those cases and answers;
 * 1250 random scripts also gave the four linkers' answers, all matched).
 *
 * Tokens (ld/ldlex.l VERS_* states; gold/script.cc Lex::can_start_name,
 * can_continue_name; lld ScriptLexer::tokenize, mold tokenize() in
 * elf/linker-script.cc):
 *   - bfd: a name is [*?.$_a-zA-Z[]\-!^\\] then also digits and "::"; a
 *     node name (between nodes) is [.$_a-zA-Z][._a-zA-Z0-9]*.  Any other
 *     byte is dropped with "ignoring invalid character" (a warning), so
 *     "foo=;" names foo and "1.0 {" names the node ".0" (seen).  A quote
 *     between nodes is dropped the same way.
 *   - gold: a name is [A-Za-z_.$*[] then [A-Za-z0-9_.$[]*?^-] and "::";
 *     anything else is an error (seen: "\\", "!", "@", a leading digit).
 *   - lld, mold: a name is any run of [A-Za-z0-9_.$/\\~=+[]*?!^:-], so
 *     "global:foo" is one name and "local:*" a pattern (seen); any other
 *     byte is a token of its own, which no rule accepts: an error.
 *   - all: "..." is a name with no escapes; '#' to the end of the line and
 *     C comments are blanks.
 *
 * Grammar (ld/ldgram.y vers_node, vers_tag, vers_defns; gold/yyscript.y,
 * the same; lld ScriptParser::readVersionScriptCommand, readSymbols,
 * readVersionExtern; mold read_version_script, read_version_script_commands):
 *   script := node*            (bfd, gold, lld: at least one; mold: any)
 *   node   := [NAME] '{' list '}' deps ';'
 *   list   := { label | NAME ';' | extern LANG '{' names '}' ';' }
 * Differences, all seen:
 *   - labels: bfd and gold take an optional "global:" list then an optional
 *     "local:" list, each non-empty; "{ foo; local: *; }" and "local:"
 *     before "global:" are syntax errors.  lld and mold take labels in any
 *     order and number.  mold starts every extern block global, even under
 *     local:, and lets labels inside it.
 *   - ';' after the last name before '}': bfd, gold, lld need it; mold does
 *     not.  Inside extern it is optional.  mold, and lld inside extern,
 *     read a stray ';' as a name.
 *   - extern: bfd knows "C", "C++", "Java" in any case; gold "C", "C++",
 *     "Java"; lld and mold "C" and "C++".  bfd, gold and mold nest extern
 *     blocks; bfd and gold refuse an empty one; "extern;" is a name for bfd
 *     and gold, "global;" and "local;" for all but gold.
 *   - dependencies: bfd and gold take a list, lld and mold one name.  bfd
 *     needs each defined earlier ("unable to find version dependency"),
 *     gold defined somewhere (else an internal error), lld and mold not.
 *   - the anonymous node: bfd and lld refuse it with other nodes; gold and
 *     mold take it.  A node name repeated: bfd ("duplicate version tag")
 *     and gold ("multiple definition") refuse it.
 *   - lld and mold keep the quotes of a quoted node name ("V3") and drop
 *     the dependency (no Verdef parent).
 *
 * Which names are wildcards, the order in which patterns decide and the
 * index of the parsed script: verscript_match.c.
 */
#include "verscript_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- characters ---------------------------------------------------------- */

static bool in_set(uint8_t c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

static bool is_alpha(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* ld/ldlex.l V_IDENTIFIER and V_TAG. */
static bool bfd_name_start(uint8_t c)
{
	return is_alpha(c) || in_set(c, "*?.$_[]-!^\\");
}

static bool bfd_name_cont(uint8_t c)
{
	return bfd_name_start(c) || is_digit(c);
}

static bool bfd_tag_start(uint8_t c)
{
	return is_alpha(c) || in_set(c, ".$_");
}

static bool bfd_tag_cont(uint8_t c)
{
	return is_alpha(c) || is_digit(c) || in_set(c, "._");
}

/* gold/script.cc, VERSION_SCRIPT mode. */
static bool gold_name_start(uint8_t c)
{
	return is_alpha(c) || in_set(c, "_.$*[");
}

static bool gold_name_cont(uint8_t c)
{
	return is_alpha(c) || is_digit(c) || in_set(c, "_.$[]*?-^");
}

/* lld ScriptLexer and mold tokenize(): one set for every position. */
static bool llvm_name(uint8_t c)
{
	return is_alpha(c) || is_digit(c) || in_set(c, "_.$/\\~=+[]*?-!^:");
}

static bool sem_gnu(int sem)
{
	return sem == LS_SEM_BFD || sem == LS_SEM_GOLD;
}

static const char *sem_name(int sem)
{
	switch (sem) {
	case LS_SEM_BFD: return "bfd";
	case LS_SEM_GOLD: return "gold";
	case LS_SEM_LLD: return "lld";
	case LS_SEM_MOLD: return "mold";
	}
	return "?";
}

/* Copies up to 48 bytes of a name for a message, '?' for unprintables. */
const char *vs_shown(char buf[64], const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < 48; i++) {
		uint8_t c = (uint8_t)s[i];
		buf[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (n > 48) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = 0;
	return buf;
}
/* --- lexer --------------------------------------------------------------- */

enum tok { T_EOF, T_NAME, T_QUOTED, T_LBRACE, T_RBRACE, T_SEMI, T_COLON };

typedef struct lexer {
	ls_bytes b;
	int sem;
	ls_diag *d;
	uint64_t pos;
	bool tag_mode;		/* bfd: between nodes, names are V_TAGs */
	/* The current token. */
	int tok;
	uint64_t start;		/* offset of its first byte */
	uint64_t nstart, nlen;	/* the name (T_QUOTED: between the quotes) */
	/* Warnings (bfd's dropped bytes). */
	ls_diag *warn;
	unsigned *nwarn;
} lexer;

static void lx_warn(lexer *lx, uint64_t off, uint8_t c)
{
	if ((*lx->nwarn)++ == 0 && lx->warn) {
		ls_fail(lx->warn, off, "bfd ignores the invalid character "
			"0x%02x ('%c') in a version script", c,
			c >= 0x20 && c < 0x7f ? c : '?');
		lx->warn->warning = true;
	}
}

static bool lx_at(const lexer *lx, uint64_t off, char c)
{
	uint8_t v;

	return ls_u8(lx->b, off, &v) && v == (uint8_t)c;
}

static const char *lx_ptr(const lexer *lx, uint64_t off)
{
	return (const char *)ls_ptr(lx->b, off);
}

/* Reads the next token into lx.  Returns -1 with lx->d filled. */
static int lx_next(lexer *lx)
{
	uint8_t c;

again:
	for (;;) {
		if (!ls_u8(lx->b, lx->pos, &c)) {
			lx->start = lx->pos;
			lx->tok = T_EOF;
			return 0;
		}
		if (is_blank(c)) {
			lx->pos++;
			continue;
		}
		if (c == '#') {
			while (ls_u8(lx->b, lx->pos, &c) && c != '\n')
				lx->pos++;
			continue;
		}
		if (c == '/' && lx_at(lx, lx->pos + 1, '*')) {
			uint64_t open = lx->pos;
			lx->pos += 2;
			for (;;) {
				if (!ls_in(lx->b, lx->pos, 2))
					return ls_fail(lx->d, open, "unterminated comment");
				if (lx_at(lx, lx->pos, '*') && lx_at(lx, lx->pos + 1, '/'))
					break;
				lx->pos++;
			}
			lx->pos += 2;
			continue;
		}
		break;
	}

	lx->start = lx->pos;
	switch (c) {
	case '{': lx->tok = T_LBRACE; lx->pos++; return 0;
	case '}': lx->tok = T_RBRACE; lx->pos++; return 0;
	case ';': lx->tok = T_SEMI; lx->pos++; return 0;
	case ':':
		if (sem_gnu(lx->sem)) {
			lx->tok = T_COLON;
			lx->pos++;
			return 0;
		}
		break;		/* lld, mold: part of a name */
	case '"': {
		uint64_t end = lx->pos + 1;
		uint8_t q;
		while (ls_u8(lx->b, end, &q) && q != '"') {
			/* Names are C strings: no linker can use a NUL. */
			if (q == 0 && !(lx->sem == LS_SEM_BFD && lx->tag_mode))
				return ls_fail(lx->d, end, "NUL byte in a quoted name");
			end++;
		}
		if ((lx->sem == LS_SEM_BFD && lx->tag_mode) || !ls_in(lx->b, end, 1)) {
			if (lx->sem != LS_SEM_BFD)
				return ls_fail(lx->d, lx->start, "unterminated quoted name");
			/* bfd has no quoted names between nodes, and an
			 * unterminated quote is a stray byte. */
			lx_warn(lx, lx->pos, c);
			lx->pos++;
			goto again;
		}
		lx->tok = T_QUOTED;
		lx->nstart = lx->pos + 1;
		lx->nlen = end - lx->nstart;
		lx->pos = end + 1;
		return 0;
	}
	}

	/* A bare name, by the linker's character set. */
	uint64_t p = lx->pos;
	switch (lx->sem) {
	case LS_SEM_BFD:
		if (lx->tag_mode ? !bfd_tag_start(c) : !bfd_name_start(c)) {
			lx_warn(lx, p, c);
			lx->pos++;
			goto again;
		}
		p++;
		while (ls_u8(lx->b, p, &c)) {
			if (lx->tag_mode ? bfd_tag_cont(c) : bfd_name_cont(c))
				p++;
			else if (!lx->tag_mode && c == ':' && lx_at(lx, p + 1, ':'))
				p += 2;
			else
				break;
		}
		break;
	case LS_SEM_GOLD:
		if (is_digit(c))
			return ls_fail(lx->d, p, "gold reads a number here: a name "
				       "cannot start with a digit");
		if (!gold_name_start(c))
			return ls_fail(lx->d, p, "gold does not accept 0x%02x ('%c') "
				       "outside quotes", c, c >= 0x20 && c < 0x7f ? c : '?');
		p++;
		while (ls_u8(lx->b, p, &c)) {
			if (gold_name_cont(c))
				p++;
			else if (c == ':' && lx_at(lx, p + 1, ':'))
				p += 2;
			else
				break;
		}
		break;
	default:
		if (!llvm_name(c))
			return ls_fail(lx->d, p, "%s does not accept 0x%02x ('%c') outside quotes",
				       sem_name(lx->sem), c, c >= 0x20 && c < 0x7f ? c : '?');
		while (ls_u8(lx->b, p, &c) && llvm_name(c))
			p++;
		break;
	}
	lx->tok = T_NAME;
	lx->nstart = lx->pos;
	lx->nlen = p - lx->pos;
	lx->pos = p;
	return 0;
}

static bool tok_is(const lexer *lx, const char *word)
{
	size_t n = strlen(word);

	return lx->tok == T_NAME && lx->nlen == n &&
	       memcmp(lx_ptr(lx, lx->nstart), word, n) == 0;
}

static const char *tok_text(const lexer *lx)
{
	switch (lx->tok) {
	case T_EOF: return "end of file";
	case T_LBRACE: return "'{'";
	case T_RBRACE: return "'}'";
	case T_SEMI: return "';'";
	case T_COLON: return "':'";
	case T_QUOTED: return "a quoted name";
	}
	return "a name";
}

/* --- parser -------------------------------------------------------------- */

typedef struct parser {
	lexer lx;
	unsigned flags;
	ls_verscript *vs;	/* NULL while counting */
	/* Counts (first pass) or fill positions (second pass). */
	size_t nnodes, npats, ndeps, arena;
	char *arena_base;
	bool anon_seen;
} parser;

static int fail(parser *ps, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(parser *ps, uint64_t off, const char *fmt, ...)
{
	char buf[sizeof ps->lx.d->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ls_fail(ps->lx.d, off, "%s", buf);
}

/* Takes the next token, with the lexer state saved in *save first. */
static int peek(parser *ps, lexer *save, unsigned *nwarn)
{
	*save = ps->lx;
	*nwarn = *ps->lx.nwarn;
	return lx_next(&ps->lx);
}

static void unpeek(parser *ps, const lexer *save, unsigned nwarn)
{
	ps->lx = *save;
	*ps->lx.nwarn = nwarn;
}

/* bfd's realsymbol: a glob when ?*[ appears unescaped; *esc says whether
 * a backslash must be removed from the literal. */
static bool gnu_is_glob(const char *s, size_t n, bool *esc)
{
	*esc = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\') {
			*esc = true;
			i++;
		} else if (s[i] == '?' || s[i] == '*' || s[i] == '[') {
			return true;
		}
	}
	return false;
}

static bool has_meta(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '?' || s[i] == '*' || s[i] == '[')
			return true;
	return false;
}

/* Records the name just read (lx) as a pattern. */
static int add_pattern(parser *ps, bool quoted, int lang, bool global,
		       bool in_extern)
{
	lexer *lx = &ps->lx;
	const char *s = lx_ptr(lx, lx->nstart);
	size_t n = lx->nlen;
	int sem = lx->sem;
	bool glob, star, esc = false;

	if (ps->npats >= LS_VS_MAX_PATTERNS)
		return ls_fail(lx->d, lx->start, "more than %u names in a version script",
			       LS_VS_MAX_PATTERNS);
	switch (sem) {
	case LS_SEM_BFD:
	case LS_SEM_GOLD:
		glob = !quoted && gnu_is_glob(s, n, &esc);
		/* gold: "*" is the default whether quoted or not. */
		star = sem == LS_SEM_GOLD ? n == 1 && s[0] == '*'
					  : glob && n == 1 && s[0] == '*';
		break;
	case LS_SEM_LLD:
		glob = (!quoted || !in_extern) && has_meta(s, n);
		star = glob && n == 1 && s[0] == '*';
		break;
	default:
		glob = has_meta(s, n);
		star = !quoted && n == 1 && s[0] == '*';
		break;
	}
	if (glob && !star && !vs_glob_valid((const uint8_t *)s, n, vs_dialect_of(sem))) {
		char b[64];
		return fail(ps, lx->start, sem == LS_SEM_LLD ? "invalid glob pattern: %s"
				: "invalid version pattern: %s", vs_shown(b, s, n));
	}
	if (ps->vs) {
		ls_verscript_pat *pt = &ps->vs->pats[ps->npats];
		memset(pt, 0, sizeof *pt);
		pt->text = s;
		pt->len = (uint32_t)n;
		if (esc && !glob) {
			/* bfd: "f\oo" is the name "foo". */
			char *o = ps->arena_base + ps->arena;
			size_t k = 0;
			for (size_t i = 0; i < n; i++) {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				o[k++] = s[i];
			}
			pt->text = o;
			pt->len = (uint32_t)k;
		}
		pt->node = (uint32_t)(ps->nnodes - 1);
		pt->offset = (uint32_t)lx->nstart;
		pt->lang = (uint8_t)lang;
		pt->flags = (uint8_t)((global ? LS_VSP_GLOBAL : 0) |
				      (quoted ? LS_VSP_QUOTED : 0) |
				      (glob ? LS_VSP_GLOB : 0) | (star ? LS_VSP_STAR : 0));
		ps->vs->nodes[ps->nnodes - 1].npats++;
	}
	if (esc && !glob)
		ps->arena += n;
	ps->npats++;
	return 0;
}

/* Is the current token a "global:" or "local:" label?  Consumes it (and a
 * separate ':') when it is.  -1 on a lexer error. */
static int label(parser *ps, bool in_extern, bool *is_global)
{
	lexer *lx = &ps->lx, save;
	unsigned nw;
	int sem = lx->sem;

	if (lx->tok != T_NAME)
		return 0;
	if (sem == LS_SEM_LLD || sem == LS_SEM_MOLD) {
		/* lld reads no labels inside extern. */
		if (sem == LS_SEM_LLD && in_extern)
			return 0;
		if (tok_is(lx, "global:") || tok_is(lx, "local:")) {
			*is_global = lx_ptr(lx, lx->nstart)[0] == 'g';
			return 1;
		}
	}
	if (!tok_is(lx, "global") && !tok_is(lx, "local"))
		return 0;
	*is_global = lx_ptr(lx, lx->nstart)[0] == 'g';
	if (peek(ps, &save, &nw) < 0)
		return -1;
	if ((sem_gnu(sem) && lx->tok == T_COLON) ||
	    (!sem_gnu(sem) && tok_is(lx, ":")))
		return 1;
	unpeek(ps, &save, nw);
	/* gold's grammar has no name "global" or "local" (bfd's has). */
	if (sem == LS_SEM_GOLD)
		return fail(ps, lx->start, "gold reads %s only as a label: quote "
			    "it to name a symbol", *is_global ? "global" : "local");
	return 0;
}

static int parse_list(parser *ps, bool in_extern, int lang, bool global,
		      uint64_t open, int depth);

static bool lang_ok(int sem, const char *s, size_t n, int *lang)
{
	static const struct { const char *name; int lang; } langs[] = {
		{ "C", LS_VS_C }, { "C++", LS_VS_CXX }, { "Java", LS_VS_JAVA },
	};

	if (sem == LS_SEM_GOLD && n == 0) {
		*lang = LS_VS_C;
		return true;
	}
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(langs[i].name);
		if (k != n)
			continue;
		if (langs[i].lang == LS_VS_JAVA && !sem_gnu(sem))
			continue;
		/* bfd compares with strcasecmp. */
		if (sem == LS_SEM_BFD ? strncasecmp(s, langs[i].name, n) == 0
				      : memcmp(s, langs[i].name, n) == 0) {
			*lang = langs[i].lang;
			return true;
		}
	}
	return false;
}

/* After "extern": LANG '{' names '}' ';'.  Returns 1 when bfd or gold read
 * "extern" as a plain name instead (not consumed), 0, or -1. */
static int parse_extern(parser *ps, bool global, int depth)
{
	lexer *lx = &ps->lx, save;
	unsigned nw;
	int sem = lx->sem, lang;
	uint64_t at = lx->start;
	char b[64];

	if (peek(ps, &save, &nw) < 0)
		return -1;
	if (lx->tok != T_QUOTED) {
		if (sem_gnu(sem) && (lx->tok == T_SEMI || lx->tok == T_RBRACE)) {
			unpeek(ps, &save, nw);
			return 1;
		}
		return fail(ps, lx->start, sem == LS_SEM_MOLD
			    ? "expected '\"C++\"' after extern, found %s"
			    : "expected a quoted language after extern, found %s",
			    tok_text(lx));
	}
	if (!lang_ok(sem, lx_ptr(lx, lx->nstart), lx->nlen, &lang)) {
		ls_fail(lx->d, lx->start, "%s does not know the language \"%s\" "
			"(extern \"C\"%s)", sem_name(sem),
			vs_shown(b, lx_ptr(lx, lx->nstart), lx->nlen),
			sem_gnu(sem) ? ", \"C++\" or \"Java\"" : " or \"C++\"");
		return -1;
	}
	if (depth + 1 > LS_VS_MAX_NEST)
		return ls_fail(lx->d, at, "extern blocks nested more than %d deep",
			       LS_VS_MAX_NEST);
	if (lx_next(lx) < 0)
		return -1;
	if (lx->tok != T_LBRACE)
		return fail(ps, lx->start, "expected '{' after extern \"...\", found %s",
			    tok_text(lx));
	/* mold reads the block with a fresh "global" state. */
	if (parse_list(ps, true, lang, sem == LS_SEM_MOLD ? true : global,
		       lx->start, depth + 1) < 0)
		return -1;
	if (lx_next(lx) < 0)
		return -1;
	if (lx->tok != T_SEMI)
		return fail(ps, lx->start, "expected ';' after the extern block, found %s",
			    tok_text(lx));
	return 0;
}

enum { SEC_NONE, SEC_GLOBAL, SEC_LOCAL };

/*
 * The names of a node or an extern block, up to and including its '}'.
 * open is the offset of the '{'.
 */
static int parse_list(parser *ps, bool in_extern, int lang, bool global,
		      uint64_t open, int depth)
{
	lexer *lx = &ps->lx;
	int sem = lx->sem;
	bool strict = sem_gnu(sem) && !in_extern;
	int section = SEC_NONE;
	size_t section_items = 0, items = 0;
	bool plain = false;

	for (;;) {
		bool lg;
		int r;

		if (lx_next(lx) < 0)
			return -1;
		switch (lx->tok) {
		case T_EOF:
			return fail(ps, open, "the '{' here is never closed");
		case T_RBRACE:
			if (in_extern && items == 0 && sem_gnu(sem))
				return fail(ps, lx->start, "%s refuses an empty extern block",
					    sem_name(sem));
			if (strict && section != SEC_NONE && section_items == 0)
				return fail(ps, lx->start, "%s refuses an empty global: or local: list",
					    sem_name(sem));
			return 0;
		case T_LBRACE:
		case T_COLON:
			return fail(ps, lx->start, "unexpected %s in a version node",
				    tok_text(lx));
		case T_SEMI:
			if (sem != LS_SEM_MOLD && !(sem == LS_SEM_LLD && in_extern))
				return fail(ps, lx->start, "expected a name, found %s",
					    tok_text(lx));
			/* mold, and lld inside extern, take the ';' itself as
			 * a name. */
			lx->nstart = lx->start;
			lx->nlen = 1;
			break;
		}

		uint64_t at = lx->start;
		if ((r = label(ps, in_extern, &lg)) < 0)
			return -1;
		if (r) {
			if (sem_gnu(sem)) {
				if (in_extern)
					return fail(ps, at, "%s refuses global: or local: "
						    "inside extern", sem_name(sem));
				if (lg ? section != SEC_NONE || plain
				       : section == SEC_LOCAL || plain ||
					 (section == SEC_GLOBAL && section_items == 0))
					return fail(ps, at, "%s reads an optional \"global:\" "
						    "list, then an optional \"local:\" list, each once "
						    "and not empty", sem_name(sem));
				section = lg ? SEC_GLOBAL : SEC_LOCAL;
				section_items = 0;
			}
			global = lg;
			continue;
		}

		if (lx->tok == T_NAME && tok_is(lx, "extern") &&
		    !(sem == LS_SEM_LLD && in_extern)) {
			r = parse_extern(ps, global, depth);
			if (r < 0)
				return -1;
			if (r == 0) {
				items++;
				section_items++;
				plain |= section == SEC_NONE;
				continue;
			}
			/* bfd, gold: "extern" is a name here. */
		}

		if (add_pattern(ps, lx->tok == T_QUOTED, lang, global, in_extern) < 0)
			return -1;
		items++;
		section_items++;
		plain |= section == SEC_NONE;

		if (lx_next(lx) < 0)
			return -1;
		if (lx->tok == T_SEMI)
			continue;
		if (lx->tok == T_RBRACE && (in_extern || sem == LS_SEM_MOLD))
			return 0;
		return fail(ps, lx->start, "expected ';' after the name, found %s",
			    tok_text(lx));
	}
}

static int add_dep(parser *ps)
{
	lexer *lx = &ps->lx;

	if (ps->ndeps >= LS_VS_MAX_PATTERNS)
		return ls_fail(lx->d, lx->start, "too many version dependencies");
	if (ps->vs) {
		ls_verscript_dep *dp = &ps->vs->deps[ps->ndeps];
		bool raw = lx->tok == T_QUOTED && !sem_gnu(lx->sem);
		dp->name = lx_ptr(lx, raw ? lx->start : lx->nstart);
		dp->len = (uint32_t)(raw ? lx->nlen + 2 : lx->nlen);
		dp->offset = (uint32_t)lx->start;
		dp->node = -1;
		ps->vs->nodes[ps->nnodes - 1].ndeps++;
	}
	ps->ndeps++;
	return 0;
}

/* One node; the current token is '{' or its name. */
static int parse_node(parser *ps)
{
	lexer *lx = &ps->lx;
	int sem = lx->sem;
	bool anon = lx->tok == T_LBRACE;
	uint64_t at = lx->start, nstart = 0, nlen = 0;

	if (!anon) {
		if (lx->tok != T_NAME && lx->tok != T_QUOTED)
			return fail(ps, lx->start, "expected a version name or '{', found %s",
				    tok_text(lx));
		/* gold unquotes a quoted name; lld and mold keep the quotes. */
		bool raw = lx->tok == T_QUOTED && !sem_gnu(sem);
		nstart = raw ? lx->start : lx->nstart;
		nlen = raw ? lx->nlen + 2 : lx->nlen;
	}
	if (sem == LS_SEM_BFD && (ps->anon_seen || (anon && ps->nnodes)))
		return fail(ps, at, "bfd: anonymous version tag cannot be combined "
			    "with other version tags");
	if (sem == LS_SEM_LLD && (ps->anon_seen || (anon && ps->nnodes)))
		return fail(ps, at, "lld: anonymous version definition is used in "
			    "combination with other version definitions");
	if (ps->nnodes >= LS_VS_MAX_NODES)
		return ls_fail(lx->d, at, "more than %u version nodes", LS_VS_MAX_NODES);
	ps->anon_seen |= anon;
	if (ps->vs) {
		ls_verscript_node *nd = &ps->vs->nodes[ps->nnodes];
		memset(nd, 0, sizeof *nd);
		nd->offset = (uint32_t)(anon ? at : nstart);
		nd->first_pat = (uint32_t)ps->npats;
		nd->first_dep = (uint32_t)ps->ndeps;
		if (!anon) {
			char *o = ps->arena_base + ps->arena;
			memcpy(o, lx_ptr(lx, nstart), nlen);
			o[nlen] = 0;
			nd->name = o;
			nd->name_len = (uint32_t)nlen;
		}
	}
	if (!anon)
		ps->arena += nlen + 1;
	ps->nnodes++;

	if (!anon) {
		if (lx_next(lx) < 0)
			return -1;
		if (lx->tok != T_LBRACE)
			return fail(ps, lx->start, "expected '{' after the version name, found %s",
				    tok_text(lx));
	}
	lx->tag_mode = false;
	if (parse_list(ps, false, LS_VS_C, true, lx->start, 0) < 0)
		return -1;
	lx->tag_mode = true;

	/* Dependencies, then ';'. */
	if (lx_next(lx) < 0)
		return -1;
	if (sem_gnu(sem)) {
		while (lx->tok == T_NAME || lx->tok == T_QUOTED) {
			if (anon)
				return fail(ps, lx->start, "%s: the anonymous version node "
					    "cannot have dependencies", sem_name(sem));
			if (add_dep(ps) < 0 || lx_next(lx) < 0)
				return -1;
		}
	} else if (lx->tok != T_SEMI) {
		if (anon && sem == LS_SEM_LLD)
			return fail(ps, lx->start, "expected ';' after the anonymous "
				    "version node, found %s", tok_text(lx));
		if (lx->tok != T_NAME && lx->tok != T_QUOTED)
			return fail(ps, lx->start, "expected a version name or ';', found %s",
				    tok_text(lx));
		if (add_dep(ps) < 0 || lx_next(lx) < 0)
			return -1;
	}
	if (lx->tok != T_SEMI)
		return fail(ps, lx->start, sem_gnu(sem)
			    ? "expected ';' after the version node, found %s"
			    : "expected ';' after the version node and its one dependency, found %s",
			    tok_text(lx));
	return 0;
}

static int parse_script(parser *ps)
{
	lexer *lx = &ps->lx;
	int sem = lx->sem;
	bool cmd = ps->flags & LS_VS_VERSION_COMMAND;
	uint64_t open = 0;

	lx->tag_mode = true;
	if (cmd) {
		if (lx_next(lx) < 0)
			return -1;
		if (!tok_is(lx, "VERSION"))
			return fail(ps, lx->start, "expected VERSION, found %s", tok_text(lx));
		if (lx_next(lx) < 0)
			return -1;
		if (lx->tok != T_LBRACE)
			return fail(ps, lx->start, "expected '{' after VERSION, found %s",
				    tok_text(lx));
		open = lx->start;
	}
	for (;;) {
		if (lx_next(lx) < 0)
			return -1;
		if (lx->tok == T_EOF) {
			if (cmd)
				return fail(ps, open, "VERSION { is never closed");
			break;
		}
		if (cmd && lx->tok == T_RBRACE)
			break;
		if (parse_node(ps) < 0)
			return -1;
	}
	if (ps->nnodes == 0 && (sem_gnu(sem) || (sem == LS_SEM_LLD && !cmd)))
		return fail(ps, lx->start, "%s refuses a version script without a "
			    "version node", sem_name(sem));
	if (cmd) {
		if (lx_next(lx) < 0)
			return -1;
		if (lx->tok == T_SEMI && lx_next(lx) < 0)
			return -1;
		if (lx->tok != T_EOF)
			return fail(ps, lx->start, "unexpected %s after VERSION { ... }",
				    tok_text(lx));
	}
	return 0;
}
/* --- parse: two passes, one allocation ------------------------------------ */

static size_t pow2_at_least(size_t n)
{
	size_t c = 8;

	while (c < n)
		c <<= 1;
	return c;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

int ls_verscript_parse(ls_bytes text, int sem, unsigned flags,
		       ls_verscript *out, ls_diag *d)
{
	parser ps;
	unsigned nwarn = 0;

	memset(out, 0, sizeof *out);
	if (sem < LS_SEM_BFD || sem > LS_SEM_MOLD)
		return ls_fail_nooff(d, "unknown linker semantics %d", sem);
	if (text.size > LS_VS_MAX_TEXT)
		return ls_fail(d, 0, "version script larger than %u MiB",
			       LS_VS_MAX_TEXT >> 20);
	out->sem = sem;

	/* Pass 1: count. */
	memset(&ps, 0, sizeof ps);
	ps.lx.b = text;
	ps.lx.sem = sem;
	ps.lx.d = d;
	ps.lx.nwarn = &nwarn;
	ps.flags = flags;
	if (parse_script(&ps) < 0)
		return -1;

	size_t nnodes = ps.nnodes, npats = ps.npats, ndeps = ps.ndeps;
	size_t kcap = pow2_at_least(2 * npats + 1), ncap = pow2_at_least(2 * nnodes + 1);
	size_t off_nodes = 0;
	size_t off_pats = align8(off_nodes + nnodes * sizeof(ls_verscript_node));
	size_t off_deps = align8(off_pats + npats * sizeof(ls_verscript_pat));
	size_t off_ix = align8(off_deps + ndeps * sizeof(ls_verscript_dep));
	size_t off_keys = align8(off_ix + sizeof(struct ls_vs_index));
	size_t off_khash = align8(off_keys + npats * sizeof(vs_key));
	size_t off_nhash = align8(off_khash + kcap * sizeof(uint32_t));
	size_t off_globs = align8(off_nhash + ncap * sizeof(uint32_t));
	size_t off_arena = align8(off_globs + npats * sizeof(uint32_t));
	size_t total = off_arena + ps.arena + 1;

	char *block = calloc(1, total);
	if (!block)
		return ls_fail_nooff(d, "out of memory (%zu bytes for a version script)",
				     total);
	out->block_ = block;
	out->nodes = (ls_verscript_node *)(block + off_nodes);
	out->pats = (ls_verscript_pat *)(block + off_pats);
	out->deps = (ls_verscript_dep *)(block + off_deps);
	out->ix_ = (struct ls_vs_index *)(block + off_ix);
	out->ix_->keys = (vs_key *)(block + off_keys);
	out->ix_->khash = (uint32_t *)(block + off_khash);
	out->ix_->kmask = (uint32_t)(kcap - 1);
	out->ix_->nhash = (uint32_t *)(block + off_nhash);
	out->ix_->nmask = (uint32_t)(ncap - 1);
	out->ix_->globs = (uint32_t *)(block + off_globs);

	/* Pass 2: fill (the same walk over the same bytes cannot fail). */
	nwarn = 0;
	memset(&ps, 0, sizeof ps);
	ps.lx.b = text;
	ps.lx.sem = sem;
	ps.lx.d = d;
	ps.lx.nwarn = &nwarn;
	ps.lx.warn = &out->warning;
	ps.flags = flags;
	ps.vs = out;
	ps.arena_base = block + off_arena;
	if (parse_script(&ps) < 0 || ps.npats != npats || ps.nnodes != nnodes) {
		ls_verscript_free(out);
		return -1;
	}
	out->nnodes = nnodes;
	out->npats = npats;
	out->ndeps = ndeps;
	out->nwarnings = nwarn;
	if (vs_index_build(out, d) < 0) {
		ls_verscript_free(out);
		return -1;
	}
	return 0;
}

void ls_verscript_free(ls_verscript *vs)
{
	if (!vs)
		return;
	free(vs->block_);
	memset(vs, 0, sizeof *vs);
}
