#!/usr/bin/env python3
"""deps_foreign_root.py LINKSCOPE WORKDIR ROOT|- - linkscope deps against
the real aarch64 loader (glibc 2.36 under qemu-user): crafted aarch64
fixtures, then every ELF file of a real Debian 12 arm64 root.

ROOT is tests/fixtures/debian-root.sh's root, or "-" when it could not be
had for an outside reason (the caller prints that SKIP).  Loader runs in a
root go through tests/lib/foreign_ns.py (a private user namespace with its
own binfmt_misc: chroot ROOT ld.so, nothing registered on the host);
fixtures outside a root through qemu-aarch64 -L /usr/aarch64-linux-gnu.
Prints PASS:/FAIL:/SKIP: lines; writes "passed failed skipped" to
$DEPS_COUNTS.
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

LS, WORK, ROOT = sys.argv[1], sys.argv[2], sys.argv[3]
HERE = os.path.dirname(os.path.abspath(__file__))
NS = os.path.join(HERE, '..', 'lib', 'foreign_ns.py')
X = '/usr/aarch64-linux-gnu'
CC = 'aarch64-linux-gnu-gcc'
LDSO = '/lib/ld-linux-aarch64.so.1'
TRACE = {'LD_TRACE_LOADED_OBJECTS': '1', 'LD_WARN': 'yes', 'LD_BIND_NOW': 'yes'}
ADDR = re.compile(r' \(0x[0-9a-f]+\)$')
counts = [0, 0, 0]


def result(name, probs, skip=None):
    if skip:
        counts[2] += 1
        print(f'SKIP: {name} ({skip})')
    elif probs:
        counts[1] += 1
        print(f'FAIL: {name}')
        for p in probs[:30]:
            print('    ' + p)
    else:
        counts[0] += 1
        print(f'PASS: {name}')
    sys.stdout.flush()


def run(cmd, cwd=None, env=None, timeout=300):
    e = {'PATH': os.environ['PATH'] + ':/usr/sbin:/sbin', 'LC_ALL': 'C'}
    e.update(env or {})
    p = subprocess.run(cmd, cwd=cwd, env=e, capture_output=True, text=True,
                       errors='replace', timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def sh(cmd, cwd):
    rc, out, err = run(['sh', '-c', cmd], cwd=cwd)
    if rc != 0:
        raise RuntimeError(f'{cmd}: {err.strip()[:300]}')


def trace_lines(out):
    """The loader's stdout without addresses and the vDSO (and qemu -L's
    host path of the loader)."""
    return [ADDR.sub('', l).replace(' => ' + X + LDSO, '') for l in out.splitlines()
            if not l.startswith('\tlinux-vdso')]


def compare(name, want_out, want_err, got_out, got_err, note=''):
    """stdout exactly; every loader stderr line (versions, errors,
    assertion, undefined symbols) in linkscope's, in order."""
    probs = []
    # ld.so prints "undefined symbol" lines on stderr; ldd's user sees them
    # after the list, where linkscope prints them (stdout).
    undef = [l for l in want_err.splitlines() if l.startswith('undefined symbol: ')]
    want_err = '\n'.join(l for l in want_err.splitlines() if l not in undef)
    wo, go = trace_lines(want_out) + undef, got_out.splitlines()
    if wo != go:
        probs.append('stdout differs (-loader +linkscope):')
        probs += ['  -' + l for l in wo if l not in go][:10]
        probs += ['  +' + l for l in go if l not in wo][:10]
    we = [l for l in want_err.splitlines() if l.strip()]
    ge = [l for l in got_err.splitlines() if l.strip()]
    if we != ge:
        probs.append(f'stderr differs: loader {we[:6]!r}, linkscope {ge[:6]!r}')
    if probs and note:
        probs.insert(0, note)
    result(name, probs)


