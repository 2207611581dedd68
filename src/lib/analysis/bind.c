/*
 * bind.c - symbol binding in a simulated process; see bind.h.
 *
 * One pass per process:
 *   1. every usable object's hash table is located (symhash.c);
 *   2. with interposition, every exported dynamic symbol of the scope goes
 *      into one open-addressing table keyed by name (sized up front from
 *      the dynamic symbol counts), and names with several definitions get
 *      their ls_interpose entries;
 *   3. every object's relocations are walked once; each (object, symbol,
 *      relocation class) is resolved once, memoised in a table sized from
 *      that object's relocation count.
 */
#include "bind.h"
#include "symhash.h"
#include "../readers/elf_relocs.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>
#include <string.h>

const char *ls_bound_why_name(ls_bound_why w)
{
	switch (w) {
	case LS_BOUND_SYMBOLIC: return "symbolic";
	case LS_BOUND_PROTECTED: return "protected";
	case LS_BOUND_SCOPE: return "scope";
	}
	return "?";
}

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

/* Per-object and per-process state --------------------------------------- */

struct objctx {
	const ls_object *o;	/* NULL: missing or unusable */
	ls_symhash h;
	bool symbolic;
	bool lazy;		/* JUMP_SLOTs are bound on first call */
	uint32_t unres_first;	/* its unresolved records */
};

/* A definition in the interposition table. */
struct def {
	const char *name;
	const char *version;
	uint32_t hash;
	uint32_t obj;
	uint32_t next;		/* next definition of the name + 1, or 0 */
	bool protected_;	/* STV_PROTECTED */
	bool weak;		/* STB_WEAK */
	uint32_t ip_first, ip_n;	/* on the list head: its entries */
};

struct memo_slot {
	uint32_t key, val;
};

struct lcache_ent {
	const char *name;	/* NULL: not answered yet */
	const char *version;
	uint32_t nlen;
	uint8_t flags;		/* PLT class, hidden version, --dlopen group */
	int32_t def;		/* the answer: objs index or -1 */
};

struct lcache_slot {
	uint32_t hash;
	uint32_t ent;		/* entry + 1; 0: empty */
};

struct bound_tmp {
	uint32_t ip, obj, loser, why;
};

struct ctx {
	const ls_process *p;
	const ls_bind_opts *opts;
	ls_bind_result *r;
	ls_diag *d;
	bool musl;
	struct objctx *oc;
	uint32_t *start, nstart;	/* startup scope */
	uint32_t *group, ngroup;	/* startup scope + the --dlopen group */
	/* The memo of the object being walked: keys 2 * symbol + class + 1
	 * (0: empty), open addressing over mcur slots (a power of two, at
	 * most half full); mcap allocated. */
	struct memo_slot *memo;
	uint32_t mcap, mcur, mused;
	/* interposition */
	uint32_t *slots;	/* def index + 1 of a name's list head */
	uint64_t cap;		/* slots: a power of two */
	struct def *defs;
	uint32_t ndefs;
	struct bound_tmp *bt;
	uint32_t nbt, capbt;
	/* Answers of scope searches, shared by the objects searching the
	 * same scope in the same way (not DT_SYMBOLIC ones, not COPY). */
	struct lcache_slot *lslot;
	uint32_t lcap;
	struct lcache_ent *lent;
	uint32_t nlent, caplent;
	/* ELF hashes of version names, by the name's address. */
	struct {
		const char *name;
		uint32_t hash;
	} vhash[64];
	uint32_t capunres, capip, caplosers, capreports;
	/* glibc's lookup cache of the object being walked (last symbol
	 * index + 1, 0: empty; its type class) and the record the last
	 * one_reloc ended at (UINT32_MAX: none). */
	uint32_t lc_sym, lc_class, last_unres;
};

/* Memo values: 0 unknown; UNRES|i: unresolved record i; else definer + 1. */
#define MEMO_UNRES 0x80000000u

