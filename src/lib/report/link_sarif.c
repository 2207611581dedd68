/*
 * link_sarif.c - `linkscope link --sarif`: SARIF 2.1.0, one rule per kind
 * of failure (duplicate, undefined, incompatible, other), one result per
 * failing symbol or input, located at its first site's source line when
 * DWARF gave one, else at the object; the skeleton is sarif.c's.
 */
#include "link_report.h"
#include "sarif.h"

#include <stdio.h>
#include <string.h>

static const ls_sarif_rule rules[] = {
	{ "duplicate-symbol", NULL, "A symbol is defined more than once", NULL, NULL },
	{ "undefined-symbol", NULL, "A referenced symbol is defined nowhere in the link", NULL, NULL },
	{ "incompatible-input", NULL, "An input is built for another architecture", NULL, NULL },
	{ "link-error", NULL, "The linker would stop on this input", NULL, NULL },
};

/* Located at the site's source line when DWARF gave one, else at its
 * input, else at the link's output. */
static void result(ls_json *j, const ls_link_result *r, int rule, const char *text,
		   const ls_link_site *s)
{
	ls_sarif_result x = { .rule_id = rules[rule].id, .rule_index = rule,
			      .text = text };

	if (s && s->src_file)
		x.uri = s->src_file;
	else if (s && s->input >= 0 && (size_t)s->input < r->ninputs)
		x.uri = r->inputs[s->input].path;
	else
		x.uri = r->cmd->output ? r->cmd->output : "a.out";
	if (s && s->src_file)
		x.line = s->src_line;
	ls_sarif_result_write(j, &x);
}

void ls_link_write_sarif(FILE *f, const ls_link_result *r, const char *version)
{
	ls_json j;
	char text[4400], buf[4200];

	ls_json_init(&j, f, true);
	ls_sarif_open(&j, version, rules, sizeof rules / sizeof rules[0]);
	for (size_t i = 0; i < r->ndups; i++) {
		const ls_link_dup *d = &r->dups[i];
		snprintf(text, sizeof text, "duplicate symbol: %s (%zu definitions; first in %s)",
			 d->symbol, d->ndefs,
			 ls_link_input_name(r, d->ndefs ? d->defs[0].input : -1, buf, sizeof buf));
		result(&j, r, 0, text, d->ndefs > 1 ? &d->defs[1] : NULL);
	}
	for (size_t i = 0; i < r->nundefs; i++) {
		const ls_link_undef *u = &r->undefs[i];
		int n = snprintf(text, sizeof text, "undefined symbol: %s", u->symbol);
		if (u->nhints && n > 0 && (size_t)n < sizeof text)
			snprintf(text + n, sizeof text - (size_t)n, " (%s)", u->hints[0].text);
		result(&j, r, 1, text, u->nsites ? &u->sites[0] : NULL);
	}
	for (size_t i = 0; i < r->nincompat; i++) {
		const ls_link_incompat *x = &r->incompat[i];
		if (!x->fatal)
			continue;
		snprintf(text, sizeof text, "%s%s%s%s is %s, the link is %s", x->path,
			 x->member ? "(" : "", x->member ? x->member : "", x->member ? ")" : "",
			 x->machine ? ls_machine_name(x->machine) : "not ELF",
			 ls_machine_name(x->expected));
		result(&j, r, 2, text, NULL);
	}
	for (size_t i = 0; i < r->nreasons; i++)
		result(&j, r, 3, r->reasons[i], NULL);
	ls_sarif_close(&j);
}
