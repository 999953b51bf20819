/*
 * The consolidated results of one campaign: what `huizong run` computes and
 * what results.json, the report, the workbook and the feedback letters are
 * all made from.  Everything is owned by the hz_results (freed by
 * hz_results_release); strings are UTF-8 and never NULL unless said so.
 */
#ifndef HZ_MODEL_H
#define HZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "text/vocab.h"

typedef struct hz_grade {
	char *name;        /* 优秀 */
	double threshold;  /* lowest percent for this grade */
} hz_grade;

/* SPEC 9.1: one document phase of [phases] (campaign.ini order). */
typedef struct hz_phase_def {
	char *name;             /* the key, NFKC and trimmed */
	char deadline[11];      /* YYYY-MM-DD */
} hz_phase_def;

typedef struct hz_settings {
	char *title, *issuer;   /* "" when not set */
	char as_of[11];         /* YYYY-MM-DD */
	char deadline[11];      /* "" when none */
	char rectify_by[11];    /* "" when none */
	char *plan;             /* [campaign] plan, the work plan the documents cite (SPEC §4); "" when none */
	int tz_minutes;         /* +08:00 = 480 */
	double frac_done, frac_partial, frac_not_started;
	hz_grade *grades;       /* highest threshold first */
	size_t ngrades;
	char *lagging_below;    /* a grade name */
	/* [report] (SPEC §4): the bounded body of the report */
	int report_top;          /* ≥ 1, default 10 */
	int report_inline_units; /* ≥ 0, default 10 */
	/* [final] (SPEC 6.3): weights add up to 1 */
	double self_weight, review_weight; /* default 0.3 / 0.7 */
	double overrate;         /* self − review percent at or above it is 自评偏高; default 10 */
	/* [candidates] (SPEC 6.4): only when the section is in campaign.ini */
	bool has_candidates;
	char *honour;            /* default 模范机关 */
	char *candidates_min_grade; /* a grade name; default the first (highest) grade */
	int candidates_max;      /* -1: no limit */
	char *publicity, *contact; /* "" when not given */
	/* [phases] (SPEC 9.1): none when the section is absent or has no key */
	hz_phase_def *phases;
	size_t nphases;
	/* [input] (SPEC §10): legacy files converted by LibreOffice */
	bool convert_off;        /* convert = off; default auto */
	char *soffice;           /* NULL: soffice on PATH */
	int convert_timeout;     /* seconds per file of a batch, ≥ 1; default 60 */
} hz_settings;

/* Frees what s holds and zeroes it; safe on a zeroed or released s. */
void hz_settings_release(hz_settings *s);

/* SPEC §2 "Before the deadline": as_of on or before a deadline that is
 * set.  Then a unit that has not submitted is only pending (not lagging
 * for that, no not_submitted problem, no letter; 尚未报送（截止日期未到）). */
bool hz_before_deadline(const hz_settings *s);

typedef struct hz_task {
	char *id, *category, *title, *requirement; /* requirement "" when none */
	double max;
	int min_count;          /* 0 when none */
	char **keywords;        /* normalised, white space removed */
	size_t nkeywords;
} hz_task;

typedef struct hz_task_result {
	hz_status status;
	double score;
	bool has_count;
	double count;
} hz_task_result;

typedef struct hz_category_score {
	char *name;
	double score, max;
} hz_category_score;

typedef struct hz_problem {
	char *kind;   /* not_submitted, late, missing, not_started, partial, count_short, self_reported, warning,
	                 narrative (a 自查情况报告 instead of the form) */
	char *task;   /* task id, or NULL */
	char *text;   /* a short Chinese description ("未填报", "1/2", the unit's own words ...) */
	char *phase;  /* phase_missing, phase_late (SPEC 9.3): the phase's name; else NULL */
	bool rectified; /* SPEC 7.3: its task was closed in the rectification round (judge/rectify.c) */
} hz_problem;

