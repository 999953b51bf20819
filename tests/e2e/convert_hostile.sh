# SPEC §10 against hostile legacy files, on the fixture campaign:
# - a LibreOffice that hangs (a `soffice` stub that sleeps): each batch ended
#   after convert_timeout seconds per file, its whole process group gone, the
#   files rejected as timed out and not remembered, the run going on;
# - a .doc over 50 MiB refused unread; a configured soffice that does not
#   exist is "without LibreOffice" (both remedies named), not exit 2;
# - bad [input] values exit 2;
# - with LibreOffice: a real .xls read as its .xlsx was, garbage OLE named .xls
#   and a 50 MiB .doc of nothing rejected and remembered, a second run
#   converting nothing; nothing left in the output folder but the cache.
. "$(dirname "$0")/_lib.sh"
FIX="$HZ_ROOT/tests/fixtures/campaigns/basic"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
ole() { printf '\320\317\021\340\241\261\032\341'; }

c="$T/c"; cp -a "$FIX" "$c"
{ ole; head -c 4096 /dev/urandom; } >"$c/submissions/垃圾.xls"
{ ole; head -c 8 /dev/zero; } >"$c/submissions/大文件.doc"; truncate -s 50M "$c/submissions/大文件.doc"
{ ole; head -c 8 /dev/zero; } >"$c/submissions/太大.doc"; truncate -s 52428801 "$c/submissions/太大.doc"
cp "$c/campaign.ini" "$T/ini"

mkdir "$T/stub"
cat >"$T/stub/soffice" <<EOF
#!/bin/sh
echo \$\$ >>"$T/stub/pids"
sleep 300 &
echo \$! >>"$T/stub/pids"
wait
EOF
chmod +x "$T/stub/soffice"
printf '\n[input]\nsoffice = %s\nconvert_timeout = 2\n' "$T/stub/soffice" >>"$c/campaign.ini"

