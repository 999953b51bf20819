/*
 * The outputs of a run (SPEC §4): a table of documents, each written from
 * the judged results into a stage inside OUTPUT_DIR, on one of two lanes
 * (threads), then put in place together (commit.h).  A new document is
 * its writer in write/ (an hz_doc_writer, write/docs.h) and one row of
 * hz_outputs.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "campaign/commit.h"
#include "campaign/internal.h"
#include "hz_limits.h"
#include "state/previous.h"
#include "write/docs.h"
#include "write/results_json.h"

#include "banned.h"

#ifndef HZ_TEMPLATES_DIR
#define HZ_TEMPLATES_DIR "templates"
#endif

/* ---- templates ---- */

static int has_report_template(const char *dir)
{
	char *p = hz_campaign_join(dir, "report.docx");
	struct stat st;
	int ok = p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

void hz_campaign_templates_dir(const char *campaign_dir, char *out, size_t n)
{
	char exe[4096];
	ssize_t len;
	char *p = hz_campaign_join(campaign_dir, "templates");

	if (p && has_report_template(p)) {
		snprintf(out, n, "%s", p);
		free(p);
		return;
	}
	free(p);
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;
		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			/* installed (PREFIX/bin/huizong: PREFIX/share/huizong/templates,
			 * SPEC 8.5), else in the source tree (build/huizong) */
			static const char *const beside[] = {"../share/huizong/templates", "../templates"};
			*slash = '\0';
			for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
				p = hz_campaign_join(exe, beside[i]);
				if (p && has_report_template(p)) {
					snprintf(out, n, "%s", p);
					free(p);
					return;
				}
				free(p);
			}
		}
	}
	snprintf(out, n, "%s", HZ_TEMPLATES_DIR);
}

hz_code hz_outputs_make_dirs(const char *path, hz_error *err)
{
	char buf[4096];
	struct stat st;
	size_t len = strlen(path);
	if (len == 0 || len >= sizeof(buf)) {
		hz_error_file(err, path);
		return hz_error_set(err, HZ_E_WRITE, "bad output folder name");
	}
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
			hz_error_file(err, buf);
			return hz_error_set(err, HZ_E_WRITE, "cannot create the folder: %s", strerror(errno));
		}
		if (i < len)
			buf[i] = '/';
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		hz_error_file(err, path);
		return hz_error_set(err, HZ_E_WRITE, "not a folder");
	}
	if (access(path, W_OK) != 0) {
		hz_error_file(err, path);
		return hz_error_set(err, HZ_E_WRITE, "cannot write into the folder: %s", strerror(errno));
	}
	return HZ_OK;
}

static hz_code set_path(char *dst, size_t n, const char *dir, const char *name, hz_error *err)
{
	if ((size_t)snprintf(dst, n, "%s/%s", dir, name) >= n) {
		hz_error_file(err, dir);
		return hz_error_set(err, HZ_E_WRITE, "output path too long");
	}
	return HZ_OK;
}

/* The notice's template: beside the report's when the campaign's own
 * templates/ has one, else the shipped one (a campaign whose templates
 * predate the notice still gets it). */
static void notice_templates_dir(const char *report_dir, char *out, size_t n)
{
	char *p = hz_campaign_join(report_dir, "notice.docx");
	if (p && access(p, R_OK) == 0) {
		snprintf(out, n, "%s", report_dir);
	} else {
		/* a campaign folder with no templates/ gives the shipped folder */
		hz_campaign_templates_dir("/nonexistent/huizong", out, n);
	}
	free(p);
}

/* ---- the writers ----
 *
 * The documents written before the table's writer shape existed, fitted to
 * it; a new document's writer is an hz_doc_writer itself. */

static hz_code write_report(const hz_results *r, const hz_doc_env *env, const char *path, hz_error *err)
{
	return hz_report_write_with(r, env->templates_dir, path, env->prepared, err);
}

static hz_code write_rankings(const hz_results *r, const hz_doc_env *env, const char *path, hz_error *err)
{
	return hz_rankings_write(r, path, err);
}

/* The letters, shared by the lanes (hz_shared_writer below). */
static hz_code letters_begin(void **state, const hz_results *r, const hz_doc_env *env, const char *path,
			     hz_error *err)
{
	return hz_letters_begin((hz_letters **)state, r, env->templates_dir, path, err);
}

static hz_code letters_work(void *state, hz_error *err)
{
	return hz_letters_write(state, err);
}

