/*
 * One run at a time on an output folder (SPEC 8.1): an exclusive flock on
 * OUTPUT_DIR/.huizong/lock, taken before the campaign is read and held until
 * the history is committed.  The kernel drops a flock when its holder dies,
 * however it dies, so a lock left by a killed run never blocks; the pid and
 * start time written into the file are only there to name the holder.
 */
#ifndef HZ_STATE_LOCK_H
#define HZ_STATE_LOCK_H

#include "hzerr.h"

typedef struct hz_run_lock {
	int fd; /* -1 when not held */
} hz_run_lock;

void hz_run_lock_init(hz_run_lock *l);

/*
 * Takes the lock of out_dir (which must exist; .huizong/ is created).
 * wait_seconds ≤ 0: fails at once when another process holds it; else
 * retries until that many seconds have passed.  HZ_E_BUSY when it is held,
 * with err->detail naming the holder's pid and start time as it wrote them;
 * HZ_E_WRITE when .huizong/ or the lock file cannot be made.
 */
HZ_MUST_USE hz_code hz_run_lock_take(hz_run_lock *l, const char *out_dir, double wait_seconds, hz_error *err);
/* SPEC 4: the holder's start time in a busy message ("started
 * 2026-12-01T15:30:02Z", as the holder wrote it) rewritten in place in the
 * campaign's time zone, tz_minutes east of UTC ("started 2026-12-01 23:30:02
 * (UTC+08:00)"); text is n bytes. */
void hz_run_lock_local_time(char *text, size_t n, int tz_minutes);

/* Drops the lock (the file stays: removing it would race a run about to
 * lock it).  Safe on a lock not held. */
void hz_run_lock_release(hz_run_lock *l);

#endif
