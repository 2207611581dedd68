"""check_target_oracle.py - `linkscope check --target` against real loaders.

  python3 check_target_oracle.py LINKSCOPE FIXDIR ROOT_AMD64 ROOT_ARM64

FIXDIR is the output of tests/fixtures/target-build.sh (manifest.txt,
failed.txt); ROOT_* are Debian 11 roots from tests/fixtures/debian11-root.sh,
or "unreachable" when the Debian mirror could not be reached (the only
skip).  Called by check-target-oracle.sh, which prints the closing line.

Oracle 1, Debian 11: the root's own loader (glibc 2.31) in trace mode, as
bullseye's `ldd -r` runs it (libc-bin 2.31-13, /usr/bin/ldd: add_env=
"LD_TRACE_LOADED_OBJECTS=1 LD_WARN=$warn LD_BIND_NOW=$bind_now", with -r
warn=yes bind_now=yes; try_trace "$RTLD" "$file" after `$RTLD --verify`
returned 0 or 2):

  LD_TRACE_LOADED_OBJECTS=1 LD_WARN=yes LD_BIND_NOW=yes LD_DEBUG=libs \\
    ROOT/lib64/ld-linux-x86-64.so.2 --inhibit-cache \\
    --library-path ROOT/lib/x86_64-linux-gnu:ROOT/usr/lib/x86_64-linux-gnu FILE

(arm64: the same with ROOT/lib/ld-linux-aarch64.so.1 under
qemu-aarch64-static, which needs no binfmt registration and, being static,
is not itself affected by the LD_ variables).  Not `--list`: glibc's
elf/rtld.c sets GLRO(dl_lazy) = -1 for --list ("do no dependency
analysis"), after process_envvars read LD_BIND_NOW, so --list never
relocates and never reports an undefined symbol; LD_TRACE_LOADED_OBJECTS
sets the trace mode alone.  In trace mode dl_main never runs the program:
it checks versions (_dl_check_all_versions through version_check_doit with
dotrace, every failure printed by print_missing_version, not only the first
as in a normal start), relocates every object with LD_WARN (dl_verbose) and
LD_BIND_NOW (dl_lazy 0) through print_unresolved, prints the list and
_exit(0)s.  So the exit status says nothing; the messages do:

  FILE: LIB: version `GLIBC_2.34' not found (required by FILE)
  FILE: LIB: weak version `X' not found (required by FILE)   (not fatal)
  undefined symbol: pthread_create, version GLIBC_2.2.5\t(FILE)
  \tlibfoo.so.1 => not found

A static executable is what `ld.so --verify` calls "not a dynamic
executable" (exit 1): the kernel runs it with no loader, so it loads.

--inhibit-cache (bullseye's ld.so lists it in its usage text) keeps the
host's /etc/ld.so.cache out: LD_DEBUG=libs shows every search, and a
"search cache=" line fails the case.  --library-path does not replace the
compiled-in default directories, so a library missing from the root is
then searched on the host: the list shows where each library came from,
and one found outside the root counts as not found (the root holds the
whole of libc6, libstdc++6 and libgcc-s1, the packages a target names);
what the loader said about that host object is left out, and linkscope's
extra symbols are not held against it (one may have bound there).

Oracle 2, Debian 12: this host's own loader the same way (aarch64: the
Debian 12 cross glibc and libstdc++ of /usr/aarch64-linux-gnu, Debian's
packages of the same sources, under qemu-aarch64-static) against
`check --target debian-12` (debian-N from /etc/os-release: the project's
machines are Debian 12).

For each fixture and oracle: the verdicts (loads / fails) must be equal;
every version the loader names as not found must be among the versions
linkscope lists, and named in its reason; every undefined symbol the loader
names must be among linkscope's missing symbols, and named (as linkscope
demangles it) in its reason; and every symbol linkscope lists as missing
must be one the loader could not bind, unless the file's reference is weak
(a weak undefined symbol binds to 0 silently; the version it names still
fails, see tests/fixtures/target/weak.c).  Last, one linkscope run over all
fixtures (its worker threads share the target data) must give each file
the failures of its own run.
"""
import json
import os
import re
import shutil
import subprocess
import sys

SUITE = 'check-target'
QEMU = 'qemu-aarch64-static'
HOST = {
    'x86_64': {'loader': '/lib64/ld-linux-x86-64.so.2',
               'libpath': '/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu', 'root': '/'},
    'aarch64': {'loader': '/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1',
                'libpath': '/usr/aarch64-linux-gnu/lib', 'root': '/usr/aarch64-linux-gnu'},
}

