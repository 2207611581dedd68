#!/usr/bin/env python3
"""link_scenarios.py LINKSCOPE [options] [SCENARIO-GLOB...] - "linkscope link"
against the real static linkers.

Every scenario is a small set of sources (tests/fixtures/link/TOPIC/, built
by that directory's build.sh into WORK/fx/TOPIC) and one link command.  For
each linker the scenario names (GNU ld "bfd", gold, lld, mold), the harness
runs the REAL link, parses the linker's messages into

    verdict      exit status 0 = "ok", else "fail"
    duplicates   symbol -> the files the linker names as defining it
    undefined    symbol -> {hidden, from_dso}
    incompatible wrong-machine files/members named, and whether fatal
    reasons      fatal conditions (cannot find -lfoo, archive has no index)
    extracted    archive members loaded (from a second, traced link:
                 bfd -t -t, gold/lld -t, mold -Map), for scenarios that ask
    output_kind  from the ELF header of the output, when the link succeeded

then runs `linkscope link --json --semantics X -- <the same command>` in the
same directory and compares.  One PASS/FAIL line per scenario and linker:
"link-scenarios-<scenario>/<linker>".  The cross (aarch64, riscv64) bfd
scenarios are run once more with PATH holding no tools at all
("<scenario>/bfd-no-toolchain"), and a few with fake linkers first on PATH
that leave a marker if anything runs them but `LINKER --version`
("never-runs-linker/...").

Symbol names are compared raw (C++ scenarios pass --no-demangle to the real
link).  Version suffixes are compared as the linker prints them, except
where a linker drops them (mold's undefined symbols, every linker's
duplicate names): there the name before '@' is compared.

Options:
  --oracle-only   build, run the real links, print what was parsed (no
                  linkscope needed); reference-document expectations that
                  the real linkers contradict are marked SURPRISE
  --self-test     use a fake linkscope that runs the real link and reports
                  its parsed messages: checks the comparison code (every
                  scenario must pass; no JSON-only or proof checks)
  --force         rebuild every fixture directory
  --work DIR      work directory (default tests/out/link-scenarios)
  --jobs N        parallel jobs (default: number of CPUs)
  --list          list the scenarios and exit

Counts ("passed failed skipped") go to the file named by LINK_COUNTS.
"""
import argparse
import concurrent.futures as cf
import fnmatch
import hashlib
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
FIXSRC = os.path.join(REPO, 'tests', 'fixtures', 'link')
SUITE = 'link-scenarios'
LINKERS = ('bfd', 'gold', 'lld', 'mold')
ALL = 'bfd gold lld mold'
T_LINK = 90          # seconds for one link or one linkscope run
T_BUILD = 600        # seconds for one fixture directory (Go, cold cache)
STAMP_VERSION = '1'  # bump to force a rebuild of every fixture directory

COUNTS = {'pass': 0, 'fail': 0, 'skip': 0}
SELF_TEST = False


# --- the scenarios -------------------------------------------------------------

class Scen:
    """One link command, run with several linkers.

    cmd       a string (shlex syntax) or a dict linker -> string, formatted
              with {fuse} (-fuse-ld=X; empty for bfd, the default),
              {ld} (the linker program: ld, ld.gold, ld.lld, mold) and
              {out} (a per-linker output name).
    expect    what the reference document (or the scenario's intent) says
              the verdict is, "ok"/"fail" or "bfd:fail lld:ok ..."; a real
              linker that disagrees is reported as a SURPRISE note, never a
              failure (the real tool wins).
    extracted compare linkscope's extracted archive members (those of the
              scenario's own archives) with a traced real link.
    checks    extra checks of linkscope's JSON: tuples, see json_extra().
    requires  programs needed, beyond those of the fixture directory.
    """

    def __init__(self, name, topic, cmd, linkers=ALL, expect=None, extracted=False,
                 checks=(), requires=(), why=''):
        self.name = name
        self.topic = topic
        self.cmd = cmd
        self.linkers = linkers.split()
        self.expect = parse_expect(expect, self.linkers)
        self.extracted = extracted
        self.checks = list(checks)
        self.requires = list(requires)
        self.why = why

    def argv(self, linker):
        tmpl = self.cmd[linker] if isinstance(self.cmd, dict) else self.cmd
        s = tmpl.format(fuse='' if linker == 'bfd' else f'-fuse-ld={linker}',
                        ld={'bfd': 'ld', 'gold': 'ld.gold', 'lld': 'ld.lld', 'mold': 'mold'}[linker],
                        out=f'{self.name}.{linker}.out')
        return shlex.split(s)

    def cross(self):
        """'aarch64' or 'riscv64' when the bfd command is a cross driver."""
        if 'bfd' not in self.linkers:
            return None
        a0 = self.argv('bfd')[0]
        for t in ('aarch64', 'riscv64'):
            if a0.startswith(t + '-linux-gnu-gcc'):
                return t
        return None


def parse_expect(e, linkers):
    if e is None:
        return {}
    if e in ('ok', 'fail'):
        return {k: e for k in linkers}
    out = {}
    for tok in e.split():
        k, v = tok.split(':')
        out[k] = v
    return out


AARCH64_LD = {  # one aarch64 link, each linker as it can be reached
    'bfd': 'aarch64-linux-gnu-gcc {args} -o {{out}}',
    'gold': 'aarch64-linux-gnu-gcc -fuse-ld=gold {args} -o {{out}}',
    'lld': 'ld.lld -m aarch64linux {args} -o {{out}}',
    'mold': 'mold -m aarch64linux {args} -o {{out}}',
}


def aarch64_cmd(args):
    return {k: v.format(args=args) for k, v in AARCH64_LD.items()}


