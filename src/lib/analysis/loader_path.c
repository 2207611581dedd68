/*
 * loader_path.c - paths as the simulated process sees them: dynamic
 * string tokens ($ORIGIN, $LIB, $PLATFORM) and the translation of a path
 * inside the root to the file linkscope reads.
 */
#include "loader_impl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ls_dirname(const char *path, char *out, size_t outsz)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		snprintf(out, outsz, ".");
		return;
	}
	n = (size_t)(slash - path);
	if (n == 0)
		n = 1;		/* "/lib.so" lives in "/" */
	snprintf(out, outsz, "%.*s", (int)n, path);
}

static bool append(char *out, size_t outsz, size_t *len, const char *s,
		   size_t n)
{
	if (*len + n + 1 > outsz)
		return false;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = 0;
	return true;
}

/*
 * Resolves path inside root component by component, following symlinks
 * the way the kernel would if root were "/": an absolute link restarts at
 * the root, ".." never climbs above it.  Links are bounded (40, as
 * Linux's MAXSYMLINKS), so loops end.
 */
static bool resolve_in_root(const char *root, const char *path, char *out,
			    size_t outsz)
{
	char todo[PATH_MAX], link[PATH_MAX], done[PATH_MAX];
	size_t rootlen = strlen(root), dlen = 0;
	int links = 0;

	if (snprintf(todo, sizeof todo, "%s", path) >= (int)sizeof todo)
		return false;
	done[0] = 0;
	for (char *p = todo; *p;) {
		char comp[NAME_MAX + 1], host[PATH_MAX];
		size_t n;
		ssize_t ln;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n)
			break;
		if (n > NAME_MAX)
			return false;
		memcpy(comp, p, n);
		comp[n] = 0;
		p += n;
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			char *s = strrchr(done, '/');

			dlen = s ? (size_t)(s - done) : 0;
			done[dlen] = 0;
			continue;
		}
		if (dlen + 1 + n + 1 > sizeof done)
			return false;
		done[dlen++] = '/';
		memcpy(done + dlen, comp, n + 1);
		dlen += n;
		if (snprintf(host, sizeof host, "%s%s", root, done) >= (int)sizeof host)
			return false;
		ln = readlink(host, link, sizeof link - 1);
		if (ln < 0)
			continue;	/* not a link, or absent: keep the name */
		link[ln] = 0;
		if (++links > 40)
			return false;
		/* Splice the target in front of what is left. */
		if ((size_t)ln + 1 + strlen(p) + 1 > sizeof link)
			return false;
		strcat(link, "/");
		strcat(link, p);
		if (link[0] == '/') {
			dlen = 0;
		} else {
			char *s = strrchr(done, '/');

			dlen = s ? (size_t)(s - done) : 0;
		}
		done[dlen] = 0;
		memcpy(todo, link, strlen(link) + 1);
		p = todo;
	}
	if (!dlen)
		memcpy(done, "/", 2);
	return snprintf(out, outsz, "%.*s%s", (int)rootlen, root, done) <
	       (int)outsz;
}

bool ls_host_path(const ls_ldconfig *cfg, const char *path, char *out,
		  size_t outsz)
{
	const char *root = cfg->root && *cfg->root && strcmp(cfg->root, "/")
			   ? cfg->root : NULL;
	char abs[PATH_MAX];

	if (path[0] != '/') {
		const char *cwd = cfg->cwd;

		if (!cwd && !root)
			return snprintf(out, outsz, "%s", path) < (int)outsz;
		if (snprintf(abs, sizeof abs, "%s/%s", cwd ? cwd : "",
			     path) >= (int)sizeof abs)
			return false;
		path = abs;
	}
	if (!root)
		return snprintf(out, outsz, "%s", path) < (int)outsz;
	return resolve_in_root(root, path, out, outsz);
}

