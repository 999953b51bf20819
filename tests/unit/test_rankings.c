/*
 * 排名.xlsx: written from a hand-made hz_results, read back with openpyxl
 * (/usr/bin/python3, the Debian one that has it), every figure compared with
 * the struct; the same results give the same bytes; the target is replaced
 * atomically and a failed write leaves nothing behind.
 */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "write/docs.h"
#include "write/xlsx_write.h"

#include "xlsx_readback.h"
#include "tmpdir.h"

/* ---- a hand-made campaign -------------------------------------------- */

static hz_grade grades[] = {{"优秀", 90}, {"良好", 80}, {"合格", 60}, {"不合格", 0}};
static char *kw1[] = {"第一议题"};
static hz_task tasks[] = {
	{"1", "讲政治", "落实“第一议题”制度", "每次会议第一项学习", 10, 0, kw1, 1},
	{"2", "讲政治", "常态化开展警示教育", "每年至少开展2次", 10, 2, NULL, 0},
	{"3", "有效率", "深化“我为群众办实事”实践活动", "", 15, 0, NULL, 0},
	{"4", "有效率", "组织在职党员到社区报到参加志愿服务", "", 5, 0, NULL, 0},
};
static char *categories[] = {"讲政治", "有效率"};

static hz_task_result tr_a[] = {{HZ_ST_DONE, 10, false, 0}, {HZ_ST_DONE, 10, true, 3}, {HZ_ST_PARTIAL, 7.5, false, 0},
				{HZ_ST_DONE, 5, false, 0}};
static hz_task_result tr_b[] = {{HZ_ST_MENTIONED, 0, false, 0}, {HZ_ST_NOT_MENTIONED, 0, false, 0},
				{HZ_ST_MENTIONED, 0, false, 0}, {HZ_ST_NOT_MENTIONED, 0, false, 0}};
static hz_task_result tr_d[] = {{HZ_ST_DONE, 10, false, 0}, {HZ_ST_PARTIAL, 5, true, 1}, {HZ_ST_DONE, 15, false, 0},
				{HZ_ST_NOT_STARTED, 0, false, 0}};
static hz_category_score cat_a[] = {{"讲政治", 20, 20}, {"有效率", 12.5, 20}};
static hz_category_score cat_b[] = {{"讲政治", 0, 20}, {"有效率", 0, 20}};
static hz_category_score cat_d[] = {{"讲政治", 15, 20}, {"有效率", 15, 20}};
static hz_problem prob_a[] = {{"partial", "3", "深化“我为群众办实事”实践活动：推进中", NULL, false}};
static hz_problem prob_b[] = {{"warning", NULL, "提交的是文字报告", NULL, false}, {"late", NULL, "逾期报送（2024-11-02）", NULL, false}};
static hz_problem prob_c[] = {{"not_submitted", NULL, "未报送自查自评表", NULL, false}};
static hz_problem prob_d[] = {{"count_short", "2", "完成1次，要求至少2次", NULL, false},
			      {"self_reported", NULL, "部分党员参加志愿服务积极性不高\n下一步加强督促", NULL, false}};
static char *alias_c[] = {"机关一支部", "一支部"};

