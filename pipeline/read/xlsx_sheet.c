/*
 * The sheet half of the .xlsx reader: streams one worksheet's rows through
 * the push parser, a row at a time, turning each <c> into a typed cell
 * (numbers, shared strings looked up in the workbook, dates through
 * xlsx_dates.c) and collecting the merged ranges.  Memory holds the rows
 * parsed but not yet handed out, never the sheet.
 */
#include "read/xlsx_reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "read/pkg.h"
#include "read/xlsx_internal.h"

#include "banned.h"

/* ------------------------------------------------------------- cell refs */

char *xlsx_cell_ref(uint32_t row, uint32_t col, char *out, size_t n)
{
	char letters[8];
	int k = 0;
	uint32_t c = col + 1;
	while (c > 0 && k < 7) {
		letters[k++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	if (n == 0)
		return out;
	{
		char tmp[16];
		int o = 0;
		while (k > 0)
			tmp[o++] = letters[--k];
		tmp[o] = '\0';
		snprintf(out, n, "%s%u", tmp, row + 1);
	}
	return out;
}

/* "$B$12" -> row 11, col 1 (0-based).  0 when not a reference inside the grid. */
static int parse_ref(const char *s, size_t n, uint32_t *row, uint32_t *col)
{
	size_t i = 0;
	uint64_t c = 0, r = 0;
	int letters = 0, digits = 0;
	if (i < n && s[i] == '$')
		i++;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) && letters < 4) {
		c = c * 26 + (uint64_t)((s[i] | 0x20) - 'a' + 1);
		i++;
		letters++;
	}
	if (i < n && s[i] == '$')
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 8) {
		r = r * 10 + (uint64_t)(s[i] - '0');
		i++;
		digits++;
	}
	if (i != n || !letters || !digits || c < 1 || c > HZ_MAX_COLS || r < 1 || r > HZ_MAX_ROWS)
		return 0;
	*row = (uint32_t)(r - 1);
	*col = (uint32_t)(c - 1);
	return 1;
}

/* ------------------------------------------------------- sheet streaming */

typedef struct pend_cell {
	uint32_t row, col;
	xlsx_cell_type type;
	const char *ext;   /* text outside the arena (a shared string) or NULL */
	size_t off, len;   /* text in the arena */
	double num;
} pend_cell;

typedef struct pend_row {
	uint32_t row;
	size_t first, n;
	int closed;
} pend_row;

struct xlsx_sheet_reader {
	xlsx_workbook *wb;
	const sheet_entry *sheet;
	pkg_xml *x;
	int done;
	/* parser state */
	int sheetdata_depth; /* >0 while inside sheetData */
	int depth;
	int in_row, in_c, in_v, in_is, is_t, rph_depth, v_seen;
	uint32_t row_counter, col_counter; /* 1-based, as the XML counts */
	char ctype[12];
	const char *cref;
	uint32_t crow, ccol;
	long cstyle;
	int c_has_is;
	dynbuf val;
	hz_code rc;
	char detail[200];
	/* queue of parsed rows */
	pend_cell *cells;
	size_t ncells, capcells;
	pend_row *rows;
	size_t nrows, caprows, rnext;
	dynbuf arena;
	/* the row handed out */
	xlsx_cell *out;
	size_t capout;
	xlsx_row outrow;
	xlsx_merge *merges;
	size_t nmerges, capmerges;
};

static void fail_cell(xlsx_sheet_reader *r, hz_code code, const char *what)
{
	char ref[16];
	if (r->rc != HZ_OK)
		return;
	r->rc = code;
	xlsx_cell_ref(r->crow, r->ccol, ref, sizeof(ref));
	snprintf(r->detail, sizeof(r->detail), "%s at %s", what, ref);
}

static pend_row *open_row_for(xlsx_sheet_reader *r, uint32_t row)
{
	pend_row *last = r->nrows ? &r->rows[r->nrows - 1] : NULL;
	if (last && !last->closed && last->row == row)
		return last;
	if (last && !last->closed)
		last->closed = 1;
	pend_row *g = dynbuf_grow_array(r->rows, r->nrows, &r->caprows, 64, sizeof(*g));
	if (!g)
		return NULL;
	r->rows = g;
	last = &r->rows[r->nrows++];
	last->row = row;
	last->first = r->ncells;
	last->n = 0;
	last->closed = 0;
	return last;
}

