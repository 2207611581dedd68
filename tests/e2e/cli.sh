#!/bin/bash
# tests/e2e/cli.sh LINKSCOPE - the command line's contract: help, version,
# usage errors, exit statuses, error lines, and the --json document.
set -u
LS=$(realpath "$1")
. "$(dirname "$0")/../lib/common.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

cat >good.c <<'C'
#include <stdio.h>
int good_symbol_marker = 1;
static int hidden_local;
int main(void) { printf("%d\n", hidden_local); return good_symbol_marker; }
C
gcc -c good.c -o good.o && gcc good.c -o good.exe || lt_fail cli-setup "gcc failed"
# A program whose library is gone (deps).
echo 'int gone(void) { return 0; }' >gone.c
echo 'int gone(void); int main(void) { return gone(); }' >needs.c
gcc -shared -fPIC gone.c -o libnot-here-anywhere.so &&
	gcc needs.c -L. -lnot-here-anywhere -o needs-missing.exe &&
	rm -f libnot-here-anywhere.so || lt_fail cli-setup "gcc failed (deps)"

# check NAME EXPECTED_STATUS CMD... : runs CMD, keeps stdout/stderr in files
check_status() {
	local name=$1 want=$2; shift 2
	"$@" >out.txt 2>err.txt
	local rc=$?
	if [ "$rc" -eq "$want" ]; then
		lt_pass "cli-$name"
	else
		lt_fail "cli-$name" "exit $rc, expected $want" "$(head -5 err.txt)"
	fi
}
grep_check() {
	local name=$1 file=$2 pattern=$3
	if grep -qE -- "$pattern" "$file"; then
		lt_pass "cli-$name"
	else
		lt_fail "cli-$name" "no match for /$pattern/ in $file:" "$(head -5 "$file")"
	fi
}

check_status help 0 "$LS" --help
cp out.txt main-help.txt
grep_check help-lists-syms out.txt '^  syms '
grep_check help-lists-check out.txt '^  check '
check_status version 0 "$LS" --version
grep_check version-text out.txt '^linkscope [0-9]+\.[0-9]+\.[0-9]+$'
check_status no-args 2 "$LS"
check_status unknown-command 2 "$LS" frobnicate
grep_check unknown-command-msg err.txt "^linkscope: 'frobnicate' is not a command"
check_status syms-help 0 "$LS" syms --help
grep_check syms-help-text out.txt '^usage: linkscope syms'
check_status syms-bad-option 2 "$LS" syms --bogus good.o
grep_check syms-bad-option-msg err.txt "unknown option '--bogus'"
check_status syms-bad-radix 2 "$LS" syms -t z good.o
check_status syms-bad-format 2 "$LS" syms --format=sysv good.o

# A missing file is reported in the one-line format and the next file is
# still listed.
check_status missing-then-good 2 "$LS" syms nonexistent.o good.o
grep_check missing-msg err.txt '^linkscope: nonexistent.o: No such file or directory$'
grep_check missing-then-good-listed out.txt ' D good_symbol_marker$'

printf 'not an object\n' >text.o
check_status text-file 2 "$LS" syms text.o
grep_check text-file-msg err.txt '^linkscope: text.o: file format not recognized \(not ELF or ar\) at offset 0x0$'
: >empty.o
check_status empty-file 2 "$LS" syms empty.o
grep_check empty-file-msg err.txt '^linkscope: empty.o: empty file at offset 0x0$'
check_status directory 2 "$LS" syms .
grep_check directory-msg err.txt '^linkscope: \.: is a directory$'

# -U is --defined-only, as nm documents it.  (GNU nm 2.40's getopt entry
# for -U wrongly takes an argument, so nm itself cannot be the oracle.)
"$LS" syms -U good.o >u1.txt 2>&1
"$LS" syms --defined-only good.o >u2.txt 2>&1
if cmp -s u1.txt u2.txt && grep -q ' D good_symbol_marker$' u1.txt && ! grep -q ' U ' u1.txt; then
	lt_pass cli-U-is-defined-only
