/*
 * ldso.h - what the bytes of a root's glibc dynamic loader say about it:
 * the default library directories compiled into it and its glibc minor
 * version.  Read from the file the root holds, so a Fedora root gets
 * /lib64 and a Debian root its multiarch list whatever the host is.
 */
#ifndef LS_LDSO_H
#define LS_LDSO_H

#include "../core/mapfile.h"

/*
 * glibc's system_dirs in the loader's bytes: two or more NUL-terminated
 * absolute directories, each ending in '/', one after the other; the
 * trailing '/' dropped, as the loader does when it builds the list.  A
 * NULL-terminated list of malloc'ed strings (the caller frees both), or
 * NULL when there is none or memory runs out (the caller then uses the
 * architecture's defaults).
 */
char **ls_ldso_system_dirs(const ls_mapfile *ldso);

/* N of "release version 2.N" in the loader's banner; 0 when absent. */
int ls_ldso_glibc_minor(const ls_mapfile *ldso);

#endif
