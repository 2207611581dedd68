/*
 * linkscope/error.h - status codes and the error handle.
 *
 * Every fallible function returns a linkscope_status and, when its last
 * argument (linkscope_error **err) is not NULL and the call fails, stores
 * a new error there that the caller frees with linkscope_error_free().
 * An error says what went wrong and where: the file, the archive member
 * and the file offset of the offending bytes when there is one.
 *
 * Problems with one object inside an input (a malformed archive member)
 * are not failures of the whole call: results list them (see
 * linkscope_syms_error() and the like) and the call still succeeds.
 */
#ifndef LINKSCOPE_ERROR_H
#define LINKSCOPE_ERROR_H

#include "export.h"

#include <stdint.h>

LINKSCOPE_BEGIN_DECLS

typedef enum linkscope_status {
	LINKSCOPE_OK = 0,
	LINKSCOPE_ERR_NOMEM = 1,	/* out of memory */
	LINKSCOPE_ERR_IO = 2,		/* a file cannot be opened or read */
	LINKSCOPE_ERR_FORMAT = 3,	/* malformed or not a supported format */
	LINKSCOPE_ERR_USAGE = 4,	/* a bad argument (NULL, bad option) */
	LINKSCOPE_ERR_UNSUPPORTED = 5,	/* not possible for this input */
} linkscope_status;

typedef struct linkscope_error linkscope_error;

LINKSCOPE_API linkscope_status linkscope_error_code(const linkscope_error *e);
/* One sentence, without the file name. */
LINKSCOPE_API const char *linkscope_error_message(const linkscope_error *e);
/* The input's name (a path, or the name given to a memory input); NULL
 * when the error concerns no file. */
LINKSCOPE_API const char *linkscope_error_file(const linkscope_error *e);
/* The archive member, or NULL. */
LINKSCOPE_API const char *linkscope_error_member(const linkscope_error *e);
/* 1 with *offset set when the error is at a file offset, else 0. */
LINKSCOPE_API int linkscope_error_offset(const linkscope_error *e,
					 uint64_t *offset);
LINKSCOPE_API void linkscope_error_free(linkscope_error *e);

/* A fixed English name of a status ("out of memory", ...). */
LINKSCOPE_API const char *linkscope_status_name(linkscope_status s);

LINKSCOPE_END_DECLS

#endif
