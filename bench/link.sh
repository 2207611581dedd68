#!/usr/bin/env bash
# bench/link.sh - time `linkscope link` (a dry run of a static link) against
# the real link by ld.bfd, gold, lld and mold.
#
# Usage: bench/link.sh [LINKSCOPE]
#   LINKSCOPE  the linkscope binary (default: build/linkscope under the repo
#              root; the LINKSCOPE environment variable is used when no
#              argument is given).
#
# Environment:
#   RUNS=N        timed runs per command of the LLVM link (default 5, after
#                 1 warmup)
#   FAIL_RUNS=N   timed runs per command of the failing link (default 30,
#                 after 3 warmups)
#   ONLY=llvm     only the LLVM link
#   ONLY=failing  only the failing link (needs only gcc and hyperfine, not
#                 llvm-14-dev, lld or mold)
#   KEEP=1        keep the work directory (link outputs, JSON, hyperfine logs)
#
# Two sections, the LLVM link then the failing link.
#
# The link: bench/out/llvm_main.o (bench/src/llvm_main.cpp, compiled like
# bench/syms.sh does, and cached there) against all libLLVM*.a archives of
# Debian's llvm-14-dev in one --start-group, about 100 MB of output:
#
#   LINK = main.o -Wl,--start-group /usr/lib/llvm-14/lib/libLLVM*.a
#          -Wl,--end-group $(llvm-config-14 --link-static --system-libs)
#
# Commands, all in one hyperfine session (no shell, -N; stdout to /dev/null):
#   bfd, gold, lld, mold  g++ -fuse-ld=X -o WORK/X.out LINK   (the real link)
#   linkscope-bfd         linkscope link --semantics bfd -- g++ -fuse-ld=bfd ... LINK
#   linkscope-lld         linkscope link --semantics lld -- g++ -fuse-ld=lld ... LINK
# linkscope gets the whole driver command, so the g++ -### it runs is timed.
#
# Peak RSS: one extra run of each command under /usr/bin/time -f %M.  For
# g++ that is the maximum over g++, collect2 and the linker (the kernel
# folds reaped descendants into the child's ru_maxrss).  mold forks by
# default and its worker is never reaped by the driver, so mold's RSS run
# adds -Wl,--no-fork (its timed runs do not).
#
# Targets printed with the ratios: linkscope (bfd semantics) at most 0.25x
# lld's wall time and at most 0.5x lld's peak RSS, with verdict "ok" in
# linkscope's --json output.
#
# The failing link: a one-line t.o that calls an undefined foo, linked by
# gcc (GNU ld, which exits 1), and its report (linkscope exits 1).  With no
# definition anywhere, the "not given" hint reads every lib*.so and lib*.a
# of the search path, so this is the report's worst case:
#   real       gcc WORK/fail/t.o -o WORK/fail/app
#   linkscope  linkscope link -- gcc WORK/fail/t.o -o WORK/fail/app
# Warm: one hyperfine session (page cache warm).  Cold (as root only): one
# run each right after `sync; echo 3 >/proc/sys/vm/drop_caches`, timed by
# the shell.  Printed: the times and the ratio linkscope / real (target:
# at most 1x warm, and at most 0.3 s cold).
#
# This is a benchmark, not a test: it exits 0 whatever the times say, and
# 2 only when the setup fails.

BENCH=link.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 2
OUT_DIR="$SCRIPT_DIR/out"
LLVM_DIR=/usr/lib/llvm-14
LLVM_CONFIG=llvm-config-14

RUNS=${RUNS:-5}
FAIL_RUNS=${FAIL_RUNS:-30}
ONLY=${ONLY:-}
KEEP=${KEEP:-}

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ $FAIL_RUNS =~ ^[1-9][0-9]*$ ]] || die "FAIL_RUNS must be a positive integer (got '$FAIL_RUNS')"
[[ -z $ONLY || $ONLY == llvm || $ONLY == failing ]] || die "ONLY must be llvm or failing (got '$ONLY')"

bench_linkscope "$@"

