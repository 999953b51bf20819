#!/usr/bin/env bash
# SPEC §4 and 8.2 (issue 16.8, 16.9, 20.8): what the office keeps in 反馈/
# is carried into the new 反馈/ unchanged; a letter of the previous run is
# not; a read-only 反馈/ or a temporary that cannot be removed never makes
# the runs after it fail; a user's folder named like a temporary stays; a
# 反馈 that is a link stops the run before anything is replaced.
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input/submissions" ] || skip "needs the demo campaign (input/)"
cp -r "$HZ_ROOT/input" "$T/c"
O="$T/o"
"$HZ_BIN" run "$T/c" -o "$O" -q >/dev/null 2>&1; want=$?
[ $want -le 1 ] || fail "first run exited $want"
ls "$O/反馈"/*.docx >/dev/null 2>&1 || fail "the demo wrote no letter"
letter=$(ls "$O/反馈" | head -1)

# the office's register, a sealed copy, a folder of sent letters, a user's
# folder named like a temporary
printf 'register' >"$O/反馈/发送登记.xlsx"
cp "$O/反馈/$letter" "$O/反馈/${letter%.docx}（已盖章）.docx"
mkdir -p "$O/反馈/已发送/11月"; printf 'sent' >"$O/反馈/已发送/11月/记录.txt"
mkdir -p "$O/.huizong-tmp-1-1-备份"; printf 'keep' >"$O/.huizong-tmp-1-1-备份/a.txt"
# a letter of the previous run for a unit that is no longer lagging
printf 'stale' >"$O/反馈/区委办公室.docx"
printf '区委办公室.docx\n' >>"$O/.huizong/letters"
(cd "$O/反馈" && find . -path ./区委办公室.docx -prune -o -type f -print0 | sort -z | xargs -0 sha256sum) >"$T/office.before"
grep -v "$letter\$" "$T/office.before" >"$T/office.keep"

check_kept() {
  (cd "$O/反馈" && sha256sum -c --quiet "$T/office.keep") || fail "$1: the office's files changed or went"
  [ -e "$O/反馈/区委办公室.docx" ] && fail "$1: a letter of the previous run stayed"
  [ -f "$O/.huizong-tmp-1-1-备份/a.txt" ] || fail "$1: the user's folder named like a temporary was removed"
  ls "$O/反馈/$letter" >/dev/null || fail "$1: the letter is missing"
}
for j in 1 2; do
  expect_exit $want "$HZ_BIN" run "$T/c" -o "$O" -q -j $j
  check_kept "-j $j"
done

# without the list of letters (an older version's output folder): every
# name other than <roster unit>.docx is the office's
rm "$O/.huizong/letters"
printf 'stale' >"$O/反馈/区委办公室.docx"
expect_exit $want "$HZ_BIN" run "$T/c" -o "$O" -q
check_kept "no list"
[ -s "$O/.huizong/letters" ] || fail "the list of letters was not written"

# 反馈 as a link: exit 2 naming it, nothing replaced
snap() { (cd "$O" && find results.json 汇总报告.docx 排名.xlsx -type f -print0 | sort -z | xargs -0 sha256sum); }
first=$(find "$T/c/submissions" -name '*.xlsx' | sort | head -1)
cp "$first" "$T/c/submissions/zz-copy.xlsx"   # the next run's outputs differ
snap >"$T/snap"
mv "$O/反馈" "$T/letters"; ln -s "$T/letters" "$O/反馈"
expect_exit 2 "$HZ_BIN" run "$T/c" -o "$O" -q
grep -q "反馈" "$T/err" || { cat "$T/err"; fail "the error does not name 反馈"; }
snap | cmp -s - "$T/snap" || fail "a failed run replaced some outputs"
ls -a "$O" | grep -q '^\.huizong-tmp-[0-9]*-[0-9]*-outputs' && fail "the failed run left its stage"
rm "$O/反馈"; mv "$T/letters" "$O/反馈"

# as a user who is not root: a read-only 反馈/, then a temporary of an
# earlier run that cannot be removed
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  U="setpriv --reuid=65534 --regid=65534 --clear-groups"
  chown -R 65534:65534 "$T/c" "$O"
  chmod 755 "$T"
  chmod 555 "$O/反馈"
  $U "$HZ_BIN" run "$T/c" -o "$O" -q >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -le 1 ] || { cat "$T/err"; fail "read-only 反馈/: exit $rc"; }
  ls -a "$O" | grep -v 备份 | grep -q '^\.huizong-tmp-[0-9]' && { ls -a "$O"; fail "read-only 反馈/: a temporary was left"; }
  check_kept "read-only 反馈/"
  # a temporary of ours, holding what this user cannot remove
  mkdir -p "$O/.huizong-tmp-99-1-反馈"; printf x >"$O/.huizong-tmp-99-1-反馈/a.docx"   # owned by root
  for k in 1 2; do
    $U "$HZ_BIN" run "$T/c" -o "$O" -q >"$T/out" 2>"$T/err"; rc=$?
    [ $rc -le 1 ] || { cat "$T/err"; fail "a temporary that cannot be removed: run $k exit $rc"; }
    grep -q "huizong-tmp-99-1" "$T/err" || { cat "$T/err"; fail "no warning names the temporary"; }
  done
else
  echo "not root or no setpriv: the read-only cases skipped"
fi
exit 0
