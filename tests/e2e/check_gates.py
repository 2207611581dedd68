"""check_gates.py - the version gates of `linkscope check --require`
(glibc<=, glibcxx<=, cxxabi<=, gcc<=, their NAME-max= spelling and
glibc=X.Y), run by check_hardening.py as its "gates" part.

Fixtures are built here at test time with the machine's gcc/g++ (and go,
for a cgo binary): a C program calling stat, pthread_create and arc4random
(GLIBC_2.33, 2.34, 2.36 on Debian 12) and reading __libc_single_threaded
(GLIBC_2.32, a copy relocation: defined in the PIE's .bss, still an import), a C++ program needing a recent
GLIBCXX/CXXABI and libgcc_s's GCC_3.0.  The oracle for "every symbol above
the target" is GNU readelf --dyn-syms -V -W (the name@VERSION of each
undefined symbol, and of each defined one bound to a needed version), and c++filt for the demangled names.  A failing gate must
list exactly the oracle's symbols, highest version first, in text, JSON and
SARIF (one result per symbol), with no reason cut at 159 bytes.

It also runs the `hardened` preset (hardened_checks) on the release
directories check-build.sh makes (go/release-hardened, go/release-plain:
the same C and Go sources with and without Debian's hardening=+all flags).
The expected failures come from the flags each file was built with and the
preset's list per kind of file (docs/check.md "The hardened preset"), and
the glibc part of `hardened,glibc<=2.31` from readelf's version floor.
"""
import os
import re
import shutil
import subprocess
import tempfile

FAMILIES = {'glibc': 'GLIBC', 'glibcxx': 'GLIBCXX', 'cxxabi': 'CXXABI', 'gcc': 'GCC'}

C_SRC = r'''
#include <pthread.h>
#include <stdlib.h>
#include <sys/single_threaded.h>
#include <sys/stat.h>
static void *run(void *p) { return p; }
int main(int argc, char **argv)
{
	struct stat st;
	pthread_t t;
	(void)argc;
	pthread_create(&t, 0, run, 0);
	return stat(argv[0], &st) + (int)(arc4random() & 1) + __libc_single_threaded;
}
'''

CXX_SRC = r'''
#include <charconv>
#include <exception>
#include <iostream>
#include <memory_resource>
#include <stdexcept>
#include <string>
int main(int argc, char **argv)
{
	std::string s = argv[0];
	std::pmr::monotonic_buffer_resource r;
	char b[32];
	std::to_chars(b, b + sizeof b, 1.5);
	try {
		if (argc > 5)
			throw std::runtime_error(s);
	} catch (...) {
		std::rethrow_exception(std::current_exception());
	}
	std::cout << s.substr(1) << (r.allocate(8) != nullptr) << std::endl;
}
'''

GO_SRC = 'package main\n\n// int two(void) { return 2; }\nimport "C"\n\nfunc main() { println(C.two()) }\n'


def vkey(v):
    return [int(x) if x.isdigit() else 0 for x in v.split('.')]


def oracle(path):
    """{(name, VERSION)} of every import bound to a version (readelf): an
    undefined versioned symbol, or a defined one whose version index is a
    needed version (Vernaux "Version: N", shown as "name@VER (N)"): a
    copy relocation, such as __libc_single_threaded in a PIE's .bss."""
    r = subprocess.run(['readelf', '--dyn-syms', '-V', '-W', path], capture_output=True, text=True)
    needed = {m.group(1) for m in re.finditer(r'Name: \S+\s+Flags: \S+\s+Version: (\d+)', r.stdout)}
    out = set()
    for line in r.stdout.splitlines():
        f = line.split()
        if len(f) >= 8 and re.fullmatch(r'\d+:', f[0]) and '@' in f[7]:
            idx = f[8].strip('()') if len(f) > 8 else ''
            if f[6] == 'UND' or ('@@' not in f[7] and idx in needed):
                name, ver = f[7].split('@', 1)
                out.add((name, ver.lstrip('@').split(' ')[0]))
    return out


