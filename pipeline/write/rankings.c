/*
 * 排名.xlsx (SPEC §4): the office's working copy of the results — every
 * figure of results.json in sheets it can sort, filter and print.
 *
 *   总排名   submitted units by rank, then those that did not submit, and a
 *            bar chart of the percents
 *   候选名单 with [candidates] (rankings_review.c)
 *   分类得分 unit × category score and max
 *   明细     unit × task: status, score and count of every task
 *   考评明细 with reviews: unit × task review scores and comments, and
 *            总排名 gains the 考评 and 综合 columns (rankings_review.c)
 *   问题清单 every problem of every unit
 *   整改台账 the rectification round, when there is one (rankings_rectify.c)
 *   阶段报送 with [phases]: each unit's phase documents (rankings_phases.c; SPEC 9.4)
 *   未报送   the units that sent nothing
 *   校验     rejected files, unknown units, superseded files, warnings
 *   进度     the nightly history by as_of date (rankings_progress.c; SPEC 8.4)
 *
 * Numbers are stored as numbers (percent as 0–100 with two decimals, as in
 * results.json; completion as a fraction shown 0.00%), dates as dates.
 */
#include <stdlib.h>
#include <string.h>

#include "write/docdata.h"
#include "write/docs.h"
#include "hz_limits.h"
#include "write/rankings_rectify.h"
#include "write/rankings_phases.h"
#include "write/rankings_progress.h"
#include "write/rankings_sheet.h"
#include "write/xlsx_write.h"

#include "banned.h"

#define TOSTR_(x) #x
#define TOSTR(x) TOSTR_(x)

/* Widths in Excel character units: long texts wrap instead of widening. */
#define RK_MIN_WIDTH 6.0
#define RK_MAX_WIDTH 60.0
/* 明细 prints at 90 %, where a landscape A4 page holds about 115 of these
 * units in LibreOffice (Excel a little more): its pages break by 105. */
#define RK_DETAIL_PRINT_SCALE 90
#define RK_PAGE_WIDTH 105.0

static const char *status_zh(hz_status s)
{
	switch (s) {
	case HZ_ST_DONE:
		return "已完成";
	case HZ_ST_PARTIAL:
		return "推进中";
	case HZ_ST_NOT_STARTED:
		return "未开展";
	case HZ_ST_MENTIONED:
		return "报告中已提及";
	case HZ_ST_NOT_MENTIONED:
		return "报告中未提及";
	case HZ_ST_MISSING:
		break;
	}
	return "未填报";
}


static const hz_task *find_task(const hz_results *r, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].id && strcmp(r->tasks[i].id, id) == 0)
			return &r->tasks[i];
	return NULL;
}

typedef struct rk_key {
	int submitted;
	int rank;
	size_t index; /* roster order breaks ties */
} rk_key;

static int by_rank(const void *a, const void *b)
{
	const rk_key *ka = a, *kb = b;
	if (ka->submitted != kb->submitted)
		return ka->submitted ? -1 : 1;
	if (ka->submitted && ka->rank != kb->rank)
		return ka->rank < kb->rank ? -1 : 1;
	return ka->index < kb->index ? -1 : (ka->index > kb->index);
}

/* Submitted units by rank (ties in roster order), then the others in roster
 * order.  The keys are total, so qsort's instability cannot show. */
static hz_code order_units(size_t *order, const hz_results *r)
{
	rk_key *keys = malloc((r->nunits ? r->nunits : 1) * sizeof(*keys));
	if (!keys)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < r->nunits; i++) {
		keys[i].submitted = r->units[i].submitted;
		keys[i].rank = r->units[i].rank;
		keys[i].index = i;
	}
	qsort(keys, r->nunits, sizeof(*keys), by_rank);
	for (size_t i = 0; i < r->nunits; i++)
		order[i] = keys[i].index;
	free(keys);
	return HZ_OK;
}

