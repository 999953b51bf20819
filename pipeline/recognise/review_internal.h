/*
 * What review_form.c (files), review_table.c (tables) and review_labels.c
 * share (SPEC 6.1).  Private to the review_*.c files.
 */
#ifndef HZ_REVIEW_INTERNAL_H
#define HZ_REVIEW_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "hzerr.h"
#include "recognise/form_internal.h"
#include "recognise/review_form.h"
#include "text/norm.h"

/* Labels found for one review table; the first of each kind wins.
 * Strings owned (norm_text'd values). */
typedef struct rv_labels {
	char *unit, *group;
	int unit_done, group_done;
	form_date_label date;
} rv_labels;

void rv_labels_release(rv_labels *l);

/* SPEC 5.2 / 6.1 on one row of cells (a paragraph is a row of one cell), in
 * reading order.  with_unit 0: below a table, where only the group and the
 * date count. */
HZ_MUST_USE hz_code rv_scan_labels(rv_labels *l, const form_cell *cells, size_t ncells, normalizer *n, int date1904,
		       int with_unit);

/* What below found that above lacks (group and date only). */
HZ_MUST_USE hz_code rv_labels_fill(rv_labels *above, const rv_labels *below);

/* ---- tables (review_table.c) ---- */

/* A sheet or Word table copied: each row's own cells, and the cells that a
 * vertical merge from above stands in (they count for the header only). */
typedef struct rt_row {
	uint32_t row;           /* as Excel shows it / 1-based in the Word table */
	form_cell *cells;       /* texts owned */
	size_t ncells;
	form_cell *vcells;      /* texts borrowed from the merge's first cell */
	size_t nvcells, vcap;
} rt_row;

typedef struct rtable {
	rt_row *rows;
	size_t nrows, cap;
	size_t nbytes;
	int date1904;
} rtable;

typedef struct entry_list {
	hz_review_entry *v;
	size_t n, cap;
} entry_list;

/* Where one table's labels come from and go. */
typedef struct table_ctx {
	const hz_review_keys *keys;
	normalizer *n;
	const char *sheet;      /* NULL for a .docx */
	uint32_t order;
	size_t header_rows;     /* rows searched for the header (xlsx: 15; docx: all) */
	size_t *budget;         /* text left for the file */
} table_ctx;

/* Frees what t holds and zeroes it. */
void rv_rtable_release(rtable *t);
/* Appends a row, copying the cells' texts (HZ_E_LIMIT past HZ_MAX_FORM_ROWS
 * rows or HZ_MAX_FORM_TEXT_BYTES of text). */
HZ_MUST_USE hz_code rv_rtable_add(rtable *t, const form_cell *cells, size_t n, uint32_t rownum);
/* A merged-down copy of src at col in r (texts borrowed). */
HZ_MUST_USE hz_code rv_add_vcell(rt_row *r, const form_cell *src, uint32_t col);
void rv_entry_release(hz_review_entry *e);
/* Whether the cells name a unit or review-score heading (1), not (0), <0 on
 * out of memory: a sheet without one in its first rows has no review header. */
int rv_names_review_role(const form_cell *cells, size_t nc, normalizer *n);
/*
 * One table: its header (within tc->header_rows rows), the labels of the
 * rows above it into `above` (with the unit) and of the rows below into
 * `below` (group and date), and its reviews appended to out.  *found is 0
 * when no row is a review header (nothing appended).
 */
HZ_MUST_USE hz_code rv_read_table(entry_list *out, const table_ctx *tc, const rtable *t, rv_labels *above, rv_labels *below,
		      int *found);
/* The labels of a finished table into its entries [first, end): above
 * wins, then below, then carried (group and date; the unit never carries). */
HZ_MUST_USE hz_code rv_finish_entries(entry_list *out, size_t first, size_t end, rv_labels *above, const rv_labels *below,
			  const rv_labels *carried);

#endif
