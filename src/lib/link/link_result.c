/*
 * link_result.c - building and freeing an ls_link_result: the small
 * helpers every part of the dry link uses to record what it found.
 */
#include "link_impl.h"
#include "../core/array.h"
#include "ldscript.h"
#include "dwline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *link_vfmt(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

char *link_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = link_vfmt(fmt, ap);
	va_end(ap);
	return s;
}

/* Appends a formatted line to a string list of capacity *cap. */
static int push_line(char ***list, size_t *n, size_t *cap, const char *fmt,
		     va_list ap)
{
	char *s = link_vfmt(fmt, ap);

	if (!s)
		return -1;
	if (ls_array_reserve(list, cap, *n + 1, sizeof **list) < 0) {
		free(s);
		return -1;
	}
	(*list)[(*n)++] = s;
	return 0;
}

int link_reason(ls_link_result *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	for (size_t i = 0; i < r->nreasons; i++) {
		va_start(ap, fmt);
		char *s = link_vfmt(fmt, ap);
		va_end(ap);
		bool same = s && !strcmp(s, r->reasons[i]);
		free(s);
		if (same)
			return 0;
	}
	va_start(ap, fmt);
	rc = push_line(&r->reasons, &r->nreasons, &r->cap.reasons, fmt, ap);
	va_end(ap);
	return rc;
}

int link_warning(ls_link_result *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = push_line(&r->warnings, &r->nwarnings, &r->cap.warnings, fmt, ap);
	va_end(ap);
	return rc;
}

int link_note(ls_link_result *r, int kind, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = link_vfmt(fmt, ap);
	va_end(ap);
	if (!s)
		return -1;
	for (size_t i = 0; i < r->nnotes; i++)
		if (!strcmp(r->notes[i].text, s)) {
			free(s);
			return 0;
		}
	if (ls_array_reserve(&r->notes, &r->cap.notes, r->nnotes + 1,
			     sizeof *r->notes) < 0) {
		free(s);
		return -1;
	}
	r->notes[r->nnotes].kind = kind;
	r->notes[r->nnotes++].text = s;
	return 0;
}

const char *link_machine(uint16_t m)
{
	return m ? ls_machine_name(m) : "not ELF";
}

const char *ls_link_dt_needed(const ls_link_result *r, size_t i)
{
	const ls_link_input *in;

	if (i >= r->ninputs || r->inputs[i].kind != LS_LIN_DSO)
		return NULL;
	in = &r->inputs[i];
	if (in->dropped || (in->as_needed && !in->used))
		return NULL;
	if (in->soname)
		return in->soname;
	if (r->cmd && in->arg < r->cmd->nargs && r->cmd->args[in->arg].kind == LS_ARG_LIB) {
		const char *b = strrchr(in->path, '/');
		return b ? b + 1 : in->path;
	}
	return in->path;
}

const char *ls_link_input_name(const ls_link_result *res, int32_t input,
			       char *buf, size_t size)
{
	if (input < 0 || (size_t)input >= res->ninputs) {
		snprintf(buf, size, "<command line>");
		return buf;
	}
	const ls_link_input *in = &res->inputs[input];
	if (in->member)
		snprintf(buf, size, "%s(%s)", in->path, in->member);
	else
		snprintf(buf, size, "%s", in->path);
	return buf;
}

static void free_hints(ls_link_hint *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].text);
		free(h[i].file);
	}
	free(h);
}

