/*
 * linkscope/check.h - what `linkscope check` reports about each object of
 * an input: its kind, how it is hardened, what it needs at load time, the
 * oldest C library it runs on, and the verdict of a --require list.
 *
 * The result has one entry per object (an archive has one per member);
 * indexes below are entries.  Objects that could not be read are listed
 * as errors; the run still succeeds.
 */
#ifndef LINKSCOPE_CHECK_H
#define LINKSCOPE_CHECK_H

#include "input.h"

#include <stddef.h>

LINKSCOPE_BEGIN_DECLS

typedef struct linkscope_check linkscope_check;

/* require: NULL, or `check --require`'s comma-separated list
 * ("pie,relro=full,glibc<=2.31"); an unknown requirement is
 * LINKSCOPE_ERR_USAGE. */
LINKSCOPE_API linkscope_status linkscope_check_run(linkscope_input *in,
		const char *require, linkscope_check **out,
		linkscope_error **err);
LINKSCOPE_API void linkscope_check_free(linkscope_check *r);

LINKSCOPE_API size_t linkscope_check_count(const linkscope_check *r);
/* The archive member, or NULL for a plain object. */
LINKSCOPE_API const char *linkscope_check_member(const linkscope_check *r,
						 size_t i);

/* Facts, as the JSON document (docs/json-check.md) names them: "kind" is
 * "pie", "exec", "shared", ...; "machine" is "x86-64", ...; "relro" is
 * "none", "partial" or "full"; "libc" is "glibc", "musl", ...;
 * "glibc_floor" is the newest GLIBC version needed ("2.34"); "interp",
 * "soname", "rpath", "runpath" are the dynamic section's strings.
 * NULL when the object has no such fact. */
LINKSCOPE_API const char *linkscope_check_fact(const linkscope_check *r,
		size_t i, const char *fact);
/* Yes/no facts: "static", "pie", "nx", "canary", "bindnow", "textrel",
 * "stripped", "ibt", "shstk", "go".  1 yes, 0 no, -1 unknown name. */
LINKSCOPE_API int linkscope_check_flag(const linkscope_check *r, size_t i,
				       const char *flag);
/* DT_NEEDED, in order. */
LINKSCOPE_API size_t linkscope_check_needed_count(const linkscope_check *r,
						  size_t i);
LINKSCOPE_API const char *linkscope_check_needed(const linkscope_check *r,
						 size_t i, size_t k);

/* The requirements the object does not meet (none: it passes). */
LINKSCOPE_API size_t linkscope_check_failure_count(const linkscope_check *r,
						   size_t i);
LINKSCOPE_API const char *linkscope_check_failure_requirement(
		const linkscope_check *r, size_t i, size_t k);
LINKSCOPE_API const char *linkscope_check_failure_reason(
		const linkscope_check *r, size_t i, size_t k);
/* The next step for failure k (docs/check.md, "Next steps"): what the
 * user meets because of it ("exec /app: no such file or directory",
 * "version `GLIBC_2.34' not found ..."), and the fix for a C build
 * (lang "c") or a Go build (lang "go").  NULL when none applies to the
 * object: a Go program without cgo has no C fix, a C file no Go fix. */
LINKSCOPE_API const char *linkscope_check_failure_symptom(
		const linkscope_check *r, size_t i, size_t k);
LINKSCOPE_API const char *linkscope_check_failure_fix(
		const linkscope_check *r, size_t i, size_t k, const char *lang);
/* 1 when every object passed every requirement (and none was unreadable). */
LINKSCOPE_API int linkscope_check_ok(const linkscope_check *r);

LINKSCOPE_API size_t linkscope_check_error_count(const linkscope_check *r);
LINKSCOPE_API const linkscope_error *linkscope_check_error(
		const linkscope_check *r, size_t i);

LINKSCOPE_END_DECLS

#endif
