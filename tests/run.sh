#!/bin/bash
# tests/run.sh - the whole test suite, from a fresh Debian machine to one
# closing line "N passed, N failed, N skipped".
#
# It installs what it needs, builds linkscope twice (optimised, and with
# ASan+UBSan), builds the fixtures from source with the real toolchains,
# and runs every suite.  Each suite prints PASS:/FAIL:/SKIP: lines (see
# tests/lib/common.sh); this driver keeps their full logs in tests/out/,
# shows failures and skips, and counts.
#
# Environment:
#   CORPUS=N     system files in the nm differential (default 400; 0 = none)
#   SUITES="…"   run only these suites (unit cli install nm-diff nm-diff-asan
#                malformed check-hardening check-many check-target check-go check-checksec deps-list
#                deps-fixtures deps-foreign-root go-cgo go-linkname
#                link-scenarios go-modules)
#   CHECKSEC_CORPUS=all|N  system files compared with checksec (default 500)
#   DEPS_CORPUS=all|N  system files compared with the real loader in deps-list
#                (default all: about 1900 ELF files, 1-2 minutes)
#   NO_INSTALL=1 do not call apt-get
set -u

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/tests/out"
CORPUS=${CORPUS:-400}
SUITES=${SUITES:-"unit cli install nm-diff nm-diff-asan malformed check-hardening check-many check-target check-go check-checksec deps-list deps-fixtures deps-foreign-root go-cgo go-linkname link-scenarios go-modules"}
mkdir -p "$OUT"
cd "$ROOT"

