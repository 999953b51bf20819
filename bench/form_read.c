/*
 * Reads every submission of a campaign with hz_form_read, as `huizong run`
 * does, and reports the time taken; with --json, prints what was read (one
 * JSON object per line) so tests/tools/form_check.py can compare it with
 * the generator's manifest.json.
 *
 *   build/bench/form_read CAMPAIGN_DIR [--json | --config] [--threads N]
 *                         [--phases] [--repeat K]
 *
 * --phases reads the files under phases/ with hz_phase_doc_read instead (the
 * documents of SPEC §9; --json prints what was found in each), --repeat
 * reads them K times over (the time is the fastest pass), so that one
 * reader's cost can be measured apart from a whole run.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "recognise/form.h"
#include "recognise/phase_doc.h"

typedef struct job {
	char *path, *rel;
	hz_form form;
	hz_phase_doc phase;
	hz_code rc;
	hz_error err;
} job;

typedef struct pool {
	job *jobs;
	size_t njobs, cap, next;
	pthread_mutex_t lock;
	normalizer *n;
	int phases;
} pool;

static void add_files(pool *p, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[4096], r[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(r, sizeof(r), "%s/%s", rel, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			add_files(p, path, r);
		} else if (S_ISREG(st.st_mode)) {
			if (p->njobs == p->cap) {
				p->cap = p->cap ? p->cap * 2 : 256;
				p->jobs = realloc(p->jobs, p->cap * sizeof(*p->jobs));
				if (!p->jobs)
					exit(1);
			}
			memset(&p->jobs[p->njobs], 0, sizeof(job));
			p->jobs[p->njobs].path = strdup(path);
			p->jobs[p->njobs].rel = strdup(r);
			p->njobs++;
		}
	}
	closedir(d);
}

static void *worker(void *arg)
{
	pool *p = arg;

	for (;;) {
		job *j;
		pthread_mutex_lock(&p->lock);
		j = p->next < p->njobs ? &p->jobs[p->next++] : NULL;
		pthread_mutex_unlock(&p->lock);
		if (!j)
			return NULL;
		hz_error_clear(&j->err);
		if (p->phases) {
			hz_phase_doc_release(&j->phase);
			j->rc = hz_phase_doc_read(&j->phase, j->path, j->rel, p->n, &j->err);
		} else {
			hz_form_release(&j->form);
			j->rc = hz_form_read(&j->form, j->path, j->rel, p->n, &j->err);
		}
	}
}

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* A string or null, as both listings print their optional texts. */
static void json_str_or_null(const char *key, const char *s)
{
	printf(",\"%s\":", key);
	if (s)
		json_str(s);
	else
		printf("null");
}

/* The date a file gives (label or paragraph), the unreadable date text, and
 * docProps' modified time: what 5.7 orders versions by, in both listings. */
static void print_dates(bool has_date, int y, int m, int d, const char *bad_date, bool has_modified, long long modified)
{
	if (has_date)
		printf(",\"date\":\"%04d-%02d-%02d\"", y, m, d);
	else
		printf(",\"date\":null");
	json_str_or_null("bad_date", bad_date);
	if (has_modified)
		printf(",\"modified\":%lld", modified);
	else
		printf(",\"modified\":null");
}

/* The line's start: its path, and the whole line for a file not read
 * (true: nothing more to print). */
static bool print_head(const job *j, bool with_detail)
{
	char reason[1024];
	printf("{\"path\":");
	json_str(j->rel);
	if (j->rc == HZ_OK)
		return false;
	hz_error_reason(&j->err, reason, sizeof(reason));
	printf(",\"rc\":%d,\"reason\":", (int)j->rc);
	json_str(reason);
	if (with_detail) {
		printf(",\"detail\":");
		json_str(j->err.detail);
	}
	printf("}\n");
	return true;
}

static void print_phase(const job *j)
{
	const hz_phase_doc *d = &j->phase;

	if (print_head(j, false))
		return;
	printf(",\"rc\":0,\"kind\":%d", (int)d->kind);
	json_str_or_null("unit", d->unit_text);
	json_str_or_null("title", d->title_text);
	print_dates(d->has_date, d->year, d->month, d->day, d->bad_date, d->has_modified, (long long)d->modified);
	printf(",\"mtime\":%lld}\n", d->mtime);
}

