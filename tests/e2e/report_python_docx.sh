#!/usr/bin/env bash
# The report and the feedback letters open in python-docx, and every part is
# covered by [Content_Types].xml, every relationship points at a part that
# exists, drawing and bookmark ids are unique (what Word checks before it
# offers to "repair" a file).  The documents come from tests/unit/test_report
# (a hand-built hz_results), kept with HZ_KEEP_DOCS.
source tests/e2e/_lib.sh
BUILD=${BUILD:-build}
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import docx' 2>/dev/null || skip "needs /usr/bin/python3 with python-docx"
[ -x "$BUILD/tests/test_report" ] || skip "needs $BUILD/tests/test_report"
HZ_KEEP_DOCS=$T "$BUILD/tests/test_report" >"$T/log" 2>&1 || { cat "$T/log"; fail "test_report failed"; }
[ -f "$T/汇总报告.docx" ] || skip "test_report skipped (no templates)"
/usr/bin/python3 - "$T" <<'PY' || fail "read-back"
import os, re, sys, zipfile, posixpath
import docx
from docx.shared import Emu

d = sys.argv[1]
files = [os.path.join(d, "汇总报告.docx")] + sorted(
    os.path.join(d, "反馈", f) for f in os.listdir(os.path.join(d, "反馈")))
assert len(files) > 3, files

def check_package(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    ct = z.read("[Content_Types].xml").decode()
    defaults = set(re.findall(r'<Default Extension="([^"]+)"', ct))
    overrides = set(re.findall(r'<Override PartName="/([^"]+)"', ct))
    for n in names:
        if n == "[Content_Types].xml" or n.endswith("/"):
            continue
        ext = n.rsplit(".", 1)[-1]
        assert n in overrides or ext in defaults, (path, n)
    for o in overrides:
        assert o in names, (path, "override for a missing part", o)
    for rel in [n for n in names if n.endswith(".rels")]:
        base = posixpath.dirname(posixpath.dirname(rel))
        xml = z.read(rel).decode()
        ids = re.findall(r'Id="([^"]+)"', xml)
        assert len(ids) == len(set(ids)), (path, rel, "duplicate relationship ids")
        for target, mode in re.findall(r'Target="([^"]+)"(?: TargetMode="([^"]+)")?', xml):
            if mode == "External":
                continue
            t = posixpath.normpath(posixpath.join(base, target)) if not target.startswith("/") else target[1:]
            assert t in names, (path, rel, target)
    doc = z.read("word/document.xml").decode()
    for attr in ("wp:docPr id", "w:bookmarkStart w:id"):
        ids = re.findall(r'<%s="(\d+)"' % attr, doc)
        assert len(ids) == len(set(ids)), (path, attr, "duplicate ids")
    assert "{{" not in doc, (path, "a tag left unfilled")
    for info in z.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0), (path, info.filename, info.date_time)

for f in files:
    check_package(f)
    document = docx.Document(f)
    s = document.sections[0]
    twip = 635  # EMU
    assert s.page_width == Emu(11906 * twip) and s.page_height == Emu(16838 * twip), f
    assert s.top_margin == Emu(2098 * twip) and s.bottom_margin == Emu(1984 * twip), f
    assert s.left_margin == Emu(1587 * twip) and s.right_margin == Emu(1474 * twip), f
    assert document.tables, f

report = docx.Document(files[0])
texts = [p.text for p in report.paragraphs]
assert texts[0] == "2022年度模范机关创建自查情况汇总", texts[0]
assert report.paragraphs[0].style.name == "Title"
heads = [p.text for p in report.paragraphs if p.style.name.lower() == "heading 1"]
assert heads[:5] == ["一、总体情况", "二、排名", "三、分类指标完成情况", "四、主要问题", "五、滞后单位及问题清单"], heads
rank = [t for t in report.tables if t.rows[0].cells[0].text == "名次"][0]
assert [c.text for c in rank.rows[0].cells] == ["名次", "单位", "得分", "得分率（%）", "等次", "完成率"]
# a header wider than its column breaks between its words (SPEC 4): 未全部 / 完成
weak = [t for t in report.tables if [c.text for c in t.rows[0].cells][:2] == ["序号", "任务"]][0]
assert weak.rows[0].cells[4].text == "未全部\n完成", weak.rows[0].cells[4].text
ranks = [int(r.cells[0].text) for r in rank.rows[1:]]
assert ranks == sorted(ranks) and ranks[0] == 1, ranks
assert texts[-1] != "{{campaign.as_of}}"
letter = docx.Document(os.path.join(d, "反馈", "某某区第4局.docx"))
assert "某某区第4局" in letter.paragraphs[0].text
# the chart's embedded workbook holds what the chart caches
import io, openpyxl
z = zipfile.ZipFile(files[0])
chart = z.read("word/charts/chart1.xml").decode()
cats = re.findall(r"<c:pt idx=\"\d+\"><c:v>([^<]*)</c:v>", chart.split("<c:cat>")[1].split("</c:cat>")[0])
vals = [float(v) for v in re.findall(r"<c:pt idx=\"\d+\"><c:v>([^<]*)</c:v>", chart.split("<c:val>")[1].split("</c:val>")[0])]
wb = openpyxl.load_workbook(io.BytesIO(z.read("word/embeddings/Microsoft_Excel_Worksheet_huizong_chart1.xlsx")))
ws = wb["Sheet1"]
assert [ws.cell(row=i + 2, column=1).value for i in range(len(cats))] == cats, cats
assert [ws.cell(row=i + 2, column=2).value for i in range(len(vals))] == vals, vals
print("ok", len(files), "documents")
PY
