#!/usr/bin/env bash
# link-scenarios.sh LINKSCOPE [--oracle-only] [--force] [--jobs N] [SCENARIO-GLOB...]
# - "linkscope link" against the real static linkers.
#
#   LINKSCOPE      the binary under test (not used with --oracle-only)
#   --oracle-only  build, run the real links and print what their messages
#                  say, scenario by scenario (checks the harness itself)
#   --force        rebuild the fixtures even when their sources are unchanged
#   SCENARIO-GLOB  run only matching scenarios (link_scenarios.py --list)
#
# Fixtures: tests/fixtures/link/TOPIC/ (sources and a build.sh each) are
# copied to tests/out/link-scenarios/fx/TOPIC and built there with the real
# toolchains (gcc, g++, clang++, ar, aarch64/riscv64 cross gcc, musl-gcc,
# go); a directory is rebuilt only when its sources or the toolchains found
# change.  A missing toolchain skips its scenarios by name.
#
# Oracle (tests/e2e/link_scenarios.py): for each scenario and each linker it
# names (GNU ld, gold, lld, mold) the real link runs, and its exit status
# and messages are parsed into verdict, duplicate and undefined symbols,
# wrong-architecture inputs (and whether fatal), fatal reasons, and, for
# archive scenarios, the archive members a traced link loaded.  Then
# "linkscope link --json --semantics X -- <same command>" must agree:
# one line "link-scenarios-<scenario>/<linker>".  Also
# "<cross scenario>/bfd-no-toolchain" (PATH without any tool) and
# "never-runs-linker/..." (fake linkers first on PATH must stay unused).
#
# Output: PASS:/FAIL:/SKIP: lines (tests/lib/common.sh), then
# "link-scenarios: N passed, N failed[, N skipped]".  Exit 1 on any FAIL.
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD LIBRARY_PATH GCC_EXEC_PREFIX COMPILER_PATH 2>/dev/null || true

if [ $# -lt 1 ]; then
    echo "usage: link-scenarios.sh LINKSCOPE [--oracle-only] [--force] [--jobs N] [SCENARIO-GLOB...]" >&2
    exit 2
fi
ls_bin=$1
shift
oracle_only=
for a in "$@"; do
    case "$a" in --oracle-only|--self-test) oracle_only=1 ;; esac
done
case "$ls_bin" in */*) [ -e "$ls_bin" ] && ls_bin=$(lt_abspath "$ls_bin") ;; esac
if [ -z "$oracle_only" ] && ! [ -x "$ls_bin" ]; then
    echo "link-scenarios.sh: no linkscope binary at $ls_bin" >&2
    exit 2
fi
lt_have python3 || { echo "link-scenarios.sh: python3 is required" >&2; exit 2; }
[ -d /usr/local/go/bin ] && PATH="$PATH:/usr/local/go/bin"
export PATH

counts=$(mktemp)
trap 'rm -f -- "$counts"' EXIT

# The options each installed linker refuses (src/lib/link/ldopts_refused.h)
# must be what scripts/gen-ldopts.py probes today.
if [ -z "$oracle_only" ]; then
    if python3 "$script_dir/../../scripts/gen-ldopts.py" >"$counts" 2>/dev/null &&
        cmp -s "$counts" "$script_dir/../../src/lib/link/ldopts_refused.h"; then
        lt_pass link-scenarios-ldopts-refused-current
    else
        lt_fail link-scenarios-ldopts-refused-current \
            "src/lib/link/ldopts_refused.h differs from what the installed linkers refuse:" \
            "$(diff "$counts" "$script_dir/../../src/lib/link/ldopts_refused.h" | head -20)" \
            "regenerate: python3 scripts/gen-ldopts.py > src/lib/link/ldopts_refused.h"
    fi
    : >"$counts"
fi
jobs_arg=()
case " $* " in *" --jobs "*) ;; *) jobs_arg=(--jobs "$(lt_jobs)") ;; esac
LINK_COUNTS=$counts python3 "$script_dir/link_scenarios.py" "$ls_bin" "${jobs_arg[@]}" "$@"
rc=$?
# The lld scenarios again with the other lld releases Debian 12 packages
# (install-deps.sh installs them): linkscope must read each one's --version
# and follow that release's rules.  LS_LLD_RELEASES="" leaves them out.
if [ -z "$oracle_only" ]; then
    for n in ${LS_LLD_RELEASES-13 15 16}; do
        LINK_COUNTS=$counts python3 "$script_dir/link_scenarios.py" "$ls_bin" \
            "${jobs_arg[@]}" --lld-release "$n" "$@" || rc=$?
    done
fi
if [ "$rc" != 0 ] || ! [ -s "$counts" ]; then
    lt_fail "link-scenarios-driver" "link_scenarios.py exited with status $rc"
    read -r p f s <<<"0 0 0"
else
    read -r p f s <"$counts"
fi
lt_summary_line link-scenarios "$((p + LT_PASSED))" "$((f + LT_FAILED))" "$((s + LT_SKIPPED))"
[ "$((f + LT_FAILED))" -eq 0 ]
