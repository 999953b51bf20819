# Hostile files (made at test time by tests/hostile/check_hostile.py): a
# 2 GiB zip bomb (declared and lying sizes), billion laughs, XXE to
# /etc/passwd, a dimension of A1:XFD1048576, a million nested elements, a
# million empty rows, sparse 16384-column rows.  Each is read or refused,
# within a time limit, under 64 MB peak RSS (not checked under ASan).
. "$(dirname "$0")/_lib.sh"
command -v python3 >/dev/null || skip "needs python3"
python3 "$HZ_ROOT/tests/hostile/check_hostile.py" "$HZ_BIN" "$T"; rc=$?
[ $rc -eq 77 ] && skip "needs /usr/bin/time"
[ $rc -eq 0 ] || fail "hostile files"
exit 0
