/*
 * resolve.c - symbol resolution of a static link, as GNU ld, gold, lld or
 * mold would do it (shared/reference §A; docs/link.md, "Resolution").
 *
 * Every archive's index is read once, up front, into "lazy" entries
 * chained per name in command-line order.  The two families then differ
 * only in when an archive may answer a reference:
 *
 *  - GNU ld and gold visit an archive once, at its place on the command
 *    line (a group: until a pass over it adds nothing).  Instead of
 *    rescanning the whole index at each visit, a name that becomes
 *    strongly undefined is queued on the pending list of every archive
 *    whose index defines it and that is still to be visited; a visit only
 *    drains its own list.  The cost is proportional to the references, not
 *    to index size times passes.
 *  - lld and mold keep every archive symbol lazy for the whole link: a
 *    strong reference to a name an archive already seen defines extracts
 *    the member at once, wherever the reference comes from.
 *
 * Names point into the mapped inputs; the table is sized from the inputs'
 * symbol counts before anything is inserted.
 *
 * This file holds the table (what a reference, a definition or a common
 * symbol does to a name under each linker's rules) and the order of the
 * whole link (link_resolve); loading objects, DSOs and members is
 * resolve_load.c, archive indexes and visits resolve_archive.c.
 */
#include "link_impl.h"
#include "resolve_impl.h"
#include "../core/array.h"
#include "../readers/gcc_lto.h"
#include "ldexpr.h"
#include "../readers/elf_defs.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The key a symbol name is entered under: "foo@@V" defines plain "foo"
 * (its default version), "foo@V" stays a name of its own. */
uint32_t rs_key_len(const char *name, size_t len, bool def)
{
	const char *at = memchr(name, '@', len);

	if (def && at && at + 1 < name + len && at[1] == '@')
		return (uint32_t)(at - name);
	return (uint32_t)len;
}

int64_t rs_sym_get(linkctx *c, const char *name, uint32_t len)
{
	bool made;

	return ltab_get(&c->tab, name, len, ls_lhash(name, len), &made);
}

static void merge_vis(lsym *s, uint8_t vis)
{
	if (vis && (!s->vis || vis < s->vis))
		s->vis = vis;
}

bool rs_strongly_undefined(const lsym *s)
{
	return s->state == S_UNDEF && (s->flags & (F_REF | F_REFDSO | F_CMDLINE));
}

/*
 * A name an archive member should be pulled for: strongly undefined, or
 * (bfd, lld) bound only to a DSO while a regular object references it with
 * hidden or internal visibility.  Such a reference must be satisfied
 * inside the output, so both linkers keep looking in the archives that
 * follow (lld's Symbol::resolveUndefined/resolveShared keep it Undefined);
 * gold and mold stop at the DSO and fail.
 */
bool rs_wants_definition(const linkctx *c, const lsym *s)
{
	if (rs_strongly_undefined(s))
		return true;
	return s->state == S_SHARED && (s->flags & F_REF) &&
	       (s->vis == STV_HIDDEN || s->vis == STV_INTERNAL) &&
	       (c->sem == LS_SEM_BFD || c->sem == LS_SEM_LLD);
}

static int queue_pending(lfile *f, uint32_t sym)
{
	if (ls_array_reserve(&f->pending, &f->cappending, f->npending + 1,
			     sizeof *f->pending) < 0)
		return -1;
	f->pending[f->npending++] = sym;
	return 0;
}

/* A name just became strongly undefined (or, for bfd, common): tell the
 * archives that can still answer it. */
int rs_need_member(linkctx *c, uint32_t symid, int32_t from)
{
	uint32_t e = c->tab.syms[symid].lazy;

	if (!e)
		return 0;
	if (c->gnu) {
		for (; e; e = c->lazies[e - 1].next) {
			lfile *f = &c->files[c->lazies[e - 1].file];
			if (!f->done && queue_pending(f, symid) < 0)
				return -1;
		}
		return 0;
	}
	if (ls_array_reserve(&c->undefq, &c->capundefq, c->nundefq + 2,
			     sizeof *c->undefq) < 0)
		return -1;
	c->undefq[c->nundefq++] = symid;
	c->undefq[c->nundefq++] = (uint32_t)from;
	return 0;
}

