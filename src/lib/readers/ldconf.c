/*
 * ldconf.c - /etc/ld.so.conf as ldconfig reads it, and musl's path file,
 * inside a root; see ldconf.h.
 *
 * The line syntax follows glibc's elf/ldconfig.c (parse_conf,
 * parse_conf_include, add_dir_1, add_single_dir) and musl's
 * ldso/dynlink.c (sys_path, path_open).  The root is treated as ldconfig
 * -r treats it after chroot(): every path, including symlink targets, is
 * resolved inside it, so a hostile root cannot make us read or stat a
 * file of the host through an absolute or ".." symlink.
 */
#include "ldconf.h"
#include "../core/array.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define LDSO_CONF "/etc/ld.so.conf"
#define MAX_DEPTH 16		/* include nesting; ldconfig has no limit */
#define MAX_FILE (1u << 20)	/* bytes of one configuration file */
#define MAX_LINKS 40		/* symlinks in one path (the kernel's limit) */
#define MAX_DIRS 4096		/* directories kept; real files list dozens */
#define MAX_FILES 4096		/* configuration files read */
#define MUSL_DEFAULT "/lib:/usr/local/lib:/usr/lib"

/* --- lists ---------------------------------------------------------------- */

void ls_dirlist_free(ls_dirlist *l)
{
	if (!l)
		return;
	for (uint32_t i = 0; i < l->n; i++)
		free(l->dirs[i]);
	free(l->dirs);
	l->dirs = NULL;
	l->n = 0;
	l->cap = 0;
}

/* Appends a copy of s[0..len), keeping the array NULL-terminated. */
static int list_add(ls_dirlist *l, const char *s, size_t len)
{
	char *d;

	if (ls_array_reserve(&l->dirs, &l->cap, (size_t)l->n + 2,
			     sizeof *l->dirs) < 0 || !(d = strndup(s, len)))
		return -1;
	l->dirs[l->n++] = d;
	l->dirs[l->n] = NULL;
	return 0;
}

/* An empty list still has its NULL terminator. */
static int list_init(ls_dirlist *l)
{
	*l = (ls_dirlist){ 0 };
	if (ls_array_reserve(&l->dirs, &l->cap, 1, sizeof *l->dirs) < 0)
		return -1;
	l->dirs[0] = NULL;
	return 0;
}

/* --- paths inside the root --------------------------------------------- */

/* The root without trailing slashes; "" for "/", NULL or "". */
static char *norm_root(const char *root)
{
	size_t n = root ? strlen(root) : 0;

	while (n > 0 && root[n - 1] == '/')
		n--;
	return strndup(n ? root : "", n);
}

