/*
 * Listing a round's folder (SPEC 5.11): every file looked at, sorted, with
 * the names that are not UTF-8 shown as names.c says.
 */
#include "campaign/campaign.h"
#include "campaign/internal.h"
#include "campaign/names.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynbuf.h"
#include "hz_limits.h"

#include "banned.h"

/* A path: longer than any real one, far below what would be absurd. */
#define PATH_CAP (64u * 1024)

char *hz_campaign_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s;
	while (la > 1 && a[la - 1] == '/')
		la--;
	s = malloc(la + 1 + lb + 1);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

/* ---- listing submissions/ (SPEC 5.11) ---- */

typedef struct file_list {
	char **paths;
	size_t n, alloc;
	const char *folder;   /* submissions, rectifications: for messages */
	bool top_is_output;   /* the folder itself holds .huizong/: an old run wrote there */
} file_list;

static hz_code list_add(file_list *l, const char *rel, size_t len, hz_error *err)
{
	char *s;
	if (l->n >= HZ_MAX_SUBMISSION_FILES)
		return hz_error_set(err, HZ_E_LIMIT, "more than %u files under %s/",
				    (unsigned)HZ_MAX_SUBMISSION_FILES, l->folder);
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 64;
		char **p = realloc(l->paths, na * sizeof(*p));
		if (!p)
			return hz_error_set(err, HZ_E_NOMEM, "listing submissions");
		l->paths = p;
		l->alloc = na;
	}
	/* the name every output shows, and the bytes on disk (issue 20.2) */
	s = hz_name_listed(rel, len, false);
	if (!s)
		return hz_error_set(err, HZ_E_NOMEM, "listing submissions");
	l->paths[l->n++] = s;
	return HZ_OK;
}

/* A folder holding .huizong/ is an output folder of some run. */
static bool is_output_folder(int fd)
{
	struct stat st;
	return fstatat(fd, ".huizong", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Walks the folder open as fd, whose path relative to the campaign folder is
 * rel->buf.  A folder that cannot be opened is listed itself (with a
 * trailing '/') so that it is rejected rather than silently dropped.
 */
static hz_code walk(int fd, dynbuf *rel, int depth, file_list *l, hz_error *err)
{
	DIR *d;
	struct dirent *e;
	hz_code rc = HZ_OK;
	size_t base = rel->len;

	if (depth > HZ_MAX_DIR_DEPTH) {
		/* rejected by name, as a folder that cannot be opened (read_one
		 * tells why): the run goes on */
		close(fd);
		return list_add(l, rel->buf, rel->len, err);
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return list_add(l, rel->buf, rel->len, err);
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (e->d_name[0] == '.')
			continue; /* ".", "..", dot-files and dot-folders: not looked at */
		if (depth == 0 && l->top_is_output && hz_output_name_is_ours(e->d_name))
			continue; /* an earlier run's outputs, written here before SPEC §4 refused it */
		rel->len = base;
		rel->buf[base] = '\0';
		if ((rc = dynbuf_addstr(rel, e->d_name)) != HZ_OK)
			goto cleanup;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			/* Vanished or unreadable entry: reject it by name. */
			if ((rc = list_add(l, rel->buf, rel->len, err)) != HZ_OK)
				goto cleanup;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0 && is_output_folder(sub)) {
				close(sub); /* huizong's own outputs are never forms (SPEC §4) */
				continue;
			}
			if ((rc = dynbuf_addc(rel, '/')) != HZ_OK) {
				if (sub >= 0)
					close(sub); /* it was leaked here before */
				goto cleanup;
			}
			if (sub < 0) {
				if ((rc = list_add(l, rel->buf, rel->len, err)) != HZ_OK)
					goto cleanup;
				continue;
			}
			if ((rc = walk(sub, rel, depth + 1, l, err)) != HZ_OK)
				goto cleanup;
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			/* A link to a file is read like the file; a link to a
			 * folder is not followed (loops, or out of the tree): it
			 * is listed "name/" and rejected, as is a link to nothing
			 * (read_one). */
			if (fstatat(dirfd(d), e->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode) &&
			    (rc = dynbuf_addc(rel, '/')) != HZ_OK)
				goto cleanup;
		}
		/* FIFOs, sockets, devices: listed, and rejected with the reason
		 * (nothing sent is lost from results.json) */
		if ((rc = list_add(l, rel->buf, rel->len, err)) != HZ_OK)
			goto cleanup;
	}
cleanup:
	rel->len = base;
	if (rel->buf)
		rel->buf[base] = '\0';
	closedir(d);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

hz_code hz_campaign_list_files(const char *dir, char ***out, size_t *n, hz_error *err)
{
	return hz_campaign_list_folder(dir, "submissions", out, n, err);
}

hz_code hz_campaign_list_folder(const char *dir, const char *folder, char ***out, size_t *n, hz_error *err)
{
	file_list l = {0};
	dynbuf rel;
	char *path = NULL;
	int fd;
	hz_code rc = HZ_OK;

	*out = NULL;
	*n = 0;
	l.folder = folder;
	dynbuf_init(&rel, PATH_CAP);
	path = hz_campaign_join(dir, folder);
	if (!path) {
		rc = hz_error_set(err, HZ_E_NOMEM, "listing %s", folder);
		goto cleanup;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			goto cleanup; /* no such folder (yet): no files */
		hz_error_file(err, path);
		rc = hz_error_set(err, HZ_E_IO, "cannot open the %s folder: %s", folder, strerror(errno));
		goto cleanup;
	}
	l.top_is_output = is_output_folder(fd);
	if ((rc = dynbuf_addstr(&rel, folder)) != HZ_OK || (rc = dynbuf_addc(&rel, '/')) != HZ_OK) {
		close(fd);
		goto cleanup;
	}
	if ((rc = walk(fd, &rel, 0, &l, err)) != HZ_OK)
		goto cleanup;
	if (l.n)
		qsort(l.paths, l.n, sizeof(*l.paths), cmp_path);
	if (hz_names_distinct(l.paths, l.n) != 0)
		rc = hz_error_set(err, HZ_E_NOMEM, "listing %s", folder);
cleanup:
	if (rc != HZ_OK) {
		hz_campaign_files_free(l.paths, l.n);
		l.paths = NULL;
		l.n = 0;
	}
	*out = l.paths;
	*n = l.n;
	free(path);
	dynbuf_release(&rel);
	return rc;
}

void hz_campaign_files_free(char **files, size_t n)
{
	if (!files)
		return;
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