static int oom(struct ctx *c);
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
	if (c->nlent == c->caplent) {
		uint32_t nc = c->caplent ? c->caplent * 2 : 128;
		struct lcache_ent *n = realloc(c->lent, nc * sizeof *n);
		if (!n) {
			oom(c);
			return NULL;
		}
		c->lent = n;
		c->caplent = nc;
	}
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
		return oom(c);
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

static bool usable(const ls_ldobj *lo)
{
	return lo->dso && !lo->dso->err && !lo->dso->malformed;
}

/* _dl_name_match_p: the object is known by this name (as requested, by
 * its path or its SONAME). */
static bool names_object(const ls_ldobj *lo, const char *name)
{
	return (lo->name && !strcmp(lo->name, name)) ||
	       (lo->path && !strcmp(lo->path, name)) ||
	       (lo->dso && lo->dso->load.dyn.soname && !strcmp(lo->dso->load.dyn.soname, name));
}

static int oom(struct ctx *c)
{
	return ls_fail_nooff(c->d, "out of memory");
}

/* Grows *arr (of elem bytes) to hold n + 1 elements. */
static int grow(struct ctx *c, void **arr, uint32_t *cap, uint32_t n,
		size_t elem)
{
	if (n < *cap)
		return 0;
	uint32_t nc = *cap ? *cap * 2 : 16;
	if (nc <= n)
		return oom(c);
	void *na = realloc(*arr, (size_t)nc * elem);
	if (!na)
		return oom(c);
	*arr = na;
	*cap = nc;
	return 0;
}

/* The scope ---------------------------------------------------------------- */

static int build_scopes(struct ctx *c)
{
	const ls_process *p = c->p;
	size_t n = (size_t)p->nglobal + p->nlocal + 1;

	if (!(c->start = calloc(n, sizeof *c->start)) ||
	    !(c->group = calloc(n, sizeof *c->group)))
		return oom(c);
	for (uint32_t i = 0; i < p->nglobal; i++) {
		uint32_t k = p->global[i];
		if (k < p->nobjs && c->oc[k].o && !p->objs[k].dlopened)
			c->start[c->nstart++] = k;
	}
	memcpy(c->group, c->start, c->nstart * sizeof *c->start);
	c->ngroup = c->nstart;
	/* The group's objects: its local scope; with RTLD_GLOBAL they are
	 * also at the end of global[], in the same order. */
	for (uint32_t i = 0; i < p->nlocal; i++) {
		uint32_t k = p->local[i];
		bool dup = false;
		if (k >= p->nobjs || !c->oc[k].o || !p->objs[k].dlopened)
			continue;
		for (uint32_t j = c->nstart; j < c->ngroup; j++)
			dup |= c->group[j] == k;
		if (!dup)
			c->group[c->ngroup++] = k;
	}
	for (uint32_t i = 0; i < p->nglobal; i++) {
		uint32_t k = p->global[i];
		bool dup = false;
		if (k >= p->nobjs || !c->oc[k].o || !p->objs[k].dlopened)
			continue;
		for (uint32_t j = c->nstart; j < c->ngroup; j++)
			dup |= c->group[j] == k;
		if (!dup)
			c->group[c->ngroup++] = k;
	}
	return 0;
}

/* The interposition table -------------------------------------------------- */

/* The exported definitions a normal lookup can find.  The linker's
 * version symbols (an absolute 0 named like its version, "GLIBC_2.2.5")
 * are left out: every object defining a version has one. */
