/*
 * pool.c - a parallel for over independent jobs.  Jobs are handed out
 * one at a time from an atomic counter, so a slow file does not hold up a
 * thread's share of quick ones.
 */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>

struct pool {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->fn(p->ctx, i);
	return NULL;
}

void cli_parallel_for(size_t n, long nthreads, void (*fn)(void *ctx, size_t i),
		      void *ctx)
{
	struct pool p = { .n = n, .fn = fn, .ctx = ctx };
	pthread_t tid[256];
	size_t want = nthreads > 0 ? (size_t)nthreads : 1, started = 0;

	if (want > n)
		want = n;
	if (want > 256)
		want = 256;
	atomic_init(&p.next, 0);
	for (; want > 1 && started < want - 1; started++)
		if (pthread_create(&tid[started], NULL, worker, &p) != 0)
			break;
	worker(&p);
	for (size_t i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}
