/*
 * 排名.xlsx's frame (rankings_frame.h), over libxlsxwriter in streaming
 * mode (write/xlsx_write.h): every sheet is written top to bottom.
 */
#include "write/rankings_frame.h"

#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"
#include "write/xlsx_write.h"

#include "banned.h"

/* Widths in Excel character units: long texts wrap instead of widening. */
#define RK_MIN_WIDTH 6.0
#define RK_MAX_WIDTH 60.0

struct rk_sheet {
	rk_frame *f;
	lxw_worksheet *ws;
	xw_widths cw;
	const char *name;   /* the caller's, as long as the sheet */
};

struct rk_frame_book {
	xw_book book;
	lxw_format *style[RK_NSTYLES];
	rk_sheet sheet;     /* the one being written */
};

typedef struct rk_key {
	int tier;
	int rank;
	size_t index; /* roster order breaks ties */
} rk_key;

static int by_key(const void *a, const void *b)
{
	const rk_key *ka = a, *kb = b;
	if (ka->tier != kb->tier)
		return ka->tier < kb->tier ? -1 : 1;
	if (ka->rank != kb->rank)
		return ka->rank < kb->rank ? -1 : 1;
	return ka->index < kb->index ? -1 : (ka->index > kb->index);
}

hz_code rk_frame_order_units(size_t *order, const hz_results *r, rk_unit_key key)
{
	rk_key *keys = malloc((r->nunits ? r->nunits : 1) * sizeof(*keys));
	if (!keys)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < r->nunits; i++) {
		key(&r->units[i], &keys[i].tier, &keys[i].rank);
		keys[i].index = i;
	}
	qsort(keys, r->nunits, sizeof(*keys), by_key);
	for (size_t i = 0; i < r->nunits; i++)
		order[i] = keys[i].index;
	free(keys);
	return HZ_OK;
}

/* The frame's order: submitted units by rank (ties in roster order), then
 * the others in roster order. */
static void self_rank(const hz_unit *u, int *tier, int *rank)
{
	*tier = u->submitted ? 0 : 1;
	*rank = u->submitted ? u->rank : 0;
}

static hz_code make_styles(rk_frame *f)
{
	lxw_format **s = f->book->style;
	for (size_t i = 0; i < RK_NSTYLES; i++) {
		s[i] = workbook_add_format(f->book->book.wb);
		if (!s[i])
			return hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
		format_set_border(s[i], LXW_BORDER_THIN);
		format_set_align(s[i], LXW_ALIGN_VERTICAL_CENTER);
	}
	format_set_bold(s[RK_HEADER]);
	format_set_bg_color(s[RK_HEADER], 0xD9E1F2);
	format_set_align(s[RK_HEADER], LXW_ALIGN_CENTER);
	format_set_text_wrap(s[RK_HEADER]);
	format_set_text_wrap(s[RK_WRAP]);
	format_set_num_format(s[RK_NUMBER], "General");
	format_set_num_format(s[RK_PERCENT], "0.00");
	format_set_num_format(s[RK_RATIO], "0.00%");
	format_set_num_format(s[RK_DATE], "yyyy-mm-dd");
	format_set_num_format(s[RK_INTEGER], "0");
	format_set_align(s[RK_INTEGER], LXW_ALIGN_CENTER);
	format_set_align(s[RK_CENTER], LXW_ALIGN_CENTER);
	format_set_align(s[RK_DATE], LXW_ALIGN_CENTER);
	format_set_num_format(s[RK_PERCENT_CENTER], "0.00");
	format_set_align(s[RK_PERCENT_CENTER], LXW_ALIGN_CENTER);
	return HZ_OK;
}

hz_code rk_frame_open(rk_frame *f, const hz_results *r, const char *out_path, hz_error *err)
{
	hz_code rc;

	memset(f, 0, sizeof(*f));
	f->r = r;
	f->err = err;
	f->order = malloc((r->nunits ? r->nunits : 1) * sizeof(*f->order));
	f->book = calloc(1, sizeof(*f->book));
	if (!f->order || !f->book || rk_frame_order_units(f->order, r, self_rank) != HZ_OK) {
		rk_frame_release(f);
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	}
	f->norder = r->nunits;
	for (size_t i = 0; i < r->ntasks; i++)
		f->total_max += r->tasks[i].max;
	/* Streaming: every sheet here is written top to bottom. */
	rc = xw_book_open(&f->book->book, out_path, r->settings.as_of, r->settings.title, 1, err);
	if (rc == HZ_OK) {
		f->book->book.durable = 1;
		rc = make_styles(f);
	}
	if (rc != HZ_OK)
		rk_frame_release(f);
	return rc;
}

