#include "read/pkg.h"
#include "hz_open.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "hz_limits.h"

#include "banned.h"

typedef struct pkg_member {
	char *key;      /* UTF-8, '/' separators, no leading '/', ASCII lower case */
	zip_uint64_t index;
} pkg_member;

typedef struct pkg_rel {
	char *id, *type, *target; /* target resolved to a part name */
} pkg_rel;

typedef struct rels_set {
	char *source;
	pkg_rel *rels;
	size_t nrels;
	/* A failed load is kept too, so that asking again (form.c's sniff, then
	 * the reader, on one package) gives the same answer without inflating
	 * the part a second time against the package total. */
	hz_code rc;
	hz_error err;
} rels_set;

struct pkg {
	char *path;
	zip_t *za;
	pkg_member *members;
	size_t nmembers;
	uint64_t inflated_total; /* every member inflated so far, against HZ_MAX_PACKAGE_BYTES */
	/* Relationships, kept once parsed: [0] the package's own (_rels/.rels,
	 * asked for the main part and again for the core properties), [1] the
	 * last other source looked up (the xlsx reader asks the workbook's
	 * rels once per sheet). */
	rels_set rels[2];
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

/* ---------------------------------------------------------------- names */

static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			k = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			k = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

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
	hz_error_file(err, path);
	pthread_once(&xml_once, xml_init);
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
		if (!valid_utf8((const unsigned char *)raw, len))
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
	if (fd >= 0)
		close(fd);
	pkg_free(p);
	return rc;
}

static void rels_clear(rels_set *rs)
{
	for (size_t i = 0; i < rs->nrels; i++) {
		free(rs->rels[i].id);
		free(rs->rels[i].type);
		free(rs->rels[i].target);
	}
	free(rs->rels);
	free(rs->source);
	rs->rels = NULL;
	rs->source = NULL;
	rs->nrels = 0;
	rs->rc = HZ_OK;
}

static void rels_error_copy(hz_error *dst, const hz_error *src)
{
	if (!dst)
		return;
	dst->code = src->code;
	memcpy(dst->part, src->part, sizeof(dst->part));
	memcpy(dst->where, src->where, sizeof(dst->where));
	memcpy(dst->detail, src->detail, sizeof(dst->detail));
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
	rels_clear(&p->rels[0]);
	rels_clear(&p->rels[1]);
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

/* One member being inflated, with the caps counted on what comes out. */
typedef struct member_stream {
	pkg *p;
	zip_file_t *zf;
	uint64_t comp_size;
	uint64_t inflated;
} member_stream;

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

static hz_code stream_open(pkg *p, const char *part, member_stream *ms, hz_error *err)
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
static hz_code stream_read(member_stream *ms, void *buf, size_t n, size_t *got, hz_error *err)
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

static void stream_close(member_stream *ms)
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
		rc = stream_read(ms, buf, sizeof(buf), &got, err);
		if (rc != HZ_OK || got == 0)
			break;
		rc = dynbuf_add(out, buf, got);
		if (rc == HZ_E_LIMIT)
			hz_error_set(err, rc, "member larger than %zu bytes", out->toobig);
		else if (rc != HZ_OK)
			hz_error_set(err, rc, NULL);
	}
	stream_close(ms);
	return rc;
}

