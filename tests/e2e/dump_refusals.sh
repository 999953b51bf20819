# `huizong dump` refuses unreadable files with exit 1 and one line on stderr,
# Chinese then English, naming the file; nothing on stdout.
. "$(dirname "$0")/_lib.sh"
: >"$T/empty.xlsx"
expect_exit 1 "$HZ_BIN" dump "$T/empty.xlsx"
grep -q "无法读取 empty.xlsx：文件为空" "$T/err" || fail "empty file: $(cat "$T/err")"
grep -q "cannot read '$T/empty.xlsx': empty file" "$T/err" || fail "empty file (English)"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line"
[ ! -s "$T/out" ] || fail "stdout not empty"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1encrypted' >"$T/x.docx"
expect_exit 1 "$HZ_BIN" dump "$T/x.docx"
grep -q "无法读取 x.docx：文件已加密或为旧版" "$T/err" || fail "OLE: $(cat "$T/err")"
grep -q "encrypted or legacy OLE file" "$T/err" || fail "OLE (English)"
printf '%%PDF-1.4 not an office file' >"$T/y.xlsx"
expect_exit 1 "$HZ_BIN" dump "$T/y.xlsx"
grep -q "y.xlsx" "$T/err" || fail "PDF"
expect_exit 1 "$HZ_BIN" dump "$T/does-not-exist.xlsx"
grep -q "does-not-exist.xlsx" "$T/err" || fail "missing file"
exit 0
