/*
 * One submission file turned into an hz_form (SPEC 5.1, 5.2, 5.8, 5.11,
 * 5.12, 5.15): which table is the form, the unit and date labels above it,
 * and its rows, normalised; or a narrative report's paragraphs; or a
 * refusal that says why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dynbuf.h"
#include "read/docx_reader.h"
#include "recognise/form.h"
#include "recognise/form_internal.h"
#include "hz_limits.h"
#include "read/pkg.h"
#include "text/vocab.h"
#include "read/xlsx_reader.h"

#include "banned.h"

/* Labels found so far above a candidate table; the first of each wins. */
typedef form_found_labels labels;

static void labels_release(labels *l)
{
	free(l->unit);
	free(l->date.bad_date);
	memset(l, 0, sizeof(*l));
}

/* The value of an empty label taken from the next non-empty cell to the
 * right; a blank cell or another label there leaves it unset. */
static hz_code take_next_cell(labels *l, form_label_kind kind, const form_cell *cells, size_t ncells, size_t from,
			      normalizer *n, int date1904)
{
	char *t;
	hz_code rc = form_label_take_next(LABELS_SUBMISSION, kind, cells, ncells, from, n, date1904, &t, &l->date);

	if (t) {
		l->unit = t;
		l->unit_done = 1;
	}
	return rc;
}

#define MAX_LABELS_PER_LINE 8

/* The value of an empty label that ends its line but not its cell: the
 * rest of the cell, i.e. its next non-blank line up to any label there
 * (SPEC §1: "the rest of the same cell or paragraph after the colon").
 * A line that starts with a label leaves it unset, as take_next_cell. */
static hz_code take_next_line(labels *l, form_label_kind kind, const char *from, const char *end, normalizer *n)
{
	const char *line = from;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *lend = nl ? nl : end;
		form_label found[1];
		size_t nf, vlen;
		char *t = norm_text(n, line, (size_t)(lend - line));
		hz_code rc = HZ_OK;

		if (!t)
			return HZ_E_NOMEM;
		if (!t[0]) {
			free(t);
			line = lend + 1;
			continue;
		}
		nf = form_find_labels(t, found, 1);
		vlen = nf ? found[0].label_off : strlen(t);
		if (vlen > 0) {
			char *v = form_trim_dup(t, vlen);
			if (!v) {
				rc = HZ_E_NOMEM;
			} else if (kind == LABEL_UNIT) {
				l->unit = v;
				l->unit_done = 1;
				v = NULL;
			} else {
				rc = form_label_date(v, strlen(v), &l->date);
			}
			free(v);
		}
		free(t);
		return rc;
	}
	return HZ_OK;
}

/* SPEC 5.2 on one row of cells (a paragraph is a row of one cell), in
 * reading order. */
