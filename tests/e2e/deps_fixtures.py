#!/usr/bin/env python3
"""deps_fixtures.py LINKSCOPE FIXDIR [GROUP...] - "linkscope deps" on the
crafted fixtures of tests/fixtures/deps-build.sh, each case checked against
a real loader run (see deps_lib.py for the oracles).

Groups: glibc musl aarch64 cross root never cli (default: all).
Case names: deps-fixtures-<case>[-json|-r|...].  Counts go to the file named
by DEPS_COUNTS ("passed failed skipped").
"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deps_lib as D  # noqa: E402

LS = FIX = None
COUNTS = {'pass': 0, 'fail': 0, 'skip': 0}


def result(name, probs, skip=None):
    name = 'deps-fixtures-' + name
    if skip:
        COUNTS['skip'] += 1
        print(f'SKIP: {name} ({skip})')
    elif probs:
        COUNTS['fail'] += 1
        print(f'FAIL: {name}')
        for p in probs[:60]:
            print('    ' + p)
    else:
        COUNTS['pass'] += 1
        print(f'PASS: {name}')
    sys.stdout.flush()


def dedupe(lines):
    """Consecutive repeats dropped (glibc prints some version warnings twice)."""
    out = []
    for l in lines:
        if not out or out[-1] != l:
            out.append(l)
    return out


def ls_args_env(env):
    a = []
    for k, v in (env or {}).items():
        a += ['--env', f'{k}={v}']
    return a


def list_case(name, cwd, file, env=None, ls_extra=(), loader_args=(), with_r=False,
              oracle=None, json_check=True, expect_rc=None, note=None):
    """--list (and --json) of FILE run from CWD, against the oracle."""
    if oracle is None:
        orc = D.glibc_oracle(file, env=env, cwd=cwd, with_r=with_r, loader_args=loader_args)
    else:
        orc = oracle()
    if orc.rc in ('timeout', 'oserror'):
        result(name, [], skip=f'oracle: {orc.rc} {orc.raw_err.strip()[:100]}')
        return orc
    orc.versions = dedupe(orc.versions)
    args = ['deps'] + (['-r'] if with_r else []) + ls_args_env(env) + list(ls_extra)
    rc, out, err = D.ls_run(LS, args + ['--list', file], cwd=cwd)
    err_v = '\n'.join(dedupe(D.version_lines(err)))
    probs = D.compare_list(orc, rc, out, err_v + ('\n' if err_v else ''), with_r, expect_rc)
    # glibc's check_match assertion (a versioned reference bound in an
    # unversioned library) and open_verify's stops: the same line.
    for l in orc.other_err:
        if l.startswith('Inconsistency detected by ld.so') or 'error while loading shared libraries' in l:
            if l not in err.splitlines():
                probs.append(f'loader says {l!r}; linkscope stderr: {err.strip()[:300]!r}')
    if isinstance(rc, int) and rc not in (0, 1) or rc == 'timeout':
        probs.append(f'stderr: {err.strip()[:300]}')
    if probs:
        probs.insert(0, f'(cd {cwd} && {" ".join(quote(a) for a in [LS] + args + ["--list", file])})')
        if note:
            probs.insert(1, note)
    result(name + ('-r' if with_r else ''), probs)
    if json_check and not with_r:
        jrc, doc, jerr = D.ls_json(LS, args + [file], cwd=cwd)
        if doc is None:
            result(name + '-json', [f'--json: exit {jrc}: {str(jerr).strip()[:300]}'])
        else:
            jorc = orc
            if oracle is None and not loader_args and is_program(cwd, file):
                # --json describes a real start: compare with one.
                jorc = D.glibc_oracle(file, env=env, cwd=cwd, exec_=True)
            elif oracle is None:
                jorc = D.glibc_oracle(file, env=env, cwd=cwd, loader_args=loader_args,
                                      dot=True)
            jp = D.compare_json(jorc, doc, file)
            if jp:
                jp.insert(0, f'(cd {cwd} && {" ".join(quote(a) for a in [LS] + args + ["--json", file])})')
            result(name + '-json', jp)
    return orc


def is_program(cwd, file):
    """An executable with an interpreter (not a library, not set-ID)."""
    path = os.path.join(cwd or '.', file)
    try:
        st = os.stat(path)
        with open(path, 'rb') as f:
            head = f.read(4096)
    except OSError:
        return False
    return (os.access(path, os.X_OK) and not st.st_mode & 0o6000 and
            head[:4] == b'\x7fELF' and b'/ld-linux' in head and
            not file.endswith('.so'))


def quote(s):
    return s if re.match(r'^[\w./:=+,-]+$', s) else "'" + s.replace("'", "'\\''") + "'"


UNDEF_RE = re.compile(r'^undefined symbol: (.*?)(?:, version (.*))?\t\((.*)\)$')


def parse_undef(lines):
    out = set()
    for l in lines:
        m = UNDEF_RE.match(l)
        if m:
            out.add((m.group(1), m.group(2), m.group(3)))
    return out


VER_RE = re.compile(r"^(.*?): (.*): (weak version|version) `(.*)' not found \(required by (.*)\)$")
NOVER_RE = re.compile(r"^(.*?): (.*): no version information available \(required by (.*)\)$")


def parse_versions(lines):
    out = set()
    for l in lines:
        m = VER_RE.match(l)
        if m:
            out.add((m.group(4), m.group(2), m.group(5), m.group(3) == 'weak version', False))
            continue
        m = NOVER_RE.match(l)
        if m:
            out.add((None, m.group(2), m.group(3), False, True))
    return out


def json_file(doc):
    try:
        return doc['files'][0]
    except (TypeError, KeyError, IndexError):
        return None


# --- glibc ------------------------------------------------------------------------

def group_glibc():
    G = os.path.join(FIX, 'glibc')
    j = lambda *p: os.path.join(G, *p)  # noqa: E731

    # RPATH vs RUNPATH, and where $ORIGIN comes from.
    for app in ('app_rpath', 'app_runpath', 'app_mixed', 'app_both'):
        list_case(f'rp-{app}', j('rp'), './' + app)
    list_case('rp-absolute', '/', j('rp', 'app_rpath'))
    list_case('rp-relative-noslash', G, 'rp/app_rpath')
    # The real program: app_rpath runs, app_runpath does not.
    r1 = D.run([j('rp', 'app_rpath')], env=D.clean_env())
    r2 = D.run([j('rp', 'app_runpath')], env=D.clean_env())
    result('rp-real-run', [] if r1[0] == 0 and r2[0] == 127 and 'libdep2.so' in r2[2] else
           [f'fixture assumption: app_rpath exit {r1[0]}, app_runpath exit {r2[0]} {r2[2].strip()}'])

    # Dynamic string tokens.
    for app in ('app_o', 'app_obrace', 'app_platform', 'app_lib', 'app_libx'):
        list_case(f'origin-{app}', j('origin'), './bin/' + app)
    list_case('origin-symlink', j('origin'), './deep/x/app_o',
              note='ld.so FILE takes $ORIGIN from the name given (a real exec would use /proc/self/exe)')

    # LD_LIBRARY_PATH.
    list_case('ldlp-empty-element', j('ldlp', 'cwd'), '../app_cwd',
              env={'LD_LIBRARY_PATH': '/nonexist::/x'})
    list_case('ldlp-semicolon', j('ldlp'), './app_cwd',
              env={'LD_LIBRARY_PATH': '/nonexist;' + j('ldlp', 'cwd')})
    list_case('ldlp-relative', j('ldlp'), './app_cwd', env={'LD_LIBRARY_PATH': 'cwd'})
    list_case('ldlp-unset', j('ldlp'), './app_cwd')
    list_case('ldlp-after-rpath', j('ldlp'), './app_rpath', env={'LD_LIBRARY_PATH': j('ldlp', 'lp')})
    list_case('ldlp-before-runpath', j('ldlp'), './app_runpath', env={'LD_LIBRARY_PATH': j('ldlp', 'lp')})
    list_case('ldlp-preload-env', j('interp'), './app_xy', env={'LD_PRELOAD': './libpre.so'})
    list_case('preload-option', j('interp'), './app_xy', ls_extra=['--preload', './libpre.so'],
              loader_args=['--preload', './libpre.so'])

    list_case('inhibit-cache', j('interp'), './app_xy', ls_extra=['--inhibit-cache'],
              loader_args=['--inhibit-cache'])

    # hwcaps and legacy subdirectories.
    list_case('hw-cpu', j('hw'), './app_hw')
    for mask in ('x86-64-v2', 'x86-64-v3:x86-64-v2', ''):
        list_case(f'hw-mask-{mask.replace(":", "+") or "none"}', j('hw'), './app_hw',
                  ls_extra=['--hwcaps', mask], loader_args=['--glibc-hwcaps-mask', mask])

    # Wrong class / machine earlier in the path.
    for app in ('app_wc', 'app_wc_only', 'app_wcm_only'):
        if app == 'app_wc_only' and not os.path.exists(j('wc', 'bad', 'libwc.so')):
            result(f'wc-{app}', ['not run: no ELFCLASS32 library (gcc -m32 failed)'])
            continue
        list_case(f'wc-{app}', j('wc'), './' + app)

    # Missing libraries, NODEFLIB.
    list_case('miss-direct-indirect', j('miss'), './app_miss')
    list_case('miss-nodeflib', j('miss'), './app_nodeflib')

    # Versions: without -r (as ldd) and with -r (ldd -r: LD_WARN adds more).
    for app in ('v99', 'vweak', 'app_mid', 'app_nv', 'app_vv'):
        orc = list_case(f'ver-{app}', j('ver'), './' + app)
        list_case(f'ver-{app}', j('ver'), './' + app, with_r=True)
        version_json_case(f'ver-{app}-versions', j('ver'), './' + app,
                          D.glibc_oracle('./' + app, cwd=j('ver'), dot=True))

    # Binding.
    for app in ('m_lazy', 'm_now', 'm_data', 'm_weak', 'm_lib', 'm_both', 'vs/app_vs'):
        cwd = j('bind', os.path.dirname(app))
        f = './' + os.path.basename(app)
        list_case(f'bind-{os.path.basename(app)}', cwd, f, json_check=False)
        list_case(f'bind-{os.path.basename(app)}', cwd, f, with_r=True, json_check=False)
        unresolved_case(f'bind-{os.path.basename(app)}-unresolved', cwd, f)
    # Without -r, an unresolved symbol is not looked for: exit 0.
    rc, out, err = D.ls_run(LS, ['deps', '--list', './m_lazy'], cwd=j('bind'))
    result('bind-no-r-exit', [] if rc == 0 else [f'deps --list ./m_lazy: exit {rc}, want 0 (no -r)'])
    # The real programs confirm lazy vs start-up.
    lz = D.run(['./m_lazy'], env=D.clean_env(), cwd=j('bind'))
    lzx = D.run(['./m_lazy', 'x'], env=D.clean_env(), cwd=j('bind'))
    nw = D.run(['./m_now'], env=D.clean_env(), cwd=j('bind'))
    dt = D.run(['./m_data'], env=D.clean_env(), cwd=j('bind'))
    ok = lz[0] == 0 and lzx[0] == 127 and nw[0] == 127 and dt[0] == 127
    result('bind-real-run', [] if ok else [f'fixture assumption: m_lazy {lz[0]}, m_lazy x {lzx[0]}, '
                                           f'm_now {nw[0]}, m_data {dt[0]}'])

    # Interposition.
    for app, pre in (('app_xy', None), ('app_yx', None), ('app_xy', './libpre.so')):
        interposition_case(f'interp-{app}' + ('-preload' if pre else ''), j('interp'), './' + app, pre)

    # Plugins.
    for host in ('host_nodyn', 'host_dyn'):
        dlopen_case(f'dlopen-{host}', j('plugin'), './' + host, './plugin.so')

    secure_cases(j('sec', 'bin'))

    # Static programs, malformed input.
    rc, out, err = D.ls_run(LS, ['deps', '--list', './st'], cwd=j('static'))
    v = D.glibc_verify(j('static', 'st'))
    probs = []
    if v != 1:
        probs.append(f'ld.so --verify st = {v}, want 1 (fixture assumption)')
    if out != '\tnot a dynamic executable\n':
        probs.append(f'stdout {out!r}, want "\\tnot a dynamic executable\\n" (ldd prints it, on stderr)')
    if rc != 0:
        probs.append(f'exit {rc}, want 0 (contract: everything loads; ldd itself exits 1)')
    result('static-exec', probs)
    list_case('static-pie', j('static'), './stp', json_check=False)
    # ld.so says "statically linked": nothing but the program is loaded.
    rc, doc, err = D.ls_json(LS, ['deps', './stp'], cwd=j('static'))
    f = json_file(doc)
    extra = [o.get('name') for o in (f or {}).get('objects') or [] if o.get('how') != 'main']
    result('static-pie-json', [] if f and not extra and rc == 0 else
           [f'exit {rc}, objects besides the program: {extra} (want none, exit 0); {str(err)[:200]}'])
    for bad, pat in (('./truncated', r'^linkscope: \./truncated: .* at offset 0x[0-9a-f]+'),
                     ('./does-not-exist', r'^linkscope: \./does-not-exist: ')):
        rc, out, err = D.ls_run(LS, ['deps', '--list', bad], cwd=j('static'))
        probs = []
        if rc != 2:
            probs.append(f'exit {rc}, want 2')
        if not re.search(pat, err, re.M):
            probs.append(f'stderr {err.strip()[:200]!r} does not match {pat}')
        result('malformed-' + bad[2:], probs)

    # Several files: ldd's "FILE:" headers.
    files = ['./app_rpath', './app_runpath']
    want = []
    for fl in files:
        want.append(fl + ':')
        want += D.glibc_oracle(fl, cwd=j('rp'), debug=False).list
    rc, out, err = D.ls_run(LS, ['deps', '--list'] + files, cwd=j('rp'))
    probs = []
    if out.splitlines() != want:
        probs += ['stdout (-want +got):'] + ['  ' + l for l in D.diff_lines(want, out.splitlines())]
    if rc != 1:
        probs.append(f'exit {rc}, want 1 (app_runpath misses libdep2.so)')
    result('multi-file', probs)
    rc, doc, err = D.ls_json(LS, ['deps'] + files, cwd=j('rp'))
    nfiles = len(doc['files']) if doc and isinstance(doc.get('files'), list) else None
    result('multi-file-json', [] if nfiles == 2 and doc.get('schema_version') == 2 and doc.get('command') == 'deps' else
           [f'want one document with schema_version 2 and 2 files; got {nfiles} files, exit {rc} {str(err)[:200]}'])


def secure_cases(d):
    """Set-user-ID programs run as nobody (AT_SECURE).  glibc refuses trace
    mode when secure (exit 5), so the oracle is the real run: exit 0, or
    127 and the name it could not open.  linkscope is asked with --secure
    (it runs as root here, where a set-ID program would not be secure)."""
    if os.geteuid() != 0:
        result('secure', [], skip='not root: cannot run set-user-ID programs as another user')
        return

    def as_nobody():
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    for app, env in (('app_sec_plain', None), ('app_sec_origin', None), ('app_sec_abs', None),
                     ('app_sec_ldlp', {'LD_LIBRARY_PATH': os.path.join(os.path.dirname(d), 'lib')})):
        f = os.path.join(d, app)
        try:
            p = subprocess.run([f], env=D.clean_env(env), cwd='/', capture_output=True,
                               preexec_fn=as_nobody, timeout=30)
        except (OSError, subprocess.SubprocessError) as e:
            result(f'secure-{app}', [], skip=f'cannot run as nobody: {e}')
            continue
        err = p.stderr.decode('utf-8', 'replace')
        if p.returncode not in (0, 127):
            result(f'secure-{app}', [], skip=f'real run as nobody: exit {p.returncode} {err.strip()[:100]}')
            continue
        m = re.search(r'error while loading shared libraries: ([^:]+):', err)
        want_missing = {m.group(1)} if m else set()
        args = ['deps'] + (['--secure'] if app != 'app_sec_plain' else []) + ls_args_env(env) + ['--list', f]
        rc, out, lerr = D.ls_run(LS, args)
        got_missing = {l[1:].split(' => ')[0] for l in out.splitlines() if l.endswith(' => not found')}
        probs = []
        if p.returncode == 127 and not want_missing:
            probs.append(f'fixture: real run exit 127 without a library name: {err.strip()[:200]}')
        # The loader stops at the first missing library; linkscope lists all.
        if want_missing and not want_missing <= got_missing or not want_missing and got_missing:
            probs.append(f'real run as nobody: exit {p.returncode} {err.strip()[:160]!r}; '
                         f'linkscope lists not found: {sorted(got_missing)}')
        if rc != (1 if want_missing else 0):
            probs.append(f'exit {rc}, want {1 if want_missing else 0}')
        if probs:
            probs.insert(0, ' '.join(quote(a) for a in [LS] + args))
        result(f'secure-{app}', probs)


def version_json_case(name, cwd, file, orc):
    want = parse_versions(orc.versions)
    rc, doc, err = D.ls_json(LS, ['deps', file], cwd=cwd)
    f = json_file(doc)
    if f is None:
        result(name, [f'--json: exit {rc}: {str(err)[:300]}'])
        return
    got = set()
    for v in f.get('versions') or []:
        nvi = bool(v.get('no_version_info'))
        got.add((None if nvi else v.get('version'), v.get('path'), v.get('required_by'),
                 bool(v.get('weak')), nvi))
    probs = []
    if got != want:
        probs.append(f'JSON versions {sorted(got, key=str)}')
        probs.append(f'loader says   {sorted(want, key=str)}')
        probs.append('  (version, path, required_by, weak, no_version_info)')
    result(name, probs)


def unresolved_case(name, cwd, file):
    """JSON "unresolved" against ldd -r (every reference) and ldd -d
    (references resolved at start-up): when = startup | lazy."""
    all_ = parse_undef(D.glibc_oracle(file, cwd=cwd, with_r=True, debug=False,
                                      dot=True).undefined)
    o = D.glibc_oracle(file, cwd=cwd, debug=False, env={'LD_WARN': 'yes'}, dot=True)
    startup = parse_undef(o.undefined)
    want = {(s, v, obj, 'startup' if (s, v, obj) in startup else 'lazy') for s, v, obj in all_}
    rc, doc, err = D.ls_json(LS, ['deps', '-r', file], cwd=cwd)
    f = json_file(doc)
    if f is None:
        result(name, [f'--json -r: exit {rc}: {str(err)[:300]}'])
        return
    got = {(u.get('symbol'), u.get('version'), u.get('object'), u.get('when'))
           for u in f.get('unresolved') or [] if not u.get('weak')}
    probs = []
    if got != want:
        probs += [f'JSON unresolved (non-weak) {sorted(got, key=str)}',
                  f'ldd -r / ldd -d say        {sorted(want, key=str)}',
                  '  (symbol, version, object, when)']
    exp_rc = 1 if want else 0
    if rc != exp_rc:
        probs.append(f'exit {rc}, want {exp_rc}')
    result(name, probs)


BIND_RE = re.compile(r"^binding file (.*) \[\d+\] to (.*) \[\d+\]: normal symbol `(.*?)'(?: \[(.*)\])?$")


def interposition_case(name, cwd, file, preload):
    """JSON interposition for who() against LD_DEBUG=bindings of a real run
    (the fixture program, through ld.so FILE so names match the trace)."""
    env = {'LD_BIND_NOW': '1', 'LD_DEBUG': 'bindings'}
    largs = ['--preload', preload] if preload else []
    rc0, out0, err0 = D.run([D.GLIBC_LD] + largs + [file], env=D.clean_env(env), cwd=cwd)
    dbg, _ = D.split_stderr(err0.replace('/./', '/'))
    binds = {}
    for l in dbg:
        m = BIND_RE.match(l)
        if m and m.group(3) == 'who':
            binds[m.group(1)] = m.group(2)
    if file not in binds:
        result(name, [f'fixture assumption: no binding of who() from {file} in LD_DEBUG '
                      f'(exit {rc0}; {err0.strip()[-200:]})'])
        return
    winner = binds[file]
    # The definers: every loaded object that defines who() - by construction
    # libx, liby (and libpre when preloaded); their names from the trace.
    orc = D.glibc_oracle(file, cwd=cwd, debug=False, loader_args=largs, dot=True)
    paths = [l[1:].split(' => ')[-1] for l in orc.list]
    definers = [p for p in paths if os.path.basename(p) in ('libx.so', 'liby.so', 'libpre.so')]
    if preload and preload not in definers:
        definers.insert(0, preload)
    losers = sorted(p for p in definers if p != winner)
    to_losers = sorted(k for k, v in binds.items() if v in losers)
    args = ['deps', '-r', '--interposition'] + (['--preload', preload] if preload else [])
    rc, doc, err = D.ls_json(LS, args + [file], cwd=cwd)
    f = json_file(doc)
    if f is None:
        result(name, [f'--json: exit {rc}: {str(err)[:300]}'])
        return
    ent = [e for e in f.get('interposition') or [] if e.get('symbol') == 'who']
    probs = []
    if len(ent) != 1:
        probs.append(f'want one interposition entry for who, got {ent}')
    else:
        e = ent[0]
        if e.get('winner') != winner:
            probs.append(f'winner {e.get("winner")!r}, LD_DEBUG=bindings says {winner!r}')
        if sorted(e.get('losers') or []) != losers:
            probs.append(f'losers {e.get("losers")!r}, want {losers!r}')
        if sorted(e.get('bound_to_losers') or []) != to_losers:
            probs.append(f'bound_to_losers {e.get("bound_to_losers")!r}, LD_DEBUG says {to_losers!r}')
    # Only who() is defined twice among the fixture's own libraries (libc
    # and ld.so share a few GLIBC_PRIVATE functions: not judged here).
    fixture_libs = ('libx.so', 'liby.so', 'libpre.so', 'libdeep.so')
    others = [e.get('symbol') for e in f.get('interposition') or []
              if e.get('symbol') != 'who' and
              any(os.path.basename(p or '') in fixture_libs
                  for p in [e.get('winner')] + list(e.get('losers') or []))]
    if others:
        probs.append(f'unexpected interposition entries for the fixture libraries: {others[:10]}')
    if rc != 0:
        probs.append(f'exit {rc}, want 0')
    if probs:
        probs.insert(0, f'(cd {cwd} && {LS} {" ".join(args)} --json {file})')
    result(name, probs)


def dlopen_case(name, cwd, host, plugin):
    """--dlopen against the host's real dlopen(RTLD_NOW) and dlerror()."""
    rc0, out0, _ = D.run([D.GLIBC_LD, host, plugin], env=D.clean_env(), cwd=cwd)
    m = re.match(r'^dlerror: .*: undefined symbol: (\S+)', out0)
    want = {m.group(1)} if m else set()
    if not m and out0.strip() != 'ok':
        result(name, [f'fixture assumption: host printed {out0!r}'])
        return
    rc, doc, err = D.ls_json(LS, ['deps', '--dlopen', plugin, host], cwd=cwd)
    f = json_file(doc)
    if f is None:
        result(name, [f'--json: exit {rc}: {str(err)[:300]}'])
        return
    dl = f.get('dlopen')
    probs = []
    if not isinstance(dl, dict):
        probs.append(f'files[0].dlopen = {dl!r}')
    else:
        got = {u.get('symbol') for u in dl.get('unresolved') or [] if not u.get('weak')}
        if got != want:
            probs.append(f'dlopen.unresolved {sorted(got)}, dlerror says {sorted(want)} ({out0.strip()})')
        for u in dl.get('unresolved') or []:
            if u.get('symbol') == 'host_fn' and u.get('host_unexported') is not True:
                probs.append('host_fn: host_unexported should be true (host defines it without -rdynamic)')
        if dl.get('global') is not False:
            probs.append(f'dlopen.global {dl.get("global")!r}, want false')
    # Where the plugin's own dependency comes from: the real dlopen's LD_DEBUG.
    rc1, _, err1 = D.run([D.GLIBC_LD, host, plugin], env=D.clean_env({'LD_DEBUG': 'libs,files'}), cwd=cwd)
    libs = D.parse_libs_debug(D.split_stderr(err1)[0])
    ent = libs.get('libpdep.so')
    objs = {o.get('name'): o for o in f.get('objects') or []}
    if ent and ent['segments']:
        how, via, tries = ent['segments'][-1]
        path = tries[-1] if tries else None
        o = objs.get('libpdep.so')
        if not o:
            probs.append('libpdep.so (the plugin\'s DT_NEEDED) not in objects')
        elif (o.get('path'), o.get('how')) != (path, how):
            probs.append(f'libpdep.so: JSON path/how {o.get("path")!r}/{o.get("how")!r}, '
                         f'real dlopen {path!r}/{how!r}')
    p = objs.get(plugin) or next((o for o in f.get('objects') or [] if o.get('how') == 'dlopen'), None)
    if not p or p.get('how') != 'dlopen':
        probs.append(f'the plugin is not in objects with how "dlopen": {p}')
    exp_rc = 1 if want else 0
    if rc != exp_rc:
        probs.append(f'exit {rc}, want {exp_rc}')
    rcg, docg, errg = D.ls_json(LS, ['deps', '--dlopen', plugin, '--global', host], cwd=cwd)
    fg = json_file(docg)
    if not fg or not isinstance(fg.get('dlopen'), dict) or fg['dlopen'].get('global') is not True:
        probs.append(f'--global: exit {rcg}, dlopen {fg and fg.get("dlopen")!r} (want global true)')
    if probs:
        probs.insert(0, f'(cd {cwd} && {LS} deps --json --dlopen {plugin} {host})')
    result(name, probs)


