/*
 * test_loader.c - the loader simulation's path handling and load order:
 * dynamic string tokens (ls_dst_expand) on hand-made targets, paths
 * resolved inside a root (ls_host_path: absolute and relative symlinks,
 * "..", loops, relative names), ls_dirname, and ls_process_load on the
 * system's /usr/bin/ls (Debian 12: its libraries from ld.so.cache and
 * from the default directories) and on a copy of it in an empty root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/loader.h"
#include "analysis/loader_impl.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- ls_dst_expand ------------------------------------------------------ */

static ls_target glibc_target(void)
{
	ls_target t = { 0 };

	t.loader = LS_LOADER_GLIBC;
	t.machine = 62;		/* EM_X86_64 */
	t.elfclass = 2;
	t.order = LS_LE;
	t.platform = "x86_64";
	t.lib = "lib/x86_64-linux-gnu";
	return t;
}

/* Expands the whole of in; returns what ls_dst_expand returns. */
static int expand(const ls_target *t, bool secure, const char *origin,
		  const char *in, char *out, size_t outsz)
{
	return ls_dst_expand(t, secure, origin, in, strlen(in), out, outsz);
}

static void expands_to(const ls_target *t, bool secure, const char *origin,
		       const char *in, const char *want)
{
	char out[PATH_MAX];
	int r = expand(t, secure, origin, in, out, sizeof out);

	if (r != 1)
		fail_msg("'%s': returned %d, wanted 1 ('%s')", in, r, want);
	if (strcmp(out, want) != 0)
		fail_msg("'%s': '%s', wanted '%s'", in, out, want);
}

static void dropped(const ls_target *t, bool secure, const char *origin,
		    const char *in)
{
	char out[PATH_MAX];
	int r = expand(t, secure, origin, in, out, sizeof out);

	if (r != 0)
		fail_msg("'%s': returned %d ('%s'), wanted 0 (dropped)", in, r,
			 r == 1 ? out : "");
}

static void test_dst_tokens(void **state)
{
	ls_target t = glibc_target();
	(void)state;

	expands_to(&t, false, "/opt/app", "$ORIGIN/lib", "/opt/app/lib");
	expands_to(&t, false, "/opt/app", "${ORIGIN}/../lib", "/opt/app/../lib");
	expands_to(&t, false, "/opt/app", "$ORIGIN", "/opt/app");
	expands_to(&t, false, "/opt/app", "x$ORIGIN/y", "x/opt/app/y");
	expands_to(&t, false, "/opt/app", "$ORIGIN$ORIGIN", "/opt/app/opt/app");
	/* A name continued by [A-Za-z0-9_] is not the token. */
	expands_to(&t, false, "/opt/app", "$ORIGINX/lib", "$ORIGINX/lib");
	expands_to(&t, false, "/opt/app", "$ORIGIN_1", "$ORIGIN_1");
	expands_to(&t, false, "/opt/app", "$ORIGIN9", "$ORIGIN9");
	expands_to(&t, false, "/opt/app", "$ORIGIN-1", "/opt/app-1");
	expands_to(&t, false, "/opt/app", "${ORIGIN}X", "/opt/appX");
	expands_to(&t, false, "/", "$ORIGIN/lib", "//lib");
	/* $LIB and $PLATFORM, both spellings. */
	expands_to(&t, false, NULL, "/usr/$LIB", "/usr/lib/x86_64-linux-gnu");
	expands_to(&t, false, NULL, "/usr/${LIB}/x", "/usr/lib/x86_64-linux-gnu/x");
	expands_to(&t, false, NULL, "/usr/$LIBX", "/usr/$LIBX");
	expands_to(&t, false, NULL, "/opt/${PLATFORM}", "/opt/x86_64");
	expands_to(&t, false, NULL, "/opt/$PLATFORM/lib", "/opt/x86_64/lib");
	expands_to(&t, false, NULL, "$PLATFORMS", "$PLATFORMS");
	/* Anything else stays literal, '$' included. */
	expands_to(&t, false, "/o", "$FOO/bar", "$FOO/bar");
	expands_to(&t, false, "/o", "${FOO}/bar", "${FOO}/bar");
	expands_to(&t, false, "/o", "/a/$", "/a/$");
	expands_to(&t, false, "/o", "$$ORIGIN", "$/o");
	expands_to(&t, false, "/o", "${ORIGIN", "${ORIGIN");
	expands_to(&t, false, "/o", "${ORIGIN/x}", "${ORIGIN/x}");
	expands_to(&t, false, "/o", "", "");
	expands_to(&t, false, "/o", "/usr/lib", "/usr/lib");
}

