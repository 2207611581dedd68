/*
 * buildtags.c - build constraints (see buildtags.h).  The lists of known
 * operating systems and architectures are go/build's syslist.go.
 */
#include "buildtags.h"

#include <string.h>

static const char *const goos_list[] = {
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos",
	"ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris",
	"wasip1", "windows", "zos", NULL
};
static const char *const unix_list[] = {
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos",
	"ios", "linux", "netbsd", "openbsd", "solaris", NULL
};
static const char *const goarch_list[] = {
	"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be",
	"loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
	"mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390",
	"s390x", "sparc", "sparc64", "wasm", NULL
};

static bool in_list(const char *const *l, const char *s, size_t n)
{
	for (; *l; l++)
		if (strlen(*l) == n && !memcmp(*l, s, n))
			return true;
	return false;
}

bool ls_known_goos(const char *s, size_t n)
{
	return in_list(goos_list, s, n);
}

bool ls_known_goarch(const char *s, size_t n)
{
	return in_list(goarch_list, s, n);
}

static bool eq(const char *a, const char *s, size_t n)
{
	return a && strlen(a) == n && !memcmp(a, s, n);
}

bool ls_buildtag_holds(const ls_buildctx *c, const char *tag, size_t n)
{
	if (eq(c->goos, tag, n) || eq(c->goarch, tag, n) || eq("gc", tag, n))
		return true;
	if (eq("unix", tag, n))
		return c->goos && in_list(unix_list, c->goos, strlen(c->goos));
	if (eq("cgo", tag, n))
		return c->cgo;
	if (eq("linux", tag, n) && eq(c->goos, "android", 7))
		return true;
	if (eq("solaris", tag, n) && eq(c->goos, "illumos", 7))
		return true;
	if (eq("darwin", tag, n) && eq(c->goos, "ios", 3))
		return true;
	if (n > 13 && !memcmp(tag, "goexperiment.", 13) && c->experiments) {
		/* internal/buildcfg's experimentTags: "goexperiment." + the
		 * lower-cased name of each enabled experiment. */
		for (const char *e = c->experiments; *e;) {
			const char *comma = strchr(e, ',');
			size_t el = comma ? (size_t)(comma - e) : strlen(e);

			if (el == n - 13 && !memcmp(e, tag + 13, el))
				return true;
			e += el + (comma != NULL);
		}
		return false;
	}
	if (n > 4 && !memcmp(tag, "go1.", 4)) {
		int minor = 0;

		for (size_t i = 4; i < n; i++) {
			if (tag[i] < '0' || tag[i] > '9' || minor > 100000)
				return false;
			minor = minor * 10 + (tag[i] - '0');
		}
		return minor <= c->go_minor;
	}
	return false;
}

/* Recursive descent over: or := and {"||" and}; and := not {"&&" not};
 * not := "!" not | "(" or ")" | tag.  Depth is bounded by the input. */
struct parser {
	const ls_buildctx *c;
	const char *s;
	size_t n, i;
	int depth;
	bool err;
};

static void skip_ws(struct parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
			       p->s[p->i] == '\r'))
		p->i++;
}

static bool p_or(struct parser *p);

static bool p_not(struct parser *p)
{
	skip_ws(p);
	if (p->i >= p->n || ++p->depth > 200) {
		p->err = true;
		return false;
	}
	bool v;
	char ch = p->s[p->i];

	if (ch == '!') {
		p->i++;
		v = !p_not(p);
	} else if (ch == '(') {
		p->i++;
		v = p_or(p);
		skip_ws(p);
		if (p->i < p->n && p->s[p->i] == ')')
			p->i++;
		else
			p->err = true;
	} else {
		size_t st = p->i;

		while (p->i < p->n) {
			char d = p->s[p->i];

			if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
			      (d >= '0' && d <= '9') || d == '_' || d == '.'))
				break;
			p->i++;
		}
		if (p->i == st)
			p->err = true;
		v = ls_buildtag_holds(p->c, p->s + st, p->i - st);
	}
	p->depth--;
	return v;
}

