#!/usr/bin/env python3
"""Generate the malformed-input suite for `linkscope syms` (and check, deps
and link).

Usage: gen.py OUTDIR

Builds a few valid inputs with the host toolchain (gcc, ar, and
mips-linux-gnu-as when present), then derives corrupt variants from them by
parsing their headers with `struct` and patching specific fields.  Nothing is
random: the same toolchain gives byte-identical output on every run.

OUTDIR receives:
  *.o *.so *.a ...   one corrupt file per case (name says what is wrong)
  expect.tsv         one line per case:
                     file <TAB> member-or-"-" <TAB> description <TAB> nm-options-or-"-"
                     A member name means the error must be reported as
                     FILE(member); "-" means the member part is optional.
  aux/               helper files that thin-archive cases point at
  good/              good.o / good.so: valid inputs exporting
                     `good_symbol_marker`, appended after each bad file by
                     run.sh to prove processing continues; link-main.o,
                     the object run.sh's link mode puts before each case:
                     it references base_func and other_func, so the link
                     loads both members of every lib.a-derived archive
  link/              inputs only `linkscope link` reads: malformed linker
                     scripts (libNAME.so, found with -L OUTDIR/link -lNAME)
                     and response files (NAME.rsp, passed as @NAME.rsp
                     from inside OUTDIR/link); listed in link.tsv:
                     file <TAB> how ("script" or "rsp") <TAB> allowed exit
                     statuses ("2", "1|2", ...) <TAB> description
  valid/             the valid bases plus valid files derived by the same
                     rewriting code (relaid-out sections, SHN_XINDEX and
                     e_shnum escapes, /SYM64/ index, thin archive); listed in
                     valid.tsv (file <TAB> options <TAB> description).  They
                     guard the generator (a rewrite that by itself broke the
                     file would make every case derived from it meaningless)
                     and the reader (the escapes are legal and must be
                     accepted).

Every file listed in expect.tsv is malformed by the ELF gABI / ar format, so
exit status 2 is the only right answer, even where GNU nm happens to accept it.
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile

# --------------------------------------------------------------------------
# ELF constants (only the ones the cases need)
# --------------------------------------------------------------------------
EI_CLASS, EI_DATA, EI_VERSION = 4, 5, 6
ELFCLASS32, ELFCLASS64 = 1, 2
ELFDATA2LSB, ELFDATA2MSB = 1, 2
SHT_NULL, SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB = 0, 1, 2, 3
SHT_NOBITS, SHT_DYNSYM, SHT_SYMTAB_SHNDX = 8, 11, 18
SHN_XINDEX = 0xFFFF
PN_XNUM = 0xFFFF
U32 = 0xFFFFFFFF
U64 = 0xFFFFFFFFFFFFFFFF


# --------------------------------------------------------------------------
# Struct layouts.  ELF structures have no padding (every field is naturally
# aligned), so a field's offset is the sum of the sizes before it.
# --------------------------------------------------------------------------
class Layout:
    def __init__(self, endian, fields):
        self.endian = endian
        self.fields = {}
        off = 0
        for name, code in fields:
            self.fields[name] = (off, code)
            off += struct.calcsize("<" + code)
        self.size = off

    def get(self, buf, base, name):
        off, code = self.fields[name]
        return struct.unpack_from(self.endian + code, buf, base + off)[0]

    def put(self, buf, base, name, value):
        off, code = self.fields[name]
        struct.pack_into(self.endian + code, buf, base + off, value)

    def read(self, buf, base):
        return {n: self.get(buf, base, n) for n in self.fields}

    def pack(self, values):
        out = bytearray(self.size)
        for name, value in values.items():
            if name in self.fields:
                self.put(out, 0, name, value)
        return bytes(out)


def ehdr_layout(e, w):
    return Layout(e, [
        ("e_ident", "16s"), ("e_type", "H"), ("e_machine", "H"),
        ("e_version", "I"), ("e_entry", w), ("e_phoff", w), ("e_shoff", w),
        ("e_flags", "I"), ("e_ehsize", "H"), ("e_phentsize", "H"),
        ("e_phnum", "H"), ("e_shentsize", "H"), ("e_shnum", "H"),
        ("e_shstrndx", "H")])


def shdr_layout(e, w):
    # Same field order in both classes; only the word size differs.
    return Layout(e, [
        ("sh_name", "I"), ("sh_type", "I"), ("sh_flags", w), ("sh_addr", w),
        ("sh_offset", w), ("sh_size", w), ("sh_link", "I"), ("sh_info", "I"),
        ("sh_addralign", w), ("sh_entsize", w)])


def sym_layout(e, is64):
    if is64:
        return Layout(e, [("st_name", "I"), ("st_info", "B"), ("st_other", "B"),
                          ("st_shndx", "H"), ("st_value", "Q"), ("st_size", "Q")])
    return Layout(e, [("st_name", "I"), ("st_value", "I"), ("st_size", "I"),
                      ("st_info", "B"), ("st_other", "B"), ("st_shndx", "H")])


def verdef_layout(e):
    return Layout(e, [("vd_version", "H"), ("vd_flags", "H"), ("vd_ndx", "H"),
                      ("vd_cnt", "H"), ("vd_hash", "I"), ("vd_aux", "I"),
                      ("vd_next", "I")])


def verdaux_layout(e):
    return Layout(e, [("vda_name", "I"), ("vda_next", "I")])


def verneed_layout(e):
    return Layout(e, [("vn_version", "H"), ("vn_cnt", "H"), ("vn_file", "I"),
                      ("vn_aux", "I"), ("vn_next", "I")])


def vernaux_layout(e):
    return Layout(e, [("vna_hash", "I"), ("vna_flags", "H"), ("vna_other", "H"),
                      ("vna_name", "I"), ("vna_next", "I")])


def align(n, a):
    return (n + a - 1) // a * a if a > 1 else n


class Elf:
    """Read-only view of a *valid* ELF file, plus helpers that patch a copy."""

    def __init__(self, data):
        self.data = bytes(data)
        self.is64 = data[EI_CLASS] == ELFCLASS64
        self.e = "<" if data[EI_DATA] == ELFDATA2LSB else ">"
        w = "Q" if self.is64 else "I"
        self.wmax = U64 if self.is64 else U32
        self.EH = ehdr_layout(self.e, w)
        self.SH = shdr_layout(self.e, w)
        self.SYM = sym_layout(self.e, self.is64)
        self.VD, self.VDA = verdef_layout(self.e), verdaux_layout(self.e)
        self.VN, self.VNA = verneed_layout(self.e), vernaux_layout(self.e)
        self.h = self.EH.read(self.data, 0)
        shoff, shentsize = self.h["e_shoff"], self.h["e_shentsize"]
        self.sh = []
        for i in range(self.h["e_shnum"]):
            s = self.SH.read(self.data, shoff + i * shentsize)
            s["_hoff"] = shoff + i * shentsize
            self.sh.append(s)
        strtab = self.sh[self.h["e_shstrndx"]]
        for s in self.sh:
            s["_name"] = self._cstr(strtab["sh_offset"] + s["sh_name"])

    def _cstr(self, off):
        return self.data[off:self.data.index(b"\0", off)].decode()

    # --- lookups --------------------------------------------------------
    def idx(self, name):
        for i, s in enumerate(self.sh):
            if s["_name"] == name:
                return i
        raise KeyError(name)

    def content(self, i):
        s = self.sh[i]
        return self.data[s["sh_offset"]:s["sh_offset"] + s["sh_size"]]

    def sym_off(self, sec, k):
        return self.sh[sec]["sh_offset"] + k * self.SYM.size

    def sym_index(self, sec, name):
        """Index of the symbol called NAME in symbol table SEC."""
        strsec = self.sh[sec]["sh_link"]
        base = self.sh[strsec]["sh_offset"]
        for k in range(self.sh[sec]["sh_size"] // self.SYM.size):
            st_name = self.SYM.get(self.data, self.sym_off(sec, k), "st_name")
            if self._cstr(base + st_name) == name:
                return k
        raise KeyError(name)

    def chain(self, sec, ent, aux, next_field, aux_field, auxcnt_field,
              auxnext_field):
        """Walk a verdef/verneed section: [(entry offset, [aux offsets])]."""
        out = []
        off = self.sh[sec]["sh_offset"]
        for _ in range(self.sh[sec]["sh_info"]):
            auxs = []
            a = off + ent.get(self.data, off, aux_field)
            for _ in range(ent.get(self.data, off, auxcnt_field)):
                auxs.append(a)
                a += aux.get(self.data, a, auxnext_field)
            out.append((off, auxs))
            off += ent.get(self.data, off, next_field)
        return out

    def verdefs(self, sec):
        return self.chain(sec, self.VD, self.VDA, "vd_next", "vd_aux",
                          "vd_cnt", "vda_next")

    def verneeds(self, sec):
        return self.chain(sec, self.VN, self.VNA, "vn_next", "vn_aux",
                          "vn_cnt", "vna_next")

    # --- patching a copy ------------------------------------------------
    def copy(self):
        return bytearray(self.data)

    def set_eh(self, buf, field, value):
        self.EH.put(buf, 0, field, value)

    def set_sh(self, buf, i, field, value):
        self.SH.put(buf, self.sh[i]["_hoff"], field, value)

    def set_sym(self, buf, sec, k, field, value):
        self.SYM.put(buf, self.sym_off(sec, k), field, value)

    def patch_eh(self, **fields):
        buf = self.copy()
        for f, v in fields.items():
            self.set_eh(buf, f, v)
        return buf

    def patch_sh(self, sec, **fields):
        buf = self.copy()
        for f, v in fields.items():
            self.set_sh(buf, sec, f, v)
        return buf


# --------------------------------------------------------------------------
# Whole-file rewrites that keep an ELF file valid; the cases then break the
# result in one place.  Section indices never change, only file placement.
# --------------------------------------------------------------------------
def relayout(elf, last):
    """Put the section header table right after the ELF header and store the
    sections named in LAST at the end of the file, in that order.

    gcc writes the header table at the very end, so plain truncation always
    loses it first; with this layout a truncation can cut *inside* a chosen
    section (symbol table, string table) while every header stays readable.
    Only for relocatable files (no program headers to keep in sync)."""
    assert elf.h["e_phnum"] == 0
    n = len(elf.sh)
    shentsize = elf.h["e_shentsize"]
    shoff = align(elf.h["e_ehsize"], 8)

    def key(i):
        name = elf.sh[i]["_name"]
        return (last.index(name) + 1 if name in last else 0,
                elf.sh[i]["sh_offset"])

    pos = shoff + n * shentsize
    placed = {}
    for i in sorted(range(1, n), key=key):
        s = elf.sh[i]
        pos = align(pos, max(s["sh_addralign"], 1))
        placed[i] = pos
        if s["sh_type"] != SHT_NOBITS:
            pos += s["sh_size"]
    buf = bytearray(pos)
    buf[:elf.h["e_ehsize"]] = elf.data[:elf.h["e_ehsize"]]
    elf.EH.put(buf, 0, "e_shoff", shoff)
    for i in range(n):
        hoff = shoff + i * shentsize
        buf[hoff:hoff + shentsize] = elf.data[elf.sh[i]["_hoff"]:
                                              elf.sh[i]["_hoff"] + shentsize]
        if i in placed:
            elf.SH.put(buf, hoff, "sh_offset", placed[i])
            if elf.sh[i]["sh_type"] != SHT_NOBITS:
                buf[placed[i]:placed[i] + elf.sh[i]["sh_size"]] = elf.content(i)
    return bytes(buf)


def add_sections(elf, extra):
    """Append new sections (dicts: name, sh_type, data, sh_link, sh_info,
    sh_addralign, sh_entsize) after the existing data, with a new .shstrtab
    copy that holds their names and a new, larger section header table.
    The old header table stays behind as unreferenced bytes, which is legal."""
    buf = bytearray(elf.data)
    shstrndx = elf.h["e_shstrndx"]
    names = bytearray(elf.content(shstrndx))
    headers = [dict(s) for s in elf.sh]
    for x in extra:
        hdr = {"sh_name": len(names), "sh_type": x["sh_type"], "sh_flags": 0,
               "sh_addr": 0, "sh_link": x.get("sh_link", 0),
               "sh_info": x.get("sh_info", 0),
               "sh_addralign": x.get("sh_addralign", 1),
               "sh_entsize": x.get("sh_entsize", 0)}
        names += x["name"].encode() + b"\0"
        buf += bytes(align(len(buf), hdr["sh_addralign"]) - len(buf))
        hdr["sh_offset"] = len(buf)
        hdr["sh_size"] = x.get("sh_size", len(x["data"]))
        buf += x["data"]
        headers.append(hdr)
    headers[shstrndx]["sh_offset"] = len(buf)
    headers[shstrndx]["sh_size"] = len(names)
    buf += names
    buf += bytes(align(len(buf), 8) - len(buf))
    shoff = len(buf)
    for hdr in headers:
        buf += elf.SH.pack(hdr)
    elf.EH.put(buf, 0, "e_shoff", shoff)
    elf.EH.put(buf, 0, "e_shnum", len(headers))
    return bytes(buf)


def with_xindex(elf, symname, table_len=None, entry=None, link=None):
    """Return ELF bytes where symbol SYMNAME has st_shndx == SHN_XINDEX and a
    SHT_SYMTAB_SHNDX section holds its real index.  TABLE_LEN / ENTRY / LINK
    override the table's byte size, that symbol's entry and sh_link to make
    the table itself malformed."""
    symtab = elf.idx(".symtab")
    k = elf.sym_index(symtab, symname)
    nsyms = elf.sh[symtab]["sh_size"] // elf.SYM.size
    real = elf.SYM.get(elf.data, elf.sym_off(symtab, k), "st_shndx")
    table = bytearray(4 * nsyms)      # gABI: entries of other symbols are 0
    struct.pack_into(elf.e + "I", table, 4 * k, real if entry is None else entry)
    if table_len is not None:
        table = table[:table_len]
    patched = elf.copy()
    elf.set_sym(patched, symtab, k, "st_shndx", SHN_XINDEX)
    return add_sections(Elf(patched), [{
        "name": ".symtab_shndx", "sh_type": SHT_SYMTAB_SHNDX,
        "data": bytes(table), "sh_link": symtab if link is None else link,
        "sh_addralign": 4, "sh_entsize": 4}])


def with_shnum_escape(elf):
    """Move e_shnum and e_shstrndx into section 0 (sh_size / sh_link), as
    the gABI allows: e_shnum = 0 and e_shstrndx = SHN_XINDEX."""
    buf = elf.patch_eh(e_shnum=0, e_shstrndx=SHN_XINDEX)
    elf.set_sh(buf, 0, "sh_size", elf.h["e_shnum"])
    elf.set_sh(buf, 0, "sh_link", elf.h["e_shstrndx"])
    return bytes(buf)


# --------------------------------------------------------------------------
# ar archives
# --------------------------------------------------------------------------
AR_FIELDS = {"name": (0, 16), "date": (16, 12), "uid": (28, 6), "gid": (34, 6),
             "mode": (40, 8), "size": (48, 10), "fmag": (58, 2)}
AR_SPECIAL = ("/", "//", "/SYM64/")


def ar_header(name, size, date="0", uid="0", gid="0", mode="644"):
    text = (name.ljust(16) + date.ljust(12) + uid.ljust(6) + gid.ljust(6) +
            mode.ljust(8) + str(size).ljust(10) + "`\n")
    assert len(text) == 60
    return text.encode()


def ar_set(buf, hoff, field, text):
    """Overwrite one fixed-width ar header field (space padded)."""
    off, width = AR_FIELDS[field]
    raw = text.encode() if isinstance(text, str) else text
    assert len(raw) <= width
    buf[hoff + off:hoff + off + width] = raw.ljust(width, b" ")


def ar_parse(data):
    """[(header offset, name field, size, data offset)] of a valid archive."""
    thin = data.startswith(b"!<thin>\n")
    pos, out = 8, []
    while pos + 60 <= len(data):
        name = data[pos:pos + 16].decode().rstrip()
        size = int(data[pos + 48:pos + 58])
        out.append({"hoff": pos, "name": name, "size": size, "doff": pos + 60})
        stored = size if (name in AR_SPECIAL or not thin) else 0
        pos += 60 + stored + (stored & 1)
    return out


def ar_build(members, symbols, thin=False, sym64=False, longnames=True):
    """Write an archive the way GNU ar does (deterministic mode).

    members: [(name, bytes)]; a thin archive stores only the size of bytes.
    symbols: [(symbol, member index)] for the armap ("/" or "/SYM64/").
    Names longer than 15 chars (all names, in a thin archive) go to the "//"
    table unless longnames is False (then the table is simply left out while
    the members still say "/offset": one of the malformed cases)."""
    table, fields = bytearray(), []
    for name, _ in members:
        if thin or len(name) > 15:
            fields.append("/%d" % len(table))
            table += name.encode() + b"/\n"
        else:
            fields.append(name + "/")
    word = 8 if sym64 else 4
    strings = b"".join(s.encode() + b"\0" for s, _ in symbols)
    map_size = word * (1 + len(symbols)) + len(strings)
    if map_size & 1:                      # BFD pads the map to an even size
        strings += b"\0"
        map_size += 1
    pos = 8
    if symbols:
        pos += 60 + map_size
    if table and longnames:
        pos += 60 + len(table) + (len(table) & 1)
    offsets = []
    for (name, data), _ in zip(members, fields):
        offsets.append(pos)
        stored = 0 if thin else len(data)
        pos += 60 + stored + (stored & 1)
    out = bytearray(b"!<thin>\n" if thin else b"!<arch>\n")
    if symbols:
        fmt = ">Q" if sym64 else ">I"
        out += ar_header("/SYM64/" if sym64 else "/", map_size, mode="0")
        out += struct.pack(fmt, len(symbols))
        for _, m in symbols:
            out += struct.pack(fmt, offsets[m])
        out += strings
    if table and longnames:
        out += ar_header("//", len(table), date="", uid="", gid="", mode="")
        out += table + b"\n" * (len(table) & 1)
    for (name, data), field in zip(members, fields):
        out += ar_header(field, len(data))
        if not thin:
            out += data + b"\n" * (len(data) & 1)
    return bytes(out)


def ar_symbols(data):
    """Armap of a valid archive as [(symbol, member header offset)]."""
    m = ar_parse(data)[0]
    assert m["name"] == "/"
    body = data[m["doff"]:m["doff"] + m["size"]]
    count = struct.unpack_from(">I", body, 0)[0]
    offs = struct.unpack_from(">%dI" % count, body, 4)
    names = body[4 + 4 * count:].split(b"\0")[:count]
    return [(n.decode(), o) for n, o in zip(names, offs)]


# --------------------------------------------------------------------------
# Building the valid inputs
# --------------------------------------------------------------------------
BASE_C = """\
/* Symbols of every nm class: data, bss, rodata, text, local, undefined. */
int base_data = 1;
static int base_local;
extern int base_ext(int);
const char base_rodata[] = "hi";
int base_bss;
int base_func(int x) { base_local += x; return base_ext(x) + base_data; }
"""

LIB_C = """\
/* Calls into libm and libc give two verneed entries; the version script
   gives three verdef entries (base, LIB_1, LIB_2 with parent LIB_1). */
