#!/usr/bin/env bash
# The acceptance run against the conformance kit: every preset, several
# seeds, checked by ../shared/conformance/check.py --strict.  A measurement,
# not a test: it prints a table.
# Usage: scripts/acceptance.sh [UNITS] [SEEDS...]   (default 200, 1 2 3)
# Extra generator options (SPEC §6/§7 rounds, LibreOffice re-saves) come from
# HZ_KIT_ARGS, e.g. HZ_KIT_ARGS="--reviews 0.9 --candidates --rectify 0.7".
set -u
cd "$(dirname "$0")/.."
KIT=../shared/conformance
[ -f "$KIT/gencampaign.py" ] || { echo "acceptance: needs ../shared (not present)"; exit 0; }
units=${1:-200}; shift || true
seeds=${*:-1 2 3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf '%-9s %-5s %-7s %s\n' preset seed exit "check.py --strict"
for preset in $(python3 "$KIT/gencampaign.py" --list-presets 2>/dev/null | awk '{print $1}' | tr -d ':' || echo xinzhou qingpu shaoxing quju); do
  for seed in $seeds; do
    c="$work/c"; rm -rf "$c" "$c.out"
    # shellcheck disable=SC2086
    python3 "$KIT/gencampaign.py" "$c" --units "$units" --seed "$seed" --preset "$preset" ${HZ_KIT_ARGS:-} >/dev/null 2>&1
    build/huizong run "$c" -o "$c.out" -q >/dev/null 2>&1; rc=$?
    want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["_generator"]["exit_code"])' "$c/truth.json")
    res=$(python3 "$KIT/check.py" "$c.out/results.json" "$c/truth.json" --strict --quiet | tail -1)
    printf '%-9s %-5s %-7s %s\n' "$preset" "$seed" "$rc/$want" "$res"
  done
done
