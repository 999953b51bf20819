# SPEC §2 "Before the deadline" (the kit's --before-deadline): while as_of
# is on or before the deadline, a unit that has not submitted is pending —
# not lagging for that, no not_submitted problem, no letter, and the
# documents say 尚未报送 (截止日期未到).  check.py --strict must report 0
# failed alone and with reviews, candidates and a rectification round, the
# exit code must be truth.json's, and the letters go to the lagging units
# only (a pending unit gets none unless its final grade makes it lagging).
. "$(dirname "$0")/_lib.sh"
need_shared
KIT="$HZ_SHARED/conformance"
PY=${HZ_PYTHON:-python3}
command -v "$PY" >/dev/null || skip "needs python3"
bad=0
for spec in "xinzhou 4" "qingpu 5" "shaoxing 6:--reviews 0.9 --candidates --rectify 0.7" "quju 7:--reviews 0.9 --candidates --rectify 0.7" \
            "xinzhou 8:--reviews 0.9 --candidates"; do
  head=${spec%%:*} opts=""; [ "$head" != "$spec" ] && opts=${spec#*:}
  preset=${head% *} seed=${head#* }
  c="$T/$preset$seed"
  # shellcheck disable=SC2086
  "$PY" "$KIT/gencampaign.py" "$c" --units 80 --seed "$seed" --preset "$preset" --before-deadline $opts >"$T/gen" 2>&1 \
    || { cat "$T/gen"; fail "gencampaign $preset $seed $opts"; }
  want=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["_generator"]["exit_code"])' "$c/truth.json")
  "$HZ_BIN" run "$c" -o "$c.o" -j 2 -q 2>"$T/err"; rc=$?
  [ "$rc" -eq "$want" ] || { cat "$T/err"; echo "$preset $seed: exit $rc, truth says $want"; bad=1; continue; }
  "$PY" "$KIT/check.py" "$c.o/results.json" "$c/truth.json" --strict --quiet --max-lines 20 >"$T/check" \
    || { cat "$T/check"; echo "$preset $seed $opts: check.py --strict failed"; bad=1; }
  "$PY" - "$c.o" <<'PY' || { echo "$preset $seed: pending units"; bad=1; }
import json, os, sys
o = sys.argv[1]
r = json.load(open(os.path.join(o, "results.json"), encoding="utf-8"))
assert r["campaign"]["as_of"] <= r["campaign"]["deadline"], "not before the deadline"
pending = [u for u in r["units"] if not u["submitted"]]
assert pending, "no pending unit"
for u in pending:
    assert not any(p["kind"] == "not_submitted" for p in u["problems"]), (u["name"], "not_submitted")
    if not u.get("review"):
        assert not u["lagging"], (u["name"], "pending but lagging")
letters = {f[:-5] for f in os.listdir(os.path.join(o, "反馈")) if f.endswith(".docx")}
lagging = {u["name"] for u in r["units"] if u["lagging"]}
rect = "rectification_summary" in r
extra = letters - lagging
assert not extra, ("letters to units that are not lagging", sorted(extra)[:5])
if not rect:
    assert letters == lagging, ("lagging units without a letter", sorted(lagging - letters)[:5])
PY
done
[ $bad -eq 0 ] || fail "conformance before the deadline"
exit 0
