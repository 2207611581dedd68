/*
 * gocgo_report.c - `linkscope gocgo`'s text and JSON.
 */
#include "gocgo_report.h"

#include <string.h>

static void strv_line(FILE *out, const char *label, const ls_strv *v)
{
	if (!v->n)
		return;
	fprintf(out, "    %-12s", label);
	for (size_t i = 0; i < v->n; i++)
		fprintf(out, " %s", v->v[i]);
	fputc('\n', out);
}

/* The lines of go's output, indented; its "# PATH" header is left out
 * when PATH is the package already named. */
static void put_lines(FILE *out, const char *s, const char *path)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (!(path && s[0] == '#' && s[1] == ' ' && n == strlen(path) + 2 &&
		      !strncmp(s + 2, path, n - 2)) && n)
			fprintf(out, "             %.*s\n", (int)n, s);
		s += n + (nl != NULL);
	}
}

void ls_gocgo_text(FILE *out, const ls_gocgo_report *r)
{
	const ls_gocgo *g = r->g;

	fprintf(out, "%s: %zu package%s (%s), %s, CGO_ENABLED=%s\n", r->dir,
		r->with->n, r->with->n == 1 ? "" : "s", r->pattern,
		*r->go_version ? r->go_version : "go", r->cgo_env);
	if (!g->cgo_enabled) {
		fputs("cgo is off in this environment (CGO_ENABLED="
		      "0): no package is built with cgo, nothing to compare\n", out);
		return;
	}
	if (!g->ncgo) {
		fputs("\nno package uses cgo: CGO_ENABLED=0 changes nothing\n", out);
	} else {
		fprintf(out, "\n%zu package%s use%s cgo:\n", g->ncgo,
			g->ncgo == 1 ? "" : "s", g->ncgo == 1 ? "s" : "");
		for (size_t i = 0; i < g->ncgo; i++) {
			const ls_gocgo_use *u = &g->cgo[i];
			const ls_gopkg *p = u->pkg;

			fprintf(out, "  %s", p->import_path);
			if (p->standard)
				fputs(" (std)", out);
			else if (p->module)
				fprintf(out, " (%s%s%s)", p->module,
					p->replace ? " => " : "",
					p->replace ? p->replace : "");
			fputc('\n', out);
			strv_line(out, "cgo files:", &p->cgo_files);
			strv_line(out, "CFLAGS:", &p->cgo_cflags);
			strv_line(out, "LDFLAGS:", &p->cgo_ldflags);
			strv_line(out, "pkg-config:", &p->cgo_pkg_config);
			if (u->nchain) {
				fprintf(out, "    %-12s ", "why:");
				for (size_t k = 0; k < u->nchain; k++)
					fprintf(out, "%s%s", k ? " -> " : "", u->chain[k]);
				fputc('\n', out);
			}
		}
	}
	if (g->nstd) {
		fputs("\nstandard packages that behave differently with CGO_ENABLED=0:\n", out);
		for (size_t i = 0; i < g->nstd; i++)
			fprintf(out, "  %s: %s\n", g->std[i].import_path, g->std[i].effect);
	}
	if (!r->without)
		return;
	fprintf(out, "\nwith CGO_ENABLED=0 (%zu package%s):\n", r->without->n,
		r->without->n == 1 ? "" : "s");
	if (!g->nlost && !g->ngained && !g->nchanged && !g->nfails && !g->build_error)
		fputs("  no difference\n", out);
	for (size_t i = 0; i < g->nlost; i++)
		fprintf(out, "  lost     %s\n", g->lost[i]->import_path);
	for (size_t i = 0; i < g->ngained; i++)
		fprintf(out, "  gained   %s\n", g->gained[i]->import_path);
	for (size_t i = 0; i < g->nchanged; i++) {
		const ls_gocgo_change *c = &g->changed[i];

		fprintf(out, "  changed  %s:", c->with->import_path);
		for (size_t k = 0; k < c->ndropped; k++)
			fprintf(out, " -%s", c->dropped[k]);
		for (size_t k = 0; k < c->nadded; k++)
			fprintf(out, " +%s", c->added[k]);
		fputc('\n', out);
	}
	for (size_t i = 0; i < g->nfails; i++) {
		const char *e = g->fails[i].error;

		fprintf(out, "  fails    %s:", g->fails[i].pkg->import_path);
		/* A compile error (-export) is go's "# path" header and the
		 * compiler's lines: one indented line each. */
		if (strchr(e, '\n')) {
			fputc('\n', out);
			put_lines(out, e, g->fails[i].pkg->import_path);
		} else {
			fprintf(out, " %s\n", e);
		}
		if (g->fails[i].only_cgo_files)
			fputs("           (it has only cgo files)\n", out);
	}
	for (size_t i = 0; i < g->nstubs; i++) {
		const ls_gocgo_stub *st = &g->stubs[i];

		fprintf(out, "  %s %s: %s is built only without cgo", st->message
			? "stub    " : "replaced", st->pkg->import_path, st->file);
		if (st->message)
			fprintf(out, " and says \"%s\"", st->message);
		fputc('\n', out);
	}
	if (g->build_error) {
		fputs("  link     CGO_ENABLED=0 go build -o /dev/null failed:\n", out);
		put_lines(out, g->build_error, NULL);
	}
	if (g->nfailing_roots) {
		fputs("\na CGO_ENABLED=0 build fails for:", out);
		for (size_t i = 0; i < g->nfailing_roots; i++)
			fprintf(out, " %s", g->failing_roots[i]->import_path);
		fputc('\n', out);
	} else {
		fputs("\na CGO_ENABLED=0 build works\n", out);
	}
}

