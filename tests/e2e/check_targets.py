"""check_targets.py - named targets, `linkscope check --target NAME`, run by
check_hardening.py as its "targets" part.

Fixtures are built here at test time on this Debian 12 host (a fixture
that does not build is a failure): C programs calling arc4random
(GLIBC_2.36), pthread_create without -lpthread (GLIBC_2.34), stat
(GLIBC_2.33); programs and a library using only old symbols (no
crt1.o: __libc_start_main is GLIBC_2.34 in every program linked against
glibc 2.34+); pthread_create@GLIBC_2.2.5 bound from libc.so.6 alone
(glibc 2.31 defines it in libpthread.so.0 only: "undefined symbol"); a
C++ program needing GLIBCXX_3.4.29 (Debian 11's gcc 10 stops at
3.4.28); an aarch64 cross-built one; a musl interpreter; an ARM (32-bit)
one; a static one; one needing a library that is not a target's.

The oracle for "needs" is GNU readelf --dyn-syms -W on the fixture: every
undefined symbol bound to a GLIBC/GLIBCXX version above the target's
release (debian-11: glibc 2.31, GLIBCXX_3.4.28; manylinux_2_28: 2.28 and
3.4.24; debian-12: 2.36, 3.4.30) must be listed, and nothing else.  (The
real loader's verdict inside a Debian 11 root is check-target-oracle.sh.)

The data-freshness check regenerates data/targets from Debian's packages
(scripts/gen-targets.py, through debian-fetch.py's verified cache) and
diffs it with the checked-in data (targets.txt without its provenance
lines, which move with point releases); only an unreachable mirror is the
named skip "Debian mirror unreachable".
"""
import filecmp
import json
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The newest version each target defines, per family.
TOPS = {'debian-11': {'GLIBC': '2.31', 'GLIBCXX': '3.4.28'},
        'debian-12': {'GLIBC': '2.36', 'GLIBCXX': '3.4.30'},
        'manylinux_2_28': {'GLIBC': '2.28', 'GLIBCXX': '3.4.24'}}

C_SRC = {
    'arc': '#include <stdlib.h>\nint main(void) { return (int)(arc4random() & 1); }\n',
    'pth': ('#include <pthread.h>\nstatic void *run(void *p) { return p; }\n'
            'int main(void) { pthread_t t; if (pthread_create(&t, 0, run, 0)) return 1;\n'
            '  return pthread_join(t, 0); }\n'),
    'stat': ('#include <sys/stat.h>\nint main(int c, char **v) { struct stat s; (void)c;\n'
             '  return stat(v[0], &s); }\n'),
}
# No crt1.o: a program whose every import is old (puts, strlen, exit).
OLD_SRC = r'''
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
__attribute__((force_align_arg_pointer))
#endif
void _start(void) { printf("%zu\n", strlen("old")); exit(0); }
'''
OLDLIB_SRC = '#include <string.h>\n#include <stdio.h>\nint f(const char *s) { return printf("%zu", strlen(s)); }\n'
# pthread_create@GLIBC_2.2.5 from libc.so.6 (glibc 2.34+ keeps it there as
# a compat symbol); on glibc 2.31 it is only in libpthread.so.0.
PTHOLD_SRC = r'''
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
__asm__(".symver pthread_create,pthread_create@GLIBC_2.2.5");
static void *run(void *p) { return p; }
__attribute__((force_align_arg_pointer))
void _start(void) { pthread_t t; pthread_create(&t, 0, run, 0); puts("ok"); exit(0); }
'''
CXX_SRC = r'''
#include <iostream>
#include <sstream>
#include <string>
int main(int argc, char **argv) {
	std::ostringstream os;
	os << argc << argv[0];
	std::string s(os.view());	// GLIBCXX_3.4.29 (GCC 11)
	std::cout << s << std::endl;
	return 0;
}
'''


def vkey(v):
    return tuple(int(x) for x in v.split('.') if x.isdigit())


def oracle(path):
    """{(name, version)} of the undefined versioned symbols (readelf)."""
    r = subprocess.run(['readelf', '--dyn-syms', '-W', path], capture_output=True, text=True)
    out = set()
    for line in r.stdout.splitlines():
        f = line.split()
        if len(f) >= 8 and f[6] == 'UND' and '@' in f[7] and f[4] == 'GLOBAL':
            name, ver = f[7].split('@', 1)
            out.add((name, ver.lstrip('@')))
    return out


