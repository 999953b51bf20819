/*
 * 汇总报告.docx: templates/report.docx filled with the figures of the run.
 *
 * The body is bounded (SPEC §4): its sections, in SPEC order, are each
 * present only when they apply, and are numbered 一、二、… from what is
 * present; the 附件 are numbered in the order the sections refer to them.
 * The three tables below (sections, attachments, charts) are that frame:
 * the template shows a section inside {{?section.x}} … {{/section.x}} with
 * the heading {{section.x}}、…, refers to it as 第{{section.x}}部分, and to an
 * attachment as 附件{{attachment.y}}; a chart is found in the template by the
 * name of its drawing, redrawn when its section is present and taken out
 * of the package (part, relationship, content type) when not.
 *
 * The fields and lists a report template may use are the tables below
 * (summary_fields, the frame's section.* and attachment.* fields, and the
 * item schemas); templates/report.docx shows each in use.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "write/docdata.h"
#include "write/doc_template.h"
#include "write/docs.h"
#include "hz_limits.h"
#include "write/report_chart.h"
#include "write/report_package.h"
#include "write/report_progress.h"
#include "write/report_review.h"
#include "write/report_views.h"
#include "write/rectify_docs.h"
#include "write/report_phases.h"
#include "write/tmpl.h"

#include "banned.h"

/* What every callback of the report's schemas gets as ctx.  docdata comes
 * first: the item schemas shared with the letters (docdata_unit_schema …)
 * take ctx as a docdata. */
typedef struct report_ctx {
	docdata d;
	report_views v;
	report_review rv;        /* 考评验收情况 (SPEC 6.5) */
	report_rank_row *all_rows; /* with reviews: the whole ranking as rows (附件 排名表) */
	rectify_figures rf;      /* SPEC 7.3: 整改落实情况 (empty without the round) */
	report_phases ph;        /* SPEC 9.4: 阶段工作推进情况 (empty without [phases]) */
	size_t *section_no;      /* per report_sections: 1-based number, 0 when absent */
	size_t *attachment_no;   /* per report_attachments: 1-based number, 0 when absent */
	size_t *attachments;     /* the present attachments' indices, in number order */
	size_t nattachments;
} report_ctx;

/* ------------------------------------------------------------ the frame */

typedef bool (*report_present_fn)(const report_ctx *c);

typedef struct report_section {
	const char *field;        /* section.x: its number 一, 二 … when present, "" when not */
	report_present_fn present;
} report_section;

typedef struct report_attachment {
	const char *field;        /* attachment.x: its number 1, 2 … when present, "" when not */
	const char *title;        /* in the 附件： list (and the field attachment.x.title is not needed:
	                             the template writes the title above the attachment itself) */
	report_present_fn present;
} report_attachment;

static bool always(const report_ctx *c)
{
	(void)c;
	return true;
}

static bool any_submitted(const report_ctx *c)
{
	return c->d.nranked > 0;
}

/* with reviews, a reviewed unit that sent nothing is ranked too (SPEC 6.5) */
static bool any_ranked(const report_ctx *c)
{
	return c->v.norder > 0;
}

static bool categories_scored(const report_ctx *c)
{
	return c->d.nranked > 0 && c->d.r->ncategories > 0;
}

static bool any_lagging(const report_ctx *c)
{
	return c->d.nlagging > 0;
}

static bool ranking_cut(const report_ctx *c)
{
	return c->v.ranking_cut;
}

static bool lagging_listed_apart(const report_ctx *c)
{
	return c->d.nlagging > 0 && !c->v.lagging_inline;
}

static bool any_not_submitted(const report_ctx *c)
{
	return c->d.nnot_submitted > 0 && !hz_before_deadline(&c->d.r->settings);
}

/* SPEC §2: before the deadline the units not yet submitted are pending,
 * listed from 总体情况 (they are not lagging) */
static bool any_pending(const report_ctx *c)
{
	return c->d.nnot_submitted > 0 && hz_before_deadline(&c->d.r->settings);
}

static bool any_issue(const report_ctx *c)
{
	return c->d.nissues > 0;
}

static bool has_reviews(const report_ctx *c)
{
	return c->d.r->has_reviews;
}

static bool overrated_apart(const report_ctx *c)
{
	return c->rv.noverrated > c->v.inline_units;
}

static bool has_candidates(const report_ctx *c)
{
	return c->d.r->settings.has_candidates;
}

static bool candidates_apart(const report_ctx *c)
{
	return c->d.r->settings.has_candidates && c->d.r->ncandidates > c->v.inline_units;
}

static bool progress_shown(const report_ctx *c)
{
	return report_progress_present(&c->d.r->history);
}

static bool rectification_round(const report_ctx *c)
{
	return c->d.r->has_rectification;
}

