/*
 * link_run.c - ls_link_run(): the dry link from start to verdict.
 *
 *   inputs (link_inputs.c) -> resolution (resolve.c) -> the DSOs'
 *   dependencies (GNU ld only) -> what fails: duplicates, undefined
 *   references, DSO-side undefined symbols, wrong-architecture members ->
 *   sites (link_sites.c) -> hints (link_hints.c).
 */
#include "link_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Names the link itself provides when they are referenced: the default
 * linker scripts' PROVIDEs and the symbols every linker synthesises. */
static const char *const provided[] = {
	"__bss_start", "_end", "end", "_edata", "edata", "etext", "_etext",
	"__etext", "__executable_start", "_GLOBAL_OFFSET_TABLE_", "_DYNAMIC",
	"__ehdr_start", "__init_array_start", "__init_array_end",
	"__fini_array_start", "__fini_array_end", "__preinit_array_start",
	"__preinit_array_end", "__rela_iplt_start", "__rela_iplt_end",
	"__rel_iplt_start", "__rel_iplt_end", "__GNU_EH_FRAME_HDR",
	"_TLS_MODULE_BASE_", "__global_pointer$", "_PROCEDURE_LINKAGE_TABLE_",
	"__bss_start__", "__bss_end__", "_bss_end__", "__end__", "_gp",
	"_fbss", "_fdata", "_ftext", "__exidx_start", "__exidx_end",
};

static bool is_c_ident(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (i && ch >= '0' && ch <= '9')))
			return false;
	}
	return true;
}

/* __start_SEC / __stop_SEC exist when some input has a section SEC whose
 * name is a C identifier. */
static bool start_stop(linkctx *c, const lsym *y)
{
	const char *sec;
	size_t n;

	if (y->len > 8 && !memcmp(y->name, "__start_", 8)) {
		sec = y->name + 8;
		n = y->len - 8;
	} else if (y->len > 7 && !memcmp(y->name, "__stop_", 7)) {
		sec = y->name + 7;
		n = y->len - 7;
	} else {
		return false;
	}
	if (!is_c_ident(sec, n))
		return false;
	for (size_t i = 0; i < c->res->ninputs; i++) {
		ls_link_input *in = &c->res->inputs[i];
		if (in->kind != LS_LIN_OBJECT && in->kind != LS_LIN_MEMBER)
			continue;
		const ls_object *o = link_input_obj(in);
		for (uint32_t k = 1; o && k < o->shnum; k++) {
			const char *nm = o->sections[k].name;
			if (strlen(nm) == n && !memcmp(nm, sec, n) &&
			    !link_gc_dead(c, (int32_t)i, k))
				return true;
		}
	}
	return false;
}

static bool link_provides(linkctx *c, const lsym *y)
{
	/* A -T script's assignments; a replacing SECTIONS takes the
	 * default layout's symbols away (link_script.c). */
	if (c->ntscripts && link_script_defines(c, y->name, y->len))
		return true;
	if (c->ntscripts && link_script_replaces_layout(c, y->name, y->len))
		return false;
	for (size_t i = 0; i < sizeof provided / sizeof provided[0]; i++)
		if (strlen(provided[i]) == y->len && !memcmp(provided[i], y->name, y->len))
			return true;
	return start_stop(c, y);
}

static int provides_fn(linkctx *c, const lsym *y)
{
	return link_provides(c, y);
}

static ls_link_undef *new_undef(ls_link_result *r, size_t *cap, const char *name)
{
	if (ls_array_reserve(&r->undefs, cap, r->nundefs + 1, sizeof *r->undefs) < 0)
		return NULL;
	ls_link_undef *u = &r->undefs[r->nundefs++];
	memset(u, 0, sizeof *u);
	u->symbol = name;
	u->dso = -1;
	return u;
}

static bool exec_output(const ls_link_cmd *cmd)
{
	return !cmd->shared && !cmd->relocatable;
}

/* "foo@V1" from an object: bound by a DSO that defines foo under V1
 * (default or not). */
