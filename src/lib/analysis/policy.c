/*
 * policy.c - the requirements `check --require` knows, and how each is
 * judged.
 *
 * A requirement that cannot apply to an artifact holds for it: pie and
 * relro say nothing of a relocatable object, cet nothing of an AArch64
 * binary, go>=1.22 nothing of a C program.  That lets one policy gate a
 * whole directory or archive.  Every failure carries the fact behind it.
 */
#include "policy.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARG_NONE, ARG_LE, ARG_GE, ARG_EQ };

typedef bool (*judge_fn)(const ls_audit *a, const ls_requirement *r,
			 char *why, size_t n);

struct rule {
	const char *name;
	int arg;		/* which operator it takes */
	judge_fn judge;
	const char *usage;	/* how it is written, for help */
	const char *desc;
};

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

static bool j_static(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!program(a) || a->is_static || a->kind == LS_ART_STATIC_PIE)
		return true;
	if (a->load.interp)
		snprintf(why, n, "dynamically linked: interpreter %s, %u needed libraries",
			 a->load.interp, a->load.dyn.nneeded);
	else
		snprintf(why, n, "has a dynamic section (PT_DYNAMIC)");
	return false;
}

static bool j_scratch(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!program(a) || a->scratch_ok)
		return true;
	snprintf(why, n, "cannot run in an empty container: %s", a->scratch_reason);
	return false;
}

static bool j_pie(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!program(a) || a->pie)
		return true;
	snprintf(why, n, "ET_EXEC: loaded at a fixed address (not position-independent)");
	return false;
}

static bool j_relro(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	bool full = !strcmp(r->arg, "full");

	if (!linked(a) || a->relro == LS_RELRO_FULL ||
	    (!full && a->relro == LS_RELRO_PARTIAL))
		return true;
	if (a->relro == LS_RELRO_NONE)
		snprintf(why, n, "no PT_GNU_RELRO segment%s",
			 a->load.dyn.bind_now ? " (BIND_NOW alone does not make the GOT read-only)" : "");
	else
		snprintf(why, n, "partial RELRO: PT_GNU_RELRO without BIND_NOW, the GOT stays writable");
	return false;
}

static bool j_bindnow(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!linked(a) || a->load.dyn.bind_now || !a->load.has_dynamic)
		return true;
	snprintf(why, n, "lazy binding: no DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW");
	return false;
}

static bool j_nx(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!linked(a) || a->nx)
		return true;
	snprintf(why, n, "executable stack (PT_GNU_STACK with PF_X, or no PT_GNU_STACK on an architecture that then defaults to it)");
	return false;
}

static bool j_canary(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (a->canary || a->kind == LS_ART_DEBUGINFO)
		return true;
	snprintf(why, n, "no __stack_chk_fail or __stack_chk_guard reference: built without -fstack-protector");
	return false;
}

static bool j_fortify(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (a->fortified || a->kind == LS_ART_DEBUGINFO)
		return true;
	snprintf(why, n, "no glibc _chk function used: built without -D_FORTIFY_SOURCE (or without optimisation)");
	return false;
}

static bool j_no_rpath(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!a->load.dyn.rpath && !a->load.dyn.runpath)
		return true;
	snprintf(why, n, "%s %s", a->load.dyn.rpath ? "DT_RPATH" : "DT_RUNPATH",
		 a->load.dyn.rpath ? a->load.dyn.rpath : a->load.dyn.runpath);
	return false;
}

static bool j_safe_rpath(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!a->nrisks)
		return true;
	snprintf(why, n, "%s element '%.*s' is %s",
		 a->risks[0].runpath ? "DT_RUNPATH" : "DT_RPATH",
		 (int)a->risks[0].dir.n, a->risks[0].dir.p,
		 ls_risk_name(a->risks[0].kind));
	return false;
}

static bool j_no_textrel(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!a->load.dyn.textrel)
		return true;
	snprintf(why, n, "text relocations (DT_TEXTREL): code pages are written at load time");
	return false;
}