static hz_code letters_end(void *state, hz_error *err)
{
	return hz_letters_end(state, err);
}

static hz_code write_results(const hz_results *r, const hz_doc_env *env, const char *path, hz_error *err)
{
	return hz_results_json_write(r, path, err);
}

static hz_code write_notice(const hz_results *r, const hz_doc_env *env, const char *path, hz_error *err)
{
	char dir[1024];
	notice_templates_dir(env->templates_dir, dir, sizeof(dir));
	return hz_notice_write(r, dir, path, err);
}

/* SPEC 6.4: the notice only with [candidates] */
static bool with_candidates(const hz_results *r)
{
	return r->settings.has_candidates;
}

/* A writer whose work both lanes share, a file at a time (the letters: a
 * folder of hundreds): begun on the calling thread before the lanes start,
 * worked on by its own lane where its row comes and by the other lane once
 * that lane's own jobs are done, ended on the calling thread after both.
 * work's failures are end's to tell; the bytes do not depend on which lane
 * wrote what. */
typedef struct hz_shared_writer {
	hz_code (*begin)(void **state, const hz_results *r, const hz_doc_env *env, const char *path, hz_error *err);
	hz_code (*work)(void *state, hz_error *err);
	hz_code (*end)(void *state, hz_error *err); /* frees state; called whenever begin succeeded */
} hz_shared_writer;

static const hz_shared_writer letters_shared = {letters_begin, letters_work, letters_end};

/* One row per output: its name in OUTPUT_DIR; its writer (or a writer the
 * lanes share); what is built
 * before the lanes start, on the calling thread (the report's charts are
 * workbooks, and libxlsxwriter takes one workbook at a time: xw_book_open;
 * built first, the report never waits for 排名.xlsx); its lane; a folder
 * (replaced as a whole); put in place last (the next run compares with it);
 * written only when wanted says so (NULL: always).
 *
 * Two lanes: the workbook (one libxlsxwriter workbook, a single thread's
 * work) on one; the report, results.json and the short notice on the
 * other; the letters (deflate and creating files, about as much as the
 * workbook at 2,000 units) on the second, and on the first once the
 * workbook is done.  The order of the rows is the order the summary lists
 * them. */
typedef struct hz_output_row {
	const char *name;
	hz_doc_writer write;
	const hz_shared_writer *shared; /* instead of write */
	hz_doc_prepare prepare;
	int lane;
	bool folder;
	bool last;
	bool (*wanted)(const hz_results *r);
} hz_output_row;

static const hz_output_row hz_outputs[] = {
	{HZ_OUT_RESULTS, write_results, NULL, NULL, 1, false, true, NULL},
	{HZ_OUT_REPORT, write_report, NULL, hz_report_chart_data, 1, false, false, NULL},
	{HZ_OUT_RANKINGS, write_rankings, NULL, NULL, 0, false, false, NULL},
	{HZ_OUT_LETTERS, NULL, &letters_shared, NULL, 1, true, false, NULL},
	{HZ_OUT_NOTICE, write_notice, NULL, NULL, 1, false, false, with_candidates},
};
enum { NOUTPUTS = sizeof(hz_outputs) / sizeof(hz_outputs[0]) };
_Static_assert(NOUTPUTS <= HZ_CAMPAIGN_MAX_OUTPUTS, "more outputs than the summary has room for");

bool hz_output_name_is_ours(const char *name)
{
	if (!strcmp(name, ".huizong"))
		return true;
	for (size_t i = 0; i < NOUTPUTS; i++)
		if (!strcmp(name, hz_outputs[i].name))
			return true;
	return false;
}

const char *hz_campaign_output_path(const hz_campaign_summary *s, const char *name)
{
	for (size_t i = 0; i < s->noutputs; i++)
		if (!strcmp(s->outputs[i].name, name))
			return s->outputs[i].path;
	return "";
}

/* ---- the lanes ---- */

/* One output being written.  The writers only read r and each has its own
 * files, so they may run at once; the bytes do not depend on it. */
typedef struct doc_job {
	const hz_output_row *row;
	const hz_results *r;
	char *path;          /* the summary's slot: the stage's path, "" when not written */
	size_t path_size;
	hz_doc_env env;
	dynbuf prepared;
	void *shared;        /* a shared writer's state, between begin and end */
	hz_code rc;
	hz_error err;
} doc_job;

/* Jobs run one after another on one thread; then the shared writers' work
 * it helps with. */
