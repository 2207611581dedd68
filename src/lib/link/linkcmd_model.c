/*
 * linkcmd_model.c - the link line of a compiler driver that is not
 * installed (or LINKSCOPE_NO_DRIVER=1): what Debian 12's gcc 12 would
 * print for -###, rebuilt from its specs and the target's row in
 * model/target.c, then read as any linker line.
 */
#include "linkcmd_impl.h"

#include "../model/target.h"

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Removes "." and ".." and repeated slashes without looking at the file
 * system: paths of a gcc that is not installed go through directories
 * that do not exist, which the kernel would refuse to walk through.
 */
static void normalize(const char *in, char *out, size_t size)
{
	bool abs = in[0] == '/';
	bool trail = *in && in[strlen(in) - 1] == '/';
	size_t len = 0, root = abs ? 1 : 0;
	const char *p = in;

	if (size < 2) {
		if (size)
			out[0] = 0;
		return;
	}
	if (abs)
		out[len++] = '/';
	out[len] = 0;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		if (n == 0)
			break;
		if (n == 2 && p[0] == '.' && p[1] == '.' && len > root) {
			while (len > root && out[len - 1] != '/')
				len--;
			if (len > root)
				len--;
			out[len] = 0;
		} else if (!(n == 1 && p[0] == '.')) {
			if (len + n + 2 > size) {
				snprintf(out, size, "%s", in);
				return;
			}
			if (len > root)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = 0;
		}
		p = e;
	}
	if (trail && len > root && len + 2 <= size) {
		out[len++] = '/';
		out[len] = 0;
	}
}

/*
 * What gcc 12 as built by Debian prints for -### when linking, rebuilt
 * from its specs (gcc.c LINK_COMMAND_SPEC, config/gnu-user.h
 * GNU_USER_TARGET_STARTFILE_SPEC / ENDFILE_SPEC / LINK_GCC_C_SEQUENCE_SPEC,
 * the <cpu>/linux*.h LINK_SPECs) and checked against the installed gcc,
 * aarch64-linux-gnu-gcc, arm-linux-gnueabihf-gcc and riscv64-linux-gnu-gcc
 * for the default link, -static, -shared, -no-pie and -static-pie.
 *
 * Layout (Debian): gcc's own files in G = /usr/lib/gcc/TRIPLE/VER (native)
 * or /usr/lib/gcc-cross/TRIPLE/VER (cross, with the C library in
 * /usr/TRIPLE/lib, reached as G/../../../../TRIPLE/lib).  gcc searches
 * its start files along the prefixes below, in order, and passes the ones
 * that exist as -L (all but "/lib/" and "/usr/lib/", which ld searches
 * anyway: gcc.c is_directory).  A start file found nowhere is still
 * listed, where it belongs, so that the link reports it missing.  When G
 * itself does not exist (the driver is not installed) the paths through it
 * are written without "..", since the kernel cannot walk through a
 * directory that is not there.
 */
typedef struct mtarget {
	const ls_target_info *t;
	const char *triple, *multiarch, *emul, *dynlinker, *osdir;
	char gbase[PATH_MAX];	/* G */
	char gdir[PATH_MAX];	/* where crtbegin.o is: G, or G/32 */
	char version[32];
	bool gexists, cross;
	const char *sysroot;	/* the user's --sysroot, or NULL */
	ls_strvec prefixes;	/* startfile prefixes, each ending in '/' */
} mtarget;

static int add_prefix(mtarget *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_prefix(mtarget *m, const char *fmt, ...)
{
	char buf[PATH_MAX], norm[PATH_MAX];
	const char *p = buf;
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof buf)
		return -1;
	if (!m->gexists && !strncmp(buf, m->gbase, strlen(m->gbase))) {
		normalize(buf, norm, sizeof norm);
		p = norm;
	}
	if (ls_strvec_has(&m->prefixes, p))
		return 0;
	return ls_strvec_add(&m->prefixes, p);
}

/* gcc's startfile_prefixes for the target, in gcc's order (compare the
 * LIBRARY_PATH that `gcc -v` prints). */
