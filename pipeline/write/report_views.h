/*
 * What the bounded body of the report (SPEC §4) shows beyond docdata's
 * views: the ranking cut to its first and last `top` units with their
 * ties (SPEC 6.5: with reviews, in the final ranking's order), the figures per roster group, and the lagging units counted by
 * reason.  Built once per report; linear in
 * the units (groups by sorting, not by searching).
 */
#ifndef HZ_REPORT_VIEWS_H
#define HZ_REPORT_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"
#include "write/docdata.h"

/* The ranking table shows everything up to this many submitted units
 * (or 2·top when that is more): a table of 30 rows is still one page. */
#define REPORT_RANKING_WHOLE_UP_TO 30

typedef struct report_rank_row {
	const docdata_unit *unit; /* the unit, or the first (roster order) of its tie group */
	size_t tied;              /* 0: this unit alone; else a tie group of `tied` units shown as one row */
} report_rank_row;

typedef struct report_group {
	const char *name;         /* "" for the units the roster gives no group */
	size_t no;                /* 1-based, order of first appearance in the roster */
	size_t units, submitted, on_time, late, not_submitted, lagging;
	double percent_sum;       /* over submitted units */
	/* lagging units by reason; a unit may have several */
	size_t lag_not_submitted, lag_late, lag_narrative, lag_low_grade;
} report_group;

typedef struct report_views {
	size_t top, inline_units;   /* [report] top / inline_units */
	/* the ranking's order: d->ranked; with reviews (SPEC 6.5) the reviewed
	 * units by final rank, then the submitted ones not reviewed */
	const docdata_unit *order;
	size_t norder;
	size_t nreviewed_rows;      /* with reviews: order's first rows are the reviewed units */
	docdata_unit *own_order;    /* owned; order when it is not d->ranked */
	bool ranking_cut;           /* more than max(30, 2·top) submitted: first and last `top` only */
	report_rank_row *rank_top, *rank_bottom; /* owned */
	size_t nrank_top, nrank_bottom;
	size_t rank_omitted;        /* units between the two cuts (0: they meet) */
	bool has_groups;            /* some roster unit has a group */
	report_group *groups;       /* owned; roster order of first appearance */
	size_t ngroups;
	report_group *lagging_groups; /* owned; the groups with lagging units, same order */
	size_t nlagging_groups;
	report_group total;         /* every unit, as one group named 合计 */
	bool lagging_inline;        /* at most inline_units lagging units: their problem tables inline */
} report_views;

HZ_MUST_USE hz_code report_views_init(report_views *v, const docdata *d, hz_error *err);
void report_views_release(report_views *v);

#endif
