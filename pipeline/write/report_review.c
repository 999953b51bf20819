/*
 * 考评验收情况 (SPEC 6.5): the reviews' figures for the report, and its
 * chart, modelled on report_chart.c's (cached values, Sheet1 formulas,
 * the data embedded).
 */
#include "write/report_review.h"

#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"
#include "write/report_chart.h"
#include "write/ooxml/xml.h"

#include "banned.h"

double report_review_self_percent(const hz_unit *u)
{
	return u->submitted && !u->narrative ? u->percent : 0;
}

static double gap(const hz_unit *u)
{
	return u->percent - u->review->percent;
}

static int cmp_gap(const void *a, const void *b)
{
	const docdata_unit *x = a, *y = b;
	double gx = gap(x->u), gy = gap(y->u);
	if (gx != gy)
		return gx > gy ? -1 : 1;
	return x->no < y->no ? -1 : x->no > y->no; /* no: roster position until numbered */
}

/* Per task its category's index in r->categories (tasks without one: ncategories). */
static size_t *task_categories(const hz_results *r)
{
	size_t *of = calloc(r->ntasks + 1, sizeof(*of));
	if (!of)
		return NULL;
	for (size_t t = 0; t < r->ntasks; t++) {
		of[t] = r->ncategories;
		for (size_t k = 0; k < r->ncategories && r->tasks[t].category; k++)
			if (!strcmp(r->tasks[t].category, r->categories[k])) {
				of[t] = k;
				break;
			}
	}
	return of;
}

hz_code report_review_init(report_review *v, const docdata *d, hz_error *err)
{
	const hz_results *r = d->r;
	size_t *cat_of = NULL;
	double self = 0, review = 0, fin = 0;
	memset(v, 0, sizeof(*v));
	v->on = r->has_reviews;
	if (!v->on)
		return HZ_OK;
	v->overrated = calloc(r->nunits + 1, sizeof(*v->overrated));
	v->cat_self = calloc(r->ncategories + 1, sizeof(*v->cat_self));
	v->cat_review = calloc(r->ncategories + 1, sizeof(*v->cat_review));
	cat_of = task_categories(r);
	if (!v->overrated || !v->cat_self || !v->cat_review || !cat_of) {
		free(cat_of);
		report_review_release(v);
		return hz_error_set(err, HZ_E_NOMEM, "preparing the report");
	}
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		const hz_review *rv = u->review;
		if (!rv) {
			v->not_reviewed++;
			continue;
		}
		v->reviewed++;
		self += report_review_self_percent(u);
		review += rv->percent;
		fin += rv->final_percent;
		if (u->overrated && u->submitted)
			v->overrated[v->noverrated++] = (docdata_unit){u, i};
		if (u->submitted && !u->narrative && u->categories)
			for (size_t k = 0; k < r->ncategories && k < u->ncategories; k++)
				v->cat_self[k] += u->categories[k].score;
		for (size_t t = 0; t < rv->ntasks && t < r->ntasks; t++)
			if (cat_of[t] < r->ncategories)
				v->cat_review[cat_of[t]] += rv->tasks[t].score;
	}
	free(cat_of);
	if (v->reviewed) {
		v->avg_self = self / (double)v->reviewed;
		v->avg_review = review / (double)v->reviewed;
		v->avg_final = fin / (double)v->reviewed;
	}
	for (size_t k = 0; k < r->ncategories; k++) {
		double m = d->cat_max[k] * (double)v->reviewed;
		v->cat_self[k] = m > 0 ? v->cat_self[k] * 100 / m : 0;
		v->cat_review[k] = m > 0 ? v->cat_review[k] * 100 / m : 0;
	}
	qsort(v->overrated, v->noverrated, sizeof(*v->overrated), cmp_gap);
	for (size_t i = 0; i < v->noverrated; i++)
		v->overrated[i].no = i + 1;
	return HZ_OK;
}

void report_review_release(report_review *v)
{
	free(v->overrated);
	free(v->cat_self);
	free(v->cat_review);
	memset(v, 0, sizeof(*v));
}

/* ------------------------------------------------------------- the chart */

#define FONT_RUN                                                                                          \
	"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>" \
	"<a:ea typeface=\"仿宋_GB2312\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"

/* category names level, wrapped rather than turned: the chart is low */
#define CAT_FONT_RUN                                                                                          \
	"<c:txPr><a:bodyPr rot=\"0\" vert=\"horz\"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\">"                \
	"<a:latin typeface=\"Times New Roman\"/><a:ea typeface=\"仿宋_GB2312\"/></a:defRPr></a:pPr>"              \
	"<a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>"

