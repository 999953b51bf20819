/*
 * The reading pool: every file of every round read in parallel, each by its
 * round's reader into its own slot.  The outcome never depends on
 * scheduling: each worker writes only its own slot, and judging sees the
 * slots in path order.
 */
#include "campaign/internal.h"
#include "campaign/names.h"
#include "campaign/read_ahead.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hz_limits.h"
#include "hz_open.h"

#include "banned.h"

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

/* The shared strings live in chunks of this size (a longer string gets a
 * chunk of its own): no malloc overhead per string, and a form whose every
 * title is new costs what its block would have. */
#define STRING_CHUNK_SIZE (64 * 1024)

struct hz_string_chunk {
	struct hz_string_chunk *next;
	size_t used, size;
	char data[];
};

void hz_shared_strings_init(hz_shared_strings *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
}

void hz_shared_strings_clear(hz_shared_strings *s)
{
	while (s->chunks) {
		struct hz_string_chunk *next = s->chunks->next;
		free(s->chunks);
		s->chunks = next;
	}
	free(s->slot);
	s->slot = NULL;
	s->cap = s->n = 0;
}

void hz_shared_strings_release(hz_shared_strings *s)
{
	hz_shared_strings_clear(s);
	pthread_mutex_destroy(&s->lock);
}

static uint64_t string_hash(const char *str, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)str[i]) * 1099511628211u;
	return h;
}

static bool shared_grow(hz_shared_strings *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024;
	const char **slot = calloc(cap, sizeof(*slot));
	if (!slot)
		return false;
	for (size_t i = 0; i < s->cap; i++) {
		size_t k;
		if (!s->slot[i])
			continue;
		for (k = string_hash(s->slot[i], strlen(s->slot[i])) & (cap - 1); slot[k]; k = (k + 1) & (cap - 1))
			;
		slot[k] = s->slot[i];
	}
	free(s->slot);
	s->slot = slot;
	s->cap = cap;
	return true;
}

static char *shared_copy(hz_shared_strings *s, const char *str, size_t n)
{
	struct hz_string_chunk *c = s->chunks;
	char *d;
	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > STRING_CHUNK_SIZE ? n + 1 : STRING_CHUNK_SIZE;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = s->chunks;
		s->chunks = c;
	}
	d = c->data + c->used;
	memcpy(d, str, n + 1);
	c->used += n + 1;
	return d;
}

/* The shared copy of str (NULL stays NULL); NULL with *oom set when memory
 * ran out.  Called with s->lock held. */
static char *shared_put(hz_shared_strings *s, const char *str, bool *oom)
{
	size_t n, k;
	char *d;
	if (!str)
		return NULL;
	n = strlen(str);
	if ((s->n + 1) * 2 > s->cap && !shared_grow(s)) {
		*oom = true;
		return NULL;
	}
	for (k = string_hash(str, n) & (s->cap - 1); s->slot[k]; k = (k + 1) & (s->cap - 1))
		if (!strcmp(s->slot[k], str))
			return (char *)s->slot[k]; /* the forms never write their strings */
	if (!(d = shared_copy(s, str, n))) {
		*oom = true;
		return NULL;
	}
	s->slot[k] = d;
	s->n++;
	return d;
}

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

