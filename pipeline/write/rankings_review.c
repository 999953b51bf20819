/*
 * 排名.xlsx's sheets of SPEC 6.5 (rankings.c calls them):
 *
 *   总排名   with reviews, in place of rankings.c's: reviewed units by
 *            综合名次, then submitted units not reviewed (综合等次 未考评) by
 *            their self rank, then the rest; the self columns keep their
 *            names (名次, 得分, 得分率（%）, 等次) and the review and final
 *            columns stand beside them; the chart shows 综合得分率
 *   考评明细 unit × task like 明细: each task's 考评得分 and 扣分原因 under
 *            its heading, one row per reviewed unit in 总排名's order
 *   候选名单 the list of SPEC 6.4, in its order (with [candidates])
 *
 * Without reviews and [candidates] none of this runs, so the workbook is
 * what it was before SPEC §6.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/rankings_review.h"

#include "hz_limits.h"

#include "banned.h"

/* 扣分原因 wraps in a column of at most this many character units. */
#define RV_COMMENT_WIDTH 20.0
/* What a landscape A4 page holds of the frame's column widths at 考评明细's
 * 75 % (明细: 105 at 90 %): two tasks a page. */
#define RV_PRINT_SCALE 75
#define RV_PAGE_WIDTH 126.0

/* 总排名's tiers with reviews: reviewed units by 综合名次, submitted units
 * not reviewed by their self rank, then the rest in roster order. */
static void final_rank(const hz_unit *u, int *tier, int *rank)
{
	*tier = u->review ? 0 : u->submitted ? 1 : 2;
	*rank = u->review ? u->review->final_rank : u->submitted ? u->rank : 0;
}

/* Unit indexes in 总排名's order with reviews; *nreviewed the first tier.
 * Caller frees. */
static size_t *final_order(const hz_results *r, size_t *nreviewed)
{
	size_t *order = malloc((r->nunits ? r->nunits : 1) * sizeof(*order));
	*nreviewed = 0;
	if (!order || rk_frame_order_units(order, r, final_rank) != HZ_OK) {
		free(order);
		return NULL;
	}
	for (size_t i = 0; i < r->nunits; i++)
		*nreviewed += r->units[i].review != NULL;
	return order;
}

