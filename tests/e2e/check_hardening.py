#!/usr/bin/env python3
"""check_hardening.py LINKSCOPE FIXDIR - the worker of check-hardening.sh.

Prints one "PASS: ..."/"FAIL: ..." line per check (tests/lib/common.sh
format; failure details indented by 4 spaces):

  check-hardening FIXTURE KEY     linkscope's JSON against the manifest that
                                  check-build.sh wrote from the build flags
  check-readelf FIXTURE KEY       linkscope's JSON against GNU readelf
                                  (tests/lib/elffacts.py), for every key
                                  readelf can decide
  check-policy ...                --require: each policy on a fixture that
                                  passes it (exit 0) and one that fails it
                                  (exit 1, reason printed); malformed
                                  policies (exit 2)
  check-sarif ...                 --sarif is SARIF 2.1.0, one result per
                                  failed requirement
  check-multi ..., check-walk ... several files in one document; -r DIR
  check-gates ...                 version gates (glibc<=, glibcxx<=, cxxabi<=,
                                  gcc<=, NAME-max=) against readelf, on
                                  programs built here (check_gates.py)
  check-targets ...               --target NAME: verdicts on debian-11/12,
                                  manylinux_2_28 of programs built here,
                                  data freshness (check_targets.py)

The closing summary line is printed by the shell wrapper.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'lib'))
import elffacts  # noqa: E402

LS = None
FIX = None
COUNTS = {'pass': 0, 'fail': 0, 'skip': 0}
TIMEOUT = int(os.environ.get('CHECK_TIMEOUT', '120'))


def emit_pass(name):
    print(f'PASS: {name}')
    COUNTS['pass'] += 1


def emit_fail(name, *details):
    print(f'FAIL: {name}')
    for d in details:
        for line in str(d).splitlines() or ['']:
            print('    ' + line)
    COUNTS['fail'] += 1


def emit_skip(name, reason):
    print(f'SKIP: {name} ({reason})')
    COUNTS['skip'] += 1


def check(name, ok, *details):
    if ok:
        emit_pass(name)
    else:
        emit_fail(name, *details)
    return ok


def run_ls(args, cwd=None):
    """Run LINKSCOPE check ARGS; return (rc, stdout, stderr)."""
    try:
        r = subprocess.run([LS, 'check', *args], capture_output=True, cwd=cwd,
                           timeout=TIMEOUT, env={**os.environ, 'LC_ALL': 'C', 'NO_COLOR': '1'})
    except subprocess.TimeoutExpired:
        return -1, '', f'timed out after {TIMEOUT}s'
    return r.returncode, r.stdout.decode('utf-8', 'replace'), r.stderr.decode('utf-8', 'replace')


def cmdline(args):
    return 'linkscope check ' + ' '.join(args)


def load_json(text):
    try:
        return json.loads(text), None
    except ValueError as e:
        return None, f'not JSON: {e}; stdout starts: {text[:300]!r}'


# ---------------------------------------------------------------------------
# Key paths of the manifest: "a.b", "a[field=value].b".

class Missing:
    def __repr__(self):
        return '<missing>'


MISSING = Missing()


def lookup(obj, key):
    cur = obj
    for seg in key.split('.'):
        sel = None
        if '[' in seg and seg.endswith(']'):
            seg, sel = seg[:-1].split('[', 1)
        if not isinstance(cur, dict) or seg not in cur:
            return MISSING
        cur = cur[seg]
        if sel is not None:
            f, v = sel.split('=', 1)
            if not isinstance(cur, list):
                return MISSING
            for el in cur:
                if isinstance(el, dict) and str(el.get(f)) == v:
                    cur = el
                    break
            else:
                return MISSING
    return cur


def matches(actual, expected):
    """Equality, except that an expected object only needs its own keys
    (later schema versions may add keys, e.g. rpath_risks' "from")."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and matches(actual[k], v) for k, v in expected.items())
    return actual == expected


def compare(actual, op, expected):
    if actual is MISSING:
        return False
    if op == '=':
        return actual == expected
    if op == '!=':
        return actual != expected
    if op == '~':
        return isinstance(actual, list) and any(matches(a, expected) for a in actual)
    if op == '!~':
        return isinstance(actual, list) and not any(matches(a, expected) for a in actual)
    if op == 'len=':
        return isinstance(actual, (list, str)) and len(actual) == expected
    raise ValueError(f'unknown operator {op}')


def read_manifest():
    entries = []
    with open(os.path.join(FIX, 'manifest.txt')) as fh:
        for line in fh:
            line = line.rstrip('\n')
            if not line:
                continue
            parts = line.split('\t')
            exps = []
            for e in parts[1:]:
                key, op, val = e.split(' ', 2)
                exps.append((key, op, json.loads(val)))
            entries.append((parts[0], exps))
    return entries


def split_member(path):
    if path.endswith(')') and '(' in path:
        i = path.index('(')
        return path[:i], path[i + 1:-1]
    return path, None


# ---------------------------------------------------------------------------

def fixture_checks(entries):
    """Manifest expectations and the readelf cross-check, per fixture."""
    docs = {}
    for path, _ in entries:
        file, _member = split_member(path)
        if file in docs:
            continue
        rc, out, err = run_ls(['--json', file], cwd=FIX)
        doc, jerr = load_json(out)
        docs[file] = (rc, doc, jerr, err)
        name = f'check-hardening {file} exit-status'
        check(name, rc == 0 and doc is not None,
              f'{cmdline(["--json", file])}: exit {rc} (want 0)', jerr or '', err[:500])

    for path, exps in entries:
        file, member = split_member(path)
        rc, doc, jerr, err = docs[file]
        if doc is None:
            for key, op, val in exps:
                emit_fail(f'check-hardening {path} {key}', 'no JSON document (see exit-status)')
            continue
        ents = [f for f in doc.get('files', []) if f.get('member') == member]
        if len(ents) != 1:
            for key, op, val in exps:
                emit_fail(f'check-hardening {path} {key}',
                          f'{len(ents)} entries with member {member!r} in {cmdline(["--json", file])}')
            continue
        ent = ents[0]
        for key, op, val in exps:
            act = lookup(ent, key)
            check(f'check-hardening {path} {key}{"" if op == "=" else " " + op + " " + json.dumps(val)}',
                  compare(act, op, val),
                  f'expected {key} {op} {json.dumps(val)}', f'linkscope: {json.dumps(act) if act is not MISSING else "<missing>"}')
        if member is not None:
            continue
        # readelf cross-check.
        facts = elffacts.read(os.path.join(FIX, file))
        if facts is None:
            emit_fail(f'check-readelf {file}', 'readelf failed')
            continue
        d = elffacts.derived(facts)
        for key in sorted(d):
            want = d[key]
            if want is None and key not in ('interpreter', 'soname', 'rpath', 'runpath',
                                            'x86_isa_needed', 'build_id', 'abi_tag',
                                            'glibc_floor'):
                continue     # readelf cannot decide it
            if key == 'glibc_floor_symbols':
                act = lookup(ent, 'version_floors[family=GLIBC].symbols')
                if act is MISSING and not want:
                    act = []
                ok = isinstance(act, list) and sorted(act) == want
            elif key == 'fortify.functions':
                act = lookup(ent, key)
                ok = isinstance(act, list) and sorted(act) == want
            else:
                act = lookup(ent, key)
                ok = act == want
            check(f'check-readelf {file} {key}', ok,
                  f'readelf: {json.dumps(want)}',
                  f'linkscope: {json.dumps(act) if act is not MISSING else "<missing>"}')


# ---------------------------------------------------------------------------
# --require

X = 'x86_64-gcc/'
A = 'aarch64/'
# (policy, fixture that passes, fixture that fails); None = not available.
POLICIES = [
    ('static', X + 'static', X + 'relro-partial'),
    ('static', X + 'nostack', 'musl/musl-dynamic'),
    ('static', X + 'libcheck.so.1', X + 'pie'),       # cannot apply to a library: holds
    ('static', X + 'static-pie', A + 'relro-partial'),   # --help: "static-pie counts"
    ('scratch', X + 'static', X + 'relro-partial'),
    ('scratch', X + 'static-pie', 'musl/musl-dynamic'),
    ('scratch', 'go/go-pure', X + 'static-nss'),
    ('pie', X + 'pie', X + 'nopie'),
    ('pie', A + 'relro-partial', A + 'nopie'),
    ('relro=full', X + 'relro-full', X + 'relro-partial'),
    ('relro=full', X + 'bindnow-df1-only', X + 'now-norelro'),
    ('relro=partial', X + 'relro-partial', X + 'relro-none'),
    ('relro=partial', X + 'relro-full', X + 'now-norelro'),
    ('bindnow', X + 'now-norelro', X + 'relro-partial'),
    ('bindnow', X + 'bindnow-dt-only', A + 'relro-partial'),
    ('nx', X + 'relro-partial', X + 'execstack'),
    ('nx', A + 'nostack', X + 'nostack'),
    ('nx', 'x86_64-clang/nognustack-asm', X + 'nognustack-asm'),
    ('canary', X + 'canary', X + 'nocanary'),
    ('canary', A + 'canary', A + 'relro-partial'),
    ('fortify', X + 'fortify', X + 'fortify-O0'),
    ('fortify', A + 'fortify', A + 'relro-partial'),
    # Holds with nothing fortifiable (puts, strlen), and for pure Go (no C
    # code); fails with fortifiable calls none of which is fortified.
    ('fortify', X + 'nofortifiable', X + 'fortify-O0'),
    ('fortify', X + 'libcheck.so.1', X + 'relro-partial'),
    ('fortify', X + 'fortify-mixed', None),
    ('fortify', 'go/go-pure', 'go/release-plain/tool'),
    ('canary', 'go/go-pure', 'go/release-plain/tool'),
    ('canary,fortify', 'go/go-pure-stripped', 'go/go-cgo'),
    ('hardened', 'go/release-hardened/tool', 'go/release-plain/tool'),
    ('hardened', 'go/release-hardened/libhard.so', 'go/release-plain/libhard.so'),
    ('hardened', 'go/release-hardened/hardlib.o', 'go/release-plain/hardlib.o'),
    ('hardened', 'go/release-hardened/gotool', 'go/release-plain/gotool'),
    ('hardened,nx', 'go/release-hardened/gotool', None),
    ('no-rpath', X + 'relro-partial', X + 'rpath'),
    ('no-rpath', X + 'libcheck.so.1', X + 'runpath'),
    ('safe-rpath', X + 'relro-partial', X + 'runpath-risky'),
    ('safe-rpath', X + 'relro-partial', X + 'rpath-tmp'),
    ('safe-rpath', X + 'relro-partial', X + 'runpath-setuid'),
    ('no-textrel', X + 'libcheck.so.1', X + 'libtextrel.so'),
    ('no-textrel', 'x86_64-clang/libcheck.so.1', 'x86_64-clang/libtextrel.so'),
    ('no-rwx', X + 'relro-partial', X + 'rwx-section'),
    ('no-rwx', X + 'nostack', X + 'omagic'),
    ('cet', X + 'cet', X + 'cet-nocrt'),
    ('cet', A + 'relro-partial', X + 'cet-ibt-only'),
    ('cet', 'x86_64-clang/cet', 'x86_64-clang/relro-partial'),
    ('bti', A + 'bti', A + 'relro-partial'),
    ('bti', X + 'relro-partial', A + 'libnobti.so'),
    ('no-cgo', 'go/go-pure', 'go/go-cgo'),
    ('no-cgo', X + 'relro-partial', 'go/go-cgo'),
    ('cgo', 'go/go-cgo', 'go/go-pure'),
    ('glibc<=2.34', X + 'glibc-2.34', X + 'glibc-2.36'),
    ('glibc<=2.35', X + 'glibc-2.34', X + 'glibc-2.36'),
    ('glibc<=2.25', X + 'libglibc-2.25.so', X + 'relro-partial'),
    ('glibc<=2.20', X + 'libglibc-2.14.so', X + 'libglibc-2.25.so'),
    ('glibc<=2.3', X + 'libcheck.so.1', X + 'libglibc-2.14.so'),   # 2.14 > 2.3 numerically
    ('glibc<=2.36', X + 'glibc-2.36', None),
    ('go>=1.16', 'go/go-pure', None),
    ('go>=1.99', X + 'relro-partial', 'go/go-pure'),
    ('buildid', X + 'relro-partial', X + 'buildid-none'),
    ('buildid', 'x86_64-clang/relro-partial', A + 'buildid-none'),
    # Several requirements at once: all must hold.
    ('pie,nx,relro=full,bindnow,no-rpath', X + 'relro-full', X + 'relro-partial'),
]

MALFORMED = ['bogus', 'relro=maybe', 'relro', 'relro=none', 'glibc<=two', 'glibc<=',
             'glibc>=2.30', 'go>=1.x', 'go<=1.20', 'pie,bogus', 'PIE', 'nx=yes', '',
             'pie,', 'pie,,nx', 'hardened=full', 'hardened-max=1', 'Hardened']


def have_fixture(p):
    return os.path.exists(os.path.join(FIX, split_member(p)[0]))


def policy_checks():
    for policy, good, bad in POLICIES:
        for fx, want in ((good, 0), (bad, 1)):
            if fx is None:
                continue
            name = f'check-policy {policy} {"holds" if want == 0 else "fails"} {fx}'
            if not have_fixture(fx):
                emit_fail(name, 'not run: fixture not built (see check-build.sh)')
                continue
            args = ['--require', policy, fx]
            rc, out, err = run_ls(args, cwd=FIX)
            details = [f'{cmdline(args)}: exit {rc} (want {want})']
            ok = rc == want
            if want == 1:
                # The reason must be printed, naming the failed requirement.
                first = policy.split(',')[0]
                fails = [ln for ln in (out + err).splitlines() if 'FAIL' in ln or 'fail' in ln]
                if not fails:
                    ok = False
                    details.append('no failure line printed')
                # The JSON document carries it too.
                jrc, jout, jerr = run_ls(['--json', *args], cwd=FIX)
                doc, jerr2 = load_json(jout)
                failed = []
                if doc:
                    for f in doc.get('files', []):
                        failed += f.get('failed', [])
                if jrc != 1 or not failed or not all(
                        isinstance(x.get('requirement'), str) and x.get('reason') for x in failed):
                    ok = False
                    details.append(f'--json: exit {jrc}, failed = {json.dumps(failed)} {jerr2 or ""}')
                reqs = {x.get('requirement') for x in failed}
                if len(policy.split(',')) == 1 and first not in reqs and not any(
                        r and (r.startswith(first) or first.startswith(r)) for r in reqs):
                    ok = False
                    details.append(f'failed requirements {sorted(map(str, reqs))} do not name {first}')
            details.append('stdout: ' + out[-800:])
            details.append('stderr: ' + err[-400:])
            check(name, ok, *details)
    for policy in MALFORMED:
        args = ['--require', policy, X + 'relro-partial']
        rc, out, err = run_ls(args, cwd=FIX)
        check(f'check-policy malformed {policy!r}', rc == 2 and err.strip() != '' and out == '',
              f'{cmdline(args)}: exit {rc} (want 2, a message on stderr, nothing on stdout)',
              'stdout: ' + out[:300], 'stderr: ' + err[:300])
    # An unreadable input among good ones: exit 2, the others still listed.
    args = ['--json', X + 'relro-partial', 'does-not-exist', X + 'pie']
    rc, out, err = run_ls(args, cwd=FIX)
    doc, jerr = load_json(out)
    paths = [f.get('path') for f in doc.get('files', [])] if doc else None
    check('check-policy unreadable-input exit 2', rc == 2 and paths == [X + 'relro-partial', X + 'pie']
          and 'does-not-exist' in err,
          f'{cmdline(args)}: exit {rc} (want 2), paths {paths}', jerr or '', 'stderr: ' + err[:300])
    # A non-ELF file named on the command line is an unreadable input too.
    with tempfile.NamedTemporaryFile('w', suffix='.txt') as tf:
        tf.write('not an ELF file\n')
        tf.flush()
        args = ['--require', 'pie', tf.name]
        rc, out, err = run_ls(args)
        check('check-policy non-elf-input exit 2', rc == 2,
              f'{cmdline(args)}: exit {rc} (want 2)', 'stderr: ' + err[:300])


def sarif_checks():
    reqs = 'pie,canary,nx,relro=full'
    files = [X + 'nopie', X + 'relro-partial', X + 'execstack', X + 'canary']
    # Expected failures from the build flags (BASE: no canary, lazy binding).
    want = sorted([
        ('pie', X + 'nopie'), ('canary', X + 'nopie'), ('relro=full', X + 'nopie'),
        ('canary', X + 'relro-partial'), ('relro=full', X + 'relro-partial'),
        ('canary', X + 'execstack'), ('nx', X + 'execstack'), ('relro=full', X + 'execstack'),
        ('relro=full', X + 'canary'),
    ])
    args = ['--sarif', '--require', reqs, *files]
    rc, out, err = run_ls(args, cwd=FIX)
    doc, jerr = load_json(out)
    check('check-sarif exit-status', rc == 1, f'{cmdline(args)}: exit {rc} (want 1)', err[:300])
    if doc is None:
        emit_fail('check-sarif json', jerr)
        return
    check('check-sarif version', doc.get('version') == '2.1.0', f'version = {doc.get("version")!r}')
    schema = doc.get('$schema', '')
    check('check-sarif $schema', isinstance(schema, str) and 'sarif' in schema and '2.1.0' in schema,
          f'$schema = {schema!r}')
    runs = doc.get('runs')
    if not (isinstance(runs, list) and len(runs) == 1 and isinstance(runs[0], dict)):
        emit_fail('check-sarif runs', f'runs = {json.dumps(runs)[:300]}')
        return
    run = runs[0]
    drv = run.get('tool', {}).get('driver', {})
    check('check-sarif tool.driver.name', drv.get('name') == 'linkscope', f'driver = {json.dumps(drv)[:300]}')
    results = run.get('results')
    if not isinstance(results, list):
        emit_fail('check-sarif results', f'results = {results!r}')
        return
    got = []
    shape_ok = True
    for r in results:
        uri = (r.get('locations') or [{}])[0].get('physicalLocation', {}).get(
            'artifactLocation', {}).get('uri', '')
        # A relative path may be written as is or as a file:// URI.
        for f in files:
            if uri == f or uri.endswith('/' + f):
                uri = f
        got.append((r.get('ruleId'), uri))
        if not (isinstance(r.get('message', {}).get('text'), str) and r['message']['text']):
            shape_ok = False
        if r.get('level') not in ('error', 'warning', 'note', 'none', None):
            shape_ok = False
    check('check-sarif one result per failed requirement', sorted(got) == want,
          f'want {want}', f'got  {sorted(got)}')
    check('check-sarif result shape (message.text, level)', shape_ok, json.dumps(results)[:600])
    rules = {r.get('id') for r in drv.get('rules', [])}
    check('check-sarif every ruleId is a declared rule', all(g[0] in rules for g in got),
          f'rules {sorted(map(str, rules))}, ruleIds {sorted({str(g[0]) for g in got})}')
    # No failure: a valid document with no results, exit 0.
    args = ['--sarif', '--require', 'pie', X + 'pie']
    rc, out, err = run_ls(args, cwd=FIX)
    doc, jerr = load_json(out)
    res = doc['runs'][0].get('results') if doc and doc.get('runs') else None
    check('check-sarif no failures', rc == 0 and res == [],
          f'{cmdline(args)}: exit {rc}, results {json.dumps(res)}', jerr or '')


def multi_checks():
    files = [X + 'relro-full', A + 'relro-partial', X + 'libcheck.a', 'musl/musl-static']
    files = [f for f in files if have_fixture(f)]
    args = ['--json', *files]
    rc, out, err = run_ls(args, cwd=FIX)
    doc, jerr = load_json(out)
    if doc is None:
        emit_fail('check-multi json', f'{cmdline(args)}: exit {rc}', jerr)
        return
    check('check-multi schema_version', doc.get('schema_version') == 3 and doc.get('tool') == 'linkscope' and doc.get('command') == 'check',
          f'schema_version {doc.get("schema_version")!r}, tool {doc.get("tool")!r}')
    paths = [(f.get('path'), f.get('member')) for f in doc.get('files', [])]
    want = []
    for f in files:
        if f.endswith('.a'):
            want += [(f, 'prog.o'), (f, 'lib.o')]
        else:
            want.append((f, None))
    check('check-multi one object, files in command-line order (archive members in order)',
          rc == 0 and paths == want, f'exit {rc}', f'want {want}', f'got  {paths}')


def walk_checks():
    tmp = tempfile.mkdtemp(prefix='check-walk.')
    try:
        os.makedirs(os.path.join(tmp, 'b', 'sub'))
        os.makedirs(os.path.join(tmp, 'a'))
        shutil.copy(os.path.join(FIX, X + 'relro-full'), os.path.join(tmp, 'b', 'sub', 'z-prog'))
        shutil.copy(os.path.join(FIX, X + 'libcheck.so.1'), os.path.join(tmp, 'a', 'libcheck.so.1'))
        shutil.copy(os.path.join(FIX, X + 'nopie'), os.path.join(tmp, 'b', 'a-prog'))
        with open(os.path.join(tmp, 'a', 'README'), 'w') as fh:
            fh.write('not an ELF file\n')
        with open(os.path.join(tmp, 'b', 'script.sh'), 'w') as fh:
            fh.write('#!/bin/sh\necho hi\n')
        os.symlink('libcheck.so.1', os.path.join(tmp, 'a', 'libcheck.so'))
        args = ['-r', '--json', tmp]
        rc, out, err = run_ls(args)
        doc, jerr = load_json(out)
        paths = [f.get('path') for f in doc.get('files', [])] if doc else None
        rel = [os.path.relpath(p, tmp) for p in paths] if paths else paths
        want = ['a/libcheck.so.1', 'b/a-prog', 'b/sub/z-prog']
        # A symlink to a file already listed may or may not be listed; it
        # must not replace the real file.
        rel_nolink = [p for p in (rel or []) if p != 'a/libcheck.so']
        check('check-walk -r DIR: ELF files in sorted path order, others skipped',
              rc == 0 and rel_nolink == want,
              f'{cmdline(args)}: exit {rc} (want 0)', f'want {want}', f'got  {rel}', jerr or '',
              'stderr: ' + err[:300])
        # -r with a requirement: one failure (nopie) gives exit 1.
        args = ['-r', '--require', 'pie', tmp]
        rc, out, err = run_ls(args)
        check('check-walk -r DIR --require pie', rc == 1 and 'a-prog' in out + err,
              f'{cmdline(args)}: exit {rc} (want 1, naming b/a-prog)', out[-500:], err[-300:])
        # A directory without -r is not walked: bad usage or an error (2).
        args = ['--json', tmp]
        rc, out, err = run_ls(args)
        check('check-walk DIR without -r', rc == 2, f'{cmdline(args)}: exit {rc} (want 2)', err[:300])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def root_checks():
    """--root DIR: RPATH directories are judged inside the sysroot."""
    fx = X + 'runpath'
    d = '/opt/linkscope-check/lib'
    tmp = tempfile.mkdtemp(prefix='check-root.')
    try:
        os.makedirs(tmp + d)
        os.chmod(tmp + d, 0o755)

        def risks(args):
            rc, out, err = run_ls(['--json', *args, fx], cwd=FIX)
            doc, jerr = load_json(out)
            if not doc or len(doc.get('files', [])) != 1:
                return rc, None, jerr or err[:300]
            return rc, [(r.get('dir'), r.get('risk')) for r in doc['files'][0].get('rpath_risks', [])], ''

        rc, r0, e = risks([])
        check('check-root without --root: missing directory', r0 is not None and (d, 'missing') in r0,
              f'rpath_risks {r0}', e)
        rc, r1, e = risks(['--root', tmp])
        check('check-root --root SYSROOT: directory present there', r1 is not None and
              not any(x[0] == d for x in r1), f'rpath_risks {r1} (want none for {d})', e)
        os.chmod(tmp + d, 0o777)
        rc, r2, e = risks(['--root', tmp])
        check('check-root --root SYSROOT: world-writable directory', r2 is not None and
              (d, 'world-writable') in r2, f'rpath_risks {r2}', e)
        os.chmod(tmp + d, 0o755)
        if os.geteuid() == 0:
            # Inside a sysroot, ownership is the build user's: not judged.
            os.chown(tmp + d, 65534, 65534)
            rc, r3, e = risks(['--root', tmp])
            check('check-root --root SYSROOT: ownership not judged in a sysroot', r3 is not None and
                  not any(x[0] == d for x in r3), f'rpath_risks {r3}', e)
            # Outside one it is: the fixture's RPATH names this directory.
            nd = '/tmp/linkscope-check-nobody.d'
            fxn = X + 'rpath-notroot'
            shutil.rmtree(nd, ignore_errors=True)
            os.mkdir(nd, 0o755)
            try:
                os.chown(nd, 65534, 65534)
                rc, out, err = run_ls(['--json', fxn], cwd=FIX)
                doc, jerr = load_json(out)
                r4 = [(r.get('dir'), r.get('risk')) for r in doc['files'][0]['rpath_risks']] if doc else None
                check('check-root directory not owned by root', r4 == [(nd, 'not-root-owned')],
                      f'rpath_risks {r4}', jerr or err[:300])
            finally:
                shutil.rmtree(nd, ignore_errors=True)
        else:
            emit_skip('check-root directory not owned by root', 'needs root to chown')
        rc, out, err = run_ls(['--json', '--root', os.path.join(tmp, 'nonexistent'), fx], cwd=FIX)
        check('check-root --root with a missing directory: exit 2', rc == 2,
              f'exit {rc}', err[:300])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    global LS, FIX
    LS = os.path.abspath(sys.argv[1]) if os.sep in sys.argv[1] else shutil.which(sys.argv[1])
    FIX = os.path.abspath(sys.argv[2])
    parts = sys.argv[3:] or ['fixtures', 'policy', 'sarif', 'multi', 'walk', 'root', 'gates',
                             'targets', 'remedy']
    with open(os.path.join(FIX, 'skipped.txt')) as fh:
        for line in fh:
            if line.strip():
                # A group check-build.sh could not build is untested.
                g, reason = line.rstrip('\n').split(' ', 1)
                emit_fail(f'check-hardening {g}', f'not built: {reason}')
    if 'fixtures' in parts:
        fixture_checks(read_manifest())
    if 'policy' in parts:
        policy_checks()
    if 'sarif' in parts:
        sarif_checks()
    if 'multi' in parts:
        multi_checks()
    if 'walk' in parts:
        walk_checks()
    if 'root' in parts:
        root_checks()
    if 'gates' in parts:
        import check_gates  # noqa: E402 (the version gates, fixtures built there)
        check_gates.run(sys.modules[__name__])
    if 'targets' in parts:
        import check_targets  # noqa: E402 (named targets, fixtures built there)
        check_targets.run(sys.modules[__name__])
    if 'remedy' in parts:
        import check_remedy  # noqa: E402 (the next steps, fixtures built there)
        check_remedy.run(sys.modules[__name__])
    sys.stdout.flush()
    with open(os.environ.get('CHECK_COUNTS', os.devnull), 'w') as fh:
        fh.write(f'{COUNTS["pass"]} {COUNTS["fail"]} {COUNTS["skip"]}\n')


if __name__ == '__main__':
    main()
