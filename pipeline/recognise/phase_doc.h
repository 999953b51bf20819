/*
 * A phase document (SPEC 9.1, 9.2): a 创建方案, 工作总结 … a unit filed
 * under phases/<name>/.  It is not scored: what is read is only what says
 * whose it is and when — the first unit and date labels, a .docx's title
 * (the first body paragraph with 关于) and 成文日期 (the last body paragraph
 * that is a date), the timestamps.  Judging (judge/phases.c) decides the
 * unit; this module never does.
 */
#ifndef HZ_PHASE_DOC_H
#define HZ_PHASE_DOC_H

#include <stdbool.h>

#include "hzerr.h"
#include "text/norm.h"

typedef enum hz_phase_doc_kind { HZ_PHASE_DOC_DOCX, HZ_PHASE_DOC_XLSX, HZ_PHASE_DOC_PDF } hz_phase_doc_kind;

typedef struct hz_phase_doc {
	hz_phase_doc_kind kind;
	char *unit_text;        /* norm_text of the first unit label's value; NULL when none */
	char *title_text;       /* .docx: norm_key of the title's text before 关于, without a leading 中共;
	                           NULL when no body paragraph holds 关于 ("" when nothing stands before it) */
	bool has_date;          /* the date label's date, else (.docx) the 成文日期 */
	int year, month, day;
	char *bad_date;         /* a date label's value that did not parse (warning bad_date); else NULL */
	bool has_modified;      /* docProps/core.xml dcterms:modified (never for .pdf) */
	long long modified;     /* epoch seconds */
	long long mtime;        /* the file's modification time */
} hz_phase_doc;

/*
 * Reads one file under phases/ (path on disk, relpath as results.json
 * names it).  Accepts a readable .docx or .xlsx (with or without a table;
 * an empty one too) and a .pdf whose first bytes are "%PDF-".  Refuses as
 * SPEC 5.11 says (lock files, legacy and other formats, damaged or
 * over-large files; a .pdf without the signature): the code is returned
 * and err filled, so hz_error_reason() gives the rejected reason.
 * Caller releases with hz_phase_doc_release.  Thread-safe (n is).
 */
HZ_MUST_USE hz_code hz_phase_doc_read(hz_phase_doc *out, const char *path, const char *relpath, normalizer *n, hz_error *err);
void hz_phase_doc_release(hz_phase_doc *d);

#endif
