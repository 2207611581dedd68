#!/usr/bin/env bash
# nm-diff.sh - differential test of "linkscope syms" against GNU nm.
#
# Usage:
#   tests/e2e/nm-diff.sh LINKSCOPE FIXTURE_DIR [options]
#
#   LINKSCOPE     the binary under test (called as: LINKSCOPE syms OPTS FILE...)
#   FIXTURE_DIR   output of tests/fixtures/build.sh (has manifest.txt)
#
# Options:
#   --corpus N      also test up to N system libraries (.so and .a), picked
#                   deterministically across the sorted candidate list
#   --results DIR   where to keep diffs and the full log (emptied first;
#                   default: FIXTURE_DIR/../nm-diff-results/<D>-<B> for
#                   LINKSCOPE = .../D/B, so runs of build/linkscope and
#                   build-asan/linkscope keep separate results)
#   --jobs J        parallel workers (default: LT_JOBS or nproc)
#   --only GLOB     only fixtures/corpus files whose path matches GLOB
#   --opts SET      use only this option set (repeatable), e.g. --opts '-n -r'
#                   ("" is the plain run); -D sets still apply only to .so/exe
#   --extended      add option sets beyond the basic matrix (-a, -t d, -f sysv,
#                   --special-syms, ...)
#   --cpu-limit S   CPU seconds allowed per linkscope run (default 60)
#   --with-plugins  run the system nm binaries as they are (see below)
#
# For every case the oracle (the GNU nm that understands the file, from
# manifest.txt or tests/lib/elf-machine.sh) and "LINKSCOPE syms" run with the
# same options, from the same directory, with the same relative paths, under
# LC_ALL=C.  A case passes when
#   - stdout is byte-for-byte identical,
#   - the exit status is identical, and
#   - the "no symbols" diagnostics on stderr are the same lines in the same
#     order once the "program: " prefix is dropped.  Other stderr text is not
#     compared: wording of errors is free, only their effect (exit status,
#     what reaches stdout) must match.
#
# Speed: GNU nm dlopens every plugin in <bindir>/../lib/bfd-plugins for each
# input file; on Debian that includes LLVMgold (and so all of libLLVM),
# which makes one nm run ~8x slower than the work itself.  The plugin
# directory is found relative to the nm binary, so the oracles run from
# copies of the nm binaries in a private directory: the same GNU nm, minus
# the LTO plugins.  Output differs only for LTO IR objects (which linkscope
# does not interpret either).  --with-plugins uses the system binaries.
#
# Multi-file cases whose files need different GNU nm programs cannot be run
# by one nm, so the oracle is synthesised: "nm_i OPTS FILE_i MISSING" prints
# exactly FILE_i's share of a multi-file listing (header included; the
# missing file only adds a stderr line), and the outputs are concatenated.
# (Checked equal to a real multi-file run for same-machine files.)
#
# Output: one "PASS: nm-diff <file> [<opts>]" or "FAIL: ..." line per case in
# a fixed order (failures followed by up to 20 indented diff lines), SKIP
# lines for fixtures that build.sh could not make, then
# "nm-diff: N passed, N failed[, N skipped]".  Exit status 1 if anything
# failed, 2 on usage errors.

set -u

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
ELF_MACHINE=$script_dir/../lib/elf-machine.sh

export LC_ALL=C

# ---------------------------------------------------------------------------
# Worker mode: run a batch of cases.  Forks are the main cost on slow
# machines, so per case we start only the two programs being compared;
# stdout comparison is one cksum call for the whole batch, and stderr
# filtering uses shell builtins.

# nosym_lines FILE -> NOSYM = the "no symbols" lines of FILE, prefix dropped.
nosym_lines() {
    local line
    NOSYM=
    [ -s "$1" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            *': no symbols') NOSYM+="${line#*: }"$'\n' ;;
        esac
    done <"$1"
}

