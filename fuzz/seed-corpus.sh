#!/usr/bin/env bash
# seed-corpus.sh - build the seed corpora for the fuzz targets.
#
#   fuzz/seed-corpus.sh      -> fuzz/corpus/elf/*, fuzz/corpus/archive/*,
#                               fuzz/corpus/link/*, fuzz/corpus/ldscript/*
#
# Seeds are compiled at run time from the small sources below with whatever
# toolchains this machine has (a missing cross tool is skipped with a
# message), plus a few small system files.  Seeds over MAX_SEED bytes
# (default 1 MiB) are left out: big inputs slow every mutation down.
# Re-running replaces the seeds of the same name; files the fuzzer added to
# the corpus directories are kept.
set -uo pipefail

here=$(cd -- "$(dirname -- "$0")" && pwd)
elf_dir=$here/corpus/elf
ar_dir=$here/corpus/archive
link_dir=$here/corpus/link
lds_dir=$here/corpus/ldscript
MAX_SEED=${MAX_SEED:-1048576}
# fuzz_link reads the whole link per input: smaller seeds than the others.
MAX_LINK_SEED=${MAX_LINK_SEED:-65536}
mkdir -p -- "$elf_dir" "$ar_dir" "$link_dir" "$lds_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/linkscope-seeds.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
cd -- "$work" || exit 1
export LC_ALL=C

have() { command -v -- "$1" >/dev/null 2>&1; }

# try CMD... - run a build step; on failure say so and carry on.
try() {
	if ! "$@" >>"$work/log" 2>&1; then
		echo "seed-corpus: skipped (failed): $*" >&2
		return 1
	fi
}

# seed DIR FILE NAME - copy FILE into the corpus DIR as NAME, size-capped.
nseeds=0
seed() {
	local dir=$1 f=$2 name=$3 sz
	[ -f "$f" ] || return 0
	sz=$(stat -c %s -- "$f")
	if [ "$sz" -gt "$MAX_SEED" ]; then
		echo "seed-corpus: skipped (>$MAX_SEED bytes): $name ($sz)" >&2
		return 0
	fi
	cp -- "$f" "$dir/$name"
	nseeds=$((nseeds + 1))
}
elf() { seed "$elf_dir" "$1" "$2"; }
arch() { seed "$ar_dir" "$1" "$2"; }

# --- sources ---------------------------------------------------------------
cat >syms.c <<'SRC'
/* Every symbol kind nm distinguishes. */
int global_data = 1;
int global_bss;
static int local_data = 2;
static int local_bss;
const int global_rodata = 3;
__thread int tls_var = 4;
__attribute__((weak)) int weak_data = 5;
__attribute__((weak)) void weak_fn(void) {}
extern int undefined_data;
extern void undefined_fn(void);
extern void weak_undefined_fn(void) __attribute__((weak));
__attribute__((visibility("hidden"))) int hidden_fn(void) { return 6; }
__attribute__((visibility("protected"))) int protected_fn(void) { return 7; }
static int local_fn(int x) { return x + local_data + local_bss; }
int alias_target(void) { return 8; }
int alias_fn(void) __attribute__((alias("alias_target")));
static int impl(void) { return 9; }
static void *resolve(void) { return (void *)impl; }
int ifunc_fn(void) __attribute__((ifunc("resolve")));
int main(void)
{
	undefined_fn();
	if (weak_undefined_fn)
		weak_undefined_fn();
	return local_fn(global_data) + undefined_data + tls_var;
}
SRC
sed '/undefined/d' syms.c >syms_def.c
printf 'int undefined_data;\nvoid undefined_fn(void) {}\nvoid weak_undefined_fn(void) {}\n' >>syms_def.c

cat >common.c <<'SRC'
int common_a;
int common_b[64];
SRC

cat >a_really_long_member_name_for_gnu_ar.c <<'SRC'
int long_named_member_function(void) { return 1; }
int shared_name_in_two_members;
SRC
cat >short.c <<'SRC'
static int helper(int x) { return x * 2; }
int short_member_fn(int x) { return helper(x); }
int shared_name_in_two_members;
SRC

