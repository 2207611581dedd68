#!/usr/bin/env bash
# check-target-oracle.sh LINKSCOPE OUTDIR - "linkscope check --target
# debian-11" (and debian-12) against the real loaders.
#
#   LINKSCOPE  the binary under test
#   OUTDIR     where the fixtures are built (tests/fixtures/target-build.sh
#              OUTDIR/fixtures; a no-op when the sources did not change)
#
# The Debian 11 roots (amd64, arm64) are Debian's own packages extracted by
# tests/fixtures/debian11-root.sh (cached); their loaders run in trace mode
# as bullseye's `ldd -r` runs them, never executing a fixture
# (check_target_oracle.py tells how and why).  For every fixture:
#   debian-11-NAME  the bullseye loader's verdict, missing versions and
#                   undefined symbols vs `check --target debian-11 --json`
#   debian-12-NAME  this host's (Debian 12) loader vs `--target debian-12`
#   TARGET-all-at-once  one run over every fixture = the one-file runs
# A fixture that cannot be built is a FAIL; the only SKIP is "Debian mirror
# unreachable" (debian11-root.sh exit 3), for the debian-11 cases.
#
# Output: one PASS:/FAIL:/SKIP: line per fixture and oracle
# (tests/lib/common.sh), then "check-target: N passed, N failed, N skipped".
# Exit 1 on any FAIL.
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C

if [ $# -ne 2 ]; then
	echo "usage: check-target-oracle.sh LINKSCOPE OUTDIR" >&2
	exit 2
fi
ls_bin=$1
out=$2
case "$ls_bin" in */*) ls_bin=$(lt_abspath "$ls_bin") ;; esac
if ! [ -x "$ls_bin" ] && ! lt_have "$ls_bin"; then
	echo "check-target-oracle.sh: no linkscope binary at $ls_bin" >&2
	exit 2
fi
for t in python3 readelf; do
	lt_have "$t" || { echo "check-target-oracle.sh: $t is required (scripts/install-deps.sh)" >&2; exit 2; }
done
mkdir -p -- "$out"

finish() {
	lt_summary_line check-target "$1" "$2" "$3"
	[ "$2" -eq 0 ]
	exit
}

if ! bash "$script_dir/../fixtures/target-build.sh" "$out/fixtures" >&2; then
	lt_fail check-target-build "tests/fixtures/target-build.sh $out/fixtures failed"
	finish 0 1 0
fi

roots=()
for arch in amd64 arm64; do
	if r=$(bash "$script_dir/../fixtures/debian11-root.sh" "$arch"); then
		roots+=("$r")
	else
		rc=$?
		if [ "$rc" = 3 ]; then
			roots+=(unreachable)
		else
			lt_fail "check-target-root-$arch" "tests/fixtures/debian11-root.sh $arch: exit $rc"
			finish 0 1 0
		fi
	fi
done

counts=$(mktemp)
trap 'rm -f -- "$counts"' EXIT
CHECK_COUNTS=$counts python3 "$script_dir/check_target_oracle.py" "$ls_bin" "$out/fixtures" "${roots[@]}"
rc=$?
if [ "$rc" != 0 ] || ! [ -s "$counts" ]; then
	lt_fail check-target-driver "check_target_oracle.py exited with status $rc"
	read -r p f s <<<"0 1 0"
else
	read -r p f s <"$counts"
fi
finish "$p" "$((f + LT_FAILED))" "$s"
