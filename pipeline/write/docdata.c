#define _GNU_SOURCE /* qsort_r */
#include "write/docdata.h"

#include "write/problem_kinds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* 主要问题 lists this many tasks at most. */
#define DOCDATA_TOP_TASKS 10

static const char *DASH = "—";

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

/* ------------------------------------------------------------------ units */

enum unit_field {
	UF_NO, UF_NO_CN, UF_NAME, UF_GROUP, UF_STATUS, UF_SCORE, UF_MAX, UF_PERCENT, UF_GRADE, UF_RANK,
	UF_RANKED_OF, UF_COMPLETION, UF_DATE, UF_TIMELINESS, UF_REASON, UF_FIGURES, UF_FILE, UF_NOTE,
	UF_NPROBLEMS, UF_SUBMITTED, UF_LATE, UF_WEAKEST, UF_PROBLEMS, UF_CATEGORIES,
	UF_REVIEW, UF_OVERRATED, /* SPEC §6: empty when not reviewed / not flagged */
	UF_PROBLEM_KINDS,        /* the problems grouped by kind (write/problem_kinds.h) */
	UF_RANK_LINE,            /* 名次 with what it ranks among (SPEC 6.5: the final rank) */
	UF__COUNT
};

#define UNIT_FIELDS(P)                                                                                   \
	{P "no", TMPL_TEXT, NULL}, {P "no_cn", TMPL_TEXT, NULL}, {P "name", TMPL_TEXT, NULL},             \
	{P "group", TMPL_TEXT, NULL}, {P "status", TMPL_TEXT, NULL}, {P "score", TMPL_TEXT, NULL},        \
	{P "max", TMPL_TEXT, NULL}, {P "percent", TMPL_TEXT, NULL}, {P "grade", TMPL_TEXT, NULL},         \
	{P "rank", TMPL_TEXT, NULL}, {P "ranked_of", TMPL_TEXT, NULL}, {P "completion", TMPL_TEXT, NULL}, \
	{P "date", TMPL_TEXT, NULL}, {P "timeliness", TMPL_TEXT, NULL}, {P "reason", TMPL_TEXT, NULL},    \
	{P "figures", TMPL_TEXT, NULL}, {P "file", TMPL_TEXT, NULL}, {P "note", TMPL_TEXT, NULL},         \
	{P "nproblems", TMPL_TEXT, NULL}, {P "submitted", TMPL_TEXT, NULL}, {P "late", TMPL_TEXT, NULL},   \
	{P "weakest", TMPL_TEXT, NULL},                                                                   \
	{P "problems", TMPL_LIST, &docdata_problem_schema},                                               \
	{P "categories", TMPL_LIST, &docdata_catscore_schema},                                            \
	{P "review", TMPL_TEXT, NULL}, {P "overrated", TMPL_TEXT, NULL},                                 \
	{P "problem_kinds", TMPL_LIST, &problem_kinds_schema}, {P "rank_line", TMPL_TEXT, NULL}

const tmpl_field docdata_unit_fields[] = {UNIT_FIELDS("")};
const tmpl_field docdata_unit_root_fields[] = {UNIT_FIELDS("unit.")};
const size_t docdata_nunit_fields = UF__COUNT;

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

