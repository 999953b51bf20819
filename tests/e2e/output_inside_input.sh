#!/usr/bin/env bash
# SPEC §4 (issue 20.1): an output folder inside an input folder is refused
# with exit 64 and the reason, before anything is written; an output
# folder an older run left inside submissions/ is never read as forms.
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input/submissions" ] || skip "needs the demo campaign (input/)"
cp -r "$HZ_ROOT/input" "$T/c"
"$HZ_BIN" run "$T/c" -o "$T/ref" -q >/dev/null 2>&1; want=$?
[ -s "$T/ref/results.json" ] || fail "the reference run wrote no results.json"

(cd "$T/c" && find . | sort) >"$T/tree.before"
had_phases=0; [ -d "$T/c/phases" ] && had_phases=1
for f in submissions reviews rectifications phases; do
  for o in "$T/c/$f/out" "$T/c/$f" "$T/c/$f/a/../b" "$T/c/./$f/x/y"; do
    expect_exit 64 "$HZ_BIN" run "$T/c" -o "$o" -q
    grep -q "$f/" "$T/err" || { cat "$T/err"; fail "-o $o: the message does not name $f/"; }
  done
  # a refused -o under phases/ of a campaign without one may leave the
  # empty folder the shell test made; the demo's own phases/ stays
  [ $had_phases -eq 1 ] || rm -rf "$T/c/phases"
  (cd "$T/c" && find . | sort) >"$T/tree.after"
  cmp -s "$T/tree.before" "$T/tree.after" || { diff "$T/tree.before" "$T/tree.after"; fail "a refused run made something in the campaign"; }
done
# through a link to the input folder
ln -s "$T/c/submissions" "$T/link"
expect_exit 64 "$HZ_BIN" run "$T/c" -o "$T/link/out" -q
# beside the input folders is fine
expect_exit $want "$HZ_BIN" run "$T/c" -o "$T/c/out" -q

# an output folder left inside submissions/ by an older version (made
# here by hand as such a run would): skipped, the results unchanged
mkdir -p "$T/c/submissions/old/.huizong" "$T/c/submissions/old/反馈"
cp "$T/ref/汇总报告.docx" "$T/c/submissions/old/"
cp "$T/ref/汇总报告.docx" "$T/c/submissions/old/反馈/区财政局.docx"
cp "$T/ref/results.json" "$T/c/submissions/old/"
"$HZ_BIN" run "$T/c" -o "$T/o2" -q >/dev/null 2>&1
grep -q 'submissions/old' "$T/o2/results.json" && fail "an old output folder inside submissions/ was read as input"
python3 - "$T/ref/results.json" "$T/o2/results.json" <<'PY' || fail "results changed by an old output folder inside submissions/"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for k in ("units", "rejected", "superseded", "unknown_units"):
    assert a.get(k) == b.get(k), k
PY
exit 0
