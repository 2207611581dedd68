/*
 * pool.h - runs independent jobs on a few threads (check and deps audit
 * files that do not depend on one another).
 */
#ifndef LS_CLI_POOL_H
#define LS_CLI_POOL_H

#include <stddef.h>

/* Calls fn(ctx, i) for every i < n on up to nthreads threads (the caller's
 * included) and returns when all are done. */
void cli_parallel_for(size_t n, long nthreads, void (*fn)(void *ctx, size_t i),
		      void *ctx);

#endif
