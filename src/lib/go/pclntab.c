/*
 * pclntab.c - the Go function table (runtime.pclntab), every layout since
 * Go 1.2, found with or without its section.
 *
 * Header (debug/gosym/pclntab.go, cmd/link/internal/ld/pcln.go): a uint32
 * magic in the target's byte order, two zero bytes, the instruction size
 * quantum (1, 2 or 4) and the pointer size (4 or 8), then:
 *
 *   1.2  (0xfffffffb): nfunc; functab of (pc, funcoff) words at 8+ptrsize,
 *        funcoff and nameoff relative to the table.
 *   1.16 (0xfffffffa): nfunc, nfiles, funcnameOff, cuOff, filetabOff,
 *        pctabOff, pclnOff; functab of (pc, funcoff) words at pclnOff.
 *   1.18 (0xfffffff0) and 1.20 (0xfffffff1): nfunc, nfiles, textStart,
 *        then the five offsets; functab of uint32 (entryoff, funcoff).
 *
 * _func starts with the entry (word, or uint32 from textStart in 1.18+)
 * and an int32 nameoff into the function name table.  The tables follow
 * the header in that order, which the validation below insists on: it is
 * what tells a real table from four lucky bytes when scanning without a
 * section.  `-s -w` never removes the table, so this is how a stripped
 * Go binary still names its functions.
 */
#include "gofacts.h"

#include <elf.h>
#include <string.h>

/* Longest function name accepted (real ones are a few hundred bytes;
 * generic instantiations the longest). */
#define PC_NAME_MAX 16384

/* Valid-looking headers examined per object (see pc_scan). */
#define PC_SCAN_TRIES 64

/*
 * Sections and segments may overlap, so scanning each of them could read
 * the same bytes once per header: quadratic on a hostile file.  Every scan
 * takes its container's size from one budget of twice the file size (real
 * files scan each byte at most once) and stops when it is spent.
 */
static bool pc_budget(uint64_t *budget, uint64_t n)
{
	if (n > *budget)
		return false;
	*budget -= n;
	return true;
}

static uint64_t pc_budget_init(const ls_object *obj)
{
	return 2 * obj->file.size + 4096;
}

static int pc_version(uint32_t magic)
{
	switch (magic) {
	case 0xfffffffbu: return 12;
	case 0xfffffffau: return 116;
	case 0xfffffff0u: return 118;
	case 0xfffffff1u: return 120;
	}
	return 0;
}

/* Size of one functab field: uint32 from 1.18 on, a word before. */
static uint64_t pc_fieldsize(const ls_pclntab *t)
{
	return t->version >= 118 ? 4 : t->ptrsize;
}

static uint64_t pc_word(const ls_pclntab *t, uint64_t off)
{
	uint64_t v;
	ls_word(t->tab, off, t->order, t->ptrsize, &v);
	return v;
}

/*
 * Decodes and checks the header of t->tab (magic at 0) with the given byte
 * order.  NULL on success, else what is wrong with *bad the offending
 * offset in the table.
 */
