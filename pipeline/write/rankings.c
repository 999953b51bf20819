/*
 * 排名.xlsx (SPEC §4): the office's working copy of the results — every
 * figure of results.json in sheets it can sort, filter and print.
 *
 *   总排名   submitted units by rank, then those that did not submit, and a
 *            bar chart of the percents
 *   候选名单 with [candidates] (rankings_review.c)
 *   分类得分 unit × category score and max
 *   明细     unit × task: status, score and count of every task
 *   考评明细 with reviews: unit × task review scores and comments, and
 *            总排名 gains the 考评 and 综合 columns (rankings_review.c)
 *   问题清单 every problem of every unit
 *   整改台账 the rectification round, when there is one (rankings_rectify.c)
 *   阶段报送 with [phases]: each unit's phase documents (rankings_phases.c; SPEC 9.4)
 *   未报送   the units that sent nothing
 *   校验     rejected files, unknown units, superseded files, warnings
 *   进度     the nightly history by as_of date (rankings_progress.c; SPEC 8.4)
 *
 * Numbers are stored as numbers (percent as 0–100 with two decimals, as in
 * results.json; completion as a fraction shown 0.00%), dates as dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/docdata.h"
#include "write/docs.h"
#include "hz_limits.h"
#include "write/rankings_rectify.h"
#include "write/rankings_phases.h"
#include "write/rankings_progress.h"
#include "write/rankings_frame.h"
#include "write/rankings_review.h"

#include "banned.h"

#define TOSTR_(x) #x
#define TOSTR(x) TOSTR_(x)


static const char *status_zh(hz_status s)
{
	switch (s) {
	case HZ_ST_DONE:
		return "已完成";
	case HZ_ST_PARTIAL:
		return "推进中";
	case HZ_ST_NOT_STARTED:
		return "未开展";
	case HZ_ST_MENTIONED:
		return "报告中已提及";
	case HZ_ST_NOT_MENTIONED:
		return "报告中未提及";
	case HZ_ST_MISSING:
		break;
	}
	return "未填报";
}


/* Tasks by id, so that a problem finds its task in log n: the first task
 * of an id, as a scan in checklist order would. */
typedef struct rk_task_index {
	const hz_task **by_id;   /* owned; tasks with an id, by id then checklist order */
	size_t n;
} rk_task_index;

static int task_cmp(const void *a, const void *b)
{
	const hz_task *x = *(const hz_task *const *)a, *y = *(const hz_task *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x < y ? -1 : x > y);
}

static hz_code task_index_init(rk_task_index *ix, const hz_results *r)
{
	ix->n = 0;
	ix->by_id = malloc((r->ntasks ? r->ntasks : 1) * sizeof(*ix->by_id));
	if (!ix->by_id)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].id)
			ix->by_id[ix->n++] = &r->tasks[i];
	qsort(ix->by_id, ix->n, sizeof(*ix->by_id), task_cmp);
	return HZ_OK;
}

