#!/usr/bin/env bash
# check-hardening.sh LINKSCOPE FIXDIR [PART...] - "linkscope check" on the
# hardening fixtures.
#
#   LINKSCOPE  the binary under test
#   FIXDIR     output of tests/fixtures/check-build.sh (built here first when
#              it has no manifest.txt)
#   PART       any of: fixtures policy sarif multi walk root gates targets remedy
#              (default: all)
#
# For every fixture, "LINKSCOPE check --json FIXTURE" is compared with
#   - the manifest written from the build flags (check-hardening ... lines),
#   - GNU readelf -W -h -S -l -d -s -V -n, for every key readelf decides
#     (check-readelf ... lines; tests/lib/elffacts.py),
# then --require is tested policy by policy (a fixture that passes: exit 0;
# one that fails: exit 1 and the reason printed, also in --json "failed"),
# malformed policies (exit 2), --sarif (SARIF 2.1.0, one result per failed
# requirement), several files in one document, -r DIR and --root DIR, and
# the version gates (check_gates.py: every symbol above the target against
# readelf --dyn-syms, on C, C++ and cgo programs built at test time) and the
# named targets (check_targets.py: --target debian-11, manylinux_2_28, ...).
#
# Output: PASS:/FAIL:/SKIP: lines (tests/lib/common.sh), then
# "check-hardening: N passed, N failed[, N skipped]".  Exit 1 on any FAIL.
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C

if [ $# -lt 2 ]; then
    echo "usage: check-hardening.sh LINKSCOPE FIXDIR [fixtures|policy|sarif|multi|walk|root|gates|targets|remedy]..." >&2
    exit 2
fi
ls_bin=$1
fixdir=$2
shift 2
case "$ls_bin" in */*) ls_bin=$(lt_abspath "$ls_bin") ;; esac
if ! [ -x "$ls_bin" ] && ! lt_have "$ls_bin"; then
    echo "check-hardening.sh: no linkscope binary at $ls_bin" >&2
    exit 2
fi
lt_have python3 || { echo "check-hardening.sh: python3 is required" >&2; exit 2; }
lt_have readelf || { echo "check-hardening.sh: readelf (binutils) is required" >&2; exit 2; }

if [ ! -f "$fixdir/manifest.txt" ]; then
    lt_note "check-hardening.sh: building the fixtures into $fixdir"
    bash "$script_dir/../fixtures/check-build.sh" "$fixdir" >&2 ||
        { echo "check-hardening.sh: fixture build failed" >&2; exit 2; }
fi

counts=$(mktemp)
trap 'rm -f -- "$counts"' EXIT
CHECK_COUNTS=$counts python3 "$script_dir/check_hardening.py" "$ls_bin" "$fixdir" "$@"
rc=$?
if [ "$rc" != 0 ] || ! [ -s "$counts" ]; then
    lt_fail "check-hardening-driver" "check_hardening.py exited with status $rc"
    read -r p f s <<<"0 1 0"
else
    read -r p f s <"$counts"
fi
lt_summary_line check-hardening "$p" "$((f + LT_FAILED))" "$s"
[ "$((f + LT_FAILED))" -eq 0 ]
