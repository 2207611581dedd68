/*
 * linkcmd_impl.h - what the pieces of linkcmd share; not for the rest of
 * the library (that is linkcmd.h).
 *
 * How the link command line is obtained, file by file, in the order a
 * command goes through them:
 *   linkcmd.c         the interface: a linker line or a driver, linker
 *                     names, collect2, the small helpers below;
 *   linkcmd_rsp.c     @FILE response files (libiberty's expandargv);
 *   linkcmd_ld.c      ld's command line read as each linker reads it;
 *   linkcmd_ldopts.c  the table of ld's options it reads it with;
 *   linkcmd_driver.c  a compiler driver's own command line;
 *   linkcmd_run.c     an installed driver run with -###;
 *   linkcmd_model.c   the model of Debian's gcc for a driver that is not;
 *   linkcmd_release.c the linker's --version and the modelled releases.
 * Targets (triples, emulations) come from model/target.h.
 */
#ifndef LS_LINKCMD_IMPL_H
#define LS_LINKCMD_IMPL_H

#include "linkcmd.h"

#include "../core/spawn.h"
#include "../core/strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MAX_ARGS LS_STRVEC_MAX	/* arguments after @FILE expansion */

/* --- helpers (linkcmd.c) --- */

/* "out of memory (or more than MAX_ARGS arguments)": an ls_strvec fails
 * for both.  Returns -1. */
int lc_oom(ls_diag *d);
/* Replaces *dst with a copy of s; -1 out of memory. */
int lc_set_str(char **dst, const char *s);
/* A line for the report; best effort (a note lost to ENOMEM changes no
 * verdict), without repeats, at most MAX_NOTES. */
