/*
 * link_json.c - `linkscope link --json` (docs/json-link.md), versioned by
 * LS_LINK_SCHEMA_VERSION.
 */
#include "link_report.h"
#include "json.h"

#include <string.h>

const char *ls_link_hint_kind(int kind)
{
	static const char *const names[] = {
		[LS_HINT_WRONG_ARCH] = "wrong-architecture",
		[LS_HINT_NOT_GIVEN] = "not-given",
		[LS_HINT_HIDDEN] = "hidden",
		[LS_HINT_VERSION] = "version",
		[LS_HINT_NEAR_MISS] = "near-miss",
		[LS_HINT_CXX] = "c++",
		[LS_HINT_ORDER] = "order",
		[LS_HINT_INDIRECT] = "indirect-dso",
		[LS_HINT_HIDDEN_REF] = "hidden-reference",
		[LS_HINT_DISCARDED] = "discarded",
		[LS_HINT_LIBC] = "libc",
		[LS_HINT_GO] = "go",
		[LS_HINT_LTO] = "lto",
	};
	if (kind < 0 || (size_t)kind >= sizeof names / sizeof names[0] || !names[kind])
		return "other";
	return names[kind];
}

const char *ls_link_output_kind(const ls_link_cmd *cmd)
{
	if (cmd->relocatable)
		return "relocatable";
	if (cmd->shared)
		return "shared";
	return cmd->pie ? "pie" : "exec";
}

static void file_member(ls_json *j, const ls_link_result *r, int32_t input)
{
	if (input < 0 || (size_t)input >= r->ninputs) {
		ls_json_key(j, "file");
		ls_json_null(j);
		ls_json_key(j, "member");
		ls_json_null(j);
		return;
	}
	const ls_link_input *in = &r->inputs[input];
	ls_json_key_string(j, "file", in->path);
	ls_json_key(j, "member");
	if (in->member)
		ls_json_string(j, in->member);
	else
		ls_json_null(j);
}

static void site(ls_json *j, const ls_link_result *r, const ls_link_site *s)
{
	ls_json_begin_object(j);
	file_member(j, r, s->input);
	ls_json_key(j, "section");
	if (s->section)
		ls_json_string(j, s->section);
	else
		ls_json_null(j);
	ls_json_key(j, "offset");
	ls_json_uint(j, s->offset);
	ls_json_key(j, "function");
	if (s->function)
		ls_json_string(j, s->function);
	else
		ls_json_null(j);
	ls_json_key(j, "source");
	if (s->src_file) {
		char buf[4200];
		snprintf(buf, sizeof buf, "%s:%u", s->src_file, s->src_line);
		ls_json_string(j, buf);
	} else {
		ls_json_null(j);
	}
	ls_json_end_object(j);
}

static void strings(ls_json *j, const char *key, char **v, size_t n)
{
	ls_json_key(j, key);
	ls_json_begin_array(j);
	for (size_t i = 0; i < n; i++)
		ls_json_string(j, v[i]);
	ls_json_end_array(j);
}

