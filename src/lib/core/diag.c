/*
 * diag.c - error records for readers; see diag.h.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

int ls_fail(ls_diag *d, uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	d->offset = offset;
	d->has_offset = true;
	d->warning = false;
	return -1;
}

int ls_fail_nooff(ls_diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	d->offset = 0;
	d->has_offset = false;
	d->warning = false;
	return -1;
}

int ls_oom(ls_diag *d)
{
	return ls_fail_nooff(d, "out of memory");
}
