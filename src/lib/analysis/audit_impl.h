/*
 * audit_impl.h - how the audit's parts (audit.c, hardening.c,
 * libc_floor.c, rpath_risk.c) hand work to each other.  Not for callers.
 */
#ifndef LS_AUDIT_IMPL_H
#define LS_AUDIT_IMPL_H

#include "audit.h"

/* hardening.c */
void audit_segments(const ls_object *o, ls_audit *a);
int audit_notes(const ls_object *o, ls_audit *a, ls_diag *d);
void audit_hardening_symbol(ls_audit *a, const ls_symbol *s);

/* libc_floor.c: picks the floors from the needed versions; then
 * audit_floor_symbol collects the symbols that need them. */
void audit_floors(const ls_object *o, ls_audit *a);
void audit_floor_symbol(ls_audit *a, const ls_symbol *s);
/* Groups the collected symbols by floor; -1 when out of memory. */
int audit_floor_group(ls_audit *a);

/* rpath_risk.c */
int audit_rpath_risks(ls_audit *a, const ls_audit_opts *opts);

#endif
