/*
 * elf_dynsyms.c - the dynamic symbols and symbol versions of a file
 * without section headers, found as the dynamic loader (and `readelf -D`)
 * finds them: through the tags of PT_DYNAMIC.
 *
 * Why this exists: sstrip (and e_shoff = 0) removes the section header
 * table, which the loader never needed, so such a file still imports
 * versioned symbols; without this `check` would miss its stack protector,
 * FORTIFY imports and glibc version floor.  Nothing else gives the symbol
 * count there, so it comes from DT_HASH (nchain) or a walk of DT_GNU_HASH's
 * buckets and chains.
 *
 * The table is marked from_dynamic: its st_shndx name sections the file
 * does not describe, and `syms` ignores it (nm sees no symbols).
 *
 * Tags that are absent (no DT_SYMTAB, DT_STRTAB or hash table) leave the
 * object without dynsym: not an error.  Tags that are present but wrong
 * (DT_SYMENT not the class's symbol size, a table not inside the file
 * bytes of a PT_LOAD, a hash table that runs off its segment) are errors
 * at the absolute offset of the dynamic entry or table at fault; so a
 * DT_SYMTAB outside every PT_LOAD is an error, not a missing table.
 */
#include "../model/object.h"
#include "elf_defs.h"
#include "elf_dynsyms.h"
#include "elf_versions.h"

#ifndef DT_GNU_HASH
#define DT_GNU_HASH 0x6ffffef5
#endif

/* The tags used; for each, the last entry wins (as in the loader). */
enum { T_SYMTAB, T_SYMENT, T_STRTAB, T_STRSZ, T_HASH, T_GNU_HASH, T_VERSYM,
       T_VERDEF, T_VERDEFNUM, T_VERNEED, T_VERNEEDNUM, T_N };
static const int64_t tag_of[T_N] = {
	DT_SYMTAB, DT_SYMENT, DT_STRTAB, DT_STRSZ, DT_HASH, DT_GNU_HASH,
	DT_VERSYM, DT_VERDEF, DT_VERDEFNUM, DT_VERNEED, DT_VERNEEDNUM,
};

struct dtag {
	bool have;
	uint64_t val;
	uint64_t off;		/* absolute offset of the dynamic entry */
};

/* DT_HASH: nbucket, nchain, ...; nchain is the symbol count.  Its words
 * are 8 bytes on 64-bit Alpha and s390, as readelf and glibc read them. */
static int hash_count(const ls_object *o, const struct dtag *t,
		      uint64_t *count, ls_diag *d)
{
	int hw = o->elfclass == ELFCLASS64 &&
			 (o->machine == EM_S390 || o->machine == EM_ALPHA) ? 8 : 4;
	ls_bytes h;
	uint64_t off;

	if (!ls_vaddr_bytes(o, t->val, 2 * (uint64_t)hw, &h, &off))
		return ls_fail(d, t->off,
			       "DT_HASH 0x%llx is not in a load segment",
			       (unsigned long long)t->val);
	ls_word(h, (uint64_t)hw, o->order, hw, count);
	return 0;
}

/*
 * DT_GNU_HASH: nbuckets, symoffset, bloom_size, bloom_shift, the bloom
 * words, the buckets, then one chain word per hashed symbol.  The count is
 * one past the end of the chain of the highest bucket (symoffset when
 * every bucket is empty).  The chain walk reads one word per step and
 * stops at the end of the segment's bytes.
 */
static int gnu_hash_count(const ls_object *o, const struct dtag *t,
			  uint64_t *count, ls_diag *d)
{
	ls_bytes g;
	uint64_t goff;
	uint32_t nb, symoff, bloom, max = 0, v;

	if (!ls_vaddr_tail(o, t->val, &g, &goff))
		return ls_fail(d, t->off,
			       "DT_GNU_HASH 0x%llx is not in a load segment",
			       (unsigned long long)t->val);
	if (!ls_u32(g, 0, o->order, &nb) || !ls_u32(g, 4, o->order, &symoff) ||
	    !ls_u32(g, 8, o->order, &bloom) || !ls_in(g, 12, 4))
		return ls_fail(d, o->base_off + goff,
			       "GNU hash table header extends past its load segment");
	uint64_t bk = 16 + (uint64_t)bloom * (uint64_t)o->wordsize;
	if (!ls_in(g, bk, (uint64_t)nb * 4))
		return ls_fail(d, o->base_off + goff,
			       "GNU hash table (%u buckets, %u bloom words) extends past its load segment",
			       nb, bloom);
	for (uint32_t i = 0; i < nb; i++) {
		ls_u32(g, bk + 4 * (uint64_t)i, o->order, &v);
		if (v > max)
			max = v;
	}
	if (max == 0) {
		*count = symoff;
		return 0;
	}
	if (max < symoff)
		return ls_fail(d, o->base_off + goff + bk,
			       "GNU hash bucket names symbol %u, below the first hashed symbol %u",
			       max, symoff);
	uint64_t ch = bk + (uint64_t)nb * 4;
	for (uint64_t idx = max;; idx++) {
		if (!ls_u32(g, ch + (idx - symoff) * 4, o->order, &v))
			return ls_fail(d, o->base_off + goff + ch,
				       "GNU hash chain of symbol %u extends past its load segment",
				       max);
		if (v & 1) {
			*count = idx + 1;
			return 0;
		}
	}
}

