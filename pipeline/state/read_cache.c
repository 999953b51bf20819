#include "state/read_cache.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "hz_open.h"

#include "banned.h"

#define READ_CACHE_FILE "reads.sqlite"
#define READ_CACHE_VERSION 1
/* The lock keeps other runs out; only `sqlite3` by hand could hold it. */
#define READ_CACHE_BUSY_MS 2000

static const char SCHEMA[] = "CREATE TABLE IF NOT EXISTS entry("
			     " key BLOB PRIMARY KEY, tag TEXT NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;"
			     "PRAGMA user_version = 1;";

typedef struct entry {
	unsigned char key[HZ_DIGEST_SIZE];
	void *value; /* owned */
	size_t len;
} entry;

struct hz_read_cache {
	sqlite3 *db; /* NULL: a cache that answers nothing and stores nothing */
	char *tag;
	entry *e;    /* sorted by key */
	size_t n, cap;
	size_t stale; /* rows of another tag (or unreadable), dropped at the next store */
};

static int cmp_entry(const void *a, const void *b)
{
	return memcmp(((const entry *)a)->key, ((const entry *)b)->key, HZ_DIGEST_SIZE);
}

static void drop_entries(hz_read_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->e[i].value);
	free(c->e);
	c->e = NULL;
	c->n = c->cap = 0;
	c->stale = 0;
}

/* 1 loaded, 0 when the file is not a cache of ours (or is damaged), -1 out
 * of memory or SQLite failing otherwise (busy, I/O). */
static int load(hz_read_cache *c)
{
	sqlite3_stmt *st = NULL;
	int version = -1, rc;

	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version != 0 && version != READ_CACHE_VERSION)
		return 0;
	if (sqlite3_exec(c->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_prepare_v2(c->db, "SELECT key, tag, value FROM entry", -1, &st, NULL) != SQLITE_OK)
		return 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *key = sqlite3_column_blob(st, 0), *value;
		const unsigned char *tag = sqlite3_column_text(st, 1);
		size_t klen = (size_t)sqlite3_column_bytes(st, 0), len;
		entry *e;
		if (c->n >= HZ_MAX_READ_CACHE_ENTRIES) {
			sqlite3_finalize(st);
			drop_entries(c);
			return 0;
		}
		if (!key || klen != HZ_DIGEST_SIZE || !tag || strcmp((const char *)tag, c->tag) != 0) {
			c->stale++;
			continue;
		}
		value = sqlite3_column_blob(st, 2);
		len = (size_t)sqlite3_column_bytes(st, 2);
		if (len > HZ_MAX_READ_CACHE_VALUE) {
			c->stale++;
			continue;
		}
		if (!(e = dynbuf_grow_array(c->e, c->n, &c->cap, 256, sizeof(*e))))
			break;
		c->e = e;
		e = &c->e[c->n];
		memcpy(e->key, key, HZ_DIGEST_SIZE);
		e->len = len;
		if (!(e->value = malloc(len ? len : 1)))
			break;
		if (len)
			memcpy(e->value, value, len);
		c->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		drop_entries(c);
		rc &= 0xff;
		return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_FORMAT ? 0 : -1;
	}
	if (c->n)
		qsort(c->e, c->n, sizeof(*c->e), cmp_entry);
	return 1;
}

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close_v2(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, READ_CACHE_BUSY_MS);
	return db;
}

hz_read_cache *hz_read_cache_open(const char *huizong_dir, const char *tag)
{
	hz_read_cache *c = calloc(1, sizeof(*c));
	char *path = NULL;
	int got;

	if (!c || !(c->tag = strdup(tag)) || !(path = hz_path_join(huizong_dir, READ_CACHE_FILE))) {
		hz_read_cache_close(c);
		return NULL;
	}
	c->db = open_db(path);
	got = c->db ? load(c) : -1;
	if (got == 0) {
		/* damaged or not ours: it is only a cache, so it starts again */
		char journal[4200];
		sqlite3_close_v2(c->db);
		(void)unlink(path);
		if ((size_t)snprintf(journal, sizeof(journal), "%s-journal", path) < sizeof(journal))
			(void)unlink(journal);
		c->db = open_db(path);
		got = c->db ? load(c) : -1;
	}
	if (got != 1) {
		sqlite3_close_v2(c->db);
		c->db = NULL;
		drop_entries(c);
	}
	free(path);
	return c;
}

