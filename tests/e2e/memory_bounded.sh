#!/usr/bin/env bash
# Issue 20.4: memory is bounded per run, not per file.  Forms of a few
# hundred KB that unpack to 60 MB of paragraph text or 120 MB of shared
# strings, several per reader thread: the run's peak RSS stays at most
# 64 MB plus 32 MB per reader thread.  Not under a sanitizer (its shadow
# memory is not the program's).
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input/submissions" ] || skip "needs the demo campaign (input/)"
if ldd "$HZ_BIN" 2>/dev/null | grep -q 'libasan\|libubsan\|libtsan'; then
  skip "a sanitizer build: RSS not measured"
fi
cp -r "$HZ_ROOT/input" "$T/c"
(cd "$T" && python3 "$HZ_ROOT/tests/tools/make_big_forms.py" big 60 120) || fail "could not make the forms"
for i in 1 2 3 4 5 6 7 8; do
  cp "$T/big.docx" "$T/c/submissions/big$i.docx"; cp "$T/big.xlsx" "$T/c/submissions/big$i.xlsx"
done
for j in 1 2 8; do
  peak=$(python3 - "$HZ_BIN" run "$T/c" -o "$T/o$j" -q -j $j <<'PY'
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if p.returncode > 1:
    sys.exit(f"exit {p.returncode}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
  ) || fail "-j $j: the run failed"
  limit=$((64 + 32 * j))
  echo "-j $j: peak RSS $peak MB (limit $limit MB)"
  [ "$peak" -le $limit ] || fail "-j $j: peak RSS $peak MB over $limit MB"
  grep -q 'submissions/big1.docx' "$T/o$j/results.json" || fail "-j $j: the big form is not in results.json"
done
exit 0