static void make_results(hz_results *r)
{
	static hz_unit units[4];
	static hz_file_note rejected[] = {{.file = "submissions/坏文件.xlsx", .text = "文件已损坏或不完整 / damaged or truncated file"}};
	static hz_file_note unknown[] = {{.file = "submissions/外单位.xlsx", .text = "某某街道办事处"}};
	static hz_file_note superseded[] = {{.file = "submissions/财政局-旧.xlsx", .unit = "区财政局", .by = "submissions/财政局.xlsx"}};
	static hz_file_note warnings[] = {{.file = "submissions/审计局.docx", .kind = "unknown_status", .text = "“差不多”不是可识别的完成情况"}};

	memset(r, 0, sizeof(*r));
	r->settings.title = "2024年度区级机关模范机关创建自查情况汇总";
	r->settings.issuer = "中共某某区区级机关工作委员会";
	memcpy(r->settings.as_of, "2024-11-05", 11);
	memcpy(r->settings.deadline, "2024-10-31", 11);
	r->settings.grades = grades;
	r->settings.ngrades = 4;
	r->settings.lagging_below = "合格";
	r->tasks = tasks;
	r->ntasks = 4;
	r->categories = categories;
	r->ncategories = 2;

	memset(units, 0, sizeof(units));
	units[0] = (hz_unit){.name = "某某区财政局", .group = "区政府工作部门", .submitted = true,
			     .file = "submissions/财政局.xlsx", .date = "2024-10-28", .score = 32.5, .percent = 81.25,
			     .completion = 0.75, .rank = 1, .grade = "良好", .categories = cat_a, .ncategories = 2,
			     .tasks = tr_a, .ntasks = 4, .problems = prob_a, .nproblems = 1};
	units[1] = (hz_unit){.name = "某某区审计局", .group = "区政府工作部门", .submitted = true,
			     .file = "submissions/审计局.docx", .date = "2024-11-02", .late = true, .narrative = true,
			     .lagging = true, .score = 0, .percent = 0, .completion = 0, .rank = 3, .grade = "不合格",
			     .categories = cat_b, .ncategories = 2, .tasks = tr_b, .ntasks = 4, .problems = prob_b,
			     .nproblems = 2};
	units[2] = (hz_unit){.name = "区机关第一党支部", .group = "党支部", .aliases = alias_c, .naliases = 2,
			     .lagging = true, .problems = prob_c, .nproblems = 1};
	units[3] = (hz_unit){.name = "某某区人力资源和社会保障局", .group = "", .submitted = true,
			     .file = "submissions/sub/人社局.xlsx", .date = "2024-10-30", .score = 32.5,
			     .percent = 81.25, .completion = 0.5, .rank = 1, .grade = "良好", .categories = cat_d,
			     .ncategories = 2, .tasks = tr_d, .ntasks = 4, .problems = prob_d, .nproblems = 2};
	r->units = units;
	r->nunits = 4;
	r->rejected = rejected;
	r->nrejected = 1;
	r->unknown_units = unknown;
	r->nunknown_units = 1;
	r->superseded = superseded;
	r->nsuperseded = 1;
	r->warnings = warnings;
	r->nwarnings = 1;
	r->n_submitted = 3;
}

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_rankings.");
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

