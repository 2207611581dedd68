#!/usr/bin/env bash
# elf-machine.sh - tell which GNU nm understands a file, or what kind it is.
#
# Usage:
#   elf-machine.sh FILE            print the nm program for FILE
#                                  (nm, aarch64-linux-gnu-nm, ...)
#   elf-machine.sh --kind FILE     print one of: rel exec dyn core elf-other
#                                  archive thin-archive
#   elf-machine.sh --info FILE     print "nm=<prog> kind=<kind> class=<1|2>
#                                  data=<1|2> machine=<e_machine>"
#   elf-machine.sh --table FILE... print "<nm>\t<kind>\t<path>" per file, with
#                                  "-" for both fields when it is not ELF/ar;
#                                  one process for many files, since forks
#                                  dominate the cost
#
# Exit status: 0 on success, 1 if FILE is neither ELF nor an ar archive with
# an ELF member (nothing is printed then), 2 on usage errors.  --table
# always exits 0.
#
# Why this exists: the differential test must run the *right* GNU nm as the
# oracle (host nm rejects foreign ELF machines with "file format not
# recognized"), and it must do so without trusting the tool under test.
# Only od/dd/bash are used, so it works wherever coreutils do.
#
# For archives the first ELF member decides (symbol table "/", long-name
# table "//" and non-ELF members such as text files are skipped).  Thin
# archives store only member paths, so the member file itself is examined,
# relative to the archive's directory as GNU ar/nm resolve it.

set -u

usage() {
    echo "usage: elf-machine.sh [--kind|--info] FILE | --table FILE..." >&2
    exit 2
}

mode='nm'
case "${1-}" in
    --kind) mode='kind'; shift ;;
    --info) mode=info; shift ;;
    --table) mode=table; shift ;;
    --nm) shift ;;
    -h|--help) usage ;;
esac
if [ "$mode" = table ]; then
    [ $# -ge 0 ] || usage
else
    [ $# -eq 1 ] || usage
fi
export LC_ALL=C

# read_text VAR FILE OFFSET COUNT -> VAR = raw bytes (for the ASCII parts of
# ar archives only).  bash drops NUL bytes from a command substitution and
# warns; a well-formed archive has none there, a broken one just won't match.
read_text() {
    { printf -v "$1" '%s' "$(dd if="$2" iflag=skip_bytes,count_bytes \
        skip="$3" count="$4" bs=4096 status=none 2>/dev/null)"; } 2>/dev/null
}

# Map e_machine to the cross nm of this machine's toolchain set.  i386 goes
# to host nm: Debian's x86-64 binutils includes the elf32-i386 target and
# prints the same thing as i686-linux-gnu-nm.
# (Sets PROG rather than printing it: forks are slow, and build.sh calls
# this script once per fixture.)
nm_for_machine() {
    case "$1" in
        62|3)   PROG='nm' ;;                          # EM_X86_64, EM_386
        183)    PROG='aarch64-linux-gnu-nm' ;;        # EM_AARCH64
        243)    PROG='riscv64-linux-gnu-nm' ;;        # EM_RISCV
        40)     PROG='arm-linux-gnueabihf-nm' ;;      # EM_ARM
        20|21)  PROG='powerpc64le-linux-gnu-nm' ;;    # EM_PPC, EM_PPC64
        22)     PROG='s390x-linux-gnu-nm' ;;          # EM_S390
        8|10)   PROG='mips-linux-gnu-nm' ;;           # EM_MIPS, EM_MIPS_RS3_LE
        *)      PROG='nm' ;;
    esac
}

