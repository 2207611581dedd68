/*
 * link_sarif.c - `linkscope link --sarif`: SARIF 2.1.0, one rule per kind
 * of failure (duplicate, undefined, incompatible, other), one result per
 * failing symbol or input, located at its first site's source line when
 * DWARF gave one, else at the object.
 */
#include "link_report.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

static const char *const rules[][2] = {
	{ "duplicate-symbol", "A symbol is defined more than once" },
	{ "undefined-symbol", "A referenced symbol is defined nowhere in the link" },
	{ "incompatible-input", "An input is built for another architecture" },
	{ "link-error", "The linker would stop on this input" },
};

static void location(ls_json *j, const ls_link_result *r, const ls_link_site *s)
{
	ls_json_key(j, "locations");
	ls_json_begin_array(j);
	ls_json_begin_object(j);
	ls_json_key(j, "physicalLocation");
	ls_json_begin_object(j);
	ls_json_key(j, "artifactLocation");
	ls_json_begin_object(j);
	if (s && s->src_file)
		ls_json_key_string(j, "uri", s->src_file);
	else if (s && s->input >= 0 && (size_t)s->input < r->ninputs)
		ls_json_key_string(j, "uri", r->inputs[s->input].path);
	else
		ls_json_key_string(j, "uri", r->cmd->output ? r->cmd->output : "a.out");
	ls_json_end_object(j);
	if (s && s->src_file && s->src_line) {
		ls_json_key(j, "region");
		ls_json_begin_object(j);
		ls_json_key(j, "startLine");
		ls_json_uint(j, s->src_line);
		ls_json_end_object(j);
	}
	ls_json_end_object(j);
	ls_json_end_object(j);
	ls_json_end_array(j);
}

static void result(ls_json *j, const ls_link_result *r, int rule, const char *text,
		   const ls_link_site *s)
{
	ls_json_begin_object(j);
	ls_json_key_string(j, "ruleId", rules[rule][0]);
	ls_json_key(j, "ruleIndex");
	ls_json_uint(j, (uint64_t)rule);
	ls_json_key_string(j, "level", "error");
	ls_json_key(j, "message");
	ls_json_begin_object(j);
	ls_json_key_string(j, "text", text);
	ls_json_end_object(j);
	location(j, r, s);
	ls_json_end_object(j);
}

void ls_link_write_sarif(FILE *f, const ls_link_result *r, const char *version)
{
	ls_json j;
	char text[4400], buf[4200];

	ls_json_init(&j, f, true);
	ls_json_begin_object(&j);
	ls_json_key_string(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	ls_json_key_string(&j, "version", "2.1.0");
	ls_json_key(&j, "runs");
	ls_json_begin_array(&j);
	ls_json_begin_object(&j);
	ls_json_key(&j, "tool");
	ls_json_begin_object(&j);
	ls_json_key(&j, "driver");
	ls_json_begin_object(&j);
	ls_json_key_string(&j, "name", "linkscope");
	ls_json_key_string(&j, "version", version);
	ls_json_key(&j, "rules");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		ls_json_begin_object(&j);
		ls_json_key_string(&j, "id", rules[i][0]);
		ls_json_key(&j, "shortDescription");
		ls_json_begin_object(&j);
		ls_json_key_string(&j, "text", rules[i][1]);
		ls_json_end_object(&j);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	ls_json_end_object(&j);
	ls_json_end_object(&j);
	ls_json_key(&j, "results");
	ls_json_begin_array(&j);
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
	ls_json_end_array(&j);
	ls_json_end_object(&j);
	ls_json_end_array(&j);
	ls_json_end_object(&j);
	ls_json_finish(&j);
}
