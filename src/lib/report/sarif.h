/*
 * sarif.h - the SARIF 2.1.0 skeleton every linkscope SARIF document
 * shares: one run, the tool's driver with its rules, then the results,
 * each a rule, a message and one location.  check and link only say
 * which rules they have and which results they find.
 */
#ifndef LS_SARIF_H
#define LS_SARIF_H

#include "json.h"

#include <stdint.h>

typedef struct ls_sarif_rule {
	const char *id;
	const char *name;	/* NULL: none */
	const char *text;	/* shortDescription */
	const char *level;	/* defaultConfiguration.level, NULL: none */
	const char *help;	/* help.text (what to do), NULL: none */
} ls_sarif_rule;

typedef struct ls_sarif_result {
	const char *rule_id;
	int rule_index;		/* -1: not written */
	const char *text;
	const char *uri;	/* the artifact */
	bool encode_uri;	/* a file path made a URI (file://, %XX) */
	uint64_t line;		/* region.startLine, 0: none */
} ls_sarif_result;

/* The document up to the open "results" array. */
void ls_sarif_open(ls_json *j, const char *version, const ls_sarif_rule *rules,
		   size_t nrules);
/* One element of "results" (also in a fragment four levels down, written
 * by a worker). */
void ls_sarif_result_write(ls_json *j, const ls_sarif_result *r);
/* Closes "results", the run, "runs" and the document. */
void ls_sarif_close(ls_json *j);

#endif
