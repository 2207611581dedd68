/*
 * archive_reader.c - GNU, BSD and thin `ar` archives; see model/archive.h.
 *
 * Header layout (60 bytes): name[16] date[12] uid[6] gid[6] mode[8]
 * size[10] fmag[2] = "`\n".  Contents follow, padded to an even offset.
 * Names: GNU "foo.o/", "/123" (offset into the "//" table, entries end in
 * "/\n"), BSD "foo.o" padded with spaces or "#1/LEN" with the name stored
 * at the start of the contents.
 */
#include "../model/archive.h"

#include <stdio.h>
#include <string.h>

#define AR_MAGIC "!<arch>\n"
#define AR_THIN "!<thin>\n"
#define AR_HDR 60

bool ls_is_archive(ls_bytes f)
{
	return ls_match(f, 0, AR_MAGIC, 8) || ls_match(f, 0, AR_THIN, 8);
}

/* Parses a space-padded decimal field; false on anything else. */
static bool decfield(const uint8_t *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	bool any = false;

	while (i < n && p[i] >= '0' && p[i] <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(p[i] - '0');
		i++;
		any = true;
	}
	while (i < n && p[i] == ' ')
		i++;
	if (i != n || !any)
		return false;
	*out = v;
	return true;
}

/* Trailing spaces of a fixed-width name do not belong to it. */
static size_t rtrim(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

/*
 * Reads one raw header: its name field, sizes, and where the contents are.
 * Special members are resolved by the callers.
 */
static int read_header(const ls_archive *ar, uint64_t off, ls_member *m,
		       ls_diag *d)
{
	ls_bytes h;
	uint64_t size;

	memset(m, 0, sizeof *m);
	if (!ls_sub(ar->data, off, AR_HDR, &h))
		return ls_fail(d, off, "truncated archive member header");
	if (!ls_match(h, 58, "`\n", 2))
		return ls_fail(d, off + 58, "bad archive member header terminator");
	if (!decfield(ls_ptr(h, 48), 10, &size))
		return ls_fail(d, off + 48, "bad archive member size field");
	m->hdr_off = off;
	m->data_off = off + AR_HDR;
	m->size = size;
	m->name = (const char *)ls_ptr(h, 0);
	m->name_len = 16;
	return 0;
}

static bool special_name(const ls_member *m, const char *want)
{
	size_t n = strlen(want);
	return rtrim(m->name, 16) == n && memcmp(m->name, want, n) == 0;
}

/* Contents are stored inline for normal members and for the special
 * members of thin archives; a thin archive's ordinary members live in
 * their own files. */
static int inline_contents(const ls_archive *ar, ls_member *m, ls_diag *d)
{
	if (!ls_sub(ar->data, m->data_off, m->size, &m->data))
		return ls_fail(d, m->hdr_off + 48,
			       "archive member size %llu extends past end of file",
			       (unsigned long long)m->size);
	return 0;
}

static uint64_t next_header(const ls_member *m, bool stored)
{
	uint64_t end = m->data_off;
	if (stored)
		end += m->size;
	return end + (end & 1);
}

static int validate_symidx(ls_archive *ar, ls_diag *d)
{
	ls_bytes b = ar->symidx;
	uint64_t w = ar->symidx_kind == LS_SYMIDX_GNU64 ? 8 : 4;
	uint64_t n, tab, strs;

	if (ar->symidx_kind == LS_SYMIDX_BSD) {
		/* u32 ranlib-bytes, {u32 strx, u32 off}..., u32 str-bytes, strs.
		 * Byte order is the producer's; accept either by plausibility. */
		uint32_t rb;
		int order = LS_LE;
		if (!ls_u32(b, 0, order, &rb))
			return ls_fail(d, ar->symidx_off, "truncated BSD symbol index");
		if (rb > b.size) {
			order = LS_BE;
			ls_u32(b, 0, order, &rb);
		}
		if (rb % 8 || !ls_in(b, 4, rb))
			return ls_fail(d, ar->symidx_off,
				       "BSD symbol index size %u exceeds its member", rb);
		uint32_t sb;
		if (!ls_u32(b, 4 + (uint64_t)rb, order, &sb) ||
		    !ls_in(b, 8 + (uint64_t)rb, sb))
			return ls_fail(d, ar->symidx_off + 4 + rb,
				       "BSD symbol index string table exceeds its member");
		for (uint64_t i = 0; i < rb / 8; i++) {
			uint32_t off;
			ls_u32(b, 8 + i * 8, order, &off);
			if (!ls_in(ar->data, off, AR_HDR))
				return ls_fail(d, ar->symidx_off + 8 + i * 8,
					       "archive symbol index entry %llu points to offset 0x%x, past end of file",
					       (unsigned long long)i, off);
		}
		ar->nsyms = rb / 8;
		return 0;
	}
	if (!ls_word(b, 0, LS_BE, (int)w, &n))
		return ls_fail(d, ar->symidx_off, "truncated archive symbol index");
	if (!ls_mul_ok(n, w, &tab) || !ls_add_ok(tab, w, &tab) ||
	    !ls_in(b, 0, tab))
		return ls_fail(d, ar->symidx_off,
			       "archive symbol index count %llu exceeds its member size %llu",
			       (unsigned long long)n, (unsigned long long)b.size);
	/* Each name needs at least its NUL. */
	strs = b.size - tab;
	if (n > strs)
		return ls_fail(d, ar->symidx_off + tab,
			       "archive symbol index has %llu names but only %llu bytes of strings",
			       (unsigned long long)n, (unsigned long long)strs);
	uint64_t p = tab;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t moff;
		const char *s;
		size_t len;
		ls_word(b, w + i * w, LS_BE, (int)w, &moff);
		if (!ls_in(ar->data, moff, AR_HDR))
			return ls_fail(d, ar->symidx_off + w + i * w,
				       "archive symbol index entry %llu points to offset 0x%llx, past end of file",
				       (unsigned long long)i, (unsigned long long)moff);
		if (!ls_cstr(b, p, &s, &len))
			return ls_fail(d, ar->symidx_off + p,
				       "archive symbol index name %llu unterminated",
				       (unsigned long long)i);
		p += len + 1;
	}
	ar->nsyms = n;
	return 0;
}

