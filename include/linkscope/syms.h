/*
 * linkscope/syms.h - symbol tables as `linkscope syms` (and GNU nm) list
 * them: the same symbols, order, letters, values and versions.
 *
 * The result is one flat list over every object of the input (an archive
 * has one per member); linkscope_syms_member() says which member a
 * symbol came from.  Objects that could not be read are listed as errors
 * (linkscope_syms_error_count()); the run still succeeds.
 */
#ifndef LINKSCOPE_SYMS_H
#define LINKSCOPE_SYMS_H

#include "input.h"

#include <stddef.h>
#include <stdint.h>

LINKSCOPE_BEGIN_DECLS

/* Flags, ORed: the nm options they stand for. */
enum {
	LINKSCOPE_SYMS_DYNAMIC = 1 << 0,	/* -D: .dynsym, with versions */
	LINKSCOPE_SYMS_DEBUG = 1 << 1,		/* -a: section and file symbols */
	LINKSCOPE_SYMS_EXTERN_ONLY = 1 << 2,	/* -g */
	LINKSCOPE_SYMS_UNDEFINED_ONLY = 1 << 3,	/* -u */
	LINKSCOPE_SYMS_DEFINED_ONLY = 1 << 4,	/* -U */
	LINKSCOPE_SYMS_NUMERIC_SORT = 1 << 5,	/* -n */
	LINKSCOPE_SYMS_NO_SORT = 1 << 6,	/* -p */
	LINKSCOPE_SYMS_REVERSE = 1 << 7,	/* -r */
	LINKSCOPE_SYMS_SPECIAL = 1 << 8,	/* --special-syms */
};

typedef struct linkscope_syms linkscope_syms;

/* Lists the symbols of every object in the input. */
LINKSCOPE_API linkscope_status linkscope_syms_run(linkscope_input *in,
		unsigned flags, linkscope_syms **out, linkscope_error **err);
LINKSCOPE_API void linkscope_syms_free(linkscope_syms *r);

LINKSCOPE_API size_t linkscope_syms_count(const linkscope_syms *r);
LINKSCOPE_API const char *linkscope_syms_name(const linkscope_syms *r,
					      size_t i);
/* nm's letter: 'T', 'U', 'w', ... */
LINKSCOPE_API char linkscope_syms_letter(const linkscope_syms *r, size_t i);
LINKSCOPE_API uint64_t linkscope_syms_value(const linkscope_syms *r,
					    size_t i);
LINKSCOPE_API uint64_t linkscope_syms_size(const linkscope_syms *r, size_t i);
/* The version of a dynamic symbol ("GLIBC_2.34"), or NULL; *is_default
 * (when not NULL) is 1 for nm's "@@" (the default version), 0 for "@". */
LINKSCOPE_API const char *linkscope_syms_version(const linkscope_syms *r,
		size_t i, int *is_default);
/* The archive member the symbol is in, or NULL for a plain object. */
LINKSCOPE_API const char *linkscope_syms_member(const linkscope_syms *r,
						size_t i);

/* Objects that could not be read (the error is owned by the result). */
LINKSCOPE_API size_t linkscope_syms_error_count(const linkscope_syms *r);
LINKSCOPE_API const linkscope_error *linkscope_syms_error(
		const linkscope_syms *r, size_t i);

LINKSCOPE_END_DECLS

#endif
