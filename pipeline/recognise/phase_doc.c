#include "recognise/phase_doc.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "read/docx_reader.h"
#include "read/pkg.h"
#include "read/xlsx_reader.h"
#include "recognise/form_internal.h"
#include "text/vocab.h"

#include "banned.h"

static void take_labels(hz_phase_doc *d, form_found_labels *l)
{
	d->unit_text = l->unit;
	l->unit = NULL;
	d->has_date = l->date.has_date;
	d->year = l->date.y;
	d->month = l->date.m;
	d->day = l->date.d;
	d->bad_date = l->date.bad_date;
	l->date.bad_date = NULL;
	form_found_labels_release(l);
}

static void set_modified(hz_phase_doc *d, const char *iso)
{
	long long t;
	if (iso && iso[0] && hz_parse_timestamp(iso, &t)) {
		d->has_modified = true;
		d->modified = t;
	}
}

/* SPEC 9.2: the labels of the first visible sheet, anywhere in it. */
static hz_code read_xlsx(hz_phase_doc *d, pkg *p, normalizer *n, hz_error *err)
{
	xlsx_workbook *wb = NULL;
	form_found_labels l;
	form_cell *cells = NULL;
	size_t cap = 0, nc;
	char iso[64];
	hz_code rc;

	memset(&l, 0, sizeof(l));
	rc = xlsx_workbook_open_pkg(&wb, p, err);
	if (rc != HZ_OK)
		return rc;
	for (size_t i = 0; i < xlsx_workbook_sheet_count(wb); i++) {
		const xlsx_sheet_info *si = xlsx_workbook_sheet(wb, i);
		xlsx_sheet_reader *sr = NULL;
		const xlsx_row *row;
		size_t rows = 0;
		int got;
		if (!si || si->state != XLSX_VISIBLE || si->is_chartsheet)
			continue;
		if ((rc = xlsx_sheet_open(wb, i, &sr, err)) != HZ_OK)
			goto out;
		while (!(l.unit_done && l.date.done) && rows++ < HZ_MAX_FORM_ROWS &&
		       (got = xlsx_sheet_next_row(sr, &row, err)) == 1) {
			if (form_cells_from_xlsx(row, &cells, &cap, &nc) < 0) {
				rc = HZ_E_NOMEM;
				break;
			}
			if ((rc = form_labels_scan_cells(&l, cells, nc, n, xlsx_workbook_date1904(wb))) != HZ_OK)
				break;
		}
		if (rc == HZ_OK && got < 0 && !(l.unit_done && l.date.done))
			rc = (hz_code)-got;
		xlsx_sheet_free(sr);
		break; /* the first visible sheet only */
	}
	if (rc != HZ_OK)
		goto out;
	if (xlsx_workbook_modified(wb, iso, sizeof(iso)))
		set_modified(d, iso);
	take_labels(d, &l);
out:
	form_found_labels_release(&l);
	free(cells);
	xlsx_workbook_free(wb);
	return rc;
}

/* The title's text before its first 关于, without a leading 中共. */
static hz_code title_of(hz_phase_doc *d, const char *para, const char *guan, normalizer *n)
{
	static const char zhonggong[] = "中共";
	char *key = norm_key(n, para, (size_t)(guan - para));
	if (!key)
		return HZ_E_NOMEM;
	if (!strncmp(key, zhonggong, strlen(zhonggong)))
		memmove(key, key + strlen(zhonggong), strlen(key) - strlen(zhonggong) + 1);
	d->title_text = key;
	return HZ_OK;
}

/* Whether a paragraph could be a date once normalised: short, and with a
 * digit (ASCII, or full width: EF BC 90-99) — so that the body's sentences
 * are not normalised one by one only to be found no date. */
static int maybe_date(const char *t)
{
	size_t len = strlen(t);
	if (len > 160)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c >= '0' && c <= '9')
			return 1;
		if (c == 0xEF && i + 2 < len && (unsigned char)t[i + 1] == 0xBC && (unsigned char)t[i + 2] >= 0x90 &&
		    (unsigned char)t[i + 2] <= 0x99)
			return 1;
	}
	return 0;
}

