/*
 * A unit as the Word documents show it (report.c's lists, a letter's
 * unit.*): the text of each of its fields, and the lists it has — its
 * problems, its problems grouped by kind for the report's body (SPEC §4:
 * one row a kind, 未开展: 3、5、11, where the letter lists every problem
 * with its details), and its category scores.  Read through docdata (the
 * views and the formatting); ctx of every schema here is that docdata.
 */
#ifndef HZ_UNIT_ITEMS_H
#define HZ_UNIT_ITEMS_H

#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"
#include "write/docdata.h"
#include "write/tmpl.h"

/* Fields of a unit: list items name them "name", a feedback letter's root
 * "unit.name"; both index the same table (unit_items_nfields entries). */
extern const tmpl_field unit_items_fields[];
extern const tmpl_field unit_items_root_fields[];
extern const size_t unit_items_nfields;
HZ_MUST_USE hz_code unit_items_text(docdata *d, const docdata_unit *it, size_t field, dynbuf *out);
size_t unit_items_count(docdata *d, const docdata_unit *it, size_t field);
const void *unit_items_item(docdata *d, const docdata_unit *it, size_t field, size_t i);

/* 具体情况 of one problem, in the letters' words (p belongs to
 * d->problem_owner, which the caller sets). */
HZ_MUST_USE hz_code unit_items_problem_detail(const docdata *d, const hz_problem *p, dynbuf *out);

/* A unit's weakest tasks (滞后单位问题汇总, unit field `weakest`): lowest
 * score/max first, ties in checklist order; none when it did not submit.
 * out gets task indices; returns how many. */
#define UNIT_ITEMS_WEAKEST_TASKS 3
size_t unit_items_weakest_tasks(const docdata *d, const hz_unit *u, size_t out[UNIT_ITEMS_WEAKEST_TASKS]);

extern const tmpl_schema unit_items_schema;          /* obj: docdata_unit */
extern const tmpl_schema unit_items_problem_schema;  /* obj: hz_problem */
extern const tmpl_schema unit_items_category_schema; /* obj: hz_category_score */

#endif
