/*
 * 阶段 (SPEC 9.2, 9.3): whose each phase document is and when it was
 * filed, which version wins, and per unit and phase the status on_time /
 * late / missing / pending; a missing phase makes a unit lagging, and the
 * problems phase_missing / phase_late come after all its others.  Pure
 * computation: no I/O.
 */
#ifndef HZ_JUDGE_PHASES_H
#define HZ_JUDGE_PHASES_H

#include <stddef.h>

#include "hzerr.h"
#include "model.h"
#include "recognise/phase_doc.h"
#include "text/norm.h"

/* One file looked at under phases/ (SPEC 9.1), as the reading pool left
 * it.  Nothing is taken over. */
typedef struct hz_phase_file {
	const char *file;           /* "phases/…", relative to the campaign folder */
	int phase;                  /* index into settings.phases; -1: in no phase folder (or no [phases]) */
	const hz_phase_doc *doc;    /* what was read; NULL when it was not read or could not be */
	const char *reason;         /* doc NULL: the rejected reason */
} hz_phase_file;

/*
 * files: every file looked at under phases/, in byte order of the path.
 * Call after the assessment and the reviews are judged (the phase problems
 * come after theirs) and before the candidates and the rectification round
 * (a missing phase makes a unit lagging: SPEC 9.3, 6.4, 7.2).
 * Appends the files not read to r->rejected and, with [phases], sets every
 * unit's phases, r->phase_summary, the lagging units and r->n_lagging, the
 * problems, and r->superseded, r->unknown_units and r->warnings (bad_date
 * of the winning documents).  Without [phases] only the rejections.
 */
HZ_MUST_USE hz_code hz_judge_phases(hz_results *r, const hz_phase_file *files, size_t n, normalizer *norm, hz_error *err);

/* "on_time", "late", "missing", "pending". */
const char *hz_phase_status_name(hz_phase_status s);

#endif