static const char *pc_header(ls_pclntab *t, int order, uint64_t *bad)
{
	uint32_t magic;
	uint8_t b4, b5;
	uint64_t hdr, w[8], n;

	*bad = 0;
	if (!ls_u32(t->tab, 0, order, &magic) || !(t->version = pc_version(magic)))
		return "bad pclntab magic";
	ls_u8(t->tab, 4, &b4);
	ls_u8(t->tab, 5, &b5);
	ls_u8(t->tab, 6, &t->quantum);
	ls_u8(t->tab, 7, &t->ptrsize);
	t->order = (uint8_t)order;
	*bad = 4;
	if (b4 || b5)
		return "pclntab header bytes 4-5 not zero";
	*bad = 6;
	if (t->quantum != 1 && t->quantum != 2 && t->quantum != 4)
		return "pclntab instruction quantum not 1, 2 or 4";
	*bad = 7;
	if (t->ptrsize != 4 && t->ptrsize != 8)
		return "pclntab pointer size not 4 or 8";

	int nwords = t->version >= 118 ? 8 : t->version == 116 ? 7 : 1;
	hdr = 8 + (uint64_t)nwords * t->ptrsize;
	*bad = 8;
	if (!ls_in(t->tab, 0, hdr))
		return "pclntab header truncated";
	for (int i = 0; i < nwords; i++)
		w[i] = pc_word(t, 8 + (uint64_t)i * t->ptrsize);
	if (w[0] > UINT32_MAX)
		return "pclntab function count too large";
	t->nfunc = (uint32_t)w[0];

	if (t->version == 12) {
		t->functab_off = hdr;
		t->funcname_off = t->pcln_off = t->pctab_off = 0;
		t->cu_off = t->filetab_off = 0;
	} else {
		uint64_t *o = t->version >= 118 ? &w[3] : &w[2];
		if (t->version >= 118 && w[2]) {
			t->text_start = w[2];
			t->text_source = "header";
		}
		/* funcname, cu, filetab, pctab, pcln: in order, inside. */
		for (int i = 0; i < 5; i++) {
			*bad = 8 + (uint64_t)(o - w + i) * t->ptrsize;
			if (o[i] < hdr || o[i] > t->tab.size ||
			    (i > 0 && o[i] < o[i - 1]))
				return "pclntab table offset out of order or outside the table";
		}
		t->funcname_off = o[0];
		t->cu_off = o[1];
		t->filetab_off = o[2];
		t->pctab_off = o[3];
		t->pcln_off = o[4];
		t->functab_off = o[4];
	}
	/* (nfunc + 1) functab entries of two fields must fit. */
	*bad = 8;
	if (!ls_mul_ok((uint64_t)t->nfunc * 2 + 1, pc_fieldsize(t), &n) ||
	    !ls_in(t->tab, t->functab_off, n))
		return "pclntab function count exceeds the table";
	return NULL;
}

/* Reads the table whose magic is at off in container c (object offset
 * c_off).  NULL or a message with *bad relative to the magic. */
static const char *pc_try(const ls_object *obj, ls_bytes c, uint64_t c_off,
			  uint64_t c_addr, uint64_t off, bool any_order,
			  ls_pclntab *t, uint64_t *bad)
{
	const char *err;
	ls_pclntab z = { 0 };

	*t = z;
	ls_sub(c, off, c.size - off, &t->tab);
	t->offset = c_off + off;
	t->vaddr = c_addr + off;
	t->file_off = obj->base_off + t->offset;
	err = pc_header(t, obj->order, bad);
	if (err && any_order && *bad == 0) {
		int other = obj->order == LS_LE ? LS_BE : LS_LE;
		err = pc_header(t, other, bad);
	}
	return err;
}

/* A function whose name cannot be read rules a scanned candidate out. */
static bool pc_plausible(const ls_pclntab *t)
{
	uint64_t e0, e1;
	const char *n0, *n1;

	if (t->nfunc == 0)
		return false;
	return ls_pclntab_func(t, 0, &e0, &n0, NULL) == 0 &&
	       ls_pclntab_func(t, t->nfunc - 1, &e1, &n1, NULL) == 0 &&
	       e0 <= e1 && n0[0] && n1[0];
}

/* Scans container c for the magic of each version, newest first, with two
 * zero bytes after it; the first candidate that validates wins. */
typedef struct pc_scanstate {
	uint64_t budget;	/* bytes left to scan (pc_budget) */
	unsigned tries;		/* valid-looking headers examined */
} pc_scanstate;