static bool has_phases(const report_ctx *c)
{
	return c->d.r->settings.nphases > 0 && c->d.r->phase_summary;
}

/* the units with a missing phase, past inline_units (§4) */
static bool phases_listed_apart(const report_ctx *c)
{
	return has_phases(c) && c->ph.nmissing > c->v.inline_units;
}

/* the units still short after rectification, past inline_units (§4) */
static bool rectification_listed_apart(const report_ctx *c)
{
	return c->d.r->has_rectification && c->rf.nopen_units > c->v.inline_units;
}

/*
 * The body's sections, in SPEC §4's order.  To add a section:
 *   1. a row here, at its place in that order: its field (section.x) and
 *      the test of when it applies;
 *   2. in scripts/make-templates.py (report_body), its block at the same
 *      place: {{?section.x}}, a heading "{{section.x}}、标题", its text and
 *      tables, {{/section.x}}; refer to it elsewhere as 第{{section.x}}部分;
 *   3. its fields and lists in summary_fields (root_text/root_count/
 *      root_item), and a schema for its items;
 *   4. a table of the body that can grow with the campaign shows at most
 *      v.inline_units rows inline; beyond that a sentence in the section
 *      and an attachment (a row in report_attachments);
 *   5. a chart: a drawing named in the template, a row in report_charts,
 *      and its two functions in report_chart.c.
 * Then regenerate templates/report.docx and say so in templates/README.md.
 * Every section of SPEC §4 is here now.
 */
static const report_section report_sections[] = {
	{"section.overview", always},          /* 总体情况 (with 分组情况) */
	{"section.phases", has_phases},         /* 阶段工作推进情况 (SPEC 9.4, write/report_phases.h) */
	{"section.ranking", any_ranked},        /* 排名 */
	{"section.categories", categories_scored}, /* 分类指标完成情况 */
	{"section.review", has_reviews},        /* 考评验收情况 (SPEC 6.5) */
	{"section.problems", any_submitted},    /* 主要问题 */
	{"section.lagging", any_lagging},       /* 滞后单位及问题清单 */
	{"section.rectification", rectification_round}, /* 整改落实情况 (§7.3, write/rectify_docs.h) */
	{"section.candidates", has_candidates}, /* 拟定候选名单 (SPEC 6.5), last */
};
#define NSECTIONS (sizeof(report_sections) / sizeof(report_sections[0]))

/*
 * The 附件, in the order the body refers to them (which is the order of
 * the sections that refer to them, then within a section the order of its
 * text).  To add one: a row here at that place, and in the template a block
 * {{?attachment.y}} 附件{{attachment.y}} / its title / its table
 * {{/attachment.y}} at the same place among the other attachments.
 */
static const report_attachment report_attachments[] = {
	{"attachment.pending", "尚未报送单位名单", any_pending},           /* 总体情况 */
	{"attachment.phases", "阶段材料未报送单位名单", phases_listed_apart}, /* 阶段工作推进情况 */
	{"attachment.ranking", "排名表", ranking_cut},                   /* 排名 */
	{"attachment.overrated", "自评偏高单位名单", overrated_apart},     /* 考评验收情况 */
	{"attachment.lagging", "滞后单位问题汇总", lagging_listed_apart}, /* 滞后单位及问题清单 */
	{"attachment.not_submitted", "未报送单位名单", any_not_submitted}, /* 滞后单位及问题清单 */
	{"attachment.rectification", "整改未完成单位名单", rectification_listed_apart}, /* 整改落实情况 */
	{"attachment.candidates", "拟定候选名单", candidates_apart},       /* 拟定候选名单 */
	{"attachment.issues", "退回及校验问题", any_issue},               /* the closing paragraph */
};
#define NATTACHMENTS (sizeof(report_attachments) / sizeof(report_attachments[0]))

/*
 * Parts of a section that come and go without a number of their own (a
 * chart and its sentence inside a section): their field is "是" when
 * present, "" when not, and a chart may belong to one as to a section.
 */
static const report_section report_parts[] = {
	{"progress.shown", progress_shown}, /* 报送进度 in 总体情况 (SPEC 8.4) */
};
#define NPARTS (sizeof(report_parts) / sizeof(report_parts[0]))

/* The charts, each found in the template by its drawing's name. */
static const report_chart report_charts[] = {
	{"分类指标得分率", "section.categories", "分类指标得分率", report_chart_categories_xml,
	 report_chart_categories_sheet},
	{"报送进度", "progress.shown", "报送进度", report_chart_progress_xml, report_chart_progress_sheet},
	{"自评与考评得分率", "section.review", "自评与考评得分率", report_chart_review_xml, report_chart_review_sheet},
};
#define NCHARTS (sizeof(report_charts) / sizeof(report_charts[0]))

