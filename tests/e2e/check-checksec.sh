#!/usr/bin/env bash
# check-checksec.sh LINKSCOPE [FIXDIR] - "linkscope check" against checksec
# 2.6.0 on every ELF executable and shared library in the system
# directories, plus those of FIXDIR (tests/fixtures/check-build.sh output),
# which holds the cases a Debian system has few of.
#
# Fields compared: relro, canary, nx, pie, rpath, runpath, fortify.  Each
# disagreement is settled with readelf's raw facts (tests/lib/elffacts.py):
# a known checksec mistake proven by readelf is a PASS marked
# "(checksec wrong: reason)", anything else is a FAIL.  The run ends with
# the disagreement classes, one example file and its readelf lines each.
# See check_checksec.py for the classes.
#
# Environment:
#   CORPUS=N|all      a deterministic spread of N system files (default
#                     400), or all of them
#   DIRS="..."        directories (default: /usr/bin /usr/sbin /usr/lib
#                     /usr/lib64 /usr/libexec /lib; one path per inode)
#   CHECKSEC_JOBS=J   parallel checksec runs (default: nproc)
#   WORKDIR=DIR       checksec outputs and its answer cache (default
#                     tests/out/check-checksec); CHECKSEC_CACHE=0 ignores
#                     the cache
#
# Time: checksec runs ~14 readelf processes per file, 0.5-1 s per file
# (26 s for a 100 MB node binary).  On a Debian 12 test machine (2 CPUs,
# ~2400 programs and libraries plus ~270 debug-info files) CORPUS=all took
# 26 minutes of checksec with two jobs under load, and 1.5 minutes with
# the cache (readelf dominates then); CORPUS=400 takes ~4 minutes uncached.
#
# Output: PASS:/FAIL:/SKIP: lines (tests/lib/common.sh), the class summary,
# then "check-checksec: N passed, N failed[, N skipped]".  Exit 1 on a FAIL.
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: check-checksec.sh LINKSCOPE [FIXDIR]" >&2
    exit 2
fi
ls_bin=$1
if [ $# -eq 2 ]; then
    [ -f "$2/manifest.txt" ] || { echo "check-checksec.sh: $2 is not a check-build.sh output" >&2; exit 2; }
    FIXDIR=$(lt_abspath "$2")
    export FIXDIR
fi
case "$ls_bin" in */*) ls_bin=$(lt_abspath "$ls_bin") ;; esac
[ -x "$ls_bin" ] || lt_have "$ls_bin" || { echo "check-checksec.sh: no linkscope at $1" >&2; exit 2; }
lt_have python3 || { echo "check-checksec.sh: python3 is required" >&2; exit 2; }
lt_have readelf || { echo "check-checksec.sh: readelf (binutils) is required" >&2; exit 2; }
if ! lt_have checksec; then
    # scripts/install-deps.sh installs it: the oracle's absence is a failure.
    lt_fail check-checksec "not run: checksec not installed (scripts/install-deps.sh installs it)"
    lt_summary check-checksec
    exit 1
fi
case "${CORPUS:-400}" in
    all|[1-9]*) ;;
    0) lt_skip check-checksec "CORPUS=0"; lt_summary check-checksec; exit 0 ;;
    *) echo "check-checksec.sh: CORPUS must be 'all' or a number" >&2; exit 2 ;;
esac

export CORPUS=${CORPUS:-400}
export CHECKSEC_JOBS=${CHECKSEC_JOBS:-$(lt_jobs)}
export DIRS=${DIRS:-/usr/bin /usr/sbin /usr/lib /usr/lib64 /usr/libexec /lib}
work=${WORKDIR:-$LT_REPO_ROOT/tests/out/check-checksec}
mkdir -p -- "$work"
lt_note "check-checksec: $(checksec --version 2>&1 | head -n1)"

counts=$(mktemp)
trap 'rm -f -- "$counts"' EXIT
t0=$SECONDS
CHECK_COUNTS=$counts python3 "$script_dir/check_checksec.py" "$ls_bin" "$work"
rc=$?
if [ "$rc" != 0 ] || ! [ -s "$counts" ]; then
    lt_fail check-checksec-driver "check_checksec.py exited with status $rc"
    read -r p f s <<<"0 0 0"
else
    read -r p f s <"$counts"
fi
echo "check-checksec: $((SECONDS - t0))s"
lt_summary_line check-checksec "$p" "$((f + LT_FAILED))" "$((s + LT_SKIPPED))"
[ "$((f + LT_FAILED))" -eq 0 ]
