/*
 * SPEC 4 (letters): a unit whose every file was rejected is told that its
 * file could not be read, and why — not that it sent nothing.  Pure
 * computation after hz_judge, on the rejected list and the roster.
 */
#ifndef HZ_JUDGE_UNREADABLE_H
#define HZ_JUDGE_UNREADABLE_H

#include "hzerr.h"
#include "model.h"
#include "text/norm.h"

/* For each unit that did not submit, the rejected file of submissions/
 * whose name names it (SPEC §1 file names; the last in path order), with
 * its reason: u->unreadable_file and u->unreadable_reason. */
HZ_MUST_USE hz_code hz_judge_unreadable(hz_results *r, normalizer *n, hz_error *err);

#endif
