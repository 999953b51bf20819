/*
 * 排名.xlsx for a synthetic campaign of N units × T tasks (every unit
 * submitted, five problems each), beside a floor: libxlsxwriter alone, in
 * the same streaming mode, writing the 明细 matrix's cells (a row per unit,
 * status and score per task) with no formats, widths or lookups.
 *
 *   rankings_bench write N T OUT.xlsx
 *   rankings_bench floor N T OUT.xlsx
 *
 * and for a real campaign (read and judged once, not timed): 排名.xlsx
 * written REPEAT times, each time and the fastest printed.
 *
 *   rankings_bench campaign DIR OUT.xlsx [REPEAT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "campaign/campaign.h"
#include "write/docs.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int floor_write(size_t nu, size_t nt, const char *out)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	lxw_workbook *wb = workbook_new_opt(out, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "明细");
	char name[64];
	for (size_t u = 0; u < nu && u + 2 < 1048576; u++) {
		const lxw_row_t row = (lxw_row_t)(u + 2);
		snprintf(name, sizeof(name), "某某区第%zu局", u);
		worksheet_write_number(ws, row, 0, (double)(u + 1), NULL);
		worksheet_write_string(ws, row, 1, name, NULL);
		worksheet_write_string(ws, row, 2, "政府部门", NULL);
		for (size_t t = 0; t < nt; t++) {
			worksheet_write_string(ws, row, (lxw_col_t)(3 + 2 * t), "已完成", NULL);
			worksheet_write_number(ws, row, (lxw_col_t)(4 + 2 * t), 1, NULL);
		}
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

static int real_write(size_t nu, size_t nt, const char *out)
{
	static char *cats[] = {"讲政治", "守纪律", "负责任", "有效率"};
	hz_category_score cs[4] = {{"讲政治", 20, 25}, {"守纪律", 20, 25}, {"负责任", 20, 25}, {"有效率", 20, 25}};
	hz_problem pr[5] = {{.kind = "partial", .task = "1", .text = "自评部分完成"},
			    {.kind = "late", .text = "逾期报送"},
			    {.kind = "count_short", .task = "2", .text = "完成1次，要求至少2次"},
			    {.kind = "self_reported", .text = "党建与业务融合不够紧密"},
			    {.kind = "missing", .task = "3", .text = "未填报"}};
	hz_results r;
	hz_error err;
	hz_task_result *tr = calloc(nt, sizeof(*tr));
	int rc;

	memset(&r, 0, sizeof(r));
	memcpy(r.settings.as_of, "2024-11-05", 11);
	r.settings.title = "2024年度区级机关模范机关创建自查情况汇总";
	r.categories = cats;
	r.ncategories = 4;
	r.tasks = calloc(nt, sizeof(*r.tasks));
	r.units = calloc(nu, sizeof(*r.units));
	if (!tr || !r.tasks || !r.units)
		return 1;
	r.ntasks = nt;
	r.nunits = nu;
	for (size_t i = 0; i < nt; i++) {
		char *id = malloc(32), *title = malloc(128);
		snprintf(id, 32, "%zu", i + 1);
		snprintf(title, 128, "任务第%zu项：落实某某制度", i + 1);
		r.tasks[i] = (hz_task){.id = id, .category = cats[i % 4], .title = title, .requirement = "", .max = 1};
		tr[i] = (hz_task_result){.status = HZ_ST_DONE, .score = 1};
	}
	for (size_t i = 0; i < nu; i++) {
		char *name = malloc(64);
		snprintf(name, 64, "某某区第%zu局", i);
		r.units[i] = (hz_unit){.name = name, .group = "政府部门", .submitted = true, .file = "submissions/x.xlsx",
				       .date = "2024-10-28", .score = 80, .percent = (double)(i % 100),
				       .completion = 0.8, .rank = (int)(i + 1), .grade = "良好", .categories = cs,
				       .ncategories = 4, .tasks = tr, .ntasks = nt, .problems = pr, .nproblems = 5};
	}
	hz_error_clear(&err);
	rc = hz_rankings_write(&r, out, &err) == HZ_OK ? 0 : 1;
	if (rc)
		fprintf(stderr, "rankings_bench: %s\n", err.detail);
	for (size_t i = 0; i < nt; i++) {
		free(r.tasks[i].id);
		free(r.tasks[i].title);
	}
	for (size_t i = 0; i < nu; i++)
		free(r.units[i].name);
	free(r.tasks);
	free(r.units);
	free(tr);
	return rc;
}

static int campaign_write(const char *dir, const char *out, int repeat)
{
	hz_campaign_opts o = {.campaign_dir = dir, .output_dir = out, .jobs = 2, .judge_only = true};
	hz_campaign_summary sum;
	hz_results r;
	hz_error err;
	double best = 1e9, best_cpu = 1e9;
	int rc = 0;

	hz_results_init(&r);
	hz_error_clear(&err);
	memset(&sum, 0, sizeof(sum));
	if (hz_campaign_run(&o, &r, &sum, &err) != HZ_OK) {
		fprintf(stderr, "rankings_bench: %s\n", err.detail);
		hz_results_release(&r);
		return 1;
	}
	for (int k = 0; k < repeat && rc == 0; k++) {
		const double t0 = now(), c0 = cpu();
		double dt, dc;
		rc = hz_rankings_write(&r, out, &err) == HZ_OK ? 0 : 1;
		dt = now() - t0;
		dc = cpu() - c0;
		if (rc)
			fprintf(stderr, "rankings_bench: %s\n", err.detail);
		printf("campaign: %zu units, 排名.xlsx in %.3f s wall, %.3f s CPU\n", r.nunits, dt, dc);
		if (dt < best)
			best = dt;
		if (dc < best_cpu)
			best_cpu = dc;
	}
	printf("campaign: fastest of %d: %.3f s wall, %.3f s CPU\n", repeat, best, best_cpu);
	hz_results_release(&r);
	return rc;
}

int main(int argc, char **argv)
{
	size_t nu, nt;
	double t0;
	int rc;
	if (argc >= 4 && strcmp(argv[1], "campaign") == 0)
		return campaign_write(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 5);
	if (argc != 5 || (strcmp(argv[1], "write") && strcmp(argv[1], "floor"))) {
		fprintf(stderr, "usage: rankings_bench write|floor UNITS TASKS OUT.xlsx\n"
				"       rankings_bench campaign DIR OUT.xlsx [REPEAT]\n");
		return 64;
	}
	nu = (size_t)strtoul(argv[2], NULL, 10);
	nt = (size_t)strtoul(argv[3], NULL, 10);
	t0 = now();
	rc = strcmp(argv[1], "write") == 0 ? real_write(nu, nt, argv[4]) : floor_write(nu, nt, argv[4]);
	printf("%s: %zu units x %zu tasks (%zu 明细 cells) in %.2f s\n", argv[1], nu, nt, nu * (3 + 2 * nt), now() - t0);
	return rc;
}
