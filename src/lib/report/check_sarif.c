/*
 * check_sarif.c - `linkscope check --sarif`: one rule per requirement in
 * the policy, one result per failed requirement per artifact (per symbol
 * for a version gate), located at the artifact; the document's skeleton is sarif.c's.
 */
#include "check_report.h"
#include "sarif.h"
#include "../analysis/remedy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ls_sarif_begin(ls_json *j, const ls_policy *p, const char *version)
{
	ls_sarif_rule rules[LS_MAX_REQUIREMENTS];
	size_t n = 0;

	for (int i = 0; p && i < p->n; i++) {
		int id = p->req[i].id;

		rules[n++] = (ls_sarif_rule){ p->req[i].spelled, ls_requirement_name(id),
					      ls_requirement_desc(id), "error",
					      ls_remedy_help(id) };
	}
	ls_sarif_open(j, version, rules, n);
}

/* "path(member): " + the rest, built without a fixed bound; NULL on OOM. */
__attribute__((format(printf, 2, 3)))
static char *message(const ls_audit *a, const char *fmt, ...)
{
	va_list ap;
	char *rest, *text;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(rest = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(rest, (size_t)n + 1, fmt, ap);
	va_end(ap);
	n = a->member ? snprintf(NULL, 0, "%s(%s): %s", a->path, a->member, rest)
		      : snprintf(NULL, 0, "%s: %s", a->path, rest);
	if (n >= 0 && (text = malloc((size_t)n + 1))) {
		if (a->member)
			snprintf(text, (size_t)n + 1, "%s(%s): %s", a->path, a->member, rest);
		else
			snprintf(text, (size_t)n + 1, "%s: %s", a->path, rest);
	} else {
		text = NULL;
	}
	free(rest);
	return text;
}

static void result(ls_json *j, const ls_audit *a, const ls_failure *f,
		   char *text)
{
	/* Out of memory: the result is still written, with the reason alone. */
	ls_sarif_result_write(j, &(ls_sarif_result){
		.rule_id = f->requirement, .rule_index = -1,
		.text = text ? text : f->reason, .uri = a->path, .encode_uri = true });
	free(text);
}

/*
 * A failed version gate gives one result per symbol above the target,
 * each naming its version, so a code-scanning view lists them all; any
 * other failure gives one result.
 */
void ls_sarif_results(ls_json *j, const ls_check_result *r)
{
	const ls_audit *a = &r->audit;

	for (uint32_t i = 0; i < a->nfailures; i++) {
		const ls_failure *f = &a->failures[i];

		const char *sy = f->symptom ? "\nsymptom: " : "",
			   *fc = f->fix_c ? "\nfix (C): " : "",
			   *fg = f->fix_go ? "\nfix (Go): " : "";

		/* The reason first (the line a code-scanning list shows), then
		 * the next step that applies to this file.  A target's reason
		 * can hold more than its symbols (the interpreter, a missing
		 * library): it is a result too. */
		if (!f->nsyms || !strcmp(ls_requirement_name(f->rule), "target"))
			result(j, a, f, message(a, "%s: %s%s%s%s%s%s%s", f->requirement,
						f->reason, sy, f->symptom ? f->symptom : "",
						fc, f->fix_c ? f->fix_c : "",
						fg, f->fix_go ? f->fix_go : ""));
		for (uint32_t k = 0; k < f->nsyms; k++)
			result(j, a, f, message(a, "%s: %s needs %s (%s%s)%s%s%s%s%s%s",
						f->requirement, f->syms[k].name,
						f->syms[k].version, f->syms[k].library,
						f->syms[k].weak ? ", weak" : "",
						sy, f->symptom ? f->symptom : "",
						fc, f->fix_c ? f->fix_c : "",
						fg, f->fix_go ? f->fix_go : ""));
	}
}

void ls_sarif_end(ls_json *j)
{
	ls_sarif_close(j);
}
