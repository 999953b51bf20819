/*
 * `forms --reviews` (review_forms.c) on hand-built results, read back with
 * openpyxl: one 考评表 workbook per roster group with a sheet per unit that
 * submitted (Excel-safe names: at most 31 characters, none of []:*?/\,
 * numbered on a collision, ASCII case folded), the unit label, each task's
 * id, title, max and self score, empty review inputs with their 0..max
 * validation; the blank 考评汇总表 with a column per task id.
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
#include "synth_results.h"
#include "tmpdir.h"

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_review_forms.");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static void rename_unit(hz_results *r, size_t i, const char *name)
{
	free(r->units[i].name);
	r->units[i].name = synth_dup(name);
}

static void books_sheets_and_cells(void **state)
{
	hz_results r;
	hz_error err;
	dump d;
	char path[600];
	size_t books = 0;
	const char *sheets;
	(void)state;
	if (!have_openpyxl())
		skip();
	synth_results(&r, 16, 3);
	/* units 0, 2, 4 … are 街道, odd ones 区直机关; unit 3 and 10 did not submit */
	rename_unit(&r, 0, "某某区[第一]街道办事处:党工委*?");
	rename_unit(&r, 2, "某某区第一街道办事处党工委");
	rename_unit(&r, 4, "某某区中华人民共和国成立七十五周年纪念活动筹备工作领导小组办公室");
	rename_unit(&r, 6, "Abc街道");
	rename_unit(&r, 8, "aBC街道");
	hz_error_clear(&err);
	snprintf(path, sizeof(path), "%s/forms", tmpdir);
	assert_int_equal(hz_review_forms_write(&r, path, &books, &err), HZ_OK);
	assert_int_equal(books, 2);

	snprintf(path, sizeof(path), "%s/forms/街道考评表.xlsx", tmpdir);
	read_dump(&d, path);
	sheets = meta(&d, "sheets\t");
	assert_non_null(sheets);
	/* roster order, submitted units only (unit 10 did not submit) */
	assert_string_equal(sheets, "某某区第一街道办事处党工委|某某区第一街道办事处党工委（2）|"
				    "某某区中华人民共和国成立七十五周年纪念活动筹备工作领导小组办公|Abc街道|aBC街道（2）|"
				    "某某区第13局|某某区第15局");
	expect_text(&d, "Abc街道", 2, 1, "被考评单位：");
	expect_text(&d, "Abc街道", 2, 2, "Abc街道");
	expect_text(&d, "Abc街道", 3, 1, "评审组：");
	expect_text(&d, "Abc街道", 4, 1, "考评日期：");
	expect_text(&d, "Abc街道", 6, 1, "序号");
	expect_text(&d, "Abc街道", 6, 5, "考评得分");
	expect_text(&d, "Abc街道", 6, 6, "扣分原因");
	for (size_t t = 0; t < r.ntasks; t++) {
		const int row = 7 + (int)t;
		expect_text(&d, "Abc街道", row, 1, r.tasks[t].id);
		expect_text(&d, "Abc街道", row, 2, r.tasks[t].title);
		expect_number(&d, "Abc街道", row, 3, r.tasks[t].max, NULL);
		expect_number(&d, "Abc街道", row, 4, r.units[6].tasks[t].score, NULL);
		assert_null(cell(&d, "Abc街道", row, 5));
		assert_null(cell(&d, "Abc街道", row, 6));
	}
	/* the unit with the long name keeps its whole name in the label */
	expect_text(&d, "某某区中华人民共和国成立七十五周年纪念活动筹备工作领导小组办公", 2, 2, r.units[4].name);
	free_dump(&d);

	snprintf(path, sizeof(path), "%s/forms/区直机关考评表.xlsx", tmpdir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/forms/考评汇总表.xlsx", tmpdir);
	read_dump(&d, path);
	assert_string_equal(meta(&d, "sheets\t"), "考评汇总表|任务说明");
	expect_text(&d, "考评汇总表", 5, 2, "单位名称");
	expect_text(&d, "考评汇总表", 5, 3, "1（5分）");
	expect_text(&d, "考评汇总表", 5, 4, "2（10分）");
	expect_text(&d, "考评汇总表", 5, 3 + (int)r.ntasks, "合计");
	expect_text(&d, "考评汇总表", 5, 4 + (int)r.ntasks, "考评意见");
	assert_null(cell(&d, "考评汇总表", 6, 2));
	expect_text(&d, "任务说明", 2, 3, r.tasks[0].title);
	free_dump(&d);
	hz_results_release(&r);
}

/* The review score boxes accept 0..max only (the workbook's own XML). */
static void validation_and_no_groups(void **state)
{
	hz_results r;
	hz_error err;
	char path[600], cmd[1400];
	size_t books = 0;
	(void)state;
	synth_results(&r, 6, 2);
	for (size_t i = 0; i < r.nunits; i++) {
		free(r.units[i].group);
		r.units[i].group = synth_dup("");
	}
	snprintf(path, sizeof(path), "%s/flat", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_review_forms_write(&r, path, &books, &err), HZ_OK);
	assert_int_equal(books, 1);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && unzip -p 考评表.xlsx xl/worksheets/sheet1.xml | grep -q "
		 "'<dataValidation type=\"decimal\"[^>]* sqref=\"E8\"><formula1>0</formula1><formula2>10</formula2>'",
		 path);
	assert_int_equal(system(cmd), 0);
	hz_results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(books_sheets_and_cells),
		cmocka_unit_test(validation_and_no_groups),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
