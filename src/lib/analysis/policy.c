/*
 * policy.c - the requirements `check --require` knows, and how each is
 * judged.
 *
 * A requirement that cannot apply to an artifact holds for it: pie and
 * relro say nothing of a relocatable object, cet nothing of an AArch64
 * binary, go>=1.22 nothing of a C program.  That lets one policy gate a
 * whole directory or archive.  Every failure carries the fact behind it,
 * with no bound on its length; a version gate's carries every symbol above
 * its target (libc_floor.c collects them).  `hardened` is a preset: it
 * expands, when parsed, into one requirement per part and kind of file.
 */
#include "policy.h"
#include "remedy.h"
#include "systarget.h"
#include "../readers/elf_defs.h"

#include "../core/array.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARG_NONE, ARG_LE, ARG_GE, ARG_EQ, ARG_NAME };

/* A failure's reason as it is written: no fixed bound (a version gate
 * can list hundreds of symbols).  oom is set when it could not grow. */
struct why {
	char *s;
	size_t n, cap;
	bool oom;
	ls_failure *f;		/* a version gate's symbols go here */
	const char **unjudged;	/* a target's unknown DT_NEEDED (malloc'd) */
	uint32_t nunjudged;
};

typedef bool (*judge_fn)(const ls_audit *a, const ls_requirement *r,
			 struct why *why);

struct rule {
	const char *name;
	int arg;		/* which operator it takes */
	judge_fn judge;
	const char *usage;	/* how it is written, for help */
	const char *desc;
};

/* Appends printf output to why. */
__attribute__((format(printf, 2, 3)))
static void say(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (w->oom || len < 0 ||
	    ls_array_reserve(&w->s, &w->cap, w->n + (size_t)len + 1, 1) < 0) {
		w->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(w->s + w->n, (size_t)len + 1, fmt, ap);
	va_end(ap);
	w->n += (size_t)len;
}

static bool linked(const ls_audit *a)
{
	return a->kind == LS_ART_EXEC || a->kind == LS_ART_PIE ||
	       a->kind == LS_ART_STATIC_PIE || a->kind == LS_ART_SHARED;
}

static bool program(const ls_audit *a)
{
	return a->kind == LS_ART_EXEC || a->kind == LS_ART_PIE ||
	       a->kind == LS_ART_STATIC_PIE;
}

/* The kind of artifact a preset's part applies to (ls_requirement.kinds). */
static unsigned kind_bit(const ls_audit *a)
{
	switch (a->kind) {
	case LS_ART_EXEC: case LS_ART_PIE: case LS_ART_STATIC_PIE:
		return LS_KIND_PROGRAM;
	case LS_ART_SHARED:
		return LS_KIND_SHARED;
	case LS_ART_REL:
		return LS_KIND_OBJECT;
	default:
		return 0;
	}
}

static bool j_static(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!program(a) || a->is_static || a->kind == LS_ART_STATIC_PIE)
		return true;
	if (a->load.interp)
		say(why, "dynamically linked: interpreter %s, %u needed libraries",
		    a->load.interp, a->load.dyn.nneeded);
	else
		say(why, "has a dynamic section (PT_DYNAMIC)");
	return false;
}

static bool j_scratch(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!program(a) || a->scratch_ok)
		return true;
	say(why, "cannot run in an empty container: %s", a->scratch_reason);
	return false;
}

static bool j_pie(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!program(a) || a->pie)
		return true;
	say(why, "ET_EXEC: loaded at a fixed address (not position-independent)");
	/* Go's default -buildmode=exe is ET_EXEC; -buildmode=pie links
	 * internally into a PIE that needs the dynamic loader (even with
	 * CGO_ENABLED=0), and a static PIE needs the C linker. */
	if (a->go.is_go)
		say(why, "; Go: build with -buildmode=pie (then it needs the "
		    "dynamic loader; a static PIE: CGO_ENABLED=1 -buildmode=pie "
		    "-ldflags='-linkmode=external -extldflags=-static-pie')");
	return false;
}

static bool go_external(const ls_audit *a)
{
	return a->go.link_mode && !strcmp(a->go.link_mode, "external");
}

