/*
 * libc_floor.c - the oldest C library (and C++ runtime) a binary can load
 * with: the highest GLIBC_x.y, GLIBCXX_, CXXABI_ and GCC_ version among
 * its needed versions (.gnu.version_r), and the imported symbols bound to
 * exactly that version, so a user sees *why* the floor is 2.34.
 *
 * glibc's loader refuses the binary when any needed version is missing
 * ("version `GLIBC_2.34' not found"), so the highest one is the floor.
 */
#include "audit_impl.h"
#include "../readers/elf_defs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct family {
	const char *prefix;	/* version names are prefix + "x.y[.z]" */
	const char *name;
	size_t len;		/* of prefix */
} families[] = {
	{ "GLIBC_", "GLIBC", 6 },
	{ "GLIBCXX_", "GLIBCXX", 8 },
	{ "CXXABI_", "CXXABI", 7 },
	{ "GCC_", "GCC", 4 },
};

_Static_assert(sizeof families / sizeof families[0] <= LS_MAX_FLOORS,
	       "too many version families");
_Static_assert(sizeof families / sizeof families[0] <= 4,
	       "ls_audit.vfam_memo keeps a family in 2 bits");

/* Numeric, dotted comparison: "2.9" < "2.34" < "2.34.1".  A part that is
 * not a number compares as 0, so odd names still order totally. */
/* strtoul(s, &s, 10), without its locale and sign handling when s is
 * plain digits (a version's parts always are; 19 digits cannot
 * overflow). */
static unsigned long version_part(const char **s)
{
	const char *p = *s;
	unsigned long v = 0;
	int n = 0;

	if (!isdigit((unsigned char)*p))
		return strtoul(p, (char **)s, 10);
	for (; isdigit((unsigned char)*p); p++, n++) {
		if (n == 19)
			return strtoul(*s, (char **)s, 10);
		v = v * 10 + (unsigned long)(*p - '0');
	}
	*s = p;
	return v;
}

int ls_version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		unsigned long x = version_part(&a);
		unsigned long y = version_part(&b);

		if (x != y)
			return x < y ? -1 : 1;
		a += strcspn(a, ".");
		b += strcspn(b, ".");
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	return 0;
}

/* The family and numeric part of a version name: "GLIBC_2.34" -> 0, "2.34".
 * GLIBC_PRIVATE and other non-numeric names belong to no family. */
static int family_of(const char *name, const char **num)
{
	/* Every family begins with C or G; this runs once per import. */
	if (name[0] != 'G' && name[0] != 'C')
		return -1;
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
		size_t n = families[i].len;

		if (!strncmp(name, families[i].prefix, n) &&
		    isdigit((unsigned char)name[n])) {
			*num = name + n;
			return (int)i;
		}
	}
	return -1;
}

void audit_floors(const ls_object *o, ls_audit *a)
{
	int slot[sizeof families / sizeof families[0]];

	memset(slot, -1, sizeof slot);
	for (uint32_t i = 0; i < o->nversions; i++) {
		const ls_version *v = &o->versions[i];
		const char *num, *best;
		int fam;
		ls_floor *f;

		if (v->defined || !v->name || (fam = family_of(v->name, &num)) < 0)
			continue;
		if (slot[fam] < 0) {
			slot[fam] = (int)a->nfloors++;
			f = &a->floors[slot[fam]];
		} else {
			f = &a->floors[slot[fam]];
			family_of(f->name, &best);
			if (ls_version_cmp(num, best) <= 0)
				continue;
		}
		f->family = families[fam].name;
		f->name = v->name;
		f->library = v->file;
		f->index = v->index;
	}
}

/*
 * Records an import bound to any numbered version of a family, not only
 * the floor: a version gate (policy.c) lists every symbol above its
 * target, so the user meets all of them in one run.  The versions are
 * few (a dozen needed versions), so a linear look-up per symbol is cheap.
 */
/* The first needed version with this index that belongs to a family. */
static const ls_version *family_version(const ls_object *o, uint16_t idx,
					int *fam)
{
	const char *num;

	for (uint32_t i = 0; o && i < o->nversions; i++) {
		const ls_version *v = &o->versions[i];

		if (v->defined || v->index != idx || !v->name ||
		    (*fam = family_of(v->name, &num)) < 0)
			continue;
		return v;
	}
	return NULL;
}

/* family_version, remembered per index: imports share a dozen versions,
 * and this runs for every one of them. */
static void version_symbol(ls_audit *a, const ls_symbol *s, uint16_t idx)
{
	const ls_object *o = a->obj;
	uint16_t *m = idx < sizeof a->vfam_memo / sizeof *a->vfam_memo ?
		      &a->vfam_memo[idx] : NULL;
	const ls_version *v;
	int fam;

	if (m && *m == 0xffff)
		return;
	if (m && *m) {
		v = &o->versions[(*m >> 2) - 1];
		fam = *m & 3;
	} else if (!(v = family_version(o, idx, &fam))) {
		if (m)
			*m = 0xffff;
		return;
	} else if (m && v - o->versions < 0x3ffe) {
		*m = (uint16_t)((v - o->versions + 1) << 2 | fam);
	}
	a->vsyms[a->nvsyms++] = (ls_vsym){ s->name, v->name,
		families[fam].name, v->file, s->bind == STB_WEAK };
}

/*
 * Collects an imported symbol bound to a floor version.  Symbols arrive in
 * table order; they are appended and then grouped by floor in
 * audit_floor_group (a counting sort, so no per-symbol allocation).
 *
 * An import is any symbol whose versym names a needed version (Vernaux),
 * defined or not: a program's copy relocation (__libc_single_threaded,
 * stdout, std::cout in a PIE) is defined in its .bss, yet the loader
 * looks it up as name@version outside the executable (glibc
 * elf/dl-lookup.c do_lookup_x, ELF_RTYPE_CLASS_COPY) and needs that
 * version.  Indexes 0 and 1 (local, global) and Verdef indexes match no
 * needed version, so they are passed over below.
 */
void audit_floor_symbol(ls_audit *a, const ls_symbol *s)
{
	uint16_t idx = s->versym & 0x7fff;

	if (!s->has_versym || idx < 2 || !a->floor_syms)
		return;
	version_symbol(a, s, idx);
	for (uint32_t i = 0; i < a->nfloors; i++)
		if (a->floors[i].index == idx) {
			a->floors[i].count++;
			a->floor_tag[a->nfloor_syms] = (uint8_t)i;
			a->floor_syms[a->nfloor_syms++] = s->name;
			return;
		}
}

/* Orders floor_syms by floor (stable), setting each floor's first. */
int audit_floor_group(ls_audit *a)
{
	const char **sorted;
	uint32_t next = 0, pos[LS_MAX_FLOORS];

	if (a->nfloor_syms == 0)
		return 0;
	for (uint32_t i = 0; i < a->nfloors; i++) {
		a->floors[i].first = next;
		pos[i] = next;
		next += a->floors[i].count;
	}
	if (!(sorted = malloc(a->nfloor_syms * sizeof *sorted)))
		return -1;
	for (uint32_t k = 0; k < a->nfloor_syms; k++) {
		sorted[pos[a->floor_tag[k]]++] = a->floor_syms[k];
	}
	free(a->floor_syms);
	a->floor_syms = sorted;
	return 0;
}
