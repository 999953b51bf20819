/* The read cache (state/read_cache.c), the phase documents packed for it
 * (recognise/phase_doc.c) and the run's use of it (campaign/phase_memo.c):
 * what is stored comes back, what this run did not read is dropped, and a
 * damaged file, a foreign tag or a value that does not unpack is a miss,
 * never a wrong answer. */
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

#include "campaign/phase_memo.h"
#include "read/digest.h"
#include "recognise/phase_doc.h"
#include "state/read_cache.h"
#include "tmpdir.h"

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	return test_tmpdir_make(dir, sizeof(dir), "hz_read_cache_");
}

static int remove_dir(void **state)
{
	(void)state;
	return test_tmpdir_remove(dir);
}

static void key_of(const char *s, unsigned char key[HZ_DIGEST_SIZE])
{
	hz_digest_bytes(s, strlen(s), key);
}

static hz_read_cache_item item(const char *name, const char *value)
{
	hz_read_cache_item it;
	key_of(name, it.key);
	it.value = value;
	it.len = strlen(value);
	return it;
}

static void assert_value(const hz_read_cache *c, const char *name, const char *want)
{
	unsigned char key[HZ_DIGEST_SIZE];
	const void *v;
	size_t len;
	key_of(name, key);
	v = hz_read_cache_find(c, key, &len);
	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(v, want, len);
}

/* The cache of dir under tag, holding size entries. */
static hz_read_cache *open_holding(const char *tag, size_t size)
{
	hz_read_cache *c = hz_read_cache_open(dir, tag);
	assert_non_null(c);
	assert_int_equal(hz_read_cache_size(c), size);
	return c;
}