worker() {
    local id w erc arc i n nosym_exp case_file
    local -a batch=()
    local -A exp_rc act_rc stderr_ok
    cd -- "$NMD_FIXTURE_DIR" || exit 2
    # Oracles resolve through the plugin-free copies; linkscope gets the
    # caller's PATH back below.
    [ -n "$NMD_ORACLE_BIN" ] && PATH=$NMD_ORACLE_BIN:$PATH
    for id in "$@"; do
        case_file=$NMD_RUN/cases/$id.case
        local label='' mode='' opts=() files=() nms=()
        # shellcheck disable=SC1090
        . "$case_file"
        w=$NMD_RUN/work/$id
        if [ "$mode" = direct ]; then
            "${nms[0]}" "${opts[@]}" "${files[@]}" >"$w.exp" 2>"$w.experr" </dev/null
            erc=$?
        else
            : >"$w.exp"
            : >"$w.experr"
            erc=0
            n=${#files[@]}
            for ((i = 0; i < n; i++)); do
                "${nms[i]}" "${opts[@]}" "${files[i]}" "$NMD_MISSING" \
                    >>"$w.exp" 2>/dev/null </dev/null
                "${nms[i]}" "${opts[@]}" "${files[i]}" \
                    >/dev/null 2>>"$w.experr" </dev/null || erc=1
            done
        fi
        # The subshell is the fork we need anyway; ulimit -t turns an
        # endless loop in the tool under test into a failure, not a hang,
        # and ulimit -f (2 GiB) keeps a runaway writer from filling the disk.
        (ulimit -t "$NMD_CPU_LIMIT" -f 2097152 2>/dev/null; PATH=$NMD_ORIG_PATH
            exec "$NMD_LINKSCOPE" syms "${opts[@]}" "${files[@]}") \
            >"$w.act" 2>"$w.acterr" </dev/null
        arc=$?
        nosym_lines "$w.experr"
        nosym_exp=$NOSYM
        nosym_lines "$w.acterr"
        if [ "$nosym_exp" = "$NOSYM" ]; then stderr_ok[$id]=1; else stderr_ok[$id]=0; fi
        exp_rc[$id]=$erc
        act_rc[$id]=$arc
        batch+=("$id")
    done
    [ ${#batch[@]} -gt 0 ] || return 0

    # One cksum over the batch: "CRC SIZE PATH" per file, exp before act.
    local files_to_sum=() line crc size path
    local -A sum
    for id in "${batch[@]}"; do
        files_to_sum+=("$NMD_RUN/work/$id.exp" "$NMD_RUN/work/$id.act")
    done
    while IFS=' ' read -r crc size path; do
        sum[$path]="$crc $size"
    done < <(cksum -- "${files_to_sum[@]}")

    local passed=() res diff_file
    for id in "${batch[@]}"; do
        w=$NMD_RUN/work/$id
        res=$NMD_RUN/res/$id
        if [ -n "${sum[$w.exp]-}" ] && [ "${sum[$w.exp]}" = "${sum[$w.act]-x}" ] &&
            [ "${exp_rc[$id]}" = "${act_rc[$id]}" ] && [ "${stderr_ok[$id]}" = 1 ]; then
            echo PASS >"$res"
            passed+=("$w.exp" "$w.act" "$w.experr" "$w.acterr")
            continue
        fi
        diff_file=$NMD_RESULTS/diffs/$id.diff
        {
            if [ "${exp_rc[$id]}" != "${act_rc[$id]}" ]; then
                echo "exit status: nm ${exp_rc[$id]}, linkscope ${act_rc[$id]}"
            fi
            if [ "${stderr_ok[$id]}" != 1 ]; then
                echo "\"no symbols\" diagnostics differ:"
                nosym_lines "$w.experr"
                printf '%s' "$NOSYM" | sed 's/^/  nm:        /'
                nosym_lines "$w.acterr"
                printf '%s' "$NOSYM" | sed 's/^/  linkscope: /'
            fi
            if [ -s "$w.acterr" ]; then
                echo "linkscope stderr (first lines):"
                head -n 5 -- "$w.acterr" | sed 's/^/  /'
            fi
            diff -u --label "nm (expected)" --label "linkscope (actual)" -- "$w.exp" "$w.act"
        } >"$diff_file" 2>&1
        echo FAIL >"$res"
    done
    [ ${#passed[@]} -eq 0 ] || rm -f -- "${passed[@]}"
}

if [ "${1-}" = --worker ]; then
    shift
    worker "$@"
    exit 0
fi

# ---------------------------------------------------------------------------
# Driver mode.

usage() {
    # The header comment is the manual.
    sed -n '2,/^$/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

[ $# -ge 2 ] || usage
linkscope_arg=$1
fixture_arg=$2
shift 2
corpus_n=0
results_arg=
jobs=$(lt_jobs)
only_glob=
extended=0
with_plugins=0
cpu_limit=60
user_opts=()
user_opts_given=0
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) corpus_n=${2:?--corpus needs N}; shift 2 ;;
        --results) results_arg=${2:?}; shift 2 ;;
        --jobs) jobs=${2:?}; shift 2 ;;
        --only) only_glob=${2:?}; shift 2 ;;
        --opts) user_opts+=("${2?}"); user_opts_given=1; shift 2 ;;
        --extended) extended=1; shift ;;
        --with-plugins) with_plugins=1; shift ;;
        --cpu-limit) cpu_limit=${2:?}; shift 2 ;;
        -h|--help) usage ;;
        *) echo "nm-diff.sh: unknown argument: $1" >&2; usage ;;
    esac
