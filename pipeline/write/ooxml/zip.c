#include "write/ooxml/zip.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "write/outfile.h"

#include "banned.h"

/* 1980-01-01 00:00:00 in MS-DOS form: the earliest date a zip can hold, so
 * no clock and no time zone ever reaches the output. */
#define DOS_DATE_1980_01_01 ((0u << 9) | (1u << 5) | 1u)
#define DOS_TIME_MIDNIGHT 0u

/* Deflate levels, fixed so the bytes depend on the data alone: zlib's
 * default for a single document; 1 for letters, written by the hundred,
 * where 6 took a third more time (747 letters: 0.15 s against 0.11 s) for
 * 4 % fewer bytes.  (The report at 1 would be 46 % larger.) */
#define DEFLATE_LEVEL 6
#define DEFLATE_LEVEL_MANY 1

/* Only bytes: a zip_t reading them is opened by each package that copies
 * from them (cache_open), since one zip_t read by two threads at once (the
 * letters' two lanes) is not safe in libzip. */
struct ooxml_zip_cache {
	dynbuf bytes;      /* the members as one zip */
};

/* The caches a package being built copies from, each opened once for it;
 * they stay open until its zip_close has read them. */
typedef struct cache_readers {
	const ooxml_zip_cache **cache;
	zip_t **za;
	size_t n, cap;
} cache_readers;

static void cache_readers_close(cache_readers *r)
{
	for (size_t i = 0; i < r->n; i++)
		zip_discard(r->za[i]);
	free(r->cache);
	free(r->za);
	memset(r, 0, sizeof(*r));
}

static zip_t *cache_open(const ooxml_zip_cache *c, hz_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;

	zip_error_init(&ze);
	src = zip_source_buffer_create(c->bytes.buf, c->bytes.len, 0, &ze);
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!za) {
		hz_error_set(err, HZ_E_INTERNAL, "zip cache: %s", zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
	}
	zip_error_fini(&ze);
	return za;
}

/* The reader of c for this package (opened on first use). */
static zip_t *cache_reader(cache_readers *r, const ooxml_zip_cache *c, hz_error *err)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->cache[i] == c)
			return r->za[i];
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 4;
		const ooxml_zip_cache **nc = realloc(r->cache, cap * sizeof(*nc));
		zip_t **nz;
		if (!nc)
			return NULL;
		r->cache = nc;
		nz = realloc(r->za, cap * sizeof(*nz));
		if (!nz)
			return NULL;
		r->za = nz;
		r->cap = cap;
	}
	if (!(r->za[r->n] = cache_open(c, err)))
		return NULL;
	r->cache[r->n] = c;
	return r->za[r->n++];
}

static hz_code add_member(zip_t *za, cache_readers *readers, const ooxml_member *m, int level, hz_error *err)
{
	zip_source_t *src;
	zip_int64_t idx;

	if (m->cache) {
		zip_t *from = cache_reader(readers, m->cache, err);
		if (!from)
			return hz_error_set(err, HZ_E_NOMEM, "zip cache for %s", m->name);
		/* the whole entry: libzip copies the deflated bytes as they are */
		src = zip_source_zip(za, from, m->cache_index, 0, 0, -1);
	} else
		src = zip_source_buffer(za, m->data, m->len, 0);
	if (!src)
		return hz_error_set(err, HZ_E_NOMEM, "zip source for %s: %s", m->name, zip_strerror(za));
	idx = zip_file_add(za, m->name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return hz_error_set(err, HZ_E_WRITE, "adding %s: %s", m->name, zip_strerror(za));
	}
	if ((!m->cache && zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, (zip_uint32_t)level) < 0) ||
	    zip_file_set_dostime(za, (zip_uint64_t)idx, DOS_TIME_MIDNIGHT, DOS_DATE_1980_01_01, 0) < 0)
		return hz_error_set(err, HZ_E_WRITE, "setting up %s: %s", m->name, zip_strerror(za));
	return HZ_OK;
}

/* The package in memory: libzip on a buffer source, so the file system sees
 * one file written once (zip_close on a path would add its own temporary
 * file and rename for every package). */