static bool p_and(struct parser *p)
{
	bool v = p_not(p);

	for (;;) {
		skip_ws(p);
		if (p->err || p->i + 1 >= p->n || p->s[p->i] != '&' ||
		    p->s[p->i + 1] != '&')
			return v;
		p->i += 2;
		v = p_not(p) && v;
	}
}

static bool p_or(struct parser *p)
{
	bool v = p_and(p);

	for (;;) {
		skip_ws(p);
		if (p->err || p->i + 1 >= p->n || p->s[p->i] != '|' ||
		    p->s[p->i + 1] != '|')
			return v;
		p->i += 2;
		v = p_and(p) || v;
	}
}

int ls_buildexpr_eval(const ls_buildctx *c, const char *expr, size_t n)
{
	struct parser p = { .c = c, .s = expr, .n = n };
	bool v = p_or(&p);

	skip_ws(&p);
	if (p.err || p.i != p.n)
		return -1;
	return v;
}

bool ls_buildname_ok(const ls_buildctx *c, const char *name)
{
	size_t n = strlen(name);
	const char *dot;

	if (!n || name[0] == '_' || name[0] == '.')
		return false;
	if (n > 3 && !strcmp(name + n - 3, ".go"))
		n -= 3;
	else if (n > 2 && !strcmp(name + n - 2, ".s"))
		n -= 2;
	else
		return false;
	dot = memchr(name, '.', n);
	if (dot)
		n = (size_t)(dot - name);
	/* go/build looks only past the first '_': "linux.go" is no suffix. */
	const char *us = memchr(name, '_', n);

	if (!us)
		return true;
	const char *part[3];
	size_t plen[3], np = 0;
	const char *end = name + n, *p = end;

	/* The last three '_' separated elements, last first. */
	while (np < 3 && p > us) {
		const char *q = p;

		while (q > us && q[-1] != '_')
			q--;
		part[np] = q;
		plen[np] = (size_t)(p - q);
		np++;
		p = q - 1;
	}
	size_t k = 0;

	if (np > 0 && plen[0] == 4 && !memcmp(part[0], "test", 4)) {
		if (n >= 1 && strlen(name) > 3 &&
		    !strcmp(name + strlen(name) - 3, ".go"))
			return false;
		k = 1;
	}
	if (np >= k + 2 && ls_known_goos(part[k + 1], plen[k + 1]) &&
	    ls_known_goarch(part[k], plen[k]))
		return ls_buildtag_holds(c, part[k + 1], plen[k + 1]) &&
		       ls_buildtag_holds(c, part[k], plen[k]);
	if (np >= k + 1 && (ls_known_goos(part[k], plen[k]) ||
			    ls_known_goarch(part[k], plen[k])))
		return ls_buildtag_holds(c, part[k], plen[k]);
	return true;
}

static bool tag_char(char d)
{
	return (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
	       (d >= '0' && d <= '9') || d == '_' || d == '.';
}

/* One "TAG" or "!TAG" of a +build clause; go/build/constraint's
 * parsePlusBuildExpr reads an invalid tag, "!" or "!!x" as the tag
 * "ignore", which never holds. */
static bool plus_term(const ls_buildctx *c, const char *s, size_t n)
{
	bool neg = n > 0 && s[0] == '!';

	if (neg && (n == 1 || s[1] == '!'))
		return false;
	s += neg;
	n -= neg;
	for (size_t i = 0; i < n; i++)
		if (!tag_char(s[i]))
			return neg;
	if (!n)
		return neg;
	return ls_buildtag_holds(c, s, n) != neg;
}

int ls_plusbuild_eval(const ls_buildctx *c, const char *expr, size_t n)
{
	bool any = false, v = false;
	int ops = 0;
	size_t i = 0;

	while (i < n) {
		while (i < n && (expr[i] == ' ' || expr[i] == '\t' || expr[i] == '\r'))
			i++;
		if (i == n)
			break;
		size_t st = i;

		while (i < n && expr[i] != ' ' && expr[i] != '\t' && expr[i] != '\r')
			i++;
		/* One clause expr[st..i): comma separated terms, all must hold. */
		bool cl = true;
		size_t a = st;

		for (size_t j = st; j <= i; j++) {
			if (j < i && expr[j] != ',')
				continue;
			if (a != st && ++ops > 100)
				return -1;	/* errComplex: more than 100 operators */
			cl = plus_term(c, expr + a, j - a) && cl;
			a = j + 1;
		}
		if (any && ++ops > 100)
			return -1;
		v = v || cl;
		any = true;
	}
	return any ? v : 0;	/* "// +build" alone: the tag "ignore" */
}

static const char *trim(const char *p, const char *e, const char **end)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\v' ||
			 *p == '\f'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
			 e[-1] == '\v' || e[-1] == '\f'))
		e--;
	*end = e;
	return p;
}

