/*
 * 报送进度 for the report's 总体情况 (SPEC 8.4), ready for the report's
 * frame: a native line chart (its part with cached values, and the data of
 * its embedded workbook) and the sentence on the change since the previous
 * date, all from r->history (one row per as_of date, this run included).
 * The section is present only when the history holds two dates or more
 * (report_progress_present).  Nothing here knows the template: the frame
 * finds the chart by name and places the sentence.
 */
#ifndef HZ_WRITE_REPORT_PROGRESS_H
#define HZ_WRITE_REPORT_PROGRESS_H

#include <stdbool.h>
#include <xlsxwriter.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"

bool report_progress_present(const hz_history *h);

/* The chart part (c:chartSpace): 已报送单位 on the left axis and 平均得分率
 * on the right, one point per date, each with its cached value; formulas
 * name Sheet1 A2:A(n+1) (dates), B (submitted), C (average); embedded:
 * the workbook by relationship rIdData. */
HZ_MUST_USE hz_code report_progress_chart_xml(const hz_history *h, bool embedded, dynbuf *out);

/* Sheet1 of the embedded workbook: 日期, 已报送单位, 平均得分率（%）. */
HZ_MUST_USE hz_code report_progress_sheet(const hz_history *h, lxw_worksheet *ws);

/* The dates as the chart shows them: "10月31日", or "2023年1月5日" when the
 * history spans more than one year.  out: at least 24 bytes. */
void report_progress_date(const hz_history *h, size_t i, char *out, size_t n);

/* "截至10月31日，已报送54个单位，比10月25日增加18个；平均得分率为72.50%，比10月25日提高1.25个百分点。"
 * (持平 when equal; 减少/降低 when lower), appended to out.  Needs two rows. */
HZ_MUST_USE hz_code report_progress_sentence(const hz_history *h, dynbuf *out);

#endif
