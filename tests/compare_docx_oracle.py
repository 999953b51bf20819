#!/usr/bin/env python3
"""Compare `huizong dump` on every .docx of the external corpus with its oracle.

Usage: compare_docx_oracle.py DUMP_CMD CORPUS_DIR [MIN_PERCENT]
  DUMP_CMD is a command prefix (e.g. "build/huizong dump"); the file is
  appended.  For docx/ files whose oracle has no "error": the dump must
  exit 0 and print JSON whose "blocks" (and "textboxes", when either side has
  them) equal the oracle's.  For broken/ .docx files: exit 0 with JSON, or
  exit 1 with one line on stderr; never a crash, a hang or another code.
Prints every mismatch and a summary; exit 1 when the match rate is below
MIN_PERCENT (default 99) or a broken file was mishandled.
Python 3 standard library only.
"""
import json
import os
import shlex
import subprocess
import sys

DOCX_EXT = ('.docx', '.docm', '.dotx', '.dotm')


def first_diff(a, b, path='$'):
    if type(a) != type(b):
        return '%s: %r != %r' % (path, a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return '%s.%s: only in %s' % (path, k, 'dump' if k in a else 'oracle')
            d = first_diff(a[k], b[k], path + '.' + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, '%s[%d]' % (path, i))
            if d:
                return d
        if len(a) != len(b):
            return '%s: length %d != %d (next: %r)' % (path, len(a), len(b),
                                                       (a[len(b)] if len(a) > len(b) else b[len(a)]))
        return None
    return None if a == b else '%s: %r != %r' % (path, a, b)


def run(cmd, path):
    try:
        cp = subprocess.run(cmd + [path], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None, 'timeout', b''
    return cp.returncode, cp.stdout, cp.stderr


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    cmd = shlex.split(sys.argv[1])
    corpus = sys.argv[2]
    need = float(sys.argv[3]) if len(sys.argv) > 3 else 99.0
    oracle_dir = os.path.join(corpus, 'oracle')
    total = ok = 0
    bad_broken = 0
    for fn in sorted(os.listdir(os.path.join(corpus, 'docx'))):
        if not fn.lower().endswith(DOCX_EXT):
            continue
        try:
            with open(os.path.join(oracle_dir, fn + '.json'), encoding='utf-8') as f:
                oracle = json.load(f)
        except (OSError, ValueError):
            continue
        if 'error' in oracle:
            continue
        total += 1
        rc, out, err = run(cmd, os.path.join(corpus, 'docx', fn))
        if rc != 0:
            print('MISMATCH %s: exit %s %s' % (fn, rc, err.decode('utf-8', 'replace').strip()[:300]))
            continue
        try:
            got = json.loads(out.decode('utf-8'))
        except ValueError as e:
            print('MISMATCH %s: output is not JSON (%s)' % (fn, e))
            continue
        want = {'blocks': oracle['blocks']}
        have = {'blocks': got.get('blocks')}
        if 'textboxes' in oracle or 'textboxes' in got:
            want['textboxes'] = oracle.get('textboxes', [])
            have['textboxes'] = got.get('textboxes', [])
        d = first_diff(have, want)
        if d:
            print('MISMATCH %s: %s' % (fn, d[:400]))
        else:
            ok += 1
    bdir = os.path.join(corpus, 'broken')
    nbroken = 0
    for fn in sorted(os.listdir(bdir)) if os.path.isdir(bdir) else []:
        if not fn.lower().endswith(DOCX_EXT):
            continue
        nbroken += 1
        rc, out, err = run(cmd, os.path.join(bdir, fn))
        if rc == 0:
            try:
                json.loads(out.decode('utf-8'))
                continue
            except ValueError:
                print('BROKEN %s: exit 0 but output is not JSON' % fn)
        elif rc == 1 and len(err.strip().splitlines()) == 1:
            continue
        else:
            print('BROKEN %s: exit %s, stderr %r' % (fn, rc, err[-300:]))
        bad_broken += 1
    pct = 100.0 * ok / total if total else 100.0
    print('docx: %d/%d match the oracle (%.1f%%, need %.1f%%); broken .docx: %d, mishandled %d'
          % (ok, total, pct, need, nbroken, bad_broken))
    return 0 if pct >= need and bad_broken == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