cat >cxx.cc <<'SRC'
#include <map>
#include <string>
#include <vector>
namespace outer { namespace inner {
template <typename T, int N> struct Box {
	T v[N];
	T sum() const { T s{}; for (auto &x : v) s += x; return s; }
	static Box make(T x) { Box b; for (auto &y : b.v) y = x; return b; }
};
struct Base { virtual ~Base(); virtual int f(int) const = 0; };
struct Derived : Base { int f(int x) const override { return x + 1; } };
Base::~Base() {}
int use(const std::map<std::string, std::vector<int>> &m) { return (int)m.size(); }
} }
int operator""_k(unsigned long long v) { return (int)v * 1000; }
int cxx_entry(int x)
{
	outer::inner::Derived d;
	auto b = outer::inner::Box<long, 3>::make(x);
	auto c = outer::inner::Box<double, 2>::make(x);
	return d.f(x) + (int)b.sum() + (int)c.sum() + 5_k;
}
SRC

cat >ver.c <<'SRC'
/* Symbol versions: .gnu.version, .gnu.version_d, .gnu.version_r. */
#include <stdio.h>
int foo_v1(void) { return 1; }
int foo_v2(void) { return puts("v2"); }
int bar(void) { return 3; }
__asm__(".symver foo_v1,foo@VERS_1.0");
__asm__(".symver foo_v2,foo@@VERS_2.0");
SRC
cat >ver.map <<'SRC'
VERS_1.0 { global: foo; bar; local: *; };
VERS_2.0 { global: foo; } VERS_1.0;
SRC
cat >usever.c <<'SRC'
int foo(void);
int bar(void);
int main(void) { return foo() + bar(); }
SRC

cat >tiny.s <<'SRC'
	.text
	.globl	tiny_fn
	.type	tiny_fn, %function
tiny_fn:
	.long	0
	.size	tiny_fn, 4
	.data
	.globl	tiny_data
	.type	tiny_data, %object
tiny_data:
	.long	1
	.size	tiny_data, 4
	.section .rodata.str,"aMS",%progbits,1
local_str:
	.asciz	"hello"
	.comm	tiny_common,16,8
	.weak	tiny_weak_ref
	.long	tiny_undef
SRC

echo "plain text, not an object" >notes.txt

# --- ELF seeds ---------------------------------------------------------------
if have gcc; then
	try gcc -c -O1 syms.c -o gcc_syms.o && elf gcc_syms.o gcc-x86_64-rel.o
	try gcc -c -O0 -g syms.c -o gcc_syms_g.o && elf gcc_syms_g.o gcc-x86_64-debug.o
	try gcc -c -O1 -ffunction-sections -fdata-sections syms.c -o gcc_fs.o &&
		elf gcc_fs.o gcc-x86_64-function-sections.o
	try gcc -c -fcommon common.c -o common.o && elf common.o gcc-x86_64-common.o
	try gcc -c -O1 -flto -ffat-lto-objects syms.c -o lto.o && elf lto.o gcc-x86_64-lto.o
	try gcc -c -m32 -O1 syms.c -o gcc32.o && elf gcc32.o gcc-i386-rel.o
	try gcc -c -mx32 -O1 syms.c -o gccx32.o && elf gccx32.o gcc-x32-rel.o
	try gcc -shared -fPIC -O1 syms_def.c -o libsyms.so && elf libsyms.so gcc-x86_64-shared.so
	try gcc -shared -fPIC -O1 -Wl,--version-script=ver.map ver.c -o libver.so &&
		elf libver.so gcc-x86_64-versioned.so
	if [ -f libver.so ]; then
		try gcc -O1 usever.c -L. -lver -o usever && elf usever gcc-x86_64-verneed-exe
	fi
	try gcc -O1 syms_def.c -o exe && elf exe gcc-x86_64-exe
	try gcc -O1 -no-pie syms_def.c -o exe_nopie && elf exe_nopie gcc-x86_64-exe-nopie
	try gcc -O1 -s syms_def.c -o exe_stripped && elf exe_stripped gcc-x86_64-exe-stripped
	try gcc -O1 -static syms_def.c -o exe_static && elf exe_static gcc-x86_64-static-exe
	try gcc -m32 -shared -fPIC -O1 -nostdlib syms_def.c -o lib32.so && elf lib32.so gcc-i386-shared.so
fi
if have g++; then
	try g++ -c -O1 cxx.cc -o cxx.o && elf cxx.o gxx-x86_64-cxx.o