/*
 * Which Go build flags give RELRO (measured with Go 1.26.8 on x86-64; Go
 * 1.21 has no -bindnow; docs/check.md "Hardening that knows Go").  Go's own linker writes
 * PT_GNU_RELRO only when Target.UseRelro() holds (cmd/link/internal/ld/
 * target.go: -buildmode=pie, c-shared, c-archive, shared, plugin, or
 * -linkshared; elf.go's elfphrelro), and DF_BIND_NOW only with -bindnow
 * (Go 1.23+; elf.go, and lib.go passes -Wl,-z,now to the C linker).  A
 * default -buildmode=exe gets none.  With -linkmode=external the C linker
 * decides: lib.go passes -Wl,-z,relro for those build modes, else the C
 * linker's default applies.
 */
static void go_relro_hint(const ls_audit *a, struct why *why, bool full)
{
	if (a->relro == LS_RELRO_NONE && go_external(a))
		say(why, "; Go: link with -ldflags='-linkmode=external "
		    "-extldflags=-Wl,-z,relro,-z,now'");
	else if (a->relro == LS_RELRO_NONE)
		say(why, "; Go: the Go linker writes PT_GNU_RELRO only for "
		    "-buildmode=pie (and c-shared, plugin): build with "
		    "-buildmode=pie%s", full ? " -ldflags=-bindnow (Go 1.23+)" : "");
	else
		say(why, "; Go: add -ldflags=-bindnow (Go 1.23+; older: "
		    "-ldflags='-linkmode=external -extldflags=-Wl,-z,now')");
}

static bool j_relro(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	bool full = !strcmp(r->arg, "full");

	if (!linked(a) || a->relro == LS_RELRO_FULL ||
	    (!full && a->relro == LS_RELRO_PARTIAL))
		return true;
	if (a->relro == LS_RELRO_NONE)
		say(why, "no PT_GNU_RELRO segment%s",
		    a->load.dyn.bind_now ? " (BIND_NOW alone does not make the GOT read-only)" : "");
	else
		say(why, "partial RELRO: PT_GNU_RELRO without BIND_NOW, the GOT stays writable");
	if (a->go.is_go)
		go_relro_hint(a, why, full);
	return false;
}

static bool j_bindnow(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!linked(a) || a->load.dyn.bind_now || !a->load.has_dynamic)
		return true;
	say(why, "lazy binding: no DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW");
	if (a->go.is_go)
		say(why, "; Go: add -ldflags=-bindnow (Go 1.23+; older: "
		    "-ldflags='-linkmode=external -extldflags=-Wl,-z,now')");
	return false;
}

static bool j_nx(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!linked(a) || a->nx)
		return true;
	say(why, "executable stack (PT_GNU_STACK with PF_X, or no PT_GNU_STACK on an architecture that then defaults to it)");
	return false;
}

static bool j_canary(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	/* Not applicable (pure Go, debug info) holds. */
	if (a->canary || ls_audit_canary_na(a))
		return true;
	say(why, "no __stack_chk_fail or __stack_chk_guard reference: built without -fstack-protector");
	if (a->go.is_go)
		say(why, "; Go: build the cgo C code with CGO_CFLAGS='-O2 "
		    "-fstack-protector-strong' (runtime/cgo itself is always "
		    "built with -fno-stack-protector: runtime/cgo/cgo.go)");
	return false;
}

/* "memcpy, strcpy, read, ..." (at most max names). */
static void list_unfortified(const ls_audit *a, struct why *why, uint32_t max)
{
	uint32_t shown = 0;

	for (uint32_t i = 0; i < ls_fortify_count(); i++) {
		size_t len;
		const char *p;

		if (!(a->fortify_plain[i / 8] & (1u << (i % 8))))
			continue;
		if (shown++ == max) {
			say(why, ", ...");
			break;
		}
		p = ls_fortify_plain(i, &len);
		say(why, "%s%.*s", shown > 1 ? ", " : "", (int)len, p);
	}
}

