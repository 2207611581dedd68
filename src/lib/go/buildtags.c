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
