/*
 * loader.h - the dynamic loader simulated: which files a process would
 * load, from where and why, without running or mapping-for-execution
 * anything.
 *
 * A process is built in three steps, as the real loader does it: the
 * program, then the preloads, then DT_NEEDED breadth first, each name
 * searched by glibc's rules (or musl's) inside an optional root.  The
 * result, ls_process, is what the later analyses read: version checks
 * (verneed_check.h), symbol binding and interposition (bind.h), and the
 * writers.
 *
 * Files are shared between processes through an ls_dsocache: a library
 * that a thousand programs load is opened, mapped and decoded once.  A
 * dso is immutable once loaded, so processes on different threads read
 * it without locks.
 */
#ifndef LS_LOADER_H
#define LS_LOADER_H

#include "../core/diag.h"
#include "../core/mapfile.h"
#include "../model/object.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum ls_loader_kind { LS_LOADER_GLIBC, LS_LOADER_MUSL } ls_loader_kind;

/* Why an object is in the process (the tree's [reason]). */
typedef enum ls_how {
	LS_HOW_MAIN,		/* the program itself */
	LS_HOW_PRELOAD,		/* LD_PRELOAD / --preload */
	LS_HOW_PATH,		/* a name with '/', opened as given */
	LS_HOW_RPATH,		/* DT_RPATH of `via` */
	LS_HOW_LDLP,		/* LD_LIBRARY_PATH */
	LS_HOW_RUNPATH,		/* DT_RUNPATH of `via` */
	LS_HOW_CACHE,		/* ld.so.cache */
	LS_HOW_CONF,		/* ld.so.conf directories (no cache in the root) */
	LS_HOW_DEFAULT,		/* the loader's default directories */
	LS_HOW_MUSL_PATH,	/* /etc/ld-musl-ARCH.path */
	LS_HOW_LOADER,		/* the dynamic loader itself (musl: libc too) */
	LS_HOW_DLOPEN,		/* --dlopen */
	LS_HOW_NOT_FOUND,
} ls_how;

/* One file as read from disk: shared by every process that loads it. */
typedef struct ls_dso {
	char *host_path;	/* where linkscope read it (root prefix included) */
	int err;		/* 0, or errno of open/map (ENOENT: absent) */
	bool malformed;		/* not an ELF file the loader accepts at all */
	ls_diag diag;		/* why, when malformed */
	ls_mapfile map;
	ls_object obj;		/* valid when !err && !malformed */
	dev_t dev;
	ino_t ino;
	mode_t mode;
	uid_t uid;

	/* Interpreter and dynamic facts, decoded once by the reader (the
	 * dynamic section only behind a PT_DYNAMIC, as ld.so finds it). */
	ls_loadinfo load;
} ls_dso;

typedef struct ls_dsocache ls_dsocache;

ls_dsocache *ls_dsocache_new(void);
void ls_dsocache_free(ls_dsocache *c);
/* The file at host_path, opened once and remembered (absent files too).
 * Thread-safe; the result lives as long as the cache. */
const ls_dso *ls_dsocache_get(ls_dsocache *c, const char *host_path);

/* What the simulated process runs on: derived from the program (or
 * --loader) and the root. */
typedef struct ls_target {
	ls_loader_kind loader;
	uint16_t machine;
	uint8_t elfclass, order;
	uint8_t osabi;
	uint32_t eflags;	/* the program's e_flags (ARM float ABI) */
	const char *interp;	/* the loader's path inside the root */
	const char *triplet;	/* multiarch "x86_64-linux-gnu", or NULL */
	const char *platform;	/* $PLATFORM */
	const char *lib;	/* $LIB */
	const char *musl_arch;	/* "x86_64" in ld-musl-x86_64.path */
	int32_t cache_flags;	/* ld.so.cache entry flags the loader accepts;
				 * -1: 1 or 3 (generic) */
	char **default_dirs;	/* NULL-terminated */
	char **hwcaps;		/* glibc-hwcaps subdirectories, best first */
	char **legacy;		/* glibc < 2.37 legacy subdirs (tls, x86_64 ...) */
	uint64_t legacy_hwcap;	/* glibc < 2.37: legacy ld.so.cache hwcap bits
				 * accepted (tls, aarch64 atomics); 0: none */
	uint32_t isa_mask;	/* x86: bit n set when ISA level n is usable */
	int glibc_minor;	/* 2.<minor> of the root's loader, 0 unknown */
} ls_target;

/* Everything the user can set. */
typedef struct ls_ldconfig {
	const char *root;	/* NULL or "" for "/" */
	int loader;		/* -1: from the interpreter, else ls_loader_kind */
	const char *ld_library_path;	/* NULL: unset */
	const char *ld_preload;	/* NULL: unset */
	const char **preload;	/* --preload, in order */
	uint32_t npreload;
	bool bind_now;		/* LD_BIND_NOW non-empty */
	bool secure;		/* AT_SECURE (set-ID program, or --env LD_SECURE) */
	bool inhibit_cache;
	const char *hwcaps;	/* --hwcaps list (":"-separated), NULL: the CPU's;
				 * on aarch64 "atomics" is the legacy hwcap
				 * (LSE atomics), assumed when NULL */
	const char *cwd;	/* the process's cwd, for relative names; NULL: ours */
	const char *dlopen;	/* --dlopen plugin */
	bool dlopen_global;	/* RTLD_GLOBAL */
	/* $ORIGIN of the program from the name given, as `ld.so PROG` (and
	 * so ldd) computes it, instead of the kernel's /proc/self/exe with
	 * symlinks resolved, as a real exec does. */
	bool origin_as_given;
} ls_ldconfig;

