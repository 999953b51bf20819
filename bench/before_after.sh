#!/usr/bin/env bash
# Two builds of huizong on the same campaigns, in one run of this script:
# a restructuring (issue 15) must be no slower and must write the same
# bytes.  The runs alternate (old, new, old, new, …) so that a burst of
# load on a shared machine hits both alike; each figure is the fastest of
# $HZ_BENCH_REPEAT runs (default 5) at -j 2.  Also compares the sha256 of
# every output (.huizong/ aside) of the two builds.
#   bash bench/before_after.sh OLD_HUIZONG [NEW_HUIZONG]
# OLD_HUIZONG is the binary of the commit before the change (build it in a
# worktree: git worktree add --detach /tmp/old REV && make -C /tmp/old).
# Campaigns (kit --preset xinzhou --seed 2001, every round) are cached under
# bench/out/.  make bench does not run this part: it needs the old binary.
set -u
cd "$(dirname "$0")/.."
OLD=${1:?usage: bench/before_after.sh OLD_HUIZONG [NEW_HUIZONG]}
NEW=${2:-build/huizong}
REPEAT=${HZ_BENCH_REPEAT:-5}
KIT=../shared/conformance
[ -f "$KIT/gencampaign.py" ] || { echo "before_after: skipped (needs ../shared/conformance)"; exit 0; }
[ -x "$OLD" ] && [ -x "$NEW" ] || { echo "before_after: $OLD or $NEW is not an executable"; exit 2; }
[ -x /usr/bin/time ] || { echo "before_after: needs /usr/bin/time"; exit 2; }
OUT=bench/out
mkdir -p "$OUT"
o=$(mktemp -d "$OUT/ba.XXXXXX")
trap 'rm -rf "$o"' EXIT

sums() { (cd "$1" && find . -path ./.huizong -prune -o -type f ! -name '.*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
# one run: "wall_seconds peak_kb cpu_seconds" (cpu = user + sys: on a box
# shared with other work the wall time mostly measures the others)
one() {
  # the outputs go, .huizong/ stays: it holds the conversion cache the first
  # run filled (without it every run would start LibreOffice again)
  [ -d "$3" ] && find "$3" -mindepth 1 -maxdepth 1 ! -name .huizong -exec rm -rf {} +
  /usr/bin/time -f "%e %M %U %S" -o "$o/t" "$1" run "$2" -o "$3" -j 2 -q >/dev/null 2>&1
  tail -n 1 "$o/t" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
}

for N in ${HZ_BENCH_UNITS:-200 2000}; do
  c="$OUT/ba_$N"
  if [ ! -f "$c/truth.json" ]; then
    rm -rf "$c"
    python3 "$KIT/gencampaign.py" "$c" --units "$N" --seed 2001 --preset xinzhou \
      --reviews 0.9 --candidates --rectify 0.7 >/dev/null 2>&1 || { echo "before_after: generation failed"; exit 2; }
  fi
  find "$c" -type f -exec cat {} + >/dev/null 2>&1  # warm the page cache alike
  # first runs not counted (LibreOffice's conversion cache under .huizong/)
  one "$OLD" "$c" "$o/a" >/dev/null; one "$NEW" "$c" "$o/b" >/dev/null
  sums "$o/a" >"$o/sa"; sums "$o/b" >"$o/sb"
  if cmp -s "$o/sa" "$o/sb"; then same="the same bytes ($(sums "$o/a" | wc -l) outputs)"
  else same="DIFFERENT bytes:"$'\n'"$(diff "$o/sa" "$o/sb" | head -20)"; fi
  for k in $(seq "$REPEAT"); do
    echo "a $(one "$OLD" "$c" "$o/a")"
    echo "b $(one "$NEW" "$c" "$o/b")"
  done >"$o/runs"
  best() { awk -v w="$1" '$1 == w { if (!n++ || $2 < t) t = $2; if ($3 > m) m = $3; if (n == 1 || $4 < c) c = $4 } END { printf "%.2f %d %.2f\n", t, m, c }' "$o/runs"; }
  echo "$(best a) $(best b)" | awk -v n="$N" '{
    printf "%-6s before: %.2f s, peak %.1f MB   after: %.2f s, peak %.1f MB   change %+.1f %%\n", n, $1, $2 / 1024, $4, $5 / 1024,
      ($1 > 0 ? 100 * ($4 - $1) / $1 : 0)
    printf "%-6s cpu (user + sys), fastest: before %.2f s   after %.2f s   change %+.1f %%\n", n, $3, $6, ($3 > 0 ? 100 * ($6 - $3) / $3 : 0) }'
  echo "$N    outputs: $same"
  echo "$N    load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
done