static const hz_task *find_task(const rk_task_index *ix, const char *id)
{
	size_t lo = 0, hi = ix->n;
	if (!id)
		return NULL;
	while (lo < hi) { /* the first entry not below id */
		const size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->by_id[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && strcmp(ix->by_id[lo]->id, id) == 0 ? ix->by_id[lo] : NULL;
}

static hz_code write_ranking(rk_frame *f)
{
	static const char *const headers[] = {"名次",     "单位",   "分组", "得分",     "满分", "得分率（%）", "等次",
					      "完成率",   "逾期报送", "滞后", "报送日期", "文件", "备注"};
	enum { C_RANK, C_UNIT, C_GROUP, C_SCORE, C_MAX, C_PERCENT, C_GRADE, C_COMPL, C_LATE, C_LAG, C_DATE, C_FILE, C_NOTE, NCOLS };
	static const rk_self_columns self = {C_UNIT, C_GROUP, C_LAG, C_RANK, C_SCORE, C_PERCENT,
					     C_GRADE, C_COMPL, C_LATE, C_DATE, C_FILE, C_NOTE};
	const hz_results *r = f->r;
	rk_sheet *s;
	size_t nsub = 0;
	hz_code rc;

	HZ_TRY(rk_frame_start_sheet(f, "总排名", headers, NCOLS, &s));
	rk_frame_freeze(s, 1, 2);
	for (size_t k = 0; k < f->norder; k++) {
		const hz_unit *u = &r->units[f->order[k]];
		HZ_TRY(rk_frame_self_columns(f, s, k + 1, u, &self));
		if (u->submitted)
			HZ_TRY(rk_frame_number(s, k + 1, C_MAX, f->total_max, RK_NUMBER));
		else
			HZ_TRY(rk_frame_text(s, k + 1, C_MAX, NULL, RK_TEXT));
		nsub += u->submitted;
	}
	HZ_TRY(rk_frame_finish(s, 0, f->norder));
	/* Print the table alone: the chart beside it would shrink it to
	 * nothing on a page one table wide. */
	HZ_TRY(rk_frame_print_area(s, f->norder, NCOLS - 1));
	if (nsub > 0) {
		static const rk_bar_chart chart = {
			"得分率（%）", "各单位得分率（%）", "得分率（%）前" TOSTR(HZ_RANKINGS_CHART_UNITS) "名",
			HZ_RANKINGS_CHART_UNITS};
		HZ_TRY(rk_frame_bar_chart(s, &chart, nsub, C_UNIT, C_PERCENT, NCOLS + 1));
	}
out:
	return rc;
}

static hz_code write_categories(rk_frame *f)
{
	const hz_results *r = f->r;
	const size_t ncat = r->ncategories, ncols = 3 + 2 * ncat + 2;
	const char **headers = NULL;
	char **owned = NULL;
	rk_sheet *s;
	hz_code rc = HZ_OK;

	headers = calloc(ncols, sizeof(*headers));
	owned = calloc(2 * ncat + 1, sizeof(*owned));
	if (!headers || !owned) {
		rc = hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	headers[0] = "名次";
	headers[1] = "单位";
	headers[2] = "分组";
	for (size_t k = 0; k < ncat; k++) {
		for (size_t j = 0; j < 2; j++) {
			const char *what = j ? "满分" : "得分";
			size_t n = strlen(r->categories[k]) + 16;
			owned[2 * k + j] = malloc(n);
			if (!owned[2 * k + j]) {
				rc = hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			snprintf(owned[2 * k + j], n, "%s%s", r->categories[k], what);
			headers[3 + 2 * k + j] = owned[2 * k + j];
		}
	}
	headers[3 + 2 * ncat] = "合计得分";
	headers[4 + 2 * ncat] = "合计满分";
	HZ_TRY(rk_frame_start_sheet(f, "分类得分", headers, ncols, &s));
	rk_frame_freeze(s, 1, 2);
	for (size_t k = 0; k < f->norder; k++) {
		const hz_unit *u = &r->units[f->order[k]];
		size_t row = k + 1;
		if (u->submitted)
			HZ_TRY(rk_frame_number(s, row, 0, u->rank, RK_INTEGER));
		else
			HZ_TRY(rk_frame_text(s, row, 0, NULL, RK_TEXT));
		HZ_TRY(rk_frame_text(s, row, 1, u->name, RK_TEXT));
		HZ_TRY(rk_frame_text(s, row, 2, u->group, RK_TEXT));
		for (size_t j = 0; j < ncat; j++) {
			const hz_category_score *cs = NULL;
			for (size_t i = 0; u->submitted && i < u->ncategories; i++)
				if (u->categories[i].name && strcmp(u->categories[i].name, r->categories[j]) == 0)
					cs = &u->categories[i];
			if (cs) {
				HZ_TRY(rk_frame_number(s, row, 3 + 2 * j, cs->score, RK_NUMBER));
				HZ_TRY(rk_frame_number(s, row, 4 + 2 * j, cs->max, RK_NUMBER));
			} else {
				HZ_TRY(rk_frame_text(s, row, 3 + 2 * j, NULL, RK_TEXT));
				HZ_TRY(rk_frame_text(s, row, 4 + 2 * j, NULL, RK_TEXT));
			}
		}
		if (u->submitted) {
			HZ_TRY(rk_frame_number(s, row, 3 + 2 * ncat, u->score, RK_NUMBER));
			HZ_TRY(rk_frame_number(s, row, 4 + 2 * ncat, f->total_max, RK_NUMBER));
		} else {
			HZ_TRY(rk_frame_text(s, row, 3 + 2 * ncat, hz_before_deadline(&f->r->settings) ? "尚未报送" : "未报送", RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, 4 + 2 * ncat, NULL, RK_TEXT));
		}
	}
	HZ_TRY(rk_frame_finish(s, 0, f->norder));
out:
	if (owned)
		for (size_t k = 0; k < 2 * ncat; k++)
			free(owned[k]);
	free(owned);
	free(headers);
	return rc;
}

/* Columns of one task in 明细: status and score, and the count for tasks
 * with a minimum count. */
static size_t detail_width(const hz_task *t)
{
	return t->min_count > 0 ? 3 : 2;
}

/*
 * 明细: unit × task, one row per submitted unit in ranking order, each task
 * a group of columns under its heading.  A matrix rather than one row per
 * unit and task: it is the 汇总表 the office would draw by hand, each
 * column filters on its own (who has not started task 3), and it stays
 * within Excel's rows for any campaign (20,000 units × 60 tasks would be
 * 1.2 million rows in the long form) at a fifth of the cells.
 */
static hz_code write_details(rk_frame *f)
{
	enum { C_RANK, C_UNIT, C_GROUP, C_FIRST };
	static const char *const fixed[] = {"名次", "单位", "分组"};
	static const char *const labels[] = {"完成情况", "得分", "完成次数"};
	/* the longest status (报告中已提及) and numbers: known before the
	 * headings' lines are counted */
	static const double preset[] = {12, 8, 8};
	const rk_task_matrix m = {.name = "明细", .fixed = fixed, .nfixed = C_FIRST, .width = detail_width,
				  .labels = labels, .preset = preset, .min_count = 1};
	const hz_results *r = f->r;
	rk_sheet *s;
	size_t row = 1;
	size_t *first = malloc((r->ntasks + 1) * sizeof(*first));
	hz_code rc;

	if (!first)
		return hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
	HZ_TRY(rk_frame_task_matrix(f, &m, first, &s));
	for (size_t k = 0; k < f->norder; k++) {
		const hz_unit *u = &r->units[f->order[k]];
		size_t n = u->ntasks < r->ntasks ? u->ntasks : r->ntasks;
		if (!u->submitted || !u->tasks)
			continue;
		row++;
		HZ_TRY(rk_frame_number(s, row, C_RANK, u->rank, RK_INTEGER));
		HZ_TRY(rk_frame_text(s, row, C_UNIT, u->name, RK_TEXT));
		HZ_TRY(rk_frame_text(s, row, C_GROUP, u->group, RK_TEXT));
		for (size_t i = 0; i < n; i++) {
			const hz_task_result *tr = &u->tasks[i];
			HZ_TRY(rk_frame_text(s, row, first[i], status_zh(tr->status), RK_CENTER));
			HZ_TRY(rk_frame_number(s, row, first[i] + 1, tr->score, RK_NUMBER));
			if (detail_width(&r->tasks[i]) > 2) {
				if (tr->has_count)
					HZ_TRY(rk_frame_number(s, row, first[i] + 2, tr->count, RK_NUMBER));
				else
					HZ_TRY(rk_frame_text(s, row, first[i] + 2, NULL, RK_TEXT));
			}
		}
	}
	/* 明细 prints at 90 %, where a landscape A4 page holds about 115 of
	 * these units in LibreOffice (Excel a little more): its pages break by
	 * 105, each repeating 名次 and 单位. */
	HZ_TRY(rk_frame_task_page_breaks(s, first, r->ntasks, 90, 105.0));
	HZ_TRY(rk_frame_finish(s, 1, row));
out:
	free(first);
	return rc;
}

static hz_code write_problems(rk_frame *f)
{
	static const char *const headers[] = {"单位", "分组", "滞后", "问题类型", "任务序号", "任务", "问题描述"};
	enum { C_UNIT, C_GROUP, C_LAG, C_KIND, C_ID, C_TITLE, C_TEXT, NCOLS };
	const hz_results *r = f->r;
	rk_sheet *s;
	size_t row = 0;
	int full = 0;
	/* A unit's cells and a task's title repeat on every row of its
	 * problems (twice as many with reviews): their widths are measured
	 * once, the width being the widest. */
	size_t *title_width = calloc(r->ntasks ? r->ntasks : 1, sizeof(*title_width));
	rk_task_index tasks = {0};
	hz_code rc;

	if (!title_width || task_index_init(&tasks, r) != HZ_OK) {
		free(title_width);
		free(tasks.by_id);
		return hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->ntasks; i++)
		title_width[i] = rk_frame_text_width(r->tasks[i].title);
	HZ_TRY(rk_frame_start_sheet(f, "问题清单", headers, NCOLS, &s));
	rk_frame_freeze(s, 1, 1);
	for (size_t k = 0; k < f->norder && !full; k++) {
		const hz_unit *u = &r->units[f->order[k]];
		const char *lag = u->lagging ? "是" : "否";
		for (size_t i = 0; i < u->nproblems && !(full = rk_frame_full(row)); i++) {
			const hz_problem *p = &u->problems[i];
			const hz_task *t = find_task(&tasks, p->task);
			row++;
			if (i == 0) {
				rk_frame_note(s, C_UNIT, u->name);
				rk_frame_note(s, C_GROUP, u->group);
				rk_frame_note(s, C_LAG, lag);
			}
			HZ_TRY(rk_frame_cell(s, row, C_UNIT, u->name, RK_TEXT));
			HZ_TRY(rk_frame_cell(s, row, C_GROUP, u->group, RK_TEXT));
			HZ_TRY(rk_frame_cell(s, row, C_LAG, lag, RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_KIND, docdata_problem_label(p->kind), RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_ID, p->task, RK_TEXT));
			if (t)
				rk_frame_note_width(s, C_TITLE, (double)title_width[t - r->tasks]);
			HZ_TRY(rk_frame_cell(s, row, C_TITLE, t ? t->title : NULL, RK_WRAP));
			HZ_TRY(rk_frame_text(s, row, C_TEXT, p->text, RK_WRAP));
		}
	}
	if (full)
		HZ_TRY(rk_frame_overflow(s, ++row));
	HZ_TRY(rk_frame_finish(s, 0, row));
out:
	free(title_width);
	free(tasks.by_id);
	return rc;
}

static hz_code write_missing(rk_frame *f)
{
	static const char *const headers[] = {"序号", "单位", "分组", "简称"};
	const hz_results *r = f->r;
	rk_sheet *s;
	size_t row = 0;
	hz_code rc;

	HZ_TRY(rk_frame_start_sheet(f, "未报送", headers, 4, &s));
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		size_t len = 0;
		char *aliases = NULL;
		if (u->submitted)
			continue;
		for (size_t a = 0; a < u->naliases; a++)
			len += strlen(u->aliases[a]) + 3;
		aliases = malloc(len + 1);
		if (!aliases) {
			rc = hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		aliases[0] = '\0';
		for (size_t a = 0, at = 0; a < u->naliases; a++)
			at += (size_t)snprintf(aliases + at, len + 1 - at, "%s%s", a ? "、" : "", u->aliases[a]);
		row++;
		rc = rk_frame_number(s, row, 0, row, RK_INTEGER);
		if (rc == HZ_OK)
			rc = rk_frame_text(s, row, 1, u->name, RK_TEXT);
		if (rc == HZ_OK)
			rc = rk_frame_text(s, row, 2, u->group, RK_TEXT);
		if (rc == HZ_OK)
			rc = rk_frame_text(s, row, 3, aliases, RK_TEXT);
		free(aliases);
		if (rc != HZ_OK)
			goto out;
	}
	HZ_TRY(rk_frame_finish(s, 0, row));
out:
	return rc;
}

/* The files units are known by — a winning submission, a review (with its
 * sheet and row), a rectified form, an unreadable submission — by file
 * name then roster order, so that a 校验 row finds its unit in log n. */
typedef struct rk_file_key {
	const char *file;
	size_t unit;
	const hz_review *review;   /* a review's file: its sheet and row must match too */
} rk_file_key;

typedef struct rk_file_index {
	rk_file_key *keys;   /* owned */
	size_t n;
} rk_file_index;

static int file_key_cmp(const void *a, const void *b)
{
	const rk_file_key *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return (x->review != NULL) - (y->review != NULL);
}

static hz_code file_index_init(rk_file_index *ix, const hz_results *r)
{
	ix->n = 0;
	ix->keys = malloc((4 * r->nunits + 1) * sizeof(*ix->keys));
	if (!ix->keys)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		const char *files[] = {u->file, u->rectification ? u->rectification->file : NULL, u->unreadable_file};
		for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++)
			if (files[k])
				ix->keys[ix->n++] = (rk_file_key){files[k], i, NULL};
		if (u->review && u->review->file)
			ix->keys[ix->n++] = (rk_file_key){u->review->file, i, u->review};
	}
	qsort(ix->keys, ix->n, sizeof(*ix->keys), file_key_cmp);
	return HZ_OK;
}

/* The unit a 校验 row is about (SPEC 4): the superseded file's, else the
 * first unit in roster order whose winning submission, review (file, sheet
 * and row) or rectified form the note names; NULL when none. */
static const char *note_unit(const hz_results *r, const rk_file_index *ix, const hz_file_note *n)
{
	size_t lo = 0, hi = ix->n;
	if (n->unit || !n->file)
		return n->unit;
	while (lo < hi) {
		const size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->keys[mid].file, n->file) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->n && strcmp(ix->keys[lo].file, n->file) == 0; lo++) {
		const hz_review *rv = ix->keys[lo].review;
		if (!rv || (((!rv->sheet && !n->sheet) || (rv->sheet && n->sheet && !strcmp(rv->sheet, n->sheet))) &&
			    (!n->row || rv->row == n->row)))
			return r->units[ix->keys[lo].unit].name;
	}
	return NULL;
}

static hz_code write_checks(rk_frame *f)
{
	static const char *const headers[] = {"类别", "文件", "单位", "问题类型", "说明"};
	enum { C_WHAT, C_FILE, C_UNIT, C_KIND, C_TEXT, NCOLS };
	const hz_results *r = f->r;
	const struct {
		const char *what;
		const hz_file_note *notes;
		size_t n;
	} groups[] = {
		{"退回（无法读取）", r->rejected, r->nrejected},
		{"单位无法识别", r->unknown_units, r->nunknown_units},
		{"被新文件替代", r->superseded, r->nsuperseded},
		{"校验提示", r->warnings, r->nwarnings},
	};
	rk_sheet *s;
	rk_file_index files = {0};
	size_t row = 0;
	int full = 0;
	hz_code rc;

	if (file_index_init(&files, r) != HZ_OK)
		return hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
	HZ_TRY(rk_frame_start_sheet(f, "校验", headers, NCOLS, &s));
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]) && !full; g++) {
		for (size_t i = 0; i < groups[g].n && !(full = rk_frame_full(row)); i++) {
			const hz_file_note *n = &groups[g].notes[i];
			char by[1200];
			const char *text = n->text;
			if (n->by) {
				snprintf(by, sizeof(by), "以 %s 为准", n->by);
				text = by;
			}
			row++;
			HZ_TRY(rk_frame_text(s, row, C_WHAT, groups[g].what, RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_FILE, n->file, RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_UNIT, g == 1 ? NULL : note_unit(r, &files, n), RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_KIND, n->kind ? docdata_problem_label(n->kind) : NULL, RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_TEXT, text, RK_WRAP));
		}
	}
	if (full)
		HZ_TRY(rk_frame_overflow(s, ++row));
	HZ_TRY(rk_frame_finish(s, 0, row));
out:
	free(files.keys);
	return rc;
}

hz_code hz_rankings_write(const hz_results *r, const char *out_path, hz_error *err)
{
	rk_frame f;
	hz_code rc = rk_frame_open(&f, r, out_path, err);

	if (rc != HZ_OK)
		return rc;
	HZ_TRY(r->has_reviews ? rk_review_write_ranking(&f) : write_ranking(&f));
	if (r->settings.has_candidates)
		HZ_TRY(rk_review_write_candidates(&f));
	HZ_TRY(write_categories(&f));
	HZ_TRY(write_details(&f));
	if (r->has_reviews)
		HZ_TRY(rk_review_write_details(&f));
	HZ_TRY(write_problems(&f));
	HZ_TRY(rk_rectify_write(&f)); /* SPEC 7.3: only with the round */
	HZ_TRY(rk_phases_write(&f));  /* SPEC 9.4: only with [phases] */
	HZ_TRY(write_missing(&f));
	HZ_TRY(write_checks(&f));
	HZ_TRY(rk_progress_write(&f)); /* 进度: only with a history of two dates */
	return rk_frame_commit(&f);
out:
	rk_frame_release(&f);
	return rc;
}
