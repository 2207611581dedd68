"""deps_lib.py - the real loaders as oracles for "linkscope deps".

Shared by deps_list.py (the system corpus) and deps_fixtures.py (the
crafted fixtures).  Nothing here decides what linkscope should print from
linkscope itself: every expectation comes from a real loader run.

Oracles:
  glibc x86-64  LD_TRACE_LOADED_OBJECTS=1 /lib64/ld-linux-x86-64.so.2 FILE
                (what ldd shows); LD_WARN=yes LD_BIND_NOW=yes add ldd -r's
                "undefined symbol" lines; LD_DEBUG=libs,files tells how and
                from where each library was found and who needed it.
  musl          /lib/ld-musl-x86_64.so.1 --list FILE
  aarch64       qemu-aarch64 -L ROOT -E LD_TRACE_LOADED_OBJECTS=1 FILE

Trace mode never runs the program's code: the loader stops after loading
(and, with LD_WARN, relocating).  A static ET_EXEC file is never given to
a loader (it would run it); ld.so --verify (as ldd does) classifies it.
"""
import json
import os
import re
import struct
import subprocess

GLIBC_LD = '/lib64/ld-linux-x86-64.so.2'
MUSL_LD = '/lib/ld-musl-x86_64.so.1'
A64_ROOT = '/usr/aarch64-linux-gnu'

EM_X86_64, EM_AARCH64, EM_386 = 62, 183, 3
ET_EXEC, ET_DYN = 2, 3
PT_DYNAMIC, PT_INTERP = 2, 3

ADDR_RE = re.compile(r' \(0x[0-9a-fA-F]+\)$')
VDSO_NAMES = {'linux-vdso.so.1', 'linux-gate.so.1', 'linux-vdso64.so.1', ''}
DEBUG_RE = re.compile(r'^\s*\d+:\t?(.*)$')


