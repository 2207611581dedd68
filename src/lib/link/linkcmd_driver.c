/*
 * linkcmd_driver.c - a compiler driver's own command line: its name
 * ([TRIPLE-]gcc[-VERSION], clang ...), which arguments are sources to
 * compile, inputs, link options or compile options (gcc's option specs,
 * gcc/common.opt), and what the link looks like to gcc's spec (for the
 * model).  Then the driver is run (linkcmd_run.c) or, when it is not
 * installed, modelled (linkcmd_model.c).
 */
#include "linkcmd_impl.h"

#include "../model/target.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SOURCES 4096		/* sources compiled for one line */

/* [TRIPLE-]TOOL[-VERSION]: aarch64-linux-gnu-gcc-12, g++, clang-14 ... */
static void parse_driver_name(const char *path, drvname *dn)
{
	static const struct {
		const char *tool;
		bool cxx, clang;
	} tools[] = {
		{ "clang++", true, true }, { "clang", false, true },
		{ "g++", true, false }, { "gcc", false, false },
		{ "c++", true, false }, { "cc", false, false },
	};
	char b[256];
	char *dash;
	size_t n;

	memset(dn, 0, sizeof *dn);
	snprintf(b, sizeof b, "%s", lc_base_name(path));
	dash = strrchr(b, '-');
	if (dash && dash[1] && strspn(dash + 1, "0123456789.") == strlen(dash + 1)) {
		snprintf(dn->version, sizeof dn->version, "%.31s", dash + 1);
		*dash = 0;
	}
	n = strlen(b);
	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
		size_t k = strlen(tools[i].tool);
		bool whole = !strcmp(b, tools[i].tool);
		if (!whole && !(n > k + 1 && lc_ends_with(b, tools[i].tool) && b[n - k - 1] == '-'))
			continue;
		dn->known = true;
		dn->cxx = tools[i].cxx;
		dn->clang = tools[i].clang;
		if (!whole) {
			b[n - k - 1] = 0;
			ls_target_norm_triple(b, dn->triple, sizeof dn->triple);
		}
		break;
	}
	if (dn->clang)
		dn->version[0] = 0;	/* clang's, not gcc's */
}

static void scan_free(dscan *s)
{
	ls_strvec_free(&s->args);
	free(s->role);
	free(s->lang);
	ls_strvec_free(&s->items);
	ls_strvec_free(&s->pre);
	ls_strvec_free(&s->udirs);
	ls_strvec_free(&s->post);
	ls_strvec_free(&s->unmodelled);
}

/* gcc's driver options whose value may be the next argument (gcc/common.opt,
 * c-family/c.opt "Separate"), and clang's most common ones. */
static const struct {
	const char *name;
	uint8_t role;
} gcc_sep[] = {
	{ "-o", R_LINK }, { "-x", R_LANG }, { "-l", R_LINK }, { "-L", R_LINK },
	{ "-T", R_LINK }, { "-u", R_LINK }, { "-e", R_LINK }, { "-z", R_LINK },
	{ "-Xlinker", R_LINK }, { "-MF", R_LINK }, { "-MT", R_LINK },
	{ "-MQ", R_LINK }, { "-I", R_BOTH }, { "-D", R_BOTH }, { "-U", R_BOTH },
	{ "-B", R_BOTH }, { "-A", R_BOTH }, { "-include", R_BOTH },
	{ "-imacros", R_BOTH }, { "-idirafter", R_BOTH }, { "-iprefix", R_BOTH },
	{ "-iwithprefix", R_BOTH }, { "-iwithprefixbefore", R_BOTH },
	{ "-isystem", R_BOTH }, { "-isysroot", R_BOTH }, { "-iquote", R_BOTH },
	{ "-imultilib", R_BOTH }, { "-imultiarch", R_BOTH },
	{ "-Xassembler", R_BOTH }, { "-Xpreprocessor", R_BOTH },
	{ "-Xclang", R_BOTH }, { "-mllvm", R_BOTH }, { "-aux-info", R_BOTH },
	{ "--param", R_BOTH }, { "-dumpbase", R_BOTH }, { "-dumpdir", R_BOTH },
	{ "-dumpbase-ext", R_BOTH }, { "-wrapper", R_BOTH },
	{ "--sysroot", R_BOTH }, { "-target", R_BOTH },
};