static hz_code scan_labels(labels *l, const form_cell *cells, size_t ncells, normalizer *n, int date1904)
{
	for (size_t i = 0; i < ncells && !(l->unit_done && l->date.done); i++) {
		const form_cell *c = &cells[i];
		const char *line = c->text, *end = c->text + c->len, *content_end = end;

		if (c->kind != FCELL_TEXT || !form_maybe_label(c->text, c->len))
			continue;
		/* found once per cell: looking ahead from every line made a cell
		 * of many line breaks quadratic */
		while (content_end > line && (content_end[-1] == '\n' || content_end[-1] == '\r' ||
					      content_end[-1] == ' ' || content_end[-1] == '\t'))
			content_end--;
		while (line < end) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			const char *lend = nl ? nl : end;
			form_label found[MAX_LABELS_PER_LINE];
			size_t nf;
			char *t;
			/* a label left empty on the cell's last line takes the next
			 * cell; on another line, the next line */
			int last_line = lend >= content_end;

			if (!form_maybe_label(line, (size_t)(lend - line))) {
				line = lend + 1;
				continue;
			}
			t = norm_text(n, line, (size_t)(lend - line));
			if (!t)
				return HZ_E_NOMEM;
			nf = form_find_labels(t, found, MAX_LABELS_PER_LINE);
			for (size_t j = 0; j < nf; j++) {
				form_label *fl = &found[j];
				int *done = fl->kind == LABEL_UNIT ? &l->unit_done : &l->date.done;
				hz_code rc = HZ_OK;

				if (*done)
					continue;
				if (fl->value_len > 0) {
					if (fl->kind == LABEL_UNIT) {
						l->unit = form_strndup(t + fl->value_off, fl->value_len);
						l->unit_done = 1;
						if (!l->unit)
							rc = HZ_E_NOMEM;
					} else {
						rc = form_label_date(t + fl->value_off, fl->value_len, &l->date);
					}
				} else if (j + 1 == nf && last_line) {
					rc = take_next_cell(l, fl->kind, cells, ncells, i + 1, n, date1904);
				} else if (j + 1 == nf) {
					rc = take_next_line(l, fl->kind, lend + 1, end, n);
				}
				if (rc != HZ_OK) {
					free(t);
					return rc;
				}
			}
			free(t);
			line = lend + 1;
		}
	}
	return HZ_OK;
}

static char *dup_empty(void)
{
	return form_strndup("", 0);
}

static void row_release(hz_form_row *r)
{
	free(r->ref);
	free(r->title);
	free(r->title_key);
	free(r->status);
	free(r->status_raw);
	free(r->self_score);
	free(r->count);
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

/* norm_key (or norm_text) of the cell of a role; "" when absent. */
static char *role_text(normalizer *n, const form_header *h, form_role role, const form_cell *cells, size_t nc,
		       int key)
{
	const form_cell *c = form_cell_at(cells, nc, h->cols[role]);

	if (!c)
		return dup_empty();
	return key ? norm_key(n, c->text, c->len) : norm_text(n, c->text, c->len);
}

/* Bytes of the cells a row keeps (ref, title, status, scores, count,
 * problems), as written: counted before the normaliser sees them. */
static size_t kept_bytes(const form_header *h, const form_cell *cells, size_t nc)
{
	static const form_role kept[] = {ROLE_ID, ROLE_TITLE, ROLE_STATUS, ROLE_SELF_SCORE, ROLE_COUNT, ROLE_PROBLEMS};
	size_t sum = 0;

	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		const form_cell *c = form_cell_at(cells, nc, h->cols[kept[i]]);
		if (c)
			sum += c->len;
	}
	return sum;
}

/* One table row below the header: kept when it has a ref or a title.
 * *budget is what is left of HZ_MAX_FORM_TEXT_BYTES (HZ_E_LIMIT past it). */
static hz_code add_row(hz_form *f, size_t *cap, normalizer *n, const form_header *h, const form_cell *cells,
		       size_t nc, uint32_t rownum, size_t *budget)
{
	hz_form_row r;
	const form_cell *c;
	size_t kept = kept_bytes(h, cells, nc);

	if (kept > *budget)
		return HZ_E_LIMIT;
	*budget -= kept;
	memset(&r, 0, sizeof(r));
	r.row = rownum;
	c = form_cell_at(cells, nc, h->cols[ROLE_ID]);
	r.ref = c ? form_id_key(n, c) : dup_empty();
	r.title = role_text(n, h, ROLE_TITLE, cells, nc, 0);
	/* norm_key is norm_text with the white space squeezed out */
	r.title_key = r.title ? form_squeeze(r.title, strlen(r.title)) : NULL;
	if (!r.ref || !r.title || !r.title_key)
		goto nomem;
	if (!r.ref[0] && !r.title_key[0]) {
		row_release(&r);
		return HZ_OK;
	}
	c = form_cell_at(cells, nc, h->cols[ROLE_STATUS]);
	r.status_raw = c ? form_strndup(c->text, c->len) : dup_empty();
	r.status = role_text(n, h, ROLE_STATUS, cells, nc, 1);
	r.self_score = role_text(n, h, ROLE_SELF_SCORE, cells, nc, 1);
	r.count = role_text(n, h, ROLE_COUNT, cells, nc, 1);
	r.problems = role_text(n, h, ROLE_PROBLEMS, cells, nc, 0);
	if (!r.status_raw || !r.status || !r.self_score || !r.count || !r.problems)
		goto nomem;
	hz_form_row *nr = dynbuf_grow_array(f->rows, f->nrows, cap, 32, sizeof(*nr));
	if (!nr)
		goto nomem;
	f->rows = nr;
	f->rows[f->nrows++] = r;
	return HZ_OK;
nomem:
	row_release(&r);
	return HZ_E_NOMEM;
}