static bool dso_version(linkctx *c, const char *name, size_t len)
{
	const char *at = memchr(name, '@', len);

	if (!at || at + 1 >= name + len || at[1] == '@')
		return false;
	size_t base = (size_t)(at - name);
	const char *ver = at + 1;
	size_t vlen = len - base - 1;
	for (size_t i = 0; i < c->res->ninputs; i++) {
		ls_link_input *in = &c->res->inputs[i];
		const ls_symtab *t = &in->obj.dynsym;
		if (in->kind != LS_LIN_DSO || !t->present || in->dropped)
			continue;
		for (uint32_t k = 1; k < t->count; k++) {
			ls_symbol s;
			ls_diag d;
			if (ls_symbol_get(&in->obj, t, k, &s, &d) < 0)
				break;
			if (s.shndx == SHN_UNDEF || s.name_len != base || memcmp(s.name, name, base))
				continue;
			const ls_version *v = ls_version_lookup(&in->obj, s.versym & 0x7fff);
			if (v && v->defined && v->name && strlen(v->name) == vlen &&
			    !memcmp(v->name, ver, vlen)) {
				in->used = true;	/* its DT_NEEDED is written */
				return true;
			}
		}
	}
	return false;
}

/* The regular objects' references left undefined.  Names are copied out
 * of the table as NUL-terminated strings only when they are not already
 * (a "foo@@V" key is cut short of its terminator). */
/*
 * x86: in an executable every general- and local-dynamic TLS sequence is
 * relaxed to initial- or local-exec, and the call to __tls_get_addr
 * (i386 ___tls_get_addr) that each one makes goes with it, so a static
 * program whose libstdc++.a or libc.a objects were built -fPIC does not
 * need it (bfd elf_x86_64_tls_transition, gold, lld X86_64::
 * relaxTlsGdToLe, mold: all four link it).  gold never reports it
 * undefined, not even in a shared library under -z defs (measured).  A
 * direct call outside such a sequence, which no compiler emits, is not
 * told apart.
 */
static bool tls_call_relaxed(const linkctx *c, const lsym *y)
{
	const ls_link_cmd *cmd = c->cmd;

	if ((cmd->shared || cmd->relocatable) && c->sem != LS_SEM_GOLD)
		return false;
	if (c->machine == EM_X86_64)
		return y->len == 14 && !memcmp(y->name, "__tls_get_addr", 14);
	if (c->machine == EM_386)
		return y->len == 15 && !memcmp(y->name, "___tls_get_addr", 15);
	return false;
}

static int collect_undefined(linkctx *c, size_t *cap)
{
	const ls_link_cmd *cmd = c->cmd;
	ls_link_result *r = c->res;

	for (uint32_t i = 0; i < c->tab.n; i++) {
		lsym *y = &c->tab.syms[i];
		bool hidden_ref = false;

		if (!(y->flags & F_REF))
			continue;
		/* __ehdr_start, _end ... are the linker's own, hidden refs too. */
		if (y->state == S_UNDEF && link_provides(c, y))
			continue;
		bool hidden = y->vis == STV_HIDDEN || y->vis == STV_INTERNAL;
		/* bfd ("hidden symbol `x' isn't defined") and lld ("undefined
		 * hidden symbol") name a hidden reference nothing defines as
		 * such; all four do when only a DSO defines it. */
		if (hidden && (y->state == S_SHARED ||
			       (y->state == S_UNDEF && (c->sem == LS_SEM_BFD || c->sem == LS_SEM_LLD))))
			hidden_ref = true;
		else if (y->state != S_UNDEF)
			continue;
		if (!hidden_ref && (link_provides(c, y) || tls_call_relaxed(c, y)))
			continue;
		if (!hidden_ref && dso_version(c, y->name, y->len))
			continue;
		if (cmd->relocatable)
			continue;
		if (cmd->shared && !cmd->no_undefined && !hidden_ref) {
			r->nundefs_allowed++;
			continue;
		}
		const char *name = y->name;
		if (name[y->len] != 0 &&
		    !(name = link_keep(c, strndup(y->name, y->len))))
			return -1;
		ls_link_undef *u = new_undef(r, cap, name);
		if (!u)
			return -1;
		u->hidden_ref = hidden_ref;
		if (y->flags & F_LTOREF)
			u->count = 1;	/* IR has no relocations to count */
	}
	return 0;
}

