#!/usr/bin/env bash
# build.sh - build the libFuzzer targets into fuzz/out/.
#
#   fuzz/build.sh            -> fuzz/out/fuzz_elf, fuzz/out/fuzz_archive,
#                               fuzz/out/fuzz_go, fuzz/out/fuzz_ldcache,
#                               fuzz/out/fuzz_deps, fuzz/out/fuzz_golex,
#                               fuzz/out/fuzz_link, fuzz/out/fuzz_ldscript,
#                               fuzz/out/fuzz_verscript
#
# The library sources are the `lib_src` list of the root meson.build (read
# from it, so the two never drift).  Everything is compiled with clang,
# libFuzzer, ASan and UBSan; UBSan reports abort (-fno-sanitize-recover) so
# the fuzzer records them as crashes.  Environment: CC (default clang),
# EXTRA_CFLAGS (appended).
set -euo pipefail

here=$(cd -- "$(dirname -- "$0")" && pwd)
root=$(cd -- "$here/.." && pwd)
out=$here/out
obj=$out/obj
CC=${CC:-clang}
LIBIBERTY=${LIBIBERTY:-/usr/lib/x86_64-linux-gnu/libiberty.a}
# golist.c (gocgo) reads go list's JSON with jansson; the targets never
# call it, but the library objects reference it.  dwline.c (link) reads
# DWARF line tables with libdw (-ldw -lelf).

CFLAGS=(-std=c17 -D_GNU_SOURCE -g -O1
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-I/usr/include/libiberty -Wall -Wextra)
# shellcheck disable=SC2206
CFLAGS+=(${EXTRA_CFLAGS:-})

# lib_src = files( 'src/lib/...c', ... ) in the root meson.build.
mapfile -t lib_src < <(
	sed -n "/^lib_src *= *files(/,/^)/p" "$root/meson.build" |
		grep -o "'[^']*\.c'" | tr -d "'"
)
if [ "${#lib_src[@]}" -eq 0 ]; then
	echo "build.sh: no lib_src found in $root/meson.build" >&2
	exit 1
fi

mkdir -p -- "$obj"
# <linkscope/version.h> is generated from project()'s version, as meson
# does it (include/linkscope/meson.build).
version=$(sed -n "s/^ *version *: *'\([0-9.]*\)'.*/\1/p" "$root/meson.build" | head -1)
IFS=. read -r vmaj vmin vpat <<<"$version"
mkdir -p -- "$obj/include/linkscope"
sed -e "s/@LINKSCOPE_VERSION_STRING@/\"$version\"/" \
	-e "s/@LINKSCOPE_VERSION_MAJOR@/$vmaj/" -e "s/@LINKSCOPE_VERSION_MINOR@/$vmin/" \
	-e "s/@LINKSCOPE_VERSION_PATCH@/$vpat/" \
	"$root/include/linkscope/version.h.in" >"$obj/include/linkscope/version.h"
CFLAGS+=(-I"$obj/include" -I"$root/include")
objs=()
for s in "${lib_src[@]}"; do
	o=$obj/$(echo "${s%.c}" | tr / _).o
	echo "  CC $s"
	"$CC" "${CFLAGS[@]}" -c "$root/$s" -o "$o"
	objs+=("$o")
done

# The named targets' data, compiled in as meson's custom_target does.
python3 "$root/scripts/embed-targets.py" "$obj/systarget_data.c" \
	"$root/data/targets/targets.txt" "$root/data/targets/x86-64.txt" \
	"$root/data/targets/aarch64.txt"
echo "  CC systarget_data.c"
"$CC" "${CFLAGS[@]}" -c "$obj/systarget_data.c" -o "$obj/systarget_data.o"
objs+=("$obj/systarget_data.o")

targets=(fuzz_elf fuzz_archive fuzz_go fuzz_ldcache fuzz_deps fuzz_golex fuzz_link
	fuzz_ldscript fuzz_verscript fuzz_gostub)
for t in "${targets[@]}"; do
	echo "  LD out/$t"
	"$CC" "${CFLAGS[@]}" -I"$root/src/lib" "$here/$t.c" "${objs[@]}" \
		"$LIBIBERTY" -ljansson -ldw -lelf -lpthread -o "$out/$t"
done
echo "build.sh: built ${targets[*]} in $out"
