/*
 * 排名.xlsx's frame: the workbook being written, its cell styles, and what
 * every sheet of it does alike — a printable sheet with the campaign title
 * on top, a header row, cells that grow their column, a filter, the note
 * where Excel's grid ends, the ranking's bar chart, the task-heading matrix
 * of 明细 and 考评明细.  The sheets (rankings.c, rankings_review.c,
 * rankings_rectify.c, rankings_phases.c, rankings_progress.c) include this
 * header only: none of them calls libxlsxwriter, so how the workbook is
 * written is this module's business alone.
 *
 * A frame writes one sheet at a time, top to bottom (the workbook streams:
 * a row is final once the next one starts).  Adding a sheet ends the
 * previous one; rk_frame_finish sets its filter and widths.
 */
#ifndef HZ_RANKINGS_FRAME_H
#define HZ_RANKINGS_FRAME_H

#include <stddef.h>

#include "hzerr.h"
#include "model.h"

/* Cell styles: every one with a thin border, vertically centred. */
typedef enum rk_style {
	RK_HEADER,  /* bold on light blue, centred, wrapped */
	RK_TEXT,
	RK_WRAP,
	RK_NUMBER,  /* General */
	RK_PERCENT, /* 0.00 (a percent stored 0–100) */
	RK_RATIO,   /* 0.00% (a fraction) */
	RK_DATE,    /* yyyy-mm-dd, centred */
	RK_INTEGER, /* 0, centred */
	RK_CENTER,
	RK_PERCENT_CENTER, /* 0.00, centred */
	RK_NSTYLES
} rk_style;

typedef struct rk_frame_book rk_frame_book; /* the workbook: rankings_frame.c's */
typedef struct rk_sheet rk_sheet;           /* the sheet being written */

typedef struct rk_frame {
	const hz_results *r;
	size_t *order;         /* owned; unit indexes: submitted by rank, then not submitted */
	size_t norder;
	double total_max;      /* the checklist's full score: every task's max */
	hz_error *err;
	rk_frame_book *book;   /* owned */
} rk_frame;

/* Opens the workbook that becomes out_path (at rk_frame_commit).  Always
 * end with rk_frame_commit or rk_frame_release. */
HZ_MUST_USE hz_code rk_frame_open(rk_frame *f, const hz_results *r, const char *out_path, hz_error *err);
/* Writes the workbook and puts it in place; releases f. */
HZ_MUST_USE hz_code rk_frame_commit(rk_frame *f);
/* Drops the workbook (nothing is written); safe after rk_frame_commit. */
void rk_frame_release(rk_frame *f);

/* A unit's place in a sheet's order: its tier first, then its rank
 * within the tier (give 0 where a tier is not ranked), then roster order. */
typedef void (*rk_unit_key)(const hz_unit *u, int *tier, int *rank);
/* Unit indexes of r (r->nunits of them, into order: caller's) in key's
 * order.  The keys are total, so qsort's instability cannot show. */
HZ_MUST_USE hz_code rk_frame_order_units(size_t *order, const hz_results *r, rk_unit_key key);

/* The columns of 总排名 the sheet with reviews (rankings_review.c) keeps
 * from the sheet without (rankings.c): the unit and its self-assessment. */
typedef struct rk_self_columns {
	size_t unit, group, lag, rank, score, percent, grade, completion, late, date, file, note;
} rk_self_columns;
/* Writes u's cells of those columns in row; a unit that did not submit
 * gets 尚未报送 / 未报送 under 等次 and blank cells. */
HZ_MUST_USE hz_code rk_frame_self_columns(rk_frame *f, rk_sheet *s, size_t row, const hz_unit *u,
					  const rk_self_columns *c);

/* A sheet set up for printing (landscape A4, campaign title on top) with
 * ncols columns whose widths grow as cells are written, its header row
 * written, frozen, printable one page wide.  *out stays valid until the
 * next sheet is added or the frame ends. */
HZ_MUST_USE hz_code rk_frame_start_sheet(rk_frame *f, const char *name, const char *const *headers, size_t ncols,
			     rk_sheet **out);
/* A sheet without the title on top or a header row (进度, a sheet for the
 * screen). */
HZ_MUST_USE hz_code rk_frame_add_bare_sheet(rk_frame *f, const char *name, size_t ncols, rk_sheet **out);
/* Filter over the header (row header_row) and the data below it down to
 * last_row; each column as wide as its widest text. */
