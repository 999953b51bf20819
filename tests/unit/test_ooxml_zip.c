/* write/ooxml/zip.h: members compressed once in a cache are copied into
 * packages as the very bytes the package would have deflated itself, and
 * two threads may copy from one cache at once (the letters' two lanes). */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "slurp.h"
#include "write/ooxml/zip.h"
#include "tmpdir.h"

static char dir[64];


/* Parts a letter might hold: some text repeated so that deflate has work. */
static char part[3][4096];

static void make_parts(void)
{
	for (int k = 0; k < 3; k++) {
		size_t at = 0;
		for (int i = 0; at + 64 < sizeof(part[k]); i++)
			at += (size_t)snprintf(part[k] + at, sizeof(part[k]) - at, "<w:p>段落%d-%d 模范机关</w:p>", k, i * (k + 1));
	}
}

/* The three parts a letter shares, as members to cache. */
static void cache_members(ooxml_member cm[3])
{
	static const char *const names[] = {"word/footer1.xml", "word/footer2.xml", "word/styles.xml"};
	for (int k = 0; k < 3; k++)
		cm[k] = (ooxml_member){.name = names[k], .data = part[k], .len = strlen(part[k])};
}

/* A package copying member k from cache holds the bytes one deflating
 * member k itself holds. */
static void cached_member_same_bytes(void **state)
{
	ooxml_zip_cache *c = NULL;
	ooxml_member cm[3], a[2], b[2];
	char pa[256], pb[256];
	hz_error err;
	(void)state;
	make_parts();
	hz_error_clear(&err);
	cache_members(cm);
	assert_int_equal(ooxml_zip_cache_new_fast(cm, 3, &c, &err), HZ_OK);
	a[0] = (ooxml_member){.name = "word/document.xml", .data = part[2], .len = strlen(part[2])};
	b[0] = a[0];
	a[1] = cm[1];
	b[1] = (ooxml_member){.name = cm[1].name, .cache = c, .cache_index = 1};
	snprintf(pa, sizeof(pa), "%s/a.docx", dir);
	snprintf(pb, sizeof(pb), "%s/b.docx", dir);
	assert_int_equal(ooxml_zip_write_new(pa, a, 2, &err), HZ_OK);
	assert_int_equal(ooxml_zip_write_new(pb, b, 2, &err), HZ_OK);
	test_assert_same_file(pa, pb);
	ooxml_zip_cache_free(c);
}

typedef struct writer {
	const ooxml_zip_cache *c;
	int id;
	int failed;
} writer;

enum { PER_THREAD = 150 };

static void *write_many(void *arg)
{
	writer *w = arg;
	for (int i = 0; i < PER_THREAD && !w->failed; i++) {
		char path[256];
		hz_error err;
		ooxml_member m[3] = {
		    {.name = "word/document.xml", .data = part[i % 3], .len = strlen(part[i % 3])},
		    {.name = "word/footer1.xml", .cache = w->c, .cache_index = 0},
		    {.name = "word/styles.xml", .cache = w->c, .cache_index = 2},
		};
		hz_error_clear(&err);
		snprintf(path, sizeof(path), "%s/t%d-%d.docx", dir, w->id, i);
		if (ooxml_zip_write_new(path, m, 3, &err) != HZ_OK)
			w->failed = 1;
	}
	return NULL;
}

/* Every member reads back whole (libzip checks each CRC). */
static void check_package(const char *path, int i)
{
	static const char *const names[] = {"word/document.xml", "word/footer1.xml", "word/styles.xml"};
	const char *want[3] = {part[i % 3], part[0], part[2]};
	int ze = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &ze);
	assert_non_null(za);
	for (int k = 0; k < 3; k++) {
		zip_file_t *f = zip_fopen(za, names[k], 0);
		char buf[8192];
		zip_int64_t got;
		assert_non_null(f);
		got = zip_fread(f, buf, sizeof(buf));
		assert_int_equal(got, (zip_int64_t)strlen(want[k]));
		assert_memory_equal(buf, want[k], strlen(want[k]));
		zip_fclose(f);
	}
	zip_discard(za);
}

static void two_threads_copy_from_one_cache(void **state)
{
	ooxml_zip_cache *c = NULL;
	ooxml_member cm[3];
	writer w[2];
	pthread_t th[2];
	hz_error err;
	(void)state;
	make_parts();
	hz_error_clear(&err);
	cache_members(cm);
	assert_int_equal(ooxml_zip_cache_new(cm, 3, &c, &err), HZ_OK);
	for (int t = 0; t < 2; t++) {
		w[t] = (writer){c, t, 0};
		assert_int_equal(pthread_create(&th[t], NULL, write_many, &w[t]), 0);
	}
	for (int t = 0; t < 2; t++)
		pthread_join(th[t], NULL);
	for (int t = 0; t < 2; t++) {
		assert_false(w[t].failed);
		for (int i = 0; i < PER_THREAD; i++) {
			char path[256];
			snprintf(path, sizeof(path), "%s/t%d-%d.docx", dir, t, i);
			check_package(path, i);
			unlink(path);
		}
	}
	ooxml_zip_cache_free(c);
}

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(dir, sizeof(dir), "hz_test_ooxml_zip.");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cached_member_same_bytes),
		cmocka_unit_test(two_threads_copy_from_one_cache),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
