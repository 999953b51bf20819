# The conformance kit with phases (SPEC §9): a small campaign per preset
# with --phases (one also with reviews, candidates and a rectification
# round), check.py --strict must report 0 failed, the exit code must be
# truth.json's, results.json the same bytes for -j 1 and -j 2 and when the
# phase documents come from an earlier run's reads.sqlite, and every
# looked-at file under phases/ accounted for exactly once.  Then the rules
# of 9.1 the kit keeps away from: bad [phases] keys and values exit 2, files
# under phases/ without [phases] or outside a phase folder are rejected,
# and without [phases] results.json gains no key.
. "$(dirname "$0")/_lib.sh"
need_shared
KIT="$HZ_SHARED/conformance"
PY=${HZ_PYTHON:-python3}
command -v "$PY" >/dev/null || skip "needs python3"
bad=0
run_kit() { # name seed preset extra...
  local name=$1 seed=$2 preset=$3; shift 3
  local c="$T/$name"
  "$PY" "$KIT/gencampaign.py" "$c" --units 60 --seed "$seed" --preset "$preset" --phases "$@" >/dev/null 2>&1 \
    || fail "gencampaign $name"
  [ -d "$c/phases" ] || fail "$name: the kit wrote no phases/"
  want=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["_generator"]["exit_code"])' "$c/truth.json")
  "$HZ_BIN" run "$c" -o "$c.o1" -j 1 -q 2>"$T/err"; rc=$?
  [ "$rc" -eq "$want" ] || { cat "$T/err"; echo "$name: exit $rc, truth says $want"; bad=1; return; }
  "$PY" "$KIT/check.py" "$c.o1/results.json" "$c/truth.json" --strict --quiet --max-lines 20 >"$T/check" \
    || { cat "$T/check"; echo "$name: check.py --strict failed"; bad=1; }
  # 阶段工作推进情况 and its attachment read back against results.json (SPEC 9.4)
  if /usr/bin/python3 -c 'import docx' 2>/dev/null; then
    /usr/bin/python3 "$HZ_ROOT/tests/tools/report_bounded.py" "$c.o1" "$c" >"$T/rb" 2>&1 \
      || { cat "$T/rb"; echo "$name: the report disagrees with results.json"; bad=1; }
  fi
  "$HZ_BIN" run "$c" -o "$c.o2" -j 2 -q 2>/dev/null
  for f in results.json 汇总报告.docx 排名.xlsx; do
    cmp -s "$c.o1/$f" "$c.o2/$f" || { echo "$name: $f differs between -j 1 and -j 2"; bad=1; }
  done
  # again into o2: the phase documents now come from its reads.sqlite
  cp "$c.o2/results.json" "$T/cold.json"
  "$HZ_BIN" run "$c" -o "$c.o2" -j 2 -q 2>/dev/null
  cmp -s "$T/cold.json" "$c.o2/results.json" || { echo "$name: results.json differs when read from the cache"; bad=1; }
  "$PY" - "$c.o1/results.json" "$c" <<'PY' || { echo "$name: phase files lost or doubled"; bad=1; }
import json, os, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
looked = []
for d, dirs, files in os.walk(os.path.join(sys.argv[2], "phases")):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    looked += [os.path.relpath(os.path.join(d, f), sys.argv[2]) for f in files if not f.startswith(".")]
seen = [p["file"] for u in r["units"] for p in u["phases"] if p["file"]]
seen += [x["file"] for k in ("rejected", "superseded", "unknown_units") for x in r[k]
         if x["file"].startswith("phases/")]
if sorted(seen) != sorted(looked):
    print("lost:", sorted(set(looked) - set(seen))[:10], "extra/doubled:", len(seen) - len(looked))
    sys.exit(1)
PY
}
run_kit xinzhou 4 xinzhou
run_kit qingpu 5 qingpu
run_kit shaoxing 6 shaoxing
run_kit quju 7 quju
run_kit full 2 shaoxing --reviews 0.9 --candidates --rectify 0.7

