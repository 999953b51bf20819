#!/usr/bin/env bash
# Body text of the report and the feedback letters lays out 28 characters a
# line when LibreOffice prints it (a paragraph's first line 25: LibreOffice
# measures the 2-character indent as 32 pt, which pushes the text into the
# third 15.79 pt grid cell; Word counts the indent in cells and fits 26).
# At 100 % width it printed 14 (12), each 16 pt character taking two grid
# cells: see SCALE in scripts/make-templates.py.  Lines with digits or Latin letters are not
# counted (their widths depend on the fonts); last lines of paragraphs neither.
source tests/e2e/_lib.sh
need_lo
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3"
[ -d "$HZ_ROOT/input" ] || skip "needs the demo campaign (input/)"
"$HZ_BIN" run "$HZ_ROOT/input" -o "$T/out" >"$T/log" 2>&1
rc=$?
[ $rc -le 1 ] || { cat "$T/log"; fail "huizong run exit $rc"; }
[ -f "$T/out/汇总报告.docx" ] || fail "no report"
mkdir -p "$T/pdf"
# a profile of its own: another soffice (or another test) may be running
timeout 300 soffice -env:UserInstallation="file://$T/profile" --headless --convert-to pdf \
  --outdir "$T/pdf" "$T/out/汇总报告.docx" "$T/out/反馈/"*.docx >"$T/lo.log" 2>&1 ||
  { cat "$T/lo.log"; fail "soffice could not convert"; }
/usr/bin/python3 - "$T/pdf" <<'PY' || fail "lines of the wrong length (see above)"
import collections, glob, html, re, subprocess, sys

checked = 0
bad = []
for pdf in sorted(glob.glob(sys.argv[1] + "/*.pdf")):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    page, rows = 0, collections.OrderedDict()
    for line in out.split("\n"):
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if not m:
            continue
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        if not 19 <= y1 - y0 <= 23:  # 3号 body text only: not the title, tables, page numbers
            continue
        rows.setdefault((page, round(y1)), []).append((x0, x1, html.unescape(m.group(5))))
    for (p, _), words in rows.items():
        words.sort()
        x0, x1 = words[0][0], words[-1][1]
        text = "".join(w[2] for w in words)
        # the text area is 79.4-521.6 pt; a line ending short of it ends its paragraph
        # (a full line ends past 514: one of 24 characters after the indent, such as a
        # level-2 heading that just fits, ends near 505 and is not full)
        if x1 < 510 or x0 > 135 or re.search(r"[ -~]", text):
            continue
        first = x0 > 100
        want = (25, 27) if first else (28, 29)  # one more: punctuation hanging in the margin
        checked += 1
        if not want[0] <= len(text) <= want[1]:
            bad.append("%s page %d: %d characters (want %d): %s" % (pdf.rsplit("/", 1)[-1], p, len(text), want[0], text))
for b in bad:
    print(b)
print("%d lines checked" % checked)
sys.exit(1 if bad or checked < 3 else 0)
PY
exit 0
