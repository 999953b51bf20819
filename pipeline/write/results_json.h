/*
 * results.json (SPEC §4): stable keys, roster order, paths with '/', the
 * same bytes for the same results; written to a temporary name and renamed.
 */
#ifndef HZ_RESULTS_JSON_H
#define HZ_RESULTS_JSON_H

#include <stdio.h>

#include "hzerr.h"
#include "model.h"
#include "write/json_string.h"

HZ_MUST_USE hz_code hz_results_json_write(const hz_results *r, const char *path, hz_error *err);

/* results.json in two steps, so that it can be written beside the documents
 * yet replace the previous one only once they have all succeeded (the next
 * run compares with it).  stage writes and syncs a temporary file beside
 * path; commit renames it into place, discard removes it.  Each of the
 * three leaves f empty; stage leaves nothing behind when it fails. */
typedef struct hz_results_file {
	char *tmp;  /* owned: the staged file */
	char *path; /* owned: where it goes */
} hz_results_file;

HZ_MUST_USE hz_code hz_results_json_stage(hz_results_file *f, const hz_results *r, const char *path, hz_error *err);
HZ_MUST_USE hz_code hz_results_json_commit(hz_results_file *f, hz_error *err);
void hz_results_json_discard(hz_results_file *f);

/* hz_json_put_string (write/json_string.h) is results.json's string writer,
 * shared with `huizong dump` and `huizong history`. */

#endif
