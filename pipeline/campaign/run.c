/*
 * One campaign run as its steps (hz_campaign_run): lock → load → list →
 * convert → read → judge → account → write → history.  What a step does
 * for each round or each output is in the rounds' table (rounds.c) and
 * the outputs' table (outputs.c).
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "campaign/campaign.h"
#include "campaign/commit.h"
#include "campaign/internal.h"
#include "campaign/names.h"
#include "judge/candidates.h"
#include "judge/unreadable.h"
#include "read/convert.h"
#include "recognise/form.h"
#include "recognise/settings.h"
#include "state/lock.h"
#include "state/state.h"
#include "write/outfile.h"

#include "banned.h"

/* campaign.ini's own warnings (unknown keys) come first: they concern the
 * whole run, not one file. */
static hz_code prepend_warnings(hz_results *r, hz_file_note *w, size_t nw, hz_error *err)
{
	hz_file_note *p;
	if (!nw)
		return HZ_OK;
	p = malloc((nw + r->nwarnings) * sizeof(*p));
	if (!p)
		return hz_error_set(err, HZ_E_NOMEM, "warnings");
	memcpy(p, w, nw * sizeof(*p));
	if (r->nwarnings)
		memcpy(p + nw, r->warnings, r->nwarnings * sizeof(*p));
	free(r->warnings);
	r->warnings = p;
	r->nwarnings += nw;
	return HZ_OK;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* SPEC §10: results.json's `converted`, in path byte order. */
static int cmp_note_file(const void *a, const void *b)
{
	return strcmp(((const hz_file_note *)a)->file, ((const hz_file_note *)b)->file);
}

static hz_code converted_list(hz_results *r, char **files, const hz_convert *c, hz_error *err)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		n += c->files[i].state == HZ_CONV_DONE;
	if (!n)
		return HZ_OK;
	if (!(r->converted = calloc(n, sizeof(*r->converted))))
		return hz_error_set(err, HZ_E_NOMEM, "converted files");
	for (size_t i = 0; i < c->n; i++) {
		hz_file_note *e;
		if (c->files[i].state != HZ_CONV_DONE)
			continue;
		e = &r->converted[r->nconverted++];
		e->file = strdup(files[i]);
		e->kind = strdup(c->files[i].as);
		if (!e->file || !e->kind)
			return hz_error_set(err, HZ_E_NOMEM, "converted files");
	}
	qsort(r->converted, r->nconverted, sizeof(*r->converted), cmp_note_file);
	return HZ_OK;
}

/* SPEC 8.3/8.4: the state of out_dir, and from it the history the
 * documents show, this run in it.  The state never fails the run: what
 * goes wrong with it is a warning (hz_state_warning). */
static hz_code history_begin(const char *out_dir, hz_results *r, hz_state **state)
{
	char dir[4096];
	hz_history_row now;
	*state = NULL;
	if ((size_t)snprintf(dir, sizeof(dir), "%s/.huizong", out_dir) < sizeof(dir))
		*state = hz_state_open(dir);
	hz_state_row_of(r, &now);
	return hz_state_history(*state, &now, &r->history);
}

static void history_end(hz_state *state, const hz_results *r, const char *started, hz_campaign_summary *sum)
{
	char ended[32];
	if (state) {
		hz_state_now(ended, sizeof(ended));
		hz_state_commit(state, r, started, ended);
		snprintf(sum->state_warning, sizeof(sum->state_warning), "%s", hz_state_warning(state));
	}
	hz_state_close(state);
}

/* SPEC 4: the busy message gives the holder's start time in the
 * campaign's time zone (its campaign.ini, read for that alone; +08:00 when
 * it cannot be read). */
static void busy_in_local_time(const char *dir, hz_error *err)
{
	char *ini = hz_campaign_join(dir, "campaign.ini");
	hz_settings s;
	hz_file_note *w = NULL;
	size_t nw = 0;
	hz_error scratch;
	int tz = 480;
	memset(&s, 0, sizeof(s));
	hz_error_clear(&scratch);
	if (ini && hz_settings_load(&s, ini, &w, &nw, &scratch) == HZ_OK)
		tz = s.tz_minutes;
	hz_settings_release(&s);
	hz_file_notes_free(w, nw);
	free(ini);
	hz_run_lock_local_time(err->detail, sizeof(err->detail), tz);
}

