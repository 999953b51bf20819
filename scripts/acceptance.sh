#!/usr/bin/env bash
# The acceptance run of the consolidation (issue "huizong run"): every preset,
# several seeds, 200 units, checked by ../shared/conformance/check.py, with
# the kit as it is and with its duplicate ordering corrected to SPEC 5.7
# (tests/conformance/spec57_kit.py).  A measurement, not a test: it prints a
# table.  Usage: scripts/acceptance.sh [UNITS] [SEEDS...]   (default 200, 1 2 3)
set -u
cd "$(dirname "$0")/.."
KIT=../shared/conformance
[ -f "$KIT/gencampaign.py" ] || { echo "acceptance: needs ../shared (not present)"; exit 0; }
units=${1:-200}; shift || true
seeds=${*:-1 2 3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kit57"
python3 tests/conformance/spec57_kit.py "$KIT" "$work/kit57" || cp "$KIT/gencampaign.py" "$work/kit57/"
printf '%-9s %-5s %-5s %-26s %-26s\n' preset seed exit "kit as is (check --strict)" "kit with SPEC 5.7 order"
for preset in xinzhou qingpu shaoxing quju; do
  for seed in $seeds; do
    line=""
    for gen in "$KIT/gencampaign.py" "$work/kit57/gencampaign.py"; do
      c="$work/c"; rm -rf "$c" "$c.out"
      python3 "$gen" "$c" --units "$units" --seed "$seed" --preset "$preset" >/dev/null 2>&1
      build/huizong run "$c" -o "$c.out" -q >/dev/null 2>&1; rc=$?
      want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_generator"]["exit_code"])' "$c/truth.json")
      res=$(python3 "$KIT/check.py" "$c.out/results.json" "$c/truth.json" --strict --quiet | tail -1)
      line="$line$(printf '%-26s ' "$res")"
      ex="$rc/$want"
    done
    printf '%-9s %-5s %-5s %s\n' "$preset" "$seed" "$ex" "$line"
  done
done
