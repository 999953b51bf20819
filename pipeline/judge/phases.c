#include "judge/phases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge_match.h"

#include "banned.h"

/* SPEC 9.2: the label, else (.docx) the title, else the file name. */
static size_t unit_of(const hz_matcher *m, const hz_phase_file *f, const char **text, hz_code *rc)
{
	const hz_phase_doc *d = f->doc;
	const char *base;
	size_t u = HZ_NO_MATCH;

	*text = NULL;
	if (d->unit_text && d->unit_text[0]) {
		*text = d->unit_text;
		u = hz_match_unit(m, d->unit_text, rc);
	}
	if (u == HZ_NO_MATCH && d->kind == HZ_PHASE_DOC_DOCX && d->title_text && d->title_text[0]) {
		if (!*text)
			*text = d->title_text;
		u = hz_match_unit(m, d->title_text, rc);
	}
	if (u == HZ_NO_MATCH)
		u = hz_match_file(m, f->file, rc);
	if (!*text) {
		base = strrchr(f->file, '/');
		*text = base ? base + 1 : f->file;
	}
	return u;
}

static hz_code judge_files(hz_results *r, const hz_phase_file *files, size_t n, normalizer *norm,
			   hz_version_entry *vs, size_t *nv)
{
	hz_matcher *m = NULL;
	hz_code rc = hz_matcher_new(&m, r, norm);

	*nv = 0;
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		const hz_phase_file *f = &files[i];
		const char *text;
		size_t u;
		if (!f->doc || f->phase < 0) {
			rc = hz_judge_note_add(&r->rejected, &r->nrejected, NULL, f->file, NULL, 0, NULL,
					f->reason ? f->reason : "", NULL, NULL);
			continue;
		}
		u = unit_of(m, f, &text, &rc);
		if (rc != HZ_OK)
			break;
		if (u == HZ_NO_MATCH) {
			rc = hz_judge_note_add(&r->unknown_units, &r->nunknown_units, NULL, f->file, NULL, 0, NULL,
					text, NULL, NULL);
			continue;
		}
		/* hz_version.unit holds unit × nphases + phase, so 5.7's order
		 * groups the versions of one unit's document in one phase */
		vs[*nv].tie = 0;
		vs[*nv].index = i;
		vs[*nv].key.unit = u * r->settings.nphases + (size_t)f->phase;
		vs[*nv].key.path = f->file;
		hz_version_date(&vs[*nv].key, f->doc->kind != HZ_PHASE_DOC_PDF && f->doc->has_modified, f->doc->modified,
				f->doc->mtime, f->doc->has_date, f->doc->year, f->doc->month, f->doc->day,
				r->settings.tz_minutes);
		(*nv)++;
	}
	hz_matcher_free(m);
	return rc;
}

typedef struct phase_docs {
	hz_results *r;
	const hz_phase_file *files;
} phase_docs;

static hz_code superseded_doc(void *ctx, const hz_version_entry *old, const hz_version_entry *latest)
{
	const phase_docs *d = ctx;
	hz_results *r = d->r;
	return hz_judge_note_add(&r->superseded, &r->nsuperseded, NULL, old->key.path, NULL, 0, NULL, NULL,
			r->units[old->key.unit / r->settings.nphases].name, d->files[latest->index].file);
}

/* The winner, dated, and its warning. */
static hz_code take_doc(void *ctx, const hz_version_entry *latest)
{
	const phase_docs *d = ctx;
	hz_results *r = d->r;
	size_t np = r->settings.nphases;
	const hz_phase_file *w = &d->files[latest->index];
	hz_unit_phase *up = &r->units[latest->key.unit / np].phases[latest->key.unit % np];

	if (!(up->file = strdup(w->file)))
		return HZ_E_NOMEM;
	snprintf(up->date, sizeof(up->date), "%04d-%02d-%02d", latest->key.y, latest->key.m, latest->key.d);
	if (w->doc->bad_date)
		return hz_judge_note_add(&r->warnings, &r->nwarnings, NULL, w->file, NULL, 0, "bad_date",
				w->doc->bad_date, NULL, NULL);
	return HZ_OK;
}