def above(syms, family, target):
    pre = FAMILIES[family] + '_'
    return {(n, v) for n, v in syms
            if v.startswith(pre) and v[len(pre):][:1].isdigit() and
            vkey(v[len(pre):]) > vkey(target)}


def demangle(names):
    r = subprocess.run(['c++filt'], input='\n'.join(names) + '\n', capture_output=True, text=True)
    return dict(zip(names, r.stdout.splitlines()))


def build(h, tmp):
    """Compiles the fixtures; returns {label: path} for those that built."""
    out = {}
    jobs = [('c', 'gcc', C_SRC, 'v.c', ['-O1', '-pthread']),
            ('cxx', 'g++', CXX_SRC, 'x.cc', ['-O1', '-std=c++20'])]
    for label, cc, src, name, flags in jobs:
        with open(os.path.join(tmp, name), 'w') as fh:
            fh.write(src)
        exe = os.path.join(tmp, label)
        r = subprocess.run([cc, *flags, '-o', exe, os.path.join(tmp, name)],
                           capture_output=True, text=True)
        if r.returncode:
            h.emit_fail(f'check-gates build {label}', r.stderr[:500])
        else:
            out[label] = exe
    if shutil.which('go'):
        gdir = os.path.join(tmp, 'cg')
        os.mkdir(gdir)
        with open(os.path.join(gdir, 'main.go'), 'w') as fh:
            fh.write(GO_SRC)
        with open(os.path.join(gdir, 'go.mod'), 'w') as fh:
            fh.write('module cg\n\ngo 1.22\n')
        env = {**os.environ, 'CGO_ENABLED': '1', 'GOFLAGS': '-mod=mod'}
        r = subprocess.run(['go', 'build', '-o', os.path.join(tmp, 'cgo'), '.'],
                           cwd=gdir, env=env, capture_output=True, text=True)
        if r.returncode:
            h.emit_skip('check-gates cgo', 'go build failed: ' + r.stderr[:200])
        else:
            out['cgo'] = os.path.join(tmp, 'cgo')
    else:
        h.emit_skip('check-gates cgo', 'no go toolchain')
    return out


def text_gate(h, label, exe, spelled, family, target, want):
    """Text: exit status and every oracle symbol named in the FAIL line."""
    rc, out, err = h.run_ls(['--require=' + spelled, exe])
    name = f'check-gates {label} {spelled}'
    if not want:
        h.check(name + ' holds', rc == 0 and 'FAIL' not in out, f'exit {rc}', out[-400:], err[:300])
        return
    lines = [ln for ln in out.splitlines() if ln.strip().startswith('FAIL ' + spelled + ':')]
    if not h.check(name + ' fails (exit 1, one FAIL line)', rc == 1 and len(lines) == 1,
                   f'exit {rc}', out[-600:], err[:300]):
        return
    line = lines[0]
    # Grouped by version, highest first: "VERSION (a, b), VERSION (c)".
    groups = re.findall(r'(' + FAMILIES[family] + r'_[0-9.]+) \(([^)]*)\)', line)
    got = {(n.strip(), v) for v, names in groups for n in names.split(', ')}
    h.check(name + ' lists every symbol above the target', got == want,
            f'missing {sorted(want - got)}', f'extra {sorted(got - want)}', line[:800])
    vers = [vkey(v.split('_', 1)[1]) for v, _ in groups]
    h.check(name + ' groups by version, highest first',
            vers == sorted(vers, reverse=True) and len(set(map(tuple, vers))) == len(vers), line[:800])
    h.check(name + ' counts the symbols',
            len(want) < 2 or f'; {len(want)} symbols above {FAMILIES[family]}_{target}' in line, line[-200:])


