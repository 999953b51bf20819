#include "state/state.h"

#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "state/state_phases.h"

#include "banned.h"

/* How long a statement waits for a reader of `huizong history` holding
 * the database (the run's own lock keeps other runs out). */
#define STATE_BUSY_MS 5000

struct hz_state {
	sqlite3 *db;        /* NULL: no usable state (warning says why) */
	char path[4200];
	char warning[1536];
};

static const char SCHEMA[] =
	"CREATE TABLE run("
	" id INTEGER PRIMARY KEY, started TEXT NOT NULL, ended TEXT NOT NULL, as_of TEXT NOT NULL,"
	" units INTEGER NOT NULL, submitted INTEGER NOT NULL, on_time INTEGER NOT NULL, late INTEGER NOT NULL,"
	" lagging INTEGER NOT NULL, rejected INTEGER NOT NULL, average REAL NOT NULL);"
	"CREATE INDEX run_as_of ON run(as_of, id);"
	"CREATE TABLE unit(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE unit_run("
	" run INTEGER NOT NULL, unit INTEGER NOT NULL, submitted INTEGER NOT NULL,"
	" date INTEGER, percent INTEGER, grade TEXT, lagging INTEGER NOT NULL,"
	" PRIMARY KEY(run, unit)) WITHOUT ROWID;"
	"PRAGMA user_version = 1;";

/* For each as_of the run with the highest id (SPEC 8.4), by date. */
static const char HISTORY_SQL[] =
	"SELECT as_of, units, submitted, on_time, late, lagging, rejected, average FROM run"
	" WHERE id IN (SELECT max(id) FROM run GROUP BY as_of) ORDER BY as_of";

static void warn(hz_state *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(hz_state *s, const char *fmt, ...)
{
	size_t len = strlen(s->warning);
	va_list ap;
	if (len && len + 1 < sizeof(s->warning))
		s->warning[len++] = '\n';
	if (len >= sizeof(s->warning) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(s->warning + len, sizeof(s->warning) - len, fmt, ap);
	va_end(ap);
}

void hz_state_now(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	if (!strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm) && n)
		out[0] = '\0';
}

static int is_damage(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_FORMAT;
}

/* The words for a reason to set the file aside: Chinese, then English. */
static const char *why_zh(const char *why)
{
	return !strcmp(why, "newer") ? "来自更新版本" : !strcmp(why, "foreign") ? "不是 huizong 的历史" : "已损坏";
}

static const char *why_en(const char *why)
{
	return !strcmp(why, "newer") ? "written by a newer huizong"
	       : !strcmp(why, "foreign") ? "not huizong's history (its tables are not huizong's)"
					 : "damaged";
}

/* Moves the file (and its -wal and -shm) aside as path.<why>-<time>. */
static void set_aside(hz_state *s, const char *why, const char *detail)
{
	char stamp[32], aside[4400], side[4420], from[4300];
	struct stat st;
	if (s->db) {
		sqlite3_close_v2(s->db);
		s->db = NULL;
	}
	hz_state_now(stamp, sizeof(stamp));
	for (char *p = stamp; *p; p++)
		if (*p == ':' || *p == '-')
			*p = *p == ':' ? '.' : '-';
	snprintf(aside, sizeof(aside), "%s.%s-%s", s->path, why, stamp);
	for (int k = 2; lstat(aside, &st) == 0 && k < 100; k++)
		snprintf(aside, sizeof(aside), "%s.%s-%s-%d", s->path, why, stamp, k);
	if (rename(s->path, aside) != 0 && errno != ENOENT) {
		warn(s, "huizong: 历史状态文件%s，且无法移开，本次不记录历史 / the state file %s is %s and cannot be moved "
			"aside (%s): no history this run",
		     why_zh(why), s->path, why_en(why), strerror(errno));
		return;
	}
	for (int i = 0; i < 2; i++) {
		const char *ext = i ? "-shm" : "-wal";
		snprintf(from, sizeof(from), "%s%s", s->path, ext);
		snprintf(side, sizeof(side), "%s%s", aside, ext);
		(void)rename(from, side);
	}
	warn(s, "huizong: 历史状态文件%s，已移至 %s 并重新开始记录 / the state file was %s (%s): moved to %s, a new "
		"one started",
	     why_zh(why), aside, why_en(why), detail, aside);
}

/* Whether the tables and columns huizong reads and writes are there
 * (version ≥ 1), or the database is empty (version 0). */
static bool schema_is_ours(sqlite3 *db, int version, char *detail, size_t n)
{
	static const char *const probes[] = {
		("SELECT id, started, ended, as_of, units, submitted, on_time, late, lagging, rejected, average FROM run "
		 "LIMIT 0"),
		"SELECT id, name FROM unit LIMIT 0",
		"SELECT run, unit, submitted, date, percent, grade, lagging FROM unit_run LIMIT 0",
	};
	sqlite3_stmt *st = NULL;
	if (version == 0) {
		int objects = -1;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			objects = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (objects > 0)
			snprintf(detail, n, "user_version 0 and %d tables or indexes of another program", objects);
		return objects <= 0;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		int rc = sqlite3_prepare_v2(db, probes[i], -1, &st, NULL);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_OK) {
			snprintf(detail, n, "%s", sqlite3_errmsg(db));
			return false;
		}
	}
	return true;
}