static void add_cell(xlsx_sheet_reader *r, xlsx_cell_type type, const char *ext, const char *text, size_t len,
		     double num)
{
	pend_row *pr;
	pend_cell *c;
	if (r->ncells >= HZ_MAX_PENDING_CELLS) {
		fail_cell(r, HZ_E_LIMIT, "too many cells in one row");
		return;
	}
	pend_cell *g = dynbuf_grow_array(r->cells, r->ncells, &r->capcells, 256, sizeof(*g));
	if (!g) {
		fail_cell(r, HZ_E_NOMEM, "out of memory");
		return;
	}
	r->cells = g;
	pr = open_row_for(r, r->crow);
	if (!pr) {
		fail_cell(r, HZ_E_NOMEM, "out of memory");
		return;
	}
	c = &r->cells[r->ncells];
	c->row = r->crow;
	c->col = r->ccol;
	c->type = type;
	c->ext = ext;
	c->len = len;
	c->num = num;
	c->off = r->arena.len;
	if (!ext) {
		hz_code rc = dynbuf_add(&r->arena, text, len);
		if (rc == HZ_OK)
			rc = dynbuf_addc(&r->arena, '\0');
		if (rc != HZ_OK) {
			fail_cell(r, rc, "cell text");
			return;
		}
	}
	r->ncells++;
	pr->n++;
}

static int trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n' || (*s)[*n - 1] == '\r'))
		(*n)--;
	return *n > 0;
}

/* Plain decimals ("12", "-4.50") with at most 15 significant digits: an
 * exactly representable integer divided by an exact power of ten is
 * correctly rounded, as strtod would give, at a fraction of its cost. */
static int fast_decimal(const char *s, size_t n, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	uint64_t m = 0;
	size_t i = 0, digits = 0, frac = 0;
	int neg = 0, dot = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i == n)
		return 0;
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (++digits > 15)
				return 0;
			m = m * 10 + (uint64_t)(c - '0');
			frac += dot;
		} else if (c == '.' && !dot) {
			dot = 1;
		} else {
			return 0;
		}
	}
	if (!digits)
		return 0;
	*out = (double)m / pow10[frac];
	if (neg)
		*out = -*out;
	return 1;
}

