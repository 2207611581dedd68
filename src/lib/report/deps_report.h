/*
 * deps_report.h - the three outputs of `linkscope deps`: the loader's own
 * trace (--list), a tree that says why each library was chosen, and JSON
 * (docs/json-deps.md).  Writers only read the pipeline's result
 * (pipeline/deps.h), verdict included.
 */
#ifndef LS_DEPS_REPORT_H
#define LS_DEPS_REPORT_H

#include "json.h"
#include "../pipeline/deps.h"

#include <stdbool.h>
#include <stdio.h>

/* 2: the envelope's "command" and "errors" (unreadable inputs) added. */
#define LS_DEPS_SCHEMA_VERSION 2

/* Exactly the lines the loader prints in trace mode (ldd, ld.so --list)
 * without load addresses and the vDSO; the loader's messages (version
 * errors, musl's load errors) go to err, as the loader writes them to its
 * stderr. */
void ls_deps_list(FILE *out, FILE *err, const ls_deps_result *r);

/* The tree, then versions, symbols, interposition and risks. */
void ls_deps_text(FILE *out, const ls_deps_result *r, bool color);

/* JSON: one element of the "files" array (ls_json_files_begin). */
void ls_deps_json_file(ls_json *j, const ls_deps_result *r);

/* Name of dynamic symbol idx of object obj ("?" when unreadable). */
const char *ls_deps_symname(const ls_process *p, uint32_t obj, uint32_t idx);

#endif
