/*
 * What the three table readers (form.c, form_roster.c, form_checklist.c)
 * share: one cell model for sheet rows, Word table rows and CSV lines, the
 * header recognition of SPEC §1 (role aliases compared by equality after
 * norm_key) and the 填报单位 / 填报日期 labels of SPEC 5.2.
 * Private to the form_*.c files.
 */
#ifndef HZ_FORM_INTERNAL_H
#define HZ_FORM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "read/docx_reader.h"
#include "hzerr.h"
#include "read/pkg.h"
#include "text/norm.h"
#include "read/xlsx_reader.h"

typedef enum form_role {
	ROLE_ID,
	ROLE_CATEGORY,
	ROLE_TITLE,
	ROLE_REQUIREMENT,
	ROLE_MAX,
	ROLE_MIN_COUNT,
	ROLE_KEYWORDS,
	ROLE_STATUS,
	ROLE_SELF_SCORE,
	ROLE_COUNT,
	ROLE_EVIDENCE,
	ROLE_PROBLEMS,
	ROLE_NOTE,
	ROLE_UNIT,
	ROLE_ALIASES,
	ROLE_GROUP,
	ROLE_REVIEW_SCORE,   /* review forms (SPEC 6.1) */
	ROLE_COMMENT,
	ROLE__COUNT
} form_role;

/* FORM_REVIEW: the review forms of SPEC 6.1 (review score and ref or title
 * required; the unit column counts for the one-row-per-unit shape). */
typedef enum form_table { FORM_CHECKLIST, FORM_SUBMISSION, FORM_ROSTER, FORM_REVIEW } form_table;

typedef enum form_cell_kind { FCELL_TEXT, FCELL_NUMBER, FCELL_DATE } form_cell_kind;

/* A non-empty cell of one row; text is borrowed from the reader. */
typedef struct form_cell {
	uint32_t col;         /* 0-based grid column (Word: gridSpan counted) */
	form_cell_kind kind;
	const char *text;
	size_t len;
	double num;           /* FCELL_NUMBER, FCELL_DATE */
	uint32_t span;        /* grid columns covered: Word gridSpan, or an xlsx merge (grids only) */
} form_cell;

/* Columns of a recognised header: cols[role] is a 0-based column or -1. */
typedef struct form_header {
	int64_t cols[ROLE__COUNT];
} form_header;

/* The role a header cell names in a table kind, given its norm_key; -1
 * when none (equality only, never a substring). */
int form_role_of(form_table t, const char *key);

/*
 * Whether cells form a header row of table kind t: each cell is norm_key'd
 * and compared with the aliases; the leftmost cell wins a role.  Returns 1
 * when the roles the kind requires are present (checklist: title; roster:
 * unit name; submission: status and ref or title), 0 when not, <0 on out
 * of memory.  h is filled either way.
 */
int form_header_match(form_table t, normalizer *n, const form_cell *cells, size_t ncells, form_header *h);

/* The cell of a row at column col, or NULL (cells ascending by col). */
const form_cell *form_cell_at(const form_cell *cells, size_t ncells, int64_t col);

/* A row of an xlsx sheet as form cells (XLSX_DATE kept as a date, numbers
 * as numbers, the rest as text).  *buf grows as needed (caller frees). */
int form_cells_from_xlsx(const xlsx_row *row, form_cell **buf, size_t *cap, size_t *n);

/* A Word table row as form cells: columns count gridSpan; empty cells are
 * left out.  *buf grows as needed (caller frees). */
int form_cells_from_docx(const docx_row *row, form_cell **buf, size_t *cap, size_t *n);

/* SPEC 5.2 labels. */
typedef enum form_label_kind { LABEL_UNIT, LABEL_DATE, LABEL_GROUP } form_label_kind;

/* Which label words are looked for: a submission's (SPEC 5.2) or a review
 * form's (SPEC 6.1: 被考评单位/受检单位/…, 评审组/考评组, 考评日期/评审日期/日期). */
typedef enum form_label_set { LABELS_SUBMISSION, LABELS_REVIEW } form_label_set;

