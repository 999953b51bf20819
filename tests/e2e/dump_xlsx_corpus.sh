# `huizong dump` on the whole external corpus: every file is dumped (exit 0,
# JSON) or refused (exit 1, one line naming the file), never a crash or a
# hang; the .xlsx files openpyxl could read match its oracle for >= 99 %
# (tests/compare_xlsx_oracle.py lists the mismatches and the oracle quirks
# it allows for).
. "$(dirname "$0")/_lib.sh"
need_shared
corpus="$HZ_SHARED/corpus/external"
[ -d "$corpus/xlsx" ] && [ -d "$corpus/oracle" ] || skip "no external xlsx corpus"
command -v python3 >/dev/null || skip "needs python3"
python3 "$HZ_ROOT/tests/compare_xlsx_oracle.py" "$HZ_BIN" "$corpus" 99 >"$T/report" 2>&1
rc=$?
cat "$T/report"
[ $rc -eq 0 ] || fail "xlsx dump: crashes, hangs or too many oracle mismatches"
exit 0
