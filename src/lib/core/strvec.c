/*
 * strvec.c - owned string lists; see strvec.h.
 */
#include "strvec.h"
#include "array.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ls_strvec_take(ls_strvec *sv, char *s)
{
	if (!s)
		return -1;
	if (sv->n >= LS_STRVEC_MAX ||
	    ls_array_reserve(&sv->v, &sv->cap, sv->n + 2, sizeof *sv->v) < 0) {
		free(s);
		return -1;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

int ls_strvec_addn(ls_strvec *sv, const char *s, size_t len)
{
	return ls_strvec_take(sv, strndup(s, len));
}

int ls_strvec_add(ls_strvec *sv, const char *s)
{
	return ls_strvec_take(sv, strdup(s));
}

int ls_strvec_addf(ls_strvec *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int k;

	va_start(ap, fmt);
	k = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (k < 0)
		return -1;
	return ls_strvec_take(sv, s);
}

bool ls_strvec_has(const ls_strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

void ls_strvec_pop(ls_strvec *sv)
{
	if (!sv->n)
		return;
	free(sv->v[--sv->n]);
	sv->v[sv->n] = NULL;
}

void ls_strvec_free(ls_strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}
