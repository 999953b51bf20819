#!/usr/bin/env bash
# The cron line of the README (and the same line in the man page and the
# guide) counts exit 0, 1 (some file rejected) and 75 (another run held the
# folder) as success and passes every other status on unchanged.  The old
# line "cmd || [ $? -eq 1 ] || [ $? -eq 75 ]" let its second test see the
# first test's status, so 75 ended as a failure and 2 as 1.  The line runs
# here under /bin/sh (what cron uses) with a stub huizong exiting 0, 1, 2, 75.
source tests/e2e/_lib.sh
line() { # FILE: the command of the cron line "30 23 * * * ...", fields stripped
  grep -m1 -o '30 23 \* \* \*  huizong run.*' "$1" | sed 's/`$//; s/^30 23 \* \* \*  //; s/\\-/-/g'
}
readme=$(line "$HZ_ROOT/README.md")
[ -n "$readme" ] || fail "no cron line in README.md"
for f in docs/huizong.1 docs/使用说明.md; do
  other=$(line "$HZ_ROOT/$f")
  [ "$other" = "$readme" ] || fail "$f's cron line differs from the README's: '$other' vs '$readme'"
done
mkdir -p "$T/bin"
cat >"$T/bin/huizong" <<'STUB'
#!/bin/sh
echo "stub huizong $*" >>"$STUB_LOG"
exit "$STUB_RC"
STUB
chmod +x "$T/bin/huizong"
for pair in "0 0" "1 0" "2 2" "75 0" "64 64"; do
  set -- $pair
  STUB_RC=$1 STUB_LOG="$T/log" PATH="$T/bin:$PATH" /bin/sh -c "$readme"
  got=$?
  [ "$got" -eq "$2" ] || fail "huizong exiting $1: the cron line exits $got, expected $2"
done
[ "$(wc -l <"$T/log")" -eq 5 ] || fail "the stub did not run five times"
echo "cron line: $readme"