static int parse_double(const char *s, size_t n, double *out)
{
	char buf[64], *end;
	char *heap = NULL, *p = buf;
	int ok;
	if (fast_decimal(s, n, out))
		return 1;
	if (n >= sizeof(buf)) {
		if (n > 4096)
			return 0;
		heap = malloc(n + 1);
		if (!heap)
			return 0;
		p = heap;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	*out = strtod(p, &end);
	ok = end != p && *end == '\0';
	free(heap);
	return ok;
}

/* A cell ends: its value becomes a queued cell (empty values are dropped). */
static void finish_cell(xlsx_sheet_reader *r)
{
	xlsx_workbook *wb = r->wb;
	const char *t = r->ctype;
	const char *v = dynbuf_str(&r->val);
	size_t n = r->val.len;
	char iso[128];
	double num;

	if (strcmp(t, "inlineStr") == 0) {
		if (!r->c_has_is || n == 0)
			return;
		n = xlsx_decode_escapes(r->val.buf, n);
		if (n)
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
		return;
	}
	if (!r->v_seen || n == 0)
		return;
	if (t[0] == '\0' || strcmp(t, "n") == 0) {
		const char *s = v;
		size_t sn = n;
		int flags;
		if (!trim(&s, &sn) || !parse_double(s, sn, &num)) {
			add_cell(r, XLSX_STRING, NULL, v, n, 0); /* not a number: kept as written */
			return;
		}
		flags = (r->cstyle >= 0 && (size_t)r->cstyle < wb->nxf) ? wb->xf_flags[r->cstyle] : 0;
		if (flags & XF_DATE) {
			int ok = (flags & XF_TIMEDELTA) ? xlsx_date_duration_from_serial(num, iso, sizeof(iso))
							: xlsx_date_from_serial(num, wb->date1904, iso, sizeof(iso));
			if (ok)
				add_cell(r, XLSX_DATE, NULL, iso, strlen(iso), num);
			else
				add_cell(r, XLSX_ERROR, NULL, "#VALUE!", 7, 0);
			return;
		}
		add_cell(r, XLSX_NUMBER, NULL, s, sn, num);
	} else if (strcmp(t, "s") == 0) {
		const char *s = v;
		size_t sn = n;
		char *end;
		long idx;
		if (!trim(&s, &sn)) {
			return;
		}
		idx = strtol(s, &end, 10);
		if (end != s + sn || idx < 0 || (size_t)idx >= wb->nsst) {
			fail_cell(r, HZ_E_FORMAT, "shared string index out of range");
			return;
		}
		if (wb->sst_len[idx])
			add_cell(r, XLSX_STRING, wb->sst_text.buf + wb->sst_off[idx], NULL, wb->sst_len[idx], 0);
	} else if (strcmp(t, "b") == 0) {
		const char *s = v;
		size_t sn = n;
		int b;
		trim(&s, &sn);
		if (sn == 4 && strncasecmp(s, "true", 4) == 0)
			b = 1;
		else if (sn == 5 && strncasecmp(s, "false", 5) == 0)
			b = 0;
		else if (parse_double(s, sn, &num))
			b = num != 0;
		else {
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
			return;
		}
		add_cell(r, XLSX_BOOL, NULL, b ? "TRUE" : "FALSE", b ? 4 : 5, b);
	} else if (strcmp(t, "e") == 0) {
		add_cell(r, XLSX_ERROR, NULL, v, n, 0);
	} else if (strcmp(t, "d") == 0) {
		const char *s = v;
		size_t sn = n;
		if (trim(&s, &sn) && xlsx_date_from_iso(s, sn, wb->date1904, iso, sizeof(iso), &num))
			add_cell(r, XLSX_DATE, NULL, iso, strlen(iso), num);
		else
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
	} else { /* "str" (formula result) and anything unknown: text */
		n = xlsx_decode_escapes(r->val.buf, n);
		if (n)
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
	}
}

static void sh_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		     const xmlChar **attributes)
{
	xlsx_sheet_reader *r = ctx;
	const char *name = (const char *)localname;
	const char *a;
	size_t len = 0;
	r->depth++;
	if (r->rc != HZ_OK)
		return;
	if (!r->sheetdata_depth) {
		if (strcmp(name, "sheetData") == 0) {
			r->sheetdata_depth = r->depth;
		} else if (strcmp(name, "mergeCell") == 0) {
			uint32_t r1, c1, r2, c2;
			const char *colon;
			a = xlsx_attr_get(attributes, nb_attributes, "ref", 0, &len);
			if (!a)
				return;
			colon = memchr(a, ':', len);
			if (colon ? !(parse_ref(a, (size_t)(colon - a), &r1, &c1) &&
				      parse_ref(colon + 1, len - (size_t)(colon - a) - 1, &r2, &c2))
				  : !parse_ref(a, len, &r1, &c1))
				return;
			if (!colon) {
				r2 = r1;
				c2 = c1;
			}
			if (r->nmerges >= HZ_MAX_MERGES) {
				r->rc = HZ_E_LIMIT;
				snprintf(r->detail, sizeof(r->detail), "more than %d merged ranges", HZ_MAX_MERGES);
				return;
			}
			xlsx_merge *g = dynbuf_grow_array(r->merges, r->nmerges, &r->capmerges, 16, sizeof(*g));
			if (!g) {
				r->rc = HZ_E_NOMEM;
				return;
			}
			r->merges = g;
			r->merges[r->nmerges].r1 = r1 < r2 ? r1 : r2;
			r->merges[r->nmerges].r2 = r1 < r2 ? r2 : r1;
			r->merges[r->nmerges].c1 = c1 < c2 ? c1 : c2;
			r->merges[r->nmerges].c2 = c1 < c2 ? c2 : c1;
			r->nmerges++;
		}
		return;
	}
	if (r->in_c) {
		if (r->in_is) {
			if (strcmp(name, "rPh") == 0)
				r->rph_depth++;
			else if (!r->rph_depth && strcmp(name, "t") == 0)
				r->is_t = 1;
		} else if (r->depth == r->in_c + 1) {
			int inline_str = strcmp(r->ctype, "inlineStr") == 0;
			if (!inline_str && strcmp(name, "v") == 0 && !r->v_seen) {
				r->in_v = 1;
				r->v_seen = 1;
				dynbuf_reset(&r->val);
			} else if (inline_str && strcmp(name, "is") == 0 && !r->c_has_is) {
				r->in_is = 1;
				r->c_has_is = 1;
				dynbuf_reset(&r->val);
			}
		}
		return;
	}
	if (strcmp(name, "row") == 0 && r->depth == r->sheetdata_depth + 1) {
		a = xlsx_attr_get(attributes, nb_attributes, "r", 0, &len);
		if (a) {
			double rv;
			if (!parse_double(a, len, &rv) || rv != floor(rv) || rv < 1 || rv > HZ_MAX_ROWS) {
				r->rc = HZ_E_LIMIT;
				snprintf(r->detail, sizeof(r->detail), "row number '%.*s' outside the sheet",
					 (int)(len < 20 ? len : 20), a);
				return;
			}
			r->row_counter = (uint32_t)rv;
		} else {
			if (r->row_counter >= HZ_MAX_ROWS) {
				r->rc = HZ_E_LIMIT;
				snprintf(r->detail, sizeof(r->detail), "more than %u rows", HZ_MAX_ROWS);
				return;
			}
			r->row_counter++;
		}
		r->col_counter = 0;
		r->in_row = r->depth;
		return;
	}
	if (strcmp(name, "c") == 0 && r->in_row && r->depth == r->in_row + 1) {
		r->in_c = r->depth;
		r->in_v = r->in_is = r->is_t = r->rph_depth = r->v_seen = r->c_has_is = 0;
		dynbuf_reset(&r->val);
		a = xlsx_attr_get(attributes, nb_attributes, "t", 0, &len);
		if (a && len < sizeof(r->ctype)) {
			memcpy(r->ctype, a, len);
			r->ctype[len] = '\0';
		} else {
			snprintf(r->ctype, sizeof(r->ctype), "%s", a ? "?" : "n");
		}
		a = xlsx_attr_get(attributes, nb_attributes, "s", 0, &len);
		r->cstyle = a ? xlsx_parse_long(a, len, -1) : 0;
		a = xlsx_attr_get(attributes, nb_attributes, "r", 0, &len);
		if (a && len) {
			if (!parse_ref(a, len, &r->crow, &r->ccol)) {
				r->crow = r->row_counter ? r->row_counter - 1 : 0;
				r->ccol = r->col_counter;
				fail_cell(r, HZ_E_LIMIT, "cell reference outside the sheet");
				return;
			}
			r->col_counter = r->ccol + 1;
		} else {
			if (r->col_counter >= HZ_MAX_COLS) {
				r->crow = r->row_counter ? r->row_counter - 1 : 0;
				r->ccol = HZ_MAX_COLS - 1;
				fail_cell(r, HZ_E_LIMIT, "more than 16384 columns");
				return;
			}
			r->ccol = r->col_counter++;
			r->crow = r->row_counter ? r->row_counter - 1 : 0;
		}
	}
}