static bool exported(const struct objctx *oc, const ls_rawsym *s)
{
	if (s->shndx == SHN_UNDEF)
		return false;
	if (s->value == 0 && s->shndx != SHN_ABS && s->type != STT_TLS)
		return false;
	if (s->type != STT_NOTYPE && s->type != STT_OBJECT &&
	    s->type != STT_FUNC && s->type != STT_COMMON &&
	    s->type != STT_TLS && s->type != STT_GNU_IFUNC)
		return false;
	if (s->bind != STB_GLOBAL && s->bind != STB_WEAK &&
	    s->bind != STB_GNU_UNIQUE)
		return false;
	if (s->vis == STV_HIDDEN || s->vis == STV_INTERNAL)
		return false;
	if (oc->h.versioned && s->has_versym && (s->versym & 0x8000))
		return false;
	return true;
}

static bool version_symbol(const ls_rawsym *s, const char *name,
			   const char *version)
{
	return s->shndx == SHN_ABS && s->value == 0 && version &&
	       !strcmp(name, version);
}

/* The list head of name (hash h), or NULL; *slot is where it is or would go. */
static struct def *table_find(struct ctx *c, const char *name, size_t len,
			      uint32_t h, uint64_t *slot)
{
	uint64_t m = c->cap - 1, i = h & m;

	for (;; i = (i + 1) & m) {
		uint32_t v = c->slots[i];
		if (v == 0) {
			*slot = i;
			return NULL;
		}
		struct def *e = &c->defs[v - 1];
		if (e->hash == h && !strncmp(e->name, name, len) &&
		    e->name[len] == '\0') {
			*slot = i;
			return e;
		}
	}
}

static int add_loser(struct ctx *c, uint32_t k)
{
	ls_bind_result *r = c->r;

	if (grow(c, (void **)&r->losers, &c->caplosers, r->nlosers,
		 sizeof *r->losers) < 0)
		return -1;
	r->losers[r->nlosers++] = k;
	return 0;
}

/* Entries for one name whose definitions are list[0..n) in scope order. */
static int name_entries(struct ctx *c, struct def *head, uint32_t *list,
			uint32_t n)
{
	ls_bind_result *r = c->r;
	const ls_ldobj *objs = c->p->objs;
	bool versioned = false;

	for (uint32_t i = 0; i < n; i++)
		versioned |= c->defs[list[i]].version != NULL;
	head->ip_first = r->nip;
	for (uint32_t v = 0; v < n; v++) {
		const char *ver = c->defs[list[v]].version;
		bool seen = false;

		/* One entry per distinct version (the first definition
		 * carrying it), or one for all when none is versioned. */
		if (versioned) {
			if (!ver)
				continue;
			for (uint32_t j = 0; j < v && !seen; j++) {
				const char *w = c->defs[list[j]].version;
				seen = w && !strcmp(w, ver);
			}
			if (seen)
				continue;
		} else if (v > 0) {
			break;
		}
		/* Its definers: that version, or unversioned; each object once. */
		uint32_t first_loser = r->nlosers, nobj = 0, winner = 0;
		bool rtld = false, dl = false, prot = false, sym = false;
		bool all_weak = true;
		for (uint32_t j = 0; j < n; j++) {
			const struct def *e = &c->defs[list[j]];
			bool dup = e->obj == winner && nobj > 0;

			if (e->version && (!ver || strcmp(e->version, ver)))
				continue;
			for (uint32_t k = first_loser; k < r->nlosers && !dup; k++)
				dup = r->losers[k] == e->obj;
			if (dup)
				continue;
			if (nobj++ == 0) {
				winner = e->obj;
			} else {
				if (add_loser(c, e->obj) < 0)
					return -1;
				prot |= e->protected_;
				sym |= c->oc[e->obj].symbolic;
			}
			rtld |= objs[e->obj].rtld;
			all_weak &= e->weak;
			dl |= objs[e->obj].dlopened;
		}
		if (nobj < 2) {
			r->nlosers = first_loser;
			continue;
		}
		if (grow(c, (void **)&r->ip, &c->capip, r->nip, sizeof *r->ip) < 0)
			return -1;
		ls_interpose *ip = &r->ip[r->nip++];
		memset(ip, 0, sizeof *ip);
		ip->symbol = head->name;
		ip->version = ver;
		ip->winner = winner;
		ip->first_loser = first_loser;
		ip->nlosers = r->nlosers - first_loser;
		ip->rtld = rtld;
		ip->dlopen = dl;
		ip->protected_loser = prot;
		ip->all_weak = all_weak;
		ip->symbolic_loser = sym;
	}
	head->ip_n = r->nip - head->ip_first;
	return 0;
}

