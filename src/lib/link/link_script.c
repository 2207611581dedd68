/*
 * link_script.c - what a -T linker script does to symbols (its INPUT and
 * GROUP are link_inputs.c's, its layout is not simulated).
 *
 *   EXTERN(sym)          a command-line reference, like -u (all four);
 *   ENTRY(sym)           the entry symbol when -e is not given (a
 *                        --gc-sections root);
 *   sym = expr, HIDDEN   the link defines sym; PROVIDE(sym = expr) and
 *                        PROVIDE_HIDDEN define it only for a reference that
 *                        nothing else satisfies (ld manual, "PROVIDE");
 *   names an expression reads
 *                        must be defined at the end: bfd ("FILE:LINE:
 *                        undefined symbol `x' referenced in expression")
 *                        evaluates after loading and pulls no archive member
 *                        for them; gold and lld pull them like -u.  A
 *                        PROVIDE's expression counts only when it is used;
 *   /DISCARD/ : { pats } input sections that match are dropped: references
 *                        from them count for nothing;
 *   SECTIONS (no INSERT) replaces the default script: bfd and lld no longer
 *                        define the symbols Debian's default script (bfd) or
 *                        lld's writer add when there is none (etext, edata,
 *                        end, __bss_start, the init/fini array bounds ...),
 *                        unless the script assigns them; gold still does.
 *
 * mold 1.10 knows only the input commands (INPUT, GROUP, AS_NEEDED,
 * OUTPUT_FORMAT, SEARCH_DIR, VERSION): any other statement stops it
 * ("unknown linker script token").  gold 1.16 cannot parse INSERT.  The
 * output layout a script describes, and its errors (bfd's "PHDR segment
 * not covered by LOAD segment" ...), are not simulated: the report says
 * so.
 */
#include "link_impl.h"
#include "../core/mapfile.h"
#include "../readers/elf_defs.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Symbols a default layout defines that a replacing SECTIONS takes away
 * (bfd: PROVIDEs of the default script; lld: Writer's reserved symbols
 * that need no script). */
static const char *const layout_syms[] = {
	"__bss_start", "_end", "end", "_edata", "edata", "etext", "_etext",
	"__etext", "__executable_start", "__init_array_start",
	"__init_array_end", "__fini_array_start", "__fini_array_end",
	"__preinit_array_start", "__preinit_array_end", "__bss_start__",
	"__bss_end__", "_bss_end__", "__end__",
};

static const char *script_path(const linkctx *c, size_t k)
{
	return c->files[c->tscript_file[k]].path;
}

/* 1-based line of offset in script k, for bfd's FILE:LINE messages. */
static unsigned script_line(const linkctx *c, size_t k, uint64_t off)
{
	ls_bytes b = c->files[c->tscript_file[k]].map.bytes;
	unsigned line = 1;

	for (uint64_t i = 0; i < off && i < b.size; i++) {
		uint8_t ch = 0;
		if (ls_u8(b, i, &ch) && ch == '\n')
			line++;
	}
	return line;
}

static bool assigned(const linkctx *c, const char *name, size_t len, bool *provide)
{
	for (size_t k = 0; k < c->ntscripts; k++) {
		const ls_ldscript *s = &c->tscripts[k];
		for (size_t i = 0; i < s->nassigns; i++)
			if (strlen(s->assigns[i].name) == len && !memcmp(s->assigns[i].name, name, len)) {
				if (provide)
					*provide = s->assigns[i].kind == LS_LD_PROVIDE ||
						   s->assigns[i].kind == LS_LD_PROVIDE_HIDDEN;
				return true;
			}
	}
	return false;
}

bool link_script_defines(const linkctx *c, const char *name, size_t len)
{
	return assigned(c, name, len, NULL);
}

bool link_script_replaces_layout(const linkctx *c, const char *name, size_t len)
{
	if (c->sem != LS_SEM_BFD && c->sem != LS_SEM_LLD)
		return false;
	bool replaced = false;
	for (size_t k = 0; k < c->ntscripts && !replaced; k++)
		replaced = c->tscripts[k].has_sections && !c->tscripts[k].has_insert;
	if (!replaced)
		return false;
	for (size_t i = 0; i < sizeof layout_syms / sizeof *layout_syms; i++)
		if (strlen(layout_syms[i]) == len && !memcmp(layout_syms[i], name, len))
			return true;
	return false;
}

const char *link_script_entry(const linkctx *c)
{
	const char *e = NULL;

	for (size_t k = 0; k < c->ntscripts; k++)
		for (size_t i = 0; i < c->tscripts[k].nrefs; i++)
			if (c->tscripts[k].refs[i].kind == LS_LDS_REF_ENTRY)
				e = c->tscripts[k].refs[i].name;	/* the last wins */
	return e;
}