def json_gate(h, label, exe, spelled, want, syms):
    rc, out, err = h.run_ls(['--json', '--require=' + spelled, exe])
    doc, jerr = h.load_json(out)
    name = f'check-gates {label} {spelled} json'
    if not h.check(name + ' parses', rc == 1 and doc is not None, f'exit {rc}', jerr, err[:300]):
        return None
    f = doc['files'][0]
    h.check(name + ' schema_version 3', doc.get('schema_version') == 3, doc.get('schema_version'))
    failed = [x for x in f['failed'] if x.get('requirement') == spelled]
    if not h.check(name + ' one failure', len(failed) == 1, f['failed']):
        return None
    x = failed[0]
    got = [(s['name'], s['version']) for s in x.get('symbols', [])]
    h.check(name + ' symbols are the oracle\'s', set(got) == want and len(got) == len(want),
            f'missing {sorted(want - set(got))}', f'extra {sorted(set(got) - want)}')
    order = [vkey(v.split('_', 1)[1]) for _, v in got]
    h.check(name + ' symbols highest version first', order == sorted(order, reverse=True), got)
    dm = demangle([n for n, _ in got])
    h.check(name + ' demangled as c++filt, null when not mangled',
            all(s['demangled'] == (dm[s['name']] if dm[s['name']] != s['name'] else None)
                for s in x['symbols']),
            [(s['name'], s['demangled']) for s in x['symbols']][:5])
    h.check(name + ' library named', all(s.get('library', '').startswith('lib') for s in x['symbols']),
            x['symbols'][:3])
    fams = [fl['family'] for fl in f['version_floors']]
    h.check(name + ' version_floors keeps one entry per family', len(fams) == len(set(fams)), fams)
    return x


def sarif_gate(h, label, exe, spelled, want):
    rc, out, err = h.run_ls(['--sarif', '--require=' + spelled, exe])
    doc, jerr = h.load_json(out)
    name = f'check-gates {label} {spelled} sarif'
    if not h.check(name + ' parses', rc == 1 and doc is not None, f'exit {rc}', jerr, err[:300]):
        return
    res = [r for r in doc['runs'][0]['results'] if r['ruleId'] == spelled]
    got = set()
    for r in res:
        m = re.search(r': (\S+) needs (\S+) \(', r['message']['text'])
        if m:
            got.add((m.group(1), m.group(2)))
    h.check(name + ' one result per symbol, with its version',
            len(res) == len(want) and got == want,
            f'{len(res)} results for {len(want)} symbols', f'missing {sorted(want - got)}',
            res[0]['message']['text'] if res else '')


def gate(h, label, exe, family, target, spellings=None):
    """Every spelling of FAMILY<=TARGET on exe, against the oracle."""
    syms = oracle(exe)
    want = above(syms, family, target)
    spellings = spellings or [f'{family}<={target}', f'{family}-max={target}']
    for sp in spellings:
        text_gate(h, label, exe, sp, family, target, want)
    if want:
        x = json_gate(h, label, exe, spellings[0], want, syms)
        sarif_gate(h, label, exe, spellings[-1], want)
        return want, x
    return want, None


# What hardening=+all adds, per kind of file (docs/check.md), and what the
# flags of release-plain leave out of each file (check-build.sh
# release_dirs: -O2 -fno-stack-protector -U_FORTIFY_SOURCE, gcc -no-pie
# with the default -z relro and lazy binding; Go: the default
# -buildmode=exe, no RELRO; a pure-Go file has no C code for canary and
# fortify to apply to).
PLAIN_FAILS = {
    'tool': {'pie', 'relro=full', 'bindnow', 'canary', 'fortify'},
    'libhard.so': {'relro=full', 'canary', 'fortify'},
    'hardlib.o': {'canary', 'fortify'},
    'gotool': {'pie', 'relro=full'},
}
GO_FLAG = {'pie': '-buildmode=pie', 'relro=full': '-buildmode=pie'}


