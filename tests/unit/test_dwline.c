/*
 * test_dwline.c - source lines of places in relocatable objects
 * (link/dwline.h), on objects the installed compilers build at test time
 * in a temporary directory: gcc (DWARF 5 and 4, -O2 -ffunction-sections,
 * -m32), clang (DWARF 5 and 4, and its --target cross back ends: ppc64 LE
 * and BE, s390x, mips), g++, and the gcc cross compilers for aarch64,
 * riscv64 and arm.  Whatever is not installed is skipped.
 *
 * Every object is read into a read-only mapping at an odd offset, as an
 * archive member would be, and checked three ways:
 *  - against ld.lld (when installed): every "referenced by" location lld
 *    prints for the undefined symbols, and every "defined at" location of
 *    a duplicate definition, rebuilt the way lld does it (the line row at
 *    the place, else the variable's declaration, else the STT_FILE name);
 *  - against addr2line -j SECTION (the target's binutils one) at every
 *    function start and every relocation in code;
 *  - against the lines and path forms known from the source (host
 *    compilers at -O0), including the forms lld prints for a source named
 *    "../m.c" from another directory.
 * Then corrupted objects (relocations pointing outside their section,
 * random bytes) must give answers or none, never a crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "link/dwline.h"
#include "model/object.h"

#include <elf.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- the sources ------------------------------------------------------- */

/* Line numbers matter: the known-line checks below name them. */
static const char m_c[] =
	"extern int ext_fn(int);\n"			/* 1 */
	"extern int ext_var;\n"				/* 2 */
	"int global_var = 7;\n"				/* 3 */
	"static int helper(int x) { return ext_fn(x) + 1; }\n"	/* 4 */
	"int main(void) {\n"				/* 5 */
	"\tint r = helper(global_var);\n"		/* 6 */
	"\tr += ext_fn(ext_var);\n"			/* 7 */
	"\treturn r;\n"					/* 8 */
	"}\n";						/* 9 */

static const char b_cc[] =
	"namespace ns {\n"					/* 1 */
	"int nsvar = 1;\n"					/* 2 */
	"int nsfun(int x) { return x + nsvar; }\n"		/* 3 */
	"}\n"							/* 4 */
	"struct C {\n"						/* 5 */
	"\tstatic int member;\n"				/* 6 */
	"\tint method(int);\n"					/* 7 */
	"};\n"							/* 8 */
	"int C::member = 5;\n"					/* 9 */
	"int C::method(int y) { return y * member; }\n"	/* 10 */
	"extern \"C\" int cfun(void) { return 2; }\n"		/* 11 */
	"template <typename T> T tmpl(T v) { return v + 1; }\n"	/* 12 */
	"int use(void) { return tmpl<int>(3) + ns::nsfun(1); }\n"; /* 13 */

static char dir[PATH_MAX];	/* the temporary directory, canonical */