hz_code rk_review_write_ranking(rk_frame *f)
{
	static const char *const headers[] = {
		"综合名次", "单位",   "分组",     "综合得分", "综合得分率（%）", "综合等次", "考评得分",
		"考评得分率（%）", "名次", "得分", "得分率（%）", "等次", "自评偏高", "满分",
		"完成率",   "逾期报送", "滞后", "报送日期", "评审组", "考评日期", "文件", "备注"};
	enum {
		C_FRANK, C_UNIT, C_GROUP, C_FSCORE, C_FPERCENT, C_FGRADE, C_RSCORE, C_RPERCENT, C_RANK, C_SCORE,
		C_PERCENT, C_GRADE, C_OVER, C_MAX, C_COMPL, C_LATE, C_LAG, C_DATE, C_RGROUP, C_RDATE, C_FILE, C_NOTE,
		NCOLS
	};
	static const rk_self_columns self = {C_UNIT, C_GROUP, C_LAG, C_RANK, C_SCORE, C_PERCENT,
					     C_GRADE, C_COMPL, C_LATE, C_DATE, C_FILE, C_NOTE};
	const hz_results *r = f->r;
	size_t nreviewed, *order = final_order(r, &nreviewed);
	rk_sheet *s;
	hz_code rc;

	if (!order)
		return hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
	HZ_TRY(rk_frame_start_sheet(f, "总排名", headers, NCOLS, &s));
	rk_frame_freeze(s, 1, 2);
	for (size_t k = 0; k < r->nunits; k++) {
		const hz_unit *u = &r->units[order[k]];
		const hz_review *rv = u->review;
		size_t row = k + 1;
		HZ_TRY(rk_frame_self_columns(f, s, row, u, &self));
		HZ_TRY(rk_frame_number(s, row, C_MAX, f->total_max, RK_NUMBER));
		if (rv) {
			HZ_TRY(rk_frame_number(s, row, C_FRANK, rv->final_rank, RK_INTEGER));
			HZ_TRY(rk_frame_number(s, row, C_FSCORE, rv->final_score, RK_NUMBER));
			HZ_TRY(rk_frame_number(s, row, C_FPERCENT, rv->final_percent, RK_PERCENT));
			HZ_TRY(rk_frame_text(s, row, C_FGRADE, rv->final_grade ? rv->final_grade : "", RK_CENTER));
			HZ_TRY(rk_frame_number(s, row, C_RSCORE, rv->score, RK_NUMBER));
			HZ_TRY(rk_frame_number(s, row, C_RPERCENT, rv->percent, RK_PERCENT));
			HZ_TRY(rk_frame_text(s, row, C_OVER, u->overrated ? "是" : "否", RK_CENTER));
			HZ_TRY(rk_frame_text(s, row, C_RGROUP, rv->group, RK_TEXT));
			HZ_TRY(rk_frame_date(s, row, C_RDATE, rv->date));
		} else {
			static const size_t blank[] = {C_FRANK, C_FSCORE, C_FPERCENT, C_RSCORE, C_RPERCENT, C_OVER,
						       C_RGROUP, C_RDATE};
			HZ_TRY(rk_frame_text(s, row, C_FGRADE, u->submitted ? "未考评" : hz_before_deadline(&f->r->settings) ? "尚未报送" : "未报送", RK_CENTER));
			for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
				HZ_TRY(rk_frame_text(s, row, blank[i], NULL, RK_TEXT));
		}
	}
	HZ_TRY(rk_frame_finish(s, 0, r->nunits));
	/* Printed without 文件 and 备注: 22 columns on one page are too small
	 * to read, and the paths are for the screen. */
	HZ_TRY(rk_frame_print_area(s, r->nunits, C_RDATE));
	if (nreviewed > 0) {
		/* as rankings.c's chart, of the 综合得分率 */
		static const rk_bar_chart chart = {"综合得分率（%）", "各单位综合得分率（%）", "综合得分率（%）前50名", 50};
		HZ_TRY(rk_frame_bar_chart(s, &chart, nreviewed, C_UNIT, C_FPERCENT, NCOLS + 1));
	}
out:
	free(order);
	return rc;
}

/* A task's columns in 考评明细: its 考评得分 and 扣分原因. */
static size_t review_width(const hz_task *t)
{
	(void)t;
	return 2;
}