# --- prerequisites -------------------------------------------------------------

# Each entry: "test|package"; the test is a command name or an absolute path.
PREREQS=(
    "hyperfine|hyperfine"
    "/usr/bin/time|time"
    "jq|jq"
    "g++|g++"
    "ld.bfd|binutils"
    "ld.gold|binutils"
    "ld.lld|lld"
    "ld.mold|mold"
    "$LLVM_CONFIG|llvm-14-dev"
    "$LLVM_DIR/lib/libLLVMCore.a|llvm-14-dev"
)
if [[ $ONLY == failing ]]; then
    PREREQS=("hyperfine|hyperfine" "jq|jq" "gcc|gcc")
fi


mapfile -t missing < <(bench_missing "${PREREQS[@]}")
# Libraries the static LLVM link needs besides LLVM's own archives (llvm-14-dev
# normally pulls them in); g++ -print-file-name echoes the bare name if absent.
if [[ $ONLY != failing ]] && have g++; then
    for p in "libz.so|zlib1g-dev" "libtinfo.so|libncurses-dev" "libxml2.so|libxml2-dev" "libz3.so|libz3-dev"; do
        [[ $(g++ -print-file-name="${p%%|*}") == */* ]] || missing+=("${p##*|}")
    done
fi
bench_install "${missing[@]}"
HYPERFINE=$(command -v hyperfine)
GXX=$(command -v g++ || true)

bench_check_linkscope link

bench_workdir link



# --- the failing link -------------------------------------------------------------

# Seconds one run of "$@" takes, with the page cache dropped first.
cold_run() {
    local t0 t1
    sync && echo 3 >/proc/sys/vm/drop_caches || return 1
    t0=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

bench_failing() {
    local fw="$WORK/fail" real ls_cmd rc lrc r m_real m_ls s_real s_ls c_real c_ls
    mkdir -p "$fw" || die "cannot create $fw"
    printf 'int foo(void); int main(void){return foo();}\n' >"$fw/t.c"
    gcc -c "$fw/t.c" -o "$fw/t.o" || die "gcc -c $fw/t.c failed"
    real=(gcc "$fw/t.o" -o "$fw/app")
    ls_cmd=("$LS" link -- gcc "$fw/t.o" -o "$fw/app")

    echo "failing link: gcc t.o -o app, t.o calling an undefined foo  (FAIL_RUNS=$FAIL_RUNS, 3 warmups)"
    echo "  gcc:       $(command -v gcc)  ($(gcc --version | head -n1))"
    echo "  machine:   $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
    "${real[@]}" >/dev/null 2>&1
    rc=$?
    ((rc != 0)) || note "note: the real link of $fw/t.o succeeded (foo is defined somewhere?)"
    "$LS" link --stats -- gcc "$fw/t.o" -o "$fw/app" >"$fw/linkscope.out" 2>&1
    lrc=$?
    echo "  real exit $rc, linkscope exit $lrc; linkscope --stats: $(grep -o 'ms: .*' "$fw/linkscope.out" || echo n/a)"

    "$HYPERFINE" -N --style basic --output null --ignore-failure \
        --warmup 3 --runs "$FAIL_RUNS" --export-json "$fw/fail.json" \
        -n real "$(quote_cmd "${real[@]}")" -n linkscope "$(quote_cmd "${ls_cmd[@]}")" \
        >"$fw/fail.log" 2>&1 || note "hyperfine failed; see $fw/fail.log (KEEP=1 keeps it)"
    m_real=$(jq -r '.results[] | select(.command == "real") | .mean' "$fw/fail.json" 2>/dev/null)
    m_ls=$(jq -r '.results[] | select(.command == "linkscope") | .mean' "$fw/fail.json" 2>/dev/null)
    s_real=$(jq -r '.results[] | select(.command == "real") | .stddev // 0' "$fw/fail.json" 2>/dev/null)
    s_ls=$(jq -r '.results[] | select(.command == "linkscope") | .stddev // 0' "$fw/fail.json" 2>/dev/null)
    printf '  warm  real      %8.4f s  (stddev %.4f)\n' "${m_real:-0}" "${s_real:-0}"
    printf '  warm  linkscope %8.4f s  (stddev %.4f)\n' "${m_ls:-0}" "${s_ls:-0}"
    r=$(ratio "$m_ls" "$m_real")
    echo "  warm  linkscope / real: ${r}x [target <= 1x: $(awk -v r="$r" 'BEGIN { print r == "n/a" ? "n/a" : r <= 1 ? "met" : "not met" }')]"

    if ((EUID != 0)); then
        echo "  cold  skipped: dropping the page cache needs root"
        return
    fi
    c_real=$(cold_run "${real[@]}") || { echo "  cold  skipped: cannot drop the page cache"; return; }
    c_ls=$(cold_run "${ls_cmd[@]}")
    echo "  cold  real      $c_real s"
    echo "  cold  linkscope $c_ls s"
    r=$(ratio "$c_ls" "$c_real")
    echo "  cold  linkscope / real: ${r}x [target linkscope <= 0.3 s: $(awk -v t="$c_ls" 'BEGIN { print t <= 0.3 ? "met" : "not met" }')]"
}

if [[ $ONLY == failing ]]; then
    bench_failing
    exit 0
fi

# --- the object: bench/out/llvm_main.o, compiled as bench/syms.sh does -----------

OBJ="$OUT_DIR/llvm_main.o"
if [[ ! -s $OBJ ]]; then
    src="$SCRIPT_DIR/src/llvm_main.cpp" tmp="$OUT_DIR/llvm_main.o.tmp.$$"
    [[ -f $src ]] || die "missing $src"
    mkdir -p "$OUT_DIR" || die "cannot create $OUT_DIR"
    read -r -a cxxflags <<<"$("$LLVM_CONFIG" --cxxflags)" || die "$LLVM_CONFIG --cxxflags failed"
    note "compiling $OBJ (takes a few seconds)"
    g++ "${cxxflags[@]}" -c "$src" -o "$tmp" || { rm -f "$tmp"; die "compiling $src failed"; }
    mv -f "$tmp" "$OBJ" || die "cannot move $tmp to $OBJ"
fi

# Plain --system-libs prints nothing for Debian's shared-mode build; the
# static link needs the --link-static list (-lz -ltinfo -lxml2 libz3 ...).
read -r -a SYSLIBS <<<"$("$LLVM_CONFIG" --link-static --system-libs)"
ARCHIVES=("$LLVM_DIR"/lib/libLLVM*.a)
((${#ARCHIVES[@]} > 1)) || die "no $LLVM_DIR/lib/libLLVM*.a archives"
LINK=("$OBJ" -Wl,--start-group "${ARCHIVES[@]}" -Wl,--end-group "${SYSLIBS[@]}")
archive_mib=$(du -cbL -- "${ARCHIVES[@]}" | tail -n1 | cut -f1 | awk '{ printf "%.0f", $1 / 1048576 }')

LINKERS=(bfd gold lld mold)
SEMANTICS=(bfd lld)
TOOLS=("${LINKERS[@]}" linkscope-bfd linkscope-lld)

declare -A CMD RSSCMD RC RSS MEAN SD HFRC VERDICT
for l in "${LINKERS[@]}"; do
    CMD[$l]=$(quote_cmd g++ -fuse-ld="$l" -o "$WORK/$l.out" "${LINK[@]}")
    RSSCMD[$l]=${CMD[$l]}
done
RSSCMD[mold]=$(quote_cmd g++ -fuse-ld=mold -Wl,--no-fork -o "$WORK/mold.out" "${LINK[@]}")
for s in "${SEMANTICS[@]}"; do
    # The same driver line as the real link; the -o file must never appear.
    CMD[linkscope-$s]=$(quote_cmd "$LS" link --semantics "$s" -- g++ -fuse-ld="$s" -o "$WORK/linkscope-$s.out" "${LINK[@]}")
    RSSCMD[linkscope-$s]=${CMD[linkscope-$s]}
done

linker_version() { # the linker g++ -fuse-ld=X runs, and its version line
    local p
    p=$("$GXX" -fuse-ld="$1" -print-prog-name="ld.$1")
    [[ $p == */* ]] || p=$(command -v "$p") || p="ld.$1"
    printf '%s  (%s)' "$p" "$("$p" --version 2>&1 | head -n1)"
}

