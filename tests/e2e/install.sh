#!/bin/bash
# tests/e2e/install.sh BUILDDIR - the installed linkscope: what `meson
# install` puts in place, and a program built against the INSTALLED
# library through pkg-config.
#
# The build in BUILDDIR is installed with --destdir into a temporary
# directory, then:
#   - the tree holds the binary, liblinkscope.so.1 (SONAME), the .a, the
#     headers, linkscope.pc, one man page per command and the bash, zsh
#     and fish completions;
#   - the .so exports only linkscope_* functions, all at LINKSCOPE_1.0,
#     one per LINKSCOPE_API declaration of the headers, and the .a
#     defines no other global name;
#   - the public headers define no struct (opaque handles), name nothing
#     internal, and declare only linkscope_* / LINKSCOPE_* names; each
#     compiles alone as C99 (-Wall -Wextra -Werror -pedantic) and as C++;
#   - examples/api/lsquery.c is built with `pkg-config --cflags --libs
#     linkscope` (shared) and `--static` (static), and its answers on
#     objects compiled here (syms, also from a memory buffer; check; deps;
#     link) equal the installed `linkscope` command's;
#   - every option of every command's --help is in its man page and in
#     each completion file; the completions parse (zsh -n, fish -n) and
#     complete a command and an option.
# For a sanitizer build the example is compiled with the same
# -fsanitize flags.  Needs cc, c++ (else SKIP), pkg-config, nm, readelf,
# python3; zsh and fish (else SKIP).
set -u
BUILD=$(realpath "$1")
. "$(dirname "$0")/../lib/common.sh"
ROOT=$LT_REPO_ROOT
EXPECT=$ROOT/tests/e2e/install_expect.py
S=install

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

# ok NAME CMD... : PASS when CMD succeeds, else FAIL with its output.
ok() {
	local name=$1; shift
	if "$@" >"$T/ok.out" 2>&1; then
		lt_pass "$S-$name"
	else
		lt_fail "$S-$name" "$*" "$(head -15 "$T/ok.out")"
	fi
}
# same NAME FILE1 FILE2 : PASS when the files are equal, else the diff.
same() {
	if cmp -s "$2" "$3"; then
		lt_pass "$S-$1"
	else
		lt_fail "$S-$1" "$(diff "$2" "$3" | head -20)"
	fi
}

# The install, and where meson put things (its options for this build).
DEST=$T/dest
if ! meson install -C "$BUILD" --destdir "$DEST" >install.log 2>&1; then
	lt_fail "$S-meson-install" "$(tail -20 install.log)"
	lt_summary "$S"
	exit 1
fi
lt_pass "$S-meson-install"
eval "$(python3 - "$BUILD" <<'PY'
import json, os, shlex, sys
opts = {o['name']: o['value'] for o in json.load(open(os.path.join(sys.argv[1], 'meson-info', 'intro-buildoptions.json')))}
def d(k):
    v = opts[k]
    return v if v.startswith('/') else os.path.join(opts['prefix'], v)
for var, val in (('PREFIX', opts['prefix']), ('BINDIR', d('bindir')),
                 ('LIBDIR', d('libdir')), ('INCDIR', d('includedir')),
                 ('MANDIR', d('mandir')), ('DATADIR', d('datadir')),
                 ('SANITIZE', opts.get('b_sanitize', 'none'))):
    print('%s=%s' % (var, shlex.quote(val)))
PY
)"
B=$DEST$BINDIR L=$DEST$LIBDIR I=$DEST$INCDIR M=$DEST$MANDIR/man1 SH=$DEST$DATADIR
CMDS="syms check deps link gocgo golinkname"
HEADERS="linkscope.h export.h version.h error.h input.h syms.h check.h deps.h link.h"

# --- the tree -------------------------------------------------------------
ok tree-binary test -x "$B/linkscope"
ok binary-runs "$B/linkscope" --version
ok tree-so test -f "$L/liblinkscope.so.1" -a -L "$L/liblinkscope.so"
ok tree-static test -f "$L/liblinkscope.a"
ok tree-pc test -f "$L/pkgconfig/linkscope.pc"
for h in $HEADERS; do
	ok "tree-header-$h" test -f "$I/linkscope/$h"
done
for c in "" $CMDS; do
	ok "tree-man-linkscope${c:+-$c}" test -f "$M/linkscope${c:+-$c}.1"
done
ok tree-completion-bash test -f "$SH/bash-completion/completions/linkscope"
ok tree-completion-zsh test -f "$SH/zsh/site-functions/_linkscope"
ok tree-completion-fish test -f "$SH/fish/vendor_completions.d/linkscope.fish"

