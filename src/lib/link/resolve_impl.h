/*
 * resolve_impl.h - what the three parts of the resolution share:
 * resolve.c (the table: what a reference, a definition or a common does to
 * a symbol, under each linker's rules, and the order of the whole link),
 * resolve_load.c (loading objects, DSOs and archive members) and
 * resolve_archive.c (archive indexes and when an archive answers).
 */
#ifndef LS_RESOLVE_IMPL_H
#define LS_RESOLVE_IMPL_H

#include "link_impl.h"

/* --- the table (resolve.c) --- */

/* The length a name is entered under: "foo@@V" defines plain "foo". */
uint32_t rs_key_len(const char *name, size_t len, bool def);
int64_t rs_sym_get(linkctx *c, const char *name, uint32_t len);
bool rs_strongly_undefined(const lsym *s);
bool rs_wants_definition(const linkctx *c, const lsym *s);
bool rs_hidden_vis(const lsym *s);
/* -u, --require-defined, -e ...: the command line references it. */
bool rs_cmdline_needs(const linkctx *c, const lsym *y);
/* A strongly undefined name: queued on the archives that define it
 * (GNU), or their member extracted now (lld, mold). */
int rs_need_member(linkctx *c, uint32_t symid, int32_t from);
/* What a reference, a definition and a common symbol of input ii do. */
int rs_add_ref(linkctx *c, int32_t ii, const ls_symbol *s);
int rs_add_def(linkctx *c, int32_t ii, const ls_symbol *s, uint32_t i);
int rs_add_common(linkctx *c, int32_t ii, const ls_symbol *s, uint32_t i);
/* Whether a pending common symbol pulls an archive member. */
bool rs_common_pulls(const linkctx *c);

/* --- loading inputs (resolve_load.c) --- */

/* Archive members loaded (or refused), by archive file and offset. */
bool rs_memb_seen(const linkctx *c, uint32_t file, uint64_t off);
int rs_memb_add(linkctx *c, uint32_t file, uint64_t off, int32_t input);
int rs_load_object(linkctx *c, int32_t ii);
int rs_load_dso(linkctx *c, int32_t ii);

/* --- archives (resolve_archive.c) --- */

/* Every archive's index into lazy entries, before resolution starts. */
int rs_build_lazies(linkctx *c);
/* One step of the command line: a file, or a group's end. */
int rs_step_file(linkctx *c, const lstep *s);
int rs_group_end(linkctx *c, size_t first, size_t last);

#endif