/* Resolves the member's real name. */
static int resolve_name(const ls_archive *ar, ls_member *m, ls_diag *d)
{
	const char *f = m->name;

	if (f[0] == '/' && f[1] >= '0' && f[1] <= '9') {
		uint64_t lo;
		if (!decfield((const uint8_t *)f + 1, rtrim(f + 1, 15), &lo))
			return ls_fail(d, m->hdr_off, "bad long member name reference");
		if (ar->longnames.size == 0)
			return ls_fail(d, m->hdr_off,
				       "long member name reference /%llu but the archive has no long-name table",
				       (unsigned long long)lo);
		if (lo >= ar->longnames.size)
			return ls_fail(d, m->hdr_off,
				       "long member name offset %llu past the end of the long-name table (%llu bytes)",
				       (unsigned long long)lo,
				       (unsigned long long)ar->longnames.size);
		const char *s = (const char *)ls_ptr(ar->longnames, lo);
		const char *e = memchr(s, '\n', ar->longnames.size - lo);
		if (!e)
			return ls_fail(d, ar->longnames_off + lo,
				       "unterminated long member name");
		size_t n = (size_t)(e - s);
		if (n > 0 && s[n - 1] == '/')
			n--;
		m->name = s;
		m->name_len = n;
		return 0;
	}
	if (f[0] == '#' && f[1] == '1' && f[2] == '/') {
		uint64_t nl;
		if (!decfield((const uint8_t *)f + 3, rtrim(f + 3, 13), &nl) ||
		    nl > m->size || !ls_in(ar->data, m->data_off, nl))
			return ls_fail(d, m->hdr_off, "bad BSD long member name");
		const char *s = (const char *)ls_ptr(ar->data, m->data_off);
		size_t n = (size_t)nl;
		while (n > 0 && s[n - 1] == '\0')
			n--;
		m->name = s;
		m->name_len = n;
		m->data_off += nl;
		m->size -= nl;
		return 0;
	}
	/* GNU short names end in '/', BSD ones are space padded. */
	const char *slash = memchr(f, '/', 16);
	if (slash && slash != f)
		m->name_len = (size_t)(slash - f);
	else
		m->name_len = rtrim(f, 16);
	return 0;
}

