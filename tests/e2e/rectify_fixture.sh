# The rectification round (SPEC §7) on the project's own fixture: basic/
# with tests/fixtures/campaigns/rectifications/ as its rectifications/
# (make_rectify_fixture.py says what each file is).  Each rule of §7 is
# checked in results.json; 整改台账 (openpyxl) and the letters (python-docx)
# are read back and compared with results.json; the assessment, and the
# documents of the campaign without the folder, stay as they were.
# SPEC 7.2: only lagging units have tasks to rectify, so [lagging] below =
# 良好 makes 财政局 (65, 合格) lagging here; with the default 合格 (last
# part) it is not, and its form is read with empty lists.
. "$(dirname "$0")/_lib.sh"
FIX="$HZ_ROOT/tests/fixtures/campaigns"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
"$PY" -c 'import docx, openpyxl' 2>/dev/null || skip "needs python3-docx and python3-openpyxl"
cp -a "$FIX/basic" "$T/c0" && cp -a "$FIX/rectifications" "$T/c0/rectifications"
cp -a "$T/c0" "$T/c" && printf '\n[lagging]\nbelow = 良好\n' >>"$T/c/campaign.ini"
cp -a "$FIX/basic" "$T/plain" && printf '\n[lagging]\nbelow = 良好\n' >>"$T/plain/campaign.ini"

expect_exit 1 "$HZ_BIN" run "$T/c" -o "$T/o" -j 2 --no-progress
grep -q '整改 rectification: 应整改3个单位 units to rectify，3个报送整改表 sent a form，2个达标 reached；任务已整改7项 tasks closed，未整改3项 open' "$T/out" \
  || { cat "$T/out"; fail "run summary: the round's line"; }
expect_exit 1 "$HZ_BIN" run "$T/plain" -o "$T/p" -j 2 -q
expect_exit 1 "$HZ_BIN" run "$T/c" -o "$T/o1" -j 1 -q
for f in results.json 汇总报告.docx 排名.xlsx; do cmp -s "$T/o/$f" "$T/o1/$f" || fail "$f differs between -j 1 and -j 2"; done
diff -r "$T/o/反馈" "$T/o1/反馈" >/dev/null || fail "letters differ between -j 1 and -j 2"

"$PY" - "$T/o" "$T/p" "$T/c" <<'PY' || fail "the round's facts"
import json, os, sys
import docx, openpyxl
out, plain, camp = sys.argv[1:4]
r = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
p = json.load(open(os.path.join(plain, "results.json"), encoding="utf-8"))
u = {x["name"]: x for x in r["units"]}
def eq(what, got, want):
    if got != want:
        print(f"{what}: got {got!r}, want {want!r}"); sys.exit(1)
rc = lambda n: u[n]["rectification"]
# 7.2: tasks to rectify, closed (done with the count met), open, figures
eq("审计局 (nothing to rectify, sent a form)", rc("甲区审计局"),
   {"file": "rectifications/审计局整改后自查表.xlsx", "date": "2022-11-05", "late": False, "to_rectify": [],
    "closed": [], "open": [], "percent": 100, "grade": "优秀", "reached": True})
eq("财政局", rc("甲区财政局"),
   {"file": "rectifications/财政局整改后自查表.xlsx", "date": "2022-11-20", "late": False, "to_rectify": ["2", "3"],
    "closed": ["2"], "open": ["3"], "percent": 90, "grade": "优秀", "reached": True})
eq("统计局 (late only, no form)", rc("甲区统计局"), None)
eq("民政局 (narrative: every task)", rc("甲区民政局"),
   {"file": "rectifications/民政局整改后自查表.docx", "date": "2022-11-15", "late": False,
    "to_rectify": ["1", "2", "3", "4"], "closed": ["1", "4"], "open": ["2", "3"], "percent": 50, "grade": "不合格",
    "reached": False})
eq("档案馆 (not submitted: every task, late form)", rc("甲区档案馆"),
   {"file": "rectifications/档案馆整改后自查表.xlsx", "date": "2022-12-05", "late": True,
    "to_rectify": ["1", "2", "3", "4"], "closed": ["1", "2", "3", "4"], "open": [], "percent": 100, "grade": "优秀",
    "reached": True})