void lc_note(ls_link_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The lists of ls_link_cmd are (f, nf) pairs, their capacities in cap.f:
 * each is an ls_strvec spread over three fields.  0, or -1 out of memory
 * (or past LS_STRVEC_MAX). */
int lc_list_addn(char ***v, size_t *n, size_t *cap, const char *s, size_t len);
#define LC_ADDN(c, f, s, len) \
	lc_list_addn(&(c)->f, &(c)->n##f, &(c)->cap.f, (s), (len))
#define LC_ADD(c, f, s) LC_ADDN(c, f, s, strlen(s))

const char *lc_base_name(const char *p);
bool lc_ends_with(const char *s, const char *suffix);
bool lc_is_dir(const char *p);
/* Looks a program up as execvp would.  out gets its path. */
bool lc_find_program(const char *name, char *out, size_t size);

/* The semantics a linker's file name implies, without following links
 * (lc_linker_name follows "ld" and "TRIPLE-ld"); false when the name is
 * not a linker's. */
bool lc_linker_name_plain(const char *path, int *sem);
bool lc_linker_name(const char *path, int *sem);
/* The target triple of a GNU linker binary, else the host's. */
void lc_linker_triple(const char *path, char *out, size_t size);
int lc_sem_from_fuse_ld(const char *v, ls_link_cmd *cmd);

/* collect2's own options taken out of in: out is ld's line, with ld as
 * argv[0]; *fuse_ld gets -fuse-ld='s value. */
int lc_collect2_args(const ls_strvec *in, const char *ld, ls_strvec *out,
		     char **fuse_ld, ls_diag *d);
/* The ld collect2 runs for linker sem and a gcc targeting triple. */
void lc_collect2_linker(int sem, const char *triple, char *out, size_t size);

/* --- response files (linkcmd_rsp.c) --- */

/* out = argv[0..from) as they are, then argv[from..argc) with @FILE
 * expanded. */
int lc_expand_args(int argc, char *const *argv, int from, ls_strvec *out,
		   ls_diag *d);

/* --- ld's command line (linkcmd_ld.c, linkcmd_ldopts.c) --- */

enum { A_NONE, A_REQ, A_OPT };	/* no value, "--o v"/"--o=v", only "--o=v" */

enum {
	X_IGNORE,		/* no bearing on symbol resolution */
	X_NOTE,			/* has one, not simulated: say so */
	X_LIB, X_LIBDIR, X_GSTART, X_GEND, X_WHOLE, X_NO_WHOLE, X_AS_NEEDED,
	X_NO_AS_NEEDED, X_PUSH, X_POP, X_BSTATIC, X_STATIC, X_BDYNAMIC,
	X_COPY_DT, X_NO_COPY_DT, X_SHARED, X_PIE, X_NO_PIE, X_RELOC,
	X_NO_UNDEF, X_MULDEFS, X_SHLIB_UNDEF, X_NO_SHLIB_UNDEF,
	X_FORTRAN_COMMON, X_NO_FORTRAN_COMMON, X_WARN_COMMON, X_NO_WARN_COMMON,
	X_NOINHIBIT,
	X_WARN_BACKREFS, X_GC, X_NO_GC, X_SYSROOT, X_UNDEF, X_REQUIRE,
	X_DEFSYM, X_ENTRY, X_RPATH, X_RPATH_LINK, X_JUST_SYMBOLS, X_OUTPUT,
	X_SCRIPT, X_EMUL, X_Z, X_NOSTDLIB, X_PLUGIN, X_EL, X_EB, X_FORMAT,
	X_UNRESOLVED, X_VERSCRIPT, X_FATAL_WARN, X_NO_FATAL_WARN, X_WRAP,
	X_WARN_UNRES, X_ERROR_UNRES, X_IGNORE_UNRES, X_UNDEF_GLOB, X_EXPORT_DYN,
	X_NO_EXPORT_DYN, X_START_LIB, X_END_LIB,
};

typedef struct ldopt {
	const char *name;
	uint8_t arg, act;
} ldopt;

/* The option named body[0..len) (without its dashes), or NULL. */
const ldopt *lc_find_long(const char *name, size_t len);
const ldopt *lc_find_short(char c);
/* A -z keyword linkscope knows (defs, undefs, muldefs, or one that does
 * not change resolution). */
bool lc_z_is_known(const char *kw);

/* How the line is to be read. */
typedef struct ldctx {
	int sem;		/* enum ls_link_sem */
	bool sem_explicit;
	const char *triple;	/* the GNU linker's target; NULL: from its name */
	const char *how;
	const char *linker;	/* reported as cmd->linker; NULL: argv[0] */
} ldctx;

/* cmd must be zeroed (notes already in it are kept).  argv[0] is the
 * linker; the rest is expanded for @FILE here. */
int lc_parse_ld(const ls_strvec *argv, const ldctx *x, ls_link_cmd *cmd,
		ls_diag *d);

/* --- compiler drivers (linkcmd_driver.c, _run.c, _model.c) --- */

typedef struct drvname {
	char triple[128];	/* "" for the host's driver */
	char version[32];	/* "12" of gcc-12, or "" */
	bool known;		/* a gcc or clang name */
	bool cxx, clang;
} drvname;

enum {
	R_INPUT,		/* a linker input */
	R_SOURCE,		/* to be compiled */
	R_LINK,			/* only for the link (left out of compiles) */
	R_BOTH,			/* compile and link */
	R_LANG,			/* -x: given per source instead */
};

typedef struct dflags {
	bool is_static, shared, static_pie, reloc, nostdlib, nostartfiles;
	bool nodefaultlibs, nolibc, static_libgcc, shared_libgcc;
	bool static_libstdcxx, pthread, rdynamic, profile, coverage, openmp;
	bool asan, tsan, lsan, ubsan, m32, mx32;
	int pie;		/* -1 the default, 0 -no-pie, 1 -pie */
} dflags;

typedef struct dscan {
	ls_strvec args;		/* the user's arguments, @FILE expanded */
	uint8_t *role;		/* per argument */
	const char **lang;	/* per source: the -x in effect, or NULL */
	size_t nsrc;
	const char *fuse_ld, *sysroot;	/* into args */
	/* the link as gcc's spec sees it, for the model */
	dflags f;
	ls_strvec items;	/* files, -l, -Wl and -Xlinker pieces in order */
	ls_strvec pre;		/* -o, -e, -u, -z, -s: before the start files */
	ls_strvec udirs;	/* -L */
	ls_strvec post;		/* -T */
	ls_strvec unmodelled;	/* options the model does not know */
} dscan;

/* argv[0] is a compiler driver: run it with -###, or model it. */
int lc_build_driver(int argc, char **argv, int override, ls_link_cmd *cmd,
		    ls_diag *d);
int lc_run_driver(int argc, char **argv, dscan *s, const drvname *dn,
		  int override, ls_link_cmd *cmd, ls_diag *d);
int lc_model_driver(const char *drv, dscan *s, const drvname *dn, bool forced,
		    int override, ls_link_cmd *cmd, ls_diag *d);
/* Runs args (a toolchain program) with LC_ALL=C, stdout and stderr
 * together as a terminal shows them, at most MAX_DRIVER_OUT of it.
 * envp: the whole environment (lc_run_env's snapshot, for a run on
 * another thread), or NULL for ours. */
int lc_run(const ls_strvec *args, const char *const *envp,
	   ls_spawn_result *r, ls_diag *d);
/* The environment lc_run gives a program, copied in the calling thread. */
int lc_run_env(ls_strvec *out);

/* --- releases (linkcmd_release.c) --- */

/* Starts `LINKER --version` on a thread of its own. */
int lc_read_linker_version(ls_link_cmd *cmd, ls_diag *d);

#endif