def clean_env(extra=None):
    """The environment for every run: no loader variables of the caller."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith('LD_') and k not in ('GLIBC_TUNABLES',)}
    env['LC_ALL'] = 'C'
    if extra:
        env.update(extra)
    return env


def elf_info(path):
    """ELF header facts, or None when the file is not ELF (or unreadable).
    Reads only the headers, bounded by the file size."""
    try:
        with open(path, 'rb') as f:
            head = f.read(64)
            if len(head) < 52 or head[:4] != b'\x7fELF':
                return None
            cls, data = head[4], head[5]
            if cls not in (1, 2) or data not in (1, 2):
                return {'class': cls, 'data': data, 'machine': None, 'type': None,
                        'interp': None, 'dynamic': False, 'bad': True}
            e = '<' if data == 1 else '>'
            size = os.fstat(f.fileno()).st_size
            if cls == 2:
                if len(head) < 64:
                    return None
                etype, machine = struct.unpack_from(e + 'HH', head, 16)
                phoff, = struct.unpack_from(e + 'Q', head, 32)
                phentsize, phnum = struct.unpack_from(e + 'HH', head, 54)
            else:
                etype, machine = struct.unpack_from(e + 'HH', head, 16)
                phoff, = struct.unpack_from(e + 'I', head, 28)
                phentsize, phnum = struct.unpack_from(e + 'HH', head, 42)
            info = {'class': cls, 'data': data, 'machine': machine, 'type': etype,
                    'interp': None, 'dynamic': False, 'bad': False}
            if phnum == 0 or phentsize == 0 or phoff + phnum * phentsize > size:
                info['bad'] = phnum != 0
                return info
            f.seek(phoff)
            ph = f.read(phnum * phentsize)
            for i in range(phnum):
                o = i * phentsize
                if cls == 2:
                    p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(e + 'IIQQQQ', ph, o)
                else:
                    p_type, p_offset, _, _, p_filesz = struct.unpack_from(e + 'IIIII', ph, o)
                if p_type == PT_DYNAMIC:
                    info['dynamic'] = True
                elif p_type == PT_INTERP and p_filesz < 4096 and p_offset + p_filesz <= size:
                    f.seek(p_offset)
                    info['interp'] = f.read(p_filesz).split(b'\0')[0].decode('latin-1')
            return info
    except OSError:
        return None


# Triage only (never set by the suites): DEPS_TRIAGE_DOT=1 turns "/./" into
# "/" on the loader's side, to see what else differs while linkscope still
# expands the program's $ORIGIN differently from ld.so FILE.
TRIAGE_DOT = os.environ.get('DEPS_TRIAGE_DOT') == '1'


def _dot(s):
    return s.replace('/./', '/') if TRIAGE_DOT else s


def strip_trace(text):
    """Trace-mode stdout without addresses and without the vDSO line."""
    out = []
    for line in _dot(text).splitlines():
        line = ADDR_RE.sub('', line)
        if line.startswith('\t'):
            name = line[1:].split(' => ')[0]
            if name.strip() in VDSO_NAMES:
                continue
        out.append(line)
    return out


def split_stderr(text):
    """(debug lines without their pid prefix, other lines) of a loader's
    stderr."""
    dbg, other = [], []
    for line in text.splitlines():
        m = DEBUG_RE.match(line)
        if m and re.match(r'^\s*\d+:', line):
            dbg.append(m.group(1))
        else:
            other.append(line)
    return dbg, other


def run(cmd, env=None, cwd=None, timeout=60, chroot=None):
    """Runs cmd; with chroot=ROOT the child enters ROOT first (so that the
    environment reaches the loader inside, not a chroot(8) program)."""
    pre = None
    if chroot:
        def pre():
            os.chroot(chroot)
            os.chdir(cwd or '/')
        cwd = None
    try:
        p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, preexec_fn=pre)
        return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return 'timeout', '', ''
    except OSError as e:
        return 'oserror', '', str(e)


class Oracle:
    """One loader run: list lines, undefined-symbol lines, version lines,
    and (glibc) the LD_DEBUG=libs,files trace parsed."""

    def __init__(self, rc, out, err, debug=True, cache=True):
        self.rc = rc
        self.raw_out, self.raw_err = out, err
        err = _dot(err)
        self.list = strip_trace(out)
        dbg, other = split_stderr(err)
        # glibc prints a symbol again for every lookup that misses its
        # one-entry lookup cache; linkscope reproduces the cache.
        self.undefined = [l for l in other if l.startswith('undefined symbol: ')]
        seen = set(self.undefined)
        self.versions = [l for l in other if 'version `' in l or
                         'no version information available' in l]
        self.other_err = [l for l in other if l not in seen and l not in self.versions]
        self.libs = parse_libs_debug(dbg, cache) if debug else None

    def expected_stdout(self, with_r):
        return self.list + (self.undefined if with_r else [])

    def problems(self):
        """True when ldd would show a problem linkscope must exit 1 for."""
        return (any(l.endswith('=> not found') for l in self.list) or
                any('not found (required by' in l and 'weak version' not in l
                    for l in self.versions) or bool(self.undefined) or
                any(l.startswith(('Error loading shared library', 'Error relocating',
                                  'Inconsistency detected by ld.so'))
                    or 'error while loading shared libraries' in l
                    for l in self.other_err))


def glibc_oracle(file, env=None, cwd=None, with_r=False, debug=True, loader_args=(),
                 chroot=None, loader=GLIBC_LD, timeout=60, exec_=False, dot=False):
    """exec_: run the program itself (trace mode stops before main), so
    $ORIGIN is the kernel's /proc/self/exe as in a real start, not the
    name given to `ld.so PROG`.  dot: read "/./" as "/", the one way the
    paths of `ld.so ./PROG` differ from those of a real start when the
    program's directory holds no symlink (for checks of --json)."""
    cache = '--inhibit-cache' not in loader_args
    e = {'LD_TRACE_LOADED_OBJECTS': '1'}
    if with_r:
        e.update(LD_WARN='yes', LD_BIND_NOW='yes')
    if debug:
        e['LD_DEBUG'] = 'libs,files'
    if env:
        e.update(env)
    cmd = [file if '/' in file else './' + file] if exec_ else \
        [loader] + list(loader_args) + [file]
    rc, out, err = _undot(dot, *run(cmd, env=clean_env(e), cwd=cwd,
                                    timeout=timeout, chroot=chroot))
    return Oracle(rc, out, err, debug, cache)