eq("summary", r["rectification_summary"], {"units": 3, "sent": 3, "reached": 2, "tasks": 10, "closed": 7, "open": 3})
# 7.1: the files' accounts
rej = [x["file"] for x in r["rejected"] if x["file"].startswith("rectifications/")]
eq("rejected", rej, ["rectifications/损坏.docx", "rectifications/民政局整改情况报告.docx"])
nar = [x for x in r["rejected"] if x["file"] == "rectifications/民政局整改情况报告.docx"][0]["reason"]
if "自查自评表" not in nar or "form" not in nar: print("narrative reason:", nar); sys.exit(1)
eq("superseded", [(x["file"], x["unit"], x["by"]) for x in r["superseded"] if x["file"].startswith("rectifications/")],
   [("rectifications/补报/财政局整改-初稿.xlsx", "甲区财政局", "rectifications/财政局整改后自查表.xlsx")])
eq("unknown", [x["file"] for x in r["unknown_units"] if x["file"].startswith("rectifications/")],
   ["rectifications/林业局整改后自查表.xlsx"])
eq("warnings", [(x["file"], x["kind"]) for x in r["warnings"] if x["file"].startswith("rectifications/")],
   [("rectifications/民政局整改后自查表.docx", "unknown_status")])
if ".DS_Store" in open(os.path.join(out, "results.json"), encoding="utf-8").read().split('"rejected"')[1]:
    print("a dot-file of rectifications/ is listed"); sys.exit(1)
# 7: the assessment is the campaign's without the folder
a = json.loads(json.dumps(r))
a.pop("rectification_summary")
for x in a["units"]: x["rectification"] = None
for k in ("rejected", "superseded", "unknown_units", "warnings"):
    a[k] = [x for x in a[k] if not x["file"].startswith("rectifications/")]
eq("assessment unchanged", a, p)
if "rectification_summary" in p or any(x["rectification"] is not None for x in p["units"]):
    print("without rectifications/: rectification not null"); sys.exit(1)

# 7.3 整改台账: one row per unit and task to rectify
wb = openpyxl.load_workbook(os.path.join(out, "排名.xlsx"))
if "整改台账" in openpyxl.load_workbook(os.path.join(plain, "排名.xlsx")).sheetnames:
    print("整改台账 without the round"); sys.exit(1)
ws = wb["整改台账"]
rows = list(ws.iter_rows(values_only=True))
eq("台账 header", rows[0][:8], ("单位", "分组", "任务序号", "任务", "考评时存在的问题", "整改情况", "整改后自查自评表", "报送日期"))
eq("台账 frozen", ws.freeze_panes, "B2")
eq("台账 filter", ws.auto_filter.ref, "A1:I%d" % len(rows))
want = []
for x in r["units"]:
    t = x["rectification"]
    for tid in (t or {}).get("to_rectify", []):
        want.append((x["name"], tid, "已整改" if tid in t["closed"] else "未整改", t["file"], t["date"]))
got = [(a[0], a[2], a[5], a[6], a[7].strftime("%Y-%m-%d") if a[7] else None) for a in rows[1:]]
eq("台账 rows", got, want)
probs = {(a[0], a[2]): a[4] for a in rows[1:]}
eq("台账 problem (partial)", probs[("甲区财政局", "2")], "未全部完成")
eq("台账 problem (not started)", probs[("甲区财政局", "3")], "未开展")
eq("台账 problem (not submitted)", probs[("甲区档案馆", "1")], "未报送自查自评表")

# 7.3 the report's 整改落实情况: its figures and the units still with open tasks
rep = docx.Document(os.path.join(out, "汇总报告.docx"))
ps = [q.text for q in rep.paragraphs]
head = [i for i, t in enumerate(ps) if t.endswith("、整改落实情况")]
if len(head) != 1: print("整改落实情况 heading:", head); sys.exit(1)
s = r["rectification_summary"]
text = ps[head[0] + 1]
for frag in ("应整改的%d个单位中，%d个报送了整改后自查自评表" % (s["units"], s["sent"]),
             "整改后%d个单位" % s["reached"], "应整改任务%d项，已整改%d项，尚有%d项未整改" % (s["tasks"], s["closed"], s["open"])):
    if frag not in text: print("整改落实情况:", frag, "not in", text); sys.exit(1)
if any(t.endswith("整改落实情况") for t in (q.text for q in docx.Document(os.path.join(plain, "汇总报告.docx")).paragraphs)):
    print("整改落实情况 without the round"); sys.exit(1)
