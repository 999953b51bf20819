#!/usr/bin/env bash
# Legacy files through LibreOffice (SPEC §10): a 200-unit campaign with
# --legacy 0.3 (submissions, reviews and rectified forms saved as
# .xls/.doc/.et/.wps) beside its twin, the same seed without --legacy (the
# same forms as .xlsx/.docx).
# - first run (an empty output folder): the conversion step's time per file
#   LibreOffice converted, from the run's own legacy line, fastest of 2;
# - cached runs (the cache of the first run kept): the whole run's wall time
#   and CPU time against the twin's, the two one after the other, fastest of
#   $REPEAT each.
#   Target: the cached run at most 5 % slower than the twin.
. "$(dirname "$0")/_kit_part.sh"
command -v soffice >/dev/null || { echo "$PART: skipped (needs LibreOffice: soffice)"; exit 0; }
N=${HZ_BENCH_LEGACY_UNITS:-200}
REPEAT=${HZ_BENCH_REPEAT:-7}
opts=(--units "$N" --seed 1 --preset xinzhou --reviews 0.9 --candidates --rectify 0.7)
with="$OUT/legacy_$N" twin="$OUT/legacy_${N}_twin"
mkdir -p "$OUT"
if [ ! -f "$with/truth.json" ]; then
  rm -rf "$with"
  echo "generating $N units with --legacy 0.3 into $with ..." >&2
  python3 "$KIT/gencampaign.py" "$with" "${opts[@]}" --legacy 0.3 >/dev/null 2>&1 \
    || { echo "$PART: generation failed"; exit 0; }
fi
if [ ! -f "$twin/truth.json" ]; then
  rm -rf "$twin"
  python3 "$KIT/gencampaign.py" "$twin" "${opts[@]}" >/dev/null 2>&1 || { echo "$PART: generation failed"; exit 0; }
fi
find "$with" "$twin" -type f -exec cat {} + >/dev/null 2>&1  # warm the page cache alike

o=$(mktemp -d "$OUT/legacy_o.XXXXXX")
# first runs: "<converted> <seconds of the step>" from the summary's legacy line
for k in 1 2; do
  rm -rf "$o/first"
  "$HZ" run "$with" -o "$o/first" -j 2 --no-progress 2>/dev/null | grep 'converted by LibreOffice' |
    sed 's/.*: \([0-9]*\) converted by LibreOffice.*(\([0-9.]*\) s).*/\1 \2/'
done >"$o/first.runs"
read -r conv secs < <(sort -k2 -n "$o/first.runs" | head -1)
cp -a "$o/first" "$o/cached"
# cached runs and the twin, alternately: "<who> <wall> <user+sys>" (s)
for k in $(seq "$REPEAT"); do
  /usr/bin/time -f "a %e %U %S" "$HZ" run "$twin" -o "$o/twin" -j 2 -q 2>&1 >/dev/null | grep '^a '
  /usr/bin/time -o "$o/t" -f "b %e %U %S" "$HZ" run "$with" -o "$o/cached" -j 2 --no-progress 2>/dev/null >"$o/cached.out"
  cat "$o/t"
  grep -q ' 0 converted by LibreOffice' "$o/cached.out" || echo "x"
done | awk 'NF == 4 { print $1, $2, $3 + $4; next } { print }' >"$o/runs"
step=$(grep -o 'from the cache.*(\([0-9.]*\) s)' "$o/cached.out" | grep -o '[0-9.]* s)' | tr -d ' s)')
fastest() { awk -v w="$1" -v f="$2" '$1 == w { if (!n++ || $f < m) m = $f } END { print m }' "$o/runs"; }
a=$(fastest a 2); b=$(fastest b 2); ac=$(fastest a 3); bc=$(fastest b 3)
again=$(grep -c '^x' "$o/runs")
legacy=$(grep -c '"as"' "$o/cached/results.json")
rm -rf "$o"
awk -v n="$N" -v c="${conv:-0}" -v s="${secs:-0}" -v a="$a" -v b="$b" -v ac="$ac" -v bc="$bc" -v st="${step:-0}" -v l="$legacy" -v x="$again" 'BEGIN {
  printf "%-6s first run: %d files converted by LibreOffice in %.2f s: %.0f ms per file (one process per batch and filter)\n", n, c, s, (c > 0 ? 1000 * s / c : 0)
  printf "%-6s cached run (%d converted files listed, none converted again%s): wall %.2f s, cpu %.2f s\n", n, l, (x > 0 ? "; CONVERTED AGAIN in " x " runs" : ""), b, bc
  printf "%-6s the same campaign as .xlsx/.docx:                          wall %.2f s, cpu %.2f s\n", n, a, ac
  printf "%-6s cached run overhead: wall %+.1f %%, cpu %+.1f %% (target <= 5 %%); the cache look-up (hashing every legacy file) %.3f s\n", n, (a > 0 ? 100 * (b - a) / a : 0), (ac > 0 ? 100 * (bc - ac) / ac : 0), st }'
echo "$N    load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
