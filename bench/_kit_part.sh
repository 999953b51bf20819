# Sourced by the bench parts that measure kit campaigns (part_8 onwards):
# BUILD, HZ, OUT, KIT and PART (the part's name, for its messages).  make
# bench measures and never fails, so a missing kit or binary is a line and
# exit 0, not an error.
set -u
cd "$(dirname "${BASH_SOURCE[1]}")/.."
PART=$(basename "${BASH_SOURCE[1]}" .sh)
BUILD=${BUILD:-build}
HZ="$BUILD/huizong"
OUT=bench/out
KIT=../shared/conformance
[ -f "$KIT/gencampaign.py" ] || { echo "$PART: skipped (needs ../shared/conformance)"; exit 0; }
[ -x "$HZ" ] || { echo "$PART: build first (make bench)"; exit 0; }
