/*
 * The rounds of a campaign: each a folder whose files the one pool reads
 * and a judge turns into results (SPEC §2, §6, §7, §9).  A new round is its
 * reader (recognise/), its judge (judge/) and one row of hz_rounds; its
 * files are accounted for by hz_account_once unless the row says otherwise.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/internal.h"
#include "campaign/phase_memo.h"
#include "judge/judge.h"
#include "judge/phases.h"
#include "judge/rectify.h"
#include "judge/review.h"
#include "recognise/form.h"
#include "recognise/phase_doc.h"
#include "recognise/review_form.h"
#include "recognise/settings_phases.h"

#include "banned.h"

/* SPEC §10: the original's mtime stands in for dcterms:modified, which
 * LibreOffice may stamp on a conversion. */
#define STAMP_CONVERTED(doc, cv)                     \
	do {                                         \
		if (cv) {                            \
			(doc).has_modified = false;  \
			(doc).mtime = (cv)->mtime;   \
		}                                    \
	} while (0)

/* The slots of rf not read, as rejected notes, in path order. */
static hz_code add_rejected_of(hz_run *run, const hz_round_files *rf, hz_error *err)
{
	hz_code rc;
	for (size_t i = 0; i < rf->n; i++)
		if (rf->slots[i].rc != HZ_OK &&
		    (rc = hz_account_add_rejected(run->r, rf->files[i], rf->slots[i].reason, err)) != HZ_OK)
			return rc;
	return HZ_OK;
}

/* ---- submissions/ (SPEC §2, 5.11) ---- */

static hz_code read_form(const hz_run *run, hz_slot *s, const char *path, const char *rel, const hz_conv_file *cv,
			 hz_error *e)
{
	hz_code rc;
	memset(&s->form, 0, sizeof(s->form));
	rc = hz_form_read(&s->form, path, rel, run->norm, e);
	if (rc == HZ_OK)
		STAMP_CONVERTED(s->form, cv);
	return rc;
}

/* The forms are held until judging: packed, they take less than half the
 * memory (hz_pool_compact_form). */
static hz_code read_form_packed(const hz_run *run, hz_slot *s, const char *path, const char *rel,
			       const hz_conv_file *cv, hz_error *e)
{
	hz_code rc = read_form(run, s, path, rel, cv, e);
	if (rc == HZ_OK && hz_pool_compact_form(&s->form, &s->block, run->shared) != HZ_OK) {
		hz_form_release(&s->form);
		memset(&s->form, 0, sizeof(s->form));
		rc = HZ_E_NOMEM;
	}
	return rc;
}

static hz_code judge_submissions(hz_run *run, hz_round_files *rf, hz_error *err)
{
	hz_form *forms = calloc(rf->n ? rf->n : 1, sizeof(*forms));
	size_t nforms = 0;
	hz_code rc;
	if (!forms)
		return hz_error_set(err, HZ_E_NOMEM, "%zu submissions", rf->n);
	/* path order, whatever order the threads finished in */
	for (size_t i = 0; i < rf->n; i++)
		if (rf->slots[i].rc == HZ_OK)
			forms[nforms++] = rf->slots[i].form;
	run->sum->accepted += nforms;
	rc = add_rejected_of(run, rf, err);
	if (rc == HZ_OK)
		rc = hz_judge(run->r, forms, nforms, run->norm, err);
	free(forms); /* hz_judge takes nothing over */
	return rc;
}

/* ---- rectifications/ (SPEC §7) ----
 *
 * Its forms are judged on a second thread while hz_judge judges the
 * submissions (-j 1: one after the other); the round is applied once the
 * assessment is complete, candidates included: its tasks to rectify are the
 * assessment's problems, review deductions included (SPEC 7.2). */

typedef struct hz_rect_job {
	hz_rectify rj;
	hz_rectify_file *files;
	normalizer *norm;
	pthread_t thread;
	int threaded;
	hz_code rc;
	hz_error err;
} hz_rect_job;

static void *rect_forms_run(void *arg)
{
	hz_rect_job *j = arg;
	j->rc = hz_rectify_forms(&j->rj, j->norm, &j->err);
	return NULL;
}