/* Only link the objects: these make the driver stop before the linker. */
static const char *const not_link[] = { "-c", "-S", "-E", "-M", "-MM", NULL };

/* Options of the link (gcc.c LINK_COMMAND_SPEC and gnu-user.h) that a
 * compile does not want. */
static const char *const link_only[] = {
	"-static", "-shared", "-pie", "-no-pie", "-static-pie", "-r",
	"-nostdlib", "-nostartfiles", "-nodefaultlibs", "-nolibc",
	"-static-libgcc", "-shared-libgcc", "-static-libstdc++", "-rdynamic",
	"-s", "-symbolic", "-static-libasan", "-static-libtsan",
	"-static-liblsan", "-static-libubsan", "-nostdlib++", "-###", "-MD",
	"-MMD", "-MP", "-MG", NULL,
};

static bool in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

/* The suffixes gcc compiles (gcc.c default_compilers): C, C++, Objective
 * C, assembler, Fortran.  Not .go: gccgo's objects are not our business. */
static bool is_source(const char *path)
{
	static const char *const sfx[] = {
		".c", ".i", ".cc", ".cp", ".cxx", ".cpp", ".CPP", ".c++", ".C",
		".ii", ".s", ".S", ".sx", ".m", ".mi", ".mm", ".M", ".mii",
		".f", ".for", ".ftn", ".F", ".FOR", ".fpp", ".FPP", ".FTN",
		".f90", ".f95", ".f03", ".f08", ".F90", ".F95", ".F03", ".F08",
		NULL,
	};
	const char *dot = strrchr(lc_base_name(path), '.');

	return dot && in_list(sfx, dot);
}

/* -fsanitize=a,b / -fno-sanitize=a,b */
static void sanitize(dflags *f, const char *list, bool on)
{
	for (const char *s = list; *s; ) {
		size_t k = strcspn(s, ",");
		if (k == 7 && !strncmp(s, "address", 7))
			f->asan = on;
		else if (k == 6 && !strncmp(s, "thread", 6))
			f->tsan = on;
		else if (k == 4 && !strncmp(s, "leak", 4))
			f->lsan = on;
		else if (k == 9 && !strncmp(s, "undefined", 9))
			f->ubsan = on;
		s += k;
		if (*s)
			s++;
	}
}

/* What a link-affecting option without a separate value means for the
 * model; false when it is not one. */
static bool link_flag(dflags *f, const char *a)
{
	static const struct {
		const char *name;
		size_t off;
	} flags[] = {
#define F(n, m) { n, offsetof(dflags, m) }
		F("-static", is_static), F("-shared", shared),
		F("-static-pie", static_pie), F("-r", reloc),
		F("-nostdlib", nostdlib), F("-nostartfiles", nostartfiles),
		F("-nodefaultlibs", nodefaultlibs), F("-nolibc", nolibc),
		F("-static-libgcc", static_libgcc),
		F("-shared-libgcc", shared_libgcc),
		F("-static-libstdc++", static_libstdcxx), F("-pthread", pthread),
		F("-rdynamic", rdynamic), F("-p", profile), F("-pg", profile),
		F("--coverage", coverage), F("-fprofile-arcs", coverage),
		F("-fopenmp", openmp), F("-m32", m32), F("-mx32", mx32),
#undef F
	};

	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (!strcmp(a, flags[i].name)) {
			*(bool *)((char *)f + flags[i].off) = true;
			return true;
		}
	if (!strcmp(a, "-pie") || !strcmp(a, "-no-pie")) {
		f->pie = a[1] == 'p';
		return true;
	}
	if (!strcmp(a, "-m64")) {
		f->m32 = f->mx32 = false;
		return true;
	}
	if (!strncmp(a, "-fprofile-generate", 18)) {
		f->coverage = true;
		return true;
	}
	if (!strncmp(a, "-fsanitize=", 11) || !strncmp(a, "-fno-sanitize=", 14)) {
		bool on = a[2] == 's';
		sanitize(f, a + (on ? 11 : 14), on);
		return true;
	}
	return false;
}

