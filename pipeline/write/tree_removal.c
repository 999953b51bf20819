#define _GNU_SOURCE /* nftw */
#include "write/tree_removal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynbuf.h"
#include "hz_limits.h"

#include "banned.h"

/* ---- the walk: every entry, any depth ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

static int writable_dir(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		(void)chmod(path, (st->st_mode & 07777) | S_IRWXU);
	return 0;
}

static int remove_by_walk(const char *path, const struct stat *st)
{
	/* depth first, links not followed: only what is inside ours goes */
	if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == 0)
		return 0;
	/* a folder of ours made read-only (by the office, or a copy of its
	 * files): its entries go once it is writable again */
	if (S_ISDIR(st->st_mode))
		(void)nftw(path, writable_dir, 16, FTW_PHYS);
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 || errno == ENOENT ? 0 : -1;
}

/* ---- the bulk: a folder's own files, in inode order ---- */

typedef struct file_entry {
	ino_t ino;
	size_t name; /* offset in the names buffer */
} file_entry;

typedef struct unlink_share {
	int dir_fd;
	const file_entry *files;
	size_t n;
	const char *names;
} unlink_share;

static int by_inode(const void *a, const void *b)
{
	const file_entry *x = a, *y = b;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* Failures are left to the walk, which meets the same entries again. */
static void *unlink_share_run(void *arg)
{
	const unlink_share *s = arg;
	for (size_t i = 0; i < s->n; i++)
		(void)unlinkat(s->dir_fd, s->names + s->files[i].name, 0);
	return NULL;
}

/* files[0..n) unlinked in contiguous runs of inode order, one per thread
 * (each walks its own stretch of the inode table); the caller's thread
 * takes the first, and any share whose thread cannot start. */
static void unlink_shares(int dir_fd, const file_entry *files, size_t n, const char *names)
{
	unlink_share share[HZ_TREE_REMOVE_THREADS];
	pthread_t thread[HZ_TREE_REMOVE_THREADS];
	bool started[HZ_TREE_REMOVE_THREADS] = {false};
	size_t nshares = n / HZ_TREE_REMOVE_PER_THREAD, first = 0;

	if (nshares < 1) /* n >= 1 */
		nshares = 1;
	if (nshares > HZ_TREE_REMOVE_THREADS)
		nshares = HZ_TREE_REMOVE_THREADS;
	for (size_t k = 0; k < nshares; k++) {
		/* n spread evenly: the first n % nshares shares take one more */
		size_t len = n / nshares + (k < n % nshares);
		share[k] = (unlink_share){dir_fd, files + first, len, names};
		first += len;
	}
	for (size_t k = 1; k < nshares; k++)
		started[k] = pthread_create(&thread[k], NULL, unlink_share_run, &share[k]) == 0;
	unlink_share_run(&share[0]);
	for (size_t k = 1; k < nshares; k++) {
		if (started[k])
			pthread_join(thread[k], NULL);
		else
			unlink_share_run(&share[k]);
	}
}

static int is_dot(const char *n)
{
	return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

/* Unlinks what path holds that is not a folder.  Whatever it cannot do
 * (memory, an entry it cannot tell) it leaves for the walk. */
static void remove_files_of(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *e;
	dynbuf names;
	file_entry *files = NULL;
	size_t n = 0, cap = 0;

	if (fd < 0)
		return;
	dynbuf_init(&names, HZ_TREE_REMOVE_MAX_NAMES);
	d = fdopendir(dup(fd));
	if (!d)
		goto out;
	while ((e = readdir(d)) != NULL) {
		file_entry *v;
		struct stat st;
		if (is_dot(e->d_name))
			continue;
		if (e->d_type == DT_DIR)
			continue;
		if (e->d_type == DT_UNKNOWN &&
		    (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode)))
			continue;
		v = dynbuf_grow_array(files, n, &cap, 256, sizeof(*files));
		if (!v)
			break;
		files = v;
		files[n].ino = e->d_ino;
		files[n].name = names.len;
		if (dynbuf_add(&names, e->d_name, strlen(e->d_name) + 1) != HZ_OK)
			break;
		n++;
	}
	closedir(d);
	if (n) { /* files is NULL when the folder holds none */
		qsort(files, n, sizeof(*files), by_inode);
		unlink_shares(fd, files, n, names.buf);
	}
out:
	free(files);
	dynbuf_release(&names);
	close(fd);
}

int hz_tree_remove(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode))
		remove_files_of(path); /* what is left (folders, refusals) goes below */
	return remove_by_walk(path, &st);
}

/* ---- on a thread of its own ---- */

void hz_tree_removal_init(hz_tree_removal *r)
{
	memset(r, 0, sizeof(*r));
}

static void *removal_run(void *arg)
{
	hz_tree_removal *r = arg;
	r->rc = hz_tree_remove(r->path);
	r->err = r->rc ? errno : 0;
	return NULL;
}

void hz_tree_removal_start(hz_tree_removal *r, const char *path)
{
	size_t len = strlen(path);
	r->rc = 0;
	r->err = 0;
	r->threaded = false;
	if (len >= sizeof(r->path)) {
		r->path[0] = '\0';
		if (hz_tree_remove(path) != 0) {
			r->rc = -1;
			r->err = errno;
		}
		return;
	}
	memcpy(r->path, path, len + 1);
	if (pthread_create(&r->thread, NULL, removal_run, r) == 0)
		r->threaded = true;
	else
		removal_run(r);
}

int hz_tree_removal_finish(hz_tree_removal *r)
{
	if (r->threaded) {
		pthread_join(r->thread, NULL);
		r->threaded = false;
	}
	if (r->rc)
		errno = r->err;
	return r->rc;
}
