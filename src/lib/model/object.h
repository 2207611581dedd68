/*
 * object.h - the one object model every analysis reads.
 *
 * A reader (today ELF; Mach-O and PE later) turns a mapped file into an
 * ls_object.  Headers and section/segment tables are decoded once into
 * host-order structs (their count is bounded by the file size); symbols,
 * relocations and notes stay in the mapping and are decoded one at a time
 * on demand, so a million-symbol file costs no per-symbol allocation.
 *
 * Strings (names) point into the mapping and were proven NUL-terminated
 * inside their string table before being handed out.
 */
#ifndef LS_OBJECT_H
#define LS_OBJECT_H

#include "../core/bytes.h"
#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ls_section {
	const char *name;	/* "" when the name is unreadable */
	uint32_t type;
	uint64_t flags;
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	uint32_t info;
	uint64_t addralign;
	uint64_t entsize;
} ls_section;

typedef struct ls_segment {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
} ls_segment;

/* One decoded symbol; filled by ls_symbol_get(), never stored per symbol. */
typedef struct ls_symbol {
	const char *name;
	size_t name_len;
	uint64_t value;
	uint64_t size;
	uint32_t shndx;		/* SHN_XINDEX already resolved */
	uint16_t raw_shndx;	/* as stored in st_shndx */
	uint8_t bind;
	uint8_t type;
	uint8_t visibility;
	uint8_t other;
	uint16_t versym;	/* .gnu.version entry, 0 when none */
	bool has_versym;
} ls_symbol;

typedef struct ls_symtab {
	bool present;
	uint32_t section;	/* index of the SHT_SYMTAB / SHT_DYNSYM */
	uint32_t count;		/* entries, including the null symbol */
	uint32_t first_global;	/* sh_info */
	uint64_t entsize;
	ls_bytes data;		/* the entries */
	ls_bytes strtab;	/* the linked string table */
	ls_bytes shndx;		/* SHT_SYMTAB_SHNDX, empty when absent */
	uint64_t data_off;	/* file offsets, for diagnostics */
	uint64_t shndx_off;
	/* Found through the dynamic tags of a file without section headers
	 * (section 0, first_global 0): st_shndx names sections the file
	 * does not describe, and nm does not see the table. */
	bool from_dynamic;
} ls_symtab;

/* A version name known to the file: from Verdef (defined) or Vernaux. */
typedef struct ls_version {
	uint16_t index;		/* vd_ndx / vna_other, hidden bit cleared */
	const char *name;	/* NULL when a Verdef has no name entry */
	uint16_t flags;		/* vd_flags / vna_flags */
	bool defined;		/* from .gnu.version_d */
	const char *file;	/* for Vernaux: the vn_file (library) */
	uint32_t seq;		/* position in the file (Verdefs, then Verneed
				 * and Vernaux chain order): the array is
				 * sorted by index */
} ls_version;

enum ls_kind { LS_KIND_ELF = 1 };

typedef struct ls_object {
	int kind;
	ls_bytes file;		/* the whole object (a member's bytes for ar) */
	uint64_t base_off;	/* offset of file within the outer file */

	/* ELF header, host order */
	uint8_t elfclass;	/* ELFCLASS32 or ELFCLASS64 */
	uint8_t order;		/* LS_LE / LS_BE */
	uint8_t osabi;
	uint8_t abiversion;
	uint16_t type;
	uint16_t machine;
	uint32_t flags;
	uint64_t entry;
	uint64_t phoff, shoff;
	uint32_t phnum, shnum, shstrndx;
	int wordsize;		/* 4 or 8 */

	ls_section *sections;	/* shnum entries */
	ls_segment *segments;	/* phnum entries */

	ls_symtab symtab;	/* .symtab */
	ls_symtab dynsym;	/* .dynsym */

	/* Symbol versions: every Verdef and Vernaux, sorted by index. */
	ls_bytes versym;	/* .gnu.version (for .dynsym) */
	ls_version *versions;
	uint32_t nversions;	/* entries in versions */
	uint32_t nverdefs;	/* highest Verdef index */
	bool has_verdef, has_verneed;
} ls_object;

/*
 * Decodes object bytes.  file is the object's own bytes; base_off is where
 * they start in the file the user named (non-zero for archive members), so
 * diagnostics carry absolute offsets.  Returns 0, or -1 with d filled.
 */
int ls_object_open(ls_object *obj, ls_bytes file, uint64_t base_off,
		   ls_diag *d);
void ls_object_close(ls_object *obj);

/* True when the bytes start with an ELF magic number. */
bool ls_is_elf(ls_bytes file);

/* Decodes symbol i of tab.  Returns 0, or -1 with d filled. */
int ls_symbol_get(const ls_object *obj, const ls_symtab *tab, uint32_t i,
		  ls_symbol *out, ls_diag *d);

/* The section a symbol lives in, or NULL for special indexes. */
const ls_section *ls_symbol_section(const ls_object *obj,
				    const ls_symbol *sym);

/* The version with this index (Verdef preferred over Vernaux), or NULL. */
const ls_version *ls_version_lookup(const ls_object *obj, uint16_t idx);