static bool j_fortify(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	/* Holds with a fortified call, with nothing fortifiable (checksec's
	 * "fortify-able 0": no call _FORTIFY_SOURCE could have checked), or
	 * when it cannot apply (pure Go). */
	if (strcmp(ls_audit_fortify_status(a), "no"))
		return true;
	say(why, "0 of %u fortifiable function%s fortified (", a->unfortified,
	    a->unfortified == 1 ? "" : "s");
	list_unfortified(a, why, 8);
	say(why, "): built without -D_FORTIFY_SOURCE=2 (or without optimisation, -O1 or more)");
	if (a->go.is_go)
		say(why, "; Go: build the cgo C code with CGO_CFLAGS='-O2 "
		    "-D_FORTIFY_SOURCE=2'");
	return false;
}

static bool j_no_rpath(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!a->load.dyn.rpath && !a->load.dyn.runpath)
		return true;
	say(why, "%s %s", a->load.dyn.rpath ? "DT_RPATH" : "DT_RUNPATH",
	    a->load.dyn.rpath ? a->load.dyn.rpath : a->load.dyn.runpath);
	return false;
}

/* Every unsafe element, each in plain words (remedy.c): who could plant
 * a library there and how. */
static bool j_safe_rpath(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!a->nrisks)
		return true;
	if (a->nrisks > 1)
		say(why, "%u unsafe search directories: ", a->nrisks);
	for (uint32_t i = 0; i < a->nrisks; i++) {
		char *text = ls_rpath_explain(a, &a->risks[i]);

		if (!text)
			why->oom = true;
		say(why, "%s%s %s", i ? "; " : "",
		    a->risks[i].runpath ? "DT_RUNPATH" : "DT_RPATH",
		    text ? text : "");
		free(text);
	}
	return false;
}

static bool j_no_textrel(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!a->load.dyn.textrel)
		return true;
	say(why, "text relocations (DT_TEXTREL): code pages are written at load time");
	return false;
}

static bool j_no_rwx(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!a->rwx_segments)
		return true;
	say(why, "%u PT_LOAD segment%s both writable and executable",
	    a->rwx_segments, a->rwx_segments == 1 ? " is" : "s are");
	return false;
}

static bool j_cet(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if ((a->machine != EM_X86_64 && a->machine != EM_386) ||
	    (a->ibt && a->shstk))
		return true;
	if (!a->has_x86_feature)
		say(why, "no GNU_PROPERTY_X86_FEATURE_1_AND property (an input lacked -fcf-protection, or the link lacked -z ibt -z shstk)");
	else
		say(why, "IBT %s, SHSTK %s", a->ibt ? "on" : "off",
		    a->shstk ? "on" : "off");
	return false;
}

static bool j_bti(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (a->machine != EM_AARCH64 || a->bti)
		return true;
	say(why, "no BTI in GNU_PROPERTY_AARCH64_FEATURE_1_AND (an input lacked -mbranch-protection)");
	return false;
}

static bool j_cgo(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	bool want = !strcmp(r->spelled, "cgo");

	if (!a->go.is_go || a->go.cgo == want)
		return true;
	say(why, want ? "no cgo code is linked in" :
	    "cgo code is linked in (runtime/cgo and a C toolchain's objects)");
	return false;
}

/* Highest version first; within a version, by name (stable output). */
static int vsym_cmp(const void *x, const void *y)
{
	const ls_vsym *a = x, *b = y;
	int c = ls_version_cmp(b->version + strlen(b->family) + 1,
			       a->version + strlen(a->family) + 1);

	return c ? c : strcmp(a->name, b->name);
}

/*
 * A version gate (glibc<=, glibcxx<=, cxxabi<=, gcc<=): the family's
 * floor must not be above the target.  When it is, the failure lists
 * every import bound to a version above the target, grouped by version
 * -- glibc's loader names the missing versions (one line each,
 * elf/rtld.c print_missing_version), never the symbols bound to them,
 * and fixing one symbol at a time is what the user must not have to do.
 */
static bool version_gate(const ls_audit *a, const ls_requirement *r,
			 struct why *why, const char *family)
{
	ls_failure *f = why->f;
	const char *floor = NULL, *prev = NULL;
	size_t plen = strlen(family) + 1;
	uint32_t n = 0;

