/*
 * sarif.c - `linkscope check --sarif`: SARIF 2.1.0 for code-scanning
 * upload (GitHub, GitLab).  One rule per requirement in the policy, one
 * result per failed requirement per artifact, located at the artifact.
 */
#include "check_report.h"

#include <stdio.h>
#include <string.h>

static void str(ls_json *j, const char *k, const char *v)
{
	ls_json_key(j, k);
	ls_json_string(j, v);
}

static void message(ls_json *j, const char *text)
{
	ls_json_key(j, "message");
	ls_json_begin_object(j);
	str(j, "text", text);
	ls_json_end_object(j);
}

/* A SARIF artifact URI: relative paths stay relative references (resolved
 * against the checkout by code-scanning services), absolute ones become
 * file:// URIs; bytes outside RFC 3986's unreserved set are %-encoded. */
static void uri(ls_json *j, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[4096];
	size_t n = 0;

	if (path[0] == '/') {
		memcpy(buf, "file://", 7);
		n = 7;
	}
	for (const unsigned char *p = (const unsigned char *)path;
	     *p && n + 4 < sizeof buf; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			buf[n++] = (char)*p;
		} else {
			buf[n++] = '%';
			buf[n++] = hex[*p >> 4];
			buf[n++] = hex[*p & 15];
		}
	}
	ls_json_key(j, "uri");
	ls_json_string_n(j, buf, n);
}

void ls_sarif_begin(ls_json *j, const ls_policy *p, const char *version)
{
	ls_json_begin_object(j);
	str(j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	str(j, "version", "2.1.0");
	ls_json_key(j, "runs");
	ls_json_begin_array(j);
	ls_json_begin_object(j);
	ls_json_key(j, "tool");
	ls_json_begin_object(j);
	ls_json_key(j, "driver");
	ls_json_begin_object(j);
	str(j, "name", "linkscope");
	str(j, "version", version);
	str(j, "informationUri", "https://github.com/linkscope/linkscope");
	ls_json_key(j, "rules");
	ls_json_begin_array(j);
	for (int i = 0; p && i < p->n; i++) {
		int id = p->req[i].id;

		ls_json_begin_object(j);
		str(j, "id", p->req[i].spelled);
		str(j, "name", ls_requirement_name(id));
		ls_json_key(j, "shortDescription");
		ls_json_begin_object(j);
		str(j, "text", ls_requirement_desc(id));
		ls_json_end_object(j);
		ls_json_key(j, "defaultConfiguration");
		ls_json_begin_object(j);
		str(j, "level", "error");
		ls_json_end_object(j);
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
	ls_json_end_object(j);	/* driver */
	ls_json_end_object(j);	/* tool */
	ls_json_key(j, "results");
	ls_json_begin_array(j);
}

void ls_sarif_results(ls_json *j, const ls_check_result *r)
{
	const ls_audit *a = &r->audit;
	char text[512];

	for (uint32_t i = 0; i < a->nfailures; i++) {
		const ls_failure *f = &a->failures[i];

		ls_json_begin_object(j);
		str(j, "ruleId", f->requirement);
		str(j, "level", "error");
		if (a->member)
			snprintf(text, sizeof text, "%s(%s): %s: %s", a->path,
				 a->member, f->requirement, f->reason);
		else
			snprintf(text, sizeof text, "%s: %s: %s", a->path,
				 f->requirement, f->reason);
		message(j, text);
		ls_json_key(j, "locations");
		ls_json_begin_array(j);
		ls_json_begin_object(j);
		ls_json_key(j, "physicalLocation");
		ls_json_begin_object(j);
		ls_json_key(j, "artifactLocation");
		ls_json_begin_object(j);
		uri(j, a->path);
		ls_json_end_object(j);
		ls_json_end_object(j);
		ls_json_end_object(j);
		ls_json_end_array(j);
		ls_json_end_object(j);
	}
}

void ls_sarif_end(ls_json *j)
{
	ls_json_end_array(j);	/* results */
	ls_json_end_object(j);	/* run */
	ls_json_end_array(j);	/* runs */
	ls_json_end_object(j);
	ls_json_finish(j);
}
