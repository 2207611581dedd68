"""check_remedy.py - the next step printed under every `check --require`
failure (src/lib/analysis/remedy.c), run by check_hardening.py as its
"remedy" part.

The test of a fix is a build: for each requirement a fixture is built here
with the flags that make it fail, `check` must fail it and print a
"fix (C)" (or "fix (Go)") naming the flags of the table below, and the same
build with exactly those flags added must then pass.  A flag the fix names
that does not make the fixture pass, or a fix that stops naming it, fails.

The symptoms are compared with real oracles:
- glibc<=2.31: the real loader's message.  The C fixture (stat, pthread_create,
  arc4random: GLIBC_2.33, 2.34, 2.36) is run with LD_LIBRARY_PATH on a
  stand-in libc.so.6 that defines only the fixture's versions up to 2.31.
  glibc's loader checks versions before it relocates anything
  (elf/rtld.c: version_check_doit, print_missing_version) and prints
  "PROG: LIB: version `V' not found (required by PROG)" for each missing
  version in .gnu.version_r order (elf/dl-version.c: _dl_check_map_versions
  walks each Verneed entry, then its Vernaux chain, and match_symbol reports
  each miss), then exits 1.  The symptom must be the loader's first line
  (with Debian's library path for the stand-in's directory).
- scratch: the dynamic program is executed in an empty root (chroot, as root)
  and must fail with ENOENT although the file is there; a static program and
  the fixed Go builds run there.
- safe-rpath: a fixture with a relative, a world-writable (under the test's
  own directory) and a missing element: all three are named, each with who
  can plant a library, in text, JSON (per element) and SARIF.
"""
import os
import re
import shutil
import subprocess
import tempfile

import check_gates

C_SRC = r'''
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
	char buf[16];
	strcpy(buf, argc > 1 ? argv[1] : "x");
	puts(buf);
	return 0;
}
'''

# The textrel fixture: -fno-pic -mcmodel=large code puts absolute
# addresses in .text (R_X86_64_64), which a shared object must relocate.
TEXTREL_SRC = 'int v = 1;\nint *get(void) { return &v; }\n'

# The gates' C program: stat, pthread_create, arc4random (GLIBC_2.33,
# 2.34, 2.36 on Debian 12).
VERS_SRC = check_gates.C_SRC

CXX_SRC = r'''
#include <iostream>
#include <memory_resource>
#include <string>
int main(int argc, char **argv)
{
	std::pmr::monotonic_buffer_resource r;
	std::string s = argv[0];
	std::cout << s.substr(argc) << (r.allocate(8) != nullptr) << std::endl;
}
'''

GO_SRC = r'''package main

import (
	"fmt"
	"net"
	"os/user"
)

func main() {
	u, err := user.Current()
	a, err2 := net.LookupHost("localhost")
	fmt.Println(u != nil, err, a, err2)
}
'''

NSS_SRC = r'''
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
int main(void)
{
	struct addrinfo *ai;
	struct passwd *p = getpwnam("root");
	int r = getaddrinfo("localhost", "80", 0, &ai);
	printf("getpwnam: %s\ngetaddrinfo: %s\n", p ? p->pw_dir : "NULL", r ? gai_strerror(r) : "ok");
	return 0;
}
'''

GO_CXX_SRC = r'''
#include <memory_resource>
#include <string>
extern "C" int cxxlen(const char *s)
{
	std::pmr::monotonic_buffer_resource r;
	std::string x(s);
	return (int)x.size() + (r.allocate(8) != nullptr);
}
'''

GO_C_SRC = r'''package main

/*
#include <string.h>
static int fill(const char *s) { char buf[32]; strcpy(buf, s); return (int)strlen(buf); }
*/
import "C"

func main() { println(C.fill(C.CString("hello"))) }
'''

# requirement, flags of the failing build, flags the printed C fix must
# name and that make the same build pass (added after the failing ones:
# the last of -no-pie/-pie, -z lazy/-z now ... wins).
C_CASES = [
    ('pie', ['-fno-PIE', '-no-pie'], ['-fPIE', '-pie']),
    ('relro=full', ['-Wl,-z,norelro'], ['-Wl,-z,relro,-z,now']),
    ('relro=partial', ['-Wl,-z,norelro'], ['-Wl,-z,relro']),
    ('bindnow', ['-Wl,-z,lazy'], ['-Wl,-z,now']),
    ('nx', ['-Wl,-z,execstack'], ['-Wl,-z,noexecstack']),
    ('canary', ['-fno-stack-protector'], ['-fstack-protector-strong']),
    ('fortify', ['-O2', '-U_FORTIFY_SOURCE'], ['-O2', '-D_FORTIFY_SOURCE=2']),
    ('buildid', ['-Wl,--build-id=none'], ['-Wl,--build-id']),
    ('cet', ['-fcf-protection=none'], ['-fcf-protection', '-Wl,-z,ibt,-z,shstk']),
    ('scratch', [], ['-static']),
    ('scratch', [], ['-static-pie']),
    ('static', [], ['-static']),
]


