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
# lo_missing: prints what is missing to render documents to PDF (LibreOffice,
# pdftotext, a Chinese font), nothing when all is there.
lo_missing() {
  command -v soffice >/dev/null || { echo "LibreOffice (soffice)"; return; }
  command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils)"; return; }
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || { echo "a Chinese font (fonts-noto-cjk)"; return; }
}
# need_lo: skips with one line when a LibreOffice test cannot run — but under
# HZ_REQUIRE_LO=1 (set by .ci/run) fails instead: CI must not pass on pages
# nobody rendered.
need_lo() {
  local m; m=$(lo_missing)
  [ -z "$m" ] && return 0
  [ "${HZ_REQUIRE_LO:-}" = 1 ] && fail "needs $m (HZ_REQUIRE_LO=1)"
  skip "needs $m"
}
need_shared() { [ -n "${HZ_SHARED:-}" ] && [ -d "$HZ_SHARED" ] || skip "needs ../shared (not present)"; }
# expect_exit CODE CMD... : runs CMD, captures stdout/stderr in $T/out $T/err
expect_exit() {
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  [ $rc -eq "$want" ] || { cat "$T/err"; fail "exit $rc, expected $want: $*"; }
}
