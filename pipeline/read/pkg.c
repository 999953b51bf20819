/*
 * The package: a zip opened by content (sniffed, members counted, names
 * normalised and sorted for lookup) and its members inflated through a
 * bounded stream that enforces the part, package and ratio caps.  The XML
 * parsing of members is pkg_xml.c's, the relationships pkg_rels.c's.
 */
#include "read/pkg.h"
#include "hz_open.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "hz_limits.h"
#include "read/pkg_internal.h"
#include "read/utf8.h"

#include "banned.h"

/* ---------------------------------------------------------------- names */

/* GBK/GB18030 bytes to UTF-8 (malloc'd), or NULL when they are not that either. */
static char *gb18030_to_utf8(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char *out = NULL, *in = (char *)s, *o;
	size_t inleft = n, cap = n * 4 + 1, oleft;
	if (cd == (iconv_t)-1)
		return NULL;
	out = malloc(cap);
	if (!out)
		goto done;
	o = out;
	oleft = cap - 1;
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 || inleft != 0) {
		free(out);
		out = NULL;
		goto done;
	}
	*o = '\0';
done:
	iconv_close(cd);
	return out;
}

/* The lookup key of a part name: '\\' -> '/', no leading '/', ASCII lower case. */
static char *name_key(const char *name, size_t n)
{
	char *k = malloc(n + 1);
	size_t j = 0;
	if (!k)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = name[i] == '\\' ? '/' : name[i];
		if (j == 0 && c == '/')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		k[j++] = c;
	}
	k[j] = '\0';
	return k;
}

static int member_cmp(const void *a, const void *b)
{
	const pkg_member *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* ---------------------------------------------------------------- open */

static hz_code sniff(int fd, const char *path, off_t size, hz_error *err)
{
	unsigned char head[8] = {0};
	ssize_t got = pread(fd, head, sizeof(head), 0);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (got < 0)
		return hz_error_set(err, HZ_E_IO, "%s", strerror(errno));
	if (got >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return hz_error_set(err, HZ_E_OLE, "OLE compound file");
	if (got >= 4 && head[0] == 'P' && head[1] == 'K' &&
	    ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8)))
		return HZ_OK;
	if (base[0] == '~' && base[1] == '$' && size < 4096)
		return hz_error_set(err, HZ_E_LOCKFILE, NULL);
	if (got >= 5 && memcmp(head, "%PDF-", 5) == 0)
		return hz_error_set(err, HZ_E_LEGACY, "PDF file");
	if (got >= 5 && memcmp(head, "{\\rtf", 5) == 0)
		return hz_error_set(err, HZ_E_LEGACY, "RTF file");
	if (got >= 4 && memcmp(head, "Rar!", 4) == 0)
		return hz_error_set(err, HZ_E_NOT_ZIP, "RAR archive");
	if (got >= 6 && memcmp(head, "7z\xBC\xAF\x27\x1C", 6) == 0)
		return hz_error_set(err, HZ_E_NOT_ZIP, "7-Zip archive");
	/* A zip may start with something else (self-extractor stub); libzip finds
	 * the end-of-central-directory record. */
	return HZ_OK;
}

/* Reads the end-of-central-directory record's entry count before libzip
 * builds its table, so a million-entry directory is refused cheaply. */
static hz_code check_member_count(int fd, off_t size, hz_error *err)
{
	enum { EOCD = 22, TAIL = 65535 + EOCD };
	size_t want = size < TAIL ? (size_t)size : TAIL;
	unsigned char *buf;
	ssize_t got;
	hz_code rc = HZ_OK;
	if (want < EOCD)
		return HZ_OK;
	buf = malloc(want);
	if (!buf)
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	got = pread(fd, buf, want, size - (off_t)want);
	if (got == (ssize_t)want) {
		for (size_t i = want - EOCD + 1; i-- > 0;) {
			if (buf[i] == 'P' && buf[i + 1] == 'K' && buf[i + 2] == 5 && buf[i + 3] == 6) {
				unsigned total = buf[i + 10] | (unsigned)buf[i + 11] << 8;
				if (total != 0xFFFF && total > HZ_MAX_ZIP_MEMBERS)
					rc = hz_error_set(err, HZ_E_LIMIT, "%u zip members (limit %d)", total,
							  HZ_MAX_ZIP_MEMBERS);
				break;
			}
		}
	}
	free(buf);
	return rc;
}

