/*
 * linkscope/linkscope.h - the linkscope library: every public header.
 *
 *   #include <linkscope/linkscope.h>
 *   cc app.c $(pkg-config --cflags --libs linkscope)
 *
 * Names are prefixed linkscope_ / LINKSCOPE_; handles are opaque and
 * freed by their own *_free / *_close function.  The ABI is versioned
 * (symbol version LINKSCOPE_1.0, SONAME liblinkscope.so.1).  docs/api.md
 * describes the calls and their guarantees.
 */
#ifndef LINKSCOPE_H
#define LINKSCOPE_H

#include "export.h"
#include <linkscope/version.h>	/* generated: in the build tree */
#include "error.h"
#include "input.h"
#include "syms.h"
#include "check.h"
#include "deps.h"
#include "link.h"

LINKSCOPE_BEGIN_DECLS

/* The release of the loaded library ("0.1.0"). */
LINKSCOPE_API const char *linkscope_version(void);

LINKSCOPE_END_DECLS

#endif
