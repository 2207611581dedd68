/*
 * fuzz_ldscript.c - libFuzzer target: the linker-script reader
 * (src/lib/link/ldscript.c, ldscript_sections.c) and the expression
 * reader under it (src/lib/link/ldexpr.c) on arbitrary bytes.
 *
 * ls_ldscript_detect on the input (it looks at the first 64 KiB only),
 * then ls_ldscript_parse whatever detect said, as the link does for a
 * file detect accepted: every entry, SEARCH_DIR, assignment (and each name
 * its value reads), reference (EXTERN, ENTRY, ASSERT, other expressions)
 * and input section description (file, excluded files, flags, section
 * patterns and their exclusions) it returns is read to its end, the flags
 * and kinds are checked against each other, every offset must lie inside
 * the input, and a failure must leave the result empty and give a message
 * (with an offset inside the input when it has one).
 *
 * The expression reader is also fed directly, as --defsym feeds it: the
 * whole input as one expression (ls_ldexpr_symbols) and as a --defsym
 * argument (ls_ldexpr_defsym_parse), and the bytes after the first '=' up
 * to the next ';' as an expression.  Every name it reports must be
 * non-empty, inside the text, reported once, and at most
 * LS_LDEXPR_MAX_REFS (+1, the symbol of a compound assignment) of them.
 * Nothing is written; everything is freed per input (leak detection is
 * on).  Build with fuzz/build.sh.
 */
#include "link/ldexpr.h"
#include "link/ldscript.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Makes reads of returned strings observable (ASan sees every byte). */
static volatile size_t fz_sink;

static size_t name_len(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		abort();
	return n;
}

static void names(char **v, size_t n)
{
	if (n && !v)
		abort();
	for (size_t i = 0; i < n; i++)
		fz_sink += name_len(v[i]);
}

/* What the expression reader reported for one text. */
struct seen {
	const char *text;
	size_t len;
	const char *names[LS_LDEXPR_MAX_REFS + 1];
	size_t lens[LS_LDEXPR_MAX_REFS + 1];
	size_t n;
};

static int on_ref(void *arg, const char *name, size_t len, uint64_t off)
{
	struct seen *s = arg;

	if (len == 0 || !name || name < s->text || off > s->len ||
	    len > s->len - off || name != s->text + off)
		abort();
	if (s->n >= LS_LDEXPR_MAX_REFS + 1)
		abort();
	for (size_t i = 0; i < s->n; i++)
		if (s->lens[i] == len && !memcmp(s->names[i], name, len))
			abort();	/* each name once per expression */
	s->names[s->n] = name;
	s->lens[s->n] = len;
	s->n++;
	for (size_t i = 0; i < len; i++)
		fz_sink += (unsigned char)name[i];
	return 0;
}

static void check_diag(const ls_diag *d, size_t size)
{
	if (!d->msg[0])
		abort();
	if (d->has_offset && d->offset > size)
		abort();
	fz_sink += strlen(d->msg);
}

static void expressions(const uint8_t *data, size_t size)
{
	static struct seen s;
	ls_ldexpr_defsym ds;
	ls_diag d;

	memset(&d, 0, sizeof d);
	s.text = (const char *)data;
	s.len = size;
	s.n = 0;
	if (ls_ldexpr_symbols(s.text, size, on_ref, &s, &d) < 0)
		check_diag(&d, size);

	memset(&d, 0, sizeof d);
	s.n = 0;
	if (ls_ldexpr_defsym_parse(s.text, size, &ds, on_ref, &s, &d) < 0) {
		check_diag(&d, size);
	} else {
		if (ds.name_len == 0 || ds.name_off > size ||
		    ds.name_len > size - ds.name_off || (unsigned)ds.kind > LS_LD_HIDDEN)
			abort();
		if (ds.op[0] == 0 || strlen(ds.op) > 3 ||
		    (ds.op[1] == 0 && ds.op[0] != '='))
			abort();
		/* A compound operator reads the symbol first. */
		if (ds.op[1] && (s.n == 0 || s.lens[0] != ds.name_len ||
				 memcmp(s.names[0], data + ds.name_off, ds.name_len)))
			abort();
	}

	/* The value of the first assignment-looking thing. */
	const uint8_t *eq = memchr(data, '=', size);
	if (eq) {
		size_t from = (size_t)(eq - data) + 1;
		const uint8_t *semi = memchr(data + from, ';', size - from);
		size_t to = semi ? (size_t)(semi - data) : size;
		memset(&d, 0, sizeof d);
		s.text = (const char *)data + from;
		s.len = to - from;
		s.n = 0;
		if (ls_ldexpr_symbols(s.text, s.len, on_ref, &s, &d) < 0)
			check_diag(&d, s.len);
	}
}