static hz_code make_formats(rk_ctx *c)
{
	rk_formats *f = &c->f;
	lxw_format **all[] = {&f->header, &f->text,  &f->wrap,    &f->number, &f->percent,
			      &f->ratio,  &f->date,  &f->integer, &f->center};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		*all[i] = workbook_add_format(c->wb);
		if (!*all[i])
			return hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
		format_set_border(*all[i], LXW_BORDER_THIN);
		format_set_align(*all[i], LXW_ALIGN_VERTICAL_CENTER);
	}
	format_set_bold(f->header);
	format_set_bg_color(f->header, 0xD9E1F2);
	format_set_align(f->header, LXW_ALIGN_CENTER);
	format_set_text_wrap(f->header);
	format_set_text_wrap(f->wrap);
	format_set_num_format(f->number, "General");
	format_set_num_format(f->percent, "0.00");
	format_set_num_format(f->ratio, "0.00%");
	format_set_num_format(f->date, "yyyy-mm-dd");
	format_set_num_format(f->integer, "0");
	format_set_align(f->integer, LXW_ALIGN_CENTER);
	format_set_align(f->center, LXW_ALIGN_CENTER);
	format_set_align(f->date, LXW_ALIGN_CENTER);
	return HZ_OK;
}

/* Printed pages carry the campaign title and sheet name on top and page
 * numbers below ('&' starts a code in Excel headers, so it is doubled). */
static hz_code print_header(rk_ctx *c, lxw_worksheet *ws, const char *sheet)
{
	const char *title = c->r->settings.title ? c->r->settings.title : "";
	char head[LXW_HEADER_FOOTER_MAX + 1];
	const size_t room = sizeof(head) - 1 - strlen(sheet) - 1; /* the sheet name and a space follow */
	size_t at = 2;
	lxw_error e;

	memcpy(head, "&C", 2);
	for (const unsigned char *p = (const unsigned char *)title; *p;) {
		/* whole UTF-8 sequences only, so a long title is cut between characters */
		size_t n = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2, extra = *p == '&';
		if (strnlen((const char *)p, n) < n || at + n + extra > room)
			break;
		if (extra)
			head[at++] = '&';
		memcpy(head + at, p, n);
		at += n;
		p += n;
	}
	snprintf(head + at, sizeof(head) - at, "%s%s", at > 2 ? " " : "", sheet);
	e = worksheet_set_header(ws, head);
	if (e == LXW_NO_ERROR)
		e = worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(c->err, e, "cannot set page header");
}

/* A sheet set up for printing: landscape A4, campaign title on top. */
hz_code add_sheet(rk_ctx *c, const char *name, lxw_worksheet **out)
{
	lxw_worksheet *ws = workbook_add_worksheet(c->wb, name);
	hz_code rc;
	if (!ws)
		return hz_error_set(c->err, HZ_E_NOMEM, "cannot add sheet %s", name);
	rc = print_header(c, ws, name);
	if (rc != HZ_OK)
		return rc;
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	*out = ws;
	return HZ_OK;
}

/* Header cells of one row, noted in the column widths. */
static hz_code put_headers(rk_ctx *c, lxw_worksheet *ws, lxw_row_t row, const char *const *headers, size_t ncols,
			   xw_widths *cw)
{
	for (size_t i = 0; i < ncols; i++) {
		hz_code rc = xw_text(ws, row, (lxw_col_t)i, headers[i], c->f.header, c->err);
		if (rc != HZ_OK)
			return rc;
		xw_widths_note(cw, i, headers[i]);
	}
	return HZ_OK;
}

/* A sheet with its header row written, frozen, printable one page wide. */
hz_code start_sheet(rk_ctx *c, const char *name, const char *const *headers, size_t ncols, xw_widths *cw,
			   lxw_worksheet **out)
{
	lxw_worksheet *ws;
	hz_code rc = add_sheet(c, name, &ws);
	if (rc != HZ_OK)
		return rc;
	rc = xw_widths_init(cw, ncols);
	if (rc != HZ_OK)
		return hz_error_set(c->err, rc, "out of memory");
	rc = put_headers(c, ws, 0, headers, ncols, cw);
	if (rc != HZ_OK)
		return rc;
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	*out = ws;
	return HZ_OK;
}

/* Filter over the header (in row header_row) and the data below it; widths
 * from what was written. */
hz_code finish_sheet_at(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t header_row, size_t last_row)
{
	hz_code rc;
	lxw_error e = worksheet_autofilter(ws, header_row, 0, (lxw_row_t)last_row, (lxw_col_t)(cw->ncols - 1));
	if (e != LXW_NO_ERROR)
		return xw_fail(c->err, e, "cannot set filter");
	rc = xw_widths_apply(cw, ws, RK_MIN_WIDTH, RK_MAX_WIDTH, c->err);
	xw_widths_release(cw);
	return rc;
}

hz_code finish_sheet(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, size_t last_row)
{
	return finish_sheet_at(c, ws, cw, 0, last_row);
}

