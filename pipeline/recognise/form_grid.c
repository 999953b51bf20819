/*
 * Configuration tables (roster, checklist) read whole into a small grid:
 * they are a few hundred rows, and the checklist needs its rows together
 * (categories carry down).  Sources: xlsx sheets, Word tables, CSV.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "hz_open.h"
#include "recognise/form_internal.h"
#include "hz_limits.h"
#include "read/utf8.h"
#include "text/encoding.h"

#include "banned.h"

void form_grid_release(form_grid *g)
{
	for (size_t i = 0; i < g->nrows; i++) {
		for (size_t c = 0; c < g->rows[i].ncells; c++)
			free((char *)g->rows[i].cells[c].text);
		free(g->rows[i].cells);
	}
	free(g->rows);
	free(g->sheet);
	memset(g, 0, sizeof(*g));
}

void form_grid_where(const form_grid *g, hz_error *err, uint32_t row, int64_t col)
{
	char cn[16];

	if (g->is_csv) {
		hz_error_where(err, "line %u column %lld", row, (long long)col + 1);
	} else if (g->is_docx) {
		hz_error_where(err, "%s row %u column %lld", g->sheet, row, (long long)col + 1);
	} else {
		form_col_name(col, cn, sizeof(cn));
		hz_error_where(err, "sheet '%s' row %u column %s", g->sheet, row, cn);
	}
}

/* Copies a row of borrowed cells into the grid. */
static hz_code grid_add(form_grid *g, const form_cell *cells, size_t n, uint32_t rownum, size_t max_rows,
			hz_error *err)
{
	form_grid_row *r;

	if (n == 0)
		return HZ_OK;
	if (g->nrows >= max_rows) {
		form_grid_where(g, err, rownum, 0);
		return hz_error_set(err, HZ_E_LIMIT, "more than %zu rows", max_rows);
	}
	if (n > HZ_MAX_GRID_CELLS - g->ncells) {
		form_grid_where(g, err, rownum, 0);
		return hz_error_set(err, HZ_E_LIMIT, "more than %u cells", HZ_MAX_GRID_CELLS);
	}
	for (size_t i = 0; i < n; i++) {
		if (cells[i].len > HZ_MAX_GRID_BYTES - g->nbytes) {
			form_grid_where(g, err, rownum, cells[i].col);
			return hz_error_set(err, HZ_E_LIMIT, "more than %u bytes of text", HZ_MAX_GRID_BYTES);
		}
		g->nbytes += cells[i].len;
	}
	form_grid_row *nr = dynbuf_grow_array(g->rows, g->nrows, &g->cap, 64, sizeof(*nr));
	if (!nr)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	g->rows = nr;
	r = &g->rows[g->nrows];
	r->row = rownum;
	r->ncells = 0;
	r->cells = malloc(n * sizeof(*r->cells));
	if (!r->cells)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	g->nrows++;
	g->ncells += n;
	for (size_t i = 0; i < n; i++) {
		form_cell *c = &r->cells[r->ncells];
		*c = cells[i];
		c->text = form_strndup(cells[i].text, cells[i].len);
		if (!c->text)
			return hz_error_set(err, HZ_E_NOMEM, "out of memory");
		r->ncells++;
	}
	return HZ_OK;
}

/* Whether a row is the table's header row: sets *found and g->h,
 * g->header_row when it is. */
static hz_code grid_header(form_grid *g, form_table t, normalizer *n, const form_cell *cells, size_t nc,
			   uint32_t rownum, int *found, hz_error *err)
{
	int m = form_header_match(t, n, cells, nc, &g->h);

	if (m < 0)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	if (m) {
		*found = 1;
		g->header_row = rownum;
	}
	return HZ_OK;
}

static hz_code no_header(form_table t, hz_error *err)
{
	const char *need = t == FORM_CHECKLIST ? "a title column (任务/任务名称/二级指标/创建任务/具体任务)"
			 : t == FORM_ROSTER    ? "a unit name column (单位名称/单位)"
					       : "a status column";
	return hz_error_set(err, HZ_E_CONFIG, "no header row with %s", need);
}

/* Merges arrive after the rows: a cell anchoring a horizontal merge
 * learns how many columns it covers. */
