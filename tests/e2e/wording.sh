#!/usr/bin/env bash
# Wording (SPEC 4): the documents cite a work plan, in 《》, only when
# campaign.ini names it ([campaign] plan) — never the report's title quoted
# as a plan; a grade rule never says 及以上 of the top grade; with 报送进度
# the change since the previous date is said once, not twice.
source tests/e2e/_lib.sh
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
[ -d "$HZ_ROOT/input" ] || skip "needs the demo campaign (input/)"
texts() { # OUTPUT_DIR: the text of every .docx, one document a line
  "$PY" - "$1" <<'PY'
import glob, re, sys, zipfile
for f in sorted(glob.glob(sys.argv[1] + "/*.docx") + glob.glob(sys.argv[1] + "/反馈/*.docx")):
    xml = zipfile.ZipFile(f).read("word/document.xml").decode()
    print(f.rsplit("/", 1)[-1] + "\t" + "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))
PY
}
cp -a "$HZ_ROOT/input" "$T/c"
"$HZ_BIN" run "$T/c" -o "$T/o1" -q >/dev/null 2>&1
texts "$T/o1" >"$T/t1"
n=$(wc -l <"$T/t1")
[ "$n" -ge 7 ] || fail "only $n documents"
# the demo names its plan: every document cites it, in 《》
c=$(grep -c '根据《关于开展2024年度区级机关模范机关创建活动的通知》工作安排' "$T/t1")
[ "$c" -eq "$n" ] || fail "$c of $n documents cite the plan"
# without a plan: no plan cited, and never the title as one
sed -i '/^plan /d' "$T/c/campaign.ini"
# and 优秀, the top grade, as the candidates' lowest
sed -i 's/^min_grade = 良好/min_grade = 优秀/' "$T/c/campaign.ini"
grep -q '^min_grade = 优秀' "$T/c/campaign.ini" || fail "could not set min_grade"
"$HZ_BIN" run "$T/c" -o "$T/o2" -q >/dev/null 2>&1
texts "$T/o2" >"$T/t2"
! grep -q '工作安排' "$T/t2" || { grep -o '.\{20\}工作安排' "$T/t2" | head -3; fail "a plan cited though none is named"; }
grep -q '等次为“优秀”的' "$T/t2" || fail "the candidates' rule does not name 优秀"
! grep -q '“优秀”及以上' "$T/t2" || fail "及以上 of the top grade"
# two dates in the history: the change is said once
sed -i 's/^as_of *= 2024-11-08/as_of      = 2024-11-09/' "$T/c/campaign.ini"
"$HZ_BIN" run "$T/c" -o "$T/o2" -q >/dev/null 2>&1
texts "$T/o2" >"$T/t3"
grep -q '报送进度\|历次汇总' "$T/t3" || fail "no 报送进度 with two dates"
! grep -q '与上次汇总' "$T/t3" || fail "the change since the previous run said twice (与上次汇总 and 报送进度)"
# `huizong history`: its Chinese headers line up with the figures in a
# terminal (a CJK character takes two columns)
"$HZ_BIN" history "$T/o2" >"$T/h" || fail "huizong history"
"$PY" - "$T/h" <<'PY' || fail "history's columns do not line up"
import sys, unicodedata
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
widths = {sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l) for l in lines}
print("history: %d lines, widths %s" % (len(lines), sorted(widths)))
sys.exit(0 if len(lines) >= 4 and len(widths) == 1 else 1)
PY
echo "ok: $n documents"
