/*
 * nm_text.c - GNU nm's BSD and POSIX output (binutils nm.c print_*).
 *
 * Large files have hundreds of thousands of symbols, so values are
 * formatted by hand into the stdio buffer instead of through printf.
 */
#include "nm_text.h"
#include "../core/demangle.h"

#include <stdlib.h>
#include <string.h>

/* Zero-padded (BSD) or unpadded (POSIX) number in nm's radix. */
static void put_value(FILE *f, const ls_nm_fmt *fmt, int width, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[32];
	int n = 0, pad;

	pad = fmt->format == LS_NM_POSIX ? 0 : (width == 64 ? 16 : 8);
	if (fmt->radix == 'x' && pad && (pad == 16 || v >> 32 == 0)) {
		/* The hot path: fixed width, shifts instead of divisions. */
		for (int i = pad - 1; i >= 0; i--, v >>= 4)
			buf[i] = digits[v & 15];
		fwrite(buf, 1, (size_t)pad, f);
		return;
	}
	unsigned base = fmt->radix == 'd' ? 10 : fmt->radix == 'o' ? 8 : 16;
	do {
		buf[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (int i = n; i < pad; i++)
		putc_unlocked('0', f);
	while (n)
		putc_unlocked(buf[--n], f);
}

void ls_nm_object_header(FILE *f, const ls_nm_fmt *fmt, const char *path)
{
	if (!fmt->file_per_file || fmt->file_per_symbol)
		return;
	if (fmt->format == LS_NM_POSIX)
		fprintf(f, "%s:\n", path);
	else
		fprintf(f, "\n%s:\n", path);
}

void ls_nm_archive_header(FILE *f, const ls_nm_fmt *fmt, const char *path)
{
	if (fmt->format == LS_NM_BSD && fmt->file_per_file)
		fprintf(f, "\n%s:\n", path);
}

void ls_nm_member_header(FILE *f, const ls_nm_fmt *fmt, const char *archive,
			 const char *member)
{
	if (fmt->file_per_symbol)
		return;
	if (fmt->format == LS_NM_POSIX)
		fprintf(f, "%s[%s]:\n", archive, member);
	else
		fprintf(f, "\n%s:\n", member);
}

static void put_name(FILE *f, const ls_nm_fmt *fmt, const ls_object *o,
		     const ls_symlist *l, const ls_symentry *e)
{
	char *dem = NULL;
	const char *name = e->name;

	if (fmt->demangle && *name) {
		dem = ls_demangle(name);
		if (dem)
			name = dem;
	}
	fputs(name, f);
	free(dem);
	if (fmt->versions && l->tab == &o->dynsym) {
		ls_symbol s;
		ls_symclass c;
		const char *at;
		if (ls_symbol_get(o, l->tab, e->index, &s, NULL) == 0) {
			ls_symclass_of(o, &s, &c);
			const char *v = ls_symbol_version(o, &s, &c, &at);
			if (v && *v) {
				fputs(at, f);
				fputs(v, f);
			}
		}
	}
}

void ls_nm_armap_entry(FILE *f, const ls_nm_fmt *fmt, const char *symbol,
		       const char *member)
{
	char *dem = fmt->demangle && *symbol ? ls_demangle(symbol) : NULL;
	fprintf(f, "%s in %s\n", dem ? dem : symbol, member);
	free(dem);
}

void ls_nm_symbols(FILE *f, const ls_nm_fmt *fmt, const ls_syms_result *r,
		   const char *archive, const char *path)
{
	const ls_object *o = r->obj;
	const ls_symlist *l = &r->list;
	int width = o->elfclass == 2 ? 64 : 32;

	for (size_t i = 0; i < l->n; i++) {
		const ls_symentry *e = &l->v[i];
		bool und = ls_letter_undefined(e->letter);
		uint64_t value = fmt->size_sort && !fmt->print_size ? e->size
								    : e->value;

		if (fmt->file_per_symbol) {
			if (fmt->format == LS_NM_POSIX) {
				if (archive)
					fprintf(f, "%s[%s]: ", archive, path);
				else
					fprintf(f, "%s: ", path);
			} else {
				if (archive)
					fprintf(f, "%s:", archive);
				fprintf(f, "%s:", path);
			}
		}
		if (fmt->format == LS_NM_POSIX) {
			put_name(f, fmt, o, l, e);
			putc_unlocked(' ', f);
			putc_unlocked(e->letter, f);
			putc_unlocked(' ', f);
			if (und) {
				fputs("        ", f);
			} else {
				put_value(f, fmt, width, value);
				putc_unlocked(' ', f);
				if (e->size)
					put_value(f, fmt, width, e->size);
			}
		} else {
			if (und)
				fputs(width == 64 ? "                " : "        ", f);
			else
				put_value(f, fmt, width, value);
			putc_unlocked(' ', f);
			if (fmt->print_size && e->size) {
				put_value(f, fmt, width, e->size);
				putc_unlocked(' ', f);
			}
			putc_unlocked(e->letter, f);
			putc_unlocked(' ', f);
			put_name(f, fmt, o, l, e);
		}
		putc_unlocked('\n', f);
	}
}
