/*
 * fuzz_common.h - what both fuzz targets do with one decoded ELF object.
 *
 * Included (not linked) by fuzz_elf.c and fuzz_archive.c; everything here is
 * static.  Output goes to one FILE opened on /dev/null once per process, so
 * the targets never write a file.  Nothing allocated here outlives a call.
 */
#ifndef LS_FUZZ_COMMON_H
#define LS_FUZZ_COMMON_H

#include "analysis/audit.h"
#include "analysis/policy.h"
#include "analysis/symclass.h"
#include "analysis/symlist.h"
#include "model/archive.h"
#include "model/object.h"
#include "pipeline/check.h"
#include "pipeline/syms.h"
#include "report/check_report.h"
#include "report/json.h"
#include "report/nm_text.h"
#include "report/syms_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes reads of returned strings observable (ASan sees every byte). */
static volatile size_t fz_sink;

static void fz_touch(const char *s)
{
	if (s)
		fz_sink += strlen(s);
}

static void fz_touch_n(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * 31 + b[i];
	fz_sink += h;
}

static FILE *fz_out(void)
{
	static FILE *out;
	if (!out) {
		out = fopen("/dev/null", "w");
		if (!out)
			abort();
	}
	return out;
}

/* Every entry of one table through the per-symbol API. */
static void fz_walk_table(const ls_object *obj, const ls_symtab *tab)
{
	if (!tab->present)
		return;
	/* i == count is out of range on purpose: it must fail cleanly. */
	for (uint64_t i = 0; i <= tab->count; i++) {
		ls_symbol s;
		ls_symclass c;
		ls_diag d = { 0 };
		const char *at = NULL;

		if (ls_symbol_get(obj, tab, (uint32_t)i, &s, &d) < 0) {
			fz_touch(d.msg);
			continue;
		}
		fz_touch_n(s.name, s.name_len + 1);
		ls_symclass_of(obj, &s, &c);
		fz_touch(c.name);
		if (c.section)
			fz_touch(c.section->name);
		const ls_section *sec = ls_symbol_section(obj, &s);
		if (sec)
			fz_touch(sec->name);
		const char *v = ls_symbol_version(obj, &s, &c, &at);
		if (v) {
			fz_touch(v);
			fz_touch(at);
		}
		const ls_version *ver = ls_version_lookup(obj, s.versym);
		if (ver) {
			fz_touch(ver->name);
			fz_touch(ver->file);
		}
	}
}

struct fz_combo {
	ls_symopts sel;
	ls_nm_fmt fmt;
	bool pretty_json;
};

/* A few selections, sort orders and formats; together they reach every
 * branch of symlist.c, nm_text.c and syms_json.c. */
static const struct fz_combo fz_combos[] = {
	/* nm defaults: BSD, name sort (multikey quicksort), versions */
	{ .sel = { 0 },
	  .fmt = { .format = LS_NM_BSD, .radix = 'x', .versions = true } },
	/* nm -D -n -r -S -C -P -t d -A */
	{ .sel = { .dynamic = true, .numeric_sort = true, .reverse = true },
	  .fmt = { .format = LS_NM_POSIX, .radix = 'd', .print_size = true,
		   .demangle = true, .file_per_symbol = true,
		   .versions = true },
	  .pretty_json = true },
	/* nm --size-sort -U -a --special-syms -t o */
	{ .sel = { .size_sort = true, .defined_only = true,
		   .debug_syms = true, .special_syms = true },
	  .fmt = { .format = LS_NM_BSD, .radix = 'o', .size_sort = true,
		   .file_per_file = true } },
	/* nm -D -u -p --without-symbol-versions, collating compare */
	{ .sel = { .dynamic = true, .undefined_only = true, .no_sort = true,
		   .collate = true },
	  .fmt = { .format = LS_NM_BSD, .radix = 'x' } },
	/* nm -g -r -P: reverse name groups after the multikey sort */
	{ .sel = { .external_only = true, .reverse = true },
	  .fmt = { .format = LS_NM_POSIX, .radix = 'x', .versions = true } },
	/* nm -D -r -a -S, collating compare: qsort by_name reversed */
	{ .sel = { .dynamic = true, .reverse = true, .collate = true,
		   .debug_syms = true },
	  .fmt = { .format = LS_NM_BSD, .radix = 'x', .print_size = true,
		   .versions = true,
		   .file_per_file = true } },
};

/*
 * Lists the object the way `linkscope syms` does, once per combination,
 * in nm text and in JSON.  archive/member are NULL for a plain file.
 */