#include <math.h>
#include <stdio.h>
int lib_counter = 3;
double lib_api_v1(double x) { return sin(x) + lib_counter; }
int lib_api_v2(const char *s) { return puts(s); }
"""

LIB_MAP = """\
LIB_1 { global: lib_api_v1; lib_counter; local: *; };
LIB_2 { global: lib_api_v2; } LIB_1;
"""

LINK_MAIN_C = """\
/* run.sh's link mode links this before each case: both members of lib.a
   define what it references, so an archive's members are loaded. */
int base_func(int);
int other_func(int);
int link_marker_main(void) { return base_func(1) + other_func(2); }
"""

GOOD_C = """\
/* The valid file run.sh appends after each bad one. */
int good_symbol_marker = 7;
int good_func(void) { return good_symbol_marker; }
"""

MIPS_S = """\
\t.text
\t.globl\tmips_func
\t.type\tmips_func, @function
mips_func:
\tjr\t$ra
\tnop
\t.size\tmips_func, .-mips_func
\t.data
\t.globl\tmips_data
\t.type\tmips_data, @object
mips_data:
\t.word\t1
\t.size\tmips_data, 4
\t.local\tmips_local
\t.comm\tmips_local,4,4
"""

LONG_NAME = "a_very_long_member_name_object.o"    # > 15 chars: uses "//"


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, env=dict(os.environ, LC_ALL="C"),
                   stdout=subprocess.DEVNULL)


def build_inputs(tmp):
    """Compile the valid inputs in TMP; return {name: bytes}."""
    files = {"base.c": BASE_C, "other.c": BASE_C.replace("base_", "other_"),
             "lib.c": LIB_C, "lib.map": LIB_MAP, "good.c": GOOD_C,
             "link-main.c": LINK_MAIN_C, "mips.s": MIPS_S}
    for name, text in files.items():
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    run(["gcc", "-c", "-O1", "base.c", "-o", "base.o"], tmp)
    run(["gcc", "-c", "-O1", "other.c", "-o", LONG_NAME], tmp)
    run(["gcc", "-c", "-O1", "good.c", "-o", "good.o"], tmp)
    run(["gcc", "-c", "-O1", "link-main.c", "-o", "link-main.o"], tmp)
    run(["gcc", "-shared", "-fPIC", "-O1", "good.c", "-o", "good.so"], tmp)
    run(["gcc", "-shared", "-fPIC", "-O1", "-Wl,--version-script=lib.map",
         "-Wl,-soname,libbase.so", "lib.c", "-o", "libbase.so", "-lm"], tmp)
    # D: deterministic (zero dates/uids) whatever the distribution default.
    run(["ar", "rcsD", "lib.a", "base.o", LONG_NAME], tmp)
    run(["ar", "rcsDT", "thin.a", "base.o", LONG_NAME], tmp)
    out = {}
    if shutil.which("mips-linux-gnu-as"):
        run(["mips-linux-gnu-as", "-EB", "-32", "mips.s", "-o", "mips.o"], tmp)
        out["mips.o"] = None
    else:
        print("gen.py: mips-linux-gnu-as not found: skipping ELF32 big-endian "
              "cases", file=sys.stderr)
    for name in ["base.o", LONG_NAME, "good.o", "good.so", "link-main.o",
                 "libbase.so", "lib.a", "thin.a"] + list(out):
        with open(os.path.join(tmp, name), "rb") as f:
            out[name] = f.read()
    return out


# --------------------------------------------------------------------------
# The suite
# --------------------------------------------------------------------------
class Suite:
    def __init__(self, outdir):
        self.outdir = outdir
        self.rows, self.valid_rows, self.link_rows = [], [], []
        self.sources, self.case_data = set(), set()
        for sub in ("aux", "good", "valid", "link"):
            os.makedirs(os.path.join(outdir, sub), exist_ok=True)

    def _write(self, rel, data):
        with open(os.path.join(self.outdir, rel), "wb") as f:
            f.write(bytes(data))

    def source(self, data):
        """Register a valid file: no case may be byte-identical to one."""
        self.sources.add(bytes(data))
        return data

    def add(self, name, data, desc, member="-", opts="-"):
        assert "/" not in name and all(r[0] != name for r in self.rows), name
        assert bytes(data) not in self.sources, "case %s patched nothing" % name
        # Two cases with the same bytes test the same thing twice.
        assert bytes(data) not in self.case_data, "case %s duplicates another" % name
        self.case_data.add(bytes(data))
        self._write(name, data)
        self.rows.append((name, member, desc, opts))

    def aux(self, rel, data):
        self._write(os.path.join("aux", rel), data)

    def good(self, rel, data):
        self._write(os.path.join("good", rel), data)

    def valid(self, rel, data, desc, opts="-"):
        self.source(data)
        self._write(os.path.join("valid", rel), data)
        if desc:
            self.valid_rows.append((rel, opts, desc))
        return data

    def link(self, name, how, allowed, data, desc):
        """A file only `linkscope link` reads (link/NAME, row in link.tsv)."""
        assert "/" not in name and all(r[0] != name for r in self.link_rows), name
        assert how in ("script", "rsp") and allowed, (how, allowed)
        if how == "script":
            assert name.startswith("lib") and name.endswith(".so"), name
        self._write(os.path.join("link", name), data)
        self.link_rows.append((name, how, allowed, desc))

    def finish(self):
        with open(os.path.join(self.outdir, "expect.tsv"), "w") as f:
            for row in self.rows:
                f.write("\t".join(row) + "\n")
        with open(os.path.join(self.outdir, "link.tsv"), "w") as f:
            for row in self.link_rows:
                f.write("\t".join(row) + "\n")
        with open(os.path.join(self.outdir, "valid.tsv"), "w") as f:
            for row in self.valid_rows:
                f.write("\t".join(row) + "\n")


def elf_header_cases(S, base, p):
    """Identification and ELF-header fields.  P is the name prefix."""
    d = base.data
    ehsize = base.h["e_ehsize"]
    shoff, shent = base.h["e_shoff"], base.h["e_shentsize"]
    shnum = base.h["e_shnum"]
    sfx = ".o"

    # Truncation at each header boundary (gcc puts the section header table
    # last, so everything from the cut on is gone, headers included).
    if p.startswith("elf64"):       # the same 4 bytes whatever the class
        S.add(p + "trunc-magic-only" + sfx, d[:4], "only the 4 magic bytes: e_ident truncated")
    S.add(p + "trunc-in-ident" + sfx, d[:10], "file ends inside e_ident")
    S.add(p + "trunc-at-ident-end" + sfx, d[:16], "e_ident complete, rest of ELF header missing")
    S.add(p + "trunc-in-ehdr" + sfx, d[:ehsize - 20], "file ends inside the ELF header")
    S.add(p + "trunc-ehdr-minus-1" + sfx, d[:ehsize - 1], "ELF header one byte short")
    S.add(p + "trunc-after-ehdr" + sfx, d[:ehsize], "only the ELF header: section header table past EOF")
    S.add(p + "trunc-before-shdrs" + sfx, d[:shoff], "file ends where the section header table starts")
    S.add(p + "trunc-in-shdr0" + sfx, d[:shoff + shent // 2], "file ends inside section header 0")
    S.add(p + "trunc-mid-shdrs" + sfx, d[:shoff + shent * (shnum // 2)],
          "file ends on a section header boundary, half the table missing")
    S.add(p + "trunc-in-last-shdr" + sfx, d[:-1], "last section header one byte short")

    if p.startswith("elf64"):
        # e_ident checks: only needed once, byte-order and class independent.
        for val, what in ((0, "none"), (3, "3")):
            b = base.copy(); b[EI_CLASS] = val
            S.add(p + "class-%s%s" % (what, sfx), b, "EI_CLASS = %d (invalid)" % val)
        for val, what in ((0, "none"), (3, "3")):
            b = base.copy(); b[EI_DATA] = val
            S.add(p + "data-%s%s" % (what, sfx), b, "EI_DATA = %d (invalid)" % val)
        b = base.copy(); b[EI_VERSION] = 0
        S.add(p + "ei-version-0" + sfx, b, "EI_VERSION = 0 (EV_NONE)")

    S.add(p + "shoff-past-eof" + sfx, base.patch_eh(e_shoff=len(d) + 0x1000),
          "e_shoff points past EOF")
    S.add(p + "shoff-overflow" + sfx, base.patch_eh(e_shoff=base.wmax - shent + 1),
          "e_shoff + e_shnum * e_shentsize overflows the word size")
    S.add(p + "shoff-zero-with-shnum" + sfx, base.patch_eh(e_shoff=0),
          "e_shoff = 0 (no table) but e_shnum > 0: table would overlap the ELF header")
    S.add(p + "shentsize-zero" + sfx, base.patch_eh(e_shentsize=0), "e_shentsize = 0")
    S.add(p + "shentsize-small" + sfx, base.patch_eh(e_shentsize=shent - 24),
          "e_shentsize smaller than the section header struct")
    S.add(p + "shnum-absurd" + sfx, base.patch_eh(e_shnum=0xFEFF),
          "e_shnum = 0xfeff: table runs far past EOF")
    S.add(p + "shstrndx-out-of-range" + sfx, base.patch_eh(e_shstrndx=shnum + 10),
          "e_shstrndx >= e_shnum")


def elf_section_cases(S, base, p):
    """Section headers, symbol and string tables of a relocatable object."""
    d = base.data
    sfx = ".o"
    symtab, strtab = base.idx(".symtab"), base.idx(".strtab")
    shstrtab = base.h["e_shstrndx"]
    text = base.idx(".text")
    sym = base.sh[symtab]
    ent = base.SYM.size
    nsyms = sym["sh_size"] // ent
    str_size = base.sh[strtab]["sh_size"]

    # Truncation inside a chosen section: relay the file out with all
    # headers first and that section last, then cut inside it.
    lay = Elf(relayout(base, [".symtab"]))
    off = lay.sh[symtab]["sh_offset"]
    S.add(p + "trunc-in-symtab" + sfx, lay.data[:off + ent * 4 + 7],
          "headers intact, file ends inside the symbol table")
    S.add(p + "trunc-symtab-entry-boundary" + sfx, lay.data[:off + ent * (nsyms // 2)],
          "headers intact, file ends on a symbol boundary, half the symbols missing")
    lay = Elf(relayout(base, [".strtab"]))
    off = lay.sh[strtab]["sh_offset"]
    S.add(p + "trunc-in-strtab" + sfx, lay.data[:off + str_size // 2],
          "headers intact, file ends inside the symbol string table")
    S.add(p + "trunc-strtab-last-byte" + sfx, lay.data[:off + str_size - 1],
          "headers intact, string table's final NUL missing (EOF)")
    lay = Elf(relayout(base, [".shstrtab"]))
    off = lay.sh[shstrtab]["sh_offset"]
    S.add(p + "trunc-in-shstrtab" + sfx,
          lay.data[:off + lay.sh[shstrtab]["sh_size"] // 2],
          "headers intact, file ends inside the section name string table")

    # Offsets and sizes.
    S.add(p + "symtab-offset-past-eof" + sfx, base.patch_sh(symtab, sh_offset=len(d) + 0x100),
          ".symtab sh_offset past EOF")
    over = (base.wmax + 1 - sym["sh_offset"]) // ent * ent + ent   # wraps to a small sum
    S.add(p + "symtab-offset-size-overflow" + sfx, base.patch_sh(symtab, sh_size=over),
          ".symtab sh_offset + sh_size overflows (wraps to a small value)")
    S.add(p + "symtab-size-past-eof" + sfx,
          base.patch_sh(symtab, sh_size=align(len(d), ent) + ent * 1000),
          ".symtab sh_size runs past EOF")
    S.add(p + "strtab-offset-past-eof" + sfx, base.patch_sh(strtab, sh_offset=len(d) + 0x100),
          ".strtab sh_offset past EOF")
    S.add(p + "strtab-offset-size-overflow" + sfx,
          base.patch_sh(strtab, sh_offset=base.wmax - 0xF),
          ".strtab sh_offset + sh_size overflows")
    S.add(p + "symtab-size-not-multiple" + sfx, base.patch_sh(symtab, sh_size=sym["sh_size"] - 5),
          ".symtab sh_size not a multiple of sh_entsize")
    S.add(p + "symtab-entsize-zero" + sfx, base.patch_sh(symtab, sh_entsize=0),
          ".symtab sh_entsize = 0")
    S.add(p + "symtab-entsize-wrong" + sfx, base.patch_sh(symtab, sh_entsize=ent - 8),
          ".symtab sh_entsize differs from the symbol struct size")

    # Links between sections.
    S.add(p + "symtab-link-out-of-range" + sfx, base.patch_sh(symtab, sh_link=0x100),
          ".symtab sh_link >= e_shnum")
    S.add(p + "symtab-link-to-progbits" + sfx, base.patch_sh(symtab, sh_link=text),
          ".symtab sh_link names .text (not a string table)")
    S.add(p + "symtab-link-to-null" + sfx, base.patch_sh(symtab, sh_link=0),
          ".symtab sh_link = 0 (SHT_NULL section)")
    S.add(p + "sh-name-past-shstrtab" + sfx,
          base.patch_sh(text, sh_name=base.sh[shstrtab]["sh_size"] + 0x40),
          ".text sh_name past the end of .shstrtab")
    b = base.copy(); b[base.sh[shstrtab]["sh_offset"] + base.sh[shstrtab]["sh_size"] - 1] = ord("X")
    S.add(p + "shstrtab-no-nul" + sfx, b, ".shstrtab last byte is not NUL")
    S.add(p + "shstrndx-not-strtab" + sfx, base.patch_eh(e_shstrndx=text),
          "e_shstrndx names .text (not a string table)")

    # Symbols.
    gsym = base.sym_index(symtab, p.startswith("elf32") and "mips_data" or "base_data")
    b = base.copy(); base.set_sym(b, symtab, gsym, "st_name", str_size + 0x100)
    S.add(p + "st-name-past-strtab" + sfx, b, "a global symbol's st_name past the string table end")
    b = base.copy(); base.set_sym(b, symtab, gsym, "st_name", str_size)
    S.add(p + "st-name-at-strtab-end" + sfx, b, "st_name == string table size (one past the end)")
    b = base.copy(); b[base.sh[strtab]["sh_offset"] + str_size - 1] = ord("X")
    S.add(p + "strtab-no-nul" + sfx, b,
          "string table's last byte patched: last symbol name unterminated")
    b = base.copy(); base.set_sym(b, symtab, gsym, "st_shndx", len(base.sh) + 0x80)
    S.add(p + "st-shndx-out-of-range" + sfx, b, "a defined symbol's st_shndx >= e_shnum")
    b = base.copy(); base.set_sym(b, symtab, gsym, "st_shndx", SHN_XINDEX)
    S.add(p + "st-shndx-xindex-no-table" + sfx, b,
          "st_shndx = SHN_XINDEX but no SHT_SYMTAB_SHNDX section")


def elf64_only_cases(S, base):
    """Escapes and extended section indices, checked once on the 64-bit LE .o."""
    p, sfx = "elf64-", ".o"
    nsec = base.h["e_shnum"]
    last_sym = (base.sh[base.idx(".symtab")]["sh_size"] // base.SYM.size) - 1

    # A section past EOF that `nm` itself never reads: still a corrupt file.
    S.add(p + "comment-offset-past-eof" + sfx,
          base.patch_sh(base.idx(".comment"), sh_offset=len(base.data) + 0x1000),
          ".comment (not needed by nm) has sh_offset past EOF")

    # e_shnum / e_shstrndx escapes through section 0.
    esc = with_shnum_escape(base)
    S.valid("shnum-escape.o", esc,
            "e_shnum = 0 and e_shstrndx = SHN_XINDEX, real values in section 0")
    # Section 0's header did not move, so base's offsets still address it.
    b = bytearray(esc); base.set_sh(b, 0, "sh_size", 0x7FFFFFFFFFFFFFFF)
    S.add(p + "shnum-escape-absurd" + sfx, b,
          "e_shnum = 0, section 0 sh_size = 2^63-1 (count * entsize overflows)")
    b = bytearray(esc); base.set_sh(b, 0, "sh_size", nsec + 1)
    S.add(p + "shnum-escape-past-eof" + sfx, b,
          "e_shnum = 0, section 0 sh_size one more than the table holds (past EOF)")
    b = bytearray(esc); base.set_sh(b, 0, "sh_link", 0x10000)
    S.add(p + "shstrndx-xindex-link-out-of-range" + sfx, b,
          "e_shstrndx = SHN_XINDEX, section 0 sh_link >= section count")

    # SHN_XINDEX with an extended index table.  The last symbol uses it so a
    # short table misses exactly that symbol's entry.
    symname = "base_rodata"
    assert base.sym_index(base.idx(".symtab"), symname) == last_sym
    S.valid("xindex.o", with_xindex(base, symname),
            "a symbol with st_shndx = SHN_XINDEX and a correct SHT_SYMTAB_SHNDX")
    S.add(p + "symtab-shndx-size-short" + sfx,
          with_xindex(base, symname, table_len=4 * last_sym),
          "SHT_SYMTAB_SHNDX one entry shorter than .symtab (XINDEX symbol's entry missing)")
    S.add(p + "symtab-shndx-size-odd" + sfx,
          with_xindex(base, symname, table_len=4 * last_sym + 2),
          "SHT_SYMTAB_SHNDX size not a multiple of 4")
    S.add(p + "symtab-shndx-entry-out-of-range" + sfx,
          with_xindex(base, symname, entry=0x12345),
          "SHT_SYMTAB_SHNDX entry >= section count")
    S.add(p + "symtab-shndx-link-not-symtab" + sfx,
          with_xindex(base, symname, link=base.idx(".text")),
          "SHT_SYMTAB_SHNDX sh_link names .text, so .symtab has no index table")
    x = Elf(with_xindex(base, symname))
    S.add(p + "symtab-shndx-offset-past-eof" + sfx,
          x.patch_sh(x.idx(".symtab_shndx"), sh_offset=len(x.data) + 0x100),
          "SHT_SYMTAB_SHNDX sh_offset past EOF")


def so_cases(S, so):
    """Program headers and dynamic symbols of the shared library."""
    p, sfx = "so-", ".so"
    d = so.data
    phoff, phent, phnum = so.h["e_phoff"], so.h["e_phentsize"], so.h["e_phnum"]
    dynsym, dynstr = so.idx(".dynsym"), so.idx(".dynstr")
    versym, verdef, verneed = (so.idx(".gnu.version"), so.idx(".gnu.version_d"),
                               so.idx(".gnu.version_r"))
    ent = so.SYM.size
    ndyn = so.sh[dynsym]["sh_size"] // ent
    dstr_size = so.sh[dynstr]["sh_size"]
    D = "-D"

    # Program header table: part of the file's structure whatever the options.
    S.add(p + "trunc-in-phdrs" + sfx, d[:phoff + phent + 20], "file ends inside the program header table")
    S.add(p + "trunc-half" + sfx, d[:len(d) // 2], "file cut in half: .dynamic and all section headers gone")
    S.add(p + "phoff-past-eof" + sfx, so.patch_eh(e_phoff=len(d) + 0x100), "e_phoff past EOF")
    S.add(p + "phoff-overflow" + sfx, so.patch_eh(e_phoff=U64 - 8),
          "e_phoff + e_phnum * e_phentsize overflows 64 bits")
    S.add(p + "phnum-absurd" + sfx, so.patch_eh(e_phnum=0xFFFE),
          "e_phnum = 0xfffe: program header table far past EOF")
    S.add(p + "phentsize-zero" + sfx, so.patch_eh(e_phentsize=0), "e_phentsize = 0 with e_phnum > 0")
    b = so.patch_eh(e_phnum=PN_XNUM); so.set_sh(b, 0, "sh_info", 0x7FFFFFFF)
    S.add(p + "pn-xnum-bogus-shinfo" + sfx, b,
          "e_phnum = PN_XNUM and section 0 sh_info = 0x7fffffff")

    # Dynamic symbol table (nm -D).
    S.add(p + "dynamic-offset-past-eof" + sfx,
          so.patch_sh(so.idx(".dynamic"), sh_offset=len(d) + 0x100),
          ".dynamic sh_offset past EOF", opts=D)
    S.add(p + "dynsym-offset-past-eof" + sfx, so.patch_sh(dynsym, sh_offset=len(d) + 0x100),
          ".dynsym sh_offset past EOF", opts=D)
    S.add(p + "dynsym-offset-size-overflow" + sfx,
          so.patch_sh(dynsym, sh_size=(U64 + 1 - so.sh[dynsym]["sh_offset"]) // ent * ent + ent),
          ".dynsym sh_offset + sh_size overflows 64 bits", opts=D)
    S.add(p + "dynsym-size-not-multiple" + sfx,
          so.patch_sh(dynsym, sh_size=so.sh[dynsym]["sh_size"] - 3),
          ".dynsym sh_size not a multiple of sh_entsize", opts=D)
    S.add(p + "dynsym-link-out-of-range" + sfx, so.patch_sh(dynsym, sh_link=0x200),
          ".dynsym sh_link >= e_shnum", opts=D)
    S.add(p + "dynsym-link-not-strtab" + sfx, so.patch_sh(dynsym, sh_link=so.idx(".gnu.hash")),
          ".dynsym sh_link names .gnu.hash", opts=D)
    k = so.sym_index(dynsym, "lib_api_v1")
    b = so.copy(); so.set_sym(b, dynsym, k, "st_name", dstr_size + 0x40)
    S.add(p + "dynsym-name-past-dynstr" + sfx, b, "a dynamic symbol's st_name past .dynstr", opts=D)
    b = so.copy(); b[so.sh[dynstr]["sh_offset"] + dstr_size - 1] = ord("X")
    S.add(p + "dynstr-no-nul" + sfx, b, ".dynstr last byte not NUL (last version name unterminated)",
          opts=D)

    # Symbol versions.
    S.add(p + "versym-size-mismatch" + sfx, so.patch_sh(versym, sh_size=2 * (ndyn - 1)),
          ".gnu.version has one entry fewer than .dynsym", opts=D)
    b = so.copy()
    struct.pack_into(so.e + "H", b, so.sh[versym]["sh_offset"] + 2 * k, 0x7FF0)
    S.add(p + "versym-index-undefined" + sfx, b,
          "a .gnu.version entry names version 0x7ff0, defined by no verdef/verneed", opts=D)

    vds = so.verdefs(verdef)
    assert len(vds) == 3
    (vd0, _), (vd1, vd1aux), (vd2, _) = vds
    VD, VDA = so.VD, so.VDA
    b = so.copy(); VD.put(b, vd0, "vd_next", 0)
    S.add(p + "verdef-next-zero-loop" + sfx, b,
          "first verdef vd_next = 0 while sh_info says 3 entries (entry loops on itself)", opts=D)
    b = so.copy(); VD.put(b, vd1, "vd_next", (vd0 - vd1) & U32)
    S.add(p + "verdef-next-cycle" + sfx, b,
          "second verdef vd_next wraps (mod 2^32) back to the first: cycle", opts=D)
    b = so.copy(); VD.put(b, vd1, "vd_next", so.sh[verdef]["sh_size"] + 0x100)
    S.add(p + "verdef-next-past-section" + sfx, b, "verdef vd_next points past the section", opts=D)
    b = so.copy(); VD.put(b, vd1, "vd_aux", so.sh[verdef]["sh_size"] + 0x100)
    S.add(p + "verdef-aux-past-section" + sfx, b, "verdef vd_aux points past the section", opts=D)
    S.add(p + "verdef-count-absurd" + sfx, so.patch_sh(verdef, sh_info=0xFFFFFFFF),
          ".gnu.version_d sh_info = 0xffffffff entries", opts=D)
    b = so.copy(); VD.put(b, vd1, "vd_version", 7)
    S.add(p + "verdef-bad-version" + sfx, b, "verdef vd_version = 7 (only 1 is defined)", opts=D)
    b = so.copy(); VDA.put(b, vd1aux[0], "vda_name", dstr_size + 0x40)
    S.add(p + "verdaux-name-past-dynstr" + sfx, b, "verdaux vda_name past .dynstr", opts=D)
    S.add(p + "verdef-offset-past-eof" + sfx, so.patch_sh(verdef, sh_offset=len(d) + 0x100),
          ".gnu.version_d sh_offset past EOF", opts=D)

    vns = so.verneeds(verneed)
    assert len(vns) == 2
    (vn0, vn0aux), (vn1, _) = vns
    VN, VNA = so.VN, so.VNA
    b = so.copy(); VN.put(b, vn0, "vn_next", 0)
    S.add(p + "verneed-next-zero-loop" + sfx, b,
          "first verneed vn_next = 0 while sh_info says 2 entries (entry loops on itself)", opts=D)
    b = so.patch_sh(verneed, sh_info=3); VN.put(b, vn1, "vn_next", (vn0 - vn1) & U32)
    S.add(p + "verneed-next-cycle" + sfx, b,
          "sh_info = 3 and the second verneed's vn_next wraps back to the first: cycle", opts=D)
    b = so.copy(); VN.put(b, vn0, "vn_next", so.sh[verneed]["sh_size"] + 0x100)
    S.add(p + "verneed-next-past-section" + sfx, b, "verneed vn_next points past the section",
          opts=D)
    S.add(p + "verneed-count-absurd" + sfx, so.patch_sh(verneed, sh_info=0xFFFFFFFF),
          ".gnu.version_r sh_info = 0xffffffff entries", opts=D)
    b = so.copy(); VN.put(b, vn0, "vn_file", dstr_size + 0x40)
    S.add(p + "verneed-file-past-dynstr" + sfx, b, "verneed vn_file past .dynstr", opts=D)
    b = so.copy(); VN.put(b, vn0, "vn_cnt", 0xFFFF)
    S.add(p + "verneed-cnt-exceeds-aux-chain" + sfx, b,
          "vn_cnt = 0xffff but the vernaux chain ends after one (vna_next = 0)", opts=D)
    b = so.copy(); VNA.put(b, vn0aux[0], "vna_next", so.sh[verneed]["sh_size"] + 0x100)
    VN.put(b, vn0, "vn_cnt", 2)
    S.add(p + "vernaux-next-past-section" + sfx, b, "vernaux vna_next points past the section",
          opts=D)
    b = so.copy(); VNA.put(b, vn0aux[0], "vna_name", dstr_size + 0x40)
    S.add(p + "vernaux-name-past-dynstr" + sfx, b, "vernaux vna_name past .dynstr", opts=D)


def archive_cases(S, inputs):
    p = "ar-"
    lib = inputs["lib.a"]
    mem = ar_parse(lib)
    by_name = {m["name"]: m for m in mem}
    symidx, names = by_name["/"], by_name["//"]
    first, second = mem[2], mem[3]          # base.o, then the long-named one
    assert first["name"] == "base.o/" and second["name"] == "/0"
    members = [("base.o", inputs["base.o"]), (LONG_NAME, inputs[LONG_NAME])]
    hoff_to_idx = {first["hoff"]: 0, second["hoff"]: 1}
    symbols = [(s, hoff_to_idx[o]) for s, o in ar_symbols(lib)]
    # The rebuilt archive must equal ar's, or the cases below built with
    # ar_build would test the writer instead of the reader.
    assert ar_build(members, symbols) == lib, "ar_build disagrees with GNU ar"
    assert ar_build(members, symbols, thin=True) == inputs["thin.a"]

    # Global header and member headers.
    S.add(p + "magic-truncated.a", lib[:6], "only '!<arch' (6 bytes): not even the magic")
    S.add(p + "garbage-after-magic.a", b"!<arch>\n" + b"this is not an ar member header, just text\n" * 2,
          "'!<arch>\\n' followed by text instead of a member header")
    b = bytearray(lib); ar_set(b, first["hoff"], "size", "15x6")
    S.add(p + "size-not-numeric.a", b, "member base.o header ar_size = '15x6'")
    b = bytearray(lib); ar_set(b, symidx["hoff"], "size", "12a4")
    S.add(p + "symidx-size-not-numeric.a", b, "symbol index header ar_size = '12a4'")
    b = bytearray(lib); ar_set(b, first["hoff"], "size", "-1536")
    S.add(p + "size-negative.a", b, "member ar_size = '-1536'")
    b = bytearray(lib); ar_set(b, first["hoff"], "size", "")
    S.add(p + "size-blank.a", b, "member ar_size all spaces")
    b = bytearray(lib); ar_set(b, second["hoff"], "size", str(second["size"] + 0x1000))
    S.add(p + "member-size-past-eof.a", b, "last member's ar_size runs past EOF")
    b = bytearray(lib); ar_set(b, first["hoff"], "size", "9999999999")
    S.add(p + "member-size-huge.a", b, "member ar_size = 9999999999 (far past EOF)")
    S.add(p + "member-header-truncated.a", lib[:second["hoff"] + 30],
          "file ends 30 bytes into a member header")
    S.add(p + "member-data-truncated.a", lib[:second["doff"] + 100],
          "file ends inside the last member's data")
    b = bytearray(lib); ar_set(b, first["hoff"], "fmag", "`X")
    S.add(p + "bad-fmag.a", b, "member header ar_fmag = '`X' instead of '`\\n'")

    # Long names.
    b = bytearray(lib); ar_set(b, second["hoff"], "name", "/9999")
    S.add(p + "longname-past-table.a", b, "member name '/9999' beyond the '//' table")
    b = bytearray(lib); ar_set(b, second["hoff"], "name", "/9999999999999")
    S.add(p + "longname-offset-huge.a", b, "member name '/9999999999999' (overflows 32 bits)")
    b = bytearray(lib)
    end = names["doff"] + names["size"]
    assert lib[end - 2:end] == b"/\n"
    b[end - 2:end] = b"XX"                      # the only entry loses its terminator
    ar_set(b, second["hoff"], "name", "/5")     # and is referenced from its middle
    S.add(p + "longname-no-terminator.a", b,
          "member name '/5' points into a '//' entry that has no '/\\n' terminator")
    S.add(p + "longname-table-missing.a", ar_build(members, symbols, longnames=False),
          "member name '/0' but the archive has no '//' table")

    # Symbol index ("/").
    b = bytearray(lib); struct.pack_into(">I", b, symidx["doff"], 0x10000000)
    S.add(p + "symidx-count-too-large.a", b, "symbol index count = 0x10000000, far beyond its size")
    b = (lib[:symidx["hoff"]] + ar_header("/", 2, mode="0") +
         lib[symidx["doff"]:symidx["doff"] + 2] + lib[names["hoff"]:])
    S.add(p + "symidx-size-too-small.a", b, "symbol index member is 2 bytes (no room for its count)")
    b = bytearray(lib); struct.pack_into(">I", b, symidx["doff"] + 4, len(lib) + 0x1000)
    S.add(p + "symidx-offset-past-eof.a", b, "symbol index offset points past EOF", opts="-s")
    b = bytearray(lib); struct.pack_into(">I", b, symidx["doff"] + 4, first["doff"] + 10)
    S.add(p + "symidx-offset-not-header.a", b,
          "symbol index offset points into member data, not at a header", opts="-s")
    b = bytearray(lib)
    end = symidx["doff"] + symidx["size"]
    assert lib[end - 1] == 0
    b[end - 1] = ord("X")
    S.add(p + "symidx-strings-unterminated.a", b, "symbol index string table: last name unterminated",
          opts="-s")

    # 64-bit symbol index ("/SYM64/").
    sym64 = ar_build(members, symbols, sym64=True)
    S.valid("sym64.a", sym64, "regular archive with a /SYM64/ symbol index")
    m64 = ar_parse(sym64)[0]
    S.add(p + "sym64-truncated.a", sym64[:m64["doff"] + 8 + 8 * 3 + 4],
          "file ends inside the /SYM64/ offsets")
    b = bytearray(sym64); struct.pack_into(">Q", b, m64["doff"], 1 << 60)
    S.add(p + "sym64-count-too-large.a", b, "/SYM64/ count = 2^60 (count * 8 overflows)")

    # Members that are themselves corrupt ELF: the error belongs to FILE(member).
    bad_shoff = Elf(inputs["base.o"]).patch_eh(e_shoff=len(inputs["base.o"]) + 0x100)
    S.add(p + "member-shoff-past-member.a",
          ar_build([("base.o", bad_shoff), members[1]], symbols),
          "member base.o: e_shoff past the member's end (but inside the archive)", member="base.o")
    other = Elf(inputs[LONG_NAME])
    st = other.idx(".symtab")
    S.add(p + "longname-member-corrupt.a",
          ar_build([members[0], (LONG_NAME, other.patch_sh(st, sh_size=other.sh[st]["sh_size"] - 5))],
                   symbols),
          "long-named member: .symtab size not a multiple of sh_entsize", member=LONG_NAME)
    S.add(p + "member-truncated-elf.a",
          ar_build([("base.o", inputs["base.o"][:40]), members[1]], symbols),
          "member base.o holds only the first 40 bytes of an ELF file", member="base.o")


def thin_cases(S, inputs):
    """Thin archives store member paths relative to the archive's directory
    (OUTDIR here) and no data; the header size is the referenced file's."""
    base = inputs["base.o"]
    S.valid("base.o", base, "")
    S.valid(LONG_NAME, inputs[LONG_NAME], "")
    S.valid("thin.a", inputs["thin.a"], "thin archive of base.o and the long-named object")
    syms = [("base_func", 0)]

    # Self reference: the header size must equal the archive's own size,
    # which is fixed once built because the size field has a fixed width.
    size = len(ar_build([("thin-self.a", b"")], syms, thin=True))
    S.add("thin-self.a", ar_build([("thin-self.a", b"\0" * size)], syms, thin=True),
          "thin archive whose member is the thin archive itself")
    S.add("thin-missing-member.a",
          ar_build([("aux/does-not-exist.o", base)], syms, thin=True),
          "thin archive member names a file that does not exist")

    # Two thin archives naming each other: outer -> aux/inner -> outer.
    inner = ar_build([("../thin-nested-cycle.a", b"\0" * 200)], [], thin=True)
    outer = ar_build([("aux/thin-nested-cycle-inner.a", inner)], [], thin=True)
    inner = ar_build([("../thin-nested-cycle.a", outer)], [], thin=True)
    S.aux("thin-nested-cycle-inner.a", inner)
    S.add("thin-nested-cycle.a", outer,
          "thin archive whose member is a thin archive pointing back at it")

    bad = Elf(base).patch_eh(e_shoff=len(base) + 0x100)
    S.aux("corrupt-member.o", bad)
    S.add("thin-member-corrupt-elf.a",
          ar_build([("aux/corrupt-member.o", bad)], syms, thin=True),
          "thin archive member is an ELF file with e_shoff past EOF")


