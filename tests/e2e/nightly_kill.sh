# SPEC 8.2: huizong run killed with SIGKILL at 30+ random instants over a
# 500-unit campaign.  The folder is seeded with two completed runs (the
# previous results.json is an input: from the second run on, the same inputs
# give the same bytes).  After every kill each output opens and has the
# bytes it had; the next completed run leaves exactly the outputs (the
# temporaries of the killed runs swept) with the same bytes.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
KILLS=${HZ_KILLS:-32}
SEED=${HZ_KILL_SEED:-$((RANDOM % 1000))}
echo "seed $SEED, $KILLS kills"
RANDOM=$SEED
C="$T/c"; O="$T/o"
if [ -n "${HZ_SHARED:-}" ] && [ -f "$HZ_SHARED/conformance/gencampaign.py" ]; then
  python3 "$HZ_SHARED/conformance/gencampaign.py" "$C" --units 500 --seed "$SEED" >/dev/null || fail "gencampaign"
else
  "$PY" "$HZ_ROOT/tests/fixtures/campaigns/make_many.py" "$C" --units 500 || fail "make_many"
fi

run_ok() {  # a completed run: exit 0 or 1 (the kit's campaigns hold broken files)
  "$HZ_BIN" run "$C" -o "$O" -q "$@" >"$T/out" 2>"$T/err"; local rc=$?
  [ $rc -le 1 ] || { cat "$T/err"; fail "run exited $rc"; }
}
snapshot() {  # one line per output file: its sha256 and path
  (cd "$O" && find results.json 汇总报告.docx 排名.xlsx 反馈 -type f -print0 | sort -z | xargs -0 sha256sum)
}
run_ok; run_ok
snapshot >"$T/want"
[ "$(wc -l <"$T/want")" -gt 10 ] || fail "expected the outputs and letters, got $(cat "$T/want")"
t0=$(date +%s%N); run_ok; t1=$(date +%s%N)
snapshot | cmp -s - "$T/want" || fail "a third completed run changed the outputs"
D=$(( (t1 - t0) / 1000000 ))   # a run's length, ms
echo "a run takes $D ms"

checks() {  # every output opens: zip test, results.json parses
  "$PY" - "$O" <<'PY'
import json, os, sys, zipfile
o = sys.argv[1]
json.load(open(os.path.join(o, "results.json"), encoding="utf-8"))
paths = [os.path.join(o, "汇总报告.docx"), os.path.join(o, "排名.xlsx")]
paths += [os.path.join(o, "反馈", f) for f in os.listdir(os.path.join(o, "反馈"))]
for p in paths:
    with zipfile.ZipFile(p) as z:
        bad = z.testzip()
        if bad:
            sys.exit(f"{p}: damaged member {bad}")
PY
}

left=0
for k in $(seq "$KILLS"); do
  ms=$(( RANDOM % (D * 12 / 10 + 1) ))
  "$HZ_BIN" run "$C" -o "$O" -q >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  checks || fail "kill $k at $ms ms: an output does not open"
  snapshot | cmp -s - "$T/want" || { snapshot | diff "$T/want" - | head; fail "kill $k at $ms ms: an output changed"; }
  n=$(find "$O" -maxdepth 1 -name '.huizong-tmp-*' | wc -l)
  [ "$n" -gt 0 ] && left=$((left + 1))
  if [ "$k" -eq $((KILLS / 2)) ]; then  # halfway, a completed run sweeps
    run_ok
    [ -z "$(find "$O" -maxdepth 1 -name '.huizong-tmp-*')" ] || fail "temporaries after a completed run"
  fi
done
echo "$left of $KILLS kills left temporaries behind"
[ "$left" -gt 0 ] || fail "no kill hit the writing of the outputs (instants up to $((D * 12 / 10)) ms): the test proved nothing"

# Something of the office's in the output folder, a look-alike name among
# it: the sweep touches only what huizong names.
echo keep >"$O/.huizong-tmp-notes.txt"; echo keep >"$O/备注.txt"
run_ok
got=$(cd "$O" && ls -A | LC_ALL=C sort | tr '\n' ' ')
want=$(printf '%s\n' .huizong .huizong-tmp-notes.txt results.json 反馈 备注.txt 排名.xlsx 汇总报告.docx | LC_ALL=C sort | tr '\n' ' ')
[ "$got" = "$want" ] || fail "after a completed run the folder holds: $got (want $want)"
snapshot | cmp -s - "$T/want" || fail "the completed run after the kills changed the outputs"
checks || fail "outputs do not open after the completed run"
exit 0
