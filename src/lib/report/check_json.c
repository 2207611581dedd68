/*
 * check_json.c - one artifact of `linkscope check --json`; the keys and
 * their meaning are documented in docs/json-check.md.
 */
#include "check_report.h"
#include "../analysis/remedy.h"
#include "../core/demangle.h"

#include <stdlib.h>

#include <string.h>

static void key_str(ls_json *j, const char *k, const char *v)
{
	ls_json_key(j, k);
	if (v)
		ls_json_string(j, v);
	else
		ls_json_null(j);
}

static void key_bool(ls_json *j, const char *k, bool v)
{
	ls_json_key(j, k);
	ls_json_bool(j, v);
}

static void hex(ls_json *j, const char *k, ls_bytes b)
{
	static const char digits[] = "0123456789abcdef";
	char buf[129];
	uint64_t n = b.size > 64 ? 64 : b.size;

	ls_json_key(j, k);
	if (!b.size) {
		ls_json_null(j);
		return;
	}
	for (uint64_t i = 0; i < n; i++) {
		buf[2 * i] = digits[b.base[i] >> 4];
		buf[2 * i + 1] = digits[b.base[i] & 15];
	}
	ls_json_string_n(j, buf, 2 * n);
}

/* "a:b" as ["a","b"], or null. */
static void path_list(ls_json *j, const char *k, const char *list)
{
	ls_json_key(j, k);
	if (!list) {
		ls_json_null(j);
		return;
	}
	ls_json_begin_array(j);
	for (;;) {
		size_t n = strcspn(list, ":");
		ls_json_string_n(j, list, n);
		if (!list[n])
			break;
		list += n + 1;
	}
	ls_json_end_array(j);
}

static void module(ls_json *j, const ls_gomodule *m)
{
	if (!m) {
		ls_json_null(j);
		return;
	}
	ls_json_begin_object(j);
	key_str(j, "path", m->path);
	key_str(j, "version", m->version);
	key_str(j, "sum", m->sum);
	ls_json_key(j, "replace");
	module(j, m->replace);
	ls_json_end_object(j);
}

static void go_functions(ls_json *j, const ls_pclntab *t)
{
	ls_diag d;

	ls_json_key(j, "functions");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < t->nfunc; i++) {
		uint64_t entry;
		const char *name;

		if (ls_pclntab_func(t, i, &entry, &name, &d) < 0)
			break;
		ls_json_string(j, name);
	}
	ls_json_end_array(j);
}

static void go(ls_json *j, const ls_audit *a)
{
	const ls_gofacts *g = &a->go;
	const ls_gobuildinfo *bi = &g->bi;

	ls_json_key(j, "go");
	if (!g->is_go) {
		ls_json_null(j);
		return;
	}
	ls_json_begin_object(j);
	key_str(j, "version", bi->go_version);
	key_str(j, "path", bi->path);
	ls_json_key(j, "main");
	module(j, bi->main);
	ls_json_key(j, "deps");
	ls_json_begin_array(j);
	for (size_t i = 0; i < bi->ndeps; i++)
		module(j, &bi->deps[i]);
	ls_json_end_array(j);
	ls_json_key(j, "settings");
	ls_json_begin_object(j);
	for (size_t i = 0; i < bi->nsettings; i++)
		key_str(j, bi->settings[i].key, bi->settings[i].value);
	ls_json_end_object(j);
	ls_json_key(j, "build_id");
	if (g->build_id)
		ls_json_string_n(j, g->build_id, g->build_id_len);
	else
		ls_json_null(j);
	ls_json_key(j, "pclntab");
	if (g->pcln.present) {
		static const char *const names[] = { "1.2", "1.16", "1.18", "1.20" };
		int v = g->pcln.version;

		ls_json_begin_object(j);
		key_str(j, "version", names[v == 12 ? 0 : v == 116 ? 1 : v == 118 ? 2 : 3]);
		ls_json_key(j, "functions");
		ls_json_uint(j, g->pcln.nfunc);
		ls_json_end_object(j);
	} else {
		ls_json_null(j);
	}
	key_bool(j, "cgo", g->cgo);
	key_str(j, "link_mode", g->link_mode);
	key_str(j, "build_mode", g->build_mode);
	key_bool(j, "race", g->race);
	if (a->go_funcs && g->pcln.present)
		go_functions(j, &g->pcln);
	ls_json_end_object(j);
}

static void demangled(ls_json *j, const char *name)
{
	char *dm = ls_demangle(name);

	if (dm)
		ls_json_string(j, dm);
	else
		ls_json_null(j);
	free(dm);
}

