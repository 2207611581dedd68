/*
 * linkcmd.h - the link a user asked for, as the linker would see it.
 *
 * `linkscope link -- CMD...` accepts a compiler driver (gcc, g++, clang,
 * cc, c++, aarch64-linux-gnu-gcc ...) or a linker (ld, ld.bfd, ld.gold,
 * ld.lld, mold, collect2).  A driver is turned into its linker command line
 * by running it with -### (drivers may be run; the linker never is).  When
 * the driver is not installed (a cross gcc hidden from PATH), a documented
 * model of Debian's gcc supplies the start files, default libraries and
 * search directories (docs/link.md, "Driver model").
 *
 * LINKSCOPE_NO_DRIVER=1 in the environment forces that model even when the
 * driver is installed, so that a test can compare the model's line with
 * what the real driver prints for -###.
 *
 * The result is a flat, ordered list of inputs with the positional state
 * (-Bstatic, --whole-archive, --as-needed) captured per input, plus the
 * options that change symbol resolution.  Every string is owned by the
 * ls_link_cmd and freed by ls_linkcmd_free().
 */
#ifndef LS_LINKCMD_H
#define LS_LINKCMD_H

#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ls_link_sem { LS_SEM_BFD, LS_SEM_GOLD, LS_SEM_LLD, LS_SEM_MOLD };

enum ls_arg_kind {
	LS_ARG_FILE,		/* a path: object, archive, DSO or script */
	LS_ARG_LIB,		/* -lNAME: name is "NAME"; -l:FILE: name is ":FILE" */
	LS_ARG_GROUP_START,	/* --start-group / -( */
	LS_ARG_GROUP_END,	/* --end-group / -) */
	LS_ARG_SCRIPT,		/* -T FILE: a linker script, read for its
				 * inputs and its symbol statements */
};

typedef struct ls_link_arg {
	int kind;
	const char *name;
	bool whole_archive;	/* --whole-archive in effect */
	bool as_needed;		/* --as-needed in effect */
	bool bstatic;		/* -Bstatic (or -static) in effect: no .so for -l */
	bool lazy;		/* between --start-lib and --end-lib: an object
				 * is loaded only for a reference, as an archive
				 * member (gold, lld, mold) */
} ls_link_arg;

