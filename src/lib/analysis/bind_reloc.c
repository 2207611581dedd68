/*
 * bind_reloc.c - the relocation walk of a simulated process (step 3 of
 * bind.c): each object's dynamic relocations (readers/elf_relocs.h) in
 * the loader's order, the class glibc's elf_machine_type_class gives each
 * type, the lookup each needs (memoised per object and symbol, and shared
 * between objects searching the same scope), and the unresolved records
 * and reports glibc's messages would give.
 */
#include "bind_impl.h"
#include "../readers/elf_defs.h"
#include "../readers/elf_relocs.h"

#include <stdlib.h>
#include <string.h>

/* Relocation types ------------------------------------------------------- */

enum {
	RC_PLT = 1,		/* ELF_RTYPE_CLASS_PLT */
	RC_COPY = 2,		/* ELF_RTYPE_CLASS_COPY */
	RC_JUMP = 4,		/* the machine's JUMP_SLOT (lazy-capable) */
	RC_TLS = 8,
	RC_NOSYM = 16,		/* relative kinds: no lookup even with a symbol */
	RC_UNKNOWN = 32,	/* machine without a table: JMPREL = JUMP_SLOT */
};

static bool in(uint32_t t, uint32_t lo, uint32_t hi)
{
	return t >= lo && t <= hi;
}

/* elf_machine_type_class of glibc 2.36, plus what bind needs to know. */
static unsigned reloc_facts(const ls_object *o, uint32_t t)
{
	unsigned f = 0;

	switch (o->machine) {
	case EM_X86_64:
		if (t == 7) f = RC_JUMP | RC_PLT;
		else if (t == 16 || t == 17 || t == 18 || t == 36) f = RC_TLS | RC_PLT;
		else if (t == 5) f = RC_COPY;
		else if (t == 8 || t == 37 || t == 38) f = RC_NOSYM;
		return f;
	case EM_386:
		if (t == 7) f = RC_JUMP | RC_PLT;
		else if (t == 14 || in(t, 35, 37) || t == 41) f = RC_TLS | RC_PLT;
		else if (t == 5) f = RC_COPY;
		else if (t == 8 || t == 42) f = RC_NOSYM;
		return f;
	case EM_AARCH64:
		if (t == 1026) f = RC_JUMP | RC_PLT;
		else if (in(t, 1028, 1031)) f = RC_TLS | RC_PLT;
		else if (t == 1024) f = RC_COPY;
		else if (t == 1027 || t == 1032) f = RC_NOSYM;
		return f;
	case EM_ARM:
		if (t == 22) f = RC_JUMP | RC_PLT;
		else if (t == 13 || in(t, 17, 19)) f = RC_TLS | RC_PLT;
		else if (t == 20) f = RC_COPY;
		else if (t == 23 || t == 160) f = RC_NOSYM;
		return f;
	case EM_RISCV:
		if (t == 5) f = RC_JUMP | RC_PLT;
		else if (in(t, 6, 11)) f = RC_TLS | ((t & 1) == (o->wordsize == 8) ? RC_PLT : 0);
		else if (t == 4) f = RC_COPY;
		else if (t == 3 || t == 58) f = RC_NOSYM;
		return f;
	case EM_LOONGARCH:
		if (t == 5) f = RC_JUMP | RC_PLT;
		else if (in(t, 6, 11)) f = RC_TLS;
		else if (t == 4) f = RC_COPY;
		else if (t == 3 || t == 12) f = RC_NOSYM;
		return f;
	case EM_S390:
		if (t == 11) f = RC_JUMP | RC_PLT;
		else if (in(t, 54, 56)) f = RC_TLS | RC_PLT;
		else if (t == 9) f = RC_COPY;
		else if (t == 12 || t == 61) f = RC_NOSYM;
		return f;
	case EM_PPC64:
		if (t == 21) f = RC_JUMP | RC_PLT;
		else if (in(t, 67, 106) || in(t, 112, 115)) f = RC_TLS | RC_PLT;
		else if (t == 2) f = RC_PLT;
		else if (t == 19) f = RC_COPY;
		else if (t == 22 || t == 248) f = RC_NOSYM;
		/* ELFv1 (big-endian, unless e_flags says ELFv2): every
		 * relocation is PLT class. */
		if ((o->flags & 3) == 1 || ((o->flags & 3) == 0 && o->order == LS_BE))
			f |= RC_PLT;
		return f;
	case EM_PPC:
		if (t == 21) f = RC_JUMP | RC_PLT;
		else if (in(t, 68, 78)) f = RC_TLS | RC_PLT;
		else if (t == 2 || t == 10) f = RC_PLT;
		else if (t == 19) f = RC_COPY;
		else if (t == 22 || t == 248) f = RC_NOSYM;
		return f;
	case EM_MIPS:
		if (t == 127) f = RC_JUMP | RC_PLT;
		else if (t == 126) f = RC_COPY;
		return f;
	default:
		return RC_UNKNOWN;
	}
}