/* SPEC 6.2/6.3: one task of a unit's winning review. */
typedef struct hz_review_task {
	bool scored;            /* the group scored it (a parsed review score, not a fallback) */
	double score;           /* review score: parsed and clamped, else the unit's self score for it */
	double final;           /* self_weight·self + review_weight·review, rounded to 2 decimals */
	char *comment;          /* 扣分原因 (or the 考评汇总表 row's one comment); NULL when none */
} hz_review_task;

/* SPEC 6.1–6.3: a reviewed unit's winning review and its final result. */
typedef struct hz_review {
	char *file;             /* relative to the campaign folder, with '/' */
	char *sheet;            /* the sheet it came from; NULL for a .docx table */
	int row;                /* 考评汇总表: its row as Excel shows it; 0 for a 考评表 */
	char *group;            /* 评审组; "" when no label */
	char date[11];          /* the date label, else the file's date (5.7) */
	char *comment;          /* 考评汇总表: the row's comment; NULL otherwise */
	hz_review_task *tasks;  /* one per r->tasks, checklist order */
	size_t ntasks;          /* = r->ntasks */
	double score, percent;  /* R and 100·R/M, rounded to 2 decimals */
	double final_score, final_percent;
	int final_rank;         /* among reviewed units (ties share a rank) */
	const char *final_grade; /* points into settings.grades[].name */
} hz_review;

/* SPEC 7.2: a unit's rectification round (NULL in hz_unit when it had nothing
 * to rectify and sent no rectified form, or the campaign has no round). */
typedef struct hz_rectification {
	char *file;             /* the winning rectified form; NULL when none came */
	char date[11];          /* "" when no form */
	bool late;              /* date > rectify_by */
	size_t *tasks;          /* indices into r->tasks to rectify, checklist order */
	bool *closed;           /* per tasks[k]: the rectified form reports it done (count met) */
	size_t ntasks;
	bool has_form;          /* percent and grade valid */
	double percent;         /* the rectified form judged as in section 2 */
	const char *grade;      /* points into settings.grades[].name; NULL when no form */
	bool reached;           /* grade at or above [lagging] below */
} hz_rectification;

/* SPEC 9.3: where a unit stands in one phase of [phases]. */
typedef enum hz_phase_status { HZ_PHASE_ON_TIME, HZ_PHASE_LATE, HZ_PHASE_MISSING, HZ_PHASE_PENDING } hz_phase_status;

typedef struct hz_unit_phase {
	hz_phase_status status;
	char *file;             /* the winning document; NULL when none */
	char date[11];          /* its date; "" when none */
} hz_unit_phase;

typedef struct hz_phase_count { /* SPEC 9.3 phase_summary: roster units */
	size_t on_time, late, missing, pending;
} hz_phase_count;

typedef struct hz_unit {
	char *name, *group;     /* group "" when none */
	char **aliases;
	size_t naliases;
	bool submitted;
	char *file;             /* relative to the campaign folder, with '/'; NULL when not submitted */
	char date[11];          /* "" when not submitted */
	bool late, narrative, lagging;
	/* Valid only when submitted (results.json writes null otherwise). */
	double score, percent, completion;
	int rank;
	const char *grade;      /* points into settings.grades[].name; NULL when not submitted */
	hz_category_score *categories; /* submitted: one per r->categories, in checklist order; else NULL */
	size_t ncategories;
	hz_task_result *tasks;  /* ntasks entries (checklist order) when submitted, else NULL */
	size_t ntasks;
	hz_problem *problems;
	size_t nproblems;
	size_t n_done;          /* tasks whose status is done (0 when not submitted) */
	hz_review *review;      /* SPEC §6: NULL when not reviewed (then final is null too) */
	bool overrated;         /* 自评偏高; meaningful only with review */
	hz_rectification *rectification; /* SPEC §7: NULL as said there */
	/* SPEC 4: not submitted, and a rejected file of submissions/ names it
	 * (judge/unreadable.c): that file and its reason; else NULL.  Owned. */
	char *unreadable_file, *unreadable_reason;
	hz_unit_phase *phases;  /* SPEC 9.3: one per settings.phases; NULL without [phases] */
	size_t nphases;         /* = settings.nphases when phases is set */
} hz_unit;

