#!/usr/bin/env bash
# Normaliser start-up and per-string cost (bench/norm_bench.c).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
"$BUILD/bench/norm_bench"
