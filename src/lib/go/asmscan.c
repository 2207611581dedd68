/*
 * asmscan.c - symbols of a Go assembly file (see asmscan.h).  The names
 * are those of cmd/asm's lexer (cmd/asm/internal/lex: `·` and `∕` in
 * identifiers) and of its operand parser (cmd/asm/internal/asm/parse.go:
 * symbol[+offset](SB), with <> for file-local and <ABI> selectors).
 */
#include "asmscan.h"

#include <string.h>

static bool name_byte(uint8_t c)
{
	return c == '_' || c == '.' || c == '/' || (c >= '0' && c <= '9') ||
	       (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* The linker's name of s[0..n) into buf ("" for a file-local or bad name):
 * a leading `·` is the package itself. */
static size_t link_name(const char *s, size_t n, const char *pkg, char *buf,
			size_t cap, bool *abi_internal)
{
	size_t k = 0, i = 0;

	*abi_internal = false;
	if (n >= 2 && (uint8_t)s[0] == 0xc2 && (uint8_t)s[1] == 0xb7) {
		size_t pl = strlen(pkg);

		if (pl + 1 >= cap)
			return 0;
		memcpy(buf, pkg, pl);
		k = pl;
	}
	while (i < n) {
		uint8_t c = (uint8_t)s[i];

		if (c == '<') {
			if (i + 1 < n && s[i + 1] == '>')
				return 0;
			*abi_internal = n - i >= 13 && !memcmp(s + i, "<ABIInternal>", 13);
			break;
		}
		if (k + 1 >= cap)
			return 0;
		if (c == 0xc2 && i + 1 < n && (uint8_t)s[i + 1] == 0xb7) {
			buf[k++] = '.';
			i += 2;
		} else if (c == 0xe2 && i + 2 < n && (uint8_t)s[i + 1] == 0x88 &&
			   (uint8_t)s[i + 2] == 0x95) {
			buf[k++] = '/';
			i += 3;
		} else if (c < 0x80 && name_byte(c)) {
			buf[k++] = (char)c;
			i++;
		} else {
			return 0;	/* other UTF-8, a macro argument or worse */
		}
	}
	buf[k] = 0;
	return k;
}

/* Every "NAME[+-off](SB)" of l[0..n), the first one at *first. */
static void operands(const char *l, size_t n, const char *pkg, bool def,
		     bool text, uint32_t line,
		     void (*fn)(void *, const ls_asmsym *), void *ctx)
{
	char buf[1024];
	bool first = true;

	for (size_t i = 0; i + 4 <= n; i++) {
		if (memcmp(l + i, "(SB)", 4))
			continue;
		size_t e = i;

		/* An offset: +8, -16, +const (digits and names). */
		size_t j = e;

		while (j > 0 && (name_byte((uint8_t)l[j - 1]) && l[j - 1] != '.' &&
				 l[j - 1] != '/' && (uint8_t)l[j - 1] < 0x80))
			j--;
		if (j > 0 && (l[j - 1] == '+' || l[j - 1] == '-') && j < e)
			e = j - 1;
		/* The name, back to a byte that cannot be in it. */
		size_t st = e;

		while (st > 0 && (name_byte((uint8_t)l[st - 1]) || l[st - 1] == '<' ||
				  l[st - 1] == '>'))
			st--;
		if (st == e)
			continue;
		ls_asmsym s = { buf, 0, def && first, text && first, false, line };

		s.n = link_name(l + st, e - st, pkg, buf, sizeof buf, &s.abi_internal);
		first = false;
		if (s.n)
			fn(ctx, &s);
	}
}

void ls_asm_scan(const char *p, size_t n, const char *pkg,
		 void (*fn)(void *ctx, const ls_asmsym *s), void *ctx)
{
	size_t i = 0;
	uint32_t line = 0;
	bool in_star = false, in_define = false;
	char clean[4096];

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - p) : n, k = 0;

		line++;
		/* The line without comments (block comments may span lines). */
		for (size_t j = i; j < e && k < sizeof clean; j++) {
			if (in_star) {
				if (p[j] == '*' && j + 1 < e && p[j + 1] == '/') {
					in_star = false;
					j++;
				}
				continue;
			}
			if (p[j] == '/' && j + 1 < e && p[j + 1] == '/')
				break;
			if (p[j] == '/' && j + 1 < e && p[j + 1] == '*') {
				in_star = true;
				j++;
				continue;
			}
			clean[k++] = p[j];
		}
		i = e + 1;
		size_t a = 0;

		while (a < k && (clean[a] == ' ' || clean[a] == '\t'))
			a++;
		while (k > a && (clean[k - 1] == ' ' || clean[k - 1] == '\t' ||
				 clean[k - 1] == '\r'))
			k--;
		/* #define bodies continue over backslash-newlines. */
		bool cont = k > a && clean[k - 1] == '\\';

		if (in_define || (a < k && clean[a] == '#')) {
			in_define = cont;
			continue;
		}
		const char *l = clean + a;
		size_t ll = k - a;
		bool text = ll > 5 && !memcmp(l, "TEXT", 4) && (l[4] == ' ' || l[4] == '\t');
		bool def = text ||
			   (ll > 6 && !memcmp(l, "GLOBL", 5) && (l[5] == ' ' || l[5] == '\t')) ||
			   (ll > 5 && !memcmp(l, "DATA", 4) && (l[4] == ' ' || l[4] == '\t'));

		operands(l, ll, pkg, def, text, line, fn, ctx);
	}
}