/* Writes a + b into out; ENAMETOOLONG when it does not fit. */
static int join(char *out, size_t outsz, const char *a, const char *b)
{
	int n = snprintf(out, outsz, "%s%s", a, b);

	if (n < 0 || (size_t)n >= outsz) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Replaces the unresolved rest with target + rest (a symlink's
 * expansion); todo may alias rest. */
static int splice_rest(char *todo, const char *target, const char *rest)
{
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof tmp, "%s/%s", target, rest);

	if (n < 0 || (size_t)n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(todo, tmp, (size_t)n + 1);
	return 0;
}

/* The state of one resolution: res is the resolved path inside the
 * root ("" is "/"). */
typedef struct resolver {
	const char *root;
	char res[PATH_MAX];
	size_t rl;
	int links;
} resolver;

/* Follows the symlink at host (component res[rl..]) by splicing its
 * target in front of rest. */
static int follow(resolver *r, const char *host, char *todo, const char *rest)
{
	char target[PATH_MAX];
	ssize_t n;

	if (++r->links > MAX_LINKS) {
		errno = ELOOP;
		return -1;
	}
	n = readlink(host, target, sizeof target);
	if (n < 0)
		return -1;
	if (n == 0 || (size_t)n >= sizeof target) {
		errno = n ? ENAMETOOLONG : ENOENT;
		return -1;
	}
	target[n] = '\0';
	if (target[0] == '/')
		r->rl = 0;	/* absolute: from the root's top */
	r->res[r->rl] = '\0';
	return splice_rest(todo, target, rest);
}

/* One component p[0..cl) of the path; *done when it was the missing
 * last one (kept as written, like glibc's chroot_canon). */
static int step(resolver *r, const char *p, size_t cl, bool last,
		char *todo, const char *rest)
{
	char host[PATH_MAX];
	struct stat st;

	if (cl == 1 && p[0] == '.')
		return 0;
	if (cl == 2 && p[0] == '.' && p[1] == '.') {
		/* ".." never leaves the root. */
		while (r->rl > 0 && r->res[r->rl - 1] != '/')
			r->rl--;
		if (r->rl > 0)
			r->rl--;
		r->res[r->rl] = '\0';
		return 0;
	}
	if (r->rl + 1 + cl >= sizeof r->res) {
		errno = ENAMETOOLONG;
		return -1;
	}
	r->res[r->rl] = '/';
	memcpy(r->res + r->rl + 1, p, cl);
	r->res[r->rl + 1 + cl] = '\0';
	if (join(host, sizeof host, r->root, r->res) < 0)
		return -1;
	if (lstat(host, &st) < 0) {
		if (errno == ENOENT && last) {
			r->rl += 1 + cl;
			return 0;
		}
		return -1;
	}
	if (S_ISLNK(st.st_mode))
		return follow(r, host, todo, rest);
	r->rl += 1 + cl;
	return 0;
}

/*
 * The host path of path (absolute inside the root; a relative one counts
 * from the root's top, the cwd after chroot) with every symlink resolved
 * inside the root.  0 with out filled, or -1 with errno.
 */
static int root_resolve(const char *root, const char *path, char *out,
			size_t outsz)
{
	resolver r = { .root = root };
	char todo[PATH_MAX];
	char *p = todo;

	if (!root[0])		/* the host's own root: the kernel resolves */
		return join(out, outsz, path[0] == '/' ? "" : "/", path);
	if (join(todo, sizeof todo, "", path) < 0)
		return -1;
	while (*p) {
		p += strspn(p, "/");
		if (!*p)
			break;
		size_t cl = strcspn(p, "/");
		char *rest = p + cl;
		bool last = rest[strspn(rest, "/")] == '\0';
		int links = r.links;
		if (step(&r, p, cl, last, todo, rest) < 0)
			return -1;
		/* A followed symlink rewrote todo: start over on it. */
		p = r.links != links ? todo : rest;
	}
	return join(out, outsz, root, r.rl ? r.res : "/");
}

/* --- files ------------------------------------------------------------------ */

/*
 * The whole of a regular file, NUL-terminated.  Opened non-blocking so a
 * FIFO cannot hang us; anything but a regular file is EINVAL (EISDIR for
 * a directory), more than max bytes EFBIG.  0, or -1 with errno.
 */
static int read_file(const char *host, size_t max, char **buf, size_t *len,
		     struct stat *st)
{
	int fd = open(host, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	size_t got = 0;
	int e;

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0)
		goto fail;
	if (!S_ISREG(st->st_mode)) {
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if ((uint64_t)st->st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	*buf = malloc((size_t)st->st_size + 1);
	if (!*buf)
		goto fail;
	while (got < (size_t)st->st_size) {
		ssize_t n = read(fd, *buf + got, (size_t)st->st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(*buf);
			goto fail;
		}
		if (n == 0)	/* the file shrank */
			break;
		got += (size_t)n;
	}
	(*buf)[got] = '\0';
	*len = got;
	close(fd);
	return 0;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* --- ld.so.conf ------------------------------------------------------------- */

typedef struct file_id {
	dev_t dev;
	ino_t ino;
	bool active;		/* being read: seeing it again is a cycle */
} file_id;

typedef struct conf_ctx {
	const char *root;
	ls_dirlist *out;
	file_id *ids;		/* dev/inode of out->dirs[i] */
	size_t capids;
	file_id *files;		/* configuration files read so far */
	size_t nfiles, capfiles;
	ls_diag *d;
} conf_ctx;

/* Notes something worth saying that does not stop the read (the first
 * one is kept). */
__attribute__((format(printf, 2, 3)))
static void warn(conf_ctx *x, const char *fmt, ...)
{
	va_list ap;

	if (!x->d || x->d->warning)
		return;
	va_start(ap, fmt);
	vsnprintf(x->d->msg, sizeof x->d->msg, fmt, ap);
	va_end(ap);
	x->d->warning = true;
	x->d->has_offset = false;
}

static int oom(conf_ctx *x)
{
	if (x->d)
		x->d->warning = false;
	return ls_oom(x->d);
}

/* ldconfig's isspace/isblank in the C locale, whatever ours is. */
static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * add_dir_1 and add_single_dir: an old "DIR=TYPE" suffix is dropped,
 * then trailing white space and slashes ("/" itself becomes nothing);
 * a directory that cannot be stat'ed is skipped, a repeat (same
 * dev/inode) keeps its first place and its first spelling.
 */
static int add_dir(conf_ctx *x, char *dir)
{
	char host[PATH_MAX];
	struct stat st;
	char *eq = strchr(dir, '=');
	size_t i;

	if (eq)
		*eq = '\0';
	i = strlen(dir);
	while (i > 0 && is_space(dir[i - 1]))
		dir[--i] = '\0';
	while (i > 0 && dir[i - 1] == '/')
		dir[--i] = '\0';
	if (i == 0)
		return 0;
	if (root_resolve(x->root, dir, host, sizeof host) < 0 ||
	    stat(host, &st) < 0)
		return 0;
	for (uint32_t k = 0; k < x->out->n; k++)
		if (x->ids[k].dev == st.st_dev && x->ids[k].ino == st.st_ino)
			return 0;
	/* The repeat check is quadratic: bound it for hostile roots. */
	if (x->out->n >= MAX_DIRS) {
		warn(x, "more than %d directories, the rest ignored", MAX_DIRS);
		return 0;
	}
	if (ls_array_reserve(&x->ids, &x->capids, (size_t)x->out->n + 1,
			     sizeof *x->ids) < 0)
		return oom(x);
	x->ids[x->out->n] = (file_id){ st.st_dev, st.st_ino, false };
	return list_add(x->out, dir, i) < 0 ? oom(x) : 0;
}

static int parse_file(conf_ctx *x, const char *path, int depth);

/* Escapes glob's metacharacters, so the root's own name matches only
 * itself. */
static int glob_escape(char *out, size_t outsz, const char *s)
{
	size_t o = 0;

	for (; *s; s++) {
		if (o + 3 > outsz) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (strchr("*?[\\", *s))
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o] = '\0';
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The glob(3) pattern for pat (absolute inside the root): its leading
 * components without metacharacters are resolved inside the root, so
 * glob itself never follows a symlink out of it there, and escaped.
 */
static int glob_pattern(conf_ctx *x, const char *pat, char *out,
			size_t outsz)
{
	char lit[PATH_MAX], host[PATH_MAX], esc[PATH_MAX * 2];
	size_t cut = 0;

	for (size_t i = 0; pat[i] && !strchr("*?[\\", pat[i]); i++)
		if (pat[i] == '/')
			cut = i;
	if (!strpbrk(pat, "*?[\\"))
		cut = strlen(pat);
	if (cut >= sizeof lit) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(lit, pat, cut);
	lit[cut] = '\0';
	/* The root's top is the root itself (the rest starts with '/'). */
	if (cut == 0)
		snprintf(host, sizeof host, "%s", x->root);
	else if (root_resolve(x->root, lit, host, sizeof host) < 0)
		return -1;
	if (glob_escape(esc, sizeof esc, host) < 0)
		return -1;
	return join(out, outsz, esc, pat + cut);
}

/* The configuration files of one `include` word, in sorted order (C
 * collation, as ldconfig sets LC_COLLATE=C), each read in turn. */
static int do_include(conf_ctx *x, const char *file, const char *word,
		      int depth)
{
	char pat[PATH_MAX], gpat[PATH_MAX * 2];
	size_t rl = strlen(x->root);
	glob_t gl;
	int rc = 0;

	/* A relative pattern counts from the including file's directory. */
	if (word[0] != '/') {
		const char *slash = strrchr(file, '/');
		int n = snprintf(pat, sizeof pat, "%.*s/%s",
				 (int)(slash ? slash - file : 0), file, word);
		if (n < 0 || (size_t)n >= sizeof pat)
			return 0;
	} else if (join(pat, sizeof pat, "", word) < 0) {
		return 0;
	}
	if (glob_pattern(x, pat, gpat, sizeof gpat) < 0)
		return 0;
	int g = glob(gpat, GLOB_NOSORT, NULL, &gl);
	if (g == GLOB_NOSPACE)
		return oom(x);
	if (g != 0)
		return 0;	/* no match, or an unreadable directory */
	qsort(gl.gl_pathv, gl.gl_pathc, sizeof *gl.gl_pathv, cmp_str);
	for (size_t i = 0; i < gl.gl_pathc && rc == 0; i++) {
		const char *m = gl.gl_pathv[i];
		if (strncmp(m, x->root, rl) != 0)
			continue;	/* cannot happen: the pattern starts so */
		rc = parse_file(x, m[rl] ? m + rl : "/", depth + 1);
	}
	globfree(&gl);
	return rc;
}

/* One line of parse_conf: comment cut, leading space skipped, then
 * `include WORD...`, `hwcap ...` (ignored) or a directory. */
static int do_line(conf_ctx *x, char *line, const char *file, int depth)
{
	char *cp = line, *w;

	cp[strcspn(cp, "#")] = '\0';
	while (is_space(*cp))
		cp++;
	if (!*cp)
		return 0;
	if (strncmp(cp, "include", 7) == 0 && is_blank(cp[7])) {
		cp += 8;
		/* Words split on blanks only: a CR stays in the pattern,
		 * as in ldconfig. */
		while ((w = strsep(&cp, " \t")) != NULL)
			if (*w && do_include(x, file, w, depth) < 0)
				return -1;
		return 0;
	}
	if (strncasecmp(cp, "hwcap", 5) == 0 && is_blank(cp[5]))
		return 0;	/* "hwcap directive ignored" */
	return add_dir(x, cp);
}

/* Remembers a file as read; cycles (a file including itself through
 * others) and files already read are not read again. */
static int enter_file(conf_ctx *x, const struct stat *st, const char *path,
		      uint32_t *slot)
{
	for (size_t i = 0; i < x->nfiles; i++) {
		if (x->files[i].dev != st->st_dev ||
		    x->files[i].ino != st->st_ino)
			continue;
		if (x->files[i].active)
			warn(x, "%s: include cycle, not read again", path);
		return 1;
	}
	if (x->nfiles >= MAX_FILES) {
		warn(x, "%s: more than %d configuration files, not read", path,
		     MAX_FILES);
		return 1;
	}
	if (LS_ARRAY_PUSH(x->files, x->nfiles, x->capfiles,
			  ((file_id){ st->st_dev, st->st_ino, true })) < 0)
		return oom(x);
	*slot = (uint32_t)(x->nfiles - 1);
	return 0;
}

/* Every line of the buffer, as getline would give them. */
static int parse_lines(conf_ctx *x, char *buf, size_t len, const char *path,
		       int depth)
{
	char *p = buf, *end = buf + len;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *next = nl ? nl + 1 : end;
		if (nl)
			*nl = '\0';
		if (do_line(x, p, path, depth) < 0)
			return -1;
		p = next;
	}
	return 0;
}

/* One configuration file, path as seen inside the root.  Files that
 * cannot be read are skipped (ldconfig warns and goes on). */
static int parse_file(conf_ctx *x, const char *path, int depth)
{
	char host[PATH_MAX];
	struct stat st;
	char *buf;
	size_t len;
	uint32_t slot = 0;
	int rc;

	if (depth > MAX_DEPTH) {
		warn(x, "%s: includes nested deeper than %d, not read", path,
		     MAX_DEPTH);
		return 0;
	}
	if (root_resolve(x->root, path, host, sizeof host) < 0 ||
	    read_file(host, MAX_FILE, &buf, &len, &st) < 0) {
		if (errno != ENOENT && errno != EISDIR)
			warn(x, "%s: cannot read: %s", path, strerror(errno));
		return 0;
	}
	rc = enter_file(x, &st, path, &slot);
	if (rc == 0) {
		rc = parse_lines(x, buf, len, path, depth);
		x->files[slot].active = false;
	}
	free(buf);
	return rc < 0 ? -1 : 0;
}

/* The top file: absent is not an error, unreadable is. */
static int read_top(conf_ctx *x, bool *present)
{
	char host[PATH_MAX];
	struct stat st;

	if (root_resolve(x->root, LDSO_CONF, host, sizeof host) < 0 ||
	    stat(host, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return ls_fail_nooff(x->d, "%s: %s", LDSO_CONF,
				     strerror(errno));
	}
	*present = true;
	if (!S_ISREG(st.st_mode))
		return ls_fail_nooff(x->d, "%s: not a regular file", LDSO_CONF);
	if ((uint64_t)st.st_size > MAX_FILE)
		return ls_fail_nooff(x->d, "%s: larger than %u bytes",
				     LDSO_CONF, MAX_FILE);
	return parse_file(x, LDSO_CONF, 0);
}

int ls_ldconf_read(const char *root, ls_dirlist *out, bool *present,
		   ls_diag *d)
{
	conf_ctx x = { .out = out, .d = d };
	int rc;

	*present = false;
	if (d)
		memset(d, 0, sizeof *d);
	if (list_init(out) < 0)
		return ls_oom(d);
	char *r = norm_root(root);
	if (!r) {
		ls_dirlist_free(out);
		return ls_oom(d);
	}
	x.root = r;
	rc = read_top(&x, present);
	free(x.ids);
	free(x.files);
	free(r);
	if (rc < 0)
		ls_dirlist_free(out);
	return rc < 0 ? -1 : 0;
}

/* --- musl ----------------------------------------------------------------- */

/* path_open's walk: elements end at ':' or newline, empty ones are
 * skipped, nothing is trimmed, the text ends at its first NUL. */
static int split_musl(const char *s, ls_dirlist *out)
{
	for (;;) {
		s += strspn(s, ":\n");
		size_t l = strcspn(s, ":\n");
		if (l == 0)
			return 0;
		if (list_add(out, s, l) < 0)
			return -1;
		s += l;
	}
}

int ls_musl_path_read(const char *root, const char *arch, ls_dirlist *out,
		      bool *present, ls_diag *d)
{
	char rel[PATH_MAX], host[PATH_MAX];
	char *r, *buf = NULL;
	struct stat st;
	size_t len;
	int rc = 0;

	*present = false;
	if (d)
		memset(d, 0, sizeof *d);
	if (list_init(out) < 0)
		return ls_oom(d);
	if (!arch || !arch[0] || strlen(arch) > 64 || strchr(arch, '/')) {
		ls_dirlist_free(out);
		return ls_fail_nooff(d, "bad musl architecture name");
	}
	snprintf(rel, sizeof rel, "/etc/ld-musl-%s.path", arch);
	if (!(r = norm_root(root))) {
		ls_dirlist_free(out);
		return ls_oom(d);
	}
	if (root_resolve(r, rel, host, sizeof host) < 0 ||
	    read_file(host, MAX_FILE, &buf, &len, &st) < 0) {
		if (errno == ENOENT)	/* musl's built-in default */
			rc = split_musl(MUSL_DEFAULT, out);
		else if (errno == EFBIG)
			rc = 1;
		else		/* any other error: an empty path */
			*present = true;
	} else {
		*present = true;
		rc = split_musl(buf, out);
	}
	free(buf);
	free(r);
	if (rc == 0)
		return 0;
	ls_dirlist_free(out);
	if (rc > 0)
		return ls_fail_nooff(d, "%s: larger than %u bytes", rel,
				     MAX_FILE);
	return ls_oom(d);
}