static void json_strv(ls_json *j, const char *key, const ls_strv *v)
{
	ls_json_key(j, key);
	ls_json_begin_array(j);
	for (size_t i = 0; i < v->n; i++)
		ls_json_string(j, v->v[i]);
	ls_json_end_array(j);
}

static void json_strs(ls_json *j, const char *key, const char *const *v, size_t n)
{
	ls_json_key(j, key);
	ls_json_begin_array(j);
	for (size_t i = 0; i < n; i++)
		ls_json_string(j, v[i]);
	ls_json_end_array(j);
}

static void json_pkgs(ls_json *j, const char *key, const ls_gopkg *const *v, size_t n)
{
	ls_json_key(j, key);
	ls_json_begin_array(j);
	for (size_t i = 0; i < n; i++)
		ls_json_string(j, v[i]->import_path);
	ls_json_end_array(j);
}

static void json_opt_string(ls_json *j, const char *key, const char *s)
{
	ls_json_key(j, key);
	if (s)
		ls_json_string(j, s);
	else
		ls_json_null(j);
}

void ls_gocgo_json(FILE *out, const ls_gocgo_report *r)
{
	const ls_gocgo *g = r->g;
	ls_json j;

	ls_json_init(&j, out, true);
	ls_json_envelope(&j, "gocgo", LS_GOCGO_SCHEMA_VERSION);
	ls_json_key(&j, "dir");
	ls_json_string(&j, r->dir);
	ls_json_key(&j, "pattern");
	ls_json_string(&j, r->pattern);
	ls_json_key(&j, "go_version");
	ls_json_string(&j, r->go_version);
	ls_json_key(&j, "cgo_enabled");
	ls_json_bool(&j, g->cgo_enabled);
	ls_json_key(&j, "packages");
	ls_json_uint(&j, r->with->n);
	json_pkgs(&j, "roots", g->roots, g->nroots);

	ls_json_key(&j, "cgo");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < g->ncgo; i++) {
		const ls_gocgo_use *u = &g->cgo[i];
		const ls_gopkg *p = u->pkg;

		ls_json_begin_object(&j);
		ls_json_key(&j, "import_path");
		ls_json_string(&j, p->import_path);
		json_opt_string(&j, "module", p->module);
		json_opt_string(&j, "replace", p->replace);
		ls_json_key(&j, "standard");
		ls_json_bool(&j, p->standard);
		json_strv(&j, "cgo_files", &p->cgo_files);
		json_strv(&j, "cgo_cflags", &p->cgo_cflags);
		json_strv(&j, "cgo_ldflags", &p->cgo_ldflags);
		json_strv(&j, "cgo_pkg_config", &p->cgo_pkg_config);
		json_strs(&j, "chain", u->chain, u->nchain);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);

	ls_json_key(&j, "std_effects");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < g->nstd; i++) {
		ls_json_begin_object(&j);
		ls_json_key(&j, "import_path");
		ls_json_string(&j, g->std[i].import_path);
		ls_json_key(&j, "effect");
		ls_json_string(&j, g->std[i].effect);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);

	ls_json_key(&j, "without_cgo");
	if (!r->without) {
		ls_json_null(&j);
	} else {
		ls_json_begin_object(&j);
		ls_json_key(&j, "packages");
		ls_json_uint(&j, r->without->n);
		ls_json_key(&j, "build_fails");
		ls_json_bool(&j, g->nfailing_roots > 0);
		json_pkgs(&j, "failing_roots", g->failing_roots, g->nfailing_roots);
		json_opt_string(&j, "link_error", g->build_error);
		ls_json_end_object(&j);
	}
	json_pkgs(&j, "lost_without_cgo", g->lost, g->nlost);
	json_pkgs(&j, "gained_without_cgo", g->gained, g->ngained);
	ls_json_key(&j, "changed_without_cgo");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < g->nchanged; i++) {
		const ls_gocgo_change *c = &g->changed[i];

		ls_json_begin_object(&j);
		ls_json_key(&j, "import_path");
		ls_json_string(&j, c->with->import_path);
		json_strs(&j, "dropped_files", c->dropped, c->ndropped);
		json_strs(&j, "added_files", c->added, c->nadded);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	ls_json_key(&j, "fails_without_cgo");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < g->nfails; i++) {
		ls_json_begin_object(&j);
		ls_json_key(&j, "import_path");
		ls_json_string(&j, g->fails[i].pkg->import_path);
		ls_json_key(&j, "error");
		ls_json_string(&j, g->fails[i].error);
		ls_json_key(&j, "only_cgo_files");
		ls_json_bool(&j, g->fails[i].only_cgo_files);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	ls_json_key(&j, "stubs_without_cgo");
	ls_json_begin_array(&j);
	for (size_t i = 0; i < g->nstubs; i++) {
		ls_json_begin_object(&j);
		ls_json_key(&j, "import_path");
		ls_json_string(&j, g->stubs[i].pkg->import_path);
		ls_json_key(&j, "file");
		ls_json_string(&j, g->stubs[i].file);
		json_opt_string(&j, "message", g->stubs[i].message);
		ls_json_end_object(&j);
	}
	ls_json_end_array(&j);
	/* go failing stops the command before any document. */
	ls_json_errors(&j, NULL, 0);
	ls_json_end_object(&j);
	ls_json_finish(&j);
}