hz_code rk_review_write_details(rk_frame *f)
{
	/* 评审组 and 考评日期 after the tasks: the columns printed on every
	 * page stay few */
	enum { C_RANK, C_UNIT, C_GROUP, C_SCORE, C_FIRST };
	static const char *const fixed[] = {"综合名次", "单位", "分组", "考评总分"};
	static const char *const after[] = {"评审组", "考评日期"};
	static const char *const labels[] = {"考评得分", "扣分原因"};
	static const double preset[] = {8, RV_COMMENT_WIDTH};
	const rk_task_matrix m = {.name = "考评明细", .fixed = fixed, .nfixed = C_FIRST, .after = after, .nafter = 2,
				  .width = review_width, .labels = labels, .preset = preset};
	const hz_results *r = f->r;
	const size_t C_RGROUP = C_FIRST + 2 * r->ntasks, C_RDATE = C_RGROUP + 1;
	size_t nreviewed, *order = final_order(r, &nreviewed);
	size_t *first = malloc((r->ntasks + 1) * sizeof(*first));
	rk_sheet *s;
	size_t row = 1;
	hz_code rc = HZ_OK;

	if (!order || !first) {
		rc = hz_error_set(f->err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	HZ_TRY(rk_frame_task_matrix(f, &m, first, &s));
	for (size_t k = 0; k < nreviewed && !rk_frame_full(row); k++) {
		const hz_unit *u = &r->units[order[k]];
		const hz_review *rv = u->review;
		const size_t n = rv->ntasks < r->ntasks ? rv->ntasks : r->ntasks;
		row++;
		HZ_TRY(rk_frame_number(s, row, C_RANK, rv->final_rank, RK_INTEGER));
		HZ_TRY(rk_frame_text(s, row, C_UNIT, u->name, RK_TEXT));
		HZ_TRY(rk_frame_text(s, row, C_GROUP, u->group, RK_TEXT));
		HZ_TRY(rk_frame_text(s, row, C_RGROUP, rv->group, RK_TEXT));
		HZ_TRY(rk_frame_date(s, row, C_RDATE, rv->date));
		HZ_TRY(rk_frame_number(s, row, C_SCORE, rv->score, RK_NUMBER));
		for (size_t i = 0; i < n; i++) {
			const hz_review_task *t = &rv->tasks[i];
			const char *why = t->scored ? t->comment : "未考评，按自评得分计";
			double w = why ? (double)rk_frame_text_width(why) : 0;
			HZ_TRY(rk_frame_number(s, row, C_FIRST + 2 * i, t->score, RK_NUMBER));
			rk_frame_note_width(s, C_FIRST + 2 * i + 1, w < RV_COMMENT_WIDTH ? w : RV_COMMENT_WIDTH);
			HZ_TRY(rk_frame_cell(s, row, C_FIRST + 2 * i + 1, why, RK_WRAP));
		}
	}
	if (rk_frame_full(row))
		HZ_TRY(rk_frame_overflow(s, ++row));
	HZ_TRY(rk_frame_task_page_breaks(s, first, r->ntasks, RV_PRINT_SCALE, RV_PAGE_WIDTH));
	HZ_TRY(rk_frame_finish(s, 1, row));
out:
	free(first);
	free(order);
	return rc;
}

hz_code rk_review_write_candidates(rk_frame *f)
{
	const hz_results *r = f->r;
	const bool reviewed = r->has_reviews;
	const char *const with_reviews[] = {"序号", "单位", "分组", "综合得分率（%）", "综合等次",
					    "自评得分率（%）", "考评得分率（%）", "报送日期"};
	const char *const self_only[] = {"序号", "单位", "分组", "自评得分率（%）", "等次", "报送日期"};
	const char *const *headers = reviewed ? with_reviews : self_only;
	const size_t ncols = reviewed ? 8 : 6, c_date = ncols - 1;
	rk_sheet *s;
	size_t row = 0;
	hz_code rc;

	HZ_TRY(rk_frame_start_sheet(f, "候选名单", headers, ncols, &s));
	rk_frame_freeze(s, 1, 2);
	for (size_t k = 0; k < r->ncandidates && !rk_frame_full(row); k++) {
		const hz_candidate *cd = &r->candidates[k];
		const hz_unit *u = cd->unit < r->nunits ? &r->units[cd->unit] : NULL;
		if (!u)
			continue;
		row++;
		HZ_TRY(rk_frame_number(s, row, 0, (double)(k + 1), RK_INTEGER));
		HZ_TRY(rk_frame_text(s, row, 1, u->name, RK_TEXT));
		HZ_TRY(rk_frame_text(s, row, 2, u->group, RK_TEXT));
		HZ_TRY(rk_frame_number(s, row, 3, cd->percent, RK_PERCENT));
		HZ_TRY(rk_frame_text(s, row, 4, cd->grade ? cd->grade : "", RK_CENTER));
		if (reviewed) {
			HZ_TRY(rk_frame_number(s, row, 5, u->percent, RK_PERCENT));
			if (u->review)
				HZ_TRY(rk_frame_number(s, row, 6, u->review->percent, RK_PERCENT));
			else
				HZ_TRY(rk_frame_text(s, row, 6, NULL, RK_TEXT));
		}
		HZ_TRY(rk_frame_date(s, row, c_date, u->date));
	}
	if (r->ncandidates == 0)
		HZ_TRY(rk_frame_text(s, ++row, 1, "（没有符合条件的单位）", RK_TEXT));
	HZ_TRY(rk_frame_finish(s, 0, row));
out:
	return rc;
}
