#!/usr/bin/env bash
# Pages as a person would set them (SPEC 4, "The letters and every other
# page"): LibreOffice prints the demo's report, notice and every letter, and
# those of a 200-unit kit campaign with reviews, candidates and a
# rectification round; tests/e2e/pages_check.py reads the pages back
# (pdftotext) and checks them.  Under HZ_REQUIRE_LO=1 (CI) a missing
# LibreOffice fails the test instead of skipping it.
source tests/e2e/_lib.sh
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3"
[ -d "$HZ_ROOT/input" ] || skip "needs the demo campaign (input/)"
# the checks find what they are for (made-up lines: a split date, a heading
# broken inside 报送 …) before they are trusted with printed pages
/usr/bin/python3 "$HZ_ROOT/tests/e2e/pages_check.py" --self-test || fail "pages_check.py misses a fault it is for"
need_lo
render() { # CAMPAIGN NAME: run, print every document, check the pages
  "$HZ_BIN" run "$1" -o "$T/$2" -q >"$T/log" 2>&1
  local rc=$?
  [ $rc -le 1 ] || { cat "$T/log"; fail "$2: huizong run exit $rc"; }
  mkdir -p "$T/src-$2" "$T/pdf-$2"
  cp "$T/$2/汇总报告.docx" "$T/src-$2/report.docx"
  [ -f "$T/$2/拟定名单公示.docx" ] && cp "$T/$2/拟定名单公示.docx" "$T/src-$2/notice.docx"
  local f
  for f in "$T/$2/反馈/"*.docx; do cp "$f" "$T/src-$2/letter-$(basename "$f")"; done
  # a profile of its own: another soffice (or another test) may be running
  timeout 900 soffice -env:UserInstallation="file://$T/profile" --headless --convert-to pdf \
    --outdir "$T/pdf-$2" "$T/src-$2/"*.docx >"$T/lo.log" 2>&1 || { cat "$T/lo.log"; fail "$2: soffice could not convert"; }
  local n_src n_pdf
  n_src=$(ls "$T/src-$2" | wc -l); n_pdf=$(ls "$T/pdf-$2" | wc -l)
  [ "$n_src" -eq "$n_pdf" ] || fail "$2: $n_src documents, $n_pdf printed"
  echo "$2: $n_src documents"
  /usr/bin/python3 "$HZ_ROOT/tests/e2e/pages_check.py" "$1" "$T/$2" "$T/src-$2" "$T/pdf-$2/"*.pdf || fail "$2: pages badly set (see above)"
}
render "$HZ_ROOT/input" demo
# the demo's 区医疗保障局 sent only a damaged file: its letter says so
unzip -p "$T/demo/反馈/区医疗保障局.docx" word/document.xml | grep -q '报送的文件无法读取（文件已损坏或不完整）' ||
  fail "区医疗保障局's letter does not say its file could not be read"
[ -n "${HZ_SHARED:-}" ] && [ -d "$HZ_SHARED" ] || skip "the demo's pages are fine; the kit campaign needs ../shared"
python3 "$HZ_SHARED/conformance/gencampaign.py" "$T/k200" --units 200 --seed 3 --reviews 0.9 \
  --candidates --rectify 0.7 >"$T/gen.log" 2>&1 || { cat "$T/gen.log"; fail "gencampaign"; }
render "$T/k200" k200
# SPEC 4: a review of an unknown unit is not said to have an unknown sender
/usr/bin/python3 - "$T/k200" <<'PY' || fail "k200: how unknown reviews are listed"
import json, re, sys, zipfile
o = sys.argv[1]
unknown = [u["text"] for u in json.load(open(o + "/results.json"))["unknown_units"] if u["file"].startswith("reviews/")]
xml = zipfile.ZipFile(o + "/汇总报告.docx").read("word/document.xml").decode()
text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
bad = [t for t in unknown if "文件中识别到：" + t in text or "考评表中识别到：" + t not in text]
print("%d unknown reviews, %d said wrong" % (len(unknown), len(bad)))
sys.exit(1 if bad or not unknown else 0)
PY