/* A hidden or internal reference can never bind to a DSO: it makes no
 * library needed (bfd: "dynsym && ref_regular_nonweak"). */
bool rs_hidden_vis(const lsym *s)
{
	return s->vis == STV_HIDDEN || s->vis == STV_INTERNAL;
}

/* Whether a command-line reference bound to an --as-needed DSO makes it
 * needed, as the installed linkers write DT_NEEDED: mold for -u, -e and a
 * --defsym's target, lld only for the entry symbol, gold never.  (bfd
 * decides before reading the DSO's symbols: dso_needed_now.) */
bool rs_cmdline_needs(const linkctx *c, const lsym *y)
{
	if (c->sem == LS_SEM_MOLD)
		return y->flags & (F_CMDLINE | F_ENTRY);
	return c->sem == LS_SEM_LLD && (y->flags & F_ENTRY);
}

static void mark_used(linkctx *c, const lsym *s)
{
	if (s->state == S_SHARED && s->def >= 0 && !rs_hidden_vis(s))
		c->res->inputs[s->def].used = true;
}

/*
 * --wrap SYM (all four linkers; bfd ldlang/linker.c
 * unwrap_hash_lookup, lld wrapSymbols): an undefined reference to SYM from
 * a regular object is to __wrap_SYM, and one to __real_SYM is to SYM.
 * Definitions keep their names.  The __wrap_ names are made once, kept
 * for the result's life.
 */
int link_wrap_name(linkctx *c, const char **name, size_t *len)
{
	const ls_link_cmd *cmd = c->cmd;

	for (size_t i = 0; i < cmd->nwrap; i++) {
		const char *w = cmd->wrap[i];
		size_t n = strlen(w);
		if (*len == n && !memcmp(*name, w, n)) {
			if (!c->wrapped && !(c->wrapped = calloc(cmd->nwrap, sizeof *c->wrapped)))
				return -1;
			if (!c->wrapped[i] &&
			    !(c->wrapped[i] = link_keep(c, link_fmt("__wrap_%s", w))))
				return -1;
			*name = c->wrapped[i];
			*len = n + 7;
			return 0;
		}
		if (*len == n + 7 && !memcmp(*name, "__real_", 7) && !memcmp(*name + 7, w, n)) {
			*name = w;
			*len = n;
			return 0;
		}
	}
	return 0;
}

int rs_add_ref(linkctx *c, int32_t ii, const ls_symbol *s)
{
	const char *nm = s->name;
	size_t nlen = rs_key_len(s->name, s->name_len, false);

	if (c->cmd->nwrap && link_wrap_name(c, &nm, &nlen) < 0)
		return -1;
	int64_t id = rs_sym_get(c, nm, (uint32_t)nlen);

	if (id < 0)
		return -1;
	lsym *y = &c->tab.syms[id];
	bool was = rs_strongly_undefined(y) || (y->flags & F_REF);
	merge_vis(y, s->visibility);
	if (y->ref < 0)
		y->ref = ii;
	if (y->state == 0)
		y->state = S_UNDEF;
	if (s->bind == STB_WEAK) {
		y->flags |= F_REFWEAK;
		return 0;
	}
	y->flags |= F_REF;
	if (y->sref < 0)
		y->sref = ii;
	mark_used(c, y);
	if (!was && rs_wants_definition(c, y))
		return rs_need_member(c, (uint32_t)id, ii);
	return 0;
}

static int record_dup(linkctx *c, uint32_t symid, int32_t ii, uint32_t i)
{
	if (ls_array_reserve(&c->dups, &c->capdups, c->ndups + 1,
			     sizeof *c->dups) < 0)
		return -1;
	c->dups[c->ndups].sym = symid;
	c->dups[c->ndups].input = ii;
	c->dups[c->ndups++].symidx = i;
	return 0;
}

