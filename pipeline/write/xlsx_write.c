#include "write/xlsx_write.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "hz_limits.h"
#include "write/outfile.h"

#include "banned.h"

hz_code xw_fail(hz_error *err, lxw_error e, const char *what)
{
	return hz_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? HZ_E_NOMEM : HZ_E_WRITE, "%s: %s", what,
			    lxw_strerror(e));
}

int xw_name_equal_folded(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
		if (!x)
			return 1;
	}
}

int xw_parse_ymd(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int v[3] = {0, 0, 0};
	const int len[3] = {4, 2, 2};
	const char *p = s;
	if (!s || strlen(s) != 10)
		return 0;
	for (int k = 0; k < 3; k++) {
		for (int i = 0; i < len[k]; i++, p++) {
			if (*p < '0' || *p > '9')
				return 0;
			v[k] = v[k] * 10 + (*p - '0');
		}
		if (k < 2 && *p++ != '-')
			return 0;
	}
	if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mdays[v[1] - 1])
		return 0;
	if (v[1] == 2 && v[2] == 29 && !((v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0))
		return 0;
	*y = v[0];
	*m = v[1];
	*d = v[2];
	return 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil): no time zone, no locale, no clock. */
static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* One open workbook in the process at a time (see xw_book_open). */
static pthread_mutex_t book_lock = PTHREAD_MUTEX_INITIALIZER;

hz_code xw_book_open(xw_book *b, const char *out_path, const char *as_of, const char *title, int streaming,
		     hz_error *err)
{
	lxw_workbook_options opt;
	lxw_doc_properties props;
	int y, m, d, fd = -1;
	const char *tmpdir;
	hz_code rc = HZ_OK;

	memset(b, 0, sizeof(*b));
	pthread_mutex_lock(&book_lock);
	b->locked = 1;
	hz_error_file(err, out_path);
	b->final_path = strdup(out_path);
	if (!b->final_path) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	/* A hidden name beside the target, so the rename stays on one file
	 * system (write/outfile.h); O_EXCL keeps two writers from sharing it. */
	for (unsigned attempt = 0; attempt < 100 && fd < 0; attempt++) {
		size_t n = strlen(out_path) + 64;
		free(b->tmp_path);
		b->tmp_path = malloc(n);
		if (!b->tmp_path) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		if ((rc = hz_tmp_path(out_path, b->tmp_path, n, err)) != HZ_OK)
			goto out;
		fd = open(b->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST) {
			rc = hz_error_set(err, HZ_E_WRITE, "cannot create %s: %s", b->tmp_path, strerror(errno));
			goto out;
		}
	}
	if (fd < 0) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot create a temporary file beside %s", out_path);
		goto out;
	}
	close(fd);
	memset(&opt, 0, sizeof(opt));
	opt.constant_memory = streaming ? LXW_TRUE : LXW_FALSE;
	/* libxlsxwriter stages sheets in temporary files; tmpfile() would put
	 * them in /tmp whatever TMPDIR says, unlike every other program */
	tmpdir = getenv("TMPDIR");
	opt.tmpdir = (char *)(tmpdir && *tmpdir ? tmpdir : NULL);
	b->wb = workbook_new_opt(b->tmp_path, &opt);
	if (!b->wb) {
		rc = hz_error_set(err, HZ_E_NOMEM, "cannot start workbook");
		goto out;
	}
	memset(&props, 0, sizeof(props));
	if (!xw_parse_ymd(as_of, &y, &m, &d)) {
		y = 2000;
		m = 1;
		d = 1;
	}
	props.created = (time_t)(days_from_civil(y, m, d) * 86400);
	props.title = (char *)(title && *title ? title : NULL);
	props.author = (char *)"huizong";
	if (workbook_set_properties(b->wb, &props) != LXW_NO_ERROR)
		rc = hz_error_set(err, HZ_E_NOMEM, "cannot set workbook properties");
out:
	if (rc != HZ_OK)
		xw_book_abort(b);
	return rc;
}

static void book_release(xw_book *b)
{
	const int locked = b->locked;
	free(b->final_path);
	free(b->tmp_path);
	memset(b, 0, sizeof(*b));
	if (locked)
		pthread_mutex_unlock(&book_lock);
}

hz_code xw_book_commit(xw_book *b, hz_error *err)
{
	lxw_error e;
	hz_code rc = HZ_OK;

	e = workbook_close(b->wb); /* frees the workbook whatever happens */
	b->wb = NULL;
	if (e != LXW_NO_ERROR) {
		rc = xw_fail(err, e, "cannot write workbook");
		unlink(b->tmp_path);
	} else if (b->durable && hz_sync_path(b->tmp_path) != 0) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot sync %s: %s", b->tmp_path, strerror(errno));
		unlink(b->tmp_path);
	} else if (rename(b->tmp_path, b->final_path) != 0) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot rename %s to %s: %s", b->tmp_path, b->final_path,
				  strerror(errno));
		unlink(b->tmp_path);
	}
	book_release(b);
	return rc;
}

void xw_book_abort(xw_book *b)
{
	if (b->wb)
		lxw_workbook_free(b->wb);
	b->wb = NULL;
	if (b->tmp_path)
		unlink(b->tmp_path);
	book_release(b);
}

hz_code xw_book_end(xw_book *b, hz_code rc, hz_error *err)
{
	if (rc != HZ_OK) {
		xw_book_abort(b);
		return rc;
	}
	return xw_book_commit(b, err);
}

