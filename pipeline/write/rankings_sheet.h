/*
 * 排名.xlsx's shared workings (rankings.c): the workbook being written, its
 * cell formats and the helpers every sheet uses, so that sheets in their
 * own files (rankings_review.c: SPEC 6.5) look like the others.  Internal
 * to the rankings writer; not for other documents.
 */
#ifndef HZ_RANKINGS_SHEET_H
#define HZ_RANKINGS_SHEET_H

#include <stddef.h>

#include "hzerr.h"
#include "model.h"
#include "write/xlsx_write.h"

typedef struct rk_formats {
	lxw_format *header, *text, *wrap, *number, *percent, *ratio, *date, *integer, *center;
} rk_formats;

typedef struct rk_ctx {
	const hz_results *r;
	lxw_workbook *wb;
	rk_formats f;
	size_t *order;   /* unit indexes: submitted by rank, then not submitted */
	size_t norder;
	hz_error *err;
} rk_ctx;

/* A sheet set up for printing: landscape A4, campaign title on top. */
hz_code add_sheet(rk_ctx *c, const char *name, lxw_worksheet **out);
/* A sheet with its header row written, frozen, printable one page wide. */
hz_code start_sheet(rk_ctx *c, const char *name, const char *const *headers, size_t ncols, xw_widths *cw,
		    lxw_worksheet **out);
/* Filter over the header (row header_row) and the data below it; widths
 * from what was written (cw is released). */
hz_code finish_sheet_at(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t header_row, size_t last_row);
hz_code finish_sheet(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, size_t last_row);
/* Cells that also grow their column. */
hz_code put_text(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t row, size_t col, const char *s,
		 lxw_format *fmt);
hz_code put_number(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t row, size_t col, double v,
		   lxw_format *fmt);
/* Excel's grid is about to end: write put_overflow's note instead. */
int sheet_full(lxw_row_t row);
hz_code put_overflow(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t row);

/* SPEC 6.5 (rankings_review.c): 总排名 with the 考评 and 综合 columns (in
 * place of rankings.c's when the campaign has reviews), 考评明细, 候选名单. */
hz_code rk_write_ranking_reviewed(rk_ctx *c);
hz_code rk_write_review_details(rk_ctx *c);
hz_code rk_write_candidates(rk_ctx *c);

#endif
