#include "judge/rectify.h"

#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"

#include "banned.h"

#define NONE ((size_t)-1)

/* SPEC 7.1: a narrative report in rectifications/ is rejected before the
 * versions are ordered, so it never supersedes a form. */
static const char *const NARRATIVE_REASON =
	"整改材料须为整改后的自查自评表，不能是自查情况报告 / a rectification must be the rectified self-assessment "
	"form, not a narrative report (no form table)";

bool hz_rectify_task_kind(const char *kind)
{
	static const char *const kinds[] = {"missing", "not_started", "partial", "count_short", "review_deduction"};
	if (!kind)
		return false;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

long hz_rectify_find(const hz_rectification *rc, size_t t)
{
	size_t lo = 0, hi = rc ? rc->ntasks : 0;
	while (lo < hi) { /* tasks[] is in checklist order: ascending indices */
		size_t mid = lo + (hi - lo) / 2;
		if (rc->tasks[mid] == t)
			return (long)mid;
		if (rc->tasks[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Appends n notes to *dst (taking their strings over) and frees src. */
static hz_code notes_append(hz_file_note **dst, size_t *ndst, hz_file_note *src, size_t nsrc)
{
	hz_file_note *v;
	if (!nsrc) {
		free(src);
		return HZ_OK;
	}
	v = realloc(*dst, (*ndst + nsrc) * sizeof(*v));
	if (!v) {
		hz_file_notes_free(src, nsrc);
		return HZ_E_NOMEM;
	}
	memcpy(v + *ndst, src, nsrc * sizeof(*v));
	free(src);
	*dst = v;
	*ndst += nsrc;
	return HZ_OK;
}

static hz_code add_rejected(hz_results *r, const char *file, const char *reason)
{
	hz_file_note *p = realloc(r->rejected, (r->nrejected + 1) * sizeof(*p));
	if (!p)
		return HZ_E_NOMEM;
	r->rejected = p;
	p += r->nrejected++;
	memset(p, 0, sizeof(*p));
	p->file = strdup(file ? file : "");
	p->text = strdup(reason ? reason : "");
	return p->file && p->text ? HZ_OK : HZ_E_NOMEM;
}

/*
 * The scratch results the rectified forms are judged into: the same
 * settings, checklist and roster as r, borrowed (never freed here), and
 * units of their own.  hz_judge then applies sections 1–3 and 5 to the
 * forms exactly as it does to the submissions.
 */
static hz_code scratch_init(hz_results *s, const hz_results *r)
{
	hz_results_init(s);
	s->settings = r->settings;
	s->tasks = r->tasks;
	s->ntasks = r->ntasks;
	s->categories = r->categories;
	s->ncategories = r->ncategories;
	s->units = calloc(r->nunits + 1, sizeof(*s->units));
	if (!s->units)
		return HZ_E_NOMEM;
	s->nunits = r->nunits;
	for (size_t i = 0; i < r->nunits; i++) {
		s->units[i].name = r->units[i].name;
		s->units[i].group = r->units[i].group;
		s->units[i].aliases = r->units[i].aliases;
		s->units[i].naliases = r->units[i].naliases;
	}
	return HZ_OK;
}

/* Frees what the scratch judging made; the borrowed parts stay r's. */
static void scratch_release(hz_results *s)
{
	for (size_t i = 0; s->units && i < s->nunits; i++) {
		hz_unit *u = &s->units[i];
		u->name = NULL;
		u->group = NULL;
		u->aliases = NULL;
		u->naliases = 0;
		hz_unit_release(u);
	}
	free(s->units);
	hz_file_notes_free(s->rejected, s->nrejected);
	hz_file_notes_free(s->superseded, s->nsuperseded);
	hz_file_notes_free(s->unknown_units, s->nunknown_units);
	hz_file_notes_free(s->warnings, s->nwarnings);
	free(s->candidates);
	hz_results_init(s);
}

/* Index of the grade named name in settings.grades, or NONE. */
static size_t grade_index(const hz_settings *st, const char *name)
{
	for (size_t g = 0; name && g < st->ngrades; g++)
		if (st->grades[g].name && !strcmp(st->grades[g].name, name))
			return g;
	return NONE;
}

/*
 * SPEC 7.2, the tasks to rectify of one unit, into mark[] (one per task).
 * Only a lagging unit (sections 2, 6.3, 9.3: the one whose letter asks it
 * to rectify) has any; for it, every task when it did not submit or sent a
 * narrative report; else each task whose section 2 status (after
 * count_short) is missing, not_started or partial, and each task with a
 * review_deduction problem.
 */
static size_t mark_to_rectify(const hz_results *r, const hz_unit *u, bool *mark)
{
	size_t n = 0;
	if (!u->lagging) {
		memset(mark, 0, r->ntasks * sizeof(*mark));
		return 0;
	}
	for (size_t t = 0; t < r->ntasks; t++) {
		/* a pending unit (section 2) lagging for another reason has only
		 * its review_deduction tasks (below) */
		if (!u->submitted && hz_before_deadline(&r->settings)) {
			mark[t] = false;
			continue;
		}
		mark[t] = !u->submitted || u->narrative || !u->tasks || u->ntasks != r->ntasks;
		if (!mark[t]) {
			hz_status st = u->tasks[t].status;
			mark[t] = st == HZ_ST_MISSING || st == HZ_ST_NOT_STARTED || st == HZ_ST_PARTIAL;
		}
	}
	/*
	 * Reviews (SPEC §6) hook: a reviewed unit (u->review set by the
	 * reviews' judging, which runs before this) carries one problem of
	 * kind "review_deduction" per task the group scored below its max,
	 * with the task's id.  Each such task is to rectify too.
	 */
	if (u->review)
		for (size_t p = 0; p < u->nproblems; p++) {
			const hz_problem *pb = &u->problems[p];
			if (!pb->kind || strcmp(pb->kind, "review_deduction") != 0 || !pb->task)
				continue;
			for (size_t t = 0; t < r->ntasks; t++)
				if (r->tasks[t].id && !strcmp(r->tasks[t].id, pb->task)) {
					mark[t] = true;
					break;
				}
		}
	for (size_t t = 0; t < r->ntasks; t++)
		n += mark[t];
	return n;
}

/* SPEC 7.3: a problem on a task the round closed is no longer one to list
 * (a 存在问题 written on the task's row goes with it); the letters read this
 * mark.  A task id names the first task with that id, as everywhere. */
static void mark_rectified(const hz_results *r, hz_unit *u, const hz_rectification *rc)
{
	for (size_t i = 0; i < u->nproblems; i++) {
		hz_problem *p = &u->problems[i];
		for (size_t t = 0; p->task && t < r->ntasks; t++)
			if (r->tasks[t].id && !strcmp(r->tasks[t].id, p->task)) {
				long k = hz_rectify_find(rc, t);
				p->rectified = k >= 0 && rc->closed[k];
				break;
			}
	}
}

/* A task is closed when the winning rectified form's section 2 status for
 * it, after count_short, is done (count_short has already made a short
 * count partial). */
static hz_code rectify_unit(hz_results *r, hz_unit *u, const hz_unit *form, bool *mark, size_t below)
{
	size_t nt = mark_to_rectify(r, u, mark), k = 0;
	hz_rectification *rc;

	if (nt == 0 && !form->submitted)
		return HZ_OK; /* nothing to rectify and no form: null */
	rc = calloc(1, sizeof(*rc));
	if (!rc)
		return HZ_E_NOMEM;
	u->rectification = rc;
	rc->tasks = calloc(nt + 1, sizeof(*rc->tasks));
	rc->closed = calloc(nt + 1, sizeof(*rc->closed));
	if (!rc->tasks || !rc->closed)
		return HZ_E_NOMEM;
	for (size_t t = 0; t < r->ntasks; t++) {
		if (!mark[t])
			continue;
		rc->tasks[k] = t;
		rc->closed[k] = form->submitted && form->tasks && form->ntasks == r->ntasks &&
				form->tasks[t].status == HZ_ST_DONE;
		k++;
	}
	rc->ntasks = nt;
	if (form->submitted) {
		size_t g;
		rc->file = strdup(form->file ? form->file : "");
		if (!rc->file)
			return HZ_E_NOMEM;
		memcpy(rc->date, form->date, sizeof(rc->date));
		rc->late = r->settings.rectify_by[0] && strcmp(rc->date, r->settings.rectify_by) > 0;
		rc->has_form = true;
		rc->percent = form->percent;
		rc->grade = form->grade; /* points into settings.grades, which r and the scratch share */
		g = grade_index(&r->settings, rc->grade);
		/* as rank_and_grade's lagging: no such `below` grade, no grade is under it */
		rc->reached = rc->grade && (below == NONE || (g != NONE && g <= below));
		mark_rectified(r, u, rc);
	}
	return HZ_OK;
}

static void summarise(hz_results *r)
{
	hz_rectification_summary *s = &r->rectification_summary;
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_rectification *rc = r->units[i].rectification;
		if (!rc || !rc->ntasks)
			continue; /* nothing to rectify: counts in none of the six */
		s->units++;
		s->sent += rc->has_form;
		s->reached += rc->reached;
		s->tasks += rc->ntasks;
		for (size_t k = 0; k < rc->ntasks; k++)
			s->closed += rc->closed[k];
	}
	s->open = s->tasks - s->closed;
}

void hz_rectify_init(hz_rectify *rj)
{
	memset(rj, 0, sizeof(*rj));
	hz_results_init(&rj->scratch);
}

void hz_rectify_release(hz_rectify *rj)
{
	scratch_release(&rj->scratch);
	memset(rj, 0, sizeof(*rj));
}

hz_code hz_rectify_begin(hz_rectify *rj, const hz_results *r, const hz_rectify_file *files, size_t n)
{
	rj->files = files;
	rj->nfiles = n;
	return n ? scratch_init(&rj->scratch, r) : HZ_OK;
}

hz_code hz_rectify_forms(hz_rectify *rj, normalizer *norm, hz_error *err)
{
	const hz_rectify_file *files = rj->files;
	size_t n = rj->nfiles, nforms = 0;
	hz_form *forms = NULL;
	hz_code rc = HZ_OK;

	if (n == 0)
		return HZ_OK;
	forms = calloc(n, sizeof(*forms));
	if (!forms) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	/* narrative reports are rejected (hz_rectify_apply lists them) before
	 * the versions are ordered: they never supersede a form */
	for (size_t i = 0; i < n; i++)
		if (files[i].form && files[i].form->kind != HZ_FORM_NARRATIVE)
			forms[nforms++] = *files[i].form; /* a shallow copy: hz_judge only reads it */
	if ((rc = hz_judge(&rj->scratch, forms, nforms, norm, err)) != HZ_OK)
		goto done;
	rj->judged = true;
done:
	free(forms);
	if (rc != HZ_OK && err && err->code == HZ_OK)
		hz_error_set(err, rc, "judging the rectifications: %s", hz_strerror(rc));
	return rc;
}

hz_code hz_rectify_apply(hz_rectify *rj, hz_results *r, hz_error *err)
{
	hz_results *s = &rj->scratch;
	bool *mark = NULL;
	size_t below;
	hz_code rc = HZ_OK;

	if (rj->nfiles == 0)
		return HZ_OK;
	if (!rj->judged)
		return hz_error_set(err, HZ_E_INTERNAL, "rectifications applied before they were judged");
	r->has_rectification = true;
	mark = calloc(r->ntasks + 1, sizeof(*mark));
	if (!mark) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	/* rejected in path order: unreadable files and narrative reports */
	for (size_t i = 0; i < rj->nfiles && rc == HZ_OK; i++) {
		const hz_rectify_file *f = &rj->files[i];
		if (!f->form)
			rc = add_rejected(r, f->file, f->reason);
		else if (f->form->kind == HZ_FORM_NARRATIVE)
			rc = add_rejected(r, f->file, NARRATIVE_REASON);
	}
	if (rc != HZ_OK)
		goto done;
	/* superseded, unknown units and the winning forms' warnings, as the
	 * scratch judging listed them (paths start with rectifications/) */
	rc = notes_append(&r->superseded, &r->nsuperseded, s->superseded, s->nsuperseded);
	s->superseded = NULL;
	s->nsuperseded = 0;
	if (rc == HZ_OK)
		rc = notes_append(&r->unknown_units, &r->nunknown_units, s->unknown_units, s->nunknown_units);
	s->unknown_units = NULL;
	s->nunknown_units = 0;
	if (rc == HZ_OK)
		rc = notes_append(&r->warnings, &r->nwarnings, s->warnings, s->nwarnings);
	s->warnings = NULL;
	s->nwarnings = 0;
	if (rc != HZ_OK)
		goto done;
	below = grade_index(&r->settings, r->settings.lagging_below);
	for (size_t i = 0; i < r->nunits; i++)
		if ((rc = rectify_unit(r, &r->units[i], &s->units[i], mark, below)) != HZ_OK)
			goto done;
	summarise(r);
done:
	free(mark);
	if (rc != HZ_OK && err && err->code == HZ_OK)
		hz_error_set(err, rc, "judging the rectifications: %s", hz_strerror(rc));
	return rc;
}

hz_code hz_rectify_judge(hz_results *r, const hz_rectify_file *files, size_t n, normalizer *norm, hz_error *err)
{
	hz_rectify rj;
	hz_code rc;
	hz_rectify_init(&rj);
	rc = hz_rectify_begin(&rj, r, files, n);
	if (rc == HZ_OK)
		rc = hz_rectify_forms(&rj, norm, err);
	if (rc == HZ_OK)
		rc = hz_rectify_apply(&rj, r, err);
	hz_rectify_release(&rj);
	return rc;
}
