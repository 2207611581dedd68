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
 */
#include "link_impl.h"
#include "../readers/gcc_lto.h"
#include "ldexpr.h"
#include "../readers/elf_defs.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int load_object(linkctx *c, int32_t ii);
static int load_dso(linkctx *c, int32_t ii);

/* Members loaded (or refused), keyed by archive file and member offset. */
static bool memb_seen(const linkctx *c, uint32_t file, uint64_t off)
{
	uint64_t key = ((uint64_t)file << 40 | off) + 1;

	if (!c->membs)
		return false;
	for (uint32_t j = (uint32_t)(key * 0x9e3779b97f4a7c15ull >> 32) & c->membmask;;
	     j = (j + 1) & c->membmask) {
		if (!c->membs[j].key)
			return false;
		if (c->membs[j].key == key)
			return true;
	}
}

static int memb_add(linkctx *c, uint32_t file, uint64_t off, int32_t input)
{
	uint64_t key = ((uint64_t)file << 40 | off) + 1;

	if (!c->membs || (c->nmembs + 1) * 2 > c->membmask + 1) {
		uint32_t n = c->membs ? (c->membmask + 1) * 2 : 1024;
		lmemb *m = calloc(n, sizeof *m);
		if (!m)
			return -1;
		for (uint32_t i = 0; c->membs && i <= c->membmask; i++) {
			if (!c->membs[i].key)
				continue;
			uint32_t j = (uint32_t)(c->membs[i].key * 0x9e3779b97f4a7c15ull >> 32) & (n - 1);
			while (m[j].key)
				j = (j + 1) & (n - 1);
			m[j] = c->membs[i];
		}
		free(c->membs);
		c->membs = m;
		c->membmask = n - 1;
	}
	uint32_t j = (uint32_t)(key * 0x9e3779b97f4a7c15ull >> 32) & c->membmask;
	while (c->membs[j].key)
		j = (j + 1) & c->membmask;
	c->membs[j].key = key;
	c->membs[j].input = input;
	c->nmembs++;
	return 0;
}

int32_t link_add_input(linkctx *c, int kind, uint32_t file, const char *path,
		       const char *member, size_t member_len, ls_bytes bytes,
		       uint64_t base, uint32_t arg)
{
	ls_link_result *r = c->res;
	ls_link_input *in;
	ls_diag d;

	if (!link_grow((void **)&r->inputs, &c->capinputs, r->ninputs + 1,
		       sizeof *r->inputs) ||
	    !link_grow((void **)&c->input_group, &c->capinput_group,
		       r->ninputs + 1, sizeof *c->input_group))
		return -1;
	in = &r->inputs[r->ninputs];
	memset(in, 0, sizeof *in);
	in->kind = kind;
	in->path = path;
	in->arg = arg;
	in->pulled_by = -1;
	if (member) {
		in->member = strndup(member, member_len);
		if (!in->member)
			return -1;
	}
	if (ls_object_open(&in->obj, bytes, base, &d) < 0) {
		link_fail(c, path, in->member, &d);
		free(in->member);
		return -2;
	}
	c->input_group[r->ninputs] = c->cur_group;
	(void)file;
	return (int32_t)r->ninputs++;
}

/* The key a symbol name is entered under: "foo@@V" defines plain "foo"
 * (its default version), "foo@V" stays a name of its own. */
static uint32_t key_len(const char *name, size_t len, bool def)
{
	const char *at = memchr(name, '@', len);

	if (def && at && at + 1 < name + len && at[1] == '@')
		return (uint32_t)(at - name);
	return (uint32_t)len;
}

static int64_t sym_get(linkctx *c, const char *name, uint32_t len)
{
	bool made;

	return ltab_get(&c->tab, name, len, ls_lhash(name, len), &made);
}

static void merge_vis(lsym *s, uint8_t vis)
{
	if (vis && (!s->vis || vis < s->vis))
		s->vis = vis;
}

static bool strongly_undefined(const lsym *s)
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
static bool wants_definition(const linkctx *c, const lsym *s)
{
	if (strongly_undefined(s))
		return true;
	return s->state == S_SHARED && (s->flags & F_REF) &&
	       (s->vis == STV_HIDDEN || s->vis == STV_INTERNAL) &&
	       (c->sem == LS_SEM_BFD || c->sem == LS_SEM_LLD);
}

static int queue_pending(lfile *f, uint32_t sym)
{
	if (!link_grow((void **)&f->pending, &f->cappending, f->npending + 1,
		       sizeof *f->pending))
		return -1;
	f->pending[f->npending++] = sym;
	return 0;
}

/* A name just became strongly undefined (or, for bfd, common): tell the
 * archives that can still answer it. */
static int need_member(linkctx *c, uint32_t symid, int32_t from)
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
	if (!link_grow((void **)&c->undefq, &c->capundefq, c->nundefq + 2,
		       sizeof *c->undefq))
		return -1;
	c->undefq[c->nundefq++] = symid;
	c->undefq[c->nundefq++] = (uint32_t)from;
	return 0;
}

/* A hidden or internal reference can never bind to a DSO: it makes no
 * library needed (bfd: "dynsym && ref_regular_nonweak"). */
static bool hidden_vis(const lsym *s)
{
	return s->vis == STV_HIDDEN || s->vis == STV_INTERNAL;
}

