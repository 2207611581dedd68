/*
 * demangle.c - bfd_demangle's wrapping of libiberty's cplus_demangle.
 */
#include "demangle.h"

#include <libiberty/demangle.h>
#include <stdlib.h>
#include <string.h>

char *ls_demangle(const char *name)
{
	const char *pre = name, *suf;
	char *cut = NULL, *res, *out;
	size_t pre_len, res_len, suf_len;

	/* PowerPC64 and XCOFF put dots before names; keep them out of the
	 * demangler's way. */
	while (*name == '.' || *name == '$')
		name++;
	pre_len = (size_t)(name - pre);
	suf = strchr(name, '@');
	if (suf) {
		cut = malloc((size_t)(suf - name) + 1);
		if (!cut)
			return NULL;
		memcpy(cut, name, (size_t)(suf - name));
		cut[suf - name] = '\0';
		name = cut;
	}
	res = cplus_demangle(name, DMGL_PARAMS | DMGL_ANSI);
	free(cut);
	if (!res)
		return NULL;
	if (pre_len == 0 && !suf)
		return res;
	res_len = strlen(res);
	suf_len = suf ? strlen(suf) : 0;
	out = malloc(pre_len + res_len + suf_len + 1);
	if (!out) {
		free(res);
		return NULL;
	}
	memcpy(out, pre, pre_len);
	memcpy(out + pre_len, res, res_len);
	if (suf)
		memcpy(out + pre_len + res_len, suf, suf_len);
	out[pre_len + res_len + suf_len] = '\0';
	free(res);
	return out;
}
