/*
 * linkscope/deps.h - the dynamic loader simulated, as `linkscope deps`:
 * which libraries a program loads, which are missing, and whether it
 * would start.
 *
 * The loader reads the program and its libraries from the file system
 * (under root when given), so this analysis takes a path, not a
 * linkscope_input.
 */
#ifndef LINKSCOPE_DEPS_H
#define LINKSCOPE_DEPS_H

#include "error.h"

#include <stddef.h>

LINKSCOPE_BEGIN_DECLS

typedef struct linkscope_deps linkscope_deps;

/* root: NULL for "/", else a directory holding another system's files
 * (`deps --root`).  A program that cannot be read (or with malformed
 * version or relocation tables) is a failure; missing libraries are a
 * result. */
LINKSCOPE_API linkscope_status linkscope_deps_run(const char *program,
		const char *root, linkscope_deps **out, linkscope_error **err);
LINKSCOPE_API void linkscope_deps_free(linkscope_deps *r);

/* The objects of the process in load order, the program first; a missing
 * library has a NULL path. */
LINKSCOPE_API size_t linkscope_deps_count(const linkscope_deps *r);
LINKSCOPE_API const char *linkscope_deps_name(const linkscope_deps *r,
					      size_t i);
LINKSCOPE_API const char *linkscope_deps_path(const linkscope_deps *r,
					      size_t i);
/* How it was found: "main", "rpath", "runpath", "cache", "default", ...,
 * "not found". */
LINKSCOPE_API const char *linkscope_deps_how(const linkscope_deps *r,
					     size_t i);
LINKSCOPE_API size_t linkscope_deps_missing_count(const linkscope_deps *r);
/* 1 when the program is statically linked (loads nothing). */
LINKSCOPE_API int linkscope_deps_static(const linkscope_deps *r);
/* 1 when the program would start; 0 with the loader's own message in
 * linkscope_deps_reason(). */
LINKSCOPE_API int linkscope_deps_ok(const linkscope_deps *r);
LINKSCOPE_API const char *linkscope_deps_reason(const linkscope_deps *r);

LINKSCOPE_END_DECLS

#endif
