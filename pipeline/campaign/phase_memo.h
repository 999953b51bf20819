/*
 * The phase documents read on earlier nights (SPEC §9): a file whose bytes
 * an earlier run read is not parsed again; what was found in it comes from
 * OUTPUT_DIR/.huizong/reads.sqlite (state/read_cache.h), keyed by the
 * SHA-256 of its bytes.  The results are the same with or without it.
 */
#ifndef HZ_CAMPAIGN_PHASE_MEMO_H
#define HZ_CAMPAIGN_PHASE_MEMO_H

#include <stddef.h>

#include "hzerr.h"
#include "recognise/phase_doc.h"

typedef struct hz_phase_memo hz_phase_memo;

/* For the n files of phases/, the cache of huizong_dir (NULL: none, every
 * file read).  *out NULL when huizong_dir is.  HZ_E_NOMEM only.  Caller
 * frees with hz_phase_memo_free. */
HZ_MUST_USE hz_code hz_phase_memo_open(hz_phase_memo **out, const char *huizong_dir, size_t n, hz_error *err);

/* File i (path, relpath) as hz_phase_doc_read reads it, from the cache when
 * its bytes are there.  m may be NULL.  Thread-safe for distinct i. */
HZ_MUST_USE hz_code hz_phase_memo_read(hz_phase_memo *m, size_t i, hz_phase_doc *out, const char *path,
				       const char *relpath, normalizer *n, hz_error *err);

/* After every file is read: the cache keeps what this run read, nothing
 * else.  Failures are the cache's (the next run reads again). */
void hz_phase_memo_store(hz_phase_memo *m);

/* Files answered from the cache (for the summary and the tests). */
size_t hz_phase_memo_hits(const hz_phase_memo *m);

void hz_phase_memo_free(hz_phase_memo *m);

#endif
