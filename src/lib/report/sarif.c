/*
 * sarif.c - the SARIF 2.1.0 skeleton (sarif.h), for code-scanning upload
 * (GitHub, GitLab): the run, the driver and its rules, and the result
 * objects, written once for `check --sarif` and `link --sarif`.
 */
#include "sarif.h"

#include <stdio.h>
#include <string.h>

void ls_sarif_open(ls_json *j, const char *version, const ls_sarif_rule *rules,
		   size_t nrules)
{
	ls_json_begin_object(j);
	ls_json_key_string(j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	ls_json_key_string(j, "version", "2.1.0");
	ls_json_key(j, "runs");
	ls_json_begin_array(j);
	ls_json_begin_object(j);
	ls_json_key(j, "tool");
	ls_json_begin_object(j);
	ls_json_key(j, "driver");
	ls_json_begin_object(j);
	ls_json_key_string(j, "name", "linkscope");
	ls_json_key_string(j, "version", version);
	ls_json_key_string(j, "informationUri", "https://github.com/linkscope/linkscope");
	ls_json_key(j, "rules");
	ls_json_begin_array(j);
	for (size_t i = 0; i < nrules; i++) {
		ls_json_begin_object(j);
		ls_json_key_string(j, "id", rules[i].id);
		if (rules[i].name)
			ls_json_key_string(j, "name", rules[i].name);
		ls_json_key(j, "shortDescription");
		ls_json_begin_object(j);
		ls_json_key_string(j, "text", rules[i].text);
		ls_json_end_object(j);
		if (rules[i].help) {
			ls_json_key(j, "help");
			ls_json_begin_object(j);
			ls_json_key_string(j, "text", rules[i].help);
			ls_json_end_object(j);
		}
		if (rules[i].level) {
			ls_json_key(j, "defaultConfiguration");
			ls_json_begin_object(j);
			ls_json_key_string(j, "level", rules[i].level);
			ls_json_end_object(j);
		}
		ls_json_end_object(j);
	}
	ls_json_end_array(j);
	ls_json_end_object(j);	/* driver */
	ls_json_end_object(j);	/* tool */
	ls_json_key(j, "results");
	ls_json_begin_array(j);
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

void ls_sarif_result_write(ls_json *j, const ls_sarif_result *r)
{
	ls_json_begin_object(j);
	ls_json_key_string(j, "ruleId", r->rule_id);
	if (r->rule_index >= 0) {
		ls_json_key(j, "ruleIndex");
		ls_json_uint(j, (uint64_t)r->rule_index);
	}
	ls_json_key_string(j, "level", "error");
	ls_json_key(j, "message");
	ls_json_begin_object(j);
	ls_json_key_string(j, "text", r->text);
	ls_json_end_object(j);
	ls_json_key(j, "locations");
	ls_json_begin_array(j);
	ls_json_begin_object(j);
	ls_json_key(j, "physicalLocation");
	ls_json_begin_object(j);
	ls_json_key(j, "artifactLocation");
	ls_json_begin_object(j);
	if (r->encode_uri)
		uri(j, r->uri);
	else
		ls_json_key_string(j, "uri", r->uri);
	ls_json_end_object(j);
	if (r->line) {
		ls_json_key(j, "region");
		ls_json_begin_object(j);
		ls_json_key(j, "startLine");
		ls_json_uint(j, r->line);
		ls_json_end_object(j);
	}
	ls_json_end_object(j);	/* physicalLocation */
	ls_json_end_object(j);
	ls_json_end_array(j);	/* locations */
	ls_json_end_object(j);
}

void ls_sarif_close(ls_json *j)
{
	ls_json_end_array(j);	/* results */
	ls_json_end_object(j);	/* run */
	ls_json_end_array(j);	/* runs */
	ls_json_end_object(j);
	ls_json_finish(j);
}
