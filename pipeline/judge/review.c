/*
 * Judging the review forms (SPEC 6.1–6.3): whose review each is, which one
 * wins, the review scores with their fallbacks to the self score, and the
 * final result.
 */
#include "judge/review.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge_match.h"
#include "text/vocab.h"

#include "banned.h"

#define NONE HZ_NO_MATCH

/* ------------------------------------------------------------------ self scores */

/*
 * A task's section 2 score before judge.c rounded it to 4 decimals: the
 * status fraction × max (or the max, a clamp) when that is what rounds to
 * the stored score, else the stored score (a self score as written).
 * With max = 100/13 the fraction is not a 4-decimal number, and the review
 * and final figures are exact sums (SPEC 6.3).
 */
static double raw_self(const hz_results *r, const hz_unit *u, size_t t)
{
	const hz_task_result *tr;
	double cands[3];

	if (!u->submitted || u->narrative || !u->tasks || t >= u->ntasks)
		return 0.0;
	tr = &u->tasks[t];
	cands[0] = hz_status_fraction(&r->settings, tr->status) * r->tasks[t].max;
	cands[1] = r->tasks[t].max;
	cands[2] = r->settings.frac_partial * r->tasks[t].max;
	for (size_t i = 0; i < 3; i++)
		if (hz_round(cands[i], 4) == tr->score)
			return cands[i];
	return tr->score;
}

/* ------------------------------------------------------------------ which review */

/* A review entry by its place among the round's entries (SPEC 6.2 orders
 * equal versions by the place in the file: hz_version_entry's tie). */
typedef struct review_ref {
	size_t file, entry;
} review_ref;

typedef struct reviews {
	hz_results *r;
	const hz_matcher *m;
	const hz_review_file *files;
	const review_ref *refs;
} reviews;

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

/* SPEC 6.1: the unit label (or the 考评汇总表's unit cell); for a 考评表 then
 * the sheet name, then the file name when the file holds one review only. */
static size_t review_unit(const hz_matcher *m, const hz_review_file *f, const hz_review_entry *e, hz_code *rc)
{
	size_t u = NONE;

	if (e->unit_text && e->unit_text[0])
		u = hz_match_unit(m, e->unit_text, rc);
	if (u != NONE || e->shape == HZ_REVIEW_MATRIX_ROW)
		return u;
	if (e->sheet && e->sheet[0])
		u = hz_match_contained(m, e->sheet, rc);
	if (u == NONE && f->nentries == 1)
		u = hz_match_file(m, f->file, rc);
	return u;
}

static const char *unknown_text(const hz_review_file *f, const hz_review_entry *e)
{
	if (e->unit_text && e->unit_text[0])
		return e->unit_text;
	if (e->sheet && e->sheet[0])
		return e->sheet;
	return base_name(f->file);
}

/* ------------------------------------------------------------------ scoring */

static const char *warning_zh(const char *kind)
{
	if (!strcmp(kind, "review_missing"))
		return "未评分，按自评得分计";
	if (!strcmp(kind, "bad_number"))
		return "无法识别的考评得分，按自评得分计";
	if (!strcmp(kind, "review_score_out_of_range"))
		return "考评得分超出分值范围";
	if (!strcmp(kind, "unmatched_row"))
		return "未能对应到任务清单的行";
	if (!strcmp(kind, "duplicate_row"))
		return "重复的行，已忽略";
	if (!strcmp(kind, "bad_date"))
		return "无法识别的考评日期";
	return kind;
}

typedef struct scorer {
	hz_results *r;
	const hz_matcher *m;
	const hz_review_file *f;
	const hz_review_entry *e;
	const hz_unit *u;
} scorer;

static hz_code warn(const scorer *sc, const char *kind, const char *task, const char *value)
{
	char text[512];
	snprintf(text, sizeof(text), "%s%s%s%s（%s）", task ? "任务" : "", task ? task : "", task ? "：" : "",
		 value ? value : "", warning_zh(kind));
	return hz_judge_note_add(&sc->r->warnings, &sc->r->nwarnings, NULL, sc->f->file, sc->e->sheet,
			(int)sc->e->row, kind, text, sc->u->name, NULL);
}