/* A version table whose size no tag gives: from its address to the end of
 * its segment, with the count (0 when the tag is absent). */
static int vertab(const ls_object *o, const char *name, const struct dtag *t,
		  const struct dtag *num, ls_bytes str, ls_vertab *out,
		  ls_diag *d)
{
	if (!ls_vaddr_tail(o, t->val, &out->b, &out->off))
		return ls_fail(d, t->off, "%s 0x%llx is not in a load segment",
			       name, (unsigned long long)t->val);
	out->str = str;
	out->count = num->have ? num->val : 0;
	out->count_off = num->have ? num->off : t->off;
	return 0;
}

int ls_elf_dynsyms(ls_object *o, ls_diag *d)
{
	uint64_t esz = o->elfclass == ELFCLASS64 ? LS_SYM64_SIZE : LS_SYM32_SIZE;
	uint64_t w2 = 2 * (uint64_t)o->wordsize, dyn_off = 0, count = 0, size, off;
	struct dtag t[T_N] = { { 0 } };
	bool have_dyn = false;
	ls_bytes str;
	int64_t n, tag;
	uint64_t val;

	/* ls_dynamic_get reads the first PT_DYNAMIC when there are no
	 * sections; its offset names the entries in diagnostics. */
	for (uint32_t i = 0; i < o->phnum && !have_dyn; i++)
		if (o->segments[i].type == PT_DYNAMIC) {
			dyn_off = o->segments[i].offset;
			have_dyn = true;
		}
	if (!have_dyn)
		return 0;
	if ((n = ls_dynamic_count(o, d)) < 0)
		return -1;
	for (int64_t i = 0; i < n; i++) {
		if (ls_dynamic_get(o, (uint64_t)i, &tag, &val, d) < 0)
			return -1;
		if (tag == DT_NULL)
			break;
		for (int k = 0; k < T_N; k++)
			if (tag == tag_of[k]) {
				t[k].have = true;
				t[k].val = val;
				t[k].off = o->base_off + dyn_off + (uint64_t)i * w2;
			}
	}
	if (!t[T_SYMTAB].have || !t[T_STRTAB].have ||
	    (!t[T_HASH].have && !t[T_GNU_HASH].have))
		return 0;	/* partial: nothing to build a table from */

	if (t[T_SYMENT].have && t[T_SYMENT].val != esz)
		return ls_fail(d, t[T_SYMENT].off,
			       "DT_SYMENT is %llu, expected %llu",
			       (unsigned long long)t[T_SYMENT].val,
			       (unsigned long long)esz);
	if (t[T_STRSZ].have
	    ? !ls_vaddr_bytes(o, t[T_STRTAB].val, t[T_STRSZ].val, &str, &off)
	    : !ls_vaddr_tail(o, t[T_STRTAB].val, &str, &off))
		return ls_fail(d, t[T_STRTAB].off,
			       "DT_STRTAB 0x%llx (%llu bytes) is not in a load segment",
			       (unsigned long long)t[T_STRTAB].val,
			       (unsigned long long)t[T_STRSZ].val);

	if ((t[T_HASH].have ? hash_count(o, &t[T_HASH], &count, d)
			    : gnu_hash_count(o, &t[T_GNU_HASH], &count, d)) < 0)
		return -1;
	if (count == 0)
		return 0;
	/* The entries must be file bytes, which bounds the count. */
	if (!ls_mul_ok(count, esz, &size) || count > UINT32_MAX ||
	    !ls_vaddr_bytes(o, t[T_SYMTAB].val, size, &o->dynsym.data, &off))
		return ls_fail(d, t[T_SYMTAB].off,
			       "DT_SYMTAB 0x%llx (%llu symbols) is not in a load segment",
			       (unsigned long long)t[T_SYMTAB].val,
			       (unsigned long long)count);
	o->dynsym.present = true;
	o->dynsym.from_dynamic = true;
	o->dynsym.count = (uint32_t)count;
	o->dynsym.entsize = esz;
	o->dynsym.strtab = str;
	o->dynsym.data_off = o->base_off + off;

	if (t[T_VERSYM].have &&
	    !ls_vaddr_bytes(o, t[T_VERSYM].val, 2 * count, &o->versym, &off))
		return ls_fail(d, t[T_VERSYM].off,
			       "DT_VERSYM 0x%llx (%llu entries) is not in a load segment",
			       (unsigned long long)t[T_VERSYM].val,
			       (unsigned long long)count);
	ls_vertab vd, vn;
	if (t[T_VERDEF].have &&
	    vertab(o, "DT_VERDEF", &t[T_VERDEF], &t[T_VERDEFNUM], str, &vd, d) < 0)
		return -1;
	if (t[T_VERNEED].have &&
	    vertab(o, "DT_VERNEED", &t[T_VERNEED], &t[T_VERNEEDNUM], str, &vn, d) < 0)
		return -1;
	return ls_elf_versions(o, t[T_VERDEF].have ? &vd : NULL,
			       t[T_VERNEED].have ? &vn : NULL, d);
}