void ls_link_result_free(ls_link_result *r)
{
	linkctx *c = r->priv;

	for (size_t i = 0; i < r->nreasons; i++)
		free(r->reasons[i]);
	free(r->reasons);
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i].text);
	free(r->notes);
	for (size_t i = 0; i < r->ninputs; i++) {
		ls_link_input *in = &r->inputs[i];
		ls_object_close(&in->obj);
		free(in->member);
		free(in->discarded);
		if (in->dw)
			ls_dwline_close(in->dw);
	}
	free(r->inputs);
	for (size_t i = 0; i < r->ndups; i++)
		free(r->dups[i].defs);
	free(r->dups);
	for (size_t i = 0; i < r->nundefs; i++) {
		free(r->undefs[i].sites);
		free_hints(r->undefs[i].hints, r->undefs[i].nhints);
	}
	free(r->undefs);
	for (size_t i = 0; i < r->nincompat; i++)
		free(r->incompat[i].member);
	free(r->incompat);
	free(r->backrefs);
	if (c) {
		for (size_t i = 0; i < c->nfiles; i++) {
			ls_unmap(&c->files[i].map);
			free(c->files[i].path);
			free(c->files[i].pending);
		}
		free(c->files);
		for (size_t i = 0; i < c->nstrs; i++)
			free(c->strs[i]);
		free(c->strs);
		free(c->wrapped);
		free(c->defsym_refs);
		for (size_t i = 0; i < c->nvscripts; i++)
			ls_verscript_free(&c->vscripts[i]);
		free(c->vscripts);
		for (size_t i = 0; i < c->ntscripts; i++)
			ls_ldscript_free(&c->tscripts[i]);
		free(c->tscripts);
		for (size_t i = 0; i < c->ngclive; i++) {
			free(c->gclive[i]);
			if (c->gcrel)
				free(c->gcrel[i]);
		}
		free(c->gclive);
		free(c->gcnsec);
		free(c->gcrel);
		free(c->steps);
		ltab_free(&c->tab);
		ltab_free(&c->comdat);
		ltab_free(&c->indirect);
		ltab_free(&c->verhidden);
		free(c->input_group);
		free(c->lazies);
		free(c->membs);
		free(c->dups);
		free(c->undefq);
		free(c->dso_undef);
		free(c);
	}
	memset(r, 0, sizeof *r);
}

int link_fail(linkctx *c, const char *path, const char *member,
	      const ls_diag *src)
{
	char buf[1024];

	if (member)
		snprintf(buf, sizeof buf, "%s(%s): %s", path, member, src->msg);
	else
		snprintf(buf, sizeof buf, "%s: %s", path, src->msg);
	snprintf(c->d->msg, sizeof c->d->msg, "%.*s", (int)sizeof c->d->msg - 1, buf);
	c->d->offset = src->offset;
	c->d->has_offset = src->has_offset;
	c->d->warning = false;
	return -2;
}

/* Objects drop their section tables once their symbols are in (a large
 * C++ link holds a million sections): the few reports that need one
 * decode it again from the mapping, which is still there. */
const ls_object *link_input_obj(ls_link_input *in)
{
	ls_diag d;

	if (in->obj.sections || !in->obj.shnum)
		return &in->obj;
	if (ls_object_open(&in->obj, in->obj.file, in->obj.base_off, &d) < 0) {
		memset(&in->obj, 0, sizeof in->obj);
		return NULL;
	}
	return &in->obj;
}

uint16_t link_elf_ident(ls_bytes b, uint8_t *elfclass, uint16_t *type)
{
	uint8_t data = 0, cls = 0;
	uint16_t mach = 0, t = 0;
	int order;

	ls_u8(b, 4, &cls);
	ls_u8(b, 5, &data);
	order = data == 2 ? LS_BE : LS_LE;
	ls_u16(b, 16, order, &t);
	ls_u16(b, 18, order, &mach);
	if (elfclass)
		*elfclass = cls;
	if (type)
		*type = t;
	return mach;
}

ls_link_incompat *link_incompat_add(linkctx *c, const char *path,
				    const char *member, size_t member_len,
				    uint16_t machine, uint8_t elfclass)
{
	ls_link_result *r = c->res;

	if (ls_array_reserve(&r->incompat, &r->cap.incompat, r->nincompat + 1,
			     sizeof *r->incompat) < 0)
		return NULL;
	ls_link_incompat *x = &r->incompat[r->nincompat];
	memset(x, 0, sizeof *x);
	if (member && !(x->member = strndup(member, member_len)))
		return NULL;
	r->nincompat++;
	x->path = path;
	x->machine = machine;
	x->elfclass = elfclass;
	x->expected = c->machine;
	return x;
}
