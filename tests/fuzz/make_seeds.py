#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses (tests/fuzz/README.md).

usage: make_seeds.py OUT_DIR [SOURCE ...]

SOURCE: folders searched recursively for .xlsx/.docx/.ini/.csv files (the
external corpus, generated campaigns).  Writes OUT_DIR/<harness>/ for each
harness, in the input format that harness expects (see the comment at the
top of each tests/fuzz/fuzz_*.c).  Files above a few tens of KiB are left
out: small seeds mutate faster.
"""
import hashlib
import io
import os
import sys
import zipfile

SEP = b"\n@@@@\n"
MAX_FILE = 24 * 1024      # raw package seeds
MAX_PART = 16 * 1024      # one XML piece


def write(out, harness, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def members(path):
    try:
        with zipfile.ZipFile(path) as z:
            return {i.filename: z.read(i) for i in z.infolist() if i.file_size < 4 * MAX_PART}
    except Exception:
        return None


def pieces(parts):
    if all(p is None or len(p) > MAX_PART for p in parts[:1]):
        return None
    return SEP.join(p if p is not None and len(p) <= MAX_PART else b"" for p in parts)


def grid_xlsx(path):
    try:
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return None
    lines = []
    for n, ws in enumerate(wb.worksheets[:2]):
        if n:
            lines.append("@@sheet")
        for row in ws.iter_rows(max_row=60, max_col=20, values_only=True):
            cells = []
            for v in row:
                if v is None:
                    cells.append("")
                elif isinstance(v, bool):
                    cells.append(str(v))
                elif isinstance(v, (int, float)):
                    cells.append("=%s" % v)
                else:
                    cells.append(str(v).replace("\t", " ").replace("\n", " "))
            lines.append("\t".join(cells).rstrip("\t"))
    return "\n".join(lines).encode("utf-8")


def grid_docx(path):
    try:
        import docx
        d = docx.Document(path)
    except Exception:
        return None
    lines = [p.text.replace("\t", " ") for p in d.paragraphs[:20]]
    for t in d.tables[:2]:
        lines.append("")
        for r in t.rows[:60]:
            lines.append("\t".join("|".join(p.text.replace("\t", " ").replace("|", " ") for p in c.paragraphs)
                                   for c in r.cells) + ("\t" if len(r.cells) == 1 else ""))
    return "\n".join(lines).encode("utf-8")


VOCAB = ["已完成", "完成", "✓", "☑", "☒", "√", "部分完成", "推进中", "正在推进", "未开始", "未完成", "×", "DONE",
         "Partial", "12次", "十二次", "两场", "九十九", "〇", "-3.5分", "+4项", "1e308", "2022年10月28日",
         "2022-10-28", "2022.2.29", "2000/2/29", "2022-10-28T17:30:00Z", "2022-10-28T17:30:00+08:00",
         "1900-01-01T00:00:00-23:59", "長(zhǎng)寧區(qū)", "完 成 情 况", "建设清廉机关\x00清廉机关建设",
         "ａｂｃ１２３", "\xe4\xb8", "9999-12-31T23:59:59.999Z"]

INI = [b"[campaign]\ntitle = t\nas_of = 2022-10-28\ndeadline = 2022-10-20\ntimezone = +08:00\n",
       b"\xef\xbb\xbf[scoring]\ndone = 100%\npartial = 0.5 ; x\n[grades]\nA = 90%\nB = 0\n[lagging]\nbelow = A\n",
       b"[x]\ny = z\n[campaign\nnot a line\n"]


# Seeds using fuzz_expand's "{{N*...}}" (many rows, strings, merges, sheets,
# nesting): the shapes of hostile files, for the fuzzer to vary.
W = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
     b'<sheetData>%s</sheetData>%s</worksheet>')
SST = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>'
D = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
     b'<w:body>%s</w:body></w:document>')
MACRO = {
    "fuzz_xlsx_part": [
        W % (b'{{50000*<row><c t="inlineStr"><is><t>x</t></is></c></row>}}', b''),
        W % (b'<row r="1"><c r="A1" t="s"><v>149999</v></c></row>', b'') + SEP + SST % b'{{150000*<si><t>a</t></si>}}',
        W % (b'<row r="1"><c r="A1"><v>1</v></c></row>', b'<mergeCells>{{100000*<mergeCell ref="A1:XFD1048576"/>}}</mergeCells>'),
        W % (b'<row r="1">{{16384*<c><v>1</v></c>}}</row>{{3*<row>{{16384*<c t="b"><v>1</v></c>}}</row>}}', b''),
        W % (b'<row r="1">{{80000*<c r="A1"><v>1</v></c>}}</row>', b''),
        W % (b'{{300*<x>}}', b''),
        W % (b'<row r="1"><c r="A1" s="70000"><v>1</v></c></row>', b'') + SEP + SEP +
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>'
        b'{{70000*<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>}}</numFmts><cellXfs>{{70000*<xf numFmtId="164"/>}}</cellXfs></styleSheet>',
        SEP + SEP + SEP + b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        b'{{2000*<sheet name="a" sheetId="1" r:id="rId1"/>}}</sheets></workbook>',
        SEP + SEP + SEP + SEP + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'{{50000*<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>}}</Relationships>',
    ],
    "fuzz_docx_part": [
        D % b'{{80*<w:tbl><w:tr><w:tc>}}<w:p><w:r><w:t>{{50000*x}}</w:t></w:r></w:p>{{80*</w:tc></w:tr></w:tbl>}}',
        D % b'{{100000*<w:p><w:r><w:t>x</w:t></w:r></w:p>}}',
        D % b'<w:tbl>{{1000*<w:tr>{{100*<w:tc><w:p/></w:tc>}}</w:tr>}}</w:tbl>',
        D % b'<w:p>{{20000*<w:r><w:txbxContent><w:p><w:r><w:t>t</w:t></w:r></w:p></w:txbxContent></w:r>}}</w:p>',
        D % b'<w:p>{{30000*<w:r><w:fldChar w:fldCharType="begin"/></w:r>}}</w:p>',
        D % b'<w:p><w:r><w:t>{{10000*&#x4E00;}}</w:t></w:r></w:p>',
    ],
    "fuzz_form": [
        b"\x00\xe5\xba\x8f\xe5\x8f\xb7\t\xe4\xbb\xbb\xe5\x8a\xa1\xe5\x90\x8d\xe7\xa7\xb0\t\xe5\xae\x8c\xe6\x88\x90\xe6\x83\x85\xe5\x86\xb5\n"
        b"{{20000*1\t\xe4\xbb\xbb\xe5\x8a\xa1\t\xe5\xb7\xb2\xe5\xae\x8c\xe6\x88\x90\n}}",
        b"\x08\xe5\x8d\x95\xe4\xbd\x8d\xe5\x90\x8d\xe7\xa7\xb0\n{{100000*\xe5\x8d\x95\xe4\xbd\x8d\n}}",
        b"\x09\xe5\x8d\x95\xe4\xbd\x8d\xe5\x90\x8d\xe7\xa7\xb0\n{{1000*{{300*1,}}\n}}",
        b"\x01\xe5\xba\x8f\xe5\x8f\xb7\t\xe4\xbb\xbb\xe5\x8a\xa1\t\xe5\xae\x8c\xe6\x88\x90\xe6\x83\x85\xe5\x86\xb5\n"
        b"{{20000*1\t{{30*\xe4\xbb\xbb|}}\t\xe2\x98\x91\n}}",
    ],
}

# fuzz_tmpl: a field value, a 0 byte, the body of a document.xml (Title
# paragraphs with fields split over runs, a loop, a condition)
TMPL = [
    "关于区交通运输局\0<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>关于{{unit.name}}自查自评问题整改的反馈意见</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>{{#items}}{{.name}}、{{/items}}</w:t></w:r></w:p>",
    "2024年度区级机关模范机关创建自查情况汇总&<>\0<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>"
    "<w:t>{{campaign.</w:t></w:r><w:r><w:t>title}}（“测试”）12345</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#items}}{{.name}}</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>{{/items}}{{?items}}有{{/items}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
]


def round_seeds(out, path, root, campaign, data):
    """A generated campaign's reviews/ seed fuzz_review, its phases/
    fuzz_phase; its rectifications/ (and a few submissions/, the same
    forms) seed fuzz_rectify.  Both take
    mode 0/1 (a grid as .xlsx/.docx), 2 (sheet1.xml), 3 (document.xml)."""
    parts = root.replace(os.sep, "/").split("/")
    h = ("fuzz_review" if "reviews" in parts else "fuzz_rectify" if "rectifications" in parts
         else "fuzz_phase" if "phases" in parts else None)
    if h == "fuzz_phase" and path.lower().endswith(".pdf") and data and len(data) <= MAX_FILE:
        write(out, h, b"\x04" + data)
    if h is None and "submissions" in parts and int(hashlib.sha1(path.encode()).hexdigest(), 16) % 8 == 0:
        h = "fuzz_rectify"
    if not (campaign and h and data):
        return
    if path.lower().endswith((".xlsx", ".xlsm")):
        g = grid_xlsx(path)
        if g:
            write(out, h, b"\x00" + g)
        m = members(path)
        sheet = m.get("xl/worksheets/sheet1.xml") if m else None
        if sheet and len(sheet) <= MAX_PART:
            write(out, h, b"\x02" + sheet)
    elif path.lower().endswith((".docx", ".docm")):
        g = grid_docx(path)
        if g:
            write(out, h, b"\x01" + g)
        m = members(path)
        doc = m.get("word/document.xml") if m else None
        if doc and len(doc) <= MAX_PART:
            write(out, h, b"\x03" + doc)


def main():
    out, sources = sys.argv[1], sys.argv[2:]
    for t in TMPL:
        write(out, "fuzz_tmpl", t.encode("utf-8"))
    for h, seeds in MACRO.items():
        for seed in seeds:
            write(out, h, seed)
    for v in VOCAB:
        write(out, "fuzz_vocab", v.encode("utf-8", "surrogateescape"))
    for i in INI:
        write(out, "fuzz_settings", i)
    for src in sources:
        # a generated campaign gives the form harness its grids; the
        # external corpus only raw packages and parts
        campaign = os.path.exists(os.path.join(src, "campaign.ini"))
        for root, _, files in os.walk(src):
            for name in sorted(files):
                path = os.path.join(root, name)
                low = name.lower()
                size = os.path.getsize(path)
                data = open(path, "rb").read() if size <= 256 * 1024 else b""
                if low.endswith(".ini"):
                    write(out, "fuzz_settings", data)
                elif low.endswith(".csv"):
                    write(out, "fuzz_form", b"\x09" + data)
                elif low.endswith((".xlsx", ".xlsm")):
                    if size <= MAX_FILE:
                        write(out, "fuzz_xlsx", data)
                        write(out, "fuzz_form", b"\x04" + data)
                    m = members(path) if data else None
                    if m:
                        sheet = m.get("xl/worksheets/sheet1.xml")
                        p = pieces([sheet, m.get("xl/sharedStrings.xml"), m.get("xl/styles.xml"),
                                    m.get("xl/workbook.xml"), m.get("xl/_rels/workbook.xml.rels")])
                        if p:
                            write(out, "fuzz_xlsx_part", p)
                        if sheet and len(sheet) <= MAX_PART and campaign:
                            write(out, "fuzz_form", b"\x02" + sheet)
                    if campaign and data:
                        g = grid_xlsx(path)
                        if g:
                            mode = b"\x06" if low.startswith("checklist") else b"\x08" if low.startswith("units") else b"\x00"
                            write(out, "fuzz_form", mode + g)
                    round_seeds(out, path, root, campaign, data)
                elif low.endswith(".pdf"):
                    round_seeds(out, path, root, campaign, data)
                elif low.endswith((".docx", ".docm")):
                    if size <= MAX_FILE:
                        write(out, "fuzz_docx", data)
                        write(out, "fuzz_form", b"\x05" + data)
                    m = members(path) if data else None
                    if m and m.get("word/document.xml") and len(m["word/document.xml"]) <= MAX_PART:
                        write(out, "fuzz_docx_part", pieces([m["word/document.xml"]]))
                        if campaign:
                            write(out, "fuzz_form", b"\x03" + m["word/document.xml"])
                    if campaign and data:
                        g = grid_docx(path)
                        if g:
                            write(out, "fuzz_form", (b"\x07" if low.startswith("checklist") else b"\x01") + g)
                round_seeds(out, path, root, campaign, data)
    for h in sorted(os.listdir(out)):
        print("%-16s %d seeds" % (h, len(os.listdir(os.path.join(out, h)))))


if __name__ == "__main__":
    main()