/* The refusal of a form holding more than HZ_MAX_FORM_TEXT_BYTES. */
static hz_code text_limit(hz_error *err)
{
	return hz_error_set(err, HZ_E_LIMIT, "more than %u bytes of text in the form's rows or paragraphs",
			    HZ_MAX_FORM_TEXT_BYTES);
}

static void labels_into_form(hz_form *f, labels *l)
{
	f->unit_text = l->unit;
	f->has_date = l->date.has_date;
	f->year = l->date.y;
	f->month = l->date.m;
	f->day = l->date.d;
	f->bad_date = l->date.bad_date;
	l->unit = NULL;
	l->date.bad_date = NULL;
	labels_release(l);
}

static void set_modified(hz_form *f, const char *iso)
{
	long long t;

	if (iso && iso[0] && hz_parse_timestamp(iso, &t)) {
		f->has_modified = true;
		f->modified = t;
	}
}

/* Reads one sheet looking for the form; *found set when it is the form. */
static hz_code read_sheet(hz_form *f, xlsx_workbook *wb, size_t si, normalizer *n, int *found, hz_error *err)
{
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	form_cell *cells = NULL;
	size_t cap = 0, nc, rows_cap = 0, budget = HZ_MAX_FORM_TEXT_BYTES;
	form_header h;
	labels l;
	int date1904 = xlsx_workbook_date1904(wb), have_header = 0, got;
	hz_code rc;

	memset(&l, 0, sizeof(l));
	*found = 0;
	rc = xlsx_sheet_open(wb, si, &sr, err);
	if (rc != HZ_OK)
		return rc;
	while ((got = xlsx_sheet_next_row(sr, &row, err)) == 1) {
		if (!have_header && row->row >= HZ_HEADER_SEARCH_ROWS)
			break;
		if (form_cells_from_xlsx(row, &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		if (!have_header) {
			int m = form_header_match(FORM_SUBMISSION, n, cells, nc, &h);
			if (m < 0) {
				rc = HZ_E_NOMEM;
				goto out;
			}
			if (m) {
				have_header = 1;
				continue;
			}
			rc = scan_labels(&l, cells, nc, n, date1904);
			if (rc != HZ_OK)
				goto out;
			continue;
		}
		rc = add_row(f, &rows_cap, n, &h, cells, nc, row->row + 1, &budget);
		if (rc == HZ_E_LIMIT)
			rc = text_limit(err);
		if (rc != HZ_OK)
			goto out;
		if (f->nrows >= HZ_MAX_FORM_ROWS)
			break;
	}
	if (got < 0) {
		rc = (hz_code)-got;
		goto out;
	}
	if (have_header) {
		*found = 1;
		labels_into_form(f, &l);
	}
out:
	if (rc != HZ_OK || !*found) {
		for (size_t i = 0; i < f->nrows; i++)
			row_release(&f->rows[i]);
		free(f->rows);
		f->rows = NULL;
		f->nrows = 0;
	}
	labels_release(&l);
	free(cells);
	xlsx_sheet_free(sr);
	return rc;
}

/* Takes ownership of p (xlsx_workbook_open_pkg). */
static hz_code read_xlsx(hz_form *f, pkg *p, normalizer *n, hz_error *err)
{
	xlsx_workbook *wb = NULL;
	hz_code rc;
	int found = 0;
	char iso[64];

	rc = xlsx_workbook_open_pkg(&wb, p, err);
	if (rc != HZ_OK)
		return rc;
	for (size_t i = 0; i < xlsx_workbook_sheet_count(wb) && !found; i++) {
		const xlsx_sheet_info *si = xlsx_workbook_sheet(wb, i);
		if (!si || si->state != XLSX_VISIBLE || si->is_chartsheet)
			continue;
		rc = read_sheet(f, wb, i, n, &found, err);
		if (rc != HZ_OK)
			goto out;
	}
	if (!found) {
		rc = hz_error_set(err, HZ_E_NO_TABLE,
				  "no visible sheet has a header row with a status column and a ref or title column");
		goto out;
	}
	f->kind = HZ_FORM_TABLE;
	if (xlsx_workbook_modified(wb, iso, sizeof(iso)))
		set_modified(f, iso);
out:
	xlsx_workbook_free(wb);
	return rc;
}

/* A docx table as the form: *found when one of its rows is a header. */
static hz_code try_docx_table(hz_form *f, const docx_table *t, labels *l, normalizer *n, int *found)
{
	form_cell *cells = NULL;
	size_t cap = 0, nc, rows_cap = 0, hr = 0, budget = HZ_MAX_FORM_TEXT_BYTES;
	form_header h;
	hz_code rc = HZ_OK;

	*found = 0;
	for (size_t r = 0; r < t->nrows && !*found; r++) {
		int m;
		if (form_cells_from_docx(&t->rows[r], &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		m = form_header_match(FORM_SUBMISSION, n, cells, nc, &h);
		if (m < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		if (m) {
			*found = 1;
			hr = r;
		}
	}
	if (!*found)
		goto out;
	/* rows above the header come after the paragraphs before the table */
	for (size_t r = 0; r < hr; r++) {
		if (form_cells_from_docx(&t->rows[r], &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		rc = scan_labels(l, cells, nc, n, 0);
		if (rc != HZ_OK)
			goto out;
	}
	for (size_t r = hr + 1; r < t->nrows && f->nrows < HZ_MAX_FORM_ROWS; r++) {
		if (form_cells_from_docx(&t->rows[r], &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		rc = add_row(f, &rows_cap, n, &h, cells, nc, (uint32_t)(r + 1), &budget);
		if (rc != HZ_OK)
			goto out;
	}
out:
	free(cells);
	return rc;
}

/* Labels in rows [from, to) of a table that is not the form (a heading
 * block laid out as a table, or the frame around a nested form), in
 * reading order. */
static hz_code scan_table_labels(labels *l, const docx_table *t, size_t from, size_t to, normalizer *n)
{
	form_cell *cells = NULL;
	size_t cap = 0, nc;
	hz_code rc = HZ_OK;

	for (size_t r = from; r < to && r < t->nrows && rc == HZ_OK && !(l->unit_done && l->date.done); r++) {
		if (form_cells_from_docx(&t->rows[r], &cells, &cap, &nc) < 0)
			rc = HZ_E_NOMEM;
		else
			rc = scan_labels(l, cells, nc, n, 0);
	}
	free(cells);
	return rc;
}

/* Labels in the first `upto` cells of a row (the cells left of a frame
 * cell). */
static hz_code scan_cells_labels(labels *l, const docx_row *row, size_t upto, normalizer *n)
{
	docx_row left = {row->cells, upto < row->ncells ? upto : row->ncells};
	form_cell *cells = NULL;
	size_t cap = 0, nc;
	hz_code rc = HZ_OK;

	if (!left.ncells)
		return HZ_OK;
	if (form_cells_from_docx(&left, &cells, &cap, &nc) < 0)
		rc = HZ_E_NOMEM;
	else
		rc = scan_labels(l, cells, nc, n, 0);
	free(cells);
	return rc;
}

/* The table, then the tables nested in its cells, in document order: a
 * form is sometimes laid out inside a one-cell frame table. */
static hz_code try_docx_tables(hz_form *f, const docx_table *t, labels *l, normalizer *n, int *found, int depth)
{
	hz_code rc = try_docx_table(f, t, l, n, found);
	size_t labelled = 0;   /* rows of t scanned for labels so far */

	if (rc != HZ_OK || *found || depth >= HZ_MAX_XML_DEPTH)
		return rc;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			const docx_cell *cell = &t->rows[r].cells[c];
			/* SPEC 5.2: what comes before the frame cell in reading
			 * order (the rows above, the cells to its left) stands
			 * above a form nested in it; read_docx's later scan of
			 * the whole table, if no form turns up, finds the same
			 * labels first */
			if (cell->nnested) {
				if (labelled < r && (rc = scan_table_labels(l, t, labelled, r, n)) != HZ_OK)
					return rc;
				labelled = r;
				if ((rc = scan_cells_labels(l, &t->rows[r], c, n)) != HZ_OK)
					return rc;
			}
			for (size_t k = 0; k < cell->nnested; k++) {
				rc = try_docx_tables(f, cell->nested[k], l, n, found, depth + 1);
				if (rc != HZ_OK || *found)
					return rc;
			}
		}
	return HZ_OK;
}

typedef struct para_list {
	char **items;
	size_t n, cap;
	size_t bytes;   /* as written, for HZ_MAX_FORM_TEXT_BYTES */
} para_list;

/* One paragraph, norm_key'd; an empty one is left out.  A paragraph's own
 * line breaks (w:br) stay inside it: SPEC 5.8 looks inside one paragraph. */
static hz_code add_paragraph(para_list *pl, normalizer *n, const char *text)
{
	char *k;
	hz_code rc;

	if (pl->n >= HZ_MAX_DOCX_BLOCKS)
		return HZ_OK;
	if (strlen(text) > HZ_MAX_FORM_TEXT_BYTES - pl->bytes)
		return HZ_E_LIMIT;
	pl->bytes += strlen(text);
	if ((rc = norm_key_nonempty(n, text, strlen(text), &k)) != HZ_OK || !k)
		return rc;
	char **ni = dynbuf_grow_array(pl->items, pl->n, &pl->cap, 64, sizeof(*ni));
	if (!ni) {
		free(k);
		return HZ_E_NOMEM;
	}
	pl->items = ni;
	pl->items[pl->n++] = k;
	return HZ_OK;
}

/* The cells' paragraphs one by one (cell->paras, not cell->text: its "\n"
 * joins paragraphs but also stands for a w:br inside one).  A cell's paras
 * hold its nested tables' paragraphs already. */
static hz_code table_paragraphs(para_list *pl, normalizer *n, const docx_table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			const docx_cell *cell = &t->rows[r].cells[c];
			for (size_t p = 0; p < cell->nparas; p++) {
				hz_code rc;
				if (cell->paras[p] && (rc = add_paragraph(pl, n, cell->paras[p])) != HZ_OK)
					return rc;
			}
		}
	return HZ_OK;
}

/* Takes ownership of p (docx_document_read_pkg). */
static hz_code read_docx(hz_form *f, pkg *p, normalizer *n, hz_error *err)
{
	docx_document *doc = NULL;
	/* A form's labels may also stand in a table before it; a narrative's
	 * come from paragraphs only (its tables list activities and dates). */
	labels lform, lnarr;
	para_list pl = {0};
	int found = 0;
	hz_code rc;

	memset(&lform, 0, sizeof(lform));
	memset(&lnarr, 0, sizeof(lnarr));
	rc = docx_document_read_pkg(&doc, p, DOCX_TEXT_FOR_FORMS, err);
	if (rc != HZ_OK)
		return rc;
	for (size_t b = 0; b < doc->nblocks && !found; b++) {
		const docx_block *blk = &doc->blocks[b];
		if (blk->kind == DOCX_PARAGRAPH) {
			form_cell c = {0, FCELL_TEXT, blk->text ? blk->text : "", blk->text ? strlen(blk->text) : 0, 0, 1};
			rc = scan_labels(&lform, &c, 1, n, 0);
			if (rc == HZ_OK)
				rc = scan_labels(&lnarr, &c, 1, n, 0);
		} else if (blk->table) {
			rc = try_docx_tables(f, blk->table, &lform, n, &found, 0);
			if (rc == HZ_OK && !found)
				rc = scan_table_labels(&lform, blk->table, 0, blk->table->nrows, n);
		}
		if (rc != HZ_OK)
			goto out;
	}
	if (found) {
		f->kind = HZ_FORM_TABLE;
		labels_into_form(f, &lform);
	} else {
		/* SPEC 5.8: no form table, so a narrative report if it has text */
		for (size_t b = 0; b < doc->nblocks; b++) {
			const docx_block *blk = &doc->blocks[b];
			if (blk->kind == DOCX_PARAGRAPH && blk->text)
				rc = add_paragraph(&pl, n, blk->text);
			else if (blk->kind == DOCX_TABLE && blk->table)
				rc = table_paragraphs(&pl, n, blk->table);
			if (rc != HZ_OK)
				goto out;
		}
		if (pl.n == 0) {
			rc = hz_error_set(err, HZ_E_NO_TABLE, "the document has neither a form table nor any text");
			goto out;
		}
		f->kind = HZ_FORM_NARRATIVE;
		f->paragraphs = pl.items;
		f->nparagraphs = pl.n;
		pl.items = NULL;
		pl.n = 0;
		labels_into_form(f, &lnarr);
	}
	set_modified(f, doc->modified);
out:
	if (rc == HZ_E_LIMIT) /* docx_document_read's own refusals return above */
		text_limit(err);
	for (size_t i = 0; i < pl.n; i++)
		free(pl.items[i]);
	free(pl.items);
	labels_release(&lform);
	labels_release(&lnarr);
	docx_document_free(doc);
	return rc;
}

hz_code hz_form_read(hz_form *out, const char *path, const char *relpath, normalizer *n, hz_error *err)
{
	form_pkg_kind kind;
	pkg *p;
	hz_code rc;

	memset(out, 0, sizeof(*out));
	hz_error_file(err, relpath);
	out->file = form_strndup(relpath, strlen(relpath));
	if (!out->file)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	rc = form_open_package(path, relpath, &kind, &out->mtime, &p, err);
	if (rc != HZ_OK)
		goto fail;
	rc = kind == FORM_PKG_XLSX ? read_xlsx(out, p, n, err) : read_docx(out, p, n, err);
	if (rc != HZ_OK)
		goto fail;
	return HZ_OK;
fail:
	/* the readers name the path on disk; results.json names relpath */
	hz_error_file(err, relpath);
	hz_form_release(out);
	return rc;
}

hz_code form_labels_scan_cells(form_found_labels *l, const form_cell *cells, size_t ncells, normalizer *n,
				int date1904)
{
	return scan_labels(l, cells, ncells, n, date1904);
}

hz_code form_labels_scan_table(form_found_labels *l, const docx_table *t, normalizer *n)
{
	return scan_table_labels(l, t, 0, t->nrows, n);
}

void form_found_labels_release(form_found_labels *l)
{
	labels_release(l);
}

void hz_form_release(hz_form *f)
{
	if (!f)
		return;
	free(f->file);
	free(f->unit_text);
	free(f->bad_date);
	for (size_t i = 0; i < f->nrows; i++)
		row_release(&f->rows[i]);
	free(f->rows);
	for (size_t i = 0; i < f->nparagraphs; i++)
		free(f->paragraphs[i]);
	free(f->paragraphs);
	memset(f, 0, sizeof(*f));
}
