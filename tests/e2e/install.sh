# SPEC 8.5: make install with DESTDIR and PREFIX; the installed binary runs
# the demo campaign from another working directory and finds its templates
# under PREFIX/share/huizong/templates; the man page renders and lints; the
# systemd units verify.
. "$(dirname "$0")/_lib.sh"
command -v make >/dev/null || skip "needs make"
D="$T/dest"
# the tree's own build (BUILD as make test uses it), copied, not rebuilt
make -s -C "$HZ_ROOT" install DESTDIR="$D" PREFIX=/usr BUILD="${BUILD:-build}" >"$T/make.out" 2>&1 || { cat "$T/make.out"; fail "make install"; }
for f in usr/bin/huizong usr/share/huizong/templates/report.docx usr/share/huizong/templates/feedback.docx usr/share/huizong/templates/notice.docx \
         usr/share/huizong/templates/README.md usr/share/man/man1/huizong.1 usr/share/doc/huizong/使用说明.md; do
  [ -f "$D/$f" ] || fail "make install did not install $f"
done
[ -x "$D/usr/bin/huizong" ] || fail "the installed binary is not executable"

# From elsewhere, with no templates/ anywhere near: the demo campaign (its
# own templates/ removed, so the installed defaults must be found).
mkdir "$T/elsewhere"
cp -r "$HZ_ROOT/input" "$T/campaign"; rm -rf "$T/campaign/templates"
(cd "$T/elsewhere" && "$D/usr/bin/huizong" run "$T/campaign" -o out -q) >"$T/out" 2>"$T/err"; rc=$?
[ $rc -le 1 ] || { cat "$T/err"; fail "the installed binary exited $rc"; }
for f in results.json 汇总报告.docx 排名.xlsx; do [ -f "$T/elsewhere/out/$f" ] || fail "$f not written"; done
# the report is the installed template's: the same bytes as the tree's binary gives
"$HZ_BIN" run "$T/campaign" -o "$T/tree_out" -q >/dev/null 2>&1
cmp "$T/elsewhere/out/汇总报告.docx" "$T/tree_out/汇总报告.docx" || fail "the installed binary's report differs from the tree's"
# without the installed templates it cannot find any: proof it used them
mv "$D/usr/share/huizong/templates" "$T/hidden"
(cd "$T/elsewhere" && "$D/usr/bin/huizong" run "$T/campaign" -o out2 -q) >/dev/null 2>"$T/err" && fail "ran without any templates"
grep -q 'report.docx' "$T/err" || fail "a missing template is named: $(cat "$T/err")"
mv "$T/hidden" "$D/usr/share/huizong/templates"

# The man page: renders, names the commands and exit codes, lints clean.
if command -v man >/dev/null; then
  LANG=C.UTF-8 MANWIDTH=80 man -l "$D/usr/share/man/man1/huizong.1" >"$T/man" 2>"$T/man.err" || fail "man -l: $(cat "$T/man.err")"
  [ ! -s "$T/man.err" ] || fail "man -l warns: $(cat "$T/man.err")"
  for w in 'huizong run' 'huizong forms' 'huizong dump' 'huizong history' '75' '64' 'state.sqlite' 'EXAMPLES'; do
    grep -q -- "$w" "$T/man" || fail "the man page lacks '$w'"
  done
else
  echo "man not installed: rendering not checked"
fi
if command -v groff >/dev/null; then
  groff -ww -k -man -Tutf8 -z "$HZ_ROOT/docs/huizong.1" 2>"$T/groff.err"
  [ ! -s "$T/groff.err" ] || fail "groff -ww: $(cat "$T/groff.err")"
fi
if command -v mandoc >/dev/null; then
  mandoc -T lint -W warning "$HZ_ROOT/docs/huizong.1" >"$T/mandoc" 2>&1 || fail "mandoc -T lint: $(cat "$T/mandoc")"
fi

# The systemd units: well-formed, 1 and 75 counted as success.
grep -q '^SuccessExitStatus=1 75$' "$HZ_ROOT/scripts/huizong-nightly.service" || fail "SuccessExitStatus=1 75"
if command -v systemd-analyze >/dev/null; then
  mkdir "$T/units"
  sed "s#/usr/local/bin/huizong#$D/usr/bin/huizong#; /^User=/d; /^Group=/d" "$HZ_ROOT/scripts/huizong-nightly.service" >"$T/units/huizong-nightly.service"
  cp "$HZ_ROOT/scripts/huizong-nightly.timer" "$T/units/"
  systemd-analyze verify --man=no "$T/units/huizong-nightly.service" "$T/units/huizong-nightly.timer" >"$T/sd" 2>&1 \
    || fail "systemd-analyze verify: $(cat "$T/sd")"
fi
exit 0
