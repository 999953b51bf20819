/*
 * 汇总报告.docx: templates/report.docx filled with the figures of the run.
 * The fields and lists a report template may use are the tables below
 * (root_fields and the item schemas); templates/report.docx shows each in
 * use.  The template's first chart part (word/charts/chart*.xml) is
 * replaced by a column chart of the category rates, with cached values so
 * Word and LibreOffice draw it without recalculating, and with its data as
 * an embedded workbook (written by libxlsxwriter) so 编辑数据 works in Word.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "write/docdata.h"
#include "write/docs.h"
#include "hz_limits.h"
#include "write/tmpl.h"
#include "write/xlsx_write.h"

#include "banned.h"

/* The chart's data as the template's package holds it. */
#define CHART_WORKBOOK "word/embeddings/Microsoft_Excel_Worksheet_huizong.xlsx"
#define XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ------------------------------------------------------- category items */

static const tmpl_field category_fields[] = {
	{"no", TMPL_TEXT, NULL},      {"name", TMPL_TEXT, NULL}, {"tasks", TMPL_TEXT, NULL},
	{"average", TMPL_TEXT, NULL}, {"max", TMPL_TEXT, NULL},  {"rate", TMPL_TEXT, NULL},
};

static double category_average(const docdata *d, size_t k)
{
	return d->nranked ? d->cat_sum[k] / (double)d->nranked : 0;
}

static double category_rate(const docdata *d, size_t k)
{
	return d->cat_max[k] > 0 ? category_average(d, k) * 100 / d->cat_max[k] : 0;
}

static hz_code category_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata *d = ctx;
	const docdata_item *it = obj;
	char buf[64];
	switch (field) {
	case 0: snprintf(buf, sizeof(buf), "%zu", it->no); break;
	case 1: return dynbuf_addstr(out, d->r->categories[it->index]);
	case 2: snprintf(buf, sizeof(buf), "%zu", d->cat_tasks[it->index]); break;
	case 3: docdata_num(buf, sizeof(buf), category_average(d, it->index)); break;
	case 4: docdata_num(buf, sizeof(buf), d->cat_max[it->index]); break;
	case 5:
		docdata_num(buf, sizeof(buf), category_rate(d, it->index));
		return dynbuf_printf(out, "%s%%", buf);
	default: return HZ_E_INTERNAL;
	}
	return dynbuf_addstr(out, buf);
}

static const tmpl_schema category_schema = {category_fields, sizeof(category_fields) / sizeof(category_fields[0]),
					    category_text, NULL, NULL};

/* ---------------------------------------------- tasks most often not done */

static const tmpl_field top_fields[] = {
	{"no", TMPL_TEXT, NULL},          {"id", TMPL_TEXT, NULL},          {"title", TMPL_TEXT, NULL},
	{"category", TMPL_TEXT, NULL},    {"missing", TMPL_TEXT, NULL},     {"not_started", TMPL_TEXT, NULL},
	{"partial", TMPL_TEXT, NULL},     {"count_short", TMPL_TEXT, NULL}, {"not_done", TMPL_TEXT, NULL},
	{"rate", TMPL_TEXT, NULL},
};

static hz_code top_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata *d = ctx;
	const docdata_item *it = obj;
	const hz_task *t = &d->r->tasks[it->index];
	const docdata_task_stat *s = &d->tstats[it->index];
	char buf[64];
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", it->no);
	case 1: return dynbuf_addstr(out, t->id);
	case 2: return dynbuf_addstr(out, t->title);
	case 3: return dynbuf_addstr(out, t->category ? t->category : "");
	case 4: return dynbuf_printf(out, "%zu", s->missing);
	case 5: return dynbuf_printf(out, "%zu", s->not_started);
	case 6: return dynbuf_printf(out, "%zu", s->partial);
	case 7: return dynbuf_printf(out, "%zu", s->count_short);
	case 8: return dynbuf_printf(out, "%zu", s->not_done);
	case 9:
		if (!s->scored || t->max <= 0)
			return dynbuf_addstr(out, "—");
		docdata_num(buf, sizeof(buf), s->score_sum / (double)s->scored * 100 / t->max);
		return dynbuf_printf(out, "%s%%", buf);
	default: return HZ_E_INTERNAL;
	}
}