static int memo_grow(struct ctx *c);
static int lcache_grow(struct ctx *c);

/* The process's lookup cache entry for q with flags fl: filled (name set)
 * when that lookup was made, else a new entry with its key fields set
 * (the caller stores name and def before the next call); NULL when
 * memory runs out. */
static struct lcache_ent *lcache_at(struct ctx *c, const ls_symquery *q,
				    unsigned fl)
{
	uint32_t h = q->gnu_hash ^ (q->version_hash * 0x9e3779b1u) ^ fl;
	uint32_t m, i;

	if (2 * (c->nlent + 1) > c->lcap && lcache_grow(c) < 0)
		return NULL;
	m = c->lcap - 1;
	for (i = (h * 2654435761u) & m;; i = (i + 1) & m) {
		struct lcache_slot *sl = &c->lslot[i];
		if (sl->ent == 0)
			break;
		struct lcache_ent *e = &c->lent[sl->ent - 1];
		if (sl->hash == h && e->nlen == q->name_len && e->flags == fl &&
		    !memcmp(e->name, q->name, q->name_len) &&
		    (e->version == q->version ||
		     (e->version && q->version && !strcmp(e->version, q->version))))
			return e;
	}
	if (bind_grow(c, &c->lent, &c->caplent, c->nlent, sizeof *c->lent) < 0)
		return NULL;
	struct lcache_ent *e = &c->lent[c->nlent++];
	c->lslot[i].hash = h;
	c->lslot[i].ent = c->nlent;
	e->name = NULL;
	e->nlen = (uint32_t)q->name_len;
	e->version = q->version;
	e->flags = (uint8_t)fl;
	return e;
}

static int lcache_grow(struct ctx *c)
{
	uint32_t ncap = c->lcap ? c->lcap * 2 : 256;
	struct lcache_slot *n;

	if (ncap > UINT32_MAX / 4 || !(n = calloc(ncap, sizeof *n)))
		return bind_oom(c);
	for (uint32_t i = 0; i < c->lcap; i++) {
		struct lcache_slot *sl = &c->lslot[i];
		uint32_t j;
		if (!sl->ent)
			continue;
		for (j = (sl->hash * 2654435761u) & (ncap - 1); n[j].ent;
		     j = (j + 1) & (ncap - 1))
			;
		n[j] = *sl;
	}
	free(c->lslot);
	c->lslot = n;
	c->lcap = ncap;
	return 0;
}

/* The memo word of key, or NULL when absent.  With insert, an absent key
 * is added with word 0 (NULL only when memory runs out); the word stays
 * valid until the next insertion. */
static uint32_t *memo_at(struct ctx *c, uint32_t key, bool insert)
{
	uint32_t m = c->mcur - 1, i = (key * 2654435761u) & m;

	for (;; i = (i + 1) & m) {
		if (c->memo[i].key == key)
			return &c->memo[i].val;
		if (c->memo[i].key == 0)
			break;
	}
	if (!insert)
		return NULL;
	if (2 * (c->mused + 1) > c->mcur) {
		if (memo_grow(c) < 0)
			return NULL;
		m = c->mcur - 1;
		for (i = (key * 2654435761u) & m; c->memo[i].key; i = (i + 1) & m)
			;
	}
	c->mused++;
	c->memo[i].key = key;
	c->memo[i].val = 0;
	return &c->memo[i].val;
}