/* One task's review score from its cell text (NULL: no row or column). */
static hz_code score_task(const scorer *sc, size_t t, const char *cell, double self, hz_review_task *rt)
{
	const hz_task *task = &sc->r->tasks[t];
	double v;
	char num[40];

	rt->scored = false;
	rt->score = self;
	if (!cell || !cell[0]) {
		hz_judge_format_number(num, sizeof(num), hz_round(self, 4));
		return warn(sc, "review_missing", task->id, num);
	}
	if (!hz_parse_number(cell, &v))
		return warn(sc, "bad_number", task->id, cell);
	rt->scored = true;
	rt->score = v < 0.0 ? 0.0 : v > task->max ? task->max : v;
	if (rt->score != v)
		return warn(sc, "review_score_out_of_range", task->id, cell);
	return HZ_OK;
}

static int is_layout_row(const hz_review_row *row)
{
	static const char *const totals[] = {"合计", "总计", "小计", "总分", "得分合计", "合计得分", "平均", "平均分"};
	/* a signature line (考评人员（签字）：…) standing in the ref column */
	if (row->ref && strchr(row->ref, ':'))
		return 1;
	if (row->ref && row->ref[0])
		return 0;
	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++)
		if (row->title_key && !strcmp(row->title_key, totals[i]))
			return 1;
	return !row->score || !row->score[0];
}

static const char *row_label(const hz_review_row *row)
{
	return row->title && row->title[0] ? row->title : row->ref ? row->ref : "";
}

/* The winning review of unit ui, scored into a new hz_review. */
static hz_code judge_review(hz_results *r, const hz_matcher *m, size_t ui, const hz_review_file *f,
			    const hz_review_entry *e, const hz_version *v)
{
	hz_unit *u = &r->units[ui];
	hz_review *rv = calloc(1, sizeof(*rv));
	scorer sc = {r, m, f, e, u};
	size_t *row_of = NULL;
	const hz_settings *s = &r->settings;
	double R = 0.0, S = 0.0, M = hz_match_total_max(m);
	hz_code rc = HZ_OK;

	if (!rv)
		return HZ_E_NOMEM;
	u->review = rv;
	rv->tasks = calloc(r->ntasks + 1, sizeof(*rv->tasks));
	row_of = malloc((r->ntasks + 1) * sizeof(*row_of));
	rv->file = strdup(f->file);
	rv->group = strdup(e->group ? e->group : "");
	if (!rv->tasks || !row_of || !rv->file || !rv->group || (e->sheet && !(rv->sheet = strdup(e->sheet)))) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	rv->ntasks = r->ntasks;
	rv->row = (int)e->row;
	snprintf(rv->date, sizeof(rv->date), "%04d-%02d-%02d", v->y, v->m, v->d);
	if (e->bad_date && (rc = warn(&sc, "bad_date", NULL, e->bad_date)) != HZ_OK)
		goto done;
	if (e->shape == HZ_REVIEW_MATRIX_ROW && e->comment && !(rv->comment = strdup(e->comment))) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	for (size_t t = 0; t < r->ntasks; t++)
		row_of[t] = NONE;
	if (e->shape == HZ_REVIEW_TABLE) {
		/* SPEC 6.2 / §2: row → task; unmatched and duplicate rows */
		for (size_t i = 0; i < e->nrows; i++) {
			const hz_review_row *row = &e->rows[i];
			size_t t = hz_match_task(m, row->ref, row->title_key, &rc);
			if (rc != HZ_OK)
				goto done;
			if (t == NONE) {
				if (!is_layout_row(row) && (rc = warn(&sc, "unmatched_row", NULL, row_label(row))) != HZ_OK)
					goto done;
			} else if (row_of[t] != NONE) {
				if ((rc = warn(&sc, "duplicate_row", r->tasks[t].id, row_label(row))) != HZ_OK)
					goto done;
			} else {
				row_of[t] = i;
			}
		}
	}
	for (size_t t = 0; t < r->ntasks; t++) {
		hz_review_task *rt = &rv->tasks[t];
		double self = raw_self(r, u, t);
		const char *cell = NULL, *comment = NULL;
		if (e->shape == HZ_REVIEW_TABLE) {
			if (row_of[t] != NONE) {
				cell = e->rows[row_of[t]].score;
				comment = e->rows[row_of[t]].comment;
			}
		} else {
			cell = t < e->ntask_scores ? e->task_scores[t] : NULL;
			comment = e->comment;
		}
		if ((rc = score_task(&sc, t, cell, self, rt)) != HZ_OK)
			goto done;
		if (comment && comment[0] && !(rt->comment = strdup(comment))) {
			rc = HZ_E_NOMEM;
			goto done;
		}
		R += rt->score;
		S += self;
		rt->final = hz_round(s->self_weight * self + s->review_weight * rt->score, 2);
		rt->score = hz_round(rt->score, 4);
	}
	rv->score = hz_round(R, 2);
	rv->percent = M > 0 ? hz_round(100.0 * R / M, 2) : 0.0;
	rv->final_score = hz_round(s->self_weight * S + s->review_weight * R, 2);
	rv->final_percent = M > 0 ? hz_round(100.0 * (s->self_weight * S + s->review_weight * R) / M, 2) : 0.0;
done:
	free(row_of);
	return rc;
}