static const tmpl_schema top_schema = {top_fields, sizeof(top_fields) / sizeof(top_fields[0]), top_text, NULL, NULL};

/* ----------------------------------------------------------- file issues */

#define KIND_UNKNOWN "单位无法识别"

static const tmpl_field issue_fields[] = {
	{"no", TMPL_TEXT, NULL}, {"kind", TMPL_TEXT, NULL}, {"file", TMPL_TEXT, NULL}, {"detail", TMPL_TEXT, NULL}};

static hz_code issue_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata_issue *is = obj;
	const hz_file_note *n = is->note;
	const char *sep;
	hz_code rc;
	(void)ctx;
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", is->no);
	case 1: return dynbuf_addstr(out, is->kind);
	case 2: return dynbuf_addstr(out, n->file ? n->file : "");
	case 3:
		if (n->by) /* superseded */
			return dynbuf_printf(out, "%s另有日期较新的文件 %s，本文件未采用", n->unit ? n->unit : "", n->by);
		if (!strcmp(is->kind, KIND_UNKNOWN))
			return dynbuf_printf(out, "无法确定报送单位（文件中识别到：%s）", n->text ? n->text : "");
		if (n->kind) {
			rc = dynbuf_printf(out, "%s：", docdata_problem_label(n->kind));
			return rc ? rc : dynbuf_addstr(out, n->text ? n->text : "");
		}
		/* a rejection reason reads "中文 / English": the report is Chinese */
		if (n->text && (sep = strstr(n->text, " / ")) != NULL)
			return dynbuf_add(out, n->text, (size_t)(sep - n->text));
		return dynbuf_addstr(out, n->text ? n->text : "");
	default: return HZ_E_INTERNAL;
	}
}

static const tmpl_schema issue_schema = {issue_fields, sizeof(issue_fields) / sizeof(issue_fields[0]), issue_text,
					 NULL, NULL};

/* ---------------------------------------------------------------- grades */

static const tmpl_field grade_fields[] = {
	{"name", TMPL_TEXT, NULL}, {"count", TMPL_TEXT, NULL}, {"threshold", TMPL_TEXT, NULL}};

static hz_code grade_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata *d = ctx;
	const docdata_item *it = obj;
	char buf[64];
	switch (field) {
	case 0: return dynbuf_addstr(out, d->r->settings.grades[it->index].name);
	case 1: return dynbuf_printf(out, "%zu", d->grade_count[it->index]);
	case 2: docdata_num(buf, sizeof(buf), d->r->settings.grades[it->index].threshold); return dynbuf_addstr(out, buf);
	default: return HZ_E_INTERNAL;
	}
}

static const tmpl_schema grade_schema = {grade_fields, sizeof(grade_fields) / sizeof(grade_fields[0]), grade_text,
					 NULL, NULL};

/* ------------------------------------------------------------------ root */

enum {
	RF_UNITS, RF_SUBMITTED, RF_ON_TIME, RF_LATE, RF_NOT_SUBMITTED, RF_SUBMIT_RATE, RF_AVERAGE, RF_LAGGING,
	RF_NARRATIVE, RF_GRADES, RF_CHANGE, RF_TOP_TASKS, RF_REJECTED, RF_UNKNOWN, RF_SUPERSEDED, RF_WARNINGS,
	RF_ISSUES_N,
	RF_L_RANKED, RF_L_UNITS, RF_L_CATEGORIES, RF_L_TOP, RF_L_LAGGING, RF_L_NOT_SUBMITTED, RF_L_ISSUES,
	RF_L_GRADES, RF__COUNT
};

