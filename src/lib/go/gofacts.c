/*
 * gofacts.c - the Go facts of one object: build info, Go build ID,
 * pclntab, and the verdicts `go version -m` cannot give (cgo really linked,
 * link mode, build mode, race detector).
 *
 * Each verdict uses the strongest signal the object still has, so that it
 * holds for `-s -w` builds (no .symtab) and files without section headers.
 * The signals were checked on Go 1.21 and 1.26 builds for amd64, 386, arm,
 * arm64, riscv64, mips, s390x (tests/fixtures/go-check.sh):
 *
 *   cgo   not linked when the build setting says CGO_ENABLED=0 (Go
 *         1.18+; an imitation of runtime/cgo such as purego's fakecgo
 *         defines crosscall2 without it).  Otherwise:
 *         pclntab function `crosscall2` or `runtime/cgo.*` (Go code of
 *         runtime/cgo: linked exactly when cgo is; survives -s -w), else a
 *         defined x_cgo_init or crosscall2 symbol, else `_cgoexp_*`,
 *         `main._Cfunc_*`, `_cgo_topofstack` functions.  Not _cgo_init:
 *         every Go binary has it, in .bss when cgo is off.
 *   link  c-archive/c-shared/plugin/shared are external by construction
 *         (cmd/link mustLinkExternal).  For exe/pie: the ELF entry point
 *         inside a pclntab function `_rt0_<arch>_<os>` is an internal link;
 *         an entry outside Go text (crt's _start) is external.  Symbol
 *         tables and C-toolchain traces (.comment, .note.ABI-tag, .init,
 *         PT_GNU_EH_FRAME) back it up when the pclntab cannot say.
 *   mode  the -buildmode setting (Go 1.20+), else the ELF structure
 *         (ET_REL: c-archive's go.o; ET_DYN: the Go ABI hash note of a
 *         -buildmode=shared library, plugin tables, an interpreter or
 *         DF_1_PIE for pie, else c-shared).
 *   race  -race=true, else runtime.racecall* / __tsan_* functions or
 *         symbols (the race runtime's, present only in race builds).
 */
#include "gofacts.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Go notes ------------------------------------------------------------ */

/* cmd/link's Go note types (ld/elf.go). */
enum { GO_NOTE_ABIHASH = 2, GO_NOTE_BUILDID = 4 };

/* A Go note: name "Go" padded with NULs (namesz 4) and the given type. */
static bool go_note(const ls_note *n, uint32_t type)
{
	if (n->type != type || n->name_len < 2 || n->name_len > 4 ||
	    memcmp(n->name, "Go", 2) != 0)
		return false;
	for (uint32_t i = 2; i < n->name_len; i++)
		if (n->name[i])
			return false;
	return true;
}

/* Walks notes for a Go note of the type; 1 found (*desc set), 0 not, -1
 * malformed (d filled). */
static int go_note_walk(const ls_object *obj, ls_bytes b, uint64_t off,
			uint64_t align, uint32_t type, ls_bytes *desc,
			ls_diag *d)
{
	uint64_t cur = 0;
	ls_note n;
	int r;

	/* Each note is at least 12 bytes: the walk ends within size/12. */
	while ((r = ls_note_next(obj, b, off, align, &cur, &n, d)) == 1)
		if (go_note(&n, type)) {
			*desc = n.desc;
			return 1;
		}
	return r;
}

/*
 * The Go note of the type: in the section of its name (a malformed one is
 * an error), else in any PT_NOTE (whose other notes are not ours to
 * judge).  1 found, 0 not, -1 with d filled.
 */
static int go_note_find(const ls_object *obj, const char *secname,
			uint32_t type, ls_bytes *desc, ls_diag *d)
{
	for (uint32_t i = 0; i < obj->shnum; i++) {
		const ls_section *s = &obj->sections[i];
		ls_bytes b;
		if (strcmp(s->name, secname) != 0 || s->type == SHT_NOBITS ||
		    !ls_sub(obj->file, s->offset, s->size, &b))
			continue;
		/* Only the first: copies could overlap (see below). */
		int r = go_note_walk(obj, b, s->offset, s->addralign, type,
				     desc, d);
		if (r != 0)
			return r;
		break;
	}
	/* PT_NOTEs may overlap: walk at most twice the file's bytes. */
	uint64_t budget = 2 * obj->file.size + 4096;
	for (uint32_t i = 0; i < obj->phnum; i++) {
		const ls_segment *s = &obj->segments[i];
		ls_bytes b;
		ls_diag ignore = { 0 };
		if (s->type != PT_NOTE ||
		    !ls_sub(obj->file, s->offset, s->filesz, &b))
			continue;
		if (b.size > budget)
			break;
		budget -= b.size;
		if (go_note_walk(obj, b, s->offset, s->align, type, desc,
				 &ignore) == 1)
			return 1;
	}
	return 0;
}