static long section_index(const char *field)
{
	for (size_t s = 0; s < NSECTIONS; s++)
		if (!strcmp(report_sections[s].field, field))
			return (long)s;
	return -1;
}

static bool chart_present(const report_ctx *c, size_t k)
{
	long s = section_index(report_charts[k].section);
	if (s >= 0)
		return c->section_no[s] > 0;
	for (size_t p = 0; p < NPARTS; p++)
		if (!strcmp(report_parts[p].field, report_charts[k].section))
			return report_parts[p].present(c);
	return false;
}

static void report_ctx_release(report_ctx *c)
{
	report_review_release(&c->rv);
	free(c->all_rows);
	report_views_release(&c->v);
	rectify_figures_release(&c->rf);
	report_phases_release(&c->ph);
	docdata_release(&c->d);
	free(c->section_no);
	free(c->attachment_no);
	free(c->attachments);
	memset(c, 0, sizeof(*c));
}

static hz_code report_ctx_init(report_ctx *c, const hz_results *r, hz_error *err)
{
	size_t n = 0;
	hz_code rc;
	memset(c, 0, sizeof(*c));
	rc = docdata_init(&c->d, r, err);
	if (rc)
		return rc;
	c->d.for_superiors = true;
	rc = report_views_init(&c->v, &c->d, err);
	if (rc) {
		docdata_release(&c->d);
		return rc;
	}
	rc = report_review_init(&c->rv, &c->d, err);
	if (rc) {
		report_ctx_release(c);
		return rc;
	}
	c->all_rows = calloc(c->v.norder + 1, sizeof(*c->all_rows));
	if (r->has_rectification && rectify_figures_init(&c->rf, r) != HZ_OK) {
		report_ctx_release(c);
		return hz_error_set(err, HZ_E_NOMEM, "preparing the report");
	}
	if (report_phases_init(&c->ph, r) != HZ_OK) {
		report_ctx_release(c);
		return hz_error_set(err, HZ_E_NOMEM, "preparing the report");
	}
	c->section_no = calloc(NSECTIONS, sizeof(*c->section_no));
	c->attachment_no = calloc(NATTACHMENTS, sizeof(*c->attachment_no));
	c->attachments = calloc(NATTACHMENTS, sizeof(*c->attachments));
	if (!c->section_no || !c->attachment_no || !c->attachments || !c->all_rows) {
		report_ctx_release(c);
		return hz_error_set(err, HZ_E_NOMEM, "preparing the report");
	}
	for (size_t i = 0; i < c->v.norder; i++)
		c->all_rows[i] = (report_rank_row){&c->v.order[i], 0};
	for (size_t s = 0; s < NSECTIONS; s++)
		if (report_sections[s].present(c))
			c->section_no[s] = ++n;
	for (size_t a = 0; a < NATTACHMENTS; a++)
		if (report_attachments[a].present(c)) {
			c->attachments[c->nattachments++] = a;
			c->attachment_no[a] = c->nattachments;
		}
	return HZ_OK;
}

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
	for (size_t f = 0; f < docdata_nunit_fields; f++)
		if (!strcmp(docdata_unit_fields[f].name, rank_unit_field[field]))
			return docdata_unit_text(&c->d, row->unit, f, out);
	return HZ_E_INTERNAL;
}

static const tmpl_schema rank_schema = {rank_fields, sizeof(rank_fields) / sizeof(rank_fields[0]), rank_text, NULL,
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

static const tmpl_schema group_schema = {group_fields, sizeof(group_fields) / sizeof(group_fields[0]), group_text,
					 NULL, NULL};

/* ---------------------------------------------------- the 附件： list */

static const tmpl_field attachment_fields[] = {{"no", TMPL_TEXT, NULL}, {"title", TMPL_TEXT, NULL}};

static hz_code attachment_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const report_ctx *c = ctx;
	const size_t *a = obj; /* into c->attachments */
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", c->attachment_no[*a]);
	case 1: return dynbuf_addstr(out, report_attachments[*a].title);
	default: return HZ_E_INTERNAL;
	}
}

static const tmpl_schema attachment_schema = {attachment_fields, 2, attachment_text, NULL, NULL};

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

