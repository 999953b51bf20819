/*
 * SPEC §6 on top of synth_results.h, by hand (no readers, no judging): the
 * document tests exercise the writers against the model fields the data
 * path fills.  Deterministic for a given seed.
 *
 * synth_reviews: every submitted unit except i % 4 == 2 is reviewed, by
 * 第一评审组 (a 考评表 sheet per unit, even i) or 第二评审组 (a 考评汇总表
 * row, odd i); a group scores most tasks, some a little below the self
 * score with a comment, and unit 0 is marked far down (overrated).  Final
 * scores 0.3/0.7, final ranks and grades, lagging on the final grade, and
 * the problems review_deduction and overrated, as SPEC 6.3 says.
 *
 * synth_candidates: [candidates] honour 模范机关, min_grade and max as
 * given, and the list by SPEC 6.4 (final grade with reviews, else self).
 */
#ifndef HZ_SYNTH_REVIEWS_H
#define HZ_SYNTH_REVIEWS_H

#include "synth_results.h"

static size_t synth_grade_index(const hz_results *r, const char *name)
{
	for (size_t g = 0; g < r->settings.ngrades; g++)
		if (name && !strcmp(r->settings.grades[g].name, name))
			return g;
	return r->settings.ngrades;
}

static const char *synth_grade_of(const hz_results *r, double percent)
{
	for (size_t g = 0; g < r->settings.ngrades; g++)
		if (percent >= r->settings.grades[g].threshold || g + 1 == r->settings.ngrades)
			return r->settings.grades[g].name;
	return NULL;
}

static __attribute__((unused)) void synth_reviews(hz_results *r, unsigned seed)
{
	static const char *const comments[] = {"台账资料不全", "会议记录缺少签到表", "制度未按要求修订",
					       "学习计划未覆盖全体党员"};
	hz_unit **order = synth_alloc(r->nunits, sizeof(hz_unit *));
	size_t nrev = 0;
	double M = 0;
	char buf[256];

	for (size_t t = 0; t < r->ntasks; t++)
		M += r->tasks[t].max;
	r->has_reviews = true;
	r->settings.self_weight = 0.3;
	r->settings.review_weight = 0.7;
	r->settings.overrate = 10;
	for (size_t i = 0; i < r->nunits; i++) {
		hz_unit *u = &r->units[i];
		hz_review *rv;
		double R = 0, S = 0, F = 0;
		if (!u->submitted || i % 4 == 2)
			continue;
		rv = synth_alloc(1, sizeof(*rv));
		u->review = rv;
		if (i % 2 == 0) {
			rv->file = synth_dup("reviews/第一评审组.xlsx");
			rv->sheet = synth_dup(u->name);
			rv->group = synth_dup("第一评审组");
			memcpy(rv->date, "2022-11-20", 11);
		} else {
			rv->file = synth_dup("reviews/第二评审组考评汇总表.xlsx");
			rv->sheet = synth_dup("汇总");
			rv->row = (int)i + 3;
			rv->group = synth_dup("第二评审组");
			memcpy(rv->date, "2022-11-22", 11);
			rv->comment = synth_dup(comments[i % 4]);
		}
		rv->ntasks = r->ntasks;
		rv->tasks = synth_alloc(r->ntasks, sizeof(hz_review_task));
		/* room for a deduction per task and overrated */
		u->problems = realloc(u->problems, (u->nproblems + r->ntasks + 2) * sizeof(hz_problem));
		if (!u->problems)
			abort();
		for (size_t t = 0; t < r->ntasks; t++) {
			hz_review_task *rt = &rv->tasks[t];
			const double max = r->tasks[t].max;
			const double s = u->narrative || !u->tasks ? 0 : u->tasks[t].score;
			unsigned roll = synth_next(&seed) % 100;
			rt->scored = roll < 88;
			rt->score = s;
			if (rt->scored) {
				if (i == 0)
					rt->score = max * 0.4;
				else if (roll < 30)
					rt->score = s > 1 ? s - 1 : s;
				else if (roll < 45)
					rt->score = max;
				if (rt->score < max) {
					rt->comment = synth_dup(rv->comment ? rv->comment : comments[(t + i) % 4]);
					synth_problem(u, "review_deduction", r->tasks[t].id, rt->comment);
				}
			}
			rt->final = synth_round2(0.3 * s + 0.7 * rt->score);
			R += rt->score;
			S += s;
			F += 0.3 * s + 0.7 * rt->score;
		}
		rv->score = synth_round2(R);
		rv->percent = synth_round2(100 * R / M);
		rv->final_score = synth_round2(F);
		rv->final_percent = synth_round2(100 * F / M);
		rv->final_grade = synth_grade_of(r, rv->final_percent);
		u->overrated = !u->narrative && u->percent - rv->percent >= 10;
		if (u->overrated) {
			snprintf(buf, sizeof(buf), "自评%.2f%%，考评%.2f%%", u->percent, rv->percent);
			synth_problem(u, "overrated", NULL, buf);
		}
		(void)S;
		order[nrev++] = u;
	}
	/* final ranks: by final percent, ties share, roster order within */
	for (size_t a = 1; a < nrev; a++)
		for (size_t b = a; b > 0 && order[b - 1]->review->final_percent < order[b]->review->final_percent; b--) {
			hz_unit *x = order[b];
			order[b] = order[b - 1];
			order[b - 1] = x;
		}
	for (size_t k = 0; k < nrev; k++)
		order[k]->review->final_rank =
			k > 0 && order[k - 1]->review->final_percent == order[k]->review->final_percent
				? order[k - 1]->review->final_rank
				: (int)k + 1;
	r->n_reviewed = nrev;
	r->n_lagging = 0;
	for (size_t i = 0; i < r->nunits; i++) {
		hz_unit *u = &r->units[i];
		if (u->review)
			u->lagging = !u->submitted || u->late ||
				     synth_grade_index(r, u->review->final_grade) > synth_grade_index(r, "合格");
		r->n_lagging += u->lagging;
	}
	free(order);
}

