#!/bin/bash
# tests/e2e/go-cgo.sh LINKSCOPE [WORKDIR] - `linkscope gocgo` against the Go
# toolchain itself, on the modules of tests/fixtures/gocgo/:
#
#   cgodep   main imports a replace'd local module whose only file uses cgo
#            (#cgo CFLAGS, #cgo LDFLAGS: -lm, and #cgo pkg-config: zlib when
#            pkg-config knows zlib): CGO_ENABLED=0 cannot build it
#   netuser  net.LookupHost and os/user.Current: std packages that use cgo
#            by default and switch to pure Go with CGO_ENABLED=0
#   purego   no cgo at all
#   typeerr  main calls a constructor its binding defines in its cgo file
#            (as github.com/miekg/pkcs11's New): go list sees no error
#            without cgo, the compiler says "undefined: token.New"
#   stub     a driver with a `//go:build !cgo` file that returns "requires
#            cgo" (as github.com/mattn/go-sqlite3's static_mock.go): the
#            CGO_ENABLED=0 build works and is a stub
#   linkfail a `!cgo` file pulls a C symbol by //go:linkname: every package
#            compiles, the CGO_ENABLED=0 link fails
#
# One line per case and module:
#
#   gocgo-NAME-cgo-set   the "cgo" packages == go list -deps -f
#                        '{{if .CgoFiles}}{{.ImportPath}}{{end}}' ./...
#   gocgo-NAME-without   lost/gained/changed (Go files)/fails_without_cgo ==
#                        what `go list -deps -json ./...` and
#                        `CGO_ENABLED=0 go list -deps -e -export -json ./...`
#                        say
#   gocgo-NAME-build     without_cgo.build_fails and the exit status (1 iff
#                        it fails) == whether `CGO_ENABLED=0 go build ./...`
#                        fails; every error reported is in go build's stderr
#                        (and a cgo-enabled go build works)
#   gocgo-NAME-expect    what the fixture was written to show (chains,
#                        flags, pkg-config, std effects, nothing for purego,
#                        the type error, the stub, the link error)
#   gocgo-NAME-stub-run  every stub message reported is printed by the
#                        CGO_ENABLED=0 program when run (stub: the fixture's
#                        own program, built and run here)
#   gocgo-NAME-text      the text output has the same exit status
#
# plus gocgo-cgo-off (CGO_ENABLED=0 in the environment), gocgo-golist-fails
# (go list fails: exit 2 and go's stderr), gocgo-no-go (exit 2) and
# gocgo-output-bound, gocgo-bad-json (a fake go) and gocgo-usage-* (--help,
# bad usage).
# Runs with GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local and a GOCACHE and
# GOPATH of its own under WORKDIR (default: a temporary directory).
set -u
. "$(dirname "$0")/../lib/common.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: go-cgo.sh LINKSCOPE [WORKDIR]" >&2
	exit 2
fi
LS=$(lt_abspath "$1")
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
FIXSRC="$LT_REPO_ROOT/tests/fixtures/gocgo"
MODULES="cgodep netuser purego typeerr stub linkfail"

# scripts/install-deps.sh installs a Go toolchain: without one the suite
# has not run, which is a failure.
if [ ! -x "$GO" ]; then
	for m in $MODULES; do
		lt_fail "gocgo-$m" "not run: no go command (GO=$GO)"
	done
	lt_summary go-cgo
	exit 1
fi
export PATH="$(dirname "$GO"):$PATH"

