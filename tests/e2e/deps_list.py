#!/usr/bin/env python3
"""deps_list.py LINKSCOPE - "linkscope deps" against the real loader on every
ELF executable and shared library of the system directories.

Corpus: regular files (not symlinks) in /usr/bin, /usr/sbin,
/usr/lib/x86_64-linux-gnu/*.so*, then everything else below
/usr/lib/x86_64-linux-gnu, /usr/libexec and /usr/lib/jvm (plugins with
$ORIGIN run paths), or DEPS_DIRS (space-separated; a word containing "*" is
a glob, one ending in "/**" a whole tree).  A file reached twice (same
real path) is taken once.  CORPUS=all (default) takes every file; CORPUS=N
takes N spread evenly over the sorted list.

For each ELF file the x86-64 loader can load:
  * static ET_EXEC (no PT_INTERP, no PT_DYNAMIC): never given to a loader,
    which would run it.  ld.so --verify must say 1 (as in ldd) and
    linkscope --list must print "\tnot a dynamic executable", exit 0;
  * anything else: LD_TRACE_LOADED_OBJECTS=1 [LD_WARN=yes LD_BIND_NOW=yes]
    LD_DEBUG=libs,files /lib64/ld-linux-x86-64.so.2 FILE (musl's loader with
    --list for files whose PT_INTERP is musl's) is the oracle for
      - "linkscope deps [-r] --list FILE": stdout = the loader's list without
        addresses and vDSO (+ ldd -r's "undefined symbol" lines with -r),
        the version messages on stderr, the exit status (1 exactly when the
        loader shows something missing, a version not found or, with -r, an
        undefined symbol);
      - "linkscope deps [-r] --json FILE" (glibc only): every library's path,
        how (rpath, runpath, ld-library-path, cache, default, loader), via,
        needed_by, and the load order, from the loader's LD_DEBUG trace.
One PASS/FAIL line per file: deps-list-PATH.  Relocatable files must give
ldd's "not a dynamic executable"; files for another machine or class are
compared with ldd (which asks every loader it knows), and get a SKIP line
naming the loader only when their own loader is not installed.  Files that
are not ELF are counted only.

Environment: CORPUS, DEPS_DIRS, DEPS_BIND=0 (no -r: plain --list),
DEPS_JSON=0 (no JSON comparison), LT_JOBS (parallel files), DEPS_COUNTS
(file to write "passed failed skipped" to).
"""
import glob
import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deps_lib as D  # noqa: E402


# Plugins below /usr/lib/x86_64-linux-gnu (gconv, cryptsetup tokens ...)
# and the JVM's libraries carry $ORIGIN run paths.
DEFAULT_DIRS = ('/usr/bin /usr/sbin /usr/lib/x86_64-linux-gnu/*.so* /usr/lib/x86_64-linux-gnu/** '
                '/usr/libexec/** /usr/lib/jvm/**')


def corpus():
    dirs = os.environ.get('DEPS_DIRS', DEFAULT_DIRS).split()
    files, seen = [], set()
    for d in dirs:
        if d.endswith('/**'):
            cands = []
            for top, subdirs, names in os.walk(d[:-3]):
                subdirs.sort()
                cands += [os.path.join(top, n) for n in sorted(names)]
        elif '*' in d:
            cands = sorted(glob.glob(d))
        elif os.path.isdir(d):
            cands = sorted(os.path.join(d, n) for n in os.listdir(d))
        else:
            cands = [d]
        for p in cands:
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            rp = os.path.realpath(p)
            if rp in seen:
                continue
            seen.add(rp)
            files.append(p)
    n = os.environ.get('CORPUS', 'all')
    if n not in ('', 'all'):
        k = int(n)
        if k <= 0:
            return []
        if k < len(files):
            step = len(files) / k
            files = [files[int(i * step)] for i in range(k)]
    return files


def foreign(ls, path, info):
    """A file of another class or machine (the 32-bit x86 tools valgrind
    installs, say): ldd, which tries every loader it knows, is the oracle for
    the text of --list (addresses and the vDSO aside; ldd's exit status 1
    for "not a dynamic executable" is linkscope's 0, as for static files).
    Skipped, naming the loader, when the file's own loader is not installed:
    ldd then has no loader to ask."""
    interp = info['interp']
    if interp is not None and not os.path.exists(interp):
        return 'skip', [f'class {info["class"]} machine {info["machine"]}: its loader {interp} '
                        'is not installed, so ldd cannot trace it']
    rc, out, err = D.run(['ldd', path], env=D.clean_env())
    if not isinstance(rc, int):
        return 'skip', [f'ldd: {rc}']
    want = D.strip_trace(out) + [ln for ln in err.splitlines() if ln.strip()]
    lrc, lout, lerr = D.ls_run(ls, ['deps', '--list', path])
    got = D.strip_trace(lout) + [ln for ln in lerr.splitlines() if ln.strip()]
    if lrc not in (0, 1) or got != want:
        return 'fail', [f'class {info["class"]} machine {info["machine"]}: linkscope exit {lrc}',
                        f'ldd:       {want!r}', f'linkscope: {got!r}']
    return 'pass', []


