/*
 * mapfile.h - read-only mapping of an input file.
 *
 * Files are mapped read-only (small ones are read into the heap, which is
 * cheaper), never mapped executable: linkscope inspects binaries, it does
 * not run them.
 *
 * ls_map_borrow wraps bytes the caller already holds (a file read out of
 * an image layer, the library's memory inputs) as a mapping, without a
 * copy: everything that reads an ls_mapfile reads them the same way.
 */
#ifndef LS_MAPFILE_H
#define LS_MAPFILE_H

#include "bytes.h"
#include "diag.h"

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Files up to this size are read, not mapped. */
#define LS_READ_MAX (64 * 1024)

typedef struct ls_mapfile {
	ls_bytes bytes;
	void *addr;		/* the mapping; NULL when none */
	void *heap;		/* or the heap copy of a small file */
	size_t maplen;
	dev_t dev;
	ino_t ino;
	mode_t mode;
	uid_t uid;
	int err;		/* errno when ls_map failed to open or read */
	bool borrowed;		/* the caller's bytes (ls_map_borrow): no file */
} ls_mapfile;

struct stat;

/*
 * Opens path read-only without blocking, and only if it is a regular
 * file: a FIFO, socket, device or directory fails with one line naming
 * its type ("is a FIFO (not a regular file)", "is a directory"), *err
 * set to ENODEV (EISDIR for a directory) or open's errno.  Returns the
 * descriptor (blocking mode is irrelevant for a regular file), -1 on
 * failure.  The one way inputs are opened.
 */
int ls_open_regular(const char *path, struct stat *st, int *err, ls_diag *d);
/* The same as a stdio stream for reading text (go.mod, a GOROOT's
 * VERSION): NULL with errno when it cannot be opened or is not a regular
 * file. */
FILE *ls_fopen_regular(const char *path);
/* "a FIFO", "a socket", "a character device", ... for a message. */
const char *ls_file_type_name(mode_t mode);
int ls_map(const char *path, ls_mapfile *mf, ls_diag *d);
/* The caller's bytes as a mapping; they must outlive it.  ls_unmap only
 * forgets them. */
void ls_map_borrow(ls_mapfile *mf, const void *bytes, size_t len);
void ls_unmap(ls_mapfile *mf);

#endif