if [ $# -eq 2 ]; then
	W=$2
	chmod -R u+w "$W" 2>/dev/null
	rm -rf "$W"
	mkdir -p "$W"
	W=$(cd -- "$W" && pwd)
else
	W=$(mktemp -d)
	trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
fi
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOWORK=off
export GOCACHE="$W/gocache" GOPATH="$W/gopath" GOENV=off
export CGO_ENABLED=1
unset GOOS GOARCH

cp -r "$FIXSRC/." "$W/"
zlib=0
if lt_have pkg-config && pkg-config --exists zlib; then
	cp "$W/cgodep/cmath/zlib.go.in" "$W/cgodep/cmath/zlib.go"
	zlib=1
else
	lt_note "go-cgo: pkg-config or zlib missing: cgodep has no '#cgo pkg-config' line"
fi

cgo_ok=1
[ "$("$GO" env CGO_ENABLED 2>/dev/null)" = 1 ] || cgo_ok=0

cat >"$W/cmp.py" <<'PY'
"""Compares linkscope gocgo --json with go list; prints
STATUS<TAB>CASE<TAB>DETAIL lines (DETAIL's newlines escaped)."""
import json
import sys

(name, ls_path, ls_rc, cgoset_path, with_path, without_path, build_rc,
 build_err_path, build1_rc, zlib) = sys.argv[1:11]


def result(status, case, detail=""):
    print("%s\tgocgo-%s-%s\t%s" % (status, name, case,
                                   detail.replace("\n", "\\n")))


def stream(path):
    dec = json.JSONDecoder()
    text = open(path).read()
    pos, out = 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return out
        obj, pos = dec.raw_decode(text, pos)
        out.append(obj)


try:
    doc = json.load(open(ls_path))
except Exception as e:  # noqa: BLE001
    for c in ("cgo-set", "without", "build", "expect"):
        result("FAIL", c, "linkscope output is not JSON: %s" % e)
    sys.exit(0)

ls_rc = int(ls_rc)
with_ = {p["ImportPath"]: p for p in stream(with_path)}
without = {p["ImportPath"]: p for p in stream(without_path)}

# cgo-set
oracle = set(l.strip() for l in open(cgoset_path) if l.strip())
got = set(c["import_path"] for c in doc["cgo"])
if doc["schema_version"] != 2 or doc.get("command") != "gocgo" or not doc["cgo_enabled"]:
    result("FAIL", "cgo-set", "schema_version %r, cgo_enabled %r"
           % (doc["schema_version"], doc["cgo_enabled"]))
elif got != oracle:
    result("FAIL", "cgo-set", "linkscope only: %s\ngo list only: %s"
           % (sorted(got - oracle), sorted(oracle - got)))
else:
    result("PASS", "cgo-set")

# without
errs = []


def files(p):
    return set(p.get("GoFiles", []) + p.get("CgoFiles", []))


want_lost = sorted(set(with_) - set(without))
want_gained = sorted(set(without) - set(with_))
want_changed = {}
for ip in set(with_) & set(without):
    a, b = files(with_[ip]), files(without[ip])
    if a != b:
        want_changed[ip] = (sorted(a - b), sorted(b - a))
want_fails = {ip: p["Error"]["Err"] for ip, p in without.items()
              if p.get("Error")}
if doc["packages"] != len(with_):
    errs.append("packages %d, go list %d" % (doc["packages"], len(with_)))
if doc["without_cgo"] is None or doc["without_cgo"]["packages"] != len(without):
    errs.append("without_cgo %r, go list %d" % (doc["without_cgo"], len(without)))
if sorted(doc["lost_without_cgo"]) != want_lost:
    errs.append("lost %s, want %s" % (doc["lost_without_cgo"], want_lost))
if sorted(doc["gained_without_cgo"]) != want_gained:
    errs.append("gained %s, want %s" % (doc["gained_without_cgo"], want_gained))
got_changed = {c["import_path"]: (sorted(c["dropped_files"]),
                                  sorted(c["added_files"]))
               for c in doc["changed_without_cgo"]}
if got_changed != want_changed:
    errs.append("changed %s, want %s" % (got_changed, want_changed))
got_fails = {f["import_path"]: f["error"] for f in doc["fails_without_cgo"]}
if got_fails != want_fails:
    errs.append("fails %s, want %s" % (got_fails, want_fails))
roots = sorted(ip for ip, p in with_.items() if not p.get("DepOnly"))
if sorted(doc["roots"]) != roots:
    errs.append("roots %s, want %s" % (doc["roots"], roots))
result("FAIL" if errs else "PASS", "without", "\n".join(errs))

# build
errs = []
fails = int(build_rc) != 0
build_err = open(build_err_path).read()
if int(build1_rc) != 0:
    errs.append("the cgo-enabled go build failed (status %s)" % build1_rc)
if doc["without_cgo"] and doc["without_cgo"]["build_fails"] != fails:
    errs.append("build_fails %r, CGO_ENABLED=0 go build status %s"
                % (doc["without_cgo"]["build_fails"], build_rc))
if ls_rc != (1 if fails else 0):
    errs.append("exit status %d, CGO_ENABLED=0 go build status %s"
                % (ls_rc, build_rc))
link_error = doc["without_cgo"] and doc["without_cgo"]["link_error"]
if fails and not doc["fails_without_cgo"] and not link_error:
    errs.append("go build fails but fails_without_cgo and link_error are empty:\n"
                + build_err)
if link_error and link_error.strip() not in build_err:
    errs.append("link_error %r not in go build's stderr:\n%s" % (link_error, build_err))
for f in doc["fails_without_cgo"]:
    if f["error"] not in build_err:
        errs.append("error %r not in go build's stderr:\n%s"
                    % (f["error"], build_err))
result("FAIL" if errs else "PASS", "build", "\n".join(errs))

# expect
errs = []
cgo = {c["import_path"]: c for c in doc["cgo"]}
std = set(e["import_path"] for e in doc["std_effects"])
if name == "cgodep":
    c = cgo.get("example.com/cmath")
    if not c:
        errs.append("example.com/cmath not reported")
    else:
        if c["chain"] != ["example.com/cgoapp", "example.com/cmath"]:
            errs.append("chain %s" % c["chain"])
        if "-lm" not in c["cgo_ldflags"] or "-DCMATH_FIXTURE=1" not in c["cgo_cflags"]:
            errs.append("flags %s %s" % (c["cgo_cflags"], c["cgo_ldflags"]))
        if c["standard"] or c["module"] != "example.com/cmath@v0.0.0" \
                or c["replace"] != "./cmath":
            errs.append("module %r replace %r standard %r"
                        % (c["module"], c["replace"], c["standard"]))
        if (zlib == "1") != (c["cgo_pkg_config"] == ["zlib"]):
            errs.append("pkg-config %s (zlib fixture: %s)" % (c["cgo_pkg_config"], zlib))
    rt = cgo.get("runtime/cgo")
    if not rt or rt["chain"][-2:] != ["example.com/cmath", "runtime/cgo"]:
        errs.append("runtime/cgo chain %s" % (rt and rt["chain"]))
    f = [f for f in doc["fails_without_cgo"] if f["import_path"] == "example.com/cmath"]
    if not f or not f[0]["only_cgo_files"] or \
            "build constraints exclude all Go files" not in f[0]["error"]:
        errs.append("cmath failure %s" % f)
    if doc["without_cgo"]["failing_roots"] != ["example.com/cgoapp"]:
        errs.append("failing_roots %s" % doc["without_cgo"]["failing_roots"])
elif name == "netuser":
    for ip in ("net", "os/user"):
        if ip not in cgo or not cgo[ip]["standard"] or \
                cgo[ip]["chain"] != ["example.com/netuser", ip]:
            errs.append("%s: %s" % (ip, cgo.get(ip)))
        if ip not in std:
            errs.append("no std effect for %s" % ip)
    if "net" not in got_changed or not got_changed["net"][0]:
        errs.append("net's Go files do not change")
    if doc["without_cgo"]["build_fails"] or doc["fails_without_cgo"]:
        errs.append("netuser must build without cgo")
elif name == "purego":
    if doc["cgo"] or doc["std_effects"] or doc["lost_without_cgo"] or \
            doc["changed_without_cgo"] or doc["fails_without_cgo"] or ls_rc \
            or doc["stubs_without_cgo"]:
        errs.append("purego reports cgo: %s" % json.dumps(doc)[:2000])
elif name == "typeerr":
    f = {x["import_path"]: x["error"] for x in doc["fails_without_cgo"]}
    if "undefined: token.New" not in f.get("example.com/typeerr", ""):
        errs.append("no type error for example.com/typeerr: %s" % f)
    if "example.com/token" in f:
        errs.append("example.com/token itself compiles without cgo: %s" % f)
    if doc["without_cgo"]["failing_roots"] != ["example.com/typeerr"]:
        errs.append("failing_roots %s" % doc["without_cgo"]["failing_roots"])
elif name == "stub":
    st = doc["stubs_without_cgo"]
    if len(st) != 1 or st[0]["import_path"] != "example.com/sqlstub" or \
            st[0]["file"] != "static_mock.go" or \
            "requires cgo to work" not in (st[0]["message"] or ""):
        errs.append("stubs %s" % st)
    if doc["without_cgo"]["build_fails"] or ls_rc:
        errs.append("stub must build without cgo")
elif name == "linkfail":
    w = doc["without_cgo"]
    if "relocation target lsfix_clink_hello not defined" not in (w["link_error"] or ""):
        errs.append("link_error %r" % w["link_error"])
    if w["failing_roots"] != ["example.com/linkfail"] or doc["fails_without_cgo"]:
        errs.append("failing_roots %s fails %s" % (w["failing_roots"], doc["fails_without_cgo"]))
    st = doc["stubs_without_cgo"]
    if [(x["import_path"], x["file"], x["message"]) for x in st] != \
            [("example.com/clink", "nocgo.go", None)]:
        errs.append("stubs %s" % st)
if name != "linkfail" and doc["without_cgo"]["link_error"] is not None:
    errs.append("link_error %r" % doc["without_cgo"]["link_error"])
result("FAIL" if errs else "PASS", "expect", "\n".join(errs))
PY

report() {
	local st case detail
	while IFS=$'\t' read -r st case detail; do
		case $st in
		PASS) lt_pass "$case" ;;
		*) lt_fail "$case" "$(printf '%b' "${detail//\\n/\\n}")" ;;
		esac
	done
}

