#!/usr/bin/env bash
# The rectification round's cost (SPEC §7): a 2,000-unit campaign with
# --rectify 0.7 (about 1,500 rectified forms) beside the same campaign
# without its rectifications/ folder, in one run.  Each phase of the run's
# own 用时 line (read, judge, write), the fastest of $REPEAT runs at -j 2.
# Targets: judge and write grow by at most 10 %; the read phase's growth is
# printed per rectification file read (it reads that many more files).
. "$(dirname "$0")/_kit_part.sh"
N=${HZ_BENCH_RECTIFY_UNITS:-2000}
REPEAT=${HZ_BENCH_REPEAT:-7}
with="$OUT/rectify_$N" without="$OUT/rectify_${N}_without"
mkdir -p "$OUT"
if [ ! -f "$with/truth.json" ]; then
  rm -rf "$with" "$without"
  echo "generating $N units with --rectify 0.7 into $with ..." >&2
  python3 "$KIT/gencampaign.py" "$with" --units "$N" --seed 1 --preset xinzhou --rectify 0.7 >/dev/null 2>&1 \
    || { echo "$PART: generation failed"; exit 0; }
fi
if [ ! -d "$without" ]; then
  cp -a "$with" "$without" && rm -rf "$without/rectifications"
fi
files=$(find "$with/rectifications" -type f ! -name '.*' | wc -l)
find "$with" -type f -exec cat {} + >/dev/null 2>&1  # warm the page cache alike

# One run's phases: "read judge write".
phases() {
  "$HZ" run "$1" -o "$2" -j 2 --no-progress 2>/dev/null | grep -o 'read [0-9.]* s.*' |
    awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) v[++k] = $i; print v[1], v[2], v[3] }'
}
# The two campaigns one after the other, $REPEAT times, so that a burst of
# load on this shared box hits both alike; each phase's fastest run counts.
o=$(mktemp -d "$OUT/rect_o.XXXXXX")
for k in $(seq "$REPEAT"); do
  echo "a $(phases "$without" "$o/a")"
  echo "b $(phases "$with" "$o/b")"
done >"$o/runs"
rm -rf "$o/a" "$o/b"
fastest() {
  awk -v w="$1" '$1 == w { if (!n++ || $2 < r) r = $2; if (n == 1 || $3 < j) j = $3; if (n == 1 || $4 < x) x = $4 }
                 END { printf "%.3f %.3f %.3f\n", r, j, x }' "$o/runs"
}
a=$(fastest a); b=$(fastest b)
rm -rf "$o"
echo "$a $b" | awk -v n="$N" -v f="$files" '{
  printf "%-6s phases (s, fastest of each): without rectifications/: read %.3f judge %.3f write %.3f\n", n, $1, $2, $3
  printf "%-6s                              with %5d rect. files: read %.3f judge %.3f write %.3f\n", n, f, $4, $5, $6
  printf "%-6s judge grows %+.0f %% (target <= 10 %%), write grows %+.0f %% (target <= 10 %%)\n", n,
    ($2 > 0 ? 100 * ($5 - $2) / $2 : 0), ($3 > 0 ? 100 * ($6 - $3) / $3 : 0)
  printf "%-6s read grows %+.3f s: %.3f ms per rectification file read\n", n, $4 - $1, (f > 0 ? 1000 * ($4 - $1) / f : 0) }'
echo "$N    load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
