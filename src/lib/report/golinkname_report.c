/*
 * golinkname_report.c - text and JSON for `linkscope golinkname`.
 */
#include "golinkname_report.h"
#include "json.h"

static void text_rec(FILE *f, const ls_lnrec *e)
{
	fprintf(f, "%s:%u: %s %s -> %s: %s", e->file, e->line, e->kind,
		e->local, e->target, ls_ln_verdict_name(e->verdict));
	if (e->reason != LS_LNR_NONE)
		fprintf(f, " (%s)", ls_ln_reason_text(e->reason));
	fputc('\n', f);
	if (e->message)
		fprintf(f, "    %s\n", e->message);
	if (ls_lnrec_fails(e) && e->verdict == LS_LNV_BLOCKED)
		fprintf(f, "    the link fails; to build anyway: go build %s\n",
			LS_GOLINKNAME_HATCH);
}

void ls_golinkname_text(FILE *f, const ls_golinkname_report *r)
{
	size_t cnt[LS_LNV_UNKNOWN + 1] = { 0 }, unlinked = 0;

	for (size_t i = 0; i < r->n; i++) {
		const ls_lnrec *e = &r->recs[i];

		if (!e->linked) {
			unlinked++;
			continue;
		}
		cnt[e->verdict]++;
		text_rec(f, e);
	}
	/* The linker checks only what it loads: these do not decide. */
	if (unlinked)
		fprintf(f, "in packages the program does not link (not checked by "
			"the linker):\n");
	for (size_t i = 0; i < r->n; i++)
		if (!r->recs[i].linked)
			text_rec(f, &r->recs[i]);
	if (r->newer)
		fprintf(f, "note: %s is newer than the linker rules modelled (Go "
			"1.%d): judged by those\n", r->go_version ? r->go_version
			: "this GOROOT", r->rules_minor);
	fprintf(f, "%zu linkname%s: %zu allowed, %zu blocked, %zu undefined, %zu n/a",
		r->n - unlinked, r->n - unlinked == 1 ? "" : "s", cnt[LS_LNV_ALLOWED],
		cnt[LS_LNV_BLOCKED], cnt[LS_LNV_UNDEFINED], cnt[LS_LNV_NA]);
	if (unlinked)
		fprintf(f, "; %zu in packages not linked", unlinked);
	if (cnt[LS_LNV_UNKNOWN])
		fprintf(f, ", %zu unknown (no GOROOT)", cnt[LS_LNV_UNKNOWN]);
	if (r->goroot)
		fprintf(f, " (%s %s/%s, %s)\n", r->go_version ? r->go_version : "go?",
			r->goos, r->goarch, r->goroot);
	else
		fprintf(f, " (%s/%s, no GOROOT)\n", r->goos, r->goarch);
}

void ls_golinkname_json(FILE *f, const ls_golinkname_report *r)
{
	ls_json j;

	ls_json_init(&j, f, false);
	ls_json_envelope(&j, "golinkname", LS_GOLINKNAME_SCHEMA_VERSION);
	ls_json_key_string(&j, "goroot", r->goroot);
	ls_json_key_string(&j, "go_version", r->go_version);
	ls_json_key_string(&j, "goos", r->goos);
	ls_json_key_string(&j, "goarch", r->goarch);
	ls_json_key(&j, "cgo");
	ls_json_bool(&j, r->cgo);
	if (r->rules_minor >= 0) {
		char rules[32];

		snprintf(rules, sizeof rules, "go1.%d", r->rules_minor);
		ls_json_key_string(&j, "linker_rules", rules);
		ls_json_key(&j, "goroot_newer_than_rules");
		ls_json_bool(&j, r->newer);
	}
	ls_json_key(&j, "linknames");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < r->n; i++) {
		const ls_lnrec *e = &r->recs[i];

		ls_json_begin_object(&j);
		ls_json_key_string(&j, "file", e->file);
		ls_json_key(&j, "line");
		ls_json_uint(&j, e->line);
		ls_json_key_string(&j, "package", e->pkg);
		ls_json_key_string(&j, "local", e->local);
		ls_json_key_string(&j, "target", e->target);
		ls_json_key_string(&j, "kind", e->kind);
		ls_json_key_string(&j, "source", e->from_asm ? "assembly" : "go");
		ls_json_key(&j, "linked");
		ls_json_bool(&j, e->linked);
		ls_json_key_string(&j, "verdict", ls_ln_verdict_name(e->verdict));
		ls_json_key_string(&j, "reason", e->reason == LS_LNR_NONE ? NULL :
			    ls_ln_reason_text(e->reason));
		ls_json_key_string(&j, "message", e->message);
		ls_json_key_string(&j, "escape_hatch",
			    ls_lnrec_fails(e) && e->verdict == LS_LNV_BLOCKED ?
			    LS_GOLINKNAME_HATCH : NULL);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	ls_json_errors(&j, r->errors, r->errors_len);
	ls_json_end_object(&j);
	ls_json_finish(&j);
}