	for (uint32_t i = 0; i < a->nfloors; i++)
		if (!strcmp(a->floors[i].family, family))
			floor = a->floors[i].name + plen;
	if (!floor || ls_version_cmp(floor, r->arg) <= 0)
		return true;
	for (uint32_t i = 0; i < a->nvsyms; i++)
		n += !strcmp(a->vsyms[i].family, family) &&
		     ls_version_cmp(a->vsyms[i].version + plen, r->arg) > 0;
	if (n && (f->syms = malloc(n * sizeof *f->syms))) {
		for (uint32_t i = 0; i < a->nvsyms; i++)
			if (!strcmp(a->vsyms[i].family, family) &&
			    ls_version_cmp(a->vsyms[i].version + plen, r->arg) > 0)
				f->syms[f->nsyms++] = a->vsyms[i];
		qsort(f->syms, f->nsyms, sizeof *f->syms, vsym_cmp);
	} else if (n) {
		why->oom = true;
	}
	if (!f->nsyms) {
		say(why, "needs %s_%s", family, floor);
		return false;
	}
	/* "needs GLIBC_2.36 (arc4random), GLIBC_2.34 (pthread_create)" */
	say(why, "needs");
	for (uint32_t i = 0; i < f->nsyms; i++) {
		const ls_vsym *v = &f->syms[i];

		if (prev && !strcmp(prev, v->version))
			say(why, ", %s", v->name);
		else
			say(why, "%s %s (%s", prev ? ")," : "", v->version, v->name);
		prev = v->version;
	}
	say(why, ")");
	if (f->nsyms > 1)
		say(why, "; %u symbols above %s_%s", f->nsyms, family, r->arg);
	return false;
}

static bool j_glibc(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	return version_gate(a, r, why, "GLIBC");
}

static bool j_glibcxx(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	return version_gate(a, r, why, "GLIBCXX");
}

static bool j_cxxabi(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	return version_gate(a, r, why, "CXXABI");
}

static bool j_gcc(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	return version_gate(a, r, why, "GCC");
}

static bool j_go(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	const char *v = a->go.bi.go_version;

	if (!a->go.is_go)
		return true;
	if (!v || strncmp(v, "go", 2)) {
		say(why, "the Go version is unknown (no .go.buildinfo)");
		return false;
	}
	if (ls_version_cmp(v + 2, r->arg) >= 0)
		return true;
	say(why, "built with %s", v);
	return false;
}

static bool j_buildid(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	(void)r;
	if (!linked(a) || a->build_id.size)
		return true;
	say(why, "no NT_GNU_BUILD_ID note (link with --build-id)");
	return false;
}

/* target=NAME: would the file load on a named system, judged symbol by
 * symbol from the compiled-in data (systarget.c). */
static bool j_target(const ls_audit *a, const ls_requirement *r, struct why *why)
{
	ls_systarget_verdict v;

	int rc = ls_systarget_judge(a, r->arg, &v);

	why->unjudged = v.unjudged;
	why->nunjudged = v.nunjudged;
	if (rc < 0)
		why->oom = true;
	else if (v.holds)
		return true;
	else
		say(why, "%s", v.reason);
	free(v.reason);
	why->f->syms = v.syms;
	why->f->nsyms = v.nsyms;
	return false;
}

