# The phase documents read on earlier nights (OUTPUT_DIR/.huizong/
# reads.sqlite, keyed by the SHA-256 of a file's bytes): a run answered from
# it writes the same bytes as a run without it; a file whose bytes change is
# read again; a damaged cache, or a value in it that does not unpack, is
# read past without a word; what the run did not read is dropped.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
C="$T/c"
cp -r "$HZ_ROOT/input" "$C"
touch -d '2024-04-26 10:00 +0800' "$C/phases/创建方案/区审计局创建工作方案（盖章扫描件）.pdf"
O="$T/o"
same_outputs() { # dir dir: every output but .huizong/ byte for byte
  diff -r -x .huizong "$1" "$2" >"$T/diff" || { cat "$T/diff"; fail "$3"; }
}
rows() { "$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from entry").fetchone()[0])' "$O/.huizong/reads.sqlite"; }

"$HZ_BIN" run "$C" -o "$O" -q 2>"$T/err0"; rc0=$?
[ -f "$O/.huizong/reads.sqlite" ] || fail "no reads.sqlite after a run with phases/"
# every .docx/.xlsx under phases/ read (the demo's are all readable), the .pdf not kept
want=$(find "$C/phases" -type f \( -name '*.docx' -o -name '*.xlsx' \) | wc -l)
[ "$(rows)" = "$want" ] || fail "reads.sqlite holds $(rows) entries, want $want"
cp -r "$O" "$T/cold"

# answered from the cache: the same outputs, the same exit and stderr
"$HZ_BIN" run "$C" -o "$O" -q 2>"$T/err1"; rc1=$?
[ "$rc1" = "$rc0" ] || fail "exit $rc1 from the cache, $rc0 without"
cmp -s "$T/err0" "$T/err1" || fail "stderr differs from the cache: $(diff "$T/err0" "$T/err1")"
same_outputs "$T/cold" "$O" "outputs differ when the phase documents come from the cache"

# new bytes under an old name are read again: the summary's plan becomes
# 组织部's, and the results are a fresh run's
cp "$C/phases/工作总结/组织部2024年度模范机关创建工作总结.docx" "$C/phases/创建方案/教育局创建工作方案.docx"
"$HZ_BIN" run "$C" -o "$O" -q 2>/dev/null
"$HZ_BIN" run "$C" -o "$T/fresh" -q 2>/dev/null
same_outputs "$T/fresh" "$O" "a changed phase document was not read again"
cmp -s "$T/cold/results.json" "$O/results.json" && fail "the change made no difference: the test proves nothing"
# two files now hold the same bytes: one entry for both, the old bytes dropped
[ "$(rows)" = $((want - 1)) ] || fail "after the change reads.sqlite holds $(rows) entries, want $((want - 1))"

# a value that does not unpack: read again, the same results
"$PY" - "$O/.huizong/reads.sqlite" <<'PY' || fail "tampering with the cache"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("update entry set value = x'01ff'")
c.commit()
PY
"$HZ_BIN" run "$C" -o "$O" -q 2>"$T/err2"
same_outputs "$T/fresh" "$O" "outputs differ with values that do not unpack"
"$PY" -c 'import sqlite3,sys; sys.exit(sqlite3.connect(sys.argv[1]).execute("select count(*) from entry where value = x'"'"'01ff'"'"'").fetchone()[0])' \
  "$O/.huizong/reads.sqlite" || fail "the values that did not unpack were not replaced"

# garbage for a cache: no warning, the same results, a cache again
head -c 20000 /dev/urandom >"$O/.huizong/reads.sqlite"
"$HZ_BIN" run "$C" -o "$O" -q 2>"$T/err3"
grep -qi 'reads.sqlite' "$T/err3" && fail "a damaged cache is worth no warning: $(cat "$T/err3")"
same_outputs "$T/fresh" "$O" "outputs differ with a damaged cache"
[ "$(rows)" = $((want - 1)) ] || fail "the damaged cache was not started again"

exit 0