def _undot(dot, rc, out, err):
    if dot and isinstance(rc, int):
        out, err = out.replace('/./', '/'), err.replace('/./', '/')
    return rc, out, err


def glibc_verify(file):
    """ld.so --verify, as ldd runs it: 0 dynamic, 1 not dynamic, 2 static-pie
    (or a file without dependencies)."""
    rc, _, _ = run([GLIBC_LD, '--verify', file], env=clean_env())
    return rc


def musl_oracle(file, env=None, cwd=None):
    rc, out, err = run([MUSL_LD, '--list', file], env=clean_env(env), cwd=cwd)
    return Oracle(rc, out, err, debug=False)


def qemu_oracle(file, root=A64_ROOT, env=None, cwd=None, with_r=False):
    args = ['qemu-aarch64', '-L', root, '-E', 'LD_TRACE_LOADED_OBJECTS=1']
    if with_r:
        args += ['-E', 'LD_WARN=yes', '-E', 'LD_BIND_NOW=yes']
    for k, v in (env or {}).items():
        args += ['-E', f'{k}={v}']
    rc, out, err = run(args + [file], env=clean_env(), cwd=cwd, timeout=120)
    return Oracle(rc, out, err, debug=False)


# --- LD_DEBUG=libs,files -------------------------------------------------------

SRC_RE = re.compile(r'^\s*search path=(.*?)\s*\((RPATH from file (.*)|RUNPATH from file (.*)|'
                    r'LD_LIBRARY_PATH|system search path)\)$')


def _fix_labels(ent, cache=True):
    """glibc shares one element per directory between all search lists and
    labels a run of elements with the first one's origin: a RUNPATH or RPATH
    directory that is also a system directory prints as "(system search
    path)", and its "from file X" names whichever object brought the
    directory in first.  The cache is always consulted before the system
    directories, so a "system search path" run before the cache line (or in
    a search that stopped before the cache) is really RPATH, LD_LIBRARY_PATH
    or RUNPATH: marked "pre-cache"."""
    if not ent or not cache:
        return
    segs = ent['segments']
    cache_at = next((i for i, sg in enumerate(segs) if sg[0] == 'cache'), None)
    for i, (how, via, tries) in enumerate(segs):
        if how == 'default' and (cache_at is None or i < cache_at):
            segs[i] = ('pre-cache', via, tries)


def parse_libs_debug(lines, cache=True):
    """{name: {'needed_by': PARENT or None, 'segments': [(how, via, [tries])]}}
    for every library the loader looked up (first lookup of a name).
    cache=False: the loader ran with --inhibit-cache."""
    libs = {}
    cur = None
    for line in lines + ['']:
        m = re.match(r'^file=(.*) \[\d+\];  needed by (.*) \[\d+\]$', line)
        if m:
            libs.setdefault(m.group(1), {'needed_by': m.group(2), 'segments': []})
            continue
        m = re.match(r'^find library=(.*) \[\d+\]; searching$', line)
        if m:
            _fix_labels(cur, cache)
            name = m.group(1)
            ent = libs.setdefault(name, {'needed_by': None, 'segments': []})
            cur = ent if not ent['segments'] else None
            continue
        if cur is None:
            continue
        if line.strip() == '':
            _fix_labels(cur, cache)
            cur = None
            continue
        m = SRC_RE.match(line)
        if m:
            if m.group(3) is not None:
                cur['segments'].append(('rpath', m.group(3), []))
            elif m.group(4) is not None:
                cur['segments'].append(('runpath', m.group(4), []))
            elif m.group(2) == 'LD_LIBRARY_PATH':
                cur['segments'].append(('ld-library-path', None, []))
            else:
                cur['segments'].append(('default', None, []))
            continue
        if line.strip().startswith('search cache='):
            cur['segments'].append(('cache', None, []))
            continue
        m = re.match(r'^\s*trying file=(.*)$', line)
        if m and cur['segments']:
            cur['segments'][-1][2].append(m.group(1))
    return libs


