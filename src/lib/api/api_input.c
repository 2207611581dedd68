/*
 * api_input.c - linkscope_input: a file mapped once (core/mapfile.c), or
 * the caller's bytes wrapped as a mapping without a copy
 * (ls_map_borrow), so every analysis reads both the same way through
 * ls_input_walk_mapped (readers/input.c).
 */
#include "api_impl.h"

#include <stdlib.h>
#include <string.h>

static linkscope_input *input_new(const char *name)
{
	linkscope_input *in = calloc(1, sizeof *in);

	if (in && api_strdup(&in->name, name) < 0) {
		free(in);
		return NULL;
	}
	return in;
}

LINKSCOPE_API linkscope_status linkscope_input_open_file(const char *path,
		linkscope_input **out, linkscope_error **err)
{
	linkscope_input *in;
	ls_diag d = { 0 };

	if (!out || !path)
		return api_failf(err, LINKSCOPE_ERR_USAGE, path,
				 "linkscope_input_open_file: NULL argument");
	*out = NULL;
	in = input_new(path);
	if (!in)
		return api_failf(err, LINKSCOPE_ERR_NOMEM, path, "out of memory");
	if (ls_map(path, &in->mf, &d) < 0) {
		linkscope_input_close(in);
		return api_fail(err, LINKSCOPE_ERR_IO, path, NULL, &d);
	}
	*out = in;
	return LINKSCOPE_OK;
}

LINKSCOPE_API linkscope_status linkscope_input_open_memory(const char *name,
		const void *bytes, size_t len, linkscope_input **out,
		linkscope_error **err)
{
	linkscope_input *in;

	if (!out || !name || (!bytes && len))
		return api_failf(err, LINKSCOPE_ERR_USAGE, name,
				 "linkscope_input_open_memory: NULL argument");
	*out = NULL;
	in = input_new(name);
	if (!in)
		return api_failf(err, LINKSCOPE_ERR_NOMEM, name, "out of memory");
	ls_map_borrow(&in->mf, bytes, len);
	*out = in;
	return LINKSCOPE_OK;
}

LINKSCOPE_API const char *linkscope_input_name(const linkscope_input *in)
{
	return in ? in->name : NULL;
}

LINKSCOPE_API void linkscope_input_close(linkscope_input *in)
{
	if (!in)
		return;
	ls_unmap(&in->mf);
	free(in->name);
	free(in);
}