static const tmpl_field summary_fields[RF__COUNT] = {
	{"summary.units", TMPL_TEXT, NULL},      {"summary.submitted", TMPL_TEXT, NULL},
	{"summary.on_time", TMPL_TEXT, NULL},    {"summary.late", TMPL_TEXT, NULL},
	{"summary.not_submitted", TMPL_TEXT, NULL}, {"summary.submit_rate", TMPL_TEXT, NULL},
	{"summary.average", TMPL_TEXT, NULL},    {"summary.lagging", TMPL_TEXT, NULL},
	{"summary.narrative", TMPL_TEXT, NULL},  {"summary.grades", TMPL_TEXT, NULL},
	{"summary.change", TMPL_TEXT, NULL},     {"summary.top_tasks", TMPL_TEXT, NULL},
	{"summary.rejected", TMPL_TEXT, NULL},   {"summary.unknown", TMPL_TEXT, NULL},
	{"summary.superseded", TMPL_TEXT, NULL}, {"summary.warnings", TMPL_TEXT, NULL},
	{"summary.issues", TMPL_TEXT, NULL},
	{"ranked", TMPL_LIST, &docdata_unit_schema},     {"units", TMPL_LIST, &docdata_unit_schema},
	{"categories", TMPL_LIST, &category_schema},     {"top_problems", TMPL_LIST, &top_schema},
	{"lagging", TMPL_LIST, &docdata_unit_schema},    {"not_submitted", TMPL_LIST, &docdata_unit_schema},
	{"issues", TMPL_LIST, &issue_schema},            {"grades", TMPL_LIST, &grade_schema},
};

/* campaign.* first, then the summary fields and lists */
static tmpl_field root_fields[DOCDATA_MAX_CAMPAIGN_FIELDS + RF__COUNT];
static tmpl_schema root_schema;

static hz_code add_change(const docdata *d, dynbuf *out)
{
	const hz_results *r = d->r;
	char when[64], delta[32];
	double dv;
	long ds;
	hz_code rc;
	if (!r->previous.present)
		return HZ_OK;
	docdata_date_cn(when, sizeof(when), r->previous.as_of);
	ds = (long)r->n_submitted - (long)r->previous.submitted;
	rc = dynbuf_printf(out, "与上次汇总（%s）相比，已报送单位", when);
	if (rc == HZ_OK)
		rc = ds == 0 ? dynbuf_addstr(out, "数量不变")
			     : dynbuf_printf(out, "%s%ld个", ds > 0 ? "增加" : "减少", ds > 0 ? ds : -ds);
	dv = r->average_percent - r->previous.average;
	docdata_num(delta, sizeof(delta), dv > 0 ? dv : -dv);
	if (rc == HZ_OK)
		rc = !strcmp(delta, "0") ? dynbuf_addstr(out, "，平均得分率持平。")
					 : dynbuf_printf(out, "，平均得分率%s%s个百分点。", dv > 0 ? "提高" : "下降", delta);
	return rc;
}

static hz_code add_top_tasks(const docdata *d, dynbuf *out)
{
	hz_code rc = HZ_OK;
	size_t n = d->ntop < 3 ? d->ntop : 3;
	for (size_t i = 0; i < n && rc == HZ_OK; i++)
		rc = dynbuf_printf(out, "%s“%s”（%zu个单位未完成）", i ? "、" : "", d->r->tasks[d->top[i].index].title,
				   d->tstats[d->top[i].index].not_done);
	return rc;
}