static int model_prefixes(mtarget *m)
{
	const char *S = m->sysroot ? m->sysroot : "";
	const char *MA = m->multiarch, *OS = m->osdir, *G = m->gbase;
	bool os = strcmp(OS, ".") != 0;
	int rc = 0;

	rc |= add_prefix(m, "%s/", m->gdir);
	if (!m->cross) {
		rc |= add_prefix(m, "%s/../../../%s/", G, MA);
		if (os)
			rc |= add_prefix(m, "%s/../../../%s/", G, OS);
		rc |= add_prefix(m, "%s/lib/%s/", S, MA);
		if (os)
			rc |= add_prefix(m, "%s/lib/%s/", S, OS);
		rc |= add_prefix(m, "%s/usr/lib/%s/", S, MA);
		if (os)
			rc |= add_prefix(m, "%s/usr/lib/%s/", S, OS);
		rc |= add_prefix(m, "%s/../../../", G);
	} else {
		const char *T = m->triple;
		if (os)
			rc |= add_prefix(m, "%s/../../../../%s/lib/%s/", G, T, OS);
		else
			rc |= add_prefix(m, "%s/../../../../%s/lib/", G, T);
		rc |= add_prefix(m, "%s/lib/%s/", S, MA);
		rc |= os ? add_prefix(m, "%s/lib/%s/", S, OS) : add_prefix(m, "%s/lib/", S);
		rc |= add_prefix(m, "%s/usr/lib/%s/", S, MA);
		rc |= os ? add_prefix(m, "%s/usr/lib/%s/", S, OS)
			 : add_prefix(m, "%s/usr/lib/", S);
		if (os)
			rc |= add_prefix(m, "%s/../../../../%s/lib/", G, T);
	}
	rc |= add_prefix(m, "%s/lib/", S);
	rc |= add_prefix(m, "%s/usr/lib/", S);
	return rc ? -1 : 0;
}

/* A start file: the first prefix that has it, else where it belongs (gcc's
 * own directory, or the C library's: prefixes 0 and 1). */
static int model_file(const mtarget *m, ls_strvec *ld, const char *name, bool gcc)
{
	char buf[PATH_MAX];

	for (size_t i = 0; i < m->prefixes.n; i++) {
		int k = snprintf(buf, sizeof buf, "%s%s", m->prefixes.v[i], name);
		if (k > 0 && (size_t)k < sizeof buf && access(buf, R_OK) == 0)
			return ls_strvec_add(ld, buf);
	}
	return ls_strvec_addf(ld, "%s%s", m->prefixes.v[gcc ? 0 : 1], name);
}

static int model_dirs(const mtarget *m, ls_strvec *ld)
{
	for (size_t i = 0; i < m->prefixes.n; i++) {
		char dir[PATH_MAX];
		const char *p = m->prefixes.v[i];
		size_t n = strlen(p);
		if (!strcmp(p, "/lib/") || !strcmp(p, "/usr/lib/"))
			continue;
		snprintf(dir, sizeof dir, "%.*s", (int)(n > 1 ? n - 1 : n), p);
		/* gcc's own directory would exist if it were installed. */
		if ((i == 0 || lc_is_dir(dir)) && ls_strvec_addf(ld, "-L%s", dir) < 0)
			return -1;
	}
	return 0;
}

static int add_words(ls_strvec *ld, const char *words)
{
	for (const char *s = words; *s; ) {
		size_t k = strcspn(s, " ");
		if (k && ls_strvec_addn(ld, s, k) < 0)
			return -1;
		s += k;
		while (*s == ' ')
			s++;
	}
	return 0;
}

/* libgcc: gcc.c init_gcc_specs with USE_LD_AS_NEEDED. */
static int add_libgcc(ls_strvec *ld, const dflags *f, bool cxx, bool stat, bool spie)
{
	if (stat || f->static_libgcc || spie)
		return add_words(ld, "-lgcc -lgcc_eh");
	if (f->shared_libgcc || cxx)
		return add_words(ld, f->shared ? "-lgcc_s" : "-lgcc_s -lgcc");
	return add_words(ld, "-lgcc --push-state --as-needed -lgcc_s --pop-state");
}

