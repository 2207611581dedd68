/*
 * buildinfo.c - the .go.buildinfo blob of Go 1.13+ binaries: runtime
 * version, module lines and build settings, read as debug/buildinfo and
 * runtime/debug.ParseBuildInfo read them (the answer `go version -m` gives).
 *
 * The blob: a 16-aligned 32-byte header, "\xff Go buildinf:" (14 bytes),
 * pointer size, flags (0x1 big-endian, 0x2 inline strings).  Go 1.18+
 * follows the header with two uvarint-length strings (version, module
 * info); Go 1.13-1.17 stores at 16 and 16+ptrsize the virtual addresses of
 * two Go string headers {ptr, len}, read through the PT_LOAD segments.
 * The module info is framed by two 16-byte sentinels.
 *
 * Everything parsed lands in one allocation (the arena) whose size comes
 * from a dry run of the same parser over the blob, so there is no per-line
 * malloc and no input allocates more than a small multiple of its size.
 */
#include "gofacts.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

static const char bi_magic[14] = "\xff Go buildinf:";

enum {
	BI_HDR = 32,		/* header size */
	BI_ALIGN = 16,		/* the magic's alignment (virtual address) */
	BI_FLAG_BE = 0x1,
	BI_FLAG_INLINE = 0x2,
	BI_SENTINEL = 16,
};

/* Where the blob is looked for: bytes, their object offset and address. */
typedef struct bi_where {
	ls_bytes b;
	uint64_t off;
	uint64_t addr;
} bi_where;

/*
 * The container of the blob, as debug/buildinfo picks it for ELF: the
 * section .go.buildinfo, or, only for a file without section headers, the
 * first PT_LOAD that is writable and not executable.  1 found, 0 not.
 */
static int bi_container(const ls_object *obj, bi_where *w)
{
	for (uint32_t i = 0; i < obj->shnum; i++) {
		const ls_section *s = &obj->sections[i];
		if (strcmp(s->name, ".go.buildinfo") != 0)
			continue;
		if (s->type == SHT_NOBITS ||
		    !ls_sub(obj->file, s->offset, s->size, &w->b))
			return 0;
		w->off = s->offset;
		w->addr = s->addr;
		return 1;
	}
	if (obj->shnum != 0)
		return 0;
	for (uint32_t i = 0; i < obj->phnum; i++) {
		const ls_segment *s = &obj->segments[i];
		uint64_t n;
		if (s->type != PT_LOAD || (s->flags & (PF_X | PF_W)) != PF_W)
			continue;
		/* Only the part of the file image the file really has. */
		if (s->offset > obj->file.size)
			return 0;
		n = obj->file.size - s->offset;
		if (s->filesz < n)
			n = s->filesz;
		ls_sub(obj->file, s->offset, n, &w->b);
		w->off = s->offset;
		w->addr = s->vaddr;
		return 1;
	}
	return 0;
}

/* The first 16-aligned (by address) magic: its offset in w->b. */
static bool bi_search(const bi_where *w, uint64_t *at)
{
	uint64_t i = (BI_ALIGN - w->addr % BI_ALIGN) % BI_ALIGN;

	for (; ls_in(w->b, i, sizeof bi_magic); i += BI_ALIGN)
		if (ls_match(w->b, i, bi_magic, sizeof bi_magic)) {
			*at = i;
			return true;
		}
	return false;
}