hz_code pkg_read_part(pkg *p, const char *part, dynbuf *out, hz_error *err)
{
	member_stream ms;
	return read_whole(&ms, stream_open(p, part, &ms, err), out, err);
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

/* ------------------------------------------------------------------ XML */

struct pkg_xml {
	member_stream ms;
	xmlParserCtxtPtr ctxt;
	xmlSAXHandler user_sax; /* the caller's callbacks */
	void *user;
	int depth;
	size_t text_len;        /* current run of character data */
	hz_code stop;           /* a cap or a refusal hit inside a callback */
	char stop_detail[160];
	int err_line, err_col;  /* first libxml2 error */
	char err_msg[200];
	int finished;
	/* attributes handed on with "&#38;" turned back into "&" (libxml2
	 * keeps it escaped when entities are not substituted) */
	const xmlChar **attrs;
	size_t attrs_cap;
	dynbuf attr_text;
	char buf[HZ_XML_CHUNK_BYTES];
};

static void halt(pkg_xml *x, hz_code code, const char *detail)
{
	if (x->stop == HZ_OK) {
		x->stop = code;
		snprintf(x->stop_detail, sizeof(x->stop_detail), "%s", detail);
		if (x->ctxt && x->ctxt->input) {
			x->err_line = x->ctxt->input->line;
			x->err_col = x->ctxt->input->col;
		}
	}
	if (x->ctxt)
		xmlStopParser(x->ctxt);
}

/* A copy of the attribute array whose values have "&#38;" decoded; the
 * copies live in x->attr_text until the next element.  NULL when out of
 * memory (the parse is then stopped). */
static const xmlChar **unescape_attrs(pkg_xml *x, const xmlChar **attributes, int n)
{
	size_t need = (size_t)n * 5, total = 0;
	char *base;
	if (x->attrs_cap < need) {
		const xmlChar **g = realloc(x->attrs, need * sizeof(*g));
		if (!g) {
			halt(x, HZ_E_NOMEM, "attributes");
			return NULL;
		}
		x->attrs = g;
		x->attrs_cap = need;
	}
	dynbuf_reset(&x->attr_text);
	for (int i = 0; i < n; i++) {
		const char *v = (const char *)attributes[5 * i + 3], *e = (const char *)attributes[5 * i + 4];
		for (const char *c = v; c < e;) {
			if (c + 5 <= e && memcmp(c, "&#38;", 5) == 0) {
				c += 5;
				if (dynbuf_addc(&x->attr_text, '&') != HZ_OK)
					goto nomem;
			} else if (dynbuf_addc(&x->attr_text, *c++) != HZ_OK) {
				goto nomem;
			}
		}
	}
	base = x->attr_text.buf;
	for (int i = 0; i < n; i++) {
		const char *v = (const char *)attributes[5 * i + 3], *e = (const char *)attributes[5 * i + 4];
		size_t len = 0;
		for (const char *c = v; c < e; len++)
			c += (c + 5 <= e && memcmp(c, "&#38;", 5) == 0) ? 5 : 1;
		memcpy(x->attrs + 5 * i, attributes + 5 * i, 3 * sizeof(*x->attrs));
		x->attrs[5 * i + 3] = (const xmlChar *)(base ? base + total : "");
		x->attrs[5 * i + 4] = (const xmlChar *)(base ? base + total + len : "");
		total += len;
	}
	return x->attrs;
nomem:
	halt(x, HZ_E_LIMIT, "attributes too long");
	return NULL;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		     const xmlChar **attributes)
{
	pkg_xml *x = ctx;
	if (x->stop)
		return;
	if (++x->depth > HZ_MAX_XML_DEPTH) {
		halt(x, HZ_E_LIMIT, "elements nested deeper than the limit");
		return;
	}
	x->text_len = 0;
	if (!x->user_sax.startElementNs)
		return;
	for (int i = 0; i < nb_attributes; i++) {
		const xmlChar *v = attributes[5 * i + 3], *e = attributes[5 * i + 4];
		if (memchr(v, '&', (size_t)(e - v))) {
			attributes = unescape_attrs(x, attributes, nb_attributes);
			if (!attributes)
				return;
			break;
		}
	}
	x->user_sax.startElementNs(x->user, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes,
				   nb_defaulted, attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	pkg_xml *x = ctx;
	if (x->stop)
		return;
	x->depth--;
	x->text_len = 0;
	if (x->user_sax.endElementNs)
		x->user_sax.endElementNs(x->user, localname, prefix, URI);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	pkg_xml *x = ctx;
	if (x->stop)
		return;
	x->text_len += (size_t)len;
	if (x->text_len > HZ_MAX_TEXT_BYTES) {
		halt(x, HZ_E_LIMIT, "text longer than the limit");
		return;
	}
	if (x->user_sax.characters)
		x->user_sax.characters(x->user, ch, len);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
	pkg_xml *x = ctx;
	if (x->stop)
		return;
	x->text_len += (size_t)len;
	if (x->text_len > HZ_MAX_TEXT_BYTES) {
		halt(x, HZ_E_LIMIT, "text longer than the limit");
		return;
	}
	if (x->user_sax.cdataBlock)
		x->user_sax.cdataBlock(x->user, ch, len);
	else if (x->user_sax.characters)
		x->user_sax.characters(x->user, ch, len);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
			   const xmlChar *systemId, xmlChar *content)
{
	(void)name, (void)type, (void)publicId, (void)systemId, (void)content;
	halt(ctx, HZ_E_ENTITY, "entity declaration");
}

static void on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *publicId,
				    const xmlChar *systemId, const xmlChar *notationName)
{
	(void)name, (void)publicId, (void)systemId, (void)notationName;
	halt(ctx, HZ_E_ENTITY, "entity declaration");
}

/* Never resolve an entity, not even one libxml2 recorded: no expansion. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	return xmlGetPredefinedEntity(name);
}

static void on_reference(void *ctx, const xmlChar *name)
{
	(void)name;
	halt(ctx, HZ_E_ENTITY, "entity reference");
}

/* libxml2 reports here instead of printing on stderr. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	pkg_xml *x = ctx;
	if (!e || x->err_msg[0] || x->stop)
		return;
	if (e->level < XML_ERR_ERROR)
		return;
	x->err_line = e->line;
	x->err_col = e->int2;
	snprintf(x->err_msg, sizeof(x->err_msg), "%s", e->message ? e->message : "XML error");
	/* drop the trailing newline libxml2 puts on messages */
	for (size_t n = strlen(x->err_msg); n > 0 && (x->err_msg[n - 1] == '\n' || x->err_msg[n - 1] == ' ');)
		x->err_msg[--n] = '\0';
}

