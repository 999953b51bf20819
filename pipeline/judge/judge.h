/*
 * Judging (SPEC §2, 5.3–5.8, 5.10, 5.14): from the read forms to every
 * figure of results.json — unit matching, superseded versions, dates and
 * lateness, row→task matching, statuses, scores, ranks, grades, lagging,
 * problems and warnings.  Pure computation: no I/O.
 */
#ifndef HZ_JUDGE_H
#define HZ_JUDGE_H

#include "recognise/form.h"
#include "hzerr.h"
#include "model.h"
#include "text/norm.h"

/*
 * r already holds settings, tasks, categories and the roster's units (name,
 * group, aliases) and r->rejected (files refused while reading).  forms are
 * the submissions that were read, in ascending byte order of their relative
 * path.  Fills everything else of r: the units' figures, superseded,
 * unknown_units, warnings, and the summary figures.  Nothing is taken over;
 * forms are only read.
 */
HZ_MUST_USE hz_code hz_judge(hz_results *r, const hz_form *forms, size_t nforms, normalizer *n, hz_error *err);

#endif
