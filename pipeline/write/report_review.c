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
#include "write/ooxml/chart.h"

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

/* 自评 and 考评, in the chart and in its workbook's first row */
static const ooxml_chart_series review_series[2] = {{"自评得分率（%）", "A6A6A6", NULL},
						    {"考评得分率（%）", "C00000", NULL}};

typedef struct review_chart {
	const docdata *d;
	const report_review *v;
} review_chart;

static const char *category_name(const void *ctx, size_t i, char *buf, size_t n)
{
	const review_chart *rc = ctx;
	(void)buf, (void)n;
	return rc->d->r->categories[i];
}

static void category_percent(const void *ctx, size_t s, size_t i, char *buf, size_t n)
{
	const review_chart *rc = ctx;
	docdata_num(buf, n, s ? rc->v->cat_review[i] : rc->v->cat_self[i]);
}

hz_code report_chart_review_xml(const docdata *d, dynbuf *out)
{
	static const ooxml_chart_group columns = {
		.kind = OOXML_CHART_COLUMNS, .first = 0, .n = 2, .overlap = -10, .cat_axis = 411111111,
		.val_axis = 422222222, .val_max = "100", .major_unit = 20};
	report_review v;
	review_chart ctx = {d, &v};
	ooxml_chart c = {.series = review_series, .nseries = 2, .groups = &columns, .ngroups = 1,
			 .npoints = d->r->ncategories, .ctx = &ctx, .category = category_name, .value = category_percent,
			 .label_font = OOXML_FONT_CJK, .cat_font = OOXML_FONT_CJK_LEVEL, .val_font = OOXML_FONT_CJK,
			 .legend = true, .data_rel = REPORT_CHART_DATA_REL};
	hz_code rc = report_review_init(&v, d, NULL);
	if (rc)
		return rc;
	rc = ooxml_chart_xml(&c, out);
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
	worksheet_write_string(ws, 0, 1, review_series[0].name, NULL);
	worksheet_write_string(ws, 0, 2, review_series[1].name, NULL);
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