else
	lt_fail cli-U-is-defined-only "$(diff u1.txt u2.txt | head -5)"
fi

# nm's default input.
cp good.exe a.out
check_status default-a.out 0 "$LS" syms
grep_check default-a.out-listed out.txt ' T main$'

# JSON: valid, versioned, and the same symbols nm lists.
check_status json 0 "$LS" syms --json good.o
if python3 - good.o <<'PY' >py.txt 2>&1
import json, subprocess, sys
doc = json.load(open("out.txt"))
assert doc["schema_version"] == 2, doc["schema_version"]
assert doc["command"] == "syms" and doc["table"] == "symtab" and doc["errors"] == []
f = doc["files"][0]
assert f["path"] == "good.o" and f["member"] is None and f["error"] is None
assert f["machine"] == "x86-64" and f["format"] == "elf64" and f["endian"] == "little"
names = [s["name"] for s in f["symbols"]]
nm = [l.split()[-1] for l in subprocess.run(["nm", sys.argv[1]], capture_output=True, text=True, env={"LC_ALL": "C"}).stdout.splitlines()]
assert names == nm, (names, nm)
m = {s["name"]: s for s in f["symbols"]}
g = m["good_symbol_marker"]
assert g["type_letter"] == "D" and g["binding"] == "global" and g["type"] == "object"
assert g["section"] == ".data" and g["size"] == 4 and g["defined"] is True
assert g["file"] == "good.o" and g["visibility"] == "default"
assert m["printf"]["defined"] is False and m["printf"]["section"] == "*UND*"
assert m["hidden_local"]["binding"] == "local"
PY
then lt_pass cli-json-content; else lt_fail cli-json-content "$(cat py.txt)"; fi

check_status json-dynamic 0 "$LS" syms -D --json good.exe
if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["table"] == "dynsym"
syms = {s["name"]: s for s in doc["files"][0]["symbols"]}
p = syms["printf"]
assert p["version"].startswith("GLIBC_"), p
assert p["version_default"] is False, p      # a reference prints name@VER
assert p["demangled"] is None
PY
then lt_pass cli-json-versions; else lt_fail cli-json-versions "$(cat py.txt)"; fi

check_status json-error 2 "$LS" syms --json text.o good.o
if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
bad, good = doc["files"]
assert bad["error"]["offset"] == 0 and "not recognized" in bad["error"]["message"]
assert good["error"] is None and len(good["symbols"]) > 0
PY
then lt_pass cli-json-error-content; else lt_fail cli-json-error-content "$(cat py.txt)"; fi

# C++ demangling in JSON, even without -C.
cat >cpp.cc <<'C'
namespace ns { int twice(int x) { return 2 * x; } }
C
if g++ -c cpp.cc -o cpp.o; then
	"$LS" syms --json cpp.o >out.txt
	if python3 -c '
import json; d=json.load(open("out.txt"))
s=[x for x in d["files"][0]["symbols"] if x["name"]=="_ZN2ns5twiceEi"][0]
assert s["demangled"]=="ns::twice(int)", s' 2>py.txt
	then lt_pass cli-json-demangled; else lt_fail cli-json-demangled "$(cat py.txt)"; fi
fi

