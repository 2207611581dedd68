#!/bin/bash
# tests/e2e/check-go.sh LINKSCOPE FIXDIR - the "go" object of
# `linkscope check --json` against real oracles, on the fixtures that
# tests/fixtures/go-check.sh FIXDIR built.
#
# For each fixture in FIXDIR/manifest.txt, one line per case:
#
#   go-NAME-buildinfo  version, path, main, deps (sums, replacements) and
#                      every build setting, in order, against
#                      `go version -m -json FILE` (oracle=none: the version
#                      and -buildmode the manifest names)
#   go-NAME-buildid    build_id against `go tool buildid FILE` (bid=none:
#                      must be null)
#   go-NAME-verdicts   cgo, link_mode, build_mode, race and a pclntab,
#                      against the truth the build recorded in the manifest
#   go-NAME-static     the file's "static" against the manifest
#   go-NAME-policy     `check --require no-cgo` exits 1 exactly when the
#                      manifest says cgo=1 (x_cgo_init defined: C code of
#                      runtime/cgo), 0 otherwise (fakecgo: an imitation)
#   go-NAME-applies,   hardening that knows Go (hardening_cases below);
#   go-NAME-go-flags   go-NAME-hardened: the hardened preset
#   go-NAME-deps-text  the text's "go deps N module(s)" line against the
#                      dep lines of `go version -m`
#   go-NAME-funcs      (`-s -w` builds) `--go-funcs` names, as a multiset,
#                      against the text symbols of the unstripped twin
#                      inside [runtime.text, runtime.etext) (nm); "·" is
#                      "." on both sides (the linker writes "." into the
#                      symbol table), ".abi0" suffixes are dropped and
#                      host-object section pseudo-symbols ("net(.text)")
#                      left out; Go 1.18-style "[...]" for bracketed parts
#                      of names is accepted
#
# A fixture marked bi=none (built before Go 1.13) must have no build info.
#
# Fixtures the build could not make are FAIL lines (failed.txt); those it
# left out for a cause outside the project are SKIP lines (skipped.txt).  GO names the
# go command (default: go on PATH, else /usr/local/go/bin/go).
set -u
. "$(dirname "$0")/../lib/common.sh"

if [ $# -ne 2 ]; then
	echo "usage: check-go.sh LINKSCOPE FIXDIR" >&2
	exit 2
fi
LS=$(lt_abspath "$1")
FIX=$(cd -- "$2" && pwd)
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}

if [ ! -s "$FIX/manifest.txt" ]; then
	lt_fail go-check "no fixtures in $FIX (run tests/fixtures/go-check.sh $FIX)" \
		"$(cat -- "$FIX/failed.txt" 2>/dev/null)"
	lt_summary go-check
	exit 1
fi
have_go=1
[ -x "$GO" ] || have_go=0

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# A fixture the build could not make is a failure; a skip names a cause
# outside the project (the module proxy unreachable, a part turned off).
if [ -f "$FIX/failed.txt" ]; then
	while read -r name reason; do
		[ -n "$name" ] && lt_fail "go-$name" "not built: $reason"
	done <"$FIX/failed.txt"
fi
if [ -f "$FIX/skipped.txt" ]; then
	while read -r name reason; do
		[ -n "$name" ] && lt_skip "go-$name" "$reason"
	done <"$FIX/skipped.txt"
fi

cat >"$T/cmp.py" <<'PY'
"""Compares one fixture's linkscope JSON with its oracles; prints
STATUS<TAB>CASE<TAB>DETAIL lines (DETAIL with \n escaped as \\n)."""
import collections
import json
import re
import subprocess
import sys

fields = dict(kv.split("=", 1) for kv in sys.argv[1].split())
out_path, gv_path, bid_path, funcs_path, nm_path = sys.argv[2:7]
name = fields["name"]


def result(status, case, detail=""):
    print("%s\t%s\t%s" % (status, "go-%s-%s" % (name, case),
                          detail.replace("\n", "\\n")))


