/*
 * link_text.c - `linkscope link` for people: each failure in lld's ">>>"
 * layout (the form most readers of link errors know), then what the link
 * pulled and why, then the verdict.
 */
#include "link_report.h"
#include "../core/demangle.h"

#include <stdlib.h>
#include <string.h>

static const char *name(const char *sym, bool demangle, char **owned)
{
	*owned = demangle ? ls_demangle(sym) : NULL;
	return *owned ? *owned : sym;
}

static void where(FILE *f, const ls_link_result *r, const ls_link_site *s,
		  const char *verb, bool demangle)
{
	char buf[4200];
	/* lld lines the object up under the source location. */
	const char *pad = !strcmp(verb, "defined at") ? "          "
						       : "             ";

	if (s->src_file) {
		const char *base = strrchr(s->src_file, '/');
		fprintf(f, ">>> %s %s:%u (%s:%u)\n", verb, base ? base + 1 : s->src_file,
			s->src_line, s->src_file, s->src_line);
	} else {
		fprintf(f, ">>> %s %s\n", verb, ls_link_input_name(r, s->input, buf, sizeof buf));
	}
	fprintf(f, ">>> %s %s:(", pad, ls_link_input_name(r, s->input, buf, sizeof buf));
	if (s->function) {
		char *dm;
		fputs(name(s->function, demangle, &dm), f);
		free(dm);
	} else if (s->section) {
		fprintf(f, "%s+0x%llx", s->section,
			(unsigned long long)s->offset);
	} else {
		fputs("?", f);
	}
	fputs(")\n", f);
}

static void dups(FILE *f, const ls_link_result *r, const ls_link_report_opts *o)
{
	for (size_t i = 0; i < r->ndups; i++) {
		char *dm;
		fprintf(f, "error: duplicate symbol: %s\n",
			name(r->dups[i].symbol, o->demangle, &dm));
		free(dm);
		for (size_t k = 0; k < r->dups[i].ndefs; k++)
			where(f, r, &r->dups[i].defs[k], "defined at", o->demangle);
		fputc('\n', f);
	}
}

static void undefs(FILE *f, const ls_link_result *r, const ls_link_report_opts *o)
{
	char buf[4200];

	for (size_t i = 0; i < r->nundefs; i++) {
		const ls_link_undef *u = &r->undefs[i];
		char *dm;
		const char *nm = name(u->symbol, o->demangle, &dm);
		if (u->from_dso)
			fprintf(f, "error: %s: undefined reference to %s [--no-allow-shlib-undefined]\n",
				ls_link_input_name(r, u->dso, buf, sizeof buf), nm);
		else if (u->hidden_ref)
			fprintf(f, "error: undefined hidden symbol: %s\n", nm);
		else
			fprintf(f, "error: undefined symbol: %s\n", nm);
		free(dm);
		for (size_t k = 0; k < u->nsites; k++)
			where(f, r, &u->sites[k], "referenced by", o->demangle);
		if (u->count > u->nsites && u->nsites)
			fprintf(f, ">>> referenced %zu more times\n", u->count - u->nsites);
		for (size_t k = 0; k < u->nhints; k++)
			fprintf(f, ">>> %s\n", u->hints[k].text);
		fputc('\n', f);
	}
}

static void incompat(FILE *f, const ls_link_result *r)
{
	for (size_t i = 0; i < r->nincompat; i++) {
		const ls_link_incompat *x = &r->incompat[i];
		const char *what = x->fatal ? "error" : "warning";
		fprintf(f, "%s: %s%s%s%s is %s, the link is %s", what, x->path,
			x->member ? "(" : "", x->member ? x->member : "", x->member ? ")" : "",
			x->machine ? ls_machine_name(x->machine) : "not ELF",
			ls_machine_name(x->expected));
		if (x->by_search)
			fprintf(f, " (%s search: %s)", x->lib ? x->lib : "-l",
				x->fatal ? "this linker stops there" : "skipped");
		else if (x->member && !x->needed)
			fputs(" (not needed by this link: it fails the day it is)", f);
		fputc('\n', f);
	}
	if (r->nincompat)
		fputc('\n', f);
}