# elf_info FILE OFFSET -> sets E_CLASS E_DATA E_TYPE E_MACHINE; returns 1 if
# there is no ELF header at OFFSET.
elf_info() {
    local b
    # shellcheck disable=SC2207  # word splitting of od's numbers is wanted
    b=($(od -A n -v -t u1 -j "$2" -N 20 -- "$1" 2>/dev/null))
    [ "${#b[@]}" -eq 20 ] || return 1
    [ "${b[0]}" = 127 ] && [ "${b[1]}" = 69 ] && [ "${b[2]}" = 76 ] &&
        [ "${b[3]}" = 70 ] || return 1
    E_CLASS=${b[4]}
    E_DATA=${b[5]}
    if [ "$E_DATA" = 2 ]; then      # big-endian
        E_TYPE=$(( b[16] * 256 + b[17] ))
        E_MACHINE=$(( b[18] * 256 + b[19] ))
    else
        E_TYPE=$(( b[17] * 256 + b[16] ))
        E_MACHINE=$(( b[19] * 256 + b[18] ))
    fi
    return 0
}

kind_for_type() {
    case "$1" in
        1) KIND='rel' ;;
        2) KIND='exec' ;;
        3) KIND='dyn' ;;
        4) KIND='core' ;;
        *) KIND='elf-other' ;;
    esac
}

# archive_first_elf ARCHIVE THIN(0|1) -> sets E_* from the first ELF member.
archive_first_elf() {
    local ar=$1 thin=$2 off=8 hdr name msize data longnames="" iter=0
    local dir member idx
    case "$ar" in
        */*) dir=${ar%/*} ;;
        *) dir=. ;;
    esac
    # The loop ends at the first short header (end of file); the iteration
    # cap only guards against a corrupt size field pointing backwards.
    while [ "$iter" -lt 100000 ]; do
        iter=$((iter + 1))
        read_text hdr "$ar" "$off" 60
        [ "${#hdr}" -ge 58 ] || return 1
        name=${hdr:0:16}
        while [ "${name% }" != "$name" ]; do name=${name% }; done
        msize=${hdr:48:10}
        msize=${msize//' '/}
        case "$msize" in ''|*[!0-9]*) return 1 ;; esac
        data=$((off + 60))
        case "$name" in
            /|/SYM64/|__.SYMDEF*)
                ;;
            //)
                # Thin archives need the table to find member paths.
                [ "$thin" = 1 ] && read_text longnames "$ar" "$data" "$msize"
                ;;
            *)
                if [ "$thin" = 1 ]; then
                    member=${name%/}
                    case "$name" in
                        /[0-9]*)
                            idx=${name#/}
                            member=${longnames:idx}
                            member=${member%%$'\n'*}
                            member=${member%/}
                            ;;
                    esac
                    case "$member" in
                        /*) ;;
                        *) member=$dir/$member ;;
                    esac
                    if [ -f "$member" ] && elf_info "$member" 0; then
                        return 0
                    fi
                    # Thin members have no data in the archive itself.
                    off=$data
                    continue
                fi
                elf_info "$ar" "$data" && return 0
                ;;
        esac
        off=$((data + msize + (msize & 1)))
    done
    return 1
}

# probe FILE -> sets PROG, KIND and E_*; returns 1 if FILE is not ELF/ar.
probe() {
    local file=$1 magic=
    [ -f "$file" ] && [ -r "$file" ] || return 1
    # The builtin read avoids a fork; neither magic contains a NUL byte.
    IFS= read -r -N 7 magic <"$file" 2>/dev/null || true
    case "$magic" in
        '!<arch>')
            KIND='archive'
            archive_first_elf "$file" 0 || return 1
            ;;
        '!<thin>')
            KIND='thin-archive'
            archive_first_elf "$file" 1 || return 1
            ;;
        $'\x7fELF'*)
            elf_info "$file" 0 || return 1
            kind_for_type "$E_TYPE"
            ;;
        *)
            return 1
            ;;
    esac
    nm_for_machine "$E_MACHINE"
}

if [ "$mode" = table ]; then
    for f in "$@"; do
        if probe "$f"; then
            printf '%s\t%s\t%s\n' "$PROG" "$KIND" "$f"
        else
            printf -- '-\t-\t%s\n' "$f"
        fi
    done
    exit 0
fi

probe "$1" || exit 1
case "$mode" in
    nm)   echo "$PROG" ;;
    kind) echo "$KIND" ;;
    info) echo "nm=$PROG kind=$KIND class=$E_CLASS data=$E_DATA machine=$E_MACHINE" ;;
esac
