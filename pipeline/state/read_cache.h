/*
 * What earlier runs read, kept for the nights to come: OUTPUT_DIR/.huizong/
 * reads.sqlite maps the SHA-256 of a file's bytes to what a reader found in
 * it (an opaque value the reader packs and unpacks), under the reader's tag.
 * A plan filed in August is read every night until December; its bytes do
 * not change, so neither does what is found in it.
 *
 * A cache, never state: nothing here changes a result.  A missing, damaged,
 * unwritable or foreign file is a cache that answers nothing (a damaged or
 * foreign one is removed and started again); a value the reader cannot
 * unpack is the reader's miss.  Only the run holding the output folder's
 * lock opens it.
 */
#ifndef HZ_STATE_READ_CACHE_H
#define HZ_STATE_READ_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "read/digest.h"

typedef struct hz_read_cache hz_read_cache;

/* One entry to keep: the digest of a file's bytes and the value read from it. */
typedef struct hz_read_cache_item {
	unsigned char key[HZ_DIGEST_SIZE];
	const void *value;
	size_t len;
} hz_read_cache_item;

/*
 * Opens huizong_dir/reads.sqlite and loads the entries written under tag
 * (the reader's name and version: entries of another tag are not trusted,
 * and the next store drops them).  NULL only when out of memory; a cache
 * that cannot be used is returned empty.  Caller frees with
 * hz_read_cache_close.
 */
hz_read_cache *hz_read_cache_open(const char *huizong_dir, const char *tag);

/* The value stored for key, or NULL (*len its size).  Owned by the cache,
 * valid until it is closed.  Thread-safe: the cache does not change
 * between open and store. */
const void *hz_read_cache_find(const hz_read_cache *c, const unsigned char key[HZ_DIGEST_SIZE], size_t *len);

/*
 * Makes the file hold exactly the n entries of keep (a key twice: the first
 * counts), in one transaction; nothing is written when they are what was
 * loaded.  What earlier runs read and this one did not is dropped, so the
 * file stays the size of one campaign's documents.  Failures are ignored:
 * the next run reads what it must.
 */
void hz_read_cache_store(hz_read_cache *c, const hz_read_cache_item *keep, size_t n);

/* Entries loaded at open (for the tests and the summary). */
size_t hz_read_cache_size(const hz_read_cache *c);

void hz_read_cache_close(hz_read_cache *c);

#endif
