/*
 * linkcmd.c - the link a user asked for, as the linker sees it; see
 * linkcmd.h.
 *
 * Three ways in:
 *  - a linker line (ld, ld.bfd, ld.gold, ld.lld, mold, collect2, *-ld) is
 *    parsed as GNU ld parses it (linkcmd_ld.c), @FILE response files
 *    expanded (linkcmd_rsp.c);
 *  - an installed compiler driver is run with -### (linkcmd_run.c; the
 *    linker is never run) and the last linker command it prints is
 *    parsed;
 *  - a driver that is not installed (or LINKSCOPE_NO_DRIVER=1) is replaced
 *    by a model of Debian 12's gcc 12 (linkcmd_model.c).
 *
 * This file is the way in: which of the three a command is (linker names,
 * collect2), the interface of linkcmd.h, and the small helpers the other
 * pieces share (linkcmd_impl.h).  Every table says where it comes from.
 * User files (response files) are hostile input: sizes, counts and nesting
 * are bounded.
 */
#include "linkcmd_impl.h"

#include "../model/target.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_NOTES 256

/* --- helpers -------------------------------------------------------------- */

int lc_oom(ls_diag *d)
{
	return ls_fail_nooff(d, "out of memory (or more than %u arguments)",
			     MAX_ARGS);
}

int lc_set_str(char **dst, const char *s)
{
	char *c = strdup(s);

	if (!c)
		return -1;
	free(*dst);
	*dst = c;
	return 0;
}

void lc_note(ls_link_cmd *cmd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < cmd->nnotes; i++)
		if (!strcmp(cmd->notes[i], buf))
			return;
	if (cmd->nnotes >= MAX_NOTES)
		return;
	if (cmd->nnotes == MAX_NOTES - 1)
		snprintf(buf, sizeof buf, "more notes left out");
	(void)LC_ADD(cmd, notes, buf);
}

int lc_list_addn(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
	ls_strvec sv = { *v, *n, *cap };
	int rc = ls_strvec_addn(&sv, s, len);

	*v = sv.v;
	*n = sv.n;
	*cap = sv.cap;
	return rc;
}

/* --- paths ---------------------------------------------------------------- */

const char *lc_base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

bool lc_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

bool lc_is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool lc_find_program(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");

	if (!*name)
		return false;
	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return access(name, X_OK) == 0 && !lc_is_dir(name);
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; ) {
		const char *e = strchrnul(p, ':');
		int n = (int)(e - p);
		int k = n ? snprintf(out, size, "%.*s/%s", n, p, name)
			  : snprintf(out, size, "%s", name);
		if (k > 0 && (size_t)k < size && access(out, X_OK) == 0 &&
		    !lc_is_dir(out))
			return true;
		if (!*e)
			break;
		p = e + 1;
	}
	return false;
}

/* --- linker names --------------------------------------------------------- */

/* The semantics a linker's file name implies, without following links;
 * false when the name is not a linker's. */
bool lc_linker_name_plain(const char *path, int *sem)
{
	static const struct {
		const char *name;
		int sem;
	} names[] = {
		{ "ld", LS_SEM_BFD }, { "ld.bfd", LS_SEM_BFD },
		{ "collect2", LS_SEM_BFD }, { "ld.gold", LS_SEM_GOLD },
		{ "gold", LS_SEM_GOLD }, { "ld.lld", LS_SEM_LLD },
		{ "lld", LS_SEM_LLD }, { "mold", LS_SEM_MOLD },
		{ "ld.mold", LS_SEM_MOLD },
	};
	static const struct {
		const char *suffix;
		int sem;
	} cross[] = {
		{ "-ld", LS_SEM_BFD }, { "-ld.bfd", LS_SEM_BFD },
		{ "-ld.gold", LS_SEM_GOLD }, { "-ld.lld", LS_SEM_LLD },
		{ "-ld.mold", LS_SEM_MOLD },
	};
	const char *b = lc_base_name(path);

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(b, names[i].name)) {
			*sem = names[i].sem;
			return true;
		}
	for (size_t i = 0; i < sizeof cross / sizeof cross[0]; i++) {
		size_t n = strlen(b), k = strlen(cross[i].suffix);
		/* TRIPLE-ld: the triple has a dash ("wasm-ld" is not ours). */
		if (lc_ends_with(b, cross[i].suffix) && memchr(b, '-', n - k)) {
			*sem = cross[i].sem;
			return true;
		}
	}
	return false;
}

/* Like linker_name_plain, but "ld" and "TRIPLE-ld" are followed to what
 * they link to: some systems point ld at gold or lld. */
bool lc_linker_name(const char *path, int *sem)
{
	char prog[PATH_MAX], real[PATH_MAX];
	int s2;

	if (!lc_linker_name_plain(path, sem))
		return false;
	if (*sem != LS_SEM_BFD || !strcmp(lc_base_name(path), "collect2"))
		return true;
	if (lc_find_program(path, prog, sizeof prog) && realpath(prog, real) &&
	    lc_linker_name_plain(real, &s2))
		*sem = s2;
	return true;
}

