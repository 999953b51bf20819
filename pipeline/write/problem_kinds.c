#include "write/problem_kinds.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *kind_of(const hz_problem *p)
{
	return p->kind ? p->kind : "";
}

size_t problem_kinds_count(docdata *d, const hz_unit *u)
{
	problem_kind *k;
	size_t n = 0;

	if (d->kinds_owner == u)
		return d->nkinds;
	d->kinds_owner = NULL;
	d->nkinds = 0;
	if (!u->nproblems)
		return 0;
	/* at most one kind per problem: no growing */
	k = realloc(d->kinds, u->nproblems * sizeof(*k));
	if (!k)
		return 0;
	d->kinds = k;
	for (size_t i = 0; i < u->nproblems; i++) {
		size_t j = 0;
		while (j < n && strcmp(kind_of(&u->problems[k[j].first]), kind_of(&u->problems[i])) != 0)
			j++;
		if (j == n)
			k[n++] = (problem_kind){u, i, 0};
		k[j].n++;
	}
	d->kinds_owner = u;
	d->nkinds = n;
	return n;
}

const problem_kind *problem_kinds_item(const docdata *d, size_t i)
{
	return &((const problem_kind *)d->kinds)[i];
}

/* Task ids of the kind's problems, joined with 、 ("全部13项任务" when they
 * are every task of the checklist: a short row, SPEC §4); a problem
 * without a task (late, not_submitted, narrative, overrated, a 存在问题 of
 * the whole unit) says itself, through the letters' own wording. */
static hz_code kind_tasks(docdata *d, const problem_kind *k, dynbuf *out)
{
	const hz_unit *u = k->u;
	const char *kind = kind_of(&u->problems[k->first]);
	const hz_unit *owner = d->problem_owner;
	size_t shown = 0;
	hz_code rc = HZ_OK;

	if (k->n > 1 && k->n == d->r->ntasks) {
		size_t with_task = 0;
		for (size_t i = k->first; i < u->nproblems; i++)
			with_task += !strcmp(kind_of(&u->problems[i]), kind) && u->problems[i].task && *u->problems[i].task;
		if (with_task == k->n)
			return dynbuf_printf(out, "全部%zu项任务", k->n);
	}
	d->problem_owner = u; /* the details read the unit's figures */
	for (size_t i = k->first; i < u->nproblems && rc == HZ_OK; i++) {
		const hz_problem *p = &u->problems[i];
		if (strcmp(kind_of(p), kind) != 0)
			continue;
		if (shown++)
			rc = dynbuf_addstr(out, p->task && *p->task ? "、" : "；");
		if (rc == HZ_OK)
			rc = p->task && *p->task ? dynbuf_addstr(out, p->task) : docdata_problem_detail(d, p, out);
	}
	d->problem_owner = owner;
	return rc;
}

static hz_code kind_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	docdata *d = ctx;
	const problem_kind *k = obj;
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", (size_t)(k - (const problem_kind *)d->kinds) + 1);
	case 1: return dynbuf_addstr(out, docdata_problem_label_cell(k->u->problems[k->first].kind));
	case 2: return kind_tasks(d, k, out);
	case 3: return dynbuf_printf(out, "%zu", k->n);
	default: return HZ_E_INTERNAL;
	}
}

static const tmpl_field kind_fields[] = {
	{"no", TMPL_TEXT, NULL}, {"kind", TMPL_TEXT, NULL}, {"tasks", TMPL_TEXT, NULL}, {"count", TMPL_TEXT, NULL}};

const tmpl_schema problem_kinds_schema = {kind_fields, sizeof(kind_fields) / sizeof(kind_fields[0]), kind_text, NULL,
					  NULL};