/* encoding/binary.Uvarint: false when truncated or over 64 bits. */
static bool bi_uvarint(ls_bytes b, uint64_t off, uint64_t *v, uint64_t *n)
{
	uint64_t x = 0;
	unsigned shift = 0;

	for (unsigned i = 0; i < 10; i++) {
		uint8_t c;
		if (!ls_u8(b, off + i, &c))
			return false;
		if (c < 0x80) {
			if (i == 9 && c > 1)
				return false;
			*v = x | (uint64_t)c << shift;
			*n = i + 1;
			return true;
		}
		x |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	return false;
}

/* A string of the blob: bytes and their object offset. */
typedef struct bi_str {
	ls_bytes b;
	uint64_t off;
	bool ok;
} bi_str;

/* Go 1.18+: a uvarint length and the bytes, at *pos in w->b. */
static int bi_inline_str(const ls_object *obj, const bi_where *w,
			 uint64_t *pos, bi_str *s, const char *what,
			 ls_diag *d)
{
	uint64_t len, n;

	if (!bi_uvarint(w->b, *pos, &len, &n))
		return ls_fail(d, obj->base_off + w->off + *pos,
			       "Go build info: %s length truncated or overlong",
			       what);
	if (!ls_sub(w->b, *pos + n, len, &s->b))
		return ls_fail(d, obj->base_off + w->off + *pos,
			       "Go build info: %s (%llu bytes) extends past its container",
			       what, (unsigned long long)len);
	s->off = w->off + *pos + n;
	s->ok = true;
	*pos += n + len;
	return 0;
}

/* Go 1.13-1.17: a Go string header {ptr, len} at virtual address addr.
 * Unreadable (s->ok false) is not an error: debug/buildinfo returns "". */
static void bi_ptr_str(const ls_object *obj, int order, int ps, uint64_t addr,
		       bi_str *s)
{
	uint64_t p, n, off;
	ls_bytes hdr;

	s->ok = false;
	if (!ls_vaddr_bytes(obj, addr, 2 * (uint64_t)ps, &hdr, &off))
		return;
	ls_word(hdr, 0, order, ps, &p);
	ls_word(hdr, (uint64_t)ps, order, ps, &n);
	if (!ls_vaddr_bytes(obj, p, n, &s->b, &s->off))
		return;
	s->ok = true;
}

/* Parsing ---------------------------------------------------------------- */

/*
 * The parser runs twice over the same bytes: dry (counting what it would
 * store) and wet (storing into the arena sized from the dry counts).  One
 * code path for both keeps the two in step.
 */
typedef struct bi_out {
	bool dry;
	size_t ndeps, nreps, nsets, nchars;
	bool has_main;
	ls_gomodule *deps, *reps, *main;
	ls_gosetting *sets;
	char *chars;
	ls_gobuildinfo *bi;
} bi_out;

/* Stores n bytes and a NUL; in a dry run only counts them. */
static const char *bi_emit(bi_out *o, const uint8_t *p, size_t n)
{
	char *s;

	if (o->dry) {
		o->nchars += n + 1;
		return "";
	}
	s = o->chars + o->nchars;
	o->nchars += n + 1;
	if (n)
		memcpy(s, p, n);
	s[n] = 0;
	return s;
}

/* utf8.DecodeRuneInString: the rune, or U+FFFD with size 1 when invalid. */
static uint32_t bi_rune(const uint8_t *p, size_t n, size_t *size)
{
	uint8_t c = p[0], lo = 0x80, hi = 0xbf;
	size_t sz;
	uint32_t r;

	*size = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xc2 && c <= 0xdf) {
		sz = 2;
		r = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		sz = 3;
		r = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		sz = 4;
		r = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0xfffd;
	}
	if (n < sz || p[1] < lo || p[1] > hi)
		return 0xfffd;
	for (size_t i = 1; i < sz; i++) {
		if (i > 1 && (p[i] < 0x80 || p[i] > 0xbf))
			return 0xfffd;
		r = r << 6 | (p[i] & 0x3f);
	}
	*size = sz;
	return r;
}

static bool bi_valid_utf8(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t sz;
		if (bi_rune(p + i, n - i, &sz) == 0xfffd && sz == 1)
			return false;
		i += sz;
	}
	return true;
}

