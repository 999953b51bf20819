/*
 * One review file turned into its reviews (SPEC 6.1).  A sheet or a Word
 * table is first copied into a small table (review sheets are a few dozen
 * rows): a 考评汇总表's two-row header needs the sheet's merged cells, which
 * an .xlsx stores after the rows.  Then review_table.c finds the header,
 * the labels above and below (review_labels.c), and the rows; here, which
 * sheets and tables are looked at, and what carries between a .docx's
 * tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "read/docx_reader.h"
#include "read/pkg.h"
#include "read/xlsx_reader.h"
#include "recognise/form_internal.h"
#include "recognise/review_form.h"
#include "recognise/review_internal.h"
#include "hz_limits.h"
#include "text/vocab.h"

#include "banned.h"

/* ---------------------------------------------------------------- xlsx */

static hz_code read_sheet(entry_list *out, xlsx_workbook *wb, size_t si, const char *name, table_ctx *tc,
			  hz_error *err)
{
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	form_cell *cells = NULL;
	size_t cap = 0, nc, first = out->n;
	rtable t;
	rv_labels above, below;
	int got, plausible = 0, found = 0;
	hz_code rc = HZ_OK;

	memset(&t, 0, sizeof(t));
	memset(&above, 0, sizeof(above));
	memset(&below, 0, sizeof(below));
	t.date1904 = xlsx_workbook_date1904(wb);
	if ((rc = xlsx_sheet_open(wb, si, &sr, err)) != HZ_OK)
		return rc;
	while ((got = xlsx_sheet_next_row(sr, &row, err)) == 1) {
		if (row->row >= HZ_HEADER_SEARCH_ROWS && !plausible)
			break; /* no header can be in this sheet */
		if (form_cells_from_xlsx(row, &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		if (row->row < HZ_HEADER_SEARCH_ROWS && !plausible) {
			int p = rv_names_review_role(cells, nc, tc->n);
			if (p < 0) {
				rc = HZ_E_NOMEM;
				goto out;
			}
			plausible = p;
		}
		if ((rc = rv_rtable_add(&t, cells, nc, row->row + 1)) != HZ_OK)
			goto out;
	}
	if (got < 0) {
		rc = (hz_code)-got;
		goto out;
	}
	if (!plausible)
		goto out;
	{
		/* SPEC 6.1: a cell merged vertically counts in every row it
		 * spans (the 单位名称 of a two-row header) */
		size_t nm = 0, head = 0;
		const xlsx_merge *m = xlsx_sheet_merges(sr, &nm);
		/* only the rows a header may stand in (rows come in order) */
		while (head < t.nrows && t.rows[head].row <= HZ_HEADER_SEARCH_ROWS)
			head++;
		for (size_t k = 0; k < nm; k++) {
			const form_cell *src = NULL;
			if (m[k].r2 <= m[k].r1 || m[k].r1 >= HZ_HEADER_SEARCH_ROWS)
				continue;
			for (size_t i = 0; i < head && !src; i++)
				if (t.rows[i].row == m[k].r1 + 1)
					src = form_cell_at(t.rows[i].cells, t.rows[i].ncells, m[k].c1);
			if (!src)
				continue;
			for (size_t i = 0; i < head; i++)
				if (t.rows[i].row > m[k].r1 + 1 && t.rows[i].row <= m[k].r2 + 1 &&
				    (rc = rv_add_vcell(&t.rows[i], src, m[k].c1)) != HZ_OK)
					goto out;
		}
	}
	tc->sheet = name;
	tc->order = (uint32_t)si;
	tc->header_rows = HZ_HEADER_SEARCH_ROWS;
	if ((rc = rv_read_table(out, tc, &t, &above, &below, &found)) != HZ_OK)
		goto out;
	if (found)
		rc = rv_finish_entries(out, first, out->n, &above, &below, NULL);
out:
	rv_labels_release(&above);
	rv_labels_release(&below);
	rv_rtable_release(&t);
	free(cells);
	xlsx_sheet_free(sr);
	return rc;
}

static void set_modified(hz_review_file *f, const char *iso)
{
	long long t;

	if (iso && iso[0] && hz_parse_timestamp(iso, &t)) {
		f->has_modified = true;
		f->modified = t;
	}
}

static hz_code read_xlsx(hz_review_file *f, entry_list *out, pkg *p, table_ctx *tc, hz_error *err)
{
	xlsx_workbook *wb = NULL;
	char iso[64];
	hz_code rc = xlsx_workbook_open_pkg(&wb, p, err);

	if (rc != HZ_OK)
		return rc;
	for (size_t i = 0; i < xlsx_workbook_sheet_count(wb); i++) {
		const xlsx_sheet_info *si = xlsx_workbook_sheet(wb, i);
		if (!si || si->state != XLSX_VISIBLE || si->is_chartsheet)
			continue;
		if ((rc = read_sheet(out, wb, i, si->name ? si->name : "", tc, err)) != HZ_OK)
			goto out;
	}
	if (xlsx_workbook_modified(wb, iso, sizeof(iso)))
		set_modified(f, iso);
out:
	xlsx_workbook_free(wb);
	return rc;
}

/* ---------------------------------------------------------------- docx */

/* A Word table copied; a cell continuing a vertical merge stands in with
 * the text of the cell above it at the same grid column. */
static hz_code docx_to_rtable(rtable *t, const docx_table *dt)
{
	form_cell *cells = NULL;
	size_t cap = 0, nc;
	hz_code rc = HZ_OK;

	for (size_t r = 0; r < dt->nrows && rc == HZ_OK; r++) {
		const docx_row *dr = &dt->rows[r];
		uint64_t col = 0;
		if (form_cells_from_docx(dr, &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			break;
		}
		if ((rc = rv_rtable_add(t, cells, nc, (uint32_t)(r + 1))) != HZ_OK)
			break;
		for (size_t c = 0; c < dr->ncells && r > 0 && rc == HZ_OK; c++) {
			const docx_cell *d = &dr->cells[c];
			uint64_t span = d->grid_span > 0 ? (uint64_t)d->grid_span : 1;
			if (d->vmerge == DOCX_VMERGE_CONTINUE && (!d->text || !d->text[0]) && col <= UINT32_MAX) {
				const rt_row *up = &t->rows[t->nrows - 2];
				const form_cell *src = form_cell_at(up->cells, up->ncells, (int64_t)col);
				for (size_t v = 0; !src && v < up->nvcells; v++)
					if (up->vcells[v].col == col)
						src = &up->vcells[v];
				if (src)
					rc = rv_add_vcell(&t->rows[t->nrows - 1], src, (uint32_t)col);
			}
			col += span;
		}
	}
	free(cells);
	return rc;
}

/* Finishes the open table of a .docx: its labels are cur (above), then
 * below, then those the previous table ended with (group, date); cur
 * becomes the previous one. */
static hz_code close_table(entry_list *out, size_t first, size_t end, rv_labels *cur, rv_labels *below,
			   rv_labels *prev, int has_prev)
{
	hz_code rc = rv_finish_entries(out, first, end, cur, below, has_prev ? prev : NULL);

	rv_labels_release(below);
	rv_labels_release(prev);
	*prev = *cur;
	memset(cur, 0, sizeof(*cur));
	return rc;
}

static hz_code read_docx(hz_review_file *f, entry_list *out, pkg *p, table_ctx *tc, hz_error *err)
{
	docx_document *doc = NULL;
	/* above: labels since the previous review table; cur/below: the open
	 * table's; prev: the finished previous table's */
	rv_labels above, cur, below, prev;
	size_t first = 0;
	int open_table = 0, has_prev = 0;
	uint32_t tables = 0;
	hz_code rc = docx_document_read_pkg(&doc, p, DOCX_TEXT_FOR_FORMS, err);

	if (rc != HZ_OK)
		return rc;
	memset(&above, 0, sizeof(above));
	memset(&cur, 0, sizeof(cur));
	memset(&below, 0, sizeof(below));
	memset(&prev, 0, sizeof(prev));
	for (size_t b = 0; b < doc->nblocks && rc == HZ_OK; b++) {
		const docx_block *blk = &doc->blocks[b];
		if (blk->kind == DOCX_PARAGRAPH) {
			form_cell c = {0, FCELL_TEXT, blk->text ? blk->text : "", blk->text ? strlen(blk->text) : 0, 0, 1};
			rc = rv_scan_labels(&above, &c, 1, tc->n, 0, 1);
			if (rc == HZ_OK && open_table)
				rc = rv_scan_labels(&below, &c, 1, tc->n, 0, 0);
		} else if (blk->table) {
			rtable t;
			rv_labels a2, b2;
			int found = 0;
			size_t at = out->n;

			memset(&t, 0, sizeof(t));
			memset(&a2, 0, sizeof(a2));
			memset(&b2, 0, sizeof(b2));
			rc = docx_to_rtable(&t, blk->table);
			tc->sheet = NULL;
			tc->order = tables++;
			tc->header_rows = (size_t)-1;
			if (rc == HZ_OK)
				rc = rv_read_table(out, tc, &t, &a2, &b2, &found);
			if (rc == HZ_OK && found) {
				if (open_table) {
					rc = close_table(out, first, at, &cur, &below, &prev, has_prev);
					has_prev = 1;
				}
				/* above the table: the paragraphs before it, then
				 * its rows above the header */
				cur = above;
				memset(&above, 0, sizeof(above));
				if (!cur.unit_done && a2.unit_done) {
					cur.unit = a2.unit;
					a2.unit = NULL;
					cur.unit_done = 1;
				}
				if (rc == HZ_OK)
					rc = rv_labels_fill(&cur, &a2);
				below = b2;
				memset(&b2, 0, sizeof(b2));
				first = at;
				open_table = 1;
			} else if (rc == HZ_OK) {
				for (size_t i = 0; i < t.nrows && rc == HZ_OK; i++) {
					rc = rv_scan_labels(&above, t.rows[i].cells, t.rows[i].ncells, tc->n, 0, 1);
					if (rc == HZ_OK && open_table)
						rc = rv_scan_labels(&below, t.rows[i].cells, t.rows[i].ncells, tc->n, 0, 0);
				}
			}
			rv_labels_release(&a2);
			rv_labels_release(&b2);
			rv_rtable_release(&t);
		}
	}
	if (rc == HZ_OK && open_table)
		rc = close_table(out, first, out->n, &cur, &below, &prev, has_prev);
	if (rc == HZ_OK)
		set_modified(f, doc->modified);
	rv_labels_release(&above);
	rv_labels_release(&cur);
	rv_labels_release(&below);
	rv_labels_release(&prev);
	docx_document_free(doc);
	return rc;
}

/* ---------------------------------------------------------------- file */

hz_code hz_review_file_read(hz_review_file *f, const char *path, const char *relpath, const hz_review_keys *keys,
			    normalizer *n, hz_error *err)
{
	form_pkg_kind kind;
	pkg *p = NULL;
	entry_list out = {0};
	size_t budget = HZ_MAX_FORM_TEXT_BYTES;
	table_ctx tc;
	hz_code rc;

	memset(f, 0, sizeof(*f));
	if (!(f->file = strdup(relpath))) {
		rc = HZ_E_NOMEM;
		goto fail;
	}
	/* SPEC 6.1: every rule of 5.11 holds for reviews/ too */
	if ((rc = form_open_package(path, relpath, &kind, &f->mtime, &p, err)) != HZ_OK)
		goto fail;
	memset(&tc, 0, sizeof(tc));
	tc.keys = keys;
	tc.n = n;
	tc.budget = &budget;
	rc = kind == FORM_PKG_XLSX ? read_xlsx(f, &out, p, &tc, err) : read_docx(f, &out, p, &tc, err);
	if (rc == HZ_E_LIMIT && !err->code)
		hz_error_set(err, HZ_E_LIMIT, "more than %u bytes of text or %u rows in a review table",
			     HZ_MAX_FORM_TEXT_BYTES, HZ_MAX_FORM_ROWS);
	if (rc != HZ_OK)
		goto fail;
	if (out.n == 0) {
		/* the whole file was looked at: no part or position to name */
		hz_error_part(err, "");
		hz_error_where(err, "%s", "");
		rc = hz_error_set(err, HZ_E_NO_TABLE,
				  kind == FORM_PKG_XLSX ? "no visible sheet has a review header (考评得分 and 序号 or 任务; or 单位名称 and task columns)"
						   : "no table has a review header (考评得分 and 序号 or 任务; or 单位名称 and task columns)");
		goto fail;
	}
	f->entries = out.v;
	f->nentries = out.n;
	return HZ_OK;
fail:
	if (rc == HZ_E_NOMEM && !err->code)
		hz_error_set(err, HZ_E_NOMEM, "out of memory");
	for (size_t i = 0; i < out.n; i++)
		rv_entry_release(&out.v[i]);
	free(out.v);
	hz_error_file(err, relpath);
	hz_review_file_release(f);
	return rc;
}

void hz_review_file_release(hz_review_file *f)
{
	if (!f)
		return;
	free(f->file);
	for (size_t i = 0; i < f->nentries; i++)
		rv_entry_release(&f->entries[i]);
	free(f->entries);
	memset(f, 0, sizeof(*f));
}

hz_code hz_review_keys_build(hz_review_keys *k, const hz_results *r, normalizer *n)
{
	memset(k, 0, sizeof(*k));
	k->ids = calloc(r->ntasks + 1, sizeof(*k->ids));
	k->titles = calloc(r->ntasks + 1, sizeof(*k->titles));
	if (!k->ids || !k->titles)
		return HZ_E_NOMEM;
	k->ntasks = r->ntasks;
	for (size_t t = 0; t < r->ntasks; t++) {
		const char *id = r->tasks[t].id ? r->tasks[t].id : "", *title = r->tasks[t].title ? r->tasks[t].title : "";
		k->ids[t] = norm_key(n, id, strlen(id));
		k->titles[t] = norm_key(n, title, strlen(title));
		if (!k->ids[t] || !k->titles[t])
			return HZ_E_NOMEM;
	}
	return HZ_OK;
}

void hz_review_keys_release(hz_review_keys *k)
{
	for (size_t t = 0; t < k->ntasks; t++) {
		free(k->ids ? k->ids[t] : NULL);
		free(k->titles ? k->titles[t] : NULL);
	}
	free(k->ids);
	free(k->titles);
	memset(k, 0, sizeof(*k));
}