hz_code hz_pool_compact_form(hz_form *f, void **block_out, hz_shared_strings *shared)
{
	size_t rows = f->nrows * sizeof(hz_form_row), paras = f->nparagraphs * sizeof(char *), chars = 0;
	hz_form g = *f;
	char *block, *at;
	bool oom = false;

	chars += str_size(f->file) + str_size(f->unit_text) + str_size(f->bad_date);
	for (size_t i = 0; i < f->nrows; i++) {
		const hz_form_row *w = &f->rows[i];
		chars += str_size(w->ref) + str_size(w->self_score) + str_size(w->count) + str_size(w->problems);
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
	pthread_mutex_lock(&shared->lock);
	for (size_t i = 0; i < f->nrows; i++) {
		const hz_form_row *w = &f->rows[i];
		hz_form_row *d = &g.rows[i];
		d->row = w->row;
		d->ref = str_put(&at, w->ref);
		d->title = shared_put(shared, w->title, &oom);
		d->title_key = shared_put(shared, w->title_key, &oom);
		d->status = shared_put(shared, w->status, &oom);
		d->status_raw = shared_put(shared, w->status_raw, &oom);
		d->self_score = str_put(&at, w->self_score);
		d->count = str_put(&at, w->count);
		d->problems = str_put(&at, w->problems);
	}
	pthread_mutex_unlock(&shared->lock);
	if (oom) {
		free(block); /* f is still whole */
		return HZ_E_NOMEM;
	}
	for (size_t i = 0; i < f->nparagraphs; i++)
		g.paragraphs[i] = str_put(&at, f->paragraphs[i]);
	hz_form_release(f);
	*f = g;
	*block_out = block;
	return HZ_OK;
}

/* Why a folder listed "name/" (walk) is not read. */
static hz_code folder_reason(const char *dir, const char *rel, hz_error *e)
{
	char *path = hz_campaign_join(dir, hz_name_disk(rel));
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
	char *path = hz_campaign_join(dir, hz_name_disk(rel));
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

typedef struct pool {
	hz_run *run;
	atomic_size_t next;
	atomic_int out_of_memory;
	pthread_mutex_t lock;   /* guards done and the progress callback */
	size_t done;
	hz_read_ahead ahead;
} pool;

/* The round file i of the pool belongs to (a handful of rounds: a scan). */
static const hz_round_files *round_of(const hz_run *run, size_t i)
{
	size_t k = 0;
	while (k + 1 < run->nrounds && i >= run->rounds[k + 1].first)
		k++;
	return &run->rounds[k];
}

/* The file read for run->all[i]: a converted legacy file is read from its
 * conversion (SPEC §10), any other from the campaign.  Caller frees; NULL
 * when out of memory. */
static char *read_path(const hz_run *run, size_t i)
{
	const hz_conv_file *cv = run->conv.files ? &run->conv.files[i] : NULL;
	if (cv && cv->state == HZ_CONV_DONE)
		return strdup(cv->path);
	return hz_campaign_join(run->o->campaign_dir, hz_name_disk(run->all[i]));
}

static void read_one(pool *p, size_t i)
{
	const hz_run *run = p->run;
	const hz_round_files *rf = round_of(run, i);
	hz_slot *s = &run->slots[i];
	const char *rel = run->all[i], *why;
	const hz_conv_file *cv = run->conv.files ? &run->conv.files[i] : NULL;
	size_t len = strlen(rel);
	hz_error e;
	char reason[2048];

	hz_error_clear(&e);
	if (rf->round->refuse && (why = rf->round->refuse(run, rf, i - rf->first)) != NULL) {
		/* rejected unread, as the round says (SPEC 9.1) */
		s->rc = HZ_E_FORMAT;
		if (!(s->reason = strdup(why)))
			atomic_store(&p->out_of_memory, 1);
		return;
	}
	if (cv && cv->state == HZ_CONV_REJECTED) {
		s->rc = cv->code;
		if (!(s->reason = strdup(cv->reason)))
			atomic_store(&p->out_of_memory, 1);
		return;
	}
	if (len && rel[len - 1] == '/') {
		/* A folder we could not open (see walk). */
		hz_error_file(&e, rel);
		s->rc = folder_reason(run->o->campaign_dir, rel, &e);
	} else if (not_a_file(run->o->campaign_dir, rel, &e, &s->rc)) {
		/* a FIFO, socket, device or a link to nothing: rc and e set */
	} else {
		/* rel: the name shown, also for a conversion's */
		bool converted = cv && cv->state == HZ_CONV_DONE;
		char *path = read_path(run, i);
		if (!path) {
			s->rc = hz_error_set(&e, HZ_E_NOMEM, "%s", rel);
		} else {
			s->rc = rf->round->read(run, s, path, rel, converted ? cv : NULL, &e);
			free(path);
		}
	}
	if (s->rc == HZ_E_NOMEM) {
		atomic_store(&p->out_of_memory, 1);
	} else if (s->rc != HZ_OK) {
		if (!e.code)
			e.code = s->rc;
		hz_error_reason(&e, reason, sizeof(reason));
		s->reason = strdup(reason);
		if (!s->reason)
			atomic_store(&p->out_of_memory, 1);
	}
}

/* What the read-ahead asks the kernel for: the file read_one would open. */
static char *read_ahead_path(void *ctx, size_t i)
{
	const hz_run *run = ctx;
	const char *rel = run->all[i];
	const hz_conv_file *cv = run->conv.files ? &run->conv.files[i] : NULL;
	size_t len = strlen(rel);

	if ((len && rel[len - 1] == '/') || (cv && cv->state == HZ_CONV_REJECTED))
		return NULL;
	return read_path(run, i);
}

static void *read_worker(void *arg)
{
	pool *p = arg;
	const hz_run *run = p->run;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= run->nall || atomic_load(&p->out_of_memory))
			break;
		hz_read_ahead_taken(&p->ahead, i);
		read_one(p, i);
		pthread_mutex_lock(&p->lock);
		p->done++;
		if (run->o->progress)
			run->o->progress(run->o->progress_ctx, p->done, run->nall);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

hz_code hz_pool_read(hz_run *run, hz_error *err)
{
	pthread_t threads[256];
	size_t started = 0, want;
	int jobs = run->o->jobs;
	pool p;

	memset(&p, 0, sizeof(p));
	p.run = run;
	atomic_init(&p.next, 0);
	atomic_init(&p.out_of_memory, 0);
	pthread_mutex_init(&p.lock, NULL);
	if (jobs < 1)
		jobs = 1;
	if (jobs > (int)(sizeof(threads) / sizeof(threads[0])))
		jobs = (int)(sizeof(threads) / sizeof(threads[0]));
	want = (size_t)jobs < run->nall ? (size_t)jobs : run->nall;
	hz_read_ahead_start(&p.ahead, run->nall, read_ahead_path, run);
	/* The calling thread reads too, so -j 1 starts no reading thread (only
	 * the read-ahead's, which parses nothing). */
	for (size_t t = 1; t < want; t++) {
		if (pthread_create(&threads[started], NULL, read_worker, &p) != 0)
			break; /* fewer threads: slower, same result */
		started++;
	}
	read_worker(&p);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	hz_read_ahead_stop(&p.ahead);
	pthread_mutex_destroy(&p.lock);
	if (atomic_load(&p.out_of_memory))
		return hz_error_set(err, HZ_E_NOMEM, "reading the submissions");
	return HZ_OK;
}

void hz_pool_release_reads(hz_slot *slots, size_t n)
{
	for (size_t i = 0; slots && i < n; i++) {
		if (slots[i].block)
			free(slots[i].block); /* a compacted form: its pointers point into it */
		else
			hz_form_release(&slots[i].form);
		slots[i].block = NULL;
		memset(&slots[i].form, 0, sizeof(slots[i].form));
		hz_review_file_release(&slots[i].review);
		hz_phase_doc_release(&slots[i].phase);
	}
}
