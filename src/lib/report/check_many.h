/*
 * check_many.h - `check` output for many files: the one-line-per-artifact
 * table (--table) and the closing summary (text after the reports, a
 * "summary" object in JSON: docs/json-check.md).
 *
 * A run over /usr audits hundreds of thousands of artifacts; a block of
 * 15-20 lines each gives no overview.  The table keeps one line per
 * artifact with fixed-width columns first and the path last, so rows can
 * be written as they come (per job, in input order) and still align.
 */
#ifndef LS_CHECK_MANY_H
#define LS_CHECK_MANY_H

#include "../analysis/policy.h"
#include "../pipeline/check.h"
#include "json.h"

#include <stdint.h>
#include <stdio.h>

/* The table's heading line; policy says whether a verdict is shown. */
void ls_check_table_head(FILE *f);
/* One artifact: the facts, PASS/FAIL (or "-" without requirements), the
 * path, then the failed requirements in brackets. */
void ls_check_table_row(FILE *f, const ls_check_result *r, bool judged);

typedef struct ls_check_summary {
	uint64_t files;		/* inputs read (walked non-ELF files not) */
	uint64_t unreadable;	/* inputs with at least one error */
	uint64_t skipped_files;	/* walked files neither ELF nor ar */
	uint64_t skipped_members; /* walked archive members not objects */
	uint64_t excluded;	/* operands and walked paths --exclude'd */
	uint64_t artifacts;	/* objects audited */
	uint64_t failed;	/* artifacts failing at least one requirement */
	const ls_policy *policy;	/* NULL or empty: no requirements */
	uint64_t nfail[LS_MAX_REQUIREMENTS];	/* per policy->req[i] */
} ls_check_summary;

/* Text: "checked N files, M objects (...)" then one line per failing
 * requirement, "K of M objects fail REQ". */
void ls_check_summary_text(FILE *f, const ls_check_summary *s);
/* JSON: the "summary" member of the check document (key included). */
void ls_check_summary_json(ls_json *j, const ls_check_summary *s);

#endif
