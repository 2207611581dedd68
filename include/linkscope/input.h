/*
 * linkscope/input.h - what the analyses read: an ELF file or an ar
 * archive of them, opened from a path or handed over as bytes.
 *
 * A memory input is zero-copy: the library reads the caller's buffer in
 * place, so the buffer must stay unchanged and alive until
 * linkscope_input_close().  It is how files that exist only in memory
 * (read out of a container image layer, a package) are analysed.  The
 * members of a thin archive are separate files: a memory input cannot
 * reach them and reports each as an error.
 *
 * An input may be run through any number of analyses; results do not
 * borrow from it (it may be closed before they are freed).  One input is
 * not to be used by two threads at once.
 */
#ifndef LINKSCOPE_INPUT_H
#define LINKSCOPE_INPUT_H

#include "error.h"

#include <stddef.h>

LINKSCOPE_BEGIN_DECLS

typedef struct linkscope_input linkscope_input;

LINKSCOPE_API linkscope_status linkscope_input_open_file(const char *path,
		linkscope_input **out, linkscope_error **err);
/* name is what errors and results call the input (copied). */
LINKSCOPE_API linkscope_status linkscope_input_open_memory(const char *name,
		const void *bytes, size_t len, linkscope_input **out,
		linkscope_error **err);
LINKSCOPE_API const char *linkscope_input_name(const linkscope_input *in);
LINKSCOPE_API void linkscope_input_close(linkscope_input *in);

LINKSCOPE_END_DECLS

#endif