static void every_figure_reads_back(void **state)
{
	hz_results r;
	dump d;
	char path[400];
	const hz_unit *order[4];
	(void)state;
	if (!have_openpyxl())
		skip();
	make_results(&r);
	order[0] = &r.units[0]; /* rank 1, first in the roster */
	order[1] = &r.units[3]; /* rank 1 too (tie), later in the roster */
	order[2] = &r.units[1]; /* rank 3 */
	order[3] = &r.units[2]; /* not submitted: last */
	snprintf(path, sizeof(path), "%s/排名.xlsx", tmpdir);
	write_ok(&r, path);
	read_dump(&d, path);

	assert_string_equal(meta(&d, "sheets\t"), "总排名|分类得分|明细|问题清单|未报送|校验");
	assert_string_equal(meta(&d, "freeze\t总排名\t"), "C2");
	assert_string_equal(meta(&d, "freeze\t明细\t"), "D3");
	assert_string_equal(meta(&d, "freeze\t未报送\t"), "A2");
	assert_string_equal(meta(&d, "filter\t总排名\t"), "A1:M5");
	assert_string_equal(meta(&d, "created\t"), "2024-11-05T00:00:00Z");
	assert_string_equal(meta(&d, "header\t明细\t"), "2024年度区级机关模范机关创建自查情况汇总 明细");

	/* 总排名 */
	expect_text(&d, "总排名", 1, 1, "名次");
	expect_text(&d, "总排名", 1, 6, "得分率（%）");
	for (int k = 0; k < 4; k++) {
		const hz_unit *u = order[k];
		int row = k + 2;
		expect_text(&d, "总排名", row, 2, u->name);
		expect_text(&d, "总排名", row, 3, u->group);
		expect_text(&d, "总排名", row, 10, u->lagging ? "是" : "否");
		if (!u->submitted) {
			assert_null(cell(&d, "总排名", row, 1));
			assert_null(cell(&d, "总排名", row, 4));
			assert_null(cell(&d, "总排名", row, 6));
			expect_text(&d, "总排名", row, 7, "未报送");
			continue;
		}
		expect_number(&d, "总排名", row, 1, u->rank, "0");
		expect_number(&d, "总排名", row, 4, u->score, NULL);
		expect_number(&d, "总排名", row, 5, 40, NULL);
		expect_number(&d, "总排名", row, 6, u->percent, "0.00");
		expect_text(&d, "总排名", row, 7, u->grade);
		expect_number(&d, "总排名", row, 8, u->completion, "0.00%");
		expect_text(&d, "总排名", row, 9, u->late ? "是" : "否");
		assert_non_null(cell(&d, "总排名", row, 11));
		assert_int_equal(cell(&d, "总排名", row, 11)[0], 'd');
		assert_string_equal(strrchr(cell(&d, "总排名", row, 11), '\t') + 1, u->date);
		expect_text(&d, "总排名", row, 12, u->file);
	}
	assert_non_null(strstr(cell(&d, "总排名", 4, 13), "文字报告"));
	/* The chart plots the three submitted units' names and percents. */
	assert_string_equal(meta(&d, "chart\t"), "bar\t'总排名'!$B$2:$B$4|'总排名'!$F$2:$F$4");

	/* 分类得分 */
	expect_text(&d, "分类得分", 1, 4, "讲政治得分");
	expect_text(&d, "分类得分", 1, 7, "有效率满分");
	for (int k = 0; k < 4; k++) {
		const hz_unit *u = order[k];
		expect_text(&d, "分类得分", k + 2, 2, u->name);
		for (size_t j = 0; j < u->ncategories && u->submitted; j++) {
			expect_number(&d, "分类得分", k + 2, 4 + 2 * (int)j, u->categories[j].score, NULL);
			expect_number(&d, "分类得分", k + 2, 5 + 2 * (int)j, u->categories[j].max, NULL);
		}
		if (u->submitted)
			expect_number(&d, "分类得分", k + 2, 8, u->score, NULL);
		else
			expect_text(&d, "分类得分", k + 2, 8, "未报送");
	}

	/* 明细: unit × task, one row per submitted unit in ranking order; each
	 * task's heading merged over its status and score (and count, for the
	 * task with a minimum count) in row 1, the columns named in row 2. */
	{
		static const char *const zh[] = {[HZ_ST_DONE] = "已完成", [HZ_ST_PARTIAL] = "推进中",
						 [HZ_ST_NOT_STARTED] = "未开展", [HZ_ST_MENTIONED] = "报告中已提及",
						 [HZ_ST_NOT_MENTIONED] = "报告中未提及"};
		static const int first[] = {4, 6, 9, 11}; /* D, F (3 columns: min count 2), I, K */
		expect_text(&d, "明细", 1, 4, "1 落实“第一议题”制度（满分10分）");
		expect_text(&d, "明细", 1, 6, "2 常态化开展警示教育（满分10分，至少2次）");
		expect_text(&d, "明细", 1, 11, "4 组织在职党员到社区报到参加志愿服务（满分5分）");
		assert_string_equal(meta(&d, "merged\t明细\t"), "D1:E1");
		expect_text(&d, "明细", 2, 1, "名次");
		expect_text(&d, "明细", 2, 2, "单位");
		expect_text(&d, "明细", 2, 6, "完成情况");
		expect_text(&d, "明细", 2, 7, "得分");
		expect_text(&d, "明细", 2, 8, "完成次数");
		expect_text(&d, "明细", 2, 9, "完成情况");
		for (int k = 0; k < 3; k++) {
			const int row = k + 3;
			expect_number(&d, "明细", row, 1, order[k]->rank, "0");
			expect_text(&d, "明细", row, 2, order[k]->name);
			for (size_t i = 0; i < 4; i++) {
				const hz_task_result *t = &order[k]->tasks[i];
				expect_text(&d, "明细", row, first[i], zh[t->status]);
				expect_number(&d, "明细", row, first[i] + 1, t->score, NULL);
			}
			/* the count column belongs to task 2 alone */
			if (order[k]->tasks[1].has_count)
				expect_number(&d, "明细", row, 8, order[k]->tasks[1].count, NULL);
			else
				assert_null(cell(&d, "明细", row, 8));
		}
		assert_null(cell(&d, "明细", 6, 2)); /* the unit that did not submit has no row */
		assert_string_equal(meta(&d, "filter\t明细\t"), "A2:L5");
		/* printed pages break between tasks, never inside one */
		{
			const char *breaks = meta(&d, "colbreaks\t明细\t");
			char *end;
			int n = 0;
			assert_non_null(breaks);
			for (const char *b = breaks; *b; b = *end ? end + 1 : end, n++) {
				long id = strtol(b, &end, 10);
				assert_true(end > b && (id == 3 || id == 5 || id == 8 || id == 10));
			}
			assert_true(n >= 1);
		}
	}

	/* 问题清单: ranking order, every problem. */
	expect_text(&d, "问题清单", 2, 1, "某某区财政局");
	expect_text(&d, "问题清单", 2, 4, "未全部完成");
	expect_text(&d, "问题清单", 2, 5, "3");
	expect_text(&d, "问题清单", 2, 6, tasks[2].title);
	expect_text(&d, "问题清单", 2, 7, prob_a[0].text);
	expect_text(&d, "问题清单", 3, 1, "某某区人力资源和社会保障局");
	expect_text(&d, "问题清单", 3, 4, "次数不足");
	expect_text(&d, "问题清单", 4, 7, "部分党员参加志愿服务积极性不高\\n下一步加强督促");
	expect_text(&d, "问题清单", 5, 1, "某某区审计局");
	expect_text(&d, "问题清单", 5, 3, "是");
	expect_text(&d, "问题清单", 6, 4, "逾期报送");
	expect_text(&d, "问题清单", 7, 1, "区机关第一党支部");
	expect_text(&d, "问题清单", 7, 4, "未报送");
	assert_null(cell(&d, "问题清单", 8, 1));

	/* 未报送 */
	expect_number(&d, "未报送", 2, 1, 1, NULL);
	expect_text(&d, "未报送", 2, 2, "区机关第一党支部");
	expect_text(&d, "未报送", 2, 3, "党支部");
	expect_text(&d, "未报送", 2, 4, "机关一支部、一支部");
	assert_null(cell(&d, "未报送", 3, 2));

	/* 校验 */
	expect_text(&d, "校验", 2, 2, "submissions/坏文件.xlsx");
	expect_text(&d, "校验", 2, 5, "文件已损坏或不完整 / damaged or truncated file");
	expect_text(&d, "校验", 3, 5, "某某街道办事处");
	expect_text(&d, "校验", 4, 3, "区财政局");
	expect_text(&d, "校验", 4, 5, "以 submissions/财政局.xlsx 为准");
	expect_text(&d, "校验", 5, 4, "完成情况无法识别");
	expect_text(&d, "校验", 5, 5, "“差不多”不是可识别的完成情况");

	/* Chinese columns are wider than ASCII ones of as many characters. */
	{
		const char *unit_w = meta(&d, "width\t总排名\tB\t"), *rank_w = meta(&d, "width\t总排名\tA\t");
		assert_non_null(unit_w);
		assert_non_null(rank_w);
		/* "某某区人力资源和社会保障局" is 13 characters, 26 columns wide. */
		assert_true(strtod(unit_w, NULL) >= 26);
		assert_true(strtod(rank_w, NULL) < 12);
	}
	free_dump(&d);
}

