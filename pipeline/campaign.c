#include "campaign.h"
#include "campaign_names.h"
#include "campaign_out.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "write/docs.h"
#include "dynbuf.h"
#include "recognise/form.h"
#include "hz_limits.h"
#include "hz_open.h"
#include "judge/judge.h"
#include "judge/candidates.h"
#include "judge/review.h"
#include "recognise/review_form.h"
#include "judge/rectify.h"
#include "judge/unreadable.h"
#include "judge/phases.h"
#include "recognise/phase_doc.h"
#include "recognise/settings_phases.h"
#include "read/convert.h"
#include "text/norm.h"
#include "write/outfile.h"
#include "state/previous.h"
#include "write/results_json.h"
#include "recognise/settings.h"
#include "state/lock.h"
#include "state/state.h"

#include "banned.h"

#ifndef HZ_TEMPLATES_DIR
#define HZ_TEMPLATES_DIR "templates"
#endif

/* A path: longer than any real one, far below what would be absurd. */
#define PATH_CAP (64u * 1024)

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s;
	while (la > 1 && a[la - 1] == '/')
		la--;
	s = malloc(la + 1 + lb + 1);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- listing submissions/ (SPEC 5.11) ---- */

typedef struct file_list {
	char **paths;
	size_t n, alloc;
	const char *folder;   /* submissions, rectifications: for messages */
	bool top_is_output;   /* the folder itself holds .huizong/: an old run wrote there */
} file_list;

static hz_code list_add(file_list *l, const char *rel, size_t len, hz_error *err)
{
	char *s;
	if (l->n >= HZ_MAX_SUBMISSION_FILES)
		return hz_error_set(err, HZ_E_LIMIT, "more than %u files under %s/",
				    (unsigned)HZ_MAX_SUBMISSION_FILES, l->folder);
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 64;
		char **p = realloc(l->paths, na * sizeof(*p));
		if (!p)
			return hz_error_set(err, HZ_E_NOMEM, "listing submissions");
		l->paths = p;
		l->alloc = na;
	}
	/* the name every output shows, and the bytes on disk (issue 20.2) */
	s = hz_name_listed(rel, len, false);
	if (!s)
		return hz_error_set(err, HZ_E_NOMEM, "listing submissions");
	l->paths[l->n++] = s;
	return HZ_OK;
}

