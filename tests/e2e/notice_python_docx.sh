#!/usr/bin/env bash
# 拟定名单公示.docx (SPEC 6.4) opens in python-docx with the report's page
# (A4, 37/35/28/26 mm, 22 × 28 grid, page numbers in both footers), the Title
# style on its title, and its table holds the list: the documents come from
# tests/unit/test_notice (hand-built results, kept with HZ_KEEP_DOCS), whose
# own checks compare the list with the results it was made from.
source tests/e2e/_lib.sh
BUILD=${BUILD:-build}
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import docx' 2>/dev/null || skip "needs /usr/bin/python3 with python-docx"
[ -x "$BUILD/tests/test_notice" ] || skip "needs $BUILD/tests/test_notice"
HZ_KEEP_DOCS=$T "$BUILD/tests/test_notice" >"$T/log" 2>&1 || { cat "$T/log"; fail "test_notice failed"; }
[ -f "$T/notice_reviews.docx" ] || skip "test_notice skipped (no templates)"
/usr/bin/python3 - "$T" <<'PY' || fail "read-back"
import os, re, sys, zipfile
import docx
from docx.shared import Emu

d = sys.argv[1]
twip = 635
for name, header, rows in (("notice_reviews.docx", "综合得分率（%）", 5), ("notice_self.docx", "自评得分率（%）", 3),
                           ("notice_empty.docx", None, 0)):
    path = os.path.join(d, name)
    doc = docx.Document(path)
    s = doc.sections[0]
    assert s.page_width == Emu(11906 * twip) and s.page_height == Emu(16838 * twip), name
    assert (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin) == tuple(
        Emu(v * twip) for v in (2098, 1984, 1587, 1474)), name
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert 'w:linePitch="579" w:charSpace="-842"' in xml, name
    assert "{{" not in xml, name
    title = doc.paragraphs[0]
    assert title.style.name == "Title" and title.text == "关于模范机关拟定名单的公示", (name, title.text)
    assert doc.paragraphs[-1].text == "2022年10月31日", name
    for f in ("footer1.xml", "footer2.xml"):
        assert "PAGE" in zipfile.ZipFile(path).read("word/" + f).decode(), (name, f)
    if header is None:
        assert not doc.tables, name
        continue
    t = doc.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["序号", "单位", header, "等次"], (name, [c.text for c in t.rows[0].cells])
    body = t.rows[1:]
    assert len(body) >= rows, (name, len(body))
    assert [r.cells[0].text for r in body] == [str(i + 1) for i in range(len(body))], name
    pcs = [float(r.cells[2].text) for r in body]
    assert pcs == sorted(pcs, reverse=True), (name, pcs)
print("ok")
PY
