# SPEC §10: a campaign whose units sent .xls/.doc/.et/.wps (the kit's --legacy,
# every round: submissions, reviews, rectifications) read through LibreOffice.
# - judged exactly as the same campaign saved as .xlsx/.docx (check.py's
#   mismatches, if any, are the twin's own), `converted` as truth.json lists it;
# - a second run converts nothing (the cache) and writes the same bytes as a run
#   that converts again; nothing but the cache is left in the output folder;
# - convert = off: the legacy files rejected naming both remedies, no `converted`,
#   and the unused cache swept.
# LibreOffice is installed in CI (scripts/install-deps.sh): there this case
# fails rather than skips without it.
. "$(dirname "$0")/_lib.sh"
need_shared
if ! command -v soffice >/dev/null; then
  [ -n "${CI:-}" ] || [ "${HZ_REQUIRE_LO:-}" = 1 ] && fail "LibreOffice (soffice) missing in CI (HZ_REQUIRE_LO=1): run scripts/install-deps.sh"
  skip "needs LibreOffice (soffice)"
fi
KIT="$HZ_SHARED/conformance"
PY=${HZ_PYTHON:-python3}
opts=(--units 80 --seed 7 --preset shaoxing --reviews 0.9 --candidates --rectify 0.7)
"$PY" "$KIT/gencampaign.py" "$T/c" "${opts[@]}" --legacy 0.5 >/dev/null 2>"$T/gen.err" || { cat "$T/gen.err"; fail "gencampaign --legacy"; }
"$PY" "$KIT/gencampaign.py" "$T/twin" "${opts[@]}" >/dev/null 2>&1 || fail "gencampaign (twin)"

"$HZ_BIN" run "$T/c" -o "$T/o" -j 2 >"$T/run1" 2>&1
rc=$?; [ $rc -le 1 ] || { cat "$T/run1"; fail "run exit $rc"; }
grep -q 'converted by LibreOffice' "$T/run1" || { cat "$T/run1"; fail "no conversion reported"; }
"$HZ_BIN" run "$T/twin" -o "$T/tw" -j 2 -q >/dev/null 2>&1

# judged as the twin is: the same check.py mismatches (none where huizong meets the kit)
"$PY" "$KIT/check.py" "$T/o/results.json" "$T/c/truth.json" --strict 2>/dev/null | grep MISMATCH | sort >"$T/mm.legacy"
"$PY" "$KIT/check.py" "$T/tw/results.json" "$T/twin/truth.json" --strict 2>/dev/null | grep MISMATCH | sort >"$T/mm.twin"
diff "$T/mm.twin" "$T/mm.legacy" >"$T/mm.diff" || { head -20 "$T/mm.diff"; fail "the legacy campaign is judged unlike its .xlsx/.docx twin"; }
"$PY" - "$T/o/results.json" "$T/c/truth.json" <<'PY' || fail "converted list"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8")); t = json.load(open(sys.argv[2], encoding="utf-8"))
want = t.get("converted") or []
assert len(want) >= 10, "the kit converted only %d files" % len(want)
areas = {x["file"].split("/")[0] for x in want}
assert {"submissions", "reviews"} <= areas, areas
assert r.get("converted") == want, (r.get("converted"), want)
order = [x["file"].encode() for x in r["converted"]]
assert order == sorted(order), "not in path byte order"
enc = t["_generator"]["legacy"]["encrypted"]
assert any(x["file"] == enc for x in r["rejected"]), "the password-protected file is not rejected"
PY

# nothing left but the outputs, the lock, the state and the cache
for x in lo-profile converting; do [ ! -e "$T/o/.huizong/$x" ] || fail "$x left in .huizong"; done
[ -z "$(ls -A "$T/o" | grep -v -x -e .huizong -e results.json -e 汇总报告.docx -e 排名.xlsx -e 反馈 -e 拟定名单公示.docx)" ] || { ls -A "$T/o"; fail "strays in the output folder"; }
n=$(ls "$T/o/.huizong/converted" | wc -l)
[ "$n" -ge 10 ] || fail "only $n cache entries"

# second run: the cache, and the same bytes as a run that converts again
cp -a "$T/o" "$T/o2"
rm -rf "$T/o2/.huizong/converted"
"$HZ_BIN" run "$T/c" -o "$T/o" -j 2 >"$T/run2" 2>&1
grep -q ' 0 converted by LibreOffice' "$T/run2" || { cat "$T/run2"; fail "the second run converted again"; }
"$HZ_BIN" run "$T/c" -o "$T/o2" -j 1 -q >/dev/null 2>&1
for f in results.json 汇总报告.docx 排名.xlsx 拟定名单公示.docx; do
  [ -f "$T/o/$f" ] || continue
  cmp -s "$T/o/$f" "$T/o2/$f" || fail "$f differs between a cached run and a converting one"
done
diff -r "$T/o/反馈" "$T/o2/反馈" >/dev/null || fail "letters differ between a cached run and a converting one"
[ "$(ls "$T/o/.huizong/converted" | wc -l)" -eq "$n" ] || fail "the cache changed on a second run"
[ "$(ls "$T/o/.huizong/converted")" = "$(ls "$T/o2/.huizong/converted")" ] || fail "caches differ"

# convert = off: rejected with both remedies; no `converted`; the cache swept
printf '\n[input]\nconvert = off\n' >>"$T/c/campaign.ini"
"$HZ_BIN" run "$T/c" -o "$T/o" -q >/dev/null 2>&1
"$PY" - "$T/o/results.json" "$T/c/truth.json" <<'PY' || fail "convert = off"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8")); t = json.load(open(sys.argv[2], encoding="utf-8"))
assert "converted" not in r
rej = {x["file"]: x["reason"] for x in r["rejected"]}
for x in t["converted"]:
    why = rej.get(x["file"])
    assert why and "LibreOffice" in why and ".%s" % x["as"] in why, (x, why)
PY
[ ! -e "$T/o/.huizong/converted" ] || fail "unused conversions kept"
sed -i 's/^convert = off$/convert = sometimes/' "$T/c/campaign.ini"
expect_exit 2 "$HZ_BIN" run "$T/c" -o "$T/o3" -q
echo "legacy campaign: $n conversions cached, judged as its twin ($(wc -l <"$T/mm.twin") mismatches both)"
