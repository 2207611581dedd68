/*
 * hardening.c - the exploit mitigations a binary carries, each decided by
 * the exact ELF fact the loader or kernel acts on (see docs/check.md):
 *
 *   RELRO     PT_GNU_RELRO; full when binding is also immediate
 *   BIND_NOW  DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW
 *   NX        PT_GNU_STACK without PF_X, or the architecture's default
 *   canary    a __stack_chk_* symbol; FORTIFY: the glibc _chk functions,
 *             of how many fortifiable calls (checksec's two counts)
 *   TEXTREL   DT_TEXTREL or DF_TEXTREL;  RWX: a PT_LOAD with PF_W|PF_X
 *   CET, BTI, ISA level: NT_GNU_PROPERTY_TYPE_0 properties
 *   build ID, ABI tag: their GNU notes
 *
 * Tools that grep readelf's text (checksec) get several of these wrong;
 * this file judges the fields themselves, as the readers decode them (the
 * segments, the load-info record, readers/elf_notes.c's GNU notes).
 */
#include "audit_impl.h"
#include "../readers/elf_defs.h"
#include "../readers/elf_notes.h"

#include <stdlib.h>
#include <string.h>

/*
 * Every fortified function glibc exports: __*_chk from debug/ and the
 * open family's __*_2 checks, through glibc 2.40 (sorted; a hash table
 * below indexes it).  tests/unit/test_audit.c compares it with the
 * system's libc.so.6.
 */
static const char *const fortify_names[] = {
	"__asprintf_chk", "__confstr_chk", "__dprintf_chk",
	"__explicit_bzero_chk", "__fdelt_chk", "__fgets_chk",
	"__fgets_unlocked_chk", "__fgetws_chk", "__fgetws_unlocked_chk",
	"__fprintf_chk", "__fread_chk", "__fread_unlocked_chk",
	"__fwprintf_chk", "__getcwd_chk", "__getdomainname_chk",
	"__getgroups_chk", "__gethostname_chk", "__getlogin_r_chk",
	"__gets_chk", "__getwd_chk", "__longjmp_chk", "__mbsnrtowcs_chk",
	"__mbsrtowcs_chk", "__mbstowcs_chk", "__memcpy_chk",
	"__memmove_chk", "__mempcpy_chk", "__memset_chk", "__mq_open_2",
	"__obstack_printf_chk", "__obstack_vprintf_chk", "__open64_2",
	"__open_2", "__openat64_2", "__openat_2", "__poll_chk",
	"__ppoll_chk", "__pread64_chk", "__pread_chk", "__printf_chk",
	"__ptsname_r_chk", "__read_chk", "__readlink_chk",
	"__readlinkat_chk", "__realpath_chk", "__recv_chk",
	"__recvfrom_chk", "__snprintf_chk", "__sprintf_chk",
	"__stpcpy_chk", "__stpncpy_chk", "__strcat_chk", "__strcpy_chk",
	"__strlcat_chk", "__strlcpy_chk", "__strncat_chk",
	"__strncpy_chk", "__swprintf_chk", "__syslog_chk",
	"__ttyname_r_chk", "__vasprintf_chk", "__vdprintf_chk",
	"__vfprintf_chk", "__vfwprintf_chk", "__vprintf_chk",
	"__vsnprintf_chk", "__vsprintf_chk", "__vswprintf_chk",
	"__vsyslog_chk", "__vwprintf_chk", "__wcpcpy_chk",
	"__wcpncpy_chk", "__wcrtomb_chk", "__wcscat_chk", "__wcscpy_chk",
	"__wcslcat_chk", "__wcslcpy_chk", "__wcsncat_chk",
	"__wcsncpy_chk", "__wcsnrtombs_chk", "__wcsrtombs_chk",
	"__wcstombs_chk", "__wctomb_chk", "__wmemcpy_chk",
	"__wmemmove_chk", "__wmempcpy_chk", "__wmemset_chk",
	"__wprintf_chk",
};

#define NFORTIFY (sizeof fortify_names / sizeof fortify_names[0])
_Static_assert(NFORTIFY <= 8 * sizeof ((ls_audit *)0)->fortify_used,
	       "fortify_used too small");

uint32_t ls_fortify_count(void)
{
	return NFORTIFY;
}

const char *ls_fortify_name(uint32_t i)
{
	return i < NFORTIFY ? fortify_names[i] : NULL;
}

/* Architectures whose kernel and loader default to a non-executable stack
 * when PT_GNU_STACK is absent (glibc's DEFAULT_STACK_PERMS). */
static bool stack_nx_by_default(uint16_t machine)
{
	return machine == EM_AARCH64 || machine == EM_RISCV ||
	       machine == EM_LOONGARCH;
}