step() { printf '== %s\n' "$*"; }
die() { printf 'tests/run.sh: %s\n' "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

if [ -z "${NO_INSTALL:-}" ]; then
	step "installing dependencies"
	bash scripts/install-deps.sh || die "dependency installation failed"
fi
export PATH="$PATH:/usr/local/go/bin"

step "building (release and ASan+UBSan)"
{ [ -d build ] || meson setup build; } >"$OUT/build.log" 2>&1 &&
	ninja -C build >>"$OUT/build.log" 2>&1 ||
	{ cat "$OUT/build.log"; die "build failed"; }
{ [ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined \
	-Db_lundef=false -Dbuildtype=debug; } >"$OUT/build-asan.log" 2>&1 &&
	ninja -C build-asan >>"$OUT/build-asan.log" 2>&1 ||
	{ cat "$OUT/build-asan.log"; die "ASan build failed"; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

want() { case " $SUITES " in *" $1 "*) return 0;; esac; return 1; }

# Runs a suite, keeping its log; the result lines are counted afterwards.
run_suite() {
	local name=$1; shift
	step "suite $name"
	"$@" >"$OUT/$name.log" 2>&1
	local rc=$?
	# A suite that dies before judging anything must not pass silently.
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$OUT/$name.log"; then
		echo "FAIL: $name exited with status $rc" >>"$OUT/$name.log"
	fi
	grep -E '^(FAIL|SKIP): ' -A20 "$OUT/$name.log" |
		grep -vE '^(PASS: |--$)' | head -200
	printf '   %s: %d ok, %d failing, %d skipped (log: tests/out/%s.log)\n' "$name" \
		"$(grep -c '^PASS: ' "$OUT/$name.log")" \
		"$(grep -c '^FAIL: ' "$OUT/$name.log")" \
		"$(grep -c '^SKIP: ' "$OUT/$name.log")" "$name"
}

if want unit; then
	run_suite unit bash tests/unit/run.sh build-asan
fi
if want cli; then
	run_suite cli bash tests/e2e/cli.sh build-asan/linkscope
fi
if want install; then
	# meson install into a temporary directory, then examples/api/ built
	# against the installed library through pkg-config (shared and
	# static) and compared with the installed command; the tree, the
	# exported symbols, the headers alone, man pages and completions.
	# Under ASan (the example gets the same -fsanitize flags).
	run_suite install bash tests/e2e/install.sh build-asan
fi
if want nm-diff || want nm-diff-asan; then
	step "building fixtures"
	bash tests/fixtures/build.sh "$OUT/fixtures" >"$OUT/fixtures.log" 2>&1 ||
		{ tail -30 "$OUT/fixtures.log"; die "fixture build failed"; }
	grep -E '^NOT BUILT: ' "$OUT/fixtures.log"
fi
if want nm-diff; then
	run_suite nm-diff bash tests/e2e/nm-diff.sh build/linkscope \
		"$OUT/fixtures" --corpus "$CORPUS"
fi
if want nm-diff-asan; then
	# The fixtures again, under the sanitizers: every option path runs.
	run_suite nm-diff-asan bash tests/e2e/nm-diff.sh build-asan/linkscope \
		"$OUT/fixtures"
fi
if want malformed; then
	run_suite malformed bash -c "python3 tests/malformed/gen.py '$OUT/malformed' >'$OUT/malformed-gen.log' 2>&1 &&
		{ bash tests/malformed/run.sh build-asan/linkscope '$OUT/malformed';
		  bash tests/malformed/run.sh build-asan/linkscope '$OUT/malformed' check;
		  bash tests/malformed/run.sh build-asan/linkscope '$OUT/malformed' deps;
		  bash tests/malformed/run.sh build-asan/linkscope '$OUT/malformed' link; }"
fi
if want check-hardening; then
	run_suite check-hardening bash -c "bash tests/fixtures/check-build.sh '$OUT/check-fixtures' &&
		bash tests/e2e/check-hardening.sh build/linkscope '$OUT/check-fixtures'"
fi
if want check-many; then
	run_suite check-many bash tests/e2e/check-many.sh build/linkscope "$OUT/check-many"
fi
if want check-target; then
	# `check --target debian-11` (and debian-12) against the real loaders:
	# a Debian 11 root extracted from Debian's packages (cached under
	# ${XDG_CACHE_HOME:-/var/tmp}/linkscope-roots; its loader in trace mode,
	# arm64 under qemu-aarch64-static) and this host's; fixtures from
	# tests/fixtures/target/; an unreachable mirror is a SKIP; under ASan.
	run_suite check-target bash tests/e2e/check-target-oracle.sh build-asan/linkscope "$OUT/check-target"
fi
if want check-go; then
	run_suite check-go bash -c "bash tests/fixtures/go-check.sh '$OUT/go-fixtures' &&
		bash tests/e2e/check-go.sh build/linkscope '$OUT/go-fixtures'"
fi
if want check-checksec; then
	# checksec costs 0.5-1 s per file (it runs readelf ~14 times), so
	# the default is a spread sample; CHECKSEC_CORPUS=all takes every
	# system file (about 40 minutes on two cores the first time).
	fixdir=()
	[ -f "$OUT/check-fixtures/manifest.txt" ] && fixdir=("$OUT/check-fixtures")
	run_suite check-checksec env CORPUS="${CHECKSEC_CORPUS:-500}" \
		bash tests/e2e/check-checksec.sh build/linkscope ${fixdir[@]+"${fixdir[@]}"}
fi
if want deps-list; then
	# Every ELF program and library of /usr/bin, /usr/sbin,
	# /usr/lib/x86_64-linux-gnu (and its plugin subdirectories), /usr/libexec
	# and /usr/lib/jvm against the real loader (ldd -r and its
	# LD_DEBUG=libs,files trace).
	run_suite deps-list env CORPUS="${DEPS_CORPUS:-all}" \
		bash tests/e2e/deps-list.sh build/linkscope
fi
if want deps-fixtures; then
	# Crafted fixtures (built by tests/fixtures/deps-build.sh), each case
	# against glibc's, musl's or (qemu) aarch64 glibc's loader; under ASan.
	run_suite deps-fixtures bash tests/e2e/deps-fixtures.sh build-asan/linkscope "$OUT/deps-fixtures"
fi
if want deps-foreign-root; then
	# A real Debian 12 arm64 root (debootstrap --foreign, cached under
	# ${XDG_CACHE_HOME:-/var/tmp}/linkscope-roots): every ELF file in it
	# against the root's own loader under qemu-user in a private
	# binfmt_misc, plus aarch64 fixtures; an unreachable mirror is a SKIP.
	run_suite deps-foreign-root bash tests/e2e/deps-foreign-root.sh build/linkscope "$OUT/deps-foreign-root"
fi
if want go-cgo; then
	# `linkscope gocgo` on tests/fixtures/gocgo/ against go list and real
	# CGO_ENABLED=0 builds (GOPROXY=off, its own GOCACHE); under ASan.
	run_suite go-cgo bash tests/e2e/go-cgo.sh build-asan/linkscope "$OUT/go-cgo"
fi
if want go-linkname; then
	# `linkscope golinkname` on tests/fixtures/golinkname/ against real Go
	# builds (GOPROXY=off): verdicts and linker error lines; under ASan,
	# with the GOROOT scan timed on the optimised build.
	run_suite go-linkname bash tests/e2e/go-linkname.sh build-asan/linkscope build/linkscope
fi
if want go-modules; then
	# golinkname, gocgo and check on 32 real modules at pinned versions
	# (tests/fixtures/gomodules/modules.txt), fetched through the module
	# proxy into go env GOMODCACHE, built with the installed Go and, where
	# the linkname rules differ, Go 1.27.3; SKIP only when the proxy is
	# unreachable.  Warm cache: about 8 minutes on two loaded cores.
	run_suite go-modules bash tests/e2e/go-modules.sh build/linkscope "$OUT/go-modules"
fi
if want link-scenarios; then
	# `linkscope link` on tests/fixtures/link/: every scenario linked for
	# real by ld.bfd, gold, lld and mold, and compared (verdict, duplicate
	# and undefined sets, wrong-architecture inputs, members pulled);
	# aarch64/riscv64 again with the cross toolchain hidden; under ASan.
	run_suite link-scenarios bash tests/e2e/link-scenarios.sh build-asan/linkscope
fi

pass=0 fail=0 skip=0
for s in $SUITES; do
	[ -f "$OUT/$s.log" ] || continue
	pass=$((pass + $(grep -c '^PASS: ' "$OUT/$s.log")))
	fail=$((fail + $(grep -c '^FAIL: ' "$OUT/$s.log")))
	skip=$((skip + $(grep -c '^SKIP: ' "$OUT/$s.log")))
done
if [ $((pass + fail)) -eq 0 ]; then
	fail=1
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
