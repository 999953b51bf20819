#!/usr/bin/env bash
# `huizong forms --reviews` then `huizong run`: the review groups' forms made
# from the demo campaign (a 考评表 workbook per roster group, a sheet per unit
# that submitted, and a blank 考评汇总表), filled in as review groups do
# (openpyxl: group, date, scores, empty boxes, comments; one unit moved to the
# 考评汇总表, one left unreviewed), put under reviews/, and read back by
# `huizong run` exactly.  Skips while run does not read reviews yet.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || skip "needs /usr/bin/python3 with openpyxl"
[ -d "$HZ_ROOT/input/submissions" ] || skip "no demo campaign in input/"
C=$T/c
cp -r "$HZ_ROOT/input" "$C"
rm -rf "$C/reviews"

expect_exit 0 "$HZ_BIN" forms "$C" -o "$T/forms" --reviews
grep -q '考评汇总表' "$T/out" || fail "summary: $(cat "$T/out")"
[ -f "$T/forms/考评汇总表.xlsx" ] || fail "no 考评汇总表.xlsx"
ls "$T/forms" | grep -q '考评表\.xlsx$' || fail "no 考评表 workbook"
# a plain run first: the self scores the forms print, and who submitted
"$HZ_BIN" run "$C" -o "$T/o0" -q >/dev/null 2>&1; [ $? -le 1 ] || fail "run without reviews"

mkdir -p "$C/reviews"
$PY - "$T/forms" "$C/reviews" "$T/o0/results.json" "$T/expect.json" <<'PY' || fail "filling the forms"
import json, os, sys, openpyxl
forms, out, res, exp_path = sys.argv[1:]
r = json.load(open(res, encoding="utf-8"))
tasks = r["checklist"]
units = {u["name"]: u for u in r["units"]}
books = sorted(f for f in os.listdir(forms) if f.endswith("考评表.xlsx") and f != "考评汇总表.xlsx")
submitted = sorted(u["name"] for u in r["units"] if u["submitted"])
expect = {"reviewed": {}, "not_reviewed": []}
seen = []
moved = None
for b, name in enumerate(books):
    wb = openpyxl.load_workbook(os.path.join(forms, name))
    group = "第%d评审组" % (b + 1)
    if b == 0 and len(wb.sheetnames) > 1:          # its last unit is not visited
        ws = wb[wb.sheetnames[-1]]
        expect["not_reviewed"].append(ws["B2"].value); seen.append(ws["B2"].value)
        wb.remove(ws)
    if b == 1 and len(wb.sheetnames) > 1:          # its first unit goes to the 考评汇总表
        ws = wb[wb.sheetnames[0]]
        moved = ws["B2"].value; seen.append(moved)
        wb.remove(ws)
    for k, sname in enumerate(wb.sheetnames):
        ws = wb[sname]
        unit = ws["B2"].value
        seen.append(unit)
        assert unit in units and units[unit]["submitted"], unit
        assert [c.value for c in ws[6]] == ["序号", "任务", "分值", "自评分", "考评得分", "扣分原因"], [c.value for c in ws[6]]
        ws["B3"] = group
        ws["B4"] = "2024年11月%d日" % (20 + b)
        got = []
        for i, t in enumerate(tasks):
            row = 7 + i
            assert ws.cell(row, 1).value == t["id"] and ws.cell(row, 3).value == t["max"], (unit, row)
            self_score = units[unit]["tasks"][i]["score"]
            assert abs(ws.cell(row, 4).value - self_score) < 1e-9, (unit, t["id"], ws.cell(row, 4).value, self_score)
            pick = (k + i) % 5
            if pick == 0:            # not scored: the self score stands
                got.append({"id": t["id"], "score": self_score, "comment": None})
                continue
            score = t["max"] if pick in (1, 4) else (t["max"] - 1 if pick == 2 else t["max"] / 2)
            comment = None if score == t["max"] else ("台账不全" if pick == 2 else "活动记录缺少佐证材料")
            ws.cell(row, 5).value = score
            if comment:
                ws.cell(row, 6).value = comment
            got.append({"id": t["id"], "score": score, "comment": comment})
        expect["reviewed"][unit] = {"file": "reviews/" + name, "sheet": sname, "row": None, "group": group,
                                    "date": "2024-11-%02d" % (20 + b), "tasks": got}
    wb.save(os.path.join(out, name))
