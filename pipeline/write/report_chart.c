/*
 * The charts of the report, each a chart part of the template redrawn from
 * the results, with cached values so Word and LibreOffice draw it without
 * recalculating, and with its data as an embedded workbook (libxlsxwriter)
 * so 编辑数据 works in Word.  report.c's chart table names them.
 */
#include "write/report_chart.h"

#include "write/outfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hz_limits.h"
#include "write/report_progress.h"
#include "write/ooxml/chart.h"
#include "write/xlsx_write.h"

#include "banned.h"

static const char *category_name(const void *ctx, size_t i, char *buf, size_t n)
{
	const docdata *d = ctx;
	(void)buf, (void)n;
	return d->r->categories[i];
}

static void category_rate(const void *ctx, size_t s, size_t i, char *buf, size_t n)
{
	(void)s;
	docdata_num(buf, n, docdata_category_rate(ctx, i));
}

/* 分类指标完成情况: a column chart of the category rates. */
hz_code report_chart_categories_xml(const docdata *d, dynbuf *out)
{
	static const ooxml_chart_series rate = {"得分率（%）", "C00000", NULL};
	static const ooxml_chart_group columns = {
		.kind = OOXML_CHART_COLUMNS, .first = 0, .n = 1, .cat_axis = 111111111, .val_axis = 222222222,
		.val_max = "100", .major_unit = 20};
	const ooxml_chart c = {.series = &rate, .nseries = 1, .groups = &columns, .ngroups = 1,
			       .npoints = d->r->ncategories, .ctx = d, .category = category_name, .value = category_rate,
			       .label_font = OOXML_FONT_LATIN, .cat_font = OOXML_FONT_CJK, .val_font = OOXML_FONT_LATIN,
			       .data_rel = REPORT_CHART_DATA_REL};
	return ooxml_chart_xml(&c, out);
}

hz_code report_chart_categories_sheet(const docdata *d, lxw_worksheet *ws)
{
	const hz_results *r = d->r;
	worksheet_write_string(ws, 0, 0, "类别", NULL);
	worksheet_write_string(ws, 0, 1, "得分率（%）", NULL);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 1, 14, NULL);
	for (size_t k = 0; k < r->ncategories && k < HZ_MAX_ROWS - 2; k++) {
		char num[64];
		docdata_num(num, sizeof(num), docdata_category_rate(d, k));
		worksheet_write_string(ws, (lxw_row_t)(k + 1), 0, r->categories[k], NULL);
		worksheet_write_number(ws, (lxw_row_t)(k + 1), 1, strtod(num, NULL), NULL);
	}
	return HZ_OK;
}

hz_code report_chart_progress_xml(const docdata *d, dynbuf *out)
{
	return report_progress_chart_xml(&d->r->history, true, out);
}

hz_code report_chart_progress_sheet(const docdata *d, lxw_worksheet *ws)
{
	return report_progress_sheet(&d->r->history, ws);
}

/* Written beside out_path under a temporary name of ours (SPEC 8.2: a
 * killed run's is swept by the next), read back, removed. */
hz_code report_chart_workbook(const docdata *d, report_chart_sheet_fn fill, const char *title, const char *out_path,
			      dynbuf *xlsx, hz_error *err)
{
	char tmp[4096];
	xw_book b;
	lxw_worksheet *ws;
	FILE *f;
	hz_code rc;

	char base[4096];

	if ((size_t)snprintf(base, sizeof(base), "%s.chartdata.xlsx", out_path) >= sizeof(base))
		return hz_error_set(err, HZ_E_WRITE, "output path too long");
	rc = hz_tmp_path(base, tmp, sizeof(tmp), err);
	if (rc)
		return rc;
	rc = xw_book_open(&b, tmp, d->r->settings.as_of, title, 0, err);
	if (rc)
		return rc;
	ws = workbook_add_worksheet(b.wb, "Sheet1");
	rc = ws ? fill(d, ws) : HZ_E_WRITE;
	if (rc) {
		xw_book_abort(&b);
		return hz_error_set(err, rc, "chart workbook");
	}
	rc = xw_book_commit(&b, err);
	if (rc)
		return rc;
	f = fopen(tmp, "rb");
	if (!f) {
		unlink(tmp);
		return hz_error_set(err, HZ_E_WRITE, "reading back the chart workbook");
	}
	for (;;) {
		char chunk[65536];
		size_t got = fread(chunk, 1, sizeof(chunk), f);
		if (got == 0)
			break;
		rc = dynbuf_add(xlsx, chunk, got);
		if (rc)
			break;
	}
	if (rc == HZ_OK && ferror(f))
		rc = HZ_E_WRITE;
	fclose(f);
	unlink(tmp);
	return rc ? hz_error_set(err, rc, "reading back the chart workbook") : HZ_OK;
}
