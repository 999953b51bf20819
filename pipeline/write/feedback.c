/*
 * 反馈/<单位>.docx: one letter per lagging unit from templates/feedback.docx.
 * A letter's template sees campaign.* and unit.* (the unit's figures, see
 * docdata.h) and the lists unit.problems and unit.categories.
 *
 * The folder is built beside the old one under a temporary name and then
 * exchanged with it in one step (renameat2 RENAME_EXCHANGE, or two renames
 * where the file system cannot exchange), so no letter of an earlier run
 * stays and a reader never sees a half-written folder.
 */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write/docdata.h"
#include "write/doc_template.h"
#include "write/unit_items.h"
#include "write/docs.h"
#include "hz_limits.h"
#include "write/rectify_docs.h"
#include "write/tmpl.h"
#include "write/outfile.h"
#include "write/safe_name.h"
#include "write/tree_removal.h"

#include "banned.h"

/* ------------------------------------------------------------------ schema */

/* A letter's root: campaign.*, unit.* (write/unit_items.h), then SPEC
 * 7.3's unit.rectification, the round's sentence ("" without the round). */
#define UNIT_FIRST docdata_ncampaign_fields
#define RECTIFY_FIELD (docdata_ncampaign_fields + unit_items_nfields)

static hz_code root_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	if (field < UNIT_FIRST)
		return docdata_campaign_text(ctx, field, out);
	if (field == RECTIFY_FIELD)
		return rectify_letter_sentence(((const docdata *)ctx)->r, ((const docdata_unit *)obj)->u, out);
	return unit_items_text(ctx, obj, field - UNIT_FIRST, out);
}

static size_t root_count(void *ctx, const void *obj, size_t field)
{
	return field < UNIT_FIRST || field == RECTIFY_FIELD ? 0 : unit_items_count(ctx, obj, field - UNIT_FIRST);
}

static const void *root_item(void *ctx, const void *obj, size_t field, size_t i)
{
	return unit_items_item(ctx, obj, field - UNIT_FIRST, i);
}

static docdata_root root;
static pthread_once_t root_once = PTHREAD_ONCE_INIT;

static void root_make(void)
{
	docdata_root_begin(&root, root_text, root_count, root_item);
	docdata_root_add(&root, unit_items_root_fields, unit_items_nfields);
	docdata_root_add_text(&root, "unit.rectification");
}

static const tmpl_schema *feedback_schema(void)
{
	pthread_once(&root_once, root_make);
	return docdata_root_schema(&root);
}

/* --------------------------------------------------------------- folders */

/* Puts the finished folder tmp in place of out_dir. */
static hz_code swap_in(const char *tmp, const char *out_dir, hz_error *err)
{
	struct stat st;
	char old[4096];
	if (lstat(out_dir, &st) != 0) {
		if (errno != ENOENT || rename(tmp, out_dir) != 0)
			goto fail;
		return HZ_OK;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out_dir, RENAME_EXCHANGE) == 0) {
		hz_tree_remove(tmp); /* now the old letters */
		return HZ_OK;
	}
	/* no exchange on this file system: old aside, new in, old removed */
	if (hz_tmp_path(out_dir, old, sizeof(old), NULL) != HZ_OK) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	if (rename(out_dir, old) != 0)
		goto fail;
	if (rename(tmp, out_dir) != 0) {
		int e = errno;
		rename(old, out_dir);
		errno = e;
		goto fail;
	}
	hz_tree_remove(old);
	return HZ_OK;
fail:
	hz_error_file(err, out_dir);
	return hz_error_set(err, HZ_E_WRITE, "cannot put the feedback folder in place: %s", strerror(errno));
}

/* ---------------------------------------------------------------- letters */

/* One letter to write: the unit (its place in docdata.lagging, the same
 * in every thread's docdata) and the file's path in the folder beside. */
typedef struct letter_job {
	size_t lagging;
	char *path;
} letter_job;