hz_code rk_frame_commit(rk_frame *f)
{
	hz_code rc = xw_book_commit(&f->book->book, f->err);
	f->book->book.wb = NULL;
	rk_frame_release(f);
	return rc;
}

void rk_frame_release(rk_frame *f)
{
	if (f->book) {
		if (f->book->book.wb)
			xw_book_abort(&f->book->book);
		xw_widths_release(&f->book->sheet.cw);
		free(f->book);
	}
	free(f->order);
	memset(f, 0, sizeof(*f));
}

/* Printed pages carry the campaign title and sheet name on top and page
 * numbers below ('&' starts a code in Excel headers, so it is doubled). */
static hz_code print_header(rk_frame *f, lxw_worksheet *ws, const char *sheet)
{
	const char *title = f->r->settings.title ? f->r->settings.title : "";
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
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(f->err, e, "cannot set page header");
}

static hz_code add_sheet(rk_frame *f, const char *name, size_t ncols, int titled, rk_sheet **out)
{
	rk_sheet *s = &f->book->sheet;
	lxw_worksheet *ws = workbook_add_worksheet(f->book->book.wb, name);
	hz_code rc;

	xw_widths_release(&s->cw);
	memset(s, 0, sizeof(*s));
	if (!ws)
		return hz_error_set(f->err, HZ_E_NOMEM, "cannot add sheet %s", name);
	rc = titled ? print_header(f, ws, name) : HZ_OK;
	if (rc != HZ_OK)
		return rc;
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	if (xw_widths_init(&s->cw, ncols) != HZ_OK)
		return hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
	s->f = f;
	s->ws = ws;
	s->name = name;
	*out = s;
	return HZ_OK;
}

hz_code rk_frame_add_bare_sheet(rk_frame *f, const char *name, size_t ncols, rk_sheet **out)
{
	return add_sheet(f, name, ncols, 0, out);
}

hz_code rk_frame_start_sheet(rk_frame *f, const char *name, const char *const *headers, size_t ncols,
			     rk_sheet **out)
{
	rk_sheet *s;
	hz_code rc = add_sheet(f, name, ncols, 1, &s);
	for (size_t i = 0; rc == HZ_OK && i < ncols; i++)
		rc = rk_frame_text(s, 0, i, headers[i], RK_HEADER);
	if (rc != HZ_OK)
		return rc;
	worksheet_freeze_panes(s->ws, 1, 0);
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_repeat_rows(s->ws, 0, 0);
	*out = s;
	return HZ_OK;
}

hz_code rk_frame_finish(rk_sheet *s, size_t header_row, size_t last_row)
{
	return rk_frame_finish_within(s, header_row, last_row, RK_MIN_WIDTH, RK_MAX_WIDTH);
}

hz_code rk_frame_finish_within(rk_sheet *s, size_t header_row, size_t last_row, double min, double max)
{
	hz_code rc;
	lxw_error e = worksheet_autofilter(s->ws, (lxw_row_t)header_row, 0, (lxw_row_t)last_row,
					   (lxw_col_t)(s->cw.ncols - 1));
	if (e != LXW_NO_ERROR)
		return xw_fail(s->f->err, e, "cannot set filter");
	rc = xw_widths_apply(&s->cw, s->ws, min, max, s->f->err);
	xw_widths_release(&s->cw);
	return rc;
}

void rk_frame_note(rk_sheet *s, size_t col, const char *text)
{
	xw_widths_note(&s->cw, col, text);
}

void rk_frame_note_width(rk_sheet *s, size_t col, double width)
{
	xw_widths_note_width(&s->cw, col, width);
}

size_t rk_frame_text_width(const char *text)
{
	return xw_display_width(text);
}

hz_code rk_frame_cell(rk_sheet *s, size_t row, size_t col, const char *text, rk_style style)
{
	return xw_text(s->ws, (lxw_row_t)row, (lxw_col_t)col, text, s->f->book->style[style], s->f->err);
}

hz_code rk_frame_text(rk_sheet *s, size_t row, size_t col, const char *text, rk_style style)
{
	xw_widths_note(&s->cw, col, text);
	return rk_frame_cell(s, row, col, text, style);
}

hz_code rk_frame_cell_number(rk_sheet *s, size_t row, size_t col, double v, rk_style style)
{
	return xw_number(s->ws, (lxw_row_t)row, (lxw_col_t)col, v, s->f->book->style[style], s->f->err);
}