static void take_def(lsym *y, int32_t ii, uint32_t i, bool weak)
{
	y->state = S_DEFINED;
	y->def = ii;
	y->def_sym = i;
	y->flags = (uint8_t)((y->flags & ~F_WEAKDEF) | (weak ? F_WEAKDEF : 0));
}

/* "z@@V1" and "z@@V2" both define z.  GNU ld calls it a duplicate, gold
 * warns and keeps the first, lld and mold accept both only inside one
 * object (reference §A.8, and the scenarios ver-two-defaults-*). */
static bool two_default_versions(linkctx *c, const lsym *y, int32_t ii,
				 const ls_symbol *s)
{
	const char *at = memchr(s->name, '@', s->name_len);
	ls_symbol old;
	ls_diag d;

	if (!at || c->sem == LS_SEM_BFD || y->def < 0)
		return false;
	const ls_link_input *in = &c->res->inputs[y->def];
	if (ls_symbol_get(&in->obj, &in->obj.symtab, y->def_sym, &old, &d) < 0)
		return false;
	const char *oat = memchr(old.name, '@', old.name_len);
	if (!oat || (old.name_len == s->name_len && !memcmp(old.name, s->name, s->name_len)))
		return false;
	/* lld before 14 calls the second one a duplicate of the first. */
	return c->sem == LS_SEM_GOLD || (y->def == ii && !LLD_BEFORE(c, 14));
}

/* A versioned definition in a -shared link needs a version script node
 * for its version. */
static void unscripted_version(linkctx *c, int32_t ii, const ls_symbol *s)
{
	const char *at = memchr(s->name, '@', s->name_len);
	const ls_link_input *in = &c->res->inputs[ii];
	size_t base = at ? (size_t)(at - s->name) : 0;
	const char *ver = at ? at + 1 + (at[1] == '@') : NULL;

	/* "foo@" (an empty version) is plain foo for all four, "foo@@" for
	 * all but lld, which wants a node named "" (measured). */
	if (!at || !c->cmd->shared || (!*ver && (c->sem != LS_SEM_LLD || at[1] != '@')))
		return;
	/* With version scripts read, the node must be one of theirs; a
	 * script that could not be read has failed the link already. */
	if (c->cmd->version_script &&
	    (c->nvscripts < c->cmd->nversion_scripts ||
	     link_version_node(c, ver, strlen(ver))))
		return;
	switch (c->sem) {
	case LS_SEM_BFD:
		link_reason(c->res, "version node not found for symbol %s", s->name);
		break;
	case LS_SEM_GOLD:
		link_reason(c->res, "symbol %.*s has undefined version %s", (int)base, s->name, ver);
		break;
	case LS_SEM_LLD:
		link_reason(c->res, "%s: symbol %s has undefined version %s", in->path, s->name, ver);
		break;
	default:
		link_reason(c->res, "%s: symbol %.*s has undefined version %s", in->path,
			    (int)base, s->name, ver);
	}
}

/*
 * --warn-common: a common symbol meeting another common symbol or a
 * definition is a warning, in each linker's words (measured):
 *   bfd   "B and A: warning: multiple common of `x'", "B: warning: common
 *         of `x' overriding smaller common from A", "B: warning:
 *         definition of `x' overriding common from A", "B: warning:
 *         common of `x' overridden by definition from A";
 *   gold  "B: multiple common of 'x'", "B: common of 'x' overidden by
 *         larger common", "B: definition of 'x' overriding common",
 *         "B: common 'x' overridden by previous definition";
 *   lld   "multiple common of x", "common x is overridden";
 *   mold  "C: multiple common symbols: x" (C the common one).
 * B is the new input, A the earlier one.  how: 0 two commons of one
 * size, 1 the new common is larger, 2 a definition after a common, 3 a
 * common after a definition.
 */
