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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write/docdata.h"
#include "write/doc_template.h"
#include "write/docs.h"
#include "hz_limits.h"
#include "write/rectify_docs.h"
#include "write/tmpl.h"
#include "write/outfile.h"

#include "banned.h"

/* ------------------------------------------------------------------ schema */

static tmpl_field root_fields[DOCDATA_MAX_CAMPAIGN_FIELDS + 64 + 1];
static tmpl_schema root_schema;

/* SPEC 7.3: the rectification round's sentence ("" without the round),
 * after the campaign and unit fields. */
static const tmpl_field rectify_field = {"unit.rectification", TMPL_TEXT, NULL};

static hz_code root_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	if (field < docdata_ncampaign_fields)
		return docdata_campaign_text(ctx, field, out);
	if (field == docdata_ncampaign_fields + docdata_nunit_fields)
		return rectify_letter_sentence(((const docdata *)ctx)->r, ((const docdata_unit *)obj)->u, out);
	return docdata_unit_text(ctx, obj, field - docdata_ncampaign_fields, out);
}

static size_t root_count(void *ctx, const void *obj, size_t field)
{
	return field < docdata_ncampaign_fields ? 0 : docdata_unit_count(ctx, obj, field - docdata_ncampaign_fields);
}

static const void *root_item(void *ctx, const void *obj, size_t field, size_t i)
{
	return docdata_unit_item(ctx, obj, field - docdata_ncampaign_fields, i);
}

static const tmpl_schema *feedback_schema(void)
{
	if (docdata_ncampaign_fields > DOCDATA_MAX_CAMPAIGN_FIELDS || docdata_nunit_fields > 64)
		return NULL;
	if (!root_schema.fields) {
		size_t n = 0;
		for (size_t i = 0; i < docdata_ncampaign_fields; i++)
			root_fields[n++] = docdata_campaign_fields[i];
		for (size_t i = 0; i < docdata_nunit_fields; i++)
			root_fields[n++] = docdata_unit_root_fields[i];
		root_fields[n++] = rectify_field;
		root_schema = (tmpl_schema){root_fields, n, root_text, root_count, root_item};
	}
	return &root_schema;
}

/* -------------------------------------------------------------- file names */

static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
	if (k == 0 || k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return k;
}

/* Cuts s (UTF-8) to at most max bytes at a character boundary. */
static void cut_utf8(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	s[max] = '\0';
}

void hz_feedback_safe_name(const char *name, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t n = strlen((const char *)s), len = 0, cap = outsz - 1;
	if (cap > HZ_MAX_FILENAME_BYTES)
		cap = HZ_MAX_FILENAME_BYTES;
	for (size_t i = 0; i < n && len < cap;) {
		size_t k = utf8_seq(s + i, n - i);
		if (k == 0) {
			i++;
			continue;
		}
		if (k == 1) {
			char c = (char)s[i];
			if ((unsigned char)c < 0x20 || c == 0x7F) {
				i++;
				continue;
			}
			if (strchr("/\\:*?\"<>|", c))
				c = '_';
			if (c == '.' && (len == 0 || out[len - 1] == '.')) {
				i++;
				continue;
			}
			if (c == ' ' && len == 0) {
				i++;
				continue;
			}
			out[len++] = c;
		} else {
			if (len + k > cap)
				break;
			memcpy(out + len, s + i, k);
			len += k;
		}
		i += k;
	}
	while (len && (out[len - 1] == '.' || out[len - 1] == ' '))
		len--;
	out[len] = '\0';
	if (len == 0)
		snprintf(out, outsz, "%s", "未命名单位");
	{
		/* device names Windows will not open as files */
		static const char *const dev[] = {"CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4",
						  "LPT1", "LPT2", "LPT3"};
		for (size_t i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
			if (!strcasecmp(out, dev[i])) {
				size_t l = strlen(out);
				memmove(out + 1, out, l + 1);
				out[0] = '_';
				break;
			}
	}
}

/* The names already given, compared without ASCII case (the letters are
 * copied to Windows machines). */
typedef struct name_set {
	char **slot;
	size_t cap, n;
} name_set;

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ull;
	}
	return h;
}

static bool name_set_has(const name_set *ns, const char *s)
{
	for (size_t i = name_hash(s) & (ns->cap - 1); ns->slot[i]; i = (i + 1) & (ns->cap - 1))
		if (!strcasecmp(ns->slot[i], s))
			return true;
	return false;
}

static hz_code name_set_add(name_set *ns, const char *s)
{
	size_t i;
	char *dup = strdup(s);
	if (!dup)
		return HZ_E_NOMEM;
	for (i = name_hash(s) & (ns->cap - 1); ns->slot[i]; i = (i + 1) & (ns->cap - 1))
		;
	ns->slot[i] = dup;
	ns->n++;
	return HZ_OK;
}

/* A unique name: the safe name, or with （2）, （3） … before the cap. */
static hz_code unique_name(name_set *ns, const char *unit, char *out, size_t outsz)
{
	char base[HZ_MAX_FILENAME_BYTES + 8];
	hz_feedback_safe_name(unit, base, sizeof(base));
	snprintf(out, outsz, "%s", base);
	for (unsigned k = 2; name_set_has(ns, out); k++) {
		char suffix[32], stem[HZ_MAX_FILENAME_BYTES + 8];
		int sl = snprintf(suffix, sizeof(suffix), "（%u）", k);
		snprintf(stem, sizeof(stem), "%s", base);
		cut_utf8(stem, HZ_MAX_FILENAME_BYTES - (size_t)sl);
		snprintf(out, outsz, "%s%s", stem, suffix);
	}
	return name_set_add(ns, out);
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
	name_set ns = {0};
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
	for (ns.cap = 16; ns.cap < d.nlagging * 2 + 2; ns.cap *= 2)
		;
	ns.slot = calloc(ns.cap, sizeof(*ns.slot));
	if (!ns.slot) {
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
		rc = unique_name(&ns, d.lagging[i].u->name, name, sizeof(name));
		if (rc)
			break;
		snprintf(file, sizeof(file), "%s/%s.docx", tmp, name);
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
	for (size_t i = 0; i < ns.cap && ns.slot; i++)
		free(ns.slot[i]);
	free(ns.slot);
	doc_template_release(&t);
	ooxml_zip_cache_free(core_cache);
	docdata_release(&d);
	return rc;
}
