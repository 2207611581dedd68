"""elffacts.py - the hardening facts of one ELF file, read with GNU readelf.

This is the independent oracle of the "linkscope check" suites: it never
looks at linkscope's code or output.  One readelf run per file
(readelf -W -h -S -l -d -s -V -n); the parsed text is turned into the
values docs/json-check.md defines, following the exact tests of
/work/shared/reference/linker-loader.md section C:

  relro      PT_GNU_RELRO = partial; full also needs DT_BIND_NOW,
             DF_BIND_NOW or DF_1_NOW
  pie        ET_DYN and DF_1_PIE (or INTERP + DT_DEBUG + no SONAME)
  nx         PT_GNU_STACK without PF_X; no PT_GNU_STACK = the machine's
             default (executable on x86-64, i386, arm, ...; not on AArch64)
  canary     __stack_chk_fail / __stack_chk_guard imported (dynamically
             linked files), undefined in .symtab (objects); undecided for
             static programs and for the C library itself, which define it
  fortify    imported glibc __*_chk functions (and __open_2 & co.)
  textrel    DT_TEXTREL or DF_TEXTREL
  cet, x86 ISA, BTI/PAC, build ID, ABI tag: the GNU notes

Use: facts = elffacts.read(path) -> dict (or None when readelf fails);
derived(facts) -> dict of json-check.md keys (a value of None means "no
opinion": readelf cannot decide it).
"""
import re
import subprocess

READELF = 'readelf'

# Machines whose stack is executable when PT_GNU_STACK is missing (the
# kernel's VM_STACK_DEFAULT_FLAGS / elf_read_implies_exec); the generic
# default, non-executable, is used by AArch64 and RISC-V.
EXEC_STACK_DEFAULT = {'Advanced Micro Devices X86-64', 'Intel 80386', 'ARM',
                      'PowerPC', 'MIPS R3000', 'SPARC', 'Sparc v9'}
NOEXEC_STACK_DEFAULT = {'AArch64', 'RISC-V'}

