/*
 * input_errors.c - the list of unreadable inputs a pipeline result keeps;
 * see input_errors.h.
 */
#include "input_errors.h"
#include "../core/array.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, bool *oom)
{
	char *c;

	if (!s)
		return NULL;
	if (!(c = strdup(s)))
		*oom = true;
	return c;
}

int ls_input_errors_add(ls_input_errors *e, const char *path,
			const char *member, const ls_diag *what, ls_diag *d)
{
	ls_input_error x = { .diag = *what };
	bool oom = false;

	x.path = dup_or_null(path, &oom);
	x.member = dup_or_null(member, &oom);
	if (oom || LS_ARRAY_PUSH(e->v, e->n, e->cap, x) < 0) {
		free(x.path);
		free(x.member);
		return ls_oom(d);
	}
	if (!what->warning)
		e->nerrors++;
	return 0;
}

void ls_input_errors_free(ls_input_errors *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].member);
	}
	free(e->v);
	memset(e, 0, sizeof *e);
}
