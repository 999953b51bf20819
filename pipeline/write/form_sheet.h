/*
 * What the two writers of forms to fill in share: `huizong forms`
 * (forms.c, the 自查自评表) and `huizong forms --reviews` (review_forms.c,
 * the 考评表 and 考评汇总表): one set of cell formats with tinted, unlocked
 * inputs, merged cells, a score box validated from 0 to the task's max,
 * and the sheet's print setup and protection.
 */
#ifndef HZ_FORM_SHEET_H
#define HZ_FORM_SHEET_H

#include <xlsxwriter.h>

#include "hzerr.h"
#include "write/xlsx_write.h"

/* The tint of the cells a form's reader fills in. */
#define FORM_SHEET_INPUT_FILL 0xFFF2CC

/* Formats owned by the workbook they were added to. */
typedef struct form_sheet_fmt {
	lxw_format *title, *label, *value, *input, *date_input, *note, *header, *wrap, *number, *input_wrap;
} form_sheet_fmt;

/* Adds the formats to wb: inputs unlocked and tinted, the table's cells
 * bordered, everything centred vertically. */
HZ_MUST_USE hz_code form_sheet_formats(lxw_workbook *wb, form_sheet_fmt *f, hz_error *err);

/* Opens the workbook that becomes path (not streaming: forms merge cells
 * upwards), dated as_of and titled doc_title in its properties, with the
 * formats added to it.  On success the caller ends b with xw_book_end. */
HZ_MUST_USE hz_code form_sheet_open(xw_book *b, const char *path, const char *as_of, const char *doc_title,
				    form_sheet_fmt *f, hz_error *err);

/* Merges r1:c1..r2:c2 with text (NULL: blank); a single cell is written
 * as such, since Excel refuses a merge of one cell. */
HZ_MUST_USE hz_code form_sheet_merge(lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2, const char *text,
			 lxw_format *fmt, hz_error *err);

/* A decimal from 0 to max in row:col; title heads its prompt and its error
 * (自评分, 考评得分). */
HZ_MUST_USE hz_code form_sheet_score_check(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double max, const char *title,
			       hz_error *err);

/* Rows up to header_row frozen and repeated on every page, landscape A4 one
 * page wide, and the sheet protected without a password (formatting of rows
 * and columns still allowed), so the wording cannot be changed by accident
 * but an office can still unprotect it. */
void form_sheet_finish(lxw_worksheet *ws, lxw_row_t header_row);

/* out_dir/name, without doubling a trailing slash of out_dir.  Caller
 * frees; NULL when out of memory. */
char *form_sheet_path(const char *out_dir, const char *name);

#endif