/* The width of one character, as utf8proc_charwidth gives it.  排名.xlsx
 * measures every cell it writes, nearly all printable ASCII and CJK
 * ideographs: those are told apart here without utf8proc's tables (the
 * ranges are whole blocks utf8proc's Unicode assigns, every character of
 * them narrow or wide; a unit test checks every code point). */
static size_t char_width(utf8proc_int32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if ((cp >= 0x4E00 && cp <= 0x9FEF) || (cp >= 0xFF01 && cp <= 0xFF60))
		return 2;
	return (size_t)utf8proc_charwidth(cp);
}

size_t xw_display_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	size_t line = 0, widest = 0;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n;
		if (*p < 0x80) { /* ASCII: one byte, no decoding */
			cp = *p;
			n = 1;
		} else if ((n = utf8proc_iterate(p, -1, &cp)) <= 0) {
			n = 1;
			cp = 0xFFFD; /* one replacement character wide */
		}
		p += n;
		if (cp == '\n') {
			line = 0;
			continue;
		}
		line += char_width(cp);
		if (line > widest)
			widest = line;
	}
	return widest;
}

hz_code xw_widths_init(xw_widths *cw, size_t ncols)
{
	cw->ncols = ncols;
	cw->w = calloc(ncols ? ncols : 1, sizeof(*cw->w));
	return cw->w ? HZ_OK : HZ_E_NOMEM;
}

void xw_widths_release(xw_widths *cw)
{
	free(cw->w);
	cw->w = NULL;
	cw->ncols = 0;
}

void xw_widths_note_width(xw_widths *cw, size_t col, double width)
{
	if (col < cw->ncols && width > cw->w[col])
		cw->w[col] = width;
}

void xw_widths_note(xw_widths *cw, size_t col, const char *text)
{
	xw_widths_note_width(cw, col, (double)xw_display_width(text));
}

double xw_widths_column(const xw_widths *cw, size_t col, double min, double max)
{
	/* Excel's unit is the width of '0' in the default font; a CJK glyph is
	 * about two of them, plus a little for padding. */
	double w = col < cw->ncols ? cw->w[col] * 1.1 + 2 : min;
	return w < min ? min : w > max ? max : w;
}

hz_code xw_widths_apply(const xw_widths *cw, lxw_worksheet *ws, double min, double max, hz_error *err)
{
	for (size_t c = 0; c < cw->ncols; c++) {
		lxw_error e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, xw_widths_column(cw, c, min, max), NULL);
		if (e != LXW_NO_ERROR)
			return xw_fail(err, e, "cannot set column width");
	}
	return HZ_OK;
}

/* Excel keeps at most 32,767 UTF-16 code units in a cell. */
#define XW_CELL_UNITS 32767

hz_code xw_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt, hz_error *err)
{
	const utf8proc_uint8_t *p;
	size_t units = 0, cut = 0;
	char *copy = NULL;
	lxw_error e;

	if (!s || !*s) {
		e = fmt ? worksheet_write_blank(ws, row, col, fmt) : LXW_NO_ERROR;
		return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot write cell");
	}
	/* No character is fewer bytes than UTF-16 units, so a string of at most
	 * XW_CELL_UNITS bytes fits: only longer ones are counted (counting
	 * every cell of 排名.xlsx cost more than writing some of them). */
	if (strnlen(s, XW_CELL_UNITS + 1) <= XW_CELL_UNITS)
		p = (const utf8proc_uint8_t *)"";
	else
		p = (const utf8proc_uint8_t *)s;
	for (; *p;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0)
			n = 1, cp = 0xFFFD;
		units += cp >= 0x10000 ? 2 : 1;
		if (units > XW_CELL_UNITS - 1 && !cut)
			cut = (size_t)((const char *)p - s);
		p += n;
	}
	if (units > XW_CELL_UNITS) {
		copy = malloc(cut + sizeof("…"));
		if (!copy)
			return hz_error_set(err, HZ_E_NOMEM, "out of memory");
		memcpy(copy, s, cut);
		memcpy(copy + cut, "…", sizeof("…"));
		s = copy;
	}
	e = worksheet_write_string(ws, row, col, s, fmt);
	free(copy);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot write cell");
}

hz_code xw_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt, hz_error *err)
{
	lxw_error e = worksheet_write_number(ws, row, col, v, fmt);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot write cell");
}

hz_code xw_date(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *ymd, lxw_format *fmt, hz_error *err)
{
	lxw_datetime dt;
	lxw_error e;
	int y, m, d;
	if (!xw_parse_ymd(ymd, &y, &m, &d))
		return xw_text(ws, row, col, ymd, fmt, err);
	memset(&dt, 0, sizeof(dt));
	dt.year = y;
	dt.month = m;
	dt.day = d;
	e = worksheet_write_datetime(ws, row, col, &dt, fmt);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot write cell");
}

hz_code xw_mkdirs(const char *path, hz_error *err)
{
	char *copy;
	hz_code rc = HZ_OK;
	if (!path || !*path)
		return hz_error_set(err, HZ_E_WRITE, "no folder given");
	copy = strdup(path);
	if (!copy)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	for (char *p = copy + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
				hz_error_file(err, copy);
				rc = hz_error_set(err, HZ_E_WRITE, "cannot create folder %s: %s", copy, strerror(errno));
				break;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	if (rc == HZ_OK) {
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
			hz_error_file(err, path);
			rc = hz_error_set(err, HZ_E_WRITE, "%s is not a folder", path);
		}
	}
	free(copy);
	return rc;
}
