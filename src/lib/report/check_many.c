/*
 * check_many.c - the table and the summary of check_many.h.
 *
 * The table's columns are the answers a release gate asks first (kind,
 * machine, static or not, PIE, RELRO, NX, canary, FORTIFY, the GLIBC
 * floor); the full block (check_text.c) stays the place for the reasons.
 * A fact that cannot apply to the artifact (PIE of a library, RELRO of a
 * relocatable object) is "-", as in check_text.c where such lines are
 * left out.
 */
#include "check_many.h"
#include "../model/object.h"

#include <string.h>

static const char *short_kind(ls_art_kind k)
{
	static const char *const names[] = {
		[LS_ART_OTHER] = "other", [LS_ART_EXEC] = "exec",
		[LS_ART_PIE] = "pie", [LS_ART_STATIC_PIE] = "static-pie",
		[LS_ART_SHARED] = "shared", [LS_ART_REL] = "object",
		[LS_ART_CORE] = "core", [LS_ART_DEBUGINFO] = "debuginfo",
	};

	return (unsigned)k < sizeof names / sizeof names[0] && names[k] ?
	       names[k] : "?";
}

/* Linked: the facts of a loaded image (RELRO, NX, PIE) apply. */
static bool linked(const ls_audit *a)
{
	return a->kind != LS_ART_REL && a->kind != LS_ART_CORE &&
	       a->kind != LS_ART_OTHER && a->kind != LS_ART_DEBUGINFO;
}

static bool program(const ls_audit *a)
{
	return a->kind == LS_ART_EXEC || a->kind == LS_ART_PIE ||
	       a->kind == LS_ART_STATIC_PIE;
}

static const char *yn(bool applies, bool v)
{
	return !applies ? "-" : v ? "yes" : "no";
}

/* The GLIBC floor without its family prefix ("2.34"), or "-". */
static const char *glibc_floor(const ls_audit *a)
{
	for (uint32_t i = 0; i < a->nfloors; i++)
		if (!strcmp(a->floors[i].family, "GLIBC")) {
			const char *n = a->floors[i].name;

			return strncmp(n, "GLIBC_", 6) ? n : n + 6;
		}
	return "-";
}

#define HEAD_FMT "%-10s %-9s %-7s %-3s %-7s %-3s %-6s %-7s %-6s %-4s %s\n"

void ls_check_table_head(FILE *f)
{
	fprintf(f, HEAD_FMT, "KIND", "MACHINE", "LINK", "PIE", "RELRO", "NX",
		"CANARY", "FORTIFY", "GLIBC", "GATE", "FILE [FAILED]");
}

void ls_check_table_row(FILE *f, const ls_check_result *r, bool judged)
{
	const ls_audit *a = &r->audit;
	bool lk = linked(a), code = a->kind != LS_ART_DEBUGINFO;
	char fort[12];

	/* FORTIFY: fortified/fortifiable (checksec's counts); n/a where it
	 * cannot apply (pure Go). */
	if (!code)
		snprintf(fort, sizeof fort, "-");
	else if (ls_audit_fortify_na(a))
		snprintf(fort, sizeof fort, "n/a");
	else
		snprintf(fort, sizeof fort, "%u/%u", (unsigned)a->fortified,
			 (unsigned)ls_audit_fortifiable(a));
	fprintf(f, "%-10s %-9s %-7s %-3s %-7s %-3s %-6s %-7s %-6s %-4s ",
		short_kind(a->kind), ls_machine_name(a->machine),
		a->kind == LS_ART_REL ? "-" : a->is_static ? "static" : "dynamic",
		yn(program(a), a->pie), lk ? ls_relro_name(a->relro) : "-",
		yn(lk, a->nx),
		code && ls_audit_canary_na(a) ? "n/a" : yn(code, a->canary),
		fort, glibc_floor(a),
		!judged ? "-" : r->ok ? "PASS" : "FAIL");
	if (a->member)
		fprintf(f, "%s(%s)", a->path, a->member);
	else
		fputs(a->path, f);
	for (uint32_t i = 0; i < a->nfailures; i++)
		fprintf(f, "%s%s", i ? "," : " [", a->failures[i].requirement);
	fputs(a->nfailures ? "]\n" : "\n", f);
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void ls_check_summary_text(FILE *f, const ls_check_summary *s)
{
	const char *sep = " (";

	fprintf(f, "checked %llu %s, %llu %s", (unsigned long long)s->files,
		plural(s->files, "file", "files"),
		(unsigned long long)s->artifacts,
		plural(s->artifacts, "object", "objects"));
	if (s->unreadable) {
		fprintf(f, "%s%llu unreadable", sep, (unsigned long long)s->unreadable);
		sep = ", ";
	}
	if (s->skipped_files) {
		fprintf(f, "%s%llu non-ELF %s skipped", sep,
			(unsigned long long)s->skipped_files,
			plural(s->skipped_files, "file", "files"));
		sep = ", ";
	}
	if (s->skipped_members) {
		fprintf(f, "%s%llu non-object archive %s skipped", sep,
			(unsigned long long)s->skipped_members,
			plural(s->skipped_members, "member", "members"));
		sep = ", ";
	}
	if (s->excluded) {
		fprintf(f, "%s%llu excluded", sep, (unsigned long long)s->excluded);
		sep = ", ";
	}
	fputs(strcmp(sep, ", ") ? "\n" : ")\n", f);
	if (!s->policy || !s->policy->n)
		return;
	if (!s->failed) {
		fputs("every requirement holds\n", f);
		return;
	}
	for (int i = 0; i < s->policy->n; i++)
		if (s->nfail[i])
			fprintf(f, "%llu of %llu %s fail %s\n",
				(unsigned long long)s->nfail[i],
				(unsigned long long)s->artifacts,
				plural(s->artifacts, "object", "objects"),
				s->policy->req[i].spelled);
}

void ls_check_summary_json(ls_json *j, const ls_check_summary *s)
{
	const struct { const char *key; uint64_t v; } counts[] = {
		{ "files", s->files }, { "objects", s->artifacts },
		{ "unreadable", s->unreadable },
		{ "skipped_files", s->skipped_files },
		{ "skipped_members", s->skipped_members },
		{ "excluded", s->excluded },
		{ "failed", s->failed },
	};

	ls_json_key(j, "summary");
	ls_json_begin_object(j);
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		ls_json_key(j, counts[i].key);
		ls_json_uint(j, counts[i].v);
	}
	ls_json_key(j, "requirements");
	ls_json_begin_array(j);
	for (int i = 0; s->policy && i < s->policy->n; i++) {
		ls_json_begin_object(j);
		ls_json_key_string(j, "requirement", s->policy->req[i].spelled);
		ls_json_key(j, "failed");
		ls_json_uint(j, s->nfail[i]);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
	ls_json_end_object(j);
}
