/*
 * linkcmd_rsp.c - @FILE response files on a linker's or a driver's
 * command line, expanded as libiberty's expandargv does (GNU ld, gold and
 * gcc use it; lld and mold follow it).
 *
 * A response file is hostile input: its size, the number of files, their
 * total size and their nesting are bounded, and only regular files are
 * read.
 */
#include "linkcmd_impl.h"
#include "../core/mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_RSP_BYTES (16u << 20)	/* one response file */
#define MAX_RSP_TOTAL (64u << 20)	/* all response files of a line */
#define MAX_RSP_FILES 4096		/* response files read for a line */
#define MAX_RSP_DEPTH 16		/* @FILE inside @FILE */

static int read_file(const char *path, size_t max, char **out, size_t *len,
		     ls_diag *d)
{
	struct stat st;
	int fd, err;
	size_t n = 0, want;
	char *buf;

	/* A FIFO or a device would block or never end: opened without
	 * blocking, and only a regular file (core/mapfile.h). */
	if ((fd = ls_open_regular(path, &st, &err, NULL)) < 0) {
		if (err == ENODEV || err == EISDIR)
			return ls_fail_nooff(d, "response file %s: is %s (not a regular file)",
					     path, ls_file_type_name(st.st_mode));
		return ls_fail_nooff(d, "response file %s: %s", path, strerror(err));
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return ls_fail_nooff(d, "response file %s: larger than %zu MiB", path, max >> 20);
	}
	want = (size_t)st.st_size;
	if (!(buf = malloc(want + 1))) {
		close(fd);
		return lc_oom(d);
	}
	while (n < want) {
		ssize_t k = read(fd, buf + n, want - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return ls_fail_nooff(d, "response file %s: %s", path, strerror(e));
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}

static bool rsp_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/*
 * libiberty's buildargv, which GNU ld, gold and gcc use for @FILE (lld and
 * mold follow it): white space separates, '...' and "..." quote, and a
 * backslash takes the next character literally everywhere, even inside
 * single quotes.  "" is an empty argument.
 */
static int rsp_split(const char *s, size_t len, ls_strvec *out)
{
	char *arg = malloc(len + 1);
	size_t i = 0;

	if (!arg)
		return -1;
	while (i < len) {
		bool sq = false, dq = false, bs = false;
		size_t n = 0;

		while (i < len && rsp_space(s[i]))
			i++;
		if (i >= len)
			break;
		for (; i < len; i++) {
			char c = s[i];
			if (!sq && !dq && !bs && rsp_space(c))
				break;
			if (bs) {
				bs = false;
				arg[n++] = c;
			} else if (c == '\\') {
				bs = true;
			} else if (sq) {
				if (c == '\'')
					sq = false;
				else
					arg[n++] = c;
			} else if (dq) {
				if (c == '"')
					dq = false;
				else
					arg[n++] = c;
			} else if (c == '\'') {
				sq = true;
			} else if (c == '"') {
				dq = true;
			} else {
				arg[n++] = c;
			}
		}
		if (ls_strvec_addn(out, arg, n) < 0) {
			free(arg);
			return -1;
		}
	}
	free(arg);
	return 0;
}

typedef struct rspctx {
	size_t files;
	uint64_t bytes;
	ls_diag *d;
} rspctx;

/* Appends arg to out, or the arguments of the response file it names,
 * recursively, as libiberty's expandargv does. */
static int rsp_expand(const char *arg, ls_strvec *out, int depth, rspctx *r)
{
	ls_strvec toks = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int rc = 0;

	if (out->n >= MAX_ARGS)
		return ls_fail_nooff(r->d, "more than %u arguments", MAX_ARGS);
	if (arg[0] != '@' || !arg[1])
		return ls_strvec_add(out, arg) < 0 ? lc_oom(r->d) : 0;
	if (depth >= MAX_RSP_DEPTH)
		return ls_fail_nooff(r->d, "%s: response files nested more than %d deep",
				     arg, MAX_RSP_DEPTH);
	if (++r->files > MAX_RSP_FILES)
		return ls_fail_nooff(r->d, "more than %d response files", MAX_RSP_FILES);
	if (read_file(arg + 1, MAX_RSP_BYTES, &buf, &len, r->d) < 0)
		return -1;
	r->bytes += len;
	if (r->bytes > MAX_RSP_TOTAL) {
		free(buf);
		return ls_fail_nooff(r->d, "%s: response files exceed %u MiB in all",
				     arg, MAX_RSP_TOTAL >> 20);
	}
	/* buildargv works on a C string: a NUL ends the file. */
	rc = rsp_split(buf, strnlen(buf, len), &toks) < 0 ? lc_oom(r->d) : 0;
	free(buf);
	for (size_t i = 0; i < toks.n && rc == 0; i++)
		rc = rsp_expand(toks.v[i], out, depth + 1, r);
	ls_strvec_free(&toks);
	return rc;
}

/* out = argv[0..from) as they are, then argv[from..argc) expanded. */
int lc_expand_args(int argc, char *const *argv, int from, ls_strvec *out,
		   ls_diag *d)
{
	rspctx r = { 0, 0, d };

	for (int i = 0; i < argc; i++) {
		int rc = i < from ? (ls_strvec_add(out, argv[i]) < 0 ? lc_oom(d) : 0)
				  : rsp_expand(argv[i], out, 0, &r);
		if (rc < 0)
			return -1;
	}
	return 0;
}
