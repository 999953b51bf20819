# Helpers for end-to-end cases (sourced).  Each case is tests/e2e/<name>.sh:
# exit 0 passes, 77 skips (prints why on its last line), anything else fails.
set -u
HZ_BIN=${HZ_BIN:-$PWD/build/huizong}
HZ_ROOT=${HZ_ROOT:-$PWD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# The demo's scanned plan (.pdf) is dated by its file time alone (SPEC 9.2),
# which git does not keep: every case sees the date scripts/make-demo.py set.
touch -d '2024-04-26 10:00 +0800' "$HZ_ROOT/input/phases/创建方案/区审计局创建工作方案（盖章扫描件）.pdf" 2>/dev/null
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "$*"; exit 77; }
need_shared() { [ -n "${HZ_SHARED:-}" ] && [ -d "$HZ_SHARED" ] || skip "needs ../shared (not present)"; }
# expect_exit CODE CMD... : runs CMD, captures stdout/stderr in $T/out $T/err
expect_exit() {
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  [ $rc -eq "$want" ] || { cat "$T/err"; fail "exit $rc, expected $want: $*"; }
}