VERSION_RE = re.compile(r"^(.*?): (.*?): (weak )?version `([^']+)' not found \(required by (.*)\)$")
UNDEF_RE = re.compile(r'^undefined symbol: ([^,\t]+)(?:, version ([^\t]+))?\t\((.*)\)$')
DEBUG_RE = re.compile(r'^\s*\d+:\s?(.*)$')
TRYING_RE = re.compile(r'trying file=(.*)$')
SANITIZER_RE = re.compile(r'runtime error:|ERROR: (Address|Leak|UndefinedBehavior)Sanitizer')
LIST_RE = re.compile(r'^\t(\S+) => (.*?)(?: \(0x[0-9a-f]+\))?$')

counts = {'pass': 0, 'fail': 0, 'skip': 0}
SINGLE = {}     # (target, path) -> the failures of a one-file run


def indent(lines):
    return ''.join(f'    {line}\n' for line in lines)


def result(name, problems, note=''):
    name = f'{SUITE}-{name}'
    if problems:
        counts['fail'] += 1
        sys.stdout.write(f'FAIL: {name}\n' + indent(problems))
    else:
        counts['pass'] += 1
        sys.stdout.write(f'PASS: {name}{" (" + note + ")" if note else ""}\n')
    sys.stdout.flush()


def skip(name, reason):
    counts['skip'] += 1
    print(f'SKIP: {SUITE}-{name} ({reason})', flush=True)


def clean_env(extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('LD_', 'QEMU_')) and k != 'GLIBC_TUNABLES'}
    env['LC_ALL'] = 'C'
    env.update(extra)
    return env


def run(cmd, env=None, timeout=120):
    try:
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, '', f'timed out after {timeout} s'
    except OSError as e:
        return 127, '', str(e)
    return (p.returncode, p.stdout.decode('utf-8', 'replace'),
            p.stderr.decode('utf-8', 'replace'))


def inside(path, root):
    root = os.path.realpath(root)
    real = os.path.realpath(path)
    return root == '/' or real == root or real.startswith(root + '/')


class Loader:
    """One loader: the command prefix, its library path and its root."""

    def __init__(self, arch, loader, libpath, root):
        self.arch, self.loader, self.libpath, self.root = arch, loader, libpath, root

    def prefix(self):
        return ([QEMU] if self.arch == 'aarch64' else []) + [self.loader]

    def verdict(self, file):
        """dict: loads (bool), versions [(lib, ver)], weak_versions,
        undefined [(name, ver or None)], notfound [lib], problems (the
        harness's own: leaks, crashes), raw (for the report)."""
        v = {'loads': True, 'versions': [], 'weak_versions': [], 'undefined': [],
             'notfound': [], 'problems': [], 'raw': [], 'static': False}
        rc, out, err = run(self.prefix() + ['--verify', file], env=clean_env({}))
        if rc == 1:
            v['static'] = True
            v['raw'] = ['ld.so --verify: exit 1 (not a dynamic executable: the kernel runs it, no loader)']
            return v
        if rc not in (0, 2):
            v['problems'].append(f'ld.so --verify {file}: exit {rc}: {err.strip()}')
            return v
        env = clean_env({'LD_TRACE_LOADED_OBJECTS': '1', 'LD_WARN': 'yes',
                         'LD_BIND_NOW': 'yes', 'LD_DEBUG': 'libs'})
        cmd = self.prefix() + ['--inhibit-cache', '--library-path', self.libpath, file]
        rc, out, err = run(cmd, env=env)
        if rc != 0:
            v['loads'] = False
            v['problems'].append(f'loader exit {rc} in trace mode: {err.strip()[-500:]}')
        # The list says where each library came from.  One the loader could
        # only find outside the root (the host's default directories, which
        # --library-path does not replace) is not on the target's base
        # system: it counts as "not found", and whatever the loader said
        # about that host object is left out (it would not be there).
        outside = {}
        for line in out.splitlines():
            m = LIST_RE.match(line)
            if not m:
                continue
            if m.group(2) == 'not found':
                v['notfound'].append(m.group(1))
                v['raw'].append(line.strip())
            elif not inside(m.group(2), self.root):
                outside[m.group(2)] = m.group(1)
                v['notfound'].append(m.group(1))
                v['raw'].append(f'{m.group(1)} => {m.group(2)}: outside the root, so not found on the target')
        v['contaminated'] = bool(outside)
        for line in err.splitlines():
            m = DEBUG_RE.match(line)
            if m:
                # --inhibit-cache must keep the host's ld.so.cache out.
                if 'search cache=' in m.group(1):
                    v['problems'].append(f'host leak: the loader read a cache: {m.group(1).strip()}')
                continue
            if not line.strip():
                continue
            m = VERSION_RE.match(line)
            if m and (m.group(2) in outside or m.group(5) in outside):
                continue
            m2 = UNDEF_RE.match(line)
            if m2 and m2.group(3) in outside:
                continue
            v['raw'].append(line)
            if m:
                lib = os.path.basename(m.group(2))
                (v['weak_versions'] if m.group(3) else v['versions']).append((lib, m.group(4)))
            elif m2:
                v['undefined'].append((m2.group(1), m2.group(2)))
            else:
                v['problems'].append(f'unexpected loader message: {line}')
        if v['versions'] or v['undefined'] or v['notfound']:
            v['loads'] = False
        return v