struct hz_letters {
	const hz_results *r;
	char out_dir[4096];
	char tmp[4096];           /* the folder being built beside out_dir */
	bool made;                /* tmp exists */
	docdata d;                /* for the template (its titles' words) */
	bool d_made;
	doc_template t;
	ooxml_zip_cache *core_cache;
	ooxml_member rep[1];
	size_t nrep;
	letter_job *jobs;         /* in letter order */
	size_t njobs;
	atomic_size_t next;       /* the first letter no thread has taken */
	atomic_bool failed;       /* a letter failed: the others stop taking */
	pthread_mutex_t lock;     /* guards the failure below */
	size_t fail_at;           /* the failed letter first in order (SIZE_MAX: none) */
	hz_code fail_rc;
	hz_error fail_err;
};

void hz_letters_abort(hz_letters *l)
{
	if (!l)
		return;
	if (l->made)
		hz_tree_remove(l->tmp);
	for (size_t i = 0; i < l->njobs; i++)
		free(l->jobs[i].path);
	free(l->jobs);
	doc_template_release(&l->t);
	ooxml_zip_cache_free(l->core_cache);
	if (l->d_made)
		docdata_release(&l->d);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

/* Every letter's file name, in letter order: SPEC 7.3's letters only, names
 * made unique in that order. */
static hz_code name_letters(hz_letters *l, hz_error *err)
{
	char name[HZ_MAX_FILENAME_BYTES + 64];
	safe_name_set ns = {0};
	hz_code rc = HZ_OK;

	l->jobs = calloc(l->d.nlagging + 1, sizeof(*l->jobs));
	if (!l->jobs || safe_name_set_init(&ns, l->d.nlagging) != HZ_OK) {
		safe_name_set_release(&ns);
		return hz_error_set(err, HZ_E_NOMEM, "feedback names");
	}
	for (size_t i = 0; i < l->d.nlagging && rc == HZ_OK; i++) {
		size_t len;
		letter_job *j;
		/* SPEC 7.3: no letter for a unit that closed every task it had */
		if (!rectify_letter_wanted(l->r, l->d.lagging[i].u))
			continue;
		rc = safe_name_unique(&ns, l->d.lagging[i].u->name, ".docx", name, sizeof(name));
		if (rc) {
			hz_error_set(err, rc, "feedback names");
			break;
		}
		len = strlen(l->tmp) + 1 + strlen(name) + 1;
		j = &l->jobs[l->njobs];
		j->lagging = i;
		j->path = malloc(len);
		if (!j->path) {
			rc = hz_error_set(err, HZ_E_NOMEM, "feedback names");
			break;
		}
		snprintf(j->path, len, "%s/%s", l->tmp, name);
		l->njobs++;
	}
	safe_name_set_release(&ns);
	return rc;
}

hz_code hz_letters_begin(hz_letters **out, const hz_results *r, const char *templates_dir, const char *out_dir,
			 hz_error *err)
{
	hz_letters *l = calloc(1, sizeof(*l));
	hz_code rc;

	*out = NULL;
	if (!l)
		return hz_error_set(err, HZ_E_NOMEM, "feedback letters");
	pthread_mutex_init(&l->lock, NULL);
	l->r = r;
	atomic_init(&l->next, 0);
	atomic_init(&l->failed, false);
	l->fail_at = SIZE_MAX;
	if ((size_t)snprintf(l->out_dir, sizeof(l->out_dir), "%s", out_dir) >= sizeof(l->out_dir) ||
	    hz_tmp_path(out_dir, l->tmp, sizeof(l->tmp), err) != HZ_OK) {
		hz_letters_abort(l);
		return hz_error_set(err, HZ_E_WRITE, "path too long");
	}
	rc = docdata_init(&l->d, r, err);
	if (rc) {
		hz_letters_abort(l);
		return rc;
	}
	l->d_made = true;
	rc = doc_template_open(&l->t, templates_dir, "feedback.docx", "feedback", feedback_schema(), r, l->d.words, err);
	/* the footers, a page number only: rendered and deflated once */
	if (rc == HZ_OK)
		rc = tmpl_doc_fix_constant_parts(l->t.doc, OOXML_WRITE_NEW, err);
	if (rc == HZ_OK && l->t.core.name) {
		/* the same in every letter: compressed once */
		rc = ooxml_zip_cache_new(&l->t.core, 1, &l->core_cache, err);
		if (rc == HZ_OK)
			l->rep[l->nrep++] = (ooxml_member){.name = l->t.core.name, .cache = l->core_cache, .cache_index = 0};
	}
	if (rc == HZ_OK)
		rc = name_letters(l, err);
	if (rc == HZ_OK && mkdir(l->tmp, 0777) != 0) {
		hz_error_file(err, out_dir);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot create a folder beside it: %s", strerror(errno));
	}
	if (rc) {
		hz_letters_abort(l);
		return rc;
	}
	l->made = true;
	*out = l;
	return HZ_OK;
}

/* Keeps the failure of letter k when it comes first in letter order, so
 * the run tells the same one whichever thread wrote what. */
static void letters_fail(hz_letters *l, size_t k, hz_code rc, const hz_error *err)
{
	pthread_mutex_lock(&l->lock);
	if (k < l->fail_at) {
		l->fail_at = k;
		l->fail_rc = rc;
		l->fail_err = *err;
	}
	pthread_mutex_unlock(&l->lock);
	atomic_store(&l->failed, true);
}

hz_code hz_letters_write(hz_letters *l, hz_error *err)
{
	docdata d; /* its own: rendering keeps the unit being listed in it */
	hz_code rc = docdata_init(&d, l->r, err);
	if (rc) {
		letters_fail(l, 0, rc, err);
		return rc;
	}
	while (rc == HZ_OK && !atomic_load(&l->failed)) {
		const size_t k = atomic_fetch_add(&l->next, 1);
		const letter_job *j;
		rectify_letter letter;
		docdata_unit it;
		if (k >= l->njobs)
			break;
		j = &l->jobs[k];
		hz_error_clear(err);
		/* in the round, the problems without those of closed tasks */
		if (rectify_letter_init(&letter, l->r, d.lagging[j->lagging].u) != HZ_OK) {
			rc = hz_error_set(err, HZ_E_NOMEM, "feedback letters");
		} else {
			it = (docdata_unit){&letter.view, d.lagging[j->lagging].no};
			/* the folder is not in place yet: no temporary name per letter */
			rc = tmpl_doc_render(l->t.doc, &d, &it, l->rep, l->nrep, j->path, OOXML_WRITE_NEW, err);
			rectify_letter_release(&letter);
		}
		if (rc)
			letters_fail(l, k, rc, err);
	}
	docdata_release(&d);
	return rc;
}

hz_code hz_letters_end(hz_letters *l, hz_error *err)
{
	hz_code rc = HZ_OK;
	if (l->fail_at != SIZE_MAX) {
		*err = l->fail_err;
		rc = l->fail_rc;
	}
	/* every letter on disk before the folder is in place (SPEC 8.2): one
	 * syncfs costs less than an fsync per letter */
	if (rc == HZ_OK && hz_sync_filesystem(l->tmp) != 0) {
		hz_error_file(err, l->out_dir);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot sync the letters: %s", strerror(errno));
	}
	if (rc == HZ_OK)
		rc = swap_in(l->tmp, l->out_dir, err);
	if (rc == HZ_OK)
		l->made = false;
	hz_letters_abort(l);
	return rc;
}

hz_code hz_feedback_write_all(const hz_results *r, const char *templates_dir, const char *out_dir, hz_error *err)
{
	hz_letters *l;
	hz_code rc = hz_letters_begin(&l, r, templates_dir, out_dir, err);
	if (rc)
		return rc;
	if (hz_letters_write(l, err) != HZ_OK) {
		/* hz_letters_end tells the failure */
	}
	return hz_letters_end(l, err);
}