static int command_line_ref(linkctx *c, const char *name)
{
	return link_cmdline_ref(c, name, strlen(name));
}

int link_script_setup(linkctx *c)
{
	for (size_t k = 0; k < c->ntscripts; k++) {
		const ls_ldscript *s = &c->tscripts[k];
		if (c->sem == LS_SEM_MOLD &&
		    (s->nassigns || s->nrefs || s->ninsecs || s->has_sections)) {
			c->fatal = true;
			return link_reason(c->res, "%s: unknown linker script token (mold 1.10 reads "
					   "only INPUT, GROUP, AS_NEEDED, OUTPUT_FORMAT, SEARCH_DIR "
					   "and VERSION)", script_path(c, k));
		}
		/* gold 1.16 stops on INPUT/GROUP in a -T script with "internal
		 * error in read_script_file" (gold/script.cc). */
		if (c->sem == LS_SEM_GOLD && s->nentries) {
			c->fatal = true;
			c->gold_fatal = true;
			return link_reason(c->res, "internal error in read_script_file (gold 1.16 and "
					   "INPUT or GROUP in -T %s)", script_path(c, k));
		}
		/* gold 1.16's grammar has no INSERT. */
		if (c->sem == LS_SEM_GOLD && s->has_insert) {
			c->fatal = true;
			c->gold_fatal = true;
			return link_reason(c->res, "unable to parse script file %s (gold does not "
					   "know INSERT)", script_path(c, k));
		}
		for (size_t i = 0; i < s->nrefs; i++)
			if (s->refs[i].kind == LS_LDS_REF_EXTERN &&
			    command_line_ref(c, s->refs[i].name) < 0)
				return -1;
		if (c->sem != LS_SEM_GOLD && c->sem != LS_SEM_LLD)
			continue;
		for (size_t i = 0; i < s->nassigns; i++) {
			const ls_ldscript_assign *a = &s->assigns[i];
			if (a->kind == LS_LD_PROVIDE || a->kind == LS_LD_PROVIDE_HIDDEN)
				continue;
			for (size_t r = 0; r < a->nrefs; r++)
				if (strcmp(a->refs[r], a->name) && command_line_ref(c, a->refs[r]) < 0)
					return -1;
		}
	}
	return 0;
}

/* The name is defined at the end of the link, as an expression needs. */
static bool defined_for_expr(linkctx *c, const char *name, int (*provides)(linkctx *, const lsym *))
{
	size_t len = strlen(name);
	int64_t id = ltab_find(&c->tab, name, (uint32_t)len, ls_lhash(name, len));

	if (assigned(c, name, len, NULL))
		return true;
	for (size_t i = 0; i < c->cmd->ndefsym; i++)
		if (!strcmp(c->cmd->defsym[i], name))
			return true;
	if (id < 0)
		return false;
	const lsym *y = &c->tab.syms[id];
	return y->state == S_DEFINED || y->state == S_COMMON ||
	       (y->state == S_SHARED && c->sem != LS_SEM_BFD) || provides(c, y);
}

static int expr_undefined(linkctx *c, size_t k, uint64_t off, const char *name)
{
	if (c->sem == LS_SEM_BFD)
		return link_reason(c->res, "%s:%u: undefined symbol `%s' referenced in expression",
				   script_path(c, k), script_line(c, k, off), name);
	if (c->sem == LS_SEM_GOLD)
		return link_reason(c->res, "undefined symbol '%s' referenced in expression", name);
	return link_reason(c->res, "%s:%u: symbol not found: %s", script_path(c, k),
			   script_line(c, k, off), name);
}

int link_script_check(linkctx *c, int (*provides)(linkctx *, const lsym *))
{
	for (size_t k = 0; k < c->ntscripts; k++) {
		const ls_ldscript *s = &c->tscripts[k];
		for (size_t i = 0; i < s->nassigns; i++) {
			const ls_ldscript_assign *a = &s->assigns[i];
			if (a->kind == LS_LD_PROVIDE || a->kind == LS_LD_PROVIDE_HIDDEN) {
				/* Used only for a reference nothing else defines. */
				size_t len = strlen(a->name);
				int64_t id = ltab_find(&c->tab, a->name, (uint32_t)len,
						       ls_lhash(a->name, len));
				if (id < 0 || c->tab.syms[id].state != S_UNDEF ||
				    !(c->tab.syms[id].flags & (F_REF | F_REFDSO)))
					continue;
			}
			for (size_t r = 0; r < a->nrefs; r++)
				if (strcmp(a->refs[r], a->name) &&
				    !defined_for_expr(c, a->refs[r], provides) &&
				    expr_undefined(c, k, a->offset, a->refs[r]) < 0)
					return -1;
		}
		for (size_t i = 0; i < s->nrefs; i++) {
			const ls_ldscript_ref *r = &s->refs[i];
			if ((r->kind == LS_LDS_REF_ASSERT || r->kind == LS_LDS_REF_EXPR) &&
			    !defined_for_expr(c, r->name, provides) &&
			    expr_undefined(c, k, r->offset, r->name) < 0)
				return -1;
		}
	}
	return 0;
}