done
case "$corpus_n$jobs$cpu_limit" in *[!0-9]*) echo "nm-diff.sh: N, J and S must be numbers" >&2; exit 2 ;; esac
[ "$jobs" -ge 1 ] || jobs=1

# The tool: a path (made absolute, since cases run from FIXTURE_DIR) or a
# command name looked up in PATH.
case "$linkscope_arg" in
    */*)
        [ -x "$linkscope_arg" ] || { echo "nm-diff.sh: $linkscope_arg is not executable" >&2; exit 2; }
        NMD_LINKSCOPE=$(lt_abspath "$linkscope_arg")
        ;;
    *)
        NMD_LINKSCOPE=$(command -v -- "$linkscope_arg") ||
            { echo "nm-diff.sh: $linkscope_arg not found" >&2; exit 2; }
        ;;
esac
[ -f "$fixture_arg/manifest.txt" ] ||
    { echo "nm-diff.sh: $fixture_arg/manifest.txt not found (run tests/fixtures/build.sh first)" >&2; exit 2; }
NMD_FIXTURE_DIR=$(lt_abspath "$fixture_arg")
if [ -n "$results_arg" ]; then
    mkdir -p -- "$results_arg" || exit 2
    NMD_RESULTS=$(lt_abspath "$results_arg")
else
    tool_dir=$(dirname -- "$NMD_LINKSCOPE")
    NMD_RESULTS=$(dirname -- "$NMD_FIXTURE_DIR")/nm-diff-results/${tool_dir##*/}-${NMD_LINKSCOPE##*/}
fi
rm -rf -- "$NMD_RESULTS"
mkdir -p -- "$NMD_RESULTS/diffs" || exit 2
NMD_RUN=$(mktemp -d "${TMPDIR:-/tmp}/nm-diff.XXXXXX") || exit 2
trap 'rm -rf -- "$NMD_RUN"' EXIT
trap 'exit 130' INT TERM    # so the EXIT trap cleans up on signals too
mkdir -p "$NMD_RUN/cases" "$NMD_RUN/work" "$NMD_RUN/res"
# A path that never exists, for the synthesised multi-file oracle.
NMD_MISSING=$NMD_RUN/no-such-file
NMD_CPU_LIMIT=$cpu_limit
NMD_ORIG_PATH=$PATH
NMD_ORACLE_BIN=
[ "$with_plugins" = 1 ] || NMD_ORACLE_BIN=$NMD_RUN/oracle-bin
export NMD_LINKSCOPE NMD_FIXTURE_DIR NMD_RESULTS NMD_RUN NMD_MISSING NMD_CPU_LIMIT
export NMD_ORIG_PATH NMD_ORACLE_BIN

t_start=$SECONDS

# Option matrices.  Each set is split on spaces into separate arguments.
# Beware "-U": in GNU nm 2.40 its getopt entry wrongly takes an argument, so
# "nm -U FILE" eats FILE, reads a.out, fails (status 1, nothing on stdout)
# and "-U X FILE" means --defined-only; --defined-only is the working form.
FIXTURE_SETS=("" "-C" "-u" "--defined-only" "-g" "-A" "-o" "-S" "-n" "-p"
    "-r" "-n -r" "--size-sort" "--size-sort -r" "-P" "-P -A" "-g -C -S")
DYN_SETS=("-D" "-D -C")
EXTENDED_SETS=("-a" "-t d" "-t o" "-t x" "-f sysv" "-j" "--special-syms"
    "--synthetic" "-W" "-s" "--quiet" "-a -n -S" "-f sysv -C" "-B -A -S"
    "-P -t d" "--undefined-only" "-D -u" "-D -n -S")
CORPUS_SETS=("" "-C" "-S -n")
CORPUS_DYN_SETS=("-D")
if [ "$extended" = 1 ]; then
    FIXTURE_SETS+=("${EXTENDED_SETS[@]}")
fi
if [ "$user_opts_given" = 1 ]; then
    FIXTURE_SETS=()
    DYN_SETS=()
    CORPUS_SETS=()
    CORPUS_DYN_SETS=()
    for s in "${user_opts[@]}"; do
        case " $s " in
            *" -D "*|*" --dynamic "*) DYN_SETS+=("$s"); CORPUS_DYN_SETS+=("$s") ;;
            *) FIXTURE_SETS+=("$s"); CORPUS_SETS+=("$s") ;;
        esac
    done
