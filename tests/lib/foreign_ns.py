#!/usr/bin/env python3
"""foreign_ns.py ARCH CMD... - runs CMD where ARCH programs run, without
registering anything on the host.

The command runs in a private user namespace (identity uid/gid map, so a
root that belongs to several users keeps its owners), with its own mount
and pid namespaces and its own binfmt_misc instance (Linux >= 6.7 gives a
user namespace a private one), where qemu-ARCH-static is registered from
/usr/lib/binfmt.d/qemu-ARCH.conf (qemu-user-static).  The 'F' flag of
that line makes the kernel open the interpreter at registration, so a
chroot without qemu inside still runs ARCH programs.  Outside the
namespace, ARCH programs still fail with ENOEXEC.

Exit status: CMD's; 125 when the namespace cannot be set up (the reason on
stderr, first word "foreign_ns:").
"""
import ctypes
import os
import sys
import time

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
BINFMT = "/proc/sys/fs/binfmt_misc"

libc = ctypes.CDLL(None, use_errno=True)


def die(msg):
    sys.stderr.write("foreign_ns: %s\n" % msg)
    os._exit(125)


def check(rc, what):
    if rc != 0:
        die("%s: %s" % (what, os.strerror(ctypes.get_errno())))


def register(arch):
    conf = "/usr/lib/binfmt.d/qemu-%s.conf" % arch
    try:
        line = open(conf).read().strip()
    except OSError as e:
        die("%s: %s (install qemu-user-static)" % (conf, e.strerror))
    check(libc.mount(b"binfmt_misc", BINFMT.encode(), b"binfmt_misc", 0, None),
          "mount binfmt_misc (needs Linux >= 6.7)")
    with open(BINFMT + "/register", "w") as f:
        f.write(line)


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: foreign_ns.py ARCH CMD...\n")
        sys.exit(2)
    arch, cmd = sys.argv[1], sys.argv[2:]
    r, w = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(w)
        check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID), "unshare")
        # The parent writes the maps, then says so on the pipe.
        if os.read(r, 1) != b"x":
            os._exit(125)
        check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None),
              "make / private")
        register(arch)
        # The first child of a new pid namespace is its init.
        pid = os.fork()
        if pid == 0:
            try:
                os.execvp(cmd[0], cmd)
            except OSError as e:
                die("%s: %s" % (cmd[0], e.strerror))
        _, st = os.waitpid(pid, 0)
        os._exit(os.waitstatus_to_exitcode(st) & 0xff)
    os.close(r)
    # The child unshares first; wait until its user namespace differs.
    mine = os.readlink("/proc/self/ns/user")
    for _ in range(10000):
        try:
            if os.readlink("/proc/%d/ns/user" % child) != mine:
                break
        except OSError:
            break
        time.sleep(0.001)
    try:
        with open("/proc/%d/setgroups" % child, "w") as f:
            f.write("allow")
    except OSError:
        pass
    for m in ("uid_map", "gid_map"):
        try:
            with open("/proc/%d/%s" % (child, m), "w") as f:
                f.write("0 0 4294967295\n")
        except OSError as e:
            os.kill(child, 9)
            die("writing %s: %s" % (m, e.strerror))
    os.write(w, b"x")
    os.close(w)
    _, st = os.waitpid(child, 0)
    sys.exit(os.waitstatus_to_exitcode(st) & 0xff)


if __name__ == "__main__":
    main()