static hz_code add_reason(const docdata *d, const hz_unit *u, dynbuf *out)
{
	hz_code rc = HZ_OK;
	const char *sep = "";
	bool pending = !u->submitted && hz_before_deadline(&d->r->settings);
	if (!u->submitted && !pending) {
		rc = dynbuf_addstr(out, "未报送");
		sep = "、";
	}
	if (u->late) {
		rc = dynbuf_addstr(out, "逾期报送");
		sep = "、";
	}
	if (rc == HZ_OK && u->narrative) {
		rc = dynbuf_printf(out, "%s未按表格填报", sep);
		sep = "、";
	}
	/* below the lagging grade: its own grade says why (SPEC 6.3: a reviewed
	 * unit lags on its final grade) */
	if (rc == HZ_OK && docdata_low_grade(d, u)) {
		rc = dynbuf_printf(out, "%s%s等次为%s", sep, u->review ? "综合" : "", docdata_lagging_grade(u));
		sep = "、";
	}
	/* SPEC 9.3: a phase document not filed by its deadline */
	for (size_t p = 0; rc == HZ_OK && p < u->nphases; p++)
		if (u->phases[p].status == HZ_PHASE_MISSING) {
			rc = dynbuf_printf(out, "%s未报送%s", sep, d->r->settings.phases[p].name);
			sep = "、";
		}
	return rc;
}

/* SPEC 4: a unit whose every file was rejected is told so, with the reason
 * (its Chinese half: "中文 / English (detail)"), not that it sent nothing.
 * No file name: the same words go in the report's body, which names none. */
static hz_code add_unreadable(const hz_unit *u, dynbuf *out)
{
	const char *why = u->unreadable_reason, *cut = strstr(why, " / ");
	return dynbuf_printf(out, "报送的文件无法读取（%.*s）", (int)(cut ? (size_t)(cut - why) : strlen(why)), why);
}

static hz_code add_figures(const docdata *d, const hz_unit *u, dynbuf *out)
{
	char as_of[64], sc[32], mx[32], pc[32], cp[32], dt[64];
	hz_code rc;
	docdata_date_cn(as_of, sizeof(as_of), d->r->settings.as_of);
	if (!u->submitted && u->unreadable_file && d->for_superiors)
		return dynbuf_printf(out, "截至%s未收到可以读取的自查材料（报送的文件无法读取，已退回）。", as_of);
	if (!u->submitted && u->unreadable_file) {
		rc = dynbuf_printf(out, "截至%s未收到可读取的自查材料，", as_of);
		if (rc == HZ_OK)
			rc = add_unreadable(u, out);
		return rc == HZ_OK ? dynbuf_addstr(out, "，请重新报送。") : rc;
	}
	if (!u->submitted && hz_before_deadline(&d->r->settings))
		return dynbuf_printf(out, "截至%s尚未报送自查材料（截止日期未到）。", as_of);
	if (!u->submitted)
		return dynbuf_printf(out, "截至%s未报送自查材料。", as_of);
	docdata_num(sc, sizeof(sc), u->score);
	docdata_num(mx, sizeof(mx), d->total_max);
	docdata_num(pc, sizeof(pc), u->percent);
	docdata_num(cp, sizeof(cp), u->completion * 100);
	docdata_date_cn(dt, sizeof(dt), u->date);
	if (u->narrative)
		rc = dynbuf_printf(out, "%s报送了自查情况报告，未按自查自评表填报，无法计分，按得分率0%%计；", dt);
	else
		rc = dynbuf_printf(out, "%s%s报送，得分%s分（满分%s分），得分率%s%%，任务完成率%s%%，", dt,
				   u->late ? "逾期" : "", sc, mx, pc, cp);
	/* SPEC 6.5: with reviews the one rank stated is the final one (the
	 * letter's review paragraph), never the self rank */
	if (rc == HZ_OK && d->r->has_reviews)
		rc = dynbuf_printf(out, "等次为%s。", u->grade ? u->grade : DASH);
	else if (rc == HZ_OK)
		rc = dynbuf_printf(out, "等次为%s，在%zu个报送单位中排第%d位。", u->grade ? u->grade : DASH,
				   d->nranked, u->rank);
	return rc;
}

/* "3、7、12": the ids, weakest first (滞后单位问题汇总: one line a unit) */
static hz_code add_weakest(const docdata *d, const hz_unit *u, dynbuf *out)
{
	size_t t[DOCDATA_WEAKEST_TASKS];
	size_t n = docdata_weakest_tasks(d, u, t);
	hz_code rc = HZ_OK;
	for (size_t i = 0; i < n && rc == HZ_OK; i++)
		rc = dynbuf_printf(out, "%s%s", i ? "、" : "", d->r->tasks[t[i]].id);
	return rc;
}