def load(path):
    try:
        with open(path) as f:
            return json.load(f), None
    except (OSError, ValueError) as e:
        return None, str(e)


def pick(doc):
    """The FILE entry with Go facts: the plain file, or the go.o member."""
    files = doc.get("files", [])
    for f in files:
        if f.get("member") in (None, "go.o") and f.get("go"):
            return f
    return files[0] if files else None


def module(m):
    """linkscope's module object in debug/buildinfo's terms."""
    if m is None:
        return None
    return {"Path": m.get("path") or "", "Version": m.get("version") or "",
            "Sum": m.get("sum") or "", "Replace": module(m.get("replace"))}


def gomodule(m):
    if not m:
        return None
    return {"Path": m.get("Path", ""), "Version": m.get("Version", ""),
            "Sum": m.get("Sum", ""), "Replace": gomodule(m.get("Replace"))}


def diff(what, got, want):
    return "%s:\n  linkscope: %s\n  oracle:    %s" % (
        what, json.dumps(got), json.dumps(want))


doc, err = load(out_path)
entry = pick(doc) if doc else None
g = entry.get("go") if entry else None
if g is None:
    why = err or "no go object in linkscope's output"
    for case in ("buildinfo", "buildid", "verdicts"):
        result("FAIL", case, why)
    sys.exit(0)

# Build info -------------------------------------------------------------
oracle = fields.get("oracle", "go")
if fields.get("bi") == "none":
    got = {k: g.get(k) for k in ("version", "path", "main", "deps",
                                 "settings")}
    want = {"version": None, "path": None, "main": None, "deps": [],
            "settings": {}}
    result("PASS" if got == want else "FAIL", "buildinfo",
           "" if got == want else diff("no build info", got, want))
elif oracle == "none":
    probs = []
    if g.get("version") != fields["goversion"]:
        probs.append(diff("version", g.get("version"), fields["goversion"]))
    if g.get("settings", {}).get("-buildmode") != fields["mode"]:
        probs.append(diff("-buildmode", g.get("settings", {}).get("-buildmode"),
                          fields["mode"]))
    result("FAIL" if probs else "PASS", "buildinfo", "\n".join(probs))
else:
    gv, err = load(gv_path)
    if gv is None:
        result("SKIP", "buildinfo", "go version -m -json failed: %s" % err)
    else:
        probs = []
        if g.get("version") != gv.get("GoVersion"):
            probs.append(diff("version", g.get("version"), gv.get("GoVersion")))
        if (g.get("path") or "") != gv.get("Path", ""):
            probs.append(diff("path", g.get("path"), gv.get("Path")))
        if module(g.get("main")) != gomodule(gv.get("Main")):
            probs.append(diff("main", module(g.get("main")),
                              gomodule(gv.get("Main"))))
        deps = [module(d) for d in g.get("deps", [])]
        gdeps = [gomodule(d) for d in gv.get("Deps") or []]
        if deps != gdeps:
            probs.append(diff("deps", deps, gdeps))
        sets = list(g.get("settings", {}).items())
        gsets = [(s.get("Key", ""), s.get("Value", ""))
                 for s in gv.get("Settings") or []]
        if sets != gsets:
            probs.append(diff("settings", sets, gsets))
        result("FAIL" if probs else "PASS", "buildinfo", "\n".join(probs))

# Build ID ----------------------------------------------------------------
if fields.get("bid") == "none":
    if g.get("build_id") is None:
        result("PASS", "buildid")
    else:
        result("FAIL", "buildid", diff("build_id", g.get("build_id"), None))
elif oracle == "none":
    if g.get("build_id"):
        result("PASS", "buildid")
    else:
        result("FAIL", "buildid", "no build_id in the go.o member")
else:
    try:
        want = open(bid_path).read().strip()
    except OSError:
        want = ""
    if not want:
        result("SKIP", "buildid", "go tool buildid failed")
    elif g.get("build_id") == want:
        result("PASS", "buildid")
    else:
        result("FAIL", "buildid", diff("build_id", g.get("build_id"), want))