/*
 * An operand is a path on this machine.  The shortest prefix of it that
 * resolves (on the host: it is the user's own spelling of the root) to the
 * canonical root marks the root; what follows is a path inside the root,
 * resolved there like every other path, so an operand that is an absolute
 * link inside the root (Debian's alternatives: /usr/bin/awk ->
 * /etc/alternatives/awk -> /usr/bin/mawk) stays inside it.
 */
int ls_operand_path(const ls_ldconfig *cfg, const char *operand, char *inroot,
		    size_t insz, char *host, size_t hostsz)
{
	const char *root = cfg->root && *cfg->root && strcmp(cfg->root, "/")
			   ? cfg->root : NULL;
	char abs[PATH_MAX], pre[PATH_MAX], real[PATH_MAX], cwd[PATH_MAX];

	if (snprintf(inroot, insz, "%s", operand) >= (int)insz ||
	    snprintf(host, hostsz, "%s", operand) >= (int)hostsz)
		return -1;
	if (!root)
		return 0;
	if (operand[0] == '/')
		snprintf(abs, sizeof abs, "%s", operand);
	else if (!getcwd(cwd, sizeof cwd) ||
		 snprintf(abs, sizeof abs, "%s/%s", cwd, operand) >= (int)sizeof abs)
		return 0;
	for (size_t i = 1;; i++) {
		if (abs[i] != '/' && abs[i] != 0)
			continue;
		memcpy(pre, abs, i);
		pre[i] = 0;
		if (realpath(pre, real) && !strcmp(real, root)) {
			const char *rest = abs + i;

			while (*rest == '/')
				rest++;
			if (snprintf(inroot, insz, "/%s", rest) >= (int)insz ||
			    !resolve_in_root(root, inroot, host, hostsz))
				return -1;
			return 1;
		}
		if (!abs[i])
			return 0;
	}
}

/* Is in[i..] (just after '$') the token name?  Sets *skip to its length
 * including braces.  An unbraced name followed by [A-Za-z0-9_] is not a
 * token ($LIBX stays literal). */
static bool is_token(const char *in, size_t len, const char *name,
		     size_t *skip)
{
	size_t n = strlen(name);

	if (len >= n + 2 && in[0] == '{' && !memcmp(in + 1, name, n) &&
	    in[n + 1] == '}') {
		*skip = n + 2;
		return true;
	}
	if (len >= n && !memcmp(in, name, n)) {
		char c = len > n ? in[n] : 0;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '_')
			return false;
		*skip = n;
		return true;
	}
	return false;
}

int ls_dst_expand(const ls_target *t, bool secure, const char *origin,
		  const char *in, size_t inlen, char *out, size_t outsz)
{
	size_t len = 0;

	out[0] = 0;
	for (size_t i = 0; i < inlen;) {
		const char *val = NULL;
		size_t skip = 0;

		if (in[i] != '$') {
			size_t n = 0;

			while (i + n < inlen && in[i + n] != '$')
				n++;
			if (!append(out, outsz, &len, in + i, n))
				return -1;
			i += n;
			continue;
		}
		const char *s = in + i + 1;
		size_t left = inlen - i - 1;

		if (is_token(s, left, "ORIGIN", &skip)) {
			/* Secure mode keeps $ORIGIN only as the whole first
			 * component of the element. */
			if (secure && (i != 0 || (i + 1 + skip < inlen &&
						  in[i + 1 + skip] != '/')))
				return 0;
			val = origin;
		} else if (t->loader == LS_LOADER_GLIBC &&
			   is_token(s, left, "PLATFORM", &skip)) {
			val = t->platform;
		} else if (t->loader == LS_LOADER_GLIBC &&
			   is_token(s, left, "LIB", &skip)) {
			val = t->lib;
		} else {
			if (!append(out, outsz, &len, "$", 1))
				return -1;
			i++;
			continue;
		}
		if (!val)
			return 0;	/* a token without a value drops it */
		if (!append(out, outsz, &len, val, strlen(val)))
			return -1;
		i += 1 + skip;
	}
	return 1;
}