def weak_refs(file):
    """Names of the file's weak undefined dynamic symbols (readelf)."""
    rc, out, _ = run(['readelf', '-W', '--dyn-syms', file])
    names = set()
    for line in out.splitlines():
        f = line.split()
        # Num: Value Size Type Bind Vis Ndx Name
        if len(f) >= 8 and f[4] == 'WEAK' and f[6] == 'UND':
            names.add(f[7].split('@')[0])
    return names


def linkscope(ls, target, file):
    """(rc, the file's failures for this target, error text)."""
    rc, out, err = run([ls, 'check', '--target', target, '--json', file])
    # A sanitizer report (UBSan exits 1 with halt_on_error) is a failure
    # whatever the exit status.
    if rc not in (0, 1) or SANITIZER_RE.search(err):
        return rc, None, f'exit {rc}: {err.strip()[-1500:]}'
    try:
        doc = json.loads(out)
        entry = doc['files'][0]
    except (ValueError, KeyError, IndexError, TypeError) as e:
        return rc, None, f'unreadable --json output ({e}): {out[:300]!r}; stderr: {err.strip()[-800:]}'
    want = f'target={target}'
    fails = [f for f in entry.get('failed', []) if f.get('requirement') == want]
    others = [f.get('requirement') for f in entry.get('failed', []) if f.get('requirement') != want]
    if others:
        return rc, None, f'failures for other requirements: {others}'
    return rc, fails, ''


def ls_sets(fails):
    """(versions, symbols {(name, version)}, reasons, {name: spelling})
    from linkscope's failures; a symbol list may be named "symbols" or
    "missing"."""
    versions, symbols, reasons, spelled = set(), set(), [], {}
    for f in fails:
        reasons.append(f.get('reason', ''))
        for s in f.get('symbols', []) + f.get('missing', []):
            symbols.add((s.get('name'), s.get('version')))
            spelled[s.get('name')] = s.get('demangled') or s.get('name')
            if s.get('version'):
                versions.add(s['version'])
        for ver in f.get('versions', []):
            versions.add(ver['version'] if isinstance(ver, dict) else ver)
    return versions, symbols, reasons, spelled


def describe(v):
    if v['static']:
        return 'loads (static)'
    if v['loads']:
        return 'loads'
    parts = [ver for _, ver in v['versions']] + \
        [f'{n}@{ver}' if ver else n for n, ver in v['undefined']] + \
        [f'{lib} not found' for lib in v['notfound']]
    return 'fails: ' + ', '.join(dict.fromkeys(parts))


# What Debian 11 has (glibc 2.31, gcc 10's libstdc++): a version above
# these that the build found in a fixture's Verneed must be one the loader
# names, or the oracle itself is broken (no trace, wrong root ...).  A check
# of the oracle, from the build, never from linkscope.
BULLSEYE_MAX = {'GLIBC': (2, 31), 'GLIBCXX': (3, 4, 28)}


def oracle_sanity(v, needs, weak_vernaux):
    probs = []
    named = {ver for _, ver in (v['weak_versions'] if weak_vernaux else v['versions'])}
    for ver in needs:
        fam, _, num = ver.partition('_')
        if fam in BULLSEYE_MAX and num and tuple(map(int, num.split('.'))) > BULLSEYE_MAX[fam] \
                and ver not in named:
            probs.append(f'oracle: the file needs {ver} (readelf), above Debian 11\'s, '
                         f'but the loader did not name it{" as a weak version" if weak_vernaux else ""}')
    return probs