def qemu_trace(file, cwd):
    args = ['qemu-aarch64', '-L', X]
    for k, v in TRACE.items():
        args += ['-E', f'{k}={v}']
    return run(args + [X + LDSO, file], cwd=cwd)


# --- crafted aarch64 fixtures (no root needed) ---------------------------------

def fixtures():
    d = os.path.join(WORK, 'a64')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    src = {
        'f.c': 'int f(int x){return x+1;}\nint g(int x){return x+2;}\n',
        'nof.c': 'int g(int x){return x+2;}\n',
        # A function both taken by address (ABS64) and called (JUMP_SLOT).
        'm.c': 'int f(int); int g(int);\nint (*p)(int) = f;\n'
               'int main(int c, char **v){ (void)v; return f(c) + p(c) + g(c); }\n',
        'v.c': 'int a(void){return 1;} int b(void){return 2;} int c(void){return 3;}\n',
        'v.map': 'V_A { global: a; };\nV_B { global: b; };\nV_C { global: c; local: *; };\n',
        'x.map': 'V_X { global: a; b; c; local: *; };\n',
        'mv.c': 'int a(void); int b(void); int c(void);\nint main(void){ return c() + a() + b(); }\n',
        'q.c': 'int q(void){return 1;}\n',
        'mq.c': 'int q(void); int main(void){return q();}\n',
        'one.map': 'V1 { global: a; local: *; };\n',
        'mn.c': 'int a(void); int main(void){return a();}\n',
    }
    for k, v in src.items():
        with open(os.path.join(d, k), 'w') as f:
            f.write(v)
    try:
        # Item 3: glibc's lookup cache (one entry, keyed on symbol and class).
        sh(f'{CC} -shared -fPIC -o libf.so f.c && {CC} -o m_cache m.c -L. -lf '
           f"-Wl,-rpath,'$ORIGIN' && {CC} -shared -fPIC -o libf.so nof.c", d)
        # Item 4: version needs in file order (V_B, V_A, V_C: not by index).
        sh(f'mkdir -p vo && {CC} -shared -fPIC -o vo/libv.so v.c -Wl,--version-script=v.map && '
           f"{CC} -o m_verorder mv.c -Lvo -lv -Wl,-rpath,'$ORIGIN/vo' && "
           f'{CC} -shared -fPIC -o vo/libv.so v.c -Wl,--version-script=x.map', d)
        # Item 5: not an ELF file where the library is expected.
        sh(f'{CC} -shared -fPIC -o libq.so q.c && mkdir -p big small empty dir/libq.so && '
           "printf '%0300d' 0 > big/libq.so && echo hi > small/libq.so && "
           ': > empty/libq.so', d)
        for c in ('big', 'small', 'empty', 'dir'):
            sh(f"{CC} -o m_{c} mq.c -L. -lq -Wl,--disable-new-dtags -Wl,-rpath,'$ORIGIN/{c}:$ORIGIN'", d)
        # Item 7: a versioned reference to a library that lost its versions.
        sh(f'mkdir -p nv && {CC} -shared -fPIC -o nv/libv.so v.c -Wl,--version-script=one.map && '
           f"{CC} -o m_assert mn.c -Lnv -lv -Wl,-rpath,'$ORIGIN/nv' && "
           f'{CC} -shared -fPIC -o nv/libv.so v.c', d)
        # Item 8: a sticky world-writable RPATH directory (1777); the
        # judgement is the machine's, not the loader's: a host program.
        sh(f'mkdir -p sticky && gcc -shared -fPIC -o sticky/libq.so q.c && chmod 1777 sticky && '
           f"gcc -o m_sticky mq.c -Lsticky -lq -Wl,--disable-new-dtags -Wl,-rpath,{d}/sticky", d)
    except RuntimeError as e:
        result('a64-fixtures-build', [str(e)])
        return
    for f, note in (('m_cache', 'GLOB_DAT/ABS64 then JUMP_SLOT: two lookups, two lines'),
                    ('m_verorder', 'missing versions in Verneed order'),
                    ('m_big', 'invalid ELF header'), ('m_small', 'file too short'),
                    ('m_empty', 'file too short'), ('m_dir', 'cannot read file data'),
                    ('m_assert', "check_match's assertion")):
        rc, out, err = qemu_trace('./' + f, d)
        lrc, lout, lerr = run([LS, 'deps', '--root', X, '--list', '-r', './' + f], cwd=d)
        # ld.so and linkscope both print "undefined symbol" lines on stdout.
        compare(f'a64-{f}', out, err, lout, lerr, note)
        want = 1 if (rc != 0 or 'undefined symbol' in out or err.strip()) else 0
        if lrc != want:
            result(f'a64-{f}-exit', [f'exit {lrc}, want {want} (loader {rc})'])
    # Item 7: the verdict of a plain run says the process dies.
    rc, out, err = run([LS, 'deps', '--root', X, './m_assert'], cwd=d)
    result('a64-m_assert-verdict', [] if 'check_match' in out and rc == 1 else
           [f'exit {rc}: {out.strip().splitlines()[-1:]!r}'])
    # Item 8: deps --json and check judge the sticky directory alike.
    rc, out, err = run([LS, 'deps', '--json', './m_sticky'], cwd=d)
    risks = json.loads(out)['files'][0].get('risks', []) if rc in (0, 1) else []
    rc2, out2, err2 = run([LS, 'check', '--json', './m_sticky'], cwd=d)
    probs = []
    if not any(r.get('kind') == 'world-writable' for r in risks):
        probs.append(f'deps --json risks: {risks!r}')
    if 'world-writable' not in out2:
        probs.append('check --json does not say world-writable')
    result('a64-sticky-rpath-risk', probs)


