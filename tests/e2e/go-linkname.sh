#!/bin/bash
# tests/e2e/go-linkname.sh LINKSCOPE - `linkscope golinkname` against the
# real Go linker.
#
# The modules of tests/fixtures/golinkname/ are copied to a temporary
# directory and each is built with the Go toolchain (GOPROXY=off,
# GOTOOLCHAIN=local, no network):
#
#   allowed    pulls of symbols the standard library pushes (and a push,
#              and directives hidden in comments, strings and raw strings)
#   blocked    a pull of runtime.coroswitch (blockedLinknames: iter only)
#   notpushed  a pull of runtime.gcount (defined in Go, not pushed) from a
#              non-main package
#   undefined  a pull of runtime.doesNotExist
#   vendored   a dependency (replace'd, then `go mod vendor`) that pulls
#              runtime.coroswitch, found under vendor/
#   buildtag   a blocked pull in a `//go:build linux && arm64` file: none
#              on amd64, one with --goarch arm64 (GOARCH=arm64 go build)
#   plusbuild  blocked pulls in files `// +build ignore` and
#              `// +build darwin,!linux` leave out (go/build's header rules)
#   indented   an indented //go:linkname in a var ( ) block (blocked)
#   stdmethod  methods std pushes with a body-less self-linkname
#              (reflect.(*rtype).Align, runtime.funcInfo.entry,
#              net/http.(*Transport).RoundTrip): allowed
#   nonstddef  runtime.* names a non-std package defines (a Go push, an
#              assembly TEXT): the pulls of them link
#   varpull    a var pull of a runtime variable that does not exist: links
#   goexp      a blocked pull under //go:build goexperiment.greenteagc: on
#              by default in Go 1.26 (fails), off with
#              GOEXPERIMENT=nogreenteagc (links)
#   asmref     `MOVQ runtime·allglen(SB), AX` in a .s file: blocked
#   notlinked  a blocked pull in a package no program of the module links:
#              listed apart, exit 0
#   unused     a function pull declared and never called: no reference
#              reaches the linker (n/a), the program links
#   asmpushed  `CALL runtime·entersyscall(SB)` (x/sys/unix): a pushed
#              function has an ABI0 wrapper, allowed
#
# With Go 1.27.3 (GOTOOLCHAIN=go1.27.3, fetched through the module proxy
# into the module cache; SKIP only when the proxy cannot be reached) the
# modules and the spread below are built again and judged with
# --goroot at 1.27.3, whose rules differ (assembly, //go:linknamestd).
#
# For each module and target, one line per check:
#   golinkname-NAME-verdicts  linkscope's verdicts are the expected ones
#   golinkname-NAME-build     they agree with `go build`: the build fails
#                             iff a pull is blocked or undefined, and the
#                             linker's error line is linkscope's message
#                             (exactly for "invalid reference"; for an
#                             undefined target the linker prefixes the
#                             referencing function, so the line must end
#                             with ": " + message)
#   golinkname-NAME-hatch     a blocked module links with
#                             -ldflags=-checklinkname=0
# and golinkname-goroot-time: the GOROOT scan takes under 1 s (measured
# with FAST_LINKSCOPE, an optimised build, when given: a sanitizer build
# is several times slower).
#
# Without a Go toolchain every case is a FAIL line (install-deps.sh installs
# one); with a Go before 1.23, which links any //go:linkname, a SKIP line.
# GO names the go command (default: go on PATH, else /usr/local/go/bin/go).
set -u
. "$(dirname "$0")/../lib/common.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: go-linkname.sh LINKSCOPE [FAST_LINKSCOPE]" >&2
	exit 2
fi
LS=$(lt_abspath "$1")
FAST=$(lt_abspath "${2:-$1}")
FIX="$LT_REPO_ROOT/tests/fixtures/golinkname"
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
CASES="allowed blocked notpushed undefined vendored buildtag"

skip_all() {
	for c in $CASES; do lt_skip "golinkname-$c" "$1"; done
	lt_summary golinkname
	exit 0
}
if [ ! -x "$GO" ]; then
	for c in $CASES; do lt_fail "golinkname-$c" "not run: no Go toolchain (GO=$GO)"; done
	lt_summary golinkname
	exit 1
