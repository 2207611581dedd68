/*
 * loader_target.c - the loader of the simulated process: its path, its
 * default directories, the hwcaps subdirectories it tries, the values of
 * $PLATFORM and $LIB, and the ld.so.cache flags it accepts.
 *
 * The default directories are compiled into ld.so (glibc's system_dirs,
 * "/lib/x86_64-linux-gnu/\0/usr/lib/x86_64-linux-gnu/\0/lib/\0/usr/lib/"
 * on Debian), so they are read from the root's own loader when it is
 * there: a Fedora root gets /lib64, a Debian root its multiarch list,
 * whatever the host is.  Only when the loader is absent do the
 * per-architecture defaults (model/target.c) apply.
 */
#include "loader_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"
#include "../readers/ldconf.h"
#include "../model/target.h"
#include "../readers/ldso.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/* The x86-64 ISA levels this CPU has, as glibc computes them: bit 0
 * baseline, bit 1 v2, bit 2 v3, bit 3 v4. */
static uint32_t host_isa_mask(void)
{
	uint32_t mask = 1;
#if defined(__x86_64__)
	unsigned a, b, c, d, b7 = 0, c7 = 0, ce = 0, xcr0 = 0;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return mask;
	if (__get_cpuid_max(0, NULL) >= 7)
		__cpuid_count(7, 0, a, b7, c7, d);
	if (__get_cpuid(0x80000001, &a, &b, &ce, &d) == 0)
		ce = 0;
	if (c & (1u << 27))	/* OSXSAVE: the OS saves AVX state */
		__asm__("xgetbv" : "=a"(xcr0) : "c"(0) : "edx");
	bool v2 = (c & (1u << 0)) && (c & (1u << 9)) && (c & (1u << 13)) &&
		  (c & (1u << 19)) && (c & (1u << 20)) && (c & (1u << 23)) &&
		  (ce & 1u);
	bool avx_os = (xcr0 & 6) == 6;
	bool v3 = v2 && avx_os && (c & (1u << 28)) && (c & (1u << 12)) &&
		  (c & (1u << 29)) && (c & (1u << 22)) && (b7 & (1u << 3)) &&
		  (b7 & (1u << 5)) && (b7 & (1u << 8)) && (ce & (1u << 5));
	bool v4 = v3 && (xcr0 & 0xe6) == 0xe6 && (b7 & (1u << 16)) &&
		  (b7 & (1u << 17)) && (b7 & (1u << 28)) && (b7 & (1u << 30)) &&
		  (b7 & (1u << 31));
	(void)c7;
	mask |= (v2 ? 2u : 0) | (v3 ? 4u : 0) | (v4 ? 8u : 0);
#endif
	return mask;
}

static char **strv_new(size_t n)
{
	return calloc(n + 1, sizeof(char *));
}

