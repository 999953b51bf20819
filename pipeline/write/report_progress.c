#include "write/report_progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "write/docdata.h"
#include "write/ooxml/chart.h"

#include "banned.h"

bool report_progress_present(const hz_history *h)
{
	return h && h->n >= 2;
}

static int ymd(const char *s, int *y, int *m, int *d)
{
	return sscanf(s, "%4d-%2d-%2d", y, m, d) == 3;
}

void report_progress_date(const hz_history *h, size_t i, char *out, size_t n)
{
	int y, m, d, y0, m0, d0, y1, m1, d1;
	if (!ymd(h->rows[i].as_of, &y, &m, &d)) {
		snprintf(out, n, "%s", h->rows[i].as_of);
		return;
	}
	if (ymd(h->rows[0].as_of, &y0, &m0, &d0) && ymd(h->rows[h->n - 1].as_of, &y1, &m1, &d1) && y0 == y1)
		snprintf(out, n, "%d月%d日", m, d);
	else
		snprintf(out, n, "%d年%d月%d日", y, m, d);
}

static const char *point_date(const void *ctx, size_t i, char *buf, size_t n)
{
	report_progress_date(ctx, i, buf, n);
	return buf;
}

static void point_value(const void *ctx, size_t s, size_t i, char *buf, size_t n)
{
	const hz_history *h = ctx;
	if (s == 0)
		snprintf(buf, n, "%zu", h->rows[i].submitted);
	else
		docdata_num(buf, n, h->rows[i].average);
}

/* Two line groups, each on its own axes: the average's (on the right, up
 * to 100) may run on top of the first, so its labels sit below its markers
 * and the others' above (SPEC 4: labels not on each other nor on the
 * markers). */
hz_code report_progress_chart_xml(const hz_history *h, bool embedded, dynbuf *out)
{
	static const ooxml_chart_series series[2] = {{"已报送单位（个）", "1F4E79", "t"}, {"平均得分率（%）", "C00000", "b"}};
	static const ooxml_chart_group lines[2] = {
		{.kind = OOXML_CHART_LINES, .first = 0, .n = 1, .cat_axis = 311111111, .val_axis = 322222222},
		{.kind = OOXML_CHART_LINES, .first = 1, .n = 1, .cat_axis = 333333333, .val_axis = 344444444,
		 .cat_hidden = true, .val_right = true, .val_max = "100"}};
	const ooxml_chart c = {.series = series, .nseries = 2, .groups = lines, .ngroups = 2, .npoints = h->n, .ctx = h,
			       .category = point_date, .value = point_value, .label_font = OOXML_FONT_CJK,
			       .cat_font = OOXML_FONT_CJK, .val_font = OOXML_FONT_CJK, .legend = true,
			       .data_rel = embedded ? "rIdData" : NULL};
	return ooxml_chart_xml(&c, out);
}

hz_code report_progress_sheet(const hz_history *h, lxw_worksheet *ws)
{
	lxw_error e = worksheet_write_string(ws, 0, 0, "日期", NULL);
	if (e == LXW_NO_ERROR)
		e = worksheet_write_string(ws, 0, 1, "已报送单位（个）", NULL);
	if (e == LXW_NO_ERROR)
		e = worksheet_write_string(ws, 0, 2, "平均得分率（%）", NULL);
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 2, 16, NULL);
	for (size_t i = 0; i < h->n && e == LXW_NO_ERROR; i++) {
		char date[32];
		report_progress_date(h, i, date, sizeof(date));
		e = worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, date, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, (double)h->rows[i].submitted, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_number(ws, (lxw_row_t)(i + 1), 2, h->rows[i].average, NULL);
	}
	return e == LXW_NO_ERROR ? HZ_OK : HZ_E_WRITE;
}

hz_code report_progress_sentence(const hz_history *h, dynbuf *out)
{
	const hz_history_row *now, *before;
	char d_now[32], d_before[32], avg[64], diff[64];
	double delta;
	hz_code rc;

	if (!report_progress_present(h))
		return HZ_OK;
	now = &h->rows[h->n - 1];
	before = &h->rows[h->n - 2];
	report_progress_date(h, h->n - 1, d_now, sizeof(d_now));
	report_progress_date(h, h->n - 2, d_before, sizeof(d_before));
	docdata_num(avg, sizeof(avg), now->average);
	rc = dynbuf_printf(out, "截至%s，已报送%zu个单位，", d_now, now->submitted);
	if (rc == HZ_OK) {
		if (now->submitted == before->submitted)
			rc = dynbuf_printf(out, "与%s持平；", d_before);
		else
			rc = dynbuf_printf(out, "比%s%s%zu个；", d_before, now->submitted > before->submitted ? "增加" : "减少",
					   now->submitted > before->submitted ? now->submitted - before->submitted
									      : before->submitted - now->submitted);
	}
	delta = round((now->average - before->average) * 100.0) / 100.0;
	docdata_num(diff, sizeof(diff), fabs(delta));
	if (rc == HZ_OK) {
		if (delta == 0)
			rc = dynbuf_printf(out, "平均得分率为%s%%，与%s持平。", avg, d_before);
		else
			rc = dynbuf_printf(out, "平均得分率为%s%%，比%s%s%s个百分点。", avg, d_before,
					   delta > 0 ? "提高" : "降低", diff);
	}
	return rc;
}
