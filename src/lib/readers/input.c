/*
 * input.c - the walk over inputs; see input.h.
 */
#include "input.h"
#include "../core/mapfile.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static int report(const ls_input_visitor *v, const char *path,
		  const char *member, const ls_diag *d)
{
	if (v->error)
		v->error(v->ctx, path, member, d);
	return 1;
}

static int visit_bytes(const ls_input_visitor *v, const char *path,
		       const char *member, ls_bytes b, uint64_t base)
{
	ls_object obj;
	ls_diag d = { 0 };

	if (ls_is_archive(b)) {
		ls_fail(&d, base, "archive member is itself an archive (nested archives are not supported)");
		return report(v, path, member, &d);
	}
	if (!ls_is_elf(b)) {
		if (b.size == 0)
			ls_fail(&d, base, "empty file");
		else
			ls_fail(&d, base, "file format not recognized (not ELF or ar)");
		if (member) {
			/* An archive may hold any file (ar does not care); a
			 * member that is not an object is skipped, as by nm and
			 * the linkers, and does not make the archive bad. */
			d.warning = true;
			report(v, path, member, &d);
			return 0;
		}
		return report(v, path, member, &d);
	}
	if (ls_object_open(&obj, b, base, &d) < 0)
		return report(v, path, member, &d);
	if (v->object)
		v->object(v->ctx, path, member, &obj);
	ls_object_close(&obj);
	return 0;
}

static int walk_archive(const ls_input_visitor *v, const char *path,
			const ls_mapfile *mf)
{
	ls_archive ar;
	ls_member m;
	ls_diag d = { 0 };
	uint64_t cur;
	int errors = 0;
	char name[PATH_MAX];

	if (ls_archive_open(&ar, mf->bytes, &d) < 0)
		return report(v, path, NULL, &d);
	if (v->archive)
		v->archive(v->ctx, path, &ar);
	cur = ar.first;
	for (;;) {
		int r = ls_archive_next(&ar, &cur, &m, &d);
		if (r == 0)
			break;
		if (r < 0) {
			/* The member table is broken: nothing after this
			 * point can be located. */
			return errors + report(v, path, NULL, &d);
		}
		if (!ar.thin) {
			snprintf(name, sizeof name, "%.*s", (int)m.name_len,
				 m.name);
			errors += visit_bytes(v, path, name, m.data,
					      m.data_off);
			continue;
		}
		if (mf->borrowed) {
			/* A thin member is a file of its own; bytes handed
			 * over in memory have no directory to find it in. */
			ls_fail(&d, m.hdr_off, "thin archive member '%.*s' is a separate file, not readable from a memory input",
				(int)m.name_len, m.name);
			errors += report(v, path, NULL, &d);
			continue;
		}
		if (ls_archive_thin_path(path, &m, name, sizeof name) < 0) {
			ls_fail(&d, m.hdr_off, "thin archive member name too long");
			errors += report(v, path, NULL, &d);
			continue;
		}
		ls_mapfile mm;
		if (ls_map(name, &mm, &d) < 0) {
			/* Say where the dangling reference is. */
			char why[sizeof d.msg];
			snprintf(why, sizeof why, "%s", d.msg);
			ls_fail(&d, m.hdr_off, "thin archive member cannot be opened: %s", why);
			errors += report(v, path, name, &d);
			continue;
		}
		if (mm.dev == mf->dev && mm.ino == mf->ino) {
			ls_fail(&d, m.hdr_off, "thin archive member refers to the archive itself");
			errors += report(v, path, name, &d);
		} else {
			/* The header's size may be stale if the object was
			 * rebuilt; like binutils, trust the file. */
			errors += visit_bytes(v, path, name, mm.bytes, 0);
		}
		ls_unmap(&mm);
	}
	return errors;
}

int ls_input_walk_mapped(const char *path, const ls_mapfile *mf,
			 const ls_input_visitor *v)
{
	if (ls_is_archive(mf->bytes))
		return walk_archive(v, path, mf);
	return visit_bytes(v, path, NULL, mf->bytes, 0);
}

int ls_input_walk(const char *path, const ls_input_visitor *v)
{
	ls_mapfile mf;
	ls_diag d = { 0 };
	int errors;

	if (ls_map(path, &mf, &d) < 0)
		return report(v, path, NULL, &d);
	errors = ls_input_walk_mapped(path, &mf, v);
	ls_unmap(&mf);
	return errors;
}
