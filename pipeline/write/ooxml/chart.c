#include "write/ooxml/chart.h"

#include <stdio.h>
#include <string.h>

#include "write/ooxml/xml.h"

#include "banned.h"

static const char *const font_xml[] = {
	[OOXML_FONT_LATIN] =
		"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>"
		"</a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>",
	[OOXML_FONT_CJK] =
		"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>"
		"<a:ea typeface=\"仿宋_GB2312\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>",
	[OOXML_FONT_CJK_LEVEL] =
		"<c:txPr><a:bodyPr rot=\"0\" vert=\"horz\"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\">"
		"<a:latin typeface=\"Times New Roman\"/><a:ea typeface=\"仿宋_GB2312\"/></a:defRPr></a:pPr>"
		"<a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>",
};

static hz_code escaped(dynbuf *out, const char *s)
{
	return ooxml_xml_escape(out, s, strlen(s), NULL);
}

static hz_code series(const ooxml_chart *c, ooxml_chart_kind kind, size_t s, dynbuf *out)
{
	const ooxml_chart_series *se = &c->series[s];
	size_t n = c->npoints, last_row = n ? n + 1 : 2; /* a range of at least one row, even empty */
	char col = (char)('B' + s);
	hz_code rc = dynbuf_printf(out,
				   "<c:ser><c:idx val=\"%zu\"/><c:order val=\"%zu\"/>"
				   "<c:tx><c:strRef><c:f>Sheet1!$%c$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>",
				   s, s, col);
	if (rc == HZ_OK)
		rc = escaped(out, se->name);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:v></c:pt></c:strCache></c:strRef></c:tx>");
	if (rc == HZ_OK && kind == OOXML_CHART_COLUMNS)
		rc = dynbuf_printf(out,
				   "<c:spPr><a:solidFill><a:srgbClr val=\"%s\"/></a:solidFill></c:spPr>"
				   "<c:invertIfNegative val=\"0\"/>",
				   se->color);
	else if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "<c:spPr><a:ln w=\"28575\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"%s\"/></a:solidFill>"
				   "<a:round/></a:ln></c:spPr><c:marker><c:symbol val=\"circle\"/><c:size val=\"5\"/><c:spPr>"
				   "<a:solidFill><a:srgbClr val=\"%s\"/></a:solidFill></c:spPr></c:marker>",
				   se->color, se->color);
	if (rc == HZ_OK)
		rc = dynbuf_printf(out, "<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>%s",
				   font_xml[c->label_font]);
	if (rc == HZ_OK && se->label_pos)
		rc = dynbuf_printf(out, "<c:dLblPos val=\"%s\"/>", se->label_pos);
	if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/>"
				   "<c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>"
				   "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%zu</c:f><c:strCache><c:ptCount val=\"%zu\"/>",
				   last_row, n);
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		char buf[64];
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>", i);
		if (rc == HZ_OK)
			rc = escaped(out, c->category(c->ctx, i, buf, sizeof(buf)));
		if (rc == HZ_OK)
			rc = dynbuf_addstr(out, "</c:v></c:pt>");
	}
	if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$%c$2:$%c$%zu</c:f>"
				   "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"%zu\"/>",
				   col, col, last_row, n);
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		char num[64];
		c->value(c->ctx, s, i, num, sizeof(num));
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>%s</c:v></c:pt>", i, num);
	}
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, kind == OOXML_CHART_LINES ? "</c:numCache></c:numRef></c:val><c:smooth val=\"0\"/></c:ser>"
								 : "</c:numCache></c:numRef></c:val></c:ser>");
	return rc;
}

static hz_code group(const ooxml_chart *c, const ooxml_chart_group *g, dynbuf *out)
{
	hz_code rc = dynbuf_addstr(out, g->kind == OOXML_CHART_COLUMNS
						? "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>"
						: "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>");
	for (size_t s = g->first; s < g->first + g->n && s < c->nseries && rc == HZ_OK; s++)
		rc = series(c, g->kind, s, out);
	if (rc == HZ_OK && g->kind == OOXML_CHART_COLUMNS)
		rc = dynbuf_addstr(out, "<c:gapWidth val=\"80\"/>");
	if (rc == HZ_OK && g->kind == OOXML_CHART_COLUMNS && g->overlap)
		rc = dynbuf_printf(out, "<c:overlap val=\"%d\"/>", g->overlap);
	if (rc == HZ_OK && g->kind == OOXML_CHART_LINES)
		rc = dynbuf_addstr(out, "<c:marker val=\"1\"/>");
	if (rc == HZ_OK)
		rc = dynbuf_printf(out, "<c:axId val=\"%u\"/><c:axId val=\"%u\"/>%s", g->cat_axis, g->val_axis,
				   g->kind == OOXML_CHART_COLUMNS ? "</c:barChart>" : "</c:lineChart>");
	return rc;
}

static hz_code axes(const ooxml_chart *c, const ooxml_chart_group *g, dynbuf *out)
{
	hz_code rc = dynbuf_printf(
		out,
		"<c:catAx><c:axId val=\"%u\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling>"
		"<c:delete val=\"%d\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
		"<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>%s"
		"<c:crossAx val=\"%u\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/>"
		"<c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>",
		g->cat_axis, g->cat_hidden ? 1 : 0, font_xml[c->cat_font], g->val_axis);
	if (rc == HZ_OK)
		rc = dynbuf_printf(
			out,
			"<c:valAx><c:axId val=\"%u\"/><c:scaling><c:orientation val=\"minMax\"/>%s%s%s<c:min val=\"0\"/>"
			"</c:scaling><c:delete val=\"0\"/><c:axPos val=\"%s\"/>%s"
			"<c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/>"
			"<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>%s"
			"<c:crossAx val=\"%u\"/><c:crosses val=\"%s\"/><c:crossBetween val=\"between\"/>",
			g->val_axis, g->val_max ? "<c:max val=\"" : "", g->val_max ? g->val_max : "", g->val_max ? "\"/>" : "",
			g->val_right ? "r" : "l",
			g->val_right ? ""
				     : "<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/>"
				       "</a:solidFill></a:ln></c:spPr></c:majorGridlines>",
			font_xml[c->val_font], g->cat_axis, g->val_right ? "max" : "autoZero");
	if (rc == HZ_OK && g->major_unit)
		rc = dynbuf_printf(out, "<c:majorUnit val=\"%u\"/>", g->major_unit);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:valAx>");
	return rc;
}

hz_code ooxml_chart_xml(const ooxml_chart *c, dynbuf *out)
{
	hz_code rc = dynbuf_addstr(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
		"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<c:date1904 val=\"0\"/><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/>"
		"<c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>");
	for (size_t k = 0; k < c->ngroups && rc == HZ_OK; k++)
		rc = group(c, &c->groups[k], out);
	for (size_t k = 0; k < c->ngroups && rc == HZ_OK; k++)
		rc = axes(c, &c->groups[k], out);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>");
	if (rc == HZ_OK && c->legend)
		rc = dynbuf_printf(out, "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/>%s</c:legend>",
				   font_xml[OOXML_FONT_CJK]);
	if (rc == HZ_OK)
		rc = dynbuf_printf(out, "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>%s",
				   font_xml[OOXML_FONT_CJK]);
	if (rc == HZ_OK && c->data_rel)
		rc = dynbuf_printf(out, "<c:externalData r:id=\"%s\"><c:autoUpdate val=\"0\"/></c:externalData>",
				   c->data_rel);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:chartSpace>");
	return rc;
}
