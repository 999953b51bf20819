#!/usr/bin/env bash
# Issue 20.7 (SPEC 8.3): the history never stops recording, nor is
# replaced, in silence.  A database with user_version 1 but not huizong's
# tables is set aside; a -wal of another database is set aside instead of
# replacing the history; a read-only state.sqlite is a warning naming it
# (and leaves no read-only -wal/-shm behind), and a -wal/-shm left
# read-only does not stop the recording once the file is writable again.
source tests/e2e/_lib.sh
[ -d "$HZ_ROOT/input/submissions" ] || skip "needs the demo campaign (input/)"
python3 -c "import sqlite3" 2>/dev/null || skip "needs python3's sqlite3"
cp -r "$HZ_ROOT/input" "$T/c"
O="$T/o"; DB="$O/.huizong/state.sqlite"
runs() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from run').fetchone()[0])" "$1"; }
run() { "$HZ_BIN" run "$T/c" -o "$O" -q >"$T/out" 2>"$T/err"; rc=$?; [ $rc -le 1 ] || { cat "$T/err"; fail "$1: exit $rc"; }; }

# another program's database with user_version 1
mkdir -p "$O/.huizong"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table notes(x)'); c.execute('pragma user_version=1'); c.commit()" "$DB"
run "foreign database"
grep -q "not huizong's" "$T/err" || { cat "$T/err"; fail "a foreign database was not set aside with a warning"; }
[ "$(runs "$DB")" = 1 ] || fail "the run was not recorded in a new history"
ls "$O/.huizong" | grep -q 'state.sqlite.foreign-' || fail "the foreign database is not kept aside"
run "second run"; [ -s "$T/err" ] && { cat "$T/err"; fail "a warning on a clean run"; }
run "third run"
[ "$(runs "$DB")" = 3 ] || fail "expected 3 runs, got $(runs "$DB")"

# a valid -wal of another huizong's history
"$HZ_BIN" run "$T/c" -o "$T/o2" -q >/dev/null 2>&1
python3 - "$T/o2/.huizong/state.sqlite" "$DB-wal" <<'PY'
import shutil, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("pragma wal_autocheckpoint=0")
c.execute("insert into run(started, ended, as_of, units, submitted, on_time, late, lagging, rejected, average)"
          " select started, ended, as_of, units, submitted, on_time, late, lagging, rejected, average from run")
shutil.copy(sys.argv[1] + "-wal", sys.argv[2])
PY
run "foreign -wal"
grep -q "state.sqlite-wal" "$T/err" || { cat "$T/err"; fail "a foreign -wal replaced the history without a word"; }
[ "$(runs "$DB")" = 4 ] || fail "the history was replaced: $(runs "$DB") runs, expected 4"

# read-only, as a user who is not root
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  U="setpriv --reuid=65534 --regid=65534 --clear-groups"
  chmod 755 "$T"; chown -R 65534:65534 "$T/c" "$O"
  rm -f "$DB-wal" "$DB-shm"
  chmod 444 "$DB"
  $U "$HZ_BIN" run "$T/c" -o "$O" -q >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -le 1 ] || { cat "$T/err"; fail "read-only state: exit $rc"; }
  grep -q "state.sqlite" "$T/err" || { cat "$T/err"; fail "a read-only state file gave no warning naming it"; }
  for s in wal shm; do
    [ -e "$DB-$s" ] && [ ! -w "$DB-$s" ] && [ "$(stat -c %a "$DB-$s")" = 444 ] && fail "a read-only -$s was left"
  done
  # the admin makes the file writable; read-only -wal and -shm of an
  # earlier version are still there
  chmod 644 "$DB"
  : >"$DB-wal"; : >"$DB-shm"; chown 65534:65534 "$DB-wal" "$DB-shm"; chmod 444 "$DB-wal" "$DB-shm"
  $U "$HZ_BIN" run "$T/c" -o "$O" -q >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -le 1 ] || { cat "$T/err"; fail "stale -wal/-shm: exit $rc"; }
  [ -s "$T/err" ] && { cat "$T/err"; fail "stale read-only -wal/-shm: a warning"; }
  [ "$(runs "$DB")" = 5 ] || fail "stale read-only -wal/-shm: the run was not recorded ($(runs "$DB") runs)"
else
  echo "not root or no setpriv: the read-only cases skipped"
fi
exit 0
