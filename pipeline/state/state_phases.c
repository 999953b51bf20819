#include "state/state_phases.h"

#include "banned.h"

static const char PHASE_SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS phase_run("
	" run INTEGER NOT NULL, phase TEXT NOT NULL, deadline TEXT NOT NULL, on_time INTEGER NOT NULL,"
	" late INTEGER NOT NULL, missing INTEGER NOT NULL, pending INTEGER NOT NULL,"
	" PRIMARY KEY(run, phase)) WITHOUT ROWID;";

int hz_state_commit_phases(sqlite3 *db, sqlite3_int64 run_id, const hz_results *r)
{
	sqlite3_stmt *row = NULL;
	int rc;

	if (!r->phase_summary || !r->settings.nphases)
		return SQLITE_OK;
	if ((rc = sqlite3_exec(db, PHASE_SCHEMA, NULL, NULL, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_prepare_v2(db, "INSERT INTO phase_run VALUES(?,?,?,?,?,?,?)", -1, &row, NULL)) != SQLITE_OK)
		return rc;
	for (size_t p = 0; p < r->settings.nphases && rc == SQLITE_OK; p++) {
		const hz_phase_count *c = &r->phase_summary[p];
		sqlite3_reset(row);
		sqlite3_bind_int64(row, 1, run_id);
		sqlite3_bind_text(row, 2, r->settings.phases[p].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(row, 3, r->settings.phases[p].deadline, -1, SQLITE_STATIC);
		sqlite3_bind_int64(row, 4, (sqlite3_int64)c->on_time);
		sqlite3_bind_int64(row, 5, (sqlite3_int64)c->late);
		sqlite3_bind_int64(row, 6, (sqlite3_int64)c->missing);
		sqlite3_bind_int64(row, 7, (sqlite3_int64)c->pending);
		rc = sqlite3_step(row) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
	}
	sqlite3_finalize(row);
	return rc;
}
