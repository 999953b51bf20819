#include "write/report_phases.h"

#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"

#include "banned.h"

/* Deadline order; no deadline last; ties in the rows' own order. */
static int cmp_row(const void *a, const void *b)
{
	const report_phase_row *x = a, *y = b;
	int c;
	if (!x->deadline[0] != !y->deadline[0])
		return x->deadline[0] ? -1 : 1;
	if ((c = strcmp(x->deadline, y->deadline)) != 0)
		return c;
	return (x->order > y->order) - (x->order < y->order);
}

/* 自查自评 (SPEC §2 on time / late / not submitted, pending before the
 * deadline). */
static void self_row(report_phase_row *w, const hz_results *r)
{
	size_t none = r->nunits - r->n_submitted;
	w->name = "自查自评";
	memcpy(w->deadline, r->settings.deadline, sizeof(w->deadline));
	w->on_time = r->n_on_time;
	w->late = r->n_late;
	if (strcmp(r->settings.as_of, r->settings.deadline) <= 0)
		w->pending = none;
	else
		w->none = none;
}

/* 整改: the units with a task to rectify, by their rectified form. */
static void rectify_row(report_phase_row *w, const hz_results *r)
{
	size_t none = 0;
	w->name = "整改";
	memcpy(w->deadline, r->settings.rectify_by, sizeof(w->deadline));
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_rectification *rc = r->units[i].rectification;
		if (!rc || !rc->ntasks)
			continue;
		if (!rc->has_form)
			none++;
		else if (rc->late)
			w->late++;
		else
			w->on_time++;
	}
	if (w->deadline[0] && strcmp(r->settings.as_of, w->deadline) <= 0)
		w->pending = none;
	else
		w->none = none;
}

hz_code report_phases_init(report_phases *p, const hz_results *r)
{
	const hz_settings *s = &r->settings;
	size_t n = 0;

	memset(p, 0, sizeof(*p));
	if (!s->nphases || !r->phase_summary)
		return HZ_OK;
	p->rows = calloc(s->nphases + 2, sizeof(*p->rows));
	p->missing = calloc(r->nunits + 1, sizeof(*p->missing));
	if (!p->rows || !p->missing) {
		report_phases_release(p);
		return HZ_E_NOMEM;
	}
	if (s->deadline[0]) {
		self_row(&p->rows[n], r);
		p->rows[n].order = (int)n;
		n++;
	}
	if (r->has_rectification) {
		rectify_row(&p->rows[n], r);
		p->rows[n].order = (int)n;
		n++;
	}
	for (size_t k = 0; k < s->nphases; k++, n++) {
		report_phase_row *w = &p->rows[n];
		const hz_phase_count *c = &r->phase_summary[k];
		w->name = s->phases[k].name;
		memcpy(w->deadline, s->phases[k].deadline, sizeof(w->deadline));
		w->on_time = c->on_time;
		w->late = c->late;
		w->none = c->missing;
		w->pending = c->pending;
		w->order = (int)n;
	}
	qsort(p->rows, n, sizeof(*p->rows), cmp_row);
	for (size_t k = 0; k < n; k++)
		p->rows[k].no = k + 1;
	p->nrows = n;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		for (size_t k = 0; k < u->nphases; k++)
			if (u->phases[k].status == HZ_PHASE_MISSING) {
				p->missing[p->nmissing] = (report_phase_unit){r, u, p->nmissing + 1};
				p->nmissing++;
				break;
			}
	}
	return HZ_OK;
}

void report_phases_release(report_phases *p)
{
	free(p->rows);
	free(p->missing);
	memset(p, 0, sizeof(*p));
}

static const tmpl_field row_fields[] = {
	{"no", TMPL_TEXT, NULL},   {"name", TMPL_TEXT, NULL}, {"deadline", TMPL_TEXT, NULL}, {"on_time", TMPL_TEXT, NULL},
	{"late", TMPL_TEXT, NULL}, {"none", TMPL_TEXT, NULL}, {"pending", TMPL_TEXT, NULL},
};

static hz_code row_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const report_phase_row *w = obj;
	(void)ctx;
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", w->no);
	case 1: return dynbuf_addstr(out, w->name);
	case 2: /* YYYY-MM-DD: one line in the column, as the problems write it (9.3) */
		return dynbuf_addstr(out, w->deadline[0] ? w->deadline : "—");
	case 3: return dynbuf_printf(out, "%zu", w->on_time);
	case 4: return dynbuf_printf(out, "%zu", w->late);
	case 5: return dynbuf_printf(out, "%zu", w->none);
	case 6: return dynbuf_printf(out, "%zu", w->pending);
	default: return HZ_E_INTERNAL;
	}
}

const tmpl_schema report_phase_row_schema = {row_fields, sizeof(row_fields) / sizeof(row_fields[0]), row_text, NULL,
					     NULL};

/* A unit's missing phases joined with 、 */
static hz_code missing_phases(const report_phase_unit *it, dynbuf *out)
{
	hz_code rc = HZ_OK;
	size_t shown = 0;
	for (size_t k = 0; k < it->u->nphases && rc == HZ_OK; k++)
		if (it->u->phases[k].status == HZ_PHASE_MISSING)
			rc = dynbuf_printf(out, "%s%s", shown++ ? "、" : "", it->r->settings.phases[k].name);
	return rc;
}

hz_code report_phases_missing_list(const report_phases *p, dynbuf *out)
{
	hz_code rc = HZ_OK;
	for (size_t i = 0; i < p->nmissing && rc == HZ_OK; i++) {
		rc = dynbuf_printf(out, "%s%s（", i ? "、" : "", p->missing[i].u->name ? p->missing[i].u->name : "");
		if (rc == HZ_OK)
			rc = missing_phases(&p->missing[i], out);
		if (rc == HZ_OK)
			rc = dynbuf_addstr(out, "）");
	}
	return rc;
}

static const tmpl_field unit_fields[] = {
	{"no", TMPL_TEXT, NULL}, {"name", TMPL_TEXT, NULL}, {"group", TMPL_TEXT, NULL}, {"phases", TMPL_TEXT, NULL},
};

static hz_code unit_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const report_phase_unit *it = obj;
	(void)ctx;
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", it->no);
	case 1: return dynbuf_addstr(out, it->u->name ? it->u->name : "");
	case 2: return dynbuf_addstr(out, it->u->group ? it->u->group : "");
	case 3: return missing_phases(it, out);
	default: return HZ_E_INTERNAL;
	}
}

const tmpl_schema report_phase_unit_schema = {unit_fields, sizeof(unit_fields) / sizeof(unit_fields[0]), unit_text,
					      NULL, NULL};