# --- a hostile root: links must never reach a host file ------------------------

def hostile():
    h = os.path.join(WORK, 'hostile')
    host = os.path.join(WORK, 'hostonly')
    shutil.rmtree(h, ignore_errors=True)
    shutil.rmtree(host, ignore_errors=True)
    os.makedirs(host)
    shutil.copy('/bin/true', os.path.join(host, 'prog'))   # a host ELF file
    for sub in ('bin', 'opt', 'lib'):
        os.makedirs(os.path.join(h, sub))
    os.symlink(os.path.join(host, 'prog'), os.path.join(h, 'bin/abs'))
    os.symlink('../../../../../../../../..' + host + '/prog', os.path.join(h, 'bin/up'))
    os.symlink(host, os.path.join(h, 'opt/hostdir'))
    os.symlink('/opt/hostdir/prog', os.path.join(h, 'bin/via'))
    os.symlink('/tmp', os.path.join(h, 'opt/tmp'))      # host /tmp is 1777
    os.makedirs(os.path.join(h, 'usr/bin'))
    sh(f"{CC} -o {h}/usr/bin/app -x c - -Wl,-rpath,/opt/tmp <<'E'\nint main(void){{return 0;}}\nE", WORK)
    probs = []
    for link in ('bin/abs', 'bin/up', 'bin/via'):
        for cmd in (['deps', '--root', h, '--list'], ['check', '--root', h]):
            rc, out, err = run([LS] + cmd + [os.path.join(h, link)])
            if rc != 2 or 'x86' in out or 'No such file' not in err:
                probs.append(f'{" ".join(cmd[:1])} {link}: exit {rc}, {out.strip()[:80]!r} {err.strip()[:120]!r}')
    # /opt/tmp -> /tmp: inside the root that is <root>/tmp, absent.
    rc, out, err = run([LS, 'check', '--root', h, '--json', os.path.join(h, 'usr/bin/app')])
    if 'world-writable' in out or 'missing' not in out:
        probs.append(f'check: RPATH /opt/tmp judged on the host: {out[:300]!r}')
    rc, out, err = run([LS, 'deps', '--root', h, '--json', os.path.join(h, 'usr/bin/app')])
    if 'world-writable' in out:
        probs.append(f'deps: RPATH /opt/tmp judged on the host: {out[:300]!r}')
    result('hostile-root-links-stay-inside', probs)