fi
if have clang; then
	try clang -c -O1 syms.c -o clang_syms.o && elf clang_syms.o clang-x86_64-rel.o
	try clang -c -O1 -fcommon common.c -o clang_common.o && elf clang_common.o clang-x86_64-common.o
	try clang -c --target=i686-linux-gnu -O1 syms.c -o clang32.o && elf clang32.o clang-i386-rel.o
	have clang++ && try clang++ -c -O1 cxx.cc -o clang_cxx.o && elf clang_cxx.o clangxx-x86_64-cxx.o
fi
# Cross compilers: C objects (and ARM Thumb for the ISA bit / mapping syms).
for t in aarch64-linux-gnu riscv64-linux-gnu arm-linux-gnueabihf; do
	if have "$t-gcc"; then
		try "$t-gcc" -c -O1 syms.c -o "$t.o" && elf "$t.o" "gcc-$t-rel.o"
		try "$t-gcc" -shared -fPIC -O1 -nostdlib syms_def.c -o "$t.so" &&
			elf "$t.so" "gcc-$t-shared.so"
	else
		echo "seed-corpus: skipped: $t-gcc not installed" >&2
	fi
done
if have arm-linux-gnueabihf-gcc; then
	try arm-linux-gnueabihf-gcc -c -O1 -mthumb syms.c -o thumb.o && elf thumb.o gcc-arm-thumb-rel.o
fi
# Cross assemblers on a tiny .s: big-endian and other machines.
for t in mips-linux-gnu powerpc64le-linux-gnu s390x-linux-gnu aarch64-linux-gnu \
	riscv64-linux-gnu arm-linux-gnueabihf; do
	if have "$t-as"; then
		try "$t-as" tiny.s -o "$t-as.o" && elf "$t-as.o" "as-$t-tiny.o"
	else
		echo "seed-corpus: skipped: $t-as not installed" >&2
	fi
done

# ELF header escapes (e_shnum = 0, e_shstrndx = SHN_XINDEX) and an
# SHT_SYMTAB_SHNDX table, which real files only have past 65279 sections
# (too big for a seed): rewritten from a real object.
if have python3 && [ -f gcc_syms.o ]; then
	try python3 - gcc_syms.o <<'PY'
import struct, sys
src = open(sys.argv[1], 'rb').read()
E = '<'
shoff, = struct.unpack_from(E + 'Q', src, 0x28)
shnum, shstrndx = struct.unpack_from(E + 'HH', src, 0x3c)
SH = 64
shdrs = [list(struct.unpack_from(E + 'IIQQQQIIQQ', src, shoff + i * SH)) for i in range(shnum)]

# 1. counts through section 0
esc = bytearray(src)
struct.pack_into(E + 'HH', esc, 0x3c, 0, 0xffff)
s0 = list(shdrs[0]); s0[5] = shnum; s0[6] = shstrndx
struct.pack_into(E + 'IIQQQQIIQQ', esc, shoff, *s0)
open('escape.o', 'wb').write(esc)

# 2. SHN_XINDEX: append an SHT_SYMTAB_SHNDX section and move every
#    section-relative symbol's index into it.
symi = next(i for i, h in enumerate(shdrs) if h[1] == 2)
sym = shdrs[symi]
body = bytearray(src[:shoff])
nsym = sym[5] // 24
ext = bytearray(4 * nsym)
for k in range(nsym):
    o = sym[4] + k * 24
    sh, = struct.unpack_from(E + 'H', body, o + 6)
    if 0 < sh < 0xff00:
        struct.pack_into(E + 'H', body, o + 6, 0xffff)
        struct.pack_into(E + 'I', ext, 4 * k, sh)
while len(body) % 8: body.append(0)
ext_off = len(body)
body += ext
while len(body) % 8: body.append(0)
new_shoff = len(body)
shdrs.append([0, 18, 0, 0, ext_off, len(ext), symi, 0, 4, 4])
for h in shdrs:
    body += struct.pack(E + 'IIQQQQIIQQ', *h)
struct.pack_into(E + 'Q', body, 0x28, new_shoff)
struct.pack_into(E + 'H', body, 0x3c, len(shdrs))
open('xindex.o', 'wb').write(body)
PY
	elf escape.o synth-x86_64-shnum-escape.o
	elf xindex.o synth-x86_64-symtab-shndx.o
fi

# Small system files.
for f in /usr/lib/x86_64-linux-gnu/crt1.o /usr/lib/x86_64-linux-gnu/crti.o \
	/usr/lib/x86_64-linux-gnu/Scrt1.o /usr/lib/x86_64-linux-gnu/libpthread.so.0 \
	/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
	elf "$f" "sys-$(basename -- "$f")"
