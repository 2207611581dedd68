#!/usr/bin/env python3
"""gen-ldopts.py - which linker refuses which long option of linkscope's
table (src/lib/link/linkcmd_ldopts.c long_opts), probed on the installed linkers.

Each option of the table is given to each linker followed by --version
("--NAME"; "--NAME=1" and "--NAME 1" when it takes a value: refused
only when both spellings are), then with one dash ("-NAME", "-NAME=1":
lld knows some options only with two), and the linker's own
"unknown option" message decides:

  ld.bfd   "unrecognized option '--NAME'" ("unrecognised option: -NAME")
  ld.gold  "--NAME: unknown option" ("--NAME=V: unexpected argument")
  ld.lld   "unknown argument '--NAME'"
  mold     "unknown command line option: --NAME"

No link is made and no input is read.  The result is written as a C table
(src/lib/link/ldopts_refused.h) with the linkers' versions in its header
comment: regenerate it when Debian's linkers change.

  python3 scripts/gen-ldopts.py > src/lib/link/ldopts_refused.h
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINKERS = (('bfd', 'ld.bfd', r"unrecogni[sz]ed option(: |  ?')|unable to disambiguate: "),
           ('gold', 'ld.gold', r': (unknown option|unexpected argument)'),
           ('lld', 'ld.lld', r"unknown argument '"),
           ('mold', 'mold', r'unknown command line option: '))


def table():
    src = open(os.path.join(ROOT, 'src/lib/link/linkcmd_ldopts.c'), encoding='utf-8').read()
    body = src[src.index('static const ldopt long_opts[] = {'):]
    body = body[:body.index('\n};')]
    return re.findall(r'\{ "([^"]+)", (A_NONE|A_REQ|A_OPT), X_\w+ \}', body)


# A value for each -z KEYWORD= prefix of linkcmd_ldopts.c, accepted where known.
Z_VALUES = {'max-page-size=': '4096', 'common-page-size=': '4096', 'stack-size=': '4096',
            'start-stop-visibility=': 'hidden', 'call-nop=': 'prefix-addr',
            'cet-report=': 'none', 'lam-u48-report=': 'none', 'lam-u57-report=': 'none',
            'lam-report=': 'none', 'bti-report=': 'none', 'gcs-report=': 'none',
            'x86-64-': 'v2', 'isa-level-report=': 'none', 'dead-reloc-in-nonalloc=': '.debug*=0'}


# A value each linker takes, for options whose values are words: "1"
# would be refused as a value, not as an option (lld --icf=all, mold
# --pack-dyn-relocs=relr).
VALUE_SAMPLES = {'icf': 'all', 'pack-dyn-relocs': 'relr', 'compress-debug-sections': 'zlib',
                 'hash-style': 'gnu', 'build-id': 'sha1', 'unresolved-symbols': 'ignore-all',
                 'sort-section': 'name', 'orphan-handling': 'place', 'color-diagnostics': 'auto',
                 'target2': 'rel', 'sort-common': 'ascending', 'threads': '1',
                 'shuffle-sections': '1', 'filler': '0'}


def z_table():
    """linkcmd_ldopts.c's -z keywords, and its prefixes with a sample value."""
    src = open(os.path.join(ROOT, 'src/lib/link/linkcmd_ldopts.c'), encoding='utf-8').read()

    def strings(var):
        body = src[src.index(f'static const char *const {var}[] = {{'):]
        return re.findall(r'"([^"]+)"', body[:body.index('};')])
    return ([(k, k) for k in ['defs', 'undefs', 'muldefs'] + strings('z_known')] +
            [(p, p + Z_VALUES.get(p, '1')) for p in strings('z_prefixes')])


def version(cmd):
    r = subprocess.run([cmd, '--version'], capture_output=True, text=True)
    return (r.stdout or r.stderr).splitlines()[0].strip()


WORK = tempfile.mkdtemp(prefix='gen-ldopts-')


def refused(cmd, pat, args):
    # In a scratch directory: an option like --output=1 or -Map=1 may
    # write its file before --version stops the linker.
    r = subprocess.run([cmd, *args, '--version'], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=30, cwd=WORK)
    return re.search(pat, r.stdout + r.stderr) is not None


