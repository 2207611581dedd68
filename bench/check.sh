#!/usr/bin/env bash
# bench/check.sh - time `linkscope check -r DIR` against scanelf and checksec.
#
# Usage: bench/check.sh [LINKSCOPE]
#   LINKSCOPE  the linkscope binary (default: build/linkscope under the repo
#              root; the LINKSCOPE environment variable is used when no
#              argument is given).
#
# Environment:
#   DIR=/usr/bin       the directory audited (default /usr/bin)
#   RUNS=N             timed runs of linkscope and scanelf (default 10, after
#                      2 warmups)
#   CHECKSEC_RUNS=N    timed runs of checksec (default 1, no warmup; one run
#                      takes minutes).  0 skips checksec.
#   KEEP=1             keep the work directory (hyperfine JSON, logs)
#
# Commands (stdout to /dev/null, all in one hyperfine session, checksec in a
# second one with fewer runs):
#   linkscope     linkscope check -r DIR            (threads: online CPUs)
#   linkscope-j1  linkscope check -j1 -r DIR        (one thread, like scanelf)
#   linkscope-json linkscope check --json -r DIR
#   scanelf       scanelf -R -a DIR                 (pax-utils)
#   checksec      checksec --dir=DIR                (checksec 2.6.0)
#
# Targets printed with the ratios: linkscope / scanelf <= 1.5x (issue 17's
# figure), and checksec / linkscope >= 100x.  This is a benchmark, not a
# test: it exits 0 whatever the times say, and 2 only when the setup fails.

BENCH=check.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 2

DIR=${DIR:-/usr/bin}
RUNS=${RUNS:-10}
CHECKSEC_RUNS=${CHECKSEC_RUNS:-1}
KEEP=${KEEP:-}

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ $CHECKSEC_RUNS =~ ^[0-9]+$ ]] || die "CHECKSEC_RUNS must be a number (got '$CHECKSEC_RUNS')"
[[ -d $DIR ]] || die "no directory $DIR"

bench_linkscope "$@"

# --- prerequisites -------------------------------------------------------------

PREREQS=("hyperfine|hyperfine" "scanelf|pax-utils" "checksec|checksec" "jq|jq"
    "readelf|binutils" "file|file")
mapfile -t missing < <(bench_missing "${PREREQS[@]}")
bench_install "${missing[@]}"
HYPERFINE=$(command -v hyperfine)
SCANELF=$(command -v scanelf)
CHECKSEC=$(command -v checksec)

bench_check_linkscope check

bench_workdir check


# --- the corpus -------------------------------------------------------------------

nfiles=$(find "$DIR" -type f | wc -l)
nelf=$(find "$DIR" -type f -exec file -N -L {} + 2>/dev/null | grep -c ': *ELF')
mib=$(du -sbL "$DIR" 2>/dev/null | awk '{ printf "%.0f", $1 / 1048576 }')

echo "linkscope check benchmark  (LC_ALL=C, stdout to /dev/null)"
echo "  linkscope: $LS"
echo "  scanelf:   $SCANELF  ($("$SCANELF" --version 2>&1 | head -n1))"
echo "  checksec:  $CHECKSEC  ($("$CHECKSEC" --version 2>&1 | head -n1))"
echo "  hyperfine: $("$HYPERFINE" --version)"
echo "  machine:   $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  corpus:    $DIR: $nfiles files, $nelf ELF, ${mib} MiB"
echo

# Exit statuses and output sizes, once, outside the timing.
declare -A CMD RC BYTES MEAN SD
CMD[linkscope]=$(quote_cmd "$LS" check -r "$DIR")
CMD[linkscope-j1]=$(quote_cmd "$LS" check -j1 -r "$DIR")
CMD[linkscope-json]=$(quote_cmd "$LS" check --json -r "$DIR")
CMD[scanelf]=$(quote_cmd "$SCANELF" -R -a "$DIR")
CMD[checksec]=$(quote_cmd "$CHECKSEC" --dir="$DIR")
FAST=(linkscope linkscope-j1 linkscope-json scanelf)
ALL=("${FAST[@]}")
((CHECKSEC_RUNS > 0)) && ALL+=(checksec)

