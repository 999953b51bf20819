/*
 * 排名.xlsx's sheets of SPEC 6.5 (rankings.c calls them):
 *
 *   总排名   with reviews, in place of rankings.c's: reviewed units by
 *            综合名次, then submitted units not reviewed (综合等次 未考评) by
 *            their self rank, then the rest; the self columns keep their
 *            names (名次, 得分, 得分率（%）, 等次) and the review and final
 *            columns stand beside them; the chart shows 综合得分率
 *   考评明细 unit × task like 明细: each task's 考评得分 and 扣分原因 under
 *            its heading, one row per reviewed unit in 总排名's order
 *   候选名单 the list of SPEC 6.4, in its order (with [candidates])
 *
 * Without reviews and [candidates] none of this runs, so the workbook is
 * what it was before SPEC §6.
 */
#include <stdlib.h>
#include <string.h>

#include "write/rankings_sheet.h"
#include "hz_limits.h"

#include "banned.h"

#define TRY(expr)                          \
	do {                               \
		if ((rc = (expr)) != HZ_OK) \
			goto out;          \
	} while (0)

/* 扣分原因 wraps in a column of at most this many character units. */
#define RV_COMMENT_WIDTH 20.0
/* rankings.c's column widths (finish_sheet), and what a landscape A4 page
 * holds of them at 考评明细's 75 % (明细: 105 at 90 %): two tasks a page. */
#define RV_MIN_WIDTH 6.0
#define RV_MAX_WIDTH 60.0
#define RV_PRINT_SCALE 75
#define RV_PAGE_WIDTH 126.0
/* The chart's bars, as rankings.c's chart (about 20 pixels a unit). */
#define RV_CHART_UNITS 50

typedef struct rv_key {
	int tier;       /* 0 reviewed, 1 submitted not reviewed, 2 the rest */
	int rank;
	size_t index;   /* roster order breaks ties */
} rv_key;

