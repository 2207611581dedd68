/*
 * verscript_match.c - which version a symbol gets from a parsed version
 * script, as bfd, gold, lld or mold decide it; see verscript.h (the
 * reading is verscript.c).
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
#include "verscript_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* --- globs --------------------------------------------------------------- */

int vs_dialect_of(int sem)
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
bool vs_glob_valid(const uint8_t *p, size_t n, int dia)
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
/* --- index ------------------------------------------------------------------ */
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
					       vs_shown(b, nd->name, nd->name_len));
			if (sem == LS_SEM_GOLD)
				return ls_fail(d, nd->offset, "gold: multiple definition of "
					       "version '%s'", vs_shown(b, nd->name, nd->name_len));
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
					       vs_shown(b, dp->name, dp->len));
			if (sem == LS_SEM_GOLD && j < 0)
				return ls_fail(d, dp->offset, "gold: version dependency '%s' "
					       "is not defined (gold stops with an internal error)",
					       vs_shown(b, dp->name, dp->len));
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
				       "version information", vs_shown(b, p->text, p->len));
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
				vs_shown(b, p->text, p->len),
				nd->name ? vs_shown(b2, nd->name, nd->name_len) : "");
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
					on->name ? vs_shown(b, on->name, on->name_len) : "",
					nd->name ? vs_shown(b2, nd->name, nd->name_len) : "");
				vs->warning.warning = true;
			}
		} else if ((o->flags ^ p->flags) & LS_VSP_GLOBAL) {
			ls_fail(c->d, p->offset > o->offset ? p->offset : o->offset,
				"gold: wildcard match appears as both "
				"global and local in version '%s' in script",
				nd->name ? vs_shown(b, nd->name, nd->name_len) : "");
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

int vs_index_build(ls_verscript *vs, ls_diag *d)
{
	struct ls_vs_index *ix = vs->ix_;
	order_ctx c = { vs, d, 0, NONE32, 0 };
	int sem = vs->sem;
	uint32_t nn = (uint32_t)vs->nnodes;

	ix->dialect = vs_dialect_of(sem);
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
