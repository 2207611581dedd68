/*
 * link_inputs.c - from the parsed command line to the files a linker would
 * read, in order: -l searched as the chosen linker searches, linker
 * scripts expanded, wrong-architecture files skipped or refused as that
 * linker does (reference: docs/link.md, "Inputs").  Also the search for
 * the DT_NEEDED entries of input DSOs, which GNU ld loads only to check
 * them.  No symbol is resolved here.
 */
#include "link_impl.h"
#include "../core/array.h"
#include "../readers/elf_defs.h"
#include "../readers/ldconf.h"

#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SCRIPT_DEPTH 16
#define MAX_EXPANDED 4096u
#define MAX_FILES (1u << 20)

static bool exists_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The first ELF member of an archive decides what bfd thinks the archive
 * is (bfd_generic_archive_p looks at the first object). */
static void archive_machine(lfile *f)
{
	uint64_t cur = f->ar.first;
	ls_member m;
	ls_diag d;
	int n = 0;

	while (n++ < 64 && ls_archive_next(&f->ar, &cur, &m, &d) == 1) {
		if (f->ar.thin)
			return;	/* members are files of their own */
		if (!ls_is_elf(m.data))
			continue;
		f->machine = link_elf_ident(m.data, &f->elfclass, NULL);
		return;
	}
}