static const char *const series_name[2] = {"自评得分率（%）", "考评得分率（%）"};
static const char *const series_color[2] = {"A6A6A6", "C00000"};

static hz_code series(const docdata *d, const report_review *v, int s, dynbuf *out)
{
	const hz_results *r = d->r;
	size_t n = r->ncategories, last_row = n ? n + 1 : 2;
	char col = s ? 'C' : 'B';
	hz_code rc = dynbuf_printf(
		out,
		"<c:ser><c:idx val=\"%d\"/><c:order val=\"%d\"/>"
		"<c:tx><c:strRef><c:f>Sheet1!$%c$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>%s</c:v></c:pt>"
		"</c:strCache></c:strRef></c:tx>"
		"<c:spPr><a:solidFill><a:srgbClr val=\"%s\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>"
		"<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>" FONT_RUN
		"<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/>"
		"<c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>"
		"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%zu</c:f><c:strCache><c:ptCount val=\"%zu\"/>",
		s, s, col, series_name[s], series_color[s], last_row, n);
	for (size_t k = 0; k < n && rc == HZ_OK; k++) {
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>", k);
		if (rc == HZ_OK)
			rc = ooxml_xml_escape(out, r->categories[k], strlen(r->categories[k]), NULL);
		if (rc == HZ_OK)
			rc = dynbuf_addstr(out, "</c:v></c:pt>");
	}
	if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$%c$2:$%c$%zu</c:f>"
				   "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"%zu\"/>",
				   col, col, last_row, n);
	for (size_t k = 0; k < n && rc == HZ_OK; k++) {
		char num[64];
		docdata_num(num, sizeof(num), s ? v->cat_review[k] : v->cat_self[k]);
		rc = dynbuf_printf(out, "<c:pt idx=\"%zu\"><c:v>%s</c:v></c:pt>", k, num);
	}
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:numCache></c:numRef></c:val></c:ser>");
	return rc;
}

hz_code report_chart_review_xml(const docdata *d, dynbuf *out)
{
	report_review v;
	hz_code rc = report_review_init(&v, d, NULL);
	if (rc)
		return rc;
	rc = dynbuf_addstr(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
		"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<c:date1904 val=\"0\"/><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/>"
		"<c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>"
		"<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>");
	for (int s = 0; s < 2 && rc == HZ_OK; s++)
		rc = series(d, &v, s, out);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out,
			"<c:gapWidth val=\"80\"/><c:overlap val=\"-10\"/><c:axId val=\"411111111\"/><c:axId val=\"422222222\"/></c:barChart>"
			"<c:catAx><c:axId val=\"411111111\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling>"
			"<c:delete val=\"0\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
			"<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>" CAT_FONT_RUN
			"<c:crossAx val=\"422222222\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/>"
			"<c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
			"<c:valAx><c:axId val=\"422222222\"/><c:scaling><c:orientation val=\"minMax\"/>"
			"<c:max val=\"100\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/>"
			"<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>"
			"<c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/>"
			"<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>" FONT_RUN
			"<c:crossAx val=\"411111111\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/>"
			"<c:majorUnit val=\"20\"/></c:valAx>"
			"<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
			"<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/>" FONT_RUN "</c:legend>"
			"<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>" FONT_RUN
			"<c:externalData r:id=\"" REPORT_CHART_DATA_REL "\"><c:autoUpdate val=\"0\"/></c:externalData>"
			"</c:chartSpace>");
	report_review_release(&v);
	return rc;
}

hz_code report_chart_review_sheet(const docdata *d, lxw_worksheet *ws)
{
	const hz_results *r = d->r;
	report_review v;
	hz_code rc = report_review_init(&v, d, NULL);
	if (rc)
		return rc;
	worksheet_write_string(ws, 0, 0, "类别", NULL);
	worksheet_write_string(ws, 0, 1, series_name[0], NULL);
	worksheet_write_string(ws, 0, 2, series_name[1], NULL);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 2, 16, NULL);
	for (size_t k = 0; k < r->ncategories && k < HZ_MAX_ROWS - 2; k++) {
		char num[64];
		worksheet_write_string(ws, (lxw_row_t)(k + 1), 0, r->categories[k], NULL);
		docdata_num(num, sizeof(num), v.cat_self[k]);
		worksheet_write_number(ws, (lxw_row_t)(k + 1), 1, strtod(num, NULL), NULL);
		docdata_num(num, sizeof(num), v.cat_review[k]);
		worksheet_write_number(ws, (lxw_row_t)(k + 1), 2, strtod(num, NULL), NULL);
	}
	report_review_release(&v);
	return HZ_OK;
}
