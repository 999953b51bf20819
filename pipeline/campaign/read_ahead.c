#include "campaign/read_ahead.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hz_limits.h"

#include "banned.h"

/* Only a regular file is opened: a FIFO would block, a device could act
 * on open or close.  O_NONBLOCK all the same, for one swapped in between.
 * A file larger than a reader takes (HZ_MAX_FILE_BYTES) is refused unread:
 * asking for it would pull gigabytes through the page cache for nothing. */
static void hint(const char *path)
{
	struct stat st;
	int fd;
	if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)HZ_MAX_FILE_BYTES)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
	close(fd);
}

/* Asks for the window, then sleeps until the workers have taken half of
 * it: one wake-up per HZ_READ_AHEAD_FILES / 2 files, not one per file (on
 * two busy cores a wake-up per file took more than the hints). */
static void *read_ahead_run(void *arg)
{
	hz_read_ahead *ra = arg;
	size_t next = 0;

	pthread_mutex_lock(&ra->lock);
	for (;;) {
		if (next < ra->taken)
			next = ra->taken; /* the workers are past it: no use now */
		if (ra->stop || next >= ra->n)
			break;
		if (next >= ra->taken + HZ_READ_AHEAD_FILES) {
			ra->wake_at = next - HZ_READ_AHEAD_FILES / 2;
			ra->waiting = true;
			while (!ra->stop && ra->taken < ra->wake_at)
				pthread_cond_wait(&ra->moved, &ra->lock);
			ra->waiting = false;
			continue;
		}
		{
			size_t i = next++;
			char *path;
			pthread_mutex_unlock(&ra->lock);
			path = ra->path_of(ra->ctx, i);
			hint(path);
			free(path);
			pthread_mutex_lock(&ra->lock);
		}
	}
	pthread_mutex_unlock(&ra->lock);
	return NULL;
}

void hz_read_ahead_start(hz_read_ahead *ra, size_t n, hz_read_ahead_path_fn path_of, void *ctx)
{
	memset(ra, 0, sizeof(*ra));
	ra->n = n;
	ra->path_of = path_of;
	ra->ctx = ctx;
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->moved, NULL);
	ra->started = n > 1 && pthread_create(&ra->thread, NULL, read_ahead_run, ra) == 0;
}

void hz_read_ahead_taken(hz_read_ahead *ra, size_t i)
{
	if (!ra->started)
		return;
	pthread_mutex_lock(&ra->lock);
	if (i + 1 > ra->taken)
		ra->taken = i + 1;
	if (ra->waiting && ra->taken >= ra->wake_at) {
		ra->waiting = false;
		pthread_cond_signal(&ra->moved);
	}
	pthread_mutex_unlock(&ra->lock);
}

void hz_read_ahead_stop(hz_read_ahead *ra)
{
	if (ra->started) {
		pthread_mutex_lock(&ra->lock);
		ra->stop = true;
		pthread_cond_signal(&ra->moved);
		pthread_mutex_unlock(&ra->lock);
		pthread_join(ra->thread, NULL);
		ra->started = false;
	}
	pthread_mutex_destroy(&ra->lock);
	pthread_cond_destroy(&ra->moved);
}
