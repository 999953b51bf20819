#!/usr/bin/env bash
# Reader: cells/s of xlsx_reader on a generated 200,000 x 20 sheet, beside
# the floors measured in the same run: inflating the same member with libzip
# alone, and libxml2's SAX2 push parser with callbacks that do nothing; and
# peak RSS at 50,000 vs 200,000 rows (it must not grow).  Targets: >= 2 M
# cells/s single thread; reader time within 3x of the inflate floor.
set -u
BUILD=${BUILD:-build}
B="$BUILD/bench/reader_bench"
[ -x "$B" ] || { echo "missing $B (make bench builds it)"; exit 1; }
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
rss() { /usr/bin/time -f '%M' -o "$d/rss" "$@" >"$d/line" && echo "$(cat "$d/line")  [peak RSS $(( $(tail -1 "$d/rss") / 1024 )) MB]"; }
for rows in 50000 200000; do
  "$B" gen "$d/r$rows.xlsx" "$rows" || { echo "generation failed"; exit 1; }
  echo "-- $rows rows x 20 columns ($(( $(stat -c %s "$d/r$rows.xlsx") / 1024 )) KiB)"
  rss "$B" floor "$d/r$rows.xlsx"; f=$(grep -o 'in [0-9.]* s' "$d/line" | cut -d' ' -f2)
  rss "$B" sax "$d/r$rows.xlsx"; x=$(grep -o 'in [0-9.]* s' "$d/line" | cut -d' ' -f2)
  rss "$B" read "$d/r$rows.xlsx"; r=$(grep -o 'in [0-9.]* s' "$d/line" | cut -d' ' -f2)
  awk -v f="$f" -v x="$x" -v r="$r" 'BEGIN { printf "reader time = %.1fx the inflate floor, %.2fx the libxml2 SAX floor\n", r / f, r / x }'
done
