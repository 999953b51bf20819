/*
 * The item schemas of a unit (unit_items.h): its fields, and the lists it
 * has (problems, problems grouped by kind, category scores).
 */
#include "write/unit_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define DASH DOCDATA_DASH

/* ------------------------------------------------------ problems by kind */

/* One kind of a unit's problems: its first problem and how many. */
struct unit_items_kind {
	const hz_unit *u;
	size_t first, n;
};
typedef struct unit_items_kind unit_items_kind;

static const char *kind_of(const hz_problem *p)
{
	return p->kind ? p->kind : "";
}

/* Groups u's problems into d's scratch list (kept until the next unit or
 * docdata_release); returns how many kinds.  0 on a failed allocation: the
 * loop then shows nothing rather than half.  Kinds come in the order of
 * their first problem. */
static size_t kinds_count(docdata *d, const hz_unit *u)
{
	unit_items_kind *k;
	size_t n = 0;

	if (d->kinds_owner == u)
		return d->nkinds;
	d->kinds_owner = NULL;
	d->nkinds = 0;
	if (!u->nproblems)
		return 0;
	/* at most one kind per problem: no growing */
	k = realloc(d->kinds, u->nproblems * sizeof(*k));
	if (!k)
		return 0;
	d->kinds = k;
	for (size_t i = 0; i < u->nproblems; i++) {
		size_t j = 0;
		while (j < n && strcmp(kind_of(&u->problems[k[j].first]), kind_of(&u->problems[i])) != 0)
			j++;
		if (j == n)
			k[n++] = (unit_items_kind){u, i, 0};
		k[j].n++;
	}
	d->kinds_owner = u;
	d->nkinds = n;
	return n;
}

static const unit_items_kind *kinds_item(const docdata *d, size_t i)
{
	return &(d->kinds)[i];
}

/* Task ids of the kind's problems, joined with 、 ("全部13项任务" when they
 * are every task of the checklist: a short row, SPEC §4); a problem
 * without a task (late, not_submitted, narrative, overrated, a 存在问题 of
 * the whole unit) says itself, through the letters' own wording. */
static hz_code kind_tasks(docdata *d, const unit_items_kind *k, dynbuf *out)
{
	const hz_unit *u = k->u;
	const char *kind = kind_of(&u->problems[k->first]);
	const hz_unit *owner = d->problem_owner;
	size_t shown = 0;
	hz_code rc = HZ_OK;

	if (k->n > 1 && k->n == d->r->ntasks) {
		size_t with_task = 0;
		for (size_t i = k->first; i < u->nproblems; i++)
			with_task += !strcmp(kind_of(&u->problems[i]), kind) && u->problems[i].task && *u->problems[i].task;
		if (with_task == k->n)
			return dynbuf_printf(out, "全部%zu项任务", k->n);
	}
	d->problem_owner = u; /* the details read the unit's figures */
	for (size_t i = k->first; i < u->nproblems && rc == HZ_OK; i++) {
		const hz_problem *p = &u->problems[i];
		if (strcmp(kind_of(p), kind) != 0)
			continue;
		if (shown++)
			rc = dynbuf_addstr(out, p->task && *p->task ? "、" : "；");
		if (rc == HZ_OK)
			rc = p->task && *p->task ? dynbuf_addstr(out, p->task) : unit_items_problem_detail(d, p, out);
	}
	d->problem_owner = owner;
	return rc;
}

static hz_code kind_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	docdata *d = ctx;
	const unit_items_kind *k = obj;
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", (size_t)(k - d->kinds) + 1);
	case 1: return dynbuf_addstr(out, docdata_problem_label_cell(k->u->problems[k->first].kind));
	case 2: return kind_tasks(d, k, out);
	case 3: return dynbuf_printf(out, "%zu", k->n);
	default: return HZ_E_INTERNAL;
	}
}

static const tmpl_field kind_fields[] = {
	{"no", TMPL_TEXT, NULL}, {"kind", TMPL_TEXT, NULL}, {"tasks", TMPL_TEXT, NULL}, {"count", TMPL_TEXT, NULL}};

static const tmpl_schema kind_schema = {kind_fields, sizeof(kind_fields) / sizeof(kind_fields[0]), kind_text, NULL,
					  NULL};

/* ------------------------------------------------------------------ units */

