#!/usr/bin/env bash
# deps-foreign-root.sh LINKSCOPE WORKDIR - "linkscope deps" against the real
# aarch64 loader, in crafted fixtures and in a real Debian 12 arm64 root.
#
#   1. aarch64 fixtures (cross gcc, qemu-aarch64 -L /usr/aarch64-linux-gnu):
#      glibc's one-entry lookup cache in -r (GLOB_DAT/ABS64 then JUMP_SLOT),
#      missing versions in Verneed order, a non-ELF file, a short or empty
#      one and a directory where a library is expected (the trace stops),
#      check_match's assertion (--list -r and the plain verdict), a sticky
#      world-writable RPATH directory (deps --json and check agree), and a
#      hostile root whose links point at host files (never read).
#   2. The Debian root (tests/fixtures/debian-root.sh, cached under
#      ${XDG_CACHE_HOME:-/var/tmp}/linkscope-roots): every ELF file under
#      /usr, /etc, /opt compared, "linkscope deps --root R --list -r R/FILE"
#      against "chroot R ld.so FILE" with LD_TRACE_LOADED_OBJECTS=1
#      LD_WARN=yes LD_BIND_NOW=yes (ldd -r) run in a private user namespace
#      with its own binfmt_misc (tests/lib/foreign_ns.py); alternatives links
#      as operands (deps and check); an atomics/ ld.so.cache entry made by
#      the root's own ldconfig, with and without LSE atomics (QEMU_CPU).
#      The loader's answers are kept next to the root (ROOT.oracle.json).
#
# Cost (measured on 2 shared, busy cores): building the root 9 min (first
# stage 4 min, second stage under qemu 5 min), then the first run with the
# loader on all 833 ELF files 91 s; warm (root and the loader's answers
# cached) 7 s, 41 s under ASan.  The "# cost" line gives this run's.  A missing
# debootstrap, qemu-user-static or cross compiler is a FAIL
# (scripts/install-deps.sh installs them); an unreachable Debian mirror is
# a SKIP of part 2.
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD LD_BIND_NOW LD_DEBUG GLIBC_TUNABLES 2>/dev/null || true

if [ $# -ne 2 ]; then
    echo "usage: deps-foreign-root.sh LINKSCOPE WORKDIR" >&2
    exit 2
fi
ls_bin=$(lt_abspath "$1")
work=$2
mkdir -p "$work"
work=$(lt_abspath "$work")
start=$(date +%s)
for t in aarch64-linux-gnu-gcc qemu-aarch64 debootstrap unshare python3; do
    lt_have "$t" || lt_fail "deps-foreign-root-tools" "$t is missing (scripts/install-deps.sh)"
done
[ -e /usr/lib/binfmt.d/qemu-aarch64.conf ] ||
    lt_fail "deps-foreign-root-tools" "qemu-user-static is missing (scripts/install-deps.sh)"
if [ "$LT_FAILED" -ne 0 ]; then
    lt_summary deps-foreign-root
    exit 1
fi

root=$(bash "$script_dir/../fixtures/debian-root.sh")
rc=$?
if [ "$rc" = 3 ]; then
    lt_skip "deps-foreign-root-debian" "Debian mirror unreachable: no real arm64 root"
    root=-
elif [ "$rc" = 4 ]; then
    lt_skip "deps-foreign-root-debian" "this machine forbids user namespaces (unshare: Operation not permitted): the root's own loader cannot run"
    root=-
elif [ "$rc" != 0 ]; then
    lt_fail "deps-foreign-root-debian" "tests/fixtures/debian-root.sh failed (exit $rc)"
    root=-
fi

counts=$work/counts
DEPS_COUNTS=$counts python3 "$script_dir/deps_foreign_root.py" "$ls_bin" "$work" "$root"
rc=$?
if [ "$rc" != 0 ] || ! [ -s "$counts" ]; then
    lt_fail "deps-foreign-root-driver" "deps_foreign_root.py exited with status $rc"
    read -r p f s <<<"0 0 0"
else
    read -r p f s <"$counts"
fi
echo "# cost: $(( $(date +%s) - start )) s"
lt_summary_line deps-foreign-root "$((p + LT_PASSED))" "$((f + LT_FAILED))" "$((s + LT_SKIPPED))"
[ "$((f + LT_FAILED))" -eq 0 ]
