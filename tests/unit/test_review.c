/* 考评验收 (SPEC 6.1–6.4) on tests/fixtures/campaigns/reviews (made by
 * make_reviews.py there; its docstring lists each case): both shapes of
 * review form, the sheet-name and file-name fallbacks, clamps and the
 * fallbacks to the self score, every supersede key, unknown units and
 * rejected files, 综合审定 with 自评偏高 at its boundary, and the candidate
 * list with a tie at the cut, with and without reviews. */
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

#include "campaign/campaign.h"
#include "tmpdir.h"

#define FIX "tests/fixtures/campaigns/reviews"

static char tmp[64];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmp, sizeof(tmp), "hz_test_review_");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmp);
}

static void run(const char *campaign, const char *out, hz_results *r, hz_campaign_summary *sum)
{
	hz_campaign_opts o;
	hz_error err;
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/%s", tmp, out);
	memset(&o, 0, sizeof(o));
	o.campaign_dir = campaign;
	o.output_dir = dir;
	o.jobs = 2;
	hz_error_clear(&err);
	hz_results_init(r);
	assert_int_equal(hz_campaign_run(&o, r, sum, &err), HZ_OK);
}

static const hz_unit *unit(const hz_results *r, const char *name)
{
	for (size_t i = 0; i < r->nunits; i++)
		if (!strcmp(r->units[i].name, name))
			return &r->units[i];
	fail_msg("no unit %s", name);
	return NULL;
}

static void near(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("got %.10g, want %.10g", got, want);
}

static size_t count_notes(const hz_file_note *v, size_t n, const char *file, const char *sheet, int row)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].file, file) && ((!sheet && !v[i].sheet) || (sheet && v[i].sheet && !strcmp(v[i].sheet, sheet))) &&
		    v[i].row == row)
			k++;
	return k;
}

static int has_problem(const hz_unit *u, const char *kind, const char *task, const char *text)
{
	for (size_t i = 0; i < u->nproblems; i++)
		if (!strcmp(u->problems[i].kind, kind) && (!task || (u->problems[i].task && !strcmp(u->problems[i].task, task))) &&
		    (!text || !strcmp(u->problems[i].text, text)))
			return 1;
	return 0;
}

static int has_warning(const hz_results *r, const char *sheet, const char *kind)
{
	for (size_t i = 0; i < r->nwarnings; i++)
		if (r->warnings[i].sheet && !strcmp(r->warnings[i].sheet, sheet) && !strcmp(r->warnings[i].kind, kind))
			return 1;
	return 0;
}