enum unit_field {
	UF_NO, UF_NO_CN, UF_NAME, UF_GROUP, UF_STATUS, UF_SCORE, UF_MAX, UF_PERCENT, UF_GRADE, UF_RANK,
	UF_RANKED_OF, UF_COMPLETION, UF_DATE, UF_TIMELINESS, UF_REASON, UF_FIGURES, UF_FILE, UF_NOTE,
	UF_NPROBLEMS, UF_SUBMITTED, UF_LATE, UF_WEAKEST, UF_PROBLEMS, UF_CATEGORIES,
	UF_REVIEW, UF_OVERRATED, /* SPEC §6: empty when not reviewed / not flagged */
	UF_PROBLEM_KINDS,        /* the problems grouped by kind (kinds_count above) */
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
	{P "problems", TMPL_LIST, &unit_items_problem_schema},                                            \
	{P "categories", TMPL_LIST, &unit_items_category_schema},                                         \
	{P "review", TMPL_TEXT, NULL}, {P "overrated", TMPL_TEXT, NULL},                                 \
	{P "problem_kinds", TMPL_LIST, &kind_schema}, {P "rank_line", TMPL_TEXT, NULL}

const tmpl_field unit_items_fields[] = {UNIT_FIELDS("")};
const tmpl_field unit_items_root_fields[] = {UNIT_FIELDS("unit.")};
const size_t unit_items_nfields = UF__COUNT;

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

static double task_ratio(const docdata *d, const hz_unit *u, size_t t)
{
	double max = d->r->tasks[t].max;
	return max > 0 ? u->tasks[t].score / max : 1;
}

size_t unit_items_weakest_tasks(const docdata *d, const hz_unit *u, size_t out[UNIT_ITEMS_WEAKEST_TASKS])
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
		if (at >= UNIT_ITEMS_WEAKEST_TASKS)
			continue;
		if (n < UNIT_ITEMS_WEAKEST_TASKS)
			n++;
		for (size_t k = n - 1; k > at; k--)
			out[k] = out[k - 1];
		out[at] = t;
	}
	return n;
}

/* "3、7、12": the ids, weakest first (滞后单位问题汇总: one line a unit) */
static hz_code add_weakest(const docdata *d, const hz_unit *u, dynbuf *out)
{
	size_t t[UNIT_ITEMS_WEAKEST_TASKS];
	size_t n = unit_items_weakest_tasks(d, u, t);
	hz_code rc = HZ_OK;
	for (size_t i = 0; i < n && rc == HZ_OK; i++)
		rc = dynbuf_printf(out, "%s%s", i ? "、" : "", d->r->tasks[t[i]].id);
	return rc;
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

hz_code unit_items_text(docdata *d, const docdata_unit *it, size_t field, dynbuf *out)
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

size_t unit_items_count(docdata *d, const docdata_unit *it, size_t field)
{
	(void)d;
	if (field == UF_PROBLEMS)
		return it->u->nproblems;
	if (field == UF_CATEGORIES)
		return it->u->submitted ? it->u->ncategories : 0;
	if (field == UF_PROBLEM_KINDS)
		return kinds_count(d, it->u);
	return 0;
}

const void *unit_items_item(docdata *d, const docdata_unit *it, size_t field, size_t i)
{
	if (field == UF_PROBLEMS) {
		d->problem_owner = it->u;
		return &it->u->problems[i];
	}
	if (field == UF_PROBLEM_KINDS)
		return kinds_item(d, i);
	d->category_owner = it->u;
	return &it->u->categories[i];
}

static hz_code unit_text_cb(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	return unit_items_text(ctx, obj, field, out);
}
static size_t unit_count_cb(void *ctx, const void *obj, size_t field)
{
	return unit_items_count(ctx, obj, field);
}
static const void *unit_item_cb(void *ctx, const void *obj, size_t field, size_t i)
{
	return unit_items_item(ctx, obj, field, i);
}

const tmpl_schema unit_items_schema = {unit_items_fields, UF__COUNT, unit_text_cb, unit_count_cb, unit_item_cb};

/* --------------------------------------------------------------- problems */

static const tmpl_field problem_fields[] = {
	{"no", TMPL_TEXT, NULL},        {"kind", TMPL_TEXT, NULL},       {"task", TMPL_TEXT, NULL},
	{"task_id", TMPL_TEXT, NULL},   {"task_title", TMPL_TEXT, NULL}, {"requirement", TMPL_TEXT, NULL},
	{"text", TMPL_TEXT, NULL},      {"detail", TMPL_TEXT, NULL},
};

/* What the office reads in 具体情况: the judge's short text said in a
 * sentence where the kind alone says little. */
hz_code unit_items_problem_detail(const docdata *d, const hz_problem *p, dynbuf *out)
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
	case 7: return unit_items_problem_detail(d, p, out);
	default: return HZ_E_INTERNAL;
	}
}

const tmpl_schema unit_items_problem_schema = {problem_fields, sizeof(problem_fields) / sizeof(problem_fields[0]),
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

const tmpl_schema unit_items_category_schema = {catscore_fields, sizeof(catscore_fields) / sizeof(catscore_fields[0]),
					     catscore_text, NULL, NULL};
