#!/usr/bin/env bash
# bench/syms.sh — time `linkscope syms` against GNU nm, llvm-nm and eu-nm.
#
# Usage: bench/syms.sh [LINKSCOPE]
#   LINKSCOPE  the linkscope binary (default: build/linkscope under the repo
#              root; the LINKSCOPE environment variable is used when no
#              argument is given).
#
# Environment:
#   RUNS=N         timed runs per tool and target (default 5, after 1 warmup)
#   KEEP=1         keep the work directory (outputs, hyperfine JSON, logs)
#   TARGETS="a c"  run only some of the targets a, b, c (default "a b c")
#
# Targets:
#   (a) bench/out/llvm_main, a ~100 MB unstripped C++ executable linked here
#       from Debian's llvm-14-dev static libraries (built once, then cached)
#   (b) all /usr/lib/llvm-14/lib/libLLVM*.a archives in one call
#   (c) /usr/lib/llvm-14/lib/libLLVM-14.so.1 with -D
#
# This is a benchmark, not a test: it exits 0 whatever the times, the memory
# or the output comparison say.  It exits 2 only when the setup fails
# (missing tools that cannot be installed, no linkscope binary, link error).

BENCH=syms.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 2
OUT_DIR="$SCRIPT_DIR/out"
LLVM_DIR=/usr/lib/llvm-14
LLVM_CONFIG=llvm-config-14

RUNS=${RUNS:-5}
KEEP=${KEEP:-}
TARGETS=${TARGETS:-a b c}

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
for t in $TARGETS; do
    [[ $t == a || $t == b || $t == c ]] || die "TARGETS may only name a, b and c (got '$t')"
done

# --- the binary under test ---------------------------------------------------

bench_linkscope "$@"

# --- prerequisites -------------------------------------------------------------

# Each entry: "test|package"; the test is a command name or an absolute path.
PREREQS=(
    "nm|binutils"
    "eu-nm|elfutils"
    "hyperfine|hyperfine"
    "/usr/bin/time|time"
    "jq|jq"
    "g++|g++"
    "sha256sum|coreutils"
    "$LLVM_CONFIG|llvm-14-dev"
    "$LLVM_DIR/lib/libLLVMCore.a|llvm-14-dev"
    "$LLVM_DIR/lib/libLLVM-14.so.1|libllvm14"
)


