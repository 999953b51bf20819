#!/usr/bin/env bash
# The bytes a change must not alter: a kit campaign with every round
# (reviews, candidates, rectification), run at -j 1 and at -j 2, and the
# sha256 of every output file (sorted by path) printed on stdout.  Run it
# before and after a change and diff the two listings; -j 1 and -j 2 must
# agree with each other too (the script says so when they do not).
# .huizong/ (the lock and the state database) is left out: it records the run.
#   bash bench/same_bytes.sh [UNITS] > sums.txt
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
HZ="$BUILD/huizong"
KIT=../shared/conformance/gencampaign.py
[ -f "$KIT" ] || KIT=/work/shared/conformance/gencampaign.py
N=${1:-200}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hz_same.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$KIT" "$tmp/c" --units "$N" --seed 3 --reviews 0.9 --candidates --rectify 0.7 -q >/dev/null || exit 2
for j in 1 2; do
  "$HZ" run "$tmp/c" -o "$tmp/o$j" -j "$j" --no-progress >/dev/null 2>&1
  (cd "$tmp/o$j" && find . -path ./.huizong -prune -o -type f ! -name '.*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) > "$tmp/s$j"
done
if ! cmp -s "$tmp/s1" "$tmp/s2"; then
  echo "same_bytes: -j 1 and -j 2 differ:" >&2
  diff "$tmp/s1" "$tmp/s2" >&2
  exit 1
fi
echo "same_bytes: $(wc -l < "$tmp/s1") outputs, -j 1 = -j 2" >&2
cat "$tmp/s1"
