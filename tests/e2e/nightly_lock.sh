# SPEC 8.1: one run at a time on an output folder.  A second run exits 75 at
# once naming the holder's pid and start time; with --wait it waits and then
# succeeds; a lock left by a killed run never blocks.
. "$(dirname "$0")/_lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "needs /usr/bin/python3"
C="$T/c"; O="$T/o"
"$PY" "$HZ_ROOT/tests/fixtures/campaigns/make_many.py" "$C" --units 500 || fail "making the campaign"
# every form accepted: exit 0
expect_exit 0 "$HZ_BIN" run "$C" -o "$O" -q

# start_holder: a run in the background, returned once it holds the lock
# (its pid in the lock file), so the next command meets a held lock.
start_holder() {
  "$HZ_BIN" run "$C" -o "$O" -j 1 -q >"$T/a.out" 2>"$T/a.err" &
  A=$!
  for _ in $(seq 200); do
    grep -qx "pid $A" "$O/.huizong/lock" 2>/dev/null && return 0
    kill -0 "$A" 2>/dev/null || break
    sleep 0.01
  done
  fail "the first run never showed its pid in the lock file"
}

# 1. The second run exits 75 at once, naming the holder.
start_holder
t0=$(date +%s%N)
expect_exit 75 "$HZ_BIN" run "$C" -o "$O" -q
t1=$(date +%s%N)
kill -0 "$A" 2>/dev/null || fail "the holder finished before the second run was refused: the test proves nothing"
grep -q "pid $A" "$T/err" || fail "the message names the holder's pid $A: $(cat "$T/err")"
# the start time in the campaign's time zone (SPEC 4; +08:00 by default), not UTC
utc=$(sed -n 's/^started //p' "$O/.huizong/lock")
want=$(TZ=UTC0 date -d "$utc +8 hours" '+%Y-%m-%d %H:%M:%S')
grep -q "started $want（UTC+08:00）" "$T/err" || fail "the message names the start time in +08:00 ($want): $(cat "$T/err")"
[ $(( (t1 - t0) / 1000000 )) -lt 1000 ] || fail "refused after $(( (t1 - t0) / 1000000 )) ms, not at once"
[ ! -s "$T/out" ] || fail "a refused run prints no summary"
wait "$A"; rc=$?
[ $rc -eq 0 ] || { cat "$T/a.err"; fail "the holder exited $rc"; }

# 2. With --wait the second run waits for the first and succeeds.
start_holder
expect_exit 0 "$HZ_BIN" run "$C" -o "$O" -q --wait 30
kill -0 "$A" 2>/dev/null && fail "the waiting run finished while the holder still ran"
wait "$A"; rc=$?
[ $rc -eq 0 ] || { cat "$T/a.err"; fail "the holder exited $rc"; }

# 3. --wait too short: 75 after about that long.
"$PY" -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(30)' "$O/.huizong/lock" "$T/held" &
H=$!
for _ in $(seq 300); do [ -e "$T/held" ] && break; sleep 0.01; done
t0=$(date +%s%N)
expect_exit 75 "$HZ_BIN" run "$C" -o "$O" -q --wait 0.5
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ $ms -ge 450 ] && [ $ms -lt 5000 ] || fail "--wait 0.5 gave up after $ms ms"
grep -q 'after' "$T/err" || fail "the message says it waited: $(cat "$T/err")"

# 4. The holder killed: its lock never blocks (the kernel drops a flock
# with its process), whatever the lock file still says.
kill -9 "$H"; wait "$H" 2>/dev/null
expect_exit 0 "$HZ_BIN" run "$C" -o "$O" -q
start_holder
kill -9 "$A"; wait "$A" 2>/dev/null
grep -qx "pid $A" "$O/.huizong/lock" || fail "the killed run's pid stays in the lock file"
t0=$(date +%s%N)
expect_exit 0 "$HZ_BIN" run "$C" -o "$O" -q
t1=$(date +%s%N)
grep -qx "pid $A" "$O/.huizong/lock" && fail "the new holder did not replace the dead one's pid"

# 5. The command line.
expect_exit 64 "$HZ_BIN" run "$C" -o "$O" --wait soon
grep -q -- '--wait needs' "$T/err" || fail "--wait soon: $(cat "$T/err")"
expect_exit 64 "$HZ_BIN" forms "$C" -o "$T/f" --wait 3
"$HZ_BIN" --help | grep -q '75' || fail "--help lists exit code 75"
"$HZ_BIN" help run | grep -q -- '--wait' || fail "help run lists --wait"
exit 0