rows = [[c.text for c in row.cells] for t in rep.tables for row in t.rows if row.cells[0].text.isdigit()
        and len(row.cells) == 4 and row.cells[3].text.endswith(("报送", "未报送"))]
opens = [(u["name"], [t["id"] for t in r["checklist"] if t["id"] in u["rectification"]["open"]]) for u in r["units"]
         if u["rectification"] and u["rectification"]["open"]]
eq("整改落实情况 table", [(row[1], [x.split(" ")[0] for x in row[2].split("、")]) for row in rows], opens)

# 7.3 letters: no letter for 档案馆 (closed all); 统计局 (late only) keeps its
# letter; 民政局 lists only its open tasks and says how many are closed
eq("letters", sorted(os.listdir(os.path.join(out, "反馈"))), ["甲区民政局.docx", "甲区统计局.docx", "甲区财政局.docx"])
eq("letters without the round", sorted(os.listdir(os.path.join(plain, "反馈"))),
   ["甲区档案馆.docx", "甲区民政局.docx", "甲区统计局.docx", "甲区财政局.docx"])
def letter(path):
    d = docx.Document(path)
    # a cell's line breaks are layout (a long label breaks between its words)
    return [q.text for q in d.paragraphs], [[c.text.replace("\n", "") for c in row.cells] for t in d.tables for row in t.rows]
paras, cells = letter(os.path.join(out, "反馈", "甲区民政局.docx"))
sent = [q for q in paras if "整改后自查自评表" in q]
if not sent or "已整改2项" not in sent[0] or "尚有2项未整改" not in sent[0] or "2022年11月15日" not in sent[0]:
    print("民政局 sentence:", sent); sys.exit(1)
listed = [row for row in cells if row and row[0].isdigit()]
kinds = [row[1] for row in listed]
tasks = [row[2].split(" ")[0] for row in listed if row[1] == "未整改"]
eq("民政局 open tasks listed", tasks, rc("甲区民政局")["open"])
if "未按表格填报" not in kinds: print("民政局: its other problem (narrative) dropped", kinds); sys.exit(1)
paras, cells = letter(os.path.join(out, "反馈", "甲区统计局.docx"))
if any("整改后自查自评表" in q for q in paras): print("统计局 (nothing to rectify): a rectification sentence"); sys.exit(1)
if not any(row[1] == "逾期报送" for row in cells if len(row) > 1): print("统计局 letter lost its late problem"); sys.exit(1)
PY
# SPEC 7.2 with the default [lagging] below = 合格: 财政局 (合格, two tasks
# short) is not lagging, gets no letter and has nothing to rectify; its
# form is read with empty lists and counts in no figure.
expect_exit 1 "$HZ_BIN" run "$T/c0" -o "$T/o0" -j 2 -q
"$PY" - "$T/o0" <<'PY' || fail "SPEC 7.2: a unit that is not lagging has nothing to rectify"
import json, os, sys
import docx, openpyxl
out = sys.argv[1]
r = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
u = {x["name"]: x for x in r["units"]}
cz = u["甲区财政局"]
assert not cz["lagging"], "财政局 lagging"
rc = cz["rectification"]
assert rc and rc["file"] == "rectifications/财政局整改后自查表.xlsx", rc
assert rc["to_rectify"] == rc["closed"] == rc["open"] == [], rc
assert r["rectification_summary"] == {"units": 2, "sent": 2, "reached": 1, "tasks": 8, "closed": 6, "open": 2}, \
    r["rectification_summary"]
for x in r["units"]:
    if x["rectification"] and x["rectification"]["to_rectify"]:
        assert x["lagging"], (x["name"], "to rectify but not lagging")
rows = list(openpyxl.load_workbook(os.path.join(out, "排名.xlsx"))["整改台账"].iter_rows(min_row=2, values_only=True))
assert not [a for a in rows if a[0] == "甲区财政局"], "财政局 in 整改台账"
ps = "\n".join(q.text for q in docx.Document(os.path.join(out, "汇总报告.docx")).paragraphs)
assert "应整改的2个单位中" in ps, "report: units to rectify"
assert "甲区财政局.docx" not in os.listdir(os.path.join(out, "反馈")), "财政局 got a letter"
PY
# without the round, the letters and the report keep their bytes
expect_exit 1 "$HZ_BIN" run "$T/plain" -o "$T/p2" -j 1 -q
cmp -s "$T/p/汇总报告.docx" "$T/p2/汇总报告.docx" || fail "plain report differs between runs"
exit 0
