# The conformance kit with 考评验收 (SPEC §6): one small campaign per preset
# with --reviews 0.9 --candidates.  check.py --strict must report 0 failed,
# the exit code must be truth.json's, results.json the same bytes for -j 1
# and -j 2, and every looked-at file under reviews/ shows in results.json
# (a winning review, rejected, superseded or unknown_units) while dot-files
# show nowhere.  Then weights that do not add up stop the run (exit 2,
# naming the key) before anything is written.
. "$(dirname "$0")/_lib.sh"
need_shared
KIT="$HZ_SHARED/conformance"
PY=${HZ_PYTHON:-python3}
command -v "$PY" >/dev/null || skip "needs python3"
bad=0
for preset_seed in xinzhou:21 qingpu:22 shaoxing:23 quju:24; do
  preset=${preset_seed%:*} seed=${preset_seed#*:}
  c="$T/$preset"
  "$PY" "$KIT/gencampaign.py" "$c" --units 60 --seed $seed --preset $preset --reviews 0.9 --candidates >/dev/null \
    || fail "gencampaign $preset"
  want=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["_generator"]["exit_code"])' "$c/truth.json")
  "$HZ_BIN" run "$c" -o "$T/$preset.o1" -j 1 -q 2>"$T/err"; rc=$?
  [ "$rc" -eq "$want" ] || { cat "$T/err"; echo "$preset: exit $rc, truth says $want"; bad=1; continue; }
  "$PY" "$KIT/check.py" "$T/$preset.o1/results.json" "$c/truth.json" --strict --quiet --max-lines 20 >"$T/check" \
    || { cat "$T/check"; echo "$preset seed $seed: check.py --strict failed"; bad=1; }
  "$HZ_BIN" run "$c" -o "$T/$preset.o2" -j 2 -q 2>/dev/null
  cmp -s "$T/$preset.o1/results.json" "$T/$preset.o2/results.json" \
    || { echo "$preset: results.json differs between -j 1 and -j 2"; bad=1; }
  "$PY" - "$T/$preset.o1/results.json" "$c" <<'PY' || { echo "$preset: review files lost"; bad=1; }
import json, os, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[1], encoding="utf-8").read()
looked, dots = set(), []
for d, dirs, files in os.walk(os.path.join(sys.argv[2], "reviews")):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    for f in files:
        rel = os.path.relpath(os.path.join(d, f), sys.argv[2])
        if f.startswith("."):
            dots.append(rel)
        else:
            looked.add(rel)
seen = {u["review"]["file"] for u in r["units"] if u.get("review")}
seen |= {x["file"] for k in ("rejected", "superseded", "unknown_units") for x in r[k] if x["file"].startswith("reviews/")}
if seen != looked:
    print("lost:", sorted(looked - seen)[:10], "unexpected:", sorted(seen - looked)[:10])
    sys.exit(1)
if any(json.dumps(d, ensure_ascii=False)[1:-1] in text for d in dots):
    print("a dot-file shows in results.json")
    sys.exit(1)
PY
done
[ $bad -eq 0 ] || fail "conformance with reviews"

# SPEC 6.3: weights that do not add up: exit 2 naming the key, nothing written
c="$T/xinzhou"
"$PY" - "$c/campaign.ini" <<'PY'
import sys
p = sys.argv[1]
out, skip = [], False
for line in open(p, encoding="utf-8-sig").read().splitlines():
    if line.strip().startswith("["):
        skip = line.strip().startswith("[final]")
    if not skip:
        out.append(line)
out += ["", "[final]", "self_weight = 0.4", "review_weight = 0.5"]
open(p, "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
expect_exit 2 "$HZ_BIN" run "$c" -o "$T/weights.o" -q
grep -q review_weight "$T/err" || { cat "$T/err"; fail "exit 2 does not name review_weight"; }
[ ! -e "$T/weights.o/results.json" ] || fail "results.json written despite bad weights"
exit 0
