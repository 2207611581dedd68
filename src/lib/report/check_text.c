/*
 * check_text.c - `linkscope check` for people: a heading per artifact and
 * one aligned "property  value" line per fact, good news in green, bad in
 * red when colour is on.
 */
#include "check_report.h"
#include "../core/demangle.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>

#include <string.h>

enum tone { PLAIN, GOOD, BAD, WARN };

struct out {
	FILE *f;
	bool color;
};

static void put(struct out *o, enum tone t, const char *s)
{
	static const char *const esc[] = { "", "\033[32m", "\033[31m", "\033[33m" };

	if (o->color && t != PLAIN)
		fprintf(o->f, "%s%s\033[0m", esc[t], s);
	else
		fputs(s, o->f);
}

/* "  %-14s ", without printf: it is the most frequent call of check -r. */
static void label(struct out *o, const char *k)
{
	char buf[64];
	size_t n = strlen(k), w = n < 14 ? 14 : n;

	if (w + 3 > sizeof buf) {
		fprintf(o->f, "  %-14s ", k);
		return;
	}
	memset(buf, ' ', w + 3);
	memcpy(buf + 2, k, n);
	fwrite(buf, 1, w + 3, o->f);
}

static void line(struct out *o, const char *k, enum tone t, const char *v)
{
	label(o, k);
	put(o, t, v);
	fputc('\n', o->f);
}

static void yesno(struct out *o, const char *k, bool v, bool good_when)
{
	line(o, k, v == good_when ? GOOD : BAD, v ? "yes" : "no");
}

static bool program(const ls_audit *a)
{
	return a->kind == LS_ART_EXEC || a->kind == LS_ART_PIE ||
	       a->kind == LS_ART_STATIC_PIE;
}

static void loading(struct out *o, const ls_audit *a)
{
	if (a->load.interp)
		line(o, "interpreter", PLAIN, a->load.interp);
	if (program(a)) {
		label(o, "static");
		put(o, a->scratch_ok ? GOOD : WARN, a->is_static ? "yes" : "no");
		fputs(a->scratch_ok ? " (runs" : " (does not run", o->f);
		fputs(" in an empty container: ", o->f);
		fputs(a->scratch_reason, o->f);
		fputs(")\n", o->f);
	}
	if (a->load.dyn.nneeded) {
		label(o, "needed");
		for (uint32_t i = 0; i < a->load.dyn.nneeded; i++) {
			if (i)
				fputc(' ', o->f);
			fputs(a->load.dyn.needed[i], o->f);
		}
		fputc('\n', o->f);
	}
	if (a->load.dyn.soname)
		line(o, "soname", PLAIN, a->load.dyn.soname);
	if (a->load.dyn.rpath)
		line(o, "rpath", WARN, a->load.dyn.rpath);
	if (a->load.dyn.runpath)
		line(o, "runpath", a->nrisks ? WARN : PLAIN, a->load.dyn.runpath);
	for (uint32_t i = 0; i < a->nrisks; i++) {
		label(o, "rpath risk");
		fprintf(o->f, "'%.*s' ", (int)a->risks[i].dir.n, a->risks[i].dir.p);
		put(o, BAD, ls_risk_name(a->risks[i].kind));
		fputc('\n', o->f);
	}
}

/* Up to max names of one set: the _chk functions used (plain = false) or
 * the plain ones with a check that were called unchecked. */
static void fortify_names(struct out *o, const ls_audit *a, bool plain,
			  uint32_t max)
{
	const uint8_t *bits = plain ? a->fortify_plain : a->fortify_used;
	uint32_t shown = 0;

	for (uint32_t i = 0; i < ls_fortify_count(); i++) {
		size_t len;
		const char *p;

		if (!(bits[i / 8] & (1u << (i % 8))))
			continue;
		if (shown++ == max) {
			fputs(", ...", o->f);
			break;
		}
		if (plain) {
			p = ls_fortify_plain(i, &len);
		} else {
			p = ls_fortify_name(i);
			len = strlen(p);
		}
		if (shown > 1)
			fputs(", ", o->f);
		fwrite(p, 1, len, o->f);
	}
}

/*
 * "yes (3 of 7 fortifiable: __memcpy_chk, ...; unfortified: memcpy, ...)",
 * "no (0 of 4 fortifiable: memcpy, strcpy, ...)", "n/a (nothing
 * fortifiable)" -- checksec's two counts with their names.
 */
