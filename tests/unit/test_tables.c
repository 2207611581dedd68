/*
 * test_tables.c - relocations, dynamic entries and notes, read from the
 * test program itself (a real gcc-linked PIE with .rela.dyn, .dynamic and
 * a GNU build-id note).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/mapfile.h"
#include "model/object.h"
#include "readers/elf_dynamic.h"
#include "readers/elf_notes.h"
#include "readers/elf_relocs.h"
#include <elf.h>

static ls_mapfile mf;
static ls_object obj;

static int setup(void **state)
{
	ls_diag d = { 0 };
	(void)state;
	if (ls_map("/proc/self/exe", &mf, &d) < 0)
		return -1;
	return ls_object_open(&obj, mf.bytes, 0, &d);
}

static int teardown(void **state)
{
	(void)state;
	ls_object_close(&obj);
	ls_unmap(&mf);
	return 0;
}

static void test_dynamic_has_needed_and_null(void **state)
{
	ls_diag d = { 0 };
	int64_t n = ls_dynamic_count(&obj, &d);
	bool needed = false, null = false;
	(void)state;
	assert_true(n > 2);
	for (int64_t i = 0; i < n; i++) {
		int64_t tag;
		uint64_t val;
		assert_int_equal(ls_dynamic_get(&obj, (uint64_t)i, &tag, &val, &d), 0);
		needed |= tag == DT_NEEDED;
		null |= tag == DT_NULL;
	}
	assert_true(needed);
	assert_true(null);
	assert_int_equal(ls_dynamic_get(&obj, (uint64_t)n, &(int64_t){0}, &(uint64_t){0}, &d), -1);
}

static void test_relocations_decode(void **state)
{
	ls_diag d = { 0 };
	int sections = 0;
	(void)state;
	for (uint32_t s = 1; s < obj.shnum; s++) {
		if (obj.sections[s].type != SHT_RELA)
			continue;
		sections++;
		int64_t n = ls_reloc_count(&obj, s, &d);
		assert_int_equal(n, (int64_t)(obj.sections[s].size / 24));
		for (int64_t i = 0; i < n; i++) {
			ls_reloc r;
			assert_int_equal(ls_reloc_get(&obj, s, (uint64_t)i, &r, &d), 0);
			assert_true(r.sym < obj.dynsym.count);
			assert_true(r.type != R_X86_64_NONE);
		}
		assert_int_equal(ls_reloc_get(&obj, s, (uint64_t)n, &(ls_reloc){0}, &d), -1);
	}
	assert_true(sections > 0);
	assert_int_equal(ls_reloc_count(&obj, obj.dynsym.section, &d), -1);
}

static void test_build_id_note(void **state)
{
	ls_diag d = { 0 };
	bool found = false;
	(void)state;
	for (uint32_t s = 1; s < obj.shnum; s++) {
		if (obj.sections[s].type != SHT_NOTE)
			continue;
		ls_bytes b;
		assert_true(ls_sub(obj.file, obj.sections[s].offset, obj.sections[s].size, &b));
		uint64_t cur = 0;
		ls_note n;
		while (ls_note_next(&obj, b, obj.sections[s].offset,
				    obj.sections[s].addralign, &cur, &n, &d) == 1)
			if (n.type == NT_GNU_BUILD_ID && n.name_len == 3 &&
			    memcmp(n.name, "GNU", 3) == 0) {
				found = true;
				assert_int_equal(n.desc.size, 20);
			}
	}
	assert_true(found);
	/* A note whose name runs past its section is an error. */
	static const uint8_t bad[12] = { 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
	uint64_t cur = 0;
	ls_note n;
	assert_int_equal(ls_note_next(&obj, (ls_bytes){ bad, 12 }, 0, 4, &cur, &n, &d), -1);
	assert_non_null(strstr(d.msg, "extends past its section"));
}

/* The load-info record: the test program is a dynamically linked PIE. */
static void test_loadinfo(void **state)
{
	ls_diag d = { 0 };
	ls_loadinfo li;
	bool libc = false;
	(void)state;
	assert_int_equal(ls_loadinfo_read(&obj, true, &li, &d), 0);
	assert_non_null(li.interp);
	assert_non_null(strstr(li.interp, "ld-linux"));
	assert_true(li.has_dynamic);
	assert_true(li.dyn.nneeded > 0);
	for (uint32_t i = 0; i < li.dyn.nneeded; i++)
		libc |= !strcmp(li.dyn.needed[i], "libc.so.6");
	assert_true(libc);
	ls_loadinfo_free(&li);
	assert_null(li.dyn.needed);
}

/* The GNU notes record: gcc links a 20-byte build ID in. */
static void test_gnu_notes(void **state)
{
	ls_diag d = { 0 };
	ls_gnu_notes n;
	(void)state;
	assert_int_equal(ls_gnu_notes_read(&obj, &n, &d), 0);
	assert_int_equal(n.build_id.size, 20);
}

/* The dynamic relocation ranges: every entry names a symbol inside
 * .dynsym, and the hash table answers for each named symbol. */
static void test_dynrels_and_hash(void **state)
{
	ls_diag d = { 0 };
	ls_dynrels dr;
	ls_hashtab h;
	uint64_t total = 0;
	(void)state;
	assert_int_equal(ls_dynrels_read(&obj, &dr, &d), 0);
	assert_int_equal(ls_hashtab_open(&h, &obj, LS_HASH_NONE, &d), 0);
	assert_int_equal(h.kind, LS_HASH_GNU);
	const ls_relrange *rg[] = { &dr.rela, &dr.rel, &dr.jmp };
	for (int k = 0; k < 3; k++)
		for (uint64_t i = rg[k]->first; i < rg[k]->n; i++) {
			uint32_t sym, type;
			ls_rawsym r;
			ls_relrange_get(&obj, rg[k], i, &sym, &type);
			total++;
			assert_true(sym < obj.dynsym.count);
			assert_true(type != R_X86_64_NONE);
			assert_true(ls_rawsym_get(&obj, sym, &r));
		}
	assert_true(total > 0);
	assert_true(dr.jmp.jmprel && dr.jmp.rela);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dynamic_has_needed_and_null),
		cmocka_unit_test(test_relocations_decode),
		cmocka_unit_test(test_build_id_note),
		cmocka_unit_test(test_loadinfo),
		cmocka_unit_test(test_gnu_notes),
		cmocka_unit_test(test_dynrels_and_hash),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
