/*
 * Builds small zip packages for unit tests at test time (libzip), so the
 * fine points (GBK names, '\\' separators, stored members to corrupt) are
 * written exactly as a test needs them.  Header-only: included by the
 * pkg and xlsx_reader tests.
 */
#ifndef HZ_TEST_ZIPFIX_H
#define HZ_TEST_ZIPFIX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

typedef struct zipfix_member {
	const char *name;    /* raw bytes: may be GBK, may contain '\\' */
	const char *data;
	size_t len;          /* 0: strlen(data) */
} zipfix_member;

/* Writes members to a fresh temporary file; returns its path (static
 * buffer per call site is not needed: caller frees).  store: no deflate. */
static __attribute__((unused)) char *zipfix_write(const zipfix_member *m, size_t n, int store)
{
	char tmpl[] = "/tmp/hz_zipfix_XXXXXX";
	int fd = mkstemp(tmpl), zerr = 0;
	zip_t *za;
	if (fd < 0)
		return NULL;
	close(fd);
	za = zip_open(tmpl, ZIP_TRUNCATE, &zerr);
	if (!za)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len = m[i].len ? m[i].len : strlen(m[i].data);
		zip_source_t *src = zip_source_buffer(za, m[i].data, len, 0);
		zip_int64_t idx = zip_file_add(za, m[i].name, src, ZIP_FL_ENC_GUESS | ZIP_FL_OVERWRITE);
		if (idx < 0)
			return NULL;
		if (store)
			zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		zip_file_set_mtime(za, (zip_uint64_t)idx, 0, 0);
	}
	if (zip_close(za) != 0)
		return NULL;
	return strdup(tmpl);
}

static __attribute__((unused)) char *zipfix_write_bytes(const void *data, size_t len)
{
	char tmpl[] = "/tmp/hz_zipfix_XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0)
		return NULL;
	if (len && write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return NULL;
	}
	close(fd);
	return strdup(tmpl);
}

static __attribute__((unused)) void zipfix_remove(char *path)
{
	if (path)
		unlink(path);
	free(path);
}

#endif
