#include "docx_write.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "banned.h"

/* 1980-01-01 00:00:00 in MS-DOS form: the earliest date a zip can hold, so
 * no clock and no time zone ever reaches the output. */
#define DOS_DATE_1980_01_01 ((0u << 9) | (1u << 5) | 1u)
#define DOS_TIME_MIDNIGHT 0u

/* Deflate level: fixed so the bytes depend on the data alone. */
#define DEFLATE_LEVEL 6

static unsigned tmp_counter;

static hz_code add_member(zip_t *za, const docx_member *m, hz_error *err)
{
	zip_source_t *src;
	zip_int64_t idx;

	src = zip_source_buffer(za, m->data, m->len, 0);
	if (!src)
		return hz_error_set(err, HZ_E_NOMEM, "zip source for %s: %s", m->name, zip_strerror(za));
	idx = zip_file_add(za, m->name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return hz_error_set(err, HZ_E_WRITE, "adding %s: %s", m->name, zip_strerror(za));
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, DEFLATE_LEVEL) < 0 ||
	    zip_file_set_dostime(za, (zip_uint64_t)idx, DOS_TIME_MIDNIGHT, DOS_DATE_1980_01_01, 0) < 0)
		return hz_error_set(err, HZ_E_WRITE, "setting up %s: %s", m->name, zip_strerror(za));
	return HZ_OK;
}

hz_code docx_write(const char *out_path, const docx_member *members, size_t n, hz_error *err)
{
	char tmp[4096];
	zip_t *za = NULL;
	int zerr = 0;
	hz_code rc = HZ_OK;

	for (int attempt = 0; attempt < 100 && !za; attempt++) {
		int len = snprintf(tmp, sizeof(tmp), "%s.tmp-%ld-%u", out_path, (long)getpid(), tmp_counter++);
		if (len < 0 || (size_t)len >= sizeof(tmp)) {
			hz_error_file(err, out_path);
			return hz_error_set(err, HZ_E_WRITE, "output path too long");
		}
		za = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &zerr);
		if (!za && zerr != ZIP_ER_EXISTS)
			break;
	}
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		hz_error_file(err, out_path);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot create %s: %s", tmp, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	for (size_t i = 0; i < n && rc == HZ_OK; i++)
		rc = add_member(za, &members[i], err);
	if (rc) {
		zip_discard(za);
		unlink(tmp);
		hz_error_file(err, out_path);
		return rc;
	}
	if (zip_close(za) < 0) {
		rc = hz_error_set(err, HZ_E_WRITE, "writing %s: %s", tmp, zip_strerror(za));
		zip_discard(za);
		unlink(tmp);
		hz_error_file(err, out_path);
		return rc;
	}
	if (rename(tmp, out_path) != 0) {
		int e = errno;
		unlink(tmp);
		hz_error_file(err, out_path);
		return hz_error_set(err, HZ_E_WRITE, "renaming into place: %s", strerror(e));
	}
	return HZ_OK;
}
