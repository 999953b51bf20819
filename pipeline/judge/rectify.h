/*
 * 整改, the rectification round (SPEC §7): the rectified forms of
 * rectifications/ judged exactly as submissions are (hz_judge on a scratch
 * copy of the roster: unit, date, 5.7 order, rows, statuses, scores, counts,
 * superseded, unknown units, warnings of the winning forms), then, per unit,
 * the tasks to rectify, which of them the rectified form closes, its
 * percent and grade, late against rectify_by, reached (达标), and the
 * round's summary.  Ranks, grades, late, lagging, problems and candidates
 * of sections 2 and 6 are never changed.  Pure computation: no I/O.
 */
#ifndef HZ_RECTIFY_H
#define HZ_RECTIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"
#include "model.h"
#include "recognise/form.h"
#include "text/norm.h"

/* One file looked at under rectifications/ (SPEC 5.11), as the reading pool
 * left it.  Nothing is taken over. */
typedef struct hz_rectify_file {
	const char *file;       /* "rectifications/…", relative to the campaign folder */
	const hz_form *form;    /* what was read; NULL when it could not be read */
	const char *reason;     /* form NULL: the rejected reason */
} hz_rectify_file;

/*
 * The judging in two steps, so that the rectified forms can be judged on
 * another thread while hz_judge judges the submissions (they share
 * nothing that either writes):
 *   hz_rectify_begin copies what the judging needs of r (settings,
 *     checklist and roster names: never what hz_judge fills), on the
 *     calling thread;
 *   hz_rectify_forms judges the forms into that copy, reading nothing of
 *     r, and leaves out the narrative reports (rejected by the next step);
 *   hz_rectify_apply, once the assessment is judged (reviews included),
 *     fills r as hz_rectify_judge says below.
 * rj is hz_rectify_init'd by the caller and released with
 * hz_rectify_release whatever happened.  files and what they point to must
 * outlive hz_rectify_apply.
 */
typedef struct hz_rectify {
	const hz_rectify_file *files;
	size_t nfiles;
	hz_results scratch;     /* the forms judged as submissions; roster borrowed from r */
	bool judged;
} hz_rectify;

void hz_rectify_init(hz_rectify *rj);
HZ_MUST_USE hz_code hz_rectify_begin(hz_rectify *rj, const hz_results *r, const hz_rectify_file *files, size_t n);
HZ_MUST_USE hz_code hz_rectify_forms(hz_rectify *rj, normalizer *norm, hz_error *err);
HZ_MUST_USE hz_code hz_rectify_apply(hz_rectify *rj, hz_results *r, hz_error *err);
void hz_rectify_release(hz_rectify *rj);

/*
 * Both steps at once.  files: every file looked at under rectifications/,
 * in byte order of the path.  Call after the assessment is judged, reviews included: the tasks to
 * rectify are read from the units' statuses and their review_deduction
 * problems.  With n == 0 nothing changes (no round: every rectification
 * stays NULL, r->has_rectification false).  Otherwise sets
 * r->has_rectification, each unit's rectification (NULL when it had nothing
 * to rectify and sent no form) and r->rectification_summary, and appends
 * the round's files to r->rejected (unreadable files, and narrative reports:
 * a rectification must be a form), r->superseded, r->unknown_units and
 * r->warnings.
 */
HZ_MUST_USE hz_code hz_rectify_judge(hz_results *r, const hz_rectify_file *files, size_t n, normalizer *norm, hz_error *err);

/* The problem kinds that make a task one to rectify (SPEC 7.2): missing,
 * not_started, partial, count_short, review_deduction.  The letters of
 * SPEC 7.3 keep every other problem (late, self_reported, overrated …). */
bool hz_rectify_task_kind(const char *kind);

/* Index k in rc->tasks of task t, or -1 when t is not a task to rectify. */
long hz_rectify_find(const hz_rectification *rc, size_t t);

#endif
