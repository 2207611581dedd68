/*
 * archive.h - Unix `ar` archives: GNU, BSD and thin.
 *
 * The reader walks member headers lazily; it never decodes a member's
 * contents (the caller hands member bytes to ls_object_open when it wants
 * them).  The symbol index (GNU "/" and "/SYM64/", BSD "__.SYMDEF") and the
 * GNU long-name table "//" are located and validated when the archive is
 * opened, so later lookups need no checks of their own.
 */
#ifndef LS_ARCHIVE_H
#define LS_ARCHIVE_H

#include "../core/bytes.h"
#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ls_symidx_kind {
	LS_SYMIDX_NONE,
	LS_SYMIDX_GNU32,	/* "/" */
	LS_SYMIDX_GNU64,	/* "/SYM64/" */
	LS_SYMIDX_BSD,		/* "__.SYMDEF" */
};

typedef struct ls_archive {
	ls_bytes data;
	bool thin;
	ls_bytes longnames;	/* "//" member contents */
	uint64_t longnames_off;
	int symidx_kind;
	ls_bytes symidx;	/* the index member's contents */
	uint64_t symidx_off;
	uint64_t nsyms;
	uint64_t first;		/* offset of the first ordinary member header */
} ls_archive;

typedef struct ls_member {
	const char *name;	/* NOT NUL-terminated: use name_len */
	size_t name_len;
	uint64_t hdr_off;	/* offset of the 60-byte header */
	uint64_t data_off;	/* offset of the contents (not for thin) */
	uint64_t size;		/* the member's size */
	ls_bytes data;		/* contents; empty for thin members */
	uint64_t next;		/* offset of the following header */
	bool special;		/* "/", "//" or "/SYM64/": not an object */
} ls_member;

/* True when the bytes start with "!<arch>\n" or "!<thin>\n". */
bool ls_is_archive(ls_bytes file);

int ls_archive_open(ls_archive *ar, ls_bytes file, ls_diag *d);

/*
 * Reads the member at *cursor (start with ar->first) and advances the
 * cursor.  Returns 1 with *m filled, 0 at the end, -1 with d filled.
 */
int ls_archive_next(const ls_archive *ar, uint64_t *cursor, ls_member *m,
		    ls_diag *d);

/* Reads the member whose header is at offset off. */
int ls_archive_member_at(const ls_archive *ar, uint64_t off, ls_member *m,
			 ls_diag *d);

/* Walks the symbol index in order: name and member header offset of each
 * entry.  Returns 1 per entry, 0 at the end. */
typedef struct ls_symidx_iter {
	uint64_t i;
	uint64_t str;		/* offset of the next name in the index */
} ls_symidx_iter;

void ls_archive_symiter_init(const ls_archive *ar, ls_symidx_iter *it);
int ls_archive_symiter_next(const ls_archive *ar, ls_symidx_iter *it,
			    const char **name, uint64_t *member_off);

/* Symbol index entry i: the name and the offset of its member's header
 * (walks the names: use the iterator for all of them). */
int ls_archive_symbol(const ls_archive *ar, uint64_t i, const char **name,
		      uint64_t *member_off);

/*
 * For a thin archive member: the path of the file it names, relative to
 * the directory of archive_path as binutils resolves it.  Returns the
 * length written, or -1 if it does not fit in bufsize.
 */
int ls_archive_thin_path(const char *archive_path, const ls_member *m,
			 char *buf, size_t bufsize);

#endif
