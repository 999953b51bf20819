# The conformance kit with a rectification round (SPEC §7): a small campaign
# per preset with --rectify 0.7, check.py --strict must report 0 failed, the
# exit code must be truth.json's, results.json the same bytes for -j 1 and
# -j 2, and every looked-at file of submissions/ and rectifications/
# accounted for exactly once.  The same campaign without its
# rectifications/ folder gives the same documents, and results.json differs
# only by rectification (null) and rectification_summary (absent).
. "$(dirname "$0")/_lib.sh"
need_shared
KIT="$HZ_SHARED/conformance"
PY=${HZ_PYTHON:-python3}
command -v "$PY" >/dev/null || skip "needs python3"
bad=0
for preset_seed in xinzhou:4 qingpu:5 shaoxing:6 quju:7; do
  preset=${preset_seed%:*} seed=${preset_seed#*:}
  c="$T/$preset"
  "$PY" "$KIT/gencampaign.py" "$c" --units 60 --seed $seed --preset $preset --rectify 0.7 >/dev/null 2>&1 \
    || fail "gencampaign $preset"
  [ -d "$c/rectifications" ] || fail "$preset: the kit wrote no rectifications/"
  want=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["_generator"]["exit_code"])' "$c/truth.json")
  "$HZ_BIN" run "$c" -o "$T/$preset.o1" -j 1 -q 2>"$T/err"; rc=$?
  [ "$rc" -eq "$want" ] || { cat "$T/err"; echo "$preset: exit $rc, truth says $want"; bad=1; continue; }
  "$PY" "$KIT/check.py" "$T/$preset.o1/results.json" "$c/truth.json" --strict --quiet --max-lines 20 >"$T/check" \
    || { cat "$T/check"; echo "$preset seed $seed: check.py --strict failed"; bad=1; }
  "$HZ_BIN" run "$c" -o "$T/$preset.o2" -j 2 -q 2>/dev/null
  for f in results.json 汇总报告.docx 排名.xlsx; do
    cmp -s "$T/$preset.o1/$f" "$T/$preset.o2/$f" || { echo "$preset: $f differs between -j 1 and -j 2"; bad=1; }
  done
  "$PY" - "$T/$preset.o1/results.json" "$c" <<'PY' || { echo "$preset: files lost or doubled"; bad=1; }
import json, os, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
looked = []
for top in ("submissions", "rectifications"):
    for d, dirs, files in os.walk(os.path.join(sys.argv[2], top)):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        looked += [os.path.relpath(os.path.join(d, f), sys.argv[2]) for f in files if not f.startswith(".")]
seen = [u["file"] for u in r["units"] if u["submitted"]]
seen += [u["rectification"]["file"] for u in r["units"] if u["rectification"] and u["rectification"]["file"]]
seen += [x["file"] for k in ("rejected", "superseded", "unknown_units") for x in r[k]]
if sorted(seen) != sorted(looked):
    print("lost:", sorted(set(looked) - set(seen))[:10], "extra/doubled:", len(seen) - len(looked))
    sys.exit(1)
PY
done
# With reviews (SPEC 7.2: a reviewed unit's review deductions are tasks to
# rectify too); quju's max of 100/13 per task is where a score clamped to
# the max must not count as a deduction.
c="$T/quju_reviews"
"$PY" "$KIT/gencampaign.py" "$c" --units 60 --seed 1 --preset quju --reviews 0.9 --candidates --rectify 0.7 \
  >/dev/null 2>&1 || fail "gencampaign quju --reviews"
"$HZ_BIN" run "$c" -o "$c.o" -j 2 -q 2>/dev/null
"$PY" "$KIT/check.py" "$c.o/results.json" "$c/truth.json" --strict --quiet --max-lines 20 >"$T/check" \
  || { cat "$T/check"; echo "quju with reviews: check.py --strict failed"; bad=1; }
# 整改台账 and the letters of one kit campaign, read back (openpyxl,
# python-docx) and compared with its results.json.
if /usr/bin/python3 -c 'import docx, openpyxl' 2>/dev/null; then
  /usr/bin/python3 - "$T/xinzhou.o1" <<'PY' || { echo "xinzhou: 整改台账 or letters disagree with results.json"; bad=1; }
