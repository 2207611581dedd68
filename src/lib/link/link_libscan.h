/*
 * link_libscan.h - which files define the names a failing link lacks: an
 * object's symbol table, a DSO's dynamic symbols, the archive members an
 * index names (link_libscan.c), and the libraries of the -l search path
 * (link_libpath.c).  Private to src/lib/link/; link_hints.c asks
 * (docs/link.md, "Hints").
 */
#ifndef LS_LINK_LIBSCAN_H
#define LS_LINK_LIBSCAN_H

#include "link_impl.h"

/* Called for a global definition s of a name in want, found in where
 * ("path" or "path(member)"); < 0 stops the scan. */
typedef int (*link_def_fn)(linkctx *c, const ltab *want, const ls_symbol *s,
			   const char *where, void *arg);

/*
 * Every global definition of a wanted name in a file's bytes: an
 * object's symbol table, a DSO's dynamic symbols (found through its hash
 * table), or the members of an archive its index names for a wanted name
 * (all members when it has no index; a thin archive is skipped), in file
 * order.  c and want are only read, so several threads may scan files
 * at once when fn allows it.  0, or < 0 when fn failed.  The wanted names
 * must be NUL-terminated.
 */
int link_scan_bytes(linkctx *c, const ltab *want, const char *path, ls_bytes b,
		    link_def_fn fn, void *arg);
/* The same for the file at path, mapped here unless bytes is given. */
int link_scan_file(linkctx *c, const ltab *want, const char *path,
		   const ls_bytes *bytes, link_def_fn fn, void *arg);

/*
 * The libraries -lNAME could find and the link was not given: lib*.so,
 * then lib*.a, in each -L and built-in directory in search order, linker
 * scripts among them followed (their absolute paths), at most
 * LINK_SCAN_MAX_FILES names in all.  fn gets arg "-lNAME" for the
 * definitions of wanted names in each library, in search order, under the
 * first name the file is found by; a file met again (the same directory
 * under another name, a symlink, a script's target) is not read again, so
 * fn must keep the first answer for a name.  0, or < 0 when fn or memory
 * failed.
 */
#define LINK_SCAN_MAX_FILES 2000
int link_scan_search_path(linkctx *c, const ltab *want, link_def_fn fn);

#endif