# Verdicts ------------------------------------------------------------------
probs = []
truth = {"cgo": fields["cgo"] == "1", "link_mode": fields["link"],
         "build_mode": fields["mode"], "race": fields["race"] == "1"}
for k, v in truth.items():
    if g.get(k) != v:
        probs.append(diff(k, g.get(k), v))
p = g.get("pclntab")
if not p or not p.get("functions"):
    probs.append(diff("pclntab", p, "a table with functions"))
result("FAIL" if probs else "PASS", "verdicts", "\n".join(probs))

# Static ------------------------------------------------------------------
if fields["static"] != "-":
    want = fields["static"] == "1"
    if entry.get("static") == want:
        result("PASS", "static")
    else:
        result("FAIL", "static", diff("static", entry.get("static"), want))

# Functions of a -s -w build ------------------------------------------------
if "ref" in fields:
    fdoc, err = load(funcs_path)
    fe = pick(fdoc) if fdoc else None
    funcs = (fe or {}).get("go", {}).get("functions") if fe else None
    if funcs is None:
        result("FAIL", "funcs", "no functions array with --go-funcs: %s" % err)
        sys.exit(0)
    text = etext = None
    syms = []
    for line in open(nm_path, errors="replace"):
        m = re.match(r"^([0-9a-fA-F]+) ([A-Za-z]) (.*)$", line.rstrip("\n"))
        if not m:
            continue
        addr, kind, sym = int(m.group(1), 16), m.group(2), m.group(3)
        if sym == "runtime.text":
            text = addr
        elif sym == "runtime.etext":
            etext = addr
        elif kind in "Tt":
            syms.append((addr, sym))
    if text is None or etext is None:
        result("SKIP", "funcs", "no runtime.text/etext in the unstripped twin")
        sys.exit(0)
    want = collections.Counter(
        (s[:-5] if s.endswith(".abi0") else s).replace("\u00b7", ".")
        for a, s in syms
        if text <= a < etext and not re.search(r"\(\.text[^)]*\)$", s))
    got = collections.Counter(f.replace("\u00b7", ".") for f in funcs)

    def elide(sym):
        """Go 1.18's linker (ld/pcln.go nameParts) writes a name's first
        '[' to its last ']' as "[...]" into the pclntab."""
        i, j = sym.find("["), sym.rfind("]")
        return sym if i < 0 or j <= i else sym[:i] + "[...]" + sym[j + 1:]

    if got == want or got == collections.Counter(
            elide(s) for s in want.elements()):
        result("PASS", "funcs")
    else:
        extra = sorted((got - want).elements())[:10]
        missing = sorted((want - got).elements())[:10]
        result("FAIL", "funcs",
               "%d names vs %d symbols\n  only in pclntab: %s\n  only in symtab: %s"
               % (sum(got.values()), sum(want.values()), extra, missing))
PY

# reason_of FILE REQ: the reason of the first failure of --require REQ.
reason_of() {
	"$LS" check --json --require "$2" "$1" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" | ".join(x["reason"] for f in d["files"] for x in f["failed"]))'
}

