# tests/lib/common.sh - conventions shared by every linkscope test suite.
#
# Source it from bash:   . "$(dirname "$0")/../lib/common.sh"
#
# The contract between suites and the top-level driver is plain text, one
# result per line, no colour, no carriage returns:
#
#   PASS: <suite>-<case>
#   FAIL: <suite>-<case>            (details follow, indented by 4 spaces)
#   SKIP: <suite>-<case> (<reason>)
#
# and, as the last line of a suite, "<suite>: N passed, N failed" (plus
# ", N skipped" when there were skips).  The driver only counts lines that
# start with "PASS: ", "FAIL: " or "SKIP: ", so anything else a suite prints
# (progress, notes) is free-form, but keep it off those prefixes.
#
# Nothing here calls "exit" or changes shell options: a suite decides its own
# "set -u"/"set -e" policy.

# Resolve the repository root from this file's location, so suites work from
# any current directory (and from paths containing spaces).
LT_LIB_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
LT_REPO_ROOT=$(cd -- "$LT_LIB_DIR/../.." && pwd)
export LT_LIB_DIR LT_REPO_ROOT

# Per-process counters, for suites that print and count in the same shell.
LT_PASSED=0
LT_FAILED=0
LT_SKIPPED=0

# lt_pass NAME / lt_fail NAME [DETAILS...] / lt_skip NAME REASON
lt_pass() {
    printf 'PASS: %s\n' "$1"
    LT_PASSED=$((LT_PASSED + 1))
}

lt_fail() {
    local name=$1
    shift
    printf 'FAIL: %s\n' "$name"
    if [ $# -gt 0 ]; then
        printf '%s\n' "$@" | lt_indent 4
    fi
    LT_FAILED=$((LT_FAILED + 1))
}

lt_skip() {
    printf 'SKIP: %s (%s)\n' "$1" "$2"
    LT_SKIPPED=$((LT_SKIPPED + 1))
}

# lt_indent [N] - indent stdin by N (default 4) spaces; used for failure
# details so they can never be mistaken for result lines.
lt_indent() {
    local pad
    pad=$(printf '%*s' "${1:-4}" '')
    sed "s/^/$pad/"
}

# lt_note MSG... - free-form progress on stderr (never counted).
lt_note() {
    printf '%s\n' "$*" >&2
}

# lt_have CMD - true if CMD can be run.
lt_have() {
    command -v -- "$1" >/dev/null 2>&1
}

# lt_summary SUITE - print the closing line from this shell's counters.
lt_summary() {
    lt_summary_line "$1" "$LT_PASSED" "$LT_FAILED" "$LT_SKIPPED"
}

# lt_summary_line SUITE PASSED FAILED [SKIPPED]
lt_summary_line() {
    if [ "${4:-0}" -gt 0 ]; then
        printf '%s: %d passed, %d failed, %d skipped\n' "$1" "$2" "$3" "$4"
    else
        printf '%s: %d passed, %d failed\n' "$1" "$2" "$3"
    fi
}

# lt_count_results [FILE...] - count result lines in suite output (stdin if
# no FILE) and print "PASSED FAILED SKIPPED"; for drivers that run suites as
# separate processes and add up their logs.
lt_count_results() {
    awk '/^PASS: /{p++} /^FAIL: /{f++} /^SKIP: /{s++}
         END{printf "%d %d %d\n", p, f, s}' "$@"
}

# lt_abspath PATH - absolute path of an existing file or directory, without
# resolving symlinks in the last component (so argv[0]-style names survive).
lt_abspath() {
    local d b
    if [ -d "$1" ]; then
        (cd -- "$1" && pwd)
    else
        d=$(dirname -- "$1")
        b=$(basename -- "$1")
        printf '%s/%s\n' "$(cd -- "$d" && pwd)" "$b"
    fi
}

# lt_jobs - how many parallel jobs to use (LT_JOBS overrides, else nproc).
lt_jobs() {
    if [ -n "${LT_JOBS:-}" ]; then
        echo "$LT_JOBS"
    elif lt_have nproc; then
        nproc
    else
        echo 2
    fi
}
