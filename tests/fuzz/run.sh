#!/usr/bin/env bash
# Runs the libFuzzer harnesses one after another on one core (nice 10).
#   tests/fuzz/run.sh [SECONDS_EACH] [HARNESS ...]      (default 300, all)
# Needs `make fuzz` and seeds in build-fuzz/seeds (tests/fuzz/make_seeds.py).
# The growing corpus is kept in build-fuzz/corpus/<harness>, findings
# (crash-*, leak-*, timeout-*, oom-*) in build-fuzz/findings/, logs in
# build-fuzz/logs/<harness>.log.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-300}; shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(xlsx docx xlsx_part docx_part form review rectify phase vocab settings tmpl)
mkdir -p build-fuzz/findings build-fuzz/logs
for h in "${harnesses[@]}"; do
  bin=build-fuzz/fuzz/fuzz_$h
  [ -x "$bin" ] || { echo "no $bin (make fuzz)"; exit 2; }
  dict=()
  case $h in
    *_part | tmpl) dict=(-dict=tests/fuzz/xml.dict) ;;
    form | review | rectify | phase) dict=(-dict=tests/fuzz/form.dict) ;;
  esac
  mkdir -p "build-fuzz/corpus/fuzz_$h"
  seeds=(); [ -d "build-fuzz/seeds/fuzz_$h" ] && seeds=("build-fuzz/seeds/fuzz_$h")
  # -fork=1: one worker process, restarted after a finding, so one run
  # collects every kind of finding instead of stopping at the first; a small
  # ASan quarantine, or the worker's RSS creeps past -rss_limit_mb over
  # thousands of 4 MiB inputs (a false out-of-memory).  RSS up to 1 GiB:
  # ASan's redzones triple what a 4 MiB input of a million one-byte cells
  # legitimately holds (80 MB without ASan, see HZ_MAX_GRID_CELLS)
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=32" nice -n 10 "$bin" "${dict[@]}" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 \
    -malloc_limit_mb=512 -print_final_stats=1 -artifact_prefix="build-fuzz/findings/${h}-" \
    "build-fuzz/corpus/fuzz_$h" "${seeds[@]}" >"build-fuzz/logs/$h.log" 2>&1
  rc=$?
  execs=$(grep -Eo '^#[0-9]+: cov' "build-fuzz/logs/$h.log" | tail -1 | grep -Eo '[0-9]+')
  echo "$h: exit $rc, ${execs:-?} executions, corpus $(ls "build-fuzz/corpus/fuzz_$h" | wc -l)," \
       "$(grep -Eo 'oom/timeout/crash: [0-9/]+' "build-fuzz/logs/$h.log" | tail -1)"
done