def fail_block(out, req):
    """The FAIL line for req and the indented lines under it."""
    lines = out.splitlines()
    for i, ln in enumerate(lines):
        if ln.strip().startswith(f'FAIL {req}:'):
            block = {'reason': ln.split(': ', 1)[1] if ': ' in ln else ''}
            for sub in lines[i + 1:]:
                if not sub.startswith('    '):
                    break
                k, _, v = sub.strip().partition(': ')
                block[k] = v
            return block
    return None


def cc(h, name, args, cwd, must=True):
    r = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    if r.returncode and must:
        h.emit_fail(f'check-remedy build {name}', ' '.join(args), r.stderr[:600])
        return False
    return r.returncode == 0 or r


def write(path, text):
    with open(path, 'w') as fh:
        fh.write(text)
    return path


def c_fixes(h, tmp):
    src = write(os.path.join(tmp, 'p.c'), C_SRC)
    for i, (req, bad, fix) in enumerate(C_CASES):
        name = f'check-remedy C {req} {" ".join(fix)}'
        exe = os.path.join(tmp, f'c{i}-bad')
        if not cc(h, name, ['gcc', '-O1', *bad, '-o', exe, src], tmp):
            continue
        rc, out, err = h.run_ls(['--require=' + req, exe])
        b = fail_block(out, req)
        if not h.check(name + ': the failing build fails', rc == 1 and b, f'exit {rc}', out[-500:], err[:300]):
            continue
        h.check(name + ': symptom and fix (C) printed, no Go fix for a C file',
                b.get('symptom') and b.get('fix (C)') and 'fix (Go)' not in b, b)
        missing = [f for f in fix if f not in b.get('fix (C)', '')]
        if not h.check(name + ': the fix names the flags', not missing, f'not named: {missing}', b):
            continue
        good = os.path.join(tmp, f'c{i}-fixed')
        if not cc(h, name + ' fixed', ['gcc', '-O1', *bad, *fix, '-o', good, src], tmp):
            continue
        rc, out, err = h.run_ls(['--require=' + req, good])
        h.check(name + ': built with the printed flags, it passes', rc == 0 and 'FAIL' not in out,
                f'exit {rc}', out[-500:], err[:300])
        if req == 'scratch' and i == [k for k, c in enumerate(C_CASES) if c[0] == 'scratch'][0]:
            scratch_oracle(h, tmp, exe, good, b)
    textrel(h, tmp)
    rwx(h, tmp)
    bti(h, tmp, src)
    static_nss(h, tmp)
    no_interp(h, tmp, src)


def no_interp(h, tmp, src):
    """static's symptom where the interpreter is missing: what bash says
    when execve fails with ENOENT for a file that exists."""
    exe = os.path.join(tmp, 'nointerp')
    if not cc(h, 'check-remedy static symptom', ['gcc', '-Wl,--dynamic-linker=/nonexistent/ld.so',
                                                  '-o', exe, src], tmp):
        return
    r = subprocess.run(['bash', '-c', './nointerp'], cwd=tmp, capture_output=True, text=True,
                       env={**os.environ, 'LC_ALL': 'C'})
    # bash -c adds 'line 1: ' where an interactive shell does not.
    said = r.stderr.strip().splitlines()[-1].replace('line 1: ', '') if r.stderr.strip() else ''
    rc, out, _ = h.run_ls(['--require=static', exe])
    sy = (fail_block(out, 'static') or {}).get('symptom', '')
    h.check('check-remedy static symptom: bash\'s words for a missing interpreter',
            r.returncode == 127 and said and said in sy and '/nonexistent/ld.so' in sy,
            f'bash: {said!r}', f'symptom: {sy}')