static void fortify(struct out *o, const ls_audit *a)
{
	const char *status = ls_audit_fortify_status(a);

	label(o, "fortify");
	if (ls_audit_fortify_na(a)) {
		put(o, GOOD, "n/a");
		fprintf(o->f, " (not applicable: %s)\n", ls_audit_fortify_na(a));
		return;
	}
	if (!strcmp(status, "n/a")) {
		put(o, GOOD, "n/a");
		fputs(" (nothing fortifiable)\n", o->f);
		return;
	}
	put(o, a->fortified ? GOOD : BAD, status);	/* reset before the newline */
	fprintf(o->f, " (%u of %u fortifiable: ", a->fortified, ls_audit_fortifiable(a));
	if (a->fortified) {
		fortify_names(o, a, false, 6);
		if (a->unfortified)
			fputs("; unfortified: ", o->f);
	}
	fortify_names(o, a, true, 6);
	fputs(")\n", o->f);
}

static void hardening(struct out *o, const ls_audit *a)
{
	bool linked = a->kind != LS_ART_REL && a->kind != LS_ART_CORE &&
		      a->kind != LS_ART_OTHER && a->kind != LS_ART_DEBUGINFO;

	if (linked) {
		line(o, "relro", a->relro == LS_RELRO_FULL ? GOOD :
		     a->relro == LS_RELRO_PARTIAL ? WARN : BAD,
		     ls_relro_name(a->relro));
		if (a->load.has_dynamic)
			yesno(o, "bindnow", a->load.dyn.bind_now, true);
		if (program(a))
			yesno(o, "pie", a->pie, true);
		yesno(o, "nx", a->nx, true);
	}
	if (a->kind == LS_ART_DEBUGINFO)
		goto notes;
	if (ls_audit_canary_na(a) && !a->canary) {
		label(o, "canary");
		put(o, GOOD, "n/a");
		fprintf(o->f, " (not applicable: %s)\n", ls_audit_canary_na(a));
	} else {
		yesno(o, "canary", a->canary, true);
	}
	fortify(o, a);
	if (a->load.dyn.textrel)
		line(o, "textrel", BAD, "yes");
	if (a->rwx_segments)
		line(o, "rwx segments", BAD, "yes");
	if (a->machine == EM_X86_64 || a->machine == EM_386) {
		label(o, "cet");
		put(o, a->ibt ? GOOD : BAD, a->ibt ? "ibt" : "no-ibt");
		fputc(' ', o->f);
		put(o, a->shstk ? GOOD : BAD, a->shstk ? "shstk" : "no-shstk");
		fputc('\n', o->f);
		if (ls_x86_isa_name(a->x86_isa_needed))
			line(o, "isa needed", PLAIN, ls_x86_isa_name(a->x86_isa_needed));
	}
	if (a->machine == EM_AARCH64) {
		label(o, "aarch64");
		put(o, a->bti ? GOOD : BAD, a->bti ? "bti" : "no-bti");
		fputc(' ', o->f);
		put(o, a->pac ? GOOD : BAD, a->pac ? "pac" : "no-pac");
		fputc('\n', o->f);
	}
notes:
	if (a->build_id.size) {
		static const char hex[] = "0123456789abcdef";
		char buf[2 * 64 + 1];
		uint64_t i;

		label(o, "build id");
		for (i = 0; i < a->build_id.size && i < 64; i++) {
			buf[2 * i] = hex[a->build_id.base[i] >> 4];
			buf[2 * i + 1] = hex[a->build_id.base[i] & 15];
		}
		buf[2 * i] = '\n';
		fwrite(buf, 1, 2 * i + 1, o->f);
	}
	if (a->has_abi_tag) {
		label(o, "abi tag");
		fprintf(o->f, "%s %u.%u.%u\n", a->abi_os ? "os" : "Linux",
			a->abi_major, a->abi_minor, a->abi_sub);
	}
	line(o, "stripped", PLAIN, a->stripped ? "yes" : "no");
}

static void libc(struct out *o, const ls_audit *a)
{
	if (a->libc != LS_LIBC_UNKNOWN || a->nfloors)
		line(o, "libc", PLAIN, ls_libc_name(a->libc));
	for (uint32_t i = 0; i < a->nfloors; i++) {
		const ls_floor *f = &a->floors[i];
		char k[32];

		snprintf(k, sizeof k, "%s floor", f->family);
		label(o, k);
		fputs(f->name + strlen(f->family) + 1, o->f);
		for (uint32_t s = 0; s < f->count && s < 4; s++) {
			const char *name = a->floor_syms[f->first + s];
			/* GLIBCXX's symbols are C++: spell them as nm -C does. */
			char *dm = ls_demangle(name);

			fputs(s ? ", " : " (", o->f);
			fputs(dm ? dm : name, o->f);
			free(dm);
		}
		if (f->count)
			fputs(f->count > 4 ? ", ...)" : ")", o->f);
		fputc('\n', o->f);
	}
}

