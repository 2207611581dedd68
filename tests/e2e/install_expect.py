#!/usr/bin/env python3
"""install_expect.py MODE FILE - what examples/api/lsquery prints, derived
from the command's JSON document FILE (MODE: check, deps or link), for
tests/e2e/install.sh to compare.

The documents are searched for their keys wherever the envelope puts them
("files" at the top or inside the command's document), so an envelope
change does not break the comparison.
"""
import json
import sys


def find(o, key):
    if isinstance(o, dict):
        if key in o:
            return o[key]
        o = list(o.values())
    if isinstance(o, list):
        for v in o:
            r = find(v, key)
            if r is not None:
                return r
    return None


def s(v):
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    return v


def check(doc):
    f = find(doc, 'files')[0]
    for k in ('kind', 'machine', 'interpreter', 'relro', 'libc', 'glibc_floor'):
        print('%s=%s' % ('interp' if k == 'interpreter' else k, s(f.get(k))))
    for k in ('static', 'pie', 'nx', 'canary', 'bindnow'):
        print('%s=%s' % (k, s(f.get(k))))
    for n in f.get('needed') or []:
        print('needed=%s' % n)
    for x in f.get('failed') or []:
        print('failed=%s' % x['requirement'])
        print('symptom=%s' % x['symptom'])
        print('fix.c=%s' % s(x['fix']['c']))
        print('fix.go=%s' % s(x['fix']['go']))
    print('ok=%s' % ('false' if f.get('failed') else 'true'))


def deps(doc):
    f = find(doc, 'files')[0]
    print('missing=%d' % sum(1 for o in f['objects'] if not o['found']))
    print('ok=%s' % ('true' if f['verdict'] == 'ok' else 'false'))


def link(doc):
    for u in find(doc, 'undefined') or []:
        print('undefined=%s' % u['symbol'])
    for x in find(doc, 'duplicates') or []:
        print('duplicate=%s' % x['symbol'])
    print('ok=%s' % ('true' if find(doc, 'verdict') == 'ok' else 'false'))


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as fh:
        doc = json.load(fh)
    {'check': check, 'deps': deps, 'link': link}[mode](doc)


if __name__ == '__main__':
    main()