static int warn_common(linkctx *c, const lsym *y, int32_t b, int32_t a, int how)
{
	char nb[512], na[512];
	const char *B = ls_link_input_name(c->res, b, nb, sizeof nb);
	const char *A = ls_link_input_name(c->res, a, na, sizeof na);
	int n = (int)y->len;

	switch (c->sem) {
	case LS_SEM_BFD:
		if (how == 0)
			return link_warning(c->res, "%s and %s: warning: multiple common of `%.*s'",
					    B, A, n, y->name);
		return link_warning(c->res, how == 1 ? "%s: warning: common of `%.*s' overriding smaller common from %s" :
				    how == 2 ? "%s: warning: definition of `%.*s' overriding common from %s" :
				    "%s: warning: common of `%.*s' overridden by definition from %s",
				    B, n, y->name, A);
	case LS_SEM_GOLD:
		return link_warning(c->res, how == 0 ? "%s: multiple common of '%.*s'" :
				    how == 1 ? "%s: common of '%.*s' overidden by larger common" :
				    how == 2 ? "%s: definition of '%.*s' overriding common" :
				    "%s: common '%.*s' overridden by previous definition", B, n, y->name);
	case LS_SEM_LLD:
		return link_warning(c->res, how < 2 ? "multiple common of %.*s" :
				    "common %.*s is overridden", n, y->name);
	default:
		return link_warning(c->res, "%s: multiple common symbols: %.*s",
				    how == 2 ? A : B, n, y->name);
	}
}

int rs_add_def(linkctx *c, int32_t ii, const ls_symbol *s, uint32_t i)
{
	int64_t id = rs_sym_get(c, s->name, rs_key_len(s->name, s->name_len, true));
	bool weak = s->bind == STB_WEAK;

	if (id < 0)
		return -1;
	unscripted_version(c, ii, s);
	lsym *y = &c->tab.syms[id];
	merge_vis(y, s->visibility);
	switch (y->state) {
	case 0:
	case S_UNDEF:
	case S_SHARED:
		take_def(y, ii, i, weak);
		break;
	case S_COMMON:
		/* A weak definition loses to a common symbol (gABI; bfd,
		 * gold and lld), a strong one wins. */
		if (!weak) {
			if (c->cmd->warn_common && warn_common(c, y, ii, y->def, 2) < 0)
				return -1;
			take_def(y, ii, i, false);
		}
		break;
	case S_DEFINED:
		if (y->flags & F_WEAKDEF) {
			if (!weak)
				take_def(y, ii, i, false);
		} else if (!weak && !c->cmd->allow_muldefs &&
			   !two_default_versions(c, y, ii, s)) {
			return record_dup(c, (uint32_t)id, ii, i);
		}
		break;
	}
	return 0;
}

/* Whether a pending common symbol pulls an archive member that really
 * defines it: bfd and mold do, gold does not, lld with --fortran-common
 * (its default before lld 15). */
bool rs_common_pulls(const linkctx *c)
{
	if (c->sem == LS_SEM_GOLD)
		return false;
	if (c->sem != LS_SEM_LLD)
		return true;
	return c->cmd->fortran_common >= 0 ? c->cmd->fortran_common : LLD_BEFORE(c, 15);
}

