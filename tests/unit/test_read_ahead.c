/* campaign/read_ahead: the pool's read-ahead asks for each file once, in
 * order, never more than HZ_READ_AHEAD_FILES past what the workers took,
 * sleeps while the window is full and wakes when half of it is taken;
 * stops at once when told; never blocks on a FIFO or a missing file. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "campaign/read_ahead.h"
#include "hz_limits.h"

#include "tmpdir.h"

#define NFILES 1000

typedef struct asked {
	atomic_int count[NFILES];
	atomic_long last;    /* the highest index asked, -1 before any */
	atomic_size_t taken; /* what the test's worker has taken (set before telling) */
	atomic_int out_of_order, past_window;
	const char *dir;     /* real paths under it, or none */
} asked;

static char *record(void *ctx, size_t i)
{
	asked *a = ctx;
	char *path = NULL;
	if ((long)i <= atomic_load(&a->last))
		atomic_store(&a->out_of_order, 1);
	atomic_store(&a->last, (long)i);
	if (i >= atomic_load(&a->taken) + HZ_READ_AHEAD_FILES)
		atomic_store(&a->past_window, 1);
	atomic_fetch_add(&a->count[i], 1);
	if (a->dir) {
		path = malloc(strlen(a->dir) + 32);
		if (path)
			snprintf(path, strlen(a->dir) + 32, "%s/%zu", a->dir, i % 4);
	}
	return path;
}

static void asked_init(asked *a, const char *dir)
{
	for (size_t i = 0; i < NFILES; i++)
		atomic_init(&a->count[i], 0);
	atomic_init(&a->last, -1);
	atomic_init(&a->taken, 0);
	atomic_init(&a->out_of_order, 0);
	atomic_init(&a->past_window, 0);
	a->dir = dir;
}

/* Waits (up to 5 s) until the thread has asked for file want. */
static int wait_asked(asked *a, long want)
{
	const struct timespec ms = {0, 1000000};
	for (int k = 0; k < 5000; k++) {
		if (atomic_load(&a->last) >= want)
			return 1;
		nanosleep(&ms, NULL);
	}
	return 0;
}

static void take(hz_read_ahead *ra, asked *a, size_t i)
{
	atomic_store(&a->taken, i + 1);
	hz_read_ahead_taken(ra, i);
}

/* Files 0 .. n-1 taken in order, each once the thread has asked for the
 * files half a window past it: it keeps that much asked for, sleeping on a
 * full window and waking when half of it is taken.  Then stopped; each file
 * was asked once, in order, never past the window. */
static void take_all(hz_read_ahead *ra, asked *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		long want = (long)(i + HZ_READ_AHEAD_FILES / 2 - 1);
		assert_true(wait_asked(a, want < (long)n ? want : (long)n - 1));
		take(ra, a, i);
	}
	hz_read_ahead_stop(ra);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(atomic_load(&a->count[i]), 1);
	assert_int_equal(atomic_load(&a->out_of_order), 0);
	assert_int_equal(atomic_load(&a->past_window), 0);
}

static void test_window(void **state)
{
	static asked a;
	hz_read_ahead ra;
	(void)state;
	asked_init(&a, NULL);
	hz_read_ahead_start(&ra, NFILES, record, &a);
	take_all(&ra, &a, NFILES);
}

static void test_stop_midway(void **state)
{
	static asked a;
	hz_read_ahead ra;
	(void)state;
	asked_init(&a, NULL);
	hz_read_ahead_start(&ra, NFILES, record, &a);
	for (size_t i = 0; i < 10; i++)
		take(&ra, &a, i);
	/* the first window, then asleep: 10 taken is less than its half */
	assert_true(wait_asked(&a, HZ_READ_AHEAD_FILES - 1));
	hz_read_ahead_stop(&ra); /* woken by the stop */
	assert_true(atomic_load(&a.last) < (long)(10 + HZ_READ_AHEAD_FILES));
	assert_int_equal(atomic_load(&a.past_window), 0);
	/* nothing or one file: no thread, and stop is safe */
	hz_read_ahead_start(&ra, 0, record, &a);
	hz_read_ahead_stop(&ra);
	hz_read_ahead_start(&ra, 1, record, &a);
	hz_read_ahead_stop(&ra);
}

/* A FIFO with no writer blocks open(O_RDONLY) for ever: the read-ahead
 * must pass it (the alarm fails the test instead of hanging it). */
static void test_fifo_and_missing(void **state)
{
	static asked a;
	char dir[64], p[128];
	hz_read_ahead ra;
	FILE *f;
	(void)state;
	assert_int_equal(test_tmpdir_make(dir, sizeof(dir), "hz_read_ahead_"), 0);
	snprintf(p, sizeof(p), "%s/0", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("a form", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/1", dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	snprintf(p, sizeof(p), "%s/2", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	/* 3: missing */
	asked_init(&a, dir);
	alarm(20);
	hz_read_ahead_start(&ra, 200, record, &a);
	take_all(&ra, &a, 200);
	alarm(0);
	assert_int_equal(test_tmpdir_remove(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_stop_midway),
		cmocka_unit_test(test_fifo_and_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