static hz_code build(const ooxml_member *members, size_t n, int level, dynbuf *out, hz_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	cache_readers readers = {0};
	hz_code rc = HZ_OK;
	char chunk[65536];

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return hz_error_set(err, HZ_E_NOMEM, "zip buffer");
	}
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		rc = hz_error_set(err, HZ_E_WRITE, "zip: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_source_keep(src); /* outlives the archive: it holds the bytes */
	for (size_t i = 0; i < n && rc == HZ_OK; i++)
		rc = add_member(za, &readers, &members[i], level, err);
	if (rc) {
		zip_discard(za);
		cache_readers_close(&readers);
		zip_source_free(src);
		return rc;
	}
	if (zip_close(za) < 0) {
		rc = hz_error_set(err, HZ_E_WRITE, "zip: %s", zip_strerror(za));
		zip_discard(za);
		cache_readers_close(&readers);
		zip_source_free(src);
		return rc;
	}
	cache_readers_close(&readers);
	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
		zip_source_free(src);
		return hz_error_set(err, HZ_E_WRITE, "zip: reading back the package");
	}
	for (;;) {
		zip_int64_t got = zip_source_read(src, chunk, sizeof(chunk));
		if (got < 0) {
			rc = hz_error_set(err, HZ_E_WRITE, "zip: reading back the package");
			break;
		}
		if (got == 0)
			break;
		rc = dynbuf_add(out, chunk, (size_t)got);
		if (rc) {
			hz_error_set(err, rc, "package too large");
			break;
		}
	}
	zip_source_close(src);
	zip_source_free(src);
	return rc;
}

/* durable: fsynced before it is closed, for a file about to be renamed
 * over an output (SPEC 8.2). */
static hz_code write_file(const char *path, const dynbuf *b, int flags, int durable, hz_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | flags, 0666);
	size_t off = 0;
	if (fd < 0)
		return hz_error_set(err, HZ_E_WRITE, "cannot create %s: %s", path, strerror(errno));
	while (off < b->len) {
		ssize_t w = write(fd, b->buf + off, b->len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return hz_error_set(err, HZ_E_WRITE, "writing %s: %s", path, strerror(errno));
		}
		off += (size_t)w;
	}
	if (durable && hz_sync_fd(fd) != 0) {
		close(fd);
		return hz_error_set(err, HZ_E_WRITE, "syncing %s: %s", path, strerror(errno));
	}
	if (close(fd) != 0)
		return hz_error_set(err, HZ_E_WRITE, "writing %s: %s", path, strerror(errno));
	return HZ_OK;
}

static hz_code cache_new(const ooxml_member *members, size_t n, int level, ooxml_zip_cache **out, hz_error *err)
{
	ooxml_zip_cache *c = calloc(1, sizeof(*c));
	zip_t *check;
	hz_code rc;

	*out = NULL;
	if (!c)
		return hz_error_set(err, HZ_E_NOMEM, "zip cache");
	dynbuf_init(&c->bytes, HZ_MAX_PACKAGE_BYTES);
	rc = build(members, n, level, &c->bytes, err);
	if (rc) {
		ooxml_zip_cache_free(c);
		return rc;
	}
	/* readable, so that a package copying from it fails only for want of
	 * memory */
	if (!(check = cache_open(c, err))) {
		ooxml_zip_cache_free(c);
		return HZ_E_INTERNAL;
	}
	zip_discard(check);
	*out = c;
	return HZ_OK;
}

hz_code ooxml_zip_cache_new(const ooxml_member *members, size_t n, ooxml_zip_cache **out, hz_error *err)
{
	return cache_new(members, n, DEFLATE_LEVEL, out, err);
}

hz_code ooxml_zip_cache_new_fast(const ooxml_member *members, size_t n, ooxml_zip_cache **out, hz_error *err)
{
	return cache_new(members, n, DEFLATE_LEVEL_MANY, out, err);
}

void ooxml_zip_cache_free(ooxml_zip_cache *c)
{
	if (!c)
		return;
	dynbuf_release(&c->bytes);
	free(c);
}

hz_code ooxml_zip_write(const char *out_path, const ooxml_member *members, size_t n, hz_error *err)
{
	char tmp[4096];
	dynbuf zipped;
	hz_code rc = hz_tmp_path(out_path, tmp, sizeof(tmp), err);

	if (rc)
		return rc;
	dynbuf_init(&zipped, HZ_MAX_DOC_OUTPUT_BYTES);
	rc = build(members, n, DEFLATE_LEVEL, &zipped, err);
	if (rc == HZ_OK)
		rc = write_file(tmp, &zipped, O_EXCL, 1, err);
	if (rc == HZ_OK && rename(tmp, out_path) != 0)
		rc = hz_error_set(err, HZ_E_WRITE, "renaming into place: %s", strerror(errno));
	if (rc) {
		unlink(tmp);
		hz_error_file(err, out_path);
	}
	dynbuf_release(&zipped);
	return rc;
}

hz_code ooxml_zip_write_new(const char *out_path, const ooxml_member *members, size_t n, hz_error *err)
{
	dynbuf zipped;
	hz_code rc;
	dynbuf_init(&zipped, HZ_MAX_DOC_OUTPUT_BYTES);
	rc = build(members, n, DEFLATE_LEVEL_MANY, &zipped, err);
	if (rc == HZ_OK)
		rc = write_file(out_path, &zipped, O_EXCL, 0, err);
	if (rc)
		hz_error_file(err, out_path);
	dynbuf_release(&zipped);
	return rc;
}
