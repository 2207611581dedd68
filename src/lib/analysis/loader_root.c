/*
 * loader_root.c - what a root holds for the loader, read once per run and
 * shared by every simulated process: /etc/ld.so.cache (and whether it is
 * older than its configuration), /etc/ld.so.conf, /etc/ld.so.preload.
 */
#include "loader_impl.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void release_root(void *m)
{
	ls_rootcfg *r = m;

	if (r->map.bytes.base)
		ls_unmap(&r->map);
	ls_dirlist_free(&r->conf);
	free(r->etc_preload);
	free(r);
}

static bool same_root(const void *m, void *arg)
{
	/* One configuration per run. */
	return ((const ls_rootcfg *)m)->cfg == arg;
}

static time_t mtime_of(const ls_ldconfig *cfg, const char *path)
{
	char host[PATH_MAX];
	struct stat st;

	if (!ls_host_path(cfg, path, host, sizeof host) || stat(host, &st) < 0)
		return 0;
	return st.st_mtime;
}

static char *read_etc_preload(const ls_ldconfig *cfg)
{
	char host[PATH_MAX];
	ls_mapfile mf;
	ls_diag d;
	char *s;

	if (!ls_host_path(cfg, "/etc/ld.so.preload", host, sizeof host) ||
	    ls_map(host, &mf, &d) < 0)
		return NULL;
	/* NULs would end the list early; the loader reads it as text. */
	s = strndup((const char *)mf.bytes.base, mf.bytes.size);
	ls_unmap(&mf);
	return s;
}

static void *make_root(void *arg)
{
	const ls_ldconfig *cfg = arg;
	ls_rootcfg *r = calloc(1, sizeof *r);
	char host[PATH_MAX];
	ls_diag d;

	if (!r)
		return NULL;
	r->cfg = cfg;
	if (!cfg->inhibit_cache &&
	    ls_host_path(cfg, "/etc/ld.so.cache", host, sizeof host) &&
	    access(host, F_OK) == 0) {
		if (ls_map(host, &r->map, &d) == 0 &&
		    ls_ldcache_parse(&r->cache, r->map.bytes, &d) == 0) {
			r->have_cache = true;
		} else {
			snprintf(r->note, sizeof r->note,
				 "/etc/ld.so.cache ignored: %.100s", d.msg);
		}
	}
	ls_ldconf_read(cfg->root, &r->conf, &r->conf_present, &d);
	r->etc_preload = read_etc_preload(cfg);
	if (r->have_cache) {
		/* The loader trusts a stale cache; say so, do not fix it.
		 * Only a configuration newer than the cache counts: library
		 * directories change with every package, -dev symlinks too. */
		time_t t = mtime_of(cfg, "/etc/ld.so.cache");

		r->stale = mtime_of(cfg, "/etc/ld.so.conf") > t ||
			   mtime_of(cfg, "/etc/ld.so.conf.d") > t;
	}
	return r;
}

const ls_rootcfg *ls_root_config(ls_dsocache *c, const ls_ldconfig *cfg)
{
	return ls_dsocache_memo(c, make_root, (void *)cfg, same_root,
				release_root);
}