static void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static size_t strv_len(char **v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

static bool strv_push(char ***v, const char *s, size_t len)
{
	/* The list keeps no capacity: take it as full (n strings and the
	 * NULL), so core/array.h grows it. */
	size_t n = strv_len(*v), cap = *v ? n + 1 : 0;
	char *str;

	if (ls_array_reserve(v, &cap, n + 2, sizeof **v) < 0 ||
	    !(str = strndup(s, len)))
		return false;
	(*v)[n] = str;
	(*v)[n + 1] = NULL;
	return true;
}

static bool dir_exists(const ls_ldconfig *cfg, const char *dir)
{
	char host[4096];
	struct stat st;

	return ls_host_path(cfg, dir, host, sizeof host) &&
	       stat(host, &st) == 0 && S_ISDIR(st.st_mode);
}

static char **default_glibc_dirs(const ls_ldconfig *cfg, const ls_target_info *a)
{
	char **v = NULL;
	char buf[256];

	if (a && (snprintf(buf, sizeof buf, "/lib/%s", a->multiarch),
		  dir_exists(cfg, buf))) {
		strv_push(&v, buf, strlen(buf));
		snprintf(buf, sizeof buf, "/usr/lib/%s", a->multiarch);
		strv_push(&v, buf, strlen(buf));
		strv_push(&v, "/lib", 4);
		strv_push(&v, "/usr/lib", 8);
		return v;
	}
	snprintf(buf, sizeof buf, "/%s", a ? a->lib64 : "lib");
	strv_push(&v, buf, strlen(buf));
	snprintf(buf, sizeof buf, "/usr/%s", a ? a->lib64 : "lib");
	strv_push(&v, buf, strlen(buf));
	return v;
}

static char **split_list(const char *s)
{
	char **v = strv_new(0);

	while (v && s && *s) {
		size_t n = strcspn(s, ":,");

		if (n && !strv_push(&v, s, n)) {
			strv_free(v);
			return NULL;
		}
		s += n;
		s += *s != 0;
	}
	return v;
}

static char **x86_hwcaps(uint32_t mask)
{
	static const char *const names[] = { "x86-64-v4", "x86-64-v3",
					     "x86-64-v2" };
	char **v = strv_new(0);

	for (int i = 0; i < 3 && v; i++)
		if (mask & (8u >> i))
			strv_push(&v, names[i], strlen(names[i]));
	return v;
}

/* Is name one of the ':'-separated list's elements? */
static bool has_name(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ":");

		if (len == n && !memcmp(p, name, n))
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

/* glibc 2.33-2.36 still tried tls/, AT_PLATFORM and legacy hwcap
 * subdirectories (in this order) after glibc-hwcaps; 2.37 dropped them. */
static char **legacy_subdirs(const ls_target_info *a, bool atomics)
{
	char **v = strv_new(0);
	char buf[64];

	if (!v || !a)
		return v;
	if (a->machine == EM_X86_64 && a->elfclass == ELFCLASS64) {
		static const char *const x[] = {
			"tls/x86_64/x86_64", "tls/x86_64", "tls",
			"x86_64/x86_64", "x86_64",
		};
		for (size_t i = 0; i < sizeof x / sizeof *x; i++)
			strv_push(&v, x[i], strlen(x[i]));
		return v;
	}
	/* aarch64's one legacy hwcap name (HWCAP_IMPORTANT). */
	const char *h = a->machine == EM_AARCH64 && atomics ? "atomics" : NULL;

	if (h) {
		snprintf(buf, sizeof buf, "tls/%s/%s", a->platform, h);
		strv_push(&v, buf, strlen(buf));
	}
	snprintf(buf, sizeof buf, "tls/%s", a->platform);
	strv_push(&v, buf, strlen(buf));
	if (h) {
		snprintf(buf, sizeof buf, "tls/%s", h);
		strv_push(&v, buf, strlen(buf));
	}
	strv_push(&v, "tls", 3);
	if (h) {
		snprintf(buf, sizeof buf, "%s/%s", a->platform, h);
		strv_push(&v, buf, strlen(buf));
	}
	strv_push(&v, a->platform, strlen(a->platform));
	if (h)
		strv_push(&v, h, strlen(h));
	return v;
}

/* What one memoised target is keyed on. */
typedef struct target_key {
	const ls_ldconfig *cfg;
	const ls_target_info *a;
	ls_loader_kind loader;
	const char *interp;	/* inside the root */
	const ls_dso *loader_dso;	/* may be unreadable */
	uint16_t machine;
	uint8_t elfclass, order;
} target_key;

static void release_target(void *p)
{
	ls_target *t = p;

	strv_free(t->default_dirs);
	strv_free(t->hwcaps);
	strv_free(t->legacy);
	free((char *)t->interp);
	free((char *)t->lib);
	free(t);
}

static bool same_target(const void *memo, void *arg)
{
	const ls_target *t = memo;
	const target_key *k = arg;

	return t->loader == k->loader && t->machine == k->machine &&
	       t->elfclass == k->elfclass && t->order == k->order &&
	       !strcmp(t->interp, k->interp);
}

static void *make_target(void *arg)
{
	const target_key *k = arg;
	const ls_ldconfig *cfg = k->cfg;
	const ls_target_info *a = k->a;
	bool have = k->loader_dso && !k->loader_dso->err;
	ls_target *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->loader = k->loader;
	t->machine = k->machine;
	t->elfclass = k->elfclass;
	t->order = k->order;
	t->interp = strdup(k->interp);
	t->triplet = a ? a->multiarch : NULL;
	t->platform = a ? a->platform : NULL;
	t->musl_arch = a ? a->musl_arch : NULL;
	t->cache_flags = a ? a->cache_flags : -1;
	if (t->loader == LS_LOADER_MUSL) {
		ls_dirlist l = { 0 };
		bool present;
		ls_diag d;

		if (ls_musl_path_read(cfg->root, t->musl_arch ? t->musl_arch : "",
				      &l, &present, &d) == 0) {
			t->default_dirs = l.dirs;
		} else {
			ls_dirlist_free(&l);
		}
		if (!t->default_dirs)
			t->default_dirs = strv_new(0);
	} else {
		if (have)
			t->default_dirs = ls_ldso_system_dirs(&k->loader_dso->map);
		if (!t->default_dirs)
			t->default_dirs = default_glibc_dirs(cfg, a);
		if (have)
			t->glibc_minor = ls_ldso_glibc_minor(&k->loader_dso->map);
	}
	/* $LIB is slibdir without its leading '/': "lib/x86_64-linux-gnu". */
	t->lib = strdup(t->default_dirs && t->default_dirs[0]
			? t->default_dirs[0] + 1 : "lib");
	t->isa_mask = 1;
	/* aarch64: a cross root has no CPU to ask, so assume one with LSE
	 * atomics (qemu's default CPU has them) unless --hwcaps names the
	 * hwcaps and leaves "atomics" out. */
	bool atomics = t->machine == EM_AARCH64 &&
		       (!cfg->hwcaps || has_name(cfg->hwcaps, "atomics"));
	if (cfg->hwcaps && t->machine == EM_AARCH64) {
		/* aarch64 has no glibc-hwcaps subdirectories (2.36). */
		t->hwcaps = strv_new(0);
	} else if (cfg->hwcaps) {
		t->hwcaps = split_list(cfg->hwcaps);
		for (char **h = t->hwcaps; h && *h; h++)
			if (!strncmp(*h, "x86-64-v", 8) && (*h)[8] >= '2' &&
			    (*h)[8] <= '4')
				t->isa_mask |= 1u << ((*h)[8] - '1');
	} else if (t->machine == EM_X86_64 && t->elfclass == ELFCLASS64) {
#if defined(__x86_64__)
		t->isa_mask = host_isa_mask();
#endif
		t->hwcaps = x86_hwcaps(t->isa_mask);
	} else {
		t->hwcaps = strv_new(0);
	}
	if (t->loader == LS_LOADER_GLIBC && t->glibc_minor &&
	    t->glibc_minor < 37) {
		t->legacy = legacy_subdirs(a, atomics);
		/* Cache entries of tls/ (bit 63) and, with LSE atomics,
		 * atomics/ (HWCAP_ATOMICS, bit 8; _dl_aarch64_cap_flags). */
		t->legacy_hwcap = 1ull << 63 | (atomics ? 1ull << 8 : 0);
	} else {
		t->legacy = strv_new(0);
	}
	if (!t->interp || !t->lib || !t->default_dirs || !t->hwcaps ||
	    !t->legacy) {
		release_target(t);
		return NULL;
	}
	return t;
}

int ls_target_init(ls_target *t, const ls_ldconfig *cfg, ls_dsocache *c,
		   const ls_dso *prog, ls_diag *d)
{
	const ls_object *o = &prog->obj;
	const ls_target_info *a = ls_target_info_by_elf(o->machine, o->elfclass, o->flags);
	target_key k = {
		.cfg = cfg, .a = a, .machine = o->machine,
		.elfclass = o->elfclass, .order = o->order,
	};
	char host[4096];
	const char *interp = prog->load.interp;
	const ls_target *m;

	if (cfg->loader >= 0)
		k.loader = (ls_loader_kind)cfg->loader;
	else if (interp && strstr(interp, "/ld-musl-"))
		k.loader = LS_LOADER_MUSL;
	else
		k.loader = LS_LOADER_GLIBC;
	if (!interp || (cfg->loader >= 0 &&
			(k.loader == LS_LOADER_MUSL) != !!strstr(interp, "/ld-musl-")))
		interp = !a ? "/lib/ld.so.1"
		     : k.loader == LS_LOADER_MUSL ? a->musl_interp : a->interp;
	k.interp = interp;
	if (ls_host_path(cfg, interp, host, sizeof host))
		k.loader_dso = ls_dsocache_get(c, host);
	m = ls_dsocache_memo(c, make_target, &k, same_target, release_target);
	if (!m)
		return ls_oom(d);
	*t = *m;
	t->osabi = o->osabi;
	t->eflags = o->flags;
	return 0;
}