def above(syms, tops):
    want = set()
    for name, ver in syms:
        m = re.match(r'^(GLIBCXX|GLIBC)_([0-9.]+)$', ver)
        if m and vkey(m.group(2)) > vkey(tops[m.group(1)]):
            want.add((name, ver))
    return want


def compile_all(h, tmp):
    fx = {}

    def cc(label, tool, src, ext, flags, out=None):
        path = os.path.join(tmp, label + ext)
        with open(path, 'w') as fh:
            fh.write(src)
        exe = out or os.path.join(tmp, label)
        r = subprocess.run([tool, *flags, '-o', exe, path], capture_output=True, text=True)
        if r.returncode or not os.path.exists(exe):
            h.emit_fail(f'check-targets build {label}', ' '.join([tool, *flags]), r.stderr[:500])
        else:
            fx[label] = exe

    for label, src in C_SRC.items():
        cc(label, 'gcc', src, '.c', ['-O1'])
    cc('old', 'gcc', OLD_SRC, '.c', ['-O1', '-nostartfiles'])
    cc('pthold', 'gcc', PTHOLD_SRC, '.c', ['-O1', '-nostartfiles'])
    cc('oldlib', 'gcc', OLDLIB_SRC, '.c', ['-O1', '-shared', '-fPIC'],
       os.path.join(tmp, 'liboldlib.so'))
    cc('cxx', 'g++', CXX_SRC, '.cc', ['-O1', '-std=c++20'])
    cc('a64-pth', 'aarch64-linux-gnu-gcc', C_SRC['pth'], '.c', ['-O1'])
    cc('a64-old', 'aarch64-linux-gnu-gcc', OLD_SRC, '.c', ['-O1', '-nostartfiles'])
    cc('musl', 'gcc', OLD_SRC, '.c',
       ['-O1', '-nostartfiles', '-Wl,--dynamic-linker=/lib/ld-musl-x86_64.so.1'])
    cc('arm32', 'arm-linux-gnueabihf-gcc', C_SRC['pth'], '.c', ['-O1'])
    cc('static', 'gcc', C_SRC['stat'], '.c', ['-O1', '-static'])
    cc('libfoo', 'gcc', 'int foo(void) { return 1; }\n', '.c', ['-shared', '-fPIC'],
       os.path.join(tmp, 'libfoo.so'))
    if 'libfoo' in fx:
        cc('usesfoo', 'gcc', C_SRC['pth'], '.c',
           ['-O1', '-L' + tmp, '-Wl,--no-as-needed', '-lfoo'])
    return fx


def verdict(h, exe, target):
    """(exit status, the target failure or None) from --json."""
    rc, out, err = h.run_ls(['--json', '--target', target, exe])
    try:
        doc = json.loads(out)
        failed = doc['files'][0].get('failed') or []
    except (ValueError, KeyError, IndexError):
        return rc, {'reason': 'bad JSON: ' + out[:200] + err[:200], 'symbols': []}
    return rc, next((f for f in failed if f['requirement'] == 'target=' + target), None)


def needs_checks(h, fx):
    """Every fixture on debian-11, debian-12 and manylinux_2_28: the
    symbols listed are exactly readelf's symbols above the target."""
    for label in ('arc', 'pth', 'stat', 'cxx', 'a64-pth'):
        if label not in fx:
            continue
        syms = oracle(fx[label])
        for target, tops in TOPS.items():
            want = above(syms, tops)
            rc, f = verdict(h, fx[label], target)
            name = f'check-targets {label} on {target}'
            if not want:
                h.check(name + ' holds', rc == 0 and f is None, f'exit {rc}', f)
                continue
            got = {(s['name'], s['version']) for s in (f or {}).get('symbols', [])}
            h.check(name + ' fails listing every symbol above it', rc == 1 and got == want,
                    f'exit {rc}', f'want {sorted(want)}', f'got {sorted(got)}',
                    (f or {}).get('reason', '')[:400])