void pkg_xml_close(pkg_xml *x)
{
	if (!x)
		return;
	if (x->ctxt) {
		if (x->ctxt->myDoc)
			xmlFreeDoc(x->ctxt->myDoc);
		xmlFreeParserCtxt(x->ctxt);
	}
	stream_close(&x->ms);
	free(x->attrs);
	dynbuf_release(&x->attr_text);
	free(x);
}

hz_code pkg_xml_open(pkg *p, const char *part, const xmlSAXHandler *sax, void *ctx, pkg_xml **out, hz_error *err)
{
	pkg_xml *x;
	xmlSAXHandler h;
	hz_code rc;

	*out = NULL;
	pthread_once(&xml_once, xml_init);
	/* Not calloc: buf (64 KiB) is always written before it is read, and
	 * zeroing it for each of the ~15 parts of every file was a tenth of
	 * the reading's instructions. */
	x = malloc(sizeof(*x));
	if (!x)
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	memset(x, 0, offsetof(pkg_xml, buf));
	rc = stream_open(p, part, &x->ms, err);
	if (rc != HZ_OK)
		goto fail;
	x->user_sax = *sax;
	x->user = ctx;
	dynbuf_init(&x->attr_text, HZ_MAX_ATTR_BYTES);

	memset(&h, 0, sizeof(h));
	h.initialized = XML_SAX2_MAGIC;
	h.startElementNs = on_start;
	h.endElementNs = on_end;
	h.characters = on_text;
	h.ignorableWhitespace = on_text;
	h.cdataBlock = on_cdata;
	h.entityDecl = on_entity_decl;
	h.unparsedEntityDecl = on_unparsed_entity_decl;
	h.getEntity = on_get_entity;
	h.getParameterEntity = NULL;
	h.reference = on_reference;
	h.serror = on_error;

	x->ctxt = xmlCreatePushParserCtxt(&h, x, NULL, 0, part);
	if (!x->ctxt) {
		rc = hz_error_set(err, HZ_E_NOMEM, "cannot create XML parser");
		goto fail;
	}
	/* No NOENT, no DTDLOAD, no DTDATTR: nothing outside the part is read
	 * and no entity is expanded. */
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	x->ctxt->replaceEntities = 0;
	x->ctxt->loadsubset = 0;
	x->ctxt->validate = 0;
	*out = x;
	return HZ_OK;
fail:
	pkg_xml_close(x);
	return rc;
}