static hz_code root_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata *d = ctx;
	const hz_results *r = d->r;
	char buf[64];
	(void)obj;
	if (field < docdata_ncampaign_fields)
		return docdata_campaign_text(d, field, out);
	switch (field - docdata_ncampaign_fields) {
	case RF_UNITS: return dynbuf_printf(out, "%zu", r->nunits);
	case RF_SUBMITTED: return dynbuf_printf(out, "%zu", r->n_submitted);
	case RF_ON_TIME: return dynbuf_printf(out, "%zu", r->n_on_time);
	case RF_LATE: return dynbuf_printf(out, "%zu", r->n_late);
	case RF_NOT_SUBMITTED: return dynbuf_printf(out, "%zu", d->nnot_submitted);
	case RF_SUBMIT_RATE:
		docdata_num(buf, sizeof(buf), r->nunits ? (double)r->n_submitted * 100 / (double)r->nunits : 0);
		return dynbuf_addstr(out, buf);
	case RF_AVERAGE: docdata_num(buf, sizeof(buf), r->average_percent); return dynbuf_addstr(out, buf);
	case RF_LAGGING: return dynbuf_printf(out, "%zu", d->nlagging);
	case RF_NARRATIVE: {
		size_t n = 0;
		for (size_t i = 0; i < d->nranked; i++)
			n += d->ranked[i].u->narrative;
		return dynbuf_printf(out, "%zu", n);
	}
	case RF_GRADES: {
		hz_code rc = HZ_OK;
		for (size_t g = 0; g < r->settings.ngrades && rc == HZ_OK; g++)
			rc = dynbuf_printf(out, "%s%s%zu个", g ? "、" : "", r->settings.grades[g].name, d->grade_count[g]);
		return rc;
	}
	case RF_CHANGE: return add_change(d, out);
	case RF_TOP_TASKS: return add_top_tasks(d, out);
	case RF_REJECTED: return dynbuf_printf(out, "%zu", r->nrejected);
	case RF_UNKNOWN: return dynbuf_printf(out, "%zu", r->nunknown_units);
	case RF_SUPERSEDED: return dynbuf_printf(out, "%zu", r->nsuperseded);
	case RF_WARNINGS: return dynbuf_printf(out, "%zu", r->nwarnings);
	case RF_ISSUES_N: return dynbuf_printf(out, "%zu", d->nissues);
	default: return HZ_E_INTERNAL;
	}
}

static size_t root_count(void *ctx, const void *obj, size_t field)
{
	const docdata *d = ctx;
	(void)obj;
	switch (field - docdata_ncampaign_fields) {
	case RF_L_RANKED: return d->nranked;
	case RF_L_UNITS: return d->nunits;
	case RF_L_CATEGORIES: return d->r->ncategories;
	case RF_L_TOP: return d->ntop;
	case RF_L_LAGGING: return d->nlagging;
	case RF_L_NOT_SUBMITTED: return d->nnot_submitted;
	case RF_L_ISSUES: return d->nissues;
	case RF_L_GRADES: return d->r->settings.ngrades;
	default: return 0;
	}
}

static const void *root_item(void *ctx, const void *obj, size_t field, size_t i)
{
	const docdata *d = ctx;
	(void)obj;
	switch (field - docdata_ncampaign_fields) {
	case RF_L_RANKED: return &d->ranked[i];
	case RF_L_UNITS: return &d->units[i];
	case RF_L_CATEGORIES: return &d->cats[i];
	case RF_L_TOP: return &d->top[i];
	case RF_L_LAGGING: return &d->lagging[i];
	case RF_L_NOT_SUBMITTED: return &d->not_submitted[i];
	case RF_L_ISSUES: return &d->issues[i];
	case RF_L_GRADES: return &d->grades[i];
	default: return NULL;
	}
}

static const tmpl_schema *report_schema(void)
{
	/* built from the two tables once; both are constant */
	if (docdata_ncampaign_fields > DOCDATA_MAX_CAMPAIGN_FIELDS)
		return NULL;
	if (!root_schema.fields) {
		size_t n = 0;
		for (size_t i = 0; i < docdata_ncampaign_fields; i++)
			root_fields[n++] = docdata_campaign_fields[i];
		for (size_t i = 0; i < RF__COUNT; i++)
			root_fields[n++] = summary_fields[i];
		root_schema = (tmpl_schema){root_fields, n, root_text, root_count, root_item};
	}
	return &root_schema;
}