/* Whether a command-line reference bound to an --as-needed DSO makes it
 * needed, as the installed linkers write DT_NEEDED: mold for -u, -e and a
 * --defsym's target, lld only for the entry symbol, gold never.  (bfd
 * decides before reading the DSO's symbols: dso_needed_now.) */
static bool cmdline_needs(const linkctx *c, const lsym *y)
{
	if (c->sem == LS_SEM_MOLD)
		return y->flags & (F_CMDLINE | F_ENTRY);
	return c->sem == LS_SEM_LLD && (y->flags & F_ENTRY);
}

static void mark_used(linkctx *c, const lsym *s)
{
	if (s->state == S_SHARED && s->def >= 0 && !hidden_vis(s))
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

static int add_ref(linkctx *c, int32_t ii, const ls_symbol *s)
{
	const char *nm = s->name;
	size_t nlen = key_len(s->name, s->name_len, false);

	if (c->cmd->nwrap && link_wrap_name(c, &nm, &nlen) < 0)
		return -1;
	int64_t id = sym_get(c, nm, (uint32_t)nlen);

	if (id < 0)
		return -1;
	lsym *y = &c->tab.syms[id];
	bool was = strongly_undefined(y) || (y->flags & F_REF);
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
	if (!was && wants_definition(c, y))
		return need_member(c, (uint32_t)id, ii);
	return 0;
}

static int record_dup(linkctx *c, uint32_t symid, int32_t ii, uint32_t i)
{
	if (!link_grow((void **)&c->dups, &c->capdups, c->ndups + 1,
		       sizeof *c->dups))
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

static int add_def(linkctx *c, int32_t ii, const ls_symbol *s, uint32_t i)
{
	int64_t id = sym_get(c, s->name, key_len(s->name, s->name_len, true));
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
static bool common_pulls(const linkctx *c)
{
	if (c->sem == LS_SEM_GOLD)
		return false;
	if (c->sem != LS_SEM_LLD)
		return true;
	return c->cmd->fortran_common >= 0 ? c->cmd->fortran_common : LLD_BEFORE(c, 15);
}

static int add_common(linkctx *c, int32_t ii, const ls_symbol *s, uint32_t i)
{
	int64_t id = sym_get(c, s->name, (uint32_t)s->name_len);

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
		if (common_pulls(c))
			return need_member(c, (uint32_t)id, ii);
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

/* COMDAT: the first group with a signature is kept, later ones are
 * discarded whole, with every symbol they define. */
/* lld and mold drop old glibc i386 objects' linkonce copy of the PIC
 * thunk, which a COMDAT copy also defines (lld InputFiles.cpp, glibc
 * PR20543); bfd and gold keep .gnu.linkonce sections as proto-COMDAT. */
static bool linkonce_thunk(const linkctx *c, const ls_section *sec)
{
	if (c->sem != LS_SEM_LLD && c->sem != LS_SEM_MOLD)
		return false;
	return !strcmp(sec->name, ".gnu.linkonce.t.__x86.get_pc_thunk.bx") ||
	       !strcmp(sec->name, ".gnu.linkonce.t.__i686.get_pc_thunk.bx");
}

static int comdat(linkctx *c, ls_link_input *in)
{
	const ls_object *o = &in->obj;

	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *sec = &o->sections[i];
		ls_bytes g;
		uint32_t flags;
		ls_symbol sig;
		ls_diag d;
		bool made;

		if (linkonce_thunk(c, sec)) {
			if (!in->discarded && !(in->discarded = calloc(o->shnum, 1)))
				return -1;
			in->discarded[i] = 1;
			continue;
		}
		if (sec->type != SHT_GROUP)
			continue;
		if (!ls_sub(o->file, sec->offset, sec->size, &g) ||
		    !ls_u32(g, 0, o->order, &flags) || !(flags & GRP_COMDAT))
			continue;
		if (!o->symtab.present ||
		    ls_symbol_get(o, &o->symtab, sec->info, &sig, &d) < 0)
			continue;
		int64_t id = ltab_get(&c->comdat, sig.name, (uint32_t)sig.name_len,
				      ls_lhash(sig.name, sig.name_len), &made);
		if (id < 0)
			return -1;
		if (made)
			continue;
		if (!in->discarded) {
			in->discarded = calloc(o->shnum, 1);
			if (!in->discarded)
				return -1;
		}
		in->discarded[i] = 1;
		for (uint64_t k = 4; k + 4 <= g.size; k += 4) {
			uint32_t m;
			ls_u32(g, k, o->order, &m);
			if (m < o->shnum)
				in->discarded[m] = 1;
		}
	}
	return 0;
}

/* A GCC LTO object (.gnu.lto_* sections) that is slim (the symbol
 * __gnu_lto_slim): its real symbols are GIMPLE that only the compiler's LTO
 * plugin reads at link time. */
struct lto_load {
	linkctx *c;
	int32_t ii;
	uint32_t index;		/* past the ELF symbol table: no ELF symbol */
};

/* One entry of a GCC LTO symbol table, resolved as the plugin hands it to
 * the linker (ld_plugin_symbol: a definition, a weak one, a reference, a
 * common symbol). */
static int lto_symbol(void *arg, const ls_lto_sym *l)
{
	struct lto_load *a = arg;
	ls_symbol s = { .name = l->name, .name_len = l->name_len, .size = l->size,
			.visibility = l->visibility, .type = STT_NOTYPE,
			.bind = l->kind == LS_LTO_WEAKDEF || l->kind == LS_LTO_WEAKUNDEF ?
				STB_WEAK : STB_GLOBAL };

	a->c->res->nsymbols++;
	switch (l->kind) {
	case LS_LTO_UNDEF:
	case LS_LTO_WEAKUNDEF: {
		s.shndx = s.raw_shndx = SHN_UNDEF;
		if (add_ref(a->c, a->ii, &s) < 0)
			return -1;
		int64_t id = ltab_find(&a->c->tab, s.name, (uint32_t)s.name_len,
				       ls_lhash(s.name, s.name_len));
		if (id >= 0)
			a->c->tab.syms[id].flags |= F_LTOREF;
		return 0;
	}
	case LS_LTO_COMMON:
		s.shndx = s.raw_shndx = SHN_COMMON;
		return add_common(a->c, a->ii, &s, a->index++);
	default:
		s.shndx = s.raw_shndx = SHN_ABS;
		return add_def(a->c, a->ii, &s, a->index++);
	}
}

/*
 * A GCC LTO object that is slim (the symbol __gnu_lto_slim): its real
 * symbols are GIMPLE for the compiler's LTO plugin.  With GCC's plugin on
 * the line, bfd, gold and mold resolve what the plugin reports, the
 * object's .gnu.lto_.symtab (readers/gcc_lto.c); lld ignores -plugin and
 * sees nothing.  Returns 1 when the LTO table was read, 0 when not, -1.
 */
static int gcc_lto(linkctx *c, int32_t ii)
{
	const ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = &in->obj;
	bool slim = false;
	char buf[1024];

	if (!ls_gcc_lto_has_symtab(o))
		return 0;
	for (uint32_t i = 1; o->symtab.present && i < o->symtab.count && !slim; i++) {
		ls_symbol s;
		ls_diag d;
		if (ls_symbol_get(o, &o->symtab, i, &s, &d) < 0)
			break;
		slim = s.name_len == 14 && !memcmp(s.name, "__gnu_lto_slim", 14);
	}
	if (!slim)
		return 0;
	if (c->cmd->gcc_lto_plugin && c->sem != LS_SEM_LLD) {
		struct lto_load a = { c, ii, o->symtab.present ? o->symtab.count : 1 };
		ls_diag d;
		int rc = ls_gcc_lto_symbols(o, lto_symbol, &a, &d);
		if (rc == -1 && d.msg[0])
			return link_fail(c, in->path, in->member, &d);
		return rc < 0 ? rc : 1;
	}
	return link_note(c->res, LS_HINT_LTO, "%s is a GCC LTO object (slim: its symbols are in "
			 ".gnu.lto_ sections, which only the compiler's LTO plugin reads%s): what "
			 "it defines or needs is missing from this report",
			 ls_link_input_name(c->res, ii, buf, sizeof buf),
			 c->sem == LS_SEM_LLD ? "; lld does not load it" : "");
}

static int load_object(linkctx *c, int32_t ii)
{
	ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = &in->obj;
	const ls_symtab *t = &o->symtab;

	int lto;
	if (comdat(c, in) < 0 || (lto = gcc_lto(c, ii)) < 0)
		return -1;
	in = &c->res->inputs[ii];
	if (lto == 1) {
		ls_object_close(&in->obj);
		return 0;
	}
	if (!t->present)
		return 0;
	uint32_t ahead = t->first_global ? t->first_global : 1;
	for (uint32_t i = ahead; i < t->count; i++) {
		ls_symbol s;
		ls_diag d;
		int rc;

		/* The table is larger than the caches: ask for the slots of
		 * the next names before resolving this one, so their misses
		 * overlap instead of queueing. */
		for (; ahead < t->count && ahead < i + 16; ahead++)
			if (ls_symbol_get(o, t, ahead, &s, &d) == 0 && s.name_len &&
			    s.bind != STB_LOCAL)
				ltab_prefetch(&c->tab, ls_lhash(s.name,
					key_len(s.name, s.name_len, s.shndx != SHN_UNDEF)));
		if (ls_symbol_get(o, t, i, &s, &d) < 0)
			return link_fail(c, in->path, in->member, &d);
		if (s.bind == STB_LOCAL || !s.name_len)
			continue;
		c->res->nsymbols++;
		if (s.shndx == SHN_UNDEF)
			rc = add_ref(c, ii, &s);
		else if (s.raw_shndx == SHN_COMMON)
			rc = add_common(c, ii, &s, i);
		else if (s.shndx < o->shnum && in->discarded && in->discarded[s.shndx])
			rc = 0;
		else
			rc = add_def(c, ii, &s, i);
		if (rc < 0)
			return rc;
	}
	ls_object_close(&c->res->inputs[ii].obj);
	return 0;
}

static int dso_undef(linkctx *c, int32_t ii, uint32_t i)
{
	if (!link_grow((void **)&c->dso_undef, &c->capdso_undef,
		       c->ndso_undef + 2, sizeof *c->dso_undef))
		return -1;
	c->dso_undef[c->ndso_undef++] = (uint32_t)ii;
	c->dso_undef[c->ndso_undef++] = i;
	return 0;
}

/* A dynamic symbol that a DSO exports under its plain name: global or
 * weak, visible, and unversioned or the default version. */
bool link_dso_exports(const ls_symbol *s)
{
	if (s->bind == STB_LOCAL || !s->name_len || s->shndx == SHN_UNDEF)
		return false;
	if (s->visibility == STV_HIDDEN || s->visibility == STV_INTERNAL)
		return false;
	return !s->has_versym || ((s->versym & 0x7fff) != 0 && !(s->versym & 0x8000));
}

/*
 * GNU ld reads an --as-needed DSO only if, at that point, it defines a
 * symbol that a regular object or an already needed DSO references
 * non-weakly and nothing defines yet (binutils bfd/elflink.c,
 * elf_link_add_object_symbols: "add_needed" from ref_regular_nonweak or
 * ref_dynamic_nonweak).  Otherwise every symbol it added is taken back, so
 * a reference that comes later on the command line stays undefined:
 * `cc a.so b.o` fails where b.o calls a.so.  lld, gold and mold decide
 * DT_NEEDED only at the end and resolve against the DSO regardless.
 */
/* bfd's on_needed_list: a library already named by the DT_NEEDED of a
 * kept library is not made needed by that library's references. */
static bool on_needed_list(linkctx *c, int32_t ii)
{
	const ls_link_input *me = &c->res->inputs[ii];
	const char *name = me->soname;

	if (!name) {
		name = strrchr(me->path, '/');
		name = name ? name + 1 : me->path;
	}
	for (int32_t j = 0; j < ii; j++) {
		const ls_link_input *in = &c->res->inputs[j];
		ls_dyninfo di;
		ls_diag d;
		bool hit = false;
		if (in->kind != LS_LIN_DSO || in->dropped || ls_dyninfo_read(&in->obj, &di, &d) < 0)
			continue;
		for (uint32_t k = 0; k < di.nneeded && !hit; k++)
			hit = !strcmp(di.needed[k], name);
		ls_dyninfo_free(&di);
		if (hit)
			return true;
	}
	return false;
}

static bool dso_needed_now(linkctx *c, int32_t ii, const ls_object *o, const ls_symtab *t)
{
	int dso_ref = -1;	/* on_needed_list, asked once */

	for (uint32_t i = 1; i < t->count; i++) {
		ls_symbol s;
		ls_diag d;

		if (ls_symbol_get(o, t, i, &s, &d) < 0)
			return true;	/* load_dso reports it */
		if (s.shndx == SHN_UNDEF || !s.name_len || s.bind == STB_LOCAL)
			continue;
		/* "foo@V" from an object binds to foo of version V, default
		 * or not ("matched" in elflink.c). */
		if (s.has_versym && (s.versym & 0x7fff) > 1) {
			const ls_version *v = ls_version_lookup(o, s.versym & 0x7fff);
			char key[512];
			int k = v && v->name ? snprintf(key, sizeof key, "%.*s@%s",
						       (int)s.name_len, s.name, v->name) : -1;
			if (k > 0 && (size_t)k < sizeof key) {
				int64_t vid = ltab_find(&c->tab, key, (uint32_t)k,
							ls_lhash(key, (size_t)k));
				if (vid >= 0 && c->tab.syms[vid].state == S_UNDEF &&
				    (c->tab.syms[vid].flags & F_REF))
					return true;
			}
		}
		if (!link_dso_exports(&s))
			continue;
		int64_t id = ltab_find(&c->tab, s.name, (uint32_t)s.name_len,
				       ls_lhash(s.name, s.name_len));
		if (id < 0)
			continue;
		const lsym *y = &c->tab.syms[id];
		if (y->state != S_UNDEF)
			continue;
		if ((y->flags & F_REF) && !hidden_vis(y))
			return true;
		if (y->flags & F_REFDSO) {
			if (dso_ref < 0)
				dso_ref = !on_needed_list(c, ii);
			if (dso_ref)
				return true;
		}
	}
	return false;
}

static int load_dso(linkctx *c, int32_t ii)
{
	ls_link_input *in = &c->res->inputs[ii];
	const ls_object *o = &in->obj;
	const ls_symtab *t = &o->dynsym;
	ls_dyninfo di;
	ls_diag d;

	if (ls_dyninfo_read(o, &di, &d) == 0) {
		in->soname = di.soname;
		ls_dyninfo_free(&di);
	}
	if (!t->present)
		return 0;
	if (c->sem == LS_SEM_BFD && in->as_needed) {
		/* Kept means needed: its DT_NEEDED entry is written. */
		if (!dso_needed_now(c, ii, o, t)) {
			in->dropped = true;
			return 0;
		}
		in->used = true;
	}
	for (uint32_t i = 1; i < t->count; i++) {
		ls_symbol s;
		bool made;

		if (ls_symbol_get(o, t, i, &s, &d) < 0) {
			return link_fail(c, in->path, NULL, &d);
		}
		if (s.bind == STB_LOCAL || !s.name_len)
			continue;
		c->res->nsymbols++;
		if (s.shndx == SHN_UNDEF) {
			if (s.bind == STB_WEAK)
				continue;
			if (dso_undef(c, ii, i) < 0)
				return -1;
			int64_t id = sym_get(c, s.name, (uint32_t)s.name_len);
			if (id < 0)
				return -1;
			lsym *y = &c->tab.syms[id];
			bool was = strongly_undefined(y) || (y->flags & F_REF);
			y->flags |= F_REFDSO;
			if (y->state == 0)
				y->state = S_UNDEF;
			/* bfd keys a DSO's versioned reference as "name@VER",
			 * which no archive index names: libstdc++.so's
			 * __popcountdi2@GCC_3.4 pulls nothing from libgcc.a
			 * and binds later to libgcc_s.so.1, a DT_NEEDED it
			 * read back (elflink.c elf_link_add_object_symbols). */
			bool versioned = s.has_versym && (s.versym & 0x7fff) >= 2;
			if (y->state == S_UNDEF && !was && !(versioned && c->sem == LS_SEM_BFD) &&
			    need_member(c, (uint32_t)id, ii) < 0)
				return -1;
			continue;
		}
		if (s.visibility == STV_HIDDEN || s.visibility == STV_INTERNAL)
			continue;
		if (s.has_versym && ((s.versym & 0x7fff) == 0 || (s.versym & 0x8000))) {
			/* Only "foo@V" (non-default) or local: kept aside
			 * for the version hint and DSO-undefined checks. */
			if ((s.versym & 0x7fff) != 0 &&
			    ltab_get(&c->verhidden, s.name, (uint32_t)s.name_len,
				     ls_lhash(s.name, s.name_len), &made) >= 0 && made)
				c->verhidden.syms[c->verhidden.n - 1].def = ii;
			continue;
		}
		int64_t id = sym_get(c, s.name, (uint32_t)s.name_len);
		if (id < 0)
			return -1;
		lsym *y = &c->tab.syms[id];
		if (y->state == 0 || y->state == S_UNDEF) {
			y->state = S_SHARED;
			y->def = ii;
			y->def_sym = i;
			if (!hidden_vis(y) && ((y->flags & F_REF) || cmdline_needs(c, y)))
				in->used = true;
		}
	}
	return 0;
}

/* "file in wrong format" for a member: every linker stops on one it
 * needs. */
static int member_incompatible(linkctx *c, const lfile *f, const char *name,
			       size_t name_len, ls_bytes b)
{
	uint8_t cls = 0;
	uint16_t mach = link_elf_ident(b, &cls, NULL);
	ls_link_result *r = c->res;

	if (!c->target_known || (mach == c->machine && cls == c->elfclass))
		return 0;
	ls_link_incompat *x = link_incompat_add(c, f->path, name, name_len, mach, cls);
	if (!x)
		return -1;
	x->needed = true;
	x->fatal = true;
	switch (c->sem) {
	case LS_SEM_LLD:
		link_reason(r, "%s(%s) is incompatible with %s", f->path,
			    x->member ? x->member : "?", link_machine(c->machine));
		break;
	case LS_SEM_MOLD:
		link_reason(r, "%s(%s): incompatible file type: %s is expected but got %s",
			    f->path, x->member ? x->member : "?",
			    link_machine(c->machine), link_machine(mach));
		break;
	case LS_SEM_GOLD:
		/* gold judges an archive by its first member: a stranger
		 * after a good first member is an error it goes on from. */
		if (f->machine != c->machine || f->elfclass != c->elfclass) {
			link_reason(r, "%s(%s): unsupported ELF machine number %u",
				    f->path, x->member ? x->member : "?", mach);
			c->gold_fatal = true;
		} else {
			link_reason(r, "%s(%s): incompatible target", f->path,
				    x->member ? x->member : "?");
		}
		break;
	default:
		link_reason(r, "%s(%s): error adding symbols: file in wrong format",
			    f->path, x->member ? x->member : "?");
	}
	c->fatal = true;
	return 1;
}

/* Loads the member at off of archive file fi.  symid is the name that
 * pulled it (-1: --whole-archive), from the input whose reference did. */
static int extract(linkctx *c, uint32_t fi, uint64_t off, int64_t symid,
		   int32_t from, uint32_t arg, bool whole)
{
	lfile *f = &c->files[fi];
	ls_member m;
	ls_diag d;
	ls_bytes bytes;
	uint64_t base;
	int32_t ii;
	int rc;

	if (memb_seen(c, fi, off))
		return 0;
	if (ls_archive_member_at(&f->ar, off, &m, &d) < 0) {
		return link_fail(c, f->path, NULL, &d);
	}
	bytes = m.data;
	base = m.data_off;
	if (f->ar.thin) {
		/* The member is a file of its own, found beside the archive. */
		char p[4096];
		if (ls_archive_thin_path(f->path, &m, p, sizeof p) < 0)
			return 0;
		lfile tmp;
		memset(&tmp, 0, sizeof tmp);
		if (ls_map(p, &tmp.map, &d) < 0) {
			link_reason(c->res, "%s: cannot open member %.*s", f->path,
				    (int)m.name_len, m.name);
			c->fatal = true;
			return 0;
		}
		if (!link_grow((void **)&c->files, &c->capfiles, c->nfiles + 1,
			       sizeof *c->files)) {
			ls_unmap(&tmp.map);
			return -1;
		}
		tmp.path = strdup(p);
		tmp.type = FT_OBJ;
		tmp.done = true;
		c->files[c->nfiles++] = tmp;
		f = &c->files[fi];
		bytes = tmp.map.bytes;
		base = 0;
	}
	if (memb_add(c, fi, off, -1) < 0)
		return -1;
	if (!ls_is_elf(bytes)) {
		if (!whole)
			return 0;
		link_reason(c->res, "%s(%.*s): file format not recognized", f->path,
			    (int)m.name_len, m.name);
		c->fatal = true;
		return 0;
	}
	rc = member_incompatible(c, f, m.name, m.name_len, bytes);
	if (rc)
		return rc < 0 ? rc : 0;
	ii = link_add_input(c, LS_LIN_MEMBER, fi, f->path, m.name, m.name_len,
			    bytes, base, arg);
	if (ii < 0)
		return ii;
	c->res->nmembers++;
	c->input_group[ii] = c->files[fi].group;
	ls_link_input *in = &c->res->inputs[ii];
	in->whole_archive = whole;
	in->pulled_by = from;
	in->pulled_sym = symid >= 0 ? c->tab.syms[symid].name : NULL;
	if (in->obj.type == ET_DYN) {
		in->kind = LS_LIN_DSO;
		return load_dso(c, ii);
	}
	return load_object(c, ii);
}

/* Whether member off of archive fi really defines sym (not as common):
 * bfd pulls a member for a pending common symbol only then. */
static bool member_defines(linkctx *c, uint32_t fi, uint64_t off, const lsym *y)
{
	lfile *f = &c->files[fi];
	ls_member m;
	ls_object o;
	ls_diag d;
	bool yes = false;

	if (f->ar.thin || ls_archive_member_at(&f->ar, off, &m, &d) < 0 ||
	    !ls_is_elf(m.data) || ls_object_open(&o, m.data, m.data_off, &d) < 0)
		return false;
	for (uint32_t i = o.symtab.first_global; o.symtab.present && i < o.symtab.count; i++) {
		ls_symbol s;
		if (ls_symbol_get(&o, &o.symtab, i, &s, &d) < 0)
			break;
		if (s.name_len == y->len && !memcmp(s.name, y->name, y->len)) {
			yes = s.shndx != SHN_UNDEF && s.raw_shndx != SHN_COMMON &&
			      s.type == STT_OBJECT;
			break;
		}
	}
	ls_object_close(&o);
	return yes;
}

/* The input whose reference (or, for a pending common symbol, whose
 * common definition) makes an archive member be pulled; -1 for -u. */
static int32_t puller(const lsym *y)
{
	if (y->sref >= 0)
		return y->sref;
	if (y->ref >= 0)
		return y->ref;
	return y->state == S_COMMON ? y->def : -1;
}

static const lazy *lazy_in(const linkctx *c, const lsym *y, uint32_t fi)
{
	for (uint32_t e = y->lazy; e; e = c->lazies[e - 1].next)
		if (c->lazies[e - 1].file == fi)
			return &c->lazies[e - 1];
	return NULL;
}

/* GNU: one visit of an archive drains its pending names until none of them
 * pulls anything more.  Returns members loaded, or < 0. */
static int64_t gnu_visit(linkctx *c, uint32_t fi, uint32_t arg)
{
	int64_t loaded = 0;

	while (c->files[fi].npending) {
		lfile *f = &c->files[fi];
		uint32_t *list = f->pending;
		size_t n = f->npending;

		f->pending = NULL;
		f->npending = f->cappending = 0;
		for (size_t k = 0; k < n; k++) {
			lsym *y = &c->tab.syms[list[k]];
			bool common = y->state == S_COMMON && c->sem == LS_SEM_BFD;
			if (!wants_definition(c, y) && !common)
				continue;
			const lazy *z = lazy_in(c, y, fi);
			if (!z || memb_seen(c, fi, z->member_off))
				continue;
			if (common && !member_defines(c, fi, z->member_off, y))
				continue;
			int rc = extract(c, fi, z->member_off, list[k],
					 puller(y), arg, false);
			if (rc < 0) {
				free(list);
				return rc;
			}
			loaded++;
		}
		free(list);
	}
	return loaded;
}

static int whole_archive(linkctx *c, uint32_t fi, uint32_t arg)
{
	uint64_t cur = c->files[fi].ar.first;
	ls_member m;
	ls_diag d;
	int rc;

	while ((rc = ls_archive_next(&c->files[fi].ar, &cur, &m, &d)) == 1) {
		int e = extract(c, fi, m.hdr_off, -1, -1, arg, true);
		if (e < 0)
			return e;
	}
	if (rc < 0) {
		return link_fail(c, c->files[fi].path, NULL, &d);
	}
	return 0;
}

/* lld/mold: extract for each queued strong reference to a name some
 * archive already seen defines.  A reference from an input that comes after
 * that archive (outside a common group) is a backward reference: GNU ld
 * would not have seen it. */
static int drain_lazy(linkctx *c)
{
	while (c->nundefq) {
		int32_t from = (int32_t)c->undefq[--c->nundefq];
		uint32_t symid = c->undefq[--c->nundefq];
		lsym *y = &c->tab.syms[symid];
		const lazy *z = NULL;

		if (!wants_definition(c, y) && !(y->state == S_COMMON && common_pulls(c)))
			continue;
		for (uint32_t e = y->lazy; e; e = c->lazies[e - 1].next)
			if (c->files[c->lazies[e - 1].file].visited) {
				z = &c->lazies[e - 1];
				break;
			}
		if (!z || memb_seen(c, z->file, z->member_off))
			continue;
		uint32_t fi = z->file;
		uint64_t off = z->member_off;
		if (y->state == S_COMMON && !member_defines(c, fi, off, y))
			continue;
		int32_t before = (int32_t)c->res->ninputs;
		int rc = extract(c, fi, off, symid, from, 0, false);
		if (rc < 0)
			return rc;
		if ((int32_t)c->res->ninputs > before && from >= 0 &&
		    c->files[fi].group < c->input_group[from]) {
			ls_link_result *r = c->res;
			size_t cap = r->nbackrefs;
			if (!link_grow((void **)&r->backrefs, &cap, r->nbackrefs + 1,
				       sizeof *r->backrefs))
				return -1;
			r->backrefs[r->nbackrefs].symbol = y->name;
			r->backrefs[r->nbackrefs].from = from;
			r->backrefs[r->nbackrefs++].to = before;
		}
	}
	return 0;
}

/* lld/mold: an archive's turn: its names become lazy, and the ones already
 * strongly referenced are extracted now (a forward reference). */
static int lazy_visit(linkctx *c, uint32_t fi, uint32_t arg)
{
	lfile *f = &c->files[fi];

	f->visited = true;
	for (uint32_t k = 0; k < f->lazy_count; k++) {
		const lazy *z = &c->lazies[f->lazy_first + k];
		lsym *y = &c->tab.syms[z->sym];
		if (!wants_definition(c, y) && !(y->state == S_COMMON && common_pulls(c)))
			continue;
		/* lld (--fortran-common, isNonCommonDef) and mold replace a
		 * common symbol only with a member's real data definition,
		 * never with another common one. */
		if (y->state == S_COMMON && !member_defines(c, fi, z->member_off, y))
			continue;
		/* The first archive seen that defines the name answers. */
		const lazy *first = NULL;
		for (uint32_t e = y->lazy; e; e = c->lazies[e - 1].next)
			if (c->files[c->lazies[e - 1].file].visited) {
				first = &c->lazies[e - 1];
				break;
			}
		if (first != z)
			continue;
		int rc = extract(c, fi, z->member_off, z->sym,
				 puller(y), arg, false);
		if (rc < 0)
			return rc;
		if ((rc = drain_lazy(c)) < 0)
			return rc;
	}
	return 0;
}

static int no_index(linkctx *c, lfile *f)
{
	if (c->sem == LS_SEM_GOLD)
		link_reason(c->res, "%s: no archive symbol table (run ranlib)", f->path);
	else if (c->sem == LS_SEM_LLD)
		link_reason(c->res, "%s: archive has no index; run ranlib to add one", f->path);
	else
		link_reason(c->res, "%s: error adding symbols: archive has no index; run ranlib to add one",
			    f->path);
	c->fatal = true;
	return 0;
}

static int group_end(linkctx *c, size_t first, size_t last)
{
	int64_t n;

	do {
		n = 0;
		for (size_t k = first; k < last; k++) {
			const lstep *s = &c->steps[k];
			if (s->kind != STEP_FILE || c->files[s->file].type != FT_ARCHIVE)
				continue;
			int64_t got = gnu_visit(c, s->file, s->arg);
			if (got < 0)
				return (int)got;
			n += got;
		}
	} while (n);
	for (size_t k = first; k < last; k++)
		if (c->steps[k].kind == STEP_FILE) {
			c->files[c->steps[k].file].done = true;
			c->files[c->steps[k].file].npending = 0;
		}
	return 0;
}

static int step_file(linkctx *c, const lstep *s)
{
	lfile *f = &c->files[s->file];
	int32_t ii;
	int rc;

	f->group = c->cur_group;
	switch (f->type) {
	case FT_OBJ:
	case FT_DSO:
		ii = link_add_input(c, f->type == FT_OBJ ? LS_LIN_OBJECT : LS_LIN_DSO,
				    s->file, f->path, NULL, 0, f->map.bytes, 0, s->arg);
		if (ii < 0)
			return ii;
		if (f->type == FT_OBJ)
			rc = load_object(c, ii);
		else {
			c->res->inputs[ii].as_needed = s->as_needed;
			rc = load_dso(c, ii);
		}
		if (rc < 0)
			return rc;
		return c->gnu ? 0 : drain_lazy(c);
	case FT_ARCHIVE:
		if (s->whole_archive)
			return whole_archive(c, s->file, s->arg);
		if (f->noindex && (c->gnu || LLD_BEFORE(c, 14)) &&
		    f->ar.first < f->ar.data.size)
			return no_index(c, f);
		if (!c->gnu)
			return lazy_visit(c, s->file, s->arg);
		f->visited = true;
		rc = (int)gnu_visit(c, s->file, s->arg);
		if (rc < 0)
			return rc;
		if (!c->group_depth) {
			f->done = true;
			f->npending = 0;
		}
		return 0;
	default:
		return 0;
	}
}

/* Every archive index entry becomes a lazy entry of its name, chained in
 * command-line order.  An archive without an index is read member by
 * member, as lld and mold do (GNU ld refuses it when its turn comes). */
static int add_lazy(linkctx *c, uint32_t fi, const char *name, size_t len,
		    uint32_t hash, uint64_t off)
{
	bool made;
	int64_t id = ltab_get(&c->tab, name, (uint32_t)len, hash, &made);

	if (id < 0)
		return -1;
	if (c->nlazies == UINT32_MAX - 1)
		return -1;
	size_t cap = c->caplazies;
	if (!link_grow((void **)&c->lazies, &cap, c->nlazies + 1, sizeof *c->lazies))
		return -1;
	c->caplazies = (uint32_t)cap;
	lazy *z = &c->lazies[c->nlazies];
	z->file = fi;
	z->sym = (uint32_t)id;
	z->next = 0;
	z->member_off = off;
	lsym *y = &c->tab.syms[id];
	++c->nlazies;
	if (!y->lazy)
		y->lazy = c->nlazies;
	else
		c->lazies[y->lazy_tail - 1].next = c->nlazies;
	y->lazy_tail = c->nlazies;
	return 0;
}

static int index_by_members(linkctx *c, uint32_t fi)
{
	lfile *f = &c->files[fi];
	uint64_t cur = f->ar.first;
	ls_member m;
	ls_diag d;

	while (ls_archive_next(&f->ar, &cur, &m, &d) == 1) {
		ls_object o;
		if (f->ar.thin || !ls_is_elf(m.data) ||
		    ls_object_open(&o, m.data, m.data_off, &d) < 0)
			continue;
		for (uint32_t i = o.symtab.first_global; o.symtab.present && i < o.symtab.count; i++) {
			ls_symbol s;
			if (ls_symbol_get(&o, &o.symtab, i, &s, &d) < 0)
				break;
			if (s.bind == STB_LOCAL || s.shndx == SHN_UNDEF || !s.name_len)
				continue;
			uint32_t kl = key_len(s.name, s.name_len, true);
			if (add_lazy(c, fi, s.name, kl, ls_lhash(s.name, kl), m.hdr_off) < 0) {
				ls_object_close(&o);
				return -1;
			}
		}
		ls_object_close(&o);
		f = &c->files[fi];
	}
	return 0;
}

/* An archive's index in two passes: names hashed and their slots asked
 * for first, then inserted, so the table's cache misses overlap. */
static int index_archive(linkctx *c, uint32_t fi)
{
	enum { BATCH = 64 };
	struct { const char *name; uint32_t len, hash; uint64_t off; } b[BATCH];
	const ls_archive *ar = &c->files[fi].ar;
	ls_symidx_iter it;
	size_t n;

	ls_archive_symiter_init(ar, &it);
	do {
		const char *name;
		uint64_t off;
		for (n = 0; n < BATCH && ls_archive_symiter_next(ar, &it, &name, &off) == 1;) {
			c->res->narchive_syms++;
			if (!*name)
				continue;
			b[n].name = name;
			b[n].len = (uint32_t)strlen(name);
			b[n].hash = ls_lhash(name, b[n].len);
			b[n].off = off;
			ltab_prefetch(&c->tab, b[n].hash);
			n++;
		}
		for (size_t k = 0; k < n; k++)
			if (add_lazy(c, fi, b[k].name, b[k].len, b[k].hash, b[k].off) < 0)
				return -1;
		ar = &c->files[fi].ar;
	} while (n == BATCH);
	return 0;
}

static int build_lazies(linkctx *c)
{
	for (size_t k = 0; k < c->nsteps; k++) {
		const lstep *s = &c->steps[k];
		if (s->kind != STEP_FILE)
			continue;
		lfile *f = &c->files[s->file];
		if (f->type != FT_ARCHIVE || f->lazy_count || s->whole_archive)
			continue;
		f->lazy_first = c->nlazies;
		if (f->ar.symidx_kind == LS_SYMIDX_NONE) {
			f->noindex = true;
			if (!c->gnu && index_by_members(c, s->file) < 0)
				return -1;
		} else if (index_archive(c, s->file) < 0) {
			return -1;
		}
		f = &c->files[s->file];
		f->lazy_count = c->nlazies - f->lazy_first;
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
	    !link_grow((void **)&c->defsym_refs, &c->capdefsym_refs, c->ndefsym_refs + 1,
		       sizeof *c->defsym_refs))
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
	int64_t id = sym_get(c, name, (uint32_t)len);

	if (id < 0)
		return -1;
	lsym *y = &c->tab.syms[id];
	if (y->state == 0)
		y->state = S_UNDEF;
	if (!(y->flags & F_CMDLINE) && y->state == S_UNDEF) {
		y->flags |= F_CMDLINE;
		if (need_member(c, (uint32_t)id, -1) < 0)
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
				if (need_member(c, i, -1) < 0)
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
	if ((rc = build_lazies(c)) < 0)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &b);
	c->res->ms_index = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	/* --defsym names are defined by the link itself; -u names are
	 * references from the command line, before any input. */
	for (size_t i = 0; i < cmd->ndefsym; i++) {
		int64_t id = sym_get(c, cmd->defsym[i], (uint32_t)strlen(cmd->defsym[i]));
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
		int64_t id = sym_get(c, entry, (uint32_t)strlen(entry));
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
			    (rc = group_end(c, group_first, k)) < 0)
				return rc;
			break;
		default:
			if (!depth)
				c->cur_group = ++c->ngroups;
			if ((rc = step_file(c, s)) < 0)
				return rc;
		}
	}
	if (depth && c->gnu && (rc = group_end(c, group_first, c->nsteps)) < 0)
		return rc;
	return 0;
}
