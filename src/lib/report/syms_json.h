/*
 * syms_json.h - the `syms --json` document (schema in docs/json-syms.md).
 */
#ifndef LS_SYMS_JSON_H
#define LS_SYMS_JSON_H

#include "../core/diag.h"
#include "../pipeline/syms.h"
#include "json.h"

/* 2: the envelope: "tool_version" became "version"; "errors" added. */
#define LS_SYMS_SCHEMA_VERSION 2

/* Opens the document; table is "symtab" or "dynsym". */
void ls_syms_json_begin(ls_json *j, const char *table);
/* One entry of "files": an object (or member) and its symbols (a syms
 * pipeline result). */
void ls_syms_json_object(ls_json *j, const char *path, const char *member,
			 const ls_syms_result *r);
/* One entry of "files" for an input that could not be read. */
void ls_syms_json_error(ls_json *j, const char *path, const char *member,
			const ls_diag *d);
/* Closes "files", adds "errors" (the rendered elements in errs, n bytes)
 * and ends the document. */
void ls_syms_json_end(ls_json *j, const char *errs, size_t n);

#endif
