#!/usr/bin/env bash
# make bench: measurements, never pass/fail.  Each part prints its figures
# beside the floor measured in the same run.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
for part in bench/part_*.sh; do
  [ -f "$part" ] || continue
  echo "== $(basename "$part" .sh)"
  BUILD=$BUILD bash "$part"
done
