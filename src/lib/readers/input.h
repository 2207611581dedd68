/*
 * input.h - open whatever the user named: an ELF file or an archive of
 * them (regular or thin), and visit each object in it.
 *
 * Every command reads its inputs through this walker, so archives, thin
 * archives and error reporting behave the same everywhere.
 */
#ifndef LS_INPUT_H
#define LS_INPUT_H

#include "../core/mapfile.h"
#include "../model/archive.h"
#include "../model/object.h"

typedef struct ls_input_visitor {
	/* Called once before the members of an archive (may be NULL). */
	void (*archive)(void *ctx, const char *path, const ls_archive *ar);
	/* An object: member is NULL unless it came from an archive; for thin
	 * archives member is the path of the file the member names. */
	void (*object)(void *ctx, const char *path, const char *member,
		       const ls_object *obj);
	/* Something could not be read; the walk goes on where it can.
	 * d->warning marks what is not an error (an archive member that is
	 * not an object): it is not counted in the walk's result. */
	void (*error)(void *ctx, const char *path, const char *member,
		      const ls_diag *d);
	void *ctx;
} ls_input_visitor;

/* Visits path.  Returns the number of errors reported. */
int ls_input_walk(const char *path, const ls_input_visitor *v);

/* The same walk over bytes already mapped (or borrowed: ls_map_borrow),
 * named path in reports.  The members of a thin archive are opened
 * relative to path, except for borrowed bytes, where each is an error. */
int ls_input_walk_mapped(const char *path, const ls_mapfile *mf,
			 const ls_input_visitor *v);

#endif
