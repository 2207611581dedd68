/*
 * fuzz_gostub.c - libFuzzer target: the stub rule's scan of one Go file
 * (gostub.c: the build constraint's !cgo term and the first string literal
 * naming cgo) on arbitrary bytes.  Build with fuzz/build.sh.
 */
#include "go/gostub.h"

#include <stdint.h>
#include <string.h>

static volatile size_t fz_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ls_bytes b = { data, size };
	ls_gostub_scan sc;

	ls_gostub_scan_bytes(b, &sc);
	if (sc.message) {
		size_t n = strlen(sc.message);

		if (n > LS_GOSTUB_MSG_MAX)
			__builtin_trap();
		for (size_t i = 0; i < n; i++)
			fz_sink += (unsigned char)sc.message[i];
	}
	fz_sink += sc.not_cgo;
	ls_gostub_scan_free(&sc);
	return 0;
}