# check: help, usage errors, exit statuses 0/1/2, ordering and the JSON
# document's envelope.  (Fact-by-fact comparisons with readelf, checksec
# and go version -m are in check-hardening.sh, check-checksec.sh and
# check-go.sh.)
check_status check-help 0 "$LS" check --help
grep_check check-help-text out.txt '^usage: linkscope check'
grep_check check-help-policy out.txt '^  glibc<=X\.Y '
check_status check-no-files 2 "$LS" check
check_status check-bad-require 2 "$LS" check --require=pie,bogus good.exe
grep_check check-bad-require-msg err.txt "unknown requirement 'bogus'"
check_status check-bad-color 2 "$LS" check --color=sometimes good.exe
check_status check-dir-without-r 2 "$LS" check .
grep_check check-dir-msg err.txt 'is a directory \(use -r'
check_status check-ok 0 "$LS" check good.exe good.o
check_status check-policy-holds 0 "$LS" check --require=nx,no-textrel good.exe
check_status check-policy-fails 1 "$LS" check --require=static good.exe
grep_check check-policy-reason out.txt '^  FAIL static: dynamically linked: interpreter '
check_status check-bad-input-wins 2 "$LS" check --require=static text.o good.exe
grep_check check-bad-input-msg err.txt '^linkscope: text.o: .* at offset 0x0$'
grep_check check-bad-input-next-file out.txt '^good.exe: PIE executable'
NO_COLOR=1 "$LS" check --color=auto good.exe >out.txt
if grep -q $'\033' out.txt; then lt_fail cli-check-no-color "escape sequences with NO_COLOR"; else lt_pass cli-check-no-color; fi
"$LS" check --color=always good.exe >out.txt
grep_check check-color-always out.txt $'\033\\[32m'
mkdir -p tree/sub && cp good.exe tree/sub/b && cp good.o tree/a.o && cp text.o tree/notes.txt
check_status check-recursive 0 "$LS" check -r --json tree
if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["schema_version"] == 3, doc
assert doc["command"] == "check" and doc["errors"] == [], doc["errors"]
paths = [f["path"] for f in doc["files"]]
assert paths == ["tree/a.o", "tree/sub/b"], paths   # sorted, text file skipped
a, b = doc["files"]
assert a["kind"] == "relocatable" and b["kind"] == "pie", (a["kind"], b["kind"])
for f in doc["files"]:
    for k in ("path", "static", "relro", "pie", "nx", "canary", "glibc_floor", "go"):
        assert k in f, k
assert b["relro"] in ("none", "partial", "full") and b["go"] is None
assert b["glibc_floor"] and b["glibc_floor"][0].isdigit()
PY
then lt_pass cli-check-json-envelope; else lt_fail cli-check-json-envelope "$(cat py.txt)"; fi
check_status check-sarif 1 "$LS" check --sarif --require=static,nx good.exe good.o
if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["version"] == "2.1.0" and "sarif" in doc["$schema"]
run = doc["runs"][0]
assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["static", "nx"]
res = run["results"]
assert len(res) == 1 and res[0]["ruleId"] == "static", res
assert res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "good.exe"
PY
then lt_pass cli-check-sarif-content; else lt_fail cli-check-sarif-content "$(cat py.txt)"; fi
# The same report whatever the number of threads.
"$LS" check -j1 -r tree >one.txt; "$LS" check -j4 -r tree >four.txt
if cmp -s one.txt four.txt; then lt_pass cli-check-jobs-stable; else lt_fail cli-check-jobs-stable "output differs between -j1 and -j4"; fi