/* The target triple of a GNU linker binary: TRIPLE-ld*, or Debian's
 * /usr/TRIPLE/bin/ld*, else the host's. */
void lc_linker_triple(const char *path, char *out, size_t size)
{
	static const char *const suffixes[] = {
		"-ld", "-ld.bfd", "-ld.gold", "-ld.lld", "-ld.mold",
	};
	const char *b = lc_base_name(path);

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t n = strlen(b), k = strlen(suffixes[i]);
		if (lc_ends_with(b, suffixes[i]) && memchr(b, '-', n - k)) {
			char t[128];
			snprintf(t, sizeof t, "%.*s", (int)(n - k), b);
			ls_target_norm_triple(t, out, size);
			return;
		}
	}
	if (!strncmp(path, "/usr/", 5)) {
		const char *t = path + 5, *e = strchr(t, '/');
		if (e && !strncmp(e, "/bin/", 5) && memchr(t, '-', (size_t)(e - t)) &&
		    !strchr(e + 5, '/')) {
			char buf[128];
			snprintf(buf, sizeof buf, "%.*s", (int)(e - t), t);
			ls_target_norm_triple(buf, out, size);
			return;
		}
	}
	snprintf(out, size, "%s", ls_target_host_triple());
}

int lc_sem_from_fuse_ld(const char *v, ls_link_cmd *cmd)
{
	int sem = LS_SEM_BFD;

	if (!strcmp(v, "bfd"))
		return LS_SEM_BFD;
	if (!strcmp(v, "gold"))
		return LS_SEM_GOLD;
	if (!strcmp(v, "lld"))
		return LS_SEM_LLD;
	if (!strcmp(v, "mold"))
		return LS_SEM_MOLD;
	if (lc_linker_name_plain(v, &sem))
		return sem;
	lc_note(cmd, "-fuse-ld=%s: not a linker linkscope knows; bfd semantics", v);
	return LS_SEM_BFD;
}

/* --- collect2 ------------------------------------------------------------- */

/*
 * collect2 takes some options for itself and hands the LTO ones to the
 * plugin (gcc/collect2.c main); what is left is ld's command line.
 * -fuse-ld= names the ld it will run.
 */
int lc_collect2_args(const ls_strvec *in, const char *ld, ls_strvec *out,
		     char **fuse_ld, ls_diag *d)
{
	if (ls_strvec_add(out, ld) < 0)
		return lc_oom(d);
	for (size_t i = 1; i < in->n; i++) {
		const char *s = in->v[i];
		/* -plugin goes on to ld, which loads it: read as ld's. */
		if (!strcmp(s, "-plugin-opt")) {
			i++;
			continue;
		}
		if (!strncmp(s, "-plugin-opt=", 12) || !strncmp(s, "-flto", 5) ||
		    !strcmp(s, "-fno-lto"))
			continue;
		if (!strncmp(s, "-fuse-ld=", 9)) {
			if (fuse_ld && lc_set_str(fuse_ld, s + 9) < 0)
				return lc_oom(d);
			continue;
		}
		if (ls_strvec_add(out, s) < 0)
			return lc_oom(d);
	}
	return 0;
}

/* The ld collect2 runs for a gcc targeting triple (gcc 12's collect2 looks
 * for ld, ld.gold, ld.lld, ld.mold by -fuse-ld=, with the target prefix
 * when cross). */
void lc_collect2_linker(int sem, const char *triple, char *out, size_t size)
{
	bool cross = strcmp(triple, ls_target_host_triple()) != 0;
	char name[160], path[PATH_MAX];

	switch (sem) {
	case LS_SEM_GOLD:
		snprintf(name, sizeof name, "%s%sld.gold", cross ? triple : "",
			 cross ? "-" : "");
		break;
	case LS_SEM_LLD:
		snprintf(name, sizeof name, "ld.lld");
		break;
	case LS_SEM_MOLD:
		snprintf(name, sizeof name, "ld.mold");
		break;
	default:
		snprintf(name, sizeof name, "%s%sld", cross ? triple : "",
			 cross ? "-" : "");
	}
	if (lc_find_program(name, path, sizeof path))
		snprintf(out, size, "%s", path);
	else
		snprintf(out, size, "%s", name);
}

/* collect2 under /usr/lib/gcc[-cross]/TRIPLE/VER/ runs TRIPLE's ld. */
static void collect2_triple(const char *path, char *out, size_t size)
{
	const char *p = strstr(path, "/gcc-cross/");
	size_t skip = 11;

	if (!p) {
		p = strstr(path, "/gcc/");
		skip = 5;
	}
	if (p) {
		const char *t = p + skip, *e = strchr(t, '/');
		if (e && memchr(t, '-', (size_t)(e - t))) {
			char buf[128];
			snprintf(buf, sizeof buf, "%.*s", (int)(e - t), t);
			ls_target_norm_triple(buf, out, size);
			return;
		}
	}
	snprintf(out, size, "%s", ls_target_host_triple());
}

/* --- the interface -------------------------------------------------------- */