# 阶段报送 and the letters of one kit campaign, read back (openpyxl,
# python-docx) and compared with its results.json (SPEC 9.4, 7.3).
if /usr/bin/python3 -c 'import docx, openpyxl' 2>/dev/null; then
  /usr/bin/python3 - "$T/xinzhou.o1" <<'PY' || { echo "xinzhou: 阶段报送 or letters disagree with results.json"; bad=1; }
import json, os, sys
import docx, openpyxl
out = sys.argv[1]
r = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
ws = openpyxl.load_workbook(os.path.join(out, "排名.xlsx"))["阶段报送"]
rows = list(ws.iter_rows(values_only=True))
names = [p["name"] for p in r["phase_summary"]]
assert list(rows[0]) == ["单位", "分组"] + [n + w for n in names for w in ("报送日期", "状态")], rows[0]
zh = {"on_time": "按时", "late": "逾期", "missing": "未报送", "pending": "未到期"}
for u, row in zip(r["units"], rows[1:]):
    want = [u["name"], u["group"] or None]
    for p in u["phases"]:
        want += [p["date"] if p["file"] else zh[p["status"]], zh[p["status"]]]
    got = [c.strftime("%Y-%m-%d") if hasattr(c, "strftime") else c for c in row]
    assert got == want, (got, want)
assert len(rows) == len(r["units"]) + 1
for u in r["units"]:
    texts = [p["text"] for p in u["problems"] if p["kind"] in ("phase_missing", "phase_late")]
    path = os.path.join(out, "反馈", u["name"] + ".docx")
    if not u["lagging"]:
        continue
    assert os.path.exists(path), u["name"]
    d = docx.Document(path)
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    for t in texts:
        assert t in cells, (u["name"], t)
    if any(p["status"] == "missing" for p in u["phases"]):
        reason = cells[cells.index("列为滞后单位的原因") + 1]
        for p in u["phases"]:
            if p["status"] == "missing":
                assert "未报送" + p["name"] in reason, (u["name"], reason)
PY
fi

# The nightly history keeps per run and phase the four counts (SPEC 9.4, 8.3).
"$PY" - "$T/xinzhou.o1" <<'PY' || { echo "xinzhou: phase_run in the history"; bad=1; }
import json, os, sqlite3, sys
out = sys.argv[1]
r = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
db = sqlite3.connect(os.path.join(out, ".huizong", "state.sqlite"))
got = db.execute("SELECT phase, deadline, on_time, late, missing, pending FROM phase_run WHERE run ="
                 " (SELECT max(id) FROM run)").fetchall()
want = [(p["name"], p["deadline"], p["on_time"], p["late"], p["missing"], p["pending"]) for p in r["phase_summary"]]
assert sorted(got) == sorted(want), (got, want)
PY

# Without [phases]: the same campaign's phases/ files are rejected with the
# reason, and results.json has neither phases nor phase_summary.
c="$T/noini"
cp -a "$T/xinzhou" "$c"
"$PY" - "$c/campaign.ini" <<'PY'
import sys, re
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"\[phases\][^\[]*", "", t)
open(sys.argv[1], "w", encoding="utf-8").write(t)
PY
"$HZ_BIN" run "$c" -o "$c.o" -q 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] || { echo "without [phases]: exit $rc, expected 1"; bad=1; }
"$PY" - "$c.o/results.json" "$c" <<'PY' || { echo "without [phases]: phase files not rejected as such"; bad=1; }
import json, os, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert "phase_summary" not in r and all("phases" not in u for u in r["units"])
rej = {x["file"]: x["reason"] for x in r["rejected"] if x["file"].startswith("phases/")}
n = sum(1 for d, _, fs in os.walk(os.path.join(sys.argv[2], "phases")) if "/." not in d for f in fs if not f.startswith("."))
assert len(rej) == n, (len(rej), n)
assert all("没有 [phases] 设置" in v for v in rej.values())
assert all(not p.get("phase") for u in r["units"] for p in u["problems"])
PY