static hz_code rect_start(hz_run *run, hz_round_files *rf, hz_error *err)
{
	hz_rect_job *j = calloc(1, sizeof(*j));
	if (!j)
		return hz_error_set(err, HZ_E_NOMEM, "%zu rectifications", rf->n);
	hz_rectify_init(&j->rj);
	run->rect = j;
	if (!(j->files = calloc(rf->n + 1, sizeof(*j->files))))
		return hz_error_set(err, HZ_E_NOMEM, "%zu rectifications", rf->n);
	for (size_t i = 0; i < rf->n; i++) {
		const hz_slot *s = &rf->slots[i];
		j->files[i] = (hz_rectify_file){rf->files[i], s->rc == HZ_OK ? &s->form : NULL, s->reason};
		run->sum->accepted += s->rc == HZ_OK && s->form.kind == HZ_FORM_TABLE;
	}
	j->norm = run->norm;
	hz_error_clear(&j->err);
	/* what the thread needs of r is copied here: it never reads r, which
	 * the assessment's judging fills meanwhile */
	if ((j->rc = hz_rectify_begin(&j->rj, run->r, j->files, rf->n)) != HZ_OK)
		return hz_error_set(err, j->rc, "%zu rectifications", rf->n);
	if (rf->n && run->o->jobs > 1 && pthread_create(&j->thread, NULL, rect_forms_run, j) == 0)
		j->threaded = 1;
	else
		rect_forms_run(j);
	return HZ_OK;
}

/* Waits for the forms (safe to call twice). */
static void rect_join(hz_rect_job *j)
{
	if (j && j->threaded) {
		pthread_join(j->thread, NULL);
		j->threaded = 0;
	}
}

static hz_code rect_judge(hz_run *run, hz_round_files *rf, hz_error *err)
{
	hz_rect_job *j = run->rect;
	hz_code rc;
	rect_join(j);
	if (j->rc != HZ_OK) {
		*err = j->err;
		return j->rc;
	}
	rc = hz_rectify_apply(&j->rj, run->r, err);
	hz_rectify_release(&j->rj); /* its judged copy is not needed for writing */
	return rc;
}

/* The thread reads the slots: joined before they go. */
static void rect_release(hz_run *run, hz_round_files *rf)
{
	hz_rect_job *j = run->rect;
	if (!j)
		return;
	rect_join(j);
	hz_rectify_release(&j->rj);
	free(j->files);
	free(j);
	run->rect = NULL;
}

/* ---- reviews/ (SPEC §6) ---- */

static hz_code reviews_prepare(hz_run *run, hz_round_files *rf, hz_error *err)
{
	hz_code rc;
	run->r->has_reviews = rf->n > 0;
	if (run->r->has_reviews && (rc = hz_review_keys_build(&run->review_keys, run->r, run->norm)) != HZ_OK)
		return hz_error_set(err, rc, "the checklist's keys");
	return HZ_OK;
}

static hz_code read_review(const hz_run *run, hz_slot *s, const char *path, const char *rel, const hz_conv_file *cv,
			   hz_error *e)
{
	hz_code rc = hz_review_file_read(&s->review, path, rel, &run->review_keys, run->norm, e);
	if (rc == HZ_OK)
		STAMP_CONVERTED(s->review, cv);
	return rc;
}

static hz_code judge_reviews(hz_run *run, hz_round_files *rf, hz_error *err)
{
	hz_review_file *reviews;
	size_t n = 0;
	hz_code rc;
	if ((rc = add_rejected_of(run, rf, err)) != HZ_OK || !run->r->has_reviews)
		return rc;
	if (!(reviews = calloc(rf->n, sizeof(*reviews))))
		return hz_error_set(err, HZ_E_NOMEM, "%zu review files", rf->n);
	for (size_t i = 0; i < rf->n; i++)
		if (rf->slots[i].rc == HZ_OK)
			reviews[n++] = rf->slots[i].review;
	rc = hz_judge_reviews(run->r, reviews, n, run->norm, err);
	free(reviews); /* shallow copies: the slots keep what they point to */
	return rc;
}

static void reviews_release(hz_run *run, hz_round_files *rf)
{
	hz_review_keys_release(&run->review_keys);
	memset(&run->review_keys, 0, sizeof(run->review_keys));
}

/* ---- phases/ (SPEC §9) ---- */

/* The phase of each file by its folder, or -1 (directly in phases/, in a
 * folder no key names, or no [phases]): SPEC 9.1. */
