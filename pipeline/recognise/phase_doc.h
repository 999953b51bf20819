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
#include <stddef.h>

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

/*
 * What a phase document's reading depends on is its bytes alone (and this
 * reader: change what hz_phase_doc_read finds, or how, and bump the number
 * in HZ_PHASE_DOC_READER), so a run may keep it for the nights after
 * (state/read_cache.h) and skip the parse when the bytes come again.
 */
#ifndef HZ_VERSION
#define HZ_VERSION "0.0.0"
#endif
#define HZ_PHASE_DOC_READER "phase_doc/1 huizong " HZ_VERSION

/* Whether reading path is worth keeping: a .docx/.xlsx (or a converted
 * legacy file) that the name checks let through; not a .pdf, whose reading
 * is five bytes. */
bool hz_phase_doc_worth_keeping(const char *path, const char *relpath);

/* d as bytes for the cache, everything but mtime (the file's, taken anew
 * each run): into *out (caller frees), *len its size.  HZ_E_NOMEM only. */
HZ_MUST_USE hz_code hz_phase_doc_pack(const hz_phase_doc *d, unsigned char **out, size_t *len);

/* The reverse, into *d (release with hz_phase_doc_release; its mtime 0).
 * HZ_E_FORMAT when the bytes are not what hz_phase_doc_pack wrote (the
 * caller then reads the file), HZ_E_NOMEM. */
HZ_MUST_USE hz_code hz_phase_doc_unpack(const void *bytes, size_t len, hz_phase_doc *d);

#endif