static const tmpl_schema overrated_schema = {overrated_fields, sizeof(overrated_fields) / sizeof(overrated_fields[0]),
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

static const tmpl_schema candidate_schema = {candidate_fields, sizeof(candidate_fields) / sizeof(candidate_fields[0]),
					     candidate_text, NULL, NULL};

/*
 * The fields of 报送进度, 考评验收情况 and 拟定候选名单 (SPEC 8.4, 6.5), after
 * the frame's in the root schema.  Conditions are "是" or "".
 */
enum {
	XF_PROGRESS_SENTENCE, XF_REVIEWED, XF_NOT_REVIEWED, XF_AVG_SELF, XF_AVG_REVIEW, XF_AVG_FINAL, XF_SELF_WEIGHT,
	XF_REVIEW_WEIGHT, XF_OVERRATE, XF_OVERRATED, XF_OVERRATED_INLINE, XF_OVERRATED_APART, XF_HONOUR,
	XF_MIN_GRADE, XF_CAND_MAX, XF_CAND_COUNT, XF_CAND_INLINE, XF_CAND_APART, XF_PERCENT_LABEL, XF_CAND_BASIS,
	XF_NOT_SENT, XF_L_OVERRATED, XF_L_CANDIDATES, XF_L_RANKING_ALL,
	XF_PHASE_MISSING_UNITS, XF_PHASE_INLINE, XF_PHASE_APART, XF_L_PHASE_ROWS, XF_L_PHASE_MISSING, XF_LAG_REASONS,
	XF_PHASE_MISSING_LIST, XF__COUNT
};

static const tmpl_field more_fields[XF__COUNT] = {
	{"progress.sentence", TMPL_TEXT, NULL},   {"review.reviewed", TMPL_TEXT, NULL},
	{"review.not_reviewed", TMPL_TEXT, NULL}, {"review.avg_self", TMPL_TEXT, NULL},
	{"review.avg_review", TMPL_TEXT, NULL},   {"review.avg_final", TMPL_TEXT, NULL},
	{"review.self_weight", TMPL_TEXT, NULL},  {"review.review_weight", TMPL_TEXT, NULL},
	{"review.overrate", TMPL_TEXT, NULL},     {"review.overrated", TMPL_TEXT, NULL},
	{"review.overrated_inline", TMPL_TEXT, NULL}, {"review.overrated_apart", TMPL_TEXT, NULL},
	{"candidates.honour", TMPL_TEXT, NULL},   {"candidates.min_grade", TMPL_TEXT, NULL},
	{"candidates.max", TMPL_TEXT, NULL},      {"candidates.count", TMPL_TEXT, NULL},
	{"candidates.inline", TMPL_TEXT, NULL},   {"candidates.apart", TMPL_TEXT, NULL},
	{"candidates.percent_label", TMPL_TEXT, NULL}, {"candidates.basis", TMPL_TEXT, NULL},
	{"summary.not_sent", TMPL_TEXT, NULL},
	{"overrated", TMPL_LIST, &overrated_schema}, {"candidates", TMPL_LIST, &candidate_schema},
	{"ranking_all", TMPL_LIST, &rank_schema},
	/* SPEC 9.4 阶段工作推进情况 */
	{"phases.missing_units", TMPL_TEXT, NULL}, {"phases.missing_inline", TMPL_TEXT, NULL},
	{"phases.missing_apart", TMPL_TEXT, NULL},
	{"phase_rows", TMPL_LIST, &report_phase_row_schema}, {"phase_missing", TMPL_LIST, &report_phase_unit_schema},
	/* what makes a unit lagging, for 总体情况's sentence (a missing phase too: SPEC 9.3) */
	{"summary.lagging_reasons", TMPL_TEXT, NULL},
	{"phases.missing_list", TMPL_TEXT, NULL},
};

/* SPEC 6.4: how the list was reached, ending in "，" (the template goes on
 * with what was found). */
static hz_code add_candidates_basis(const report_ctx *c, dynbuf *out)
{
	const hz_results *r = c->d.r;
	const hz_settings *s = &r->settings;
	const char *grade = s->candidates_min_grade ? s->candidates_min_grade : s->ngrades ? s->grades[0].name : "";
	/* SPEC 4: never 及以上 of the top grade */
	const char *up = s->ngrades && !strcmp(grade, s->grades[0].name) ? "" : "及以上";
	hz_code rc = r->has_reviews
		? dynbuf_printf(out, "在按时报送、非滞后、非自评偏高且综合审定等次为“%s”%s的已考评单位中，按综合得分率", grade, up)
		: dynbuf_printf(out, "在按时报送、非滞后且等次为“%s”%s的单位中，按自评得分率", grade, up);
	if (rc == HZ_OK && s->candidates_max >= 0)
		rc = dynbuf_printf(out, "取前%d个（末位并列的一并列入）", s->candidates_max);
	else if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "由高到低排序");
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "，");
	return rc;
}