static double task_ratio(const docdata *d, const hz_unit *u, size_t t)
{
	double max = d->r->tasks[t].max;
	return max > 0 ? u->tasks[t].score / max : 1;
}

size_t docdata_weakest_tasks(const docdata *d, const hz_unit *u, size_t out[DOCDATA_WEAKEST_TASKS])
{
	size_t n = 0;
	if (!u->submitted || !u->tasks || u->ntasks != d->r->ntasks)
		return 0;
	/* insertion into a short sorted list: only a strictly lower ratio moves
	 * ahead, so equal ones stay in checklist order */
	for (size_t t = 0; t < u->ntasks; t++) {
		double x = task_ratio(d, u, t);
		size_t at = n;
		while (at > 0 && x < task_ratio(d, u, out[at - 1]))
			at--;
		if (at >= DOCDATA_WEAKEST_TASKS)
			continue;
		if (n < DOCDATA_WEAKEST_TASKS)
			n++;
		for (size_t k = n - 1; k > at; k--)
			out[k] = out[k - 1];
		out[at] = t;
	}
	return n;
}

/* SPEC 6.3: the review and the final result in a sentence ("" when not
 * reviewed). */
static hz_code add_review(const docdata *d, const hz_unit *u, dynbuf *out)
{
	const hz_review *rv = u->review;
	const hz_settings *s = &d->r->settings;
	char sc[32], pc[32], fs[32], fp[32], sw[32], rw[32], dt[64];
	hz_code rc;
	if (!rv)
		return HZ_OK;
	docdata_num(sc, sizeof(sc), rv->score);
	docdata_num(pc, sizeof(pc), rv->percent);
	docdata_num(fs, sizeof(fs), rv->final_score);
	docdata_num(fp, sizeof(fp), rv->final_percent);
	docdata_num(sw, sizeof(sw), s->self_weight * 100);
	docdata_num(rw, sizeof(rw), s->review_weight * 100);
	docdata_date_cn(dt, sizeof(dt), rv->date);
	rc = dynbuf_printf(out,
			   "%s%s%s实地考评，你单位考评得分%s分，考评得分率%s%%；按自评%s%%、考评%s%%综合审定，"
			   "综合得分%s分，综合得分率%s%%，综合等次为%s，在%zu个考评单位中排第%d位。",
			   dt, rv->group && *rv->group ? "经" : "经评审组", rv->group ? rv->group : "", sc, pc, sw, rw,
			   fs, fp, rv->final_grade ? rv->final_grade : DASH, d->r->n_reviewed, rv->final_rank);
	/* a 考评汇总表 row's one comment: for the whole unit, said once */
	if (rc == HZ_OK && rv->comment && *rv->comment) {
		size_t n = strlen(rv->comment);
		static const char stop[] = "。";
		if (n >= sizeof(stop) - 1 && !strcmp(rv->comment + n - (sizeof(stop) - 1), stop))
			n -= sizeof(stop) - 1;
		rc = dynbuf_printf(out, "评审组意见：%.*s。", (int)n, rv->comment);
	}
	return rc;
}

static hz_code add_overrated(const hz_unit *u, dynbuf *out)
{
	char a[32], b[32], gap[32];
	if (!u->review || !u->overrated)
		return HZ_OK;
	docdata_num(a, sizeof(a), u->percent);
	docdata_num(b, sizeof(b), u->review->percent);
	docdata_num(gap, sizeof(gap), u->percent - u->review->percent);
	return dynbuf_printf(out,
			     "你单位自评得分率%s%%，高于考评得分率%s%%达%s个百分点，列为自评偏高，"
			     "请认真查找自评不实的原因。",
			     a, b, gap);
}