static void fz_list_object(const ls_object *obj, const char *archive,
			   const char *member)
{
	FILE *out = fz_out();
	const char *path = archive ? archive : "fuzz.o";

	fz_touch(ls_machine_name(obj->machine));
	for (uint32_t i = 0; i < obj->shnum; i++)
		fz_touch(obj->sections[i].name);
	for (uint32_t i = 0; i < obj->nversions; i++) {
		fz_touch(obj->versions[i].name);
		fz_touch(obj->versions[i].file);
	}
	fz_walk_table(obj, &obj->symtab);
	fz_walk_table(obj, &obj->dynsym);

	for (size_t k = 0; k < sizeof fz_combos / sizeof fz_combos[0]; k++) {
		const struct fz_combo *cb = &fz_combos[k];
		ls_syms_opts so = { .sel = cb->sel };
		ls_syms_result r;
		ls_diag d = { 0 };
		ls_json j;

		if (member)
			ls_nm_member_header(out, &cb->fmt, path, member);
		else
			ls_nm_object_header(out, &cb->fmt, path);
		ls_json_init(&j, out, cb->pretty_json);
		ls_syms_json_begin(&j, cb->sel.dynamic ? "dynsym" : "symtab");
		if (ls_syms_run(&so, obj, &r, &d) < 0) {
			ls_syms_json_error(&j, path, member, &d);
		} else {
			ls_nm_symbols(out, &cb->fmt, &r, member ? path : NULL,
				      member ? member : path);
			ls_syms_json_object(&j, path, member, &r);
		}
		ls_syms_result_free(&r);
		ls_syms_json_end(&j, NULL, 0);
	}
	fflush(out);
}

/* Relocations, dynamic entries and notes (sections and segments), every
 * entry and one past the end. */
static void fz_walk_tables(const ls_object *obj)
{
	ls_diag d = { 0 };

	for (uint32_t s = 0; s <= obj->shnum; s++) {
		int64_t n = ls_reloc_count(obj, s, &d);
		for (int64_t i = 0; n > 0 && i <= n && i < 100000; i++) {
			ls_reloc r;
			if (ls_reloc_get(obj, s, (uint64_t)i, &r, &d) == 0)
				fz_sink += r.sym + (size_t)r.type + (size_t)r.addend;
		}
	}
	int64_t n = ls_dynamic_count(obj, &d);
	for (int64_t i = 0; n >= 0 && i <= n && i < 100000; i++) {
		int64_t tag;
		uint64_t val;
		if (ls_dynamic_get(obj, (uint64_t)i, &tag, &val, &d) == 0)
			fz_sink += (size_t)tag + (size_t)val;
	}
	for (uint32_t s = 0; s < obj->shnum; s++) {
		const ls_section *sec = &obj->sections[s];
		ls_bytes b;
		if (sec->type != 7 /* SHT_NOTE */ ||
		    !ls_sub(obj->file, sec->offset, sec->size, &b))
			continue;
		uint64_t cur = 0;
		ls_note note;
		while (ls_note_next(obj, b, sec->offset, sec->addralign, &cur,
				    &note, &d) == 1) {
			fz_touch_n(note.name, note.name_len);
			fz_touch_n(note.desc.base, note.desc.size);
		}
	}
	for (uint32_t p = 0; p < obj->phnum; p++) {
		const ls_segment *seg = &obj->segments[p];
		ls_bytes b;
		if (seg->type != 4 /* PT_NOTE */ ||
		    !ls_sub(obj->file, seg->offset, seg->filesz, &b))
			continue;
		uint64_t cur = 0;
		ls_note note;
		while (ls_note_next(obj, b, seg->offset, seg->align, &cur,
				    &note, &d) == 1)
			fz_touch_n(note.desc.base, note.desc.size);
	}
}

/* `check`: its pipeline (the audit and every requirement) and all three
 * writers. */
static void fz_audit(const ls_object *obj, const char *member)
{
	static ls_policy policy;
	ls_check_opts opts = { .policy = &policy, .go_funcs = true,
			       .setid = true };
	ls_check_result r;
	ls_diag d = { 0 };
	ls_json j;
	char err[200];

	if (policy.n == 0 &&
	    ls_policy_parse(&policy, "hardened,static,scratch,no-rpath,cet,bti,"
			    "no-cgo,glibc<=2.17,glibcxx<=3.4.20,cxxabi<=1.3.5,"
			    "gcc<=4.0,go>=1.30,buildid,target=debian-11,"
			    "target=manylinux_2_17",
			    err, sizeof err) < 0)
		abort();
	if (ls_check_run(&opts, obj, "fuzz.o", member, &r, &d) == 0) {
		ls_check_text(fz_out(), &r, true);
		ls_json_init(&j, fz_out(), true);
		ls_check_json_file(&j, &r);
		ls_json_init(&j, fz_out(), false);
		ls_sarif_begin(&j, &policy, "fuzz");
		ls_sarif_results(&j, &r);
		ls_sarif_end(&j);
	}
	ls_check_result_free(&r);
}

/* Decodes object bytes and lists them; failures are reported as the CLI
 * reports them (into the JSON error path). */
static void fz_object(const uint8_t *data, size_t size, uint64_t base_off,
		      const char *archive, const char *member)
{
	ls_bytes b = { data, size };
	ls_object obj;
	ls_diag d = { 0 };

	(void)ls_is_archive(b);
	(void)ls_is_elf(b);
	if (ls_object_open(&obj, b, base_off, &d) < 0) {
		ls_json j;
		ls_json_init(&j, fz_out(), false);
		ls_syms_json_begin(&j, "symtab");
		ls_syms_json_error(&j, archive ? archive : "fuzz.o", member,
				   &d);
		ls_syms_json_end(&j, NULL, 0);
		return;
	}
	fz_list_object(&obj, archive, member);
	fz_walk_tables(&obj);
	fz_audit(&obj, member);
	ls_object_close(&obj);
}

#endif