static hz_code more_text(const report_ctx *c, size_t field, dynbuf *out)
{
	const hz_results *r = c->d.r;
	const hz_settings *s = &r->settings;
	char buf[64];
	switch (field) {
	case XF_PROGRESS_SENTENCE: return report_progress_sentence(&r->history, out);
	case XF_REVIEWED: return dynbuf_printf(out, "%zu", c->rv.reviewed);
	case XF_NOT_REVIEWED: return dynbuf_printf(out, "%zu", c->rv.not_reviewed);
	case XF_AVG_SELF: docdata_num(buf, sizeof(buf), c->rv.avg_self); break;
	case XF_AVG_REVIEW: docdata_num(buf, sizeof(buf), c->rv.avg_review); break;
	case XF_AVG_FINAL: docdata_num(buf, sizeof(buf), c->rv.avg_final); break;
	case XF_SELF_WEIGHT: docdata_num(buf, sizeof(buf), s->self_weight * 100); break;
	case XF_REVIEW_WEIGHT: docdata_num(buf, sizeof(buf), s->review_weight * 100); break;
	case XF_OVERRATE: docdata_num(buf, sizeof(buf), s->overrate); break;
	case XF_OVERRATED: return dynbuf_printf(out, "%zu", c->rv.noverrated);
	case XF_OVERRATED_INLINE: return dynbuf_addstr(out, c->rv.noverrated && !overrated_apart(c) ? "是" : "");
	case XF_OVERRATED_APART: return dynbuf_addstr(out, overrated_apart(c) ? "是" : "");
	case XF_HONOUR: return dynbuf_addstr(out, s->honour ? s->honour : "");
	case XF_MIN_GRADE:
		return dynbuf_addstr(out, s->candidates_min_grade ? s->candidates_min_grade
								  : s->ngrades ? s->grades[0].name : "");
	case XF_CAND_MAX: return s->candidates_max >= 0 ? dynbuf_printf(out, "%d", s->candidates_max) : HZ_OK;
	case XF_CAND_COUNT: return dynbuf_printf(out, "%zu", r->ncandidates);
	case XF_CAND_INLINE: return dynbuf_addstr(out, r->ncandidates && !candidates_apart(c) ? "是" : "");
	case XF_CAND_APART: return dynbuf_addstr(out, candidates_apart(c) ? "是" : "");
	case XF_PERCENT_LABEL: return dynbuf_addstr(out, r->has_reviews ? "综合得分率" : "自评得分率");
	case XF_CAND_BASIS: return add_candidates_basis(c, out);
	case XF_PHASE_MISSING_UNITS: return dynbuf_printf(out, "%zu", c->ph.nmissing);
	case XF_PHASE_INLINE: return dynbuf_addstr(out, c->ph.nmissing && !phases_listed_apart(c) ? "是" : "");
	case XF_PHASE_APART: return dynbuf_addstr(out, phases_listed_apart(c) ? "是" : "");
	case XF_PHASE_MISSING_LIST: return report_phases_missing_list(&c->ph, out);
	case XF_LAG_REASONS:
		/* SPEC §2: before the deadline not having sent is only pending */
		return dynbuf_printf(out, has_phases(c) ? "%s逾期报送、等次低于“%s”或阶段材料逾期未报送" : "%s逾期报送或等次低于“%s”",
				     hz_before_deadline(s) ? "" : "未报送、", s->lagging_below ? s->lagging_below : "");
	case XF_NOT_SENT: /* SPEC §2: before the deadline a unit not yet submitted is only pending */
		if (!hz_before_deadline(s) || !c->d.nnot_submitted)
			return dynbuf_printf(out, "未报送%zu个。", c->d.nnot_submitted);
		return dynbuf_printf(out, "尚未报送%zu个（截止日期未到），名单见附件%zu。", c->d.nnot_submitted,
				     c->attachment_no[0]);
	default: return HZ_E_INTERNAL;
	}
	return dynbuf_addstr(out, buf);
}

static size_t more_count(const report_ctx *c, size_t field)
{
	switch (field) {
	case XF_L_OVERRATED: return c->rv.noverrated;
	case XF_L_CANDIDATES: return c->d.r->settings.has_candidates ? c->d.r->ncandidates : 0;
	case XF_L_RANKING_ALL: return c->v.norder;
	case XF_L_PHASE_ROWS: return c->ph.nrows;
	case XF_L_PHASE_MISSING: return c->ph.nmissing;
	default: return 0;
	}
}

static const void *more_item(const report_ctx *c, size_t field, size_t i)
{
	switch (field) {
	case XF_L_OVERRATED: return &c->rv.overrated[i];
	case XF_L_CANDIDATES: return &c->d.r->candidates[i];
	case XF_L_RANKING_ALL: return &c->all_rows[i];
	case XF_L_PHASE_ROWS: return &c->ph.rows[i];
	case XF_L_PHASE_MISSING: return &c->ph.missing[i];
	default: return NULL;
	}
}

