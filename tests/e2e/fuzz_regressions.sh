# Inputs found while fuzzing (tests/fixtures/fuzz/make_fixtures.py writes
# them here): `huizong dump` reads or refuses each (exit 0 or 1), never a
# signal or a sanitizer report.  How fast is not asserted (bench/ measures).
. "$(dirname "$0")/_lib.sh"
command -v python3 >/dev/null || skip "needs python3"
python3 "$HZ_ROOT/tests/fixtures/fuzz/make_fixtures.py" "$T" || fail "cannot write the fixtures"
# a sanitizer's own exit code, told apart from a refusal (1)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=98"
n=0
for f in "$T"/*.xlsx "$T"/*.docx; do
  [ -f "$f" ] || continue
  "$HZ_BIN" dump "$f" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 1 ] || { head -20 "$T/err"; fail "$(basename "$f"): exit $rc"; }
  ! grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/err" || { head -20 "$T/err"; fail "$(basename "$f"): sanitizer report"; }
  n=$((n + 1))
done
[ $n -ge 2 ] || fail "only $n fixtures written"
# the capped ones are read, not refused
expect_exit 0 "$HZ_BIN" dump "$T/styles_at_caps.xlsx"
grep -q '"d","2022-10-28T00:00:00"' "$T/out" || fail "styles_at_caps: A1 is not the date its built-in format says"
expect_exit 0 "$HZ_BIN" dump "$T/rels_39000.xlsx"
exit 0