hz_code docdata_unit_text(docdata *d, const docdata_unit *it, size_t field, dynbuf *out)
{
	const hz_unit *u = it->u;
	char buf[128];
	const char *s = NULL;

	switch ((enum unit_field)field) {
	case UF_NO: snprintf(buf, sizeof(buf), "%zu", it->no); s = buf; break;
	case UF_NO_CN: docdata_cn_number(buf, sizeof(buf), it->no); s = buf; break;
	case UF_NAME: s = u->name; break;
	case UF_GROUP: s = u->group; break;
	case UF_STATUS: s = u->submitted ? "已报送" : docdata_not_sent(d->r); break;
	case UF_SCORE:
		if (u->submitted)
			docdata_num(buf, sizeof(buf), u->score);
		s = u->submitted ? buf : DASH;
		break;
	case UF_MAX: docdata_num(buf, sizeof(buf), d->total_max); s = buf; break;
	case UF_PERCENT:
		if (u->submitted)
			docdata_num(buf, sizeof(buf), u->percent);
		s = u->submitted ? buf : DASH;
		break;
	case UF_GRADE: s = u->submitted && u->grade ? u->grade : DASH; break;
	case UF_RANK: /* SPEC 6.5: a reviewed unit's rank is its final rank */
		snprintf(buf, sizeof(buf), "%d", u->review ? u->review->final_rank : u->rank);
		s = u->submitted || u->review ? buf : DASH;
		break;
	case UF_RANKED_OF: snprintf(buf, sizeof(buf), "%zu", u->review ? d->r->n_reviewed : d->nranked); s = buf; break;
	case UF_RANK_LINE:
		if (u->review)
			snprintf(buf, sizeof(buf), "%d（综合名次，共%zu个已考评单位）", u->review->final_rank,
				 d->r->n_reviewed);
		else if (d->r->has_reviews)
			snprintf(buf, sizeof(buf), "未参加综合排名");
		else if (u->submitted)
			snprintf(buf, sizeof(buf), "%d（共%zu个报送单位）", u->rank, d->nranked);
		else
			snprintf(buf, sizeof(buf), "%s", DASH);
		s = buf;
		break;
	case UF_COMPLETION:
		if (u->submitted) {
			docdata_num(buf, sizeof(buf), u->completion * 100);
			size_t l = strlen(buf);
			snprintf(buf + l, sizeof(buf) - l, "%%");
		}
		s = u->submitted ? buf : DASH;
		break;
	case UF_DATE:
		docdata_date_cn(buf, sizeof(buf), u->date);
		s = u->submitted ? buf : DASH;
		break;
	case UF_TIMELINESS: s = !u->submitted ? docdata_not_sent(d->r) : u->late ? "逾期报送" : "按时报送"; break;
	case UF_REASON: return add_reason(d, u, out);
	case UF_FIGURES: return add_figures(d, u, out);
	case UF_FILE: s = u->file ? u->file : ""; break;
	case UF_NOTE: s = u->narrative ? "自查情况报告（未按表格填报）" : ""; break;
	case UF_NPROBLEMS: snprintf(buf, sizeof(buf), "%zu", u->nproblems); s = buf; break;
	/* empty when not: for {{?unit.submitted}} and {{?.late}} */
	case UF_SUBMITTED: s = u->submitted ? "已报送" : ""; break;
	case UF_LATE: s = u->submitted && u->late ? "逾期" : ""; break;
	case UF_WEAKEST: return add_weakest(d, u, out);
	case UF_REVIEW: return add_review(d, u, out);
	case UF_OVERRATED: return add_overrated(u, out);
	default: return HZ_E_INTERNAL;
	}
	return dynbuf_addstr(out, s ? s : "");
}