def expect(h, label, exe, target, ok, *texts):
    rc, out, err = h.run_ls(['--target', target, exe])
    line = next((ln for ln in out.splitlines() if 'FAIL target=' in ln), '')
    name = f'check-targets {label} on {target} ' + ('holds' if ok else 'fails')
    if ok:
        return h.check(name, rc == 0 and not line, f'exit {rc}', line, err[:300])
    return h.check(name + (': ' + texts[0] if texts else ''),
                   rc == 1 and all(t in line for t in texts), f'exit {rc}', line[:600], err[:300])


def verdict_checks(h, fx):
    if 'arc' in fx:
        syms = oracle(fx['arc'])
        h.check('check-targets oracle: arc4random is GLIBC_2.36',
                ('arc4random', 'GLIBC_2.36') in syms, sorted(syms))
        expect(h, 'arc', fx['arc'], 'debian-11', False,
               'would not load on debian-11 (Debian 11 bullseye, glibc 2.31, amd64): needs GLIBC_2.36 (arc4random)')
    if 'pth' in fx:
        expect(h, 'pth', fx['pth'], 'debian-11', False, 'GLIBC_2.34 (', 'pthread_create')
        expect(h, 'pth', fx['pth'], 'rhel-8', False,
               'would not load on manylinux_2_28', 'GLIBC_2.34 (', 'pthread_create')
        expect(h, 'pth', fx['pth'], 'manylinux_2_34', True)
    if 'stat' in fx:
        expect(h, 'stat', fx['stat'], 'debian-11', False, 'GLIBC_2.33 (stat)')
    for label in ('old', 'a64-old', 'oldlib'):
        if label in fx:
            for t in ('debian-11', 'debian-12', 'debian-13', 'manylinux_2_28', 'manylinux_2_17'):
                expect(h, label, fx[label], t, True)
    if 'pthold' in fx:
        h.check('check-targets oracle: pthold binds pthread_create@GLIBC_2.2.5 of libc.so.6',
                ('pthread_create', 'GLIBC_2.2.5') in oracle(fx['pthold']), sorted(oracle(fx['pthold'])))
        msg = ('undefined symbol: pthread_create, version GLIBC_2.2.5 '
               '(defined in libpthread.so.0, which the file does not load)')
        expect(h, 'pthold', fx['pthold'], 'debian-11', False, msg)
        expect(h, 'pthold', fx['pthold'], 'manylinux_2_28', False, msg)
        expect(h, 'pthold', fx['pthold'], 'debian-12', True)
        rc, f = verdict(h, fx['pthold'], 'debian-11')
        h.check('check-targets pthold JSON names the missing symbol',
                f and [(s['name'], s['version'], s['library']) for s in f['symbols']] ==
                [('pthread_create', 'GLIBC_2.2.5', 'libc.so.6')], f)
    if 'cxx' in fx:
        expect(h, 'cxx', fx['cxx'], 'debian-11', False, 'GLIBCXX_3.4.29 (std::')
        expect(h, 'cxx', fx['cxx'], 'debian-12', True)
    if 'a64-pth' in fx:
        expect(h, 'a64-pth', fx['a64-pth'], 'debian-11', False, 'arm64): needs GLIBC_2.34 (', 'pthread_create')
        expect(h, 'a64-pth', fx['a64-pth'], 'debian-12', True)
    if 'musl' in fx:
        expect(h, 'musl', fx['musl'], 'debian-11', False,
               'interpreter /lib/ld-musl-x86_64.so.1 is not on debian-11 (its loader is /lib64/ld-linux-x86-64.so.2)')
    if 'arm32' in fx:
        expect(h, 'arm32', fx['arm32'], 'debian-11', False, 'no data for arm on debian-11 (x86-64, aarch64 known)')
    if 'static' in fx:
        expect(h, 'static', fx['static'], 'debian-11', True)
    if 'usesfoo' in fx:
        expect(h, 'usesfoo', fx['usesfoo'], 'debian-11', False,
               'not judged: libfoo.so (not part of debian-11\'s base libraries)')


