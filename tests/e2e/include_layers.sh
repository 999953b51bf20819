#!/usr/bin/env bash
# The stages of pipeline/ include only stages below them (README "How it
# works"): conventions → read → text → model → recognise → judge → the
# package layer (write/ooxml/, with write/outfile's temporary names and
# write/tree_removal) → the documents (the rest of write/) → state →
# campaign → cli.  The package layer
# knows no document: a document writes its content and hands the parts down.
# Reads every #include "…" of pipeline/ and fails on one that runs up the
# stages, names a project header without its stage folder, or names one that
# does not exist; on write/ including judge/ (the writers read what the judge
# decided from the model); and on two modules that include each other (an
# import circle).  campaign/ is the top: it may include every stage, and no
# stage includes it (only cli/ does).
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
    write/ooxml/*|write/outfile.[ch]|write/tree_removal.[ch]) echo 6 ;;
    write/*) echo 7 ;;
    state/*) echo 8 ;;
    campaign/*) echo 9 ;;
    cli/*) echo 10 ;;
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
    if [ "${inc%%/*}" = state ] && [ "${src%%/*}" != state ] && [ "$from" -lt 9 ]; then
      echo "$src includes $inc: only campaign and cli/ may include state/"; bad=$((bad + 1))
    # writers take what the judge decided from the model, never from judge/
    elif [ "${src%%/*}" = write ] && [ "${inc%%/*}" = judge ]; then
      echo "$src includes $inc: write/ reads what judge/ decided from the model"; bad=$((bad + 1))
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

# No import circles: no module includes a module that includes it back.  A
# module is a .c and its .h (write/docdata.c + write/docdata.h); a header
# with no .c of its own (docs.h, form_internal.h) is no module: what it
# includes counts as included by whoever includes it.
declare -A incs module_of edge
while IFS= read -r f; do
  incs[$f]=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done < <(find . -name '*.[ch]' | sed 's|^\./||' | sort)
is_module() { [ -f "$1.c" ]; }
# the modules file reaches, through header-only files, into edge["M N"]
reach() { # module file seen-list
  local m=$1 f=$2 inc to
  for inc in ${incs[$f]}; do
    [ -f "$inc" ] || continue
    to=${inc%.*}
    [ "$to" = "$m" ] && continue
    if is_module "$to"; then
      edge["$m $to"]=1
    elif [[ " $3 " != *" $inc "* ]]; then
      reach "$m" "$inc" "$3 $inc"
    fi
  done
}
nmod=0
for f in "${!incs[@]}"; do
  [ "${f%.c}" != "$f" ] || continue
  m=${f%.c}; nmod=$((nmod + 1))
  reach "$m" "$f" ""
  [ -f "$m.h" ] && reach "$m" "$m.h" ""
done
circles=0
for e in "${!edge[@]}"; do
  set -- $e
  if [ -n "${edge["$2 $1"]:-}" ] && [[ "$1" < "$2" ]]; then
    echo "import circle: $1 includes $2, which includes $1 back"; circles=$((circles + 1))
  fi
done
[ "$nmod" -gt 40 ] || fail "only $nmod modules found"
[ $circles -eq 0 ] || fail "$circles import circle(s) between modules"
echo "$nmod modules, ${#edge[@]} arrows between them, none back"