def scenarios():
    S = Scen
    L = []
    # -- archive order (A.2, A.3) --
    L += [
        S('order-ok', 'order', 'gcc {fuse} main.o -L. -lfoo -lbar -o {out}',
          expect='ok', extracted=True),
        S('order-bar-before-foo', 'order', 'gcc {fuse} main.o -L. -lbar -lfoo -o {out}',
          expect='bfd:fail gold:fail lld:ok mold:ok', extracted=True,
          checks=[('hint', 'bfd gold', 'bar', 'order')],
          why='foo needs bar; GNU ld and gold visit libbar.a before anything needs it'),
        S('order-lib-before-object', 'order', 'gcc {fuse} -L. -lfoo main.o -lbar -o {out}',
          expect='bfd:fail gold:fail lld:ok mold:ok', extracted=True,
          checks=[('hint', 'bfd gold', 'foo', 'order')]),
        S('order-start-group', 'order',
          'gcc {fuse} main.o -L. -Wl,--start-group -lbar -lfoo -Wl,--end-group -o {out}',
          expect='ok', extracted=True),
        S('order-within-archive', 'order', 'gcc {fuse} main.o -L. -lboth -o {out}',
          expect='ok', extracted=True, why='libboth.a is bar.o then foo.o'),
        S('order-response-file', 'order', 'gcc {fuse} @bad-order.rsp -o {out}',
          expect='bfd:fail gold:fail lld:ok mold:ok', extracted=True,
          checks=[('hint', 'bfd gold', 'bar', 'order')]),
        S('order-response-file-group', 'order', 'gcc {fuse} @group.rsp -o {out}',
          expect='ok', extracted=True),
        S('archive-no-index', 'order', 'gcc {fuse} main.o libnoidx.a -o {out}',
          expect='bfd:fail gold:fail lld:ok mold:ok', extracted=True),
    ]
    # -- weak symbols (A.2, A.4) --
    L += [
        S('weak-undef-no-extract', 'weak', 'gcc {fuse} weakref.o -L. -lmaybe -o {out}',
          expect='ok', extracted=True, checks=[('extracted', ALL, [])]),
        S('weak-def-not-replaced', 'weak', 'gcc {fuse} weakdef.o -L. -lmaybe -o {out}',
          expect='ok', extracted=True, checks=[('extracted', ALL, [])]),
        S('strong-and-weak', 'weak', 'gcc {fuse} usesym.o weak_level1.o strong_level.o -o {out}',
          expect='ok'),
        S('weak-and-weak', 'weak', 'gcc {fuse} usesym.o weak_level1.o weak_level3.o -o {out}',
          expect='ok'),
    ]
    # -- COMMON (A.2, A.3, A.4) --
    L += [
        S('common-vs-archive', 'common', 'gcc {fuse} com.o getonly.o -L. -lval -o {out}',
          expect='ok', extracted=True,
          checks=[('extracted', 'bfd lld mold', ['libval.a(valdef.o)']),
                  ('extracted', 'gold', [])],
          why='bfd extracts valdef.o for the pending COMMON val, gold does not'),
        S('common-vs-archive-fortran-common', 'common',
          'gcc {fuse} -Wl,--fortran-common com.o getonly.o -L. -lval -o {out}',
          linkers='lld', expect='ok', extracted=True,
          checks=[('extracted', 'lld', ['libval.a(valdef.o)'])],
          why='--fortran-common (lld\'s default before lld 15) pulls valdef.o for the COMMON val'),
        S('common-vs-archive-no-fortran-common', 'common',
          'gcc {fuse} -Wl,--no-fortran-common com.o getonly.o -L. -lval -o {out}',
          linkers='lld', expect='ok', extracted=True,
          checks=[('extracted', 'lld', [])],
          why='--no-fortran-common (lld 15\'s default): a COMMON symbol pulls no member'),
        S('common-vs-archive-common', 'common', 'gcc {fuse} com.o getonly.o -L. -lvalc -o {out}',
          expect='ok', extracted=True, checks=[('extracted', ALL, [])],
          why='the member defines val only as COMMON: no linker pulls it for a pending COMMON '
              '(lld --fortran-common and mold want a real data definition)'),
        S('common-two-files-fcommon', 'common',
          'gcc {fuse} tent1-common.o tent2-common.o -o {out}', expect='ok'),
        S('common-warn-common', 'common',
          'gcc {fuse} tent1-common.o tent2-common.o -Wl,--warn-common,--fatal-warnings -o {out}',
          expect='fail', why='--warn-common: two commons of one name are a warning, fatal here'),
        S('common-warn-common-definition', 'common',
          'gcc {fuse} tent1-common.o tent2-nocommon.o -Wl,--warn-common,--fatal-warnings -o {out}',
          expect='fail', why='--warn-common: a definition overriding a common is a warning'),
        S('common-no-warn-common', 'common',
          'gcc {fuse} tent1-common.o tent2-common.o -Wl,--fatal-warnings -o {out}', expect='ok'),
        S('common-two-files-fno-common', 'common',
          'gcc {fuse} tent1-nocommon.o tent2-nocommon.o -o {out}', expect='fail'),
    ]
    # -- duplicate definitions (A.4) --
    L += [
        S('dup-strong', 'dup', 'gcc {fuse} dup1.o dup2.o -o {out}', expect='fail'),
        S('dup-strong-g', 'dup', 'gcc {fuse} dup1-g.o dup2-g.o -o {out}', expect='fail'),
        S('dup-three-objects', 'dup', 'gcc {fuse} dup1.o dup2.o dup3.o -o {out}', expect='fail'),
        S('dup-noinhibit-exec', 'dup', 'gcc {fuse} dup1.o dup2.o -Wl,--noinhibit-exec -o {out}',
          expect='bfd:ok gold:ok lld:fail mold:ok',
          why='--noinhibit-exec: duplicates do not fail, but for lld'),
        S('dup-linkonce-thunk', 'dup', 'gcc {fuse} thunk-linkonce.o thunk-comdat.o dup1.o -o {out}',
          expect='bfd:fail gold:fail lld:ok mold:ok',
          why='lld and mold drop the .gnu.linkonce.t.__x86.get_pc_thunk.bx copy (glibc PR20543)'),
        S('dup-allow-multiple-definition', 'dup',
          'gcc {fuse} -Wl,--allow-multiple-definition dup1.o dup2.o -o {out}', expect='ok'),
        S('dup-z-muldefs', 'dup', 'gcc {fuse} -Wl,-z,muldefs dup1.o dup2.o -o {out}', expect='ok'),
        S('whole-archive-dup', 'dup',
          'gcc {fuse} wam.o -Wl,--whole-archive -L. -lwa -Wl,--no-whole-archive -o {out}',
          expect='fail'),
        S('archive-not-whole', 'dup', 'gcc {fuse} wam.o -L. -lwa -o {out}', expect='ok',
          extracted=True, checks=[('extracted', ALL, [])]),
    ]
    # -- C++ (A.5; raw names) --
    L += [
        S('cxx-comdat-inline', 'cxx', 'g++ {fuse} -Wl,--no-demangle comdat1.o comdat2.o -o {out}',
          expect='ok'),
        S('cxx-undefined-gxx', 'cxx', 'g++ {fuse} -Wl,--no-demangle missing.o -o {out}',
          expect='fail'),
        S('cxx-ok-gxx', 'cxx', 'g++ {fuse} -Wl,--no-demangle prog.o -o {out}', expect='ok'),
        S('cxx-cout-only', 'cxx', 'g++ {fuse} cout.o -o {out}', expect='ok', extracted=True,
          why='libstdc++.so\'s versioned references pull nothing from libgcc.a (bfd)'),
        S('cxx-ok-clangxx', 'cxx', 'clang++ {fuse} -Wl,--no-demangle prog-clang.o -o {out}',
          expect='ok', requires=['clang++']),
        S('cxx-undefined-clangxx', 'cxx',
          'clang++ {fuse} -Wl,--no-demangle missing-clang.o -o {out}', expect='fail',
          requires=['clang++']),
        S('cxx-c-mangling', 'cxx', 'g++ {fuse} -Wl,--no-demangle cxxcall.o cfunc.o -o {out}',
          expect='fail', checks=[('hint', ALL, '_Z5cfunci', 'c++')]),
    ]
    # -- visibility (A.6) --
    L += [
        S('hidden-def-in-dso', 'vis', 'gcc {fuse} usedef.o -L. -lhid -o {out}', expect='fail',
          checks=[('hint', ALL, 'def', 'hidden')]),
        S('hidden-ref-dso-only', 'vis', 'gcc {fuse} hidref.o -L. -ldef -o {out}', expect='fail',
          checks=[('hint', ALL, 'def', 'hidden-reference')]),
        S('default-def-in-dso', 'vis', 'gcc {fuse} usedef.o -L. -ldef -o {out}', expect='ok'),
        S('hidden-def-referenced-by-dso', 'vis', 'gcc {fuse} hiddef.o ./libusehfoo.so -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok',
          why='GNU ld: "hidden symbol `hfoo\' in hiddef.o is referenced by DSO"; the others link'),
        S('hidden-ref-dso-then-archive', 'vis', 'gcc {fuse} hidref.o ./libdef.so ./libdefa.a -o {out}',
          expect='bfd:ok gold:fail lld:ok mold:fail', extracted=True,
          checks=[('extracted', 'bfd lld', ['libdefa.a(def.o)'])],
          why='a hidden reference cannot bind to libdef.so: bfd and lld go on to the archive '
              'and pull def.o; gold and mold stop at the DSO'),
    ]
    # -- shared libraries as inputs (A.7) --
    L += [
        S('dso-before-archive', 'dso', 'gcc {fuse} useblk.o ./libblk.so ./libblk.a -o {out}',
          expect='ok', extracted=True, checks=[('extracted', ALL, [])]),
        S('archive-before-dso', 'dso', 'gcc {fuse} useblk.o ./libblk.a ./libblk.so -o {out}',
          expect='ok', extracted=True, checks=[('extracted', ALL, ['libblk.a(blkar.o)'])]),
        S('dso-as-needed', 'dso',
          'gcc {fuse} useblk.o -Wl,--as-needed -L. -lunused -lblk -Wl,--no-as-needed -o {out}',
          expect='ok'),
        S('dso-shlib-undefined', 'dso', 'gcc {fuse} m1.o ./libdep1u.so -o {out}',
          expect='bfd:fail gold:fail lld:fail mold:ok'),
        S('dso-allow-shlib-undefined', 'dso',
          'gcc {fuse} m1.o ./libdep1u.so -Wl,--allow-shlib-undefined -o {out}', expect='ok'),
        S('dso-shlib-undefined-shared', 'dso',
          'gcc {fuse} -shared m1.o ./libdep1u.so -o {out}', expect='ok'),
        S('dso-missing-from-command-line', 'dso', 'gcc {fuse} m2.o -L. -ldep1 -o {out}',
          expect='fail', checks=[('hint', 'bfd gold', 'dep2', 'indirect-dso')],
          why='dep2 is only in libdep2.so, a DT_NEEDED of libdep1.so; GNU ld says '
              '"DSO missing from command line"'),
        S('dso-as-needed-before-object', 'dso', 'gcc {fuse} ./libblk.so useblk.o -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok', checks=[('hint', 'bfd', 'blk', 'order')],
          why='Debian gcc passes --as-needed: GNU ld drops libblk.so, which nothing references '
              'yet when it is read'),
        S('dso-no-as-needed-before-object', 'dso',
          'gcc {fuse} -Wl,--no-as-needed ./libblk.so useblk.o -o {out}', expect='ok'),
        S('dso-as-needed-dep-before-user', 'dso', 'gcc {fuse} m1.o -L. -ldep2 -ldep1x -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok', checks=[('hint', 'bfd', 'dep2', 'order')],
          why='only libdep1x.so (no DT_NEEDED) uses libdep2.so, which comes first: GNU ld drops it'),
        S('dso-as-needed-dep-after-user', 'dso', 'gcc {fuse} m1.o -L. -ldep1x -ldep2 -o {out}',
          expect='ok'),
        S('dso-needed-not-in-L', 'dso', 'gcc {fuse} m1.o -L. -ldep1n -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok',
          why='libdep2.so, a DT_NEEDED of libdep1n.so (no RUNPATH), is only in -L .: GNU ld '
              'does not search -L for it ("not found"), so dep2 stays undefined; gold and lld '
              'do not check a DSO whose DT_NEEDED are not all inputs'),
        S('dso-needed-no-soname', 'dso', 'gcc {fuse} mu.o -L. -lneedu -ldep2 -o {out}',
          expect='bfd:fail gold:fail lld:fail mold:ok',
          why='libneedu.so needs libdep2.so, which has no DT_SONAME: lld and gold match it by '
              'file name, so they check libneedu.so and find nowhere() undefined'),
        S('shared-undefined', 'dso', 'gcc {fuse} -shared dep1.o -o {out}', expect='ok',
          checks=[('undefined_allowed', ALL)]),
        S('shared-z-defs', 'dso', 'gcc {fuse} -shared dep1.o -Wl,-z,defs -o {out}', expect='fail'),
        S('shared-no-undefined', 'dso', 'gcc {fuse} -shared dep1.o -Wl,--no-undefined -o {out}',
          expect='fail'),
        S('relocatable', 'rel', '{ld} -r part1.o part2.o -o {out}', expect='ok'),
        S('relocatable-gcc', 'rel', 'gcc {fuse} -r part1.o part2.o -o {out}', expect='ok'),
    ]
    # -- what the unresolved-symbol options leave out --
    for opt, obj, dso in (
            ('--unresolved-symbols=ignore-all', 'ok', 'bfd:ok gold:fail lld:ok mold:ok'),
            ('--unresolved-symbols=ignore-in-shared-libs', 'fail', 'bfd:ok gold:fail lld:ok mold:ok'),
            ('--unresolved-symbols=ignore-in-object-files', 'ok', 'bfd:fail gold:fail lld:fail mold:ok'),
            ('--warn-unresolved-symbols', 'ok', 'ok'),
            ('--warn-unresolved-symbols,--error-unresolved-symbols', 'fail',
             'bfd:fail gold:fail lld:fail mold:ok'),
            ('-z,undefs', 'bfd:ok gold:fail lld:ok mold:fail', 'bfd:fail gold:fail lld:fail mold:ok'),
            ('--ignore-unresolved-symbol=nowhere', 'bfd:ok gold:fail lld:fail mold:fail', None)):
        tag = opt.replace('--', '').replace(',', '-').replace('=', '-')
        L += [S(f'unres-{tag}-object', 'dso', f'gcc {{fuse}} un.o -Wl,{opt} -o {{out}}', expect=obj)]
        if dso:
            L += [S(f'unres-{tag}-dso', 'dso', f'gcc {{fuse}} m1.o ./libdep1u.so -Wl,{opt} -o {{out}}',
                    expect=dso)]
    # -- --gc-sections: references from removed sections do not count --
    G = '-Wl,--gc-sections'
    L += [
        S('gc-unused-function', 'gc', f'gcc {{fuse}} app-split.o {G} -o {{out}}', expect='ok',
          why='unused() and unused_data are in sections of their own that nothing keeps'),
        S('gc-off', 'gc', 'gcc {fuse} app-split.o -o {out}', expect='fail'),
        S('gc-one-text-section', 'gc', f'gcc {{fuse}} app-whole.o {G} -o {{out}}', expect='fail',
          why='without -ffunction-sections unused() shares .text with main()'),
        S('gc-export-dynamic', 'gc', f'gcc {{fuse}} app-split.o {G} -Wl,-E -o {{out}}', expect='fail',
          why='-E exports unused(): a root'),
        S('gc-undefined-root', 'gc', f'gcc {{fuse}} app-split.o {G} -Wl,-u,unused -o {{out}}',
          expect='fail'),
        S('gc-shared-z-defs', 'gc', f'gcc {{fuse}} -shared app-pic.o {G} -Wl,-z,defs -o {{out}}',
          expect='fail', why='a shared library exports unused(): a root'),
        S('gc-start-stop', 'gc', f'gcc {{fuse}} startstop.o {G} -o {{out}}', expect='fail',
          why='__start_gc_table keeps every gc_table section'),
        S('gc-start-stop-unreferenced', 'gc', f'gcc {{fuse}} startstop-noref.o {G} -o {{out}}',
          expect='bfd:ok gold:ok lld:ok mold:fail',
          why='mold 1.10 keeps every section whose name is a C identifier'),
        S('gc-constructor', 'gc', f'gcc {{fuse}} ctor.o {G} -o {{out}}', expect='fail',
          why='.init_array is never collected'),
        S('gc-archive-member', 'gc', f'gcc {{fuse}} uselib.o {G} -L. -lgc -o {{out}}', expect='ok',
          extracted=True, checks=[('extracted', ALL, ['libgc.a(lib.o)'])]),
    ]
    # -- -T scripts: their symbol statements (a static link with no start
    # files, so that GNU ld's layout without its default script holds) --
    T = '-nostdlib -static -Wl,-e,main'
    L += [
        S('tscript-extern', 'tscript', f'gcc {{fuse}} {T} main0.o -T extern.ld -L. -lb -o {{out}}',
          expect='bfd:ok gold:ok lld:ok mold:fail', extracted=True,
          checks=[('extracted', 'bfd gold lld', ['libb.a(b.o)'])],
          why='EXTERN(bar) is -u bar; mold 1.10 does not know EXTERN'),
        S('tscript-assign-archive', 'tscript', f'gcc {{fuse}} {T} mainab.o -T assign.ld -L. -lb -o {{out}}',
          expect='bfd:fail gold:ok lld:ok mold:fail',
          why='bfd evaluates sym_a = barv after loading, so nothing pulls b.o for barv'),
        S('tscript-provide', 'tscript', f'gcc {{fuse}} {T} mainab.o -T provide.ld -o {{out}}',
          expect='bfd:ok gold:ok lld:ok mold:fail',
          why='an unused PROVIDE reads nothing, even a name nothing defines'),
        S('tscript-discard', 'tscript', 'gcc {fuse} main0.o u.o -T discard.ld -o {out}',
          expect='bfd:ok gold:fail lld:ok mold:fail',
          why='/DISCARD/ drops .text.unused and its reference; gold cannot parse INSERT'),
        S('tscript-assignment-input', 'tscript', 'gcc {fuse} -shared alias.txt b.o -o {out}',
          why='a file that starts with an assignment is a linker script (no -T needed)'),
        S('tscript-version-script-from-L', 'tscript',
          'gcc {fuse} -shared b.o -Lvs -Wl,--version-script,v.ver -o {out}', expect='ok',
          why='a script not in the current directory is looked for in the -L directories'),
        S('tscript-input', 'tscript', f'gcc {{fuse}} {T} main0.o -T input.ld -o {{out}}',
          expect='bfd:ok gold:fail lld:ok mold:fail', why='gold 1.16: internal error on INPUT in -T'),
        S('tscript-missing', 'tscript', f'gcc {{fuse}} {T} main0.o -T nosuch.ld -o {{out}}', expect='fail'),
    ]
    # -- --start-lib/--end-lib: objects loaded like archive members --
    SL, EL = '-Wl,--start-lib', '-Wl,--end-lib'
    L += [
        S('startlib-unreferenced', 'startlib', f'gcc {{fuse}} main.o {SL} foo.o baz.o {EL} -o {{out}}',
          expect='bfd:fail gold:ok lld:ok mold:ok',
          why='baz.o is never loaded, so nowhere() fails nothing; bfd refuses --start-lib'),
        S('startlib-before-reference', 'startlib', f'gcc {{fuse}} {SL} foo.o {EL} main.o -o {{out}}',
          expect='bfd:fail gold:fail lld:ok mold:ok',
          why='gold visits the group once, like an archive'),
        S('startlib-no-duplicate', 'startlib', f'gcc {{fuse}} main.o {SL} foo.o foo2.o {EL} -o {{out}}',
          expect='bfd:fail gold:ok lld:ok mold:ok', why='only the first foo is loaded'),
    ]
    # -- symbols named on the command line --
    L += [
        S('require-defined-archive', 'cmdsym', 'gcc {fuse} main.o -Wl,--require-defined=foo -L. -lf -o {out}',
          expect='bfd:ok gold:fail lld:fail mold:ok', extracted=True,
          checks=[('extracted', 'bfd mold', ['libf.a(f.o)'])],
          why='like -u it pulls f.o; gold 1.16 and lld 14 do not know the option'),
        S('require-defined-missing', 'cmdsym', 'gcc {fuse} main.o -Wl,--require-defined=nosuch -o {out}',
          expect='fail'),
        S('require-defined-dso', 'cmdsym', 'gcc {fuse} main.o -Wl,--require-defined=foo ./libfs.so -o {out}',
          expect='bfd:fail gold:fail lld:fail mold:ok',
          why='bfd wants a definition in a regular object; mold takes the library\'s'),
        S('defsym-archive', 'cmdsym', 'gcc {fuse} main.o -Wl,--defsym,alias=foo -L. -lf -o {out}',
          expect='ok', extracted=True,
          checks=[('extracted', 'bfd gold lld', ['libf.a(f.o)']), ('extracted', 'mold', [])],
          why='the name an expression reads pulls its member (mold 1.10 aliases it, pulls nothing)'),
        S('defsym-dso', 'cmdsym', 'gcc {fuse} main.o -Wl,--defsym,alias=foo ./libfs.so -o {out}',
          expect='bfd:fail gold:fail lld:fail mold:ok',
          why='a shared library\'s definition has no value at link time'),
        S('defsym-expression', 'cmdsym', 'gcc {fuse} main.o -Wl,--defsym,alias=foo+4 -L. -lf -o {out}',
          expect='bfd:ok gold:ok lld:ok mold:fail', why='mold 1.10 takes only a number or a name'),
        S('defsym-undefined', 'cmdsym', 'gcc {fuse} main.o -Wl,--defsym,alias=nosuch -o {out}',
          expect='fail', why='mold 1.10 crashes'),
        S('defsym-syntax', 'cmdsym', 'gcc {fuse} main.o -Wl,--defsym,alias=1+ -o {out}', expect='fail'),
        S('undefined-glob', 'cmdsym', 'gcc {fuse} main.o -Wl,--undefined-glob=fo* -L. -lf -o {out}',
          expect='bfd:fail gold:fail lld:ok mold:fail', extracted=True,
          checks=[('extracted', 'lld', ['libf.a(f.o)', 'libf.a(g.o)'])],
          why='lld pulls every member whose index names match fo*; the others refuse the option'),
    ]
    # -- --wrap --
    W = '-Wl,--wrap=foo'
    L += [
        S('wrap-all-there', 'wrap', f'gcc {{fuse}} main.o wrapper.o foo.o {W} -o {{out}}', expect='ok'),
        S('wrap-no-wrapper', 'wrap', f'gcc {{fuse}} main.o foo.o {W} -o {{out}}', expect='fail',
          why='the call to foo is a call to __wrap_foo, which nothing defines'),
        S('wrap-no-real', 'wrap', f'gcc {{fuse}} main.o wrapper.o {W} -o {{out}}', expect='fail',
          why='__real_foo is foo, which nothing defines'),
        S('wrap-archives', 'wrap', f'gcc {{fuse}} main.o {W} -L. -lwrapper -lfoo -o {{out}}',
          expect='ok', extracted=True,
          checks=[('extracted', ALL, ['libwrapper.a(wrapper.o)', 'libfoo.a(foo.o)'])]),
        S('wrap-archives-order', 'wrap', f'gcc {{fuse}} main.o {W} -L. -lfoo -lwrapper -o {{out}}',
          expect='bfd:fail gold:fail lld:ok mold:ok', checks=[('hint', 'bfd gold', 'foo', 'order')],
          why='__real_foo in libwrapper.a is foo, and libfoo.a came first'),
    ]
    # -- options a linker refuses (scripts/gen-ldopts.py) --
    L += [
        S('option-image-base', 'sysroot', 'gcc {fuse} main.o -Wl,--image-base=0x400000 '
          '-Wl,--sysroot=sr -L=/opt/lib -lfoo -o {out}', expect='bfd:fail gold:fail lld:ok mold:ok',
          why='--image-base is a PE option for bfd; gold does not know it'),
        S('option-icf', 'sysroot', 'gcc {fuse} main.o -Wl,--icf=all -Lsr/opt/lib -lfoo -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok'),
        S('option-library-joined', 'sysroot', 'gcc {fuse} main.o -Lsr/opt/lib -Wl,--library=foo -o {out}',
          expect='bfd:ok gold:ok lld:ok mold:fail', why='mold 1.10 knows -l but not --library'),
        S('option-one-dash', 'sysroot', 'gcc {fuse} main.o -Wl,-no-relax -Lsr/opt/lib -lfoo -o {out}',
          expect='bfd:ok gold:ok lld:fail mold:ok',
          why='lld knows --no-relax only with two dashes'),
        S('option-gdb-index', 'sysroot', 'gcc {fuse} main.o -Wl,--gdb-index -Lsr/opt/lib -lfoo -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok',
          why='an option of the others that bfd does not know'),
    ]
    # -- --sysroot and the -L prefixes --
    L += [
        S('sysroot-L-equals', 'sysroot',
          'gcc {fuse} --sysroot=sr -nostdlib -Wl,-e,main main.o -L=/opt/lib -lfoo -o {out}',
          expect='bfd:ok gold:fail lld:ok mold:ok',
          why='"=" names a directory inside the sysroot for bfd, lld and mold; gold 2.40 '
              'opens "=/opt/lib" literally'),
        S('sysroot-L-dollar-sysroot', 'sysroot',
          'gcc {fuse} --sysroot=sr -nostdlib -Wl,-e,main main.o -L$SYSROOT/opt/lib -lfoo -o {out}',
          expect='bfd:ok gold:fail lld:fail mold:ok',
          why='"$SYSROOT" is a sysroot prefix for bfd and mold only'),
        S('sysroot-L-equals-relative', 'sysroot',
          'gcc {fuse} --sysroot=sr/ -nostdlib -Wl,-e,main main.o -L=opt/lib -lfoo -o {out}',
          why='"=DIR" is the sysroot as written, then DIR: sr/ and opt/lib make sr/opt/lib'),
        S('sysroot-script-inside', 'sysroot',
          'gcc {fuse} --sysroot=bin/../sr -nostdlib -Wl,-e,main main.o sr/in.script -o {out}',
          why='a script inside the sysroot (compared by real path) names files inside it'),
    ]
    # -- linker scripts, -B, -l: (A.1) --
    L += [
        S('ldscript-group', 'ldscript', 'gcc {fuse} main.o -L. -lcustom -o {out}', expect='ok',
          extracted=True),
        S('empty-input-file', 'ldscript', 'gcc {fuse} main.o empty.o -L. -lcustom -o {out}',
          expect='bfd:ok gold:fail lld:ok mold:fail',
          why='a 0-byte file is an empty linker script for bfd and lld; gold says "file is '
              'empty", mold "unknown file type"'),
        S('empty-library', 'ldscript', 'gcc {fuse} main.o -L. -lempty -lcustom -o {out}',
          expect='bfd:ok gold:fail lld:ok mold:fail'),
        S('ldscript-group-undefined', 'ldscript', 'gcc {fuse} nowhere.o -L. -lcustom -o {out}',
          expect='fail'),
        S('bstatic-picks-archive', 'bstatic',
          'gcc {fuse} main.o -L. -Wl,-Bstatic -lpick -Wl,-Bdynamic -o {out}', expect='ok',
          extracted=True),
        S('bdynamic-picks-so', 'bstatic', 'gcc {fuse} main.o -L. -lpick -o {out}', expect='fail'),
        S('l-colon-exact-file', 'bstatic', 'gcc {fuse} main.o -L. -l:libpick.a -o {out}',
          expect='ok', extracted=True),
    ]
    # -- symbol versions (A.8) --
    L += [
        S('ver-objects', 'ver', 'gcc {fuse} main.o lib.o -o {out}', expect='ok'),
        S('ver-dso-default', 'ver', 'gcc {fuse} main.o -L. -lver -o {out}', expect='ok'),
        S('ver-dso-explicit-v1', 'ver', 'gcc {fuse} v1ref.o -L. -lver -o {out}', expect='ok'),
        S('ver-dso-missing-version', 'ver', 'gcc {fuse} v3ref.o -L. -lver -o {out}',
          expect='fail'),
        S('ver-shared-no-script', 'ver', 'gcc {fuse} -shared lib.o -o {out}', expect='fail'),
        S('ver-shared-script', 'ver', 'gcc {fuse} -shared lib.o -Wl,--version-script=lib.map -o {out}',
          expect='ok'),
        S('ver-shared-script-no-node', 'ver',
          'gcc {fuse} -shared lib.o -Wl,--version-script=v1only.map -o {out}', expect='fail',
          why='the script names V1 only: foo@@V2 has no node'),
        S('ver-script-syntax', 'ver', 'gcc {fuse} -shared lib.o -Wl,--version-script=broken.map -o {out}',
          expect='fail'),
        S('ver-script-missing', 'ver', 'gcc {fuse} -shared lib.o -Wl,--version-script=nosuch.map -o {out}',
          expect='fail'),
        S('ver-empty-version', 'ver', 'gcc {fuse} -shared emptyver.o -o {out}',
          expect='bfd:ok gold:ok lld:fail mold:ok',
          why='"bar1@" and "bar2@@" have an empty version: no version node is needed (lld wants one for @@)'),
        S('ver-two-defaults-one-object', 'ver', 'gcc {fuse} usez.o twodef.o -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok'),
        S('ver-two-defaults-two-objects', 'ver', 'gcc {fuse} usez.o twodef1.o twodef2.o -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok'),
    ]
    # -- GCC LTO objects (slim) --
    L += [
        S('lto-gcc-objects', 'lto', 'gcc {fuse} -flto main.o foo.o -o {out}',
          expect='bfd:ok gold:ok lld:fail mold:ok',
          why='GCC\'s plugin reports the slim objects\' symbols; lld does not load it'),
        S('lto-gcc-undefined', 'lto', 'gcc {fuse} -flto main.o -o {out}', expect='fail'),
        S('lto-gcc-archive', 'lto', 'gcc {fuse} -flto main.o -L. -lfoo -o {out}',
          expect='bfd:ok gold:ok lld:fail mold:ok',
          checks=[('extracted', 'bfd gold mold', ['libfoo.a(foo.o)'])],
          why='the archive index (ar with the plugin) names foo, the member is an LTO object '
              '(gold\'s and mold\'s traces do not show a member the plugin claims)'),
        S('lto-gcc-defsym', 'lto', 'gcc {fuse} -flto main.o foo.o -Wl,--defsym,alias=foo -o {out}',
          linkers='bfd gold mold', expect='ok'),
    ]
    # -- the entry symbol --
    L += [
        S('entry-archive', 'entry', 'gcc {fuse} main.o -Wl,-e,myentry -L. -lentry -o {out}',
          expect='ok', extracted=True,
          checks=[('extracted', ALL, ['libentry.a(entry.o)'])],
          why='-e pulls the member that defines the entry symbol, as -u does'),
        S('entry-dso-needed', 'entry', 'gcc {fuse} main.o -Wl,-e,myentry -L. -lentryso -o {out}',
          expect='ok', why='bound to an --as-needed DSO, the entry symbol makes it needed in lld '
                           'and mold (DT_NEEDED compared), not in bfd and gold'),
        S('entry-dso-u-needed', 'entry', 'gcc {fuse} main.o -Wl,-u,myentry -L. -lentryso -o {out}',
          expect='ok', why='a -u name bound to an --as-needed DSO makes it needed only in mold'),
        S('entry-missing-fatal', 'entry', 'gcc {fuse} main.o -Wl,-e,nosuch,--fatal-warnings -o {out}',
          expect='bfd:fail gold:fail lld:fail mold:ok',
          why='"cannot find entry symbol" is a warning; mold says nothing'),
        S('entry-dso-fatal', 'entry',
          'gcc {fuse} main.o -Wl,-e,myentry,--fatal-warnings -L. -lentryso -o {out}',
          expect='bfd:fail gold:ok lld:ok mold:ok',
          why='bfd wants the entry symbol from a regular object'),
        S('entry-shared-fatal', 'entry',
          'gcc {fuse} -shared main.o -Wl,-e,nosuch,--fatal-warnings -o {out}',
          expect='bfd:fail gold:ok lld:fail mold:ok',
          why='gold warns about a missing entry symbol only in an executable'),
        S('entry-nostartfiles-fatal', 'entry',
          'gcc {fuse} -nostartfiles main.o -Wl,--fatal-warnings -o {out}',
          expect='bfd:fail gold:ok lld:fail mold:ok',
          why='no _start: bfd and lld warn, gold and mold do not'),
        S('entry-nostartfiles-shared', 'entry',
          'gcc {fuse} -shared -nostartfiles main.o -Wl,--fatal-warnings -o {out}',
          expect='ok', why='the default _start is not looked for in a shared library'),
        S('entry-script-archive', 'entry', 'gcc {fuse} main.o -Wl,-T,entry.ld -L. -lentry -o {out}',
          linkers='gold lld', expect='ok', extracted=True,
          checks=[('extracted', 'gold lld', ['libentry.a(entry.o)'])],
          why='ENTRY() pulls like -e (bfd fails on the layout of so short a script, mold refuses ENTRY)'),
    ]
    # -- wrong architecture (A.9) --
    L += [
        S('arch-search-skips', 'arch', 'gcc {fuse} main.o -Larm -Lx86 -lfoo -o {out}',
          expect='bfd:ok gold:fail lld:fail mold:ok'),
        S('arch-search-skips-fatal-warnings', 'arch',
          'gcc {fuse} main.o -Larm -Lx86 -lfoo -Wl,--fatal-warnings -o {out}', expect='fail',
          why='bfd and mold warn "skipping incompatible": --fatal-warnings makes it an error'),
        S('arch-cannot-find', 'arch', 'gcc {fuse} main.o -Larm -lfoo -o {out}', expect='fail'),
        S('arch-explicit-object', 'arch', 'gcc {fuse} main.o arm/foo.o -o {out}', expect='fail',
          checks=[('incompat', ALL, 'arm/foo.o', None, True)]),
        S('arch-explicit-archive', 'arch', 'gcc {fuse} main.o arm/libfoo.a -o {out}',
          expect='fail', checks=[('incompat', ALL, 'arm/libfoo.a', 'foo.o', True)]),
        S('arch-explicit-dso', 'arch', 'gcc {fuse} main.o arm/libfoo.so -o {out}', expect='fail',
          checks=[('incompat', ALL, 'arm/libfoo.so', None, True)]),
        S('arch-mixed-archive-member-needed', 'mix', aarch64_cmd('m_need.o -L. -lmix'),
          expect='fail', checks=[('incompat', ALL, 'libmix.a', 'x1.o', True)]),
        S('arch-mixed-archive-member-not-needed', 'mix', aarch64_cmd('m_ok.o -L. -lmix'),
          expect='ok', checks=[('incompat', ALL, 'libmix.a', 'x1.o', False)]),
    ]
    # -- cross links --
    for t, lk in (('aarch64', 'bfd gold'), ('riscv64', 'bfd')):
        cc = f'{t}-linux-gnu-gcc {{fuse}}'
        req = [f'{t}-linux-gnu-gcc']
        L += [
            S(f'cross-{t}-ok', 'cross', f'{cc} {t}/main.o {t}/twice.o -o {{out}}', lk,
              expect='ok', requires=req),
            S(f'cross-{t}-archive', 'cross', f'{cc} {t}/main.o -L{t} -ltwice -o {{out}}', lk,
              expect='ok', requires=req, extracted=True),
            S(f'cross-{t}-duplicate', 'cross',
              f'{cc} {t}/main.o {t}/twice.o {t}/twice_again.o -o {{out}}', lk,
              expect='fail', requires=req),
            S(f'cross-{t}-undefined', 'cross', f'{cc} {t}/undef.o -o {{out}}', lk,
              expect='fail', requires=req),
        ]
    # -- static, musl, Go --
    L += [
        S('static-glibc', 'static', 'gcc {fuse} -static hello.o -o {out}', expect='ok'),
        S('static-undefined', 'static', 'gcc {fuse} -static sundef.o -o {out}', expect='fail'),
        S('undefined-noinhibit-exec', 'static', 'gcc {fuse} sundef.o -Wl,--noinhibit-exec -o {out}',
          expect='ok', why='--noinhibit-exec: undefined symbols do not fail'),
        S('static-cxx-exception', 'static', 'g++ {fuse} -static throw.o -o {out}', expect='ok',
          why='__tls_get_addr calls of libstdc++.a are relaxed away in an executable'),
        S('static-tls-gd', 'static', 'gcc {fuse} -static tlsgd.o -o {out}', expect='ok',
          why='a -fPIC general-dynamic access needs no __tls_get_addr in an executable'),
        S('shared-tls-gd', 'static', 'gcc {fuse} -shared -nostdlib tlsgd.o -Wl,-z,defs -o {out}',
          expect='bfd:fail gold:ok lld:fail mold:fail',
          why='a shared library keeps the __tls_get_addr call; gold never reports it'),
        S('musl-ok', 'musl', 'musl-gcc {fuse} fort-musl.o -o {out}', expect='ok'),
        S('musl-glibc-fortified', 'musl', 'musl-gcc {fuse} fort-glibc.o -o {out}',
          expect='fail', checks=[('note', ALL, 'libc')],
          why='objects compiled against glibc headers with _FORTIFY_SOURCE need __*_chk'),
        S('go-two-c-archives', 'go', 'gcc {fuse} main_ab.o liba.a libb.a -o {out}',
          expect='fail', checks=[('note', ALL, 'go')]),
        S('go-one-c-archive', 'go', 'gcc {fuse} main_a.o liba.a -o {out}', expect='ok'),
        S('go-c-shared', 'go', 'gcc {fuse} main_s.o -L. -lgoshared -o {out}', expect='ok'),
    ]
    return L