static int build_table(struct ctx *c)
{
	uint64_t total = 0;
	uint32_t *list = NULL, cap_list = 0;
	ls_rawsym s;

	for (uint32_t i = 0; i < c->ngroup; i++)
		total += c->oc[c->group[i]].h.nsyms;
	c->cap = 64;
	while (c->cap < 2 * total)
		c->cap *= 2;
	if (total > UINT32_MAX / 2 ||
	    !(c->slots = calloc(c->cap, sizeof *c->slots)) ||
	    !(c->defs = malloc((total ? total : 1) * sizeof *c->defs)))
		return oom(c);
	for (uint32_t gi = 0; gi < c->ngroup; gi++) {
		uint32_t k = c->group[gi];
		const struct objctx *oc = &c->oc[k];

		if (oc->h.kind == LS_HASH_NONE)
			continue;	/* glibc never looks inside */
		for (uint32_t i = 1; i < oc->h.nsyms; i++) {
			uint64_t slot;
			const char *name, *ver;
			size_t len;

			if (!ls_rawsym_get(oc->o, i, &s) || !exported(oc, &s))
				continue;
			if (!ls_rawsym_name(oc->o, &s, &name, &len)) {
				c->r->err_obj = (int32_t)k;
				free(list);
				return ls_fail(c->d, oc->o->dynsym.data_off +
						       (uint64_t)i * oc->o->dynsym.entsize,
					       "symbol %u: name offset 0x%x outside string table or unterminated",
					       i, s.name);
			}
			ver = oc->h.versioned ? ls_rawsym_version(oc->o, &s) : NULL;
			if (version_symbol(&s, name, ver))
				continue;
			uint32_t h = ls_gnu_hash(name);
			struct def *head = table_find(c, name, len, h, &slot);
			struct def *e = &c->defs[c->ndefs];
			e->name = name;
			e->version = ver;
			e->hash = h;
			e->obj = k;
			e->protected_ = s.vis == STV_PROTECTED;
			e->weak = s.bind == STB_WEAK;
			e->ip_first = e->ip_n = 0;
			/* The newest definition heads the list. */
			e->next = head ? (uint32_t)(head - c->defs) + 1 : 0;
			c->slots[slot] = ++c->ndefs;
		}
	}
	/* Names defined more than once. */
	for (uint64_t i = 0; i < c->cap; i++) {
		uint32_t v = c->slots[i], n = 0;
		if (v == 0 || c->defs[v - 1].next == 0)
			continue;
		for (uint32_t e = v; e; e = c->defs[e - 1].next) {
			if (n >= cap_list) {
				uint32_t nc = cap_list ? cap_list * 2 : 16;
				uint32_t *nl = realloc(list, nc * sizeof *nl);
				if (!nl) {
					free(list);
					return oom(c);
				}
				list = nl;
				cap_list = nc;
			}
			list[n++] = e - 1;
		}
		/* Back to scope order. */
		for (uint32_t a = 0, b = n - 1; a < b; a++, b--) {
			uint32_t t = list[a];
			list[a] = list[b];
			list[b] = t;
		}
		if (name_entries(c, &c->defs[v - 1], list, n) < 0) {
			free(list);
			return -1;
		}
	}
	free(list);
	return 0;
}

/* The interposition entry in which definer x of the head's name loses to
 * a reference of version ver, or NULL. */