done
elf notes.txt not-elf.txt

# --- archive seeds -----------------------------------------------------------
objs=()
for f in gcc_syms.o common.o; do [ -f "$f" ] && objs+=("$f"); done
if have gcc; then
	try gcc -c -O1 a_really_long_member_name_for_gnu_ar.c -o a_really_long_member_name_for_gnu_ar.o
	try gcc -c -O1 short.c -o short.o
fi
long=(a_really_long_member_name_for_gnu_ar.o short.o)
if have ar && [ -f short.o ]; then
	try ar rcs gnu_short.a short.o "${objs[@]}" && arch gnu_short.a gnu-index-short-names.a
	try ar rcs gnu_long.a "${long[@]}" && arch gnu_long.a gnu-index-long-names.a
	try ar rcS gnu_noidx.a "${long[@]}" && arch gnu_noidx.a gnu-no-index.a
	try ar rcsT gnu_thin.a "${long[@]}" && arch gnu_thin.a gnu-thin.a
	try ar rcs gnu_odd.a notes.txt short.o && arch gnu_odd.a gnu-text-member-odd-size.a
	: >empty.o
	try ar rcS gnu_empty_member.a empty.o short.o && arch gnu_empty_member.a gnu-empty-member.a
	try ar rc only_magic.a && arch only_magic.a gnu-empty.a
	if [ -f cxx.o ]; then
		try ar rcs gnu_cxx.a cxx.o && arch gnu_cxx.a gnu-cxx.a
	fi
	if [ -f aarch64-linux-gnu.o ]; then
		try ar rcs gnu_cross.a aarch64-linux-gnu.o && arch gnu_cross.a gnu-aarch64.a
	fi
	if [ -f mips-linux-gnu-as.o ]; then
		try ar rcs gnu_mips.a mips-linux-gnu-as.o && arch gnu_mips.a gnu-mips-be.a
	fi
fi
if have llvm-ar && [ -f short.o ]; then
	try llvm-ar --format=bsd rcs bsd.a "${long[@]}" && arch bsd.a bsd-index.a
	try llvm-ar --format=bsd rcS bsd_noidx.a "${long[@]}" && arch bsd_noidx.a bsd-no-index.a
	try llvm-ar --format=darwin rcs darwin.a "${long[@]}" && arch darwin.a darwin-index.a
	try llvm-ar --format=gnu rcs llvm_gnu.a "${long[@]}" && arch llvm_gnu.a llvm-gnu.a
	try llvm-ar --format=gnu rcsT llvm_thin.a "${long[@]}" && arch llvm_thin.a llvm-thin.a
	# SYM64_THRESHOLD=0 makes llvm-ar write the 64-bit "/SYM64/" index.
	SYM64_THRESHOLD=0 try llvm-ar --format=gnu rcs sym64.a "${long[@]}" &&
		arch sym64.a gnu-sym64-index.a
fi
# Small system archives (the last two are optional: many members, a big
# index and long-name table; any absent one is simply left out).
for f in /usr/lib/x86_64-linux-gnu/libc_nonshared.a /usr/lib/x86_64-linux-gnu/libdl.a \
	/usr/lib/x86_64-linux-gnu/libBrokenLocale.a /usr/lib/x86_64-linux-gnu/libg.a \
	/usr/lib/x86_64-linux-gnu/libXau.a /usr/lib/x86_64-linux-gnu/libbz2.a; do
	[ -f "$f" ] || continue
	arch "$f" "sys-$(basename -- "$f")"
done
# A plain object in the archive corpus: the archive target must reject it.
[ -f short.o ] && arch short.o not-an-archive.o

