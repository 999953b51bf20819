/*
 * Formats, merges, score boxes and print setup of the forms to fill in
 * (form_sheet.h).
 */
#include "write/form_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/xlsx_write.h"

#include "banned.h"

hz_code form_sheet_formats(lxw_workbook *wb, form_sheet_fmt *f, hz_error *err)
{
	lxw_format **all[] = {&f->title, &f->label, &f->value,  &f->input,  &f->date_input, &f->note,
			      &f->header, &f->wrap,  &f->number, &f->input_wrap};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		*all[i] = workbook_add_format(wb);
		if (!*all[i])
			return hz_error_set(err, HZ_E_NOMEM, "out of memory");
		format_set_align(*all[i], LXW_ALIGN_VERTICAL_CENTER);
	}
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_bold(f->label);
	format_set_align(f->label, LXW_ALIGN_RIGHT);
	format_set_bottom(f->value, LXW_BORDER_THIN);
	format_set_text_wrap(f->note);
	format_set_font_size(f->note, 10);
	format_set_bold(f->header);
	format_set_bg_color(f->header, 0xD9E1F2);
	format_set_align(f->header, LXW_ALIGN_CENTER);
	format_set_text_wrap(f->header);
	format_set_text_wrap(f->wrap);
	format_set_align(f->number, LXW_ALIGN_CENTER);
	lxw_format *bordered[] = {f->header, f->wrap, f->number, f->input, f->input_wrap};
	for (size_t i = 0; i < sizeof(bordered) / sizeof(bordered[0]); i++)
		format_set_border(bordered[i], LXW_BORDER_THIN);
	lxw_format *inputs[] = {f->input, f->date_input, f->input_wrap};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		format_set_unlocked(inputs[i]);
		format_set_bg_color(inputs[i], FORM_SHEET_INPUT_FILL);
	}
	format_set_bottom(f->date_input, LXW_BORDER_THIN);
	format_set_num_format(f->date_input, "yyyy\"年\"m\"月\"d\"日\"");
	format_set_text_wrap(f->input_wrap);
	format_set_align(f->input, LXW_ALIGN_CENTER);
	return HZ_OK;
}

hz_code form_sheet_merge(lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2, const char *text,
			 lxw_format *fmt, hz_error *err)
{
	lxw_error e;
	if (r1 == r2 && c1 == c2)
		return xw_text(ws, r1, c1, text, fmt, err);
	e = worksheet_merge_range(ws, r1, c1, r2, c2, text ? text : "", fmt);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot merge cells");
}

hz_code form_sheet_score_check(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double max, const char *title,
			       hz_error *err)
{
	lxw_data_validation v;
	char msg[128];
	lxw_error e;
	memset(&v, 0, sizeof(v));
	v.validate = LXW_VALIDATION_TYPE_DECIMAL;
	v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
	v.minimum_number = 0;
	v.maximum_number = max;
	snprintf(msg, sizeof(msg), "0 至 %g 分", max);
	v.input_title = (char *)title;
	v.input_message = msg;
	v.error_title = (char *)title;
	v.error_message = msg;
	e = worksheet_data_validation_cell(ws, row, col, &v);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot add data validation");
}

void form_sheet_finish(lxw_worksheet *ws, lxw_row_t header_row)
{
	lxw_protection prot;
	worksheet_freeze_panes(ws, header_row + 1, 0);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, header_row, header_row);
	memset(&prot, 0, sizeof(prot));
	prot.format_columns = 1;
	prot.format_rows = 1;
	worksheet_protect(ws, NULL, &prot);
}

hz_code form_sheet_open(xw_book *b, const char *path, const char *as_of, const char *doc_title, form_sheet_fmt *f,
			hz_error *err)
{
	hz_code rc = xw_book_open(b, path, as_of, doc_title, 0, err);

	if (rc == HZ_OK && (rc = form_sheet_formats(b->wb, f, err)) != HZ_OK)
		xw_book_abort(b);
	return rc;
}

char *form_sheet_path(const char *out_dir, const char *name)
{
	size_t dirlen = strlen(out_dir), n = dirlen + strlen(name) + 2;
	char *path = malloc(n);
	if (path)
		snprintf(path, n, "%s%s%s", out_dir, dirlen && out_dir[dirlen - 1] == '/' ? "" : "/", name);
	return path;
}