/* A folder holding .huizong/ is an output folder of some run. */
static bool is_output_folder(int fd)
{
	struct stat st;
	return fstatat(fd, ".huizong", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Walks the folder open as fd, whose path relative to the campaign folder is
 * rel->buf.  A folder that cannot be opened is listed itself (with a
 * trailing '/') so that it is rejected rather than silently dropped.
 */
static hz_code walk(int fd, dynbuf *rel, int depth, file_list *l, hz_error *err)
{
	DIR *d;
	struct dirent *e;
	hz_code rc = HZ_OK;
	size_t base = rel->len;

	if (depth > HZ_MAX_DIR_DEPTH) {
		/* rejected by name, as a folder that cannot be opened (read_one
		 * tells why): the run goes on */
		close(fd);
		return list_add(l, rel->buf, rel->len, err);
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return list_add(l, rel->buf, rel->len, err);
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (e->d_name[0] == '.')
			continue; /* ".", "..", dot-files and dot-folders: not looked at */
		if (depth == 0 && l->top_is_output && hz_output_name_is_ours(e->d_name))
			continue; /* an earlier run's outputs, written here before SPEC §4 refused it */
		rel->len = base;
		rel->buf[base] = '\0';
		if ((rc = dynbuf_addstr(rel, e->d_name)) != HZ_OK)
			goto cleanup;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			/* Vanished or unreadable entry: reject it by name. */
			if ((rc = list_add(l, rel->buf, rel->len, err)) != HZ_OK)
				goto cleanup;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0 && is_output_folder(sub)) {
				close(sub); /* huizong's own outputs are never forms (SPEC §4) */
				continue;
			}
			if ((rc = dynbuf_addc(rel, '/')) != HZ_OK)
				goto cleanup;
			if (sub < 0) {
				if ((rc = list_add(l, rel->buf, rel->len, err)) != HZ_OK)
					goto cleanup;
				continue;
			}
			if ((rc = walk(sub, rel, depth + 1, l, err)) != HZ_OK)
				goto cleanup;
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			/* A link to a file is read like the file; a link to a
			 * folder is not followed (loops, or out of the tree): it
			 * is listed "name/" and rejected, as is a link to nothing
			 * (read_one). */
			if (fstatat(dirfd(d), e->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode) &&
			    (rc = dynbuf_addc(rel, '/')) != HZ_OK)
				goto cleanup;
		}
		/* FIFOs, sockets, devices: listed, and rejected with the reason
		 * (nothing sent is lost from results.json) */
		if ((rc = list_add(l, rel->buf, rel->len, err)) != HZ_OK)
			goto cleanup;
	}
cleanup:
	rel->len = base;
	if (rel->buf)
		rel->buf[base] = '\0';
	closedir(d);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

hz_code hz_campaign_list_files(const char *dir, char ***out, size_t *n, hz_error *err)
{
	return hz_campaign_list_folder(dir, "submissions", out, n, err);
}

hz_code hz_campaign_list_folder(const char *dir, const char *folder, char ***out, size_t *n, hz_error *err)
{
	file_list l = {0};
	dynbuf rel;
	char *path = NULL;
	int fd;
	hz_code rc = HZ_OK;

	*out = NULL;
	*n = 0;
	l.folder = folder;
	dynbuf_init(&rel, PATH_CAP);
	path = join(dir, folder);
	if (!path) {
		rc = hz_error_set(err, HZ_E_NOMEM, "listing %s", folder);
		goto cleanup;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			goto cleanup; /* no such folder (yet): no files */
		hz_error_file(err, path);
		rc = hz_error_set(err, HZ_E_IO, "cannot open the %s folder: %s", folder, strerror(errno));
		goto cleanup;
	}
	l.top_is_output = is_output_folder(fd);
	if ((rc = dynbuf_addstr(&rel, folder)) != HZ_OK || (rc = dynbuf_addc(&rel, '/')) != HZ_OK) {
		close(fd);
		goto cleanup;
	}
	if ((rc = walk(fd, &rel, 0, &l, err)) != HZ_OK)
		goto cleanup;
	if (l.n)
		qsort(l.paths, l.n, sizeof(*l.paths), cmp_path);
	if (hz_names_distinct(l.paths, l.n) != 0)
		rc = hz_error_set(err, HZ_E_NOMEM, "listing %s", folder);
cleanup:
	if (rc != HZ_OK) {
		hz_campaign_files_free(l.paths, l.n);
		l.paths = NULL;
		l.n = 0;
	}
	*out = l.paths;
	*n = l.n;
	free(path);
	dynbuf_release(&rel);
	return rc;
}

void hz_campaign_files_free(char **files, size_t n)
{
	if (!files)
		return;
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

/* ---- templates ---- */

static int has_report_template(const char *dir)
{
	char *p = join(dir, "report.docx");
	int ok = p && is_file(p);
	free(p);
	return ok;
}

void hz_campaign_templates_dir(const char *campaign_dir, char *out, size_t n)
{
	char exe[4096];
	ssize_t len;
	char *p = join(campaign_dir, "templates");

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
				p = join(exe, beside[i]);
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

/* ---- reading in parallel ---- */

typedef struct slot {
	hz_code rc;
	hz_review_file review; /* a file under reviews/: valid when rc == HZ_OK */
	hz_phase_doc phase; /* a file under phases/ (SPEC §9): valid when rc == HZ_OK */
	hz_form form;     /* valid when rc == HZ_OK; its memory is block */
	void *block;      /* the form's rows and strings in one allocation */
	char *reason;     /* rejected reason when rc != HZ_OK */
} slot;

/*
 * A form as hz_form_read returns it is a few hundred small allocations
 * (about 6 KiB with malloc's overhead); 20,000 of them are held until
 * judging.  Packed into one block each they take less than half that.  The
 * packing must know every pointer of hz_form and hz_form_row: these checks
 * stop the build when form.h gains a field, so it is not silently lost.
 */
#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(hz_form_row) == 72, "hz_form_row changed: update compact_form");
_Static_assert(sizeof(hz_form) == 104, "hz_form changed: update compact_form");
#endif

static size_t str_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static char *str_put(char **at, const char *s)
{
	char *d = *at;
	size_t n;
	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*at += n;
	return d;
}

static hz_code compact_form(hz_form *f, void **block_out)
{
	size_t rows = f->nrows * sizeof(hz_form_row), paras = f->nparagraphs * sizeof(char *), chars = 0;
	hz_form g = *f;
	char *block, *at;

	chars += str_size(f->file) + str_size(f->unit_text) + str_size(f->bad_date);
	for (size_t i = 0; i < f->nrows; i++) {
		const hz_form_row *w = &f->rows[i];
		chars += str_size(w->ref) + str_size(w->title) + str_size(w->title_key) + str_size(w->status) +
			 str_size(w->status_raw) + str_size(w->self_score) + str_size(w->count) + str_size(w->problems);
	}
	for (size_t i = 0; i < f->nparagraphs; i++)
		chars += str_size(f->paragraphs[i]);
	block = malloc(rows + paras + chars + 1);
	if (!block)
		return HZ_E_NOMEM;
	/* rows, then the paragraph pointers (both pointer-aligned: rows is a
	 * multiple of 8), then the characters. */
	g.rows = f->nrows ? (hz_form_row *)(void *)block : NULL;
	g.paragraphs = f->nparagraphs ? (char **)(void *)(block + rows) : NULL;
	at = block + rows + paras;
	g.file = str_put(&at, f->file);
	g.unit_text = str_put(&at, f->unit_text);
	g.bad_date = str_put(&at, f->bad_date);
	for (size_t i = 0; i < f->nrows; i++) {
		const hz_form_row *w = &f->rows[i];
		hz_form_row *d = &g.rows[i];
		d->row = w->row;
		d->ref = str_put(&at, w->ref);
		d->title = str_put(&at, w->title);
		d->title_key = str_put(&at, w->title_key);
		d->status = str_put(&at, w->status);
		d->status_raw = str_put(&at, w->status_raw);
		d->self_score = str_put(&at, w->self_score);
		d->count = str_put(&at, w->count);
		d->problems = str_put(&at, w->problems);
	}
	for (size_t i = 0; i < f->nparagraphs; i++)
		g.paragraphs[i] = str_put(&at, f->paragraphs[i]);
	hz_form_release(f);
	*f = g;
	*block_out = block;
	return HZ_OK;
}

typedef struct reader {
	const char *dir;
	char **files;
	size_t nfiles;
	size_t nsubmissions;    /* files[nsubmissions..] are under reviews/ */
	size_t nphases_from;    /* files[nphases_from..] are under phases/ (SPEC §9) */
	const int *phase_of;    /* their phase, or -1 (rejected unread with phase_reason) */
	const char *phase_reason;
	const hz_review_keys *review_keys;
	const hz_conv_file *conv; /* SPEC §10: per file, what conversion made of it */
	slot *slots;
	normalizer *norm;
	atomic_size_t next;
	atomic_int out_of_memory;
	pthread_mutex_t lock;   /* guards done and the progress callback */
	size_t done;
	hz_progress_fn progress;
	void *progress_ctx;
} reader;

/* Why a folder listed "name/" (walk) is not read. */
static hz_code folder_reason(const char *dir, const char *rel, hz_error *e)
{
	char *path = join(dir, hz_name_disk(rel));
	struct stat st;
	size_t depth = 0, len;
	hz_code rc;
	for (const char *p = rel; *p; p++)
		depth += *p == '/';
	if (path && (len = strlen(path)) > 1)
		path[len - 1] = '\0'; /* the link itself, not where it leads */
	if (path && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		rc = hz_error_set(e, HZ_E_IO, "a link to a folder: not followed");
	else if (depth > HZ_MAX_DIR_DEPTH + 1)
		rc = hz_error_set(e, HZ_E_LIMIT, "a folder nested more than %d deep: not read", HZ_MAX_DIR_DEPTH);
	else
		rc = hz_error_set(e, HZ_E_IO, "cannot open the folder");
	free(path);
	return rc;
}

/* True (with *rc and e set) when rel is not a regular file, or a link to
 * none: a FIFO would block the reader, a link to nothing has no bytes. */
static bool not_a_file(const char *dir, const char *rel, hz_error *e, hz_code *rc)
{
	char *path = join(dir, hz_name_disk(rel));
	struct stat st, ls;
	const char *kind;
	bool bad = false;
	if (!path)
		return false;
	if (stat(path, &st) != 0) {
		if (lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode)) {
			hz_error_file(e, rel);
			*rc = hz_error_set(e, HZ_E_IO, "a link to nothing (%s): not read", strerror(errno));
			bad = true;
		}
	} else if ((kind = hz_file_kind(st.st_mode)) != NULL) {
		hz_error_file(e, rel);
		*rc = hz_error_set(e, HZ_E_IO, "%s, not a regular file: not read", kind);
		bad = true;
	}
	free(path);
	return bad;
}

static void read_one(reader *rd, size_t i)
{
	slot *s = &rd->slots[i];
	const char *rel = rd->files[i];
	size_t len = strlen(rel);
	hz_error e;
	char reason[2048];

	const hz_conv_file *cv = rd->conv ? &rd->conv[i] : NULL;

	hz_error_clear(&e);
	if (i >= rd->nphases_from && rd->phase_of[i - rd->nphases_from] < 0) {
		/* SPEC 9.1: in no phase folder: not read, rejected as such */
		s->rc = HZ_E_FORMAT;
		s->reason = strdup(rd->phase_reason);
		if (!s->reason)
			atomic_store(&rd->out_of_memory, 1);
		return;
	}
	if (cv && cv->state == HZ_CONV_REJECTED) {
		s->rc = cv->code;
		if (!(s->reason = strdup(cv->reason)))
			atomic_store(&rd->out_of_memory, 1);
		return;
	}
	if (len && rel[len - 1] == '/') {
		/* A folder we could not open (see walk). */
		hz_error_file(&e, rel);
		s->rc = folder_reason(rd->dir, rel, &e);
	} else if (not_a_file(rd->dir, rel, &e, &s->rc)) {
		/* a FIFO, socket, device or a link to nothing: rc and e set */
	} else {
		/* rel: the name shown; a converted legacy file is read from
		 * its conversion, under that name */
		char *path = cv && cv->state == HZ_CONV_DONE ? strdup(cv->path) : join(rd->dir, hz_name_disk(rel));
		if (!path) {
			s->rc = hz_error_set(&e, HZ_E_NOMEM, "%s", rel);
		} else {
			memset(&s->form, 0, sizeof(s->form));
			if (i >= rd->nphases_from)
				s->rc = hz_phase_doc_read(&s->phase, path, rel, rd->norm, &e);
			else if (i >= rd->nsubmissions)
				s->rc = hz_review_file_read(&s->review, path, rel, rd->review_keys, rd->norm, &e);
			else
				s->rc = hz_form_read(&s->form, path, rel, rd->norm, &e);
			free(path);
			if (s->rc == HZ_OK && cv && cv->state == HZ_CONV_DONE) {
				/* SPEC §10: the original's mtime stands in for
				 * dcterms:modified, which LibreOffice may stamp */
				if (i >= rd->nphases_from) {
					s->phase.has_modified = false;
					s->phase.mtime = cv->mtime;
				} else if (i >= rd->nsubmissions) {
					s->review.has_modified = false;
					s->review.mtime = cv->mtime;
				} else {
					s->form.has_modified = false;
					s->form.mtime = cv->mtime;
				}
			}
			if (i < rd->nsubmissions && s->rc == HZ_OK && compact_form(&s->form, &s->block) != HZ_OK) {
				hz_form_release(&s->form);
				memset(&s->form, 0, sizeof(s->form));
				s->rc = HZ_E_NOMEM;
			}
		}
	}
	if (s->rc == HZ_E_NOMEM) {
		atomic_store(&rd->out_of_memory, 1);
	} else if (s->rc != HZ_OK) {
		if (!e.code)
			e.code = s->rc;
		hz_error_reason(&e, reason, sizeof(reason));
		s->reason = strdup(reason);
		if (!s->reason)
			atomic_store(&rd->out_of_memory, 1);
	}
}

static void *read_worker(void *arg)
{
	reader *rd = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&rd->next, 1);
		if (i >= rd->nfiles || atomic_load(&rd->out_of_memory))
			break;
		read_one(rd, i);
		pthread_mutex_lock(&rd->lock);
		rd->done++;
		if (rd->progress)
			rd->progress(rd->progress_ctx, rd->done, rd->nfiles);
		pthread_mutex_unlock(&rd->lock);
	}
	return NULL;
}

static hz_code read_all(reader *rd, int jobs, hz_error *err)
{
	pthread_t threads[256];
	size_t started = 0, want;

	if (jobs < 1)
		jobs = 1;
	if (jobs > (int)(sizeof(threads) / sizeof(threads[0])))
		jobs = (int)(sizeof(threads) / sizeof(threads[0]));
	want = (size_t)jobs < rd->nfiles ? (size_t)jobs : rd->nfiles;
	/* The calling thread reads too, so -j 1 starts no thread at all. */
	for (size_t t = 1; t < want; t++) {
		if (pthread_create(&threads[started], NULL, read_worker, rd) != 0)
			break; /* fewer threads: slower, same result */
		started++;
	}
	read_worker(rd);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	if (atomic_load(&rd->out_of_memory))
		return hz_error_set(err, HZ_E_NOMEM, "reading the submissions");
	return HZ_OK;
}

/* ---- notes ---- */

static hz_code add_rejected(hz_results *r, const char *file, const char *reason, hz_error *err)
{
	hz_file_note *p = realloc(r->rejected, (r->nrejected + 1) * sizeof(*p));
	if (!p)
		return hz_error_set(err, HZ_E_NOMEM, "rejected list");
	r->rejected = p;
	memset(&p[r->nrejected], 0, sizeof(*p));
	p[r->nrejected].file = strdup(file);
	p[r->nrejected].text = strdup(reason);
	r->nrejected++;
	if (!p[r->nrejected - 1].file || !p[r->nrejected - 1].text)
		return hz_error_set(err, HZ_E_NOMEM, "rejected list");
	return HZ_OK;
}

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

/*
 * Nothing lost (SPEC §2): every looked-at file is exactly one of a unit's
 * winning file, superseded, unknown or rejected.  files is sorted.
 */
static int is_review_note(const hz_file_note *e)
{
	return e->file && !strncmp(e->file, "reviews/", strlen("reviews/"));
}

/* SPEC §9: phases/ is accounted for on its own (check_phases_accounted) */
static int is_phase_note(const hz_file_note *e)
{
	return e->file && !strncmp(e->file, "phases/", strlen("phases/"));
}

/* A note of submissions/ or rectifications/ (the forms). */
static int is_form_note(const hz_file_note *e)
{
	return !is_review_note(e) && !is_phase_note(e);
}

/* Notes of one list that concern submissions (not reviews/, not phases/). */
static size_t count_submission_notes(const hz_file_note *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += is_form_note(&v[i]);
	return k;
}

static size_t count_notes_of(const hz_file_note *v, size_t n, int (*of)(const hz_file_note *))
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += of(&v[i]) != 0;
	return k;
}