echo "linkscope link benchmark  (RUNS=$RUNS, 1 warmup, LC_ALL=C, stdout to /dev/null)"
echo "  linkscope: $LS"
echo "  g++:       $GXX  ($("$GXX" --version | head -n1))"
for l in "${LINKERS[@]}"; do
    printf '  %-10s %s\n' "$l:" "$(linker_version "$l")"
done
echo "  hyperfine: $("$HYPERFINE" --version)"
echo "  machine:   $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  link:      g++ -fuse-ld=X -o OUT $OBJ -Wl,--start-group $LLVM_DIR/lib/libLLVM*.a -Wl,--end-group ${SYSLIBS[*]}"
echo "             (${#ARCHIVES[@]} archives, $archive_mib MiB; OUT in $WORK)"
echo "  linkscope: linkscope link --semantics X -- g++ -fuse-ld=X -o OUT ...the same..."
echo

# --- one run each: peak RSS and exit status ------------------------------------------

echo "one run each under /usr/bin/time -f %M (peak RSS, exit status) ..."
for t in "${TOOLS[@]}"; do
    tf="$WORK/$t.time"
    eval "/usr/bin/time -f %M -o $(printf '%q' "$tf") ${RSSCMD[$t]}" >"$WORK/$t.stdout" 2>"$WORK/$t.stderr"
    RC[$t]=$?
    RSS[$t]=$(tail -n1 "$tf" 2>/dev/null)
    [[ ${RSS[$t]} =~ ^[0-9]+$ ]] || RSS[$t]=""
