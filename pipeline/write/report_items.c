/*
 * The lists of 汇总报告.docx: what each item of a table or a list in the
 * report template shows (categories, the tasks most often not done, file
 * issues, grades, ranking rows, groups, 自评偏高 and candidates).  The
 * frame and the root fields are report.c's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/report_internal.h"
#include "write/unit_items.h"

#include "banned.h"

/* ------------------------------------------------------- category items */

static const tmpl_field category_fields[] = {
	{"no", TMPL_TEXT, NULL},      {"name", TMPL_TEXT, NULL}, {"tasks", TMPL_TEXT, NULL},
	{"average", TMPL_TEXT, NULL}, {"max", TMPL_TEXT, NULL},  {"rate", TMPL_TEXT, NULL},
};

static hz_code category_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata *d = ctx;
	const docdata_item *it = obj;
	char buf[64];
	switch (field) {
	case 0: snprintf(buf, sizeof(buf), "%zu", it->no); break;
	case 1: return dynbuf_addstr(out, d->r->categories[it->index]);
	case 2: snprintf(buf, sizeof(buf), "%zu", d->cat_tasks[it->index]); break;
	case 3: docdata_num(buf, sizeof(buf), docdata_category_average(d, it->index)); break;
	case 4: docdata_num(buf, sizeof(buf), d->cat_max[it->index]); break;
	case 5:
		docdata_num(buf, sizeof(buf), docdata_category_rate(d, it->index));
		return dynbuf_printf(out, "%s%%", buf);
	default: return HZ_E_INTERNAL;
	}
	return dynbuf_addstr(out, buf);
}