static bool pc_scan(const ls_object *obj, ls_bytes c, uint64_t c_off,
		    uint64_t c_addr, const char *what, pc_scanstate *st,
		    ls_pclntab *out)
{
	static const uint32_t magics[] = { 0xfffffff1u, 0xfffffff0u,
					   0xfffffffau, 0xfffffffbu };

	/* Headers that validate but whose functions do not read are rare in
	 * real data; a hostile file full of them is cut off at
	 * PC_SCAN_TRIES so the scan stays linear (each costs up to two name
	 * lookups). */
	if (!pc_budget(&st->budget, c.size))
		return false;
	for (size_t m = 0; m < sizeof magics / sizeof magics[0]; m++) {
		uint8_t pat[6] = { 0 };
		uint32_t v = magics[m];
		for (int i = 0; i < 4; i++)
			pat[i] = obj->order == LS_LE ? (uint8_t)(v >> 8 * i)
						     : (uint8_t)(v >> 8 * (3 - i));
		uint64_t pos = 0;
		while (pos < c.size) {
			const uint8_t *p = memmem(ls_ptr(c, pos), c.size - pos,
						  pat, sizeof pat);
			if (!p)
				break;
			uint64_t at = (uint64_t)(p - c.base), bad;
			bool ok = !pc_try(obj, c, c_off, c_addr, at, false,
					  out, &bad);
			out->present = ok;
			if (ok && pc_plausible(out)) {
				out->container = what;
				return true;
			}
			if (ok && ++st->tries >= PC_SCAN_TRIES)
				break;
			pos = at + 1;
		}
	}
	memset(out, 0, sizeof *out);
	return false;
}

/*
 * Go 1.18+ stores function entries as offsets from the start of Go text.
 * The header's textStart word needed a relocation and is 0 since Go 1.2x
 * ("no longer stored"); the runtime reads moduledata.text instead.  So do
 * we: moduledata begins {pcHeader *, funcnametab []byte, ...}, so it is
 * the pointer-aligned word equal to the table's address followed by the
 * address of the name table; text is word 22 (after 6 slices, findfunctab,
 * minpc, maxpc) and minpc (word 20) must be the first entry.  The linker
 * writes these words even where they also get dynamic relocations.
 */
static bool pc_moduledata(const ls_object *obj, ls_pclntab *t)
{
	uint8_t pat[8];
	uint64_t ps = t->ptrsize;
	uint64_t budget = pc_budget_init(obj);

	for (uint64_t i = 0; i < ps; i++) {
		uint64_t sh = t->order == LS_LE ? 8 * i : 8 * (ps - 1 - i);
		pat[i] = (uint8_t)(t->vaddr >> sh);
	}
	for (uint32_t k = 0; k < obj->phnum; k++) {
		const ls_segment *s = &obj->segments[k];
		ls_bytes c;
		if (s->type != PT_LOAD || !(s->flags & PF_W) ||
		    s->offset > obj->file.size ||
		    !ls_sub(obj->file, s->offset,
			    s->filesz < obj->file.size - s->offset
				    ? s->filesz : obj->file.size - s->offset, &c))
			continue;
		if (!pc_budget(&budget, c.size))
			break;
		for (uint64_t pos = 0; pos < c.size;) {
			const uint8_t *p = memmem(ls_ptr(c, pos), c.size - pos,
						  pat, ps);
			uint64_t at, w1, minpc, text;
			uint32_t e0;
			if (!p)
				break;
			at = (uint64_t)(p - c.base);
			pos = at + 1;
			if ((s->vaddr + at) % ps != 0 ||
			    !ls_in(c, at, 24 * ps))
				continue;
			ls_word(c, at + ps, t->order, (int)ps, &w1);
			ls_word(c, at + 20 * ps, t->order, (int)ps, &minpc);
			ls_word(c, at + 22 * ps, t->order, (int)ps, &text);
			if (w1 != t->vaddr + t->funcname_off ||
			    !ls_u32(t->tab, t->functab_off, t->order, &e0) ||
			    minpc != text + e0)
				continue;
			t->text_start = text;
			t->text_source = "moduledata";
			return true;
		}
	}
	return false;
}

/* Sets text_start when the header does not have it (see pc_moduledata);
 * else runtime.text from a symbol table; else it stays 0. */
