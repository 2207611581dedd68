#!/usr/bin/env python3
"""check_checksec.py LINKSCOPE WORKDIR - the worker of check-checksec.sh.

Compares "linkscope check --json" with checksec 2.6.0 on the ELF
executables and shared libraries of the system directories, field by
field: relro, canary, nx, pie, rpath, runpath, fortify.

checksec greps readelf's text, and some of its answers are wrong; for
every disagreement the raw ELF facts (readelf -W -h -S -l -d -s -V -n,
tests/lib/elffacts.py) decide:

  PASS: check-checksec FILE FIELD                      agreement
  PASS: check-checksec FILE FIELD (checksec wrong: R)  a known checksec bug,
                                                       proven by readelf
  FAIL: check-checksec FILE FIELD                      anything else: linkscope
                                                       contradicts readelf, or an
                                                       unexplained disagreement

An agreement that readelf contradicts (both tools wrong the same way) is a
FAIL too.  At the end: a table of disagreement classes, each with one
example file and the readelf lines that prove it.

FORTIFY counts: linkscope's fortify.fortified and fortify.fortifiable
against checksec --fortify-file=F --output=json ("nb_checked_func",
"nb_fortifiable_func").  Both are recomputed from readelf's symbols by the
two rules (docs/check.md "Fortify counts" for linkscope; checksec 2.6.0's
chk_fortify_file: every `readelf -s` line of either table, leading '_'
stripped, names counted as often as they appear, against the _chk names of
the system's libc.so.6).  A difference passes when each tool's numbers are
its rule's, and is put in the classes of the rule differences that change
the count (FORTIFY_STEPS); anything else is a FAIL.

Environment (set by check-checksec.sh):
  DIRS            directories to scan (space-separated)
  CORPUS          "all" or N: a deterministic spread of N files
  FIXDIR          also every executable and library of this fixture tree
  CHECKSEC_JOBS   parallel checksec processes
  CHECKSEC_CHUNK  files per checksec --listfile run (default 20)
  CHECKSEC_CACHE  0: ignore WORKDIR/checksec-cache.json (checksec's answers
                  for files whose size, mtime and inode are unchanged)
"""
import json
import os
import re
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'lib'))
import elffacts  # noqa: E402

FIELDS = ['relro', 'canary', 'nx', 'pie', 'rpath', 'runpath', 'fortify']
COUNTS = {'pass': 0, 'fail': 0, 'skip': 0}


def out(line):
    print(line, flush=False)


def emit(kind, name, details=()):
    out(f'{kind}: {name}')
    for d in details:
        for ln in str(d).splitlines():
            out('    ' + ln)
    COUNTS[{'PASS': 'pass', 'FAIL': 'fail', 'SKIP': 'skip'}[kind]] += 1


def note(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Corpus.

def is_debuginfo(p):
    return '/usr/lib/debug/' in p or '/.build-id/' in p


def scan(dirs):
    """ELF ET_EXEC/ET_DYN regular files under DIRS, one path per inode.
    Separate debug-info files (/usr/lib/debug, objcopy --only-keep-debug:
    program headers, but their contents are NOBITS) are neither programs
    nor libraries; they are returned apart."""
    seen = set()
    files = []
    debug = []
    for top in dirs:
        if not os.path.isdir(top):
            continue
        for dp, dns, fns in os.walk(top):
            dns.sort()
            for fn in sorted(fns):
                p = os.path.join(dp, fn)
                try:
                    st = os.lstat(p)
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode) or st.st_size < 64:
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    continue
                try:
                    with open(p, 'rb') as fh:
                        h = fh.read(20)
                except OSError:
                    continue
                if h[:4] != b'\x7fELF' or h[5] not in (1, 2):
                    continue
                et = int.from_bytes(h[16:18], 'little' if h[5] == 1 else 'big')
                if et not in (2, 3):
                    continue
                # checksec's output is line-oriented and unescaped JSON.
                if any(c in p for c in '\n"\\'):
                    continue
                seen.add(key)
                (debug if is_debuginfo(p) else files).append(p)
    return sorted(files), sorted(debug)


