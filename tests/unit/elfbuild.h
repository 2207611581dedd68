/*
 * elfbuild.h - in-memory builders of ELF objects and ar archives for the
 * unit tests.
 *
 * The ELF builder emits ELF32 or ELF64 in either byte order with chosen
 * sections, program headers, symbols and string tables.  It lays the file
 * out as: ELF header, program headers, section contents (8-aligned),
 * .shstrtab (added automatically unless disabled), section headers.  Every
 * field it writes can be overridden before eb_finish(), and the finished
 * image can be patched with eb_put*() at the offsets eb_finish() recorded,
 * so malformed inputs are a one-line change from a good one.
 *
 * The ar builder writes member headers field by field so that tests can
 * feed bad size fields, terminators and names.
 */
#ifndef LS_TEST_ELFBUILD_H
#define LS_TEST_ELFBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer. */
typedef struct eb_buf {
	uint8_t *p;
	size_t n, cap;
} eb_buf;

void eb_buf_add(eb_buf *b, const void *data, size_t n);
void eb_buf_zero(eb_buf *b, size_t n);
/* Appends s with its NUL; returns the offset it starts at. */
uint32_t eb_buf_str(eb_buf *b, const char *s);
void eb_buf_u8(eb_buf *b, uint8_t v);
void eb_buf_u16(eb_buf *b, int order, uint16_t v);
void eb_buf_u32(eb_buf *b, int order, uint32_t v);
void eb_buf_u64(eb_buf *b, int order, uint64_t v);
void eb_buf_free(eb_buf *b);

/* Writes a field of the given width and byte order into an image. */
void eb_put16(uint8_t *img, uint64_t off, int order, uint16_t v);
void eb_put32(uint8_t *img, uint64_t off, int order, uint32_t v);
void eb_put64(uint8_t *img, uint64_t off, int order, uint64_t v);
void eb_putword(uint8_t *img, uint64_t off, int order, int wordsize,
		uint64_t v);

#define EB_MAXSEC 32
#define EB_MAXPH 8

typedef struct eb_sec {
	const char *name;
	uint32_t type;
	uint64_t flags;
	uint64_t addr;
	uint32_t link;
	uint32_t info;
	uint64_t align;
	uint64_t entsize;
	eb_buf data;		/* contents (ignored for SHT_NOBITS) */
	uint64_t nobits_size;	/* sh_size for SHT_NOBITS */
	/* Overrides of what eb_finish would write. */
	bool set_size, set_offset, set_name;
	uint64_t size, offset;
	uint32_t name_off;
	/* Filled by eb_finish. */
	uint64_t file_off;	/* where the contents were placed */
} eb_sec;

typedef struct eb_ph {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
} eb_ph;

typedef struct elfb {
	uint8_t elfclass;	/* ELFCLASS32 / ELFCLASS64 */
	int order;		/* LS_LE / LS_BE */
	int wordsize;
	uint16_t type, machine;
	uint32_t flags;
	uint64_t entry;
	uint8_t osabi, abiversion;

	eb_sec sec[EB_MAXSEC];	/* sec[0] is the null section */
	uint32_t nsec;
	eb_ph ph[EB_MAXPH];
	uint32_t nph;

	bool no_shstrtab;	/* do not add .shstrtab (e_shstrndx 0) */
	bool shnum_escape;	/* e_shnum 0, count in section 0's sh_size */
	bool shstrndx_escape;	/* e_shstrndx SHN_XINDEX, index in sh_link */
	bool phnum_escape;	/* e_phnum PN_XNUM, count in sh_info */
	bool no_sections;	/* e_shoff 0, e_shnum 0 */

	/* Filled by eb_finish. */
	uint32_t shstrndx;
	uint64_t shoff, phoff, ehsize, shentsize, phentsize;
	size_t size;
} elfb;

void eb_init(elfb *b, uint8_t elfclass, int order, uint16_t machine,
	     uint16_t type);
void eb_free(elfb *b);

/* Adds a section and returns its index. */
uint32_t eb_add(elfb *b, const char *name, uint32_t type, uint64_t flags);
/* Adds a section with the given contents. */
uint32_t eb_add_data(elfb *b, const char *name, uint32_t type, uint64_t flags,
		     const void *data, size_t n);
/* Adds an SHT_NOBITS section of the given size. */
uint32_t eb_add_nobits(elfb *b, const char *name, uint64_t flags,
		       uint64_t size);

/*
 * Adds a symbol table (SHT_SYMTAB or SHT_DYNSYM) with its string table
 * (added first, named strname) and the null symbol; returns the symbol
 * table's index.
 */
uint32_t eb_add_symtab(elfb *b, const char *name, uint32_t type,
		       const char *strname);
/* Appends a symbol; returns its index in the table. */
uint32_t eb_sym(elfb *b, uint32_t symtab, const char *name, uint64_t value,
		uint64_t size, uint8_t bind, uint8_t type, uint8_t other,
		uint16_t shndx);
/* Appends a symbol with a raw st_name offset. */
uint32_t eb_sym_raw(elfb *b, uint32_t symtab, uint32_t name, uint64_t value,
		    uint64_t size, uint8_t info, uint8_t other, uint16_t shndx);
/* Symbols in a table so far (including the null symbol). */
uint32_t eb_nsyms(const elfb *b, uint32_t symtab);

/* Appends a string to a section's contents; returns its offset. */
uint32_t eb_str(elfb *b, uint32_t sec, const char *s);

