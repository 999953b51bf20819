/*
 * results.json's SPEC §9 keys: per unit `phases`, at the top `phase_summary`.
 * Written only with [phases] (without it results.json gains no key).
 */
#ifndef HZ_RESULTS_PHASES_H
#define HZ_RESULTS_PHASES_H

#include <stdio.h>

#include "model.h"

/* `"phases": [...]` of one unit (no separator around it). */
void hz_results_put_unit_phases(FILE *o, const hz_results *r, const hz_unit *u);
/* `  "phase_summary": [...],\n` (a whole line of the top level). */
void hz_results_put_phase_summary(FILE *o, const hz_results *r);

#endif
