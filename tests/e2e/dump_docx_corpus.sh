# `huizong dump` on every .docx of the external corpus matches the oracle
# (make_oracle.py) for >= 99 % of the readable files, and every broken .docx
# is dumped or refused with one line (exit 1), never a crash or a hang.
. "$(dirname "$0")/_lib.sh"
need_shared
corpus="$HZ_SHARED/corpus/external"
[ -d "$corpus/docx" ] && [ -d "$corpus/oracle" ] || skip "no external docx corpus"
command -v python3 >/dev/null || skip "needs python3"
first=$(ls "$corpus/docx"/*.docx | head -1)
"$HZ_BIN" dump "$first" >"$T/out" 2>"$T/err"
if grep -q "not implemented" "$T/err"; then skip "huizong dump does not read .docx yet"; fi
python3 "$HZ_ROOT/tests/compare_docx_oracle.py" "$HZ_BIN dump" "$corpus" 99 >"$T/report" 2>&1
rc=$?
cat "$T/report"
[ $rc -eq 0 ] || fail "docx dump does not match the oracle well enough"
