/*
 * golinkname_report.h - `linkscope golinkname`'s two outputs: text for
 * people and a versioned JSON document (docs/golinkname.md).
 */
#ifndef LS_GOLINKNAME_REPORT_H
#define LS_GOLINKNAME_REPORT_H

#include "../go/lnrec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* 2: the envelope's "command" and "errors" added. */
#define LS_GOLINKNAME_SCHEMA_VERSION 2

/* The escape hatch the linker offers for a blocked pull. */
#define LS_GOLINKNAME_HATCH "-ldflags=-checklinkname=0"

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

void ls_golinkname_text(FILE *f, const ls_golinkname_report *r);
void ls_golinkname_json(FILE *f, const ls_golinkname_report *r);

#endif