static void go(struct out *o, const ls_audit *a)
{
	const ls_gofacts *g = &a->go;
	const ls_gobuildinfo *bi = &g->bi;

	if (!g->is_go)
		return;
	label(o, "go");
	fprintf(o->f, "%s", bi->go_version ? bi->go_version : "(version unknown)");
	if (bi->path)
		fprintf(o->f, " %s", bi->path);
	fputc('\n', o->f);
	label(o, "go build");
	fprintf(o->f, "%s, %s link, cgo %s%s\n", g->build_mode ? g->build_mode : "?",
		g->link_mode ? g->link_mode : "?", g->cgo ? "linked in" : "not linked",
		g->race ? ", race detector" : "");
	if (bi->main && bi->main->version[0])
		fprintf(o->f, "  %-14s %s %s\n", "go main", bi->main->path,
			bi->main->version);
	if (bi->ndeps)
		fprintf(o->f, "  %-14s %zu module%s\n", "go deps", bi->ndeps,
			bi->ndeps == 1 ? "" : "s");
	if (a->go_funcs && g->pcln.present) {
		ls_diag d;

		for (uint32_t i = 0; i < g->pcln.nfunc; i++) {
			uint64_t entry;
			const char *name;

			if (ls_pclntab_func(&g->pcln, i, &entry, &name, &d) < 0)
				break;
			fprintf(o->f, "    %016llx %s\n", (unsigned long long)entry, name);
		}
	}
}

/* A named target that holds although some DT_NEEDED are not its
 * libraries says so (when it fails, its reason names them). */
static void unjudged(struct out *o, const ls_audit *a)
{
	for (uint32_t i = 0; i < a->nunjudged; i++) {
		const ls_unjudged *u = &a->unjudged[i];
		bool failed = false;

		for (uint32_t k = 0; k < a->nfailures; k++)
			failed |= a->failures[k].requirement == u->requirement;
		if (failed)
			continue;
		fputs("  ", o->f);
		put(o, WARN, "note");
		fprintf(o->f, " %s: holds for the target's libraries; not judged:",
			u->requirement);
		for (uint32_t k = 0; k < u->nlibs; k++)
			fprintf(o->f, "%s %s", k ? "," : "", u->libs[k]);
		fputs(" (not part of the target's base libraries)\n", o->f);
	}
}

/* A failed requirement, then its next step (analysis/remedy.c): what the
 * user will meet, and the fix that applies to this file (C, Go, or both
 * for cgo), indented under it. */
static void failure(struct out *o, const ls_failure *f)
{
	fputs("  ", o->f);
	put(o, BAD, "FAIL");
	fprintf(o->f, " %s: %s\n", f->requirement, f->reason);
	if (f->symptom)
		fprintf(o->f, "    symptom: %s\n", f->symptom);
	if (f->fix_c)
		fprintf(o->f, "    fix (C): %s\n", f->fix_c);
	if (f->fix_go)
		fprintf(o->f, "    fix (Go): %s\n", f->fix_go);
}

void ls_check_text(FILE *f, const ls_check_result *r, bool color)
{
	const ls_audit *a = &r->audit;
	struct out o = { f, color };
	const char *kinds[] = {
		[LS_ART_OTHER] = "ELF file", [LS_ART_EXEC] = "executable",
		[LS_ART_PIE] = "PIE executable", [LS_ART_STATIC_PIE] = "static PIE executable",
		[LS_ART_SHARED] = "shared library", [LS_ART_REL] = "relocatable object",
		[LS_ART_CORE] = "core file", [LS_ART_DEBUGINFO] = "debug-info file",
	};

	if (a->member)
		fprintf(f, "%s(%s)", a->path, a->member);
	else
		fputs(a->path, f);
	/* ": %s, ELF%d %s-endian %s (%s)\n", without printf (once per file) */
	fputs(": ", f);
	fputs(kinds[a->kind], f);
	fputs(a->elfclass == 2 ? ", ELF64 " : ", ELF32 ", f);
	fputs(a->order == LS_BE ? "big-endian " : "little-endian ", f);
	fputs(ls_machine_name(a->machine), f);
	fputs(" (", f);
	fputs(ls_osabi_name(a->osabi), f);
	fputs(")\n", f);
	loading(&o, a);
	hardening(&o, a);
	libc(&o, a);
	go(&o, a);
	for (uint32_t i = 0; i < a->nfailures; i++)
		failure(&o, &a->failures[i]);
	unjudged(&o, a);
}
