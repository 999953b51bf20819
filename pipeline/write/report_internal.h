/*
 * What report.c (the frame, the root schema) and report_items.c (the
 * schemas of the report's lists) share: the ctx every callback gets, and
 * the item schemas.  Private to write/report*.c.
 */
#ifndef HZ_WRITE_REPORT_INTERNAL_H
#define HZ_WRITE_REPORT_INTERNAL_H

#include <stddef.h>

#include "write/docdata.h"
#include "write/rectify_docs.h"
#include "write/report_phases.h"
#include "write/report_review.h"
#include "write/report_views.h"
#include "write/tmpl.h"

/* What every callback of the report's schemas gets as ctx.  docdata comes
 * first: the item schemas shared with the letters (unit_items.h)
 * take ctx as a docdata. */
typedef struct report_ctx {
	docdata d;
	report_views v;
	report_review rv;        /* 考评验收情况 (SPEC 6.5) */
	report_rank_row *all_rows; /* with reviews: the whole ranking as rows (附件 排名表) */
	rectify_figures rf;      /* SPEC 7.3: 整改落实情况 (empty without the round) */
	report_phases ph;        /* SPEC 9.4: 阶段工作推进情况 (empty without [phases]) */
	size_t *section_no;      /* per report_sections: 1-based number, 0 when absent */
	size_t *attachment_no;   /* per report_attachments: 1-based number, 0 when absent */
	size_t *attachments;     /* the present attachments' indices, in number order */
	size_t nattachments;
} report_ctx;

/* The items of the report's lists (report_items.c); each callback takes a
 * report_ctx, or its docdata, as ctx. */
extern const tmpl_schema report_category_schema;  /* 分类指标: a docdata_item */
extern const tmpl_schema report_top_schema;       /* tasks most often not done */
extern const tmpl_schema report_issue_schema;     /* 退回及校验问题: an hz_file_note */
extern const tmpl_schema report_grade_schema;     /* 等次 and their counts */
extern const tmpl_schema report_rank_schema;      /* a report_rank_row */
extern const tmpl_schema report_group_schema;     /* 分组 figures */
extern const tmpl_schema report_overrated_schema; /* 自评偏高 (SPEC 6.5) */
extern const tmpl_schema report_candidate_schema; /* 拟定候选名单 (SPEC 6.4) */

#endif
