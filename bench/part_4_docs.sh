#!/usr/bin/env bash
# The Word documents (汇总报告.docx + 反馈/) for synthetic campaigns of 2,000
# and 20,000 units (bench/docs_bench.c): time should grow linearly in units.
set -u
BUILD=${BUILD:-build}
bin=$BUILD/bench/docs_bench
[ -x "$bin" ] || { echo "skip: $bin not built (make bench)"; exit 0; }
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for n in 2000 20000; do
  mkdir -p "$out/$n"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$out/time" -f "  peak RSS %M KiB, %e s wall" "$bin" "$n" "$out/$n" templates && cat "$out/time"
  else
    "$bin" "$n" "$out/$n" templates
  fi
done