typedef struct form_label {
	form_label_kind kind;
	size_t label_off;     /* where the label starts in the text */
	size_t value_off;     /* the value inside the normalised text (trimmed) */
	size_t value_len;     /* 0: empty, the value is the next non-empty cell */
} form_label;

/*
 * Finds the labels in an already norm_text'd text: a label stands at the
 * start or after white space, may be spread by white space, may carry a
 * bracketed note, and ends with ':' (NFKC has made '：' one).  Its value
 * runs to the next label or the end.  Returns the number found (at most
 * max), in text order.
 */
size_t form_find_labels(const char *t, form_label *out, size_t max);
/* The same with the label words of set. */
size_t form_find_labels_in(form_label_set set, const char *t, form_label *out, size_t max);

/* The first unit label and the first date label of a document (SPEC 5.2,
 * and 9.2 for phase documents), as form.c's readers find them. */
/* A date label's value (SPEC 5.2, 6.1): the first date label found wins. */
typedef struct form_date_label {
	int done;             /* a date label was found */
	int has_date, y, m, d;
	char *bad_date;       /* its value as written when it did not parse; owned */
} form_date_label;

typedef struct form_found_labels {
	char *unit;           /* norm_text of the value; NULL when none */
	int unit_done;
	form_date_label date;
} form_found_labels;

/* SPEC 5.2 on one row of cells (a paragraph is a row of one cell), in
 * reading order; labels already found are kept.  HZ_OK or HZ_E_NOMEM. */
HZ_MUST_USE hz_code form_labels_scan_cells(form_found_labels *l, const form_cell *cells, size_t ncells, normalizer *n,
				int date1904);
/* The same on every row of a Word table. */
HZ_MUST_USE hz_code form_labels_scan_table(form_found_labels *l, const docx_table *t, normalizer *n);
/* Frees the values and zeroes l. */
void form_found_labels_release(form_found_labels *l);

/* Whether raw (unnormalised) text could hold a label: it has a colon. */
int form_maybe_label(const char *s, size_t len);

/* Unicode white space as norm.c trims it; returns the byte length of the
 * white-space character at s (0 when none). */
size_t form_space_len(const char *s, size_t len);

/* Text with its leading enumeration (一、 （一） 1. 1、 第一部分) removed;
 * a pointer into s. */
const char *form_strip_enumeration(const char *s);


/* strdup of len bytes; NULL on out of memory. */
char *form_strndup(const char *s, size_t len);

/* s without its white space (form_space_len), for the date parser and title
 * keys; malloc'd (caller frees), NULL on out of memory. */
char *form_squeeze(const char *s, size_t len);

/*
 * A date label's value v (SPEC 5.2) into date, now done: when its squeezed
 * text is a date, y m d are set and has_date is 1; else the value as
 * written goes to bad_date for the message.  HZ_OK or HZ_E_NOMEM.
 */
HZ_MUST_USE hz_code form_label_date(const char *v, size_t len, form_date_label *date);
/* Copies src's value into dst (bad_date duplicated).  HZ_OK or HZ_E_NOMEM. */
HZ_MUST_USE hz_code form_date_label_copy(form_date_label *dst, const form_date_label *src);

/*
 * The value of a label left empty in its own cell (SPEC 5.2): the next
 * non-empty cell to the right, normalised (*text, caller frees).  A date
 * label meeting a number or date cell gets that cell instead (*date_cell,
 * for form_label_date_cell).  Both NULL when nothing is there, or when the
 * next non-empty cell is another label of `set` ("填报单位：" then
 * "填报日期：…": the label was left blank).  HZ_OK or HZ_E_NOMEM.
 */
HZ_MUST_USE hz_code form_label_next_value(form_label_set set, form_label_kind kind, const form_cell *cells,
					  size_t ncells, size_t from, normalizer *n, char **text,
					  const form_cell **date_cell);
/* An empty label's value taken from the next cell (form_label_next_value):
 * a date label's goes into date, now done (a number or date cell as its
 * serial date, date1904 the workbook's epoch, else its text as written);
 * another label's to *text (caller frees; NULL when nothing is there). */
