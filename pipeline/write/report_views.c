#define _GNU_SOURCE /* qsort_r */
#include "write/report_views.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ------------------------------------------------------------- ranking */

/* Rows for the tie groups of ranked[from, to) (whole groups), appended
 * to rows: a group larger than top as one row, others unit by unit. */
static size_t add_rows(const docdata *d, size_t top, size_t from, size_t to, report_rank_row *rows, size_t n)
{
	size_t i = from;
	while (i < to) {
		size_t j = i + 1;
		while (j < to && d->ranked[j].u->rank == d->ranked[i].u->rank)
			j++;
		if (j - i > top) {
			rows[n++] = (report_rank_row){&d->ranked[i], j - i};
		} else {
			for (size_t k = i; k < j; k++)
				rows[n++] = (report_rank_row){&d->ranked[k], 0};
		}
		i = j;
	}
	return n;
}

static void cut_ranking(report_views *v, const docdata *d)
{
	size_t n = d->nranked, top = v->top, head, tail;
	size_t whole = 2 * top > REPORT_RANKING_WHOLE_UP_TO ? 2 * top : REPORT_RANKING_WHOLE_UP_TO;
	v->ranking_cut = n > whole;
	if (!v->ranking_cut) {
		/* every unit on its own row, as before the cut existed */
		for (size_t i = 0; i < n; i++)
			v->rank_top[i] = (report_rank_row){&d->ranked[i], 0};
		v->nrank_top = n;
		return;
	}
	/* the first `top`, extended to the end of the tie group at the cut */
	head = top;
	while (head < n && d->ranked[head].u->rank == d->ranked[head - 1].u->rank)
		head++;
	/* the last `top`, extended back to the start of its tie group */
	tail = n - top;
	while (tail > 0 && d->ranked[tail - 1].u->rank == d->ranked[tail].u->rank)
		tail--;
	if (tail <= head) { /* the cuts meet: one run, no gap */
		v->nrank_top = add_rows(d, top, 0, n, v->rank_top, 0);
		return;
	}
	v->nrank_top = add_rows(d, top, 0, head, v->rank_top, 0);
	v->nrank_bottom = add_rows(d, top, tail, n, v->rank_bottom, 0);
	v->rank_omitted = tail - head;
}

/* -------------------------------------------------------------- groups */

static int cmp_group_name(const void *a, const void *b, void *arg)
{
	const hz_results *r = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const char *gx = r->units[x].group ? r->units[x].group : "", *gy = r->units[y].group ? r->units[y].group : "";
	int c = strcmp(gx, gy);
	return c ? c : (x < y ? -1 : x > y);
}

static void count_unit(report_group *g, const docdata *d, const hz_unit *u)
{
	g->units++;
	if (u->submitted) {
		g->submitted++;
		g->percent_sum += u->percent;
		if (u->late)
			g->late++;
		else
			g->on_time++;
	} else {
		g->not_submitted++;
	}
	if (!u->lagging)
		return;
	g->lagging++;
	g->lag_not_submitted += !u->submitted;
	g->lag_late += u->submitted && u->late;
	g->lag_narrative += u->submitted && u->narrative;
	g->lag_low_grade += docdata_low_grade(d, u);
}

static int cmp_first_seen(const void *a, const void *b)
{
	const report_group *x = a, *y = b;
	return x->no < y->no ? -1 : x->no > y->no;
}

/* Groups in roster order of first appearance: unit indices sorted by
 * group name find each group's members; the first member orders them. */
static hz_code group_units(report_views *v, const docdata *d)
{
	const hz_results *r = d->r;
	size_t *idx = calloc(r->nunits + 1, sizeof(*idx));
	size_t *group_of = calloc(r->nunits + 1, sizeof(*group_of));
	size_t *rank_of_group = NULL;
	if (!idx || !group_of) {
		free(idx);
		free(group_of);
		return HZ_E_NOMEM;
	}
	v->groups = calloc(r->nunits + 1, sizeof(*v->groups));
	v->lagging_groups = calloc(r->nunits + 1, sizeof(*v->lagging_groups));
	rank_of_group = calloc(r->nunits + 1, sizeof(*rank_of_group));
	if (!v->groups || !v->lagging_groups || !rank_of_group) {
		free(idx);
		free(group_of);
		free(rank_of_group);
		return HZ_E_NOMEM;
	}
	for (size_t i = 0; i < r->nunits; i++) {
		idx[i] = i;
		v->has_groups |= r->units[i].group && r->units[i].group[0];
	}
	qsort_r(idx, r->nunits, sizeof(*idx), cmp_group_name, (void *)r);
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[idx[i]];
		if (i == 0 || strcmp(r->units[idx[i - 1]].group ? r->units[idx[i - 1]].group : "", u->group ? u->group : "")) {
			/* a new name: its first member (lowest index) comes first in the sort */
			v->groups[v->ngroups] = (report_group){.name = u->group ? u->group : "", .no = idx[i]};
			v->ngroups++;
		}
		group_of[idx[i]] = v->ngroups - 1;
	}
	qsort(v->groups, v->ngroups, sizeof(*v->groups), cmp_first_seen);
	/* group_of holds positions in name order: map them to first-seen order */
	for (size_t g = 0; g < v->ngroups; g++) {
		size_t first = v->groups[g].no;
		rank_of_group[group_of[first]] = g;
	}
	for (size_t g = 0; g < v->ngroups; g++)
		v->groups[g].no = g + 1;
	for (size_t i = 0; i < r->nunits; i++) {
		count_unit(&v->groups[rank_of_group[group_of[i]]], d, &r->units[i]);
		count_unit(&v->total, d, &r->units[i]);
	}
	for (size_t g = 0; g < v->ngroups; g++)
		if (v->groups[g].lagging)
			v->lagging_groups[v->nlagging_groups++] = v->groups[g];
	free(idx);
	free(group_of);
	free(rank_of_group);
	return HZ_OK;
}

/* ---------------------------------------------------------------- init */

hz_code report_views_init(report_views *v, const docdata *d, hz_error *err)
{
	const hz_settings *s = &d->r->settings;
	memset(v, 0, sizeof(*v));
	/* a hand-built hz_results (tests, bench) may leave them 0: the defaults */
	v->top = s->report_top >= 1 ? (size_t)s->report_top : 10;
	v->inline_units = s->report_inline_units >= 0 ? (size_t)s->report_inline_units : 10;
	v->total.name = "合计";
	v->rank_top = calloc(d->nranked + 1, sizeof(*v->rank_top));
	v->rank_bottom = calloc(d->nranked + 1, sizeof(*v->rank_bottom));
	if (!v->rank_top || !v->rank_bottom || group_units(v, d)) {
		report_views_release(v);
		return hz_error_set(err, HZ_E_NOMEM, "preparing the report");
	}
	cut_ranking(v, d);
	v->lagging_inline = d->nlagging <= v->inline_units;
	return HZ_OK;
}

void report_views_release(report_views *v)
{
	free(v->rank_top);
	free(v->rank_bottom);
	free(v->groups);
	free(v->lagging_groups);
	memset(v, 0, sizeof(*v));
}