/* True when every DT_NEEDED of input DSO ii names an input DSO, by its
 * DT_SONAME or, without one, its file name: lld (SharedFile::
 * allNeededIsKnown) and gold (Input_objects::check_dynamic_dependencies,
 * Dynobj's soname defaulting to the file's base name) check a DSO's
 * undefined symbols only then. */
static bool dso_needed_all_inputs(const ls_link_result *r, int32_t ii)
{
	ls_dyninfo di;
	ls_diag d;
	bool all = true;

	if (ls_dyninfo_read(&r->inputs[ii].obj, &di, &d) < 0)
		return true;
	for (uint32_t n = 0; n < di.nneeded && all; n++) {
		bool found = false;
		for (size_t j = 0; j < r->ninputs && !found; j++) {
			const ls_link_input *in = &r->inputs[j];
			const char *name = in->soname;
			if (in->kind != LS_LIN_DSO)
				continue;
			if (!name) {
				name = strrchr(in->path, '/');
				name = name ? name + 1 : in->path;
			}
			found = !strcmp(name, di.needed[n]);
		}
		all = found;
	}
	ls_dyninfo_free(&di);
	return all;
}

/* An input DSO's own undefined symbols, when linking an executable: bfd
 * looks through everything loaded, the DSOs' dependencies found by its
 * DT_NEEDED search included; gold and lld read no dependency and only
 * check a DSO whose DT_NEEDED are all inputs; mold does not check
 * (reference §A.7). */
static int collect_dso_undefined(linkctx *c, size_t *cap)
{
	const ls_link_cmd *cmd = c->cmd;
	ls_link_result *r = c->res;
	int allow = cmd->allow_shlib_undefined;

	if (allow < 0)
		allow = c->sem == LS_SEM_MOLD || !exec_output(cmd);
	if (allow)
		return 0;
	for (size_t k = 0; k + 1 < c->ndso_undef; k += 2) {
		int32_t ii = (int32_t)c->dso_undef[k];
		const ls_link_input *in = &r->inputs[ii];
		ls_symbol s;
		ls_diag d;

		if (ls_symbol_get(&in->obj, &in->obj.dynsym, c->dso_undef[k + 1], &s, &d) < 0)
			continue;
		uint32_t h = ls_lhash(s.name, s.name_len);
		int64_t id = ltab_find(&c->tab, s.name, (uint32_t)s.name_len, h);
		if (id >= 0 && c->tab.syms[id].state != S_UNDEF && c->tab.syms[id].state != 0)
			continue;
		if (c->sem == LS_SEM_BFD && c->indirect.syms &&
		    ltab_find(&c->indirect, s.name, (uint32_t)s.name_len, h) >= 0)
			continue;
		if (c->verhidden.syms && ltab_find(&c->verhidden, s.name, (uint32_t)s.name_len, h) >= 0)
			continue;
		if (id >= 0 && link_provides(c, &c->tab.syms[id]))
			continue;
		if ((c->sem == LS_SEM_LLD || c->sem == LS_SEM_GOLD) &&
		    !dso_needed_all_inputs(r, ii))
			continue;
		bool seen = false;
		for (size_t j = 0; j < r->nundefs && !seen; j++)
			seen = r->undefs[j].from_dso && r->undefs[j].dso == ii &&
			       !strcmp(r->undefs[j].symbol, s.name);
		if (seen)
			continue;
		ls_link_undef *u = new_undef(r, cap, s.name);
		if (!u)
			return -1;
		u->from_dso = true;
		u->dso = ii;
		u->count = 1;
	}
	return 0;
}