# --- running things ------------------------------------------------------------

def base_env():
    env = dict(os.environ)
    for k in ('LD_LIBRARY_PATH', 'LD_PRELOAD', 'LIBRARY_PATH', 'GCC_EXEC_PREFIX',
              'COMPILER_PATH', 'LD_RUN_PATH', 'GCC_COLORS', 'MOLD_JOBS'):
        env.pop(k, None)
    env['LC_ALL'] = 'C'
    env['LANG'] = 'C'
    return env


def run(argv, cwd, env=None, timeout=T_LINK):
    """(rc, stdout, stderr); rc is 'timeout' or 'oserror' when it did not run."""
    try:
        p = subprocess.run(argv, cwd=cwd, env=env or base_env(), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return 'timeout', '', f'timed out after {timeout}s'
    except OSError as e:
        return 'oserror', '', str(e)


def is_linker(prog):
    b = os.path.basename(prog)
    return bool(re.match(r'^(?:[\w.+-]+-)?(?:ld(?:\.bfd|\.gold|\.lld)?|mold|ld\.mold|lld|collect2)$', b))


def q(argv):
    return ' '.join(shlex.quote(a) for a in argv)


# --- parsing the real linkers' messages ------------------------------------------

PREFIX_RE = re.compile(r'^(?:\S*/)?(?:[\w.+-]+-)?(?:ld(?:\.bfd|\.gold|\.lld)?|ld\.lld|mold|lld): ')
DRIVER_RE = re.compile(r'^(?:collect2|clang(?:\+\+)?|gcc|g\+\+|cc|c\+\+)(?:-\d+)?: ')
SRC_RE = re.compile(r'\.(?:c|cc|cpp|cxx|C|s|S|go|h|hh)$')
MEMBER_RE = re.compile(r'^(.*)\(([^()]+)\)$')
DSO_RE = r'(\S+\.so(?:\.[0-9.]+)?)'


class Oracle:
    def __init__(self, linker, rc, out, err):
        self.linker = linker
        self.rc = rc
        self.stdout = out
        self.stderr = err
        self.dups = {}        # name -> set of "file" / "archive(member)"
        self.undef = {}       # name -> {'hidden': bool|None, 'from_dso': str|None}
        self.incompat = []    # dicts: file, member, fatal, by_search, lib, text
        self.reasons = []     # (kind, arg, line)
        self.other = []       # error/warning lines no rule above understood
        self.truncated = False
        self.extracted = None  # set of "archive(member)" from a traced link
        self.output_kind = None
        self.needed = None      # DT_NEEDED of the output, when it linked

    @property
    def verdict(self):
        return 'ok' if self.rc == 0 else 'fail'

    def add_undef(self, name, hidden=False, from_dso=None):
        e = self.undef.setdefault(name, {'hidden': False, 'from_dso': None})
        if hidden:
            e['hidden'] = True
        if from_dso:
            e['from_dso'] = from_dso

    def add_dup(self, name, *files):
        s = self.dups.setdefault(name, set())
        for f in files:
            if f:
                s.add(f)

    def add_incompat(self, token, fatal, by_search=False, lib=None, text=''):
        f, m = split_member(token)
        for e in self.incompat:
            if e['file'] == f and e['member'] == m:
                e['fatal'] = e['fatal'] or fatal
                return e
        e = {'file': f, 'member': m, 'fatal': fatal, 'by_search': by_search, 'lib': lib,
             'text': text}
        self.incompat.append(e)
        return e


def split_member(token):
    m = MEMBER_RE.match(token)
    if m:
        return m.group(1), m.group(2)
    return token, None


def strip_prefix(line):
    m = PREFIX_RE.match(line)
    return (line[m.end():], True) if m else (line, False)


def obj_token(body):
    """The file at the start of 'FILE:LOCATION: ...' (None if it is a source file)."""
    tok = body.split(':', 1)[0]
    if not tok or tok.startswith('(') or SRC_RE.search(tok):
        return None
    return tok


def parse_bfd(o, text):
    ctx = None
    reloc = {}   # archive -> member from "A(M): Relocations in generic ELF"
    for line in text.splitlines():
        if DRIVER_RE.match(line):
            continue
        body, pref = strip_prefix(line)
        m = re.match(r"^(.*): in function `.*':$", body)
        if m:
            ctx = m.group(1)
            continue
        m = re.search(r"multiple definition of `(.+?)'", body)
        if m:
            first = obj_token(body) if pref else None
            f2 = re.search(r"; ([^:;]+):.*first defined here", body)
            o.add_dup(m.group(1), first or ctx, f2.group(1) if f2 else None)
            continue
        m = re.match(DSO_RE + r": undefined reference to `(.+?)'$", body)
        if m:
            o.add_undef(m.group(2), from_dso=m.group(1))
            continue
        m = re.search(r"undefined reference to symbol '(.+?)'", body)
        if m:
            o.add_undef(m.group(1).split('@')[0])
            continue
        m = re.search(r"(?:more )?undefined references? to `(.+?)'", body)
        if m:
            o.add_undef(m.group(1))
            continue
        m = re.search(r"hidden symbol `(.+?)' isn't defined", body)
        if m:
            o.add_undef(m.group(1), hidden=True)
            continue
        m = re.match(r'^skipping incompatible (.+) when searching for -l(\S+)$', body)
        if m:
            o.add_incompat(m.group(1), False, True, '-l' + m.group(2), body)
            continue
        m = re.match(r'^(.+): Relocations in generic ELF \(EM: \d+\)$', body)
        if m:
            f, mem = split_member(m.group(1))
            if mem:
                reloc[f] = mem
            continue
        m = re.match(r'^(.+): error adding symbols: file in wrong format$', body)
        if m:
            tok = m.group(1)
            if tok in reloc:
                tok = f'{tok}({reloc[tok]})'
            o.add_incompat(tok, True, text=body)
            continue
        m = re.search(r'cannot find -l(:?[^\s:]+)', body)
        if m:
            o.reasons.append(('cannot-find', m.group(1), body))
            continue
        m = re.match(r'^(.+): error adding symbols: archive has no index', body)
        if m:
            o.reasons.append(('no-index', m.group(1), body))
            continue
        m = re.match(r'^(.+): error adding symbols: DSO missing from command line', body)
        if m:
            o.reasons.append(('dso-missing', m.group(1), body))
            continue
        m = re.match(r"^.+: (?:hidden|internal) symbol `(.+)' in .+ is referenced by DSO$", body)
        if m:
            o.reasons.append(('refdso', m.group(1), body))
            continue
        if re.search(r'error|fatal|warning', body):
            o.other.append(body)


def parse_gold(o, text):
    last_dup = None
    for line in text.splitlines():
        if DRIVER_RE.match(line):
            continue
        body, _ = strip_prefix(line)
        m = re.match(r"^error: (.+): multiple definition of '(.+?)'$", body)
        if m:
            last_dup = m.group(2)
            o.add_dup(last_dup, m.group(1))
            continue
        m = re.match(r'^(.+): previous definition here$', body)
        if m and last_dup:
            o.add_dup(last_dup, m.group(1))
            continue
        m = re.match(DSO_RE + r": error: undefined reference to '(.+?)'(?:, version '(.+?)')?$", body)
        if m:
            o.add_undef(m.group(2) + ('@' + m.group(3) if m.group(3) else ''), from_dso=m.group(1))
            continue
        m = re.search(r"undefined reference to '(.+?)'(?:, version '(.+?)')?", body)
        if m:
            o.add_undef(m.group(1) + ('@' + m.group(2) if m.group(2) else ''))
            continue
        m = re.search(r"hidden symbol '(.+?)' is not defined locally", body)
        if m:
            o.add_undef(m.group(1), hidden=True)
            continue
        m = re.match(r'^(?:fatal )?error: (.+): unsupported ELF machine number \d+$', body)
        if m:
            o.add_incompat(m.group(1), True, text=body)
            continue
        m = re.match(r'^(?:fatal )?error: (.+): incompatible target$', body)
        if m:
            o.add_incompat(m.group(1), True, text=body)
            continue
        m = re.search(r'cannot find -l(:?[^\s:]+)', body)
        if m:
            o.reasons.append(('cannot-find', m.group(1), body))
            continue
        m = re.match(r'^(?:fatal )?error: (.+): no archive symbol table', body)
        if m:
            o.reasons.append(('no-index', m.group(1), body))
            continue
        if re.search(r'error|fatal|warning', body):
            o.other.append(body)


def lld_def_file(loc):
    """'dup1.o:(dup)' / 'wa1.o:(.text+0x0) in archive ./libwa.a' -> file."""
    m = re.match(r'^(.*?):\(.*\)(?: in archive (.+))?$', loc.strip())
    if not m:
        return None
    return f'{m.group(2)}({m.group(1)})' if m.group(2) else m.group(1)


def parse_lld(o, text):
    lines = text.splitlines()
    cur_dup = None
    for i, line in enumerate(lines):
        if DRIVER_RE.match(line):
            continue
        if line.startswith('>>> defined at ') and cur_dup:
            nxt = lines[i + 1] if i + 1 < len(lines) else ''
            if nxt.startswith('>>> ') and not nxt.startswith('>>> defined'):
                o.add_dup(cur_dup, lld_def_file(nxt[4:]))
            else:
                o.add_dup(cur_dup, lld_def_file(line[len('>>> defined at '):]))
            continue
        if line.startswith('>>>') or not line.strip():
            continue
        cur_dup = None
        body, _ = strip_prefix(line)
        if 'too many errors emitted' in body:
            o.truncated = True
            continue
        m = re.match(r'^error: duplicate symbol: (.+)$', body)
        if m:
            cur_dup = m.group(1)
            o.add_dup(cur_dup)
            continue
        m = re.match(r'^error: undefined (hidden |protected )?symbol: (.+)$', body)
        if m:
            o.add_undef(m.group(2), hidden=m.group(1) == 'hidden ')
            continue
        m = re.match(r'^error: (.+): undefined reference to (\S+) \[--no-allow-shlib-undefined\]$', body)
        if m:
            o.add_undef(m.group(2), from_dso=m.group(1))
            continue
        # lld 15+: the DSO on the next line
        m = re.match(r'^error: undefined reference due to --no-allow-shlib-undefined: (\S+)$', body)
        if m:
            nxt = lines[i + 1] if i + 1 < len(lines) else ''
            o.add_undef(m.group(1), from_dso=nxt[len('>>> referenced by '):].strip()
                        if nxt.startswith('>>> referenced by ') else None)
            continue
        m = re.match(r'^error: (.+) is incompatible with \S+$', body)
        if m:
            o.add_incompat(m.group(1), True, text=body)
            continue
        m = re.search(r'unable to find library -l(\S+)', body)
        if m:
            o.reasons.append(('cannot-find', m.group(1), body))
            continue
        if re.search(r'error|fatal|warning', body):
            o.other.append(body)


def parse_mold(o, text):
    for line in text.splitlines():
        if DRIVER_RE.match(line) or line.startswith('>>>'):
            continue
        body, _ = strip_prefix(line)
        # a warning under --noinhibit-exec
        m = re.match(r'^(?:error|fatal|warning): duplicate symbol: (.+)$', body)
        if m:
            parts = m.group(1).rsplit(': ', 2)
            if len(parts) == 3:
                o.add_dup(parts[2], parts[0], parts[1])
            else:
                o.add_dup(parts[-1])
            continue
        m = re.match(r'^(?:error|fatal): undefined symbol: (.+)$', body)
        if m:
            o.add_undef(m.group(1), hidden=None)
            continue
        m = re.match(r'^warning: (.+): skipping incompatible file \S+ \d+$', body)
        if m:
            o.add_incompat(m.group(1), False, True, text=body)
            continue
        m = re.match(r'^(?:error|fatal): (.+): incompatible file type: .*$', body)
        if m:
            o.add_incompat(m.group(1), True, text=body)
            continue
        m = re.search(r'library not found: (\S+)', body)
        if m:
            o.reasons.append(('cannot-find', m.group(1), body))
            continue
        if re.search(r'error|fatal|warning', body):
            o.other.append(body)


PARSERS = {'bfd': parse_bfd, 'gold': parse_gold, 'lld': parse_lld, 'mold': parse_mold}


def parse_trace(linker, text, mapfile):
    """Archive members a successful link loaded: 'archive(member)', as printed."""
    out = set()
    if linker == 'mold':
        try:
            with open(mapfile, encoding='utf-8', errors='replace') as f:
                data = f.read()
        except OSError:
            return None
        for m in re.finditer(r'(\S+?\.a)\(([^()\s]+)\):\(', data):
            out.add(f'{m.group(1)}({m.group(2)})')
        return out
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('trace: '):
            line = line[7:]
        m = re.match(r'^\((.+\.a)\)(\S+)$', line)          # bfd -t -t
        if m:
            out.add(f'{m.group(1)}({m.group(2)})')
            continue
        m = re.match(r'^(\S+\.a)\(([^()]+)\)$', line)       # gold, lld -t
        if m:
            out.add(f'{m.group(1)}({m.group(2)})')
    return out


def dt_needed(path):
    """The DT_NEEDED names of a linked output (readelf -d), or None."""
    r = subprocess.run(['readelf', '-dW', path], capture_output=True, text=True,
                       env={**os.environ, 'LC_ALL': 'C'})
    if r.returncode != 0:
        return None
    return re.findall(r'\(NEEDED\)\s+Shared library: \[(.+?)\]', r.stdout)


def elf_kind(path):
    """exec / pie / shared / relocatable from an ELF file, or None."""
    try:
        with open(path, 'rb') as f:
            h = f.read(64)
            if len(h) < 52 or h[:4] != b'\x7fELF':
                return None
            cls, data = h[4], h[5]
            end = '<' if data == 1 else '>'
            etype = struct.unpack_from(end + 'H', h, 16)[0]
            if etype == 1:
                return 'relocatable'
            if etype == 2:
                return 'exec'
            if etype != 3:
                return None
            if cls == 2:
                phoff, = struct.unpack_from(end + 'Q', h, 32)
                phentsize, phnum = struct.unpack_from(end + 'HH', h, 54)
            else:
                phoff, = struct.unpack_from(end + 'I', h, 28)
                phentsize, phnum = struct.unpack_from(end + 'HH', h, 42)
            f.seek(phoff)
            ph = f.read(phentsize * phnum)
            for i in range(phnum):
                if struct.unpack_from(end + 'I', ph, i * phentsize)[0] == 3:  # PT_INTERP
                    return 'pie'
            return 'shared'
    except (OSError, struct.error):
        return None


def real_link(scen, linker, cwd):
    return real_link_argv(scen.argv(linker), linker, cwd, scen.extracted,
                          f'{scen.name}.{linker}')


def output_of(argv):
    for i, x in enumerate(argv):
        if x == '-o' and i + 1 < len(argv):
            return argv[i + 1]
        if x.startswith('-o') and len(x) > 2:
            return x[2:]
    return 'a.out'


def without_undef_warnings(text):
    """The linker's stderr less the undefined symbols it only warns about
    (--warn-unresolved-symbols: "warning: undefined reference ..."), and the
    "in function" context line before each: they fail nothing."""
    lines = text.splitlines()
    keep = []
    for i, line in enumerate(lines):
        if re.search(r'warning: undefined (reference|symbol)', line):
            if keep and re.search(r"in function [`']", keep[-1]):
                keep.pop()
            continue
        keep.append(line)
    return '\n'.join(keep) + ('\n' if text.endswith('\n') else '')


def real_link_argv(argv, linker, cwd, trace, tag):
    direct = is_linker(argv[0])
    out = os.path.join(cwd, output_of(argv))
    try:
        os.unlink(out)
    except OSError:
        pass
    rc, so, se = run(argv, cwd)
    o = Oracle(linker, rc, so, se)
    PARSERS[linker](o, without_undef_warnings(se))
    if o.truncated and linker == 'lld':
        # The oracle wants every error; linkscope still gets the plain command.
        extra = ['--error-limit=0'] if direct else ['-Wl,--error-limit=0']
        _, _, se2 = run(argv + extra, cwd)
        o2 = Oracle(linker, rc, so, se2)
        parse_lld(o2, se2)
        o.dups, o.undef, o.incompat, o.reasons = o2.dups, o2.undef, o2.incompat, o2.reasons
    if rc == 0:
        o.output_kind = elf_kind(out)
        o.needed = dt_needed(out)
    if trace and rc == 0:
        mapfile = os.path.join(cwd, f'{tag}.map')
        if linker == 'mold':
            extra = ['-Map', mapfile] if direct else [f'-Wl,-Map,{mapfile}']
        elif linker == 'bfd':
            extra = ['-t', '-t'] if direct else ['-Wl,-t,-t']
        else:
            extra = ['-t'] if direct else ['-Wl,-t']
        trc, tso, tse = run(argv + extra, cwd)
        if trc == 0:
            o.extracted = parse_trace(linker, tso + '\n' + tse, mapfile)
    return o


def fake_linkscope(args):
    """`link_scenarios.py --fake-linkscope link --json --semantics X -- CMD`:
    a stand-in for linkscope that RUNS the link and reports the parsed
    messages as schema-2 JSON.  Only for --self-test, which checks the
    harness's comparison code: every scenario must pass with it."""
    try:
        sem = args[args.index('--semantics') + 1]
        argv = args[args.index('--') + 1:]
    except (ValueError, IndexError):
        print('fake linkscope: bad arguments', file=sys.stderr)
        return 2
    cwd = os.getcwd()
    o = real_link_argv(argv, sem, cwd, True, 'fake-' + os.path.basename(output_of(argv)))

    def fm(token):
        f, m = split_member(token)
        return {'file': f, 'member': m}
    doc = {
        'schema_version': 2, 'tool': 'linkscope', 'command': 'link', 'semantics': sem, 'how': 'fake (ran the linker)',
        'verdict': o.verdict, 'output_kind': o.output_kind,
        'reasons': [line for _, _, line in o.reasons],
        'duplicates': [{'symbol': k, 'definitions': [fm(f) for f in sorted(v)]}
                       for k, v in o.dups.items()],
        'undefined': [{'symbol': k, 'from_dso': e['from_dso'], 'hidden': bool(e['hidden']),
                       'count': 1, 'references': [], 'hints': []}
                      for k, e in o.undef.items()],
        'undefined_allowed': 0,
        'incompatible': [dict(fm(e['file'] + (f'({e["member"]})' if e['member'] else '')),
                              fatal=e['fatal'], needed=e['fatal'], by_search=e['by_search'])
                         for e in o.incompat],
        'extracted': [fm(x) for x in sorted(o.extracted or ())],
        'notes': [], 'warnings': [], 'inputs': [], 'backrefs': [],
    }
    print(json.dumps(doc, indent=1))
    return 0 if o.verdict == 'ok' else 1


# --- comparing with linkscope's JSON ----------------------------------------------

def norm(p, cwd):
    if p is None:
        return None
    p = os.path.normpath(p)
    if os.path.isabs(p) and cwd and (p + '/').startswith(cwd.rstrip('/') + '/'):
        p = os.path.relpath(p, cwd)
    return p


def norm_fm(token, cwd):
    """'./libx.a(m.o)' -> 'libx.a(m.o)'; 'x.o' -> 'x.o'."""
    f, m = split_member(token)
    f = norm(f, cwd)
    return f'{f}({m})' if m else f


def json_file(ent, cwd):
    if not isinstance(ent, dict):
        return '?'
    f = norm(ent.get('file') or '?', cwd)
    m = ent.get('member')
    return f'{f}({m})' if m else f


def same_def(real, mine):
    """A definition named by the linker vs one in linkscope's JSON: mold may
    name an archive member without its archive ("x1.o")."""
    if real == mine:
        return True
    return '(' not in real and '/' not in real and mine.endswith(f'({real})')


def base(name):
    return name.split('@', 1)[0]


def fmt_set(s):
    return '{' + ', '.join(sorted(s)) + '}' if s else '{}'


def set_diff(what, real, mine):
    if real == mine:
        return []
    a, b = real - mine, mine - real
    d = []
    if a:
        d.append(f'only real: {fmt_set(a)}')
    if b:
        d.append(f'only linkscope: {fmt_set(b)}')
    return [f'{what}: real {fmt_set(real)}, linkscope {fmt_set(mine)} ({"; ".join(d)})']


def undef_keys_oracle(o, cwd):
    keys = set()
    for name, e in o.undef.items():
        k = base(name) if o.linker == 'mold' else name
        if e['from_dso']:
            k += f' [from {os.path.basename(norm(e["from_dso"], cwd))}]'
        if e['hidden'] and o.linker != 'mold':
            k += ' [hidden]'
        keys.add(k)
    return keys


def undef_keys_json(doc, linker):
    keys = set()
    for u in doc.get('undefined') or []:
        if not isinstance(u, dict):
            keys.add(f'<bad entry {u!r}>')
            continue
        name = str(u.get('symbol'))
        k = base(name) if linker == 'mold' else name
        if u.get('from_dso'):
            k += f' [from {os.path.basename(str(u["from_dso"]))}]'
        if u.get('hidden') and linker != 'mold':
            k += ' [hidden]'
        keys.add(k)
    return keys


def user_member(token):
    """A member of one of the scenario's own archives (relative path)."""
    f, m = split_member(token)
    return m is not None and not os.path.isabs(f)


def compare(scen, o, doc, cwd):
    probs = []
    if not isinstance(doc, dict):
        return ['linkscope output is not a JSON object']
    if doc.get('verdict') != o.verdict:
        probs.append(f'verdict: real {o.verdict} (exit {o.rc}), linkscope {doc.get("verdict")!r}')

    # duplicates: names (before any '@'), then the files named for each
    jd = {}
    for d in doc.get('duplicates') or []:
        if isinstance(d, dict):
            files = {json_file(x, cwd) for x in d.get('definitions') or []}
            jd.setdefault(base(str(d.get('symbol'))), set()).update(files)
    od = {}
    for k, v in o.dups.items():
        od.setdefault(base(k), set()).update(norm_fm(f, cwd) for f in v)
    probs += set_diff('duplicates', set(od), set(jd))
    for name in sorted(set(od) & set(jd)):
        real, mine = od[name], jd[name]
        if not real:
            continue
        miss = {r for r in real if not any(same_def(r, x) for x in mine)}
        extra = {x for x in mine if not any(same_def(r, x) for r in real)}
        # A linker that names only one file (bfd's "*IND*" version clash has
        # no "first defined here") says nothing about the others.
        if miss or (extra and len(real) > 1):
            probs += set_diff(f'files defining {name}', real, mine)

    # undefined
    probs += set_diff('undefined', undef_keys_oracle(o, cwd), undef_keys_json(doc, o.linker))

    # incompatible
    ji = [e for e in doc.get('incompatible') or [] if isinstance(e, dict)]
    used = set()
    for e in o.incompat:
        f = norm(e['file'], cwd)
        hit = None
        for i, j in enumerate(ji):
            jf, jm = norm(j.get('file') or '', cwd), j.get('member')
            if (jf == f and jm == e['member']) or \
               (e['member'] is None and '/' not in e['file'] and jm == e['file']):
                hit = i
                break
        who = f + (f'({e["member"]})' if e['member'] else '')
        if hit is None:
            probs.append(f'incompatible: real {o.linker} names {who} '
                         f'({"fatal" if e["fatal"] else "skipped"}), linkscope does not list it')
            continue
        used.add(hit)
        if bool(ji[hit].get('fatal')) != e['fatal']:
            probs.append(f'incompatible {who}: real fatal={e["fatal"]}, '
                         f'linkscope fatal={ji[hit].get("fatal")}')
    for i, j in enumerate(ji):
        if i not in used and j.get('fatal'):
            probs.append(f'incompatible: linkscope says {json_file(j, cwd)} is fatal, '
                         f'real {o.linker} does not fail on it')

    # reasons the real linker gave
    reasons = [str(r) for r in doc.get('reasons') or []]
    for kind, arg, line in o.reasons:
        if kind == 'cannot-find':
            ok = any(arg in r and re.search(r'find|not found', r) for r in reasons)
        elif kind == 'no-index':
            b = os.path.basename(arg)
            ok = any(b in r and re.search(r'index|ranlib|symbol table', r) for r in reasons)
        elif kind == 'refdso':
            ok = any(f"`{arg}'" in r and 'is referenced by DSO' in r for r in reasons)
        else:
            continue
        if not ok:
            probs.append(f'reasons: real says "{line}", linkscope reasons {reasons}')

    # extracted members, against a traced real link
    if o.extracted is not None:
        real = {norm_fm(x, cwd) for x in o.extracted if user_member(x)}
        mine = {json_file(x, cwd) for x in doc.get('extracted') or []}
        mine = {x for x in mine if user_member(x)}
        probs += set_diff('extracted (own archives)', real, mine)

    if o.output_kind and doc.get('output_kind') != o.output_kind:
        probs.append(f'output_kind: real output is {o.output_kind}, '
                     f'linkscope {doc.get("output_kind")!r}')

    # the DT_NEEDED entries the output got (--as-needed decides them)
    if o.needed is not None and o.output_kind != 'relocatable' and not SELF_TEST:
        mine = []
        for i in doc.get('inputs') or []:
            n = i.get('dt_needed') if i.get('kind') == 'shared' else None
            if n and n not in mine:
                mine.append(n)
        if set(mine) != set(o.needed):
            probs.append(f'DT_NEEDED: real {o.needed}, linkscope {mine}')

    if not SELF_TEST:
        probs += json_extra(scen, o.linker, doc, cwd)
    return probs


def json_extra(scen, linker, doc, cwd):
    """Scenario-specific checks of linkscope's JSON."""
    probs = []
    for c in scen.checks:
        kind, who = c[0], c[1].split()
        if linker not in who:
            continue
        if kind == 'extracted':
            want = set(c[2])
            mine = {json_file(x, cwd) for x in doc.get('extracted') or []}
            mine = {x for x in mine if user_member(x)}
            if mine != want:
                probs.append(f'extracted (own archives): want {fmt_set(want)}, '
                             f'linkscope {fmt_set(mine)}')
        elif kind == 'hint':
            sym, hk = c[2], c[3]
            ent = [u for u in doc.get('undefined') or [] if isinstance(u, dict)
                   and u.get('symbol') == sym]
            kinds = {h.get('kind') for u in ent for h in u.get('hints') or [] if isinstance(h, dict)}
            if ent and hk not in kinds:
                probs.append(f'hint: undefined {sym} should carry a hint of kind "{hk}", '
                             f'has {fmt_set({str(k) for k in kinds})}')
        elif kind == 'note':
            nk = c[2]
            kinds = {n.get('kind') for n in doc.get('notes') or [] if isinstance(n, dict)}
            kinds |= {h.get('kind') for u in doc.get('undefined') or [] if isinstance(u, dict)
                      for h in u.get('hints') or [] if isinstance(h, dict)}
            if nk not in kinds:
                probs.append(f'notes: want a note or hint of kind "{nk}", '
                             f'have {fmt_set({str(k) for k in kinds})}')
        elif kind == 'incompat':
            f, m, needed = c[2], c[3], c[4]
            ent = [e for e in doc.get('incompatible') or [] if isinstance(e, dict)
                   and norm(e.get('file') or '', cwd) == f and e.get('member') == m]
            if not ent:
                probs.append(f'incompatible: {f}{f"({m})" if m else ""} should be listed '
                             f'(needed={needed})')
            elif bool(ent[0].get('needed')) != needed:
                probs.append(f'incompatible {f}{f"({m})" if m else ""}: needed should be {needed}, '
                             f'linkscope {ent[0].get("needed")!r}')
        elif kind == 'undefined_allowed':
            if not (isinstance(doc.get('undefined_allowed'), int) and doc['undefined_allowed'] > 0):
                probs.append(f'undefined_allowed: -shared leaves symbols undefined, '
                             f'linkscope {doc.get("undefined_allowed")!r}')
    return probs


def summary(o, cwd):
    parts = [f'{o.verdict} (exit {o.rc})']
    if o.dups:
        parts.append('duplicates=' + ' '.join(
            f'{k}<{",".join(sorted(norm_fm(f, cwd) for f in v))}>' for k, v in sorted(o.dups.items())))
    if o.undef:
        parts.append('undefined=' + fmt_set(undef_keys_oracle(o, cwd)))
    if o.incompat:
        parts.append('incompatible=' + ' '.join(
            f'{norm(e["file"], cwd)}{"(" + e["member"] + ")" if e["member"] else ""}'
            f'[{"fatal" if e["fatal"] else "skip"}]' for e in o.incompat))
    if o.reasons:
        parts.append('reasons=' + '; '.join(f'{k}:{a}' for k, a, _ in o.reasons))
    if o.extracted is not None:
        parts.append('extracted=' + fmt_set({norm_fm(x, cwd) for x in o.extracted if user_member(x)}))
    if o.output_kind:
        parts.append(f'output={o.output_kind}')
    if o.other:
        parts.append('other=' + ' | '.join(x[:120] for x in o.other[:4]))
    if o.truncated:
        parts.append('(lld stopped at its error limit; re-run with --error-limit=0)')
    return '  '.join(parts)


def doc_summary(doc, cwd):
    if not isinstance(doc, dict):
        return repr(doc)[:200]
    parts = [f'{doc.get("verdict")}']
    d = doc.get('duplicates') or []
    if d:
        parts.append('duplicates=' + fmt_set({str(x.get('symbol')) for x in d if isinstance(x, dict)}))
    u = doc.get('undefined') or []
    if u:
        parts.append('undefined=' + fmt_set(undef_keys_json(doc, 'bfd')))
    i = doc.get('incompatible') or []
    if i:
        parts.append('incompatible=' + ' '.join(
            f'{json_file(e, cwd)}[{"fatal" if e.get("fatal") else "skip"}'
            f'{",needed" if e.get("needed") else ""}]' for e in i if isinstance(e, dict)))
    if doc.get('reasons'):
        parts.append(f'reasons={doc.get("reasons")}')
    return '  '.join(parts)


def excerpt(text, n=8):
    lines = [l for l in text.splitlines() if l.strip()]
    out = ['| ' + l[:200] for l in lines[:n]]
    if len(lines) > n:
        out.append(f'| ... ({len(lines) - n} more lines)')
    return out


def ls_json(ls, semantics, argv, cwd, env=None):
    """(rc, doc or None, stderr)."""
    cmd = (ls if isinstance(ls, list) else [ls]) + ['link', '--json', '--semantics', semantics,
                                                    '--'] + argv
    rc, so, se = run(cmd, cwd, env=env)
    try:
        doc = json.loads(so)
    except ValueError:
        doc = None
    return rc, doc, se, cmd


# --- fixtures --------------------------------------------------------------------

KNOWN_TOOLS = ('gcc', 'g++', 'clang', 'clang++', 'ar', 'aarch64-linux-gnu-gcc',
               'riscv64-linux-gnu-gcc', 'musl-gcc', 'go', 'ld.gold', 'ld.lld', 'mold')


def topic_requires(topic):
    try:
        with open(os.path.join(FIXSRC, topic, 'build.sh'), encoding='utf-8') as f:
            for line in f:
                m = re.match(r'^#\s*requires:\s*(.*)$', line)
                if m:
                    return m.group(1).split()
    except OSError:
        pass
    return []


def topic_stamp(topic, env):
    h = hashlib.sha256(STAMP_VERSION.encode())
    src = os.path.join(FIXSRC, topic)
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for fn in sorted(files):
            p = os.path.join(root, fn)
            h.update(os.path.relpath(p, src).encode() + b'\0')
            with open(p, 'rb') as f:
                h.update(f.read())
    for t in KNOWN_TOOLS:
        h.update(f'{t}={shutil.which(t, path=env["PATH"])}\n'.encode())
    return h.hexdigest()


def build_topic(topic, fxdir, env, force):
    """Returns None when built, else a problem string."""
    dst = os.path.join(fxdir, topic)
    stamp = topic_stamp(topic, env)
    sf = os.path.join(dst, '.stamp')
    if not force:
        try:
            with open(sf) as f:
                if f.read().strip() == stamp:
                    return None
        except OSError:
            pass
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(os.path.join(FIXSRC, topic), dst)
    rc, so, se = run(['bash', '-eu', 'build.sh'], dst, env=env, timeout=T_BUILD)
    with open(os.path.join(fxdir, topic + '.log'), 'w') as f:
        f.write(so + se)
    if rc != 0:
        return f'build.sh exited {rc}: ' + ' / '.join((so + se).strip().splitlines()[-6:])
    with open(sf, 'w') as f:
        f.write(stamp + '\n')
    return None


# --- output ------------------------------------------------------------------------

LOCK = threading.Lock()


def result(name, probs, skip=None):
    name = f'{SUITE}-{name}'
    with LOCK:
        if skip:
            COUNTS['skip'] += 1
            print(f'SKIP: {name} ({skip})')
        elif probs:
            COUNTS['fail'] += 1
            print(f'FAIL: {name}')
            for p in probs[:40]:
                print('    ' + p)
        else:
            COUNTS['pass'] += 1
            print(f'PASS: {name}')
        sys.stdout.flush()


# --- main --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('linkscope', nargs='?')
    ap.add_argument('patterns', nargs='*')
    ap.add_argument('--oracle-only', action='store_true')
    ap.add_argument('--self-test', action='store_true')
    ap.add_argument('--force', action='store_true')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--work', default=os.path.join(REPO, 'tests', 'out', 'link-scenarios'))
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--lld-release', type=int, metavar='N',
                    help='run the lld scenarios with ld.lld-N (Debian\'s lld-N package) as ld.lld')
    a = ap.parse_intermixed_args()
    global SELF_TEST
    SELF_TEST = a.self_test

    scens = scenarios()
    if a.list:
        for s in scens:
            print(f'{s.name:40s} {s.topic:9s} {" ".join(s.linkers)}')
        return 0
    if a.patterns:
        scens = [s for s in scens if any(fnmatch.fnmatch(s.name, p) for p in a.patterns)]
    label = {k: k for k in LINKERS}
    if a.lld_release:
        # Another lld release answers as ld.lld, for the real link and for
        # linkscope (which must follow that release's rules).
        prog = shutil.which(f'ld.lld-{a.lld_release}')
        if not prog:
            result(f'lld{a.lld_release}', [f'not run: no ld.lld-{a.lld_release} '
                                          f'(scripts/install-deps.sh installs lld-{a.lld_release})'])
            return 0
        shim = tempfile.mkdtemp(prefix=f'ls-lld{a.lld_release}-')
        os.symlink(prog, os.path.join(shim, 'ld.lld'))
        os.environ['PATH'] = shim + ':' + os.environ.get('PATH', '')
        # A clang driver runs the ld.lld of its own release, not this one.
        scens = [s for s in scens if 'lld' in s.linkers and
                 not os.path.basename(s.argv('lld')[0]).startswith('clang')]
        for s in scens:
            s.linkers = ['lld']
            # The scenario's own expectations are lld 14's; the real
            # link of this release is the oracle.
            s.checks = []
        label['lld'] = f'lld{a.lld_release}'
    ls = a.linkscope
    if a.self_test:
        ls = [sys.executable, os.path.abspath(__file__), '--fake-linkscope']
    elif not a.oracle_only:
        if not ls or not os.access(ls, os.X_OK):
            print(f'link_scenarios.py: no linkscope binary at {ls!r}', file=sys.stderr)
            return 2
        ls = os.path.abspath(ls)

    env = base_env()
    # Go from PATH, else the usual tarball location.
    if not shutil.which('go', path=env['PATH']) and os.access('/usr/local/go/bin/go', os.X_OK):
        env['PATH'] = env['PATH'] + ':/usr/local/go/bin'
    have = {t: shutil.which(t, path=env['PATH']) is not None for t in KNOWN_TOOLS}
    linker_tool = {'bfd': 'ld.bfd', 'gold': 'ld.gold', 'lld': 'ld.lld', 'mold': 'mold'}

    fxdir = os.path.join(os.path.abspath(a.work), 'fx')
    os.makedirs(fxdir, exist_ok=True)

    # Build every fixture directory the selected scenarios use, in parallel.
    topics = sorted({s.topic for s in scens})
    topic_skip = {}
    todo = []
    for t in topics:
        miss = [r for r in topic_requires(t) if not shutil.which(r, path=env['PATH'])]
        if miss:
            topic_skip[t] = 'no ' + ' '.join(miss)
        else:
            todo.append(t)
    print(f'{SUITE}: building {len(todo)} fixture directories in {fxdir}', file=sys.stderr)
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = {t: ex.submit(build_topic, t, fxdir, env, a.force) for t in todo}
        for t in todo:
            err = futs[t].result()
            if err:
                topic_skip[t] = 'fixture build failed'
                result(f'build-{t}', [err, f'log: {os.path.join(fxdir, t + ".log")}'])

    # One job per scenario and linker.
    jobs = []
    for s in scens:
        for lk in s.linkers:
            reason = topic_skip.get(s.topic)
            if not reason:
                miss = [r for r in s.requires if not have.get(r, shutil.which(r) is not None)]
                if miss:
                    reason = 'no ' + ' '.join(miss)
            if not reason and not shutil.which(linker_tool[lk], path=env['PATH']):
                reason = f'no {linker_tool[lk]}'
            jobs.append((s, lk, reason))

    def do(job):
        s, lk, reason = job
        if reason:
            return s, lk, reason, None, None
        cwd = os.path.join(fxdir, s.topic)
        o = real_link(s, lk, cwd)
        lsres = None
        if not a.oracle_only:
            lsres = ls_json(ls, lk, s.argv(lk), cwd)
        return s, lk, None, o, lsres

    surprises = []
    oracles = {}
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        last = None
        for s, lk, reason, o, lsres in ex.map(do, jobs):
            cwd = os.path.join(fxdir, s.topic)
            if a.oracle_only and s is not last:
                print(f'== {s.name}  [{s.topic}]' + (f'  ({s.why})' if s.why else ''))
                last = s
            if reason:
                # A fixture or tool that install-deps.sh provides is
                # missing: the scenario was not run, which is a failure.
                result(f'{s.name}/{label[lk]}', [f'not run: {reason}'])
                continue
            oracles[(s.name, lk)] = o
            exp = s.expect.get(lk)
            surprise = exp and o.rc in (0, 1) and exp != o.verdict
            if surprise:
                surprises.append(f'{s.name}/{lk}: expected {exp}, real {lk} says {o.verdict}')
            if isinstance(o.rc, str):
                result(f'{s.name}/{label[lk]}', [f'real link: {o.rc}: {o.stderr.strip()[:200]}',
                                          f'(cd {cwd} && {q(s.argv(lk))})'])
                continue
            if a.oracle_only:
                print(f'   {lk:4s}: {summary(o, cwd)}' +
                      (f'   SURPRISE (expected {exp})' if surprise else ''))
                print(f'         $ {q(s.argv(lk))}')
                continue
            rc, doc, err, cmd = lsres
            if doc is None:
                probs = [f'linkscope: exit {rc}, no JSON on stdout: '
                         f'{(err.strip().splitlines() or [""])[0][:200]}']
            else:
                probs = compare(s, o, doc, cwd)
                if a.lld_release and not (doc.get('linker_version') or '').split('LLD ')[-1] \
                        .startswith(f'{a.lld_release}.'):
                    probs.append(f'linkscope read the linker\'s version as '
                                 f'{doc.get("linker_version")!r}, not lld {a.lld_release}')
            if probs:
                probs.append(f'real {lk}: {summary(o, cwd)}')
                if doc is not None:
                    probs.append(f'linkscope: {doc_summary(doc, cwd)}')
                probs.append(f'(cd {cwd} && {q(cmd)})')
                probs += excerpt(o.stderr)
            result(f'{s.name}/{label[lk]}', probs)

    if not a.oracle_only and not a.self_test and not a.lld_release:
        proofs(scens, ls, fxdir, oracles, a.jobs, topic_skip)

    if surprises:
        print(f'{SUITE}: {len(surprises)} real-linker verdicts differ from the reference '
              f'document (the real linker is the oracle):')
        for x in surprises:
            print('    note: ' + x)
    return 0


