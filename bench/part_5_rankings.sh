#!/usr/bin/env bash
# 排名.xlsx (bench/rankings_bench.c) for 2,000 and 20,000 units x 15 tasks,
# beside the floor measured in the same run: libxlsxwriter alone writing the
# 明细 matrix (a row per unit, status and score per task) in the same
# streaming mode.  The workbook has five more sheets (问题清单 the largest),
# so the ratio is the whole workbook against its biggest sheet's cells.
# Peak RSS should stay flat (it must not grow with the units).
set -u
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
