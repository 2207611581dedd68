/*
 * policy.h - `check --require`: a comma-separated list of properties an
 * artifact must have, parsed once and judged against each audit.
 * The list of names is in policy.c's table and in the man page.
 */
#ifndef LS_POLICY_H
#define LS_POLICY_H

#include "audit.h"

#define LS_MAX_REQUIREMENTS 32

/* ls_requirement.kinds: the kinds of file a preset's part applies to. */
#define LS_KIND_PROGRAM 1u	/* exec, pie, static-pie */
#define LS_KIND_SHARED 2u	/* shared library */
#define LS_KIND_OBJECT 4u	/* relocatable object */

typedef struct ls_requirement {
	int id;			/* index in policy.c's table */
	unsigned kinds;		/* 0: the rule decides what it applies to;
				 * else LS_KIND_* (a `hardened` part) */
	char spelled[48];	/* as the user wrote it, for reports */
	char arg[24];		/* the version after <= / >= / = */
} ls_requirement;

typedef struct ls_policy {
	ls_requirement req[LS_MAX_REQUIREMENTS];
	int n;
} ls_policy;

/* Parses (and adds to) a policy.  0, or -1 with a message in err.
 * `hardened` becomes its parts, spelled "hardened:pie", ... */
int ls_policy_parse(ls_policy *p, const char *spec, char *err, size_t errlen);

/* Judges an audit: appends one ls_failure per requirement that does not
 * hold; returns the number of failures. */
uint32_t ls_policy_eval(const ls_policy *p, ls_audit *a);

/* The known requirements, by id: name ("relro"), how it is written
 * ("relro=full|partial") and what it means (for --help and SARIF rules). */
int ls_requirement_count(void);
const char *ls_requirement_name(int id);
const char *ls_requirement_usage(int id);
const char *ls_requirement_desc(int id);

#endif
