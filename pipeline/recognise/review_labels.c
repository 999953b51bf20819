/*
 * The labels of review forms (SPEC 6.1): 被考评单位/受检单位/填报单位/单位名称/单位,
 * 评审组/考评组 and 考评日期/评审日期/日期, found as in SPEC 5.2 (the rest of
 * the cell after the colon, else the next non-empty cell to the right).
 */
#include <stdlib.h>
#include <string.h>

#include "recognise/form_internal.h"
#include "recognise/review_internal.h"
#include "text/vocab.h"

#include "banned.h"

void rv_labels_release(rv_labels *l)
{
	free(l->unit);
	free(l->group);
	free(l->date.bad_date);
	memset(l, 0, sizeof(*l));
}

static int *done_of(rv_labels *l, form_label_kind k)
{
	return k == LABEL_UNIT ? &l->unit_done : k == LABEL_GROUP ? &l->group_done : &l->date.done;
}

/* A text label's value (unit or group), taken over. */
static void set_text(rv_labels *l, form_label_kind k, char *v)
{
	if (k == LABEL_UNIT)
		l->unit = v;
	else
		l->group = v;
	*done_of(l, k) = 1;
}

/* An empty label's value from the next non-empty cell to the right. */
static hz_code take_next_cell(rv_labels *l, form_label_kind kind, const form_cell *cells, size_t ncells, size_t from,
			      normalizer *n, int date1904)
{
	char *t;
	hz_code rc = form_label_take_next(LABELS_REVIEW, kind, cells, ncells, from, n, date1904, &t, &l->date);

	if (t)
		set_text(l, kind, t);
	return rc;
}

#define MAX_LABELS_PER_CELL 8

/* SPEC 5.2 / 6.1 on one row of cells (a paragraph is a row of one cell).
 * with_unit 0: below a table, where only the group and the date count. */
hz_code rv_scan_labels(rv_labels *l, const form_cell *cells, size_t ncells, normalizer *n, int date1904,
			   int with_unit)
{
	for (size_t i = 0; i < ncells; i++) {
		const form_cell *c = &cells[i];
		form_label found[MAX_LABELS_PER_CELL];
		size_t nf;
		char *t;

		if (c->kind != FCELL_TEXT || !form_maybe_label(c->text, c->len))
			continue;
		/* a review's signature cells are one line each: the whole cell */
		t = norm_text(n, c->text, c->len);
		if (!t)
			return HZ_E_NOMEM;
		nf = form_find_labels_in(LABELS_REVIEW, t, found, MAX_LABELS_PER_CELL);
		for (size_t j = 0; j < nf; j++) {
			form_label *fl = &found[j];
			hz_code rc = HZ_OK;

			if (*done_of(l, fl->kind) || (fl->kind == LABEL_UNIT && !with_unit))
				continue;
			if (fl->value_len > 0) {
				if (fl->kind == LABEL_DATE) {
					rc = form_label_date(t + fl->value_off, fl->value_len, &l->date);
				} else {
					char *v = form_strndup(t + fl->value_off, fl->value_len);
					if (!v)
						rc = HZ_E_NOMEM;
					else
						set_text(l, fl->kind, v);
				}
			} else if (j + 1 == nf) {
				rc = take_next_cell(l, fl->kind, cells, ncells, i + 1, n, date1904);
			}
			if (rc != HZ_OK) {
				free(t);
				return rc;
			}
		}
		free(t);
	}
	return HZ_OK;
}

/* What `below` found that `above` lacks (group and date only). */
hz_code rv_labels_fill(rv_labels *above, const rv_labels *below)
{
	if (!above->group_done && below->group_done && below->group) {
		above->group = strdup(below->group);
		if (!above->group)
			return HZ_E_NOMEM;
		above->group_done = 1;
	}
	if (!above->date.done && below->date.done)
		return form_date_label_copy(&above->date, &below->date);
	return HZ_OK;
}