/* Compile options the model can pass over without a note. */
static bool compile_option(const char *a)
{
	static const char *const pfx[] = {
		"-O", "-g", "-f", "-W", "-D", "-U", "-I", "-std=", "-m", "-i",
		"-ansi", "-pedantic", "-pipe", "-w", "-v", "-save-temps",
		"-dump", "--param=", "-print-", "-Q", "-x", "-MF", "-MT", "-MQ",
		"-specs=", "--target=", "-target", "-no-canonical-prefixes",
		"-nostdinc", "-undef", "-C", "-P", "-H", "-trigraphs",
		"-traditional", "--help", "--version", "-time", "-Xclang",
		"-Xassembler", "-Xpreprocessor", "-Wa,", "-Wp,", NULL,
	};

	for (const char *const *p = pfx; *p; p++)
		if (!strncmp(a, *p, strlen(*p)))
			return true;
	return false;
}

static int add_wl(ls_strvec *items, const char *list, ls_diag *d)
{
	/* -Wl,a,b,c: each piece is an argument; gcc keeps no quoting. */
	for (const char *s = list; *s; ) {
		size_t k = strcspn(s, ",");
		if (k && ls_strvec_addn(items, s, k) < 0)
			return lc_oom(d);
		s += k;
		if (*s)
			s++;
	}
	return 0;
}

/* A gcc option that has its value joined: -lfoo, -L dir, -ofile ... */
static int joined(dscan *s, const char *a, ls_diag *d)
{
	const char *v = a + 2;
	int rc = 0;

	switch (a[1]) {
	case 'o':
		rc = ls_strvec_add(&s->pre, "-o") < 0 || ls_strvec_add(&s->pre, v) < 0;
		break;
	case 'l':
		rc = ls_strvec_add(&s->items, a) < 0;
		break;
	case 'L':
		rc = ls_strvec_add(&s->udirs, v) < 0;
		break;
	case 'T':
		rc = ls_strvec_add(&s->post, "-T") < 0 || ls_strvec_add(&s->post, v) < 0;
		break;
	case 'u':
	case 'e':
	case 'z': {
		char o[3] = { '-', a[1], 0 };
		rc = ls_strvec_add(&s->pre, o) < 0 || ls_strvec_add(&s->pre, v) < 0;
		break;
	}
	}
	return rc ? lc_oom(d) : 0;
}

/* One option with its value in the next argument. */
static int separate(dscan *s, const char *a, const char *v, const char **lang,
		    ls_diag *d)
{
	const char *o = NULL;

	if (!strcmp(a, "-x")) {
		*lang = strcmp(v, "none") ? v : NULL;
		return 0;
	}
	if (!strcmp(a, "-Xlinker"))
		return ls_strvec_add(&s->items, v) < 0 ? lc_oom(d) : 0;
	if (!strcmp(a, "-l"))
		return ls_strvec_addf(&s->items, "-l%s", v) < 0 ? lc_oom(d) : 0;
	if (!strcmp(a, "-L"))
		return ls_strvec_add(&s->udirs, v) < 0 ? lc_oom(d) : 0;
	if (!strcmp(a, "--sysroot")) {
		s->sysroot = v;
		return 0;
	}
	if (!strcmp(a, "-B")) {
		if (ls_strvec_add(&s->unmodelled, "-B") < 0)
			return lc_oom(d);
		return 0;
	}
	if (!strcmp(a, "-T"))
		return ls_strvec_add(&s->post, a) < 0 || ls_strvec_add(&s->post, v) < 0 ? lc_oom(d) : 0;
	if (!strcmp(a, "-o") || !strcmp(a, "-u") || !strcmp(a, "-e") || !strcmp(a, "-z"))
		o = a;
	if (o && (ls_strvec_add(&s->pre, o) < 0 || ls_strvec_add(&s->pre, v) < 0))
		return lc_oom(d);
	return 0;
}