HZ_MUST_USE hz_code rk_frame_finish(rk_sheet *s, size_t header_row, size_t last_row);
/* The same with the columns' widths kept within [min, max]. */
HZ_MUST_USE hz_code rk_frame_finish_within(rk_sheet *s, size_t header_row, size_t last_row, double min, double max);

/* Cells that also grow their column.  A NULL or empty text writes a blank
 * cell carrying the style (its border). */
HZ_MUST_USE hz_code rk_frame_text(rk_sheet *s, size_t row, size_t col, const char *text, rk_style style);
HZ_MUST_USE hz_code rk_frame_number(rk_sheet *s, size_t row, size_t col, double v, rk_style style);
/* A "YYYY-MM-DD" date as a date (RK_DATE), anything else as text. */
HZ_MUST_USE hz_code rk_frame_date(rk_sheet *s, size_t row, size_t col, const char *ymd);
/* A cell that leaves its column's width alone: for a text whose width
 * the sheet notes itself (rk_frame_note), once rather than on every row. */
HZ_MUST_USE hz_code rk_frame_cell(rk_sheet *s, size_t row, size_t col, const char *text, rk_style style);
HZ_MUST_USE hz_code rk_frame_cell_number(rk_sheet *s, size_t row, size_t col, double v, rk_style style);
void rk_frame_note(rk_sheet *s, size_t col, const char *text);
void rk_frame_note_width(rk_sheet *s, size_t col, double width);
/* The width rk_frame_note notes for text (East Asian characters count 2). */
size_t rk_frame_text_width(const char *text);

/* Excel's grid is about to end at row: write rk_frame_overflow's note in
 * the next row instead of going on (results.json has everything). */
int rk_frame_full(size_t row);
HZ_MUST_USE hz_code rk_frame_overflow(rk_sheet *s, size_t row);

/* Rows and columns that stay in view (rows above row, columns left of col). */
void rk_frame_freeze(rk_sheet *s, size_t row, size_t col);
/* Printed: only rows 0..last_row and columns 0..last_col. */
HZ_MUST_USE hz_code rk_frame_print_area(rk_sheet *s, size_t last_row, size_t last_col);

/* A bar chart of the first n units' values (rows 1..n of columns unit_col
 * and value_col), the first on top, placed at row 1 of column at: all n
 * when n <= cap, titled title; else the first cap, titled capped_title. */
typedef struct rk_bar_chart {
	const char *series, *title, *capped_title;
	size_t cap;
} rk_bar_chart;
HZ_MUST_USE hz_code rk_frame_bar_chart(rk_sheet *s, const rk_bar_chart *chart, size_t n, size_t unit_col, size_t value_col,
			   size_t at);

/* A line chart of rows 1..nrows of value_col by the dates of date_col,
 * from 0 up (to max when max > 0), placed at row at_row of column at_col. */
typedef struct rk_line_chart {
	const char *series, *title;
	double max;
} rk_line_chart;
HZ_MUST_USE hz_code rk_frame_line_chart(rk_sheet *s, const rk_line_chart *chart, size_t nrows, size_t date_col,
			    size_t value_col, size_t at_row, size_t at_col);

/*
 * 明细 and 考评明细: unit × task, two header rows.  Row 0 carries each
 * task's heading ("1.2 title（满分5分）", with "，至少2次" when min_count
 * says so) merged over the task's columns; row 1 names every column.  The
 * columns: fixed ones, the tasks' (width(t) each), then after ones.
 */
typedef struct rk_task_matrix {
	const char *name;
	const char *const *fixed;      /* labels of the columns before the tasks */
	size_t nfixed;
	const char *const *after;      /* labels of the columns after the tasks */
	size_t nafter;
	size_t (*width)(const hz_task *t);   /* columns of a task (at most 3) */
	const char *const *labels;     /* a task's column labels: the first width(t) */
	const double *preset;          /* a task's column widths before any cell */
	int min_count;                 /* the heading names the minimum count */
} rk_task_matrix;
/* Adds the sheet with both header rows written, frozen below them and
 * right of the fixed columns, which print on every page with the first two
 * columns.  first (r->ntasks + 1 entries, caller's) gets each task's first
 * column, and the column after the last task. */
HZ_MUST_USE hz_code rk_frame_task_matrix(rk_frame *f, const rk_task_matrix *m, size_t *first, rk_sheet **out);
/* Printed at scale percent, the matrix runs across pages each about
 * page_width columns wide (Excel's character units), breaking between tasks
 * (first as rk_frame_task_matrix gave it) so no task is cut in two. */
HZ_MUST_USE hz_code rk_frame_task_page_breaks(rk_sheet *s, const size_t *first, size_t ntasks, int scale, double page_width);

#endif