# --- never executed -----------------------------------------------------------------

def group_never():
    N = os.path.join(FIX, 'glibc', 'never')
    markers = [os.path.join(N, m) for m in ('marker-exe', 'marker-lib', 'marker-lib.ifunc', 'marker-plugin')]

    def clear():
        for m in markers:
            if os.path.exists(m):
                os.unlink(m)
    clear()
    runs = [
        ['deps', './nx_exe'],
        ['deps', '--list', './nx_exe'],
        ['deps', '-r', '--interposition', './nx_exe'],
        ['deps', '-r', '--interposition', '--json', './nx_exe'],
        ['deps', '-r', '--interposition', '--dlopen', './plugin_nx.so', './nx_exe'],
        ['deps', '--json', '-r', '--dlopen', './plugin_nx.so', '--global', './nx_exe'],
        ['deps', '-r', '--list', './libnx.so', './plugin_nx.so'],
        ['deps', '-r', '--preload', './plugin_nx.so', './nx_exe'],
    ]
    probs = []
    for a in runs:
        rc, out, err = D.ls_run(LS, a, cwd=N)
        if rc not in (0, 1):
            probs.append(f'{" ".join(a)}: exit {rc} {err.strip()[:200]}')
        left = [os.path.basename(m) for m in markers if os.path.exists(m)]
        if left:
            probs.append(f'{" ".join(a)}: left {left}: something was executed')
            clear()
    result('never-executes', probs)
    # The fixture works: a real run leaves the markers (the plugin's through
    # the dlopen host).
    D.run(['./nx_exe'], env=D.clean_env(), cwd=N)
    host = os.path.join(FIX, 'glibc', 'plugin', 'host_dyn')
    D.run([host, './plugin_nx.so'], env=D.clean_env(), cwd=N)
    left = [os.path.basename(m) for m in markers if os.path.exists(m)]
    result('never-fixture-sanity', [] if len(left) == 4 else
           [f'a real run left only {left}: the markers do not prove anything'])
    clear()