MACHINES = {
    'Advanced Micro Devices X86-64': 'x86-64', 'AArch64': 'aarch64',
    'Intel 80386': 'i386', 'ARM': 'arm', 'RISC-V': 'riscv',
}
ISA_LEVELS = ['x86-64-baseline', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4']
FORTIFY_2 = {'__open_2', '__open64_2', '__openat_2', '__openat64_2', '__mq_open_2'}

_VER_RE = re.compile(r'^GLIBC_(\d+(?:\.\d+)+)$')


def vkey(v):
    return tuple(int(x) for x in v.split('.'))


def run_readelf(path, opts=('-W', '-h', '-S', '-l', '-d', '-s', '-V', '-n')):
    try:
        r = subprocess.run([READELF, *opts, path], capture_output=True,
                           env={'LC_ALL': 'C', 'PATH': '/usr/bin:/bin'},
                           timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout.decode('utf-8', 'replace')


def parse(text):
    """Parse the output of run_readelf into a dict of raw facts."""
    f = {
        'type': None, 'machine': None, 'class': None, 'data': None,
        'sections': [], 'phdrs': [], 'interp': None, 'dynamic': [],
        'has_dynamic_section': False, 'symbols': [], 'verneed': [],
        'x86_feature': None, 'x86_isa_needed': None, 'aarch64_feature': None,
        'build_id': None, 'abi_tag': None,
    }
    mode = None
    symtab = None
    vn_file = None
    for line in text.splitlines():
        s = line.strip()
        # Section switches.
        if line.startswith('ELF Header:'):
            mode = 'hdr'
            continue
        if line.startswith('Section Headers:'):
            mode = 'shdr'
            continue
        if line.startswith('Program Headers:'):
            mode = 'phdr'
            continue
        if line.startswith(' Section to Segment mapping'):
            mode = None
            continue
        if line.startswith('Dynamic section at offset'):
            mode = 'dyn'
            f['has_dynamic_section'] = True
            continue
        m = re.match(r"Symbol table '([^']*)' contains", line)
        if m:
            mode, symtab = 'sym', m.group(1)
            continue
        if line.startswith('Symbol table for image'):    # readelf -D
            mode, symtab = 'sym', '.dynsym'
            continue
        if line.startswith("Version needs section"):
            mode = 'verneed'
            continue
        if line.startswith("Version symbols section") or line.startswith("Version definition section"):
            mode = None
            continue
        if line.startswith('Displaying notes found'):
            mode = 'notes'
            continue
        if line.startswith('Relocation section') or line.startswith('There are no'):
            mode = None
            continue
        if mode == 'hdr':
            if s.startswith('Type:'):
                f['type'] = s.split()[1]
            elif s.startswith('Machine:'):
                f['machine'] = s.split(':', 1)[1].strip()
            elif s.startswith('Class:'):
                f['class'] = 64 if 'ELF64' in s else 32
            elif s.startswith('Data:'):
                f['data'] = 'big' if 'big endian' in s else 'little'
        elif mode == 'shdr':
            m = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+(\S+)', line)
            if m:
                f['sections'].append((m.group(1), m.group(2)))
        elif mode == 'phdr':
            m = re.match(r'\s*\[Requesting program interpreter: (.*)\]$', line)
            if m:
                f['interp'] = m.group(1)
                continue
            t = line.split()
            # Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align; the
            # flags may contain spaces ("R E"), Align may be a bare "0".
            if len(t) >= 8 and t[1].startswith('0x') and re.fullmatch(r'0x[0-9a-f]+|\d+', t[-1]):
                f['phdrs'].append((t[0], ''.join(t[6:-1])))
        elif mode == 'dyn':
            m = re.match(r'\s*0x[0-9a-f]+\s+\(([^)]*)\)\s*(.*)$', line)
            if m:
                f['dynamic'].append((m.group(1), m.group(2)))
        elif mode == 'sym':
            t = line.split(None, 7)
            if len(t) >= 7 and t[0].endswith(':') and t[0][:-1].isdigit():
                name = t[7] if len(t) == 8 else ''
                name = re.sub(r' \(\d+\)$', '', name)
                base = name.split('@', 1)[0]
                f['symbols'].append({'table': symtab, 'type': t[3], 'bind': t[4],
                                     'ndx': t[6], 'name': base, 'full': name})
        elif mode == 'verneed':
            m = re.search(r'Version: \d+\s+File: (\S+)\s+Cnt:', line)
            if m:
                vn_file = m.group(1)
                continue
            m = re.search(r'Name: (\S+)\s+Flags:', line)
            if m:
                f['verneed'].append((vn_file, m.group(1)))
        elif mode == 'notes':
            m = re.search(r'x86 feature: (.*)$', line)
            if m:
                f['x86_feature'] = [x.strip() for x in m.group(1).split(',')]
            m = re.search(r'x86 ISA needed: (.*)$', line)
            if m:
                f['x86_isa_needed'] = [x.strip() for x in m.group(1).split(',')]
            m = re.search(r'AArch64 feature: (.*)$', line)
            if m:
                f['aarch64_feature'] = [x.strip() for x in m.group(1).split(',')]
            m = re.search(r'Build ID: ([0-9a-f]+)', line)
            if m:
                f['build_id'] = m.group(1)
            m = re.search(r'OS: (\w+), ABI: (\S+)', line)
            if m:
                f['abi_tag'] = f'{m.group(1)} {m.group(2)}'
    return f


def read(path):
    text = run_readelf(path)
    if text is None or 'ELF Header:' not in text:
        return None
    f = parse(text)
    if not f['sections'] and any(t == 'DYNAMIC' for t, _ in f['phdrs']):
        # No section headers (sstrip): the loader still finds the dynamic
        # symbols through PT_DYNAMIC, and so does readelf -D.  The needed
        # versions are then those the imported symbols name.
        dtext = run_readelf(path, ('-W', '-D', '-s'))
        if dtext:
            f['symbols'] += parse(dtext)['symbols']
            for s in f['symbols']:
                if s['ndx'] == 'UND' and '@' in s['full']:
                    f['verneed'].append((None, s['full'].split('@')[-1].lstrip('@')))
    return f


def _dyn(f, tag):
    return [v for t, v in f['dynamic'] if t == tag]


def _bracket_list(vals):
    out = []
    for v in vals:
        m = re.search(r'\[(.*)\]$', v)
        if m:
            out.append(m.group(1))
    return out


def derived(f):
    """json-check.md values computable from readelf (None = undecided)."""
    d = {}
    et = f['type']
    ph_types = [t for t, _ in f['phdrs']]
    flags = ' '.join(_dyn(f, 'FLAGS')).split()
    flags1 = ' '.join(_dyn(f, 'FLAGS_1')).replace('Flags:', '').split()
    bindnow = bool(_dyn(f, 'BIND_NOW')) or 'BIND_NOW' in flags or 'NOW' in flags1
    has_interp = 'INTERP' in ph_types
    # DF_1_PIE, or (before binutils 2.26 wrote it) an interpreter, a
    # DT_DEBUG slot and no SONAME (docs/check.md).
    is_pie_flag = 'PIE' in flags1 or (
        et == 'DYN' and has_interp and bool(_dyn(f, 'DEBUG'))
        and not _dyn(f, 'SONAME'))
    has_dynamic = 'DYNAMIC' in ph_types
    d['class'] = f['class']
    d['endian'] = f['data']
    d['machine'] = MACHINES.get(f['machine'])
    if et == 'EXEC':
        d['kind'] = 'exec'
    elif et == 'DYN':
        if is_pie_flag:
            d['kind'] = 'pie' if has_interp else 'static-pie'
        elif has_interp:
            d['kind'] = None      # a PIE without DF_1_PIE, or a runnable DSO
        else:
            d['kind'] = 'shared'
    elif et == 'REL':
        d['kind'] = 'relocatable'
    elif et == 'CORE':
        d['kind'] = 'core'
    else:
        d['kind'] = None
    linked = et in ('EXEC', 'DYN')
    d['interpreter'] = f['interp'] if linked else None
    d['static'] = (et in ('EXEC', 'DYN') and not has_interp and not has_dynamic
                   and d['kind'] in ('exec', 'static-pie'))
    if et == 'REL':
        d['static'] = False
    d['needed'] = _bracket_list(_dyn(f, 'NEEDED'))
    so = _bracket_list(_dyn(f, 'SONAME'))
    d['soname'] = so[0] if so else None
    rp = _bracket_list(_dyn(f, 'RPATH'))
    d['rpath'] = rp[0].split(':') if rp else None
    rn = _bracket_list(_dyn(f, 'RUNPATH'))
    d['runpath'] = rn[0].split(':') if rn else None
    if linked:
        d['relro'] = ('full' if bindnow else 'partial') if 'GNU_RELRO' in ph_types else 'none'
        d['bindnow'] = bindnow
        d['pie'] = et == 'DYN' and is_pie_flag
        stack = [fl for t, fl in f['phdrs'] if t == 'GNU_STACK']
        if stack:
            d['nx'] = 'E' not in stack[0]
        elif f['machine'] in EXEC_STACK_DEFAULT:
            d['nx'] = False
        elif f['machine'] in NOEXEC_STACK_DEFAULT:
            d['nx'] = True
        else:
            d['nx'] = None
        d['rwx_segments'] = sum(1 for t, fl in f['phdrs']
                                if t == 'LOAD' and 'W' in fl and 'E' in fl)
    dynsym = [s for s in f['symbols'] if s['table'] == '.dynsym']
    symtab = [s for s in f['symbols'] if s['table'] == '.symtab']
    imports = {s['name'] for s in dynsym if s['ndx'] == 'UND' and s['name']}
    defines = {s['name'] for s in dynsym if s['ndx'] != 'UND'}
    if defines & {'__stack_chk_fail', '__stack_chk_guard'}:
        d['canary'] = None   # the C library itself: provides the symbol
    elif f['has_dynamic_section'] and (has_interp or et == 'DYN' and not is_pie_flag):
        d['canary'] = bool(imports & {'__stack_chk_fail', '__stack_chk_guard'})
    elif et == 'REL':
        d['canary'] = any(s['name'] in ('__stack_chk_fail', '__stack_chk_guard')
                          and s['ndx'] == 'UND' for s in symtab)
    else:
        d['canary'] = None
    # glibc's FORTIFY entry points: the __*_chk functions and the __*_2
    # checks of open/openat/mq_open, imported with a GLIBC_ version or
    # none (valgrind's preload objects link without versions).
    chk = sorted({s['name'] for s in dynsym if s['ndx'] == 'UND' and
                  (re.fullmatch(r'__\w+_chk', s['name']) or s['name'] in FORTIFY_2) and
                  ('@GLIBC_' in s['full'] or '@' not in s['full'])})
    if f['has_dynamic_section']:
        d['fortify.functions'] = chk
        d['fortify.fortified'] = len(chk)
    d['textrel'] = bool(_dyn(f, 'TEXTREL')) or 'TEXTREL' in flags
    feat = f['x86_feature'] or []
    d['cet.ibt'] = 'IBT' in feat
    d['cet.shstk'] = 'SHSTK' in feat
    isa = [x for x in (f['x86_isa_needed'] or []) if x in ISA_LEVELS]
    d['x86_isa_needed'] = max(isa, key=ISA_LEVELS.index) if isa else None
    af = f['aarch64_feature'] or []
    d['aarch64.bti'] = 'BTI' in af
    d['aarch64.pac'] = 'PAC' in af
    d['build_id'] = f['build_id']
    d['abi_tag'] = f['abi_tag']
    d['stripped'] = not any(n == '.symtab' for n, _ in f['sections'])
    glibc = [m.group(1) for _, n in f['verneed'] for m in [_VER_RE.match(n)] if m]
    d['glibc_floor'] = max(glibc, key=vkey) if glibc else None
    # The symbols that need exactly the GLIBC floor (dynsym imports).
    if glibc:
        want = 'GLIBC_' + d['glibc_floor']
        d['glibc_floor_symbols'] = sorted({s['name'] for s in dynsym if s['ndx'] == 'UND'
                                           and s['full'].split('@', 1)[-1].lstrip('@') == want})
    else:
        d['glibc_floor_symbols'] = []
    return d