static int collect_dups(linkctx *c)
{
	ls_link_result *r = c->res;
	size_t cap = 0;

	for (size_t k = 0; k < c->ndups; k++) {
		const dupdef *x = &c->dups[k];
		const lsym *y = &c->tab.syms[x->sym];
		ls_link_dup *dup = NULL;

		for (size_t j = 0; j < r->ndups; j++)
			if (r->dups[j].symbol == y->name) {
				dup = &r->dups[j];
				break;
			}
		if (!dup) {
			if (ls_array_reserve(&r->dups, &cap, r->ndups + 1, sizeof *r->dups) < 0)
				return -1;
			dup = &r->dups[r->ndups++];
			memset(dup, 0, sizeof *dup);
			dup->symbol = y->name;
			if (y->name[y->len] != 0 &&
			    !(dup->symbol = link_keep(c, strndup(y->name, y->len))))
				return -1;
			ls_link_site *first = ls_array_push_counted(&dup->defs, &dup->ndefs,
								 sizeof *first);
			if (!first)
				return -1;
			link_def_site(c, y->def, y->def_sym, first);
		}
		ls_link_site *def = ls_array_push_counted(&dup->defs, &dup->ndefs,
						       sizeof *def);
		if (!def)
			return -1;
		link_def_site(c, x->input, x->symidx, def);
	}
	return 0;
}

/*
 * What the unresolved-symbol options make of an undefined symbol: 0 it
 * fails the link, 1 it does not (ignored, or a warning only).
 * --unresolved-symbols=ignore-in-object-files|ignore-in-shared-libs|
 * ignore-all and --ignore-unresolved-symbol SYM drop it (gold's method
 * leaves a library's own undefined symbols to --allow-shlib-undefined);
 * -z undefs drops an object's in an executable too for bfd and lld (gold
 * does not know it, mold 1.10 ignores it there); --warn-unresolved-symbols
 * turns the error into a warning.  A hidden reference that only a DSO
 * satisfies is another error, and stays.  -1 out of memory.
 */
static int unresolved_policy(linkctx *c, const ls_link_undef *u)
{
	const ls_link_cmd *cmd = c->cmd;

	if (u->hidden_ref)
		return 0;
	for (size_t i = 0; i < cmd->nignore_unresolved; i++)
		if (!strcmp(cmd->ignore_unresolved[i], u->symbol))
			return 1;
	if (u->from_dso ? cmd->unres_dso && c->sem != LS_SEM_GOLD
			: cmd->unres_obj ||
			  (cmd->z_undefs && (c->sem == LS_SEM_BFD || c->sem == LS_SEM_LLD)))
		return 1;
	/* --noinhibit-exec makes them warnings in lld and mold; bfd and
	 * gold still print them as errors, but exit 0 (see the verdict). */
	bool warn = cmd->warn_unresolved || (cmd->noinhibit_exec && !c->gnu);
	if (!warn || (!u->from_dso && !u->count))
		return 0;
	if (link_warning(c->res, "undefined reference to `%s'%s", u->symbol,
			 u->from_dso ? " (from a shared library)" : "") < 0)
		return -1;
	return 1;
}

/* A regular object references some __start_SEC or __stop_SEC. */
static bool start_stop_referenced(const linkctx *c)
{
	for (uint32_t i = 0; i < c->tab.n; i++) {
		const lsym *y = &c->tab.syms[i];
		if ((y->flags & F_REF) &&
		    ((y->len > 8 && !memcmp(y->name, "__start_", 8)) ||
		     (y->len > 7 && !memcmp(y->name, "__stop_", 7))))
			return true;
	}
	return false;
}

/* After --gc-sections: a referenced __start_SEC/__stop_SEC whose every SEC
 * section was removed (lld's -z start-stop-gc) is undefined: "undefined
 * symbol: __start_SEC". */
