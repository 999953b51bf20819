#include "hz_open.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

int hz_open_regular(const char *path, struct stat *st)
{
	struct stat s;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), flags;
	if (fd < 0)
		return -1;
	if (fstat(fd, &s) != 0 || !S_ISREG(s.st_mode) || (flags = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		int e = (fstat(fd, &s) == 0 && !S_ISREG(s.st_mode)) ? EINVAL : errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (st)
		*st = s;
	return fd;
}

FILE *hz_fopen_regular(const char *path)
{
	int fd = hz_open_regular(path, NULL);
	FILE *f;
	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "rb"))) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

const char *hz_file_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISLNK(mode))
		return "a link";
	return "not a file";
}

const char *hz_open_error(int e)
{
	return e == EINVAL ? "not a regular file" : strerror(e);
}

char *hz_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}