# deps: usage, exit statuses, outputs.
check_status deps-help 0 "$LS" deps --help
grep_check deps-help-text out.txt '^usage: linkscope deps'
grep_check deps-help-list out.txt 'ldd'
check_status deps-no-input 2 "$LS" deps
check_status deps-bad-loader 2 "$LS" deps --loader=bionic good.exe
check_status deps-bad-env 2 "$LS" deps --env PATH=/x good.exe
check_status deps-global-alone 2 "$LS" deps --global good.exe
check_status deps-good 0 "$LS" deps --list good.exe
grep_check deps-good-libc out.txt '^	libc\.so\.6 => /'
check_status deps-missing-file 2 "$LS" deps nonexistent.exe
grep_check deps-missing-msg err.txt '^linkscope: nonexistent.exe: No such file or directory$'
check_status deps-not-elf 2 "$LS" deps text.o
check_status deps-object 0 "$LS" deps --list good.o
check_status deps-missing-lib 1 "$LS" deps --env LD_LIBRARY_PATH= --list needs-missing.exe
grep_check deps-missing-lib-line out.txt '^	libnot-here-anywhere\.so => not found$'
check_status deps-missing-lib-tree 1 "$LS" deps needs-missing.exe
grep_check deps-missing-lib-verdict out.txt '^verdict: would fail: needs-missing.exe: error while loading shared libraries: libnot-here-anywhere.so: cannot open shared object file'
check_status deps-json 1 "$LS" deps --json good.exe needs-missing.exe
if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["schema_version"] == 2, doc
good, bad = doc["files"]
assert good["verdict"] == "ok" and bad["verdict"] == "fail", (good["verdict"], bad["verdict"])
miss = [o for o in bad["objects"] if not o["found"]]
assert [o["name"] for o in miss] == ["libnot-here-anywhere.so"], miss
assert miss[0]["tried"] and miss[0]["how"] == "not-found"
assert good["objects"][0]["how"] == "main"
PY
then lt_pass cli-deps-json-envelope; else lt_fail cli-deps-json-envelope "$(cat py.txt)"; fi
"$LS" deps -j1 -r good.exe needs-missing.exe good.exe >one.txt 2>&1; "$LS" deps -j4 -r good.exe needs-missing.exe good.exe >four.txt 2>&1
if cmp -s one.txt four.txt; then lt_pass cli-deps-jobs-stable; else lt_fail cli-deps-jobs-stable "output differs between -j1 and -j4"; fi

# link: usage, exit statuses 0/1/2, JSON and SARIF envelopes.  A dry run:
# the output file must never appear.
grep_check help-lists-link main-help.txt '^  link '
check_status link-help 0 "$LS" link --help
grep_check link-help-text out.txt '^usage: linkscope link'
grep_check link-help-semantics out.txt '--semantics'
check_status link-no-command 2 "$LS" link
grep_check link-no-command-usage err.txt '^usage: linkscope link'
check_status link-empty-command 2 "$LS" link --
grep_check link-empty-command-msg err.txt '^linkscope link: no link command'
check_status link-bad-semantics 2 "$LS" link --semantics=golden -- ld good.o
grep_check link-bad-semantics-msg err.txt "unknown --semantics 'golden'"
check_status link-bad-option 2 "$LS" link --bogus -- ld good.o
check_status link-json-and-sarif 2 "$LS" link --json --sarif -- ld good.o
grep_check link-json-and-sarif-msg err.txt 'exclude each other'
mkdir -p link && cd link
printf 'int helper(void);\nint main(void) { return helper(); }\n' >main.c
printf 'int helper(void) { return 0; }\n' >helper.c
printf 'int helper(void) { return 1; }\n' >helper2.c
printf 'int not_defined_anywhere(int);\nint main(void) { return not_defined_anywhere(1); }\n' >undef.c
if gcc -c main.c helper.c helper2.c undef.c; then
	check_status link-ok 0 "$LS" link --json -- gcc main.o helper.o -o linked.exe
	if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["schema_version"] == 2 and doc["command"] == "link", doc
assert doc["verdict"] == "ok" and doc["reasons"] == [], (doc["verdict"], doc["reasons"])
assert doc["undefined"] == [] and doc["duplicates"] == []
assert doc["output"] == "linked.exe" and doc["target"]["machine"] == "x86-64", doc["target"]
files = [i["file"] for i in doc["inputs"] if i["kind"] == "object"]
assert "main.o" in files and "helper.o" in files, files
PY
	then lt_pass cli-link-ok-json; else lt_fail cli-link-ok-json "$(cat py.txt)"; fi
	if [ -e linked.exe ] || [ -e a.out ]; then
		lt_fail cli-link-no-output "the dry run wrote an output file"
	else
		lt_pass cli-link-no-output
	fi
	check_status link-ok-text 0 "$LS" link -- gcc main.o helper.o -o linked.exe
	check_status link-undefined 1 "$LS" link --json -- gcc undef.o -o linked.exe
	if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["verdict"] == "fail", doc["verdict"]
