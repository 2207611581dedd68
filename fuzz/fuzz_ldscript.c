/*
 * fuzz_ldscript.c - libFuzzer target: the linker-script reader
 * (src/lib/link/ldscript.c) on arbitrary bytes.
 *
 * ls_ldscript_detect on the input (it looks at the first 64 KiB only),
 * then ls_ldscript_parse whatever detect said, as the link does for a
 * file detect accepted: every entry and SEARCH_DIR it returns is read to
 * its end, the flags are checked against each other, and a failure must
 * leave the result empty and give a message (with an offset inside the
 * input when it has one).  Nothing is written; everything is freed per
 * input (leak detection is on).  Build with fuzz/build.sh.
 */
#include "link/ldscript.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Makes reads of returned strings observable (ASan sees every byte). */
static volatile size_t fz_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ls_bytes b = { data, size };
	ls_ldscript s;
	ls_diag d = { 0 };
	size_t groups = 0;

	fz_sink += ls_ldscript_detect(b);
	if (ls_ldscript_parse(b, &s, &d) < 0) {
		if (!d.msg[0] || s.nentries || s.entries || s.nsearch_dirs ||
		    s.search_dirs)
			abort();
		if (d.has_offset && d.offset > size)
			abort();
		fz_sink += strlen(d.msg);
		return 0;
	}
	for (size_t i = 0; i < s.nentries; i++) {
		const ls_ldscript_entry *e = &s.entries[i];
		size_t n = strlen(e->name);

		/* "-l" alone is a file name, not a library. */
		if (e->is_lib && !n)
			abort();
		if ((e->group_start || e->group_end) && !e->group)
			abort();
		if (e->group_start)
			groups++;
		if (e->group_end) {
			if (!groups)
				abort();
			groups--;
		}
		fz_sink += n + e->as_needed;
	}
	if (groups)
		abort();
	for (size_t i = 0; i < s.nsearch_dirs; i++)
		fz_sink += strlen(s.search_dirs[i]);
	ls_ldscript_free(&s);
	return 0;
}
