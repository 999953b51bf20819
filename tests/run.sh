#!/usr/bin/env bash
# Runs every unit test binary (cmocka) and every end-to-end case, then prints
# one closing line: "N passed, M failed".  A case that needs ../shared and
# does not find it exits 77 and counts as skipped, never as passed.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD HZ_BIN="$PWD/$BUILD/huizong" HZ_ROOT="$PWD"
[ -d ../shared ] && export HZ_SHARED="$(cd ../shared && pwd)"
passed=0; failed=0; skipped=0; failures=()
log=$(mktemp -d); trap 'rm -rf "$log"' EXIT

for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  "$t" >"$log/$name.out" 2>&1; rc=$?
  p=$(grep -Eo '\[  PASSED  \] [0-9]+' "$log/$name.out" | grep -Eo '[0-9]+$' | tail -1)
  f=$(grep -Eo '\[  FAILED  \] [0-9]+ test' "$log/$name.out" | grep -Eo '[0-9]+' | tail -1)
  s=$(grep -Eo '\[  SKIPPED \] [0-9]+' "$log/$name.out" | grep -Eo '[0-9]+$' | tail -1)
  p=${p:-0}; f=${f:-0}; s=${s:-0}
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed before its summary
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$f" -ne 0 ]; then failures+=("$name"); echo "FAIL $name"; sed 's/^/    /' "$log/$name.out" | grep -v '^\s*\[ \(RUN\|  OK\) ' | tail -40
  else echo "ok   $name ($p passed$([ "$s" -gt 0 ] && echo ", $s skipped"))"; fi
done

for c in tests/e2e/[!_]*.sh; do
  [ -f "$c" ] || continue
  name=$(basename "$c" .sh)
  bash "$c" >"$log/e2e_$name.out" 2>&1; rc=$?
  if [ $rc -eq 0 ]; then passed=$((passed + 1)); echo "ok   e2e/$name"
  elif [ $rc -eq 77 ]; then skipped=$((skipped + 1)); echo "skip e2e/$name: $(tail -1 "$log/e2e_$name.out")"
  else failed=$((failed + 1)); failures+=("e2e/$name"); echo "FAIL e2e/$name"; tail -40 "$log/e2e_$name.out" | sed 's/^/    /'; fi
done

[ $skipped -gt 0 ] && echo "($skipped skipped)"
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
