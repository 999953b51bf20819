# huizong run on the committed fixture campaign (tests/fixtures/campaigns/basic):
# the key facts of results.json, the exit code, the summary, nothing lost,
# dot-files nowhere, same bytes for -j 1 / -j 2 / a second run.
. "$(dirname "$0")/_lib.sh"
FIX="$HZ_ROOT/tests/fixtures/campaigns/basic"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"

expect_exit 1 "$HZ_BIN" run "$FIX" -o "$T/o1" -j 1 --no-progress
for f in results.json 汇总报告.docx 排名.xlsx 反馈/; do grep -q "$f" "$T/out" || fail "summary names $f"; done
grep -Eq 'units +5' "$T/out" || fail "summary: 5 units"; grep -Eq 'rejected +1' "$T/out" || fail "summary: 1 rejected"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "stderr not empty without a terminal"; }
"$PY" - "$T/o1/results.json" "$FIX" <<'PY' || fail "results.json facts"
import json, os, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
u = {x["name"]: x for x in r["units"]}
def eq(what, got, want):
    if got != want:
        print(f"{what}: got {got!r}, want {want!r}"); sys.exit(1)
eq("roster order", [x["name"] for x in r["units"]], ["甲区审计局", "甲区财政局", "甲区统计局", "甲区民政局", "甲区档案馆"])
eq("审计局 percent", u["甲区审计局"]["percent"], 100)
eq("审计局 rank", u["甲区审计局"]["rank"], 1)
eq("财政局 percent", u["甲区财政局"]["percent"], 65)
eq("财政局 rank", u["甲区财政局"]["rank"], 3)
eq("财政局 grade", u["甲区财政局"]["grade"], "合格")
eq("财政局 file", u["甲区财政局"]["file"], "submissions/财政局自查自评表.xlsx")
eq("财政局 statuses", [t["status"] for t in u["甲区财政局"]["tasks"]], ["done", "partial", "not_started", "done"])
eq("统计局 late", u["甲区统计局"]["late"], True)
eq("统计局 rank (tie)", u["甲区统计局"]["rank"], 1)
eq("统计局 date", u["甲区统计局"]["date"], "2022-11-02")
eq("民政局 narrative", u["甲区民政局"]["narrative"], True)
eq("民政局 mentioned", [t["status"] for t in u["甲区民政局"]["tasks"]], ["mentioned", "not_mentioned", "not_mentioned", "mentioned"])
eq("民政局 lagging", u["甲区民政局"]["lagging"], True)
eq("档案馆 submitted", u["甲区档案馆"]["submitted"], False)
for k in ("percent", "rank", "grade", "score", "completion"):
    eq("档案馆 " + k, u["甲区档案馆"][k], None)
eq("档案馆 tasks", u["甲区档案馆"]["tasks"], [])
eq("rejected", [x["file"] for x in r["rejected"]], ["submissions/损坏.xlsx"])
eq("superseded", [(x["file"], x["by"]) for x in r["superseded"]],
   [("submissions/补报/财政局自查自评表-旧.xlsx", "submissions/财政局自查自评表.xlsx")])
eq("unknown", [x["file"] for x in r["unknown_units"]], ["submissions/林业局自查自评表.xlsx"])
# Nothing lost: every looked-at file exactly once; dot names nowhere.
looked = []
for d, dirs, files in os.walk(os.path.join(sys.argv[2], "submissions")):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    looked += [os.path.relpath(os.path.join(d, f), sys.argv[2]) for f in files if not f.startswith(".")]
seen = [x["file"] for x in r["units"] if x["submitted"]] + [x["file"] for x in r["rejected"] + r["superseded"] + r["unknown_units"]]
eq("nothing lost", sorted(seen), sorted(looked))
text = open(sys.argv[1], encoding="utf-8").read()
for hidden in (".DS_Store", ".旧"):
    if hidden in text: print("dot name in results.json:", hidden); sys.exit(1)
PY

expect_exit 1 "$HZ_BIN" run "$FIX" -o "$T/o2" -j 2 -q
[ ! -s "$T/out" ] || fail "-q prints no summary"
cmp "$T/o1/results.json" "$T/o2/results.json" || fail "-j 1 and -j 2 differ"
for f in 汇总报告.docx 排名.xlsx 反馈/甲区档案馆.docx 反馈/甲区民政局.docx 反馈/甲区统计局.docx; do
  [ -f "$T/o1/$f" ] || fail "$f not written"
  cmp "$T/o1/$f" "$T/o2/$f" || fail "$f differs between -j 1 and -j 2"
done
[ "$(ls "$T/o1/反馈" | wc -l)" -eq 3 ] || fail "反馈/: one letter per lagging unit, got $(ls "$T/o1/反馈")"
"$PY" -c 'import docx,sys; d=docx.Document(sys.argv[1]); assert any("甲区" in p.text for p in d.paragraphs) or d.tables' "$T/o1/汇总报告.docx" \
  || fail "汇总报告.docx does not open with python-docx"
"$PY" -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); assert "总排名" in wb.sheetnames, wb.sheetnames' "$T/o1/排名.xlsx" \
  || fail "排名.xlsx does not open with openpyxl"
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$T/o2" -j 2 -q
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$T/o2" -j 1 -q
cp "$T/o2/results.json" "$T/second.json"
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$T/o2" -j 2 -q
cmp "$T/second.json" "$T/o2/results.json" || fail "reruns over an earlier output differ"

# --progress forces the progress line on stderr; stdout keeps the summary.
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$T/o3" --progress
grep -q 'reading' "$T/err" || fail "--progress shows progress"

# Without the broken and the unknown file: exit 0.
cp -r "$FIX" "$T/clean"
rm "$T/clean/submissions/损坏.xlsx" "$T/clean/submissions/林业局自查自评表.xlsx"
expect_exit 0 "$HZ_BIN" run "$T/clean" -o "$T/o4" -q
"$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(bool(r["rejected"] or r["unknown_units"]))' "$T/o4/results.json" || fail "clean campaign lists rejected/unknown"

# The default folders: input/ and output/ in the current directory.
mkdir "$T/cwd" && cp -r "$T/clean" "$T/cwd/input"
(cd "$T/cwd" && "$HZ_BIN" run -q) >"$T/out" 2>"$T/err" || { cat "$T/err"; fail "run with default folders"; }
[ -f "$T/cwd/output/results.json" ] || fail "default output/ not written"
exit 0