static void print_job(const job *j)
{
	const hz_form *f = &j->form;

	if (print_head(j, true))
		return;
	printf(",\"rc\":0,\"kind\":\"%s\"", f->kind == HZ_FORM_TABLE ? "table" : "narrative");
	json_str_or_null("unit", f->unit_text);
	print_dates(f->has_date, f->year, f->month, f->day, f->bad_date, f->has_modified, (long long)f->modified);
	printf(",\"mtime\":%lld,\"rows\":[", f->mtime);
	for (size_t i = 0; i < f->nrows; i++) {
		const hz_form_row *r = &f->rows[i];
		printf("%s{\"row\":%u,\"ref\":", i ? "," : "", r->row);
		json_str(r->ref);
		printf(",\"title\":");
		json_str(r->title);
		printf(",\"title_key\":");
		json_str(r->title_key);
		printf(",\"status\":");
		json_str(r->status);
		printf(",\"self\":");
		json_str(r->self_score);
		printf(",\"count\":");
		json_str(r->count);
		printf(",\"problems\":");
		json_str(r->problems);
		printf("}");
	}
	printf("],\"paragraphs\":[");
	for (size_t i = 0; i < f->nparagraphs; i++) {
		printf("%s", i ? "," : "");
		json_str(f->paragraphs[i]);
	}
	printf("]}\n");
}

/* --config: the roster and checklist as read, one JSON object. */
static int print_config(const char *dir, normalizer *n)
{
	hz_results r;
	hz_error err;
	char line[2048];
	int rc = 0;

	hz_results_init(&r);
	hz_error_clear(&err);
	printf("{\"checklist\":");
	if (hz_checklist_read(&r, dir, n, &err) != HZ_OK) {
		hz_error_line(&err, line, sizeof(line));
		json_str(line);
		rc = 2;
	} else {
		printf("[");
		for (size_t i = 0; i < r.ntasks; i++) {
			const hz_task *t = &r.tasks[i];
			printf("%s{\"id\":", i ? "," : "");
			json_str(t->id);
			printf(",\"category\":");
			json_str(t->category);
			printf(",\"title\":");
			json_str(t->title);
			printf(",\"max\":%.10g,\"min_count\":%d,\"keywords\":[", t->max, t->min_count);
			for (size_t k = 0; k < t->nkeywords; k++) {
				printf("%s", k ? "," : "");
				json_str(t->keywords[k]);
			}
			printf("]}");
		}
		printf("]");
	}
	hz_error_clear(&err);
	printf(",\"units\":");
	if (hz_roster_read(&r, dir, n, &err) != HZ_OK) {
		hz_error_line(&err, line, sizeof(line));
		json_str(line);
		rc = 2;
	} else {
		printf("[");
		for (size_t i = 0; i < r.nunits; i++) {
			const hz_unit *u = &r.units[i];
			printf("%s{\"name\":", i ? "," : "");
			json_str(u->name);
			printf(",\"group\":");
			json_str(u->group);
			printf(",\"aliases\":[");
			for (size_t k = 0; k < u->naliases; k++) {
				printf("%s", k ? "," : "");
				json_str(u->aliases[k]);
			}
			printf("]}");
		}
		printf("]");
	}
	printf("}\n");
	hz_results_release(&r);
	return rc;
}

int main(int argc, char **argv)
{
	pool p;
	const char *dir = NULL;
	int json = 0, config = 0, nthreads = 2, repeat = 1;
	double best = -1;
	char sub[4096];
	hz_error err;
	pthread_t th[64];
	struct timespec t0, t1;
	size_t rejected = 0;

	memset(&p, 0, sizeof(p));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--config"))
			config = 1;
		else if (!strcmp(argv[i], "--phases"))
			p.phases = 1;
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			nthreads = (int)strtol(argv[++i], NULL, 10);
		else
			dir = argv[i];
	}
	if (!dir || nthreads < 1 || nthreads > 64 || repeat < 1) {
		fprintf(stderr, "usage: form_read CAMPAIGN_DIR [--json] [--threads N] [--phases] [--repeat K]\n");
		return 64;
	}
	if (normalizer_new(&p.n, &err) != HZ_OK) {
		fprintf(stderr, "normalizer: %s\n", err.detail);
		return 2;
	}
	if (config) {
		int rc = print_config(dir, p.n);
		normalizer_free(p.n);
		return rc;
	}
	pthread_mutex_init(&p.lock, NULL);
	snprintf(sub, sizeof(sub), "%s/%s", dir, p.phases ? "phases" : "submissions");
	add_files(&p, sub, p.phases ? "phases" : "submissions");
	for (int k = 0; k < repeat; k++) {
		double took;
		p.next = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < nthreads; i++)
			pthread_create(&th[i], NULL, worker, &p);
		for (int i = 0; i < nthreads; i++)
			pthread_join(th[i], NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (best < 0 || took < best)
			best = took;
	}
	for (size_t i = 0; i < p.njobs; i++) {
		if (json)
			(p.phases ? print_phase : print_job)(&p.jobs[i]);
		rejected += p.jobs[i].rc != HZ_OK;
		hz_form_release(&p.jobs[i].form);
		hz_phase_doc_release(&p.jobs[i].phase);
		free(p.jobs[i].path);
		free(p.jobs[i].rel);
	}
	fprintf(stderr, "form_read: %zu files (%zu rejected) in %.3f s with %d threads%s\n", p.njobs, rejected, best,
		nthreads, repeat > 1 ? " (fastest pass)" : "");
	free(p.jobs);
	normalizer_free(p.n);
	return 0;
}
