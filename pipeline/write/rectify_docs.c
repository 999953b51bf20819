#include "write/rectify_docs.h"

#include <stdlib.h>
#include <string.h>

#include "write/docdata.h"

#include "banned.h"

const char *rectify_kind_label(const char *kind)
{
	if (kind && !strcmp(kind, "review_deduction"))
		return "考评扣分";
	if (kind && !strcmp(kind, "rectify_open"))
		return RECTIFY_OPEN;
	return docdata_problem_label(kind);
}

hz_code rectify_problem_text(const hz_results *r, const hz_unit *u, size_t t, dynbuf *out)
{
	/* the status first (未填报, 未开展, 未全部完成), then what it rests on */
	static const char *const order[] = {"missing", "not_started", "partial", "count_short", "review_deduction"};
	const char *id = t < r->ntasks ? r->tasks[t].id : NULL;
	const char *sep = "";
	hz_code rc = HZ_OK;
	if (!u->submitted)
		return dynbuf_addstr(out, "未报送自查自评表");
	if (u->narrative)
		return dynbuf_addstr(out, "报送的是自查情况报告，未按表格填报");
	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
		for (size_t i = 0; i < u->nproblems && rc == HZ_OK; i++) {
			const hz_problem *p = &u->problems[i];
			if (!p->kind || strcmp(p->kind, order[o]) != 0 || !p->task || !id || strcmp(p->task, id) != 0)
				continue;
			/* the count and the reviewer's comment say more than the kind */
			if (o >= 3 && p->text && p->text[0])
				rc = dynbuf_printf(out, "%s%s（%s）", sep, rectify_kind_label(p->kind), p->text);
			else
				rc = dynbuf_printf(out, "%s%s", sep, rectify_kind_label(p->kind));
			sep = "；";
		}
	}
	return rc;
}

hz_code rectify_figures_init(rectify_figures *f, const hz_results *r)
{
	memset(f, 0, sizeof(*f));
	f->open_units = calloc(r->nunits + 1, sizeof(*f->open_units));
	f->open_items = calloc(r->nunits + 1, sizeof(*f->open_items));
	if (!f->open_units || !f->open_items) {
		rectify_figures_release(f);
		return HZ_E_NOMEM;
	}
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_rectification *rc = r->units[i].rectification;
		size_t closed = 0;
		if (!rc)
			continue;
		if (!rc->ntasks) {
			f->extra_forms += rc->has_form;
			continue;
		}
		for (size_t k = 0; k < rc->ntasks; k++)
			closed += rc->closed[k];
		f->units++;
		f->tasks += rc->ntasks;
		f->closed += closed;
		f->open += rc->ntasks - closed;
		if (rc->has_form) {
			f->sent++;
			if (rc->late)
				f->late++;
			else
				f->on_time++;
		} else {
			f->not_sent++;
		}
		f->reached += rc->reached;
		if (closed < rc->ntasks) {
			f->open_items[f->nopen_units] = (rectify_open_unit){r, &r->units[i], f->nopen_units + 1};
			f->open_units[f->nopen_units++] = i;
		}
	}
	return HZ_OK;
}

void rectify_figures_release(rectify_figures *f)
{
	free(f->open_units);
	free(f->open_items);
	memset(f, 0, sizeof(*f));
}

hz_code rectify_report_sentence(const hz_results *r, const rectify_figures *f, dynbuf *out)
{
	char as_of[64];
	hz_code e;
	if (!r->has_rectification)
		return HZ_OK;
	docdata_date_cn(as_of, sizeof(as_of), r->settings.as_of);
	if (!f->units)
		return dynbuf_printf(out, "截至%s，没有需要整改的单位。", as_of);
	e = dynbuf_printf(out, "截至%s，应整改的%zu个单位中，%zu个报送了整改后自查自评表", as_of, f->units, f->sent);
	if (e == HZ_OK && f->sent && r->settings.rectify_by[0])
		e = dynbuf_printf(out, "（按时%zu个，逾期%zu个）", f->on_time, f->late);
	if (e == HZ_OK && f->not_sent)
		e = dynbuf_printf(out, "，%zu个未报送", f->not_sent);
	if (e == HZ_OK) {
		const char *below = r->settings.lagging_below ? r->settings.lagging_below : "";
		/* SPEC 4: never 以上 of the top grade */
		bool top = r->settings.ngrades && !strcmp(below, r->settings.grades[0].name);
		e = dynbuf_printf(out, "；整改后%zu个单位达到%s%s等次。", f->reached, below, top ? "" : "以上");
	}
	if (e == HZ_OK)
		e = dynbuf_printf(out, "应整改任务%zu项，已整改%zu项，尚有%zu项未整改", f->tasks, f->closed, f->open);
	if (e == HZ_OK)
		e = f->nopen_units ? dynbuf_printf(out, "，涉及%zu个单位。", f->nopen_units) : dynbuf_addstr(out, "。");
	return e;
}

/* ------------------------------------------------- the report's table items */

static const tmpl_field open_fields[] = {
	{"no", TMPL_TEXT, NULL},   {"name", TMPL_TEXT, NULL},  {"group", TMPL_TEXT, NULL},
	{"open", TMPL_TEXT, NULL}, {"nopen", TMPL_TEXT, NULL}, {"sent", TMPL_TEXT, NULL},
};