# --- the Debian root -------------------------------------------------------------

def is_elf(path):
    try:
        with open(path, 'rb') as f:
            return f.read(4) == b'\x7fELF'
    except OSError:
        return False


def root_files():
    files = []
    for top in ('usr', 'etc', 'opt'):
        for dp, dns, fns in os.walk(os.path.join(ROOT, top)):
            for fn in fns:
                p = os.path.join(dp, fn)
                st = os.lstat(p)
                if stat.S_ISREG(st.st_mode) and st.st_size > 0 and is_elf(p):
                    files.append('/' + os.path.relpath(p, ROOT))
    return sorted(files)


ORACLE_SCRIPT = r'''
import json, subprocess, sys
root, ldso, files = sys.argv[1], sys.argv[2], sys.argv[3:]
# The trace variables are set inside the root (its own env), so that no
# host program on the way (chroot) traces itself.
env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
trace = ["LD_TRACE_LOADED_OBJECTS=1", "LD_WARN=yes", "LD_BIND_NOW=yes"]
res = {}
for f in files:
    p = subprocess.run(["/usr/sbin/chroot", root, "/usr/bin/env", "-i"] + trace + [ldso, f], env=env, capture_output=True, text=True, errors="replace", timeout=120)
    res[f] = [p.returncode, p.stdout, p.stderr]
json.dump(res, sys.stdout)
'''


def oracle(files, cache):
    """The root's own loader on every file, once per root (the root is
    immutable once built; the answers are kept next to it)."""
    if os.path.exists(cache):
        with open(cache) as f:
            got = json.load(f)
        if set(got) >= set(files):
            return got
    script = os.path.join(WORK, 'oracle.py')
    with open(script, 'w') as f:
        f.write(ORACLE_SCRIPT)
    res = {}
    chunks = [files[i::2] for i in range(2)]

    def one(chunk):
        rc, out, err = run(['python3', NS, 'aarch64', 'python3', script, ROOT, LDSO] + chunk,
                           timeout=3600)
        if rc != 0:
            raise RuntimeError(f'foreign_ns: exit {rc}: {err.strip()[-300:]}')
        return json.loads(out)
    with ThreadPoolExecutor(2) as ex:
        for r in ex.map(one, chunks):
            res.update(r)
    tmp = cache + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(res, f)
    os.replace(tmp, cache)
    return res


def root_trace(root, file, env=None):
    """chroot ROOT env -i LD_TRACE_LOADED_OBJECTS=1 ... ld.so FILE in the
    private namespace: the variables reach only the root's loader."""
    trace = [f'{k}={v}' for k, v in list(TRACE.items()) + list((env or {}).items())]
    return run(['python3', NS, 'aarch64', '/usr/sbin/chroot', root, '/usr/bin/env', '-i']
               + trace + [LDSO, file], env=env)


def in_root_cases(orc):
    """Items 1 and 2: alternatives links (absolute, through /etc) named as
    operands; the messages name the in-root path."""
    for f in ('/usr/bin/awk', '/usr/bin/vi', '/usr/bin/python3', '/usr/bin/perl'):
        if not os.path.lexists(ROOT + f):
            result(f'root-operand{f}', [f'{f} is not in the root'])
            continue
        rc, out, err = root_trace(ROOT, f)
        lrc, lout, lerr = run([LS, 'deps', '--root', ROOT, '--list', '-r', ROOT + f])
        compare(f'root-operand{f}', out, err, lout, lerr,
                'an absolute link inside the root, given as an operand')
        crc, cout, cerr = run([LS, 'check', '--root', ROOT, ROOT + f])
        result(f'root-check-operand{f}', [] if 'AArch64' in cout or 'aarch64' in cout.lower()
               else [f'check: exit {crc}: {cout[:200]!r} {cerr[:200]!r}'])