static void pc_text_start(const ls_object *obj, ls_pclntab *t)
{
	const ls_symtab *tabs[2] = { &obj->symtab, &obj->dynsym };

	if (t->version < 118 || t->text_source)
		return;
	if (obj->phnum && t->vaddr && pc_moduledata(obj, t))
		return;
	for (int k = 0; k < 2; k++)
		for (uint32_t i = 1; tabs[k]->present && i < tabs[k]->count; i++) {
			ls_symbol s;
			if (ls_symbol_get(obj, tabs[k], i, &s, NULL) < 0 ||
			    s.shndx == SHN_UNDEF || s.shndx >= SHN_LORESERVE ||
			    strcmp(s.name, "runtime.text") != 0)
				continue;
			t->text_start = s.value;
			t->text_source = "symtab runtime.text";
			return;
		}
}

static bool pc_named(const char *name)
{
	return strcmp(name, ".gopclntab") == 0 ||
	       strcmp(name, ".data.rel.ro.gopclntab") == 0;
}

int ls_pclntab_find(const ls_object *obj, ls_pclntab *out, ls_diag *d)
{
	memset(out, 0, sizeof *out);
	for (uint32_t i = 0; i < obj->shnum; i++) {
		const ls_section *s = &obj->sections[i];
		ls_bytes c;
		uint64_t bad;
		const char *err;

		if (!pc_named(s->name) || s->type == SHT_NOBITS ||
		    !ls_sub(obj->file, s->offset, s->size, &c))
			continue;
		err = pc_try(obj, c, s->offset, s->addr, 0, true, out, &bad);
		if (err) {
			uint64_t at = obj->base_off + s->offset + bad;
			memset(out, 0, sizeof *out);
			return ls_fail(d, at, "%s: %s", s->name, err);
		}
		out->present = true;
		out->container = s->name;
		pc_text_start(obj, out);
		return 0;
	}

	/* No section of its own: merged into read-only data (external PIE,
	 * c-shared) or no section headers at all. */
	pc_scanstate st = { .budget = pc_budget_init(obj) };
	for (uint32_t i = 0; i < obj->shnum; i++) {
		const ls_section *s = &obj->sections[i];
		ls_bytes c;
		if (!(s->flags & SHF_ALLOC) || (s->flags & SHF_EXECINSTR) ||
		    s->type == SHT_NOBITS ||
		    !ls_sub(obj->file, s->offset, s->size, &c))
			continue;
		if (pc_scan(obj, c, s->offset, s->addr, s->name, &st, out)) {
			pc_text_start(obj, out);
			return 0;
		}
	}
	if (obj->shnum != 0)
		return 0;
	/* Non-executable segments first: that is where Go puts it. */
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = 0; i < obj->phnum; i++) {
			const ls_segment *s = &obj->segments[i];
			ls_bytes c;
			uint64_t n;
			if (s->type != PT_LOAD || s->offset > obj->file.size ||
			    !!(s->flags & PF_X) != (pass == 1))
				continue;
			n = obj->file.size - s->offset;
			if (s->filesz < n)
				n = s->filesz;
			ls_sub(obj->file, s->offset, n, &c);
			if (pc_scan(obj, c, s->offset, s->vaddr, "PT_LOAD",
				    &st, out)) {
				pc_text_start(obj, out);
				return 0;
			}
		}
	return 0;
}

/* Where function i's functab entry and _func are. */
static int pc_entry(const ls_pclntab *t, uint32_t i, uint64_t *entry,
		    uint64_t *func, ls_diag *d)
{
	uint64_t fs = pc_fieldsize(t);
	uint64_t fo = t->functab_off + 2 * (uint64_t)i * fs, fun;

	if (!ls_in(t->tab, fo, 2 * fs))
		return ls_fail(d, t->file_off + fo,
			       "pclntab function %u: functab entry outside the table",
			       i);
	if (fs == 4) {
		uint32_t e = 0, f = 0;
		ls_u32(t->tab, fo, t->order, &e);
		ls_u32(t->tab, fo + 4, t->order, &f);
		*entry = t->text_start + e;
		fun = f;
	} else {
		*entry = pc_word(t, fo);
		fun = pc_word(t, fo + fs);
	}
	if (!ls_add_ok(t->pcln_off, fun, func))
		return ls_fail(d, t->file_off + fo + fs,
			       "pclntab function %u: data offset overflows", i);
	return 0;
}