/* 150 units: every one in the table, the chart stops at the first 100. */
static void chart_keeps_to_the_first_hundred(void **state)
{
	hz_results r;
	hz_unit *units;
	char (*names)[32];
	char path[400];
	dump d;
	(void)state;
	if (!have_openpyxl())
		skip();
	make_results(&r);
	units = calloc(150, sizeof(*units));
	names = calloc(150, sizeof(*names));
	assert_non_null(units);
	assert_non_null(names);
	for (int i = 0; i < 150; i++) {
		snprintf(names[i], sizeof(names[i]), "单位%03d", i);
		units[i] = r.units[0];
		units[i].name = names[i];
		units[i].rank = 150 - i; /* roster order reversed by rank */
		units[i].percent = 0.5 * i;
	}
	r.units = units;
	r.nunits = 150;
	snprintf(path, sizeof(path), "%s/many.xlsx", tmpdir);
	write_ok(&r, path);
	read_dump(&d, path);
	assert_string_equal(meta(&d, "chart\t"), "bar\t'总排名'!$B$2:$B$101|'总排名'!$F$2:$F$101");
	expect_text(&d, "总排名", 2, 2, "单位149");
	expect_text(&d, "总排名", 151, 2, "单位000");
	expect_number(&d, "总排名", 151, 1, 150, NULL);
	free_dump(&d);
	free(units);
	free(names);
}