int ls_archive_open(ls_archive *ar, ls_bytes file, ls_diag *d)
{
	uint64_t off = 8;
	ls_member m;

	memset(ar, 0, sizeof *ar);
	ar->data = file;
	if (ls_match(file, 0, AR_THIN, 8))
		ar->thin = true;
	else if (!ls_match(file, 0, AR_MAGIC, 8))
		return ls_fail(d, 0, "not an archive");

	/* Special members come first: index, then long names (either may be
	 * absent; BSD puts "__.SYMDEF" first). */
	for (int k = 0; k < 3 && off < file.size; k++) {
		if (read_header(ar, off, &m, d) < 0)
			return -1;
		if (special_name(&m, "/") || special_name(&m, "/SYM64/") ||
		    special_name(&m, "__.SYMDEF") ||
		    special_name(&m, "__.SYMDEF SORTED")) {
			if (ar->symidx_kind != LS_SYMIDX_NONE)
				break;	/* a second index is skipped as a special member */
			if (inline_contents(ar, &m, d) < 0)
				return -1;
			ar->symidx = m.data;
			ar->symidx_off = m.data_off;
			ar->symidx_kind = m.name[1] == 'S' ? LS_SYMIDX_GNU64
					  : m.name[0] == '/' ? LS_SYMIDX_GNU32
							     : LS_SYMIDX_BSD;
		} else if (special_name(&m, "//")) {
			if (inline_contents(ar, &m, d) < 0)
				return -1;
			ar->longnames = m.data;
			ar->longnames_off = m.data_off;
		} else if (memcmp(m.name, "#1/", 3) == 0) {
			/* BSD long name: "#1/__.SYMDEF SORTED" is the index. */
			if (resolve_name(ar, &m, d) < 0)
				return -1;
			if (m.name_len < 9 || memcmp(m.name, "__.SYMDEF", 9) != 0 ||
			    ar->symidx_kind != LS_SYMIDX_NONE)
				break;
			if (inline_contents(ar, &m, d) < 0)
				return -1;
			ar->symidx_kind = LS_SYMIDX_BSD;
			ar->symidx = m.data;
			ar->symidx_off = m.data_off;
		} else {
			break;
		}
		off = next_header(&m, true);
	}
	ar->first = off;
	if (ar->symidx_kind != LS_SYMIDX_NONE && validate_symidx(ar, d) < 0)
		return -1;
	return 0;
}

int ls_archive_member_at(const ls_archive *ar, uint64_t off, ls_member *m,
			 ls_diag *d)
{
	bool stored;

	if (read_header(ar, off, m, d) < 0)
		return -1;
	m->special = special_name(m, "/") || special_name(m, "//") ||
		     special_name(m, "/SYM64/");
	/* In thin archives only the special members carry their contents. */
	stored = !ar->thin || m->special;
	if (m->special)
		m->name_len = rtrim(m->name, 16);
	else if (resolve_name(ar, m, d) < 0)
		return -1;
	if (stored && inline_contents(ar, m, d) < 0)
		return -1;
	m->next = next_header(m, stored);
	return 0;
}

int ls_archive_next(const ls_archive *ar, uint64_t *cursor, ls_member *m,
		    ls_diag *d)
{
	for (;;) {
		if (*cursor >= ar->data.size)
			return 0;
		/* A lone padding byte at the very end is harmless. */
		if (ar->data.size - *cursor == 1 &&
		    ar->data.base[*cursor] == '\n')
			return 0;
		if (ls_archive_member_at(ar, *cursor, m, d) < 0)
			return -1;
		*cursor = m->next;
		if (!m->special)
			return 1;
	}
}

