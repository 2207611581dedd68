#!/bin/bash
# tests/e2e/go-modules.sh LINKSCOPE [WORKDIR] - linkscope against the Go
# toolchain on real modules at the pinned versions of
# tests/fixtures/gomodules/modules.txt (read its header for the kinds).
#
# Each module gets a tiny main package in WORKDIR/NAME (default WORKDIR:
# tests/out/go-modules), written here; `go mod tidy` fetches it through the
# module proxy into `go env GOMODCACHE` (GOFLAGS=-mod=mod; GOCACHE and
# GOMODCACHE as inherited, so a second run is warm).  One line per case:
#
#   gomod-NAME-linkname      GOTOOLCHAIN=local go build; `linkscope
#                            golinkname --json` on the module exits 1
#                            exactly when the build fails, and every symbol
#                            the linker rejects ("invalid reference to X",
#                            "relocation target X not defined") is a
#                            blocked or undefined pull
#   gomod-NAME-linkname-1.27 the same with GOTOOLCHAIN=go1.27.3 (the go
#                            command fetches it from the proxy) and
#                            --goroot at its GOROOT
#   gomod-NAME-gocgo         `linkscope gocgo` exits 1 exactly when
#                            CGO_ENABLED=0 go build fails; each error it
#                            reports is in go build's stderr; each stub
#                            message is printed by the CGO_ENABLED=0
#                            program (run with no arguments)
#   gomod-NAME-nocgo         CGO_ENABLED=0 build: `check --require no-cgo`
#                            exits 0 iff `go version -m` says CGO_ENABLED=0
#                            and nm finds no x_cgo_init
#
# A module the proxy cannot be reached for (dial tcp, x509:, tls:,
# proxyconnect in go's error) is a SKIP naming that; any other failure to
# fetch or set up is a FAIL.  A build that fails is not a test failure:
# it is the oracle.
set -u
. "$(dirname "$0")/../lib/common.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: go-modules.sh LINKSCOPE [WORKDIR]" >&2
	exit 2
fi
LS=$(lt_abspath "$1")
W=${2:-$LT_REPO_ROOT/tests/out/go-modules}
mkdir -p "$W"
W=$(cd -- "$W" && pwd)
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
LIST=$LT_REPO_ROOT/tests/fixtures/gomodules/modules.txt
GO127=go1.27.3

if [ ! -x "$GO" ]; then
	lt_fail gomod "not run: no go command (GO=$GO)"
	lt_summary go-modules
	exit 1
fi
export PATH="$(dirname "$GO"):$PATH"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" GOWORK=off
unset GOOS GOARCH CGO_ENABLED

NETRE='dial tcp|x509:|tls:|proxyconnect'

# offline FILE: go's error says the proxy could not be reached.
offline() { grep -Eq "$NETRE" "$1"; }

# rejected FILE: the symbols the linker refused, one per line, sorted.
rejected() {
	sed -nE 's/.*invalid reference to ([^ ]+).*/\1/p;
		s/.*relocation target ([^ ]+) not defined.*/\1/p' "$1" | sort -u
}

# judge NAME CASE DIR BUILD_RC BUILD_ERR [golinkname options...]
judge() {
	local name=$1 case=$2 dir=$3 brc=$4 berr=$5
	shift 5
	"$LS" golinkname --json "$@" "$dir" >"$dir/$case.json" 2>"$dir/$case.lserr"
	local lrc=$?
	if [ $lrc -ge 2 ]; then
		lt_fail "gomod-$name-$case" "golinkname exited $lrc" "$(head -5 "$dir/$case.lserr")"
		return
	fi
	local flagged missing
	flagged=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for l in d["linknames"]:
    if l["verdict"] in ("blocked", "undefined"):
        print(l["target"])
' "$dir/$case.json" | sort -u)
	missing=$(comm -23 <(rejected "$berr") <(printf '%s\n' "$flagged" | sed '/^$/d'))
	local want=0
	[ "$brc" -ne 0 ] && want=1
	if [ "$lrc" -eq "$want" ] && [ -z "$missing" ]; then
		lt_pass "gomod-$name-$case"
	else
		lt_fail "gomod-$name-$case" \
			"golinkname exit $lrc, go build exit $brc" \
			"rejected by the linker, not flagged: $(echo $missing)" \
			"flagged: $(echo $flagged | cut -c1-600)" \
			"$(grep -E 'invalid reference|not defined|^#|error' "$berr" | head -8)"
	fi
}