static int start_stop_gone(linkctx *c, size_t *cap)
{
	for (uint32_t i = 0; i < c->tab.n; i++) {
		lsym *y = &c->tab.syms[i];
		if (y->state != S_UNDEF || !(y->flags & F_REF) || link_provides(c, y) ||
		    (!(y->len > 8 && !memcmp(y->name, "__start_", 8)) &&
		     !(y->len > 7 && !memcmp(y->name, "__stop_", 7))))
			continue;
		bool seen = false;
		for (size_t j = 0; j < c->res->nundefs && !seen; j++)
			seen = strlen(c->res->undefs[j].symbol) == y->len &&
			       !memcmp(c->res->undefs[j].symbol, y->name, y->len);
		if (seen)
			continue;
		const char *name = y->name;
		if (name[y->len] != 0 && !(name = link_keep(c, strndup(y->name, y->len))))
			return -1;
		if (!new_undef(c->res, cap, name))
			return -1;
	}
	return 0;
}

/*
 * --defsym expressions whose names nothing defines (bfd ldexp.c "undefined
 * symbol `%s' referenced in expression", gold, lld "symbol not found"): a
 * definition from a shared library does not do, as its value is not known
 * at link time.  mold 1.10 takes a lone name defined anywhere (an archive
 * member is not pulled for it), crashes on an undefined one (segmentation
 * fault) and refuses any other expression.
 */
static int defsym_check(linkctx *c)
{
	if (c->sem == LS_SEM_MOLD && c->defsym_complex)
		return link_reason(c->res, "--defsym: mold 1.10 takes only NAME=NUMBER or NAME=SYMBOL");
	for (size_t i = 0; i < c->ndefsym_refs; i++) {
		const char *nm = c->defsym_refs[i];
		size_t len = strlen(nm);
		int64_t id = ltab_find(&c->tab, nm, (uint32_t)len, ls_lhash(nm, len));
		const lsym *y = id >= 0 ? &c->tab.syms[id] : NULL;
		bool defined = y && (y->state == S_DEFINED || y->state == S_COMMON ||
				     link_provides(c, y));
		if (c->sem == LS_SEM_MOLD) {
			defined = defined || (y && (y->state == S_SHARED || y->lazy));
			/* The alias makes the library needed. */
			if (y && y->state == S_SHARED && y->def >= 0)
				c->res->inputs[y->def].used = true;
		}
		if (defined)
			continue;
		bool defsym_name = false;
		for (size_t k = 0; k < c->cmd->ndefsym && !defsym_name; k++)
			defsym_name = !strcmp(c->cmd->defsym[k], nm);
		if (defsym_name)
			continue;
		static const char *const fmt[] = {
			[LS_SEM_BFD] = "--defsym:1: undefined symbol `%s' referenced in expression",
			[LS_SEM_GOLD] = "undefined symbol '%s' referenced in expression",
			[LS_SEM_LLD] = "--defsym:1: symbol not found: %s",
			[LS_SEM_MOLD] = "mold 1.10 crashes (segmentation fault) on --defsym to %s, which nothing defines",
		};
		if (link_reason(c->res, fmt[c->sem], nm) < 0)
			return -1;
	}
	return 0;
}

/* --require-defined SYM: bfd wants a definition in a regular object
 * (ldlang.c ldlang_check_require_defined_symbols: "required symbol `%s'
 * not defined"); mold takes a shared library's too.  gold and lld 14
 * refuse the option. */
static int required_defined(linkctx *c)
{
	const ls_link_cmd *cmd = c->cmd;

	for (size_t i = 0; i < cmd->nrequire; i++) {
		const char *nm = cmd->require[i];
		size_t len = strlen(nm);
		int64_t id = ltab_find(&c->tab, nm, (uint32_t)len, ls_lhash(nm, len));
		int st = id >= 0 ? c->tab.syms[id].state : 0;
		bool ok = st == S_DEFINED || st == S_COMMON ||
			  (st == S_SHARED && c->sem == LS_SEM_MOLD);
		if (ok || (id >= 0 && link_provides(c, &c->tab.syms[id])))
			continue;
		/* --noinhibit-exec: a warning for both (measured). */
		int (*say)(ls_link_result *, const char *, ...) =
			cmd->noinhibit_exec ? link_warning : link_reason;
		if (say(c->res, c->sem == LS_SEM_MOLD ? "--require-defined: undefined symbol: %s"
			: "required symbol `%s' not defined", nm) < 0)
			return -1;
	}
	return 0;
}

