#include "write/rankings_progress.h"

#include "banned.h"

enum { P_DATE, P_UNITS, P_SUBMITTED, P_ON_TIME, P_LATE, P_LAGGING, P_REJECTED, P_AVERAGE, NCOLS };

static const char *const headers[NCOLS] = {"日期", "单位", "已报送", "按时报送", "逾期", "滞后单位", "退回文件",
					   "平均得分率（%）"};

/* Widths in Excel character units: short columns of numbers. */
#define PROGRESS_MIN_WIDTH 8.0
#define PROGRESS_MAX_WIDTH 20.0

hz_code rk_progress_write(rk_frame *f)
{
	/* Two charts, one scale each (libxlsxwriter 1.1 has no second axis):
	 * submitted units, then the average percent, under each other. */
	static const rk_line_chart charts[] = {{"已报送单位", "已报送单位", 0},
					       {"平均得分率（%）", "平均得分率（%）", 100}};
	const hz_history *h = &f->r->history;
	rk_sheet *s;
	hz_code rc;

	if (h->n < 2)
		return HZ_OK;
	rc = rk_frame_add_bare_sheet(f, "进度", NCOLS, &s);
	for (size_t k = 0; k < NCOLS && rc == HZ_OK; k++)
		rc = rk_frame_text(s, 0, k, headers[k], RK_HEADER);
	for (size_t i = 0; i < h->n && rc == HZ_OK; i++) {
		const hz_history_row *w = &h->rows[i];
		const double counts[] = {(double)w->units,   (double)w->submitted, (double)w->on_time,
					 (double)w->late,    (double)w->lagging,   (double)w->rejected};
		rc = rk_frame_date(s, i + 1, P_DATE, w->as_of);
		for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]) && rc == HZ_OK; k++)
			rc = rk_frame_cell_number(s, i + 1, P_UNITS + k, counts[k], RK_INTEGER);
		if (rc == HZ_OK)
			rc = rk_frame_cell_number(s, i + 1, P_AVERAGE, w->average, RK_PERCENT_CENTER);
	}
	if (rc != HZ_OK)
		return rc;
	rk_frame_freeze(s, 1, 0);
	rc = rk_frame_finish_within(s, 0, h->n, PROGRESS_MIN_WIDTH, PROGRESS_MAX_WIDTH);
	for (size_t k = 0; k < 2 && rc == HZ_OK; k++)
		rc = rk_frame_line_chart(s, &charts[k], h->n, P_DATE, k ? P_AVERAGE : P_SUBMITTED, 1 + 16 * k, NCOLS + 1);
	return rc;
}