static const struct rule rules[] = {
	{ "static", ARG_NONE, j_static, "static", "no interpreter and no dynamic section (static-pie counts)" },
	{ "scratch", ARG_NONE, j_scratch, "scratch", "runs in an empty container: no interpreter, no DT_NEEDED" },
	{ "pie", ARG_NONE, j_pie, "pie", "programs are position-independent (ET_DYN with DF_1_PIE)" },
	{ "relro", ARG_EQ, j_relro, "relro=full|partial", "full: PT_GNU_RELRO and immediate binding; partial: PT_GNU_RELRO" },
	{ "bindnow", ARG_NONE, j_bindnow, "bindnow", "immediate binding (DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW)" },
	{ "nx", ARG_NONE, j_nx, "nx", "non-executable stack" },
	{ "canary", ARG_NONE, j_canary, "canary", "stack protector (__stack_chk_fail/__stack_chk_guard); pure Go: n/a" },
	{ "fortify", ARG_NONE, j_fortify, "fortify", "a glibc fortified (_chk) call, or nothing fortifiable; pure Go: n/a" },
	{ "no-rpath", ARG_NONE, j_no_rpath, "no-rpath", "no DT_RPATH or DT_RUNPATH" },
	{ "safe-rpath", ARG_NONE, j_safe_rpath, "safe-rpath", "no relative, empty, writable, missing or setuid-$ORIGIN search directory" },
	{ "no-textrel", ARG_NONE, j_no_textrel, "no-textrel", "no text relocations" },
	{ "no-rwx", ARG_NONE, j_no_rwx, "no-rwx", "no writable and executable load segment" },
	{ "cet", ARG_NONE, j_cet, "cet", "x86: IBT and SHSTK (other machines: holds)" },
	{ "bti", ARG_NONE, j_bti, "bti", "AArch64: BTI (other machines: holds)" },
	{ "no-cgo", ARG_NONE, j_cgo, "no-cgo", "Go: no cgo code linked in" },
	{ "cgo", ARG_NONE, j_cgo, "cgo", "Go: cgo code linked in" },
	{ "glibc", ARG_LE, j_glibc, "glibc<=X.Y", "needs no GLIBC version above X.Y (runs on glibc X.Y); also glibc-max=X.Y, glibc=X.Y" },
	{ "glibcxx", ARG_LE, j_glibcxx, "glibcxx<=X.Y.Z", "needs no GLIBCXX version above X.Y.Z (libstdc++); also glibcxx-max=X.Y.Z" },
	{ "cxxabi", ARG_LE, j_cxxabi, "cxxabi<=X.Y.Z", "needs no CXXABI version above X.Y.Z (libstdc++); also cxxabi-max=X.Y.Z" },
	{ "gcc", ARG_LE, j_gcc, "gcc<=X.Y", "needs no GCC version above X.Y (libgcc_s); also gcc-max=X.Y" },
	{ "go", ARG_GE, j_go, "go>=1.N", "Go files built with Go 1.N or later" },
	{ "buildid", ARG_NONE, j_buildid, "buildid", "has a GNU build ID note" },
	{ "target", ARG_NAME, j_target, "target=NAME", "would load on NAME (debian-11, manylinux_2_28, ...: check --list-targets), symbol by symbol; also --target NAME" },
	/* A preset: expanded when parsed (the hardened table below). */
	{ "hardened", ARG_NONE, NULL, "hardened", "Debian's hardening=+all for each kind of file (below)" },
};

#define NRULES (int)(sizeof rules / sizeof rules[0])

/*
 * `hardened`: what Debian's dpkg-buildflags gives a package with
 * DEB_BUILD_MAINT_OPTIONS=hardening=+all (scripts/Dpkg/Vendor/Debian.pm,
 * dpkg 1.21.22: set_build_features turns every hardening feature on, and
 * _add_build_flags turns them into -fstack-protector-strong,
 * -D_FORTIFY_SOURCE=2 (with -O), -Wl,-z,relro, -Wl,-z,now, and PIE by
 * gcc's built-in default or the pie specs), judged per kind of file the way
 * hardening-check (devscripts) judges the result: a shared library is not
 * a PIE and gets no pie/bindnow line of its own (its full RELRO already
 * needs immediate binding); a relocatable object was compiled but not
 * linked, so only what the compiler put in it (canary, fortify) is there
 * to see.  nx, no-textrel, no-rwx and safe-rpath are what a correct link
 * of hardened objects gives (a writable-and-executable segment or a text
 * relocation undoes pie and relro).  A Go artifact is judged by the same
 * list; canary and fortify do not apply to pure Go (hardening.c).
 */
#define P LS_KIND_PROGRAM
#define S LS_KIND_SHARED
#define O LS_KIND_OBJECT
static const struct { const char *spelled; unsigned kinds; } hardened[] = {
	{ "pie", P }, { "relro=full", P | S }, { "bindnow", P },
	{ "nx", P | S }, { "canary", P | S | O }, { "fortify", P | S | O },
	{ "no-textrel", P | S }, { "no-rwx", P | S }, { "safe-rpath", P | S },
};
#undef P
#undef S
#undef O

const char *ls_requirement_name(int id)
{
	return id >= 0 && id < NRULES ? rules[id].name : "?";
}

const char *ls_requirement_usage(int id)
{
	return id >= 0 && id < NRULES ? rules[id].usage : "?";
}

const char *ls_requirement_desc(int id)
{
	return id >= 0 && id < NRULES ? rules[id].desc : "";
}

int ls_requirement_count(void)
{
	return NRULES;
}