done
if [[ ${RC[lld]} != 0 ]]; then
    sed 's/^/    /' "$WORK/lld.stderr" | head -n 5 >&2
    die "the reference link with lld failed (exit ${RC[lld]})"
fi
for t in "${TOOLS[@]}"; do
    if [[ ${RC[$t]} != 0 ]]; then
        echo "note: $t exited ${RC[$t]}; first lines of its stderr:"
        head -n 5 "$WORK/$t.stderr" | sed 's/^/    /'
    fi
done

# linkscope's verdict, from one more run of each with --json.
for s in "${SEMANTICS[@]}"; do
    j="$WORK/linkscope-$s.json"
    "$LS" link --json --semantics "$s" -- g++ -fuse-ld="$s" -o "$WORK/linkscope-$s.out" "${LINK[@]}" >"$j" 2>"$WORK/linkscope-$s.json.err"
    v=$(jq -r '.verdict // "(none)"' "$j" 2>/dev/null) || v=""
    [[ -n $v ]] || v="(no JSON)"
    VERDICT[$s]=$v
done

# --- timing ----------------------------------------------------------------------------

hf=()
for t in "${TOOLS[@]}"; do hf+=(-n "$t" "${CMD[$t]}"); done
echo "timing bfd, gold, lld, mold and linkscope in one hyperfine session: $RUNS runs each ..."
"$HYPERFINE" -N --style basic --output null --ignore-failure \
    --warmup 1 --runs "$RUNS" --export-json "$WORK/link.json" "${hf[@]}" \
    >"$WORK/link.log" 2>&1 || note "hyperfine failed; see $WORK/link.log (KEEP=1 keeps it)"
for t in "${TOOLS[@]}"; do
    MEAN[$t]="" SD[$t]="" HFRC[$t]=""
    [[ -s $WORK/link.json ]] || continue
    m=$(jq -r --arg t "$t" '.results[] | select(.command == $t) | .mean' "$WORK/link.json")
    if [[ -n $m && $m != null ]]; then
        MEAN[$t]=$m
        SD[$t]=$(jq -r --arg t "$t" '.results[] | select(.command == $t) | .stddev // 0' "$WORK/link.json")
        HFRC[$t]=$(jq -r --arg t "$t" '.results[] | select(.command == $t) | .exit_codes | unique | map(tostring) | join(",")' "$WORK/link.json")
    fi
