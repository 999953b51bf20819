/* campaign: which files under submissions/ are looked at (SPEC 5.11), in
 * which order, and where the templates come from. */
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

#include "campaign/campaign.h"
#include "tmpdir.h"

static char root[256];

static void put(const char *rel, const char *content)
{
	char path[1024];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void dir(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void link_to(const char *target, const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(root, sizeof(root), "hz_test_campaign_");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(root);
}

static void lists_regular_files_sorted_skipping_dot_names(void **state)
{
	static const char *want[] = {
		"submissions/a.xlsx",   "submissions/b.docx",    "submissions/b/c.docx",  "submissions/b/d/e.xlsx",
		"submissions/dangling.xlsx", "submissions/link.xlsx", "submissions/loop/", "submissions/~$lock.xlsx",
		"submissions/填报说明.txt",
	};
	char **files;
	size_t n;
	hz_error err;
	(void)state;
	dir("submissions");
	dir("submissions/b");
	dir("submissions/b/d");
	dir("submissions/.git");
	dir("submissions/b/.hidden");
	put("submissions/a.xlsx", "x");
	put("submissions/b.docx", "x");
	put("submissions/b/c.docx", "x");
	put("submissions/b/d/e.xlsx", "x");
	put("submissions/~$lock.xlsx", "x");
	put("submissions/填报说明.txt", "x");
	put("submissions/.DS_Store", "x");
	put("submissions/b/._c.docx", "x");
	put("submissions/.git/config.xlsx", "x");
	put("submissions/b/.hidden/f.xlsx", "x");
	link_to("a.xlsx", "submissions/link.xlsx");  /* a link to a file: read */
	/* listed to be rejected by name (issue 20.8), never followed or read */
	link_to("..", "submissions/loop");           /* a link to a folder: "loop/" */
	link_to("/nonexistent", "submissions/dangling.xlsx"); /* points nowhere */
	hz_error_clear(&err);
	assert_int_equal(hz_campaign_list_files(root, &files, &n, &err), HZ_OK);
	for (size_t i = 0; i < n; i++)
		print_message("%s\n", files[i]);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	/* Byte order: '.' (0x2E) sorts before '/' (0x2F), so b.docx comes
	 * before everything under b/. */
	for (size_t i = 0; i < n; i++)
		assert_string_equal(files[i], want[i]);
	hz_campaign_files_free(files, n);
}

static void missing_submissions_folder_is_empty(void **state)
{
	char **files = (char **)1;
	size_t n = 99;
	hz_error err;
	(void)state;
	hz_error_clear(&err);
	assert_int_equal(hz_campaign_list_files(root, &files, &n, &err), HZ_OK);
	assert_int_equal(n, 0);
	assert_null(files);
}

static void templates_from_the_campaign_folder_first(void **state)
{
	char out[1024], want[1024];
	(void)state;
	hz_campaign_templates_dir(root, out, sizeof(out));
	snprintf(want, sizeof(want), "%s/templates", root);
	assert_string_not_equal(out, want); /* no report.docx there yet */
	dir("templates");
	put("templates/report.docx", "x");
	hz_campaign_templates_dir(root, out, sizeof(out));
	assert_string_equal(out, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lists_regular_files_sorted_skipping_dot_names, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_submissions_folder_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(templates_from_the_campaign_folder_first, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
