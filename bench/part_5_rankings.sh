#!/usr/bin/env bash
# 排名.xlsx (bench/rankings_bench.c) for 2,000 and 20,000 units x 15 tasks,
# beside the floor measured in the same run: libxlsxwriter alone writing the
# 明细 matrix (a row per unit, status and score per task) in the same
# streaming mode.  The workbook has five more sheets (问题清单 the largest),
# so the ratio is the whole workbook against its biggest sheet's cells.
# Peak RSS should stay flat (it must not grow with the units).
# Then, with the kit (../shared/conformance), 排名.xlsx of a real 2,000-unit
# campaign with every round (--preset xinzhou --seed 2001 --reviews 0.9
# --candidates --rectify 0.7; read and judged once, not timed): the fastest
# of five writes, wall and CPU (CPU is what compares on a busy machine).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
bin=$BUILD/bench/rankings_bench
[ -x "$bin" ] || { echo "skip: $bin not built (make bench)"; exit 0; }
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for n in 2000 20000; do
  for mode in floor write; do
    if [ -x /usr/bin/time ]; then
      line=$(/usr/bin/time -f "%M" -o "$out/rss" "$bin" "$mode" "$n" 15 "$out/$mode$n.xlsx")
      echo "$line  [peak RSS $(( $(tail -1 "$out/rss") / 1024 )) MB]"
    else
      "$bin" "$mode" "$n" 15 "$out/$mode$n.xlsx"
    fi
  done
done
KIT=../shared/conformance/gencampaign.py
[ -f "$KIT" ] || { echo "part_5_rankings: real campaign skipped (needs $KIT)"; exit 0; }
dir=bench/out/rankings_2000_rounds
stamp=$(cksum < "$KIT")
if [ ! -f "$dir/truth.json" ] || [ "$(cat "$dir/.kit" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$dir"; mkdir -p bench/out
  python3 "$KIT" "$dir" --units 2000 --seed 2001 --preset xinzhou --reviews 0.9 --candidates --rectify 0.7 -q >/dev/null \
    || { echo "part_5_rankings: generation failed"; exit 0; }
  echo "$stamp" > "$dir/.kit"
fi
"$bin" campaign "$dir" "$out/campaign.xlsx" 5 | tail -1 | sed 's/^campaign:/kit 2,000 units, every round: 排名.xlsx/'
