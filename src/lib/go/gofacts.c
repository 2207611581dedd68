/* gofacts.c - placeholder until the Go readers land. */
#include "gofacts.h"

#include <stdlib.h>
#include <string.h>

int ls_gofacts_read(const ls_object *obj, ls_gofacts *out, ls_diag *d)
{
	(void)obj; (void)d;
	memset(out, 0, sizeof *out);
	return 0;
}

void ls_gofacts_free(ls_gofacts *f)
{
	free(f->bi.arena);
	f->bi.arena = NULL;
}
