/*
 * The report's charts (report.c's chart table names each by the name of its
 * drawing in the template).  A chart is two functions: its chart part
 * (c:chartSpace, with cached values, naming its data by the relationship
 * REPORT_CHART_DATA_REL) and its data (Sheet1 of the embedded workbook,
 * the cells the part's formulas name).
 */
#ifndef HZ_REPORT_CHART_H
#define HZ_REPORT_CHART_H

#include <xlsxwriter.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "write/docdata.h"

/* The relationship, in the chart's own .rels, to its embedded workbook. */
#define REPORT_CHART_DATA_REL "rIdData"

typedef hz_code (*report_chart_xml_fn)(const docdata *d, dynbuf *out);
typedef hz_code (*report_chart_sheet_fn)(const docdata *d, lxw_worksheet *ws);

/* A row of report.c's chart table. */
typedef struct report_chart {
	const char *name;         /* the name of its drawing in the template (Word: 选择窗格) */
	const char *section;      /* the section.x it belongs to: drawn when present, taken out when not */
	const char *title;        /* the embedded workbook's title */
	report_chart_xml_fn xml;
	report_chart_sheet_fn sheet;
} report_chart;

/* The chart's data as a workbook (libxlsxwriter: xw_book_open waits for
 * any other workbook of the process), appended to xlsx.  Its temporary
 * file goes beside out_path. */
HZ_MUST_USE hz_code report_chart_workbook(const docdata *d, report_chart_sheet_fn fill, const char *title, const char *out_path,
			      dynbuf *xlsx, hz_error *err);

/* 分类指标完成情况: category rates as columns (Sheet1 A1:B(n+1)). */
HZ_MUST_USE hz_code report_chart_categories_xml(const docdata *d, dynbuf *out);
HZ_MUST_USE hz_code report_chart_categories_sheet(const docdata *d, lxw_worksheet *ws);

/* 报送进度 (SPEC 8.4): report_progress's line chart of r->history. */
HZ_MUST_USE hz_code report_chart_progress_xml(const docdata *d, dynbuf *out);
HZ_MUST_USE hz_code report_chart_progress_sheet(const docdata *d, lxw_worksheet *ws);

#endif