const tmpl_schema report_category_schema = {category_fields, sizeof(category_fields) / sizeof(category_fields[0]),
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

const tmpl_schema report_top_schema = {top_fields, sizeof(top_fields) / sizeof(top_fields[0]), top_text, NULL, NULL};

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
		/* a review names the unit reviewed, not one that sent it (SPEC 4) */
		if (!strcmp(is->kind, KIND_UNKNOWN) && n->file && !strncmp(n->file, "reviews/", 8))
			return dynbuf_printf(out, "无法确定考评的是哪个单位（考评表中识别到：%s）", n->text ? n->text : "");
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

const tmpl_schema report_issue_schema = {issue_fields, sizeof(issue_fields) / sizeof(issue_fields[0]), issue_text,
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

const tmpl_schema report_grade_schema = {grade_fields, sizeof(grade_fields) / sizeof(grade_fields[0]), grade_text,
					 NULL, NULL};

/* ------------------------------------------------------- ranking rows */

static const tmpl_field rank_fields[] = {
	{"rank", TMPL_TEXT, NULL},    {"name", TMPL_TEXT, NULL},       {"group", TMPL_TEXT, NULL},
	{"score", TMPL_TEXT, NULL},   {"percent", TMPL_TEXT, NULL},    {"grade", TMPL_TEXT, NULL},
	{"completion", TMPL_TEXT, NULL}, {"tied", TMPL_TEXT, NULL},
	/* SPEC 6.5: 自评, 考评 (未考评 when not reviewed), 综合 percents */
	{"self", TMPL_TEXT, NULL},    {"review", TMPL_TEXT, NULL},     {"final", TMPL_TEXT, NULL},
};

/* The unit field a ranking row shows for each of rank_fields. */
static const char *const rank_unit_field[] = {"rank", "name", "group", "score", "percent", "grade", "completion"};

/* SPEC 6.5: a row of the ranking with reviews shows the rank, grade and
 * percents of the final result for a reviewed unit, and section 2's with
 * 未考评 for one that is not. */
static hz_code rank_review_text(report_ctx *c, const report_rank_row *row, size_t field, dynbuf *out)
{
	const hz_unit *u = row->unit->u;
	const hz_review *rv = u->review;
	char buf[64];
	switch (field) {
	case 0: /* one sequence of ranks: a unit not reviewed has no number */
		return rv ? dynbuf_printf(out, "%d", rv->final_rank) : dynbuf_addstr(out, "—");
	case 4: /* the percent the rank rests on */
		docdata_num(buf, sizeof(buf), rv ? rv->final_percent : u->percent);
		return dynbuf_addstr(out, buf);
	case 5: return dynbuf_addstr(out, rv ? (rv->final_grade ? rv->final_grade : "—") : (u->grade ? u->grade : "—"));
	case 8:
		if (row->tied)
			return dynbuf_addstr(out, "—");
		if (!u->submitted)
			return dynbuf_addstr(out, docdata_not_sent(c->d.r));
		docdata_num(buf, sizeof(buf), report_review_self_percent(u));
		return dynbuf_addstr(out, buf);
	case 9:
		if (row->tied)
			return dynbuf_addstr(out, "—");
		if (!rv)
			return dynbuf_addstr(out, "未考评");
		docdata_num(buf, sizeof(buf), rv->percent);
		return dynbuf_addstr(out, buf);
	case 10:
		if (!rv)
			return dynbuf_addstr(out, "—");
		docdata_num(buf, sizeof(buf), rv->final_percent);
		return dynbuf_addstr(out, buf);
	default: return HZ_E_INTERNAL;
	}
}

/* SPEC §4: a tie group shown as one row names its units, joined by 、,
 * at most 2·top of them, then 等N个单位. */
static hz_code tie_names(const report_ctx *c, const report_rank_row *row, dynbuf *out)
{
	size_t shown = row->tied < 2 * c->v.top ? row->tied : 2 * c->v.top;
	hz_code rc = dynbuf_printf(out, "%zu个单位并列：", row->tied);
	for (size_t i = 0; i < shown && rc == HZ_OK; i++)
		rc = dynbuf_printf(out, "%s%s", i ? "、" : "", row->unit[i].u->name);
	if (rc == HZ_OK && shown < row->tied)
		rc = dynbuf_printf(out, "等%zu个单位", row->tied);
	return rc;
}

static hz_code rank_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	report_ctx *c = ctx;
	const report_rank_row *row = obj;
	if (field >= 8 || (c->d.r->has_reviews && (field == 0 || field == 4 || field == 5)))
		return c->d.r->has_reviews ? rank_review_text(c, row, field, out) : HZ_OK;
	if (field == 7)
		return row->tied ? dynbuf_printf(out, "%zu", row->tied) : HZ_OK;
	if (field >= sizeof(rank_unit_field) / sizeof(rank_unit_field[0]))
		return HZ_E_INTERNAL;
	if (row->tied) {
		/* one row for a tie group larger than top: what they share */
		switch (field) {
		case 1: return tie_names(c, row, out);
		case 0: case 4: case 5: break;
		default: return dynbuf_addstr(out, "—");
		}
	}
	for (size_t f = 0; f < unit_items_nfields; f++)
		if (!strcmp(unit_items_fields[f].name, rank_unit_field[field]))
			return unit_items_text(&c->d, row->unit, f, out);
	return HZ_E_INTERNAL;
}

const tmpl_schema report_rank_schema = {rank_fields, sizeof(rank_fields) / sizeof(rank_fields[0]), rank_text, NULL,
					NULL};

/* --------------------------------------------------------------- groups */

static const tmpl_field group_fields[] = {
	{"no", TMPL_TEXT, NULL},          {"name", TMPL_TEXT, NULL},         {"units", TMPL_TEXT, NULL},
	{"submitted", TMPL_TEXT, NULL},   {"on_time", TMPL_TEXT, NULL},      {"late", TMPL_TEXT, NULL},
	{"not_submitted", TMPL_TEXT, NULL}, {"submit_rate", TMPL_TEXT, NULL}, {"average", TMPL_TEXT, NULL},
	{"lagging", TMPL_TEXT, NULL},     {"lag_not_submitted", TMPL_TEXT, NULL}, {"lag_late", TMPL_TEXT, NULL},
	{"lag_narrative", TMPL_TEXT, NULL}, {"lag_low_grade", TMPL_TEXT, NULL},
};

static hz_code group_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const report_group *g = obj;
	char buf[64];
	(void)ctx;
	switch (field) {
	case 0: return g->no ? dynbuf_printf(out, "%zu", g->no) : HZ_OK;
	case 1: return dynbuf_addstr(out, g->name[0] ? g->name : "（未分组）");
	case 2: return dynbuf_printf(out, "%zu", g->units);
	case 3: return dynbuf_printf(out, "%zu", g->submitted);
	case 4: return dynbuf_printf(out, "%zu", g->on_time);
	case 5: return dynbuf_printf(out, "%zu", g->late);
	case 6: return dynbuf_printf(out, "%zu", g->not_submitted);
	case 7:
		docdata_num(buf, sizeof(buf), g->units ? (double)g->submitted * 100 / (double)g->units : 0);
		return dynbuf_printf(out, "%s%%", buf);
	case 8:
		if (!g->submitted)
			return dynbuf_addstr(out, "—");
		docdata_num(buf, sizeof(buf), g->percent_sum / (double)g->submitted);
		return dynbuf_addstr(out, buf);
	case 9: return dynbuf_printf(out, "%zu", g->lagging);
	case 10: return dynbuf_printf(out, "%zu", g->lag_not_submitted);
	case 11: return dynbuf_printf(out, "%zu", g->lag_late);
	case 12: return dynbuf_printf(out, "%zu", g->lag_narrative);
	case 13: return dynbuf_printf(out, "%zu", g->lag_low_grade);
	default: return HZ_E_INTERNAL;
	}
}

