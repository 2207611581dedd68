/*
 * link_report.h - the writers of a dry link's result: text in lld's
 * ">>>" layout, JSON (docs/json-link.md) and SARIF 2.1.0.
 */
#ifndef LS_LINK_REPORT_H
#define LS_LINK_REPORT_H

#include "../link/link.h"

#include <stdbool.h>
#include <stdio.h>

/* 2: the envelope: "schema" became "schema_version"; "tool", "version"
 * and "errors" were added. */
#define LS_LINK_SCHEMA_VERSION 2

typedef struct ls_link_report_opts {
	bool demangle;		/* text: C++ names demangled (lld's default) */
	bool members;		/* text: list every archive member pulled */
	bool color;
	bool stats;		/* JSON: "stats" and text: counters */
} ls_link_report_opts;

void ls_link_write_text(FILE *f, const ls_link_result *r,
			const ls_link_report_opts *o);
void ls_link_write_json(FILE *f, const ls_link_result *r,
			const ls_link_report_opts *o);
void ls_link_write_sarif(FILE *f, const ls_link_result *r,
			 const char *version);

/* Shared by the writers: the kinds as JSON names them. */
const char *ls_link_hint_kind(int kind);
const char *ls_link_output_kind(const ls_link_cmd *cmd);

#endif