/* utf8.AppendRune for a valid rune; returns the bytes written. */
static size_t bi_put_rune(char *out, uint32_t r)
{
	uint8_t b[4];
	size_t n;

	if (r < 0x80) {
		b[0] = (uint8_t)r;
		n = 1;
	} else if (r < 0x800) {
		b[0] = (uint8_t)(0xc0 | r >> 6);
		b[1] = (uint8_t)(0x80 | (r & 0x3f));
		n = 2;
	} else if (r < 0x10000) {
		b[0] = (uint8_t)(0xe0 | r >> 12);
		b[1] = (uint8_t)(0x80 | (r >> 6 & 0x3f));
		b[2] = (uint8_t)(0x80 | (r & 0x3f));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xf0 | r >> 18);
		b[1] = (uint8_t)(0x80 | (r >> 12 & 0x3f));
		b[2] = (uint8_t)(0x80 | (r >> 6 & 0x3f));
		b[3] = (uint8_t)(0x80 | (r & 0x3f));
		n = 4;
	}
	if (out)
		memcpy(out, b, n);
	return n;
}

static int bi_unhex(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* strconv.UnquoteChar for quote '"' at s[0] (a backslash or a plain
 * byte): the value, whether it is a rune to encode, the bytes used. */
static bool bi_unquote_char(const uint8_t *s, size_t n, uint32_t *val,
			    bool *multi, size_t *used)
{
	*multi = false;
	if (s[0] >= 0x80) {
		*val = bi_rune(s, n, used);
		*multi = true;
		return true;
	}
	if (s[0] != '\\') {
		*val = s[0];
		*used = 1;
		return true;
	}
	if (n <= 1)
		return false;
	uint8_t c = s[1];
	size_t digits = 0;
	static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"";
	const char *e = c ? strchr(simple, c) : NULL;

	*used = 2;
	if (e && (e - simple) % 2 == 0) {
		*val = (uint8_t)e[1];
		return true;
	}
	if (c == 'x' || c == 'u' || c == 'U') {
		digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
		if (n - 2 < digits)
			return false;
		uint32_t v = 0;
		for (size_t j = 0; j < digits; j++) {
			int h = bi_unhex(s[2 + j]);
			if (h < 0)
				return false;
			v = v << 4 | (uint32_t)h;
		}
		*used = 2 + digits;
		*val = v;
		if (c == 'x')
			return true;
		/* utf8.ValidRune */
		if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return false;
		*multi = true;
		return true;
	}
	if (c >= '0' && c <= '7') {
		uint32_t v = c - '0';
		if (n - 2 < 2)
			return false;
		for (size_t j = 0; j < 2; j++) {
			if (s[2 + j] < '0' || s[2 + j] > '7')
				return false;
			v = v << 3 | (uint32_t)(s[2 + j] - '0');
		}
		if (v > 255)
			return false;
		*used = 4;
		*val = v;
		return true;
	}
	return false;
}

/*
 * strconv's unquote of the quoted string at the start of in[0..n): `raw`
 * (CRs dropped) or "interpreted".  Writes the value to out (NULL: only
 * measures) and sets *olen and *used (the quoted prefix's length).
 */
static bool bi_unquote(const uint8_t *in, size_t n, char *out, size_t *olen,
		       size_t *used)
{
	const uint8_t *e;
	size_t end, k = 0;

	if (n < 2 || (in[0] != '`' && in[0] != '"'))
		return false;
	e = memchr(in + 1, in[0], n - 1);
	if (!e)
		return false;
	end = (size_t)(e - in) + 1;
	if (in[0] == '`') {
		for (size_t i = 1; i < end - 1; i++)
			if (in[i] != '\r') {
				if (out)
					out[k] = (char)in[i];
				k++;
			}
		*olen = k;
		*used = end;
		return true;
	}
	if (!memchr(in, '\\', end) && !memchr(in, '\n', end) &&
	    bi_valid_utf8(in + 1, end - 2)) {
		if (out)
			memcpy(out, in + 1, end - 2);
		*olen = end - 2;
		*used = end;
		return true;
	}
	size_t i = 1;
	while (i < n && in[i] != '"') {
		uint32_t r;
		bool multi;
		size_t adv;
		if (in[i] == '\n' ||
		    !bi_unquote_char(in + i, n - i, &r, &multi, &adv))
			return false;
		i += adv;
		if (r < 0x80 || !multi) {
			if (out)
				out[k] = (char)r;
			k++;
		} else {
			k += bi_put_rune(out ? out + k : NULL, r);
		}
	}
	if (i >= n)
		return false;
	*olen = k;
	*used = i + 1;
	return true;
}

/* Stores the unquoted value of a quoted string known to be valid. */
static const char *bi_emit_unquoted(bi_out *o, const uint8_t *p, size_t n)
{
	size_t len, used;
	char *s;

	bi_unquote(p, n, NULL, &len, &used);
	if (o->dry) {
		o->nchars += len + 1;
		return "";
	}
	s = o->chars + o->nchars;
	o->nchars += len + 1;
	bi_unquote(p, n, s, &len, &used);
	s[len] = 0;
	return s;
}

static bool bi_has_any(const uint8_t *p, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] && strchr(set, p[i]))
			return true;
	return false;
}

