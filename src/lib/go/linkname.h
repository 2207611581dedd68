/*
 * linkname.h - one Go source file scanned for what `//go:linkname` needs:
 * the package clause, whether its build constraints hold for a target,
 * its top-level declarations (functions with or without body, methods,
 * variables with or without initializer) and every `//go:linkname`
 * directive, classified by the declaration it names.
 *
 * Directives count only where the compiler sees them: a line comment
 * with nothing but blanks before it on its line, indented or not (never
 * inside a string, raw string or block comment).  Build constraints are
 * go/build's: //go:build, else the header's `// +build` lines.  Names point into the caller's bytes (no copy); the arrays of
 * a ls_gofile are reused from file to file, so scanning a tree allocates
 * only when a file has more entries than any before it.
 */
#ifndef LS_LINKNAME_H
#define LS_LINKNAME_H

#include "../core/str.h"
#include "buildtags.h"
#include "../core/bytes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ls_godecl_kind {
	LS_DECL_FUNC_BODY,
	LS_DECL_FUNC_NOBODY,
	LS_DECL_METHOD,		/* with body or not: never a linkname local */
	LS_DECL_VAR_INIT,
	LS_DECL_VAR_NOINIT,
};


typedef struct ls_godecl {
	enum ls_godecl_kind kind;
	ls_str name;
	ls_str recv;		/* methods: the receiver's type name */
	bool recv_ptr;		/* methods: (*T) */
} ls_godecl;

enum ls_linkname_kind {
	LS_LN_PULL,		/* declaration without body / var without value */
	LS_LN_PUSH,		/* the definition carries the directive */
	LS_LN_UNKNOWN,		/* the local name is not declared in this file */
};

typedef struct ls_golinkname {
	uint32_t line;
	ls_str local;
	ls_str target;		/* n == 0: the one-argument form (own package) */
	enum ls_linkname_kind kind;
	bool is_var;
	bool std;		/* //go:linknamestd (Go 1.27+): a push for the
				 * standard library only */
	bool malformed;		/* not 1 or 2 arguments */
} ls_golinkname;

typedef struct ls_gofile {
	ls_str pkg;		/* package clause; n == 0 when missing */
	bool build_ok;		/* name and //go:build hold for the target */
	bool bad;		/* unterminated literal, stray byte, bad //go:build */
	ls_golinkname *links;
	size_t nlinks, caplinks;
	ls_godecl *decls;
	size_t ndecls, capdecls;
	ls_str *imports;	/* import paths, without quotes */
	size_t nimports, capimports;
} ls_gofile;

/* Scans b.  With ctx NULL every file holds.  With stop_unbuilt, a file
 * whose constraints fail is not read past its header.  -1 only when
 * out of memory. */
int ls_gofile_scan(ls_bytes b, const ls_buildctx *ctx, bool stop_unbuilt,
		   ls_gofile *f);
/* The top-level function or variable named s (not methods), or NULL. */
const ls_godecl *ls_gofile_find(const ls_gofile *f, ls_str s);
void ls_gofile_free(ls_gofile *f);

/* How many times the identifier name appears as a token of the Go source
 * b (comments and strings excluded), up to max. */
size_t ls_gofile_count_ident(ls_bytes b, ls_str name, size_t max);

#endif