typedef struct doc_lane {
	doc_job *jobs[NOUTPUTS];
	size_t n;
	doc_job *help[NOUTPUTS];
	size_t nhelp;
} doc_lane;

static void *doc_lane_run(void *arg)
{
	doc_lane *lane = arg;
	for (size_t i = 0; i < lane->n; i++) {
		doc_job *j = lane->jobs[i];
		if (j->row->shared) {
			hz_error scratch; /* end tells the failure */
			if (j->shared)
				(void)j->row->shared->work(j->shared, &scratch);
			continue;
		}
		hz_error_clear(&j->err);
		j->rc = j->row->write(j->r, &j->env, j->path, &j->err);
		if (j->rc != HZ_OK)
			j->path[0] = '\0';
	}
	for (size_t i = 0; i < lane->nhelp; i++) {
		hz_error scratch;
		if (lane->help[i]->shared)
			(void)lane->help[i]->row->shared->work(lane->help[i]->shared, &scratch);
	}
	return NULL;
}

/* A shared writer's end, on the calling thread after the lanes. */
static void shared_end(doc_job *j)
{
	if (!j->shared)
		return;
	hz_error_clear(&j->err);
	j->rc = j->row->shared->end(j->shared, &j->err);
	j->shared = NULL;
	if (j->rc != HZ_OK)
		j->path[0] = '\0';
}

/* Writes the wanted outputs into stage: two lanes with jobs > 1 and every
 * prepare done, else one. */
static hz_code write_stage(const hz_results *r, const char *stage, int jobs, hz_campaign_summary *sum,
			   hz_error *err)
{
	doc_job docs[NOUTPUTS];
	doc_lane lanes[2], all;
	bool prepared = true;
	pthread_t second;
	int threaded = 0;
	hz_code rc = HZ_OK;

	memset(docs, 0, sizeof(docs));
	memset(lanes, 0, sizeof(lanes));
	memset(&all, 0, sizeof(all));
	for (size_t i = 0; i < NOUTPUTS; i++) {
		doc_job *j = &docs[i];
		j->row = &hz_outputs[i];
		j->r = r;
		j->path = sum->outputs[i].path;
		j->path_size = sizeof(sum->outputs[i].path);
		j->env.templates_dir = sum->templates_dir;
		dynbuf_init(&j->prepared, HZ_MAX_PART_BYTES);
		if (!j->path[0])
			continue; /* not wanted */
		all.jobs[all.n++] = j;
		lanes[j->row->lane].jobs[lanes[j->row->lane].n++] = j;
		if (j->row->shared) {
			hz_error_clear(&j->err);
			j->rc = j->row->shared->begin(&j->shared, r, &j->env, j->path, &j->err);
			if (j->rc != HZ_OK)
				j->path[0] = '\0';
		}
		if (j->row->prepare) {
			/* a failure here is the writer's to tell, when it runs alone */
			hz_error scratch;
			hz_error_clear(&scratch);
			if (j->row->prepare(r, j->path, &j->prepared, &scratch) == HZ_OK)
				j->env.prepared = &j->prepared;
			else
				prepared = false;
		}
	}
	/* each lane helps with the other's shared writers once its own jobs
	 * are done */
	for (size_t i = 0; i < all.n; i++)
		if (all.jobs[i]->row->shared) {
			doc_lane *other = &lanes[1 - all.jobs[i]->row->lane];
			other->help[other->nhelp++] = all.jobs[i];
		}
	if (jobs > 1 && prepared)
		threaded = pthread_create(&second, NULL, doc_lane_run, &lanes[1]) == 0;
	doc_lane_run(threaded ? &lanes[0] : &all);
	if (threaded)
		pthread_join(second, NULL);
	for (size_t i = 0; i < NOUTPUTS; i++) {
		shared_end(&docs[i]);
		dynbuf_release(&docs[i].prepared);
		if (rc == HZ_OK && docs[i].rc != HZ_OK) {
			*err = docs[i].err;
			rc = docs[i].rc;
		}
	}
	return rc;
}

/* ---- the previous run's results.json ---- */

typedef struct hz_previous_job {
	pthread_t thread;
	char path[4096];
	hz_previous p; /* the thread's until joined */
} hz_previous_job;

static void *previous_read_thread(void *arg)
{
	hz_previous_job *j = arg;
	hz_previous_read(&j->p, j->path);
	return NULL;
}