def static_nss(h, tmp):
    """A static glibc program with NSS: its symptom measured in an empty
    root, and musl-gcc -static (the fix) passes."""
    src = write(os.path.join(tmp, 'nss.c'), NSS_SRC)
    bad, good = os.path.join(tmp, 'nss-glibc'), os.path.join(tmp, 'nss-musl')
    name = 'check-remedy C static NSS'
    if not cc(h, name, ['gcc', '-static', '-O1', '-o', bad, src], tmp):
        return
    rc, out, _ = h.run_ls(['--require=scratch', bad])
    b = fail_block(out, 'scratch') or {}
    sy = b.get('symptom', '')
    h.check(name + ': its own symptom and fix (musl-gcc -static), not the exec one',
            rc == 1 and 'musl-gcc -static' in b.get('fix (C)', '') and 'exec /' not in sy and
            'getpwnam("root") returns NULL' in sy and 'Temporary failure in name resolution' in sy, out[-900:])
    if os.geteuid() == 0 and shutil.which('chroot'):
        root = os.path.join(tmp, 'nssroot')
        os.makedirs(root, exist_ok=True)
        shutil.copy(bad, os.path.join(root, 'app'))
        r = subprocess.run(['chroot', root, '/app'], capture_output=True, text=True)
        h.check(name + ': in an empty root the lookups fail as the symptom says',
                'getpwnam: NULL' in r.stdout and 'Temporary failure in name resolution' in r.stdout,
                r.returncode, r.stdout, r.stderr)
    else:
        h.emit_skip(name + ' oracle', 'chroot needs root')
    if not shutil.which('musl-gcc'):
        h.emit_fail(name, 'musl-gcc is missing (scripts/install-deps.sh)')
        return
    if cc(h, name, ['musl-gcc', '-static', '-O1', '-o', good, src], tmp):
        rc, out, _ = h.run_ls(['--require=scratch', good])
        h.check(name + ': built with musl-gcc -static, it passes', rc == 0, out[-500:])


def bti(h, tmp, src):
    """AArch64 BTI with the cross compiler check-build.sh uses."""
    xcc = 'aarch64-linux-gnu-gcc'
    name = 'check-remedy C bti'
    if not shutil.which(xcc):
        h.emit_fail(name, f'{xcc} is missing (scripts/install-deps.sh)')
        return
    bad, good = os.path.join(tmp, 'a64-bad'), os.path.join(tmp, 'a64-fixed')
    if not cc(h, name, [xcc, '-O1', '-o', bad, src], tmp):
        return
    rc, out, _ = h.run_ls(['--require=bti', bad])
    b = fail_block(out, 'bti') or {}
    fix = ['-mbranch-protection=standard', '-Wl,-z,force-bti']
    h.check(name + ': fails, the fix names ' + ' '.join(fix),
            rc == 1 and all(f in b.get('fix (C)', '') for f in fix), out[-600:])
    if cc(h, name, [xcc, '-O1', *fix, '-o', good, src], tmp):
        rc, out, _ = h.run_ls(['--require=bti', good])
        h.check(name + ': built with them, it passes', rc == 0, out[-400:])


def scratch_oracle(h, tmp, bad, good, block):
    """The kernel's answer in an empty root: ENOENT for the dynamic
    program although it is there; the static one runs."""
    root = os.path.join(tmp, 'emptyroot')
    os.makedirs(root, exist_ok=True)
    shutil.copy(bad, os.path.join(root, 'app'))
    shutil.copy(good, os.path.join(root, 'app-static'))
    if os.geteuid() != 0 or not shutil.which('chroot'):
        h.emit_skip('check-remedy scratch oracle', 'chroot needs root')
        return
    r = subprocess.run(['chroot', root, '/app'], capture_output=True, text=True)
    h.check('check-remedy scratch: the dynamic program does not run in an empty root (ENOENT)',
            r.returncode == 127 and 'No such file or directory' in r.stderr, r.returncode, r.stderr)
    r = subprocess.run(['chroot', root, '/app-static', 'ok'], capture_output=True, text=True)
    h.check('check-remedy scratch: the -static build runs there', r.returncode == 0 and 'ok' in r.stdout,
            r.returncode, r.stderr)
    sy = block.get('symptom', '')
    h.check('check-remedy scratch symptom: the exec message and the interpreter',
            'no such file or directory' in sy and '/lib64/ld-linux-x86-64.so.2' in sy and
            'exec /' + os.path.basename(bad) + ':' in sy, sy)