# --- musl -----------------------------------------------------------------------------

def group_musl():
    M = os.path.join(FIX, 'musl')
    if not os.path.isfile(os.path.join(M, 'mu_basic')):
        result('musl', ['not run: musl fixtures not built'])
        return
    if not os.path.exists(D.MUSL_LD):
        result('musl', ['not run: no musl loader (musl from scripts/install-deps.sh)'])
        return

    def mo(f, env=None):
        def run_():
            o = D.musl_oracle(f, env=env, cwd=M)
            # musl prints a missing library on stderr only, and exits 127.
            o.missing = [l for l in o.other_err if l.startswith('Error loading shared library')]
            return o
        return run_
    cases = (('mu_basic', None), ('mu_bfs', None), ('mu_miss', None),
             ('mu_ldlp', {'LD_LIBRARY_PATH': os.path.join(M, 'b')}), ('mu_ldlp-unset', None))
    for app, env in cases:
        f = './' + app.split('-')[0]
        orc = mo(f, env)()
        exp = 1 if any(l.startswith('Error') for l in orc.other_err) else 0
        list_case(f'musl-{app}', M, f, env=env, oracle=lambda o=orc: o, json_check=False, expect_rc=exp)
    # how: facts of the construction (only one way leads to each file).
    for app, env, lib, how in (('mu_bfs', None, 'libdep2.so', 'runpath'),
                               ('mu_ldlp', {'LD_LIBRARY_PATH': os.path.join(M, 'b')}, 'libm1.so', 'ld-library-path'),
                               ('mu_ldlp', None, 'libm1.so', 'rpath')):
        rc, doc, err = D.ls_json(LS, ['deps'] + ls_args_env(env) + ['./' + app], cwd=M)
        f = json_file(doc)
        probs = []
        if f is None:
            probs.append(f'--json: exit {rc} {str(err)[:200]}')
        else:
            if f.get('loader') != 'musl':
                probs.append(f'loader {f.get("loader")!r}, want "musl" (PT_INTERP {D.MUSL_LD})')
            o = next((x for x in f.get('objects') or [] if x.get('name') == lib), None)
            if not o or o.get('how') != how:
                probs.append(f'{lib}: {o}, want how {how!r}')
        result(f'musl-{app}{"-ldlp" if env else ""}-how', probs)


