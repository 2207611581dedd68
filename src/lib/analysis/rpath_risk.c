/*
 * rpath_risk.c - RPATH/RUNPATH elements that let someone else choose the
 * libraries a program loads.
 *
 * The loader searches these directories before the system ones, so an
 * element that resolves against the current directory (relative or
 * empty), a directory others can write to, or one that does not exist
 * (whoever creates it first wins) is a library-planting hole.  $ORIGIN in
 * a set-ID program is one too: glibc only ignores it when the kernel
 * flags the process secure.  Directory ownership and modes are read from
 * this machine, under --root when given; only stat() is used.
 */
#include "audit_impl.h"
#include "loader.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool has_token(ls_str dir, const char *tok)
{
	size_t n = strlen(tok);

	for (size_t i = 0; i + n <= dir.n; i++)
		if (!memcmp(dir.p + i, tok, n))
			return true;
	return false;
}

static bool has_origin(ls_str dir)
{
	return has_token(dir, "$ORIGIN") || has_token(dir, "${ORIGIN}");
}

/* Only plain absolute paths are looked up on disk: $ORIGIN, $LIB and
 * $PLATFORM depend on where and how the program runs.  Under a root the
 * directory is resolved inside it (the resolver deps uses), so the root's
 * links cannot make linkscope judge a host directory.  A world-writable
 * directory is a risk even when sticky (/tmp, 1777): the bit only stops
 * others from replacing files, not from creating the library first. */
static int disk_risk(ls_str dir, const char *root, ls_rpath_risk_kind *kind,
		     uint32_t *uid)
{
	ls_ldconfig cfg = { .root = root };
	char elem[PATH_MAX], path[PATH_MAX];
	struct stat st;
	int n;

	if (memchr(dir.p, '$', dir.n))
		return 0;
	n = snprintf(elem, sizeof elem, "%.*s", (int)dir.n, dir.p);
	if (n < 0 || (size_t)n >= sizeof elem ||
	    !ls_host_path(&cfg, elem, path, sizeof path))
		return 0;
	if (stat(path, &st) < 0) {
		*kind = LS_RISK_MISSING;
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (st.st_mode & S_IWOTH) {
		*kind = LS_RISK_WORLD_WRITABLE;
		return 1;
	}
	/* Ownership means nothing inside a sysroot copied by a build user. */
	if (!root && st.st_uid != 0) {
		*kind = LS_RISK_NOT_ROOT_OWNED;
		*uid = (uint32_t)st.st_uid;
		return 1;
	}
	return 0;
}

static int element_risk(ls_str dir, const ls_audit_opts *opts,
			ls_rpath_risk_kind *kind, uint32_t *uid)
{
	if (dir.n == 0) {
		*kind = LS_RISK_EMPTY;
		return 1;
	}
	if (has_origin(dir)) {
		if (!opts->setid)
			return 0;
		*kind = LS_RISK_ORIGIN_SETUID;
		return 1;
	}
	if (dir.p[0] != '/' && dir.p[0] != '$') {
		*kind = LS_RISK_RELATIVE;
		return 1;
	}
	return disk_risk(dir, opts->root, kind, uid);
}

static void scan_list(ls_audit *a, const char *list, bool runpath,
		      const ls_audit_opts *opts)
{
	const char *p = list;

	for (;;) {
		size_t len = strcspn(p, ":");
		ls_str dir = { p, len };
		ls_rpath_risk_kind kind;
		uint32_t uid = 0;

		if (element_risk(dir, opts, &kind, &uid)) {
			ls_rpath_risk *r = &a->risks[a->nrisks++];

			r->dir = dir;
			r->runpath = runpath;
			r->kind = kind;
			r->uid = uid;
		}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
}

static size_t elements(const char *s)
{
	size_t n = 1;

	for (; s && *s; s++)
		n += *s == ':';
	return s ? n : 0;
}

int audit_rpath_risks(ls_audit *a, const ls_audit_opts *opts)
{
	size_t n = elements(a->load.dyn.rpath) + elements(a->load.dyn.runpath);

	if (n == 0)
		return 0;
	if (!(a->risks = calloc(n, sizeof *a->risks)))
		return -1;
	if (a->load.dyn.rpath)
		scan_list(a, a->load.dyn.rpath, false, opts);
	if (a->load.dyn.runpath)
		scan_list(a, a->load.dyn.runpath, true, opts);
	return 0;
}