void audit_segments(const ls_object *o, ls_audit *a)
{
	bool has_stack = false, stack_x = false, has_relro = false;

	for (uint32_t i = 0; i < o->phnum; i++) {
		const ls_segment *s = &o->segments[i];

		switch (s->type) {
		case PT_GNU_STACK:
			has_stack = true;
			stack_x = s->flags & PF_X;
			break;
		case PT_GNU_RELRO:
			has_relro = true;
			break;
		case PT_LOAD:
			if ((s->flags & (PF_W | PF_X)) == (PF_W | PF_X))
				a->rwx_segments++;
			break;
		}
	}
	a->nx = has_stack ? !stack_x : stack_nx_by_default(o->machine);
	a->relro = !has_relro ? LS_RELRO_NONE :
		   a->load.dyn.bind_now ? LS_RELRO_FULL : LS_RELRO_PARTIAL;
}

/*
 * The GNU notes, judged: CET (IBT, SHSTK) and the x86 ISA level, BTI and
 * PAC, the build ID and the ABI tag.  readers/elf_notes.c decodes them.
 */
int audit_notes(const ls_object *o, ls_audit *a, ls_diag *d)
{
	ls_gnu_notes n;

	if (ls_gnu_notes_read(o, &n, d) < 0)
		return -1;
	a->build_id = n.build_id;
	a->has_abi_tag = n.has_abi_tag;
	a->abi_os = n.abi_os;
	a->abi_major = n.abi_major;
	a->abi_minor = n.abi_minor;
	a->abi_sub = n.abi_sub;
	a->has_x86_feature = n.has_x86_feature;
	a->ibt = n.x86_feature & GNU_PROPERTY_X86_FEATURE_1_IBT;
	a->shstk = n.x86_feature & GNU_PROPERTY_X86_FEATURE_1_SHSTK;
	a->x86_isa_needed = n.x86_isa_needed;
	a->has_aarch64_feature = n.has_aarch64_feature;
	a->bti = n.aarch64_feature & GNU_PROPERTY_AARCH64_FEATURE_1_BTI;
	a->pac = n.aarch64_feature & GNU_PROPERTY_AARCH64_FEATURE_1_PAC;
	return 0;
}

/*
 * The plain names are derived from the table above rather than kept in a
 * second one: glibc names every check after the function it guards
 * (debug/memcpy_chk.c is __memcpy_chk for memcpy, io/open_2.c is __open_2
 * for open), and so does checksec 2.6.0, which strips "__" and "_chk"
 * from libc's exports.  An entry may derive a name no caller uses
 * (__fdelt_chk guards the FD_SET macro, not a function "fdelt"): such a
 * name is never imported, so it costs nothing.
 */
const char *ls_fortify_plain(uint32_t i, size_t *len)
{
	const char *n = ls_fortify_name(i);
	size_t l;

	if (!n) {
		*len = 0;
		return NULL;
	}
	l = strlen(n);
	*len = l - 2 - (n[l - 1] == 'k' ? 4 : 2);	/* "_chk" or "_2" */
	return n + 2;
}

/*
 * Every imported symbol is looked up here (canary, check, plain name), so
 * the names are hashed once into one open-addressing table instead of
 * bsearch and strcmp per name.  The table is derived from fortify_names
 * (and the canary names), built on a thread's first lookup: per thread,
 * so that the pool's threads need no lock and share no writes.
 */
enum { FT_NONE, FT_CHK, FT_PLAIN, FT_CANARY };
#define FT_BITS 9		/* 512 slots for ~180 names */
#define FT_MASK ((1u << FT_BITS) - 1)
#define FT_MAXLEN 31		/* longer than every name in the table */

/* The stack protector's symbols: GCC's and ICC's (checksec greps the same). */
static const char *const canary_names[] = {
	"__stack_chk_fail", "__stack_chk_guard", "__stack_chk_fail_local",
	"__intel_security_cookie",
};

typedef struct {
	const char *name;	/* not terminated for FT_PLAIN */
	uint8_t kind;		/* FT_*; FT_NONE: empty */
	uint8_t idx;		/* into fortify_names or canary_names */
	uint8_t len;
} ft_slot;

static _Thread_local ft_slot ft_table[FT_MASK + 1];
static _Thread_local bool ft_ready;

/*
 * The length and the first and last four bytes: every import is hashed,
 * so this reads two words rather than every byte (the names that share a
 * prefix, "__" or "pthread_", differ in their length or their ends).
 */
static uint32_t ft_hash(const char *s, size_t n)
{
	uint32_t a = 0, b = 0;

	if (n < 4) {
		memcpy(&a, s, n);
	} else {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
	}
	return ((a * 0x9e3779b1u) ^ (b * 0x85ebca77u) ^ (uint32_t)n) *
	       0xc2b2ae3du >> (32 - FT_BITS);
}

static const ft_slot *ft_probe(const char *name, size_t n, uint32_t h)
{
	for (uint32_t i = h;; i = (i + 1) & FT_MASK) {
		const ft_slot *e = &ft_table[i];

		if (e->kind == FT_NONE)
			return e;
		if (e->len == n && !memcmp(e->name, name, n))
			return e;
	}
}

static void ft_add(int kind, uint32_t idx, const char *name, size_t n)
{
	ft_slot *e = (ft_slot *)ft_probe(name, n, ft_hash(name, n));

	if (e->kind != FT_NONE)
		return;		/* a name already in: the first one wins */
	e->name = name;
	e->kind = (uint8_t)kind;
	e->idx = (uint8_t)idx;
	e->len = (uint8_t)n;
}

