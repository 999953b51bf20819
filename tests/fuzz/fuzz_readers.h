/*
 * Drives the package readers over everything they offer, touching every
 * byte they hand out (so ASan sees a short or unterminated string).
 * Header-only, for the harnesses.
 */
#ifndef HZ_FUZZ_READERS_H
#define HZ_FUZZ_READERS_H

#include <stdlib.h>
#include <string.h>

#include "read/docx_reader.h"
#include "read/xlsx_reader.h"

static volatile unsigned fuzz_sink;

static __attribute__((unused)) void fuzz_touch(const char *s, size_t len)
{
	unsigned h = 0;
	if (!s)
		return;
	for (size_t i = 0; i < len; i++)
		h = h * 31 + (unsigned char)s[i];
	if (s[len] != '\0')
		abort(); /* the readers promise NUL-terminated text */
	fuzz_sink += h;
}

static __attribute__((unused)) void fuzz_touch_str(const char *s)
{
	if (s)
		fuzz_touch(s, strlen(s));
}

/* Opens path as a workbook and reads every sheet to its end. */
static __attribute__((unused)) void fuzz_read_workbook(const char *path)
{
	xlsx_workbook *wb = NULL;
	hz_error err;
	char modified[64], ref[16];

	hz_error_clear(&err);
	if (xlsx_workbook_open(&wb, path, &err) != HZ_OK)
		return;
	fuzz_sink += (unsigned)xlsx_workbook_date1904(wb);
	if (xlsx_workbook_modified(wb, modified, sizeof(modified)))
		fuzz_touch_str(modified);
	for (size_t i = 0; i < xlsx_workbook_sheet_count(wb); i++) {
		const xlsx_sheet_info *si = xlsx_workbook_sheet(wb, i);
		xlsx_sheet_reader *sr = NULL;
		const xlsx_row *row;
		const xlsx_merge *merges;
		size_t nmerges = 0;
		int rc;

		fuzz_touch_str(si->name);
		fuzz_touch_str(si->part);
		hz_error_clear(&err);
		if (xlsx_sheet_open(wb, i, &sr, &err) != HZ_OK)
			continue;
		while ((rc = xlsx_sheet_next_row(sr, &row, &err)) == 1) {
			for (size_t c = 0; c < row->ncells; c++) {
				const xlsx_cell *cell = &row->cells[c];
				fuzz_touch(cell->text, cell->len);
				xlsx_cell_ref(row->row, cell->col, ref, sizeof(ref));
				fuzz_touch_str(ref);
				if (c > 0 && cell->col <= row->cells[c - 1].col)
					abort(); /* promised ascending */
			}
		}
		merges = xlsx_sheet_merges(sr, &nmerges);
		for (size_t k = 0; k < nmerges; k++)
			fuzz_sink += merges[k].r1 + merges[k].c2;
		xlsx_sheet_free(sr);
	}
	xlsx_workbook_free(wb);
}

static void fuzz_walk_table(const docx_table *t);

static void fuzz_walk_table(const docx_table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			const docx_cell *cell = &t->rows[r].cells[c];
			fuzz_touch_str(cell->text);
			for (size_t p = 0; p < cell->nparas; p++)
				fuzz_touch_str(cell->paras[p]);
			for (size_t k = 0; k < cell->nnested; k++)
				fuzz_walk_table(cell->nested[k]);
			fuzz_sink += (unsigned)cell->grid_span + (unsigned)cell->vmerge;
		}
}

/* Reads path as a Word document in both text modes. */
static __attribute__((unused)) void fuzz_read_docx(const char *path)
{
	for (int mode = 0; mode < 2; mode++) {
		docx_document *doc = NULL;
		hz_error err;

		hz_error_clear(&err);
		if (docx_document_read(&doc, path, mode ? DOCX_TEXT_FOR_FORMS : DOCX_TEXT_AS_STORED, &err) != HZ_OK)
			continue;
		for (size_t b = 0; b < doc->nblocks; b++) {
			if (doc->blocks[b].kind == DOCX_PARAGRAPH)
				fuzz_touch_str(doc->blocks[b].text);
			else
				fuzz_walk_table(doc->blocks[b].table);
		}
		for (size_t t = 0; t < doc->ntextboxes; t++)
			for (size_t p = 0; p < doc->textboxes[t].nparas; p++)
				fuzz_touch_str(doc->textboxes[t].paras[p]);
		fuzz_touch_str(doc->modified);
		docx_document_free(doc);
	}
}

#endif
