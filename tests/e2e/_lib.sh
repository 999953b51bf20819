# Helpers for end-to-end cases (sourced).  Each case is tests/e2e/<name>.sh:
# exit 0 passes, 77 skips (prints why on its last line), anything else fails.
set -u
HZ_BIN=${HZ_BIN:-$PWD/build/huizong}
HZ_ROOT=${HZ_ROOT:-$PWD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "$*"; exit 77; }
need_shared() { [ -n "${HZ_SHARED:-}" ] && [ -d "$HZ_SHARED" ] || skip "needs ../shared (not present)"; }
# expect_exit CODE CMD... : runs CMD, captures stdout/stderr in $T/out $T/err
expect_exit() {
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  [ $rc -eq "$want" ] || { cat "$T/err"; fail "exit $rc, expected $want: $*"; }
}