/* ------------------------------------------------------------------ root */

enum {
	RF_UNITS, RF_SUBMITTED, RF_ON_TIME, RF_LATE, RF_NOT_SUBMITTED, RF_SUBMIT_RATE, RF_AVERAGE, RF_LAGGING,
	RF_NARRATIVE, RF_GRADES, RF_CHANGE, RF_TOP_TASKS, RF_REJECTED, RF_UNKNOWN, RF_SUPERSEDED, RF_WARNINGS,
	RF_ISSUES_N, RF_TOP, RF_INLINE_UNITS, RF_RANKING_CUT, RF_RANKING_OMITTED, RF_LAGGING_INLINE, RF_LAGGING_APART,
	RF_L_RANKED, RF_L_UNITS, RF_L_CATEGORIES, RF_L_TOP, RF_L_LAGGING, RF_L_NOT_SUBMITTED, RF_L_ISSUES,
	RF_L_GRADES, RF_L_RANKING_TOP, RF_L_RANKING_BOTTOM, RF_L_GROUPS, RF_L_LAGGING_GROUPS, RF_L_LAGGING_TOTAL,
	RF_L_ATTACHMENTS, RF_L_ATTACHMENTS_FIRST, RF_L_ATTACHMENTS_REST,
	RF_RECT_SUMMARY, RF_RECT_OPEN_UNITS, RF_RECT_INLINE, RF_RECT_APART, RF_L_RECT_OPEN, RF__COUNT
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
	{"summary.issues", TMPL_TEXT, NULL},     {"summary.top", TMPL_TEXT, NULL},
	{"summary.inline_units", TMPL_TEXT, NULL}, {"ranking.cut", TMPL_TEXT, NULL},
	{"ranking.omitted", TMPL_TEXT, NULL},    {"lagging.inline", TMPL_TEXT, NULL},
	{"lagging.apart", TMPL_TEXT, NULL},
	{"ranked", TMPL_LIST, &docdata_unit_schema},     {"units", TMPL_LIST, &docdata_unit_schema},
	{"categories", TMPL_LIST, &category_schema},     {"top_problems", TMPL_LIST, &top_schema},
	{"lagging", TMPL_LIST, &docdata_unit_schema},    {"not_submitted", TMPL_LIST, &docdata_unit_schema},
	{"issues", TMPL_LIST, &issue_schema},            {"grades", TMPL_LIST, &grade_schema},
	{"ranking_top", TMPL_LIST, &rank_schema},        {"ranking_bottom", TMPL_LIST, &rank_schema},
	{"groups", TMPL_LIST, &group_schema},            {"lagging_groups", TMPL_LIST, &group_schema},
	{"lagging_total", TMPL_LIST, &group_schema},     {"attachments", TMPL_LIST, &attachment_schema},
	{"attachments_first", TMPL_LIST, &attachment_schema}, {"attachments_rest", TMPL_LIST, &attachment_schema},
	/* SPEC 7.3 整改落实情况 */
	{"rectification.summary", TMPL_TEXT, NULL}, {"rectification.open_units", TMPL_TEXT, NULL},
	{"rectification.inline", TMPL_TEXT, NULL},  {"rectification.apart", TMPL_TEXT, NULL},
	{"rectification_open", TMPL_LIST, &rectify_open_schema},
};

/* campaign.*, the summary fields and lists, then section.* and attachment.* */
static tmpl_field root_fields[DOCDATA_MAX_CAMPAIGN_FIELDS + RF__COUNT + NSECTIONS + NATTACHMENTS + NPARTS + XF__COUNT];
static tmpl_schema root_schema;
#define FRAME_FIELDS (docdata_ncampaign_fields + RF__COUNT) /* the first section.* field */
#define MORE_FIELDS (FRAME_FIELDS + NSECTIONS + NATTACHMENTS + NPARTS) /* the first of more_fields */