static hz_code check_nothing_lost(const hz_results *r, char **files, size_t nfiles, size_t *winning, hz_error *err)
{
	const char **seen;
	size_t n = 0, total;
	hz_code rc = HZ_OK;

	*winning = 0;
	for (size_t i = 0; i < r->nunits; i++) {
		if (r->units[i].submitted && r->units[i].file)
			(*winning)++;
		if (r->units[i].rectification && r->units[i].rectification->file) /* SPEC 7.1 */
			(*winning)++;
	}
	total = *winning + count_submission_notes(r->superseded, r->nsuperseded) +
		count_submission_notes(r->unknown_units, r->nunknown_units) +
		count_submission_notes(r->rejected, r->nrejected);
	if (total != nfiles) {
		return hz_error_set(err, HZ_E_INTERNAL,
				    "%zu files looked at, but %zu accounted for (%zu winning, %zu superseded, %zu "
				    "unknown, %zu rejected)",
				    nfiles, total, *winning, r->nsuperseded, r->nunknown_units, r->nrejected);
	}
	if (!nfiles)
		return HZ_OK;
	seen = malloc(nfiles * sizeof(*seen));
	if (!seen)
		return hz_error_set(err, HZ_E_NOMEM, "checking the files");
	for (size_t i = 0; i < r->nunits; i++) {
		if (r->units[i].submitted && r->units[i].file)
			seen[n++] = r->units[i].file;
		if (r->units[i].rectification && r->units[i].rectification->file)
			seen[n++] = r->units[i].rectification->file;
	}
	for (size_t i = 0; i < r->nsuperseded; i++)
		if (is_form_note(&r->superseded[i]))
			seen[n++] = r->superseded[i].file;
	for (size_t i = 0; i < r->nunknown_units; i++)
		if (is_form_note(&r->unknown_units[i]))
			seen[n++] = r->unknown_units[i].file;
	for (size_t i = 0; i < r->nrejected; i++)
		if (is_form_note(&r->rejected[i]))
			seen[n++] = r->rejected[i].file;
	for (size_t i = 0; i < n; i++)
		if (!seen[i]) {
			free(seen);
			return hz_error_set(err, HZ_E_INTERNAL, "a listed file without a name");
		}
	qsort(seen, n, sizeof(*seen), cmp_path);
	for (size_t i = 0; i < n; i++)
		if (strcmp(seen[i], files[i]) != 0) {
			rc = hz_error_set(err, HZ_E_INTERNAL, "file '%s' looked at but not accounted for exactly once",
					  files[i]);
			break;
		}
	free(seen);
	return rc;
}