typedef struct hz_file_note {   /* rejected / superseded / unknown_units / warnings */
	char *file;
	char *sheet;  /* reviews (SPEC 6.1): the sheet, or NULL */
	int row;      /* reviews: the 考评汇总表 row, or 0 */
	char *kind;   /* warnings: kind; rejected: NULL */
	char *text;   /* rejected: reason; unknown_units: text; warnings: text */
	char *unit;   /* superseded: unit */
	char *by;     /* superseded: winning file */
} hz_file_note;

typedef struct hz_previous {    /* the results.json already in OUTPUT_DIR, if any */
	bool present;
	char as_of[11];
	size_t submitted;
	double average;         /* average percent of submitted units */
} hz_previous;

typedef struct hz_candidate {  /* SPEC 6.4 */
	size_t unit;            /* index into r->units */
	double percent;         /* final percent with reviews, else the self percent */
	const char *grade;      /* points into settings.grades[].name */
} hz_candidate;

typedef struct hz_rectification_summary { /* SPEC 7.2 */
	size_t units, sent, reached, tasks, closed, open;
} hz_rectification_summary;

/* SPEC 8.4: the nightly history, one row per as_of date (for each date the
 * run with the highest id), oldest first, this run's own row included.
 * Filled by campaign from the state (state/); the writers only read it.
 * n = 0 when there is no history. */
typedef struct hz_history_row {
	char as_of[11];
	size_t units, submitted, on_time, late, lagging, rejected;
	double average;         /* average percent of submitted units */
} hz_history_row;

typedef struct hz_history {
	hz_history_row *rows;   /* owned */
	size_t n;
} hz_history;

typedef struct hz_results {
	hz_settings settings;
	hz_task *tasks;
	size_t ntasks;
	char **categories;      /* distinct category names in checklist order */
	size_t ncategories;
	hz_unit *units;         /* roster order */
	size_t nunits;
	hz_file_note *rejected, *superseded, *unknown_units, *warnings;
	size_t nrejected, nsuperseded, nunknown_units, nwarnings;
	/* SPEC §10: files read through LibreOffice (file, kind "xlsx"/"docx"),
	 * in path byte order */
	hz_file_note *converted;
	size_t nconverted;
	hz_previous previous;
	/* Summary figures, derived once for every output. */
	size_t n_submitted, n_on_time, n_late, n_lagging;
	double average_percent; /* over submitted units, rounded to 2 decimals */
	/* SPEC §6: reviews/ holds a file that 5.11 looks at */
	bool has_reviews;
	size_t n_reviewed;
	/* SPEC 6.4: valid when settings.has_candidates */
	hz_candidate *candidates;
	size_t ncandidates;
	/* SPEC §7: rectifications/ holds a file that 5.11 looks at */
	bool has_rectification;
	hz_rectification_summary rectification_summary;
	/* SPEC 8.4 */
	hz_history history;
	/* SPEC 9.3: settings.nphases entries; NULL without [phases] */
	hz_phase_count *phase_summary;
	/* SPEC 9: files looked at under phases/ (the summary line counts them) */
	size_t n_phase_files;
} hz_results;

/* Zeroes everything (no allocation). */
void hz_results_init(hz_results *r);
/* Free what one task or one unit owns and zero it (for readers that build
 * them one by one and must undo a half-built one). */
/* Frees n notes and the array. */
void hz_file_notes_free(hz_file_note *notes, size_t n);
void hz_task_release(hz_task *t);
void hz_unit_release(hz_unit *u);
/* Free a unit's review or rectification and everything it owns (NULL is fine). */
void hz_review_free(hz_review *rv);
void hz_rectification_free(hz_rectification *rc);
/* Frees every member (settings included, through hz_settings_release) and
 * leaves r as after hz_results_init. */
void hz_results_release(hz_results *r);

#endif
