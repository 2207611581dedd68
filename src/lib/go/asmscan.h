/*
 * asmscan.h - the symbols one Go assembly (.s) file defines and refers
 * to, as the assembler names them for the linker: `TEXT ·f(SB)` defines
 * PKG.f, `CALL runtime·prof(SB)`, `JMP pkg·sym(SB)`, `MOVQ sym+8(SB), AX`
 * refer to runtime.prof, pkg.sym, sym.  File-local names (`x<>`) are left
 * out; `∕` becomes '/', `·` '.'; an ABI selector (`<ABIInternal>`) is
 * reported apart.  Lines of #define macros are not read (their arguments
 * are not names).  Build constraints are the caller's
 * (ls_header_build).
 */
#ifndef LS_ASMSCAN_H
#define LS_ASMSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_asmsym {
	const char *name;	/* NUL-terminated, valid during the callback */
	size_t n;
	bool def;		/* TEXT, GLOBL or DATA: a definition */
	bool text;		/* TEXT: a function */
	bool abi_internal;	/* <ABIInternal> */
	uint32_t line;
} ls_asmsym;

/* Calls fn for every named symbol of the assembly source p[0..n) of the
 * package pkg (its import path), in order. */
void ls_asm_scan(const char *p, size_t n, const char *pkg,
		 void (*fn)(void *ctx, const ls_asmsym *s), void *ctx);

#endif
