#include "docx_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dynbuf.h"
#include "hz_limits.h"

#include "banned.h"

/* 1980-01-01 00:00:00 in MS-DOS form: the earliest date a zip can hold, so
 * no clock and no time zone ever reaches the output. */
#define DOS_DATE_1980_01_01 ((0u << 9) | (1u << 5) | 1u)
#define DOS_TIME_MIDNIGHT 0u

/* Deflate levels: fixed, and chosen by the member's size alone, so the
 * bytes depend on the data alone.  Level 6, except for small members
 * compressed for one package only: on a letter's parts (a few KiB each)
 * level 6 took 1.75x the instructions of level 3 for 4 % fewer bytes
 * (bench/docs_bench, 300 units under callgrind: 171 M vs 98 M in deflate;
 * 反馈/ 786 KB vs 818 KB), while the report's large document.xml grew by
 * a quarter at level 3. */
#define DEFLATE_LEVEL 6
#define DEFLATE_LEVEL_SMALL 3
#define DEFLATE_SMALL_BYTES (64u * 1024)

/* Atomic: documents are written from several threads at once. */
static atomic_uint tmp_counter;

/*
 * The zip container is written here rather than by libzip: a letter is a
 * dozen small members, and libzip's archive in memory, its deflate stream
 * set up afresh for every member and the copy back out of its buffer were
 * most of a letter's computing.  The format is the plain one (no zip64, no
 * data descriptors, no extra fields): an OOXML package is far below 4 GiB
 * (HZ_MAX_DOC_OUTPUT_BYTES) and 65,535 members.
 */
typedef struct zentry {
	const char *name;
	const unsigned char *data; /* compressed */
	size_t csize, usize;
	uint32_t crc;
	size_t offset;             /* of its local header in the package */
} zentry;

struct docx_cache {
	dynbuf bytes;      /* every member's compressed bytes, one after another */
	zentry *e;         /* data is an offset into bytes until lookup */
	char **names;
	size_t n;
};

static hz_code put16(dynbuf *b, unsigned v)
{
	unsigned char x[2] = {(unsigned char)(v & 0xFF), (unsigned char)((v >> 8) & 0xFF)};
	return dynbuf_add(b, x, 2);
}

static hz_code put32(dynbuf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v & 0xFF), (unsigned char)((v >> 8) & 0xFF),
			      (unsigned char)((v >> 16) & 0xFF), (unsigned char)((v >> 24) & 0xFF)};
	return dynbuf_add(b, x, 4);
}

/* Bit 11: the name is UTF-8 (only said when it is not plain ASCII, as
 * Office does). */
static unsigned name_flags(const char *name)
{
	for (const unsigned char *s = (const unsigned char *)name; *s; s++)
		if (*s >= 0x80)
			return 1u << 11;
	return 0;
}

/* Deflates data into *scratch (grown as needed; caller frees) with z, a
 * raw-deflate stream reset for each member. */
static hz_code deflate_member(z_stream *z, int level, const char *data, size_t len, unsigned char **scratch,
			      size_t *cap, size_t *csize, hz_error *err)
{
	size_t bound;
	if (len > UINT32_MAX / 2)
		return hz_error_set(err, HZ_E_LIMIT, "member too large");
	/* after a reset nothing is pending, so deflateParams only sets */
	if (deflateReset(z) != Z_OK || deflateParams(z, level, Z_DEFAULT_STRATEGY) != Z_OK)
		return hz_error_set(err, HZ_E_INTERNAL, "deflate");
	bound = deflateBound(z, (uLong)len) + 16;
	if (bound > *cap) {
		unsigned char *p = realloc(*scratch, bound);
		if (!p)
			return hz_error_set(err, HZ_E_NOMEM, "deflate buffer");
		*scratch = p;
		*cap = bound;
	}
	z->next_in = (Bytef *)(uintptr_t)data;
	z->avail_in = (uInt)len;
	z->next_out = *scratch;
	z->avail_out = (uInt)*cap;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		return hz_error_set(err, HZ_E_INTERNAL, "deflate did not finish");
	*csize = *cap - z->avail_out;
	return HZ_OK;
}