# hardening_cases NAME FILE CGO LINE: docs/check.md "Hardening that knows
# Go".  Truth: cgo from the build (x_cgo_init), PIE and RELRO from readelf.
#   go-NAME-applies    pure Go (cgo=0): canary and fortify are in
#                      not_applicable and `--require canary,fortify` holds;
#                      with cgo they apply (not_applicable is empty), but
#                      not to a c-archive's Go object (go.o)
#   go-NAME-go-flags   a program that readelf says is not a PIE fails pie
#                      naming -buildmode=pie; no PT_GNU_RELRO fails
#                      relro=partial naming -buildmode=pie (internal link)
#                      or -extldflags=-Wl,-z,relro (external); RELRO without
#                      BIND_NOW fails relro=full naming -bindnow; full RELRO
#                      passes relro=full
hardening_cases() {
	local name=$1 file=$2 cgo=$3 line=$4 mode='' link='' na rc
	for kv in $line; do
		case $kv in mode=*) mode=${kv#mode=} ;; link=*) link=${kv#link=} ;; esac
	done
	# A c-archive's go.o is Go compiler output even with cgo (its C code
	# is in the other members): n/a there, judged in the C members.
	na=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
for f in d["files"]:
    if f["go"] is not None and f["kind"] == "relocatable":
        got = ",".join(sorted(x["fact"] for x in f["not_applicable"]))
        if got != "canary,fortify":
            bad.append(str(f["member"]) + ": " + repr(got))
        f["not_applicable"] = []
print(",".join(sorted({x["fact"] for f in d["files"] for x in f["not_applicable"]})) + "".join("; go object " + b for b in bad))' "$T/out.json")
	if [ "$cgo" = 0 ] && [ "$mode" = c-archive ]; then
		# Only go.o is Go: its C members are C.
		if [ -z "$na" ]; then lt_pass "go-$name-applies"; else lt_fail "go-$name-applies" "not_applicable: $na"; fi
	elif [ "$cgo" = 0 ]; then
		"$LS" check --require canary,fortify "$file" >/dev/null 2>&1
		rc=$?
		if [ "$na" = canary,fortify ] && [ $rc = 0 ]; then
			lt_pass "go-$name-applies"
		else
			lt_fail "go-$name-applies" "pure Go: not_applicable '$na' (want canary,fortify), --require canary,fortify exit $rc"
		fi
	elif [ -z "$na" ]; then
		lt_pass "go-$name-applies"
	else
		lt_fail "go-$name-applies" "cgo linked in: not_applicable '$na' (want none)"
	fi
	case $mode in exe|pie) ;; *) return 0 ;; esac
	local hdr dyn pie=0 relro=none why=''
	hdr=$(LC_ALL=C readelf -hlW "$file" 2>/dev/null)
	dyn=$(LC_ALL=C readelf -dW "$file" 2>/dev/null)
	grep -q 'Type: *DYN' <<<"$hdr" && grep -q 'Flags:.* PIE' <<<"$dyn" && pie=1
	if grep -q ' GNU_RELRO ' <<<"$hdr"; then
		relro=partial
		grep -Eq '\(BIND_NOW\)|Flags:.* (BIND_NOW|NOW)' <<<"$dyn" && relro=full
	fi
	local r
	if [ $pie = 0 ]; then
		r=$(reason_of "$file" pie)
		case $r in *-buildmode=pie*) ;; *) why+="pie: '$r' does not name -buildmode=pie; " ;; esac
	fi
	case $relro/$link in
	none/internal)
		r=$(reason_of "$file" relro=partial)
		case $r in *-buildmode=pie*) ;; *) why+="relro none: '$r' does not name -buildmode=pie; " ;; esac ;;
	none/external)
		r=$(reason_of "$file" relro=partial)
		case $r in *-extldflags=-Wl,-z,relro*) ;; *) why+="relro none: '$r' does not name -extldflags; " ;; esac ;;
	partial/*)
		r=$(reason_of "$file" relro=full)
		case $r in *-bindnow*) ;; *) why+="relro partial: '$r' does not name -bindnow; " ;; esac ;;
	full/*)
		"$LS" check --require relro=full "$file" >/dev/null 2>&1 || why+="relro full (readelf) but relro=full fails; " ;;
	esac
	if [ -z "$why" ]; then
		lt_pass "go-$name-go-flags (pie=$pie relro=$relro $link)"
	else
		lt_fail "go-$name-go-flags" "$why"
	fi
}

while read -r line; do
	[ -n "$line" ] || continue
	name='' file='' ref='' oracle=go
	for kv in $line; do
		case $kv in
		name=*) name=${kv#name=} ;;
		file=*) file=$FIX/${kv#file=} ;;
		ref=*) ref=$FIX/${kv#ref=} ;;
		oracle=*) oracle=${kv#oracle=} ;;
		esac
	done
	if [ ! -f "$file" ]; then
		lt_fail "go-$name" "fixture $file missing"
		continue
	fi
	rm -f "$T"/*.json "$T"/*.txt
	"$LS" check --json "$file" >"$T/out.json" 2>"$T/err.txt"
	rc=$?
	if [ $rc -ge 2 ]; then
		lt_fail "go-$name-run" "linkscope check exited $rc" "$(head -5 "$T/err.txt")"
		continue
	fi
	if [ "$oracle" = go ] && [ $have_go = 1 ]; then
		"$GO" version -m -json "$file" >"$T/gv.json" 2>/dev/null
		"$GO" tool buildid "$file" >"$T/bid.txt" 2>/dev/null
	fi
	if [ -n "$ref" ]; then
		"$LS" check --json --go-funcs "$file" >"$T/funcs.json" 2>>"$T/err.txt"
		nm "$ref" >"$T/nm.txt" 2>/dev/null
	fi
	python3 "$T/cmp.py" "$line" "$T/out.json" "$T/gv.json" "$T/bid.txt" \
		"$T/funcs.json" "$T/nm.txt" >"$T/res.txt" 2>"$T/py.txt" ||
		lt_fail "go-$name-compare" "$(tail -5 "$T/py.txt")"
	while IFS=$'\t' read -r status case detail; do
		case $status in
		PASS) lt_pass "$case" ;;
		SKIP) lt_skip "$case" "$detail" ;;
		*) lt_fail "$case" "${detail//\\n/$'\n'}" ;;
		esac
	done <"$T/res.txt"
	# --require no-cgo fails exactly when the build linked cgo.
	cgo=0
	case " $line " in *" cgo=1 "*) cgo=1 ;; esac
	"$LS" check --require no-cgo "$file" >"$T/policy.txt" 2>&1
	prc=$?
	if [ $prc -eq $cgo ]; then
		lt_pass "go-$name-policy"
	else
		lt_fail "go-$name-policy" "check --require no-cgo exited $prc, truth cgo=$cgo" \
			"$(grep -E 'go build|FAIL' "$T/policy.txt")"
	fi
	hardening_cases "$name" "$file" "$cgo" "$line"
	# The text's "go deps" line counts `go version -m`'s dep lines, with
	# the plural right.
	if [ "$oracle" = go ] && [ $have_go = 1 ]; then
		ndeps=$("$GO" version -m "$file" 2>/dev/null | grep -c $'^\tdep\t')
		if [ "$ndeps" -eq 1 ]; then want='1 module'; else want="$ndeps modules"; fi
		got=$(sed -n 's/^  go deps *//p' "$T/policy.txt")
		if [ "$ndeps" -eq 0 ] && [ -z "$got" ] || [ "$got" = "$want" ]; then
			lt_pass "go-$name-deps-text"
		else
			lt_fail "go-$name-deps-text" "go deps line '$got', want '$want'"
		fi
	fi