static bool valid_version(const char *v)
{
	if (!*v)
		return false;
	for (; *v; v++)
		if (!(*v >= '0' && *v <= '9') && *v != '.')
			return false;
	return true;
}

/* The error for an unknown requirement lists the valid spellings. */
static void unknown(const char *spelled, char *err, size_t errlen)
{
	size_t at;
	int k = snprintf(err, errlen, "unknown requirement '%s'; valid:", spelled);

	at = k < 0 ? 0 : (size_t)k;
	for (int i = 0; i < NRULES && at < errlen; i++) {
		k = snprintf(err + at, errlen - at, " %s", rules[i].usage);
		at += k < 0 ? 0 : (size_t)k;
	}
	if (at < errlen)
		snprintf(err + at, errlen - at, " (NAME-max=V for NAME<=V)");
}

/* target=NAME: NAME must be a known target; the error lists them. */
static int known_target(const ls_requirement *r, size_t arglen, char *err,
			size_t errlen)
{
	char near[256];
	size_t at;
	int k;

	if (arglen < sizeof r->arg && ls_systarget_lookup(r->arg) >= 0)
		return 0;
	ls_systarget_suggest(r->arg, near, sizeof near);
	k = snprintf(err, errlen, "unknown target '%s'%s%s%s; known:", r->arg,
		     *near ? " (did you mean " : "", near, *near ? "?)" : "");
	at = k < 0 ? 0 : (size_t)k;
	for (int i = 0; i < ls_systarget_count(NULL) && at < errlen; i++) {
		k = snprintf(err + at, errlen - at, " %s", ls_systarget_get(i)->name);
		at += k < 0 ? 0 : (size_t)k;
	}
	return -1;
}

static int parse_one(ls_requirement *r, const char *tok, size_t len,
		     char *err, size_t errlen)
{
	static const char *const ops[] = { [ARG_LE] = "<=", [ARG_GE] = ">=", [ARG_EQ] = "=" };
	size_t name_len = strcspn(tok, "<>=");
	int op = ARG_NONE;
	bool max = false;

	r->kinds = 0;
	if (name_len > len)
		name_len = len;
	if (len >= sizeof r->spelled) {
		snprintf(err, errlen, "requirement '%.*s' is too long", (int)len, tok);
		return -1;
	}
	memcpy(r->spelled, tok, len);
	r->spelled[len] = '\0';
	if (name_len < len) {
		for (op = ARG_LE; op <= ARG_EQ; op++)
			if (!strncmp(tok + name_len, ops[op], strlen(ops[op])))
				break;
		if (op > ARG_EQ) {
			snprintf(err, errlen, "requirement '%s': bad operator", r->spelled);
			return -1;
		}
		snprintf(r->arg, sizeof r->arg, "%.*s",
			 (int)(len - name_len - strlen(ops[op])),
			 tok + name_len + strlen(ops[op]));
	}
	/* NAME-max=V is the shell-safe spelling of NAME<=V: an unquoted
	 * `<=` is a redirection to the shell. */
	if (op == ARG_EQ && name_len > 4 && !strncmp(tok + name_len - 4, "-max", 4)) {
		name_len -= 4;
		max = true;
	}
	for (r->id = 0; r->id < NRULES; r->id++)
		if (strlen(rules[r->id].name) == name_len &&
		    !strncmp(rules[r->id].name, tok, name_len))
			break;
	if (r->id == NRULES || (max && rules[r->id].arg != ARG_LE) ||
	    !rules[r->id].judge) {
		unknown(r->spelled, err, errlen);
		return -1;
	}
	/* glibc=2.31, "must run on glibc 2.31", is glibc<=2.31: a version
	 * gate's target is the newest version the target system has. */
	if (op == ARG_EQ && rules[r->id].arg == ARG_LE)
		op = ARG_LE;
	if (op == ARG_EQ && rules[r->id].arg == ARG_NAME)
		op = ARG_NAME;
	if (op != rules[r->id].arg) {
		snprintf(err, errlen, "requirement '%s' must be written %s%s", r->spelled,
			 rules[r->id].name,
			 rules[r->id].arg == ARG_LE ? "<=X.Y (or -max=X.Y)" :
			 rules[r->id].arg == ARG_GE ? ">=1.N" :
			 rules[r->id].arg == ARG_EQ ? "=full or =partial" :
			 rules[r->id].arg == ARG_NAME ? "=NAME" : "");
		return -1;
	}
	if (op == ARG_EQ && strcmp(r->arg, "full") && strcmp(r->arg, "partial")) {
		snprintf(err, errlen, "requirement '%s': relro takes full or partial", r->spelled);
		return -1;
	}
	if (op == ARG_NAME)
		return known_target(r, len - name_len - 1, err, errlen);
	if ((op == ARG_LE || op == ARG_GE) && !valid_version(r->arg)) {
		snprintf(err, errlen, "requirement '%s': '%s' is not a version like %s",
			 r->spelled, r->arg, op == ARG_LE ? "2.28" : "1.22");
		return -1;
	}
	return 0;
}

