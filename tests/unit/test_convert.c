/* read/convert (SPEC §10) without LibreOffice: which files are legacy,
 * the reasons without it, the cache looked up by SHA-256, a LibreOffice
 * that makes nothing (a failure remembered), the sweep; and [input]'s
 * values in campaign.ini. */
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

#include "read/convert.h"
#include "recognise/settings.h"
#include "tmpdir.h"

static char tmpdir[64];
static char camp[600], work[600];

static int setup(void **state)
{
	(void)state;
	if (test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_convert_") != 0)
		return -1;
	snprintf(camp, sizeof(camp), "%s/c", tmpdir);
	snprintf(work, sizeof(work), "%s/out", tmpdir);
	if (mkdir(camp, 0700) != 0 || mkdir(work, 0700) != 0)
		return -1;
	snprintf(work, sizeof(work), "%s/out/.huizong", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static void put(const char *dir, const char *name, const void *b, size_t n)
{
	char path[800];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

/* an OLE2 signature and a little; its SHA-256 as sha256sum gives it */
static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 'x', 'y'};
#define OLE_SHA "7ce1d1675679a21b4e28dc69af1bc2929b906c128766fd48443702de4126b313"

static const char *const files[] = {"submissions/a.xls", "submissions/b.DOC", "submissions/c.xlsx",
				    "submissions/d.xls", "submissions/~$e.xls", "reviews/f.et"};
enum { NFILES = sizeof(files) / sizeof(files[0]) };

static void make_files(void)
{
	char d[700];
	snprintf(d, sizeof(d), "%s/submissions", camp);
	mkdir(d, 0700);
	snprintf(d, sizeof(d), "%s/reviews", camp);
	mkdir(d, 0700);
	put(camp, files[0], ole, sizeof(ole));
	put(camp, files[1], ole, sizeof(ole));
	put(camp, files[2], "PK\3\4", 4);
	put(camp, files[3], "not ole at all", 14); /* a legacy name, not OLE2: 5.11's */
	put(camp, files[4], ole, sizeof(ole));     /* an owner file: never converted */
	put(camp, files[5], ole, sizeof(ole));
}

static void test_legacy_kinds(void **state)
{
	hz_convert c;
	hz_error err;
	hz_convert_opts o = {true, NULL, 60, work};
	(void)state;
	make_files();
	hz_convert_init(&c);
	hz_error_clear(&err);
	assert_int_equal(hz_convert_run(&c, camp, files, NFILES, &o, &err), HZ_OK);
	assert_int_equal(c.legacy, 3); /* OLE2 with a legacy name: a.xls, b.DOC, f.et */
	assert_int_equal(c.files[0].state, HZ_CONV_REJECTED);
	assert_non_null(strstr(c.files[0].reason, "save it as .xlsx"));
	assert_non_null(strstr(c.files[0].reason, "convert = auto"));
	assert_int_equal(c.files[1].state, HZ_CONV_REJECTED);
	assert_non_null(strstr(c.files[1].reason, "a legacy .DOC file"));
	assert_non_null(strstr(c.files[1].reason, ".docx"));
	assert_int_equal(c.files[2].state, HZ_CONV_NONE);
	assert_int_equal(c.files[3].state, HZ_CONV_NONE);
	assert_int_equal(c.files[4].state, HZ_CONV_NONE);
	assert_int_equal(c.files[5].state, HZ_CONV_REJECTED);
	assert_false(c.soffice_found);
	hz_convert_release(&c);

	/* a configured soffice that is not there: without LibreOffice */
	o.off = false;
	o.soffice = "/nonexistent/soffice";
	hz_convert_init(&c);
	assert_int_equal(hz_convert_run(&c, camp, files, NFILES, &o, &err), HZ_OK);
	assert_false(c.soffice_found);
	assert_non_null(strstr(c.files[0].reason, "install LibreOffice"));
	assert_non_null(strstr(c.files[0].reason, "soffice not found"));
	hz_convert_release(&c);
}

static void test_cache_and_failure(void **state)
{
	hz_convert c;
	hz_error err;
	/* a "LibreOffice" that makes nothing: every file fails, remembered */
	hz_convert_opts o = {false, "/bin/true", 5, work};
	char cache[700];
	(void)state;
	make_files();
	snprintf(cache, sizeof(cache), "%s/converted", work);
	hz_convert_init(&c);
	hz_error_clear(&err);
	assert_int_equal(hz_convert_run(&c, camp, files, NFILES, &o, &err), HZ_OK);
	assert_true(c.soffice_found);
	assert_int_equal(c.files[0].state, HZ_CONV_REJECTED);
	assert_non_null(strstr(c.files[0].reason, "could not be converted"));
	assert_int_equal(c.files[1].state, HZ_CONV_REJECTED);
	assert_int_equal(c.files[5].state, HZ_CONV_REJECTED);
	assert_int_equal(c.converted, 0);
	assert_int_equal(c.failed, 3);
	/* same bytes, two targets: two markers; nothing else left */
	assert_true(test_tmpdir_exists(cache, OLE_SHA ".xlsx.failed"));
	assert_true(test_tmpdir_exists(cache, OLE_SHA ".docx.failed"));
	assert_false(test_tmpdir_exists(work, "converting"));
	assert_false(test_tmpdir_exists(work, "lo-profile"));
	assert_int_equal(hz_convert_sweep(&c, &err), HZ_OK);
	assert_true(test_tmpdir_exists(cache, OLE_SHA ".xlsx.failed"));
	hz_convert_release(&c);

	/* the next run: from the cache, soffice not started (it is gone) */
	o.soffice = "/bin/false";
	put(cache, OLE_SHA ".docx", "PK", 2);
	{
		char marker[800];
		snprintf(marker, sizeof(marker), "%s/%s", cache, OLE_SHA ".docx.failed");
		unlink(marker);
	}
	put(cache, "stale.xlsx", "PK", 2);
	hz_convert_init(&c);
	assert_int_equal(hz_convert_run(&c, camp, files, NFILES, &o, &err), HZ_OK);
	assert_int_equal(c.cached, 3);
	assert_int_equal(c.files[1].state, HZ_CONV_DONE);
	assert_string_equal(c.files[1].as, "docx");
	assert_non_null(strstr(c.files[1].path, OLE_SHA ".docx"));
	assert_int_equal(c.files[0].state, HZ_CONV_REJECTED);
	assert_int_equal(hz_convert_sweep(&c, &err), HZ_OK);
	assert_false(test_tmpdir_exists(cache, "stale.xlsx"));
	assert_true(test_tmpdir_exists(cache, OLE_SHA ".docx"));
	hz_convert_release(&c);

	/* a LibreOffice that fails as a whole (status 1): not remembered */
	put(camp, "submissions/g.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1zz", 10);
	{
		const char *one[] = {"submissions/g.xls"};
		hz_convert_init(&c);
		assert_int_equal(hz_convert_run(&c, camp, one, 1, &o, &err), HZ_OK);
		assert_int_equal(c.files[0].state, HZ_CONV_REJECTED);
		assert_non_null(strstr(c.files[0].reason, "could not be converted"));
		assert_int_equal(c.failed, 1);
		assert_int_equal(hz_convert_sweep(&c, &err), HZ_OK);
		assert_false(test_tmpdir_exists(cache, OLE_SHA ".docx")); /* not used by this run: swept */
		hz_convert_release(&c);
		assert_false(test_tmpdir_exists(work, "converted")); /* nothing remembered, nothing kept */
	}

	/* no legacy file any more: the cache folder goes */
	hz_convert_init(&c);
	assert_int_equal(hz_convert_run(&c, camp, files + 2, 1, &o, &err), HZ_OK);
	assert_int_equal(hz_convert_sweep(&c, &err), HZ_OK);
	assert_false(test_tmpdir_exists(work, "converted"));
	hz_convert_release(&c);
}

static hz_code load_ini(const char *text, hz_settings *s, hz_error *err)
{
	char path[700];
	hz_file_note *w = NULL;
	size_t nw = 0;
	hz_code rc;
	FILE *f;
	snprintf(path, sizeof(path), "%s/campaign.ini", tmpdir);
	f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
	memset(s, 0, sizeof(*s));
	hz_error_clear(err);
	rc = hz_settings_load(s, path, &w, &nw, err);
	hz_file_notes_free(w, nw);
	return rc;
}

static void test_input_settings(void **state)
{
	hz_settings s;
	hz_error err;
	(void)state;
	assert_int_equal(load_ini("[campaign]\ntitle = x\n", &s, &err), HZ_OK);
	assert_false(s.convert_off);
	assert_null(s.soffice);
	assert_int_equal(s.convert_timeout, 60);
	hz_settings_release(&s);
	assert_int_equal(load_ini("[input]\nconvert = off\nsoffice = /opt/lo/soffice\nconvert_timeout = 5\n", &s, &err),
			 HZ_OK);
	assert_true(s.convert_off);
	assert_string_equal(s.soffice, "/opt/lo/soffice");
	assert_int_equal(s.convert_timeout, 5);
	hz_settings_release(&s);
	assert_int_equal(load_ini("[input]\nconvert = yes\n", &s, &err), HZ_E_CONFIG);
	hz_settings_release(&s);
	assert_int_equal(load_ini("[input]\nconvert_timeout = 0\n", &s, &err), HZ_E_CONFIG);
	hz_settings_release(&s);
	assert_int_equal(load_ini("[input]\nconvert_timeout = 2.5\n", &s, &err), HZ_E_CONFIG);
	hz_settings_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_legacy_kinds),
		cmocka_unit_test(test_cache_and_failure),
		cmocka_unit_test(test_input_settings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
