/*
 * fuzz_elf.c - libFuzzer target: one ELF file (object, executable, shared
 * library, any class, byte order and machine).
 *
 * Decodes the bytes with ls_object_open, then decodes every .symtab and
 * .dynsym entry through ls_symbol_get / ls_symclass_of / ls_symbol_version,
 * builds the nm symbol list with several option sets and prints it as nm
 * text and as JSON into /dev/null.  Build with fuzz/build.sh.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_object(data, size, 0, NULL, NULL);
	return 0;
}