def misc_cases(S):
    S.add("not-elf.txt", b"This is a plain text file, not an object file.\n",
          "text file: neither ELF nor archive")
    S.add("empty.o", b"", "empty file")
    S.add("three-bytes.o", b"\x7fEL", "3-byte file (partial ELF magic)")


def link_cases(S):
    """Linker scripts and response files for `linkscope link` (run.sh's
    link mode).  A script is found by -lNAME in OUTDIR/link; a response
    file is passed as @NAME.rsp with OUTDIR/link as the working directory,
    so the names inside are relative to it.  "2": a malformed input the
    link must refuse with one "linkscope link: ..." line; "1|2": ld itself
    would fail (exit 1 with the reason on stdout is as right as 2)."""
    # Linker scripts: each starts like one, so ls_ldscript_detect takes it
    # and the parser must say what is wrong and where.
    L = lambda name, data, desc, allowed="2": S.link(name, "script", allowed, data, desc)
    L("libunterminated-comment.so", b"/* GNU ld script */\nGROUP ( libc.so.6 ) /* never closed\n",
      "a comment after the GROUP is never closed")
    L("libunterminated-comment-in-list.so", b"INPUT ( /* never closed\n x.o )\n",
      "a comment inside INPUT ( ... ) is never closed")
    L("libunbalanced-group.so", b"GROUP ( a.o b.o\n",
      "GROUP ( without its ')'")
    L("libunbalanced-skipped.so", b"OUTPUT_FORMAT(elf64-x86-64\nGROUP ( a.o )\n",
      "OUTPUT_FORMAT( never closed: the skipped command swallows the rest")
    L("libparen-in-group.so", b"GROUP ( a.o ( b.o ) )\n", "a '(' inside GROUP's list")
    L("libstray-brace.so", b"INPUT ( a.o ) }\n", "a '}' no '{' opened")
    L("libempty-group.so", b"GROUP ( )\n", "GROUP ( ) with nothing in it")
    L("libunterminated-quote.so", b'GROUP ( "a.o )\n', "a quoted name never closed")
    # ls_ldscript_detect reads the first 64 KiB: a control byte there
    # makes the file "not a script" (see libc.so below); past it, the
    # parser meets it.
    L("libcontrol-byte.so", b"GROUP ( a.o )\n/*" + b" " * 70000 + b"*/\nINPUT ( \x01 )\n",
      "a control byte past the 64 KiB that detection reads")
    L("libname-too-long.so", b"INPUT ( " + b"n" * 5000 + b" )\n", "a 5000-byte name")
    L("libnested-as-needed.so",
      b"GROUP ( " + b"AS_NEEDED ( " * 64 + b"x.o" + b" )" * 64 + b" )\n",
      "AS_NEEDED nested 64 deep")
    L("libnested-braces.so", b"SECTIONS " + b"{ " * 100000 + b"}" * 100000 + b"\n",
      "SECTIONS with braces nested 100000 deep (skipped command)")
    L("libgroup-in-group.so", b"GROUP ( a.o GROUP ( b.o ) )\n", "GROUP inside GROUP")
    L("libas-needed-outside.so", b"INPUT ( a.o )\nAS_NEEDED ( b.o )\n",
      "AS_NEEDED outside INPUT or GROUP")
    # Not a script: binary junk where -lc finds libc.so.  bfd reports
    # "file format not recognized" (a failed link) or linkscope calls it
    # malformed; either way one clean answer.
    junk = bytes((i * 73 + 41) & 0xFF for i in range(4096))
    L("libc.so", junk, "4 KiB of binary junk named libc.so (found by -lc)", "1|2")
    L("libself.so", b"GROUP ( libself.so )\n",
      "a script that names itself: nesting must stop", "1|2")
    L("libfanout.so", b"GROUP ( libfanout.so libfanout.so libfanout.so )\n",
      "a script naming itself three times: 3^depth expansions unless bounded", "1|2")

    R = lambda name, data, desc, allowed="2": S.link(name, "rsp", allowed, data, desc)
    R("self.rsp", b"-shared -o /dev/null @self.rsp\n", "a response file that includes itself")
    R("ping.rsp", b"@pong.rsp\n", "ping.rsp includes pong.rsp, which includes ping.rsp")
    S.link("pong.rsp", "rsp", "2", b"-shared @ping.rsp\n", "the other half of the ping/pong cycle")
    R("fanout.rsp", b"@fanout.rsp @fanout.rsp @fanout.rsp\n",
      "a response file naming itself three times (response-file count limit)")
    R("missing.rsp", b"-shared -o /dev/null @does-not-exist.rsp ../good/link-main.o\n",
      "includes a response file that does not exist")
    R("directory.rsp", b"-shared -o /dev/null @. ../good/link-main.o\n",
      "includes @. (a directory)")
    # libiberty's buildargv (GNU ld's @FILE) ends an unterminated quote at
    # the end of the file: the file name then holds a newline, so ld fails
    # to find it (exit 1), unless the reader calls the line malformed (2).
    R("unterminated-double-quote.rsp", b'-shared -o /dev/null "../good/link-main.o\n',
      "a double quote never closed", "1|2")
    R("unterminated-single-quote.rsp", b"-shared -o /dev/null '../good/link-main.o\n",
      "a single quote never closed", "1|2")
    R("too-many-args.rsp", b"-shared -o /dev/null " + b"-v " * (1100000),
      "1.1 million arguments (over the 2^20 limit)")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR")
    outdir = sys.argv[1]
    S = Suite(outdir)
    with tempfile.TemporaryDirectory(prefix="linkscope-gen-") as tmp:
        inputs = build_inputs(tmp)
    for name, data in inputs.items():
        S.source(data)
    S.good("good.o", inputs["good.o"])
    S.good("good.so", inputs["good.so"])

    base = Elf(inputs["base.o"])
    so = Elf(inputs["libbase.so"])
    S.valid("libbase.so", inputs["libbase.so"], "versioned shared library (verdef + verneed)",
            opts="-D")
    S.valid("lib.a", inputs["lib.a"], "regular archive with a long member name")
    # Relaid-out files: must read exactly like base.o.
    for last in (".symtab", ".strtab", ".shstrtab"):
        S.valid("relaid%s.o" % last.replace(".", "-"), relayout(base, [last]),
                "base.o with section headers first and %s last" % last)

    elf_header_cases(S, base, "elf64-")
    elf_section_cases(S, base, "elf64-")
    elf64_only_cases(S, base)
    if "mips.o" in inputs:
        mips = Elf(inputs["mips.o"])
        S.valid("mips.o", inputs["mips.o"], "ELF32 big-endian MIPS object")
        S.valid("relaid-mips.o", relayout(mips, [".symtab"]),
                "mips.o with section headers first and .symtab last")
        elf_header_cases(S, mips, "elf32be-")
        elf_section_cases(S, mips, "elf32be-")
    so_cases(S, so)
    archive_cases(S, inputs)
    thin_cases(S, inputs)
    misc_cases(S)
    S.good("link-main.o", inputs["link-main.o"])
    link_cases(S)
    S.finish()
    print("gen.py: %d malformed cases, %d valid controls, %d link inputs in %s"
          % (len(S.rows), len(S.valid_rows), len(S.link_rows), outdir))


if __name__ == "__main__":
    main()
