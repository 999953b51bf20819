/*
 * A unit's problems grouped by kind, for the report's body (SPEC §4: the
 * body stays short): one row per kind — 未开展: 3、5、11 — where the
 * letter (反馈/) lists every problem with its details.  Kinds come in the
 * order of their first problem, tasks in the order of the unit's list.
 */
#ifndef HZ_WRITE_PROBLEM_KINDS_H
#define HZ_WRITE_PROBLEM_KINDS_H

#include <stddef.h>

#include "write/docdata.h"
#include "write/tmpl.h"

/* One kind of a unit's problems: its first problem and how many. */
typedef struct problem_kind {
	const hz_unit *u;
	size_t first, n;
} problem_kind;

/* Groups u's problems into d's scratch list (kept until the next unit or
 * docdata_release); returns how many kinds.  0 on a failed allocation, the
 * loop then shows nothing rather than half. */
size_t problem_kinds_count(docdata *d, const hz_unit *u);
/* The i-th kind of the unit last counted. */
const problem_kind *problem_kinds_item(const docdata *d, size_t i);

/* Item schema: no, kind (the label), tasks (task ids joined with 、, or for
 * kinds without a task the problems' own details), count. */
extern const tmpl_schema problem_kinds_schema;

#endif
