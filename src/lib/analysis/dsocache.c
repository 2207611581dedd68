/*
 * dsocache.c - every file the simulated loaders look at, opened once.
 *
 * `deps -r` over /usr/bin loads libc.so.6 for a thousand programs and probes
 * the same absent paths over and over; the cache turns each into one
 * stat, one map and one decode.  Absent files are remembered too.  A dso
 * never changes after it is inserted, so readers need no lock; the table
 * itself is guarded by one mutex, and files are opened outside it.
 */
#include "loader_impl.h"
#include "../core/array.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct ls_dsocache {
	pthread_mutex_t lock;
	ls_dso **slots;		/* open addressing, power of two */
	size_t cap, n;
	struct memo {
		void *p;
		void *(*make)(void *);	/* its kind: same() sees only its own */
		void (*release)(void *);
	} *memos;
	size_t nmemos, capmemos;
};

ls_dsocache *ls_dsocache_new(void)
{
	ls_dsocache *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->cap = 1024;
	c->slots = calloc(c->cap, sizeof *c->slots);
	if (!c->slots) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void dso_free(ls_dso *s)
{
	if (s->map.bytes.base || s->map.addr || s->map.heap) {
		if (!s->err && !s->malformed)
			ls_object_close(&s->obj);
		ls_unmap(&s->map);
	}
	ls_loadinfo_free(&s->load);
	free(s->host_path);
	free(s);
}

void ls_dsocache_free(ls_dsocache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i])
			dso_free(c->slots[i]);
	for (size_t i = 0; i < c->nmemos; i++)
		c->memos[i].release(c->memos[i].p);
	free(c->memos);
	free(c->slots);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ull;
	return h;
}

static ls_dso **find_slot(ls_dso **slots, size_t cap, const char *path)
{
	size_t i = hash_str(path) & (cap - 1);

	while (slots[i] && strcmp(slots[i]->host_path, path))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void grow(ls_dsocache *c)
{
	size_t ncap = c->cap * 2;
	ls_dso **ns = calloc(ncap, sizeof *ns);

	if (!ns)
		return;		/* keep probing the full-ish table */
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i])
			*find_slot(ns, ncap, c->slots[i]->host_path) = c->slots[i];
	free(c->slots);
	c->slots = ns;
	c->cap = ncap;
}

static void load(ls_dso *s)
{
	ls_diag *d = &s->diag;

	/* One open and fstat: most probes are for absent files. */
	if (ls_map(s->host_path, &s->map, d) < 0) {
		s->err = s->map.err ? s->map.err : EIO;
		memset(&s->map, 0, sizeof s->map);
		return;
	}
	s->dev = s->map.dev;
	s->ino = s->map.ino;
	s->mode = s->map.mode;
	s->uid = s->map.uid;
	if (s->map.bytes.size < 64 && !ls_is_elf(s->map.bytes)) {
		s->malformed = true;
		ls_fail_nooff(d, "file too short");
		return;
	}
	if (!ls_is_elf(s->map.bytes)) {
		s->malformed = true;
		ls_fail_nooff(d, "invalid ELF header");
		return;
	}
	if (ls_object_open(&s->obj, s->map.bytes, 0, d) < 0) {
		s->malformed = true;
		return;
	}
	if (ls_loadinfo_read(&s->obj, true, &s->load, d) < 0) {
		ls_object_close(&s->obj);
		s->malformed = true;
		return;
	}
}

const ls_dso *ls_dsocache_get(ls_dsocache *c, const char *host_path)
{
	ls_dso *s, **slot;

	pthread_mutex_lock(&c->lock);
	s = *find_slot(c->slots, c->cap, host_path);
	pthread_mutex_unlock(&c->lock);
	if (s)
		return s;

	/* Opened outside the lock: another thread may race us to the same
	 * file, and the loser's copy is dropped. */
	if (!(s = calloc(1, sizeof *s)) || !(s->host_path = strdup(host_path))) {
		free(s);
		return NULL;
	}
	load(s);

	pthread_mutex_lock(&c->lock);
	slot = find_slot(c->slots, c->cap, host_path);
	if (*slot) {
		ls_dso *other = *slot;

		pthread_mutex_unlock(&c->lock);
		dso_free(s);
		return other;
	}
	*slot = s;
	if (++c->n * 2 > c->cap)
		grow(c);
	pthread_mutex_unlock(&c->lock);
	return s;
}

void *ls_dsocache_memo(ls_dsocache *c, void *(*make)(void *arg), void *arg,
		       bool (*same)(const void *memo, void *arg),
		       void (*release)(void *memo))
{
	void *p = NULL;

	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->nmemos && !p; i++)
		if (c->memos[i].make == make && same(c->memos[i].p, arg))
			p = c->memos[i].p;
	if (!p && (p = make(arg))) {
		if (ls_array_reserve(&c->memos, &c->capmemos, c->nmemos + 1,
				     sizeof *c->memos) == 0) {
			c->memos[c->nmemos].p = p;
			c->memos[c->nmemos].make = make;
			c->memos[c->nmemos++].release = release;
		} else {
			release(p);
			p = NULL;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return p;
}