done

# --- report ----------------------------------------------------------------------------

fmt_mb() { [[ -n $1 ]] && awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' || printf 'n/a'; }

echo
printf '%-14s %10s %10s %12s %5s %9s\n' tool "mean s" "stddev s" "peak RSS MB" exit "vs lld"
printf '%s\n' "-------------------------------------------------------------------"
for t in "${TOOLS[@]}"; do
    m=${MEAN[$t]} s=${SD[$t]}
    r=$(ratio "$m" "${MEAN[lld]}")
    [[ $r != n/a ]] && r=$(printf '%.2fx' "$r")
    [[ -n $m ]] && m=$(printf '%.4f' "$m") || m=n/a
    [[ -n $s && $s != null ]] && s=$(printf '%.4f' "$s") || s=n/a
    printf '%-14s %10s %10s %12s %5s %9s\n' "$t" "$m" "$s" "$(fmt_mb "${RSS[$t]}")" "${RC[$t]}" "$r"
done
echo "(exit: the RSS run's; mold's RSS run used -Wl,--no-fork, see the header comment)"
for t in "${TOOLS[@]}"; do
    if [[ -n ${HFRC[$t]} && ${HFRC[$t]} != 0 ]]; then
        echo "note: $t exited ${HFRC[$t]} in the timed runs"
    fi
done
echo

echo "outputs of the real links (the \"about 100 MB\"):"
for l in "${LINKERS[@]}"; do
    if [[ -f $WORK/$l.out ]]; then
        ls -l "$WORK/$l.out" | sed 's/^/  /'
    else
        echo "  $l: no output"
    fi
done
for s in "${SEMANTICS[@]}"; do
    if [[ -e $WORK/linkscope-$s.out ]]; then
        echo "note: linkscope (--semantics $s) created its -o file; a dry run must not write output"
    fi
done
echo

for s in "${SEMANTICS[@]}"; do
    echo "linkscope verdict (--semantics $s, --json | jq -r .verdict): ${VERDICT[$s]}"
    if [[ ${VERDICT[$s]} != ok ]]; then
        jq -r '.reasons[]?' "$WORK/linkscope-$s.json" 2>/dev/null | head -n 5 | sed 's/^/    reason: /'
        head -n 3 "$WORK/linkscope-$s.json.err" | sed 's/^/    stderr: /'
    fi
done

goal() { # ratio limit verdict
    awk -v r="$1" -v l="$2" -v v="$3" 'BEGIN {
        if (r == "n/a") print "n/a";
        else if (r > l) print "not met";
        else if (v != "ok") printf "not met (verdict \"%s\", not \"ok\")\n", v;
        else print "met" }'
}
r=$(ratio "${MEAN[linkscope-bfd]}" "${MEAN[lld]}")
echo "linkscope (bfd semantics) / lld wall: ${r}× [target <= 0.25×: $(goal "$r" 0.25 "${VERDICT[bfd]}")]"
r=$(ratio "${RSS[linkscope-bfd]}" "${RSS[lld]}")
echo "linkscope peak RSS / lld peak RSS: ${r}× [target <= 0.5×: $(goal "$r" 0.5 "${VERDICT[bfd]}")]"
echo "  (for reference) linkscope (lld semantics) / lld: wall $(ratio "${MEAN[linkscope-lld]}" "${MEAN[lld]}")×, peak RSS $(ratio "${RSS[linkscope-lld]}" "${RSS[lld]}")×, verdict ${VERDICT[lld]}"
echo "  (for reference) linkscope (bfd semantics) / bfd: wall $(ratio "${MEAN[linkscope-bfd]}" "${MEAN[bfd]}")×, peak RSS $(ratio "${RSS[linkscope-bfd]}" "${RSS[bfd]}")×"
if [[ $ONLY != llvm ]]; then
    echo
    bench_failing
fi
exit 0