static ls_interpose *loser_entry(struct ctx *c, const struct def *head,
				 uint32_t x, const char *ver)
{
	ls_bind_result *r = c->r;

	for (uint32_t i = head->ip_first; i < head->ip_first + head->ip_n; i++) {
		ls_interpose *ip = &r->ip[i];
		if (ip->version && ver && strcmp(ip->version, ver))
			continue;
		for (uint32_t k = 0; k < ip->nlosers; k++)
			if (r->losers[ip->first_loser + k] == x)
				return ip;
	}
	return NULL;
}

static int add_bound(struct ctx *c, uint32_t ip, uint32_t obj, uint32_t loser,
		     ls_bound_why why)
{
	if (grow(c, (void **)&c->bt, &c->capbt, c->nbt, sizeof *c->bt) < 0)
		return -1;
	c->bt[c->nbt++] = (struct bound_tmp){ ip, obj, loser, why };
	return 0;
}

static int bt_cmp(const void *a, const void *b)
{
	const struct bound_tmp *x = a, *y = b;
	if (x->ip != y->ip)
		return x->ip < y->ip ? -1 : 1;
	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	if (x->loser != y->loser)
		return x->loser < y->loser ? -1 : 1;
	return x->why < y->why ? -1 : x->why > y->why;
}

static int finish_bound(struct ctx *c)
{
	ls_bind_result *r = c->r;

	if (c->nbt == 0)
		return 0;
	qsort(c->bt, c->nbt, sizeof *c->bt, bt_cmp);
	if (!(r->bound = malloc(c->nbt * sizeof *r->bound)))
		return oom(c);
	for (uint32_t i = 0; i < c->nbt; i++) {
		const struct bound_tmp *b = &c->bt[i];
		if (i > 0 && b->ip == b[-1].ip && b->obj == b[-1].obj &&
		    b->loser == b[-1].loser)
			continue;
		ls_interpose *ip = &r->ip[b->ip];
		if (ip->nbound == 0)
			ip->first_bound = r->nbound;
		ip->nbound++;
		r->bound[r->nbound++] = (ls_bound){ b->obj, b->loser, (ls_bound_why)b->why };
	}
	return 0;
}

struct ip_key {
	uint32_t pos;		/* the winner's position in the scope */
	ls_interpose ip;
};

static int ip_cmp(const void *a, const void *b)
{
	const struct ip_key *x = a, *y = b;
	int k;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if ((k = strcmp(x->ip.symbol, y->ip.symbol)))
		return k;
	if (!x->ip.version || !y->ip.version)
		return !!x->ip.version - !!y->ip.version;
	return strcmp(x->ip.version, y->ip.version);
}

/* Orders the entries by the winner's scope position, then name. */
static int sort_ip(struct ctx *c)
{
	ls_bind_result *r = c->r;
	struct ip_key *keys;
	uint32_t *pos;

	if (r->nip < 2)
		return 0;
	if (!(pos = calloc(c->p->nobjs, sizeof *pos)) ||
	    !(keys = malloc(r->nip * sizeof *keys))) {
		free(pos);
		return oom(c);
	}
	for (uint32_t i = 0; i < c->ngroup; i++)
		pos[c->group[i]] = i;
	for (uint32_t i = 0; i < r->nip; i++) {
		keys[i].pos = pos[r->ip[i].winner];
		keys[i].ip = r->ip[i];
	}
	qsort(keys, r->nip, sizeof *keys, ip_cmp);
	for (uint32_t i = 0; i < r->nip; i++)
		r->ip[i] = keys[i].ip;
	free(keys);
	free(pos);
	return 0;
}

/* Lookups ------------------------------------------------------------------ */

