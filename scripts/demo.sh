#!/bin/bash
# demo.sh - builds linkscope on a fresh Debian machine and runs it on the
# bundled broken link in examples/two-runtimes.
set -eu
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null

D=build/demo
mkdir -p "$D"
gcc -c examples/two-runtimes/image.c -o "$D/image.o"
gcc -c examples/two-runtimes/crypto.c -o "$D/crypto.o"
gcc -c examples/two-runtimes/main.c -o "$D/main.o"
rm -f "$D/libimage.a" "$D/libcrypto_go.a"
ar rcs "$D/libimage.a" "$D/image.o"
ar rcs "$D/libcrypto_go.a" "$D/crypto.o"

echo "\$ gcc main.o -L. -limage -lcrypto_go      # the link that fails"
if gcc "$D/main.o" -L"$D" -limage -lcrypto_go -o "$D/app" 2>"$D/link.err"; then
	echo "(unexpectedly linked)"
else
	sed 's/^/  /' "$D/link.err" | head -4
fi
echo
echo "\$ linkscope syms -A -g --defined-only libimage.a libcrypto_go.a"
build/linkscope syms -A -g --defined-only "$D/libimage.a" "$D/libcrypto_go.a"
echo
echo "Symbols defined by both archives (each one is a duplicate at link time):"
build/linkscope syms -g --defined-only --json "$D/libimage.a" "$D/libcrypto_go.a" |
	python3 -c '
import json, sys, collections
doc = json.load(sys.stdin)
where = collections.defaultdict(list)
for f in doc["files"]:
    for s in f["symbols"]:
        where[s["name"]].append("%s(%s)" % (f["path"], f["member"]))
for name, sites in sorted(where.items()):
    if len(sites) > 1:
        print("  %-16s %s" % (name, "  ".join(sites)))
'