/*
 * Nothing lost, for reviews/ (SPEC 6.1): every review of a file that was
 * read is exactly one of a unit's winning review, superseded or unknown;
 * every looked-at review file is read or rejected, and each shows in
 * results.json (a winning review, superseded, unknown_units or rejected).
 * files are the review files, sorted; slots theirs.  Fills the summary's
 * review counts.
 */
static hz_code check_reviews_accounted(const hz_results *r, char **files, const slot *slots, size_t nfiles,
				       hz_campaign_summary *sum, hz_error *err)
{
	size_t entries = 0, rejected_read = 0, n = 0, cap;
	const char **seen;
	hz_code rc = HZ_OK;

	for (size_t i = 0; i < nfiles; i++) {
		if (slots[i].rc == HZ_OK)
			entries += slots[i].review.nentries;
		else
			rejected_read++;
	}
	sum->reviews_looked_at = nfiles;
	sum->reviewed = r->n_reviewed;
	sum->reviews_superseded = count_notes_of(r->superseded, r->nsuperseded, is_review_note);
	sum->reviews_unknown = count_notes_of(r->unknown_units, r->nunknown_units, is_review_note);
	sum->reviews_rejected = count_notes_of(r->rejected, r->nrejected, is_review_note);
	if (r->n_reviewed + sum->reviews_superseded + sum->reviews_unknown != entries || sum->reviews_rejected != rejected_read)
		return hz_error_set(err, HZ_E_INTERNAL,
				    "%zu reviews read, but %zu accounted for (%zu winning, %zu superseded, %zu unknown); "
				    "%zu review files rejected, %zu listed",
				    entries, r->n_reviewed + sum->reviews_superseded + sum->reviews_unknown, r->n_reviewed,
				    sum->reviews_superseded, sum->reviews_unknown, rejected_read, sum->reviews_rejected);
	cap = r->n_reviewed + sum->reviews_superseded + sum->reviews_unknown + sum->reviews_rejected + 1;
	if (!(seen = malloc(cap * sizeof(*seen))))
		return hz_error_set(err, HZ_E_NOMEM, "checking the review files");
	for (size_t i = 0; i < r->nunits; i++)
		if (r->units[i].review)
			seen[n++] = r->units[i].review->file;
	for (size_t i = 0; i < r->nsuperseded; i++)
		if (is_review_note(&r->superseded[i]))
			seen[n++] = r->superseded[i].file;
	for (size_t i = 0; i < r->nunknown_units; i++)
		if (is_review_note(&r->unknown_units[i]))
			seen[n++] = r->unknown_units[i].file;
	for (size_t i = 0; i < r->nrejected; i++)
		if (is_review_note(&r->rejected[i]))
			seen[n++] = r->rejected[i].file;
	if (n)
		qsort(seen, n, sizeof(*seen), cmp_path);
	{
		/* the distinct paths seen must be exactly the files */
		size_t d = 0;
		for (size_t i = 0; i < n && rc == HZ_OK; i++) {
			if (i && !strcmp(seen[i], seen[i - 1]))
				continue;
			if (d >= nfiles || strcmp(seen[i], files[d]) != 0)
				rc = hz_error_set(err, HZ_E_INTERNAL, "review file '%s' not accounted for",
						  d < nfiles ? files[d] : seen[i]);
			d++;
		}
		if (rc == HZ_OK && d != nfiles)
			rc = hz_error_set(err, HZ_E_INTERNAL, "review file '%s' not accounted for", files[d]);
	}
	{
		/* files holding at least one winning review */
		size_t w = 0;
		for (size_t i = 0; i < r->nunits; i++)
			if (r->units[i].review)
				seen[w++] = r->units[i].review->file;
		if (w)
			qsort(seen, w, sizeof(*seen), cmp_path);
		sum->reviews_used = 0;
		for (size_t i = 0; i < w; i++)
			sum->reviews_used += !i || strcmp(seen[i], seen[i - 1]) != 0;
	}
	free(seen);
	return rc;
}

/*
 * Nothing lost, for phases/ (SPEC 9.1, 9.3): every looked-at file is
 * exactly one of a unit's winning phase document, superseded, unknown or
 * rejected.  files are the phase files, sorted.  Fills the summary's
 * phase counts.
 */
static hz_code check_phases_accounted(const hz_results *r, char **files, size_t nfiles, hz_campaign_summary *sum,
				      hz_error *err)
{
	const char **seen;
	size_t n = 0, winning = 0;
	hz_code rc = HZ_OK;

	for (size_t i = 0; i < r->nunits; i++)
		for (size_t p = 0; p < r->units[i].nphases; p++)
			winning += r->units[i].phases[p].file != NULL;
	sum->phases_looked_at = nfiles;
	sum->phases_used = winning;
	sum->phases_superseded = count_notes_of(r->superseded, r->nsuperseded, is_phase_note);
	sum->phases_unknown = count_notes_of(r->unknown_units, r->nunknown_units, is_phase_note);
	sum->phases_rejected = count_notes_of(r->rejected, r->nrejected, is_phase_note);
	if (winning + sum->phases_superseded + sum->phases_unknown + sum->phases_rejected != nfiles)
		return hz_error_set(err, HZ_E_INTERNAL,
				    "%zu phase files looked at, but %zu accounted for (%zu winning, %zu superseded, %zu "
				    "unknown, %zu rejected)",
				    nfiles, winning + sum->phases_superseded + sum->phases_unknown + sum->phases_rejected,
				    winning, sum->phases_superseded, sum->phases_unknown, sum->phases_rejected);
	if (!nfiles)
		return HZ_OK;
	if (!(seen = malloc(nfiles * sizeof(*seen))))
		return hz_error_set(err, HZ_E_NOMEM, "checking the phase files");
	for (size_t i = 0; i < r->nunits; i++)
		for (size_t p = 0; p < r->units[i].nphases; p++)
			if (r->units[i].phases[p].file)
				seen[n++] = r->units[i].phases[p].file;
	for (size_t i = 0; i < r->nsuperseded; i++)
		if (is_phase_note(&r->superseded[i]))
			seen[n++] = r->superseded[i].file;
	for (size_t i = 0; i < r->nunknown_units; i++)
		if (is_phase_note(&r->unknown_units[i]))
			seen[n++] = r->unknown_units[i].file;
	for (size_t i = 0; i < r->nrejected; i++)
		if (is_phase_note(&r->rejected[i]))
			seen[n++] = r->rejected[i].file;
	qsort(seen, n, sizeof(*seen), cmp_path);
	for (size_t i = 0; i < n; i++)
		if (strcmp(seen[i], files[i]) != 0) {
			rc = hz_error_set(err, HZ_E_INTERNAL, "phase file '%s' looked at but not accounted for exactly once",
					  files[i]);
			break;
		}
	free(seen);
	return rc;
}