typedef struct ls_link_cmd {
	int sem;		/* enum ls_link_sem */
	bool sem_explicit;	/* from --semantics or -fuse-ld= */
	char *linker;		/* the linker program the line names */
	char *how;		/* how the line was obtained, for the report:
				 * "gcc -###", "model of aarch64-linux-gnu-gcc
				 * (not installed)", "linker command line" */

	ls_link_arg *args;
	size_t nargs;

	char **libdirs;		/* -L, in order, sysroot "=" applied */
	size_t nlibdirs;
	char **default_dirs;	/* the linker's built-in SEARCH_DIRs (bfd and
				 * gold; none for lld and mold), sysroot applied */
	size_t ndefault_dirs;
	char **rpath_link, **rpath;	/* -rpath-link, -rpath (for DSO deps) */
	size_t nrpath_link, nrpath;
	char **undefined;	/* -u SYM / --undefined=SYM */
	size_t nundefined;
	char **defsym;		/* --defsym NAME=EXPR: the NAMEs */
	size_t ndefsym;
	char **defsym_arg;	/* and each whole NAME=EXPR, in the same order */
	size_t ndefsym_arg;
	char **wrap;		/* --wrap SYM, each SYM once */
	size_t nwrap;
	char **require;		/* --require-defined SYM (also in undefined) */
	size_t nrequire;
	char **undefined_glob;	/* --undefined-glob PATTERN (lld) */
	size_t nundefined_glob;
	char *sysroot;		/* --sysroot, NULL when none */
	char *output;		/* -o, "a.out" by default */
	char *entry;		/* -e, NULL for the default */
	char *emulation;	/* -m NAME, NULL when absent */

	/* Target from -m (or a cross driver/linker's name): 0 = unknown,
	 * decided by the first ELF input as lld and mold do. */
	uint16_t machine;
	uint8_t elfclass;	/* 1 = ELFCLASS32, 2 = ELFCLASS64, 0 unknown */
	uint8_t order;		/* LS_LE / LS_BE, 0 unknown */

	bool shared;		/* -shared / -Bshareable */
	bool pie;		/* -pie */
	bool relocatable;	/* -r / -i / --relocatable */
	bool static_link;	/* -static / -Bstatic before any input and never
				 * -Bdynamic: no DSO may be an input */
	bool no_undefined;	/* -z defs / --no-undefined */
	bool allow_muldefs;	/* --allow-multiple-definition / -z muldefs */
	int allow_shlib_undefined;	/* -1 linker default, 0 no, 1 yes */
	bool gcc_lto_plugin;	/* -plugin .../liblto_plugin.so (GCC's): bfd,
				 * gold and mold read slim LTO objects' own
				 * symbol tables through it */
	bool noinhibit_exec;	/* --noinhibit-exec: undefined symbols (and
				 * duplicates, but for lld) do not fail */
	bool warn_common;	/* --warn-common: a common symbol meeting another
				 * or a definition is a warning */
	int fortran_common;	/* lld --[no-]fortran-common: -1 the release's
				 * default (on before lld 15, off since) */
	bool warn_backrefs;	/* --warn-backrefs */
	bool gc_sections;	/* --gc-sections */
	bool export_dynamic;	/* -E / --export-dynamic: every definition is
				 * exported (a --gc-sections root) */
	int start_stop_gc;	/* -z [no]start-stop-gc: 1, 0, -1 default */
	bool copy_dt_needed;	/* --copy-dt-needed-entries */
	bool version_script;	/* --version-script given */
	char **version_scripts;	/* their paths, in order */
	size_t nversion_scripts;

	char *linker_version;	/* first line of `LINKER --version`, or NULL
				 * when the linker is not installed; set by
				 * ls_linkcmd_version */
	void *version_job;	/* that --version, running meanwhile */
	bool fatal_warnings;	/* --fatal-warnings: a warning fails the link */
	/* --unresolved-symbols=: unresolved references from regular objects
	 * (unres_obj) or from input DSOs (unres_dso) are not reported. */
	bool unres_obj, unres_dso;
	bool z_undefs;		/* -z undefs (bfd and lld: executables too) */
	bool warn_unresolved;	/* --warn-unresolved-symbols, last wins over
				 * --error-unresolved-symbols */
	char **ignore_unresolved;	/* --ignore-unresolved-symbol SYM */
	size_t nignore_unresolved;
	char **refused;		/* options the linker in use does not know, in
				 * its own words: it stops before any input */
	size_t nrefused;
	/* One-dash spellings of two-dash-only options, refused by the lld the
	 * table was probed on (14: -no-relax ...); lld 13 takes them. */
	char **refused_lld14;
	size_t nrefused_lld14;

	char **notes;		/* what was seen and not simulated, one line each */
	size_t nnotes;

	/* Added: a private directory holding the objects of sources on a
	 * driver's command line (compiled before -###), or NULL.
	 * ls_linkcmd_free removes it. */
	char *tmpdir;

	/* The capacities of the lists above (core/array.h), kept by the
	 * library as it builds them. */
	struct {
		size_t args, libdirs, default_dirs, rpath_link, rpath,
		       undefined, defsym, defsym_arg, wrap, require,
		       undefined_glob, version_scripts, ignore_unresolved,
		       refused, refused_lld14, notes;
	} cap;
} ls_link_cmd;

/*
 * Builds cmd from the command line after `--`.  argv[0] decides: a linker
 * name (ld, ld.bfd, ld.gold, ld.lld, lld, mold, collect2, *-ld, *-ld.bfd)
 * is parsed as a linker line; anything else is treated as a compiler
 * driver.  sem_override is -1, or an enum ls_link_sem from --semantics,
 * which beats -fuse-ld= and the linker's name.
 * Returns 0, or -1 with d filled (unknown option taking a value that is
 * missing, unreadable @file, driver that fails -###, ...).
 */
int ls_linkcmd_build(int argc, char **argv, int sem_override,
		     ls_link_cmd *cmd, ls_diag *d);

/* Parses a linker command line (argv[0] is the linker) into cmd. */
int ls_linkcmd_parse_ld(int argc, char **argv, ls_link_cmd *cmd,
			ls_diag *d);

void ls_linkcmd_free(ls_link_cmd *cmd);

/* ls_linkcmd_build starts `LINKER --version` on a thread of its own, so
 * that it runs while the inputs are read: this waits for it and records
 * linker_version (and a note when no modelled release is that one).
 * Call it before writing a report; calling it twice is harmless. */
void ls_linkcmd_version(ls_link_cmd *cmd);

/* The linker's release as major * 100 + minor (lld 16.0.6 -> 1600, mold
 * 1.10.1 -> 110, GNU ld 2.40 -> 240), read from its --version (waiting
 * for it if it still runs).  When that is unknown (the linker is not
 * installed, or says something else), the release Debian 12 ships.  The
 * rules that changed between releases ask it. */
int ls_linkcmd_release(const ls_link_cmd *cmd);

/* The release number of a --version line of linker sem; 0 if it has none. */
int ls_linker_release_parse(int sem, const char *line);

/* "bfd", "gold", "lld", "mold"; and back (-1 when unknown). */
const char *ls_link_sem_name(int sem);
int ls_link_sem_parse(const char *s);

#endif