fi

# add_case LABEL MODE "OPTSET" then arrays CASE_FILES and CASE_NMS.
ncases=0
add_case() {
    local label=$1 mode=$2 optset=$3 q_opts='' q_files q_nms id
    local -a o=()
    [ -n "$optset" ] && read -r -a o <<<"$optset"
    ncases=$((ncases + 1))
    printf -v id '%06d' "$ncases"
    [ ${#o[@]} -gt 0 ] && printf -v q_opts '%q ' "${o[@]}"
    printf -v q_files '%q ' "${CASE_FILES[@]}"
    printf -v q_nms '%q ' "${CASE_NMS[@]}"
    printf 'label=%q\nmode=%q\nopts=(%s)\nfiles=(%s)\nnms=(%s)\n' \
        "$label [$optset]" "$mode" "$q_opts" "$q_files" "$q_nms" >"$NMD_RUN/cases/$id.case"
    printf '%s\n' "$id" >>"$NMD_RUN/ids"
}

# Output lines that are not cases (fixtures not built, oracles missing) are
# queued so everything prints in one deterministic stream.
: >"$NMD_RUN/ids"
: >"$NMD_RUN/skips"
skip_line() {
    printf 'SKIP: nm-diff %s (%s)\n' "$1" "$2" >>"$NMD_RUN/skips"
}
fail_line() {
    printf 'FAIL: nm-diff %s\n    %s\n' "$1" "$2" >>"$NMD_RUN/skips"
}

# Fixtures: read the manifest ("<path> <nm>", path may contain spaces) and
# classify every file in one helper run (kinds decide whether -D applies).
fx_paths=()
fx_nms=()
while IFS= read -r line || [ -n "$line" ]; do
    [ -n "$line" ] || continue
    p=${line% *}
    # shellcheck disable=SC2053  # --only is a glob on purpose
    [ -n "$only_glob" ] && [[ $p != $only_glob ]] && continue
    fx_paths+=("$p")
    fx_nms+=("${line##* }")
done <"$NMD_FIXTURE_DIR/manifest.txt"

declare -A kind_of=()
classify() {   # classify FILE... -> fills kind_of[path]
    local nm kind path
    [ $# -gt 0 ] || return 0
    while IFS=$'\t' read -r nm kind path; do
        kind_of[$path]=$kind
    done < <(printf '%s\0' "$@" | (cd -- "$NMD_FIXTURE_DIR" && xargs -0 -P "$jobs" -n 40 "$ELF_MACHINE" --table))
}
classify "${fx_paths[@]}"

# oracle_ok NM LABEL [skip] -> false if NM is absent: a FAIL for a fixture
# (install-deps.sh installs every fixture's nm), a SKIP with "skip" (a
# system file of an architecture the project installs no binutils for).
oracle_ok() {
    lt_have "$1" && return 0
    if [ "${3:-}" = skip ]; then
        skip_line "$2" "$1 not found"
    else
        fail_line "$2" "oracle $1 not found (scripts/install-deps.sh installs it)"
    fi
    return 1
}

for idx in "${!fx_paths[@]}"; do
    p=${fx_paths[idx]}
    nm=${fx_nms[idx]}
    oracle_ok "$nm" "$p" || continue
    CASE_FILES=("$p")
    CASE_NMS=("$nm")
    for s in "${FIXTURE_SETS[@]}"; do
        add_case "$p" direct "$s"
    done
    case "${kind_of[$p]-}" in
        dyn|exec)
            for s in "${DYN_SETS[@]}"; do
                add_case "$p" direct "$s"
            done
            ;;
    esac
done

# Multi-file invocations: the per-file headers ("\nFILE:\n"), archive member
# headers and -A/-o prefixes only show up with several files.  Each group
# lists candidate fixtures; the ones that exist are used.
manifest_nm() {   # manifest_nm PATH -> NM of a fixture, false if absent
    local i
    for i in "${!fx_paths[@]}"; do
        [ "${fx_paths[i]}" = "$1" ] && { NM=${fx_nms[i]}; return 0; }
    done
    return 1
}
add_multi() {   # add_multi NAME OPTSET... -- FILE...
    local name=$1 sets=() f mode=direct
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do sets+=("$1"); shift; done
    shift
    CASE_FILES=()
    CASE_NMS=()
    for f in "$@"; do
        manifest_nm "$f" || continue
        lt_have "$NM" || continue
        CASE_FILES+=("$f")
        CASE_NMS+=("$NM")
        [ "$NM" = "${CASE_NMS[0]}" ] || mode=synth
    done
    if [ ${#CASE_FILES[@]} -lt 2 ]; then
        skip_line "$name" "fewer than two of its fixtures were built"
        return 0
    fi
    local label
    printf -v label '%s+' "${CASE_FILES[@]}"
    label=${label%+}
    for s in "${sets[@]}"; do
        add_case "$label" "$mode" "$s"
    done
}
if [ -z "$only_glob" ]; then
    multi_sets=("" "-A" "-o" "-P" "-S -n" "-C -g")
    [ "$user_opts_given" = 1 ] && multi_sets=("${FIXTURE_SETS[@]}")
    add_multi multi-x86_64 "${multi_sets[@]}" -- \
        x86_64-gcc/libfixture.a x86_64-gcc/hello.o "x86_64-gcc/name with spaces.o" \
        x86_64-gcc/libthin.a x86_64-gcc/libdup.a x86_64-gcc/libempty.a
    add_multi multi-mixed-arch "${multi_sets[@]}" -- \
        x86_64-gcc/hello.o aarch64/libfixture.a mips/mips.o ppc64le/ppc64le.o \
        riscv64/statics.o s390x/s390x.elf armhf/hello i686/i686.o
    dyn_multi_sets=("-D")
    [ "$user_opts_given" = 1 ] && dyn_multi_sets=("${DYN_SETS[@]}")
    [ ${#dyn_multi_sets[@]} -gt 0 ] && add_multi multi-dynamic "${dyn_multi_sets[@]}" -- \
        x86_64-gcc/libfixture.so x86_64-gcc/versioned_user aarch64/libversioned.so \
        x86_64-gcc/libfixture-stripped.so
fi

# Fixtures build.sh could not make: each is a failure (not tested).
if [ -f "$NMD_FIXTURE_DIR/skipped.txt" ] && [ -z "$only_glob" ]; then
    while IFS=' ' read -r name reason; do
        [ -n "$name" ] && fail_line "$name" "not built: $reason"
    done <"$NMD_FIXTURE_DIR/skipped.txt"
fi

# Corpus: real libraries from the system, spread deterministically.
if [ "$corpus_n" -gt 0 ]; then
    roots=()
    declare -A seen_root=()
    for r in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib/gcc \
        /usr/lib/go /usr/lib/go-[0-9]* /usr/lib/gcc-cross /usr/aarch64-linux-gnu/lib \
        /usr/riscv64-linux-gnu/lib /usr/arm-linux-gnueabihf/lib; do
        [ -d "$r" ] || continue
        # /lib is a symlink to /usr/lib on merged-/usr systems: one walk each.
        real=$(cd -P -- "$r" && pwd -P) || continue
        [ -n "${seen_root[$real]-}" ] && continue
        seen_root[$real]=1
        roots+=("$real")
    done
    # find -P never follows symlinks, so libfoo.so -> libfoo.so.1 links are
    # not walked twice; hard links are folded by device:inode.
    candidates=()
    declare -A seen_inode=()
    if [ ${#roots[@]} -gt 0 ]; then
        while IFS=$'\t' read -r -d '' ino size path; do
            [ "$size" -le $((200 * 1024 * 1024)) ] || continue
            [ -n "${seen_inode[$ino]-}" ] && continue
            seen_inode[$ino]=1
            # shellcheck disable=SC2053
            [ -n "$only_glob" ] && [[ $path != $only_glob ]] && continue
            magic=
            IFS= read -r -N 7 magic <"$path" 2>/dev/null || true
            case "$magic" in
                '!<arch>'|$'\x7fELF'*) candidates+=("$path") ;;
            esac
        done < <(find -P "${roots[@]}" -type f \( -name '*.so' -o -name '*.so.*' -o -name '*.a' \) \
            -printf '%D:%i\t%s\t%p\0' 2>/dev/null | sort -z -t $'\t' -k3)
    fi
    total=${#candidates[@]}
    picked=()
    if [ "$total" -gt 0 ]; then
        step=$((total / corpus_n))
        [ "$step" -ge 1 ] || step=1
        for ((i = step / 2; i < total && ${#picked[@]} < corpus_n; i += step)); do
            picked+=("${candidates[i]}")
        done
    fi
    # Classify the picks (nm program and kind) in one helper run.
    declare -A corpus_nm=()
    if [ ${#picked[@]} -gt 0 ]; then
        while IFS=$'\t' read -r nm kind path; do
            corpus_nm[$path]=$nm
            kind_of[$path]=$kind
        done < <(printf '%s\0' "${picked[@]}" | xargs -0 -P "$jobs" -n 20 "$ELF_MACHINE" --table)
    fi
    lt_note "nm-diff: corpus: ${#picked[@]} of $total candidate files"
    for p in "${picked[@]}"; do
        nm=${corpus_nm[$p]-"-"}
        [ "$nm" != - ] || continue       # no ELF member to decide by
        oracle_ok "$nm" "$p" skip || continue
        CASE_FILES=("$p")
        CASE_NMS=("$nm")
        for s in "${CORPUS_SETS[@]}"; do
            add_case "$p" direct "$s"
        done
        case "${kind_of[$p]-}" in
            dyn|exec)
                for s in "${CORPUS_DYN_SETS[@]}"; do
                    add_case "$p" direct "$s"
                done
                ;;
        esac
    done
fi

# Plugin-free oracle copies (see the header) of every nm the cases use.
if [ -n "$NMD_ORACLE_BIN" ]; then
    mkdir -p -- "$NMD_ORACLE_BIN"
    declare -A copied=()
    while IFS= read -r id; do
        nms=()
        # shellcheck disable=SC1090
        . "$NMD_RUN/cases/$id.case"
        for nm in "${nms[@]}"; do
            [ -n "${copied[$nm]-}" ] && continue
            copied[$nm]=1
            if ! { src=$(command -v -- "$nm") && cp -- "$src" "$NMD_ORACLE_BIN/$nm"; }; then
                lt_note "nm-diff: could not copy $nm; using it with plugins"
            fi
        done
    done <"$NMD_RUN/ids"
fi

lt_note "nm-diff: $ncases cases, $jobs jobs"

# Run.  Small batches keep both workers busy to the end even when one case
# (a big corpus library) is slow; ids are in order so batches stay local.
if [ "$ncases" -gt 0 ]; then
    batch_size=$(( ncases / (jobs * 8) ))
    [ "$batch_size" -ge 1 ] || batch_size=1
    [ "$batch_size" -le 40 ] || batch_size=40
    xargs -P "$jobs" -n "$batch_size" "$BASH" "${BASH_SOURCE[0]}" --worker <"$NMD_RUN/ids"
fi

# Report in case order: build the log, then print it (no counters in a
# pipeline subshell; the summary counts the log itself).
log=$NMD_RESULTS/nm-diff.log
while IFS= read -r id; do
    label=
    # shellcheck disable=SC1090
    . "$NMD_RUN/cases/$id.case"
    res=
    [ -f "$NMD_RUN/res/$id" ] && IFS= read -r res <"$NMD_RUN/res/$id"
    if [ "$res" = PASS ]; then
        printf 'PASS: nm-diff %s\n' "$label"
    else
        printf 'FAIL: nm-diff %s\n' "$label"
        diff_file=$NMD_RESULTS/diffs/$id.diff
        if [ -f "$diff_file" ]; then
            n=0
            while IFS= read -r dl && [ "$n" -lt 20 ]; do
                printf '    %s\n' "$dl"
                n=$((n + 1))
            done <"$diff_file"
            printf '    (full diff: %s)\n' "$diff_file"
        else
            printf '    no result recorded (worker crashed or was killed)\n'
        fi
    fi
done <"$NMD_RUN/ids" >"$log"
cat -- "$NMD_RUN/skips" >>"$log"
read -r passed failed skipped < <(lt_count_results "$log")
lt_summary_line nm-diff "$passed" "$failed" "$skipped" >>"$log"
cat -- "$log"
lt_note "nm-diff: $((SECONDS - t_start))s; diffs and log in $NMD_RESULTS"
[ "$failed" -eq 0 ]
