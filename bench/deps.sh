#!/usr/bin/env bash
# bench/deps.sh - time `linkscope deps -r` on every dynamic program of a
# directory against libtree, lddtree and an ldd loop.
#
# Usage: bench/deps.sh [LINKSCOPE]
#   LINKSCOPE  the linkscope binary (default: build/linkscope under the repo
#              root; the LINKSCOPE environment variable is used when no
#              argument is given).
#
# Environment:
#   DIR=/usr/bin       the directory (default /usr/bin): its regular files
#                      (not symlinks) that are ELF with a PT_INTERP
#   RUNS=N             timed runs of the fast commands (default 10, after 2
#                      warmups)
#   SLOW_RUNS=N        timed runs of the libtree loop and lddtree (default 3,
#                      1 warmup)
#   LDD_RUNS=N         timed runs of the ldd -r loop (default 1, no warmup;
#                      about 50 s per run for /usr/bin).  0 skips it.
#   KEEP=1             keep the work directory (file list, hyperfine JSON)
#
# Commands (stdout to /dev/null).  The first session times:
#   linkscope       linkscope deps -r FILE...          (one call, all files;
#                   versions checked and every symbol bound)
#   linkscope-list  linkscope deps -r --list FILE...
#   linkscope-json  linkscope deps -r --json FILE...
#   libtree-all     libtree FILE...                    (one call; for reference)
# the second:
#   libtree         libtree FILE, once per file        (the target's peer)
#   lddtree         lddtree FILE...                    (one call: pax-utils'
#                   Python lddtree starts once; run with /usr/bin/python3,
#                   which has pyelftools)
# the third:
#   ldd             ldd -r FILE, once per file         (the real loader:
#                   trace mode with LD_WARN and LD_BIND_NOW)
#
# Target printed with the ratios: linkscope / libtree (per file) <= 0.2.
# This is a benchmark, not a test: it exits 0 whatever the times say, and 2
# only when the setup fails.

BENCH=deps.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 2

DIR=${DIR:-/usr/bin}
RUNS=${RUNS:-10}
SLOW_RUNS=${SLOW_RUNS:-3}
LDD_RUNS=${LDD_RUNS:-1}
KEEP=${KEEP:-}

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ $SLOW_RUNS =~ ^[1-9][0-9]*$ ]] || die "SLOW_RUNS must be a positive integer (got '$SLOW_RUNS')"
[[ $LDD_RUNS =~ ^[0-9]+$ ]] || die "LDD_RUNS must be a number (got '$LDD_RUNS')"
[[ -d $DIR ]] || die "no directory $DIR"

bench_linkscope "$@"

# --- prerequisites -------------------------------------------------------------

PREREQS=("hyperfine|hyperfine" "libtree|libtree" "lddtree|pax-utils" "jq|jq" "ldd|libc-bin")
mapfile -t missing < <(bench_missing "${PREREQS[@]}")
# lddtree is a Python script that needs pyelftools; Debian's python3 has it
# once python3-pyelftools is installed (a pyenv python3 on PATH would not).
SYSPY=/usr/bin/python3
[[ -x $SYSPY ]] || die "no $SYSPY (lddtree runs with the system Python)"
"$SYSPY" -c 'import elftools' 2>/dev/null || missing+=(python3-pyelftools)
bench_install "${missing[@]}"
HYPERFINE=$(command -v hyperfine)
LIBTREE=$(command -v libtree)
LDDTREE=$(command -v lddtree)
LDD=$(command -v ldd)

bench_check_linkscope deps

bench_workdir deps


# --- the corpus: regular ELF files with a PT_INTERP -----------------------------

"$SYSPY" - "$DIR" >"$WORK/files" <<'EOF' || die "cannot list $DIR"
import os, struct, sys
d = sys.argv[1]
for n in sorted(os.listdir(d)):
    p = os.path.join(d, n)
    if os.path.islink(p) or not os.path.isfile(p):
        continue
    try:
        with open(p, 'rb') as f:
            h = f.read(64)
            if len(h) < 64 or h[:4] != b'\x7fELF' or h[4] != 2 or h[5] != 1:
                continue
            phoff, = struct.unpack_from('<Q', h, 32)
            phentsize, phnum = struct.unpack_from('<HH', h, 54)
            f.seek(phoff)
            ph = f.read(phentsize * phnum)
    except OSError:
        continue
    if any(struct.unpack_from('<I', ph, i * phentsize)[0] == 3 for i in range(phnum)
           if (i + 1) * phentsize <= len(ph)):
        print(p)