static void test_dst_length(void **state)
{
	ls_target t = glibc_target();
	char out[64];
	(void)state;

	/* Only inlen bytes are read: one element of a list. */
	assert_int_equal(ls_dst_expand(&t, false, "/o", "$ORIGIN/lib:/x", 11,
				       out, sizeof out), 1);
	assert_string_equal(out, "/o/lib");
	/* The token ends where the element ends, even before a letter. */
	assert_int_equal(ls_dst_expand(&t, false, "/o", "/usr/$LIBX", 9, out,
				       sizeof out), 1);
	assert_string_equal(out, "/usr/lib/x86_64-linux-gnu");
	assert_int_equal(ls_dst_expand(&t, false, "/o", "${LIB}", 5, out,
				       sizeof out), 1);
	assert_string_equal(out, "${LIB");
}

static void test_dst_no_value(void **state)
{
	ls_target t = glibc_target();
	(void)state;

	/* A token without a value drops the whole element. */
	dropped(&t, false, NULL, "$ORIGIN/lib");
	dropped(&t, false, NULL, "/x/${ORIGIN}");
	t.platform = NULL;
	dropped(&t, false, "/o", "/opt/$PLATFORM");
	/* ... but a literal "$ORIGINX" needs no value. */
	expands_to(&t, false, NULL, "$ORIGINX", "$ORIGINX");
}

static void test_dst_secure(void **state)
{
	ls_target t = glibc_target();
	(void)state;

	/* $ORIGIN survives only as the whole first component. */
	expands_to(&t, true, "/opt/app", "$ORIGIN", "/opt/app");
	expands_to(&t, true, "/opt/app", "$ORIGIN/lib", "/opt/app/lib");
	expands_to(&t, true, "/opt/app", "${ORIGIN}/lib", "/opt/app/lib");
	dropped(&t, true, "/opt/app", "/x/$ORIGIN");
	dropped(&t, true, "/opt/app", "/x/$ORIGIN/lib");
	dropped(&t, true, "/opt/app", "x$ORIGIN");
	dropped(&t, true, "/opt/app", "${ORIGIN}foo");
	dropped(&t, true, "/opt/app", "$ORIGIN-1/lib");
	dropped(&t, true, "/opt/app", "$ORIGIN/$ORIGIN");
	/* "$ORIGINfoo" is no token at all: literal, kept. */
	expands_to(&t, true, "/opt/app", "$ORIGINfoo", "$ORIGINfoo");
	/* The other tokens are not restricted. */
	expands_to(&t, true, "/opt/app", "/usr/$LIB", "/usr/lib/x86_64-linux-gnu");
	expands_to(&t, true, "/opt/app", "$ORIGIN/$PLATFORM", "/opt/app/x86_64");
}

static void test_dst_too_small(void **state)
{
	ls_target t = glibc_target();
	char out[64];
	(void)state;

	/* "/opt/app/lib" needs 13 bytes. */
	assert_int_equal(expand(&t, false, "/opt/app", "$ORIGIN/lib", out, 12), -1);
	assert_int_equal(expand(&t, false, "/opt/app", "$ORIGIN/lib", out, 13), 1);
	assert_string_equal(out, "/opt/app/lib");
	assert_int_equal(expand(&t, false, "/opt/app", "$ORIGIN/lib", out, 8), -1);
	/* Literal text and a literal '$' count too. */
	assert_int_equal(expand(&t, false, NULL, "/usr/lib", out, 8), -1);
	assert_int_equal(expand(&t, false, NULL, "/usr/lib", out, 9), 1);
	assert_int_equal(expand(&t, false, NULL, "ab$", out, 3), -1);
	assert_int_equal(expand(&t, false, NULL, "/usr/$LIB", out, 20), -1);
	assert_int_equal(expand(&t, false, NULL, "/usr/$LIB", out, 26), 1);
	assert_int_equal(expand(&t, false, NULL, "", out, 1), 1);
	assert_string_equal(out, "");
}

static void test_dst_musl(void **state)
{
	ls_target t = glibc_target();
	(void)state;

	t.loader = LS_LOADER_MUSL;
	expands_to(&t, false, "/opt/app", "/usr/$LIB", "/usr/$LIB");
	expands_to(&t, false, "/opt/app", "/usr/${LIB}", "/usr/${LIB}");
	expands_to(&t, false, "/opt/app", "/opt/$PLATFORM", "/opt/$PLATFORM");
	expands_to(&t, false, "/opt/app", "$ORIGIN/lib", "/opt/app/lib");
	expands_to(&t, false, "/opt/app", "${ORIGIN}/lib", "/opt/app/lib");
	dropped(&t, false, NULL, "$ORIGIN/lib");
}