size_t docdata_unit_count(docdata *d, const docdata_unit *it, size_t field)
{
	(void)d;
	if (field == UF_PROBLEMS)
		return it->u->nproblems;
	if (field == UF_CATEGORIES)
		return it->u->submitted ? it->u->ncategories : 0;
	if (field == UF_PROBLEM_KINDS)
		return problem_kinds_count(d, it->u);
	return 0;
}

const void *docdata_unit_item(docdata *d, const docdata_unit *it, size_t field, size_t i)
{
	if (field == UF_PROBLEMS) {
		d->problem_owner = it->u;
		return &it->u->problems[i];
	}
	if (field == UF_PROBLEM_KINDS)
		return problem_kinds_item(d, i);
	d->category_owner = it->u;
	return &it->u->categories[i];
}

static hz_code unit_text_cb(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	return docdata_unit_text(ctx, obj, field, out);
}
static size_t unit_count_cb(void *ctx, const void *obj, size_t field)
{
	return docdata_unit_count(ctx, obj, field);
}
static const void *unit_item_cb(void *ctx, const void *obj, size_t field, size_t i)
{
	return docdata_unit_item(ctx, obj, field, i);
}

const tmpl_schema docdata_unit_schema = {docdata_unit_fields, UF__COUNT, unit_text_cb, unit_count_cb, unit_item_cb};

/* --------------------------------------------------------------- problems */

static const tmpl_field problem_fields[] = {
	{"no", TMPL_TEXT, NULL},        {"kind", TMPL_TEXT, NULL},       {"task", TMPL_TEXT, NULL},
	{"task_id", TMPL_TEXT, NULL},   {"task_title", TMPL_TEXT, NULL}, {"requirement", TMPL_TEXT, NULL},
	{"text", TMPL_TEXT, NULL},      {"detail", TMPL_TEXT, NULL},
};

/* What the office reads in 具体情况: the judge's short text said in a
 * sentence where the kind alone says little. */
hz_code docdata_problem_detail(const docdata *d, const hz_problem *p, dynbuf *out)
{
	const hz_unit *u = d->problem_owner;
	const char *k = p->kind ? p->kind : "";
	char a[64], b[64];
	if (!strcmp(k, "not_submitted") && u && u->unreadable_file)
		return add_unreadable(u, out);
	if (!strcmp(k, "not_submitted")) {
		docdata_date_cn(a, sizeof(a), d->r->settings.as_of);
		return dynbuf_printf(out, "截至%s未报送自查材料", a);
	}
	if (!strcmp(k, "late") && u && u->date[0] && d->r->settings.deadline[0]) {
		docdata_date_cn(a, sizeof(a), u->date);
		docdata_date_cn(b, sizeof(b), d->r->settings.deadline);
		/* each date opens a line, which a letter's column holds whole */
		return dynbuf_printf(out, "%s报送\n%s截止", a, b);
	}
	if (!strcmp(k, "missing"))
		return dynbuf_addstr(out, "自查自评表中未填报此项");
	if (!strcmp(k, "not_started"))
		return dynbuf_addstr(out, "填报为未开展");
	if (!strcmp(k, "partial"))
		return dynbuf_addstr(out, "填报为推进中，尚未全部完成");
	if (!strcmp(k, "count_short") && p->text) {
		char *e1, *e2;
		double got = strtod(p->text, &e1), need;
		if (e1 != p->text && *e1 == '/') {
			need = strtod(e1 + 1, &e2);
			if (e2 != e1 + 1 && *e2 == '\0') {
				docdata_num(a, sizeof(a), got);
				docdata_num(b, sizeof(b), need);
				return dynbuf_printf(out, "完成%s次，要求至少%s次", a, b);
			}
		}
	}
	if (!strcmp(k, "review_deduction") && u && u->review) {
		long t = docdata_task(d, p->task);
		if (t >= 0 && (size_t)t < u->review->ntasks) {
			docdata_num(a, sizeof(a), u->review->tasks[t].score);
			docdata_num(b, sizeof(b), d->r->tasks[t].max);
			/* SPEC 4: the task's own 扣分原因 only; a 考评汇总表 row's
			 * one comment for the whole unit is said once, after the
			 * review's figures (add_review); no comment, no reason */
			const char *why = u->review->tasks[t].comment;
			if (why && u->review->comment && !strcmp(why, u->review->comment))
				why = NULL;
			if (why && *why)
				return dynbuf_printf(out, "考评得分%s分（满分%s分），扣分原因：%s", a, b, why);
			return dynbuf_printf(out, "考评得分%s分（满分%s分）", a, b);
		}
	}
	if (!strcmp(k, "overrated") && u && u->review) {
		char gap[64];
		docdata_num(a, sizeof(a), u->percent);
		docdata_num(b, sizeof(b), u->review->percent);
		docdata_num(gap, sizeof(gap), u->percent - u->review->percent);
		return dynbuf_printf(out, "自评得分率%s%%，考评得分率%s%%，相差%s个百分点", a, b, gap);
	}
	/* self_reported, warning, narrative: the unit's or the judge's words */
	return dynbuf_addstr(out, p->text ? p->text : "");
}