static hz_code load(const char *dir, hz_results *r, normalizer *norm, hz_file_note **ini_warn, size_t *n_ini_warn,
		    hz_error *err)
{
	char *ini = hz_campaign_join(dir, "campaign.ini");
	hz_code rc;
	if (!ini)
		return hz_error_set(err, HZ_E_NOMEM, "campaign.ini");
	rc = hz_settings_load(&r->settings, ini, ini_warn, n_ini_warn, err);
	free(ini);
	if (rc != HZ_OK) {
		if (!err->file[0])
			hz_error_file(err, "campaign.ini");
		return rc;
	}
	hz_error_clear(err);
	if ((rc = hz_checklist_read(r, dir, norm, err)) != HZ_OK) {
		if (!err->file[0])
			hz_error_file(err, "checklist.xlsx");
		return rc;
	}
	hz_error_clear(err);
	if ((rc = hz_roster_read(r, dir, norm, err)) != HZ_OK) {
		if (!err->file[0])
			hz_error_file(err, "units.xlsx");
		return rc;
	}
	return HZ_OK;
}

/* ---- the steps ---- */

/* The campaign folder, and one run at a time on the output folder, from
 * before reading until the history is committed (SPEC 8.1); judging alone
 * writes nothing there, so it neither locks nor sweeps. */
static hz_code step_lock(hz_run *run, hz_error *err)
{
	const hz_campaign_opts *o = run->o;
	struct stat st;
	hz_code rc;

	if (stat(o->campaign_dir, &st) != 0) {
		hz_error_file(err, o->campaign_dir);
		return hz_error_set(err, HZ_E_IO, "no campaign folder: %s", strerror(errno));
	}
	if (!S_ISDIR(st.st_mode)) {
		hz_error_file(err, o->campaign_dir);
		return hz_error_set(err, HZ_E_IO, "not a folder");
	}
	hz_state_now(run->started, sizeof(run->started));
	if (o->judge_only)
		return HZ_OK;
	/* before anything is made there (SPEC §4) */
	if ((rc = hz_output_check_place(o->campaign_dir, o->output_dir, err)) != HZ_OK)
		return rc;
	if ((rc = hz_outputs_make_dirs(o->output_dir, err)) != HZ_OK)
		return rc;
	if ((rc = hz_run_lock_take(&run->lock, o->output_dir, o->wait_seconds, err)) != HZ_OK) {
		if (rc == HZ_E_BUSY)
			busy_in_local_time(o->campaign_dir, err);
		return rc;
	}
	/* what runs killed before this one left behind (SPEC 8.2): no other
	 * run can be writing here now */
	if (hz_tmp_sweep(o->output_dir, &run->sum->swept, err) != HZ_OK) {
		/* SPEC 8.2: a warning; one bad night must not fail every night after it */
		char why[1400];
		hz_error_reason(err, why, sizeof(why));
		hz_output_warn_add(run->sum->write_warning, sizeof(run->sum->write_warning), "warning: %s: %s", err->file, why);
		hz_error_clear(err);
	}
	{
		/* the letters' list's temporaries (commit.c) */
		char dot[4096];
		if ((size_t)snprintf(dot, sizeof(dot), "%s/.huizong", o->output_dir) < sizeof(dot))
			if (hz_tmp_sweep(dot, NULL, err) != HZ_OK) {
				/* best effort: what stays is swept by the next run */
			}
		hz_error_clear(err);
	}
	return HZ_OK;
}

static hz_code step_load(hz_run *run, hz_error *err)
{
	hz_code rc;
	if ((rc = normalizer_new(&run->norm, err)) != HZ_OK)
		return rc;
	if ((rc = load(run->o->campaign_dir, run->r, run->norm, &run->ini_warn, &run->n_ini_warn, err)) != HZ_OK)
		return rc;
	hz_error_clear(err);
	return HZ_OK;
}

/* Every round's folder (SPEC 5.11), one after another into the pool's
 * list, then what each round needs before its files are read. */