/* The scope search for object k: the definer, or -1; *first is set when
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

	if (grow(c, (void **)&r->unres, &c->capunres, r->nunres,
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
		head = table_find(c, name, nlen, q.gnu_hash, &slot);
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
	    names_object(&c->p->objs[def], rv.file)) {
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
		ls_interpose *ip = loser_entry(c, head, (uint32_t)def, rv.version);
		if (ip && copy) {
			if (ip->winner == 0)
				ip->copy = true;
			else if (add_bound(c, (uint32_t)(ip - c->r->ip), k,
					   (uint32_t)def, why) < 0)
				return -1;
		} else if (ip && add_bound(c, (uint32_t)(ip - c->r->ip), k,
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
static bool lookup_misses(struct ctx *c, const ls_object *o, uint32_t sym,
			  uint32_t type)
{
	unsigned f = reloc_facts(o, type), tc;
	uint8_t info, other;

	if (c->musl || (f & RC_NOSYM) || sym >= o->dynsym.count ||
	    !ls_dynsym_info(o, sym, &info, &other))
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

	if (grow(c, (void **)&r->reports, &c->capreports, r->nreports,
		 sizeof *r->reports) < 0)
		return -1;
	r->reports[r->nreports++] = ui;
	return 0;
}

static int walk_range(struct ctx *c, uint32_t k, const ls_relrange *rg)
{
	const ls_object *o = c->oc[k].o;
	uint32_t copy = copy_type(o);
	bool fast = !c->opts->interposition;

	for (uint64_t i = rg->first; i < rg->n; i++) {
		uint32_t sym, type;
		uint16_t shndx;

		ls_relrange_get(o, rg, i, &sym, &type);
		if (sym == 0 || type == 0)
			continue;
		bool miss = lookup_misses(c, o, sym, type);
		/* Without interposition a reference to the object's own
		 * definition needs no lookup (st_shndx read raw). */
		if (fast && type != copy && sym < o->dynsym.count &&
		    ls_dynsym_shndx(o, sym, &shndx) && shndx != SHN_UNDEF) {
			c->r->nrelocs++;
			continue;
		}
		c->last_unres = UINT32_MAX;
		if (one_reloc(c, k, sym, type, rg->jmprel,
			      ls_relrange_off(o, rg, i)) < 0)
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
			return oom(c);
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
		return oom(c);
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
static int walk_object(struct ctx *c, uint32_t k)
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

/* The -rdynamic hint ------------------------------------------------------- */

/* Marks the --dlopen group's unresolved names the executable defines
 * without exporting (one pass over its .symtab and .dynsym). */
static int host_hint(struct ctx *c)
{
	ls_bind_result *r = c->r;
	const ls_object *exe;
	uint32_t *set = NULL, *next = NULL, cap = 16, want = 0;
	ls_symbol s;
	ls_diag ignore;

	if (c->p->nobjs == 0 || !c->oc[0].o)
		return 0;
	exe = c->oc[0].o;
	for (uint32_t i = 0; i < r->nunres; i++)
		want += c->p->objs[r->unres[i].obj].dlopened;
	if (want == 0)
		return 0;
	while (cap < 2 * want)
		cap *= 2;
	if (!(set = calloc(cap, sizeof *set)) ||
	    !(next = calloc(r->nunres, sizeof *next))) {
		free(set);
		return oom(c);
	}
	for (uint32_t i = 0; i < r->nunres; i++) {
		if (!c->p->objs[r->unres[i].obj].dlopened)
			continue;
		uint32_t h = ls_gnu_hash(r->unres[i].symbol), j = h & (cap - 1);
		for (;; j = (j + 1) & (cap - 1)) {
			uint32_t v = set[j];
			if (v == 0) {
				set[j] = i + 1;
				break;
			}
			if (!strcmp(r->unres[v - 1].symbol, r->unres[i].symbol)) {
				next[i] = next[v - 1];
				next[v - 1] = i + 1;
				break;
			}
		}
	}
	const ls_symtab *tabs[2] = { &exe->symtab, &exe->dynsym };
	for (int t = 0; t < 2; t++) {
		const ls_symtab *tab = tabs[t];
		if (!tab->present)
			continue;
		for (uint32_t i = 1; i < tab->count; i++) {
			if (ls_symbol_get(exe, tab, i, &s, &ignore) < 0)
				continue;
			if (s.raw_shndx == SHN_UNDEF ||
			    (s.bind != STB_GLOBAL && s.bind != STB_WEAK))
				continue;
			/* .dynsym: only definitions a lookup cannot see. */
			if (t == 1 && s.visibility != STV_HIDDEN &&
			    s.visibility != STV_INTERNAL &&
			    !(s.has_versym && (s.versym & 0x8000)))
				continue;
			uint32_t h = ls_gnu_hash(s.name), j = h & (cap - 1);
			for (;; j = (j + 1) & (cap - 1)) {
				uint32_t v = set[j];
				if (v == 0)
					break;
				if (strcmp(r->unres[v - 1].symbol, s.name))
					continue;
				for (uint32_t u = v; u; u = next[u - 1])
					r->unres[u - 1].host_has_unexported = true;
				break;
			}
		}
	}
	free(set);
	free(next);
	return 0;
}

