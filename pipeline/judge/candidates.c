/*
 * 拟定候选名单 (SPEC 6.4): the eligible units by the final percent (with
 * reviews) or the self percent, the first `max` of them and every unit tied
 * with the last one kept.
 */
#include "judge/candidates.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge_match.h"

#include "banned.h"

#define NONE SIZE_MAX

static size_t grade_named(const hz_settings *s, const char *name)
{
	for (size_t g = 0; name && g < s->ngrades; g++)
		if (s->grades[g].name && !strcmp(s->grades[g].name, name))
			return g;
	return NONE;
}

hz_code hz_judge_candidates(hz_results *r, hz_error *err)
{
	const hz_settings *s = &r->settings;
	size_t min_g = grade_named(s, s->candidates_min_grade), n = 0, keep;
	hz_rank_entry *order = malloc((r->nunits + 1) * sizeof(*order));

	if (!order)
		return hz_error_set(err, HZ_E_NOMEM, "the candidate list");
	if (min_g == NONE)
		min_g = 0;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		const char *grade;
		size_t g;
		if (!u->submitted || u->narrative || u->late || u->lagging || u->overrated)
			continue;
		if (r->has_reviews && !u->review)
			continue;
		grade = r->has_reviews ? u->review->final_grade : u->grade;
		g = grade_named(s, grade);
		if (g == NONE || g > min_g)
			continue;
		order[n++] = (hz_rank_entry){i, r->has_reviews ? u->review->final_percent : u->percent};
	}
	qsort(order, n, sizeof(*order), hz_rank_entry_cmp);
	keep = n;
	if (s->candidates_max >= 0 && (size_t)s->candidates_max < n) {
		keep = (size_t)s->candidates_max;
		/* ties at the cut stay on the list */
		while (keep > 0 && keep < n && order[keep].percent == order[keep - 1].percent)
			keep++;
	}
	free(r->candidates);
	r->candidates = calloc(keep + 1, sizeof(*r->candidates));
	if (!r->candidates) {
		free(order);
		return hz_error_set(err, HZ_E_NOMEM, "the candidate list");
	}
	for (size_t i = 0; i < keep; i++) {
		const hz_unit *u = &r->units[order[i].unit];
		r->candidates[i].unit = order[i].unit;
		r->candidates[i].percent = order[i].percent;
		r->candidates[i].grade = r->has_reviews ? u->review->final_grade : u->grade;
	}
	r->ncandidates = keep;
	free(order);
	return HZ_OK;
}
