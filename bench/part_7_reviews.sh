#!/usr/bin/env bash
# What reviews cost (issue 10, SPEC §6): the same 2,000-unit campaign
# (gencampaign.py --seed 1 --preset xinzhou; the kit promises the same
# submissions) without and with `--reviews 0.9 --candidates`, cached under
# bench/out/, huizong run -j 2 on each, the runs interleaved so that both
# meet the same load.
# Targets: reviews add at most 15 % to the wall time at -j 2; peak RSS
# under 64 MB.  The box is shared: CPU seconds (user + sys) are the figure
# that load disturbs least, so their ratio is printed beside the wall's.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
HZ="$BUILD/huizong"
OUT=bench/out
if [ ! -d ../shared/conformance ]; then
  echo "part_7_reviews: skipped (needs ../shared/conformance/gencampaign.py)"; exit 0
fi
[ -x "$HZ" ] || { echo "part_7_reviews: build first (make bench)"; exit 0; }
mkdir -p "$OUT"
N=${HZ_BENCH_REVIEW_UNITS:-2000}
REPEAT=${HZ_BENCH_REPEAT:-3}
REVIEW_ARGS="--reviews 0.9 --candidates"
# where the runs write: HZ_BENCH_REVIEW_OUT=/dev/shm leaves out this disk's
# cost of creating the ~750 letters (the same in both runs)
ORUN=${HZ_BENCH_REVIEW_OUT:-$OUT}

gen() {  # gen NAME [ARGS...]: cached, regenerated when missing or when the kit changed
  local name=$1; shift
  local dir="$OUT/$name"
  # .kit remembers which generator (and which options) made the cached
  # campaign; genreviews.py is the generator's too once --reviews is given
  local stamp; stamp="$(cat ../shared/conformance/gencampaign.py ../shared/conformance/genreviews.py 2>/dev/null | cksum) $*"
  if [ ! -f "$dir/truth.json" ] || [ "$(cat "$dir/.kit" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    echo "generating $N units into $dir ($*) ..." >&2
    python3 ../shared/conformance/gencampaign.py "$dir" --units "$N" --seed 1 --preset xinzhou "$@" >/dev/null || return 1
    echo "$stamp" > "$dir/.kit"
  fi
  echo "$dir"
}

base=$(gen "reviews_base_$N") || { echo "part_7_reviews: generation failed"; exit 0; }
# shellcheck disable=SC2086
rev=$(gen "reviews_with_$N" $REVIEW_ARGS) || { echo "part_7_reviews: generation failed"; exit 0; }
nsub=$(find "$base/submissions" -type f | wc -l)
nrev=$(find "$rev/reviews" -type f | wc -l)
# The kit's promise, checked rather than assumed: the submissions are the same bytes.
same=$( (cd "$base/submissions" && find . -type f -print0 | sort -z | xargs -0 cksum) | cksum)
same2=$( (cd "$rev/submissions" && find . -type f -print0 | sort -z | xargs -0 cksum) | cksum)
[ "$same" = "$same2" ] && echo "$N units: $nsub submission files (the same bytes in both), $nrev review files" \
  || echo "$N units: WARNING the two campaigns' submissions differ ($nsub files; $nrev review files)"
find "$base" "$rev" -type f -exec cat {} + >/dev/null 2>&1  # warm the page cache for both alike

# one KIND DIR K: a run of huizong -j 2 on DIR, its "wall cpu maxrss_kB"
# appended to $OUT/rv.KIND and its stdout kept as $OUT/rv.KIND.K.stdout
one() {
  local kind=$1 dir=$2 k=$3 tf; tf=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$HZ" run "$dir" -o "$ORUN/o_rv_$kind" -j 2 --no-progress \
    >"$OUT/rv.$kind.$k.stdout" 2>/dev/null
  grep -v '^Command' "$tf" | awk -v k="$k" '{ printf "%.2f %.2f %d %d %.2f %.2f\n", $1, $2 + $3, $4, k, $2, $3 }' >>"$OUT/rv.$kind"
  rm -f "$tf"
}
rm -f "$OUT"/rv.* ; rm -rf "$ORUN/o_rv_base" "$ORUN/o_rv_rev"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for k in $(seq "$REPEAT"); do one base "$base" "$k"; one rev "$rev" "$k"; done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# best KIND -> "wall cpu peak_MB k user sys": the fastest wall, the least
# CPU (with its user and sys: sys is mostly creating the letters' files),
# the largest peak RSS over the runs (peak is what must stay under the
# target)
best() {
  local f="$OUT/rv.$1"
  awk 'NR == 1 || $1 < w { w = $1; k = $4 } NR == 1 || $2 < c { c = $2; u = $5; s = $6 } $3 > m { m = $3 }
       END { printf "%.2f %.2f %.1f %d %.2f %.2f", w, c, m / 1024, k, u, s }' "$f"
}
phases() { grep -o 'read.*' "$OUT/rv.$1.$2.stdout"; }
read -r bw bc bm bk bu bs <<<"$(best base)"
read -r rw rc rm rk ru rs <<<"$(best rev)"
echo "$N       outputs under $ORUN; $REPEAT runs each, interleaved; wall: the fastest, CPU (user + sys): the least, peak: the largest"
printf '%-8s %-34s %8s %8s %8s %8s %9s\n' units what wall_s cpu_s user_s sys_s peak_MB
printf '%-8s %-34s %8s %8s %8s %8s %9s\n' "$N" "run -j 2, no reviews" "$bw" "$bc" "$bu" "$bs" "$bm"
printf '%-8s %-34s %8s %8s %8s %8s %9s\n' "$N" "run -j 2, --reviews 0.9 --candidates" "$rw" "$rc" "$ru" "$rs" "$rm"
echo "$N       phases, no reviews:   $(phases base "$bk")"
echo "$N       phases, with reviews: $(phases rev "$rk")"
# the 用时 line's three numbers: read, judge, write
paste <(phases base "$bk" | grep -o '[0-9.]\+ s' | tr -d ' s') <(phases rev "$rk" | grep -o '[0-9.]\+ s' | tr -d ' s') |
  awk -v n="$N" 'BEGIN { split("read judge write history", name) }
    { printf "%s%s %+.2f s", (NR == 1 ? n "       extra time by phase: " : ", "), name[NR], $2 - $1 } END { print "" }'
letters() { find "$1/反馈" -type f 2>/dev/null | wc -l; }
echo "$N       letters written: $(letters "$ORUN/o_rv_base") without reviews, $(letters "$ORUN/o_rv_rev") with (lagging on the final grade)"
awk -v n="$N" -v bw="$bw" -v rw="$rw" -v bc="$bc" -v rc="$rc" -v rm="$rm" 'BEGIN {
  printf "%-8s reviews add %+.0f %% wall (target <= +15 %%), %+.0f %% CPU seconds (robust under load); peak %.1f MB (target < 64)\n",
    n, (bw > 0 ? 100 * (rw / bw - 1) : 0), (bc > 0 ? 100 * (rc / bc - 1) : 0), rm }'
