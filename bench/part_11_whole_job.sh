#!/usr/bin/env bash
# The whole job against its floor (issue 21): huizong run -j 2 beside
#   read floor  build/bench/floor_campaign: inflate + walk the XML of every
#               part the run reads (submissions/, reviews/, rectifications/);
#   write floor build/bench/write_floor: the run's own outputs written again,
#               same parts, same deflate levels, same syncs, zip by hand,
#               identical parts deflated once (see its header);
# both on 2 threads, and the ratio run / (read floor + write floor).  Each
# figure is the minimum of $HZ_BENCH_REPEAT runs (default 5), all measured
# in this one run of the script, for 200 and 2,000 units (HZ_BENCH_BIG=1
# adds 20,000), with and without --reviews 0.9 --candidates --rectify 0.7
# (kit --preset xinzhou --seed 2001; campaigns cached under bench/out/).
# Also: the fixed cost of a run (a 20-unit campaign).
# Target: ratio <= 1.3 at 2,000 units, <= 1.8 at 20,000 with peak < 256 MB.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
HZ="$BUILD/huizong"; RF="$BUILD/bench/floor_campaign"; WF="$BUILD/bench/write_floor"
OUT=bench/out
KIT=../shared/conformance/gencampaign.py
if [ ! -f "$KIT" ]; then
  echo "part_11_whole_job: skipped (needs $KIT)"; exit 0
fi
[ -x "$HZ" ] && [ -x "$RF" ] && [ -x "$WF" ] || { echo "part_11_whole_job: build first (make bench)"; exit 0; }
mkdir -p "$OUT"
REPEAT=${HZ_BENCH_REPEAT:-5}
SIZES="200 2000"; [ "${HZ_BENCH_BIG:-0}" = 1 ] && SIZES="$SIZES 20000"
ROUNDS="--reviews 0.9 --candidates --rectify 0.7"

gen() {  # gen N plain|rounds -> dir (cached; a changed kit regenerates)
  local n=$1 kind=$2 dir="$OUT/whole_$1_$2" stamp extra=""
  [ "$kind" = rounds ] && extra=$ROUNDS
  stamp=$(cksum < "$KIT")
  if [ ! -f "$dir/truth.json" ] || [ "$(cat "$dir/.kit" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    echo "generating $n units ($kind) into $dir ..." >&2
    python3 "$KIT" "$dir" --units "$n" --seed 2001 --preset xinzhou $extra -q >/dev/null || return 1
    echo "$stamp" > "$dir/.kit"
  fi
  echo "$dir"
}

# min_run CMD... -> "wall maxrss_MB cpu_s" of the fastest of $REPEAT runs
# (cpu = user + sys: what the run computes, without waiting on the disk)
min_run() {
  local tf best; tf=$(mktemp)
  for k in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e %M %U %S" -o "$tf.1" "$@" >/dev/null 2>&1
    grep -v '^Command' "$tf.1" >>"$tf"
  done
  best=$(sort -n "$tf" | head -1); rm -f "$tf" "$tf.1"
  set -- $best; awk -v w="$1" -v m="$2" -v u="$3" -v s="$4" 'BEGIN { printf "%.3f %.0f %.2f", w, m / 1024, u + s }'
}
# min_floor CMD... -> the smallest "wall" a floor program reports
min_floor() {
  for k in $(seq "$REPEAT"); do "$@" | sed -n 's/.* wall \([0-9.]*\)$/\1/p'; done | sort -n | head -1
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (figures are only comparable on an idle box)"
d20=$(gen 20 plain) && {
  rm -rf "$OUT/whole_o_20"
  set -- $(min_run "$HZ" run "$d20" -o "$OUT/whole_o_20" -j 2 --no-progress)
  echo "fixed cost of a run (20 units, -j 2): $1 s wall ($3 s CPU: the rest is waiting on syncs), peak $2 MB"
}
printf '%-6s %-7s %8s %8s %8s %8s %8s %7s %8s %9s\n' units rounds run_s run_cpu read_fl write_fl floors ratio peak_MB out_MB
for n in $SIZES; do
  for kind in plain rounds; do
    dir=$(gen "$n" "$kind") || { echo "generation failed for $n $kind"; continue; }
    o="$OUT/whole_o_${n}_$kind"
    find "$dir" -type f -exec cat {} + >/dev/null 2>&1  # warm the page cache for everyone alike
    rm -rf "$o"; "$HZ" run "$dir" -o "$o" -j 2 --no-progress >/dev/null 2>&1
    set -- $(min_run "$HZ" run "$dir" -o "$o" -j 2 --no-progress); run=$1; rss=$2; cpu=$3
    rf=$(min_floor "$RF" "$dir" 2)
    wf=$(min_floor "$WF" "$o" 2)
    mb=$(find "$o" -path "$o/.huizong" -prune -o -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
    awk -v n="$n" -v k="$kind" -v r="$run" -v c="$cpu" -v rf="$rf" -v wf="$wf" -v rss="$rss" -v mb="$mb" 'BEGIN {
      printf "%-6s %-7s %8.3f %8.2f %8.3f %8.3f %8.3f %6.2fx %8d %9.1f\n", n, k, r, c, rf, wf, rf + wf, (rf + wf > 0 ? r / (rf + wf) : 0), rss, mb / 1e6 }'
  done
done
echo "(run_cpu: user + sys of the fastest run, both threads: on a shared box the steadier figure)"
echo "(ratio = run / (read floor + write floor); targets: <= 1.3 at 2,000 units, <= 1.8 and < 256 MB at 20,000)"
