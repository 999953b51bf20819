/*
 * What every workbook huizong writes with libxlsxwriter needs: the same
 * bytes for the same inputs, an atomic replace of the target, and column
 * widths that fit Chinese text.
 *
 * Determinism: libxlsxwriter (Debian 1.1.4) stamps every zip entry with
 * 1980-01-01 00:00 already; the only clock it reads is for
 * docProps/core.xml, and lxw_doc_properties.created overrides that.  We set
 * it from the campaign's as_of date, so nothing depends on when we ran.
 *
 * Atomicity: libxlsxwriter writes straight to the path it is given, at
 * workbook_close().  We give it a hidden temporary name in the target's
 * folder (write/outfile.h) and rename it over the target once it is
 * complete.
 */
#ifndef HZ_XLSX_WRITE_H
#define HZ_XLSX_WRITE_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "hzerr.h"

typedef struct xw_book {
	lxw_workbook *wb;   /* owned until xw_book_commit / xw_book_abort */
	char *final_path;   /* owned */
	char *tmp_path;     /* owned; exists on disk while the book is open */
	int locked;         /* holds the process's workbook lock (xw_book_open) */
	int durable;        /* set after xw_book_open for an output of a run: fsynced
	                       before its rename (SPEC 8.2); 0 for forms, written by
	                       the thousand, and for workbooks read back at once */
} xw_book;

/*
 * Opens a workbook that will become out_path.  as_of ("YYYY-MM-DD") dates
 * docProps/core.xml (midnight UTC, the same date at any UTC offset up to
 * +12:00); an empty or bad as_of uses a fixed date.  title may be NULL.
 * streaming: libxlsxwriter's constant_memory mode — each row goes to a
 * temporary file once the next one starts, so memory stays flat (a
 * 500,000-row 明细 takes 6 MB instead of 650 MB), but every sheet must
 * then be written top to bottom (a cell above the current row is dropped)
 * and strings are stored inline.
 * On success the caller must end with xw_book_commit or xw_book_abort.
 *
 * One book is open in the process at a time: this blocks while another
 * thread has one open, until that one is committed or aborted.  libxlsxwriter
 * keeps process-wide state while it writes (tmpfileplus names its temporary
 * files from srand/rand; the packager formats dates with gmtime's static
 * buffer), so two workbooks written at once could disturb each other.  A
 * thread must therefore never open a second book before closing its first.
 */
HZ_MUST_USE hz_code xw_book_open(xw_book *b, const char *out_path, const char *as_of, const char *title, int streaming,
		     hz_error *err);

/* Writes the workbook and renames it over final_path.  Always releases b. */
HZ_MUST_USE hz_code xw_book_commit(xw_book *b, hz_error *err);

/* Drops the workbook and its temporary file.  Always releases b. */
void xw_book_abort(xw_book *b);

/* A writer's last step, reached whether it went well or not: commits b
 * when rc is HZ_OK, else drops it; returns rc or the commit's outcome.
 * Always releases b. */
HZ_MUST_USE hz_code xw_book_end(xw_book *b, hz_code rc, hz_error *err);

/* Display width of UTF-8 text in "narrow character" units: CJK and other
 * East Asian wide characters count 2, combining marks 0, others 1.  For
 * text of several lines, the widest line.  Invalid bytes count 1. */
size_t xw_display_width(const char *s);

/* Column widths of one sheet, grown as cells are written. */
typedef struct xw_widths {
	double *w;          /* owned; ncols entries, display widths */
	size_t ncols;
} xw_widths;

HZ_MUST_USE hz_code xw_widths_init(xw_widths *cw, size_t ncols);
void xw_widths_release(xw_widths *cw);
/* Notes text written in column col (ignored beyond ncols). */
void xw_widths_note(xw_widths *cw, size_t col, const char *text);
void xw_widths_note_width(xw_widths *cw, size_t col, double width);
/* Sets each column to its widest text plus padding, within [min, max]
 * (Excel's character units). */
HZ_MUST_USE hz_code xw_widths_apply(const xw_widths *cw, lxw_worksheet *ws, double min, double max, hz_error *err);
/* The width xw_widths_apply gives column col. */
double xw_widths_column(const xw_widths *cw, size_t col, double min, double max);

/*
 * Writes text, cut to Excel's 32,767-character cell limit (with "…") so a
 * unit's overlong 存在问题 text cannot fail the whole workbook.  NULL or ""
 * writes a blank cell carrying fmt (nothing when fmt is NULL).
 */
HZ_MUST_USE hz_code xw_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt, hz_error *err);
HZ_MUST_USE hz_code xw_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt, hz_error *err);
/* A "YYYY-MM-DD" date as an Excel date (fmt should carry a date format);
 * anything else is written as text. */
HZ_MUST_USE hz_code xw_date(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *ymd, lxw_format *fmt, hz_error *err);

/* Turns a libxlsxwriter error into an hz_error (HZ_E_WRITE, or HZ_E_NOMEM). */
HZ_MUST_USE hz_code xw_fail(hz_error *err, lxw_error e, const char *what);

/* Whether two names are equal with ASCII letters folded: Excel compares
 * sheet names that way (and more), Windows and macOS folders file names. */
int xw_name_equal_folded(const char *a, const char *b);

/* Creates a folder and its parents (mkdir -p).  HZ_E_WRITE on failure. */
HZ_MUST_USE hz_code xw_mkdirs(const char *path, hz_error *err);

/* Parses "YYYY-MM-DD" strictly.  Returns 1 on success. */
int xw_parse_ymd(const char *s, int *y, int *m, int *d);

#endif