def textrel(h, tmp):
    src = write(os.path.join(tmp, 't.c'), TEXTREL_SRC)
    bad = os.path.join(tmp, 'libtextrel.so')
    name = 'check-remedy C no-textrel'
    if not cc(h, name, ['gcc', '-fno-pic', '-mcmodel=large', '-shared', '-o', bad, src], tmp):
        return
    rc, out, _ = h.run_ls(['--require=no-textrel', bad])
    b = fail_block(out, 'no-textrel') or {}
    fix = b.get('fix (C)', '')
    h.check(name + ': fails, fix names -fPIC and -Wl,-z,text', rc == 1 and '-fPIC' in fix and
            '-Wl,-z,text' in fix, out[-600:])
    obj = os.path.join(tmp, 't.o')
    if not cc(h, name, ['gcc', '-fno-pic', '-mcmodel=large', '-c', '-o', obj, src], tmp):
        return
    r = cc(h, name, ['gcc', '-shared', '-Wl,-z,text', '-o', bad + '.z', obj], tmp, must=False)
    h.check(name + ': -Wl,-z,text makes the link fail naming the object',
            r is not True and r.returncode != 0 and ('t.o' in r.stderr or 't.c' in r.stderr),
            getattr(r, 'stderr', r))
    good = os.path.join(tmp, 'libtextrel-fixed.so')
    if cc(h, name, ['gcc', '-fno-pic', '-mcmodel=large', '-shared', '-fPIC', '-o', good, src], tmp):
        rc, out, _ = h.run_ls(['--require=no-textrel', good])
        h.check(name + ': built with -fPIC, it passes', rc == 0, out[-400:])


def rwx(h, tmp):
    src = write(os.path.join(tmp, 's.s'), '.globl _start\n_start:\n\tmov $60, %eax\n\txor %edi, %edi\n\tsyscall\n')
    obj = os.path.join(tmp, 's.o')
    name = 'check-remedy C no-rwx'
    if not cc(h, name, ['as', '-o', obj, src], tmp):
        return
    bad, good = os.path.join(tmp, 'omagic'), os.path.join(tmp, 'omagic-fixed')
    if not (cc(h, name, ['ld', '-N', '-o', bad, obj], tmp) and cc(h, name, ['ld', '-o', good, obj], tmp)):
        return
    rc, out, _ = h.run_ls(['--require=no-rwx', bad])
    b = fail_block(out, 'no-rwx') or {}
    h.check(name + ': fails, fix names -Wl,-N', rc == 1 and '-Wl,-N' in b.get('fix (C)', ''), out[-500:])
    rc, out, _ = h.run_ls(['--require=no-rwx', good])
    h.check(name + ': linked without -N, it passes', rc == 0, out[-400:])


def cxx_fixes(h, tmp):
    src = write(os.path.join(tmp, 'x.cc'), CXX_SRC)
    bad, good = os.path.join(tmp, 'cxx'), os.path.join(tmp, 'cxx-fixed')
    name = 'check-remedy C++'
    if not cc(h, name, ['g++', '-O1', '-std=c++20', '-o', bad, src], tmp):
        return
    req = 'glibcxx<=3.4.20,cxxabi<=1.3.5,gcc<=2.95'
    rc, out, _ = h.run_ls(['--require=' + req, bad])
    blocks = [fail_block(out, r) for r in req.split(',')]
    h.check(name + ': glibcxx and cxxabi name -static-libstdc++, gcc -static-libgcc',
            rc == 1 and all(blocks) and '-static-libstdc++' in blocks[0].get('fix (C)', '') and
            '-static-libstdc++' in blocks[1].get('fix (C)', '') and
            '-static-libgcc' in blocks[2].get('fix (C)', ''), out[-900:])
    if all(blocks):
        h.check(name + ': the glibcxx symptom is the loader\'s line for a GLIBCXX version',
                re.search(r"libstdc\+\+\.so\.6: version `GLIBCXX_3\.4\.\d+' not found \(required by ./cxx\)",
                          blocks[0].get('symptom', '')), blocks[0])
    if cc(h, name, ['g++', '-O1', '-std=c++20', '-static-libstdc++', '-static-libgcc', '-o', good, src], tmp):
        rc, out, _ = h.run_ls(['--require=' + req, good])
        h.check(name + ': built with -static-libstdc++ -static-libgcc, it passes', rc == 0, out[-600:])


# ---- glibc<=2.31 against the real loader --------------------------------

def verneed(path):
    """[(library, version, weak)] in .gnu.version_r order (readelf -V)."""
    r = subprocess.run(['readelf', '-V', '-W', path], capture_output=True, text=True)
    out, lib, on = [], None, False
    for ln in r.stdout.splitlines():
        if "Version needs section" in ln:
            on = True
            continue
        if on and 'Version' in ln and 'section' in ln:
            break
        if not on:
            continue
        m = re.search(r'File: (\S+)', ln)
        if m:
            lib = m.group(1)
        m = re.search(r'Name: (\S+)\s+Flags: (\S+)', ln)
        if m:
            out.append((lib, m.group(1), 'WEAK' in m.group(2)))
    return out


def vkey(v):
    return [int(x) if x.isdigit() else 0 for x in v.split('.')]


