/*
 * demangle.h - symbol demangling as binutils does it (libiberty).
 */
#ifndef LS_DEMANGLE_H
#define LS_DEMANGLE_H

/*
 * Demangles name the way bfd_demangle does for ELF: leading dots are kept
 * aside, a version or "@plt" suffix is cut before demangling and put back
 * after.  Returns a malloc'd string, or NULL when name is not mangled.
 */
char *ls_demangle(const char *name);

#endif
