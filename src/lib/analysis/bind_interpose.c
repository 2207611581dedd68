/*
 * bind_interpose.c - interposition in a simulated process (step 2 of
 * bind.c): every exported dynamic symbol of the scope in one table keyed
 * by name, the names defined more than once, and for each relocation that
 * binds one of them the definitions it bound to instead of the others
 * (ls_interpose, ls_bound); sorted for the report at the end.
 */
#include "bind_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>
#include <string.h>

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
struct def *bind_table_find(struct ctx *c, const char *name, size_t len,
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

	if (bind_grow(c, &r->losers, &c->caplosers, r->nlosers,
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
		if (bind_grow(c, &r->ip, &c->capip, r->nip, sizeof *r->ip) < 0)
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

int bind_build_table(struct ctx *c)
{
	uint64_t total = 0;
	uint32_t *list = NULL;
	size_t cap_list = 0;
	ls_rawsym s;

	for (uint32_t i = 0; i < c->ngroup; i++)
		total += c->oc[c->group[i]].h.nsyms;
	c->cap = 64;
	while (c->cap < 2 * total)
		c->cap *= 2;
	if (total > UINT32_MAX / 2 ||
	    !(c->slots = calloc(c->cap, sizeof *c->slots)) ||
	    !(c->defs = malloc((total ? total : 1) * sizeof *c->defs)))
		return bind_oom(c);
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
			struct def *head = bind_table_find(c, name, len, h, &slot);
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
			if (ls_array_reserve(&list, &cap_list, (size_t)n + 1,
					     sizeof *list) < 0) {
				free(list);
				return bind_oom(c);
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
ls_interpose *bind_loser_entry(struct ctx *c, const struct def *head,
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

int bind_add_bound(struct ctx *c, uint32_t ip, uint32_t obj, uint32_t loser,
		   ls_bound_why why)
{
	if (bind_grow(c, &c->bt, &c->capbt, c->nbt, sizeof *c->bt) < 0)
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

int bind_finish_bound(struct ctx *c)
{
	ls_bind_result *r = c->r;

	if (c->nbt == 0)
		return 0;
	qsort(c->bt, c->nbt, sizeof *c->bt, bt_cmp);
	if (!(r->bound = malloc(c->nbt * sizeof *r->bound)))
		return bind_oom(c);
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
int bind_sort_ip(struct ctx *c)
{
	ls_bind_result *r = c->r;
	struct ip_key *keys;
	uint32_t *pos;

	if (r->nip < 2)
		return 0;
	if (!(pos = calloc(c->p->nobjs, sizeof *pos)) ||
	    !(keys = malloc(r->nip * sizeof *keys))) {
		free(pos);
		return bind_oom(c);
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

