#!/usr/bin/env bash
# deps-fixtures.sh LINKSCOPE FIXDIR [GROUP...] - "linkscope deps" on crafted
# fixtures, each case against a real loader run.
#
#   LINKSCOPE  the binary under test
#   FIXDIR     output of tests/fixtures/deps-build.sh (built or refreshed
#              here first; a no-op when up to date)
#   GROUP      any of: glibc never musl aarch64 root (default: all)
#
# Oracles (tests/e2e/deps_lib.py): glibc's x86-64 ld.so in trace mode
# (LD_TRACE_LOADED_OBJECTS=1 [LD_WARN=yes LD_BIND_NOW=yes] ld.so FILE, i.e.
# ldd [-r]) with LD_DEBUG=libs,files for how each library was found;
# LD_DEBUG=bindings of a real run for interposition; the plugin host's own
# dlopen()/dlerror(); musl's loader (--list); glibc's aarch64 ld.so under
# qemu-aarch64 -L /usr/aarch64-linux-gnu; chroot ROOT ld.so for the private
# roots with and without an ld.so.cache (skipped when chroot is not
# possible; "ldconfig -r ROOT -p" is checked in any case).
#
# Cases (tests/e2e/deps_fixtures.py): RPATH vs RUNPATH on an indirect
# dependency (and an object with both tags), $ORIGIN (as given, absolute,
# relative, through a symlink), ${ORIGIN}, $PLATFORM, $LIB, $LIBX (literal),
# LD_LIBRARY_PATH (empty element = cwd, ";", relative, rank against RPATH
# and RUNPATH), LD_PRELOAD and --preload, glibc-hwcaps and legacy tls/ and
# x86_64/ subdirectories (CPU levels, --hwcaps = --glibc-hwcaps-mask),
# wrong ELF class / machine earlier in the path, missing direct and
# indirect libraries, DF_1_NODEFLIB, versions not found (exe, library,
# weak, no version information), unresolved symbols at start-up vs lazily
# (-r, ldd -r vs ldd -d), interposition, plugins (--dlopen, host without
# -rdynamic), static and static-pie programs, malformed input (exit 2),
# several files (FILE: headers), musl's rules, aarch64 under --root, and
# that linkscope never runs anything (constructor and IFUNC markers).
#
# Output: PASS:/FAIL:/SKIP: lines (tests/lib/common.sh), then
# "deps-fixtures: N passed, N failed[, N skipped]".  Exit 1 on any FAIL.
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD LD_BIND_NOW LD_DEBUG GLIBC_TUNABLES 2>/dev/null || true

if [ $# -lt 2 ]; then
    echo "usage: deps-fixtures.sh LINKSCOPE FIXDIR [glibc|never|musl|aarch64|root]..." >&2
    exit 2
fi
ls_bin=$1
fixdir=$2
shift 2
case "$ls_bin" in */*) ls_bin=$(lt_abspath "$ls_bin") ;; esac
if ! [ -x "$ls_bin" ]; then
    echo "deps-fixtures.sh: no linkscope binary at $ls_bin" >&2
    exit 2
fi
lt_have python3 || { echo "deps-fixtures.sh: python3 is required" >&2; exit 2; }

bash "$script_dir/../fixtures/deps-build.sh" "$fixdir" >&2 ||
    { lt_fail deps-fixtures-build "tests/fixtures/deps-build.sh $fixdir failed"; lt_summary deps-fixtures; exit 1; }
fixdir=$(lt_abspath "$fixdir")
# A fixture group deps-build.sh could not build is untested: a failure.
while read -r g reason; do
    [ -n "$g" ] && lt_fail "deps-fixtures-build-$g" "not built: $reason"
done <"$fixdir/skipped.txt"

counts=$(mktemp)
trap 'rm -f -- "$counts"' EXIT
DEPS_COUNTS=$counts python3 "$script_dir/deps_fixtures.py" "$ls_bin" "$fixdir" "$@"
rc=$?
if [ "$rc" != 0 ] || ! [ -s "$counts" ]; then
    lt_fail "deps-fixtures-driver" "deps_fixtures.py exited with status $rc"
    read -r p f s <<<"0 0 0"
else
    read -r p f s <"$counts"
fi
lt_summary_line deps-fixtures "$((p + LT_PASSED))" "$((f + LT_FAILED))" "$((s + LT_SKIPPED))"
[ "$((f + LT_FAILED))" -eq 0 ]
