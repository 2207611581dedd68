/*
 * api_link.c - linkscope_link_run: the dry link of `linkscope link`,
 * ls_linkcmd_build then ls_link_run (link/linkcmd.c, link/link_run.c),
 * with the verdict and the failing symbol names copied out.
 */
#include "api_impl.h"
#include "../core/strvec.h"
#include "../link/link.h"

#include <stdlib.h>
#include <string.h>

struct linkscope_link {
	bool ok;
	ls_strvec reasons, undefs, dups;
};

static int copy_result(linkscope_link *r, const ls_link_result *res)
{
	r->ok = res->ok;
	for (size_t i = 0; i < res->nreasons; i++)
		if (ls_strvec_add(&r->reasons, res->reasons[i]) < 0)
			return -1;
	for (size_t i = 0; i < res->nundefs; i++)
		if (ls_strvec_add(&r->undefs, res->undefs[i].symbol) < 0)
			return -1;
	for (size_t i = 0; i < res->ndups; i++)
		if (ls_strvec_add(&r->dups, res->dups[i].symbol) < 0)
			return -1;
	return 0;
}

LINKSCOPE_API linkscope_status linkscope_link_run(int argc,
		const char *const *argv, linkscope_link **out,
		linkscope_error **err)
{
	ls_strvec args = { 0 };
	ls_link_cmd cmd;
	ls_link_result res;
	ls_diag d = { 0 };
	linkscope_link *r;
	linkscope_status st = LINKSCOPE_OK;

	if (!out || argc < 1 || !argv)
		return api_failf(err, LINKSCOPE_ERR_USAGE, NULL,
				 "linkscope_link_run: no link command");
	*out = NULL;
	/* ls_linkcmd_build takes char **: give it copies it may keep. */
	for (int i = 0; i < argc; i++)
		if (ls_strvec_add(&args, argv[i]) < 0) {
			ls_strvec_free(&args);
			return api_failf(err, LINKSCOPE_ERR_NOMEM, NULL, "out of memory");
		}
	r = calloc(1, sizeof *r);
	if (!r) {
		ls_strvec_free(&args);
		return api_failf(err, LINKSCOPE_ERR_NOMEM, NULL, "out of memory");
	}
	memset(&cmd, 0, sizeof cmd);
	memset(&res, 0, sizeof res);
	if (ls_linkcmd_build(argc, args.v, -1, &cmd, &d) < 0) {
		st = api_fail(err, LINKSCOPE_ERR_USAGE, NULL, NULL, &d);
	} else if (ls_link_run(&cmd, &res, &d) < 0) {
		st = api_fail(err, LINKSCOPE_ERR_FORMAT, NULL, NULL, &d);
		ls_link_result_free(&res);
	} else {
		if (copy_result(r, &res) < 0)
			st = api_failf(err, LINKSCOPE_ERR_NOMEM, NULL, "out of memory");
		ls_link_result_free(&res);
	}
	ls_linkcmd_free(&cmd);
	ls_strvec_free(&args);
	if (st != LINKSCOPE_OK) {
		linkscope_link_free(r);
		return st;
	}
	*out = r;
	return LINKSCOPE_OK;
}

LINKSCOPE_API void linkscope_link_free(linkscope_link *r)
{
	if (!r)
		return;
	ls_strvec_free(&r->reasons);
	ls_strvec_free(&r->undefs);
	ls_strvec_free(&r->dups);
	free(r);
}

LINKSCOPE_API int linkscope_link_ok(const linkscope_link *r)
{
	return r && r->ok;
}

static const char *at(const ls_strvec *sv, size_t i)
{
	return i < sv->n ? sv->v[i] : NULL;
}

LINKSCOPE_API size_t linkscope_link_reason_count(const linkscope_link *r)
{
	return r ? r->reasons.n : 0;
}

LINKSCOPE_API const char *linkscope_link_reason(const linkscope_link *r,
						size_t i)
{
	return r ? at(&r->reasons, i) : NULL;
}

LINKSCOPE_API size_t linkscope_link_undefined_count(const linkscope_link *r)
{
	return r ? r->undefs.n : 0;
}

LINKSCOPE_API const char *linkscope_link_undefined(const linkscope_link *r,
						   size_t i)
{
	return r ? at(&r->undefs, i) : NULL;
}

LINKSCOPE_API size_t linkscope_link_duplicate_count(const linkscope_link *r)
{
	return r ? r->dups.n : 0;
}

LINKSCOPE_API const char *linkscope_link_duplicate(const linkscope_link *r,
						   size_t i)
{
	return r ? at(&r->dups, i) : NULL;
}
