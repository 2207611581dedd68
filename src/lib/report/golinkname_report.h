/*
 * golinkname_report.h - `linkscope golinkname`'s two outputs: text for
 * people and a versioned JSON document (docs/golinkname.md).
 */
#ifndef LS_GOLINKNAME_REPORT_H
#define LS_GOLINKNAME_REPORT_H

#include "../go/goroot_links.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* 2: the envelope's "command" and "errors" added. */
#define LS_GOLINKNAME_SCHEMA_VERSION 2

/* The escape hatch the linker offers for a blocked pull. */
#define LS_GOLINKNAME_HATCH "-ldflags=-checklinkname=0"

typedef struct ls_lnrec {
	char *file;		/* as found: the argument joined with the walk */
	uint32_t line;
	char *pkg;		/* import path doing the pull ("main" for main) */
	char *ipath;		/* the import path of its directory */
	char *local;		/* the Go identifier */
	char *target;		/* importpath.name, as the directive says (or
				 * pkg.local for the one-argument form) */
	const char *kind;	/* "pull", "push", "unknown" */
	bool is_var;		/* the local is a variable */
	bool from_asm;		/* a reference from an assembly file */
	bool linked;		/* its package is linked into the program */
	bool unused;		/* a function pull nothing in its package
				 * uses: no reference reaches the linker */
	enum ls_ln_verdict verdict;
	enum ls_ln_reason reason;
	char *message;		/* the linker's error line, or NULL */
} ls_lnrec;

typedef struct ls_golinkname_report {
	const char *goroot;	/* NULL: none */
	const char *go_version;
	const char *goos, *goarch;
	bool cgo;
	const ls_lnrec *recs;
	size_t n;
	int rules_minor;	/* the linker release whose rules judged (-1) */
	bool newer;		/* the GOROOT is newer than those rules */
	const char *errors;	/* "errors" elements, rendered; NULL: none */
	size_t errors_len;
} ls_golinkname_report;

/* Whether a record fails the link: blocked or undefined, and linked. */
bool ls_lnrec_fails(const ls_lnrec *e);

void ls_golinkname_text(FILE *f, const ls_golinkname_report *r);
void ls_golinkname_json(FILE *f, const ls_golinkname_report *r);

#endif