def compare(ls, target, name, path, loader, needs=()):
    v = loader.verdict(path)
    probs = list(dict.fromkeys(v['problems']))[:20]
    probs += oracle_sanity(v, needs, 'weak-vernaux' in name) if target == 'debian-11' else []
    rc, fails, err = linkscope(ls, target, path)
    SINGLE[(target, path)] = fails
    if fails is None:
        probs.append(f'linkscope check --target {target} --json {path}:')
        probs.extend(f'  {line}' for line in err.splitlines())
        result(name, probs)
        return
    ls_loads = rc == 0 and not fails
    if rc == 0 and fails:
        probs.append(f'linkscope exit 0 with target failures listed: {fails}')
    if rc == 1 and not fails:
        probs.append(f'linkscope exit 1 but no "target={target}" failure in --json')
    versions, symbols, reasons, spelled = ls_sets(fails)
    # The text answer must be complete too: the reason names every missing
    # version and every undefined symbol (demangled as linkscope spells it).
    text = ' '.join(reasons)
    for ver in dict.fromkeys(ver for _, ver in v['versions']):
        if ver not in text:
            probs.append(f'the reason does not name {ver}, which the loader names: {text!r}')
    for n, _ in v['undefined']:
        if spelled.get(n, n) not in text:
            probs.append(f'the reason does not name {spelled.get(n, n)}, undefined for the loader')
    if ls_loads != v['loads']:
        probs.append(f'verdict: loader {"loads" if v["loads"] else "fails"}, '
                     f'linkscope {"loads" if ls_loads else "fails"}')
    for lib, ver in v['versions']:
        if ver not in versions:
            probs.append(f'the loader says {lib}: version {ver} not found; linkscope lists only {sorted(versions)}')
    names = {n for n, _ in symbols}
    for n, ver in v['undefined']:
        if (n, ver) not in symbols and not (ver is None and n in names):
            probs.append(f'the loader says undefined symbol {n}'
                         f'{", version " + ver if ver else ""}; linkscope\'s missing symbols: '
                         f'{sorted(f"{a}@{b}" for a, b in symbols)}')
    # The next step quotes the loader's own first line (remedy.c): the
    # first version it reports missing, in .gnu.version_r order.
    if v['versions'] and fails and not v.get('contaminated'):
        lib0, ver0 = v['versions'][0]
        said = ' '.join(f.get('symptom') or '' for f in fails)
        if f"{lib0}: version `{ver0}' not found" not in said:
            probs.append(f"the symptom does not quote the loader's first line "
                         f"({lib0}: version `{ver0}' not found): {said!r}")
    for lib in v['notfound']:
        if lib not in text:
            probs.append(f'the loader does not find {lib} on the target; linkscope\'s reason does not name it: {text!r}')
    undefined = {(n, ver) for n, ver in v['undefined']}
    undef_names = {n for n, _ in v['undefined']}
    weak = weak_refs(path) if symbols else set()
    # With a library from outside the root a symbol may have bound there.
    for n, ver in sorted(symbols, key=str) if not v.get('contaminated') else ():
        if (n, ver) in undefined or n in weak or ((n, None) in undefined):
            continue
        if n in undef_names:
            continue
        probs.append(f'linkscope lists {n}@{ver} as missing; the loader bound it')
    if probs:
        probs.append(f'loader: {describe(v)}')
        probs.extend(f'  {line}' for line in v['raw'][:40])
        probs.append(f'linkscope: exit {rc}; ' + ('; '.join(reasons) if reasons else 'no failure'))
        probs.append(f'(rerun: {ls} check --target {target} --json {path})')
    result(name, probs, f'{describe(v)}; linkscope agrees')


def host_target():
    """debian-N for this Debian host (/etc/os-release), else None."""
    info = {}
    try:
        with open('/etc/os-release', encoding='utf-8') as f:
            for line in f:
                k, _, v = line.strip().partition('=')
                info[k] = v.strip('"')
    except OSError:
        return None
    if info.get('ID') != 'debian' or not info.get('VERSION_ID', '').isdigit():
        return None
    return f'debian-{info["VERSION_ID"]}'