assert sorted(seen) == submitted, (sorted(seen), submitted)
wb = openpyxl.load_workbook(os.path.join(forms, "考评汇总表.xlsx"))
ws = wb["考评汇总表"]
head = [c.value for c in ws[5]]
assert head[:2] == ["序号", "单位名称"] and head[-2:] == ["合计", "考评意见"], head
assert head[2:-2] == ["%s（%g分）" % (t["id"], t["max"]) for t in tasks], head
if moved:
    ws["B2"] = "第九评审组"; ws["B3"] = "2024-11-28"
    ws.cell(6, 2).value = moved
    got = []
    for i, t in enumerate(tasks):
        if i % 4 == 3:
            got.append({"id": t["id"], "score": units[moved]["tasks"][i]["score"], "comment": "总体较好，个别台账不全"})
            continue
        v = t["max"] - (i % 2)
        ws.cell(6, 3 + i).value = v
        got.append({"id": t["id"], "score": v, "comment": "总体较好，个别台账不全"})
    ws.cell(6, 3 + len(tasks) + 1).value = "总体较好，个别台账不全"
    expect["reviewed"][moved] = {"file": "reviews/考评汇总表.xlsx", "sheet": "考评汇总表", "row": 6,
                                 "group": "第九评审组", "date": "2024-11-28", "tasks": got}
    wb.save(os.path.join(out, "考评汇总表.xlsx"))
json.dump(expect, open(exp_path, "w", encoding="utf-8"), ensure_ascii=False)
PY

"$HZ_BIN" run "$C" -o "$T/o" -q >"$T/run.out" 2>"$T/run.err"; rc=$?
[ $rc -le 1 ] || { cat "$T/run.err"; fail "run with the filled forms: exit $rc"; }
$PY - "$T/o/results.json" "$T/expect.json" <<'PY'
import json, sys, unicodedata
r = json.load(open(sys.argv[1], encoding="utf-8"))
exp = json.load(open(sys.argv[2], encoding="utf-8"))
units = {u["name"]: u for u in r["units"]}
if not any(u.get("review") for u in r["units"]):
    print("results.json has no review objects yet (run does not read reviews/)"); sys.exit(77)
bad = []
def eq(what, got, want):
    if got != want:
        bad.append("%s: got %r, want %r" % (what, got, want))
for name in exp["not_reviewed"]:
    eq(name + " review", units[name].get("review"), None)
for name, e in exp["reviewed"].items():
    rv = units[name].get("review")
    if not rv:
        bad.append(name + ": not reviewed"); continue
    for k in ("file", "sheet", "group", "date"):
        eq(name + " " + k, rv.get(k), e[k])
    if e["row"] is not None:
        eq(name + " row", rv.get("row"), e["row"])
    eq(name + " task ids", [t["id"] for t in rv["tasks"]], [t["id"] for t in e["tasks"]])
    for g, w in zip(rv["tasks"], e["tasks"]):
        if abs(g["score"] - w["score"]) > 1e-9:
            bad.append("%s task %s: score %r, want %r" % (name, w["id"], g["score"], w["score"]))
        # comments compared as SPEC §3 normalises text (NFKC: ，→ ,): the
        # reader may keep them as typed or normalise them
        nf = lambda c: unicodedata.normalize("NFKC", c) if c else None
        eq("%s task %s comment" % (name, w["id"]), nf(g.get("comment")), nf(w["comment"]))
if bad:
    print("\n".join(bad[:20])); sys.exit(1)
print("ok", len(exp["reviewed"]), "reviewed")
PY
rc=$?
[ $rc -eq 77 ] && skip "run does not read reviews/ yet (results.json has no review objects)"
[ $rc -eq 0 ] || fail "review scores read back differ"
exit 0
