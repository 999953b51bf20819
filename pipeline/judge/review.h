/*
 * 考评验收 (SPEC 6.1–6.4): the review forms' units and winning reviews, the
 * review scores, 综合审定 (final scores, ranks, grades, 自评偏高, lagging on
 * the final grade, the problems it adds); the candidate list is in
 * candidates.h.  Pure computation after hz_judge: no I/O.
 */
#ifndef HZ_JUDGE_REVIEW_H
#define HZ_JUDGE_REVIEW_H

#include "hzerr.h"
#include "model.h"
#include "recognise/review_form.h"
#include "text/norm.h"

/*
 * r has been through hz_judge (the units' section 2 figures); files are the
 * review files that were read, in ascending byte order of their path (the
 * unreadable ones are already in r->rejected).  Fills each reviewed unit's
 * review and overrated, re-decides lagging for them, adds their problems,
 * appends the reviews' superseded, unknown_units and warnings, and sets
 * r->n_reviewed and r->n_lagging.  Call only when r->has_reviews.
 */
HZ_MUST_USE hz_code hz_judge_reviews(hz_results *r, const hz_review_file *files, size_t nfiles, normalizer *n, hz_error *err);

#endif
