/*
 * linkscope/export.h - LINKSCOPE_API, the mark of an exported function.
 *
 * The library is compiled with -fvisibility=hidden: only declarations
 * marked LINKSCOPE_API are visible outside liblinkscope.so (and the
 * version script, src/lib/linkscope.map, binds them to LINKSCOPE_1.0).
 * For users of the library the mark is harmless (default visibility).
 */
#ifndef LINKSCOPE_EXPORT_H
#define LINKSCOPE_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define LINKSCOPE_API __attribute__((visibility("default")))
#else
#define LINKSCOPE_API
#endif

#ifdef __cplusplus
#define LINKSCOPE_BEGIN_DECLS extern "C" {
#define LINKSCOPE_END_DECLS }
#else
#define LINKSCOPE_BEGIN_DECLS
#define LINKSCOPE_END_DECLS
#endif

#endif
