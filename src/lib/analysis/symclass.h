/*
 * symclass.h - how binutils classifies an ELF symbol.
 *
 * `nm` (through BFD) reduces every symbol to a letter, a printed value and
 * an optional version suffix, and hides some symbols.  These functions
 * reproduce those rules from the raw ELF fields, so that `syms` matches
 * nm byte for byte and every other analysis speaks the same vocabulary.
 */
#ifndef LS_SYMCLASS_H
#define LS_SYMCLASS_H

#include "../model/object.h"

/* Where BFD puts a symbol. */
enum ls_symplace {
	LS_PLACE_UNDEF,
	LS_PLACE_ABS,
	LS_PLACE_COMMON,	/* also x86-64 large and MIPS small common */
	LS_PLACE_SECTION,
};

typedef struct ls_symclass {
	const char *name;		/* BFD's name: section symbols are
					   named after their section */
	int place;
	const ls_section *section;	/* for LS_PLACE_SECTION */
	char letter;			/* nm's type letter */
	bool debugging;			/* STT_SECTION / STT_FILE: hidden by nm */
	bool special;			/* target mapping/label symbol: hidden */
	bool external;			/* kept by nm -g */
	uint64_t value;			/* what nm prints (0 when undefined) */
} ls_symclass;

void ls_symclass_of(const ls_object *obj, const ls_symbol *sym,
		    ls_symclass *out);

/*
 * The same, with a per-object memo of section letters (obj->shnum chars,
 * prepared by ls_section_letters and filled as sections are met): the
 * letter depends only on the section, so a large table pays for it once.
 */
void ls_symclass_with(const ls_object *obj, const ls_symbol *sym,
		      char *section_letters, ls_symclass *out);
void ls_section_letters(const ls_object *obj, char *letters);

/* True for the letters nm prints without a value ('U', 'w', 'v'). */
static inline bool ls_letter_undefined(char c)
{
	return c == 'U' || c == 'w' || c == 'v';
}

/*
 * The version suffix nm prints after a dynamic symbol's name, or NULL.
 * *at is set to "@" (hidden or reference) or "@@" (default definition).
 */
const char *ls_symbol_version(const ls_object *obj, const ls_symbol *sym,
			      const ls_symclass *cls, const char **at);

#endif
