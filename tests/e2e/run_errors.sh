# huizong run refusing a campaign: exit 2, nothing written, a message on
# stderr naming the file (and sheet/row where the reader knows them);
# a wrong command line: exit 64.
. "$(dirname "$0")/_lib.sh"
FIX="$HZ_ROOT/tests/fixtures/campaigns"

nothing_written() { [ ! -e "$1/results.json" ] || fail "results.json written despite the error"; }

# No campaign folder.
expect_exit 2 "$HZ_BIN" run "$T/nowhere" -o "$T/o"
grep -q 'nowhere' "$T/err" || fail "missing folder not named: $(cat "$T/err")"
nothing_written "$T/o"

# No checklist.
cp -r "$FIX/basic" "$T/c1" && rm "$T/c1/checklist.xlsx"
expect_exit 2 "$HZ_BIN" run "$T/c1" -o "$T/o"
grep -q 'checklist' "$T/err" || fail "missing checklist not named: $(cat "$T/err")"
nothing_written "$T/o"

# A checklist with a duplicate id.
cp -r "$FIX/basic" "$T/c2" && cp "$FIX/bad/checklist_dup_ids.xlsx" "$T/c2/checklist.xlsx"
expect_exit 2 "$HZ_BIN" run "$T/c2" -o "$T/o"
grep -q 'checklist' "$T/err" || fail "duplicate ids: checklist not named: $(cat "$T/err")"
nothing_written "$T/o"

# A bad campaign.ini value.
cp -r "$FIX/basic" "$T/c3" && printf '[campaign]\ndeadline = 2022-13-45\n' >"$T/c3/campaign.ini"
expect_exit 2 "$HZ_BIN" run "$T/c3" -o "$T/o"
grep -q 'campaign.ini' "$T/err" || fail "bad setting: campaign.ini not named: $(cat "$T/err")"
grep -q 'deadline' "$T/err" || fail "bad setting: key not named: $(cat "$T/err")"
nothing_written "$T/o"

# SPEC 5.13: a typo in a section name, a key in the wrong case, a key given
# twice: exit 2 naming the line and the nearest known name, nothing written
# (before, [campagin] ran with no title, no deadline and exit 1).
cp -r "$FIX/basic" "$T/c5" && sed -i 's/^\[campaign\]/; 设置\n[campagin]/' "$T/c5/campaign.ini"
expect_exit 2 "$HZ_BIN" run "$T/c5" -o "$T/o"
grep -q 'line 2' "$T/err" && grep -q '是否应为 \[campaign\]？' "$T/err" && grep -q 'did you mean \[campaign\]' "$T/err" \
  || fail "[campagin]: line or suggestion not named: $(cat "$T/err")"
nothing_written "$T/o"
printf '[campaign]\ntitle = x\nDeadline = 2022-10-30\n' >"$T/c5/campaign.ini"
expect_exit 2 "$HZ_BIN" run "$T/c5" -o "$T/o"
grep -q 'line 3.*是否应为 deadline？' "$T/err" || fail "Deadline: not refused with its suggestion: $(cat "$T/err")"
printf '[campaign]\ndeadline = 2022-10-30\n\n[campaign]\ndeadline = 2022-11-30\n' >"$T/c5/campaign.ini"
expect_exit 2 "$HZ_BIN" run "$T/c5" -o "$T/o"
grep -q 'line 5.*重复.*given twice (first on line 2)' "$T/err" || fail "a key given twice: $(cat "$T/err")"
nothing_written "$T/o"
# ... and a campaign.ini saved in GB18030 (not valid UTF-8) is read as such.
if command -v iconv >/dev/null; then
  cp -r "$FIX/basic" "$T/c6"
  iconv -f UTF-8 -t GB18030 "$FIX/basic/campaign.ini" >"$T/c6/campaign.ini"
  expect_exit 1 "$HZ_BIN" run "$T/c6" -o "$T/o6" -q
  expect_exit 1 "$HZ_BIN" run "$FIX/basic" -o "$T/o7" -q
  cmp -s "$T/o6/results.json" "$T/o7/results.json" || fail "GB18030 campaign.ini read otherwise than UTF-8"
fi

# No roster.
cp -r "$FIX/basic" "$T/c4" && rm "$T/c4/units.xlsx"
expect_exit 2 "$HZ_BIN" run "$T/c4" -o "$T/o"
grep -q 'units' "$T/err" || fail "missing roster not named: $(cat "$T/err")"
nothing_written "$T/o"
[ ! -s "$T/out" ] || fail "errors print nothing on stdout"

# An output folder that is a file: exit 2, the file left alone.
echo keep >"$T/afile"
expect_exit 2 "$HZ_BIN" run "$FIX/basic" -o "$T/afile"
grep -q 'afile' "$T/err" || fail "unwritable output not named: $(cat "$T/err")"
[ "$(cat "$T/afile")" = keep ] || fail "the file given as output folder was changed"

# The command line.
expect_exit 64 "$HZ_BIN" run "$FIX/basic" -o;             grep -q 'needs a value' "$T/err" || fail "-o without value"
expect_exit 64 "$HZ_BIN" run "$FIX/basic" extra -o "$T/o"; grep -q 'wrong number' "$T/err" || fail "two folders"
expect_exit 64 "$HZ_BIN" run -j 0 "$FIX/basic";            grep -q -- '-j needs' "$T/err" || fail "-j 0"
expect_exit 64 "$HZ_BIN" run --frobnicate;                 grep -q 'unknown option' "$T/err" || fail "unknown option"
nothing_written "$T/o"
exit 0
