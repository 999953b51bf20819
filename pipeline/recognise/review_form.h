/*
 * Review forms (SPEC 6.1): one file under reviews/ turned into the reviews
 * it holds, normalised, before any judging.  Two shapes: one unit per table
 * (考评表: every visible sheet with such a header, every such .docx table)
 * and one row per unit (考评汇总表, task columns by id, 任务+id, title or
 * `1.1（7分）`).  judge/review.c decides units, tasks and scores; this
 * module only says what was written where.
 */
#ifndef HZ_REVIEW_FORM_H
#define HZ_REVIEW_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hzerr.h"
#include "model.h"
#include "text/norm.h"

/* What the recogniser needs of the checklist to know a 考评汇总表's task
 * columns: each task's id and title, norm_key'd (white space removed). */
typedef struct hz_review_keys {
	char **ids;
	char **titles;
	size_t ntasks;
} hz_review_keys;

/* Builds k from r->tasks (caller releases with hz_review_keys_release). */
HZ_MUST_USE hz_code hz_review_keys_build(hz_review_keys *k, const hz_results *r, normalizer *n);
void hz_review_keys_release(hz_review_keys *k);

/* One row of a 考评表 with a ref or a title. */
typedef struct hz_review_row {
	uint32_t row;       /* as Excel shows it / 1-based row within the Word table */
	char *ref;          /* norm_key of the ref cell; "" when none */
	char *title;        /* norm_text of the title cell; "" when none */
	char *title_key;    /* norm_key of the title cell; "" when none */
	char *score;        /* norm_key of the review-score cell; "" when empty */
	char *comment;      /* norm_text of the comment cell; "" when none */
} hz_review_row;

typedef enum hz_review_shape { HZ_REVIEW_TABLE, HZ_REVIEW_MATRIX_ROW } hz_review_shape;

/* One review: a 考评表, or one row of a 考评汇总表. */
typedef struct hz_review_entry {
	hz_review_shape shape;
	char *sheet;            /* the sheet's name; NULL for a .docx table */
	uint32_t order;         /* sheet index in the workbook, table index in the document */
	uint32_t row;           /* HZ_REVIEW_MATRIX_ROW: the row as Excel shows it; else 0 */
	char *unit_text;        /* norm_text of the unit label / unit cell; NULL when none */
	char *group;            /* norm_text of the group label; NULL when none */
	bool has_date;
	int year, month, day;
	char *bad_date;         /* a date label's value that did not parse; else NULL */
	/* HZ_REVIEW_TABLE */
	hz_review_row *rows;
	size_t nrows;
	/* HZ_REVIEW_MATRIX_ROW: per task (keys order), norm_key of its cell, ""
	 * when empty, NULL when the task has no column */
	char **task_scores;
	size_t ntask_scores;
	char *comment;          /* the row's comment, norm_text; NULL when no comment column or empty */
} hz_review_entry;

typedef struct hz_review_file {
	char *file;             /* relative to the campaign folder, with '/' */
	bool has_modified;
	long long modified;     /* docProps/core.xml dcterms:modified, epoch seconds */
	long long mtime;
	hz_review_entry *entries; /* in file order: sheets, then rows; tables in document order */
	size_t nentries;
} hz_review_file;

/*
 * Reads one review file.  Refuses as hz_form_read does (legacy formats,
 * lock files, what the readers refuse) and with HZ_E_NO_TABLE when no review
 * table is in it.  Caller releases with hz_review_file_release.  Thread-safe
 * as hz_form_read (keys are only read).
 */
HZ_MUST_USE hz_code hz_review_file_read(hz_review_file *out, const char *path, const char *relpath, const hz_review_keys *keys,
			    normalizer *n, hz_error *err);
void hz_review_file_release(hz_review_file *f);

#endif