/*
 * The entry symbol: the one -e or a script's ENTRY names, else _start.  A
 * missing one is a warning (so --fatal-warnings fails the link), each
 * linker with its own reach, as the installed ones behave:
 *   bfd   an executable, named or _start: "cannot find entry symbol X;
 *         defaulting to ADDR"; a shared library, only a named one: "...;
 *         not setting start address".  Only a regular object's
 *         definition counts (ldlang.c lang_end).
 *   gold  only a named one, only in an executable: "cannot find entry
 *         symbol 'X'".
 *   lld   an executable, named or _start, and a shared library's named
 *         one: "cannot find entry symbol X; not setting start address".
 *   mold  says nothing.
 */
static int entry_check(linkctx *c)
{
	const ls_link_cmd *cmd = c->cmd;
	const char *named = cmd->entry ? cmd->entry : link_script_entry(c);
	const char *nm = named ? named : "_start";
	bool exec = exec_output(cmd);

	if (cmd->relocatable || c->sem == LS_SEM_MOLD || (!exec && !named) ||
	    (c->sem == LS_SEM_GOLD && (!exec || !named)))
		return 0;
	size_t len = strlen(nm);
	int64_t id = ltab_find(&c->tab, nm, (uint32_t)len, ls_lhash(nm, len));
	int st = id >= 0 ? c->tab.syms[id].state : 0;
	if (st == S_DEFINED || st == S_COMMON || (st == S_SHARED && c->sem != LS_SEM_BFD) ||
	    (id >= 0 && link_provides(c, &c->tab.syms[id])))
		return 0;
	switch (c->sem) {
	case LS_SEM_BFD:
		return link_warning(c->res, exec ?
				    "cannot find entry symbol %s; defaulting to the start of .text" :
				    "cannot find entry symbol %s; not setting start address", nm);
	case LS_SEM_GOLD:
		return link_warning(c->res, "cannot find entry symbol '%s'", nm);
	default:
		return link_warning(c->res, "cannot find entry symbol %s; not setting start address", nm);
	}
}

/* GNU ld: a definition with hidden or internal visibility that an input
 * DSO references cannot be exported to it (bfd/elflink.c,
 * elf_link_output_extsym: "%s symbol `%s' in %pB is referenced by DSO",
 * then "final link failed: bad value").  gold, lld 14 and mold link. */
static int hidden_refdso(linkctx *c)
{
	if (c->sem != LS_SEM_BFD || c->cmd->relocatable)
		return 0;
	for (uint32_t i = 0; i < c->tab.n; i++) {
		const lsym *y = &c->tab.syms[i];
		char buf[512];
		if (y->state != S_DEFINED || !(y->flags & F_REFDSO) || y->def < 0 ||
		    (y->vis != STV_HIDDEN && y->vis != STV_INTERNAL) ||
		    c->res->inputs[y->def].kind == LS_LIN_DSO)
			continue;
		if (link_reason(c->res, "%s: %s symbol `%.*s' in %s is referenced by DSO",
				c->cmd->output, y->vis == STV_HIDDEN ? "hidden" : "internal",
				(int)y->len, y->name,
				ls_link_input_name(c->res, y->def, buf, sizeof buf)) < 0)
			return -1;
	}
	return 0;
}

/* Archive members of another machine that the link never loads: the link
 * works today and breaks the day one of them is needed. */
