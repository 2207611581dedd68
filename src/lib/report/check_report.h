/*
 * check_report.h - how `linkscope check` shows an audit: aligned text for
 * people, JSON for programs (docs/json-check.md), SARIF 2.1.0 for code
 * scanning.  Writers read only the pipeline's result (pipeline/check.h).
 */
#ifndef LS_CHECK_REPORT_H
#define LS_CHECK_REPORT_H

#include "../analysis/policy.h"
#include "../pipeline/check.h"
#include "json.h"

#include <stdbool.h>
#include <stdio.h>

/* 2: the envelope's "command" and "errors" (unreadable inputs) added.
 * 3: a failed version gate's "symbols"; version_floors' "demangled";
 *    "summary" (counts for many files). */
#define LS_CHECK_SCHEMA_VERSION 3

/* Text: one block per artifact.  color adds ANSI colours. */
void ls_check_text(FILE *f, const ls_check_result *r, bool color);

/* JSON: one element of the "files" array (ls_json_files_begin). */
void ls_check_json_file(ls_json *j, const ls_check_result *r);

/* SARIF: the document's head (tool, one rule per requirement of the
 * policy), one result per failure of each audit, and the tail. */
void ls_sarif_begin(ls_json *j, const ls_policy *p, const char *version);
void ls_sarif_results(ls_json *j, const ls_check_result *r);
void ls_sarif_end(ls_json *j);

#endif
