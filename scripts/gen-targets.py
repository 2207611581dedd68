#!/usr/bin/env python3
"""gen-targets.py - generate data/targets/*, the named targets of
`linkscope check --target` (docs/targets.md), from the real libraries.

  python3 scripts/gen-targets.py [--offline] [--out data/targets]
          [--policy FILE --policy-commit SHA]

Debian 10 (buster, when its archive is reachable), 11 (bullseye), 12
(bookworm) and 13 (trixie), amd64 and arm64: the packages libc6,
libstdc++6 and libgcc-s1 (buster: libgcc1) are downloaded and verified
by scripts/debian-fetch.py (InRelease signature, SHA256 of Packages.xz
and of each .deb) and extracted; then for every shared library they ship
in the loader's directories (read_libs)

  readelf -W --dyn-syms -V -d -l LIB        (GNU binutils: an oracle
                                              independent of linkscope)

gives its soname, DT_NEEDED, version definitions (Verdef) and defined
dynamic symbols with their version, default (@@) or hidden (@); libc.so.6's
PT_INTERP gives the loader path a program of that release carries.
GLIBC_PRIVATE is left out (no program may bind to it).

The manylinux targets are version-level: the version names each policy
allows per architecture (pypa/auditwheel, manylinux-policy.json) over the
library layout and version-node symbols of a Debian base release
(data/targets/manylinux-policy.json holds the excerpt used, with its
commit; --policy reads a full manylinux-policy.json and rewrites it).

Output (text, sorted, deterministic for the same .debs):
  data/targets/targets.txt    the targets, their provenance
  data/targets/x86-64.txt     per-architecture library data
  data/targets/aarch64.txt
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from email.utils import parsedate_to_datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location('debian_fetch',
                                               os.path.join(ROOT, 'scripts', 'debian-fetch.py'))
df = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(df)

RELEASES = ((10, 'buster'), (11, 'bullseye'), (12, 'bookworm'), (13, 'trixie'))
# Debian architecture -> (linkscope machine name, multiarch triplet, policy arch)
ARCHES = (('amd64', 'x86-64', 'x86_64-linux-gnu', 'x86_64'),
          ('arm64', 'aarch64', 'aarch64-linux-gnu', 'aarch64'))
LOADERS = {'amd64': 'ld-linux-x86-64.so.2', 'arm64': 'ld-linux-aarch64.so.1'}
FAMILIES = ('GLIBC', 'GLIBCXX', 'CXXABI', 'GCC')
# Version-level targets: name, policy, Debian base release (its library
# layout: libpthread separate before glibc 2.34, merged into libc from
# 2.34), title, aliases.
POLICY_TARGETS = (
    ('manylinux_2_17', 'manylinux_2_17', 11, 'manylinux2014 policy, CentOS 7 base',
     ('manylinux2014', 'rhel-7', 'centos-7')),
    ('manylinux_2_28', 'manylinux_2_28', 11, 'manylinux_2_28 policy, AlmaLinux 8 base',
     ('rhel-8',)),
    ('manylinux_2_34', 'manylinux_2_34', 12, 'manylinux_2_34 policy, AlmaLinux 9 base',
     ('rhel-9',)),
)
POLICY_REPO = 'pypa/auditwheel'
POLICY_PATH = 'src/auditwheel/policy/manylinux-policy.json'


def run_readelf(path):
    p = subprocess.run(['readelf', '-W', '--dyn-syms', '-V', '-d', '-l', path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f'gen-targets: readelf {path}: {p.stderr.strip()}')
    return p.stdout


# Vis may carry a note: "DEFAULT [VARIANT_PCS]" (AArch64 SME routines).
SYM_RE = re.compile(r'^\s*\d+:\s+[0-9a-f]+\s+\S+\s+(\S+)\s+(\S+)\s+(\S+(?: \[[^\]]*\])?)\s+(\S+)\s+(\S+)(.*)$')


def parse_readelf(text):
    """soname, needed, verdefs {name: flags}, syms [(version, name, hidden)],
    interp."""
    soname, needed, verdefs, syms, interp = None, [], {}, [], None
    section = None
    for line in text.splitlines():
        if line.startswith('Version definition section'):
            section = 'verdef'
            continue
        if line.startswith('Version needs section') or line.startswith('Version symbols'):
            section = None
            continue
        if line.startswith("Symbol table '.dynsym'"):
            section = 'dynsym'
            continue
        m = re.search(r'\(NEEDED\)\s+Shared library: \[(.*)\]', line)
        if m:
            needed.append(m.group(1))
            continue
        m = re.search(r'\(SONAME\)\s+Library soname: \[(.*)\]', line)
        if m:
            soname = m.group(1)
            continue
        m = re.search(r'\[Requesting program interpreter: (.*)\]', line)
        if m:
            interp = m.group(1)
            continue
        if section == 'verdef':
            m = re.search(r'Flags: (\S+)\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)', line)
            if m:
                verdefs[m.group(2)] = m.group(1)
        elif section == 'dynsym':
            m = SYM_RE.match(line)
            if not m:
                continue
            stype, bind, ndx = m.group(1), m.group(2), m.group(4)
            rest = m.group(5) + m.group(6)
            # What glibc's lookup can bind to (elf/dl-lookup.c check_match
            # and do_lookup_x): defined, global/weak/unique, a data or
            # code type; local SECTION symbols are ignored by the loader.
            if ndx == 'UND' or bind not in ('GLOBAL', 'WEAK', 'UNIQUE') or \
               stype not in ('NOTYPE', 'OBJECT', 'FUNC', 'COMMON', 'TLS', 'IFUNC'):
                continue
            name = re.sub(r' \(\d+\)$', '', rest.strip())
            if '@@' in name:
                sym, ver = name.split('@@', 1)
                syms.append((ver, sym, False))
            elif '@' in name:
                sym, ver = name.split('@', 1)
                syms.append((ver, sym, True))
            elif ndx == 'ABS' and name in verdefs:
                continue        # the node's own marker symbol
            elif name:
                syms.append(('*', name, False))
    # ABS markers come before the verdef list in some readelf orders:
    syms = [s for s in syms if not (s[0] == '*' and s[1] in verdefs)]
    return soname, needed, verdefs, syms, interp


def resolve(dest, p):
    """P with its symlinks followed inside DEST."""
    for _ in range(16):
        if not os.path.islink(p):
            break
        t = os.readlink(p)
        p = os.path.join(dest, t.lstrip('/')) if t.startswith('/') else \
            os.path.normpath(os.path.join(os.path.dirname(p), t))
    return p


def upstream(version):
    """'2.31-13+deb11u11' -> '2.31'; '10.2.1-6' -> '10.2.1'."""
    v = version.split(':', 1)[-1]
    return re.split(r'[-+~]', v, 1)[0]


def vkey(v):
    """Sort key of a version name: family, then numbers."""
    m = re.match(r'^([A-Za-z]+)_([0-9.]+)$', v)
    if m:
        return (0, m.group(1), tuple(int(x) for x in m.group(2).split('.') if x), v)
    return (1, v, (), v)


def collect(args):
    """{deb_arch: {soname: lib}} per release, and the provenance."""
    data, prov, skipped = {}, {}, []
    for num, rel in RELEASES:
        for deb_arch, mach, triplet, _ in ARCHES:
            pkgs = ['libc6', 'libstdc++6', 'libgcc1' if rel == 'buster' else 'libgcc-s1']
            try:
                arc = df.Archive(rel, deb_arch, offline=args.offline)
                arc.load_packages()
                infos = []
                with tempfile.TemporaryDirectory() as td:
                    for p in pkgs:
                        path, info = arc.fetch(p)
                        df.extract(path, td)
                        infos.append(info)
                    libs = read_libs(td, triplet, deb_arch, rel)
            except df.Unreachable as e:
                if num == 10:
                    skipped.append(f'debian-{num} ({rel}) {deb_arch}: mirror unreachable')
                    print(f'gen-targets: skipping {rel}/{deb_arch}: mirror unreachable: {e}',
                          file=sys.stderr)
                    continue
                print(f'gen-targets: mirror unreachable: {e}', file=sys.stderr)
                sys.exit(3)
            except df.Failure as e:
                if num == 10:
                    # buster's archive keys left debian-archive-keyring
                    # (they are in debian-archive-removed-keys.gpg): a
                    # release that cannot be verified is skipped, not used.
                    skipped.append(f'debian-{num} ({rel}) {deb_arch}: not verifiable')
                    print(f'gen-targets: skipping {rel}/{deb_arch}: {e}', file=sys.stderr)
                    continue
                sys.exit(f'gen-targets: {rel}/{deb_arch}: {e}')
            data.setdefault(num, {})[deb_arch] = libs
            prov.setdefault(num, {})[deb_arch] = dict(arc.provenance(), debs=infos)
    return data, prov, skipped


def is_shared_elf(path):
    """An ELF file of type ET_DYN (a shared library, or the loader)."""
    with open(path, 'rb') as f:
        h = f.read(18)
    if len(h) < 18 or h[:4] != b'\x7fELF':
        return False
    return int.from_bytes(h[16:18], 'little' if h[5] == 1 else 'big') == 3


def read_libs(dest, triplet, deb_arch, rel):
    """Every shared library the packages ship in the loader's directories
    (lib/TRIPLET, usr/lib/TRIPLET, lib64, usr/lib64: not gconv/ or audit/,
    which only dlopen reaches), by soname -- or by file name when it has
    none (libSegFault.so, libpcprofile.so, which a DT_NEEDED names by file
    name).  A library the data knows from one release but the target
    lacks is then a failure (libc_malloc_debug.so.0 is glibc 2.34+)."""
    libs, seen = {}, set()
    for d in (f'lib/{triplet}', f'usr/lib/{triplet}', 'lib64', 'usr/lib64'):
        top = os.path.join(dest, d)
        if not os.path.isdir(top):
            continue
        for entry in sorted(os.listdir(top)):
            path = resolve(dest, os.path.join(top, entry))
            if not os.path.isfile(path) or not is_shared_elf(path):
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            soname, needed, verdefs, syms, interp = parse_readelf(run_readelf(path))
            name = soname or entry
            if name in libs:
                continue
            seen.add(real)
            libs[name] = {'needed': needed, 'verdefs': verdefs, 'interp': interp,
                          'syms': [s for s in syms if s[0] != 'GLIBC_PRIVATE']}
    for name in ('libc.so.6', 'libstdc++.so.6', 'libgcc_s.so.1', LOADERS[deb_arch]):
        if name not in libs:
            sys.exit(f'gen-targets: {rel}/{deb_arch}: {name} not found in the packages')
    return libs


def fmt_set(s, order):
    """Release numbers as runs in ORDER: {11,12,13} -> '11-13'."""
    idx = sorted(order.index(x) for x in s)
    out, i = [], 0
    while i < len(idx):
        j = i
        while j + 1 < len(idx) and idx[j + 1] == idx[j] + 1:
            j += 1
        out.append(str(order[idx[i]]) if i == j else f'{order[idx[i]]}-{order[idx[j]]}')
        i = j + 1
    return ','.join(out)


def write_arch(path, mach, deb_arch, data, order):
    """One architecture's libraries: every (version, symbol) once, with
    the releases that define it."""
    libs = {}
    loaders = {}
    for num in order:
        rl = data[num].get(deb_arch)
        if rl is None:
            continue
        loaders.setdefault(rl['libc.so.6']['interp'], set()).add(num)
        for name, lib in rl.items():
            L = libs.setdefault(name, {'rels': set(), 'needed': {}, 'vers': {}, 'syms': {}})
            L['rels'].add(num)
            for n in lib['needed']:
                L['needed'].setdefault(n, set()).add(num)
            for v, flags in lib['verdefs'].items():
                if v == 'GLIBC_PRIVATE':
                    continue
                L['vers'].setdefault((v, flags), set()).add(num)
            for v, s, hidden in lib['syms']:
                L['syms'].setdefault((v, s, hidden), set()).add(num)
    present = sorted({n for n in order if data[n].get(deb_arch)}, key=order.index)
    lines = [f'# linkscope target data for {mach} (Debian {deb_arch}); generated by '
             'scripts/gen-targets.py from the real libraries; format: docs/targets.md',
             'format 1', 'releases ' + ' '.join(str(n) for n in present)]
    for ld, s in sorted(loaders.items()):
        lines.append(f'loader {ld} {fmt_set(s, order)}')
    for name in sorted(libs):
        L = libs[name]
        lines.append(f'lib {name} {fmt_set(L["rels"], order)}')
        for n in sorted(L['needed']):
            ns = L['needed'][n]
            lines.append(f'needed {n}' + ('' if ns == L['rels'] else f' {fmt_set(ns, order)}'))
        vers = {}
        for (v, flags), s in L['vers'].items():
            vers.setdefault(v, [set(), flags])[0] |= s
        nodes = set(vers) | {k[0] for k in L['syms']}
        for v in sorted(nodes, key=vkey):
            if v in vers:
                vs, flags = vers[v]
            else:
                # '*': symbols of no version node (VER_NDX_GLOBAL)
                vs = set().union(*(s for k, s in L['syms'].items() if k[0] == v))
                flags = 'none'
            head = f'version {v}' + ('' if vs == L['rels'] else f' {fmt_set(vs, order)}')
            lines.append(head + (' base' if flags == 'BASE' else ''))
            for (kv, sym, hidden) in sorted((k for k in L['syms'] if k[0] == v),
                                            key=lambda k: (k[1], k[2])):
                s = L['syms'][(kv, sym, hidden)]
                tail = ('' if s == vs else ' ' + fmt_set(s, order)) + (' hidden' if hidden else '')
                lines.append(f' {sym}{tail}')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


def rfc2822_date(s):
    try:
        return parsedate_to_datetime(s).strftime('%Y-%m-%dT%H:%M:%SZ')
    except (TypeError, ValueError):
        return s.replace(' ', '_')


def max_node(libs, lib, family):
    best = None
    for v in libs.get(lib, {}).get('verdefs', {}):
        if v.startswith(family + '_') and vkey(v)[0] == 0:
            if best is None or vkey(v) > vkey(best):
                best = v
    return best[len(family) + 1:] if best else '-'


def load_policy(args):
    """The excerpt (from data/targets, or rebuilt from --policy)."""
    out = os.path.join(args.out, 'manylinux-policy.json')
    if args.policy:
        with open(args.policy, encoding='utf-8') as f:
            full = json.load(f)
        want = {p[1] for p in POLICY_TARGETS}
        arches = {a[3] for a in ARCHES}
        ex = {'source': f'https://github.com/{POLICY_REPO}/blob/{args.policy_commit}/{POLICY_PATH}',
              'repository': POLICY_REPO, 'path': POLICY_PATH, 'commit': args.policy_commit,
              'policies': []}
        for p in full:
            if p['name'] not in want:
                continue
            ex['policies'].append({
                'name': p['name'], 'aliases': p.get('aliases', []),
                'lib_whitelist': p['lib_whitelist'],
                'symbol_versions': {a: {fam: v for fam, v in sorted(p['symbol_versions'][a].items())
                                        if fam in FAMILIES}
                                    for a in sorted(p['symbol_versions']) if a in arches}})
        with open(out, 'w', encoding='utf-8') as f:
            json.dump(ex, f, indent=1, sort_keys=True)
            f.write('\n')
    with open(out, encoding='utf-8') as f:
        return json.load(f)


def write_targets(path, data, prov, order, skipped, policy):
    lines = ['# linkscope named targets; generated by scripts/gen-targets.py; '
             'format: docs/targets.md', 'format 1']
    for s in skipped:
        lines.append(f'# skipped: {s}')
    for num, rel in RELEASES:
        if num not in data:
            continue
        arches = data[num]
        any_arch = next(iter(arches))
        debs = {d['package']: d for d in prov[num][any_arch]['debs']}
        libc = debs['libc6']['version']
        cxx = debs['libstdc++6']['version']
        p0 = prov[num][any_arch]
        lines += [f'target debian-{num}',
                  'level exact',
                  f'base {num}',
                  f'title Debian {num} {rel}',
                  f'glibc {upstream(libc)}',
                  f'glibcxx {max_node(arches[any_arch], "libstdc++.so.6", "GLIBCXX")}',
                  f'alias debian-{rel}',
                  f'alias {rel}']
        for deb_arch, mach, _, _ in ARCHES:
            if deb_arch in arches:
                lines.append(f'arch {mach} {arches[deb_arch]["libc.so.6"]["interp"]} {deb_arch}')
        lines.append(f'provenance Debian {p0["release_version"]} ({p0["codename"]}) main, '
                     f'{p0["mirror"]}, InRelease {rfc2822_date(p0["date"])}: libc6 {libc}, '
                     f'libstdc++6 {cxx}')
        for deb_arch, mach, _, _ in ARCHES:
            if deb_arch not in prov[num]:
                continue
            for d in prov[num][deb_arch]['debs']:
                lines.append(f'deb {mach} {d["package"]} {d["version"]} {d["filename"]} '
                             f'sha256={d["sha256"]}')
    pol = {p['name']: p for p in policy['policies']}
    for name, pname, base, title, aliases in POLICY_TARGETS:
        p = pol[pname]
        lines += [f'target {name}', 'level version', f'base {base}', f'title {title}',
                  f'glibc {pname.split("_", 1)[1].replace("_", ".")}']
        gx = [v for v in p['symbol_versions'].get('x86_64', {}).get('GLIBCXX', [])]
        lines.append('glibcxx ' + (max(gx, key=lambda v: vkey('X_' + v)) if gx else '-'))
        for a in aliases:
            lines.append(f'alias {a}')
        for deb_arch, mach, _, parch in ARCHES:
            if parch in p['symbol_versions'] and deb_arch in data[base]:
                lines.append(f'arch {mach} {data[base][deb_arch]["libc.so.6"]["interp"]} {parch}')
                for fam in FAMILIES:
                    vs = p['symbol_versions'][parch].get(fam, [])
                    for v in vs:
                        node = f'{fam}_{v}'
                        if not any(node in lib['verdefs'] for lib in data[base][deb_arch].values()):
                            sys.exit(f'gen-targets: {name} {mach}: {node} is not defined '
                                     f'by the base release debian-{base}')
                    lines.append(f'allow {mach} {fam} ' + ' '.join(vs))
        lines.append(f'provenance version-level from the manylinux policy {pname} '
                     f'({policy["repository"]} {policy["commit"][:12]} {policy["path"]}); '
                     f'library layout and version-node symbols from debian-{base}')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--offline', action='store_true',
                    help='only the cached packages (${XDG_CACHE_HOME:-/var/tmp}/linkscope-debs)')
    ap.add_argument('--out', default=os.path.join(ROOT, 'data', 'targets'))
    ap.add_argument('--policy', help='a full manylinux-policy.json to take the excerpt from')
    ap.add_argument('--policy-commit', help='the auditwheel commit --policy comes from')
    args = ap.parse_args()
    if args.policy and not args.policy_commit:
        ap.error('--policy needs --policy-commit')
    os.makedirs(args.out, exist_ok=True)
    policy = load_policy(args)
    data, prov, skipped = collect(args)
    order = [n for n, _ in RELEASES if n in data]
    for deb_arch, mach, _, _ in ARCHES:
        write_arch(os.path.join(args.out, f'{mach}.txt'), mach, deb_arch, data, order)
    write_targets(os.path.join(args.out, 'targets.txt'), data, prov, order, skipped, policy)
    print(args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
