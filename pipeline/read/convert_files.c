/* nftw */
#define _XOPEN_SOURCE 700

/*
 * The conversion step's files: paths under its work folder, private
 * folders, a whole file written or read (capped, never blocking on a FIFO)
 * and a tree removed without following links.  Shared by the step
 * (convert.c) and its LibreOffice runner (soffice.c).
 */
#include "read/convert_files.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hz_limits.h"
#include "hz_open.h"

#include "banned.h"

/*
 * Reads a regular file whole (at most HZ_MAX_FILE_BYTES + 1 bytes: more is
 * "too big"); a FIFO put in its place since listing is not waited on
 * (hz_open_regular).  Returns 0 and *buf (caller frees), or -1.
 */
int convert_files_read(const char *path, unsigned char **buf, size_t *len, struct stat *st)
{
	int fd = hz_open_regular(path, st);
	unsigned char *b = NULL;
	size_t n = 0, cap;
	if (fd < 0)
		return -1;
	cap = (size_t)st->st_size < HZ_MAX_FILE_BYTES ? (size_t)st->st_size + 1 : HZ_MAX_FILE_BYTES + 1;
	if (!(b = malloc(cap ? cap : 1)))
		goto fail;
	while (n < cap) {
		ssize_t k = read(fd, b + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto fail;
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
fail:
	free(b);
	close(fd);
	return -1;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes path and all below it, links not followed. */
void convert_files_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int convert_files_make_dir(const char *path)
{
	struct stat st;
	if (mkdir(path, 0700) == 0)
		return 0;
	return errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

int convert_files_write(const char *path, const void *b, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	const unsigned char *p = b;
	if (fd < 0)
		return -1;
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return close(fd);
}
