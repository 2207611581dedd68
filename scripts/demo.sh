#!/bin/bash
# demo.sh - builds linkscope on a fresh Debian machine and runs it on the
# bundled broken link in examples/two-runtimes: the real link fails, then
# `linkscope link` explains it without running the linker.
set -eu
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null

D=build/demo
mkdir -p "$D"
cp examples/two-runtimes/*.c "$D"/
cd "$D"
gcc -g -c image.c crypto.c main.c
rm -f libimage.a libcrypto_go.a
ar rcs libimage.a image.o
ar rcs libcrypto_go.a crypto.o

echo "\$ gcc main.o -L. -limage -lcrypto_go -o app      # the link that fails"
if gcc main.o -L. -limage -lcrypto_go -o app 2>link.err; then
	echo "(unexpectedly linked)"
else
	sed 's/^/  /' link.err | head -4
fi
echo
echo "\$ linkscope link -- gcc main.o -L. -limage -lcrypto_go -o app"
# Exit status 1: the link would fail (that is the diagnosis, not an error).
../linkscope link --members -- gcc main.o -L. -limage -lcrypto_go -o app || true