/* ------------------------------------------------------------------ 综合审定 */

static size_t grade_index(const hz_settings *s, double percent)
{
	size_t g;
	for (g = 0; g < s->ngrades; g++)
		if (s->grades[g].threshold <= percent)
			break;
	return g == s->ngrades && g ? g - 1 : g;
}

static size_t grade_named(const hz_settings *s, const char *name)
{
	for (size_t g = 0; name && g < s->ngrades; g++)
		if (s->grades[g].name && !strcmp(s->grades[g].name, name))
			return g;
	return NONE;
}

/* Percents are rounded to 2 decimals: compare them in hundredths. */
static long long hundredths(double v)
{
	return llround(v * 100.0);
}

static hz_code final_result(hz_results *r)
{
	const hz_settings *s = &r->settings;
	size_t below = grade_named(s, s->lagging_below), n = 0;
	hz_rank_entry *order = malloc((r->nunits + 1) * sizeof(*order));
	char buf[160];
	hz_code rc = HZ_OK;

	if (!order)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < r->nunits; i++) {
		hz_unit *u = &r->units[i];
		hz_review *rv = u->review;
		size_t g;
		if (!rv)
			continue;
		order[n++] = (hz_rank_entry){i, rv->final_percent};
		g = grade_index(s, rv->final_percent);
		rv->final_grade = s->ngrades ? s->grades[g].name : NULL;
		/* SPEC 6.3: self percent − review percent, both rounded */
		u->overrated = u->submitted && !u->narrative &&
			       (double)(hundredths(u->percent) - hundredths(rv->percent)) >= s->overrate * 100.0 - 1e-6;
		/* SPEC 6.3 with section 2's pending rule: before the deadline a
		 * unit not yet submitted lags only by its final grade */
		u->lagging = (!u->submitted && !hz_before_deadline(s)) || u->late ||
			     (below != NONE && s->ngrades && g > below);
		/* problems: each task the group scored below its max, then 自评偏高 */
		for (size_t t = 0; t < rv->ntasks && rc == HZ_OK; t++) {
			const hz_review_task *rt = &rv->tasks[t];
			/* rt->score is rounded to 4 decimals: a score clamped to a
			 * max of 100/13 is no deduction */
			if (!rt->scored || rt->score >= hz_round(r->tasks[t].max, 4))
				continue;
			if (rt->comment) {
				rc = hz_judge_problem_add(u, "review_deduction", r->tasks[t].id, NULL, rt->comment);
			} else {
				char a[40], b[40];
				hz_judge_format_number(a, sizeof(a), rt->score);
				hz_judge_format_number(b, sizeof(b), r->tasks[t].max);
				snprintf(buf, sizeof(buf), "考评得分%s分（分值%s分）", a, b);
				rc = hz_judge_problem_add(u, "review_deduction", r->tasks[t].id, NULL, buf);
			}
		}
		if (rc == HZ_OK && u->overrated) {
			snprintf(buf, sizeof(buf), "自评得分率%.2f%%，考评得分率%.2f%%", u->percent, rv->percent);
			rc = hz_judge_problem_add(u, "overrated", NULL, NULL, buf);
		}
		if (rc != HZ_OK)
			break;
	}
	if (rc == HZ_OK) {
		qsort(order, n, sizeof(*order), hz_rank_entry_cmp);
		for (size_t i = 0; i < n; i++) {
			hz_review *rv = r->units[order[i].unit].review;
			if (i == 0 || order[i].percent != order[i - 1].percent)
				rv->final_rank = (int)(i + 1);
			else
				rv->final_rank = r->units[order[i - 1].unit].review->final_rank;
		}
		r->n_reviewed = n;
		r->n_lagging = 0;
		for (size_t i = 0; i < r->nunits; i++)
			if (r->units[i].lagging)
				r->n_lagging++;
	}
	free(order);
	return rc;
}