def cli_checks(h, fx):
    if 'pth' in fx:
        outs = []
        for args in (['--target', 'debian-11'], ['--require', 'target=debian-11'],
                     ['--target', 'bullseye'], ['--target=debian-12,debian-11']):
            rc, out, _ = h.run_ls([*args, fx['pth']])
            # The reason, after "FAIL target=SPELLED: ".
            outs.append((rc, [ln.split(': ', 1)[1] for ln in out.splitlines()
                              if 'FAIL target=' in ln]))
        h.check('check-targets --target, --require target=, an alias and a list agree',
                outs[0][0] == 1 and len(outs[0][1]) == 1 and
                all(o == outs[0] for o in outs), outs)
        rc, out, _ = h.run_ls(['--sarif', '--target', 'debian-11', fx['pth']])
        try:
            res = json.loads(out)['runs'][0]['results']
        except (ValueError, KeyError, IndexError):
            res = []
        texts = [r['message']['text'] for r in res]
        h.check('check-targets SARIF: the reason and one result per symbol',
                rc == 1 and any('would not load on debian-11' in t for t in texts) and
                any('pthread_create needs GLIBC_2.34 (libc.so.6)' in t for t in texts), texts)
    rc, out, err = h.run_ls(['--target', 'debian-1', '/bin/sh'])
    h.check('check-targets unknown target: usage error with did-you-mean and the known names',
            rc == 2 and "unknown target 'debian-1' (did you mean debian-11" in err and
            'manylinux_2_28' in err, f'exit {rc}', err[:400])
    rc, out, err = h.run_ls(['--list-targets'])
    rows = {ln.split()[0]: ln for ln in out.splitlines() if ln and not ln.startswith(' ')}
    h.check('check-targets --list-targets: the Debian releases exact, manylinux version-level',
            rc == 0 and all(rows.get(n, '').split()[5:6] == ['exact'] for n in ('debian-11', 'debian-12', 'debian-13'))
            and all('version-level' in rows.get(n, '') and 'manylinux policy' in rows.get(n, '')
                    for n in ('manylinux_2_17', 'manylinux_2_28', 'manylinux_2_34'))
            and 'rhel-8' in out and 'x86-64 aarch64' in rows.get('debian-11', ''), f'exit {rc}', out[:1500], err)


def strip_moving(path):
    """targets.txt without what moves with a point release (the package
    versions, dates and hashes in its provenance and deb lines)."""
    with open(path) as f:
        return [l for l in f if not l.startswith(('provenance ', 'deb '))]


def freshness_check(h):
    """The checked-in data is what the generator makes of Debian's packages
    today: the symbol data exactly, targets.txt but for its provenance.
    gen-targets.py fetches through debian-fetch.py's verified cache; only
    its exit 3 (the mirror cannot be reached) is a skip."""
    name = 'check-targets data/targets regenerates identically from Debian\'s packages'
    tmp = tempfile.mkdtemp(prefix='ls-check-targets-data-')
    try:
        shutil.copy(os.path.join(ROOT, 'data', 'targets', 'manylinux-policy.json'), tmp)
        r = subprocess.run(['python3', os.path.join(ROOT, 'scripts', 'gen-targets.py'),
                            '--out', tmp], capture_output=True, text=True)
        if r.returncode == 3:
            h.emit_skip(name, 'Debian mirror unreachable (' + r.stderr.strip()[-200:] + ')')
            return
        diff = []
        if r.returncode == 0:
            for f in ('x86-64.txt', 'aarch64.txt'):
                if not filecmp.cmp(os.path.join(tmp, f), os.path.join(ROOT, 'data', 'targets', f),
                                   shallow=False):
                    diff.append(f)
            if strip_moving(os.path.join(tmp, 'targets.txt')) != \
                    strip_moving(os.path.join(ROOT, 'data', 'targets', 'targets.txt')):
                diff.append('targets.txt (beyond provenance)')
        h.check(name, r.returncode == 0 and not diff, f'exit {r.returncode}', r.stderr[-500:],
                f'differs: {diff} (a point release changed the libraries: run '
                f'scripts/gen-targets.py and commit data/targets)')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(h):
    tmp = tempfile.mkdtemp(prefix='ls-check-targets-')
    try:
        fx = compile_all(h, tmp)
        needs_checks(h, fx)
        verdict_checks(h, fx)
        cli_checks(h, fx)
        freshness_check(h)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