/* An ar header for name (GNU: "name/", at most 15 bytes) and size. */
static void ar_header(uint8_t *h, const char *name, uint64_t size)
{
	char buf[61];

	snprintf(buf, sizeof buf, "%-16.16s%-12s%-6s%-6s%-8s%-10llu`\n", name, "0", "0", "0",
		 "644", (unsigned long long)size);
	memcpy(h, buf, 60);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * --start-lib OBJ --end-lib: gold, lld and mold load OBJ only for a
 * reference, as a member of an archive whose index holds its defined
 * names (lld LazyObject, gold's Lib_group).  So it becomes one: an ar
 * image in memory (GNU index, one member named after the file) that every
 * archive rule then handles.  Returns 0, 1 when OBJ is not an object (it
 * stays what it is), -1 out of memory.
 */
static int lazy_object(linkctx *c, lfile *f)
{
	ls_object o;
	ls_diag d;
	ls_bytes b = f->map.bytes;
	size_t nsyms = 0, names = 0;

	if (f->type != FT_OBJ || ls_object_open(&o, b, 0, &d) < 0)
		return 1;
	/* Sized first, then filled by the same walk below. */
	for (uint32_t i = o.symtab.first_global; o.symtab.present && i < o.symtab.count; i++) {
		ls_symbol s;
		if (ls_symbol_get(&o, &o.symtab, i, &s, &d) < 0)
			break;
		if (s.bind == STB_LOCAL || s.shndx == SHN_UNDEF || !s.name_len)
			continue;
		nsyms++;
		names += s.name_len + 1;
	}
	if (nsyms > UINT32_MAX / 8 || names > UINT32_MAX / 2) {
		ls_object_close(&o);
		c->fatal = true;
		return link_reason(c->res, "%s: too many symbols for --start-lib", f->path) < 0 ? -1 : 1;
	}
	uint64_t index = 4 + 4 * (uint64_t)nsyms + names;
	uint64_t index_pad = index & 1;
	uint64_t member_off = 8 + 60 + index + index_pad;
	uint64_t total = member_off + 60 + b.size + (b.size & 1);
	uint8_t *img = calloc(1, total);
	if (!img) {
		ls_object_close(&o);
		return -1;
	}
	memcpy(img, "!<arch>\n", 8);
	ar_header(img + 8, "/", index);
	uint8_t *p = img + 8 + 60;
	put_be32(p, (uint32_t)nsyms);
	uint8_t *offs = p + 4, *nm = p + 4 + 4 * nsyms;
	size_t k = 0;
	for (uint32_t i = o.symtab.first_global; o.symtab.present && i < o.symtab.count && k < nsyms; i++) {
		ls_symbol s;
		if (ls_symbol_get(&o, &o.symtab, i, &s, &d) < 0)
			break;
		if (s.bind == STB_LOCAL || s.shndx == SHN_UNDEF || !s.name_len)
			continue;
		put_be32(offs + 4 * k++, (uint32_t)member_off);
		memcpy(nm, s.name, s.name_len);
		nm += s.name_len + 1;
	}
	ls_object_close(&o);
	const char *base = strrchr(f->path, '/');
	char member[17];
	snprintf(member, sizeof member, "%.15s/", base ? base + 1 : f->path);
	ar_header(img + member_off, member, b.size);
	memcpy(img + member_off + 60, b.base, b.size);
	/* ar pads odd members with a newline. */
	if (index_pad)
		img[member_off - 1] = '\n';
	if (b.size & 1)
		img[total - 1] = '\n';
	ls_unmap(&f->map);
	f->map.heap = img;
	f->map.bytes.base = img;
	f->map.bytes.size = total;
	if (ls_archive_open(&f->ar, f->map.bytes, &d) < 0)
		return link_fail(c, f->path, NULL, &d);
	f->type = FT_ARCHIVE;
	archive_machine(f);
	return 0;
}

/* Opens and classifies a file; returns its index, or -1 on OOM. */
/* LLVM bitcode, bare ("BC" 0xC0DE) or in its wrapper (0x0B17C0DE). */
static bool is_bitcode(ls_bytes b)
{
	uint8_t m[4];

	for (int i = 0; i < 4; i++)
		if (!ls_u8(b, (uint64_t)i, &m[i]))
			return false;
	return (m[0] == 'B' && m[1] == 'C' && m[2] == 0xC0 && m[3] == 0xDE) ||
	       (m[0] == 0xDE && m[1] == 0xC0 && m[2] == 0x17 && m[3] == 0x0B);
}

static int64_t open_file(linkctx *c, const char *path)
{
	lfile *f;
	ls_diag d;

	if (c->nfiles >= MAX_FILES ||
	    ls_array_reserve(&c->files, &c->capfiles, c->nfiles + 1,
			     sizeof *c->files) < 0)
		return -1;
	f = &c->files[c->nfiles];
	memset(f, 0, sizeof *f);
	f->path = strdup(path);
	if (!f->path)
		return -1;
	c->nfiles++;
	if (ls_map(path, &f->map, &d) < 0) {
		/* A FIFO, socket, device or directory named as an input
		 * is the user's mistake, not a missing file: one line,
		 * exit 2 (core/mapfile.h). */
		if (f->map.err == ENODEV || f->map.err == EISDIR)
			return link_fail(c, path, NULL, &d);
		f->type = FT_MISSING;
		return (int64_t)c->nfiles - 1;
	}
	ls_bytes b = f->map.bytes;
	if (b.size == 0) {
		f->type = FT_EMPTY;
	} else if (ls_is_elf(b)) {
		uint16_t type = 0;
		f->machine = link_elf_ident(b, &f->elfclass, &type);
		f->type = type == ET_REL ? FT_OBJ : type == ET_DYN ? FT_DSO : FT_OTHER;
	} else if (ls_is_archive(b)) {
		if (ls_archive_open(&f->ar, b, &d) < 0) {
			return link_fail(c, path, NULL, &d);
		}
		f->type = FT_ARCHIVE;
		archive_machine(f);
	} else if (is_bitcode(b)) {
		f->type = FT_BITCODE;
	} else if (ls_ldscript_detect(b)) {
		f->type = FT_SCRIPT;
	} else {
		f->type = FT_OTHER;
	}
	return (int64_t)c->nfiles - 1;
}

static bool compatible(const linkctx *c, const lfile *f)
{
	if (!c->target_known || !f->machine)
		return true;
	return f->machine == c->machine && f->elfclass == c->elfclass;
}

static int add_step(linkctx *c, int kind, uint32_t file, uint32_t arg,
		    bool whole, bool as_needed, const char *lib)
{
	if (ls_array_reserve(&c->steps, &c->capsteps, c->nsteps + 1,
			     sizeof *c->steps) < 0)
		return -1;
	lstep *s = &c->steps[c->nsteps++];
	s->kind = kind;
	s->file = file;
	s->arg = arg;
	s->whole_archive = whole;
	s->as_needed = as_needed;
	s->lib = lib;
	return 0;
}

static int record_incompat(linkctx *c, const lfile *f, const char *lib,
			   bool by_search, bool needed, bool fatal)
{
	ls_link_incompat *x = link_incompat_add(c, f->path, NULL, 0, f->machine,
						f->elfclass);

	if (!x)
		return -1;
	x->by_search = by_search;
	x->needed = needed;
	x->fatal = fatal;
	x->lib = lib;
	return 0;
}

/* The words each linker uses for a wrong-architecture input. */
static void incompat_reason(linkctx *c, const lfile *f)
{
	switch (c->sem) {
	case LS_SEM_BFD:
		link_reason(c->res, "%s: error adding symbols: file in wrong format",
			    f->path);
		break;
	case LS_SEM_GOLD:
		link_reason(c->res, "%s: unsupported ELF machine number %u",
			    f->path, f->machine);
		c->gold_fatal = true;
		break;
	case LS_SEM_LLD:
		link_reason(c->res, "%s is incompatible with %s", f->path,
			    link_machine(c->machine));
		break;
	default:
		link_reason(c->res, "%s: incompatible file type: %s is expected but got %s",
			    f->path, link_machine(c->machine),
			    link_machine(f->machine));
	}
}

static void set_target(linkctx *c, const lfile *f)
{
	if (c->target_known || !f->machine)
		return;
	c->machine = f->machine;
	c->elfclass = f->elfclass;
	c->target_known = true;
}

static char *join(const char *dir, const char *name)
{
	return link_fmt("%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/* Keeps a string for the life of the result; NULL on OOM. */
const char *link_keep(linkctx *c, char *s)
{
	if (!s)
		return NULL;
	if (ls_array_reserve(&c->strs, &c->capstrs, c->nstrs + 1,
			     sizeof *c->strs) < 0) {
		free(s);
		return NULL;
	}
	c->strs[c->nstrs++] = s;
	return s;
}

/* One candidate of a -l search: 1 taken (*fi set), 0 go on, -1 OOM. */
static int try_candidate(linkctx *c, char *path, const char *lib,
			 int64_t *fi)
{
	bool skip = c->sem == LS_SEM_BFD || c->sem == LS_SEM_MOLD;
	int64_t i;

	if (!path)
		return -1;
	if (!exists_file(path)) {
		free(path);
		return 0;
	}
	i = open_file(c, path);
	free(path);
	if (i < 0)
		return (int)i;
	lfile *f = &c->files[i];
	if (f->type == FT_DSO && c->cmd->static_link)
		return 0;
	if (f->type == FT_OBJ || f->type == FT_DSO || f->type == FT_ARCHIVE)
		set_target(c, f);
	if (!compatible(c, f)) {
		if (record_incompat(c, f, lib, true, !skip, !skip) < 0)
			return -1;
		if (!skip) {
			incompat_reason(c, f);
			c->fatal = true;
			*fi = i;
			return 2;
		}
		if (c->sem == LS_SEM_BFD)
			link_warning(c->res, "skipping incompatible %s when searching for %s",
				     f->path, lib);
		else
			link_warning(c->res, "%s: skipping incompatible file %s %u",
				     f->path, link_machine(f->machine), f->machine);
		return 0;
	}
	*fi = i;
	return 1;
}

/* -lNAME: each directory in turn, libNAME.so before libNAME.a unless
 * -Bstatic; -l:FILE takes FILE as is.  bfd and mold skip a file of another
 * machine and go on; gold and lld stop there.  Returns the file, -3 when
 * nothing fits, -2 when the linker stops on an incompatible file, -1 OOM. */
static int64_t search_lib(linkctx *c, const char *name, bool bstatic,
			  const char **libname)
{
	const ls_link_cmd *cmd = c->cmd;
	size_t ndirs = cmd->nlibdirs + cmd->ndefault_dirs;
	const char *lib = link_keep(c, link_fmt("-l%s", name));
	int64_t fi = -1;
	int rc;

	if (!lib)
		return -1;
	*libname = lib;
	for (size_t i = 0; i < ndirs; i++) {
		const char *dir = i < cmd->nlibdirs ? cmd->libdirs[i]
			: cmd->default_dirs[i - cmd->nlibdirs];
		if (name[0] == ':') {
			rc = try_candidate(c, join(dir, name + 1), lib, &fi);
		} else {
			rc = 0;
			if (!bstatic) {
				char *so = link_fmt("lib%s.so", name);
				rc = so ? try_candidate(c, join(dir, so), lib, &fi) : -1;
				free(so);
			}
			if (rc == 0) {
				char *a = link_fmt("lib%s.a", name);
				rc = a ? try_candidate(c, join(dir, a), lib, &fi) : -1;
				free(a);
			}
		}
		if (rc < 0)
			return -1;
		if (rc == 2)
			return -2;
		if (rc == 1)
			return fi;
	}
	return -3;
}

static void cannot_find(linkctx *c, const char *lib)
{
	switch (c->sem) {
	case LS_SEM_LLD:
		link_reason(c->res, "unable to find library %s", lib);
		break;
	case LS_SEM_MOLD:
		link_reason(c->res, "library not found: %s", lib + 2);
		break;
	default:
		link_reason(c->res, "cannot find %s: No such file or directory", lib);
	}
}

static int expand_file(linkctx *c, uint32_t fi, uint32_t arg, bool whole,
		       bool as_needed, const char *lib, int depth);

/* Whether path is under dir, both resolved (symbolic links, "..") as the
 * linkers do with realpath. */
static bool inside_sysroot(const char *path, const char *dir)
{
	char rp[PATH_MAX], rd[PATH_MAX];

	if (!realpath(path, rp) || !realpath(dir, rd))
		return false;
	size_t n = strlen(rd);
	if (n == 1)
		return true;	/* "/" */
	return !strncmp(rp, rd, n) && (rp[n] == '/' || rp[n] == 0);
}

static char *script_path(linkctx *c, const lfile *script, const char *name)
{
	const char *sysroot = c->cmd->sysroot;

	if (name[0] == '=' && sysroot)
		return link_fmt("%s%s", sysroot, name + 1);
	/* A script inside the sysroot names files inside it (bfd ldlang.c
	 * and lld ScriptParser.cpp compare the real paths; mold too, gold
	 * 1.16 opens the name as written). */
	if (name[0] == '/' && sysroot && *sysroot && c->sem != LS_SEM_GOLD &&
	    inside_sysroot(script->path, sysroot))
		return link_fmt("%s%s", sysroot, name);
	if (name[0] == '/' || exists_file(name))
		return strdup(name);
	/* A relative name: the current directory, then the -L path. */
	for (size_t i = 0; i < c->cmd->nlibdirs; i++) {
		char *p = join(c->cmd->libdirs[i], name);
		if (p && exists_file(p))
			return p;
		free(p);
	}
	return strdup(name);
}

/* Expands a script's INPUT and GROUP; with keep (a -T script), the parsed
 * script is kept in c->tscripts for its symbol statements. */
static int expand_script(linkctx *c, uint32_t fi, uint32_t arg, bool whole,
			 bool as_needed, int depth, bool keep)
{
	ls_ldscript s;
	ls_diag d;
	int rc = 0;

	if (depth >= MAX_SCRIPT_DEPTH) {
		link_reason(c->res, "%s: linker scripts nested too deeply", c->files[fi].path);
		c->fatal = true;
		return 0;
	}
	if (ls_ldscript_parse(c->files[fi].map.bytes, &s, &d) < 0) {
		return link_fail(c, c->files[fi].path, NULL, &d);
	}
	for (size_t i = 0; i < s.nentries && rc >= 0; i++) {
		const ls_ldscript_entry *e = &s.entries[i];
		/* Depth alone does not bound a script that names itself
		 * twice: that is 2^16 expansions. */
		if (++c->nexpanded > MAX_EXPANDED) {
			link_reason(c->res, "%s: linker scripts name more than %u inputs in all",
				    c->files[fi].path, MAX_EXPANDED);
			c->fatal = true;
			break;
		}
		bool an = as_needed || e->as_needed;
		if (e->group_start)
			rc = add_step(c, STEP_GROUP_START, 0, arg, false, false, NULL);
		if (rc < 0)
			break;
		if (e->is_lib) {
			const char *lib = NULL;
			int64_t li = search_lib(c, e->name, false, &lib);
			if (li == -3)
				cannot_find(c, lib);
			else if (li == -2)
				;
			else if (li < 0)
				rc = -1;
			else {
				rc = expand_file(c, (uint32_t)li, arg, whole, an, lib, depth + 1);
			}
		} else {
			char *p = script_path(c, &c->files[fi], e->name);
			int64_t ni = p ? open_file(c, p) : -1;
			free(p);
			if (ni < 0)
				rc = (int)ni;
			else
				rc = expand_file(c, (uint32_t)ni, arg, whole, an, NULL, depth + 1);
		}
		if (rc >= 0 && e->group_end)
			rc = add_step(c, STEP_GROUP_END, 0, arg, false, false, NULL);
	}
	if (keep && rc >= 0) {
		if (ls_array_reserve(&c->tscripts, &c->captscripts, c->ntscripts + 1,
				     sizeof *c->tscripts) < 0) {
			ls_ldscript_free(&s);
			return -1;
		}
		c->tscripts[c->ntscripts] = s;
		c->tscript_file[c->ntscripts < LINK_MAX_TSCRIPTS ? c->ntscripts : 0] = fi;
		c->ntscripts++;
		return rc;
	}
	ls_ldscript_free(&s);
	return rc;
}

static int expand_file(linkctx *c, uint32_t fi, uint32_t arg, bool whole,
		       bool as_needed, const char *lib, int depth)
{
	lfile *f = &c->files[fi];

	switch (f->type) {
	case FT_MISSING:
		link_reason(c->res, "cannot find %s: No such file or directory", f->path);
		if (c->sem == LS_SEM_BFD || c->sem == LS_SEM_GOLD)
			return 0;
		return 0;
	case FT_SCRIPT:
		return expand_script(c, fi, arg, whole, as_needed, depth, false);
	case FT_OTHER:
		link_reason(c->res, "%s: file format not recognized", f->path);
		c->fatal = true;
		return 0;
	case FT_BITCODE:
		/* lld reads it itself, bfd, gold and mold through clang's LTO
		 * plugin: what it defines and needs is compiled at link time.
		 * Said, and left out. */
		return link_note(c->res, LS_HINT_LTO, "%s is LLVM bitcode (an LTO object): its "
				 "symbols are not read, so what it defines or needs is missing "
				 "from this report", f->path) < 0 ? -1 : 0;
	case FT_EMPTY:
		/* bfd (ldlang.c: an unrecognised file is tried as a script)
		 * and lld (a file that is not ELF, archive or bitcode is a
		 * script) read an empty file as an empty linker script; gold
		 * reports "file is empty" and goes on; mold stops. */
		if (c->sem == LS_SEM_GOLD) {
			link_reason(c->res, "%s: file is empty", f->path);
		} else if (c->sem == LS_SEM_MOLD) {
			link_reason(c->res, "%s: unknown file type", f->path);
			c->fatal = true;
		}
		return 0;
	case FT_DSO:
		if (c->cmd->static_link) {
			link_reason(c->res, "attempted static link of dynamic object `%s'", f->path);
			c->fatal = true;
			return 0;
		}
		/* fall through */
	case FT_OBJ:
		set_target(c, f);
		if (!compatible(c, f) && !lib) {
			record_incompat(c, f, NULL, false, true, true);
			incompat_reason(c, f);
			c->fatal = true;
			return 0;
		}
		break;
	case FT_ARCHIVE:
		set_target(c, f);
		break;
	}
	return add_step(c, STEP_FILE, fi, arg, whole, as_needed, lib);
}

int link_inputs(linkctx *c)
{
	const ls_link_cmd *cmd = c->cmd;
	int rc = 0;

	if (cmd->machine) {
		c->machine = cmd->machine;
		c->elfclass = cmd->elfclass;
		c->target_known = true;
	}
	for (size_t i = 0; i < cmd->nargs && rc >= 0; i++) {
		const ls_link_arg *a = &cmd->args[i];
		switch (a->kind) {
		case LS_ARG_GROUP_START:
			rc = add_step(c, STEP_GROUP_START, 0, (uint32_t)i, false, false, NULL);
			break;
		case LS_ARG_GROUP_END:
			rc = add_step(c, STEP_GROUP_END, 0, (uint32_t)i, false, false, NULL);
			break;
		case LS_ARG_LIB: {
			const char *lib = NULL;
			int64_t fi = search_lib(c, a->name, a->bstatic, &lib);
			if (fi == -3)
				cannot_find(c, lib);
			else if (fi == -2)
				;
			else if (fi < 0)
				rc = -1;
			else
				rc = expand_file(c, (uint32_t)fi, (uint32_t)i,
						 a->whole_archive, a->as_needed, lib, 0);
			break;
		}
		case LS_ARG_SCRIPT: {
			/* -T FILE is a script whatever its first bytes say. */
			int64_t fi = open_file(c, a->name);
			if (fi < 0) {
				rc = (int)fi;
			} else if (c->files[fi].type == FT_MISSING) {
				link_reason(c->res, "cannot open linker script file %s: No such file or directory",
					    a->name);
				c->fatal = true;
			} else if (c->ntscripts >= LINK_MAX_TSCRIPTS) {
				link_reason(c->res, "%s: more than %d -T scripts", a->name,
					    LINK_MAX_TSCRIPTS);
				c->fatal = true;
			} else {
				rc = expand_script(c, (uint32_t)fi, (uint32_t)i, false, false, 0, true);
			}
			break;
		}
		default: {
			int64_t fi = open_file(c, a->name);
			if (fi < 0) {
				rc = (int)fi;
				break;
			}
			if (a->lazy && c->files[fi].type == FT_OBJ &&
			    (rc = lazy_object(c, &c->files[fi])) < 0)
				break;
			rc = expand_file(c, (uint32_t)fi, (uint32_t)i,
					 a->whole_archive, a->as_needed, NULL, 0);
		}
		}
	}
	return rc;
}

/* The machine this linker runs on, for GNU ld's "native" test: only a
 * native link reads LD_RUN_PATH and LD_LIBRARY_PATH for DT_NEEDED. */
static uint16_t host_machine(void)
{
#if defined(__x86_64__)
	return EM_X86_64;
#elif defined(__aarch64__)
	return EM_AARCH64;
#elif defined(__i386__)
	return EM_386;
#elif defined(__riscv)
	return EM_RISCV;
#elif defined(__arm__)
	return EM_ARM;
#elif defined(__powerpc64__)
	return EM_PPC64;
#elif defined(__s390x__)
	return EM_S390;
#else
	return 0;
#endif
}

/* Tries each element of a colon-separated PATH for NAME; "$ORIGIN" (and
 * "${ORIGIN}") is the directory of the DSO that needs it. */
static char *search_path_list(const char *s, const char *name,
			      const ls_link_input *dso)
{
	while (s && *s) {
		size_t n = strcspn(s, ":");
		char dir[4096];
		if (n && n < sizeof dir - 1) {
			memcpy(dir, s, n);
			dir[n] = 0;
			char *p;
			if (!strncmp(dir, "$ORIGIN", 7) || !strncmp(dir, "${ORIGIN}", 9)) {
				const char *slash = strrchr(dso->path, '/');
				int dl = slash ? (int)(slash - dso->path) : 1;
				p = link_fmt("%.*s%s/%s", dl, slash ? dso->path : ".",
					     dir + (dir[1] == '{' ? 9 : 7), name);
			} else {
				p = join(dir, name);
			}
			if (p && exists_file(p))
				return p;
			free(p);
		}
		s += n;
		if (*s)
			s++;
	}
	return NULL;
}

static char *search_dirs(char *const *dirs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		char *p = join(dirs[i], name);
		if (p && exists_file(p))
			return p;
		free(p);
	}
	return NULL;
}

/* Where GNU ld looks for a DT_NEEDED entry of an input DSO
 * (binutils ld/ldelf.c, ldelf_handle_dt_needed), in this order:
 * -rpath-link; -rpath; for a native link LD_RUN_PATH (only when neither
 * -rpath-link nor -rpath was given) and LD_LIBRARY_PATH; the needing DSO's
 * DT_RUNPATH (else DT_RPATH) with $ORIGIN; ld.so.conf; the linker's
 * built-in SEARCH_DIRs.  Never the -L path ("We do not search using the -L
 * arguments": search_dirs from the command line are skipped).  Only its
 * definitions matter, to check the DSOs' undefined symbols and to explain
 * "DSO missing from command line". */
static char *find_needed(linkctx *c, const char *name, const ls_link_input *dso,
			 const ls_dyninfo *di, const ls_dirlist *conf)
{
	const ls_link_cmd *cmd = c->cmd;
	bool native = cmd->machine == 0 || cmd->machine == host_machine();
	char *p;

	if (strchr(name, '/'))
		return exists_file(name) ? strdup(name) : NULL;
	if ((p = search_dirs(cmd->rpath_link, cmd->nrpath_link, name)) ||
	    (p = search_dirs(cmd->rpath, cmd->nrpath, name)))
		return p;
	if (native && !cmd->nrpath_link && !cmd->nrpath &&
	    (p = search_path_list(getenv("LD_RUN_PATH"), name, dso)))
		return p;
	if (native && (p = search_path_list(getenv("LD_LIBRARY_PATH"), name, dso)))
		return p;
	if ((p = search_path_list(di->runpath ? di->runpath : di->rpath, name, dso)))
		return p;
	for (uint32_t i = 0; conf && i < conf->n; i++) {
		p = cmd->sysroot ? link_fmt("%s%s/%s", cmd->sysroot, conf->dirs[i], name)
			: join(conf->dirs[i], name);
		if (p && exists_file(p))
			return p;
		free(p);
	}
	return search_dirs(cmd->default_dirs, cmd->ndefault_dirs, name);
}

/* An input DSO that name (a DT_NEEDED entry) designates: 1 loaded, 2 an
 * --as-needed input bfd dropped (*dropped is its input), 0 none. */
static int dso_known(const linkctx *c, const char *name, int32_t *dropped)
{
	int found = 0;

	for (size_t i = 0; i < c->res->ninputs; i++) {
		const ls_link_input *in = &c->res->inputs[i];
		if (in->kind != LS_LIN_DSO && in->kind != LS_LIN_DSO_DEP)
			continue;
		const char *base = strrchr(in->path, '/');
		base = base ? base + 1 : in->path;
		if ((!in->soname || strcmp(in->soname, name)) && strcmp(base, name))
			continue;
		if (!in->dropped)
			return 1;
		if (!found) {
			found = 2;
			*dropped = (int32_t)i;
		}
	}
	return found;
}

static int index_indirect(linkctx *c, int32_t ii)
{
	const ls_object *o = &c->res->inputs[ii].obj;
	const ls_symtab *t = &o->dynsym;

	for (uint32_t i = 1; t->present && i < t->count; i++) {
		ls_symbol s;
		ls_diag d;
		bool made;
		if (ls_symbol_get(o, t, i, &s, &d) < 0)
			return 0;
		if (s.bind == STB_LOCAL || s.shndx == SHN_UNDEF || !s.name_len)
			continue;
		int64_t id = ltab_get(&c->indirect, s.name, (uint32_t)s.name_len,
				      ls_lhash(s.name, s.name_len), &made);
		if (id < 0)
			return -1;
		if (made)
			c->indirect.syms[id].def = ii;
	}
	return 0;
}

int link_dso_deps(linkctx *c)
{
	ls_dirlist conf = { 0 };
	bool present = false;
	ls_diag d;

	if (ls_ldconf_read(c->cmd->sysroot, &conf, &present, &d) < 0)
		memset(&conf, 0, sizeof conf);
	/* inputs grows while it is walked: dependencies of dependencies. */
	for (size_t i = 0; i < c->res->ninputs; i++) {
		ls_link_input *in = &c->res->inputs[i];
		ls_dyninfo di;
		if ((in->kind != LS_LIN_DSO && in->kind != LS_LIN_DSO_DEP) || in->dropped)
			continue;
		if (ls_dyninfo_read(&in->obj, &di, &d) < 0)
			continue;
		for (uint32_t k = 0; k < di.nneeded; k++) {
			const char *name = di.needed[k];
			int32_t was = -1;
			int known = dso_known(c, name, &was);
			if (known == 1)
				continue;
			/* "As-needed libs specified on the command line (or linker
			 * script) take priority over libs found in search dirs"
			 * (ldelf_handle_dt_needed): a dropped one comes back as a
			 * dependency. */
			char *p = known == 2 ? strdup(c->res->inputs[was].path)
				: find_needed(c, name, &c->res->inputs[i], &di, &conf);
			if (!p) {
				/* gold reads no dependency: no such warning. */
				if (c->sem == LS_SEM_BFD)
					link_warning(c->res, "%s, needed by %s, not found (try using -rpath or -rpath-link)",
						     name, c->res->inputs[i].path);
				continue;
			}
			int64_t fi = open_file(c, p);
			free(p);
			if (fi < 0) {
				ls_dyninfo_free(&di);
				ls_dirlist_free(&conf);
				return (int)fi;
			}
			lfile *f = &c->files[fi];
			if (f->type != FT_DSO || !compatible(c, f))
				continue;
			int32_t ii = link_add_input(c, LS_LIN_DSO_DEP, (uint32_t)fi, f->path,
						    NULL, 0, f->map.bytes, 0, c->res->inputs[i].arg);
			if (ii < 0) {
				ls_dyninfo_free(&di);
				ls_dirlist_free(&conf);
				return ii == -2 ? 0 : ii;
			}
			ls_dyninfo d2;
			if (ls_dyninfo_read(&c->res->inputs[ii].obj, &d2, &d) == 0) {
				c->res->inputs[ii].soname = d2.soname;
				ls_dyninfo_free(&d2);
			}
			if (index_indirect(c, ii) < 0) {
				ls_dyninfo_free(&di);
				ls_dirlist_free(&conf);
				return -1;
			}
		}
		ls_dyninfo_free(&di);
	}
	ls_dirlist_free(&conf);
	return 0;
}