static bool j_no_rwx(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!a->rwx_segments)
		return true;
	snprintf(why, n, "%u PT_LOAD segment%s both writable and executable",
		 a->rwx_segments, a->rwx_segments == 1 ? " is" : "s are");
	return false;
}

static bool j_cet(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if ((a->machine != EM_X86_64 && a->machine != EM_386) ||
	    (a->ibt && a->shstk))
		return true;
	if (!a->has_x86_feature)
		snprintf(why, n, "no GNU_PROPERTY_X86_FEATURE_1_AND property (an input lacked -fcf-protection, or the link lacked -z ibt -z shstk)");
	else
		snprintf(why, n, "IBT %s, SHSTK %s", a->ibt ? "on" : "off",
			 a->shstk ? "on" : "off");
	return false;
}

static bool j_bti(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (a->machine != EM_AARCH64 || a->bti)
		return true;
	snprintf(why, n, "no BTI in GNU_PROPERTY_AARCH64_FEATURE_1_AND (an input lacked -mbranch-protection)");
	return false;
}

static bool j_cgo(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	bool want = !strcmp(r->spelled, "cgo");

	if (!a->go.is_go || a->go.cgo == want)
		return true;
	snprintf(why, n, want ? "no cgo code is linked in" :
		 "cgo code is linked in (runtime/cgo and a C toolchain's objects)");
	return false;
}

static const char *floor_of(const ls_audit *a, const char *family)
{
	for (uint32_t i = 0; i < a->nfloors; i++)
		if (!strcmp(a->floors[i].family, family))
			return a->floors[i].name + strlen(family) + 1;
	return NULL;
}

static bool j_glibc(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	const char *f = floor_of(a, "GLIBC");

	if (!f || ls_version_cmp(f, r->arg) <= 0)
		return true;
	for (uint32_t i = 0; i < a->nfloors; i++)
		if (!strcmp(a->floors[i].family, "GLIBC") && a->floors[i].count) {
			snprintf(why, n, "needs GLIBC_%s (%s%s)", f,
				 a->floor_syms[a->floors[i].first],
				 a->floors[i].count > 1 ? ", ..." : "");
			return false;
		}
	snprintf(why, n, "needs GLIBC_%s", f);
	return false;
}

static bool j_go(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	const char *v = a->go.bi.go_version;

	if (!a->go.is_go)
		return true;
	if (!v || strncmp(v, "go", 2)) {
		snprintf(why, n, "the Go version is unknown (no .go.buildinfo)");
		return false;
	}
	if (ls_version_cmp(v + 2, r->arg) >= 0)
		return true;
	snprintf(why, n, "built with %s", v);
	return false;
}

static bool j_buildid(const ls_audit *a, const ls_requirement *r, char *why, size_t n)
{
	(void)r;
	if (!linked(a) || a->build_id.size)
		return true;
	snprintf(why, n, "no NT_GNU_BUILD_ID note (link with --build-id)");
	return false;
}

