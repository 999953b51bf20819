/*
 * One JSON string, the writer of results.json's strings (results_json.c,
 * results_phases.c) and of `huizong dump` and `huizong history`.
 */
#ifndef HZ_JSON_STRING_H
#define HZ_JSON_STRING_H

#include <stdio.h>

/* One JSON string, quotes included: what JSON requires escaped, and bytes
 * that are not UTF-8 (a file name may hold any) as U+FFFD, so the output
 * always parses.  NULL writes "". */
void hz_json_put_string(FILE *o, const char *s);

#endif
