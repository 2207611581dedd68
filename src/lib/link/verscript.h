/*
 * verscript.h - GNU version scripts: which symbols a shared library
 * exports (global or local) and under which version node, by the rules of
 * GNU ld (bfd), gold, lld or mold.
 *
 * The text is a --version-script file, or (LS_VS_VERSION_COMMAND) the
 * VERSION { ... } command of a linker script:
 *
 *   { global: foo; bar*; local: *; };             the anonymous node
 *   VERS_1.0 { global: foo; extern "C++" { "ns::f(int)"; ns::g*; }; };
 *   VERS_2.0 { bar; } VERS_1.0;                   a node and its parent
 *
 * The script is untrusted user text, read through core/bytes.h with
 * bounded size, counts and nesting; every error names its offset.  Each
 * linker tokenizes, accepts and resolves scripts differently, so parsing
 * takes the linker (enum ls_link_sem): a script the chosen linker refuses
 * is refused here, with that linker's reason.  verscript.c documents the
 * rules of each linker and where they come from.
 *
 * Zero copy: patterns and node names point into the text (a bfd name with
 * backslash escapes and the node names are copied, NUL-terminated, into
 * the result's one allocation), so the text must outlive the result.
 */
#ifndef LS_VERSCRIPT_H
#define LS_VERSCRIPT_H

#include "../core/bytes.h"
#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Flags of ls_verscript_parse. */
#define LS_VS_VERSION_COMMAND 0x1u	/* text is "VERSION { ... }" from -T */

/* Limits: a larger script is refused with a message. */
#define LS_VS_MAX_TEXT (64u << 20)	/* bytes */
#define LS_VS_MAX_PATTERNS (1u << 20)
#define LS_VS_MAX_NODES (1u << 16)
#define LS_VS_MAX_NEST 16		/* extern blocks inside extern blocks */

enum ls_vs_lang { LS_VS_C, LS_VS_CXX, LS_VS_JAVA };

/* ls_verscript_pat.flags */
#define LS_VSP_GLOBAL 0x01	/* listed under global: (or before any label) */
#define LS_VSP_QUOTED 0x02	/* written "..." */
#define LS_VSP_GLOB 0x04	/* a wildcard pattern for this linker */
#define LS_VSP_STAR 0x08	/* the catch-all "*" as this linker knows it */

/* One name or pattern, in script order. */
typedef struct ls_verscript_pat {
	const char *text;	/* not NUL-terminated: len bytes; for bfd with
				 * its backslash escapes removed */
	uint32_t len;
	uint32_t node;		/* index in nodes[] */
	uint32_t offset;	/* of the name in the script */
	uint8_t lang;		/* enum ls_vs_lang: the enclosing extern block */
	uint8_t flags;		/* LS_VSP_* */
	uint16_t pad_;
	uint32_t key_;		/* private: lookup key */
} ls_verscript_pat;

/* A dependency ("VERS_2 { ... } VERS_1;").  bfd and gold write it as the
 * Verdef's parent; lld and mold read it and drop it (seen: readelf -V). */
typedef struct ls_verscript_dep {
	const char *name;	/* not NUL-terminated: len bytes */
	uint32_t len;
	uint32_t offset;
	int32_t node;		/* the node of that name, or -1 */
} ls_verscript_dep;

typedef struct ls_verscript_node {
	const char *name;	/* NUL-terminated; NULL for the anonymous node.
				 * lld and mold keep the quotes of "V1" */
	uint32_t name_len;
	uint32_t offset;	/* of the name, or of '{' */
	uint32_t first_pat, npats;	/* pats[first_pat .. +npats) */
	uint32_t first_dep, ndeps;	/* deps[first_dep .. +ndeps) */
} ls_verscript_node;

struct ls_vs_index;

typedef struct ls_verscript {
	int sem;			/* enum ls_link_sem it was read for */
	ls_verscript_node *nodes;	/* in script order */
	size_t nnodes;
	ls_verscript_pat *pats;		/* in script order, node after node */
	size_t npats;
	ls_verscript_dep *deps;
	size_t ndeps;
	/* What the linker would warn about while reading the script (bfd:
	 * "ignoring invalid character"; gold: "*" in two versions): the
	 * first one, and how many. */
	ls_diag warning;
	unsigned nwarnings;
	struct ls_vs_index *ix_;	/* private: the lookup tables */
	void *block_;			/* private: the one allocation */
} ls_verscript;

/* The answer for one symbol. */
typedef struct ls_vermatch {
	bool matched;		/* some pattern or "*" covers the symbol */
	bool global;		/* exported; false: made local (hidden) */
	bool exact;		/* decided by a name without wildcards */
	bool catch_all;		/* decided by "*" */
	bool ambiguous;		/* the linker warns: gold "using 'V1' as
				 * version for 'foo' which is also named in
				 * version 'V2'", lld "attempt to reassign
				 * symbol" */
	const char *version;	/* node of the deciding pattern, NUL-
				 * terminated; NULL for the anonymous node
				 * or when !matched */
	size_t version_len;
	int node;		/* index in nodes[], -1 when !matched */
	int pat;		/* index in pats[] of the deciding pattern */
	uint64_t offset;	/* its offset in the script */
} ls_vermatch;

/*
 * Reads text as sem (enum ls_link_sem of linkcmd.h) reads it.  Returns 0,
 * or -1 with d naming what that linker refuses and where (out is then
 * empty).  Allocates once, at most 80 bytes per name or pattern (each
 * takes at least two bytes of text), and at most LS_VS_MAX_PATTERNS names.
 */
int ls_verscript_parse(ls_bytes text, int sem, unsigned flags,
		       ls_verscript *out, ls_diag *d);
void ls_verscript_free(ls_verscript *vs);

/*
 * Which node and binding the linker gives the defined symbol name (len
 * bytes, no "@VERSION" suffix).  demangled is the name as
 * ls_demangle() gives it (libiberty, DMGL_PARAMS | DMGL_ANSI), or NULL when
 * name is not a mangled C++ name: extern "C++" patterns match the
 * demangled name, and bfd, lld and mold let them match a plain name too.
 * Returns 1 when a pattern matches (out filled), 0 when none does (the
 * symbol keeps its default: global, no version), -1 on bad arguments.
 * extern "Java" patterns (bfd and gold only) match, for bfd, a name that
 * does not demangle; the Java form of a mangled name is not modelled.
 */
int ls_verscript_lookup(const ls_verscript *vs, const char *name, size_t len,
			const char *demangled, ls_vermatch *out);

#endif
