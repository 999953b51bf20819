#define _GNU_SOURCE /* qsort_r */
#include "write/docdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* 主要问题 lists this many tasks at most. */
#define DOCDATA_TOP_TASKS 10

#define DASH DOCDATA_DASH

void docdata_num(char *out, size_t n, double v)
{
	char buf[64];
	size_t len;
	if (!isfinite(v)) {
		snprintf(out, n, "%s", DASH);
		return;
	}
	/* the figures come rounded to 2 decimals; this only drops zeros */
	snprintf(buf, sizeof(buf), "%.2f", v + (v >= 0 ? 1e-9 : -1e-9));
	len = strlen(buf);
	while (len && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len && buf[len - 1] == '.')
		buf[--len] = '\0';
	if (!strcmp(buf, "-0"))
		snprintf(buf, sizeof(buf), "0");
	snprintf(out, n, "%s", buf);
}

void docdata_date_cn(char *out, size_t n, const char *iso)
{
	char *e1, *e2, *e3;
	long y, m, d;
	if (!iso || !*iso) {
		snprintf(out, n, "%s", "");
		return;
	}
	y = strtol(iso, &e1, 10);
	if (*e1 != '-')
		goto raw;
	m = strtol(e1 + 1, &e2, 10);
	if (*e2 != '-')
		goto raw;
	d = strtol(e2 + 1, &e3, 10);
	if (*e3 != '\0')
		goto raw;
	snprintf(out, n, "%ld年%ld月%ld日", y, m, d);
	return;
raw:
	snprintf(out, n, "%s", iso);
}

void docdata_cn_number(char *out, size_t n, size_t v)
{
	static const char *const dg[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const un[] = {"", "十", "百", "千", "万"};
	char buf[128] = "";
	size_t len = 0;
	int digits[5], nd = 0;
	bool zero = false;
	if (v == 0 || v > 99999) {
		snprintf(out, n, "%zu", v);
		return;
	}
	for (size_t x = v; x; x /= 10)
		digits[nd++] = (int)(x % 10);
	for (int i = nd - 1; i >= 0; i--) {
		if (digits[i] == 0) {
			zero = true;
			continue;
		}
		if (zero) {
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s", dg[0]);
			zero = false;
		}
		/* 十二, not 一十二 */
		if (!(digits[i] == 1 && i == 1 && nd == 2))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s", dg[digits[i]]);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s", un[i]);
	}
	snprintf(out, n, "%s", buf);
}

const char *docdata_problem_label(const char *kind)
{
	static const struct {
		const char *kind, *label;
	} labels[] = {
		{"not_submitted", "未报送"},   {"late", "逾期报送"},       {"missing", "未填报"},
		{"not_started", "未开展"},     {"partial", "未全部完成"},   {"count_short", "次数不足"},
		{"self_reported", "自查问题"}, {"warning", "填报校验提示"}, {"narrative", "未按表格填报"},
		/* warning kinds */
		{"unknown_status", "完成情况无法识别"}, {"unmatched_row", "填报行未对应任务"},
		{"duplicate_row", "任务重复填报"},     {"score_out_of_range", "自评分超出分值"},
		{"bad_date", "日期无法识别"},          {"bad_number", "数字无法识别"},
		{"score_without_status", "有自评分但无完成情况"}, {"unknown_setting", "未知设置项"},
		{"rectify_open", "未整改"}, /* SPEC 7.3: a letter's open task (write/rectify_docs.c) */
		/* SPEC §6: reviews */
		{"review_deduction", "考评扣分"}, {"overrated", "自评偏高"},
		{"review_missing", "考评表未评分（按自评分计）"}, {"review_score_out_of_range", "考评得分超出分值"},
		/* SPEC §9: phases */
		{"phase_missing", "阶段材料未报送"}, {"phase_late", "阶段材料逾期报送"},
	};
	if (!kind)
		return "";
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(kind, labels[i].kind))
			return labels[i].label;
	return kind;
}

/* The label in a table cell of the report or a letter: one longer than the
 * five characters its column holds breaks between its words (SPEC 4), not
 * where the column ends ("阶段材料未/报送"). */
const char *docdata_problem_label_cell(const char *kind)
{
	static const struct {
		const char *kind, *cell;
	} cells[] = {
		{"narrative", "未按表格\n填报"},        {"phase_missing", "阶段材料\n未报送"},
		{"phase_late", "阶段材料\n逾期报送"},   {"warning", "填报校验\n提示"},
		{"review_missing", "考评表未评分\n（按自评分计）"}, {"review_score_out_of_range", "考评得分\n超出分值"},
	};
	for (size_t i = 0; kind && i < sizeof(cells) / sizeof(cells[0]); i++)
		if (!strcmp(kind, cells[i].kind))
			return cells[i].cell;
	return docdata_problem_label(kind);
}