u = doc["undefined"]
assert u and u[0]["symbol"] == "not_defined_anywhere", u
ref = u[0]["references"][0]
assert ref["file"] == "undef.o" and ref["member"] is None and ref["function"] == "main", ref
assert u[0]["count"] >= 1
PY
	then lt_pass cli-link-undefined-json; else lt_fail cli-link-undefined-json "$(cat py.txt)"; fi
	check_status link-undefined-text 1 "$LS" link -- gcc undef.o -o linked.exe
	grep_check link-undefined-text-msg out.txt 'undefined symbol: not_defined_anywhere'
	check_status link-duplicate 1 "$LS" link --json -- gcc main.o helper.o helper2.o -o linked.exe
	if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["verdict"] == "fail", doc["verdict"]
d = doc["duplicates"]
assert [x["symbol"] for x in d] == ["helper"], d
assert [x["file"] for x in d[0]["definitions"]] == ["helper.o", "helper2.o"], d
PY
	then lt_pass cli-link-duplicate-json; else lt_fail cli-link-duplicate-json "$(cat py.txt)"; fi
	check_status link-semantics-lld 1 "$LS" link --json --semantics=lld -- gcc undef.o -o linked.exe
	if python3 -c 'import json; d = json.load(open("out.txt")); assert d["semantics"] == "lld", d["semantics"]' 2>py.txt
	then lt_pass cli-link-semantics-json; else lt_fail cli-link-semantics-json "$(cat py.txt)"; fi
	check_status link-sarif 1 "$LS" link --sarif -- gcc undef.o -o linked.exe
	if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["version"] == "2.1.0" and "sarif" in doc["$schema"], doc.get("version")
res = doc["runs"][0]["results"]
assert res and any("not_defined_anywhere" in r["message"]["text"] for r in res), res
PY
	then lt_pass cli-link-sarif-content; else lt_fail cli-link-sarif-content "$(cat py.txt)"; fi
	check_status link-sarif-ok 0 "$LS" link --sarif -- gcc main.o helper.o -o linked.exe
	if python3 -c 'import json; d = json.load(open("out.txt")); assert d["version"] == "2.1.0"' 2>py.txt
	then lt_pass cli-link-sarif-ok-valid; else lt_fail cli-link-sarif-ok-valid "$(cat py.txt)"; fi
	# LTO objects: LLVM bitcode is named as such (its symbols are not
	# read); a slim GCC object is read through GCC's plugin by bfd, and
	# named under lld, which ignores the plugin.
	if gcc -flto -c -o lto-gcc.o -x c - <<<'int lto_f(void){return 1;}' 2>/dev/null &&
		clang -flto -c -o lto-llvm.o -x c - <<<'int lto_g(void){return 2;}' 2>/dev/null; then
		"$LS" link --json -- gcc main.o lto-gcc.o lto-llvm.o -o linked.exe >out.txt 2>err.txt
		"$LS" link --json -- gcc -fuse-ld=lld main.o lto-gcc.o -o linked.exe >out2.txt 2>>err.txt
		if python3 - <<'PY' >py.txt 2>&1
import json
d = json.load(open("out.txt"))
lto = [n["text"] for n in d["notes"] if n["kind"] == "lto"]
assert not any("lto-gcc.o is a GCC LTO object" in t for t in lto), lto
assert any("lto-llvm.o is LLVM bitcode" in t for t in lto), lto
d = json.load(open("out2.txt"))
lto = [n["text"] for n in d["notes"] if n["kind"] == "lto"]
assert any("lto-gcc.o is a GCC LTO object" in t and "lld does not load it" in t for t in lto), lto
PY
		then lt_pass cli-link-lto-named; else lt_fail cli-link-lto-named "$(cat py.txt)"; fi
	else
		lt_fail cli-link-lto-named "gcc -flto or clang -flto could not compile"
	fi
	# A malformed input: exit 2, one line naming the file and an offset.
	head -c 100 main.o >trunc.o
	check_status link-malformed 2 "$LS" link -- ld -o /dev/null trunc.o
	grep_check link-malformed-msg err.txt '^linkscope link: trunc\.o: .* at offset 0x[0-9a-f]+$'
	if [ "$(wc -l <err.txt)" -eq 1 ]; then lt_pass cli-link-malformed-one-line; else
		lt_fail cli-link-malformed-one-line "$(cat err.txt)"; fi
	if [ -e linked.exe ] || [ -e a.out ]; then
		lt_fail cli-link-never-writes "an output file appeared"
	else
		lt_pass cli-link-never-writes
	fi
