/*
 * goroot_links.h - what one GOROOT's linker lets a //go:linkname pull:
 * the symbols its standard library defines (Go functions, methods and
 * variables, TEXT/GLOBL symbols of its assembly), which of them carry a
 * linkname (pushes; assembly symbols count as pushes, as the assembler
 * flags them so), its packages, and the blockedLinknames table of its
 * cmd/link/internal/loader/loader.go with the packages each entry admits.
 *
 * Only files a build for the target (GOOS, GOARCH, cgo, release) compiles
 * are read: file name suffixes and //go:build.  cmd/, testdata/ and
 * vendor/ are not the standard library the linker checks against.
 */
#ifndef LS_GOROOT_LINKS_H
#define LS_GOROOT_LINKS_H

#include "buildtags.h"
#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>

enum {
	LS_GSYM_GO = 1,		/* defined in Go */
	LS_GSYM_ASM = 2,	/* TEXT or GLOBL in assembly */
	LS_GSYM_PUSH = 4,	/* the definition carries //go:linkname */
	LS_GSYM_PKG = 8,	/* a package import path, not a symbol */
};

typedef struct ls_goroot_links ls_goroot_links;

typedef struct ls_goroot_stats {
	size_t go_files, asm_files, symbols, pushes, asm_symbols, blocked,
	       packages;
	bool have_blocked;	/* loader.go has the blockedLinknames table */
} ls_goroot_stats;

/* "go1.26.8" from GOROOT/VERSION (or "go1.N" from
 * src/internal/goversion/goversion.go) into buf; the minor release in
 * *minor.  -1 when neither is there. */
int ls_goroot_version(const char *goroot, char *buf, size_t n, int *minor);

/* Scans goroot/src for ctx (ctx->go_minor should be the GOROOT's).
 * -1 with d set when goroot/src cannot be read or memory runs out. */
int ls_goroot_links_load(const char *goroot, const ls_buildctx *ctx,
			 ls_goroot_links **out, ls_diag *d);
void ls_goroot_links_free(ls_goroot_links *g);
void ls_goroot_links_stats(const ls_goroot_links *g, ls_goroot_stats *st);

/* LS_GSYM_* flags of a symbol or package name; 0 when unknown. */
unsigned ls_goroot_sym(const ls_goroot_links *g, const char *name, size_t n);

enum ls_ln_verdict {
	LS_LNV_ALLOWED,
	LS_LNV_BLOCKED,
	LS_LNV_UNDEFINED,	/* the target is not in this GOROOT */
	LS_LNV_NA,		/* not checked: a push, or a non-std target */
	LS_LNV_UNKNOWN,		/* no GOROOT to judge against */
};

enum ls_ln_reason {
	LS_LNR_NONE,
	LS_LNR_LISTED_ALLOWED,	/* in blockedLinknames, pkg is listed */
	LS_LNR_LISTED_BLOCKED,	/* in blockedLinknames, pkg is not */
	LS_LNR_SAME_PACKAGE,
	LS_LNR_PUSHED,		/* handshake: the definition pushes */
	LS_LNR_ASSEMBLY,
	LS_LNR_NOT_PUSHED,	/* defined in Go in std without linkname */
	LS_LNR_NO_SUCH_SYMBOL,	/* a std package, no such symbol */
	LS_LNR_NOT_STD,		/* the target's package is not std */
	LS_LNR_EXTERNAL,	/* no package: a C/host symbol */
	LS_LNR_PUSH,		/* the directive is a push */
	LS_LNR_NO_GOROOT,
};

/* checkLinkname of the GOROOT's loader.go for a pull of target by pkg
 * (the import path of the package doing the pull; "main" for main). */
enum ls_ln_verdict ls_goroot_check(const ls_goroot_links *g, const char *pkg,
				   const char *target, enum ls_ln_reason *why);

const char *ls_ln_verdict_name(enum ls_ln_verdict v);
const char *ls_ln_reason_text(enum ls_ln_reason r);

#endif
