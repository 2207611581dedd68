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
 * Which names are wildcards:
 *   - bfd (ldlang.c lang_new_vers_pattern, realsymbol): a quoted name is
 *     literal; a bare one is a glob when it has '?', '*' or '[' not after a
 *     backslash, else literal with its backslashes removed.  Globs go to
 *     fnmatch (flags 0: "\\" escapes, "[!" and "[^" negate, ']' first in
 *     a set is literal, an unclosed '[' is plain; a single ':' ends a name,
 *     so [:class:] cannot be written).
 *   - gold (script.cc Version_script_info::unquote, get_symbol_version):
 *     the same decision; fnmatch with FNM_NOESCAPE.
 *   - lld (readSymbols, readVersionExtern, SymbolVersion::hasWildcard,
 *     llvm GlobPattern): outside extern any name with ?*[ is a glob, quoted
 *     or not (seen: "fo*" matches foo); inside extern a quoted name is
 *     literal.  GlobPattern: "\\" escapes, "[!" and "[^" negate, ']' first
 *     in a set is literal, no classes; an unclosed '[' or a reversed range
 *     is an error ("invalid glob pattern").
 *   - mold (apply_version_script, MultiGlob, Glob::compile): any name with
 *     ?*[ is a glob, quoted or not; "[^" negates, '!' is literal, '\\'
 *     escapes only inside [], "[]" is an empty set; malformed sets are an
 *     error ("invalid version pattern").
 *   - extern "C++" patterns match the demangled name (DMGL_PARAMS |
 *     DMGL_ANSI).  bfd, lld and mold let them match a name that does not
 *     demangle, as is; gold does not (seen: extern "C++" { cfunc; }).
 *     bfd does the same with extern "Java" (seen); the Java form of a
 *     mangled name is not modelled.
 *
 * Precedence, for one symbol:
 *   - bfd (elflink.c bfd_find_version_for_sym with lang_vers_match): nodes
 *     in order; in each, the globals then the locals.  The first exact
 *     match wins (a global before a local of the same node).  Else a global
 *     glob of the LAST node that has one matching, else a local glob
 *     (last node), else a global "*", else a local "*": a global glob beats
 *     a local one whatever their nodes (seen).  "duplicate expression" is
 *     an error when a name or identical glob is global in one node and
 *     local in an earlier one or the other way round (lang_register_vers_node;
 *     the same name global in two nodes is not an error: the first wins).
 *   - gold (script.cc comment "these are the rules that gold implements",
 *     build_lookup_tables, get_symbol_version): an exact C match, else an
 *     exact C++ match; the first in node order with a node's locals before
 *     its globals; a name global and local in one node is an error, in two
 *     nodes a warning (first wins).  Then the globs in reverse: the last
 *     node first, its globals then its locals, each list backwards.  Then
 *     the last "*" (a warning if in two nodes, an error if global and local
 *     in one).
 *   - lld 14 (SymbolTable::scanVersionScript, assignExactVersion,
 *     assignWildcardVersion; readAnonymousDeclaration puts anonymous locals
 *     in version 0, before the anonymous globals): exact names first, in
 *     version order (anonymous: locals, globals; a named node: globals,
 *     locals), the first assignment wins ("attempt to reassign symbol" for
 *     the others).  Then globs other than "*" with the versions in reverse
 *     order (a node's globals before its locals).  Then "*" in forward
 *     order: anonymous "local: *" beats "global: *" (seen), a named node's
 *     global "*" its local one.  (LLD 15 and later changed this order and
 *     the "*" warnings; LLD 16 refuses names that match nothing.)
 *   - mold 1.10 (apply_version_script): "*" (bare) only sets the default
 *     for names nothing else matches; the last one wins.  When no pattern
 *     is a glob or C++, the LAST exact name wins; otherwise the FIRST
 *     matching pattern in the script, exact or not (seen: V1 { foo*; };
 *     V2 { foobar; } puts foobar in V1).
 * Version nodes: the deciding pattern's node.  A "local" result hides the
 * symbol; a symbol no pattern matches keeps the default (global, the base
 * version).
 *
 * Representation: the script is parsed twice, first to count, then to
 * fill one allocation holding the nodes, patterns, dependencies, the
 * distinct names (keys) with their hash table, and the glob order.  Each
 * key records the pattern the linker would pick among its exact matches,
 * so a lookup is two hash probes plus the globs in linker order, each
 * matched with one backtrack point per '*' (O(pattern x name)).
 */
#include "verscript.h"

#include "linkcmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#define NONE32 UINT32_MAX

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
static const char *shown(char buf[64], const char *s, size_t n)
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

/* --- globs --------------------------------------------------------------- */

enum {
	GD_FNM,		/* glibc fnmatch, flags 0 (bfd) */
	GD_FNM_NOESC,	/* fnmatch with FNM_NOESCAPE (gold) */
	GD_LLVM,	/* llvm::GlobPattern of LLVM 14 (lld) */
	GD_MOLD,	/* mold::Glob of mold 1.10 */
};

static int dialect_of(int sem)
{
	switch (sem) {
	case LS_SEM_GOLD: return GD_FNM_NOESC;
	case LS_SEM_LLD: return GD_LLVM;
	case LS_SEM_MOLD: return GD_MOLD;
	}
	return GD_FNM;
}

/*
 * The bracket expression at p[i] == '[' against ch.  Returns 1 or 0 with
 * *next after it; -1 when it is not a bracket expression for this dialect
 * (fnmatch: the '[' is then an ordinary character; lld and mold refuse the
 * pattern at parse time); -2 when the whole pattern can never match
 * (fnmatch: a '\\' that ends the pattern).  fnmatch's [:class:] cannot be
 * written: a single ':' ends a bfd or gold name.
 */
static int bracket_fnm(const uint8_t *p, size_t n, size_t i, uint8_t ch,
		       bool esc, size_t *next)
{
	size_t j = i + 1;
	bool neg = false, hit = false, first = true;

	if (j < n && (p[j] == '!' || p[j] == '^')) {
		neg = true;
		j++;
	}
	for (;;) {
		if (j >= n)
			return -1;
		uint8_t lo = p[j];
		if (lo == ']' && !first) {
			j++;
			break;
		}
		first = false;
		if (lo == '\\' && esc) {
			if (++j >= n)
				return -2;
			lo = p[j];
		}
		j++;
		if (j + 1 < n && p[j] == '-' && p[j + 1] != ']') {
			uint8_t hi = p[j + 1];
			j += 2;
			if (hi == '\\' && esc) {
				if (j >= n)
					return -2;
				hi = p[j++];
			}
			hit |= lo <= ch && ch <= hi;
		} else {
			hit |= ch == lo;
		}
	}
	*next = j;
	return hit != neg;
}

/* LLVM 14 GlobPattern: the set ends at the first ']' two or more bytes
 * after the '['; X-Y ranges are read three bytes at a time. */
static int bracket_llvm(const uint8_t *p, size_t n, size_t i, uint8_t ch,
			size_t *next)
{
	size_t end = i + 2, k = i + 1;
	bool neg = false, hit = false;

	while (end < n && p[end] != ']')
		end++;
	if (end >= n)
		return -1;
	if (p[k] == '^' || p[k] == '!') {
		neg = true;
		k++;
	}
	while (end - k >= 3) {
		if (p[k + 1] != '-') {
			hit |= ch == p[k];
			k++;
			continue;
		}
		if (p[k] > p[k + 2])
			return -1;
		hit |= p[k] <= ch && ch <= p[k + 2];
		k += 3;
	}
	for (; k < end; k++)
		hit |= ch == p[k];
	*next = end + 1;
	return hit != neg;
}

/* mold 1.10 Glob::compile: "[^" negates; ']' closes at once; '\\' takes
 * the next byte; X-Y when three bytes remain in the pattern. */
static int bracket_mold(const uint8_t *p, size_t n, size_t i, uint8_t ch,
			size_t *next)
{
	size_t j = i + 1;
	bool neg = false, hit = false;

	if (j < n && p[j] == '^') {
		neg = true;
		j++;
	}
	for (;;) {
		if (j >= n)
			return -1;
		if (p[j] == ']') {
			j++;
			break;
		}
		if (p[j] == '\\' && ++j >= n)
			return -1;
		if (n - j >= 3 && p[j + 1] == '-') {
			uint8_t lo = p[j], hi = p[j + 2];
			j += 3;
			if (hi == '\\') {
				if (j >= n)
					return -1;
				hi = p[j++];
			}
			if (hi < lo)
				return -1;
			hit |= lo <= ch && ch <= hi;
		} else {
			hit |= ch == p[j];
			j++;
		}
	}
	*next = j;
	return hit != neg;
}

/* One pattern element at p[i] (not '*') against ch: 1, 0, or -2 (never). */
static int atom(const uint8_t *p, size_t n, size_t i, uint8_t ch, int dia,
		size_t *next)
{
	int r;

	*next = i + 1;
	switch (p[i]) {
	case '?':
		return 1;
	case '[':
		if (dia == GD_FNM || dia == GD_FNM_NOESC)
			r = bracket_fnm(p, n, i, ch, dia == GD_FNM, next);
		else if (dia == GD_LLVM)
			r = bracket_llvm(p, n, i, ch, next);
		else
			r = bracket_mold(p, n, i, ch, next);
		if (r != -1)
			return r;
		*next = i + 1;
		return ch == '[';
	case '\\':
		if (dia == GD_FNM || dia == GD_LLVM) {
			/* fnmatch: a final '\\' never matches; LLVM 14 reads
			 * past the pattern there: nothing we can match. */
			if (i + 1 >= n)
				return -2;
			*next = i + 2;
			return ch == p[i + 1];
		}
		return ch == '\\';
	}
	return ch == p[i];
}

/*
 * Glob match with a single backtrack point: on a mismatch the last '*'
 * takes one more byte.  Every element but '*' consumes exactly one byte,
 * so this is exact and costs at most O(n * m).
 */
static bool glob_match(const uint8_t *p, size_t n, const uint8_t *s, size_t m,
		       int dia)
{
	size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0, next;

	while (si < m) {
		if (pi < n) {
			if (p[pi] == '*') {
				star_p = ++pi;
				star_s = si;
				continue;
			}
			int r = atom(p, n, pi, s[si], dia, &next);
			if (r < 0)
				return false;
			if (r == 1) {
				pi = next;
				si++;
				continue;
			}
		}
		if (star_p == SIZE_MAX)
			return false;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < n && p[pi] == '*')
		pi++;
	return pi == n;
}

/* lld and mold refuse a glob they cannot compile. */
static bool glob_valid(const uint8_t *p, size_t n, int dia)
{
	size_t next;

	if (dia != GD_LLVM && dia != GD_MOLD)
		return true;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && dia == GD_LLVM) {
			i++;
		} else if (p[i] == '[') {
			int r = dia == GD_LLVM ? bracket_llvm(p, n, i, 0, &next)
					       : bracket_mold(p, n, i, 0, &next);
			if (r < 0)
				return false;
			i = next - 1;
		}
	}
	return true;
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
	if (glob && !star && !glob_valid((const uint8_t *)s, n, dialect_of(sem))) {
		char b[64];
		return fail(ps, lx->start, sem == LS_SEM_LLD ? "invalid glob pattern: %s"
				: "invalid version pattern: %s", shown(b, s, n));
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
			shown(b, lx_ptr(lx, lx->nstart), lx->nlen),
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

/* --- index ------------------------------------------------------------------ */

typedef struct vs_key {
	uint32_t pat;		/* first pattern with this key */
	uint32_t winner;	/* the exact match the linker picks, or NONE32 */
	uint32_t rank;		/* its position in the linker's exact order */
	uint32_t gnode, lnode;	/* bfd: first node listing it global, local */
	uint8_t ambiguous;
	uint8_t pad[3];
} vs_key;

struct ls_vs_index {
	vs_key *keys;
	uint32_t nkeys;
	uint32_t *khash;	/* key index + 1 */
	uint32_t kmask;
	uint32_t *nhash;	/* node index + 1, by name */
	uint32_t nmask;
	uint32_t *globs;	/* pattern indices in match order */
	uint32_t nglobs;
	uint32_t star_g, star_l;	/* the "*" patterns that apply */
	bool mold_simple;
	bool has_cxx, has_java;
	uint64_t seed[2];	/* the hash key */
	int dialect;
};

/*
 * SipHash-1-3 with a key drawn for each parse: a script crafted so that
 * its names collide cannot be written without knowing the key, so the
 * tables stay O(1) per name on hostile input.
 */
static uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND                                                        \
	do {                                                            \
		v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32); \
		v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                  \
		v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                  \
		v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32); \
	} while (0)

static uint64_t siphash13(const uint64_t key[2], const char *s, size_t n,
			  uint64_t tweak)
{
	uint64_t k0 = key[0] ^ tweak, k1 = key[1];
	uint64_t v0 = k0 ^ 0x736f6d6570736575ull, v1 = k1 ^ 0x646f72616e646f6dull;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ull, v3 = k1 ^ 0x7465646279746573ull;
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;
	uint64_t m;

	for (; i + 8 <= n; i += 8) {
		m = 0;
		for (int k = 0; k < 8; k++)
			m |= (uint64_t)p[i + k] << (8 * k);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	m = (uint64_t)n << 56;
	for (int k = 0; i + k < n; k++)
		m |= (uint64_t)p[i + k] << (8 * k);
	v3 ^= m;
	SIPROUND;
	v0 ^= m;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint32_t hash_bytes(const struct ls_vs_index *ix, const char *s, size_t n,
			   uint64_t tweak)
{
	return (uint32_t)siphash13(ix->seed, s, n, tweak);
}

static uint64_t key_seed(int lang, bool literal)
{
	return (uint64_t)(lang * 2 + literal + 1);
}

/* The per-parse hash key: getrandom, else addresses and time. */
static void seed_init(uint64_t seed[2])
{
	if (getrandom(seed, 2 * sizeof seed[0], GRND_NONBLOCK) ==
	    (ssize_t)(2 * sizeof seed[0]))
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	seed[0] = (uint64_t)(uintptr_t)seed ^ ((uint64_t)ts.tv_nsec << 32) ^
		  (uint64_t)ts.tv_sec;
	seed[1] = (uint64_t)(uintptr_t)&seed_init * 0x9e3779b97f4a7c15ull ^
		  (uint64_t)ts.tv_nsec;
}

static bool pat_literal(const ls_verscript_pat *p)
{
	return !(p->flags & LS_VSP_GLOB);
}

/* The key of (lang, literal, s), or -1. */
static int64_t key_find(const ls_verscript *vs, int lang, bool literal,
			const char *s, size_t n)
{
	const struct ls_vs_index *ix = vs->ix_;
	uint32_t h = hash_bytes(ix, s, n, key_seed(lang, literal)) & ix->kmask;

	for (;;) {
		uint32_t k = ix->khash[h];
		if (!k)
			return -1;
		const ls_verscript_pat *p = &vs->pats[ix->keys[k - 1].pat];
		if (p->lang == lang && pat_literal(p) == literal && p->len == n &&
		    memcmp(p->text, s, n) == 0)
			return k - 1;
		h = (h + 1) & ix->kmask;
	}
}

static void keys_build(ls_verscript *vs)
{
	struct ls_vs_index *ix = vs->ix_;

	for (size_t i = 0; i < vs->npats; i++) {
		ls_verscript_pat *p = &vs->pats[i];
		bool lit = pat_literal(p);
		uint32_t h = hash_bytes(ix, p->text, p->len, key_seed(p->lang, lit)) & ix->kmask;
		for (;;) {
			uint32_t k = ix->khash[h];
			if (!k) {
				vs_key *ky = &ix->keys[ix->nkeys];
				memset(ky, 0, sizeof *ky);
				ky->pat = (uint32_t)i;
				ky->winner = NONE32;
				ky->gnode = ky->lnode = NONE32;
				ix->khash[h] = ++ix->nkeys;
				p->key_ = ix->nkeys - 1;
				break;
			}
			const ls_verscript_pat *q = &vs->pats[ix->keys[k - 1].pat];
			if (q->lang == p->lang && pat_literal(q) == lit && q->len == p->len &&
			    memcmp(q->text, p->text, p->len) == 0) {
				p->key_ = k - 1;
				break;
			}
			h = (h + 1) & ix->kmask;
		}
	}
}

static bool same_name(const ls_verscript_node *a, const ls_verscript_node *b)
{
	if (!a->name || !b->name)
		return !a->name && !b->name;
	return a->name_len == b->name_len && memcmp(a->name, b->name, a->name_len) == 0;
}

static int64_t node_find(const ls_verscript *vs, const char *s, size_t n)
{
	const struct ls_vs_index *ix = vs->ix_;
	uint32_t h = hash_bytes(ix, s, n, 0) & ix->nmask;

	for (;;) {
		uint32_t k = ix->nhash[h];
		if (!k)
			return -1;
		const ls_verscript_node *nd = &vs->nodes[k - 1];
		if (nd->name_len == n && memcmp(nd->name, s, n) == 0)
			return k - 1;
		h = (h + 1) & ix->nmask;
	}
}

/* Node names: duplicates (bfd, gold refuse them) and dependencies. */
static int nodes_check(ls_verscript *vs, ls_diag *d)
{
	struct ls_vs_index *ix = vs->ix_;
	int sem = vs->sem;
	char b[64];

	for (size_t i = 0; i < vs->nnodes; i++) {
		const ls_verscript_node *nd = &vs->nodes[i];
		if (!nd->name)
			continue;
		int64_t j = node_find(vs, nd->name, nd->name_len);
		if (j >= 0) {
			if (sem == LS_SEM_BFD)
				return ls_fail(d, nd->offset, "bfd: duplicate version tag `%s'",
					       shown(b, nd->name, nd->name_len));
			if (sem == LS_SEM_GOLD)
				return ls_fail(d, nd->offset, "gold: multiple definition of "
					       "version '%s'", shown(b, nd->name, nd->name_len));
			continue;
		}
		uint32_t h = hash_bytes(ix, nd->name, nd->name_len, 0) & ix->nmask;
		while (ix->nhash[h])
			h = (h + 1) & ix->nmask;
		ix->nhash[h] = (uint32_t)i + 1;
	}
	for (size_t i = 0; i < vs->nnodes; i++) {
		const ls_verscript_node *nd = &vs->nodes[i];
		for (uint32_t k = 0; k < nd->ndeps; k++) {
			ls_verscript_dep *dp = &vs->deps[nd->first_dep + k];
			int64_t j = node_find(vs, dp->name, dp->len);
			dp->node = (int32_t)j;
			if (sem == LS_SEM_BFD && (j < 0 || (size_t)j >= i))
				return ls_fail(d, dp->offset, "bfd: unable to find version "
					       "dependency `%s' (it must be defined before)",
					       shown(b, dp->name, dp->len));
			if (sem == LS_SEM_GOLD && j < 0)
				return ls_fail(d, dp->offset, "gold: version dependency '%s' "
					       "is not defined (gold stops with an internal error)",
					       shown(b, dp->name, dp->len));
		}
	}
	return 0;
}

/* bfd's lang_register_vers_node: a name or glob global in one node and
 * local in an earlier one (or the other way round) is an error. */
static int bfd_duplicates(ls_verscript *vs, ls_diag *d)
{
	char b[64];

	for (size_t i = 0; i < vs->npats; i++) {
		const ls_verscript_pat *p = &vs->pats[i];
		vs_key *k = &vs->ix_->keys[p->key_];
		bool g = p->flags & LS_VSP_GLOBAL;
		uint32_t other = g ? k->lnode : k->gnode;
		if (other != NONE32 && other < p->node)
			return ls_fail(d, p->offset, "bfd: duplicate expression `%s' in "
				       "version information", shown(b, p->text, p->len));
		uint32_t *mine = g ? &k->gnode : &k->lnode;
		if (*mine == NONE32)
			*mine = p->node;
	}
	return 0;
}

/*
 * Visits the patterns of node n in the order sub: 0 globals then locals,
 * 1 locals then globals; forward or backward within each list.
 */
typedef struct order_ctx {
	ls_verscript *vs;
	ls_diag *d;
	uint32_t counter;
	uint32_t star_pat;	/* gold: the default so far */
	int err;
} order_ctx;

typedef void (*visit_fn)(order_ctx *, uint32_t pat);

static void visit_node(order_ctx *c, uint32_t n, bool locals_first,
		       bool backward, visit_fn fn)
{
	const ls_verscript_node *nd = &c->vs->nodes[n];

	for (int pass = 0; pass < 2 && !c->err; pass++) {
		bool want_global = (pass == 0) != locals_first;
		for (uint32_t k = 0; k < nd->npats && !c->err; k++) {
			uint32_t i = nd->first_pat + (backward ? nd->npats - 1 - k : k);
			bool g = c->vs->pats[i].flags & LS_VSP_GLOBAL;
			if (g == want_global)
				fn(c, i);
		}
	}
}

static bool exact_candidate(const ls_verscript_pat *p)
{
	return pat_literal(p) && !(p->flags & LS_VSP_STAR);
}

/* lld's version id of a pattern: VER_NDX_LOCAL, or its node. */
static uint32_t lld_id(const ls_verscript_pat *p)
{
	return p->flags & LS_VSP_GLOBAL ? p->node + 1 : 0;
}

static void visit_exact(order_ctx *c, uint32_t i)
{
	ls_verscript *vs = c->vs;
	const ls_verscript_pat *p = &vs->pats[i];
	vs_key *k = &vs->ix_->keys[p->key_];

	if (!exact_candidate(p))
		return;
	if (k->winner == NONE32) {
		k->winner = i;
		k->rank = c->counter++;
		return;
	}
	const ls_verscript_pat *w = &vs->pats[k->winner];
	if (vs->sem == LS_SEM_GOLD) {
		/* gold: Version_script_info::add_exact_match. */
		if (!same_name(&vs->nodes[w->node], &vs->nodes[p->node])) {
			k->ambiguous = 1;
		} else if ((w->flags ^ p->flags) & LS_VSP_GLOBAL) {
			char b[64], b2[64];
			const ls_verscript_node *nd = &vs->nodes[p->node];
			ls_fail(c->d, p->offset > w->offset ? p->offset : w->offset,
				"gold: '%s' appears as both a global and "
				"a local symbol for version '%s' in script",
				shown(b, p->text, p->len),
				nd->name ? shown(b2, nd->name, nd->name_len) : "");
			c->err = -1;
		}
	} else if (vs->sem == LS_SEM_LLD && lld_id(w) != lld_id(p)) {
		k->ambiguous = 1;
	}
}

static void visit_glob(order_ctx *c, uint32_t i)
{
	const ls_verscript_pat *p = &c->vs->pats[i];

	if ((p->flags & (LS_VSP_GLOB | LS_VSP_STAR)) == LS_VSP_GLOB)
		c->vs->ix_->globs[c->vs->ix_->nglobs++] = i;
}

static void visit_gold_star(order_ctx *c, uint32_t i)
{
	ls_verscript *vs = c->vs;
	const ls_verscript_pat *p = &vs->pats[i];
	char b[64], b2[64];

	if (!(p->flags & LS_VSP_STAR))
		return;
	if (c->star_pat != NONE32) {
		const ls_verscript_pat *o = &vs->pats[c->star_pat];
		const ls_verscript_node *on = &vs->nodes[o->node], *nd = &vs->nodes[p->node];
		if (!same_name(on, nd)) {
			if (vs->nwarnings++ == 0) {
				ls_fail(&vs->warning, p->offset, "gold: wildcard match appears in "
					"both version '%s' and '%s' in script",
					on->name ? shown(b, on->name, on->name_len) : "",
					nd->name ? shown(b2, nd->name, nd->name_len) : "");
				vs->warning.warning = true;
			}
		} else if ((o->flags ^ p->flags) & LS_VSP_GLOBAL) {
			ls_fail(c->d, p->offset > o->offset ? p->offset : o->offset,
				"gold: wildcard match appears as both "
				"global and local in version '%s' in script",
				nd->name ? shown(b, nd->name, nd->name_len) : "");
			c->err = -1;
			return;
		}
	}
	c->star_pat = i;
}

static void visit_first_star(order_ctx *c, uint32_t i)
{
	if ((c->vs->pats[i].flags & LS_VSP_STAR) && c->star_pat == NONE32)
		c->star_pat = i;
}

static int index_build(ls_verscript *vs, ls_diag *d)
{
	struct ls_vs_index *ix = vs->ix_;
	order_ctx c = { vs, d, 0, NONE32, 0 };
	int sem = vs->sem;
	uint32_t nn = (uint32_t)vs->nnodes;

	ix->dialect = dialect_of(sem);
	seed_init(ix->seed);
	ix->star_g = ix->star_l = NONE32;
	keys_build(vs);
	if (nodes_check(vs, d) < 0)
		return -1;
	if (sem == LS_SEM_BFD && bfd_duplicates(vs, d) < 0)
		return -1;

	ix->mold_simple = true;
	for (size_t i = 0; i < vs->npats; i++) {
		const ls_verscript_pat *p = &vs->pats[i];
		if (p->flags & LS_VSP_STAR)
			continue;
		if ((p->flags & LS_VSP_GLOB) || p->lang == LS_VS_CXX)
			ix->mold_simple = false;
		if (p->lang == LS_VS_CXX)
			ix->has_cxx = true;
		if (p->lang == LS_VS_JAVA)
			ix->has_java = true;
	}

	switch (sem) {
	case LS_SEM_BFD:
		/* Exact: script order.  Globs: backwards (the last node with
		 * a match decides).  Stars: the last global and local ones. */
		for (uint32_t n = 0; n < nn; n++)
			visit_node(&c, n, false, false, visit_exact);
		for (size_t i = vs->npats; i-- > 0;)
			visit_glob(&c, (uint32_t)i);
		for (size_t i = 0; i < vs->npats; i++) {
			const ls_verscript_pat *p = &vs->pats[i];
			if (p->flags & LS_VSP_STAR) {
				if (p->flags & LS_VSP_GLOBAL)
					ix->star_g = (uint32_t)i;
				else
					ix->star_l = (uint32_t)i;
			}
		}
		break;
	case LS_SEM_GOLD:
		/* build_lookup_tables: each node's locals, then its globals. */
		for (uint32_t n = 0; n < nn && !c.err; n++)
			visit_node(&c, n, true, false, visit_exact);
		for (uint32_t n = 0; n < nn && !c.err; n++)
			visit_node(&c, n, true, false, visit_gold_star);
		if (c.err)
			return -1;
		ix->star_g = c.star_pat;
		/* get_symbol_version walks globs_ backwards. */
		for (uint32_t n = nn; n-- > 0;)
			visit_node(&c, n, false, true, visit_glob);
		break;
	case LS_SEM_LLD:
		/* scanVersionScript: anonymous locals are version 0, before
		 * the anonymous globals (version 1). */
		for (uint32_t n = 0; n < nn; n++)
			visit_node(&c, n, !vs->nodes[n].name, false, visit_exact);
		for (uint32_t n = nn; n-- > 0;)
			visit_node(&c, n, false, false, visit_glob);
		for (uint32_t n = 0; n < nn; n++)
			visit_node(&c, n, !vs->nodes[n].name, false, visit_first_star);
		ix->star_g = c.star_pat;
		break;
	default:
		/* mold: the last exact name when all are simple, else the
		 * first pattern that matches; the last bare "*". */
		if (ix->mold_simple) {
			for (size_t i = vs->npats; i-- > 0;)
				visit_exact(&c, (uint32_t)i);
		} else {
			for (size_t i = 0; i < vs->npats; i++)
				visit_exact(&c, (uint32_t)i);
		}
		for (size_t i = 0; i < vs->npats; i++) {
			visit_glob(&c, (uint32_t)i);
			if (vs->pats[i].flags & LS_VSP_STAR)
				ix->star_g = (uint32_t)i;
		}
		break;
	}
	return c.err;
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
	if (index_build(out, d) < 0) {
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

/* --- lookup ----------------------------------------------------------------- */

static int answer(const ls_verscript *vs, uint32_t pat, bool catch_all,
		  bool ambiguous, ls_vermatch *out)
{
	const ls_verscript_pat *p = &vs->pats[pat];
	const ls_verscript_node *nd = &vs->nodes[p->node];

	out->matched = true;
	out->global = p->flags & LS_VSP_GLOBAL;
	out->exact = !(p->flags & LS_VSP_GLOB) && !catch_all;
	out->catch_all = catch_all;
	out->ambiguous = ambiguous;
	out->version = nd->name;
	out->version_len = nd->name ? nd->name_len : 0;
	out->node = (int)p->node;
	out->pat = (int)pat;
	out->offset = p->offset;
	return 1;
}

/* The exact winner of a key, or NONE32. */
static uint32_t winner(const ls_verscript *vs, int lang, const char *s, size_t n,
		       const vs_key **k)
{
	int64_t i = key_find(vs, lang, true, s, n);

	*k = NULL;
	if (i < 0 || vs->ix_->keys[i].winner == NONE32)
		return NONE32;
	*k = &vs->ix_->keys[i];
	return (*k)->winner;
}

int ls_verscript_lookup(const ls_verscript *vs, const char *name, size_t len,
			const char *demangled, ls_vermatch *out)
{
	const struct ls_vs_index *ix;
	const char *cxx;
	size_t cxx_len;
	const char *java;
	const vs_key *kc = NULL, *kx = NULL, *kj = NULL;
	uint32_t wc, wx = NONE32, wj = NONE32, best = NONE32;
	bool amb = false;

	if (!out)
		return -1;
	memset(out, 0, sizeof *out);
	out->node = -1;
	out->pat = -1;
	if (!vs || !vs->ix_ || (!name && len))
		return -1;
	ix = vs->ix_;
	/* bfd, lld and mold match C++ patterns against a name that does not
	 * demangle as it is; gold skips them. */
	cxx = demangled ? demangled : vs->sem == LS_SEM_GOLD ? NULL : name;
	cxx_len = demangled ? strlen(demangled) : cxx ? len : 0;
	/* extern "Java": bfd matches a name that does not demangle as it
	 * is; the Java form of a mangled name (DMGL_JAVA) is not modelled,
	 * and gold skips names that do not demangle. */
	java = !demangled && vs->sem == LS_SEM_BFD ? (name ? name : "") : NULL;

	wc = winner(vs, LS_VS_C, name ? name : "", len, &kc);
	if (cxx && ix->has_cxx)
		wx = winner(vs, LS_VS_CXX, cxx, cxx_len, &kx);
	if (java && ix->has_java)
		wj = winner(vs, LS_VS_JAVA, java, len, &kj);

	switch (vs->sem) {
	case LS_SEM_GOLD:
		if (wc != NONE32)
			return answer(vs, wc, false, kc->ambiguous, out);
		if (wx != NONE32)
			return answer(vs, wx, false, kx->ambiguous, out);
		break;
	case LS_SEM_LLD:
		if (wc != NONE32 && wx != NONE32) {
			best = kc->rank < kx->rank ? wc : wx;
			amb = lld_id(&vs->pats[wc]) != lld_id(&vs->pats[wx]);
		} else {
			best = wc != NONE32 ? wc : wx;
		}
		if (best != NONE32)
			return answer(vs, best, false,
				      amb || (kc && kc->ambiguous) || (kx && kx->ambiguous), out);
		break;
	case LS_SEM_MOLD:
		if (ix->mold_simple) {
			if (wc != NONE32)
				return answer(vs, wc, false, false, out);
			goto star;
		}
		/* Otherwise the first pattern that matches, as bfd's exact. */
		__attribute__((fallthrough));
	default:
		best = wc < wx ? wc : wx;
		best = best < wj ? best : wj;
		if (vs->sem == LS_SEM_BFD && best != NONE32)
			return answer(vs, best, false, false, out);
		break;
	}

	/* Globs, in the linker's order. */
	{
		uint32_t lw = NONE32;
		for (uint32_t g = 0; g < ix->nglobs; g++) {
			uint32_t i = ix->globs[g];
			const ls_verscript_pat *p = &vs->pats[i];
			const char *s = name ? name : "";
			size_t n = len;
			if (vs->sem == LS_SEM_MOLD && i > best)
				break;
			if (p->lang == LS_VS_CXX) {
				if (!cxx)
					continue;
				s = cxx;
				n = cxx_len;
			} else if (p->lang == LS_VS_JAVA && !java) {
				continue;
			}
			if (!glob_match((const uint8_t *)p->text, p->len,
					(const uint8_t *)s, n, ix->dialect))
				continue;
			if (vs->sem != LS_SEM_BFD)
				return answer(vs, i, false, false, out);
			/* bfd: a global glob (of the last such node) beats any
			 * local one; else the local glob of the last node. */
			if (p->flags & LS_VSP_GLOBAL)
				return answer(vs, i, false, false, out);
			if (lw == NONE32)
				lw = i;
		}
		if (lw != NONE32)
			return answer(vs, lw, false, false, out);
		if (vs->sem == LS_SEM_MOLD && best != NONE32)
			return answer(vs, best, false, false, out);
	}

star:
	if (ix->star_g != NONE32)
		return answer(vs, ix->star_g, true, false, out);
	if (ix->star_l != NONE32)
		return answer(vs, ix->star_l, true, false, out);
	return 0;
}