def how_found(libs, name, path):
    """(how, via) of the segment whose try found PATH, or None when the loader
    did not search for NAME."""
    ent = libs.get(name)
    if not ent or not ent['segments']:
        return None
    hit = None
    for how, via, tries in ent['segments']:
        if path in tries:
            hit = (how, via)
    return hit


# --- linkscope -------------------------------------------------------------------

def ls_run(ls, args, cwd=None, timeout=120):
    return run([ls] + list(args), env=clean_env(), cwd=cwd, timeout=timeout)


def ls_json(ls, args, cwd=None):
    args = list(args)
    rc, out, err = ls_run(ls, args[:1] + ['--json'] + args[1:], cwd=cwd)
    try:
        doc = json.loads(out) if out.strip() else None
    except ValueError as e:
        return rc, None, f'not JSON: {e}; stderr: {err.strip()[:300]}'
    return rc, doc, err


def diff_lines(want, got, label_want='loader', label_got='linkscope', limit=30):
    import difflib
    d = list(difflib.unified_diff(want, got, label_want, label_got, lineterm='', n=1))
    if len(d) > limit:
        d = d[:limit] + [f'... ({len(d) - limit} more diff lines)']
    return [l.replace('\t', '\\t') for l in d]


def version_lines(err):
    return [l for l in err.splitlines()
            if 'version `' in l or 'no version information available' in l]


def compare_list(oracle, rc, out, err, with_r, expect_rc=None):
    """Problems (strings) between linkscope's --list run and the oracle."""
    probs = []
    want = oracle.expected_stdout(with_r)
    got = out.splitlines()
    if got != want:
        probs.append('stdout differs from the loader (-want +got):')
        probs += ['  ' + l for l in diff_lines(want, got)]
    gv = version_lines(err)
    if gv != oracle.versions:
        probs.append('version messages on stderr differ (-loader +linkscope):')
        probs += ['  ' + l for l in diff_lines(oracle.versions, gv)]
    if expect_rc is None:
        expect_rc = 1 if oracle.problems() else 0
    if rc != expect_rc:
        probs.append(f'exit status {rc}, want {expect_rc}' +
                     (f'; stderr: {err.strip()[:300]}' if err.strip() else ''))
    return probs


def compare_tried(name, o, ent):
    """A missing library's JSON "tried" list against the loader's "trying
    file=" lines: every file the loader tried is in the list, in the same
    order.  linkscope may list more: the loader stops trying directories it
    already found missing (and prints a repeated legacy subdirectory twice),
    so an extra entry is allowed when its directory does not exist."""
    if not ent:
        return []
    seen, loader_tries = set(), []
    for _, _, tries in ent['segments']:
        for t in tries:
            if t not in seen:
                seen.add(t)
                loader_tries.append(t)
    got = [t.get('path') for t in o.get('tried') or [] if isinstance(t, dict)]
    probs = []
    it = iter(got)
    missing = [t for t in loader_tries if t not in got]
    if missing:
        probs.append(f'{name}: JSON tried lacks {len(missing)} path(s) the loader tried, e.g. {missing[:3]}')
    elif not all(any(g == t for g in it) for t in loader_tries):
        probs.append(f'{name}: JSON tried is not in the loader\'s order')
    extra = [g for g in got if g not in seen and os.path.isdir(os.path.dirname(g) or '.')]
    if extra:
        probs.append(f'{name}: JSON tried lists {len(extra)} path(s) in existing directories that the '
                     f'loader did not try, e.g. {extra[:3]}')
    return probs