/* strings.Split(s, "\t") into at most 3 fields; returns the field count
 * (4 meaning "more than 3"). */
static int bi_split(const uint8_t *p, size_t n, const uint8_t *f[3],
		    size_t fl[3])
{
	int k = 0;
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && p[i] != '\t')
			continue;
		if (k == 3)
			return 4;
		f[k] = p + start;
		fl[k] = i - start;
		k++;
		start = i + 1;
	}
	return k;
}

static void bi_module(bi_out *o, ls_gomodule *m, const uint8_t *f[3],
		      const size_t fl[3], int nf)
{
	static const uint8_t none[1];
	const char *path = bi_emit(o, f[0], fl[0]);
	const char *ver = bi_emit(o, f[1], fl[1]);
	const char *sum = nf == 3 ? bi_emit(o, f[2], fl[2])
				  : bi_emit(o, none, 0);

	if (o->dry)
		return;
	m->path = path;
	m->version = ver;
	m->sum = sum;
	m->replace = NULL;
}

/* A `build\tKEY=VALUE` line (kv is what follows the tab). */
static const char *bi_setting(bi_out *o, const uint8_t *kv, size_t n)
{
	const uint8_t *key, *raw;
	size_t klen, rlen, used, len;
	bool kquoted = false;

	if (n < 1)
		return "build line missing '='";
	if (kv[0] == '=')
		return "build line with missing key";
	if (kv[0] == '`' || kv[0] == '"') {
		if (!bi_unquote(kv, n, NULL, &len, &used))
			return "invalid quoted key in build line";
		if (used == n)
			return "build line missing '=' after quoted key";
		if (kv[used] != '=')
			return "unexpected character after quoted key";
		key = kv;
		klen = used;
		kquoted = true;
	} else {
		const uint8_t *eq = memchr(kv, '=', n);
		if (!eq)
			return "build line missing '=' after key";
		key = kv;
		klen = (size_t)(eq - kv);
		if (bi_has_any(key, klen, "= \t\r\n\"`"))
			return "unquoted key must be quoted";
	}
	raw = kv + klen + 1;
	rlen = n - klen - 1;
	bool vquoted = rlen > 0 && (raw[0] == '`' || raw[0] == '"');
	if (vquoted) {
		if (!bi_unquote(raw, rlen, NULL, &len, &used) || used != rlen)
			return "invalid quoted value in build line";
	} else if (bi_has_any(raw, rlen, " \t\r\n\"`")) {
		return "unquoted value must be quoted";
	}

	const char *k = kquoted ? bi_emit_unquoted(o, key, klen)
				: bi_emit(o, key, klen);
	const char *v = vquoted ? bi_emit_unquoted(o, raw, rlen)
				: bi_emit(o, raw, rlen);
	if (!o->dry) {
		o->sets[o->nsets].key = k;
		o->sets[o->nsets].value = v;
	}
	o->nsets++;
	return NULL;
}

