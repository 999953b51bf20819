#!/usr/bin/env python3
"""Compare `huizong dump` with the external corpus oracle (std-lib only).

Usage: compare_xlsx_oracle.py HUIZONG_BIN CORPUS_DIR [MIN_PERCENT]

Every file under CORPUS_DIR/{xlsx,docx,broken} is dumped with a time limit:
the exit code must be 0 (JSON on stdout) or 1 (one line on stderr naming the
file), never a signal or a hang.  For each file whose oracle lists sheets
(openpyxl read it), the dump must match: same sheets, kinds and states, same
cells in order with the same types and values (numbers to 1e-9 relative).
Exit 0 when at least MIN_PERCENT (default 99) of those match exactly.

Known openpyxl 3.0.9 quirks allowed for (the oracle is wrong there):
* it keeps Excel's _xHHHH_ escapes in cell text undecoded (huizong decodes);
* it never reads a chartsheet's state (always "visible");
* an empty cell carrying a hyperlink gets the link target as its value
  (Cell.hyperlink setter): such oracle cells are ignored when the sheet XML
  has a hyperlink at that reference and the dump has no cell there.
"""
import json
import os
import re
import subprocess
import sys
import zipfile

TIMEOUT_S = 30
ESC = re.compile(r'_x([0-9A-Fa-f]{4})_')


def unescape(s):
    def sub(m):
        cp = int(m.group(1), 16)
        if cp == 0 or 0xD800 <= cp <= 0xDFFF:
            return m.group(0)
        return chr(cp)
    return ESC.sub(sub, s)


def same_value(t, got, want):
    if t == 'n':
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return False
        if isinstance(want, int) and isinstance(got, int):
            return got == want
        if want == got:
            return True
        return abs(got - want) <= 1e-9 * max(abs(got), abs(want))
    if t == 's':
        return got == unescape(want)
    return got == want


HYPERLINK = re.compile(rb'<(?:\w+:)?hyperlink\b[^>]*\bref="([A-Z]+[0-9]+)"')


def hyperlink_refs(path):
    """References of every <hyperlink> in the package's worksheets."""
    refs = set()
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith('xl/worksheets/') and name.endswith('.xml'):
                    refs.update(m.group(1).decode() for m in HYPERLINK.finditer(z.read(name)))
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        pass
    return refs


def compare(dump, oracle, path):
    """None when equal, else a short description of the first difference."""
    ws, gs = oracle['sheets'], dump.get('sheets')
    links = None
    if not isinstance(gs, list):
        return 'no "sheets" in the dump'
    if [s['name'] for s in ws] != [s.get('name') for s in gs]:
        return 'sheets %r, oracle %r' % ([s.get('name') for s in gs], [s['name'] for s in ws])
    for w, g in zip(ws, gs):
        for key in ('kind', 'state'):
            if key == 'state' and w['kind'] == 'chartsheet':
                continue
            if w[key] != g.get(key):
                return 'sheet %r %s %r, oracle %r' % (w['name'], key, g.get(key), w[key])
        wc, gc = w['cells'], g.get('cells', [])
        if len(wc) > len(gc):
            if links is None:
                links = hyperlink_refs(path)
            have = {c[0] for c in gc}
            wc = [c for c in wc if not (c[1] == 's' and c[0] in links and c[0] not in have)]
        for i, (a, b) in enumerate(zip(gc, wc)):
            if a[0] != b[0] or a[1] != b[1] or not same_value(b[1], a[2], b[2]):
                return 'sheet %r cell #%d: got %r, oracle %r' % (w['name'], i, a, b)
        if len(wc) != len(gc):
            k = min(len(wc), len(gc))
            extra = gc[k:k + 1] or wc[k:k + 1]
            return 'sheet %r: %d cells, oracle %d (first extra %r)' % (w['name'], len(gc), len(wc), extra)
    return None


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    binary, corpus = sys.argv[1], sys.argv[2]
    bar = float(sys.argv[3]) if len(sys.argv) > 3 else 99.0
    odir = os.path.join(corpus, 'oracle')
    crashes, compared, matched, mismatches = [], 0, 0, []
    refused = 0
    for sub in ('xlsx', 'docx', 'broken'):
        d = os.path.join(corpus, sub)
        if not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            path = os.path.join(d, fn)
            try:
                cp = subprocess.run([binary, 'dump', path], capture_output=True, timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                crashes.append('%s/%s: no answer within %d s' % (sub, fn, TIMEOUT_S))
                continue
            err = cp.stderr.decode('utf-8', 'replace')
            if cp.returncode not in (0, 1):
                crashes.append('%s/%s: exit %d %s' % (sub, fn, cp.returncode, err.strip()[-200:]))
                continue
            if cp.returncode == 1:
                refused += 1
                lines = err.strip().split('\n')
                if len(lines) != 1 or fn not in lines[0] or cp.stdout:
                    crashes.append('%s/%s: refusal is not one line naming the file: %r' % (sub, fn, err[:300]))
                    continue
            try:
                dump = json.loads(cp.stdout.decode('utf-8')) if cp.returncode == 0 else None
            except (UnicodeDecodeError, ValueError) as e:
                crashes.append('%s/%s: output is not UTF-8 JSON: %s' % (sub, fn, e))
                continue
            opath = os.path.join(odir, fn + '.json')
            if not os.path.exists(opath):
                continue
            with open(opath, encoding='utf-8') as f:
                oracle = json.load(f)
            if 'sheets' not in oracle:
                continue
            compared += 1
            why = 'refused: ' + err.strip() if dump is None else compare(dump, oracle, path)
            if why is None:
                matched += 1
            else:
                mismatches.append('%s/%s: %s' % (sub, fn, why[:300]))
    for c in crashes:
        print('CRASH/HANG/BAD EXIT:', c)
    for m in mismatches:
        print('MISMATCH:', m)
    pct = 100.0 * matched / compared if compared else 100.0
    print('xlsx files compared with the oracle: %d, exact matches: %d (%.1f %%), refused overall: %d'
          % (compared, matched, pct, refused))
    return 0 if not crashes and pct >= bar else 1


if __name__ == '__main__':
    sys.exit(main())
