#define _GNU_SOURCE /* syncfs */
#include "write/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write/tree_removal.h"

#include "banned.h"

/* Atomic: documents are written from several threads at once. */
static atomic_uint tmp_counter;

hz_code hz_tmp_path(const char *final_path, char *out, size_t n, hz_error *err)
{
	const char *slash = strrchr(final_path, '/');
	size_t dirlen = slash ? (size_t)(slash - final_path) + 1 : 0;
	int len = snprintf(out, n, "%.*s" HZ_TMP_PREFIX "%ld-%u-%s", (int)dirlen, final_path, (long)getpid(),
			   atomic_fetch_add(&tmp_counter, 1u), final_path + dirlen);
	if (len < 0 || (size_t)len >= n) {
		if (n)
			out[0] = '\0';
		hz_error_file(err, final_path);
		return hz_error_set(err, HZ_E_WRITE, "output path too long");
	}
	return HZ_OK;
}

/* The names hz_tmp_path is given in an output folder (and .huizong/):
 * the outputs, the report's chart data, the stage of campaign/commit.c, the
 * letters' list. */
static const char *const tmp_targets[] = {
	"outputs", "汇总报告.docx", "汇总报告.docx.chartdata.xlsx", "排名.xlsx", "反馈", "results.json",
	"拟定名单公示.docx", "letters",
};

static const char *skip_digits(const char *p)
{
	const char *start = p;
	while (*p >= '0' && *p <= '9')
		p++;
	return p > start ? p : NULL;
}

bool hz_tmp_name_is_ours(const char *name)
{
	const char *p;
	if (strncmp(name, HZ_TMP_PREFIX, sizeof(HZ_TMP_PREFIX) - 1) != 0)
		return false;
	p = skip_digits(name + sizeof(HZ_TMP_PREFIX) - 1);
	if (!p || *p != '-')
		return false;
	p = skip_digits(p + 1);
	if (!p || p[0] != '-')
		return false;
	/* only what huizong writes: a user's ".huizong-tmp-1-1-备份" stays */
	p++;
	for (size_t i = 0; i < sizeof(tmp_targets) / sizeof(tmp_targets[0]); i++)
		if (!strcmp(p, tmp_targets[i]))
			return true;
	/* a temporary of a temporary (libxlsxwriter's of the chart data),
	 * and the chart data's names ("…chartdata-<pid>.xlsx" before) */
	if (!strncmp(p, HZ_TMP_PREFIX, sizeof(HZ_TMP_PREFIX) - 1))
		return hz_tmp_name_is_ours(p);
	return !strncmp(p, "汇总报告.docx.chartdata", strlen("汇总报告.docx.chartdata")) && strlen(p) > 5 &&
	       !strcmp(p + strlen(p) - 5, ".xlsx");
}

hz_code hz_tmp_sweep(const char *dir, size_t *removed, hz_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	hz_code rc = HZ_OK;

	if (removed)
		*removed = 0;
	if (!d) {
		if (errno == ENOENT)
			return HZ_OK;
		hz_error_file(err, dir);
		return hz_error_set(err, HZ_E_WRITE, "cannot list the output folder: %s", strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		if (!hz_tmp_name_is_ours(e->d_name))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path))
			continue;
		if (hz_tree_remove(path) != 0) {
			/* the first is told; the others are tried all the same */
			if (rc == HZ_OK) {
				hz_error_file(err, path);
				rc = hz_error_set(err, HZ_E_WRITE, "cannot remove a temporary left by an earlier run: %s",
						  strerror(errno));
			}
			continue;
		}
		if (removed)
			(*removed)++;
	}
	closedir(d);
	return rc;
}

int hz_sync_fd(int fd)
{
	while (fsync(fd) != 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

static int sync_open(const char *path, int flags, int whole_fs)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags), rc, e;
	if (fd < 0)
		return -1;
	rc = whole_fs ? syncfs(fd) : hz_sync_fd(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int hz_sync_path(const char *path)
{
	return sync_open(path, 0, 0);
}

int hz_sync_dir(const char *path)
{
	return sync_open(path, O_DIRECTORY, 0);
}

int hz_sync_filesystem(const char *path)
{
	return sync_open(path, 0, 1);
}
