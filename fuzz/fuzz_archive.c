/*
 * fuzz_archive.c - libFuzzer target: one `ar` archive (GNU, BSD or thin).
 *
 * Opens the bytes with ls_archive_open; walks the whole symbol index as
 * `syms -s` does (the syms pipeline's ls_armap_run: the iterator,
 * ls_archive_member_at, member names) and prints it (ls_nm_armap_entry);
 * reads entries at random with ls_archive_symbol; walks the members with
 * ls_archive_next and lists every member's symbols as `linkscope syms`
 * would (see fuzz_common.h).
 *
 * Thin archives name files outside the archive; here only the name
 * resolution (ls_archive_thin_path) is exercised, no file is ever opened.
 * Build with fuzz/build.sh.
 */
#include "fuzz_common.h"

#include <limits.h>

/*
 * Random access: ls_archive_symbol walks the names from the start on every
 * call (archive.h: "use the iterator for all of them"), so visiting all n
 * entries this way is O(n^2) by design.  The iterator (fz_armap) visits
 * them all; here the first SYMIDX_CAP entries, the last two and one past
 * the end are enough to cover every path without a by-design timeout.
 */
#define SYMIDX_CAP 2048

static void fz_symidx(const ls_archive *ar)
{
	for (uint64_t i = 0; i <= ar->nsyms + 1; i++) {
		const char *name = NULL;
		uint64_t off = 0;
		ls_member m;
		ls_diag d = { 0 };

		if (i == SYMIDX_CAP && ar->nsyms > SYMIDX_CAP + 2)
			i = ar->nsyms - 2;
		if (ls_archive_symbol(ar, i, &name, &off) < 0)
			continue;
		fz_touch(name);
		if (ls_archive_member_at(ar, off, &m, &d) == 0) {
			fz_touch_n(m.name, m.name_len);
			fz_touch_n(m.data.base, m.data.size);
		} else {
			fz_touch(d.msg);
		}
	}
}

/* What `linkscope syms -s` prints before the members: the syms
 * pipeline's ls_armap_run (every index entry, in order, with its member's
 * name), then the entries in both formats. */
static void fz_armap(const ls_archive *ar, const char *path)
{
	static const ls_nm_fmt fmts[] = {
		{ .format = LS_NM_BSD, .radix = 'x', .file_per_file = true },
		{ .format = LS_NM_POSIX, .radix = 'x', .demangle = true },
	};
	FILE *out = fz_out();
	ls_armap_result r;
	ls_diag d = { 0 };

	if (ls_armap_run(ar, path, &r, &d) < 0)
		fz_touch(d.msg);
	if (r.broken)
		fz_touch(r.error.msg);
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
		ls_nm_archive_header(out, &fmts[k], path);
		for (size_t i = 0; i < r.n; i++)
			ls_nm_armap_entry(out, &fmts[k], r.v[i].symbol,
					  r.v[i].member);
	}
	ls_armap_result_free(&r);
	fflush(out);
}

static void fz_thin_member(const ls_member *m)
{
	static const char *const paths[] = {
		"lib.a", "dir/sub/lib.a", "/abs/dir/libthin.a", "/lib.a", "",
	};
	char big[PATH_MAX], small[8];

	for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
		int n = ls_archive_thin_path(paths[k], m, big, sizeof big);
		if (n >= 0)
			fz_touch_n(big, (size_t)n + 1);
		n = ls_archive_thin_path(paths[k], m, small, sizeof small);
		if (n >= 0)
			fz_touch_n(small, (size_t)n + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = "fuzz.a";
	ls_bytes file = { data, size };
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };
	uint64_t cur;
	char name[PATH_MAX];

	(void)ls_is_archive(file);
	if (ls_archive_open(&ar, file, &d) < 0) {
		fz_touch(d.msg);
		return 0;
	}
	fz_touch_n(ar.longnames.base, ar.longnames.size);
	fz_touch_n(ar.symidx.base, ar.symidx.size);
	fz_armap(&ar, path);
	fz_symidx(&ar);

	cur = ar.first;
	for (;;) {
		int r = ls_archive_next(&ar, &cur, &m, &d);
		if (r <= 0) {
			if (r < 0)
				fz_touch(d.msg);
			break;
		}
		fz_touch_n(m.name, m.name_len);
		if (ar.thin) {
			fz_thin_member(&m);
			continue;
		}
		snprintf(name, sizeof name, "%.*s", (int)m.name_len, m.name);
		/* A private copy, so that a read past the member's end is an
		 * ASan report rather than a silent read of the next member. */
		uint8_t *copy = malloc(m.data.size ? m.data.size : 1);
		if (!copy)
			abort();
		if (m.data.size)
			memcpy(copy, m.data.base, m.data.size);
		fz_object(copy, m.data.size, m.data_off, path, name);
		free(copy);
	}
	return 0;
}