echo "$N       load average: $load0 before, $load1 after the runs, on $(nproc) cores (wall figures are only comparable on an idle box)"
for kind in base rev; do
  dir=$([ "$kind" = base ] && echo "$base" || echo "$rev")
  if [ -f "$ORUN/o_rv_$kind/results.json" ]; then
    python3 ../shared/conformance/check.py "$ORUN/o_rv_$kind/results.json" "$dir/truth.json" --quiet --strict --max-lines 0 |
      tail -1 | sed "s/^/$N       check.py --strict, $([ "$kind" = base ] && echo 'no reviews:  ' || echo 'with reviews:') /"
  fi
done
rm -f "$OUT"/rv.*.stdout

# HZ_BENCH_CALLGRIND=1: the same two runs (-j 1) counted in instructions
# by valgrind --tool=callgrind, the figure that load does not move at all
# (a few minutes; no hardware counters on this box).  Parts by the
# functions that do them: read (submissions, reviews), write.
if [ "${HZ_BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
  for kind in base rev; do
    dir=$([ "$kind" = base ] && echo "$base" || echo "$rev")
    cg="$OUT/rv.$kind.callgrind"
    rm -rf "$OUT/o_rv_cg"
    valgrind --tool=callgrind --callgrind-out-file="$cg" "$HZ" run "$dir" -o "$OUT/o_rv_cg" -j 1 --no-progress >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$cg" 2>/dev/null | awk -v n="$N" -v what="$([ "$kind" = base ] && echo 'no reviews:  ' || echo 'with reviews:')" '
      function g(s) { gsub(",", "", s); return s / 1e9 }
      /PROGRAM TOTALS/ { t = g($1) }
      /[^_]form\.c:hz_form_read \[/ { f = g($1) }
      /review_form\.c:hz_review_file_read \[/ { r = g($1) }
      /campaign\.c:write_outputs \[/ { w = g($1) }
      END { printf "%-8s instructions, %s %.2f G in all: reading submissions %.2f G, reviews %.2f G; writing %.2f G\n", n, what, t, f, r, w }'
    rm -rf "$cg" "$OUT/o_rv_cg"
  done
fi
[ "$ORUN" = "$OUT" ] || rm -rf "$ORUN/o_rv_base" "$ORUN/o_rv_rev"