def compare_json(oracle, doc, file, with_order=True):
    """Checks linkscope's JSON objects against the loader's list and its
    LD_DEBUG=libs,files trace: each found library's path, how, via,
    needed_by; each missing one; and the load order."""
    probs = []
    if not doc or not isinstance(doc.get('files'), list) or not doc['files']:
        return ['no files[0] in the JSON document']
    f = doc['files'][0]
    objs = f.get('objects') or []
    # Oracle entries from the list: name -> path (None: not found); the loader line.
    want = []
    for line in oracle.list:
        if not line.startswith('\t'):
            continue
        body = line[1:]
        if ' => ' in body:
            name, path = body.split(' => ', 1)
            want.append((name, None if path == 'not found' else path))
        elif body in ('statically linked', 'not a dynamic executable'):
            continue
        else:
            want.append((body, body))
    byname = {}
    for o in objs:
        if o.get('depth', 0) == 0 and o.get('how') == 'main':
            continue
        byname.setdefault(o.get('name'), o)
    for name, path in want:
        o = byname.get(name)
        if o is None:
            # The loader line is printed as its path; linkscope may name it
            # by the DT_NEEDED string: find it by path and how.
            o = next((x for x in objs if x.get('path') == path and x.get('how') == 'loader'), None)
        if o is None:
            probs.append(f'{name}: not in JSON objects')
            continue
        if path is None:
            if o.get('found') is not False or o.get('how') != 'not-found':
                probs.append(f'{name}: loader did not find it; JSON found={o.get("found")} how={o.get("how")}')
            elif oracle.libs is not None:
                probs += compare_tried(name, o, oracle.libs.get(name))
            continue
        if o.get('path') != path:
            probs.append(f'{name}: JSON path {o.get("path")!r}, loader {path!r}')
        if oracle.libs is None:
            continue
        hv = how_found(oracle.libs, name, path)
        if hv is None:
            if name == path or '/' in name:
                exp = ('loader', None) if o.get('how') == 'loader' else None
                if exp is None and o.get('how') not in ('path', 'preload', 'loader', 'dlopen'):
                    probs.append(f'{name}: JSON how {o.get("how")!r}, loader opened it by path')
            elif o.get('how') not in ('loader',):
                probs.append(f'{name}: loader found it without a search (already loaded: '
                             f'loader itself?); JSON how {o.get("how")!r}')
            continue
        how, via = hv
        nb = (oracle.libs.get(name) or {}).get('needed_by')
        if how == 'pre-cache':
            if o.get('how') not in ('rpath', 'runpath', 'ld-library-path'):
                probs.append(f'{name}: JSON how {o.get("how")!r}; the loader found it before '
                             f'consulting the cache, in a directory that is also a system directory '
                             f'(so rpath, runpath or ld-library-path)')
        elif o.get('how') != how:
            probs.append(f'{name}: JSON how {o.get("how")!r}, LD_DEBUG says {how!r}' +
                         (f' (from {via})' if via else ''))
        elif how == 'runpath' and nb is not None and o.get('via') != nb:
            # DT_RUNPATH serves only the requester's own DT_NEEDED.
            probs.append(f'{name}: JSON via {o.get("via")!r}; a RUNPATH hit is always the requester\'s '
                         f'({nb!r})')
        elif how == 'rpath' and via is not None and via == nb and o.get('via') != via:
            probs.append(f'{name}: JSON via {o.get("via")!r}, LD_DEBUG says {via!r}')
        if nb is not None and o.get('needed_by') != nb:
            probs.append(f'{name}: JSON needed_by {o.get("needed_by")!r}, LD_DEBUG says {nb!r}')
    if with_order:
        wpaths = [p for _, p in want if p is not None]
        # A file the loader lists as "statically linked" shows no loader
        # line; linkscope may still count the loader as present.
        no_loader = (any(l == '\tstatically linked' for l in oracle.list) or
                     not any(o.get('how') == 'loader' and o.get('path') in wpaths for o in objs))
        gpaths = [o.get('path') for o in objs
                  if not (no_loader and o.get('how') == 'loader')
                  if o.get('found') and not (o.get('depth', 0) == 0 and o.get('how') == 'main')
                  and o.get('how') != 'dlopen' and not o.get('dlopened')]
        if wpaths != gpaths:
            probs.append('load order differs (-loader +JSON objects):')
            probs += ['  ' + l for l in diff_lines(wpaths, gpaths)]
    return probs