static hz_code problem_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	docdata *d = ctx;
	const hz_problem *p = obj;
	long t = docdata_task(d, p->task);
	const hz_task *task = t >= 0 ? &d->r->tasks[t] : NULL;
	switch (field) {
	case 0:
		return dynbuf_printf(out, "%zu",
				     d->problem_owner ? (size_t)(p - d->problem_owner->problems) + 1 : (size_t)1);
	case 1:
		if (p->kind && !strcmp(p->kind, "not_submitted") && d->problem_owner && d->problem_owner->unreadable_file)
			return dynbuf_addstr(out, "文件无法\n读取" /* a cell: broken between its words */);
		return dynbuf_addstr(out, docdata_problem_label_cell(p->kind));
	case 2:
		if (task)
			return dynbuf_printf(out, "%s %s", task->id, task->title);
		return dynbuf_addstr(out, p->task ? p->task : "");
	case 3: return dynbuf_addstr(out, p->task ? p->task : "");
	case 4: return dynbuf_addstr(out, task ? task->title : "");
	case 5: return dynbuf_addstr(out, task && task->requirement ? task->requirement : "");
	case 6: return dynbuf_addstr(out, p->text ? p->text : "");
	case 7: return docdata_problem_detail(d, p, out);
	default: return HZ_E_INTERNAL;
	}
}

const tmpl_schema docdata_problem_schema = {problem_fields, sizeof(problem_fields) / sizeof(problem_fields[0]),
					    problem_text, NULL, NULL};

/* ------------------------------------------------------ a unit's categories */

static const tmpl_field catscore_fields[] = {
	{"name", TMPL_TEXT, NULL}, {"score", TMPL_TEXT, NULL}, {"max", TMPL_TEXT, NULL}, {"rate", TMPL_TEXT, NULL}};

static hz_code catscore_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const hz_category_score *c = obj;
	char buf[64];
	(void)ctx;
	switch (field) {
	case 0: return dynbuf_addstr(out, c->name ? c->name : "");
	case 1: docdata_num(buf, sizeof(buf), c->score); break;
	case 2: docdata_num(buf, sizeof(buf), c->max); break;
	case 3:
		if (c->max > 0) {
			docdata_num(buf, sizeof(buf), c->score * 100 / c->max);
			size_t l = strlen(buf);
			snprintf(buf + l, sizeof(buf) - l, "%%");
		} else {
			snprintf(buf, sizeof(buf), "%s", DASH);
		}
		break;
	default: return HZ_E_INTERNAL;
	}
	return dynbuf_addstr(out, buf);
}

const tmpl_schema docdata_catscore_schema = {catscore_fields, sizeof(catscore_fields) / sizeof(catscore_fields[0]),
					     catscore_text, NULL, NULL};
