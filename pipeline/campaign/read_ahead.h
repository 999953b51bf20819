/*
 * Read-ahead for the reading pool (pool.c): while the workers parse one
 * file, the next ones are already on their way from the disk.
 *
 * A nightly run finds its inputs cold: they were read once the night
 * before, and the page cache has let them go since (on this project's
 * machine the kernel's DAMON pages idle memory out within minutes).  Then
 * every file costs the workers a wait for the device before any parsing:
 * 2,000 units read in 0.95 s cold against 0.57 s warm.  A thread here asks
 * the kernel (posix_fadvise WILLNEED) for up to HZ_READ_AHEAD_FILES files
 * past the last one a worker took, so their reads are in flight side by
 * side while the workers parse.  It only hints: a file it cannot open, or
 * a hint the kernel ignores, changes nothing but the time.
 */
#ifndef HZ_CAMPAIGN_READ_AHEAD_H
#define HZ_CAMPAIGN_READ_AHEAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* The path of file i, malloc'd (the read-ahead frees it), or NULL for a
 * file not to read ahead (a folder, a file already rejected). */
typedef char *(*hz_read_ahead_path_fn)(void *ctx, size_t i);

typedef struct hz_read_ahead {
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t moved;  /* taken reached wake_at, or stop was set */
	size_t n;              /* files 0 .. n-1, read in that order */
	size_t taken;          /* the workers have taken files below it */
	size_t wake_at;        /* while waiting: wake when taken reaches it */
	bool waiting;          /* the thread sleeps on moved */
	bool stop;
	hz_read_ahead_path_fn path_of;
	void *ctx;
} hz_read_ahead;

/* Starts the thread for files 0 .. n-1 (path_of(ctx, i) must be safe to
 * call from it while the workers run).  Without a thread the pool reads
 * as before. */
void hz_read_ahead_start(hz_read_ahead *ra, size_t n, hz_read_ahead_path_fn path_of, void *ctx);

/* A worker has taken file i: the window moves past it. */
void hz_read_ahead_taken(hz_read_ahead *ra, size_t i);

/* Stops and joins the thread; safe when it never started. */
void hz_read_ahead_stop(hz_read_ahead *ra);

#endif