static int go_build_id(const ls_object *obj, ls_gofacts *f, ls_diag *d)
{
	ls_bytes desc;
	int r = go_note_find(obj, ".note.go.buildid", GO_NOTE_BUILDID, &desc,
			     d);

	if (r == 1) {
		f->build_id = (const char *)desc.base;
		f->build_id_len = (size_t)desc.size;
	}
	return r < 0 ? -1 : 0;
}

/* Signals ------------------------------------------------------------- */

typedef struct go_signals {
	/* pclntab functions */
	bool f_crosscall2, f_runtime_cgo, f_cgoexp, f_cfunc, f_topofstack;
	bool f_x_cgo;
	bool f_racecall, f_tsan;
	bool f_addmoduledata;
	const char *entry_func;	/* the function holding e_entry, or NULL */
	bool entry_outside;	/* e_entry outside Go text (known text) */
	/* defined symbols (.symtab or .dynsym) */
	bool s_x_cgo_init, s_crosscall2, s_tsan, s_racecall;
	bool s_plugin;
	const char *entry_sym;	/* a .symtab function at e_entry */
	/* structure */
	bool interp, dynamic, df1_pie, c_toolchain;
	bool abihash;		/* Go ABI hash note: -buildmode=shared */
	const char *c_why;
} go_signals;

static void scan_pclntab(const ls_object *obj, const ls_pclntab *t,
			 go_signals *g)
{
	for (uint32_t i = 0; t->present && i < t->nfunc; i++) {
		uint64_t e;
		const char *n;
		if (ls_pclntab_func(t, i, &e, &n, NULL) < 0)
			continue;
		if (strcmp(n, "crosscall2") == 0)
			g->f_crosscall2 = true;
		else if (has_prefix(n, "runtime/cgo."))
			g->f_runtime_cgo = true;
		else if (has_prefix(n, "_cgoexp_"))
			g->f_cgoexp = true;
		else if (has_prefix(n, "main._Cfunc_"))
			g->f_cfunc = true;
		else if (strcmp(n, "_cgo_topofstack") == 0)
			g->f_topofstack = true;
		else if (has_prefix(n, "x_cgo_"))
			g->f_x_cgo = true;
		else if (has_prefix(n, "runtime.racecall"))
			g->f_racecall = true;
		else if (has_prefix(n, "__tsan_"))
			g->f_tsan = true;
		else if (strcmp(n, "go:link.addmoduledata") == 0 ||
			 strcmp(n, "go.link.addmoduledata") == 0)
			g->f_addmoduledata = true;
	}
	/* Entry PCs are only addresses once text_start is known. */
	uint32_t idx;
	if (!t->present || !t->text_source || obj->type == ET_REL ||
	    obj->entry == 0)
		return;
	if (ls_pclntab_lookup(t, obj->entry, &idx)) {
		uint64_t e;
		const char *n;
		if (ls_pclntab_func(t, idx, &e, &n, NULL) == 0)
			g->entry_func = n;
	} else {
		g->entry_outside = true;
	}
}

static void scan_symtab(const ls_object *obj, const ls_symtab *tab,
			go_signals *g)
{
	for (uint32_t i = 1; tab->present && i < tab->count; i++) {
		ls_symbol s;
		if (ls_symbol_get(obj, tab, i, &s, NULL) < 0 ||
		    s.shndx == SHN_UNDEF)
			continue;
		const char *n = s.name;
		if (strcmp(n, "x_cgo_init") == 0)
			g->s_x_cgo_init = true;
		else if (strcmp(n, "crosscall2") == 0)
			g->s_crosscall2 = true;
		else if (has_prefix(n, "__tsan_"))
			g->s_tsan = true;
		else if (has_prefix(n, "runtime.racecall"))
			g->s_racecall = true;
		else if (strcmp(n, "go:plugin.tabs") == 0 ||
			 strcmp(n, "go.plugin.tabs") == 0 ||
			 strcmp(n, "go:link.thispluginpath") == 0 ||
			 strcmp(n, "go.link.thispluginpath") == 0)
			g->s_plugin = true;
		if (obj->type != ET_REL && obj->entry && s.value == obj->entry &&
		    (s.type == STT_FUNC || s.type == STT_NOTYPE) &&
		    s.shndx < SHN_LORESERVE && tab == &obj->symtab &&
		    (!g->entry_sym || s.bind == STB_GLOBAL))
			g->entry_sym = n;
	}
}

