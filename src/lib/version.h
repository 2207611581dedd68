/*
 * version.h - the release number, shared by --version and JSON output.
 *
 * The number itself is written once, in meson.build's project(); meson
 * generates <linkscope/version.h> (include/linkscope/version.h.in) from
 * it, and this header gives it its internal name.
 */
#ifndef LS_VERSION_H
#define LS_VERSION_H
#include <linkscope/version.h>
#define LS_VERSION LINKSCOPE_VERSION_STRING
#endif