else
	lt_fail cli-link-setup "gcc -c failed"
fi
cd ..

# The shared contract of every command (issue 16): the JSON envelope,
# --json --sarif refused, --color and --output accepted, unreadable inputs
# in the document's "errors".
mkdir -p gosrc && printf 'package main\n\nfunc main() {}\n' >gosrc/main.go
cd link
# envelope CMD ARGS...: --json output has the four envelope keys first and
# an "errors" array.
envelope() {
	local cmd=$1; shift
	"$LS" "$cmd" --json "$@" >env.json 2>env.err
	if python3 - "$cmd" <<'PY' >py.txt 2>&1
import json, sys
doc = json.load(open("env.json"))
keys = list(doc)[:4]
assert keys == ["schema_version", "tool", "version", "command"], keys
# check's document is at 3 (its "summary", docs/json-check.md).
want = 3 if sys.argv[1] == "check" else 2
assert doc["schema_version"] == want and doc["tool"] == "linkscope", doc["schema_version"]
assert doc["command"] == sys.argv[1], doc["command"]
assert doc["version"][0].isdigit(), doc["version"]
assert isinstance(doc["errors"], list), doc.get("errors")
PY
	then lt_pass "cli-envelope-$cmd"; else lt_fail "cli-envelope-$cmd" "$(cat py.txt)" "$(head -3 env.err)"; fi
}
envelope syms ../good.o
envelope check ../good.exe
envelope deps ../good.exe
envelope link -- gcc main.o helper.o -o linked.exe
envelope golinkname ../gosrc
if command -v go >/dev/null 2>&1; then
	mkdir -p gomod && printf 'module example.com/m\n\ngo 1.21\n' >gomod/go.mod &&
		cp ../gosrc/main.go gomod/
	GOTOOLCHAIN=local GOFLAGS=-mod=mod envelope gocgo gomod
else
	lt_skip cli-envelope-gocgo "no go on PATH"
fi
for cmd in syms check deps link gocgo golinkname; do
	check_status "$cmd-json-sarif" 2 "$LS" "$cmd" --json --sarif ../good.o
	grep_check "$cmd-json-sarif-msg" err.txt "^linkscope $cmd: (--json and --sarif exclude each other|unknown option '--sarif')"
	check_status "$cmd-bad-color" 2 "$LS" "$cmd" --color=sometimes ../good.o
	grep_check "$cmd-bad-color-msg" err.txt "^linkscope $cmd: --color takes auto, always or never"
	check_status "$cmd-color-help" 0 "$LS" "$cmd" --color=never --help
	grep_check "$cmd-help-color" out.txt '^      --color=WHEN  '
	grep_check "$cmd-help-output" out.txt '^      --output=FILE '
done
check_status check-json-sarif-both 2 "$LS" check --sarif --json ../good.o
check_status syms-color 0 "$LS" syms --color=always ../good.o
check_status check-color 0 "$LS" check --color=never ../good.exe
check_status deps-color 0 "$LS" deps --colour=never ../good.exe
check_status link-color 0 "$LS" link --color=never -- gcc main.o helper.o -o linked.exe
check_status golinkname-color 0 "$LS" golinkname --color=never ../gosrc

