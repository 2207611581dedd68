/*
 * audit.c - one artifact's facts for `linkscope check`: its kind, what the
 * loader must find for it (interpreter, DT_NEEDED, search paths), whether
 * it runs in an empty container, and which C library it was built for.
 * The mitigations are hardening.c's, the version floor libc_floor.c's, the
 * RPATH risks rpath_risk.c's and the Go facts go/gofacts.c's.
 */
#include "audit_impl.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>
#include <string.h>

const char *ls_art_kind_name(ls_art_kind k)
{
	static const char *const names[] = {
		[LS_ART_OTHER] = "other", [LS_ART_EXEC] = "exec",
		[LS_ART_PIE] = "pie", [LS_ART_STATIC_PIE] = "static-pie",
		[LS_ART_SHARED] = "shared", [LS_ART_REL] = "relocatable",
		[LS_ART_CORE] = "core", [LS_ART_DEBUGINFO] = "debuginfo",
	};
	return names[k];
}

const char *ls_relro_name(ls_relro r)
{
	return r == LS_RELRO_FULL ? "full" : r == LS_RELRO_PARTIAL ? "partial" : "none";
}

const char *ls_libc_name(ls_libc l)
{
	static const char *const names[] = {
		[LS_LIBC_UNKNOWN] = "unknown", [LS_LIBC_GLIBC] = "glibc",
		[LS_LIBC_MUSL] = "musl", [LS_LIBC_BIONIC] = "bionic",
		[LS_LIBC_NONE] = "none",
	};
	return names[l];
}

const char *ls_risk_name(ls_rpath_risk_kind k)
{
	static const char *const names[] = {
		[LS_RISK_RELATIVE] = "relative", [LS_RISK_EMPTY] = "empty",
		[LS_RISK_ORIGIN_SETUID] = "origin-setuid",
		[LS_RISK_WORLD_WRITABLE] = "world-writable",
		[LS_RISK_NOT_ROOT_OWNED] = "not-root-owned",
		[LS_RISK_MISSING] = "missing",
	};
	return names[k];
}

const char *ls_osabi_name(uint8_t osabi)
{
	switch (osabi) {
	case ELFOSABI_SYSV: return "SYSV";
	case ELFOSABI_HPUX: return "HP-UX";
	case ELFOSABI_NETBSD: return "NetBSD";
	case ELFOSABI_GNU: return "GNU/Linux";
	case ELFOSABI_SOLARIS: return "Solaris";
	case ELFOSABI_AIX: return "AIX";
	case ELFOSABI_IRIX: return "IRIX";
	case ELFOSABI_FREEBSD: return "FreeBSD";
	case ELFOSABI_TRU64: return "TRU64";
	case ELFOSABI_MODESTO: return "Modesto";
	case ELFOSABI_OPENBSD: return "OpenBSD";
	case ELFOSABI_ARM_AEABI: return "ARM EABI";
	case ELFOSABI_ARM: return "ARM";
	case ELFOSABI_STANDALONE: return "standalone";
	default: return "unknown";
	}
}

/* The interpreter and the dynamic section (DT_NEEDED, SONAME,
 * RPATH/RUNPATH, the flags): the reader's load-info record. */
static int read_load(const ls_object *o, ls_audit *a, ls_diag *d)
{
	const ls_dyninfo *in = &a->load.dyn;

	if (ls_loadinfo_read(o, false, &a->load, d) < 0)
		return -1;
	/* Linkers before binutils 2.26 wrote no DF_1_PIE; such a PIE is an
	 * ET_DYN with an interpreter, a DT_DEBUG slot for debuggers and no
	 * SONAME (libc.so.6 has an interpreter, but no DT_DEBUG). */
	a->pie = o->type == ET_DYN &&
		 ((in->flags_1 & DF_1_PIE) ||
		  (a->load.interp && in->debug && !in->soname));
	return 0;
}

/*
 * A separate debug-info file (objcopy --only-keep-debug, dh_strip's
 * /usr/lib/debug/.build-id/...): linked, but its code is SHT_NOBITS.
 */
static bool debug_info_only(const ls_object *o)
{
	bool code = false;

	if (o->type != ET_EXEC && o->type != ET_DYN)
		return false;
	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *s = &o->sections[i];

		if (!(s->flags & SHF_EXECINSTR) || s->size == 0)
			continue;
		if (s->type != SHT_NOBITS)
			return false;
		code = true;
	}
	return code;
}

/* No interpreter and no DT_NEEDED: nothing is loaded beside the file. */
static bool loads_nothing(const ls_audit *a)
{
	return !a->load.interp && a->load.dyn.nneeded == 0;
}