import json, os, sys
import docx, openpyxl
out = sys.argv[1]
r = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
ws = openpyxl.load_workbook(os.path.join(out, "排名.xlsx"))["整改台账"]
got = [(a[0], a[2], a[5], a[6], a[7].strftime("%Y-%m-%d") if a[7] else None) for a in ws.iter_rows(min_row=2, values_only=True)]
want = [(u["name"], t, "已整改" if t in u["rectification"]["closed"] else "未整改", u["rectification"]["file"],
         u["rectification"]["date"]) for u in r["units"] if u["rectification"] for t in u["rectification"]["to_rectify"]]
assert got == want, "整改台账 rows"
# a letter per lagging unit, except those that closed every task they had
def wanted(u):
    rc = u["rectification"]
    return u["lagging"] and not (rc and rc["to_rectify"] and not rc["open"])
names = {u["name"] for u in r["units"] if wanted(u)}
letters = {f[:-5] for f in os.listdir(os.path.join(out, "反馈"))}
assert letters == names, (sorted(letters ^ names))
title = {t["id"]: t["title"] for t in r["checklist"]}
for u in r["units"]:
    rc = u["rectification"]
    if u["name"] not in letters or not rc or not rc["to_rectify"]:
        continue
    d = docx.Document(os.path.join(out, "反馈", u["name"] + ".docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "已整改%d项" % len(rc["closed"]) in text or "均未整改" in text, (u["name"], "closed count")
    listed = {row.cells[2].text.split(" ")[0] for t in d.tables for row in t.rows[1:] if len(row.cells) == 5}
    for tid in rc["closed"]:
        # a closed task's own problems are gone (its 存在问题 or a warning may stay)
        kinds = {row.cells[1].text for t in d.tables for row in t.rows[1:] if len(row.cells) == 5
                 and row.cells[2].text.split(" ")[0] == tid}
        assert not kinds & {"未填报", "未开展", "未全部完成", "次数不足"}, (u["name"], tid, kinds)
    if not u["submitted"] or u["narrative"]:
        if rc["file"]:
            assert set(rc["open"]) <= listed, (u["name"], rc["open"], listed)
PY
fi
# Without rectifications/: the documents byte for byte, results.json apart
# from the round's keys (and its files in the lists).
c="$T/xinzhou"
cp -a "$c" "$T/plain" && rm -rf "$T/plain/rectifications"
"$HZ_BIN" run "$T/plain" -o "$T/plain.o" -j 2 -q 2>/dev/null
"$PY" - "$T/xinzhou.o1/results.json" "$T/plain.o/results.json" <<'PY' || bad=1
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
if "rectification_summary" in b or any(u["rectification"] is not None for u in b["units"]):
    print("without rectifications/: rectification keys not null"); sys.exit(1)
a.pop("rectification_summary")
for u in a["units"]:
    u["rectification"] = None
for k in ("rejected", "superseded", "unknown_units", "warnings"):
    a[k] = [x for x in a[k] if not x["file"].startswith("rectifications/")]
if a != b:
    print("the round changed the assessment in results.json"); sys.exit(1)
PY
# A rectifications/ folder holding only a dot-file is no round (5.11): the
# same bytes as without the folder, documents included.
cp -a "$T/plain" "$T/dotonly" && mkdir "$T/dotonly/rectifications" && echo x >"$T/dotonly/rectifications/.DS_Store"
"$HZ_BIN" run "$T/dotonly" -o "$T/dotonly.o" -j 2 -q 2>/dev/null
for f in results.json 汇总报告.docx 排名.xlsx; do
  cmp -s "$T/plain.o/$f" "$T/dotonly.o/$f" || { echo "a dot-file in rectifications/ changed $f"; bad=1; }
done
diff -r "$T/plain.o/反馈" "$T/dotonly.o/反馈" >/dev/null || { echo "a dot-file in rectifications/ changed the letters"; bad=1; }
[ $bad -eq 0 ] || fail "conformance with rectifications"
exit 0