static int read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	*buf = malloc((size_t)n + 1);
	*len = fread(*buf, 1, (size_t)n, f);
	fclose(f);
	return 0;
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void same_results_same_bytes(void **state)
{
	hz_results r;
	char dir[400], a[500], b[500], *ba, *bb;
	size_t la, lb;
	(void)state;
	make_results(&r);
	snprintf(dir, sizeof(dir), "%s/det", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	snprintf(a, sizeof(a), "%s/a.xlsx", dir);
	snprintf(b, sizeof(b), "%s/b.xlsx", dir);
	write_ok(&r, a);
	sleep(1); /* a clock read anywhere would now differ */
	write_ok(&r, b);
	assert_int_equal(read_file(a, &ba, &la), 0);
	assert_int_equal(read_file(b, &bb, &lb), 0);
	assert_true(la > 1000);
	assert_int_equal(la, lb);
	assert_memory_equal(ba, bb, la);
	free(ba);
	free(bb);
	/* Another as_of is another core.xml date, so the bytes differ. */
	memcpy(r.settings.as_of, "2024-11-06", 11);
	write_ok(&r, b);
	assert_int_equal(read_file(b, &bb, &lb), 0);
	assert_int_equal(read_file(a, &ba, &la), 0);
	assert_true(la != lb || memcmp(ba, bb, la) != 0);
	free(ba);
	free(bb);
	assert_int_equal(count_entries(dir), 2); /* no temporary left */
}

static void replaces_atomically_and_fails_cleanly(void **state)
{
	hz_results r;
	hz_error err;
	char dir[400], path[500], *buf;
	size_t len;
	FILE *f;
	(void)state;
	make_results(&r);
	snprintf(dir, sizeof(dir), "%s/atomic", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	snprintf(path, sizeof(path), "%s/排名.xlsx", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("old", f);
	fclose(f);
	write_ok(&r, path);
	assert_int_equal(read_file(path, &buf, &len), 0);
	assert_true(len > 1000 && memcmp(buf, "PK", 2) == 0);
	free(buf);
	assert_int_equal(count_entries(dir), 1);

	/* A folder that does not exist: an error naming the file, nothing written. */
	hz_error_clear(&err);
	snprintf(path, sizeof(path), "%s/missing/排名.xlsx", dir);
	assert_int_equal(hz_rankings_write(&r, path, &err), HZ_E_WRITE);
	assert_string_equal(err.file, path);
	assert_int_equal(count_entries(dir), 1);
}

static void empty_campaign_still_writes(void **state)
{
	static char title[301];
	hz_results r;
	dump d;
	char path[400];
	(void)state;
	if (!have_openpyxl())
		skip();
	memset(&r, 0, sizeof(r));
	memcpy(r.settings.as_of, "2024-01-02", 11);
	/* A title too long for a page header, with '&' (Excel's code sign). */
	for (size_t i = 0; i < 100; i++)
		memcpy(title + 3 * i, i == 1 ? "&&&" : "汇", 3);
	title[300] = '\0';
	r.settings.title = title;
	snprintf(path, sizeof(path), "%s/empty.xlsx", tmpdir);
	write_ok(&r, path);
	read_dump(&d, path);
	{
		const char *h = meta(&d, "header\t未报送\t");
		assert_non_null(h);
		assert_memory_equal(h, "汇&&&&&&汇", strlen("汇&&&&&&汇")); /* escaped: && is one & */
		assert_non_null(strstr(h, "汇 未报送"));
	}
	assert_string_equal(meta(&d, "sheets\t"), "总排名|分类得分|明细|问题清单|未报送|校验");
	assert_null(meta(&d, "chart\t"));
	expect_text(&d, "总排名", 1, 2, "单位");
	assert_null(cell(&d, "总排名", 2, 2));
	free_dump(&d);
}

/* A unit's 存在问题 text beyond Excel's cell limit is cut, not fatal. */
static void overlong_text_is_cut(void **state)
{
	xw_book b;
	hz_error err;
	lxw_worksheet *ws;
	char path[400], *big;
	dump d;
	const size_t n = 40000;
	(void)state;
	if (!have_openpyxl())
		skip();
	big = malloc(3 * n + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		memcpy(big + 3 * i, "汉", 3);
	big[3 * n] = '\0';
	snprintf(path, sizeof(path), "%s/long.xlsx", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(xw_book_open(&b, path, "2024-01-01", NULL, 0, &err), HZ_OK);
	ws = workbook_add_worksheet(b.wb, "S");
	assert_int_equal(xw_text(ws, 0, 0, big, NULL, &err), HZ_OK);
	assert_int_equal(xw_text(ws, 1, 0, "短", NULL, &err), HZ_OK);
	assert_int_equal(xw_book_commit(&b, &err), HZ_OK);
	free(big);
	read_dump(&d, path);
	{
		const char *c = cell(&d, "S", 1, 1), *v = strrchr(c, '\t') + 1;
		assert_int_equal(strlen(v), 32766 * 3 + strlen("…"));
		assert_string_equal(v + 32766 * 3, "…");
	}
	expect_text(&d, "S", 2, 1, "短");
	free_dump(&d);
}

static void display_width_counts_cjk_double(void **state)
{
	(void)state;
	assert_int_equal(xw_display_width(""), 0);
	assert_int_equal(xw_display_width(NULL), 0);
	assert_int_equal(xw_display_width("abc"), 3);
	assert_int_equal(xw_display_width("汇总"), 4);
	assert_int_equal(xw_display_width("ＡＢ"), 4);      /* full-width Latin */
	assert_int_equal(xw_display_width("第1次"), 5);
	assert_int_equal(xw_display_width("短\n较长的一行"), 10); /* widest line */
	assert_int_equal(xw_display_width("a\xff"), 2);      /* a bad byte counts 1 */
}

/* xw_display_width's shortcuts for ASCII and CJK agree with utf8proc on
 * every code point. */
static void display_width_is_utf8procs(void **state)
{
	(void)state;
	for (utf8proc_int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		utf8proc_uint8_t buf[8];
		utf8proc_ssize_t n;
		int want;
		if (cp == '\n' || (cp >= 0xD800 && cp <= 0xDFFF))
			continue;
		n = utf8proc_encode_char(cp, buf);
		buf[n] = 0;
		want = utf8proc_charwidth(cp);
		if ((int)xw_display_width((const char *)buf) != want)
			fail_msg("U+%04X: width %zu, utf8proc %d", (unsigned)cp, xw_display_width((const char *)buf), want);
	}
}

static void ymd_is_strict(void **state)
{
	int y, m, d;
	(void)state;
	assert_true(xw_parse_ymd("2024-02-29", &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_false(xw_parse_ymd("2023-02-29", &y, &m, &d));
	assert_false(xw_parse_ymd("2024-13-01", &y, &m, &d));
	assert_false(xw_parse_ymd("2024-1-01", &y, &m, &d));
	assert_false(xw_parse_ymd("", &y, &m, &d));
	assert_false(xw_parse_ymd(NULL, &y, &m, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_figure_reads_back),
		cmocka_unit_test(same_results_same_bytes),
		cmocka_unit_test(replaces_atomically_and_fails_cleanly),
		cmocka_unit_test(empty_campaign_still_writes),
		cmocka_unit_test(chart_keeps_to_the_first_hundred),
		cmocka_unit_test(overlong_text_is_cut),
		cmocka_unit_test(display_width_counts_cjk_double),
		cmocka_unit_test(display_width_is_utf8procs),
		cmocka_unit_test(ymd_is_strict),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