HZ_MUST_USE hz_code form_label_take_next(form_label_set set, form_label_kind kind, const form_cell *cells,
					 size_t ncells, size_t from, normalizer *n, int date1904, char **text,
					 form_date_label *date);

/* A cell's text for ids and refs: an integral number as "12" whatever its
 * lexical form, else the text.  Returns a malloc'd norm_key (caller frees). */
char *form_id_key(normalizer *n, const form_cell *c);

/* Excel-style column letters of a 0-based column. */
void form_col_name(int64_t col, char *out, size_t n);

/*
 * A configuration table (roster, checklist) read whole: the rows below the
 * first header row of kind t, with their cells' texts owned by the grid.
 * xlsx: visible worksheets in order, header within the first 15 rows;
 * docx: the first table with such a header row; csv: UTF-8 (BOM or not) or
 * GB18030, header within the first 15 lines.  Rows above max_rows, or
 * cells or text above HZ_MAX_GRID_CELLS / HZ_MAX_GRID_BYTES, are refused
 * (HZ_E_LIMIT).  No header
 * anywhere: HZ_E_CONFIG.
 */
typedef struct form_grid_row {
	uint32_t row;         /* 1-based row / line for messages */
	form_cell *cells;
	size_t ncells;
} form_grid_row;

typedef struct form_grid {
	char *sheet;          /* sheet name, "table N" or "" (csv) */
	int is_csv, is_docx;
	form_header h;
	uint32_t header_row;  /* 1-based */
	form_grid_row *rows;
	size_t nrows, cap;
	size_t ncells;        /* cells kept in all rows */
	size_t nbytes;        /* their text, as written */
} form_grid;

HZ_MUST_USE hz_code form_grid_read_xlsx(form_grid *g, const char *path, form_table t, normalizer *n, size_t max_rows,
			    hz_error *err);
HZ_MUST_USE hz_code form_grid_read_docx(form_grid *g, const char *path, form_table t, normalizer *n, size_t max_rows,
			    hz_error *err);
HZ_MUST_USE hz_code form_grid_read_csv(form_grid *g, const char *path, form_table t, normalizer *n, size_t max_rows,
			   hz_error *err);
void form_grid_release(form_grid *g);

/* Sets err->where to the cell's position: "sheet 'X' row 3 column B",
 * "table 1 row 3 column 2" or "line 3 column 2". */
void form_grid_where(const form_grid *g, hz_error *err, uint32_t row, int64_t col);

/* Splits raw text on 、,，;；/／ (and white space when with_spaces) into
 * trimmed non-empty parts (norm_key'd when n is given).  *out is a malloc'd
 * array of malloc'd strings (caller frees).  Returns HZ_OK or HZ_E_NOMEM. */
HZ_MUST_USE hz_code form_split_list(const char *s, size_t len, int with_spaces, normalizer *n, char ***out, size_t *nout);

/* Text trimmed of Unicode white space at both ends, malloc'd. */
char *form_trim_dup(const char *s, size_t len);

/* ---- files (form_open.c) ---- */

typedef enum form_pkg_kind { FORM_PKG_XLSX, FORM_PKG_DOCX } form_pkg_kind;

/* SPEC 5.11's refusals by name alone (an Office owner file; an extension
 * other than .xlsx/.docx and their kin, a converted legacy file judged by
 * the name it is read from): HZ_OK with the kind the name gives, else the
 * code with err filled. */
HZ_MUST_USE hz_code form_open_kind_by_name(const char *path, const char *relpath, form_pkg_kind *kind,
					      hz_error *err);

/*
 * SPEC 5.11 for a submission or review file: an Office owner file (~$) or
 * an extension other than .xlsx/.docx and their kin is refused; then the
 * package is opened (*out, caller frees; it stays open for the reader: a
 * second open would cost another central-directory scan and _rels/.rels
 * parse) and its main part decides *kind, the extension only when the main
 * part says nothing.  *mtime is the file's.  On an error *out is NULL and
 * err says why; the caller names the file.
 */
HZ_MUST_USE hz_code form_open_package(const char *path, const char *relpath, form_pkg_kind *kind, long long *mtime, pkg **out,
			  hz_error *err);

#endif