/* Lookups ------------------------------------------------------------------ */

/* The scope search for object k (here, so the walk inlines it): the definer, or -1; *first is set when
 * the answer came from k's own DT_SYMBOLIC search. */
static int scope_lookup(struct ctx *c, uint32_t k, ls_symquery *q, bool copy,
			int32_t *def, uint32_t *idx, bool *first)
{
	const struct objctx *oc = &c->oc[k];
	const uint32_t *scope = c->p->objs[k].dlopened ? c->group : c->start;
	uint32_t n = c->p->objs[k].dlopened ? c->ngroup : c->nstart;
	int rc;

	c->r->nlookups++;
	*def = -1;
	*first = false;
	if (oc->symbolic && !(copy && k == 0)) {
		if ((rc = ls_symhash_lookup(&oc->h, q, idx, NULL, c->d)) < 0) {
			c->r->err_obj = (int32_t)k;
			return -1;
		}
		if (rc) {
			*def = (int32_t)k;
			*first = true;
			return 0;
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = scope[i];
		if ((copy && x == 0) || (oc->symbolic && x == k) ||
		    !ls_symhash_maybe(&c->oc[x].h, q->gnu_hash))
			continue;
		if ((rc = ls_symhash_lookup(&c->oc[x].h, q, idx, NULL, c->d)) < 0) {
			c->r->err_obj = (int32_t)x;
			return -1;
		}
		if (rc) {
			*def = (int32_t)x;
			return 0;
		}
	}
	return 0;
}

/* The relocation walk ------------------------------------------------------ */

struct ref {
	const char *version, *file;
	bool hidden;
};

/* The version a reference asks for: glibc's l_versions[versym] (the
 * hidden bit of a Vernaux is read from the symbol's versym entry, where
 * linkers write the same bit; Verdef entries are never hidden). */
static void ref_version(const struct objctx *oc, const ls_rawsym *s,
			struct ref *rv)
{
	const ls_version *v;
	uint16_t ndx = s->versym & 0x7fff;

	rv->version = rv->file = NULL;
	rv->hidden = false;
	if (!oc->h.versioned || !s->has_versym || ndx < 2 ||
	    !(v = ls_version_lookup(oc->o, ndx)) || !v->name)
		return;
	if (v->defined && (v->flags & VER_FLG_BASE))
		return;
	rv->version = v->name;
	if (!v->defined) {
		rv->file = v->file;
		rv->hidden = (s->versym & 0x8000) != 0;
	}
}

static int add_unres(struct ctx *c, uint32_t k, const char *name,
		     const struct ref *rv, uint32_t kind, bool weak, bool lazy,
		     uint32_t *out)
{
	ls_bind_result *r = c->r;

	if (bind_grow(c, &r->unres, &c->capunres, r->nunres,
		      sizeof *r->unres) < 0)
		return -1;
	ls_unresolved *u = &r->unres[r->nunres];
	memset(u, 0, sizeof *u);
	u->obj = k;
	u->symbol = name;
	u->version = rv->version;
	u->version_file = rv->file;
	u->kinds = kind;
	u->weak = weak;
	u->lazy = lazy;
	*out = r->nunres++;
	return 0;
}

/* One relocation of object k naming symbol sym. */
static int one_reloc(struct ctx *c, uint32_t k, uint32_t sym, uint32_t type,
		     bool in_jmprel, uint64_t roff)
{
	struct objctx *oc = &c->oc[k];
	const ls_object *o = oc->o;
	unsigned f = reloc_facts(o, type);
	bool copy = (f & RC_COPY) != 0, jump, tls = (f & RC_TLS) != 0;
	int tclass;
	uint32_t kind, *memo, *other;
	ls_rawsym s;
	const char *name;
	size_t nlen;
	uint32_t nhash;
	struct ref rv;

	if (f & RC_NOSYM)
		return 0;
	if (f & RC_UNKNOWN)
		f = in_jmprel ? RC_JUMP | RC_PLT : 0;
	jump = (f & RC_JUMP) != 0;
	if (c->musl)		/* find_sym's need_def: REL_PLT only */
		tclass = jump ? LS_RTYPE_CLASS_PLT : 0;
	else
		tclass = (f & RC_PLT) ? LS_RTYPE_CLASS_PLT : 0;
	kind = copy ? LS_REF_COPY : jump ? LS_REF_PLT : tls ? LS_REF_TLS : LS_REF_DATA;
	bool lazy = in_jmprel && jump && oc->lazy;

	c->r->nrelocs++;
	if (sym >= o->dynsym.count)
		return c->r->err_obj = (int32_t)k,
		       ls_fail(c->d, roff,
			       "relocation names symbol %u, past the %u dynamic symbols",
			       sym, o->dynsym.count);
	if (sym > 0x7ffffff0u)
		return c->r->err_obj = (int32_t)k,
		       ls_fail(c->d, roff, "relocation names symbol %u", sym);
	/* The insertion first: the lookup of the other class's word does
	 * not move the table. */
	uint32_t none = 0;
	memo = copy ? &none : memo_at(c, 2 * sym + (tclass ? 1 : 0) + 1, true);
	if (!memo)
		return -1;
	other = memo_at(c, 2 * sym + (tclass ? 0 : 1) + 1, false);
	if (!other)
		other = &none;
	if (!copy && *memo) {
		if (*memo & MEMO_UNRES) {
			c->last_unres = *memo & ~MEMO_UNRES;
			ls_unresolved *u = &c->r->unres[c->last_unres];
			u->kinds |= kind;
			u->lazy = u->lazy && lazy;
		}
		return 0;
	}
	uint64_t soff = o->dynsym.data_off + (uint64_t)sym * o->dynsym.entsize;
	if (!ls_rawsym_get(o, sym, &s))
		return c->r->err_obj = (int32_t)k,
		       ls_fail(c->d, soff, "symbol %u lies outside its table", sym);
	if (!ls_rawsym_name_hash(o, &s, &name, &nlen, &nhash))
		return c->r->err_obj = (int32_t)k,
		       ls_fail(c->d, soff,
			       "symbol %u: name offset 0x%x outside string table or unterminated",
			       sym, s.name);
	bool defined = s.shndx != SHN_UNDEF;
	/* RESOLVE_MAP: local and hidden references bind to their object. */
	if (s.bind == STB_LOCAL ||
	    (!c->musl && (s.vis == STV_HIDDEN || s.vis == STV_INTERNAL)) ||
	    (defined && !copy && !c->opts->interposition)) {
		*memo = k + 1;
		return 0;
	}
	ref_version(oc, &s, &rv);
	ls_symquery q;
	const char *qv = c->musl ? NULL : rv.version;
	uint32_t qvh = 0;
	if (qv) {
		size_t slot = ((uintptr_t)qv >> 2) % 64;
		if (c->vhash[slot].name != qv) {
			c->vhash[slot].name = qv;
			c->vhash[slot].hash = ls_elf_hash(qv);
		}
		qvh = c->vhash[slot].hash;
	}
	ls_symquery_init_hashed(&q, name, nlen, nhash, qv, qvh, rv.hidden, tclass);
	q.musl = c->musl;
	if (copy)
		q.type_class |= LS_RTYPE_CLASS_COPY;

	/* A defined reference matters only for interposition. */
	const struct def *head = NULL;
	if (c->opts->interposition) {
		uint64_t slot;
		head = bind_table_find(c, name, nlen, q.gnu_hash, &slot);
		if (head && head->ip_n == 0)
			head = NULL;
	}
	if (defined && !copy && !head) {
		*memo = k + 1;
		return 0;
	}

	int32_t def;
	uint32_t didx;
	bool first = false;
	/* Objects that search the same scope the same way share answers. */
	struct lcache_ent *ls = NULL;
	if (!copy && !oc->symbolic) {
		unsigned fl = (tclass ? 1 : 0) | (q.version_hidden ? 2 : 0) |
			      (c->p->objs[k].dlopened ? 4 : 0);
		ls = lcache_at(c, &q, fl);
		if (!ls)
			return -1;
		if (ls->name) {
			def = ls->def;
			goto found;
		}
	}
	if (scope_lookup(c, k, &q, copy, &def, &didx, &first) < 0)
		return -1;
	if (ls) {
		ls->name = q.name;
		ls->def = def;
	}
found:
	if (def < 0) {
		if (defined && !copy) {
			*memo = k + 1;	/* only looked up for interposition */
			return 0;
		}
		bool weak = c->musl ? s.bind == STB_WEAK && !defined
				    : s.bind == STB_WEAK;
		uint32_t ui;
		if (!copy && (*other & MEMO_UNRES)) {
			ui = *other & ~MEMO_UNRES;
			c->r->unres[ui].kinds |= kind;
			c->r->unres[ui].lazy = c->r->unres[ui].lazy && lazy;
		} else if (copy) {
			/* Reuse a record of the same symbol. */
			ui = UINT32_MAX;
			for (uint32_t i = oc->unres_first; i < c->r->nunres; i++)
				if (c->r->unres[i].symbol == name)
					ui = i;
			if (ui == UINT32_MAX &&
			    add_unres(c, k, name, &rv, kind, weak, lazy, &ui) < 0)
				return -1;
			c->r->unres[ui].kinds |= kind;
			c->r->unres[ui].lazy = false;
			c->last_unres = ui;
			return 0;
		} else if (add_unres(c, k, name, &rv, kind, weak, lazy, &ui) < 0) {
			return -1;
		}
		*memo = MEMO_UNRES | ui;
		c->last_unres = ui;
		return 0;
	}
	/* glibc's check_match asserts that a versioned reference does not
	 * find its name in the very object its Verneed names when that
	 * object has no symbol versions: ld.so stops there. */
	if (!c->musl && rv.file && !c->oc[def].h.versioned &&
	    (!c->r->assert_fail || (c->r->assert_lazy && !lazy)) &&
	    bind_names_object(&c->p->objs[def], rv.file)) {
		c->r->assert_fail = true;
		c->r->assert_lazy = lazy;
		c->r->assert_obj = k;
		c->r->assert_definer = (uint32_t)def;
		c->r->assert_symbol = name;
		c->r->assert_version = rv.version;
		c->r->assert_report = c->r->nreports;
	}
	ls_bound_why why = LS_BOUND_SCOPE;
	if (first)
		why = LS_BOUND_SYMBOLIC;
	/* glibc: a protected reference binds to its own object. */
	if (!c->musl && s.vis == STV_PROTECTED && def != (int32_t)k) {
		def = (int32_t)k;
		why = LS_BOUND_PROTECTED;
	}
	if (!copy)
		*memo = (uint32_t)def + 1;
	if (head) {
		ls_interpose *ip = bind_loser_entry(c, head, (uint32_t)def, rv.version);
		if (ip && copy) {
			if (ip->winner == 0)
				ip->copy = true;
			else if (bind_add_bound(c, (uint32_t)(ip - c->r->ip), k,
						(uint32_t)def, why) < 0)
				return -1;
		} else if (ip && bind_add_bound(c, (uint32_t)(ip - c->r->ip), k,
						(uint32_t)def, why) < 0) {
			return -1;
		}
	}
	return 0;
}

/* The machine's COPY relocation type, or UINT32_MAX. */
static uint32_t copy_type(const ls_object *o)
{
	switch (o->machine) {
	case EM_X86_64: case EM_386: return 5;
	case EM_AARCH64: return 1024;
	case EM_ARM: return 20;
	case EM_RISCV: case EM_LOONGARCH: return 4;
	case EM_S390: return 9;
	case EM_PPC64: case EM_PPC: return 19;
	case EM_MIPS: return 126;
	default: return UINT32_MAX;
	}
}

/* resolve_map's cache test for a relocation of the walked object: true
 * when glibc looks the symbol up (and so reports it again when it is
 * missing).  Local symbols and hidden or internal ones bind to their
 * object without a lookup and leave the cache alone. */
static bool lookup_misses(struct ctx *c, const ls_object *o,
			  const ls_dynsym_view *ds, uint32_t sym, uint32_t type)
{
	unsigned f = reloc_facts(o, type), tc;
	uint8_t info, other;

	if (c->musl || (f & RC_NOSYM) || sym >= ds->count ||
	    !ls_dynsym_info(ds, sym, &info, &other))
		return false;
	if ((info >> 4) == STB_LOCAL || (other & 3) == STV_HIDDEN ||
	    (other & 3) == STV_INTERNAL)
		return false;
	if (f & RC_UNKNOWN)
		f = 0;
	tc = (f & RC_PLT ? 1u : 0u) | (f & RC_COPY ? 2u : 0u);
	if (c->lc_sym == sym + 1 && c->lc_class == tc)
		return false;
	c->lc_sym = sym + 1;
	c->lc_class = tc;
	return true;
}

static int add_report(struct ctx *c, uint32_t ui)
{
	ls_bind_result *r = c->r;

	if (bind_grow(c, &r->reports, &c->capreports, r->nreports,
		      sizeof *r->reports) < 0)
		return -1;
	r->reports[r->nreports++] = ui;
	return 0;
}

static int walk_range(struct ctx *c, uint32_t k, const ls_relrange *range)
{
	const ls_object *o = c->oc[k].o;
	uint32_t copy = copy_type(o);
	bool fast = !c->opts->interposition;
	/* Locals: one_reloc's stores cannot change them. */
	const ls_relrange rg = *range;
	const ls_dynsym_view ds = ls_dynsym_view_of(o);

	for (uint64_t i = rg.first; i < rg.n; i++) {
		uint32_t sym, type;
		uint16_t shndx;

		ls_relrange_get(o, &rg, i, &sym, &type);
		if (sym == 0 || type == 0)
			continue;
		bool miss = lookup_misses(c, o, &ds, sym, type);
		/* Without interposition a reference to the object's own
		 * definition needs no lookup (st_shndx read raw). */
		if (fast && type != copy && sym < ds.count &&
		    ls_dynsym_shndx(&ds, sym, &shndx) && shndx != SHN_UNDEF) {
			c->r->nrelocs++;
			continue;
		}
		c->last_unres = UINT32_MAX;
		if (one_reloc(c, k, sym, type, rg.jmprel,
			      ls_relrange_off(o, &rg, i)) < 0)
			return -1;
		if (miss && c->last_unres != UINT32_MAX &&
		    add_report(c, c->last_unres) < 0)
			return -1;
	}
	return 0;
}

/* Empties the memo for the next object. */
static int memo_reset(struct ctx *c)
{
	if (!c->memo) {
		if (!(c->memo = malloc(64 * sizeof *c->memo)))
			return bind_oom(c);
		c->mcap = 64;
	}
	c->mcur = 64;
	c->mused = 0;
	memset(c->memo, 0, c->mcur * sizeof *c->memo);
	return 0;
}

/* Doubles the memo (kept at most half full). */
static int memo_grow(struct ctx *c)
{
	uint32_t ncap = c->mcur * 2;
	struct memo_slot *n;

	if (ncap > UINT32_MAX / 4 || !(n = calloc(ncap, sizeof *n)))
		return bind_oom(c);
	for (uint32_t i = 0; i < c->mcur; i++) {
		uint32_t key = c->memo[i].key, j;
		if (!key)
			continue;
		for (j = (key * 2654435761u) & (ncap - 1); n[j].key;
		     j = (j + 1) & (ncap - 1))
			;
		n[j] = c->memo[i];
	}
	free(c->memo);
	c->memo = n;
	c->mcap = c->mcur = ncap;
	return 0;
}

/* The relocation ranges of the dynamic section (readers/elf_relocs.h),
 * walked in the loader's order with a fresh memo. */
int bind_walk_object(struct ctx *c, uint32_t k)
{
	const ls_object *o = c->oc[k].o;
	ls_dynrels dr;

	c->oc[k].unres_first = c->r->nunres;
	c->lc_sym = c->lc_class = 0;
	if (ls_dynrels_read(o, &dr, c->d) < 0)
		return c->r->err_obj = (int32_t)k, -1;
	if (memo_reset(c) < 0)
		return -1;
	if (walk_range(c, k, &dr.rela) < 0 || walk_range(c, k, &dr.rel) < 0 ||
	    walk_range(c, k, &dr.jmp) < 0)
		return -1;
	return 0;
}