find_llvm_nm() {
    local c
    for c in llvm-nm llvm-nm-14 "$LLVM_DIR/bin/llvm-nm"; do
        if have "$c"; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

mapfile -t missing < <(bench_missing "${PREREQS[@]}")
find_llvm_nm >/dev/null || missing+=(llvm)
# Libraries the static LLVM link needs besides LLVM's own archives (llvm-14-dev
# normally pulls them in); g++ -print-file-name echoes the bare name if absent.
if have g++; then
    for p in "libz.so|zlib1g-dev" "libtinfo.so|libncurses-dev" "libxml2.so|libxml2-dev" "libz3.so|libz3-dev"; do
        [[ $(g++ -print-file-name="${p%%|*}") == */* ]] || missing+=("${p##*|}")
    done
fi
bench_install "${missing[@]}"

LLVM_NM=$(find_llvm_nm) || die "llvm-nm not found even after installing llvm"
NM=$(command -v nm)
EU_NM=$(command -v eu-nm)
HYPERFINE=$(command -v hyperfine)

bench_check_linkscope

bench_workdir syms

# --- target (a): link the big C++ executable once -------------------------------

BIG="$OUT_DIR/llvm_main"
build_big() {
    local src="$SCRIPT_DIR/src/llvm_main.cpp" obj="$OUT_DIR/llvm_main.o" tmp="$OUT_DIR/llvm_main.tmp.$$"
    local -a cxxflags syslibs archives
    [[ -f $src ]] || die "missing $src"
    mkdir -p "$OUT_DIR" || die "cannot create $OUT_DIR"
    read -r -a cxxflags <<<"$("$LLVM_CONFIG" --cxxflags)" || die "$LLVM_CONFIG --cxxflags failed"
    # Plain --system-libs prints nothing for Debian's shared-mode build; the
    # static link needs the --link-static list (-lz -ltinfo -lxml2 libz3 ...).
    read -r -a syslibs <<<"$("$LLVM_CONFIG" --link-static --system-libs)"
    archives=("$LLVM_DIR"/lib/libLLVM*.a)
    note "building target (a): $BIG (${#archives[@]} archives; takes a minute)"
    g++ "${cxxflags[@]}" -c "$src" -o "$obj" || die "compiling $src failed"
    g++ "$obj" -o "$tmp" \
        -Wl,--start-group "${archives[@]}" -Wl,--end-group "${syslibs[@]}" ||
        { rm -f "$tmp"; die "linking $BIG failed"; }
    mv -f "$tmp" "$BIG" || die "cannot move $tmp to $BIG"
}

if [[ " $TARGETS " == *" a "* && ! -s $BIG ]]; then
    build_big
fi

# --- helpers ----------------------------------------------------------------------

# Quote words for hyperfine -N (no shell; it splits with POSIX-like rules).

# Short, readable form of a command line with many files.
show_cmd() {
    local -a words=("$@")
    local n=${#words[@]}
    if ((n > 6)); then
        printf '%s ... %s  (%d arguments)' "${words[*]:0:4}" "${words[n - 1]}" "$((n - 1))"
    else
        printf '%s' "${words[*]}"
    fi
}

fmt_mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

TOOLS=(linkscope nm llvm-nm eu-nm)
PEERS=(nm llvm-nm eu-nm)

tool_cmd() { # tool -> prints the argv prefix, one word per line
    case $1 in
    linkscope) printf '%s\n' "$LS" syms ;;
    nm) printf '%s\n' "$NM" ;;
    llvm-nm) printf '%s\n' "$LLVM_NM" ;;
    eu-nm) printf '%s\n' "$EU_NM" ;;
    esac
}

# --- header -------------------------------------------------------------------------

echo "linkscope syms benchmark  (RUNS=$RUNS, 1 warmup, LC_ALL=C, stdout to /dev/null)"
echo "  linkscope: $LS"
echo "  nm:        $NM  ($("$NM" --version | head -n1))"
echo "  llvm-nm:   $LLVM_NM  ($("$LLVM_NM" --version 2>&1 | grep -m1 -i 'llvm version' | sed 's/^ *//'))"
echo "  eu-nm:     $EU_NM  ($("$EU_NM" --version | head -n1))"
echo "  hyperfine: $("$HYPERFINE" --version)"
echo "  machine:   $(nproc) CPUs, $(uname -sr)"
if [[ " $TARGETS " == *" a "* ]]; then
    size=$(stat -c %s "$BIG")
    syms=$("$NM" "$BIG" 2>/dev/null | wc -l)
    echo "  (a) $BIG: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') MiB), $syms symbols"
    if ((size < 80 * 1024 * 1024)); then
        echo "      note: smaller than the ~100 MB the benchmark is meant to use"
    fi
fi
echo

# --- measurements ---------------------------------------------------------------------

declare -A MEAN SD RSS RC SHA ESHA IDENT FASTEST FASTEST_T

for target in $TARGETS; do
    case $target in
    a)
        label="(a) unstripped C++ executable"
        opts=()
        files=("$BIG")
        ;;
    b)
        label="(b) LLVM static archives"
        opts=()
        files=("$LLVM_DIR"/lib/libLLVM*.a)
        ;;
    c)
        label="(c) libLLVM-14.so.1 -D"
        opts=(-D)
        files=("$LLVM_DIR/lib/libLLVM-14.so.1")
        ;;
    esac
    total=$(du -cbL -- "${files[@]}" | tail -n1 | cut -f1)
    echo "== target $label: ${#files[@]} file(s), $(awk -v s="$total" 'BEGIN { printf "%.1f", s / 1048576 }') MiB"

    hf_args=()
    for tool in "${TOOLS[@]}"; do
        mapfile -t prefix < <(tool_cmd "$tool")
        cmd=("${prefix[@]}" "${opts[@]}" "${files[@]}")
        echo "   $tool: $(show_cmd "${cmd[@]}")"

        # One untimed-by-hyperfine run: peak RSS, exit status, stdout and stderr.
        out="$WORK/$target.$tool.out" err="$WORK/$target.$tool.err" tf="$WORK/$target.$tool.time"
        /usr/bin/time -f '%M' -o "$tf" "${cmd[@]}" >"$out" 2>"$err"
        RC[$target.$tool]=$?
        RSS[$target.$tool]=$(tail -n1 "$tf" 2>/dev/null)
        [[ ${RSS[$target.$tool]} =~ ^[0-9]+$ ]] || RSS[$target.$tool]=""
        SHA[$target.$tool]=$(sha256sum <"$out" | cut -d' ' -f1)
        # Diagnostics start with the program's own name ("/usr/bin/nm: ",
        # "linkscope: "); compare them without it.
        sed 's/^[^:]*: //' "$err" >"$err.norm"
        ESHA[$target.$tool]=$(sha256sum <"$err.norm" | cut -d' ' -f1)

        hf_args+=(-n "$tool" "$(quote_cmd "${cmd[@]}")")
    done

    json="$WORK/$target.json"
    echo "   timing with hyperfine ..."
    "$HYPERFINE" -N --style basic --output null --ignore-failure \
        --warmup 1 --runs "$RUNS" --export-json "$json" "${hf_args[@]}" \
        >"$WORK/$target.hyperfine.log" 2>&1 ||
        note "   hyperfine failed for target ($target); see $WORK/$target.hyperfine.log (KEEP=1 keeps it)"
    for tool in "${TOOLS[@]}"; do
        MEAN[$target.$tool]="" SD[$target.$tool]=""
        if [[ -s $json ]]; then
            MEAN[$target.$tool]=$(jq -r --arg t "$tool" '.results[] | select(.command == $t) | .mean' "$json")
            SD[$target.$tool]=$(jq -r --arg t "$tool" '.results[] | select(.command == $t) | .stddev // 0' "$json")
        fi
    done

    # stdout of linkscope vs GNU nm, byte for byte.
    if [[ ${SHA[$target.linkscope]} == "${SHA[$target.nm]}" ]]; then
        ident=yes
    else
        ident=no
    fi
    echo "   identical: $ident  (stdout sha256 linkscope ${SHA[$target.linkscope]:0:16}..., nm ${SHA[$target.nm]:0:16}...)"
    if [[ $ident == no ]]; then
        echo "   first differences (< nm, > linkscope):"
        diff -- "$WORK/$target.nm.out" "$WORK/$target.linkscope.out" | head -n 10 | sed 's/^/     /'
    fi
    if [[ ${ESHA[$target.linkscope]} != "${ESHA[$target.nm]}" ]]; then
        echo "   note: stderr (program name aside) differs from nm's (< nm, > linkscope):"
        diff -- "$WORK/$target.nm.err.norm" "$WORK/$target.linkscope.err.norm" | head -n 6 | sed 's/^/     /'
    fi
    if [[ ${RC[$target.linkscope]} != "${RC[$target.nm]}" ]]; then
        echo "   note: exit status differs: linkscope ${RC[$target.linkscope]}, nm ${RC[$target.nm]}"
    fi
    IDENT[$target]=$ident

    # Fastest peer by mean wall time.
    FASTEST[$target]="" FASTEST_T[$target]=""
    for p in "${PEERS[@]}"; do
        m=${MEAN[$target.$p]}
        [[ -n $m && $m != null ]] || continue
        if [[ -z ${FASTEST[$target]} ]] || awk -v a="$m" -v b="${FASTEST_T[$target]}" 'BEGIN { exit !(a < b) }'; then
            FASTEST[$target]=$p FASTEST_T[$target]=$m
        fi
    done
    echo
