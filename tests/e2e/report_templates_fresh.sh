#!/usr/bin/env bash
# templates/*.docx are what scripts/make-templates.py makes, byte for byte
# (the script is deterministic and the committed files are not stale).
# Staff may later edit the templates in Word: then delete this case.
source tests/e2e/_lib.sh
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3"
/usr/bin/python3 "$HZ_ROOT/scripts/make-templates.py" "$T/t" || fail "make-templates.py failed"
for f in report.docx feedback.docx notice.docx; do
  cmp -s "$T/t/$f" "$HZ_ROOT/templates/$f" || fail "templates/$f differs from what scripts/make-templates.py makes"
done
