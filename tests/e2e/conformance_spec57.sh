# The conformance kit on the seeds conformance_small.sh must leave out:
# with the kit's duplicate-version ordering corrected to SPEC 5.7
# (tests/conformance/spec57_kit.py says why), check.py --strict must report
# 0 failed on every preset, seeds 1-2, 60 units.
. "$(dirname "$0")/_lib.sh"
need_shared
PY=${HZ_PYTHON:-python3}
kit="$T/kit"; mkdir -p "$kit"
"$PY" "$HZ_ROOT/tests/conformance/spec57_kit.py" "$HZ_SHARED/conformance" "$kit"; rc=$?
[ $rc -eq 3 ] && cp "$HZ_SHARED/conformance/gencampaign.py" "$kit/"   # fixed upstream
[ $rc -eq 0 ] || [ $rc -eq 3 ] || fail "spec57_kit.py"
bad=0
for preset in xinzhou qingpu shaoxing quju; do
  for seed in 1 2; do
    c="$T/$preset-$seed"
    "$PY" "$kit/gencampaign.py" "$c" --units 60 --seed $seed --preset $preset >/dev/null || fail "gencampaign $preset $seed"
    want=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["_generator"]["exit_code"])' "$c/truth.json")
    "$HZ_BIN" run "$c" -o "$c.out" -q 2>"$T/err"; rc=$?
    [ "$rc" -eq "$want" ] || { cat "$T/err"; echo "$preset $seed: exit $rc, truth says $want"; bad=1; continue; }
    "$PY" "$HZ_SHARED/conformance/check.py" "$c.out/results.json" "$c/truth.json" --strict --quiet --max-lines 20 \
      || { echo "$preset seed $seed: check.py --strict failed"; bad=1; }
    rm -rf "$c" "$c.out"
  done
done
[ $bad -eq 0 ] || fail "conformance with SPEC 5.7 ordering"
exit 0