fi
GOVERSION=$("$GO" env GOVERSION 2>/dev/null)
minor=$(printf '%s\n' "$GOVERSION" | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
[ -n "$minor" ] || skip_all "cannot tell the Go version ('$GOVERSION')"
[ "$minor" -ge 23 ] || skip_all "$GOVERSION links any //go:linkname (the check is Go 1.23+)"
GOROOT_DIR=$("$GO" env GOROOT)
export PATH="$(dirname "$GO"):$PATH"
export GOPROXY=off GOTOOLCHAIN=local GOWORK=off GONOSUMDB=* GOFLAGS=-mod=mod

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r "$FIX"/. "$T/"

# The verdicts linkscope must give, as "target=verdict" (sorted).
expected() {
	case "$1" in
	allowed) echo "main.pushed=n/a runtime.fastrand=allowed runtime.nanotime=allowed time.now=allowed" ;;
	blocked) echo "runtime.coroswitch=blocked" ;;
	notpushed) echo "runtime.gcount=blocked" ;;
	undefined) echo "runtime.doesNotExist=undefined" ;;
	vendored) echo "runtime.coroswitch=blocked" ;;
	buildtag-amd64) echo "" ;;
	buildtag-arm64) echo "runtime.gcount=blocked" ;;
	plusbuild) echo "" ;;
	indented) echo "runtime.allglen=blocked" ;;
	stdmethod) echo "net/http.(*Transport).RoundTrip=allowed reflect.(*rtype).Align=allowed runtime.funcInfo.entry=allowed" ;;
	nonstddef) echo "runtime.nonstdClock=allowed runtime.nonstdPushed=allowed runtime.nonstdPushed=n/a" ;;
	varpull) echo "runtime.linkscopeNoSuchVar=allowed" ;;
	goexp) echo "runtime.gcount=blocked" ;;
	goexp-off) echo "" ;;
	asmref|asmref-arm64) echo "runtime.allglen=blocked" ;;
	unused) echo "crypto/tls.cipherSuiteTLS13ByID=n/a" ;;
	asmpushed|asmpushed-arm64) echo "runtime.entersyscall=allowed runtime.exitsyscall=allowed" ;;
	notlinked) echo "runtime.gcount=blocked" ;;
	esac
}

cat >"$T/judge.py" <<'PY'
"""judge.py JSON BUILDLOG BUILDRC EXPECTED WANTPATH: prints
STATUS<TAB>CHECK<TAB>DETAIL lines for the verdicts and the build."""
import json
import sys

doc_path, log_path, rc, expected, want_path = sys.argv[1:6]
rc = int(rc)
try:
    doc = json.load(open(doc_path))
except (OSError, ValueError) as e:
    print("FAIL\tverdicts\tno JSON from linkscope: %s" % e)
    print("FAIL\tbuild\tno JSON from linkscope")
    sys.exit(0)
links = doc.get("linknames", [])
for key in ("schema_version", "tool", "version", "command", "errors", "goroot", "goos", "goarch"):
    if key not in doc:
        print("FAIL\tverdicts\tmissing key %s" % key)
got = " ".join(sorted("%s=%s" % (l["target"], l["verdict"]) for l in links))
if got != expected:
    print("FAIL\tverdicts\tlinkscope: %r\\nexpected:  %r" % (got, expected))
elif want_path and not all(want_path in l["file"] for l in links):
    print("FAIL\tverdicts\tnot found under %s: %r" % (
        want_path, [l["file"] for l in links]))
else:
    print("PASS\tverdicts\t")
bad = [l for l in links if l["verdict"] in ("blocked", "undefined")
       and l.get("linked", True)]
lines = [x.rstrip("\n") for x in open(log_path)]
if rc == 0:
    if bad:
        print("FAIL\tbuild\tgo build succeeded, linkscope says %s" %
              [(l["target"], l["verdict"]) for l in bad])
    else:
        print("PASS\tbuild\t")
    sys.exit(0)
if not bad:
    print("FAIL\tbuild\tgo build failed, linkscope saw nothing wrong:\\n%s" %
          "\\n".join(lines[-5:]))
    sys.exit(0)
def seen(l):
    m = l["message"] or ""
    if l["verdict"] == "blocked":
        return m in lines
    return any(x.endswith(": " + m) for x in lines)
miss = [l["message"] for l in bad if not seen(l)]
if miss or len(bad) != 1:
    print("FAIL\tbuild\tlinkscope: %s\\ngo build:\\n%s" % (
        [l["message"] for l in bad], "\\n".join(lines[-5:])))
else:
    print("PASS\tbuild\t")
PY