static __attribute__((unused)) void synth_candidates(hz_results *r, const char *min_grade, int max)
{
	size_t *pick = synth_alloc(r->nunits, sizeof(size_t)), n = 0, cut;
	const size_t ming = synth_grade_index(r, min_grade);

	r->settings.has_candidates = true;
	r->settings.honour = synth_dup("模范机关");
	r->settings.candidates_min_grade = synth_dup(min_grade);
	r->settings.candidates_max = max;
	r->settings.publicity = synth_dup("2022-12-02 至 2022-12-08");
	r->settings.contact = synth_dup("联系人：王某某，电话：0000-12345678");
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		const char *g = r->has_reviews ? (u->review ? u->review->final_grade : NULL) : u->grade;
		if (!u->submitted || u->narrative || u->late || u->lagging || (r->has_reviews && (!u->review || u->overrated)))
			continue;
		if (!g || synth_grade_index(r, g) > ming)
			continue;
		pick[n++] = i;
	}
#define SYNTH_PC(i) (r->has_reviews ? r->units[i].review->final_percent : r->units[i].percent)
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && SYNTH_PC(pick[b - 1]) < SYNTH_PC(pick[b]); b--) {
			size_t x = pick[b];
			pick[b] = pick[b - 1];
			pick[b - 1] = x;
		}
	cut = max >= 0 && (size_t)max < n ? (size_t)max : n;
	while (cut > 0 && cut < n && SYNTH_PC(pick[cut]) == SYNTH_PC(pick[cut - 1]))
		cut++;
	r->candidates = synth_alloc(cut, sizeof(hz_candidate));
	for (size_t k = 0; k < cut; k++) {
		const hz_unit *u = &r->units[pick[k]];
		r->candidates[k].unit = pick[k];
		r->candidates[k].percent = SYNTH_PC(pick[k]);
		r->candidates[k].grade = r->has_reviews ? u->review->final_grade : u->grade;
	}
#undef SYNTH_PC
	r->ncandidates = cut;
	free(pick);
}

#endif