def check(ls, path, with_r, with_json):
    """('pass'|'fail'|'skip'|'nonelf', details)."""
    info = D.elf_info(path)
    if info is None:
        return 'nonelf', []
    if info['bad']:
        return 'skip', ['malformed ELF header']
    rflag = ['-r'] if with_r else []
    if info['class'] != 2 or info['data'] != 1 or info['machine'] != D.EM_X86_64:
        return foreign(ls, path, info)
    if info['type'] not in (D.ET_EXEC, D.ET_DYN):
        # crt1.o, libmcheck.a ...: no loader takes them (ld.so --verify
        # says 1) and ldd says "not a dynamic executable"; linkscope says
        # the same on stdout with exit 0, as for a static program.
        probs = []
        v = D.glibc_verify(path)
        if v != 1:
            probs.append(f'ld.so --verify says {v} for e_type {info["type"]}, not 1')
        rc, out, err = D.ls_run(ls, ['deps', '--list', path])
        if out.splitlines() != ['\tnot a dynamic executable'] or rc != 0:
            probs.append(f'e_type {info["type"]}: exit {rc}, stdout {out!r}, stderr {err.strip()[:200]!r}; '
                         'want "\\tnot a dynamic executable" and exit 0')
        return ('fail' if probs else 'pass'), probs
    if info['type'] == D.ET_EXEC and info['interp'] is None and not info['dynamic']:
        probs = []
        v = D.glibc_verify(path)
        if v != 1:
            probs.append(f'ld.so --verify says {v}, not 1 (not dynamic): fixture assumption broken')
        rc, out, err = D.ls_run(ls, ['deps'] + rflag + ['--list', path])
        if out.splitlines() != ['\tnot a dynamic executable']:
            probs.append(f'stdout {out!r}, want "\\tnot a dynamic executable\\n" (ldd)')
        if rc != 0:
            probs.append(f'exit status {rc}, want 0 (ldd exits 1 here)')
        return ('fail' if probs else 'pass'), probs
    if not info['dynamic'] and info['interp'] is None:
        return 'skip', ['ET_DYN without PT_DYNAMIC and PT_INTERP']
    musl = info['interp'] == D.MUSL_LD
    if musl:
        orc = D.musl_oracle(path)
    else:
        orc = D.glibc_oracle(path, with_r=with_r, debug=with_json)
    if orc.rc == 'timeout':
        return 'skip', ['the loader timed out']
    probs = []
    rc, out, err = D.ls_run(ls, ['deps'] + rflag + ['--list', path])
    if rc == 2 or rc == 'timeout' or (isinstance(rc, int) and rc < 0):
        return 'fail', [f'linkscope exit status {rc}', *err.strip().splitlines()[:5]]
    probs += D.compare_list(orc, rc, out, err, with_r and not musl)
    if not musl:
        EXPECTED[path] = orc.expected_stdout(with_r)
    if with_json and not musl:
        jrc, doc, jerr = D.ls_json(ls, ['deps'] + rflag + [path])
        if doc is None:
            probs.append(f'--json: exit {jrc}: {jerr.strip()[:300]}')
        else:
            jp = D.compare_json(orc, doc, path)
            probs += ['json: ' + p for p in jp]
    return ('fail' if probs else 'pass'), probs


EXPECTED = {}


def multi_file(ls, files, with_r, counts):
    """Many files in one call: ldd's "FILE:" headers, each block as the
    loader says, and the same bytes whatever the thread count."""
    files = [f for f in files if f in EXPECTED][:400]
    if len(files) < 2:
        return
    rflag = ['-r'] if with_r else []
    want = []
    for f in files:
        want.append(f + ':')
        want += EXPECTED[f]
    outs = {}
    for j in ('1', '2', '4'):
        rc, out, err = D.ls_run(ls, ['deps', '-j', j] + rflag + ['--list'] + files, timeout=600)
        outs[j] = out
    probs = []
    got = outs['2'].splitlines()
    if got != want:
        probs += [f'deps -j2 {" ".join(rflag)} --list <{len(files)} files> (-loader blocks +linkscope):']
        probs += ['  ' + l for l in D.diff_lines(want, got)]
    if not (outs['1'] == outs['2'] == outs['4']):
        probs.append('output differs between -j1, -j2 and -j4')
    name = f'deps-list-multi-file ({len(files)} files in one call, -j1/-j2/-j4)'
    if probs:
        counts['fail'] += 1
        print(f'FAIL: {name}')
        for p in probs[:40]:
            print('    ' + p)
    else:
        counts['pass'] += 1
        print(f'PASS: {name}')


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ls = sys.argv[1]
    with_r = os.environ.get('DEPS_BIND', '1') != '0'
    with_json = os.environ.get('DEPS_JSON', '1') != '0'
    files = corpus()
    jobs = int(os.environ.get('LT_JOBS') or os.cpu_count() or 2)
    counts = {'pass': 0, 'fail': 0, 'skip': 0, 'nonelf': 0}
    with ThreadPoolExecutor(max_workers=jobs * 2) as ex:
        for path, (res, details) in zip(files, ex.map(lambda p: check(ls, p, with_r, with_json), files)):
            counts[res] += 1
            if res == 'pass':
                print(f'PASS: deps-list-{path}')
            elif res == 'fail':
                print(f'FAIL: deps-list-{path}')
                for d in details[:60]:
                    print('    ' + d)
            elif res == 'skip':
                print(f'SKIP: deps-list-{path} ({"; ".join(details)})')
            sys.stdout.flush()
    multi_file(ls, files, with_r, counts)
    print(f'# {len(files)} files: {counts["pass"]} passed, {counts["fail"]} failed, '
          f'{counts["skip"]} skipped, {counts["nonelf"]} not ELF; '
          f'-r {"on" if with_r else "off"}, JSON {"on" if with_json else "off"}', file=sys.stderr)
    cf = os.environ.get('DEPS_COUNTS')
    if cf:
        with open(cf, 'w') as f:
            f.write(f'{counts["pass"]} {counts["fail"]} {counts["skip"]}\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
