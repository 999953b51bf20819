/*
 * A whole file read into memory for a test to compare: NUL-terminated,
 * *len its bytes (len may be NULL); NULL when the file cannot be opened (a
 * read that stops short fails the test).  Caller frees.  Header-only:
 * include after cmocka.h.
 */
#ifndef HZ_TEST_SLURP_H
#define HZ_TEST_SLURP_H

#include <stdio.h>
#include <stdlib.h>

static inline char *test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_true(n >= 0);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = (size_t)n;
	return buf;
}

/* The two files hold the same bytes (both must exist). */
static inline void test_assert_same_file(const char *a, const char *b)
{
	size_t na, nb;
	char *x = test_slurp(a, &na), *y = test_slurp(b, &nb);
	assert_non_null(x);
	assert_non_null(y);
	assert_int_equal(na, nb);
	assert_memory_equal(x, y, na);
	free(x);
	free(y);
}

#endif