/* One loaded (or missing) object of a process. */
typedef struct ls_ldobj {
	const char *name;	/* as requested */
	char *path;		/* as the process sees it; NULL when not found */
	const ls_dso *dso;	/* NULL when not found */
	ls_how how;
	int32_t via;		/* rpath/runpath owner, or -1 */
	int32_t parent;		/* first object that needed it, or -1 */
	uint32_t depth;		/* 0 for the program and preloads */
	bool rtld;		/* the dynamic loader */
	bool dlopened;		/* loaded by --dlopen (plugin or its deps) */
	int32_t *deps;		/* per DT_NEEDED: object index, -1 missing */
	uint32_t tried_first, ntried;	/* in ls_process.tried */
	char why[128];		/* for a missing object: the loader's error */
} ls_ldobj;

/* A path the search tried for a missing object. */
typedef struct ls_tried {
	char *path;		/* inside the root */
	ls_how how;
	int32_t via;
	const char *skipped;	/* "wrong ELF class", ... or NULL: absent */
	bool sub;		/* a glibc-hwcaps or legacy subdirectory */
} ls_tried;

/* A directory the process reads libraries from that someone else could
 * write to, or that resolves against the cwd. */
typedef enum ls_ldrisk_kind {
	LS_LDRISK_RELATIVE, LS_LDRISK_EMPTY, LS_LDRISK_OUTSIDE_ROOT,
	LS_LDRISK_WORLD_WRITABLE, LS_LDRISK_NOT_ROOT_OWNED,
	LS_LDRISK_LDLP_ONLY,	/* found only because of LD_LIBRARY_PATH */
} ls_ldrisk_kind;

typedef struct ls_ldrisk {
	ls_ldrisk_kind kind;
	char *dir;		/* the element (expanded) */
	int32_t obj;		/* owner of the RPATH/RUNPATH (or the lib) */
	ls_how how;		/* RPATH, RUNPATH or LDLP */
} ls_ldrisk;

typedef struct ls_process {
	const ls_ldconfig *cfg;
	ls_target target;
	const char *program;	/* as the process knows it: the path inside
				 * the root for a program under --root, else
				 * as named on the command line */

	ls_ldobj *objs;		/* objs[0] is the program */
	uint32_t nobjs;
	size_t capobjs;

	/* The global scope in search order (program, preloads, breadth-first
	 * dependencies, the loader where it was needed or last), then the
	 * --dlopen group's own local scope. */
	uint32_t *global;
	uint32_t nglobal;
	uint32_t *local;
	uint32_t nlocal;
	size_t capglobal, caplocal;
	int32_t plugin;		/* the --dlopen object, or -1 */

	ls_tried *tried;
	uint32_t ntried;
	size_t captried;
	ls_ldrisk *risks;
	uint32_t nrisks;
	size_t caprisks;

	bool is_static;		/* no PT_DYNAMIC: nothing to load */
	bool prog_outside_root;	/* --root given, the program lies elsewhere */
	bool fatal;		/* the real loader would stop (message in error) */
	char error[256];	/* the loader's own words */
	/* An error that stops even a tracing loader (ldd): a file in the
	 * search that is not a usable ELF file (open_verify); a missing
	 * library only stops a real start. */
	bool trace_stops;
	char trace_error[256];
	bool cache_missing, cache_stale;
	char note[160];		/* e.g. why the cache was not used */
	void *pstate;		/* loader.c's private bookkeeping */
} ls_process;

/*
 * Simulates loading program (a path on this machine, not inside the
 * root).  0 with p filled (missing libraries are not an error: they are
 * reported); -1 with d filled when the program itself cannot be read.
 */
int ls_process_load(ls_process *p, const ls_ldconfig *cfg, ls_dsocache *c,
		    const char *program, ls_diag *d);
void ls_process_free(ls_process *p);

/* True when something needs the loader by name, so that glibc's trace
 * lists it (it is in every process's scope either way). */
bool ls_process_lists_rtld(const ls_process *p);

/* A dynamic file with nothing in DT_NEEDED and no preloads: glibc's
 * trace says "statically linked" (static-pie programs, -nostdlib
 * libraries). */
bool ls_process_loads_nothing(const ls_process *p);

/* Where linkscope reads the file the process calls path: inside the root,
 * with symlinks resolved inside it too (an absolute link must not escape
 * to the host).  Relative paths are taken from cfg->cwd.  Returns false
 * when the result does not fit. */
bool ls_host_path(const ls_ldconfig *cfg, const char *path, char *out,
		  size_t outsz);

/*
 * A command-line operand (a path on this machine): when it lies inside
 * cfg->root (canonical), inroot gets the path the process knows it by
 * ("/usr/bin/awk") and host the file to read, resolved inside the root
 * (links never leave it); returns 1.  Otherwise both get the operand and
 * the result is 0; -1 when a path does not fit.
 */
int ls_operand_path(const ls_ldconfig *cfg, const char *operand, char *inroot,
		    size_t insz, char *host, size_t hostsz);

const char *ls_how_name(ls_how h);	/* "rpath", "cache", ... */
const char *ls_ldrisk_name(ls_ldrisk_kind k);

#endif
