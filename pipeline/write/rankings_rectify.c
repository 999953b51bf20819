#include "write/rankings_rectify.h"

#include <string.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "write/rectify_docs.h"
#include "write/xlsx_write.h"

#include "banned.h"

#define SHEET "整改台账"
#define MIN_WIDTH 6.0
#define MAX_WIDTH 60.0

static hz_code put(lxw_worksheet *ws, xw_widths *cw, lxw_row_t row, size_t col, const char *s, lxw_format *fmt,
		   hz_error *err)
{
	xw_widths_note(cw, col, s);
	return xw_text(ws, row, (lxw_col_t)col, s, fmt, err);
}

/* Landscape A4, the sheet's name on top and page numbers below, as the
 * other sheets print. */
static hz_code page_setup(lxw_worksheet *ws, hz_error *err)
{
	lxw_error e = worksheet_set_header(ws, "&C" SHEET);
	if (e == LXW_NO_ERROR)
		e = worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
	if (e != LXW_NO_ERROR)
		return xw_fail(err, e, "cannot set page header");
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	return HZ_OK;
}

hz_code hz_rankings_rectify_sheet(lxw_workbook *wb, const hz_results *r, const hz_rankings_rectify_formats *fm,
				  hz_error *err)
{
	static const char *const headers[] = {"单位",     "分组",     "任务序号", "任务",     "考评时存在的问题",
					      "整改情况", "整改后自查自评表", "报送日期", "逾期报送"};
	enum { C_UNIT, C_GROUP, C_ID, C_TITLE, C_PROBLEM, C_STATE, C_FILE, C_DATE, C_LATE, NCOLS };
	const hz_rankings_rectify_formats f = *fm;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	dynbuf problem;
	lxw_row_t row = 0;
	int full = 0;
	hz_code rc;

	if (!r->has_rectification)
		return HZ_OK;
	dynbuf_init(&problem, HZ_MAX_PART_BYTES);
	ws = workbook_add_worksheet(wb, SHEET);
	if (!ws) {
		rc = hz_error_set(err, HZ_E_NOMEM, "cannot add sheet %s", SHEET);
		goto out;
	}
	if ((rc = page_setup(ws, err)) != HZ_OK)
		goto out;
	if ((rc = xw_widths_init(&cw, NCOLS)) != HZ_OK) {
		rc = hz_error_set(err, rc, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < NCOLS && rc == HZ_OK; i++)
		rc = put(ws, &cw, 0, i, headers[i], f.header, err);
	if (rc != HZ_OK)
		goto out;
	worksheet_freeze_panes(ws, 1, 1);
	/* units in roster order, their tasks in checklist order */
	for (size_t i = 0; i < r->nunits && !full; i++) {
		const hz_unit *u = &r->units[i];
		const hz_rectification *rc_u = u->rectification;
		for (size_t k = 0; rc_u && k < rc_u->ntasks; k++) {
			const hz_task *t = &r->tasks[rc_u->tasks[k]];
			if ((unsigned long long)row + 2 >= HZ_MAX_ROWS) {
				full = 1;
				break;
			}
			row++;
			problem.len = 0;
			if ((rc = dynbuf_addstr(&problem, "")) != HZ_OK ||
			    (rc = rectify_problem_text(r, u, rc_u->tasks[k], &problem)) != HZ_OK) {
				rc = hz_error_set(err, rc, "out of memory");
				goto out;
			}
			if ((rc = put(ws, &cw, row, C_UNIT, u->name, f.text, err)) != HZ_OK ||
			    (rc = put(ws, &cw, row, C_GROUP, u->group, f.text, err)) != HZ_OK ||
			    (rc = put(ws, &cw, row, C_ID, t->id, f.center, err)) != HZ_OK ||
			    (rc = put(ws, &cw, row, C_TITLE, t->title, f.wrap, err)) != HZ_OK ||
			    (rc = put(ws, &cw, row, C_PROBLEM, dynbuf_str(&problem), f.wrap, err)) != HZ_OK ||
			    (rc = put(ws, &cw, row, C_STATE, rc_u->closed[k] ? RECTIFY_CLOSED : RECTIFY_OPEN, f.center,
				      err)) != HZ_OK ||
			    (rc = put(ws, &cw, row, C_FILE, rc_u->has_form ? rc_u->file : NULL, f.text, err)) != HZ_OK)
				goto out;
			if (rc_u->has_form) {
				xw_widths_note(&cw, C_DATE, rc_u->date);
				rc = xw_date(ws, row, C_DATE, rc_u->date, f.date, err);
				if (rc == HZ_OK)
					rc = put(ws, &cw, row, C_LATE, rc_u->late ? "是" : "否", f.center, err);
			} else {
				rc = put(ws, &cw, row, C_DATE, NULL, f.date, err);
				if (rc == HZ_OK)
					rc = put(ws, &cw, row, C_LATE, NULL, f.center, err);
			}
			if (rc != HZ_OK)
				goto out;
		}
	}
	if (full && (rc = put(ws, &cw, ++row, 0, "（以下从略：超过 Excel 的行数上限，完整数据见 results.json）", f.text,
			      err)) != HZ_OK)
		goto out;
	if (worksheet_autofilter(ws, 0, 0, row, NCOLS - 1) != LXW_NO_ERROR) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot set filter");
		goto out;
	}
	rc = xw_widths_apply(&cw, ws, MIN_WIDTH, MAX_WIDTH, err);
out:
	xw_widths_release(&cw);
	dynbuf_release(&problem);
	return rc;
}
