/*
 * What the Word documents (report.c, feedback.c) show of an hz_results:
 * views derived once (ranking order, lagging units, per-task and
 * per-category figures, the file issues), the text of every field as the
 * office writes it (2022年10月31日, 87.5, 80%), and the template schemas
 * of the items both documents list (units, problems, category scores).
 */
#ifndef HZ_DOCDATA_H
#define HZ_DOCDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"
#include "write/wordbreak.h"
#include "write/tmpl.h"

/* A unit as a list item: its number in that list (1-based) goes with it. */
typedef struct docdata_unit {
	const hz_unit *u;
	size_t no;
} docdata_unit;

typedef struct docdata_task_stat {
	size_t missing, not_started, partial, count_short, not_done; /* units */
	double score_sum;  /* over form (non-narrative) submitted units */
	size_t scored;     /* those units */
} docdata_task_stat;

typedef struct docdata_issue {   /* 退回及校验问题: one row */
	const char *kind;        /* 退回 / 单位无法识别 / 校验提示 (superseded files: 排名.xlsx only) */
	const hz_file_note *note;
	size_t no;
} docdata_issue;

typedef struct docdata_item {    /* a numbered pointer into one of r's arrays */
	size_t index, no;
} docdata_item;

typedef struct docdata {
	const hz_results *r;
	double total_max;                 /* Σ task max */
	docdata_unit *units, *ranked, *lagging, *not_submitted;
	size_t nunits, nranked, nlagging, nnot_submitted;
	size_t *task_by_id;               /* task indices sorted by id */
	docdata_task_stat *tstats;        /* per task */
	docdata_item *top;                /* tasks most often not done */
	size_t ntop;
	double *cat_sum, *cat_max;        /* per r->categories: Σ unit scores, max */
	size_t *cat_tasks;
	docdata_item *cats;               /* r->categories as items */
	docdata_issue *issues;
	size_t nissues;
	docdata_item *grades;             /* settings.grades as items */
	size_t *grade_count;
	/* the unit whose problems are being listed (item numbering) */
	const hz_unit *problem_owner;
	const hz_unit *category_owner;
	/* the unit whose problems are grouped by kind (write/problem_kinds.c) */
	void *kinds;
	size_t nkinds;
	const hz_unit *kinds_owner;
	wordbreak *words;                 /* where titles may break (the campaign's words) */
	/* the report for superiors (set by report.c): its body names no file
	 * (SPEC §4), the letters do */
	bool for_superiors;
} docdata;

hz_code docdata_init(docdata *d, const hz_results *r, hz_error *err);
void docdata_release(docdata *d);

/* A category's average over submitted units, and that as a percent of
 * its maximum (0 without submissions). */
double docdata_category_average(const docdata *d, size_t k);
double docdata_category_rate(const docdata *d, size_t k);

/* 未报送, or 尚未报送 before the deadline (SPEC §2: pending).  Static. */
const char *docdata_not_sent(const hz_results *r);

/* The grade a unit lags on: the final grade when it was reviewed (SPEC
 * 6.3), else its own; NULL when it has none. */
const char *docdata_lagging_grade(const hz_unit *u);
/* The unit submitted and that grade is below [lagging] below. */
bool docdata_low_grade(const docdata *d, const hz_unit *u);

/* 具体情况 of one problem, in the letters' words (p belongs to
 * d->problem_owner, which the caller sets). */
hz_code docdata_problem_detail(const docdata *d, const hz_problem *p, dynbuf *out);

/* A unit's weakest tasks (滞后单位问题汇总, unit field `weakest`): lowest
 * score/max first, ties in checklist order; none when it did not submit.
 * out gets task indices; returns how many. */
#define DOCDATA_WEAKEST_TASKS 3
size_t docdata_weakest_tasks(const docdata *d, const hz_unit *u, size_t out[DOCDATA_WEAKEST_TASKS]);

/* Index of the task with this id, or -1. */
long docdata_task(const docdata *d, const char *id);

/* Formatting: at most 2 decimals, no trailing zeros (87.5, 90, 66.67). */
void docdata_num(char *out, size_t n, double v);
/* "2022-10-31" → "2022年10月31日"; "" stays "". */
void docdata_date_cn(char *out, size_t n, const char *iso);
/* 1 → 一, 12 → 十二, 105 → 一百零五 (up to 99,999; beyond: Arabic). */
void docdata_cn_number(char *out, size_t n, size_t v);
/* Chinese label of a problem kind (results.json kinds). */
const char *docdata_problem_label(const char *kind);
/* The same, broken between its words where a table cell needs it. */
const char *docdata_problem_label_cell(const char *kind);


/* The campaign.* fields shared by both documents. */
#define DOCDATA_MAX_CAMPAIGN_FIELDS 16 /* room kept by the root schemas */
extern const tmpl_field docdata_campaign_fields[];
extern const size_t docdata_ncampaign_fields;
hz_code docdata_campaign_text(const docdata *d, size_t field, dynbuf *out);

/* Fields of a unit: list items name them "name", a feedback letter's root
 * "unit.name"; both index the same table. */
extern const tmpl_field docdata_unit_fields[];
extern const tmpl_field docdata_unit_root_fields[];
extern const size_t docdata_nunit_fields;
hz_code docdata_unit_text(docdata *d, const docdata_unit *it, size_t field, dynbuf *out);
size_t docdata_unit_count(docdata *d, const docdata_unit *it, size_t field);
const void *docdata_unit_item(docdata *d, const docdata_unit *it, size_t field, size_t i);

extern const tmpl_schema docdata_unit_schema;     /* obj: docdata_unit */
extern const tmpl_schema docdata_problem_schema;  /* obj: hz_problem */
extern const tmpl_schema docdata_catscore_schema; /* obj: hz_category_score */

/*
 * A feedback letter's file name (without .docx) for any unit name
 * (feedback.c): path separators and the characters Windows refuses become
 * '_', control characters and broken UTF-8 are dropped, runs of dots shrink
 * to one, no leading dot or space, no trailing dot or space (Windows), at
 * most HZ_MAX_FILENAME_BYTES bytes cut at a character boundary; an empty
 * result is 未命名单位.  outsz must exceed HZ_MAX_FILENAME_BYTES + 1.
 */
void hz_feedback_safe_name(const char *name, char *out, size_t outsz);

#endif