start=$(date +%s)
expect_exit 1 "$HZ_BIN" run "$c" -o "$T/o" -q
took=$(( $(date +%s) - start ))
[ "$took" -le 20 ] || fail "a hanging LibreOffice held the run $took s (2 batches of 1 file, 2 s each)"
[ "$(wc -l <"$T/stub/pids")" -eq 4 ] || { cat "$T/stub/pids"; fail "expected one soffice per batch (2), each with its sleep"; }
# alive: there and not a zombie waiting for init to reap it
alive() { [ -e "/proc/$1" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
while read -r pid; do
  alive "$pid" && { sleep 1; alive "$pid"; } && fail "process $pid of the stub outlived its batch"
done <"$T/stub/pids"
"$PY" - "$T/o/results.json" <<'PY' || fail "time-outs"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
rej = {x["file"]: x["reason"] for x in r["rejected"]}
assert "timed out" in rej["submissions/垃圾.xls"], rej
assert "timed out" in rej["submissions/大文件.doc"], rej
assert "50 MiB" in rej["submissions/太大.doc"], rej
assert "converted" not in r
u = {x["name"]: x for x in r["units"]}
assert u["甲区审计局"]["percent"] == 100, "the run did not go on"
PY
# a time-out is not remembered; nothing of LibreOffice's is left
for x in converted lo-profile converting; do [ ! -e "$T/o/.huizong/$x" ] || { ls -AR "$T/o/.huizong"; fail "$x left after time-outs"; }; done

# a configured soffice that is not there: without LibreOffice, not exit 2
cp "$T/ini" "$c/campaign.ini"; printf '\n[input]\nsoffice = /nonexistent/soffice\n' >>"$c/campaign.ini"
expect_exit 1 "$HZ_BIN" run "$c" -o "$T/o" -q
grep -q 'install LibreOffice' "$T/o/results.json" || fail "no remedy named without LibreOffice"
grep -q 'save it as .docx' "$T/o/results.json" || fail "no .docx remedy named"
for bad in 'convert = maybe' 'convert_timeout = 0' 'convert_timeout = 1.5' 'convert_timeout = -3'; do
  cp "$T/ini" "$c/campaign.ini"; printf '\n[input]\n%s\n' "$bad" >>"$c/campaign.ini"
  expect_exit 2 "$HZ_BIN" run "$c" -o "$T/bad" -q
  grep -q 'input' "$T/err" || { cat "$T/err"; fail "'$bad': message names no [input]"; }
done
[ ! -e "$T/bad/results.json" ] || fail "a bad [input] value wrote outputs"

# with LibreOffice
if ! command -v soffice >/dev/null; then
  [ -n "${CI:-}" ] || [ "${HZ_REQUIRE_LO:-}" = 1 ] && fail "LibreOffice (soffice) missing in CI (HZ_REQUIRE_LO=1): run scripts/install-deps.sh"
  skip "needs LibreOffice (soffice) for the rest"
fi
cp "$T/ini" "$c/campaign.ini"
"$HZ_BIN" run "$c" -o "$T/ref" -q >/dev/null 2>&1
mkdir "$T/mk"
# no written date: the .xls's own mtime dates it (SPEC §10), not the stamp
# LibreOffice puts on the conversion
"$PY" - "$c/submissions/审计局自查自评表.xlsx" <<'PY' || fail "openpyxl"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
assert str(ws["D2"].value).startswith("填报日期"); ws["D2"] = None; wb.save(sys.argv[1])
PY
timeout 300 soffice -env:UserInstallation="file://$T/mkprofile" --headless --convert-to xls \
  --outdir "$T/mk" "$c/submissions/审计局自查自评表.xlsx" >"$T/mk.log" 2>&1 || { cat "$T/mk.log"; fail "soffice could not make an .xls"; }
mv "$T/mk/审计局自查自评表.xls" "$c/submissions/"
rm "$c/submissions/审计局自查自评表.xlsx"
touch -d '2022-10-20 10:00:00 +0800' "$c/submissions/审计局自查自评表.xls"
start=$(date +%s)
expect_exit 1 "$HZ_BIN" run "$c" -o "$T/o2"
grep -q '1 converted by LibreOffice' "$T/out" || { cat "$T/out"; fail "the .xls was not converted"; }
took2=$(( $(date +%s) - start ))
[ "$took2" -le 240 ] || fail "conversions took $took2 s"
"$PY" - "$T/o2/results.json" "$T/ref/results.json" <<'PY' || fail "converted files"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8")); ref = json.load(open(sys.argv[2], encoding="utf-8"))
assert r["converted"] == [{"file": "submissions/审计局自查自评表.xls", "as": "xlsx"}], r.get("converted")
rej = {x["file"]: x["reason"] for x in r["rejected"]}
for f in ("submissions/垃圾.xls", "submissions/大文件.doc"):
    assert "could not be converted" in rej[f] and "timed out" not in rej[f], (f, rej[f])
u = {x["name"]: x for x in r["units"]}; w = {x["name"]: x for x in ref["units"]}
for k in ("percent", "rank", "grade", "late", "tasks"):
    assert [x[k] for x in r["units"]] == [x[k] for x in ref["units"]], k
assert u["甲区审计局"]["date"] == "2022-10-20", u["甲区审计局"]["date"]
files = [x["file"] for x in r["units"] if x["submitted"]]
assert "submissions/审计局自查自评表.xls" in files, files
PY
ls "$T/o2/.huizong/converted" >"$T/cache1"
[ "$(grep -c '\.failed$' "$T/cache1")" -eq 2 ] || { cat "$T/cache1"; fail "two failures remembered expected"; }
[ "$(grep -c '\.xlsx$' "$T/cache1")" -eq 1 ] || { cat "$T/cache1"; fail "one conversion cached expected"; }
for x in lo-profile converting; do [ ! -e "$T/o2/.huizong/$x" ] || fail "$x left in .huizong"; done
cp "$T/o2/results.json" "$T/r1"
expect_exit 1 "$HZ_BIN" run "$c" -o "$T/o2"
grep -q ' 0 converted by LibreOffice, 3 from the cache' "$T/out" || { cat "$T/out"; fail "the second run converted again"; }
cmp -s "$T/r1" "$T/o2/results.json" || fail "results.json differs on the cached run"
# a file gone: its conversion goes too
rm "$c/submissions/垃圾.xls"
expect_exit 1 "$HZ_BIN" run "$c" -o "$T/o2" -q
[ "$(ls "$T/o2/.huizong/converted" | wc -l)" -eq 2 ] || { ls "$T/o2/.huizong/converted"; fail "the unused entry was kept"; }
# phases/ (SPEC §9) goes through the same step: a 创建方案 saved as .doc is read
# (its date, 2022-10-20, written in it), one in no phase folder is rejected
# unread and not converted
p="$T/p"; cp -a "$FIX" "$p"; printf '\n[phases]\n创建方案 = 2022-09-30\n' >>"$p/campaign.ini"
mkdir -p "$p/phases/创建方案" "$p/phases/其他" "$T/mkp"
cp "$p/submissions/民政局自查报告.docx" "$T/mkp/民政局创建方案.docx"
timeout 300 soffice -env:UserInstallation="file://$T/mkprofile" --headless --convert-to doc \
  --outdir "$T/mkp" "$T/mkp/民政局创建方案.docx" >"$T/mk.log" 2>&1 || { cat "$T/mk.log"; fail "soffice could not make a .doc"; }
cp "$T/mkp/民政局创建方案.doc" "$p/phases/创建方案/"
cp "$T/mkp/民政局创建方案.doc" "$p/phases/其他/"
expect_exit 1 "$HZ_BIN" run "$p" -o "$T/o3" -q
"$PY" - "$T/o3/results.json" <<'PY' || fail "phases/ through the conversion"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
f = "phases/创建方案/民政局创建方案.doc"
assert r["converted"] == [{"file": f, "as": "docx"}], r.get("converted")
u = {x["name"]: x for x in r["units"]}
ph = u["甲区民政局"]["phases"][0]
assert ph["file"] == f and ph["date"] == "2022-10-20" and ph["status"] == "late", ph
rej = {x["file"]: x["reason"] for x in r["rejected"]}
assert "not in a phase folder" in rej["phases/其他/民政局创建方案.doc"], rej
PY

echo "hostile legacy files: 2 time-outs in ${took} s, a run with LibreOffice in ${took2} s; failures remembered, cache swept"