static int latent_incompatible(linkctx *c)
{
	ls_link_result *r = c->res;

	if (!c->target_known)
		return 0;
	for (size_t k = 0; k < c->nsteps; k++) {
		const lstep *s = &c->steps[k];
		if (s->kind != STEP_FILE || c->files[s->file].type != FT_ARCHIVE ||
		    c->files[s->file].ar.thin)
			continue;
		lfile *f = &c->files[s->file];
		uint64_t cur = f->ar.first;
		ls_member m;
		ls_diag d;
		while (ls_archive_next(&f->ar, &cur, &m, &d) == 1) {
			uint8_t cls = 0;
			if (!ls_is_elf(m.data))
				continue;
			uint16_t mach = link_elf_ident(m.data, &cls, NULL);
			if (mach == c->machine && cls == c->elfclass)
				continue;
			bool seen = false;
			for (size_t j = 0; j < r->nincompat && !seen; j++)
				seen = r->incompat[j].path == f->path && r->incompat[j].member &&
				       strlen(r->incompat[j].member) == m.name_len &&
				       !memcmp(r->incompat[j].member, m.name, m.name_len);
			if (seen)
				continue;
			ls_link_incompat *x = link_incompat_add(c, f->path, m.name,
								m.name_len, mach, cls);
			if (!x)
				return -1;
			x->lib = s->lib;
			/* mold and lld 15+ read every member of an archive
			 * they take and stop on one of another machine,
			 * needed or not. */
			if (c->sem == LS_SEM_MOLD) {
				x->fatal = true;
				link_reason(r, "%s: incompatible file type: %s is expected but got %s",
					    x->member ? x->member : f->path,
					    link_machine(c->machine), link_machine(mach));
			} else if (LLD_SINCE(c, 15)) {
				x->fatal = true;
				link_reason(r, "%s(%s) is incompatible with %s", f->path,
					    x->member ? x->member : "?", link_machine(c->machine));
			}
		}
	}
	return 0;
}

static uint32_t estimate_symbols(const linkctx *c)
{
	uint64_t n = 4096;

	for (size_t i = 0; i < c->nfiles; i++) {
		const lfile *f = &c->files[i];
		if (f->type == FT_ARCHIVE)
			n += f->ar.nsyms * 2;
		else if (f->type == FT_OBJ || f->type == FT_DSO)
			n += f->map.bytes.size / 64;
	}
	return n > (1u << 26) ? 1u << 26 : (uint32_t)n;
}

