#!/usr/bin/env bash
# deps-list.sh LINKSCOPE - "linkscope deps" against the real loader on the
# system's own programs and libraries.
#
# Every regular ELF file of /usr/bin, /usr/sbin, /usr/lib/x86_64-linux-gnu
# (the libraries, then the plugins in its subdirectories), /usr/libexec and
# /usr/lib/jvm (CORPUS=all, the default; CORPUS=N takes N spread over the
# list; DEPS_DIRS replaces the directories, see deps_list.py) that the
# x86-64 loader can load is compared, one PASS/FAIL line per file:
#   linkscope deps -r --list FILE   with  LD_TRACE_LOADED_OBJECTS=1 LD_WARN=yes
#                                         LD_BIND_NOW=yes ld.so FILE  (ldd -r)
#     stdout (list without addresses and vDSO, then "undefined symbol"
#     lines), the version messages on stderr, the exit status;
#   linkscope deps -r --json FILE   with  the same run's LD_DEBUG=libs,files:
#     each library's path, how, via, needed_by, and the load order.
# Static ET_EXEC files are never given to the loader (it would run them):
# ld.so --verify classifies them and linkscope must print
# "\tnot a dynamic executable".  DEPS_BIND=0 drops -r, DEPS_JSON=0 the JSON
# half.  About a minute for ~1900 ELF files on two cores.
#
# Output: PASS:/FAIL:/SKIP: lines, then "deps-list: N passed, N failed[, N
# skipped]".  Exit 1 on any FAIL.
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD LD_BIND_NOW LD_DEBUG GLIBC_TUNABLES 2>/dev/null || true

if [ $# -ne 1 ]; then
    echo "usage: deps-list.sh LINKSCOPE" >&2
    exit 2
fi
ls_bin=$1
case "$ls_bin" in */*) ls_bin=$(lt_abspath "$ls_bin") ;; esac
if ! [ -x "$ls_bin" ]; then
    echo "deps-list.sh: no linkscope binary at $ls_bin" >&2
    exit 2
fi
lt_have python3 || { echo "deps-list.sh: python3 is required" >&2; exit 2; }
[ -x /lib64/ld-linux-x86-64.so.2 ] || { echo "deps-list.sh: no x86-64 glibc loader" >&2; exit 2; }

counts=$(mktemp)
trap 'rm -f -- "$counts"' EXIT
DEPS_COUNTS=$counts python3 "$script_dir/deps_list.py" "$ls_bin"
rc=$?
if [ "$rc" != 0 ] || ! [ -s "$counts" ]; then
    lt_fail "deps-list-driver" "deps_list.py exited with status $rc"
    read -r p f s <<<"0 0 0"
else
    read -r p f s <"$counts"
fi
lt_summary_line deps-list "$((p + LT_PASSED))" "$((f + LT_FAILED))" "$((s + LT_SKIPPED))"
[ "$((f + LT_FAILED))" -eq 0 ]
