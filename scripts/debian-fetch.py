#!/usr/bin/env python3
"""debian-fetch.py - download Debian binary packages of one release and
architecture, verified the way apt verifies them, and extract them.

  python3 scripts/debian-fetch.py --release bullseye --arch amd64 \\
          --dest DIR libc6 libstdc++6 libgcc-s1

The chain of trust is apt's (apt-pkg/acquire-item.cc, methods/gpgv.cc):

  1. dists/RELEASE/InRelease is checked with
     `gpgv --keyring /usr/share/keyrings/debian-archive-keyring.gpg`;
     only the text gpgv returns as signed is read afterwards (an unsigned
     preamble or trailer can never inject a checksum), and its Suite or
     Codename must name RELEASE (no replay of another suite's file).
  2. main/binary-ARCH/Packages.xz must have the SHA256 and size that the
     signed InRelease lists.
  3. every .deb must have the SHA256 and size its Packages stanza lists.

Then each package is extracted with `dpkg-deb -x DEB DEST` and DEST is
printed.  Nothing is installed and no maintainer script runs.

Mirror: the URIs of /etc/apt/sources.list.d/debian.sources (the first
entry serving Debian's main archive), else http://deb.debian.org/debian;
buster left the main mirrors and is fetched from
http://archive.debian.org/debian.  --mirror overrides.

Cache: ${XDG_CACHE_HOME:-/var/tmp}/linkscope-debs holds the verified
InRelease and Packages.xz of each release (dists/...) and the .debs
(pool/..., Debian's own paths).  A cached file is used only when its
SHA256 still matches; --offline uses the cached InRelease (its signature
is checked again) and never touches the network.

Exit status: 0 success; 3 the mirror is unreachable (or, with --offline,
the release is not cached); 1 any other failure (bad signature, missing
key, checksum mismatch, unknown package, dpkg-deb failure).

--manifest FILE writes JSON provenance (mirror, release, the InRelease
Date and Version, each package's version, filename and SHA256): the
target-data generator (scripts/gen-targets.py) imports this module and
records the same fields.
"""
import argparse
import hashlib
import json
import lzma
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

DEFAULT_MIRROR = 'http://deb.debian.org/debian'
ARCHIVE_MIRROR = 'http://archive.debian.org/debian'
ARCHIVED = ('buster', 'stretch', 'jessie')
KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg'
TIMEOUT = 30


class Unreachable(Exception):
    """The mirror could not be reached (exit 3)."""


class Failure(Exception):
    """Anything else that went wrong (exit 1)."""


def cache_root():
    base = os.environ.get('XDG_CACHE_HOME') or '/var/tmp'
    return os.path.join(base, 'linkscope-debs')


def system_mirror():
    """The first deb822 URIs of debian.sources that serves the main
    archive (not debian-security), as apt would use it."""
    path = '/etc/apt/sources.list.d/debian.sources'
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except OSError:
        return None
    for stanza in text.split('\n\n'):
        for line in stanza.splitlines():
            if line.startswith('URIs:'):
                for uri in line.split()[1:]:
                    u = uri.rstrip('/')
                    if u.endswith('/debian') and u.startswith('http'):
                        return u
    return None


def pick_mirror(release, override):
    if override:
        return override.rstrip('/')
    if release in ARCHIVED:
        return ARCHIVE_MIRROR
    return system_mirror() or DEFAULT_MIRROR


