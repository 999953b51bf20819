#!/usr/bin/env python3
"""Check the docx reader against a gencampaign.py campaign's manifest.json.

Usage: check_docx_campaign.py DUMP_CMD CAMPAIGN_DIR
  DUMP_CMD prints the dump JSON of a .docx read as the form stages read it
  (DOCX_TEXT_FOR_FORMS), the file path appended.  For every docx form in the
  manifest, each task row's cells (ref, title, status, score, count ...) must
  read as the generator meant to write them (a placeholder content control
  reads empty), and unit/date paragraphs must appear.  Stdlib only.
"""
import json
import os
import shlex
import subprocess
import sys


def disp(v):
    if v is None:
        return ''
    if isinstance(v, dict):
        if 's' in v:
            return v['s']
        n = v['n']
        return str(int(n)) if float(n).is_integer() else repr(n)
    return str(v)


def main():
    cmd = shlex.split(sys.argv[1])
    camp = sys.argv[2]
    man = json.load(open(os.path.join(camp, 'manifest.json'), encoding='utf-8'))
    files = cells = bad = 0
    for e in man:
        lay = e.get('layout') or {}
        if not e['path'].endswith('.docx') or 'table' not in lay or 'cols' not in lay:
            continue
        cp = subprocess.run(cmd + [os.path.join(camp, e['path'])], capture_output=True, timeout=60)
        if cp.returncode != 0:
            print('FAIL %s: exit %d %s' % (e['path'], cp.returncode, cp.stderr.decode()[:200]))
            bad += 1
            continue
        files += 1
        doc = json.loads(cp.stdout.decode('utf-8'))
        tables = [b['table'] for b in doc['blocks'] if 'table' in b]
        paras = [b['p'] for b in doc['blocks'] if 'p' in b]
        # the form table: the first whose header row shows the written headers
        # (layout's table index does not count a decoy table before it)
        heads = [c[2] for c in e.get('cols', [])]
        hr = lay.get('header_row', 0)
        cand = [t for t in tables if len(t) > hr and all(h in t[hr] for h in heads)]
        if not cand:
            bad += 1
            print('MISMATCH %s: no table with header %r' % (e['path'], heads))
            continue
        t = cand[0]
        rows = {r['task']: r for r in e.get('rows', []) if r.get('task')}
        for ri, task in lay['rows']:
            r = rows.get(task)
            if r is None:
                continue
            for role, ci in lay['cols'].items():
                key = role + '_d' if role not in ('score',) else 'self_d'
                if key not in r:
                    continue
                want = disp(r[key])
                if role == 'status' and r.get('status_ph'):
                    want = ''
                got = t[ri][ci] if ri < len(t) and ci < len(t[ri]) else None
                cells += 1
                if got != want:
                    bad += 1
                    print('MISMATCH %s row %d col %s: got %r want %r' % (e['path'], ri, role, got, want))
        if e.get('unit_mode') == 'cell' and e.get('unit_label'):
            want = e['unit_label'] + e['unit_d']
            if not any(want in p for p in paras):
                bad += 1
                print('MISMATCH %s: no unit paragraph %r' % (e['path'], want))
    print('docx forms: %d files, %d cells checked, %d mismatches' % (files, cells, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