def glibc_symptom(h, tmp):
    src = write(os.path.join(tmp, 'v.c'), VERS_SRC)
    exe = os.path.join(tmp, 'vapp')
    name = 'check-remedy glibc<=2.31'
    if not cc(h, name, ['gcc', '-O1', '-pthread', '-o', exe, src], tmp):
        return
    need = verneed(exe)
    keep = [v for lib, v, _ in need if lib == 'libc.so.6' and
            (not v.startswith('GLIBC_2') or vkey(v[6:]) <= vkey('2.31'))]
    if not h.check(name + ': the fixture needs versions above 2.31 (readelf -V)',
                   any(vkey(v[6:]) > vkey('2.31') for _, v, _ in need if v.startswith('GLIBC_2')), need):
        return
    # The stand-in libc.so.6: the fixture's versions up to 2.31, one
    # symbol each, nothing needed (the loader stops at the version check).
    fake = os.path.join(tmp, 'oldlibc')
    os.makedirs(fake, exist_ok=True)
    script = ''.join(f'{v} {{ global: ls_fake_{i}; }};\n' for i, v in enumerate(keep))
    write(os.path.join(fake, 'libc.map'), script or 'GLIBC_2.2.5 { global: ls_fake_0; };\n')
    write(os.path.join(fake, 'f.c'), ''.join(f'int ls_fake_{i};\n' for i in range(max(1, len(keep)))))
    if not cc(h, name + ' stand-in libc', ['gcc', '-shared', '-fPIC', '-nostdlib', '-o',
                                          os.path.join(fake, 'libc.so.6'), '-Wl,-soname,libc.so.6',
                                          '-Wl,--version-script=' + os.path.join(fake, 'libc.map'),
                                          os.path.join(fake, 'f.c')], tmp):
        return
    r = subprocess.run(['./vapp'], cwd=tmp, capture_output=True, text=True,
                       env={**os.environ, 'LD_LIBRARY_PATH': fake, 'LC_ALL': 'C'})
    lines = [ln for ln in r.stderr.splitlines() if 'not found' in ln]
    if not h.check(name + ': the real loader refuses it, one line per missing version',
                   r.returncode != 0 and lines, r.returncode, r.stderr[:600]):
        return
    # The loader's order is .gnu.version_r's (dl-version.c), which the
    # symptom must follow: compare against readelf's order too.
    order = [v for lib, v, weak in need if v.startswith('GLIBC_2') and vkey(v[6:]) > vkey('2.31') and not weak]
    got = [re.search(r"version `([^']+)'", ln).group(1) for ln in lines]
    h.check(name + ': the loader walks .gnu.version_r in order (oracle sanity)', got == order, got, order)
    rc, out, _ = h.run_ls(['--require=glibc<=2.31', exe])
    b = fail_block(out, 'glibc<=2.31') or {}
    sy = b.get('symptom', '')
    want = lines[0].replace(fake + '/', '/lib/x86_64-linux-gnu/')
    h.check(name + ': the symptom is the loader\'s first line', sy.split(';')[0] == want,
            f'symptom: {sy}', f'loader:  {lines[0]}', f'want:    {want}')
    h.check(name + ': says every missing version gets a line', len(lines) < 2 or 'each' in sy, sy)
    fix = b.get('fix (C)', '')
    h.check(name + ': the fix names a glibc 2.31 build image and zig cc\'s target',
            'Debian 11' in fix and 'zig cc -target x86_64-linux-gnu.2.31' in fix, fix)
    rc, out, _ = h.run_ls(['--json', '--require=glibc<=2.31', exe])
    doc, jerr = h.load_json(out)
    if h.check(name + ' json parses', doc is not None, jerr):
        f = doc['files'][0]['failed'][0]
        h.check(name + ' json: symptom and fix.c, fix.go null for a C file',
                f.get('symptom') == sy and f.get('fix', {}).get('c') == fix and
                f.get('fix', {}).get('go') is None, f)


# ---- safe-rpath --------------------------------------------------------

