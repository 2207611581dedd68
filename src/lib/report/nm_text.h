/*
 * nm_text.h - GNU nm's text formats (BSD and POSIX), byte for byte.
 */
#ifndef LS_NM_TEXT_H
#define LS_NM_TEXT_H

#include "../pipeline/syms.h"

#include <stdio.h>

enum { LS_NM_BSD, LS_NM_POSIX };

typedef struct ls_nm_fmt {
	int format;		/* LS_NM_BSD / LS_NM_POSIX */
	char radix;		/* 'x', 'd' or 'o' */
	bool print_size;	/* -S */
	bool size_sort;		/* --size-sort: value column shows the size */
	bool demangle;		/* -C */
	bool file_per_symbol;	/* -A / -o */
	bool file_per_file;	/* more than one input named */
	bool versions;		/* append @VER / @@VER to dynamic symbols */
} ls_nm_fmt;

/* Headers nm prints before an object, an archive and an archive member. */
void ls_nm_object_header(FILE *f, const ls_nm_fmt *fmt, const char *path);
void ls_nm_archive_header(FILE *f, const ls_nm_fmt *fmt, const char *path);
void ls_nm_member_header(FILE *f, const ls_nm_fmt *fmt, const char *archive,
			 const char *member);

/* One line of nm -s's archive index. */
void ls_nm_armap_entry(FILE *f, const ls_nm_fmt *fmt, const char *symbol,
		       const char *member);

/* The symbol lines of a syms pipeline result; archive is NULL for a plain
 * object. */
void ls_nm_symbols(FILE *f, const ls_nm_fmt *fmt, const ls_syms_result *r,
		   const char *archive, const char *path);

#endif