static hz_code read_docx(hz_phase_doc *d, pkg *p, normalizer *n, hz_error *err)
{
	docx_document *doc = NULL;
	form_found_labels l;
	int sign = 0, sy = 0, sm = 0, sd = 0;
	hz_code rc;

	memset(&l, 0, sizeof(l));
	rc = docx_document_read_pkg(&doc, p, DOCX_TEXT_FOR_FORMS, err);
	if (rc != HZ_OK)
		return rc;
	for (size_t b = 0; b < doc->nblocks && rc == HZ_OK; b++) {
		const docx_block *blk = &doc->blocks[b];
		if (blk->kind == DOCX_PARAGRAPH && blk->text && blk->text[0]) {
			const char *text = blk->text, *guan;
			form_cell c = {0, FCELL_TEXT, text, strlen(text), 0, 1};
			int y, m, dd;
			char *key;
			if (!(l.unit_done && l.date.done))
				rc = form_labels_scan_cells(&l, &c, 1, n, 0);
			if (rc == HZ_OK && !d->title_text && (guan = strstr(text, "关于")) != NULL)
				rc = title_of(d, text, guan, n);
			if (rc != HZ_OK)
				break;
			/* the 成文日期: the last body paragraph that is one date */
			if (!maybe_date(text))
				continue;
			if (!(key = norm_key(n, text, strlen(text)))) {
				rc = HZ_E_NOMEM;
				break;
			}
			if (key[0] >= '0' && key[0] <= '9' && hz_parse_date(key, &y, &m, &dd)) {
				sign = 1;
				sy = y;
				sm = m;
				sd = dd;
			}
			free(key);
		} else if (blk->kind == DOCX_TABLE && blk->table && !(l.unit_done && l.date.done)) {
			rc = form_labels_scan_table(&l, blk->table, n);
		}
	}
	if (rc != HZ_OK)
		goto out;
	set_modified(d, doc->modified);
	take_labels(d, &l);
	if (!d->has_date && sign) {
		d->has_date = true;
		d->year = sy;
		d->month = sm;
		d->day = sd;
	}
out:
	form_found_labels_release(&l);
	docx_document_free(doc);
	return rc;
}

/* SPEC 9.1: a .pdf (a scanned, sealed document) is accepted by its
 * signature; nothing in it is read. */
static hz_code read_pdf(hz_phase_doc *d, const char *path, hz_error *err)
{
	struct stat st;
	char head[5];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return hz_error_set(err, HZ_E_IO, "cannot open the file");
	}
	d->kind = HZ_PHASE_DOC_PDF;
	d->mtime = (long long)st.st_mtime;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return hz_error_set(err, HZ_E_IO, "not a regular file");
	}
	if ((unsigned long long)st.st_size > HZ_MAX_FILE_BYTES) {
		close(fd);
		return hz_error_set(err, HZ_E_TOO_BIG, "%lld bytes", (long long)st.st_size);
	}
	if (st.st_size == 0) {
		close(fd);
		return hz_error_set(err, HZ_E_EMPTY, "zero bytes");
	}
	got = read(fd, head, sizeof(head));
	close(fd);
	if (got != (ssize_t)sizeof(head) || memcmp(head, "%PDF-", sizeof(head)) != 0)
		return hz_error_set(err, HZ_E_FORMAT, "named .pdf but not a PDF document (no %%PDF- signature)");
	return HZ_OK;
}

/* Whether relpath names a .pdf that is read as one (an Office owner file
 * "~$….pdf" is refused as such instead). */
static bool is_pdf_name(const char *relpath)
{
	const char *base = strrchr(relpath, '/'), *ext;
	base = base ? base + 1 : relpath;
	ext = strrchr(base, '.');
	return ext && !strcasecmp(ext, ".pdf") && strncmp(base, "~$", 2) != 0;
}

hz_code hz_phase_doc_read(hz_phase_doc *out, const char *path, const char *relpath, normalizer *n, hz_error *err)
{
	form_pkg_kind kind;
	pkg *p = NULL;
	hz_code rc;

	memset(out, 0, sizeof(*out));
	hz_error_file(err, relpath);
	if (is_pdf_name(relpath)) {
		rc = read_pdf(out, path, err);
	} else {
		rc = form_open_package(path, relpath, &kind, &out->mtime, &p, err);
		if (rc == HZ_OK) {
			out->kind = kind == FORM_PKG_XLSX ? HZ_PHASE_DOC_XLSX : HZ_PHASE_DOC_DOCX;
			rc = kind == FORM_PKG_XLSX ? read_xlsx(out, p, n, err) : read_docx(out, p, n, err);
		}
	}
	if (rc != HZ_OK) {
		if (rc == HZ_E_LIMIT && !err->detail[0])
			hz_error_set(err, rc, "the document is too large to read");
		hz_error_file(err, relpath);
		hz_phase_doc_release(out);
	}
	return rc;
}

void hz_phase_doc_release(hz_phase_doc *d)
{
	if (!d)
		return;
	free(d->unit_text);
	free(d->title_text);
	free(d->bad_date);
	memset(d, 0, sizeof(*d));
}

bool hz_phase_doc_worth_keeping(const char *path, const char *relpath)
{
	form_pkg_kind kind;
	hz_error e;

	if (is_pdf_name(relpath))
		return false;
	memset(&e, 0, sizeof(e));
	return form_open_kind_by_name(path, relpath, &kind, &e) == HZ_OK;
}