static ls_art_kind kind_of(const ls_object *o, const ls_audit *a)
{
	switch (o->type) {
	case ET_EXEC: return LS_ART_EXEC;
	case ET_REL: return LS_ART_REL;
	case ET_CORE: return LS_ART_CORE;
	case ET_DYN:
		if (!a->pie)
			return LS_ART_SHARED;
		return a->load.interp ? LS_ART_PIE : LS_ART_STATIC_PIE;
	default: return LS_ART_OTHER;
	}
}

/* Can it start in an image that holds nothing but itself? */
static void scratch_verdict(ls_audit *a)
{
	switch (a->kind) {
	case LS_ART_EXEC: case LS_ART_PIE: case LS_ART_STATIC_PIE:
		break;
	case LS_ART_SHARED:
		a->scratch_reason = "a shared library: it runs only inside a program";
		return;
	default:
		a->scratch_reason = "not a linked program";
		return;
	}
	if (a->load.interp) {
		a->scratch_reason = "needs its interpreter (the dynamic loader) and the libraries it names";
		return;
	}
	if (a->load.dyn.nneeded) {
		a->scratch_reason = "names libraries in DT_NEEDED that nothing will load";
		return;
	}
	if (a->static_nss) {
		/* ld warns "Using 'getpwnam' in statically linked applications
		 * requires at run time the shared libraries from the glibc
		 * version used for linking". */
		a->scratch_reason = "static, but glibc's NSS (getpwnam, getaddrinfo, ...) "
			"is linked in: it loads libnss_*.so from the glibc it was "
			"linked with at run time, which an empty image lacks";
		return;
	}
	a->scratch_ok = true;
	a->scratch_reason = a->kind == LS_ART_STATIC_PIE ?
		"static PIE: relocates itself, needs no loader or library" :
		"static: needs no loader or library";
}

static const char *const musl_marks[] = { "__init_libc", "__libc_start_init" };
static const char *const glibc_marks[] = {
	"__libc_setup_tls", "__libc_start_call_main", "_dl_relocate_static_pie",
	"__libc_init_secure",
};

static bool named_in(const char *name, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, set[i]))
			return true;
	return false;
}

/* What a static binary's own symbols say about its C library, and
 * whether glibc's NSS (which dlopens modules) is in it. */
static void libc_from_symbol(ls_audit *a, const ls_symbol *s)
{
	if (s->shndx == SHN_UNDEF || s->name[0] != '_')
		return;
	/* Any of glibc's NSS code (__nss_*, _nss_files_*) in a static
	 * program means lookups that dlopen libnss_* modules at run time. */
	if (!strncmp(s->name, "__nss_", 6) || !strncmp(s->name, "_nss_", 5))
		a->static_nss = true;
	if (a->libc != LS_LIBC_UNKNOWN)
		return;
	if (named_in(s->name, musl_marks, sizeof musl_marks / sizeof *musl_marks))
		a->libc = LS_LIBC_MUSL;
	else if (named_in(s->name, glibc_marks,
			  sizeof glibc_marks / sizeof *glibc_marks))
		a->libc = LS_LIBC_GLIBC;
}

/*
 * Whether symbol i can change a fact, from its st_name and st_shndx
 * and its name's first two bytes (read through the bounds-checked
 * readers).  Every hook (audit_hardening_symbol, audit_floor_symbol,
 * libc_from_symbol) ignores a defined symbol unless its name begins with
 * "__" (the canary and FORTIFY names, most libc markers) or, outside
 * .dynsym, "_d" or "_n" (_dl_relocate_static_pie, _nss_*), in a file
 * that loads libraries (one that loads none is walked whole): a hook that
 * starts to look at other symbols must change this test.  A symbol that needs
 * one of ls_symbol_get's checks beyond "its name is terminated" (a
 * reserved or out-of-range section index) is kept, so that ls_symbol_get
 * judges it; so is one whose version index is not defined or names a
 * needed version (a copy relocation, which libc_floor.c counts).  Skipping the
 * rest is what makes check fast: node's 75,000 exports are all defined,
 * and decoding each one (its name's length included) was most of
 * `check -r /usr/bin`'s time.
 */
struct symscan {
	const ls_object *o;
	ls_bytes data, strtab, versym;	/* versym: empty unless checked */
	int order;
	uint64_t entsize, shndx_at;
	uint32_t shnum;		/* UINT32_MAX: from dynamic tags, unchecked */
	bool dynsym;
	uint16_t ver_ok;	/* a version index known to be defined */
};