def provenance(root):
    """'libc6 2.31-13+deb11u11, ...' from the root's debian-fetch manifest."""
    try:
        with open(os.path.join(root, '.linkscope-provenance.json'), encoding='utf-8') as f:
            p = json.load(f)
        return (f'Debian {p.get("release_version")} {p.get("arch")}: ' +
                ', '.join(f'{d["package"]} {d["version"]}' for d in p.get('debs', [])))
    except (OSError, ValueError, KeyError, TypeError) as e:
        return f'no provenance ({e})'


def all_at_once(ls, target, paths):
    """One run over every fixture (check's worker threads share the target
    data): each file's failures must be those of its own run."""
    paths = [p for p in paths if SINGLE.get((target, p)) is not None]
    if not paths:
        return
    rc, out, err = run([ls, 'check', '--target', target, '--json'] + paths, timeout=600)
    probs = []
    if rc not in (0, 1) or SANITIZER_RE.search(err):
        probs.append(f'exit {rc}: {err.strip()[-1500:]}')
    else:
        try:
            files = json.loads(out)['files']
        except (ValueError, KeyError, TypeError) as e:
            files = []
            probs.append(f'unreadable --json output ({e})')
        if len(files) != len(paths):
            probs.append(f'{len(files)} entries for {len(paths)} files')
        want = f'target={target}'
        for p, entry in zip(paths, files):
            got = [f for f in entry.get('failed', []) if f.get('requirement') == want]
            if got != SINGLE[(target, p)]:
                probs.append(f'{p}: {got} in the run over all files, {SINGLE[(target, p)]} alone')
        if (rc == 1) != any(SINGLE[(target, p)] for p in paths):
            probs.append(f'exit {rc} for the run over all files')
    result(f'{target}-all-at-once', probs, f'{len(paths)} files in one run, as alone')


def main():
    if len(sys.argv) != 5:
        print('usage: check_target_oracle.py LINKSCOPE FIXDIR ROOT_AMD64 ROOT_ARM64', file=sys.stderr)
        return 2
    ls, fixdir, root64, roota = sys.argv[1:]
    roots = {'x86_64': root64, 'aarch64': roota}
    with open(os.path.join(fixdir, 'manifest.txt'), encoding='utf-8') as f:
        fixtures = [line.rstrip('\n').split('\t') for line in f if line.strip()]
    failed_path = os.path.join(fixdir, 'failed.txt')
    if os.path.exists(failed_path):
        with open(failed_path, encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    name, _, why = line.strip().partition(' ')
                    result(f'build-{name}', [f'fixture not built: {why}'])
    if not fixtures:
        result('manifest', ['no fixtures in manifest.txt'])
    if not shutil.which(QEMU):
        result('qemu', [f'{QEMU} is missing (qemu-user-static, scripts/install-deps.sh)'])
    for r in dict.fromkeys(roots.values()):
        if r != 'unreachable':
            print(f'debian-11 root {r}: {provenance(r)}', file=sys.stderr)
    host = host_target()
    if host is None:
        result('host', ['this host is not Debian (/etc/os-release): its loader cannot stand for a debian-N target'])
    for name, arch, rel, vers in fixtures:
        path = os.path.join(fixdir, rel)
        if arch == 'aarch64' and not shutil.which(QEMU):
            continue
        root = roots[arch]
        if root == 'unreachable':
            skip(f'debian-11-{name}', 'Debian mirror unreachable')
        else:
            triplet = f'{arch}-linux-gnu'
            ld = 'lib64/ld-linux-x86-64.so.2' if arch == 'x86_64' else 'lib/ld-linux-aarch64.so.1'
            loader = Loader(arch, os.path.join(root, ld),
                            f'{root}/lib/{triplet}:{root}/usr/lib/{triplet}', root)
            needs = [] if vers in ('-', 'static') else [x for x in vers.split(',') if '=' not in x]
            compare(ls, 'debian-11', f'debian-11-{name}', path, loader, needs)
        if host is not None:
            h = HOST[arch]
            compare(ls, host, f'{host}-{name}', path,
                    Loader(arch, h['loader'], h['libpath'], h['root']))
    paths = [os.path.join(fixdir, rel) for _, _, rel, _ in fixtures]
    for target in ('debian-11', host):
        if target:
            all_at_once(ls, target, paths)
    counts_file = os.environ.get('CHECK_COUNTS')
    if counts_file:
        with open(counts_file, 'w', encoding='utf-8') as f:
            f.write(f'{counts["pass"]} {counts["fail"]} {counts["skip"]}\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