int rs_add_common(linkctx *c, int32_t ii, const ls_symbol *s, uint32_t i)
{
	int64_t id = rs_sym_get(c, s->name, (uint32_t)s->name_len);

	if (id < 0)
		return -1;
	lsym *y = &c->tab.syms[id];
	merge_vis(y, s->visibility);
	switch (y->state) {
	case S_DEFINED:
		if (!(y->flags & F_WEAKDEF))
			return c->cmd->warn_common && y->def >= 0 ? warn_common(c, y, ii, y->def, 3) : 0;
		/* A common symbol beats a weak definition. */
		/* fall through */
	case 0:
	case S_UNDEF:
	case S_SHARED:
		y->state = S_COMMON;
		y->def = ii;
		y->def_sym = i;
		y->flags &= (uint8_t)~F_WEAKDEF;
		y->common_size = s->size;
		if (rs_common_pulls(c))
			return rs_need_member(c, (uint32_t)id, ii);
		return 0;
	case S_COMMON:
		if (c->cmd->warn_common &&
		    warn_common(c, y, ii, y->def, s->size > y->common_size) < 0)
			return -1;
		if (s->size > y->common_size)
			y->common_size = s->size;
		return 0;
	}
	return 0;
}
static int defsym_ref(void *arg, const char *name, size_t len, uint64_t off)
{
	linkctx *c = arg;
	const char *kept;

	(void)off;
	for (size_t i = 0; i < c->ndefsym_refs; i++)
		if (strlen(c->defsym_refs[i]) == len && !memcmp(c->defsym_refs[i], name, len))
			return 0;
	if (!(kept = link_keep(c, strndup(name, len))) ||
	    ls_array_reserve(&c->defsym_refs, &c->capdefsym_refs, c->ndefsym_refs + 1,
			     sizeof *c->defsym_refs) < 0)
		return -1;
	c->defsym_refs[c->ndefsym_refs++] = kept;
	return 0;
}

/*
 * --defsym NAME=EXPR, read with ld's own grammar (ldexpr.c): NAME is
 * defined by the link; every name EXPR reads is a reference from the
 * command line that pulls archive members like -u (bfd, gold and lld;
 * mold 1.10 takes only a number or one name and pulls nothing).  A syntax
 * error stops every linker before any input.  Whether the names are
 * defined at the end is link_run.c's.
 */
static int defsyms(linkctx *c)
{
	const ls_link_cmd *cmd = c->cmd;

	for (size_t i = 0; i < cmd->ndefsym_arg; i++) {
		const char *v = cmd->defsym_arg[i];
		ls_ldexpr_defsym ds;
		ls_diag d;
		size_t before = c->ndefsym_refs;

		if (ls_ldexpr_defsym_parse(v, strlen(v), &ds, defsym_ref, c, &d) < 0) {
			if (!d.msg[0])
				return -1;
			c->fatal = true;
			if (link_reason(c->res, "--defsym %s: %s", v, d.msg) < 0)
				return -1;
			continue;
		}
		/* mold: "NAME=NUMBER" or "NAME=SYMBOL", nothing else. */
		const char *eq = strchr(v, '=');
		size_t nrefs = c->ndefsym_refs - before;
		if (eq && ds.kind == LS_LD_ASSIGN && !strcmp(ds.op, "=")) {
			const char *e = eq + 1;
			while (*e == ' ' || *e == '\t')
				e++;
			size_t n = strcspn(e, " \t");
			bool lone = e[n + strspn(e + n, " \t")] == 0;
			bool number = nrefs == 0 && e[0] >= '0' && e[0] <= '9' &&
				      strspn(e, "0123456789abcdefABCDEFxXkKmM") == n;
			bool name = nrefs == 1 && strlen(c->defsym_refs[before]) == n &&
				    !memcmp(e, c->defsym_refs[before], n);
			if (!lone || !(number || name))
				c->defsym_complex = true;
		} else {
			c->defsym_complex = true;
		}
	}
	if (c->sem == LS_SEM_MOLD)
		return 0;
	for (size_t i = 0; i < c->ndefsym_refs; i++)
		if (link_cmdline_ref(c, c->defsym_refs[i], strlen(c->defsym_refs[i])) < 0)
			return -1;
	return 0;
}

int link_cmdline_ref(linkctx *c, const char *name, size_t len)
{
	int64_t id = rs_sym_get(c, name, (uint32_t)len);

	if (id < 0)
		return -1;
	lsym *y = &c->tab.syms[id];
	if (y->state == 0)
		y->state = S_UNDEF;
	if (!(y->flags & F_CMDLINE) && y->state == S_UNDEF) {
		y->flags |= F_CMDLINE;
		if (rs_need_member(c, (uint32_t)id, -1) < 0)
			return -1;
	}
	return 0;
}