soname=$(readelf -d "$L/liblinkscope.so.1" 2>/dev/null |
	sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" = liblinkscope.so.1 ]; then
	lt_pass "$S-soname"
else
	lt_fail "$S-soname" "SONAME '$soname', expected liblinkscope.so.1"
fi

# --- exported symbols -----------------------------------------------------
# Every defined dynamic symbol but the version definition itself.
nm -D --defined-only "$L/liblinkscope.so.1" | awk '$2 != "A" { print $3 }' |
	sort >exported.txt
bad=$(grep -vE '^linkscope_[a-z0-9_]+@@LINKSCOPE_1\.0$' exported.txt)
if [ -s exported.txt ] && [ -z "$bad" ]; then
	lt_pass "$S-exports-only-linkscope"
else
	lt_fail "$S-exports-only-linkscope" "exported outside linkscope_*@@LINKSCOPE_1.0:" \
		"$(echo "$bad" | head -10)"
fi
# One export per declaration: nothing public is missing from the .so.
cat "$I"/linkscope/*.h | tr '\n' ' ' |
	grep -oE 'LINKSCOPE_API[^;(]*\(' | grep -oE 'linkscope_[a-z0-9_]+ *\($' |
	tr -d ' (' | sort -u >declared.txt
sed 's/@@.*//' exported.txt | sort -u >exported-names.txt
same exports-match-headers declared.txt exported-names.txt
# The static archive defines the same names and no other global one:
# its ls_* internals are local (scripts/mkstatic.sh), so they cannot
# collide with a program's own symbols in a static link.
nm -g --defined-only "$L/liblinkscope.a" | awk 'NF == 3 { print $3 }' |
	sort -u >static-names.txt
same static-defines-only-linkscope exported-names.txt static-names.txt

# --- headers: opaque, prefixed, alone in C99 and C++ -------------------------
# No struct is defined (handles are opaque), and no internal name leaks.
if grep -nE 'struct +[a-z_]+ *\{|\bls_[a-z]|LS_[A-Z]' "$I"/linkscope/*.h >leak.txt; then
	lt_fail "$S-headers-opaque" "$(head -5 leak.txt)"
else
	lt_pass "$S-headers-opaque"
fi
# Every name a header declares is prefixed (comments and strings aside).
python3 - "$I"/linkscope/*.h >names.txt <<'PY'
import re, sys
for path in sys.argv[1:]:
    text = re.sub(r'/\*.*?\*/', ' ', open(path).read(), flags=re.S)
    names = set(re.findall(r'^#define\s+(\w+)', text, re.M))      # macros
    names |= set(re.findall(r'(\w+)\s*\(', text))                 # functions
    names |= set(re.findall(r'\}\s*(\w+)\s*;', text))            # typedef'd
    names |= set(re.findall(r'typedef\s+[^;{]*?(\w+)\s*;', text))
    names |= set(re.findall(r'(?:struct|enum)\s+(\w+)', text))    # tags
    names |= set(re.findall(r'^\s*(\w+)\s*=', text, re.M))       # enumerators
    for name in sorted(names - {'__attribute__', 'visibility', 'defined'}):
        if not re.match(r'(linkscope_|LINKSCOPE_)', name):
            print('%s: %s' % (path.rsplit('/', 1)[-1], name))
PY
if [ -s names.txt ]; then
	lt_fail "$S-headers-prefixed" "names without the linkscope_ prefix:" "$(head -10 names.txt)"
else
	lt_pass "$S-headers-prefixed"
fi
for h in $HEADERS; do
	printf '#include <linkscope/%s>\nint linkscope_test_unit;\n' "$h" >h.c
	ok "header-c99-$h" cc -std=c99 -Wall -Wextra -Werror -pedantic \
		-fsyntax-only -I"$I" h.c
done
if command -v c++ >/dev/null 2>&1; then
	cat >h.cc <<'CC'
#include <linkscope/linkscope.h>
// extern "C": the names are not mangled, so this links with the C library.
int main() { return linkscope_version()[0] == 0; }
CC
	ok header-cxx c++ -std=c++11 -Wall -Wextra -Werror -I"$I" h.cc \
		-L"$L" -llinkscope -o h-cxx
else
	lt_skip "$S-header-cxx" "no c++ compiler"
fi

# --- the example, through pkg-config ---------------------------------------
# The .pc names the install prefix; its files are under DEST, so the
# prefix is redefined (jansson and libdw come from the system).
export PKG_CONFIG_PATH=$L/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
PC=(pkg-config --define-variable=prefix="$DEST$PREFIX")
SAN=()
[ "$SANITIZE" != none ] && SAN=(-fsanitize="$SANITIZE")
cflags=$("${PC[@]}" --cflags linkscope) libs=$("${PC[@]}" --libs linkscope)
static_libs=$("${PC[@]}" --static --libs linkscope)
static_libs=${static_libs/-llinkscope /-l:liblinkscope.a }
ok pkg-config "${PC[@]}" --exists linkscope
# shellcheck disable=SC2086
ok build-example-shared cc -std=c17 -Wall -Wextra -Werror "${SAN[@]}" \
	$cflags "$ROOT/examples/api/lsquery.c" $libs -o lsquery-shared
# shellcheck disable=SC2086
ok build-example-static cc -std=c17 -Wall -Wextra -Werror "${SAN[@]}" \
	$cflags "$ROOT/examples/api/lsquery.c" $static_libs -o lsquery-static
if [ -x lsquery-static ] && ! readelf -d lsquery-static | grep -q liblinkscope; then
	lt_pass "$S-static-has-no-liblinkscope-needed"
else
	lt_fail "$S-static-has-no-liblinkscope-needed" "$(readelf -d lsquery-static 2>&1 | grep NEEDED)"
fi
export LD_LIBRARY_PATH=$L${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
if [ -x lsquery-shared ] && ldd lsquery-shared | grep -q "$L/liblinkscope.so.1"; then
	lt_pass "$S-shared-uses-installed-so"
else
	lt_fail "$S-shared-uses-installed-so" "$(ldd lsquery-shared 2>&1 | head -5)"
fi

# --- fixtures, compiled now -------------------------------------------------
cat >t.c <<'C'
#include <stdio.h>
int g_counter = 1;
static int s_local;
extern int needs_me(void);
__attribute__((weak)) void weak_hook(void);
int main(void) { printf("%d\n", s_local); return needs_me() + g_counter; }
C
cat >u.c <<'C'
int needs_me(void) { return 0; }
double u_data[4];
C
cat >dup.c <<'C'
int needs_me(void) { return 1; }
C
cat >v.c <<'C'
int v_old(void) { return 1; }
int v_new(void) { return 2; }
C
printf 'V_1 { global: v_old; local: *; };\nV_2 { global: v_new; } V_1;\n' >v.map
cat >gone.c <<'C'
int gone(void) { return 0; }
C
cat >needs.c <<'C'
int gone(void);
int main(void) { return gone(); }
C
if gcc -c t.c -o t.o && gcc -c u.c -o u.o && gcc -c dup.c -o dup.o &&
	ar rcs libtu.a t.o u.o && ar rcsT thin.a t.o u.o &&
	gcc -shared -fPIC -Wl,--version-script=v.map v.c -o libv.so &&
	gcc -fstack-protector-all -Wl,-z,relro,-z,now t.c u.c -o prog &&
	gcc -shared -fPIC gone.c -o libgone-at-build.so &&
	gcc needs.c -L. -lgone-at-build -o needs-missing &&
	rm libgone-at-build.so; then
	lt_pass "$S-fixtures"
else
	lt_fail "$S-fixtures" "gcc failed"
fi
printf 'this is not an object\n' >junk.bin

LS=$B/linkscope
for q in shared static; do
	Q=./lsquery-$q
	[ -x "$Q" ] || { lt_fail "$S-$q-runs" "not built"; continue; }

	"$Q" version >v.txt
	want=$("$LS" --version | awk '{ print $2 }')
	if [ "$(cat v.txt)" = "$want $want" ]; then
		lt_pass "$S-$q-version"
	else
		lt_fail "$S-$q-version" "lsquery: $(cat v.txt); linkscope --version: $want"
	fi

	# syms: nm's lines; an archive's member headers are the CLI's only.
	for f in t.o u.o prog libtu.a; do
		"$LS" syms "$f" 2>/dev/null | grep -vE '^$|:$' >cli.txt
		"$Q" syms "$f" >api.txt 2>&1
		same "$q-syms-$f" cli.txt api.txt
		"$Q" syms -m "$f" >mem.txt 2>&1
		same "$q-syms-memory-$f" api.txt mem.txt
	done
	for f in libv.so prog; do
		"$LS" syms -D "$f" 2>/dev/null >cli.txt
		"$Q" syms -D "$f" >api.txt 2>&1
		same "$q-syms-dynamic-$f" cli.txt api.txt
		"$Q" syms -D -m "$f" >mem.txt 2>&1
		same "$q-syms-dynamic-memory-$f" api.txt mem.txt
	done
	# Errors: status 2 and the reader's words, as the command says them.
	# A thin archive's members are files a memory input cannot reach.
	"$LS" syms thin.a 2>/dev/null | grep -vE '^$|:$' >cli.txt
	"$Q" syms thin.a >api.txt 2>&1
	same "$q-syms-thin.a" cli.txt api.txt
	for c in "syms -m junk.bin|file format not recognized" \
		"syms no-such-file|No such file" \
		"syms -m thin.a|not readable from a memory input" \
		"check prog no-such-requirement|no-such-requirement"; do
		# shellcheck disable=SC2086
		"$Q" ${c%%|*} >out.txt 2>&1
		rc=$?
		name=$(echo "${c%%|*}" | tr ' ' '-')
		if [ "$rc" -eq 2 ] && grep -q -- "${c#*|}" out.txt; then
			lt_pass "$S-$q-error-$name"
		else
			lt_fail "$S-$q-error-$name" "exit $rc (expected 2 and '${c#*|}'):" "$(head -3 out.txt)"
		fi
	done

	# check: the facts and failed requirements of the JSON document.
	for f in prog t.o libv.so; do
		for req in pie,relro=full,canary,nx "glibc<=2.17,bindnow"; do
			"$LS" check --json --require="$req" "$f" >cli.json 2>/dev/null
			python3 "$EXPECT" check cli.json >cli.txt
			"$Q" check "$f" "$req" >api.txt 2>&1
			same "$q-check-$f-$req" cli.txt api.txt
		done
		"$Q" check -m "$f" >mem.txt 2>&1
		"$Q" check "$f" >api.txt 2>&1
		same "$q-check-memory-$f" api.txt mem.txt
	done

	# deps: the verdict and the missing libraries.
	for f in prog needs-missing; do
		"$LS" deps --json "$f" >cli.json 2>/dev/null
		python3 "$EXPECT" deps cli.json >cli.txt
		"$Q" deps "$f" 2>&1 | grep -E '^(missing|ok)=' >api.txt
		same "$q-deps-$f" cli.txt api.txt
	done

	# link: the verdict, undefined and duplicate symbols.
	i=0
	for line in "gcc t.o u.o -o a.out" "gcc t.o -o a.out" \
		"gcc t.o u.o dup.o -o a.out" "gcc t.o -L. -ltu -o a.out"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		"$LS" link --json -- $line >cli.json 2>/dev/null
		python3 "$EXPECT" link cli.json >cli.txt
		# shellcheck disable=SC2086
		"$Q" link $line >api.txt 2>&1
		same "$q-link-$i" cli.txt api.txt
	done
done

# --- man pages and completions cover every option ----------------------------
for c in $CMDS; do
	"$LS" "$c" --help | grep -oE '^ +(-[a-zA-Z], )*--?[a-z][a-z-]*' |
		grep -oE -- '--?[a-z][a-z-]*$' | sort -u >opts.txt
	# The roff source with its escapes and fonts undone (no man needed).
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$M/linkscope-$c.1" >man.txt
	miss=$(while read -r o; do grep -qe "$o" man.txt || echo "$o"; done <opts.txt)
	if [ -s opts.txt ] && [ -z "$miss" ]; then
		lt_pass "$S-man-$c-options"
	else
		lt_fail "$S-man-$c-options" "not in linkscope-$c(1): $miss"
	fi
	for f in "$SH/bash-completion/completions/linkscope" \
		"$SH/zsh/site-functions/_linkscope" \
		"$SH/fish/vendor_completions.d/linkscope.fish"; do
		miss=$(while read -r o; do
			case $o in
			--*) grep -qe "${o}\\b" -e "-l ${o#--}\\b" "$f" || echo "$o" ;;
			*) grep -qe "${o}\\b" -e "-s ${o#-}\\b" "$f" || echo "$o" ;;
			esac
		done <opts.txt)
		if [ -z "$miss" ]; then
			lt_pass "$S-completion-$(basename "$f")-$c"
		else
			lt_fail "$S-completion-$(basename "$f")-$c" "missing: $miss"
		fi
	done
done
got=$(bash -c '. "$1"; COMP_WORDS=(linkscope syms --dyn); COMP_CWORD=2
	_linkscope; echo "${COMPREPLY[*]}"' _ "$SH/bash-completion/completions/linkscope")
if [ "$got" = --dynamic ]; then
	lt_pass "$S-completion-bash-works"
else
	lt_fail "$S-completion-bash-works" "linkscope syms --dyn<TAB>: '$got'"
fi
if command -v zsh >/dev/null 2>&1; then
	ok completion-zsh-parses zsh -n "$SH/zsh/site-functions/_linkscope"
else
	lt_skip "$S-completion-zsh-parses" "no zsh"
fi
if command -v fish >/dev/null 2>&1; then
	ok completion-fish-parses fish -n "$SH/fish/vendor_completions.d/linkscope.fish"
	got=$(fish -c "source '$SH/fish/vendor_completions.d/linkscope.fish'; complete -C 'linkscope li'" 2>&1 | cut -f1)
	if [ "$got" = link ]; then
		lt_pass "$S-completion-fish-works"
	else
		lt_fail "$S-completion-fish-works" "linkscope li<TAB>: '$got'"
	fi
else
	lt_skip "$S-completion-fish-parses" "no fish"
fi

lt_summary "$S"