static hz_code local_header(dynbuf *out, const zentry *e)
{
	size_t nl = strlen(e->name);
	hz_code rc;
	if ((rc = put32(out, 0x04034b50u)) || (rc = put16(out, 20)) || (rc = put16(out, name_flags(e->name))) ||
	    (rc = put16(out, 8)) || (rc = put16(out, DOS_TIME_MIDNIGHT)) || (rc = put16(out, DOS_DATE_1980_01_01)) ||
	    (rc = put32(out, e->crc)) || (rc = put32(out, (uint32_t)e->csize)) || (rc = put32(out, (uint32_t)e->usize)) ||
	    (rc = put16(out, (unsigned)nl)) || (rc = put16(out, 0)) || (rc = dynbuf_add(out, e->name, nl)))
		return rc;
	return dynbuf_add(out, e->data, e->csize);
}

static hz_code central_header(dynbuf *out, const zentry *e)
{
	size_t nl = strlen(e->name);
	hz_code rc;
	if ((rc = put32(out, 0x02014b50u)) || (rc = put16(out, 20)) || (rc = put16(out, 20)) ||
	    (rc = put16(out, name_flags(e->name))) || (rc = put16(out, 8)) || (rc = put16(out, DOS_TIME_MIDNIGHT)) ||
	    (rc = put16(out, DOS_DATE_1980_01_01)) || (rc = put32(out, e->crc)) || (rc = put32(out, (uint32_t)e->csize)) ||
	    (rc = put32(out, (uint32_t)e->usize)) || (rc = put16(out, (unsigned)nl)) || (rc = put16(out, 0)) ||
	    (rc = put16(out, 0)) || (rc = put16(out, 0)) || (rc = put16(out, 0)) || (rc = put32(out, 0)) ||
	    (rc = put32(out, (uint32_t)e->offset)))
		return rc;
	return dynbuf_add(out, e->name, nl);
}

/* The package in memory: the file system then sees one file written once. */
static hz_code build(const docx_member *members, size_t n, dynbuf *out, hz_error *err)
{
	zentry *e = calloc(n + 1, sizeof(*e));
	unsigned char *scratch = NULL;
	size_t cap = 0, cd_start;
	z_stream z;
	int z_ready = 0;
	hz_code rc = HZ_OK;

	memset(&z, 0, sizeof(z));
	if (!e)
		return hz_error_set(err, HZ_E_NOMEM, "zip entries");
	if (n > 0xFFFF) {
		rc = hz_error_set(err, HZ_E_LIMIT, "%zu members in one package", n);
		goto done;
	}
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		const docx_member *m = &members[i];
		size_t nl = m->name ? strlen(m->name) : 0;
		if (nl == 0 || nl > 0xFFFF) {
			rc = hz_error_set(err, HZ_E_INTERNAL, "bad member name");
			break;
		}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(e[k].name, m->name)) {
				rc = hz_error_set(err, HZ_E_INTERNAL, "member %s twice", m->name);
				break;
			}
		if (rc)
			break;
		if (m->cache) {
			if (m->cache_index >= m->cache->n) {
				rc = hz_error_set(err, HZ_E_INTERNAL, "no cached member %zu", m->cache_index);
				break;
			}
			e[i] = m->cache->e[m->cache_index];
			e[i].data = (const unsigned char *)m->cache->bytes.buf + (size_t)(uintptr_t)e[i].data;
			e[i].name = m->name;
		} else {
			size_t csize = 0;
			if (!z_ready) {
				if (deflateInit2(&z, DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
					rc = hz_error_set(err, HZ_E_NOMEM, "deflate");
					break;
				}
				z_ready = 1;
			}
			rc = deflate_member(&z, m->len < DEFLATE_SMALL_BYTES ? DEFLATE_LEVEL_SMALL : DEFLATE_LEVEL, m->data,
					    m->len, &scratch, &cap, &csize, err);
			if (rc)
				break;
			e[i].name = m->name;
			e[i].usize = m->len;
			e[i].csize = csize;
			e[i].crc = (uint32_t)crc32_z(0, (const Bytef *)m->data, m->len);
			e[i].offset = out->len;
			e[i].data = scratch;
			rc = local_header(out, &e[i]);
			e[i].data = NULL; /* scratch is reused */
			if (rc)
				hz_error_set(err, rc, "package too large");
			continue;
		}
		e[i].offset = out->len;
		if ((rc = local_header(out, &e[i])) != HZ_OK)
			hz_error_set(err, rc, "package too large");
	}
	if (rc)
		goto done;
	cd_start = out->len;
	for (size_t i = 0; i < n && rc == HZ_OK; i++)
		rc = central_header(out, &e[i]);
	if (rc == HZ_OK && out->len > UINT32_MAX)
		rc = HZ_E_LIMIT;
	if (rc == HZ_OK) {
		size_t cd_size = out->len - cd_start;
		(void)((rc = put32(out, 0x06054b50u)) || (rc = put16(out, 0)) || (rc = put16(out, 0)) ||
		       (rc = put16(out, (unsigned)n)) || (rc = put16(out, (unsigned)n)) ||
		       (rc = put32(out, (uint32_t)cd_size)) || (rc = put32(out, (uint32_t)cd_start)) || (rc = put16(out, 0)));
	}
	if (rc)
		hz_error_set(err, rc, "package too large");