/* The last run (id and start) as the file itself holds it (immutable:
 * the -wal ignored), or as the -wal makes it.  0: read; -1: no such table
 * or no row. */
static int last_run(const char *path, bool without_wal, sqlite3_int64 *id, char *started, size_t n)
{
	char uri[4400];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (without_wal)
		snprintf(uri, sizeof(uri), "file:%s?immutable=1", path);
	else
		snprintf(uri, sizeof(uri), "file:%s?mode=ro", path);
	/* a path with '?' or '#' cannot be a URI: not checked */
	if (strpbrk(path, "?#%"))
		return -1;
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT id, started FROM run ORDER BY id DESC LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 1);
		*id = sqlite3_column_int64(st, 0);
		snprintf(started, n, "%s", t ? (const char *)t : "");
		rc = 0;
	}
	sqlite3_finalize(st);
	sqlite3_close_v2(db);
	return rc;
}

/* Before SQLite opens the file: a read-only file is left alone (SQLite
 * would make its -wal and -shm read-only too); a -wal or -shm left
 * read-only once the file is writable again is made writable (the -shm,
 * rebuilt from the -wal, removed when it cannot be); a -wal that does not
 * continue the file (another database's) is set aside.  0, or -1 warned. */
static int before_open(hz_state *s)
{
	struct stat db, side;
	char path[4300], aside[4400], stamp[32];
	sqlite3_int64 id0 = 0, id1 = 0;
	char started0[64] = "", started1[64] = "";

	if (stat(s->path, &db) != 0)
		return 0; /* a new file */
	if (access(s->path, W_OK) != 0) {
		warn(s, "huizong: 历史状态文件不可写，本次不记录历史 / the state file %s cannot be written (%s): no history "
			"this run",
		     s->path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s%s", s->path, i ? "-shm" : "-wal");
		if (lstat(path, &side) != 0 || access(path, W_OK) == 0)
			continue;
		if (chmod(path, (db.st_mode & 0666) | S_IWUSR) == 0 && access(path, W_OK) == 0)
			continue;
		if (i == 1 && unlink(path) == 0)
			continue; /* the run's lock keeps other writers out: rebuilt */
		warn(s, "huizong: 无法写入 %s，本次不记录历史 / %s cannot be written (%s): no history this run", path, path,
		     strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s-wal", s->path);
	if (stat(path, &side) != 0 || side.st_size == 0)
		return 0;
	if (last_run(s->path, true, &id0, started0, sizeof(started0)) != 0)
		return 0; /* nothing in the file itself to continue */
	if (last_run(s->path, false, &id1, started1, sizeof(started1)) == 0 && id1 >= id0) {
		sqlite3_int64 id = 0;
		char at[64] = "";
		/* the file's last run must still be there, the same */
		char uri[4400];
		sqlite3 *d = NULL;
		sqlite3_stmt *st = NULL;
		snprintf(uri, sizeof(uri), "file:%s?mode=ro", s->path);
		if (sqlite3_open_v2(uri, &d, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) ==
			    SQLITE_OK &&
		    sqlite3_prepare_v2(d, "SELECT id, started FROM run WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, id0);
			if (sqlite3_step(st) == SQLITE_ROW) {
				const unsigned char *t = sqlite3_column_text(st, 1);
				id = sqlite3_column_int64(st, 0);
				snprintf(at, sizeof(at), "%s", t ? (const char *)t : "");
			}
		}
		sqlite3_finalize(st);
		sqlite3_close_v2(d);
		if (id == id0 && !strcmp(at, started0))
			return 0;
	}
	hz_state_now(stamp, sizeof(stamp));
	for (char *p = stamp; *p; p++)
		if (*p == ':')
			*p = '.';
	snprintf(aside, sizeof(aside), "%s.foreign-%s", path, stamp);
	if (rename(path, aside) != 0) {
		warn(s, "huizong: %s 不属于该历史且无法移开，本次不记录历史 / %s is not this history's (it would replace "
			"its runs) and cannot be moved aside (%s): no history this run",
		     path, path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s-shm", s->path);
	(void)unlink(path);
	warn(s, "huizong: %s-wal 不属于该历史（会替换其记录），已移至 %s / %s-wal is not this history's (it would "
		"replace its %lld runs): moved to %s",
	     s->path, aside, s->path, (long long)id0, aside);
	return 0;
}

/* Opens s->path and brings its schema to ours.  0: usable; 1: damaged or
 * newer (set aside, try again); -1: unusable (warned). */
static int try_open(hz_state *s)
{
	sqlite3_stmt *st = NULL;
	int rc, version = -1;
	char detail[300];

	if (before_open(s) != 0)
		return -1;
	rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		warn(s, "huizong: 无法打开历史状态文件，本次不记录历史 / cannot open the state file %s (%s): no history "
			"this run",
		     s->path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		sqlite3_close_v2(s->db);
		s->db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(s->db, STATE_BUSY_MS);
	rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			version = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK && version > HZ_STATE_SCHEMA_VERSION) {
		snprintf(detail, sizeof(detail), "schema %d, this huizong knows %d", version, HZ_STATE_SCHEMA_VERSION);
		set_aside(s, "newer", detail);
		return 1;
	}
	/* the schema itself, not only user_version: another program's
	 * database is set aside, never written into */
	if (rc == SQLITE_OK && !schema_is_ours(s->db, version, detail, sizeof(detail))) {
		set_aside(s, "foreign", detail);
		return 1;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	if (rc == SQLITE_OK && version == 0) {
		/* new (or empty): the schema in one transaction */
		rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, SCHEMA, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		else
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		return 0;
	snprintf(detail, sizeof(detail), "%s", sqlite3_errmsg(s->db));
	if (is_damage(rc) || (rc & 0xff) == SQLITE_ERROR) {
		/* SQLITE_ERROR here: a database whose schema is not ours */
		set_aside(s, "damaged", detail);
		return 1;
	}
	warn(s, "huizong: 无法使用历史状态文件，本次不记录历史 / cannot use the state file %s (%s): no history this run",
	     s->path, detail);
	sqlite3_close_v2(s->db);
	s->db = NULL;
	return -1;
}

hz_state *hz_state_open(const char *huizong_dir)
{
	hz_state *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if ((size_t)snprintf(s->path, sizeof(s->path), "%s/state.sqlite", huizong_dir) >= sizeof(s->path)) {
		warn(s, "huizong: 输出路径过长，本次不记录历史 / output path too long: no history this run");
		return s;
	}
	if (try_open(s) == 1)
		(void)try_open(s); /* once more, on a new file */
	return s;
}

void hz_state_close(hz_state *s)
{
	if (!s)
		return;
	if (s->db)
		sqlite3_close_v2(s->db);
	free(s);
}

const char *hz_state_warning(const hz_state *s)
{
	return s ? s->warning : "";
}

void hz_state_row_of(const hz_results *r, hz_history_row *row)
{
	memset(row, 0, sizeof(*row));
	snprintf(row->as_of, sizeof(row->as_of), "%s", r->settings.as_of);
	row->units = r->nunits;
	row->submitted = r->n_submitted;
	row->on_time = r->n_on_time;
	row->late = r->n_late;
	row->lagging = r->n_lagging;
	row->rejected = r->nrejected;
	row->average = r->average_percent;
}

static size_t col_size(sqlite3_stmt *st, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(st, i);
	return v > 0 ? (size_t)v : 0;
}

/* The rows of HISTORY_SQL into h (appended). */
static int read_rows(sqlite3 *db, hz_history *h)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, HISTORY_SQL, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		hz_history_row *row, *p = realloc(h->rows, (h->n + 1) * sizeof(*p));
		const unsigned char *as_of = sqlite3_column_text(st, 0);
		if (!p) {
			rc = SQLITE_NOMEM;
			break;
		}
		h->rows = p;
		row = &p[h->n++];
		memset(row, 0, sizeof(*row));
		snprintf(row->as_of, sizeof(row->as_of), "%s", as_of ? (const char *)as_of : "");
		row->units = col_size(st, 1);
		row->submitted = col_size(st, 2);
		row->on_time = col_size(st, 3);
		row->late = col_size(st, 4);
		row->lagging = col_size(st, 5);
		row->rejected = col_size(st, 6);
		row->average = sqlite3_column_double(st, 7);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* current in date order, in place of a row of its date. */
static hz_code merge_current(hz_history *h, const hz_history_row *current)
{
	size_t at = 0;
	hz_history_row *p;
	while (at < h->n && strcmp(h->rows[at].as_of, current->as_of) < 0)
		at++;
	if (at < h->n && strcmp(h->rows[at].as_of, current->as_of) == 0) {
		h->rows[at] = *current;
		return HZ_OK;
	}
	p = realloc(h->rows, (h->n + 1) * sizeof(*p));
	if (!p)
		return HZ_E_NOMEM;
	h->rows = p;
	memmove(&p[at + 1], &p[at], (h->n - at) * sizeof(*p));
	p[at] = *current;
	h->n++;
	return HZ_OK;
}

hz_code hz_state_history(hz_state *s, const hz_history_row *current, hz_history *h)
{
	h->rows = NULL;
	h->n = 0;
	if (s && s->db) {
		int rc = read_rows(s->db, h);
		if (rc != SQLITE_OK) {
			char detail[300];
			snprintf(detail, sizeof(detail), "%s", sqlite3_errmsg(s->db));
			free(h->rows);
			h->rows = NULL;
			h->n = 0;
			if ((rc & 0xff) == SQLITE_NOMEM)
				return HZ_E_NOMEM;
			if (is_damage(rc)) {
				set_aside(s, "damaged", detail);
				(void)try_open(s);
			} else {
				warn(s, "huizong: 无法读取历史 / cannot read the history in %s (%s)", s->path, detail);
			}
		}
	}
	return merge_current(h, current);
}

/* YYYY-MM-DD as the integer YYYYMMDD; 0 for anything else. */
static sqlite3_int64 date_int(const char *d)
{
	sqlite3_int64 v = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (d[i] != '-')
				return 0;
			continue;
		}
		if (d[i] < '0' || d[i] > '9')
			return 0;
		v = v * 10 + (d[i] - '0');
	}
	return d[10] == '\0' ? v : 0;
}

static int commit_rows(sqlite3 *db, const hz_results *r, const char *started, const char *ended)
{
	sqlite3_stmt *run = NULL, *add = NULL, *find = NULL, *row = NULL;
	hz_history_row h;
	sqlite3_int64 run_id;
	int rc;

	hz_state_row_of(r, &h);
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_prepare_v2(db,
				"INSERT INTO run(started, ended, as_of, units, submitted, on_time, late, lagging, rejected,"
				" average) VALUES(?,?,?,?,?,?,?,?,?,?)",
				-1, &run, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO unit(name) VALUES(?)", -1, &add, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "SELECT id FROM unit WHERE name = ?", -1, &find, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "INSERT INTO unit_run VALUES(?,?,?,?,?,?,?)", -1, &row, NULL);
	if (rc != SQLITE_OK)
		goto done;
	sqlite3_bind_text(run, 1, started, -1, SQLITE_STATIC);
	sqlite3_bind_text(run, 2, ended, -1, SQLITE_STATIC);
	sqlite3_bind_text(run, 3, h.as_of, -1, SQLITE_STATIC);
	sqlite3_bind_int64(run, 4, (sqlite3_int64)h.units);
	sqlite3_bind_int64(run, 5, (sqlite3_int64)h.submitted);
	sqlite3_bind_int64(run, 6, (sqlite3_int64)h.on_time);
	sqlite3_bind_int64(run, 7, (sqlite3_int64)h.late);
	sqlite3_bind_int64(run, 8, (sqlite3_int64)h.lagging);
	sqlite3_bind_int64(run, 9, (sqlite3_int64)h.rejected);
	sqlite3_bind_double(run, 10, h.average);
	if ((rc = sqlite3_step(run)) != SQLITE_DONE)
		goto done;
	run_id = sqlite3_last_insert_rowid(db);
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		sqlite3_int64 unit_id;
		sqlite3_reset(add);
		sqlite3_bind_text(add, 1, u->name, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(add)) != SQLITE_DONE)
			goto done;
		if (sqlite3_changes(db) > 0) {
			unit_id = sqlite3_last_insert_rowid(db);
		} else {
			sqlite3_reset(find);
			sqlite3_bind_text(find, 1, u->name, -1, SQLITE_STATIC);
			if ((rc = sqlite3_step(find)) != SQLITE_ROW)
				goto done;
			unit_id = sqlite3_column_int64(find, 0);
		}
		sqlite3_reset(row);
		sqlite3_bind_int64(row, 1, run_id);
		sqlite3_bind_int64(row, 2, unit_id);
		sqlite3_bind_int(row, 3, u->submitted);
		if (u->submitted) {
			sqlite3_int64 d = date_int(u->date);
			if (d)
				sqlite3_bind_int64(row, 4, d);
			else
				sqlite3_bind_null(row, 4);
			sqlite3_bind_int64(row, 5, (sqlite3_int64)(u->percent * 100.0 + (u->percent >= 0 ? 0.5 : -0.5)));
			if (u->grade)
				sqlite3_bind_text(row, 6, u->grade, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(row, 6);
		} else {
			sqlite3_bind_null(row, 4);
			sqlite3_bind_null(row, 5);
			sqlite3_bind_null(row, 6);
		}
		sqlite3_bind_int(row, 7, u->lagging);
		if ((rc = sqlite3_step(row)) != SQLITE_DONE)
			goto done;
	}
	/* SPEC 9.4: per phase the four counts */
	if ((rc = hz_state_commit_phases(db, run_id, r)) != SQLITE_OK)
		goto done;
	rc = SQLITE_OK;
done:
	sqlite3_finalize(run);
	sqlite3_finalize(add);
	sqlite3_finalize(find);
	sqlite3_finalize(row);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

void hz_state_commit(hz_state *s, const hz_results *r, const char *started, const char *ended)
{
	int rc;
	if (!s || !s->db)
		return;
	rc = commit_rows(s->db, r, started, ended);
	if (rc != SQLITE_OK && is_damage(rc)) {
		/* damaged since it was opened: a new state with this run in it */
		char detail[300];
		snprintf(detail, sizeof(detail), "%s", sqlite3_errmsg(s->db));
		set_aside(s, "damaged", detail);
		if (try_open(s) == 0)
			rc = commit_rows(s->db, r, started, ended);
	}
	if (rc == SQLITE_OK)
		/* an empty -wal between runs: one left there is then not ours */
		(void)sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	if (rc != SQLITE_OK && s->db)
		warn(s, "huizong: 本次运行未能记入历史 / this run was not recorded in the history %s (%s)", s->path,
		     sqlite3_errmsg(s->db));
}

static hz_code read_history_at(const char *path, hz_history *h, hz_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct stat sb;
	int rc, version = -1;

	h->rows = NULL;
	h->n = 0;
	if (stat(path, &sb) != 0)
		return hz_error_set(err, HZ_E_IO, "no history yet: %s", strerror(errno));
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, STATE_BUSY_MS);
		rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	}
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		version = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK && version > HZ_STATE_SCHEMA_VERSION) {
		sqlite3_close_v2(db);
		return hz_error_set(err, HZ_E_FORMAT, "written by a newer huizong (schema %d; this one knows %d)", version,
				    HZ_STATE_SCHEMA_VERSION);
	}
	if (rc == SQLITE_OK && version == 0) {
		sqlite3_close_v2(db);
		return HZ_OK; /* created, nothing committed yet */
	}
	if (rc == SQLITE_OK)
		rc = read_rows(db, h);
	if (rc != SQLITE_OK) {
		hz_code code = (rc & 0xff) == SQLITE_NOMEM ? HZ_E_NOMEM : HZ_E_FORMAT;
		hz_error_set(err, code, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		free(h->rows);
		h->rows = NULL;
		h->n = 0;
		sqlite3_close_v2(db);
		return code;
	}
	sqlite3_close_v2(db);
	return HZ_OK;
}

hz_code hz_state_read_history(const char *huizong_dir, hz_history *h, hz_error *err)
{
	char path[4200];
	hz_code rc;

	snprintf(path, sizeof(path), "%s/state.sqlite", huizong_dir);
	rc = read_history_at(path, h, err);
	if (rc != HZ_OK)
		hz_error_file(err, path);
	return rc;
}
