#include "campaign/phase_memo.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hz_limits.h"
#include "read/digest.h"
#include "state/read_cache.h"

#include "banned.h"

enum memo_state { MEMO_NONE, MEMO_HIT, MEMO_READ };

typedef struct memo_file {
	unsigned char key[HZ_DIGEST_SIZE];
	unsigned char state; /* enum memo_state */
	unsigned char *packed; /* MEMO_READ: what was read, packed (owned) */
	size_t len;
} memo_file;

struct hz_phase_memo {
	hz_read_cache *cache;
	memo_file *files; /* n; each written by the thread that reads it */
	size_t n;
};

hz_code hz_phase_memo_open(hz_phase_memo **out, const char *huizong_dir, size_t n, hz_error *err)
{
	hz_phase_memo *m;
	*out = NULL;
	if (!huizong_dir || !n)
		return HZ_OK;
	if (!(m = calloc(1, sizeof(*m))) || !(m->files = calloc(n, sizeof(*m->files))) ||
	    !(m->cache = hz_read_cache_open(huizong_dir, HZ_PHASE_DOC_READER))) {
		hz_phase_memo_free(m);
		return hz_error_set(err, HZ_E_NOMEM, "the cache of %zu phase files", n);
	}
	m->n = n;
	*out = m;
	return HZ_OK;
}

hz_code hz_phase_memo_read(hz_phase_memo *m, size_t i, hz_phase_doc *out, const char *path, const char *relpath,
			   normalizer *n, hz_error *err)
{
	memo_file *f;
	struct stat st;
	const void *value;
	size_t len;
	hz_code rc;

	if (!m || i >= m->n || !hz_phase_doc_worth_keeping(path, relpath))
		return hz_phase_doc_read(out, path, relpath, n, err);
	f = &m->files[i];
	/* a file that cannot be opened, or is too large, is read for its reason */
	if (hz_digest_file(path, HZ_MAX_FILE_BYTES, f->key, &st) != HZ_OK)
		return hz_phase_doc_read(out, path, relpath, n, err);
	if ((value = hz_read_cache_find(m->cache, f->key, &len)) != NULL &&
	    (rc = hz_phase_doc_unpack(value, len, out)) != HZ_E_FORMAT) {
		if (rc != HZ_OK)
			return hz_error_set(err, rc, "the cache of phase files");
		out->mtime = (long long)st.st_mtime; /* as form_open_package takes it */
		f->state = MEMO_HIT;
		return HZ_OK;
	}
	if ((rc = hz_phase_doc_read(out, path, relpath, n, err)) != HZ_OK)
		return rc; /* a refusal is read again each night: few, and its reason is not packed */
	if (hz_phase_doc_pack(out, &f->packed, &f->len) == HZ_OK)
		f->state = MEMO_READ;
	return HZ_OK;
}

void hz_phase_memo_store(hz_phase_memo *m)
{
	hz_read_cache_item *keep;
	size_t k = 0;
	if (!m || !(keep = calloc(m->n, sizeof(*keep))))
		return;
	for (size_t i = 0; i < m->n; i++) {
		const memo_file *f = &m->files[i];
		if (f->state == MEMO_NONE)
			continue;
		memcpy(keep[k].key, f->key, HZ_DIGEST_SIZE);
		if (f->state == MEMO_READ) {
			keep[k].value = f->packed;
			keep[k].len = f->len;
		} else {
			keep[k].value = hz_read_cache_find(m->cache, f->key, &keep[k].len);
		}
		k++;
	}
	hz_read_cache_store(m->cache, keep, k);
	free(keep);
}

size_t hz_phase_memo_hits(const hz_phase_memo *m)
{
	size_t hits = 0;
	for (size_t i = 0; m && i < m->n; i++)
		hits += m->files[i].state == MEMO_HIT;
	return hits;
}

void hz_phase_memo_free(hz_phase_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; m->files && i < m->n; i++)
		free(m->files[i].packed);
	free(m->files);
	hz_read_cache_close(m->cache);
	free(m);
}