/* ------------------------------------------------------------------ chart */

static hz_code chart_xml(const docdata *d, bool embedded, dynbuf *out)
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
			rc = tmpl_xml_escape(out, r->categories[k], strlen(r->categories[k]), NULL);
		if (rc == HZ_OK)
			rc = dynbuf_addstr(out, "</c:v></c:pt>");
	}
	if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$B$2:$B$%zu</c:f>"
				   "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"%zu\"/>",
				   last_row, n);
	for (size_t k = 0; k < n && rc == HZ_OK; k++) {
		docdata_num(num, sizeof(num), category_rate(d, k));
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
	if (rc == HZ_OK && embedded)
		rc = dynbuf_addstr(out, "<c:externalData r:id=\"rIdData\"><c:autoUpdate val=\"0\"/></c:externalData>");
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</c:chartSpace>");
	return rc;
}

/* The chart's data as a workbook: Sheet1 A1:B(n+1), what the chart's
 * formulas name.  Written beside out_path, read back, removed. */
static hz_code chart_workbook(const docdata *d, const char *out_path, dynbuf *xlsx, hz_error *err)
{
	const hz_results *r = d->r;
	char tmp[4096];
	xw_book b;
	lxw_worksheet *ws;
	FILE *f;
	hz_code rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.chartdata-%ld.xlsx", out_path, (long)getpid()) >= sizeof(tmp))
		return hz_error_set(err, HZ_E_WRITE, "output path too long");
	rc = xw_book_open(&b, tmp, r->settings.as_of, "分类指标得分率", 0, err);
	if (rc)
		return rc;
	ws = workbook_add_worksheet(b.wb, "Sheet1");
	if (!ws) {
		xw_book_abort(&b);
		return hz_error_set(err, HZ_E_WRITE, "chart workbook");
	}
	worksheet_write_string(ws, 0, 0, "类别", NULL);
	worksheet_write_string(ws, 0, 1, "得分率（%）", NULL);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 1, 14, NULL);
	for (size_t k = 0; k < r->ncategories && k < HZ_MAX_ROWS - 2; k++) {
		char num[64];
		docdata_num(num, sizeof(num), category_rate(d, k));
		worksheet_write_string(ws, (lxw_row_t)(k + 1), 0, r->categories[k], NULL);
		worksheet_write_number(ws, (lxw_row_t)(k + 1), 1, strtod(num, NULL), NULL);
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

hz_code hz_report_chart_data(const hz_results *r, const char *out_path, dynbuf *xlsx, hz_error *err)
{
	docdata d;
	hz_code rc = docdata_init(&d, r, err);
	if (rc)
		return rc;
	rc = chart_workbook(&d, out_path, xlsx, err);
	docdata_release(&d);
	return rc;
}

/* word/charts/chartN.xml → word/charts/_rels/chartN.xml.rels */
static void chart_rels_name(const char *chart, char *out, size_t n)
{
	const char *slash = strrchr(chart, '/');
	size_t dir = slash ? (size_t)(slash - chart) + 1 : 0;
	snprintf(out, n, "%.*s_rels/%s.rels", (int)dir, chart, chart + dir);
}

/* The template's [Content_Types].xml with a Default for .xlsx when it has none. */
static hz_code content_types_with_xlsx(const tmpl_doc *doc, dynbuf *out)
{
	size_t len;
	const char *ct = tmpl_doc_member(doc, "[Content_Types].xml", &len);
	const char *end;
	hz_code rc;
	if (!ct || !(end = strstr(ct, "</Types>")))
		return HZ_E_TEMPLATE;
	if (strstr(ct, "Extension=\"xlsx\""))
		return dynbuf_add(out, ct, len);
	rc = dynbuf_add(out, ct, (size_t)(end - ct));
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "<Default Extension=\"xlsx\" ContentType=\"" XLSX_CONTENT_TYPE "\"/>");
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, end);
	return rc;
}

