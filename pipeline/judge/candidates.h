/*
 * 拟定候选名单 (SPEC 6.4).  Pure computation after hz_judge (and
 * hz_judge_reviews when the campaign has reviews).
 */
#ifndef HZ_JUDGE_CANDIDATES_H
#define HZ_JUDGE_CANDIDATES_H

#include "hzerr.h"
#include "model.h"

/* r->candidates from the final figures (with reviews) or the section 2
 * ones.  Call only when r->settings.has_candidates. */
HZ_MUST_USE hz_code hz_judge_candidates(hz_results *r, hz_error *err);

#endif
