/*
 * results.json (SPEC §4): stable keys, roster order, paths with '/', the
 * same bytes for the same results; written to a temporary name and renamed.
 */
#ifndef HZ_RESULTS_JSON_H
#define HZ_RESULTS_JSON_H

#include <stdio.h>

#include "hzerr.h"
#include "model.h"

hz_code hz_results_json_write(const hz_results *r, const char *path, hz_error *err);

/* One JSON string, quotes included: what JSON requires escaped, and bytes
 * that are not UTF-8 (a file name may hold any) as U+FFFD, so the output
 * always parses.  NULL writes "".  Shared with `huizong dump`. */
void hz_json_put_string(FILE *o, const char *s);

/* The figures of an earlier run's results.json for "change since the
 * previous run".  Best effort: a missing or malformed file leaves
 * p->present false and is not an error. */
void hz_previous_read(hz_previous *p, const char *path);

#endif