static hz_code phases_prepare(hz_run *run, hz_round_files *rf, hz_error *err)
{
	const size_t skip = strlen(rf->round->folder) + 1;
	if (!(run->phase_of = malloc((rf->n + 1) * sizeof(*run->phase_of))))
		return hz_error_set(err, HZ_E_NOMEM, "%zu phase files", rf->n);
	for (size_t i = 0; i < rf->n; i++) {
		const char *folder = rf->files[i] + skip;
		const char *slash = strchr(folder, '/');
		run->phase_of[i] = slash ? hz_phase_of_folder(&run->r->settings, folder, (size_t)(slash - folder)) : -1;
	}
	run->phase_first = rf->first;
	/* read on earlier nights: the run that writes keeps what it read */
	if (!run->o->judge_only && rf->n) {
		char dir[4096];
		if ((size_t)snprintf(dir, sizeof(dir), "%s/.huizong", run->o->output_dir) < sizeof(dir))
			return hz_phase_memo_open(&run->phase_memo, dir, rf->n, err);
	}
	return HZ_OK;
}

/* SPEC 9.1: in no phase folder: not read (nor converted), rejected as such */
static const char *phases_refuse(const hz_run *run, const hz_round_files *rf, size_t k)
{
	if (run->phase_of[k] >= 0)
		return NULL;
	return run->r->settings.nphases ? "不在已设置的阶段文件夹中 / not in a phase folder named in campaign.ini [phases]"
					: "campaign.ini 没有 [phases] 设置 / no [phases] in campaign.ini";
}

static hz_code read_phase(const hz_run *run, hz_slot *s, const char *path, const char *rel, const hz_conv_file *cv,
			  hz_error *e)
{
	hz_code rc = hz_phase_memo_read(run->phase_memo, (size_t)(s - run->slots) - run->phase_first, &s->phase, path,
					rel, run->norm, e);
	if (rc == HZ_OK)
		STAMP_CONVERTED(s->phase, cv);
	return rc;
}

/* After the reviews (its problems come last) and before the candidates and
 * the rectification round (a missing phase makes a unit lagging). */
static hz_code judge_phases(hz_run *run, hz_round_files *rf, hz_error *err)
{
	hz_phase_file *pf;
	hz_code rc;
	hz_phase_memo_store(run->phase_memo); /* every file is read */
	if (!rf->n && !run->r->settings.nphases)
		return HZ_OK;
	if (!(pf = calloc(rf->n + 1, sizeof(*pf))))
		return hz_error_set(err, HZ_E_NOMEM, "%zu phase files", rf->n);
	for (size_t i = 0; i < rf->n; i++) {
		const hz_slot *s = &rf->slots[i];
		pf[i] = (hz_phase_file){rf->files[i], run->phase_of[i], s->rc == HZ_OK ? &s->phase : NULL, s->reason};
	}
	rc = hz_judge_phases(run->r, pf, rf->n, run->norm, err);
	free(pf);
	return rc;
}

static void phases_release(hz_run *run, hz_round_files *rf)
{
	free(run->phase_of);
	run->phase_of = NULL;
	hz_phase_memo_free(run->phase_memo);
	run->phase_memo = NULL;
}

/* ---- the table ----
 *
 * In reading order: the pool reads the rounds' files one round after
 * another, each round's in path order.  Judging goes in the same order,
 * the rounds after_assessment last. */
const hz_round_row hz_rounds[] = {
	{.folder = "submissions", .read = read_form_packed, .judge = judge_submissions},
	{.folder = "rectifications",
	 .read = read_form_packed,
	 .start = rect_start,
	 .judge = rect_judge,
	 .after_assessment = true,
	 .release = rect_release},
	{.folder = "reviews",
	 .prepare = reviews_prepare,
	 .read = read_review,
	 .judge = judge_reviews,
	 .account = hz_account_reviews,
	 .release = reviews_release},
	{.folder = "phases",
	 .prepare = phases_prepare,
	 .refuse = phases_refuse,
	 .read = read_phase,
	 .judge = judge_phases,
	 .release = phases_release},
};
const size_t hz_nrounds = sizeof(hz_rounds) / sizeof(hz_rounds[0]);

_Static_assert(sizeof(hz_rounds) / sizeof(hz_rounds[0]) <= HZ_CAMPAIGN_MAX_ROUNDS,
	       "more rounds than the summary has room for: raise HZ_CAMPAIGN_MAX_ROUNDS");
