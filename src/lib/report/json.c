/*
 * json.c - streaming JSON writer; see json.h.
 *
 * Strings from inspected files are arbitrary bytes.  Control characters
 * are escaped; bytes that do not form valid UTF-8 are written as \u00XX
 * (Latin-1 reading) so the output is always valid JSON.
 */
#include "json.h"
#include "../version.h"

void ls_json_init(ls_json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
	j->pretty = pretty;
}

void ls_json_init_at(ls_json *j, FILE *f, bool pretty, int depth)
{
	ls_json_init(j, f, pretty);
	j->depth = depth > 0 && depth < LS_JSON_MAXDEPTH ? depth : 0;
	j->first[j->depth] = true;
}

static void indent(ls_json *j)
{
	if (!j->pretty)
		return;
	putc_unlocked('\n', j->f);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Separator before a value or key at the current level. */
static void pre(ls_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		putc_unlocked(',', j->f);
	j->first[j->depth] = false;
	if (j->depth > 0)
		indent(j);
}

static void open(ls_json *j, char c)
{
	pre(j);
	putc_unlocked(c, j->f);
	if (j->depth < LS_JSON_MAXDEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(ls_json *j, char c)
{
	bool empty = j->first[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (!empty)
		indent(j);
	putc_unlocked(c, j->f);
}

void ls_json_begin_object(ls_json *j) { open(j, '{'); }
void ls_json_end_object(ls_json *j) { close_(j, '}'); }
void ls_json_begin_array(ls_json *j) { open(j, '['); }
void ls_json_end_array(ls_json *j) { close_(j, ']'); }

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0.
 */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (len > avail || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

static void put_escaped(ls_json *j, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	FILE *f = j->f;

	putc_unlocked('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (c == '"' || c == '\\') {
			putc_unlocked('\\', f);
			putc_unlocked((int)c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\t') {
			fputs("\\t", f);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
		} else if (c < 0x80) {
			putc_unlocked((int)c, f);
		} else {
			/* Pass well-formed UTF-8 through; escape stray bytes. */
			size_t len = utf8_len(s + i, n - i);
			bool ok = len != 0;
			if (ok) {
				fwrite(s + i, 1, len, f);
				i += len - 1;
			} else {
				fputs("\\u00", f);
				putc_unlocked(hex[c >> 4], f);
				putc_unlocked(hex[c & 15], f);
			}
		}
	}
	putc_unlocked('"', f);
}

void ls_json_key(ls_json *j, const char *key)
{
	pre(j);
	put_escaped(j, (const unsigned char *)key, __builtin_strlen(key));
	putc_unlocked(':', j->f);
	if (j->pretty)
		putc_unlocked(' ', j->f);
	j->after_key = true;
}

void ls_json_string_n(ls_json *j, const char *s, size_t n)
{
	pre(j);
	put_escaped(j, (const unsigned char *)s, n);
}

void ls_json_string(ls_json *j, const char *s)
{
	if (!s) {
		ls_json_null(j);
		return;
	}
	ls_json_string_n(j, s, __builtin_strlen(s));
}

void ls_json_uint(ls_json *j, uint64_t v)
{
	pre(j);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void ls_json_int(ls_json *j, int64_t v)
{
	pre(j);
	fprintf(j->f, "%lld", (long long)v);
}

void ls_json_bool(ls_json *j, bool v)
{
	pre(j);
	fputs(v ? "true" : "false", j->f);
}

void ls_json_null(ls_json *j)
{
	pre(j);
	fputs("null", j->f);
}

void ls_json_finish(ls_json *j)
{
	putc_unlocked('\n', j->f);
	fflush(j->f);
}

void ls_json_key_string(ls_json *j, const char *key, const char *s)
{
	ls_json_key(j, key);
	if (s)
		ls_json_string(j, s);
	else
		ls_json_null(j);
}

void ls_json_raw(ls_json *j, const char *s, size_t n)
{
	if (!n)
		return;
	pre(j);
	fwrite(s, 1, n, j->f);
}

/* The one envelope: a reader tells linkscope's documents apart by
 * "command" and their versions by "schema_version" (docs/json-*.md). */
void ls_json_envelope(ls_json *j, const char *command, unsigned schema_version)
{
	ls_json_begin_object(j);
	ls_json_key(j, "schema_version");
	ls_json_uint(j, schema_version);
	ls_json_key_string(j, "tool", "linkscope");
	ls_json_key_string(j, "version", LS_VERSION);
	ls_json_key_string(j, "command", command);
}

void ls_json_input_error(ls_json *j, const char *file, const char *member,
			 const char *message, bool has_offset, uint64_t offset)
{
	ls_json_begin_object(j);
	ls_json_key_string(j, "file", file);
	ls_json_key_string(j, "member", member);
	ls_json_key_string(j, "message", message);
	ls_json_key(j, "offset");
	if (has_offset)
		ls_json_uint(j, offset);
	else
		ls_json_null(j);
	ls_json_end_object(j);
}

void ls_json_errors(ls_json *j, const char *frag, size_t n)
{
	ls_json_key(j, "errors");
	ls_json_begin_array(j);
	ls_json_raw(j, frag, n);
	ls_json_end_array(j);
}

void ls_json_files_begin(ls_json *j, const char *command, unsigned schema_version)
{
	ls_json_envelope(j, command, schema_version);
	ls_json_key(j, "files");
	ls_json_begin_array(j);
}

void ls_json_files_end(ls_json *j, const char *errs, size_t n)
{
	ls_json_end_array(j);	/* files */
	ls_json_errors(j, errs, n);
	ls_json_end_object(j);
	ls_json_finish(j);
}