static int scan_driver(int argc, char **argv, dscan *s, ls_diag *d)
{
	const char *lang = NULL;
	size_t n;

	s->f.pie = -1;
	if (lc_expand_args(argc, argv, 1, &s->args, d) < 0)
		return -1;
	n = s->args.n;
	if (!(s->role = calloc(n, 1)) || !(s->lang = calloc(n, sizeof *s->lang)))
		return lc_oom(d);
	for (size_t i = 1; i < n; i++) {
		const char *a = s->args.v[i];
		size_t k;

		if (a[0] != '-' || !a[1]) {
			if (!strcmp(a, "-"))
				return ls_fail_nooff(d, "'-': a source on standard input "
						     "cannot be compiled here");
			if (lang || is_source(a)) {
				if (++s->nsrc > MAX_SOURCES)
					return ls_fail_nooff(d, "more than %d sources",
							     MAX_SOURCES);
				s->role[i] = R_SOURCE;
				s->lang[i] = lang;
				/* Its object takes its place among the inputs. */
				if (ls_strvec_add(&s->items, a) < 0)
					return lc_oom(d);
			} else {
				s->role[i] = R_INPUT;
				if (ls_strvec_add(&s->items, a) < 0)
					return lc_oom(d);
			}
			continue;
		}
		if (in_list(not_link, a))
			return ls_fail_nooff(d, "not a link: %s stops the driver "
					     "before the linker", a);
		for (k = 0; k < sizeof gcc_sep / sizeof gcc_sep[0]; k++)
			if (!strcmp(a, gcc_sep[k].name))
				break;
		if (k < sizeof gcc_sep / sizeof gcc_sep[0]) {
			if (i + 1 >= n)
				return ls_fail_nooff(d, "missing argument to '%s'", a);
			s->role[i] = s->role[i + 1] = gcc_sep[k].role;
			if (separate(s, a, s->args.v[i + 1], &lang, d) < 0)
				return -1;
			i++;
			continue;
		}
		s->role[i] = R_BOTH;
		if (!strncmp(a, "-Wl,", 4)) {
			s->role[i] = R_LINK;
			if (add_wl(&s->items, a + 4, d) < 0)
				return -1;
		} else if (!strncmp(a, "-x", 2)) {
			s->role[i] = R_LANG;
			lang = strcmp(a + 2, "none") ? a + 2 : NULL;
		} else if (!strncmp(a, "-fuse-ld=", 9) || !strncmp(a, "--ld-path=", 10)) {
			s->role[i] = R_LINK;
			s->fuse_ld = strchr(a, '=') + 1;
		} else if (!strncmp(a, "--sysroot=", 10)) {
			s->sysroot = a + 10;
		} else if (!strcmp(a, "-undef")) {
			;	/* the preprocessor's, not -u ndef */
		} else if (in_list(link_only, a) || !strncmp(a, "-save-temps", 11)) {
			s->role[i] = R_LINK;
			if (!strcmp(a, "-s") && ls_strvec_add(&s->pre, a) < 0)
				return lc_oom(d);
			if (!link_flag(&s->f, a) && strcmp(a, "-s") && strcmp(a, "-symbolic") &&
			    strcmp(a, "-###") && a[1] != 'M' && strncmp(a, "-save-temps", 11) &&
			    ls_strvec_add(&s->unmodelled, a) < 0)
				return lc_oom(d);
		} else if (strchr("olLTuez", a[1]) && a[2] && !compile_option(a)) {
			s->role[i] = R_LINK;
			if (joined(s, a, d) < 0)
				return -1;
		} else if (!strncmp(a, "-B", 2)) {
			if (ls_strvec_add(&s->unmodelled, "-B") < 0)
				return lc_oom(d);
		} else if (!link_flag(&s->f, a) && !compile_option(a)) {
			if (ls_strvec_add(&s->unmodelled, a) < 0)
				return lc_oom(d);
		}
	}
	return 0;
}

int lc_build_driver(int argc, char **argv, int override, ls_link_cmd *cmd,
		    ls_diag *d)
{
	const char *env = getenv("LINKSCOPE_NO_DRIVER");
	bool forced = env && !strcmp(env, "1");
	char path[PATH_MAX];
	drvname dn;
	dscan s = { 0 };
	int rc;

	parse_driver_name(argv[0], &dn);
	rc = scan_driver(argc, argv, &s, d);
	if (rc == 0) {
		if (!forced && lc_find_program(argv[0], path, sizeof path))
			rc = lc_run_driver(argc, argv, &s, &dn, override, cmd, d);
		else
			rc = lc_model_driver(argv[0], &s, &dn, forced, override, cmd, d);
	}
	scan_free(&s);
	return rc;
}
