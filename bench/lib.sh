# bench/lib.sh - what the benchmark scripts share: the environment, errors,
# finding the linkscope binary, installing the peers, the work directory,
# quoting commands for hyperfine and ratios.  Sourced, never run.
#
#   BENCH=name.sh; source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# sets SCRIPT_DIR and REPO_ROOT and defines the functions below.

set -uo pipefail

export LC_ALL=C
unset LANG LANGUAGE LD_LIBRARY_PATH LD_PRELOAD 2>/dev/null || true

die() {
    printf '%s: %s\n' "$BENCH" "$*" >&2
    exit 2
}
note() { printf '%s\n' "$*" >&2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || die "cannot find the script's directory"
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd) || die "cannot find the repository root"

# bench_linkscope "$@": LS from the one optional argument, else $LINKSCOPE,
# else build/linkscope; a relative path is taken from the caller's directory.
bench_linkscope() {
    (($# > 1)) && die "usage: bench/$BENCH [LINKSCOPE]"
    if (($# == 1)); then
        LS=$1
    elif [[ -n ${LINKSCOPE:-} ]]; then
        LS=$LINKSCOPE
    else
        LS="$REPO_ROOT/build/linkscope"
    fi
    [[ $LS == /* ]] || LS="$PWD/$LS"
}

# bench_check_linkscope [SUBCOMMAND]: the binary runs (and has SUBCOMMAND).
bench_check_linkscope() {
    [[ -x $LS ]] || die "linkscope binary not found or not executable: $LS
  (build it first, or pass its path: bench/$BENCH path/to/linkscope)"
    if (($#)); then
        "$LS" "$1" --help >/dev/null 2>&1 || die "$LS has no working '$1' subcommand"
    fi
}

# have CMD|/ABS/PATH
have() {
    if [[ $1 == /* ]]; then
        [[ -e $1 ]]
    else
        command -v "$1" >/dev/null 2>&1
    fi
}

# bench_missing "cmd|package"...: prints the packages whose command is absent.
bench_missing() {
    local p
    for p in "$@"; do
        have "${p%%|*}" || printf '%s\n' "${p##*|}"
    done
}

# bench_install PACKAGE...: installs them as root, else says how.
bench_install() {
    (($#)) || return 0
    local -a pkgs
    mapfile -t pkgs < <(printf '%s\n' "$@" | sort -u)
    if ((EUID == 0)); then
        note "installing: ${pkgs[*]}"
        apt-get update -qq >&2 || die "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >&2 ||
            die "apt-get install ${pkgs[*]} failed"
    else
        die "missing packages; as root run: apt-get install ${pkgs[*]}"
    fi
}

# bench_workdir TAG: WORK, removed at exit unless KEEP is set.
bench_workdir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/linkscope-bench-$1.XXXXXX") || die "mktemp failed"
    trap bench_cleanup EXIT
}
bench_cleanup() {
    if [[ -n ${KEEP:-} ]]; then
        note "work directory kept: $WORK"
    else
        rm -rf -- "$WORK"
    fi
}

quote_cmd() {
    local out="" w
    for w in "$@"; do out+="$(printf '%q' "$w") "; done
    printf '%s' "${out% }"
}

# ratio A B [DIGITS]: A / B, or n/a.
ratio() {
    awk -v a="$1" -v b="$2" -v d="${3:-3}" \
        'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.*f", d, a / b }'
}
