#include "write/report_progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "write/docdata.h"

#include "banned.h"

#define FONT_RUN                                                                                          \
	"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>" \
	"<a:ea typeface=\"仿宋_GB2312\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"

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

/* One line series: its name in row 1 of column col, values below; its
 * labels above the markers (submitted) or below them (the average, on the
 * other axis, whose line may run on top of the first: SPEC 4, labels not
 * on each other nor on the markers). */
static hz_code series(const hz_history *h, size_t idx, char col, const char *name, const char *color, dynbuf *out)
{
	hz_code rc = dynbuf_printf(
		out,
		"<c:ser><c:idx val=\"%zu\"/><c:order val=\"%zu\"/>"
		"<c:tx><c:strRef><c:f>Sheet1!$%c$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>%s</c:v></c:pt>"
		"</c:strCache></c:strRef></c:tx>"
		"<c:spPr><a:ln w=\"28575\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"%s\"/></a:solidFill><a:round/></a:ln></c:spPr>"
		"<c:marker><c:symbol val=\"circle\"/><c:size val=\"5\"/><c:spPr><a:solidFill><a:srgbClr val=\"%s\"/></a:solidFill>"
		"</c:spPr></c:marker>"
		"<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>" FONT_RUN
		"<c:dLblPos val=\"%s\"/><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/>"
		"<c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>"
		"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%zu</c:f><c:strCache><c:ptCount val=\"%zu\"/>",
		idx, idx, col, name, color, color, col == 'B' ? "t" : "b", h->n + 1, h->n);
	for (size_t i = 0; i < h->n && rc == HZ_OK; i++) {
		char date[32];
		report_progress_date(h, i, date, sizeof(date));
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>%s</c:v></c:pt>", i, date);
	}
	if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$%c$2:$%c$%zu</c:f>"
				   "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"%zu\"/>",
				   col, col, h->n + 1, h->n);
	for (size_t i = 0; i < h->n && rc == HZ_OK; i++) {
		char num[64];
		if (col == 'B')
			snprintf(num, sizeof(num), "%zu", h->rows[i].submitted);
		else
			docdata_num(num, sizeof(num), h->rows[i].average);
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>%s</c:v></c:pt>", i, num);
	}
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:numCache></c:numRef></c:val><c:smooth val=\"0\"/></c:ser>");
	return rc;
}

/* A value axis; right: the secondary one, crossing at the maximum. */
static hz_code val_axis(dynbuf *out, unsigned id, unsigned cross, int right, const char *max)
{
	return dynbuf_printf(
		out,
		"<c:valAx><c:axId val=\"%u\"/><c:scaling><c:orientation val=\"minMax\"/>%s%s%s<c:min val=\"0\"/></c:scaling>"
		"<c:delete val=\"0\"/><c:axPos val=\"%s\"/>%s"
		"<c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/>"
		"<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>" FONT_RUN
		"<c:crossAx val=\"%u\"/><c:crosses val=\"%s\"/><c:crossBetween val=\"between\"/></c:valAx>",
		id, max ? "<c:max val=\"" : "", max ? max : "", max ? "\"/>" : "", right ? "r" : "l",
		right ? ""
		      : "<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill>"
			"</a:ln></c:spPr></c:majorGridlines>",
		cross, right ? "max" : "autoZero");
}

static hz_code cat_axis(dynbuf *out, unsigned id, unsigned cross, int hidden)
{
	return dynbuf_printf(out,
			     "<c:catAx><c:axId val=\"%u\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling>"
			     "<c:delete val=\"%d\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
			     "<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>" FONT_RUN
			     "<c:crossAx val=\"%u\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/>"
			     "<c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>",
			     id, hidden, cross);
}

hz_code report_progress_chart_xml(const hz_history *h, bool embedded, dynbuf *out)
{
	hz_code rc = dynbuf_addstr(
		out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		     "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
		     "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
		     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		     "<c:date1904 val=\"0\"/><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/>"
		     "<c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>"
		     "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>");
	if (rc == HZ_OK)
		rc = series(h, 0, 'B', "已报送单位（个）", "1F4E79", out);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "<c:marker val=\"1\"/><c:axId val=\"311111111\"/><c:axId val=\"322222222\"/></c:lineChart>"
					"<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>");
	if (rc == HZ_OK)
		rc = series(h, 1, 'C', "平均得分率（%）", "C00000", out);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "<c:marker val=\"1\"/><c:axId val=\"333333333\"/><c:axId val=\"344444444\"/></c:lineChart>");
	if (rc == HZ_OK)
		rc = cat_axis(out, 311111111, 322222222, 0);
	if (rc == HZ_OK)
		rc = val_axis(out, 322222222, 311111111, 0, NULL);
	if (rc == HZ_OK)
		rc = cat_axis(out, 333333333, 344444444, 1);
	if (rc == HZ_OK)
		rc = val_axis(out, 344444444, 333333333, 1, "100");
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
					"<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/>" FONT_RUN "</c:legend>"
					"<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>" FONT_RUN);
	if (rc == HZ_OK && embedded)
		rc = dynbuf_addstr(out, "<c:externalData r:id=\"rIdData\"><c:autoUpdate val=\"0\"/></c:externalData>");
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:chartSpace>");
	return rc;
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
