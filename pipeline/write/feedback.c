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
		hz_tmp_remove(tmp); /* now the old letters */
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
	hz_tmp_remove(old);
	return HZ_OK;
fail:
	hz_error_file(err, out_dir);
	return hz_error_set(err, HZ_E_WRITE, "cannot put the feedback folder in place: %s", strerror(errno));
}

hz_code hz_feedback_write_all(const hz_results *r, const char *templates_dir, const char *out_dir, hz_error *err)
{
	char tmp[4096], name[HZ_MAX_FILENAME_BYTES + 64];
	doc_template t;
	ooxml_zip_cache *core_cache = NULL;
	docdata d;
	ooxml_member rep[1];
	size_t nrep = 0;
	safe_name_set ns = {0};
	bool made = false;
	hz_code rc;

	if (hz_tmp_path(out_dir, tmp, sizeof(tmp), err) != HZ_OK)
		return hz_error_set(err, HZ_E_WRITE, "path too long");
	rc = docdata_init(&d, r, err);
	if (rc)
		return rc;
	rc = doc_template_open(&t, templates_dir, "feedback.docx", "feedback", feedback_schema(), r, d.words, err);
	if (rc)
		goto done;
	if (t.core.name) {
		/* the same in every letter: compressed once */
		rc = ooxml_zip_cache_new(&t.core, 1, &core_cache, err);
		if (rc)
			goto done;
		rep[nrep++] = (ooxml_member){.name = t.core.name, .cache = core_cache, .cache_index = 0};
	}
	if (safe_name_set_init(&ns, d.nlagging) != HZ_OK) {
		rc = hz_error_set(err, HZ_E_NOMEM, "feedback names");
		goto done;
	}
	if (mkdir(tmp, 0777) != 0) {
		hz_error_file(err, out_dir);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot create a folder beside it: %s", strerror(errno));
		goto done;
	}
	made = true;
	for (size_t i = 0; i < d.nlagging && rc == HZ_OK; i++) {
		char file[sizeof(tmp) + sizeof(name) + 16];
		rectify_letter letter;
		docdata_unit it;
		/* SPEC 7.3: no letter for a unit that closed every task it had */
		if (!rectify_letter_wanted(r, d.lagging[i].u))
			continue;
		rc = safe_name_unique(&ns, d.lagging[i].u->name, ".docx", name, sizeof(name));
		if (rc) {
			hz_error_set(err, rc, "feedback names");
			break;
		}
		snprintf(file, sizeof(file), "%s/%s", tmp, name);
		/* in the round, the problems without those of closed tasks */
		if (rectify_letter_init(&letter, r, d.lagging[i].u) != HZ_OK) {
			rc = hz_error_set(err, HZ_E_NOMEM, "feedback letters");
			break;
		}
		it = (docdata_unit){&letter.view, d.lagging[i].no};
		/* the folder is not in place yet: no temporary name per letter */
		rc = tmpl_doc_render(t.doc, &d, &it, rep, nrep, file, OOXML_WRITE_NEW, err);
		rectify_letter_release(&letter);
	}
	/* every letter on disk before the folder is in place (SPEC 8.2): one
	 * syncfs costs less than an fsync per letter */
	if (rc == HZ_OK && hz_sync_filesystem(tmp) != 0) {
		hz_error_file(err, out_dir);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot sync the letters: %s", strerror(errno));
	}
	if (rc == HZ_OK)
		rc = swap_in(tmp, out_dir, err);
	if (rc == HZ_OK)
		made = false;
done:
	if (made)
		hz_tmp_remove(tmp);
	safe_name_set_release(&ns);
	doc_template_release(&t);
	ooxml_zip_cache_free(core_cache);
	docdata_release(&d);
	return rc;
}
