/*
 * golist.h - `go list -deps -json` run and read into a small package model.
 *
 * This is the one file that runs the Go toolchain and the one that parses
 * JSON (with jansson).  The Go command is run by core/spawn.h's ls_spawn
 * (posix_spawn, never a shell), in the directory named, with the caller's
 * environment plus GOTOOLCHAIN=local and, when asked, CGO_ENABLED
 * overridden; its output is read whole, up to LS_GOLIST_MAX bytes.
 */
#ifndef LS_GOLIST_H
#define LS_GOLIST_H

#include "../core/diag.h"
#include "../core/spawn.h"
#include "../core/strvec.h"

#include <stdbool.h>
#include <stddef.h>

#define LS_GOLIST_MAX ((size_t)256 << 20)	/* 256 MiB of go list output */

/* The package model's string lists are core/strvec.h lists; the name is
 * kept for the writers that print them. */
typedef ls_strvec ls_strv;

typedef struct ls_gopkg {
	char *import_path;
	char *name;		/* package clause, "" when unknown */
	char *dir;		/* "" when unknown */
	char *module;		/* "path@version", "path" (main module), or NULL */
	char *replace;		/* the replacement "path[@version]", or NULL */
	bool standard, dep_only, incomplete;
	char *error;		/* the package's own Error.Err, or NULL */
	ls_strv deps_errors;	/* DepsErrors[].Err */
	ls_strv go_files, cgo_files, ignored_go_files;
	ls_strv cgo_cflags, cgo_ldflags, cgo_pkg_config;
	ls_strv imports;
} ls_gopkg;

typedef struct ls_golist {
	ls_gopkg *pkgs;		/* in go list's order (dependencies first) */
	size_t n, cap;
} ls_golist;

/* Parses a stream of concatenated JSON objects, as `go list -json`
 * prints them.  Returns 0, or -1 with d filled (offset: into buf; out of
 * memory: no offset) and out empty. */
int ls_golist_parse(const char *buf, size_t len, ls_golist *out, ls_diag *d);
void ls_golist_free(ls_golist *l);
/* The package with this import path, or NULL. */
const ls_gopkg *ls_golist_find(const ls_golist *l, const char *import_path);

/* What a run of the go command produced: ls_spawn's result (err is go's
 * stderr, kept apart from out). */
typedef ls_spawn_result ls_gorun;

/* Runs GO ARGS... in DIR (NULL: the current directory), with the
 * environment plus GOTOOLCHAIN=local and, when cgo_enabled is not NULL,
 * CGO_ENABLED=cgo_enabled.  Returns 0 when the command ran (whatever its
 * status), -1 with d filled when it could not be started or its output
 * exceeded LS_GOLIST_MAX. */
int ls_go_run(const char *go, const char *dir, const char *const *args,
	      const char *cgo_enabled, ls_gorun *r, ls_diag *d);
static inline void ls_gorun_free(ls_gorun *r)
{
	ls_spawn_result_free(r);
}

/* Flags of ls_golist_run. */
enum {
	LS_GOLIST_E = 1,	/* -e: a failing package is listed with its Error */
	/* -export: every package is compiled (into GOCACHE), so a type error
	 * becomes the package's Error; go list alone never type-checks. */
	LS_GOLIST_EXPORT = 2,
};

/* `go list -deps -json [-e] [-export] PATTERN` in DIR, parsed.  Returns 0;
 * -1 with d filled when go could not run, failed (r->err holds its
 * stderr) or its output was not JSON.  r is filled in every case; free
 * it. */
int ls_golist_run(const char *go, const char *dir, const char *pattern,
		  const char *cgo_enabled, unsigned flags,
		  ls_golist *out, ls_gorun *r, ls_diag *d);

/* `go env VAR` in DIR; a malloc'd value with the newline removed, or NULL
 * with d filled. */
char *ls_go_env(const char *go, const char *dir, const char *var, ls_diag *d);

#endif