# check NAME DIR GOARCH [WANTPATH]: with $CGO (go) and $CGOROOT (its
# GOROOT), default the installed Go; $EXP names the expected() case when
# it differs from NAME.
check() {
	local name=$1 dir=$2 arch=$3 want=${4:-} rc lsrc
	local exp go=${CGO:-$GO} goroot=${CGOROOT:-$GOROOT_DIR}
	exp=$(expected "${EXP:-$name}")
	"$LS" golinkname --json --goroot "$goroot" --goos linux --goarch "$arch" \
		"$dir" >"$T/$name.json" 2>"$T/$name.lserr"
	lsrc=$?
	if [ $lsrc -gt 1 ]; then
		lt_fail "golinkname-$name-run" "exit $lsrc" "$(cat "$T/$name.lserr")"
	fi
	(cd "$dir" && GOOS=linux GOARCH=$arch "$go" build -o /dev/null . ) >"$T/$name.log" 2>&1
	rc=$?
	# The exit status is the build's: 1 exactly when it fails.
	if { [ $rc -eq 0 ] && [ $lsrc -eq 0 ]; } || { [ $rc -ne 0 ] && [ $lsrc -eq 1 ]; }; then
		lt_pass "golinkname-$name-exit"
	else
		lt_fail "golinkname-$name-exit" "go build exit $rc, golinkname exit $lsrc"
	fi
	while IFS=$'\t' read -r st what detail; do
		if [ "$st" = PASS ]; then
			lt_pass "golinkname-$name-$what"
		else
			lt_fail "golinkname-$name-$what" "$(printf '%b' "$detail")"
		fi
	done < <(python3 "$T/judge.py" "$T/$name.json" "$T/$name.log" "$rc" "$exp" "$want")
	if grep -q '"verdict":"blocked"' "$T/$name.json"; then
		if (cd "$dir" && GOOS=linux GOARCH=$arch "$go" build \
			-ldflags=-checklinkname=0 -o /dev/null . ) >"$T/$name.hatch" 2>&1; then
			lt_pass "golinkname-$name-hatch"
		else
			lt_fail "golinkname-$name-hatch" "$(tail -5 "$T/$name.hatch")"
		fi
	fi
}

for m in allowed blocked notpushed undefined; do
	check "$m" "$T/$m" amd64
done
if (cd "$T/vendored" && "$GO" mod vendor) >"$T/vendor.log" 2>&1; then
	GOFLAGS=-mod=vendor check vendored "$T/vendored" amd64 /vendor/example.com/dep/inner/
else
	lt_fail golinkname-vendored-setup "$(cat "$T/vendor.log")"
fi
check buildtag-amd64 "$T/buildtag" amd64
check buildtag-arm64 "$T/buildtag" arm64
for m in plusbuild indented stdmethod nonstddef varpull goexp asmref notlinked unused asmpushed; do
	check "$m" "$T/$m" amd64
done
GOEXPERIMENT=nogreenteagc EXP=goexp-off check goexp-off "$T/goexp" amd64
check asmref-arm64 "$T/asmref" arm64
check asmpushed-arm64 "$T/asmpushed" arm64
EXP=nonstddef check nonstddef-arm64 "$T/nonstddef" arm64
# notlinked: the record is listed apart, in the text too.
if "$LS" golinkname --goroot "$GOROOT_DIR" "$T/notlinked" >"$T/nl.out" 2>&1 &&
	grep -q '^in packages the program does not link' "$T/nl.out" &&
	grep -q '; 1 in packages not linked' "$T/nl.out"; then
	lt_pass golinkname-notlinked-text
else
	lt_fail golinkname-notlinked-text "$(cat "$T/nl.out")"
fi

# A spread of standard-library targets of every kind (pushed, assembly,
# plain Go, blockedLinknames with and without the puller listed, missing),
# one generated module each (it imports fmt, so that the packages the
# targets live in are linked): linkscope's verdict against the build.
SPREAD="runtime.memmove runtime.nanotime runtime.gcount runtime.findRunnable
runtime.coroswitch runtime.addmoduledata runtime.getStaticuint64s
runtime.cputicks runtime.procyield runtime.mallocgc runtime.stopTheWorld
runtime.fastrand64 runtime.doesNotExist sync.runtime_Semacquire time.Sleep
time.now reflect.unsafe_New os.runtime_args internal/bytealg.IndexByteString
internal/runtime/maps.fatal syscall.rawsyscalln strconv.Quote fmt.newPrinter
unicode/utf8.RuneLen sync.throw internal/godebug.setUpdate
runtime.newcoro runtime.reflectcall runtime.bootstrapRand
sync/atomic.SwapUintptr internal/runtime/atomic.Load runtime.memclrNoHeapPointers
runtime.asmcgocall runtime.systemstack runtime.getcallersp runtime.morestack
internal/bytealg.Compare runtime.publicationBarrier runtime.procyieldAsm
arm64:runtime.cputicks arm64:runtime.gcount arm64:runtime.memmove
arm64:runtime.procyield arm64:runtime.nanotime1 arm64:runtime.doesNotExist
386:runtime.cputicks 386:runtime.memmove"