static hz_code add_change(const docdata *d, dynbuf *out)
{
	const hz_results *r = d->r;
	char when[64], delta[32];
	double dv;
	long ds;
	hz_code rc;
	/* with 报送进度 (SPEC 8.4) its sentence says the change: not twice */
	if (!r->previous.present || report_progress_present(&r->history))
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

static hz_code frame_text(const report_ctx *c, size_t field, dynbuf *out)
{
	char buf[64];
	if (field < NSECTIONS) {
		if (!c->section_no[field])
			return HZ_OK;
		docdata_cn_number(buf, sizeof(buf), c->section_no[field]);
		return dynbuf_addstr(out, buf);
	}
	field -= NSECTIONS;
	if (field < NATTACHMENTS)
		return c->attachment_no[field] ? dynbuf_printf(out, "%zu", c->attachment_no[field]) : HZ_OK;
	field -= NATTACHMENTS;
	if (field < NPARTS)
		return dynbuf_addstr(out, report_parts[field].present(c) ? "是" : "");
	field -= NPARTS;
	if (field < XF__COUNT)
		return more_text(c, field, out);
	return HZ_E_INTERNAL;
}

static hz_code root_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const report_ctx *c = ctx;
	const docdata *d = &c->d;
	const hz_results *r = d->r;
	char buf[64];
	(void)obj;
	if (field < docdata_ncampaign_fields)
		return docdata_campaign_text(d, field, out);
	if (field >= FRAME_FIELDS)
		return frame_text(c, field - FRAME_FIELDS, out);
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
	case RF_WARNINGS: /* empty when none: {{?summary.warnings}} */
		return r->nwarnings ? dynbuf_printf(out, "%zu", r->nwarnings) : HZ_OK;
	case RF_ISSUES_N: return dynbuf_printf(out, "%zu", d->nissues);
	case RF_TOP: return dynbuf_printf(out, "%zu", c->v.top);
	case RF_INLINE_UNITS: return dynbuf_printf(out, "%zu", c->v.inline_units);
	/* conditions: "是" when so, empty when not */
	case RF_RANKING_CUT: return dynbuf_addstr(out, c->v.ranking_cut ? "是" : "");
	case RF_RANKING_OMITTED: /* empty when the two cuts meet: {{?ranking.omitted}} */
		return c->v.rank_omitted ? dynbuf_printf(out, "%zu", c->v.rank_omitted) : HZ_OK;
	case RF_LAGGING_INLINE: return dynbuf_addstr(out, d->nlagging && c->v.lagging_inline ? "是" : "");
	case RF_LAGGING_APART: return dynbuf_addstr(out, d->nlagging && !c->v.lagging_inline ? "是" : "");
	case RF_RECT_SUMMARY: return rectify_report_sentence(r, &c->rf, out);
	case RF_RECT_OPEN_UNITS: return dynbuf_printf(out, "%zu", c->rf.nopen_units);
	case RF_RECT_INLINE:
		return dynbuf_addstr(out, c->rf.nopen_units && !rectification_listed_apart(c) ? "是" : "");
	case RF_RECT_APART: return dynbuf_addstr(out, rectification_listed_apart(c) ? "是" : "");
	default: return HZ_E_INTERNAL;
	}
}

static size_t root_count(void *ctx, const void *obj, size_t field)
{
	const report_ctx *c = ctx;
	const docdata *d = &c->d;
	(void)obj;
	if (field >= MORE_FIELDS)
		return more_count(c, field - MORE_FIELDS);
	switch (field - docdata_ncampaign_fields) {
	case RF_L_RANKED: return d->nranked;
	case RF_L_UNITS: return d->nunits;
	case RF_L_CATEGORIES: return d->r->ncategories;
	case RF_L_TOP: return d->ntop;
	case RF_L_LAGGING: return d->nlagging;
	case RF_L_NOT_SUBMITTED: return d->nnot_submitted;
	case RF_L_ISSUES: return d->nissues;
	case RF_L_GRADES: return d->r->settings.ngrades;
	case RF_L_RANKING_TOP: return c->v.nrank_top;
	case RF_L_RANKING_BOTTOM: return c->v.nrank_bottom;
	case RF_L_GROUPS: return c->v.has_groups ? c->v.ngroups : 0;
	case RF_L_LAGGING_GROUPS: return c->v.has_groups ? c->v.nlagging_groups : 0;
	case RF_L_LAGGING_TOTAL: return d->nlagging ? 1 : 0;
	case RF_L_ATTACHMENTS: return c->nattachments;
	case RF_L_ATTACHMENTS_FIRST: return c->nattachments ? 1 : 0;
	case RF_L_ATTACHMENTS_REST: return c->nattachments ? c->nattachments - 1 : 0;
	case RF_L_RECT_OPEN: return c->rf.nopen_units;
	default: return 0;
	}
}