static hz_code xml_failure(pkg_xml *x, hz_error *err)
{
	if (x->stop != HZ_OK) {
		if (x->err_line > 0)
			hz_error_where(err, "line %d column %d", x->err_line, x->err_col);
		return hz_error_set(err, x->stop, "%s", x->stop_detail);
	}
	if (x->err_line > 0)
		hz_error_where(err, "line %d column %d", x->err_line, x->err_col);
	return hz_error_set(err, HZ_E_XML, "%s", x->err_msg[0] ? x->err_msg : "not well-formed");
}

hz_code pkg_xml_feed(pkg_xml *x, int *done, hz_error *err)
{
	size_t got = 0;
	hz_code rc;
	int perr;
	*done = 0;
	if (x->finished) {
		*done = 1;
		return HZ_OK;
	}
	rc = stream_read(&x->ms, x->buf, sizeof(x->buf), &got, err);
	if (rc != HZ_OK)
		return rc;
	perr = xmlParseChunk(x->ctxt, got ? x->buf : NULL, (int)got, got == 0);
	if (x->stop != HZ_OK || perr != 0 || !x->ctxt->wellFormed || x->err_msg[0])
		return xml_failure(x, err);
	if (got == 0) {
		x->finished = 1;
		*done = 1;
	}
	return HZ_OK;
}

hz_code pkg_parse_xml(pkg *p, const char *part, const xmlSAXHandler *sax, void *ctx, hz_error *err)
{
	pkg_xml *x = NULL;
	int done = 0;
	hz_code rc = pkg_xml_open(p, part, sax, ctx, &x, err);
	while (rc == HZ_OK && !done)
		rc = pkg_xml_feed(x, &done, err);
	pkg_xml_close(x);
	return rc;
}