# spread TAG GO GOROOT: each target pulled by a generated module, the
# verdict against the build of that Go.
spread() {
	local tag=$1 go=$2 goroot=$3 i=0 spec arch target d got verdict msg log rc ok
	for spec in $SPREAD; do
		i=$((i + 1))
		arch=amd64 target=$spec
		case "$spec" in *:*) arch=${spec%%:*} target=${spec#*:} ;; esac
		d="$T/spread-$tag/m$i"
		mkdir -p "$d"
		printf 'module example.com/spread%d\n\ngo 1.23\n' "$i" >"$d/go.mod"
		cat >"$d/main.go" <<GO
package main

import (
	"fmt"
	_ "unsafe"
)

//go:linkname pulled $target
func pulled()

func main() {
	fmt.Println("x")
	pulled()
}
GO
		got=$("$LS" golinkname --json --no-deps --goroot "$goroot" --goos linux --goarch "$arch" "$d" 2>&1 |
			python3 -c 'import json,sys; l=json.load(sys.stdin)["linknames"]; print(l[0]["verdict"] + "\t" + (l[0]["message"] or ""))' 2>&1)
		verdict=${got%%$'\t'*}
		msg=${got#*$'\t'}
		log=$(cd "$d" && GOOS=linux GOARCH=$arch "$go" build -o /dev/null . 2>&1)
		rc=$?
		ok=0
		case "$verdict" in
		allowed) [ $rc -eq 0 ] && ok=1 ;;
		blocked) [ $rc -ne 0 ] && grep -qxF -- "$msg" <<<"$log" && ok=1 ;;
		undefined) [ $rc -ne 0 ] && grep -qF -- ": $msg" <<<"$log" && ok=1 ;;
		esac
		if [ $ok -eq 1 ]; then
			lt_pass "golinkname-spread$tag-$arch-$target"
		else
			lt_fail "golinkname-spread$tag-$arch-$target" "linkscope: $got" "go build (exit $rc):" "$log"
		fi
	done
}
spread "" "$GO" "$GOROOT_DIR"

# The directives hidden in comments and literals are not counted.
if grep -q fake "$T/allowed.json"; then
	lt_fail golinkname-allowed-lexer "$(cat "$T/allowed.json")"
else
	lt_pass golinkname-allowed-lexer
fi

# Exit status: 1 with a blocked pull, 0 without.
"$LS" golinkname --goroot "$GOROOT_DIR" "$T/blocked" >/dev/null 2>&1
b=$?
"$LS" golinkname --goroot "$GOROOT_DIR" "$T/allowed" >/dev/null 2>&1
a=$?
if [ $b -eq 1 ] && [ $a -eq 0 ]; then
	lt_pass golinkname-exit-status
else
	lt_fail golinkname-exit-status "blocked: $b (want 1), allowed: $a (want 0)"
fi

# Dependencies from a module cache (no vendor/): the require of go.mod,
# the cache's escaping of upper case, the module path as import path.
mc="$T/modcache/example.com/!upper@v1.2.3/inner"
mkdir -p "$mc" "$T/usecache"
printf 'module example.com/Upper\n\ngo 1.23\n' >"$T/modcache/example.com/!upper@v1.2.3/go.mod"
cp "$T/notpushed/internal/clock/clock.go" "$mc/x.go"
printf 'module example.com/usecache\n\ngo 1.23\n\nrequire (\n\texample.com/Upper v1.2.3 // indirect\n)\n' >"$T/usecache/go.mod"
printf 'package main\n\nimport _ "example.com/Upper/inner"\n\nfunc main() {}\n' >"$T/usecache/main.go"
GOMODCACHE="$T/modcache" "$LS" golinkname --goroot "$GOROOT_DIR" "$T/usecache" >"$T/mc.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q '^    link: example.com/Upper/inner: invalid reference to runtime.gcount$' "$T/mc.out"; then
	lt_pass golinkname-modcache
else
	lt_fail golinkname-modcache "exit $rc" "$(cat "$T/mc.out")"
fi