/* The collect2 line, without the plugin options (collect2_args drops them). */
static int model_line(const dscan *s, const mtarget *m, const drvname *dn,
		      const char *ldname, ls_strvec *ld)
{
	const ls_target_info *t = m->t;
	const dflags *f = &s->f;
	bool r = f->reloc, stat = f->is_static, shared = f->shared;
	bool spie = f->static_pie && !stat;
	bool pie = !shared && !stat && !spie && f->pie != 0;
	bool san = f->asan || f->tsan || f->lsan || f->ubsan;
	bool starts = !f->nostdlib && !f->nostartfiles && !r;
	bool libs = !f->nostdlib && !f->nodefaultlibs && !r;
	const char *early = f->asan ? "asan" : f->tsan ? "tsan" : f->lsan ? "lsan" : NULL;
	/* Debian's amd64 gcc is built with offload targets (nvptx, amdgcn). */
	bool offload = f->openmp && !m->cross && !strcmp(t->triple, "x86_64-linux-gnu");
	int rc = 0;

	rc |= ls_strvec_add(ld, ldname);
	if (m->cross || s->sysroot)
		rc |= ls_strvec_addf(ld, "--sysroot=%s", s->sysroot ? s->sysroot : "/");
	if (!r)
		rc |= ls_strvec_add(ld, "--build-id");
	if (!stat)
		rc |= ls_strvec_add(ld, "--eh-frame-hdr");
	rc |= ls_strvec_add(ld, "-m");
	rc |= ls_strvec_add(ld, m->emul);
	rc |= ls_strvec_add(ld, "--hash-style=gnu");
	/* Debian drops --as-needed when a sanitizer is linked. */
	if (!san)
		rc |= ls_strvec_add(ld, "--as-needed");
	if (shared) {
		/* aarch64 and arm: "%{static:-Bstatic}" whatever the output. */
		if (stat && !strcmp(t->static_opt, "-Bstatic"))
			rc |= ls_strvec_add(ld, "-Bstatic");
		rc |= ls_strvec_add(ld, "-shared");
	} else if (stat) {
		rc |= ls_strvec_add(ld, t->static_opt);
	} else if (spie && t->static_pie) {
		rc |= ls_strvec_add(ld, t->static_opt);
		rc |= add_words(ld, "-pie --no-dynamic-linker -z text");
	} else {
		if (f->rdynamic)
			rc |= ls_strvec_add(ld, "-export-dynamic");
		rc |= ls_strvec_add(ld, "-dynamic-linker");
		rc |= ls_strvec_add(ld, m->dynlinker);
	}
	rc |= add_words(ld, t->extra);
	if (!r && (pie || spie))
		rc |= ls_strvec_add(ld, "-pie");
	if (r)
		rc |= ls_strvec_add(ld, "-r");
	for (size_t i = 0; i < s->pre.n; i++)
		rc |= ls_strvec_add(ld, s->pre.v[i]);
	if (starts) {
		if (!shared)
			rc |= model_file(m, ld, f->profile ? (spie ? "grcrt1.o" : "gcrt1.o")
					 : stat ? "crt1.o" : spie ? "rcrt1.o"
					 : pie ? "Scrt1.o" : "crt1.o", false);
		rc |= model_file(m, ld, "crti.o", false);
		rc |= model_file(m, ld, stat ? "crtbeginT.o" : shared || spie || pie
				 ? "crtbeginS.o" : "crtbegin.o", true);
		if (offload)
			rc |= model_file(m, ld, "crtoffloadbegin.o", true);
	}
	for (size_t i = 0; i < s->udirs.n; i++)
		rc |= ls_strvec_addf(ld, "-L%s", s->udirs.v[i]);
	rc |= model_dirs(m, ld);
	if (libs && early) {
		char pre[32];
		snprintf(pre, sizeof pre, "lib%s_preinit.o", early);
		if (!shared)
			rc |= model_file(m, ld, pre, true);
		rc |= add_words(ld, "--push-state --no-as-needed");
		rc |= ls_strvec_addf(ld, "-l%s", early);
		rc |= ls_strvec_add(ld, "--pop-state");
	}
	/* g++ moves the user's first -lm and -lc after the -lstdc++ it adds
	 * (gcc/cp/g++spec.c: libstdc++ uses both). */
	size_t mi = SIZE_MAX, ci = SIZE_MAX;
	for (size_t i = 0; libs && dn->cxx && i < s->items.n; i++) {
		if (mi == SIZE_MAX && !strcmp(s->items.v[i], "-lm"))
			mi = i;
		if (ci == SIZE_MAX && !strcmp(s->items.v[i], "-lc"))
			ci = i;
	}
	for (size_t i = 0; i < s->items.n; i++)
		if (i != mi && i != ci)
			rc |= ls_strvec_add(ld, s->items.v[i]);
	if (libs) {
		bool group = stat || spie;
		if (dn->cxx)
			rc |= add_words(ld, f->static_libstdcxx && !stat
					? "-Bstatic -lstdc++ -Bdynamic -lm" : "-lstdc++ -lm");
		if (ci != SIZE_MAX)
			rc |= ls_strvec_add(ld, "-lc");
		if (f->openmp)
			rc |= add_words(ld, !stat ? "-lgomp" : t->pthread_atomic
					? "-lgomp -ldl -lpthread" : "-lgomp -ldl");
		if (f->ubsan)
			rc |= add_words(ld, "--push-state --no-as-needed -lubsan --pop-state");
		if (f->coverage)
			rc |= ls_strvec_add(ld, "-lgcov");
		if (group)
			rc |= ls_strvec_add(ld, "--start-group");
		rc |= add_libgcc(ld, f, dn->cxx, stat, spie);
		if (!f->nolibc) {
			if (f->pthread || f->openmp)
				rc |= ls_strvec_add(ld, "-lpthread");
			rc |= ls_strvec_add(ld, "-lc");
			if ((f->pthread || f->openmp) && t->pthread_atomic)
				rc |= add_words(ld, "--push-state --as-needed -latomic --pop-state");
		}
		if (group)
			rc |= ls_strvec_add(ld, "--end-group");
		else
			rc |= add_libgcc(ld, f, dn->cxx, stat, spie);
	}
	if (starts) {
		rc |= model_file(m, ld, stat ? "crtend.o" : shared || spie || pie
				 ? "crtendS.o" : "crtend.o", true);
		rc |= model_file(m, ld, "crtn.o", false);
		if (offload)
			rc |= model_file(m, ld, "crtoffloadend.o", true);
	}
	for (size_t i = 0; i < s->post.n; i++)
		rc |= ls_strvec_add(ld, s->post.v[i]);
	return rc ? -1 : 0;
}