def hardened_checks(h):
    base = 'go/release-'
    if not os.path.isdir(os.path.join(h.FIX, base + 'plain')):
        h.emit_fail('check-hardened release dirs', 'not built (check-build.sh group go)')
        return
    for kind in ('hardened', 'plain'):
        d = base + kind
        rc, out, err = h.run_ls(['--json', '--require', 'hardened', '-r', d], cwd=h.FIX)
        doc, jerr = h.load_json(out)
        want_rc = 0 if kind == 'hardened' else 1
        if not h.check(f'check-hardened {d} exit {want_rc}', rc == want_rc and doc is not None,
                       f'exit {rc}', jerr or '', err[:300], out[-600:]):
            continue
        got = {os.path.basename(f['path']): {x['requirement'] for x in f['failed']}
               for f in doc['files']}
        h.check(f'check-hardened {d} files', set(got) == set(PLAIN_FAILS), sorted(got))
        for name, wantset in PLAIN_FAILS.items():
            want = {'hardened:' + r for r in wantset} if kind == 'plain' else set()
            h.check(f'check-hardened {d}/{name} fails {sorted(want) or "nothing"}',
                    got.get(name) == want, f'got {sorted(got.get(name, []))}')
        if kind == 'plain':
            ent = next((f for f in doc['files'] if f['path'].endswith('/gotool')), None)
            reasons = {x['requirement']: x['reason'] for x in (ent or {}).get('failed', [])}
            for req, flag in GO_FLAG.items():
                h.check(f'check-hardened {d}/gotool hardened:{req} names {flag}',
                        flag in reasons.get('hardened:' + req, ''), reasons)
            h.check(f'check-hardened {d}/gotool relro=full names -bindnow',
                    '-bindnow' in reasons.get('hardened:relro=full', ''), reasons)
            # The summary counts each part.
            rc, out, err = h.run_ls(['--require', 'hardened', '-r', d], cwd=h.FIX)
            h.check(f'check-hardened {d} summary names the part',
                    '2 of 4 objects fail hardened:pie' in out and
                    '3 of 4 objects fail hardened:canary' in out, out[-500:])
    # A preset and a gate together: only the gate fails, where readelf's
    # GLIBC floor is above 2.31.
    d = base + 'hardened'
    rc, out, err = h.run_ls(['--json', '--require', 'hardened,glibc<=2.31', '-r', d], cwd=h.FIX)
    doc, jerr = h.load_json(out)
    if h.check(f'check-hardened {d} hardened,glibc<=2.31 parses', doc is not None and rc in (0, 1),
               f'exit {rc}', jerr or '', err[:300]):
        for f in doc['files']:
            tops = [v[6:] for _, v in oracle(os.path.join(h.FIX, f['path'])) if re.fullmatch(r'GLIBC_[0-9.]+', v)]
            above_231 = any(vkey(v) > vkey('2.31') for v in tops)
            want = {'glibc<=2.31'} if above_231 else set()
            got = {x['requirement'] for x in f['failed']}
            h.check(f'check-hardened {f["path"]} hardened,glibc<=2.31 fails {sorted(want) or "nothing"}',
                    got == want, f'got {sorted(got)}, GLIBC versions {sorted(set(tops))}')
    # The preset's name with an operator is refused.
    rc, out, err = h.run_ls(['--require', 'hardened=1', d], cwd=h.FIX)
    h.check('check-hardened hardened=1 refused', rc == 2 and 'unknown requirement' in err, err[:300])


