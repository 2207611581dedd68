#!/usr/bin/env bash
# nm-stub-linkscope.sh - a stand-in for "linkscope" that forwards
# "syms ARGS" to the GNU nm that understands each file.  It exists only to
# self-test the harness before (or independently of) the real tool:
#
#   tests/e2e/nm-diff.sh tests/e2e/nm-stub-linkscope.sh FIXTURE_DIR
#
# must report 0 failures.  Mixed-machine multi-file calls are answered the
# way nm-diff.sh builds its oracle (per-file runs concatenated), so those
# cases check the harness plumbing, not the synthesis itself; that was
# verified separately against real same-machine multi-file runs.

set -u
[ "${1-}" = syms ] || { echo "nm-stub-linkscope: only 'syms' is supported" >&2; exit 2; }
shift

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
elf_machine=$here/../lib/elf-machine.sh
# nm-diff.sh exports the directory of its plugin-free nm copies; using them
# only makes the self-test faster.
[ -n "${NMD_ORACLE_BIN:-}" ] && PATH=$NMD_ORACLE_BIN:$PATH

# Split options from files.  Only the options nm-diff.sh uses that take a
# separate argument need care.
opts=()
files=()
while [ $# -gt 0 ]; do
    case "$1" in
        -t|-f|--radix|--format|--target|--plugin|-X)
            opts+=("$1" "${2-}")
            shift 2 || shift
            ;;
        --) shift; files+=("$@"); break ;;
        -?*) opts+=("$1"); shift ;;
        *) files+=("$1"); shift ;;
    esac
done
[ ${#files[@]} -gt 0 ] || exec nm "${opts[@]}"

nms=()
for f in "${files[@]}"; do
    nms+=("$("$elf_machine" "$f" 2>/dev/null || echo nm)")
done
same=1
for n in "${nms[@]}"; do
    [ "$n" = "${nms[0]}" ] || same=0
done
[ "$same" = 1 ] && exec "${nms[0]}" "${opts[@]}" "${files[@]}"

missing=/nonexistent/nm-stub-linkscope-$$
rc=0
for i in "${!files[@]}"; do
    "${nms[i]}" "${opts[@]}" "${files[i]}" "$missing" 2>/dev/null
    "${nms[i]}" "${opts[@]}" "${files[i]}" >/dev/null || rc=1
done
exit "$rc"