# setup NAME MODULE VERSION PACKAGE KIND: WORKDIR/NAME with go.mod and a
# main, tidied through the proxy.  0 when ready; 1 after a FAIL/SKIP line.
setup() {
	local name=$1 mod=$2 ver=$3 pkg=$4 kind=$5 d=$W/$1
	mkdir -p "$d"
	rm -f "$d"/*.go "$d/go.sum"
	printf 'module linkscope.test/gomod/%s\n\ngo 1.21\n\nrequire %s %s\n' \
		"$name" "$mod" "$ver" >"$d/go.mod"
	case $kind:$name in
	gocgo:pkcs11) printf 'package main\n\nimport "%s"\n\nfunc main() { println(pkcs11.New("libsofthsm2.so") != nil) }\n' "$pkg" ;;
	gocgo:pcap) printf 'package main\n\nimport (\n\t"fmt"\n\n\t"%s"\n)\n\nfunc main() {\n\t_, err := pcap.OpenLive("lo", 64, false, pcap.BlockForever)\n\tfmt.Println(err)\n}\n' "$pkg" ;;
	gocgo:sqlite3) printf 'package main\n\nimport (\n\t"database/sql"\n\t"fmt"\n\n\t_ "%s"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("sqlite3", ":memory:")\n\tfmt.Println(db.Ping())\n}\n' "$pkg" ;;
	nocgo:*) printf 'package main\n\nimport "%s"\n\nfunc main() {\n\th, err := purego.Dlopen("libc.so.6", purego.RTLD_NOW)\n\tprintln(h, err)\n}\n' "$pkg" ;;
	*) printf 'package main\n\nimport _ "%s"\n\nfunc main() {}\n' "$pkg" ;;
	esac >"$d/main.go"
	if ! (cd "$d" && GOTOOLCHAIN=local "$GO" mod tidy) >"$d/tidy.log" 2>&1; then
		if offline "$d/tidy.log"; then
			lt_skip "gomod-$name" "module proxy unreachable: $(grep -Eo "($NETRE).{0,60}" "$d/tidy.log" | head -1)"
		else
			lt_fail "gomod-$name" "go mod tidy failed" "$(tail -5 "$d/tidy.log")"
		fi
		return 1
	fi
	return 0
}

GOROOT127=''
goroot127() {
	[ -n "$GOROOT127" ] && return 0
	GOROOT127=$(cd "$W" && GOTOOLCHAIN=$GO127 "$GO" env GOROOT 2>"$W/go127.log")
	[ -n "$GOROOT127" ] && [ -d "$GOROOT127" ]
}

start=$(date +%s)
while read -r name mod ver pkg kind extra; do
	case $name in ''|\#*) continue ;; esac
	setup "$name" "$mod" "$ver" "$pkg" "$kind" || continue
	d=$W/$name
	case $kind in
	linkname)
		(cd "$d" && GOTOOLCHAIN=local "$GO" build -o /dev/null .) >"$d/build.log" 2>&1
		judge "$name" linkname "$d" $? "$d/build.log" --modcache="$("$GO" env GOMODCACHE)"
		if [ "$extra" = go127 ]; then
			if ! goroot127; then
				if offline "$W/go127.log"; then
					lt_skip "gomod-$name-linkname-1.27" "module proxy unreachable for $GO127"
				else
					lt_fail "gomod-$name-linkname-1.27" "GOTOOLCHAIN=$GO127 go env GOROOT failed" "$(tail -3 "$W/go127.log")"
				fi
			else
				(cd "$d" && GOTOOLCHAIN=$GO127 "$GO" build -o /dev/null .) >"$d/build127.log" 2>&1
				judge "$name" linkname-1.27 "$d" $? "$d/build127.log" \
					--goroot="$GOROOT127" --modcache="$("$GO" env GOMODCACHE)"
			fi
		fi
		;;
	gocgo)
		"$LS" gocgo --json "$d" >"$d/gocgo.json" 2>"$d/gocgo.err"
		lrc=$?
		(cd "$d" && CGO_ENABLED=0 GOTOOLCHAIN=local "$GO" build -o "$d/nocgo" .) >"$d/build0.log" 2>&1
		brc=$?
		run=''
		[ $brc -eq 0 ] && run=$(cd "$d" && timeout 20 ./nocgo 2>&1)
		probs=$(python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
lrc, brc, err, run = int(sys.argv[2]), int(sys.argv[3]), open(sys.argv[4]).read(), sys.argv[5]
if lrc != (1 if brc else 0):
    print("gocgo exit %d, CGO_ENABLED=0 go build exit %d" % (lrc, brc))
for f in doc["fails_without_cgo"]:
    if f["error"].strip() not in err:
        print("error %r not in go build stderr" % f["error"])
le = doc["without_cgo"]["link_error"]
if le and le.strip() not in err:
    print("link_error %r not in go build stderr" % le)
for s in doc["stubs_without_cgo"]:
    if s["message"] and s["message"] not in run:
        print("stub %s: %r not printed by the program: %r" % (s["import_path"], s["message"], run))
if sys.argv[6] == "sqlite3" and not [s for s in doc["stubs_without_cgo"] if s["message"]]:
    print("go-sqlite3 not named a stub")
' "$d/gocgo.json" "$lrc" "$brc" "$d/build0.log" "$run" "$name" 2>&1)
		if [ $lrc -le 1 ] && [ -z "$probs" ]; then
			lt_pass "gomod-$name-gocgo"
		else
			lt_fail "gomod-$name-gocgo" "$probs" "$(head -5 "$d/gocgo.err")"
		fi
		;;
	nocgo)
		if ! (cd "$d" && CGO_ENABLED=0 GOTOOLCHAIN=local "$GO" build -o "$d/prog" .) >"$d/build0.log" 2>&1; then
			lt_fail "gomod-$name-nocgo" "CGO_ENABLED=0 go build failed" "$(tail -5 "$d/build0.log")"
			continue
		fi
		"$LS" check --require no-cgo "$d/prog" >"$d/check.txt" 2>&1
		crc=$?
		want=1
		"$GO" version -m "$d/prog" | grep -q $'\tbuild\tCGO_ENABLED=0$' &&
			! nm "$d/prog" 2>/dev/null | grep -Eq ' [Tt] x_cgo_init$' && want=0
		if [ $crc -eq $want ] && nm "$d/prog" | grep -q ' T crosscall2$'; then
			lt_pass "gomod-$name-nocgo"
		else
			lt_fail "gomod-$name-nocgo" "check --require no-cgo exited $crc, want $want (crosscall2 must be defined: the imitation)" "$(cat "$d/check.txt")"
		fi
		;;
	*) lt_fail "gomod-$name" "unknown kind '$kind' in $LIST" ;;
	esac
done <"$LIST"
lt_note "go-modules: $(($(date +%s) - start)) s"
lt_summary go-modules