static void sh_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	xlsx_sheet_reader *r = ctx;
	int d = r->depth--;
	if (r->rc != HZ_OK || !r->sheetdata_depth)
		return;
	if (d == r->sheetdata_depth) {
		r->sheetdata_depth = 0;
		return;
	}
	if (r->in_c) {
		if (d == r->in_c) {
			finish_cell(r);
			r->in_c = 0;
		} else if (r->in_is) {
			const char *name = (const char *)localname;
			if (d == r->in_c + 1)
				r->in_is = 0;
			else if (strcmp(name, "rPh") == 0)
				r->rph_depth--;
			else if (strcmp(name, "t") == 0)
				r->is_t = 0;
		} else if (d == r->in_c + 1) {
			r->in_v = 0;
		}
		return;
	}
	if (r->in_row && d == r->in_row) {
		r->in_row = 0;
		if (r->nrows && !r->rows[r->nrows - 1].closed)
			r->rows[r->nrows - 1].closed = 1;
	}
}

static void sh_text(void *ctx, const xmlChar *ch, int len)
{
	xlsx_sheet_reader *r = ctx;
	if (r->rc != HZ_OK || !r->in_c)
		return;
	if (r->in_v || (r->in_is && r->is_t && !r->rph_depth)) {
		hz_code rc = dynbuf_add(&r->val, ch, (size_t)len);
		if (rc != HZ_OK)
			fail_cell(r, rc, "cell text too long");
	}
}

hz_code xlsx_sheet_open(xlsx_workbook *wb, size_t i, xlsx_sheet_reader **out, hz_error *err)
{
	xlsx_sheet_reader *r;
	xmlSAXHandler sax;
	hz_code rc;
	*out = NULL;
	if (i >= wb->nsheets)
		return hz_error_set(err, HZ_E_INTERNAL, "no sheet %zu", i);
	r = calloc(1, sizeof(*r));
	if (!r)
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	r->wb = wb;
	r->sheet = &wb->sheets[i];
	dynbuf_init(&r->val, HZ_MAX_TEXT_BYTES + 1);
	dynbuf_init(&r->arena, HZ_MAX_PENDING_TEXT);
	if (r->sheet->is_chartsheet) {
		r->done = 1; /* no cells */
		*out = r;
		return HZ_OK;
	}
	sax = pkg_xml_handler(sh_start, sh_end, sh_text);
	rc = pkg_xml_open(wb->p, r->sheet->part, &sax, r, &r->x, err);
	if (rc != HZ_OK) {
		xlsx_sheet_free(r);
		return rc;
	}
	*out = r;
	return HZ_OK;
}