/* One relocation of a SHT_REL/SHT_RELA section, decoded on demand. */
typedef struct ls_reloc {
	uint64_t offset;
	uint64_t type;
	uint32_t sym;		/* index in the section's sh_link table */
	int64_t addend;		/* 0 for SHT_REL */
} ls_reloc;

/* Number of relocations in section sec, or -1 with d filled when sec is
 * not a well-formed SHT_REL/SHT_RELA section. */
int64_t ls_reloc_count(const ls_object *obj, uint32_t sec, ls_diag *d);
int ls_reloc_get(const ls_object *obj, uint32_t sec, uint64_t i,
		 ls_reloc *out, ls_diag *d);

/* The dynamic section (from SHT_DYNAMIC, else PT_DYNAMIC), entry i. */
int64_t ls_dynamic_count(const ls_object *obj, ls_diag *d);
int ls_dynamic_get(const ls_object *obj, uint64_t i, int64_t *tag,
		   uint64_t *val, ls_diag *d);

/*
 * The file bytes that back [vaddr, vaddr + size) in one PT_LOAD segment
 * (only its p_filesz part: .bss has no bytes).  *file_off is where they
 * start in the object.  False when no segment holds the whole range.
 */
bool ls_vaddr_bytes(const ls_object *obj, uint64_t vaddr, uint64_t size,
		    ls_bytes *out, uint64_t *file_off);

/*
 * The file bytes from vaddr to the end of the file part of the PT_LOAD
 * holding it, cut at the end of the file: for tables whose size no tag
 * gives (DT_GNU_HASH, DT_HASH, DT_SYMTAB).  False when no segment holds
 * vaddr.
 */
bool ls_vaddr_tail(const ls_object *obj, uint64_t vaddr, ls_bytes *out,
		   uint64_t *file_off);

/*
 * The string table of the dynamic section: the SHT_DYNAMIC section's
 * sh_link, else DT_STRTAB/DT_STRSZ through the load segments.  An object
 * without one gets an empty view and 0; -1 with d filled when it is named
 * but lies outside the file.
 */
int ls_dynstr(const ls_object *obj, ls_bytes *out, uint64_t *file_off,
	      ls_diag *d);

/* What the dynamic section tells the loader, decoded in one pass (up to
 * DT_NULL).  Strings point into the object. */
typedef struct ls_dyninfo {
	const char **needed;	/* DT_NEEDED in order (heap: ls_dyninfo_free) */
	uint32_t nneeded;
	const char *soname, *rpath, *runpath;	/* NULL when absent */
	uint64_t flags, flags_1;	/* DT_FLAGS, DT_FLAGS_1 (ORed) */
	bool bind_now;		/* DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW */
	bool textrel;		/* DT_TEXTREL or DF_TEXTREL */
	bool symbolic;		/* DT_SYMBOLIC or DF_SYMBOLIC */
	bool debug;		/* DT_DEBUG */
} ls_dyninfo;

/* 0 with info filled (all zero for a file without a dynamic section), or
 * -1 with d filled (a string outside the dynamic string table). */
int ls_dyninfo_read(const ls_object *obj, ls_dyninfo *info, ls_diag *d);
void ls_dyninfo_free(ls_dyninfo *info);

/*
 * What the loader reads of an object before it binds a symbol: the
 * interpreter and the dynamic section.  One record, decoded once by the
 * reader (readers/elf_tables.c) and shared by `check` (analysis/audit.c)
 * and `deps` (analysis/dsocache.c).
 */
typedef struct ls_loadinfo {
	const char *interp;	/* PT_INTERP, NULL when none */
	bool has_dynamic;	/* a PT_DYNAMIC segment */
	ls_dyninfo dyn;		/* all zero when not read */
} ls_loadinfo;

/*
 * Fills li from obj.  loader_view: read the dynamic section only when a
 * PT_DYNAMIC segment exists, as ld.so finds it (l_ld); otherwise also a
 * SHT_DYNAMIC section alone, as `check` reports a file.  0, or -1 with d
 * filled (PT_INTERP not a string inside the file, or what
 * ls_dyninfo_read refuses); li is then freed.
 */
int ls_loadinfo_read(const ls_object *obj, bool loader_view, ls_loadinfo *li,
		     ls_diag *d);
void ls_loadinfo_free(ls_loadinfo *li);

/* Notes: walks one SHT_NOTE section or PT_NOTE segment given as bytes. */
typedef struct ls_note {
	const char *name;	/* not NUL-terminated: name_len bytes */
	uint32_t name_len;
	uint32_t type;
	ls_bytes desc;
} ls_note;

/* Reads the note at *cursor in notes and advances the cursor: 1 per
 * note, 0 at the end, -1 with d filled.  base is the notes' offset in
 * the object, for diagnostics; align is the section's alignment. */
int ls_note_next(const ls_object *obj, ls_bytes notes, uint64_t base,
		 uint64_t align, uint64_t *cursor, ls_note *out, ls_diag *d);

/* The architecture's name for messages and JSON ("x86-64", "aarch64", ...). */
const char *ls_machine_name(uint16_t machine);

#endif