# --- aarch64 --------------------------------------------------------------------------

def group_aarch64():
    A = os.path.join(FIX, 'aarch64')
    if not os.path.isfile(os.path.join(A, 'a_basic')):
        result('aarch64', ['not run: aarch64 fixtures not built'])
        return
    if not shutil.which('qemu-aarch64'):
        result('aarch64', ['not run: no qemu-aarch64 (qemu-user from scripts/install-deps.sh)'])
        return
    ld = os.path.join(D.A64_ROOT, 'lib', 'ld-linux-aarch64.so.1')

    def qo(f, with_r=False):
        # ld.so FILE under qemu, as ldd does natively ($ORIGIN from the name
        # given).  qemu runs the loader by its host path; its own line then
        # reads "/lib/ld-linux-aarch64.so.1 => <host path>": put the PT_INTERP
        # back, as on a real machine.
        # qemu's -E splits on commas: LD_DEBUG=libs only (no needed_by).
        e = {'LD_TRACE_LOADED_OBJECTS': '1', 'LD_DEBUG': 'libs'}
        if with_r:
            e.update(LD_WARN='yes', LD_BIND_NOW='yes')
        args = ['qemu-aarch64', '-L', D.A64_ROOT]
        for k, v in e.items():
            args += ['-E', f'{k}={v}']
        rc, out, err = D.run(args + [ld, f], env=D.clean_env(), cwd=A, timeout=120)
        out = out.replace(f' => {ld} ', ' ')
        return D.Oracle(rc, out, err)
    for app in ('a_basic', 'a_libs', 'a_origin', 'a_runpath', 'a_rpath', 'a_miss', 'a_v99', 'lib/liba.so'):
        f = './' + app
        list_case(f'aarch64-{os.path.basename(app)}', A, f, ls_extra=['--root', D.A64_ROOT],
                  oracle=lambda f=f: qo(f))
    list_case('aarch64-a_v99', A, './a_v99', ls_extra=['--root', D.A64_ROOT], with_r=True,
              oracle=lambda: qo('./a_v99', True))
    # The other form: the program exec'd by qemu (as the kernel would).
    o = D.qemu_oracle('./a_basic', cwd=A)
    rc, out, err = D.ls_run(LS, ['deps', '--root', D.A64_ROOT, '--list', './a_basic'], cwd=A)
    result('aarch64-exec-form', [] if out.splitlines() == o.list else
           ['(-qemu exec +linkscope)'] + D.diff_lines(o.list, out.splitlines()))