# Bad [phases] settings exit 2 and name the line (SPEC 9.1).
mk() { rm -rf "$T/bad"; mkdir -p "$T/bad"; cp "$T/xinzhou/checklist."* "$T/xinzhou/units."* "$T/bad/" 2>/dev/null
       printf '[campaign]\nas_of = 2022-10-31\ndeadline = 2022-10-30\n\n[phases]\n%s\n' "$1" >"$T/bad/campaign.ini"; }
for body in '自查自评 = 2022-08-20' '整改 = 2022-08-20' 'a/b = 2022-08-20' '.hidden = 2022-08-20' \
            '创建方案 = 2022-08-20 前' '创建方案 = 8月20日' '创建方案 =' \
            "$(printf '创建方案 = 2022-08-20\n创建方案 = 2022-09-20')" \
            "$(printf '创建方案 = 2022-08-20\n创建方案　 = 2022-09-20')" \
            '一二三四五六七八九十一二三四五六七八九十一 = 2022-08-20' \
            "$(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do echo "阶段$i = 2022-08-$((i + 10))"; done)"; do
  mk "$body"
  "$HZ_BIN" run "$T/bad" -o "$T/bad.o" -q >/dev/null 2>"$T/err"; rc=$?
  [ "$rc" -eq 2 ] || { echo "[phases] '$body': exit $rc, expected 2"; bad=1; continue; }
  grep -q 'phases' "$T/err" || { cat "$T/err"; echo "[phases] '$body': the message names no [phases] line"; bad=1; }
done
# Good ones: single digits, a name of 20 characters, full-width letters.
mk "$(printf '创建方案 = 2022-8-5\n一二三四五六七八九十一二三四五六七八九十 = 2022年12月2日\nＰｌａｎ = 2022-09-01')"
mkdir -p "$T/bad/phases/创建方案" "$T/bad/phases/Plan" "$T/bad/phases/其他"
printf "%%PDF-1.4\n" >"$T/bad/phases/创建方案/x.pdf"
printf '%%PDF-1.4\n' >"$T/bad/phases/其他/y.pdf"; printf 'x' >"$T/bad/phases/z.pdf"
printf '<html>' >"$T/bad/phases/Plan/w.pdf"
"$HZ_BIN" run "$T/bad" -o "$T/bad.o" -q >/dev/null 2>"$T/err"; rc=$?
[ "$rc" -eq 1 ] || { cat "$T/err"; echo "good [phases]: exit $rc, expected 1"; bad=1; }
"$PY" - "$T/bad.o/results.json" <<'PY' || { echo "good [phases]: results.json"; bad=1; }
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
ps = r["phase_summary"]
assert [p["name"] for p in ps] == ["创建方案", "一二三四五六七八九十一二三四五六七八九十", "Plan"], ps
assert [p["deadline"] for p in ps] == ["2022-08-05", "2022-12-02", "2022-09-01"], ps
rej = {x["file"]: x["reason"] for x in r["rejected"]}
assert "不在已设置的阶段文件夹中" in rej["phases/其他/y.pdf"], rej
assert "不在已设置的阶段文件夹中" in rej["phases/z.pdf"], rej
assert "phases/Plan/w.pdf" in rej, rej
assert [x["file"] for x in r["unknown_units"]] == ["phases/创建方案/x.pdf"], r["unknown_units"]
n = len(r["units"])
assert ps[0]["missing"] == n and ps[1]["pending"] == n and ps[2]["missing"] == n, ps
u = r["units"][0]
assert u["lagging"] and [p["kind"] for p in u["problems"]][-2:] == ["phase_missing", "phase_missing"], u["problems"]
assert u["problems"][-1]["text"] == "未报送Plan（截止2022-09-01）", u["problems"][-1]
PY
[ $bad -eq 0 ] || fail "conformance with phases"
exit 0