int ls_pclntab_func(const ls_pclntab *t, uint32_t i, uint64_t *entry,
		    const char **name, ls_diag *d)
{
	uint64_t func = 0, noff = 0;
	uint64_t fs = t->version >= 118 ? 4 : t->ptrsize;
	uint32_t nameoff;

	*entry = 0;
	*name = NULL;
	if (!t->present || i >= t->nfunc)
		return ls_fail(d, t->file_off,
			       "pclntab function %u out of range (%u functions)",
			       i, t->nfunc);
	if (pc_entry(t, i, entry, &func, d) < 0)
		return -1;
	if (!ls_add_ok(func, fs, &noff) ||
	    !ls_u32(t->tab, noff, t->order, &nameoff))
		return ls_fail(d, t->file_off + func,
			       "pclntab function %u: _func outside the table", i);
	/* The NUL must come within PC_NAME_MAX bytes: every name lookup is
	 * then bounded, so walking all functions of a hostile table whose
	 * names all point at one long unterminated run stays linear. */
	ls_bytes nm;
	uint64_t at = t->funcname_off + nameoff;
	if ((int32_t)nameoff < 0 || at >= t->tab.size ||
	    !ls_sub(t->tab, at, t->tab.size - at < PC_NAME_MAX
					? t->tab.size - at : PC_NAME_MAX, &nm) ||
	    !ls_cstr(nm, 0, name, NULL))
		return ls_fail(d, t->file_off + noff,
			       "pclntab function %u: name offset 0x%x outside the name table or unterminated",
			       i, nameoff);
	return 0;
}

/* Entry PC of functab slot i (0 <= i <= nfunc: the last is the end). */
static bool pc_at(const ls_pclntab *t, uint32_t i, uint64_t *pc)
{
	uint64_t fs = pc_fieldsize(t);
	uint64_t fo = t->functab_off + 2 * (uint64_t)i * fs;

	if (fs == 4) {
		uint32_t e;
		if (!ls_u32(t->tab, fo, t->order, &e))
			return false;
		*pc = t->text_start + e;
		return true;
	}
	return ls_word(t->tab, fo, t->order, t->ptrsize, pc);
}

int ls_pclntab_lookup(const ls_pclntab *t, uint64_t pc, uint32_t *idx)
{
	uint64_t lo_pc, end_pc;
	uint32_t lo = 0, hi;

	if (!t->present || t->nfunc == 0 || !pc_at(t, 0, &lo_pc) ||
	    !pc_at(t, t->nfunc, &end_pc) || pc < lo_pc || pc >= end_pc)
		return 0;
	/* Largest i with entry(i) <= pc: at most log2(nfunc) steps. */
	hi = t->nfunc;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint64_t e;
		if (!pc_at(t, mid, &e))
			return 0;
		if (e <= pc)
			lo = mid;
		else
			hi = mid;
	}
	*idx = lo;
	return 1;
}

int ls_pclntab_find_name(const ls_pclntab *t, const char *name, bool prefix,
			 uint32_t *idx)
{
	size_t n = strlen(name);

	for (uint32_t i = 0; t->present && i < t->nfunc; i++) {
		uint64_t e;
		const char *s;
		if (ls_pclntab_func(t, i, &e, &s, NULL) < 0)
			continue;
		if (prefix ? strncmp(s, name, n) == 0 : strcmp(s, name) == 0) {
			*idx = i;
			return 1;
		}
	}
	return 0;
}
