/*
 * check_sarif.c - `linkscope check --sarif`: one rule per requirement in
 * the policy, one result per failed requirement per artifact, located at
 * the artifact; the document's skeleton is sarif.c's.
 */
#include "check_report.h"
#include "sarif.h"

#include <stdio.h>

void ls_sarif_begin(ls_json *j, const ls_policy *p, const char *version)
{
	ls_sarif_rule rules[LS_MAX_REQUIREMENTS];
	size_t n = 0;

	for (int i = 0; p && i < p->n; i++) {
		int id = p->req[i].id;

		rules[n++] = (ls_sarif_rule){ p->req[i].spelled, ls_requirement_name(id),
					      ls_requirement_desc(id), "error" };
	}
	ls_sarif_open(j, version, rules, n);
}

void ls_sarif_results(ls_json *j, const ls_check_result *r)
{
	const ls_audit *a = &r->audit;
	char text[512];

	for (uint32_t i = 0; i < a->nfailures; i++) {
		const ls_failure *f = &a->failures[i];

		if (a->member)
			snprintf(text, sizeof text, "%s(%s): %s: %s", a->path,
				 a->member, f->requirement, f->reason);
		else
			snprintf(text, sizeof text, "%s: %s: %s", a->path,
				 f->requirement, f->reason);
		ls_sarif_result_write(j, &(ls_sarif_result){
			.rule_id = f->requirement, .rule_index = -1, .text = text,
			.uri = a->path, .encode_uri = true });
	}
}

void ls_sarif_end(ls_json *j)
{
	ls_sarif_close(j);
}
