#!/bin/bash
# demo.sh - builds linkscope on a fresh Debian machine and runs it on the
# bundled broken link in examples/two-runtimes: two Go libraries, each built
# with `go build -buildmode=c-archive`, linked into one C program.  The real
# link fails; `linkscope link` then explains it without running the linker.
#
# Where no Go toolchain is installed, the C stand-ins in
# examples/two-runtimes/stand-in/ (the same colliding runtime entry points)
# take the archives' place, and the demo says so (DEMO_STAND_IN=1 forces
# them).
set -eu
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null

EX=$ROOT/examples/two-runtimes
D=build/demo
rm -rf "$D"
mkdir -p "$D"
cd "$D"

GO=$(command -v go || { [ -x /usr/local/go/bin/go ] && echo /usr/local/go/bin/go; } || true)
[ "${DEMO_STAND_IN:-0}" = 1 ] && GO=
if [ -n "$GO" ]; then
	# Offline and with the installed toolchain: the modules have no
	# dependencies.  The go command's own build cache is kept.
	export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=1 CC=gcc
	for lib in image:libimage crypto:libcrypto_go; do
		echo "\$ (cd ${lib%%:*} && go build -buildmode=c-archive -o ${lib#*:}.a .)"
		(cd "$EX/${lib%%:*}" && "$GO" build -buildmode=c-archive \
			-o "$ROOT/$D/${lib#*:}.a" .)
	done
else
	echo "(no Go toolchain: the C stand-ins in examples/two-runtimes/stand-in/ play the two c-archives)"
	gcc -g -c "$EX"/stand-in/image.c "$EX"/stand-in/crypto.c
	ar rcs libimage.a image.o
	ar rcs libcrypto_go.a crypto.o
fi
echo "\$ gcc -g -c main.c"
gcc -g -I. -c "$EX/main.c" -o main.o

echo "\$ gcc main.o -L. -limage -lcrypto_go -o app      # the link that fails"
if gcc main.o -L. -limage -lcrypto_go -o app 2>link.err; then
	echo "(unexpectedly linked)"
else
	sed 's/^/  /' link.err
fi
echo
echo "\$ linkscope link --members -- gcc main.o -L. -limage -lcrypto_go -o app"
# Exit status 1: the link would fail (that is the diagnosis, not an error).
../linkscope link --members -- gcc main.o -L. -limage -lcrypto_go -o app || true