/* SPEC 9.1: the phase of each file under phases/ by its folder, or -1
 * (directly in phases/, in a folder no key names, or no [phases]). */
static int *phases_of_files(const hz_settings *s, char **files, size_t n)
{
	int *of = malloc((n + 1) * sizeof(*of));
	if (!of)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *folder = files[i] + strlen("phases/");
		const char *slash = strchr(folder, '/');
		of[i] = slash ? hz_phase_of_folder(s, folder, (size_t)(slash - folder)) : -1;
	}
	return of;
}

/* ---- outputs ---- */

static hz_code make_dirs(const char *path, hz_error *err)
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

/* One output file (or folder).  The writers only read r and each has its
 * own files, so they may run at once; the bytes do not depend on it. */
typedef enum { DOC_REPORT, DOC_RANKINGS, DOC_LETTERS, DOC_RESULTS, DOC_NOTICE } doc_kind;

typedef struct doc_job {
	doc_kind kind;
	const char *name;          /* file name in OUTPUT_DIR */
	char *path;                /* the summary's slot for its path */
	size_t path_size;
	const hz_results *r;
	const char *templates_dir;
	const dynbuf *chart_data;  /* DOC_REPORT: hz_report_chart_data's */
	hz_results_file staged;    /* DOC_RESULTS: written, not yet in place */
	hz_code rc;
	hz_error err;
} doc_job;

static void doc_write(doc_job *j)
{
	hz_error_clear(&j->err);
	switch (j->kind) {
	case DOC_REPORT:
		j->rc = hz_report_write_with(j->r, j->templates_dir, j->path, j->chart_data, &j->err);
		break;
	case DOC_RANKINGS:
		j->rc = hz_rankings_write(j->r, j->path, &j->err);
		break;
	case DOC_LETTERS:
		j->rc = hz_feedback_write_all(j->r, j->templates_dir, j->path, &j->err);
		break;
	case DOC_RESULTS:
		j->rc = hz_results_json_stage(&j->staged, j->r, j->path, &j->err);
		break;
	case DOC_NOTICE:
		j->rc = hz_notice_write(j->r, j->templates_dir, j->path, &j->err);
		break;
	}
	if (j->rc != HZ_OK)
		j->path[0] = '\0';
}

/* Jobs run one after another on one thread. */
typedef struct doc_lane {
	doc_job *jobs[5];
	size_t n;
} doc_lane;

static void *doc_lane_run(void *arg)
{
	doc_lane *lane = arg;
	for (size_t i = 0; i < lane->n; i++)
		doc_write(lane->jobs[i]);
	return NULL;
}

/* The notice's template: beside the report's when the campaign's own
 * templates/ has one, else the shipped one (a campaign whose templates
 * predate the notice still gets it). */
static void notice_templates_dir(const char *report_dir, char *out, size_t n)
{
	char *p = join(report_dir, "notice.docx");
	if (p && access(p, R_OK) == 0) {
		snprintf(out, n, "%s", report_dir);
	} else {
		/* a campaign folder with no templates/ gives the shipped folder */
		hz_campaign_templates_dir("/nonexistent/huizong", out, n);
	}
	free(p);
}

