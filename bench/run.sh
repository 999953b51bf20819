#!/usr/bin/env bash
# make bench: measurements, never pass/fail.  Each part prints its figures
# beside the floor measured in the same run.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
# in the order of their numbers (part_10 after part_9)
for part in $(ls bench/part_*.sh | sort -t_ -k2,2n); do
  [ -f "$part" ] || continue
  echo "== $(basename "$part" .sh)"
  BUILD=$BUILD bash "$part"
done