/* One line (without its newline); returns an error message or NULL. */
static const char *bi_line(bi_out *o, const uint8_t *p, size_t n,
			   ls_gomodule **last, bool *have_last)
{
	const uint8_t *f[3];
	size_t fl[3];
	int nf;

#define BI_PREFIX(s) (n >= sizeof s - 1 && memcmp(p, s, sizeof s - 1) == 0)
	if (BI_PREFIX("path\t")) {
		const char *s = bi_emit(o, p + 5, n - 5);
		if (!o->dry)
			o->bi->path = s;
	} else if (BI_PREFIX("mod\t") || BI_PREFIX("dep\t")) {
		bool dep = p[0] == 'd';
		nf = bi_split(p + 4, n - 4, f, fl);
		if (nf != 2 && nf != 3)
			return "expected 2 or 3 columns in module line";
		ls_gomodule *m = NULL;
		if (dep) {
			if (!o->dry)
				m = &o->deps[o->ndeps];
			o->ndeps++;
		} else {
			o->has_main = true;
			m = o->main;
		}
		bi_module(o, m, f, fl, nf);
		*last = m;
		*have_last = true;
	} else if (BI_PREFIX("=>\t")) {
		nf = bi_split(p + 3, n - 3, f, fl);
		if (nf != 3)
			return "expected 3 columns for replacement";
		if (!*have_last)
			return "replacement with no module on previous line";
		ls_gomodule *r = o->dry ? NULL : &o->reps[o->nreps];
		o->nreps++;
		bi_module(o, r, f, fl, nf);
		if (!o->dry)
			(*last)->replace = r;
		*last = NULL;
		*have_last = false;
	} else if (BI_PREFIX("build\t")) {
		return bi_setting(o, p + 6, n - 6);
	}
#undef BI_PREFIX
	return NULL;
}

/* ParseBuildInfo over the module info: lines end with '\n' (a last line
 * without one is ignored, as Go does). */
static int bi_parse(const ls_object *obj, const bi_str *mod, bi_out *o,
		    ls_diag *d)
{
	ls_gomodule *last = NULL;
	bool have_last = false;
	uint64_t pos = 0;
	size_t lineno = 1;

	while (mod->ok && pos < mod->b.size) {
		const uint8_t *p = ls_ptr(mod->b, pos);
		const uint8_t *nl = memchr(p, '\n', mod->b.size - pos);
		if (!nl)
			break;
		size_t n = (size_t)(nl - p);
		const char *err = bi_line(o, p, n, &last, &have_last);
		if (err)
			return ls_fail(d, obj->base_off + mod->off + pos,
				       "Go build info line %zu: %s", lineno,
				       err);
		pos += n + 1;
		lineno++;
	}
	return 0;
}

/* Dry run, one allocation, wet run. */
static int bi_store(const ls_object *obj, const bi_str *vers,
		    const bi_str *mod, ls_gobuildinfo *bi, ls_diag *d)
{
	bi_out o = { .dry = true, .bi = bi };
	size_t nmods, size;

	if (bi_parse(obj, mod, &o, d) < 0)
		return -1;
	nmods = o.ndeps + o.nreps + (o.has_main ? 1 : 0);
	size = nmods * sizeof(ls_gomodule) + o.nsets * sizeof(ls_gosetting) +
	       o.nchars + (vers->ok ? vers->b.size + 1 : 0) + 1;
	bi->arena = malloc(size);
	if (!bi->arena)
		return ls_fail(d, obj->base_off + bi->offset,
			       "out of memory for Go build info (%zu bytes)",
			       size);

	bi_out w = { .dry = false, .bi = bi };
	w.deps = (ls_gomodule *)(void *)bi->arena;
	w.reps = w.deps + o.ndeps;
	w.main = o.has_main ? w.reps + o.nreps : NULL;
	w.sets = (ls_gosetting *)(void *)(w.reps + o.nreps +
					  (o.has_main ? 1 : 0));
	w.chars = (char *)(w.sets + o.nsets);
	if (vers->ok)
		bi->go_version = bi_emit(&w, vers->b.base, vers->b.size);
	if (bi_parse(obj, mod, &w, d) < 0)
		return -1;	/* cannot happen: the dry run passed */
	bi->main = w.main;
	bi->deps = w.deps;
	bi->ndeps = w.ndeps;
	bi->settings = w.sets;
	bi->nsettings = w.nsets;
	return 0;
}

