#include "write/rankings_progress.h"

#include <string.h>

#include "write/xlsx_write.h"

#include "banned.h"

enum { P_DATE, P_UNITS, P_SUBMITTED, P_ON_TIME, P_LATE, P_LAGGING, P_REJECTED, P_AVERAGE, NCOLS };

static const char *const headers[NCOLS] = {"日期", "单位", "已报送", "按时报送", "逾期", "滞后单位", "退回文件",
					   "平均得分率（%）"};

/* Widths in Excel character units, as rankings.c sets them. */
#define PROGRESS_MIN_WIDTH 8.0
#define PROGRESS_MAX_WIDTH 20.0

hz_code hz_rankings_progress(lxw_workbook *wb, const hz_results *r, hz_error *err)
{
	const hz_history *h = &r->history;
	lxw_format *head, *date, *integer, *percent;
	lxw_worksheet *ws;
	lxw_chart *chart;
	lxw_chart_series *s;
	lxw_chart_options opt;
	xw_widths cw = {0};
	lxw_error e;
	hz_code rc = HZ_OK;

	if (h->n < 2)
		return HZ_OK;
	ws = workbook_add_worksheet(wb, HZ_PROGRESS_SHEET);
	head = workbook_add_format(wb);
	date = workbook_add_format(wb);
	integer = workbook_add_format(wb);
	percent = workbook_add_format(wb);
	if (!ws || !head || !date || !integer || !percent)
		return hz_error_set(err, HZ_E_NOMEM, "cannot add the sheet " HZ_PROGRESS_SHEET);
	lxw_format *all[] = {head, date, integer, percent};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		format_set_border(all[i], LXW_BORDER_THIN);
		format_set_align(all[i], LXW_ALIGN_VERTICAL_CENTER);
		format_set_align(all[i], LXW_ALIGN_CENTER);
	}
	format_set_bold(head);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_text_wrap(head);
	format_set_num_format(date, "yyyy-mm-dd");
	format_set_num_format(integer, "0");
	format_set_num_format(percent, "0.00");
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	if ((rc = xw_widths_init(&cw, NCOLS)) != HZ_OK)
		return hz_error_set(err, rc, "out of memory");
	for (size_t k = 0; k < NCOLS && rc == HZ_OK; k++) {
		rc = xw_text(ws, 0, (lxw_col_t)k, headers[k], head, err);
		xw_widths_note(&cw, k, headers[k]);
	}
	for (size_t i = 0; i < h->n && rc == HZ_OK; i++) {
		const hz_history_row *w = &h->rows[i];
		const lxw_row_t row = (lxw_row_t)(i + 1);
		const double counts[] = {(double)w->units,   (double)w->submitted, (double)w->on_time,
					 (double)w->late,    (double)w->lagging,   (double)w->rejected};
		rc = xw_date(ws, row, P_DATE, w->as_of, date, err);
		xw_widths_note(&cw, P_DATE, w->as_of);
		for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]) && rc == HZ_OK; k++)
			rc = xw_number(ws, row, (lxw_col_t)(P_UNITS + k), counts[k], integer, err);
		if (rc == HZ_OK)
			rc = xw_number(ws, row, P_AVERAGE, w->average, percent, err);
	}
	if (rc == HZ_OK) {
		worksheet_freeze_panes(ws, 1, 0);
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)h->n, NCOLS - 1);
		if (e != LXW_NO_ERROR)
			rc = xw_fail(err, e, "cannot set filter");
	}
	if (rc == HZ_OK)
		rc = xw_widths_apply(&cw, ws, PROGRESS_MIN_WIDTH, PROGRESS_MAX_WIDTH, err);
	xw_widths_release(&cw);
	if (rc != HZ_OK)
		return rc;

	/* Two charts, one scale each (libxlsxwriter 1.1 has no second axis):
	 * submitted units, then the average percent, under each other. */
	for (int k = 0; k < 2; k++) {
		const lxw_col_t col = k ? P_AVERAGE : P_SUBMITTED;
		chart = workbook_add_chart(wb, LXW_CHART_LINE);
		if (!chart)
			return hz_error_set(err, HZ_E_NOMEM, "cannot add chart");
		s = chart_add_series(chart, NULL, NULL);
		if (!s)
			return hz_error_set(err, HZ_E_NOMEM, "cannot add chart series");
		chart_series_set_categories(s, HZ_PROGRESS_SHEET, 1, P_DATE, (lxw_row_t)h->n, P_DATE);
		chart_series_set_values(s, HZ_PROGRESS_SHEET, 1, col, (lxw_row_t)h->n, col);
		chart_series_set_name(s, k ? "平均得分率（%）" : "已报送单位");
		chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
		chart_series_set_labels(s);
		chart_title_set_name(chart, k ? "平均得分率（%）" : "已报送单位");
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		chart_axis_set_min(chart->y_axis, 0);
		if (k)
			chart_axis_set_max(chart->y_axis, 100);
		chart_axis_set_num_format(chart->x_axis, "yyyy-mm-dd");
		memset(&opt, 0, sizeof(opt));
		opt.x_scale = 1.4;
		e = worksheet_insert_chart_opt(ws, (lxw_row_t)(1 + 16 * k), NCOLS + 1, chart, &opt);
		if (e != LXW_NO_ERROR)
			return xw_fail(err, e, "cannot insert chart");
	}
	return HZ_OK;
}
