#!/usr/bin/env bash
# Titles longer than a line are set on balanced lines (GB/T 9704 7.3.3):
# the demo report's "2024年度区级机关模范机关创建自查情况汇总" and the letters'
# "关于<单位>自查自评问题整改的反馈意见" used to leave "总" or "见" alone on
# their second line.  The documents hold a <w:br/> in those titles; where
# LibreOffice is installed, page 1 of each is printed and its title lines
# measured: two lines, the shorter at least half the longer (a break kept
# after the unit's name may leave 8 and 13 characters; an orphan is 1 or 2).
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input" ] || skip "needs the demo campaign (input/)"
command -v python3 >/dev/null || skip "needs python3"
"$HZ_BIN" run "$HZ_ROOT/input" -o "$T/out" >"$T/log" 2>&1
rc=$?
[ $rc -le 1 ] || { cat "$T/log"; fail "huizong run exit $rc"; }
docs=("$T/out/汇总报告.docx" "$T/out/反馈/区交通运输局.docx" "$T/out/反馈/团区委机关党支部.docx")
for d in "${docs[@]}"; do [ -f "$d" ] || fail "missing $d"; done

python3 - "${docs[@]}" <<'PY' || fail "a title is not broken once (see above)"
import re, sys, zipfile
bad = 0
for path in sys.argv[1:]:
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    m = re.search(r'<w:p><w:pPr><w:pStyle w:val="Title"/>.*?</w:p>', xml)
    if not m or m.group(0).count("<w:br/>") != 1:
        print("%s: first title %s" % (path, m.group(0) if m else "missing"))
        bad += 1
sys.exit(1 if bad else 0)
PY

need_lo  # the <w:br/> was checked; the printed lines need LibreOffice
mkdir -p "$T/pdf"
cp "${docs[0]}" "$T/pdf/report.docx"
cp "${docs[1]}" "$T/pdf/letter1.docx"
cp "${docs[2]}" "$T/pdf/letter2.docx"
# a profile of its own: another soffice (or another test) may be running
timeout 300 soffice -env:UserInstallation="file://$T/profile" --headless --convert-to pdf \
  --outdir "$T/pdf" "$T/pdf/"*.docx >"$T/lo.log" 2>&1 ||
  { cat "$T/lo.log"; fail "soffice could not convert"; }
python3 - "$T/pdf" <<'PY' || fail "title lines not balanced (see above)"
import glob, re, subprocess, sys
bad = 0
for pdf in sorted(glob.glob(sys.argv[1] + "/*.pdf")):
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True).stdout
    lines = []
    for line in out.split("\n"):
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if not m:
            continue
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        if 26 <= y1 - y0 <= 32:  # 2号 title text
            lines.append((round(y0), x0, x1, m.group(5)))
        elif lines:
            break  # the first title ends where other text begins
    rows = {}
    for y, x0, x1, text in lines:
        r = rows.setdefault(y, [x0, x1, ""])
        r[0], r[1], r[2] = min(r[0], x0), max(r[1], x1), r[2] + text
    widths = [r[1] - r[0] for _, r in sorted(rows.items())]
    texts = [r[2] for _, r in sorted(rows.items())]
    print("%s: %s" % (pdf.rsplit("/", 1)[-1], " / ".join(texts)))
    if len(widths) != 2 or min(widths) < 0.5 * max(widths):
        print("  not two balanced lines: widths %s" % ["%.0f" % w for w in widths])
        bad += 1
sys.exit(1 if bad else 0)
PY
