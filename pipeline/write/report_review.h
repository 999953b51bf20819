/*
 * 考评验收情况 in the report (SPEC 6.5): the figures of the reviews, the
 * units flagged 自评偏高 (largest gap first), and the chart of the average
 * self and review percent per category.  Built once per report from the
 * units' reviews; empty (on false) when the campaign has none.
 */
#ifndef HZ_REPORT_REVIEW_H
#define HZ_REPORT_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "write/docdata.h"

typedef struct report_review {
	bool on;                     /* r->has_reviews */
	size_t reviewed, not_reviewed; /* units of the roster */
	/* over the reviewed units: self (0 for one that sent no form, SPEC 6.3's S),
	 * review and final percent */
	double avg_self, avg_review, avg_final;
	docdata_unit *overrated;     /* owned; largest self − review gap first, roster order within a tie */
	size_t noverrated;
	/* per r->categories, over the reviewed units: Σ score / (n · max) · 100 */
	double *cat_self, *cat_review; /* owned */
} report_review;

HZ_MUST_USE hz_code report_review_init(report_review *v, const docdata *d, hz_error *err);
void report_review_release(report_review *v);

/* A unit's self percent as 考评验收情况 counts it: its percent when it sent
 * a form, 0 otherwise (SPEC 6.3). */
double report_review_self_percent(const hz_unit *u);

/* The chart of 考评验收情况: clustered columns, 自评 and 考评 per category
 * (Sheet1 A1:C(n+1)).  Reads the figures again from d (a chart function
 * gets only the docdata). */
HZ_MUST_USE hz_code report_chart_review_xml(const docdata *d, dynbuf *out);
HZ_MUST_USE hz_code report_chart_review_sheet(const docdata *d, lxw_worksheet *ws);

#endif