def spread(files, n):
    if n >= len(files):
        return files
    return [files[(i * len(files)) // n] for i in range(n)]


# ---------------------------------------------------------------------------
# checksec.

# checksec's JSON is not always JSON: --listfile leaves a trailing comma,
# and a set-ID file's entry ends with " } }" and no newline, which runs it
# into the next entry.  So the entries are picked out one by one.
ENTRY_RE = re.compile(r'"([^"\n]+)": \{ ((?:"[^"\n]*":"[^"\n]*",?\s*)+)')
KV_RE = re.compile(r'"([^"]+)":"([^"]*)"')


def parse_checksec(text):
    res = {}
    for m in ENTRY_RE.finditer(text):
        kv = dict(KV_RE.findall(m.group(2)))
        if 'relro' in kv:
            res[m.group(1)] = kv
    return res


def run_checksec_chunk(args):
    idx, chunk, work = args
    lst = os.path.join(work, f'checksec.{idx:05d}.list')
    with open(lst, 'w') as fh:
        fh.write('\n'.join(chunk) + '\n')
    try:
        r = subprocess.run(['checksec', '--output=json', f'--listfile={lst}'],
                           capture_output=True, timeout=1800,
                           env={**os.environ, 'LC_ALL': 'C'})
        text = r.stdout.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        text = ''
    with open(lst + '.json', 'w') as fh:
        fh.write(text)
    res = parse_checksec(text)
    # A file checksec refused ends the list run ("exit 1"): redo the rest
    # one by one.
    for p in chunk:
        if p in res:
            continue
        try:
            r = subprocess.run(['checksec', '--output=json', f'--file={p}'],
                               capture_output=True, timeout=1800,
                               env={**os.environ, 'LC_ALL': 'C'})
            res.update(parse_checksec(r.stdout.decode('utf-8', 'replace').replace('} }', '}\n}')))
        except subprocess.TimeoutExpired:
            pass
    return res


def file_key(p):
    try:
        st = os.stat(p)
    except OSError:
        return None
    return f'{st.st_size}:{st.st_mtime_ns}:{st.st_ino}'


def cache_load(files, cache_path):
    """(cache, answers reused, files to run): a cached answer is reused for
    a file whose size, mtime and inode are unchanged, unless
    CHECKSEC_CACHE=0."""
    cache = {}
    if os.environ.get('CHECKSEC_CACHE', '1') != '0' and os.path.exists(cache_path):
        try:
            with open(cache_path) as fh:
                cache = json.load(fh)
        except ValueError:
            cache = {}
    res = {}
    todo = []
    for p in files:
        ent = cache.get(p)
        if ent and ent.get('key') is not None and ent.get('key') == file_key(p):
            res[p] = ent['result']
        else:
            todo.append(p)
    return cache, res, todo


def cache_save(cache, cache_path):
    tmp = cache_path + '.tmp'
    with open(tmp, 'w') as fh:
        json.dump(cache, fh)
    os.replace(tmp, cache_path)


def checksec_all(files, work, jobs, chunk):
    """checksec's answers; unchanged files reuse WORK/checksec-cache.json
    (checksec is the slow part) unless CHECKSEC_CACHE=0."""
    cache_path = os.path.join(work, 'checksec-cache.json')
    cache, res, todo = cache_load(files, cache_path)
    if len(todo) < len(files):
        note(f'check-checksec: {len(files) - len(todo)} checksec results reused from {cache_path}')
    new = checksec_run(todo, work, jobs, chunk) if todo else {}
    res.update(new)
    for p, r in new.items():
        cache[p] = {'key': file_key(p), 'result': r}
    cache_save(cache, cache_path)
    return res


def checksec_run(files, work, jobs, chunk):
    chunks = [(i, files[o:o + chunk], work) for i, o in enumerate(range(0, len(files), chunk))]
    res = {}
    done = 0
    t0 = time.time()
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        for r in ex.map(run_checksec_chunk, chunks):
            res.update(r)
            done += 1
            if done % 10 == 0 or done == len(chunks):
                el = time.time() - t0
                note(f'check-checksec: checksec {done}/{len(chunks)} chunks, {el:.0f}s')
    return res


def run_fortify_one(p):
    try:
        r = subprocess.run(['checksec', '--output=json', f'--fortify-file={p}'],
                           capture_output=True, timeout=600, env={**os.environ, 'LC_ALL': 'C'})
    except subprocess.TimeoutExpired:
        return p, None
    m1 = re.search(r'"nb_checked_func":"(\d+)"', r.stdout.decode('utf-8', 'replace'))
    m2 = re.search(r'"nb_fortifiable_func":"(\d+)"', r.stdout.decode('utf-8', 'replace'))
    return p, ((int(m1.group(1)), int(m2.group(1))) if m1 and m2 else None)


def checksec_fortify_all(files, work, jobs):
    """checksec --fortify-file's two counts per file, cached as
    checksec_all's answers are (WORK/checksec-fortify-cache.json)."""
    cache_path = os.path.join(work, 'checksec-fortify-cache.json')
    cache, res, todo = cache_load(files, cache_path)
    res = {p: (tuple(r) if r else None) for p, r in res.items()}
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        for p, r in ex.map(run_fortify_one, todo):
            res[p] = r
            cache[p] = {'key': file_key(p), 'result': r}
    cache_save(cache, cache_path)
    return res


# ---------------------------------------------------------------------------
# FORTIFY counts, by each tool's rule, from readelf's symbols.

def ls_fortify_table():
    """linkscope's check table (docs/check.md: "the table in
    src/lib/analysis/hardening.c") -- the spec, read from the source."""
    src = os.path.join(HERE, '..', '..', 'src', 'lib', 'analysis', 'hardening.c')
    text = open(src).read()
    body = text[text.index('fortify_names[] = {'):]
    body = body[:body.index('};')]
    return set(re.findall(r'"(__\w+)"', body))


def libc_chk_names():
    """checksec's list: the _chk@@ exports of the system's libc.so.6,
    without "__" and "_chk"."""
    for lib in ('/lib/x86_64-linux-gnu/libc.so.6', '/lib64/libc.so.6', '/lib/libc.so.6'):
        if os.path.exists(lib):
            out = subprocess.run(['readelf', '-s', '-W', lib], capture_output=True,
                                 env={'LC_ALL': 'C', 'PATH': '/usr/bin:/bin'}).stdout.decode()
            return set(re.findall(r'\s__(\w+)_chk@@', out))
    return set()


def plain_of(name):
    return name[2:-4] if name.endswith('_chk') else name[2:-2]


def fortify_counts(f, table, *, defined=False, symtab=False, dups=False, strip=False,
                   no2=False, names=None):
    """(fortified, fortifiable) of one file under a rule.  The default is
    linkscope's: distinct names; a file that loads libraries counts its
    imports in .dynsym, one that loads nothing every symbol of both
    tables; checks from linkscope's table, plain names derived from it.
    Each keyword moves one step toward checksec's rule."""
    loads = any(t == 'INTERP' for t, _ in f['phdrs']) or any(t == 'NEEDED' for t, _ in f['dynamic'])
    syms = []
    for s in f['symbols']:
        if not s['name']:
            continue
        if s['table'] == '.dynsym':
            if loads and s['ndx'] != 'UND' and not defined:
                continue
        elif s['table'] == '.symtab':
            if loads and not symtab:
                continue
            if loads and s['ndx'] != 'UND' and not defined:
                continue
        elif not (symtab or not loads):
            continue
        syms.append(s['name'])
    if no2:
        table = {n for n in table if n.endswith('_chk')}
    if names is None:
        chk = table
        plain = {plain_of(n): n for n in table}
    else:
        chk = {'__' + n + '_chk' for n in names}
        plain = {n: '__' + n + '_chk' for n in names}
    if strip:
        # checksec: sed 's/_*//' on each name, then exact matches.
        chk_s = {c.lstrip('_') for c in chk}
        fort = [n.lstrip('_') for n in syms if n.lstrip('_') in chk_s]
        unf = [n.lstrip('_') for n in syms if n.lstrip('_') in plain]
    else:
        fort = [n for n in syms if n in chk]
        unf = [n for n in syms if n in plain and n[:1].islower()]
    if not dups:
        fort, unf = set(fort), set(unf)
    return len(fort), len(fort) + len(unf)


# The steps from linkscope's rule to checksec's, each a difference class.
FORTIFY_STEPS = [
    ('defined', 'checksec counts defined (exported) functions too: the file provides '
                'memcpy or __memcpy_chk, it does not call it'),
    ('symtab', 'checksec also reads .symtab of a dynamically linked file'),
    ('dups', 'checksec counts a name as often as it appears (.dynsym and .symtab, or two '
             'versions of one symbol)'),
    ('strip', 'checksec strips leading underscores (__read counts as read, __IO_x as IO_x)'),
    ('no2', 'checksec knows only names ending in _chk: not glibc\'s __open_2 family '
            '(the checks of open, open64, openat, mq_open)'),
    ('names', 'checksec knows only the system libc\'s _chk exports, not checks of a newer '
              'glibc (__strlcpy_chk, 2.38: strlcpy from libbsd counts for linkscope)'),
]


def explain_fortify_counts(f, table, libc_names, cs):
    """(classes, reason) when checksec's numbers are its rule's, else None."""
    if not f['sections']:
        return (['no section headers'], 'checksec runs readelf -s, which finds no symbol '
                'table without section headers') if cs == (0, 0) else None
    kw = {}
    prev = fortify_counts(f, table)
    classes = []
    for step, why in FORTIFY_STEPS:
        kw[step] = libc_names if step == 'names' else True
        cur = fortify_counts(f, table, **kw)
        if cur != prev:
            classes.append(step)
        prev = cur
    if prev != cs:
        return None
    return classes, '; '.join(w for st, w in FORTIFY_STEPS if st in classes)


# ---------------------------------------------------------------------------
# linkscope.

def linkscope_all(ls, files, batch=400):
    res = {}
    errs = []
    for o in range(0, len(files), batch):
        part = files[o:o + batch]
        r = subprocess.run([ls, 'check', '--json', *part], capture_output=True,
                           env={**os.environ, 'LC_ALL': 'C'})
        try:
            doc = json.loads(r.stdout)
        except ValueError as e:
            errs.append(f'batch {o}: not JSON ({e}); exit {r.returncode}; '
                        f'stderr {r.stderr.decode()[:300]}')
            continue
        for f in doc.get('files', []):
            if f.get('member') is None:
                res[f['path']] = f
        if r.returncode not in (0,):
            for ln in r.stderr.decode('utf-8', 'replace').splitlines():
                errs.append(f'exit {r.returncode}: {ln}')
    return res, errs


# ---------------------------------------------------------------------------
# readelf facts, in parallel.

def facts_all(files, jobs):
    res = {}
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        for p, f in zip(files, ex.map(elffacts.read, files)):
            res[p] = f
    return res


# ---------------------------------------------------------------------------
# Field mapping into checksec's vocabulary.

def ls_value(e, field):
    if field == 'relro':
        return {'none': 'no'}.get(e['relro'], e['relro'])
    if field in ('canary', 'nx'):
        return 'yes' if e[field] else 'no'
    if field == 'pie':
        if e['pie']:
            return 'yes'
        return 'no' if e['kind'] == 'exec' else 'dso'
    if field in ('rpath', 'runpath'):
        return 'yes' if e[field] is not None else 'no'
    if field == 'fortify':
        return 'yes' if (e.get('fortify') or {}).get('fortified', 0) > 0 else 'no'
    raise KeyError(field)


def cs_value(c, field):
    return c.get('fortify_source') if field == 'fortify' else c.get(field)


def raw_value(f, d, field):
    """The value the spec (docs/json-check.md) gives, in checksec's words."""
    if field == 'relro':
        return {'none': 'no'}.get(d['relro'], d['relro'])
    if field == 'nx':
        return None if d.get('nx') is None else ('yes' if d['nx'] else 'no')
    if field == 'canary':
        return None if d.get('canary') is None else ('yes' if d['canary'] else 'no')
    if field == 'pie':
        if d['pie']:
            return 'yes'
        return 'no' if f['type'] == 'EXEC' else 'dso'
    if field in ('rpath', 'runpath'):
        return 'yes' if d[field] is not None else 'no'
    if field == 'fortify':
        if 'fortify.functions' not in d:
            return None
        return 'yes' if d['fortify.functions'] else 'no'
    raise KeyError(field)


# ---------------------------------------------------------------------------
# Known checksec mistakes.  Each returns (class, reason, evidence lines) when
# it explains checksec's answer from the raw facts, else None.

def dyn_lines(f, *tags):
    return [f' ({t}) {v}' for t, v in f['dynamic'] if t in tags]


def ph_lines(f, *types):
    return [f' {t} flags={fl}' for t, fl in f['phdrs'] if t in types]


CANARY_RE = re.compile(r'__stack_chk_fail|__stack_chk_guard|__intel_security_cookie')


def explain(field, cs, ls, f, d):
    flags = ' '.join(v for t, v in f['dynamic'] if t == 'FLAGS').split()
    flags1 = ' '.join(v for t, v in f['dynamic'] if t == 'FLAGS_1').replace('Flags:', '').split()
    if field in ('canary', 'fortify') and cs == 'no' and ls == 'yes' and not f['sections']:
        dyn = [s for s in f['symbols'] if s['table'] == '.dynsym' and s['ndx'] == 'UND' and
               (CANARY_RE.search(s['name']) or s['name'].endswith('_chk'))]
        if dyn:
            return (f'{field}: no section headers',
                    'checksec runs readelf -s, which finds no symbol table without section '
                    'headers; the loader (and readelf -D) reach .dynsym through DT_SYMTAB',
                    [' (no section headers)'] +
                    [f' dynamic: {s["full"]} ndx=UND' for s in dyn[:3]])
    if field == 'relro' and cs == 'partial' and ls == 'full':
        if 'NOW' in flags1 and 'BIND_NOW' not in flags and not any(
                t == 'BIND_NOW' for t, _ in f['dynamic']):
            return ('relro: DF_1_NOW only',
                    'checksec greps "BIND_NOW" in readelf -d; DF_1_NOW (FLAGS_1: NOW) alone also '
                    'means immediate binding',
                    ph_lines(f, 'GNU_RELRO') + dyn_lines(f, 'FLAGS', 'FLAGS_1', 'BIND_NOW'))
    if field == 'canary' and cs == 'yes' and ls == 'no':
        hits = [s for s in f['symbols'] if CANARY_RE.search(s['name'])]
        if hits and not any(s['table'] == '.dynsym' and s['ndx'] == 'UND' and
                            s['name'] in ('__stack_chk_fail', '__stack_chk_guard') for s in hits):
            exact = [s for s in hits if s['name'] in ('__stack_chk_fail', '__stack_chk_guard')]
            if not exact:
                cls = 'canary: a name that contains __stack_chk_fail'
            elif any(s['ndx'] != 'UND' for s in exact):
                cls = 'canary: defines __stack_chk_fail'
            else:
                cls = 'canary: referenced from .symtab only'
            return (cls,
                    'checksec matches __stack_chk_fail|__stack_chk_guard anywhere in readelf -s '
                    '(.symtab too, definitions too); the file imports neither',
                    [f' {s["table"]}: {s["full"]} ndx={s["ndx"]} {s["type"]} {s["bind"]}'
                     for s in hits[:3]])
    if field == 'nx' and cs == 'no' and ls == 'yes':
        if not any(t == 'GNU_STACK' for t, _ in f['phdrs']) and f['machine'] in elffacts.NOEXEC_STACK_DEFAULT:
            return ('nx: no PT_GNU_STACK on a non-exec-stack machine',
                    f'checksec says "NX disabled" whenever PT_GNU_STACK is missing; on {f["machine"]} '
                    'the default stack is not executable',
                    [f' Machine: {f["machine"]}', ' (no GNU_STACK program header)'])
    if field == 'pie' and cs == 'dso' and ls == 'yes':
        if 'PIE' in flags1 and not any(t == 'DEBUG' for t, _ in f['dynamic']):
            return ('pie: PIE without DT_DEBUG',
                    'checksec calls an ET_DYN a PIE only if readelf -d shows DEBUG; this one has '
                    'DF_1_PIE and no DT_DEBUG',
                    [f' Type: {f["type"]}'] + dyn_lines(f, 'FLAGS_1') + ph_lines(f, 'INTERP'))
    if field == 'pie' and cs == 'yes' and ls == 'dso':
        if 'PIE' not in flags1 and any(t == 'DEBUG' for t, _ in f['dynamic']) and \
                not any(t == 'INTERP' for t, _ in f['phdrs']):
            return ('pie: shared library with DT_DEBUG',
                    'checksec takes any ET_DYN with DT_DEBUG for a PIE; this one has no DF_1_PIE '
                    'and no PT_INTERP (a shared library)',
                    [f' Type: {f["type"]}'] + dyn_lines(f, 'DEBUG', 'FLAGS_1', 'SONAME'))
    if field in ('rpath', 'runpath') and cs == 'no' and ls == 'yes':
        vals = d[field]
        if vals == ['']:
            return (f'{field}: empty string',
                    f'checksec reads the DT_{field.upper()} list with "read -a", which gives no '
                    'element for an empty string, so it reports none',
                    dyn_lines(f, field.upper()))
    if field == 'fortify' and cs == 'no' and ls == 'yes':
        two = sorted({s['name'] for s in f['symbols'] if s['table'] == '.dynsym' and
                      s['ndx'] == 'UND' and s['name'] in elffacts.FORTIFY_2})
        if two and not any(s['table'] == '.dynsym' and s['ndx'] == 'UND' and
                           s['name'].endswith('_chk') for s in f['symbols']):
            return ('fortify: only __open_2-style checks',
                    'checksec only counts names ending in _chk; glibc\'s FORTIFY checks of '
                    'open/openat/mq_open are __open_2, __openat_2, __mq_open_2, ...',
                    [f' .dynsym: {s["full"]} ndx=UND' for s in f['symbols']
                     if s['table'] == '.dynsym' and s['name'] in two][:3])
    if field == 'fortify' and cs == 'yes' and ls == 'no':
        names = {s['name'] for s in f['symbols'] if s['table'] == '.dynsym'}
        chk = sorted(n for n in names if n.lstrip('_').endswith('_chk'))
        imported = {s['name'] for s in f['symbols'] if s['table'] == '.dynsym' and s['ndx'] == 'UND'}
        if chk and not any(n in imported and re.fullmatch(r'__\w+_chk', n) for n in chk):
            return ('fortify: defines or exports _chk symbols',
                    'checksec counts every .dynsym name ending in _chk, defined ones included '
                    '(a library that provides __*_chk, or its own *_chk function); the file '
                    'imports no glibc _chk function',
                    [f' .dynsym: {s["full"]} ndx={s["ndx"]}' for s in f['symbols']
                     if s['table'] == '.dynsym' and s['name'] in chk][:3])
    return None


def checksec_right(field, cs, ls, f, d):
    """Disagreements where checksec is right in practice although linkscope
    follows docs/json-check.md: still FAILs, with the reason."""
    flags1 = ' '.join(v for t, v in f['dynamic'] if t == 'FLAGS_1').replace('Flags:', '').split()
    if field == 'pie' and cs == 'yes' and ls == 'dso' and 'PIE' not in flags1 and \
            any(t == 'INTERP' for t, _ in f['phdrs']) and any(t == 'DEBUG' for t, _ in f['dynamic']) \
            and not any(t == 'SONAME' for t, _ in f['dynamic']):
        return ('pie: PIE without DF_1_PIE',
                'an ET_DYN program (PT_INTERP, DT_DEBUG, no DT_SONAME) from a linker that does '
                'not write DF_1_PIE; json-check.md requires DF_1_PIE, so linkscope calls it a '
                'shared library',
                [f' Type: {f["type"]}'] + ph_lines(f, 'INTERP') + dyn_lines(f, 'DEBUG', 'FLAGS_1', 'SONAME'))
    return None


# ---------------------------------------------------------------------------

def fortify_count_check(p, e, cs, f, table, libc_names, classes, fails):
    """linkscope's (fortified, fortifiable) against checksec --fortify-file."""
    name = f'check-checksec {p} fortify-counts'
    fo = e.get('fortify') or {}
    lv = (fo.get('fortified'), fo.get('fortifiable'))
    if e.get('kind') == 'debuginfo':
        return
    if cs is None:
        emit('SKIP', f'{name} (checksec --fortify-file gave no counts)')
        return
    spec = fortify_counts(f, table)
    if lv != spec:
        emit('FAIL', name, [f'linkscope {lv}, its rule on readelf\'s symbols {spec}'])
        fails.setdefault('fortify-counts: linkscope off its rule', [0, p])[0] += 1
        return
    if lv == tuple(cs):
        emit('PASS', name)
        return
    why = explain_fortify_counts(f, table, libc_names, tuple(cs))
    if why is None:
        emit('FAIL', name, [f'linkscope {lv}, checksec {tuple(cs)}: unexplained '
                            f'(checksec\'s rule on readelf gives {fortify_counts(f, table, defined=True, symtab=True, dups=True, strip=True, names=libc_names)})'])
        fails.setdefault('fortify-counts: unexplained', [0, p])[0] += 1
        return
    steps, reason = why
    cls = 'fortify-counts: ' + '+'.join(steps)
    emit('PASS', f'{name} (checksec counts differently: {reason})')
    ent = classes.setdefault(cls, [0, reason, p, [f' linkscope {lv}, checksec {tuple(cs)}'],
                                   'checksec (fortified, fortifiable) differs'])
    ent[0] += 1


def main():
    ls = sys.argv[1]
    work = sys.argv[2]
    dirs = os.environ.get('DIRS', '/usr/bin /usr/sbin /usr/lib /usr/lib64 /usr/libexec /lib').split()
    corpus = os.environ.get('CORPUS', 'all')
    jobs = int(os.environ.get('CHECKSEC_JOBS', '2'))
    chunk = int(os.environ.get('CHECKSEC_CHUNK', '20'))
    os.makedirs(work, exist_ok=True)

    t0 = time.time()
    files, debug = scan(dirs)
    total = len(files)
    if corpus != 'all':
        files = spread(files, int(corpus))
    fixdir = os.environ.get('FIXDIR')
    if fixdir:
        # The check fixtures (tests/fixtures/check-build.sh) hold the cases
        # a Debian system has few of: DF_1_NOW alone, PIE without DT_DEBUG,
        # no section headers, names that only look like canary/FORTIFY.
        fx, _ = scan([os.path.abspath(fixdir)])
        fx = [p for p in fx if '/.go/' not in p and '/.build/' not in p]
        files += fx
        total += len(fx)
    note(f'check-checksec: {total} ELF executables and shared libraries in {" ".join(dirs)} '
         f'(and {len(debug)} debug-info files); checking {len(files)} (CORPUS={corpus}) with '
         f'{jobs} checksec jobs ({time.time() - t0:.0f}s to scan)')

    # Debug-info files are valid ELF (readelf reads them): linkscope must
    # audit them without reporting a malformed file.
    if debug:
        dres, derrs = linkscope_all(ls, debug)
        missing = [p for p in debug if p not in dres]
        emit('PASS' if not missing and not derrs else 'FAIL',
             f'check-checksec debug-info files read without error ({len(debug)} files)',
             [f'{len(missing)} not audited'] + derrs[:10])

    t1 = time.time()
    lsr, lserrs = linkscope_all(ls, files)
    t_ls = time.time() - t1
    t1 = time.time()
    facts = facts_all(files, jobs)
    t_re = time.time() - t1
    t1 = time.time()
    csr = checksec_all(files, work, jobs, chunk)
    t_cs = time.time() - t1
    t1 = time.time()
    csf = checksec_fortify_all(files, work, jobs)
    t_csf = time.time() - t1
    note(f'check-checksec: linkscope {t_ls:.1f}s, readelf {t_re:.1f}s, checksec {t_cs:.1f}s, '
         f'checksec --fortify-file {t_csf:.1f}s')
    table = ls_fortify_table()
    libc_names = libc_chk_names()

    classes = {}     # class -> [count, reason, example, evidence, field]
    evid = {}
    fails = {}       # short description -> [count, example]
    for p in files:
        e, c, f = lsr.get(p), csr.get(p), facts.get(p)
        if f is None:
            emit('SKIP', f'check-checksec {p} (readelf could not read it)')
            continue
        if e is None:
            emit('FAIL', f'check-checksec {p}', ['no linkscope entry (see its stderr below)'])
            fails.setdefault('linkscope: no entry', [0, p])[0] += 1
            continue
        if c is None:
            emit('SKIP', f'check-checksec {p} (checksec gave no result)')
            continue
        d = elffacts.derived(f)
        for field in FIELDS:
            name = f'check-checksec {p} {field}'
            lv, cv, rv = ls_value(e, field), cs_value(c, field), raw_value(f, d, field)
            if lv == cv:
                if rv is not None and rv != lv:
                    emit('FAIL', name, [f'linkscope and checksec say {lv}, readelf facts say {rv}'])
                    fails.setdefault(f'{field}: both {lv}, readelf {rv}', [0, p])[0] += 1
                else:
                    emit('PASS', name)
                continue
            if rv is not None and lv != rv:
                emit('FAIL', name, [f'linkscope {lv}, checksec {cv}, readelf facts {rv}: linkscope is wrong'])
                fails.setdefault(f'{field}: linkscope {lv}, checksec {cv}, readelf {rv}', [0, p])[0] += 1
                continue
            why = explain(field, cv, lv, f, d)
            right = None if why else checksec_right(field, cv, lv, f, d)
            if right:
                cls, reason, evidence = right
                emit('FAIL', name, [f'linkscope {lv}, checksec {cv}: checksec is right: {reason}']
                     + [f'readelf:{ln}' for ln in evidence])
                ent = fails.setdefault(f'{cls} (checksec right)', [0, p])
                ent[0] += 1
                evid.setdefault(f'{cls} (checksec right)', evidence)
                continue
            if why is None:
                emit('FAIL', name, [f'linkscope {lv}, checksec {cv}, readelf facts {rv}: unexplained'])
                fails.setdefault(f'{field}: linkscope {lv}, checksec {cv}, unexplained', [0, p])[0] += 1
                continue
            cls, reason, evidence = why
            emit('PASS', f'{name} (checksec wrong: {reason})')
            ent = classes.setdefault(cls, [0, reason, p, evidence, f'checksec {cv}, linkscope {lv}'])
            ent[0] += 1
        fortify_count_check(p, e, csf.get(p), f, table, libc_names, classes, fails)

    for ln in lserrs[:20]:
        note(f'check-checksec: linkscope: {ln}')
    print()
    print(f'check-checksec: {len(files)} files (of {total}), {len(FIELDS)} fields; '
          f'times: linkscope {t_ls:.1f}s, readelf {t_re:.1f}s, checksec {t_cs:.1f}s')
    print('check-checksec: disagreement classes where checksec is wrong (proven by readelf):')
    if not classes:
        print('  (none)')
    for cls, (n, reason, ex, ev, what) in sorted(classes.items(), key=lambda x: -x[1][0]):
        print(f'  {cls}: {n} case(s); {what}')
        print(f'    why: {reason}')
        print(f'    example: {ex}')
        for ln in ev:
            print(f'      readelf:{ln}')
    print('check-checksec: other disagreements (FAIL):')
    if not fails:
        print('  (none)')
    for k, (n, ex) in sorted(fails.items(), key=lambda x: -x[1][0]):
        print(f'  {k}: {n} case(s), e.g. {ex}')
        for ln in evid.get(k, []):
            print(f'      readelf:{ln}')
    with open(os.environ.get('CHECK_COUNTS', os.devnull), 'w') as fh:
        fh.write(f'{COUNTS["pass"]} {COUNTS["fail"]} {COUNTS["skip"]}\n')


if __name__ == '__main__':
    main()