# Usage: help, bad arguments, a missing input, one FILE, --no-deps.
usage_case() {
	local name=$1 want=$2
	shift 2
	"$LS" golinkname "$@" >"$T/u.out" 2>"$T/u.err"
	local rc=$?
	if [ $rc -eq "$want" ]; then
		lt_pass "golinkname-usage-$name"
	else
		lt_fail "golinkname-usage-$name" "exit $rc, want $want" "$(cat "$T/u.out" "$T/u.err")"
	fi
}
usage_case help 0 --help
grep -q '^usage: linkscope golinkname' "$T/u.out" || lt_fail golinkname-usage-help-text "$(cat "$T/u.out")"
usage_case no-input 2
usage_case bad-goos 2 --goos plan10 "$T/allowed"
usage_case bad-goroot 2 --goroot "$T/nonexistent" "$T/allowed"
usage_case not-goroot 2 --goroot "$T" "$T/allowed"
usage_case missing 2 --goroot "$GOROOT_DIR" "$T/nonexistent.go"
if grep -qx "linkscope: $T/nonexistent.go: No such file or directory" "$T/u.err"; then
	lt_pass golinkname-usage-missing-msg
else
	lt_fail golinkname-usage-missing-msg "$(cat "$T/u.err")"
fi
usage_case file 1 --goroot "$GOROOT_DIR" "$T/notpushed/internal/clock/clock.go"
grep -q '^    link: example.com/notpushed/internal/clock: invalid reference to runtime.gcount$' "$T/u.out" ||
	lt_fail golinkname-usage-file-pkg "$(cat "$T/u.out")"
usage_case no-deps 0 --no-deps --goroot "$GOROOT_DIR" "$T/vendored"

# The GOROOT scan is fast: under 1 s (the best of three runs).
best=
for _ in 1 2 3; do
	stats=$("$FAST" golinkname --stats --goroot "$GOROOT_DIR" "$T/allowed" 2>&1 >/dev/null)
	secs=$(printf '%s\n' "$stats" | sed -n 's/.*; \([0-9.]*\) s$/\1/p')
	[ -n "$secs" ] || break
	if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a < b)}'; then
		best=$secs
	fi
done
secs=$best
if [ -n "$secs" ] && awk -v s="$secs" 'BEGIN{exit !(s < 1)}'; then
	lt_pass golinkname-goroot-time
	lt_note "$stats"
else
	lt_fail golinkname-goroot-time "$stats"
fi

# Go 1.27.3: its own rules, read from its GOROOT.
G27=$(GOTOOLCHAIN=go1.27.3 GOPROXY=https://proxy.golang.org GOFLAGS= "$GO" env GOROOT 2>"$T/g27.err")
if [ -z "$G27" ] || [ ! -x "$G27/bin/go" ]; then
	if grep -qE 'dial tcp|x509:|tls:|proxyconnect|no such host' "$T/g27.err"; then
		lt_skip golinkname-go1.27 "the module proxy cannot be reached: $(head -1 "$T/g27.err")"
	else
		lt_fail golinkname-go1.27 "cannot fetch go1.27.3" "$(cat "$T/g27.err")"
	fi
else
	export GOTOOLCHAIN=local
	for m in allowed blocked notpushed undefined plusbuild indented stdmethod nonstddef varpull asmref notlinked unused asmpushed; do
		CGO="$G27/bin/go" CGOROOT="$G27" EXP=$m check "$m-go1.27" "$T/$m" amd64
	done
	spread -go1.27 "$G27/bin/go" "$G27"
	# A GOROOT newer than the rules modelled is said so.
	mkdir -p "$T/g28/src"
	printf 'go1.28.0\n' >"$T/g28/VERSION"
	"$LS" golinkname --goroot "$T/g28" "$T/allowed" >"$T/g28.out" 2>&1
	if grep -q 'newer than the linker rules modelled (Go 1.27)' "$T/g28.out"; then
		lt_pass golinkname-newer-goroot
	else
		lt_fail golinkname-newer-goroot "$(cat "$T/g28.out")"
	fi
fi

# `golinkname /nonexistent`: the error alone, no summary.
"$LS" golinkname --goroot "$GOROOT_DIR" "$T/nonexistent" >"$T/ne.out" 2>"$T/ne.err"
rc=$?
if [ $rc -eq 2 ] && [ ! -s "$T/ne.out" ] && [ "$(wc -l <"$T/ne.err")" -eq 1 ]; then
	lt_pass golinkname-missing-only-error
else
	lt_fail golinkname-missing-only-error "exit $rc" "$(cat "$T/ne.out" "$T/ne.err")"
fi

lt_summary golinkname