done:
	if (z_ready)
		deflateEnd(&z);
	free(scratch);
	free(e);
	return rc;
}

static hz_code write_file(const char *path, const dynbuf *b, int flags, hz_error *err)
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
	if (close(fd) != 0)
		return hz_error_set(err, HZ_E_WRITE, "writing %s: %s", path, strerror(errno));
	return HZ_OK;
}

hz_code docx_cache_new(const docx_member *members, size_t n, docx_cache **out, hz_error *err)
{
	docx_cache *c = calloc(1, sizeof(*c));
	unsigned char *scratch = NULL;
	size_t cap = 0;
	z_stream z;
	int z_ready = 0;
	hz_code rc = HZ_OK;

	*out = NULL;
	memset(&z, 0, sizeof(z));
	if (!c)
		return hz_error_set(err, HZ_E_NOMEM, "zip cache");
	dynbuf_init(&c->bytes, HZ_MAX_PACKAGE_BYTES);
	c->e = calloc(n + 1, sizeof(*c->e));
	c->names = calloc(n + 1, sizeof(*c->names));
	if (!c->e || !c->names || deflateInit2(&z, DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		rc = hz_error_set(err, HZ_E_NOMEM, "zip cache");
		goto done;
	}
	z_ready = 1;
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		zentry *e = &c->e[i];
		size_t csize = 0;
		if (!(c->names[i] = strdup(members[i].name ? members[i].name : ""))) {
			rc = hz_error_set(err, HZ_E_NOMEM, "zip cache");
			break;
		}
		c->n = i + 1;
		if ((rc = deflate_member(&z, DEFLATE_LEVEL, members[i].data, members[i].len, &scratch, &cap, &csize,
					 err)) != HZ_OK)
			break;
		e->name = c->names[i];
		e->usize = members[i].len;
		e->csize = csize;
		e->crc = (uint32_t)crc32_z(0, (const Bytef *)members[i].data, members[i].len);
		/* an offset until used: bytes may still move as it grows */
		e->data = (const unsigned char *)(uintptr_t)c->bytes.len;
		if ((rc = dynbuf_add(&c->bytes, scratch, csize)) != HZ_OK)
			hz_error_set(err, rc, "zip cache too large");
	}
done:
	if (z_ready)
		deflateEnd(&z);
	free(scratch);
	if (rc) {
		docx_cache_free(c);
		return rc;
	}
	*out = c;
	return HZ_OK;
}

void docx_cache_free(docx_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	free(c->e);
	dynbuf_release(&c->bytes);
	free(c);
}

hz_code docx_write(const char *out_path, const docx_member *members, size_t n, hz_error *err)
{
	char tmp[4096];
	dynbuf zipped;
	hz_code rc;
	int len = snprintf(tmp, sizeof(tmp), "%s.tmp-%ld-%u", out_path, (long)getpid(), atomic_fetch_add(&tmp_counter, 1u));

	if (len < 0 || (size_t)len >= sizeof(tmp)) {
		hz_error_file(err, out_path);
		return hz_error_set(err, HZ_E_WRITE, "output path too long");
	}
	dynbuf_init(&zipped, HZ_MAX_DOC_OUTPUT_BYTES);
	rc = build(members, n, &zipped, err);
	if (rc == HZ_OK)
		rc = write_file(tmp, &zipped, O_EXCL, err);
	if (rc == HZ_OK && rename(tmp, out_path) != 0)
		rc = hz_error_set(err, HZ_E_WRITE, "renaming into place: %s", strerror(errno));
	if (rc) {
		unlink(tmp);
		hz_error_file(err, out_path);
	}
	dynbuf_release(&zipped);
	return rc;
}

hz_code docx_write_new(const char *out_path, const docx_member *members, size_t n, hz_error *err)
{
	dynbuf zipped;
	hz_code rc;
	dynbuf_init(&zipped, HZ_MAX_DOC_OUTPUT_BYTES);
	rc = build(members, n, &zipped, err);
	if (rc == HZ_OK)
		rc = write_file(out_path, &zipped, O_EXCL, err);
	if (rc)
		hz_error_file(err, out_path);
	dynbuf_release(&zipped);
	return rc;
}
