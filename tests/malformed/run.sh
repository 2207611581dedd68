#!/usr/bin/env bash
# run.sh - malformed-input suite for `linkscope syms`, `linkscope check`,
# `linkscope deps` and `linkscope link`.
#
# Usage: tests/malformed/run.sh LINKSCOPE OUTDIR [check|deps|link]
#
# With "check" as third argument the same cases go through
#   LINKSCOPE check OUTDIR/FILE GOODFILE
# instead (the case's syms options do not apply), with the same
# requirements; GOODFILE's report heading "GOODFILE: ..." is its marker.
#
# With "deps" they go through
#   LINKSCOPE deps -r --interposition --json OUTDIR/FILE OUTDIR/good/good.so
# (the loader simulation, version check, binding and interposition, on the
# host's libraries).  The loader reads program headers and the dynamic
# section, not symbol tables or section contents, so a case may load:
# the exit status may be 0, 1 (a library, version or symbol missing) or
# 2.  With 2 the stderr rules are those above, except that no "(MEMBER)"
# is expected (deps reads an archive as a file that is not ELF) and a file
# that does not start with the ELF magic may be reported without an
# offset (the loader's own "invalid ELF header", "file too short"); with
# 0 or 1 stderr must be empty (JSON mode reports everything on stdout).
# good.so's element of the JSON "files" array ("path":"GOODFILE") is the
# marker.  Valid controls that are not ELF files (the archives) are
# skipped; the others must exit 0 with an empty stderr.
#
# With "link" each case is an input of a dry static link (GOOD is
# OUTDIR/good/link-main.o, which references a symbol of each member of the
# lib.a-derived archives, so their members are loaded):
#   LINKSCOPE link --json -- ld -shared -o /dev/null GOOD FILE
# and, when FILE is an archive (name *.a or ar magic), found by a search:
#   LINKSCOPE link --json -- ld -shared -o /dev/null GOOD -L DIR -l:NAME
# (DIR/NAME is FILE, so the path in messages is the same), and, when FILE
# starts with the ELF magic, with lld's rules, where the first input
# decides the target (GNU ld's default emulation would refuse a
# big-endian MIPS case unread, as "file in wrong format"):
#   LINKSCOPE link --json -- ld.lld -shared -o /dev/null FILE GOOD
# A link may tolerate a corrupt file (a member it never loads, a file ld
# itself calls "file format not recognized"), so the status may be 0, 1
# or 2; with 2, stderr is exactly one line
#   linkscope link: FILE[(MEMBER)]: <what is wrong> at offset 0x<hex>
# and with 0 or 1 stderr is empty and GOOD appears in the JSON on stdout.
# A case whose MEMBER column is not "-" is a member the link loads: only
# 2, naming FILE(MEMBER), is right.  Valid controls must exit 0 (one of
# another machine alone, with lld's rules: ld.lld -shared -o /dev/null
# FILE).  Then the rows of OUTDIR/link.tsv (gen.py's link_cases): linker
# scripts found by -lNAME in OUTDIR/link after GOOD, and response files
# passed as @FILE from inside OUTDIR/link; each row lists the statuses
# allowed ("2", "1|2"); with 2 the one stderr line starts
# "linkscope link: " (for a script: "linkscope link: OUTDIR/link/FILE: ...
# at offset 0x<hex>"), with 1 stderr is empty and the JSON verdict is
# "fail".  Timeouts, sanitizer reports and the RSS limit apply to all.
#
# LINKSCOPE is the binary under test (meant to be an ASan+UBSan build).
# OUTDIR holds the cases written by gen.py; if it has no expect.tsv yet,
# gen.py is run first to fill it.
#
# For each line "FILE MEMBER DESCRIPTION OPTIONS" of OUTDIR/expect.tsv it
# runs   LINKSCOPE syms [OPTIONS] OUTDIR/FILE GOODFILE
# where GOODFILE is OUTDIR/good/good.so for -D cases (nm -D needs dynamic
# symbols) and OUTDIR/good/good.o otherwise, and requires:
#   - exit status exactly 2 (within 10 s);
#   - exactly one line on stderr, of the form
#       linkscope: OUTDIR/FILE[(MEMBER)]: <what is wrong> at offset 0x<hex>
#     with the path exactly as passed, and "(MEMBER)" present when the
#     MEMBER column is not "-";
#   - no sanitizer report (AddressSanitizer, UndefinedBehaviorSanitizer,
#     LeakSanitizer, "runtime error");
#   - GOODFILE still processed: good_symbol_marker appears on stdout;
#   - peak RSS <= 200 MB when /usr/bin/time is usable (ASan reserves a
#     huge virtual shadow, so `ulimit -v` cannot be used; RSS can).
# Each valid control in OUTDIR/valid.tsv must instead exit 0 with an empty
# stderr, so a reader that rejects everything cannot pass.
#
# Output follows tests/lib/common.sh: PASS:/FAIL: lines named
# malformed-<file> (controls: malformed-valid-<file>), failure details
# indented, then "malformed: N passed, N failed".  Exit status 0 iff no
# case failed.  LT_JOBS sets the number of cases run in parallel.