hz_code rk_frame_number(rk_sheet *s, size_t row, size_t col, double v, rk_style style)
{
	xw_widths_note_width(&s->cw, col, 8);
	return rk_frame_cell_number(s, row, col, v, style);
}

hz_code rk_frame_date(rk_sheet *s, size_t row, size_t col, const char *ymd)
{
	xw_widths_note(&s->cw, col, ymd);
	return xw_date(s->ws, (lxw_row_t)row, (lxw_col_t)col, ymd, s->f->book->style[RK_DATE], s->f->err);
}

hz_code rk_frame_self_columns(rk_frame *f, rk_sheet *s, size_t row, const hz_unit *u, const rk_self_columns *c)
{
	hz_code rc;

	HZ_TRY(rk_frame_text(s, row, c->unit, u->name, RK_TEXT));
	HZ_TRY(rk_frame_text(s, row, c->group, u->group, RK_TEXT));
	HZ_TRY(rk_frame_text(s, row, c->lag, u->lagging ? "是" : "否", RK_CENTER));
	if (!u->submitted) {
		const size_t blank[] = {c->rank, c->score, c->percent, c->completion, c->late, c->date, c->file, c->note};
		HZ_TRY(rk_frame_text(s, row, c->grade, hz_before_deadline(&f->r->settings) ? "尚未报送" : "未报送", RK_CENTER));
		for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
			HZ_TRY(rk_frame_text(s, row, blank[i], NULL, RK_TEXT));
		return HZ_OK;
	}
	HZ_TRY(rk_frame_number(s, row, c->rank, u->rank, RK_INTEGER));
	HZ_TRY(rk_frame_number(s, row, c->score, u->score, RK_NUMBER));
	HZ_TRY(rk_frame_number(s, row, c->percent, u->percent, RK_PERCENT));
	HZ_TRY(rk_frame_text(s, row, c->grade, u->grade ? u->grade : "", RK_CENTER));
	HZ_TRY(rk_frame_number(s, row, c->completion, u->completion, RK_RATIO));
	HZ_TRY(rk_frame_text(s, row, c->late, u->late ? "是" : "否", RK_CENTER));
	HZ_TRY(rk_frame_date(s, row, c->date, u->date));
	HZ_TRY(rk_frame_text(s, row, c->file, u->file, RK_TEXT));
	HZ_TRY(rk_frame_text(s, row, c->note, u->narrative ? "提交的是文字报告，未按表格填报，按0分计" : NULL, RK_TEXT));
out:
	return rc;
}

/* Excel's grid ends at row HZ_MAX_ROWS.  A sheet that would run past it
 * (明细 of thousands of units × tasks) ends with a note in its last row
 * instead of failing the workbook. */
int rk_frame_full(size_t row)
{
	return (unsigned long long)row + 2 >= HZ_MAX_ROWS;
}

hz_code rk_frame_overflow(rk_sheet *s, size_t row)
{
	return rk_frame_text(s, row, 0, "（以下从略：超过 Excel 的行数上限，完整数据见 results.json）", RK_TEXT);
}

void rk_frame_freeze(rk_sheet *s, size_t row, size_t col)
{
	worksheet_freeze_panes(s->ws, (lxw_row_t)row, (lxw_col_t)col);
}

hz_code rk_frame_print_area(rk_sheet *s, size_t last_row, size_t last_col)
{
	if (worksheet_print_area(s->ws, 0, 0, (lxw_row_t)last_row, (lxw_col_t)last_col) != LXW_NO_ERROR)
		return hz_error_set(s->f->err, HZ_E_WRITE, "cannot set print area");
	return HZ_OK;
}

