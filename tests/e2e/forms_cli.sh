# `huizong forms` on the command line: usage errors (64), a bad or missing
# checklist or roster (2, the message names the file and where), nothing
# written then; the defaults (input/ → output/forms) from the repository.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || skip "needs /usr/bin/python3 with openpyxl"

expect_exit 64 "$HZ_BIN" forms a b;          grep -q 'wrong number of arguments' "$T/err" || fail "two folders"
expect_exit 64 "$HZ_BIN" forms -j 2;         grep -q 'does not apply' "$T/err" || fail "-j on forms"
expect_exit 0 "$HZ_BIN" help forms;          grep -q 'output/forms' "$T/out" || fail "help forms names the default"

C=$T/c
mkdir -p "$C"
# No checklist at all.
expect_exit 2 "$HZ_BIN" forms "$C" -o "$T/f1"
grep -q 'checklist' "$T/err" || fail "missing checklist not named: $(cat "$T/err")"
[ ! -e "$T/f1" ] || fail "wrote something without a checklist"

# A checklist whose max scores are not numbers; a roster without a header.
$PY - "$C" <<'EOF' || fail "cannot write the campaign"
import sys, openpyxl
c = sys.argv[1]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "清单"
ws.append(["序号", "任务", "分值"])
ws.append(["1", "落实第一议题制度", 50])
ws.append(["2", "常态化开展警示教育", "五十分左右"])
wb.save(c + "/checklist.xlsx")
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["随便", "什么"])
wb.save(c + "/units.xlsx")
EOF
expect_exit 2 "$HZ_BIN" forms "$C" -o "$T/f2"
grep -q 'checklist.xlsx' "$T/err" || fail "bad checklist not named: $(cat "$T/err")"
grep -q '清单' "$T/err" || fail "bad checklist: sheet not named: $(cat "$T/err")"
grep -q 'row 3' "$T/err" || fail "bad checklist: row not named: $(cat "$T/err")"
[ ! -e "$T/f2" ] || fail "wrote something from a bad checklist"

$PY - "$C" <<'EOF' || fail "cannot write the checklist"
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["序号", "任务", "分值"])
ws.append(["1", "落实第一议题制度", 50])
ws.append(["2", "常态化开展警示教育", 50])
wb.save(sys.argv[1] + "/checklist.xlsx")
EOF
expect_exit 2 "$HZ_BIN" forms "$C" -o "$T/f3"
grep -q 'units.xlsx' "$T/err" || fail "bad roster not named: $(cat "$T/err")"
[ ! -e "$T/f3" ] || fail "wrote something from a bad roster"

# An output path that cannot be a folder.
$PY - "$C" <<'EOF' || fail "cannot write the roster"
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["单位名称"]); ws.append(["区委办"])
wb.save(sys.argv[1] + "/units.xlsx")
EOF
: >"$T/plainfile"
expect_exit 2 "$HZ_BIN" forms "$C" -o "$T/plainfile/forms"
grep -q 'cannot write' "$T/err" || fail "unwritable output: $(cat "$T/err")"

# Defaults: input/ and output/forms, relative to where huizong runs.
mkdir -p "$T/cwd/input"
cp "$C/checklist.xlsx" "$C/units.xlsx" "$T/cwd/input/"
(cd "$T/cwd" && "$HZ_BIN" forms >"$T/out" 2>"$T/err") || { cat "$T/err"; fail "forms with defaults"; }
[ -f "$T/cwd/output/forms/区委办自查自评表.xlsx" ] || fail "defaults: no output/forms/区委办自查自评表.xlsx"
[ -f "$T/cwd/output/forms/空白自查自评表.xlsx" ] || fail "defaults: no blank form"
exit 0