/* -------------------------------------------------------- relationships */

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"; "" -> "_rels/.rels". */
static char *rels_part(const char *source)
{
	const char *slash = strrchr(source, '/');
	size_t dir = slash ? (size_t)(slash - source + 1) : 0;
	size_t n = strlen(source) + 16;
	char *r = malloc(n);
	if (!r)
		return NULL;
	snprintf(r, n, "%.*s_rels/%s.rels", (int)dir, source, source + dir);
	return r;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Resolves target against the folder of source: absolute targets start at
 * the package root; "." and ".." segments are folded; %XX is decoded. */
static char *resolve_target(const char *source, const char *target)
{
	size_t tl = strlen(target), sl = strlen(source);
	char *joined = malloc(sl + tl + 2), *out;
	size_t j = 0, o = 0;
	if (!joined)
		return NULL;
	if (target[0] == '/' || target[0] == '\\') {
		target++;
		tl--;
	} else {
		const char *slash = strrchr(source, '/');
		if (slash) {
			memcpy(joined, source, (size_t)(slash - source + 1));
			j = (size_t)(slash - source + 1);
		}
	}
	for (size_t i = 0; i < tl; i++) {
		char c = target[i];
		if (c == '%' && i + 2 < tl + 1 && hexval(target[i + 1]) >= 0 && hexval(target[i + 2]) >= 0) {
			c = (char)(hexval(target[i + 1]) * 16 + hexval(target[i + 2]));
			i += 2;
		} else if (c == '\\') {
			c = '/';
		}
		joined[j++] = c;
	}
	joined[j] = '\0';
	out = malloc(j + 1);
	if (!out) {
		free(joined);
		return NULL;
	}
	/* fold segments */
	for (size_t i = 0; i <= j;) {
		size_t e = i;
		while (e < j && joined[e] != '/')
			e++;
		size_t len = e - i;
		if (len == 0 || (len == 1 && joined[i] == '.')) {
			/* skip */
		} else if (len == 2 && joined[i] == '.' && joined[i + 1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			if (o > 0 && out[o - 1] != '/')
				out[o++] = '/';
			memcpy(out + o, joined + i, len);
			o += len;
			out[o++] = '/';
		}
		i = e + 1;
	}
	if (o > 0 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	free(joined);
	return out;
}

typedef struct rels_parse {
	rels_set *p;
	const char *source;
	hz_code rc;
} rels_parse;

static const char *attr(const xmlChar **attrs, int n, const char *local, size_t *len)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (strcmp((const char *)a[0], local) == 0 && a[2] == NULL) {
			*len = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	}
	return NULL;
}

static char *attr_dup(const xmlChar **attrs, int n, const char *local)
{
	size_t len = 0;
	const char *v = attr(attrs, n, local, &len);
	return v ? strndup(v, len) : NULL;
}

/* Room for element n of an array grown one element at a time: the
 * capacity doubles at powers of two, so n appends copy O(n) elements in
 * all (one realloc per append made 40,000 relationships quadratic under ASan
 * and valgrind, whose realloc always moves).  NULL when out of memory,
 * the array then unchanged. */
static void *grow_one(void *arr, size_t n, size_t elsize)
{
	if (n & (n - 1))
		return arr; /* capacity is the next power of two, not yet full */
	return realloc(arr, (n ? 2 * n : 1) * elsize);
}

static void rels_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		       int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		       const xmlChar **attributes)
{
	rels_parse *rp = ctx;
	rels_set *p = rp->p;
	char *id, *type, *target, *mode;
	pkg_rel *grown;
	(void)prefix, (void)URI, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
	if (rp->rc != HZ_OK || strcmp((const char *)localname, "Relationship") != 0)
		return;
	if (p->nrels >= HZ_MAX_RELS) {
		rp->rc = HZ_E_LIMIT;
		return;
	}
	id = attr_dup(attributes, nb_attributes, "Id");
	type = attr_dup(attributes, nb_attributes, "Type");
	target = attr_dup(attributes, nb_attributes, "Target");
	mode = attr_dup(attributes, nb_attributes, "TargetMode");
	if (!type || !target || (mode && strcmp(mode, "External") == 0)) {
		free(id), free(type), free(target), free(mode);
		return;
	}
	free(mode);
	grown = grow_one(p->rels, p->nrels, sizeof(*p->rels));
	if (!grown) {
		free(id), free(type), free(target);
		rp->rc = HZ_E_NOMEM;
		return;
	}
	p->rels = grown;
	p->rels[p->nrels].id = id ? id : strdup("");
	p->rels[p->nrels].type = type;
	p->rels[p->nrels].target = resolve_target(rp->source, target);
	free(target);
	if (!p->rels[p->nrels].id || !p->rels[p->nrels].target) {
		free(p->rels[p->nrels].id);
		free(p->rels[p->nrels].target);
		free(type);
		rp->rc = HZ_E_NOMEM;
		return;
	}
	p->nrels++;
}

/* Loads (or reuses) the relationships of source.  A missing rels part is
 * no relationships, not an error. */
static hz_code rels_load(pkg *p, const char *source, const rels_set **out, hz_error *err)
{
	xmlSAXHandler sax;
	rels_set *rs = &p->rels[source[0] ? 1 : 0];
	rels_parse rp = {rs, source, HZ_OK};
	char *part;
	hz_code rc;
	hz_error local;
	*out = rs;
	if (rs->source && strcmp(rs->source, source) == 0) {
		if (rs->rc != HZ_OK)
			rels_error_copy(err, &rs->err);
		return rs->rc;
	}
	rels_clear(rs);
	if (!(rs->source = strdup(source)))
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	part = rels_part(source);
	if (!part) {
		rels_clear(rs);
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	}
	if (pkg_find(p, part) < 0) {
		free(part);
		return HZ_OK;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = rels_start;
	hz_error_clear(&local);
	rc = pkg_parse_xml(p, part, &sax, &rp, &local);
	if (rc == HZ_OK && rp.rc != HZ_OK)
		rc = hz_error_set(&local, rp.rc, "relationships");
	if (rc != HZ_OK) {
		rels_error_copy(err, &local);
		rels_clear(rs);
		/* NOMEM is not the part's fault: let a later call try again */
		if (rc != HZ_E_NOMEM && (rs->source = strdup(source)) != NULL) {
			rs->rc = rc;
			rs->err = local;
		}
	}
	free(part);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

char *pkg_rel_target(pkg *p, const char *source, const char *type_suffix, hz_error *err)
{
	const rels_set *rs;
	if (rels_load(p, source ? source : "", &rs, err) != HZ_OK)
		return NULL;
	for (size_t i = 0; i < rs->nrels; i++)
		if (ends_with(rs->rels[i].type, type_suffix))
			return strdup(rs->rels[i].target);
	return NULL;
}

/* The relationship of source with this id, or NULL. */
static const pkg_rel *rel_by_id(pkg *p, const char *source, const char *id, hz_error *err)
{
	const rels_set *rs;
	if (rels_load(p, source ? source : "", &rs, err) != HZ_OK)
		return NULL;
	for (size_t i = 0; i < rs->nrels; i++)
		if (strcmp(rs->rels[i].id, id) == 0)
			return &rs->rels[i];
	return NULL;
}

char *pkg_rel_target_by_id(pkg *p, const char *source, const char *id, hz_error *err)
{
	const pkg_rel *rel = rel_by_id(p, source, id, err);
	return rel ? strdup(rel->target) : NULL;
}

char *pkg_rel_type_by_id(pkg *p, const char *source, const char *id, hz_error *err)
{
	const pkg_rel *rel = rel_by_id(p, source, id, err);
	return rel ? strdup(rel->type) : NULL;
}

/* ------------------------------------------------------------ core.xml */

typedef struct core_parse {
	int in_modified;
	int found;
	dynbuf text;
} core_parse;

static void core_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		       int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		       const xmlChar **attributes)
{
	core_parse *cp = ctx;
	(void)prefix, (void)URI, (void)nb_namespaces, (void)namespaces, (void)nb_attributes, (void)nb_defaulted,
		(void)attributes;
	if (!cp->found && strcmp((const char *)localname, "modified") == 0) {
		cp->in_modified = 1;
		dynbuf_reset(&cp->text);
	}
}

static void core_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	core_parse *cp = ctx;
	(void)prefix, (void)URI;
	if (cp->in_modified && strcmp((const char *)localname, "modified") == 0) {
		cp->in_modified = 0;
		cp->found = 1;
	}
}

static void core_text(void *ctx, const xmlChar *ch, int len)
{
	core_parse *cp = ctx;
	/* a dcterms:modified too long for its buffer is no date: left unfound */
	if (cp->in_modified && dynbuf_add(&cp->text, ch, (size_t)len) != HZ_OK)
		cp->in_modified = 0;
}

int pkg_core_modified(pkg *p, char *out, size_t n)
{
	xmlSAXHandler sax;
	core_parse cp;
	hz_error e;
	char *part;
	const char *s, *end;
	int ok = 0;
	if (n == 0)
		return 0;
	out[0] = '\0';
	hz_error_clear(&e);
	part = pkg_rel_target(p, "", "/core-properties", &e);
	if (!part || pkg_find(p, part) < 0) {
		free(part);
		part = strdup("docProps/core.xml");
		if (!part)
			return 0;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = core_start;
	sax.endElementNs = core_end;
	sax.characters = core_text;
	memset(&cp, 0, sizeof(cp));
	dynbuf_init(&cp.text, 256);
	if (pkg_parse_xml(p, part, &sax, &cp, &e) == HZ_OK && cp.found) {
		s = dynbuf_str(&cp.text);
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		end = s + strlen(s);
		while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
			end--;
		if (end > s) {
			snprintf(out, n, "%.*s", (int)(end - s), s);
			ok = 1;
		}
	}
	dynbuf_release(&cp.text);
	free(part);
	return ok;
}