# --output FILE: the report in FILE, nothing on standard output.
output_case() {
	local name=$1 want=$2; shift 2
	rm -f written.txt
	check_status "output-$name" "$want" "$LS" "$@"
	if [ -s written.txt ] && [ ! -s out.txt ]; then lt_pass "cli-output-$name-written"; else
		lt_fail "cli-output-$name-written" "stdout $(wc -c <out.txt) bytes, file $(wc -c <written.txt 2>/dev/null) bytes"; fi
}
output_case syms 0 syms --output=written.txt ../good.o
output_case check 0 check --json --output written.txt ../good.exe
output_case deps 0 deps --output=written.txt ../good.exe
output_case link 0 link --sarif --output=written.txt -- gcc main.o helper.o -o linked.exe
check_status output-unwritable 2 "$LS" syms --output=/nonexistent-dir/x.txt ../good.o
grep_check output-unwritable-msg err.txt '^linkscope syms: /nonexistent-dir/x.txt: cannot write'

# Unreadable inputs: in "errors" as {file, member, message, offset}, the
# readable ones still in "files".
unreadable() {
	local cmd=$1 want=$2; shift 2
	check_status "$cmd-json-unreadable" "$want" "$LS" "$cmd" --json "$@"
	if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
errs = {e["file"]: e for e in doc["errors"]}
assert set(errs) == {"../text.o", "no-such-file"}, doc["errors"]
for e in errs.values():
    assert list(e) == ["file", "member", "message", "offset"], e
assert errs["no-such-file"]["message"] == "No such file or directory", errs
assert errs["no-such-file"]["offset"] is None
assert any(f["path"] == "../good.exe" for f in doc["files"]), [f["path"] for f in doc["files"]]
PY
	then lt_pass "cli-$cmd-json-errors"; else lt_fail "cli-$cmd-json-errors" "$(cat py.txt)"; fi
}
unreadable syms 2 ../text.o no-such-file ../good.exe
unreadable check 2 ../text.o no-such-file ../good.exe
unreadable deps 2 ../text.o no-such-file ../good.exe
check_status golinkname-json-unreadable 2 "$LS" golinkname --json ../gosrc no-such-file.go
if python3 - <<'PY' >py.txt 2>&1
import json
doc = json.load(open("out.txt"))
assert doc["errors"] == [{"file": "no-such-file.go", "member": None,
                          "message": "No such file or directory", "offset": None}], doc["errors"]
PY
then lt_pass cli-golinkname-json-errors; else lt_fail cli-golinkname-json-errors "$(cat py.txt)"; fi
cd ..

# --- special files: one line naming the type, exit 2, never a hang ---------
# (timeout 5: a regression fails instead of hanging the suite.)
mkdir -p special/root/bin special/root/lib/x86_64-linux-gnu special/root/lib64
mkfifo special/fifo
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' special/sock
special() {	# NAME OPERAND TYPE-WORDS CMD...
	local name=$1 op=$2 what=$3; shift 3
	check_status "special-$name" 2 timeout 5 "$@" "$op"
	grep_check "special-$name-msg" err.txt "^linkscope( link)?: $op: is $what"
	[ "$(wc -l <err.txt)" -eq 1 ] && lt_pass "cli-special-$name-one-line" ||
		lt_fail "cli-special-$name-one-line" "$(cat err.txt)"
}
for cmd in syms check deps; do
	special "$cmd-fifo" special/fifo 'a FIFO \(not a regular file\)$' "$LS" "$cmd"
	special "$cmd-socket" special/sock 'a socket \(not a regular file\)$' "$LS" "$cmd"
	special "$cmd-devnull" /dev/null 'a character device \(not a regular file\)$' "$LS" "$cmd"
	special "$cmd-devzero" /dev/zero 'a character device \(not a regular file\)$' "$LS" "$cmd"
	special "$cmd-dir" special 'a directory' "$LS" "$cmd"
