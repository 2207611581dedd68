/* version.h - the release number, shared by --version and JSON output. */
#ifndef LS_VERSION_H
#define LS_VERSION_H
#define LS_VERSION "0.1.0"
#endif
