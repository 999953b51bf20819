/*
 * Recognising tables (SPEC §1, 5.1, 5.2, 5.8, 5.9, 5.11, 5.12): the
 * checklist, the roster, and each submission file turned into an hz_form —
 * what the unit wrote, normalised, before any judging.  judge.c matches and
 * scores these; this module never decides a unit, a task or a score.
 */
#ifndef HZ_FORM_H
#define HZ_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hzerr.h"
#include "model.h"
#include "text/norm.h"

/* One reported row of a submission table (a row with a ref or a title). */
typedef struct hz_form_row {
	uint32_t row;       /* 1-based row in the sheet / table, for messages */
	char *ref;          /* norm_key of the ref cell; "" when none */
	char *title;        /* norm_text of the title cell (white space kept); "" when none */
	char *title_key;    /* norm_key of the title cell; "" when none */
	char *status;       /* norm_key of the status cell; "" when empty */
	char *status_raw;   /* the status cell as written (for warning texts) */
	char *self_score;   /* norm_key of the self-score cell; "" when empty */
	char *count;        /* norm_key of the count cell; "" when empty */
	char *problems;     /* norm_text of the 存在问题 cell; "" when empty */
} hz_form_row;

typedef enum hz_form_kind { HZ_FORM_TABLE, HZ_FORM_NARRATIVE } hz_form_kind;

typedef struct hz_form {
	char *file;             /* relative to the campaign folder, with '/' */
	hz_form_kind kind;
	char *unit_text;        /* norm_text of the 填报单位/单位名称/单位 value; NULL when no label found */
	bool has_date;          /* a 填报日期/填表日期/日期 value that parsed (text or serial) */
	int year, month, day;
	char *bad_date;         /* the label's value when it did not parse (warning bad_date); else NULL */
	bool has_modified;      /* docProps/core.xml dcterms:modified */
	long long modified;     /* epoch seconds */
	long long mtime;        /* file modification time, epoch seconds */
	hz_form_row *rows;      /* HZ_FORM_TABLE */
	size_t nrows;
	char **paragraphs;      /* HZ_FORM_NARRATIVE: each body paragraph (table cells' too), norm_key'd */
	size_t nparagraphs;
} hz_form;

/*
 * Reads one submission.  path is the file on disk, relpath how results.json
 * names it.  Refuses (returns the code, err filled so hz_error_reason() gives
 * the rejected reason): legacy/foreign extensions (.doc .xls .wps .et .pdf
 * .txt ...: HZ_E_LEGACY), Office lock files (~$...: HZ_E_LOCKFILE), anything
 * the readers refuse, an .xlsx with no form table (HZ_E_NO_TABLE), a .docx
 * with neither form table nor text (HZ_E_NO_TABLE).  A .docx with text but no
 * form table is a narrative report.  Caller releases with hz_form_release.
 * May be called from several threads at once (n is thread-safe).
 */
HZ_MUST_USE hz_code hz_form_read(hz_form *out, const char *path, const char *relpath, normalizer *n, hz_error *err);
void hz_form_release(hz_form *f);

/* The roster, in file order (SPEC §1): units.xlsx or units.csv (UTF-8,
 * UTF-8 with BOM, GB18030).  Fills r->units[].name (trimmed display name),
 * group ("" when none), aliases (trimmed, as written; judging normalises).
 * Rows whose name is blank are skipped.  Errors (exit 2): missing roster,
 * no header, empty. */
HZ_MUST_USE hz_code hz_roster_read(hz_results *r, const char *campaign_dir, normalizer *n, hz_error *err);

/* The checklist (SPEC §1, 5.9): checklist.xlsx or checklist.docx.  Fills
 * r->tasks (ids normalised, default ids and scores, category carry-down,
 * category-only rows, keywords normalised) and r->categories.  Titles,
 * requirements and categories are display text (trimmed, as written; a
 * category-only row without its leading enumeration); each task's category
 * is exactly one of r->categories (distinct after normalisation, checklist
 * order).  Errors (exit 2) name file, sheet, row and column: missing, no
 * header, duplicate ids, a max score or minimum count that is not a number,
 * only some tasks with a max. */
HZ_MUST_USE hz_code hz_checklist_read(hz_results *r, const char *campaign_dir, normalizer *n, hz_error *err);

#endif