# --- riscv64, armhf -------------------------------------------------------------------

def group_cross():
    """Other architectures through --root: the root's own loader under
    qemu-user (trace mode) is the oracle."""
    C = os.path.join(FIX, 'cross')
    ran = False
    for triplet, qemu, interp in (
            ('riscv64-linux-gnu', 'qemu-riscv64', '/lib/ld-linux-riscv64-lp64d.so.1'),
            ('arm-linux-gnueabihf', 'qemu-arm', '/lib/ld-linux-armhf.so.3')):
        d = os.path.join(C, triplet)
        if not os.path.isfile(os.path.join(d, 'basic')):
            continue
        if not shutil.which(qemu):
            result(f'cross-{triplet}', [f'not run: no {qemu} (qemu-user from scripts/install-deps.sh)'])
            continue
        root = '/usr/' + triplet
        for app in ('basic', 'libs', 'origin'):
            def qo(app=app):
                # ld.so PROG, as ldd runs it; qemu names the loader by its
                # host path, so its own line gets the PT_INTERP back.
                ld = root + interp
                rc, out, err = D.run([qemu, '-L', root, '-E', 'LD_TRACE_LOADED_OBJECTS=1',
                                      ld, './' + app], env=D.clean_env(), cwd=d, timeout=120)
                out = out.replace(f' => {ld} ', ' ')
                return D.Oracle(rc, out, err, debug=False)
            list_case(f'cross-{triplet}-{app}', d, './' + app, ls_extra=['--root', root],
                      oracle=qo, json_check=False)
        ran = True
    if not ran:
        result('cross', ['not run: riscv64/armhf fixtures not built'])