static hz_code write_outputs(hz_results *r, const char *campaign_dir, const char *out_dir, int jobs,
			     hz_campaign_summary *sum, hz_error *err)
{
	char notice_templates[1024];
	doc_job docs[] = {
		{DOC_REPORT, HZ_OUT_REPORT, sum->report, sizeof(sum->report), r, sum->templates_dir, NULL, {0}, HZ_OK, {0}},
		{DOC_RANKINGS, HZ_OUT_RANKINGS, sum->rankings, sizeof(sum->rankings), r, sum->templates_dir, NULL, {0}, HZ_OK, {0}},
		{DOC_LETTERS, HZ_OUT_LETTERS, sum->feedback_dir, sizeof(sum->feedback_dir), r, sum->templates_dir, NULL, {0}, HZ_OK, {0}},
		{DOC_RESULTS, HZ_OUT_RESULTS, sum->results_json, sizeof(sum->results_json), r, NULL, NULL, {0}, HZ_OK, {0}},
		{DOC_NOTICE, HZ_OUT_NOTICE, sum->notice, sizeof(sum->notice), r, notice_templates, NULL, {0}, HZ_OK, {0}},
	};
	enum { NDOCS = sizeof(docs) / sizeof(docs[0]) };
	/* Two lanes of about equal time at 2,000 units (0.19 s against 0.18 s
	 * here): the workbook on one; the letters (deflate and creating
	 * files), the report and results.json on the other.  The report's
	 * chart data is a workbook too, and libxlsxwriter takes one at a time
	 * (xw_book_open): it is built here first, so the report never waits
	 * for 排名.xlsx. */
	doc_lane lanes[2] = {{{&docs[1]}, 1}, {{&docs[2], &docs[0], &docs[3]}, 3}};
	doc_lane all = {{&docs[0], &docs[1], &docs[2], &docs[3]}, 4};
	/* SPEC 6.4: the notice only with [candidates]; it is short, on the
	 * letters' lane */
	const bool notice = r->settings.has_candidates;
	dynbuf chart_data;
	hz_error chart_err; /* a failure here is the report's to tell, when it runs alone */
	pthread_t second;
	int threaded = 0;
	char stage[4096];
	const char **units;
	hz_code rc;

	if ((rc = make_dirs(out_dir, err)) != HZ_OK)
		return rc;
	hz_campaign_templates_dir(campaign_dir, sum->templates_dir, sizeof(sum->templates_dir));
	/* The previous results.json is an input too (SPEC §4): read it before
	 * it is replaced. */
	if ((rc = set_path(sum->results_json, sizeof(sum->results_json), out_dir, HZ_OUT_RESULTS, err)) != HZ_OK)
		return rc;
	hz_previous_read(&r->previous, sum->results_json);
	/* SPEC §4: only a run with an earlier as_of is the previous run (a
	 * rerun on the same day compares with nothing, not with itself) */
	if (r->previous.present && !(r->previous.as_of[0] && strcmp(r->previous.as_of, r->settings.as_of) < 0))
		memset(&r->previous, 0, sizeof(r->previous));
	/* every output into the stage first; in place only when all are
	 * written (campaign_out.h) */
	if ((rc = hz_output_stage_begin(out_dir, stage, sizeof(stage), err)) != HZ_OK)
		return rc;
	for (size_t i = 0; i < NDOCS; i++)
		if ((rc = set_path(docs[i].path, docs[i].path_size, stage, docs[i].name, err)) != HZ_OK)
			goto fail;
	if (notice) {
		notice_templates_dir(sum->templates_dir, notice_templates, sizeof(notice_templates));
		lanes[1].jobs[lanes[1].n++] = &docs[4];
		all.jobs[all.n++] = &docs[4];
	}
	dynbuf_init(&chart_data, HZ_MAX_PART_BYTES);
	/* the charts' workbooks get temporary names of ours beside the report
	 * (SPEC 8.2), so a killed run's are swept too */
	if (hz_report_chart_data(r, docs[0].path, &chart_data, &chart_err) == HZ_OK) {
		docs[0].chart_data = &chart_data;
		if (jobs > 1)
			threaded = pthread_create(&second, NULL, doc_lane_run, &lanes[1]) == 0;
	}
	doc_lane_run(threaded ? &lanes[0] : &all);
	if (threaded)
		pthread_join(second, NULL);
	dynbuf_release(&chart_data);
	for (size_t i = 0; i < NDOCS; i++)
		if (docs[i].rc != HZ_OK) {
			*err = docs[i].err;
			hz_results_json_discard(&docs[3].staged);
			rc = docs[i].rc;
			goto fail;
		}
	if ((rc = hz_results_json_commit(&docs[3].staged, err)) != HZ_OK)
		goto fail;
	units = calloc(r->nunits + 1, sizeof(*units));
	if (!units) {
		rc = hz_error_set(err, HZ_E_NOMEM, "the units' names");
		goto fail;
	}
	for (size_t i = 0; i < r->nunits; i++)
		units[i] = r->units[i].name;
	rc = hz_output_commit(out_dir, stage, units, r->nunits, notice, sum->write_warning,
			      sizeof(sum->write_warning), err);
	free(units);
	if (rc != HZ_OK)
		goto clear;
	for (size_t i = 0; i < NDOCS; i++)
		if (docs[i].path[0] || i == 3)
			(void)set_path(docs[i].path, docs[i].path_size, out_dir, docs[i].name, err);
	if (!notice)
		sum->notice[0] = '\0';
	return HZ_OK;
fail:
	hz_output_stage_abort(stage, sum->write_warning, sizeof(sum->write_warning));
clear:
	for (size_t i = 0; i < NDOCS; i++)
		docs[i].path[0] = '\0';
	return rc;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- the run ---- */

/* Appends the files looked at under dir/folder to *files (SPEC 5.11). */
static hz_code add_folder(const char *dir, const char *folder, char ***files, size_t *nfiles, hz_error *err)
{
	char **more = NULL, **all;
	size_t nmore = 0;
	hz_code rc = hz_campaign_list_folder(dir, folder, &more, &nmore, err);
	if (rc != HZ_OK || nmore == 0) {
		free(more);
		return rc;
	}
	all = realloc(*files, (*nfiles + nmore) * sizeof(*all));
	if (!all) {
		hz_campaign_files_free(more, nmore);
		return hz_error_set(err, HZ_E_NOMEM, "listing %s", folder);
	}
	memcpy(all + *nfiles, more, nmore * sizeof(*all));
	free(more); /* the strings now belong to *files */
	*files = all;
	*nfiles += nmore;
	return HZ_OK;
}

/*
 * The rectifications/ slots handed to the round's judging (judge/rectify.h):
 * its forms are judged on a second thread while hz_judge judges the
 * submissions (-j 1: one after the other); the round is applied once the
 * assessment is complete.
 */
typedef struct rect_job {
	hz_rectify rj;
	hz_rectify_file *files;
	size_t n;
	normalizer *norm;
	pthread_t thread;
	int threaded;
	hz_code rc;
	hz_error err;
} rect_job;

static void *rect_forms_run(void *arg)
{
	rect_job *j = arg;
	j->rc = hz_rectify_forms(&j->rj, j->norm, &j->err);
	return NULL;
}

static hz_code rect_start(rect_job *j, const hz_results *r, char **files, const slot *slots, size_t n,
			  normalizer *norm, int jobs, hz_error *err)
{
	j->files = calloc(n + 1, sizeof(*j->files));
	if (!j->files)
		return hz_error_set(err, HZ_E_NOMEM, "%zu rectifications", n);
	for (size_t i = 0; i < n; i++)
		j->files[i] = (hz_rectify_file){files[i], slots[i].rc == HZ_OK ? &slots[i].form : NULL, slots[i].reason};
	j->n = n;
	j->norm = norm;
	hz_error_clear(&j->err);
	/* what the thread needs of r is copied here: it never reads r, which
	 * the assessment's judging fills meanwhile */
	if ((j->rc = hz_rectify_begin(&j->rj, r, j->files, n)) != HZ_OK)
		return hz_error_set(err, j->rc, "%zu rectifications", n);
	if (n && jobs > 1 && pthread_create(&j->thread, NULL, rect_forms_run, j) == 0)
		j->threaded = 1;
	else
		rect_forms_run(j);
	return HZ_OK;
}

/* Waits for the forms (safe to call twice) and applies the round. */
static hz_code rect_finish(rect_job *j, hz_results *r, int apply, hz_error *err)
{
	if (j->threaded) {
		pthread_join(j->thread, NULL);
		j->threaded = 0;
	}
	if (!apply)
		return HZ_OK;
	if (j->rc != HZ_OK) {
		*err = j->err;
		return j->rc;
	}
	return hz_rectify_apply(&j->rj, r, err);
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

static void fill_summary(const hz_results *r, hz_campaign_summary *sum)
{
	double total = 0;
	sum->units = r->nunits;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		if (u->submitted) {
			sum->submitted++;
			total += u->percent;
			if (u->late)
				sum->late++;
			if (u->narrative)
				sum->narrative++;
		}
		if (u->lagging)
			sum->lagging++;
	}
	sum->not_submitted = sum->units - sum->submitted;
	/* reviews/ is counted apart (check_reviews_accounted) */
	sum->rejected = count_submission_notes(r->rejected, r->nrejected);
	sum->superseded = count_submission_notes(r->superseded, r->nsuperseded);
	sum->unknown = count_submission_notes(r->unknown_units, r->nunknown_units);
	/* judge rounds the average once for every output; recompute only if it
	 * left it unset with units submitted. */
	sum->average = r->average_percent;
	if (sum->average == 0 && sum->submitted)
		sum->average = hz_round(total / (double)sum->submitted, 2);
	sum->has_previous = r->previous.present;
	sum->previous_submitted = r->previous.submitted;
	sum->previous_average = r->previous.average;
}

/* SPEC 4: the busy message gives the holder's start time in the
 * campaign's time zone (its campaign.ini, read for that alone; +08:00 when
 * it cannot be read). */
static void busy_in_local_time(const char *dir, hz_error *err)
{
	char *ini = join(dir, "campaign.ini");
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
	char *ini = join(dir, "campaign.ini");
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

hz_code hz_campaign_run(const hz_campaign_opts *o, hz_results *r, hz_campaign_summary *sum, hz_error *err)
{
	normalizer *norm = NULL;
	hz_file_note *ini_warn = NULL;
	size_t n_ini_warn = 0, nforms = 0;
	char **files = NULL, **rfiles = NULL, **all = NULL;
	size_t nfiles = 0, nsub = 0, nrfiles = 0, nall;
	char **pfiles = NULL;   /* phases/ (SPEC §9), read after reviews/ */
	size_t npfiles = 0;
	int *phase_of = NULL;
	hz_phase_file *pf = NULL;
	hz_review_keys keys;
	hz_review_file *reviews = NULL;
	size_t nreviews = 0;
	slot *slots = NULL;
	hz_form *forms = NULL;
	reader rd;
	rect_job rect;
	struct stat st;
	struct timespec t0;
	hz_run_lock lock;
	hz_state *state = NULL;
	hz_convert conv;
	char started[32], work_dir[4096] = "";
	hz_code rc;

	memset(sum, 0, sizeof(*sum));
	memset(&rd, 0, sizeof(rd));
	memset(&rect, 0, sizeof(rect));
	hz_rectify_init(&rect.rj);
	memset(&keys, 0, sizeof(keys));
	pthread_mutex_init(&rd.lock, NULL);
	hz_run_lock_init(&lock);
	hz_convert_init(&conv);

	if (stat(o->campaign_dir, &st) != 0) {
		hz_error_file(err, o->campaign_dir);
		rc = hz_error_set(err, HZ_E_IO, "no campaign folder: %s", strerror(errno));
		goto cleanup;
	}
	if (!S_ISDIR(st.st_mode)) {
		hz_error_file(err, o->campaign_dir);
		rc = hz_error_set(err, HZ_E_IO, "not a folder");
		goto cleanup;
	}
	/* One run at a time on the output folder, from before reading until
	 * the history is committed (SPEC 8.1); judging alone writes nothing
	 * there, so it neither locks nor sweeps. */
	hz_state_now(started, sizeof(started));
	if (!o->judge_only) {
		/* before anything is made there (SPEC §4) */
		if ((rc = hz_output_check_place(o->campaign_dir, o->output_dir, err)) != HZ_OK)
			goto cleanup;
		if ((rc = make_dirs(o->output_dir, err)) != HZ_OK)
			goto cleanup;
		if ((rc = hz_run_lock_take(&lock, o->output_dir, o->wait_seconds, err)) != HZ_OK) {
			if (rc == HZ_E_BUSY)
				busy_in_local_time(o->campaign_dir, err);
			goto cleanup;
		}
		/* what runs killed before this one left behind (SPEC 8.2): no
		 * other run can be writing here now */
		if (hz_tmp_sweep(o->output_dir, &sum->swept, err) != HZ_OK) {
			/* SPEC 8.2: a warning; one bad night must not fail every night after it */
			char why[1400];
			hz_error_reason(err, why, sizeof(why));
			hz_warn_add(sum->write_warning, sizeof(sum->write_warning), "warning: %s: %s", err->file, why);
			hz_error_clear(err);
		}
		{
			/* the letters' list's temporaries (campaign_out.c) */
			char dot[4096];
			if ((size_t)snprintf(dot, sizeof(dot), "%s/.huizong", o->output_dir) < sizeof(dot))
				(void)hz_tmp_sweep(dot, NULL, err);
			hz_error_clear(err);
		}
	}
	if ((rc = normalizer_new(&norm, err)) != HZ_OK)
		goto cleanup;
	if ((rc = load(o->campaign_dir, r, norm, &ini_warn, &n_ini_warn, err)) != HZ_OK)
		goto cleanup;
	hz_error_clear(err);
	if ((rc = hz_campaign_list_files(o->campaign_dir, &files, &nfiles, err)) != HZ_OK)
		goto cleanup;
	nsub = nfiles;
	/* SPEC 7.1: rectifications/ is read by the same pool, as forms: its
	 * files after the submissions' (files[nsub..nfiles)), before reviews/. */
	if ((rc = add_folder(o->campaign_dir, "rectifications", &files, &nfiles, err)) != HZ_OK)
		goto cleanup;
	sum->looked_at = nfiles;
	/* SPEC §6: reviews/ is read in the same pool, after the submissions */
	if ((rc = hz_campaign_list_folder(o->campaign_dir, "reviews", &rfiles, &nrfiles, err)) != HZ_OK)
		goto cleanup;
	r->has_reviews = nrfiles > 0;
	if (r->has_reviews && (rc = hz_review_keys_build(&keys, r, norm)) != HZ_OK) {
		rc = hz_error_set(err, rc, "the checklist's keys");
		goto cleanup;
	}
	if ((rc = hz_campaign_list_folder(o->campaign_dir, "phases", &pfiles, &npfiles, err)) != HZ_OK)
		goto cleanup;
	nall = nfiles + nrfiles + npfiles;
	phase_of = phases_of_files(&r->settings, pfiles, npfiles);
	pf = calloc(npfiles + 1, sizeof(*pf));
	if (!phase_of || !pf) {
		rc = hz_error_set(err, HZ_E_NOMEM, "%zu phase files", npfiles);
		goto cleanup;
	}

	slots = calloc(nall ? nall : 1, sizeof(*slots));
	forms = calloc(nfiles ? nfiles : 1, sizeof(*forms));
	all = malloc((nall ? nall : 1) * sizeof(*all));
	reviews = calloc(nrfiles ? nrfiles : 1, sizeof(*reviews));
	if (!slots || !forms || !all || !reviews) {
		rc = hz_error_set(err, HZ_E_NOMEM, "%zu submissions", nfiles);
		goto cleanup;
	}
	if (nfiles)
		memcpy(all, files, nfiles * sizeof(*all));
	if (nrfiles)
		memcpy(all + nfiles, rfiles, nrfiles * sizeof(*all));
	if (npfiles)
		memcpy(all + nfiles + nrfiles, pfiles, npfiles * sizeof(*all));
	/* SPEC §10: the step between listing and reading.  Judging alone
	 * keeps no cache: it converts into a folder of its own, gone after. */
	if (o->judge_only) {
		const char *tmp = getenv("TMPDIR");
		snprintf(work_dir, sizeof(work_dir), "%s/huizong-convert-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(work_dir))
			work_dir[0] = '\0';
	} else {
		snprintf(work_dir, sizeof(work_dir), "%s/.huizong", o->output_dir);
	}
	{
		hz_convert_opts co = {r->settings.convert_off, r->settings.soffice, r->settings.convert_timeout,
				      work_dir[0] ? work_dir : NULL};
		const char **disk = malloc((nall ? nall : 1) * sizeof(*disk));
		if (!disk) {
			rc = hz_error_set(err, HZ_E_NOMEM, "%zu files", nall);
			goto cleanup;
		}
		for (size_t i = 0; i < nall; i++)
			disk[i] = hz_name_disk(all[i]);
		/* SPEC 9.1: a file in no phase folder is rejected unread:
		 * nothing to convert */
		for (size_t i = 0; i < npfiles; i++)
			if (phase_of[i] < 0)
				disk[nfiles + nrfiles + i] = "";
		rc = hz_convert_run(&conv, o->campaign_dir, disk, nall, &co, err);
		free(disk);
		if (rc != HZ_OK)
			goto cleanup;
		if ((rc = converted_list(r, all, &conv, err)) != HZ_OK)
			goto cleanup;
		sum->legacy = conv.legacy;
		sum->converted = conv.converted;
		sum->convert_cached = conv.cached;
		sum->convert_failed = conv.failed;
		sum->convert_timed_out = conv.timed_out;
		sum->soffice_found = conv.soffice_found;
		sum->seconds_convert = conv.seconds;
	}
	rd.conv = conv.files;
	rd.dir = o->campaign_dir;
	rd.files = all;
	rd.nfiles = nall;
	rd.nsubmissions = nfiles;
	rd.nphases_from = nfiles + nrfiles;
	rd.phase_of = phase_of;
	rd.phase_reason = r->settings.nphases
				  ? "不在已设置的阶段文件夹中 / not in a phase folder named in campaign.ini [phases]"
				  : "campaign.ini 没有 [phases] 设置 / no [phases] in campaign.ini";
	rd.review_keys = &keys;
	rd.slots = slots;
	rd.norm = norm;
	atomic_init(&rd.next, 0);
	atomic_init(&rd.out_of_memory, 0);
	rd.progress = o->progress;
	rd.progress_ctx = o->progress_ctx;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = read_all(&rd, o->jobs, err)) != HZ_OK)
		goto cleanup;
	sum->seconds_read = seconds_since(&t0);

	/* Path order, whatever order the threads finished in. */
	for (size_t i = 0; i < nsub; i++)
		if (slots[i].rc == HZ_OK)
			forms[nforms++] = slots[i].form;
	for (size_t i = 0; i < nfiles + nrfiles; i++) {
		if (i >= nsub && i < nfiles)
			continue; /* rectifications/: judge/rectify.c lists them in the round's order */
		if (slots[i].rc != HZ_OK && (rc = add_rejected(r, all[i], slots[i].reason, err)) != HZ_OK)
			goto cleanup;
	}
	for (size_t i = nfiles; i < nfiles + nrfiles; i++)
		if (slots[i].rc == HZ_OK)
			reviews[nreviews++] = slots[i].review;
	sum->accepted = nforms;
	for (size_t i = nsub; i < nfiles; i++)
		sum->accepted += slots[i].rc == HZ_OK && slots[i].form.kind == HZ_FORM_TABLE;

	hz_error_clear(err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = rect_start(&rect, r, files + nsub, slots + nsub, nfiles - nsub, norm, o->jobs, err)) != HZ_OK)
		goto cleanup;
	if ((rc = hz_judge(r, forms, nforms, norm, err)) != HZ_OK)
		goto cleanup;
	if (r->has_reviews && (rc = hz_judge_reviews(r, reviews, nreviews, norm, err)) != HZ_OK)
		goto cleanup;
	/* SPEC §9 after the reviews (its problems come last) and before the
	 * candidates and the round (a missing phase makes a unit lagging) */
	for (size_t i = 0; i < npfiles; i++) {
		const slot *ps = &slots[nfiles + nrfiles + i];
		pf[i] = (hz_phase_file){pfiles[i], phase_of[i], ps->rc == HZ_OK ? &ps->phase : NULL, ps->reason};
	}
	if ((npfiles || r->settings.nphases) && (rc = hz_judge_phases(r, pf, npfiles, norm, err)) != HZ_OK)
		goto cleanup;
	if (r->settings.has_candidates && (rc = hz_judge_candidates(r, err)) != HZ_OK)
		goto cleanup;
	/* The rectification round last: its tasks to rectify are the
	 * assessment's problems, review deductions included (SPEC 7.2). */
	if ((rc = rect_finish(&rect, r, 1, err)) != HZ_OK)
		goto cleanup;
	if ((rc = hz_judge_unreadable(r, norm, err)) != HZ_OK)
		goto cleanup;
	hz_rectify_release(&rect.rj); /* its judged copy is not needed for writing */
	sum->seconds_judge = seconds_since(&t0);
	if ((rc = prepend_warnings(r, ini_warn, n_ini_warn, err)) != HZ_OK)
		goto cleanup;
	free(ini_warn); /* the strings now belong to r */
	ini_warn = NULL;
	n_ini_warn = 0;
	/* the folders' files one after another: in byte order for the check */
	if (nfiles) /* no submissions/ yet: files is NULL, which qsort may not take */
		qsort(files, nfiles, sizeof(*files), cmp_path);
	if ((rc = check_nothing_lost(r, files, nfiles, &sum->winning, err)) != HZ_OK)
		goto cleanup;
	if ((rc = check_reviews_accounted(r, rfiles, slots + nfiles, nrfiles, sum, err)) != HZ_OK)
		goto cleanup;
	if ((rc = check_phases_accounted(r, pfiles, npfiles, sum, err)) != HZ_OK)
		goto cleanup;

	/* The forms are not needed for writing: give their memory back first. */
	for (size_t i = 0; i < nall; i++) {
		free(slots[i].block);
		slots[i].block = NULL;
		hz_review_file_release(&slots[i].review);
		hz_phase_doc_release(&slots[i].phase);
	}
	free(forms);
	forms = NULL;
	nforms = 0;
	malloc_trim(0);

	hz_error_clear(err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (o->judge_only) {
		fill_summary(r, sum);
		sum->looked_at = nfiles;
		goto cleanup;
	}
	if ((rc = history_begin(o->output_dir, r, &state)) != HZ_OK) {
		hz_error_set(err, rc, "reading the history");
		goto cleanup;
	}
	sum->seconds_state = seconds_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = write_outputs(r, o->campaign_dir, o->output_dir, o->jobs, sum, err)) != HZ_OK)
		goto cleanup;
	sum->seconds_write = seconds_since(&t0);
	/* SPEC §10: conversions no file of this run used, under the lock */
	if ((rc = hz_convert_sweep(&conv, err)) != HZ_OK)
		goto cleanup;
	/* the outputs are in place: now the run is history (SPEC 8.3) */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	history_end(state, r, started, sum);
	state = NULL;
	sum->seconds_state += seconds_since(&t0);
	fill_summary(r, sum);
	sum->looked_at = nfiles;
