#!/usr/bin/env bash
# The phases' cost (SPEC §9): a 2,000-unit campaign with --phases (about
# 2,300 phase documents under phases/) beside the same campaign without its
# [phases] section and phases/ folder, in one run of this script.  They
# alternate run by run ($REPEAT times, -j 2) so that a burst of load on the
# shared box hits both alike; each one's fastest wall time counts, and its
# largest peak RSS.  Targets: with phases at most 10 % slower; peak RSS
# under 64 MB.
#
# Two figures for the phases: a run as every night after the first one
# makes it (the plans read on an earlier night answered from
# .huizong/reads.sqlite), and a first reading (reads.sqlite removed before
# each run: every phase document parsed).
#
# The outputs go to /dev/shm when it is a tmpfs (HZ_BENCH_OUT_DIR=bench/out
# puts them on the disk).  On a file system without a journal (this box's
# ext4), ext4 checks every inode freed in the last minute or more before it
# hands out a new one (find_inode_bit, recently_deleted), so back-to-back
# runs that each replace hundreds of letters pay a cost that grows with the
# square of the letters freed lately — three series of runs pay it three
# times over — and that a nightly run never meets (its letters were freed a
# day before).  The phases add letters (a missing plan makes a unit
# lagging), so on such a disk the comparison measures ext4 more than huizong.
. "$(dirname "$0")/_kit_part.sh"
[ -x /usr/bin/time ] || { echo "$PART: skipped (needs /usr/bin/time for the peak RSS)"; exit 0; }
N=${HZ_BENCH_PHASES_UNITS:-2000}
REPEAT=${HZ_BENCH_REPEAT:-5}
with="$OUT/phases_$N" without="$OUT/phases_${N}_without"
mkdir -p "$OUT"
if [ ! -f "$with/truth.json" ]; then
  rm -rf "$with" "$without"
  echo "generating $N units with --phases into $with ..." >&2
  python3 "$KIT/gencampaign.py" "$with" --units "$N" --seed 1 --preset xinzhou --phases >/dev/null 2>&1 \
    || { echo "$PART: generation failed"; exit 0; }
fi
if [ ! -d "$without" ]; then
  cp -a "$with" "$without" && rm -rf "$without/phases" &&
    python3 - "$without/campaign.ini" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[1], "w", encoding="utf-8").write(re.sub(r"\n\[phases\][^\[]*", "\n", t))
PY
fi
files=$(find "$with/phases" -type f ! -name '.*' | wc -l)
find "$with" "$without" -type f -exec cat {} + >/dev/null 2>&1  # warm the page cache alike

OUTD=${HZ_BENCH_OUT_DIR:-}
if [ -z "$OUTD" ]; then
  OUTD=$OUT
  [ "$(df --output=fstype /dev/shm 2>/dev/null | tail -1)" = tmpfs ] && [ -w /dev/shm ] && OUTD=/dev/shm
fi
o=$(mktemp -d "$OUTD/phases_o.XXXXXX")
# one run: "wall_seconds peak_kb cpu_seconds" (cpu = user + sys: on a box
# shared with other work the wall time mostly measures the others)
one() {
  /usr/bin/time -f "%e %M %U %S" -o "$o/t" "$HZ" run "$1" -o "$2" -j 2 -q >/dev/null 2>&1
  tail -n 1 "$o/t" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'  # time says first when the run exited 1
}
# One run each first, not counted: the kit's broken files include OLE
# .doc/.xls, which SPEC 10 hands to LibreOffice once (then the cache under
# .huizong/converted answers).  That cost is part 9_legacy's; counted here,
# LibreOffice's own 200 MB would show as huizong's peak RSS (wait4 reports
# the largest of a process and its children).
one "$without" "$o/a" >/dev/null; one "$with" "$o/b" >/dev/null; one "$with" "$o/c" >/dev/null
for k in $(seq "$REPEAT"); do
  echo "a $(one "$without" "$o/a")"
  echo "b $(one "$with" "$o/b")"
  rm -f "$o/c/.huizong/reads.sqlite"
  echo "c $(one "$with" "$o/c")"
done >"$o/runs"
rm -rf "$o/a" "$o/b" "$o/c"
best() { awk -v w="$1" '$1 == w { if (!n++ || $2 < t) t = $2; if ($3 > m) m = $3; if (n == 1 || $4 < c) c = $4 } END { printf "%.2f %d %.2f\n", t, m, c }' "$o/runs"; }
a=$(best a); b=$(best b); c=$(best c)
rm -rf "$o"
echo "$a $b $c" | awk -v n="$N" -v f="$files" '{
  printf "%-6s without phases: %.2f s (fastest of the runs), cpu %.2f s, peak RSS %.1f MB\n", n, $1, $3, $2 / 1024
  printf "%-6s with %d phase files, as every night after the first: %.2f s, cpu %.2f s, peak RSS %.1f MB\n", n, f, $4, $6, $5 / 1024
  printf "%-6s with %d phase files, each one parsed (no reads.sqlite): %.2f s, cpu %.2f s, peak RSS %.1f MB\n", n, f, $7, $9, $8 / 1024
  printf "%-6s phases cost %+.1f %% wall, %+.1f %% cpu nightly (target <= 10 %%); %+.1f %% wall, %+.1f %% cpu on the first reading; peak RSS %s 64 MB\n", n,
    ($1 > 0 ? 100 * ($4 - $1) / $1 : 0), ($3 > 0 ? 100 * ($6 - $3) / $3 : 0),
    ($1 > 0 ? 100 * ($7 - $1) / $1 : 0), ($3 > 0 ? 100 * ($9 - $3) / $3 : 0),
    ($5 / 1024 < 64 && $8 / 1024 < 64 ? "under" : "OVER") }'
echo "$N    outputs in $OUTD ($(df --output=fstype "$OUTD" | tail -1); HZ_BENCH_OUT_DIR=bench/out for the disk)"
echo "$N    load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
