# 排名.xlsx's sheets go through its frame (write/rankings_frame.h): no sheet
# file calls or includes libxlsxwriter (or xlsx_write.h over it), each
# includes the frame, and none includes rankings.c's sheets back — the frame
# alone decides how the workbook is written, and there is no import circle.
. "$(dirname "$0")/_lib.sh"
cd "$HZ_ROOT/pipeline/write" || fail "no pipeline/write/"
sheets=$(ls rankings*.[ch] | grep -v '^rankings_frame\.[ch]$')
[ "$(echo "$sheets" | wc -l)" -ge 8 ] || fail "rankings sheets not found: $sheets"
bad=0
for f in $sheets; do
  if grep -nE '\b(worksheet_|workbook_|chart_|format_set_|lxw_)[a-z_]*\(|xlsxwriter\.h|xlsx_write\.h' "$f"; then
    echo "$f: calls libxlsxwriter (the frame's business)"; bad=$((bad + 1))
  fi
done
for f in $(echo "$sheets" | grep '\.h$'); do
  grep -q '"write/rankings_frame.h"' "$f" || { echo "$f: does not include the frame"; bad=$((bad + 1)); }
done
# the frame includes no sheet; no sheet's header includes another sheet's
grep -n '"write/rankings_\(review\|rectify\|phases\|progress\)\.h"' rankings_frame.[ch] rankings_*.h && bad=$((bad + 1))
[ $bad -eq 0 ] || fail "$bad file(s) reach around the rankings frame"
echo "rankings sheets: $(echo $sheets | wc -w) files, libxlsxwriter only in rankings_frame.c"