/* A failed version gate's symbols: every import above the target. */
static void failed_symbols(ls_json *j, const ls_failure *f)
{
	ls_json_key(j, "symbols");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < f->nsyms; i++) {
		ls_json_begin_object(j);
		key_str(j, "name", f->syms[i].name);
		ls_json_key(j, "demangled");
		demangled(j, f->syms[i].name);
		key_str(j, "version", f->syms[i].version);
		key_str(j, "library", f->syms[i].library);
		key_bool(j, "weak", f->syms[i].weak);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

/* A failure's next step (analysis/remedy.c): "symptom", "fix" {"c",
 * "go"} (null where it does not apply to the file), and for safe-rpath
 * every unsafe element with its explanation. */
static void next_step(ls_json *j, const ls_audit *a, const ls_failure *f)
{
	key_str(j, "symptom", f->symptom);
	ls_json_key(j, "fix");
	ls_json_begin_object(j);
	key_str(j, "c", f->fix_c);
	key_str(j, "go", f->fix_go);
	ls_json_end_object(j);
	if (strcmp(ls_requirement_name(f->rule), "safe-rpath"))
		return;
	ls_json_key(j, "elements");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < a->nrisks; i++) {
		char *why = ls_rpath_explain(a, &a->risks[i]);

		ls_json_begin_object(j);
		ls_json_key(j, "dir");
		ls_json_string_n(j, a->risks[i].dir.p, a->risks[i].dir.n);
		key_str(j, "from", a->risks[i].runpath ? "runpath" : "rpath");
		key_str(j, "risk", ls_risk_name(a->risks[i].kind));
		key_str(j, "explanation", why);
		ls_json_end_object(j);
		free(why);
	}
	ls_json_end_array(j);
}

static void floors(ls_json *j, const ls_audit *a)
{
	const char *glibc = NULL;

	ls_json_key(j, "version_floors");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < a->nfloors; i++) {
		const ls_floor *f = &a->floors[i];

		if (!strcmp(f->family, "GLIBC"))
			glibc = f->name + strlen("GLIBC_");
		ls_json_begin_object(j);
		key_str(j, "family", f->family);
		key_str(j, "version", f->name + strlen(f->family) + 1);
		key_str(j, "library", f->library);
		ls_json_key(j, "symbols");
		ls_json_begin_array(j);
		for (uint32_t k = 0; k < f->count; k++)
			ls_json_string(j, a->floor_syms[f->first + k]);
		ls_json_end_array(j);
		/* Parallel to symbols: nm -C's spelling, null when the name
		 * is not mangled. */
		ls_json_key(j, "demangled");
		ls_json_begin_array(j);
		for (uint32_t k = 0; k < f->count; k++)
			demangled(j, a->floor_syms[f->first + k]);
		ls_json_end_array(j);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
	key_str(j, "glibc_floor", glibc);
}

/* The hardening facts that cannot apply to this file, and why (a pure-Go
 * binary has no C code for a canary or FORTIFY to protect). */
static void not_applicable(ls_json *j, const ls_audit *a)
{
	const struct { const char *fact, *why; } na[] = {
		{ "canary", ls_audit_canary_na(a) },
		{ "fortify", ls_audit_fortify_na(a) },
	};

	ls_json_key(j, "not_applicable");
	ls_json_begin_array(j);
	for (size_t i = 0; i < sizeof na / sizeof na[0]; i++) {
		if (!na[i].why)
			continue;
		ls_json_begin_object(j);
		key_str(j, "fact", na[i].fact);
		key_str(j, "why", na[i].why);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

static void hardening(ls_json *j, const ls_audit *a)
{
	key_str(j, "relro", ls_relro_name(a->relro));
	key_bool(j, "bindnow", a->load.dyn.bind_now);
	key_bool(j, "pie", a->pie);
	key_bool(j, "nx", a->nx);
	key_bool(j, "canary", a->canary);
	ls_json_key(j, "fortify");
	ls_json_begin_object(j);
	ls_json_key(j, "fortified");
	ls_json_uint(j, a->fortified);
	ls_json_key(j, "functions");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < ls_fortify_count(); i++)
		if (a->fortify_used[i / 8] & (1u << (i % 8)))
			ls_json_string(j, ls_fortify_name(i));
	ls_json_end_array(j);
	/* checksec's second count, and the names behind the difference. */
	ls_json_key(j, "fortifiable");
	ls_json_uint(j, ls_audit_fortifiable(a));
	ls_json_key(j, "unfortified");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < ls_fortify_count(); i++)
		if (a->fortify_plain[i / 8] & (1u << (i % 8))) {
			size_t len;
			const char *p = ls_fortify_plain(i, &len);

			ls_json_string_n(j, p, len);
		}
	ls_json_end_array(j);
	key_str(j, "status", ls_audit_fortify_status(a));
	ls_json_end_object(j);
	not_applicable(j, a);
	key_bool(j, "textrel", a->load.dyn.textrel);
	ls_json_key(j, "rwx_segments");
	ls_json_uint(j, a->rwx_segments);
	ls_json_key(j, "cet");
	ls_json_begin_object(j);
	key_bool(j, "ibt", a->ibt);
	key_bool(j, "shstk", a->shstk);
	ls_json_end_object(j);
	key_str(j, "x86_isa_needed", ls_x86_isa_name(a->x86_isa_needed));
	ls_json_key(j, "aarch64");
	ls_json_begin_object(j);
	key_bool(j, "bti", a->bti);
	key_bool(j, "pac", a->pac);
	ls_json_end_object(j);
	hex(j, "build_id", a->build_id);
	ls_json_key(j, "abi_tag");
	if (a->has_abi_tag) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s %u.%u.%u",
			 a->abi_os == 0 ? "Linux" : a->abi_os == 1 ? "GNU" :
			 a->abi_os == 2 ? "Solaris" : a->abi_os == 3 ? "FreeBSD" : "unknown",
			 a->abi_major, a->abi_minor, a->abi_sub);
		ls_json_string(j, buf);
	} else {
		ls_json_null(j);
	}
	key_bool(j, "stripped", a->stripped);
}