static hz_code step_list(hz_run *run, hz_error *err)
{
	hz_code rc;
	for (size_t k = 0; k < hz_nrounds; k++) {
		hz_round_files *rf = &run->rounds[k];
		rf->round = &hz_rounds[k];
		rf->tally = &run->sum->rounds[k];
		rf->tally->folder = hz_rounds[k].folder;
		run->nrounds = run->sum->nrounds = k + 1;
		if ((rc = hz_campaign_list_folder(run->o->campaign_dir, rf->round->folder, &rf->files, &rf->n, err)) !=
		    HZ_OK)
			return rc;
		rf->first = run->nall;
		run->nall += rf->n;
	}
	run->all = malloc((run->nall ? run->nall : 1) * sizeof(*run->all));
	run->slots = calloc(run->nall ? run->nall : 1, sizeof(*run->slots));
	if (!run->all || !run->slots)
		return hz_error_set(err, HZ_E_NOMEM, "%zu files", run->nall);
	for (size_t k = 0; k < run->nrounds; k++) {
		hz_round_files *rf = &run->rounds[k];
		if (rf->n)
			memcpy(run->all + rf->first, rf->files, rf->n * sizeof(*run->all));
		rf->slots = run->slots + rf->first;
	}
	for (size_t k = 0; k < run->nrounds; k++)
		if (hz_rounds[k].prepare && (rc = hz_rounds[k].prepare(run, &run->rounds[k], err)) != HZ_OK)
			return rc;
	return HZ_OK;
}

/* SPEC §10: the step between listing and reading, legacy files converted
 * (or taken from the cache).  Judging alone keeps no cache: it converts
 * into a folder of its own, gone after. */
static hz_code step_convert(hz_run *run, hz_error *err)
{
	const hz_settings *s = &run->r->settings;
	hz_campaign_summary *sum = run->sum;
	const char **disk;
	hz_code rc;

	if (run->o->judge_only) {
		const char *tmp = getenv("TMPDIR");
		snprintf(run->work_dir, sizeof(run->work_dir), "%s/huizong-convert-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(run->work_dir))
			run->work_dir[0] = '\0';
	} else {
		snprintf(run->work_dir, sizeof(run->work_dir), "%s/.huizong", run->o->output_dir);
	}
	if (!(disk = malloc((run->nall ? run->nall : 1) * sizeof(*disk))))
		return hz_error_set(err, HZ_E_NOMEM, "%zu files", run->nall);
	for (size_t k = 0; k < run->nrounds; k++) {
		const hz_round_files *rf = &run->rounds[k];
		for (size_t i = 0; i < rf->n; i++) {
			/* a file its round refuses unread: nothing to convert */
			bool refused = rf->round->refuse && rf->round->refuse(run, rf, i);
			disk[rf->first + i] = refused ? "" : hz_name_disk(rf->files[i]);
		}
	}
	{
		hz_convert_opts co = {s->convert_off, s->soffice, s->convert_timeout,
				      run->work_dir[0] ? run->work_dir : NULL};
		rc = hz_convert_run(&run->conv, run->o->campaign_dir, disk, run->nall, &co, err);
	}
	free(disk);
	if (rc != HZ_OK || (rc = converted_list(run->r, run->all, &run->conv, err)) != HZ_OK)
		return rc;
	sum->legacy = run->conv.legacy;
	sum->converted = run->conv.converted;
	sum->convert_cached = run->conv.cached;
	sum->convert_failed = run->conv.failed;
	sum->convert_timed_out = run->conv.timed_out;
	sum->soffice_found = run->conv.soffice_found;
	sum->seconds_convert = run->conv.seconds;
	return HZ_OK;
}

static hz_code step_read(hz_run *run, hz_error *err)
{
	struct timespec t0;
	hz_code rc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = hz_pool_read(run, err);
	run->sum->seconds_read = seconds_since(&t0);
	return rc;
}

/* The rounds in table order, the assessment first; the candidates once it
 * is complete (SPEC 6.4), then the rounds that follow it (7.2); last the
 * rejected files matched to their units. */
static hz_code step_judge(hz_run *run, hz_error *err)
{
	struct timespec t0;
	hz_code rc = HZ_OK;

	hz_error_clear(err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	hz_outputs_previous_start(run); /* beside the judge, on the idle core */
	for (size_t k = 0; k < run->nrounds && rc == HZ_OK; k++)
		if (hz_rounds[k].start)
			rc = hz_rounds[k].start(run, &run->rounds[k], err);
	for (int after = 0; after < 2 && rc == HZ_OK; after++) {
		if (after && run->r->settings.has_candidates && (rc = hz_judge_candidates(run->r, err)) != HZ_OK)
			break;
		for (size_t k = 0; k < run->nrounds && rc == HZ_OK; k++)
			if (hz_rounds[k].after_assessment == (after == 1))
				rc = hz_rounds[k].judge(run, &run->rounds[k], err);
	}
	if (rc == HZ_OK)
		rc = hz_judge_unreadable(run->r, run->norm, err);
	run->sum->seconds_judge = seconds_since(&t0);
	return rc;
}

/* Nothing lost, each round by its rule (accounting.c); then what was read
 * is given back before writing. */
static hz_code step_account(hz_run *run, hz_error *err)
{
	hz_code rc;
	if ((rc = prepend_warnings(run->r, run->ini_warn, run->n_ini_warn, err)) != HZ_OK)
		return rc;
	free(run->ini_warn); /* the strings now belong to r */
	run->ini_warn = NULL;
	run->n_ini_warn = 0;
	for (size_t k = 0; k < run->nrounds; k++) {
		hz_round_files *rf = &run->rounds[k];
		rc = rf->round->account ? rf->round->account(run, rf, err) : hz_account_once(run, rf, err);
		if (rc != HZ_OK)
			return rc;
	}
	/* The forms are not needed for writing: give their memory back first. */
	hz_pool_release_reads(run->slots, run->nall);
	hz_shared_strings_clear(run->shared);
	malloc_trim(0);
	hz_error_clear(err);
	return HZ_OK;
}

static hz_code step_write(hz_run *run, hz_error *err)
{
	struct timespec t0;
	hz_code rc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = history_begin(run->o->output_dir, run->r, &run->state)) != HZ_OK)
		return hz_error_set(err, rc, "reading the history");
	run->sum->seconds_state = seconds_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = hz_outputs_write(run, err)) != HZ_OK)
		return rc;
	run->sum->seconds_write = seconds_since(&t0);
	/* SPEC §10: conversions no file of this run used, under the lock */
	return hz_convert_sweep(&run->conv, err);
}