def safe_rpath(h, tmp):
    src = write(os.path.join(tmp, 'r.c'), 'int main(void) { return 0; }\n')
    ww = os.path.join(tmp, 'ww')
    os.makedirs(ww, exist_ok=True)
    os.chmod(ww, 0o1777)
    missing = os.path.join(tmp, 'nonexistent', 'lib')
    exe = os.path.join(tmp, 'rpathy')
    name = 'check-remedy safe-rpath'
    if not cc(h, name, ['gcc', '-Wl,--enable-new-dtags', f'-Wl,-rpath,lib:{ww}:{missing}', '-o', exe, src], tmp):
        return
    rc, out, _ = h.run_ls(['--require=safe-rpath', exe])
    b = fail_block(out, 'safe-rpath') or {}
    reason = b.get('reason', '')
    h.check(name + ': fails and names all three elements', rc == 1 and
            "'lib' is relative" in reason and f"'{ww}' is world-writable" in reason and
            f"'{missing}' does not exist" in reason and reason.startswith('3 unsafe'), out[-1500:])
    h.check(name + ': says who can plant a library and how',
            'run it from a directory they control can plant libc.so.6 there' in reason and
            f'any local user can write a library (libc.so.6) into {ww}' in reason and
            f'whoever can create {missing} first decides what gets loaded' in reason, reason)
    fix = b.get('fix (C)', '')
    h.check(name + ': fix names $ORIGIN, chrpath -d and patchelf --remove-rpath',
            "-Wl,-rpath,'$ORIGIN/../lib'" in fix and 'chrpath -d' in fix and
            'patchelf --remove-rpath' in fix, fix)
    rc, out, _ = h.run_ls(['--json', '--require=safe-rpath', exe])
    doc, jerr = h.load_json(out)
    if h.check(name + ' json parses', doc is not None, jerr):
        f = doc['files'][0]['failed'][0]
        els = f.get('elements', [])
        h.check(name + ' json: every element with its kind and explanation',
                [(e['dir'], e['risk']) for e in els] ==
                [('lib', 'relative'), (ww, 'world-writable'), (missing, 'missing')] and
                all(e.get('explanation') and e['explanation'] in f['reason'] for e in els), els)
    rc, out, _ = h.run_ls(['--sarif', '--require=safe-rpath', exe])
    doc, jerr = h.load_json(out)
    if h.check(name + ' sarif parses', doc is not None, jerr):
        run = doc['runs'][0]
        text = run['results'][0]['message']['text'] if run['results'] else ''
        rule = run['tool']['driver']['rules'][0]
        h.check(name + ' sarif: all three elements and the fix in the message, rule help',
                "'lib' is relative" in text and ww in text and missing in text and
                '\nfix (C): ' in text and 'chrpath -d' in rule.get('help', {}).get('text', ''),
                text[:600], rule)
    # The fix: $ORIGIN-relative (not set-ID) passes.
    good = exe + '-fixed'
    if cc(h, name, ['gcc', '-Wl,--enable-new-dtags', '-Wl,-rpath,$ORIGIN/../lib', '-o', good, src], tmp):
        rc, out, _ = h.run_ls(['--require=safe-rpath', good])
        h.check(name + ": built with -Wl,-rpath,'$ORIGIN/../lib', it passes", rc == 0, out[-400:])
    for tool, args in (('chrpath', ['-d']), ('patchelf', ['--remove-rpath'])):
        if not shutil.which(tool):
            # scripts/install-deps.sh installs both: missing is a failure.
            h.check(name + f': {tool} is installed (scripts/install-deps.sh)', False, tool)
            continue
        cp = exe + '-' + tool
        shutil.copy(exe, cp)
        subprocess.run([tool, *args, cp], capture_output=True)
        rc, out, _ = h.run_ls(['--require=safe-rpath,no-rpath', cp])
        h.check(name + f': after {tool} {args[0]}, it passes', rc == 0, out[-400:])


# ---- Go ------------------------------------------------------------------

def go_build(h, gdir, out, env, args):
    r = subprocess.run(['go', 'build', *args, '-o', out, '.'], cwd=gdir, capture_output=True, text=True,
                       env={**os.environ, 'GOFLAGS': '-mod=mod', 'GOTOOLCHAIN': 'local', **env})
    if r.returncode:
        h.emit_fail(f'check-remedy go build {env} {args}', r.stderr[:600])
        return False
    return True


