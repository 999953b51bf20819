/* outfile: the one temporary-name pattern (SPEC 8.2) and the sweep that
 * removes only what matches it. */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write/outfile.h"
#include "tmpdir.h"

static void test_tmp_path(void **state)
{
	char a[256], b[256], want[64];
	(void)state;
	assert_int_equal(hz_tmp_path("out/汇总报告.docx", a, sizeof(a), NULL), HZ_OK);
	assert_int_equal(hz_tmp_path("out/汇总报告.docx", b, sizeof(b), NULL), HZ_OK);
	snprintf(want, sizeof(want), "out/.huizong-tmp-%ld-", (long)getpid());
	assert_memory_equal(a, want, strlen(want));
	assert_string_not_equal(a, b); /* a new n every call */
	assert_non_null(strstr(a, "-汇总报告.docx"));
	assert_true(hz_tmp_name_is_ours(strrchr(a, '/') + 1));
	assert_int_equal(hz_tmp_path("results.json", a, sizeof(a), NULL), HZ_OK);
	assert_true(hz_tmp_name_is_ours(a));
	assert_int_equal(hz_tmp_path("out/results.json", a, 10, NULL), HZ_E_WRITE);
}

static void test_is_ours(void **state)
{
	(void)state;
	assert_true(hz_tmp_name_is_ours(".huizong-tmp-12-0-反馈"));
	assert_true(hz_tmp_name_is_ours(".huizong-tmp-4242-17-.huizong-tmp-4242-3-汇总报告.docx.chartdata-4242.xlsx"));
	assert_false(hz_tmp_name_is_ours(".huizong-tmp-notes.txt"));
	assert_false(hz_tmp_name_is_ours(".huizong-tmp-12-0-"));
	assert_false(hz_tmp_name_is_ours(".huizong-tmp--0-x"));
	assert_false(hz_tmp_name_is_ours(".huizong-tmp-12-x"));
	assert_false(hz_tmp_name_is_ours("huizong-tmp-12-0-x"));
	assert_false(hz_tmp_name_is_ours(".huizong"));
	assert_false(hz_tmp_name_is_ours("results.json.tmp-abc123"));
	assert_false(hz_tmp_name_is_ours("反馈"));
	/* a user's folder named like a temporary is not huizong's (issue 20.8) */
	assert_false(hz_tmp_name_is_ours(".huizong-tmp-1-1-备份"));
	assert_false(hz_tmp_name_is_ours(".huizong-tmp-1-1-report.docx"));
}

static void test_sweep(void **state)
{
	char root[64], sub[256], link_path[512];
	size_t removed = 99;
	(void)state;
	assert_int_equal(test_tmpdir_make(root, sizeof(root), "hz_outfile_"), 0);
	assert_int_equal(test_tmpdir_touch(root, ".huizong-tmp-1-0-排名.xlsx"), 0);
	assert_int_equal(test_tmpdir_touch(root, ".huizong-tmp-notes.txt"), 0);
	assert_int_equal(test_tmpdir_touch(root, "results.json"), 0);
	assert_int_equal(test_tmpdir_touch(root, "备注.txt"), 0);
	snprintf(sub, sizeof(sub), "%s/.huizong-tmp-2-5-反馈", root);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(test_tmpdir_touch(sub, "甲.docx"), 0);
	assert_int_equal(test_tmpdir_touch(sub, "乙.docx"), 0);
	/* a link inside a temporary folder is removed, not followed */
	snprintf(link_path, sizeof(link_path), "%s/link", sub);
	assert_int_equal(symlink(root, link_path), 0);
	snprintf(sub, sizeof(sub), "%s/反馈", root);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(test_tmpdir_touch(sub, ".huizong-tmp-3-1-x.docx"), 0); /* below the folder: not looked at */

	assert_int_equal(hz_tmp_sweep(root, &removed, NULL), HZ_OK);
	assert_int_equal(removed, 2);
	assert_false(test_tmpdir_exists(root, ".huizong-tmp-1-0-排名.xlsx"));
	assert_false(test_tmpdir_exists(root, ".huizong-tmp-2-5-反馈"));
	assert_true(test_tmpdir_exists(root, ".huizong-tmp-notes.txt"));
	assert_true(test_tmpdir_exists(root, "results.json"));
	assert_true(test_tmpdir_exists(root, "备注.txt"));
	assert_true(test_tmpdir_exists(sub, ".huizong-tmp-3-1-x.docx"));
	assert_int_equal(hz_tmp_sweep("/nonexistent/hz", &removed, NULL), HZ_OK);
	assert_int_equal(removed, 0);
	assert_int_equal(test_tmpdir_remove(root), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tmp_path),
		cmocka_unit_test(test_is_ours),
		cmocka_unit_test(test_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