hz_code hz_report_write(const hz_results *r, const char *templates_dir, const char *out_path, hz_error *err)
{
	return hz_report_write_with(r, templates_dir, out_path, NULL, err);
}

hz_code hz_report_write_with(const hz_results *r, const char *templates_dir, const char *out_path,
			     const dynbuf *chart_data, hz_error *err)
{
	char path[4096], rels_name[600];
	tmpl_doc *doc = NULL;
	docdata d;
	dynbuf chart, core, xlsx, ct;
	docx_member rep[5];
	size_t nrep = 0;
	const char *chart_name, *core_name;
	hz_code rc;
	static const char chart_rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rIdData\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/package\" "
		"Target=\"../embeddings/Microsoft_Excel_Worksheet_huizong.xlsx\"/></Relationships>";

	dynbuf_init(&chart, HZ_MAX_PART_BYTES);
	dynbuf_init(&core, 1u << 20);
	dynbuf_init(&xlsx, HZ_MAX_PART_BYTES);
	dynbuf_init(&ct, 1u << 20);
	if ((size_t)snprintf(path, sizeof(path), "%s/report.docx", templates_dir) >= sizeof(path))
		return hz_error_set(err, HZ_E_TEMPLATE, "templates path too long");
	rc = docdata_init(&d, r, err);
	if (rc)
		return rc;
	if (!report_schema()) {
		rc = hz_error_set(err, HZ_E_INTERNAL, "report schema too small");
		goto done;
	}
	rc = tmpl_doc_load(path, report_schema(), &doc, err);
	if (rc)
		goto done;
	chart_name = tmpl_doc_find_member(doc, "word/charts/chart", ".xml");
	core_name = tmpl_doc_find_member(doc, "docProps/core.xml", "");
	/* a chart whose folder is word/charts/ itself (not a sub-folder) */
	if (chart_name && strchr(chart_name + strlen("word/charts/"), '/'))
		chart_name = NULL;
	if (chart_name) {
		if (!chart_data) {
			rc = chart_workbook(&d, out_path, &xlsx, err);
			if (rc)
				goto done;
			chart_data = &xlsx;
		}
		rc = content_types_with_xlsx(doc, &ct);
		if (rc == HZ_OK)
			rc = chart_xml(&d, true, &chart);
		if (rc)
			goto fail;
		chart_rels_name(chart_name, rels_name, sizeof(rels_name));
		rep[nrep++] = (docx_member){.name = "[Content_Types].xml", .data = dynbuf_str(&ct), .len = ct.len};
		rep[nrep++] = (docx_member){.name = chart_name, .data = dynbuf_str(&chart), .len = chart.len};
		rep[nrep++] = (docx_member){.name = rels_name, .data = chart_rels, .len = sizeof(chart_rels) - 1};
		rep[nrep++] = (docx_member){.name = CHART_WORKBOOK, .data = dynbuf_str(chart_data), .len = chart_data->len};
	}
	if (core_name) {
		rc = docdata_core_xml(r, &core);
		if (rc)
			goto fail;
		rep[nrep++] = (docx_member){.name = core_name, .data = dynbuf_str(&core), .len = core.len};
	}
	rc = tmpl_doc_render(doc, &d, NULL, rep, nrep, out_path, TMPL_WRITE_REPLACE, err);
	goto done;
fail:
	hz_error_set(err, rc, "building the report");
done:
	if (rc && err && !err->file[0])
		hz_error_file(err, out_path);
	tmpl_doc_free(doc);
	docdata_release(&d);
	dynbuf_release(&chart);
	dynbuf_release(&core);
	dynbuf_release(&xlsx);
	dynbuf_release(&ct);
	return rc;
}