static int by_final(const void *a, const void *b)
{
	const rv_key *x = a, *y = b;
	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	if (x->tier < 2 && x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Unit indexes in 总排名's order with reviews; *nreviewed the first tier.
 * Caller frees. */
static size_t *final_order(const hz_results *r, size_t *nreviewed)
{
	rv_key *keys = malloc((r->nunits ? r->nunits : 1) * sizeof(*keys));
	size_t *order = malloc((r->nunits ? r->nunits : 1) * sizeof(*order));
	*nreviewed = 0;
	if (!keys || !order) {
		free(keys);
		free(order);
		return NULL;
	}
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		keys[i].tier = u->review ? 0 : u->submitted ? 1 : 2;
		keys[i].rank = u->review ? u->review->final_rank : u->rank;
		keys[i].index = i;
		*nreviewed += u->review != NULL;
	}
	qsort(keys, r->nunits, sizeof(*keys), by_final);
	for (size_t i = 0; i < r->nunits; i++)
		order[i] = keys[i].index;
	free(keys);
	return order;
}

static double total_max(const hz_results *r)
{
	double m = 0;
	for (size_t i = 0; i < r->ntasks; i++)
		m += r->tasks[i].max;
	return m;
}

static hz_code ranking_chart(rk_ctx *c, lxw_worksheet *ws, size_t n, lxw_col_t unit_col, lxw_col_t value_col,
			     lxw_col_t at)
{
	lxw_chart *chart = workbook_add_chart(c->wb, LXW_CHART_BAR);
	lxw_chart_series *s;
	lxw_chart_options opt;
	lxw_error e;
	const int capped = n > RV_CHART_UNITS;
	if (!chart || !(s = chart_add_series(chart, NULL, NULL)))
		return hz_error_set(c->err, HZ_E_NOMEM, "cannot add chart");
	if (capped)
		n = RV_CHART_UNITS;
	chart_series_set_categories(s, "总排名", 1, unit_col, (lxw_row_t)n, unit_col);
	chart_series_set_values(s, "总排名", 1, value_col, (lxw_row_t)n, value_col);
	chart_series_set_name(s, "综合得分率（%）");
	chart_series_set_labels(s);
	chart_title_set_name(chart, capped ? "综合得分率（%）前50名" : "各单位综合得分率（%）");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	chart_axis_set_reverse(chart->y_axis);
	chart_axis_set_min(chart->x_axis, 0);
	chart_axis_set_max(chart->x_axis, 100);
	memset(&opt, 0, sizeof(opt));
	opt.x_scale = 1.5;
	opt.y_scale = n * 20.0 + 90 > 288 ? (n * 20.0 + 90) / 288 : 1;
	e = worksheet_insert_chart_opt(ws, 1, at, chart, &opt);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(c->err, e, "cannot insert chart");
}

hz_code rk_write_ranking_reviewed(rk_ctx *c)
{
	static const char *const headers[] = {
		"综合名次", "单位",   "分组",     "综合得分", "综合得分率（%）", "综合等次", "考评得分",
		"考评得分率（%）", "名次", "得分", "得分率（%）", "等次", "自评偏高", "满分",
		"完成率",   "逾期报送", "滞后", "报送日期", "评审组", "考评日期", "文件", "备注"};
	enum {
		C_FRANK, C_UNIT, C_GROUP, C_FSCORE, C_FPERCENT, C_FGRADE, C_RSCORE, C_RPERCENT, C_RANK, C_SCORE,
		C_PERCENT, C_GRADE, C_OVER, C_MAX, C_COMPL, C_LATE, C_LAG, C_DATE, C_RGROUP, C_RDATE, C_FILE, C_NOTE,
		NCOLS
	};
	const hz_results *r = c->r;
	const double max = total_max(r);
	size_t nreviewed, *order = final_order(r, &nreviewed);
	lxw_worksheet *ws;
	xw_widths cw = {0};
	hz_code rc;

	if (!order)
		return hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
	TRY(start_sheet(c, "总排名", headers, NCOLS, &cw, &ws));
	worksheet_freeze_panes(ws, 1, 2);
	for (size_t k = 0; k < r->nunits; k++) {
		const hz_unit *u = &r->units[order[k]];
		const hz_review *rv = u->review;
		lxw_row_t row = (lxw_row_t)(k + 1);
		TRY(put_text(c, ws, &cw, row, C_UNIT, u->name, NULL));
		TRY(put_text(c, ws, &cw, row, C_GROUP, u->group, NULL));
		TRY(put_text(c, ws, &cw, row, C_LAG, u->lagging ? "是" : "否", c->f.center));
		TRY(put_number(c, ws, &cw, row, C_MAX, max, c->f.number));
		if (rv) {
			TRY(put_number(c, ws, &cw, row, C_FRANK, rv->final_rank, c->f.integer));
			TRY(put_number(c, ws, &cw, row, C_FSCORE, rv->final_score, c->f.number));
			TRY(put_number(c, ws, &cw, row, C_FPERCENT, rv->final_percent, c->f.percent));
			TRY(put_text(c, ws, &cw, row, C_FGRADE, rv->final_grade ? rv->final_grade : "", c->f.center));
			TRY(put_number(c, ws, &cw, row, C_RSCORE, rv->score, c->f.number));
			TRY(put_number(c, ws, &cw, row, C_RPERCENT, rv->percent, c->f.percent));
			TRY(put_text(c, ws, &cw, row, C_OVER, u->overrated ? "是" : "否", c->f.center));
			TRY(put_text(c, ws, &cw, row, C_RGROUP, rv->group, NULL));
			xw_widths_note(&cw, C_RDATE, rv->date);
			TRY(xw_date(ws, row, C_RDATE, rv->date, c->f.date, c->err));
		} else {
			static const size_t blank[] = {C_FRANK, C_FSCORE, C_FPERCENT, C_RSCORE, C_RPERCENT, C_OVER,
						       C_RGROUP, C_RDATE};
			TRY(put_text(c, ws, &cw, row, C_FGRADE, u->submitted ? "未考评" : hz_before_deadline(&c->r->settings) ? "尚未报送" : "未报送", c->f.center));
			for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
				TRY(put_text(c, ws, &cw, row, blank[i], NULL, NULL));
		}
		if (!u->submitted) {
			static const size_t blank[] = {C_RANK, C_SCORE, C_PERCENT, C_COMPL, C_LATE, C_DATE, C_FILE, C_NOTE};
			TRY(put_text(c, ws, &cw, row, C_GRADE, hz_before_deadline(&c->r->settings) ? "尚未报送" : "未报送", c->f.center));
			for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
				TRY(put_text(c, ws, &cw, row, blank[i], NULL, NULL));
			continue;
		}
		TRY(put_number(c, ws, &cw, row, C_RANK, u->rank, c->f.integer));
		TRY(put_number(c, ws, &cw, row, C_SCORE, u->score, c->f.number));
		TRY(put_number(c, ws, &cw, row, C_PERCENT, u->percent, c->f.percent));
		TRY(put_text(c, ws, &cw, row, C_GRADE, u->grade ? u->grade : "", c->f.center));
		TRY(put_number(c, ws, &cw, row, C_COMPL, u->completion, c->f.ratio));
		TRY(put_text(c, ws, &cw, row, C_LATE, u->late ? "是" : "否", c->f.center));
		xw_widths_note(&cw, C_DATE, u->date);
		TRY(xw_date(ws, row, C_DATE, u->date, c->f.date, c->err));
		TRY(put_text(c, ws, &cw, row, C_FILE, u->file, NULL));
		TRY(put_text(c, ws, &cw, row, C_NOTE, u->narrative ? "提交的是文字报告，未按表格填报，按0分计" : NULL,
			     NULL));
	}
	TRY(finish_sheet(c, ws, &cw, r->nunits));
	/* Printed without 文件 and 备注: 22 columns on one page are too small
	 * to read, and the paths are for the screen. */
	if (worksheet_print_area(ws, 0, 0, (lxw_row_t)r->nunits, C_RDATE) != LXW_NO_ERROR) {
		rc = hz_error_set(c->err, HZ_E_WRITE, "cannot set print area");
		goto out;
	}
	if (nreviewed > 0)
		TRY(ranking_chart(c, ws, nreviewed, C_UNIT, C_FPERCENT, NCOLS + 1));
out:
	xw_widths_release(&cw);
	free(order);
	return rc;
}

/* "1.2 title（满分5分）" over a task's two columns. */
static char *task_heading(const hz_task *t)
{
	char max[32];
	size_t n;
	char *s;
	snprintf(max, sizeof(max), "%.15g", t->max);
	n = strlen(t->id ? t->id : "") + strlen(t->title ? t->title : "") + strlen(max) + 32;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s %s（满分%s分）", t->id ? t->id : "", t->title ? t->title : "", max);
	return s;
}

/* Printed, 考评明细 runs across pages, each repeating 综合名次 and 单位:
 * the breaks go between tasks, so no task's two columns (and merged
 * heading) are cut in two.  first: the first column of the tasks. */
static hz_code detail_breaks(rk_ctx *c, lxw_worksheet *ws, const xw_widths *cw, size_t first, size_t ntasks)
{
	const double repeat = xw_widths_column(cw, 0, RV_MIN_WIDTH, RV_MAX_WIDTH) +
			      xw_widths_column(cw, 1, RV_MIN_WIDTH, RV_MAX_WIDTH);
	double used = 0;
	lxw_col_t *breaks = calloc(ntasks + 1, sizeof(*breaks));
	size_t n = 0;
	lxw_error e = LXW_NO_ERROR;

	if (!breaks)
		return hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
	for (size_t k = 0; k < first; k++)
		used += xw_widths_column(cw, k, RV_MIN_WIDTH, RV_MAX_WIDTH);
	for (size_t i = 0; i < ntasks; i++) {
		const size_t col = first + 2 * i;
		const double group = xw_widths_column(cw, col, RV_MIN_WIDTH, RV_MAX_WIDTH) +
				     xw_widths_column(cw, col + 1, RV_MIN_WIDTH, RV_MAX_WIDTH);
		if (used + group > RV_PAGE_WIDTH && used > repeat && n < LXW_BREAKS_MAX) {
			breaks[n++] = (lxw_col_t)col;
			used = repeat;
		}
		used += group;
	}
	worksheet_set_print_scale(ws, RV_PRINT_SCALE);
	if (n > 0)
		e = worksheet_set_v_pagebreaks(ws, breaks);
	free(breaks);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(c->err, e, "cannot set page breaks");
}

hz_code rk_write_review_details(rk_ctx *c)
{
	/* 评审组 and 考评日期 after the tasks: the columns printed on every
	 * page stay few */
	enum { C_RANK, C_UNIT, C_GROUP, C_SCORE, C_FIRST };
	static const char *const fixed[] = {"综合名次", "单位", "分组", "考评总分"};
	const hz_results *r = c->r;
	const size_t C_RGROUP = C_FIRST + 2 * r->ntasks, C_RDATE = C_RGROUP + 1, ncols = C_RDATE + 1;
	size_t nreviewed, *order = final_order(r, &nreviewed), max_lines = 1;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	lxw_row_t row = 1;
	char **titles = calloc(r->ntasks ? r->ntasks : 1, sizeof(*titles));
	hz_code rc = HZ_OK;

	if (!order || !titles) {
		rc = hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	if (ncols > HZ_MAX_COLS) {
		rc = hz_error_set(c->err, HZ_E_WRITE, "考评明细: %zu columns exceed Excel's %u", ncols, HZ_MAX_COLS);
		goto out;
	}
	TRY(add_sheet(c, "考评明细", &ws));
	if ((rc = xw_widths_init(&cw, ncols)) != HZ_OK) {
		rc = hz_error_set(c->err, rc, "out of memory");
		goto out;
	}
	/* Row 1: each task's heading over its two columns, whose widths are
	 * fixed first so the heading's lines can be counted (row 1 is flushed
	 * when row 2 starts). */
	for (size_t i = 0; i < r->ntasks; i++) {
		const size_t col = C_FIRST + 2 * i;
		double room;
		size_t lines;
		xw_widths_note_width(&cw, col, 8);
		xw_widths_note_width(&cw, col + 1, RV_COMMENT_WIDTH);
		room = xw_widths_column(&cw, col, RV_MIN_WIDTH, RV_MAX_WIDTH) +
		       xw_widths_column(&cw, col + 1, RV_MIN_WIDTH, RV_MAX_WIDTH);
		if (!(titles[i] = task_heading(&r->tasks[i]))) {
			rc = hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		lines = (size_t)((double)xw_display_width(titles[i]) / (room * 0.8)) + 1;
		if (lines > max_lines)
			max_lines = lines;
	}
	worksheet_set_row(ws, 0, 15.0 * (double)(max_lines < 8 ? max_lines : 8), NULL);
	for (size_t i = 0; i < C_FIRST; i++)
		TRY(xw_text(ws, 0, (lxw_col_t)i, NULL, c->f.header, c->err));
	TRY(xw_text(ws, 0, (lxw_col_t)C_RGROUP, NULL, c->f.header, c->err));
	TRY(xw_text(ws, 0, (lxw_col_t)C_RDATE, NULL, c->f.header, c->err));
	for (size_t i = 0; i < r->ntasks; i++) {
		const lxw_col_t col = (lxw_col_t)(C_FIRST + 2 * i);
		lxw_error e = worksheet_merge_range(ws, 0, col, 0, col + 1, titles[i], c->f.header);
		if (e != LXW_NO_ERROR) {
			rc = xw_fail(c->err, e, "cannot write task heading");
			goto out;
		}
	}
	for (size_t i = 0; i < C_FIRST; i++)
		TRY(put_text(c, ws, &cw, 1, i, fixed[i], c->f.header));
	for (size_t i = 0; i < r->ntasks; i++) {
		TRY(put_text(c, ws, &cw, 1, C_FIRST + 2 * i, "考评得分", c->f.header));
		TRY(put_text(c, ws, &cw, 1, C_FIRST + 2 * i + 1, "扣分原因", c->f.header));
	}
	TRY(put_text(c, ws, &cw, 1, C_RGROUP, "评审组", c->f.header));
	TRY(put_text(c, ws, &cw, 1, C_RDATE, "考评日期", c->f.header));
	worksheet_freeze_panes(ws, 2, C_FIRST);
	worksheet_repeat_rows(ws, 0, 1);
	worksheet_repeat_columns(ws, C_RANK, C_UNIT);

	for (size_t k = 0; k < nreviewed && !sheet_full(row); k++) {
		const hz_unit *u = &r->units[order[k]];
		const hz_review *rv = u->review;
		const size_t n = rv->ntasks < r->ntasks ? rv->ntasks : r->ntasks;
		row++;
		TRY(put_number(c, ws, &cw, row, C_RANK, rv->final_rank, c->f.integer));
		TRY(put_text(c, ws, &cw, row, C_UNIT, u->name, NULL));
		TRY(put_text(c, ws, &cw, row, C_GROUP, u->group, NULL));
		TRY(put_text(c, ws, &cw, row, C_RGROUP, rv->group, NULL));
		xw_widths_note(&cw, C_RDATE, rv->date);
		TRY(xw_date(ws, row, C_RDATE, rv->date, c->f.date, c->err));
		TRY(put_number(c, ws, &cw, row, C_SCORE, rv->score, c->f.number));
		for (size_t i = 0; i < n; i++) {
			const hz_review_task *t = &rv->tasks[i];
			const char *why = t->scored ? t->comment : "未考评，按自评得分计";
			double w = why ? (double)xw_display_width(why) : 0;
			TRY(put_number(c, ws, &cw, row, C_FIRST + 2 * i, t->score, c->f.number));
			xw_widths_note_width(&cw, C_FIRST + 2 * i + 1, w < RV_COMMENT_WIDTH ? w : RV_COMMENT_WIDTH);
			TRY(xw_text(ws, row, (lxw_col_t)(C_FIRST + 2 * i + 1), why, c->f.wrap, c->err));
		}
	}
	if (sheet_full(row))
		TRY(put_overflow(c, ws, &cw, ++row));
	TRY(detail_breaks(c, ws, &cw, C_FIRST, r->ntasks));
	TRY(finish_sheet_at(c, ws, &cw, 1, row));
out:
	xw_widths_release(&cw);
	for (size_t i = 0; titles && i < r->ntasks; i++)
		free(titles[i]);
	free(titles);
	free(order);
	return rc;
}

hz_code rk_write_candidates(rk_ctx *c)
{
	const hz_results *r = c->r;
	const bool reviewed = r->has_reviews;
	const char *const with_reviews[] = {"序号", "单位", "分组", "综合得分率（%）", "综合等次",
					    "自评得分率（%）", "考评得分率（%）", "报送日期"};
	const char *const self_only[] = {"序号", "单位", "分组", "自评得分率（%）", "等次", "报送日期"};
	const char *const *headers = reviewed ? with_reviews : self_only;
	const size_t ncols = reviewed ? 8 : 6, c_date = ncols - 1;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	lxw_row_t row = 0;
	hz_code rc;

	TRY(start_sheet(c, "候选名单", headers, ncols, &cw, &ws));
	worksheet_freeze_panes(ws, 1, 2);
	for (size_t k = 0; k < r->ncandidates && !sheet_full(row); k++) {
		const hz_candidate *cd = &r->candidates[k];
		const hz_unit *u = cd->unit < r->nunits ? &r->units[cd->unit] : NULL;
		if (!u)
			continue;
		row++;
		TRY(put_number(c, ws, &cw, row, 0, (double)(k + 1), c->f.integer));
		TRY(put_text(c, ws, &cw, row, 1, u->name, NULL));
		TRY(put_text(c, ws, &cw, row, 2, u->group, NULL));
		TRY(put_number(c, ws, &cw, row, 3, cd->percent, c->f.percent));
		TRY(put_text(c, ws, &cw, row, 4, cd->grade ? cd->grade : "", c->f.center));
		if (reviewed) {
			TRY(put_number(c, ws, &cw, row, 5, u->percent, c->f.percent));
			if (u->review)
				TRY(put_number(c, ws, &cw, row, 6, u->review->percent, c->f.percent));
			else
				TRY(put_text(c, ws, &cw, row, 6, NULL, NULL));
		}
		xw_widths_note(&cw, c_date, u->date);
		TRY(xw_date(ws, row, (lxw_col_t)c_date, u->date, c->f.date, c->err));
	}
	if (r->ncandidates == 0)
		TRY(put_text(c, ws, &cw, ++row, 1, "（没有符合条件的单位）", NULL));
	TRY(finish_sheet(c, ws, &cw, row));
out:
	xw_widths_release(&cw);
	return rc;
}