def atomics():
    """Item 6: an ld.so.cache entry from an atomics/ subdirectory (the
    root's own ldconfig), chosen by the loader on a CPU with LSE atomics
    (qemu's default) and not on one without (QEMU_CPU=cortex-a53)."""
    t = os.path.join(WORK, 'atomics-root')
    shutil.rmtree(t, ignore_errors=True)
    for sub in ('lib/aarch64-linux-gnu', 'opt/foo/lib/atomics', 'usr/bin', 'etc'):
        os.makedirs(os.path.join(t, sub))
    for lib in ('ld-linux-aarch64.so.1', 'libc.so.6'):
        shutil.copy(os.path.join(ROOT, 'lib/aarch64-linux-gnu', lib),
                    os.path.join(t, 'lib/aarch64-linux-gnu', lib))
    os.symlink('aarch64-linux-gnu/ld-linux-aarch64.so.1', os.path.join(t, 'lib/ld-linux-aarch64.so.1'))
    shutil.copy(os.path.join(ROOT, 'usr/bin/env'), os.path.join(t, 'usr/bin/env'))
    with open(os.path.join(t, 'etc/ld.so.conf'), 'w') as f:
        f.write('/opt/foo/lib\n')
    d = os.path.join(WORK, 'a64')
    try:
        sh(f'{CC} -shared -fPIC -Wl,-soname,libfoo.so.1 -o {t}/opt/foo/lib/libfoo.so.1 f.c && '
           f'{CC} -shared -fPIC -Wl,-soname,libfoo.so.1 -o {t}/opt/foo/lib/atomics/libfoo.so.1 f.c && '
           f'{CC} -o {t}/usr/bin/app m.c -L{t}/opt/foo/lib -l:libfoo.so.1', d)
        sh(f'qemu-aarch64 {ROOT}/sbin/ldconfig -r {t}', d)
    except RuntimeError as e:
        result('root-atomics-build', [str(e)])
        return
    for cpu, hw in (('', None), ('cortex-a53', 'none')):
        rc, out, err = root_trace(t, '/usr/bin/app', {'QEMU_CPU': cpu} if cpu else None)
        args = [LS, 'deps', '--root', t, '--list', '-r'] + ([f'--hwcaps={hw}'] if hw else [])
        lrc, lout, lerr = run(args + [t + '/usr/bin/app'])
        compare(f'root-atomics-cache{"-" + cpu if cpu else ""}', out, err, lout, lerr,
                'ld.so.cache entry from atomics/ (glibc 2.36 legacy hwcap)')


def whole_root():
    files = root_files()
    key = os.path.basename(ROOT.rstrip('/'))
    orc = oracle(files, os.path.join(os.path.dirname(ROOT.rstrip('/')), key + '.oracle.json'))

    def mine(f):
        return f, run([LS, 'deps', '--root', ROOT, '--list', '-r', ROOT + f], timeout=120)
    same = 0
    with ThreadPoolExecutor(2) as ex:
        for f, (lrc, lout, lerr) in ex.map(mine, files):
            rc, out, err = orc[f]
            # ld.so's own sanity lines for files it cannot trace (an ld.so
            # given itself, a non-PIE static file) are compared as text too.
            compare(f'root{f}', out, err, lout, lerr)
            same += 1
    print(f'# {same} ELF files of {ROOT} compared with its own loader', file=sys.stderr)
    in_root_cases(orc)
    atomics()


def main():
    os.makedirs(WORK, exist_ok=True)
    fixtures()
    hostile()
    if ROOT != '-':
        whole_root()
    with open(os.environ.get('DEPS_COUNTS', '/dev/null'), 'w') as f:
        f.write('%d %d %d\n' % tuple(counts))


if __name__ == '__main__':
    main()
