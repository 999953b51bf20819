# The previous 反馈/ goes on a thread of its own once the new one is in
# place (write/tree_removal.h), and is waited for before the run ends: a
# rerun leaves only the new letters and no temporary; a letter that cannot
# be removed (immutable: root cannot unlink it either) is a warning naming
# the temporary folder, the run still succeeds with the new letters in
# place, and the next run sweeps what was left.  (The fixture has a
# rejected file: every run of it exits 1, SPEC §4.)
. "$(dirname "$0")/_lib.sh"
FIX="$HZ_ROOT/tests/fixtures/campaigns"
cp -a "$FIX/basic" "$T/c"
temps() { find "$T/o" -maxdepth 1 -name '.huizong-tmp-*' | sort; }
expect_exit 1 "$HZ_BIN" run "$T/c" -o "$T/o" -q
ls "$T/o/反馈" | sort >"$T/first"
[ -s "$T/first" ] || fail "fixture: the first run wrote no letter"
expect_exit 1 "$HZ_BIN" run "$T/c" -o "$T/o" -q
[ -z "$(temps)" ] || fail "a rerun left temporaries: $(temps)"
ls "$T/o/反馈" | sort | cmp -s - "$T/first" || fail "a rerun's 反馈/ is not the same letters: $(ls "$T/o/反馈")"
grep -q warning "$T/err" && fail "a rerun warned: $(cat "$T/err")"

letter="$T/o/反馈/$(head -1 "$T/first")"
chattr +i "$letter" 2>/dev/null || skip "this file system has no immutable files (chattr +i): the warning path is not reached"
trap 'chattr -i "$(find "$T/o" -name "$(head -1 "$T/first")" -print -quit)" 2>/dev/null; rm -rf "$T"' EXIT
expect_exit 1 "$HZ_BIN" run "$T/c" -o "$T/o" -q
left=$(temps)
[ -n "$left" ] || fail "the immutable letter's folder is gone: chattr had no effect"
case $left in *-反馈) ;; *) fail "what was left is not the old 反馈/: $left" ;; esac
grep -q "cannot remove the temporary folder $left" "$T/err" || { cat "$T/err"; fail "no warning names $left"; }
ls "$T/o/反馈" | sort | cmp -s - "$T/first" || fail "the new letters are not in place"
chattr -i "$left/$(head -1 "$T/first")" || fail "chattr -i"
expect_exit 1 "$HZ_BIN" run "$T/c" -o "$T/o" -q
[ -z "$(temps)" ] || fail "the next run did not sweep: $(temps)"
exit 0
