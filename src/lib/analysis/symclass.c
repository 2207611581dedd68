/*
 * symclass.c - BFD's symbol classification, from raw ELF fields.
 *
 * The rules follow binutils 2.40: elfcode.h (elf_slurp_symbol_table) turns
 * st_shndx/st_info into a BFD section and flags; elf.c
 * (_bfd_elf_make_section_from_shdr) turns sh_type/sh_flags/name into
 * section flags; syms.c (bfd_decode_symclass, decode_section_type) turns
 * both into a letter.  Backend hooks that change the outcome for the
 * architectures we support are reproduced where they matter.
 */
#include "symclass.h"
#include "../readers/elf_defs.h"

#include <string.h>

/* BFD section flags that influence the letter. */
enum {
	SEC_HAS_CONTENTS = 1,
	SEC_ALLOC = 2,
	SEC_LOAD = 4,
	SEC_READONLY = 8,
	SEC_CODE = 16,
	SEC_DATA = 32,
	SEC_DEBUGGING = 64,
};

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static unsigned section_flags(const ls_section *s)
{
	unsigned f = 0;

	if (s->type != SHT_NOBITS)
		f |= SEC_HAS_CONTENTS;
	if (s->flags & SHF_ALLOC) {
		f |= SEC_ALLOC;
		if (s->type != SHT_NOBITS)
			f |= SEC_LOAD;
	}
	if (!(s->flags & SHF_WRITE))
		f |= SEC_READONLY;
	if (s->flags & SHF_EXECINSTR)
		f |= SEC_CODE;
	else if (f & SEC_LOAD)
		f |= SEC_DATA;
	if (!(f & SEC_ALLOC) && s->name[0] == '.') {
		const char *n = s->name;
		if (starts(n, ".debug") || starts(n, ".gnu.debuglto_.debug_") ||
		    starts(n, ".gnu.linkonce.wi.") || starts(n, ".zdebug") ||
		    starts(n, ".line") || starts(n, ".stab") ||
		    strcmp(n, ".gdb_index") == 0)
			f |= SEC_DEBUGGING;
	}
	return f;
}

/* BFD only creates sections for these types; symbols defined relative to
 * any other section (string tables, relocations) become absolute. */
static bool bfd_makes_section(const ls_section *s)
{
	if (s->flags & SHF_ALLOC)
		return true;
	switch (s->type) {
	case SHT_NULL:
	case SHT_SYMTAB:
	case SHT_DYNSYM:
	case SHT_STRTAB:
	case SHT_SYMTAB_SHNDX:
	case SHT_REL:
	case SHT_RELA:
	case SHT_GNU_versym:
	case SHT_GNU_verdef:
	case SHT_GNU_verneed:
		return false;
	default:
		return true;
	}
}

static char section_letter(const ls_section *s)
{
	static const struct { const char *prefix; char c; } coff[] = {
		{ ".drectve", 'i' }, { ".edata", 'e' },
		{ ".idata", 'i' },   { ".pdata", 'p' },
	};
	if (s->name[0] == '.' && strchr("deip", s->name[1]))
		for (size_t i = 0; i < sizeof coff / sizeof coff[0]; i++)
			if (starts(s->name, coff[i].prefix))
				return coff[i].c;

	unsigned f = section_flags(s);
	if (f & SEC_CODE)
		return 't';
	if (f & SEC_DATA) {
		if (f & SEC_READONLY)
			return 'r';
		/* No ELF backend we support marks small data (SEC_SMALL_DATA):
		 * nm prints .sdata/.sbss as d/b on MIPS and RISC-V too. */
		return 'd';
	}
	if (!(f & SEC_HAS_CONTENTS))
		return 'b';
	if (f & SEC_DEBUGGING)
		return 'N';
	if ((f & SEC_HAS_CONTENTS) && (f & SEC_READONLY))
		return 'n';
	return '?';
}

/* Mapping symbols and local labels that BFD's backends hide from nm. */
static bool target_special(const ls_object *o, const char *n)
{
	switch (o->machine) {
	case EM_ARM:
		return n[0] == '$' && n[1] >= 'a' && n[1] <= 'z' &&
		       (n[2] == '\0' || n[2] == '.');
	case EM_AARCH64:
		return n[0] == '$' &&
		       (n[1] == 'x' || n[1] == 'd' || n[1] == 'm' ||
			n[1] == 'f' || n[1] == 'p') &&
		       (n[2] == '\0' || n[2] == '.');
	case EM_RISCV:
		if (n[0] == '\0')
			return true;
		if ((n[0] == '.' && (n[1] == 'L' || n[1] == '.')) ||
		    (n[0] == '_' && n[1] == '.' && n[2] == 'L' && n[3] == '_') ||
		    (n[0] == 'L' && n[1] == '\001'))
			return true;
		return strcmp(n, "$d") == 0 || strcmp(n, "$x") == 0 ||
		       strncmp(n, "$xrv", 4) == 0;
	default:
		return false;
	}
}

void ls_section_letters(const ls_object *o, char *letters)
{
	/* Filled on first use: C++ objects have thousands of COMDAT
	 * sections, and symbols point into few of them. */
	memset(letters, 0, o->shnum);
}

void ls_symclass_of(const ls_object *o, const ls_symbol *s, ls_symclass *c)
{
	ls_symclass_with(o, s, NULL, c);
}