/* --- ls_dirname --------------------------------------------------------- */

static void dirname_is(const char *path, const char *want)
{
	char out[PATH_MAX];

	memset(out, 'x', sizeof out);
	ls_dirname(path, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("ls_dirname('%s'): '%s', wanted '%s'", path, out, want);
}

static void test_dirname(void **state)
{
	char small[4];
	(void)state;

	dirname_is("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu");
	dirname_is("/libc.so.6", "/");
	dirname_is("/", "/");
	dirname_is("libc.so.6", ".");
	dirname_is("", ".");
	dirname_is("bin/ls", "bin");
	dirname_is("./ls", ".");
	dirname_is("a/b/c", "a/b");
	dirname_is("lib/", "lib");
	dirname_is("//x", "/");
	/* Truncated, still terminated. */
	ls_dirname("/usr/lib/x", small, sizeof small);
	assert_string_equal(small, "/us");
}

/* --- a temporary root --------------------------------------------------- */

static char root[PATH_MAX];

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* A fresh, canonical root (the loader compares resolved paths with it). */
static int root_setup(void **state)
{
	char tmpl[PATH_MAX];
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(tmpl, sizeof tmpl, "%s/loader-root.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl) || !realpath(tmpl, root))
		return -1;
	return 0;
}

static int root_teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* root + rel, into buf. */
static const char *in_root(char *buf, size_t n, const char *rel)
{
	if (snprintf(buf, n, "%s%s", root, rel) >= (int)n)
		fail_msg("path too long: %s%s", root, rel);
	return buf;
}

static void mkdir_in_root(const char *rel)
{
	char p[PATH_MAX];

	in_root(p, sizeof p, rel);
	if (mkdir(p, 0755) < 0)
		fail_msg("mkdir %s", p);
}

static void symlink_in_root(const char *rel, const char *target)
{
	char p[PATH_MAX];

	in_root(p, sizeof p, rel);
	if (symlink(target, p) < 0)
		fail_msg("symlink %s -> %s", p, target);
}

static void file_in_root(const char *rel)
{
	char p[PATH_MAX];
	FILE *f = fopen(in_root(p, sizeof p, rel), "w");

	if (!f)
		fail_msg("create %s", p);
	fputs("not an ELF file\n", f);
	fclose(f);
}

/* ls_host_path(path) is root + want. */
static void host_is(const ls_ldconfig *cfg, const char *path, const char *want)
{
	char out[PATH_MAX], exp[PATH_MAX];

	if (!ls_host_path(cfg, path, out, sizeof out))
		fail_msg("ls_host_path('%s') failed, wanted root%s", path, want);
	in_root(exp, sizeof exp, want);
	if (strcmp(out, exp) != 0)
		fail_msg("ls_host_path('%s'): '%s', wanted '%s'", path, out, exp);
}

static void test_host_path(void **state)
{
	ls_ldconfig cfg = { .root = root, .loader = -1 };
	char out[PATH_MAX];
	(void)state;

	mkdir_in_root("/lib");
	mkdir_in_root("/lib64");
	mkdir_in_root("/usr");
	file_in_root("/lib/real.so");
	/* An absolute link restarts at the root, not at the host's "/". */
	symlink_in_root("/lib64/ld.so", "/lib/real.so");
	host_is(&cfg, "/lib64/ld.so", "/lib/real.so");
	/* A link to a directory, in the middle of the path. */
	symlink_in_root("/usr/lib64", "/lib");
	host_is(&cfg, "/usr/lib64/real.so", "/lib/real.so");
	host_is(&cfg, "/usr/lib64/../lib64/ld.so", "/lib/real.so");
	/* Relative links, also climbing with "..". */
	symlink_in_root("/lib/rel.so", "real.so");
	host_is(&cfg, "/lib/rel.so", "/lib/real.so");
	symlink_in_root("/lib/up.so", "../lib64/ld.so");
	host_is(&cfg, "/lib/up.so", "/lib/real.so");
	symlink_in_root("/lib/high", "../../../../../etc");
	host_is(&cfg, "/lib/high/passwd", "/etc/passwd");
	/* A link to "/" is the root. */
	symlink_in_root("/sysroot", "/");
	host_is(&cfg, "/sysroot/lib/real.so", "/lib/real.so");
	host_is(&cfg, "/sysroot/sysroot/lib64/ld.so", "/lib/real.so");
	/* ".." never climbs above the root; "." and "//" are nothing. */
	host_is(&cfg, "/../../../etc/passwd", "/etc/passwd");
	host_is(&cfg, "/lib/../../../../lib/./real.so", "/lib/real.so");
	host_is(&cfg, "//lib///real.so", "/lib/real.so");
	host_is(&cfg, "/", "/");
	host_is(&cfg, "/..", "/");
	/* Absent names are kept as they are. */
	host_is(&cfg, "/nonexistent/x.so", "/nonexistent/x.so");
	/* Loops end: false, or some path inside the root, but no hang. */
	symlink_in_root("/loop1", "loop2");
	symlink_in_root("/loop2", "/loop1");
	symlink_in_root("/self", "self");
	const char *loops[] = { "/loop1/x.so", "/loop2", "/self",
				"/self/self/x" };
	for (size_t i = 0; i < sizeof loops / sizeof *loops; i++)
		if (ls_host_path(&cfg, loops[i], out, sizeof out) &&
		    strncmp(out, root, strlen(root)) != 0)
			fail_msg("loop %s escaped the root: %s", loops[i], out);
	/* A result that does not fit. */
	assert_false(ls_host_path(&cfg, "/lib/real.so", out, strlen(root) + 5));
	assert_true(ls_host_path(&cfg, "/lib/real.so", out, strlen(root) + 13));
}

static void test_host_path_relative(void **state)
{
	ls_ldconfig cfg = { .root = root, .loader = -1, .cwd = "/lib" };
	char out[PATH_MAX];
	(void)state;

	mkdir_in_root("/lib");
	mkdir_in_root("/opt");
	file_in_root("/lib/real.so");
	symlink_in_root("/opt/app", "/lib");
	/* Relative names are taken from cfg.cwd, inside the root. */
	host_is(&cfg, "real.so", "/lib/real.so");
	host_is(&cfg, "./real.so", "/lib/real.so");
	host_is(&cfg, "../../../../lib/real.so", "/lib/real.so");
	host_is(&cfg, "../../x", "/x");
	cfg.cwd = "/opt/app";
	host_is(&cfg, "real.so", "/lib/real.so");
	/* No cwd: from the root's "/". */
	cfg.cwd = NULL;
	host_is(&cfg, "lib/real.so", "/lib/real.so");

	/* Without a root: nothing is resolved, only made absolute. */
	cfg.root = NULL;
	assert_true(ls_host_path(&cfg, "lib/x.so", out, sizeof out));
	assert_string_equal(out, "lib/x.so");
	cfg.cwd = "/srv";
	assert_true(ls_host_path(&cfg, "lib/x.so", out, sizeof out));
	assert_string_equal(out, "/srv/lib/x.so");
	assert_true(ls_host_path(&cfg, "/usr/../lib/x.so", out, sizeof out));
	assert_string_equal(out, "/usr/../lib/x.so");
	cfg.root = "/";
	assert_true(ls_host_path(&cfg, "/lib64/ld-linux-x86-64.so.2", out,
				 sizeof out));
	assert_string_equal(out, "/lib64/ld-linux-x86-64.so.2");
	cfg.root = "";
	assert_true(ls_host_path(&cfg, "x", out, sizeof out));
	assert_string_equal(out, "/srv/x");
	assert_false(ls_host_path(&cfg, "/lib/x.so", out, 9));
	assert_true(ls_host_path(&cfg, "/lib/x.so", out, 10));
}

/* --- ls_process_load on /usr/bin/ls ------------------------------------ */

static const char *const ls_order[] = {
	"/usr/bin/ls", "libselinux.so.1", "libc.so.6", "libpcre2-8.so.0",
	"/lib64/ld-linux-x86-64.so.2",
};
#define LS_NOBJS (sizeof ls_order / sizeof *ls_order)

/* Skips unless /usr/bin/ls is Debian 12's (it needs libselinux). */
static void need_debian_ls(void)
{
	ls_dsocache *c = ls_dsocache_new();
	const ls_dso *d;
	bool ok;

	assert_non_null(c);
	d = ls_dsocache_get(c, "/usr/bin/ls");
	ok = d && !d->err && !d->malformed && d->load.dyn.nneeded == 2 &&
	     !strcmp(d->load.dyn.needed[0], "libselinux.so.1") &&
	     !strcmp(d->load.dyn.needed[1], "libc.so.6") && d->load.interp &&
	     !strcmp(d->load.interp, "/lib64/ld-linux-x86-64.so.2");
	ls_dsocache_free(c);
	if (!ok) {
		print_message("/usr/bin/ls is not Debian 12's: skipped\n");
		skip();
	}
}

static int32_t obj_named(const ls_process *p, const char *name)
{
	for (uint32_t i = 0; i < p->nobjs; i++)
		if (p->objs[i].name && !strcmp(p->objs[i].name, name))
			return (int32_t)i;
	return -1;
}

/* Loads /usr/bin/ls with cfg and checks the global order; the paths are
 * copied to paths[]. */
static void load_ls(const ls_ldconfig *cfg, char paths[LS_NOBJS][PATH_MAX],
		    ls_how want_how)
{
	ls_dsocache *c = ls_dsocache_new();
	ls_process p;
	ls_diag d = { 0 };
	int32_t sel;

	assert_non_null(c);
	if (ls_process_load(&p, cfg, c, "/usr/bin/ls", &d) < 0)
		fail_msg("ls_process_load: %s", d.msg);
	assert_false(p.is_static);
	assert_false(p.fatal);
	assert_int_equal(p.target.loader, LS_LOADER_GLIBC);
	assert_string_equal(p.target.interp, "/lib64/ld-linux-x86-64.so.2");
	assert_int_equal(p.nglobal, LS_NOBJS);
	for (uint32_t k = 0; k < p.nglobal; k++) {
		const ls_ldobj *o = &p.objs[p.global[k]];

		if (strcmp(o->name, ls_order[k]) != 0)
			fail_msg("global[%u] is %s, wanted %s", k, o->name,
				 ls_order[k]);
		assert_non_null(o->dso);
		assert_non_null(o->path);
		snprintf(paths[k], PATH_MAX, "%s", o->path);
	}
	assert_int_equal(p.objs[p.global[0]].how, LS_HOW_MAIN);
	assert_int_equal(p.global[0], 0);
	assert_string_equal(p.objs[0].path, "/usr/bin/ls");
	assert_true(p.objs[p.global[LS_NOBJS - 1]].rtld);
	assert_int_equal(p.objs[p.global[LS_NOBJS - 1]].how, LS_HOW_LOADER);
	assert_true(ls_process_lists_rtld(&p));

	sel = obj_named(&p, "libselinux.so.1");
	assert_true(sel > 0);
	assert_int_equal(p.objs[sel].how, want_how);
	assert_int_equal(p.objs[sel].parent, 0);
	assert_int_equal(p.objs[sel].depth, 1);
	assert_string_equal(p.objs[sel].dso->load.dyn.soname, "libselinux.so.1");
	/* libpcre2 is libselinux's, one level down. */
	int32_t pcre = obj_named(&p, "libpcre2-8.so.0");
	assert_true(pcre > 0);
	assert_int_equal(p.objs[pcre].parent, sel);
	assert_int_equal(p.objs[pcre].depth, 2);
	assert_int_equal(p.objs[pcre].how, want_how);
	/* Both of ls's DT_NEEDED point at their objects. */
	assert_int_equal(p.objs[0].deps[0], sel);
	assert_int_equal(p.objs[0].deps[1], obj_named(&p, "libc.so.6"));
	ls_process_free(&p);
	ls_dsocache_free(c);
}

static void test_process_ls(void **state)
{
	ls_ldconfig cfg = { .loader = -1 };
	ls_ldconfig nocache = { .loader = -1, .inhibit_cache = true };
	static char cached[LS_NOBJS][PATH_MAX], dflt[LS_NOBJS][PATH_MAX];
	struct stat st;
	(void)state;

	need_debian_ls();
	if (stat("/etc/ld.so.cache", &st) < 0) {
		print_message("no /etc/ld.so.cache: skipped\n");
		skip();
	}
	load_ls(&cfg, cached, LS_HOW_CACHE);
	assert_string_equal(cached[1], "/lib/x86_64-linux-gnu/libselinux.so.1");
	assert_string_equal(cached[2], "/lib/x86_64-linux-gnu/libc.so.6");
	assert_string_equal(cached[3], "/lib/x86_64-linux-gnu/libpcre2-8.so.0");
	assert_string_equal(cached[4], "/lib64/ld-linux-x86-64.so.2");

	/* Without the cache the default directories find the same files. */
	load_ls(&nocache, dflt, LS_HOW_DEFAULT);
	for (size_t k = 0; k < LS_NOBJS; k++)
		assert_string_equal(dflt[k], cached[k]);
}

/* Copies the host file src to root + rel. */
static void copy_into_root(const char *src, const char *rel)
{
	char dst[PATH_MAX], buf[65536];
	int in = open(src, O_RDONLY), out;
	ssize_t n;

	in_root(dst, sizeof dst, rel);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || out < 0)
		fail_msg("copy %s to %s", src, dst);
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			fail_msg("write %s", dst);
	close(in);
	close(out);
}

/* Loads root/bin/ls in the root: every library is missing. */
static void load_rooted_ls(const ls_ldconfig *cfg, const char *prog)
{
	ls_dsocache *c = ls_dsocache_new();
	ls_process p;
	ls_diag d = { 0 };
	int32_t sel;
	bool seen = false;

	assert_non_null(c);
	if (ls_process_load(&p, cfg, c, prog, &d) < 0)
		fail_msg("ls_process_load: %s", d.msg);
	assert_false(p.is_static);
	/* The process knows the program by its path inside the root. */
	assert_string_equal(p.objs[0].path, "/bin/ls");
	assert_true(p.fatal);
	assert_true(p.cache_missing);
	assert_non_null(strstr(p.note, "not in the root"));
	/* The root's loader directories, not the host's cache. */
	assert_string_equal(p.target.default_dirs[0], "/lib/x86_64-linux-gnu");

	sel = obj_named(&p, "libselinux.so.1");
	assert_true(sel > 0);
	assert_null(p.objs[sel].dso);
	assert_null(p.objs[sel].path);
	assert_int_equal(p.objs[sel].how, LS_HOW_NOT_FOUND);
	assert_string_equal(p.objs[sel].why,
			    "cannot open shared object file: No such file or directory");
	assert_true(p.objs[sel].ntried > 0);
	for (uint32_t k = 0; k < p.objs[sel].ntried; k++) {
		const ls_tried *t = &p.tried[p.objs[sel].tried_first + k];

		/* Paths as the process sees them, never host paths. */
		if (strncmp(t->path, root, strlen(root)) == 0)
			fail_msg("tried a host path: %s", t->path);
		assert_int_equal(t->path[0], '/');
		assert_int_equal(t->how, LS_HOW_DEFAULT);
		assert_null(t->skipped);
		if (!strcmp(t->path, "/lib/x86_64-linux-gnu/libselinux.so.1")) {
			seen = true;
			assert_false(t->sub);
		}
	}
	assert_true(seen);
	/* libc is missing too; the loader is only a placeholder. */
	int32_t libc = obj_named(&p, "libc.so.6");
	assert_true(libc > 0);
	assert_null(p.objs[libc].dso);
	for (uint32_t i = 0; i < p.nobjs; i++)
		if (p.objs[i].rtld)
			assert_null(p.objs[i].dso);
	ls_process_free(&p);
	ls_dsocache_free(c);
}

static void test_process_root(void **state)
{
	char prog[PATH_MAX];
	ls_ldconfig cfg = { .root = root, .loader = -1 };
	(void)state;

	need_debian_ls();
	mkdir_in_root("/lib");
	mkdir_in_root("/lib/x86_64-linux-gnu");
	mkdir_in_root("/bin");
	copy_into_root("/usr/bin/ls", "/bin/ls");
	in_root(prog, sizeof prog, "/bin/ls");
	load_rooted_ls(&cfg, prog);

	/* An absolute link in the root to where the host has the library
	 * still resolves inside the root, where there is nothing. */
	symlink_in_root("/lib/x86_64-linux-gnu/libselinux.so.1",
			"/usr/lib/x86_64-linux-gnu/libselinux.so.1");
	load_rooted_ls(&cfg, prog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dst_tokens),
		cmocka_unit_test(test_dst_length),
		cmocka_unit_test(test_dst_no_value),
		cmocka_unit_test(test_dst_secure),
		cmocka_unit_test(test_dst_too_small),
		cmocka_unit_test(test_dst_musl),
		cmocka_unit_test(test_dirname),
		cmocka_unit_test_setup_teardown(test_host_path, root_setup,
						root_teardown),
		cmocka_unit_test_setup_teardown(test_host_path_relative,
						root_setup, root_teardown),
		cmocka_unit_test(test_process_ls),
		cmocka_unit_test_setup_teardown(test_process_root, root_setup,
						root_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