static void ft_build(void)
{
	const char *p;
	size_t n;

	for (uint32_t i = 0; i < NFORTIFY; i++)
		ft_add(FT_CHK, i, fortify_names[i], strlen(fortify_names[i]));
	/* memcpy is __memcpy_chk's before any __*_2's (checks first). */
	for (int two = 0; two < 2; two++)
		for (uint32_t i = 0; i < NFORTIFY; i++) {
			p = ls_fortify_plain(i, &n);
			if ((p[n] == '_' && p[n + 1] == '2') == (two == 1))
				ft_add(FT_PLAIN, i, p, n);
		}
	for (uint32_t i = 0; i < sizeof canary_names / sizeof *canary_names; i++)
		ft_add(FT_CANARY, i, canary_names[i], strlen(canary_names[i]));
	ft_ready = true;
}

/* The table's entry for name (of length n), or NULL. */
static const ft_slot *ft_find(const char *name, size_t n)
{
	const ft_slot *e;

	/* Cheap reject first: every name is "__..." or lower-case. */
	if (n > FT_MAXLEN ||
	    (name[0] == '_' ? name[1] != '_' : name[0] < 'a' || name[0] > 'z'))
		return NULL;
	if (!ft_ready)
		ft_build();
	e = ft_probe(name, n, ft_hash(name, n));
	return e->kind == FT_NONE ? NULL : e;
}

int ls_fortify_lookup(const char *name)
{
	const ft_slot *e = ft_find(name, strlen(name));

	return e && e->kind == FT_CHK ? e->idx : -1;
}

static bool mark(uint8_t *bits, int f)
{
	if (bits[f / 8] & (1u << (f % 8)))
		return false;
	bits[f / 8] |= (uint8_t)(1u << (f % 8));
	return true;
}

/*
 * Canary and FORTIFY from one symbol.  A file that loads libraries has
 * its fortified calls as undefined (imported) _chk symbols: libc defines
 * them all and is not itself "fortified" by that.  A static program (or
 * an object) has its used _chk functions linked in: defined ones count.
 * The plain functions that have a check (memcpy, read, open) are counted
 * by the same rule: they are the calls FORTIFY left unchecked, checksec's
 * "fortifiable" ones (in a static program libc.a's own definitions count,
 * as checksec --fortify-file counts them: the link leaves no trace of
 * which were called).
 */
void audit_hardening_symbol(ls_audit *a, const ls_symbol *s)
{
	const ft_slot *e = ft_find(s->name, s->name_len);

	if (!e)
		return;
	if (e->kind == FT_CANARY) {
		a->canary = true;
		return;
	}
	if ((a->load.interp || a->load.dyn.nneeded) && s->shndx != SHN_UNDEF)
		return;
	if (e->kind == FT_CHK) {
		if (mark(a->fortify_used, e->idx))
			a->fortified++;
	} else if (mark(a->fortify_plain, e->idx)) {
		a->unfortified++;
	}
}

/* A Go artifact with no cgo code linked in: no C compiler ran for it. */
static bool pure_go(const ls_audit *a)
{
	return a->go.is_go && !a->go.cgo;
}

/*
 * Why a compiler-inserted check (canary, FORTIFY) cannot be in this file,
 * or NULL: a debug-info file has no code; a pure-Go file and the Go object
 * of a c-archive (go.o: Go compiler output even with cgo, whose C code is
 * compiled into the archive's other members) have no C code.  The Go
 * compiler emits no stack protector -- every Go function checks its stack
 * bound in its prologue (morestack) -- and bounds-checks every index.
 */
static const char *no_c_code(const ls_audit *a, const char *pure)
{
	if (a->kind == LS_ART_DEBUGINFO)
		return "a separate debug-info file";
	if (a->go.is_go && a->go.cgo && a->kind == LS_ART_REL)
		return "the Go object of a c-archive, no C code (cgo's C code is in the other members)";
	return pure_go(a) ? pure : NULL;
}

const char *ls_audit_canary_na(const ls_audit *a)
{
	return no_c_code(a, "pure Go, no C code (Go checks bounds and stack limits itself)");
}

const char *ls_audit_fortify_na(const ls_audit *a)
{
	return no_c_code(a, "pure Go, no C code to fortify (Go checks bounds itself)");
}

uint32_t ls_audit_fortifiable(const ls_audit *a)
{
	return a->fortified + a->unfortified;
}

const char *ls_audit_fortify_status(const ls_audit *a)
{
	if (ls_audit_fortify_na(a) || ls_audit_fortifiable(a) == 0)
		return "n/a";
	return a->fortified ? "yes" : "no";
}

const char *ls_x86_isa_name(uint32_t bits)
{
	static const char *const names[] = {
		"x86-64-baseline", "x86-64-v2", "x86-64-v3", "x86-64-v4",
	};

	for (int i = 3; i >= 0; i--)
		if (bits & (1u << i))
			return names[i];
	return NULL;
}