done

# --- table and verdicts -------------------------------------------------------------

printf '%-6s  %-9s  %10s  %10s  %12s  %4s  %s\n' target tool "mean s" "stddev s" "peak RSS MB" exit "vs fastest peer"
printf '%s\n' "-----------------------------------------------------------------------------"
for target in $TARGETS; do
    fastest=${FASTEST[$target]} fastest_t=${FASTEST_T[$target]}
    for tool in "${TOOLS[@]}"; do
        m=${MEAN[$target.$tool]} s=${SD[$target.$tool]} r=${RSS[$target.$tool]}
        if [[ -n $m && $m != null ]]; then
            ms=$(printf '%.4f' "$m") ss=$(printf '%.4f' "$s")
            if [[ -n $fastest ]]; then
                ratio=$(awk -v a="$m" -v b="$fastest_t" 'BEGIN { printf "%.2f", a / b }')"x"
            else
                ratio=n/a
            fi
        else
            ms=n/a ss=n/a ratio=n/a
        fi
        [[ -n $r ]] && rs=$(fmt_mb "$r") || rs=n/a
        printf '(%s)     %-9s  %10s  %10s  %12s  %4s  %s\n' "$target" "$tool" "$ms" "$ss" "$rs" "${RC[$target.$tool]}" "$ratio"
    done
done
echo

for target in $TARGETS; do
    fastest=${FASTEST[$target]} fastest_t=${FASTEST_T[$target]}
    m=${MEAN[$target.linkscope]}
    if [[ -n $m && $m != null && -n $fastest ]]; then
        ratio=$(awk -v a="$m" -v b="$fastest_t" 'BEGIN { printf "%.2f", a / b }')
        tgoal=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.5) ? "met" : "MISSED" }')
    else
        ratio=n/a tgoal=n/a
    fi
    lr=${RSS[$target.linkscope]} nr=${RSS[$target.nm]}
    if [[ -n $lr && -n $nr ]]; then
        mgoal=$( ((lr <= nr)) && echo met || echo MISSED)
    else
        mgoal=n/a
    fi
    [[ ${IDENT[$target]} == yes ]] && otext="output identical" || otext="output DIFFERS from nm"
    printf 'target (%s): linkscope %s× fastest peer (%s), RSS %s MB vs nm %s MB, %s  [time <=0.50×: %s; RSS <= nm: %s]\n' \
        "$target" "$ratio" "${fastest:-n/a}" "$([[ -n $lr ]] && fmt_mb "$lr" || echo n/a)" \
        "$([[ -n $nr ]] && fmt_mb "$nr" || echo n/a)" "$otext" "$tgoal" "$mgoal"
done
exit 0
