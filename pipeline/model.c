#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

void hz_settings_release(hz_settings *s)
{
	if (!s)
		return;
	free(s->title);
	free(s->issuer);
	for (size_t i = 0; i < s->ngrades; i++)
		free(s->grades[i].name);
	free(s->grades);
	free(s->lagging_below);
	free(s->honour);
	free(s->candidates_min_grade);
	free(s->publicity);
	free(s->contact);
	free(s->plan);
	for (size_t i = 0; i < s->nphases; i++)
		free(s->phases[i].name);
	free(s->phases);
	free(s->soffice);
	memset(s, 0, sizeof(*s));
}

bool hz_before_deadline(const hz_settings *s)
{
	/* YYYY-MM-DD compares as text */
	return s->deadline[0] && s->as_of[0] && strcmp(s->as_of, s->deadline) <= 0;
}

void hz_results_init(hz_results *r)
{
	memset(r, 0, sizeof(*r));
}

void hz_file_notes_free(hz_file_note *notes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(notes[i].file);
		free(notes[i].sheet);
		free(notes[i].kind);
		free(notes[i].text);
		free(notes[i].unit);
		free(notes[i].by);
	}
	free(notes);
}

void hz_review_free(hz_review *rv)
{
	if (!rv)
		return;
	free(rv->file);
	free(rv->sheet);
	free(rv->group);
	free(rv->comment);
	if (rv->tasks)
		for (size_t i = 0; i < rv->ntasks; i++)
			free(rv->tasks[i].comment);
	free(rv->tasks);
	free(rv);
}

void hz_rectification_free(hz_rectification *rc)
{
	if (!rc)
		return;
	free(rc->file);
	free(rc->tasks);
	free(rc->closed);
	free(rc);
}

void hz_unit_release(hz_unit *u)
{
	free(u->name);
	free(u->group);
	for (size_t i = 0; i < u->naliases; i++)
		free(u->aliases[i]);
	free(u->aliases);
	free(u->file);
	free(u->unreadable_file);
	free(u->unreadable_reason);
	for (size_t i = 0; i < u->ncategories; i++)
		free(u->categories[i].name);
	free(u->categories);
	free(u->tasks);
	for (size_t i = 0; i < u->nproblems; i++) {
		free(u->problems[i].kind);
		free(u->problems[i].task);
		free(u->problems[i].text);
		free(u->problems[i].phase);
	}
	free(u->problems);
	hz_review_free(u->review);
	hz_rectification_free(u->rectification);
	if (u->phases)
		for (size_t i = 0; i < u->nphases; i++)
			free(u->phases[i].file);
	free(u->phases);
	memset(u, 0, sizeof(*u));
}

void hz_task_release(hz_task *t)
{
	free(t->id);
	free(t->category);
	free(t->title);
	free(t->requirement);
	for (size_t i = 0; i < t->nkeywords; i++)
		free(t->keywords[i]);
	free(t->keywords);
	memset(t, 0, sizeof(*t));
}

void hz_results_release(hz_results *r)
{
	hz_settings_release(&r->settings);
	for (size_t i = 0; i < r->ntasks; i++)
		hz_task_release(&r->tasks[i]);
	free(r->tasks);
	for (size_t i = 0; i < r->ncategories; i++)
		free(r->categories[i]);
	free(r->categories);
	for (size_t i = 0; i < r->nunits; i++)
		hz_unit_release(&r->units[i]);
	free(r->units);
	hz_file_notes_free(r->rejected, r->nrejected);
	hz_file_notes_free(r->superseded, r->nsuperseded);
	hz_file_notes_free(r->unknown_units, r->nunknown_units);
	hz_file_notes_free(r->warnings, r->nwarnings);
	hz_file_notes_free(r->converted, r->nconverted);
	free(r->candidates);
	free(r->history.rows);
	free(r->phase_summary);
	hz_results_init(r);
}