/* The version directory gcc would use: the one the name asks for
 * (gcc-12), else the highest that exists, else Debian 12's "12". */
static void pick_version(const char *root, const char *want, char *out,
			 size_t size)
{
	char best[32] = "";
	DIR *dir;
	struct dirent *e;

	if (want && *want) {
		snprintf(out, size, "%s", want);
		return;
	}
	if ((dir = opendir(root))) {
		while ((e = readdir(dir))) {
			const char *v = e->d_name;
			size_t n = strlen(v);
			if (n == 0 || n >= sizeof best || v[0] < '0' || v[0] > '9' ||
			    strspn(v, "0123456789.") != n)
				continue;
			if (!*best || strverscmp(v, best) > 0)
				memcpy(best, v, n + 1);	/* n < sizeof best */
		}
		closedir(dir);
	}
	snprintf(out, size, "%s", *best ? best : "12");
}

int lc_model_driver(const char *drv, dscan *s, const drvname *dn, bool forced,
		    int override, ls_link_cmd *cmd, ls_diag *d)
{
	const char *why = forced ? "LINKSCOPE_NO_DRIVER=1" : "not installed";
	const char *triple = dn->triple[0] ? dn->triple : ls_target_host_triple();
	const ls_target_info *t = ls_target_info_by_triple(triple);
	mtarget m = { 0 };
	ls_strvec ld = { 0 };
	char root[256], ldname[PATH_MAX], how[512];
	ldctx x = { 0 };
	int rc = -1;

	if (!dn->known)
		return ls_fail_nooff(d, "%s: not found, and not a gcc or clang name "
				     "linkscope can stand in for", drv);
	if (!t || !t->gcc_model)
		return ls_fail_nooff(d, "%s (%s): no driver model for target %s",
				     drv, why, triple);
	for (size_t i = 1; i < s->args.n; i++)
		if (s->role[i] == R_SOURCE)
			return ls_fail_nooff(d, "%s: compiling it needs %s, which is %s",
					     s->args.v[i], lc_base_name(drv),
					     forced ? "disabled by LINKSCOPE_NO_DRIVER=1"
						    : "not installed");
	m.t = t;
	m.triple = t->triple;
	m.multiarch = t->multiarch;
	m.emul = t->emul;
	m.dynlinker = t->interp;
	m.osdir = t->osdir;
	m.cross = strcmp(t->triple, ls_target_host_triple()) != 0;
	m.sysroot = s->sysroot && strcmp(s->sysroot, "/") ? s->sysroot : NULL;
	snprintf(root, sizeof root, "/usr/lib/%s/%s", m.cross ? "gcc-cross" : "gcc",
		 t->triple);
	pick_version(root, dn->version, m.version, sizeof m.version);
	snprintf(m.gbase, sizeof m.gbase, "%s/%s", root, m.version);
	m.gexists = lc_is_dir(m.gbase);
	snprintf(m.gdir, sizeof m.gdir, "%s", m.gbase);
	if (s->f.m32 && !strcmp(t->triple, "x86_64-linux-gnu")) {
		/* gcc's i386 multilib (Debian: lib32, i386-linux-gnu). */
		m.emul = "elf_i386";
		m.dynlinker = "/lib/ld-linux.so.2";
		m.multiarch = "i386-linux-gnu";
		m.osdir = "../lib32";
		if (snprintf(m.gdir, sizeof m.gdir, "%s/32", m.gbase) >= (int)sizeof m.gdir)
			return ls_fail_nooff(d, "%s: path too long", m.gbase);
		lc_note(cmd, "-m32: modelled as gcc's i386 multilib (%s, /usr/lib32); "
			"not checked against an installed gcc-multilib", m.gdir);
	} else if (s->f.m32 || s->f.mx32) {
		lc_note(cmd, "%s: other multilibs are not modelled; linking for %s",
			s->f.m32 ? "-m32" : "-mx32", t->triple);
	}
	if (!t->verified)
		lc_note(cmd, "the %s driver model follows gcc's specs and Debian's "
			"layout; it was not checked against an installed driver",
			t->triple);
	if (dn->clang)
		lc_note(cmd, "%s is not installed: modelled as Debian's gcc, not clang",
			lc_base_name(drv));
	for (size_t i = 0; i < s->unmodelled.n; i++)
		lc_note(cmd, "driver option '%s' not modelled", s->unmodelled.v[i]);

	x.sem = override >= 0 ? override
	      : s->fuse_ld ? lc_sem_from_fuse_ld(s->fuse_ld, cmd) : LS_SEM_BFD;
	x.sem_explicit = override >= 0 || s->fuse_ld;
	lc_collect2_linker(x.sem, t->triple, ldname, sizeof ldname);
	x.linker = ldname;
	x.triple = t->triple;
	snprintf(how, sizeof how, "model of %s (%s): Debian 12 gcc %s layout",
		 lc_base_name(drv), why, m.version);
	x.how = how;
	if (model_prefixes(&m) < 0 || model_line(s, &m, dn, ldname, &ld) < 0)
		rc = lc_oom(d);
	else
		rc = lc_parse_ld(&ld, &x, cmd, d);
	ls_strvec_free(&ld);
	ls_strvec_free(&m.prefixes);
	return rc;
}
