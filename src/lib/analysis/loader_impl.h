/*
 * loader_impl.h - what the parts of the loader simulation share:
 * loader_target.c (the machine's loader: its directories, hwcaps, tokens),
 * loader_path.c (string tokens, roots, path lists) and loader.c (the
 * search and the load order).
 */
#ifndef LS_LOADER_IMPL_H
#define LS_LOADER_IMPL_H

#include "loader.h"
#include "../readers/ldcache.h"
#include "../readers/ldconf.h"

#include <stddef.h>

/* The cache and configuration of the root, shared by all processes of a
 * run (loader_root.c). */
typedef struct ls_rootcfg {
	const ls_ldconfig *cfg;
	ls_mapfile map;
	ls_ldcache cache;
	bool have_cache;
	bool stale;
	ls_dirlist conf;
	bool conf_present;
	char *etc_preload;	/* /etc/ld.so.preload, NULL when absent */
	char note[160];
} ls_rootcfg;
const ls_rootcfg *ls_root_config(ls_dsocache *c, const ls_ldconfig *cfg);

/* Fills p->target from the program (or the default loader when the
 * program names none).  0, or -1 with d filled. */
int ls_target_init(ls_target *t, const ls_ldconfig *cfg, ls_dsocache *c,
		   const ls_dso *prog, ls_diag *d);

/* Memo of targets, kept by the cache so a thousand programs that share a
 * loader scan it once (loader_target.c owns the contents). */
void *ls_dsocache_memo(ls_dsocache *c, void *(*make)(void *arg), void *arg,
		       bool (*same)(const void *memo, void *arg),
		       void (*release)(void *memo));

/*
 * Expands $ORIGIN, $PLATFORM and $LIB (and their ${} forms) in one path
 * element, as _dl_dst_substitute does.  origin is the directory of the
 * object owning the element (NULL: unknown).  Returns 1 with out filled,
 * 0 when the element is dropped (a token without a value, or refused in
 * secure mode), -1 when it does not fit.
 */
int ls_dst_expand(const ls_target *t, bool secure, const char *origin,
		  const char *in, size_t inlen, char *out, size_t outsz);

/* The directory part of path ("." when there is none). */
void ls_dirname(const char *path, char *out, size_t outsz);

#endif