/* "//go:build" followed by space or the end (go/build isGoBuildComment). */
static bool is_gobuild(const char *l, size_t n)
{
	return n >= 10 && !memcmp(l, "//go:build", 10) &&
	       (n == 10 || l[10] == ' ' || l[10] == '\t');
}

/* The expression of a "// +build" line (constraint.splitPlusBuild). */
static bool plus_line(const char *l, size_t n, const char **x, size_t *xn)
{
	const char *e = l + n, *p;

	if (n < 2 || l[0] != '/' || l[1] != '/')
		return false;
	p = trim(l + 2, e, &e);
	if ((size_t)(e - p) < 6 || memcmp(p, "+build", 6))
		return false;
	p += 6;
	if (p < e && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\v' &&
	    *p != '\f')
		return false;
	*x = trim(p, e, &e);
	*xn = (size_t)(e - *x);
	return true;
}

int ls_header_build(const ls_buildctx *c, const char *p, size_t n)
{
	size_t pos = 0, end = 0;
	const char *gob = NULL;
	size_t gobn = 0;
	bool ended = false, in_star = false;

	/* go/build's parseFileHeader: the header ends at the last blank line
	 * before the first line with code; //go:build lines count anywhere
	 * in the leading comments. */
	while (pos < n) {
		const char *nl = memchr(p + pos, '\n', n - pos);
		size_t next = nl ? (size_t)(nl - p) + 1 : n;
		const char *le, *l = trim(p + pos, p + (nl ? next - 1 : n), &le);
		size_t ln = (size_t)(le - l);

		pos = next;
		if (!ln && !ended) {
			end = pos;
			continue;
		}
		if (ln < 2 || l[0] != '/' || l[1] != '/')
			ended = true;
		if (!in_star && is_gobuild(l, ln)) {
			if (gob)
				return -1;	/* errMultipleGoBuild */
			gob = l;
			gobn = ln;
		}
		/* Does code start on this line? */
		bool code = false;

		while (ln) {
			if (in_star) {
				const char *st = NULL;

				for (size_t k = 0; k + 1 < ln; k++)
					if (l[k] == '*' && l[k + 1] == '/') {
						st = l + k;
						break;
					}
				if (!st)
					break;
				in_star = false;
				l = trim(st + 2, l + ln, &le);
				ln = (size_t)(le - l);
				continue;
			}
			if (ln >= 2 && l[0] == '/' && l[1] == '/')
				break;
			if (ln >= 2 && l[0] == '/' && l[1] == '*') {
				in_star = true;
				l = trim(l + 2, l + ln, &le);
				ln = (size_t)(le - l);
				continue;
			}
			code = true;
			break;
		}
		if (code)
			break;
	}
	if (gob)
		return ls_buildexpr_eval(c, gob + 10, gobn - 10);
	/* No //go:build: every +build line of p[0..end) must hold. */
	for (pos = 0; pos < end;) {
		const char *nl = memchr(p + pos, '\n', end - pos);
		size_t next = nl ? (size_t)(nl - p) + 1 : end;
		const char *le, *l = trim(p + pos, p + (nl ? next - 1 : end), &le), *x;
		size_t xn;

		pos = next;
		if (plus_line(l, (size_t)(le - l), &x, &xn) &&
		    ls_plusbuild_eval(c, x, xn) == 0)
			return 0;
	}
	return 1;
}
