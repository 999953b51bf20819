#!/usr/bin/env bash
# The bounded body of 汇总报告.docx (SPEC §4), without LibreOffice: sections
# and 附件 numbered from what is present with every reference right, the
# ranking cut to top/bottom with its ties, no problem table inline past
# inline_units, and the cut ranking, 分组情况, the lagging counts and every
# attachment read back with python-docx equal to results.json
# (tests/tools/report_bounded.py).  The demo as it is and with [report]
# top = 2, inline_units = 1; with ../shared, kit campaigns of 200 (also with
# top = 3, inline_units = 100) and 2,000 units, and one of 200 with reviews
# and [candidates] (SPEC 6.5).
source tests/e2e/_lib.sh
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import docx' 2>/dev/null || skip "needs /usr/bin/python3 with python-docx"
[ -d "$HZ_ROOT/input" ] || skip "needs the demo campaign (input/)"
check() { # CAMPAIGN NAME
  "$HZ_BIN" run "$1" -o "$T/$2" -q >"$T/log" 2>&1
  local rc=$?
  [ $rc -le 1 ] || { cat "$T/log"; fail "$2: huizong run exit $rc"; }
  /usr/bin/python3 "$HZ_ROOT/tests/tools/report_bounded.py" "$T/$2" "$1" || fail "$2: the report's body"
}
with_report() { # SRC DST TOP INLINE
  cp -a "$1" "$2" # mtimes are some files' dates
  printf '\n[report]\ntop = %s\ninline_units = %s\n' "$3" "$4" >>"$2/campaign.ini"
}
check "$HZ_ROOT/input" demo
with_report "$HZ_ROOT/input" "$T/demo_small" 2 1
check "$T/demo_small" demo_small
[ -n "${HZ_SHARED:-}" ] && [ -d "$HZ_SHARED" ] || { echo "kit campaigns skipped: needs ../shared"; exit 0; }
gen() { python3 "$HZ_SHARED/conformance/gencampaign.py" "$T/$1" --units "$2" --seed "$3" >"$T/gen.log" 2>&1 ||
  { cat "$T/gen.log"; fail "gencampaign $2"; }; }
gen k200 200 3
check "$T/k200" k200
with_report "$T/k200" "$T/k200b" 3 100
check "$T/k200b" k200b
gen k2000 2000 1
check "$T/k2000" k2000
# SPEC 6.5: reviews and [candidates] (考评验收情况, the ranking with 自评/考评/综合,
# 拟定候选名单), inline and, with inline_units = 3, as attachments
python3 "$HZ_SHARED/conformance/gencampaign.py" "$T/kr200" --units 200 --seed 1 --reviews 0.9 --candidates >"$T/gen.log" 2>&1 ||
  { cat "$T/gen.log"; fail "gencampaign --reviews"; }
check "$T/kr200" kr200
with_report "$T/kr200" "$T/kr200b" 10 3
check "$T/kr200b" kr200b
# [candidates] without reviews: the list rests on the self grade
python3 "$HZ_SHARED/conformance/gencampaign.py" "$T/kc60" --units 60 --seed 2 --candidates >"$T/gen.log" 2>&1 ||
  { cat "$T/gen.log"; fail "gencampaign --candidates"; }
check "$T/kc60" kc60
# SPEC §2 before the deadline: the units not yet submitted are pending
# (尚未报送（截止日期未到）, listed from 总体情况, not lagging)
python3 "$HZ_SHARED/conformance/gencampaign.py" "$T/kb60" --units 60 --seed 3 --before-deadline --reviews 0.5 --candidates \
  >"$T/gen.log" 2>&1 || { cat "$T/gen.log"; fail "gencampaign --before-deadline"; }
check "$T/kb60" kb60
