#!/usr/bin/env python3
"""Hostile .xlsx files, made at test time (nothing big is committed), each
given to `huizong dump`: it must answer (read or refuse with one line, exit
0 or 1) within a time limit and, in the normal build, under 64 MB peak RSS.

Usage: check_hostile.py HUIZONG_BIN WORKDIR
Set HZ_SANITIZED=1 to skip the memory bound (ASan's own overhead).
"""
import os
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'
MEM_LIMIT_KB = 64 * 1024
TIME_LIMIT_S = 60

ROOT_RELS = ('<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>' % (PKG, RNS))
WB = ('<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
      '</sheets></workbook>' % (NS, RNS))
WB_RELS = ('<Relationships xmlns="%s">'
           '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
           '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
           '</Relationships>' % (PKG, RNS, RNS))
SST = '<sst xmlns="%s"><si><t>ok</t></si></sst>' % NS


def sheet_xml(rows):
    return '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (NS, rows)


def write_xlsx(path, sheet, sst=SST):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('_rels/.rels', ROOT_RELS)
        z.writestr('xl/workbook.xml', WB)
        z.writestr('xl/_rels/workbook.xml.rels', WB_RELS)
        z.writestr('xl/sharedStrings.xml', sst)
        if isinstance(sheet, bytes):
            z.writestr('xl/worksheets/sheet1.xml', sheet)
        else:
            z.writestr('xl/worksheets/sheet1.xml', sheet.encode())