/* Horizontal bars read well with long unit names. */
hz_code rk_frame_bar_chart(rk_sheet *s, const rk_bar_chart *spec, size_t n, size_t unit_col, size_t value_col,
			   size_t at)
{
	lxw_chart *chart = workbook_add_chart(s->f->book->book.wb, LXW_CHART_BAR);
	lxw_chart_series *series;
	lxw_chart_options opt;
	lxw_error e;
	const int capped = n > spec->cap;
	if (!chart)
		return hz_error_set(s->f->err, HZ_E_NOMEM, "cannot add chart");
	series = chart_add_series(chart, NULL, NULL);
	if (!series)
		return hz_error_set(s->f->err, HZ_E_NOMEM, "cannot add chart series");
	if (capped)
		n = spec->cap;
	chart_series_set_categories(series, s->name, 1, (lxw_col_t)unit_col, (lxw_row_t)n, (lxw_col_t)unit_col);
	chart_series_set_values(series, s->name, 1, (lxw_col_t)value_col, (lxw_row_t)n, (lxw_col_t)value_col);
	chart_series_set_name(series, spec->series);
	chart_series_set_labels(series);
	chart_title_set_name(chart, capped ? spec->capped_title : spec->title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	chart_axis_set_reverse(chart->y_axis); /* y is the category axis of a bar chart: the first on top */
	chart_axis_set_min(chart->x_axis, 0);
	chart_axis_set_max(chart->x_axis, 100);
	memset(&opt, 0, sizeof(opt));
	opt.x_scale = 1.5;
	/* About 20 pixels a unit on the default 288-pixel chart. */
	opt.y_scale = n * 20.0 + 90 > 288 ? (n * 20.0 + 90) / 288 : 1;
	e = worksheet_insert_chart_opt(s->ws, 1, (lxw_col_t)at, chart, &opt);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(s->f->err, e, "cannot insert chart");
}

hz_code rk_frame_line_chart(rk_sheet *s, const rk_line_chart *spec, size_t nrows, size_t date_col,
			    size_t value_col, size_t at_row, size_t at_col)
{
	lxw_chart *chart = workbook_add_chart(s->f->book->book.wb, LXW_CHART_LINE);
	lxw_chart_series *series;
	lxw_chart_options opt;
	lxw_error e;
	if (!chart)
		return hz_error_set(s->f->err, HZ_E_NOMEM, "cannot add chart");
	series = chart_add_series(chart, NULL, NULL);
	if (!series)
		return hz_error_set(s->f->err, HZ_E_NOMEM, "cannot add chart series");
	chart_series_set_categories(series, s->name, 1, (lxw_col_t)date_col, (lxw_row_t)nrows, (lxw_col_t)date_col);
	chart_series_set_values(series, s->name, 1, (lxw_col_t)value_col, (lxw_row_t)nrows, (lxw_col_t)value_col);
	chart_series_set_name(series, spec->series);
	chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
	chart_series_set_labels(series);
	chart_title_set_name(chart, spec->title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	chart_axis_set_min(chart->y_axis, 0);
	if (spec->max > 0)
		chart_axis_set_max(chart->y_axis, spec->max);
	chart_axis_set_num_format(chart->x_axis, "yyyy-mm-dd");
	memset(&opt, 0, sizeof(opt));
	opt.x_scale = 1.4;
	e = worksheet_insert_chart_opt(s->ws, (lxw_row_t)at_row, (lxw_col_t)at_col, chart, &opt);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(s->f->err, e, "cannot insert chart");
}

/* A column's width as rk_frame_finish will set it. */
static double applied_width(const rk_sheet *s, size_t col)
{
	return xw_widths_column(&s->cw, col, RK_MIN_WIDTH, RK_MAX_WIDTH);
}

/* The task's heading over its columns: "1.2 title（满分5分，至少2次）".
 * Caller frees. */
static char *task_heading(const hz_task *t, int with_min_count)
{
	char max[32], min[48] = "";
	size_t n;
	char *s;
	snprintf(max, sizeof(max), "%.15g", t->max);
	if (with_min_count && t->min_count > 0)
		snprintf(min, sizeof(min), "，至少%d次", t->min_count);
	n = strlen(t->id ? t->id : "") + strlen(t->title ? t->title : "") + strlen(max) + strlen(min) + 32;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s %s（满分%s分%s）", t->id ? t->id : "", t->title ? t->title : "", max, min);
	return s;
}

hz_code rk_frame_task_matrix(rk_frame *f, const rk_task_matrix *m, size_t *first, rk_sheet **out)
{
	const hz_results *r = f->r;
	const size_t nt = r->ntasks;
	size_t ncols = m->nfixed, max_lines = 1;
	char **titles = calloc(nt ? nt : 1, sizeof(*titles)); /* each task's heading */
	rk_sheet *s = NULL;
	hz_code rc = HZ_OK;

	if (!titles)
		return hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
	for (size_t i = 0; i < nt; i++) {
		first[i] = ncols;
		ncols += m->width(&r->tasks[i]);
	}
	first[nt] = ncols;
	ncols += m->nafter;
	if (ncols > HZ_MAX_COLS) {
		/* HZ_MAX_TASKS keeps this from happening; say so if it ever does */
		rc = hz_error_set(f->err, HZ_E_WRITE, "%s: %zu columns exceed Excel's %u", m->name, ncols, HZ_MAX_COLS);
		goto out;
	}
	if ((rc = add_sheet(f, m->name, ncols, 1, &s)) != HZ_OK)
		goto out;
	/* Row 0: each task's heading merged over its columns.  Their widths
	 * are set beforehand, so that the headings' lines can be counted: the
	 * row's height must be known before row 1 starts, when libxlsxwriter
	 * flushes row 0. */
	for (size_t i = 0; i < nt; i++) {
		const size_t w = first[i + 1] - first[i];
		double room = 0;
		size_t lines;
		for (size_t k = 0; k < w; k++)
			xw_widths_note_width(&s->cw, first[i] + k, m->preset[k]);
		for (size_t k = 0; k < w; k++)
			room += applied_width(s, first[i] + k);
		if (!(titles[i] = task_heading(&r->tasks[i], m->min_count))) {
			rc = hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		/* bold text, cell padding: about 80 % of the width takes text */
		lines = (size_t)((double)xw_display_width(titles[i]) / (room * 0.8)) + 1;
		if (lines > max_lines)
			max_lines = lines;
	}
	worksheet_set_row(s->ws, 0, 15.0 * (double)(max_lines < 8 ? max_lines : 8), NULL);
	for (size_t i = 0; i < nt; i++) {
		lxw_error e = worksheet_merge_range(s->ws, 0, (lxw_col_t)first[i], 0, (lxw_col_t)(first[i + 1] - 1),
						    titles[i], f->book->style[RK_HEADER]);
		if (e != LXW_NO_ERROR) {
			rc = xw_fail(f->err, e, "cannot write task heading");
			goto out;
		}
	}
	/* Row 0 is blank but styled above the columns that are no task's
	 * (all of it before row 1: a row is final once the next starts). */
	for (size_t i = 0; rc == HZ_OK && i < m->nfixed; i++)
		rc = rk_frame_cell(s, 0, i, NULL, RK_HEADER);
	for (size_t i = 0; rc == HZ_OK && i < m->nafter; i++)
		rc = rk_frame_cell(s, 0, first[nt] + i, NULL, RK_HEADER);
	/* Row 1: what each column holds. */
	for (size_t i = 0; rc == HZ_OK && i < m->nfixed; i++)
		rc = rk_frame_text(s, 1, i, m->fixed[i], RK_HEADER);
	for (size_t i = 0; rc == HZ_OK && i < nt; i++)
		for (size_t k = 0; rc == HZ_OK && k < first[i + 1] - first[i]; k++)
			rc = rk_frame_text(s, 1, first[i] + k, m->labels[k], RK_HEADER);
	for (size_t i = 0; rc == HZ_OK && i < m->nafter; i++)
		rc = rk_frame_text(s, 1, first[nt] + i, m->after[i], RK_HEADER);
	if (rc != HZ_OK)
		goto out;
	worksheet_freeze_panes(s->ws, 2, (lxw_col_t)m->nfixed);
	worksheet_repeat_rows(s->ws, 0, 1);
	worksheet_repeat_columns(s->ws, 0, 1);
	*out = s;
out:
	for (size_t i = 0; i < nt; i++)
		free(titles[i]);
	free(titles);
	return rc;
}

hz_code rk_frame_task_page_breaks(rk_sheet *s, const size_t *first, size_t ntasks, int scale, double page_width)
{
	const double repeat = applied_width(s, 0) + applied_width(s, 1);
	double used = 0;
	lxw_col_t *breaks = calloc(ntasks + 1, sizeof(*breaks));
	size_t n = 0;
	lxw_error e = LXW_NO_ERROR;

	if (!breaks)
		return hz_error_set(s->f->err, HZ_E_NOMEM, "out of memory");
	for (size_t k = 0; k < (ntasks ? first[0] : 0); k++)
		used += applied_width(s, k);
	for (size_t i = 0; i < ntasks; i++) {
		double group = 0;
		for (size_t k = first[i]; k < first[i + 1]; k++)
			group += applied_width(s, k);
		if (used + group > page_width && used > repeat && n < LXW_BREAKS_MAX) {
			breaks[n++] = (lxw_col_t)first[i];
			used = repeat;
		}
		used += group;
	}
	worksheet_set_print_scale(s->ws, (uint16_t)scale);
	if (n > 0)
		e = worksheet_set_v_pagebreaks(s->ws, breaks);
	free(breaks);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(s->f->err, e, "cannot set page breaks");
}
