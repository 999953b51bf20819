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

/* 汇总报告.docx from templates_dir/report.docx. */
hz_code hz_report_write(const hz_results *r, const char *templates_dir, const char *out_path, hz_error *err);

/* The same in two steps, for a caller that writes another workbook on
 * another thread meanwhile: hz_report_chart_data builds the embedded
 * workbooks of the report's charts (libxlsxwriter, one workbook at a time:
 * xw_book_open; one per chart whose section is present, packed into xlsx,
 * which is opaque to the caller), so it can be done before the other
 * workbook starts, and hz_report_write_with takes them (NULL: builds them
 * itself).  xlsx is the caller's (dynbuf_release); out_path names their
 * temporary files. */
hz_code hz_report_chart_data(const hz_results *r, const char *out_path, dynbuf *xlsx, hz_error *err);
hz_code hz_report_write_with(const hz_results *r, const char *templates_dir, const char *out_path,
			     const dynbuf *chart_data, hz_error *err);

/* One 反馈/<unit>.docx per lagging unit from templates_dir/feedback.docx.
 * out_dir (OUTPUT/反馈) is replaced as a whole: built beside it under a
 * temporary name, then swapped in, so no letter of an earlier run stays. */
hz_code hz_feedback_write_all(const hz_results *r, const char *templates_dir, const char *out_dir, hz_error *err);

/* 拟定名单公示.docx (SPEC 6.4) from templates_dir/notice.docx: r->candidates
 * as judged; the caller writes it only when settings.has_candidates. */
hz_code hz_notice_write(const hz_results *r, const char *templates_dir, const char *out_path, hz_error *err);

/* 排名.xlsx (libxlsxwriter). */
hz_code hz_rankings_write(const hz_results *r, const char *out_path, hz_error *err);

/* `huizong forms`: one 自查自评表.xlsx per roster unit plus a blank one,
 * from r->tasks and r->units (only those are read). */
hz_code hz_forms_write(const hz_results *r, const char *out_dir, hz_error *err);

/* `huizong forms --reviews` (SPEC 6.1): one 考评表 workbook per roster group
 * (one in all without groups), a sheet per unit that submitted with its
 * self scores, and a blank 考评汇总表.xlsx, from judged results.  *books:
 * the 考评表 workbooks written. */
hz_code hz_review_forms_write(const hz_results *r, const char *out_dir, size_t *books, hz_error *err);

#endif