cleanup:
	rect_finish(&rect, r, 0, err); /* the thread reads the slots: joined before they go */
	hz_rectify_release(&rect.rj);
	free(rect.files);
	if (slots)
		for (size_t i = 0; i < nfiles + nrfiles + npfiles; i++) {
			free(slots[i].block);
			free(slots[i].reason);
			hz_review_file_release(&slots[i].review);
			hz_phase_doc_release(&slots[i].phase);
		}
	free(slots);
	free(forms);
	free(all);
	free(reviews);
	hz_review_keys_release(&keys);
	hz_campaign_files_free(rfiles, nrfiles);
	hz_campaign_files_free(pfiles, npfiles);
	free(phase_of);
	free(pf);
	hz_file_notes_free(ini_warn, n_ini_warn);
	hz_campaign_files_free(files, nfiles);
	normalizer_free(norm);
	pthread_mutex_destroy(&rd.lock);
	if (state) {
		/* a failed run leaves no row; its warnings still count */
		snprintf(sum->state_warning, sizeof(sum->state_warning), "%s", hz_state_warning(state));
		hz_state_close(state);
	}
	if (o->judge_only && work_dir[0])
		hz_convert_discard(&conv, work_dir);
	hz_convert_release(&conv);
	hz_run_lock_release(&lock);
	return rc;
}