static void symscan_init(struct symscan *c, const ls_object *o,
			 const ls_symtab *tab)
{
	*c = (struct symscan){
		.o = o, .data = tab->data, .strtab = tab->strtab,
		.order = o->order, .entsize = tab->entsize,
		.shndx_at = o->wordsize == 8 ? 6 : 14,
		.shnum = tab->from_dynamic ? UINT32_MAX : o->shnum,
		.dynsym = tab == &o->dynsym,
	};
	/* As ls_symbol_get: only .dynsym has versions to look up. */
	if (c->dynsym && (o->has_verdef || o->has_verneed))
		c->versym = o->versym;
}

static inline __attribute__((always_inline)) bool
may_matter(struct symscan *c, uint32_t i, uint32_t *name_out, int order)
{
	uint64_t off = (uint64_t)i * c->entsize;
	uint32_t name;
	uint16_t shndx, vs;
	uint8_t ch;

	ls_u32(c->data, off, order, &name);
	ls_u16(c->data, off + c->shndx_at, order, &shndx);
	if (shndx == SHN_UNDEF || shndx >= SHN_LORESERVE || shndx >= c->shnum)
		return true;
	if (name && (!ls_u8(c->strtab, name, &ch) ||
		     (ch == '_' && (!ls_u8(c->strtab, name + 1ull, &ch) ||
				    ch == '_' ||
				    (!c->dynsym && (ch == 'd' || ch == 'n'))))))
		return true;
	if (c->versym.size && ls_u16(c->versym, (uint64_t)i * 2, order, &vs) &&
	    (vs &= 0x7fff) >= 2 && vs != c->ver_ok) {
		const ls_version *v = ls_version_lookup(c->o, vs);

		/* A defined symbol bound to a needed version is a copy
		 * relocation: an import for the version floors. */
		if (!v || !v->defined)
			return true;
		c->ver_ok = vs;	/* exports share a few versions */
	}
	*name_out = name;
	return false;
}

/* One copy per byte order, each with its order a constant: the fields'
 * reads then compile to plain loads (this loop sees every symbol). */
static bool may_matter_le(struct symscan *c, uint32_t i, uint32_t *name)
{
	return may_matter(c, i, name, LS_LE);
}

static bool may_matter_be(struct symscan *c, uint32_t i, uint32_t *name)
{
	return may_matter(c, i, name, LS_BE);
}

static bool symbol_may_matter(struct symscan *c, uint32_t i, uint32_t *name)
{
	return c->order == LS_LE ? may_matter_le(c, i, name)
				 : may_matter_be(c, i, name);
}

/* The first symbol ls_symbol_get refuses, for its diagnostic. */
static int first_bad_symbol(const ls_object *o, const ls_symtab *tab,
			    ls_diag *d)
{
	ls_symbol s;

	for (uint32_t i = 1; i < tab->count; i++)
		if (ls_symbol_get(o, tab, i, &s, d) < 0)
			return -1;
	return 0;
}

static int scan_symbols(const ls_object *o, const ls_symtab *tab,
			ls_audit *a, bool dynamic, ls_diag *d)
{
	ls_symbol s;
	uint32_t name, maxname = 0;
	struct symscan c;
	const char *str;

	/* A file that loads nothing has its fortifiable functions defined
	 * in it (libc.a's memcpy): hardening.c counts every defined name,
	 * so nothing is skipped (such files are few). */
	bool all = !a->load.interp && !a->load.dyn.nneeded;

	symscan_init(&c, o, tab);
	for (uint32_t i = 1; tab->present && i < tab->count; i++) {
		if (!all && !symbol_may_matter(&c, i, &name)) {
			if (name > maxname)
				maxname = name;
			continue;
		}
		if (ls_symbol_get(o, tab, i, &s, d) < 0) {
			/* A skipped symbol before it may be bad too: the
			 * error names the first, as a full walk would. */
			first_bad_symbol(o, tab, d);
			return -1;
		}
		audit_hardening_symbol(a, &s);
		if (dynamic)
			audit_floor_symbol(a, &s);
		else
			libc_from_symbol(a, &s);
	}
	/* The skipped names are terminated when the one furthest into the
	 * string table is: its NUL ends every name before it as well.  If
	 * not, ls_symbol_get names the first bad symbol, as it always has
	 * (the audit fails, so the facts gathered do not matter). */
	if (maxname && !ls_cstr(tab->strtab, maxname, &str, NULL))
		return first_bad_symbol(o, tab, d);
	return 0;
}

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static void libc_verdict(ls_audit *a)
{
	const char *base = a->load.interp ? strrchr(a->load.interp, '/') : NULL;

	base = base ? base + 1 : a->load.interp;
	if (starts(base, "ld-musl-"))
		a->libc = LS_LIBC_MUSL;
	else if (starts(base, "linker"))
		a->libc = LS_LIBC_BIONIC;
	else if (starts(base, "ld-linux") || starts(base, "ld64.so") ||
		 starts(base, "ld.so."))
		a->libc = LS_LIBC_GLIBC;
	for (uint32_t i = 0; a->libc == LS_LIBC_UNKNOWN && i < a->load.dyn.nneeded; i++) {
		if (!strcmp(a->load.dyn.needed[i], "libc.so.6"))
			a->libc = LS_LIBC_GLIBC;
		else if (starts(a->load.dyn.needed[i], "libc.musl-"))
			a->libc = LS_LIBC_MUSL;
	}
	for (uint32_t i = 0; a->libc == LS_LIBC_UNKNOWN && i < a->nfloors; i++)
		if (!strcmp(a->floors[i].family, "GLIBC"))
			a->libc = LS_LIBC_GLIBC;
	if (a->libc != LS_LIBC_UNKNOWN || !loads_nothing(a) ||
	    (a->kind != LS_ART_EXEC && a->kind != LS_ART_STATIC_PIE))
		return;
	/* A static program whose symbols named no C library (those were
	 * read in scan_symbols): glibc's crt1.o leaves the ABI tag; a Go
	 * program without cgo, or a freestanding one whose symbol table
	 * survives, has none at all. */
	if (a->go.is_go && !a->go.cgo)
		a->libc = LS_LIBC_NONE;
	else if (a->has_abi_tag)
		a->libc = LS_LIBC_GLIBC;
	else if (!a->stripped)
		a->libc = LS_LIBC_NONE;
}