void ls_symclass_with(const ls_object *o, const ls_symbol *s,
		      char *letters, ls_symclass *c)
{
	bool global = false, weak = false, unique = false, local = false;
	bool object = s->type == STT_OBJECT || s->type == STT_COMMON;
	bool small_common = false;

	memset(c, 0, sizeof *c);
	c->name = s->name;
	if (s->name_len == 0 && s->type == STT_SECTION && s->shndx < o->shnum)
		c->name = o->sections[s->shndx].name;
	c->debugging = s->type == STT_SECTION || s->type == STT_FILE;
	c->special = target_special(o, c->name);

	uint32_t x = s->shndx;
	if (s->raw_shndx != SHN_XINDEX && s->raw_shndx >= SHN_LORESERVE)
		x = s->raw_shndx;
	if (x == SHN_UNDEF) {
		c->place = LS_PLACE_UNDEF;
	} else if (x == SHN_ABS) {
		c->place = LS_PLACE_ABS;
	} else if (x == SHN_COMMON) {
		c->place = LS_PLACE_COMMON;
	} else if (o->machine == EM_X86_64 && x == SHN_X86_64_LCOMMON) {
		c->place = LS_PLACE_COMMON;
	} else if (o->machine == EM_MIPS && x == SHN_MIPS_SCOMMON) {
		c->place = LS_PLACE_COMMON;
		small_common = true;
	} else if (o->machine == EM_MIPS && x == SHN_MIPS_SUNDEFINED) {
		c->place = LS_PLACE_UNDEF;
	} else if (x < o->shnum && !(s->raw_shndx != SHN_XINDEX &&
				     x >= SHN_LORESERVE) &&
		   bfd_makes_section(&o->sections[x])) {
		c->place = LS_PLACE_SECTION;
		c->section = &o->sections[x];
	} else {
		c->place = LS_PLACE_ABS;
	}

	switch (s->bind) {
	case STB_LOCAL:
		local = true;
		break;
	case STB_GLOBAL:
		global = c->place != LS_PLACE_UNDEF &&
			 c->place != LS_PLACE_COMMON;
		break;
	case STB_WEAK:
		weak = true;
		break;
	case STB_GNU_UNIQUE:
		unique = true;
		break;
	}

	/* Printed value: BFD keeps section-relative values for relocatable
	 * files (adding sh_addr back) and stores a common symbol's size. */
	if (c->place == LS_PLACE_COMMON)
		c->value = s->size;
	else if (c->place == LS_PLACE_SECTION && o->type == ET_REL &&
		 o->phnum == 0)
		c->value = s->value + c->section->addr;
	else if (c->place == LS_PLACE_UNDEF)
		c->value = 0;
	else
		c->value = s->value;

	/* Thumb and MIPS16/microMIPS functions carry the ISA in bit 0 of
	 * the value; the backends strip it when reading the symbol. */
	if ((o->machine == EM_ARM &&
	     (s->type == STT_FUNC || s->type == STT_GNU_IFUNC)) ||
	    (o->machine == EM_MIPS && s->type == STT_FUNC))
		c->value &= ~(uint64_t)1;

	c->external = global || weak || unique ||
		      c->place == LS_PLACE_UNDEF || c->place == LS_PLACE_COMMON;

	/* bfd_decode_symclass */
	char l;
	if (c->place == LS_PLACE_COMMON)
		l = small_common ? 'c' : 'C';
	else if (c->place == LS_PLACE_UNDEF)
		l = weak ? (object ? 'v' : 'w') : 'U';
	else if (s->type == STT_GNU_IFUNC)
		l = 'i';
	else if (weak)
		l = object ? 'V' : 'W';
	else if (unique)
		l = 'u';
	else if (!global && !local)
		l = '?';
	else {
		l = c->place == LS_PLACE_ABS ? 'a'
		    : letters ? letters[c->section - o->sections]
			      : section_letter(c->section);
		if (!l) {
			l = section_letter(c->section);
			if (letters)
				letters[c->section - o->sections] = l;
		}
		if (global && l >= 'a' && l <= 'z')
			l = (char)(l - 'a' + 'A');
	}
	c->letter = l;
}

const char *ls_symbol_version(const ls_object *o, const ls_symbol *s,
			      const ls_symclass *c, const char **at)
{
	const ls_version *v;
	bool hidden;
	unsigned n;

	if (!s->has_versym || (!o->has_verdef && !o->has_verneed))
		return NULL;
	hidden = (s->versym & 0x8000) != 0;
	n = s->versym & 0x7fff;
	if (n == 0)
		return NULL;
	if (n == 1) {
		v = ls_version_lookup(o, 1);
		if (n > o->nverdefs ||
		    (v && v->defined && v->flags == VER_FLG_BASE))
			return NULL;
	}
	const char *name;
	if (n <= o->nverdefs) {
		v = ls_version_lookup(o, (uint16_t)n);
		name = v && v->defined ? v->name : NULL;
		if (!name || strcmp(name, s->name) == 0)
			return NULL;
	} else {
		name = "<corrupt>";
		for (uint32_t i = 0; i < o->nversions; i++) {
			if (!o->versions[i].defined &&
			    o->versions[i].index == n) {
				hidden = true;
				name = o->versions[i].name;
				break;
			}
		}
	}
	*at = hidden || c->place == LS_PLACE_UNDEF ? "@" : "@@";
	return name;
}