def go_fixes(h, tmp):
    if not shutil.which('go'):
        h.emit_fail('check-remedy go', 'no go toolchain on PATH')
        return
    cgo_fixture = os.path.join(h.FIX, 'go', 'go-cgo')
    gdir = os.path.join(tmp, 'g')
    os.makedirs(gdir, exist_ok=True)
    write(os.path.join(gdir, 'main.go'), GO_SRC)
    write(os.path.join(gdir, 'go.mod'), 'module g\n\ngo 1.22\n')
    dyn = os.path.join(tmp, 'gdyn')
    if not go_build(h, gdir, dyn, {'CGO_ENABLED': '1'}, []):
        return
    for label, exe in (('go-cgo fixture', cgo_fixture), ('net+os/user cgo', dyn)):
        if not os.path.exists(exe):
            h.emit_fail(f'check-remedy go scratch {label}', f'no fixture {exe}')
            continue
        rc, out, _ = h.run_ls(['--require=scratch', exe])
        b = fail_block(out, 'scratch') or {}
        go = b.get('fix (Go)', '')
        h.check(f'check-remedy go scratch {label}: CGO_ENABLED=0, netgo/osusergo, static link, gocgo',
                rc == 1 and 'CGO_ENABLED=0' in go and '-tags netgo,osusergo' in go and
                "-ldflags '-linkmode external -extldflags -static'" in go and
                'linkscope gocgo ./...' in go, out[-1200:])
        h.check(f'check-remedy go scratch {label}: the exec symptom',
                f'exec /{os.path.basename(exe)}: no such file or directory' in b.get('symptom', ''), b)
        h.check(f'check-remedy go scratch {label}: a cgo binary gets the C fix too', 'fix (C)' in b, b)
    # Each Go fix, built: the failing build fails, the Go fix names the
    # flags, and the build with them passes.
    # (requirement, failing build's env and flags, the fix's env and flags,
    #  the words the printed fix must contain)
    cgo, nocgo = {'CGO_ENABLED': '1'}, {'CGO_ENABLED': '0'}
    ext_now = '-ldflags=-linkmode=external -extldflags=-Wl,-z,relro,-z,now'
    cases = [
        ('scratch', cgo, [], nocgo, [], ['CGO_ENABLED=0']),
        ('scratch', cgo, [], cgo, ['-tags', 'netgo,osusergo'], ['-tags netgo,osusergo']),
        ('pie', nocgo, [], nocgo, ['-buildmode=pie'], ['-buildmode=pie']),
        ('pie', cgo, [], cgo, ['-buildmode=pie'], ['-buildmode=pie']),
        ('relro=partial', nocgo, [], nocgo, ['-buildmode=pie'], ['-buildmode=pie']),
        ('relro=full', nocgo, [], nocgo, ['-buildmode=pie', '-ldflags=-bindnow'],
         ['-buildmode=pie -ldflags=-bindnow']),
        ('relro=full', cgo, [], cgo, [ext_now], ["'-linkmode=external -extldflags=-Wl,-z,relro,-z,now'"]),
        ('bindnow', cgo, [], cgo, ['-ldflags=-bindnow'], ['-ldflags=-bindnow']),
        ('buildid', nocgo, ['-ldflags=-B=none'], nocgo, ['-ldflags=-B=gobuildid'], ['-ldflags=-B=gobuildid']),
        # A pure Go PIE asks for the loader; the C linker makes it static.
        ('scratch', nocgo, ['-buildmode=pie'], cgo,
         ['-buildmode=pie', '-ldflags=-linkmode external -extldflags -static-pie'],
         ["CGO_ENABLED=1 go build -buildmode=pie -ldflags '-linkmode external -extldflags -static-pie'"]),
        ('safe-rpath', cgo, ['-ldflags=-r=lib'], cgo, ['-ldflags=-r=$ORIGIN/../lib'],
         ["-ldflags=-r='$ORIGIN/../lib'"]),
    ]
    pdir = os.path.join(tmp, 'gp')
    os.makedirs(pdir, exist_ok=True)
    write(os.path.join(pdir, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n')
    write(os.path.join(pdir, 'go.mod'), 'module gp\n\ngo 1.22\n')
    for i, (req, benv, bargs, genv, gargs, words) in enumerate(cases):
        name = f'check-remedy go {req} {genv} {" ".join(gargs)}'
        bad = os.path.join(tmp, f'gbad{i}')
        # The static PIE: a program without net and os/user (those keep
        # glibc's NSS in a static link: the static-NSS remedy below).
        src_dir = pdir if 'static-pie' in ' '.join(gargs) else gdir
        if not go_build(h, src_dir, bad, benv, bargs):
            continue
        rc, out, _ = h.run_ls(['--require=' + req, bad])
        b = fail_block(out, req)
        if not h.check(name + ': the failing build fails', rc == 1 and b, out[-500:]):
            continue
        fix = b.get('fix (Go)', '')
        h.check(name + ': the Go fix names it', all(w in fix for w in words), words, fix)
        good = os.path.join(tmp, f'ggood{i}')
        if go_build(h, src_dir, good, genv, gargs):
            rc, out, _ = h.run_ls(['--require=' + req, good])
            h.check(name + ': built so, it passes', rc == 0, out[-500:])
    # Your own C code in a cgo build: CGO_CFLAGS reaches it.
    cdir = os.path.join(tmp, 'gc')
    os.makedirs(cdir, exist_ok=True)
    write(os.path.join(cdir, 'main.go'), GO_C_SRC)
    write(os.path.join(cdir, 'go.mod'), 'module gc\n\ngo 1.22\n')
    for req, flags in (('canary', '-O2 -g -fstack-protector-strong'), ('fortify', '-O2 -g -D_FORTIFY_SOURCE=2')):
        name = f'check-remedy go {req} CGO_CFLAGS={flags!r}'
        bad, good = os.path.join(tmp, f'gc-{req}-bad'), os.path.join(tmp, f'gc-{req}-fixed')
        if not (go_build(h, cdir, bad, {'CGO_ENABLED': '1', 'CGO_CFLAGS': '-O2 -g -fno-stack-protector -U_FORTIFY_SOURCE'}, []) and
                go_build(h, cdir, good, {'CGO_ENABLED': '1', 'CGO_CFLAGS': flags}, [])):
            continue
        rc, out, _ = h.run_ls(['--require=' + req, bad])
        b = fail_block(out, req) or {}
        h.check(name + ': fails, the Go fix names it', rc == 1 and f"CGO_CFLAGS='{flags}'" in b.get('fix (Go)', ''),
                out[-700:])
        rc, out, _ = h.run_ls(['--require=' + req, good])
        h.check(name + ': built so, it passes', rc == 0, out[-500:])
    # C++ in a cgo build: libstdc++ and libgcc_s versions.
    xdir = os.path.join(tmp, 'gx')
    os.makedirs(xdir, exist_ok=True)
    write(os.path.join(xdir, 'w.cpp'), GO_CXX_SRC)
    write(os.path.join(xdir, 'main.go'), 'package main\n\n// int cxxlen(const char *s);\nimport "C"\n\n'
          'func main() { println(C.cxxlen(C.CString("hey"))) }\n')
    write(os.path.join(xdir, 'go.mod'), 'module gx\n\ngo 1.22\n')
    req, flags = 'glibcxx<=3.4.20,gcc<=2.95', '-static-libstdc++ -static-libgcc'
    bad, good = os.path.join(tmp, 'gx-bad'), os.path.join(tmp, 'gx-fixed')
    if go_build(h, xdir, bad, {'CGO_ENABLED': '1'}, []) and \
            go_build(h, xdir, good, {'CGO_ENABLED': '1', 'CGO_LDFLAGS': flags}, []):
        rc, out, _ = h.run_ls(['--require=' + req, bad])
        blocks = [fail_block(out, r) or {} for r in req.split(',')]
        h.check(f'check-remedy go C++ {req}: fails, the Go fix names CGO_LDFLAGS={flags!r}',
                rc == 1 and all(f"CGO_LDFLAGS='{flags}'" in b.get('fix (Go)', '') for b in blocks), out[-900:])
        rc, out, _ = h.run_ls(['--require=' + req, good])
        h.check(f'check-remedy go C++ {req}: built so, it passes', rc == 0, out[-500:])
    # A static external link keeps glibc's NSS: its own scratch remedy.
    st = os.path.join(tmp, 'gstatic')
    if go_build(h, gdir, st, {'CGO_ENABLED': '1'}, ['-ldflags=-linkmode external -extldflags -static']):
        rc, out, _ = h.run_ls(['--require=scratch', st])
        b = fail_block(out, 'scratch') or {}
        h.check('check-remedy go static NSS: its own remedy (netgo/osusergo), not the exec symptom',
                rc == 1 and 'netgo,osusergo' in b.get('fix (Go)', '') and
                'Temporary failure in name resolution' in b.get('symptom', '') and
                'exec /' not in b.get('symptom', ''), out[-1000:])
    # A pure Go file gets no C fix.
    pure = os.path.join(tmp, 'gbad2')
    if os.path.exists(pure):
        rc, out, _ = h.run_ls(['--require=pie', pure])
        b = fail_block(out, 'pie') or {}
        h.check('check-remedy go pure: the Go fix only', rc == 1 and 'fix (Go)' in b and 'fix (C)' not in b, b)


def views(h, tmp):
    """--failures-only keeps the next step; --table has none."""
    exe = os.path.join(tmp, 'c0-bad')
    if not os.path.exists(exe):
        return
    rc, out, _ = h.run_ls(['--failures-only', '--require=pie', exe, exe])
    h.check('check-remedy --failures-only shows symptom and fix',
            rc == 1 and out.count('    symptom: ') == 2 and out.count('    fix (C): -') == 0 and
            out.count('    fix (C): compile with -fPIE') == 2, out[-800:])
    rc, out, _ = h.run_ls(['--table', '--require=pie', exe])
    h.check('check-remedy --table has no next step', rc == 1 and 'symptom' not in out and 'fix (' not in out,
            out[-500:])


def run(h):
    tmp = tempfile.mkdtemp(prefix='ls-check-remedy-')
    try:
        c_fixes(h, tmp)
        cxx_fixes(h, tmp)
        glibc_symptom(h, tmp)
        safe_rpath(h, tmp)
        go_fixes(h, tmp)
        views(h, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