# --- roots: ld.so.cache --------------------------------------------------------------

def can_chroot():
    if os.geteuid() != 0:
        return False
    r = D.run(['/bin/true'], chroot='/')
    return r[0] == 0


def group_root():
    R = os.path.join(FIX, 'root')
    if not os.path.isdir(os.path.join(R, 'rootc')):
        result('root', ['not run: roots not built (no ldconfig)'])
        return
    chroot_ok = can_chroot()
    for r in ('rootc', 'rootn'):
        root = os.path.join(R, r)
        prog = os.path.join(root, 'opt/app/app_cache')
        if chroot_ok:
            list_case(f'root-{r}', '/', prog, ls_extra=['--root', root],
                      oracle=lambda root=root: D.glibc_oracle('/opt/app/app_cache', chroot=root),
                      note='oracle: chroot ROOT ld.so /opt/app/app_cache')
        else:
            result(f'root-{r}', [], skip='chroot not possible (not root): no real loader run under the root')
    # Whatever chroot allows: each cache hit of linkscope is the entry
    # "ldconfig -r ROOT -p" lists first for that name (hwcaps entries first
    # when the CPU can use them: the real run above decides those).
    root = os.path.join(R, 'rootc')
    rc, out, err = D.run(['ldconfig', '-r', root, '-p'], env=D.clean_env())
    first = {}
    for l in out.splitlines()[1:]:
        m = re.match(r'^\t(\S+) \((.*?)\) => (.*)$', l)
        if m and 'hwcap' not in m.group(2):
            first.setdefault(m.group(1), m.group(3))
    rc, doc, err = D.ls_json(LS, ['deps', '--root', root, os.path.join(root, 'opt/app/app_cache')])
    f = json_file(doc)
    probs = []
    if f is None:
        probs.append(f'--json: exit {rc} {str(err)[:200]}')
    else:
        for o in f.get('objects') or []:
            if o.get('how') == 'cache' and 'glibc-hwcaps' not in (o.get('path') or ''):
                if first.get(o.get('name')) != o.get('path'):
                    probs.append(f'{o.get("name")}: cache path {o.get("path")!r}, ldconfig -p lists '
                                 f'{first.get(o.get("name"))!r} first')
        if not any(o.get('how') == 'cache' for o in f.get('objects') or []):
            probs.append('no object found through the cache of the root')
    result('root-ldconfig-p', probs)


def main():
    global LS, FIX
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    LS, FIX = sys.argv[1], os.path.abspath(sys.argv[2])
    if '/' in LS:
        LS = os.path.abspath(LS)
    groups = sys.argv[3:] or ['glibc', 'never', 'musl', 'aarch64', 'cross', 'root']
    for g in groups:
        globals()['group_' + g]()
    cf = os.environ.get('DEPS_COUNTS')
    if cf:
        with open(cf, 'w') as f:
            f.write(f'{COUNTS["pass"]} {COUNTS["fail"]} {COUNTS["skip"]}\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