/* The outputs are in place: now the run is history (SPEC 8.3). */
static hz_code step_history(hz_run *run, hz_error *err)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	history_end(run->state, run->r, run->started, run->sum);
	run->state = NULL;
	run->sum->seconds_state += seconds_since(&t0);
	return HZ_OK;
}

static void run_release(hz_run *run)
{
	hz_outputs_previous_end(run); /* a run that stopped before writing */
	for (size_t k = run->nrounds; k-- > 0;)
		if (hz_rounds[k].release)
			hz_rounds[k].release(run, &run->rounds[k]); /* a round's thread reads the slots */
	hz_pool_release_reads(run->slots, run->nall);
	for (size_t i = 0; run->slots && i < run->nall; i++)
		free(run->slots[i].reason);
	free(run->slots);
	free(run->all);
	for (size_t k = 0; k < run->nrounds; k++)
		hz_campaign_files_free(run->rounds[k].files, run->rounds[k].n);
	hz_file_notes_free(run->ini_warn, run->n_ini_warn);
	normalizer_free(run->norm);
	if (run->state) {
		/* a failed run leaves no row; its warnings still count */
		snprintf(run->sum->state_warning, sizeof(run->sum->state_warning), "%s", hz_state_warning(run->state));
		hz_state_close(run->state);
	}
	if (run->o->judge_only && run->work_dir[0])
		hz_convert_discard(&run->conv, run->work_dir);
	hz_convert_release(&run->conv);
	/* under the lock: the next run's sweep would meet it half removed */
	hz_output_removal_end(&run->old_letters, run->sum->write_warning, sizeof(run->sum->write_warning));
	hz_run_lock_release(&run->lock);
}

hz_code hz_campaign_run(const hz_campaign_opts *o, hz_results *r, hz_campaign_summary *sum, hz_error *err)
{
	hz_run run;
	hz_shared_strings shared;
	hz_code rc;

	memset(sum, 0, sizeof(*sum));
	memset(&run, 0, sizeof(run));
	run.o = o;
	run.r = r;
	run.sum = sum;
	hz_run_lock_init(&run.lock);
	hz_tree_removal_init(&run.old_letters);
	hz_convert_init(&run.conv);
	hz_shared_strings_init(&shared);
	run.shared = &shared;
	if ((rc = step_lock(&run, err)) == HZ_OK && (rc = step_load(&run, err)) == HZ_OK &&
	    (rc = step_list(&run, err)) == HZ_OK && (rc = step_convert(&run, err)) == HZ_OK &&
	    (rc = step_read(&run, err)) == HZ_OK && (rc = step_judge(&run, err)) == HZ_OK &&
	    (rc = step_account(&run, err)) == HZ_OK && !o->judge_only && (rc = step_write(&run, err)) == HZ_OK)
		rc = step_history(&run, err);
	if (rc == HZ_OK)
		hz_account_summary(r, sum);
	run_release(&run);
	hz_shared_strings_release(&shared); /* after the forms that point into it */
	return rc;
}