static hz_code zip_open_error(int zerr, int looks_zip, hz_error *err)
{
	zip_error_t ze;
	hz_code code;
	zip_error_init_with_code(&ze, zerr);
	switch (zerr) {
	case ZIP_ER_MEMORY:
		code = HZ_E_NOMEM;
		break;
	case ZIP_ER_OPEN:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		code = HZ_E_IO;
		break;
	case ZIP_ER_NOZIP:
		code = looks_zip ? HZ_E_ZIP_CORRUPT : HZ_E_NOT_ZIP;
		break;
	default:
		code = HZ_E_ZIP_CORRUPT;
		break;
	}
	hz_error_set(err, code, "%s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return code;
}

hz_code pkg_open(pkg **out, const char *path, hz_error *err)
{
	pkg *p = NULL;
	struct stat st;
	int fd = -1, zerr = 0;
	unsigned char head[4] = {0};
	zip_int64_t n;
	hz_code rc = HZ_OK;

	*out = NULL;
	pkg_xml_init();
	/* a FIFO put in a file's place never blocks the run (hz_open.h) */
	fd = hz_open_regular(path, &st);
	if (fd < 0) {
		struct stat ls;
		const char *kind = errno == EINVAL && stat(path, &ls) == 0 ? hz_file_kind(ls.st_mode) : NULL;
		if (kind)
			rc = hz_error_set(err, HZ_E_IO, "%s, not a regular file: not read", kind);
		else
			rc = hz_error_set(err, HZ_E_IO, "%s", hz_open_error(errno));
		goto fail;
	}
	if (st.st_size == 0) {
		rc = hz_error_set(err, HZ_E_EMPTY, NULL);
		goto fail;
	}
	if ((uint64_t)st.st_size > HZ_MAX_FILE_BYTES) {
		rc = hz_error_set(err, HZ_E_TOO_BIG, "%lld bytes", (long long)st.st_size);
		goto fail;
	}
	if ((rc = sniff(fd, path, st.st_size, err)) != HZ_OK)
		goto fail;
	if ((rc = check_member_count(fd, st.st_size, err)) != HZ_OK)
		goto fail;
	(void)!pread(fd, head, sizeof(head), 0);

	p = calloc(1, sizeof(*p));
	if (!p || !(p->path = strdup(path))) {
		rc = hz_error_set(err, HZ_E_NOMEM, NULL);
		goto fail;
	}
	p->za = zip_fdopen(fd, ZIP_RDONLY, &zerr);
	if (!p->za) {
		rc = zip_open_error(zerr, head[0] == 'P' && head[1] == 'K', err);
		goto fail;
	}
	fd = -1; /* libzip owns it now */
	n = zip_get_num_entries(p->za, 0);
	if (n < 0 || n > HZ_MAX_ZIP_MEMBERS) {
		rc = hz_error_set(err, HZ_E_LIMIT, "%lld zip members (limit %d)", (long long)n, HZ_MAX_ZIP_MEMBERS);
		goto fail;
	}
	p->members = calloc(n ? (size_t)n : 1, sizeof(*p->members));
	if (!p->members) {
		rc = hz_error_set(err, HZ_E_NOMEM, NULL);
		goto fail;
	}
	for (zip_int64_t i = 0; i < n; i++) {
		const char *raw = zip_get_name(p->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		char *conv = NULL, *key;
		size_t len;
		if (!raw)
			continue;
		len = strlen(raw);
		if (!hz_utf8_valid(raw, len))
			conv = gb18030_to_utf8(raw, len);
		key = conv ? name_key(conv, strlen(conv)) : name_key(raw, len);
		free(conv);
		if (!key) {
			rc = hz_error_set(err, HZ_E_NOMEM, NULL);
			goto fail;
		}
		p->members[p->nmembers].key = key;
		p->members[p->nmembers].index = (zip_uint64_t)i;
		p->nmembers++;
	}
	qsort(p->members, p->nmembers, sizeof(*p->members), member_cmp);
	*out = p;
	return HZ_OK;
fail:
	hz_error_file(err, path); /* err is filled only on failure */
	if (fd >= 0)
		close(fd);
	pkg_free(p);
	return rc;
}
void pkg_free(pkg *p)
{
	if (!p)
		return;
	if (p->za)
		zip_discard(p->za);
	for (size_t i = 0; i < p->nmembers; i++)
		free(p->members[i].key);
	free(p->members);
	pkg_rels_clear(&p->rels[0]);
	pkg_rels_clear(&p->rels[1]);
	free(p->path);
	free(p);
}

const char *pkg_path(const pkg *p)
{
	return p->path;
}

int64_t pkg_find(const pkg *p, const char *part)
{
	char *key;
	size_t lo = 0, hi = p->nmembers;
	int64_t found = -1;
	if (!part)
		return -1;
	key = name_key(part, strlen(part));
	if (!key)
		return -1;
	while (lo < hi) { /* first of equal keys: the earliest member wins */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(p->members[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nmembers && strcmp(p->members[lo].key, key) == 0)
		found = (int64_t)p->members[lo].index;
	free(key);
	return found;
}

/* ------------------------------------------------------ bounded reading */

static hz_code stream_open_at(pkg *p, int64_t idx, member_stream *ms, hz_error *err)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(p->za, (zip_uint64_t)idx, 0, &st) != 0)
		return hz_error_set(err, HZ_E_ZIP_CORRUPT, "%s", zip_strerror(p->za));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return hz_error_set(err, HZ_E_ZIP_ENCRYPTED, NULL);
	if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported((zip_int32_t)st.comp_method, 0))
		return hz_error_set(err, HZ_E_ZIP_CORRUPT, "unsupported compression method %u",
				    (unsigned)st.comp_method);
	/* The declared sizes are only used to refuse early; the caps are
	 * enforced on the bytes actually inflated. */
	if ((st.valid & ZIP_STAT_SIZE) && st.size > HZ_MAX_PART_BYTES)
		return hz_error_set(err, HZ_E_LIMIT, "member declares %llu bytes (limit %llu)",
				    (unsigned long long)st.size, (unsigned long long)HZ_MAX_PART_BYTES);
	ms->comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	ms->zf = zip_fopen_index(p->za, (zip_uint64_t)idx, 0);
	if (!ms->zf) {
		zip_error_t *ze = zip_get_error(p->za);
		int ec = zip_error_code_zip(ze);
		if (ec == ZIP_ER_NOPASSWD || ec == ZIP_ER_WRONGPASSWD || ec == ZIP_ER_ENCRNOTSUPP)
			return hz_error_set(err, HZ_E_ZIP_ENCRYPTED, NULL);
		if (ec == ZIP_ER_MEMORY)
			return hz_error_set(err, HZ_E_NOMEM, NULL);
		return hz_error_set(err, HZ_E_ZIP_CORRUPT, "%s", zip_error_strerror(ze));
	}
	return HZ_OK;
}

hz_code pkg_stream_open(pkg *p, const char *part, member_stream *ms, hz_error *err)
{
	int64_t idx;
	memset(ms, 0, sizeof(*ms));
	ms->p = p;
	hz_error_part(err, part);
	idx = pkg_find(p, part);
	if (idx < 0)
		return hz_error_set(err, HZ_E_NO_PART, "no member '%s'", part);
	return stream_open_at(p, idx, ms, err);
}

/* Inflates up to n bytes into buf; *got = 0 at the end of the member. */
hz_code pkg_stream_read(member_stream *ms, void *buf, size_t n, size_t *got, hz_error *err)
{
	zip_int64_t r = zip_fread(ms->zf, buf, n);
	*got = 0;
	if (r < 0) {
		zip_error_t *ze = zip_file_get_error(ms->zf);
		return hz_error_set(err, HZ_E_ZIP_CORRUPT, "%s", zip_error_strerror(ze));
	}
	/* libzip's CRC layer compares the CRC-32 at the end of the member and
	 * fails the last read (ZIP_ER_CRC); test_pkg checks that it does. */
	if (r == 0)
		return HZ_OK;
	ms->inflated += (uint64_t)r;
	ms->p->inflated_total += (uint64_t)r;
	if (ms->inflated > HZ_MAX_PART_BYTES)
		return hz_error_set(err, HZ_E_LIMIT, "member inflates beyond %llu bytes",
				    (unsigned long long)HZ_MAX_PART_BYTES);
	if (ms->p->inflated_total > HZ_MAX_PACKAGE_BYTES)
		return hz_error_set(err, HZ_E_LIMIT, "package inflates beyond %llu bytes",
				    (unsigned long long)HZ_MAX_PACKAGE_BYTES);
	if (ms->inflated > HZ_RATIO_SLACK_BYTES && ms->inflated / HZ_MAX_INFLATE_RATIO > ms->comp_size)
		return hz_error_set(err, HZ_E_LIMIT, "compression ratio above %u:1", HZ_MAX_INFLATE_RATIO);
	*got = (size_t)r;
	return HZ_OK;
}

void pkg_stream_close(member_stream *ms)
{
	if (ms->zf)
		zip_fclose(ms->zf);
	ms->zf = NULL;
}

/* The rest of an opened member into out (rc: how the opening went). */
static hz_code read_whole(member_stream *ms, hz_code rc, dynbuf *out, hz_error *err)
{
	char buf[HZ_XML_CHUNK_BYTES];
	if (out->toobig > HZ_MAX_PART_BYTES)
		out->toobig = HZ_MAX_PART_BYTES;
	while (rc == HZ_OK) {
		size_t got;
		rc = pkg_stream_read(ms, buf, sizeof(buf), &got, err);
		if (rc != HZ_OK || got == 0)
			break;
		rc = dynbuf_add(out, buf, got);
		if (rc == HZ_E_LIMIT)
			hz_error_set(err, rc, "member larger than %zu bytes", out->toobig);
		else if (rc != HZ_OK)
			hz_error_set(err, rc, NULL);
	}
	pkg_stream_close(ms);
	return rc;
}

hz_code pkg_read_part(pkg *p, const char *part, dynbuf *out, hz_error *err)
{
	member_stream ms;
	return read_whole(&ms, pkg_stream_open(p, part, &ms, err), out, err);
}

size_t pkg_member_count(const pkg *p)
{
	zip_int64_t n = zip_get_num_entries(p->za, 0);
	return n > 0 ? (size_t)n : 0;
}

const char *pkg_member_name(const pkg *p, size_t i)
{
	return zip_get_name(p->za, (zip_uint64_t)i, 0);
}

hz_code pkg_read_member(pkg *p, size_t i, dynbuf *out, hz_error *err)
{
	member_stream ms;
	const char *name = pkg_member_name(p, i);
	memset(&ms, 0, sizeof(ms));
	ms.p = p;
	hz_error_part(err, name ? name : "");
	if (!name || i >= pkg_member_count(p))
		return hz_error_set(err, HZ_E_NO_PART, "no member %zu", i);
	return read_whole(&ms, stream_open_at(p, (int64_t)i, &ms, err), out, err);
}