void eb_add_ph(elfb *b, uint32_t type, uint32_t flags, uint64_t offset,
	       uint64_t vaddr, uint64_t filesz, uint64_t memsz);

/* Lays the file out; returns a malloc'd image of b->size bytes. */
uint8_t *eb_finish(elfb *b, size_t *size);

/* Offset of section i's header in the finished image. */
uint64_t eb_shdr_off(const elfb *b, uint32_t i);

/* ELF header field offsets (class-dependent). */
enum eb_ehdr_field {
	EB_E_TYPE, EB_E_MACHINE, EB_E_VERSION, EB_E_ENTRY, EB_E_PHOFF,
	EB_E_SHOFF, EB_E_FLAGS, EB_E_EHSIZE, EB_E_PHENTSIZE, EB_E_PHNUM,
	EB_E_SHENTSIZE, EB_E_SHNUM, EB_E_SHSTRNDX,
};
uint64_t eb_ehdr_off(const elfb *b, int field);

/* Section header field offsets (class-dependent). */
enum eb_shdr_field {
	EB_SH_NAME, EB_SH_TYPE, EB_SH_FLAGS, EB_SH_ADDR, EB_SH_OFFSET,
	EB_SH_SIZE, EB_SH_LINK, EB_SH_INFO, EB_SH_ADDRALIGN, EB_SH_ENTSIZE,
};
uint64_t eb_shdr_field(const elfb *b, uint32_t i, int field);

/* GNU symbol versions ---------------------------------------------------- */

/* Appends a Verdef with one Verdaux per name (offsets into the linked
 * string table); vd_next is 0 when last, else the next entry follows. */
void eb_verdef(eb_buf *b, int order, uint16_t flags, uint16_t ndx,
	       uint32_t nnames, const uint32_t *names, bool last);
/* Appends a Verneed for file with naux Vernaux entries. */
void eb_verneed(eb_buf *b, int order, uint32_t file, uint32_t naux,
		const uint16_t *others, const uint16_t *flags,
		const uint32_t *names, bool last);

/*
 * A shared object (ET_DYN, EM_X86_64 unless changed) with .dynsym,
 * .gnu.version, .gnu.version_d and .gnu.version_r:
 *
 *   Verdef  1 "libfix.so.1" (VER_FLG_BASE), 2 "VERS_1", 3 "VERS_2"
 *           (with parent VERS_1)
 *   Vernaux 4 "GLIBC_2.2.5", 5 "GLIBC_2.34" (VER_FLG_WEAK) of "libc.so.6"
 *
 * and the dynamic symbols listed in enum eb_dso_sym with the versym
 * entries given there.  The sections are left unfinished so a test can
 * change them; call eb_finish().
 */
enum eb_dso_sym {
	EB_DSO_FOO = 1,		/* FUNC .text, versym 2: foo@@VERS_1 */
	EB_DSO_BAR,		/* FUNC .text, versym 0x8003: bar@VERS_2 */
	EB_DSO_PRINTF,		/* FUNC undef, versym 4: printf@GLIBC_2.2.5 */
	EB_DSO_BASE,		/* OBJECT .data, versym 1 (base): no suffix */
	EB_DSO_VERS1,		/* OBJECT abs "VERS_1", versym 2: no suffix */
	EB_DSO_UNVER,		/* FUNC .text, versym 0 (local): no suffix */
	EB_DSO_MEMCPY,		/* FUNC undef, versym 5: memcpy@GLIBC_2.34 */
	EB_DSO_BAZ,		/* FUNC .text, versym 3: baz@@VERS_2 */
	EB_DSO_NSYMS		/* count including the null symbol */
};
typedef struct eb_dso {
	uint32_t text, data, dynstr, dynsym, versym, verdef, verneed;
} eb_dso;
void eb_versioned_dso(elfb *b, eb_dso *x, uint8_t elfclass, int order);

/* ar archives ------------------------------------------------------------ */

typedef struct arb {
	eb_buf b;
} arb;

/* Starts an archive: "!<arch>\n", or "!<thin>\n" when thin. */
void arb_init(arb *a, bool thin);
/*
 * Appends a member header with the given raw name field (space padded to
 * 16) and a decimal size; then, when store is true, the contents and an
 * even-padding '\n'.  Returns the header's offset.
 */
uint64_t arb_member(arb *a, const char *name, const void *data, size_t n,
		    bool store);
/* The same with every header field given raw (each padded with spaces to
 * its width; fmag is copied as 2 bytes). */
uint64_t arb_member_raw(arb *a, const char *name, const char *size,
			const char *fmag, const void *data, size_t n);
/* The size of a member's header+contents+padding as arb_member writes it. */
size_t arb_span(size_t n);
void arb_free(arb *a);

/* A GNU symbol index ("/") naming member header offsets, big-endian u32. */
void arb_gnu_symidx(eb_buf *out, uint32_t n, const uint32_t *offs,
		    const char *const *names);

/* The diagnostic must contain want and point at offset off (a cmocka
 * assertion: use it in test files, which include cmocka.h). */
#define assert_diag(d, off, want)                                           \
	do {                                                                \
		if (!strstr((d)->msg, (want)))                              \
			fail_msg("diag \"%s\" lacks \"%s\"", (d)->msg, (want)); \
		assert_true((d)->has_offset);                               \
		assert_int_equal((d)->offset, (off));                       \
	} while (0)

#endif