static int cell_col_cmp(const void *a, const void *b)
{
	const pend_cell *x = a, *y = b;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	/* equal columns: keep document order so the last one can win */
	return x < y ? -1 : x > y;
}

/* Drops the rows handed out; a row still open moves to the front. */
static void compact(xlsx_sheet_reader *r)
{
	pend_row *open = (r->nrows && !r->rows[r->nrows - 1].closed) ? &r->rows[r->nrows - 1] : NULL;
	if (!open) {
		r->ncells = r->nrows = r->rnext = 0;
		dynbuf_reset(&r->arena);
		return;
	}
	{
		size_t first = open->first, n = r->ncells - first;
		size_t base = n ? r->cells[first].off : r->arena.len;
		if (n)
			memmove(r->cells, r->cells + first, n * sizeof(*r->cells));
		for (size_t k = 0; k < n; k++)
			r->cells[k].off -= base;
		if (r->arena.buf) {
			memmove(r->arena.buf, r->arena.buf + base, r->arena.len - base);
			r->arena.len -= base;
			r->arena.buf[r->arena.len] = '\0';
		}
		r->ncells = n;
		r->rows[0] = *open;
		r->rows[0].first = 0;
		r->nrows = 1;
		r->rnext = 0;
	}
}

static int sheet_error(xlsx_sheet_reader *r, hz_code rc, hz_error *err)
{
	hz_error_part(err, r->sheet->part);
	if (err && err->where[0] == '\0')
		hz_error_where(err, "sheet '%s'", r->sheet->name);
	return -(int)rc;
}

int xlsx_sheet_next_row(xlsx_sheet_reader *r, const xlsx_row **row, hz_error *err)
{
	for (;;) {
		if (r->rnext < r->nrows && r->rows[r->rnext].closed) {
			pend_row *pr = &r->rows[r->rnext++];
			pend_cell *cells = r->cells + pr->first;
			size_t n = pr->n, o = 0;
			int sorted = 1;
			for (size_t k = 1; k < n && sorted; k++)
				if (cells[k].col <= cells[k - 1].col)
					sorted = 0;
			if (!sorted)
				qsort(cells, n, sizeof(*cells), cell_col_cmp);
			if (n > r->capout) {
				xlsx_cell *g = realloc(r->out, n * sizeof(*g));
				if (!g) {
					hz_error_set(err, HZ_E_NOMEM, NULL);
					return sheet_error(r, HZ_E_NOMEM, err);
				}
				r->out = g;
				r->capout = n;
			}
			for (size_t k = 0; k < n; k++) {
				xlsx_cell *c;
				if (k + 1 < n && cells[k + 1].col == cells[k].col)
					continue; /* a later cell at the same place wins */
				c = &r->out[o++];
				c->col = cells[k].col;
				c->type = cells[k].type;
				c->text = cells[k].ext ? cells[k].ext : r->arena.buf + cells[k].off;
				c->len = cells[k].len;
				c->num = cells[k].num;
			}
			r->outrow.row = pr->row;
			r->outrow.ncells = o;
			r->outrow.cells = r->out;
			*row = &r->outrow;
			return 1;
		}
		if (r->done) {
			if (r->nrows && !r->rows[r->nrows - 1].closed) {
				r->rows[r->nrows - 1].closed = 1;
				continue;
			}
			return 0;
		}
		compact(r);
		{
			int done = 0;
			hz_code rc = pkg_xml_feed(r->x, &done, err);
			if (rc == HZ_OK && r->rc != HZ_OK)
				rc = hz_error_set(err, r->rc, "%s", r->detail);
			if (rc != HZ_OK) {
				r->done = 1;
				r->nrows = r->rnext = 0;
				return sheet_error(r, rc, err);
			}
			if (done)
				r->done = 1;
		}
	}
}

const xlsx_merge *xlsx_sheet_merges(const xlsx_sheet_reader *r, size_t *n)
{
	*n = r->nmerges;
	return r->merges;
}

void xlsx_sheet_free(xlsx_sheet_reader *r)
{
	if (!r)
		return;
	pkg_xml_close(r->x);
	dynbuf_release(&r->val);
	dynbuf_release(&r->arena);
	free(r->cells);
	free(r->rows);
	free(r->out);
	free(r->merges);
	free(r);
}