# --- linker-script and link seeds -------------------------------------------
# Linker scripts as toolchains install them, and the forms ldscript.c
# parses: GROUP, INPUT, AS_NEEDED (nested), -lNAME, -l:FILE, quoted names,
# SEARCH_DIR, commands skipped with their brackets, comments.  Seen by
# fuzz_link, "in" and "-lin" are the script itself: each seed names
# itself at most once (two or more make the expansion exponential).
lds() { seed "$lds_dir" "$1" "$2"; }
for f in /usr/lib/x86_64-linux-gnu/libc.so /usr/lib/x86_64-linux-gnu/libm.so \
	/usr/lib/x86_64-linux-gnu/libncurses.so /usr/lib/x86_64-linux-gnu/libtermcap.so \
	/usr/lib/gcc/x86_64-linux-gnu/*/libgcc_s.so; do
	[ -f "$f" ] && head -c 4096 -- "$f" | grep -qaE 'GROUP|INPUT' || continue
	lds "$f" "sys-$(basename -- "$f")"
done
cat >group.lds <<'SRC'
/* GNU ld script */
OUTPUT_FORMAT(elf64-x86-64)
SEARCH_DIR("=/usr/lib") SEARCH_DIR(/opt/lib)
GROUP ( in a.o AS_NEEDED ( -lnot-here AS_NEEDED ( -l:a.o ) ) )
SRC
cat >input.lds <<'SRC'
INPUT ( a.o, "-lnot-a-lib" , -lin )
ENTRY(main) PROVIDE(foo = 1);
SECTIONS { .text : { *(.text .text.*) } /DISCARD/ : { *(.note*) } }
SRC
printf 'INPUT(in)\n' >self.lds
printf 'GROUP ( a.o )' >group-noeol.lds
printf 'OUTPUT_ARCH(i386:x86-64) VERSION { V1 { global: foo; local: *; }; }\nINPUT(a.o)\n' >skip.lds
for f in group input self group-noeol skip; do lds "$f.lds" "$f.lds"; done

# fuzz_link: a file and a trailing selector byte (fuzz_link.c: semantics,
# how the file is named, order, groups).  Small ELF and archive seeds,
# the linker scripts above, and a few selector variants of each kind.
# lseed FILE NAME SELECTOR(octal)
lseed() {
	local f=$1 name=$2 sel=$3 sz
	[ -f "$f" ] || return 0
	sz=$(stat -c %s -- "$f")
	[ "$sz" -le "$MAX_LINK_SEED" ] || return 0
	{ cat -- "$f"; printf "\\$sel"; } >"$link_dir/$name"
	nseeds=$((nseeds + 1))
}
for f in "$elf_dir"/gcc-* "$elf_dir"/clang-* "$elf_dir"/gxx-* "$elf_dir"/as-* \
	"$elf_dir"/synth-* "$ar_dir"/gnu-* "$ar_dir"/bsd-* "$ar_dir"/darwin-* \
	"$ar_dir"/llvm-* "$lds_dir"/sys-* "$lds_dir"/*.lds; do
	[ -f "$f" ] && lseed "$f" "$(basename -- "$f")" 0
done
# Selector bits: 0-1 semantics, 2-3 path / -lin / -l:in / --whole-archive,
# 4 input first, 5 group, 6 -shared, 7 twice + --as-needed + -u foo.
for v in 001:gold 002:lld 003:mold 004:l 010:lcolon 014:whole 020:first \
	060:group-first 100:shared 200:twice 226:lld-l-first-twice; do
	sel=${v%%:*} tag=${v#*:}
	lseed "$ar_dir/gnu-index-long-names.a" "gnu-index-long-names.a+$tag" "$sel"
	lseed "$ar_dir/gnu-thin.a" "gnu-thin.a+$tag" "$sel"
	lseed "$elf_dir/gcc-x86_64-rel.o" "gcc-x86_64-rel.o+$tag" "$sel"
	lseed "$lds_dir/group.lds" "group.lds+$tag" "$sel"
done
lseed "$elf_dir/gcc-x86_64-shared.so" gcc-x86_64-shared.so+shared 100
# A slim GCC LTO object: its .gnu.lto_.symtab is read (fuzz_link gives
# GCC's -plugin), under bfd and gold rules.
if printf 'int foo(void);\nint bar;\n__attribute__((weak)) int baz(void) { return foo() + bar; }\n' |
	gcc -flto -fcommon -x c -c -o lto-slim.o - 2>/dev/null; then
	lseed lto-slim.o gcc-lto-slim.o 0
	lseed lto-slim.o gcc-lto-slim.o+gold 001
fi
lseed "$elf_dir/gcc-aarch64-linux-gnu-rel.o" gcc-aarch64-rel.o+l 004

echo "seed-corpus: $nseeds seeds: $(ls "$elf_dir" | wc -l) in $elf_dir, $(ls "$ar_dir" | wc -l) in $ar_dir,"
echo "seed-corpus: $(ls "$link_dir" | wc -l) in $link_dir, $(ls "$lds_dir" | wc -l) in $lds_dir"