static void test_digest(void **state)
{
	unsigned char d[HZ_DIGEST_SIZE], f[HZ_DIGEST_SIZE];
	char hex[HZ_DIGEST_SIZE * 2 + 1], path[300];
	struct stat st;
	FILE *fp;
	(void)state;
	hz_digest_bytes("abc", 3, d);
	hz_digest_hex(d, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	snprintf(path, sizeof(path), "%s/abc", dir);
	assert_non_null(fp = fopen(path, "wb"));
	fputs("abc", fp);
	fclose(fp);
	assert_int_equal(hz_digest_file(path, 1024, f, &st), HZ_OK);
	assert_memory_equal(d, f, HZ_DIGEST_SIZE);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(hz_digest_file(path, 2, f, &st), HZ_E_TOO_BIG);
	assert_int_equal(hz_digest_file(dir, 1024, f, &st), HZ_E_IO); /* a folder */
}

static void test_store_and_reload(void **state)
{
	hz_read_cache *c;
	hz_read_cache_item keep[3];
	(void)state;

	c = open_holding("t/1", 0);
	keep[0] = item("a", "value of a");
	keep[1] = item("b", "value of b");
	keep[2] = item("a", "value of a"); /* two files with the same bytes */
	hz_read_cache_store(c, keep, 3);
	hz_read_cache_close(c);

	c = open_holding("t/1", 2);
	assert_value(c, "a", "value of a");
	assert_value(c, "b", "value of b");
	assert_value(c, "c", NULL);
	/* this run read b and c, not a: a is dropped */
	keep[0] = item("b", "value of b");
	keep[1] = item("c", "value of c");
	hz_read_cache_store(c, keep, 2);
	hz_read_cache_close(c);

	c = open_holding("t/1", 2);
	assert_value(c, "a", NULL);
	assert_value(c, "b", "value of b");
	assert_value(c, "c", "value of c");
	/* a value read again (the old one did not unpack) replaces the old */
	keep[0] = item("b", "b again");
	keep[1] = item("c", "value of c");
	hz_read_cache_store(c, keep, 2);
	hz_read_cache_close(c);
	c = open_holding("t/1", 2);
	assert_value(c, "b", "b again");
	hz_read_cache_close(c);

	/* another reader's version trusts none of it, and its store drops it */
	c = open_holding("t/2", 0);
	keep[0] = item("d", "value of d");
	hz_read_cache_store(c, keep, 1);
	hz_read_cache_close(c);
	c = open_holding("t/1", 0);
	hz_read_cache_close(c);
	c = open_holding("t/2", 1);
	assert_value(c, "d", "value of d");
	hz_read_cache_close(c);
}

static void test_damaged_starts_again(void **state)
{
	char path[300];
	hz_read_cache *c;
	hz_read_cache_item keep[1];
	FILE *fp;
	(void)state;

	snprintf(path, sizeof(path), "%s/reads.sqlite", dir);
	assert_non_null(fp = fopen(path, "wb"));
	for (int i = 0; i < 5000; i++)
		fputc((i * 7919) & 0xff, fp);
	fclose(fp);
	c = open_holding("t/1", 0);
	keep[0] = item("e", "value of e");
	hz_read_cache_store(c, keep, 1);
	hz_read_cache_close(c);
	c = open_holding("t/1", 1);
	assert_value(c, "e", "value of e");
	hz_read_cache_close(c);

	/* a folder that cannot hold it: a cache that answers nothing */
	assert_non_null(c = hz_read_cache_open("/nonexistent/huizong", "t/1"));
	assert_int_equal(hz_read_cache_size(c), 0);
	hz_read_cache_store(c, keep, 1);
	hz_read_cache_close(c);
}

static void test_pack_round_trip(void **state)
{
	hz_phase_doc d = {0}, back;
	unsigned char *b = NULL;
	size_t len;
	(void)state;

	d.kind = HZ_PHASE_DOC_DOCX;
	d.unit_text = strdup("区审计局");
	d.title_text = strdup("");
	d.has_date = true;
	d.year = 2024;
	d.month = 4;
	d.day = 26;
	d.bad_date = NULL;
	d.has_modified = true;
	d.modified = 1714096800LL;
	d.mtime = 99;
	assert_int_equal(hz_phase_doc_pack(&d, &b, &len), HZ_OK);
	assert_int_equal(hz_phase_doc_unpack(b, len, &back), HZ_OK);
	assert_int_equal(back.kind, HZ_PHASE_DOC_DOCX);
	assert_string_equal(back.unit_text, "区审计局");
	assert_string_equal(back.title_text, "");
	assert_null(back.bad_date);
	assert_true(back.has_date);
	assert_int_equal(back.year * 10000 + back.month * 100 + back.day, 20240426);
	assert_true(back.has_modified);
	assert_int_equal(back.modified, 1714096800LL);
	assert_int_equal(back.mtime, 0); /* the file's, taken anew */
	hz_phase_doc_release(&back);

	/* anything short, long or of another version is not unpacked */
	for (size_t n = 0; n < len; n++)
		assert_int_equal(hz_phase_doc_unpack(b, n, &back), HZ_E_FORMAT);
	{
		unsigned char *longer = malloc(len + 1);
		memcpy(longer, b, len);
		longer[len] = 0;
		assert_int_equal(hz_phase_doc_unpack(longer, len + 1, &back), HZ_E_FORMAT);
		longer[0] = 99;
		assert_int_equal(hz_phase_doc_unpack(longer, len, &back), HZ_E_FORMAT);
		free(longer);
	}
	free(b);
	hz_phase_doc_release(&d);
}

/* The demo's plans through the memo: the second run answers from the
 * cache what the first read, field for field; a .pdf is never kept. */
static void test_memo_demo_plans(void **state)
{
	static const char *const files[] = {
		"phases/创建方案/教育局创建工作方案.docx",
		"phases/创建方案/卫健委创建工作计划表.xlsx",
		"phases/创建方案/区审计局创建工作方案（盖章扫描件）.pdf",
	};
	const size_t n = sizeof(files) / sizeof(files[0]);
	hz_phase_doc first[3], second[3];
	normalizer *norm = NULL;
	hz_error err;
	(void)state;

	memset(&err, 0, sizeof(err));
	assert_int_equal(normalizer_new(&norm, &err), HZ_OK);
	for (int pass = 0; pass < 2; pass++) {
		hz_phase_memo *m = NULL;
		hz_phase_doc *out = pass ? second : first;
		assert_int_equal(hz_phase_memo_open(&m, dir, n, &err), HZ_OK);
		assert_non_null(m);
		for (size_t i = 0; i < n; i++) {
			char path[512];
			snprintf(path, sizeof(path), "input/%s", files[i]);
			assert_int_equal(hz_phase_memo_read(m, i, &out[i], path, files[i], norm, &err), HZ_OK);
		}
		assert_int_equal(hz_phase_memo_hits(m), pass ? 2 : 0);
		hz_phase_memo_store(m);
		hz_phase_memo_free(m);
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(first[i].kind, second[i].kind);
		assert_true((first[i].unit_text == NULL) == (second[i].unit_text == NULL));
		if (first[i].unit_text)
			assert_string_equal(first[i].unit_text, second[i].unit_text);
		assert_true((first[i].title_text == NULL) == (second[i].title_text == NULL));
		if (first[i].title_text)
			assert_string_equal(first[i].title_text, second[i].title_text);
		assert_int_equal(first[i].has_date, second[i].has_date);
		assert_int_equal(first[i].year * 10000 + first[i].month * 100 + first[i].day,
				 second[i].year * 10000 + second[i].month * 100 + second[i].day);
		assert_int_equal(first[i].has_modified, second[i].has_modified);
		assert_int_equal(first[i].modified, second[i].modified);
		assert_int_equal(first[i].mtime, second[i].mtime);
		hz_phase_doc_release(&first[i]);
		hz_phase_doc_release(&second[i]);
	}
	normalizer_free(norm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_digest, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_store_and_reload, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_damaged_starts_again, make_dir, remove_dir),
		cmocka_unit_test(test_pack_round_trip),
		cmocka_unit_test_setup_teardown(test_memo_demo_plans, make_dir, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