EOF
mapfile -t FILES <"$WORK/files"
nfiles=${#FILES[@]}
((nfiles > 0)) || die "no dynamic ELF programs in $DIR"
mib=$(cat "${FILES[@]}" | wc -c | awk '{ printf "%.0f", $1 / 1048576 }')

# The per-file loops, as scripts reading the list (short command lines).
printf '#!/bin/bash\nwhile IFS= read -r f; do %q "$f"; done <%q\n' "$LIBTREE" "$WORK/files" >"$WORK/libtree-loop.sh"
printf '#!/bin/bash\nwhile IFS= read -r f; do %q -r "$f"; done <%q\n' "$LDD" "$WORK/files" >"$WORK/ldd-loop.sh"

echo "linkscope deps benchmark  (LC_ALL=C, stdout to /dev/null)"
echo "  linkscope: $LS"
echo "  libtree:   $LIBTREE  ($("$LIBTREE" --version 2>&1 | head -n1))"
echo "  lddtree:   $SYSPY $LDDTREE  (pax-utils $(dpkg-query -W -f='${Version}' pax-utils 2>/dev/null))"
echo "  ldd:       $LDD  ($("$LDD" --version 2>&1 | head -n1))"
echo "  hyperfine: $("$HYPERFINE" --version)"
echo "  machine:   $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  corpus:    $DIR: $nfiles dynamic ELF programs (regular files with PT_INTERP), ${mib} MiB"
echo

declare -A CMD RC BYTES MEAN SD
CMD[linkscope]=$(quote_cmd "$LS" deps -r "${FILES[@]}")
CMD[linkscope-list]=$(quote_cmd "$LS" deps -r --list "${FILES[@]}")
CMD[linkscope-json]=$(quote_cmd "$LS" deps -r --json "${FILES[@]}")
CMD[libtree-all]=$(quote_cmd "$LIBTREE" "${FILES[@]}")
CMD[libtree]=$(quote_cmd bash "$WORK/libtree-loop.sh")
CMD[lddtree]=$(quote_cmd "$SYSPY" "$LDDTREE" "${FILES[@]}")
CMD[ldd]=$(quote_cmd bash "$WORK/ldd-loop.sh")
FAST=(linkscope linkscope-list linkscope-json libtree-all)
SLOW=(libtree lddtree)
ALL=("${FAST[@]}" "${SLOW[@]}")
((LDD_RUNS > 0)) && ALL+=(ldd)
SHOW=("${FAST[@]}" "${SLOW[@]}")
((LDD_RUNS > 0)) && SHOW+=(ldd)

# Exit statuses and output sizes, once, outside the timing (the ldd loop's
# comes from its timed run).
for t in "${FAST[@]}" "${SLOW[@]}"; do
    eval "${CMD[$t]}" >"$WORK/$t.out" 2>"$WORK/$t.err"
    RC[$t]=$?
    BYTES[$t]=$(wc -c <"$WORK/$t.out")
done
if [[ ${RC[linkscope]} != 0 && ${RC[linkscope]} != 1 ]]; then
    echo "note: linkscope exited ${RC[linkscope]}; first lines of its stderr:"
    head -n 5 "$WORK/linkscope.err" | sed 's/^/    /'
    echo
fi

session() {
    local name=$1 runs=$2 warm=$3
    shift 3
    local hf=() t
    for t in "$@"; do hf+=(-n "$t" "${CMD[$t]}"); done
    "$HYPERFINE" -N --style basic --output null --ignore-failure \
        --warmup "$warm" --runs "$runs" --export-json "$WORK/$name.json" "${hf[@]}" \
        >"$WORK/$name.log" 2>&1 || note "hyperfine failed; see $WORK/$name.log (KEEP=1 keeps it)"
}
echo "timing linkscope and libtree (one call): $RUNS runs each ..."
session fast "$RUNS" 2 "${FAST[@]}"
echo "timing the libtree loop and lddtree: $SLOW_RUNS runs each ..."
session slow "$SLOW_RUNS" 1 "${SLOW[@]}"
if ((LDD_RUNS > 0)); then
    echo "timing the ldd -r loop: $LDD_RUNS run(s) (about a minute each) ..."
    session ldd "$LDD_RUNS" 0 ldd
fi
for t in "${ALL[@]}"; do
    MEAN[$t]="" SD[$t]=""
    for j in "$WORK/fast.json" "$WORK/slow.json" "$WORK/ldd.json"; do
        [[ -s $j ]] || continue
        m=$(jq -r --arg t "$t" '.results[] | select(.command == $t) | .mean' "$j")
        if [[ -n $m && $m != null ]]; then
            MEAN[$t]=$m
            SD[$t]=$(jq -r --arg t "$t" '.results[] | select(.command == $t) | .stddev // 0' "$j")
            [[ $t == ldd ]] && RC[ldd]=$(jq -r '.results[0].exit_codes | unique | map(tostring) | join(",")' "$j")
        fi
    done
done

short() { local c=$1; ((${#c} > 60)) && c="${c:0:57}..."; printf '%s' "$c"; }
echo
printf '%-15s %10s %10s %6s %12s  %s\n' tool "mean s" "stddev s" exit "stdout bytes" command
printf '%s\n' "----------------------------------------------------------------------------------"
for t in "${SHOW[@]}"; do
    m=${MEAN[$t]} s=${SD[$t]}
    [[ -n $m ]] && m=$(printf '%.4f' "$m") || m=n/a
    [[ -n $s && $s != null ]] && s=$(printf '%.4f' "$s") || s=n/a
    printf '%-15s %10s %10s %6s %12s  %s\n' "$t" "$m" "$s" "${RC[$t]:--}" "${BYTES[$t]:--}" \
        "$(short "${CMD[$t]}")"
done
echo "(FILE... = the $nfiles files; the loops run one process per file)"
echo

r1=$(ratio "${MEAN[linkscope]}" "${MEAN[libtree]}")
g1=$(awk -v r="$r1" 'BEGIN { if (r == "n/a") print "n/a"; else print (r <= 0.2) ? "met" : "MISSED" }')
echo "linkscope / libtree (per file):   ${r1}x  [target <= 0.2x: $g1]"
echo "linkscope / libtree (one call):   $(ratio "${MEAN[linkscope]}" "${MEAN[libtree-all]}")x  (libtree neither checks versions nor binds symbols)"
echo "linkscope / lddtree (one call):   $(ratio "${MEAN[linkscope]}" "${MEAN[lddtree]}")x"
if ((LDD_RUNS > 0)); then
    echo "linkscope / ldd -r (per file):    $(ratio "${MEAN[linkscope]}" "${MEAN[ldd]}")x"
else
    echo "linkscope / ldd -r:               not measured (LDD_RUNS=0)"
fi
exit 0