/* The header at w->b[at]: the two strings, inline or through pointers. */
static int bi_strings(const ls_object *obj, const bi_where *w, uint64_t at,
		      bi_str *vers, bi_str *mod, ls_diag *d)
{
	uint8_t ps = 0, flags = 0;
	uint64_t pos = at + BI_HDR;

	if (!ls_in(w->b, at, BI_HDR))
		return ls_fail(d, obj->base_off + w->off + at,
			       "Go build info header truncated");
	ls_u8(w->b, at + 14, &ps);
	ls_u8(w->b, at + 15, &flags);
	if (flags & BI_FLAG_INLINE) {
		if (bi_inline_str(obj, w, &pos, vers, "version", d) < 0 ||
		    bi_inline_str(obj, w, &pos, mod, "module info", d) < 0)
			return -1;
		return 0;
	}
	if (ps != 4 && ps != 8)
		return ls_fail(d, obj->base_off + w->off + at + 14,
			       "Go build info: pointer size %u is not 4 or 8",
			       ps);
	int order = flags & BI_FLAG_BE ? LS_BE : LS_LE;
	uint64_t va, ma;
	ls_word(w->b, at + 16, order, ps, &va);
	ls_word(w->b, at + 16 + ps, order, ps, &ma);
	bi_ptr_str(obj, order, ps, va, vers);
	bi_ptr_str(obj, order, ps, ma, mod);
	return 0;
}

int ls_gobuildinfo_read(const ls_object *obj, ls_gobuildinfo *out,
			ls_diag *d)
{
	bi_where w;
	bi_str vers = { 0 }, mod = { 0 };
	uint64_t at;

	memset(out, 0, sizeof *out);
	if (!bi_container(obj, &w) || !bi_search(&w, &at))
		return 0;
	out->present = true;
	out->offset = w.off + at;
	if (bi_strings(obj, &w, at, &vers, &mod, d) < 0)
		return -1;
	/* debug/buildinfo: an empty version is "not a Go executable"; we
	 * keep the blob as present with an unreadable version. */
	if (vers.ok && vers.b.size == 0)
		vers.ok = false;
	/* Strip the sentinels; unframed module info counts as none. */
	if (mod.ok && mod.b.size >= 2 * BI_SENTINEL + 1 &&
	    mod.b.base[mod.b.size - BI_SENTINEL - 1] == '\n') {
		ls_sub(mod.b, BI_SENTINEL, mod.b.size - 2 * BI_SENTINEL, &mod.b);
		mod.off += BI_SENTINEL;
	} else {
		mod.ok = false;
	}
	return bi_store(obj, &vers, &mod, out, d);
}

void ls_gobuildinfo_free(ls_gobuildinfo *bi)
{
	free(bi->arena);
	memset(bi, 0, sizeof *bi);
}

const char *ls_gobuildinfo_setting(const ls_gobuildinfo *bi, const char *key)
{
	for (size_t i = 0; i < bi->nsettings; i++)
		if (strcmp(bi->settings[i].key, key) == 0)
			return bi->settings[i].value;
	return NULL;
}