static void loading(ls_json *j, const ls_audit *a)
{
	key_str(j, "interpreter", a->load.interp);
	key_bool(j, "static", a->is_static);
	ls_json_key(j, "scratch");
	ls_json_begin_object(j);
	key_bool(j, "ok", a->scratch_ok);
	key_str(j, "reason", a->scratch_reason);
	ls_json_end_object(j);
	ls_json_key(j, "needed");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < a->load.dyn.nneeded; i++)
		ls_json_string(j, a->load.dyn.needed[i]);
	ls_json_end_array(j);
	key_str(j, "soname", a->load.dyn.soname);
	path_list(j, "rpath", a->load.dyn.rpath);
	path_list(j, "runpath", a->load.dyn.runpath);
	ls_json_key(j, "rpath_risks");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < a->nrisks; i++) {
		ls_json_begin_object(j);
		ls_json_key(j, "dir");
		ls_json_string_n(j, a->risks[i].dir.p, a->risks[i].dir.n);
		key_str(j, "from", a->risks[i].runpath ? "runpath" : "rpath");
		key_str(j, "risk", ls_risk_name(a->risks[i].kind));
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

/* A named target's DT_NEEDED its data does not know, whether the target
 * holds or not: what a pass did not cover. */
static void not_judged(ls_json *j, const ls_audit *a)
{
	ls_json_key(j, "not_judged");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < a->nunjudged; i++) {
		ls_json_begin_object(j);
		key_str(j, "requirement", a->unjudged[i].requirement);
		ls_json_key(j, "libraries");
		ls_json_begin_array(j);
		for (uint32_t k = 0; k < a->unjudged[i].nlibs; k++)
			ls_json_string(j, a->unjudged[i].libs[k]);
		ls_json_end_array(j);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
}

void ls_check_json_file(ls_json *j, const ls_check_result *r)
{
	const ls_audit *a = &r->audit;

	ls_json_begin_object(j);
	key_str(j, "path", a->path);
	key_str(j, "member", a->member);
	key_str(j, "kind", ls_art_kind_name(a->kind));
	ls_json_key(j, "class");
	ls_json_uint(j, a->elfclass == 2 ? 64 : 32);
	key_str(j, "endian", a->order == LS_BE ? "big" : "little");
	key_str(j, "machine", ls_machine_name(a->machine));
	key_str(j, "osabi", ls_osabi_name(a->osabi));
	loading(j, a);
	hardening(j, a);
	key_str(j, "libc", ls_libc_name(a->libc));
	floors(j, a);
	go(j, a);
	ls_json_key(j, "failed");
	ls_json_begin_array(j);
	for (uint32_t i = 0; i < a->nfailures; i++) {
		ls_json_begin_object(j);
		key_str(j, "requirement", a->failures[i].requirement);
		key_str(j, "reason", a->failures[i].reason);
		failed_symbols(j, &a->failures[i]);
		next_step(j, a, &a->failures[i]);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
	not_judged(j, a);
	ls_json_end_object(j);
}