/* Entry point --------------------------------------------------------------- */

int ls_bind_run(const ls_process *p, const ls_bind_opts *opts,
		ls_bind_result *r, ls_diag *d)
{
	static const ls_bind_opts none = { 0 };
	struct ctx c = { 0 };
	int rc = -1;

	memset(r, 0, sizeof *r);
	r->err_obj = -1;
	if (p->is_static || p->nobjs == 0)
		return 0;
	c.p = p;
	c.opts = opts ? opts : &none;
	c.r = r;
	c.d = d;
	c.musl = p->target.loader == LS_LOADER_MUSL;
	if (!(c.oc = calloc(p->nobjs, sizeof *c.oc)))
		return oom(&c);

	bool env_now = p->cfg && p->cfg->bind_now;
	for (uint32_t k = 0; k < p->nobjs; k++) {
		const ls_ldobj *lo = &p->objs[k];
		struct objctx *oc = &c.oc[k];

		if (!usable(lo))
			continue;
		oc->o = &lo->dso->obj;
		if (ls_symhash_init(&oc->h, oc->o, d) < 0) {
			r->err_obj = (int32_t)k;
			goto out;
		}
		/* The main program searches itself first anyway; ld.so is
		 * relocated with the main program's scope. */
		oc->symbolic = !c.musl && lo->dso->load.dyn.symbolic && k != 0 && !lo->rtld;
		if (c.musl)	/* musl defers only for dlopen(RTLD_LAZY) */
			oc->lazy = lo->dlopened && !c.opts->dlopen_now;
		else
			oc->lazy = !env_now && !lo->dso->load.dyn.bind_now && !lo->rtld &&
				   !(lo->dlopened && c.opts->dlopen_now);
	}
	if (build_scopes(&c) < 0)
		goto out;
	if (c.opts->interposition && build_table(&c) < 0)
		goto out;
	for (uint32_t k = 0; k < p->nobjs; k++)
		if (c.oc[k].o && walk_object(&c, k) < 0)
			goto out;
	if (host_hint(&c) < 0 || finish_bound(&c) < 0 || sort_ip(&c) < 0)
		goto out;
	for (uint32_t i = 0; i < r->nunres; i++) {
		const ls_unresolved *u = &r->unres[i];
		if (u->weak || u->lazy)
			continue;
		if (p->objs[u->obj].dlopened)
			r->dlopen_fatal = true;
		else
			r->fatal = true;
	}
	rc = 0;
out:
	free(c.oc);
	free(c.start);
	free(c.group);
	free(c.memo);
	free(c.lslot);
	free(c.lent);
	free(c.slots);
	free(c.defs);
	free(c.bt);
	return rc;
}

void ls_bind_free(ls_bind_result *r)
{
	free(r->unres);
	free(r->reports);
	free(r->ip);
	free(r->losers);
	free(r->bound);
	memset(r, 0, sizeof *r);
	r->err_obj = -1;
}
