/*
 * The matching rules of SPEC §2 for the judges of later rounds (reviews,
 * rectifications): roster names and aliases (exact, contains/contained,
 * the longest name a file or sheet name contains) and row → task (ref,
 * title, Dice).  One matcher per run, built after the roster and the
 * checklist are read; read-only afterwards.
 */
#ifndef HZ_JUDGE_MATCH_H
#define HZ_JUDGE_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "hzerr.h"
#include "model.h"
#include "text/norm.h"

#define HZ_NO_MATCH SIZE_MAX

typedef struct hz_matcher hz_matcher;

/* r's roster and checklist must stay as they are while m lives.  Caller
 * frees with hz_matcher_free. */
hz_code hz_matcher_new(hz_matcher **out, hz_results *r, normalizer *n);
void hz_matcher_free(hz_matcher *m);

/* The unit a 填报单位-style text names (SPEC §2), or HZ_NO_MATCH.  *rc is
 * set only on out of memory. */
size_t hz_match_unit(const hz_matcher *m, const char *text, hz_code *rc);
/* The unit whose name or alias is the longest one the text contains (a
 * sheet name, SPEC 6.1), or HZ_NO_MATCH. */
size_t hz_match_contained(const hz_matcher *m, const char *text, hz_code *rc);
/* The same on a file's base name without its extension (SPEC §1). */
size_t hz_match_file(const hz_matcher *m, const char *relpath, hz_code *rc);
/* The task a row names (ref and title_key norm_key'd; "" when none), or
 * HZ_NO_MATCH. */
size_t hz_match_task(const hz_matcher *m, const char *ref, const char *title_key, hz_code *rc);
/* Σ max of the checklist, unrounded. */
double hz_match_total_max(const hz_matcher *m);

#endif