for m in $MODULES; do
	d="$W/$m"
	if [ $cgo_ok -eq 0 ]; then
		lt_fail "gocgo-$m" "not run: go env CGO_ENABLED is not 1 with CGO_ENABLED=1 (no C compiler?)"
		continue
	fi
	"$LS" gocgo --json "$d" >"$W/$m.json" 2>"$W/$m.lserr"
	rc=$?
	(cd "$d" && "$GO" list -deps -f '{{if .CgoFiles}}{{.ImportPath}}{{end}}' ./...) \
		>"$W/$m.cgoset" 2>"$W/$m.oerr"
	(cd "$d" && "$GO" list -deps -json ./...) >"$W/$m.with" 2>>"$W/$m.oerr"
	(cd "$d" && CGO_ENABLED=0 "$GO" list -deps -e -export -json ./...) >"$W/$m.without" 2>>"$W/$m.oerr"
	(cd "$d" && "$GO" build -o /dev/null ./...) >/dev/null 2>>"$W/$m.oerr"
	b1=$?
	(cd "$d" && CGO_ENABLED=0 "$GO" build -o /dev/null ./...) >/dev/null 2>"$W/$m.builderr"
	b0=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		for c in cgo-set without build expect; do
			lt_fail "gocgo-$m-$c" "linkscope gocgo exited $rc" "$(cat "$W/$m.lserr")"
		done
	else
		report < <(python3 "$W/cmp.py" "$m" "$W/$m.json" "$rc" "$W/$m.cgoset" \
			"$W/$m.with" "$W/$m.without" "$b0" "$W/$m.builderr" "$b1" "$zlib" 2>&1 ||
			printf 'FAIL\tgocgo-%s-compare\tcmp.py failed\n' "$m")
	fi
	# Stub messages: the CGO_ENABLED=0 program must really print them.
	if [ $rc -le 1 ] && python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["stubs_without_cgo"] else 1)' "$W/$m.json" 2>/dev/null; then
		if (cd "$d" && CGO_ENABLED=0 "$GO" build -o "$W/$m.nocgo" .) >"$W/$m.stubbuild" 2>&1; then
			"$W/$m.nocgo" >"$W/$m.stubrun" 2>&1
			miss=$(python3 -c '
import json, sys
run = open(sys.argv[2], errors="replace").read()
for s in json.load(open(sys.argv[1]))["stubs_without_cgo"]:
    if s["message"] and s["message"] not in run:
        print("%s: %r not printed by the program" % (s["import_path"], s["message"]))
' "$W/$m.json" "$W/$m.stubrun")
			if [ -z "$miss" ]; then lt_pass "gocgo-$m-stub-run"; else lt_fail "gocgo-$m-stub-run" "$miss" "$(cat "$W/$m.stubrun")"; fi
		elif [ "$m" != linkfail ]; then
			lt_fail "gocgo-$m-stub-run" "CGO_ENABLED=0 go build failed" "$(cat "$W/$m.stubbuild")"
		fi
	fi
	"$LS" gocgo "$d" >"$W/$m.txt" 2>&1
	trc=$?
	if [ $trc -ne $rc ]; then
		lt_fail "gocgo-$m-text" "text exit $trc, --json exit $rc" "$(cat "$W/$m.txt")"
	elif [ "$m" = cgodep ] && ! grep -q 'why: *example.com/cgoapp -> example.com/cmath$' "$W/$m.txt"; then
		lt_fail "gocgo-$m-text" "no 'why:' chain for example.com/cmath" "$(cat "$W/$m.txt")"
	elif [ "$m" = purego ] && ! grep -q '^no package uses cgo' "$W/$m.txt"; then
		lt_fail "gocgo-$m-text" "$(cat "$W/$m.txt")"
	else
		lt_pass "gocgo-$m-text"
	fi
done

# cgo already off: reported, nothing compared, exit 0.
out=$(CGO_ENABLED=0 "$LS" gocgo --json "$W/netuser" 2>&1)
rc=$?
if [ $rc -eq 0 ] && python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["cgo_enabled"] is False and d["cgo"] == [] and d["without_cgo"] is None, d
' "$out" 2>/dev/null; then
	lt_pass gocgo-cgo-off
else
	lt_fail gocgo-cgo-off "exit $rc" "$out"
fi

# go list fails: exit 2, go's own message on stderr.
mkdir -p "$W/broken"
printf 'module example.com/broken\n\ngo 1.21\n' >"$W/broken/go.mod"
printf 'package main\n\nimport _ "example.com/broken/missing"\n\nfunc main() {}\n' >"$W/broken/main.go"
err=$("$LS" gocgo "$W/broken" 2>&1 >/dev/null)
rc=$?
oerr=$(cd "$W/broken" && "$GO" list -deps -json ./... 2>&1 >/dev/null)
if [ $rc -eq 2 ] && [ -n "$oerr" ] && grep -qF -- "$(printf '%s\n' "$oerr" | head -1)" <<<"$err"; then
	lt_pass gocgo-golist-fails
else
	lt_fail gocgo-golist-fails "exit $rc (want 2)" "linkscope: $err" "go: $oerr"
fi

# No go command.
err=$("$LS" gocgo --go="$W/no-such-go" "$W/purego" 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 2 ] && grep -q 'cannot run' <<<"$err"; then
	lt_pass gocgo-no-go
else
	lt_fail gocgo-no-go "exit $rc (want 2)" "$err"
fi

# A go that prints FAKE_GO_OUT for `go list`: output bounded, JSON checked.
cat >"$W/fake-go" <<'SH'
#!/bin/bash
case $1 in
env) [ "$2" = CGO_ENABLED ] && echo 1 || echo go0.0; exit 0 ;;
list) case $FAKE_GO_OUT in
	huge) head -c $((257 << 20)) /dev/zero | tr '\0' ' ' ;;
	bad) printf '{"ImportPath":"a"}\n{"ImportPath": nope}\n' ;;
	esac ;;
