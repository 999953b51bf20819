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
#include "write/ooxml/xml.h"
#include "write/xlsx_write.h"

#include "banned.h"

/* 分类指标完成情况: a column chart of the category rates. */
hz_code report_chart_categories_xml(const docdata *d, dynbuf *out)
{
	const hz_results *r = d->r;
	size_t n = r->ncategories;
	size_t last_row = n ? n + 1 : 2; /* a range of at least one row, even empty */
	hz_code rc;
	char num[64];

	rc = dynbuf_addstr(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
		"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<c:date1904 val=\"0\"/><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/>"
		"<c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>"
		"<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>"
		"<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/>"
		"<c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>得分率（%）</c:v></c:pt></c:strCache></c:strRef></c:tx>"
		"<c:spPr><a:solidFill><a:srgbClr val=\"C00000\"/></a:solidFill></c:spPr>"
		"<c:invertIfNegative val=\"0\"/>"
		"<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
		"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"
		"<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/>"
		"<c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>");
	if (rc == HZ_OK)
		rc = dynbuf_printf(out, "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%zu</c:f><c:strCache><c:ptCount val=\"%zu\"/>",
				   last_row, n);
	for (size_t k = 0; k < n && rc == HZ_OK; k++) {
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>", k);
		if (rc == HZ_OK)
			rc = ooxml_xml_escape(out, r->categories[k], strlen(r->categories[k]), NULL);
		if (rc == HZ_OK)
			rc = dynbuf_addstr(out, "</c:v></c:pt>");
	}
	if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$B$2:$B$%zu</c:f>"
				   "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"%zu\"/>",
				   last_row, n);
	for (size_t k = 0; k < n && rc == HZ_OK; k++) {
		docdata_num(num, sizeof(num), docdata_category_rate(d, k));
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>%s</c:v></c:pt>", k, num);
	}
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out,
			"</c:numCache></c:numRef></c:val></c:ser>"
			"<c:gapWidth val=\"80\"/><c:axId val=\"111111111\"/><c:axId val=\"222222222\"/></c:barChart>"
			"<c:catAx><c:axId val=\"111111111\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling>"
			"<c:delete val=\"0\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
			"<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>"
			"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>"
			"<a:ea typeface=\"仿宋_GB2312\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"
			"<c:crossAx val=\"222222222\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/>"
			"<c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
			"<c:valAx><c:axId val=\"222222222\"/><c:scaling><c:orientation val=\"minMax\"/>"
			"<c:max val=\"100\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/>"
			"<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>"
			"<c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/>"
			"<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>"
			"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>"
			"</a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"
			"<c:crossAx val=\"111111111\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/>"
			"<c:majorUnit val=\"20\"/></c:valAx>"
			"<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
			"<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
			"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>"
			"<a:ea typeface=\"仿宋_GB2312\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>");
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "<c:externalData r:id=\"" REPORT_CHART_DATA_REL "\"><c:autoUpdate val=\"0\"/></c:externalData>");
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:chartSpace>");
	return rc;
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