static int build_linker(int argc, char **argv, int override, ls_link_cmd *cmd,
			ls_diag *d)
{
	ls_strvec in = { 0 }, ld = { 0 };
	ldctx x = { 0 };
	char triple[128], ldname[PATH_MAX];
	char *fuse = NULL;
	int sem = LS_SEM_BFD, rc;

	lc_linker_name(argv[0], &sem);
	x.sem = override >= 0 ? override : sem;
	x.sem_explicit = override >= 0;
	x.how = "linker command line";
	for (int i = 0; i < argc; i++)
		if (ls_strvec_add(&in, argv[i]) < 0) {
			ls_strvec_free(&in);
			return lc_oom(d);
		}
	if (!strcmp(lc_base_name(argv[0]), "collect2")) {
		rc = lc_collect2_args(&in, argv[0], &ld, &fuse, d);
		if (rc == 0 && fuse && override < 0) {
			x.sem = lc_sem_from_fuse_ld(fuse, cmd);
			x.sem_explicit = true;
		}
		collect2_triple(argv[0], triple, sizeof triple);
		lc_collect2_linker(x.sem, triple, ldname, sizeof ldname);
		x.triple = triple;
		x.linker = ldname;
		if (rc == 0)
			rc = lc_parse_ld(&ld, &x, cmd, d);
	} else {
		/* Report the program that would run, as the driver paths do. */
		if (lc_find_program(argv[0], ldname, sizeof ldname))
			x.linker = ldname;
		rc = lc_parse_ld(&in, &x, cmd, d);
	}
	free(fuse);
	ls_strvec_free(&in);
	ls_strvec_free(&ld);
	return rc;
}

int ls_linkcmd_build(int argc, char **argv, int sem_override,
		     ls_link_cmd *cmd, ls_diag *d)
{
	int sem, rc;

	memset(cmd, 0, sizeof *cmd);
	if (argc < 1 || !argv || !argv[0] || !argv[0][0])
		return ls_fail_nooff(d, "no command after --");
	if (sem_override > LS_SEM_MOLD)
		return ls_fail_nooff(d, "unknown semantics %d", sem_override);
	if (lc_linker_name_plain(argv[0], &sem))
		rc = build_linker(argc, argv, sem_override, cmd, d);
	else
		rc = lc_build_driver(argc, argv, sem_override, cmd, d);
	/* The version of the linker whose rules apply, not of another one
	 * that --semantics put in its place. */
	int named = -1;
	if (rc == 0 && cmd->linker && lc_linker_name_plain(cmd->linker, &named) &&
	    named == cmd->sem)
		rc = lc_read_linker_version(cmd, d);
	if (rc < 0)
		ls_linkcmd_free(cmd);
	return rc;
}

int ls_linkcmd_parse_ld(int argc, char **argv, ls_link_cmd *cmd, ls_diag *d)
{
	int rc;

	memset(cmd, 0, sizeof *cmd);
	if (argc < 1 || !argv || !argv[0])
		return ls_fail_nooff(d, "no linker command");
	rc = build_linker(argc, argv, -1, cmd, d);
	if (rc < 0)
		ls_linkcmd_free(cmd);
	return rc;
}

static void free_list(char **v, size_t n, size_t cap)
{
	ls_strvec sv = { v, n, cap };

	ls_strvec_free(&sv);
}

#define FREE_LIST(c, f) free_list((c)->f, (c)->n##f, (c)->cap.f)

static int rm_entry(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void ls_linkcmd_free(ls_link_cmd *cmd)
{
	if (!cmd)
		return;
	ls_linkcmd_version(cmd);
	free(cmd->linker);
	free(cmd->linker_version);
	free(cmd->how);
	for (size_t i = 0; i < cmd->nargs; i++)
		free((char *)cmd->args[i].name);
	free(cmd->args);
	FREE_LIST(cmd, libdirs);
	FREE_LIST(cmd, default_dirs);
	FREE_LIST(cmd, rpath_link);
	FREE_LIST(cmd, rpath);
	FREE_LIST(cmd, undefined);
	FREE_LIST(cmd, defsym_arg);
	FREE_LIST(cmd, defsym);
	FREE_LIST(cmd, wrap);
	FREE_LIST(cmd, version_scripts);
	FREE_LIST(cmd, require);
	FREE_LIST(cmd, undefined_glob);
	FREE_LIST(cmd, ignore_unresolved);
	FREE_LIST(cmd, notes);
	FREE_LIST(cmd, refused);
	FREE_LIST(cmd, refused_lld14);
	free(cmd->sysroot);
	free(cmd->output);
	free(cmd->entry);
	free(cmd->emulation);
	if (cmd->tmpdir) {
		/* Only the directory compile_sources made, depth first. */
		nftw(cmd->tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(cmd->tmpdir);
	}
	memset(cmd, 0, sizeof *cmd);
}

static const char *const sem_names[] = { "bfd", "gold", "lld", "mold" };

const char *ls_link_sem_name(int sem)
{
	if (sem < 0 || sem > LS_SEM_MOLD)
		return "?";
	return sem_names[sem];
}

int ls_link_sem_parse(const char *s)
{
	for (int i = 0; s && i <= LS_SEM_MOLD; i++)
		if (!strcmp(s, sem_names[i]))
			return i;
	return -1;
}
