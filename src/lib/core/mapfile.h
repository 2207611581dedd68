/*
 * mapfile.h - read-only mapping of an input file.
 *
 * Files are mapped, never read into buffers, and never mapped executable:
 * linkscope inspects binaries, it does not run them.
 */
#ifndef LS_MAPFILE_H
#define LS_MAPFILE_H

#include "bytes.h"
#include "diag.h"

#include <sys/types.h>

typedef struct ls_mapfile {
	ls_bytes bytes;
	void *addr;		/* NULL for an empty file */
	size_t maplen;
	dev_t dev;
	ino_t ino;
} ls_mapfile;

int ls_map(const char *path, ls_mapfile *mf, ls_diag *d);
void ls_unmap(ls_mapfile *mf);

#endif
