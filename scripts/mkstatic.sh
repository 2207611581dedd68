#!/bin/sh
# mkstatic.sh AR LD OBJCOPY INTERNAL.a OUT.a - the installed static
# liblinkscope: every object of the internal archive linked into one
# relocatable object (ld -r), whose hidden-visibility symbols (the
# library's own ls_* functions, compiled with -fvisibility=hidden) are
# then made local (objcopy --localize-hidden), so a program linking the
# archive sees only the public linkscope_* names, as it does with the
# shared library and its version script.
set -eu
ar=$1 ld=$2 objcopy=$3 in=$4 out=$5
tmp=$out.tmp.o
trap 'rm -f "$tmp"' EXIT
"$ld" -r --whole-archive "$in" -o "$tmp"
"$objcopy" --localize-hidden "$tmp"
rm -f "$out"
"$ar" rcD "$out" "$tmp"