esac
SH
chmod +x "$W/fake-go"
err=$(FAKE_GO_OUT=huge "$LS" gocgo --go="$W/fake-go" "$W/purego" 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 2 ] && grep -q 'more than 256 MiB' <<<"$err"; then
	lt_pass gocgo-output-bound
else
	lt_fail gocgo-output-bound "exit $rc (want 2)" "$err"
fi
err=$(FAKE_GO_OUT=bad "$LS" gocgo --go="$W/fake-go" "$W/purego" 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 2 ] && grep -q 'not JSON' <<<"$err"; then
	lt_pass gocgo-bad-json
else
	lt_fail gocgo-bad-json "exit $rc (want 2)" "$err"
fi

# Usage.
usage_case() {
	local name=$1 want=$2 rc
	shift 2
	"$LS" gocgo "$@" >"$W/usage.out" 2>&1
	rc=$?
	if [ $rc -eq "$want" ]; then
		lt_pass "gocgo-usage-$name"
	else
		lt_fail "gocgo-usage-$name" "linkscope gocgo $* exited $rc, want $want" "$(cat "$W/usage.out")"
	fi
}
usage_case help 0 --help
usage_case bad-option 2 --no-such-option "$W/purego"
usage_case two-dirs 2 "$W/purego" "$W/netuser"
usage_case not-a-dir 2 "$W/cmp.py"

lt_summary go-cgo
