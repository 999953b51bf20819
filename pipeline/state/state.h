/*
 * The nightly state (SPEC 8.3): OUTPUT_DIR/.huizong/state.sqlite, SQLite in
 * WAL mode, its schema versioned with PRAGMA user_version.
 *
 *   run(id, started, ended, as_of, units, submitted, on_time, late,
 *       lagging, rejected, average)           one row per completed run
 *   unit(id, name)                            each roster name once
 *   unit_run(run, unit, submitted, date, percent, grade, lagging)
 *                                             one row per unit per run
 *
 * Compact: unit_run names a unit by unit.id, a date as the integer
 * YYYYMMDD, a percent in hundredths (integers take 0–4 bytes in SQLite,
 * a REAL 8), and has no rowid.  A run's rows are committed in one
 * transaction after its outputs are in place, so a run that dies leaves
 * none.
 *
 * The state is never needed for the results: every failure here becomes a
 * warning (hz_state_warning), never an error of the run.  A file that is
 * damaged or from a newer huizong is renamed aside (state.sqlite.damaged-
 * <time> / .newer-<time>) and a new one started.
 */
#ifndef HZ_STATE_STATE_H
#define HZ_STATE_STATE_H

#include <stddef.h>

#include "hzerr.h"
#include "model.h"

#define HZ_STATE_SCHEMA_VERSION 1

typedef struct hz_state hz_state;

/* Opens or creates huizong_dir/state.sqlite for a run.  Returns NULL only
 * when out of memory; a state that cannot be used is still returned (the
 * calls below then do nothing) with its warning set.  Caller frees with
 * hz_state_close. */
hz_state *hz_state_open(const char *huizong_dir);
void hz_state_close(hz_state *s);

/* "" or the warnings so far, for stderr (Chinese / English). */
const char *hz_state_warning(const hz_state *s);

/* This run's row of the history from its results. */
void hz_state_row_of(const hz_results *r, hz_history_row *row);

/* The history as SPEC 8.4 shows it, with current (this run, not yet
 * committed, and so the newest of its date) in it: into *h (caller frees
 * h->rows).  Without a usable state, just current.  HZ_E_NOMEM only. */
HZ_MUST_USE hz_code hz_state_history(hz_state *s, const hz_history_row *current, hz_history *h);

/* Commits this run (started and ended: "YYYY-MM-DDTHH:MM:SSZ") in one
 * transaction.  A failure is a warning. */
void hz_state_commit(hz_state *s, const hz_results *r, const char *started, const char *ended);

/* For `huizong history`: the rows of huizong_dir/state.sqlite, opened
 * read-only.  HZ_E_IO when there is no state file, HZ_E_FORMAT when it is
 * damaged or newer (err says which). */
HZ_MUST_USE hz_code hz_state_read_history(const char *huizong_dir, hz_history *h, hz_error *err);

/* "YYYY-MM-DDTHH:MM:SSZ" of now, into out (at least 21 bytes). */
void hz_state_now(char *out, size_t n);

#endif