for t in "${FAST[@]}"; do
    eval "${CMD[$t]}" >"$WORK/$t.out" 2>"$WORK/$t.err"
    RC[$t]=$?
    BYTES[$t]=$(wc -c <"$WORK/$t.out")
done
if [[ ${RC[linkscope]} != 0 ]]; then
    echo "note: linkscope exited ${RC[linkscope]}; first lines of its stderr:"
    head -n 5 "$WORK/linkscope.err" | sed 's/^/    /'
    echo
fi

hf=()
for t in "${FAST[@]}"; do hf+=(-n "$t" "${CMD[$t]}"); done
echo "timing linkscope and scanelf: $RUNS runs each ..."
"$HYPERFINE" -N --style basic --output null --ignore-failure \
    --warmup 2 --runs "$RUNS" --export-json "$WORK/fast.json" "${hf[@]}" \
    >"$WORK/fast.log" 2>&1 || note "hyperfine failed; see $WORK/fast.log (KEEP=1 keeps it)"
if ((CHECKSEC_RUNS > 0)); then
    echo "timing checksec: $CHECKSEC_RUNS run(s) (minutes each) ..."
    "$HYPERFINE" -N --style basic --output null --ignore-failure \
        --runs "$CHECKSEC_RUNS" --export-json "$WORK/slow.json" -n checksec "${CMD[checksec]}" \
        >"$WORK/slow.log" 2>&1 || note "hyperfine failed for checksec; see $WORK/slow.log"
fi
for t in "${ALL[@]}"; do
    MEAN[$t]="" SD[$t]=""
    for j in "$WORK/fast.json" "$WORK/slow.json"; do
        [[ -s $j ]] || continue
        m=$(jq -r --arg t "$t" '.results[] | select(.command == $t) | .mean' "$j")
        if [[ -n $m && $m != null ]]; then
            MEAN[$t]=$m
            SD[$t]=$(jq -r --arg t "$t" '.results[] | select(.command == $t) | .stddev // 0' "$j")
        fi
    done
done

echo
printf '%-15s %10s %10s %6s %12s  %s\n' tool "mean s" "stddev s" exit "stdout bytes" command
printf '%s\n' "----------------------------------------------------------------------------------"
for t in "${ALL[@]}"; do
    m=${MEAN[$t]} s=${SD[$t]}
    [[ -n $m ]] && m=$(printf '%.4f' "$m") || m=n/a
    [[ -n $s && $s != null ]] && s=$(printf '%.4f' "$s") || s=n/a
    printf '%-15s %10s %10s %6s %12s  %s\n' "$t" "$m" "$s" "${RC[$t]:--}" "${BYTES[$t]:--}" "${CMD[$t]}"
done
echo

r1=$(ratio "${MEAN[linkscope]}" "${MEAN[scanelf]}" 2)
r1j=$(ratio "${MEAN[linkscope-j1]}" "${MEAN[scanelf]}" 2)
g1=$(awk -v r="$r1" 'BEGIN { if (r == "n/a") print "n/a"; else print (r <= 1.5) ? "met" : "MISSED" }')
echo "linkscope / scanelf:    ${r1}x  (one thread: ${r1j}x)  [target <= 1.5x: $g1]"
if ((CHECKSEC_RUNS > 0)); then
    r2=$(ratio "${MEAN[checksec]}" "${MEAN[linkscope]}" 2)
    g2=$(awk -v r="$r2" 'BEGIN { if (r == "n/a") print "n/a"; else print (r >= 100) ? "met" : "MISSED" }')
    echo "checksec / linkscope:   ${r2}x  [target >= 100x: $g2]"
else
    echo "checksec / linkscope:   not measured (CHECKSEC_RUNS=0)"
fi
exit 0