static void reviews_of_every_shape(void **state)
{
	hz_results r;
	hz_campaign_summary sum;
	const hz_unit *u;
	const char *g1 = "reviews/第一评审组考评表.xlsx", *g2 = "reviews/第二评审组考评汇总表.xlsx";
	(void)state;

	run(FIX, "out", &r, &sum);
	assert_true(r.has_reviews);
	assert_int_equal(r.n_reviewed, 9);
	near(r.settings.review_weight, 0.5);

	/* sheet name decides; empty cell and 优 fall back to the self score */
	u = unit(&r, "甲区审计局");
	assert_string_equal(u->review->file, g1);
	assert_string_equal(u->review->sheet, "审计局");
	assert_string_equal(u->review->group, "第一评审组");
	assert_string_equal(u->review->date, "2022-11-10"); /* below the table */
	near(u->review->tasks[0].score, 27);
	assert_true(u->review->tasks[0].scored);
	near(u->review->tasks[1].score, 30); /* ３０分 */
	near(u->review->tasks[2].score, 20);
	assert_false(u->review->tasks[2].scored);
	near(u->review->tasks[3].score, 20);
	near(u->review->percent, 97);
	near(u->review->final_percent, 98.5);
	assert_int_equal(u->review->final_rank, 4);
	assert_string_equal(u->review->final_grade, "优秀");
	assert_true(has_problem(u, "review_deduction", "1", "台账不全"));
	assert_false(has_problem(u, "review_deduction", "3", NULL)); /* a fallback is no deduction */
	assert_true(has_warning(&r, "审计局", "review_missing"));
	assert_true(has_warning(&r, "审计局", "bad_number"));

	/* label with its value in the next cell; clamps; unmatched and duplicate rows */
	u = unit(&r, "甲区财政局");
	assert_string_equal(u->review->sheet, "Sheet2");
	near(u->review->tasks[0].score, 30);
	near(u->review->tasks[1].score, 0);
	near(u->review->tasks[2].score, 15); /* 十五 */
	near(u->review->percent, 65);
	near(u->review->final_score, 82.5);
	assert_true(u->overrated);
	assert_true(has_warning(&r, "Sheet2", "review_score_out_of_range"));
	assert_true(has_warning(&r, "Sheet2", "unmatched_row"));
	assert_true(has_warning(&r, "Sheet2", "duplicate_row"));

	/* the later sheet wins (the hidden one is not looked at); 100 − 90 = overrate */
	u = unit(&r, "甲区统计局");
	assert_string_equal(u->review->sheet, "统计局（复核）");
	near(u->review->percent, 90);
	assert_true(u->overrated);
	assert_true(has_problem(u, "overrated", NULL, NULL));
	assert_int_equal(count_notes(r.superseded, r.nsuperseded, g1, "统计局", 0), 1);
	assert_int_equal(count_notes(r.superseded, r.nsuperseded, g1, "旧", 0), 0);

	/* 考评汇总表 with a two-row header; the later row wins */
	u = unit(&r, "甲区民政局");
	assert_string_equal(u->review->file, g2);
	assert_int_equal(u->review->row, 5);
	assert_string_equal(u->review->group, "第二评审组");
	assert_string_equal(u->review->date, "2022-11-12");
	near(u->review->percent, 100);
	u = unit(&r, "甲区水务局");
	assert_int_equal(u->review->row, 9);
	assert_int_equal(count_notes(r.superseded, r.nsuperseded, g2, "汇总", 6), 1);
	assert_int_equal(count_notes(r.unknown_units, r.nunknown_units, g2, "汇总", 7), 1);
	u = unit(&r, "甲区商务局");
	near(u->review->percent, 40);
	near(u->review->final_percent, 70);
	assert_string_equal(u->review->final_grade, "合格");
	assert_true(u->overrated);
	assert_false(u->lagging);

	/* .docx: the later date wins over the greater path; the file name decides */
	u = unit(&r, "甲区林业局");
	assert_string_equal(u->review->file, "reviews/a林业局考评表.docx");
	assert_null(u->review->sheet);
	assert_string_equal(u->review->group, "第三评审组");
	near(u->review->tasks[3].score, 10); /* empty: the self score after the partial fraction */
	near(u->review->final_percent, 90);
	assert_int_equal(count_notes(r.superseded, r.nsuperseded, "reviews/林业局考评表.docx", NULL, 0), 1);

	/* the timestamp, then the greater path */
	u = unit(&r, "甲区档案馆");
	assert_false(u->submitted);
	assert_string_equal(u->review->file, "reviews/档案馆考评表-1.xlsx");
	assert_string_equal(u->review->date, "2022-11-20");
	near(u->review->final_percent, 50); /* S = 0 */
	assert_true(u->lagging);
	u = unit(&r, "甲区人社局");
	assert_string_equal(u->review->file, "reviews/人社局考评表（更正）.xlsx");

	/* accounting */
	assert_int_equal(count_notes(r.rejected, r.nrejected, "reviews/说明.xlsx", NULL, 0), 1);
	assert_int_equal(sum.reviews_looked_at, 9); /* .DS_Store not looked at */
	assert_int_equal(sum.reviews_rejected, 1);
	assert_int_equal(sum.reviews_unknown, 1);
	assert_int_equal(sum.reviews_superseded, 5);
	assert_int_equal(sum.rejected, 0);
	/* the summary's tables: a tally per round (campaign/rounds.c), in
	 * reading order, and a path per output written (campaign/outputs.c) */
	assert_int_equal(sum.nrounds, 4);
	assert_string_equal(sum.rounds[0].folder, "submissions");
	assert_string_equal(sum.rounds[2].folder, "reviews");
	assert_int_equal(sum.rounds[2].looked_at, 9);
	assert_int_equal(sum.rounds[2].rejected, 1);
	assert_int_equal(sum.rounds[0].looked_at + sum.rounds[1].looked_at, sum.looked_at);
	assert_int_equal(sum.rounds[0].used + sum.rounds[0].superseded + sum.rounds[0].unknown + sum.rounds[0].rejected,
			 sum.rounds[0].looked_at);
	assert_int_equal(sum.noutputs, 5);
	assert_non_null(strstr(hz_campaign_output_path(&sum, HZ_OUT_LETTERS), "/反馈"));
	assert_non_null(strstr(hz_campaign_output_path(&sum, HZ_OUT_RESULTS), "/results.json"));
	assert_true(hz_campaign_output_path(&sum, HZ_OUT_NOTICE)[0] != '\0'); /* [candidates] */
	assert_string_equal(hz_campaign_output_path(&sum, "no such output"), "");

	/* final ranks share (1, 1, 1, 4); the candidates keep the tie at the cut */
	assert_int_equal(unit(&r, "甲区民政局")->review->final_rank, 1);
	assert_int_equal(unit(&r, "甲区人社局")->review->final_rank, 1);
	assert_int_equal(r.ncandidates, 3);
	assert_string_equal(r.units[r.candidates[0].unit].name, "甲区民政局");
	assert_string_equal(r.units[r.candidates[1].unit].name, "甲区水务局");
	assert_string_equal(r.units[r.candidates[2].unit].name, "甲区人社局");
	near(r.candidates[2].percent, 100);
	hz_results_release(&r);
}

/* Without reviews/: section 2 figures, review null, candidates by the self
 * grade (seven units tied at 100 with max = 2: all stay). */
static void candidates_without_reviews(void **state)
{
	hz_results r;
	hz_campaign_summary sum;
	char cmd[2048], camp[256];
	(void)state;

	snprintf(camp, sizeof(camp), "%s/noreviews", tmp);
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s' && rm -rf '%s/reviews'", FIX, camp, camp);
	assert_int_equal(system(cmd), 0);
	run(camp, "out2", &r, &sum);
	assert_false(r.has_reviews);
	assert_int_equal(r.n_reviewed, 0);
	for (size_t i = 0; i < r.nunits; i++)
		assert_null(r.units[i].review);
	assert_int_equal(r.ncandidates, 7);
	assert_string_equal(r.units[r.candidates[0].unit].name, "甲区审计局");
	assert_string_equal(r.units[r.candidates[6].unit].name, "甲区人社局");
	hz_results_release(&r);

	/* reviews/ holding only a dot-file is no review round (SPEC 6.3) */
	snprintf(cmd, sizeof(cmd), "mkdir '%s/reviews' && touch '%s/reviews/.DS_Store'", camp, camp);
	assert_int_equal(system(cmd), 0);
	run(camp, "out3", &r, &sum);
	assert_false(r.has_reviews);
	hz_results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reviews_of_every_shape),
		cmocka_unit_test(candidates_without_reviews),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