static void apply_merges(form_grid *g, xlsx_sheet_reader *sr)
{
	size_t nm = 0;
	const xlsx_merge *m = xlsx_sheet_merges(sr, &nm);

	for (size_t i = 0; i < nm; i++) {
		size_t lo = 0, hi = g->nrows;
		if (m[i].c2 <= m[i].c1)
			continue;
		/* rows are ascending: find the anchor row by bisection */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (g->rows[mid].row < m[i].r1 + 1)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < g->nrows && g->rows[lo].row == m[i].r1 + 1) {
			form_cell *c = (form_cell *)form_cell_at(g->rows[lo].cells, g->rows[lo].ncells, m[i].c1);
			if (c)
				c->span = m[i].c2 - m[i].c1 + 1;
		}
	}
}

hz_code form_grid_read_xlsx(form_grid *g, const char *path, form_table t, normalizer *n, size_t max_rows,
			    hz_error *err)
{
	xlsx_workbook *wb = NULL;
	xlsx_sheet_reader *sr = NULL;
	form_cell *cells = NULL;
	size_t cap = 0, nc;
	hz_code rc;
	int found = 0;

	memset(g, 0, sizeof(*g));
	rc = xlsx_workbook_open(&wb, path, err);
	if (rc != HZ_OK)
		return rc;
	for (size_t si = 0; si < xlsx_workbook_sheet_count(wb) && !found; si++) {
		const xlsx_sheet_info *info = xlsx_workbook_sheet(wb, si);
		const xlsx_row *row;
		int got;

		if (!info || info->state != XLSX_VISIBLE || info->is_chartsheet)
			continue;
		rc = xlsx_sheet_open(wb, si, &sr, err);
		if (rc != HZ_OK)
			goto out;
		free(g->sheet);
		g->sheet = form_strndup(info->name ? info->name : "", info->name ? strlen(info->name) : 0);
		if (!g->sheet) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		while ((got = xlsx_sheet_next_row(sr, &row, err)) == 1) {
			if (!found && row->row >= HZ_HEADER_SEARCH_ROWS)
				break;
			if (form_cells_from_xlsx(row, &cells, &cap, &nc) < 0) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			if (!found) {
				if ((rc = grid_header(g, t, n, cells, nc, row->row + 1, &found, err)) != HZ_OK)
					goto out;
				continue;
			}
			rc = grid_add(g, cells, nc, row->row + 1, max_rows, err);
			if (rc != HZ_OK)
				goto out;
		}
		if (got < 0) {
			rc = (hz_code)-got;
			goto out;
		}
		if (found)
			apply_merges(g, sr);
		xlsx_sheet_free(sr);
		sr = NULL;
	}
	if (!found)
		rc = no_header(t, err);
out:
	free(cells);
	xlsx_sheet_free(sr);
	xlsx_workbook_free(wb);
	if (rc != HZ_OK)
		form_grid_release(g);
	return rc;
}

hz_code form_grid_read_docx(form_grid *g, const char *path, form_table t, normalizer *n, size_t max_rows,
			    hz_error *err)
{
	docx_document *doc = NULL;
	form_cell *cells = NULL;
	size_t cap = 0, nc, ntable = 0;
	hz_code rc;
	int found = 0;

	memset(g, 0, sizeof(*g));
	g->is_docx = 1;
	rc = docx_document_read(&doc, path, DOCX_TEXT_FOR_FORMS, err);
	if (rc != HZ_OK)
		return rc;
	for (size_t b = 0; b < doc->nblocks && !found; b++) {
		const docx_table *tb = doc->blocks[b].table;
		char name[32];

		if (doc->blocks[b].kind != DOCX_TABLE || !tb)
			continue;
		ntable++;
		for (size_t r = 0; r < tb->nrows; r++) {
			if (form_cells_from_docx(&tb->rows[r], &cells, &cap, &nc) < 0) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			if (!found) {
				if ((rc = grid_header(g, t, n, cells, nc, (uint32_t)(r + 1), &found, err)) != HZ_OK)
					goto out;
				if (found) {
					snprintf(name, sizeof(name), "table %zu", ntable);
					g->sheet = form_strndup(name, strlen(name));
					if (!g->sheet) {
						rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
						goto out;
					}
				}
				continue;
			}
			rc = grid_add(g, cells, nc, (uint32_t)(r + 1), max_rows, err);
			if (rc != HZ_OK)
				goto out;
		}
	}
	if (!found)
		rc = no_header(t, err);
out:
	free(cells);
	docx_document_free(doc);
	if (rc != HZ_OK)
		form_grid_release(g);
	return rc;
}