static const entry *find(const hz_read_cache *c, const unsigned char key[HZ_DIGEST_SIZE])
{
	entry probe;
	memcpy(probe.key, key, HZ_DIGEST_SIZE);
	return c && c->n ? bsearch(&probe, c->e, c->n, sizeof(*c->e), cmp_entry) : NULL;
}

const void *hz_read_cache_find(const hz_read_cache *c, const unsigned char key[HZ_DIGEST_SIZE], size_t *len)
{
	const entry *e = find(c, key);
	*len = e ? e->len : 0;
	return e ? e->value : NULL;
}

size_t hz_read_cache_size(const hz_read_cache *c)
{
	return c ? c->n : 0;
}

/* One statement run with key (and, for an insert, tag and value) bound. */
static int step_with(sqlite3_stmt *st, const unsigned char *key, const char *tag, const void *value, size_t len)
{
	sqlite3_reset(st);
	sqlite3_bind_blob(st, 1, key, HZ_DIGEST_SIZE, SQLITE_STATIC);
	if (tag) {
		sqlite3_bind_text(st, 2, tag, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, value, (int)len, SQLITE_STATIC);
	}
	return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

void hz_read_cache_store(hz_read_cache *c, const hz_read_cache_item *keep, size_t n)
{
	sqlite3_stmt *ins = NULL, *del = NULL;
	bool *kept = NULL;
	size_t misses = 0, kept_n = 0;
	int rc;

	if (!c || !c->db)
		return;
	if (!(kept = calloc(c->n + 1, sizeof(*kept))))
		return;
	for (size_t i = 0; i < n; i++) {
		const entry *e = find(c, keep[i].key);
		if (!e || e->len != keep[i].len || (e->len && memcmp(e->value, keep[i].value, e->len) != 0))
			misses++; /* new, or a value the reader could not unpack and read again */
		else if (!kept[e - c->e]) {
			kept[e - c->e] = true;
			kept_n++;
		}
	}
	if (!misses && kept_n == c->n && !c->stale)
		goto out; /* the file already holds exactly these */
	rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK && c->stale) {
		/* what load passed over: another tag, or not a row of ours */
		rc = sqlite3_prepare_v2(c->db,
					"DELETE FROM entry WHERE tag IS NOT ?1 OR length(key) != ?2 OR length(value) > ?3",
					-1, &del, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(del, 1, c->tag, -1, SQLITE_STATIC);
			sqlite3_bind_int(del, 2, HZ_DIGEST_SIZE);
			sqlite3_bind_int(del, 3, HZ_MAX_READ_CACHE_VALUE);
			rc = sqlite3_step(del) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		}
		sqlite3_finalize(del);
		del = NULL;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db, "DELETE FROM entry WHERE key = ?1", -1, &del, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < c->n; i++)
		if (!kept[i])
			rc = step_with(del, c->e[i].key, NULL, NULL, 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO entry VALUES(?1, ?2, ?3)", -1, &ins, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		const entry *e = find(c, keep[i].key);
		if (e && kept[e - c->e])
			continue; /* in the file as it is */
		if (keep[i].len <= HZ_MAX_READ_CACHE_VALUE)
			rc = step_with(ins, keep[i].key, c->tag, keep[i].value, keep[i].len);
	}
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		(void)sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
out:
	free(kept);
}

void hz_read_cache_close(hz_read_cache *c)
{
	if (!c)
		return;
	sqlite3_close_v2(c->db);
	drop_entries(c);
	free(c->tag);
	free(c);
}