/* The BSD index's byte order is the producer's; validate_symidx chose it. */
static int bsd_order(const ls_archive *ar)
{
	uint32_t rb;
	ls_u32(ar->symidx, 0, LS_LE, &rb);
	return rb <= ar->symidx.size ? LS_LE : LS_BE;
}

void ls_archive_symiter_init(const ls_archive *ar, ls_symidx_iter *it)
{
	uint64_t w = ar->symidx_kind == LS_SYMIDX_GNU64 ? 8 : 4;

	it->i = 0;
	it->str = ar->symidx_kind == LS_SYMIDX_BSD ? 4 + ar->nsyms * 8 + 4
						   : w + ar->nsyms * w;
}

int ls_archive_symiter_next(const ls_archive *ar, ls_symidx_iter *it,
			    const char **name, uint64_t *member_off)
{
	uint64_t w = ar->symidx_kind == LS_SYMIDX_GNU64 ? 8 : 4;
	size_t len;

	if (ar->symidx_kind == LS_SYMIDX_NONE || it->i >= ar->nsyms)
		return 0;
	if (ar->symidx_kind == LS_SYMIDX_BSD) {
		int order = bsd_order(ar);
		uint32_t strx, off, strsize;
		ls_bytes strs;
		ls_u32(ar->symidx, 4 + it->i * 8, order, &strx);
		ls_u32(ar->symidx, 8 + it->i * 8, order, &off);
		ls_u32(ar->symidx, it->str - 4, order, &strsize);
		it->i++;
		/* Names live in the index's own string table, not beyond it. */
		if (!ls_sub(ar->symidx, it->str, strsize, &strs) ||
		    !ls_cstr(strs, strx, name, NULL))
			*name = "";
		*member_off = off;
		return 1;
	}
	ls_word(ar->symidx, w + it->i * w, LS_BE, (int)w, member_off);
	if (!ls_cstr(ar->symidx, it->str, name, &len))
		return 0;	/* validated at open; unreachable */
	it->str += len + 1;
	it->i++;
	return 1;
}

int ls_archive_symbol(const ls_archive *ar, uint64_t i, const char **name,
		      uint64_t *member_off)
{
	uint64_t w = ar->symidx_kind == LS_SYMIDX_GNU64 ? 8 : 4;

	if (ar->symidx_kind == LS_SYMIDX_NONE || i >= ar->nsyms ||
	    ar->symidx_kind == LS_SYMIDX_BSD)
		return -1;
	/* Names are consecutive; walking to the i-th is the caller's loop
	 * cost, done once when building a table. */
	uint64_t p = w + ar->nsyms * w;
	for (uint64_t k = 0; k < i; k++) {
		size_t len;
		const char *s;
		ls_cstr(ar->symidx, p, &s, &len);
		p += len + 1;
	}
	ls_cstr(ar->symidx, p, name, NULL);
	ls_word(ar->symidx, w + i * w, LS_BE, (int)w, member_off);
	return 0;
}

int ls_archive_thin_path(const char *archive_path, const ls_member *m,
			 char *buf, size_t bufsize)
{
	const char *slash = strrchr(archive_path, '/');
	int n;

	/* Absolute member names are used as they are. */
	if (m->name_len > 0 && m->name[0] == '/')
		n = snprintf(buf, bufsize, "%.*s", (int)m->name_len, m->name);
	else if (slash)
		n = snprintf(buf, bufsize, "%.*s/%.*s",
			     (int)(slash - archive_path), archive_path,
			     (int)m->name_len, m->name);
	else
		n = snprintf(buf, bufsize, "%.*s", (int)m->name_len, m->name);
	if (n < 0 || (size_t)n >= bufsize)
		return -1;
	return n;
}
