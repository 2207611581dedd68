#!/bin/bash
# install-deps.sh - installs everything linkscope's build, tests, fuzzers and
# benchmarks use, on a fresh Debian 12 machine.  Safe to run again: it only
# calls apt-get when something is missing.
#
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --bench  also the benchmark peers (llvm-14-dev ...)
set -eu

pkgs=(
	# build
	build-essential meson ninja-build pkg-config libiberty-dev libjansson-dev
	# the install suite: the zsh and fish completions must parse; the
	# example linked statically needs the archives libdw.pc names in
	# Libs.private (-lbz2 -lz -llzma), which libdw-dev does not pull in
	zsh fish libbz2-dev zlib1g-dev liblzma-dev
	# unit tests and sanitizers
	libcmocka-dev clang lld libclang-rt-14-dev
	# DWARF (later issues) and an oracle peer
	libdw-dev elfutils
	# oracles and fixture toolchains
	binutils musl-tools
	# Cross compilers with their C libraries: --no-install-recommends leaves
	# out libc6-dev-*-cross (only recommended by gcc-*-linux-gnu), and
	# without it a cross gcc cannot compile main.c (no
	# bits/libc-header-start.h) nor link -lm.  The loaders and shared
	# libraries in /usr/<triplet>/lib come with libc6-*-cross.
	gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
	libc6-dev-arm64-cross libc6-arm64-cross linux-libc-dev-arm64-cross
	gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
	libc6-dev-riscv64-cross libc6-riscv64-cross linux-libc-dev-riscv64-cross
	gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf
	libc6-dev-armhf-cross libc6-armhf-cross linux-libc-dev-armhf-cross
	binutils-powerpc64le-linux-gnu binutils-s390x-linux-gnu
	binutils-mips-linux-gnu binutils-i686-linux-gnu
	qemu-user python3 time file
	# tests/e2e/deps-foreign-root.sh: a real Debian arm64 root
	# (debootstrap --foreign) whose loader runs in a private binfmt_misc
	# (qemu-user-static's /usr/lib/binfmt.d line, F flag: no qemu in the root)
	debootstrap qemu-user-static
	# tests/fixtures/debian11-root.sh: Debian 11 packages fetched by
	# scripts/debian-fetch.py (InRelease checked by gpgv against the
	# archive keyring; debootstrap only recommends both)
	gpgv debian-archive-keyring
	# "linkscope check" peers: checksec (tests/e2e/check-checksec.sh), scanelf (bench/check.sh)
	checksec pax-utils
	# the fixes check prints for RPATHs, applied by tests/e2e/check_remedy.py
	chrpath patchelf
	# "linkscope link" oracles: the four real linkers (bfd, gold from binutils; lld above)
	mold
	# ... and the other lld releases Debian 12 packages, whose rules differ
	lld-13 lld-15 lld-16
)
if [ "${1:-}" = "--bench" ]; then
	pkgs+=(llvm-14-dev llvm hyperfine zlib1g-dev libzstd-dev libtinfo-dev libxml2-dev
		# "linkscope deps" peers (bench/deps.sh): libtree; lddtree (pax-utils) needs pyelftools
		libtree python3-pyelftools)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done

# Go is the fixture toolchain for Go binaries; the machine image may carry
# its own in /usr/local/go.  Only fall back to Debian's when none is found.
if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then
	missing+=(golang-go)
fi

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