/* Does section s hold the string needle (bounded by the section)? */
static bool section_has(const ls_object *obj, const ls_section *s,
			const char *needle)
{
	ls_bytes b;
	if (s->type == SHT_NOBITS || !ls_sub(obj->file, s->offset, s->size, &b))
		return false;
	return memmem(b.base, b.size, needle, strlen(needle)) != NULL;
}

/* Traces only a C toolchain's link leaves (Go's internal linker writes
 * none of them, not even when it links cgo host objects itself). */
static void scan_structure(const ls_object *obj, go_signals *g)
{
	bool comment_seen = false;

	for (uint32_t i = 0; i < obj->shnum && !g->c_why; i++) {
		const ls_section *s = &obj->sections[i];
		/* The first .comment only: a hostile file could repeat one
		 * large section header many times. */
		if (strcmp(s->name, ".comment") == 0 && !comment_seen) {
			comment_seen = true;
			if (section_has(obj, s, "GCC:") ||
			    section_has(obj, s, "clang"))
				g->c_why = ".comment names a C compiler";
		} else if (strcmp(s->name, ".note.ABI-tag") == 0)
			g->c_why = "section .note.ABI-tag";
		else if (strcmp(s->name, ".init") == 0)
			g->c_why = "section .init";
		else if (strcmp(s->name, ".eh_frame_hdr") == 0)
			g->c_why = "section .eh_frame_hdr";
	}
	for (uint32_t i = 0; i < obj->phnum; i++) {
		const ls_segment *s = &obj->segments[i];
		if (s->type == PT_INTERP)
			g->interp = true;
		else if (s->type == PT_DYNAMIC)
			g->dynamic = true;
		else if (s->type == PT_GNU_EH_FRAME && !g->c_why)
			g->c_why = "PT_GNU_EH_FRAME segment";
	}
	g->c_toolchain = g->c_why != NULL;

	/* Only a -buildmode=shared library carries the ABI hash that the
	 * programs linked against it (-linkshared) check at start-up. */
	ls_bytes desc;
	ls_diag ignore = { 0 };
	g->abihash = go_note_find(obj, ".note.go.abihash", GO_NOTE_ABIHASH,
				  &desc, &ignore) == 1;

	int64_t n = ls_dynamic_count(obj, &ignore);
	for (int64_t i = 0; i < n; i++) {
		int64_t tag;
		uint64_t val;
		if (ls_dynamic_get(obj, (uint64_t)i, &tag, &val, &ignore) < 0 ||
		    tag == DT_NULL)
			break;
		if (tag == DT_FLAGS_1 && (val & DF_1_PIE))
			g->df1_pie = true;
	}
}

/* Verdicts ------------------------------------------------------------ */

static void verdict_cgo(const go_signals *g, ls_gofacts *f)
{
	const char *set = ls_gobuildinfo_setting(&f->bi, "CGO_ENABLED");
	const char *why = NULL;

	/* The go command records CGO_ENABLED in every build since Go 1.18
	 * (cmd/go/internal/load/pkg.go, setBuildInfo).  With 0 it compiles
	 * no C and runtime/cgo cannot link (its Go code pulls x_cgo_* from
	 * its C files: "relocation target x_cgo_init not defined"), so the
	 * names below can only come from an imitation: purego's
	 * internal/fakecgo defines crosscall2 and x_cgo_*_trampoline in
	 * assembly for CGO_ENABLED=0 builds. */
	if (set && strcmp(set, "0") == 0) {
		f->cgo = false;
		f->cgo_why = g->f_crosscall2 || g->s_crosscall2 || g->f_x_cgo
			? "CGO_ENABLED=0 build setting (crosscall2 or x_cgo_* "
			  "defined by Go code outside runtime/cgo: an imitation)"
			: "CGO_ENABLED=0 build setting";
		return;
	}
	if (g->f_crosscall2)
		why = "pclntab crosscall2";
	else if (g->f_runtime_cgo)
		why = "pclntab runtime/cgo functions";
	else if (g->s_x_cgo_init)
		why = "symbol x_cgo_init defined";
	else if (g->s_crosscall2)
		why = "symbol crosscall2 defined";
	else if (g->f_x_cgo)
		why = "pclntab x_cgo_* functions";
	else if (g->f_cgoexp)
		why = "pclntab _cgoexp_* functions";
	else if (g->f_cfunc)
		why = "pclntab main._Cfunc_* functions";
	else if (g->f_topofstack)
		why = "pclntab _cgo_topofstack";
	f->cgo = why != NULL;
	f->cgo_why = why ? why : "no runtime/cgo code";
}

static const char *const go_modes[] = {
	"exe", "pie", "c-shared", "c-archive", "plugin", "shared", NULL
};