static void undefs(ls_json *j, const ls_link_result *r)
{
	ls_json_key(j, "undefined");
	ls_json_begin_array(j);
	for (size_t i = 0; i < r->nundefs; i++) {
		const ls_link_undef *u = &r->undefs[i];
		ls_json_begin_object(j);
		ls_json_key_string(j, "symbol", u->symbol);
		ls_json_key(j, "from_dso");
		if (u->from_dso && u->dso >= 0)
			ls_json_string(j, r->inputs[u->dso].path);
		else
			ls_json_null(j);
		ls_json_key(j, "hidden");
		ls_json_bool(j, u->hidden_ref);
		ls_json_key(j, "count");
		ls_json_uint(j, u->count);
		ls_json_key(j, "references");
		ls_json_begin_array(j);
		for (size_t k = 0; k < u->nsites; k++)
			site(j, r, &u->sites[k]);
		ls_json_end_array(j);
		ls_json_key(j, "hints");
		ls_json_begin_array(j);
		for (size_t k = 0; k < u->nhints; k++) {
			ls_json_begin_object(j);
			ls_json_key_string(j, "kind", ls_link_hint_kind(u->hints[k].kind));
			ls_json_key_string(j, "text", u->hints[k].text);
			ls_json_key(j, "file");
			if (u->hints[k].file)
				ls_json_string(j, u->hints[k].file);
			else
				ls_json_null(j);
			ls_json_end_object(j);
		}
		ls_json_end_array(j);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

static void incompat(ls_json *j, const ls_link_result *r)
{
	ls_json_key(j, "incompatible");
	ls_json_begin_array(j);
	for (size_t i = 0; i < r->nincompat; i++) {
		const ls_link_incompat *x = &r->incompat[i];
		ls_json_begin_object(j);
		ls_json_key_string(j, "file", x->path);
		ls_json_key(j, "member");
		if (x->member)
			ls_json_string(j, x->member);
		else
			ls_json_null(j);
		ls_json_key_string(j, "machine", x->machine ? ls_machine_name(x->machine) : "not ELF");
		ls_json_key(j, "class");
		ls_json_uint(j, x->elfclass == 1 ? 32 : 64);
		ls_json_key_string(j, "expected", ls_machine_name(x->expected));
		ls_json_key(j, "by_search");
		ls_json_bool(j, x->by_search);
		ls_json_key(j, "lib");
		if (x->lib)
			ls_json_string(j, x->lib);
		else
			ls_json_null(j);
		ls_json_key(j, "needed");
		ls_json_bool(j, x->needed);
		ls_json_key(j, "fatal");
		ls_json_bool(j, x->fatal);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

static const char *input_kind(int k)
{
	switch (k) {
	case LS_LIN_OBJECT: return "object";
	case LS_LIN_MEMBER: return "member";
	case LS_LIN_DSO: return "shared";
	default: return "shared-dependency";
	}
}

void ls_link_write_json(FILE *f, const ls_link_result *r,
			const ls_link_report_opts *o)
{
	const ls_link_cmd *cmd = r->cmd;
	ls_json j;

	ls_json_init(&j, f, true);
	ls_json_envelope(&j, "link", LS_LINK_SCHEMA_VERSION);
	ls_json_key_string(&j, "linker", cmd->linker ? cmd->linker : "");
	ls_json_key(&j, "linker_version");
	if (cmd->linker_version)
		ls_json_string(&j, cmd->linker_version);
	else
		ls_json_null(&j);
	ls_json_key_string(&j, "semantics", ls_link_sem_name(cmd->sem));
	ls_json_key_string(&j, "how", cmd->how ? cmd->how : "");
	ls_json_key(&j, "target");
	ls_json_begin_object(&j);
	ls_json_key(&j, "machine");
	if (r->machine)
		ls_json_string(&j, ls_machine_name(r->machine));
	else
		ls_json_null(&j);
	ls_json_key(&j, "class");
	ls_json_uint(&j, r->elfclass == 1 ? 32 : 64);
	ls_json_end_object(&j);
	ls_json_key_string(&j, "output", cmd->output ? cmd->output : "a.out");
	ls_json_key_string(&j, "output_kind", ls_link_output_kind(cmd));
	ls_json_key_string(&j, "verdict", r->ok ? "ok" : "fail");
	strings(&j, "reasons", r->reasons, r->nreasons);

	ls_json_key(&j, "duplicates");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < r->ndups; i++) {
		ls_json_begin_object(&j);
		ls_json_key_string(&j, "symbol", r->dups[i].symbol);
		ls_json_key(&j, "definitions");
		ls_json_begin_array(&j);
		for (size_t k = 0; k < r->dups[i].ndefs; k++)
			site(&j, r, &r->dups[i].defs[k]);
		ls_json_end_array(&j);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	undefs(&j, r);
	ls_json_key(&j, "undefined_allowed");
	ls_json_uint(&j, r->nundefs_allowed);
	incompat(&j, r);

	ls_json_key(&j, "extracted");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < r->ninputs; i++) {
		const ls_link_input *in = &r->inputs[i];
		if (in->kind != LS_LIN_MEMBER)
			continue;
		ls_json_begin_object(&j);
		file_member(&j, r, (int32_t)i);
		ls_json_key(&j, "symbol");
		if (in->pulled_sym)
			ls_json_string(&j, in->pulled_sym);
		else
			ls_json_null(&j);
		ls_json_key(&j, "referenced_by");
		if (in->pulled_by >= 0) {
			ls_json_begin_object(&j);
			file_member(&j, r, in->pulled_by);
			ls_json_end_object(&j);
		} else {
			ls_json_null(&j);
		}
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);

	ls_json_key(&j, "backrefs");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < r->nbackrefs; i++) {
		ls_json_begin_object(&j);
		ls_json_key_string(&j, "symbol", r->backrefs[i].symbol);
		ls_json_key(&j, "from");
		ls_json_begin_object(&j);
		file_member(&j, r, r->backrefs[i].from);
		ls_json_end_object(&j);
		ls_json_key(&j, "to");
		ls_json_begin_object(&j);
		file_member(&j, r, r->backrefs[i].to);
		ls_json_end_object(&j);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);

	ls_json_key(&j, "notes");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < r->nnotes; i++) {
		ls_json_begin_object(&j);
		ls_json_key_string(&j, "kind", ls_link_hint_kind(r->notes[i].kind));
		ls_json_key_string(&j, "text", r->notes[i].text);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	strings(&j, "warnings", r->warnings, r->nwarnings);
	strings(&j, "not_simulated", cmd->notes, cmd->nnotes);

	ls_json_key(&j, "inputs");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < r->ninputs; i++) {
		ls_json_begin_object(&j);
		ls_json_key_string(&j, "kind", input_kind(r->inputs[i].kind));
		file_member(&j, r, (int32_t)i);
		if (r->inputs[i].kind == LS_LIN_DSO) {
			ls_json_key(&j, "as_needed");
			ls_json_bool(&j, r->inputs[i].as_needed);
			ls_json_key(&j, "used");
			ls_json_bool(&j, r->inputs[i].used);
			ls_json_key(&j, "soname");
			if (r->inputs[i].soname)
				ls_json_string(&j, r->inputs[i].soname);
			else
				ls_json_null(&j);
			const char *dn = ls_link_dt_needed(r, i);
			ls_json_key(&j, "dt_needed");
			if (dn)
				ls_json_string(&j, dn);
			else
				ls_json_null(&j);
		}
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	if (o && o->stats) {
		ls_json_key(&j, "stats");
		ls_json_begin_object(&j);
		ls_json_key(&j, "symbols");
		ls_json_uint(&j, r->nsymbols);
		ls_json_key(&j, "members");
		ls_json_uint(&j, r->nmembers);
		ls_json_key(&j, "archive_symbols");
		ls_json_uint(&j, r->narchive_syms);
		ls_json_end_object(&j);
	}
	/* An unreadable input stops the dry run before any document. */
	ls_json_errors(&j, NULL, 0);
	ls_json_end_object(&j);
	ls_json_finish(&j);
}