done
check_status special-check-dir 2 timeout 5 "$LS" check special
grep_check special-check-dir-r-hint err.txt 'is a directory \(use -r'
special link-fifo special/fifo 'a FIFO' "$LS" link -- ld good.o
special link-devzero /dev/zero 'a character device' "$LS" link -- ld good.o
special link-dir special 'a directory' "$LS" link -- ld good.o
special link-script-fifo special/fifo 'a FIFO' "$LS" link -- ld good.o -T
check_status special-link-rsp-fifo 2 timeout 5 "$LS" link -- ld @special/fifo
grep_check special-link-rsp-fifo-msg err.txt 'response file special/fifo: is a FIFO'
special golinkname-fifo special/fifo 'a FIFO' "$LS" golinkname
mkdir -p special/gomod && mkfifo special/gomod/go.mod
check_status special-gocgo-fifo-gomod 2 timeout 5 "$LS" gocgo special/gomod
grep_check special-gocgo-fifo-gomod-msg err.txt 'special/gomod/go.mod: is a FIFO'
# check -r over a tree holding a FIFO and a socket: only the regular
# files are audited, and it ends.
cp good.exe special/
check_status special-check-r 0 timeout 5 "$LS" check -r special
grep_check special-check-r-audits out.txt 'good\.exe'
# A FIFO where a library should be, in a --root: deps must not block.
cp good.exe special/root/bin/prog
mkfifo special/root/lib/x86_64-linux-gnu/libc.so.6 special/root/lib64/ld-linux-x86-64.so.2
timeout 5 "$LS" deps --root special/root /bin/prog >out.txt 2>err.txt
rc=$?
[ "$rc" -ne 124 ] && [ "$rc" -le 2 ] && lt_pass cli-special-deps-fifo-library ||
	lt_fail cli-special-deps-fifo-library "exit $rc" "$(head -3 err.txt)"

# --- colour: TERM=dumb is off under auto, --color=always still on ----------
if command -v script >/dev/null; then
	TERM=xterm script -qc "'$LS' check good.exe" /dev/null >tty.txt 2>&1
	grep -q $'\033\[' tty.txt && lt_pass cli-color-auto-tty ||
		lt_fail cli-color-auto-tty "no colour on a terminal"
	TERM=dumb script -qc "'$LS' check good.exe" /dev/null >tty.txt 2>&1
	grep -q $'\033\[' tty.txt && lt_fail cli-color-term-dumb "colour under TERM=dumb" ||
		lt_pass cli-color-term-dumb
fi
TERM=dumb "$LS" check --color=always good.o good.exe >out.txt 2>/dev/null
grep -q $'\033\[' out.txt && lt_pass cli-color-always-term-dumb ||
	lt_fail cli-color-always-term-dumb "no colour with --color=always"
# Every coloured span ends before its newline (the fortify line did not).
grep -q $'^\033\[0m' out.txt && lt_fail cli-color-reset-before-newline "$(grep -n $'^\033\[0m' out.txt | head -3)" ||
	lt_pass cli-color-reset-before-newline
grep_check color-fortify-line out.txt $'fortify +\033\\[3[12]m(yes|no)\033\\[0m'

# --- help CMD, did you mean -------------------------------------------------
check_status help-cmd 0 "$LS" help check
"$LS" check --help >want.txt
cmp -s out.txt want.txt && lt_pass cli-help-cmd-is-cmd-help ||
	lt_fail cli-help-cmd-is-cmd-help "help check differs from check --help"
check_status help-alone 0 "$LS" help
cmp -s out.txt main-help.txt && lt_pass cli-help-alone-is-global ||
	lt_fail cli-help-alone-is-global "help differs from --help"
check_status help-nosuch 2 "$LS" help nosuch
grep_check help-nosuch-msg err.txt "'nosuch' is not a command"
check_status did-you-mean 2 "$LS" sym
grep_check did-you-mean-msg err.txt "did you mean 'syms'\?"
check_status did-you-mean-far 2 "$LS" frobnicate
if grep -q 'did you mean' err.txt; then lt_fail cli-did-you-mean-far "$(cat err.txt)"; else lt_pass cli-did-you-mean-far; fi

echo "cli: $LT_PASSED passed, $LT_FAILED failed"
