/*
 * json.h - a small streaming JSON writer.
 *
 * Output is written as it is produced (no document tree), so a report on
 * a million symbols costs no memory beyond the stdio buffer.  The writer
 * tracks nesting to place commas; callers only say what comes next.
 */
#ifndef LS_JSON_H
#define LS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LS_JSON_MAXDEPTH 32

typedef struct ls_json {
	FILE *f;
	int depth;
	bool first[LS_JSON_MAXDEPTH];
	bool after_key;
	bool pretty;
} ls_json;

void ls_json_init(ls_json *j, FILE *f, bool pretty);
/* A writer for a fragment that will sit at nesting depth inside a
 * document written elsewhere (e.g. one array element per worker thread):
 * indentation follows depth, and no separator precedes its first value. */
void ls_json_init_at(ls_json *j, FILE *f, bool pretty, int depth);
void ls_json_begin_object(ls_json *j);
void ls_json_end_object(ls_json *j);
void ls_json_begin_array(ls_json *j);
void ls_json_end_array(ls_json *j);
void ls_json_key(ls_json *j, const char *key);
void ls_json_string(ls_json *j, const char *s);
void ls_json_string_n(ls_json *j, const char *s, size_t n);
void ls_json_uint(ls_json *j, uint64_t v);
void ls_json_int(ls_json *j, int64_t v);
void ls_json_bool(ls_json *j, bool v);
void ls_json_null(ls_json *j);
/* "key": "s", or "key": null when s is NULL. */
void ls_json_key_string(ls_json *j, const char *key, const char *s);
/* A value rendered elsewhere (by a writer made with ls_json_init_at),
 * written as the next element: the separator, then the n bytes as they
 * are.  Empty fragments write nothing. */
void ls_json_raw(ls_json *j, const char *s, size_t n);
/* Opens the document every command writes, and its first keys:
 * {"schema_version": N, "tool": "linkscope", "version": LS_VERSION,
 *  "command": COMMAND, ...  The command's keys follow; ls_json_end_object
 * and ls_json_finish close it. */
void ls_json_envelope(ls_json *j, const char *command, unsigned schema_version);
/* One element of a document's "errors" array: an input that could not
 * be read, {"file", "member", "message", "offset"} (member and offset
 * null when there is none). */
void ls_json_input_error(ls_json *j, const char *file, const char *member,
			 const char *message, bool has_offset, uint64_t offset);
/* "errors": [...] with the elements rendered in frag (ls_json_input_error
 * calls made by a writer at depth 2), possibly none. */
void ls_json_errors(ls_json *j, const char *frag, size_t n);
/* The document of a command that reports on inputs: the envelope and an
 * open "files" array; then its end: "errors" (as ls_json_errors) and the
 * document closed and finished. */
void ls_json_files_begin(ls_json *j, const char *command, unsigned schema_version);
void ls_json_files_end(ls_json *j, const char *errs, size_t n);
/* Ends the document with a newline. */
void ls_json_finish(ls_json *j);

#endif