int ls_link_run(const ls_link_cmd *cmd, ls_link_result *res, ls_diag *d)
{
	linkctx *c = calloc(1, sizeof *c);
	size_t ucap = 0;
	int rc;

	memset(res, 0, sizeof *res);
	memset(d, 0, sizeof *d);
	if (!c)
		return ls_fail_nooff(d, "out of memory");
	res->priv = c;
	res->cmd = cmd;
	c->cmd = cmd;
	c->res = res;
	c->d = d;
	c->sem = cmd->sem;
	c->gnu = cmd->sem == LS_SEM_BFD || cmd->sem == LS_SEM_GOLD;

	/* An option the linker does not know stops it before any input is
	 * read: that is the whole report. */
	/* lld 14 onwards knows some options only with two dashes (the table
	 * was probed on 14); lld 13 takes one. */
	size_t nlld14 = cmd->nrefused_lld14;
	if (nlld14 && ls_linkcmd_release(cmd) < 1400)
		nlld14 = 0;
	if (cmd->nrefused || nlld14) {
		for (size_t i = 0; i < nlld14; i++)
			if (link_reason(res, "%s", cmd->refused_lld14[i]) < 0)
				return ls_fail_nooff(d, "out of memory");
		for (size_t i = 0; i < cmd->nrefused; i++)
			if (link_reason(res, "%s", cmd->refused[i]) < 0)
				return ls_fail_nooff(d, "out of memory");
		return 0;
	}

	double t0 = now_ms();
	if ((rc = link_inputs(c)) < 0)
		goto fail;
	/* The rules of the release the linker's --version names apply from
	 * here on.  Only lld's differ between modelled releases: the others
	 * are not waited for (their --version overlaps the whole run). */
	c->rel = c->sem == LS_SEM_LLD ? ls_linkcmd_release(cmd) : 0;
	res->ms_inputs = now_ms() - t0;
	if (ltab_init(&c->tab, estimate_symbols(c)) < 0 ||
	    ltab_init(&c->comdat, 1024) < 0 || ltab_init(&c->indirect, 1024) < 0 ||
	    ltab_init(&c->verhidden, 256) < 0) {
		rc = -1;
		goto fail;
	}
	t0 = now_ms();
	if ((rc = link_resolve(c)) < 0)
		goto fail;
	res->ms_resolve = now_ms() - t0 - res->ms_index;
	t0 = now_ms();
	res->machine = c->machine;
	res->elfclass = c->elfclass;
	/* An input error stops GNU ld, lld and mold before they report
	 * symbols; gold goes on unless it was a "fatal error". */
	bool stop = (c->fatal || res->nreasons) &&
		    (c->sem != LS_SEM_GOLD || c->gold_fatal);
	if (c->gnu && !stop && (rc = link_dso_deps(c)) < 0)
		goto fail;
	if (!stop) {
		if ((rc = collect_undefined(c, &ucap)) < 0 ||
		    (rc = collect_dso_undefined(c, &ucap)) < 0 ||
		    (rc = collect_dups(c)) < 0 || (rc = hidden_refdso(c)) < 0 ||
		    (rc = required_defined(c)) < 0 || (rc = entry_check(c)) < 0 ||
		    (rc = defsym_check(c)) < 0 ||
		    (rc = link_script_check(c, provides_fn)) < 0)
			goto fail;
	}
	/* --gc-sections takes failures away (references from the sections it
	 * removes do not count), and under -z start-stop-gc adds one: a
	 * __start_SEC whose sections all went.  Run only when it can matter. */
	if (cmd->gc_sections && !cmd->relocatable &&
	    (res->nundefs || (link_start_stop_gc(c) && start_stop_referenced(c))) &&
	    ((rc = link_gc(c)) < 0 || (rc = start_stop_gone(c, &ucap)) < 0))
		goto fail;
	if ((rc = latent_incompatible(c)) < 0 || (rc = link_sites(c)) < 0)
		goto fail;
	/* An undefined reference no relocation makes (a symbol-table entry
	 * nothing uses) does not fail a link. */
	size_t n = 0;
	for (size_t i = 0; i < res->nundefs; i++) {
		ls_link_undef *u = &res->undefs[i];
		int how = unresolved_policy(c, u);
		if (how < 0) {
			rc = -1;
			goto fail;
		}
		if ((!u->from_dso && !u->count && !u->hidden_ref) || how > 0) {
			if (how > 0)
				res->nundefs_allowed++;
			free(u->sites);
			for (size_t h = 0; h < u->nhints; h++) {
				free(u->hints[h].text);
				free(u->hints[h].file);
			}
			free(u->hints);
			continue;
		}
		res->undefs[n++] = *u;
	}
	res->nundefs = n;
	if ((rc = link_hints(c)) < 0)
		goto fail;
	res->ms_report = now_ms() - t0;
	/* --fatal-warnings: each linker turns its warnings (those modelled:
	 * skipped incompatible files, DT_NEEDED not found) into errors. */
	if (cmd->fatal_warnings && res->nwarnings &&
	    link_reason(res, "warnings are fatal (--fatal-warnings): %s", res->warnings[0]) < 0) {
		rc = -1;
		goto fail;
	}
	/* --noinhibit-exec writes the output anyway and exits 0 on
	 * undefined symbols (all four: warnings for lld and mold, see
	 * unresolved_policy) and duplicates (but lld), measured; the other
	 * errors still fail. */
	res->ok = res->nreasons == 0 && (res->nundefs == 0 || cmd->noinhibit_exec) &&
		  (res->ndups == 0 || (cmd->noinhibit_exec && c->sem != LS_SEM_LLD));
	for (size_t i = 0; i < res->nincompat; i++)
		if (res->incompat[i].fatal)
			res->ok = false;
	return 0;
fail:
	if (rc == -1 && !d->msg[0])
		ls_fail_nooff(d, "out of memory");
	return -1;
}
