/*
 * What the documents show of the rectification round (SPEC 7.3), derived
 * once from hz_results and shared by 排名.xlsx (整改台账), the letters
 * (反馈/) and the report (整改落实情况): the problem a task had at the
 * assessment, the round's figures, the units that still have open tasks,
 * and a letter's problem list with the closed tasks taken out.
 * Without the round (r->has_rectification false) nothing here is used.
 *
 * Everything here reads what the judge decided from the model (each unit's
 * hz_rectification and the problems it marked rectified): judge/ is never
 * asked again.  The report's 整改落实情况 (write/report.c, section.
 * rectification, after 滞后单位及问题清单) takes its text from
 * rectify_report_sentence, its figures from rectify_figures and its table
 * from f.open_items[0..nopen_units) as items of rectify_open_schema (no,
 * name, group, open, nopen, sent): inline up to [report] inline_units
 * rows, else a sentence and attachment.rectification with the same rows
 * (§4's bounded body).
 */
#ifndef HZ_RECTIFY_DOCS_H
#define HZ_RECTIFY_DOCS_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"
#include "write/tmpl.h"

/* 整改 / 未整改 and the like, for cells and sentences. */
#define RECTIFY_CLOSED "已整改"
#define RECTIFY_OPEN "未整改"

/*
 * Appends to out what task t of u was at the end of the assessment, in
 * words: 未报送自查自评表 / 报送的是自查情况报告… for a unit that had every task
 * to rectify; else its task problems for t (SPEC 7.2 kinds), e.g.
 * "未全部完成；次数不足（完成6次，要求至少12次）", "考评扣分（台账不全）".
 */
HZ_MUST_USE hz_code rectify_problem_text(const hz_results *r, const hz_unit *u, size_t t, dynbuf *out);

/* Chinese label of a problem kind, the round's kinds included
 * (review_deduction 考评扣分, rectify_open 未整改). */
const char *rectify_kind_label(const char *kind);

/* A unit that still has open tasks, as an item of the report's table
 * (rectify_open_schema: no, name, group, open, nopen, sent). */
typedef struct rectify_open_unit {
	const hz_results *r;
	const hz_unit *u;
	size_t no;              /* 1-based, in roster order */
} rectify_open_unit;

/* The figures of 整改落实情况 (SPEC 7.3). */
typedef struct rectify_figures {
	size_t units;          /* units with a task to rectify */
	size_t sent, on_time, late; /* of them: sent a rectified form, on time / after rectify_by */
	size_t not_sent;
	size_t reached;        /* of them: reached the bound (达标) */
	size_t tasks, closed, open;
	size_t extra_forms;    /* forms from units that had nothing to rectify */
	size_t *open_units;    /* owned: indices into r->units with an open task, roster order */
	size_t nopen_units;
	rectify_open_unit *open_items; /* owned: the same units as items of rectify_open_schema */
} rectify_figures;

/* Fields of a rectify_open_unit: no, name, group, open (“3 任务、7 任务”),
 * nopen (how many), sent (2022年11月20日报送 / 2022年12月3日逾期报送 / 未报送). */
extern const tmpl_schema rectify_open_schema;

/* The section's sentence: units to rectify, forms received on time and
 * late, units that reached the bound, tasks closed and still open.  For
 * the report's 整改落实情况 (SPEC 7.3); "" without the round. */
HZ_MUST_USE hz_code rectify_report_sentence(const hz_results *r, const rectify_figures *f, dynbuf *out);

HZ_MUST_USE hz_code rectify_figures_init(rectify_figures *f, const hz_results *r);
void rectify_figures_release(rectify_figures *f);

/* "3 任务标题、7 任务标题": the open tasks of u, in checklist order; more
 * than RECTIFY_TITLES_SHOWN of them by id alone ("1、4、5、9（共4项）"),
 * every task of the checklist as "全部13项任务" — a row of the report's
 * table stays a line or two (SPEC §4: the body stays short). */
#define RECTIFY_TITLES_SHOWN 3
HZ_MUST_USE hz_code rectify_open_tasks_text(const hz_results *r, const hz_unit *u, dynbuf *out);

/* SPEC 7.3: whether a lagging unit still gets a letter in the round: not
 * when it had tasks to rectify and closed them all. */
bool rectify_letter_wanted(const hz_results *r, const hz_unit *u);

/*
 * A lagging unit's letter in the round (SPEC 7.3): a copy of u whose
 * problems are its problems without the task problems of closed tasks (the
 * other problems kept: late, 存在问题, overrated, warnings …); a unit that
 * had every task to rectify (did not submit, or a narrative report) and
 * sent a rectified form also gets one rectify_open problem per open task.
 * view->problems is owned (free with rectify_letter_release); every string
 * is borrowed from u or static.  Without the round, or without a
 * rectification, view is u as it is.
 */
typedef struct rectify_letter {
	hz_unit view;
	hz_problem *owned;      /* the problems array, when it differs from u's */
} rectify_letter;

HZ_MUST_USE hz_code rectify_letter_init(rectify_letter *l, const hz_results *r, const hz_unit *u);
void rectify_letter_release(rectify_letter *l);

/* The sentence a letter adds in the round, or "" (e.g. "你单位已报送整改后自查自评表
 * （2022年11月20日），应整改任务4项，已整改3项，尚有1项未整改。"). */
HZ_MUST_USE hz_code rectify_letter_sentence(const hz_results *r, const hz_unit *u, dynbuf *out);

#endif
