#!/usr/bin/env bash
# check-many.sh LINKSCOPE [WORKDIR] - "linkscope check" over many files:
# --failures-only, --table, the closing summary (text) and the "summary"
# object (JSON), the progress line (only on a terminal), -r skipping
# archive members that are not objects, -r staying on one file system
# (--cross-filesystems to leave it), and --exclude GLOB.
#
#   LINKSCOPE  the binary under test
#   WORKDIR    scratch directory (default: a new one under /tmp)
#
# Fixtures are built here with gcc: a PIE and a non-PIE program, one with
# a RUNPATH that does not exist (fails safe-rpath), an object, an archive
# with a text member (ar), a .deb (dpkg-deb, when installed), a Go package
# archive (go, when installed: __.PKGDEF and _go_.o are not ELF).  The
# mount test bind-mounts /proc under the tree inside `unshare -rm` (a
# named SKIP when user namespaces are refused).  The progress line needs
# a terminal: `script` gives the run one.
#
# Output: PASS:/FAIL:/SKIP: lines, then "check-many: N passed, N failed".
set -u
script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
. "$script_dir/../lib/common.sh"
export LC_ALL=C NO_COLOR=1

if [ $# -lt 1 ]; then
    echo "usage: check-many.sh LINKSCOPE [WORKDIR]" >&2
    exit 2
fi
LS=$(cd -- "$(dirname -- "$1")" && pwd)/$(basename -- "$1")
W=${2:-$(mktemp -d /tmp/check-many.XXXXXX)}
rm -rf "$W/tree" && mkdir -p "$W/tree/sub" || exit 2
cd "$W" || exit 2

ok() {   # ok NAME CONDITION-STATUS [DETAILS...]
    local name=$1 st=$2
    shift 2
    if [ "$st" = 0 ]; then lt_pass "check-many-$name"; else lt_fail "check-many-$name" "$@"; fi
}

# --- fixtures -------------------------------------------------------------
printf 'int main(void){return 0;}\n' >m.c
T=tree
gcc -O1 -fPIE -pie -o $T/pie m.c &&
gcc -O1 -fno-pie -no-pie -o $T/nopie m.c &&
gcc -O1 -fPIE -pie -Wl,--enable-new-dtags,-rpath,/nonexistent/check-many -o $T/sub/rpath m.c &&
gcc -O1 -c -o $T/sub/m.o m.c || { lt_fail check-many-fixtures "gcc failed"; lt_summary check-many; exit 1; }
echo 'not an object' >README.txt
cp $T/sub/m.o m.o && ar rc $T/libmix.a m.o README.txt
echo 'just text' >$T/notes.txt
ndeb=0
if lt_have dpkg-deb; then
    mkdir -p deb/DEBIAN deb/usr/bin && cp $T/pie deb/usr/bin/pie
    printf 'Package: cm\nVersion: 1\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' >deb/DEBIAN/control
    # A .deb is an ar archive: debian-binary, control.tar.*, data.tar.*,
    # none of them ELF.
    dpkg-deb -Zxz --build deb $T/cm.deb >/dev/null 2>&1 && ndeb=3
fi
ngo=0
if lt_have go; then
    mkdir -p gopkg && printf 'module cm\n\ngo 1.20\n' >gopkg/go.mod &&
        printf 'package p\n\nfunc F() int { return 1 }\n' >gopkg/p.go &&
        (cd gopkg && GOFLAGS=-mod=mod timeout 120 go build -o ../$T/p.a . >/dev/null 2>&1) &&
        ngo=$(ar t $T/p.a 2>/dev/null | wc -l)
fi
[ "$ndeb" = 0 ] && lt_skip check-many-deb "dpkg-deb not available"
[ "$ngo" = 0 ] && lt_skip check-many-goarchive "go cannot build a package archive here"

# artifacts: pie nopie rpath m.o libmix.a(m.o)
nart=5
nfiles=$((5 + (ndeb > 0) + (ngo > 0)))
nmembers=$((1 + ndeb + ngo))

# --- --failures-only, the summary -----------------------------------------
"$LS" check -r --require=pie,safe-rpath $T >all.txt 2>all.err; rc=$?
ok text-exit "$([ $rc = 1 ]; echo $?)" "exit $rc (want 1)"
ok text-quiet-members "$([ ! -s all.err ]; echo $?)" "stderr not empty:" "$(head -5 all.err)"
"$LS" check -r --require=pie,safe-rpath --failures-only $T >fo.txt 2>fo.err; rc=$?
ok failures-only-exit "$([ $rc = 1 ]; echo $?)" "exit $rc (want 1)"
heads=$(grep -c '^tree/' fo.txt)
ok failures-only-two-blocks "$([ "$heads" = 2 ]; echo $?)" "$heads blocks (want 2: nopie, rpath)" "$(grep '^tree/' fo.txt)"
ok failures-only-names "$(grep -q "^$T/nopie:" fo.txt && grep -q "^$T/sub/rpath:" fo.txt && ! grep -q "^$T/pie:" fo.txt; echo $?)"
want="checked $nfiles files, $nart objects (1 non-ELF file skipped, $nmembers non-object archive members skipped)"
ok summary-head "$(grep -qxF "$want" fo.txt; echo $?)" "want: $want" "$(tail -4 fo.txt)"
ok summary-pie "$(grep -qxF "1 of $nart objects fail pie" fo.txt; echo $?)" "$(tail -3 fo.txt)"
ok summary-rpath "$(grep -qxF "1 of $nart objects fail safe-rpath" fo.txt; echo $?)" "$(tail -3 fo.txt)"
ok summary-same-without-filter "$(diff <(tail -3 all.txt) <(tail -3 fo.txt) >/dev/null; echo $?)"
"$LS" check --require=pie $T/pie $T/sub/m.o >pass.txt; rc=$?
ok summary-all-hold "$([ $rc = 0 ] && tail -1 pass.txt | grep -qx 'every requirement holds'; echo $?)" "$(tail -2 pass.txt)"
"$LS" check $T/pie >one.txt
ok no-summary-for-one-file "$(! grep -q '^checked ' one.txt; echo $?)"

# --- JSON -----------------------------------------------------------------
"$LS" check -r --json --require=pie,safe-rpath --failures-only $T >fo.json; rc=$?
"$LS" check -r --json --require=pie,safe-rpath $T >all.json
if python3 - "$nfiles" "$nart" "$nmembers" <<'PY' >py.txt 2>&1
import json, sys
nfiles, nart, nmem = map(int, sys.argv[1:])
fo, al = json.load(open("fo.json")), json.load(open("all.json"))
assert fo["schema_version"] == 3, fo["schema_version"]
paths = sorted(f["path"] for f in fo["files"])
assert paths == ["tree/nopie", "tree/sub/rpath"], paths
assert len(al["files"]) == nart, len(al["files"])
s = fo["summary"]
assert s == al["summary"], (s, al["summary"])
assert s["files"] == nfiles and s["objects"] == nart and s["failed"] == 2, s
assert s["skipped_files"] == 1 and s["skipped_members"] == nmem and s["unreadable"] == 0, s
assert s["requirements"] == [{"requirement": "pie", "failed": 1},
                             {"requirement": "safe-rpath", "failed": 1}], s["requirements"]
assert list(fo)[-2:] == ["summary", "errors"] and fo["errors"] == [], list(fo)
PY
then lt_pass check-many-json; else lt_fail check-many-json "exit $rc" "$(cat py.txt)"; fi

# --- --table --------------------------------------------------------------
"$LS" check -r --table --require=pie,safe-rpath $T >tab.txt; rc=$?
ok table-exit "$([ $rc = 1 ]; echo $?)" "exit $rc"
ok table-head "$(head -1 tab.txt | grep -q '^KIND  *MACHINE  *LINK  *PIE  *RELRO  *NX  *CANARY  *FORTIFY  *GLIBC  *GATE  *FILE'; echo $?)" "$(head -1 tab.txt)"
rows=$(grep -c ' tree/' tab.txt)
ok table-rows "$([ "$rows" = $nart ]; echo $?)" "$rows rows (want $nart)" "$(cat tab.txt)"
ok table-nopie "$(grep -Eq '^exec +[^ ]+ +dynamic +no +[a-z]+ +yes .* FAIL tree/nopie \[pie\]$' tab.txt; echo $?)" "$(grep nopie tab.txt)"
ok table-rpath "$(grep -Eq '^pie +[^ ]+ +dynamic +yes .* FAIL tree/sub/rpath \[safe-rpath\]$' tab.txt; echo $?)" "$(grep rpath tab.txt)"
ok table-member "$(grep -Eq '^object .* PASS tree/libmix\.a\(m\.o\)$' tab.txt; echo $?)" "$(grep libmix tab.txt)"
# Aligned: the FILE column starts at the same offset on every row.
cols=$(grep ' tree/' tab.txt | awk '{ print index($0, " tree/") }' | sort -u | wc -l)
ok table-aligned "$([ "$cols" = 1 ]; echo $?)" "$(cat tab.txt)"
ok table-summary "$(grep -qxF "1 of $nart objects fail pie" tab.txt; echo $?)"
"$LS" check -r --table --failures-only --require=pie $T >tabf.txt
ok table-failures-only "$([ "$(grep -c ' tree/' tabf.txt)" = 1 ]; echo $?)" "$(cat tabf.txt)"
"$LS" check --table --json $T/pie >/dev/null 2>&1; rc=$?
ok table-json-usage "$([ $rc = 2 ]; echo $?)" "exit $rc (want 2)"

# --- without -r, a non-object member still warns ---------------------------
"$LS" check $T/libmix.a >/dev/null 2>named.err
ok named-archive-warns "$(grep -q 'README.txt.*warning' named.err; echo $?)" "$(cat named.err)"

# --- progress line --------------------------------------------------------
"$LS" check -r $T >/dev/null 2>prog.err
ok progress-not-on-pipe "$([ ! -s prog.err ]; echo $?)" "$(od -c prog.err | head -3)"
if lt_have script; then
    # The line appears at once with LINKSCOPE_PROGRESS_DELAY_MS=0 (500 ms
    # otherwise, which a fast machine may never reach): 2000 hard links
    # to one program, one thread.
    python3 -c '
import os, shutil
os.makedirs("many", exist_ok=True)
for i in range(2000):
    p = "many/p%d" % i
    if not os.path.exists(p):
        try:
            os.link("tree/pie", p)
        except OSError:
            shutil.copy("tree/pie", p)
'
    LINKSCOPE_PROGRESS_DELAY_MS=0 script -qec "'$LS' check -j1 -r many >/dev/null" /dev/null >tty.out 2>&1
    ok progress-on-tty "$(grep -aq $'\rchecked [0-9]*/2000 files' tty.out; echo $?)" "$(od -c tty.out | head -3)"
    ok progress-cleared "$(grep -aq $'\r\033\\[K' tty.out; echo $?)"
    LINKSCOPE_PROGRESS_DELAY_MS=0 script -qec "'$LS' check -j1 -r --no-progress many >/dev/null" /dev/null >tty2.out 2>&1
    ok no-progress "$(! grep -aq 'checked [0-9]*/' tty2.out; echo $?)" "$(od -c tty2.out | head -3)"
else
    lt_skip check-many-progress-on-tty "script(1) not available"
fi

# --- --exclude ------------------------------------------------------------
# The oracle is the tree itself (find): a pattern without '/' matches the
# base name at any depth, one with '/' the whole path (FNM_PATHNAME); a
# matching directory is not entered; an excluded operand is not read.
"$LS" check -r --json --exclude 'sub' --exclude '*.a' $T >ex1.json 2>ex1.err
want1=$(cd $T/.. && find $T -type f ! -path "$T/sub/*" ! -name '*.a' ! -name '*.txt' ! -name '*.deb' | sort)
got1=$(python3 -c 'import json;print("\n".join(sorted(f["path"] for f in json.load(open("ex1.json"))["files"] if f["member"] is None)))')
ok exclude-basename "$([ "$got1" = "$want1" ]; echo $?)" "want: $want1" "got: $got1" "$(head -3 ex1.err)"
ex=$(python3 -c 'import json;print(json.load(open("ex1.json"))["summary"]["excluded"])')
wantex=$(( $(find $T -maxdepth 1 -name '*.a' | wc -l) + 1 ))
ok exclude-counted-json "$([ "$ex" = "$wantex" ]; echo $?)" "summary.excluded = $ex (want $wantex: sub/ once and each .a)"
"$LS" check -r --exclude "$T/sub/*.o" --exclude "$T/nopie" $T >ex2.txt 2>ex2.err
ok exclude-path "$(! grep -q "^$T/sub/m.o:\|^$T/nopie:" ex2.txt && grep -q "^$T/sub/rpath:" ex2.txt && grep -q "^$T/pie:" ex2.txt; echo $?)" "$(grep '^tree' ex2.txt)"
ok exclude-summary-text "$(grep -q ', 2 excluded)$' ex2.txt; echo $?)" "$(tail -3 ex2.txt)"
# '*' does not cross '/' in a pattern with '/': tree/*.o matches no deeper file.
"$LS" check -r --json --exclude "$T/*.o" $T >ex3.json 2>/dev/null
ok exclude-pathname "$(python3 -c 'import json,sys;d=json.load(open("ex3.json"));sys.exit(0 if any(f["path"].endswith("sub/m.o") for f in d["files"]) and d["summary"]["excluded"]==0 else 1)'; echo $?)"
# An operand that matches is skipped too, and the gate ignores it.
"$LS" check --require pie --exclude nopie $T/pie $T/nopie >ex4.txt 2>&1
rc=$?
ok exclude-operand "$([ $rc = 0 ] && ! grep -q nopie: ex4.txt && grep -q '1 excluded' ex4.txt; echo $?)" "exit $rc" "$(cat ex4.txt | tail -4)"

# --- one file system ------------------------------------------------------
if unshare -rm true 2>/dev/null; then
    rm -rf xdev ydir && mkdir -p xdev/mnt xdev/proc ydir/mnt && cp $T/pie xdev/pie && cp $T/pie ydir/pie
    # A tmpfs with an ELF file inside and /proc, both mounted under the
    # tree; --cross-filesystems is tried on a tree with the tmpfs only
    # (walking /proc is not a test).
    unshare -rm bash -c "
        mount -t tmpfs none xdev/mnt && cp xdev/pie xdev/mnt/inner &&
        mount -t tmpfs none ydir/mnt && cp xdev/pie ydir/mnt/inner &&
        mount --rbind /proc xdev/proc &&
        '$LS' check -r --json xdev >xdev.json 2>xdev.err; echo \$? >xdev.rc
        '$LS' check -r --json --cross-filesystems ydir >xdevx.json 2>xdevx.err
        '$LS' check -r --json xdev/mnt >inner.json 2>inner.err"
    if python3 - <<'PY' >py.txt 2>&1
import json
d = json.load(open("xdev.json"))
assert [f["path"] for f in d["files"]] == ["xdev/pie"], [f["path"] for f in d["files"]]
assert open("xdev.rc").read().strip() == "0"
x = json.load(open("xdevx.json"))
paths = [f["path"] for f in x["files"]]
assert paths == ["ydir/mnt/inner", "ydir/pie"], paths
i = json.load(open("inner.json"))
# An operand that is itself a mount point is walked: its own file system.
assert [f["path"] for f in i["files"]] == ["xdev/mnt/inner"], [f["path"] for f in i["files"]]
PY
    then lt_pass check-many-xdev; else lt_fail check-many-xdev "$(cat py.txt)" "$(head -3 xdev.err xdevx.err 2>/dev/null)"; fi
else
    lt_skip check-many-xdev "unshare -rm refused (no user namespaces)"
fi

# --- the -r walk (readdir's d_type, no lstat per entry) --------------------
# What nftw(FTW_PHYS) with a size test did: empty files are not files to
# count, symbolic links are not followed, hidden directories are entered,
# trailing slashes are dropped from the names, and an operand that is a
# link to a directory is not walked.
rm -rf walk && mkdir -p walk/d/.hid walk/one && cp $T/pie walk/d/a && cp $T/pie walk/d/.hid/b &&
    : >walk/d/empty && : >walk/d/.hid/empty2 && ln -s "$W/$T/pie" walk/d/link &&
    ln -s "$W/walk/d" walk/dlink && cp $T/pie walk/one/t && : >walk/one/e && echo text >walk/d/t.txt
"$LS" check -r --json walk/d >walk.json 2>walk.err; rc=$?
"$LS" check -r --json walk//d// >walk2.json 2>>walk.err
"$LS" check -r --json walk/dlink >walk3.json 2>>walk.err
if python3 - "$rc" <<'PY' >py.txt 2>&1
import json, sys
assert sys.argv[1] == "0", "exit " + sys.argv[1]
d = json.load(open("walk.json"))
assert [f["path"] for f in d["files"]] == ["walk/d/.hid/b", "walk/d/a"], [f["path"] for f in d["files"]]
s = d["summary"]
assert s["files"] == 2 and s["objects"] == 2 and s["skipped_files"] == 1 and s["unreadable"] == 0, s
d2 = json.load(open("walk2.json"))
assert [f["path"] for f in d2["files"]] == ["walk//d/.hid/b", "walk//d/a"], [f["path"] for f in d2["files"]]
d3 = json.load(open("walk3.json"))
assert d3["files"] == [] and d3["summary"]["files"] == 0, d3
PY
then lt_pass check-many-walk; else lt_fail check-many-walk "$(cat py.txt)" "$(head -3 walk.err)"; fi
# One file and one empty file: one file, so no closing summary.
"$LS" check -r walk/one >one-walk.txt 2>&1
ok walk-empty-not-counted "$(! grep -q '^checked ' one-walk.txt; echo $?)" "$(tail -2 one-walk.txt)"

lt_summary check-many
[ "$LT_FAILED" -eq 0 ]
