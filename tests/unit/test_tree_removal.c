/* write/tree_removal: a folder of ours removed whole, its files shared by
 * threads (HZ_TREE_REMOVE_PER_THREAD each), links never followed, and the
 * removal on a thread of its own (the old 反馈/ after the commit). */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hz_limits.h"
#include "write/tree_removal.h"

#include "tmpdir.h"

static char root[64];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(root, sizeof(root), "hz_tree_removal_");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(root);
}

/* dir holds n letters, a folder with two more, and links to what lies
 * outside it: what removing dir must leave alone. */
static void make_letters(const char *dir, size_t n)
{
	char sub[512], p[1024];
	assert_int_equal(mkdir(dir, 0755), 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "单位%05zu.docx", i);
		assert_int_equal(test_tmpdir_touch(dir, p), 0);
	}
	snprintf(sub, sizeof(sub), "%s/子目录", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(test_tmpdir_touch(sub, "甲.docx"), 0);
	assert_int_equal(test_tmpdir_touch(sub, "乙.docx"), 0);
	snprintf(p, sizeof(p), "%s/to_root", dir);
	assert_int_equal(symlink(root, p), 0);
	snprintf(p, sizeof(p), "%s/to_keep", sub);
	assert_int_equal(symlink(root, p), 0);
}

static void test_small_and_large(void **state)
{
	/* one thread (twice: the last count before a second share); two;
	 * three with shares of unequal length; every thread */
	const size_t sizes[] = {3, 2 * HZ_TREE_REMOVE_PER_THREAD - 1, 2 * HZ_TREE_REMOVE_PER_THREAD + 1,
				3 * HZ_TREE_REMOVE_PER_THREAD + 2, HZ_TREE_REMOVE_THREADS * HZ_TREE_REMOVE_PER_THREAD + 7};
	char dir[256], keep[256];
	(void)state;
	assert_int_equal(test_tmpdir_touch(root, "keep.txt"), 0);
	snprintf(keep, sizeof(keep), "%s/keep.txt", root);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		snprintf(dir, sizeof(dir), "%s/反馈-%zu", root, k);
		make_letters(dir, sizes[k]);
		assert_int_equal(hz_tree_remove(dir), 0);
		assert_false(test_tmpdir_exists(dir, NULL));
		assert_true(test_tmpdir_exists(keep, NULL)); /* the links were not followed */
	}
}

static void test_file_empty_and_gone(void **state)
{
	char p[256];
	(void)state;
	assert_int_equal(test_tmpdir_touch(root, "one.docx"), 0);
	snprintf(p, sizeof(p), "%s/one.docx", root);
	assert_int_equal(hz_tree_remove(p), 0);
	assert_false(test_tmpdir_exists(p, NULL));
	assert_int_equal(hz_tree_remove(p), 0); /* gone already: done */
	/* a folder with no file in it (the stage once its outputs are in place) */
	snprintf(p, sizeof(p), "%s/empty", root);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(hz_tree_remove(p), 0);
	assert_false(test_tmpdir_exists(p, NULL));
}

static void test_read_only_folder(void **state)
{
	char dir[256];
	(void)state;
	snprintf(dir, sizeof(dir), "%s/只读", root);
	make_letters(dir, HZ_TREE_REMOVE_PER_THREAD * 2 + 10);
	assert_int_equal(chmod(dir, 0555), 0);
	assert_int_equal(hz_tree_remove(dir), 0);
	assert_false(test_tmpdir_exists(dir, NULL));
}

static void test_on_its_own_thread(void **state)
{
	hz_tree_removal r;
	char dir[256];
	(void)state;
	hz_tree_removal_init(&r);
	assert_int_equal(hz_tree_removal_finish(&r), 0); /* nothing started */
	snprintf(dir, sizeof(dir), "%s/旧反馈", root);
	make_letters(dir, 3 * HZ_TREE_REMOVE_PER_THREAD);
	hz_tree_removal_start(&r, dir);
	assert_int_equal(hz_tree_removal_finish(&r), 0);
	assert_false(test_tmpdir_exists(dir, NULL));
	assert_int_equal(hz_tree_removal_finish(&r), 0); /* finished: idle */
	/* and again on the same struct */
	make_letters(dir, 5);
	hz_tree_removal_start(&r, dir);
	assert_int_equal(hz_tree_removal_finish(&r), 0);
	assert_false(test_tmpdir_exists(dir, NULL));
}

/* What cannot go is told with its path and errno.  /proc refuses every
 * unlink and chmod, to root too: nothing there is removed. */
static void test_failure_told(void **state)
{
	hz_tree_removal r;
	const char *dir = "/proc/self/attr";
	(void)state;
	if (!test_tmpdir_exists(dir, NULL))
		dir = "/proc/self/fdinfo";
	assert_true(test_tmpdir_exists(dir, NULL));
	assert_int_equal(hz_tree_remove(dir), -1);
	assert_true(test_tmpdir_exists(dir, NULL));
	hz_tree_removal_init(&r);
	hz_tree_removal_start(&r, dir);
	assert_int_equal(hz_tree_removal_finish(&r), -1);
	assert_int_not_equal(r.err, 0);
	assert_string_equal(r.path, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_small_and_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_empty_and_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_on_its_own_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_told, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