static hz_code open_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const rectify_open_unit *it = obj;
	const hz_rectification *rc = it->u->rectification;
	size_t open = 0;
	char buf[64];
	(void)ctx;
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", it->no);
	case 1: return dynbuf_addstr(out, it->u->name ? it->u->name : "");
	case 2: return dynbuf_addstr(out, it->u->group ? it->u->group : "");
	case 3: return rectify_open_tasks_text(it->r, it->u, out);
	case 4:
		for (size_t k = 0; rc && k < rc->ntasks; k++)
			open += !rc->closed[k];
		return dynbuf_printf(out, "%zu", open);
	case 5:
		if (!rc || !rc->has_form)
			return dynbuf_addstr(out, "未报送");
		/* the date on a line of its own: a narrow cell would split it
		 * (SPEC 4: dates never break) */
		docdata_date_cn(buf, sizeof(buf), rc->date);
		return dynbuf_printf(out, "%s\n%s报送", buf, rc->late ? "逾期" : "");
	default: return HZ_E_INTERNAL;
	}
}

const tmpl_schema rectify_open_schema = {open_fields, sizeof(open_fields) / sizeof(open_fields[0]), open_text, NULL,
					 NULL};

hz_code rectify_open_tasks_text(const hz_results *r, const hz_unit *u, dynbuf *out)
{
	const hz_rectification *rc = u->rectification;
	const char *sep = "";
	hz_code e = HZ_OK;
	size_t nopen = 0;
	bool titles;
	for (size_t k = 0; rc && k < rc->ntasks; k++)
		nopen += !rc->closed[k];
	if (nopen > RECTIFY_TITLES_SHOWN && nopen == r->ntasks)
		return dynbuf_printf(out, "全部%zu项任务", nopen);
	titles = nopen <= RECTIFY_TITLES_SHOWN;
	for (size_t k = 0; rc && k < rc->ntasks && e == HZ_OK; k++) {
		const hz_task *t = &r->tasks[rc->tasks[k]];
		if (rc->closed[k])
			continue;
		if (titles)
			e = dynbuf_printf(out, "%s%s %s", sep, t->id ? t->id : "", t->title ? t->title : "");
		else
			e = dynbuf_printf(out, "%s%s", sep, t->id ? t->id : "");
		sep = "、";
	}
	if (e == HZ_OK && !titles)
		e = dynbuf_printf(out, "（共%zu项）", nopen);
	return e;
}

bool rectify_letter_wanted(const hz_results *r, const hz_unit *u)
{
	const hz_rectification *rc = u->rectification;
	if (!r->has_rectification || !rc || !rc->ntasks)
		return true; /* a late-only unit keeps its letter */
	for (size_t k = 0; k < rc->ntasks; k++)
		if (!rc->closed[k])
			return true;
	/* SPEC 7.3: unless a plan is still to be filed (phase_missing, 9.3) */
	for (size_t i = 0; i < u->nproblems; i++)
		if (u->problems[i].kind && !strcmp(u->problems[i].kind, "phase_missing"))
			return true;
	return false;
}

hz_code rectify_letter_init(rectify_letter *l, const hz_results *r, const hz_unit *u)
{
	const hz_rectification *rc = u->rectification;
	bool every_task = !u->submitted || u->narrative;
	size_t n = 0, extra = 0;

	memset(l, 0, sizeof(*l));
	l->view = *u;
	if (!r->has_rectification || !rc)
		return HZ_OK;
	if (every_task && rc->has_form)
		for (size_t k = 0; k < rc->ntasks; k++)
			extra += !rc->closed[k];
	l->owned = calloc(u->nproblems + extra + 1, sizeof(*l->owned));
	if (!l->owned)
		return HZ_E_NOMEM;
	/* closed in the round (the judge marked them): no longer problems to
	 * list (SPEC 7.3) */
	for (size_t i = 0; i < u->nproblems; i++)
		if (!u->problems[i].rectified)
			l->owned[n++] = u->problems[i];
	/* did not submit, or a narrative: the rectified form says which tasks
	 * are still open, and the letter lists them */
	for (size_t k = 0; extra && k < rc->ntasks; k++)
		if (!rc->closed[k])
			l->owned[n++] = (hz_problem){.kind = (char *)"rectify_open", .task = r->tasks[rc->tasks[k]].id,
						     .text = (char *)"整改后自查自评表中该项仍未完成"};
	l->view.problems = l->owned;
	l->view.nproblems = n;
	return HZ_OK;
}

void rectify_letter_release(rectify_letter *l)
{
	free(l->owned);
	memset(l, 0, sizeof(*l));
}

hz_code rectify_letter_sentence(const hz_results *r, const hz_unit *u, dynbuf *out)
{
	const hz_rectification *rc = u->rectification;
	size_t closed = 0;
	char date[64], pc[32];
	hz_code e;
	if (!r->has_rectification || !rc || !rc->ntasks)
		return HZ_OK;
	for (size_t k = 0; k < rc->ntasks; k++)
		closed += rc->closed[k];
	if (!rc->has_form) {
		docdata_date_cn(date, sizeof(date), r->settings.as_of);
		return dynbuf_printf(out, "截至%s，你单位未报送整改后自查自评表，应整改的%zu项任务均未整改。", date,
				     rc->ntasks);
	}
	docdata_date_cn(date, sizeof(date), rc->date);
	docdata_num(pc, sizeof(pc), rc->percent);
	e = dynbuf_printf(out, "你单位于%s%s报送整改后自查自评表，应整改的%zu项任务中，已整改%zu项，尚有%zu项未整改；", date,
			  rc->late ? "（逾期）" : "", rc->ntasks, closed, rc->ntasks - closed);
	if (e == HZ_OK)
		e = dynbuf_printf(out, "整改后自评得分率%s%%，等次为%s，%s。", pc, rc->grade ? rc->grade : "—",
				  rc->reached ? "已达标" : "尚未达标");
	if (e == HZ_OK && closed < rc->ntasks)
		e = dynbuf_addstr(out, "下表列出尚未整改的问题。");
	return e;
}