static const void *root_item(void *ctx, const void *obj, size_t field, size_t i)
{
	const report_ctx *c = ctx;
	const docdata *d = &c->d;
	(void)obj;
	if (field >= MORE_FIELDS)
		return more_item(c, field - MORE_FIELDS, i);
	switch (field - docdata_ncampaign_fields) {
	case RF_L_RANKED: return &d->ranked[i];
	case RF_L_UNITS: return &d->units[i];
	case RF_L_CATEGORIES: return &d->cats[i];
	case RF_L_TOP: return &d->top[i];
	case RF_L_LAGGING: return &d->lagging[i];
	case RF_L_NOT_SUBMITTED: return &d->not_submitted[i];
	case RF_L_ISSUES: return &d->issues[i];
	case RF_L_GRADES: return &d->grades[i];
	case RF_L_RANKING_TOP: return &c->v.rank_top[i];
	case RF_L_RANKING_BOTTOM: return &c->v.rank_bottom[i];
	case RF_L_GROUPS: return &c->v.groups[i];
	case RF_L_LAGGING_GROUPS: return &c->v.lagging_groups[i];
	case RF_L_LAGGING_TOTAL: return &c->v.total;
	case RF_L_ATTACHMENTS:
	case RF_L_ATTACHMENTS_FIRST: return &c->attachments[i];
	case RF_L_ATTACHMENTS_REST: return &c->attachments[i + 1];
	case RF_L_RECT_OPEN: return &c->rf.open_items[i];
	default: return NULL;
	}
}

static const tmpl_schema *report_schema(void)
{
	/* built from the tables once; all are constant */
	if (docdata_ncampaign_fields > DOCDATA_MAX_CAMPAIGN_FIELDS)
		return NULL;
	if (!root_schema.fields) {
		size_t n = 0;
		for (size_t i = 0; i < docdata_ncampaign_fields; i++)
			root_fields[n++] = docdata_campaign_fields[i];
		for (size_t i = 0; i < RF__COUNT; i++)
			root_fields[n++] = summary_fields[i];
		for (size_t s = 0; s < NSECTIONS; s++)
			root_fields[n++] = (tmpl_field){report_sections[s].field, TMPL_TEXT, NULL};
		for (size_t a = 0; a < NATTACHMENTS; a++)
			root_fields[n++] = (tmpl_field){report_attachments[a].field, TMPL_TEXT, NULL};
		for (size_t p = 0; p < NPARTS; p++)
			root_fields[n++] = (tmpl_field){report_parts[p].field, TMPL_TEXT, NULL};
		for (size_t i = 0; i < XF__COUNT; i++)
			root_fields[n++] = more_fields[i];
		root_schema = (tmpl_schema){root_fields, n, root_text, root_count, root_item};
	}
	return &root_schema;
}

/* --------------------------------------------------------- the charts */

/* hz_report_chart_data's buffer (report_pkg_pack_workbooks), opaque to
 * the caller: the workbooks of the charts whose sections are present. */
static hz_code pack_charts(const report_ctx *c, const char *out_path, dynbuf *packed, hz_error *err)
{
	bool present[NCHARTS];
	for (size_t k = 0; k < NCHARTS; k++)
		present[k] = chart_present(c, k);
	return report_pkg_pack_workbooks(&c->d, report_charts, present, NCHARTS, out_path, packed, err);
}

hz_code hz_report_chart_data(const hz_results *r, const char *out_path, dynbuf *xlsx, hz_error *err)
{
	report_ctx c;
	hz_code rc = report_ctx_init(&c, r, err);
	if (rc)
		return rc;
	rc = pack_charts(&c, out_path, xlsx, err);
	report_ctx_release(&c);
	return rc;
}

hz_code hz_report_write(const hz_results *r, const char *templates_dir, const char *out_path, hz_error *err)
{
	return hz_report_write_with(r, templates_dir, out_path, NULL, err);
}

hz_code hz_report_write_with(const hz_results *r, const char *templates_dir, const char *out_path,
			     const dynbuf *chart_data, hz_error *err)
{
	doc_template t;
	report_ctx c;
	report_package p = {0};
	bool present[NCHARTS];
	dynbuf own_data;
	hz_code rc;

	dynbuf_init(&own_data, HZ_MAX_PART_BYTES * NCHARTS);
	rc = report_ctx_init(&c, r, err);
	if (rc)
		return rc;
	rc = doc_template_open(&t, templates_dir, "report.docx", "report", report_schema(), r, c.d.words, err);
	if (rc)
		goto done;
	if (!chart_data) {
		rc = pack_charts(&c, out_path, &own_data, err);
		if (rc)
			goto done;
		chart_data = &own_data;
	}
	for (size_t k = 0; k < NCHARTS; k++)
		present[k] = chart_present(&c, k);
	rc = report_pkg_assemble(&p, &c.d, report_charts, present, NCHARTS, tmpl_doc_package(t.doc), chart_data, &t.core,
				 err);
	if (rc) {
		if (err && !err->detail[0])
			hz_error_set(err, rc, "building the report");
		goto done;
	}
	rc = tmpl_doc_render(t.doc, &c, NULL, p.members, p.n, out_path, OOXML_WRITE_REPLACE, err);
done:
	if (rc && err && !err->file[0])
		hz_error_file(err, out_path);
	doc_template_release(&t);
	report_pkg_release(&p);
	report_ctx_release(&c);
	dynbuf_release(&own_data);
	return rc;
}