void hz_outputs_previous_start(hz_run *run)
{
	hz_previous_job *j;
	struct stat st;
	if (run->previous || run->o->judge_only || !(j = calloc(1, sizeof(*j))))
		return;
	if ((size_t)snprintf(j->path, sizeof(j->path), "%s/%s", run->o->output_dir, HZ_OUT_RESULTS) >= sizeof(j->path) ||
	    stat(j->path, &st) != 0 || (unsigned long long)st.st_size > HZ_MAX_PREVIOUS_BESIDE_BYTES ||
	    pthread_create(&j->thread, NULL, previous_read_thread, j) != 0) {
		free(j);
		return;
	}
	run->previous = j;
}

/* What the thread read, into *p: true, or false when no thread ran. */
static bool previous_take(hz_run *run, hz_previous *p)
{
	hz_previous_job *j = run->previous;
	if (!j)
		return false;
	pthread_join(j->thread, NULL);
	*p = j->p;
	free(j);
	run->previous = NULL;
	return true;
}

void hz_outputs_previous_end(hz_run *run)
{
	hz_previous unused;
	(void)previous_take(run, &unused);
}

hz_code hz_outputs_write(hz_run *run, hz_error *err)
{
	hz_results *r = run->r;
	hz_campaign_summary *sum = run->sum;
	const char *out_dir = run->o->output_dir;
	hz_output_item items[NOUTPUTS];
	char stage[4096], previous[4096];
	const char **units;
	hz_code rc;

	if ((rc = hz_outputs_make_dirs(out_dir, err)) != HZ_OK)
		return rc;
	hz_campaign_templates_dir(run->o->campaign_dir, sum->templates_dir, sizeof(sum->templates_dir));
	/* The previous results.json is an input too (SPEC §4): read before it
	 * is replaced. */
	if (!previous_take(run, &r->previous)) {
		if ((rc = set_path(previous, sizeof(previous), out_dir, HZ_OUT_RESULTS, err)) != HZ_OK)
			return rc;
		hz_previous_read(&r->previous, previous);
	}
	/* SPEC §4: only a run with an earlier as_of is the previous run (a
	 * rerun on the same day compares with nothing, not with itself) */
	if (r->previous.present && !(r->previous.as_of[0] && strcmp(r->previous.as_of, r->settings.as_of) < 0))
		memset(&r->previous, 0, sizeof(r->previous));
	/* every output into the stage first; in place only when all are
	 * written (commit.h) */
	if ((rc = hz_output_stage_begin(out_dir, stage, sizeof(stage), err)) != HZ_OK)
		return rc;
	sum->noutputs = NOUTPUTS;
	for (size_t i = 0; i < NOUTPUTS; i++) {
		hz_campaign_output *o = &sum->outputs[i];
		o->name = hz_outputs[i].name;
		o->folder = hz_outputs[i].folder;
		o->path[0] = '\0';
		if ((!hz_outputs[i].wanted || hz_outputs[i].wanted(r)) &&
		    (rc = set_path(o->path, sizeof(o->path), stage, o->name, err)) != HZ_OK)
			goto fail;
	}
	if ((rc = write_stage(r, stage, run->o->jobs, sum, err)) != HZ_OK)
		goto fail;
	units = calloc(r->nunits + 1, sizeof(*units));
	if (!units) {
		rc = hz_error_set(err, HZ_E_NOMEM, "the units' names");
		goto fail;
	}
	for (size_t i = 0; i < r->nunits; i++)
		units[i] = r->units[i].name;
	for (size_t i = 0; i < NOUTPUTS; i++)
		items[i] = (hz_output_item){hz_outputs[i].name, hz_outputs[i].folder, hz_outputs[i].last,
					    sum->outputs[i].path[0] != '\0'};
	rc = hz_output_commit(out_dir, stage, units, r->nunits, items, NOUTPUTS, &run->old_letters, sum->write_warning,
			      sizeof(sum->write_warning), err);
	free(units);
	if (rc != HZ_OK)
		goto clear;
	for (size_t i = 0; i < NOUTPUTS; i++)
		if (sum->outputs[i].path[0])
			(void)set_path(sum->outputs[i].path, sizeof(sum->outputs[i].path), out_dir, sum->outputs[i].name,
				       err);
	return HZ_OK;
fail:
	hz_output_stage_abort(stage, sum->write_warning, sizeof(sum->write_warning));
clear:
	for (size_t i = 0; i < NOUTPUTS; i++)
		sum->outputs[i].path[0] = '\0';
	return rc;
}
