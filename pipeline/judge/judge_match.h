/*
 * The matching rules of SPEC §2 for the judges of later rounds (reviews,
 * rectifications): roster names and aliases (exact, contains/contained,
 * the longest name a file or sheet name contains) and row → task (ref,
 * title, Dice).  One matcher per run, built after the roster and the
 * checklist are read; read-only afterwards.
 */
#ifndef HZ_JUDGE_MATCH_H
#define HZ_JUDGE_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hzerr.h"
#include "model.h"
#include "text/norm.h"

#define HZ_NO_MATCH SIZE_MAX

typedef struct hz_matcher hz_matcher;

/* r's roster and checklist must stay as they are while m lives.  Caller
 * frees with hz_matcher_free. */
HZ_MUST_USE hz_code hz_matcher_new(hz_matcher **out, hz_results *r, normalizer *n);
void hz_matcher_free(hz_matcher *m);

/* The unit a 填报单位-style text names (SPEC §2), or HZ_NO_MATCH.  *rc is
 * set only on out of memory. */
size_t hz_match_unit(const hz_matcher *m, const char *text, hz_code *rc);
/* The same on a text already norm_key'd (the judge keys it once). */
size_t hz_match_unit_key(const hz_matcher *m, const char *key);
/* The unit whose name or alias is the longest one the text contains (a
 * sheet name, SPEC 6.1), or HZ_NO_MATCH. */
size_t hz_match_contained(const hz_matcher *m, const char *text, hz_code *rc);
/* The same on a file's base name without its extension (SPEC §1). */
size_t hz_match_file(const hz_matcher *m, const char *relpath, hz_code *rc);
/* The task a row names (ref and title_key norm_key'd; "" when none), or
 * HZ_NO_MATCH. */
size_t hz_match_task(const hz_matcher *m, const char *ref, const char *title_key, hz_code *rc);
/* norm_key of task t's title (borrowed, lives as long as m). */
const char *hz_match_task_title_key(const hz_matcher *m, size_t t);
/* Σ max of the checklist, unrounded. */
double hz_match_total_max(const hz_matcher *m);

/* A unit's place in a ranking: highest percent first, roster order (unit)
 * within a tie (hz_rank_entry_cmp, for qsort). */
typedef struct hz_rank_entry {
	size_t unit;
	double percent;
} hz_rank_entry;

int hz_rank_entry_cmp(const void *a, const void *b);

/* The share of a task's max that a 完成情况 earns: the settings' done /
 * partial / not_started fractions, anything else 0. */
double hz_status_fraction(const hz_settings *s, hz_status st);

/* The shortest of %.15g..%.17g that reads back as the same double. */
void hz_judge_format_number(char *out, size_t n, double v);

/* strdup of s, NULL for NULL; sets *oom on out of memory (caller frees), so
 * a record's fields can be filled and checked once. */
char *hz_judge_dup_or_null(const char *s, int *oom);

/* Appends a problem (copies of the texts; text NULL: "") to u's list. */
HZ_MUST_USE hz_code hz_judge_problem_add(hz_unit *u, const char *kind, const char *task, const char *phase,
					 const char *text);

/* Appends a note (copies of the texts; file NULL: "") to an hz_results list
 * of *n notes (rejected, superseded, unknown_units, warnings).  cap: the
 * list's capacity, grown by doubling (0 before the first note), or NULL to
 * grow it by one.  *n counts the note even when a copy failed, so the
 * release frees what was made. */
HZ_MUST_USE hz_code hz_judge_note_add(hz_file_note **arr, size_t *n, size_t *cap, const char *file,
				      const char *sheet, int row, const char *kind, const char *text,
				      const char *unit, const char *by);

/*
 * One version of a unit's submission or review (SPEC 5.7, 6.2): the latest
 * wins, the others are superseded by it.  path is borrowed.
 */
typedef struct hz_version {
	size_t unit;
	int y, m, d;          /* the date that counts */
	long long ts;         /* breaks ties between equal dates */
	const char *path;     /* then the path */
} hz_version;

/* Orders by unit, then oldest first: date, timestamp, path.  0 when all of
 * them are equal: the caller breaks the tie. */
int hz_version_cmp(const hz_version *x, const hz_version *y);

/*
 * v's date and timestamp: ts is dcterms:modified when the file has one,
 * else its mtime; the date is the written one (has_date), else ts's day in
 * the campaign time zone.  The timestamp is dcterms:modified even when the
 * date was written, as SPEC 5.7 says.
 */
void hz_version_date(hz_version *v, bool has_modified, long long modified, long long mtime, bool has_date, int y,
		     int m, int d, int tz_minutes);

/* A version among a round's records: ties of key are broken by tie (a
 * record's own order, 0 where it has none), then by index, the record's
 * place among the caller's records (unique), so the order is total. */
typedef struct hz_version_entry {
	hz_version key;
	uint64_t tie;
	size_t index;
} hz_version_entry;

/* What becomes of a unit's versions: each but the latest is superseded by
 * the latest (oldest first), then the latest is taken.  A code other than
 * HZ_OK stops the walk and is returned. */
typedef struct hz_version_taker {
	hz_code (*superseded)(void *ctx, const hz_version_entry *old, const hz_version_entry *latest);
	hz_code (*take)(void *ctx, const hz_version_entry *latest);
	void *ctx;
} hz_version_taker;

/* Sorts vs[0..n) and hands each unit's versions to t, the units in key
 * order. */
HZ_MUST_USE hz_code hz_version_take(hz_version_entry *vs, size_t n, const hz_version_taker *t);

#endif
