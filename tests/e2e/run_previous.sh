# SPEC §4 "change since the previous run": the results.json already in the
# output folder counts only when its as_of is earlier.  A rerun on the same
# day compares with nothing (before: 与上次汇总（2022年10月31日）相比 on the
# 31st, the run compared with itself); a run a day later compares with it
# (the summary's 上次 previous run; the report gives the change in its
# 报送进度 once the history holds two dates); one whose as_of is later than
# the new run's is ignored too.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
$PY -c 'import docx' 2>/dev/null || skip "needs /usr/bin/python3 with python-docx"
FIX="$HZ_ROOT/tests/fixtures/campaigns"
cp -a "$FIX/basic" "$T/c"
body() { $PY -c 'import docx,sys; print("\n".join(p.text for p in docx.Document(sys.argv[1]).paragraphs))' "$1/汇总报告.docx"; }
"$HZ_BIN" run "$T/c" -o "$T/o" -q 2>/dev/null
"$HZ_BIN" run "$T/c" -o "$T/o" --no-progress >"$T/out" 2>/dev/null
body "$T/o" >"$T/body"
grep -q '上次汇总' "$T/body" && fail "a rerun on the same day compared with itself: $(grep 上次汇总 "$T/body")"
grep -q 'previous run' "$T/out" && fail "the summary shows the same day's run as the previous one: $(grep 'previous run' "$T/out")"
sed -i 's/^as_of = 2022-10-31/as_of = 2022-11-01/' "$T/c/campaign.ini"
grep -q '^as_of = 2022-11-01' "$T/c/campaign.ini" || fail "fixture: as_of not found"
"$HZ_BIN" run "$T/c" -o "$T/o" --no-progress >"$T/out" 2>/dev/null
grep -q '上次 previous run' "$T/out" || fail "a day later: no previous run in the summary: $(cat "$T/out")"
# with the history's 报送进度 (two as_of dates now) the change is said once,
# in its sentence, rather than again as 与上次汇总…相比 (issue 17)
body "$T/o" | grep -Eq '与上次汇总（2022年10月31日）相比|比10月31日|与10月31日(持平|相比)' || fail "a day later: no comparison with 2022-10-31: $(body "$T/o" | head -5)"
# an output folder whose results.json is from a later day (as_of moved back)
sed -i 's/^as_of = 2022-11-01/as_of = 2022-10-30/' "$T/c/campaign.ini"
"$HZ_BIN" run "$T/c" -o "$T/o" --no-progress >"$T/out" 2>/dev/null
grep -q 'previous run' "$T/out" && fail "compared with a later run: $(grep 'previous run' "$T/out")"
body "$T/o" | grep -q '上次汇总' && fail "the report compared with a later run"
exit 0