const tmpl_schema report_group_schema = {group_fields, sizeof(group_fields) / sizeof(group_fields[0]), group_text,
					 NULL, NULL};

/* ------------------------------------------ 考评验收情况, 拟定候选名单 */

static const tmpl_field overrated_fields[] = {
	{"no", TMPL_TEXT, NULL},   {"name", TMPL_TEXT, NULL},   {"group", TMPL_TEXT, NULL},
	{"self", TMPL_TEXT, NULL}, {"review", TMPL_TEXT, NULL}, {"gap", TMPL_TEXT, NULL},
};

static hz_code overrated_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata_unit *it = obj;
	const hz_unit *u = it->u;
	char buf[64];
	(void)ctx;
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", it->no);
	case 1: return dynbuf_addstr(out, u->name);
	case 2: return dynbuf_addstr(out, u->group ? u->group : "");
	case 3: docdata_num(buf, sizeof(buf), u->percent); break;
	case 4: docdata_num(buf, sizeof(buf), u->review->percent); break;
	case 5: docdata_num(buf, sizeof(buf), u->percent - u->review->percent); break;
	default: return HZ_E_INTERNAL;
	}
	return dynbuf_addstr(out, buf);
}

const tmpl_schema report_overrated_schema = {overrated_fields, sizeof(overrated_fields) / sizeof(overrated_fields[0]),
					     overrated_text, NULL, NULL};

static const tmpl_field candidate_fields[] = {
	{"no", TMPL_TEXT, NULL}, {"name", TMPL_TEXT, NULL}, {"group", TMPL_TEXT, NULL},
	{"percent", TMPL_TEXT, NULL}, {"grade", TMPL_TEXT, NULL},
};

static hz_code candidate_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const report_ctx *c = ctx;
	const hz_results *r = c->d.r;
	const hz_candidate *k = obj;
	const hz_unit *u = &r->units[k->unit];
	char buf[64];
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", (size_t)(k - r->candidates) + 1);
	case 1: return dynbuf_addstr(out, u->name);
	case 2: return dynbuf_addstr(out, u->group ? u->group : "");
	case 3: docdata_num(buf, sizeof(buf), k->percent); return dynbuf_addstr(out, buf);
	case 4: return dynbuf_addstr(out, k->grade ? k->grade : "");
	default: return HZ_E_INTERNAL;
	}
}

const tmpl_schema report_candidate_schema = {candidate_fields, sizeof(candidate_fields) / sizeof(candidate_fields[0]),
					     candidate_text, NULL, NULL};