hz_code form_grid_read_csv(form_grid *g, const char *path, form_table t, normalizer *n, size_t max_rows,
			   hz_error *err)
{
	FILE *fp;
	dynbuf raw, conv, field;
	const char *s;
	size_t len, i = 0;
	form_cell *cells = NULL;
	size_t cap = 0, nc = 0;
	uint32_t line = 1, rec_line = 1, col = 0;
	int found = 0;
	hz_code rc = HZ_OK;

	memset(g, 0, sizeof(*g));
	g->is_csv = 1;
	dynbuf_init(&raw, HZ_MAX_FILE_BYTES);
	dynbuf_init(&conv, 4ull * HZ_MAX_FILE_BYTES);
	dynbuf_init(&field, HZ_MAX_TEXT_BYTES);
	fp = hz_fopen_regular(path); /* a FIFO must not block the run */
	if (!fp)
		return hz_error_set(err, HZ_E_IO, "cannot open: %s", hz_open_error(errno));
	for (;;) {
		char buf[65536];
		size_t got = fread(buf, 1, sizeof(buf), fp);
		if (got && (rc = dynbuf_add(&raw, buf, got)) != HZ_OK) {
			rc = hz_error_set(err, rc == HZ_E_LIMIT ? HZ_E_TOO_BIG : rc, "the roster file is too large");
			break;
		}
		if (got < sizeof(buf))
			break;
	}
	if (ferror(fp) && rc == HZ_OK)
		rc = hz_error_set(err, HZ_E_IO, "read error");
	fclose(fp);
	if (rc != HZ_OK)
		goto out;
	s = dynbuf_str(&raw);
	len = raw.len;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		len -= 3;
	} else if (!hz_utf8_valid(s, len)) {
		rc = hz_gb18030_to_utf8(s, len, &conv, err);
		if (rc != HZ_OK)
			goto out;
		s = dynbuf_str(&conv);
		len = conv.len;
	}
	/* RFC 4180 records: quoted fields may hold separators and line breaks */
	for (;;) {
		int quoted = 0, end_rec = 0;

		dynbuf_reset(&field);
		if (i < len && s[i] == '"') {
			quoted = 1;
			i++;
		}
		while (i < len) {
			char c = s[i];
			if (quoted) {
				if (c == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						rc = dynbuf_addc(&field, '"');
						i += 2;
					} else {
						quoted = 0;
						i++;
					}
				} else {
					if (c == '\n')
						line++;
					rc = dynbuf_addc(&field, c);
					i++;
				}
			} else if (c == ',') {
				i++;
				break;
			} else if (c == '\r' || c == '\n') {
				i += (c == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
				end_rec = 1;
				break;
			} else {
				rc = dynbuf_addc(&field, c);
				i++;
			}
			if (rc != HZ_OK) {
				rc = hz_error_set(err, rc, "a field is too long");
				goto out;
			}
		}
		if (i >= len)
			end_rec = 1;
		if (field.len > 0) {
			form_cell *c;
			if (nc == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				form_cell *ncells;
				if (ncap > HZ_MAX_COLS) {
					rc = hz_error_set(err, HZ_E_LIMIT, "too many fields on line %u", rec_line);
					goto out;
				}
				ncells = realloc(cells, ncap * sizeof(*ncells));
				if (!ncells) {
					rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
					goto out;
				}
				cells = ncells;
				cap = ncap;
			}
			c = &cells[nc++];
			c->col = col;
			c->kind = FCELL_TEXT;
			c->num = 0;
			c->span = 1;
			c->len = field.len;
			c->text = dynbuf_detach(&field, NULL);
			if (!c->text) {
				nc--;
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
		}
		col++;
		if (end_rec) {
			if (!found && rec_line <= HZ_HEADER_SEARCH_ROWS) {
				if ((rc = grid_header(g, t, n, cells, nc, rec_line, &found, err)) != HZ_OK)
					goto out;
			} else if (found) {
				rc = grid_add(g, cells, nc, rec_line, max_rows, err);
				if (rc != HZ_OK)
					goto out;
			}
			for (size_t k = 0; k < nc; k++)
				free((char *)cells[k].text);
			nc = 0;
			col = 0;
			line++;
			rec_line = line;
			if (i >= len || (!found && rec_line > HZ_HEADER_SEARCH_ROWS))
				break;
		}
	}
	if (!found)
		rc = no_header(t, err);
out:
	for (size_t k = 0; k < nc; k++)
		free((char *)cells[k].text);
	free(cells);
	dynbuf_release(&raw);
	dynbuf_release(&conv);
	dynbuf_release(&field);
	if (rc != HZ_OK)
		form_grid_release(g);
	else if (!g->sheet && !(g->sheet = form_strndup("", 0)))
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
	return rc;
}
