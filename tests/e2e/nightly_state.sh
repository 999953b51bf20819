# SPEC 8.3: OUTPUT_DIR/.huizong/state.sqlite, one row per completed run and
# one per unit per run, WAL, schema version; a damaged or newer state set
# aside with a warning on stderr only, a new one started; results.json the
# same with and without the state.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
FIX="$HZ_ROOT/tests/fixtures/campaigns/basic"
O="$T/o"

expect_exit 1 "$HZ_BIN" run "$FIX" -o "$O" -q
[ ! -s "$T/err" ] || fail "a first run warns: $(cat "$T/err")"
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$O" -q
db() { "$PY" - "$O/.huizong/state.sqlite" "$@"; }
db <<'PY' || fail "the state after two runs"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
def eq(what, got, want):
    if got != want:
        print(f"{what}: got {got!r}, want {want!r}"); sys.exit(1)
eq("journal mode", c.execute("pragma journal_mode").fetchone()[0], "wal")
eq("schema version", c.execute("pragma user_version").fetchone()[0], 1)
runs = c.execute("select id, as_of, units, submitted, on_time, late, lagging, rejected, average, started <= ended from run order by id").fetchall()
eq("runs", [r[:9] for r in runs], [(1, "2022-10-31", 5, 4, 3, 1, 3, 1, 66.25), (2, "2022-10-31", 5, 4, 3, 1, 3, 1, 66.25)])
eq("started <= ended", [r[9] for r in runs], [1, 1])
eq("units named once", c.execute("select count(*) from unit").fetchone()[0], 5)
rows = c.execute("select u.name, r.submitted, r.date, r.percent, r.grade, r.lagging from unit_run r join unit u on u.id = r.unit where r.run = 2 order by u.id").fetchall()
eq("unit rows", rows, [("甲区审计局", 1, 20221028, 10000, "优秀", 0), ("甲区财政局", 1, 20221029, 6500, "合格", 0),
                       ("甲区统计局", 1, 20221102, 10000, "优秀", 1), ("甲区民政局", 1, 20221020, 0, "不合格", 1),
                       ("甲区档案馆", 0, None, None, None, 1)])
eq("rows per run", c.execute("select run, count(*) from unit_run group by run").fetchall(), [(1, 5), (2, 5)])
PY

# results.json is the same without the state (only the trend starts over).
cp -r "$O" "$T/bare"; rm -rf "$T/bare/.huizong"
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$O" -q
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$T/bare" -q
cmp "$O/results.json" "$T/bare/results.json" || fail "results.json differs with and without the state"

# Garbage in state.sqlite: the run succeeds (same exit, same results.json),
# warns on stderr only, sets the file aside and starts a new state.
cp "$O/results.json" "$T/before.json"
head -c 20000 /dev/urandom >"$O/.huizong/state.sqlite"
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$O" -q
grep -q 'damaged' "$T/err" || fail "no warning about the damaged state: $(cat "$T/err")"
grep -q '已损坏' "$T/err" || fail "the warning is in Chinese too: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "-q: the warning goes to stderr only"
cmp "$T/before.json" "$O/results.json" || fail "results.json changed with a damaged state"
ls "$O/.huizong/" | grep -q '^state.sqlite.damaged-' || fail "the damaged file was not set aside: $(ls "$O/.huizong")"
db <<'PY' || fail "a new state with this run in it"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("select count(*) from run").fetchone()[0]
sys.exit(0 if n == 1 else f"{n} runs in the new state")
PY
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$O"
[ ! -s "$T/err" ] || fail "the run after the new state warns again: $(cat "$T/err")"

# A state from a newer huizong: set aside too, never read.
db <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("pragma user_version = 99"); c.commit()
PY
expect_exit 1 "$HZ_BIN" run "$FIX" -o "$O" -q
grep -q 'newer' "$T/err" || fail "no warning about the newer state: $(cat "$T/err")"
ls "$O/.huizong/" | grep -q '^state.sqlite.newer-' || fail "the newer file was not set aside"
expect_exit 0 "$HZ_BIN" history "$O" --json
"$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["rows"]; sys.exit(0 if len(r)==1 and r[0]["as_of"]=="2022-10-31" else r)' "$T/out" \
  || fail "history after the new state: $(cat "$T/out")"

# history: no state yet, a missing folder, a damaged state.
mkdir "$T/empty"
expect_exit 0 "$HZ_BIN" history "$T/empty" --json
grep -q '"rows": \[\]' "$T/out" || fail "no history: $(cat "$T/out")"
expect_exit 2 "$HZ_BIN" history "$T/nowhere"
echo garbage >"$O/.huizong/state.sqlite"
expect_exit 2 "$HZ_BIN" history "$O"
exit 0
