/*
 * gocgo_report.h - the two outputs of `linkscope gocgo`: text for people
 * and a JSON document (docs/gocgo.md).
 */
#ifndef LS_GOCGO_REPORT_H
#define LS_GOCGO_REPORT_H

#include "json.h"
#include "../go/gocgo.h"

#include <stdio.h>

/* 2: the envelope's "tool", "version", "command" and "errors" added. */
#define LS_GOCGO_SCHEMA_VERSION 2

typedef struct ls_gocgo_report {
	const char *dir;		/* the module directory */
	const char *pattern;		/* the package pattern listed */
	const char *go_version;		/* `go env GOVERSION`, "" if unknown */
	const char *cgo_env;		/* `go env CGO_ENABLED` */
	const ls_golist *with;		/* with the environment's CGO_ENABLED */
	const ls_golist *without;	/* CGO_ENABLED=0; NULL when cgo is off */
	const ls_gocgo *g;
} ls_gocgo_report;

void ls_gocgo_text(FILE *out, const ls_gocgo_report *r);
void ls_gocgo_json(FILE *out, const ls_gocgo_report *r);

#endif