def proofs(scens, ls, fxdir, oracles, jobs, topic_skip):
    """Cross scenarios without any toolchain on PATH; fake linkers never run."""
    empty = tempfile.mkdtemp(prefix='ls-notools-')
    stubs = tempfile.mkdtemp(prefix='ls-stubs-')
    try:
        work = []
        for s in scens:
            t = s.cross()
            if not t:
                continue
            o = oracles.get((s.name, 'bfd'))
            if o is None:
                result(f'{s.name}/bfd-no-toolchain',
                       [f'not run: {topic_skip.get(s.topic) or f"no {t}-linux-gnu-gcc"}'])
                continue
            work.append((s, o))

        def nt(item):
            s, o = item
            cwd = os.path.join(fxdir, s.topic)
            env = base_env()
            env['PATH'] = empty
            return s, o, cwd, ls_json(ls, 'bfd', s.argv('bfd'), cwd, env=env)

        with cf.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
            for s, o, cwd, (rc, doc, err, cmd) in ex.map(nt, work):
                if doc is None:
                    probs = [f'linkscope (PATH={empty}): exit {rc}, no JSON: '
                             f'{(err.strip().splitlines() or [""])[0][:200]}']
                else:
                    probs = compare(s, o, doc, cwd)
                    if '###' in str(doc.get('how')):
                        probs.append(f'how: {doc.get("how")!r}: the driver was run, '
                                     f'expected the built-in driver model')
                if probs:
                    probs.append(f'real bfd (with the cross toolchain): {summary(o, cwd)}')
                    if doc is not None:
                        probs.append(f'linkscope: {doc_summary(doc, cwd)}')
                    probs.append(f'(cd {cwd} && PATH={empty} {q(cmd)})')
                result(f'{s.name}/bfd-no-toolchain', probs)

        # Fake linkers first on PATH: any of them that runs leaves a marker.
        marker = os.path.join(stubs, 'MARKER')
        for n in ('ld', 'ld.bfd', 'ld.gold', 'ld.lld', 'lld', 'mold', 'ld.mold', 'collect2',
                  'x86_64-linux-gnu-ld', 'x86_64-linux-gnu-ld.bfd', 'x86_64-linux-gnu-ld.gold',
                  'aarch64-linux-gnu-ld', 'aarch64-linux-gnu-ld.bfd', 'aarch64-linux-gnu-ld.gold',
                  'riscv64-linux-gnu-ld', 'riscv64-linux-gnu-ld.bfd'):
            p = os.path.join(stubs, n)
            with open(p, 'w') as f:
                f.write(f'#!/bin/sh\necho "$0 $*" >> {shlex.quote(marker)}\nexit 0\n')
            os.chmod(p, 0o755)
        picks = [('order-bar-before-foo', 'bfd'), ('order-bar-before-foo', 'mold'),
                 ('relocatable', 'bfd'), ('relocatable', 'lld'),
                 ('cross-aarch64-ok', 'bfd'), ('arch-mixed-archive-member-needed', 'lld'),
                 ('arch-mixed-archive-member-needed', 'gold')]
        byname = {s.name: s for s in scens}
        for name, lk in picks:
            s = byname.get(name)
            if s is None:
                continue
            if (name, lk) not in oracles:
                result(f'never-runs-linker/{name}/{lk}',
                       [f'not run: {topic_skip.get(s.topic) or "scenario not run"}'])
                continue
            cwd = os.path.join(fxdir, s.topic)
            env = base_env()
            env['PATH'] = stubs + ':' + env['PATH']
            rc, doc, err, cmd = ls_json(ls, lk, s.argv(lk), cwd, env=env)
            probs = []
            if os.path.exists(marker):
                # `LINKER --version` (to name the release in the report)
                # is the only call allowed: it reads and writes nothing.
                with open(marker) as f:
                    runs = [ln for ln in f.read().splitlines()
                            if ln.strip() and not ln.endswith(' --version')]
                if runs:
                    probs.append('a linker was run: ' + '; '.join(runs)[:300])
                os.unlink(marker)
            if doc is None:
                probs.append(f'linkscope: exit {rc}, no JSON: '
                             f'{(err.strip().splitlines() or [""])[0][:200]}')
            if probs:
                probs.append(f'(cd {cwd} && PATH={stubs}:$PATH {q(cmd)})')
            result(f'never-runs-linker/{name}/{lk}', probs)
    finally:
        shutil.rmtree(empty, ignore_errors=True)
        shutil.rmtree(stubs, ignore_errors=True)


if __name__ == '__main__':
    if sys.argv[1:2] == ['--fake-linkscope']:
        sys.exit(fake_linkscope(sys.argv[2:]))
    rc = main()
    cf_ = os.environ.get('LINK_COUNTS')
    if cf_:
        # Added to what an earlier run of the same suite wrote there.
        try:
            with open(cf_) as f:
                prev = [int(x) for x in f.read().split()]
        except (OSError, ValueError):
            prev = []
        if len(prev) == 3:
            for k, v in zip(('pass', 'fail', 'skip'), prev):
                COUNTS[k] += v
        with open(cf_, 'w') as f:
            f.write(f'{COUNTS["pass"]} {COUNTS["fail"]} {COUNTS["skip"]}\n')
    sys.exit(rc)