/* The packed form: a version byte, then the fields in a fixed order, each
 * integer little-endian and each string as its length (4 bytes, all ones
 * for NULL) and its bytes. */
#define PACK_VERSION 1
#define PACK_NULL 0xffffffffu

static hz_code put_uint(dynbuf *b, unsigned long long v, int bytes)
{
	unsigned char u[8];
	for (int i = 0; i < bytes; i++)
		u[i] = (unsigned char)(v >> (8 * i));
	return dynbuf_add(b, u, (size_t)bytes);
}

static hz_code put_str(dynbuf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	hz_code rc = put_uint(b, s ? n : PACK_NULL, 4);
	return rc == HZ_OK && n ? dynbuf_add(b, s, n) : rc;
}

hz_code hz_phase_doc_pack(const hz_phase_doc *d, unsigned char **out, size_t *len)
{
	dynbuf b;
	hz_code rc;
	dynbuf_init(&b, HZ_MAX_READ_CACHE_VALUE);
	rc = put_uint(&b, PACK_VERSION, 1);
	if (rc == HZ_OK)
		rc = put_uint(&b, (unsigned)d->kind, 1);
	if (rc == HZ_OK)
		rc = put_uint(&b, d->has_date, 1);
	if (rc == HZ_OK)
		rc = put_uint(&b, (unsigned)d->year, 4);
	if (rc == HZ_OK)
		rc = put_uint(&b, (unsigned)d->month, 1);
	if (rc == HZ_OK)
		rc = put_uint(&b, (unsigned)d->day, 1);
	if (rc == HZ_OK)
		rc = put_uint(&b, d->has_modified, 1);
	if (rc == HZ_OK)
		rc = put_uint(&b, (unsigned long long)d->modified, 8);
	if (rc == HZ_OK)
		rc = put_str(&b, d->unit_text);
	if (rc == HZ_OK)
		rc = put_str(&b, d->title_text);
	if (rc == HZ_OK)
		rc = put_str(&b, d->bad_date);
	if (rc != HZ_OK || !(*out = (unsigned char *)dynbuf_detach(&b, len))) {
		dynbuf_release(&b);
		/* a label or title past the cap is not kept: the file is read again */
		return rc == HZ_OK ? HZ_E_NOMEM : rc;
	}
	return HZ_OK;
}

typedef struct unpacker {
	const unsigned char *p, *end;
} unpacker;

static bool get_uint(unpacker *u, int bytes, unsigned long long *v)
{
	if (u->end - u->p < bytes)
		return false;
	*v = 0;
	for (int i = 0; i < bytes; i++)
		*v |= (unsigned long long)u->p[i] << (8 * i);
	u->p += bytes;
	return true;
}

/* 1 read (*s NULL or a malloc'd string), 0 malformed, -1 out of memory */
static int get_str(unpacker *u, char **s)
{
	unsigned long long n;
	*s = NULL;
	if (!get_uint(u, 4, &n))
		return 0;
	if (n == PACK_NULL)
		return 1;
	if ((unsigned long long)(u->end - u->p) < n || memchr(u->p, 0, (size_t)n))
		return 0;
	if (!(*s = malloc((size_t)n + 1)))
		return -1;
	memcpy(*s, u->p, (size_t)n);
	(*s)[n] = '\0';
	u->p += n;
	return 1;
}

hz_code hz_phase_doc_unpack(const void *bytes, size_t len, hz_phase_doc *d)
{
	unpacker u = {bytes, (const unsigned char *)bytes + len};
	unsigned long long ver, kind, has_date, y, m, dd, has_mod, mod;
	int got = 1;

	memset(d, 0, sizeof(*d));
	if (!get_uint(&u, 1, &ver) || ver != PACK_VERSION || !get_uint(&u, 1, &kind) ||
	    kind > HZ_PHASE_DOC_PDF || !get_uint(&u, 1, &has_date) || has_date > 1 || !get_uint(&u, 4, &y) ||
	    y > 9999 || !get_uint(&u, 1, &m) || m > 12 || !get_uint(&u, 1, &dd) || dd > 31 ||
	    !get_uint(&u, 1, &has_mod) || has_mod > 1 || !get_uint(&u, 8, &mod))
		return HZ_E_FORMAT;
	d->kind = (hz_phase_doc_kind)kind;
	d->has_date = has_date;
	d->year = (int)y;
	d->month = (int)m;
	d->day = (int)dd;
	d->has_modified = has_mod;
	d->modified = (long long)mod;
	if ((got = get_str(&u, &d->unit_text)) == 1 && (got = get_str(&u, &d->title_text)) == 1)
		got = get_str(&u, &d->bad_date);
	if (got == 1 && u.p != u.end)
		got = 0;
	if (got != 1) {
		hz_phase_doc_release(d);
		return got < 0 ? HZ_E_NOMEM : HZ_E_FORMAT;
	}
	return HZ_OK;
}