/* Statuses, the summary, lagging and the problems (SPEC 9.3). */
static hz_code judge_statuses(hz_results *r)
{
	const hz_settings *s = &r->settings;
	char text[256];
	hz_code rc = HZ_OK;

	for (size_t i = 0; i < r->nunits && rc == HZ_OK; i++) {
		hz_unit *u = &r->units[i];
		for (size_t p = 0; p < s->nphases && rc == HZ_OK; p++) {
			hz_unit_phase *up = &u->phases[p];
			hz_phase_count *c = &r->phase_summary[p];
			const hz_phase_def *ph = &s->phases[p];
			if (up->file) {
				up->status = strcmp(up->date, ph->deadline) > 0 ? HZ_PHASE_LATE : HZ_PHASE_ON_TIME;
			} else {
				up->status = strcmp(s->as_of, ph->deadline) > 0 ? HZ_PHASE_MISSING : HZ_PHASE_PENDING;
			}
			switch (up->status) {
			case HZ_PHASE_ON_TIME:
				c->on_time++;
				break;
			case HZ_PHASE_LATE:
				c->late++;
				snprintf(text, sizeof(text), "逾期报送%s（%s报送，截止%s）", ph->name, up->date, ph->deadline);
				rc = hz_judge_problem_add(u, "phase_late", NULL, ph->name, text);
				break;
			case HZ_PHASE_MISSING:
				c->missing++;
				u->lagging = true;
				snprintf(text, sizeof(text), "未报送%s（截止%s）", ph->name, ph->deadline);
				rc = hz_judge_problem_add(u, "phase_missing", NULL, ph->name, text);
				break;
			case HZ_PHASE_PENDING:
				c->pending++;
				break;
			}
		}
	}
	r->n_lagging = 0;
	for (size_t i = 0; i < r->nunits; i++)
		r->n_lagging += r->units[i].lagging;
	return rc;
}

hz_code hz_judge_phases(hz_results *r, const hz_phase_file *files, size_t n, normalizer *norm, hz_error *err)
{
	size_t np = r->settings.nphases, nv = 0;
	hz_version_entry *vs = NULL;
	phase_docs docs = {r, files};
	const hz_version_taker taker = {superseded_doc, take_doc, &docs};
	hz_code rc = HZ_OK;

	r->n_phase_files = n;
	if (np == 0) {
		/* SPEC 9.1: without [phases] every file there is rejected */
		for (size_t i = 0; i < n && rc == HZ_OK; i++)
			rc = hz_judge_note_add(&r->rejected, &r->nrejected, NULL, files[i].file, NULL, 0, NULL,
					files[i].reason ? files[i].reason : "", NULL, NULL);
		goto done;
	}
	r->phase_summary = calloc(np, sizeof(*r->phase_summary));
	vs = malloc((n + 1) * sizeof(*vs));
	if (!r->phase_summary || !vs) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	for (size_t i = 0; i < r->nunits; i++) {
		if (!(r->units[i].phases = calloc(np, sizeof(*r->units[i].phases)))) {
			rc = HZ_E_NOMEM;
			goto done;
		}
		r->units[i].nphases = np;
	}
	if ((rc = judge_files(r, files, n, norm, vs, &nv)) != HZ_OK)
		goto done;
	/* the winners, the superseded, and the winners' warnings */
	if ((rc = hz_version_take(vs, nv, &taker)) != HZ_OK)
		goto done;
	rc = judge_statuses(r);
done:
	free(vs);
	if (rc != HZ_OK && err && err->code == HZ_OK)
		hz_error_set(err, rc, "judging the phase documents: %s", hz_strerror(rc));
	return rc;
}
