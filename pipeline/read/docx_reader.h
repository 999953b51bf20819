/*
 * Reader of .docx bodies: paragraphs and tables in document order.  A body
 * is read whole into this small block model (bounded by hz_limits.h), which
 * is what the stages above need: forms are a few tables, reports a few pages.
 *
 * The text rules are those of the corpus oracle (python-docx's run text, see
 * corpus/external/make_oracle.py): runs in hyperlinks, fields, content
 * controls, smart tags, custom XML and insertions count; deletions, field
 * instructions, ruby annotations, text boxes and drawings do not.  Elements
 * are matched by namespace URI (Transitional or Strict) and local name.
 */
#ifndef HZ_DOCX_READER_H
#define HZ_DOCX_READER_H

#include <stddef.h>

#include "hzerr.h"

typedef struct pkg pkg; /* pkg.h */

typedef enum docx_vmerge { DOCX_VMERGE_NONE, DOCX_VMERGE_RESTART, DOCX_VMERGE_CONTINUE } docx_vmerge;

typedef struct docx_table docx_table;

typedef struct docx_cell {
	char *text;          /* paragraphs of the cell (nested tables' included) joined by "\n" */
	char **paras;        /* the same paragraphs one by one (SPEC 5.8 looks inside one) */
	size_t nparas;
	int grid_span;       /* w:gridSpan, 1 when absent */
	docx_vmerge vmerge;
	docx_table **nested; /* tables inside this cell, in order */
	size_t nnested;
} docx_cell;

typedef struct docx_row {
	docx_cell *cells;    /* w:tc as they appear (gridSpan not expanded) */
	size_t ncells;
} docx_row;

struct docx_table {
	docx_row *rows;
	size_t nrows;
};

typedef enum docx_block_kind { DOCX_PARAGRAPH, DOCX_TABLE } docx_block_kind;

typedef struct docx_block {
	docx_block_kind kind;
	char *text;          /* DOCX_PARAGRAPH: text as stored (tab "\t", br/cr "\n") */
	docx_table *table;   /* DOCX_TABLE */
} docx_block;

/* A text box of the body (w:txbxContent outside mc:Fallback and outside
 * another text box): not body text, kept apart. */
typedef struct docx_textbox {
	char **paras;        /* every paragraph inside, nested ones included, in order */
	size_t nparas;
} docx_textbox;

typedef struct docx_document {
	docx_block *blocks;
	size_t nblocks;
	docx_textbox *textboxes;
	size_t ntextboxes;
	char modified[40];   /* docProps/core.xml dcterms:modified as written, "" when absent */
} docx_document;

/* How text is reported.  DOCX_TEXT_AS_STORED is what `dump` prints (the
 * oracle's reading).  DOCX_TEXT_FOR_FORMS is what the stages above read:
 * a legacy form checkbox (FORMCHECKBOX, no glyph stored) becomes ☑ or ☐ by
 * its checked state, and a content control still showing its placeholder
 * (w:showingPlcHdr) contributes no text (SPEC 5.12). */
typedef enum docx_text_mode { DOCX_TEXT_AS_STORED, DOCX_TEXT_FOR_FORMS } docx_text_mode;

/* Reads the main document part (found through _rels/.rels; Strict too).
 * On success *out is set; caller frees with docx_document_free.
 * Errors: those of pkg_open/pkg_parse_xml, HZ_E_FORMAT when the main part is
 * not a Word document (no w:document root or no w:body), HZ_E_LIMIT when the
 * body exceeds the HZ_MAX_DOCX_* caps. */
HZ_MUST_USE hz_code docx_document_read(docx_document **out, const char *path, docx_text_mode mode, hz_error *err);
/* The same from a package the caller already opened (pkg_open), e.g. to
 * look at its main part first.  Takes ownership of p: it is freed before
 * the call returns, on success and on failure alike (the document keeps
 * no reference to it); the caller must not use or free p after the call. */
HZ_MUST_USE hz_code docx_document_read_pkg(docx_document **out, pkg *p, docx_text_mode mode, hz_error *err);
void docx_document_free(docx_document *doc);

#endif