set -u

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
if [ -f "$here/../lib/common.sh" ]; then
    . "$here/../lib/common.sh"
else
    # Minimal stand-ins with the same output format.
    LT_PASSED=0 LT_FAILED=0
    lt_pass() { printf 'PASS: %s\n' "$1"; LT_PASSED=$((LT_PASSED + 1)); }
    lt_fail() {
        local name=$1; shift
        printf 'FAIL: %s\n' "$name"
        [ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/    /'
        LT_FAILED=$((LT_FAILED + 1))
    }
    lt_summary() { printf '%s: %d passed, %d failed\n' "$1" "$LT_PASSED" "$LT_FAILED"; }
    lt_jobs() { echo "${LT_JOBS:-$(nproc 2>/dev/null || echo 2)}"; }
fi

if [ $# -lt 2 ] || [ $# -gt 3 ] ||
    { [ $# -eq 3 ] && [ "$3" != check ] && [ "$3" != deps ] && [ "$3" != link ]; }; then
    echo "usage: $0 LINKSCOPE OUTDIR [check|deps|link]" >&2
    exit 2
fi
linkscope=$1
outdir=${2%/}
mode=${3:-syms}

if [ ! -x "$linkscope" ]; then
    echo "run.sh: $linkscope is not an executable" >&2
    exit 2
fi
if [ ! -f "$outdir/expect.tsv" ] ||
    { [ "$mode" = link ] && [ ! -f "$outdir/link.tsv" ]; }; then
    python3 "$here/gen.py" "$outdir" >&2 || { echo "run.sh: gen.py failed" >&2; exit 2; }
fi
# The link mode runs response-file cases from inside OUTDIR/link.
linkscope_abs=$(cd -- "$(dirname -- "$linkscope")" && pwd)/$(basename -- "$linkscope")

TIMEOUT=10          # seconds per run
MAX_RSS_KB=204800   # 200 MB: the inputs are a few KB

# Sanitizers: report leaks, and turn every finding into a hard failure.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ulimit -c 0 2>/dev/null     # abort_on_error must not litter core files

# /usr/bin/time gives the peak RSS of the whole command (wait4 folds in
# the children timeout waited for); skip the check if it is missing/broken.
use_time=0
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
    use_time=1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/linkscope-malformed.XXXXXX") || exit 2
trap 'rm -rf -- "$work"' EXIT

# check_one ID KIND FILE MEMBER OPTS
#   KIND is "bad" (expect.tsv) or "valid" (valid.tsv).  Writes "PASS" or
#   "FAIL" plus one reason per line to $work/ID.res; nothing else.
check_one() {
    local id=$1 kind=$2 file=$3 member=$4 opts=$5
    local out=$work/$id.out err=$work/$id.err tm=$work/$id.time
    local good=$outdir/good/good.o
    local -a optv=() reasons=() wrap=()
    [ "$opts" != "-" ] && read -r -a optv <<< "$opts"
    case " $opts " in *" -D "*|*" --dynamic "*) good=$outdir/good/good.so ;; esac
    [ "$use_time" = 1 ] && wrap=(/usr/bin/time -f %M -o "$tm")

    local marker=good_symbol_marker
    local elf=1
    if [ "$mode" = check ]; then
        optv=()
        marker="$good: "
    elif [ "$mode" = deps ]; then
        optv=(-r --interposition --json)
        good=$outdir/good/good.so
        marker="\"path\":\"$good\""
        is_elf "$file" || elf=0
    fi
    ${wrap[@]+"${wrap[@]}"} timeout -k 2 "$TIMEOUT" "$linkscope" "$mode" ${optv[@]+"${optv[@]}"} \
        "$file" "$good" >"$out" 2>"$err" </dev/null
    local rc=$?

    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        reasons+=("timed out after ${TIMEOUT}s (exit $rc)")
    elif [ "$kind" = bad ] && [ "$mode" = deps ] && [ "$rc" -gt 2 ]; then
        reasons+=("exit status $rc, expected 0, 1 or 2")
    elif [ "$kind" = bad ] && [ "$mode" != deps ] && [ "$rc" -ne 2 ]; then
        reasons+=("exit status $rc, expected 2")
    elif [ "$kind" = valid ] && [ "$rc" -ne 0 ]; then
        reasons+=("exit status $rc, expected 0 (valid file)")
    fi

    # Bash builtins only from here on: forks cost ~20 ms each on small
    # machines, and there are a couple of hundred cases.
    local -a errl outl tml
    local line
    mapfile -t errl < "$err"
    mapfile -t outl < "$out"

    for line in "${errl[@]}"; do
        if [[ $line =~ AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime\ error ]]; then
            reasons+=("sanitizer report on stderr")
            break
        fi
    done

    if [ "$kind" = valid ]; then
        [ ${#errl[@]} -ne 0 ] && reasons+=("stderr not empty for a valid file")
    elif [ "$mode" = deps ] && [ "$rc" -ne 2 ]; then
        [ ${#errl[@]} -ne 0 ] && reasons+=("stderr not empty with exit status $rc")
    elif [ ${#errl[@]} -ne 1 ]; then
        reasons+=("expected exactly one line on stderr, got ${#errl[@]}")
    fi
    if [ "$kind" = bad ] && [ "$mode" = deps ]; then
        if [ "$rc" -eq 2 ] && ! deps_message_ok "$file" "$elf" "${errl[@]}"; then
            if [ "$elf" = 1 ]; then
                reasons+=("no stderr line 'linkscope: $file: ... at offset 0x<hex>'")
            else
                reasons+=("no stderr line 'linkscope: $file: ...'")
            fi
        fi
    elif [ "$kind" = bad ] && ! message_ok "$file" "$member" "${errl[@]}"; then
        if [ "$member" = "-" ]; then
            reasons+=("no stderr line 'linkscope: $file[(member)]: ... at offset 0x<hex>'")
        else
            reasons+=("no stderr line 'linkscope: $file($member): ... at offset 0x<hex>'")
        fi
    fi

    local seen=0
    for line in "${outl[@]}"; do
        [[ $line == *"$marker"* ]] && { seen=1; break; }
    done
    [ "$seen" = 1 ] || reasons+=("$good was not processed ('$marker' missing from stdout)")

    if [ "$use_time" = 1 ] && [ -s "$tm" ]; then
        # GNU time may put "Command exited with non-zero status N" first.
        mapfile -t tml < "$tm"
        local rss=${tml[${#tml[@]}-1]}
        if [[ $rss =~ ^[0-9]+$ ]] && [ "$rss" -gt "$MAX_RSS_KB" ]; then
            reasons+=("peak RSS ${rss} KB > ${MAX_RSS_KB} KB")
        fi
    fi

    {
        if [ ${#reasons[@]} -eq 0 ]; then
            echo PASS
        else
            echo FAIL
            printf '%s\n' "${reasons[@]}"
            if [ ${#errl[@]} -gt 0 ]; then
                echo "stderr (first 5 lines):"
                for line in "${errl[@]:0:5}"; do
                    printf '  %s\n' "${line:0:300}"
                done
            fi
        fi
    } > "$work/$id.res"
}

# check_link ID KIND FILE MEMBER FORM ALLOWED
#   The link mode's check_one.  KIND: bad (expect.tsv), valid (valid.tsv)
#   or link (link.tsv).  FORM: path, lib (-L DIR -l:NAME), lld (ld.lld,
#   FILE first), lld-alone (ld.lld, FILE only), script (-L OUTDIR/link
#   -lNAME) or rsp (@FILE from inside OUTDIR/link).  ALLOWED: the exit
#   statuses allowed, "0|1|2" style.  Same result file as check_one.
check_link() {
    local id=$1 kind=$2 file=$3 member=$4 form=$5 allowed=$6
    local out=$work/$id.out err=$work/$id.err tm=$work/$id.time
    local good=$outdir/good/link-main.o
    local -a argv=() reasons=() wrap=()
    local shown=$file marker=
    [ "$use_time" = 1 ] && wrap=(/usr/bin/time -f %M -o "$tm")
    case $form in
    path) argv=(ld -shared -o /dev/null "$good" "$file") ;;
    lib) argv=(ld -shared -o /dev/null "$good" -L "${file%/*}" "-l:${file##*/}") ;;
    lld) argv=(ld.lld -shared -o /dev/null "$file" "$good") ;;
    lld-alone) argv=(ld.lld -shared -o /dev/null "$file"); good=$file ;;
    script)
        local base=${file##*/}
        base=${base#lib}
        argv=(ld -shared -o /dev/null "$good" -L "$outdir/link" "-l${base%.so}")
        # The script as the -l search found it.
        shown="$outdir/link/${file##*/}" ;;
    rsp) argv=(ld "@${file##*/}"); good= ;;
    esac
    [ -n "$good" ] && marker="\"$good\""
    if [ "$form" = rsp ]; then
        (cd -- "$outdir/link" &&
            exec ${wrap[@]+"${wrap[@]}"} timeout -k 2 "$TIMEOUT" "$linkscope_abs" link --json -- \
                "${argv[@]}" >"$out" 2>"$err" </dev/null)
    else
        ${wrap[@]+"${wrap[@]}"} timeout -k 2 "$TIMEOUT" "$linkscope" link --json -- \
            "${argv[@]}" >"$out" 2>"$err" </dev/null
    fi
    local rc=$?

    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        reasons+=("timed out after ${TIMEOUT}s (exit $rc)")
    elif [[ "|$allowed|" != *"|$rc|"* ]]; then
        reasons+=("exit status $rc, expected ${allowed//|/ or }")
    fi

    local -a errl outl tml
    local line
    mapfile -t errl < "$err"
    mapfile -t outl < "$out"
    for line in "${errl[@]}"; do
        if [[ $line =~ AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime\ error ]]; then
            reasons+=("sanitizer report on stderr")
            break
        fi
    done

    if [ "$rc" -eq 2 ]; then
        if [ ${#errl[@]} -ne 1 ]; then
            reasons+=("expected exactly one line on stderr, got ${#errl[@]}")
        elif [ "$kind" = link ] && [ "$form" = script ]; then
            link_message_ok "$shown" - "${errl[0]}" ||
                reasons+=("no stderr line 'linkscope link: $shown: ... at offset 0x<hex>'")
        elif [ "$kind" = link ]; then
            [[ ${errl[0]} =~ ^linkscope\ link:\ .+ ]] ||
                reasons+=("no stderr line 'linkscope link: ...'")
        elif ! link_message_ok "$shown" "$member" "${errl[0]}"; then
            if [ "$member" = "-" ]; then
                reasons+=("no stderr line 'linkscope link: ${shown}[(member)]: ... at offset 0x<hex>'")
            else
                reasons+=("no stderr line 'linkscope link: $shown($member): ... at offset 0x<hex>'")
            fi
        fi
    elif [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
        # 0: GOOD is among the JSON's inputs.  1: the verdict is "fail"
        # and the JSON names the case (a reason, an incompatible input):
        # the link stopped on it for a reason it states.
        [ ${#errl[@]} -ne 0 ] && reasons+=("stderr not empty with exit status $rc")
        local want=$marker verdict=0 seen=0
        [ "$rc" -eq 1 ] && want="\"$shown"
        [ "$form" = rsp ] && want=
        for line in "${outl[@]}"; do
            [[ $line == *"\"verdict\": \"fail\""* ]] && verdict=1
            [ -n "$want" ] && [[ $line == *"$want"* ]] && seen=1
        done
        [ -z "$want" ] && seen=1
        [ "$seen" = 1 ] || reasons+=("'$want' missing from the JSON on stdout (exit status $rc)")
        if [ "$rc" -eq 1 ] && [ "$verdict" = 0 ]; then
            reasons+=("exit status 1 without '\"verdict\": \"fail\"' on stdout")
        fi
        if [ "$rc" -eq 0 ] && [ "$verdict" = 1 ]; then
            reasons+=("exit status 0 with '\"verdict\": \"fail\"' on stdout")
        fi
    fi

    if [ "$use_time" = 1 ] && [ -s "$tm" ]; then
        mapfile -t tml < "$tm"
        local rss=${tml[${#tml[@]}-1]}
        if [[ $rss =~ ^[0-9]+$ ]] && [ "$rss" -gt "$MAX_RSS_KB" ]; then
            reasons+=("peak RSS ${rss} KB > ${MAX_RSS_KB} KB")
        fi
    fi

    {
        if [ ${#reasons[@]} -eq 0 ]; then
            echo PASS
        else
            echo FAIL
            printf '%s\n' "${reasons[@]}"
            printf 'command: linkscope link --json -- %s\n' "${argv[*]}"
            if [ ${#errl[@]} -gt 0 ]; then
                echo "stderr (first 5 lines):"
                for line in "${errl[@]:0:5}"; do
                    printf '  %s\n' "${line:0:300}"
                done
            fi
        fi
    } > "$work/$id.res"
}

# link_message_ok FILE MEMBER LINE - LINE is
#   linkscope link: FILE(MEMBER)?: <text> at offset 0x<hex>
# (message_ok's rules with the "link" prefix).
link_message_ok() {
    local file=$1 member=$2 line=$3 rest
    local tail_re='^: .+ at offset 0x[0-9a-f]+$'
    local any_re='^(\(.+\))?: .+ at offset 0x[0-9a-f]+$'
    [[ $line == "linkscope link: $file"* ]] || return 1
    rest=${line#"linkscope link: $file"}
    if [ "$member" = "-" ]; then
        [[ $rest =~ $any_re ]]
    elif [[ $rest == "($member)"* ]]; then
        rest=${rest#"($member)"}
        [[ $rest =~ $tail_re ]]
    else
        return 1
    fi
}

# message_ok FILE MEMBER LINE... - some LINE is
#   linkscope: FILE(MEMBER)?: <text> at offset 0x<hex>
# FILE (and MEMBER) are compared literally, since paths may hold regex
# metacharacters; MEMBER "-" means the "(member)" part is optional.
message_ok() {
    local file=$1 member=$2 line rest
    local tail_re='^: .+ at offset 0x[0-9a-f]+$'
    local any_re='^(\(.+\))?: .+ at offset 0x[0-9a-f]+$'
    shift 2
    for line in "$@"; do
        [[ $line == "linkscope: $file"* ]] || continue
        rest=${line#"linkscope: $file"}
        if [ "$member" = "-" ]; then
            [[ $rest =~ $any_re ]] && return 0
        elif [[ $rest == "($member)"* ]]; then
            rest=${rest#"($member)"}
            [[ $rest =~ $tail_re ]] && return 0
        fi
    done
    return 1
}

# deps_message_ok FILE ELF LINE... - some LINE is
#   linkscope: FILE: <text> at offset 0x<hex>
# or, when ELF is 0 (FILE lacks the ELF magic), linkscope: FILE: <text>.
deps_message_ok() {
    local file=$1 elf=$2 line rest
    local off_re='^: .+ at offset 0x[0-9a-f]+$' any_re='^: .+$'
    shift 2
    for line in "$@"; do
        [[ $line == "linkscope: $file"* ]] || continue
        rest=${line#"linkscope: $file"}
        if [ "$elf" = 1 ]; then
            [[ $rest =~ $off_re ]] && return 0
        else
            [[ $rest =~ $any_re ]] && return 0
        fi
    done
    return 1
}

# is_elf FILE - FILE starts with the ELF magic (builtins only).
is_elf() {
    local magic=
    LC_ALL=C IFS= read -r -d '' -n 4 magic < "$1" 2>/dev/null
    [ "$magic" = $'\177ELF' ]
}

# is_archive FILE - FILE starts with an ar magic (builtins only).
is_archive() {
    local magic=
    LC_ALL=C IFS= read -r -d '' -n 8 magic < "$1" 2>/dev/null
    [ "$magic" = $'!<arch>\n' ] || [ "$magic" = $'!<thin>\n' ]
}

# Collect the cases: malformed ones, then valid controls.
ids=() names=() kinds=() files=() members=() optss=() forms=() alloweds=()
n=0

# add_link NAME KIND FILE MEMBER FORM ALLOWED - one run of the link mode.
add_link() {
    ids+=("$n"); names+=("$1"); kinds+=("$2"); files+=("$3"); members+=("$4")
    forms+=("$5"); alloweds+=("$6"); optss+=(-)
    n=$((n + 1))
}

if [ "$mode" = link ]; then
    while IFS=$'\t' read -r file member desc opts; do
        [ -z "$file" ] && continue
        case $file in \#*) continue ;; esac
        f=$outdir/$file member=${member:--}
        # A member the link loads must be reported, not tolerated.
        allowed="0|1|2"
        [ "$member" != "-" ] && allowed=2
        add_link "malformed-link-$file" bad "$f" "$member" path "$allowed"
        if [[ $file == *.a ]] || is_archive "$f"; then
            add_link "malformed-link-l-$file" bad "$f" "$member" lib "$allowed"
        fi
        if is_elf "$f"; then
            add_link "malformed-link-lld-$file" bad "$f" "$member" lld "$allowed"
        fi
    done < "$outdir/expect.tsv"
    if [ -f "$outdir/valid.tsv" ]; then
        while IFS=$'\t' read -r file opts desc; do
            [ -z "$file" ] && continue
            case $file in \#*) continue ;; esac
            f=$outdir/valid/$file
            if is_archive "$f"; then
                add_link "malformed-link-valid-$file" valid "$f" - path 0
                add_link "malformed-link-l-valid-$file" valid "$f" - lib 0
            elif [ "$(od -An -tx1 -j18 -N2 -- "$f" | tr -d ' ')" = 3e00 ]; then
                add_link "malformed-link-valid-$file" valid "$f" - path 0
            else
                # Another machine: alone, with the target it sets.
                add_link "malformed-link-lld-valid-$file" valid "$f" - lld-alone 0
            fi
        done < "$outdir/valid.tsv"
    fi
    while IFS=$'\t' read -r file how allowed desc; do
        [ -z "$file" ] && continue
        case $file in \#*) continue ;; esac
        add_link "malformed-link-$how-$file" link "$outdir/link/$file" - "$how" "$allowed"
    done < "$outdir/link.tsv"
fi

while [ "$mode" != link ] && IFS=$'\t' read -r file member desc opts; do
    [ -z "$file" ] && continue
    case $file in \#*) continue ;; esac
    # check never reads an archive's symbol index (syms -s does).
    [ "$mode" = check ] && [[ " $opts " == *" -s "* ]] && continue
    ids+=("$n"); names+=("malformed-$mode-$file"); kinds+=(bad)
    files+=("$outdir/$file"); members+=("${member:--}"); optss+=("${opts:--}")
    n=$((n + 1))
done < "$outdir/expect.tsv"
if [ "$mode" != link ] && [ -f "$outdir/valid.tsv" ]; then
    while IFS=$'\t' read -r file opts desc; do
        [ -z "$file" ] && continue
        case $file in \#*) continue ;; esac
        # deps takes ELF files only: a valid archive is not a valid input.
        [ "$mode" = deps ] && ! is_elf "$outdir/valid/$file" && continue
        ids+=("$n"); names+=("malformed-$mode-valid-$file"); kinds+=(valid)
        files+=("$outdir/valid/$file"); members+=("-"); optss+=("${opts:--}")
        n=$((n + 1))
    done < "$outdir/valid.tsv"
fi
if [ "$n" -eq 0 ]; then
    echo "run.sh: no cases in $outdir/expect.tsv" >&2
    exit 2
fi

# Run them in parallel (each writes only its own files), then report in
# order from this shell so the common.sh counters add up.
jobs_max=$(lt_jobs)
[ "$jobs_max" -ge 1 ] 2>/dev/null || jobs_max=1
running=0
for i in "${ids[@]}"; do
    if [ "$running" -ge "$jobs_max" ]; then
        wait -n             # one finished (its status is in its .res file)
        running=$((running - 1))
    fi
    if [ "$mode" = link ]; then
        check_link "$i" "${kinds[$i]}" "${files[$i]}" "${members[$i]}" "${forms[$i]}" \
            "${alloweds[$i]}" &
    else
        check_one "$i" "${kinds[$i]}" "${files[$i]}" "${members[$i]}" "${optss[$i]}" &
    fi
    running=$((running + 1))
done
wait

for i in "${ids[@]}"; do
    res=$work/$i.res
    if [ ! -f "$res" ]; then
        lt_fail "${names[$i]}" "the check itself did not finish"
    elif [ "$(head -n 1 "$res")" = PASS ]; then
        lt_pass "${names[$i]}"
    else
        mapfile -t details < <(tail -n +2 "$res")
        lt_fail "${names[$i]}" ${details[@]+"${details[@]}"}
    fi
done
lt_summary malformed
[ "$LT_FAILED" -eq 0 ]
