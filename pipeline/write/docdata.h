/*
 * What the Word documents (report.c, feedback.c) show of an hz_results:
 * views derived once (ranking order, lagging units, per-task and
 * per-category figures, the file issues), the text of every field as the
 * office writes it (2022年10月31日, 87.5, 80%) and the campaign.* fields
 * every document starts with.  The items both documents list (units,
 * problems, category scores) are write/unit_items.h.
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
	/* the unit whose problems are grouped by kind (write/unit_items.c) */
	struct unit_items_kind *kinds;
	size_t nkinds;
	const hz_unit *kinds_owner;
	wordbreak *words;                 /* where titles may break (the campaign's words) */
	/* the report for superiors (set by report.c): its body names no file
	 * (SPEC §4), the letters do */
	bool for_superiors;
} docdata;

HZ_MUST_USE hz_code docdata_init(docdata *d, const hz_results *r, hz_error *err);
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

/* Index of the task with this id, or -1. */
long docdata_task(const docdata *d, const char *id);

/* What a cell or a figure shows when there is none. */
#define DOCDATA_DASH "—"

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


/* The campaign.* fields every document starts with. */
extern const tmpl_field docdata_campaign_fields[];
extern const size_t docdata_ncampaign_fields;
HZ_MUST_USE hz_code docdata_campaign_text(const docdata *d, size_t field, dynbuf *out);

/*
 * The root schema of a Word document (report, letter, notice): campaign.*
 * first, fields [0, docdata_ncampaign_fields), then the document's own
 * tables one after another.  Made once per document kind, inside the
 * caller's pthread_once (the report and the letters are made on two
 * threads at -j 2), and only read afterwards.  The callbacks get every
 * field of the root, campaign.* included (docdata_campaign_text answers
 * those).  Usage:
 *   static docdata_root root;
 *   static pthread_once_t root_once = PTHREAD_ONCE_INIT;
 *   static void root_make(void) { docdata_root_begin(&root, text, count, item);
 *                                 docdata_root_add(&root, own, n); }
 *   pthread_once(&root_once, root_make); schema = docdata_root_schema(&root);
 */
#define DOCDATA_ROOT_MAX_FIELDS 192
typedef struct docdata_root {
	tmpl_field fields[DOCDATA_ROOT_MAX_FIELDS];
	tmpl_schema schema;
	bool overflow;          /* a table did not fit: docdata_root_schema is NULL */
} docdata_root;

void docdata_root_begin(docdata_root *root, hz_code (*text)(void *, const void *, size_t, dynbuf *),
			size_t (*count)(void *, const void *, size_t),
			const void *(*item)(void *, const void *, size_t, size_t));
/* Appends n fields (copied); docdata_root_add_text one text field named name
 * (a static string). */
void docdata_root_add(docdata_root *root, const tmpl_field *fields, size_t n);
void docdata_root_add_text(docdata_root *root, const char *name);
/* The schema; NULL when the tables did not fit DOCDATA_ROOT_MAX_FIELDS
 * (a programming error: the caller says HZ_E_INTERNAL). */
const tmpl_schema *docdata_root_schema(const docdata_root *root);

#endif
