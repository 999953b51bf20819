#!/usr/bin/env bash
# The Word documents (汇总报告.docx + 反馈/) for synthetic campaigns of 2,000
# and 20,000 units (bench/docs_bench.c): time should grow linearly in units.
# Beside them, the same measured with a baseline build: the commit before
# the report's bounded body (SPEC §4), or HZ_BENCH_BASE (any commit; "none"
# skips it).  The baseline is built from `git archive` in a temporary folder
# (its library only, -j2), so the working tree is not touched.
set -u
BUILD=${BUILD:-build}
bin=$BUILD/bench/docs_bench
[ -x "$bin" ] || { echo "skip: $bin not built (make bench)"; exit 0; }
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
base=${HZ_BENCH_BASE:-bfdac9f}
base_bin=
if [ "$base" != none ] && git rev-parse -q --verify "$base^{commit}" >/dev/null 2>&1; then
  mkdir -p "$out/base"
  if git archive "$base" | tar -x -C "$out/base" &&
     make -C "$out/base" -j2 build/bench/docs_bench >"$out/base.log" 2>&1; then
    base_bin=$out/base/build/bench/docs_bench
  else
    echo "  (baseline $base did not build; see make's output below)"; tail -5 "$out/base.log"
  fi
fi
run() { # LABEL BIN TEMPLATES N
  rm -rf "$out/run"; mkdir -p "$out/run"
  printf '  %-9s ' "$1"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$out/time" -f "peak RSS %M KiB, %e s wall" "$2" "$4" "$out/run" "$3" | tr -d '\n'
    echo "; $(cat "$out/time")"
  else
    "$2" "$4" "$out/run" "$3"
  fi
}
for n in 2000 20000; do
  run "now" "$bin" templates $n
  [ -n "$base_bin" ] && run "baseline" "$base_bin" "$out/base/templates" $n
done
[ -n "$base_bin" ] && echo "  (baseline: $(git log -1 --format='%h %s' "$base" | cut -c1-80))"
exit 0