done <"$FIX/manifest.txt"

# The hardened preset on the Go builds made for it (go-check.sh): the flags
# that pass it, and the parts a build without them fails.
hardened_case() {   # NAME WANT-EXIT WANT-FAILED (sorted, comma-separated)
	local f=$FIX/bin/$1 got rc
	if [ ! -f "$f" ]; then lt_fail "go-$1-hardened" "fixture missing"; return; fi
	got=$("$LS" check --json --require hardened "$f" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(",".join(sorted(x["requirement"] for f in d["files"] for x in f["failed"])))')
	"$LS" check --require hardened "$f" >/dev/null 2>&1
	rc=$?
	if [ $rc = "$2" ] && [ "$got" = "$3" ]; then
		lt_pass "go-$1-hardened"
	else
		lt_fail "go-$1-hardened" "exit $rc (want $2), failed '$got' (want '$3')"
	fi
}
hardened_case hello-pie-bindnow 0 ''
hardened_case cgo-hardened 0 ''
hardened_case hello-internal 1 'hardened:pie,hardened:relro=full'
hardened_case hello-pie 1 'hardened:bindnow,hardened:relro=full'
hardened_case cgo-plain 1 'hardened:bindnow,hardened:canary,hardened:fortify,hardened:pie,hardened:relro=full'

lt_summary go-check
