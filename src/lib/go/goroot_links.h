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
	LS_GSYM_VAR = 16,	/* a Go variable (data: ABI0 for assembly) */
	LS_GSYM_PUSHSTD = 32,	/* //go:linknamestd: pushed to std only */
	LS_GSYM_FOREIGN = 128,	/* defined (Go push, assembly) by a package
				 * other than the one its name says */
	LS_GSYM_STDPULL = 256,	/* a body-less std declaration links to it:
				 * for assembly, the ABI wrapper's linkname */
	LS_GSYM_ASMREF = 64,	/* referenced from its own package's assembly:
				 * the compiler gives a Go function an ABI0
				 * wrapper then */
};

/* The newest linker whose rules are modelled: Go 1.27's (assembly
 * definitions need a linkname on their Go declaration, linknamestd). */
#define LS_GOLINK_MODELLED_MINOR 27

typedef struct ls_goroot_links ls_goroot_links;

typedef struct ls_goroot_stats {
	size_t go_files, asm_files, symbols, pushes, asm_symbols, blocked,
	       packages;
	bool have_blocked;	/* loader.go has the blockedLinknames table */
	int minor;		/* the release whose rules are applied */
	bool newer;		/* the GOROOT is newer than the rules modelled */
} ls_goroot_stats;

/* "go1.26.8" from GOROOT/VERSION (or "go1.N" from
 * src/internal/goversion/goversion.go) into buf; the minor release in
 * *minor.  -1 when neither is there. */
int ls_goroot_version(const char *goroot, char *buf, size_t n, int *minor);

/* Scans goroot/src for ctx (ctx->go_minor should be the GOROOT's).
 * -1 with d set when goroot/src cannot be read or memory runs out. */
int ls_goroot_links_load(const char *goroot, const ls_buildctx *ctx,
			 ls_goroot_links **out, ls_diag *d);

/* The experiments enabled by default for goos/goarch on this GOROOT
 * (internal/buildcfg/exp.go's baseline and zbootstrap.go's
 * defaultGOEXPERIMENT), then changed by goexp (GOEXPERIMENT: "a,nob",
 * "none"), as "name1,name2," into buf.  -1 when exp.go cannot be read. */
int ls_goroot_experiments(const char *goroot, const char *goos,
			  const char *goarch, const char *goexp, char *buf,
			  size_t n);
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
	LS_LNR_ASM_NO_LINKNAME,	/* 1.27: assembly, its Go declaration without
				 * //go:linkname */
	LS_LNR_ASM_PREFIX,	/* 1.27: assembly named into the puller's package */
	LS_LNR_NO_REGABI,	/* 1.27: assembly on an ABI0-only GOARCH */
	LS_LNR_PUSHED_STD,	/* 1.27: //go:linknamestd, puller not std */
	LS_LNR_OWN_VAR,		/* a var with no definition: the puller's own */
	LS_LNR_NON_STD_DEF,	/* defined by a non-std package of the build */
	LS_LNR_ASM_ABI0,	/* assembly reference to a Go function that has
				 * no ABI0 wrapper */
	LS_LNR_ABI_WRAPPER,	/* 1.23-1.26: assembly reference through the
				 * function's ABI0 wrapper */
	LS_LNR_PKG_NOT_LINKED,
	LS_LNR_UNUSED,		/* a bodyless function nothing calls: the
				 * object file holds no reference to it */	/* the target's std package is not linked */
};

/* How the symbol is pulled, for ls_goroot_check_ref. */
typedef struct ls_lnref {
	const char *pkg;	/* the pulling package ("main" for main) */
	const char *target;
	bool is_var;		/* a var pull (its own definition if none) */
	bool from_asm;		/* a reference from assembly (ABI0) */
	bool std_puller;	/* the puller is in the standard library */
	bool defined_elsewhere;	/* a non-std package of the build defines it */
} ls_lnref;

/* checkLinkname of the GOROOT's loader.go for a pull of target by pkg
 * (the import path of the package doing the pull; "main" for main): the
 * rules of Go 1.23-1.26, or of 1.27 on a GOROOT of 1.27 or newer. */
enum ls_ln_verdict ls_goroot_check(const ls_goroot_links *g, const char *pkg,
				   const char *target, enum ls_ln_reason *why);
enum ls_ln_verdict ls_goroot_check_ref(const ls_goroot_links *g,
				       const ls_lnref *r, enum ls_ln_reason *why);

/* Calls fn for each import of the std package pkg (built files only). */
void ls_goroot_imports(const ls_goroot_links *g, const char *pkg,
		       void (*fn)(void *ctx, const char *imp), void *ctx);

const char *ls_ln_verdict_name(enum ls_ln_verdict v);
const char *ls_ln_reason_text(enum ls_ln_reason r);

#endif
