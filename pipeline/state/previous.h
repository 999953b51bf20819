/*
 * The previous run's results.json (SPEC §4 "change since the previous
 * run"): the one output huizong also reads back.
 */
#ifndef HZ_STATE_PREVIOUS_H
#define HZ_STATE_PREVIOUS_H

#include "model.h"

/* The figures of an earlier run's results.json for "change since the
 * previous run".  Best effort: a missing or malformed file leaves
 * p->present false and is not an error. */
void hz_previous_read(hz_previous *p, const char *path);

#endif
