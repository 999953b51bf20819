/*
 * 排名.xlsx's sheets of SPEC 6.5 (rankings_review.c): 总排名 with the 考评
 * and 综合 columns (in place of rankings.c's when the campaign has
 * reviews), 考评明细, and 候选名单 (with [candidates]).  Each adds its sheet
 * to the frame (streaming: top to bottom).
 */
#ifndef HZ_RANKINGS_REVIEW_H
#define HZ_RANKINGS_REVIEW_H

#include "hzerr.h"
#include "write/rankings_frame.h"

HZ_MUST_USE hz_code rk_review_write_ranking(rk_frame *f);
HZ_MUST_USE hz_code rk_review_write_details(rk_frame *f);
HZ_MUST_USE hz_code rk_review_write_candidates(rk_frame *f);

#endif
