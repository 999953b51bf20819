/*
 * SHA-256 of input bytes: what the run's caches are keyed by (SPEC §10's
 * conversions, and the phase documents read on earlier nights), so that a
 * cache answers for the same bytes whatever the file is called or dated.
 */
#ifndef HZ_READ_DIGEST_H
#define HZ_READ_DIGEST_H

#include <stddef.h>
#include <sys/stat.h>

#include "hzerr.h"

#define HZ_DIGEST_SIZE 32

/* The SHA-256 of n bytes at b. */
void hz_digest_bytes(const void *b, size_t n, unsigned char out[HZ_DIGEST_SIZE]);

/* The same as 64 lowercase hex digits and a NUL. */
void hz_digest_hex(const unsigned char d[HZ_DIGEST_SIZE], char hex[HZ_DIGEST_SIZE * 2 + 1]);

/*
 * The SHA-256 of a regular file's bytes (opened as hz_open_regular does),
 * streamed: nothing of it is held.  st gets its fstat.  HZ_E_IO when it
 * cannot be opened or read (or is not a regular file), HZ_E_TOO_BIG when
 * it holds more than max_bytes (the digest is then not computed).
 */
HZ_MUST_USE hz_code hz_digest_file(const char *path, size_t max_bytes, unsigned char out[HZ_DIGEST_SIZE],
				   struct stat *st);

#endif
