/*
 * The nightly history of the phases (SPEC 9.4, 8.3): per run and phase of
 * [phases] the four counts, in a table of its own
 *
 *   phase_run(run, phase, deadline, on_time, late, missing, pending)
 *
 * created when a run first has phases (a state without phases keeps the
 * schema of state.c as it was; an older huizong reads past the table).
 * Private to state.c.
 */
#ifndef HZ_STATE_PHASES_H
#define HZ_STATE_PHASES_H

#include <sqlite3.h>

#include "model.h"

/* Inside the run's transaction: the run's phase rows.  SQLITE_OK or the
 * SQLite error.  Nothing without [phases]. */
int hz_state_commit_phases(sqlite3 *db, sqlite3_int64 run_id, const hz_results *r);

#endif
