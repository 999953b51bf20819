/*
 * The documents made from the results (SPEC §4): the report for superiors,
 * the rankings workbook, the feedback letters, and the blank forms.  Each is
 * written to a temporary name and renamed; same results → same bytes.
 */
#ifndef HZ_DOCS_H
#define HZ_DOCS_H

#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"

/* What a document of the run is written from besides the results. */
typedef struct hz_doc_env {
	const char *templates_dir; /* the templates' folder (hz_campaign_templates_dir) */
	const dynbuf *prepared;    /* what its hz_doc_prepare built, or NULL (then the writer builds it) */
} hz_doc_env;

/* The shape of a writer in the run's table of outputs (campaign/outputs.c):
 * r as judged, written at path (a file, or a folder of files).  A new
 * document's writer takes this shape and needs one row of that table. */
typedef hz_code (*hz_doc_writer)(const hz_results *r, const hz_doc_env *env, const char *path, hz_error *err);

/* What a writer needs built before the writers run on two threads (a
 * workbook: libxlsxwriter takes one at a time), into out; path is where the
 * writer will write. */
typedef hz_code (*hz_doc_prepare)(const hz_results *r, const char *path, dynbuf *out, hz_error *err);

/* 汇总报告.docx from templates_dir/report.docx. */
HZ_MUST_USE hz_code hz_report_write(const hz_results *r, const char *templates_dir, const char *out_path, hz_error *err);

/* The same in two steps, for a caller that writes another workbook on
 * another thread meanwhile: hz_report_chart_data builds the embedded
 * workbooks of the report's charts (libxlsxwriter, one workbook at a time:
 * xw_book_open; one per chart whose section is present, packed into xlsx,
 * which is opaque to the caller), so it can be done before the other
 * workbook starts, and hz_report_write_with takes them (NULL: builds them
 * itself).  xlsx is the caller's (dynbuf_release); out_path names their
 * temporary files. */
HZ_MUST_USE hz_code hz_report_chart_data(const hz_results *r, const char *out_path, dynbuf *xlsx, hz_error *err); /* an hz_doc_prepare */
HZ_MUST_USE hz_code hz_report_write_with(const hz_results *r, const char *templates_dir, const char *out_path,
			     const dynbuf *chart_data, hz_error *err);

/* One 反馈/<unit>.docx per lagging unit from templates_dir/feedback.docx.
 * out_dir (OUTPUT/反馈) is replaced as a whole: built beside it under a
 * temporary name, then swapped in, so no letter of an earlier run stays. */
HZ_MUST_USE hz_code hz_feedback_write_all(const hz_results *r, const char *templates_dir, const char *out_dir, hz_error *err);

/*
 * The same on several threads at once (campaign/outputs.c's two lanes):
 * hz_letters_begin on one thread (the template, every letter's name, the
 * folder beside out_dir); hz_letters_write on any number of threads at
 * once, each writing the next letter no other has taken until none is left
 * (a letter's bytes do not depend on the thread); then, once every
 * hz_letters_write has returned, hz_letters_end on one thread: the letters
 * synced and the folder swapped in, or the failure of the letter first in
 * letter order (whatever the threads) and the folder removed.  _end and
 * _abort free l.
 */
typedef struct hz_letters hz_letters;
HZ_MUST_USE hz_code hz_letters_begin(hz_letters **out, const hz_results *r, const char *templates_dir,
				     const char *out_dir, hz_error *err);
HZ_MUST_USE hz_code hz_letters_write(hz_letters *l, hz_error *err);
HZ_MUST_USE hz_code hz_letters_end(hz_letters *l, hz_error *err);
void hz_letters_abort(hz_letters *l);

/* 拟定名单公示.docx (SPEC 6.4) from templates_dir/notice.docx: r->candidates
 * as judged; the caller writes it only when settings.has_candidates. */
HZ_MUST_USE hz_code hz_notice_write(const hz_results *r, const char *templates_dir, const char *out_path, hz_error *err);

/* 排名.xlsx (libxlsxwriter). */
HZ_MUST_USE hz_code hz_rankings_write(const hz_results *r, const char *out_path, hz_error *err);

/* `huizong forms`: one 自查自评表.xlsx per roster unit plus a blank one,
 * from r->tasks and r->units (only those are read). */
HZ_MUST_USE hz_code hz_forms_write(const hz_results *r, const char *out_dir, hz_error *err);

/* `huizong forms --reviews` (SPEC 6.1): one 考评表 workbook per roster group
 * (one in all without groups), a sheet per unit that submitted with its
 * self scores, and a blank 考评汇总表.xlsx, from judged results.  *books:
 * the 考评表 workbooks written. */
HZ_MUST_USE hz_code hz_review_forms_write(const hz_results *r, const char *out_dir, size_t *books, hz_error *err);

#endif