/* --- files and tools --------------------------------------------------- */

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void write_file(const char *rel, const char *text)
{
	char p[PATH_MAX + 16];
	FILE *f;

	snprintf(p, sizeof p, "%s/%.8s", dir, rel);
	f = fopen(p, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static int group_setup(void **state)
{
	char tmpl[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	char sub[PATH_MAX + 8];

	(void)state;
	snprintf(tmpl, sizeof tmpl, "%s/dwline.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl) || !realpath(tmpl, dir))
		return -1;
	snprintf(sub, sizeof sub, "%s/b", dir);
	if (mkdir(sub, 0755) < 0)
		return -1;
	write_file("m.c", m_c);
	write_file("b.cc", b_cc);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (!dir[0] || getenv("DWLINE_KEEP"))
		return 0;
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* True when the program is an executable file in PATH. */
static bool have(const char *prog)
{
	const char *path = getenv("PATH");
	char p[PATH_MAX];

	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(p, sizeof p, "%.*s/%s", (int)n, path, prog);
		if (n > 0 && access(p, X_OK) == 0)
			return true;
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

/* The first word of cmd is installed. */
static bool have_cmd(const char *cmd)
{
	char w[128];
	size_t n = strcspn(cmd, " ");

	if (n >= sizeof w)
		return false;
	memcpy(w, cmd, n);
	w[n] = '\0';
	return have(w);
}

/* Runs cmd through the shell; its whole output, NUL-terminated, or NULL
 * when it could not be run. */
static char *run_capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t n = 0, cap = 0, got;
	char buf[4096];

	if (!p)
		return NULL;
	while ((got = fread(buf, 1, sizeof buf, p)) > 0) {
		if (n + got + 1 > cap) {
			cap = (n + got + 1) * 2;
			char *o = realloc(out, cap);
			if (!o)
				break;
			out = o;
		}
		memcpy(out + n, buf, got);
		n += got;
	}
	pclose(p);
	if (!out)
		out = calloc(1, 1);
	else
		out[n] = '\0';
	return out;
}

/* --- objects ----------------------------------------------------------- */

typedef struct loaded {
	uint8_t *map;		/* read-only; the object starts at map + 2 */
	size_t maplen;
	ls_object obj;
	bool open;
	ls_dwline *dw;
} loaded;

/* The object's bytes in a read-only mapping at offset 2, like an archive
 * member; opened, and its ls_dwline (possibly NULL). */
static bool load_bytes(loaded *l, const uint8_t *bytes, size_t n)
{
	ls_diag d = { 0 };

	memset(l, 0, sizeof *l);
	l->maplen = n + 2;
	l->map = mmap(NULL, l->maplen, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (l->map == MAP_FAILED) {
		l->map = NULL;
		return false;
	}
	memcpy(l->map + 2, bytes, n);
	mprotect(l->map, l->maplen, PROT_READ);
	if (ls_object_open(&l->obj, (ls_bytes){ l->map + 2, n }, 2, &d) < 0)
		return false;
	l->open = true;
	l->dw = ls_dwline_open(&l->obj);
	return true;
}

static uint8_t *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long sz;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	buf = sz > 0 ? malloc((size_t)sz) : NULL;
	if (buf && fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*n = (size_t)sz;
	return buf;
}

static void unload(loaded *l)
{
	ls_dwline_close(l->dw);
	if (l->open)
		ls_object_close(&l->obj);
	if (l->map)
		munmap(l->map, l->maplen);
	memset(l, 0, sizeof *l);
}

static void load(loaded *l, const char *path)
{
	size_t n;
	uint8_t *b = read_all(path, &n);

	if (!b)
		fail_msg("cannot read %s", path);
	if (!load_bytes(l, b, n))
		fail_msg("%s: ls_object_open failed", path);
	free(b);
	if (!l->dw)
		fail_msg("%s: ls_dwline_open gave NULL", path);
}

static uint32_t sec_index(const ls_object *o, const char *name)
{
	for (uint32_t i = 1; i < o->shnum; i++)
		if (strcmp(o->sections[i].name, name) == 0)
			return i;
	fail_msg("no section %s", name);
	return 0;
}

static bool sym_get(const ls_object *o, uint32_t i, ls_symbol *s)
{
	ls_diag d = { 0 };

	return ls_symbol_get(o, &o->symtab, i, s, &d) == 0;
}

static bool find_sym(const ls_object *o, const char *name, ls_symbol *out)
{
	for (uint32_t i = 1; i < o->symtab.count; i++)
		if (sym_get(o, i, out) && out->name &&
		    strcmp(out->name, name) == 0)
			return true;
	return false;
}

/* Where lld would say a place is (InputFiles.cpp getSrcMsg): the line
 * row at the place, else the declaration of the symbol, else the
 * STT_FILE name; "path:line" or the file name alone. */
static void lld_loc(loaded *l, uint32_t shndx, uint64_t off,
		    const char *sym, char *buf, size_t n)
{
	const char *file;
	unsigned line;
	ls_symbol s;

	if (ls_dwline_at(l->dw, shndx, off, &file, &line) ||
	    ls_dwline_var_decl(l->dw, sym, &file, &line)) {
		snprintf(buf, n, "%s:%u", file, line);
		return;
	}
	buf[0] = '\0';
	for (uint32_t i = 1; i < l->obj.symtab.count; i++)
		if (sym_get(&l->obj, i, &s) && s.type == STT_FILE && s.name) {
			snprintf(buf, n, "%s", s.name);
			return;
		}
}

/* A list of strings, for comparing as multisets. */
typedef struct strlist {
	char *s[64];
	int n;
} strlist;

static void sl_add(strlist *l, const char *s)
{
	if (l->n < 64)
		l->s[l->n++] = strdup(s);
}

static void sl_free(strlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->s[i]);
	l->n = 0;
}

/* Removes one copy of s; false when there is none. */
static bool sl_take(strlist *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->s[i], s) == 0) {
			free(l->s[i]);
			l->s[i] = l->s[--l->n];
			return true;
		}
	return false;
}

/* Where every relocation of an allocated section against sym is, as lld
 * would print it. */
static void refs_of(loaded *l, const char *sym, strlist *out)
{
	const ls_object *o = &l->obj;
	ls_diag d = { 0 };

	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *rs = &o->sections[i];
		if ((rs->type != SHT_RELA && rs->type != SHT_REL) ||
		    rs->info == 0 || rs->info >= o->shnum ||
		    !(o->sections[rs->info].flags & SHF_ALLOC))
			continue;
		int64_t n = ls_reloc_count(o, i, &d);
		for (int64_t k = 0; k < n; k++) {
			ls_reloc r;
			ls_symbol s;
			char buf[PATH_MAX + 32];
			if (ls_reloc_get(o, i, (uint64_t)k, &r, &d) < 0 ||
			    !sym_get(o, r.sym, &s) || !s.name ||
			    strcmp(s.name, sym) != 0)
				continue;
			lld_loc(l, rs->info, r.offset, sym, buf, sizeof buf);
			sl_add(out, buf);
		}
	}
}

/* --- ld.lld ------------------------------------------------------------ */

/* What lld says about one symbol: the source part of each "referenced by"
 * or "defined at" line ("path:line" from the parentheses, else the text
 * as is), and how many references it left out. */
typedef struct lld_sym {
	strlist locs;
	int more;
	bool seen;
} lld_sym;

/* ld.lld's messages for linking objs (in dir), or NULL. */
static char *lld_output(const char *objs)
{
	char cmd[4 * PATH_MAX];

	if (snprintf(cmd, sizeof cmd,
		     "cd '%s' && ld.lld --no-demangle -o /dev/null %s 2>&1",
		     dir, objs) >= (int)sizeof cmd)
		return NULL;
	return run_capture(cmd);
}

/* What the messages say about "<what> symbol: sym". */
static void lld_report(const char *msgs, const char *what, const char *sym,
		       lld_sym *out)
{
	char head[256];
	char *txt, *line, *save = NULL;
	bool in = false;

	memset(out, 0, sizeof *out);
	snprintf(head, sizeof head, "error: %s symbol: %s", what, sym);
	txt = msgs ? strdup(msgs) : NULL;
	if (!txt)
		return;
	for (line = strtok_r(txt, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *p = strstr(line, "error: ");
		if (p) {
			in = strcmp(p, head) == 0;
			out->seen |= in;
			continue;
		}
		if (!in)
			continue;
		const char *rest = NULL;
		if (strncmp(line, ">>> referenced by ", 18) == 0)
			rest = line + 18;
		else if (strncmp(line, ">>> defined at ", 15) == 0)
			rest = line + 15;
		else if (sscanf(line, ">>> referenced %d more times",
				&out->more) == 1)
			continue;
		if (!rest)
			continue;
		size_t n = strlen(rest);
		const char *open = strrchr(rest, '(');
		char buf[PATH_MAX + 32];
		if (n > 0 && rest[n - 1] == ')' && open && open > rest &&
		    open[-1] == ' ')
			snprintf(buf, sizeof buf, "%.*s",
				 (int)(rest + n - 1 - open - 1), open + 1);
		else
			snprintf(buf, sizeof buf, "%s", rest);
		sl_add(&out->locs, buf);
	}
	free(txt);
}

/* lld's locations for sym must be ours (a multiset), all of them. */
static void same_as_lld(const char *label, lld_sym *lld, strlist *ours)
{
	if (!lld->seen)
		fail_msg("%s: ld.lld reported nothing", label);
	if (lld->locs.n + lld->more != ours->n)
		fail_msg("%s: ld.lld has %d references, we have %d", label,
			 lld->locs.n + lld->more, ours->n);
	for (int i = 0; i < lld->locs.n; i++)
		if (!sl_take(ours, lld->locs.s[i]))
			fail_msg("%s: ld.lld says '%s', we do not (first of "
				 "ours: '%s')", label, lld->locs.s[i],
				 ours->n ? ours->s[0] : "");
}

/* --- addr2line --------------------------------------------------------- */

typedef struct place {
	uint32_t shndx;
	uint64_t off;
} place;

/* Every function start and every relocation in code sections. */
static int code_places(const ls_object *o, place *out, int max)
{
	ls_diag d = { 0 };
	ls_symbol s;
	int n = 0;

	for (uint32_t i = 1; i < o->symtab.count && n < max; i++)
		if (sym_get(o, i, &s) && s.type == STT_FUNC &&
		    s.raw_shndx != SHN_UNDEF && s.shndx < o->shnum &&
		    s.raw_shndx < SHN_LORESERVE &&
		    (o->sections[s.shndx].flags & SHF_EXECINSTR))
			out[n++] = (place){ s.shndx, s.value };
	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *rs = &o->sections[i];
		if ((rs->type != SHT_RELA && rs->type != SHT_REL) ||
		    rs->info == 0 || rs->info >= o->shnum ||
		    !(o->sections[rs->info].flags & SHF_EXECINSTR))
			continue;
		int64_t cnt = ls_reloc_count(o, i, &d);
		for (int64_t k = 0; k < cnt && n < max; k++) {
			ls_reloc r;
			if (ls_reloc_get(o, i, (uint64_t)k, &r, &d) == 0)
				out[n++] = (place){ rs->info, r.offset };
		}
	}
	return n;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* Compares ls_dwline_at with addr2line -j at every code place (one
 * addr2line per section); returns how many places both answered. */
static int check_addr2line(loaded *l, const char *tool, const char *obj,
			   const char *label)
{
	place pl[256];
	int np = code_places(&l->obj, pl, 256), agreed = 0;
	bool done[256] = { false };

	for (int i = 0; i < np; i++) {
		char cmd[2 * PATH_MAX + 256 * 20];
		const char *sec = l->obj.sections[pl[i].shndx].name;
		int idx[256], ni = 0;
		size_t len;

		if (done[i])
			continue;
		len = (size_t)snprintf(cmd, 2 * PATH_MAX, "%s -e '%s/%s' -j '%s'",
				       tool, dir, obj, sec);
		if (len >= 2 * PATH_MAX)
			fail_msg("command too long");
		for (int k = i; k < np; k++)
			if (!done[k] && pl[k].shndx == pl[i].shndx) {
				done[k] = true;
				idx[ni++] = k;
				len += (size_t)snprintf(cmd + len,
							sizeof cmd - len,
							" 0x%llx",
							(unsigned long long)
								pl[k].off);
			}
		char *out = run_capture(cmd), *save = NULL;
		char *row = out ? strtok_r(out, "\n", &save) : NULL;
		for (int j = 0; j < ni && row;
		     j++, row = strtok_r(NULL, "\n", &save)) {
			const place *p = &pl[idx[j]];
			const char *file;
			unsigned line;
			char *space = strstr(row, " (discriminator");
			if (space)
				*space = '\0';
			char *colon = strrchr(row, ':');
			unsigned want = colon ? (unsigned)strtoul(colon + 1,
								  NULL, 10)
					      : 0;
			if (!colon || want == 0 || strncmp(row, "??", 2) == 0)
				continue;	/* addr2line does not know */
			*colon = '\0';
			if (!ls_dwline_at(l->dw, p->shndx, p->off, &file,
					  &line))
				fail_msg("%s: %s+0x%llx: addr2line says %s:%u, "
					 "we have nothing", label, sec,
					 (unsigned long long)p->off, row,
					 want);
			if (line != want ||
			    strcmp(base_name(file), base_name(row)) != 0)
				fail_msg("%s: %s+0x%llx: addr2line says %s:%u, "
					 "we say %s:%u", label, sec,
					 (unsigned long long)p->off, row, want,
					 file, line);
			agreed++;
		}
		free(out);
	}
	return agreed;
}

/* --- one compiler configuration ---------------------------------------- */

enum form {
	F_NONE,		/* not checked */
	F_ABS,		/* DIR/m.c */
	F_BARE,		/* m.c */
	F_UP,		/* ../m.c (compiled in DIR/b) */
	F_ABS_UP,	/* DIR/b/../m.c (compiled in DIR/b) */
};

typedef struct cfg {
	const char *cc;		/* the compiler, with target options */
	const char *flags;
	bool in_b;		/* compiled in DIR/b as ../m.c */
	const char *addr2line;	/* binutils for the target, or NULL */
	bool lld;		/* ld.lld links the target */
	enum form form;		/* path of every m.c answer */
	bool known_lines;	/* -O0: the lines of m.c are known */
} cfg;

static int nobj;

/* Builds m.c with the configuration; false when the compiler is missing
 * or cannot build for its target here. */
static bool build(const cfg *c, char *obj, size_t n)
{
	char cmd[3 * PATH_MAX];

	if (!have_cmd(c->cc))
		return false;
	snprintf(obj, n, "o%d.o", nobj++);
	snprintf(cmd, sizeof cmd, "cd '%s%s' && %s %s -c %s -o '%s/%s' "
		 ">/dev/null 2>&1", dir, c->in_b ? "/b" : "", c->cc, c->flags,
		 c->in_b ? "../m.c" : "m.c", dir, obj);
	return system(cmd) == 0;
}

static void check_form(const cfg *c, const char *file, const char *label)
{
	char want[PATH_MAX + 16];

	switch (c->form) {
	case F_NONE:
		return;
	case F_ABS:
		snprintf(want, sizeof want, "%s/m.c", dir);
		break;
	case F_BARE:
		snprintf(want, sizeof want, "m.c");
		break;
	case F_UP:
		snprintf(want, sizeof want, "../m.c");
		break;
	case F_ABS_UP:
		snprintf(want, sizeof want, "%s/b/../m.c", dir);
		break;
	}
	if (strcmp(file, want) != 0)
		fail_msg("%s: file '%s', wanted '%s'", label, file, want);
}

static void check_known(const cfg *c, loaded *l, const char *label)
{
	const ls_object *o = &l->obj;
	ls_symbol s;
	const char *file;
	unsigned line;
	strlist refs = { 0 };

	/* function starts */
	static const struct {
		const char *sym;
		unsigned line;
	} starts[] = { { "helper", 4 }, { "main", 5 } };
	for (size_t i = 0; i < 2; i++) {
		if (!find_sym(o, starts[i].sym, &s))
			fail_msg("%s: no symbol %s", label, starts[i].sym);
		if (!ls_dwline_at(l->dw, s.shndx, s.value, &file, &line))
			fail_msg("%s: nothing at %s", label, starts[i].sym);
		if (line != starts[i].line)
			fail_msg("%s: %s at line %u, wanted %u", label,
				 starts[i].sym, line, starts[i].line);
		check_form(c, file, label);
	}
	/* the calls of ext_fn, on lines 4 and 7 */
	refs_of(l, "ext_fn", &refs);
	if (refs.n != 2)
		fail_msg("%s: %d references to ext_fn", label, refs.n);
	bool l4 = false, l7 = false;
	for (int i = 0; i < refs.n; i++) {
		char *colon = strrchr(refs.s[i], ':');
		assert_non_null(colon);
		l4 |= strcmp(colon, ":4") == 0;
		l7 |= strcmp(colon, ":7") == 0;
		*colon = '\0';
		check_form(c, refs.s[i], label);
	}
	sl_free(&refs);
	if (!l4 || !l7)
		fail_msg("%s: ext_fn not called from lines 4 and 7", label);
	/* the global variable, declared on line 3; .data has no rows */
	if (!find_sym(o, "global_var", &s))
		fail_msg("%s: no global_var", label);
	assert_false(ls_dwline_at(l->dw, s.shndx, s.value, &file, &line));
	if (!ls_dwline_decl(l->dw, "global_var", &file, &line))
		fail_msg("%s: no declaration of global_var", label);
	assert_int_equal(line, 3);
	check_form(c, file, label);
	/* no declaration for a name the object only uses or lacks */
	assert_false(ls_dwline_decl(l->dw, "no_such_symbol", &file, &line));
}

static void check_lld(loaded *l, const char *obj, const char *label)
{
	static const char *const undef[] = { "ext_fn", "ext_var" };
	static const char *const dups[] = { "global_var", "main" };
	char objs[2 * PATH_MAX];
	char lab[512];
	lld_sym ls;
	strlist ours = { 0 };
	ls_symbol s;

	snprintf(objs, sizeof objs, "'%s'", obj);
	char *msgs = lld_output(objs);
	for (size_t i = 0; i < 2; i++) {
		snprintf(lab, sizeof lab, "%s: undefined %s", label, undef[i]);
		lld_report(msgs, "undefined", undef[i], &ls);
		refs_of(l, undef[i], &ours);
		same_as_lld(lab, &ls, &ours);
		sl_free(&ls.locs);
		sl_free(&ours);
	}
	/* The same object twice: every global defined twice. */
	free(msgs);
	snprintf(objs, sizeof objs, "'%s' '%s'", obj, obj);
	msgs = lld_output(objs);
	for (size_t i = 0; i < 2; i++) {
		char buf[PATH_MAX + 32];
		snprintf(lab, sizeof lab, "%s: duplicate %s", label, dups[i]);
		if (!find_sym(&l->obj, dups[i], &s))
			fail_msg("%s: no symbol", lab);
		lld_loc(l, s.shndx, s.value, dups[i], buf, sizeof buf);
		sl_add(&ours, buf);
		sl_add(&ours, buf);
		lld_report(msgs, "duplicate", dups[i], &ls);
		same_as_lld(lab, &ls, &ours);
		sl_free(&ls.locs);
		sl_free(&ours);
	}
	free(msgs);
}

/* Runs one configuration; false when it could not be built here. */
static bool run_cfg(const cfg *c)
{
	char obj[64], path[PATH_MAX + 64], label[256];
	loaded l;

	if (!build(c, obj, sizeof obj))
		return false;
	snprintf(label, sizeof label, "%s %s%s", c->cc, c->flags,
		 c->in_b ? " (in b/)" : "");
	snprintf(path, sizeof path, "%s/%s", dir, obj);
	load(&l, path);
	if (c->known_lines)
		check_known(c, &l, label);
	if (c->lld && have("ld.lld"))
		check_lld(&l, obj, label);
	if (c->addr2line && have(c->addr2line) &&
	    check_addr2line(&l, c->addr2line, obj, label) == 0)
		fail_msg("%s: addr2line answered nowhere", label);
	unload(&l);
	return true;
}

/* A configuration that cannot be built is a failure, not a skip:
 * scripts/install-deps.sh installs every compiler named here. */
static void run_all(const cfg *cfgs, size_t n)
{
	size_t missed = 0;

	for (size_t i = 0; i < n; i++) {
		if (!run_cfg(&cfgs[i])) {
			print_message("# not built: %s %s\n", cfgs[i].cc,
				      cfgs[i].flags);
			missed++;
		}
	}
	if (missed)
		fail_msg("%zu of %zu configurations could not be built", missed, n);
}

/* --- tests ------------------------------------------------------------- */

static void test_gcc(void **state)
{
	static const cfg cfgs[] = {
		{ "gcc", "-g", false, "addr2line", true, F_ABS, true },
		{ "gcc", "-gdwarf-4", false, "addr2line", true, F_BARE,
		  true },
		{ "gcc", "-g", true, "addr2line", true, F_UP, true },
		{ "gcc", "-gdwarf-4", true, "addr2line", true, F_UP, true },
		{ "gcc", "-g -gz", false, "addr2line", true, F_ABS, true },
		{ "gcc", "-g -O2 -ffunction-sections -fdata-sections", false,
		  "addr2line", true, F_ABS, false },
		{ "gcc", "-g -m32", false, "addr2line", true, F_ABS, false },
	};
	(void)state;
	if (!have("gcc"))
		skip();
	run_all(cfgs, sizeof cfgs / sizeof cfgs[0]);
}

static void test_clang(void **state)
{
	static const cfg cfgs[] = {
		{ "clang", "-g", false, "addr2line", true, F_ABS, true },
		{ "clang", "-gdwarf-4", false, "addr2line", true, F_BARE,
		  true },
		{ "clang", "-g", true, "addr2line", true, F_ABS_UP, true },
		{ "clang", "-gdwarf-4", true, "addr2line", true, F_UP,
		  true },
		{ "clang", "-g -O2 -ffunction-sections", false, "addr2line",
		  true, F_ABS, false },
		{ "clang --target=powerpc64le-linux-gnu", "-g", false,
		  "powerpc64le-linux-gnu-addr2line", true, F_NONE, false },
		{ "clang --target=powerpc64-linux-gnu", "-g", false, NULL,
		  true, F_NONE, false },
		{ "clang --target=s390x-linux-gnu", "-g", false,
		  "s390x-linux-gnu-addr2line", false, F_NONE, false },
		{ "clang --target=mips-linux-gnu", "-g", false,
		  "mips-linux-gnu-addr2line", true, F_NONE, false },
		{ "clang --target=i686-linux-gnu", "-g", false,
		  "i686-linux-gnu-addr2line", true, F_NONE, false },
		{ "clang --target=aarch64-linux-gnu", "-g", false,
		  "aarch64-linux-gnu-addr2line", true, F_NONE, false },
		/* no ld.lld: see test_cross_gcc */
		{ "clang --target=riscv64-linux-gnu", "-g", false,
		  "riscv64-linux-gnu-addr2line", false, F_NONE, true },
	};
	(void)state;
	if (!have("clang"))
		skip();
	run_all(cfgs, sizeof cfgs / sizeof cfgs[0]);
}

/*
 * riscv64 gcc writes the address advances of .debug_line as
 * DW_LNS_fixed_advance_pc operands holding 0, with an R_RISCV_ADD16 /
 * R_RISCV_SUB16 pair each.  ld.lld 14 resolves every debug relocation as
 * S + A (LLDRelocationResolver), so it gets those rows wrong and reports
 * lines of the function's start; binutils (and we) apply the pairs.  Those
 * objects are compared with addr2line and the known lines only.
 */
static void test_cross_gcc(void **state)
{
	static const cfg cfgs[] = {
		{ "aarch64-linux-gnu-gcc", "-g", false,
		  "aarch64-linux-gnu-addr2line", true, F_ABS, false },
		{ "aarch64-linux-gnu-gcc", "-gdwarf-4", true,
		  "aarch64-linux-gnu-addr2line", true, F_UP, false },
		{ "riscv64-linux-gnu-gcc", "-g", false,
		  "riscv64-linux-gnu-addr2line", false, F_ABS, true },
		{ "riscv64-linux-gnu-gcc", "-g -O2 -ffunction-sections",
		  false, "riscv64-linux-gnu-addr2line", false, F_ABS, false },
		{ "riscv64-linux-gnu-gcc", "-gdwarf-4", false,
		  "riscv64-linux-gnu-addr2line", false, F_BARE, true },
		{ "arm-linux-gnueabihf-gcc", "-g", false,
		  "arm-linux-gnueabihf-addr2line", true, F_NONE, false },
	};
	(void)state;
	run_all(cfgs, sizeof cfgs / sizeof cfgs[0]);
}

/* C++: names are linkage names; a template instance has its own COMDAT
 * section, whose rows start at 0 like .text's. */
static void test_cxx(void **state)
{
	char cmd[3 * PATH_MAX], path[PATH_MAX + 16];
	const char *file;
	unsigned line;
	loaded l;
	static const struct {
		const char *sym;
		unsigned line;
	} decls[] = {
		{ "_ZN2ns5nsvarE", 2 },	  /* namespace variable */
		{ "_ZN1C6memberE", 6 },	  /* static member: its declaration */
		{ "_ZN2ns5nsfunEi", 3 },  /* functions, too */
		{ "_ZN1C6methodEi", 7 },
		{ "cfun", 11 },
		{ "_Z4tmplIiET_S0_", 12 },
	};
	(void)state;

	if (!have("g++"))
		skip();
	snprintf(cmd, sizeof cmd, "cd '%s' && g++ -g -c b.cc -o cxx.o "
		 ">/dev/null 2>&1", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/cxx.o", dir);
	load(&l, path);
	for (size_t i = 0; i < sizeof decls / sizeof decls[0]; i++) {
		if (!ls_dwline_decl(l.dw, decls[i].sym, &file, &line))
			fail_msg("no declaration of %s", decls[i].sym);
		if (line != decls[i].line)
			fail_msg("%s declared on line %u, wanted %u",
				 decls[i].sym, line, decls[i].line);
		char want[PATH_MAX + 16];
		snprintf(want, sizeof want, "%s/b.cc", dir);
		assert_string_equal(file, want);
	}
	/* the unmangled name of a C++ variable is not its symbol */
	assert_false(ls_dwline_decl(l.dw, "nsvar", &file, &line));

	uint32_t tsec = sec_index(&l.obj, ".text._Z4tmplIiET_S0_");
	uint32_t text = sec_index(&l.obj, ".text");
	assert_true(ls_dwline_at(l.dw, tsec, 0, &file, &line));
	assert_int_equal(line, 12);
	assert_true(ls_dwline_at(l.dw, text, 0, &file, &line));
	assert_int_equal(line, 3);
	if (have("addr2line"))
		assert_true(check_addr2line(&l, "addr2line", "cxx.o",
					    "g++ -g") > 0);
	unload(&l);
}

/* Bad arguments and objects without a line table. */
static void test_edges(void **state)
{
	char cmd[3 * PATH_MAX], path[PATH_MAX + 16];
	const char *file = NULL;
	unsigned line = 0;
	loaded l;
	(void)state;

	ls_dwline_close(NULL);
	assert_null(ls_dwline_open(NULL));
	assert_false(ls_dwline_at(NULL, 1, 0, &file, &line));
	assert_false(ls_dwline_decl(NULL, "x", &file, &line));
	if (!have("gcc"))
		skip();

	/* no -g: no .debug_line, no handle */
	snprintf(cmd, sizeof cmd, "cd '%s' && gcc -c m.c -o nodebug.o "
		 ">/dev/null 2>&1", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/nodebug.o", dir);
	size_t n;
	uint8_t *b = read_all(path, &n);
	assert_non_null(b);
	assert_true(load_bytes(&l, b, n));
	assert_null(l.dw);
	unload(&l);
	free(b);

	snprintf(cmd, sizeof cmd, "cd '%s' && gcc -g -c m.c -o edges.o "
		 ">/dev/null 2>&1", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/edges.o", dir);
	load(&l, path);
	uint32_t text = sec_index(&l.obj, ".text");
	uint64_t tsize = l.obj.sections[text].size;
	assert_true(ls_dwline_at(l.dw, text, 0, &file, &line));
	assert_true(ls_dwline_at(l.dw, text, tsize - 1, &file, &line));
	/* past the section, another section, no section */
	assert_false(ls_dwline_at(l.dw, text, tsize, &file, &line));
	assert_false(ls_dwline_at(l.dw, text, UINT64_MAX, &file, &line));
	assert_false(ls_dwline_at(l.dw, 0, 0, &file, &line));
	assert_false(ls_dwline_at(l.dw, l.obj.shnum, 0, &file, &line));
	assert_false(ls_dwline_at(l.dw, UINT32_MAX, 0, &file, &line));
	assert_false(ls_dwline_at(l.dw, sec_index(&l.obj, ".debug_info"), 0,
				  &file, &line));
	assert_false(ls_dwline_at(l.dw, text, 0, NULL, &line));
	assert_false(ls_dwline_decl(l.dw, "", &file, &line));
	assert_false(ls_dwline_decl(l.dw, NULL, &file, &line));
	/* the strings stay while the handle lives, and repeat */
	const char *f1, *f2;
	assert_true(ls_dwline_decl(l.dw, "global_var", &f1, &line));
	assert_true(ls_dwline_decl(l.dw, "main", &f2, &line));
	assert_int_equal(line, 5);
	assert_string_equal(f1, f2);
	unload(&l);
}

/* --- hostile input ----------------------------------------------------- */

static void put_le(uint8_t *p, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Opens and queries a (possibly broken) image; must not crash. */
static void poke(const uint8_t *img, size_t n)
{
	loaded l;
	const char *file;
	unsigned line;

	if (load_bytes(&l, img, n) && l.dw) {
		for (uint32_t s = 0; s < l.obj.shnum + 1; s++)
			for (uint64_t off = 0; off < 0x40; off += 7)
				if (ls_dwline_at(l.dw, s, off, &file, &line))
					assert_non_null(file);
		if (ls_dwline_decl(l.dw, "global_var", &file, &line))
			assert_non_null(file);
		if (ls_dwline_decl(l.dw, "main", &file, &line))
			assert_non_null(file);
	}
	unload(&l);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void hostile_one(const char *cc, const char *flags)
{
	char cmd[3 * PATH_MAX], path[PATH_MAX + 16];
	size_t n;
	loaded l;

	snprintf(cmd, sizeof cmd, "cd '%s' && %s %s -c m.c -o hostile.o "
		 ">/dev/null 2>&1", dir, cc, flags);
	if (!have_cmd(cc) || system(cmd) != 0)
		return;
	snprintf(path, sizeof path, "%s/hostile.o", dir);
	uint8_t *orig = read_all(path, &n);
	assert_non_null(orig);
	uint8_t *img = malloc(n);
	assert_non_null(img);
	assert_true(load_bytes(&l, orig, n));
	const ls_object *o = &l.obj;
	bool rela64 = o->elfclass == ELFCLASS64;

	/* Every relocation of a debug section aimed outside it, at its last
	 * byte, or at a symbol that does not exist. */
	for (uint32_t i = 1; i < o->shnum; i++) {
		const ls_section *rs = &o->sections[i];
		if (rs->type != SHT_RELA && rs->type != SHT_REL)
			continue;
		if (strncmp(o->sections[rs->info].name, ".debug_", 7) != 0 ||
		    rs->entsize == 0)
			continue;
		static const uint64_t offs[] = { UINT64_MAX, UINT64_MAX - 3,
						 0xffffffffu, 0x7fffffff };
		for (int mode = 0; mode < 6; mode++) {
			memcpy(img, orig, n);
			for (uint64_t e = 0; e + rs->entsize <= rs->size;
			     e += rs->entsize) {
				uint8_t *p = img + rs->offset + e;
				unsigned w = rela64 ? 8 : 4;
				if (mode < 4)
					put_le(p, w, offs[mode]);
				else if (mode == 4)
					put_le(p, w, o->sections[rs->info].size -
							     1);
				else if (rela64)
					put_le(p + 12, 4, 0xfffffff0u);
				else
					p[7] = 0xff;
			}
			poke(img, n);
		}
	}
	unload(&l);

	/* Random bytes anywhere. */
	for (int round = 0; round < 400; round++) {
		memcpy(img, orig, n);
		int flips = 1 + (int)(next_rand() % 16);
		for (int k = 0; k < flips; k++)
			img[next_rand() % n] = (uint8_t)next_rand();
		poke(img, n);
	}
	/* Truncations. */
	for (size_t cut = 0; cut < n; cut += 1 + n / 64)
		poke(orig, cut);
	free(img);
	free(orig);
}

static void test_hostile(void **state)
{
	(void)state;
	if (!have("gcc"))
		skip();
	hostile_one("gcc", "-g");
	hostile_one("gcc", "-gdwarf-4 -ffunction-sections");
	hostile_one("riscv64-linux-gnu-gcc", "-g");
	hostile_one("gcc", "-g -m32");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcc),
		cmocka_unit_test(test_clang),
		cmocka_unit_test(test_cross_gcc),
		cmocka_unit_test(test_cxx),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
