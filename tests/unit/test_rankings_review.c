/*
 * 排名.xlsx with SPEC §6 (rankings_review.c): hand-built reviews and
 * candidates (synth_reviews.h) read back with openpyxl: 总排名's order and
 * its 考评/综合 columns, 考评明细's matrix, 候选名单 in list order, the
 * frozen headers and filters; a campaign with candidates but no reviews
 * gets 候选名单 and the old 总排名; the same results give the same bytes.
 */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "write/docs.h"
#include "write/xlsx_write.h"
#include "xlsx_readback.h"
#include "synth_reviews.h"
#include "tmpdir.h"

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_rankings_review.");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static void write_ok(const hz_results *r, const char *path)
{
	hz_error err;
	hz_error_clear(&err);
	if (hz_rankings_write(r, path, &err) != HZ_OK)
		fail_msg("hz_rankings_write: %s", err.detail);
}

/* 总排名's expected order: reviewed by final rank, submitted by rank, the
 * rest; roster order within ties. */
static int tier(const hz_unit *u)
{
	return u->review ? 0 : u->submitted ? 1 : 2;
}

static const hz_results *cmp_r;
static int cmp_final(const void *a, const void *b)
{
	const hz_unit *x = &cmp_r->units[*(const size_t *)a], *y = &cmp_r->units[*(const size_t *)b];
	int tx = tier(x), ty = tier(y);
	if (tx != ty)
		return tx - ty;
	if (tx < 2) {
		int rx = x->review ? x->review->final_rank : x->rank, ry = y->review ? y->review->final_rank : y->rank;
		if (rx != ry)
			return rx - ry;
	}
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void reviewed_workbook_reads_back(void **state)
{
	hz_results r;
	dump d;
	char path[400];
	size_t *order;
	int detail_row = 3;
	(void)state;
	if (!have_openpyxl())
		skip();
	synth_results(&r, 30, 4);
	synth_reviews(&r, 9);
	synth_candidates(&r, "良好", 4);
	snprintf(path, sizeof(path), "%s/排名.xlsx", tmpdir);
	write_ok(&r, path);
	read_dump(&d, path);

	assert_string_equal(meta(&d, "sheets\t"), "总排名|候选名单|分类得分|明细|考评明细|问题清单|未报送|校验");
	assert_string_equal(meta(&d, "freeze\t总排名\t"), "C2");
	assert_string_equal(meta(&d, "freeze\t考评明细\t"), "E3");
	assert_string_equal(meta(&d, "freeze\t候选名单\t"), "C2");
	assert_string_equal(meta(&d, "filter\t总排名\t"), "A1:V31");
	assert_non_null(meta(&d, "filter\t考评明细\t"));
	assert_non_null(meta(&d, "filter\t候选名单\t"));

	order = malloc(r.nunits * sizeof(*order));
	for (size_t i = 0; i < r.nunits; i++)
		order[i] = i;
	cmp_r = &r;
	qsort(order, r.nunits, sizeof(*order), cmp_final);
	expect_text(&d, "总排名", 1, 1, "综合名次");
	expect_text(&d, "总排名", 1, 5, "综合得分率（%）");
	expect_text(&d, "总排名", 1, 13, "自评偏高");
	for (size_t k = 0; k < r.nunits; k++) {
		const hz_unit *u = &r.units[order[k]];
		const int row = (int)k + 2;
		expect_text(&d, "总排名", row, 2, u->name);
		expect_text(&d, "总排名", row, 17, u->lagging ? "是" : "否");
		if (u->review) {
			expect_number(&d, "总排名", row, 1, u->review->final_rank, "0");
			expect_number(&d, "总排名", row, 4, u->review->final_score, NULL);
			expect_number(&d, "总排名", row, 5, u->review->final_percent, "0.00");
			expect_text(&d, "总排名", row, 6, u->review->final_grade);
			expect_number(&d, "总排名", row, 7, u->review->score, NULL);
			expect_number(&d, "总排名", row, 8, u->review->percent, "0.00");
			expect_text(&d, "总排名", row, 13, u->overrated ? "是" : "否");
			expect_text(&d, "总排名", row, 19, u->review->group);
		} else {
			assert_null(cell(&d, "总排名", row, 1));
			assert_null(cell(&d, "总排名", row, 5));
			expect_text(&d, "总排名", row, 6, u->submitted ? "未考评" : "未报送");
		}
		if (u->submitted) {
			expect_number(&d, "总排名", row, 9, u->rank, "0");
			expect_number(&d, "总排名", row, 11, u->percent, "0.00");
			expect_text(&d, "总排名", row, 12, u->grade);
		} else {
			expect_text(&d, "总排名", row, 12, "未报送");
		}
	}
	assert_non_null(strstr(meta(&d, "chart\t"), "'总排名'!$E$2:$E$"));

	/* 考评明细: reviewed units in the same order, each task's score and why */
	expect_text(&d, "考评明细", 2, 1, "综合名次");
	expect_text(&d, "考评明细", 2, 5, "考评得分");
	expect_text(&d, "考评明细", 2, 4, "考评总分");
	expect_text(&d, "考评明细", 2, 5 + 2 * (int)r.ntasks, "评审组");
	expect_text(&d, "考评明细", 2, 6, "扣分原因");
	assert_non_null(strstr(cell(&d, "考评明细", 1, 5), "1 讲政治任务1"));
	for (size_t k = 0; k < r.nunits; k++) {
		const hz_unit *u = &r.units[order[k]];
		if (!u->review)
			continue;
		expect_text(&d, "考评明细", detail_row, 2, u->name);
		expect_number(&d, "考评明细", detail_row, 4, u->review->score, NULL);
		expect_text(&d, "考评明细", detail_row, 5 + 2 * (int)r.ntasks, u->review->group);
		for (size_t t = 0; t < r.ntasks; t++) {
			const hz_review_task *rt = &u->review->tasks[t];
			expect_number(&d, "考评明细", detail_row, 5 + 2 * (int)t, rt->score, NULL);
			expect_text(&d, "考评明细", detail_row, 6 + 2 * (int)t,
				    rt->scored ? rt->comment : "未考评，按自评得分计");
		}
		detail_row++;
	}
	assert_null(cell(&d, "考评明细", detail_row, 2));

	/* 候选名单 in list order */
	assert_true(r.ncandidates > 0);
	expect_text(&d, "候选名单", 1, 4, "综合得分率（%）");
	for (size_t k = 0; k < r.ncandidates; k++) {
		const hz_unit *u = &r.units[r.candidates[k].unit];
		expect_number(&d, "候选名单", (int)k + 2, 1, (double)(k + 1), "0");
		expect_text(&d, "候选名单", (int)k + 2, 2, u->name);
		expect_number(&d, "候选名单", (int)k + 2, 4, r.candidates[k].percent, "0.00");
		expect_text(&d, "候选名单", (int)k + 2, 5, r.candidates[k].grade);
		expect_number(&d, "候选名单", (int)k + 2, 7, u->review->percent, "0.00");
	}
	assert_null(cell(&d, "候选名单", (int)r.ncandidates + 2, 2));
	free(order);
	free_dump(&d);
	hz_results_release(&r);
}

static void candidates_without_reviews(void **state)
{
	hz_results r;
	dump d;
	char path[400];
	(void)state;
	if (!have_openpyxl())
		skip();
	synth_results(&r, 20, 4);
	synth_candidates(&r, "合格", 2);
	snprintf(path, sizeof(path), "%s/c.xlsx", tmpdir);
	write_ok(&r, path);
	read_dump(&d, path);
	assert_string_equal(meta(&d, "sheets\t"), "总排名|候选名单|分类得分|明细|问题清单|未报送|校验");
	expect_text(&d, "总排名", 1, 1, "名次");
	expect_text(&d, "候选名单", 1, 4, "自评得分率（%）");
	expect_text(&d, "候选名单", 1, 5, "等次");
	for (size_t k = 0; k < r.ncandidates; k++) {
		expect_text(&d, "候选名单", (int)k + 2, 2, r.units[r.candidates[k].unit].name);
		expect_number(&d, "候选名单", (int)k + 2, 4, r.candidates[k].percent, "0.00");
	}
	free_dump(&d);
	hz_results_release(&r);

	/* an empty list says so */
	synth_results(&r, 8, 4);
	synth_candidates(&r, "优秀", 0);
	write_ok(&r, path);
	read_dump(&d, path);
	expect_text(&d, "候选名单", 2, 2, "（没有符合条件的单位）");
	free_dump(&d);
	hz_results_release(&r);
}

/* Without reviews and [candidates], the hooks do nothing: the workbook is
 * the one rankings.c alone wrote (test_rankings checks its contents). */
static void same_bytes(void **state)
{
	hz_results r;
	char a[400], b[400], cmd[900];
	(void)state;
	synth_results(&r, 25, 6);
	synth_reviews(&r, 1);
	synth_candidates(&r, "合格", -1);
	snprintf(a, sizeof(a), "%s/a.xlsx", tmpdir);
	snprintf(b, sizeof(b), "%s/b.xlsx", tmpdir);
	write_ok(&r, a);
	write_ok(&r, b);
	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	assert_int_equal(system(cmd), 0);
	hz_results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reviewed_workbook_reads_back),
		cmocka_unit_test(candidates_without_reviews),
		cmocka_unit_test(same_bytes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
