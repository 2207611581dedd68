/*
 * linkscope/link.h - a dry run of a static link, as `linkscope link`: the
 * symbol resolution a real linker would do for a command line, without
 * running it.
 */
#ifndef LINKSCOPE_LINK_H
#define LINKSCOPE_LINK_H

#include "error.h"

#include <stddef.h>

LINKSCOPE_BEGIN_DECLS

typedef struct linkscope_link linkscope_link;

/* argv: the link command (gcc/cc/clang/g++ or ld/ld.lld/ld.gold/mold
 * and its arguments), argc entries.  An unreadable or malformed input is
 * a failure; a link that would fail is a result (linkscope_link_ok()). */
LINKSCOPE_API linkscope_status linkscope_link_run(int argc,
		const char *const *argv, linkscope_link **out,
		linkscope_error **err);
LINKSCOPE_API void linkscope_link_free(linkscope_link *r);

/* 1 when the link would succeed. */
LINKSCOPE_API int linkscope_link_ok(const linkscope_link *r);
/* Why it fails, one line each (the linker's fatal errors). */
LINKSCOPE_API size_t linkscope_link_reason_count(const linkscope_link *r);
LINKSCOPE_API const char *linkscope_link_reason(const linkscope_link *r,
						size_t i);
/* Undefined references and duplicate definitions, by symbol name. */
LINKSCOPE_API size_t linkscope_link_undefined_count(const linkscope_link *r);
LINKSCOPE_API const char *linkscope_link_undefined(const linkscope_link *r,
						   size_t i);
LINKSCOPE_API size_t linkscope_link_duplicate_count(const linkscope_link *r);
LINKSCOPE_API const char *linkscope_link_duplicate(const linkscope_link *r,
						   size_t i);

LINKSCOPE_END_DECLS

#endif