static const struct rule rules[] = {
	{ "static", ARG_NONE, j_static, "static", "no interpreter and no dynamic section (static-pie counts)" },
	{ "scratch", ARG_NONE, j_scratch, "scratch", "runs in an empty container: no interpreter, no DT_NEEDED" },
	{ "pie", ARG_NONE, j_pie, "pie", "programs are position-independent (ET_DYN with DF_1_PIE)" },
	{ "relro", ARG_EQ, j_relro, "relro=full|partial", "full: PT_GNU_RELRO and immediate binding; partial: PT_GNU_RELRO" },
	{ "bindnow", ARG_NONE, j_bindnow, "bindnow", "immediate binding (DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW)" },
	{ "nx", ARG_NONE, j_nx, "nx", "non-executable stack" },
	{ "canary", ARG_NONE, j_canary, "canary", "stack protector (__stack_chk_fail/__stack_chk_guard)" },
	{ "fortify", ARG_NONE, j_fortify, "fortify", "at least one glibc fortified (_chk) function" },
	{ "no-rpath", ARG_NONE, j_no_rpath, "no-rpath", "no DT_RPATH or DT_RUNPATH" },
	{ "safe-rpath", ARG_NONE, j_safe_rpath, "safe-rpath", "no relative, empty, writable, missing or setuid-$ORIGIN search directory" },
	{ "no-textrel", ARG_NONE, j_no_textrel, "no-textrel", "no text relocations" },
	{ "no-rwx", ARG_NONE, j_no_rwx, "no-rwx", "no writable and executable load segment" },
	{ "cet", ARG_NONE, j_cet, "cet", "x86: IBT and SHSTK (other machines: holds)" },
	{ "bti", ARG_NONE, j_bti, "bti", "AArch64: BTI (other machines: holds)" },
	{ "no-cgo", ARG_NONE, j_cgo, "no-cgo", "Go: no cgo code linked in" },
	{ "cgo", ARG_NONE, j_cgo, "cgo", "Go: cgo code linked in" },
	{ "glibc", ARG_LE, j_glibc, "glibc<=X.Y", "needs no GLIBC version above X.Y" },
	{ "go", ARG_GE, j_go, "go>=1.N", "Go files built with Go 1.N or later" },
	{ "buildid", ARG_NONE, j_buildid, "buildid", "has a GNU build ID note" },
};

#define NRULES (int)(sizeof rules / sizeof rules[0])

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

static int parse_one(ls_requirement *r, const char *tok, size_t len,
		     char *err, size_t errlen)
{
	static const char *const ops[] = { [ARG_LE] = "<=", [ARG_GE] = ">=", [ARG_EQ] = "=" };
	size_t name_len = strcspn(tok, "<>=");
	int op = ARG_NONE;

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
	for (r->id = 0; r->id < NRULES; r->id++)
		if (strlen(rules[r->id].name) == name_len &&
		    !strncmp(rules[r->id].name, tok, name_len))
			break;
	if (r->id == NRULES) {
		snprintf(err, errlen, "unknown requirement '%s' (see 'linkscope check --help')",
			 r->spelled);
		return -1;
	}
	if (op != rules[r->id].arg) {
		snprintf(err, errlen, "requirement '%s' must be written %s%s", r->spelled,
			 rules[r->id].name,
			 rules[r->id].arg == ARG_LE ? "<=X.Y" :
			 rules[r->id].arg == ARG_GE ? ">=1.N" :
			 rules[r->id].arg == ARG_EQ ? "=full or =partial" : "");
		return -1;
	}
	if (op == ARG_EQ && strcmp(r->arg, "full") && strcmp(r->arg, "partial")) {
		snprintf(err, errlen, "requirement '%s': relro takes full or partial", r->spelled);
		return -1;
	}
	if ((op == ARG_LE || op == ARG_GE) && !valid_version(r->arg)) {
		snprintf(err, errlen, "requirement '%s': '%s' is not a version like %s",
			 r->spelled, r->arg, op == ARG_LE ? "2.28" : "1.22");
		return -1;
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
		if (parse_one(&p->req[p->n], tok, len, err, errlen) < 0)
			return -1;
		p->n++;
		if (tok[len] == '\0')
			return 0;
		tok += len + 1;
	}
}

uint32_t ls_policy_eval(const ls_policy *p, ls_audit *a)
{
	uint32_t before = a->nfailures;

	for (int i = 0; i < p->n && a->nfailures < LS_MAX_FAILURES; i++) {
		const ls_requirement *r = &p->req[i];
		ls_failure *f = &a->failures[a->nfailures];

		if (rules[r->id].judge(a, r, f->reason, sizeof f->reason))
			continue;
		f->requirement = r->spelled;
		f->rule = r->id;
		a->nfailures++;
	}
	return a->nfailures - before;
}