static void verdict_build_mode(const ls_object *obj, const go_signals *g,
			       ls_gofacts *f)
{
	const char *set = ls_gobuildinfo_setting(&f->bi, "-buildmode");

	for (int i = 0; set && go_modes[i]; i++)
		if (strcmp(set, go_modes[i]) == 0) {
			f->build_mode = go_modes[i];
			f->build_mode_why = "-buildmode setting";
			return;
		}
	if (obj->type == ET_REL) {
		f->build_mode = "c-archive";
		f->build_mode_why = "relocatable Go object (go.o)";
	} else if (obj->type != ET_DYN) {
		f->build_mode = "exe";
		f->build_mode_why = "ET_EXEC";
	} else if (g->abihash) {
		f->build_mode = "shared";
		f->build_mode_why = "Go ABI hash note";
	} else if (g->s_plugin || g->f_addmoduledata) {
		f->build_mode = "plugin";
		f->build_mode_why = "plugin tables";
	} else if (g->interp || g->df1_pie) {
		f->build_mode = "pie";
		f->build_mode_why = g->interp ? "ET_DYN with PT_INTERP"
					      : "ET_DYN with DF_1_PIE";
	} else {
		f->build_mode = "c-shared";
		f->build_mode_why = "ET_DYN without interpreter";
	}
}

static void verdict_link_mode(const go_signals *g, ls_gofacts *f)
{
	const char *m = f->build_mode;
	bool ext;
	const char *why;

	if (strcmp(m, "exe") != 0 && strcmp(m, "pie") != 0) {
		ext = true;
		why = "build mode links externally";
	} else if (g->entry_sym) {
		ext = !has_prefix(g->entry_sym, "_rt0_");
		why = ext ? "entry symbol is not _rt0_*" : "entry symbol _rt0_*";
	} else if (g->entry_func && has_prefix(g->entry_func, "_rt0_")) {
		ext = false;
		why = "entry point in pclntab _rt0_*";
	} else if (g->entry_outside) {
		ext = true;
		why = "entry point outside Go text";
	} else if (g->c_toolchain) {
		ext = true;
		why = g->c_why;
	} else {
		ext = false;
		why = "no external linker traces";
	}
	f->link_mode = ext ? "external" : "internal";
	f->link_why = why;
}

static void verdict_race(const go_signals *g, ls_gofacts *f)
{
	const char *set = ls_gobuildinfo_setting(&f->bi, "-race");
	const char *why = NULL;

	if (set && strcmp(set, "true") == 0)
		why = "-race=true setting";
	else if (g->f_racecall || g->s_racecall)
		why = "runtime.racecall";
	else if (g->f_tsan || g->s_tsan)
		why = "__tsan_* functions";
	f->race = why != NULL;
	f->race_why = why ? why : "no race runtime";
}

/* A section only the Go linker writes (.gopclntab, .gosymtab,
 * .go.buildinfo, .go.module, .note.go.buildid, .data.rel.ro.gopclntab);
 * not .got. */
static bool has_go_section(const ls_object *obj)
{
	for (uint32_t i = 1; i < obj->shnum; i++) {
		const char *n = obj->sections[i].name;

		if (!strncmp(n, ".go.", 4) || strstr(n, ".gopclntab") ||
		    !strcmp(n, ".gosymtab") || !strcmp(n, ".note.go.buildid"))
			return true;
	}
	return false;
}

int ls_gofacts_read(const ls_object *obj, ls_gofacts *out, ls_diag *d)
{
	go_signals g = { 0 };

	memset(out, 0, sizeof *out);
	if (ls_gobuildinfo_read(obj, &out->bi, d) < 0 ||
	    go_build_id(obj, out, d) < 0)
		return -1;
	/* Looking for a pclntab without its section means scanning the data
	 * for its magic: only worth it where something already says Go (or
	 * nothing can, with no section headers).  Most files `check -r`
	 * meets are not Go, and the scan would dominate their cost. */
	if ((out->bi.present || out->build_id || obj->shnum == 0 ||
	     has_go_section(obj)) &&
	    ls_pclntab_find(obj, &out->pcln, d) < 0)
		return -1;
	out->is_go = out->bi.present || out->build_id || out->pcln.present;
	if (!out->is_go)
		return 0;

	scan_pclntab(obj, &out->pcln, &g);
	scan_symtab(obj, &obj->symtab, &g);
	scan_symtab(obj, &obj->dynsym, &g);
	scan_structure(obj, &g);

	verdict_cgo(&g, out);
	verdict_build_mode(obj, &g, out);
	verdict_link_mode(&g, out);
	verdict_race(&g, out);
	return 0;
}

void ls_gofacts_free(ls_gofacts *f)
{
	ls_gobuildinfo_free(&f->bi);
}
