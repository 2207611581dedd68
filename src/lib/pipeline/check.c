/*
 * check.c - the `check` pipeline (see check.h): ls_audit_run, then
 * ls_policy_eval, for one object; and the same for every object of one
 * input file through readers/input.h's walk; and --exclude's matcher.
 */
#include "check.h"
#include "../readers/input.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <sys/stat.h>

int ls_check_run(const ls_check_opts *o, const ls_object *obj,
		 const char *path, const char *member, ls_check_result *r,
		 ls_diag *d)
{
	/* A member of a set-ID archive is not itself set-ID. */
	ls_audit_opts ao = { o->root, o->setid && !member };

	memset(r, 0, sizeof *r);
	if (ls_audit_run(obj, &ao, &r->audit, d) < 0)
		return -1;
	r->audit.path = path;
	r->audit.member = member;
	r->audit.go_funcs = o->go_funcs;
	if (o->policy)
		r->nfailures = ls_policy_eval(o->policy, &r->audit);
	r->ok = r->nfailures == 0;
	return 0;
}

void ls_check_result_free(ls_check_result *r)
{
	ls_audit_free(&r->audit);
}

/* The walk's state: one file. */
struct walk {
	ls_check_opts opts;
	const ls_check_input *in;
	ls_check_emit *emit;
	void *ctx;
	ls_check_file_result *r;
	ls_diag *d;
	bool oom;
};

static void add_error(struct walk *w, const char *path, const char *member,
		      const ls_diag *what)
{
	if (!w->oom &&
	    ls_input_errors_add(&w->r->errors, path, member, what, w->d) < 0)
		w->oom = true;
}

static void on_object(void *ctx, const char *path, const char *member,
		      const ls_object *obj)
{
	struct walk *w = ctx;
	ls_check_result res;
	ls_diag d = { 0 };

	/* The operand as named, not where --root led linkscope to read it. */
	if (ls_check_run(&w->opts, obj, w->in->name, member, &res, &d) < 0) {
		/* An audit that fails names the file read (as check always
		 * has); a walk error names the operand (on_error). */
		add_error(w, path, member, &d);
	} else {
		w->r->nartifacts++;
		w->r->nfailures += res.nfailures;
		w->emit(w->ctx, &res);
	}
	ls_check_result_free(&res);
}

static void on_error(void *ctx, const char *path, const char *member,
		     const ls_diag *d)
{
	struct walk *w = ctx;

	/* Under a directory, an archive member that is not an object (a
	 * .deb's control.tar.xz, a Go package archive's __.PKGDEF) is not
	 * worth a warning each: the caller counts them. */
	if (d->warning && member && w->in->walked) {
		w->r->nskipped_members++;
		return;
	}
	add_error(w, w->in->file ? w->in->name : path, member, d);
}

/* Under a directory only ELF files and archives are audited: the first
 * bytes decide, as file(1) would. */
static bool looks_auditable(ls_bytes b)
{
	return ls_match(b, 0, "\177ELF", 4) || ls_match(b, 0, "!<arch>\n", 8) ||
	       ls_match(b, 0, "!<thin>\n", 8);
}

/*
 * One open per file: the map's descriptor gives the set-ID bits and the
 * magic is read from the bytes the walk reads anyway (it was an open, a
 * read, a close and a stat more per file, 4 of the 9 system calls a file
 * cost `check -r`).  A file that cannot be read is reported as
 * ls_input_walk reports it.
 */
int ls_check_file(const ls_check_opts *o, const ls_check_input *in,
		  ls_check_emit *emit, void *ctx, ls_check_file_result *r,
		  ls_diag *d)
{
	struct walk w = { .opts = *o, .in = in, .emit = emit, .ctx = ctx,
			  .r = r, .d = d };
	ls_input_visitor v = { NULL, on_object, on_error, &w };
	const char *file = in->file ? in->file : in->name;
	ls_mapfile mf;
	ls_diag md = { 0 };
	struct stat st;

	memset(r, 0, sizeof *r);
	if (ls_map(file, &mf, &md) < 0) {
		/* The walk saw only the type (readdir's d_type): an empty
		 * file it could not read is still just an empty file. */
		if (in->walked && stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size == 0) {
			r->empty = r->ok = true;
			return 0;
		}
		on_error(&w, file, NULL, &md);
	} else if (in->walked && !looks_auditable(mf.bytes)) {
		/* An empty file is dropped here instead of by the walk. */
		r->empty = mf.bytes.size == 0;
		ls_unmap(&mf);
		r->skipped = !r->empty;
		r->ok = true;
		return 0;
	} else {
		w.opts.setid = mf.mode & (S_ISUID | S_ISGID);
		ls_input_walk_mapped(file, &mf, &v);
		ls_unmap(&mf);
	}
	if (w.oom)
		return -1;
	r->ok = !r->errors.nerrors && !r->nfailures;
	return 0;
}

void ls_check_file_result_free(ls_check_file_result *r)
{
	ls_input_errors_free(&r->errors);
}

bool ls_check_excluded(const char *const *patterns, size_t n, const char *path)
{
	const char *base;
	size_t len;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	/* The last component, ignoring trailing slashes ("dir/" is dir). */
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	base = path + len;
	while (base > path && base[-1] != '/')
		base--;
	for (size_t i = 0; i < n; i++) {
		char comp[4096];
		size_t blen = (size_t)(path + len - base);

		if (strchr(patterns[i], '/')) {
			if (!fnmatch(patterns[i], path, FNM_PATHNAME))
				return true;
			continue;
		}
		if (blen >= sizeof comp)
			continue;
		memcpy(comp, base, blen);
		comp[blen] = '\0';
		if (!fnmatch(patterns[i], comp, 0))
			return true;
	}
	return false;
}
