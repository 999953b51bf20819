#!/usr/bin/env bash
# A run whose report cannot be written (a template with an unknown tag)
# stops with exit 2 naming the tag, and leaves the previous results.json as
# it was: the next run compares its figures with that one.  results.json is
# written beside the documents (campaign/outputs.c), so this holds with -j 1 and -j 2.
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input/submissions" ] || skip "needs the demo campaign (input/)"
command -v zip >/dev/null && command -v unzip >/dev/null || skip "needs zip and unzip"
cp -r "$HZ_ROOT/input" "$T/c"
"$HZ_BIN" run "$T/c" -o "$T/o" -q >/dev/null 2>&1
[ -s "$T/o/results.json" ] || fail "first run wrote no results.json"
cp "$T/o/results.json" "$T/before.json"

# a file arrives meanwhile, so results.json would change (a copy of a
# unit's form: it supersedes or is superseded)
first=$(find "$T/c/submissions" -name '*.xlsx' | sort | head -1)
[ -n "$first" ] || skip "the demo has no .xlsx submission"
cp "$first" "$T/c/submissions/zz-copy.xlsx"
"$HZ_BIN" run "$T/c" -o "$T/other" -q >/dev/null 2>&1
[ -s "$T/other/results.json" ] || fail "the run with the extra file wrote no results.json"
cmp -s "$T/other/results.json" "$T/before.json" && fail "the extra file does not change results.json: the case proves nothing"

# the campaign's own templates/, with a tag the report does not know
mkdir -p "$T/c/templates" "$T/x"
cp "$HZ_ROOT/templates/feedback.docx" "$T/c/templates/"
(cd "$T/x" && unzip -q "$HZ_ROOT/templates/report.docx" &&
  sed -i 's/{{campaign.title}}/{{campaign.titel}}/' word/document.xml &&
  zip -q -X -r "$T/c/templates/report.docx" .) || fail "could not make the broken template"
for j in 1 2; do
  expect_exit 2 "$HZ_BIN" run "$T/c" -o "$T/o" -j $j -q
  grep -q "campaign.titel" "$T/err" || { cat "$T/err"; fail "-j $j: the error does not name the tag"; }
  cmp -s "$T/o/results.json" "$T/before.json" || fail "-j $j: results.json changed although the report failed"
  ls -a "$T/o" | grep -q "tmp" && { ls -a "$T/o"; fail "-j $j: a temporary file was left behind"; }
done
exit 0