static void check_script(const ls_ldscript *s, size_t size)
{
	size_t groups = 0;

	for (size_t i = 0; i < s->nentries; i++) {
		const ls_ldscript_entry *e = &s->entries[i];
		size_t n = strlen(e->name);

		/* "-l" alone is a file name, not a library. */
		if (e->is_lib && !n)
			abort();
		if ((e->group_start || e->group_end) && !e->group)
			abort();
		if (e->group_start)
			groups++;
		if (e->group_end) {
			if (!groups)
				abort();
			groups--;
		}
		fz_sink += n + e->as_needed;
	}
	if (groups)
		abort();
	for (size_t i = 0; i < s->nsearch_dirs; i++)
		fz_sink += strlen(s->search_dirs[i]);

	for (size_t i = 0; i < s->nassigns; i++) {
		const ls_ldscript_assign *a = &s->assigns[i];
		size_t oplen = strlen(a->op);

		if (!strcmp(a->name, ".") || a->offset >= size ||
		    (unsigned)a->kind > LS_LD_HIDDEN)
			abort();
		fz_sink += name_len(a->name);
		if (oplen == 0 || oplen > 3 || (oplen == 1 && a->op[0] != '=') ||
		    (a->kind != LS_LD_ASSIGN && strcmp(a->op, "=")))
			abort();
		if (a->section) {
			if (!a->in_sections)
				abort();
			fz_sink += name_len(a->section);
		}
		names(a->refs, a->nrefs);
		if (a->nrefs > LS_LDEXPR_MAX_REFS + 1)
			abort();
		for (size_t j = 0; j < a->nrefs; j++)
			for (size_t k = j + 1; k < a->nrefs; k++)
				if (!strcmp(a->refs[j], a->refs[k]))
					abort();
		/* a += e reads a, first. */
		if (oplen > 1 && (a->nrefs == 0 || strcmp(a->refs[0], a->name)))
			abort();
	}
	for (size_t i = 0; i < s->nrefs; i++) {
		const ls_ldscript_ref *r = &s->refs[i];

		if ((unsigned)r->kind > LS_LDS_REF_EXPR || r->offset >= size)
			abort();
		fz_sink += name_len(r->name);
	}
	for (size_t i = 0; i < s->ninsecs; i++) {
		const ls_ldscript_insec *e = &s->insecs[i];

		if (e->offset >= size || !s->has_sections)
			abort();
		if (e->discard != !strcmp(e->output, "/DISCARD/"))
			abort();
		fz_sink += name_len(e->output) + name_len(e->file) + e->keep;
		names(e->exclude_files, e->nexclude_files);
		names(e->flags, e->nflags);
		if (e->nsections && !e->sections)
			abort();
		for (size_t j = 0; j < e->nsections; j++) {
			fz_sink += name_len(e->sections[j].pattern);
			names(e->sections[j].exclude_files, e->sections[j].nexclude_files);
		}
	}
	fz_sink += s->has_sections + s->has_insert + s->has_version;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ls_bytes b = { data, size };
	ls_ldscript s;
	ls_diag d = { 0 };

	fz_sink += ls_ldscript_detect(b);
	if (ls_ldscript_parse(b, &s, &d) < 0) {
		if (s.nentries || s.entries || s.nsearch_dirs || s.search_dirs ||
		    s.nassigns || s.assigns || s.nrefs || s.refs || s.ninsecs ||
		    s.insecs || s.has_sections || s.has_insert || s.has_version)
			abort();
		check_diag(&d, size);
	} else {
		check_script(&s, size);
		ls_ldscript_free(&s);
	}
	expressions(data, size);
	return 0;
}