/* ------------------------------------------------------------------ init */

/* The comparators take the data as qsort_r's argument, not through a global:
 * the report and the letters are prepared at the same time on -j 2. */
static int cmp_task_id(const void *a, const void *b, void *arg)
{
	const hz_results *r = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(r->tasks[x].id, r->tasks[y].id);
	return c ? c : (x < y ? -1 : x > y);
}

long docdata_task(const docdata *d, const char *id)
{
	size_t lo = 0, hi = d->r->ntasks;
	if (!id)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->r->tasks[d->task_by_id[mid]].id, id);
		if (c == 0) {
			/* the first of equal ids, as a checklist reader would */
			while (mid > 0 && !strcmp(d->r->tasks[d->task_by_id[mid - 1]].id, id))
				mid--;
			return (long)d->task_by_id[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int cmp_ranked(const void *a, const void *b)
{
	const docdata_unit *x = a, *y = b;
	if (x->u->rank != y->u->rank)
		return x->u->rank < y->u->rank ? -1 : 1;
	return x->no < y->no ? -1 : x->no > y->no; /* roster order */
}

static int cmp_top(const void *a, const void *b, void *arg)
{
	const docdata *d = arg;
	const docdata_item *x = a, *y = b;
	const docdata_task_stat *sx = &d->tstats[x->index], *sy = &d->tstats[y->index];
	double rx, ry, mx = d->r->tasks[x->index].max, my = d->r->tasks[y->index].max;
	if (sx->not_done != sy->not_done)
		return sx->not_done > sy->not_done ? -1 : 1;
	rx = sx->scored && mx > 0 ? sx->score_sum / sx->scored / mx : 1;
	ry = sy->scored && my > 0 ? sy->score_sum / sy->scored / my : 1;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static long category_index(const hz_results *r, const char *name)
{
	for (size_t k = 0; k < r->ncategories; k++)
		if (name && !strcmp(r->categories[k], name))
			return (long)k;
	return -1;
}

hz_code docdata_init(docdata *d, const hz_results *r, hz_error *err)
{
	size_t n = r->nunits ? r->nunits : 1, nt = r->ntasks ? r->ntasks : 1, nc = r->ncategories ? r->ncategories : 1;
	size_t ni = r->nrejected + r->nunknown_units + r->nsuperseded + r->nwarnings + 1;

	memset(d, 0, sizeof(*d));
	d->r = r;
	d->units = calloc(n, sizeof(*d->units));
	d->ranked = calloc(n, sizeof(*d->ranked));
	d->lagging = calloc(n, sizeof(*d->lagging));
	d->not_submitted = calloc(n, sizeof(*d->not_submitted));
	d->task_by_id = calloc(nt, sizeof(*d->task_by_id));
	d->tstats = calloc(nt, sizeof(*d->tstats));
	d->top = calloc(nt, sizeof(*d->top));
	d->cat_sum = calloc(nc, sizeof(*d->cat_sum));
	d->cat_max = calloc(nc, sizeof(*d->cat_max));
	d->cat_tasks = calloc(nc, sizeof(*d->cat_tasks));
	d->cats = calloc(nc, sizeof(*d->cats));
	d->issues = calloc(ni, sizeof(*d->issues));
	d->grades = calloc(r->settings.ngrades + 1, sizeof(*d->grades));
	d->grade_count = calloc(r->settings.ngrades + 1, sizeof(*d->grade_count));
	if (!d->units || !d->ranked || !d->lagging || !d->not_submitted || !d->task_by_id || !d->tstats ||
	    !d->top || !d->cat_sum || !d->cat_max || !d->cat_tasks || !d->cats || !d->issues || !d->grades ||
	    !d->grade_count || wordbreak_new(&d->words, r) != HZ_OK) {
		docdata_release(d);
		return hz_error_set(err, HZ_E_NOMEM, "preparing the documents");
	}

	for (size_t t = 0; t < r->ntasks; t++) {
		long k = category_index(r, r->tasks[t].category);
		d->task_by_id[t] = t;
		d->total_max += r->tasks[t].max;
		if (k >= 0) {
			d->cat_max[k] += r->tasks[t].max;
			d->cat_tasks[k]++;
		}
	}
	qsort_r(d->task_by_id, r->ntasks, sizeof(size_t), cmp_task_id, (void *)r);
	for (size_t k = 0; k < r->ncategories; k++)
		d->cats[k] = (docdata_item){k, k + 1};
	for (size_t g = 0; g < r->settings.ngrades; g++)
		d->grades[g] = (docdata_item){g, g + 1};

	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		d->units[d->nunits] = (docdata_unit){u, d->nunits + 1};
		d->nunits++;
		if (u->lagging) {
			d->lagging[d->nlagging] = (docdata_unit){u, d->nlagging + 1};
			d->nlagging++;
		}
		if (!u->submitted) {
			d->not_submitted[d->nnot_submitted] = (docdata_unit){u, d->nnot_submitted + 1};
			d->nnot_submitted++;
			continue;
		}
		d->ranked[d->nranked++] = (docdata_unit){u, i};
		for (size_t g = 0; g < r->settings.ngrades; g++)
			if (u->grade && !strcmp(u->grade, r->settings.grades[g].name)) {
				d->grade_count[g]++;
				break;
			}
		for (size_t c = 0; c < u->ncategories; c++) {
			long k = c < r->ncategories && u->categories[c].name && !strcmp(u->categories[c].name, r->categories[c])
					 ? (long)c
					 : category_index(r, u->categories[c].name);
			if (k >= 0)
				d->cat_sum[k] += u->categories[c].score;
		}
		if (u->narrative || u->ntasks != r->ntasks || !u->tasks)
			continue;
		for (size_t t = 0; t < r->ntasks; t++) {
			docdata_task_stat *s = &d->tstats[t];
			switch (u->tasks[t].status) {
			case HZ_ST_MISSING: s->missing++; s->not_done++; break;
			case HZ_ST_NOT_STARTED: s->not_started++; s->not_done++; break;
			case HZ_ST_PARTIAL: s->partial++; s->not_done++; break;
			default: break;
			}
			s->score_sum += u->tasks[t].score;
			s->scored++;
		}
		for (size_t p = 0; p < u->nproblems; p++)
			if (u->problems[p].kind && !strcmp(u->problems[p].kind, "count_short")) {
				long t = docdata_task(d, u->problems[p].task);
				if (t >= 0)
					d->tstats[t].count_short++;
			}
	}
	qsort(d->ranked, d->nranked, sizeof(*d->ranked), cmp_ranked);
	for (size_t i = 0; i < d->nranked; i++)
		d->ranked[i].no = i + 1;

	for (size_t t = 0; t < r->ntasks; t++)
		if (d->tstats[t].not_done)
			d->top[d->ntop++] = (docdata_item){t, 0};
	qsort_r(d->top, d->ntop, sizeof(*d->top), cmp_top, d);
	if (d->ntop > DOCDATA_TOP_TASKS)
		d->ntop = DOCDATA_TOP_TASKS;
	for (size_t i = 0; i < d->ntop; i++)
		d->top[i].no = i + 1;

	for (size_t i = 0; i < r->nrejected; i++)
		d->issues[d->nissues++] = (docdata_issue){"退回", &r->rejected[i], 0};
	for (size_t i = 0; i < r->nunknown_units; i++)
		d->issues[d->nissues++] = (docdata_issue){"单位无法识别", &r->unknown_units[i], 0};
	/* superseded revisions need nobody's attention, and warnings are only
	 * counted (SPEC §4: they may hold a form's stray notes, names and
	 * phone numbers): 排名.xlsx 校验 lists both */
	for (size_t i = 0; i < d->nissues; i++)
		d->issues[i].no = i + 1;
	return HZ_OK;
}

void docdata_release(docdata *d)
{
	wordbreak_free(d->words);
	free(d->kinds);
	free(d->units);
	free(d->ranked);
	free(d->lagging);
	free(d->not_submitted);
	free(d->task_by_id);
	free(d->tstats);
	free(d->top);
	free(d->cat_sum);
	free(d->cat_max);
	free(d->cat_tasks);
	free(d->cats);
	free(d->issues);
	free(d->grades);
	free(d->grade_count);
	memset(d, 0, sizeof(*d));
}

/* -------------------------------------------------------------- campaign */

const tmpl_field docdata_campaign_fields[] = {
	{"campaign.title", TMPL_TEXT, NULL},    {"campaign.issuer", TMPL_TEXT, NULL},
	{"campaign.as_of", TMPL_TEXT, NULL},    {"campaign.deadline", TMPL_TEXT, NULL},
	{"campaign.rectify_by", TMPL_TEXT, NULL}, {"campaign.tasks", TMPL_TEXT, NULL},
	{"campaign.max", TMPL_TEXT, NULL},      {"campaign.lagging_below", TMPL_TEXT, NULL},
	{"campaign.plan", TMPL_TEXT, NULL},     {"campaign.according", TMPL_TEXT, NULL},
	/* SPEC §2: "是" while as_of is on or before the deadline, else empty */
	{"campaign.before_deadline", TMPL_TEXT, NULL},
};
const size_t docdata_ncampaign_fields = sizeof(docdata_campaign_fields) / sizeof(docdata_campaign_fields[0]);

hz_code docdata_campaign_text(const docdata *d, size_t field, dynbuf *out)
{
	const hz_settings *s = &d->r->settings;
	char buf[64];
	switch (field) {
	case 0: return dynbuf_addstr(out, s->title ? s->title : "");
	case 1: return dynbuf_addstr(out, s->issuer ? s->issuer : "");
	case 2: docdata_date_cn(buf, sizeof(buf), s->as_of); break;
	case 3: docdata_date_cn(buf, sizeof(buf), s->deadline); break;
	case 4: docdata_date_cn(buf, sizeof(buf), s->rectify_by); break;
	case 5: snprintf(buf, sizeof(buf), "%zu", d->r->ntasks); break;
	case 6: docdata_num(buf, sizeof(buf), d->total_max); break;
	case 7: return dynbuf_addstr(out, s->lagging_below ? s->lagging_below : "");
	case 8: return dynbuf_addstr(out, s->plan ? s->plan : "");
	case 9: /* SPEC 4: the plan cited, in 《》, only when campaign.ini names it */
		return s->plan && *s->plan ? dynbuf_printf(out, "根据《%s》工作安排，", s->plan) : HZ_OK;
	case 10: return dynbuf_addstr(out, hz_before_deadline(s) ? "是" : "");
	default: return HZ_E_INTERNAL;
	}
	return dynbuf_addstr(out, buf);
}

void docdata_root_begin(docdata_root *root, hz_code (*text)(void *, const void *, size_t, dynbuf *),
			size_t (*count)(void *, const void *, size_t),
			const void *(*item)(void *, const void *, size_t, size_t))
{
	memset(root, 0, sizeof(*root));
	root->schema = (tmpl_schema){root->fields, 0, text, count, item};
	docdata_root_add(root, docdata_campaign_fields, docdata_ncampaign_fields);
}

void docdata_root_add(docdata_root *root, const tmpl_field *fields, size_t n)
{
	if (n > DOCDATA_ROOT_MAX_FIELDS - root->schema.nfields) {
		root->overflow = true;
		return;
	}
	memcpy(root->fields + root->schema.nfields, fields, n * sizeof(*fields));
	root->schema.nfields += n;
}

void docdata_root_add_text(docdata_root *root, const char *name)
{
	const tmpl_field f = {name, TMPL_TEXT, NULL};
	docdata_root_add(root, &f, 1);
}

const tmpl_schema *docdata_root_schema(const docdata_root *root)
{
	return root->overflow ? NULL : &root->schema;
}

double docdata_category_average(const docdata *d, size_t k)
{
	return d->nranked ? d->cat_sum[k] / (double)d->nranked : 0;
}

double docdata_category_rate(const docdata *d, size_t k)
{
	return d->cat_max[k] > 0 ? docdata_category_average(d, k) * 100 / d->cat_max[k] : 0;
}

const char *docdata_lagging_grade(const hz_unit *u)
{
	return u->review && u->review->final_grade ? u->review->final_grade : u->grade;
}

bool docdata_low_grade(const docdata *d, const hz_unit *u)
{
	const hz_settings *s = &d->r->settings;
	const char *grade = docdata_lagging_grade(u);
	size_t g, lb = s->ngrades;
	if (!u->submitted || !grade || !s->lagging_below)
		return false;
	for (g = 0; g < s->ngrades; g++)
		if (!strcmp(s->grades[g].name, s->lagging_below))
			lb = g;
	for (g = 0; g < s->ngrades; g++)
		if (!strcmp(s->grades[g].name, grade))
			break;
	return g < s->ngrades && g > lb;
}

/* SPEC §2: what a unit that has not submitted is called: before the
 * deadline it is only pending. */
const char *docdata_not_sent(const hz_results *r)
{
	return hz_before_deadline(&r->settings) ? "尚未报送" : "未报送";
}