/*
 * lld's --undefined-glob PATTERN: every name an archive index offers that
 * matches the glob is a command-line reference, as -u, so its member is
 * pulled (lld Driver.cpp handleUndefinedGlob: lazy symbols only).
 */
static int undefined_glob(linkctx *c)
{
	const ls_link_cmd *cmd = c->cmd;

	for (size_t g = 0; g < cmd->nundefined_glob; g++) {
		for (uint32_t i = 0; i < c->tab.n; i++) {
			lsym *y = &c->tab.syms[i];
			char name[1024];
			if (!y->lazy || (y->state && y->state != S_UNDEF) ||
			    y->len >= sizeof name)
				continue;
			memcpy(name, y->name, y->len);
			name[y->len] = 0;
			if (fnmatch(cmd->undefined_glob[g], name, 0) != 0)
				continue;
			if (y->state == 0)
				y->state = S_UNDEF;
			if (!(y->flags & F_CMDLINE)) {
				y->flags |= F_CMDLINE;
				if (rs_need_member(c, i, -1) < 0)
					return -1;
			}
		}
	}
	return 0;
}

int link_resolve(linkctx *c)
{
	const ls_link_cmd *cmd = c->cmd;
	size_t group_first = 0;
	int depth = 0;
	int rc;

	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((rc = rs_build_lazies(c)) < 0)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &b);
	c->res->ms_index = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	/* --defsym names are defined by the link itself; -u names are
	 * references from the command line, before any input. */
	for (size_t i = 0; i < cmd->ndefsym; i++) {
		int64_t id = rs_sym_get(c, cmd->defsym[i], (uint32_t)strlen(cmd->defsym[i]));
		if (id < 0)
			return -1;
		c->tab.syms[id].state = S_DEFINED;
	}
	if ((rc = undefined_glob(c)) < 0 || (rc = defsyms(c)) < 0 ||
	    (rc = link_script_setup(c)) < 0 || (rc = link_verscripts(c)) < 0)
		return rc;
	for (size_t i = 0; i < cmd->nundefined; i++)
		if (link_cmdline_ref(c, cmd->undefined[i], strlen(cmd->undefined[i])) < 0)
			return -1;
	/* An entry symbol that is named (-e, or a script's ENTRY) pulls the
	 * member that defines it, like -u, in every linker. */
	const char *entry = cmd->entry ? cmd->entry : link_script_entry(c);
	if (entry) {
		int64_t id = rs_sym_get(c, entry, (uint32_t)strlen(entry));
		if (id < 0)
			return -1;
		c->tab.syms[id].flags |= F_ENTRY;
		if (link_cmdline_ref(c, entry, strlen(entry)) < 0)
			return -1;
	}
	for (size_t k = 0; k < c->nsteps && !(c->fatal && c->sem == LS_SEM_BFD); k++) {
		const lstep *s = &c->steps[k];
		switch (s->kind) {
		case STEP_GROUP_START:
			/* lld's group ids: one per file, one per group. */
			if (depth++ == 0) {
				group_first = k;
				c->cur_group = ++c->ngroups;
			}
			c->group_depth = depth;
			break;
		case STEP_GROUP_END:
			if (depth == 0)
				break;
			c->group_depth = --depth;
			if (depth == 0 && c->gnu &&
			    (rc = rs_group_end(c, group_first, k)) < 0)
				return rc;
			break;
		default:
			if (!depth)
				c->cur_group = ++c->ngroups;
			if ((rc = rs_step_file(c, s)) < 0)
				return rc;
		}
	}
	if (depth && c->gnu && (rc = rs_group_end(c, group_first, c->nsteps)) < 0)
		return rc;
	return 0;
}
