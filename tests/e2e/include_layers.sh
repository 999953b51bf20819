#!/usr/bin/env bash
# The stages of pipeline/ include only stages below them (README "How it
# works"): conventions → read → text → model → recognise → judge → write →
# state → campaign → cli.  Reads every #include "…" of pipeline/ and fails on
# one that runs up the stages, names a project header without its stage
# folder, or names one that does not exist.  campaign/ is the top: it may
# include every stage, and no stage includes it (only cli/ does).
. "$(dirname "$0")/_lib.sh"
cd "$HZ_ROOT/pipeline" || fail "no pipeline/"

# rank of a header or source, by its path relative to pipeline/
rank() {
  case $1 in
    hzerr.[ch]|dynbuf.[ch]|hz_limits.h|banned.h|hz_open.[ch]) echo 0 ;;
    read/*) echo 1 ;;
    text/*) echo 2 ;;
    model.[ch]) echo 3 ;;
    recognise/*) echo 4 ;;
    judge/*) echo 5 ;;
    write/*) echo 6 ;;
    state/*) echo 7 ;;
    campaign/*) echo 8 ;;
    cli/*) echo 9 ;;
    *) echo -1 ;;
  esac
}

bad=0; n=0
while IFS= read -r src; do
  from=$(rank "$src")
  [ "$from" -ge 0 ] || { echo "unknown stage for $src"; bad=$((bad + 1)); continue; }
  while IFS= read -r inc; do
    n=$((n + 1))
    [ -f "$inc" ] || { echo "$src: #include \"$inc\" is not a path under pipeline/"; bad=$((bad + 1)); continue; }
    to=$(rank "$inc")
    # state/ is the one folder only campaign and cli may include
    if [ "${inc%%/*}" = state ] && [ "${src%%/*}" != state ] && [ "$from" -lt 8 ]; then
      echo "$src includes $inc: only campaign and cli/ may include state/"; bad=$((bad + 1))
    elif [ "$to" -gt "$from" ]; then
      echo "$src (stage $from) includes $inc (stage $to), a later stage"; bad=$((bad + 1))
    fi
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$src")
done < <(find . -name '*.[ch]' | sed 's|^\./||' | sort)

[ "$n" -gt 50 ] || fail "only $n includes read: is pipeline/ there?"
# the run is in campaign/, its stages below it: none of it at pipeline/'s top
ncamp=$(find campaign -name '*.c' 2>/dev/null | wc -l)
[ "$ncamp" -gt 0 ] || { echo "no campaign/*.c"; bad=$((bad + 1)); }
[ $bad -eq 0 ] || fail "$bad include(s) against the stage order"
echo "$n includes, all in stage order"
