# Review forms are untrusted input too (SPEC 6.1): the fuzzing fixtures and
# a few broken files put under reviews/ of the project's review campaign are
# each rejected (or read), the run exits 1 with every figure of the good
# reviews unchanged, and no sanitizer report.
. "$(dirname "$0")/_lib.sh"
command -v python3 >/dev/null || skip "needs python3"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=98"
c="$T/c"
cp -r "$HZ_ROOT/tests/fixtures/campaigns/reviews" "$c"
expect_exit 1 "$HZ_BIN" run "$c" -o "$T/o1" -q
mkdir -p "$T/fz" && python3 "$HZ_ROOT/tests/fixtures/fuzz/make_fixtures.py" "$T/fz" >/dev/null || fail "cannot write the fuzz fixtures"
mkdir -p "$c/reviews/坏"
n=0
for f in "$T"/fz/*.xlsx "$T"/fz/*.docx; do
  [ -f "$f" ] || continue
  cp "$f" "$c/reviews/坏/$(basename "$f")"; n=$((n + 1))
done
printf 'PK\003\004truncated' >"$c/reviews/坏/截断.xlsx"
: >"$c/reviews/坏/空.docx"
printf '%%PDF-1.4\n' >"$c/reviews/坏/考评表.pdf"
[ $n -ge 2 ] || fail "only $n fuzz fixtures"
expect_exit 1 "$HZ_BIN" run "$c" -o "$T/o2" -q
! grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/err" || { head -20 "$T/err"; fail "sanitizer report"; }
python3 - "$T/o1/results.json" "$T/o2/results.json" "$c" <<'PY' || fail "hostile review files changed the results or went missing"
import json, os, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
bad = sorted(os.path.join("reviews/坏", f) for f in os.listdir(os.path.join(sys.argv[3], "reviews/坏")))
listed = {x["file"] for k in ("rejected", "superseded", "unknown_units") for x in b[k]}
listed |= {u["review"]["file"] for u in b["units"] if u["review"]}
missing = [f for f in bad if f not in listed]
if missing:
    print("not accounted for:", missing); sys.exit(1)
for ua, ub in zip(a["units"], b["units"]):
    if ua["review"] != ub["review"] or ua["final"] != ub["final"]:
        print("changed:", ua["name"]); sys.exit(1)
PY
exit 0
