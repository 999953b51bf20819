#include "state/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

/* How often a waiting run tries again: short against a run's seconds,
 * long enough not to spin. */
#define LOCK_POLL_NS 100000000L

void hz_run_lock_init(hz_run_lock *l)
{
	l->fd = -1;
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "pid 1234, started 2026-12-01T15:30:02Z" from what the holder wrote; the
 * holder writes it just after locking, so an empty file means "just now". */
static void describe_holder(int fd, char *out, size_t n)
{
	char buf[256], *nl;
	ssize_t got = -1;
	for (int attempt = 0; attempt < 5; attempt++) {
		got = pread(fd, buf, sizeof(buf) - 1, 0);
		if (got > 0)
			break;
		struct timespec ms = {0, 20000000L};
		nanosleep(&ms, NULL);
	}
	if (got <= 0) {
		snprintf(out, n, "pid unknown (the holder is starting)");
		return;
	}
	buf[got] = '\0';
	/* two lines, "pid N" and "started T", shown as one */
	nl = strchr(buf, '\n');
	if (nl) {
		*nl = '\0';
		if ((nl = strchr(nl + 1, '\n')) != NULL)
			*nl = '\0';
		snprintf(out, n, "%s, %s", buf, buf + strlen(buf) + 1);
		return;
	}
	snprintf(out, n, "%s", buf);
}

/* "pid 1234 started 2026-12-01T15:30:02Z\n", replacing what a dead holder
 * left. */
static void write_holder(int fd)
{
	char buf[128], when[32];
	time_t t = time(NULL);
	struct tm tm;
	int len;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	len = snprintf(buf, sizeof(buf), "pid %ld\nstarted %s\n", (long)getpid(), when);
	if (ftruncate(fd, 0) == 0 && len > 0)
		(void)!pwrite(fd, buf, (size_t)len, 0);
}

void hz_run_lock_local_time(char *text, size_t n, int tz_minutes)
{
	static const char key[] = "started ";
	char *at = strstr(text, key), rest[1024], when[64];
	struct tm tm;
	time_t t;
	int used = 0;
	if (!at)
		return;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(at + strlen(key), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &used) != 6 || used != 20)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + (time_t)tz_minutes * 60;
	gmtime_r(&t, &tm);
	snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d:%02d（UTC%c%02d:%02d）", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tz_minutes < 0 ? '-' : '+', abs(tz_minutes) / 60,
		 abs(tz_minutes) % 60);
	snprintf(rest, sizeof(rest), "%s", at + strlen(key) + used);
	snprintf(at + strlen(key), n - (size_t)(at + strlen(key) - text), "%s%s", when, rest);
}

hz_code hz_run_lock_take(hz_run_lock *l, const char *out_dir, double wait_seconds, hz_error *err)
{
	char dir[4096], path[4200], holder[300];
	double deadline = now_seconds() + (wait_seconds > 0 ? wait_seconds : 0);
	int fd;

	l->fd = -1;
	if ((size_t)snprintf(dir, sizeof(dir), "%s/.huizong", out_dir) >= sizeof(dir)) {
		hz_error_file(err, out_dir);
		return hz_error_set(err, HZ_E_WRITE, "output path too long");
	}
	snprintf(path, sizeof(path), "%s/lock", dir);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		hz_error_file(err, dir);
		return hz_error_set(err, HZ_E_WRITE, "cannot create the folder: %s", strerror(errno));
	}
	/* no O_TRUNC: the holder's pid must survive a second run opening it */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
	if (fd < 0 && errno == ELOOP) {
		/* a link in huizong's own folder: replaced by the lock file, never
		 * followed (it could lead anywhere) */
		struct stat ls;
		if (lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode))
			(void)unlink(path);
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
	}
	if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK); /* flock needs no write */
	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			fd = -1;
			errno = EINVAL;
		}
	}
	if (fd < 0) {
		hz_error_file(err, path);
		return hz_error_set(err, HZ_E_WRITE, "cannot open the lock file: %s",
				    errno == EINVAL ? "not a regular file" : strerror(errno));
	}
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			hz_error_file(err, path);
			hz_error_set(err, HZ_E_WRITE, "cannot lock: %s", strerror(errno));
			close(fd);
			return HZ_E_WRITE;
		}
		if (now_seconds() >= deadline) {
			describe_holder(fd, holder, sizeof(holder));
			close(fd);
			hz_error_file(err, out_dir);
			if (wait_seconds > 0)
				return hz_error_set(err, HZ_E_BUSY, "another run still holds %s after %.0f s: %s", path,
						    wait_seconds, holder);
			return hz_error_set(err, HZ_E_BUSY, "another run holds %s: %s", path, holder);
		}
		struct timespec nap = {0, LOCK_POLL_NS};
		nanosleep(&nap, NULL);
	}
	write_holder(fd);
	l->fd = fd;
	return HZ_OK;
}

void hz_run_lock_release(hz_run_lock *l)
{
	if (l->fd < 0)
		return;
	/* closing drops the flock */
	close(l->fd);
	l->fd = -1;
}