int ls_audit_run(const ls_object *o, const ls_audit_opts *opts, ls_audit *a,
		 ls_diag *d)
{
	memset(a, 0, sizeof *a);
	a->obj = o;
	a->elfclass = o->elfclass;
	a->order = o->order;
	a->osabi = o->osabi;
	a->machine = o->machine;
	if (debug_info_only(o)) {
		/* Its segments and dynamic section describe a file it is not;
		 * only the notes (the build ID that pairs them) mean anything. */
		a->kind = LS_ART_DEBUGINFO;
		a->stripped = !o->symtab.present;
		a->scratch_reason = "a separate debug-info file";
		return audit_notes(o, a, d);
	}
	if (read_load(o, a, d) < 0)
		return -1;
	a->kind = kind_of(o, a);
	a->is_static = !a->load.interp && !a->load.has_dynamic &&
		       (a->kind == LS_ART_EXEC || a->kind == LS_ART_STATIC_PIE);
	audit_segments(o, a);
	if (audit_notes(o, a, d) < 0)
		return -1;

	audit_floors(o, a);
	if (a->nfloors && o->dynsym.present &&
	    /* malloc, not calloc: they are filled in order and read only
	     * up to their counts, and zeroing them (75,000 entries for
	     * node) cost more than the rest of its audit. */
	    (!(a->floor_syms = malloc(o->dynsym.count * sizeof *a->floor_syms)) ||
	     !(a->floor_tag = malloc(o->dynsym.count)) ||
	     !(a->vsyms = malloc(o->dynsym.count * sizeof *a->vsyms))))
		return ls_oom(d);
	a->stripped = !o->symtab.present;
	/* A dynamically linked file's imports are all in .dynsym; its
	 * .symtab (100k+ symbols for some programs) adds nothing to check's
	 * facts.  Files that load nothing (static programs, static PIEs,
	 * objects) carry their C library and checks in .symtab only. */
	if (scan_symbols(o, &o->dynsym, a, true, d) < 0 ||
	    (loads_nothing(a) &&
	     scan_symbols(o, &o->symtab, a, false, d) < 0))
		return -1;
	scratch_verdict(a);
	if (audit_floor_group(a) < 0 || audit_rpath_risks(a, opts) < 0)
		return ls_oom(d);
	if (ls_gofacts_read(o, &a->go, d) < 0)
		return -1;
	libc_verdict(a);
	return 0;
}

void ls_audit_failures_free(ls_audit *a)
{
	for (uint32_t i = 0; i < a->nfailures; i++) {
		if (a->failures[i].reason_heap)
			free(a->failures[i].reason);
		free(a->failures[i].syms);
		free(a->failures[i].symptom);
		free(a->failures[i].fix_c);
		free(a->failures[i].fix_go);
	}
	a->nfailures = 0;
}

void ls_audit_free(ls_audit *a)
{
	ls_loadinfo_free(&a->load);
	free(a->risks);
	free(a->floor_syms);
	free(a->floor_tag);
	free(a->vsyms);
	ls_audit_failures_free(a);
	for (uint32_t i = 0; i < a->nunjudged; i++)
		free(a->unjudged[i].libs);
	a->nunjudged = 0;
	ls_gofacts_free(&a->go);
	a->risks = NULL;
	a->floor_syms = NULL;
	a->floor_tag = NULL;
	a->vsyms = NULL;
}
