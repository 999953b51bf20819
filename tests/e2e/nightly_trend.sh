# SPEC 8.4: three runs with as_of on three dates give three history rows;
# `huizong history --json` prints them and 排名.xlsx's 进度 holds the same
# rows (read back with openpyxl); a later run of a date replaces that
# date's row; one date alone gives no 进度.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
MAKE="$HZ_ROOT/tests/fixtures/campaigns/make_many.py"
O="$T/o"

run_on() {  # run_on AS_OF SUBMITTED_FRACTION
  "$PY" "$MAKE" "$T/c" --units 60 --as-of "$1" --submitted "$2" || fail "make_many"
  expect_exit 0 "$HZ_BIN" run "$T/c" -o "$O" -q
}
run_on 2022-10-20 0.25
"$PY" -c 'import openpyxl,sys; sys.exit("进度" in openpyxl.load_workbook(sys.argv[1]).sheetnames)' "$O/排名.xlsx" \
  || fail "进度 with a history of one date"
run_on 2022-10-20 0.3     # the same date again: its row is this run's
run_on 2022-10-25 0.6
run_on 2022-10-31 0.9

compare() {  # compare N: history --json has N rows, equal to 进度's
  expect_exit 0 "$HZ_BIN" history "$O" --json
  "$PY" - "$T/out" "$O/排名.xlsx" "$1" <<'PY'
import json, sys, openpyxl
rows = json.load(open(sys.argv[1], encoding="utf-8"))["rows"]
if len(rows) != int(sys.argv[3]):
    sys.exit(f"history: {len(rows)} rows, want {sys.argv[3]}: {rows}")
dates = [r["as_of"] for r in rows]
if dates != sorted(dates) or len(set(dates)) != len(dates):
    sys.exit(f"one row per date, by date: {dates}")
ws = openpyxl.load_workbook(sys.argv[2])["进度"]
cells = [[c.value for c in r] for r in ws.iter_rows()]
if cells[0] != ["日期", "单位", "已报送", "按时报送", "逾期", "滞后单位", "退回文件", "平均得分率（%）"]:
    sys.exit(f"进度 headers: {cells[0]}")
got = [(c[0].strftime("%Y-%m-%d"), *c[1:]) for c in cells[1:]]
want = [(r["as_of"], r["units"], r["submitted"], r["on_time"], r["late"], r["lagging"], r["rejected"], r["average"]) for r in rows]
if got != want:
    sys.exit(f"进度 {got}\nhistory {want}")
PY
}
compare 3 || fail "进度 and history --json after three dates"
"$PY" - "$T/out" <<'PY' || fail "the rows' figures"
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))["rows"]
# make_many: the first fraction of 60 units submit; the later run of 2022-10-20 (0.3) counts
want = [("2022-10-20", 18), ("2022-10-25", 36), ("2022-10-31", 54)]
got = [(r["as_of"], r["submitted"]) for r in rows]
sys.exit(0 if got == want and all(r["units"] == 60 for r in rows) else f"{got} != {want}")
PY
# A rerun of the last date replaces its row; the table stays three rows.
run_on 2022-10-31 1.0
compare 3 || fail "a rerun of a date"
grep -q '"submitted": 60' "$T/out" || fail "the rerun's row: $(cat "$T/out")"
# The text table has the same rows.
expect_exit 0 "$HZ_BIN" history "$O"
[ "$(grep -c '^2022-10-' "$T/out")" -eq 3 ] || fail "history table: $(cat "$T/out")"
exit 0