#define TRY(expr)                          \
	do {                               \
		if ((rc = (expr)) != HZ_OK) \
			goto out;          \
	} while (0)

/* Text cell that also grows the column. */
hz_code put_text(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t row, size_t col, const char *s,
			lxw_format *fmt)
{
	xw_widths_note(cw, col, s);
	return xw_text(ws, row, (lxw_col_t)col, s, fmt ? fmt : c->f.text, c->err);
}

hz_code put_number(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t row, size_t col, double v,
			  lxw_format *fmt)
{
	xw_widths_note_width(cw, col, 8);
	return xw_number(ws, row, (lxw_col_t)col, v, fmt, c->err);
}

/* Excel's grid ends at row HZ_MAX_ROWS.  A sheet that would run past it
 * (明细 of thousands of units × tasks) ends with a note in its last row
 * instead of failing the workbook: results.json has everything. */
int sheet_full(lxw_row_t row)
{
	return (unsigned long long)row + 2 >= HZ_MAX_ROWS;
}

hz_code put_overflow(rk_ctx *c, lxw_worksheet *ws, xw_widths *cw, lxw_row_t row)
{
	return put_text(c, ws, cw, row, 0, "（以下从略：超过 Excel 的行数上限，完整数据见 results.json）", NULL);
}

static hz_code write_ranking(rk_ctx *c)
{
	static const char *const headers[] = {"名次",     "单位",   "分组", "得分",     "满分", "得分率（%）", "等次",
					      "完成率",   "逾期报送", "滞后", "报送日期", "文件", "备注"};
	enum { C_RANK, C_UNIT, C_GROUP, C_SCORE, C_MAX, C_PERCENT, C_GRADE, C_COMPL, C_LATE, C_LAG, C_DATE, C_FILE, C_NOTE, NCOLS };
	const hz_results *r = c->r;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	double total_max = 0;
	size_t nsub = 0;
	hz_code rc;

	for (size_t i = 0; i < r->ntasks; i++)
		total_max += r->tasks[i].max;
	TRY(start_sheet(c, "总排名", headers, NCOLS, &cw, &ws));
	worksheet_freeze_panes(ws, 1, 2);
	for (size_t k = 0; k < c->norder; k++) {
		const hz_unit *u = &r->units[c->order[k]];
		lxw_row_t row = (lxw_row_t)(k + 1);
		TRY(put_text(c, ws, &cw, row, C_UNIT, u->name, NULL));
		TRY(put_text(c, ws, &cw, row, C_GROUP, u->group, NULL));
		TRY(put_text(c, ws, &cw, row, C_LAG, u->lagging ? "是" : "否", c->f.center));
		if (!u->submitted) {
			static const size_t blank[] = {C_RANK, C_SCORE, C_MAX, C_PERCENT, C_COMPL, C_LATE, C_DATE, C_FILE, C_NOTE};
			TRY(put_text(c, ws, &cw, row, C_GRADE, hz_before_deadline(&c->r->settings) ? "尚未报送" : "未报送", c->f.center));
			for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
				TRY(put_text(c, ws, &cw, row, blank[i], NULL, NULL));
			continue;
		}
		nsub++;
		TRY(put_number(c, ws, &cw, row, C_RANK, u->rank, c->f.integer));
		TRY(put_number(c, ws, &cw, row, C_SCORE, u->score, c->f.number));
		TRY(put_number(c, ws, &cw, row, C_MAX, total_max, c->f.number));
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
	TRY(finish_sheet(c, ws, &cw, c->norder));
	/* Print the table alone: the chart beside it would shrink it to
	 * nothing on a page one table wide. */
	if (worksheet_print_area(ws, 0, 0, (lxw_row_t)c->norder, NCOLS - 1) != LXW_NO_ERROR) {
		rc = hz_error_set(c->err, HZ_E_WRITE, "cannot set print area");
		goto out;
	}

	if (nsub > 0) {
		/* Horizontal bars read well with long unit names; the first
		 * ranked unit on top. */
		lxw_chart *chart = workbook_add_chart(c->wb, LXW_CHART_BAR);
		lxw_chart_series *s;
		lxw_chart_options opt;
		lxw_error e;
		const int capped = nsub > HZ_RANKINGS_CHART_UNITS;
		if (!chart) {
			rc = hz_error_set(c->err, HZ_E_NOMEM, "cannot add chart");
			goto out;
		}
		s = chart_add_series(chart, NULL, NULL);
		if (!s) {
			rc = hz_error_set(c->err, HZ_E_NOMEM, "cannot add chart series");
			goto out;
		}
		if (capped)
			nsub = HZ_RANKINGS_CHART_UNITS;
		chart_series_set_categories(s, "总排名", 1, C_UNIT, (lxw_row_t)nsub, C_UNIT);
		chart_series_set_values(s, "总排名", 1, C_PERCENT, (lxw_row_t)nsub, C_PERCENT);
		chart_series_set_name(s, "得分率（%）");
		chart_series_set_labels(s);
		chart_title_set_name(chart, capped ? "得分率（%）前" TOSTR(HZ_RANKINGS_CHART_UNITS) "名"
									    : "各单位得分率（%）");
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		chart_axis_set_reverse(chart->y_axis); /* y is the category axis of a bar chart */
		chart_axis_set_min(chart->x_axis, 0);
		chart_axis_set_max(chart->x_axis, 100);
		memset(&opt, 0, sizeof(opt));
		opt.x_scale = 1.5;
		/* About 20 pixels a unit on the default 288-pixel chart. */
		opt.y_scale = nsub * 20.0 + 90 > 288 ? (nsub * 20.0 + 90) / 288 : 1;
		e = worksheet_insert_chart_opt(ws, 1, NCOLS + 1, chart, &opt);
		if (e != LXW_NO_ERROR) {
			rc = xw_fail(c->err, e, "cannot insert chart");
			goto out;
		}
	}
out:
	xw_widths_release(&cw);
	return rc;
}

static hz_code write_categories(rk_ctx *c)
{
	const hz_results *r = c->r;
	const size_t ncat = r->ncategories, ncols = 3 + 2 * ncat + 2;
	const char **headers = NULL;
	char **owned = NULL;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	double total_max = 0;
	hz_code rc = HZ_OK;

	headers = calloc(ncols, sizeof(*headers));
	owned = calloc(2 * ncat + 1, sizeof(*owned));
	if (!headers || !owned) {
		rc = hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	headers[0] = "名次";
	headers[1] = "单位";
	headers[2] = "分组";
	for (size_t k = 0; k < ncat; k++) {
		for (size_t j = 0; j < 2; j++) {
			const char *what = j ? "满分" : "得分";
			size_t n = strlen(r->categories[k]) + 16;
			owned[2 * k + j] = malloc(n);
			if (!owned[2 * k + j]) {
				rc = hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			snprintf(owned[2 * k + j], n, "%s%s", r->categories[k], what);
			headers[3 + 2 * k + j] = owned[2 * k + j];
		}
	}
	headers[3 + 2 * ncat] = "合计得分";
	headers[4 + 2 * ncat] = "合计满分";
	for (size_t i = 0; i < r->ntasks; i++)
		total_max += r->tasks[i].max;
	TRY(start_sheet(c, "分类得分", headers, ncols, &cw, &ws));
	worksheet_freeze_panes(ws, 1, 2);
	for (size_t k = 0; k < c->norder; k++) {
		const hz_unit *u = &r->units[c->order[k]];
		lxw_row_t row = (lxw_row_t)(k + 1);
		if (u->submitted)
			TRY(put_number(c, ws, &cw, row, 0, u->rank, c->f.integer));
		else
			TRY(put_text(c, ws, &cw, row, 0, NULL, NULL));
		TRY(put_text(c, ws, &cw, row, 1, u->name, NULL));
		TRY(put_text(c, ws, &cw, row, 2, u->group, NULL));
		for (size_t j = 0; j < ncat; j++) {
			const hz_category_score *cs = NULL;
			for (size_t i = 0; u->submitted && i < u->ncategories; i++)
				if (u->categories[i].name && strcmp(u->categories[i].name, r->categories[j]) == 0)
					cs = &u->categories[i];
			if (cs) {
				TRY(put_number(c, ws, &cw, row, 3 + 2 * j, cs->score, c->f.number));
				TRY(put_number(c, ws, &cw, row, 4 + 2 * j, cs->max, c->f.number));
			} else {
				TRY(put_text(c, ws, &cw, row, 3 + 2 * j, NULL, NULL));
				TRY(put_text(c, ws, &cw, row, 4 + 2 * j, NULL, NULL));
			}
		}
		if (u->submitted) {
			TRY(put_number(c, ws, &cw, row, 3 + 2 * ncat, u->score, c->f.number));
			TRY(put_number(c, ws, &cw, row, 4 + 2 * ncat, total_max, c->f.number));
		} else {
			TRY(put_text(c, ws, &cw, row, 3 + 2 * ncat, hz_before_deadline(&c->r->settings) ? "尚未报送" : "未报送", NULL));
			TRY(put_text(c, ws, &cw, row, 4 + 2 * ncat, NULL, NULL));
		}
	}
	TRY(finish_sheet(c, ws, &cw, c->norder));
out:
	xw_widths_release(&cw);
	if (owned)
		for (size_t k = 0; k < 2 * ncat; k++)
			free(owned[k]);
	free(owned);
	free(headers);
	return rc;
}

/* Columns of one task in 明细: status and score, and the count for tasks
 * with a minimum count. */
static size_t detail_width(const hz_task *t)
{
	return t->min_count > 0 ? 3 : 2;
}

/* The task's heading over its columns: "1.2 title（满分5分，至少2次）". */
static char *detail_title(const hz_task *t)
{
	char max[32], min[48] = "";
	size_t n;
	char *s;
	snprintf(max, sizeof(max), "%.15g", t->max);
	if (t->min_count > 0)
		snprintf(min, sizeof(min), "，至少%d次", t->min_count);
	n = strlen(t->id ? t->id : "") + strlen(t->title ? t->title : "") + strlen(max) + strlen(min) + 32;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s %s（满分%s分%s）", t->id ? t->id : "", t->title ? t->title : "", max, min);
	return s;
}

/* A column's width as finish_sheet will set it. */
static double applied_width(const xw_widths *cw, size_t col)
{
	return xw_widths_column(cw, col, RK_MIN_WIDTH, RK_MAX_WIDTH);
}

/* Printed, 明细 runs across pages, each repeating 名次 and 单位: the page
 * breaks go between tasks, so no task's columns (and merged heading) are
 * cut in two. */
static hz_code detail_page_breaks(rk_ctx *c, lxw_worksheet *ws, const xw_widths *cw, const size_t *first,
				  size_t ntasks)
{
	const double repeat = applied_width(cw, 0) + applied_width(cw, 1);
	double used = repeat + applied_width(cw, 2);
	lxw_col_t *breaks = calloc(ntasks + 1, sizeof(*breaks));
	size_t n = 0;
	lxw_error e = LXW_NO_ERROR;

	if (!breaks)
		return hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
	for (size_t i = 0; i < ntasks; i++) {
		const size_t end = i + 1 < ntasks ? first[i + 1] : cw->ncols;
		double group = 0;
		for (size_t k = first[i]; k < end; k++)
			group += applied_width(cw, k);
		if (used + group > RK_PAGE_WIDTH && used > repeat && n < LXW_BREAKS_MAX) {
			breaks[n++] = (lxw_col_t)first[i];
			used = repeat;
		}
		used += group;
	}
	worksheet_set_print_scale(ws, RK_DETAIL_PRINT_SCALE);
	if (n > 0)
		e = worksheet_set_v_pagebreaks(ws, breaks);
	free(breaks);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(c->err, e, "cannot set page breaks");
}

/*
 * 明细: unit × task, one row per submitted unit in ranking order, each task
 * a group of columns under its heading.  A matrix rather than one row per
 * unit and task: it is the 汇总表 the office would draw by hand, each
 * column filters on its own (who has not started task 3), and it stays
 * within Excel's rows for any campaign (20,000 units × 60 tasks would be
 * 1.2 million rows in the long form) at a fifth of the cells.
 */
static hz_code write_details(rk_ctx *c)
{
	enum { C_RANK, C_UNIT, C_GROUP, C_FIRST };
	const hz_results *r = c->r;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	size_t ncols = C_FIRST, *first = NULL, max_lines = 1;
	lxw_row_t row = 1;
	char **titles = NULL; /* each task's heading */
	hz_code rc;

	first = malloc((r->ntasks ? r->ntasks : 1) * sizeof(*first));
	titles = calloc(r->ntasks ? r->ntasks : 1, sizeof(*titles));
	if (!first || !titles) {
		rc = hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r->ntasks; i++) {
		first[i] = ncols;
		ncols += detail_width(&r->tasks[i]);
	}
	if (ncols > HZ_MAX_COLS) {
		/* HZ_MAX_TASKS keeps this from happening; say so if it ever does */
		rc = hz_error_set(c->err, HZ_E_WRITE, "明细: %zu columns exceed Excel's %u", ncols, HZ_MAX_COLS);
		goto out;
	}
	TRY(add_sheet(c, "明细", &ws));
	if ((rc = xw_widths_init(&cw, ncols)) != HZ_OK) {
		rc = hz_error_set(c->err, rc, "out of memory");
		goto out;
	}
	/* Row 1: each task's heading merged over its columns.  Their widths
	 * are set beforehand (the longest status, 报告中已提及, and a number),
	 * so that the headings' lines can be counted: the row's height must
	 * be known before row 2 starts, when libxlsxwriter flushes row 1. */
	for (size_t i = 0; i < r->ntasks; i++) {
		const size_t w = detail_width(&r->tasks[i]);
		double room = 0;
		size_t lines;
		xw_widths_note_width(&cw, first[i], xw_display_width("报告中已提及"));
		for (size_t k = 1; k < w; k++)
			xw_widths_note_width(&cw, first[i] + k, 8);
		for (size_t k = 0; k < w; k++)
			room += applied_width(&cw, first[i] + k);
		if (!(titles[i] = detail_title(&r->tasks[i]))) {
			rc = hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		/* bold text, cell padding: about 80 % of the width takes text */
		lines = (size_t)((double)xw_display_width(titles[i]) / (room * 0.8)) + 1;
		if (lines > max_lines)
			max_lines = lines;
	}
	worksheet_set_row(ws, 0, 15.0 * (double)(max_lines < 8 ? max_lines : 8), NULL);
	for (size_t i = 0; i < r->ntasks; i++) {
		const size_t w = detail_width(&r->tasks[i]);
		lxw_error e = worksheet_merge_range(ws, 0, (lxw_col_t)first[i], 0, (lxw_col_t)(first[i] + w - 1),
						    titles[i], c->f.header);
		if (e != LXW_NO_ERROR) {
			rc = xw_fail(c->err, e, "cannot write task heading");
			goto out;
		}
	}
	TRY(xw_text(ws, 0, C_RANK, NULL, c->f.header, c->err));
	TRY(xw_text(ws, 0, C_UNIT, NULL, c->f.header, c->err));
	TRY(xw_text(ws, 0, C_GROUP, NULL, c->f.header, c->err));
	/* Row 2: what each column holds. */
	TRY(put_text(c, ws, &cw, 1, C_RANK, "名次", c->f.header));
	TRY(put_text(c, ws, &cw, 1, C_UNIT, "单位", c->f.header));
	TRY(put_text(c, ws, &cw, 1, C_GROUP, "分组", c->f.header));
	for (size_t i = 0; i < r->ntasks; i++) {
		TRY(put_text(c, ws, &cw, 1, first[i], "完成情况", c->f.header));
		TRY(put_text(c, ws, &cw, 1, first[i] + 1, "得分", c->f.header));
		if (detail_width(&r->tasks[i]) > 2)
			TRY(put_text(c, ws, &cw, 1, first[i] + 2, "完成次数", c->f.header));
	}
	worksheet_freeze_panes(ws, 2, C_FIRST);
	worksheet_repeat_rows(ws, 0, 1);
	worksheet_repeat_columns(ws, C_RANK, C_UNIT);

	for (size_t k = 0; k < c->norder; k++) {
		const hz_unit *u = &r->units[c->order[k]];
		size_t n = u->ntasks < r->ntasks ? u->ntasks : r->ntasks;
		if (!u->submitted || !u->tasks)
			continue;
		row++;
		TRY(put_number(c, ws, &cw, row, C_RANK, u->rank, c->f.integer));
		TRY(put_text(c, ws, &cw, row, C_UNIT, u->name, NULL));
		TRY(put_text(c, ws, &cw, row, C_GROUP, u->group, NULL));
		for (size_t i = 0; i < n; i++) {
			const hz_task_result *tr = &u->tasks[i];
			TRY(put_text(c, ws, &cw, row, first[i], status_zh(tr->status), c->f.center));
			TRY(put_number(c, ws, &cw, row, first[i] + 1, tr->score, c->f.number));
			if (detail_width(&r->tasks[i]) > 2) {
				if (tr->has_count)
					TRY(put_number(c, ws, &cw, row, first[i] + 2, tr->count, c->f.number));
				else
					TRY(put_text(c, ws, &cw, row, first[i] + 2, NULL, c->f.text));
			}
		}
	}
	TRY(detail_page_breaks(c, ws, &cw, first, r->ntasks));
	TRY(finish_sheet_at(c, ws, &cw, 1, row));
out:
	xw_widths_release(&cw);
	for (size_t i = 0; titles && i < r->ntasks; i++)
		free(titles[i]);
	free(titles);
	free(first);
	return rc;
}

static hz_code write_problems(rk_ctx *c)
{
	static const char *const headers[] = {"单位", "分组", "滞后", "问题类型", "任务序号", "任务", "问题描述"};
	enum { C_UNIT, C_GROUP, C_LAG, C_KIND, C_ID, C_TITLE, C_TEXT, NCOLS };
	const hz_results *r = c->r;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	lxw_row_t row = 0;
	int full = 0;
	/* A unit's cells and a task's title repeat on every row of its
	 * problems (twice as many with reviews): their widths are measured
	 * once, the width being the widest. */
	size_t *title_width = calloc(r->ntasks ? r->ntasks : 1, sizeof(*title_width));
	hz_code rc;

	if (!title_width)
		return hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
	for (size_t i = 0; i < r->ntasks; i++)
		title_width[i] = xw_display_width(r->tasks[i].title);
	TRY(start_sheet(c, "问题清单", headers, NCOLS, &cw, &ws));
	worksheet_freeze_panes(ws, 1, 1);
	for (size_t k = 0; k < c->norder && !full; k++) {
		const hz_unit *u = &r->units[c->order[k]];
		const char *lag = u->lagging ? "是" : "否";
		for (size_t i = 0; i < u->nproblems && !(full = sheet_full(row)); i++) {
			const hz_problem *p = &u->problems[i];
			const hz_task *t = find_task(r, p->task);
			row++;
			if (i == 0) {
				xw_widths_note(&cw, C_UNIT, u->name);
				xw_widths_note(&cw, C_GROUP, u->group);
				xw_widths_note(&cw, C_LAG, lag);
			}
			TRY(xw_text(ws, row, C_UNIT, u->name, c->f.text, c->err));
			TRY(xw_text(ws, row, C_GROUP, u->group, c->f.text, c->err));
			TRY(xw_text(ws, row, C_LAG, lag, c->f.text, c->err));
			TRY(put_text(c, ws, &cw, row, C_KIND, docdata_problem_label(p->kind), NULL));
			TRY(put_text(c, ws, &cw, row, C_ID, p->task, NULL));
			if (t)
				xw_widths_note_width(&cw, C_TITLE, (double)title_width[t - r->tasks]);
			TRY(xw_text(ws, row, C_TITLE, t ? t->title : NULL, c->f.wrap, c->err));
			TRY(put_text(c, ws, &cw, row, C_TEXT, p->text, c->f.wrap));
		}
	}
	if (full)
		TRY(put_overflow(c, ws, &cw, ++row));
	TRY(finish_sheet(c, ws, &cw, row));
out:
	xw_widths_release(&cw);
	free(title_width);
	return rc;
}

static hz_code write_missing(rk_ctx *c)
{
	static const char *const headers[] = {"序号", "单位", "分组", "简称"};
	const hz_results *r = c->r;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	lxw_row_t row = 0;
	hz_code rc;

	TRY(start_sheet(c, "未报送", headers, 4, &cw, &ws));
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		size_t len = 0;
		char *aliases = NULL;
		if (u->submitted)
			continue;
		for (size_t a = 0; a < u->naliases; a++)
			len += strlen(u->aliases[a]) + 3;
		aliases = malloc(len + 1);
		if (!aliases) {
			rc = hz_error_set(c->err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		aliases[0] = '\0';
		for (size_t a = 0, at = 0; a < u->naliases; a++)
			at += (size_t)snprintf(aliases + at, len + 1 - at, "%s%s", a ? "、" : "", u->aliases[a]);
		row++;
		rc = put_number(c, ws, &cw, row, 0, row, c->f.integer);
		if (rc == HZ_OK)
			rc = put_text(c, ws, &cw, row, 1, u->name, NULL);
		if (rc == HZ_OK)
			rc = put_text(c, ws, &cw, row, 2, u->group, NULL);
		if (rc == HZ_OK)
			rc = put_text(c, ws, &cw, row, 3, aliases, NULL);
		free(aliases);
		if (rc != HZ_OK)
			goto out;
	}
	TRY(finish_sheet(c, ws, &cw, row));
out:
	xw_widths_release(&cw);
	return rc;
}

/* The unit a 校验 row is about (SPEC 4): the superseded file's, else the
 * unit whose winning submission, review (file, sheet and row) or rectified
 * form the note names; NULL when none. */
static const char *note_unit(const hz_results *r, const hz_file_note *n)
{
	if (n->unit || !n->file)
		return n->unit;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		const hz_review *rv = u->review;
		if (u->file && !strcmp(u->file, n->file))
			return u->name;
		if (rv && rv->file && !strcmp(rv->file, n->file) &&
		    ((!rv->sheet && !n->sheet) || (rv->sheet && n->sheet && !strcmp(rv->sheet, n->sheet))) &&
		    (!n->row || rv->row == n->row))
			return u->name;
		if (u->rectification && u->rectification->file && !strcmp(u->rectification->file, n->file))
			return u->name;
		if (u->unreadable_file && !strcmp(u->unreadable_file, n->file))
			return u->name;
	}
	return NULL;
}

static hz_code write_checks(rk_ctx *c)
{
	static const char *const headers[] = {"类别", "文件", "单位", "问题类型", "说明"};
	enum { C_WHAT, C_FILE, C_UNIT, C_KIND, C_TEXT, NCOLS };
	const hz_results *r = c->r;
	const struct {
		const char *what;
		const hz_file_note *notes;
		size_t n;
	} groups[] = {
		{"退回（无法读取）", r->rejected, r->nrejected},
		{"单位无法识别", r->unknown_units, r->nunknown_units},
		{"被新文件替代", r->superseded, r->nsuperseded},
		{"校验提示", r->warnings, r->nwarnings},
	};
	lxw_worksheet *ws;
	xw_widths cw = {0};
	lxw_row_t row = 0;
	int full = 0;
	hz_code rc;

	TRY(start_sheet(c, "校验", headers, NCOLS, &cw, &ws));
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]) && !full; g++) {
		for (size_t i = 0; i < groups[g].n && !(full = sheet_full(row)); i++) {
			const hz_file_note *n = &groups[g].notes[i];
			char by[1200];
			const char *text = n->text;
			if (n->by) {
				snprintf(by, sizeof(by), "以 %s 为准", n->by);
				text = by;
			}
			row++;
			TRY(put_text(c, ws, &cw, row, C_WHAT, groups[g].what, NULL));
			TRY(put_text(c, ws, &cw, row, C_FILE, n->file, NULL));
			TRY(put_text(c, ws, &cw, row, C_UNIT, g == 1 ? NULL : note_unit(r, n), NULL));
			TRY(put_text(c, ws, &cw, row, C_KIND, n->kind ? docdata_problem_label(n->kind) : NULL, NULL));
			TRY(put_text(c, ws, &cw, row, C_TEXT, text, c->f.wrap));
		}
	}
	if (full)
		TRY(put_overflow(c, ws, &cw, ++row));
	TRY(finish_sheet(c, ws, &cw, row));
out:
	xw_widths_release(&cw);
	return rc;
}

hz_code hz_rankings_write(const hz_results *r, const char *out_path, hz_error *err)
{
	rk_ctx c;
	xw_book book;
	hz_code rc;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.err = err;
	c.order = malloc((r->nunits ? r->nunits : 1) * sizeof(*c.order));
	if (!c.order)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	c.norder = r->nunits;
	if (order_units(c.order, r) != HZ_OK) {
		free(c.order);
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	}

	/* Streaming: every sheet here is written top to bottom. */
	rc = xw_book_open(&book, out_path, r->settings.as_of, r->settings.title, 1, err);
	if (rc != HZ_OK)
		goto out;
	book.durable = 1;
	c.wb = book.wb;
	TRY(make_formats(&c));
	TRY(r->has_reviews ? rk_write_ranking_reviewed(&c) : write_ranking(&c));
	if (r->settings.has_candidates)
		TRY(rk_write_candidates(&c));
	TRY(write_categories(&c));
	TRY(write_details(&c));
	if (r->has_reviews)
		TRY(rk_write_review_details(&c));
	TRY(write_problems(&c));
	TRY(rk_write_rectification(&c)); /* SPEC 7.3: only with the round */
	TRY(rk_write_phases(&c));        /* SPEC 9.4: only with [phases] */
	TRY(write_missing(&c));
	TRY(write_checks(&c));
	TRY(hz_rankings_progress(c.wb, r, err)); /* 进度: only with a history of two dates */
	rc = xw_book_commit(&book, err);
	book.wb = NULL;
out:
	if (book.wb)
		xw_book_abort(&book);
	free(c.order);
	return rc;
}
