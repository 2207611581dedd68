/*
 * link_symtab.c - the dry link's symbol table: one entry per name, names
 * pointing into the mapped inputs (no copies), open addressing over a
 * power-of-two slot array sized up front from the inputs' symbol counts.
 */
#include "link_impl.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Tables of a large link are tens of MB touched at random: with 4 KiB
 * pages that is thousands of page faults, each costly under a hypervisor.
 * Asking for transparent huge pages (where the kernel gives them on
 * madvise) makes it a few dozen. */
#define HUGE_MIN (4u << 20)

static void *table_alloc(size_t size, bool zero)
{
	void *p = NULL;

	if (size < HUGE_MIN)
		return zero ? calloc(1, size) : malloc(size);
	if (posix_memalign(&p, 2u << 20, size))
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, size, MADV_HUGEPAGE);
#endif
	if (zero)
		memset(p, 0, size);
	return p;
}

/* 8 bytes at a time: C++ names are long, and this is the hottest loop of a
 * large link after the table probe itself. */
uint32_t ls_lhash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (i < n) {
		uint64_t w = 0;
		memcpy(&w, s + i, n - i);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 32;
	return (uint32_t)h;
}

int ltab_init(ltab *t, uint32_t expect)
{
	uint32_t slots = 64;

	memset(t, 0, sizeof *t);
	if (expect > (1u << 29))
		expect = 1u << 29;
	while (slots < expect * 2)
		slots <<= 1;
	t->slots = table_alloc((size_t)slots * sizeof *t->slots, true);
	t->cap = expect < 16 ? 16 : expect;
	t->syms = table_alloc((size_t)t->cap * sizeof *t->syms, false);
	if (!t->slots || !t->syms) {
		ltab_free(t);
		return -1;
	}
	t->mask = slots - 1;
	return 0;
}

void ltab_free(ltab *t)
{
	free(t->slots);
	free(t->syms);
	memset(t, 0, sizeof *t);
}

static inline uint64_t slot(uint32_t hash, uint32_t idx)
{
	return (uint64_t)hash << 32 | (idx + 1);
}

static int grow(ltab *t)
{
	uint32_t nslots = (t->mask + 1) * 2;
	uint64_t *s;

	if (nslots == 0 || nslots > (1u << 31))
		return -1;
	s = table_alloc((size_t)nslots * sizeof *s, true);
	if (!s)
		return -1;
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t j = t->syms[i].hash & (nslots - 1);
		while (s[j])
			j = (j + 1) & (nslots - 1);
		s[j] = slot(t->syms[i].hash, i);
	}
	free(t->slots);
	t->slots = s;
	t->mask = nslots - 1;
	return 0;
}

int64_t ltab_find(const ltab *t, const char *name, uint32_t len,
		  uint32_t hash)
{
	for (uint32_t j = hash & t->mask;; j = (j + 1) & t->mask) {
		uint64_t e = t->slots[j];
		if (!e)
			return -1;
		if ((uint32_t)(e >> 32) != hash)
			continue;
		const lsym *s = &t->syms[(uint32_t)e - 1];
		if (s->len == len && !memcmp(s->name, name, len))
			return (uint32_t)e - 1;
	}
}

int64_t ltab_get(ltab *t, const char *name, uint32_t len, uint32_t hash,
		 bool *made)
{
	uint32_t j;

	*made = false;
	for (j = hash & t->mask;; j = (j + 1) & t->mask) {
		uint64_t e = t->slots[j];
		if (!e)
			break;
		if ((uint32_t)(e >> 32) != hash)
			continue;
		const lsym *s = &t->syms[(uint32_t)e - 1];
		if (s->len == len && !memcmp(s->name, name, len))
			return (uint32_t)e - 1;
	}
	if (t->n == t->cap) {
		uint32_t ncap = t->cap * 2;
		lsym *ns = ncap > t->cap ? table_alloc((size_t)ncap * sizeof *ns, false) : NULL;
		if (!ns)
			return -1;
		memcpy(ns, t->syms, (size_t)t->n * sizeof *ns);
		free(t->syms);
		t->syms = ns;
		t->cap = ncap;
	}
	if ((uint64_t)(t->n + 1) * 2 > (uint64_t)t->mask + 1) {
		if (grow(t) < 0)
			return -1;
		for (j = hash & t->mask; t->slots[j]; j = (j + 1) & t->mask)
			;
	}
	lsym *s = &t->syms[t->n];
	memset(s, 0, sizeof *s);
	s->name = name;
	s->len = len;
	s->hash = hash;
	s->def = -1;
	s->ref = -1;
	s->sref = -1;
	t->slots[j] = slot(hash, t->n);
	t->n++;
	*made = true;
	return t->n - 1;
}
