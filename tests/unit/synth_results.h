/*
 * A synthetic hz_results, built by hand (no readers involved), for the
 * document tests and bench/docs_bench.c.  Deterministic for a given
 * (nunits, seed).  Free with hz_results_release.
 *
 * Units whose roster index i satisfies: i % 7 == 3 did not submit;
 * i % 11 == 5 submitted late; i % 13 == 8 sent a narrative report.
 * Unit 1 has a name with path separators and dots, units 2 and 4 names that
 * become the same file name, unit 6 a name with XML specials.
 */
#ifndef HZ_SYNTH_RESULTS_H
#define HZ_SYNTH_RESULTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static char *synth_dup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		abort();
	return p;
}

static void *synth_alloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static unsigned synth_next(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static double synth_round2(double v)
{
	double x = v * 100;
	x = x >= 0 ? (double)(long long)(x + 0.5) : -(double)(long long)(-x + 0.5);
	return x / 100;
}

static int synth_cmp_percent(const void *a, const void *b)
{
	const hz_unit *const *x = a, *const *y = b;
	if ((*x)->percent != (*y)->percent)
		return (*x)->percent > (*y)->percent ? -1 : 1;
	return *x < *y ? -1 : *x > *y;
}

static void synth_problem(hz_unit *u, const char *kind, const char *task, const char *text)
{
	hz_problem *p = &u->problems[u->nproblems++];
	p->kind = synth_dup(kind);
	p->task = task ? synth_dup(task) : NULL;
	p->text = synth_dup(text);
	p->phase = NULL;
}

static void synth_note(hz_file_note *n, const char *file, const char *kind, const char *text, const char *unit,
		       const char *by)
{
	n->file = synth_dup(file);
	n->kind = kind ? synth_dup(kind) : NULL;
	n->text = text ? synth_dup(text) : NULL;
	n->unit = unit ? synth_dup(unit) : NULL;
	n->by = by ? synth_dup(by) : NULL;
}

static void synth_results(hz_results *r, size_t nunits, unsigned seed)
{
	static const char *const cats[] = {"讲政治", "守纪律", "负责任", "有效率"};
	static const char *const grade_names[] = {"优秀", "良好", "合格", "不合格"};
	static const double thresholds[] = {90, 80, 60, 0};
	const size_t ntasks = 12;
	hz_unit **order;
	double sum = 0;
	char buf[256];

	hz_results_init(r);
	r->settings.title = synth_dup("2022年度模范机关创建自查情况汇总");
	r->settings.issuer = synth_dup("中共某某区级机关工作委员会");
	memcpy(r->settings.as_of, "2022-10-31", 11);
	memcpy(r->settings.deadline, "2022-10-30", 11);
	memcpy(r->settings.rectify_by, "2022-11-30", 11);
	r->settings.tz_minutes = 480;
	r->settings.frac_done = 1;
	r->settings.frac_partial = 0.5;
	r->settings.ngrades = 4;
	r->settings.grades = synth_alloc(4, sizeof(hz_grade));
	for (size_t g = 0; g < 4; g++) {
		r->settings.grades[g].name = synth_dup(grade_names[g]);
		r->settings.grades[g].threshold = thresholds[g];
	}
	r->settings.lagging_below = synth_dup("合格");
	r->settings.report_top = 10; /* settings.c's defaults */
	r->settings.report_inline_units = 10;

	r->ncategories = 4;
	r->categories = synth_alloc(4, sizeof(char *));
	for (size_t k = 0; k < 4; k++)
		r->categories[k] = synth_dup(cats[k]);
	r->ntasks = ntasks;
	r->tasks = synth_alloc(ntasks, sizeof(hz_task));
	for (size_t t = 0; t < ntasks; t++) {
		hz_task *k = &r->tasks[t];
		snprintf(buf, sizeof(buf), "%zu", t + 1);
		k->id = synth_dup(buf);
		k->category = synth_dup(cats[t / 3]);
		snprintf(buf, sizeof(buf), "%s任务%zu：开展专题学习和检查", cats[t / 3], t + 1);
		k->title = synth_dup(buf);
		k->requirement = synth_dup(t % 3 == 0 ? "每年至少开展2次" : "");
		k->max = t % 2 ? 10 : 5;
		k->min_count = t % 3 == 0 ? 2 : 0;
	}

	r->nunits = nunits;
	r->units = synth_alloc(nunits, sizeof(hz_unit));
	order = synth_alloc(nunits, sizeof(hz_unit *));
	for (size_t i = 0; i < nunits; i++) {
		hz_unit *u = &r->units[i];
		double total = 0, max = 0;
		size_t done = 0;
		if (i == 1)
			snprintf(buf, sizeof(buf), "../某某区/委员会\\办公室..");
		else if (i == 2)
			snprintf(buf, sizeof(buf), "测试局A/B");
		else if (i == 4)
			snprintf(buf, sizeof(buf), "测试局A_B");
		else if (i == 6)
			snprintf(buf, sizeof(buf), "某某区\"市场&监管\"<局>");
		else
			snprintf(buf, sizeof(buf), "某某区第%zu局", i + 1);
		u->name = synth_dup(buf);
		u->group = synth_dup(i % 2 ? "区直机关" : "街道");
		u->submitted = i % 7 != 3;
		u->problems = synth_alloc(ntasks + 4, sizeof(hz_problem));
		if (!u->submitted) {
			u->lagging = true;
			synth_problem(u, "not_submitted", NULL, "未报送");
			continue;
		}
		snprintf(buf, sizeof(buf), "submissions/%zu.xlsx", i + 1);
		u->file = synth_dup(buf);
		u->late = i % 11 == 5;
		u->narrative = i % 13 == 8;
		memcpy(u->date, u->late ? "2022-10-31" : "2022-10-28", 11);
		if (u->late)
			synth_problem(u, "late", NULL, "逾期报送");
		u->ntasks = ntasks;
		u->tasks = synth_alloc(ntasks, sizeof(hz_task_result));
		u->ncategories = 4;
		u->categories = synth_alloc(4, sizeof(hz_category_score));
		for (size_t k = 0; k < 4; k++)
			u->categories[k].name = synth_dup(cats[k]);
		for (size_t t = 0; t < ntasks; t++) {
			hz_task_result *tr = &u->tasks[t];
			unsigned roll = synth_next(&seed) % 100;
			const hz_task *k = &r->tasks[t];
			if (u->narrative) {
				tr->status = roll < 50 ? HZ_ST_MENTIONED : HZ_ST_NOT_MENTIONED;
			} else if (roll < 70) {
				tr->status = HZ_ST_DONE;
				tr->score = k->max;
				done++;
			} else if (roll < 82) {
				tr->status = HZ_ST_PARTIAL;
				tr->score = k->max / 2;
				synth_problem(u, "partial", k->id, "推进中");
			} else if (roll < 91) {
				tr->status = HZ_ST_NOT_STARTED;
				synth_problem(u, "not_started", k->id, "未开展");
			} else {
				tr->status = HZ_ST_MISSING;
				synth_problem(u, "missing", k->id, "未填报");
			}
			if (k->min_count && tr->status == HZ_ST_DONE && roll < 8) {
				tr->status = HZ_ST_PARTIAL;
				tr->score = k->max / 2;
				done--;
				tr->has_count = true;
				tr->count = 1;
				synth_problem(u, "count_short", k->id, "1/2");
			}
			total += tr->score;
			max += k->max;
			u->categories[t / 3].score += tr->score;
			u->categories[t / 3].max += k->max;
		}
		if (u->narrative)
			synth_problem(u, "narrative", NULL, "报送的是自查情况报告，未使用自查自评表");
		if (i % 5 == 0)
			synth_problem(u, "self_reported", NULL, "理论学习深度不够；\n制度执行有偏差");
		u->n_done = done;
		u->score = synth_round2(total);
		u->percent = synth_round2(max > 0 ? 100 * total / max : 0);
		u->completion = (double)done / (double)ntasks;
		order[r->n_submitted++] = u;
		sum += u->percent;
		if (u->late)
			r->n_late++;
		else
			r->n_on_time++;
	}
	qsort(order, r->n_submitted, sizeof(*order), synth_cmp_percent);
	for (size_t i = 0; i < r->n_submitted; i++) {
		hz_unit *u = order[i];
		u->rank = i > 0 && order[i - 1]->percent == u->percent ? order[i - 1]->rank : (int)i + 1;
		for (size_t g = 0; g < 4; g++)
			if (u->percent >= thresholds[g] || g == 3) {
				u->grade = r->settings.grades[g].name;
				break;
			}
		if (u->late || u->narrative || strcmp(u->grade, "不合格") == 0)
			u->lagging = true;
	}
	for (size_t i = 0; i < nunits; i++)
		r->n_lagging += r->units[i].lagging;
	r->average_percent = r->n_submitted ? synth_round2(sum / (double)r->n_submitted) : 0;
	free(order);

	r->nrejected = 2;
	r->rejected = synth_alloc(2, sizeof(hz_file_note));
	synth_note(&r->rejected[0], "submissions/旧表.xls", NULL,
		   "旧版 .doc/.xls 格式，请另存为 .docx/.xlsx / legacy format", NULL, NULL);
	synth_note(&r->rejected[1], "submissions/损坏 & <坏>.docx", NULL, "文件已损坏或不完整 / damaged", NULL, NULL);
	r->nunknown_units = 1;
	r->unknown_units = synth_alloc(1, sizeof(hz_file_note));
	synth_note(&r->unknown_units[0], "submissions/不明.xlsx", NULL, "某某街道办", NULL, NULL);
	if (nunits > 0) {
		r->nsuperseded = 1;
		r->superseded = synth_alloc(1, sizeof(hz_file_note));
		synth_note(&r->superseded[0], "submissions/1-旧.xlsx", NULL, NULL, r->units[0].name, "submissions/1.xlsx");
	}
	r->nwarnings = 1;
	r->warnings = synth_alloc(1, sizeof(hz_file_note));
	synth_note(&r->warnings[0], "submissions/1.xlsx", "unknown_status", "第5行：完成情况“差不多”无法识别", NULL,
		   NULL);
	r->previous.present = true;
	memcpy(r->previous.as_of, "2022-10-24", 11);
	r->previous.submitted = r->n_submitted / 2;
	r->previous.average = 70;
}

#endif
