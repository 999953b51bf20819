#!/usr/bin/env bash
# Issue 20.2: file names that are not UTF-8 (GBK names from a Windows zip)
# show as GB18030 text when they are valid GB18030, else with their bytes
# escaped (\xFF); the same text in results.json and 排名.xlsx, whose parts
# stay well-formed XML; distinct names stay distinct.
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input/submissions" ] || skip "needs the demo campaign (input/)"
cp -r "$HZ_ROOT/input" "$T/c"
S="$T/c/submissions"
form=$(find "$HZ_ROOT/input/submissions" -name '*.xlsx' | sort | head -1)
python3 - "$S" "$form" <<'PY'
import os, shutil, sys
s, form = sys.argv[1].encode(), sys.argv[2]
def put(name):
    shutil.copy(form, os.path.join(s, name))
put("新报送表格.xlsx".encode("gbk"))          # GBK: shown decoded
put(b"\xff\xfe-broken.xlsx")                  # neither: escaped
put(b"\xff\xfd-broken.xlsx")                  # distinct from the one above
os.makedirs(os.path.join(s, "第二批".encode("gbk")), exist_ok=True)
put(os.path.join("第二批".encode("gbk"), "补报.docx".encode("gbk")))
put("同名.xlsx".encode("utf-8"))              # the same text in UTF-8 and GBK
put("同名.xlsx".encode("gbk"))
PY
"$HZ_BIN" run "$T/c" -o "$T/o" -q >/dev/null 2>"$T/err"; rc=$?
[ $rc -le 1 ] || { cat "$T/err"; fail "exit $rc"; }
python3 - "$T/o" <<'PY' || fail "names not shown as they should be"
import json, os, re, sys, zipfile
import xml.dom.minidom
o = sys.argv[1]
raw = open(os.path.join(o, "results.json"), "rb").read()
r = json.loads(raw.decode("utf-8"))           # strict: fails on bad bytes
assert "\ufffd" not in raw.decode("utf-8"), "U+FFFD in results.json"
names = set()
for k in ("rejected", "superseded", "unknown_units"):
    names |= {e["file"] for e in r.get(k, [])}
names |= {u["file"] for u in r["units"] if u.get("file")}
want = ["submissions/新报送表格.xlsx", "submissions/\\xFF\\xFE-broken.xlsx", "submissions/\\xFF\\xFD-broken.xlsx",
        "submissions/第二批/补报.docx", "submissions/同名.xlsx"]
for w in want:
    assert w in names, f"{w} missing: {sorted(n for n in names if 'broken' in n or '新' in n or '批' in n or '同名' in n)}"
same = [n for n in names if "同名" in n or n.endswith(".xlsx") and "\\x" in n and "broken" not in n]
assert len(same) == 2, f"the two 同名 files are not distinct: {same}"
text = ""
with zipfile.ZipFile(os.path.join(o, "排名.xlsx")) as z:
    for n in z.namelist():
        if n.endswith(".xml"):
            data = z.read(n)
            xml.dom.minidom.parseString(data)   # well-formed
            text += data.decode("utf-8")
for w in ("新报送表格.xlsx", "\\xFF\\xFE-broken.xlsx"):
    assert w in text, f"{w} not in 排名.xlsx"
PY
exit 0
