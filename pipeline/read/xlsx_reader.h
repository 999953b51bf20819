/*
 * Streaming reader of .xlsx workbooks: sheets in workbook order, then one
 * sheet's rows one at a time (memory does not grow with the row count).
 */
#ifndef HZ_XLSX_READER_H
#define HZ_XLSX_READER_H

#include <stddef.h>
#include <stdint.h>

#include "hzerr.h"

typedef struct pkg pkg; /* pkg.h */

typedef enum xlsx_state { XLSX_VISIBLE, XLSX_HIDDEN, XLSX_VERY_HIDDEN } xlsx_state;

typedef enum xlsx_cell_type {
	XLSX_NUMBER, /* num; text = the lexical form as stored ("4.5") */
	XLSX_STRING, /* shared, inline or t="str" formula result; text */
	XLSX_BOOL,   /* num 0 or 1; text "TRUE"/"FALSE" */
	XLSX_ERROR,  /* text "#N/A" ... */
	XLSX_DATE    /* a number with a date/time format (or t="d"); num = serial in the
	                workbook's system, text = ISO "2022-10-28T00:00:00" as openpyxl shows */
} xlsx_cell_type;

typedef struct xlsx_cell {
	uint32_t col;        /* 0-based column (A = 0) */
	xlsx_cell_type type;
	const char *text;    /* UTF-8, NUL-terminated, _xHHHH_ escapes decoded; owned by the reader, valid until the next row */
	size_t len;
	double num;          /* NUMBER, BOOL, DATE */
} xlsx_cell;

typedef struct xlsx_row {
	uint32_t row;        /* 0-based row (row 1 = 0) */
	size_t ncells;       /* cells present with a non-empty value, ascending col */
	const xlsx_cell *cells;
} xlsx_row;

typedef struct xlsx_merge { uint32_t r1, c1, r2, c2; } xlsx_merge; /* 0-based, inclusive */

typedef struct xlsx_sheet_info {
	const char *name;    /* as in workbook.xml */
	xlsx_state state;
	int is_chartsheet;
	const char *part;    /* resolved part name, e.g. xl/worksheets/sheet1.xml */
} xlsx_sheet_info;

typedef struct xlsx_workbook xlsx_workbook;
typedef struct xlsx_sheet_reader xlsx_sheet_reader;

/* Opens the package, reads workbook.xml (found through the relationships,
 * Transitional or Strict), sharedStrings and styles.  Caller frees with
 * xlsx_workbook_free.  Errors as pkg_open plus HZ_E_NO_PART / HZ_E_XML /
 * HZ_E_ENTITY / HZ_E_LIMIT; err names file, part and position. */
HZ_MUST_USE hz_code xlsx_workbook_open(xlsx_workbook **out, const char *path, hz_error *err);
/* The same from a package the caller already opened (pkg_open), e.g. to
 * look at its main part first.  Takes ownership of p: the workbook owns p
 * from here, also on failure (p is then freed); the caller must not use or
 * free p after the call. */
HZ_MUST_USE hz_code xlsx_workbook_open_pkg(xlsx_workbook **out, pkg *p, hz_error *err);
void xlsx_workbook_free(xlsx_workbook *wb);

size_t xlsx_workbook_sheet_count(const xlsx_workbook *wb);
const xlsx_sheet_info *xlsx_workbook_sheet(const xlsx_workbook *wb, size_t i);
int xlsx_workbook_date1904(const xlsx_workbook *wb);
/* docProps/core.xml dcterms:modified as written; 0 when absent. */
int xlsx_workbook_modified(xlsx_workbook *wb, char *out, size_t n);

/* Starts streaming sheet i.  Caller frees with xlsx_sheet_free. */
HZ_MUST_USE hz_code xlsx_sheet_open(xlsx_workbook *wb, size_t i, xlsx_sheet_reader **out, hz_error *err);
/* 1: *row set (valid until the next call); 0: end of sheet; <0: -(hz_code),
 * err filled (sheet, row, cell). Rows without cells are skipped. */
int xlsx_sheet_next_row(xlsx_sheet_reader *r, const xlsx_row **row, hz_error *err);
/* Merged ranges; complete only once next_row has returned 0 (mergeCells
 * follows sheetData in the XML). */
const xlsx_merge *xlsx_sheet_merges(const xlsx_sheet_reader *r, size_t *n);
void xlsx_sheet_free(xlsx_sheet_reader *r);

/* "A1"-style reference of a 0-based (row, col) into out (>= 16 bytes). */
char *xlsx_cell_ref(uint32_t row, uint32_t col, char *out, size_t n);

#endif