/* `hardened` as its parts, each spelled "hardened:PART" in reports. */
static int add_preset(ls_policy *p, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof hardened / sizeof hardened[0]; i++) {
		ls_requirement *r = &p->req[p->n];
		const char *part = hardened[i].spelled;

		if (p->n == LS_MAX_REQUIREMENTS) {
			snprintf(err, errlen, "more than %d requirements", LS_MAX_REQUIREMENTS);
			return -1;
		}
		if (parse_one(r, part, strlen(part), err, errlen) < 0)
			return -1;
		snprintf(r->spelled, sizeof r->spelled, "hardened:%s", part);
		r->kinds = hardened[i].kinds;
		p->n++;
	}
	return 0;
}

int ls_policy_parse(ls_policy *p, const char *spec, char *err, size_t errlen)
{
	const char *tok = spec;

	for (;;) {
		size_t len = strcspn(tok, ",");

		if (len == 0) {
			snprintf(err, errlen, "empty requirement in '%s'", spec);
			return -1;
		}
		if (p->n == LS_MAX_REQUIREMENTS) {
			snprintf(err, errlen, "more than %d requirements", LS_MAX_REQUIREMENTS);
			return -1;
		}
		if (len == 8 && !strncmp(tok, "hardened", 8)) {
			if (add_preset(p, err, errlen) < 0)
				return -1;
		} else {
			if (parse_one(&p->req[p->n], tok, len, err, errlen) < 0)
				return -1;
			p->n++;
		}
		if (tok[len] == '\0')
			return 0;
		tok += len + 1;
	}
}

static char oom_reason[] = "(out of memory while describing the failure)";

/* A target's not-judged libraries, kept whether it holds or not so a
 * report names them (a file that holds says what was not judged). */
static void keep_unjudged(ls_audit *a, const ls_requirement *r, struct why *w)
{
	if (w->nunjudged && a->nunjudged < LS_MAX_FAILURES) {
		a->unjudged[a->nunjudged++] = (ls_unjudged){ r->spelled, w->unjudged,
							     w->nunjudged };
		w->unjudged = NULL;
	}
	free(w->unjudged);
	w->unjudged = NULL;
}

uint32_t ls_policy_eval(const ls_policy *p, ls_audit *a)
{
	uint32_t before = a->nfailures;

	for (int i = 0; i < p->n && a->nfailures < LS_MAX_FAILURES; i++) {
		const ls_requirement *r = &p->req[i];
		ls_failure *f = &a->failures[a->nfailures];
		struct why w = { .f = f };

		bool holds;

		memset(f, 0, sizeof *f);
		/* A preset's part judges only its kinds of file. */
		if (r->kinds && !(r->kinds & kind_bit(a)))
			continue;
		holds = rules[r->id].judge(a, r, &w);
		keep_unjudged(a, r, &w);
		if (holds) {
			free(w.s);
			free(f->syms);
			f->syms = NULL;
			f->nsyms = 0;
			continue;
		}
		f->requirement = r->spelled;
		f->rule = r->id;
		if (w.oom || !w.s) {
			/* The failure itself is never dropped. */
			free(w.s);
			f->reason = oom_reason;
		} else {
			f->reason = w.s;
			f->reason_heap = true;
		}
		/* Out of memory leaves the next step out; the failure stays. */
		(void)ls_remedy_fill(f, a);
		a->nfailures++;
	}
	return a->nfailures - before;
}