def download(url, dest):
    """Fetch URL into the file DEST (written to a temporary then
    renamed).  Network-level failures are Unreachable, HTTP errors are
    Failure (the mirror answered: the file is not there)."""
    tmp = dest + '.part'
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    try:
        req = urllib.request.Request(url, headers={'User-Agent': 'linkscope-debian-fetch/1'})
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r, open(tmp, 'wb') as out:
            shutil.copyfileobj(r, out, 1 << 20)
    except urllib.error.HTTPError as e:
        raise Failure(f'{url}: HTTP {e.code} {e.reason}')
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        reason = getattr(e, 'reason', e)
        raise Unreachable(f'{url}: {reason}')
    os.replace(tmp, dest)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def gpgv_verify(inrelease, keyring):
    """Check the clearsigned INRELEASE with gpgv; return the signed text.
    Like apt (methods/gpgv.cc), one good signature from the keyring is
    enough, and any BADSIG is fatal."""
    if not os.path.exists(keyring):
        raise Failure(f'keyring {keyring} not found (install debian-archive-keyring)')
    with tempfile.TemporaryDirectory() as td:
        out = os.path.join(td, 'signed')
        p = subprocess.run(['gpgv', '--status-fd', '1', '--keyring', keyring,
                            '--output', out, inrelease],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        status = p.stdout.splitlines()
        good = [l for l in status if l.startswith('[GNUPG:] GOODSIG ')]
        bad = [l for l in status if l.startswith('[GNUPG:] BADSIG ')]
        nokey = [l.split()[2] for l in status if l.startswith('[GNUPG:] NO_PUBKEY ')]
        if bad:
            raise Failure(f'{inrelease}: BAD signature ({bad[0]})')
        if not good:
            if nokey:
                raise Failure(f'{inrelease}: signed by key(s) {", ".join(nokey)} which '
                              f'{keyring} does not hold: this release\'s archive key is '
                              f'missing (a newer debian-archive-keyring, or --keyring FILE)')
            raise Failure(f'{inrelease}: no good signature: {p.stderr.strip()}')
        with open(out, encoding='utf-8', errors='replace') as f:
            return f.read(), [l.split(None, 3)[3] for l in good]


def parse_deb822(text):
    """Stanzas of a Debian control file as dicts (continuation lines
    joined with newlines; multi-line fields keep their first line empty)."""
    stanzas, cur, key = [], {}, None
    for line in text.splitlines():
        if not line.strip():
            if cur:
                stanzas.append(cur)
            cur, key = {}, None
        elif line[0] in ' \t' and key:
            cur[key] += '\n' + line.strip()
        elif ':' in line:
            key, _, val = line.partition(':')
            cur[key] = val.strip()
    if cur:
        stanzas.append(cur)
    return stanzas


def release_checksum(release_fields, path):
    for line in release_fields.get('SHA256', '').splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == path:
            return parts[0], int(parts[1])
    raise Failure(f'InRelease lists no SHA256 for {path}')


def verified_file(url, path, sha, size, offline):
    """PATH (a cache file) with the given SHA256 and size, downloaded from
    URL when the cached copy is missing or differs."""
    if os.path.exists(path) and os.path.getsize(path) == size and sha256_file(path) == sha:
        return path
    if offline:
        if os.path.exists(path):
            raise Failure(f'{path}: the cached copy does not have the SHA256 {sha} '
                          f'(size {size}) of the signed index')
        raise Unreachable(f'{path} is not cached (--offline)')
    download(url, path)
    got = sha256_file(path)
    if got != sha or os.path.getsize(path) != size:
        bad = path + '.bad'
        os.replace(path, bad)
        raise Failure(f'{url}: SHA256 {got} (size {os.path.getsize(bad)}) but the signed '
                      f'index says {sha} (size {size}); kept as {bad}')
    return path


class Archive:
    """One release and architecture of a verified mirror."""

    def __init__(self, release, arch, mirror=None, keyring=KEYRING, offline=False,
                 cache=None):
        self.release, self.arch, self.offline = release, arch, offline
        self.mirror = pick_mirror(release, mirror)
        self.keyring = keyring
        self.cache = cache or cache_root()
        self.fields = None
        self.packages = None
        self.signers = []

    def _dists(self, *rest):
        return os.path.join(self.cache, 'dists', self.release, *rest)

    def load_release(self):
        cached = self._dists('InRelease')
        if self.offline:
            if not os.path.exists(cached):
                raise Unreachable(f'{self.release} is not cached under {self.cache} (--offline)')
            src = cached
        else:
            src = cached + '.new'
            download(f'{self.mirror}/dists/{self.release}/InRelease', src)
        text, self.signers = gpgv_verify(src, self.keyring)
        fields = parse_deb822(text)
        if not fields:
            raise Failure(f'{src}: signed text holds no Release fields')
        fields = fields[0]
        names = {fields.get('Suite'), fields.get('Codename')}
        if self.release not in names:
            raise Failure(f'{src}: signed for suite {fields.get("Suite")} codename '
                          f'{fields.get("Codename")}, not {self.release}')
        archs = fields.get('Architectures', '').split()
        if self.arch not in archs:
            raise Failure(f'{self.release} has no architecture {self.arch} '
                          f'({" ".join(archs)})')
        if src != cached:
            os.replace(src, cached)
        self.fields = fields
        return fields

    def load_packages(self):
        if self.fields is None:
            self.load_release()
        rel = f'main/binary-{self.arch}/Packages.xz'
        sha, size = release_checksum(self.fields, rel)
        path = verified_file(f'{self.mirror}/dists/{self.release}/{rel}',
                             self._dists(rel), sha, size, self.offline)
        with lzma.open(path, 'rt', encoding='utf-8', errors='replace') as f:
            stanzas = parse_deb822(f.read())
        pk = {}
        for s in stanzas:
            name = s.get('Package')
            if not name:
                continue
            if name in pk and not newer(s.get('Version', ''), pk[name].get('Version', '')):
                continue
            pk[name] = s
        self.packages = pk
        return pk

    def fetch(self, name):
        """The verified cached .deb of package NAME and its provenance."""
        if self.packages is None:
            self.load_packages()
        s = self.packages.get(name)
        if s is None:
            raise Failure(f'package {name} is not in {self.release}/main/binary-{self.arch}')
        fn, sha, size = s.get('Filename'), s.get('SHA256'), s.get('Size')
        if not fn or not sha or not size or '..' in fn.split('/'):
            raise Failure(f'package {name}: stanza lacks Filename/SHA256/Size')
        path = verified_file(f'{self.mirror}/{fn}', os.path.join(self.cache, fn),
                             sha, int(size), self.offline)
        return path, {'package': name, 'version': s.get('Version'),
                      'architecture': s.get('Architecture'), 'filename': fn,
                      'sha256': sha, 'size': int(size)}

    def provenance(self):
        return {'mirror': self.mirror, 'release': self.release, 'arch': self.arch,
                'suite': self.fields.get('Suite'), 'codename': self.fields.get('Codename'),
                'release_version': self.fields.get('Version'),
                'date': self.fields.get('Date'), 'signers': self.signers}


def newer(a, b):
    """dpkg's version order (dpkg --compare-versions)."""
    if not b:
        return True
    return subprocess.run(['dpkg', '--compare-versions', a, 'gt', b]).returncode == 0


def extract(deb, dest):
    p = subprocess.run(['dpkg-deb', '-x', deb, dest], stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise Failure(f'dpkg-deb -x {deb}: {p.stderr.strip()}')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--release', required=True, help='buster, bullseye, bookworm, trixie, ...')
    ap.add_argument('--arch', required=True, help='Debian architecture: amd64, arm64, ...')
    ap.add_argument('--dest', required=True, help='directory to extract into')
    ap.add_argument('--mirror', help='mirror URL (default: debian.sources, else deb.debian.org)')
    ap.add_argument('--keyring', default=KEYRING)
    ap.add_argument('--offline', action='store_true', help='use only the cache')
    ap.add_argument('--manifest', help='write JSON provenance to this file')
    ap.add_argument('packages', nargs='+')
    a = ap.parse_args(argv)
    try:
        arc = Archive(a.release, a.arch, a.mirror, a.keyring, a.offline)
        arc.load_packages()
        os.makedirs(a.dest, exist_ok=True)
        debs = []
        for name in a.packages:
            path, info = arc.fetch(name)
            extract(path, a.dest)
            debs.append(info)
        if a.manifest:
            with open(a.manifest, 'w', encoding='utf-8') as f:
                json.dump(dict(arc.provenance(), debs=debs), f, indent=1)
                f.write('\n')
    except Unreachable as e:
        print(f'debian-fetch: mirror unreachable: {e}', file=sys.stderr)
        return 3
    except Failure as e:
        print(f'debian-fetch: {e}', file=sys.stderr)
        return 1
    print(a.dest)
    return 0


if __name__ == '__main__':
    sys.exit(main())