static void members(FILE *f, const ls_link_result *r, const ls_link_report_opts *o)
{
	char a[4200], b[4200];
	size_t n = 0;

	for (size_t i = 0; i < r->ninputs; i++)
		n += r->inputs[i].kind == LS_LIN_MEMBER;
	if (!o->members) {
		if (n)
			fprintf(f, "%zu archive member%s pulled (--members lists them with the reason)\n",
				n, n == 1 ? "" : "s");
		return;
	}
	for (size_t i = 0; i < r->ninputs; i++) {
		const ls_link_input *in = &r->inputs[i];
		if (in->kind != LS_LIN_MEMBER)
			continue;
		ls_link_input_name(r, (int32_t)i, a, sizeof a);
		if (!in->pulled_sym) {
			fprintf(f, "pulled %s <- --whole-archive\n", a);
			continue;
		}
		char *dm;
		fprintf(f, "pulled %s <- %s <- %s\n", a, name(in->pulled_sym, o->demangle, &dm),
			in->pulled_by >= 0 ? ls_link_input_name(r, in->pulled_by, b, sizeof b)
					   : "-u (command line)");
		free(dm);
	}
}

void ls_link_write_text(FILE *f, const ls_link_result *r,
			const ls_link_report_opts *o)
{
	const ls_link_cmd *cmd = r->cmd;
	char a[4200], b[4200];

	dups(f, r, o);
	undefs(f, r, o);
	incompat(f, r);
	for (size_t i = 0; i < r->nbackrefs; i++)
		fprintf(f, "warning: backward reference: %s in %s refers to %s (GNU ld and gold would not find it)\n",
			r->backrefs[i].symbol,
			ls_link_input_name(r, r->backrefs[i].from, a, sizeof a),
			ls_link_input_name(r, r->backrefs[i].to, b, sizeof b));
	for (size_t i = 0; i < r->nwarnings; i++)
		fprintf(f, "warning: %s\n", r->warnings[i]);
	for (size_t i = 0; i < r->nnotes; i++)
		fprintf(f, "note: %s\n", r->notes[i].text);
	for (size_t i = 0; i < cmd->nnotes; i++)
		fprintf(f, "note: %s\n", cmd->notes[i]);
	for (size_t i = 0; i < r->nreasons; i++)
		fprintf(f, "error: %s\n", r->reasons[i]);
	members(f, r, o);
	if (o->stats)
		fprintf(f, "%llu global symbols, %llu archive members loaded, %llu archive index entries; "
			"ms: inputs %.1f, indexes %.1f, resolution %.1f, report %.1f\n",
			(unsigned long long)r->nsymbols, (unsigned long long)r->nmembers,
			(unsigned long long)r->narchive_syms, r->ms_inputs, r->ms_index,
			r->ms_resolve, r->ms_report);
	fprintf(f, "linkscope link: %s: the %s link of %s (%s) would %s",
		cmd->how ? cmd->how : "link", ls_link_sem_name(cmd->sem),
		cmd->output ? cmd->output : "a.out", ls_link_output_kind(cmd),
		r->ok ? "succeed" : "fail");
	if (!r->ok) {
		const char *sep = ": ";
		if (r->ndups) {
			fprintf(f, "%s%zu duplicate symbol%s", sep, r->ndups, r->ndups == 1 ? "" : "s");
			sep = ", ";
		}
		if (r->nundefs) {
			fprintf(f, "%s%zu undefined symbol%s", sep, r->nundefs, r->nundefs == 1 ? "" : "s");
			sep = ", ";
		}
		if (r->nreasons)
			fprintf(f, "%s%zu other error%s", sep, r->nreasons, r->nreasons == 1 ? "" : "s");
	}
	fputc('\n', f);
}
