#!/usr/bin/env bash
# Reading every submission of a generated 2,000-unit campaign with
# hz_form_read (bench/form_read.c), on 1 and 2 threads.  Needs ../shared
# (the conformance generator); says so and stops without it.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
GEN=../shared/conformance/gencampaign.py
if [ ! -f "$GEN" ]; then
  echo "skipped: $GEN not found"
  exit 0
fi
dir=${TMPDIR:-/tmp}/huizong-bench-forms
if [ ! -f "$dir/truth.json" ]; then
  rm -rf "$dir"
  python3 "$GEN" "$dir" --units 2000 --seed 7 --preset shaoxing >/dev/null 2>&1
fi
echo "campaign: $(find "$dir/submissions" -type f | wc -l) files, $(du -sh "$dir/submissions" | cut -f1)"
for t in 1 2; do
  "$BUILD/bench/form_read" "$dir" --threads "$t"
done
