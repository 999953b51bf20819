#!/usr/bin/env bash
# The body of 汇总报告.docx (everything before the first 附件) stays short
# at any campaign size (SPEC §4): LibreOffice prints it, and the page where
# 附件1 begins gives the body's length — at most 7 pages for the demo, with
# its phases, reviews, rectification and candidates, at most 12 for kit
# campaigns of 200 and 2,000 units with phases (with ../shared).
source tests/e2e/_lib.sh
need_lo
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3"
[ -d "$HZ_ROOT/input" ] || skip "needs the demo campaign (input/)"
body_pages() { # CAMPAIGN NAME MAX
  "$HZ_BIN" run "$1" -o "$T/$2" -q >"$T/log" 2>&1
  local rc=$?
  [ $rc -le 1 ] || { cat "$T/log"; fail "$2: huizong run exit $rc"; }
  mkdir -p "$T/pdf"
  cp "$T/$2/汇总报告.docx" "$T/pdf/$2.docx"
  # a profile of its own: another soffice (or another test) may be running
  timeout 600 soffice -env:UserInstallation="file://$T/profile" --headless --convert-to pdf \
    --outdir "$T/pdf" "$T/pdf/$2.docx" >"$T/lo.log" 2>&1 || { cat "$T/lo.log"; fail "soffice could not convert"; }
  /usr/bin/python3 - "$T/pdf/$2.pdf" "$2" "$3" <<'PY' || fail "$2: the body is too long"
import re, subprocess, sys
pdf, name, most = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout.split("\f")
pages = [p for p in pages if p.strip()]
starts = [i for i, p in enumerate(pages) if re.fullmatch(r"附件\s*1", p.strip().splitlines()[0].strip())]
body = starts[0] if starts else len(pages)
print("%s: body %d pages, %d in all (附件1 on page %s)" % (name, body, len(pages), starts[0] + 1 if starts else "-"))
sys.exit(0 if 0 < body <= most else 1)
PY
}
body_pages "$HZ_ROOT/input" demo 7
[ -n "${HZ_SHARED:-}" ] && [ -d "$HZ_SHARED" ] || { echo "kit campaigns skipped: needs ../shared"; exit 0; }
for spec in "200 3" "2000 1"; do
  set -- $spec
  python3 "$HZ_SHARED/conformance/gencampaign.py" "$T/k$1" --units "$1" --seed "$2" --phases >"$T/gen.log" 2>&1 ||
    { cat "$T/gen.log"; fail "gencampaign $1"; }
  body_pages "$T/k$1" "k$1" 12
done
