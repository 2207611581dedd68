/*
 * ldconf.h - the loader's text configuration, read inside a root: glibc's
 * /etc/ld.so.conf (with `include` globs, as ldconfig reads it) and musl's
 * /etc/ld-musl-ARCH.path.
 */
#ifndef LS_LDCONF_H
#define LS_LDCONF_H

#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_dirlist {
	char **dirs;		/* as seen inside the root, NULL-terminated */
	uint32_t n;
	size_t cap;		/* allocated entries (core/array.h) */
} ls_dirlist;

void ls_dirlist_free(ls_dirlist *l);

/*
 * The directories ldconfig would scan for ROOT/etc/ld.so.conf: comments
 * dropped, lines trimmed, `include` patterns globbed inside the root
 * (relative to the including file's directory) in sorted order, `hwcap`
 * lines ignored, trailing slashes dropped, missing directories skipped,
 * repeats (same dev/inode) kept at their first position.  Include cycles
 * and depth are bounded.  root is NULL or "" for "/".  Returns 0 (an
 * absent file gives an empty list, *present = false), or -1 with d filled.
 *
 * Every path, symlink targets included, is resolved inside the root (as
 * after chroot), so nothing outside it is read or stat'ed (only glob(3),
 * for a wildcard in a directory part of a pattern, may look through a
 * symlink there; what it finds is resolved again).  Dirs are as
 * written in the files (after trimming), not resolved.  ldconfig's own
 * additions (SLIBDIR, LIBDIR, glibc-hwcaps subdirectories) are not in
 * the list.  On success d is cleared, or holds a warning (d->warning)
 * about what was skipped: an include cycle, nesting deeper than 16, an
 * included file that could not be read, more than 4096 directories or
 * files, an included file over 1 MiB.  -1 when ROOT/etc/ld.so.conf
 * itself cannot be read (not ENOENT), is not a regular file or is over
 * 1 MiB, or on no memory.
 */
int ls_ldconf_read(const char *root, ls_dirlist *out, bool *present,
		   ls_diag *d);

/*
 * musl's path file ROOT/etc/ld-musl-<arch>.path (elements separated by
 * ':' or newlines, empty ones skipped, nothing trimmed, as musl's
 * path_open).  When it is absent (ENOENT) the list is musl's default
 * /lib:/usr/local/lib:/usr/lib and *present is false; any other open
 * error gives an empty list, as musl does.  -1 with d filled only for a
 * bad arch name, a file over 1 MiB, or no memory.
 */
int ls_musl_path_read(const char *root, const char *arch, ls_dirlist *out,
		      bool *present, ls_diag *d);

#endif
