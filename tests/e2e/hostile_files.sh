#!/usr/bin/env bash
# Issue 20.3, 20.6, 20.8: FIFOs never hang a run (nor hold its lock), in
# any place an input is read; special files, links to nothing, links to
# folders and folders nested too deep under an input folder are rejected by
# name with the reason and the run goes on; a lock file that is a link or
# read-only still locks; --wait takes only decimal seconds.
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input/submissions" ] || skip "needs the demo campaign (input/)"
command -v timeout >/dev/null || skip "needs timeout"
cp -r "$HZ_ROOT/input" "$T/c"
O="$T/o"
run() { timeout 60 "$HZ_BIN" run "$@" >"$T/out" 2>"$T/err"; rc=$?; [ $rc -ne 124 ] || fail "run $* hung on a FIFO"; }
run "$T/c" -o "$O" -q
want=$rc; [ $want -le 1 ] || fail "first run exited $want"

# the previous results.json a FIFO
rm "$O/results.json"; mkfifo "$O/results.json"
run "$T/c" -o "$O" -q
[ $rc -eq $want ] || { cat "$T/err"; fail "results.json a FIFO: exit $rc"; }
[ -f "$O/results.json" ] || fail "results.json not written over the FIFO"

# checklist.xlsx, units.xlsx a FIFO: exit 2 at once, naming the file
for f in checklist.xlsx units.xlsx; do
  cp -r "$T/c" "$T/c2"; rm "$T/c2/$f"; mkfifo "$T/c2/$f"
  run "$T/c2" -o "$T/o2" -q
  [ $rc -eq 2 ] || { cat "$T/err"; fail "$f a FIFO: exit $rc"; }
  grep -q "$f" "$T/err" || { cat "$T/err"; fail "$f a FIFO: the message does not name it"; }
  rm -rf "$T/c2" "$T/o2"
done

# dump of a FIFO
mkfifo "$T/p.xlsx"
timeout 30 "$HZ_BIN" dump "$T/p.xlsx" >/dev/null 2>"$T/err"; rc=$?
[ $rc -ne 124 ] || fail "dump hung on a FIFO"
[ $rc -ne 0 ] || fail "dump of a FIFO succeeded"

# special files under submissions/ and reviews/
S="$T/c/submissions"
mkfifo "$S/fifo.xlsx"; mkfifo "$T/c/reviews/fifo.xlsx"
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$S/sock.docx"
ln -s "$T/nowhere.xlsx" "$S/dangling.xlsx"
mkdir -p "$T/elsewhere"; ln -s "$T/elsewhere" "$S/linked-folder"
d="$S/deep"; for i in $(seq 70); do d="$d/d"; done; mkdir -p "$d"
cp "$(find "$HZ_ROOT/input/submissions" -name '*.xlsx' | sort | head -1)" "$d/form.xlsx"
run "$T/c" -o "$O" -q
[ $rc -eq 1 ] || { cat "$T/err"; fail "special files: exit $rc, expected 1"; }
python3 - "$O/results.json" <<'PY' || fail "special files not all listed under rejected with their reason"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
rej = {e["file"]: e["reason"] for e in r["rejected"]}
want = {"submissions/fifo.xlsx": "FIFO", "reviews/fifo.xlsx": "FIFO", "submissions/sock.docx": "socket",
        "submissions/dangling.xlsx": "link to nothing", "submissions/linked-folder/": "link to a folder"}
for f, why in want.items():
    assert f in rej, f"{f} not rejected: {sorted(rej)}"
    assert why in rej[f], f"{f}: {rej[f]}"
deep = [f for f in rej if f.startswith("submissions/deep/")]
assert len(deep) == 1 and "64 deep" in rej[deep[0]], deep
assert r["units"], "no units"
PY

# the lock file a link, then read-only for a user who is not root
rm -rf "$T/c/submissions/deep" "$S/fifo.xlsx" "$T/c/reviews/fifo.xlsx" "$S/sock.docx" "$S/dangling.xlsx" "$S/linked-folder"
rm -f "$O/.huizong/lock"; ln -s "$T/target" "$O/.huizong/lock"
run "$T/c" -o "$O" -q
[ $rc -eq $want ] || { cat "$T/err"; fail "lock a link: exit $rc"; }
[ -e "$T/target" ] && fail "the lock link was followed"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  chmod 755 "$T"; chown -R 65534:65534 "$T/c" "$O"
  chown 0:0 "$O/.huizong/lock"; chmod 444 "$O/.huizong/lock"
  setpriv --reuid=65534 --regid=65534 --clear-groups timeout 60 "$HZ_BIN" run "$T/c" -o "$O" -q >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -eq $want ] || { cat "$T/err"; fail "read-only lock: exit $rc"; }
else
  echo "not root or no setpriv: the read-only lock case skipped"
fi

# --wait takes decimal seconds only
for w in 0x10 1e3 inf -1 ""; do
  expect_exit 64 "$HZ_BIN" run "$T/c" -o "$O" -q --wait "$w"
done
exit 0
