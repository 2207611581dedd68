/*
 * fuzz_go.c - libFuzzer target: the Go artifact readers on one ELF file.
 *
 * Decodes the bytes with ls_object_open, then reads the Go facts
 * (ls_gofacts_read: .go.buildinfo, build ID note, pclntab with or without
 * its section, moduledata, the verdicts) and touches every string they
 * hand out; then locates the pclntab on its own (ls_gofacts_read stops at
 * the first malformed structure) and decodes every function, one past the
 * end, and looks each entry PC up again.  Build with fuzz/build.sh.
 */
#include "go/gofacts.h"
#include "model/object.h"

#include <stdint.h>
#include <string.h>

/* Makes reads of returned strings observable (ASan sees every byte). */
static volatile size_t fz_sink;

static void fz_touch(const char *s)
{
	if (s)
		fz_sink += strlen(s);
}

static void fz_module(const ls_gomodule *m)
{
	/* A replacement never has a replacement: depth 2 at most. */
	for (int depth = 0; m && depth < 2; depth++, m = m->replace) {
		fz_touch(m->path);
		fz_touch(m->version);
		fz_touch(m->sum);
	}
}

static void fz_facts(const ls_gofacts *f)
{
	const ls_gobuildinfo *bi = &f->bi;

	fz_touch(bi->go_version);
	fz_touch(bi->path);
	fz_module(bi->main);
	for (size_t i = 0; i < bi->ndeps; i++)
		fz_module(&bi->deps[i]);
	for (size_t i = 0; i < bi->nsettings; i++) {
		fz_touch(bi->settings[i].key);
		fz_touch(bi->settings[i].value);
	}
	fz_touch(ls_gobuildinfo_setting(bi, "-buildmode"));
	for (size_t i = 0; i < f->build_id_len; i++)
		fz_sink += (unsigned char)f->build_id[i];
	fz_touch(f->link_mode);
	fz_touch(f->build_mode);
	fz_touch(f->cgo_why);
	fz_touch(f->link_why);
	fz_touch(f->build_mode_why);
	fz_touch(f->race_why);
	fz_touch(f->pcln.container);
	fz_touch(f->pcln.text_source);
}

/* Every function, one past the end, and each entry looked up again. */
static void fz_funcs(const ls_pclntab *t)
{
	ls_diag d = { 0 };

	for (uint64_t i = 0; t->present && i <= t->nfunc; i++) {
		uint64_t entry;
		const char *name;
		uint32_t idx;
		if (ls_pclntab_func(t, (uint32_t)i, &entry, &name, &d) < 0) {
			fz_touch(d.msg);
			continue;
		}
		fz_touch(name);
		if (ls_pclntab_lookup(t, entry, &idx))
			fz_sink += idx;
	}
	uint32_t idx;
	fz_sink += (size_t)ls_pclntab_find_name(t, "main.main", false, &idx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ls_bytes b = { data, size };
	ls_object obj;
	ls_diag d = { 0 };
	ls_gofacts f;
	ls_pclntab t;

	if (ls_object_open(&obj, b, 0, &d) < 0)
		return 0;
	if (ls_gofacts_read(&obj, &f, &d) == 0)
		fz_facts(&f);
	else
		fz_touch(d.msg);
	ls_gofacts_free(&f);
	if (ls_pclntab_find(&obj, &t, &d) == 0)
		fz_funcs(&t);
	ls_object_close(&obj);
	return 0;
}
