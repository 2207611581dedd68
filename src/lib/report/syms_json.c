/*
 * syms_json.c - writes `syms --json`; the schema is documented in
 * docs/json-syms.md and versioned by LS_SYMS_SCHEMA_VERSION.
 */
#include "syms_json.h"
#include "../core/demangle.h"
#include "../readers/elf_defs.h"

#include <stdlib.h>
#include <string.h>

static const char *bind_name(unsigned b)
{
	switch (b) {
	case STB_LOCAL:		return "local";
	case STB_GLOBAL:	return "global";
	case STB_WEAK:		return "weak";
	case STB_GNU_UNIQUE:	return "unique";
	default:		return "other";
	}
}

static const char *type_name(unsigned t)
{
	switch (t) {
	case STT_NOTYPE:	return "notype";
	case STT_OBJECT:	return "object";
	case STT_FUNC:		return "func";
	case STT_SECTION:	return "section";
	case STT_FILE:		return "file";
	case STT_COMMON:	return "common";
	case STT_TLS:		return "tls";
	case STT_GNU_IFUNC:	return "ifunc";
	default:		return "other";
	}
}

static const char *vis_name(unsigned v)
{
	static const char *n[] = { "default", "internal", "hidden", "protected" };
	return n[v & 3];
}

static const char *elf_type_name(uint16_t t)
{
	switch (t) {
	case ET_REL:	return "relocatable";
	case ET_EXEC:	return "executable";
	case ET_DYN:	return "shared";
	case ET_CORE:	return "core";
	default:	return "other";
	}
}

void ls_syms_json_begin(ls_json *j, const char *table)
{
	ls_json_envelope(j, "syms", LS_SYMS_SCHEMA_VERSION);
	ls_json_key(j, "table");
	ls_json_string(j, table);
	ls_json_key(j, "files");
	ls_json_begin_array(j);
}

static void file_keys(ls_json *j, const char *path, const char *member)
{
	ls_json_key(j, "path");
	ls_json_string(j, path);
	ls_json_key(j, "member");
	ls_json_string(j, member);
}

static void symbol(ls_json *j, const char *path, const char *member,
		   const ls_object *o, const ls_symlist *l,
		   const ls_symentry *e)
{
	ls_symbol s;
	ls_symclass c;
	const char *at = NULL, *ver = NULL;
	size_t name_len;
	bool dflt = false;

	if (ls_symbol_get(o, l->tab, e->index, &s, NULL) < 0)
		return;
	ls_symclass_of(o, &s, &c);
	name_len = s.name_len;
	if (l->tab == &o->dynsym) {
		ver = ls_symbol_version(o, &s, &c, &at);
		if (ver && !*ver)
			ver = NULL;
		dflt = ver && strcmp(at, "@@") == 0;
	} else {
		/* Linked outputs spell versions into .symtab names. */
		const char *p = memchr(s.name, '@', s.name_len);
		if (p) {
			name_len = (size_t)(p - s.name);
			dflt = p[1] == '@';
			ver = p + (dflt ? 2 : 1);
		}
	}
	char *dem = ls_demangle(s.name);

	ls_json_begin_object(j);
	ls_json_key(j, "name");
	ls_json_string_n(j, s.name, name_len);
	ls_json_key(j, "demangled");
	if (dem && ver) {
		/* bfd_demangle keeps the version suffix; the name field
		 * does not, so neither does this one. */
		char *p = strchr(dem, '@');
		if (p)
			*p = '\0';
	}
	ls_json_string(j, dem);
	ls_json_key(j, "value");
	ls_json_uint(j, e->value);
	ls_json_key(j, "size");
	ls_json_uint(j, s.size);
	ls_json_key(j, "type_letter");
	ls_json_string_n(j, &e->letter, 1);
	ls_json_key(j, "binding");
	ls_json_string(j, bind_name(s.bind));
	ls_json_key(j, "type");
	ls_json_string(j, type_name(s.type));
	ls_json_key(j, "visibility");
	ls_json_string(j, vis_name(s.visibility));
	ls_json_key(j, "defined");
	ls_json_bool(j, c.place != LS_PLACE_UNDEF);
	ls_json_key(j, "section");
	switch (c.place) {
	case LS_PLACE_UNDEF:	ls_json_string(j, "*UND*"); break;
	case LS_PLACE_ABS:	ls_json_string(j, "*ABS*"); break;
	case LS_PLACE_COMMON:	ls_json_string(j, "*COM*"); break;
	default:		ls_json_string(j, c.section->name); break;
	}
	ls_json_key(j, "section_index");
	ls_json_uint(j, s.shndx);
	ls_json_key(j, "version");
	ls_json_string(j, ver);
	ls_json_key(j, "version_default");
	if (ver)
		ls_json_bool(j, dflt);
	else
		ls_json_null(j);
	ls_json_key(j, "file");
	ls_json_string(j, path);
	ls_json_key(j, "member");
	ls_json_string(j, member);
	ls_json_end_object(j);
	free(dem);
}

void ls_syms_json_object(ls_json *j, const char *path, const char *member,
			 const ls_syms_result *r)
{
	const ls_object *o = r->obj;
	const ls_symlist *l = &r->list;
	bool no_symbols = r->no_symbols;

	ls_json_begin_object(j);
	file_keys(j, path, member);
	ls_json_key(j, "format");
	ls_json_string(j, o->elfclass == 2 ? "elf64" : "elf32");
	ls_json_key(j, "endian");
	ls_json_string(j, o->order == LS_LE ? "little" : "big");
	ls_json_key(j, "machine");
	ls_json_string(j, ls_machine_name(o->machine));
	ls_json_key(j, "e_machine");
	ls_json_uint(j, o->machine);
	ls_json_key(j, "elf_type");
	ls_json_string(j, elf_type_name(o->type));
	ls_json_key(j, "error");
	ls_json_null(j);
	ls_json_key(j, "no_symbols");
	ls_json_bool(j, no_symbols);
	ls_json_key(j, "symbols");
	ls_json_begin_array(j);
	for (size_t i = 0; l && i < l->n; i++)
		symbol(j, path, member, o, l, &l->v[i]);
	ls_json_end_array(j);
	ls_json_end_object(j);
}

void ls_syms_json_error(ls_json *j, const char *path, const char *member,
			const ls_diag *d)
{
	ls_json_begin_object(j);
	file_keys(j, path, member);
	ls_json_key(j, "error");
	ls_json_begin_object(j);
	ls_json_key(j, "message");
	ls_json_string(j, d->msg);
	ls_json_key(j, "offset");
	if (d->has_offset)
		ls_json_uint(j, d->offset);
	else
		ls_json_null(j);
	ls_json_end_object(j);
	ls_json_key(j, "symbols");
	ls_json_begin_array(j);
	ls_json_end_array(j);
	ls_json_end_object(j);
}

void ls_syms_json_end(ls_json *j, const char *errs, size_t n)
{
	ls_json_files_end(j, errs, n);
}