/* An input's name as a /DISCARD/ file pattern sees it: the file, or for an
 * archive member "archive:member" and the member alone. */
static bool file_matches(const char *pat, const ls_link_input *in)
{
	char buf[4096];

	if (!pat || !strcmp(pat, "*"))
		return true;
	if (!in->member)
		return fnmatch(pat, in->path, 0) == 0 ||
		       fnmatch(pat, strrchr(in->path, '/') ? strrchr(in->path, '/') + 1 : in->path, 0) == 0;
	snprintf(buf, sizeof buf, "%s:%s", in->path, in->member);
	return fnmatch(pat, buf, 0) == 0 || fnmatch(pat, in->member, 0) == 0;
}

bool link_script_discards(const linkctx *c, const ls_link_input *in, const char *section)
{
	for (size_t k = 0; k < c->ntscripts; k++) {
		const ls_ldscript *s = &c->tscripts[k];
		for (size_t i = 0; i < s->ninsecs; i++) {
			const ls_ldscript_insec *d = &s->insecs[i];
			if (!file_matches(d->file, in))
				continue;
			/* ld's first match decides: a section an earlier output
			 * section description takes is not discarded later. */
			bool hit = d->nsections == 0;
			for (size_t p = 0; p < d->nsections && !hit; p++)
				hit = fnmatch(d->sections[p].pattern, section, 0) == 0;
			if (hit)
				return d->discard;
		}
	}
	return false;
}

/*
 * --version-script FILE, read as the linker in use reads it (verscript.c):
 * a file that cannot be read, or that this linker refuses, stops the link.
 * Its version nodes are what a versioned definition of a -shared link
 * ("foo@@V2") must find.
 */
/* A script named by a relative path that is not in the current directory
 * is looked for in the -L directories, in order, by all four linkers
 * (bfd ldfile_find_command_file, lld searchScript, measured with gold and
 * mold).  d describes the first failure. */
static int map_script(linkctx *c, const char *path, ls_mapfile *mf, ls_diag *d)
{
	if (ls_map(path, mf, d) == 0)
		return 0;
	if (path[0] == '/')
		return -1;
	for (size_t i = 0; i < c->cmd->nlibdirs; i++) {
		char *p = link_fmt("%s/%s", c->cmd->libdirs[i], path);
		ls_diag d2;
		if (!p)
			return -1;
		int rc = ls_map(p, mf, &d2);
		free(p);
		if (rc == 0)
			return 0;
	}
	return -1;
}

int link_verscripts(linkctx *c)
{
	const ls_link_cmd *cmd = c->cmd;

	if (!cmd->nversion_scripts)
		return 0;
	if (!(c->vscripts = calloc(cmd->nversion_scripts, sizeof *c->vscripts)))
		return -1;
	for (size_t i = 0; i < cmd->nversion_scripts; i++) {
		const char *path = cmd->version_scripts[i];
		ls_mapfile mf;
		ls_diag d;
		if (map_script(c, path, &mf, &d) < 0) {
			c->fatal = true;
			if (link_reason(c->res, "cannot open version script %s: %s", path, d.msg) < 0)
				return -1;
			continue;
		}
		int rc = ls_verscript_parse(mf.bytes, c->sem, 0, &c->vscripts[c->nvscripts], &d);
		ls_unmap(&mf);
		if (rc < 0) {
			c->fatal = true;
			if (link_reason(c->res, "%s: %s", path, d.msg) < 0)
				return -1;
			continue;
		}
		c->nvscripts++;
	}
	return 0;
}

bool link_version_node(const linkctx *c, const char *ver, size_t len)
{
	for (size_t k = 0; k < c->nvscripts; k++)
		for (size_t i = 0; i < c->vscripts[k].nnodes; i++) {
			const ls_verscript_node *n = &c->vscripts[k].nodes[i];
			const char *nm = n->name;
			size_t nl = n->name_len;
			if (!nm)
				continue;
			/* lld and mold keep the quotes of "V1". */
			if (nl >= 2 && nm[0] == '"' && nm[nl - 1] == '"') {
				nm++;
				nl -= 2;
			}
			if (nl == len && !memcmp(nm, ver, len))
				return true;
		}
	return false;
}