def run(h):
    hardened_checks(h)
    tmp = tempfile.mkdtemp(prefix='ls-check-gates-')
    try:
        fx = build(h, tmp)
        if 'c' in fx:
            want, _ = gate(h, 'c', fx['c'], 'glibc', '2.31',
                           ['glibc<=2.31', 'glibc-max=2.31', 'glibc=2.31'])
            h.check('check-gates c oracle has GLIBC_2.32 (a copy relocation), 2.33, 2.34 '
                    'and 2.36 symbols',
                    {('__libc_single_threaded', 'GLIBC_2.32'), ('stat', 'GLIBC_2.33'),
                     ('pthread_create', 'GLIBC_2.34'), ('arc4random', 'GLIBC_2.36')} <= want,
                    sorted(want))
            gate(h, 'c', fx['c'], 'glibc', '2.33')
            gate(h, 'c', fx['c'], 'glibc', '2.36', ['glibc<=2.36', 'glibc-max=2.36', 'glibc=2.36'])
            # The same text for every spelling.
            outs = [h.run_ls(['--require=' + sp, fx['c']])[1].split(': ', 1)[-1]
                    for sp in ('glibc<=2.31', 'glibc-max=2.31', 'glibc=2.31')]
            reasons = [o.split('FAIL ', 1)[-1].split(': ', 1)[-1] for o in outs]
            h.check('check-gates c spellings give one reason', len(set(reasons)) == 1, reasons)
            # An unquoted <= spelled through a shell is a redirection; the
            # -max= spelling is safe (the documented way).
            r = subprocess.run(f"cd {tmp} && {h.LS} check --require=glibc-max=2.31 {fx['c']}",
                               shell=True, capture_output=True, text=True)
            h.check('check-gates glibc-max= through a shell', r.returncode == 1 and
                    'arc4random' in r.stdout, r.returncode, r.stdout[-300:])
        if 'cxx' in fx:
            _, x = gate(h, 'cxx', fx['cxx'], 'glibcxx', '3.4.20')
            if x:
                h.check('check-gates reason longer than 160 bytes, not cut',
                        len(x['reason']) > 160 and x['reason'].endswith('symbols above GLIBCXX_3.4.20'),
                        len(x['reason']), x['reason'][-100:])
                rc, out, _ = h.run_ls(['--require=glibcxx<=3.4.20', fx['cxx']])
                h.check('check-gates text reason not cut', x['reason'] in out, out[-300:])
            gate(h, 'cxx', fx['cxx'], 'cxxabi', '1.3.5', ['cxxabi<=1.3.5', 'cxxabi-max=1.3.5', 'cxxabi=1.3.5'])
            gate(h, 'cxx', fx['cxx'], 'gcc', '2.95', ['gcc<=2.95', 'gcc-max=2.95'])
            gate(h, 'cxx', fx['cxx'], 'gcc', '3.0')
            gate(h, 'cxx', fx['cxx'], 'glibcxx', '3.4.40')
            # The GLIBCXX floor line is demangled, as nm -DC prints it.
            rc, out, _ = h.run_ls([fx['cxx']])
            line = next((ln for ln in out.splitlines() if 'GLIBCXX floor' in ln), '')
            top = max((v for _, v in oracle(fx['cxx']) if v.startswith('GLIBCXX_')),
                      key=lambda v: vkey(v[8:]), default=None)
            names = [n for n, v in oracle(fx['cxx']) if v == top]
            dm = demangle(names)
            h.check('check-gates GLIBCXX floor symbol demangled in text',
                    names and any(dm[n] in line for n in names) and '_Z' not in line, line, dm)
        if 'cgo' in fx:
            want, _ = gate(h, 'cgo', fx['cgo'], 'glibc', '2.31')
            h.check('check-gates cgo both GLIBC_2.32 symbols listed',
                    len([1 for _, v in want if v == 'GLIBC_2.32']) >= 2, sorted(want))
        # The error for an unknown requirement lists the valid ones.
        rc, out, err = h.run_ls(['--require=glibc-min=2.31', '/bin/sh'])
        h.check('check-gates unknown requirement lists the valid ones',
                rc == 2 and all(u in err for u in ('glibc<=X.Y', 'glibcxx<=X.Y.Z', 'cxxabi<=X.Y.Z',
                                                   'gcc<=X.Y', 'NAME-max=V')), f'exit {rc}', err[:600])
        rc, out, err = h.run_ls(['--help'])
        h.check('check-gates --help documents the -max= spelling', 'glibc-max=2.31' in out, out[-600:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
