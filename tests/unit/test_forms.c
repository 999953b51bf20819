/*
 * `huizong forms` (hz_forms_write): the pre-filled forms read back with
 * openpyxl — labels and headers are SPEC §1 aliases, inputs unlocked and
 * validated, the rest protected — and file names made safe and unique.
 * (tests/e2e/forms_roundtrip.sh fills them in and runs huizong on them.)
 */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>

#include "write/docs.h"
#include "recognise/form.h"
#include "hz_limits.h"
#include "text/norm.h"
#include "xlsx_readback.h"
#include "write/xlsx_write.h"
#include "tmpdir.h"

static hz_task tasks[] = {
	{"1", "讲政治", "落实“第一议题”制度", "党组会议第一项议题学习习近平总书记最新重要讲话精神", 10, 0, NULL, 0},
	{"2", "讲政治", "常态化开展警示教育", "每年至少开展2次警示教育", 7.5, 2, NULL, 0},
	{"1.10", "有效率", "深化“我为群众办实事”实践活动", "", 15, 0, NULL, 0},
};

static char long_name[3 * 300 + 1];

static void make_results(hz_results *r, hz_unit *units, size_t *nunits)
{
	static const char *names[] = {
		"某某区财政局", "../etc/passwd", "A/B", "a\\b", ".隐藏单位", "空白", "控制\x01字符", "某某区财政局", long_name,
		"..", "为：何",
	};
	memset(r, 0, sizeof(*r));
	memcpy(r->settings.as_of, "2024-10-01", 11);
	memcpy(r->settings.deadline, "2024-10-31", 11);
	r->tasks = tasks;
	r->ntasks = 3;
	for (size_t i = 0; i < 300; i++)
		memcpy(long_name + 3 * i, "长", 3);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		memset(&units[i], 0, sizeof(units[i]));
		units[i].name = (char *)names[i];
		units[i].group = "";
	}
	*nunits = sizeof(names) / sizeof(names[0]);
	r->units = units;
	r->nunits = *nunits;
}

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_forms.");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static int exists(const char *dir, const char *name)
{
	char path[1024];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
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

static void names_are_safe_and_unique(void **state)
{
	hz_results r;
	hz_unit units[16];
	size_t n;
	hz_error err;
	char dir[400], longest[HZ_MAX_FILENAME_BYTES + 64];
	(void)state;
	make_results(&r, units, &n);
	snprintf(dir, sizeof(dir), "%s/forms/sub", tmpdir); /* parents are created */
	hz_error_clear(&err);
	if (hz_forms_write(&r, dir, &err) != HZ_OK)
		fail_msg("hz_forms_write: %s", err.detail);
	assert_int_equal(count_entries(dir), n + 1);
	assert_true(exists(dir, "空白自查自评表.xlsx"));
	assert_true(exists(dir, "某某区财政局自查自评表.xlsx"));
	assert_true(exists(dir, "某某区财政局（2）自查自评表.xlsx")); /* same name twice */
	assert_true(exists(dir, "_etc_passwd自查自评表.xlsx"));         /* no leading dots, no slash */
	assert_true(exists(dir, "A_B自查自评表.xlsx"));
	assert_true(exists(dir, "a_b（2）自查自评表.xlsx")); /* A_B and a_b clash on Windows */
	assert_true(exists(dir, "隐藏单位自查自评表.xlsx"));
	assert_true(exists(dir, "空白（2）自查自评表.xlsx")); /* the blank form keeps its name */
	assert_true(exists(dir, "控制字符自查自评表.xlsx")); /* control characters dropped */
	assert_true(exists(dir, "未命名单位自查自评表.xlsx")); /* ".." leaves nothing */
	assert_true(exists(dir, "为：何自查自评表.xlsx")); /* 为 is U+4E3A: its low byte is ASCII ":" */
	/* 300 × "长" cut to the byte cap, between characters. */
	memset(longest, 0, sizeof(longest));
	for (size_t i = 0; i < HZ_MAX_FILENAME_BYTES / 3; i++)
		memcpy(longest + 3 * i, "长", 3);
	snprintf(longest + strlen(longest), sizeof(longest) - strlen(longest), "%s", "自查自评表.xlsx");
	assert_true(exists(dir, longest));
}

static void form_reads_as_spec_aliases(void **state)
{
	hz_results r;
	hz_unit units[16];
	size_t n;
	hz_error err;
	dump d;
	char dir[400], path[500];
	(void)state;
	if (!have_openpyxl())
		skip();
	make_results(&r, units, &n);
	r.nunits = 1;
	snprintf(dir, sizeof(dir), "%s/one", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_forms_write(&r, dir, &err), HZ_OK);
	snprintf(path, sizeof(path), "%s/某某区财政局自查自评表.xlsx", dir);
	read_dump(&d, path);

	assert_string_equal(meta(&d, "sheets\t"), "自查自评表");
	expect_text(&d, "自查自评表", 1, 1, "自查自评表"); /* no campaign title */
	expect_text(&d, "自查自评表", 2, 2, "填报单位：");
	expect_text(&d, "自查自评表", 2, 3, "某某区财政局");
	expect_text(&d, "自查自评表", 3, 2, "填报日期：");
	assert_null(cell(&d, "自查自评表", 3, 3));
	/* Nothing above the header may read as a label but those two. */
	assert_null(strstr(strrchr(cell(&d, "自查自评表", 4, 1), '\t'), "单位"));
	assert_null(strstr(strrchr(cell(&d, "自查自评表", 4, 1), '\t'), "日期"));
	assert_non_null(strstr(cell(&d, "自查自评表", 4, 1), "2024-10-31"));
	{
		static const char *const want[] = {"序号", "类别", "任务", "要求", "分值", "最低次数",
						   "完成情况", "完成次数", "自评分", "佐证材料", "存在问题"};
		for (int c = 0; c < 11; c++)
			expect_text(&d, "自查自评表", 5, c + 1, want[c]);
		assert_null(cell(&d, "自查自评表", 5, 12));
	}
	for (int i = 0; i < 3; i++) {
		int row = 6 + i;
		expect_text(&d, "自查自评表", row, 1, tasks[i].id); /* "1.10" stays text */
		expect_text(&d, "自查自评表", row, 3, tasks[i].title);
		expect_text(&d, "自查自评表", row, 4, tasks[i].requirement);
		expect_number(&d, "自查自评表", row, 5, tasks[i].max, NULL);
		if (tasks[i].min_count)
			expect_number(&d, "自查自评表", row, 6, tasks[i].min_count, NULL);
		else
			assert_null(cell(&d, "自查自评表", row, 6));
		for (int c = 7; c <= 11; c++)
			assert_null(cell(&d, "自查自评表", row, c));
	}
	assert_null(cell(&d, "自查自评表", 9, 1));
	/* 类别 merged over the run of tasks of one category. */
	expect_text(&d, "自查自评表", 6, 2, "讲政治");
	expect_text(&d, "自查自评表", 8, 2, "有效率");
	assert_non_null(meta(&d, "merged\t自查自评表\tB6:B7"));

	assert_string_equal(meta(&d, "freeze\t自查自评表\t"), "A6");
	assert_string_equal(meta(&d, "protected\t自查自评表\t"), "True");
	/* Inputs: the date, and per task status/count/score/evidence/problems. */
	assert_string_equal(meta(&d, "unlocked\t自查自评表\tC3\t"), "FFFFF2CC");
	assert_null(meta(&d, "unlocked\t自查自评表\tC2\t")); /* the unit is given */
	assert_null(meta(&d, "unlocked\t自查自评表\tC6\t"));
	for (int row = 6; row <= 8; row++)
		for (char col = 'G'; col <= 'K'; col++) {
			char key[64];
			snprintf(key, sizeof(key), "unlocked\t自查自评表\t%c%d\t", col, row);
			assert_non_null(meta(&d, key));
		}
	/* Operator and error style left out mean "between" and "stop". */
	assert_non_null(meta(&d, "valid\t自查自评表\tG6\tlist\tNone\t\"已完成,推进中,未开展\"\tNone\tNone"));
	assert_non_null(meta(&d, "valid\t自查自评表\tI6\tdecimal\tNone\t0\t10\tNone"));
	assert_non_null(meta(&d, "valid\t自查自评表\tI7\tdecimal\tNone\t0\t7.5\tNone"));
	assert_non_null(meta(&d, "valid\t自查自评表\tH8\twhole\tgreaterThanOrEqual\t0\tNone\tNone"));
	free_dump(&d);

	/* The blank form: 填报单位 is an input. */
	snprintf(path, sizeof(path), "%s/空白自查自评表.xlsx", dir);
	read_dump(&d, path);
	expect_text(&d, "自查自评表", 2, 2, "填报单位：");
	assert_null(cell(&d, "自查自评表", 2, 3));
	assert_string_equal(meta(&d, "unlocked\t自查自评表\tC2\t"), "FFFFF2CC");
	expect_text(&d, "自查自评表", 8, 3, tasks[2].title);
	free_dump(&d);
}

static void no_counts_no_count_columns(void **state)
{
	hz_task plain[] = {{"1", "守纪律", "严格执行请示报告制度", "", 100, 0, NULL, 0}};
	hz_results r;
	hz_unit unit;
	hz_error err;
	dump d;
	char dir[400], path[500];
	(void)state;
	if (!have_openpyxl())
		skip();
	memset(&r, 0, sizeof(r));
	memset(&unit, 0, sizeof(unit));
	unit.name = "区委办";
	unit.group = "";
	r.units = &unit;
	r.nunits = 1;
	r.tasks = plain;
	r.ntasks = 1;
	r.settings.title = "2024年度某某区模范机关创建自查情况汇总";
	snprintf(dir, sizeof(dir), "%s/plain", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_forms_write(&r, dir, &err), HZ_OK);
	snprintf(path, sizeof(path), "%s/区委办自查自评表.xlsx", dir);
	read_dump(&d, path);
	expect_text(&d, "自查自评表", 1, 1, "2024年度某某区模范机关创建自查自评表");
	{
		static const char *const want[] = {"序号", "类别", "任务", "要求", "分值",
						   "完成情况", "自评分", "佐证材料", "存在问题"};
		for (int c = 0; c < 9; c++)
			expect_text(&d, "自查自评表", 5, c + 1, want[c]);
		assert_null(cell(&d, "自查自评表", 5, 10));
	}
	/* No deadline set: the note does not invent one. */
	assert_null(strstr(cell(&d, "自查自评表", 4, 1), "前报送"));
	free_dump(&d);
}

static void same_inputs_same_bytes(void **state)
{
	hz_results r;
	hz_unit units[16];
	size_t n;
	hz_error err;
	char a[400], b[400], cmd[1000];
	(void)state;
	make_results(&r, units, &n);
	snprintf(a, sizeof(a), "%s/det-a", tmpdir);
	snprintf(b, sizeof(b), "%s/det-b", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_forms_write(&r, a, &err), HZ_OK);
	sleep(1);
	assert_int_equal(hz_forms_write(&r, b, &err), HZ_OK);
	snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null", a, b);
	assert_int_equal(system(cmd), 0);
	/* Written again over itself: same files, no temporaries left. */
	assert_int_equal(hz_forms_write(&r, a, &err), HZ_OK);
	assert_int_equal(count_entries(a), n + 1);
	assert_int_equal(system(cmd), 0);
}

static void unwritable_folder_is_an_error(void **state)
{
	hz_results r;
	hz_unit units[16];
	size_t n;
	hz_error err;
	char file[400], dir[500];
	FILE *f;
	(void)state;
	make_results(&r, units, &n);
	snprintf(file, sizeof(file), "%s/plainfile", tmpdir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/under", file);
	hz_error_clear(&err);
	assert_int_equal(hz_forms_write(&r, dir, &err), HZ_E_WRITE);
	assert_non_null(strstr(err.detail, "plainfile"));
}

/* huizong's own reader sees in a fresh form what SPEC §1 says: the unit from
 * the 填报单位 label, one row per task by ref and title, no date yet. */
static void huizong_reads_its_own_form(void **state)
{
	hz_results r;
	hz_unit units[16];
	size_t n;
	hz_error err;
	normalizer *norm = NULL;
	hz_form f;
	char dir[400], path[500];
	(void)state;
	make_results(&r, units, &n);
	r.nunits = 1;
	r.settings.title = "2024年度区级机关模范机关创建自查情况汇总"; /* the title row is no label */
	snprintf(dir, sizeof(dir), "%s/read", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_forms_write(&r, dir, &err), HZ_OK);
	assert_int_equal(normalizer_new(&norm, &err), HZ_OK);

	snprintf(path, sizeof(path), "%s/某某区财政局自查自评表.xlsx", dir);
	memset(&f, 0, sizeof(f));
	if (hz_form_read(&f, path, "submissions/x.xlsx", norm, &err) != HZ_OK)
		fail_msg("hz_form_read: %s", err.detail);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_non_null(f.unit_text);
	assert_string_equal(f.unit_text, "某某区财政局");
	assert_false(f.has_date);
	assert_null(f.bad_date);
	assert_int_equal(f.nrows, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(f.rows[i].ref, tasks[i].id);
		assert_string_equal(f.rows[i].title, tasks[i].title);
		assert_string_equal(f.rows[i].status, "");
		assert_string_equal(f.rows[i].self_score, "");
		assert_string_equal(f.rows[i].count, "");
	}
	hz_form_release(&f);

	/* The blank form names no unit (the label's input is empty). */
	snprintf(path, sizeof(path), "%s/空白自查自评表.xlsx", dir);
	memset(&f, 0, sizeof(f));
	assert_int_equal(hz_form_read(&f, path, "submissions/y.xlsx", norm, &err), HZ_OK);
	assert_true(f.unit_text == NULL || f.unit_text[0] == '\0');
	assert_int_equal(f.nrows, 3);
	hz_form_release(&f);
	normalizer_free(norm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_safe_and_unique),
		cmocka_unit_test(form_reads_as_spec_aliases),
		cmocka_unit_test(huizong_reads_its_own_form),
		cmocka_unit_test(no_counts_no_count_columns),
		cmocka_unit_test(same_inputs_same_bytes),
		cmocka_unit_test(unwritable_folder_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