def deflate_repeated(chunk, times):
    """A raw deflate stream of chunk repeated `times` times, built from one
    compressed block (a full flush makes each block stand alone), so a
    2 GiB bomb takes milliseconds to make."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    return block * times + end


def write_bomb(path, declared_size):
    """A package whose sheet inflates to 2 GiB of harmless elements; the
    headers declare declared_size (the truth, or a lie)."""
    small = [('_rels/.rels', ROOT_RELS), ('xl/workbook.xml', WB), ('xl/_rels/workbook.xml.rels', WB_RELS),
             ('xl/sharedStrings.xml', SST)]
    head = ('<worksheet xmlns="%s"><sheetData><row r="1">' % NS).encode()
    chunk = b'<x/>' * (256 * 1024)            # 1 MiB
    times = 2048                               # 2 GiB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    data = first + deflate_repeated(chunk, times)
    entries = []
    out = bytearray()
    for name, text in small:
        raw = text.encode()
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        cd = comp.compress(raw) + comp.flush()
        entries.append((name.encode(), len(out), zlib.crc32(raw), len(cd), len(raw)))
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0x21, zlib.crc32(raw), len(cd), len(raw),
                           len(name), 0) + name.encode() + cd
    name = b'xl/worksheets/sheet1.xml'
    entries.append((name, len(out), 0, len(data), declared_size))
    out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0x21, 0, len(data), declared_size,
                       len(name), 0) + name + data
    cd_start = len(out)
    for name, off, crc, csize, usize in entries:
        out += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0x21, crc, csize, usize,
                           len(name), 0, 0, 0, 0, 0, off) + name
    out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(entries), len(entries), len(out) - cd_start,
                       cd_start, 0)
    with open(path, 'wb') as f:
        f.write(out)


def make_cases(d):
    cases = []

    def case(name, expect, must_not=None, want=None):
        cases.append((os.path.join(d, name), expect, must_not, want))

    write_bomb(os.path.join(d, 'bomb_honest.xlsx'), 0xFFFFFFFF - 1)
    case('bomb_honest.xlsx', 'refuse')
    write_bomb(os.path.join(d, 'bomb_lying.xlsx'), 1000)
    case('bomb_lying.xlsx', 'refuse')

    laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "ha">'
              + ''.join('<!ENTITY %s "%s">' % (chr(ord('b') + i), ('&%s;' % chr(ord('a') + i)) * 10)
                        for i in range(9))
              + ']><sst xmlns="%s"><si><t>&j;</t></si></sst>' % NS)
    write_xlsx(os.path.join(d, 'billion_laughs.xlsx'),
               sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), laughs)
    case('billion_laughs.xlsx', 'refuse', must_not=b'hahaha')

    xxe = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<sst xmlns="%s"><si><t>&x;</t></si></sst>' % NS)
    write_xlsx(os.path.join(d, 'xxe.xlsx'), sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), xxe)
    case('xxe.xlsx', 'refuse', must_not=b'root:')
    xxe2 = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>'))
    write_xlsx(os.path.join(d, 'xxe_sheet.xlsx'), xxe2)
    case('xxe_sheet.xlsx', 'refuse', must_not=b'root:')

    dim = ('<worksheet xmlns="%s"><dimension ref="A1:XFD1048576"/><sheetData>'
           '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
           '</sheetData></worksheet>' % NS)
    write_xlsx(os.path.join(d, 'dimension.xlsx'), dim)
    case('dimension.xlsx', 'read', want=b'"XFD1048576","n",2')

    nested = ('<worksheet xmlns="%s"><sheetData>' % NS) + '<a>' * 1000000 + '</a>' * 1000000 + \
        '</sheetData></worksheet>'
    write_xlsx(os.path.join(d, 'nested.xlsx'), nested)
    case('nested.xlsx', 'refuse')

    rows = ''.join('<row r="%d"/>' % i for i in range(1, 1048576)) + \
        '<row r="1048576"><c r="B1048576" t="s"><v>0</v></c></row>'
    write_xlsx(os.path.join(d, 'million_empty_rows.xlsx'), sheet_xml(rows))
    case('million_empty_rows.xlsx', 'read', want=b'"B1048576","s","ok"')

    sparse = ''.join('<row r="%d">%s<c r="XFD%d"><v>%d</v></c></row>'
                     % (r, ''.join('<c r="%s%d" s="0"/>' % (col_name(c), r) for c in range(16383)), r, r)
                     for r in range(1, 41))
    write_xlsx(os.path.join(d, 'sparse_rows.xlsx'), sheet_xml(sparse))
    case('sparse_rows.xlsx', 'read', want=b'"XFD40","n",40')
    return cases


def col_name(c):
    s = ''
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def run_measured(binary, path):
    """Runs dump under GNU time, whose own small process forks huizong, so
    the peak RSS reported is huizong's (a child forked from this Python
    process would inherit Python's high-water mark)."""
    t0 = time.monotonic()
    rss_file = path + '.rss'
    try:
        cp = subprocess.run(['/usr/bin/time', '-f', '%M', '-o', rss_file, binary, 'dump', path],
                            capture_output=True, timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        return None, b'', b'timeout', 0, TIME_LIMIT_S
    rss_kb = 0
    with open(rss_file) as f:
        for line in f:
            if line.strip().isdigit():
                rss_kb = int(line)
    os.unlink(rss_file)
    return cp.returncode, cp.stdout, cp.stderr, rss_kb, time.monotonic() - t0


def main():
    binary, work = sys.argv[1], sys.argv[2]
    if not shutil.which('/usr/bin/time'):
        print('needs /usr/bin/time (Debian package "time")')
        return 77
    check_mem = not os.environ.get('HZ_SANITIZED')
    failures = 0
    for path, expect, must_not, want in make_cases(work):
        rc, out, err, rss_kb, secs = run_measured(binary, path)
        name = os.path.basename(path)
        line = err.decode('utf-8', 'replace').strip()
        print('%-26s exit %s  %6.2f s  peak RSS %6.1f MB  %s' % (name, rc, secs, rss_kb / 1024.0, line[:150]))
        problems = []
        if rc is None:
            problems.append('no answer within %d s' % TIME_LIMIT_S)
        elif expect == 'refuse' and (rc != 1 or len(line.split('\n')) != 1 or name not in line):
            problems.append('expected a one-line refusal (exit 1), got exit %s' % rc)
        elif expect == 'read' and rc != 0:
            problems.append('expected it to be read, got exit %s' % rc)
        if want and want not in out:
            problems.append('output lacks %r' % want)
        if must_not and (must_not in out or must_not in err):
            problems.append('output contains %r' % must_not)
        if check_mem and rss_kb > MEM_LIMIT_KB:
            problems.append('peak RSS %.1f MB over 64 MB' % (rss_kb / 1024.0))
        for p in problems:
            print('  FAIL:', p)
        failures += bool(problems)
    print('%d hostile case(s) failed' % failures)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