def help_text(cmd):
    """The linker's --help, for bfd without the PE emulations' sections
    (i386pep:, i386pe: list --image-base and the like, which an ELF link
    refuses)."""
    r = subprocess.run([cmd, '--help'], capture_output=True, text=True)
    text = r.stdout + r.stderr
    if cmd == 'ld.bfd':
        text = re.sub(r'\n(i386pep|i386pe): *\n.*?(?=\n[a-z0-9_]+: *\n|\Z)', '\n', text,
                      flags=re.S)
    return text


def in_help(text, name, value):
    """The --help text shows NAME bare (value False) or with a value."""
    n = re.escape(name)
    if value:
        pat = r'(^|[\s,])--?' + n + r'(=|\[=| +[<\[A-Za-z])'
    else:
        pat = r'(^|[\s,])--?' + n + r'($|[ \t,]|\[)'
    return re.search(pat, text, re.M) is not None


def main():
    opts = table()
    helps = {cmd: help_text(cmd) for _, cmd, _ in LINKERS}
    out = []
    for name, kind in opts:
        # Each spelling is probed on its own, and refused only when --help
        # does not show it either: lld knows "--icf=all" but refuses
        # "--icf=1", and takes "--threads=N" but not a bare "--threads";
        # mold 1.10 takes "--library X" but not "--library=X".
        bare, value, dash1 = [], [], []
        for k, cmd, pat in LINKERS:
            if kind in ('A_NONE', 'A_OPT') and not in_help(helps[cmd], name, False) and \
                    refused(cmd, pat, [f'--{name}']):
                bare.append(k)
            if kind in ('A_REQ', 'A_OPT') and not in_help(helps[cmd], name, True) and \
                    all(refused(cmd, pat, f) for f in ([f'--{name}=1'], [f'--{name}', '1'])):
                value.append(k)
            # One dash, probed on its own: gold reads "-unique=x" as
            # "-u nique=x" and takes it, though it refuses "--unique";
            # lld takes "--no-relax" but not "-no-relax".  ("-o..." is
            # -o for GNU ld.)
            if name[0] == 'o':
                continue
            v = VALUE_SAMPLES.get(name, '1')
            ones = ([[f'-{name}']] if kind == 'A_NONE' else
                    [[f'-{name}'], [f'-{name}={v}']] if kind == 'A_OPT' else
                    [[f'-{name}={v}'], [f'-{name}', v]])
            if all(refused(cmd, pat, one) for one in ones):
                dash1.append(k)
        if bare or value or dash1:
            out.append((name, bare, value, dash1))
    w = sys.stdout.write
    w('/*\n * ldopts_refused.h - generated by scripts/gen-ldopts.py: the long options\n'
      ' * of linkcmd_ldopts.c\'s table that a linker refuses ("unrecognized\n'
      ' * option"), bare or with a value, probed on:\n')
    for k, cmd, _ in LINKERS:
        w(f' *   {version(cmd)}\n')
    w(' * Included by linkcmd_ld.c only.\n */\n\n')
    w('static const struct ldopt_refused {\n\tconst char *name;\n'
      '\tuint8_t bare, value, dash1;\t/* 1 << enum ls_link_sem for each linker\n'
      '\t\t\t\t * that refuses "--name", "--name=V", and\n'
      '\t\t\t\t * "-name[=V]" (one dash: probed on its\n'
      '\t\t\t\t * own) */\n} ldopts_refused[] = {\n')
    bits = {'bfd': 'LS_SEM_BFD', 'gold': 'LS_SEM_GOLD', 'lld': 'LS_SEM_LLD', 'mold': 'LS_SEM_MOLD'}

    def mask(ks):
        return ' | '.join(f'1 << {bits[k]}' for k in ks) or '0'
    for name, bare, value, dash1 in out:
        w(f'\t{{ "{name}", {mask(bare)}, {mask(value)}, {mask(dash1)} }},\n')
    w('};\n')
    # gold stops on a -z keyword it does not know ("KW: unknown -z option");
    # bfd, lld and mold only warn.
    zs = [name for name, kw in z_table()
          if refused('ld.gold', r': unknown -z option', ['-z', kw])]
    w('\n/* -z keywords (and KEYWORD= or x86-64- prefixes) gold refuses; bfd, lld\n'
      ' * and mold warn and go on. */\n'
      'static const char *const ldz_refused_gold[] = {\n')
    for kw in zs:
        w(f'\t"{kw}",\n')
    w('};\n')
    print(f'gen-ldopts: {len(opts)} options, {len(out)} refused by some linker; '
          f'{len(zs)} -z keywords refused by gold', file=sys.stderr)


try:
    main()
finally:
    shutil.rmtree(WORK, ignore_errors=True)
