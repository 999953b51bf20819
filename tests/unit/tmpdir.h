/*
 * A test's own temporary folder: test_tmpdir_make makes a fresh one,
 * /tmp/<prefix>XXXXXX, its name written into the caller's buffer (the
 * caller owns it; nothing is allocated); test_tmpdir_remove removes a
 * folder and all below it; test_tmpdir_touch and test_tmpdir_exists make
 * and look for one file in it.  Both give 0, or -1 on failure, so that a
 * cmocka setup or teardown can return them as they are.  Header-only: the
 * test defines _XOPEN_SOURCE 700 before its first #include, as nftw asks.
 */
#ifndef HZ_TEST_TMPDIR_H
#define HZ_TEST_TMPDIR_H

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#ifndef FTW_PHYS
#error "tmpdir.h: #define _XOPEN_SOURCE 700 before the first #include (nftw)"
#endif

static inline int test_tmpdir_make(char *buf, size_t size, const char *prefix)
{
	int n = snprintf(buf, size, "/tmp/%sXXXXXX", prefix);
	/* a cut name would lose the XXXXXX that mkdtemp needs */
	if (n < 0 || (size_t)n >= size)
		return -1;
	return mkdtemp(buf) ? 0 : -1;
}

static inline int test_tmpdir_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : -1;
}

/*
 * Depth first so that a folder is empty when its turn comes; links are
 * removed, never followed, so nothing outside the folder is touched.
 * A folder already gone counts as removed, as with rm -rf.
 */
static inline int test_tmpdir_remove(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, test_tmpdir_remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/* dir/name made with one byte in it: 0, or -1. */
static inline int test_tmpdir_touch(const char *dir, const char *name)
{
	char path[1024];
	FILE *f;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) || !(f = fopen(path, "w")))
		return -1;
	fputc('x', f);
	return fclose(f) == 0 ? 0 : -1;
}

/* Whether dir/name exists (dir itself when name is NULL); a link is not
 * followed: a link to nothing exists. */
static inline int test_tmpdir_exists(const char *dir, const char *name)
{
	char path[1024];
	struct stat st;
	if (name && (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return 0;
	return lstat(name ? path : dir, &st) == 0;
}

#endif