/* ------------------------------------------------------------------ the round */

static hz_code superseded_entry(void *ctx, const hz_version_entry *old, const hz_version_entry *latest)
{
	const reviews *v = ctx;
	const review_ref *ref = &v->refs[old->index];
	const hz_review_entry *e = &v->files[ref->file].entries[ref->entry];
	return hz_judge_note_add(&v->r->superseded, &v->r->nsuperseded, NULL, old->key.path, e->sheet, (int)e->row,
			NULL, NULL, v->r->units[old->key.unit].name, latest->key.path);
}

static hz_code take_entry(void *ctx, const hz_version_entry *latest)
{
	const reviews *v = ctx;
	const review_ref *ref = &v->refs[latest->index];
	return judge_review(v->r, v->m, latest->key.unit, &v->files[ref->file], &v->files[ref->file].entries[ref->entry],
			    &latest->key);
}

hz_code hz_judge_reviews(hz_results *r, const hz_review_file *files, size_t nfiles, normalizer *n, hz_error *err)
{
	hz_matcher *m = NULL;
	hz_version_entry *vs = NULL;
	review_ref *refs = NULL;
	size_t nv = 0, total = 0;
	hz_code rc;

	if ((rc = hz_matcher_new(&m, r, n)) != HZ_OK)
		goto done;
	for (size_t i = 0; i < nfiles; i++)
		total += files[i].nentries;
	vs = malloc((total + 1) * sizeof(*vs));
	refs = malloc((total + 1) * sizeof(*refs));
	if (!vs || !refs) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	for (size_t i = 0; i < nfiles; i++) {
		const hz_review_file *f = &files[i];
		for (size_t k = 0; k < f->nentries; k++) {
			const hz_review_entry *e = &f->entries[k];
			size_t u = review_unit(m, f, e, &rc);
			if (rc != HZ_OK)
				goto done;
			if (u == NONE) {
				rc = hz_judge_note_add(&r->unknown_units, &r->nunknown_units, NULL, f->file,
						e->sheet, (int)e->row, NULL, unknown_text(f, e), NULL, NULL);
				if (rc != HZ_OK)
					goto done;
				continue;
			}
			refs[nv] = (review_ref){i, k};
			vs[nv].key.unit = u;
			vs[nv].key.path = f->file;
			vs[nv].tie = (uint64_t)e->order << 32 | e->row;
			vs[nv].index = nv;
			hz_version_date(&vs[nv].key, f->has_modified, f->modified, f->mtime, e->has_date, e->year, e->month,
					e->day, r->settings.tz_minutes);
			nv++;
		}
	}
	{
		reviews v = {r, m, files, refs};
		const hz_version_taker taker = {superseded_entry, take_entry, &v};
		if ((rc = hz_version_take(vs, nv, &taker)) != HZ_OK)
			goto done;
	}
	rc = final_result(r);
done:
	hz_matcher_free(m);
	free(vs);
	free(refs);
	if (rc != HZ_OK)
		hz_error_set(err, rc, "judging the reviews: %s", hz_strerror(rc));
	return rc;
}
